"""Benchmark ``kg build --engine dask`` against the process pool, and ``kg serve`` over HTTP.

1. The same corpus (``bench/make_corpus.py``, 1,000 articles by default) built
   cold with ``kg build --jobs 2`` and with ``kg build --engine dask --jobs 2``
   (a LocalCluster of 2 worker processes), each in a fresh process, as a user
   runs them; prints both times, Dask's overhead (target <= 15%), that the
   exports are byte-identical, and the Turtle's bytes per byte of article text.
2. ``kg serve`` on that build's Turtle: each canned query over HTTP, without
   and with a parameter (the first value the unparametrised query answers),
   median of ``--repeat`` runs after one warm-up (target < 0.2 s).
3. With ``--synthetic-scale X`` also ``kg serve`` on the synthetic graph of
   ``bench/bench_rdf.py`` at that scale (1.0: about 1.1 M triples), a larger
   store than a build can make in a bench run, with that benchmark's queries.

Usage:  .venv/bin/python bench/bench_dask.py [--size 1000] [--rounds 1] [--synthetic-scale 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from graph.tools.query import bind_params, canned_queries, resolve_query  # noqa: E402
from graph.tools.serve import http_query  # noqa: E402

DEFAULT_CORPORA = Path("/tmp/kg-bench")
ENGINES = {"processes": [], "dask": ["--engine", "dask"]}
OVERHEAD_TARGET, QUERY_TARGET_S = 0.15, 0.2


def kg(*args: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "graph", *args], text=True, **options)


def corpus_of(size: int, corpora: Path) -> Path:
    corpus = corpora / f"corpus-{size}"
    if not corpus.is_dir():
        subprocess.run(
            [
                sys.executable,
                str(REPO / "bench" / "make_corpus.py"),
                "--sizes",
                str(size),
                "--out",
                str(corpora),
            ],
            check=True,
        )
    return corpus


def timed_build(corpus: Path, out: Path, engine: str, jobs: int) -> float:
    """Seconds of one cold ``kg build`` (Turtle only), cache folder fresh and never read."""
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    done = kg(
        "build", str(corpus), "-o", str(out), "--name", "c", "--format", "ttl", "--quiet", "--no-cache",
        "--jobs", str(jobs), *ENGINES[engine], capture_output=True,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):  # 1: some article failed, which the report says
        raise SystemExit(f"kg build --engine {engine} failed:\n{done.stderr[-2000:]}")
    return seconds


def report_without_timings(out: Path) -> dict:
    report = json.loads((out / "c.report.json").read_text(encoding="utf-8"))
    del report["timings"]
    return report


def text_bytes(corpus: Path) -> int:
    """UTF-8 bytes of the article files (what the corpus is made of, before cleaning)."""
    return sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file())


def bench_builds(corpus: Path, work: Path, jobs: int, rounds: int) -> Path:
    seconds: dict[str, list[float]] = {engine: [] for engine in ENGINES}
    for round_ in range(rounds):
        # Alternate the order: these shared machines drift over minutes.
        order = list(ENGINES) if round_ % 2 == 0 else list(reversed(ENGINES))
        for engine in order:
            seconds[engine].append(timed_build(corpus, work / engine, engine, jobs))
            print(f"  round {round_ + 1}: {engine:<10} {seconds[engine][-1]:7.1f} s", flush=True)
    same_ttl = (work / "processes" / "c.ttl").read_bytes() == (work / "dask" / "c.ttl").read_bytes()
    same_report = report_without_timings(work / "processes") == report_without_timings(work / "dask")
    local, dask = statistics.median(seconds["processes"]), statistics.median(seconds["dask"])
    overhead = dask / local - 1
    report = report_without_timings(work / "processes")
    ttl = work / "processes" / "c.ttl"
    print(f"\nbuild of {report['totals']['articles']} articles ({report['totals']['characters']:,} chars):")
    print(f"  --jobs {jobs}: {local:.1f} s   --engine dask --jobs {jobs}: {dask:.1f} s (median of {rounds})")
    verdict = "meets" if overhead <= OVERHEAD_TARGET else "misses"
    print(f"  Dask overhead: {overhead:+.1%} ({verdict} the <= {OVERHEAD_TARGET:.0%} target)")
    print(f"  exports byte-identical: Turtle {same_ttl}, report {same_report}")
    print(f"  Turtle: {ttl.stat().st_size / 1e6:.1f} MB, {ttl.stat().st_size / text_bytes(corpus):.2f} bytes")
    print("    per byte of article file text")
    return ttl


class Serving:
    """``kg serve SOURCE --port 0`` in its own process; ``load_s``: until it answered its first line."""

    def __init__(self, source: Path):
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "graph", "serve", str(source), "--port", "0"],
            stdout=subprocess.PIPE,
            text=True,
        )
        first = self.process.stdout.readline()
        if not first.startswith("serving "):
            raise SystemExit(f"kg serve did not start: {first!r}")
        self.load_s = time.perf_counter() - started
        self.endpoint = first.rsplit(" at ", 1)[1].strip() + "query"

    def __enter__(self) -> Serving:
        return self

    def __exit__(self, *exc_info) -> None:
        self.process.terminate()
        self.process.wait(30)
        self.process.stdout.close()


def query_seconds(endpoint: str, sparql: str, repeat: int) -> tuple[int, float]:
    rows = len(http_query(endpoint, sparql).rows)  # warm-up: the store's caches, the connection path
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        http_query(endpoint, sparql)
        times.append(time.perf_counter() - started)
    return rows, statistics.median(times)


def print_query(label: str, rows: int, seconds: float) -> None:
    flag = "" if seconds < QUERY_TARGET_S else f"  (over {QUERY_TARGET_S} s)"
    print(f"  {label:<58}{rows:>8}{seconds:>10.3f}{flag}", flush=True)


def bench_canned(ttl: Path, repeat: int) -> None:
    with Serving(ttl) as server:
        print(f"\nkg serve {ttl} (store loaded and server up in {server.load_s:.1f} s):")
        print(f"  {'query over HTTP':<58}{'rows':>8}{'median s':>10}")
        for name in canned_queries():
            sparql = resolve_query(name)
            first = http_query(server.endpoint, sparql)
            print_query(name, *query_seconds(server.endpoint, sparql, repeat))
            param = next((c for c in first.columns if f"?param_{c}" in sparql), None)
            if param and first.rows:
                value = first.rows[0][first.columns.index(param)]
                bound = bind_params(sparql, {param: value})
                print_query(f"{name} --param {param}={value}", *query_seconds(server.endpoint, bound, repeat))


def bench_synthetic(scale: float, work: Path, repeat: int) -> None:
    from bench_rdf import QUERIES, build_graph

    from graph.export.turtle import write_turtle

    started = time.perf_counter()
    G = build_graph(scale)
    [ttl] = write_turtle(G, work / "synthetic.ttl")
    edges = G.number_of_edges()
    del G
    print(f"\nsynthetic graph, scale {scale}: {edges:,} relations, Turtle {ttl.stat().st_size / 1e6:.0f} MB")
    print(f"  (built and written in {time.perf_counter() - started:.0f} s)")
    shutil.rmtree(ttl.with_suffix(".store"), ignore_errors=True)
    with Serving(ttl) as server:
        print(f"  store loaded and server up in {server.load_s:.1f} s")
        print(f"  {'query over HTTP':<58}{'rows':>8}{'median s':>10}")
        for name, params in QUERIES:
            label = f"{name} " + " ".join(f"--param {k}={v}" for k, v in params.items())
            print_query(
                label, *query_seconds(server.endpoint, bind_params(resolve_query(name), params), repeat)
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="articles in the corpus (default 1000)")
    parser.add_argument("--jobs", type=int, default=2, help="workers for both engines (default 2)")
    parser.add_argument("--rounds", type=int, default=1, help="builds per engine, alternating (default 1)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query (default 5)")
    parser.add_argument("--corpora", default=str(DEFAULT_CORPORA), help="where corpus-<size>/ folders live")
    parser.add_argument("--work", default="/tmp/kg-bench/dask", help="folder for the exports and stores")
    parser.add_argument("--synthetic-scale", type=float, default=0.0, help="also serve bench_rdf's graph")
    parser.add_argument("--skip-builds", action="store_true", help="reuse the last run's exports")
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    corpus = corpus_of(args.size, Path(args.corpora))
    if args.skip_builds:
        ttl = work / "processes" / "c.ttl"
    else:
        ttl = bench_builds(corpus, work, args.jobs, args.rounds)
    bench_canned(ttl, args.repeat)
    if args.synthetic_scale > 0:
        bench_synthetic(args.synthetic_scale, work, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
