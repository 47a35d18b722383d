"""General-news NER check: LAC alone versus our extractor on the MSRA (SIGHAN 2006) test split.

The domain rules (institution suffixes, quoted programmes, gazetteer) must not make
general news worse.  Each MSRA sentence is one document (no article context).
Our mentions map Person -> PER, Place -> LOC, Organisation -> ORG; programmes are
ignored.  MSRA is flat, so of our nested mentions (苏州市 inside 苏州市委) only the
outermost are kept, longest first, and a place span that starts with its parent
place counts as the child alone (山东安丘市: MSRA tags 山东 and 安丘市).  Scoring is exact-span, entity level.

    python bench/ner_msra.py                      # whole file (3,442 sentences)
    python bench/ner_msra.py --limit 500          # the first 500 sentences
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.entities import extract_mentions  # noqa: E402
from graph.model import Document, EntityType  # noqa: E402
from graph.resolve import resolve_document  # noqa: E402
from graph.segment import load_lac, split_sentences, tokenize  # noqa: E402

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "msra" / "msra_test_bio.txt"
TYPES = ("PER", "LOC", "ORG")
OURS = {EntityType.PERSON: "PER", EntityType.PLACE: "LOC", EntityType.ORGANISATION: "ORG"}
Span = tuple[str, int, int]


def read_bio(path: Path) -> list[tuple[str, set[Span]]]:
    """Sentences as (text, {(type, start, end)}) from a char<TAB>tag file."""
    sentences, chars, tags = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if chars:
                sentences.append(("".join(chars), spans_of(tags)))
            chars, tags = [], []
            continue
        char, _, tag = line.partition("\t")
        chars.append(char[:1] or " ")
        tags.append(tag.strip() or "O")
    return sentences


def spans_of(tags: list[str]) -> set[Span]:
    spans, start, kind = set(), None, None
    for i, tag in enumerate(tags + ["O"]):
        if start is not None and not tag.startswith("I-"):
            spans.add((kind, start, i))
            start = None
        if tag.startswith("B-"):
            start, kind = i, tag[2:]
    return spans


def lac_spans(texts: list[str]) -> list[set[Span]]:
    out = []
    for words in load_lac().run(texts):
        spans, pos = set(), 0
        for word, tag in words:
            if tag in TYPES:
                spans.add((tag, pos, pos + len(word)))
            pos += len(word)
        out.append(spans)
    return out


def our_spans(text: str) -> set[Span]:
    """Spans of the mentions that end up in resolved entities (what the graph keeps)."""
    doc = Document("msra", "msra", text)
    sentences = split_sentences(text)
    mentions = extract_mentions(doc, sentences, tokenize(sentences))
    kept_ids = {id(m) for e in resolve_document(doc, mentions, sentences) for _, m in e.mentions}
    mentions = [m for m in mentions if id(m) in kept_ids]
    spans = {(m.start, m.end, OURS[m.type]) for m in mentions if m.type in OURS}
    places = [(s, e) for s, e, kind in spans if kind == "LOC"]
    # 山东安丘市 is our alias form of 安丘市 with its parent: MSRA tags the parts
    spans = {_child_part(s, e, places) if kind == "LOC" else (s, e, kind) for s, e, kind in spans}
    kept: list[tuple[int, int, str]] = []
    for s, e, kind in sorted(spans, key=lambda x: (x[0] - x[1], x[0])):
        if not any(ks < e and s < ke for ks, ke, _ in kept):
            kept.append((s, e, kind))
    return {(kind, s, e) for s, e, kind in kept}


def _child_part(start: int, end: int, places: list[tuple[int, int]]) -> tuple[int, int, str]:
    parent = max((e for s, e in places if s == start and e < end - 1), default=None)
    return (parent, end, "LOC") if parent is not None else (start, end, "LOC")


def score(gold: list[set[Span]], pred: list[set[Span]]) -> dict[str, tuple[float, float, float]]:
    table = {}
    for kind in (*TYPES, "ALL"):
        keep = (lambda s: True) if kind == "ALL" else (lambda s, k=kind: s[0] == k)
        tp = sum(len({s for s in g if keep(s)} & {s for s in p if keep(s)}) for g, p in zip(gold, pred))
        n_pred = sum(len([s for s in p if keep(s)]) for p in pred)
        n_gold = sum(len([s for s in g if keep(s)]) for g in gold)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table[kind] = (precision, recall, f1)
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=0, help="only the first N sentences")
    args = parser.parse_args(argv)
    if not args.path.is_file():
        print(f"MSRA file not found: {args.path}", file=sys.stderr)
        return 1
    data = read_bio(args.path)[: args.limit or None]
    texts, gold = [t for t, _ in data], [g for _, g in data]
    started = time.perf_counter()
    lac = lac_spans(texts)
    lac_seconds = time.perf_counter() - started
    started = time.perf_counter()
    ours = [our_spans(t) for t in texts]
    our_seconds = time.perf_counter() - started
    print(f"MSRA test: {len(texts)} sentences, {sum(map(len, texts))} chars, {sum(map(len, gold))} entities")
    print(f"{'system':10} {'type':4} {'P':>6} {'R':>6} {'F1':>6}")
    for name, pred in (("LAC", lac), ("ours", ours)):
        for kind, (p, r, f) in score(gold, pred).items():
            print(f"{name:10} {kind:4} {p:6.3f} {r:6.3f} {f:6.3f}")
    print(f"time: LAC {lac_seconds:.1f}s, ours {our_seconds:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
