"""Duplicate articles: the same cleaned body reached through different sources."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Sequence

from .model import Document, ExtractionRecord

__all__ = ["dedup_key", "duplicate_groups", "find_duplicates", "mark_duplicates"]

_SPACE = re.compile(r"\s+")


def dedup_key(text: str) -> str:
    """The body with whitespace and punctuation gone and width folded, for near-identical matching.

    >>> dedup_key("苏州, 吴江。") == dedup_key("苏州，吴江")
    True
    """
    folded = unicodedata.normalize("NFKC", text)
    return "".join(char for char in _SPACE.sub("", folded)
                   if not unicodedata.category(char).startswith(("P", "S"))).lower()


def duplicate_groups(docs: Sequence[Document]) -> list[list[Document]]:
    """Documents grouped by near-identical body, each group sorted by doc_id, groups by first id."""
    groups: dict[str, list[Document]] = {}
    for doc in docs:
        groups.setdefault(dedup_key(doc.text) or doc.doc_id, []).append(doc)
    return sorted((sorted(g, key=lambda d: d.doc_id) for g in groups.values()), key=lambda g: g[0].doc_id)


def find_duplicates(docs: Sequence[Document]) -> dict[str, tuple[str, ...]]:
    """Kept doc_id (the smallest of its group) -> the other doc_ids with the same body, sorted.

    >>> a, b, c = (Document(i, i + ".txt", t) for i, t in (("b", "正文。"), ("a", "正文"), ("c", "别的")))
    >>> find_duplicates([a, b, c])
    {'a': ('b',)}
    """
    return {kept.doc_id: tuple(d.doc_id for d in others)
            for kept, *others in duplicate_groups(docs) if others}


def mark_duplicates(records: Sequence[ExtractionRecord]) -> list[ExtractionRecord]:
    """One record per story (the smallest doc_id); it lists the other copies' sources."""
    by_doc = {id(r.document): r for r in records}
    kept = []
    for first, *others in duplicate_groups([r.document for r in records]):
        record = by_doc[id(first)]
        if others:
            also = tuple(d.source_path for d in others)
            record = replace(record, document=replace(first, also_from=also))
        kept.append(record)
    return kept
