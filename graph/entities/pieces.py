"""Name pieces: LAC tokens re-cut where Chinese institution and place names have joints.

LAC tags 苏州市姑苏区沧浪街道党工委 as one LOC word and 市委书记 as one noun; the
rules need the joints: 苏州市 | 姑苏区 | 沧浪 | 街道 | 党工委 and 市委 | 书记.  A piece
is a gazetteer place, a place suffix (街道, 社区, 园区 ...), an organisation suffix
(党委, 组织部, 支行 ...), a post title, a name core, or a break (punctuation and
function words, which no name crosses).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Iterator, NamedTuple, Sequence

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

__all__ = ["Piece", "sentence_pieces", "token_pieces", "is_generic", "split_word", "join_suffix_tokens"]

_COUNTED_PLACES = re.compile(r"[一二三四五六七八九十两几多]+[镇村乡地区县市个]")
_SUBAREA = re.compile(r"^[一二三四五六七八九十]{1,2}[区期]$")
_BREAK_CHARS = set("，,。；;：:！!？?、（）()《》“”‘’\"'「」『』【】[]·…—-/| \t\n")


class Piece(NamedTuple):
    """A span of the text with its kind.  A named tuple rather than a frozen dataclass: one
    is made for every token of the corpus, and a tuple is made in half the time."""

    start: int
    end: int
    text: str
    kind: str          # place | psuf | osuf | title | core | per | break
    pos: str = ""      # LAC tag of the token the piece came from
    sub: str = ""      # subtype (psuf), organisation kind (osuf)


_FIRST_CHAR_INDEX: dict[int, dict[str, tuple[str, ...]]] = {}


def _by_first_char(table: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """The words of a (cached, never freed) lexicon table by first character, longest first."""
    index = _FIRST_CHAR_INDEX.get(id(table))
    if index is None:
        grouped: dict[str, list[str]] = {}
        for word in sorted(table, key=lambda w: (-len(w), w)):
            grouped.setdefault(word[0], []).append(word)
        index = _FIRST_CHAR_INDEX[id(table)] = {ch: tuple(ws) for ch, ws in grouped.items()}
    return index


def _match_suffix(text: str, i: int, table: dict[str, str]) -> str | None:
    """The longest word of ``table`` at ``text[i:]``."""
    for word in _by_first_char(table).get(text[i], ()):
        if text.startswith(word, i):
            return word
    return None


@lru_cache(maxsize=1)
def _title_set() -> frozenset[str]:
    return frozenset(lexicon.titles())


@lru_cache(maxsize=1)
def _title_table() -> dict[str, str]:
    return {t: "title" for t in lexicon.titles()}


@lru_cache(maxsize=65536)
def split_word(word: str, pos: str) -> tuple[tuple[int, int, str, str], ...]:
    """Cut one word into (start, end, kind, sub) segments, or one core segment when it has no joint.

    >>> word = "苏州市委组织部"
    >>> [(word[s:e], k) for s, e, k, _ in split_word(word, "ORG")]
    [('苏州市', 'place'), ('委', 'osuf'), ('组织部', 'osuf')]
    """
    segments: list[tuple[int, int, str, str]] = []
    i = 0
    while i < len(word):
        segment = _segment_at(word, i, segments, pos)
        if segment[2] == "core" and segments and segments[-1][2] == "core":
            segments[-1] = (segments[-1][0], segment[1], "core", "")
        else:
            segments.append(segment)
        i = segment[1]
    segments = _merge_place_and_char(word, segments)
    return tuple(segments) if _keep_split(segments, pos, word) else ((0, len(word), "core", ""),)


def _merge_place_and_char(word: str, segments: list) -> list:
    """苏州 + 湾 + 大厦 -> 苏州湾 + 大厦: a place and one more character name a new place."""
    out: list = []
    for segment in segments:
        if (out and out[-1][2] == "place" and segment[2] == "core" and segment[1] - segment[0] == 1
                and word[segment[0]] not in lexicon.level_chars()):
            out[-1] = (out[-1][0], segment[1], "core", "")
        elif (out and out[-1][2] == "place" and out[-1][3] == "short" and segment[2] == "core"
              and segment[1] - segment[0] == 1 and word[segment[0]] in lexicon.place_endings("former-name")):
            out[-1] = (out[-1][0], segment[1], "place", "old")     # 松江县: a former name of the place
        else:
            out.append(segment)
    merged: list = []
    for segment in out:         # 中华人民 + 共和国 (共和 + 国): one core
        if merged and merged[-1][2] == "core" and segment[2] == "core":
            merged[-1] = (merged[-1][0], segment[1], "core", "")
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


def _segment_at(word: str, i: int, before: list, pos: str = "LOC") -> tuple[int, int, str, str]:
    place_end = _place_at(word, i, pos, before)
    if place_end is not None:
        official = gazetteer.candidates(word[i:place_end])[1]
        return (i, place_end, "place", "official" if official else "short")
    if word[i] not in _suffix_starts():
        return (i, i + 1, "core", "")      # no suffix or title starts here: skip the three look-ups
    osuf = _match_suffix(word, i, lexicon.org_suffixes())
    whole = osuf is not None and i == 0 and len(osuf) == len(word)
    if osuf and (before or len(osuf) > 1) and (whole or _suffix_fits(osuf, before)) \
            and not _part_of_word(word, i, osuf, before):
        return (i, i + len(osuf), "osuf", lexicon.org_suffixes()[osuf])
    psuf = _match_suffix(word, i, lexicon.place_suffixes())
    if psuf and len(psuf) == 1 and i + 1 != len(word) and not _name_before(before):
        psuf = None             # 临湖镇: inside a word, 湖 needs a name of two characters before it
    if psuf and (before or len(psuf) == len(word)) and not _part_of_word(word, i, psuf, before):
        return (i, i + len(psuf), "psuf", lexicon.place_suffixes()[psuf])
    title = _match_suffix(word, i, _title_table())
    if title and before and before[-1][2] == "osuf":
        return (i, i + len(title), "title", "")
    return (i, i + 1, "core", "")


@lru_cache(maxsize=1)
def _suffix_starts() -> frozenset[str]:
    """The first characters of every organisation suffix, place suffix and post title."""
    return frozenset(word[0] for word in (*lexicon.org_suffixes(), *lexicon.place_suffixes(), *_title_table()))


def _name_before(before: list) -> bool:
    return bool(before) and (before[-1][2] == "place" or (before[-1][2] == "core" and before[-1][1] - before[-1][0] >= 2))


def _part_of_word(word: str, i: int, suffix: str, before: list) -> bool:
    """A one-character suffix that makes a dictionary word with the character before it (互联网, 全局)."""
    return (len(suffix) == 1 and bool(before) and before[-1][2] == "core"
            and lexicon.is_dictionary_word(word[i - 1:i + 1]))


def _inside_core(before: list) -> bool:
    """A place name right after a one-character core is part of a word (e.g. 新城区 in 高铁科创新城区)."""
    return bool(before) and before[-1][2] == "core" and before[-1][1] - before[-1][0] == 1


def _suffix_fits(osuf: str, before: list) -> bool:
    # 委 alone names a body only right after a place (吴中区委); else it is part of a word (委员)
    if len(osuf) == 1 and osuf in "委办":
        return bool(before) and before[-1][2] in ("place", "psuf")
    return True


def _keep_split(segments: list, pos: str, word: str) -> bool:
    if len(segments) == 1:
        return segments[0][2] != "core"
    if len(word) == 2 and segments[0][2] == "core" and segments[1][2] == "psuf":
        return False        # 暖村, 湖区: two characters ending in a place suffix are one word
    last = segments[-1][2]
    if last == "core" and segments[-1][1] - segments[-1][0] == 1 and word[-1] not in lexicon.level_chars():
        return False        # 苏州湾, 苏州城: a place and one more character make one name
    if pos in NAMES:
        return True
    return last in ("osuf", "psuf", "place", "title") and any(k != "core" or e - s >= 2 for s, e, k, _ in segments[:-1])


def _token_pieces(token: Token) -> Iterator[Piece]:
    text, pos = token.text, token.pos
    if pos == "PER" and not _person_like(text):
        yield from _token_pieces(Token(token.start, token.end, text, "nz"))   # 吴中环: not a person
    elif pos == "PER":
        yield Piece(token.start, token.end, text, "per", pos)
    elif _is_break(text, pos):
        yield Piece(token.start, token.end, text, "break", pos)
    elif text in _title_set():
        yield Piece(token.start, token.end, text, "title", pos)
    elif _SUBAREA.match(text):
        yield Piece(token.start, token.end, text, "psuf", pos, "community")
    elif pos in NAMES and (cut := _COUNTED_PLACES.search(text, 2)):
        yield from _token_pieces(Token(token.start, token.start + cut.start(), text[:cut.start()], pos))
        yield Piece(token.start + cut.start(), token.end, text[cut.start():], "break", "m")
    elif pos in NAMES and len(text) >= 3 and text[-1] in "和与及":
        # 北大和 | 空军航空大学: LAC glued the conjunction to a name; no name ends with "and"
        yield from _token_pieces(Token(token.start, token.end - 1, text[:-1], pos))
        yield Piece(token.end - 1, token.end, text[-1], "core", "c")
    else:
        yield from _word_pieces(token)


def _person_like(text: str) -> bool:
    from .persons import looks_like_person

    return looks_like_person(text)


def token_pieces(token: Token) -> list[Piece]:
    """The pieces of one token alone."""
    return [Piece(token.start + s, token.start + e, t, k, p, sub)
            for s, e, t, k, p, sub in _pieces_of_word(token.text, token.pos)]


@lru_cache(maxsize=131072)
def _pieces_of_word(text: str, pos: str) -> tuple[tuple[int, int, str, str, str, str], ...]:
    """Pieces of a word at offset 0: they depend on the word and its tag only, and news
    repeats its words, so each distinct word is cut once."""
    return tuple((p.start, p.end, p.text, p.kind, p.pos, p.sub)
                 for p in _token_pieces(Token(0, len(text), text, pos)))


def _is_break(text: str, pos: str) -> bool:
    if all(ch in _BREAK_CHARS for ch in text) or pos in BREAKS or text in lexicon.quantifiers():
        return True
    if pos.startswith("v") and pos != "vn" and (text in lexicon.function_verbs() or text in lexicon.trigger_verbs()):
        return True
    return pos not in NAME_PARTS and pos not in INSIDE_NAME


def _word_pieces(token: Token) -> Iterator[Piece]:
    text, pos = token.text, token.pos
    previous = ""
    for s, e, kind, sub in split_word(text, pos):
        piece_text = text[s:e]
        conjunction = next((c for c in lexicon.joint_verbs() if piece_text.startswith(c)), None)
        if kind == "core" and previous == "osuf" and conjunction:
            yield Piece(token.start + s, token.start + s + len(conjunction), conjunction, "break", "c")
            if e < len(text):
                yield from _word_pieces(Token(token.start + s + len(conjunction), token.end,
                                              text[s + len(conjunction):], pos))
            return
        split_at = piece_text.find("和", 2)
        if kind == "core" and pos in NAMES and split_at > 0 and len(piece_text) - split_at > 2:
            # 北大和空军航空大学: two names LAC took for one, 和 between (not 人民共和国)
            yield Piece(token.start + s, token.start + s + split_at, piece_text[:split_at], "core", pos)
            yield Piece(token.start + s + split_at, token.start + s + split_at + 1, "和", "core", "c")
            yield from _word_pieces(Token(token.start + s + split_at + 1, token.end, text[s + split_at + 1:], pos))
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
        for n in ((3, 2) if tokens[i].text in heads else ()):
            group = tokens[i:i + n]
            if len(group) == n and "".join(t.text for t in group) in _joinable() \
                    and all(a.end == b.start for a, b in zip(group, group[1:])) \
                    and all(t.pos not in NEVER_JOINED for t in group):
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
