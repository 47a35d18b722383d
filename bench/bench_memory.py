"""Peak memory of a whole `kg build` as a user runs it: main process + workers, every export.

Runs ``kg build CORPUS --jobs N`` (Turtle, HTML and JSON by default) in a
subprocess and samples the resident memory of its whole process tree every
0.2 s, so the figure is what the machine had to hold at the worst moment,
workers included.  Prints wall time, the peak of the tree and of the main
process, and the build's own per-stage timings from its report.

    python bench/bench_memory.py /tmp/kg-bench/corpus-10000 --jobs 2
    python bench/bench_memory.py /tmp/kg-bench/corpus-10000 --jobs 2 --cache-dir /tmp/c   # then warm
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0  # the process ended between listing and reading


def children_of() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as handle:
                # "pid (comm) state ppid ...": comm may hold spaces, so split after the last ')'.
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def tree_rss_kb(root: int) -> tuple[int, int]:
    """(RSS of root and all its descendants, RSS of root alone), in KiB."""
    tree, total, stack = children_of(), 0, [root]
    while stack:
        pid = stack.pop()
        total += rss_kb(pid)
        stack.extend(tree.get(pid, ()))
    return total, rss_kb(root)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", help="export folder (default: a temporary folder)")
    parser.add_argument("--cache-dir", help="cache folder (default: none used, a cold build)")
    parser.add_argument("--kg", default=str(Path(sys.executable).with_name("kg")), help="the kg command")
    args = parser.parse_args()
    out = Path(args.out or tempfile.mkdtemp(prefix="bench-memory-"))
    command = [
        args.kg,
        "build",
        args.corpus,
        "-o",
        str(out),
        "--name",
        "bench",
        "--jobs",
        str(args.jobs),
        "--quiet",
    ]
    command += (
        ["--cache-dir", args.cache_dir] if args.cache_dir else ["--no-cache", "--cache-dir", str(out / "c")]
    )
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_total = peak_main = 0
    while process.poll() is None:
        total, main_kb = tree_rss_kb(process.pid)
        peak_total, peak_main = max(peak_total, total), max(peak_main, main_kb)
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    stdout, stderr = process.communicate()
    if process.returncode not in (0, 1):
        print(stderr[-2000:], file=sys.stderr)
        return process.returncode
    report = json.loads((out / "bench.report.json").read_text(encoding="utf-8"))
    totals, timings = report["totals"], report["timings"]
    print(f"{' '.join(command)}")
    print(
        f"  articles {totals['articles']:,}  characters {totals['characters']:,}  "
        f"entities {totals['entities']:,}  relations {totals['relations']:,}  failed {totals['failed']}"
    )
    print(
        f"  wall {seconds:.1f} s  {totals['characters'] / seconds:,.0f} chars/s  "
        f"{totals['articles'] / seconds:.1f} articles/s  cached {timings['cached_articles']:,}"
    )
    print(
        f"  peak RSS: whole process tree {peak_total / 1024:,.0f} MB, main process {peak_main / 1024:,.0f} MB"
    )
    print(
        "  stage seconds (summed over workers): "
        + ", ".join(f"{stage} {value:.1f}" for stage, value in sorted(timings["seconds_per_stage"].items()))
    )
    for path in sorted(out.glob("bench.*")):
        print(f"  {path.name:<20} {path.stat().st_size / 1e6:8.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
