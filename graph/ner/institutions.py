"""Organisations and places read off runs of name pieces.

A Chinese institution name is built as [parent places] [name core] suffix
[suffix ...]: 苏州市 | 姑苏区 | 沧浪 街道 | 党工委, 汇丰 银行 | 苏州 | 支行, 吴中区 | 委 |
组织部.  Every suffix closes a name (so 吴中区委组织部 also gives 吴中区委 and
亨通集团党委 gives 亨通集团), and every place suffix closes a place
(沧浪街道, 莫舍社区, 木渎数字智造科技园).  Names start after a break and lose
leading verbs and generic nouns (集团党委 and 社区党委 alone name nothing).
"""
from __future__ import annotations

from typing import Iterator, Sequence

from .. import lexicon
from ..model import EntityType
from .candidates import Candidate
from .pieces import Piece

__all__ = ["phrases", "institution_candidates"]

_ADMIN_CHARS = set("省市区县镇乡村")
_MAX_NAME = 30


def phrases(pieces: Sequence[Piece]) -> Iterator[list[Piece]]:
    """Runs of pieces that no break, title or person name interrupts."""
    run: list[Piece] = []
    for piece in pieces:
        if piece.kind in ("break", "title", "per"):
            if run:
                yield run
            run = []
        else:
            run.append(piece)
    if run:
        yield run


def _is_generic(piece: Piece) -> bool:
    return piece.text in lexicon.generic_nouns() or piece.text in lexicon.generic_modifiers()


_WEAK_POS = frozenset({"v", "a", "m", "c", "q", "ad", "vd", "d", "an"})


def _is_weak(piece: Piece) -> bool:
    """A piece that only describes (省 先进 基层 党组织 before 亨通集团党委)."""
    return piece.kind == "core" and (_is_generic(piece) or len(piece.text) == 1 or piece.pos in _WEAK_POS)


def _is_strong(piece: Piece) -> bool:
    return piece.kind == "place" or (piece.kind == "core" and piece.pos in ("LOC", "ORG"))


def _trim_start(run: list[Piece]) -> int:
    """Index of the first piece a name may start with."""
    i = _trim_basic(run)
    for j in range(i, len(run)):
        if _is_strong(run[j]):
            return j if j > i and all(_is_weak(p) for p in run[i:j]) else i
        if not _is_weak(run[j]):
            return i
    return i


def _trim_basic(run: list[Piece]) -> int:
    i = 0
    while i < len(run):
        piece, nxt = run[i], run[i + 1] if i + 1 < len(run) else None
        if piece.kind == "core" and (piece.pos in ("v", "a", "m", "c", "f", "q", "ad", "vd", "d")
                                     or piece.text in lexicon.trigger_verbs()):
            i += 1
        elif piece.kind == "core" and _is_generic(piece) and nxt is not None and (
                nxt.kind == "place" or (nxt.kind == "core" and nxt.pos in ("n", "nz", "LOC", "ORG", "nw", "j"))):
            i += 1
        elif piece.kind == "psuf" or (piece.kind == "osuf" and not _abbreviated_lead(run, i)):
            i += 1      # a name never starts with a suffix
        else:
            break
    return i


def _has_name(part: Sequence[Piece]) -> bool:
    """Whether pieces before a suffix hold a name and not only generic words."""
    cores = [p for p in part if p.kind == "core" and p.pos not in ("m", "q", "c")]
    if len(cores) >= 2 and sum(len(p.text) for p in cores) >= 4 and any(
            not _is_generic(p) and len(p.text) >= 2 for p in cores):
        return True     # 乡村振兴党建联盟: a named theme, even when LAC calls a part a verb
    for piece in part:
        if piece.kind == "place":
            return True
        if piece.kind == "core" and not _is_generic(piece) and len(piece.text) >= 2 and piece.pos not in ("v", "m", "c"):
            return True
        if piece.kind == "psuf" and piece is not part[0]:
            return True
    return False


def _tagged_company(part: Sequence[Piece], suffix: Piece) -> bool:
    """建设银行: a common word names a company when LAC tagged the whole as one."""
    return suffix.sub == "company" and all(p.kind == "core" and p.pos == "ORG" for p in part) \
        and sum(len(p.text) for p in part) >= 2


def _abbreviated_body(part: Sequence[Piece], suffix: Piece) -> bool:
    """区司法局, 区发改委党组, 省委党校: an administrative level before a named department."""
    if len(part) == 1 and part[0].kind == "osuf":
        return part[0].text[:1] in _ADMIN_CHARS and len(part[0].text) == 2
    if not part or part[0].text not in _ADMIN_CHARS or any(p.kind != "osuf" for p in part[1:]):
        return False
    return len((part[1] if len(part) > 1 else suffix).text) >= 3


def _abbreviated_lead(run: list[Piece], i: int) -> bool:
    """省委 in 省委党校: a level's committee followed by one of its bodies."""
    nxt = run[i + 1] if i + 1 < len(run) else None
    return (run[i].text[:1] in _ADMIN_CHARS and len(run[i].text) == 2 and run[i].sub == "government"
            and nxt is not None and nxt.kind == "osuf")


def institution_candidates(pieces: Sequence[Piece]) -> Iterator[Candidate]:
    for run in phrases(pieces):
        yield from _run_candidates(run)


def _run_candidates(run: list[Piece]) -> Iterator[Candidate]:
    start = _trim_start(run)
    yield from _places(run, start)
    yield from _organisations(run, start)


def _separates(run: list[Piece], j: int) -> bool:
    """A verb or a conjunction between names (吉林省委和省政府, 公司党总支推动金钟公司)."""
    piece = run[j]
    if piece.kind != "core":
        return False
    if piece.pos == "c":            # 机器人与智能制造, 生物医药及大健康: 与/及 join the words of one name
        return piece.text not in ("与", "及") or (j > 0 and run[j - 1].kind == "osuf")
    return piece.pos == "v" and len(piece.text) >= 2


def _name_part(run: list[Piece], start: int, k: int, suffix: Piece) -> list[Piece] | None:
    """The pieces naming the body closed by run[k]: after the last verb or conjunction that
    still leaves a name (乡村振兴党建联盟 keeps 振兴; 推动金钟公司 drops 推动)."""
    cuts = [j + 1 for j in range(start, k) if _separates(run, j)]
    hard = [j for j in cuts if run[j - 1].pos == "c"]
    floor = max(hard, default=start)        # never across 和 / 以及 (元首和政府 is no name)
    for begin in sorted((c for c in cuts if c >= floor), reverse=True) + [floor]:
        if begin > start:
            begin += _trim_start(run[begin:k + 1])
        if begin > k:
            continue
        part = list(run[begin:k])
        while part and part[-1].kind == "osuf" and k == begin:
            part = part[:-1]
        if part and (_has_name(part) or _abbreviated_body(part, suffix) or _tagged_company(part, suffix)):
            return part
    return None


def _organisations(run: list[Piece], start: int) -> Iterator[Candidate]:
    if len(run) == 1 and run[0].kind == "osuf" and run[0].pos == "ORG" and len(run[0].text) >= 4:
        yield Candidate(run[0].start, run[0].end, EntityType.ORGANISATION, run[0].sub, "org.named_suffix")
    for k in range(start, len(run)):
        suffix = run[k]
        if suffix.kind != "osuf":
            continue
        part = _name_part(run, start, k, suffix)
        if part is None:
            continue
        while part and part[-1].kind == "osuf" and k == start:
            part = part[:-1]
        begin = part[0].start
        if suffix.end - begin <= _MAX_NAME:
            yield Candidate(begin, suffix.end, EntityType.ORGANISATION, suffix.sub, "org.suffix")


def _places(run: list[Piece], start: int) -> Iterator[Candidate]:
    """Places in a run: gazetteer names, and cores closed by a place suffix, with their parents."""
    chain: int | None = None         # first piece of the current chain of places (parents first)
    unit = start                     # first piece of the place being built
    last_unit: int | None = None     # first piece of the place just closed
    for k in range(start, len(run)):
        piece, nxt = run[k], run[k + 1] if k + 1 < len(run) else None
        if piece.kind == "place" and unit < k and (nxt is None or nxt.kind != "psuf"):
            chain, unit = k, k       # a place after an unfinished name (新华社 北京): a place of its own
        if piece.kind == "place" and unit == k:
            chain = k if chain is None else chain
            if not _is_modifier(piece, nxt, town_too=True) and not _names_company(piece, nxt):
                yield Candidate(run[chain].start, piece.end, EntityType.PLACE, None, "place.gazetteer")
            last_unit, unit = k, k + 1
        elif piece.kind == "psuf":
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
        elif piece.kind == "osuf":
            chain, unit, last_unit = None, k + 1, None
        elif piece.kind == "core" and (piece.pos == "c" or piece.text in "和与及"):
            chain, unit, last_unit = None, k + 1, None


def _is_modifier(piece: Piece, nxt: Piece | None, town_too: bool) -> bool:
    """A place that only names a bigger one (暖村 in 暖村驿站; 桃源 in 桃源镇)."""
    if nxt is None or nxt.kind != "psuf":
        return False
    if nxt.sub in ("zone", "landmark"):
        return piece.kind == "psuf"
    return town_too and piece.kind == "place"


def _names_company(piece: Piece, nxt: Piece | None) -> bool:
    """新华 in 新华日报, 东方 in 东方国资: a short place name that starts a company name."""
    return piece.sub == "short" and nxt is not None and nxt.kind == "osuf" and nxt.sub == "company"


def _core_start(run: list[Piece], begin: int, k: int) -> int:
    """A place starts after the last verb of its core (吴江被全域纳入长三角...示范区)."""
    for j in range(k - 1, begin - 1, -1):
        if run[j].kind == "core" and run[j].pos.startswith("v") and run[j].pos != "vn" and len(run[j].text) >= 2:
            return j + 1
    return begin


def _campus_start(run: list[Piece], begin: int, start: int) -> int:
    """苏州大学未来校区: a place right after an institution name belongs to it."""
    if begin > start and run[begin - 1].kind == "osuf":
        return start
    return begin


_ONE_CHAR_NEEDS = frozenset({"LOC", "ORG", "nz", "nw", "PER"})
_NOUN_POS = frozenset({"n", "nz", "nw", "LOC", "ORG", "PER", "j", "s", "ns", "nt"})
_WEAK_SUFFIXES = ("小区", "园区", "基地", "新区", "社区", "村", "片区")


def _place_core_ok(core: Sequence[Piece], suffix: Piece) -> bool:
    if not core:
        return False
    if core[0].kind in ("place", "psuf"):
        return True
    text = "".join(p.text for p in core)
    if len(text) < 2 or text in lexicon.generic_nouns() or text[-1] in "之的":
        return False
    if core[0].text in lexicon.generic_modifiers() or text in lexicon.generic_modifiers():
        return False
    if (len(suffix.text) == 1 or suffix.text in _WEAK_SUFFIXES) and not any(p.pos in _ONE_CHAR_NEEDS for p in core):
        return False        # 行政村, 鱼米之乡, 安置小区: a short suffix needs a proper name before it
    return any(p.pos in _NOUN_POS and not _is_generic(p) for p in core)
