"""jieba's two dictionary tables, read from one local SQLite file only as far as a text needs them.

``jieba.initialize()`` reads its prefix dictionary (``FREQ``: 500,000 keys, every prefix of a
word among them at frequency 0) from its own cache, then ``import jieba.posseg`` parses the
350,000 lines of ``dict.txt`` again for the part of speech of each word: the largest fixed
cost of a small build, which segments a few hundred characters and looks up a few thousand
words.  Both tables are kept here in one SQLite file instead (a row per key: its frequency,
NULL outside ``FREQ``, and its tag, NULL where jieba has none), and :class:`Dictionary` reads
a key the first time it is asked about.  Before it segments a text it reads, from every
position, the chain of keys jieba's ``get_DAG`` walks there (text[k], text[k:k+2], ... while
the key is in ``FREQ``, which holds every prefix of its words), so that jieba, cutting with
the keys read so far, reads exactly what it would read in the full tables: the same words,
the same tags.  Past ``_BULK`` keys the rest is read at once.  It segments with a
``jieba.Tokenizer`` of its own, so ``jieba.dt`` is only ever given whole tables
(:func:`load_jieba`).

The file is made from what jieba itself built, the first time, in the folder jieba keeps its
own cache in; its name carries jieba's version and its dictionary's size and date, so a
different jieba or dictionary makes a new one.  If it cannot be read or written, jieba's own
loading is used: the tables, and so every output, are the same either way
(``tests/test_loading.py``, ``tests/test_jieba_tables.py``).  jieba is also imported without
``pkg_resources`` (``_import_jieba``), which it would import only to open its own files.
"""

from __future__ import annotations

import hashlib
import io
import os
import sqlite3
import sys
import tempfile
import threading
from contextlib import suppress
from functools import cached_property, lru_cache
from pathlib import Path
from types import ModuleType

__all__ = ["Dictionary", "dictionary", "load_jieba", "cache_path"]

# The file's layout: a different one is a different file name.
_FORMAT = "sqlite-1"
# Distinct keys read one by one beyond which reading the whole table is cheaper.
_BULK = 100_000
# Keys per query (old SQLite builds allow 999 parameters).
_BATCH = 900


class Dictionary:
    """jieba's segmenter and tagger (no HMM: dictionary words only) over tables read as needed."""

    def __init__(self, jieba: ModuleType, total: int, db: sqlite3.Connection | None, own=None):
        self._jieba, self._db, self._lock = jieba, db, threading.RLock()
        self._absent: set[str] = set()  # keys read and not in FREQ
        self._read = 0
        self.freq: dict[str, int] = {}
        self.tags: dict[str, str] = {}
        self.complete = db is None
        if own is not None:  # jieba's own tables, whole
            self.freq, self.tags = own
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.FREQ, self._tokenizer.total, self._tokenizer.initialized = self.freq, total, True

    @cached_property
    def _tagger(self):
        # not POSTokenizer(): its __init__ parses the whole dictionary file for its tags
        tagger = object.__new__(_posseg(self._jieba).POSTokenizer)
        tagger.tokenizer, tagger.word_tag_tab = self._tokenizer, self.tags
        return tagger

    @property
    def total(self) -> int:
        return self._tokenizer.total

    def cut(self, text: str) -> list[str]:
        self.cover(text)
        return self._tokenizer.lcut(text, HMM=False)

    def tokenize(self, text: str) -> list[tuple[str, int, int]]:
        self.cover(text)
        return list(self._tokenizer.tokenize(text, HMM=False))

    def pos(self, text: str) -> list[tuple[str, str]]:
        self.cover(text)
        return [(pair.word, pair.flag) for pair in self._tagger.lcut(text, HMM=False)]

    def frequency(self, word: str) -> int:
        self._know([word])
        return self.freq.get(word, 0)

    def tag(self, word: str) -> str | None:
        self._know([word])
        return self.tags.get(word)

    def cover(self, text: str) -> None:
        """Read every key jieba's ``get_DAG`` looks up in ``text`` or in any part of it."""
        starts, size, end = range(len(text)), 1, len(text)
        while starts and not self.complete:
            self._know({text[k : k + size] for k in starts})
            starts = [k for k in starts if k + size < end and text[k : k + size] in self.freq]
            size += 1

    def load_all(self) -> None:
        """Both tables whole."""
        with self._lock:
            if self.complete:
                return
            try:
                rows = self._db.execute("SELECT word, freq, tag FROM words").fetchall()
            except sqlite3.Error:
                self._fall_back()
                return
            self.freq.update((word, freq) for word, freq, _ in rows if freq is not None)
            self.tags.update((word, tag) for word, _, tag in rows if tag is not None)
            self._finish()

    def _know(self, keys) -> None:
        if self.complete:
            return
        unknown = [key for key in keys if key not in self.freq and key not in self._absent]
        if not unknown:
            return
        with self._lock:
            if self.complete:  # meanwhile, in another thread
                return
            if self._read + len(unknown) > _BULK:
                self.load_all()
                return
            try:
                self._fetch(unknown)
            except sqlite3.Error:
                self._fall_back()

    def _fetch(self, keys: list[str]) -> None:
        for first in range(0, len(keys), _BATCH):
            batch = keys[first : first + _BATCH]
            query = f"SELECT word, freq, tag FROM words WHERE word IN ({','.join('?' * len(batch))})"
            for word, freq, tag in self._db.execute(query, batch):
                if freq is not None:
                    self.freq[word] = freq
                if tag is not None:
                    self.tags[word] = tag
        self._absent.update(key for key in keys if key not in self.freq)
        self._read += len(keys)

    def _fall_back(self) -> None:
        """The file failed half-way (damaged): jieba's own tables, and a new file from them."""
        freq, total, tags = _jieba_own(self._jieba)
        self.freq.update(freq)
        self.tags.update(tags)
        self._tokenizer.total = total
        self._finish()
        _try_write(cache_path(self._jieba), freq, total, tags)

    def _finish(self) -> None:
        self.complete, self._absent = True, set()
        if self._db is not None:
            self._db.close()
            self._db = None


@lru_cache(maxsize=1)
def dictionary() -> Dictionary:
    """The process's one :class:`Dictionary` of jieba's default dictionary."""
    jieba = _import_jieba()
    jieba.setLogLevel(60)
    default = jieba.dt.dictionary == jieba.DEFAULT_DICT
    path = cache_path(jieba)
    opened = _open(path) if default else None
    if opened is not None:
        db, total = opened
        return Dictionary(jieba, total, db)
    freq, total, tags = _jieba_own(jieba)
    if default:
        _try_write(path, freq, total, tags)
    return Dictionary(jieba, total, None, own=(freq, tags))


def load_jieba() -> ModuleType:
    """``jieba`` with its default dictionary and ``jieba.posseg``'s word tags, both whole."""
    jieba = _import_jieba()
    words = dictionary()
    if not jieba.dt.initialized:
        words.load_all()
        with jieba.dt.lock:
            if not jieba.dt.initialized:
                jieba.dt.FREQ, jieba.dt.total, jieba.dt.initialized = words.freq, words.total, True
    _posseg(jieba)
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
    """The tables' file of this jieba and dictionary, next to jieba's own cache."""
    stat = (Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME).stat()
    key = f"{jieba.__version__} {stat.st_size} {stat.st_mtime_ns} {_FORMAT}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return Path(jieba.dt.tmp_dir or tempfile.gettempdir()) / f"cn-grassroots-kg-jieba-{digest}.sqlite"


def _open(path: Path) -> tuple[sqlite3.Connection, int] | None:
    """The file, read-only, and jieba's ``total`` from it; None if it is missing or not ours."""
    if not path.is_file():
        return None
    db = None
    try:
        # immutable: nothing writes it once made (a new one replaces it whole), so no locks
        uri = f"{path.absolute().as_uri()}?mode=ro&immutable=1"
        db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        (total,) = db.execute("SELECT total FROM meta").fetchone()
        db.execute("SELECT word, freq, tag FROM words LIMIT 1").fetchall()
    except (sqlite3.Error, TypeError, ValueError):
        if db is not None:
            db.close()
        return None
    if not isinstance(total, int):
        db.close()
        return None
    return db, total


def _jieba_own(jieba: ModuleType) -> tuple[dict, int, dict]:
    """FREQ, total and the tag table as jieba itself loads them."""
    jieba.dt.initialize()
    posseg = _posseg(jieba)
    tagger = object.__new__(posseg.POSTokenizer)
    tagger.load_word_tag(jieba.dt.get_dict_file())
    return jieba.dt.FREQ, jieba.dt.total, tagger.word_tag_tab


def _try_write(path: Path, freq: dict, total: int, tags: dict) -> None:
    with suppress(OSError, sqlite3.Error):
        _write(path, freq, total, tags)


def _write(path: Path, freq: dict, total: int, tags: dict) -> None:
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with suppress(FileNotFoundError):
            temporary.unlink()
        db = sqlite3.connect(temporary)
        try:
            db.executescript(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                "CREATE TABLE words (word TEXT PRIMARY KEY, freq INTEGER, tag TEXT) WITHOUT ROWID;"
                "CREATE TABLE meta (total INTEGER NOT NULL);"
            )
            # in key order (UTF-8 bytes sort as code points): each row goes at the end of the tree
            rows = ((word, freq.get(word), tags.get(word)) for word in sorted(freq.keys() | tags.keys()))
            db.executemany("INSERT INTO words VALUES (?, ?, ?)", rows)
            db.execute("INSERT INTO meta VALUES (?)", (total,))
            db.commit()
        finally:
            db.close()
        os.replace(temporary, path)  # whole or absent: workers starting together may both write it
    finally:
        with suppress(OSError):
            temporary.unlink()


def _posseg(jieba: ModuleType) -> ModuleType:
    """``jieba.posseg``, imported without parsing ``dict.txt`` for its tags if not imported yet.

    Its own tagger (``jieba.posseg.dt``, over ``jieba.dt``) then reads the whole tag table the
    first time it is used: anyone calling ``jieba.posseg`` directly gets jieba's answers.
    """
    if "jieba.posseg" in sys.modules:
        return sys.modules["jieba.posseg"]
    # posseg's module-level POSTokenizer reads jieba.dt's dictionary file: give it an empty one.
    jieba.dt.get_dict_file = lambda: io.BytesIO(b"")
    try:
        import jieba.posseg
    finally:
        del jieba.dt.get_dict_file

    class WholeTagger(jieba.posseg.POSTokenizer):
        def __init__(self, tokenizer):
            self.tokenizer = tokenizer

        @cached_property
        def word_tag_tab(self) -> dict:
            words = dictionary()
            words.load_all()
            return words.tags

    jieba.posseg.dt = WholeTagger(jieba.dt)
    return jieba.posseg
