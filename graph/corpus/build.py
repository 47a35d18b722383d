"""Corpus build: stream articles through the per-article pipeline, in parallel and cached.

The per-article work is a pure function (``pipeline.safe_process``: article in,
record or failure out), mapped over the input stream by ``parallel.OrderedMap``
(worker processes for ``jobs > 1``), with ``cache.ArticleCache`` skipping
articles already extracted by the same code.  Each record is folded in as it
arrives (``assemble.GraphAccumulator`` for the graph, ``dedup.DuplicateTracker``
for duplicate bodies, a small row of counts for the report) and then dropped,
so memory holds the graph in the making, not the articles.  The merge is in
doc-id order whatever order the records arrived in.

Worker processes start, and load their models, only when a first article
actually needs extracting: a rebuild served wholly from the cache loads none.

Cache policy: ``use_cache=True`` reads and writes ``cache_dir``;
``use_cache=False`` (``kg build --no-cache``) extracts every article again and
still refreshes ``cache_dir`` when one is given, so the next cached build is
warm; with no ``cache_dir`` nothing touches the disk.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import networkx as nx

from ..assemble import Arrival
from ..errors import InternalError, UsageError
from ..io.atomic import atomic_write_text
from ..model import ExtractionRecord, InputFailure, RawArticle
from ..pipeline import BuildResult, guarded, safe_process
from .cache import ArticleCache, article_key
from .dedup import DuplicateTracker, with_also_from
from .parallel import OrderedMap

__all__ = ["build_corpus", "build_articles", "write_report", "build_report", "warm_worker"]

Outcome = ExtractionRecord | InputFailure
ProcessFn = Callable[[RawArticle], Outcome]

# Goes through every stage once so each worker loads its models and lexicons before real work.
_WARM_UP_TEXT = "新华社北京电 市委书记张三在市政府会议上讲话，要求加强社区党建工作。"


def build_corpus(
    inputs: Sequence[str],
    *,
    jobs: int = 1,
    use_cache: bool = False,
    cache_dir: Path | None = None,
    progress: bool = False,
    only: set[str] | None = None,
    process: ProcessFn | None = None,
    warm_up: bool | None = None,
    keep_records: bool = False,
    engine: str = "processes",
    scheduler: str | None = None,
) -> BuildResult:
    """Read, process, de-duplicate and merge every article of ``inputs``.

    ``jobs``: worker processes (0 = one per CPU, 1 = no pool).  ``process``
    replaces the per-article function (a picklable top-level function; tests
    and benchmarks use it); by default the full pipeline.  ``warm_up``: load
    the models in each worker, when the pool starts, before its first article
    (default: only for the full pipeline).  ``keep_records``: also return the
    whole records (``kg extract``/``kg eval``); a build does not need them.
    ``engine``: ``"processes"`` (a local pool) or ``"dask"`` (a Dask cluster at
    ``scheduler``, or a LocalCluster of ``jobs`` workers; ``dask_engine``).
    """
    from ..ingest import iter_articles

    items: Iterable[RawArticle | InputFailure] = iter_articles(inputs)
    if only is not None:
        items = (i for i in items if isinstance(i, InputFailure) or i.doc_id in only)
    return build_articles(
        items,
        jobs=jobs,
        use_cache=use_cache,
        cache_dir=cache_dir,
        progress=progress,
        process=process,
        warm_up=warm_up,
        keep_records=keep_records,
        engine=engine,
        scheduler=scheduler,
    )


def build_articles(
    items: Iterable[RawArticle | InputFailure],
    *,
    jobs: int = 1,
    use_cache: bool = False,
    cache_dir: Path | None = None,
    progress: bool = False,
    process: ProcessFn | None = None,
    warm_up: bool | None = None,
    keep_records: bool = False,
    engine: str = "processes",
    scheduler: str | None = None,
) -> BuildResult:
    """``build_corpus`` on articles already read (any iterable; consumed once, lazily)."""
    cache = ArticleCache(cache_dir) if cache_dir is not None else None
    task = ArticleTask(process or safe_process, cache)
    result = BuildResult()
    fold = _Fold(result, keep_records)
    bar = _progress_bar() if progress else None
    if warm_up is None:
        warm_up = process is None
    # The pool, and so this initializer, starts only when a first article goes to extraction.
    initializer = warm_worker if warm_up else None
    mapper = _mapper(
        engine, scheduler, task, jobs=jobs, initializer=initializer, on_worker_death=_worker_died
    )
    with mapper:
        for item in _timed_iter(items, result.timings, "ingest"):
            _collect_all(fold, _dispatch(item, mapper, cache, use_cache), bar)
        _collect_all(fold, mapper.finish(), bar)
    if bar is not None:
        bar.close()
    fold.finish()
    return result


class _Fold:
    """Folds arriving records into a ``BuildResult``: graph, duplicates, report rows; no texts kept."""

    def __init__(self, result: BuildResult, keep_records: bool):
        self.result = result
        self.duplicates: DuplicateTracker[Arrival] = DuplicateTracker()
        self.rows: dict[Arrival, tuple[dict[str, Any], int]] = {}  # row, characters
        self.records: dict[Arrival, ExtractionRecord] | None = {} if keep_records else None
        self.also_from: dict[Arrival, tuple[str, ...]] = {}

    def add(self, record: ExtractionRecord) -> None:
        merged = self.result.merged
        arrival = merged.add(record)
        admission = self.duplicates.add(record.document, arrival)
        if admission.displaced is not None:
            # A copy with a smaller doc id arrived after the one kept so far: it takes over.
            self._drop(admission.displaced)
        if admission.kept != arrival:
            merged.discard(arrival)
        else:
            self.rows[arrival] = _report_row(record), len(record.document.text)
            if self.records is not None:
                self.records[arrival] = record
        if admission.also_from:
            merged.set_also_from(admission.kept, admission.also_from)
            self.rows[admission.kept][0]["duplicates"] = list(admission.also_from)
            self.also_from[admission.kept] = admission.also_from

    def _drop(self, arrival: Arrival) -> None:
        self.result.merged.discard(arrival)
        del self.rows[arrival]
        self.also_from.pop(arrival, None)
        if self.records is not None:
            del self.records[arrival]

    def finish(self) -> None:
        result = self.result
        result.files = [row for row, _ in self.rows.values()]
        result.articles = len(self.rows)
        result.characters = sum(chars for _, chars in self.rows.values())
        if self.records is not None:
            result.records = [
                with_also_from(record, self.also_from.get(arrival, ()))
                for arrival, record in sorted(self.records.items(), key=lambda item: item[0])
            ]


def _report_row(record: ExtractionRecord) -> dict[str, Any]:
    """What the report says of one article: counts only, so rows stay small."""
    doc = record.document
    return {
        "path": doc.source_path,
        "doc": doc.doc_id,
        "status": "ok",
        "duplicates": list(doc.also_from),
        "entities": dict(sorted(Counter(e.type.value for e in record.entities).items())),
        "relations": dict(sorted(Counter(r.relation.value for r in record.relations).items())),
        "removed": dict(sorted(Counter(r.rule for r in doc.removed).items())),
    }


def _mapper(engine: str, scheduler: str | None, task: ArticleTask, **options: Any):
    """The ordered map the build runs on: a local process pool, or a Dask cluster."""
    if engine == "dask":
        from .dask_engine import DaskMap

        # Workers elsewhere may not see the cache folder: they extract, this process stores.
        return DaskMap(replace(task, cache=None), scheduler=scheduler, on_result=task.store, **options)
    if engine != "processes" or scheduler is not None:
        raise UsageError(f"engine {engine!r} with scheduler {scheduler!r}: a scheduler goes with engine dask")
    return OrderedMap(task, **options)


@dataclass(frozen=True)
class ArticleTask:
    """The work sent to a worker: extract one article, then store its record in the cache."""

    process: ProcessFn
    cache: ArticleCache | None = None

    def __call__(self, raw: RawArticle, key: str | None) -> tuple[Outcome, bool]:
        outcome = guarded(self.process, raw)
        self.store((outcome, False), raw, key)
        return outcome, False

    def store(self, result: tuple[Outcome, bool], raw: RawArticle, key: str | None) -> None:
        """Keep an extracted record in the cache (``result`` as ``__call__`` returns it)."""
        outcome = result[0]
        if self.cache is not None and key is not None and isinstance(outcome, ExtractionRecord):
            # a read-only or full cache folder costs speed, never the build
            with contextlib.suppress(OSError):
                self.cache.put(key, outcome)


def _dispatch(
    item: RawArticle | InputFailure, mapper: OrderedMap, cache: ArticleCache | None, use_cache: bool
) -> Iterator[tuple[Outcome, bool]]:
    """Known outcomes (read failures, cache hits) skip the workers; the rest go to them."""
    if isinstance(item, InputFailure):
        return mapper.add_done((item, False))
    key = article_key(item) if cache is not None else None
    hit = cache.get(key) if use_cache and key is not None else None
    if hit is not None:
        return mapper.add_done((hit, True))
    return mapper.add(item, key)


def _collect_all(fold: _Fold, outcomes: Iterable[tuple[Outcome, bool]], bar) -> None:
    result = fold.result
    for outcome, cached in outcomes:
        if isinstance(outcome, InputFailure):
            result.failures.append(outcome)
        elif cached:
            # Its timings are from the run that extracted it: not spent now.
            fold.add(outcome)
            result.cached += 1
        else:
            fold.add(outcome)
            for stage, seconds in outcome.timings:
                result.timings[stage] = result.timings.get(stage, 0.0) + seconds
        if bar is not None:
            bar.update(1)


def _timed_iter(items: Iterable[Any], timings: dict[str, float], stage: str) -> Iterator[Any]:
    """``items``, adding the time spent producing each one (reading, decoding) to ``timings``."""
    iterator = iter(items)
    while True:
        start = time.perf_counter()
        item = next(iterator, _END)
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start
        if item is _END:
            return
        yield item


_END = object()


def _worker_died(raw: RawArticle, key: str | None) -> tuple[Outcome, bool]:
    error = InternalError("internal error: the worker process extracting it died (killed or out of memory)")
    return InputFailure(raw.source_path, error.reason, error.code), False


def warm_worker() -> None:
    """Pool initializer: load the models and lexicons once per worker, before the first article."""
    from ..segment import load_lac

    load_lac()
    safe_process(RawArticle("warm-up", "<warm-up>", _WARM_UP_TEXT))


def _progress_bar():
    from tqdm import tqdm

    # disable=None: shown on a terminal, silent in logs and CI.
    return tqdm(unit="article", file=sys.stderr, disable=None, mininterval=0.5, leave=False)


def build_report(result: BuildResult, G: nx.MultiDiGraph, *, seconds: float) -> dict[str, Any]:
    """The build report: a row per input (kept article or failure), totals, timings."""
    files: list[dict[str, Any]] = list(result.files)
    for failure in result.failures:
        files.append(
            {"path": failure.source_path, "status": "failed", "code": failure.code, "error": failure.reason}
        )
    files.sort(key=lambda f: f["path"])
    chars = result.characters
    return {
        "files": files,
        "totals": {
            "articles": result.articles,
            "failed": len(result.failures),
            "entities": G.number_of_nodes(),
            "relations": G.number_of_edges(),
            "entities_by_type": dict(sorted(Counter(t for _, t in G.nodes(data="type")).items())),
            "relations_by_type": dict(sorted(Counter(r for *_, r in G.edges(data="relation")).items())),
            "removed_by_rule": dict(
                sorted(sum((Counter(f.get("removed", {})) for f in files), Counter()).items())
            ),
            "characters": chars,
        },
        # Timings vary run to run; they live only in the report, never in the graph exports.
        "timings": {
            "seconds_total": round(seconds, 3),
            "cached_articles": result.cached,
            "seconds_per_stage": {k: round(v, 3) for k, v in sorted(result.timings.items())},
        },
    }


def write_report(result: BuildResult, G: nx.MultiDiGraph, path: Path, *, seconds: float) -> Path:
    """``build_report`` written atomically as JSON to ``path``."""
    report = build_report(result, G, seconds=seconds)
    return atomic_write_text(path, json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
