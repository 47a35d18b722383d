"""Bytes of Turtle per byte of article text, with and without mentions, and the same answers.

Builds each corpus once (the per-article cache of the output folder is used), writes the
Turtle without mentions (the default) and with ``--mentions``, and prints for each: its
size, bytes per byte of UTF-8 article text, and whether every canned query answers the same
on both (mentions change no answer).

    .venv/bin/python bench/bench_turtle_size.py ../shared/seeds ../shared/corpora/dangjian
    .venv/bin/python bench/bench_turtle_size.py /tmp/kg-bench/corpus-1000 --out /tmp/kg-bench/ttl
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.corpus.build import build_corpus  # noqa: E402
from graph.export.turtle import write_turtle  # noqa: E402
from graph.ingest import iter_articles  # noqa: E402
from graph.model import RawArticle  # noqa: E402
from graph.tools.query import canned_queries, run_query  # noqa: E402


def article_bytes(inputs: list[str]) -> int:
    return sum(len(a.text.encode("utf-8")) for a in iter_articles(inputs) if isinstance(a, RawArticle))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--out", default="/tmp/kg-bench/turtle-size")
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    text = article_bytes(args.inputs)
    started = time.perf_counter()
    result = build_corpus(args.inputs, jobs=args.jobs, cache_dir=out / ".kgcache", progress=False)
    G = result.graph("size")
    print(
        f"{result.articles} articles, {text:,} bytes of text, built in {time.perf_counter() - started:.1f} s"
    )
    paths = {}
    for mentions in (False, True):
        path = write_turtle(G, out / f"size{'-mentions' if mentions else ''}.ttl", mentions=mentions)[0]
        paths[mentions] = path
        size = path.stat().st_size
        print(f"mentions={'on ' if mentions else 'off'}  {size:>12,} bytes  {size / text:.2f} bytes per byte")
    # Oxigraph stores (kg query --store): rdflib would parse each file once per query.
    same = all(
        set(run_query(paths[False], name, store_dir=out / "store").rows)
        == set(run_query(paths[True], name, store_dir=out / "store-mentions").rows)
        for name in sorted(canned_queries())
    )
    print(f"canned queries answer the same with and without mentions: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
