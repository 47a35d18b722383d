"""Exports are written atomically: a failed write leaves the old file and no temp file."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.export.nodelink import read_node_link, to_node_link_json, write_node_link
from graph.io.atomic import atomic_open, atomic_write_text


def test_a_failed_write_keeps_the_previous_file_and_leaves_no_temp(tmp_path):
    target = atomic_write_text(tmp_path / "out.ttl", "old\n")
    with pytest.raises(RuntimeError), atomic_open(target) as handle:
        handle.write("half")
        raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_streamed_node_link_file_equals_the_string_form(tmp_path):
    G = nx.MultiDiGraph(name="t", articles={"a": {"title": "标题"}})
    G.add_node("org:甲", name="甲", type="Organisation", aliases=["<甲>"])
    G.add_edge("org:甲", "org:甲", key="runs|", relation="runs", evidence=[])
    path = write_node_link(G, tmp_path / "g.json")[0]
    assert path.read_text(encoding="utf-8") == to_node_link_json(G)
    assert nx.utils.graphs_equal(read_node_link(path), G)
