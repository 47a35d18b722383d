"""Injected spam: gambling brands and scrambled fragments glued into the article's sentences.

Found by behaviour, not by a list of strings seen before:

1. ``spam_brand``: gambling-site brands by their shape (Latin letters or two characters +
   娱乐/棋牌/真人/超玩会…, with or without 官网/入口/注册…, betting words such as 百家乐/彩金) and a
   short list of well-known casino brand names, the latter only where they stand as whole
   words; weaker shapes (AB体育, 某某电竞平台) only where clear spam was found too;
2. ``spam_dangling``: a stray non-word of a few characters after a line's last full stop,
   repeated somewhere else in the article;
3. ``spam_fragment``: a scrambled string (not a dictionary word, cut by the segmenter into
   stray characters, no particle at either end) repeated three to eight times, each time
   apart from the words around it and with new neighbours (a name keeps company, a piece of
   a longer phrase keeps its neighbours), that does not read as one of the article's names
   (quoted, the stem of longer names, a division or a town, a person before 说 or after a
   title), confirmed by sitting among other spam at half its places or more: near a brand,
   a stray tail or a fragment confirmed before, or in a crowd of other candidates.  A
   confirmed fragment also goes where the segmenter glued it into a word, when the text is
   whole without it.  An article without clear spam loses nothing here;
4. ``spam_word``: a real word (基层) that spam uses too: where it touches other spam or sits
   in a spam-bearing line with neighbours it has nowhere else in the article, only when that
   happens at least twice, when the word has a habit elsewhere (基层党建) and breaks it far
   more often in the spam lines than outside them.

Not found: strings of whole words that make no word (带领必须), which read like any phrase of
the genre (高质量发展); spam strewn over a long page far from any other spam.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from ..knowledge import gazetteer, lexicon
from ..model import Removal
from . import resources as R
from .lines import Line
from .normalize import normalize_spaces
from .words import cut as _words_of
from .words import is_word as _is_word
from .words import tokens as _tokens

__all__ = ["Cut", "find_spam", "remove_spam"]

_CJK_RUN = re.compile(rf"[{R.CJK}]+")
_FRAGMENT_LENGTHS = range(2, 9)
_MIN_REPEATS = 3
_MAX_REPEATS = 8  # injected strings come a few times; a name the article is about, often
_DANGLING = re.compile(rf"。(?P<frag>[{R.CJK}]{{1,4}})$")
_MAX_WORD = 4
_MAX_ROUNDS = 4
_ODD_SHARE = 0.4  # of a real word's uses in spam lines that break its habits
_EVIDENCE_WINDOW = 100  # characters around other spam where a fragment's place is backed,
_PARAGRAPH_WINDOW = 300  # or in the same paragraph that far
_COMPANY_SHARE = 0.6  # of a fragment's places with the same neighbour: a name's company
_COMMON_NEIGHBOUR = 2  # times the fragment's count: a neighbour that common is no company
_CROWD_WINDOW = 40  # characters around a place where two other candidates make a crowd
_SHAPED_SHARE = 0.75  # the same, for a fragment built like a name
_EVIDENCE_SHARE = 0.5  # of a fragment's places that must be backed
_MAX_SCAN_CHARS = 200_000  # beyond this (not an article) only brands are looked for
_TOWN_ENDINGS = "镇乡村"
_COUNTY_ENDINGS = "县区市旗"
_LONGEST_SUFFIX = 8
_LONGEST_DIVISION = 8
_LONGEST_ROLE = 6
_MEND_WINDOW = 4
_VILLAGE = re.compile(rf"[{R.CJK}]{{2,3}}(?:村|社区)")
_OPENING = "“‘《「『【(〔"
_CLOSING = "”’》」』】)〕"
_QUOTE_PAIRS = tuple(zip("“‘《「『【", "”’》」』】"))


@dataclass(frozen=True, order=True)
class Cut:
    """A stretch of one line (``lines[line_index][start:end]``) that a spam rule takes out."""

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


def _brand_spans(lines: list[str]) -> list[Cut]:
    spans = []
    for index, line in enumerate(lines):
        for pattern in (R.GAMBLING_BRAND, R.CJK_BRAND, R.GAMBLING_WORD):
            spans += [Cut(index, m.start(), m.end(), "spam_brand") for m in pattern.finditer(line)]
        for stem in R.GAMBLING_STEMS:
            if stem not in line:  # a plain substring test first: almost no line holds one
                continue
            for match in re.finditer(re.escape(stem), line):
                if _aligned(line, match.start(), match.end()):
                    spans.append(Cut(index, match.start(), match.end(), "spam_brand"))
    return spans


def _weak_brand_spans(lines: list[str]) -> list[Cut]:
    """Brand shapes that are only spam where clear spam was found: AB体育, 某某电竞平台
    (a made-up name: neither it nor it with the betting word is a word)."""
    spans = []
    for index, line in enumerate(lines):
        spans += [Cut(index, m.start(), m.end(), "spam_brand") for m in R.WEAK_LATIN_BRAND.finditer(line)]
        spans += [
            Cut(index, m.start(), m.end(), "spam_brand")
            for m in R.WEAK_CJK_BRAND.finditer(line)
            if not _is_word(m["stem"]) and not _is_word(m["stem"] + m["head"])
        ]
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
    positions = [
        (index, run.start(), run.end(), start)
        for index, line in enumerate(lines)
        for run in _CJK_RUN.finditer(line)
        for start in range(run.start(), run.end())
    ]
    repeated: list[tuple[tuple[int, int, int, int], str, list[tuple[int, int]]]] = []
    for size in _FRAGMENT_LENGTHS:
        found: dict[str, list[tuple[int, int, int, int]]] = {}
        for position in positions:
            index, _, run_end, start = position
            if start + size <= run_end:
                found.setdefault(lines[index][start : start + size], []).append(position)
        kept = {text: places for text, places in found.items() if len(places) >= _MIN_REPEATS}
        for text, places in kept.items():
            (index, run_start, _, start) = places[0]
            repeated.append(((index, run_start, size, start), text, [(i, s) for i, _, _, s in places]))
        positions = sorted(position for places in kept.values() for position in places)
    return {text: places for _, text, places in sorted(repeated)}


@lru_cache(maxsize=65536)
def _looks_scrambled(fragment: str) -> bool:
    """Not a word, but cut by the segmenter into stray characters (民|群, 党建|得|民|党|走).

    A lone particle at either end (的党, 是全) is the grammar of ordinary text.
    """
    if _is_word(fragment):
        return False
    tokens = _words_of(fragment)
    if len(tokens) < 2 or tokens[0] in R.GRAMMAR_CHARS or tokens[-1] in R.GRAMMAR_CHARS:
        return False
    return any(len(token) == 1 for token in tokens)


def _moves_around(fragment: str, places: list[tuple[int, int]], lines: list[str], text: str) -> bool:
    """The fragment has new neighbours every time: the same two characters stand next to it
    at fewer than 60% of its places (two of three, three of four or five), the same quote mark
    at one place only, and no two places look alike.

    A name keeps company (妻子张和英 twice, “暖村日”“暖村沙龙”); spam dropped in at random does
    not; a piece of a longer phrase (色社会主义思想 of 中国特色社会主义思想) has the same
    neighbours every time.  Punctuation before it says nothing (spam likes to follow a comma),
    nor does one character that other words share (党 in 党委, 党员), unless it is the same
    function character every time (在格中, 在格中, 在格中).
    """
    size, count = len(fragment), text.count(fragment)

    def common(piece: str) -> bool:
        return text.count(piece) >= _COMMON_NEIGHBOUR * count

    def left(i: int, s: int) -> str | None:
        line = lines[i]
        if s and line[s - 1] in _OPENING:
            return line[s - 1]
        piece = line[max(s - 2, 0) : s]
        return piece if len(piece) == 2 and _CJK_RUN.fullmatch(piece) and not common(piece) else None

    def right(i: int, s: int) -> str | None:
        line, end = lines[i], s + size
        if end < len(line) and line[end] in _CLOSING:
            return line[end]
        piece = line[end : end + 2]
        return piece if len(piece) == 2 and _CJK_RUN.fullmatch(piece) and not common(piece) else None

    def beside(i: int, s: int) -> tuple[str, str]:
        line = lines[i]
        return (line[s - 1] if s else "^", line[s + size] if s + size < len(line) else "$")

    def around(i: int, s: int) -> tuple[str, str]:
        line = lines[i]
        return (line[max(s - 2, 0) : s] or "^", line[s + size : s + size + 2] or "$")

    if len({around(i, s) for i, s in places}) < len(places):
        return False
    for chars in zip(*(beside(i, s) for i, s in places)):
        if len(set(chars)) == 1 and chars[0] in R.FUNCTION_CHARS:
            return False
    need = max(2, math.ceil(_COMPANY_SHARE * len(places)))
    for side in (left, right):
        counts: dict[str, int] = {}
        for i, s in places:
            key = side(i, s)
            if key is not None:
                counts[key] = counts.get(key, 0) + 1
        # twice in quotes is company enough: spam is not dropped in right after a quote mark
        if any(n >= (2 if len(key) == 1 else need) for key, n in counts.items()):
            return False
    return True


def _candidates(lines: list[str]) -> dict[str, list[tuple[int, int]]]:
    """Scrambled fragments standing apart from the words around them at least three times.

    An occurrence inside a word the article uses elsewhere (服务中心人来车往 for 心人) is
    ordinary text and does not count; one inside a "word" made up with another scrambled
    fragment (金门 in 春灯金门火土) or a one-off word (在意 in 在意金窗) does.
    """
    repeated = {
        fragment: places for fragment, places in _occurrences(lines).items() if _looks_scrambled(fragment)
    }
    spans, text = _standing_spans(repeated, lines), "\n".join(lines)
    cover = {(i, k) for i, pairs in spans.items() for a, b in pairs for k in range(a, b)}
    found = {}
    for fragment, places in repeated.items():
        size = len(fragment)
        apart = [
            (i, s)
            for i, s in places
            if not _inside_longer(spans, i, s, s + size)
            and (_aligned(lines[i], s, s + size) or _glued(lines[i], i, s, s + size, cover, text))
        ]
        if (
            len(apart) >= _MIN_REPEATS
            and text.count(fragment) <= _MAX_REPEATS
            and _moves_around(fragment, apart, lines, text)
        ):
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
    crossing = _crossing(line, start, end)
    outside = {k for a, b in crossing for k in range(a, b) if not start <= k < end}
    made_up = all((index, k) in cover for k in outside)
    one_off = all(text.count(line[a:b]) == 1 for a, b in crossing)
    return bool(crossing) and (made_up or one_off)


@lru_cache(maxsize=8192)
def _token_starts(line: str) -> tuple[int, ...]:
    return tuple(a for a, _ in _tokens(line))


def _crossing(line: str, start: int, end: int) -> list[tuple[int, int]]:
    """The segmenter's words that ``start`` or ``end`` falls strictly inside."""
    tokens, starts, found = _tokens(line), _token_starts(line), []
    for cut in (start, end):
        k = bisect_right(starts, cut) - 1
        if k >= 0 and tokens[k][0] < cut < tokens[k][1] and tokens[k] not in found:
            found.append(tokens[k])
    return found


def _fragment_spans(lines: list[str], evidence: set[tuple[int, int]]) -> list[Cut]:
    """Candidates that do not read as names, confirmed by sitting among spam at half their
    places or more (three quarters for one built like a name): close to a gambling brand, a
    stray tail or a fragment confirmed before, in the same paragraph as one, or with two
    other candidates close by.

    Without clear spam nothing is removed: a repeated abbreviation (惠企) is not told from a
    scrambled one (民群) by its letters alone, nor a name used three times in other
    paragraphs (姚桥商圈) from spam.
    """
    if not evidence or sum(map(len, lines)) > _MAX_SCAN_CHARS:
        return []
    text = "\n".join(lines)
    candidates = {
        fragment: places
        for fragment, places in _candidates(lines).items()
        if not _name_like(fragment, places, lines, text)
    }
    # a name's shape asks for more of its places to be backed
    share = {
        fragment: _SHAPED_SHARE if _name_shaped(fragment, places, lines) else _EVIDENCE_SHARE
        for fragment, places in candidates.items()
    }
    # positions in the whole text: a block of spam runs over paragraph breaks
    base = [0]
    for line in lines[:-1]:
        base.append(base[-1] + len(line) + 1)
    points = sorted(base[index] + offset for index, offset in evidence)
    crowd = {fragment: sorted(base[i] + s for i, s in places) for fragment, places in candidates.items()}

    def close(positions: list[int], start: int, end: int, window: int = _EVIDENCE_WINDOW) -> bool:
        k = bisect_left(positions, start - window)
        return k < len(positions) and positions[k] <= end + window

    def in_paragraph(index: int, start: int, end: int) -> bool:
        """Other spam in the same paragraph, not too far off (a page may be one long line)."""
        low, high = (
            max(base[index], start - _PARAGRAPH_WINDOW),
            min(base[index] + len(lines[index]), end + _PARAGRAPH_WINDOW),
        )
        k = bisect_left(points, low)
        return k < len(points) and points[k] <= high

    def among_others(fragment: str, start: int, end: int) -> bool:
        """Two other candidates close by: spam comes in a crowd, names one at a time."""
        return (
            sum(
                close(found, start, end, _CROWD_WINDOW) for other, found in crowd.items() if other != fragment
            )
            >= 2
        )

    confirmed: set[str] = set()
    changed = True
    while changed:
        changed = False
        for fragment, places in candidates.items():
            if fragment in confirmed:
                continue
            size = len(fragment)
            starts = [base[i] + s for i, s in places]
            backed = [
                p
                for (i, _), p in zip(places, starts)
                if close(points, p, p + size)
                or in_paragraph(i, p, p + size)
                or among_others(fragment, p, p + size)
            ]
            if share[fragment] * len(places) <= len(backed):
                confirmed.add(fragment)
                # only where it sits among other spam: a stray place of it starts no new block
                points = sorted(points + backed + [p + size for p in backed])
                changed = True
    spans = [Cut(i, s, s + len(f), "spam_fragment") for f in sorted(confirmed) for i, s in candidates[f]]
    return spans + _glued_places(confirmed, candidates, lines, text)


def _seam_recurs(line: str, start: int, end: int, text: str) -> bool:
    """Taking ``line[start:end]`` out leaves a seam the article writes elsewhere (团|党委 in
    城投集团续城团党委, where 团党委 hid the cut; 姑苏|区 in 姑苏织城区): the text was whole without it."""
    for before, after in ((2, 1), (1, 2)):
        seam = line[max(start - before, 0) : start] + line[end : end + after]
        if len(seam) == 3 and _CJK_RUN.fullmatch(seam) and seam in text:
            return True
    return False


def _glued_places(
    confirmed: set[str], candidates: dict[str, list[tuple[int, int]]], lines: list[str], text: str
) -> list[Cut]:
    """The other places of confirmed spam, glued into a word by the segmenter, where the text
    is whole without it (:func:`_seam_recurs`, :func:`_mends_words`)."""
    spans = []
    for fragment in sorted(confirmed):
        known = set(candidates[fragment])
        for index, line in enumerate(lines):
            for match in re.finditer(re.escape(fragment), line):
                start, end = match.start(), match.end()
                if (index, start) not in known and (
                    _seam_recurs(line, start, end, text) or _mends_words(line, start, end)
                ):
                    spans.append(Cut(index, start, end, "spam_fragment"))
    return spans


def _mends_words(line: str, start: int, end: int) -> bool:
    """Without ``line[start:end]`` the words around it are whole again: the segmenter finds
    fewer stray characters there (一个|足|国|祖国|家 -> 一个|国家), at least one for every two
    characters taken out (服务中心|人|来 -> 服务|中|来 mends nothing)."""
    left, right = max(start - _MEND_WINDOW, 0), end + _MEND_WINDOW
    before = _strays(line[left:right])
    after = _strays(line[left:start] + line[end:right])
    return before - after >= max(1, (end - start + 1) // 2)


def _strays(text: str) -> int:
    return sum(1 for token in _words_of(text) if len(token) == 1 and _CJK_RUN.match(token))


def _name_like(fragment: str, places: list[tuple[int, int]], lines: list[str], text: str) -> bool:
    """A repeated non-word the article uses as a name, which spam does not do: it is quoted on
    its own (“暖村”), it is the stem of longer names (翠园 of 翠园湖) or its own stem is used
    without it (黄金坳 of 黄金坳警务区 in 黄金坳镇), it is a division or a suffix itself (姑苏区,
    先行启动区), a division with a place or body ending (苏州工业园区), a town or village
    (:func:`_place_shaped`), a family's name (谭氏) or a person in context
    (:func:`_person_in_context`)."""
    if any(f"{opening}{fragment}{closing}" in text for opening, closing in _QUOTE_PAIRS):
        return True
    if _in_longer_names(fragment, places, lines) >= 2:
        return True
    count = text.count(fragment)
    if any(not _is_word(fragment[:k]) and text.count(fragment[:k]) > count for k in range(2, len(fragment))):
        return True
    if fragment in _suffix_set():
        return True
    division = _division_at_start(fragment)
    if division == len(fragment) or division and fragment[division:].startswith(_name_suffixes()):
        return True
    if len(fragment) == 2 and fragment[0] in R.COMMON_SURNAMES and fragment[1] == "氏":
        return True
    return _place_shaped(fragment, places, lines) or _person_in_context(fragment, places, lines)


def _name_shaped(fragment: str, places: list[tuple[int, int]], lines: list[str]) -> bool:
    """Built like a name, which spam can be by chance, so the shape only protects a fragment
    that does not sit mostly among other spam: a division and a word (苏州|银行; not 滕州|滕示范,
    a stray character after it), a place ending (盘门片区, 漫山岛; not one character such as 村,
    which spam ends with often enough), a common family name and two characters (曾照龙)."""
    division = _division_at_start(fragment)
    if division and _is_word(fragment[division:]):
        return True
    if len(fragment) >= 3 and fragment.endswith(_place_endings()):
        return True
    return len(fragment) == 3 and fragment[0] in R.COMMON_SURNAMES


def _division_at_start(fragment: str) -> int:
    """Length of the division name (official or short, two characters or more) ``fragment``
    starts with, 0 for none."""
    found = gazetteer.longest_name_at(fragment, 0)
    return found[0] if found and found[0] >= 2 else 0


def _person_in_context(fragment: str, places: list[tuple[int, int]], lines: list[str]) -> bool:
    """A person's name: a common family name and one or two characters, after a title or kin
    (党委书记周敏, 妻子张和英) or before a verb of saying (杨富国说) somewhere."""
    family = 2 if fragment[:2] in lexicon.surnames() else 1
    common = family == 2 or fragment[0] in R.COMMON_SURNAMES
    if not common or not 1 <= len(fragment) - family <= 2:
        return False
    for i, s in places:
        line, end = lines[i], s + len(fragment)
        if line[max(s - _LONGEST_ROLE, 0) : s].endswith(_roles()):
            return True
        # the verb as a word of its own (杨富国说, not 说话)
        if any(
            line.startswith(verb, end) and _aligned(line, end, end + len(verb)) for verb in R.SPEECH_VERBS
        ):
            return True
    return False


@lru_cache(maxsize=1)
def _roles() -> tuple[str, ...]:
    return tuple(lexicon.titles()) + R.ROLE_NOUNS


def _place_shaped(fragment: str, places: list[tuple[int, int]], lines: list[str]) -> bool:
    """A town or village name (九井镇, 香兰镇 of 香兰镇中学): a stem of two characters or more and
    a division word, written after a county or district (汤原县香兰镇), before a body or a place
    below it (九井镇党委, 香兰镇中学) or a village (九井镇回龙村), twice or more."""
    for end in range(3, len(fragment) + 1):
        if fragment[end - 1] not in _TOWN_ENDINGS:
            continue
        seen = 0
        for i, s in places:
            line = lines[i]
            after = line[s + end : s + end + _LONGEST_SUFFIX]
            seen += (
                _after_county(line, s)
                or after.startswith(_org_suffixes() + _local_suffixes())
                or bool(_VILLAGE.match(after))
            )
        if seen >= 2:
            return True
    return False


def _after_county(line: str, start: int) -> bool:
    """A county, district or city name ends right before ``start`` (汤原县 in 汤原县香兰镇)."""
    for size in range(3, min(start, _LONGEST_DIVISION) + 1):
        found = gazetteer.longest_name_at(line, start - size)
        if found and found[0] == start and line[start - 1] in _COUNTY_ENDINGS:
            return True
    return False


@lru_cache(maxsize=1)
def _org_suffixes() -> tuple[str, ...]:
    """Endings of bodies, two characters or more (党委, 中学, 有限公司)."""
    return tuple(sorted((e for e in lexicon.org_suffixes() if len(e) >= 2), key=lambda e: (-len(e), e)))


@lru_cache(maxsize=1)
def _local_suffixes() -> tuple[str, ...]:
    """Endings of places below a town, two characters or more (社区, 小区, 街道)."""
    return tuple(
        sorted(
            (
                e
                for e, kind in lexicon.place_suffixes().items()
                if len(e) >= 2 and kind in ("town", "community", "village")
            ),
            key=lambda e: (-len(e), e),
        )
    )


@lru_cache(maxsize=1)
def _place_endings() -> tuple[str, ...]:
    """Endings of places below a county, two characters or more, and of islands and lakes
    (片区, 科创圈, 岛, 湖)."""
    return tuple(
        sorted(
            (e for e in lexicon.place_suffixes() if len(e) >= 2 or e in "岛湖"), key=lambda e: (-len(e), e)
        )
    )


@lru_cache(maxsize=1)
def _name_suffixes() -> tuple[str, ...]:
    return tuple(
        sorted(
            set(_org_suffixes()) | {e for e in _place_endings() if len(e) >= 2}, key=lambda e: (-len(e), e)
        )
    )


@lru_cache(maxsize=1)
def _suffix_set() -> frozenset[str]:
    return frozenset(lexicon.org_suffixes()) | frozenset(lexicon.place_suffixes())


def _in_longer_names(fragment: str, places: list[tuple[int, int]], lines: list[str]) -> int:
    """How often ``fragment`` is written inside a longer string that is no dictionary word
    (翠园 in 翠园湖), not counting its places apart nor its places across words (民群 in 人民|群众)."""
    apart, found = set(places), 0
    for index, line in enumerate(lines):
        for match in re.finditer(re.escape(fragment), line):
            start, end = match.start(), match.end()
            if (index, start) in apart:
                continue
            over = [(a, b) for a, b in _tokens(line) if a < end and start < b]
            found += not all(b - a >= 2 for a, b in over)
    return found


# --- 3. a stray non-word after the last full stop -------------------------------------------


def _dangling_spans(lines: list[str]) -> list[Cut]:
    """A non-word after a line's last full stop that the article repeats elsewhere.

    Repetition is required: a one-off (a name signing the article) is not spam.
    """
    text = "\n".join(lines)
    spans = []
    for index, line in enumerate(lines):
        match = _DANGLING.search(line)
        if (
            match
            and len(match["frag"]) > 1
            and not _is_word(match["frag"])
            and text.count(match["frag"]) >= 2
        ):
            spans.append(Cut(index, match.start("frag"), match.end("frag"), "spam_dangling"))
    return spans


# --- 4. real words used as spam (second pass, on the text with passes 1-3 removed) -----------


def _word_spans(lines: list[str], junctions: set[tuple[int, int]]) -> list[Cut]:
    spam_lines = {index for index, _ in junctions}
    text = "\n".join(lines)
    spans = []
    for word, touching in _touching_words(lines, junctions).items():
        places = [place for place in _word_places(lines, word) if place not in touching]
        unique = {place for place in places if _unique_neighbours(lines, place, word, text)}
        inside = [place for place in places if place[0] in spam_lines]
        odd = [place for place in inside if place in unique]
        outside = len(places) - len(inside)
        odd_outside = len(unique) - len(odd)
        # out of pattern: in the spam lines the word breaks a habit (基层党建) it keeps elsewhere,
        # where a word people just write often (发展, 苏州) is as odd outside them as inside
        usual_rate = (odd_outside + 1) / (outside + 2)
        if (
            len(odd) >= 2
            and len(odd) >= _ODD_SHARE * len(inside)
            and len(odd) >= 2 * usual_rate * len(inside)
            and _has_habit(lines, word, [place for place in places if place not in unique])
        ):
            spans += [Cut(i, s, s + len(word), "spam_word") for i, s in sorted(set(touching) | set(odd))]
    return spans


def _has_habit(lines: list[str], word: str, places: list[tuple[int, int]]) -> bool:
    """At least three of its ordinary uses, half of them or more with the same character
    next to the word on one side (基层党建, 基层党组织: 党)."""
    if len(places) < _MIN_REPEATS:
        return False
    for side in (-1, len(word)):
        counts: dict[str, int] = {}
        for i, s in places:
            k = s + side
            if 0 <= k < len(lines[i]) and _CJK_RUN.match(lines[i][k]):
                counts[lines[i][k]] = counts.get(lines[i][k], 0) + 1
        if counts and 2 * max(counts.values()) >= len(places):
            return True
    return False


def _touching_words(lines: list[str], junctions: set[tuple[int, int]]) -> dict[str, list[tuple[int, int]]]:
    """Dictionary words that end or start where spam was taken out."""
    touching: dict[str, list[tuple[int, int]]] = {}
    for index, offset in sorted(junctions):
        line = lines[index]
        for size in range(2, _MAX_WORD + 1):
            for start in (offset - size, offset):
                word = line[max(start, 0) : start + size]
                if (
                    start >= 0
                    and len(word) == size
                    and _CJK_RUN.fullmatch(word)
                    and _is_word(word)
                    and _aligned(line, start, start + size)
                ):
                    touching.setdefault(word, []).append((index, start))
    return touching


def _word_places(lines: list[str], word: str) -> list[tuple[int, int]]:
    return [
        (index, match.start())
        for index, line in enumerate(lines)
        for match in re.finditer(re.escape(word), line)
        if _aligned(line, match.start(), match.end())
    ]


def _unique_neighbours(lines: list[str], place: tuple[int, int], word: str, text: str) -> bool:
    """Neither ``x+word`` nor ``word+y`` occurs anywhere else in the article.

    A punctuation neighbour says nothing about the word's habits and is skipped.
    """
    index, start = place
    line, end = lines[index], start + len(word)
    pieces = ([line[start - 1 : end]] if start and _CJK_RUN.match(line[start - 1]) else []) + (
        [line[start : end + 1]] if end < len(line) and _CJK_RUN.match(line[end]) else []
    )
    return bool(pieces) and all(text.count(piece) == 1 for piece in pieces)


def _without(line: str, spans: list[Cut]) -> tuple[str, list[int]]:
    """``line`` minus the spans, and the offsets in the result where something was cut."""
    pieces, junctions, position, kept = [], [], 0, 0
    for span in spans:
        if span.start >= position:
            pieces.append(line[position : span.start])
            kept += span.start - position
            junctions.append(kept)
            position = span.end
    return "".join(pieces) + line[position:], junctions


# --- putting it together ----------------------------------------------------------------------


def find_spam(lines: list[str], evidence: frozenset[tuple[int, int]] = frozenset()) -> list[Cut]:
    """Spam spans of passes 1-3 in the article's lines, overlaps merged, in text order.

    ``evidence``: (line, offset) where an earlier round already took spam out.
    """
    clear = _brand_spans(lines) + _dangling_spans(lines)
    weak = _weak_brand_spans(lines)
    points = set(evidence) | {
        (span.line_index, offset) for span in clear + weak for offset in (span.start, span.end)
    }
    if not points:
        return []
    fragments = _fragment_spans(lines, points)
    # a weak brand shape alone (AB体育) is no proof; with other spam around it is spam too
    return _merge(clear + fragments + (weak if clear or fragments or evidence else []))


def _merge(spans: list[Cut]) -> list[Cut]:
    merged: list[Cut] = []
    for span in sorted(spans):
        last = merged[-1] if merged else None
        if last and last.line_index == span.line_index and span.start <= last.end:
            merged[-1] = Cut(last.line_index, last.start, max(last.end, span.end), last.rule)
        else:
            merged.append(span)
    return merged


def _cut(
    lines: tuple[Line, ...],
    spans: list[Cut],
) -> tuple[list[Line], tuple[Removal, ...], set]:
    removals = tuple(
        Removal(lines[s.line_index].text[s.start : s.end], s.rule, lines[s.line_index].number) for s in spans
    )
    cleaned, junctions = [], set()
    for index, line in enumerate(lines):
        text, cuts = _without(line.text, [s for s in spans if s.line_index == index])
        cleaned.append(Line(line.number, text))
        junctions |= {(index, offset) for offset in cuts}
    return cleaned, removals, junctions


def _shifted(points: set[tuple[int, int]], spans: list[Cut]) -> set[tuple[int, int]]:
    """``points`` in the text with ``spans`` cut out."""

    def moved(index: int, offset: int) -> int:
        return offset - sum(
            min(s.end, offset) - s.start for s in spans if s.line_index == index and s.start < offset
        )

    return {(index, moved(index, offset)) for index, offset in points}


def _remove_once(
    lines: tuple[Line, ...],
    evidence: frozenset[tuple[int, int]],
) -> tuple[tuple[Line, ...], tuple[Removal, ...], frozenset[tuple[int, int]]]:
    spans = find_spam([line.text for line in lines], evidence)
    first, removals, junctions = _cut(lines, spans)
    if not removals:
        return lines, (), evidence
    words = _merge(_word_spans([line.text for line in first], junctions))
    second, word_removals, more = _cut(tuple(first), words)
    # where spam was, in the text that is left (normalising spaces below may move a point by
    # a character: the points only say roughly where spam was)
    points = frozenset(_shifted(_shifted(set(evidence), spans) | junctions, words) | more)
    return (
        tuple(Line(line.number, normalize_spaces(line.text)) for line in second),
        removals + word_removals,
        points,
    )


def remove_spam(lines: tuple[Line, ...]) -> tuple[tuple[Line, ...], tuple[Removal, ...]]:
    """Delete spam from the lines (passes 1-3, then real words used as spam); record each deletion.

    Repeats until nothing more is found: taking spam out can glue a new brand together.
    """
    removed: tuple[Removal, ...] = ()
    evidence: frozenset[tuple[int, int]] = frozenset()
    for _ in range(_MAX_ROUNDS):
        lines, taken, found = _remove_once(lines, evidence)
        if not taken:
            break
        removed += taken
        evidence = found
    return lines, removed
