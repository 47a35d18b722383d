"""Corpus build: stream articles through the per-article pipeline and report.

Parallelism and the per-article cache plug in here; the per-article work
(``pipeline.process_article``) and the merge stay the same.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import networkx as nx

from .export.atomic import atomic_write_text
from .model import InputFailure, RawArticle
from .pipeline import BuildResult, mark_duplicates, run_corpus

__all__ = ["build_corpus", "write_report", "build_report"]


def build_corpus(inputs: Sequence[str], *, jobs: int = 1, use_cache: bool = False,
                 cache_dir: Path | None = None, progress: bool = False,
                 only: set[str] | None = None) -> BuildResult:
    """Read, process and de-duplicate every article of ``inputs``."""
    from .ingest import iter_articles

    items: Iterable[RawArticle | InputFailure] = iter_articles(inputs)
    if only is not None:
        items = (i for i in items if isinstance(i, InputFailure) or i.doc_id in only)
    bar = _progress_bar() if progress else None
    result = run_corpus(items, progress=(lambda _: bar.update(1)) if bar else None)
    if bar:
        bar.close()
    result.records = mark_duplicates(result.records)
    return result


def _progress_bar():
    from tqdm import tqdm

    # disable=None: shown on a terminal, silent in logs and CI.
    return tqdm(unit="article", file=sys.stderr, disable=None, mininterval=0.5, leave=False)


def build_report(result: BuildResult, G: nx.MultiDiGraph, *, seconds: float) -> dict[str, Any]:
    files: list[dict[str, Any]] = []
    for record in result.records:
        doc = record.document
        files.append({
            "path": doc.source_path, "doc": doc.doc_id, "status": "ok",
            "duplicates": list(doc.also_from),
            "entities": dict(sorted(Counter(e.type.value for e in record.entities).items())),
            "relations": dict(sorted(Counter(r.relation.value for r in record.relations).items())),
            "removed": dict(sorted(Counter(r.rule for r in doc.removed).items())),
        })
    for failure in result.failures:
        files.append({"path": failure.source_path, "status": "failed", "code": failure.code,
                      "error": failure.reason})
    files.sort(key=lambda f: f["path"])
    chars = sum(len(r.document.text) for r in result.records)
    return {
        "files": files,
        "totals": {
            "articles": len(result.records), "failed": len(result.failures),
            "entities": G.number_of_nodes(), "relations": G.number_of_edges(),
            "entities_by_type": dict(sorted(Counter(t for _, t in G.nodes(data="type")).items())),
            "relations_by_type": dict(sorted(Counter(r for *_, r in G.edges(data="relation")).items())),
            "removed_by_rule": dict(sorted(sum((Counter(f.get("removed", {})) for f in files), Counter()).items())),
            "characters": chars,
        },
        # Timings vary run to run; they live only in the report, never in the graph exports.
        "timings": {"seconds_total": round(seconds, 3), "cached_articles": result.cached,
                    "seconds_per_stage": {k: round(v, 3) for k, v in sorted(result.timings.items())}},
    }


def write_report(result: BuildResult, G: nx.MultiDiGraph, path: Path, *, seconds: float) -> Path:
    report = build_report(result, G, seconds=seconds)
    return atomic_write_text(path, json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
