"""Whether a string reads as a personal name: the test the person rule and the name pieces share.

A name is 2-4 characters, starts with a family name, holds no digit, Latin letter or mask, is
not the start of a place name (吴中环 is 吴中 + 环) and is no form of address (郭老师); foreign
names spelled with transliteration characters or a middle dot pass too.
"""

from __future__ import annotations

import re

from ..knowledge import gazetteer, lexicon
from ..knowledge.postags import DICT_NOT_A_PERSON, DICT_PERSONS

__all__ = ["looks_like_person"]

_HAN = re.compile(r"^[\u4e00-\u9fff·]{2,8}$")


def looks_like_person(name: str) -> bool:
    """Whether ``name`` reads as a Chinese personal name.

    >>> looks_like_person("周乃翔"), looks_like_person("莫舍拾光"), looks_like_person("苏")
    (True, False, False)
    """
    if not _HAN.match(name) or _is_place_start(name) or name.endswith(("某", "氏")):
        return False  # 丁某: a person the article leaves unnamed; 谭氏: a family
    if len(name) >= 3 and name[-2:] in lexicon.address_words():
        return False  # 郭老师, 王师傅: a family name and a form of address, no name
    if (
        len(name) >= 3
        and all(ch in lexicon.transliteration_chars() for ch in name)
        and not _is_place_start(name)
    ):
        return True  # 克林顿, 普里马科夫
    if "·" in name:
        return all(name.split("·")) and not _is_place_start(name)  # 约翰·拉贝
    if len(name) <= 3 and lexicon.dictionary_tag(name) in DICT_PERSONS:
        return True  # 休斯: the dictionary knows it as a name
    if len(name) == 2 and name[0] in lexicon.familiar_prefixes() and lexicon.dictionary_tag(name) is None:
        return True  # 小平, 老王: a familiar name
    surname = name[:2] if name[:2] in lexicon.surnames() else name[:1]
    if surname not in lexicon.surnames():
        return False
    given = len(name) - len(surname)
    if not 1 <= given <= 2:
        return False
    return (
        not _is_place_start(name) and lexicon.dictionary_tag(name) not in DICT_NOT_A_PERSON
    )  # 短评 is a word


def _is_place_start(name: str) -> bool:
    return gazetteer.longest_name_at(name, 0) is not None
