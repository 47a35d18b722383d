"""Duplicate articles: the same cleaned body reached through different sources."""
from __future__ import annotations

import re
import unicodedata
from typing import Sequence

from .model import Document

__all__ = ["dedup_key", "find_duplicates"]

_SPACE = re.compile(r"\s+")


def dedup_key(text: str) -> str:
    """The body with whitespace and punctuation gone and width folded, for near-identical matching.

    >>> dedup_key("苏州, 吴江。") == dedup_key("苏州，吴江")
    True
    """
    folded = unicodedata.normalize("NFKC", text)
    return "".join(char for char in _SPACE.sub("", folded)
                   if not unicodedata.category(char).startswith(("P", "S"))).lower()


def find_duplicates(docs: Sequence[Document]) -> dict[str, tuple[str, ...]]:
    """Kept doc_id (the smallest of its group) -> the other doc_ids with the same body, sorted.

    >>> a, b, c = (Document(i, i + ".txt", t) for i, t in (("b", "正文。"), ("a", "正文"), ("c", "别的")))
    >>> find_duplicates([a, b, c])
    {'a': ('b',)}
    """
    groups: dict[str, set[str]] = {}
    for doc in docs:
        groups.setdefault(dedup_key(doc.text), set()).add(doc.doc_id)
    duplicates = {}
    for ids in groups.values():
        kept, *others = sorted(ids)
        if others:
            duplicates[kept] = tuple(others)
    return dict(sorted(duplicates.items()))
