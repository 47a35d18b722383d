"""The word list the spam rules judge by: jieba's built-in dictionary, loaded once, offline.

Nothing may add words to ``jieba.dt`` at run time: the cleaner's decisions (and so its
output) would then depend on what ran before it in the same process.
"""
from __future__ import annotations

from functools import lru_cache

__all__ = ["jieba_module", "is_word", "tokens"]


@lru_cache(maxsize=1)
def jieba_module():
    """The ``jieba`` module with its default dictionary loaded (about a second, once)."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


def is_word(text: str) -> bool:
    """True when ``text`` is an entry of the dictionary with a non-zero frequency.

    >>> is_word("基层"), is_word("民群")
    (True, False)
    """
    return jieba_module().dt.FREQ.get(text, 0) > 0


@lru_cache(maxsize=8192)
def tokens(line: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every word the segmenter finds in ``line`` (no HMM: dictionary words only)."""
    return tuple((start, end) for _, start, end in jieba_module().tokenize(line, HMM=False))
