"""The per-article pipeline and the corpus build around it.

``process_article`` is a pure function (article in, extraction record out): it
is what a process pool, or Dask/Ray on a cluster, maps over a corpus.  The
merge (``assemble.GraphAccumulator``, or ``assemble.assemble_graph`` on a
collection) is the same whichever way and in whichever order the map ran.
"""

from __future__ import annotations

import contextlib
import inspect
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import InternalError, KGError
from .model import Document, ExtractionRecord, InputFailure, RawArticle, Sentence, Token

if TYPE_CHECKING:
    import networkx as nx

    from .assemble import GraphAccumulator

__all__ = [
    "EXTRACTOR_VERSION",
    "process_article",
    "process_articles",
    "process_document",
    "BuildResult",
    "safe_process",
    "guarded",
    "clear_caches",
    "collect_rarely",
]

# Bump when extraction output changes, so cached records are recomputed.
EXTRACTOR_VERSION = "0.5.0"


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def process_article(raw: RawArticle) -> ExtractionRecord:
    """Clean, segment, tag, resolve and relate one article."""
    from .clean import clean_article

    timings: dict[str, float] = {}
    with _timed(timings, "clean"):
        document = clean_article(raw)
    return process_document(document, timings, source=raw.text)


def process_articles(
    raws: Sequence[RawArticle], *, encoder_thread: bool = False
) -> list[ExtractionRecord | InputFailure]:
    """``safe_process`` of each article, with LAC run over all their sentences at once.

    The records are those of ``process_article``, one article at a time (LAC tags a
    sentence the same in any company, ``segment.tokenize_documents``), made faster:
    LAC's encoder takes sentences of equal length together.  A failure stays the
    failing article's own: if tagging them together fails, each is processed alone.

    ``encoder_thread``: the articles go in parts of about ``OVERLAP_CHARACTERS``, LAC's
    encoder working on one part on a second thread while this one cleans the next part and
    finishes the one before (for a build given two cores and too little text for a pool).
    """
    if encoder_thread and len(raws) > 1:
        return _overlapped(raws)
    try:
        prepared = _prepared(raws)
        tokens = _tokens(prepared, None)
    except Exception:  # noqa: BLE001 - each article again on its own: the failure is then its own
        return [safe_process(raw) for raw in raws]
    return _finished(raws, prepared, tokens)


# A part of the articles on the encoder thread: the encoder is a tenth slower on parts of this size
# than on all the articles at once (fewer sentences share a length), and hides behind the other
# stages (measured on the 29 dangjian articles: 1.08x the one-thread build; 1.07x at 8,000).
OVERLAP_CHARACTERS = 16_000
# How long a thread may hold Python's lock while another waits for it: the encoder thread needs it
# for a moment between ONNX Runtime calls (a few hundred a part); at Python's 5 ms it waited out
# most of the overlap, at 0.5 ms a third of it.
_OVERLAP_SWITCH_SECONDS = 0.0001


def _overlapped(raws: Sequence[RawArticle]) -> list[ExtractionRecord | InputFailure]:
    from concurrent.futures import ThreadPoolExecutor

    outcomes: list[ExtractionRecord | InputFailure] = []
    previous = None
    switch = sys.getswitchinterval()
    sys.setswitchinterval(_OVERLAP_SWITCH_SECONDS)
    try:
        with ThreadPoolExecutor(1, thread_name_prefix="lac-encoder") as encoder:
            for part in _parts(raws, OVERLAP_CHARACTERS):
                try:
                    prepared = _prepared(part)
                except Exception:  # noqa: BLE001 - the part's articles go on their own (_after_encoding)
                    prepared = None
                encoding = None if prepared is None else encoder.submit(_timed_encoding, prepared)
                if previous is not None:
                    outcomes += _after_encoding(*previous)
                previous = part, prepared, encoding
            if previous is not None:
                outcomes += _after_encoding(*previous)
    finally:
        sys.setswitchinterval(switch)
    return outcomes


def _parts(raws: Sequence[RawArticle], characters: int) -> Iterator[Sequence[RawArticle]]:
    """Consecutive runs of ``raws`` of about ``characters`` each (an article is never split)."""
    start = size = 0
    for end, raw in enumerate(raws, 1):
        size += len(raw.text)
        if size >= characters:
            yield raws[start:end]
            start, size = end, 0
    if start < len(raws):
        yield raws[start:]


def _timed_encoding(prepared: _Prepared) -> tuple[list, float]:
    from .segment import encode_documents

    started = time.perf_counter()
    return encode_documents(prepared.sentences), time.perf_counter() - started


def _after_encoding(part, prepared: _Prepared | None, encoding) -> list[ExtractionRecord | InputFailure]:
    """The part's outcomes; as in ``process_articles``, a part that could not be split or tagged
    together goes again article by article, so that a failure is its own article's."""
    tokens = None
    if prepared is not None:
        with contextlib.suppress(Exception):
            emissions, seconds = encoding.result()
            tokens = _tokens(prepared, emissions, seconds)
    if tokens is None:
        return [safe_process(raw) for raw in part]
    return _finished(part, prepared, tokens)


class _Prepared(NamedTuple):
    """The articles of a batch cleaned and split: the documents, and where each came from."""

    cleaned: list  # each article's Document, or its InputFailure
    ready: list[int]  # the indexes of the Documents
    sentences: list[tuple[Sentence, ...]]  # each ready Document's sentences
    timings: list[dict[str, float]]  # each ready Document's timings


def _prepared(raws: Sequence[RawArticle]) -> _Prepared:
    from .clean import clean_article
    from .segment import split_sentences

    timings: list[dict[str, float]] = [{} for _ in raws]
    cleaned = [guarded(_timed_call(clean_article, t, "clean"), raw) for raw, t in zip(raws, timings)]
    ready = [i for i, outcome in enumerate(cleaned) if isinstance(outcome, Document)]
    started = time.perf_counter()
    sentences = [split_sentences(cleaned[i].text) for i in ready]
    ready_timings = [timings[i] for i in ready]
    _share_out(time.perf_counter() - started, ready_timings, sentences, "segment")
    return _Prepared(cleaned, ready, sentences, ready_timings)


def _tokens(prepared: _Prepared, emissions: list | None, encoder_seconds: float = 0.0) -> list:
    """The tokens of the prepared documents; the segment stage's time shared out by characters."""
    from .segment import tokenize_documents

    started = time.perf_counter()
    tokens = tokenize_documents(prepared.sentences, emissions)
    seconds = time.perf_counter() - started + encoder_seconds
    _share_out(seconds, prepared.timings, prepared.sentences, "segment")
    return tokens


def _finished(raws, prepared: _Prepared, tokens: list) -> list[ExtractionRecord | InputFailure]:
    cleaned = list(prepared.cleaned)
    for i, timings, segmented in zip(prepared.ready, prepared.timings, zip(prepared.sentences, tokens)):
        cleaned[i] = guarded(_after_segmenting(cleaned[i], timings, segmented), raws[i])
    return cleaned


def _after_segmenting(document: Document, timings: dict[str, float], segmented: tuple) -> Callable:
    def process(raw: RawArticle) -> ExtractionRecord:
        return process_document(document, timings, source=raw.text, segmented=segmented)

    return process


def _timed_call(function: Callable, timings: dict[str, float], stage: str) -> Callable:
    def timed(*args: Any) -> Any:
        with _timed(timings, stage):
            return function(*args)

    return timed


def _share_out(seconds: float, timings: list[dict[str, float]], sentences: list, stage: str) -> None:
    """Each article's part of time spent on all of them together, by its characters."""
    sizes = [sum(len(s.text) for s in article) for article in sentences]
    total = sum(sizes) or 1
    for t, size in zip(timings, sizes):
        t[stage] = t.get(stage, 0.0) + seconds * size / total


def process_document(
    document: Document,
    timings: dict[str, float] | None = None,
    *,
    source: str | None = None,
    segmented: tuple[tuple[Sentence, ...], tuple[Token, ...]] | None = None,
) -> ExtractionRecord:
    """The stages after cleaning, on a ready ``Document``.

    With the ``source`` text the document was cleaned from, every evidence sentence and
    mention is given as the source wrote it, with offsets into ``source``; without it, as
    spans of ``document.text``.  ``segmented``: the document's sentences and tokens, when
    already made (``process_articles``).
    """
    from .clean.source_map import SourceMap, cite_source
    from .entities import extract_mentions
    from .relations import extract_relations
    from .resolve import resolve_document
    from .segment import split_sentences, tokenize

    timings = {} if timings is None else timings
    if segmented is None:
        with _timed(timings, "segment"):
            sentences = split_sentences(document.text)
            segmented = sentences, tokenize(sentences)
    sentences, tokens = segmented
    with _timed(timings, "entities"):
        mentions = extract_mentions(document, sentences, tokens)
    with _timed(timings, "resolve"):
        entities = resolve_document(document, mentions, sentences)
    with _timed(timings, "relations"):
        relations = extract_relations(document, sentences, tokens, entities)
    if source is not None:
        with _timed(timings, "cite"):
            smap = SourceMap.of(document, source)
            entities, relations = cite_source(entities, relations, smap)
    return ExtractionRecord(
        document=document,
        entities=tuple(entities),
        relations=tuple(relations),
        timings=tuple(sorted(timings.items())),
        extractor_version=EXTRACTOR_VERSION,
    )


# The cyclic collector runs after this many new container objects (Python's default: 700).  A
# build allocates millions (tokens, mentions, records) and frees them by reference counting;
# at the default, the collector spent 0.13-0.16 s of the 2 s build of 29 articles walking the
# long-lived word lists and models again and again (0.04 s at this threshold).
COLLECTOR_THRESHOLD = 50_000


def collect_rarely() -> None:
    """Fewer runs of the cyclic garbage collector in this process (a build's, a worker's)."""
    import gc

    gc.set_threshold(COLLECTOR_THRESHOLD, 50, 100)


def _new_accumulator() -> GraphAccumulator:
    # Imported here: worker processes load this module and never need networkx.
    from .assemble import GraphAccumulator

    return GraphAccumulator()


@dataclass
class BuildResult:
    """What a corpus run produced, without the articles' texts.

    ``merged`` holds the graph in the making (``graph(name)`` builds it, once);
    ``files`` one small report row per kept article (counts by type, what
    cleaning removed, duplicates' sources); ``failures`` every input that
    failed.  ``records``: the whole records, duplicates marked, in doc-id
    order, only when the build was asked to keep them (``keep_records``),
    else None.
    """

    merged: GraphAccumulator = field(default_factory=_new_accumulator)
    files: list[dict[str, Any]] = field(default_factory=list)
    failures: list[InputFailure] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    cached: int = 0
    articles: int = 0
    characters: int = 0
    records: list[ExtractionRecord] | None = None

    def graph(self, name: str = "corpus") -> nx.MultiDiGraph:
        """The merged graph of the kept articles (call once: the merge is consumed)."""
        return self.merged.graph(name)


def safe_process(item: RawArticle) -> ExtractionRecord | InputFailure:
    """``process_article`` that turns any failure into a reported ``InputFailure``."""
    return guarded(process_article, item)


def guarded(
    process: Callable[[RawArticle], ExtractionRecord | InputFailure], item: RawArticle
) -> ExtractionRecord | InputFailure:
    """``process(item)``, with any exception reported as that article's failure.

    One bad article must never abort a corpus build; unexpected exceptions are
    reported with their type so they can be found and fixed.
    """
    try:
        return process(item)
    except KGError as error:
        return InputFailure(item.source_path, error.reason, error.code)
    except Exception as error:  # noqa: BLE001 - reported, never swallowed silently
        internal = InternalError(f"internal error {type(error).__name__}: {error}")
        return InputFailure(item.source_path, internal.reason, internal.code)


def clear_caches() -> int:
    """Empty every ``functools`` cache of the loaded ``graph`` modules; returns how many were cleared.

    Word lists, the gazetteer's indexes, the calibration table, the LAC model and
    the memoised rules are each read or computed once per process; after one of
    their files changes (a test, a notebook, a long-lived process), this makes
    the next call read them again.  Caches are found, not listed: any
    ``lru_cache`` of a module function or of a class's method.
    """
    wrappers = {
        id(w): w
        for name, module in list(sys.modules.items())
        if module is not None and (name == "graph" or name.startswith("graph."))
        for w in _lru_caches(module)
    }
    for wrapper in wrappers.values():
        wrapper.cache_clear()
    return len(wrappers)


def _lru_caches(module) -> Iterator[Callable]:
    """The ``functools.lru_cache`` wrappers defined in ``module``, at its top level or in its classes."""
    for value in list(vars(module).values()):
        members = [value]
        if isinstance(value, type) and value.__module__ == module.__name__:
            members += [_unwrapped(member) for member in vars(value).values()]
        for member in members:
            if _is_lru_cache(member) and member.__module__ == module.__name__:
                yield member


def _unwrapped(member: Any) -> Any:
    """The function behind a class's staticmethod, classmethod or property."""
    if isinstance(member, (staticmethod, classmethod)):
        return member.__func__
    return member.fget if isinstance(member, property) else member


def _is_lru_cache(value: Any) -> bool:
    # Looked up statically: a namespace class (rdflib's) answers any attribute name dynamically.
    return all(
        inspect.getattr_static(value, name, None) is not None
        for name in ("cache_clear", "cache_info", "__wrapped__")
    )
