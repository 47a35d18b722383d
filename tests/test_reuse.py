"""A rebuild of an unchanged corpus reuses the last build's exports (``corpus.reuse``), and only then."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_util import article, exports

from graph.tools.cli import main


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for number in range(4):
        (folder / f"a{number}.txt").write_text(article(number), encoding="utf-8")
    return folder


def _build(corpus: Path, out: Path, *options: str) -> dict:
    assert main(["build", str(corpus), "-o", str(out), "--name", "t", "--quiet", *options]) == 0
    return json.loads((out / "t.report.json").read_text(encoding="utf-8"))


def _reused(report: dict) -> bool:
    return report["timings"]["seconds_per_stage"] == {}


def test_an_unchanged_rebuild_reuses_the_exports_and_reports_the_same(corpus, tmp_path):
    first = _build(corpus, tmp_path / "out")
    again = _build(corpus, tmp_path / "out")
    assert not _reused(first) and _reused(again)
    assert again["timings"]["cached_articles"] == again["totals"]["articles"] == 4
    del first["timings"], again["timings"]
    assert again == first


def test_a_rebuild_into_another_folder_gets_copies_of_the_same_bytes(corpus, tmp_path):
    cache = ["--cache-dir", str(tmp_path / "cache")]
    _build(corpus, tmp_path / "one", *cache)
    assert _reused(_build(corpus, tmp_path / "two", *cache))
    assert exports(tmp_path / "two", "t") == exports(tmp_path / "one", "t")


def test_a_changed_article_a_new_one_or_another_option_builds_again(corpus, tmp_path):
    out = tmp_path / "out"
    _build(corpus, out)
    (corpus / "a1.txt").write_text(article(9), encoding="utf-8")
    changed = _build(corpus, out)
    assert not _reused(changed) and changed["timings"]["cached_articles"] == 3
    (corpus / "a5.txt").write_text(article(5), encoding="utf-8")
    assert not _reused(_build(corpus, out)) and _reused(_build(corpus, out))
    assert not _reused(_build(corpus, out, "--max-nodes", "50"))
    assert not _reused(_build(corpus, out, "--no-cache")) and not _reused(_build(corpus, out, "--no-cache"))


def test_an_export_changed_or_gone_since_is_written_again_not_trusted(corpus, tmp_path):
    out = tmp_path / "out"
    _build(corpus, out)
    expected = exports(out, "t")
    (out / "t.ttl").write_text("edited by hand", encoding="utf-8")
    assert not _reused(_build(corpus, out))  # its only copy was edited: built again
    assert exports(out, "t") == expected
    (out / "t.json").unlink()
    assert not _reused(_build(corpus, out))  # gone: built again
    assert exports(out, "t") == expected
    assert _reused(_build(corpus, out))


def test_a_reused_build_imports_no_exporter_and_no_model(corpus, tmp_path):
    _build(corpus, tmp_path / "out")
    args = ["build", str(corpus), "-o", str(tmp_path / "out"), "--name", "t", "--quiet"]
    code = (
        "import json, sys; from graph.tools.cli import main; code = main(sys.argv[1:]); "
        "heavy = ('networkx', 'rdflib', 'pyvis', 'numpy', 'onnxruntime', 'jieba', "
        "'graph.entities', 'graph.assemble', 'graph.export.html'); "
        "print(json.dumps([code, [m for m in heavy if m in sys.modules]]))"
    )
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [0, []]


def test_input_from_stdin_is_never_reused(tmp_path):
    from graph.corpus.reuse import build_key

    assert build_key(["-"], {}) is None
    assert build_key([str(tmp_path)], {}) == build_key([str(tmp_path)], {})
    assert build_key([str(tmp_path)], {"name": "a"}) != build_key([str(tmp_path)], {"name": "b"})


def test_kg_cache_counts_and_clears_the_remembered_builds(corpus, tmp_path):
    from graph.corpus.cache import cache_info, clear_cache

    out = tmp_path / "out"
    _build(corpus, out)
    cache = out / ".kgcache"
    assert len(list((cache / "builds").glob("*.json"))) == 1
    assert cache_info(cache).entries == 4 + 1  # the articles' records, and the build
    clear_cache(cache)
    assert not (cache / "builds").exists() and cache_info(cache).entries == 0
    assert not _reused(_build(corpus, out))


def test_a_file_name_that_is_not_utf_8_is_keyed_and_reused(tmp_path):
    import os

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(article(1), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(folder), "-o", str(out), "--name", "t", "--quiet"]) == 0
    assert _reused(json.loads((out / "t.report.json").read_text(encoding="utf-8"))) is False
    assert _reused(_build(folder, out))


def test_an_output_folder_whose_name_is_not_utf_8_is_remembered_and_reused(corpus, tmp_path):
    import os

    out = tmp_path / os.fsdecode(b"out-\xff")
    _build(corpus, out)
    assert _reused(_build(corpus, out))
    assert _reused(_build(corpus, tmp_path / "elsewhere", "--cache-dir", str(out / ".kgcache")))
