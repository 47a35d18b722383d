"""Places read off runs of name pieces: gazetteer divisions and names closed by a place suffix.

A chain of places keeps its parents in the mention (苏州市姑苏区沧浪街道); resolution
strips them into aliases.  A core closed by a place suffix is a place when the core
is a name and not a kind (沧浪街道, 木渎数字智造科技园; not 智慧社区, 行政村, 产业园区).
A place that only qualifies a bigger one is not emitted alone (暖村 in 暖村驿站,
桃源 in 桃源镇), nor a short place name that begins a company name (新华日报).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..knowledge import lexicon
from ..knowledge.postags import DICT_NOT_A_CORE, NAMES, PLACE_CORE, PROPER_NAMES
from ..model import EntityType
from .candidates import Candidate
from .pieces import CORE, ORG_SUFFIX, PLACE_NAME, PLACE_SUFFIX, Piece, is_generic

__all__ = ["run_places"]


def run_places(run: list[Piece], start: int) -> Iterator[Candidate]:
    """Places in a run: gazetteer names, and cores closed by a place suffix, with their parents."""
    chain: int | None = None  # first piece of the current chain of places (parents first)
    unit = start  # first piece of the place being built
    last_unit: int | None = None  # first piece of the place just closed
    for k in range(start, len(run)):
        piece, nxt = run[k], run[k + 1] if k + 1 < len(run) else None
        if piece.kind == PLACE_NAME and unit < k and (nxt is None or nxt.kind != PLACE_SUFFIX):
            chain, unit = k, k  # a place after an unfinished name (新华社 北京): a place of its own
        if piece.kind == PLACE_NAME and unit == k:
            chain = k if chain is None else chain
            if not _is_modifier(piece, nxt, town_too=True) and not _names_company(piece, nxt):
                yield Candidate(run[chain].start, piece.end, EntityType.PLACE, None, "place.gazetteer")
            last_unit, unit = k, k + 1
        elif piece.kind == PLACE_SUFFIX:
            begin = unit if unit < k else last_unit
            begin = _core_start(run, begin, k) if begin is not None and unit < k else begin
            if begin is None or not _place_core_ok(run[begin:k], piece):
                chain, unit, last_unit = None, k + 1, None
                continue
            begin = _campus_start(run, begin, start)
            chain = chain if chain is not None and chain < begin else begin
            if not _is_modifier(piece, nxt, town_too=False):
                yield Candidate(run[chain].start, piece.end, EntityType.PLACE, piece.sub, "place.suffix")
            last_unit, unit = begin, k + 1
        elif piece.kind == ORG_SUFFIX or piece.kind == CORE and (piece.pos == "c" or piece.text in "和与及"):
            chain, unit, last_unit = None, k + 1, None


def _is_modifier(piece: Piece, nxt: Piece | None, town_too: bool) -> bool:
    """A place that only names a bigger one (暖村 in 暖村驿站; 桃源 in 桃源镇) or a body (广州铁路公安局)."""
    if (
        nxt is not None
        and nxt.kind == ORG_SUFFIX
        and piece.kind == PLACE_SUFFIX
        and piece.text in lexicon.place_endings("line")
    ):
        return True  # 广州铁路 in 广州铁路公安局: the line names the body, not a place of its own
    if nxt is None or nxt.kind != PLACE_SUFFIX:
        return False
    if nxt.sub in ("zone", "landmark"):
        return piece.kind == PLACE_SUFFIX
    return town_too and piece.kind == PLACE_NAME


def _names_company(piece: Piece, nxt: Piece | None) -> bool:
    """新华 in 新华日报, 东方 in 东方国资: a short place name that starts a company name."""
    return (
        piece.sub == "short"
        and nxt is not None
        and nxt.kind == ORG_SUFFIX
        and nxt.sub not in ("party", "government")
    )


def _core_start(run: list[Piece], begin: int, k: int) -> int:
    """A place starts after the last verb of its core (吴江被全域纳入长三角...示范区, 家住怡园新村小区)."""
    for j in range(k - 1, begin - 1, -1):
        if (
            run[j].kind == CORE
            and run[j].pos.startswith("v")
            and run[j].pos != "vn"
            and (len(run[j].text) >= 2 or any(p.pos in NAMES for p in run[j + 1 : k]))
        ):
            return j + 1  # a one-character verb only when a name follows it (not 数字智|造|科技园)
    return begin


def _campus_start(run: list[Piece], begin: int, start: int) -> int:
    """苏州大学未来校区: a place right after an institution name belongs to it."""
    if begin > start and run[begin - 1].kind == ORG_SUFFIX:
        return start
    return begin


def _place_core_ok(core: Sequence[Piece], suffix: Piece) -> bool:
    if not core:
        return False
    if core[0].kind in (PLACE_NAME, PLACE_SUFFIX):
        return True
    text = "".join(p.text for p in core)
    if len(text) < 2 or text in lexicon.generic_nouns() or text[-1] in "之的":
        return False
    if core[0].text in lexicon.generic_modifiers() or text in lexicon.generic_modifiers():
        return False
    if len(core) == 1 and lexicon.dictionary_tag(text) in DICT_NOT_A_CORE:
        return False  # 加大园区: LAC took a verb for a name
    weak = len(suffix.text) == 1 or suffix.text.endswith(lexicon.place_endings("needs-name"))
    if weak and not any(p.pos in PROPER_NAMES for p in core):
        return False  # 行政村, 鱼米之乡, 安置小区: a short suffix needs a proper name before it
    return any(p.pos in PLACE_CORE and not is_generic(p) for p in core)
