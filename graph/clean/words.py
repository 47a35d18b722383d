"""The word list the spam rules judge by: jieba's built-in dictionary (one loader, in
``graph.knowledge.lexicon``), and the dictionary words of a line."""

from __future__ import annotations

from functools import lru_cache

from ..knowledge.lexicon import is_dictionary_word as is_word
from ..knowledge.lexicon import jieba_module

__all__ = ["jieba_module", "is_word", "tokens"]


@lru_cache(maxsize=8192)
def tokens(line: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every word the segmenter finds in ``line`` (no HMM: dictionary words only)."""
    return tuple((start, end) for _, start, end in jieba_module().tokenize(line, HMM=False))
