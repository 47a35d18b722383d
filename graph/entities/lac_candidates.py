"""LAC's own LOC and ORG words, for what no rule found.

A word LAC tags LOC or ORG becomes a mention when the rules did not already judge
it (a word with joints, 苏州市委组织部, is theirs) and it looks like a name: not a
common word of the dictionary (北部, 加大), not a bare suffix (党工委), and for an
organisation either a body the dictionary knows (新华社), a word with a named
suffix, a place's body (黄埔同学会) or the short form of a company the article
names in full (亨通 beside 亨通集团).  A word that goes on after a suffix is one
name (南斯拉夫联盟共和国).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence

from ..knowledge import gazetteer, lexicon
from ..knowledge.postags import DICT_BODIES, DICT_COMMON_OR_NOUN, DICT_VERBS
from ..model import EntityType, Token
from .candidates import Candidate
from .pieces import BREAK, CORE, ORG_SUFFIX, PLACE_NAME, PLACE_SUFFIX, Piece, split_word, token_pieces
from .quotes import Quote

__all__ = ["lac_fallback"]

_LAC_TYPES = {"LOC": EntityType.PLACE, "ORG": EntityType.ORGANISATION}


def lac_fallback(
    text: str,
    tokens: Iterable[Token],
    found: Sequence[Candidate],
    quotes: Sequence[Quote],
    acceptable: Callable[[Candidate], bool],
) -> list[Candidate]:
    """LAC's LOC/ORG words that no rule covered, when they look like names."""
    covered = sorted((c.start, c.end) for c in found if c.type is not EntityType.PERSON)
    org_names = [text[c.start : c.end] for c in found if c.type is EntityType.ORGANISATION]
    place_names = {text[c.start : c.end] for c in found if c.type is EntityType.PLACE}
    extra = []
    for token in tokens:
        kind = _LAC_TYPES.get(token.pos)
        if kind is None:
            continue
        pieces = [p for p in token_pieces(token) if p.kind != BREAK]
        if _goes_on(pieces):  # names inside the word do not count: the word goes on
            against = [(s, e) for s, e in covered if not (token.start <= s and e <= token.end)]
        else:
            against = covered
        if _overlaps(text, against, token.start, token.end):
            continue
        known_org = (
            kind is EntityType.ORGANISATION
            and lexicon.dictionary_tag(token.text) in DICT_BODIES
            and not _level_and_suffix(token.text)
        )
        whole_org = (
            kind is EntityType.ORGANISATION
            and pieces
            and (known_org or not any(p.kind == ORG_SUFFIX for p in pieces))
        )
        whole_loc = kind is EntityType.PLACE and _goes_on(pieces)
        whole_org = whole_org or whole_loc  # 南斯拉夫联盟共和国: the word goes on after a suffix
        if not whole_org and (len(pieces) != 1 or pieces[0].kind != CORE):
            continue  # the word has joints: the rules have judged it
        pieces = (
            [Piece(pieces[0].start, pieces[-1].end, text[pieces[0].start : pieces[-1].end], CORE)]
            if whole_org
            else pieces
        )
        candidate = Candidate(pieces[0].start, pieces[0].end, kind, None, f"{kind.value.lower()}.lac")
        in_quote = any(q.start < token.end and token.start < q.end for q in quotes) and not (
            kind is EntityType.PLACE and lexicon.dictionary_tag(token.text) == "ns"
        )
        if (
            not in_quote
            and acceptable(candidate)
            and _lac_word_ok(pieces[0].text, kind, org_names)
            and not (kind is EntityType.PLACE and _cut_place(pieces[0].text, place_names))
        ):
            extra.append(candidate)
    return extra


def _cut_place(word: str, place_names: set[str]) -> bool:
    """井冈 of 井冈山市 (井冈议事厅), 崇创新 (崇 + 创新): a LAC place word cut out of a longer
    place name of the article, or one running into a common verb, when no gazetteer knows it."""
    if gazetteer.candidates(word)[0] or word.endswith(tuple(lexicon.place_suffixes())):
        return False
    if any(
        len(name) > len(word) and name.startswith(word) and gazetteer.candidates(name)[0]
        for name in place_names
    ):
        return True  # a division's name cut short (井冈 of 井冈山市), not a name that goes on (木渎…科技园)
    return len(word) >= 3 and lexicon.dictionary_tag(word[-2:]) in DICT_VERBS


def _goes_on(pieces: Sequence[Piece]) -> bool:
    """A place word that goes on after an organisation suffix (南斯拉夫联盟共和国)."""
    return (
        len(pieces) > 1
        and pieces[-1].kind == CORE
        and len(pieces[-1].text) >= 2
        and any(p.kind == ORG_SUFFIX for p in pieces)
        and not any(p.kind == PLACE_SUFFIX for p in pieces)
    )


def _overlaps(text: str, spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether a found name overlaps [start, end), except one that starts with it and goes on
    with more name (木渎 in 木渎数字智造科技园, not 暖村 in 暖村驿站)."""
    # Every span that may overlap starts within the longest span's length before ``start``.
    longest = max((e - s for s, e in spans), default=0)
    for s, e in spans[
        bisect.bisect_left(spans, (start - longest, -1)) : bisect.bisect_left(spans, (end, -1))
    ]:
        if start < e and not (s == start and e > end and not _suffix_follows(text, end)):
            return True
    return False


def _suffix_follows(text: str, end: int) -> bool:
    """The word only qualifies what follows: 暖村 + 驿站, 沪苏嘉 + 城际铁路 (a zone keeps its place)."""
    return text[end - 1] in lexicon.place_suffix_chars() or any(
        text.startswith(suffix, end)
        for suffix, kind in lexicon.place_suffixes().items()
        if kind == "landmark"
    )


def _lac_word_ok(word: str, kind: EntityType, org_names: Sequence[str]) -> bool:
    if any(ch.isdigit() for ch in word) or word in lexicon.generic_modifiers() or word.endswith("讯"):
        return False  # 钦州讯: the dateline of a news item
    if kind is EntityType.PLACE:
        return (
            word not in lexicon.place_verbs()
            and not (len(word) == 2 and word[0] in lexicon.place_word_starts())
            and not word.endswith(lexicon.not_place_endings())
            and lexicon.dictionary_tag(word) not in DICT_COMMON_OR_NOUN
        )
    if gazetteer.candidates(word)[0]:
        return False  # 固始: a division's name is a place, whatever LAC called it
    if lexicon.dictionary_tag(word) in DICT_BODIES or gazetteer.longest_name_at(word, 0) is not None:
        return True  # a known body, or a place's body (黄埔同学会)
    if lexicon.dictionary_tag(word) is not None:
        return False
    companies = lexicon.company_suffixes("find")
    if word.endswith("中央") or any(
        name != word and name.startswith(word) and name.endswith(companies) for name in org_names
    ):
        return True  # 党中央; 亨通 beside 亨通集团
    return _named_body(word)


def _level_and_suffix(word: str) -> bool:
    """镇党委, 县纪委: a level and suffixes, the name of no particular body (政协 is one)."""
    segments = split_word(word, "ORG")
    if len(segments) == 1:
        return segments[0].kind == ORG_SUFFIX  # 党工委, 管委会 alone
    return (
        segments[0].kind == CORE
        and segments[0].end - segments[0].start == 1
        and all(seg.kind == ORG_SUFFIX for seg in segments[1:])
    )


def _named_body(word: str) -> bool:
    """An organisation word with a name before its suffix (not 市委, 社区党委, 总揽全局)."""
    segments = split_word(word, "ORG")
    if len(segments) < 2 or segments[-1].kind != ORG_SUFFIX:
        return False
    last_start = segments[-1].start
    if last_start + 1 == len(word) and lexicon.is_dictionary_word(word[last_start - 1 :]):
        return False  # 全局, 格局: the one-character suffix belongs to a word
    names = [word[seg.start : seg.end] for seg in segments[:-1] if seg.kind in (PLACE_NAME, CORE)]
    return any(seg.kind == PLACE_NAME for seg in segments) or any(
        len(n) >= 2 and n not in lexicon.generic_nouns() for n in names
    )
