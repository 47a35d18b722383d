"""HTML pages: main content by trafilatura (offline), facts from <title> and <meta> tags."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..model import DocumentMeta
from .metadata import parse_date, split_names

__all__ = ["extract_html", "page_meta"]

_TITLE_KEYS = ("og:title", "twitter:title", "title")
_DATE_KEYS = (
    "article:published_time",
    "publishdate",
    "pubdate",
    "publish_date",
    "date",
    "dc.date",
    "og:release_date",
    "datepublished",
)
_SOURCE_KEYS = ("source", "og:site_name", "sitename", "site_name", "application-name")
_AUTHOR_KEYS = ("author", "article:author", "dc.creator")
_URL_KEYS = ("og:url", "canonical")
_SITE_SUFFIX = re.compile(r"\s*(?:_| \| | - )\s*[^_|]{1,30}$")


class _HeadReader(HTMLParser):
    """Collects <title> text, <meta name|property=… content=…> pairs and the canonical link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: dict[str, str] = {}
        self.title_parts: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key.lower(): (value or "").strip() for key, value in attrs}
        if tag == "title":
            self._in_title = True
        elif tag == "meta":
            key = (values.get("name") or values.get("property") or values.get("itemprop") or "").lower()
            if key and values.get("content"):
                self.tags.setdefault(key, values["content"])
        elif tag == "link" and values.get("rel", "").lower() == "canonical" and values.get("href"):
            self.tags.setdefault("canonical", values["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)


def _first(tags: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((tags[key] for key in keys if tags.get(key)), None)


def page_meta(html: str) -> DocumentMeta:
    """Title, date, source, authors and URL from the page head; other <meta> tags in ``extra``.

    >>> page_meta('<title>标题_某网</title><meta name="author" content="张三">').authors
    ('张三',)
    """
    reader = _HeadReader()
    reader.feed(html)
    tags = reader.tags
    title = _first(tags, _TITLE_KEYS) or " ".join("".join(reader.title_parts).split()) or None
    title = _SITE_SUFFIX.sub("", title) if title and len(_SITE_SUFFIX.sub("", title)) >= 4 else title
    date = _first(tags, _DATE_KEYS)
    authors = _first(tags, _AUTHOR_KEYS)
    used = set(_TITLE_KEYS + _DATE_KEYS + _SOURCE_KEYS + _AUTHOR_KEYS + _URL_KEYS)
    return DocumentMeta(
        title=title or None,
        date=parse_date(date) if date else None,
        source=_first(tags, _SOURCE_KEYS),
        authors=split_names(authors) if authors else (),
        url=_first(tags, _URL_KEYS),
        extra=tuple(sorted((key, value) for key, value in tags.items() if key not in used)),
    )


def _main_text(html: str) -> str:
    import trafilatura  # heavy import, only for HTML input

    text = trafilatura.extract(
        html,
        output_format="txt",
        include_comments=False,
        include_tables=True,
        favor_recall=True,
        deduplicate=False,
        with_metadata=False,
    )
    return text or trafilatura.html2txt(html) or ""


def extract_html(html: str) -> tuple[str, DocumentMeta]:
    """The page's main text (nothing is fetched) and its facts."""
    return _main_text(html), page_meta(html)
