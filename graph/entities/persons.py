"""Person names: LAC's PER tags, kept when they look like a personal name (``person_names``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..model import EntityType
from .candidates import Candidate
from .person_names import looks_like_person
from .pieces import PERSON_NAME, Piece

__all__ = ["person_candidates", "looks_like_person"]


def person_candidates(pieces: Sequence[Piece], quoted: Sequence[tuple[int, int]]) -> Iterator[Candidate]:
    for piece in pieces:
        if piece.kind == PERSON_NAME and looks_like_person(piece.text) and not _inside(piece, quoted):
            yield Candidate(piece.start, piece.end, EntityType.PERSON, None, "person.lac")


def _inside(piece: Piece, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= piece.start and piece.end <= e for s, e in spans)
