"""graph.entities.institutions: bodies (and the places in the same runs) read off hand-built pieces.

Each row is LAC's output written by hand; its pieces come from ``sentence_pieces``.  The rule
name says the type (``org.*`` a body, ``place.*`` a place).  No LAC model runs.
"""

from __future__ import annotations

import pytest
from ner_util import named, text_of, tokens

from graph.entities.institutions import institution_candidates, phrases, shared_suffix_candidates
from graph.entities.pieces import sentence_pieces

pytestmark = pytest.mark.usefixtures("no_lac")

TYPES = {"org": "Organisation", "place": "Place"}


def bodies(tagged: str) -> set[tuple[str, str]]:
    words = tokens(tagged)
    text = text_of(words)
    found = named(text, institution_candidates(sentence_pieces(words)))
    assert all(kind == TYPES[rule.split(".")[0]] for _, kind, rule in found)
    return {(surface, rule) for surface, _, rule in found}


@pytest.mark.parametrize(
    "tagged, expected",
    [
        # every suffix closes a name: the division, its committee, the committee's department
        (
            "临沂市委组织部/ORG 部长/n 王立新/PER 说/v",
            {("临沂市", "place.gazetteer"), ("临沂市委", "org.suffix"), ("临沂市委组织部", "org.suffix")},
        ),
        ("松风集团党委/ORG", {("松风集团", "org.suffix"), ("松风集团党委", "org.suffix")}),
        ("青禾镇人民政府/ORG", {("青禾镇", "place.suffix"), ("青禾镇人民政府", "org.suffix")}),
        # a generic noun before a suffix names no body
        ("社区党委/ORG", set()),
        ("中心/n 党委/n", set()),
        # a level's committee before one of its departments; before its school, the school only
        ("市委/n 组织部/n", {("市委", "org.level_committee"), ("市委组织部", "org.suffix")}),
        ("省委/n 党校/n", {("省委党校", "org.suffix")}),
        # a level before a named department
        ("区司法局/ORG", {("区司法局", "org.suffix")}),
        # LAC's one word of four or more characters that is a suffix
        ("人大常委会/ORG", {("人大常委会", "org.named_suffix")}),
        # no name runs across 和, or across a verb between two bodies
        ("临沂市委/ORG 和/c 市政府/ORG", {("临沂市", "place.gazetteer"), ("临沂市委", "org.suffix")}),
        (
            "松风集团党总支/ORG 推动/v 北岭公司/ORG",
            {("松风集团", "org.suffix"), ("松风集团党总支", "org.suffix"), ("北岭公司", "org.suffix")},
        ),
        ("推动/v 松风集团/ORG", {("松风集团", "org.suffix")}),
        # ... but across a verb inside a named theme, and across 与 between the words of one name
        ("青禾/nz 振兴/v 党建/n 联盟/n", {("青禾振兴党建联盟", "org.suffix")}),
        ("规划/n 更好/a 发挥/v 联盟/n", set()),
        ("青禾/nz 机器人/n 与/c 智能/n 制造/vn 学院/n", {("青禾机器人与智能制造学院", "org.suffix")}),
        # words that only describe the body are trimmed off its start
        (
            "省/n 先进/a 基层/n 党组织/n 松风集团党委/ORG",
            {("松风集团", "org.suffix"), ("松风集团党委", "org.suffix")},
        ),
        # a branch named after its parent is one name; its place starts no name of its own
        ("松风银行临沂支行/ORG", {("松风银行", "org.suffix"), ("松风银行临沂支行", "org.suffix")}),
        # after a body's suffix, a unit named by a place of its own is a body of its own
        (
            "榆林铁路公安局绵阳公安处/ORG",
            {
                ("榆林", "place.gazetteer"),
                ("绵阳", "place.gazetteer"),
                ("榆林铁路公安局", "org.suffix"),
                ("绵阳公安处", "org.suffix"),
            },
        ),
        # the body a party branch belongs to, when LAC took it for one word
        ("北岭书院/ORG 党支部/n", {("北岭书院", "org.owner"), ("北岭书院党支部", "org.suffix")}),
        ("青禾养老院/ORG 党支部/n", {("青禾养老院", "org.suffix"), ("青禾养老院党支部", "org.suffix")}),
        # the joint branch of two bodies is one name across 和
        (
            "青禾服务中心/ORG 和/c 松风护理院/ORG 联合/v 党支部/n",
            {("松风护理院", "org.suffix"), ("青禾服务中心和松风护理院联合党支部", "org.suffix")},
        ),
        # a joint verb between two bodies
        ("松风集团联合松林公司/ORG", {("松风集团", "org.suffix"), ("松林公司", "org.suffix")}),
        # 和 inside one LAC word between two names
        ("青禾和松风航空大学/ORG", {("松风航空大学", "org.suffix")}),
        # a person or a post title interrupts a name
        ("松风集团/ORG 董事长/n 王立新/PER", {("松风集团", "org.suffix")}),
    ],
)
def test_institution_candidates(tagged, expected):
    assert bodies(tagged) == expected


def test_a_level_committee_alone_is_a_body():
    assert bodies("在/p 市委/ORG 领导/vn 下/f") == {("市委", "org.level_committee")}


def test_two_bodies_in_one_word_split_at_he_after_a_suffix():
    assert ("北岭师范大学和松风航空学院", "org.suffix") not in bodies("北岭师范大学和松风航空学院/ORG")


@pytest.mark.parametrize(
    "tagged, runs",
    [
        ("临沂市委组织部/ORG 部长/n 王立新/PER 说/v 松风集团/ORG", ["临沂市委组织部", "松风集团"]),
        ("在/p 青禾镇/LOC ，/w 松林/nz 村/n", ["青禾镇", "松林村"]),
    ],
)
def test_phrases_are_the_runs_between_breaks_titles_and_people(tagged, runs):
    assert ["".join(p.text for p in run) for run in phrases(sentence_pieces(tokens(tagged)))] == runs


@pytest.mark.parametrize(
    "text, expected",
    [
        # one suffix shared by two levels: two bodies
        (
            "由市、区文旅局牵头,组建服务队。",
            {("市、区文旅局", "org.shared_suffix"), ("区文旅局", "org.suffix")},
        ),
        (
            "县、镇农业农村局联合检查。",
            {("县、镇农业农村局", "org.shared_suffix"), ("镇农业农村局", "org.suffix")},
        ),
        # levels of a kind, and a suffix that is the start of a word
        ("市、区两级机关部门参加。", set()),
        ("市、区两级财政局参加。", set()),
        ("市、区部门参加。", set()),
        # a level inside a longer word
        ("城市、区县局面。", set()),
    ],
)
def test_shared_suffix_candidates(text, expected):
    assert {(surface, rule) for surface, _, rule in named(text, shared_suffix_candidates(text))} == expected
