"""Page furniture: navigation, banners, widgets, footers and headline lists around the article.

Each rule looks at one whole line and names itself; a line is only dropped whole,
so every sentence of the article body survives untouched.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Removal
from . import resources as R
from .lines import Line, removal_of

__all__ = ["furniture_rule", "drop_furniture_lines", "cut_footer", "drop_headline_list", "is_body_paragraph"]

_MIN_BODY_CHARS = 30
_HEADLINE_MAX_CHARS = 60
_HEADLINE_MIN_RUN = 5


def _is_image_name(text: str) -> bool:
    return bool(R.IMAGE_NAME.search(text)) and "。" not in text


_LINE_RULES: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("image_name", _is_image_name),
    ("breadcrumb", lambda text: bool(R.BREADCRUMB.search(text))),
    ("listen_widget", lambda text: bool(R.LISTEN.match(text))),
    ("share_widget", lambda text: bool(R.SHARE.match(text))),
    ("login_prompt", lambda text: len(text) <= 40 and bool(R.LOGIN.search(text))),
    ("tag_line", lambda text: bool(R.TAG_LINE.match(text))),
    ("more_news", lambda text: bool(R.MORE_NEWS.match(text))),
    ("footer_line", lambda text: len(text) <= 80 and bool(R.FOOTER_ANYWHERE.search(text))),
)


def furniture_rule(text: str) -> str | None:
    """The name of the furniture rule a whole line matches, or None for content.

    >>> furniture_rule("首页 >> 江苏首页 >> 正文"), furniture_rule("听新闻"), furniture_rule("正文第一句。")
    ('breadcrumb', 'listen_widget', None)
    """
    for name, matches in _LINE_RULES:
        if text and matches(text):
            return name
    return None


def is_body_paragraph(text: str) -> bool:
    """A line that reads like article prose: long enough and holding a full sentence."""
    return len(text) >= _MIN_BODY_CHARS and any(mark in text for mark in R.SENTENCE_END)


def drop_furniture_lines(lines: tuple[Line, ...]) -> tuple[tuple[Line, ...], tuple[Removal, ...]]:
    """Drop whole furniture lines, plus lone numbers (counters, page numbers) before the body."""
    kept: list[Line] = []
    removed: list[Removal] = []
    body_started = False
    for line in lines:
        rule = furniture_rule(line.text)
        if rule is None and not body_started and R.LONE_NUMBER.match(line.text):
            rule = "lone_number"
        if rule:
            removed.append(removal_of(line, rule))
            continue
        body_started = body_started or is_body_paragraph(line.text)
        kept.append(line)
    return tuple(kept), tuple(removed)


def cut_footer(lines: tuple[Line, ...]) -> tuple[tuple[Line, ...], tuple[Removal, ...]]:
    """Cut from the first footer line after the body (disclaimer, copyright, 友情链接) to the end."""
    seen_body = False
    for index, line in enumerate(lines):
        if seen_body and R.FOOTER_START.search(line.text):
            tail = lines[index:]
            return lines[:index], tuple(removal_of(cut, "footer") for cut in tail if cut.text)
        seen_body = seen_body or is_body_paragraph(line.text)
    return lines, ()


def _is_headline(text: str) -> bool:
    return 0 < len(text) <= _HEADLINE_MAX_CHARS and "。" not in text


def drop_headline_list(lines: tuple[Line, ...]) -> tuple[tuple[Line, ...], tuple[Removal, ...]]:
    """Drop a trailing run of unrelated headlines (short lines without a full stop)."""
    content = [line for line in lines if line.text]
    run = 0
    while run < len(content) and _is_headline(content[len(content) - 1 - run].text):
        run += 1
    if run < _HEADLINE_MIN_RUN or run == len(content):
        return lines, ()
    first_number = content[len(content) - run].number
    kept = tuple(line for line in lines if line.number < first_number)
    return kept, tuple(removal_of(line, "headline_list") for line in content[-run:])
