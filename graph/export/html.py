"""The interactive HTML explorer: one self-contained page drawn by vis-network.

Nothing on the page reaches the network: vis-network's JS and CSS (shipped with
pyvis) are inlined and our own template replaces pyvis's, which links CDNs.  pyvis
is used for those two files only, read from its folder without importing it
(importing pyvis imports IPython and jinja2, a quarter of a second); the nodes,
edges and options it would hold are plain dicts here, the very ones its
``Network.add_node`` / ``add_edge`` would make.
Positions are computed ahead (``graph.export.layout``) and physics is off, so large
graphs are interactive at once.

Every string from the articles is untrusted.  It reaches the page only inside
one JSON block whose ``<``, ``>``, ``&`` and line separators are escaped, and
the page's script renders it with ``textContent``, never as markup.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("person:甲", name="甲", type="Person")
>>> G.add_node("org:乙委", name="乙委", type="Organisation")
>>> G.add_edge("person:甲", "org:乙委", key="holds_post|书记", relation="holds_post", title="书记")
'holds_post|书记'
>>> "任职" in render_html(G)
True
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, NamedTuple

import networkx as nx
from markupsafe import Markup

from ..errors import ExportError, QueryError
from ..io.atomic import atomic_write_text
from .layout import Arrangement, Footprint, spring_components
from .styles import RELATION_STYLES, TYPE_STYLES, UNKNOWN_STYLE, relation_style, type_style

__all__ = [
    "write_html",
    "render_html",
    "focus_subgraph",
    "focus_centres",
    "describe_matches",
    "label_fonts",
    "label_box",
    "cap_graph",
    "CappedGraph",
    "safe_json",
    "TYPE_STYLES",
    "RELATION_LABELS",
    "GAZETTEER_RELATIONS",
]

DEFAULT_MAX_NODES = 1500
MAX_LABEL_CHARS = 16
# Label sizes (canvas pixels; vis-network scales them with the zoom): see label_fonts.
BASE_FONT = 14
LEGIBLE_PX = 11.0
MAX_HUB_FONT = 56
HUB_LABELS = 30
MID_LABELS = 90
LABEL_GAP = 4  # between a shape and the label under it
LABEL_STROKE = 3  # the white halo around label text
NODE_LABEL_THRESHOLD = 8
EDGE_FONT = 12
EDGE_LABEL_THRESHOLD = 14  # so an edge label shows from zoom 14 / 12 ~ 1.2
CANVAS = (800, 780)
EXACT_SIZING_NODES = 1000  # the network's part of a 1400 x 900 window, for sizing the first view
# Per node and per edge, the page lists this many articles / evidence sentences (and the
# total): a node seen in thousands of articles must not make the page tens of megabytes.
# Every one of them is in the Turtle and JSON exports.
MAX_LISTED = 50

# relation -> (Chinese edge label, English tooltip, edge colour), from the one palette
RELATION_LABELS = RELATION_STYLES
# the gazetteer's containment: knowledge, not extraction (drawn thin and dashed, never
# hidden by the confidence slider, "source: gazetteer" instead of evidence)
GAZETTEER_RELATIONS = {"within_division"}
SYMMETRIC = {"partner_of"}

ASSET_DIR = Path(__file__).resolve().parents[1] / "resources" / "html"
VIS_ASSETS = ("vis-9.1.2/vis-network.min.js", "vis-9.1.2/vis-network.css")


@dataclass(frozen=True)
class CappedGraph:
    """The part of a graph that is drawn, and how much was left out."""

    graph: nx.MultiDiGraph
    omitted_nodes: int
    omitted_edges: int


def write_html(
    G: nx.MultiDiGraph,
    path: Path | str,
    *,
    max_nodes: int = DEFAULT_MAX_NODES,
    title: str | None = None,
    min_confidence: float = 0.0,
    centres: list | None = None,
) -> list[Path]:
    """Write the explorer page for ``G`` to ``path`` (atomically) and return ``[path]``.

    ``min_confidence`` is where the page's confidence slider starts (relations under
    it are hidden until the reader moves it); ``centres`` are the nodes a focus page is
    about (marked, and the first one's profile open).
    """
    page = render_html(G, max_nodes=max_nodes, title=title, min_confidence=min_confidence, centres=centres)
    return [atomic_write_text(path, page)]


def render_html(
    G: nx.MultiDiGraph,
    *,
    max_nodes: int = DEFAULT_MAX_NODES,
    title: str | None = None,
    min_confidence: float = 0.0,
    centres: list | None = None,
) -> str:
    """The explorer page as a string: same graph, same bytes."""
    if not isinstance(G, nx.MultiDiGraph):
        raise ExportError(f"write_html expects a networkx MultiDiGraph, got {type(G).__name__}")
    if (
        isinstance(min_confidence, bool)
        or not isinstance(min_confidence, (int, float))
        or not 0 <= min_confidence <= 1
    ):
        raise ExportError(f"min_confidence must be a number from 0 to 1, got {min_confidence!r}")
    capped = cap_graph(G, max_nodes)
    page_title = title or G.graph.get("name") or "知识图谱"
    kept_centres = sorted((str(c) for c in centres or () if c in capped.graph), key=str)
    payload = _payload(G, capped, page_title, frozenset(kept_centres))
    payload["min_confidence"] = round(float(min_confidence), 3)
    payload["centres"] = kept_centres
    return _render_page(title=page_title, data_json=Markup(safe_json(payload)), **_assets())


# ---------------------------------------------------------------- selection


def cap_graph(G: nx.MultiDiGraph, max_nodes: int) -> CappedGraph:
    """Keep the ``max_nodes`` most connected nodes (degree, then name, then key, for ties)."""
    if not isinstance(max_nodes, int) or max_nodes < 1:
        raise ExportError(f"max_nodes must be a positive integer, got {max_nodes!r}")
    degree = dict(G.degree)
    ranked = sorted(G.nodes, key=lambda n: (-degree[n], _name(G, n), str(n)))
    kept = _induced_copy(G, ranked[:max_nodes])
    return CappedGraph(
        kept, G.number_of_nodes() - kept.number_of_nodes(), G.number_of_edges() - kept.number_of_edges()
    )


def _induced_copy(G: nx.MultiDiGraph, nodes: list) -> nx.MultiDiGraph:
    """``G.subgraph(nodes).copy()`` without its filtering views, which cost more than the copy.

    The nodes and edges come in G's order (a subgraph view of few nodes iterates them in a
    set's order; nothing drawn depends on the order)."""
    kept = set(nodes)
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((n, attrs.copy()) for n, attrs in G.nodes(data=True) if n in kept)
    H.add_edges_from(
        (u, v, key, attrs.copy())
        for u, v, key, attrs in G.edges(keys=True, data=True)
        if u in kept and v in kept
    )
    return H


def focus_subgraph(G: nx.MultiDiGraph, name: str, depth: int) -> nx.MultiDiGraph:
    """The neighbourhood within ``depth`` hops (either direction) of the node called ``name``.

    ``name`` matches a canonical name, an alias or a node key.  Raises ``QueryError``
    (a ``KGError``) listing close matches when nothing matches.
    """
    if not isinstance(depth, int) or depth < 0:
        raise QueryError(f"--depth must be a whole number >= 0, got {depth!r}")
    centres = focus_centres(G, name)
    undirected = G.to_undirected(as_view=True)
    kept: set = set()
    for centre in centres:
        kept.update(nx.single_source_shortest_path_length(undirected, centre, cutoff=depth))
    return G.subgraph(sorted(kept, key=str)).copy()


def focus_centres(G: nx.MultiDiGraph, name: str) -> list:
    """The nodes ``name`` matches (canonical name, alias or key), sorted; ``QueryError`` if none."""
    centres = _nodes_named(G, name)
    if not centres:
        raise QueryError(f"no node named {name!r} in the graph; {_close_matches_hint(G, name)}")
    return centres


def describe_matches(G: nx.MultiDiGraph, nodes: list) -> str:
    """``2 nodes: 吴江区 (Place, place:320509), 吴江区 (Organisation, org:吴江区)``."""
    listed = ", ".join(f"{_name(G, n)} ({G.nodes[n].get('type', 'Other')}, {n})" for n in nodes)
    return f"{len(nodes)} nodes: {listed}"


def _nodes_named(G: nx.MultiDiGraph, name: str) -> list:
    wanted = name.strip()
    return sorted(
        (
            n
            for n, attrs in G.nodes(data=True)
            if wanted == str(n) or wanted == attrs.get("name") or wanted in attrs.get("aliases", ())
        ),
        key=str,
    )


def _close_matches_hint(G: nx.MultiDiGraph, name: str) -> str:
    aliases = {alias for _, node_aliases in G.nodes(data="aliases", default=()) for alias in node_aliases}
    names = sorted({_name(G, n) for n in G.nodes} | aliases)
    close = difflib.get_close_matches(name, names, n=5, cutoff=0.4)
    close += [n for n in names if name and name in n and n not in close][: 5 - len(close)]
    if not close:
        return f"expected one of the graph's {len(names)} names or aliases"
    return "close matches: " + ", ".join(close)


def _name(G: nx.MultiDiGraph, node) -> str:
    return str(G.nodes[node].get("name", node))


# ---------------------------------------------------------------- page data


def _payload(G: nx.MultiDiGraph, capped: CappedGraph, page_title: str, centres: frozenset) -> dict[str, Any]:
    H = capped.graph
    network = _network(H, frozenset(n for n in H.nodes if str(n) in centres))
    details = {"nodes": _node_details(H), "edges": _edge_details(H)}
    return {
        "title": page_title,
        "nodes": network.nodes,
        "edges": network.edges,
        "options": network.options,
        "details": details,
        "articles": _articles(G.graph.get("articles", {}), _docs_listed(details)),
        "legend": _legend(H),
        "relations": _relation_legend(H),
        "omitted": {
            "nodes": capped.omitted_nodes,
            "edges": capped.omitted_edges,
            "shown_nodes": H.number_of_nodes(),
            "shown_edges": H.number_of_edges(),
        },
    }


class _Network(NamedTuple):
    """The vis-network nodes, edges and options; our template draws them."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    options: dict[str, Any]


def _network(H: nx.MultiDiGraph, centres: frozenset = frozenset()) -> _Network:
    fonts = label_fonts(H)
    positions = _readable_layout(H, fonts)
    nodes: dict[str, dict[str, Any]] = {}
    for node in sorted(H.nodes, key=str):
        key = str(node)
        if key not in nodes:  # as pyvis's add_node: the first node of an id is kept
            vis_node = _vis_node(H, node, positions[node], fonts[node], node in centres)
            nodes[key] = {**vis_node, "id": key, "label": vis_node["label"] or key}
    edges = [
        {**_vis_edge(H.edges[head, tail, key], index), "from": str(head), "to": str(tail)}
        for index, (head, tail, key) in enumerate(_sorted_edges(H))
    ]
    return _Network(list(nodes.values()), edges, _vis_options())


def label_fonts(H: nx.MultiDiGraph, fit_scale: float | None = None) -> dict[Any, int]:
    """Each node's label size in canvas pixels: the most connected nodes' labels are drawn larger.

    ``fit_scale`` is the zoom at which the whole connected graph fits the canvas; the
    HUB_LABELS most connected nodes get labels that are LEGIBLE_PX tall on screen there,
    the next MID_LABELS about half as tall (they appear as one zooms in, as do the rest).
    """
    ranked = sorted(
        (n for n in H.nodes if H.degree(n) > 0), key=lambda n: (-H.degree(n), _name(H, n), str(n))
    )
    fonts = dict.fromkeys(H.nodes, BASE_FONT)
    if fit_scale is None:
        return fonts
    hub = int(min(max(LEGIBLE_PX / fit_scale, BASE_FONT), MAX_HUB_FONT))
    mid = int(min(max(0.55 * hub, BASE_FONT), hub))
    for rank, node in enumerate(ranked[: HUB_LABELS + MID_LABELS]):
        fonts[node] = hub if rank < HUB_LABELS else mid
    return fonts


def _readable_layout(H: nx.MultiDiGraph, fonts: dict[Any, int]) -> dict[Any, tuple[int, int]]:
    """Lay out with plain labels, size the hubs' labels for the zoom that fits, lay out again.

    The hubs' larger labels widen the layout a little, so the sizing is done twice; the
    page zooms in a little further on load if the labels still come out under LEGIBLE_PX.
    The first layout is only the plain-label estimate, hence the loop's shape.
    """
    # each pass separates again only the components whose labels changed size
    arrangement = Arrangement(spring_components(H))
    # on big graphs the sizing passes only estimate the layout's size (separating takes seconds)
    exact = H.number_of_nodes() <= EXACT_SIZING_NODES
    for _ in range(2):
        prints = _footprints(H, fonts)
        positions = arrangement.arrange(prints, separate=exact)
        fonts.update(label_fonts(H, _fit_scale(H, positions, prints)))
    return arrangement.arrange(_footprints(H, fonts))


def _fit_scale(H: nx.MultiDiGraph, positions: dict, prints: dict[Any, Footprint]) -> float:
    """The zoom at which vis-network's fit shows every connected node on the usual canvas."""
    connected = [n for n in H.nodes if H.degree(n) > 0]
    if not connected:
        return 1.0
    left = min(positions[n][0] - prints[n].width / 2 for n in connected)
    right = max(positions[n][0] + prints[n].width / 2 for n in connected)
    top = min(positions[n][1] + prints[n].dy - prints[n].height / 2 for n in connected)
    bottom = max(positions[n][1] + prints[n].dy + prints[n].height / 2 for n in connected)
    width, height = CANVAS
    return min(1.0, 0.95 * min(width / max(right - left, 1), height / max(bottom - top, 1)))


def _footprints(H: nx.MultiDiGraph, fonts: dict[Any, int]) -> dict[Any, Footprint]:
    """Shape and label of each node as vis-network draws them: the label sits under the shape."""
    prints = {}
    for node in H.nodes:
        radius = _node_size(H.nodes[node].get("mention_count") or H.degree(node))
        label_w, label_h = label_box(_short_label(_name(H, node)), fonts[node])
        # vis-network puts the label's box half a line plus 4 px under the shape
        top, bottom = -radius, radius + fonts[node] / 2 + LABEL_GAP + label_h
        prints[node] = Footprint(max(2 * radius, label_w) + 4, bottom - top, (top + bottom) / 2)
    return prints


def label_box(label: str, font: float) -> tuple[float, float]:
    """Width and height a label takes on the canvas: CJK characters are square, others narrower."""
    width = sum(font if ord(ch) > 0x2E7F else 0.6 * font for ch in label)
    return width + 2 * LABEL_STROKE, font + 2 * LABEL_STROKE


def _sorted_edges(H: nx.MultiDiGraph) -> list[tuple]:
    return sorted(H.edges(keys=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))


def _vis_node(H: nx.MultiDiGraph, node, xy: tuple[int, int], font: int, centre: bool) -> dict[str, Any]:
    attrs = H.nodes[node]
    style = type_style(attrs.get("type"))
    vis_node = {
        "label": _short_label(_name(H, node)),
        "shape": style.shape,
        "color": style.colour,
        "kgType": attrs.get("type", "Other"),
        "size": _node_size(attrs.get("mention_count") or H.degree(node)),
        "x": xy[0],
        "y": xy[1],
    }
    if font != BASE_FONT:  # most nodes use the options' font: fewer options to parse on load
        vis_node["font"] = {"size": font}
    if centre:
        # the focus page's centre: a thick dark ring, so it is found at a glance
        ring = {"background": style.colour, "border": "#222222"}
        vis_node.update(kgCentre=True, borderWidth=5, color={**ring, "highlight": ring, "hover": ring})
    return vis_node


def _short_label(name: str) -> str:
    # long organisation names would cover their neighbours; the panel shows them in full
    return name if len(name) <= MAX_LABEL_CHARS else name[: MAX_LABEL_CHARS - 1] + "…"


def _node_size(weight: int) -> float:
    # logarithmic: one heavily mentioned county must not dwarf everything else
    return round(min(8 + 4 * math.log2(1 + max(weight, 0)), 30), 1)


def _vis_edge(attrs: dict, index: int) -> dict[str, Any]:
    relation = attrs.get("relation", "")
    chinese, _, colour = relation_style(relation)
    label = f"{chinese}：{attrs['title']}" if attrs.get("title") else chinese
    edge = {
        "id": f"e{index}",
        # the page gives an edge its label only on hover or at close zoom: measuring thousands
        # of labels nobody can read would slow the first view down
        "kgLabel": label,
        "relation": relation,
        "color": colour,
        "arrows": "" if relation in SYMMETRIC else "to",
    }
    if relation in GAZETTEER_RELATIONS:
        # knowledge, not extraction: thin, dashed, no label, and no confidence to filter on
        # (bowed a little, so it stays visible beside a located_in edge between the same places)
        edge.update(
            kgLabel="",
            gazetteer=True,
            dashes=[5, 4],
            width=0.8,
            smooth={"enabled": True, "type": "curvedCW", "roundness": 0.15},
        )
    else:
        edge["confidence"] = float(attrs.get("confidence", 0.0))
    return edge


def _vis_options() -> dict[str, Any]:
    font = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": True,
            "navigationButtons": False,
            "multiselect": False,
        },
        "nodes": {
            "font": {"face": font, "size": BASE_FONT, "strokeWidth": LABEL_STROKE, "strokeColor": "#ffffff"},
            "borderWidth": 1,
            "borderWidthSelected": 3,
            # a label smaller than this on screen is not drawn: minor labels appear as one zooms in
            "scaling": {"label": {"drawThreshold": NODE_LABEL_THRESHOLD, "maxVisible": 30}},
        },
        "edges": {
            # edge labels only at close zoom (the page enlarges the hovered / selected ones)
            "scaling": {"label": {"drawThreshold": EDGE_LABEL_THRESHOLD, "maxVisible": 16}},
            "font": {
                "face": font,
                "size": EDGE_FONT,
                "align": "horizontal",
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
                "color": "#555555",
            },
            "smooth": False,
            "width": 1.2,
            "selectionWidth": 2,
            "arrows": {"to": {"scaleFactor": 0.5}},
        },
    }


def _node_details(H: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    fields = ("name", "type", "subtype", "aliases", "adcode", "parent_adcode", "mention_count", "origin")
    details = {}
    for node, attrs in sorted(H.nodes(data=True), key=lambda item: str(item[0])):
        articles = list(attrs.get("articles", ()))
        details[str(node)] = {f: attrs[f] for f in fields if f in attrs} | {
            "degree": H.degree(node),
            "articles": articles[:MAX_LISTED],
            "article_count": len(articles),
        }
    return details


def _edge_details(H: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    details = {}
    for index, (head, tail, key) in enumerate(_sorted_edges(H)):
        attrs = H.edges[head, tail, key]
        all_evidence = attrs.get("evidence", ())
        evidence = [
            {f: e[f] for f in ("doc", "sentence", "rule", "confidence", "by_context") if f in e}
            for e in all_evidence[:MAX_LISTED]
        ]
        details[f"e{index}"] = {
            "from": str(head),
            "to": str(tail),
            "evidence": evidence,
            "evidence_count": len(all_evidence),
        } | {f: attrs[f] for f in ("relation", "title", "as_of", "confidence", "origin") if f in attrs}
    return details


def _docs_listed(details: dict[str, dict[str, dict[str, Any]]]) -> set[str]:
    docs = {str(doc) for d in details["nodes"].values() for doc in d["articles"]}
    return docs | {str(e["doc"]) for d in details["edges"].values() for e in d["evidence"] if "doc" in e}


def _articles(articles: dict[str, dict], wanted: set[str]) -> dict[str, dict[str, Any]]:
    """Title, date and source of the articles the page lists (not of the whole corpus)."""
    return {
        str(doc): {f: meta[f] for f in ("title", "date", "source") if meta.get(f)}
        for doc, meta in sorted(articles.items(), key=lambda item: str(item[0]))
        if str(doc) in wanted
    }


def _legend(H: nx.MultiDiGraph) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for _, kind in H.nodes(data="type", default="Other"):
        counts[kind] = counts.get(kind, 0) + 1
    known = [t for t in TYPE_STYLES] + sorted(set(counts) - set(TYPE_STYLES))
    return [
        {
            "type": t,
            "label": TYPE_STYLES.get(t, UNKNOWN_STYLE)[2],
            "color": TYPE_STYLES.get(t, UNKNOWN_STYLE)[0],
            "shape": TYPE_STYLES.get(t, UNKNOWN_STYLE)[1],
            "count": counts.get(t, 0),
        }
        for t in known
    ]


def _relation_legend(H: nx.MultiDiGraph) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for *_, relation in H.edges(data="relation", default=""):
        counts[relation] = counts.get(relation, 0) + 1
    known = list(RELATION_LABELS) + sorted(set(counts) - set(RELATION_LABELS))
    return [
        {
            "relation": r,
            "label": relation_style(r).label,
            "english": relation_style(r).english,
            "color": relation_style(r).colour,
            "count": counts.get(r, 0),
            "gazetteer": r in GAZETTEER_RELATIONS,
        }
        for r in known
    ]


# ---------------------------------------------------------------- page text

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def safe_json(value: Any) -> str:
    """JSON that can sit inside a ``<script>`` element: no character of it can end the element.

    >>> safe_json({"name": "</script><b>&"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    # One C-level pass per character class: a page's data can be tens of millions of characters.
    for char, escaped in _ESCAPES.items():
        text = text.replace(char, escaped)
    return text


def _render_page(**values: Any) -> str:
    """page.html rendered by jinja2: every value escaped unless it is ``Markup`` (page text made
    safe already: JSON and code fit to inline), and a slot without a value an error."""
    import jinja2  # here: a build that reuses its exports (corpus.reuse) never renders a page

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    try:
        return env.from_string(_resource("page.html")).render(**values)
    except jinja2.TemplateError as error:
        raise ExportError(f"page.html cannot be rendered: {error}") from error


@lru_cache(maxsize=1)
def _assets() -> dict[str, Markup]:
    vis_js, vis_css = (_vis_asset(name) for name in VIS_ASSETS)
    explorer_js = _resource("explorer.js")
    inlined = {
        name: Markup(_inline_safe(text, name))
        for name, text in (
            ("vis_js", vis_js),
            ("vis_css", vis_css),
            ("explorer_js", explorer_js),
            ("explorer_css", _resource("explorer.css")),
        )
    }
    # Defence in depth: the page's policy runs only these two scripts, so even markup that
    # slipped through could neither run inline script or handlers nor load anything.
    inlined["script_hashes"] = Markup(" ".join(_csp_hash(js) for js in (vis_js, explorer_js)))
    return inlined


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _resource(name: str) -> str:
    return (ASSET_DIR / name).read_text(encoding="utf-8")


def _vis_asset(name: str) -> str:
    """A vis-network file pyvis ships for its own in_line mode, found without importing pyvis."""
    spec = find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ExportError("pyvis (a required package) is not installed: it ships the page's vis-network")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return (folder / "templates" / "lib" / name).read_text(encoding="utf-8")


def _inline_safe(text: str, name: str) -> str:
    """Code we inline must not close its own element early."""
    lowered = text.lower()
    if "</script" in lowered or "</style" in lowered or "<!--" in lowered:
        raise ExportError(f"cannot inline {name}: it contains a closing tag or comment opener")
    return text
