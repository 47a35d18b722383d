"""The word list the spam rules judge by: jieba's built-in dictionary (one loader, in
``graph.knowledge.lexicon``), and the dictionary words of a line."""

from __future__ import annotations

from functools import lru_cache

from ..knowledge.lexicon import dictionary_cut as cut
from ..knowledge.lexicon import dictionary_tokenize
from ..knowledge.lexicon import is_dictionary_word as is_word

__all__ = ["cut", "is_word", "tokens"]


@lru_cache(maxsize=8192)
def tokens(line: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every word the segmenter finds in ``line`` (no HMM: dictionary words only)."""
    return tuple((start, end) for _, start, end in dictionary_tokenize(line))
