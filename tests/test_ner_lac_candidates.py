"""graph.entities.lac_candidates: LAC's own LOC/ORG words that no rule judged, on hand-written tokens.

The tokens stand for LAC's output and the found names for what the rules proposed; nothing
runs the model.  The two dictionary bodies (世贸组织, 上证所) are jieba's own entries.
"""

from __future__ import annotations

import pytest
from ner_util import found, named, text_of, tokens

from graph.entities.lac_candidates import lac_fallback
from graph.entities.quotes import find_quotes
from graph.model import EntityType

pytestmark = pytest.mark.usefixtures("no_lac")

PLACE, ORG = EntityType.PLACE, EntityType.ORGANISATION


def fallback(tagged: str, given: dict[str, EntityType] | None = None, accept=lambda c: True) -> set:
    words = tokens(tagged)
    text = text_of(words)
    return named(text, lac_fallback(text, words, found(text, given or {}), tuple(find_quotes(text)), accept))


@pytest.mark.parametrize(
    "tagged, given, expected",
    [
        # a LAC place word of one piece that no rule found
        ("来到/v 石门湾/LOC 。/w", {}, {("石门湾", "Place", "place.lac")}),
        ("来到/v 峨眉/LOC 茶社/n 。/w", {}, {("峨眉", "Place", "place.lac")}),
        # a body the dictionary knows, a place's body, the short form of a company named in full
        ("据/p 世贸组织/ORG 统计/v", {}, {("世贸组织", "Organisation", "organisation.lac")}),
        ("据/p 上证所/ORG 统计/v", {}, {("上证所", "Organisation", "organisation.lac")}),
        ("兰山同乡会/ORG 成立/v", {}, {("兰山同乡会", "Organisation", "organisation.lac")}),
        (
            "松风/ORG 与/c 松风集团/ORG 合作/v",
            {"松风集团": ORG},
            {("松风", "Organisation", "organisation.lac")},
        ),
        ("松风/ORG 与/c 北岭集团/ORG 合作/v", {"北岭集团": ORG}, set()),
        # a place word that goes on after a body's suffix is one name, whatever is inside it
        ("北岭联盟共和国/LOC 代表/n", {}, {("北岭联盟共和国", "Place", "place.lac")}),
        ("北岭联盟共和国/LOC 代表/n", {"北岭联盟": ORG}, {("北岭联盟共和国", "Place", "place.lac")}),
        # already found by a rule
        ("来到/v 石门湾/LOC 。/w", {"石门湾": PLACE}, set()),
        # words with joints are the rules' to judge
        ("来到/v 青禾镇/LOC 。/w", {}, set()),
        ("临沂环保协会/ORG", {}, set()),
        ("来到/v 石门/LOC 。/w", {}, set()),  # a division's name: a piece of its own
        # common words, suffixes alone, levels and suffixes, datelines, numbers
        ("来到/v 北部/LOC 。/w", {}, set()),
        ("社区党委/ORG 发布/v", {}, set()),
        ("镇党委/ORG 发布/v", {}, set()),
        ("临沂讯/LOC", {}, set()),
        ("石门2号/LOC", {}, set()),
        ("依山/LOC", {}, set()),  # a verb of location's first character
        ("石门之乡/LOC", {}, set()),
        ("兰山区/ORG 发布/v", {}, set()),  # a division LAC calls a body is a place
        # a place word cut out of a longer place name of the article
        ("峨眉/LOC 茶社/n 。/w 峨眉山市/LOC", {"峨眉山市": PLACE}, set()),
        # inside quotation marks
        ("来到/v “/w 石门湾/LOC ”/w 。/w", {}, set()),
    ],
)
def test_lac_fallback(tagged, given, expected):
    assert fallback(tagged, given) == expected


def test_a_word_the_caller_does_not_accept_is_left_out():
    assert fallback("来到/v 石门湾/LOC 。/w", accept=lambda c: False) == set()


def test_offsets_point_into_the_text():
    words = tokens("据/p 上证所/ORG 统计/v ，/w 来到/v 石门湾/LOC", start=4)
    text = "今天，" + "," + text_of(words)
    extra = lac_fallback(text, words, [], (), lambda c: True)
    assert [text[c.start : c.end] for c in extra] == ["上证所", "石门湾"]
