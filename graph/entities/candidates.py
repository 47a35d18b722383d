"""A proposed mention before overlaps are settled."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import EntityType

__all__ = ["Candidate"]


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    type: EntityType
    subtype: str | None
    rule: str
