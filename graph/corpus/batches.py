"""The articles a build extracts, in batches: what goes to a worker at once.

LAC's encoder is faster on many sentences together (``segment.lac``: sentences of
one length share a call), so the articles to extract are sent to the map in
batches of about ``BATCH_CHARACTERS``.  A batch whose worker died comes back
``Unfinished``: which of its articles killed the worker is not known, so each is
tried again ``Alone``, with nothing else in flight, and only the one that kills
its worker again fails.
"""

from __future__ import annotations

import os

from ..model import RawArticle

__all__ = [
    "Pending",
    "Batch",
    "Batcher",
    "Unfinished",
    "Alone",
    "batch_characters",
    "environment_number",
    "BATCH_CHARACTERS",
    "BATCH_ARTICLES",
    "BATCH_CHARACTERS_VARIABLE",
]

# An article to extract, with its cache key (None: not cached); the map's work is a batch of them.
Pending = tuple[RawArticle, str | None]
Batch = tuple[Pending, ...]

# A batch closes at this many characters or articles: enough sentences that LAC's encoder finds
# many of each length (segment.lac: a fifth to a third less encoder time than one article at a
# time), few enough that the workers of a 100,000-character corpus share it evenly.
BATCH_CHARACTERS = 40_000
BATCH_ARTICLES = 64
# Set to another number of characters (0: one article a batch), e.g. for tests that need many batches.
BATCH_CHARACTERS_VARIABLE = "KG_BATCH_CHARACTERS"


def environment_number(variable: str, default: int) -> int:
    """The whole number in the environment ``variable``, or ``default``."""
    value = os.environ.get(variable, "")
    return int(value) if value.isdigit() else default


def batch_characters(batch: Batch) -> int:
    return sum(len(raw.text) for raw, _ in batch)


class Batcher:
    """Collects the articles to extract into batches (``BATCH_CHARACTERS``, ``BATCH_ARTICLES``)."""

    def __init__(self) -> None:
        self.items: list[Pending] = []
        self.characters = 0
        self.limit = environment_number(BATCH_CHARACTERS_VARIABLE, BATCH_CHARACTERS)

    def add(self, raw: RawArticle, key: str | None) -> Batch | None:
        """Add one article; the batch it closes, if it does."""
        self.items.append((raw, key))
        self.characters += len(raw.text)
        full = self.characters >= self.limit or len(self.items) >= BATCH_ARTICLES
        return self.take() if full else None

    def take(self) -> Batch:
        batch, self.items, self.characters = tuple(self.items), [], 0
        return batch


class Unfinished(tuple):
    """What a batch whose worker died gives back: its articles, to be extracted one by one."""


class Alone(tuple):
    """A batch of one article tried again after a worker died, with nothing else in flight."""
