"""Node-link JSON: the graph exactly as networkx holds it, for notebooks and tools."""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from .atomic import atomic_open

__all__ = ["write_node_link", "read_node_link", "to_node_link_json"]


_JSON_OPTIONS = {"ensure_ascii": False, "sort_keys": True, "indent": 1}


def to_node_link_json(G: nx.MultiDiGraph) -> str:
    return json.dumps(nx.node_link_data(G, edges="edges"), **_JSON_OPTIONS) + "\n"


def write_node_link(G: nx.MultiDiGraph, path: Path) -> list[Path]:
    """Streamed to disk: a large graph's JSON is never held as one string."""
    with atomic_open(path) as handle:
        json.dump(nx.node_link_data(G, edges="edges"), handle, **_JSON_OPTIONS)
        handle.write("\n")
    return [Path(path)]


def read_node_link(path: Path | str) -> nx.MultiDiGraph:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
