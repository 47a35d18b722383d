"""Character-level normalisation: one canonical form for punctuation, width and spaces.

The canonical form (the one the gold files and seed articles use):

* full-width ASCII forms U+FF01..U+FF5E become ASCII: ``，：；（）！？１２ＡＢ`` -> ``,:;()!?12AB``;
* Chinese-only punctuation stays as it is: ``。、“”‘’《》【】「」…—·``;
* the ideographic space, no-break space and other odd spaces become one ASCII space,
  runs of spaces and tabs collapse to one, lines are stripped, zero-width characters
  and control characters go;
* line breaks become ``\\n``; masked digits (``*``) are left alone.

Every function here maps one line (or text) to the same number of lines, so line
numbers stay comparable with the raw text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache

__all__ = [
    "to_half_width",
    "normalize_spaces",
    "normalize_newlines",
    "normalize_line",
    "normalize_text",
    "as_written",
    "looks_traditional",
    "to_simplified",
]

_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_ODD_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE_RUN = re.compile(r" {2,}")
# Traditional->Simplified changes are only trusted when they are frequent: a few
# "changed" characters in a Simplified text are variant forms, not Traditional script.
_TRADITIONAL_RATIO = 0.03
_TRADITIONAL_MIN = 3


def to_half_width(text: str) -> str:
    """Map full-width ASCII forms to ASCII; Chinese punctuation is untouched.

    >>> to_half_width("苏州：２０２２年（试点），“红色”。")
    '苏州:2022年(试点),“红色”。'
    """
    return text.translate(_FULL_WIDTH)


def normalize_spaces(line: str) -> str:
    """Collapse odd spaces to one ASCII space and strip the line.

    >>> normalize_spaces("\\u3000\\u3000正文\\xa0 \\t内容\\u200b ")
    '正文 内容'
    """
    line = _ZERO_WIDTH.sub("", line)
    line = _CONTROL.sub("", line)
    line = _ODD_SPACES.sub(" ", line)
    return _SPACE_RUN.sub(" ", line).strip()


def normalize_newlines(text: str) -> str:
    """``\\r\\n``, ``\\r`` and Unicode line separators become ``\\n``."""
    return re.sub(r"\r\n?|[\u2028\u2029\x85]", "\n", text)


def normalize_line(line: str, half_width: bool = True) -> str:
    """The canonical form of one line; ``half_width=False`` keeps the characters' width
    (only spaces are normalised): the line as the source wrote it.

    >>> normalize_line("\\u3000苏州：锻造，创新 ")
    '苏州:锻造,创新'
    >>> normalize_line("\\u3000苏州：锻造，创新 ", half_width=False)
    '苏州：锻造，创新'
    """
    # NFC last: removing a zero-width character may leave a sequence that NFC composes
    spaced = normalize_spaces(to_half_width(line) if half_width else line)
    return unicodedata.normalize("NFC", spaced)


def normalize_text(text: str) -> str:
    """The whole canonical form, line by line (line count preserved).

    >>> normalize_text("标题：测试\\r\\n\\u3000\\u3000正文，内容。")
    '标题:测试\\n正文,内容。'
    """
    return "\n".join(map(normalize_line, normalize_newlines(text).split("\n")))


def as_written(raw_line: str, kept: str) -> str:
    """``kept`` (a part of the canonical form of ``raw_line``, in order) in the characters
    the source wrote: full-width punctuation stays full-width.

    >>> as_written("　江苏：小区有了服务站，居民点赞", "江苏:小区有了服务站,居民点赞")
    '江苏：小区有了服务站，居民点赞'
    >>> as_written("标题：ＡＢ娱乐好标题", "标题:好标题")
    '标题：好标题'
    """
    canonical, written = normalize_line(raw_line), normalize_line(raw_line, half_width=False)
    if len(canonical) != len(written):  # NFC composed a half-width letter: keep the canonical
        return kept
    if kept == canonical:
        return written
    blocks = SequenceMatcher(None, canonical, kept, autojunk=False).get_matching_blocks()
    return "".join(written[a : a + size] for a, _, size in blocks)


@lru_cache(maxsize=1)
def _converter():
    import opencc  # imported lazily: only Traditional input needs it

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)  # every distinct character of the corpus: 4096 filled up within 300 articles
def _char_to_simplified(char: str) -> str:
    converted = _converter().convert(char)
    return converted if len(converted) == 1 else char


def looks_traditional(text: str) -> bool:
    """True when enough CJK characters have a different Simplified form.

    >>> looks_traditional("這個國家的發展"), looks_traditional("这个国家的发展")
    (True, False)
    """
    # Each distinct character is looked at once (an article has a few hundred), not each occurrence.
    counts = Counter(text)
    cjk = sum(n for char, n in counts.items() if "\u4e00" <= char <= "\u9fff")
    changed = sum(n for char, n in counts.items() if _char_to_simplified(char) != char)
    return changed >= _TRADITIONAL_MIN and changed >= _TRADITIONAL_RATIO * max(cjk, 1)


def to_simplified(text: str) -> str:
    """OpenCC ``t2s``; falls back to character-by-character conversion when a phrase
    rule would change the length (offsets must keep meaning across the two texts).

    >>> to_simplified("臺灣的經濟發展")
    '台湾的经济发展'
    """
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_char_to_simplified(char) for char in text)
