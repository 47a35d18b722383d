"""Ingest stage: files, folders, globs or stdin -> decoded articles, never an exception.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("标题\\n\\n正文。", encoding="utf-8")
>>> [item.doc_id for item in iter_articles([str(folder)])]
['a']

A bad input becomes an :class:`InputFailure` with a one-line reason and the code of its
error (``graph.errors``: ``InputError``, or ``EmptyInputError`` when there is no text), and
reading goes on with the next input (or, in a JSONL file, with the next line).
"""

from __future__ import annotations

import glob
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from ..clean.htmlmeta import extract_html
from ..clean.metadata import parse_date
from ..errors import EmptyInputError, InputError
from ..model import DocumentMeta, InputFailure, RawArticle

__all__ = ["iter_articles", "iter_paths", "decode_bytes", "read_file", "MAX_INPUT_BYTES", "SUFFIXES", "STDIN"]

MAX_INPUT_BYTES = 50 * 1024 * 1024  # larger inputs are refused unread: articles are small
SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
STDIN = "-"
_CANDIDATE_ENCODINGS = ["utf_8", "gb18030", "big5"]
_BINARY_SAMPLE = 8192
_JSONL_FIELDS = ("id", "title", "date", "source", "url", "text")


def _failure(where: str, error: InputError) -> InputFailure:
    """The report of an input that could not be read: its reason and its code (``graph.errors``)."""
    return InputFailure(where, error.reason, error.code)


# --- which paths -------------------------------------------------------------------------


def iter_paths(inputs: Sequence[str]) -> Iterator[Path | str | InputFailure]:
    """Expand inputs to files in a stable order; ``-`` stays as it is, misses become failures."""
    for item in inputs:
        if item == STDIN:
            yield STDIN
            continue
        try:
            yield from _expand(item)
        except (OSError, ValueError) as error:  # unreadable folder, NUL byte in a name, ...
            yield _failure(item, InputError(f"cannot list this input: {error}"))


def _expand(item: str) -> list[Path | InputFailure]:
    path = Path(item)
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    if path.exists() or path.is_symlink():
        return [path]
    if glob.has_magic(item):
        matches = sorted(Path(p) for p in glob.glob(item, recursive=True) if Path(p).is_file())
        return matches or [_failure(item, InputError("no file matches this pattern"))]
    return [_failure(item, InputError("no such file or folder"))]


# --- bytes -> text -------------------------------------------------------------------------


def _read_limited(stream: IO[bytes]) -> bytes:
    """Read at most the limit plus one byte, so a huge input never fills memory."""
    data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"input too large: more than {MAX_INPUT_BYTES // (1024 * 1024)} MB")
    return data


def read_file(path: Path) -> bytes:
    """The file's bytes; raises :class:`~graph.errors.InputError` for unreadable and oversized files."""
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputError(
                f"file too large: {size / 1024 / 1024:.1f} MB, limit {MAX_INPUT_BYTES // (1024 * 1024)} MB"
            )
        with path.open("rb") as stream:
            data = _read_limited(stream)
    except PermissionError:
        raise InputError("permission denied: cannot read this file") from None
    except IsADirectoryError:
        raise InputError("expected a file, got a folder") from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}") from None
    return data


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode article bytes: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK or Big5.

    Raises :class:`~graph.errors.EmptyInputError` for blank bytes and
    :class:`~graph.errors.InputError` for binary or undecodable ones.

    >>> decode_bytes("苏州市吴江区召开基层党建工作会议。".encode("gb18030"))
    ('苏州市吴江区召开基层党建工作会议。', 'gb18030')
    """
    if not data.strip():
        raise EmptyInputError("empty file: no text to read")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16"), "utf-16"
    if b"\x00" in data[:_BINARY_SAMPLE]:
        raise InputError("binary file: holds NUL bytes, expected text")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only non-UTF-8 input pays for detection

    best = from_bytes(data, cp_isolation=_CANDIDATE_ENCODINGS).best()
    if best is None:
        raise InputError("undecodable bytes: not UTF-8, GB18030 or Big5 text")
    return str(best), best.encoding


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(f"undecodable bytes: invalid {encoding}") from None


# --- formats ---------------------------------------------------------------------------------


def _text_article(path: Path, source: str, data: bytes, fmt: str) -> RawArticle:
    text, encoding = decode_bytes(data)
    if not text.strip():
        raise EmptyInputError("empty file: only whitespace")
    return RawArticle(doc_id=path.stem, source_path=source, text=text, format=fmt, encoding=encoding)


def _html_article(path: Path, source: str, data: bytes) -> RawArticle:
    text, encoding = decode_bytes(data)
    body, meta = extract_html(text)
    if not body.strip():
        raise EmptyInputError("HTML page without article text")
    return RawArticle(
        doc_id=path.stem, source_path=source, text=body, format="html", meta=meta, encoding=encoding
    )


def _jsonl_meta(record: dict) -> DocumentMeta:
    def text_of(key: str) -> str | None:
        value = record.get(key)
        return str(value).strip() or None if value is not None else None

    extra = {
        key: value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
        for key, value in record.items()
        if key not in _JSONL_FIELDS
    }
    date = parse_date(text_of("date") or "")
    if text_of("date") and not date:  # keep what could not be read as a date
        extra["date"] = text_of("date")
    return DocumentMeta(
        title=text_of("title"),
        date=date,
        source=text_of("source"),
        url=text_of("url"),
        extra=tuple(sorted(extra.items())),
    )


def _jsonl_items(path: Path, source: str, data: bytes) -> Iterator[RawArticle | InputFailure]:
    text, encoding = decode_bytes(data)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield _failure(where, InputError(f"malformed JSON line: {error.msg} at column {error.colno}"))
            continue
        if (
            not isinstance(record, dict)
            or not isinstance(record.get("text"), str)
            or not record["text"].strip()
        ):
            yield _failure(where, EmptyInputError("JSON line without a non-empty string field 'text'"))
            continue
        given_id = record.get("id")
        doc_id = str(given_id).strip() if given_id not in (None, "") else f"{path.stem}-{number}"
        yield RawArticle(
            doc_id=doc_id,
            source_path=where,
            text=record["text"],
            format="jsonl",
            meta=_jsonl_meta(record),
            encoding=encoding,
        )


def _file_items(path: Path) -> Iterator[RawArticle | InputFailure]:
    source = str(path)
    try:
        data = read_file(path)
        suffix = path.suffix.lower()
        if suffix == ".jsonl":
            yield from _jsonl_items(path, source, data)
        elif suffix in (".html", ".htm"):
            yield _html_article(path, source, data)
        else:
            yield _text_article(path, source, data, "txt")
    except InputError as error:
        yield _failure(source, error)


def _stdin_items() -> Iterator[RawArticle | InputFailure]:
    stream = getattr(sys.stdin, "buffer", None)
    try:
        data = _read_limited(stream) if stream else sys.stdin.read(MAX_INPUT_BYTES + 1).encode("utf-8")
        if len(data) > MAX_INPUT_BYTES:
            raise InputError(f"input too large: more than {MAX_INPUT_BYTES // (1024 * 1024)} MB")
        text, encoding = decode_bytes(data)
    except InputError as error:
        yield _failure("<stdin>", error)
        return
    yield RawArticle(doc_id="stdin", source_path="<stdin>", text=text, format="stdin", encoding=encoding)


def iter_articles(inputs: Sequence[str]) -> Iterator[RawArticle | InputFailure]:
    """Every article in ``inputs`` (files, folders, globs, ``-``), or why one could not be read."""
    for item in iter_paths(inputs):
        if isinstance(item, InputFailure):
            yield item
        elif item == STDIN:
            yield from _stdin_items()
        else:
            yield from _file_items(item)
