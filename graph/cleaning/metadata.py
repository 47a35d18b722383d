"""Article facts (title, date, source, authors, editors) read from header, byline and trailer lines.

The lines the facts come from are taken out of the body: they are not article prose.
Dates are only read from such metadata lines, never from the body's sentences.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..model import DocumentMeta, Removal
from . import resources as R
from .furniture import is_body_paragraph
from .lines import Line, removal_of

__all__ = ["parse_date", "split_names", "MetaFacts", "extract_metadata"]

_TITLE_MAX_CHARS = 100
_GLUED_TITLE_MAX_CHARS = 60
_GLUED_TITLE_MIN_CHARS = 8    # shorter lines over a paragraph are subheadings
_META_LINE_MAX_CHARS = 160
_BYLINE_MAX_CHARS = 40
_MONTH_DAY = re.compile(r"^(?P<m>\d{1,2})[-/](?P<d>\d{1,2})(?!\d)")
# Role words between names in one byline (记者 张三 通讯员 李四) are not names.
_ROLE_WORDS = frozenset({"记者", "通讯员", "特约记者", "见习记者", "实习生", "摄影", "编辑", "责编", "撰稿", "作者"})


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


def split_names(text: str) -> tuple[str, ...]:
    """Names separated by spaces, 、 or commas.

    >>> split_names("张三 李四、王五 通讯员 赵六")
    ('张三', '李四', '王五', '赵六')
    """
    return tuple(name for name in re.split(r"[ 、,]+", text.strip()) if name and name not in _ROLE_WORDS)


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
        target.extend(name for name in names if name not in target)

    def set_once(self, name: str, value: str | None) -> None:
        if value and not getattr(self, name):
            setattr(self, name, value)

    def merged_into(self, hints: DocumentMeta) -> DocumentMeta:
        """Hints from the input format (JSONL fields, HTML <meta>) win over guesses."""
        return replace(hints, title=hints.title or self.title, date=hints.date or self.date,
                       source=hints.source or self.source,
                       authors=hints.authors or tuple(self.authors),
                       editors=hints.editors or tuple(self.editors))


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
        short = _MONTH_DAY.match(value)         # 09-23 without a year
        facts.set_once("date", parse_date(value) or (short and _iso(None, short["m"], short["d"])))


def _read_byline(text: str, facts: MetaFacts) -> bool:
    if len(text) > _BYLINE_MAX_CHARS:
        return False
    editor = R.EDITOR_LINE.match(text)
    if editor:
        facts.add_people(split_names(editor["names"]), editors=True)
        return True
    byline = R.BYLINE.match(text)
    if not byline:
        return False
    facts.add_people(split_names(byline["names"]), editors=False)
    outlet = (byline["outlet"] or "").split("/")[0]
    if R.OUTLET_SUFFIX.search(outlet):
        facts.set_once("source", outlet)
    return True


def _read_trailer(text: str, facts: MetaFacts) -> str:
    """Take a ``摘自…《报名》记者 X`` tail off the last line; returns what is left."""
    match = R.TRAILER.search(text)
    if not match:
        return text
    facts.set_once("source", match["paper"] or match["bare"])
    if match["names"]:
        facts.add_people(split_names(match["names"]), editors=False)
    facts.set_once("date", parse_date(match["all"]))   # a masked date (****年) gives None
    return text[:match.start("all")].rstrip()


# --- the whole article --------------------------------------------------------------

def _title_index(lines: tuple[Line, ...], hints: DocumentMeta) -> int | None:
    """Index of the headline: the first content line, short, set apart from what follows."""
    content = [index for index, line in enumerate(lines) if line.text]
    if len(content) < 2:      # a lone line is the body, not a headline over nothing
        return None
    first = content[0]
    text = lines[first].text
    if hints.title:   # the page repeats its headline, maybe without the site's suffix
        same = text == hints.title or len(text) >= 4 and (hints.title.startswith(text) or text.startswith(hints.title))
        return first if same else None
    if not _headline_shaped(text):
        return None
    following = lines[first + 1] if first + 1 < len(lines) else None
    set_apart = following is None or not following.text or following.number != lines[first].number + 1
    if set_apart or _read_meta_line(following.text, MetaFacts()):
        return first
    # A headline glued to its body (CMS dumps): a short line without a stop over a long paragraph.
    glued = (_GLUED_TITLE_MIN_CHARS <= len(text) <= _GLUED_TITLE_MAX_CHARS
             and not any(m in text for m in "。!?") and _metadata_rule(text, MetaFacts()) is None)
    return first if glued and is_body_paragraph(following.text) and len(following.text) > len(text) else None


def _headline_shaped(text: str) -> bool:
    too_long = len(text) > _TITLE_MAX_CHARS
    return not too_long and text[-1] not in "。;:," and not (is_body_paragraph(text) and text.endswith("。"))


def extract_metadata(lines: tuple[Line, ...], hints: DocumentMeta | None = None,
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
        removed.append(Removal(text=last.text[len(rest):].strip(), rule="trailer", line=last.number))
        kept[content[-1]] = Line(last.number, rest)


def _read_inline_byline(kept: list[Line], facts: MetaFacts) -> None:
    """``本报讯(记者 张三 通讯员 李四)`` opening the first paragraph: names only, text stays."""
    first = next((line for line in kept if line.text), None)
    match = R.INLINE_BYLINE.match(first.text) if first else None
    if match:
        for name_match in R.INLINE_NAME.finditer(match["inner"]):
            facts.add_people(split_names(name_match["names"]), editors=False)
