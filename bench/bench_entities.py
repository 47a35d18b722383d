"""Throughput of entity extraction alone: sentences + LAC tokens + mentions + resolution.

Articles are cleaned first (not timed); then each stage is timed over all of them,
after one warm-up article so model loading is not counted.

    python bench/bench_entities.py                         # seeds and dangjian from ../shared
    python bench/bench_entities.py some/folder --repeat 3
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.clean import clean_article  # noqa: E402
from graph.entities import extract_mentions  # noqa: E402
from graph.errors import KGError  # noqa: E402
from graph.model import Document, RawArticle  # noqa: E402
from graph.resolve import resolve_document  # noqa: E402
from graph.segment import split_sentences, tokenize  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEFAULT_DIRS = (SHARED / "seeds", SHARED / "corpora" / "dangjian")


def load_documents(folder: Path) -> list[Document]:
    documents = []
    for path in sorted(folder.glob("*.txt")):
        try:
            documents.append(
                clean_article(RawArticle(path.stem, str(path), path.read_text(encoding="utf-8")))
            )
        except KGError as error:
            print(f"skipped {path.name}: {error.reason}", file=sys.stderr)
    return documents


def time_stages(documents: list[Document]) -> dict[str, float]:
    seconds = {"segment": 0.0, "mentions": 0.0, "resolve": 0.0}
    for doc in documents:
        started = time.perf_counter()
        sentences = split_sentences(doc.text)
        tokens = tokenize(sentences)
        after_segment = time.perf_counter()
        mentions = extract_mentions(doc, sentences, tokens)
        after_mentions = time.perf_counter()
        resolve_document(doc, mentions, sentences)
        seconds["segment"] += after_segment - started
        seconds["mentions"] += after_mentions - after_segment
        seconds["resolve"] += time.perf_counter() - after_mentions
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=list(DEFAULT_DIRS))
    parser.add_argument("--repeat", type=int, default=1, help="timed passes (the best is kept)")
    args = parser.parse_args(argv)
    print(
        f"{'corpus':12} {'docs':>5} {'chars':>8} {'segment s':>10} {'mentions s':>10} {'resolve s':>10} "
        f"{'chars/s':>9}"
    )
    for folder in args.folders:
        documents = load_documents(folder)
        if not documents:
            print(f"{folder.name:12} no articles")
            continue
        time_stages(documents[:1])  # warm-up: load LAC, jieba, the gazetteer
        best = min(
            (time_stages(documents) for _ in range(max(1, args.repeat))), key=lambda s: sum(s.values())
        )
        chars = sum(len(d.text) for d in documents)
        total = sum(best.values())
        print(
            f"{folder.name:12} {len(documents):5d} {chars:8d} {best['segment']:10.2f} "
            f"{best['mentions']:10.2f} "
            f"{best['resolve']:10.2f} {chars / total:9.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
