"""Atomic file writes: a temp file in the same folder, then ``os.replace``; and sets of files.

A reader never sees a half-written export, and an interrupted build leaves the
previous file intact.  Temp files are named ``.<file>.<pid>.<random>.tmp``: the
pid of their writer says whether they are still being written, so a build
killed with SIGKILL leaves nothing the next run does not clear
(``remove_stale``).  A build's exports are replaced as one set
(``replace_together``): written into a staging folder, then moved into place
only when all of them were written, with a note that lets the next run finish
an interrupted move, so the folder never holds a new ``.ttl`` beside an old
``.html``.  ``exclusive`` keeps two builds of the same name apart.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from ..errors import ExportError

__all__ = [
    "atomic_write_text",
    "atomic_write_bytes",
    "atomic_open",
    "remove_stale",
    "is_stale_temp",
    "replace_together",
    "exclusive",
]

_TEMP = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)\.[A-Za-z0-9_]+\.tmp")
_COMMIT_NOTE = ".{name}.commit"


def _temp_prefix(name: str) -> str:
    return f".{name}.{os.getpid()}."


@contextmanager
def atomic_open(path: Path | str, mode: str = "w", *, durable: bool = True) -> Iterator[IO]:
    """A file to stream into; it replaces ``path`` only when the block ends without error.

    ``durable``: on disk (``fsync``) before it replaces ``path``, so a power cut leaves the old
    file or the new one.  A cache entry, checked whenever it is read, does without.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path.name), suffix=".tmp", dir=path.parent)
    try:
        text = "b" not in mode
        with os.fdopen(
            fd, "w" if text else "wb", **({"encoding": "utf-8", "newline": "\n"} if text else {})
        ) as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path | str, data: bytes, *, durable: bool = True) -> Path:
    with atomic_open(path, "wb", durable=durable) as handle:
        handle.write(data)
    return Path(path)


def atomic_write_text(path: Path | str, text: str, *, durable: bool = True) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"), durable=durable)


# ---------------------------------------------------------------- what killed writers leave


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def is_stale_temp(file_name: str) -> bool:
    """Whether ``file_name`` is a temp file of this module's whose writer process is gone."""
    match = _TEMP.fullmatch(file_name)
    return bool(match) and not _alive(int(match["pid"]))


def remove_stale(folder: Path | str, name: str) -> list[Path]:
    """Delete the temp files and staging folders of ``name`` whose writer is dead; returns them.

    ``name`` is a file name (``NAME.ttl``) or an export stem (``NAME``: then its files too).  An
    export set whose move into place was interrupted is finished first (``replace_together``).
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    _finish_interrupted_move(folder, name)
    removed = []
    for path in sorted(folder.iterdir()):
        match = _TEMP.fullmatch(path.name)
        if not match or not (match["name"] == name or match["name"].startswith(f"{name}.")):
            continue
        if _alive(int(match["pid"])):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed


# ---------------------------------------------------------------- a set of files, replaced together


@contextmanager
def replace_together(folder: Path | str, name: str) -> Iterator[Path]:
    """A staging folder to write a set of files into; they replace ``folder``'s only if all were written.

    When the block ends without error, a note names the staging folder, each file is moved into
    ``folder`` (``os.replace``, same file system) and the note goes; a run killed between two moves
    leaves the note, and the next ``remove_stale(folder, name)`` finishes the move.  When the block
    raises, the staging folder is deleted and ``folder`` is as it was.
    """
    folder = Path(folder)
    staging = Path(tempfile.mkdtemp(prefix=_temp_prefix(name), suffix=".tmp", dir=folder))
    try:
        yield staging
        atomic_write_text(folder / _COMMIT_NOTE.format(name=name), staging.name + "\n")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _move_all(staging, folder, name)


def _move_all(staging: Path, folder: Path, name: str) -> None:
    for path in sorted(staging.iterdir()):
        os.replace(path, folder / path.name)
    staging.rmdir()
    (folder / _COMMIT_NOTE.format(name=name)).unlink(missing_ok=True)


def _finish_interrupted_move(folder: Path, name: str) -> None:
    note = folder / _COMMIT_NOTE.format(name=name)
    if not note.is_file():
        return
    staging = folder / note.read_text(encoding="utf-8").strip()
    if _TEMP.fullmatch(staging.name) and staging.parent == folder and staging.is_dir():
        _move_all(staging, folder, name)
    note.unlink(missing_ok=True)


# ---------------------------------------------------------------- one writer at a time


@contextmanager
def exclusive(folder: Path | str, name: str) -> Iterator[None]:
    """Hold the lock of ``folder/NAME.*`` for the block, or refuse at once when another process holds it.

    An advisory ``flock`` on ``folder/.NAME.lock``: the kernel lets it go when its holder dies,
    however it dies, so a killed build never leaves the name locked.  The holder deletes the file
    when done, still holding the lock; whoever locked the deleted file meanwhile sees that it is
    no longer the one at the path and tries again.
    """
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, as before
        yield
        return
    path = Path(folder) / f".{name}.lock"
    fd = _locked(path, fcntl)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(fd)  # lets the lock go


def _locked(path: Path, fcntl) -> int:
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise ExportError(
                f"another kg build is writing {path.parent / path.name[1:-5]}.* now: wait for it to end, "
                "or choose another --name or -o"
            ) from None
        with contextlib.suppress(FileNotFoundError):
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                return fd
        os.close(fd)  # locked a file its holder had just deleted: take the new one
