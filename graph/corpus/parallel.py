"""Map a per-article function over a stream, in worker processes, keeping input order.

At most ``window`` articles are in flight: the input iterator is read only as
fast as workers finish, so a corpus of any size streams through in bounded
memory.  Results come back in input order, so a parallel build reports
exactly what a serial one does.  With ``jobs=1`` there is no pool at all.

A worker costs seconds before its first item (a fresh interpreter, its models),
so given ``size`` (the work in an item, e.g. its characters) and
``min_work_per_worker``, the map holds the first items back until they add up to
enough work for every worker: then the pool starts (while the caller goes on
reading) and takes them; if the input ends first, the held items run in this
process with no pool, or on as many workers as their work pays for.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError

__all__ = ["OrderedMap", "resolve_jobs"]

# Enough queued work per worker that none waits for the main process, small enough to stay light.
_IN_FLIGHT_PER_WORKER = 4


def resolve_jobs(jobs: int) -> int:
    """``jobs`` as a worker count: 0 means one per CPU."""
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 0:
        raise ConfigError(f"jobs must be a whole number >= 0 (0 = one per CPU), got {jobs!r}")
    return jobs or os.cpu_count() or 1


class OrderedMap:
    """Feed items with ``add`` (work for a worker) or ``add_done`` (already known).

    ``add``/``add_done`` yield the results that are ready, oldest first, once
    the window is full; ``finish`` yields the rest.  Use as a context manager
    so the pool (started on first need, never for ``jobs=1``) is shut down.

    ``size(*args)`` and ``min_work_per_worker``: see the module docstring (without
    them, ``jobs > 1`` starts the pool at the first ``add``).

    ``here``: what runs an item in this process instead of ``work`` (default ``work``): with
    ``jobs > 1`` and too little work for a pool, it may use the cores the workers would have.

    ``work`` should not raise (wrap it, as ``pipeline.safe_process`` does).  If
    a worker process dies (killed, out of memory), the items it had in flight
    get ``on_worker_death(*args)`` as their result and a fresh pool takes the rest.

    >>> with OrderedMap(str.upper, jobs=1) as mapper:
    ...     out = [*mapper.add("a"), *mapper.add_done("B"), *mapper.finish()]
    >>> out
    ['A', 'B']
    """

    def __init__(
        self,
        work: Callable[..., Any],
        *,
        jobs: int = 1,
        initializer: Callable[[], None] | None = None,
        window: int | None = None,
        on_worker_death: Callable[..., Any] | None = None,
        size: Callable[..., int] | None = None,
        min_work_per_worker: int = 0,
        here: Callable[..., Any] | None = None,
    ):
        self.work = work
        self.here = here or work
        self.on_worker_death = on_worker_death
        self.jobs = resolve_jobs(jobs)
        self.initializer = initializer
        self.window = window or self.jobs * _IN_FLIGHT_PER_WORKER
        self._pending: deque[_Slot] = deque()
        self._executor: Executor | None = None
        self.size = size
        self.min_work_per_worker = min_work_per_worker if size is not None else 0
        # Work held back while it is too little to pay for the pool.
        self._held: list[_Slot] | None = [] if self.jobs > 1 and self.min_work_per_worker > 0 else None
        self._held_work = 0

    def add(self, *args: Any) -> Iterator[Any]:
        if self.jobs == 1:
            self._pending.append(_Slot(_done(self.here(*args)), args))
        elif self._held is not None:
            self._hold(args)
            return self._drain(None)
        else:
            pool = self._pool()
            self._pending.append(_Slot(pool.submit(self.work, *args), args, pool))
        return self._drain(self.window)

    def _hold(self, args: tuple[Any, ...]) -> None:
        assert self._held is not None and self.size is not None
        slot = _Slot(Future(), args)  # not running yet: _drain(None) waits for it
        self._held.append(slot)
        self._pending.append(slot)
        self._held_work += self.size(*args)
        if self._held_work >= self.jobs * self.min_work_per_worker:
            self._release(self.jobs)

    def _release(self, workers: int) -> None:
        """Send the held items to a pool of ``workers``, or run them here if that is one."""
        held, self._held = self._held or [], None
        if workers > 1:
            self.jobs = workers
            pool = self._pool()
        for slot in held:
            if workers > 1:
                slot.future, slot.pool = pool.submit(self.work, *slot.args), pool
            else:
                slot.future = _done(self.here(*slot.args))
        if workers <= 1:
            self.jobs = 1  # too little work for a pool: the rest runs here too

    def add_done(self, value: Any) -> Iterator[Any]:
        self._pending.append(_Slot(_done(value), ()))
        return self._drain(None if self._held is not None else self.window)

    def finish(self) -> Iterator[Any]:
        if self._held is not None:
            self._release(min(self.jobs, self._held_work // self.min_work_per_worker))
        return self._drain(0)

    def _drain(self, keep: int | None) -> Iterator[Any]:
        """Results at the head beyond the ``keep`` newest (None: only those already done)."""
        # Also hand back finished results at the head early, so known values do not wait.
        while self._pending and (
            (keep is not None and len(self._pending) > keep) or self._pending[0].future.done()
        ):
            slot = self._pending.popleft()
            yield self._result(slot.future, slot.args, slot.pool)

    def _result(self, future: Future, args: tuple[Any, ...], pool: Executor | None) -> Any:
        try:
            return future.result()
        except BrokenProcessPool:
            if self.on_worker_death is None:
                raise
            if pool is self._executor:
                self._shutdown()  # the next ``add`` starts a fresh pool
            return self.on_worker_death(*args)

    def _pool(self) -> Executor:
        if self._executor is None:
            # spawn, not fork: a forked child would inherit the parent's ONNX Runtime
            # session without its threads and can hang; spawn is also what macOS/Windows use.
            context = multiprocessing.get_context("spawn")
            self._executor = ProcessPoolExecutor(self.jobs, mp_context=context, initializer=self.initializer)
        return self._executor

    def __enter__(self) -> OrderedMap:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        if exc_info[0] is not None:
            self._terminate_workers()  # interrupted (Ctrl-C, SIGTERM, an error): no article is waited for
            self._shutdown()
        else:
            # Every result is in: the workers exit (a fifth of a second each, freeing their models)
            # while the caller merges and exports; the interpreter's exit waits for them.
            self._shutdown(wait=False)

    def _terminate_workers(self) -> None:
        processes = getattr(self._executor, "_processes", None) or {}
        for process in list(processes.values()):
            with contextlib.suppress(Exception):
                process.terminate()

    def _shutdown(self, *, wait: bool = True) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=wait, cancel_futures=True)
            self._executor = None


@dataclass
class _Slot:
    """One item's place in the output order: its future, its arguments, the pool it went to.

    A broken pool is replaced only once, by the first of its items to find it broken.
    """

    future: Future
    args: tuple[Any, ...]
    pool: Executor | None = None


def _done(value: Any) -> Future:
    future: Future = Future()
    future.set_result(value)
    return future
