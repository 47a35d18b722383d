"""jieba's two dictionary tables, read from one local cache file in a fraction of jieba's time.

``jieba.initialize()`` reads its prefix dictionary (``FREQ``, 500,000 entries) from
its own cache, then ``import jieba.posseg`` parses the 350,000 lines of
``dict.txt`` again for the part of speech of each word: together a second or
two, in every process, the largest fixed cost of a small build.  Both tables
are read here from one ``marshal`` file instead, in which a word shared by both
tables (and each of the few dozen tags) is stored once.  The file is made from
what jieba itself built, the first time, in the folder jieba keeps its own cache
in; its name carries jieba's version and its dictionary's size and date, so a
different jieba or dictionary makes a new one.  If it cannot be read or written,
jieba's own loading is used: the tables, and so every output, are the same either
way (``tests/test_jieba_tables.py``).  jieba is also imported without ``pkg_resources``
(``_import_jieba``), which it would import only to open its own files.
"""

from __future__ import annotations

import hashlib
import io
import marshal
import os
import sys
import tempfile
from contextlib import suppress
from pathlib import Path
from types import ModuleType

__all__ = ["load_jieba", "cache_path"]


def load_jieba() -> ModuleType:
    """``jieba`` with its default dictionary and ``jieba.posseg``'s word tags loaded."""
    jieba = _import_jieba()
    jieba.setLogLevel(60)
    if jieba.dt.initialized and "jieba.posseg" in sys.modules:
        return jieba
    default = jieba.dt.dictionary == jieba.DEFAULT_DICT
    path = cache_path(jieba)
    tables = _read(path) if default else None
    if tables is None:
        jieba.initialize()
        import jieba.posseg

        if default:
            with suppress(OSError):
                _write(path, jieba.dt.FREQ, jieba.dt.total, jieba.posseg.dt.word_tag_tab)
        return jieba
    freq, total, tags = tables
    if not jieba.dt.initialized:
        with jieba.dt.lock:
            jieba.dt.FREQ, jieba.dt.total, jieba.dt.initialized = freq, total, True
    if "jieba.posseg" not in sys.modules:  # else it has read its own table already
        _import_posseg(jieba, tags)
    return jieba


def _import_jieba() -> ModuleType:
    """``import jieba``, without the 0.4 s of ``pkg_resources`` it uses only to open its own files.

    Without it, jieba opens them with ``open()`` (its own fallback): the same bytes.
    """
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        import jieba
    finally:
        if blocked:
            del sys.modules["pkg_resources"]
    return jieba


def cache_path(jieba: ModuleType) -> Path:
    """The cache file of this jieba and dictionary, next to jieba's own cache."""
    stat = (Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME).stat()
    key = f"{jieba.__version__} {stat.st_size} {stat.st_mtime_ns} {marshal.version} {sys.version_info[:2]}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return Path(jieba.dt.tmp_dir or tempfile.gettempdir()) / f"cn-grassroots-kg-jieba-{digest}.marshal"


def _read(path: Path) -> tuple[dict, int, dict] | None:
    try:
        tables = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    valid = isinstance(tables, tuple) and len(tables) == 3
    if not valid or not (
        isinstance(tables[0], dict) and isinstance(tables[1], int) and isinstance(tables[2], dict)
    ):
        return None
    return tables


def _write(path: Path, freq: dict, total: int, word_tags: dict) -> None:
    # The tag table's keys as the very objects of FREQ's, so marshal writes each word once.
    words = {word: word for word in freq}
    tags = {words.get(word, word): sys.intern(tag) for word, tag in word_tags.items()}
    data = marshal.dumps((freq, total, tags))
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)  # whole or absent: workers starting together may both write it
    finally:
        with suppress(OSError):
            temporary.unlink()


def _import_posseg(jieba: ModuleType, tags: dict) -> None:
    """Import ``jieba.posseg`` with its tag table from the cache instead of from ``dict.txt``."""
    # posseg's module-level POSTokenizer reads jieba.dt's dictionary file: give it an empty one.
    jieba.dt.get_dict_file = lambda: io.BytesIO(b"")
    try:
        import jieba.posseg
    finally:
        del jieba.dt.get_dict_file
    jieba.posseg.dt.word_tag_tab = tags
