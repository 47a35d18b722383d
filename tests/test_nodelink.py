"""Node-link JSON: exact content, one item per line, any graph."""

from __future__ import annotations

import json

import networkx as nx
from test_rdf_export import HOSTILE, hostile_graph, sample_graph

from graph.export.nodelink import read_node_link, to_node_link_json, write_node_link


def test_holds_exactly_what_networkx_gives():
    G = sample_graph()
    assert json.loads(to_node_link_json(G)) == nx.node_link_data(G, edges="edges")


def test_one_node_edge_and_article_per_line():
    G = hostile_graph(HOSTILE, HOSTILE)
    lines = to_node_link_json(G).split("\n")
    node_lines = [line for line in lines if line.startswith('  {"aliases"')]
    assert len(node_lines) == G.number_of_nodes()
    assert sum(line.startswith('  {"confidence"') for line in lines) == G.number_of_edges()
    assert sum(line.startswith("   " + json.dumps(HOSTILE, ensure_ascii=False) + ":") for line in lines) == 1


def test_round_trip_through_a_file(tmp_path):
    G = sample_graph()
    back = read_node_link(write_node_link(G, tmp_path / "g.json")[0])
    assert nx.node_link_data(back, edges="edges") == nx.node_link_data(G, edges="edges")


def test_empty_graph_is_valid_json():
    data = json.loads(to_node_link_json(nx.MultiDiGraph()))
    assert data["nodes"] == [] and data["edges"] == [] and data["graph"] == {}
