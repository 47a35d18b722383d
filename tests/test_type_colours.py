"""One colour per entity type: the explorer page and the notebook plots draw each type alike.

Both read ``graph.export.styles``; these tests compare what each one draws (the page's
data and, in Chromium, its pixels; the plots' matplotlib artists), not the tables.
Pictures land in test-artifacts/ (gitignored) for a look.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.image  # noqa: E402
import networkx as nx  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from test_html import embedded_data  # noqa: E402

from graph.export.html import render_html, write_html  # noqa: E402
from graph.export.styles import TYPE_STYLES, UNKNOWN_STYLE, type_style  # noqa: E402
from graph.model import EntityType  # noqa: E402
from graph.tools import analysis, plotting  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
TYPES = [t.value for t in EntityType]


def one_of_each() -> nx.MultiDiGraph:
    """A node of every type and one of a type the styles do not know, in a chain."""
    G = nx.MultiDiGraph(name="类型颜色")
    names = {
        "Person": "石兰芳",
        "Place": "青禾镇",
        "Organisation": "青禾镇党委",
        "Programme": "稻香夜校",
        "Event": "丰收节",
    }
    for kind, name in names.items():
        G.add_node(f"{kind.lower()}:{name}", name=name, type=kind, mention_count=3)
    keys = list(G.nodes)
    for head, tail in zip(keys, keys[1:]):
        G.add_edge(head, tail, key="part_of|", relation="part_of", confidence=0.9, evidence=[])
    return G


def test_every_entity_type_has_a_colour_a_shape_and_a_label_of_its_own():
    assert set(TYPE_STYLES) == set(TYPES)
    styles = [*TYPE_STYLES.values(), UNKNOWN_STYLE]
    for field in ("colour", "shape", "label", "marker"):
        values = [getattr(s, field) for s in TYPE_STYLES.values()]
        assert len(set(values)) == len(values), field
    assert UNKNOWN_STYLE.colour not in {s.colour for s in TYPE_STYLES.values()}
    assert all(to_rgba(s.colour) for s in styles)  # matplotlib reads every colour
    assert type_style("Event") == type_style(None) == UNKNOWN_STYLE


def page_colours(G: nx.MultiDiGraph) -> dict[str, str]:
    data = embedded_data(render_html(G))
    nodes = {n["kgType"]: n["color"] for n in data["nodes"]}
    legend = {t["type"]: t["color"] for t in data["legend"] if t["count"]}
    assert nodes == legend  # the page's legend shows the colour its nodes are drawn in
    return nodes


def node_collections(G: nx.MultiDiGraph) -> dict:
    """``draw_subgraph``'s node markers, one collection per type (labelled with the type)."""
    ax = plotting.draw_subgraph(G, title="类型颜色")
    return {c.get_label(): c for c in ax.collections if c.get_label() in {*TYPES, "Event"}}


def drawn_node_colours(G: nx.MultiDiGraph) -> dict[str, tuple]:
    """Each type's face colour as ``draw_subgraph`` fills its node."""
    return {kind: tuple(c.get_facecolors()[0]) for kind, c in node_collections(G).items()}


def _unit_outline(vertices) -> list:
    import numpy as np

    v = np.asarray(vertices, dtype=float)
    v = v - v.mean(axis=0)
    return (v / np.abs(v).max()).round(3).tolist()


def test_the_network_plot_draws_each_type_in_the_page_shape():
    from matplotlib.markers import MarkerStyle

    collections = node_collections(one_of_each())
    assert set(collections) == {*TYPES, "Event"}
    for kind, collection in collections.items():
        marker = MarkerStyle(type_style(kind).marker)
        wanted = marker.get_path().transformed(marker.get_transform()).vertices
        assert _unit_outline(collection.get_paths()[0].vertices) == _unit_outline(wanted), kind
    shapes = {kind: type_style(kind).marker for kind in TYPES}
    assert len(set(shapes.values())) == len(shapes)  # as the page's shapes differ, so do the plot's


def test_the_page_and_the_network_plot_fill_each_type_with_one_colour():
    G = one_of_each()
    page = page_colours(G)
    assert page == {kind: type_style(kind).colour for kind in [*TYPES, "Event"]}
    plotted = drawn_node_colours(G)
    assert plotted == {kind: to_rgba(colour) for kind, colour in page.items()}


def test_the_centrality_bars_and_every_plot_legend_use_the_page_colours():
    G = one_of_each()
    page = page_colours(G)
    table = analysis.centrality_table(G)
    ax = plotting.plot_centrality(table, measure="degree")
    type_of = dict(zip(table["name"], table["type"]))
    names = [label.get_text() for label in ax.get_yticklabels()]  # one tick per bar, bar order
    bars = {type_of[name]: tuple(bar.get_facecolor()) for name, bar in zip(names, ax.patches)}
    assert bars == {kind: to_rgba(colour) for kind, colour in page.items()}
    legend = {h.get_label(): to_rgba(h.get_color()) for h in ax.get_legend().legend_handles}
    assert legend == {kind: to_rgba(colour) for kind, colour in page.items()}
    markers = {h.get_label(): h.get_marker() for h in ax.get_legend().legend_handles}
    assert markers == {kind: type_style(kind).marker for kind in page}


def test_a_picture_of_the_plot_is_written_for_a_look():
    plotting.use_cjk_font(required=False)
    ax = plotting.draw_subgraph(one_of_each(), title="类型颜色 (type colours)")
    path = plotting.save_png(ax.figure, ARTIFACTS / "type-colours-plot.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# ---------------------------------------------------------------- the page as drawn

NODE_POINT = """(function (id) {
  var p = kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id]);
  var box = document.getElementById('kg-network').getBoundingClientRect();
  return [box.left + p.x, box.top + p.y];
})(%s)"""


@pytest.mark.browser
def test_the_page_paints_each_node_in_the_colour_the_plots_use(browser, tmp_path):
    G = one_of_each()
    browser.open(write_html(G, tmp_path / "page.html")[0])
    centres = {n: browser.evaluate(NODE_POINT % f'"{n}"') for n in G.nodes}
    pixels = matplotlib.image.imread(browser.screenshot(ARTIFACTS / "type-colours-page.png"))
    plotted = drawn_node_colours(G)
    for node, (x, y) in centres.items():
        painted = pixels[round(y), round(x)][:3]
        wanted = plotted[G.nodes[node]["type"]][:3]
        assert max(abs(a - b) for a, b in zip(painted, wanted)) < 0.02, (node, painted, wanted)
