"""Pushing the nodes of laid-out components apart until no two footprints overlap.

Each component is separated on its own (its nodes only ever meet its own nodes),
but all the components of a page in the same numpy calls: a page of a hundred
small components costs a few hundred numpy calls per round, not a few hundred per
component.  Every number a node gets is computed by the same operations, in the
same order, as when its component is separated alone, so the layout is the same
to the last bit however many components share the work.

Overlapping pairs are pushed apart for up to SEPARATION_ROUNDS rounds (a component
stops at the first round in which none of its watched pairs overlap); the few
nodes still caught in a crowd are then moved to the nearest free spot on a spiral,
so none overlap in the end.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from functools import lru_cache
from typing import NamedTuple

import numpy as np

__all__ = ["Footprint", "DEFAULT_FOOTPRINT", "footprint_arrays", "separate", "FOOTPRINT_GAP"]

FOOTPRINT_GAP = 6.0  # pixels kept free between two footprints
SEPARATION_ROUNDS = 100
PAIR_REFRESH = 8  # rounds between two searches for the pairs that may overlap
NEAR_MARGIN = 80.0  # pixels: pairs closer than this to overlapping are watched
SMALL_COMPONENT = 64  # up to this size every pair of a component is a candidate (no search)
WINDOW_ROWS = 256  # rows per block of the search in a big component


class Footprint(NamedTuple):
    """The box a drawn node covers: ``width`` x ``height``, its centre ``dy`` below the node's."""

    width: float
    height: float
    dy: float = 0.0


DEFAULT_FOOTPRINT = Footprint(40.0, 40.0)


def footprint_arrays(nodes: list, footprints: Mapping[Hashable, Footprint]) -> tuple[np.ndarray, np.ndarray]:
    """Half sizes and centre offsets of the nodes' footprints, as ``(n, 2)`` arrays."""
    prints = [footprints.get(node, DEFAULT_FOOTPRINT) for node in nodes]
    half = np.array([(p.width / 2, p.height / 2) for p in prints], dtype=np.float64)
    offset = np.array([(0.0, p.dy) for p in prints], dtype=np.float64)
    return half, offset


def separate(blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> list[np.ndarray]:
    """New coordinates for each ``(coords, half, offset)`` block, none of its footprints overlapping."""
    if not blocks:
        return []
    crowd = _Crowd(blocks)
    crowd.push_apart()
    return crowd.free_spots()


class _Crowd:
    """The nodes of several components in one set of arrays; ``owner`` says whose each node is."""

    def __init__(self, blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray]]):
        sizes = [len(coords) for coords, _, _ in blocks]
        self.starts = np.concatenate([[0], np.cumsum(sizes)]).tolist()
        self.coords = np.concatenate([coords for coords, _, _ in blocks]).astype(np.float64)
        self.half = np.concatenate([half for _, half, _ in blocks])
        self.offset = np.concatenate([offset for _, _, offset in blocks])
        self.owner = np.repeat(np.arange(len(blocks)), sizes)
        self.search = _PairSearch(self.starts)

    def push_apart(self) -> None:
        active = np.ones(len(self.starts) - 1, dtype=bool)
        for round_ in range(SEPARATION_ROUNDS):
            if round_ % PAIR_REFRESH == 0:
                pairs = self.search.pairs(self.coords + self.offset, self.half, NEAR_MARGIN, active)
            push = self._push(pairs, active)
            if push is None:
                return
            np.add(self.coords, push, out=self.coords, where=active[self.owner][:, np.newaxis])

    def _push(self, pairs: tuple[np.ndarray, np.ndarray], active: np.ndarray) -> np.ndarray | None:
        """Each overlapping pair pushed apart along its shallower overlap; ``active`` loses the
        components with no overlapping pair (they stop, as a component separated alone would)."""
        centres, half = self.coords + self.offset, self.half
        heads, tails = pairs
        n = len(centres)
        delta = centres[tails] - centres[heads]
        over = half[heads] + half[tails] + FOOTPRINT_GAP - np.abs(delta)
        overlap = (over[:, 0] > 0) & (over[:, 1] > 0)
        overlapping = np.zeros_like(active)
        overlapping[self.owner[heads[overlap]]] = True
        active &= overlapping
        if not active.any():
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

    def free_spots(self) -> list[np.ndarray]:
        """Each component's coordinates, its nodes that still overlap one moved to a free spot."""
        everyone = np.ones(len(self.starts) - 1, dtype=bool)
        # 1 px: what whole-pixel rounding could make touch
        _, tails = self.search.pairs(self.coords + self.offset, self.half, 1.0, everyone)
        crowded = np.zeros(len(self.coords), dtype=bool)
        crowded[tails] = True  # of each overlapping pair the later node moves
        result = []
        for start, stop in zip(self.starts, self.starts[1:]):
            part = slice(start, stop)
            coords, moving = self.coords[part], crowded[part]
            result.append(
                _placed(coords, self.half[part], self.offset[part], moving) if moving.any() else coords
            )
        return result


def _placed(coords: np.ndarray, half: np.ndarray, offset: np.ndarray, moving: np.ndarray) -> np.ndarray:
    """Keep the nodes that overlap nothing; move each of the others, in order, to the closest free spot."""
    centres = coords + offset
    padded = half + FOOTPRINT_GAP / 2
    boxes = np.concatenate([centres - padded, centres + padded], axis=1)  # left, top, right, bottom
    placed = ~moving
    for i in np.nonzero(moving)[0].tolist():
        centres[i] = _nearest_free(centres[i], padded[i], boxes[placed])
        boxes[i] = np.concatenate([centres[i] - padded[i], centres[i] + padded[i]])
        placed[i] = True
    return centres - offset


def _nearest_free(centre: np.ndarray, padded: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """The first spot on a spiral around ``centre`` where a box of half-size ``padded`` is free."""
    # steps of about the box's smaller half side: fine enough, and few tries in a crowd
    step = max(float(padded.min()), 4.0)
    # A box can block a spot only if its middle is within ``reach`` of it (the two boxes' half
    # diagonals, and a pixel against rounding), so only the boxes near a batch's ring are tried.
    distance = np.hypot(*((boxes[:, :2] + boxes[:, 2:]) / 2 - centre).T)
    reach = np.hypot(*((boxes[:, 2:] - boxes[:, :2]) / 2 + padded).T) + 1.0
    for batch, (inner, outer) in zip(_spiral_batches(), _spiral_radii()):
        spots = centre + batch * step
        low, high = spots - padded, spots + padded
        ring = boxes[(distance + reach > inner * step) & (distance - reach < outer * step)]
        free = _first_free(low, high, ring)
        if free is not None:
            return spots[free]
    raise AssertionError("unreachable: the spiral reaches past every placed box")  # pragma: no cover


def _first_free(low: np.ndarray, high: np.ndarray, boxes: np.ndarray) -> int | None:
    """The index of the first spot (its box from ``low`` to ``high``) that no box overlaps."""
    near = boxes[
        (boxes[:, 0] < high[:, 0].max())
        & (boxes[:, 2] > low[:, 0].min())
        & (boxes[:, 1] < high[:, 1].max())
        & (boxes[:, 3] > low[:, 1].min())
    ]
    if not len(near):
        return 0
    left, top, right, bottom = near.T.copy()  # contiguous rows: the comparisons below run faster
    hit = left < high[:, 0:1]  # (spots, boxes)
    hit &= right > low[:, 0:1]
    hit &= top < high[:, 1:2]
    hit &= bottom > low[:, 1:2]
    blocked = hit.any(axis=1)
    return None if blocked.all() else int(np.argmin(blocked))


@lru_cache(maxsize=1)
def _spiral_batches(limit: float = 4000.0, batch: int = 256) -> tuple[np.ndarray, ...]:
    """Offsets in units of one step on rings of growing radius, nearest first, in batches.

    Made on first use (most layouts never need it), one numpy call per ring."""
    rings = [np.zeros((1, 2))]
    radius = 1.0
    while radius < limit:
        count = min(max(8, int(2 * math.pi * radius)), 720)
        angles = 2 * math.pi * np.arange(count) / count
        rings.append(np.stack([radius * np.cos(angles), radius * np.sin(angles)], axis=1))
        radius += 1 + radius / 40
    spiral = np.concatenate(rings)
    return tuple(spiral[start : start + batch] for start in range(0, len(spiral), batch))


@lru_cache(maxsize=1)
def _spiral_radii() -> tuple[tuple[float, float], ...]:
    """The smallest and largest radius (in steps) of each batch's spots."""
    radii = (np.hypot(batch[:, 0], batch[:, 1]) for batch in _spiral_batches())
    return tuple((float(r.min()), float(r.max())) for r in radii)


class _PairSearch:
    """Finds, within each component, the index pairs ``i < j`` whose footprints are within a
    margin of overlapping, in the order ``(i, j)`` (the order the pushes are added in).

    Small components test every pair of their nodes, all components in one numpy call; a big
    one sorts its nodes by x and tests each block of them against the nodes near in x only.
    """

    def __init__(self, starts: list[int]):
        spans = list(zip(starts, starts[1:]))
        small = [(c, a, b) for c, (a, b) in enumerate(spans) if b - a <= SMALL_COMPONENT]
        self.big = [(c, a, b) for c, (a, b) in enumerate(spans) if b - a > SMALL_COMPONENT]
        pairs = [np.triu_indices(b - a, 1) for _, a, b in small]
        self.heads = np.concatenate([[], *(h + a for (h, _), (_, a, _) in zip(pairs, small))]).astype(np.intp)
        self.tails = np.concatenate([[], *(t + a for (_, t), (_, a, _) in zip(pairs, small))]).astype(np.intp)
        self.owner = np.repeat([c for c, _, _ in small], [len(h) for h, _ in pairs]).astype(np.intp)

    def pairs(
        self, centres: np.ndarray, half: np.ndarray, margin: float, active: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        heads, tails = self.heads, self.tails
        keep = active[self.owner] & _near(centres, half, heads, tails, margin)
        found = [(heads[keep], tails[keep])]
        for c, a, b in self.big:
            if active[c]:
                h, t = _window_pairs(centres[a:b], half[a:b], margin)
                found.append((h + a, t + a))
        return np.concatenate([h for h, _ in found]), np.concatenate([t for _, t in found])


def _near(centres: np.ndarray, half: np.ndarray, heads: np.ndarray, tails: np.ndarray, margin: float):
    """Whether each pair's footprints are within ``margin`` of overlapping (on both axes)."""
    dx = np.abs(centres[tails, 0] - centres[heads, 0])
    dy = np.abs(centres[tails, 1] - centres[heads, 1])
    return (dx < half[heads, 0] + half[tails, 0] + margin) & (dy < half[heads, 1] + half[tails, 1] + margin)


def _window_pairs(centres: np.ndarray, half: np.ndarray, margin: float) -> tuple[np.ndarray, np.ndarray]:
    """``_near`` pairs of one big component: blocks of nodes sorted by x, each against its x-window."""
    n = len(centres)
    order = np.argsort(centres[:, 0], kind="stable")
    xs = centres[order, 0]
    # wider than any pair's reach (and a pixel more, against rounding): never misses a pair
    reach = float(half[:, 0].max()) + margin + 1.0
    heads, tails = [], []
    for start in range(0, n, WINDOW_ROWS):
        rows = order[start : start + WINDOW_ROWS]
        low = float((centres[rows, 0] - half[rows, 0]).min()) - reach
        high = float((centres[rows, 0] + half[rows, 0]).max()) + reach
        cols = order[np.searchsorted(xs, low, "left") : np.searchsorted(xs, high, "right")]
        i, j = np.nonzero(_near_block(centres, half, rows, cols, margin))
        i, j = rows[i], cols[j]
        keep = i < j
        heads.append(i[keep])
        tails.append(j[keep])
    heads, tails = np.concatenate(heads), np.concatenate(tails)
    order = np.argsort(heads * n + tails)
    return heads[order], tails[order]


def _near_block(centres: np.ndarray, half: np.ndarray, rows: np.ndarray, cols: np.ndarray, margin: float):
    dx = np.abs(centres[np.newaxis, cols, 0] - centres[rows, np.newaxis, 0])
    dy = np.abs(centres[np.newaxis, cols, 1] - centres[rows, np.newaxis, 1])
    return (dx < half[rows, np.newaxis, 0] + half[np.newaxis, cols, 0] + margin) & (
        dy < half[rows, np.newaxis, 1] + half[np.newaxis, cols, 1] + margin
    )
