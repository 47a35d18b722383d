"""Generic bodies and anaphors: ``该镇党委``, ``集团党委``, ``社区党委``, ``董事局`` name no body.

Such a phrase points back to a place or body named shortly before (``该镇`` -> the town
named last).  The referent is searched within a few sentences only: a company named
three paragraphs earlier is not what ``公司`` means.
"""

from __future__ import annotations

from functools import lru_cache

from ..knowledge.lexicon import level_words, pairs, words
from ..model import Entity, EntityType
from .text import strip_quotes
from .view import ArticleView

__all__ = ["generic_parts", "names_no_body", "referent", "SENTENCES_BACK"]

SENTENCES_BACK = 3
_ACTORS = (EntityType.ORGANISATION, EntityType.PLACE)


@lru_cache(maxsize=1)
def _heads() -> tuple[tuple[str, tuple[str, ...]], ...]:
    heads = [*pairs("anaphors"), *((w, (w,)) for w in level_words())]
    return tuple(sorted(heads, key=lambda h: (-len(h[0]), h[0])))


@lru_cache(maxsize=1)
def _organs() -> frozenset[str]:
    return frozenset(words("party_organs")) | frozenset(words("body_organs"))


@lru_cache(maxsize=16384)
def generic_parts(name: str) -> tuple[str, str] | None:
    """(head word, organ) when ``name`` is only an anaphor or level word and an organ.

    >>> generic_parts("该镇党委"), generic_parts("董事局"), generic_parts("桃源镇党委")
    (('该镇', '党委'), ('', '董事局'), None)
    """
    name = strip_quotes(name)
    organs = _organs()
    for head, _ in [*_heads(), ("", ())]:
        if not name.startswith(head):
            continue
        rest = name[len(head) :]
        if (rest == "" and head) or rest in organs:
            return head, rest
    return None


def names_no_body(entity: Entity) -> bool:
    """An actor named only by an anaphor or a level word and an organ (该镇党委, 社区党委): no body."""
    return entity.type in _ACTORS and generic_parts(entity.name) is not None


def referent(view: ArticleView, offset: int, head: str) -> Entity | None:
    """The place or body ``head`` (该镇, 集团, 社区) points back to from ``offset``."""
    endings = next((e for h, e in _heads() if h == head), ())
    if not endings:
        return None
    floor = view.window_start(offset, SENTENCES_BACK)

    def names_it(entity: Entity, span) -> bool:
        return (
            entity.type in _ACTORS
            and not names_no_body(entity)
            and any(f.endswith(e) for f in (entity.name, *entity.aliases) for e in endings)
        )

    return view.last_entity_before(offset, names_it, floor)
