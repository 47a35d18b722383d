"""One article seen by the relation rules: entity spans by sentence, name forms, context.

The entity stage gives mentions; a rule also needs every place an entity's name or
alias is written (a short form the tagger missed), the sentence of each span, and
the article's context (its main place, the company named last).  ``ArticleView``
computes these once per article and never changes its input.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..knowledge.lexicon import LEVELS, country_forms, level_endings
from ..model import Document, Entity, EntityType, Sentence
from .text import QUOTES

__all__ = ["Span", "ArticleView", "place_level", "LEVELS"]

# 本报崇仁讯 / 崇仁讯 opening the body: the place the article reports from
_DATELINE = re.compile(r"(?:本报)?([\u4e00-\u9fff]{2,6}?)讯")


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    return frozenset(country_forms().values()) | frozenset(country_forms())


_NUMBERED_PART = re.compile(r"[一二三四五六七八九十0-9]+[区片组]$")  # 莫舍社区二区: a part, not a district


@dataclass(frozen=True)
class Span:
    """An entity written at ``text[start:end]``."""

    start: int
    end: int
    text: str
    entity: Entity

    @property
    def key(self) -> str:
        return self.entity.key

    @property
    def type(self) -> EntityType:
        return self.entity.type


def place_level(entity: Entity) -> str | None:
    """province / city / district / town / community / village, from subtype or name ending.

    The endings and their levels are ``lexicon.level_endings()`` (place_endings.txt); zones
    (片区, 园区, 示范区 …) have no level of their own: they say nothing about nesting.
    """
    if entity.type is not EntityType.PLACE:
        return None
    if entity.subtype in LEVELS:
        return entity.subtype
    for form in (entity.name, *sorted(entity.aliases, key=len, reverse=True)):
        if _NUMBERED_PART.search(form):
            return None
        for ending, level in level_endings():
            if form.endswith(ending) and len(form) > len(ending):
                return level
    return None


def forms_of(entity: Entity) -> tuple[str, ...]:
    """The name and aliases of ``entity``, two characters or longer, longest first."""
    forms = {entity.name, *entity.aliases}
    return tuple(sorted((f for f in forms if len(f) >= 2), key=lambda f: (-len(f), f)))


class ArticleView:
    """Spans, sentences and context of one article, for the relation rules."""

    def __init__(self, doc: Document, sentences: Sequence[Sentence], entities: Sequence[Entity]):
        self.doc = doc
        self.text = doc.text
        self.sentences = tuple(sorted(sentences, key=lambda s: s.start))
        self.entities = tuple(sorted(entities, key=lambda e: e.key))
        self.by_key = {e.key: e for e in self.entities}
        self._starts = [s.start for s in self.sentences]

    # --- spans ------------------------------------------------------------------
    @cached_property
    def spans(self) -> tuple[Span, ...]:
        """Non-overlapping entity spans in text order, each inside one sentence.

        Given mentions and written name forms compete; the longest wins an overlap.
        """
        taken: list[Span] = []
        covered = bytearray(len(self.text))  # 1 where a taken span lies: overlap test in C, not O(n^2)
        for _, span in sorted(self._candidate_spans(), key=_span_priority):
            sentence = self.sentence_at(span.start)
            if sentence is None or span.end > sentence.end:
                continue
            if covered.find(1, span.start, span.end) < 0:
                taken.append(span)
                covered[span.start : span.end] = b"\x01" * (span.end - span.start)
        return tuple(sorted(taken, key=lambda s: (s.start, s.end, s.key)))

    def _candidate_spans(self) -> Iterable[tuple[int, Span]]:
        for entity in self.entities:
            for doc_id, m in entity.mentions:
                if (
                    doc_id == self.doc.doc_id
                    and 0 <= m.start < m.end <= len(self.text)
                    and self.text[m.start : m.end] == m.text
                ):
                    yield 0, Span(m.start, m.end, m.text, entity)
        for form, entity in self.forms.items():
            start = self.text.find(form)
            while start >= 0:
                yield 1, Span(start, start + len(form), form, entity)
                start = self.text.find(form, start + 1)

    @cached_property
    def forms(self) -> dict[str, Entity]:
        """Every written form of every entity; a form shared by two entities goes to the first key."""
        table: dict[str, Entity] = {}
        for entity in self.entities:
            for form in forms_of(entity):
                table.setdefault(form, entity)
        return table

    @cached_property
    def _span_starts(self) -> list[int]:
        return [s.start for s in self.spans]

    def spans_in(self, start: int, end: int, types: Iterable[EntityType] | None = None) -> list[Span]:
        """Spans lying inside ``text[start:end]`` (of ``types`` when given), in text order."""
        wanted = set(types) if types is not None else None
        out = []
        for i in range(bisect.bisect_left(self._span_starts, start), len(self.spans)):
            span = self.spans[i]
            if span.start >= end:
                break
            if span.end <= end and (wanted is None or span.type in wanted):
                out.append(span)
        return out

    def spans_of(self, key: str) -> list[Span]:
        return list(self._spans_by_key.get(key, ()))

    @cached_property
    def _spans_by_key(self) -> dict[str, list[Span]]:
        by_key: dict[str, list[Span]] = {}
        for span in self.spans:
            by_key.setdefault(span.key, []).append(span)
        return by_key

    # --- sentences ----------------------------------------------------------------
    def sentence_at(self, offset: int) -> Sentence | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def first_sentence_of(self, key: str) -> Sentence | None:
        for span in self.spans_of(key):
            sentence = self.sentence_at(span.start)
            if sentence is not None:
                return sentence
        return None

    def sentence_with(self, *keys: str) -> Sentence | None:
        """The first sentence in which every one of ``keys`` has a span."""
        for sentence in self.sentences:
            inside = {s.key for s in self.spans_in(sentence.start, sentence.end)}
            if all(k in inside for k in keys):
                return sentence
        return None

    # --- names --------------------------------------------------------------------
    def decompose(self, text: str, *, own_key: str | None = None) -> tuple[list[Entity], str]:
        """Split ``text`` into entity forms read from the left (longest first), and the rest.

        ``苏州市姑苏区盘门片区管理办党委`` -> [苏州市, 姑苏区, 盘门片区管理办], ``党委`` when
        those three are entities of the article; ``own_key``'s forms are never used.
        """
        pieces: list[Entity] = []
        i = 0
        while i < len(text):
            while i < len(text) and text[i] in QUOTES + "的":
                i += 1
            match = self.form_at(text, i, own_key)
            if match is None:
                break
            pieces.append(match[1])
            i += len(match[0])
        return pieces, text[i:]

    def form_at(self, text: str, i: int, own_key: str | None) -> tuple[str, Entity] | None:
        for length in range(min(len(text) - i, 40), 1, -1):
            entity = self.forms.get(text[i : i + length])
            if entity is not None and entity.key != own_key:
                return text[i : i + length], entity
        return None

    def entity_named(self, name: str, types: Iterable[EntityType] | None = None) -> Entity | None:
        entity = self.forms.get(name)
        if entity is None or (types is not None and entity.type not in set(types)):
            return None
        return entity

    # --- context --------------------------------------------------------------------
    @cached_property
    def span_counts(self) -> Counter:
        return Counter(s.key for s in self.spans)

    def main_place(self, level: str | None = None) -> Entity | None:
        """The most written place of the article (of ``level`` when given)."""
        places = [
            e
            for e in self.entities
            if e.type is EntityType.PLACE
            and self.span_counts[e.key]
            and (level is None or place_level(e) == level)
        ]
        if level is None:
            places = [e for e in places if place_level(e) in ("city", "district", "town")] or places
        if not places:
            return None
        return min(places, key=lambda e: (-self.span_counts[e.key], e.key))

    @cached_property
    def subject(self) -> Entity | None:
        """The place or body the article is about: the innermost of the names its headline
        opens with (陕西咸阳 -> 咸阳, 浙江省金华市民政局 -> 金华市民政局), if the body writes it;
        else the place of its dateline (本报崇仁讯 -> 崇仁县); else a place the article writes
        far more often than any other; else None (an article about many places has no subject)."""
        subject = self._headline_subject() or self._dateline_subject() or self._dominant_place()
        # a country is no local subject: an article about national policy runs no local programmes
        return None if subject is not None and subject.name in _countries() else subject

    def _headline_subject(self) -> Entity | None:
        title = self.doc.meta.title or ""
        chain: list[Entity] = []
        i = 0
        while i < len(title):
            match = self.form_at(title, i, None)
            if match is not None and match[1].type in (EntityType.PLACE, EntityType.ORGANISATION):
                chain.append(match[1])
                i += len(match[0])
                continue
            if chain:
                break
            i += 1
        body_start = self._body_start
        written = [e for e in chain if any(s.start >= body_start for s in self.spans_of(e.key))]
        return written[-1] if written else None

    @property
    def _body_start(self) -> int:
        return self.doc.headline_end

    def _dominant_place(self) -> Entity | None:
        counts = sorted(
            (
                (self.span_counts[e.key], e.key)
                for e in self.entities
                if e.type is EntityType.PLACE and self.span_counts[e.key]
            ),
            reverse=True,
        )
        if not counts or (len(counts) > 1 and (counts[0][0] < 2 or counts[0][0] < 2 * counts[1][0])):
            return None  # the only place, or one written at least twice as often as any other
        return self.by_key[counts[0][1]]

    def _dateline_subject(self) -> Entity | None:
        match = _DATELINE.match(self.text, self._body_start)
        if match is None:
            return None
        place = self.forms.get(match.group(1))
        if place is None:
            place = next(
                (
                    e
                    for f, e in self.forms.items()
                    if e.type is EntityType.PLACE and f.startswith(match.group(1))
                ),
                None,
            )
        return place if place is not None and place.type is EntityType.PLACE else None

    def window_start(self, offset: int, sentences_back: int) -> int:
        """The start of the sentence ``sentences_back`` sentences before the one at ``offset``."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return self.sentences[max(0, i - sentences_back)].start if self.sentences else 0

    def written_entities(self, span: Span) -> list[Entity]:
        """The entities a span writes, innermost last: ``莫舍社区党委`` -> [莫舍社区, 莫舍社区党委]."""
        pieces, _ = self.decompose(span.text, own_key=span.key)
        return [*pieces, span.entity]

    def last_entity_before(
        self, offset: int, accept: Callable[[Entity, Span], bool], floor: int = 0
    ) -> Entity | None:
        """The entity written last in ``text[floor:offset]`` (nested names count) that ``accept`` takes."""
        for span in reversed(self.spans):
            if span.start < floor:
                break
            if span.end > offset:
                continue
            for entity in reversed(self.written_entities(span)):
                if accept(entity, span):
                    return entity
        return None

    def last_before(self, offset: int, accept: Callable[[Span], bool]) -> Span | None:
        """The last span ending at or before ``offset`` that ``accept`` takes."""
        for span in reversed(self.spans):
            if span.end <= offset and accept(span):
                return span
        return None


def _span_priority(item: tuple[int, Span]) -> tuple:
    # The longest form wins an overlap (吴江区委组织部 over 吴江); a given mention beats a
    # found form of the same length.
    source, span = item
    return (-(span.end - span.start), source, span.start, span.key)
