"""Node-link JSON: the graph exactly as networkx holds it, for notebooks and tools.

Written one node, one edge and one article per line: readable, friendly to
``diff`` and ``grep``, and each line is encoded by the json module's C encoder
(``indent`` would switch it to the pure-Python one, several times slower).
Keys are sorted, so the same graph always gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from ..io.atomic import atomic_open

__all__ = ["write_node_link", "read_node_link", "to_node_link_json"]

# Containers laid out one item per line; everything below them is one compact line.
_LAYOUT: dict[str, Any] = {"nodes": "lines", "edges": "lines", "graph": {"articles": "lines"}}
_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def to_node_link_json(G: nx.MultiDiGraph) -> str:
    return "".join(_chunks(nx.node_link_data(G, edges="edges"), _LAYOUT, ""))


def write_node_link(G: nx.MultiDiGraph, path: Path) -> list[Path]:
    """Streamed to disk: a large graph's JSON is never held as one string."""
    with atomic_open(path) as handle:
        handle.writelines(_chunks(nx.node_link_data(G, edges="edges"), _LAYOUT, ""))
    return [Path(path)]


def read_node_link(path: Path | str) -> nx.MultiDiGraph:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")


def _chunks(value: Any, layout: Any, indent: str) -> Iterator[str]:
    """``value`` as JSON text ending in a newline, expanded as far as ``layout`` says."""
    inner = indent + " "
    if isinstance(layout, dict) and isinstance(value, dict):
        yield "{\n"
        for index, key in enumerate(sorted(value)):
            yield f"{inner}{_encode(key)}: "
            yield from _chunks(value[key], layout.get(key), inner)
            if index < len(value) - 1:
                yield ","
            yield "\n"
        yield f"{indent}}}"
    elif layout == "lines" and isinstance(value, (list, dict)) and value:
        opening, closing = ("[", "]") if isinstance(value, list) else ("{", "}")
        items = value if isinstance(value, list) else sorted(value.items())
        yield opening + "\n"
        last = len(items) - 1
        for index, item in enumerate(items):
            text = _encode(item) if isinstance(value, list) else f"{_encode(item[0])}: {_encode(item[1])}"
            yield f"{inner}{text}{',' if index < last else ''}\n"
        yield f"{indent}{closing}"
    else:
        yield _encode(value)
    if not indent:
        yield "\n"
