"""Organisations read off runs of name pieces.

A Chinese institution name is built as [parent places] [name core] suffix
[suffix ...]: 苏州市 | 姑苏区 | 沧浪 街道 | 党工委, 汇丰 银行 | 苏州 | 支行, 吴中区 | 委 |
组织部.  Every suffix closes a name (so 吴中区委组织部 also gives 吴中区委 and
亨通集团党委 gives 亨通集团); places in the same runs come from ``graph.entities.place_names``.
Names start after a break and lose leading verbs and generic nouns (集团党委 and
社区党委 alone name nothing); a name never runs across 和 or a verb between two
bodies (吉林省委和省政府).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..knowledge import gazetteer, lexicon
from ..knowledge.postags import DESCRIBING, NAME_WORDS, NAMES, NOT_A_CORE, NOT_COUNTED, NOT_LEADING, NOUN_LIKE
from ..model import EntityType
from .candidates import Candidate
from .pieces import BREAK, CORE, ORG_SUFFIX, PERSON_NAME, PLACE_NAME, PLACE_SUFFIX, TITLE, Piece, is_generic
from .place_names import run_places

__all__ = ["phrases", "institution_candidates", "shared_suffix_candidates"]

_MAX_NAME = 30


def phrases(pieces: Sequence[Piece]) -> Iterator[list[Piece]]:
    """Runs of pieces that no break, title or person name interrupts."""
    run: list[Piece] = []
    for piece in pieces:
        if piece.kind in (BREAK, TITLE, PERSON_NAME):
            if run:
                yield run
            run = []
        else:
            run.append(piece)
    if run:
        yield run


def _is_weak(piece: Piece) -> bool:
    """A piece that only describes (省 先进 基层 党组织 before 亨通集团党委)."""
    return piece.kind == CORE and (is_generic(piece) or len(piece.text) == 1 or piece.pos in DESCRIBING)


def _is_strong(piece: Piece) -> bool:
    return piece.kind == PLACE_NAME or (piece.kind == CORE and piece.pos in NAMES)


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
        if (
            piece.kind == CORE
            and (piece.pos in NOT_LEADING or piece.text in lexicon.trigger_verbs())
            or piece.kind == CORE
            and is_generic(piece)
            and nxt is not None
            and (nxt.kind == PLACE_NAME or (nxt.kind == CORE and nxt.pos in NAME_WORDS))
        ):
            i += 1
        elif piece.kind == PLACE_SUFFIX or (piece.kind == ORG_SUFFIX and not _abbreviated_lead(run, i)):
            i += 1  # a name never starts with a suffix
        else:
            break
    return i


def _has_name(part: Sequence[Piece]) -> bool:
    """Whether pieces before a suffix hold a name and not only generic words."""
    cores = [p for p in part if p.kind == CORE and p.pos not in NOT_COUNTED]
    if (
        len(cores) >= 2
        and sum(len(p.text) for p in cores) >= 4
        and any(not is_generic(p) and len(p.text) >= 2 for p in cores)
    ):
        return True  # 乡村振兴党建联盟: a named theme, even when LAC calls a part a verb
    for piece in part:
        if piece.kind == PLACE_NAME:
            return True
        if (
            piece.kind == CORE
            and not is_generic(piece)
            and len(piece.text) >= 2
            and piece.pos not in NOT_A_CORE
        ):
            return True
        if piece.kind == PLACE_SUFFIX and piece is not part[0]:
            return True
    return False


def _tagged_company(part: Sequence[Piece], suffix: Piece) -> bool:
    """建设银行: a common word names a company when LAC tagged the whole as one."""
    return (
        suffix.sub not in ("party", "government")
        and all(p.kind == CORE and p.pos == "ORG" for p in part)
        and sum(len(p.text) for p in part) >= 2
    )


def _abbreviated_body(part: Sequence[Piece], suffix: Piece) -> bool:
    """区司法局, 区发改委党组, 省委党校: an administrative level before a named department."""
    if len(part) == 1 and part[0].kind == ORG_SUFFIX:
        return part[0].text[:1] in lexicon.level_chars() and len(part[0].text) == 2
    if not part or part[0].text not in lexicon.level_chars() or any(p.kind != ORG_SUFFIX for p in part[1:]):
        return False
    return len((part[1] if len(part) > 1 else suffix).text) >= 3


def _abbreviated_lead(run: list[Piece], i: int) -> bool:
    """省委 in 省委党校: a level's committee followed by one of its bodies."""
    nxt = run[i + 1] if i + 1 < len(run) else None
    return (
        run[i].text[:1] in lexicon.level_chars()
        and len(run[i].text) == 2
        and run[i].sub == "government"
        and nxt is not None
        and nxt.kind == ORG_SUFFIX
    )


def institution_candidates(pieces: Sequence[Piece]) -> Iterator[Candidate]:
    for run in phrases(pieces):
        # Places and bodies end in a gazetteer name or a suffix: a run of bare cores (most
        # runs) holds neither, and is skipped without trimming it.
        if any(piece.kind != CORE for piece in run):
            yield from _run_candidates(run)


_SHARED_SUFFIX = re.compile(
    r"(?:(?<=[由和与及的在对向经])|(?<![\u4e00-\u9fff]))([省市区县镇])、([省市区县镇])([\u4e00-\u9fff]{1,6}?(?:局|委|办|部|厅))"
)


def shared_suffix_candidates(text: str) -> Iterator[Candidate]:
    """市、区科技局 names two bodies, 市科技局 and 区科技局; the first one's mention is the
    whole span (rule ``org.shared_suffix``), the second one's its own 区科技局."""
    for match in _SHARED_SUFFIX.finditer(text):
        body, end = match.group(3), match.end()
        if body[0] in "两各多几诸" or lexicon.is_dictionary_word(text[end - 1 : end + 1]):
            continue  # 市、区两级机关部门: levels of a kind, and 部 belongs to 部门
        if body in lexicon.org_suffixes() or len(body) >= 3:
            yield Candidate(
                match.start(), match.end(), EntityType.ORGANISATION, "government", "org.shared_suffix"
            )
            yield Candidate(match.start(2), match.end(), EntityType.ORGANISATION, "government", "org.suffix")


def _run_candidates(run: list[Piece]) -> Iterator[Candidate]:
    start = _trim_start(run)
    yield from run_places(run, start)
    yield from _organisations(run, start)


def _separates(run: list[Piece], j: int) -> bool:
    """A verb or a conjunction between names (吉林省委和省政府, 公司党总支推动金钟公司)."""
    piece = run[j]
    if piece.kind != CORE:
        return False
    if piece.pos == "c":  # 机器人与智能制造, 生物医药及大健康: 与/及 join the words of one name
        return piece.text not in ("与", "及") or (j > 0 and run[j - 1].kind == ORG_SUFFIX)
    if piece.text in lexicon.action_verbs():
        return True  # 所属, 指导, 会同: LAC may call them nouns
    return piece.pos == "v" and len(piece.text) >= 2


def _name_part(run: list[Piece], start: int, k: int, suffix: Piece) -> list[Piece] | None:
    """The pieces naming the body closed by run[k]: after the last verb or conjunction that
    still leaves a name (乡村振兴党建联盟 keeps 振兴; 推动金钟公司 drops 推动)."""
    cuts = [j + 1 for j in range(start, k) if _separates(run, j)]
    hard = [j for j in cuts if run[j - 1].pos == "c"]
    floor = max(hard, default=start)  # never across 和 / 以及 (元首和政府 is no name)
    for begin in sorted((c for c in cuts if c >= floor), reverse=True) + [floor]:
        if any(c > begin and not _nouns_only(run[begin : c - 1]) for c in cuts if c > floor):
            continue  # across a verb only from a plain noun (乡村振兴, not 规划更好发挥)
        if begin > start:
            begin += _trim_start(run[begin : k + 1])
        if begin > k:
            continue
        part = list(run[begin:k])
        while part and part[-1].kind == ORG_SUFFIX and k == begin:
            part = part[:-1]
        if part and (_has_name(part) or _abbreviated_body(part, suffix) or _tagged_company(part, suffix)):
            return part
    return None


def _nouns_only(pieces: Sequence[Piece]) -> bool:
    return all(p.kind != CORE or p.pos in NOUN_LIKE for p in pieces)


def _organisations(run: list[Piece], start: int) -> Iterator[Candidate]:
    if len(run) == 1 and run[0].kind == ORG_SUFFIX and run[0].pos == "ORG" and len(run[0].text) >= 4:
        yield Candidate(run[0].start, run[0].end, EntityType.ORGANISATION, run[0].sub, "org.named_suffix")
    for k in range(start):  # 在市委领导下: a level's committee the trimming passed over
        if _level_committee(run, k, k) and all(p.kind == CORE and p.pos in NOT_LEADING for p in run[:k]):
            yield Candidate(
                run[k].start, run[k].end, EntityType.ORGANISATION, run[k].sub, "org.level_committee"
            )
    for k in range(start, len(run)):
        suffix = run[k]
        if suffix.kind != ORG_SUFFIX:
            continue
        if _level_committee(run, start, k):
            yield Candidate(
                suffix.start, suffix.end, EntityType.ORGANISATION, suffix.sub, "org.level_committee"
            )
            continue
        part = _joint_part(run, start, k) or _name_part(run, start, k, suffix)
        if part is None:
            continue
        part = _own_unit(part, suffix)
        begin = part[0].start
        if suffix.end - begin <= _MAX_NAME:
            yield Candidate(begin, suffix.end, EntityType.ORGANISATION, suffix.sub, "org.suffix")
        owner = _owner(part, suffix)
        if owner is not None:
            yield owner


def _level_committee(run: list[Piece], start: int, k: int) -> bool:
    """市委 alone or in 市委组织部: a level's committee is the body of the article's own city
    (county, province); resolution joins it to the full name when the article writes it."""
    piece, nxt = run[k], run[k + 1] if k + 1 < len(run) else None
    if not (k == start and len(piece.text) == 2 and piece.text[0] in "省市区县" and piece.text[1] == "委"):
        return False
    # alone, or before one of its departments (市委组织部); 省委党校 names the school only
    return nxt is None or nxt.kind != ORG_SUFFIX or nxt.sub == "government"


def _own_unit(part: list[Piece], suffix: Piece) -> list[Piece]:
    """广州铁路公安局 | 怀化公安处 | 怀化站派出所: after a body's suffix, a unit named by a place
    of its own is a body of its own (a branch named after its parent keeps the parent's name:
    汇丰银行苏州支行)."""
    if suffix.text in lexicon.branch_suffixes():
        return part
    for i in range(len(part) - 1, 0, -1):
        if part[i - 1].kind == ORG_SUFFIX and _place_named(part[i]):
            return part[i:]
    return part


def _place_named(piece: Piece) -> bool:
    return piece.kind == PLACE_NAME or (
        piece.kind == CORE and (piece.pos == "LOC" or gazetteer.longest_name_at(piece.text, 0) is not None)
    )


def _owner(part: list[Piece], suffix: Piece) -> Candidate | None:
    """市儿童福利院 of 市儿童福利院党支部: LAC's one-word body before a party organ is a body too."""
    if suffix.sub != "party" or len(part) != 1:
        return None
    body = part[0]
    if body.kind == CORE and body.pos == "ORG" and len(body.text) >= 3 and not is_generic(body):
        return Candidate(body.start, body.end, EntityType.ORGANISATION, None, "org.owner")
    return None


def _joint_part(run: list[Piece], start: int, k: int) -> list[Piece] | None:
    """市福利中心和护理院联合党支部: the joint branch of two bodies is one name across 和."""
    if k - start < 4 or run[k - 1].text != "联合" or run[k].sub != "party":
        return None
    for j in range(k - 2, start, -1):
        if run[j].kind == CORE and run[j].text in ("和", "与", "及"):
            before, after = run[start:j], run[j + 1 : k - 1]
            if before and after and all(p.kind != CORE or p.pos in NOUN_LIKE for p in (*before, *after)):
                return [*run[_trim_start(run[start : j + 1]) + start : k]]
            return None
    return None
