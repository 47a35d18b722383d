"""One relation candidate, before candidates asserting the same thing are merged."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Evidence, RelationType, Sentence
from .confidence import calibrated

__all__ = ["Found"]


@dataclass(frozen=True)
class Found:
    """``head -relation-> tail`` as asserted by ``sentence`` under ``rule``."""

    head: str
    relation: RelationType
    tail: str
    sentence: Sentence
    rule: str
    by_context: bool = False
    title: str | None = None

    def evidence(self, doc_id: str) -> Evidence:
        """The evidence, its confidence the rule's measured precision (``graph.relations.confidence``)."""
        s = self.sentence
        return Evidence(doc_id, s.start, s.end, s.text, self.rule, calibrated(self.rule), self.by_context)
