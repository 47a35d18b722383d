"""Quoted spans (“…”, 《…》, 「…」) of a text, with offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Quote", "find_quotes"]

_QUOTE = re.compile(r"“([^“”\n]{1,60})”|《([^《》\n]{1,80})》|「([^「」\n]{1,60})」|‘([^‘’\n]{1,40})’")


@dataclass(frozen=True)
class Quote:
    start: int  # offset of the opening mark
    end: int  # offset after the closing mark
    inner: str
    mark: str  # “ or 《 or 「 or ‘

    @property
    def inner_start(self) -> int:
        return self.start + 1

    @property
    def inner_end(self) -> int:
        return self.end - 1


def find_quotes(text: str, offset: int = 0) -> Iterator[Quote]:
    """Quotes in ``text``; offsets are shifted by ``offset``.

    >>> [(q.inner, q.mark) for q in find_quotes("推出“先锋e家”和《某某计划》")]
    [('先锋e家', '“'), ('某某计划', '《')]
    """
    for match in _QUOTE.finditer(text):
        inner = next(g for g in match.groups() if g is not None)
        yield Quote(offset + match.start(), offset + match.end(), inner, match.group(0)[0])
