"""Programmes: named schemes, brands, mechanisms, campaigns and policy documents.

Evidence decides, not quotation marks alone (many quoted strings are slogans):

* a head word (工程, 行动, 机制, 平台, 品牌 ...) ends the quoted name or follows it
  within a few characters: “263”专项行动, “先锋e家”在线服务平台;
* quoted items listed before 等 + a head word: 开展“暖村日”“暖村沙龙”等主题活动;
* a trigger verb (实施, 推出, 打造 ...) before the quote, with a numbered scheme
  (“六议两公开”) or the same string quoted again elsewhere in the article;
* 《…》 ending in a document word (计划, 方案, 通知 ...) is a policy document;
* unquoted: parallel items sharing a head (X提升行动、Y强基行动), a place name
  followed by a head-worded name, or a trigger verb followed by a head-worded name.

A quote followed by 行动支部 / 党建联盟 / 支部 / 办公室 names an organisation.
Slogans (holding 的, 不, 我, ... ) and national strategies are never programmes.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Iterable, Iterator, Sequence

from .. import lexicon
from ..model import EntityType
from .candidates import Candidate
from .quotes import Quote

__all__ = ["programme_candidates", "quoted_org_candidates", "listed_org_candidates", "place_led_programmes", "is_slogan"]

_HAN = r"\u4e00-\u9fff"
_GAP_MAX = 6
_NUMBERED = re.compile(r"^[0-9０-９一二三四五六七八九十百千万两双]")
_LINKERS = "了起出"
_BAD_GAP = set("的是和与及或把被将了着过也都就等")
_HEAD_FOLLOWERS = set("中的等和与及里上下后前时为是已也都将正,，。;；、:：)）”")
_FIVE_YEAR_PLAN = re.compile(r"^[一二三四五六七八九十]{1,3}五$")
_BRAND_REPEATS = 3          # a name quoted this often is the article's subject, not a figure of speech


def is_slogan(inner: str) -> bool:
    """Whether a quoted string reads as a saying rather than a name.

    >>> is_slogan("老办法不管用"), is_slogan("淘宝式"), is_slogan("书记项目")
    (True, True, False)
    """
    if inner.endswith(lexicon.slogan_endings()):
        return True
    return any(marker in inner for marker in lexicon.slogan_markers())


def _clean_inner(inner: str) -> bool:
    if not 2 <= len(inner) <= 30 or any(ch in inner for ch in "*,，。;；!！?？:：") or inner.startswith("要"):
        return False
    if _FIVE_YEAR_PLAN.match(inner):
        return False        # 十四五: a national five-year plan
    if "+" in inner and not re.fullmatch(r"[0-9+]+", inner):
        return False        # 党建+公益: a generic method
    return inner not in lexicon.national_strategies() and inner not in lexicon.generic_nouns()


def _head_at_end(name: str) -> str | None:
    return next((h for h in lexicon.programme_heads() if name.endswith(h) and len(name) > len(h)), None)


def _head_after(text: str, pos: int) -> int | None:
    """End offset of a head word that follows ``pos`` within a short gap of plain characters."""
    for gap in range(0, _GAP_MAX + 1):
        between = text[pos:pos + gap]
        if len(between) < gap or any(not ("\u4e00" <= ch <= "\u9fff") or ch in _BAD_GAP for ch in between):
            return None
        head = next((h for h in lexicon.programme_heads() if text.startswith(h, pos + gap)), None)
        end = pos + gap + len(head) if head else 0
        if head and not _org_follows(text, pos + gap) and (gap == 0 or _phrase_ends(text, end)):
            return end
    return None


def _phrase_ends(text: str, end: int) -> bool:
    """The head closes the phrase (not 改革 in 改革典型案例)."""
    if end >= len(text) or not ("\u4e00" <= text[end] <= "\u9fff") or text[end] in _HEAD_FOLLOWERS:
        return True
    return any(text.startswith(v, end) for v in (*lexicon.trigger_verbs(), "建设"))


def _org_follows(text: str, pos: int) -> bool:
    return any(text.startswith(suffix, pos) for suffix in lexicon.quoted_bodies())


def _trigger_before(text: str, pos: int) -> bool:
    window = text[max(0, pos - 6):pos].rstrip(_LINKERS)
    return any(window.endswith(verb) for verb in lexicon.trigger_verbs())


def _list_head(text: str, quote: Quote) -> bool:
    """The quote is one of several items closed by 等 + a head word (“甲”“乙”等活动)."""
    pos = quote.end
    while True:
        match = re.match(r"[、,]?“[^“”]{1,30}”", text[pos:])
        if not match:
            break
        pos += match.end()
    if not text.startswith("等", pos):
        return False
    return _head_after(text, pos + 1) is not None or _head_after(text, pos + 3) is not None


def quoted_org_candidates(text: str, quotes: Iterable[Quote]) -> Iterator[Candidate]:
    """“科技赋能智造未来”行动支部, “263”办公室: a quoted name closed by an organisation word."""
    for quote in quotes:
        if quote.mark != "“":
            continue
        suffix = next((s for s in lexicon.quoted_bodies() if text.startswith(s, quote.end)), None)
        if suffix and _clean_inner(quote.inner):
            yield Candidate(quote.start, quote.end + len(suffix), EntityType.ORGANISATION,
                            lexicon.quoted_bodies()[suffix], "org.quoted")


@lru_cache(maxsize=1)
def _counted_bodies() -> re.Pattern:
    bodies = "|".join(re.escape(w) for w in lexicon.tagged("quoted_bodies", "counted", 2))
    return re.compile(rf"(?:[0-9]+|[一二三四五六七八九十两]+)个(?:{bodies})")


def listed_org_candidates(text: str, quotes: Sequence[Quote]) -> Iterator[Candidate]:
    """“甲”、“乙”、“丙”3个行动支部: each quoted name in the list names one body."""
    chain: list[Quote] = []
    for quote in quotes:
        if chain and re.fullmatch(r"[、,]?", text[chain[-1].end:quote.start]):
            chain.append(quote)
        else:
            chain = [quote]
        if len(chain) >= 2 and _counted_bodies().match(text, quote.end):
            for member in chain:
                if _clean_inner(member.inner.replace(" ", "")):
                    yield Candidate(member.start, member.end, EntityType.ORGANISATION, "party", "org.quoted_list")


def programme_candidates(text: str, quotes: Sequence[Quote]) -> Iterator[Candidate]:
    """Programme mentions of a whole document ``text`` (quotes found over the same text)."""
    counts = Counter(q.inner for q in quotes if q.mark == "“")
    accepted: set[str] = set()
    for quote in quotes:
        for candidate in _quote_programme(text, quote, counts):
            accepted.add(quote.inner)
            yield candidate
    for quote in quotes:        # the same name quoted again, without evidence of its own
        if quote.inner in accepted and quote.mark == "“" and not _org_follows(text, quote.end):
            yield Candidate(quote.start, quote.end, EntityType.PROGRAMME, None, "programme.quote_repeat")
    yield from _listed_programmes(text)
    yield from _triggered_programmes(text)


def _quote_programme(text: str, quote: Quote, counts: Counter) -> Iterator[Candidate]:
    inner = quote.inner
    if quote.mark == "《":
        if any(inner.endswith(h) for h in lexicon.document_heads()) or "关于" in inner or re.search(r"[)）]$", inner):
            yield Candidate(quote.start, quote.end, EntityType.PROGRAMME, "document", "programme.document")
        elif len(inner) <= 6 and re.match(r"(?:杂志|周刊|世界500强|报道|刊发|发布的)", text[quote.end:quote.end + 6]):
            yield Candidate(quote.start, quote.end, EntityType.ORGANISATION, "media", "org.publication")
        return
    if quote.mark not in "“「" or not _clean_inner(inner) or _org_follows(text, quote.end):
        return
    head = _head_at_end(inner)
    if head and not is_slogan(inner[: -len(head)]) and (
            inner[: -len(head)] not in lexicon.abstract_nouns() or counts[inner] >= 2):
        yield Candidate(quote.start, quote.end, EntityType.PROGRAMME, None, "programme.quote_head")
        return
    after = _head_after(text, quote.end)
    if after == quote.end + _head_len(text, quote.end) and not _negated(inner):
        yield Candidate(quote.start, after, EntityType.PROGRAMME, None, "programme.quote_then_head")
        return
    if is_slogan(inner):
        return
    if after is not None:
        yield Candidate(quote.start, after, EntityType.PROGRAMME, None, "programme.quote_then_head")
    elif _list_head(text, quote):
        yield Candidate(quote.start, quote.end, EntityType.PROGRAMME, None, "programme.quote_list")
    elif _trigger_before(text, quote.start) and (_NUMBERED.match(inner) or counts[inner] >= 2):
        yield Candidate(quote.start, quote.end, EntityType.PROGRAMME, None, "programme.quote_trigger")
    elif counts[inner] >= _BRAND_REPEATS and len(inner) >= 3 and not inner.startswith(tuple(lexicon.generic_modifiers())):
        yield Candidate(quote.start, quote.end, EntityType.PROGRAMME, None, "programme.quote_repeated")


def _head_len(text: str, pos: int) -> int:
    head = next((h for h in lexicon.programme_heads() if text.startswith(h, pos)), "")
    return len(head) if head else -1


def _negated(inner: str) -> bool:
    return any(ch in inner for ch in "不没别")


_ITEM = rf"[{_HAN}]{{2,10}}"


def _listed_programmes(text: str) -> Iterator[Candidate]:
    """人才政策提升行动、人才服务强基行动: parallel items sharing a head; 甲、乙等项目."""
    heads = "|".join(re.escape(h) for h in lexicon.programme_heads("parallel"))
    parallel = re.compile(rf"((?:{_ITEM}?(?:{heads})、)+{_ITEM}?(?:{heads}))(?![{_HAN}])")
    for match in parallel.finditer(text):
        items = match.group(1).split("、")
        if len(items) >= 2 and len({_head_at_end(i) for i in items}) == 1:
            cut = max(0, len(items[0]) - max(len(i) for i in items[1:]), _verb_prefix(items[0], ("通过",)))
            items[0] = items[0][cut:]
            yield from _items(match.start(1) + cut, items, "programme.parallel")
    listed_heads = "|".join(re.escape(h) for h in lexicon.programme_heads("listed"))
    listed = re.compile(rf"((?:[{_HAN}]{{2,8}}、)+[{_HAN}]{{2,6}})等(?:{listed_heads})")
    for match in listed.finditer(text):
        items = match.group(1).split("、")
        cut = _verb_prefix(items[0])
        if cut:
            items[0] = items[0][cut:]
            yield from _items(match.start(1) + cut, items, "programme.listed")


def _verb_prefix(item: str, more: tuple[str, ...] = ()) -> int:
    """Where a list's first item starts after its trigger verb (打造 in 通过打造甲、乙等项目), 0 if none."""
    ends = [item.find(v) + len(v) for v in (*lexicon.trigger_verbs(), *more) if v in item]
    ends = [e for e in ends if len(item) - e >= 2]
    return max(ends, default=0)


def place_led_programmes(text: str, places: Sequence[Candidate]) -> Iterator[Candidate]:
    """吴中环太湖科创圈先锋聚能行动正式启动: a place, a short name and a head, closing a phrase."""
    heads = "|".join(re.escape(h) for h in lexicon.programme_heads("after-place"))
    pattern = re.compile(rf"[{_HAN}]{{2,8}}?(?:{heads})")
    for place in places:
        match = pattern.match(text, place.end)
        if match and _phrase_ends(text, match.end()) and not any(ch in _BAD_GAP for ch in match.group(0)) \
                and not _starts_with_verb(match.group(0)):
            yield Candidate(place.start, match.end(), EntityType.PROGRAMME, None, "programme.place_led")


def _starts_with_verb(name: str) -> bool:
    return any(name.startswith(v) for v in lexicon.trigger_verbs())


def _items(start: int, items: Sequence[str], rule: str) -> Iterator[Candidate]:
    pos = start
    for item in items:
        if _verb_prefix(item) == 0 and item not in lexicon.generic_nouns() and item not in lexicon.national_strategies() and not is_slogan(item):
            yield Candidate(pos, pos + len(item), EntityType.PROGRAMME, None, rule)
        pos += len(item) + 1


def _triggered_programmes(text: str) -> Iterator[Candidate]:
    """实施助企稳岗护航工程, 推进社会综合治理大联动机制: a trigger verb, a name, a strong head."""
    verbs = "|".join(sorted(lexicon.trigger_verbs(), key=len, reverse=True))
    heads = "|".join(re.escape(h) for h in lexicon.programme_heads("strong"))
    pattern = re.compile(rf"(?:{verbs})[了起]?([{_HAN}]{{4,12}}?(?:{heads}))(?![{_HAN}]{{0,1}}[体制])")
    for match in pattern.finditer(text):
        name = match.group(1)
        if any(ch in _BAD_GAP for ch in name) or name.startswith(("基层", "党建", "城市基层")):
            continue
        if not _phrase_ends(text, match.end(1)):
            continue
        yield Candidate(match.start(1), match.end(1), EntityType.PROGRAMME, None, "programme.triggered")
