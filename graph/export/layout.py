"""Node positions computed ahead in Python, so the browser draws without simulating.

Each connected component is laid out on its own with a Fruchterman-Reingold
force layout (numpy only: networkx's spring_layout needs scipy past 500 nodes);
then, within each component, nodes are pushed apart until no node's footprint
(its shape and the label drawn under it) overlaps another's; then the
components are packed in rows, largest first, and the unconnected nodes in a
grid after them.  A fixed seed and rounding to whole pixels make the result
byte-stable for the same graph.

>>> import networkx as nx
>>> pos = compute_layout(nx.path_graph(["a", "b", "c"]))
>>> sorted(pos) == ["a", "b", "c"] and all(isinstance(v, int) for xy in pos.values() for v in xy)
True
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import NamedTuple

import networkx as nx
import numpy as np

__all__ = ["Footprint", "compute_layout", "force_layout", "spring_components", "arrange", "overlapping_pairs"]

EDGE_LENGTH = 110.0  # pixels a typical edge is long before overlaps are pushed apart
COMPONENT_GAP = 90.0  # pixels between packed components
FOOTPRINT_GAP = 6.0  # pixels kept free between two footprints
SCREEN_ASPECT = 1.1  # width / height the packed components aim for (the page's canvas)
SEPARATION_ROUNDS = 100
PAIR_REFRESH = 8  # rounds between two searches for the pairs that may overlap
NEAR_MARGIN = 80.0  # pixels: pairs closer than this to overlapping are watched
PAIR_CHUNK = 512
ROOM = 3.0  # a component's box holds this many times its nodes' footprints before separation


class Footprint(NamedTuple):
    """The box a drawn node covers: ``width`` x ``height``, its centre ``dy`` below the node's."""

    width: float
    height: float
    dy: float = 0.0


DEFAULT_FOOTPRINT = Footprint(40.0, 40.0)


class Component(NamedTuple):
    nodes: list
    coords: np.ndarray  # (n, 2) float positions, scaled to pixels


def compute_layout(
    G: nx.Graph, *, seed: int = 7, footprints: Mapping[Hashable, Footprint] | None = None
) -> dict[Hashable, tuple[int, int]]:
    """Whole-pixel ``(x, y)`` for every node of ``G``; direction and parallel edges are ignored."""
    return arrange(spring_components(G, seed=seed), footprints or {})


def spring_components(G: nx.Graph, *, seed: int = 7) -> list[Component]:
    """The force layout of each connected component, largest first; singletons at the origin."""
    simple = nx.Graph(G)
    simple.remove_edges_from(list(nx.selfloop_edges(simple)))
    components = sorted(
        (sorted(c, key=str) for c in nx.connected_components(simple)),
        key=lambda nodes: (-len(nodes), str(nodes[0])),
    )
    return [_spring_component(simple, nodes, seed) for nodes in components]


def _spring_component(simple: nx.Graph, nodes: list, seed: int) -> Component:
    if len(nodes) == 1:
        return Component(nodes, np.zeros((1, 2)))
    adjacency = nx.to_numpy_array(simple, nodelist=nodes, weight=None, dtype=np.float32)
    unit = force_layout(adjacency, seed=seed).astype(np.float64)
    # Force layouts fill a unit box whatever the size: scale so that a typical edge is
    # EDGE_LENGTH long; the separation below makes room for the labels.
    scale = EDGE_LENGTH / _median_edge_length(adjacency, unit)
    return Component(nodes, _lying_flat(unit * scale))


def arrange(
    components: list[Component], footprints: Mapping[Hashable, Footprint], *, separate: bool = True
) -> dict:
    """Separate each component's footprints, then pack the components; whole pixels, centred.

    ``separate=False`` only spreads each component to the room its footprints need: a
    quick estimate of the size the layout will have.
    """
    connected = [c for c in components if len(c.nodes) > 1]
    lonely = [c.nodes[0] for c in components if len(c.nodes) == 1]
    spread = _separated if separate else _spread
    blocks = [spread(c, footprints) for c in connected]
    if lonely:
        blocks.append(_grid(lonely, footprints))
    return _pack(blocks, footprints)


def _footprint_arrays(nodes: list, footprints: Mapping[Hashable, Footprint]) -> tuple[np.ndarray, np.ndarray]:
    prints = [footprints.get(node, DEFAULT_FOOTPRINT) for node in nodes]
    half = np.array([(p.width / 2, p.height / 2) for p in prints], dtype=np.float64)
    offset = np.array([(0.0, p.dy) for p in prints], dtype=np.float64)
    return half, offset


def _separated(component: Component, footprints: Mapping[Hashable, Footprint]) -> Component:
    """No two footprints overlapping: push overlapping pairs apart, then re-place what still overlaps.

    The pushing keeps the force layout's shape; the few nodes still caught in a crowd
    after SEPARATION_ROUNDS are moved to the nearest free spot, so none overlap in the end.
    """
    half, offset = _footprint_arrays(component.nodes, footprints)
    coords = _roomy(component.coords, half)
    for round_ in range(SEPARATION_ROUNDS):
        if round_ % PAIR_REFRESH == 0:
            pairs = _close_pairs(coords + offset, half, NEAR_MARGIN)
        push = _pair_push(coords + offset, half, pairs)
        if push is None:
            break
        coords += push
    return Component(component.nodes, _free_spots(coords, half, offset))


def _spread(component: Component, footprints: Mapping[Hashable, Footprint]) -> Component:
    half, _ = _footprint_arrays(component.nodes, footprints)
    return Component(component.nodes, _roomy(component.coords, half))


def _free_spots(coords: np.ndarray, half: np.ndarray, offset: np.ndarray) -> np.ndarray:
    """Keep the nodes that overlap nothing; move each of the others to the closest free spot."""
    centres = coords + offset
    _, tails = _close_pairs(centres, half, 1.0)  # 1 px: what whole-pixel rounding could make touch
    crowded = sorted(set(tails.tolist()))  # of each overlapping pair the later node moves
    if not crowded:
        return coords
    padded = half + FOOTPRINT_GAP / 2
    moving = np.zeros(len(coords), dtype=bool)
    moving[crowded] = True
    boxes = np.concatenate([centres - padded, centres + padded], axis=1)  # left, top, right, bottom
    placed = list(np.nonzero(~moving)[0])
    for i in crowded:
        centres[i] = _nearest_free(centres[i], padded[i], boxes[placed])
        boxes[i] = np.concatenate([centres[i] - padded[i], centres[i] + padded[i]])
        placed.append(i)
    return centres - offset


def _nearest_free(centre: np.ndarray, padded: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """The first spot on a spiral around ``centre`` where a box of half-size ``padded`` is free."""
    # steps of about the box's smaller half side: fine enough, and few tries in a crowd
    step = max(float(padded.min()), 4.0)
    for batch in _SPIRAL_BATCHES:
        spots = centre + batch * step
        low, high = spots - padded, spots + padded
        near = boxes[
            (boxes[:, 0] < high[:, 0].max())
            & (boxes[:, 2] > low[:, 0].min())
            & (boxes[:, 1] < high[:, 1].max())
            & (boxes[:, 3] > low[:, 1].min())
        ]
        if not len(near):
            return spots[0]
        hit = (
            (near[np.newaxis, :, 0] < high[:, np.newaxis, 0])
            & (near[np.newaxis, :, 2] > low[:, np.newaxis, 0])
            & (near[np.newaxis, :, 1] < high[:, np.newaxis, 1])
            & (near[np.newaxis, :, 3] > low[:, np.newaxis, 1])
        ).any(axis=1)
        if not hit.all():
            return spots[int(np.argmin(hit))]
    raise AssertionError("unreachable: the spiral reaches past every placed box")  # pragma: no cover


def _spiral_batches(limit: float = 4000.0, batch: int = 256) -> list[np.ndarray]:
    """Offsets in units of one step on rings of growing radius, nearest first, in batches."""
    points = [(0.0, 0.0)]
    radius = 1.0
    while radius < limit:
        count = min(max(8, int(2 * math.pi * radius)), 720)
        angles = 2 * math.pi * np.arange(count) / count
        points += list(zip((radius * np.cos(angles)).tolist(), (radius * np.sin(angles)).tolist()))
        radius += 1 + radius / 40
    spiral = np.array(points)
    return [spiral[start : start + batch] for start in range(0, len(spiral), batch)]


_SPIRAL_BATCHES = _spiral_batches()


def _roomy(coords: np.ndarray, half: np.ndarray) -> np.ndarray:
    """Spread a component so its box holds ROOM times the area of its footprints."""
    span = coords.max(axis=0) - coords.min(axis=0) + 2 * half.mean(axis=0)
    needed = ROOM * float(((2 * half[:, 0] + FOOTPRINT_GAP) * (2 * half[:, 1] + FOOTPRINT_GAP)).sum())
    factor = math.sqrt(needed / float(span[0] * span[1]))
    centre = coords.mean(axis=0)
    return (coords - centre) * max(factor, 1.0) + centre


def _close_pairs(centres: np.ndarray, half: np.ndarray, margin: float) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs ``i < j`` whose footprints are within ``margin`` of overlapping."""
    heads, tails = [], []
    for start in range(0, len(centres), PAIR_CHUNK):  # row blocks: bounded memory on big graphs
        rows = slice(start, start + PAIR_CHUNK)
        dx = np.abs(centres[np.newaxis, :, 0] - centres[rows, np.newaxis, 0])
        dy = np.abs(centres[np.newaxis, :, 1] - centres[rows, np.newaxis, 1])
        near = (dx < half[rows, np.newaxis, 0] + half[np.newaxis, :, 0] + margin) & (
            dy < half[rows, np.newaxis, 1] + half[np.newaxis, :, 1] + margin
        )
        i, j = np.nonzero(near)
        i += start
        keep = i < j
        heads.append(i[keep])
        tails.append(j[keep])
    return np.concatenate(heads), np.concatenate(tails)


def _pair_push(
    centres: np.ndarray, half: np.ndarray, pairs: tuple[np.ndarray, np.ndarray]
) -> np.ndarray | None:
    heads, tails = pairs
    n = len(centres)
    delta = centres[tails] - centres[heads]
    over = half[heads] + half[tails] + FOOTPRINT_GAP - np.abs(delta)
    overlap = (over[:, 0] > 0) & (over[:, 1] > 0)
    if not overlap.any():
        return None
    heads, tails, delta, over = heads[overlap], tails[overlap], delta[overlap], over[overlap]
    along_x = over[:, 0] <= over[:, 1]
    # two nodes at the very same spot: the later one moves right / down, never at random
    sign = np.where(delta == 0, 1.0, np.sign(delta))
    amount = np.where(along_x[:, np.newaxis], [1.0, 0.0], [0.0, 1.0]) * over * sign
    crowd = np.bincount(heads, minlength=n) + np.bincount(tails, minlength=n)
    damping = np.full(n, 0.5) / np.maximum(crowd, 1) ** 0.1
    push = np.zeros((n, 2))
    for axis in (0, 1):
        # bincount adds in index order: the same result on every machine
        push[:, axis] = np.bincount(tails, amount[:, axis], n) - np.bincount(heads, amount[:, axis], n)
    return push * damping[:, np.newaxis]


def overlapping_pairs(positions: Mapping, footprints: Mapping[Hashable, Footprint]) -> int:
    """How many pairs of nodes' footprints overlap (the layout's own check)."""
    nodes = sorted(positions, key=str)
    if len(nodes) < 2:
        return 0
    half, offset = _footprint_arrays(nodes, footprints)
    centres = np.array([positions[n] for n in nodes], dtype=np.float64) + offset
    dx = np.abs(centres[np.newaxis, :, 0] - centres[:, np.newaxis, 0])
    dy = np.abs(centres[np.newaxis, :, 1] - centres[:, np.newaxis, 1])
    overlap = (half[:, np.newaxis, 0] + half[np.newaxis, :, 0] > dx) & (
        half[:, np.newaxis, 1] + half[np.newaxis, :, 1] > dy
    )
    return int(np.triu(overlap, k=1).sum())


def _grid(nodes: list, footprints: Mapping[Hashable, Footprint]) -> Component:
    """Unconnected nodes in rows of equal cells (the page hides them until asked)."""
    half, offset = _footprint_arrays(nodes, footprints)
    cell_w, cell_h = (2 * half.max(axis=0) + FOOTPRINT_GAP * 2).tolist()
    columns = max(1, math.ceil(math.sqrt(len(nodes) * SCREEN_ASPECT * cell_h / cell_w)))
    coords = np.array([((i % columns) * cell_w, (i // columns) * cell_h) for i in range(len(nodes))])
    return Component(nodes, coords - offset)


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
    # Element-wise numpy only, no BLAS (see _overlap_push).
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
    half, offset = _footprint_arrays(block.nodes, footprints)
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
