"""Where the cleaned text came from: offsets in ``Document.text`` -> offsets in the source text.

Extraction reads the cleaned text (canonical punctuation width, spaces collapsed,
spam and furniture gone, Simplified script), but an analyst quotes the article:
every evidence sentence the graph shows is the source's own characters
(``，`` stays ``，``), with offsets into the text as read (for HTML, the text of
its main content).  Cleaning keeps whole lines and maps each character of a kept
line to at most one character of its raw line, so a cleaned line is aligned with
its raw line after folding the raw one character by character (full width ->
ASCII, odd spaces -> a space, Traditional -> Simplified): the same comparison
``normalize.as_written`` makes for the headline.

>>> source = "标题\\r\\n\\u3000\\u3000苏州：创新，实干。"
>>> lines = source_lines(source, [(1, "标题"), (2, "苏州:创新,实干。")])
>>> smap = SourceMap(source, lines, "标题\\n苏州:创新,实干。")
>>> smap.span(3, 11), source[slice(*smap.span(3, 11))]
((6, 14), '苏州：创新，实干')
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import replace
from difflib import SequenceMatcher

from ..model import Document, Entity, Relation
from .normalize import _FULL_WIDTH, _char_to_simplified

__all__ = ["source_lines", "SourceMap", "cite_source", "LINE_BREAK"]

# The line breaks ``normalize.normalize_newlines`` turns into "\n", CRLF as one.
LINE_BREAK = re.compile(r"\r\n?|[\n\u2028\u2029\x85]")
# Full width -> ASCII and odd spaces -> " ", one character for one (normalize's own table).
_FOLD = {
    **_FULL_WIDTH,
    **{code: " " for code in (0x09, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)},
}


def _raw_line_starts(source: str) -> list[tuple[int, int]]:
    """(start, end) of every raw line of ``source``, numbered as ``clean_lines`` numbers them."""
    bounds, start = [], 0
    for match in LINE_BREAK.finditer(source):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(source)))
    return bounds


def source_lines(source: str, kept: Iterable[tuple[int, str]]) -> tuple[tuple[int, int, int], ...]:
    """For each kept line (raw line number, cleaned text) in text order: (offset in the
    cleaned text, start and end of its raw line in ``source``).  Blank lines are not in the
    text and are skipped, as ``join_lines`` skips them."""
    bounds = _raw_line_starts(source)
    rows, offset = [], 0
    for number, text in kept:
        if not text:
            continue
        start, end = bounds[number - 1] if 0 < number <= len(bounds) else (0, 0)
        rows.append((offset, start, end))
        offset += len(text) + 1
    return tuple(rows)


def _fold(text: str, simplified: bool) -> str:
    folded = text.translate(_FOLD)
    return "".join(map(_char_to_simplified, folded)) if simplified else folded


class SourceMap:
    """Maps spans of one document's cleaned text to spans of its source text."""

    def __init__(
        self, source: str, lines: tuple[tuple[int, int, int], ...], text: str, *, simplified: bool = False
    ):
        self.source, self.lines, self.text, self.simplified = source, lines, text, simplified
        self._starts = [row[0] for row in lines]
        self._aligned: dict[int, list[int]] = {}

    @classmethod
    def of(cls, document: Document, source: str) -> SourceMap:
        # Traditional input was cleaned as Simplified (``original_text`` is set only then).
        return cls(
            source, document.source_lines, document.text, simplified=document.original_text is not None
        )

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The source span that holds the cleaned text's ``[start, end)``.

        Characters cleaning removed inside the span (an injected spam word) are part of
        the source's span: it is what the article printed there.
        """
        if end <= start or not self.lines:
            return start, end
        first, last = self._line_of(start), self._line_of(end - 1)
        return self._source_start(first, start), self._source_end(last, end - 1)

    def quote(self, start: int, end: int) -> tuple[int, int, str]:
        """``span`` and the source's characters there."""
        s, e = self.span(start, end)
        return s, e, self.source[s:e]

    def _line_of(self, offset: int) -> int:
        return max(bisect_right(self._starts, offset) - 1, 0)

    def _source_start(self, line: int, offset: int) -> int:
        positions, local = self._alignment(line), offset - self.lines[line][0]
        if 0 <= local < len(positions) and positions[local] >= 0:
            return positions[local]
        earlier = next((p for p in reversed(positions[:local]) if p >= 0), None)
        if earlier is not None:
            return earlier + 1
        later = next((p for p in positions[local:] if p >= 0), None)
        return later if later is not None else self.lines[line][1]

    def _source_end(self, line: int, offset: int) -> int:
        positions, local = self._alignment(line), offset - self.lines[line][0]
        if 0 <= local < len(positions) and positions[local] >= 0:
            return positions[local] + 1
        later = next((p for p in positions[local + 1 :] if p >= 0), None)
        if later is not None:
            return later
        earlier = next((p for p in reversed(positions[: local + 1]) if p >= 0), None)
        return earlier + 1 if earlier is not None else self.lines[line][2]

    def _alignment(self, line: int) -> list[int]:
        """For each character of cleaned line ``line``: its source offset, or -1."""
        if line not in self._aligned:
            self._aligned[line] = self._align(line)
        return self._aligned[line]

    def _align(self, line: int) -> list[int]:
        text_start, raw_start, raw_end = self.lines[line]
        text_end = self.text.find("\n", text_start)
        cleaned = self.text[text_start : text_end if text_end >= 0 else len(self.text)]
        folded = _fold(self.source[raw_start:raw_end], self.simplified)
        at = folded.find(cleaned)
        if at >= 0:
            return list(range(raw_start + at, raw_start + at + len(cleaned)))
        positions = [-1] * len(cleaned)
        for a, b, size in SequenceMatcher(None, folded, cleaned, autojunk=False).get_matching_blocks():
            for k in range(size):
                positions[b + k] = raw_start + a + k
        return positions


def cite_source(
    entities: Iterable[Entity], relations: Iterable[Relation], smap: SourceMap
) -> tuple[list[Entity], list[Relation]]:
    """Every mention and evidence sentence as the source's own characters and offsets."""
    cited_entities = [
        replace(entity, mentions=tuple((doc, _cited_mention(m, smap)) for doc, m in entity.mentions))
        for entity in entities
    ]
    cited_relations = [
        replace(relation, evidence=tuple(_cited_evidence(e, smap) for e in relation.evidence))
        for relation in relations
    ]
    return cited_entities, cited_relations


def _cited_mention(mention, smap: SourceMap):
    start, end, text = smap.quote(mention.start, mention.end)
    return replace(mention, start=start, end=end, text=text)


def _cited_evidence(evidence, smap: SourceMap):
    start, end, text = smap.quote(evidence.start, evidence.end)
    return replace(evidence, start=start, end=end, sentence=text)
