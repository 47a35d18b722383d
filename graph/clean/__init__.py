"""Clean stage: raw article text -> the body text every later offset points into, plus its facts.

The steps run in this order, each small, pure and tested on its own:

1. ``normalize_text``        canonical punctuation width and spaces (line count kept); the
                             title alone keeps the source's characters (``as_written``)
2. ``remove_spam``           injected gambling brands and scrambled fragments
3. ``drop_furniture_lines``  navigation, banners, image names, widgets, login prompts
4. ``cut_footer``            copyright / disclaimer / link blocks after the body, to the end
5. ``extract_metadata``      title, date, source, authors, editors; their lines leave the body
6. ``drop_headline_list``    a trailing list of unrelated headlines
0. Traditional -> Simplified (OpenCC t2s, lengths kept) when the input is Traditional

Every removal is kept in ``Document.removed`` with the rule that made it.

The steps live one concern a module: ``normalize`` (width, spaces, Traditional->Simplified),
``furniture`` (page furniture lines), ``metadata`` (title/date/source/people lines), ``spam``
(injected tokens), ``htmlmeta`` (HTML main text and <meta> tags), ``words`` (the jieba word
list the spam rules use), ``lines`` (numbered lines), ``resources`` (every regex, precompiled).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from difflib import SequenceMatcher

from ..errors import EmptyInputError
from ..model import Document, DocumentMeta, RawArticle, Removal
from .furniture import cut_footer, drop_furniture_lines, drop_headline_list
from .lines import Line, join_lines
from .metadata import extract_metadata
from .normalize import (
    as_written,
    looks_traditional,
    normalize_line,
    normalize_newlines,
    normalize_text,
    to_simplified,
)
from .source_map import source_lines
from .spam import remove_spam

__all__ = ["clean_article", "clean_lines", "clean_text", "content_hash"]

# Spam goes first: taking it out can leave a line that is furniture (a lone number), and
# every later step must see the final lines for cleaning to be idempotent.
_LINE_STEPS = (remove_spam, drop_furniture_lines, cut_footer)
_BODY_STEPS = (drop_headline_list,)


def content_hash(text: str) -> str:
    """sha256 (hex) of the cleaned body."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def clean_lines(
    text: str,
    hints: DocumentMeta | None = None,
) -> tuple[tuple[Line, ...], DocumentMeta, tuple[Removal, ...]]:
    """Run steps 1-6 on ``text``: the body lines, the facts found, and what was removed."""
    raw_lines = normalize_newlines(text).split("\n")
    lines = tuple(Line(number, normalize_line(line)) for number, line in enumerate(raw_lines, start=1))
    removed: list[Removal] = []
    for step in _LINE_STEPS:
        lines, taken = step(lines)
        removed += taken
    lines, meta, taken = extract_metadata(lines, hints)
    removed += taken
    for step in _BODY_STEPS:
        lines, taken = step(lines)
        removed += taken
    return lines, _title_as_written(meta, removed, raw_lines, hints), tuple(removed)


def _title_as_written(
    meta: DocumentMeta, removed: list[Removal], raw_lines: list[str], hints: DocumentMeta | None
) -> DocumentMeta:
    """The headline in the source's own characters (苏州：锻造…, not 苏州:锻造…): the body is
    canonical, but the title is the article's text as written, only its spaces normalised."""
    line = next((r for r in removed if r.rule == "title"), None)
    if line is None or (hints and hints.title) or meta.title != line.text:
        return meta
    return replace(meta, title=as_written(raw_lines[line.line - 1], line.text))


def clean_text(text: str) -> str:
    """The cleaned body of ``text`` alone (no Traditional conversion), for tests and tools.

    >>> clean_text("首页 >> 新闻 >> 正文\\n\\n标题\\n\\n　　正文第一句，第二句。\\n友情链接")
    '正文第一句,第二句。'
    """
    lines, _, _ = clean_lines(text)
    return join_lines(lines)


def _simplified_meta(meta: DocumentMeta) -> DocumentMeta:
    convert = lambda value: to_simplified(value) if value else value  # noqa: E731
    return replace(
        meta,
        title=convert(meta.title),
        source=convert(meta.source),
        authors=tuple(map(to_simplified, meta.authors)),
        editors=tuple(map(to_simplified, meta.editors)),
    )


def _kept_part(full_simplified: str, kept: str, full_original: str) -> str:
    """The characters of ``full_original`` at the places ``kept`` took from ``full_simplified``."""
    if kept == full_simplified:
        return full_original
    blocks = SequenceMatcher(None, full_simplified, kept, autojunk=False).get_matching_blocks()
    return "".join(full_original[a : a + size] for a, _, size in blocks)


def _original_body(raw_text: str, lines: tuple[Line, ...]) -> str:
    """The cleaned body in the input's own (Traditional) script.

    Cleaning ran on the Simplified text, which has the same length line by line
    (``to_simplified`` keeps lengths), so kept characters map back by position.
    """
    originals = normalize_text(raw_text).split("\n")
    simplified = normalize_text(to_simplified(raw_text)).split("\n")
    return "\n".join(
        _kept_part(simplified[line.number - 1], line.text, originals[line.number - 1])
        for line in lines
        if line.text
    )


def clean_article(raw: RawArticle) -> Document:
    """Clean one article; raises EmptyInputError when nothing but furniture is left.

    Traditional input is converted to Simplified first (OpenCC t2s), so every rule and
    every later stage sees Simplified text; ``original_text`` keeps the cleaned body in
    the input's script.

    >>> doc = clean_article(RawArticle("a", "a.txt", "标题\\n\\n2022年9月23日 来源:某某日报\\n正文。"))
    >>> doc.text, doc.headline_end, doc.meta.title, doc.meta.date, doc.meta.source
    ('标题\\n正文。', 3, '标题', '2022-09-23', '某某日报')
    """
    traditional = looks_traditional(raw.text)
    text = to_simplified(raw.text) if traditional else raw.text
    hints = _simplified_meta(raw.meta) if traditional else raw.meta
    lines, meta, removed = clean_lines(text, hints)
    body = join_lines(lines)
    if not body.strip():
        raise EmptyInputError(
            f"{raw.source_path}: expected article text, got only page furniture "
            f"and metadata ({len(removed)} pieces removed)"
        )
    # The headline stays the text's first line: it is the article's own words, and names in it
    # are the article's (a place named only in the headline is still named).  Duplicates are
    # still found by the body alone.
    headline = _headline(removed)
    lines = headline + lines
    original = _original_body(raw.text, lines) if traditional else None
    text = join_lines(lines)
    return Document(
        doc_id=raw.doc_id,
        source_path=raw.source_path,
        text=text,
        meta=meta,
        original_text=original if original != text else None,
        removed=removed,
        content_hash=content_hash(body),
        headline_end=len(headline[0].text) + 1 if headline else 0,
        source_lines=source_lines(raw.text, ((line.number, line.text) for line in lines)),
    )


def _headline(removed: tuple[Removal, ...]) -> tuple[Line, ...]:
    title = next((r for r in removed if r.rule == "title" and r.line >= 0), None)
    return (Line(title.line, title.text),) if title is not None else ()
