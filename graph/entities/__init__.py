"""Entity mentions of one article: persons, places, organisations and programmes.

Hybrid extraction: LAC's PER/LOC/ORG tags give candidates; ``graph.entities.pieces``
re-cuts LAC words at the joints of institution and place names (gazetteer names,
suffixes, post titles); rule families in ``graph.entities`` read names off the pieces
and off quoted strings; LAC's own LOC/ORG words fill in what no rule found.
Every mention satisfies ``doc.text[m.start:m.end] == m.text``.

The rule families, one module each:

* ``pieces``: LAC tokens re-cut at the joints of names (gazetteer places, place and
  organisation suffixes, post titles, name cores, breaks);
* ``institutions`` and ``place_names``: organisations and places read off runs of pieces;
* ``persons``: LAC's person tags that look like personal names;
* ``quoted``: quoted strings judged as programmes, bodies, places or sayings; ``quotes``
  finds them; ``programmes``: unquoted programme names;
* ``lists``: an untagged item of a 、-list takes the type of the other items;
* ``lac_candidates``: LAC's own LOC/ORG words that no rule judged.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator, Sequence

from ..knowledge import gazetteer, lexicon
from ..model import Document, EntityType, Mention, Sentence, Token
from .candidates import Candidate
from .institutions import institution_candidates, shared_suffix_candidates
from .lac_candidates import lac_fallback
from .lists import list_candidates
from .persons import person_candidates
from .pieces import sentence_pieces
from .programmes import place_led_programmes, programme_candidates
from .quoted import quoted_candidates
from .quotes import Quote, find_quotes

__all__ = ["extract_mentions", "candidates_of"]

_BAD_CHARS = re.compile(r"[*＊\n\r\t□]")


def extract_mentions(
    doc: Document, sentences: Sequence[Sentence], tokens: Sequence[Token]
) -> tuple[Mention, ...]:
    """Mentions of ``doc``, sorted by (start, end)."""
    candidates = _spelled_out(
        doc.text, candidates_of(doc.text, sentences, tokens, doc.headline_end), doc.meta.title or ""
    )
    starts = [s.start for s in sentences]
    mentions = {(c.start, c.end, c.type): _mention(doc.text, c, starts) for c in candidates}
    return tuple(sorted(mentions.values(), key=lambda m: (m.start, m.end, m.type.value, m.rule)))


def _mention(text: str, c: Candidate, starts: list[int]) -> Mention:
    sentence = bisect.bisect_right(starts, c.start) - 1 if starts else -1
    return Mention(c.start, c.end, text[c.start : c.end], c.type, c.subtype, c.rule, sentence)


def candidates_of(
    text: str, sentences: Sequence[Sentence], tokens: Sequence[Token], body_start: int = 0
) -> list[Candidate]:
    """All accepted candidates of a text, before they become mentions (``text[:body_start]`` is
    the headline, whose quotes name only what the body names)."""
    quotes = tuple(find_quotes(text))
    quoted = [(q.start, q.end) for q in quotes]
    tokens_by_sentence = list(_by_sentence(sentences, tokens))
    found: list[Candidate] = []
    for sentence_tokens in tokens_by_sentence:
        pieces = sentence_pieces(sentence_tokens)
        found += institution_candidates(pieces)
        found += person_candidates(pieces, quoted)
    found += quoted_candidates(text, quotes, body_start)
    found += shared_suffix_candidates(text)
    found += programme_candidates(text)
    found = [_without_place_verb(text, c) for c in found]
    found = _without_quoted_tails(_prefer_programmes([c for c in found if _acceptable(text, c, quotes)]))
    found += _place_led_quoted_orgs(found)
    found += place_led_programmes(text, [c for c in found if c.type is EntityType.PLACE])
    found += lac_fallback(text, tokens, found, quotes, lambda c: _acceptable(text, c, quotes))
    for sentence_tokens in tokens_by_sentence:
        found += [c for c in list_candidates(sentence_tokens, found) if _acceptable(text, c, quotes)]
    found += _long_names(tokens, found)
    return _not_places(found, text)


def _long_names(tokens: Sequence[Token], found: Sequence[Candidate]) -> list[Candidate]:
    """白玛扎西: four or more characters without a Chinese family name (Tibetan, Uygur and other
    names) are a person when LAC tags the same name a person at least twice."""
    taken = {(c.start, c.end) for c in found}
    per = [
        t
        for t in tokens
        if t.pos == "PER"
        and 4 <= len(t.text) <= 8
        and (t.start, t.end) not in taken
        and all("\u4e00" <= ch <= "\u9fff" or ch == "·" for ch in t.text)
    ]
    counts = Counter(t.text for t in per)
    return [
        Candidate(t.start, t.end, EntityType.PERSON, None, "person.lac_repeated")
        for t in per
        if counts[t.text] >= 2 and not gazetteer.longest_name_at(t.text, 0)
    ]


def _spelled_out(text: str, found: list[Candidate], headline: str) -> list[Candidate]:
    """白玛次 -> 白玛次仁 when the headline spells the name out and the text goes on with it."""
    if not headline:
        return found
    out = []
    for c in found:
        if c.type is EntityType.PERSON:
            # the headline's spelling is trusted beyond the usual shape of a name (白玛次仁)
            longer = next(
                (
                    n
                    for n in (2, 1)
                    if text[c.start : c.end + n] in headline
                    and _han(text[c.end : c.end + n])
                    and _name_ends(headline, text[c.start : c.end + n])
                ),
                0,
            )
            c = Candidate(c.start, c.end + longer, c.type, c.subtype, c.rule) if longer else c
        out.append(c)
    return out


def _han(chars: str) -> bool:
    return bool(chars) and all("\u4e00" <= ch <= "\u9fff" for ch in chars)


def _name_ends(headline: str, name: str) -> bool:
    """The name stands in the headline as a whole: what follows it is no more of it (白玛次仁：…)."""
    at = headline.find(name)
    after = headline[at + len(name) : at + len(name) + 1]
    return not _han(after) or after in "说在的是和与"


def _not_places(found: list[Candidate], text: str) -> list[Candidate]:
    """A name is one thing in an article: a 'person' also written as a place (多米尼克 in a list
    of countries) or as the start of a place or body name (焦柳 of 焦柳铁路) is none."""
    names = {text[c.start : c.end] for c in found if c.type in (EntityType.PLACE, EntityType.ORGANISATION)}

    def named_otherwise(c: Candidate) -> bool:
        surface = text[c.start : c.end]
        return any(name.startswith(surface) for name in names)

    return [c for c in found if c.type is not EntityType.PERSON or not named_otherwise(c)]


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
    surface = text[c.start : c.end]
    if c.end - c.start < 2 or _BAD_CHARS.search(surface):
        return False
    if c.type in (EntityType.PROGRAMME,) or c.rule.startswith(("org.quote", "place.quote")):
        return True
    if surface in lexicon.generic_nouns():
        return False
    if c.type is EntityType.ORGANISATION and _cut_from_a_word(text, c.start):
        return False
    if c.type is EntityType.PLACE and (
        c.rule == "place.gazetteer" or lexicon.dictionary_tag(surface) == "ns"
    ):
        return True  # a known place stays a place inside a quoted saying or a title
    if (
        c.type in (EntityType.ORGANISATION, EntityType.PLACE)
        and any(_exactly_quoted(c, q) for q in quotes)
        and not (c.type is EntityType.PLACE and _holds_division(surface))
    ):
        return False  # “跨域联盟”, 成了“暖心驿站”: a quoted body or site word is a figure of speech
    return not any(_strictly_inside(c, q) for q in quotes)


def _cut_from_a_word(text: str, start: int) -> bool:
    """区党工委 out of 开发区党工委: a name may not start with the last character of a word."""
    if text[start : start + 1] not in lexicon.level_chars():
        return False
    return any(lexicon.is_dictionary_word(text[start - n : start + 1]) for n in (2, 1) if start >= n)


def _without_place_verb(text: str, c: Candidate) -> Candidate:
    """北依苏州城 -> 苏州城, 家住X小区 -> X小区: a verb of location glued to its place is no part of it."""
    if c.type not in (EntityType.PLACE, EntityType.ORGANISATION):
        return c
    verb = next((v for v in lexicon.place_verbs() if text.startswith(v, c.start)), None)
    if verb is None or c.end - c.start - len(verb) < 2:
        return c
    return Candidate(c.start + len(verb), c.end, c.type, c.subtype, c.rule)


def _holds_division(name: str) -> bool:
    """稻香横泾特色康居示范区: a quoted site named after a division is a place, not a figure."""
    return any(gazetteer.longest_name_at(name, i) is not None for i in range(len(name) - 1))


def _without_quoted_tails(found: list[Candidate]) -> list[Candidate]:
    """心灵成长工作室 of “犍伴”心灵成长工作室: the words after a quoted name are its own, no body."""
    quoted = {(c.end, c.type) for c in found if c.rule in ("org.quoted", "place.quoted")}
    starts = {(c.end, c.type): c.start for c in found if c.rule in ("org.quoted", "place.quoted")}
    return [
        c
        for c in found
        if (c.end, c.type) not in quoted
        or c.rule in ("org.quoted", "place.quoted")
        or c.start <= starts[(c.end, c.type)]
    ]


def _exactly_quoted(c: Candidate, q: Quote) -> bool:
    return c.start == q.inner_start and c.end == q.inner_end


def _strictly_inside(c: Candidate, q: Quote) -> bool:
    """Inside a quote's text without being all of it (“东吴先锋” holds no place 东吴)."""
    inside = q.inner_start <= c.start and c.end <= q.inner_end
    return inside and not (c.start == q.inner_start and c.end == q.inner_end)


def _place_led_quoted_orgs(found: Sequence[Candidate]) -> list[Candidate]:
    """苏州湾大厦“聚邻窗红”党建联盟: a place right before a quoted body names it too."""
    place_ends = {c.end: c for c in found if c.type is EntityType.PLACE}
    return [
        Candidate(place_ends[c.start].start, c.end, c.type, c.subtype, "org.quoted_place")
        for c in found
        if c.rule == "org.quoted" and c.start in place_ends
    ]
