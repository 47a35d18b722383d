"""partner_of and member_of: bodies that pair up, and bodies that join or form something.

* ``A与B、C结对`` / ``A联合B、C开展…``: A is a partner of B and of C;
* ``由A、B等组成的X`` / ``A、B…加入了X``: A and B are members of X, and partners of
  each other (they stand in one alliance together).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import combinations

from ..knowledge.lexicon import alternation, place_endings, words
from ..model import EntityType, RelationType, Sentence
from .found import Found
from .syntax import clause_start, group_after, group_before
from .text import CLAUSE_END, strip_quotes
from .view import ArticleView, Span

__all__ = ["find_partners", "find_members"]

ORG = EntityType.ORGANISATION
_TARGETS = (EntityType.ORGANISATION, EntityType.PROGRAMME)
_MAX_GAP_TO_VERB = 25
_MAX_GAP_TO_TARGET = 15
_JOINT_GAP = 2  # characters between a body and 联合/携手 (and between them and the next body)


@lru_cache(maxsize=1)
def _pairing_marker() -> re.Pattern:
    """与B结对 / 与街道B结对: the word before the partners, maybe with a bare level word."""
    levels = "|".join(re.escape(w) for w in place_endings("partner"))
    return re.compile(rf"[与同和跟](?:该?(?:{levels}))?$")


def find_partners(view: ArticleView) -> Iterator[Found]:
    for sentence in view.sentences:
        yield from _paired_with(view, sentence)
        yield from _joined_by(view, sentence)


def find_members(view: ArticleView) -> Iterator[Found]:
    for sentence in view.sentences:
        for members, target, rule in _memberships(view, sentence):
            for member in members:
                if member.key != target.key:
                    yield Found(member.key, RelationType.MEMBER_OF, target.key, sentence, rule)
            if _is_alliance(target):
                for a, b in combinations(sorted({m.key for m in members} - {target.key}), 2):
                    yield Found(a, RelationType.PARTNER_OF, b, sentence, "partner_of:same_alliance")


def _is_alliance(target: Span) -> bool:
    forms = (target.entity.name, *target.entity.aliases, target.text)
    return any(strip_quotes(f).endswith(w) for f in forms for w in words("alliance_words"))


# --- A与B结对 -------------------------------------------------------------------------------
def _paired_with(view: ArticleView, sentence: Sentence) -> Iterator[Found]:
    verbs = re.compile(rf"(?:{alternation('partner_verbs')})")
    for match in verbs.finditer(sentence.text):
        verb = sentence.start + match.start()
        start = clause_start(view, verb, sentence.start)
        orgs = view.spans_in(start, verb, (ORG,))
        if len(orgs) < 2 or verb - orgs[-1].end > 8:
            continue
        partners = group_before(view, orgs, len(orgs) - 1)
        marker = view.text[max(start, partners[0].start - 6) : partners[0].start]
        subject = orgs[0] if orgs[0] not in partners else None
        if subject is not None and _pairing_marker().search(marker):
            for other in partners:
                yield Found(
                    subject.key, RelationType.PARTNER_OF, other.key, sentence, "partner_of:paired_with"
                )
        elif len(partners) >= 2 and subject is None:
            for a, b in combinations(partners, 2):
                yield Found(a.key, RelationType.PARTNER_OF, b.key, sentence, "partner_of:paired_group")


def _joined_by(view: ArticleView, sentence: Sentence) -> Iterator[Found]:
    """``新华日报联合A、B等开展…``: the body before 联合/携手 partners each one after it."""
    for match in re.finditer(alternation("connectors", "joint"), sentence.text):
        offset = sentence.start + match.start()
        before = view.spans_in(sentence.start, offset, (ORG,))
        after = view.spans_in(offset + len(match.group()), sentence.end, (ORG,))
        if (
            not before
            or not after
            or offset - before[-1].end > _JOINT_GAP
            or after[0].start - (offset + len(match.group())) > _JOINT_GAP
        ):
            continue
        for other in group_after(view, after, 0):
            yield Found(before[-1].key, RelationType.PARTNER_OF, other.key, sentence, "partner_of:joined_by")


# --- members -----------------------------------------------------------------------------------
def _memberships(view: ArticleView, sentence: Sentence) -> Iterator[tuple[list[Span], Span, str]]:
    yield from _formed_by(view, sentence)
    yield from _joining(view, sentence)


def _formed_by(view: ArticleView, sentence: Sentence) -> Iterator[tuple[list[Span], Span, str]]:
    """``由A、B等…组成的X``, or ``X…,由A、B等多个单位组建``."""
    pattern = re.compile(rf"由(?P<members>[^。;；]{{2,80}}?)(?:{alternation('form_verbs')})")
    for match in pattern.finditer(sentence.text):
        start = sentence.start + match.start("members")
        end = sentence.start + match.end("members")
        members = view.spans_in(start, end, (ORG,))
        verb_end = sentence.start + match.end()
        target = _target_after(view, sentence, verb_end) or _subject_before(view, sentence, start)
        if members and target is not None:
            yield members, target, "member_of:formed_by"


def _target_after(view: ArticleView, sentence: Sentence, offset: int) -> Span | None:
    spans = view.spans_in(offset, sentence.end, _TARGETS)
    if not spans or spans[0].start - offset > _MAX_GAP_TO_TARGET:
        return None
    if any(ch in CLAUSE_END or ch in ",，" for ch in view.text[offset : spans[0].start]):
        return None
    return spans[0]


def _subject_before(view: ArticleView, sentence: Sentence, offset: int) -> Span | None:
    start = clause_start(view, offset, sentence.start)
    spans = view.spans_in(start, offset)
    if spans and spans[0].type in _TARGETS and view.text[offset - 2 : offset - 1] in ",，":
        return spans[0]
    return None


def _joining(view: ArticleView, sentence: Sentence) -> Iterator[tuple[list[Span], Span, str]]:
    """``A、B……越来越多企业的党组织加入了X``."""
    for match in re.finditer(alternation("join_verbs"), sentence.text):
        verb = sentence.start + match.start()
        start = clause_start(view, verb, sentence.start)
        orgs = view.spans_in(start, verb, (ORG,))
        if not orgs or verb - orgs[-1].end > _MAX_GAP_TO_VERB or _has_comma(view.text[orgs[-1].end : verb]):
            continue
        target = _target_after_join(view, sentence, sentence.start + match.end())
        if target is not None and _joinable(target):
            yield group_before(view, orgs, len(orgs) - 1), target, "member_of:joins"


def _has_comma(text: str) -> bool:
    return "," in text or "，" in text


def _joinable(target: Span) -> bool:
    """A programme, an alliance or a party unit can be joined; joining a company is a career move."""
    if target.type is EntityType.PROGRAMME or _is_alliance(target):
        return True
    return any(target.entity.name.endswith(o) for o in words("party_organs"))


def _target_after_join(view: ArticleView, sentence: Sentence, offset: int) -> Span | None:
    for span in view.spans_in(offset, sentence.end):
        if span.start - offset > _MAX_GAP_TO_TARGET or any(
            ch in CLAUSE_END or ch in ",，" for ch in view.text[offset : span.start]
        ):
            return None
        if span.type in _TARGETS:
            return span
    return None
