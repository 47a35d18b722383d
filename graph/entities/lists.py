"""Enumerations: an untyped item of a 、-list whose other items are all one type takes that type.

黎里、金泽、朱家角、西塘 (金泽 untagged) and 恒力、盛虹、亨通、通鼎等 (通鼎 untagged) list
names of one kind; an item joins only when it is one noun-like LAC word.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

from ..knowledge import lexicon
from ..knowledge.postags import LIST_ITEMS
from ..model import EntityType, Token
from .candidates import Candidate

__all__ = ["list_candidates"]

_LISTED_TYPES = (EntityType.PLACE, EntityType.ORGANISATION)


def _lists(tokens: Sequence[Token]) -> Iterator[list[list[Token]]]:
    """Runs of items separated by 、 (each item a list of tokens)."""
    items: list[list[Token]] = [[]]
    for token in tokens:
        if token.text == "、" or (token.text in ("和", "及") and len(items) >= 2 and items[-1]):
            items.append([])  # 甲、乙和丙: 和 before the last item joins it to the list
        elif token.pos == "w" or token.text in ("等", "和", "及"):
            if len(items) >= 3:
                yield [i for i in items if i]
            items = [[]]
        else:
            items[-1].append(token)
    if len(items) >= 3:
        yield [i for i in items if i]


def list_candidates(tokens: Sequence[Token], found: Sequence[Candidate]) -> Iterator[Candidate]:
    exact: dict[tuple[int, int], EntityType] | None = None
    for items in _lists(tokens):
        if exact is None:  # built only for a sentence that has a list: most have none
            exact = {(c.start, c.end): c.type for c in found}
        spans = [(item[0].start, item[-1].end) for item in items]
        types = Counter(exact[s] for s in spans if s in exact)
        if len(types) != 1 or sum(types.values()) < 2:
            continue
        kind = next(iter(types))
        if kind not in _LISTED_TYPES:
            continue
        for item, span in zip(items, spans):
            if span not in exact and _joins(item):
                yield Candidate(span[0], span[1], kind, None, f"{kind.value.lower()}.list")


def _joins(item: list[Token]) -> bool:
    if len(item) != 1:
        return False
    token = item[0]
    return (
        token.pos in LIST_ITEMS
        and 2 <= len(token.text) <= 6
        and token.text not in lexicon.generic_nouns()
        and not any(ch.isdigit() for ch in token.text)
    )
