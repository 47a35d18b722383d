"""The unit the line-based cleaning steps pass along: a line and its raw line number."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Removal

__all__ = ["Line", "split_lines", "join_lines", "removal_of"]


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the raw text
    text: str


def split_lines(text: str) -> tuple[Line, ...]:
    """Number every line of ``text`` (blank lines included, so numbers match the raw text)."""
    return tuple(Line(number, line) for number, line in enumerate(text.split("\n"), start=1))


def join_lines(lines: tuple[Line, ...] | list[Line]) -> str:
    """The body text: non-blank lines joined by one ``\\n``."""
    return "\n".join(line.text for line in lines if line.text)


def removal_of(line: Line, rule: str) -> Removal:
    return Removal(text=line.text, rule=rule, line=line.number)
