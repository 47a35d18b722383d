"""Node positions computed ahead in Python, so the browser draws without simulating.

Each connected component is laid out on its own with a Fruchterman-Reingold
force layout (numpy only: networkx's spring_layout needs scipy past 500 nodes),
then the components are packed in rows, largest first.  A fixed seed and
rounding to whole pixels make the result byte-stable for the same graph.

>>> import networkx as nx
>>> pos = compute_layout(nx.path_graph(["a", "b", "c"]))
>>> sorted(pos) == ["a", "b", "c"] and all(isinstance(v, int) for xy in pos.values() for v in xy)
True
"""

from __future__ import annotations

import math
from collections.abc import Hashable

import networkx as nx
import numpy as np

__all__ = ["compute_layout", "force_layout"]

NODE_SPACING = 150.0  # pixels between neighbours: room for two node labels and an edge label
COMPONENT_GAP = 150.0
SCREEN_ASPECT = 1.6  # width / height the packed components aim for    # pixels between packed components


def compute_layout(G: nx.Graph, *, seed: int = 7) -> dict[Hashable, tuple[int, int]]:
    """Whole-pixel ``(x, y)`` for every node of ``G``; direction and parallel edges are ignored."""
    simple = nx.Graph(G)
    components = sorted(
        (sorted(c, key=str) for c in nx.connected_components(simple)),
        key=lambda nodes: (-len(nodes), str(nodes[0])),
    )
    placed = [_scaled_component(simple, nodes, seed) for nodes in components]
    return _pack(placed)


def _scaled_component(simple: nx.Graph, nodes: list, seed: int) -> dict[Hashable, np.ndarray]:
    """Positions of one component, with the top-left corner at the origin."""
    if len(nodes) == 1:
        return {nodes[0]: np.zeros(2)}
    adjacency = nx.to_numpy_array(simple, nodelist=nodes, weight=None, dtype=np.float32)
    unit = force_layout(adjacency, seed=seed)
    # Force layouts fill a unit box whatever the size: scale so that a typical edge is
    # NODE_SPACING long and each node has about NODE_SPACING squared of room, for the labels.
    by_edges = NODE_SPACING / _median_edge_length(adjacency, unit)
    by_area = NODE_SPACING * math.sqrt(len(nodes))
    coords = _lying_flat(unit * max(by_edges, by_area))
    coords -= coords.min(axis=0)
    return {node: coords[i] for i, node in enumerate(nodes)}


def _lying_flat(coords: np.ndarray) -> np.ndarray:
    """Rotate so the long axis is horizontal: screens are wider than tall."""
    centred = coords - coords.mean(axis=0)
    _, vectors = np.linalg.eigh(np.cov(centred.T))
    major = vectors[:, -1]
    # an eigenvector's sign is arbitrary; fix it so the result does not depend on the solver
    major = major if major[np.argmax(np.abs(major))] > 0 else -major
    rotation = np.array([[major[0], major[1]], [-major[1], major[0]]])
    return centred @ rotation.T


def _median_edge_length(adjacency: np.ndarray, unit: np.ndarray) -> float:
    heads, tails = np.nonzero(np.triu(adjacency))
    lengths = np.sqrt(((unit[heads] - unit[tails]) ** 2).sum(axis=1))
    return max(float(np.median(lengths)), 1e-3)


def force_layout(adjacency: np.ndarray, *, seed: int = 7, iterations: int | None = None) -> np.ndarray:
    """Fruchterman-Reingold positions in the unit square for a dense adjacency matrix.

    The same algorithm as networkx's dense solver, with fewer iterations on big
    graphs: 2,000 nodes take a few seconds.
    """
    n = adjacency.shape[0]
    if iterations is None:
        iterations = 50 if n <= 300 else 35
    rng = np.random.RandomState(seed)
    pos = rng.rand(n, 2).astype(np.float32)
    k = math.sqrt(1.0 / n)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        pos += _displacement(adjacency, pos, k, temperature)
        temperature -= cooling
    pos -= pos.min(axis=0)
    span = float(pos.max()) or 1.0
    return pos / span


def _displacement(adjacency: np.ndarray, pos: np.ndarray, k: float, temperature: float) -> np.ndarray:
    # Element-wise numpy only, no BLAS: a matrix product's summation order can change with
    # the thread count, and this loop would amplify the difference into other positions.
    dx = pos[:, 0, np.newaxis] - pos[np.newaxis, :, 0]
    dy = pos[:, 1, np.newaxis] - pos[np.newaxis, :, 1]
    distance2 = dx * dx + dy * dy
    np.clip(distance2, 1e-4, None, out=distance2)
    # repulsion k^2/d between all pairs, attraction d^2/k along edges, as a force per unit delta
    force = k * k / distance2 - adjacency * np.sqrt(distance2) / k
    shift = np.stack([(force * dx).sum(axis=1), (force * dy).sum(axis=1)], axis=1)
    length = np.sqrt((shift * shift).sum(axis=1))
    length = np.where(length < 0.01, 0.1, length)
    return shift * (temperature / length)[:, np.newaxis]


def _pack(placed: list[dict[Hashable, np.ndarray]]) -> dict[Hashable, tuple[int, int]]:
    """Shelf packing: rows of components, left to right, about SCREEN_ASPECT times wider than tall."""
    sizes = [_extent(coords) for coords in placed]
    total_area = sum((w + COMPONENT_GAP) * (h + COMPONENT_GAP) for w, h in sizes)
    row_width = max(math.sqrt(total_area * SCREEN_ASPECT), max((w for w, _ in sizes), default=0.0))
    positions: dict[Hashable, tuple[int, int]] = {}
    x = y = row_height = 0.0
    for coords, (width, height) in zip(placed, sizes):
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + COMPONENT_GAP, 0.0
        for node, xy in coords.items():
            positions[node] = (round(float(xy[0]) + x), round(float(xy[1]) + y))
        x += width + COMPONENT_GAP
        row_height = max(row_height, height)
    return _centred(positions)


def _extent(coords: dict[Hashable, np.ndarray]) -> tuple[float, float]:
    stacked = np.array(list(coords.values()))
    return float(stacked[:, 0].max()), float(stacked[:, 1].max())


def _centred(positions: dict[Hashable, tuple[int, int]]) -> dict[Hashable, tuple[int, int]]:
    if not positions:
        return positions
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    cx, cy = (min(xs) + max(xs)) // 2, (min(ys) + max(ys)) // 2
    return {node: (x - cx, y - cy) for node, (x, y) in positions.items()}
