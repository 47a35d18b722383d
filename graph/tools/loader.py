"""Load an export back into a networkx graph (for notebooks, ``kg html``, ``kg query``)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from ..errors import InputError

__all__ = ["load_graph"]


def load_graph(path: Path | str) -> nx.MultiDiGraph:
    """Read ``.json`` (node-link, as ``kg build`` writes it) or ``.ttl`` into a MultiDiGraph."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no export at {path}: give a .json or .ttl file written by 'kg build'")
    if path.suffix == ".json":
        from ..export.nodelink import read_node_link

        return read_node_link(path)
    if path.suffix in {".ttl", ".turtle"}:
        from ..export.rdf_reader import read_graph

        return read_graph(path)
    raise InputError(f"cannot load {path.name}: expected a .json or .ttl export")
