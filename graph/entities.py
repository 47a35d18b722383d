"""Entity mentions of one article: persons, places, organisations and programmes.

Hybrid extraction: LAC's PER/LOC/ORG tags give candidates; ``graph.ner.pieces``
re-cuts LAC words at the joints of institution and place names (gazetteer names,
suffixes, post titles); rule families in ``graph.ner`` read names off the pieces
and off quoted strings; LAC's own LOC/ORG words fill in what no rule found.
Every mention satisfies ``doc.text[m.start:m.end] == m.text``.
"""
from __future__ import annotations

import bisect
import re
from typing import Iterable, Iterator, Sequence

from . import gazetteer, lexicon
from .model import Document, EntityType, Mention, Sentence, Token
from .ner.candidates import Candidate
from .ner.institutions import institution_candidates
from .ner.persons import person_candidates
from .ner.pieces import Piece, sentence_pieces, split_word, token_pieces
from .ner.lists import list_candidates
from .ner.programmes import place_led_programmes, programme_candidates, quoted_org_candidates
from .ner.quotes import Quote, find_quotes

__all__ = ["extract_mentions", "candidates_of"]

_BAD_CHARS = re.compile(r"[*＊\n\r\t□]")
_LAC_TYPES = {"LOC": EntityType.PLACE, "ORG": EntityType.ORGANISATION}
_PREPOSITION_START = set("沿环临依靠")
_JUNK_ENDINGS = ("之城", "公寓", "小村", "之乡", "之府", "讯")
_COMMON_TAGS = frozenset({"v", "vn", "a", "ad", "b", "s", "z", "f", "d", "m", "q", "n"})
_COMPANY_ENDINGS = ("集团", "公司", "银行", "证券")
_ORG_TAGS = frozenset({"nt", "j", "nrt", "nz"})


def extract_mentions(doc: Document, sentences: Sequence[Sentence],
                     tokens: Sequence[Token]) -> tuple[Mention, ...]:
    """Mentions of ``doc``, sorted by (start, end)."""
    candidates = candidates_of(doc.text, sentences, tokens)
    starts = [s.start for s in sentences]
    mentions = {(c.start, c.end, c.type): _mention(doc.text, c, starts) for c in candidates}
    return tuple(sorted(mentions.values(), key=lambda m: (m.start, m.end, m.type.value, m.rule)))


def _mention(text: str, c: Candidate, starts: list[int]) -> Mention:
    sentence = bisect.bisect_right(starts, c.start) - 1 if starts else -1
    return Mention(c.start, c.end, text[c.start:c.end], c.type, c.subtype, c.rule, sentence)


def candidates_of(text: str, sentences: Sequence[Sentence], tokens: Sequence[Token]) -> list[Candidate]:
    """All accepted candidates of a text, before they become mentions."""
    quotes = tuple(find_quotes(text))
    found: list[Candidate] = []
    for sentence_tokens in _by_sentence(sentences, tokens):
        pieces = sentence_pieces(sentence_tokens)
        found += institution_candidates(pieces)
        found += person_candidates(pieces, [(q.start, q.end) for q in quotes])
    found += quoted_org_candidates(text, quotes)
    found += programme_candidates(text, quotes)
    found = _prefer_programmes([c for c in found if _acceptable(text, c, quotes)])
    found += _place_led_quoted_orgs(found)
    found += place_led_programmes(text, [c for c in found if c.type is EntityType.PLACE])
    found += _lac_fallback(text, tokens, found, quotes)
    for sentence_tokens in _by_sentence(sentences, tokens):
        found += [c for c in list_candidates(sentence_tokens, found) if _acceptable(text, c, quotes)]
    return found


def _prefer_programmes(found: list[Candidate]) -> list[Candidate]:
    """A span named as a programme (林渡暖村、诗酒田园等项目) is no place or body too."""
    programme_spans = {(c.start, c.end) for c in found if c.type is EntityType.PROGRAMME}
    return [c for c in found if c.type is EntityType.PROGRAMME or (c.start, c.end) not in programme_spans]


def _by_sentence(sentences: Sequence[Sentence], tokens: Sequence[Token]) -> Iterator[list[Token]]:
    ordered = sorted(tokens, key=lambda t: t.start)
    starts = [t.start for t in ordered]
    for sentence in sentences:
        lo = bisect.bisect_left(starts, sentence.start)
        hi = bisect.bisect_left(starts, sentence.end)
        yield [t for t in ordered[lo:hi] if t.end <= sentence.end]


def _acceptable(text: str, c: Candidate, quotes: Sequence[Quote]) -> bool:
    surface = text[c.start:c.end]
    if c.end - c.start < 2 or _BAD_CHARS.search(surface):
        return False
    if c.type in (EntityType.PROGRAMME,) or c.rule == "org.quoted":
        return True
    if surface in lexicon.generic_nouns():
        return False
    if c.type is EntityType.ORGANISATION and any(_exactly_quoted(c, q) for q in quotes):
        return False        # “跨域联盟”: a quoted body word is a figure of speech
    if c.rule == "place.gazetteer":
        return True         # a division stays a place inside a quoted saying
    return not any(_strictly_inside(c, q) for q in quotes)


def _exactly_quoted(c: Candidate, q: Quote) -> bool:
    return c.start == q.inner_start and c.end == q.inner_end


def _strictly_inside(c: Candidate, q: Quote) -> bool:
    """Inside a quote's text without being all of it (“东吴先锋” holds no place 东吴)."""
    inside = q.inner_start <= c.start and c.end <= q.inner_end
    return inside and not (c.start == q.inner_start and c.end == q.inner_end)


def _place_led_quoted_orgs(found: Sequence[Candidate]) -> list[Candidate]:
    """苏州湾大厦“聚邻窗红”党建联盟: a place right before a quoted body names it too."""
    place_ends = {c.end: c for c in found if c.type is EntityType.PLACE}
    return [Candidate(place_ends[c.start].start, c.end, c.type, c.subtype, "org.quoted_place")
            for c in found if c.rule == "org.quoted" and c.start in place_ends]


def _lac_fallback(text: str, tokens: Iterable[Token], found: Sequence[Candidate],
                  quotes: Sequence[Quote]) -> list[Candidate]:
    """LAC's LOC/ORG words that no rule covered, when they look like names."""
    covered = sorted((c.start, c.end) for c in found if c.type is not EntityType.PERSON)
    org_names = [text[c.start:c.end] for c in found if c.type is EntityType.ORGANISATION]
    extra = []
    for token in tokens:
        kind = _LAC_TYPES.get(token.pos)
        if kind is None:
            continue
        pieces = [p for p in token_pieces(token) if p.kind != "break"]
        inside = [(s, e) for s, e in covered if not (token.start <= s and e <= token.end)]
        if _overlaps(text, inside if _goes_on(pieces) else covered, token.start, token.end):
            continue
        known_org = (kind is EntityType.ORGANISATION and lexicon.dictionary_tag(token.text) in _ORG_TAGS
                     and not _level_and_suffix(token.text))
        whole_org = kind is EntityType.ORGANISATION and pieces and (
            known_org or not any(p.kind == "osuf" for p in pieces))
        whole_loc = kind is EntityType.PLACE and _goes_on(pieces)
        whole_org = whole_org or whole_loc      # 南斯拉夫联盟共和国: the word goes on after a suffix
        if not whole_org and (len(pieces) != 1 or pieces[0].kind != "core"):
            continue        # the word has joints: the rules have judged it
        pieces = [Piece(pieces[0].start, pieces[-1].end, text[pieces[0].start:pieces[-1].end], "core")] if whole_org else pieces
        candidate = Candidate(pieces[0].start, pieces[0].end, kind, None, f"{kind.value.lower()}.lac")
        in_quote = any(q.start < token.end and token.start < q.end for q in quotes) \
            and not (kind is EntityType.PLACE and lexicon.dictionary_tag(token.text) == "ns")
        if not in_quote and _acceptable(text, candidate, quotes) and _lac_word_ok(pieces[0].text, kind, org_names):
            extra.append(candidate)
    return extra


def _goes_on(pieces: Sequence[Piece]) -> bool:
    """A place word that goes on after an organisation suffix (南斯拉夫联盟共和国)."""
    return (len(pieces) > 1 and pieces[-1].kind == "core" and len(pieces[-1].text) >= 2
            and any(p.kind == "osuf" for p in pieces) and not any(p.kind == "psuf" for p in pieces))


def _overlaps(text: str, spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether a found name overlaps [start, end), except one that starts with it and goes on
    with more name (木渎 in 木渎数字智造科技园, not 暖村 in 暖村驿站)."""
    i = bisect.bisect_left(spans, (start, start))
    for s, e in spans[max(0, i - 8): i + 8]:
        if s < end and start < e and not (s == start and e > end and not _suffix_follows(text, end)):
            return True
    return False


def _suffix_follows(text: str, end: int) -> bool:
    """The word only qualifies what follows: 暖村 + 驿站, 沪苏嘉 + 城际铁路 (a zone keeps its place)."""
    return text[end - 1] in "村镇乡岛湖" or any(
        text.startswith(suffix, end) for suffix, kind in lexicon.place_suffixes().items() if kind == "landmark")


def _lac_word_ok(word: str, kind: EntityType, org_names: Sequence[str]) -> bool:
    if any(ch.isdigit() for ch in word) or word in lexicon.generic_modifiers():
        return False
    if kind is EntityType.PLACE:
        return not (len(word) == 2 and word[0] in _PREPOSITION_START) and not word.endswith(_JUNK_ENDINGS) \
            and lexicon.dictionary_tag(word) not in _COMMON_TAGS
    if lexicon.dictionary_tag(word) in _ORG_TAGS or gazetteer.longest_name_at(word, 0) is not None:
        return True         # a known body, or a place's body (黄埔同学会)
    if lexicon.dictionary_tag(word) is not None:
        return False
    if word.endswith("中央") or any(name != word and name.startswith(word) and name.endswith(_COMPANY_ENDINGS)
                                    for name in org_names):
        return True
    return _named_body(word)


def _level_and_suffix(word: str) -> bool:
    """镇党委, 县纪委: a level and suffixes, the name of no particular body (政协 is one)."""
    segments = split_word(word, "ORG")
    return (len(segments) >= 2 and segments[0][2] == "core" and segments[0][1] - segments[0][0] == 1
            and all(kind == "osuf" for _, _, kind, _ in segments[1:]))


def _named_body(word: str) -> bool:
    """An organisation word with a name before its suffix (not 市委, 社区党委, 总揽全局)."""
    segments = split_word(word, "ORG")
    if len(segments) < 2 or segments[-1][2] != "osuf":
        return False
    last_start = segments[-1][0]
    if last_start + 1 == len(word) and _is_word(word[last_start - 1:]):
        return False        # 全局, 格局: the one-character suffix belongs to a word
    names = [word[s:e] for s, e, kind, _ in segments[:-1] if kind in ("place", "core")]
    return any(kind == "place" for _, _, kind, _ in segments) or any(
        len(n) >= 2 and n not in lexicon.generic_nouns() for n in names)


def _is_word(text: str) -> bool:
    return lexicon.is_dictionary_word(text)
