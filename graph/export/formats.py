"""GraphML, GEXF and CSV exports for graph tools (Gephi, yEd, Cytoscape, spreadsheets).

These formats hold only scalar attributes, so list and dict attributes
(aliases, mentions, evidence, the article table) are written as JSON strings.
The gazetteer's containment edges (``relation`` ``within_division``) and the
divisions only the gazetteer names carry ``origin`` = ``gazetteer``.

CSV files are opened in spreadsheets, and article text is untrusted: a cell that
begins like a formula (``= + - @``, tab, carriage return) gets a leading
apostrophe, the usual guard against formula injection (spreadsheets hide it;
the node-link JSON keeps every string exactly).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from ..io.atomic import atomic_write_text

__all__ = ["write_graphml", "write_gexf", "write_csv", "flat_graph", "spreadsheet_safe"]

NODE_COLUMNS = (
    "id",
    "name",
    "type",
    "subtype",
    "aliases",
    "adcode",
    "parent_adcode",
    "mention_count",
    "articles",
    "mentions",
    "origin",
)
# ``origin`` is "gazetteer" on the gazetteer's containment (within_division: no evidence,
# no confidence) and on the divisions only the gazetteer names; empty for what articles say.
EDGE_COLUMNS = ("source", "target", "key", "relation", "title", "as_of", "confidence", "evidence", "origin")
# Characters XML 1.0 cannot carry at all; they would make the file unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_GEXF_DATE = re.compile(r' lastmodifieddate="[^"]*"')
_XML_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _flat(value: Any, *, xml: bool = False) -> Any:
    if isinstance(value, (list, tuple, dict)):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if xml and isinstance(value, str):
        value = _NOT_XML.sub("\ufffd", value)
    return value


def _flat_attrs(attrs: dict[str, Any], xml: bool) -> dict[str, Any]:
    return {k: _flat(v, xml=xml) for k, v in attrs.items()}


def flat_graph(G: nx.MultiDiGraph, *, xml: bool = False) -> nx.MultiDiGraph:
    """A copy of ``G`` whose attributes are all scalars (lists/dicts as JSON text)."""
    flat = nx.MultiDiGraph(**_flat_attrs(G.graph, xml))
    for node, attrs in G.nodes(data=True):
        flat.add_node(_flat(node, xml=xml), **_flat_attrs(attrs, xml))
    for head, tail, key, attrs in G.edges(keys=True, data=True):
        flat.add_edge(
            _flat(head, xml=xml), _flat(tail, xml=xml), key=_flat(key, xml=xml), **_flat_attrs(attrs, xml)
        )
    return flat


def write_graphml(G: nx.MultiDiGraph, path: Path | str) -> list[Path]:
    text = _XML_DECLARATION + "\n".join(nx.generate_graphml(flat_graph(G, xml=True))) + "\n"
    return [atomic_write_text(path, text)]


def write_gexf(G: nx.MultiDiGraph, path: Path | str) -> list[Path]:
    flat = flat_graph(G, xml=True)
    for node, attrs in flat.nodes(data=True):
        attrs["label"] = attrs.get("name", node)  # Gephi shows the label, not the key
    text = _XML_DECLARATION + "\n".join(nx.generate_gexf(flat)) + "\n"
    # networkx stamps today's date into <meta>; drop it so the same graph gives the same bytes.
    return [atomic_write_text(path, _GEXF_DATE.sub("", text, count=1))]


def write_csv(G: nx.MultiDiGraph, path: Path | str) -> list[Path]:
    """``<stem>.nodes.csv`` and ``<stem>.edges.csv`` next to ``path``."""
    path = Path(path)
    stem = path.name.removesuffix(path.suffix) if path.suffix else path.name
    nodes = [{"id": n, **attrs} for n, attrs in G.nodes(data=True)]
    edges = [
        {"source": h, "target": t, "key": k, **attrs} for h, t, k, attrs in G.edges(keys=True, data=True)
    ]
    return [
        atomic_write_text(path.with_name(f"{stem}.nodes.csv"), _csv_text(nodes, NODE_COLUMNS)),
        atomic_write_text(path.with_name(f"{stem}.edges.csv"), _csv_text(edges, EDGE_COLUMNS)),
    ]


def _csv_text(rows: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> str:
    rows = list(rows)
    extra = sorted({k for row in rows for k in row} - set(columns))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[*columns, *extra], lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: spreadsheet_safe(_flat(v)) for k, v in row.items()})
    return buffer.getvalue()


def spreadsheet_safe(value: Any) -> Any:
    """A text cell a spreadsheet would evaluate as a formula, made inert with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
