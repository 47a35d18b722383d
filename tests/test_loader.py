"""``load_graph`` (kg html, notebooks): an export back, or one line saying what the file is."""

from __future__ import annotations

import pytest
from test_rdf_export import sample_graph

from graph.errors import InputError
from graph.export.nodelink import write_node_link
from graph.export.turtle import write_turtle
from graph.tools.cli import main
from graph.tools.loader import load_graph


def test_both_exports_load_back(tmp_path):
    from_json = load_graph(write_node_link(sample_graph(), tmp_path / "g.json")[0])
    from_ttl = load_graph(write_turtle(sample_graph(), tmp_path / "g.ttl")[0])
    assert from_json.number_of_nodes() == from_ttl.number_of_nodes() == 9


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("g.ttl", '{"directed": true, "nodes": []}', "is not Turtle: it looks like JSON"),
        ("g.ttl", "<!doctype html>\n<html></html>", "is not Turtle: it looks like an HTML page"),
        ("g.ttl", "", "is not Turtle: the file is empty"),
        ("g.ttl", "\ufeff<urn:a> <urn:b> .\n", "is not valid Turtle at line 1"),
        ("g.ttl", "PK\x03\x04\x00\x00", "is not Turtle: it is binary"),
        ("g.json", "@prefix a: <urn:a#> .", "is not a node-link export: not JSON"),
        ("g.json", '{"nodes": 3}', "is not a node-link export: JSON without the nodes and edges"),
        ("g.json", "[1, 2]", "is not a node-link export: JSON without the nodes and edges"),
    ],
)
def test_a_wrong_file_is_one_line(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8"))
    with pytest.raises(InputError) as caught:
        load_graph(path)
    assert message in str(caught.value) and "\n" not in str(caught.value) and "b'" not in str(caught.value)


def test_kg_html_on_broken_turtle_prints_one_line(tmp_path, capsys):
    path = tmp_path / "seeds.ttl"
    path.write_text("@prefix a: <urn:a#> .\na:b a:c <unterminated .\n", encoding="utf-8")
    assert main(["html", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"kg html: [E100] {path} is not valid Turtle at line 2")
    assert not (tmp_path / "seeds.html").exists()


def test_turtle_that_opens_with_a_blank_node_is_not_taken_for_json(tmp_path):
    from graph.tools.loader import parse_turtle

    path = tmp_path / "blank.ttl"
    path.write_text('[ <urn:p> "x" ] .\n[] <urn:p> "y" .\n', encoding="utf-8")
    assert len(parse_turtle(path)) == 2
