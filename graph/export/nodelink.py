"""Node-link JSON: the graph exactly as networkx holds it, for notebooks and tools."""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from .atomic import atomic_write_text

__all__ = ["write_node_link", "read_node_link", "to_node_link_json"]


def to_node_link_json(G: nx.MultiDiGraph) -> str:
    data = nx.node_link_data(G, edges="edges")
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def write_node_link(G: nx.MultiDiGraph, path: Path) -> list[Path]:
    return [atomic_write_text(path, to_node_link_json(G))]


def read_node_link(path: Path | str) -> nx.MultiDiGraph:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
