"""located_in beyond name nesting: bodies of a known place, verbs of location.

The gazetteer's containment is knowledge, not something an article asserts: naming 吴中区 and
苏州市 in one sentence does not say one lies in the other (the assembled graph carries it as
``within_division`` edges).

* ``区科技局`` / ``与街道X结对``: a body named with a bare level word sits in that place;
* ``X位于Y``, ``X被纳入Y``, ``X是Y的一处…``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..knowledge import lexicon
from ..knowledge.lexicon import alternation, own_place_levels, place_endings, words
from ..model import Entity, EntityType, RelationType, Sentence
from .anaphora import names_no_body
from .found import Found
from .structure import form_sentence
from .syntax import clause_start, group_before
from .view import ArticleView, Span, forms_of, place_level

__all__ = ["find_places", "own_level_bodies", "located_by_verb"]

ORG, PLACE = EntityType.ORGANISATION, EntityType.PLACE
_PLACE_AFTER_VERB = 4  # characters between 位于 and the place it names (位于美丽的X)
_SUBJECT_BEFORE_VERB = 8  # characters between the located body and 位于
_LEVEL_WORD_OPENERS = "与和及、,，为对在由同跟"  # 与街道X: the level word starts a phrase of its own


def find_places(view: ArticleView) -> Iterator[Found]:
    yield from own_level_bodies(view)
    yield from located_by_verb(view)
    yield from _is_part_of_place(view)


# --- 区科技局, 市工信局, 街道生态农旅党支部: a body of a place the reader knows ------------------
def own_level_bodies(view: ArticleView) -> Iterator[Found]:
    """A body named with a bare level word sits in the place of that level the reader knows.

    ``区科技局`` in an article about 吴中区 is 吴中区's; ``与街道生态农旅党支部结对`` names a
    body of the 街道 written last before it.
    """
    for entity in view.entities:
        if entity.type is not ORG or names_no_body(entity) or _owner_unit(view, entity):
            continue
        found = next(iter(_by_own_name(view, entity)), None) or next(
            iter(_by_word_before(view, entity)), None
        )
        if found is not None:
            yield found


def _by_own_name(view: ArticleView, entity: Entity) -> Iterator[Found]:
    for form in forms_of(entity):
        level = _bare_level(form)
        sentence, _ = form_sentence(view, entity, form)
        if level is None or sentence is None:
            continue
        place = _level_place(view, level, sentence.start)
        if place is not None:
            yield Found(
                entity.key, RelationType.LOCATED_IN, place.key, sentence, "located_in:own_level_body", True
            )


def _bare_level(form: str) -> str | None:
    for word, level in own_place_levels():
        if (
            form.startswith(word)
            and len(form) > len(word)
            and (form[len(word)] == "委" or not lexicon.is_dictionary_word(form[: len(word) + 1]))
        ):
            return level  # 区科技局, 市国资委, 市委; not 市政建设集团 (市政 is a word)
    return None


def _by_word_before(view: ArticleView, entity: Entity) -> Iterator[Found]:
    for span in view.spans_of(entity.key):
        for word, level in own_place_levels():
            before = view.text[max(0, span.start - len(word) - 1) : span.start]
            if before.endswith(word) and (len(before) == len(word) or before[0] in _LEVEL_WORD_OPENERS):
                place = _level_place(view, level, span.start)
                sentence = view.sentence_at(span.start)
                if place is not None and sentence is not None:
                    yield Found(
                        entity.key,
                        RelationType.LOCATED_IN,
                        place.key,
                        sentence,
                        "located_in:own_level_word",
                        True,
                    )


def _level_place(view: ArticleView, level: str, offset: int) -> Entity | None:
    """区/县/市: the article's own (most written) one; 街道/镇: the last one written before."""
    if level == "city":  # a municipality (天津市) is the city of 市委, 市国资委
        return view.main_place("city") or next(
            (p for p in [view.main_place("province")] if p is not None and _municipality(p)), None
        )
    if level == "district":
        return view.main_place(level)
    place = view.last_entity_before(offset, lambda e, s: e.type is PLACE and place_level(e) == level)
    return place or view.main_place(level)


def _municipality(place: Entity) -> bool:
    return any(f.endswith("市") for f in (place.name, *place.aliases))


def _owner_unit(view: ArticleView, entity: Entity) -> bool:
    """True for a party unit of another body of the article (区发改委党组 of 区发改委)."""
    for organ in words("party_organs"):
        if entity.name.endswith(organ) and view.entity_named(entity.name[: -len(organ)], (ORG,)):
            return True
    return False


# --- 位于, 地处, 纳入: a place or body lies in a place ------------------------------------
def located_by_verb(view: ArticleView) -> Iterator[Found]:
    pattern = re.compile(rf"(?:被)?(?:全域|整体)?(?:{alternation('located_verbs')})")
    for sentence in view.sentences:
        for match in pattern.finditer(sentence.text):
            yield from _located_around(
                view, sentence, sentence.start + match.start(), sentence.start + match.end()
            )


def _is_part_of_place(view: ArticleView) -> Iterator[Found]:
    """``国际大厦是苏州工业园区的一处写字楼``: X is a place of Y."""
    for sentence in view.sentences:
        spans = view.spans_in(sentence.start, sentence.end, (ORG, PLACE))
        for x, y in zip(spans, spans[1:]):
            if (
                y.type is PLACE
                and view.text[x.end : y.start] == "是"
                and view.text[y.end : y.end + 3].startswith(("的一", "的"))
            ):
                yield Found(x.key, RelationType.LOCATED_IN, y.key, sentence, "located_in:is_a_place_of")


def _name_ends(view: ArticleView, span: Span) -> bool:
    """False when the text runs on into a longer name (长三角 of an untagged 长三角…示范区).

    A name ending in a kind of place (…示范区, …镇) is complete even when text follows.
    """
    following = view.text[span.end : span.end + 1]
    if not following or not ("\u4e00" <= following <= "\u9fff") or following in "的和与及内中里等":
        return True
    return span.text.endswith(place_endings("complete"))


def _located_around(view: ArticleView, sentence: Sentence, verb_start: int, verb_end: int) -> Iterator[Found]:
    start = clause_start(view, verb_start, sentence.start)
    before = view.spans_in(start, verb_start, (ORG, PLACE))
    after = view.spans_in(verb_end, sentence.end, (PLACE,))
    if (
        not before
        or not after
        or after[0].start - verb_end > _PLACE_AFTER_VERB
        or not _name_ends(view, after[0])
    ):
        return
    if verb_start - before[-1].end > _SUBJECT_BEFORE_VERB:
        return
    for inner in group_before(view, before, len(before) - 1):
        if inner.key != after[0].key:
            yield Found(inner.key, RelationType.LOCATED_IN, after[0].key, sentence, "located_in:verb")
