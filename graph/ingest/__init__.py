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
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

from ..errors import EmptyInputError, InputError, InternalError
from ..model import DocumentMeta, InputFailure, RawArticle

__all__ = [
    "iter_articles",
    "iter_paths",
    "decode_bytes",
    "read_file",
    "printable",
    "FoundFile",
    "MAX_INPUT_BYTES",
    "MAX_ARTICLE_CHARS",
    "SUFFIXES",
    "STDIN",
]

MAX_INPUT_BYTES = 50 * 1024 * 1024  # larger inputs are refused unread: articles are small
# A news article is a few thousand characters; one far longer would keep the extractor busy for
# an hour, so it is refused with a message instead.
MAX_ARTICLE_CHARS = 1_000_000
SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
STDIN = "-"
_CANDIDATE_ENCODINGS = ["utf_8", "gb18030", "big5"]
_BINARY_SAMPLE = 8192
_JSONL_FIELDS = ("id", "title", "date", "source", "url", "text")
_MB = 1024 * 1024


def _failure(where: str, error: InputError) -> InputFailure:
    """The report of an input that could not be read: its reason and its code (``graph.errors``)."""
    return InputFailure(printable(where), error.reason, error.code)


def printable(text: str) -> str:
    r"""``text`` safe to print, encode and export: undecodable name bytes and control characters escaped.

    A file name that is not UTF-8 reaches Python as lone surrogates (``surrogateescape``), which no
    UTF-8 writer accepts; a newline in a name would split a one-line message.

    >>> printable("caf\udce9.txt"), printable("a\nb")
    ('caf\\xe9.txt', 'a\\nb')
    """
    if text.isprintable():
        return text
    raw = text.encode("utf-8", "surrogateescape") if _only_escapes(text) else None
    if raw is not None:
        text = raw.decode("utf-8", "backslashreplace")
    return "".join(char if char.isprintable() or char == " " else _escaped(char) for char in text)


def _only_escapes(text: str) -> bool:
    return not any("\ud800" <= char < "\udc80" or "\ude00" <= char <= "\udfff" for char in text)


def _escaped(char: str) -> str:
    return char.encode("unicode_escape", "backslashreplace").decode("ascii")


# --- which paths -------------------------------------------------------------------------


@dataclass(frozen=True)
class FoundFile:
    """An input file and the corpus root it was found under (its folder, or the folder given)."""

    path: Path
    root: Path

    @property
    def relative(self) -> str:
        """The path under the root, ``/``-separated and printable: the article's ``source_path``."""
        return printable(self.path.relative_to(self.root).as_posix())


def iter_paths(inputs: Sequence[str]) -> Iterator[FoundFile | str | InputFailure]:
    """Expand inputs to files in a stable order; ``-`` stays as it is, misses become failures."""
    for item in inputs:
        if item == STDIN:
            yield STDIN
            continue
        try:
            yield from _expand(item)
        except (OSError, ValueError) as error:  # NUL byte in a name, ...
            yield _failure(item, InputError(f"cannot list this input: {error}"))


def _expand(item: str) -> Iterator[FoundFile | InputFailure]:
    path = Path(item)
    if path.is_dir():
        yield from _walk(path)
    elif path.exists() or path.is_symlink():
        yield FoundFile(path, path.parent)
    elif glob.has_magic(item):
        root = _literal_prefix(path)
        matches = sorted(Path(p) for p in glob.glob(item, recursive=True) if Path(p).is_file())
        yield from (FoundFile(match, root) for match in matches)
        if not matches:
            yield _failure(item, InputError("no file matches this pattern"))
    else:
        yield _failure(item, InputError("no such file or folder"))


def _literal_prefix(pattern: Path) -> Path:
    """The folder a glob pattern's matches are found under: its parts before the first wildcard."""
    literal = []
    for part in pattern.parts:
        if glob.has_magic(part):
            break
        literal.append(part)
    return Path(*literal) if literal else Path()


def _walk(root: Path) -> Iterator[FoundFile | InputFailure]:
    """The article files under ``root``, sorted; a folder that cannot be listed is its own failure.

    Iterative (a chain of thousands of sub-folders is no deeper for it) and never follows a
    link to a folder (no loops).
    """
    found: list[tuple[tuple[str, ...], FoundFile | InputFailure]] = []
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    path = Path(entry.path)
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(path)
                    elif path.suffix.lower() in SUFFIXES and entry.is_file():
                        found.append((path.parts, FoundFile(path, root)))
        except OSError as error:
            reason = f"cannot list this folder: {error.strerror or error}; its articles are not read"
            found.append((folder.parts, _failure(str(folder), InputError(reason))))
    found.sort(key=lambda item: item[0])
    yield from (item for _, item in found)


# --- bytes -> text -------------------------------------------------------------------------


def _too_large(size: int | None = None) -> InputError:
    limit = f"limit {MAX_INPUT_BYTES:,} bytes ({MAX_INPUT_BYTES // _MB} MB)"
    if size is None:
        return InputError(f"input too large: more than {limit}")
    return InputError(f"file too large: {size:,} bytes, {limit}")


def _read_limited(stream: IO[bytes]) -> bytes:
    """Read at most the limit plus one byte, so a huge input never fills memory."""
    data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise _too_large()
    return data


def read_file(path: Path) -> bytes:
    """The file's bytes; raises :class:`~graph.errors.InputError` for unreadable, oversized and
    non-regular files (a FIFO or a device would block or never end)."""
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise InputError("expected a file, got a folder")
        if not stat.S_ISREG(status.st_mode):
            raise InputError("not a regular file (a FIFO, socket or device): refused")
        if status.st_size > MAX_INPUT_BYTES:
            raise _too_large(status.st_size)
        with path.open("rb") as stream:
            data = _read_limited(stream)
    except PermissionError:
        raise InputError("permission denied: cannot read this file") from None
    except IsADirectoryError:
        raise InputError("expected a file, got a folder") from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}") from None
    return data


def decode_bytes(data: bytes, *, nul_is_binary: bool = True) -> tuple[str, str]:
    """Decode article bytes: UTF-8 (with or without BOM), UTF-16 (with or without BOM), GB18030/GBK or Big5.

    Raises :class:`~graph.errors.EmptyInputError` for blank bytes and
    :class:`~graph.errors.InputError` for binary or undecodable ones.  ``nul_is_binary=False``
    (JSON Lines, where a NUL byte fails its own line) skips the binary check.

    >>> decode_bytes("苏州市吴江区召开基层党建工作会议。".encode("gb18030"))
    ('苏州市吴江区召开基层党建工作会议。', 'gb18030')
    """
    if not data.strip():
        raise EmptyInputError("empty file: no text to read")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16"), "utf-16"
    if nul_is_binary and b"\x00" in data[:_BINARY_SAMPLE]:
        unmarked = _unmarked_utf16(data)
        if unmarked is not None:
            return unmarked
        raise InputError("binary file: holds NUL bytes, expected text")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only non-UTF-8 input pays for detection

    best = from_bytes(data, cp_isolation=_CANDIDATE_ENCODINGS).best()
    if best is not None:
        return str(best), best.encoding
    # UTF-8 but for a few bytes (cut inside its last character, a damaged byte): kept, and said
    text, replaced = _mostly_utf8(data.removeprefix(b"\xef\xbb\xbf"))
    if text is None:
        raise InputError("undecodable bytes: not UTF-8, UTF-16, GB18030 or Big5 text")
    return text, f"utf-8, {replaced} undecodable {'byte' if replaced == 1 else 'bytes'} replaced by U+FFFD"


# More bad bytes than this and the text is not UTF-8 with a flaw but something else.
_MAX_REPLACED = 16


def _mostly_utf8(data: bytes) -> tuple[str | None, int]:
    """``data`` as UTF-8 with its few invalid bytes replaced, and how many; (None, n) past the limit."""
    parts, replaced, start = [], 0, 0
    while True:
        try:
            parts.append(data[start:].decode("utf-8"))
            return "".join(parts), replaced
        except UnicodeDecodeError as error:
            replaced += error.end - error.start
            if replaced > _MAX_REPLACED:
                return None, replaced
            parts += [data[start : start + error.start].decode("utf-8"), "\ufffd"]
            start += error.end


def _unmarked_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text written without a byte-order mark (its ASCII characters hold NUL bytes), or None."""
    if len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and _looks_like_text(text):
            return text, encoding
    return None


def _looks_like_text(text: str) -> bool:
    """Mostly Chinese, ASCII or their punctuation: the wrong byte order gives other scripts."""
    usual = sum(
        1
        for char in text
        if char.isascii()
        or "\u4e00" <= char <= "\u9fff"
        or "\u3000" <= char <= "\u303f"
        or "\uff00" <= char <= "\uffef"
    )
    return usual >= 0.9 * len(text)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(f"undecodable bytes: invalid {encoding}") from None


# --- formats ---------------------------------------------------------------------------------


def _text_article(found: FoundFile, data: bytes, fmt: str) -> RawArticle:
    text, encoding = decode_bytes(data)
    if not text.strip():
        raise EmptyInputError("empty file: only whitespace")
    return RawArticle(doc_id="", source_path=found.relative, text=text, format=fmt, encoding=encoding)


def _html_article(found: FoundFile, data: bytes) -> RawArticle:
    text, encoding = decode_bytes(data)
    from ..clean.htmlmeta import extract_html  # here: listing and reading files need no parser

    body, meta = extract_html(text)
    if not body.strip():
        raise EmptyInputError("HTML page without article text")
    return RawArticle(
        doc_id="", source_path=found.relative, text=body, format="html", meta=meta, encoding=encoding
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
    from ..clean.metadata import parse_date

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


def _json_lines(text: str) -> Iterator[tuple[int, str]]:
    """(number, line) of a JSON Lines text: split on "\n" only (U+2028 and the like are text)."""
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if line.strip():
            yield number, line


def _jsonl_record(line: str) -> dict:
    """One JSON line as an article's record; raises ``InputError`` when it cannot be one."""
    if "\x00" in line:
        raise InputError("JSON line holds a NUL byte")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"malformed JSON line: {error.msg} at column {error.colno}") from None
    except RecursionError:
        raise InputError("JSON line nested too deeply to read") from None
    if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"].strip():
        raise EmptyInputError("JSON line without a non-empty string field 'text'")
    for key in _JSONL_FIELDS:
        if isinstance(record.get(key), (dict, list)):
            kind = "an object" if isinstance(record[key], dict) else "a list"
            raise InputError(f"field {key!r} holds {kind}, expected a string")
    if "\x00" in record["text"]:
        raise InputError("field 'text' holds a NUL character")
    try:
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise InputError("JSON line holds a lone surrogate (\\ud800-\\udfff): not Unicode text") from None
    except RecursionError:
        raise InputError("JSON line nested too deeply to read") from None
    return record


def _jsonl_items(found: FoundFile, data: bytes) -> Iterator[tuple[RawArticle | InputFailure, str]]:
    """Each line's article (with the line's number) or failure; a bad line fails only itself."""
    text, encoding = decode_bytes(data, nul_is_binary=False)
    for number, line in _json_lines(text):
        where = f"{found.path}:{number}"
        try:
            record = _jsonl_record(line)
        except InputError as error:
            yield _failure(where, error), where
            continue
        given = record.get("id")
        article = RawArticle(
            doc_id="" if given is None else str(given).strip(),
            source_path=f"{found.relative}:{number}",
            text=record["text"],
            format="jsonl",
            meta=_jsonl_meta(record),
            encoding=encoding,
        )
        yield article, where


class _DocIds:
    """Hands out unique doc ids: the natural one when it is free, else the next candidate.

    Files: their path under the root without suffix (``sub/x``), then with it (``sub/x.txt``,
    for ``x.txt`` beside ``x.html``); JSONL records: the given id (``1`` and ``"1"`` are both
    ``1``), or ``<file>-<line>``, then ``<file>.jsonl:<line>``.  Last resort: ``~2``, ``~3``, ...
    Ingest runs in one process in input order, so the same corpus gets the same ids every run.
    """

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def claim(self, *candidates: str) -> str:
        candidates = tuple(c for c in candidates if c)
        for candidate in candidates:
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate
        last, number = candidates[-1], 2
        while f"{last}~{number}" in self.taken:
            number += 1
        self.taken.add(f"{last}~{number}")
        return f"{last}~{number}"


def _file_ids(found: FoundFile) -> tuple[str, str]:
    relative = found.relative
    return relative.removesuffix(found.path.suffix) if found.path.suffix else relative, relative


def _file_items(found: FoundFile, ids: _DocIds) -> Iterator[RawArticle | InputFailure]:
    location = str(found.path)
    try:
        data = read_file(found.path)
        suffix = found.path.suffix.lower()
        if suffix == ".jsonl":
            stem = _file_ids(found)[0]
            for item, where in _jsonl_items(found, data):
                if isinstance(item, RawArticle):
                    number = item.source_path.rsplit(":", 1)[1]
                    doc_id = ids.claim(printable(item.doc_id), f"{stem}-{number}", item.source_path)
                    item = _checked(replace(item, doc_id=doc_id, location=where))
                yield item
            return
        raw = _html_article(found, data) if suffix in (".html", ".htm") else _text_article(found, data, "txt")
        yield _checked(replace(raw, doc_id=ids.claim(*_file_ids(found)), location=location))
    except InputError as error:
        yield _failure(location, error)


def _checked(raw: RawArticle) -> RawArticle | InputFailure:
    """``raw``, or its failure when it is far longer than any real article."""
    if len(raw.text) > MAX_ARTICLE_CHARS:
        error = InputError(f"article too long: {len(raw.text):,} characters, limit {MAX_ARTICLE_CHARS:,}")
        return _failure(raw.location or raw.source_path, error)
    return raw


def _stdin_items(ids: _DocIds) -> Iterator[RawArticle | InputFailure]:
    stream = getattr(sys.stdin, "buffer", None)
    try:
        data = _read_limited(stream) if stream else sys.stdin.read(MAX_INPUT_BYTES + 1).encode("utf-8")
        if len(data) > MAX_INPUT_BYTES:
            raise _too_large()
        text, encoding = decode_bytes(data)
    except InputError as error:
        yield _failure("<stdin>", error)
        return
    yield _checked(
        RawArticle(
            doc_id=ids.claim("stdin"), source_path="<stdin>", text=text, format="stdin", encoding=encoding
        )
    )


def iter_articles(inputs: Sequence[str]) -> Iterator[RawArticle | InputFailure]:
    """Every article in ``inputs`` (files, folders, globs, ``-``), or why one could not be read.

    Never raises: an unexpected error fails only the input it happened on (code ``E999``).
    A file reached twice (a folder and one of its files, or a link) is read once.
    """
    ids, seen = _DocIds(), _SeenFiles()
    paths = iter_paths(inputs)
    while True:
        try:
            item = next(paths, None)
        except Exception as error:  # noqa: BLE001 - reported as a failure of the inputs, never raised
            yield _internal(", ".join(inputs), error)
            return
        if item is None:
            return
        if isinstance(item, InputFailure):
            yield item
        elif item == STDIN:
            yield from _guarded("<stdin>", _stdin_items(ids))
        elif seen.first_time(item.path):
            yield from _guarded(str(item.path), _file_items(item, ids))


def _guarded(where: str, items: Iterator[RawArticle | InputFailure]) -> Iterator[RawArticle | InputFailure]:
    """``items``, with an unexpected exception turned into the failure of ``where``."""
    try:
        yield from items
    except Exception as error:  # noqa: BLE001 - one input's bug must not end the build
        yield _internal(where, error)


def _internal(where: str, error: Exception) -> InputFailure:
    internal = InternalError(f"internal error {type(error).__name__} while reading: {printable(str(error))}")
    return _failure(where, internal)


class _SeenFiles:
    """The files already read, by device and inode, so one reached twice is read once."""

    def __init__(self) -> None:
        self.seen: set[tuple[int, int]] = set()

    def first_time(self, path: Path) -> bool:
        try:
            status = path.stat()
        except OSError:
            return True  # reading it reports why
        identity = (status.st_dev, status.st_ino)
        if identity in self.seen:
            return False
        self.seen.add(identity)
        return True
