"""Matplotlib pictures of the analysis tables, with Chinese labels that render.

Call ``use_cjk_font()`` once before plotting: matplotlib's default fonts have no
Chinese glyphs and draw empty boxes instead.  On Debian the font comes from the
``fonts-noto-cjk`` package.
"""

from __future__ import annotations

import io
import math
import re
import warnings
from pathlib import Path

import matplotlib
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from ..errors import ConfigError, QueryError
from ..export.styles import TYPE_STYLES, UNKNOWN_STYLE, type_style
from ..io.atomic import atomic_write_bytes

__all__ = [
    "use_cjk_font",
    "plot_centrality",
    "radial_layout",
    "draw_subgraph",
    "plot_posts_timeline",
    "save_png",
    "TYPE_COLOURS",
]

# Simplified-Chinese faces first: the same character can differ in shape between SC/TC/JP.
PREFERRED_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "Heiti SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
)
CJK_FILE = re.compile(r"cjk|wqy|wenquanyi|sourcehan|simhei|msyh|pingfang|notosanssc", re.IGNORECASE)
INSTALL_HINT = "install one (Debian/Ubuntu: apt-get install fonts-noto-cjk) so Chinese labels render"

# The explorer page's colours and shapes (graph.export.styles): a type looks alike on the page and in a plot.
TYPE_COLOURS = {kind: style.colour for kind, style in TYPE_STYLES.items()}
OTHER_COLOUR = UNKNOWN_STYLE.colour


def _pick_font(names: set[str]) -> str | None:
    for name in PREFERRED_FONTS:
        if name in names:
            return name
    others = sorted(n for n in names if "CJK" in n and "Mono" not in n)
    return others[0] if others else None


def _register_system_cjk_fonts() -> None:
    # Matplotlib's font cache may predate the font package: add the files by hand.
    for path in font_manager.findSystemFonts():
        if CJK_FILE.search(Path(path).name):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue


def use_cjk_font(*, required: bool = True) -> str:
    """Make matplotlib draw Chinese: pick an installed CJK font and return its name.

    Sets ``font.sans-serif`` (the font first) and ``axes.unicode_minus = False``
    (CJK fonts often lack the Unicode minus).  With no CJK font installed, raises
    ``ConfigError``, or with ``required=False`` warns and returns ``""``.
    """
    name = _pick_font({f.name for f in font_manager.fontManager.ttflist})
    if name is None:
        _register_system_cjk_fonts()
        name = _pick_font({f.name for f in font_manager.fontManager.ttflist})
    if name is None:
        message = f"no CJK font found for matplotlib: {INSTALL_HINT}"
        if required:
            raise ConfigError(message)
        warnings.warn(message, stacklevel=2)
        return ""
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [
        name,
        *(f for f in matplotlib.rcParams["font.sans-serif"] if f != name),
    ]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return name


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    return ax if ax is not None else plt.subplots(figsize=size)[1]


def _no_data(ax: Axes, message: str) -> Axes:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    return ax


def plot_centrality(table: pd.DataFrame, *, measure: str = "betweenness", ax: Axes | None = None) -> Axes:
    """Horizontal bars of a ``centrality_table`` column, coloured by node type."""
    if measure not in ("degree", "betweenness"):
        raise QueryError(f"measure must be 'degree' or 'betweenness', got {measure!r}")
    ax = _axes(ax, (7, 1.5 + 0.3 * len(table)))
    if table.empty:
        return _no_data(ax, "图中没有节点 (no nodes)")
    rows = table.sort_values([measure, "name"], ascending=[False, True], kind="mergesort")
    ax.barh(rows["name"], rows[measure], color=[TYPE_COLOURS.get(t, OTHER_COLOUR) for t in rows["type"]])
    ax.invert_yaxis()
    ax.set_xlabel(measure)
    ax.set_title(f"中心度 ({measure})")
    _type_legend(ax, set(rows["type"]))
    return ax


def _type_legend(ax: Axes, types: set[str]) -> None:
    handles = [
        Line2D([], [], marker=type_style(t).marker, linestyle="", color=type_style(t).colour, label=t)
        for t in sorted(types)
    ]
    ax.legend(handles=handles, loc="best", fontsize="small")


def radial_layout(U: nx.Graph, root: str, *, stagger: int = 3) -> dict[str, tuple[float, float]]:
    """Positions on rings around ``root``: ring = hops from root, angle shared by subtree size.

    Each node sits inside its parent's wedge, so a body's units stay next to it.
    Crowded rings alternate between ``stagger`` radii to keep labels apart; nodes
    not connected to ``root`` go on one outer ring.
    """
    tree = nx.bfs_tree(U, root, sort_neighbors=sorted)
    weight: dict[str, int] = {}
    for node in reversed(list(nx.topological_sort(tree))):
        weight[node] = max(1, sum(weight[c] for c in tree.successors(node)))
    pos = {root: (0.0, 0.0)}
    wedges = [(root, 0.0, 2 * math.pi, 0)]
    while wedges:
        node, start, width, depth = wedges.pop()
        kids = sorted(tree.successors(node))
        for i, kid in enumerate(kids):
            share = width * weight[kid] / weight[node]
            radius = depth + 1 + (0.4 * (i % stagger) if len(kids) > 12 else 0.0)
            pos[kid] = (radius * math.cos(start + share / 2), radius * math.sin(start + share / 2))
            wedges.append((kid, start, share, depth + 1))
            start += share
    return _outer_ring(pos, sorted(n for n in U if n not in pos))


def _outer_ring(pos: dict, rest: list[str]) -> dict[str, tuple[float, float]]:
    radius = max(math.hypot(x, y) for x, y in pos.values()) + 1
    for i, node in enumerate(rest):
        angle = 2 * math.pi * i / len(rest)
        pos[node] = (radius * math.cos(angle), radius * math.sin(angle))
    return pos


def draw_subgraph(
    H: nx.MultiDiGraph, *, root: str | None = None, title: str = "", seed: int = 0, ax: Axes | None = None
) -> Axes:
    """Draw ``H`` with node names as labels and colours by type.

    With ``root`` (a key of ``H``, e.g. the district) the layout is radial around it;
    otherwise a spring layout with a fixed ``seed``.
    """
    side = min(18.0, 7 + 0.1 * H.number_of_nodes())
    ax = _axes(ax, (side, side * 0.8))
    ax.set_title(title)
    if H.number_of_nodes() == 0:
        return _no_data(ax, "子图为空 (empty subgraph)")
    if root is not None and root not in H:
        raise QueryError(f"root {root!r} is not a node of the graph to draw")
    simple = nx.DiGraph()
    simple.add_nodes_from(H.nodes)
    simple.add_edges_from((u, v) for u, v in H.edges() if u != v)
    undirected = simple.to_undirected()
    pos = radial_layout(undirected, root) if root is not None else nx.spring_layout(undirected, seed=seed)
    nx.draw_networkx_edges(simple, pos, ax=ax, edge_color="#bbbbbb", arrowsize=7, width=0.6)
    kinds = sorted({str(H.nodes[n].get("type", "Other")) for n in simple})
    for kind in kinds:  # one call per type: matplotlib draws one marker shape per collection
        style = type_style(kind)
        members = [n for n in simple if str(H.nodes[n].get("type", "Other")) == kind]
        nx.draw_networkx_nodes(
            simple,
            pos,
            nodelist=members,
            ax=ax,
            node_color=style.colour,
            node_shape=style.marker,
            node_size=140,
            label=kind,
        )
    nx.draw_networkx_labels(
        simple,
        pos,
        ax=ax,
        labels={n: H.nodes[n].get("name", n) for n in simple},
        font_size=8,
        verticalalignment="bottom",
    )
    _type_legend(ax, {H.nodes[n].get("type", "?") for n in H})
    ax.set_axis_off()
    return ax


def plot_posts_timeline(timeline: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Stems of a ``posts_timeline`` table: how many posts each article date reports."""
    ax = _axes(ax, (8, 3.5))
    if timeline.empty:
        return _no_data(ax, "没有带日期的任职 (no dated posts)")
    ax.vlines(timeline["date"], 0, timeline["posts"], color=TYPE_COLOURS["Person"])
    ax.plot(timeline["date"], timeline["posts"], "o", color=TYPE_COLOURS["Person"])
    ax.set_ylim(0, timeline["posts"].max() + 1)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_ylabel("任职数 (posts)")
    ax.set_title("按文章日期的任职记录 (posts by article date)")
    return ax


def save_png(figure: Figure, path: Path | str, *, dpi: int = 120) -> Path:
    """Write ``figure`` as PNG atomically, without the version stamp, so reruns match byte for byte."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    return atomic_write_bytes(path, buffer.getvalue())
