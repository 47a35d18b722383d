"""sub_organisation_of and located_in: how names nest, what the gazetteer says, where bodies sit.

A name written as other names plus a rest tells the nesting: ``苏州市姑苏区盘门片区管理办党委``
is read as 苏州市 > 姑苏区 > 盘门片区管理办 > (the 党委): a place holds the next place or
body, a body holds the next body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..knowledge.lexicon import alternation, company_suffixes, country_forms, pairs, place_endings, words
from ..model import Entity, EntityType, RelationType, Sentence
from .anaphora import names_no_body
from .found import Found
from .syntax import clause_start
from .text import strip_quotes
from .view import LEVELS, ArticleView, Span, forms_of, place_level

__all__ = ["find_structure", "name_nesting", "adjacent_nesting", "set_up_units", "form_sentence"]

ORG, PLACE = EntityType.ORGANISATION, EntityType.PLACE
_BELONGING_GAP = 1  # characters between a body and 所属 / 所属 and its unit (所属的)
_SET_UP_GAP = 3  # characters between 成立 and the unit it sets up
_COORDINATION = "和与及、,，"


def find_structure(view: ArticleView) -> Iterator[Found]:
    nested = [*name_nesting(view), *adjacent_nesting(view)]
    yield from nested
    yield from _parent_body_places(view, nested)
    yield from set_up_units(view)
    yield from belonging_units(view)


# --- 天津城投集团所属城市更新公司: a word of belonging between two bodies -----------------------
def belonging_units(view: ArticleView) -> Iterator[Found]:
    sides = dict(pairs("belonging_words"))
    pattern = re.compile(alternation("belonging_words"))
    for sentence in view.sentences:
        spans = view.spans_in(sentence.start, sentence.end, (ORG,))
        for match in pattern.finditer(view.text, sentence.start, sentence.end):
            before = [s for s in spans if s.end <= match.start() and match.start() - s.end <= _BELONGING_GAP]
            after = [s for s in spans if s.start >= match.end() and s.start - match.end() <= _BELONGING_GAP]
            if not before or not after:
                continue
            parent, unit = (
                (before[-1], after[0]) if sides[match.group(0)] == ("after",) else (after[0], before[-1])
            )
            # the unit is the outermost body its span writes (所属城市更新公司党总支 -> 城市更新公司)
            outer = next((e for e in view.written_entities(unit) if e.type is ORG), unit.entity)
            inner = view.written_entities(parent)[-1]
            if outer.key != inner.key:
                yield Found(
                    outer.key,
                    RelationType.SUB_ORGANISATION_OF,
                    inner.key,
                    sentence,
                    "sub_organisation_of:belonging_word",
                )


# --- nesting of written names -------------------------------------------------------
def name_nesting(view: ArticleView) -> Iterator[Found]:
    for entity in view.entities:
        if entity.type not in (ORG, PLACE) or names_no_body(entity):
            continue
        for form in _written_forms(view, entity):
            pieces, rest = view.decompose(form, own_key=entity.key)
            if not pieces or not rest or _same_thing(pieces, rest) or _coordinated(rest):
                continue
            sentence, by_context = form_sentence(view, entity, form)
            if sentence is None:
                continue
            for inner, outer in _links([*pieces, entity]):
                found = _nesting(inner, outer, sentence, by_context)
                if found is not None:
                    yield found


def adjacent_nesting(view: ArticleView) -> Iterator[Found]:
    """Names written one right after the other (``杭州市滨江区长河街道`` as three mentions)."""
    for sentence in view.sentences:
        spans = view.spans_in(sentence.start, sentence.end, (ORG, PLACE))
        run: list[Span] = []
        for span in spans:
            if run and view.text[run[-1].end : span.start] != "":
                yield from _chain_links(view, run, sentence)
                run = []
            run.append(span)
        yield from _chain_links(view, run, sentence)


def _chain_links(view: ArticleView, run: list[Span], sentence: Sentence) -> Iterator[Found]:
    if len(run) < 2:
        return
    chain = [e for span in run for e in view.written_entities(span)]
    for inner, outer in _links(chain):
        found = _nesting(inner, outer, sentence, False)
        if found is not None:
            yield found


def _coordinated(rest: str) -> bool:
    """``吉林省委和省政府``, ``市委组织部会同市国资委``: two bodies side by side, not one in the other."""
    return rest[0] in _COORDINATION or any(rest.startswith(w) for w in words("connectors") if len(w) > 1)


def _same_thing(pieces: list[Entity], rest: str) -> bool:
    """``亨通`` + ``集团``, ``黎里`` + ``镇``: a name plus its own kind word names the same thing."""
    if len(pieces) != 1:
        return False
    kinds = {*company_suffixes(), *place_endings("same-thing")}
    return strip_quotes(rest) in kinds


def _written_forms(view: ArticleView, entity: Entity) -> list[str]:
    written = {s.text for s in view.spans_of(entity.key)}
    return sorted(written | set(forms_of(entity)), key=lambda f: (-len(f), f))


def form_sentence(view: ArticleView, entity: Entity, form: str) -> tuple[Sentence | None, bool]:
    """The first sentence writing ``form``; else the entity's first sentence, by context."""
    for sentence in view.sentences:
        if form in sentence.text:
            return sentence, False
    return view.first_sentence_of(entity.key), True


def _links(chain: list[Entity]) -> Iterator[tuple[Entity, Entity]]:
    """(inner, outer) pairs: each element with the nearest place and the nearest body before it.

    A place is linked only when no body stands between (``盘门片区管理办党委`` sits where its
    管理办 sits, see ``_parent_body_places``); a place named after a body (``苏州大学未来校区``)
    is not placed by the name.
    """
    for i, inner in enumerate(chain):
        if inner.type is PLACE and any(e.type is ORG for e in chain[:i]):
            continue
        wanted = {PLACE, ORG} if inner.type is ORG else {PLACE}
        for outer in reversed(chain[:i]):
            if outer.type in wanted and outer.key != inner.key:
                yield inner, outer
                wanted.discard(outer.type)
            if outer.type is ORG:
                wanted.discard(PLACE)
            if not wanted:
                break


def _nesting(inner: Entity, outer: Entity, sentence: Sentence, by_context: bool) -> Found | None:
    if outer.type is PLACE and inner.type is PLACE and _ranked_below(inner, outer):
        return Found(
            inner.key, RelationType.LOCATED_IN, outer.key, sentence, "located_in:name_nesting", by_context
        )
    if outer.type is PLACE and inner.type is ORG and not _country(outer):
        # (中国共产党, 中国外交部: a national body is named after the country, not placed in it)
        return Found(
            inner.key, RelationType.LOCATED_IN, outer.key, sentence, "located_in:name_nesting", by_context
        )
    if outer.type is ORG and inner.type is ORG:
        return Found(
            inner.key,
            RelationType.SUB_ORGANISATION_OF,
            outer.key,
            sentence,
            "sub_organisation_of:name_nesting",
            by_context,
        )
    return None


def _country(place: Entity) -> bool:
    names = set(country_forms()) | set(country_forms().values())
    return place.name in names or any(a in names for a in place.aliases)


def _ranked_below(inner: Entity, outer: Entity) -> bool:
    """Levels allow the nesting; two places of unknown level (a region, a river) never nest."""
    a, b = place_level(inner), place_level(outer)
    if a is None and b is None:
        return False
    return a is None or b is None or LEVELS.index(a) > LEVELS.index(b)


def _parent_body_places(view: ArticleView, nested: list[Found]) -> Iterator[Found]:
    """A unit of a public body sits where that body sits (苏州市委组织部 -> 苏州市)."""
    place_of = {f.head: f for f in nested if f.relation is RelationType.LOCATED_IN}
    for found in nested:
        if found.relation is not RelationType.SUB_ORGANISATION_OF or found.head in place_of:
            continue
        parent = view.by_key.get(found.tail)
        where = place_of.get(found.tail)
        unit = view.by_key.get(found.head)
        if (
            parent is None
            or where is None
            or _is_company(parent)
            or (unit is not None and _own_place(view, unit))
        ):
            continue
        yield Found(
            found.head,
            RelationType.LOCATED_IN,
            where.tail,
            found.sentence,
            "located_in:parent_body",
            found.by_context,
        )


def _own_place(view: ArticleView, unit: Entity) -> bool:
    """怀化公安处 of 广州铁路公安局: a unit named by a place of its own is not where its parent is."""
    pieces, _ = view.decompose(unit.name, own_key=unit.key)
    return bool(pieces) and pieces[0].type is PLACE


def _is_company(entity: Entity) -> bool:
    if entity.subtype == "company":
        return True
    return any(f.endswith(s) for f in forms_of(entity) for s in company_suffixes())


# --- 成立“…”行动支部: a body sets up a unit of its own --------------------------------------
def set_up_units(view: ArticleView) -> Iterator[Found]:
    pattern = re.compile(alternation("set_up_verbs"))
    for sentence in view.sentences:
        for match in pattern.finditer(sentence.text):
            verb_start = sentence.start + match.start()
            unit = _unit_after(view, sentence, sentence.start + match.end())
            owner = _owner_before(view, sentence, verb_start)
            if unit is not None and owner is not None and unit.key != owner.key:
                yield Found(
                    unit.key,
                    RelationType.SUB_ORGANISATION_OF,
                    owner.key,
                    sentence,
                    "sub_organisation_of:set_up",
                )


def _unit_after(view: ArticleView, sentence: Sentence, offset: int) -> Span | None:
    spans = view.spans_in(offset, sentence.end)
    if not spans or spans[0].type is not ORG or spans[0].start - offset > _SET_UP_GAP:
        return None
    if not any(spans[0].entity.name.endswith(o) for o in words("party_organs")):
        return None
    return spans[0]


def _owner_before(view: ArticleView, sentence: Sentence, verb_start: int) -> Span | None:
    start = clause_start(view, verb_start, sentence.start)
    spans = view.spans_in(start, verb_start)
    if not spans or spans[0].type is not ORG:
        return None
    # The owner is the clause subject, and no other body stands between it and the verb.
    if any(s.type is ORG for s in spans[1:]):
        return None
    return spans[0]
