"""OrderedMap: input order kept, bounded in-flight work, worker deaths reported, no pool for jobs=1."""

from __future__ import annotations

import os

import pytest

from graph.corpus.parallel import OrderedMap, resolve_jobs
from graph.errors import ConfigError


def square(n: int) -> int:
    return n * n


def die_on_three(n: int) -> int:
    if n == 3:
        os._exit(1)  # a worker killed mid-article, as by the OOM killer
    return n


def _run(mapper: OrderedMap, values) -> list:
    out = []
    with mapper:
        for v in values:
            out.extend(mapper.add_done(v) if isinstance(v, str) else mapper.add(v))
        out.extend(mapper.finish())
    return out


def test_serial_map_keeps_order_and_mixes_known_values():
    assert _run(OrderedMap(square, jobs=1), [1, "x", 2, 3]) == [1, "x", 4, 9]


def test_pool_map_gives_the_serial_result_in_input_order():
    values = [5, "a", 1, 4, "b", 2, 3, 0, 7, 6]
    assert _run(OrderedMap(square, jobs=2, window=3), values) == _run(OrderedMap(square), values)


def test_the_input_is_read_lazily_with_a_bounded_window():
    read = []

    def source():
        for n in range(20):
            read.append(n)
            yield n

    with OrderedMap(square, jobs=2, window=2) as mapper:
        first = next(v for n in source() for v in mapper.add(n))
    assert first == 0 and len(read) <= 3  # at most the window, plus the one that filled it


def test_a_dead_worker_fails_only_the_items_in_flight_and_the_build_goes_on():
    mapper = OrderedMap(die_on_three, jobs=2, window=1, on_worker_death=lambda n: f"died:{n}")
    out = _run(mapper, [1, 2, 3, 4, 5, 6])
    # 2 and 4 may have been in flight on the same pool when it broke; 5 and 6 go to a fresh one.
    assert out[0] == 1 and out[1] in (2, "died:2") and out[2] == "died:3"
    assert out[3] in (4, "died:4") and out[4:] == [5, 6]


@pytest.mark.parametrize("jobs", [-1, 1.5, "2", True])
def test_bad_jobs_are_refused_with_what_was_given(jobs):
    with pytest.raises(ConfigError, match="jobs"):
        resolve_jobs(jobs)


def test_zero_jobs_means_one_per_cpu():
    assert resolve_jobs(0) == (os.cpu_count() or 1)


# ---------------------------------------------------------------- workers only for enough work


def pid_of(n: int) -> tuple[int, int]:
    return n, os.getpid()


def _sized(jobs: int, **options) -> OrderedMap:
    return OrderedMap(pid_of, jobs=jobs, size=lambda n: n, **options)


def test_too_little_work_for_a_pool_runs_here_in_order(monkeypatch):
    def refuse(self):
        raise AssertionError("a pool was started for a handful of work")

    monkeypatch.setattr(OrderedMap, "_pool", refuse)
    out = _run(_sized(2, min_work_per_worker=100), [5, "cached", 7, 9])
    assert out == [(5, os.getpid()), "cached", (7, os.getpid()), (9, os.getpid())]


def test_enough_work_starts_the_pool_before_the_input_ends():
    read = []

    def source():
        for n in (10, 10, 10, 10, 1, 1):
            read.append(n)
            yield n

    with _sized(2, min_work_per_worker=15) as mapper:
        out = []
        for n in source():
            out.extend(mapper.add(n))
            if mapper._executor is not None:
                break
        assert len(read) == 3 and mapper._executor is not None  # 30 of work held: two workers' worth
        out.extend(mapper.finish())
    assert [n for n, _ in out] == [10, 10, 10] and {pid for _, pid in out} != {os.getpid()}


def test_work_left_at_the_end_gets_the_workers_it_pays_for():
    with _sized(3, min_work_per_worker=10) as mapper:
        out = [v for n in (9, 9, 9) for v in mapper.add(n)]
        out.extend(mapper.finish())  # 27 of work: two workers, not three
        assert mapper.jobs == 2
    assert [n for n, _ in out] == [9, 9, 9] and os.getpid() not in {pid for _, pid in out}
