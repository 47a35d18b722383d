"""The per-article pipeline: failures become reports, duplicates are kept once."""

from __future__ import annotations

from graph import pipeline
from graph.corpus import dedup
from graph.errors import EmptyInputError
from graph.model import Document, DocumentMeta, ExtractionRecord, InputFailure, RawArticle


def test_a_library_error_becomes_an_input_failure_with_its_reason(monkeypatch):
    def refuse(raw):
        raise EmptyInputError("nothing left after cleaning: only page furniture")

    monkeypatch.setattr(pipeline, "process_article", refuse)
    outcome = pipeline.safe_process(RawArticle("a", "/in/a.txt", "x"))
    assert isinstance(outcome, InputFailure)
    assert outcome.source_path == "/in/a.txt" and outcome.code == "E101"
    assert "page furniture" in outcome.reason


def test_an_unexpected_error_is_reported_with_its_type_not_raised(monkeypatch):
    monkeypatch.setattr(pipeline, "process_article", lambda raw: 1 / 0)
    outcome = pipeline.safe_process(RawArticle("a", "/in/a.txt", "x"))
    assert isinstance(outcome, InputFailure) and "ZeroDivisionError" in outcome.reason


def _refuse_bad(raw):
    if raw.doc_id == "bad":
        raise EmptyInputError("empty")
    return ExtractionRecord(Document(raw.doc_id, raw.source_path, raw.text), (), ())


def test_a_build_keeps_going_after_a_failure():
    from graph.corpus.build import build_articles

    items = [
        RawArticle("a", "a.txt", "x"),
        RawArticle("bad", "bad.txt", ""),
        InputFailure("c.bin", "binary file"),
        RawArticle("d", "d.txt", "y"),
    ]
    result = build_articles(items, jobs=1, process=_refuse_bad, keep_records=True)
    assert [r.document.doc_id for r in result.records] == ["a", "d"]
    assert [f.source_path for f in result.failures] == ["bad.txt", "c.bin"]


def test_identical_bodies_are_kept_once_with_both_sources():
    def record(doc_id, text):
        doc = Document(doc_id, f"/in/{doc_id}.txt", text, DocumentMeta(), content_hash=f"h:{text}")
        return ExtractionRecord(doc, (), ())

    kept = dedup.mark_duplicates([record("b", "同一篇"), record("a", "同一篇"), record("c", "另一篇")])
    assert [r.document.doc_id for r in kept] == ["a", "c"]
    assert kept[0].document.also_from == ("/in/b.txt",)


def test_bodies_differing_only_in_spacing_and_punctuation_width_are_one_story():
    def record(doc_id, text):
        return ExtractionRecord(Document(doc_id, f"/in/{doc_id}.txt", text), (), ())

    kept = dedup.mark_duplicates(
        [record("x", "吴江区召开会议，部署工作。"), record("y", "吴江区召开会议, 部署工作.")]
    )
    assert [r.document.doc_id for r in kept] == ["x"] and kept[0].document.also_from == ("/in/y.txt",)


def test_the_cli_and_each_worker_run_the_cyclic_collector_rarely(tmp_path):
    import gc

    from graph.corpus.build import load_models
    from graph.tools.cli import main

    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        main(["cache", "info", "--cache-dir", str(tmp_path / "none")])  # any command: a missing folder
        assert gc.get_threshold()[0] == pipeline.COLLECTOR_THRESHOLD
        gc.set_threshold(700, 10, 10)
        load_models()  # what a worker runs first
        assert gc.get_threshold()[0] == pipeline.COLLECTOR_THRESHOLD
    finally:
        gc.set_threshold(*before)
