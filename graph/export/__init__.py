"""Exporters, one small module per format, behind a name.

Each writer is ``writer(G, path) -> list[Path]`` and writes atomically.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ExportError

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["EXPORTERS", "DEFAULT_FORMATS", "get_exporter", "export_graph"]

# name -> (file suffix, "module:function")
EXPORTERS: dict[str, tuple[str, str]] = {
    "ttl": (".ttl", "graph.export.turtle:write_turtle"),
    "html": (".html", "graph.export.html:write_html"),
    "json": (".json", "graph.export.nodelink:write_node_link"),
    "jsonld": (".jsonld", "graph.export.rdf:write_jsonld"),
    "nt": (".nt", "graph.export.turtle:write_ntriples"),
    "graphml": (".graphml", "graph.export.formats:write_graphml"),
    "gexf": (".gexf", "graph.export.formats:write_gexf"),
    "csv": (".csv", "graph.export.formats:write_csv"),
}
DEFAULT_FORMATS = ("ttl", "html", "json")

Writer = Callable[["nx.MultiDiGraph", Path], list[Path]]


def get_exporter(name: str) -> tuple[str, Writer]:
    if name not in EXPORTERS:
        raise ExportError(f"unknown export format {name!r}; expected one of {', '.join(EXPORTERS)}")
    suffix, target = EXPORTERS[name]
    module_name, func = target.split(":")
    return suffix, getattr(import_module(module_name), func)


def export_graph(
    G: nx.MultiDiGraph, out_dir: Path, stem: str, formats=DEFAULT_FORMATS, **options
) -> list[Path]:
    """Write ``G`` as ``out_dir/stem.<suffix>`` in every format asked for."""
    written: list[Path] = []
    for name in formats:
        suffix, writer = get_exporter(name)
        kwargs = options.get(name, {})
        written.extend(writer(G, Path(out_dir) / f"{stem}{suffix}", **kwargs))
    return written
