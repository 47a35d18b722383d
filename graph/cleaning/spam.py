"""Injected spam: gambling brands and scrambled fragments glued into the article's sentences.

Found by behaviour, not by a list of strings seen before:

1. ``spam_brand``: gambling-site brands by their shape (Latin letters + 娱乐/棋牌/真人/超玩会…,
   betting words such as 百家乐/彩金) and a short list of well-known casino brand names,
   the latter only where they stand as whole words;
2. ``spam_dangling``: a stray non-word of a few characters after a line's last full stop,
   repeated somewhere else in the article;
3. ``spam_fragment``: a scrambled string (not a dictionary word, cut by the segmenter into
   stray characters) repeated three or more times, each time apart from the words around it
   and with new neighbours (fixed phrases keep theirs), confirmed by living mostly in lines
   that passes 1-2 found spam in; an article without such evidence loses nothing here;
4. ``spam_word``: a real word (基层) that spam uses too: only where it touches other spam, or
   sits in a spam-bearing line with neighbours it has nowhere else in the article, and only
   when that happens at least twice, so ordinary uses (基层党建) stay.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Removal
from . import resources as R
from .lexicon import is_word as _is_word, jieba_module, tokens as _tokens
from .lines import Line
from .normalize import normalize_spaces

__all__ = ["Span", "find_spam", "remove_spam"]

_CJK_RUN = re.compile(rf"[{R.CJK}]+")
_FRAGMENT_LENGTHS = range(2, 9)
_MIN_REPEATS = 3
_DANGLING = re.compile(rf"。(?P<frag>[{R.CJK}]{{1,4}})$")
_MAX_WORD = 4
_MAX_ROUNDS = 4
_MAX_SCAN_CHARS = 200_000     # beyond this (not an article) only brands are looked for


@dataclass(frozen=True, order=True)
class Span:
    line_index: int
    start: int
    end: int
    rule: str


@lru_cache(maxsize=8192)
def _boundaries(line: str) -> frozenset[int]:
    """Character offsets where the segmenter puts a word boundary."""
    return frozenset({0} | {end for _, end in _tokens(line)})


def _aligned(line: str, start: int, end: int) -> bool:
    bounds = _boundaries(line)
    return start in bounds and end in bounds


# --- 1. brands -------------------------------------------------------------------------

def _brand_spans(lines: list[str]) -> list[Span]:
    spans = []
    for index, line in enumerate(lines):
        for pattern in (R.GAMBLING_BRAND, R.GAMBLING_WORD):
            spans += [Span(index, m.start(), m.end(), "spam_brand") for m in pattern.finditer(line)]
        for stem in R.GAMBLING_STEMS:
            if stem not in line:        # a plain substring test first: almost no line holds one
                continue
            for match in re.finditer(re.escape(stem), line):
                if _aligned(line, match.start(), match.end()):
                    spans.append(Span(index, match.start(), match.end(), "spam_brand"))
    return spans


# --- 2. scrambled repeated fragments -------------------------------------------------------

def _occurrences(lines: list[str]) -> dict[str, list[tuple[int, int]]]:
    """Chinese fragments of 2-8 characters written at least ``_MIN_REPEATS`` times: their
    places (line, start), in the order a scan line by line, run by run, size by size meets them.

    A fragment repeats only if the fragment one character shorter at the same places does,
    so each size looks only where the shorter one repeated, not at every position again:
    most of an article's text is not repeated at all.
    """
    # (line, run start, run end, start) where a fragment of the current size may begin
    positions = [(index, run.start(), run.end(), start) for index, line in enumerate(lines)
                 for run in _CJK_RUN.finditer(line) for start in range(run.start(), run.end())]
    repeated: list[tuple[tuple[int, int, int, int], str, list[tuple[int, int]]]] = []
    for size in _FRAGMENT_LENGTHS:
        found: dict[str, list[tuple[int, int, int, int]]] = {}
        for position in positions:
            index, _, run_end, start = position
            if start + size <= run_end:
                found.setdefault(lines[index][start:start + size], []).append(position)
        kept = {text: places for text, places in found.items() if len(places) >= _MIN_REPEATS}
        for text, places in kept.items():
            (index, run_start, _, start) = places[0]
            repeated.append(((index, run_start, size, start), text, [(i, s) for i, _, _, s in places]))
        positions = sorted(position for places in kept.values() for position in places)
    return {text: places for _, text, places in sorted(repeated)}


@lru_cache(maxsize=65536)
def _looks_scrambled(fragment: str) -> bool:
    if _is_word(fragment) or fragment[0] in R.FUNCTION_CHARS or fragment[-1] in R.FUNCTION_CHARS:
        return False
    tokens = list(jieba_module().cut(fragment, HMM=False))
    return len(tokens) >= 2 and any(len(token) == 1 for token in tokens)


def _distinct_neighbours(fragment: str, places: list[tuple[int, int]], lines: list[str]) -> bool:
    """The fragment moves around: new neighbours almost every time on at least one side.

    A fixed phrase repeats its surroundings (“两新” always sits in the same quotes).
    """
    def left(i: int, s: int) -> str:
        return lines[i][s - 1] if s else "^"

    def right(i: int, s: int) -> str:
        return lines[i][s + len(fragment)] if s + len(fragment) < len(lines[i]) else "$"

    pairs = {(left(i, s), right(i, s)) for i, s in places}
    sides = max(len({left(i, s) for i, s in places}), len({right(i, s) for i, s in places}))
    return len(pairs) == len(places) and sides >= len(places) - 1 >= 2


def _candidates(lines: list[str]) -> dict[str, list[tuple[int, int]]]:
    """Scrambled fragments standing apart from the words around them at least three times.

    An occurrence inside a word the article uses elsewhere (服务中心人来车往 for 心人) is
    ordinary text and does not count; one inside a "word" made up with another scrambled
    fragment (金门 in 春灯金门火土) or a one-off word (在意 in 在意金窗) does.
    """
    repeated = {fragment: places for fragment, places in _occurrences(lines).items()
                if _looks_scrambled(fragment)}
    spans, text = _standing_spans(repeated, lines), "\n".join(lines)
    cover = {(i, k) for i, pairs in spans.items() for a, b in pairs for k in range(a, b)}
    found = {}
    for fragment, places in repeated.items():
        size = len(fragment)
        apart = [(i, s) for i, s in places if not _inside_longer(spans, i, s, s + size)
                 and (_aligned(lines[i], s, s + size) or _glued(lines[i], i, s, s + size, cover, text))]
        if len(apart) >= _MIN_REPEATS and _distinct_neighbours(fragment, apart, lines):
            found[fragment] = apart
    return found


def _standing_spans(repeated: dict[str, list[tuple[int, int]]], lines: list[str]) -> dict[int, set]:
    """Line -> (start, end) of every occurrence of a scrambled fragment that stands apart twice."""
    spans: dict[int, set[tuple[int, int]]] = {}
    for fragment, places in repeated.items():
        if sum(_aligned(lines[i], s, s + len(fragment)) for i, s in places) >= 2:
            for i, s in places:
                spans.setdefault(i, set()).add((s, s + len(fragment)))
    return spans


def _inside_longer(spans: dict[int, set], index: int, start: int, end: int) -> bool:
    """Part of a longer scrambled fragment (党走 inside 党建得民党走): that one is the unit."""
    return any(a <= start and end <= b and b - a > end - start for a, b in spans.get(index, ()))


def _glued(line: str, index: int, start: int, end: int, cover: set[tuple[int, int]], text: str) -> bool:
    """The fragment only seems to be inside a word: the word is made with other scrambled
    characters, or it is a one-off that the article never uses elsewhere (在意金窗 for 意金窗)."""
    crossing = [(a, b) for a, b in _tokens(line) if a < start < b or a < end < b]
    outside = {k for a, b in crossing for k in range(a, b) if not start <= k < end}
    made_up = all((index, k) in cover for k in outside)
    one_off = all(text.count(line[a:b]) == 1 for a, b in crossing)
    return bool(crossing) and (made_up or one_off)


def _fragment_spans(lines: list[str], evidence_lines: set[int]) -> list[Span]:
    """Candidates confirmed by clear spam: at least half their occurrences in spam lines.

    Spam lines hold a gambling brand or a stray tail, or a fragment confirmed before.
    Without such evidence in the article nothing is removed: a repeated abbreviation
    (惠企) is not told from a scrambled one (民群) by its letters alone.
    """
    if not evidence_lines or sum(map(len, lines)) > _MAX_SCAN_CHARS:
        return []
    candidates = _candidates(lines)
    spam_lines, confirmed = set(evidence_lines), set()
    changed = True
    while changed:
        changed = False
        for fragment, places in candidates.items():
            in_spam_lines = sum(i in spam_lines for i, _ in places)
            if fragment not in confirmed and 2 * in_spam_lines >= len(places):
                confirmed.add(fragment)
                spam_lines |= {i for i, _ in places}
                changed = True
    return [Span(i, s, s + len(f), "spam_fragment") for f in sorted(confirmed) for i, s in candidates[f]]


# --- 3. a stray non-word after the last full stop -------------------------------------------

def _dangling_spans(lines: list[str]) -> list[Span]:
    """A non-word after a line's last full stop that the article repeats elsewhere.

    Repetition is required: a one-off (a name signing the article) is not spam.
    """
    text = "\n".join(lines)
    spans = []
    for index, line in enumerate(lines):
        match = _DANGLING.search(line)
        if match and len(match["frag"]) > 1 and not _is_word(match["frag"]) and text.count(match["frag"]) >= 2:
            spans.append(Span(index, match.start("frag"), match.end("frag"), "spam_dangling"))
    return spans


# --- 4. real words used as spam (second pass, on the text with passes 1-3 removed) -----------

def _word_spans(lines: list[str], junctions: set[tuple[int, int]]) -> list[Span]:
    spam_lines = {index for index, _ in junctions}
    text = "\n".join(lines)
    spans = []
    for word, touching in _touching_words(lines, junctions).items():
        places = [place for place in _word_places(lines, word) if place not in touching]
        odd = [place for place in places if place[0] in spam_lines and _unique_neighbours(lines, place, word, text)]
        regular = [place for place in places if not _unique_neighbours(lines, place, word, text)]
        # out of pattern: the word has a habit elsewhere (基层党建) that these uses break
        if len(odd) >= 2 and len(regular) >= len(odd) + len(touching):
            spans += [Span(i, s, s + len(word), "spam_word") for i, s in sorted(set(touching) | set(odd))]
    return spans


def _touching_words(lines: list[str], junctions: set[tuple[int, int]]) -> dict[str, list[tuple[int, int]]]:
    """Dictionary words that end or start where spam was taken out."""
    touching: dict[str, list[tuple[int, int]]] = {}
    for index, offset in sorted(junctions):
        line = lines[index]
        for size in range(2, _MAX_WORD + 1):
            for start in (offset - size, offset):
                word = line[max(start, 0):start + size]
                if start >= 0 and len(word) == size and _CJK_RUN.fullmatch(word) and _is_word(word) \
                        and _aligned(line, start, start + size):
                    touching.setdefault(word, []).append((index, start))
    return touching


def _word_places(lines: list[str], word: str) -> list[tuple[int, int]]:
    return [(index, match.start()) for index, line in enumerate(lines)
            for match in re.finditer(re.escape(word), line) if _aligned(line, match.start(), match.end())]


def _unique_neighbours(lines: list[str], place: tuple[int, int], word: str, text: str) -> bool:
    """Neither ``x+word`` nor ``word+y`` occurs anywhere else in the article.

    A punctuation neighbour says nothing about the word's habits and is skipped.
    """
    index, start = place
    line, end = lines[index], start + len(word)
    pieces = ([line[start - 1:end]] if start and _CJK_RUN.match(line[start - 1]) else []) \
        + ([line[start:end + 1]] if end < len(line) and _CJK_RUN.match(line[end]) else [])
    return bool(pieces) and all(text.count(piece) == 1 for piece in pieces)


def _without(line: str, spans: list[Span]) -> tuple[str, list[int]]:
    """``line`` minus the spans, and the offsets in the result where something was cut."""
    pieces, junctions, position, kept = [], [], 0, 0
    for span in spans:
        if span.start >= position:
            pieces.append(line[position:span.start])
            kept += span.start - position
            junctions.append(kept)
            position = span.end
    return "".join(pieces) + line[position:], junctions


# --- putting it together ----------------------------------------------------------------------

def find_spam(lines: list[str], evidence_lines: frozenset[int] = frozenset()) -> list[Span]:
    """Spam spans of passes 1-3 in the article's lines, overlaps merged, in text order.

    ``evidence_lines``: lines where an earlier round already found spam.
    """
    clear = _brand_spans(lines) + _dangling_spans(lines)
    evidence = set(evidence_lines) | {span.line_index for span in clear}
    return _merge(clear + _fragment_spans(lines, evidence))


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in sorted(spans):
        last = merged[-1] if merged else None
        if last and last.line_index == span.line_index and span.start <= last.end:
            merged[-1] = Span(last.line_index, last.start, max(last.end, span.end), last.rule)
        else:
            merged.append(span)
    return merged


def _cut(lines: tuple[Line, ...], spans: list[Span], ) -> tuple[list[Line], tuple[Removal, ...], set]:
    removals = tuple(Removal(lines[s.line_index].text[s.start:s.end], s.rule, lines[s.line_index].number)
                     for s in spans)
    cleaned, junctions = [], set()
    for index, line in enumerate(lines):
        text, cuts = _without(line.text, [s for s in spans if s.line_index == index])
        cleaned.append(Line(line.number, text))
        junctions |= {(index, offset) for offset in cuts}
    return cleaned, removals, junctions


def _remove_once(lines: tuple[Line, ...], evidence: frozenset[int],
                 ) -> tuple[tuple[Line, ...], tuple[Removal, ...]]:
    first, removals, junctions = _cut(lines, find_spam([line.text for line in lines], evidence))
    if not removals:
        return lines, ()
    words = _merge(_word_spans([line.text for line in first], junctions))
    second, word_removals, _ = _cut(tuple(first), words)
    # a cut between two spaces leaves two: back to the canonical single space
    return tuple(Line(line.number, normalize_spaces(line.text)) for line in second), removals + word_removals


def remove_spam(lines: tuple[Line, ...]) -> tuple[tuple[Line, ...], tuple[Removal, ...]]:
    """Delete spam from the lines (passes 1-3, then real words used as spam); record each deletion.

    Repeats until nothing more is found: taking spam out can glue a new brand together.
    """
    removed: tuple[Removal, ...] = ()
    index_of = {line.number: index for index, line in enumerate(lines)}
    for _ in range(_MAX_ROUNDS):
        evidence = frozenset(index_of[r.line] for r in removed)
        lines, taken = _remove_once(lines, evidence)
        if not taken:
            break
        removed += taken
    return lines, removed
