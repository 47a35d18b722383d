"""Benchmark the explorer page: time to interactive in headless Chromium.

Two pages: a 2,000-node synthetic graph drawn whole (target: interactive < 1 s after
navigation starts), and a graph of 10,000 articles capped at the default 1,500 nodes
(target: < 3 s).  "Interactive" is the page's own ``kgReadyAt``: performance.now() when
vis-network has drawn the first frame with every control wired up (navigation start = 0).
Each page is opened ``--runs`` times in one browser; the median and the best are printed,
with the Python time to build the page and its size.

Usage:  .venv/bin/python bench/bench_html.py [--runs 5] [--out DIR]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser_util import Browser  # noqa: E402
from test_html import evidence, synthetic_graph  # noqa: E402

from graph.export.html import DEFAULT_MAX_NODES, write_html  # noqa: E402


def graph_of_articles(articles: int, nodes: int, seed: int = 2):
    """The synthetic news graph, its mentions and evidence spread over ``articles`` articles."""
    rng = random.Random(seed)
    G = synthetic_graph(nodes, seed=seed)
    docs = [f"a{i:05d}" for i in range(articles)]
    sources = ["新华日报", "苏州日报", "人民日报", "吴江日报", "姑苏晚报"]
    G.graph["articles"] = {
        doc: {
            "title": f"第{i}篇报道：基层治理",
            "date": f"20{15 + i % 10}-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
            "source": sources[i % len(sources)],
        }
        for i, doc in enumerate(docs)
    }
    for node in G:
        G.nodes[node]["articles"] = sorted(rng.sample(docs, rng.randint(1, 4)))
    for *_, attrs in G.edges(data=True):
        attrs["evidence"] = [
            evidence(rng.choice(docs), e["sentence"], e["confidence"]) for e in attrs["evidence"]
        ]
    return G


def measure(browser: Browser, path: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        browser.open(path, ready="window.kgReady === true")
        times.append(float(browser.evaluate("window.kgReadyAt")))
    return times


def report(name: str, build_s: float, path: Path, times: list[float], target_ms: float) -> None:
    median = statistics.median(times)
    verdict = "ok" if median < target_ms else "OVER TARGET"
    print(
        f"{name}: built in {build_s:.1f} s, {path.stat().st_size / 1e6:.1f} MB; interactive "
        f"median {median:.0f} ms, best {min(times):.0f} ms over {len(times)} runs "
        f"(target < {target_ms:.0f} ms: {verdict})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None, help="keep the pages here")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="kg-bench-html-"))
    out.mkdir(parents=True, exist_ok=True)
    cases = [
        ("2,000-node page", lambda: synthetic_graph(2000), 2000, 1000.0),
        (
            "10,000-article page (capped)",
            lambda: graph_of_articles(10_000, 12_000),
            DEFAULT_MAX_NODES,
            3000.0,
        ),
    ]
    pages = []
    for name, make, max_nodes, target in cases:
        G = make()
        started = time.perf_counter()
        path = write_html(G, out / f"{name.split()[0].replace(',', '')}.html", max_nodes=max_nodes)[0]
        pages.append((name, time.perf_counter() - started, path, target))
    with Browser() as browser:
        for name, build_s, path, target in pages:
            report(name, build_s, path, measure(browser, path, args.runs), target)


if __name__ == "__main__":
    main()
