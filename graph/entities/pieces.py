"""Name pieces: LAC tokens re-cut where Chinese institution and place names have joints.

LAC tags 苏州市姑苏区沧浪街道党工委 as one LOC word and 市委书记 as one noun; the
rules need the joints: 苏州市 | 姑苏区 | 沧浪 | 街道 | 党工委 and 市委 | 书记.  A piece
is a gazetteer place, a place suffix (街道, 社区, 园区 ...), an organisation suffix
(党委, 组织部, 支行 ...), a post title, a name core, or a break (punctuation and
function words, which no name crosses).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from enum import Enum
from functools import cache, lru_cache
from typing import NamedTuple

from ..knowledge import gazetteer, lexicon
from ..knowledge.postags import (
    BREAKS,
    DICT_COMMON,
    DICT_NOUNS,
    INSIDE_NAME,
    NAME_PARTS,
    NAMES,
    NEVER_JOINED,
    SHORT_PLACE,
)
from ..model import Token
from .person_names import looks_like_person

__all__ = [
    "Piece",
    "PieceKind",
    "Segment",
    "sentence_pieces",
    "token_pieces",
    "is_generic",
    "split_word",
    "join_suffix_tokens",
    "PLACE_NAME",
    "PLACE_SUFFIX",
    "ORG_SUFFIX",
    "TITLE",
    "CORE",
    "PERSON_NAME",
    "BREAK",
]

_COUNTED_PLACES = re.compile(r"[一二三四五六七八九十两几多]+[镇村乡地区县市个]")
_SUBAREA = re.compile(r"^[一二三四五六七八九十]{1,2}[区期]$")
_BREAK_CHARS = set("，,。；;：:！!？?、（）()《》“”‘’\"'「」『』【】[]·…—-/| \t\n")


class PieceKind(str, Enum):
    """What a piece of a name is.  A ``str`` enum: its members compare equal to their values."""

    PLACE_NAME = "place"  # a gazetteer division's official or short name (sub: official / short / old)
    PLACE_SUFFIX = "psuf"  # 街道, 社区, 园区 ... (sub: the place's subtype)
    ORG_SUFFIX = "osuf"  # 党委, 组织部, 支行 ... (sub: the body's kind)
    TITLE = "title"  # a post title (书记 in 市委书记)
    CORE = "core"  # any other word or part of one: a name's own words
    PERSON_NAME = "per"  # LAC's person name
    BREAK = "break"  # punctuation and function words: no name runs across one

    # hash, print and format as the value does, so a member and its value are one key and one text
    __hash__ = str.__hash__
    __str__ = str.__str__
    __format__ = str.__format__

    def __repr__(self) -> str:
        return repr(self.value)


PLACE_NAME, PLACE_SUFFIX, ORG_SUFFIX, TITLE, CORE, PERSON_NAME, BREAK = PieceKind


class Segment(NamedTuple):
    """A part of one word: ``word[start:end]``, its kind and subtype (``split_word``)."""

    start: int
    end: int
    kind: PieceKind
    sub: str = ""


class Piece(NamedTuple):
    """A span of the text with its kind.  A named tuple rather than a frozen dataclass: one
    is made for every token of the corpus, and a tuple is made in half the time."""

    start: int
    end: int
    text: str
    kind: PieceKind
    pos: str = ""  # LAC tag of the token the piece came from
    sub: str = ""  # subtype (psuf), organisation kind (osuf)


def _suffix_tables() -> dict[str, dict[str, str]]:
    """The word tables a piece is matched against, by name."""
    return {"org": lexicon.org_suffixes(), "place": lexicon.place_suffixes(), "title": _title_table()}


@cache
def _by_first_char(name: str) -> dict[str, tuple[str, ...]]:
    """The words of the table ``name`` by first character, longest first."""
    grouped: dict[str, list[str]] = {}
    for word in sorted(_suffix_tables()[name], key=lambda w: (-len(w), w)):
        grouped.setdefault(word[0], []).append(word)
    return {ch: tuple(ws) for ch, ws in grouped.items()}


def _match_suffix(text: str, i: int, name: str) -> str | None:
    """The longest word of the table ``name`` (org, place, title) at ``text[i:]``."""
    for word in _by_first_char(name).get(text[i], ()):
        if text.startswith(word, i):
            return word
    return None


@lru_cache(maxsize=1)
def _title_set() -> frozenset[str]:
    return frozenset(lexicon.titles())


@lru_cache(maxsize=1)
def _title_table() -> dict[str, str]:
    return {t: TITLE for t in lexicon.titles()}


@lru_cache(maxsize=65536)
def split_word(word: str, pos: str) -> tuple[Segment, ...]:
    """Cut one word into segments (start, end, kind, sub), or one core segment when it has no joint.

    >>> word = "苏州市委组织部"
    >>> [(word[seg.start:seg.end], seg.kind) for seg in split_word(word, "ORG")]
    [('苏州市', 'place'), ('委', 'osuf'), ('组织部', 'osuf')]
    """
    segments: list[Segment] = []
    i = 0
    while i < len(word):
        segment = _segment_at(word, i, segments, pos)
        if segment.kind == CORE and segments and segments[-1].kind == CORE:
            segments[-1] = Segment(segments[-1].start, segment.end, CORE)
        else:
            segments.append(segment)
        i = segment.end
    segments = _merge_place_and_char(word, segments)
    return tuple(segments) if _keep_split(segments, pos, word) else (Segment(0, len(word), CORE),)


def _merge_place_and_char(word: str, segments: list) -> list:
    """苏州 + 湾 + 大厦 -> 苏州湾 + 大厦: a place and one more character name a new place."""
    out: list = []
    for segment in segments:
        if (
            out
            and out[-1].kind == PLACE_NAME
            and segment.kind == CORE
            and segment.end - segment.start == 1
            and word[segment.start] not in lexicon.level_chars()
        ):
            out[-1] = Segment(out[-1].start, segment.end, CORE)
        elif (
            out
            and out[-1].kind == PLACE_NAME
            and out[-1].sub == "short"
            and segment.kind == CORE
            and segment.end - segment.start == 1
            and word[segment.start] in lexicon.place_endings("former-name")
        ):
            out[-1] = Segment(
                out[-1].start, segment.end, PLACE_NAME, "old"
            )  # 松江县: a former name of the place
        else:
            out.append(segment)
    merged: list = []
    for segment in out:  # 中华人民 + 共和国 (共和 + 国): one core
        if merged and merged[-1].kind == CORE and segment.kind == CORE:
            merged[-1] = Segment(merged[-1].start, segment.end, CORE)
        else:
            merged.append(segment)
    return merged


def _place_at(word: str, i: int, pos: str, before: list) -> int | None:
    """End of a gazetteer name at ``i`` that may count as a place in a word tagged ``pos``."""
    found = gazetteer.longest_name_at(word, i)
    if not found or _inside_core(before):
        return None
    end, official = found
    name = word[i:end]
    if name in lexicon.generic_nouns():
        return None
    if not official and not _place_word(name):
        return None
    if official and (len(name) >= 3 or pos in SHORT_PLACE):
        return end
    return end if pos in SHORT_PLACE else None


def _place_word(name: str) -> bool:
    """Whether a short place name is not, first of all, a common word (资源, 振兴, 东方)."""
    tag = lexicon.dictionary_tag(name)
    if tag is None:
        return True
    if tag in DICT_COMMON:
        return False
    if tag in DICT_NOUNS:
        found = gazetteer.candidates(name)[0]
        return bool(found) and found[0].level != "district"
    return True


def _segment_at(word: str, i: int, before: list[Segment], pos: str = "LOC") -> Segment:
    place_end = _place_at(word, i, pos, before)
    if place_end is not None:
        official = gazetteer.candidates(word[i:place_end])[1]
        return Segment(i, place_end, PLACE_NAME, "official" if official else "short")
    if word[i] not in _suffix_starts():
        return Segment(i, i + 1, CORE, "")  # no suffix or title starts here: skip the three look-ups
    osuf = _match_suffix(word, i, "org")
    whole = osuf is not None and i == 0 and len(osuf) == len(word)
    if (
        osuf
        and (before or len(osuf) > 1)
        and (whole or _suffix_fits(osuf, before))
        and not _part_of_word(word, i, osuf, before)
    ):
        return Segment(i, i + len(osuf), ORG_SUFFIX, lexicon.org_suffixes()[osuf])
    psuf = _match_suffix(word, i, "place")
    if psuf and len(psuf) == 1 and i + 1 != len(word) and not _name_before(before):
        psuf = None  # 临湖镇: inside a word, 湖 needs a name of two characters before it
    if psuf and (before or len(psuf) == len(word)) and not _part_of_word(word, i, psuf, before):
        return Segment(i, i + len(psuf), PLACE_SUFFIX, lexicon.place_suffixes()[psuf])
    title = _match_suffix(word, i, "title")
    if title and before and before[-1].kind == ORG_SUFFIX:
        return Segment(i, i + len(title), TITLE)
    return Segment(i, i + 1, CORE, "")


@lru_cache(maxsize=1)
def _suffix_starts() -> frozenset[str]:
    """The first characters of every organisation suffix, place suffix and post title."""
    return frozenset(
        word[0] for word in (*lexicon.org_suffixes(), *lexicon.place_suffixes(), *_title_table())
    )


def _name_before(before: list) -> bool:
    return bool(before) and (
        before[-1].kind == PLACE_NAME or (before[-1].kind == CORE and before[-1].end - before[-1].start >= 2)
    )


def _part_of_word(word: str, i: int, suffix: str, before: list) -> bool:
    """A one-character suffix that makes a dictionary word with the character before it (互联网, 全局)."""
    return (
        len(suffix) == 1
        and bool(before)
        and before[-1].kind == CORE
        and lexicon.is_dictionary_word(word[i - 1 : i + 1])
    )


def _inside_core(before: list) -> bool:
    """A place name right after a one-character core is part of a word (e.g. 新城区 in 高铁科创新城区)."""
    return bool(before) and before[-1].kind == CORE and before[-1].end - before[-1].start == 1


def _suffix_fits(osuf: str, before: list) -> bool:
    # 委 alone names a body only right after a place (吴中区委); else it is part of a word (委员)
    if len(osuf) == 1 and osuf in "委办":
        return bool(before) and before[-1].kind in (PLACE_NAME, PLACE_SUFFIX)
    return True


def _keep_split(segments: list, pos: str, word: str) -> bool:
    if len(segments) == 1:
        return segments[0].kind != CORE
    if len(word) == 2 and segments[0].kind == CORE and segments[1].kind == PLACE_SUFFIX:
        return False  # 暖村, 湖区: two characters ending in a place suffix are one word
    last = segments[-1].kind
    if last == CORE and segments[-1].end - segments[-1].start == 1 and word[-1] not in lexicon.level_chars():
        return False  # 苏州湾, 苏州城: a place and one more character make one name
    if pos in NAMES:
        return True
    return last in (ORG_SUFFIX, PLACE_SUFFIX, PLACE_NAME, TITLE) and any(
        seg.kind != CORE or seg.end - seg.start >= 2 for seg in segments[:-1]
    )


def _token_pieces(token: Token) -> Iterator[Piece]:
    text, pos = token.text, token.pos
    if pos == "PER" and not _person_like(text):
        yield from _token_pieces(Token(token.start, token.end, text, "nz"))  # 吴中环: not a person
    elif pos == "PER":
        yield Piece(token.start, token.end, text, PERSON_NAME, pos)
    elif _is_break(text, pos):
        yield Piece(token.start, token.end, text, BREAK, pos)
    elif text in _title_set():
        yield Piece(token.start, token.end, text, TITLE, pos)
    elif _SUBAREA.match(text):
        yield Piece(token.start, token.end, text, PLACE_SUFFIX, pos, "community")
    elif pos in NAMES and (cut := _COUNTED_PLACES.search(text, 2)):
        yield from _token_pieces(Token(token.start, token.start + cut.start(), text[: cut.start()], pos))
        yield Piece(token.start + cut.start(), token.end, text[cut.start() :], BREAK, "m")
    elif pos in NAMES and len(text) >= 3 and text[-1] in "和与及":
        # 北大和 | 空军航空大学: LAC glued the conjunction to a name; no name ends with "and"
        yield from _token_pieces(Token(token.start, token.end - 1, text[:-1], pos))
        yield Piece(token.end - 1, token.end, text[-1], CORE, "c")
    else:
        yield from _word_pieces(token)


def _person_like(text: str) -> bool:
    return looks_like_person(text)


def token_pieces(token: Token) -> list[Piece]:
    """The pieces of one token alone."""
    return [
        Piece(token.start + s, token.start + e, t, k, p, sub)
        for s, e, t, k, p, sub in _pieces_of_word(token.text, token.pos)
    ]


@lru_cache(maxsize=131072)
def _pieces_of_word(text: str, pos: str) -> tuple[tuple[int, int, str, str, str, str], ...]:
    """Pieces of a word at offset 0: they depend on the word and its tag only, and news
    repeats its words, so each distinct word is cut once."""
    return tuple(
        (p.start, p.end, p.text, p.kind, p.pos, p.sub) for p in _token_pieces(Token(0, len(text), text, pos))
    )


def _is_break(text: str, pos: str) -> bool:
    if all(ch in _BREAK_CHARS for ch in text) or pos in BREAKS or text in lexicon.quantifiers():
        return True
    if (
        pos.startswith("v")
        and pos != "vn"
        and (text in lexicon.function_verbs() or text in lexicon.trigger_verbs())
    ):
        return True
    return pos not in NAME_PARTS and pos not in INSIDE_NAME


_AND = ("和", "与", "及")  # after a body's suffix they begin another body, never more of this one


def _word_pieces(token: Token) -> Iterator[Piece]:
    text, pos = token.text, token.pos
    previous = ""
    for s, e, kind, sub in split_word(text, pos):
        piece_text = text[s:e]
        conjunction = next((c for c in (*lexicon.joint_verbs(), *_AND) if piece_text.startswith(c)), None)
        if kind == CORE and previous == ORG_SUFFIX and conjunction:
            yield Piece(token.start + s, token.start + s + len(conjunction), conjunction, BREAK, "c")
            if e < len(text):
                yield from _word_pieces(
                    Token(token.start + s + len(conjunction), token.end, text[s + len(conjunction) :], pos)
                )
            return
        split_at = piece_text.find("和", 2)
        if (
            kind == CORE
            and pos in NAMES
            and split_at > 0
            and (len(piece_text) - split_at > 2 or (split_at == len(piece_text) - 1 and e < len(text)))
        ):
            # 北大和空军航空大学: two names LAC took for one, 和 between (not 人民共和国)
            yield Piece(token.start + s, token.start + s + split_at, piece_text[:split_at], CORE, pos)
            yield Piece(token.start + s + split_at, token.start + s + split_at + 1, "和", CORE, "c")
            yield from _word_pieces(
                Token(token.start + s + split_at + 1, token.end, text[s + split_at + 1 :], pos)
            )
            return
        previous = kind
        yield Piece(token.start + s, token.start + e, piece_text, kind, pos, sub)


@lru_cache(maxsize=1)
def _joinable() -> frozenset[str]:
    return frozenset(lexicon.org_suffixes()) | frozenset(lexicon.place_suffixes()) | _title_set()


@lru_cache(maxsize=1)
def _joinable_heads() -> frozenset[str]:
    """Every proper prefix of a joinable word: a token that is none of these starts no join."""
    return frozenset(word[:k] for word in _joinable() for k in range(1, len(word)))


def join_suffix_tokens(tokens: Sequence[Token]) -> list[Token]:
    """Join LAC tokens that together spell one suffix or title (示范 + 区, 管理 + 办)."""
    out: list[Token] = []
    heads = _joinable_heads()
    i = 0
    while i < len(tokens):
        joined = None
        for n in (3, 2) if tokens[i].text in heads else ():
            group = tokens[i : i + n]
            if (
                len(group) == n
                and "".join(t.text for t in group) in _joinable()
                and all(a.end == b.start for a, b in zip(group, group[1:]))
                and all(t.pos not in NEVER_JOINED for t in group)
            ):
                joined = Token(group[0].start, group[-1].end, "".join(t.text for t in group), "n")
                break
        out.append(joined or tokens[i])
        i += n if joined else 1
    return out


def sentence_pieces(tokens: Iterable[Token]) -> tuple[Piece, ...]:
    """The pieces of one sentence's tokens, in order."""
    # ``token_pieces`` inlined: this loop runs once per token of the corpus.
    pieces: list[Piece] = []
    for token in join_suffix_tokens(list(tokens)):
        offset = token.start
        for s, e, text, kind, pos, sub in _pieces_of_word(token.text, token.pos):
            pieces.append(Piece(offset + s, offset + e, text, kind, pos, sub))
    return tuple(pieces)


def is_generic(piece: Piece) -> bool:
    """A generic noun or modifier (社区, 智慧): part of a name, never a name alone."""
    return piece.text in lexicon.generic_nouns() or piece.text in lexicon.generic_modifiers()
