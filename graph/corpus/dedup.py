"""Duplicate articles: the same cleaned body reached through different sources."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

from ..model import Document, ExtractionRecord

__all__ = ["dedup_key", "mark_duplicates", "with_also_from", "DuplicateTracker", "Admission"]

_SPACE = re.compile(r"\s+")
Token = TypeVar("Token", bound=Hashable)


def dedup_key(text: str) -> str:
    """The body with whitespace and punctuation gone and width folded, for near-identical matching.

    >>> dedup_key("苏州, 吴江。") == dedup_key("苏州，吴江")
    True
    """
    folded = _SPACE.sub("", unicodedata.normalize("NFKC", text))
    return _punctuation_and_symbols(folded).sub("", folded).lower()


def _punctuation_and_symbols(text: str) -> re.Pattern[str]:
    """A character class of the punctuation and symbols ``text`` holds (Unicode categories P*, S*)."""
    dropped = sorted({char for char in set(text) if unicodedata.category(char).startswith(("P", "S"))})
    return re.compile("[" + "".join(re.escape(char) for char in dropped) + "]" if dropped else "(?!)")


def _group_key(doc: Document) -> str:
    # The body alone (not the headline the text opens with); one that normalises to nothing is its own story.
    return dedup_key(doc.text[doc.headline_end :]) or doc.doc_id


def mark_duplicates(records: Sequence[ExtractionRecord]) -> list[ExtractionRecord]:
    """One record per story (the smallest doc_id), in doc_id order; it lists the other copies' sources.

    The same rule the corpus build applies as records stream in (``DuplicateTracker``),
    over a collection that is already whole.
    """
    tracker: DuplicateTracker[int] = DuplicateTracker()
    also_from: dict[int, tuple[str, ...]] = {}
    for index, record in enumerate(records):
        admission = tracker.add(record.document, index)
        if admission.displaced is not None:
            del also_from[admission.displaced]
        also_from[admission.kept] = admission.also_from
    kept = [with_also_from(records[index], sources) for index, sources in also_from.items()]
    return sorted(kept, key=lambda record: record.document.doc_id)


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
    document, with a smaller doc_id, took its place; ``also_from``: the
    other copies' sources, as ``mark_duplicates`` lists them for ``kept``.
    """

    kept: Token
    displaced: Token | None
    also_from: tuple[str, ...]


class DuplicateTracker(Generic[Token]):
    """``mark_duplicates`` for documents arriving one at a time, in any order.

    Holds a 16-byte hash of each body's ``dedup_key`` and, per body, only the
    (doc_id, arrival, source_path) of its copies, never the texts.  The kept
    copy is the smallest doc_id (the first to arrive among equal ids), so a
    smaller-id copy arriving later takes over from the one kept so far.

    >>> tracker = DuplicateTracker()
    >>> tracker.add(Document("b", "b.txt", "正文。"), "tb")
    Admission(kept='tb', displaced=None, also_from=())
    >>> tracker.add(Document("a", "a.txt", "正文"), "ta")
    Admission(kept='ta', displaced='tb', also_from=('b.txt',))
    """

    def __init__(self) -> None:
        self._copies: dict[bytes, list[tuple[str, int, str, Token]]] = {}
        self._arrivals = 0

    def add(self, doc: Document, token: Token) -> Admission[Token]:
        """Record ``doc`` (known to the caller as ``token``) and say which copy of its body is kept."""
        digest = hashlib.blake2b(_group_key(doc).encode("utf-8"), digest_size=16).digest()
        copies = self._copies.setdefault(digest, [])
        before = copies[0][3] if copies else None
        copies.append((doc.doc_id, self._arrivals, doc.source_path, token))
        self._arrivals += 1
        copies.sort(key=lambda copy: copy[:2])
        kept = copies[0][3]
        displaced = before if before is not None and kept != before else None
        return Admission(kept, displaced, tuple(source for _, _, source, _ in copies[1:]))
