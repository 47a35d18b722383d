"""The trigger-word lists of ``graph/resources/relations/``, read once per process."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..errors import ConfigError

__all__ = ["words", "pairs", "alternation"]

RESOURCES = Path(__file__).resolve().parent.parent / "resources" / "relations"


def _lines(name: str) -> list[str]:
    path = RESOURCES / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"relation word list {path} cannot be read: {error}") from error
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=None)
def words(name: str) -> tuple[str, ...]:
    """The entries of ``<name>.txt``, longest first (so alternations prefer long words)."""
    return tuple(sorted(set(_lines(f"{name}.txt")), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=None)
def pairs(name: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``word<TAB>forms`` lines of ``<name>.txt`` as (word, forms)."""
    out = []
    for line in _lines(f"{name}.txt"):
        word, _, forms = line.partition("\t")
        out.append((word.strip(), tuple(forms.split())))
    return tuple(sorted(out, key=lambda p: (-len(p[0]), p[0])))


@lru_cache(maxsize=None)
def alternation(name: str) -> str:
    """A regex alternation of the words of ``<name>.txt``."""
    return "|".join(re.escape(w) for w in words(name))
