"""Article facts (title, date, source, authors, editors) read from header, byline and trailer lines.

The lines the facts come from are taken out of the body: they are not article prose.
Dates are only read from such metadata lines, never from the body's sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..knowledge.lexicon import is_dictionary_word, surnames
from ..model import DocumentMeta, Removal
from . import resources as R
from .furniture import is_body_paragraph
from .lines import Line, removal_of

__all__ = ["parse_date", "split_names", "MetaFacts", "extract_metadata"]

_TITLE_MAX_CHARS = 100
_GLUED_TITLE_MAX_CHARS = 60
_GLUED_TITLE_MIN_CHARS = 8  # shorter lines over a paragraph are subheadings
_LEAD_LOOKAHEAD = 3  # paragraphs where a 本报讯 / 新华社…电 lead may open the article
_GLUED_TITLE_LOOKAHEAD = 3  # a subtitle, a dateline or a caption may sit between headline and body
_META_LINE_MAX_CHARS = 160
_BYLINE_MAX_CHARS = 40
_MONTH_DAY = re.compile(r"^(?P<m>\d{1,2})[-/](?P<d>\d{1,2})(?!\d)")
# Role words between names in one byline (记者 张三 通讯员 李四) are not names.
_ROLE_WORDS = frozenset(
    {"记者", "通讯员", "特约记者", "见习记者", "实习生", "摄影", "编辑", "责编", "撰稿", "作者"}
)
_ROLE_SPLIT = re.compile(r"本报记者|特约记者|见习记者|特约通讯员|通讯员|记者|实习生")


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ISO ``YYYY-MM-DD``, ``--MM-DD`` when the year is
    missing, None when absent or masked.

    >>> parse_date("2017-09-19 09:58:59"), parse_date("2022年9月23日"), parse_date("9月23日")
    ('2017-09-19', '2022-09-23', '--09-23')
    >>> parse_date("****年*月**日") is None
    True
    """
    full = R.DATETIME.search(text)
    if full:
        return _iso(full["y"], full["m"], full["d"])
    partial = R.PARTIAL_DATE.search(text)
    if partial:
        return _iso(None, partial["m"], partial["d"])
    return None


def _iso(year: str | None, month: str, day: str) -> str | None:
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    return f"{year or '-'}-{int(month):02d}-{int(day):02d}"


_SEPARATORS = re.compile(r"[ 、,]+")


def split_names(text: str) -> tuple[str, ...]:
    """Names separated by spaces, 、, commas or role words; a run of names written
    together is split by family names (:func:`split_run`).

    >>> split_names("张三 李四、王五 通讯员 赵六")
    ('张三', '李四', '王五', '赵六')
    >>> split_names("通讯员孙海涛钱立")
    ('孙海涛', '钱立')
    """
    pieces = _SEPARATORS.split(_ROLE_SPLIT.sub(" ", text.strip()))
    return tuple(name for piece in pieces if piece and piece not in _ROLE_WORDS for name in split_run(piece))


def split_run(run: str) -> tuple[str, ...]:
    """One name, or several run together (张刚周文博 -> 张刚, 周文博).

    Every way to cut ``run`` into names is tried where each name is a family name and one
    or two more characters; the one with the fewest names wins, then the one whose family
    names are commoner.  A run no such cut explains (a minority name, a pen name, an
    organisation) is left whole, and so is a run that is one name already.

    >>> split_run("欧阳明月"), split_run("孙海涛钱立"), split_run("白玛次仁")
    (('欧阳明月',), ('孙海涛', '钱立'), ('白玛次仁',))
    """
    if len(run) <= 3 or "·" in run or not _HAN_RUN.fullmatch(run):
        return (run,)
    cuts = _cuts(run)
    if not cuts:
        return (run,)
    return min(cuts, key=lambda names: (len(names), sum(_surname_rank(name) for name in names), names))


_HAN_RUN = re.compile(rf"[{R.CJK}]+")
_MAX_NAMES_IN_RUN = 4


def _surname_length(name: str) -> int:
    """Length of the family name ``name`` starts with (0 when it starts with none)."""
    family = surnames()
    if name[:2] in family and len(name[:2]) == 2:
        return 2
    return 1 if name[:1] in family else 0


def _one_name(name: str) -> bool:
    family = _surname_length(name)
    return family > 0 and 1 <= len(name) - family <= 2


def _cuts(run: str) -> list[tuple[str, ...]]:
    """Every way to cut ``run`` into at most four names of :func:`_one_name` shape."""
    found: list[tuple[str, ...]] = []

    def walk(start: int, names: tuple[str, ...]) -> None:
        if start == len(run):
            found.append(names)
            return
        if len(names) == _MAX_NAMES_IN_RUN:
            return
        for end in range(start + 2, min(start + 4, len(run)) + 1):
            if _one_name(run[start:end]):
                walk(end, names + (run[start:end],))

    walk(0, ())
    return found


def _surname_rank(name: str) -> int:
    rank = R.COMMON_SURNAMES.find(name[0])
    return rank if rank >= 0 else len(R.COMMON_SURNAMES)


def plausible_name(name: str) -> bool:
    """Whether a byline "name" can be a person's: 短评 in 记者短评 or 培训班开班 in
    通讯员培训班开班 cannot (a common word, or too long, and no family name)."""
    if _surname_length(name) or "·" in name:
        return True
    return not is_dictionary_word(name) and len(name) <= 4


@dataclass
class MetaFacts:
    """Facts gathered while walking the lines; the first value found wins."""

    title: str | None = None
    date: str | None = None
    source: str | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)

    def add_people(self, names: tuple[str, ...], editors: bool) -> None:
        target = self.editors if editors else self.authors
        target.extend(name for name in names if name not in target and plausible_name(name))

    def set_once(self, name: str, value: str | None) -> None:
        # A date without a year (--09-23) is no article date: the guide scores it null.
        if value and not getattr(self, name) and not (name == "date" and value.startswith("--")):
            setattr(self, name, value)

    def merged_into(self, hints: DocumentMeta) -> DocumentMeta:
        """Hints from the input format (JSONL fields, HTML <meta>) win over guesses."""
        return replace(
            hints,
            title=hints.title or self.title,
            date=hints.date or self.date,
            source=hints.source or self.source,
            authors=hints.authors or tuple(self.authors),
            editors=hints.editors or tuple(self.editors),
        )


# --- one line at a time -------------------------------------------------------------


def _read_meta_line(text: str, facts: MetaFacts) -> bool:
    """Read a line made only of a date and ``key:value`` fields; False if it holds prose."""
    if len(text) > _META_LINE_MAX_CHARS:
        return False
    fields = list(R.META_FIELD.finditer(text))
    date_match = R.DATETIME.search(text) or R.PARTIAL_DATE.search(text)
    leftover = R.PARTIAL_DATE.sub("", R.DATETIME.sub("", R.META_FIELD.sub("", text)))
    bylines = list(R.META_BYLINE.finditer(leftover))
    if not (fields or date_match) or R.META_LEFTOVER.sub("", R.META_BYLINE.sub("", leftover)):
        return False
    if date_match:
        facts.set_once("date", parse_date(date_match.group(0)))
    for match in fields:
        _read_field(match["key"], match["value"], facts)
    for match in bylines:
        facts.add_people(split_names(match["names"]), editors=False)
    return True


def _read_field(key: str, value: str, facts: MetaFacts) -> None:
    if key in R.SOURCE_KEYS:
        facts.set_once("source", value.strip("《》 "))
    elif key in R.EDITOR_KEYS:
        facts.add_people(split_names(value), editors=True)
    elif key in R.AUTHOR_KEYS:
        facts.add_people(split_names(value), editors=False)
    elif key in ("发布时间", "发布日期", "时间", "日期"):
        short = _MONTH_DAY.match(value)  # 09-23 without a year
        facts.set_once("date", parse_date(value) or (short and _iso(None, short["m"], short["d"])))


def _read_byline(text: str, facts: MetaFacts) -> bool:
    if len(text) > _BYLINE_MAX_CHARS:
        return False
    editor = R.EDITOR_LINE.match(text)
    if editor:
        facts.add_people(split_names(editor["names"]), editors=True)
        return True
    byline = R.BYLINE.match(text)
    names = split_names(byline["names"]) if byline else ()
    if not names or not all(map(plausible_name, names)):  # 记者短评 is a heading
        return False
    facts.add_people(names, editors=False)
    outlet = (byline["outlet"] or "").split("/")[0]
    if R.OUTLET_SUFFIX.search(outlet):
        facts.set_once("source", outlet)
    return True


def _read_edition(text: str, facts: MetaFacts) -> bool:
    """A newspaper's edition line, ``《示例日报》(2021年03月05日 02版)``: source and date."""
    match = R.EDITION_LINE.match(text)
    if match:
        facts.set_once("source", match["paper"])
        facts.set_once("date", parse_date(match["date"]))
    return bool(match)


def _read_trailer(text: str, facts: MetaFacts) -> str:
    """Take a ``摘自…《报名》记者 X`` tail or an edition line off the last line; returns what is left."""
    edition = R.EDITION_TAIL.search(text)
    if edition:
        facts.set_once("source", edition["paper"])
        facts.set_once("date", parse_date(edition["date"]))
        return text[: edition.start("all")].rstrip()
    match = R.TRAILER.search(text)
    if not match:
        return text
    facts.set_once("source", match["paper"] or match["bare"])
    if match["names"]:
        facts.add_people(split_names(match["names"]), editors=False)
    facts.set_once("date", parse_date(match["all"]))  # a masked date (****年) gives None
    return text[: match.start("all")].rstrip()


# --- the whole article --------------------------------------------------------------


def _title_index(lines: tuple[Line, ...], hints: DocumentMeta) -> int | None:
    """Index of the headline: the first content line, short, set apart from what follows."""
    content = [index for index, line in enumerate(lines) if line.text]
    if len(content) < 2:  # a lone line is the body, not a headline over nothing
        return None
    first = content[0]
    text = lines[first].text
    if hints.title:  # the page repeats its headline, maybe without the site's suffix
        same = (
            text == hints.title
            or len(text) >= 4
            and (hints.title.startswith(text) or text.startswith(hints.title))
        )
        return first if same else None
    if not _headline_shaped(text):
        return None
    following = lines[first + 1] if first + 1 < len(lines) else None
    set_apart = following is None or not following.text or following.number != lines[first].number + 1
    if set_apart or _read_meta_line(following.text, MetaFacts()):
        return first
    # A headline glued to its body (CMS dumps): a short line without a stop over a long paragraph,
    # maybe with a subtitle or a photo caption in between.
    glued = (
        _GLUED_TITLE_MIN_CHARS <= len(text) <= _GLUED_TITLE_MAX_CHARS
        and not any(m in text for m in "。!?")
        and _metadata_rule(text, MetaFacts()) is None
    )
    if not glued:
        return None
    if is_body_paragraph(following.text) and len(following.text) > len(text):
        return first
    ahead = [lines[index].text for index in content[1 : 1 + _GLUED_TITLE_LOOKAHEAD]]
    return first if any(is_body_paragraph(line) for line in ahead[1:]) else None


def _headline_shaped(text: str) -> bool:
    too_long = len(text) > _TITLE_MAX_CHARS
    return not too_long and text[-1] not in "。;:," and not (is_body_paragraph(text) and text.endswith("。"))


def extract_metadata(
    lines: tuple[Line, ...],
    hints: DocumentMeta | None = None,
) -> tuple[tuple[Line, ...], DocumentMeta, tuple[Removal, ...]]:
    """Pull the facts out of ``lines``; return the remaining body lines, the meta and removals."""
    hints = hints or DocumentMeta()
    facts = MetaFacts()
    removed: list[Removal] = []
    title_at = _title_index(lines, hints)
    if title_at is not None:
        facts.title = lines[title_at].text
        removed.append(removal_of(lines[title_at], "title"))
    kept: list[Line] = []
    for index, line in enumerate(lines):
        if index == title_at:
            continue
        rule = _metadata_rule(line.text, facts)
        if rule:
            removed.append(removal_of(line, rule))
        else:
            kept.append(line)
    kept, trailer_removals = _strip_trailer(kept, facts)
    return tuple(kept), facts.merged_into(hints), tuple(removed) + trailer_removals


def _metadata_rule(text: str, facts: MetaFacts) -> str | None:
    if not text:
        return None
    if _read_meta_line(text, facts):
        return "meta_line"
    if _read_edition(text, facts):
        return "edition_line"
    if _read_byline(text, facts):
        return "byline"
    if len(text) <= _BYLINE_MAX_CHARS and R.CREDIT.match(text):
        return "credit"
    return None


def _strip_trailer(kept: list[Line], facts: MetaFacts) -> tuple[list[Line], tuple[Removal, ...]]:
    """Strip ``摘自…`` tails from the last content line until none is left."""
    _read_inline_byline(kept, facts)
    removed: list[Removal] = []
    while True:
        content = [index for index, line in enumerate(kept) if line.text]
        if not content:
            return kept, tuple(removed)
        last = kept[content[-1]]
        rest = _read_trailer(last.text, facts)
        if rest == last.text:
            return kept, tuple(removed)
        removed.append(Removal(text=last.text[len(rest) :].strip(), rule="trailer", line=last.number))
        kept[content[-1]] = Line(last.number, rest)


def _read_inline_byline(kept: list[Line], facts: MetaFacts) -> None:
    """The lead of the first paragraph: ``本报讯(记者 张三 通讯员 李四)``,
    ``示例日报讯(记者 张三)``, ``新华社北京10月20日电(记者 张三)``: names, and the
    publisher when the lead names one (本报… names none).  The text stays in the body.

    The lead may follow a photo caption or a subtitle: the first few paragraphs are looked at.
    """
    opening = [line.text for line in kept if line.text][:_LEAD_LOOKAHEAD]
    match = next(
        filter(None, (R.INLINE_BYLINE.match(text) or R.DATELINE.match(text) for text in opening)), None
    )
    if not match:
        return
    facts.set_once("source", _publisher(match["lead"]))
    for name_match in R.INLINE_NAME.finditer(match.groupdict().get("inner") or ""):
        facts.add_people(split_names(name_match["names"]), editors=False)


def _publisher(lead: str | None) -> str | None:
    """The publisher a dateline lead names: 新华社香港 -> 新华社, 中新网上海 -> 中新网,
    示例日报 -> 示例日报; 本报咸阳 -> None (the paper's own)."""
    if not lead or R.OWN_OUTLET.match(lead):
        return None
    ends = [end for end in range(2, len(lead) + 1) if R.AGENCY_SUFFIX.search(lead[:end])]
    if not ends:
        return None
    end = ends[0]
    while end + 1 in ends:  # 示例日报网: the longer name goes on
        end += 1
    return lead[:end]
