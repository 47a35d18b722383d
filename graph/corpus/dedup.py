"""Duplicate articles: the same cleaned body reached through different sources."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

from ..model import Document, ExtractionRecord

__all__ = ["dedup_key", "mark_duplicates", "with_also_from", "DuplicateTracker", "Admission"]

Token = TypeVar("Token", bound=Hashable)


def dedup_key(text: str) -> str:
    """The body with whitespace and punctuation gone and width folded, for near-identical matching.

    >>> dedup_key("苏州, 吴江。") == dedup_key("苏州，吴江")
    True
    """
    return unicodedata.normalize("NFKC", text).translate(_KEPT).lower()


class _KeptCharacters(dict):
    """``str.translate``'s table: whitespace and Unicode P* and S* dropped, the rest kept.

    Each character is judged the first time it is met (once per process, not once per
    article) and remembered: one pass over the text, no set of its characters built first.
    """

    def __missing__(self, code: int) -> int | None:
        char = chr(code)
        dropped = char.isspace() or unicodedata.category(char).startswith(("P", "S"))
        self[code] = kept = None if dropped else code
        return kept


_KEPT = _KeptCharacters()


def _group_key(doc: Document) -> str:
    # The body alone (not the headline the text opens with); one that normalises to nothing is its own story.
    return dedup_key(doc.text[doc.headline_end :]) or doc.doc_id


def mark_duplicates(records: Sequence[ExtractionRecord]) -> list[ExtractionRecord]:
    """One record per story (the smallest doc_id), in doc_id order; it lists the other copies' sources.

    The same rule the corpus build applies as records stream in (``DuplicateTracker``),
    over a collection that is already whole.
    """
    tracker: DuplicateTracker[int] = DuplicateTracker()
    kept: set[int] = set()
    for index, record in enumerate(records):
        admission = tracker.add(record.document, index)
        kept.discard(admission.displaced)
        kept.add(admission.kept)
    also_from = dict(tracker.copies())
    chosen = [with_also_from(records[index], also_from.get(index, ())) for index in kept]
    return sorted(chosen, key=lambda record: record.document.doc_id)


def with_also_from(record: ExtractionRecord, also_from: Sequence[str]) -> ExtractionRecord:
    """``record`` whose document lists ``also_from`` as the other sources of its body."""
    if not also_from:
        return record
    return replace(record, document=replace(record.document, also_from=tuple(also_from)))


@dataclass(frozen=True, slots=True)
class Admission(Generic[Token]):
    """What ``DuplicateTracker.add`` decided for one arriving document.

    ``kept``: the token of the document kept for this body now (the new one,
    or one seen before); ``displaced``: the token that was kept until this
    document, with a smaller doc_id, took its place.
    """

    kept: Token
    displaced: Token | None


class _Body(Generic[Token]):
    """The copies of one body: the one kept so far, and the others' (doc_id, arrival, source)."""

    __slots__ = ("kept", "others")

    def __init__(self, kept: tuple[str, int, str, Token]):
        self.kept = kept
        self.others: list[tuple[str, int, str]] = []


class DuplicateTracker(Generic[Token]):
    """``mark_duplicates`` for documents arriving one at a time, in any order.

    Holds a 16-byte hash of each body's ``dedup_key`` and, per body, only the
    (doc_id, arrival, source_path) of its copies, never the texts.  The kept
    copy is the smallest doc_id (the first to arrive among equal ids), so a
    smaller-id copy arriving later takes over from the one kept so far.  Each
    arrival costs the same however many copies its body has; the copies'
    sources are sorted once, at the end (``copies``).

    >>> tracker = DuplicateTracker()
    >>> tracker.add(Document("b", "b.txt", "正文。"), "tb")
    Admission(kept='tb', displaced=None)
    >>> tracker.add(Document("a", "a.txt", "正文"), "ta")
    Admission(kept='ta', displaced='tb')
    >>> list(tracker.copies())
    [('ta', ('b.txt',))]
    """

    def __init__(self) -> None:
        self._bodies: dict[bytes, _Body[Token]] = {}
        self._arrivals = 0

    def add(self, doc: Document, token: Token) -> Admission[Token]:
        """Record ``doc`` (known to the caller as ``token``) and say which copy of its body is kept."""
        digest = hashlib.blake2b(_group_key(doc).encode("utf-8"), digest_size=16).digest()
        copy = (doc.doc_id, self._arrivals, doc.source_path, token)
        self._arrivals += 1
        body = self._bodies.get(digest)
        if body is None:
            self._bodies[digest] = _Body(copy)
            return Admission(token, None)
        if copy[:2] < body.kept[:2]:
            displaced = body.kept
            body.others.append(displaced[:3])
            body.kept = copy
            return Admission(token, displaced[3])
        body.others.append(copy[:3])
        return Admission(body.kept[3], None)

    def copies(self) -> Iterator[tuple[Token, tuple[str, ...]]]:
        """(kept token, the other copies' sources in doc_id order) of every body seen more than once."""
        for body in self._bodies.values():
            if body.others:
                yield body.kept[3], tuple(source for _, _, source in sorted(body.others))
