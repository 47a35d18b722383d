"""Benchmark corpus builds: throughput per stage and end to end, scaling, cache, memory.

For every corpus size and worker count: a cold build (empty cache) and a warm
rebuild (same cache, nothing changed), each in a fresh process so peak memory
is that run's own.  Also "NER alone": the LAC model on the same cleaned
sentences, the floor no extraction pipeline can beat.  Checks on the way that
every run exports the same node-link JSON as the serial cold build.

    python bench/bench_build.py --sizes 100,1000 --jobs 1,2
    python bench/bench_build.py --sizes 10000 --jobs 2        # the memory check

Corpora come from bench/make_corpus.py (made on first use under /tmp/kg-bench).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
# Last, so PYTHONPATH=<a copy of the package> can benchmark a frozen snapshot of the code.
sys.path.append(str(BENCH.parent))

from make_corpus import DEFAULT_OUT, SHARED, make_corpora, parse_sizes  # noqa: E402

PIPELINES = ("full", "segment")


# ---------------------------------------------------------------- one measured run (child process)


def segment_only(raw):
    """The stages that exist without the extractors: clean, then sentences and LAC tokens."""
    from graph.clean import clean_article
    from graph.model import ExtractionRecord
    from graph.segment import split_sentences, tokenize

    start = time.perf_counter()
    document = clean_article(raw)
    cleaned = time.perf_counter()
    tokenize(split_sentences(document.text))
    timings = (("clean", cleaned - start), ("segment", time.perf_counter() - cleaned))
    return ExtractionRecord(document, (), (), timings, "segment-only")


def run_build(corpus: Path, jobs: int, cache_dir: Path, pipeline: str) -> dict[str, Any]:
    from graph.corpus.build import build_corpus
    from graph.export.nodelink import to_node_link_json

    process = segment_only if pipeline == "segment" else None
    started = time.perf_counter()
    # Records are merged as they arrive (build_s includes that); graph() builds the networkx graph.
    result = build_corpus(
        [str(corpus)], jobs=jobs, use_cache=True, cache_dir=cache_dir, process=process, warm_up=True
    )
    built = time.perf_counter()
    G = result.graph("bench")
    assembled = time.perf_counter()
    exported = to_node_link_json(G)
    done = time.perf_counter()
    return {
        "articles": result.articles,
        "failed": len(result.failures),
        "cached": result.cached,
        "chars": result.characters,
        "stage_seconds": dict(sorted(result.timings.items())),
        "build_s": built - started,
        "assemble_s": assembled - built,
        "export_s": done - assembled,
        "total_s": done - started,
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "export_sha256": hashlib.sha256(exported.encode("utf-8")).hexdigest()[:16],
        "failures": sorted({f.reason[:80] for f in result.failures})[:3],
        **peak_memory_mb(),
    }


def run_ner_alone(corpus: Path) -> dict[str, Any]:
    """LAC on the sentences of the cleaned articles: model time only, no alignment or records."""
    from graph.clean import clean_article
    from graph.ingest import iter_articles
    from graph.model import RawArticle
    from graph.segment import load_lac, split_sentences

    texts = [clean_article(a).text for a in iter_articles([str(corpus)]) if isinstance(a, RawArticle)]
    sentences = [s.text for text in texts for s in split_sentences(text)]
    lac = load_lac()
    started = time.perf_counter()
    lac.run(sentences)
    seconds = time.perf_counter() - started
    return {
        "chars": sum(map(len, texts)),
        "sentences": len(sentences),
        "total_s": seconds,
        **peak_memory_mb(),
    }


def peak_memory_mb() -> dict[str, float]:
    """Peak RSS of this process, and of its largest worker (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_main_mb": round(own, 1), "peak_worker_mb": round(worker, 1)}


# ---------------------------------------------------------------- orchestration (parent process)


def measure(*args: str) -> dict[str, Any]:
    """Run this script in a fresh process for one measurement; its last stdout line is JSON."""
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench run {args} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_size(
    size: int, corpus: Path, jobs_list: list[int], work: Path, pipeline: str, ner: bool
) -> list[dict[str, Any]]:
    rows = []
    if ner:
        rows.append({"size": size, "run": "NER alone", "jobs": 1, **measure("--ner-alone", str(corpus))})
    for jobs in jobs_list:
        cache = work / f"cache-{size}-{jobs}"
        shutil.rmtree(cache, ignore_errors=True)
        for run in ("cold", "warm"):
            outcome = measure(
                "--one", str(corpus), "--jobs-one", str(jobs), "--cache", str(cache), "--pipeline", pipeline
            )
            rows.append({"size": size, "run": run, "jobs": jobs, **outcome})
            print(format_row(rows[-1]), flush=True)
        shutil.rmtree(cache, ignore_errors=True)
    return rows


def format_row(row: dict[str, Any]) -> str:
    seconds = row["total_s"]
    articles = row.get("articles", row["size"])
    text = (
        f"{row['size']:>6} {row['run']:<9} jobs={row['jobs']}  {seconds:8.2f} s  "
        f"{row['chars'] / seconds:10,.0f} chars/s  {articles / seconds:8.1f} articles/s  "
        f"peak main {row['peak_main_mb']:7.1f} MB, worker {row['peak_worker_mb']:7.1f} MB"
    )
    if "cached" in row:
        text += f"  cached={row['cached']} failed={row['failed']} export={row['export_sha256']}"
    return text


def format_stages(row: dict[str, Any]) -> list[str]:
    """Per-stage seconds (summed over workers), share, and characters per second of that stage."""
    stages = dict(row["stage_seconds"], assemble=row["assemble_s"], export_json=row["export_s"])
    total = sum(stages.values()) or 1.0
    return [
        f"    {stage:<12} {seconds:8.2f} s {100 * seconds / total:5.1f}%  "
        f"{row['chars'] / seconds if seconds else float('inf'):12,.0f} chars/s"
        for stage, seconds in sorted(stages.items(), key=lambda kv: -kv[1])
    ]


def summarise(rows: list[dict[str, Any]]) -> list[str]:
    fewest = min((r["jobs"] for r in rows if r["run"] == "cold"), default=1)
    lines = ["", f"== per stage (cold, jobs={fewest}; seconds summed over workers) =="]
    for row in rows:
        if row["run"] == "cold" and row["jobs"] == fewest:
            lines += [f"  size {row['size']}:", *format_stages(row)]
    lines += ["", "== targets =="]
    for size in sorted({r["size"] for r in rows}):
        lines += targets_for(size, [r for r in rows if r["size"] == size])
    lines += scaling(rows)
    return lines


def targets_for(size: int, rows: list[dict[str, Any]]) -> list[str]:
    def find(run: str, jobs: int) -> dict[str, Any] | None:
        return next((r for r in rows if r["run"] == run and r["jobs"] == jobs), None)

    lines = []
    cold1, cold2, warm1, ner = find("cold", 1), find("cold", 2), find("warm", 1), find("NER alone", 1)
    if cold1 and ner:
        share = (cold1["chars"] / cold1["total_s"]) / (ner["chars"] / ner["total_s"])
        lines.append(f"  {size}: end-to-end jobs=1 / NER alone = {share:.0%} (target >= 70%)")
    if cold1 and cold2:
        lines.append(
            f"  {size}: jobs=2 speed-up = {cold1['total_s'] / cold2['total_s']:.2f}x (target >= 1.7x)"
        )
    if cold1 and warm1:
        lines.append(
            f"  {size}: warm rebuild = {cold1['total_s'] / warm1['total_s']:.1f}x faster than cold "
            f"(target >= 20x)"
        )
    hashes = {r["export_sha256"] for r in rows if "export_sha256" in r}
    lines.append(f"  {size}: exports identical across jobs and cache: {'yes' if len(hashes) == 1 else 'NO'}")
    peak = max(r["peak_main_mb"] + r["jobs"] * r["peak_worker_mb"] for r in rows if "cached" in r)
    lines.append(f"  {size}: peak memory, main + workers <= {peak:,.0f} MB (target < 2,048 MB at 10,000)")
    return lines


def scaling(rows: list[dict[str, Any]]) -> list[str]:
    """Characters per second at each size: flat means the build scales linearly."""
    lines = ["", "== scaling (chars/s by size; flat = linear) =="]
    for run in ("cold", "warm"):
        for jobs in sorted({r["jobs"] for r in rows if r["run"] == run}):
            cells = [
                f"{r['size']}: {r['chars'] / r['total_s']:,.0f}"
                for r in rows
                if r["run"] == run and r["jobs"] == jobs
            ]
            lines.append(f"  {run} jobs={jobs}: " + "  ".join(cells))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="corpus sizes in articles, e.g. 100,1000")
    parser.add_argument("--jobs", default="1,2", help="worker counts to compare, e.g. 1,2")
    parser.add_argument("--corpora", default=str(DEFAULT_OUT), help="where corpus-<size>/ folders live")
    parser.add_argument(
        "--pipeline",
        choices=PIPELINES,
        default="full",
        help="full: every stage; segment: clean + sentences + LAC only",
    )
    parser.add_argument("--no-ner", action="store_true", help="skip the NER-alone baseline")
    parser.add_argument("--json", help="also write every measurement to this file")
    # Internal: one measurement in a fresh process.
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--jobs-one", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--cache", help=argparse.SUPPRESS)
    parser.add_argument("--ner-alone", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_build(Path(args.one), args.jobs_one, Path(args.cache), args.pipeline)))
        return 0
    if args.ner_alone:
        print(json.dumps(run_ner_alone(Path(args.ner_alone))))
        return 0
    return run_all(args)


def run_all(args: argparse.Namespace) -> int:
    sizes, jobs_list = parse_sizes(args.sizes), parse_sizes(args.jobs)
    out = Path(args.corpora)
    missing = [s for s in sizes if not (out / f"corpus-{s}").is_dir()]
    if missing:
        if not (SHARED / "corpora").is_dir():
            print(f"bench: no corpora under {out} and no {SHARED}/corpora to make them", file=sys.stderr)
            return 1
        make_corpora(missing, out)
    print(f"pipeline={args.pipeline}; corpora under {out}; one fresh process per run")
    rows = []
    for size in sizes:
        rows += bench_size(size, out / f"corpus-{size}", jobs_list, out, args.pipeline, not args.no_ner)
        ner = next((r for r in rows if r["size"] == size and r["run"] == "NER alone"), None)
        if ner:
            print(format_row(ner), flush=True)
    print("\n".join(summarise(rows)))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
