"""Corpus build: stream articles through the per-article pipeline, in parallel and cached.

The per-article work is a pure function (``pipeline.safe_process``: article in,
record or failure out), mapped over the input stream by ``parallel.OrderedMap``
(worker processes for ``jobs > 1``), with ``cache.ArticleCache`` skipping
articles already extracted by the same code.  The articles to extract go in
batches (``pipeline.process_articles``: LAC is faster on many sentences at once);
a batch whose worker died is tried again one article at a time, so an article
that kills its worker fails alone.  Each record is folded in as it
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
import functools
import json
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InternalError, UsageError
from ..ingest import printable
from ..io.atomic import atomic_write_text
from ..model import ExtractionRecord, InputFailure, RawArticle
from ..pipeline import BuildResult, guarded, process_articles, safe_process
from .batches import Alone, Batch, Batcher, Pending, Unfinished, batch_characters, environment_number
from .cache import ArticleCache, article_key, remove_stale_writes
from .dedup import DuplicateTracker, with_also_from
from .parallel import OrderedMap, resolve_jobs

if TYPE_CHECKING:
    import networkx as nx

    from ..assemble import Arrival

__all__ = ["build_corpus", "build_articles", "save_report", "build_report", "warm_worker"]

Outcome = ExtractionRecord | InputFailure
ProcessFn = Callable[[RawArticle], Outcome]
# What the map hands back per article: its outcome, whether the cache served it, and where it
# was read from (``RawArticle.location``: what the report and the messages name).
Arrived = tuple[Outcome, bool, str]
# Goes through every stage once so each worker loads its models and lexicons before real work.
_WARM_UP_TEXT = "新华社北京电 市委书记张三在市政府会议上讲话，要求加强社区党建工作。"

# Text a worker must have to repay its start (a fresh interpreter, LAC, jieba: 1-2 s, more on a
# loaded machine) against extracting in this process: with less, fewer workers or none.  Measured
# on 2 cores (bench/bench_speed.py): two workers on the 56,000 characters of the dangjian
# articles were slower than one process (0.55-0.64x at load 10, 0.92-1.30x unloaded).
POOL_CHARACTERS_PER_WORKER = 50_000
# Set to another number of characters (0: a pool whenever --jobs asks for one), e.g. for tests
# that need real workers on a few short articles.
POOL_CHARACTERS_VARIABLE = "KG_POOL_CHARACTERS_PER_WORKER"


def _pool_characters() -> int:
    return environment_number(POOL_CHARACTERS_VARIABLE, POOL_CHARACTERS_PER_WORKER)


def build_corpus(
    inputs: Sequence[str],
    *,
    jobs: int = 1,
    use_cache: bool = False,
    cache_dir: Path | None = None,
    progress: bool = False,
    only: set[str] | Callable[[str], bool] | None = None,
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
    whole records (``kg extract``/``kg eval``); a build does not need them.  ``only``: the doc
    ids to build (a set, or a test on the doc id); the others are skipped unread by the pipeline.
    ``engine``: ``"processes"`` (a local pool) or ``"dask"`` (a Dask cluster at
    ``scheduler``, or a LocalCluster of ``jobs`` workers; ``dask_engine``).
    """
    from ..ingest import iter_articles

    items: Iterable[RawArticle | InputFailure] = iter_articles(inputs)
    if only is not None:
        wanted = only.__contains__ if isinstance(only, (set, frozenset)) else only
        items = (i for i in items if isinstance(i, InputFailure) or wanted(i.doc_id))
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
    if cache is not None:
        remove_stale_writes(cache_dir)  # what workers of a killed build were writing
    task = ArticleTask(process, cache)
    result = BuildResult()
    fold = _Fold(result, keep_records)
    bar = _progress_bar() if progress else None
    if warm_up is None:
        warm_up = process is None
    mapper = _mapper(engine, scheduler, task, jobs=jobs, warm_up=warm_up)
    batcher = Batcher()
    with mapper:
        for item in _timed_iter(items, result.timings, "ingest"):
            fold.note(item)
            _collect_all(fold, _dispatch(item, mapper, batcher, cache, use_cache), bar, mapper)
        if batcher.items:
            _collect_all(fold, mapper.add(batcher.take()), bar, mapper)
        _collect_all(fold, mapper.finish(), bar, mapper)
    if bar is not None:
        bar.close()
    fold.finish()
    return result


class _Fold:
    """Folds arriving records into a ``BuildResult``: graph, duplicates, report rows; no texts kept."""

    def __init__(self, result: BuildResult, keep_records: bool):
        self.result = result
        self.duplicates: DuplicateTracker[Arrival] = DuplicateTracker()
        self.rows: dict[Arrival, tuple[dict[str, Any], int, int]] = {}  # row, characters, place in input
        self.records: dict[Arrival, ExtractionRecord] | None = {} if keep_records else None
        self.also_from: dict[Arrival, tuple[str, ...]] = {}
        self.notes: dict[str, str] = {}  # by location: what the report should say of a kept article
        # By location, each input's place in the input: batches arrive out of it, results do not.
        self.order: dict[str, int] = {}
        self.failures: list[tuple[int, InputFailure]] = []

    def note(self, item: RawArticle | InputFailure) -> None:
        """Keep ``item``'s place, and what reading it had to repair (bytes replaced), for its report row."""
        where = item.source_path if isinstance(item, InputFailure) else item.location
        self.order.setdefault(where, len(self.order))
        if isinstance(item, RawArticle) and "replaced" in item.encoding:
            self.notes[item.location] = f"decoded as {item.encoding}"

    def fail(self, failure: InputFailure, where: str) -> None:
        self.failures.append((self.order.get(where, len(self.order)), failure))

    def add(self, record: ExtractionRecord, where: str) -> None:
        merged = self.result.merged
        arrival = merged.add(record)
        admission = self.duplicates.add(record.document, arrival)
        if admission.displaced is not None:
            # A copy with a smaller doc id arrived after the one kept so far: it takes over.
            self._drop(admission.displaced)
        if admission.kept != arrival:
            merged.discard(arrival)
        else:
            place = self.order.get(where, len(self.order))
            self.rows[arrival] = _report_row(record, where), len(record.document.text), place
            if where in self.notes:
                self.rows[arrival][0]["note"] = self.notes.pop(where)
            if self.records is not None:
                self.records[arrival] = record

    def _drop(self, arrival: Arrival) -> None:
        self.result.merged.discard(arrival)
        del self.rows[arrival]
        if self.records is not None:
            del self.records[arrival]

    def finish(self) -> None:
        result = self.result
        for kept, also_from in self.duplicates.copies():
            result.merged.set_also_from(kept, also_from)
            self.rows[kept][0]["duplicates"] = list(also_from)
            self.also_from[kept] = also_from
        result.files = [row for row, _, _ in sorted(self.rows.values(), key=lambda row: row[2])]
        result.failures = [failure for _, failure in sorted(self.failures, key=lambda f: f[0])]
        result.articles = len(self.rows)
        result.characters = sum(chars for _, chars, _ in self.rows.values())
        if self.records is not None:
            result.records = [
                with_also_from(record, self.also_from.get(arrival, ()))
                for arrival, record in sorted(self.records.items(), key=lambda item: item[0])
            ]


def _report_row(record: ExtractionRecord, where: str) -> dict[str, Any]:
    """What the report says of one article (read from ``where``): counts only, so rows stay small."""
    doc = record.document
    return {
        "path": printable(where or doc.source_path),
        "doc": doc.doc_id,
        "status": "ok",
        "duplicates": list(doc.also_from),
        "entities": dict(sorted(Counter(e.type.value for e in record.entities).items())),
        "relations": dict(sorted(Counter(r.relation.value for r in record.relations).items())),
        "removed": dict(sorted(Counter(r.rule for r in doc.removed).items())),
    }


def _mapper(engine: str, scheduler: str | None, task: ArticleTask, *, jobs: int, warm_up: bool):
    """The ordered map the build runs on: a local process pool, or a Dask cluster.

    The pool and its initializer start only when a first article goes to extraction.
    """
    if engine == "dask":
        from .dask_engine import DaskMap

        # Workers elsewhere may not see the cache folder: they extract, this process stores.  A
        # Dask worker's parent is its nanny, perhaps on another machine: it watches no parent.
        return DaskMap(
            replace(task, cache=None),
            scheduler=scheduler,
            on_result=task.store,
            jobs=jobs,
            initializer=load_models if warm_up else None,
            on_worker_death=_worker_died,
        )
    if engine != "processes" or scheduler is not None:
        raise UsageError(f"engine {engine!r} with scheduler {scheduler!r}: a scheduler goes with engine dask")
    # Each worker watches this process, known by pid: a worker still starting when it is killed
    # would otherwise take its new parent (init) for the build.
    return OrderedMap(
        task,
        jobs=jobs,
        initializer=functools.partial(warm_worker if warm_up else watch_parent, os.getpid()),
        on_worker_death=_worker_died,
        size=batch_characters,
        min_work_per_worker=_pool_characters(),
        # Too little text for a pool: the second core runs LAC's encoder beside the other stages.
        here=replace(task, encoder_thread=True) if resolve_jobs(jobs) > 1 else task,
    )


@dataclass(frozen=True)
class ArticleTask:
    """The work sent to a worker: extract a batch of articles, then store their records in the cache.

    ``process``: the per-article function (None: the pipeline, ``process_articles`` on the batch).
    """

    process: ProcessFn | None = None
    cache: ArticleCache | None = None
    encoder_thread: bool = False  # ``process_articles``'s: LAC's encoder beside the other stages

    def __call__(self, batch: Batch) -> list[Arrived]:
        raws = [raw for raw, _ in batch]
        if self.process is None:
            outcomes = process_articles(raws, encoder_thread=self.encoder_thread)
        else:
            outcomes = [guarded(self.process, raw) for raw in raws]
        arrived = [
            (_named(outcome, raw) if isinstance(outcome, InputFailure) else outcome, False, raw.location)
            for outcome, raw in zip(outcomes, raws)
        ]
        self.store(arrived, batch)
        return arrived

    def store(self, results: list[Arrived], batch: Batch) -> None:
        """Keep the extracted records in the cache (``results`` as ``__call__`` returns them)."""
        if self.cache is None:
            return
        for (outcome, _, _), (_, key) in zip(results, batch):
            if key is not None and isinstance(outcome, ExtractionRecord):
                # a read-only or full cache folder (or other trouble storing it) costs speed, never the build
                with contextlib.suppress(Exception):
                    self.cache.put(key, outcome)


def _named(failure: InputFailure, raw: RawArticle) -> InputFailure:
    """``failure`` named by where its article was read from, as the read failures are."""
    return InputFailure(printable(raw.location or raw.source_path), failure.reason, failure.code)


def _dispatch(
    item: RawArticle | InputFailure,
    mapper: OrderedMap,
    batcher: Batcher,
    cache: ArticleCache | None,
    use_cache: bool,
) -> Iterator[list[Arrived]]:
    """Known outcomes (read failures, cache hits) skip the workers; the rest go to them in batches."""
    if isinstance(item, InputFailure):
        return mapper.add_done([(item, False, item.source_path)])
    key = hit = None
    if cache is not None:
        try:
            key = article_key(item)
            hit = cache.get(key) if use_cache else None
        except Exception:  # noqa: BLE001 - an article the cache cannot key is extracted uncached
            key = hit = None
    if hit is not None:
        return mapper.add_done([(hit, True, item.location)])
    batch = batcher.add(item, key)
    return mapper.add(batch) if batch is not None else iter(())


def _collect_all(fold: _Fold, batches: Iterable[list[Arrived] | Unfinished], bar, mapper) -> None:
    """Fold in every arrived outcome; the articles of a batch whose worker died go again, one by one."""
    again: list[Pending] = []
    for arrived in batches:
        if isinstance(arrived, Unfinished):
            again.extend(arrived)
        else:
            _collect(fold, arrived, bar)
    for pending in again:
        # One at a time, waited for: a worker that dies now died on this article.
        _collect_all(fold, [*mapper.add(Alone((pending,))), *mapper.finish()], bar, mapper)


def _collect(fold: _Fold, arrived: list[Arrived], bar) -> None:
    result = fold.result
    for outcome, cached, where in arrived:
        if isinstance(outcome, ExtractionRecord):
            outcome = _folded(fold, outcome, where)
        if isinstance(outcome, InputFailure):
            fold.fail(outcome, where)
        elif cached:
            # Its timings are from the run that extracted it: not spent now.
            result.cached += 1
        else:
            for stage, seconds in outcome.timings:
                result.timings[stage] = result.timings.get(stage, 0.0) + seconds
        if bar is not None:
            bar.update(1)


def _folded(fold: _Fold, record: ExtractionRecord, where: str) -> Outcome:
    """``record`` once merged in, or the failure of its article when the merge broke on it."""
    try:
        fold.add(record, where)
    except Exception as error:  # noqa: BLE001 - one article's bad record must not end the build
        internal = InternalError(f"internal error {type(error).__name__} while merging: {error}")
        return InputFailure(printable(where or record.document.source_path), internal.reason, internal.code)
    return record


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


def _worker_died(batch: Batch) -> list[Arrived] | Unfinished:
    if not isinstance(batch, Alone):
        # Not known to be the cause: it may have been in flight when another article killed the pool.
        return Unfinished(batch)
    error = InternalError("internal error: the worker process extracting it died (killed or out of memory)")
    raw = batch[0][0]
    failure = InputFailure(printable(raw.location or raw.source_path), error.reason, error.code)
    return [(failure, False, raw.location)]


def watch_parent(parent: int, interval: float = 0.5) -> None:
    """Pool initializer: end this worker when the build ``parent`` is gone (killed with SIGKILL).

    A worker waits on its task queue, which it holds both ends of, so it would never see its
    parent die and would live on, orphaned, holding its models in memory.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)  # no clean-up to wait for: the parent's results are lost with it

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def warm_worker(parent: int) -> None:
    """Pool initializer: watch the build ``parent``, and load the models and lexicons once per worker."""
    watch_parent(parent)
    load_models()


def load_models() -> None:
    """Load the models and lexicons of this process once, before its first article."""
    from ..pipeline import collect_rarely
    from ..segment import load_lac

    collect_rarely()
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


def save_report(report: dict[str, Any], path: Path) -> Path:
    """A build report written atomically as JSON to ``path``."""
    return atomic_write_text(path, json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
