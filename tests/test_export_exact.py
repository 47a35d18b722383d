"""The fast export paths compute exactly what the plain ones do, and load nothing they do not need.

Each shortcut in the exporters (the batched force layout and separation, the pair search,
the free-spot search, the hand-made vis-network dicts, the template filling, the IRI
escaping) is checked here against the straightforward computation it replaces.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import numpy as np
import pytest
from test_html import sample_graph, synthetic_graph

from graph.errors import ExportError
from graph.export import html, separation
from graph.export.layout import (
    BLOCK_CELLS,
    _fruchterman_reingold,
    _median,
    _uniform,
    compute_layout,
    force_layout,
)
from graph.export.triples import decimal_literal
from graph.export.turtle import _node_term
from graph.export.vocab import _IRI_ESCAPED, _IRI_KEPT, ID, PREFIXES, iri_segment

# ---------------------------------------------------------------- the layout's coordinates


def _position_digest(positions: dict) -> str:
    text = json.dumps(sorted((str(node), xy) for node, xy in positions.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def test_layouts_are_those_of_the_dense_unbatched_code():
    # Digests of the coordinates before the layout was made fast (the pages embed them, so a
    # change here changes every page's bytes); the third graph takes the big-graph sizing path.
    G = synthetic_graph(400, seed=3)
    assert _position_digest(compute_layout(G)) == "52b5785939bfb654"
    assert _position_digest(html._readable_layout(G, html.label_fonts(G))) == "23f7d05212250999"
    H = html.cap_graph(synthetic_graph(1100, seed=4), 1050).graph
    assert _position_digest(html._readable_layout(H, html.label_fonts(H))) == "76bd82e7d1762126"


def _dense_force_layout(adjacency: np.ndarray, seed: int = 7, iterations: int = 50) -> np.ndarray:
    """Fruchterman-Reingold on whole dense matrices: the computation _Forces splits up."""
    n = adjacency.shape[0]
    pos = np.random.RandomState(seed).rand(n, 2).astype(np.float32)
    k, temperature = math.sqrt(1.0 / n), 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        dx = pos[:, 0, np.newaxis] - pos[np.newaxis, :, 0]
        dy = pos[:, 1, np.newaxis] - pos[np.newaxis, :, 1]
        distance2 = dx * dx + dy * dy
        np.clip(distance2, 1e-4, None, out=distance2)
        force = k * k / distance2 - adjacency * np.sqrt(distance2) / k
        shift = np.stack([(force * dx).sum(axis=1), (force * dy).sum(axis=1)], axis=1)
        length = np.sqrt((shift * shift).sum(axis=1))
        length = np.where(length < 0.01, 0.1, length)
        pos += shift * (temperature / length)[:, np.newaxis]
        temperature -= cooling
    pos -= pos.min(axis=0)
    return pos / (float(pos.max()) or 1.0)


def _random_adjacency(n: int, p: float, seed: int, dtype=np.float32) -> np.ndarray:
    rng = np.random.RandomState(seed)
    upper = np.triu(rng.rand(n, n) < p, 1)
    return (upper | upper.T).astype(dtype)


@pytest.mark.parametrize("n", [2, 5, 40, math.isqrt(BLOCK_CELLS) + 30])  # the last: rows in blocks
def test_force_layout_is_the_dense_solver_bit_for_bit(n):
    adjacency = _random_adjacency(n, 0.05, seed=n)
    assert np.array_equal(
        force_layout(adjacency, iterations=20), _dense_force_layout(adjacency, iterations=20)
    )


def test_a_weighted_double_adjacency_is_computed_in_doubles_as_the_dense_solver_does():
    adjacency = _random_adjacency(30, 0.2, seed=1, dtype=np.float64) * np.random.RandomState(2).rand(30, 30)
    adjacency = adjacency + adjacency.T
    assert np.array_equal(
        force_layout(adjacency, iterations=15), _dense_force_layout(adjacency, iterations=15)
    )


def test_graphs_of_one_size_laid_out_together_get_the_layout_each_gets_alone():
    sets = []
    for seed in range(6):
        adjacency = _random_adjacency(12, 0.3, seed)
        heads, tails = np.nonzero(adjacency)
        sets.append((heads, tails, adjacency[heads, tails]))
    together = _fruchterman_reingold(12, sets, seed=7)
    alone = [_fruchterman_reingold(12, [edges], seed=7)[0] for edges in sets]
    assert all(np.array_equal(a, b) for a, b in zip(together, alone))


def test_start_positions_and_median_are_numpys():
    for seed, n in ((7, 1), (7, 313), (0, 20), (2**32 - 1, 5)):
        assert np.array_equal(_uniform(seed, n), np.random.RandomState(seed).rand(n, 2))
    rng = np.random.RandomState(4)
    for n in (1, 2, 3, 8, 9, 100):
        values = np.round(rng.rand(n) * 100, 1)
        assert _median(values) == float(np.median(values))
    assert math.isnan(_median(np.array([1.0, np.nan])))


# ---------------------------------------------------------------- separating footprints


def _blocks(sizes: list[int], seed: int = 3) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    rng = np.random.RandomState(seed)
    blocks = []
    for n in sizes:
        coords = rng.rand(n, 2) * 40 * math.sqrt(n)
        half = np.column_stack([rng.uniform(15, 60, n), rng.uniform(8, 20, n)])
        offset = np.column_stack([np.zeros(n), rng.uniform(5, 15, n)])
        blocks.append((coords, half, offset))
    return blocks


def test_components_separated_together_end_where_each_ends_alone():
    blocks = _blocks([150, 30, 7, 2, 2, 12])  # one past SMALL_COMPONENT, searched by x-windows
    together = separation.separate(blocks)
    alone = [separation.separate([block])[0] for block in blocks]
    assert all(np.array_equal(a, b) for a, b in zip(together, alone))


def _all_close_pairs(centres: np.ndarray, half: np.ndarray, margin: float) -> tuple[np.ndarray, np.ndarray]:
    """Every pair i < j within ``margin`` of overlapping, from the full n x n comparison."""
    dx = np.abs(centres[np.newaxis, :, 0] - centres[:, np.newaxis, 0])
    dy = np.abs(centres[np.newaxis, :, 1] - centres[:, np.newaxis, 1])
    near = (dx < half[:, np.newaxis, 0] + half[np.newaxis, :, 0] + margin) & (
        dy < half[:, np.newaxis, 1] + half[np.newaxis, :, 1] + margin
    )
    return np.nonzero(np.triu(near, 1))


@pytest.mark.parametrize("margin", [1.0, 80.0])
def test_the_pair_search_finds_the_pairs_a_full_comparison_finds_in_the_same_order(margin):
    blocks = _blocks([600, 40, 3])
    starts = [0, 600, 640, 643]
    centres = np.concatenate([coords + offset for coords, _, offset in blocks])
    half = np.concatenate([half for _, half, _ in blocks])
    heads, tails = separation._PairSearch(starts).pairs(centres, half, margin, np.ones(3, dtype=bool))
    for a, b in zip(starts, starts[1:]):
        mine = (heads >= a) & (heads < b)
        expected = _all_close_pairs(centres[a:b], half[a:b], margin)
        assert np.array_equal(heads[mine] - a, expected[0]) and np.array_equal(tails[mine] - a, expected[1])


def _first_free_spot(centre: np.ndarray, padded: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """The spiral's spots tried in order against every box (in chunks, for memory)."""
    spots = centre + np.concatenate(separation._spiral_batches()) * max(float(padded.min()), 4.0)
    for start in range(0, len(spots), 2048):
        low, high = spots[start : start + 2048] - padded, spots[start : start + 2048] + padded
        hit = (
            (boxes[np.newaxis, :, 0] < high[:, np.newaxis, 0])
            & (boxes[np.newaxis, :, 2] > low[:, np.newaxis, 0])
            & (boxes[np.newaxis, :, 1] < high[:, np.newaxis, 1])
            & (boxes[np.newaxis, :, 3] > low[:, np.newaxis, 1])
        ).any(axis=1)
        if not hit.all():
            return spots[start + int(np.argmin(hit))]
    raise AssertionError("no free spot")


def test_a_crowded_node_moves_to_the_first_free_spot_of_the_spiral():
    rng = np.random.RandomState(5)
    for _ in range(12):
        centres = rng.rand(300, 2) * 600
        padded = np.column_stack([rng.uniform(10, 200, 300), rng.uniform(8, 30, 300)])
        boxes = np.concatenate([centres - padded, centres + padded], axis=1)
        centre, size = rng.rand(2) * 600, np.array([rng.uniform(10, 80), 12.0])
        assert np.array_equal(
            separation._nearest_free(centre, size, boxes), _first_free_spot(centre, size, boxes)
        )


# ---------------------------------------------------------------- the page


def test_vis_nodes_and_edges_are_those_pyvis_makes():
    pyvis_network = pytest.importorskip("pyvis.network")
    G = sample_graph()
    G.add_node("person:", name="", type="Person")  # an empty label: pyvis shows the id instead
    ours = html._network(G, frozenset(["person:王明"]))
    theirs = pyvis_network.Network(directed=True, cdn_resources="in_line")
    fonts = html.label_fonts(G)
    positions = html._readable_layout(G, fonts)
    for node in sorted(G.nodes, key=str):
        vis_node = html._vis_node(G, node, positions[node], fonts[node], node == "person:王明")
        theirs.add_node(str(node), **vis_node)
    for index, (head, tail, key) in enumerate(html._sorted_edges(G)):
        theirs.add_edge(str(head), str(tail), **html._vis_edge(G.edges[head, tail, key], index))
    assert ours.nodes == theirs.nodes and ours.edges == theirs.edges


def test_the_page_template_escapes_the_title_and_refuses_a_slot_without_a_value(monkeypatch):
    page = html.render_html(sample_graph(), title="<b>&'\"")
    assert "<title>&lt;b&gt;&amp;&#39;&#34;</title>" in page and "{{" not in page
    monkeypatch.setattr(html, "_resource", lambda name: "{{ title }} {{ nothing }}")
    with pytest.raises(ExportError, match="cannot be rendered"):
        html._render_page(title="t")


def test_a_capped_graph_is_the_subgraph_networkx_would_copy():
    G = synthetic_graph(300, seed=2)
    nodes = sorted(G.nodes, key=str)[:120]
    ours, theirs = html._induced_copy(G, nodes), G.subgraph(nodes).copy()
    assert dict(ours.nodes(data=True)) == dict(theirs.nodes(data=True)) and ours.graph == theirs.graph
    assert sorted(ours.edges(keys=True, data=True), key=str) == sorted(
        theirs.edges(keys=True, data=True), key=str
    )
    assert all(ours.nodes[n] is not G.nodes[n] for n in ours)  # copies, as networkx makes


def test_exporting_loads_neither_pyvis_ipython_nor_numpys_optional_parts():
    script = (
        f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); from test_html import sample_graph;"
        "from graph.export import export_graph; import tempfile, pathlib;"
        "export_graph(sample_graph(), pathlib.Path(tempfile.mkdtemp()), 'x');"
        "unwanted = ('pyvis', 'IPython', 'numpy.random', 'numpy.ma');"
        "print(sorted(m for m in unwanted if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


# ---------------------------------------------------------------- RDF terms


def test_iri_escaping_escapes_exactly_what_the_kept_characters_leave_out():
    every = "".join(map(chr, range(0x110000)))
    kept = re.compile(_IRI_KEPT)
    assert kept.sub("", every) == "".join(_IRI_ESCAPED.findall(every))
    assert _IRI_ESCAPED.sub("", every) == "".join(kept.findall(every))
    text = "吴江 区/100%\u202e\ud800\U0001fffe.~"
    assert iri_segment(text) == "".join(
        c if kept.match(c) else quote(c, safe="", errors="replace") for c in text
    )


def _node_term_by_search(iri: str) -> str:
    """The node term found by trying every node namespace, longest first."""
    from graph.export.turtle import _PN_LOCAL, _iri_ref

    spaces = [(ns, p) for p, ns in PREFIXES.items() if ns.startswith(str(ID)) and ns != str(ID)]
    for namespace, prefix in sorted(spaces, key=lambda space: -len(space[0])):
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            return f"{prefix}:{local}" if _PN_LOCAL.fullmatch(local) else _iri_ref(iri)
    return _iri_ref(iri)


def test_node_terms_take_the_prefix_of_their_namespace():
    locals_ = ["周乃翔", "320500", "a%28b%29", "a.b", "a.", "-a", "x/y", ""]
    segments = ["person", "place", "org", "article", "membership", "corpus", "source", "personx", "persons"]
    iris = [f"{ID}{segment}/{local}" for segment in segments for local in locals_] + [f"{ID}person", str(ID)]
    for iri in iris:
        assert _node_term(iri) == _node_term_by_search(iri), iri


def test_decimal_literals_keep_the_sign_of_zero_apart():
    assert [decimal_literal(v).lexical for v in (0.0, -0.0, 1, 0.75, 1e-7)] == [
        "0.0",
        "-0.0",
        "1.0",
        "0.75",
        "0.0000001",
    ]
    with pytest.raises(ExportError):
        decimal_literal(float("nan"))
