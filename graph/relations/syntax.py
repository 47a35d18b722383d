"""Shallow syntax on entity spans: clauses, coordinated groups and clause subjects.

Chinese news sentences chain clauses with commas under one subject
(``吴江区人社局实施A,成立B``), so a clause here runs from the last ``。;`` (or the
last ``介绍,`` of a quoted speaker) to the point of interest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ..knowledge.lexicon import alternation, words
from ..model import EntityType
from .text import CLAUSE_END, strip_quotes
from .view import ArticleView, Span

__all__ = ["clause_start", "group_before", "group_after", "subject_group", "verb_between"]

_ACTORS = (EntityType.ORGANISATION, EntityType.PLACE)
# ``A、中国移动、B``: a list item no entity covers still keeps the list together.
_UNTAGGED_ITEM = re.compile(r"^、[^\s,，。;；:：、]{1,8}、$")


@lru_cache(maxsize=1)
def _speech_break() -> re.Pattern:
    return re.compile(rf"(?:{alternation('speech_verbs')})[,，:：]")


def clause_start(view: ArticleView, offset: int, floor: int) -> int:
    """Where the clause holding ``offset`` starts (never before ``floor``)."""
    i = offset
    while i > floor and view.text[i - 1] not in CLAUSE_END:
        i -= 1
    last_speech = None
    for match in _speech_break().finditer(view.text, i, offset):
        last_speech = match.end()
    return last_speech if last_speech is not None else i


def _joins(gap: str) -> str | None:
    """ "member" when ``gap`` joins two coordinated spans, "qualifier" when they are adjacent."""
    core = strip_quotes(gap).strip(",，()（）")
    if core == "" and strip_quotes(gap) == "":
        return "qualifier"
    if core == "" or core in words("connectors") or _UNTAGGED_ITEM.match(gap):
        return "member"
    return None


def group_before(view: ArticleView, spans: list[Span], index: int) -> list[Span]:
    """The coordinated group ending with ``spans[index]`` (``A、B和C``), in text order.

    A span written right before another (``上海青浦区``) qualifies it and is left out.
    """
    members = [spans[index]]
    i = index
    while i > 0:
        kind = _joins(view.text[spans[i - 1].end : spans[i].start])
        if kind is None:
            break
        if kind == "member":
            members.append(spans[i - 1])
        i -= 1
    return sorted(set(members), key=lambda s: s.start)


def group_after(view: ArticleView, spans: list[Span], index: int) -> list[Span]:
    """The coordinated group starting with ``spans[index]``, in text order."""
    members = [spans[index]]
    for i in range(index + 1, len(spans)):
        kind = _joins(view.text[spans[i - 1].end : spans[i].start])
        if kind is None:
            break
        if kind == "qualifier":
            members[-1] = spans[i]
        else:
            members.append(spans[i])
    return members


def subject_group(
    view: ArticleView, start: int, end: int, types: Iterable[EntityType] = _ACTORS
) -> list[Span]:
    """The first coordinated group of ``types`` spans in ``text[start:end]`` that can be a subject.

    A span after a preposition (``以亨通集团党委…为蓝本``) or followed by ``的`` (``漫山岛的蝶变``)
    is not the subject; the search goes on after it.
    """
    spans = view.spans_in(start, end, types)
    i = 0
    while i < len(spans):
        group = group_after(view, spans, i)
        last = group[-1]
        if not _governed(view, start, group[0].start) and view.text[last.end : last.end + 1] != "的":
            return group
        i = spans.index(last) + 1
    return []


def _governed(view: ArticleView, start: int, offset: int) -> bool:
    """True when a preposition opens the comma clause that holds ``offset``."""
    for i in range(offset - 1, start - 1, -1):
        if view.text[i] in ",，":
            start = i + 1
            break
    return re.search(alternation("prepositions"), view.text[start:offset]) is not None


def verb_between(view: ArticleView, start: int, end: int, word_list: str) -> re.Match | None:
    """The last word of ``word_list`` written in ``text[start:end]``."""
    found = None
    for match in re.finditer(alternation(word_list), view.text[start:end]):
        found = match
    return found
