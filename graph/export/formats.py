"""GraphML, GEXF and CSV exports for graph tools (Gephi, yEd, Cytoscape, spreadsheets).

These formats hold only scalar attributes, so list and dict attributes
(aliases, mentions, evidence, the article table) are written as JSON strings.
The gazetteer's containment edges (``relation`` ``within_division``) and the
divisions only the gazetteer names carry ``origin`` = ``gazetteer``.

So that Gephi opens a readable graph, every node carries its ``label`` (the
name), its ``type``, the colour of its type (``graph.export.styles``, as on the
HTML page) and the position ``graph.export.layout`` computes for the page: in
GEXF as ``viz:color`` and ``viz:position``, in GraphML as ``color`` (hex), ``r``,
``g``, ``b``, ``x`` and ``y``, the names Gephi's GraphML importer reads.  ``y`` is
flipped (screens count it downwards, Gephi upwards) so the picture is the page's.
Edges carry their relation as ``label``.  ``adcode`` and ``parent_adcode`` are
always text, never numbers.

CSV: ``<stem>.nodes.csv`` and ``<stem>.edges.csv`` (every attribute), and for
analysts ``<stem>.articles.csv`` (id, title, date, source, authors, editors, url,
path, also_from) and ``<stem>.evidence.csv`` (one row per evidence sentence:
relation, head, tail, title, article, start, end, sentence, rule, confidence).
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
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from ..io.atomic import atomic_write_text
from .layout import compute_layout
from .styles import type_style

__all__ = ["write_graphml", "write_gexf", "write_csv", "flat_graph", "spreadsheet_safe", "csv_text"]

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
_CODES = ("adcode", "parent_adcode")  # gazetteer codes: text (a spreadsheet or tool must not sum them)
# The force layout holds a dense matrix per connected component: past this size it would
# take minutes and gigabytes, and Gephi lays out a graph that big with its own tools.
LAYOUT_MAX_COMPONENT = 3000
ARTICLE_COLUMNS = ("id", "title", "date", "source", "authors", "editors", "url", "path", "also_from")
EVIDENCE_COLUMNS = (
    "relation",
    "head",
    "tail",
    "title",
    "article",
    "start",
    "end",
    "sentence",
    "head_id",
    "tail_id",
    "rule",
    "confidence",
    "by_context",
)


def _flat(value: Any, *, xml: bool = False) -> Any:
    if isinstance(value, (list, tuple, dict)):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if xml and isinstance(value, str):
        value = _NOT_XML.sub("\ufffd", value)
    return value


def _flat_attrs(attrs: dict[str, Any], xml: bool) -> dict[str, Any]:
    flat = {k: _flat(v, xml=xml) for k, v in attrs.items()}
    for code in _CODES:
        if code in flat:
            flat[code] = str(flat[code])
    return flat


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


def _drawn(G: nx.MultiDiGraph) -> dict[Any, tuple[str, tuple[int, int, int], tuple[int, int] | None]]:
    """node -> (its type's colour as hex, as r, g, b, and its position or None) for the viewers."""
    positions = _positions(G)
    drawn = {}
    for node, kind in G.nodes(data="type"):
        colour = type_style(kind).colour
        rgb = (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))
        drawn[node] = (colour, rgb, positions.get(node))
    return drawn


def _positions(G: nx.MultiDiGraph) -> dict[Any, tuple[int, int]]:
    """The HTML page's layout, y pointing up as in Gephi; none for a graph too big to lay out here."""
    components = nx.connected_components(nx.Graph(G))
    if G.number_of_nodes() == 0 or max(len(c) for c in components) > LAYOUT_MAX_COMPONENT:
        return {}
    return {node: (x, -y) for node, (x, y) in compute_layout(G).items()}


def _edge_label(attrs: dict[str, Any]) -> str:
    relation = str(attrs.get("relation", ""))
    return f"{relation} {attrs['title']}" if attrs.get("title") else relation


def write_graphml(G: nx.MultiDiGraph, path: Path | str) -> list[Path]:
    flat = flat_graph(G, xml=True)
    for node, (colour, (r, g, b), position) in _drawn(G).items():
        attrs = flat.nodes[_flat(node, xml=True)]
        attrs.update(label=attrs.get("name", str(node)), color=colour, r=r, g=g, b=b)
        if position is not None:
            attrs.update(x=float(position[0]), y=float(position[1]))
    for *_, attrs in flat.edges(keys=True, data=True):
        attrs["label"] = _edge_label(attrs)
    text = _XML_DECLARATION + "\n".join(nx.generate_graphml(flat)) + "\n"
    return [atomic_write_text(path, text)]


def write_gexf(G: nx.MultiDiGraph, path: Path | str) -> list[Path]:
    flat = flat_graph(G, xml=True)
    for node, (_, (r, g, b), position) in _drawn(G).items():
        attrs = flat.nodes[_flat(node, xml=True)]
        attrs["label"] = attrs.get("name", str(node))  # Gephi shows the label, not the key
        attrs["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}}
        if position is not None:
            attrs["viz"]["position"] = {"x": float(position[0]), "y": float(position[1]), "z": 0.0}
    for *_, attrs in flat.edges(keys=True, data=True):
        attrs["label"] = _edge_label(attrs)
    text = _XML_DECLARATION + "\n".join(nx.generate_gexf(flat)) + "\n"
    # networkx stamps today's date into <meta>; drop it so the same graph gives the same bytes.
    return [atomic_write_text(path, _GEXF_DATE.sub("", text, count=1))]


def write_csv(G: nx.MultiDiGraph, path: Path | str) -> list[Path]:
    """``<stem>.nodes.csv``, ``.edges.csv``, ``.articles.csv`` and ``.evidence.csv`` next to ``path``."""
    path = Path(path)
    stem = path.name.removesuffix(path.suffix) if path.suffix else path.name
    nodes = [{"id": n, **attrs} for n, attrs in G.nodes(data=True)]
    edges = [
        {"source": h, "target": t, "key": k, **attrs} for h, t, k, attrs in G.edges(keys=True, data=True)
    ]
    return [
        atomic_write_text(path.with_name(f"{stem}.nodes.csv"), _csv_text(nodes, NODE_COLUMNS)),
        atomic_write_text(path.with_name(f"{stem}.edges.csv"), _csv_text(edges, EDGE_COLUMNS)),
        atomic_write_text(
            path.with_name(f"{stem}.articles.csv"), _csv_text(_article_rows(G), ARTICLE_COLUMNS)
        ),
        atomic_write_text(
            path.with_name(f"{stem}.evidence.csv"), _csv_text(_evidence_rows(G), EVIDENCE_COLUMNS)
        ),
    ]


def _names(people: Any) -> str:
    """A list of names as one readable cell: 胡毓菁; 王专."""
    return "; ".join(people) if isinstance(people, (list, tuple)) else str(people or "")


def _article_rows(G: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    for doc, meta in sorted(G.graph.get("articles", {}).items()):
        row = {"id": doc, **{k: v for k, v in meta.items() if k != "source_path"}}
        row.update(path=meta.get("source_path", ""), authors=_names(meta.get("authors")))
        row.update(editors=_names(meta.get("editors")), also_from=_names(meta.get("also_from")))
        yield row


def _evidence_rows(G: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    """One row per evidence sentence of every relation (the gazetteer's containment has none)."""
    for head, tail, attrs in G.edges(data=True):
        for evidence in attrs.get("evidence", ()):
            yield {
                "relation": attrs.get("relation", ""),
                "head": G.nodes[head].get("name", head),
                "tail": G.nodes[tail].get("name", tail),
                "title": attrs.get("title", ""),
                "article": evidence.get("doc", ""),
                "head_id": head,
                "tail_id": tail,
                **{k: v for k, v in evidence.items() if k != "doc"},
            }


def _csv_text(rows: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> str:
    rows = list(rows)
    fields = [*columns, *sorted({k for row in rows for k in row} - set(columns))]
    cells = ([spreadsheet_safe(_flat(row.get(k, ""))) for k in fields] for row in rows)
    return csv_text([fields, *cells])


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """Rows as CSV, one ``\n`` per line.  A row with a carriage return in a cell is written
    all quoted: the csv module quotes only the characters of its line terminator, and
    readers end a line at a bare ``\r``, which would split the row in two."""
    buffer = io.StringIO()
    plain = csv.writer(buffer, lineterminator="\n")
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        row = list(row)
        (quoted if any(isinstance(cell, str) and "\r" in cell for cell in row) else plain).writerow(row)
    return buffer.getvalue()


def spreadsheet_safe(value: Any) -> Any:
    """A text cell a spreadsheet would evaluate as a formula, made inert with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
