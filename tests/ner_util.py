"""LAC's output written by hand, for the tables of the NER rule families (no model runs).

``tokens("临沂市委/ORG 书记/n 王立新/PER")`` lays the words side by side from ``start``, each
with the tag after its last ``/``; every sentence of the tables was written for them (invented
bodies, people and villages; real divisions only where a rule reads the gazetteer).
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.entities.candidates import Candidate
from graph.model import EntityType, Token

__all__ = ["tokens", "text_of", "found", "named", "pieces_as_text"]


def tokens(tagged: str, start: int = 0) -> list[Token]:
    """``"词/tag 词/tag"`` -> Tokens at consecutive offsets from ``start``."""
    out: list[Token] = []
    at = start
    for item in tagged.split():
        word, _, tag = item.rpartition("/")
        out.append(Token(at, at + len(word), word, tag))
        at += len(word)
    return out


def text_of(words: Iterable[Token]) -> str:
    return "".join(t.text for t in words)


def found(text: str, named_types: dict[str, EntityType]) -> list[Candidate]:
    """Candidates some earlier rule found: each name at its first place in ``text``."""
    out = []
    for name, kind in named_types.items():
        at = text.index(name)
        out.append(Candidate(at, at + len(name), kind, None, "test.given"))
    return out


def named(text: str, candidates: Iterable[Candidate]) -> set[tuple[str, str, str]]:
    """(surface, type, rule) of each candidate."""
    return {(text[c.start : c.end], c.type.value, c.rule) for c in candidates}


def pieces_as_text(pieces) -> str:
    """Pieces written as the tables write them: ``"临沂市/place 委/osuf"``."""
    return " ".join(f"{p.text}/{p.kind}" for p in pieces)
