"""Corpus builds: parallel equals serial byte for byte, the cache hits and invalidates, failures stay local.

A stand-in per-article function (top level, so worker processes can import
it) keeps these tests fast; it finds place names ending in 市/区/村 and links
consecutive ones.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph import pipeline
from graph.assemble import assemble_graph
from graph.corpus.build import build_articles, build_corpus
from graph.corpus.cache import ArticleCache
from graph.errors import InputError
from graph.export.nodelink import to_node_link_json
from graph.model import (
    Document,
    DocumentMeta,
    Entity,
    EntityType,
    Evidence,
    ExtractionRecord,
    InputFailure,
    Mention,
    RawArticle,
    Relation,
    RelationType,
)

PLACE = re.compile(r"[\u4e00-\u9fff]{1,3}?[市区村]")


def standin_process(raw: RawArticle) -> ExtractionRecord:
    if "坏稿" in raw.text:
        raise InputError(f"{raw.source_path}: unreadable stand-in article")
    if "崩溃" in raw.text:
        raise RuntimeError("stand-in bug")
    text = raw.text.strip()
    document = Document(
        raw.doc_id, raw.source_path, text, DocumentMeta(title=text[:4]), content_hash=str(hash_text(text))
    )
    found = [m for m in PLACE.finditer(text)]
    entities = tuple(
        Entity(
            f"place:{m.group()}",
            m.group(),
            EntityType.PLACE,
            mentions=((raw.doc_id, Mention(m.start(), m.end(), m.group(), EntityType.PLACE)),),
        )
        for m in found
    )
    relations = tuple(
        Relation(
            f"place:{a.group()}",
            RelationType.LOCATED_IN,
            f"place:{b.group()}",
            evidence=(Evidence(raw.doc_id, a.start(), b.end(), text, "stand-in", 0.5),),
        )
        for a, b in zip(found, found[1:])
    )
    return ExtractionRecord(document, entities, relations, (("entities", 0.001),), pipeline.EXTRACTOR_VERSION)


def hash_text(text: str) -> int:
    # A stable stand-in for clean.content_hash (str hash() is salted per process).
    return sum((i + 1) * ord(c) for i, c in enumerate(text))


TEXTS = [
    "苏州市吴江区莫舍村开展活动。",
    "杭州市西湖区召开会议。",
    "成都市武侯区和玉林村结对。",
    "苏州市吴江区莫舍村开展活动。",
    "坏稿",
    "没有地名的一篇。",
    "昆山市崩溃",
    "无锡市滨湖区。",
]


def _articles(texts=TEXTS) -> list[RawArticle | InputFailure]:
    items: list[RawArticle | InputFailure] = [
        RawArticle(f"d{i:02d}", f"in/d{i:02d}.txt", text) for i, text in enumerate(texts)
    ]
    items.insert(3, InputFailure("in/broken.bin", "not text", "E100"))
    return items


def _build(tmp_path: Path | None = None, items=None, **options):
    options.setdefault("keep_records", True)
    return build_articles(
        items if items is not None else _articles(), process=standin_process, cache_dir=tmp_path, **options
    )


def _exported(result) -> str:
    return to_node_link_json(result.graph("t"))


@pytest.fixture(scope="module")
def serial():
    return _build()


def test_two_workers_give_exactly_the_serial_records_failures_and_export(serial):
    parallel = _build(jobs=2)
    assert parallel.records == serial.records
    assert parallel.failures == serial.failures
    assert _exported(parallel) == _exported(serial)
    assert len(serial.records) == 5 and len(serial.failures) == 3


def test_a_failing_article_is_reported_and_the_rest_are_built(serial):
    failures = {f.source_path: f for f in serial.failures}
    assert failures["in/d04.txt"].code == "E100" and "unreadable" in failures["in/d04.txt"].reason
    assert failures["in/d06.txt"].code == "E999" and "RuntimeError" in failures["in/d06.txt"].reason
    assert failures["in/broken.bin"].reason == "not text"
    assert {r.document.doc_id for r in serial.records} == {"d00", "d01", "d02", "d05", "d07"}


def test_identical_bodies_are_merged_with_the_other_source_listed(serial):
    first = next(r for r in serial.records if r.document.doc_id == "d00")
    assert first.document.also_from == ("in/d03.txt",)


def test_second_build_is_served_from_the_cache_with_the_same_export(tmp_path):
    cold = _build(tmp_path, use_cache=True)
    warm = _build(tmp_path, use_cache=True, jobs=2)
    assert cold.cached == 0 and warm.cached == 6  # six articles extracted (d03 is d00's duplicate)
    assert warm.records == cold.records and _exported(warm) == _exported(cold)
    assert "entities" not in warm.timings  # nothing was extracted again


def test_a_rebuild_served_from_the_cache_starts_no_worker_and_loads_no_model(tmp_path, monkeypatch):
    from graph.corpus.parallel import OrderedMap

    good = _articles([t for t in TEXTS if t not in ("坏稿", "昆山市崩溃")])  # failures are never cached
    _build(tmp_path, items=good, use_cache=True)

    def refuse(self):
        raise AssertionError("a worker pool (and its model warm-up) was started for nothing")

    monkeypatch.setattr(OrderedMap, "_pool", refuse)
    assert _build(tmp_path, items=good, use_cache=True, jobs=2, warm_up=True).cached == 6


def test_changed_text_is_extracted_again(tmp_path):
    _build(tmp_path, use_cache=True)
    edited = _articles([TEXTS[0] + "新增一句。", *TEXTS[1:]])
    again = _build(tmp_path, items=edited, use_cache=True)
    assert again.cached == 5
    assert next(r for r in again.records if r.document.doc_id == "d00").document.text.endswith("新增一句。")


def test_a_new_extractor_version_invalidates_every_entry(tmp_path, monkeypatch):
    _build(tmp_path, use_cache=True)
    monkeypatch.setattr(pipeline, "EXTRACTOR_VERSION", "9.9.9")
    assert _build(tmp_path, use_cache=True).cached == 0


def test_a_corrupt_cache_file_is_recomputed_and_repaired(tmp_path):
    cold = _build(tmp_path, use_cache=True)
    damaged = sorted(tmp_path.rglob("*.json.gz"))[0]
    damaged.write_bytes(b"\x1f\x8b garbage")
    again = _build(tmp_path, use_cache=True)
    assert again.cached == 5 and again.records == cold.records
    assert _build(tmp_path, use_cache=True).cached == 6


def test_no_cache_extracts_everything_but_refreshes_the_cache(tmp_path):
    assert _build(tmp_path, use_cache=False).cached == 0
    assert len(list(tmp_path.rglob("*.json.gz"))) == 6
    assert _build(tmp_path, use_cache=True).cached == 6


def test_no_cache_dir_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _build(None, use_cache=True).cached == 0
    assert not list(tmp_path.iterdir())


def test_an_unwritable_cache_costs_speed_not_the_build(tmp_path, monkeypatch):
    def refuse(*_args):
        raise PermissionError("read-only")

    monkeypatch.setattr(ArticleCache, "put", refuse)
    assert len(_build(tmp_path, use_cache=True).records) == 5


def test_the_streamed_graph_is_the_graph_of_the_kept_records(serial):
    again = _build()
    assert _exported(again) == to_node_link_json(assemble_graph(serial.records, name="t"))


def test_a_build_keeps_no_records_unless_asked_but_counts_and_reports_them(tmp_path):
    from graph.corpus.build import build_report

    slim = _build(keep_records=False)
    assert slim.records is None
    assert slim.articles == 5 and slim.characters == sum(len(t) for t in TEXTS) - len(TEXTS[3]) - 2 - 5
    G = slim.graph("t")
    report = build_report(slim, G, seconds=1.0)
    rows = {f["path"]: f for f in report["files"]}
    assert rows["in/d00.txt"]["duplicates"] == ["in/d03.txt"] and "in/d03.txt" not in rows
    assert rows["in/d00.txt"]["entities"] == {"Place": 3} and rows["in/d06.txt"]["status"] == "failed"
    assert report["totals"]["articles"] == 5 and report["totals"]["entities"] == G.number_of_nodes()


@pytest.mark.parametrize("order", [[0, 1, 2], [2, 1, 0], [1, 2, 0]])
def test_the_smallest_id_copy_is_kept_whichever_arrives_first(order):
    text = "苏州市吴江区莫舍村开展活动。"
    copies = [RawArticle(doc_id, f"in/{doc_id}.txt", text) for doc_id in ("a", "b", "c")]
    others = [RawArticle("z", "in/z.txt", "杭州市西湖区召开会议。")]
    result = _build(items=[copies[i] for i in order] + others)
    assert [r.document.doc_id for r in result.records] == ["a", "z"]
    assert result.records[0].document.also_from == ("in/b.txt", "in/c.txt")
    assert [f["duplicates"] for f in result.files if f["doc"] == "a"] == [["in/b.txt", "in/c.txt"]]
    G = result.graph("t")
    assert sorted(G.graph["articles"]) == ["a", "z"]
    assert G.graph["articles"]["a"]["also_from"] == ["in/b.txt", "in/c.txt"]
    assert G.nodes["place:吴江区"]["articles"] == ["a"]
    assert result.articles == 2


def test_build_corpus_reads_files_filters_with_only_and_uses_workers(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate(TEXTS[:3]):
        (folder / f"a{i}.txt").write_text(text, encoding="utf-8")
    serial_run = build_corpus([str(folder)], process=standin_process, keep_records=True)
    parallel_run = build_corpus(
        [str(folder)], process=standin_process, jobs=2, cache_dir=tmp_path / "cache", use_cache=True
    )
    assert [r.document.doc_id for r in serial_run.records] == ["a0", "a1", "a2"]
    assert _exported(parallel_run) == _exported(serial_run)
    only = build_corpus([str(folder)], process=standin_process, only={"a1"}, keep_records=True)
    assert [r.document.doc_id for r in only.records] == ["a1"]


@pytest.mark.slow
def test_real_pipeline_in_two_warmed_workers_exports_what_one_process_does(repo_dir, tmp_path):
    import importlib.util

    if not all(importlib.util.find_spec(f"graph.{m}") for m in ("entities", "resolve", "relations")):
        pytest.skip("the extraction stages are not all present yet")
    demo = str(repo_dir / "graph" / "resources" / "demo")
    serial_run = build_corpus([demo], jobs=1)
    parallel_run = build_corpus([demo], jobs=2, use_cache=True, cache_dir=tmp_path)
    assert not parallel_run.failures and parallel_run.articles
    assert _exported(parallel_run) == _exported(serial_run)
    assert build_corpus([demo], jobs=2, use_cache=True, cache_dir=tmp_path).cached == serial_run.articles


def _pool_started(monkeypatch) -> list[int]:
    from graph.corpus.parallel import OrderedMap

    started = []
    real_pool = OrderedMap._pool
    monkeypatch.setattr(OrderedMap, "_pool", lambda self: started.append(self.jobs) or real_pool(self))
    return started


def test_a_few_short_articles_are_extracted_here_whatever_jobs_asks(monkeypatch):
    started = _pool_started(monkeypatch)
    assert _build(jobs=2).records == _build(jobs=1).records and started == []


def test_the_environment_can_ask_for_the_pool_on_any_amount_of_text(monkeypatch):
    from graph.corpus.build import POOL_CHARACTERS_VARIABLE

    monkeypatch.setenv(POOL_CHARACTERS_VARIABLE, "0")
    started = _pool_started(monkeypatch)
    assert _build(jobs=2).records == _build(jobs=1).records and started and set(started) == {2}


# ---------------------------------------------------------------- batches of articles


def test_articles_extracted_together_give_the_records_of_one_at_a_time(repo_dir):
    articles = _demo_articles(repo_dir)
    broken = RawArticle("broken", "broken.txt", "\x00" * 50)  # fails cleaning (binary), alone
    batch = [*articles[:2], broken, *articles[2:]]
    together = pipeline.process_articles(batch)
    alone = [pipeline.safe_process(raw) for raw in batch]
    assert len(together) == len(batch) and isinstance(together[2], InputFailure)
    assert together[2] == alone[2]
    assert _without_timings(together) == _without_timings(alone)
    assert all(dict(o.timings)["segment"] > 0 for o in together if isinstance(o, ExtractionRecord))


def test_a_batch_closes_at_its_characters_and_the_input_order_is_kept_in_the_report(monkeypatch):
    from graph.corpus import batches, build

    sizes = []
    monkeypatch.setattr(batches, "BATCH_CHARACTERS", 100)
    real_call = build.ArticleTask.__call__
    monkeypatch.setattr(
        build.ArticleTask, "__call__", lambda self, batch: sizes.append(len(batch)) or real_call(self, batch)
    )
    items = [RawArticle(f"a{n}", f"a{n}.txt", f"第{n}个" + "社区" * 29) for n in range(5)]  # 61 characters
    items.insert(3, InputFailure("c.bin", "binary file"))
    result = build_articles(items, process=standin_process, keep_records=True)
    assert sizes == [2, 2, 1]
    assert [f["path"] for f in result.files] == [f"a{n}.txt" for n in range(5)]
    assert [f.source_path for f in result.failures] == ["c.bin"]


def test_an_article_that_kills_its_worker_fails_alone_and_its_batch_is_extracted(monkeypatch):
    from dask_util import KillWorkerOn, cleaned_only

    from graph.corpus.build import POOL_CHARACTERS_VARIABLE

    monkeypatch.setenv(POOL_CHARACTERS_VARIABLE, "0")
    items = [RawArticle(f"a{n}", f"a{n}.txt", f"第{n}个社区开展活动。") for n in range(6)]
    result = build_articles(items, jobs=2, process=KillWorkerOn("a2"), keep_records=True)
    assert [f.source_path for f in result.failures] == ["a2.txt"]
    assert "worker process extracting it died" in result.failures[0].reason
    assert [r.document.doc_id for r in result.records] == ["a0", "a1", "a3", "a4", "a5"]
    assert (
        result.records
        == build_articles(items[:2] + items[3:], process=cleaned_only, keep_records=True).records
    )


def test_if_tagging_a_batch_together_fails_each_article_is_processed_alone(repo_dir, monkeypatch):
    from graph import segment

    articles = _demo_articles(repo_dir)[:3]
    alone = [pipeline.safe_process(raw) for raw in articles]

    real = segment.tokenize_documents

    def broken(documents):  # tagging many documents at once breaks; one at a time still works
        if len(documents) > 1:
            raise RuntimeError("a bug in batched tagging")
        return real(documents)

    monkeypatch.setattr(segment, "tokenize_documents", broken)
    together = pipeline.process_articles(articles)
    assert [o.document for o in together] == [o.document for o in alone]
    assert [o.entities for o in together] == [o.entities for o in alone]


# ---------------------------------------------------------------- LAC's encoder on a second thread


def _demo_articles(repo_dir) -> list[RawArticle]:
    from graph.ingest import iter_articles

    return list(iter_articles([str(repo_dir / "graph" / "resources" / "demo")]))


def _without_timings(outcomes) -> list:
    from dataclasses import replace

    from graph.corpus.record_json import to_json

    return [to_json(replace(o, timings=())) if isinstance(o, ExtractionRecord) else o for o in outcomes]


def _encoder_threads(monkeypatch) -> list[str]:
    """The names of the threads LAC's encoder (``LacTagger.emissions``) runs on, from now on."""
    import threading

    from graph.segment.lac import LacTagger

    names = []
    real = LacTagger.emissions

    def recording(self, texts):
        names.append(threading.current_thread().name)
        return real(self, texts)

    monkeypatch.setattr(LacTagger, "emissions", recording)
    return names


def test_the_encoder_on_its_own_thread_gives_the_records_of_one_thread(repo_dir, monkeypatch):
    import sys

    articles = _demo_articles(repo_dir)
    broken = RawArticle("broken", "broken.txt", "\x00" * 50)  # fails cleaning, alone
    batch = [*articles[:2], broken, *articles[2:]]
    monkeypatch.setattr(pipeline, "OVERLAP_CHARACTERS", 600)  # several parts
    threads = _encoder_threads(monkeypatch)
    switch = sys.getswitchinterval()
    overlapped = pipeline.process_articles(batch, encoder_thread=True)
    assert len(threads) >= 3 and all(name.startswith("lac-encoder") for name in threads)
    assert sys.getswitchinterval() == switch
    assert _without_timings(overlapped) == _without_timings(pipeline.process_articles(batch))
    assert isinstance(overlapped[2], InputFailure)
    assert all(dict(o.timings)["segment"] > 0 for o in overlapped if isinstance(o, ExtractionRecord))


def test_a_part_whose_encoding_fails_is_processed_article_by_article(repo_dir, monkeypatch):
    from graph import segment

    articles = _demo_articles(repo_dir)
    monkeypatch.setattr(pipeline, "OVERLAP_CHARACTERS", 1)  # one article a part
    real = segment.encode_documents
    calls = []

    def second_part_breaks(documents):
        calls.append(len(documents))
        if len(calls) == 2:
            raise RuntimeError("a bug in the encoder thread")
        return real(documents)

    monkeypatch.setattr(segment, "encode_documents", second_part_breaks)
    overlapped = pipeline.process_articles(articles[:3], encoder_thread=True)
    assert calls == [1, 1, 1]
    alone = [pipeline.safe_process(raw) for raw in articles[:3]]
    assert _without_timings(overlapped) == _without_timings(alone)


def test_parts_are_runs_of_whole_articles_of_about_the_size_asked():
    raws = [RawArticle(f"a{n}", f"a{n}.txt", "字" * size) for n, size in enumerate([5, 5, 12, 1, 3, 3])]
    parts = [[raw.doc_id for raw in part] for part in pipeline._parts(raws, 10)]
    assert parts == [["a0", "a1"], ["a2"], ["a3", "a4", "a5"]]
    assert list(pipeline._parts([], 10)) == []


def test_a_build_given_two_jobs_and_too_little_text_for_a_pool_encodes_on_a_second_thread(
    repo_dir, monkeypatch
):
    demo = str(repo_dir / "graph" / "resources" / "demo")
    started = _pool_started(monkeypatch)
    threads = _encoder_threads(monkeypatch)
    one = build_corpus([demo], jobs=1)
    assert threads and set(threads) == {"MainThread"}  # one job: one thread
    threads.clear()
    two = build_corpus([demo], jobs=2)
    assert started == [] and threads and all(name.startswith("lac-encoder") for name in threads)
    assert _exported(two) == _exported(one)


def test_lac_is_loaded_once_when_two_threads_ask_at_once(monkeypatch):
    import threading
    import time

    from graph import segment

    made = []

    class SlowTagger:
        def __init__(self, threads):
            made.append(threads)
            time.sleep(0.2)

    monkeypatch.setattr(segment, "LacTagger", SlowTagger)
    segment.load_lac.cache_clear()
    segment._loaded_lac.cache_clear()
    try:
        got = []
        askers = [threading.Thread(target=lambda: got.append(segment.load_lac())) for _ in range(2)]
        for asker in askers:
            asker.start()
        for asker in askers:
            asker.join()
        assert made == [1] and len(got) == 2 and got[0] is got[1]
    finally:
        segment.load_lac.cache_clear()
        segment._loaded_lac.cache_clear()


@pytest.mark.parametrize("encoder_thread", [False, True])
def test_an_article_that_breaks_sentence_splitting_fails_alone(repo_dir, monkeypatch, encoder_thread):
    from graph import segment

    articles = _demo_articles(repo_dir)[:3]
    marker = "断句出错的文章"
    bad = RawArticle("bad", "bad.txt", f"{marker}。社区党委组织党员开展志愿服务活动。")
    real = segment.split_sentences

    def breaks_on_the_marker(text):
        if marker in text:
            raise RuntimeError("a bug in sentence splitting")
        return real(text)

    monkeypatch.setattr(segment, "split_sentences", breaks_on_the_marker)
    monkeypatch.setattr(pipeline, "OVERLAP_CHARACTERS", 1)  # one article a part
    batch = [articles[0], bad, *articles[1:]]
    outcomes = pipeline.process_articles(batch, encoder_thread=encoder_thread)
    assert isinstance(outcomes[1], InputFailure) and "sentence splitting" in outcomes[1].reason
    alone = [pipeline.safe_process(raw) for raw in articles]
    assert _without_timings([outcomes[0], *outcomes[2:]]) == _without_timings(alone)
