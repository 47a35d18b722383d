"""graph.entities.persons: LAC's person tags kept when they read as a personal name.

Names and sentences are invented; the pieces come from hand-written tokens.  No LAC model runs.
"""

from __future__ import annotations

import pytest
from ner_util import named, text_of, tokens

from graph.entities.persons import looks_like_person, person_candidates
from graph.entities.pieces import sentence_pieces

pytestmark = pytest.mark.usefixtures("no_lac")


@pytest.mark.parametrize(
    "name",
    [
        "王立新",
        "石兰芳",
        "马立",  # a family name and one or two given characters
        "欧阳晓峰",
        "司马光明",  # a two-character family name
        "老王",
        "小刚",  # familiar names
        "卡斯特罗",
        "柯林斯",  # transliterated foreign names
        "约翰·史密斯",  # a foreign name with its middle dot
    ],
)
def test_names_that_read_as_personal_names(name):
    assert looks_like_person(name)


@pytest.mark.parametrize(
    "name, why",
    [
        ("张某", "a person the article leaves unnamed"),
        ("谭氏", "a family"),
        ("郭老师", "a family name and a form of address"),
        ("王师傅", "a family name and a form of address"),
        ("王2", "a digit"),
        ("李A", "a Latin letter"),
        ("苏", "one character"),
        ("王立新伟", "three given characters"),
        ("东方明", "no family name"),
        ("临沂环", "the start of a place name"),
        ("兰山区", "a division"),
        ("短评", "a dictionary word that is no name"),
        ("马上", "a dictionary word that is no name"),
        ("·约翰", "an empty part before the dot"),
    ],
)
def test_names_that_do_not(name, why):
    assert not looks_like_person(name), why


@pytest.mark.parametrize(
    "tagged, quoted, expected",
    [
        ("王立新/PER 说/v", [], {"王立新"}),
        ("临沂市委/ORG 书记/n 王立新/PER 和/c 石兰芳/PER", [], {"王立新", "石兰芳"}),
        ("郭老师/PER 说/v", [], set()),
        ("临沂环/PER 线/n", [], set()),  # re-cut as a word: no person piece left
        # inside a quoted span (a saying, a brand) a name is no person
        ("“/w 王立新/PER ”/w 品牌/n", [(0, 5)], set()),
        ("“/w 王立新/PER ”/w 说/v 石兰芳/PER", [(0, 5)], {"石兰芳"}),
    ],
)
def test_person_candidates(tagged, quoted, expected):
    words = tokens(tagged)
    found = named(text_of(words), person_candidates(sentence_pieces(words), quoted))
    assert found == {(name, "Person", "person.lac") for name in expected}
