"""The per-article map on a Dask cluster (``kg build --engine dask``), keeping input order.

``DaskMap`` has the interface of ``parallel.OrderedMap`` (``add``, ``add_done``,
``finish``, a context manager), so the build folds what it yields exactly as it
folds a local pool's results: in input order, hence byte-identical exports.

- No scheduler address: a ``LocalCluster`` of ``jobs`` worker processes (one
  thread each) on 127.0.0.1, no dashboard.  With one, the cluster's workers, as
  they are; they need this package installed (the same version).
- Models: ``initializer`` runs once in every worker, as it joins (a worker
  plugin), so each loads its models once and not per article.
- The cache stays where the build runs: workers elsewhere may not see its
  folder, so they only extract, and ``on_result`` (the build's store step)
  runs here on each result.
- A worker that dies (killed, out of memory): Dask gives its articles to
  another worker, up to ``distributed.scheduler.allowed-failures`` times; an
  article still unfinished then gets ``on_worker_death(*args)`` as its result
  and the build goes on.  Our LocalCluster sends each worker one article at a
  time, so a worker's death counts against the article it was extracting only.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from distributed import Client, LocalCluster, WorkerPlugin
from distributed.scheduler import KilledWorker

from ..errors import ConfigError
from .parallel import resolve_jobs

__all__ = ["DaskMap", "start_local_cluster", "LOCAL_CLUSTER_CONFIG"]

# Same lead as the process pool's: enough queued that no worker waits, little held in memory.
_IN_FLIGHT_PER_THREAD = 4
# A cluster with no worker after this long will not get one: say so rather than wait forever.
_WORKERS_SECONDS = 120
# One article at a time per worker thread (saturation 1.0): a dying worker then takes only the
# article it was on, not the queued ones.  Two tries per article (1 retry): a worker that died
# on the same article twice will die on it again, and each try costs a worker restart.
# No statistical profiler (a thread sampling the task's stack every 10 ms, for the dashboard we
# do not run) and glibc's own malloc trimming, as in the process pool's workers.
LOCAL_CLUSTER_CONFIG = {
    "distributed.scheduler.worker-saturation": 1.0,
    "distributed.scheduler.allowed-failures": 1,
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ": {},
}


def start_local_cluster(workers: int) -> LocalCluster:
    """``workers`` worker processes of one thread each, on loopback only, no dashboard."""
    import dask

    with dask.config.set(LOCAL_CLUSTER_CONFIG):
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            # No dashboard; the scheduler's small HTTP server (health, metrics) on a free loopback port.
            scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
            # Worker restarts after a death are worth a line; Dask's routine chatter is not.
            silence_logs=logging.WARNING,
        )


class WarmUp(WorkerPlugin):
    """Runs ``initializer`` once in each worker as it joins: its models load before its first article."""

    name = "kg-warm-up"

    def __init__(self, initializer: Callable[[], None]):
        self.initializer = initializer

    def setup(self, worker) -> None:
        self.initializer()


class DaskMap:
    """``OrderedMap`` on a Dask cluster: ``add`` submits, results come back oldest first.

    The cluster (started, or connected to at ``scheduler``) is reached only
    when a first item needs a worker: a build served wholly from the cache
    starts none.
    """

    def __init__(
        self,
        work: Callable[..., Any],
        *,
        scheduler: str | None = None,
        jobs: int = 1,
        initializer: Callable[[], None] | None = None,
        window: int | None = None,
        on_worker_death: Callable[..., Any] | None = None,
        on_result: Callable[..., None] | None = None,
    ):
        self.work = work
        self.scheduler = scheduler
        self.jobs = resolve_jobs(jobs)
        self.initializer = initializer
        self.window = window or self.jobs * _IN_FLIGHT_PER_THREAD
        self._fixed_window = window is not None
        self.on_worker_death = on_worker_death
        self.on_result = on_result
        self._pending: deque[tuple[Any, tuple[Any, ...]]] = deque()
        self._client: Client | None = None
        self._cluster: LocalCluster | None = None

    def add(self, *args: Any) -> Iterator[Any]:
        client = self._connect()
        self._pending.append((client.submit(self.work, *args, pure=False), args))
        return self._drain(self.window)

    def add_done(self, value: Any) -> Iterator[Any]:
        self._pending.append((_Known(value), ()))
        return self._drain(self.window)

    def finish(self) -> Iterator[Any]:
        return self._drain(0)

    def _drain(self, keep: int) -> Iterator[Any]:
        # Finished results at the head go early, so known values do not wait for a full window.
        while self._pending and (len(self._pending) > keep or self._pending[0][0].done()):
            yield self._result(*self._pending.popleft())

    def _result(self, future: Any, args: tuple[Any, ...]) -> Any:
        if isinstance(future, _Known):
            return future.value
        try:
            value = future.result()
        except KilledWorker:
            if self.on_worker_death is None:
                raise
            return self.on_worker_death(*args)
        except Exception as error:  # noqa: BLE001 - a worker that cannot run the task at all
            raise ConfigError(
                f"the Dask workers cannot run the build ({type(error).__name__}: {error}); "
                "every worker needs cn-grassroots-kg installed, the same version as here"
            ) from error
        finally:
            future.release()
        if self.on_result is not None:
            self.on_result(value, *args)
        return value

    def _connect(self) -> Client:
        if self._client is None:
            address = self.scheduler
            if address is None:
                self._cluster = start_local_cluster(self.jobs)
                address = self._cluster.scheduler_address
            self._client = _client(address)
            if self.initializer is not None:
                self._client.register_plugin(WarmUp(self.initializer))
            self._wait_for_workers()
        return self._client

    def _wait_for_workers(self) -> None:
        try:
            self._client.wait_for_workers(1, timeout=_WORKERS_SECONDS)
        except TimeoutError as error:
            raise ConfigError(
                f"no Dask worker joined the scheduler at {self.scheduler} in {_WORKERS_SECONDS} s: "
                f"start some with 'dask worker {self.scheduler}'"
            ) from error
        if not self._fixed_window:
            self.window = _IN_FLIGHT_PER_THREAD * sum(self._client.nthreads().values())

    def __enter__(self) -> DaskMap:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        for future, _ in self._pending:
            if not isinstance(future, _Known):
                future.cancel()
        self._pending.clear()
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def _client(address: str) -> Client:
    try:
        return Client(address, set_as_default=False)  # timeout: distributed.comm.timeouts.connect
    except (OSError, TimeoutError) as error:
        raise ConfigError(
            f"cannot reach a Dask scheduler at {address!r} ({error}); start one with 'dask scheduler'"
        ) from error


class _Known:
    """A result already known (a cache hit, a read failure): done, nothing to release."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value

    def done(self) -> bool:
        return True
