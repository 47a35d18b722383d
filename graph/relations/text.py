"""Character classes and small string helpers shared by the relation families.

The cleaned text uses ASCII ``,:;()!?`` and Chinese ``。、“”《》``; both widths are accepted
so hand-made or uncleaned input behaves the same.
"""

from __future__ import annotations

__all__ = ["CLAUSE_END", "COMMA", "QUOTES", "strip_quotes", "is_cjk_word"]

CLAUSE_END = frozenset("。;；!！?？\n")
COMMA = frozenset(",，")
QUOTES = "“”\"‘’'《》「」『』〈〉 "


def strip_quotes(text: str) -> str:
    """``text`` without quotation marks, book-title marks and spaces."""
    return "".join(ch for ch in text if ch not in QUOTES)


def is_cjk_word(text: str) -> bool:
    """True when ``text`` is non-empty and made of Chinese characters only."""
    return bool(text) and all("\u3400" <= ch <= "\u9fff" for ch in text)
