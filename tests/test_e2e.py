"""End to end: the demo corpus and the seed articles through every stage to the exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from test_html import embedded_data

from graph.corpus.build import build_corpus
from graph.ingest import iter_articles
from graph.tools.cli import main
from graph.tools.loader import load_graph

TYPES = {"Person", "Place", "Organisation", "Programme"}


def _build(args: list[str]) -> int:
    return main(["build", "--quiet", "--jobs", "1", "--no-cache", *args])


@pytest.fixture(scope="module")
def demo_exports(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    assert _build(["-o", str(out)]) == 0
    return out


def test_demo_build_writes_turtle_html_json_and_report(demo_exports):
    names = sorted(p.name for p in demo_exports.iterdir() if p.is_file())
    assert names == ["demo.html", "demo.json", "demo.report.json", "demo.ttl"]
    rdf = rdflib.Graph().parse(demo_exports / "demo.ttl", format="turtle")
    assert len(rdf) > 100
    # the page draws the graph the build made: every node and edge of demo.json, nothing left out
    page = embedded_data((demo_exports / "demo.html").read_text(encoding="utf-8"))
    G = load_graph(demo_exports / "demo.json")
    assert {n["id"] for n in page["nodes"]} == {str(n) for n in G.nodes}
    assert sorted((e["from"], e["to"], e["relation"]) for e in page["edges"]) == sorted(
        (str(u), str(v), r) for u, v, r in G.edges(data="relation")
    )
    assert page["omitted"]["nodes"] == page["omitted"]["edges"] == 0


def test_demo_graph_has_all_four_types_and_every_relation_has_evidence(demo_exports):
    G = load_graph(demo_exports / "demo.json")
    assert {t for _, t in G.nodes(data="type")} == TYPES
    assert G.number_of_edges() > 0
    for *_, attrs in G.edges(data=True):
        if attrs["relation"] == "within_division":  # the gazetteer's containment: knowledge, no evidence
            assert attrs["origin"] == "gazetteer" and "evidence" not in attrs
            continue
        assert attrs["evidence"] and all(e["sentence"] for e in attrs["evidence"])


def test_demo_report_counts_every_file(demo_exports):
    report = json.loads((demo_exports / "demo.report.json").read_text(encoding="utf-8"))
    assert report["totals"]["articles"] == 5 and report["totals"]["failed"] == 0
    assert all(f["status"] == "ok" for f in report["files"])
    assert set(report["timings"]["seconds_per_stage"]) >= {"clean", "segment", "entities", "relations"}


def test_build_with_its_progress_bar_as_make_demo_runs_it(tmp_path, capsys):
    assert main(["build", "-o", str(tmp_path), "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "5 articles, 0 failed" in out and "demo.html" in out


def test_same_input_gives_byte_identical_exports(demo_exports, tmp_path):
    assert _build(["-o", str(tmp_path)]) == 0
    for suffix in (".ttl", ".html", ".json"):
        name = f"demo{suffix}"
        assert (tmp_path / name).read_bytes() == (demo_exports / name).read_bytes(), suffix


def test_a_bad_file_is_reported_and_the_rest_is_built(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 40)
    good = Path(__file__).resolve().parents[1] / "graph" / "resources" / "demo" / "gusu_linli.txt"
    (corpus / "good.txt").write_bytes(good.read_bytes())
    out = tmp_path / "out"
    assert _build([str(corpus), "-o", str(out)]) == 1
    report = json.loads((out / "corpus.report.json").read_text(encoding="utf-8"))
    status = {Path(f["path"]).name: f["status"] for f in report["files"]}
    assert status == {"binary.txt": "failed", "empty.txt": "failed", "good.txt": "ok"}
    assert all(f.get("error") for f in report["files"] if f["status"] == "failed")
    err = capsys.readouterr().err
    assert "empty.txt" in err and "binary.txt" in err
    assert load_graph(out / "corpus.json").number_of_nodes() > 0


# ---------------------------------------------------------------- seeds


@pytest.fixture(scope="module")
def seed_records(shared_dir):
    return build_corpus([str(shared_dir / "seeds")], jobs=1, keep_records=True).records


def test_all_seed_articles_are_built_with_all_four_types(seed_records):
    assert len(seed_records) == 5
    types = {e.type.value for r in seed_records for e in r.entities}
    assert types == TYPES


def test_every_offset_points_at_its_text(shared_dir, seed_records):
    # Mentions and evidence quote the source as read (the cleaned text is the stages' own).
    sources = {raw.doc_id: raw.text for raw in iter_articles([str(shared_dir / "seeds")])}
    for record in seed_records:
        text = sources[record.document.doc_id]
        for entity in record.entities:
            for _, m in entity.mentions:
                assert text[m.start : m.end] == m.text
        for relation in record.relations:
            for ev in relation.evidence:
                assert text[ev.start : ev.end] == ev.sentence


def test_eval_prints_scores_on_the_gold_articles(shared_dir, capsys):
    assert main(["eval", "--gold", str(shared_dir / "gold"), str(shared_dir / "seeds")]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("entities F1=") and "relations F1=" in last and "meta acc=" in last
