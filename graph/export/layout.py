"""Node positions computed ahead in Python, so the browser draws without simulating.

Each connected component is laid out on its own with a Fruchterman-Reingold
force layout (numpy only: networkx's spring_layout needs scipy past 500 nodes);
then, within each component, nodes are pushed apart until no node's footprint
(its shape and the label drawn under it) overlaps another's (``separation``); then
the components are packed in rows, largest first, and the unconnected nodes in a
grid after them.  A fixed seed and rounding to whole pixels make the result
byte-stable for the same graph.

>>> import networkx as nx
>>> pos = compute_layout(nx.path_graph(["a", "b", "c"]))
>>> sorted(pos) == ["a", "b", "c"] and all(isinstance(v, int) for xy in pos.values() for v in xy)
True
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Mapping
from typing import NamedTuple

import networkx as nx
import numpy as np

from .separation import DEFAULT_FOOTPRINT, FOOTPRINT_GAP, Footprint, footprint_arrays, separate

__all__ = [
    "Footprint",
    "DEFAULT_FOOTPRINT",
    "compute_layout",
    "force_layout",
    "spring_components",
    "arrange",
    "Arrangement",
    "overlapping_pairs",
]

EDGE_LENGTH = 110.0  # pixels a typical edge is long before overlaps are pushed apart
COMPONENT_GAP = 90.0  # pixels between packed components
SCREEN_ASPECT = 1.1  # width / height the packed components aim for (the page's canvas)
ROOM = 3.0  # a component's box holds this many times its nodes' footprints before separation
BLOCK_CELLS = 1 << 17  # pairwise forces are computed this many matrix cells at a time (cache-sized)


class Component(NamedTuple):
    nodes: list
    coords: np.ndarray  # (n, 2) float positions, scaled to pixels


def compute_layout(
    G: nx.Graph, *, seed: int = 7, footprints: Mapping[Hashable, Footprint] | None = None
) -> dict[Hashable, tuple[int, int]]:
    """Whole-pixel ``(x, y)`` for every node of ``G``; direction and parallel edges are ignored."""
    return arrange(spring_components(G, seed=seed), footprints or {})


# ---------------------------------------------------------------- force layout


def spring_components(G: nx.Graph, *, seed: int = 7) -> list[Component]:
    """The force layout of each connected component, largest first; singletons at the origin."""
    components = _components(G)
    # components of the same shape get the same layout; those of one size are laid out together
    shapes = {(len(nodes), pairs.tobytes()): pairs for nodes, pairs in components if len(nodes) > 1}
    by_size: dict[int, list[tuple[int, bytes]]] = {}
    for shape in shapes:
        by_size.setdefault(shape[0], []).append(shape)
    laid_out = {}
    for n, same_size in by_size.items():
        layouts = _scaled_layouts(n, [shapes[shape] for shape in same_size], seed)
        laid_out.update(zip(same_size, layouts))
    return [
        Component(nodes, laid_out[len(nodes), pairs.tobytes()].copy() if len(nodes) > 1 else np.zeros((1, 2)))
        for nodes, pairs in components
    ]


def _components(G: nx.Graph) -> list[tuple[list, np.ndarray]]:
    """Each connected component's nodes (sorted by name) and its edges as index pairs ``i < j``,
    sorted, without self-loops or repeats; largest component first."""
    found = nx.weakly_connected_components(G) if G.is_directed() else nx.connected_components(G)
    components = sorted((sorted(c, key=str) for c in found), key=lambda nodes: (-len(nodes), str(nodes[0])))
    where = {node: (c, i) for c, nodes in enumerate(components) for i, node in enumerate(nodes)}
    edges: list[set[tuple[int, int]]] = [set() for _ in components]
    for head, tail in G.edges():
        (c, i), (_, j) = where[head], where[tail]
        if i != j:
            edges[c].add((min(i, j), max(i, j)))
    return [
        (nodes, np.array(sorted(pairs), dtype=np.intp).reshape(-1, 2))
        for nodes, pairs in zip(components, edges)
    ]


def _scaled_layouts(n: int, shapes: list[np.ndarray], seed: int) -> list[np.ndarray]:
    """The pixel layout of each shape of ``n`` nodes (its edges as index pairs)."""
    edge_sets = []
    for pairs in shapes:
        heads = np.concatenate([pairs[:, 0], pairs[:, 1]])
        tails = np.concatenate([pairs[:, 1], pairs[:, 0]])
        edge_sets.append((heads, tails, np.ones(len(heads), dtype=np.float32)))  # an unweighted adjacency
    units = _fruchterman_reingold(n, edge_sets, seed=seed).astype(np.float64)
    # Force layouts fill a unit box whatever the size: scale so that a typical edge is
    # EDGE_LENGTH long; the separation makes room for the labels.
    return [
        _lying_flat(unit * (EDGE_LENGTH / _median_edge_length(pairs, unit)))
        for pairs, unit in zip(shapes, units)
    ]


def force_layout(adjacency: np.ndarray, *, seed: int = 7, iterations: int | None = None) -> np.ndarray:
    """Fruchterman-Reingold positions in the unit square for a dense adjacency matrix.

    The same algorithm as networkx's dense solver, with fewer iterations on big
    graphs: 2,000 nodes take about a third of a second.
    """
    heads, tails = np.nonzero(adjacency)
    edges = (heads, tails, adjacency[heads, tails])
    return _fruchterman_reingold(adjacency.shape[0], [edges], seed=seed, iterations=iterations)[0]


def _fruchterman_reingold(
    n: int,
    edge_sets: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
    *,
    seed: int,
    iterations: int | None = None,
) -> np.ndarray:
    """The layouts, ``(len(edge_sets), n, 2)``, of graphs of ``n`` nodes given by the nonzero cells
    of their adjacency matrices (row, column, weight); each is the one it would get alone."""
    if iterations is None:
        iterations = 50 if n <= 300 else 35
    pos = np.repeat(_uniform(seed, n).astype(np.float32)[np.newaxis], len(edge_sets), axis=0)
    k = math.sqrt(1.0 / n)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    forces = _Forces(n, edge_sets)
    for _ in range(iterations):
        pos += forces.displacement(pos, k, temperature)
        temperature -= cooling
    pos -= pos.min(axis=1, keepdims=True)
    span = pos.max(axis=(1, 2))
    span[span == 0] = 1.0
    return pos / span[:, np.newaxis, np.newaxis]


class _Forces:
    """The pairwise forces of graphs of one size, a block of graphs (or of one big graph's rows)
    at a time.

    The matrices are the dense solver's, cell for cell; only the attraction, nonzero on
    the edges alone, is computed on the edges alone (elsewhere it adds exactly zero).
    Element-wise numpy only, no BLAS: the sums come out the same on every machine.
    """

    def __init__(self, n: int, edge_sets: list[tuple[np.ndarray, np.ndarray, np.ndarray]]):
        graphs = np.concatenate([np.full(len(heads), g) for g, (heads, _, _) in enumerate(edge_sets)])
        heads, tails, weights = (np.concatenate(parts) for parts in zip(*edge_sets))
        order = np.lexsort((heads, graphs))
        self.graphs, self.heads, self.tails, self.weights = (
            graphs[order],
            heads[order],
            tails[order],
            weights[order],
        )
        per, rows, self.blocks = _blocks(n, len(edge_sets))
        cells = self.graphs.astype(np.int64) * n + self.heads  # sorted: each block's edges are a slice
        self.edge_spans = [
            (int(np.searchsorted(cells, g0 * n + r0)), int(np.searchsorted(cells, (g1 - 1) * n + r1)))
            for g0, g1, r0, r1 in self.blocks
        ]
        # the matrix of forces takes the adjacency's type (float32 unless it was given wider)
        dtype = np.result_type(self.weights.dtype, np.float32)
        shape = (per, rows, n)
        self.dx, self.dy, self.distance2, self.square = (np.empty(shape, np.float32) for _ in range(4))
        self.force, self.product = (np.empty(shape, dtype) for _ in range(2))
        self.shift = np.empty((len(edge_sets), n, 2), dtype)

    def displacement(self, pos: np.ndarray, k: float, temperature: float) -> np.ndarray:
        x, y = pos[..., 0].copy(), pos[..., 1].copy()
        for block, edges in zip(self.blocks, self.edge_spans):
            self._block(x, y, block, edges, k)
        shift = self.shift
        length = np.sqrt((shift * shift).sum(axis=2))
        length = np.where(length < 0.01, 0.1, length)
        return shift * (temperature / length)[..., np.newaxis]

    def _block(self, x: np.ndarray, y: np.ndarray, block: tuple, edges: tuple[int, int], k: float) -> None:
        g0, g1, r0, r1 = block
        size = (slice(g1 - g0), slice(r1 - r0))
        dx = np.subtract(x[g0:g1, r0:r1, np.newaxis], x[g0:g1, np.newaxis, :], out=self.dx[size])
        dy = np.subtract(y[g0:g1, r0:r1, np.newaxis], y[g0:g1, np.newaxis, :], out=self.dy[size])
        distance2 = np.multiply(dx, dx, out=self.distance2[size])
        distance2 += np.multiply(dy, dy, out=self.square[size])
        np.maximum(distance2, 1e-4, out=distance2)  # np.clip(d2, 1e-4, None), without its wrapper
        # repulsion k^2/d between all pairs, attraction d^2/k along edges, as a force per unit delta
        force = np.divide(k * k, distance2, out=self.force[size])
        cell = slice(*edges)
        graphs, heads, tails = self.graphs[cell] - g0, self.heads[cell] - r0, self.tails[cell]
        force[graphs, heads, tails] -= self.weights[cell] * np.sqrt(distance2[graphs, heads, tails]) / k
        product = self.product[size]
        self.shift[g0:g1, r0:r1, 0] = np.multiply(force, dx, out=product).sum(axis=2)
        self.shift[g0:g1, r0:r1, 1] = np.multiply(force, dy, out=product).sum(axis=2)


def _blocks(n: int, graphs: int) -> tuple[int, int, list[tuple[int, int, int, int]]]:
    """Graphs per block, rows per block, and the blocks (first graph, graph after the last,
    first row, row after the last): whole small graphs, or rows of one big graph, at a time."""
    if n * n <= BLOCK_CELLS:
        per = max(1, min(graphs, BLOCK_CELLS // (n * n)))
        return per, n, [(g, min(g + per, graphs), 0, n) for g in range(0, graphs, per)]
    rows = BLOCK_CELLS // n
    return 1, rows, [(g, g + 1, r, min(r + rows, n)) for g in range(graphs) for r in range(0, n, rows)]


def _uniform(seed: int, n: int) -> np.ndarray:
    """``numpy.random.RandomState(seed).rand(n, 2)``, without importing numpy.random (~12 ms).

    The same Mersenne Twister, seeded as numpy's legacy seeding does, drawn by Python's
    ``random.random``, which turns two 32-bit words into a double by the same formula.
    """
    if type(seed) is not int or not 0 <= seed < 1 << 32:
        return np.random.RandomState(seed).rand(n, 2)  # what numpy accepts (or refuses) beyond these
    state = [seed]
    for index in range(1, 624):
        state.append((1812433253 * (state[-1] ^ (state[-1] >> 30)) + index) & 0xFFFFFFFF)
    twister = random.Random()
    twister.setstate((3, (*state, 624), None))
    return np.array([twister.random() for _ in range(2 * n)]).reshape(n, 2)


def _median_edge_length(pairs: np.ndarray, unit: np.ndarray) -> float:
    lengths = np.sqrt(((unit[pairs[:, 0]] - unit[pairs[:, 1]]) ** 2).sum(axis=1))
    return max(_median(lengths), 1e-3)


def _median(values: np.ndarray) -> float:
    """``float(np.median(values))`` of a non-empty 1-d array, without np.median's import of
    numpy.ma (~10 ms): the middle value, or the mean of the middle two as np.mean takes it."""
    if np.isnan(values).any():
        return math.nan
    ordered = np.sort(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return float((ordered[middle - 1] + ordered[middle]) / 2)


def _lying_flat(coords: np.ndarray) -> np.ndarray:
    """Rotate so the long axis is horizontal: screens are wider than tall."""
    centred = coords - coords.mean(axis=0)
    _, vectors = np.linalg.eigh(np.cov(centred.T))
    major = vectors[:, -1]
    # an eigenvector's sign is arbitrary; fix it so the result does not depend on the solver
    major = major if major[np.argmax(np.abs(major))] > 0 else -major
    rotation = np.array([[major[0], major[1]], [-major[1], major[0]]])
    return centred @ rotation.T


# ---------------------------------------------------------------- arranging


def arrange(
    components: list[Component], footprints: Mapping[Hashable, Footprint], *, separate: bool = True
) -> dict:
    """Separate each component's footprints, then pack the components; whole pixels, centred.

    ``separate=False`` only spreads each component to the room its footprints need: a
    quick estimate of the size the layout will have.
    """
    return Arrangement(components).arrange(footprints, separate=separate)


class Arrangement:
    """The components of one graph, arranged for one set of footprints after another.

    A component whose nodes' footprints did not change since an earlier ``arrange`` is
    not separated again: separating depends on nothing else.
    """

    def __init__(self, components: list[Component]):
        self.connected = [c for c in components if len(c.nodes) > 1]
        self.lonely = [c.nodes[0] for c in components if len(c.nodes) == 1]
        self.separated: dict[tuple, Component] = {}

    def arrange(self, footprints: Mapping[Hashable, Footprint], *, separate: bool = True) -> dict:
        """As ``arrange`` above."""
        blocks = self._separated(footprints) if separate else [_spread(c, footprints) for c in self.connected]
        if self.lonely:
            blocks.append(_grid(self.lonely, footprints))
        return _pack(blocks, footprints)

    def _separated(self, footprints: Mapping[Hashable, Footprint]) -> list[Component]:
        keys = [
            (index, tuple(footprints.get(node, DEFAULT_FOOTPRINT) for node in c.nodes))
            for index, c in enumerate(self.connected)
        ]
        todo = [(key, c) for key, c in zip(keys, self.connected) if key not in self.separated]
        blocks = []
        for _, c in todo:
            half, offset = footprint_arrays(c.nodes, footprints)
            blocks.append((_roomy(c.coords, half), half, offset))
        for (key, c), coords in zip(todo, separate(blocks)):
            self.separated[key] = Component(c.nodes, coords)
        return [self.separated[key] for key in keys]


def _spread(component: Component, footprints: Mapping[Hashable, Footprint]) -> Component:
    half, _ = footprint_arrays(component.nodes, footprints)
    return Component(component.nodes, _roomy(component.coords, half))


def _roomy(coords: np.ndarray, half: np.ndarray) -> np.ndarray:
    """Spread a component so its box holds ROOM times the area of its footprints."""
    span = coords.max(axis=0) - coords.min(axis=0) + 2 * half.mean(axis=0)
    needed = ROOM * float(((2 * half[:, 0] + FOOTPRINT_GAP) * (2 * half[:, 1] + FOOTPRINT_GAP)).sum())
    factor = math.sqrt(needed / float(span[0] * span[1]))
    centre = coords.mean(axis=0)
    return (coords - centre) * max(factor, 1.0) + centre


def overlapping_pairs(positions: Mapping, footprints: Mapping[Hashable, Footprint]) -> int:
    """How many pairs of nodes' footprints overlap (the layout's own check)."""
    nodes = sorted(positions, key=str)
    if len(nodes) < 2:
        return 0
    half, offset = footprint_arrays(nodes, footprints)
    centres = np.array([positions[n] for n in nodes], dtype=np.float64) + offset
    dx = np.abs(centres[np.newaxis, :, 0] - centres[:, np.newaxis, 0])
    dy = np.abs(centres[np.newaxis, :, 1] - centres[:, np.newaxis, 1])
    overlap = (half[:, np.newaxis, 0] + half[np.newaxis, :, 0] > dx) & (
        half[:, np.newaxis, 1] + half[np.newaxis, :, 1] > dy
    )
    return int(np.triu(overlap, k=1).sum())


def _grid(nodes: list, footprints: Mapping[Hashable, Footprint]) -> Component:
    """Unconnected nodes in rows of equal cells (the page hides them until asked)."""
    half, offset = footprint_arrays(nodes, footprints)
    cell_w, cell_h = (2 * half.max(axis=0) + FOOTPRINT_GAP * 2).tolist()
    columns = max(1, math.ceil(math.sqrt(len(nodes) * SCREEN_ASPECT * cell_h / cell_w)))
    coords = np.array([((i % columns) * cell_w, (i // columns) * cell_h) for i in range(len(nodes))])
    return Component(nodes, coords - offset)


def _pack(blocks: list[Component], footprints: Mapping[Hashable, Footprint]) -> dict:
    """Shelf packing: rows of blocks, left to right, about SCREEN_ASPECT times wider than tall."""
    boxes = [_bounds(block, footprints) for block in blocks]
    sizes = [(right - left, bottom - top) for left, top, right, bottom in boxes]
    total_area = sum((w + COMPONENT_GAP) * (h + COMPONENT_GAP) for w, h in sizes)
    row_width = max(math.sqrt(total_area * SCREEN_ASPECT), max((w for w, _ in sizes), default=0.0))
    positions: dict[Hashable, tuple[int, int]] = {}
    x = y = row_height = 0.0
    for block, (left, top, _, _), (width, height) in zip(blocks, boxes, sizes):
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + COMPONENT_GAP, 0.0
        for node, (px, py) in zip(block.nodes, block.coords.tolist()):
            positions[node] = (round(px - left + x), round(py - top + y))
        x += width + COMPONENT_GAP
        row_height = max(row_height, height)
    return _centred(positions)


def _bounds(block: Component, footprints: Mapping[Hashable, Footprint]) -> tuple[float, float, float, float]:
    """Left, top, right, bottom of the block's footprints."""
    half, offset = footprint_arrays(block.nodes, footprints)
    centres = block.coords + offset
    low, high = (centres - half).min(axis=0), (centres + half).max(axis=0)
    return float(low[0]), float(low[1]), float(high[0]), float(high[1])


def _centred(positions: dict[Hashable, tuple[int, int]]) -> dict[Hashable, tuple[int, int]]:
    if not positions:
        return positions
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    cx, cy = (min(xs) + max(xs)) // 2, (min(ys) + max(ys)) // 2
    return {node: (x - cx, y - cy) for node, (x, y) in positions.items()}
