"""Programmes written without quotation marks: parallel items, lists, place-led and triggered names.

Quoted names are judged in ``graph.entities.quoted``; here the unquoted families:

* parallel items sharing a head (X提升行动、Y强基行动), and plain items closed by 等 + a
  head (林渡暖村、诗酒田园等项目);
* a place name followed by a short head-worded name (吴中环太湖科创圈先锋聚能行动);
* a trigger verb followed by a name with a strong head (实施助企稳岗护航工程).

Slogans and national strategies are never programmes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..knowledge import lexicon
from ..model import EntityType
from .candidates import Candidate
from .quoted import is_slogan, phrase_ends

__all__ = ["programme_candidates", "place_led_programmes"]

_HAN = r"\u4e00-\u9fff"
_BAD_GAP = set("的是和与及或把被将了着过也都就等")
_ITEM = rf"[{_HAN}]{{2,10}}"


def programme_candidates(text: str) -> Iterator[Candidate]:
    """Unquoted programme mentions of a whole document ``text``."""
    yield from _listed_programmes(text)
    yield from _triggered_programmes(text)


def _head_at_end(name: str) -> str | None:
    return next((h for h in lexicon.programme_heads() if name.endswith(h) and len(name) > len(h)), None)


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
        if (
            match
            and phrase_ends(text, match.end())
            and not any(ch in _BAD_GAP for ch in match.group(0))
            and not _starts_with_verb(match.group(0))
        ):
            yield Candidate(place.start, match.end(), EntityType.PROGRAMME, None, "programme.place_led")


def _starts_with_verb(name: str) -> bool:
    return any(name.startswith(v) for v in lexicon.trigger_verbs())


def _items(start: int, items: Sequence[str], rule: str) -> Iterator[Candidate]:
    pos = start
    for item in items:
        common = rule == "programme.listed" and lexicon.is_dictionary_word(item)  # 开展美术、手工等活动
        if (
            _verb_prefix(item) == 0
            and item not in lexicon.generic_nouns()
            and not common
            and item not in lexicon.national_strategies()
            and not is_slogan(item)
        ):
            yield Candidate(pos, pos + len(item), EntityType.PROGRAMME, None, rule)
        pos += len(item) + 1


def _triggered_programmes(text: str) -> Iterator[Candidate]:
    """实施助企稳岗护航工程, 推进社会综合治理大联动机制: a trigger verb, a name, a strong head.

    After a refused match the search goes on from the next character, so a match that was no
    name (创新性地实施…) does not swallow a verb inside it (实施X工程); after a name, from its end.
    """
    verbs = "|".join(sorted(lexicon.trigger_verbs(), key=len, reverse=True))
    heads = "|".join(re.escape(h) for h in lexicon.programme_heads("strong"))
    pattern = re.compile(rf"(?:{verbs})[了起]?([{_HAN}]{{4,12}}?(?:{heads}))(?![{_HAN}]{{0,1}}[体制])")
    pos = 0
    while (match := pattern.search(text, pos)) is not None:
        if _names_programme(text, match):
            yield Candidate(match.start(1), match.end(1), EntityType.PROGRAMME, None, "programme.triggered")
            pos = match.end()
        else:
            pos = match.start() + 1


def _names_programme(text: str, match: re.Match) -> bool:
    name = match.group(1)
    if any(ch in _BAD_GAP for ch in name) or name.startswith(("基层", "党建", "城市基层", "性")):
        return False  # (创新性地实施…: the verb was an adverb's first half)
    if name.endswith(lexicon.programme_heads("needs-launch")) and not match.group(0).startswith(
        lexicon.tagged("trigger_verbs", "launch")
    ):
        return False  # 建立…联动工作机制: an institution described, not a scheme launched
    return phrase_ends(text, match.end(1))
