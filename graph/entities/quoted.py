"""Quoted strings: which ones name a programme, a body or a place, and which are sayings.

Chinese news quotes brand names (“先锋e家”), numbered schemes (“六议两公开”), slogans
(“红色引擎”), target groups (“一老一小”) and speech alike, so a quote is judged by the
evidence around it, strongest first:

1. its own last word: “人才创新创业服务中心” ends in a body word, “睦邻议事平台” in a
   programme head, “供需匹配问题” in a word of no name;
2. the word right after it, maybe behind a short modifier: “263”专项行动, “犍伴”心灵成长
   工作室, “初心”广场, “服务不细”问题;
3. the list it stands in: quotes side by side (“甲”“乙”, “甲”、“乙”) closed by 等 and a
   class word (等做法, 等社会组织, 等法治教育基地) or by a gloss after a comma (“甲”“乙”,
   一项项举措 / 一个个称呼) take that word's class, each of them;
4. a verb that launches something right before the list (推出, 开展, 打造, 开设网络…),
   for a string that reads as a name (numbered, or not a dictionary word, not a saying).

Strings inside the words of a saying (变“人找政策”为“政策找人”), after a verb that aims at
a target rather than launching (聚焦, 守护, 称为) or that fail the basic checks (too
long, sentence punctuation, a national strategy) name nothing.  A string accepted once
is a name wherever else the article quotes it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..knowledge import gazetteer, lexicon
from ..model import EntityType
from .candidates import Candidate
from .quotes import Quote

__all__ = ["quoted_candidates", "is_slogan", "clean_inner", "head_after", "phrase_ends", "quote_chains"]

PROGRAMME, ORG, PLACE = EntityType.PROGRAMME, EntityType.ORGANISATION, EntityType.PLACE
_BRAND_REPEATS = 3  # a name quoted this often, never as a target, is the article's own
_GAP_MAX = 6  # CJK characters of modifier between a quote and the word it belongs to
_VERB_WINDOW = 6  # characters between a launch verb and the quote it launches
_BAD_GAP = set("的是和与及或把被将了着过也都就等")
_HEAD_FOLLOWERS = set("中的等和与及里上下后前时为是已也都将正,，。;；、:：)）”")
_FIVE_YEAR_PLAN = re.compile(r"^[一二三四五六七八九十]{1,3}五$")
_NUMERALS = "0123456789０１２３４５６７８９一二三四五六七八九十百千万两双"
_FORMULA = re.compile(r"^[0-9A-Za-z+]+$")  # 1+4+N: a numbered architecture
_GLOSS = re.compile(r"[,，]?(?:一(?P<c>[个项件座支批种条])(?P=c)|一系列|这些|系列)")
_CHAIN_JOINT = re.compile(r"[、,，]?")
_SAYING_FRAME = re.compile(r"变“[^“”]+”为“[^“”]+”")


@dataclass(frozen=True)
class _Verdict:
    type: EntityType | None
    end: int  # where the name ends (after an attached word), or the quote's end
    rule: str


def is_slogan(inner: str) -> bool:
    """Whether a quoted string reads as a saying rather than a name.

    >>> is_slogan("老办法不管用"), is_slogan("淘宝式"), is_slogan("书记项目")
    (True, True, False)
    """
    if inner.endswith(lexicon.slogan_endings()):
        return True
    if any(marker in inner for marker in lexicon.slogan_markers()):
        return True
    return any(word in inner for word in lexicon.slogan_words()) and any(
        w in lexicon.slogan_words() for w in _words(inner)
    )


@lru_cache(maxsize=4096)
def _words(inner: str) -> tuple[str, ...]:
    return tuple(lexicon.dictionary_cut(inner))


def clean_inner(inner: str) -> bool:
    """The basic checks every quoted name passes: a short string, no sentence, no national strategy."""
    if not 2 <= len(inner) <= 30 or any(ch in inner for ch in "*,，。;；!！?？:：") or inner.startswith("要"):
        return False
    if _FIVE_YEAR_PLAN.match(inner):
        return False  # 十四五: a national five-year plan
    if "+" in inner and not _FORMULA.match(inner):
        return False  # 党建+公益: a generic method
    return inner not in lexicon.national_strategies() and inner not in lexicon.generic_nouns()


def _numbered(inner: str) -> bool:
    """六议两公开, 四访四问四清, 1+4+N: a scheme named by its numbers."""
    return inner[0] in _NUMERALS or sum(ch in _NUMERALS for ch in inner) >= 2 or bool(_FORMULA.match(inner))


def _name_like(inner: str, counts: Counter) -> bool:
    """Reads as a name of its own: numbered, or a new word ending in a thing, and not a saying.

    A common word in quotation marks (纽带, 吹哨), a phrase ending in a verb (挂图作战), in a
    plain place noun (创新湖区: a goal for a place) or in a body or place suffix (大工委: a
    kind of body) names no scheme of its own.
    """
    if is_slogan(inner) or any(ch in inner for ch in "不没别") or "、" in inner:
        return False  # (a list in one quote spells out contents, not a name)
    if _numbered(inner):
        return sum("\u4e00" <= ch <= "\u9fff" for ch in inner) > 2  # not 7×24小时
    if lexicon.is_dictionary_word(inner) or not (len(inner) >= 3 or counts[inner] >= 2):
        return False
    if inner.endswith(tuple(s for s in lexicon.org_suffixes() if len(s) >= 2)) or inner.endswith(
        tuple(lexicon.place_suffixes())
    ):
        return False
    word, tag = _last_word(inner)
    return not (tag == "v" or (tag in ("ns", "s") and not gazetteer.candidates(word)[0]))


@lru_cache(maxsize=4096)
def _last_word(inner: str) -> tuple[str, str]:
    """The last word of a string and its part of speech, as jieba cuts it."""
    pairs = lexicon.dictionary_pos(inner)
    return pairs[-1] if pairs else ("", "")


# --- the words around a quote ------------------------------------------------------------


@lru_cache(maxsize=1)
def _class_words() -> dict[str, EntityType | None]:
    """Every word that tells what a quoted name before it (or ending in it) is, longest first."""
    kinds = {"programme": PROGRAMME, "organisation": ORG, "place": PLACE, "none": None}
    table: dict[str, EntityType | None] = {h: PROGRAMME for h in lexicon.programme_heads()}
    table.update({word: kinds[kind] for word, kind in lexicon.quote_class_words().items()})
    table.update({word: ORG for word in lexicon.quoted_bodies()})
    return dict(sorted(table.items(), key=lambda kv: (-len(kv[0]), kv[0])))


def _class_word_at(text: str, pos: int) -> str | None:
    return next((w for w in _class_words() if text.startswith(w, pos)), None)


def _inner_class(inner: str) -> tuple[str, EntityType | None] | None:
    """The class word a quoted string ends with (人才创新创业服务中心 -> 服务中心, a body)."""
    word = next((w for w in _class_words() if inner.endswith(w) and len(inner) > len(w)), None)
    return (word, _class_words()[word]) if word else None


def phrase_ends(text: str, end: int) -> bool:
    """The word at ``end`` closes the phrase (not 改革 in 改革典型案例)."""
    if end >= len(text) or not ("\u4e00" <= text[end] <= "\u9fff") or text[end] in _HEAD_FOLLOWERS:
        return True
    return any(text.startswith(v, end) for v in (*lexicon.trigger_verbs(), "建设"))


def _attached(text: str, pos: int, limit: int = _GAP_MAX) -> tuple[int, int, EntityType | None] | None:
    """(gap, end, class) of the class word after ``pos``, within ``limit`` plain characters."""
    for gap in range(0, limit + 1):
        between = text[pos : pos + gap]
        if len(between) < gap or any(not ("\u4e00" <= ch <= "\u9fff") or ch in _BAD_GAP for ch in between):
            return None
        word = _class_word_at(text, pos + gap)
        if word is None:
            continue
        end = pos + gap + len(word)
        if gap == 0 or phrase_ends(text, end):
            return gap, end, _class_words()[word]
    return None


def head_after(text: str, pos: int) -> int | None:
    """End offset of a programme head that follows ``pos`` within a short gap of plain characters."""
    found = _attached(text, pos)
    return found[1] if found and found[2] is PROGRAMME else None


@lru_cache(maxsize=1)
def _launch_verbs() -> tuple[str, ...]:
    return tuple(
        sorted(set(lexicon.trigger_verbs()) | set(lexicon.words("quote_verbs")), key=lambda w: (-len(w), w))
    )


def _verb_before(text: str, start: int, verbs: Sequence[str]) -> bool:
    """A verb of ``verbs`` ends within a few characters before ``start``, only plain nouns between
    (创设养老服务“爱心卡”, 开设网络“民意直通车”)."""
    window = text[max(0, start - _VERB_WINDOW - 4) : start]
    for cut in range(0, min(_VERB_WINDOW, len(window)) + 1):
        head, between = window[: len(window) - cut], window[len(window) - cut :]
        if any(not ("\u4e00" <= ch <= "\u9fff") or ch in _BAD_GAP for ch in between):
            return False
        if head.endswith(verbs) or head[:-1].endswith(verbs) and head[-1:] in "了起出":
            return True  # 推出, 开展起: the verb, maybe with a particle after it
    return False


# --- lists of quotes -----------------------------------------------------------------------


def quote_chains(text: str, quotes: Sequence[Quote]) -> list[list[Quote]]:
    """Double-quoted strings side by side (“甲”“乙”, “甲”、“乙”), in text order."""
    chains: list[list[Quote]] = []
    for quote in quotes:
        if quote.mark not in "“「":
            continue
        if chains and _CHAIN_JOINT.fullmatch(text[chains[-1][-1].end : quote.start]):
            chains[-1].append(quote)
        else:
            chains.append([quote])
    return chains


def _chain_class(text: str, chain: list[Quote]) -> tuple[int | None, EntityType | None, str] | None:
    """The class a list's closing word gives its items: (end of that word or None, class, rule)."""
    end = chain[-1].end
    if len(chain) >= 2 and _counted_bodies().match(text, end):
        return None, ORG, "list"  # “甲”、“乙”、“丙”3个行动支部
    if text.startswith("等", end):
        found = _attached(text, end + 1, limit=8)
        if found is not None:
            return None, found[2], "list"
        return None
    gloss = _GLOSS.match(text, end)  # (no ^ in the pattern: match() anchors at ``end``)
    if gloss and len(chain) >= 2:
        found = _attached(text, gloss.end(), limit=2)
        if found is not None:
            return None, found[2], "gloss"
    if len(chain) >= 2:
        found = _attached(text, end)
        if found is not None and found[2] in (ORG, PLACE):
            return None, found[2], "list"  # “甲”“乙”法治教育基地: both are 基地
    return None


@lru_cache(maxsize=1)
def _counted_bodies() -> re.Pattern:
    bodies = "|".join(re.escape(w) for w in lexicon.tagged("quoted_bodies", "counted", 2))
    return re.compile(rf"(?:[0-9]+|[一二三四五六七八九十两]+)个(?:{bodies})")


# --- the verdict -----------------------------------------------------------------------------


def _judge(
    text: str,
    quote: Quote,
    chain: list[Quote],
    counts: Counter,
    launched: bool,
    listed: tuple[int | None, EntityType | None, str] | None,
    in_saying: bool,
    aimed: frozenset[str] = frozenset(),
) -> _Verdict | None:
    inner = quote.inner
    if not clean_inner(inner) or in_saying:
        return None
    own = _inner_class(inner)
    if own is not None and own[1] is None:
        return None  # “供需匹配问题”
    if own is not None and own[1] is not PROGRAMME:
        # “人才创新创业服务中心”: a body or site when something introduces it (设立, 等社会组织);
        # a body word quoted alone (“跨域联盟”) is a figure of speech
        if not (launched or (listed is not None and listed[1] is own[1])):
            return None
        return _Verdict(own[1], quote.end, f"{_prefix(own[1])}.quote_inner")
    attached = _attached(text, quote.end)
    if attached is not None and attached[2] is None:
        return None  # “服务不细”问题: a problem, not a name
    if attached is not None and attached[2] in (ORG, PLACE):
        if _counted(text, quote.start, attached[1]):
            return _Verdict(PROGRAMME, quote.end, "programme.quote_counted")
        return _Verdict(attached[2], attached[1], f"{_prefix(attached[2])}.quoted")
    if (
        own is not None
        and not is_slogan(inner[: -len(own[0])])
        and (inner[: -len(own[0])] not in lexicon.abstract_nouns() or counts[inner] >= 2)
    ):
        return _Verdict(PROGRAMME, quote.end, "programme.quote_head")
    if attached is not None and attached[0] == 0 and not any(ch in inner for ch in "不没别"):
        return _Verdict(PROGRAMME, attached[1], "programme.quote_then_head")
    if is_slogan(inner):
        return None
    if attached is not None:
        return _Verdict(PROGRAMME, attached[1], "programme.quote_then_head")
    if listed is not None:
        kind = listed[1]
        if kind is None or (kind is PROGRAMME and lexicon.is_dictionary_word(inner) and not _numbered(inner)):
            return None
        return _Verdict(kind, quote.end, f"{_prefix(kind)}.quote_{listed[2]}")
    if launched and _name_like(inner, counts) and not _aimed_at(text, chain[0].start):
        return _Verdict(PROGRAMME, quote.end, "programme.quote_trigger")
    if (
        counts[inner] >= _BRAND_REPEATS
        and _name_like(inner, counts)
        and not _numbered(inner)
        and inner not in aimed
    ):
        return _Verdict(PROGRAMME, quote.end, "programme.quote_repeated")
    return None


_COUNT_BEFORE = re.compile(r"[0-9一二三四五六七八九十百千两多]+[个家处座所支]$")
_COUNT_AFTER = re.compile(r"^[0-9一二三四五六七八九十百千两多余]+[个家处座所支]")


def _counted(text: str, start: int, end: int) -> bool:
    """建成364个“海棠新享汇”服务中心, “银发生辉”志愿服务队65支: a brand set up in many places."""
    return bool(
        _COUNT_BEFORE.search(text[max(0, start - 6) : start]) or _COUNT_AFTER.match(text[end : end + 6])
    )


def _prefix(kind: EntityType) -> str:
    return {PROGRAMME: "programme", ORG: "org", PLACE: "place"}[kind]


_NICKNAMED = re.compile(r"(?:称|叫)[\u4e00-\u9fff]{0,4}为$")


def _aimed_at(text: str, start: int) -> bool:
    """聚焦“一老一小”, 称他们为“夫妻岗”: a verb that aims at a target or gives a nickname."""
    return bool(_NICKNAMED.search(text[max(0, start - 8) : start])) or _verb_before(
        text, start, lexicon.words("target_verbs")
    )


def _in_sayings(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SAYING_FRAME.finditer(text)]


# --- the components of a numbered scheme -------------------------------------------------


@dataclass(frozen=True)
class Components:
    """The parts of a numbered scheme the text lists: (start, end) spans and the scheme's quote."""

    parts: tuple[tuple[int, int], ...]
    scheme: Quote


_CN_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "双": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}


def scheme_size(inner: str) -> int | None:
    """How many parts a numbered scheme's name announces (四小工作法: 4, 双一工程: 2), or None."""
    if inner[:1].isdigit() and not _FORMULA.match(inner):
        return int(re.match(r"\d+", inner).group(0))
    return _CN_DIGITS.get(inner[:1])


def scheme_components(text: str, quotes: Sequence[Quote]) -> list[Components]:
    """The parts of numbered schemes, when the text lists as many as the name announces.

    * before the scheme, one quote an item: 推出“小板凳”服务在前、“小铃铛”教育在前…的“四小工作法”;
    * after it, in the next clause: 推行“六个一”改革,通过推进基层治理“一网清”、数据共享“一表通”…;
    * inside one quote right before it: “一企业一博士、一产业一团队”人才引进“双一工程”.
    A quoted list joined to the scheme by 的 that is one string (“一件实事、…、一抓到底”的“四个一”)
    spells out its content, not named parts.
    """
    found = []
    doubles = [q for q in quotes if q.mark == "“"]
    for i, scheme in enumerate(doubles):
        size = scheme_size(scheme.inner)
        if size is None or size < 2 or not clean_inner(scheme.inner):
            continue
        parts = (
            _parts_before(text, doubles[:i], scheme, size)
            or _parts_after(text, doubles[i + 1 :], scheme, size)
            or _parts_inside(text, doubles[i - 1] if i else None, scheme, size)
        )
        if parts:
            found.append(Components(tuple(parts), scheme))
    return found


def _item_quotes(items: list[tuple[int, int]], quotes: Sequence[Quote]) -> list[Quote] | None:
    """The one quote of each item (start, end), or None when an item holds none or several."""
    out = []
    for start, end in items:
        inside = [q for q in quotes if start <= q.start and q.end <= end]
        if len(inside) != 1:
            return None
        out.append(inside[0])
    return out


def _split_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    items, i = [], start
    for j in range(start, end + 1):
        if j == end or text[j] == "、":
            items.append((i, j))
            i = j + 1
    return items


def _clause_start(text: str, pos: int) -> int:
    i = pos
    while i > 0 and text[i - 1] not in "。;；!！?？\n,，:：":
        i -= 1
    return i


def _parts_before(
    text: str, before: Sequence[Quote], scheme: Quote, size: int
) -> list[tuple[int, int]] | None:
    end = scheme.start - 1 if text[scheme.start - 1 : scheme.start] == "的" else scheme.start
    start = _clause_start(text, end)
    items = _split_items(text, start, end)
    quotes = _item_quotes(items, before) if len(items) == size else None  # the whole list, no more
    if quotes is None or any(
        len(text[s:e]) - len(q.inner) - 2 > _GAP_MAX for (s, e), q in zip(items, quotes)
    ):
        return None
    return [(q.inner_start, q.inner_end) for q in quotes]


def _parts_after(text: str, after: Sequence[Quote], scheme: Quote, size: int) -> list[tuple[int, int]] | None:
    comma = next((j for j in range(scheme.end, min(len(text), scheme.end + 12)) if text[j] in ",，:："), None)
    if comma is None or any(text[j] in "。;；\n的" for j in range(scheme.end, comma)):
        return None  # (“两个确立”的决定性意义,…: the scheme is talked about, not spelled out)
    stop = next((j for j in range(comma + 1, len(text)) if text[j] in "。;；\n,，"), len(text))
    items = _split_items(text, comma + 1, stop)
    quotes = _item_quotes(items, after) if len(items) == size else None
    if quotes is None:
        return None
    return [(q.inner_start, q.inner_end) for q in quotes]


def _parts_inside(text: str, listed: Quote | None, scheme: Quote, size: int) -> list[tuple[int, int]] | None:
    if listed is None or "、" not in listed.inner or "的" in text[listed.end : scheme.start]:
        return None
    gap = text[listed.end : scheme.start]
    if len(gap) > 8 or any(not ("\u4e00" <= ch <= "\u9fff") for ch in gap):
        return None
    items = _split_items(text, listed.inner_start, listed.inner_end)
    if len(items) != size or any(e - s < 2 for s, e in items):
        return None
    return items


def quoted_candidates(text: str, quotes: Sequence[Quote], body_start: int = 0) -> Iterator[Candidate]:
    """Programme, body and place mentions that the article's quoted strings name.

    A headline (``text[:body_start]``) quotes the body's themes and slogans: its quotes are
    names only where the body accepts the same string."""
    chains = quote_chains(text, quotes)
    headline = [chain for chain in chains if chain[0].start < body_start]
    chains = [chain for chain in chains if chain[0].start >= body_start]
    counts = Counter(q.inner for chain in chains for q in chain)
    sayings = _in_sayings(text)
    accepted: dict[str, EntityType] = {}
    judged: set[int] = set()
    aimed = frozenset(q.inner for chain in chains for q in chain if _aimed_at(text, chain[0].start))
    for components in scheme_components(text, quotes):
        for start, end in components.parts:
            judged.add(start - 1)  # a component's own quote, or the quote that lists them
            accepted.setdefault(text[start:end], PROGRAMME)
            yield Candidate(start, end, PROGRAMME, None, "programme.component")
    for chain in chains:
        launched = _verb_before(text, chain[0].start, _launch_verbs()) and not _aimed_at(text, chain[0].start)
        listed = _chain_class(text, chain)
        for quote in chain:
            if quote.start in judged or _lists_components(quote, judged):
                continue
            in_saying = any(s <= quote.start and quote.end <= e for s, e in sayings)
            verdict = _judge(text, quote, chain, counts, launched, listed, in_saying, aimed)
            if verdict is None or verdict.type is None:
                continue
            judged.add(quote.start)
            accepted.setdefault(quote.inner, verdict.type)
            around = text[quote.end : verdict.end] or text[chain[-1].end : chain[-1].end + 8]
            yield Candidate(
                quote.start, verdict.end, verdict.type, _subtype(verdict.type, around), verdict.rule
            )
    for chain in chains + headline:  # the same name quoted again, without evidence of its own
        for quote in chain:
            kind = accepted.get(quote.inner)
            if kind is not None and quote.start not in judged and _class_word_at(text, quote.end) is None:
                yield Candidate(quote.start, quote.end, kind, _subtype(kind), f"{_prefix(kind)}.quote_repeat")
    yield from _bracketed(text, quotes)


def _lists_components(quote: Quote, judged: set[int]) -> bool:
    """“一企业一博士、一产业一团队”: the quote holding a scheme's parts is no name itself."""
    return any(quote.start < offset < quote.end for offset in judged)


def _subtype(kind: EntityType, attached: str = "") -> str | None:
    """A body's kind from the word that makes it one (“…”行动支部: party), else government."""
    if kind is not ORG:
        return None
    word = next((w for w in lexicon.quoted_bodies() if w in attached), None)
    return lexicon.quoted_bodies()[word] if word else "government"


def _bracketed(text: str, quotes: Sequence[Quote]) -> Iterator[Candidate]:
    """《…》: a policy document when it ends in a document word, else maybe a publication."""
    for quote in quotes:
        if quote.mark != "《":
            continue
        inner = quote.inner
        if (
            any(inner.endswith(h) for h in lexicon.document_heads())
            or "关于" in inner
            or re.search(r"[)）]$", inner)
        ):
            yield Candidate(quote.start, quote.end, PROGRAMME, "document", "programme.document")
        elif len(inner) <= 6 and re.match(
            r"(?:杂志|周刊|世界500强|报道|刊发|发布的)", text[quote.end : quote.end + 6]
        ):
            yield Candidate(quote.start, quote.end, ORG, "media", "org.publication")
