"""Quoted strings: programme, body, place or nothing, judged by the words around them.

Every sentence here was written for these tests (invented places, bodies and schemes).
"""

from __future__ import annotations

import re

import pytest

from graph.entities.quoted import is_slogan, quoted_candidates, scheme_components, scheme_size
from graph.entities.quotes import find_quotes
from graph.model import EntityType

P, ORG, L = EntityType.PROGRAMME, EntityType.ORGANISATION, EntityType.PLACE


def judged(text: str) -> dict[str, EntityType]:
    """What each accepted quoted string (marks stripped) is, by its first mention."""
    out: dict[str, EntityType] = {}
    for c in quoted_candidates(text, tuple(find_quotes(text))):
        out.setdefault(re.sub("[“”「」《》]", "", text[c.start : c.end]), c.type)
    return out


@pytest.mark.parametrize(
    "text, name, kind",
    [
        # a list closed by 等 and a class word gives every item that class
        ("广泛推行“三访三帮”“两清单一台账”等做法,效果明显。", "两清单一台账", P),
        ("引入“青禾工坊”“李大姐茶社”等社会组织参与服务。", "李大姐茶社", ORG),
        ("打造“望湖”广场以及“清泉”“松涛”法治教育基地。", "松涛法治教育基地", L),
        ("打造“望湖”广场以及“清泉”“松涛”法治教育基地。", "清泉", L),
        ("运用“云上党校”“红帆在线”等线上学习平台做好送学。", "红帆在线", P),
        # a gloss after a comma: 一项项举措 names schemes
        ("“进城第一课”“安家第一餐”,一项项举措温暖人心。", "安家第一餐", P),
        # a launch verb, maybe behind a short noun, before a string that reads as a name
        ("镇里开设网络“民情快递车”收集诉求。", "民情快递车", P),
        ("街道创设助老服务“暖心券”,为老人提供助餐服务。", "暖心券", P),
        ("在村里举办“稻香邻里市集”12场次。", "稻香邻里市集", P),
        # a word after the quote, maybe behind a modifier
        ("成立“青苗”心理辅导工作室,开通热线。", "青苗心理辅导工作室", ORG),
        ("推行“1+3+N”网格架构,吸纳志愿者。", "1+3+N网格架构", P),
        ("明确每月一走访、每季一座谈“两个一”工作要求。", "两个一工作要求", P),
        # a quoted name ending in a body word, introduced by a verb
        ("在开发区设立“青年创业服务中心”,开通专线。", "青年创业服务中心", ORG),
    ],
)
def test_quoted_names_take_the_class_of_their_evidence(text, name, kind):
    assert judged(text).get(name) is kind


@pytest.mark.parametrize(
    "text, name",
    [
        ("聚焦“一少一老”,强化基层服务保障。", "一少一老"),  # a target group, not a scheme
        ("群众亲切地称他们为“夫妻哨”。", "夫妻哨"),  # a nickname
        ("变“人找服务”为“服务找人”,效率提高。", "人找服务"),  # the words of a saying
        ("变“人找服务”为“服务找人”,效率提高。", "服务找人"),
        ("解决好“最后一米”问题。", "最后一米"),  # a problem
        ("“治理参谋”“楼道管家”,一个个称呼见证了变化。", "楼道管家"),  # appellations
        ("对重点任务实施“挂牌督战”。", "挂牌督战"),  # a verb phrase, no name
        ("全力打造“创新湖区”。", "创新湖区"),  # a goal for a place
        ("深化“大党委”工作格局。", "大党委"),  # an institutional form
        ("社区成为居民的“纽带”。", "纽带"),  # a common word
        ("“跨域联盟”与“城乡一体”互联互通。", "跨域联盟"),  # a body word as a figure of speech
    ],
)
def test_sayings_targets_and_figures_are_no_names(text, name):
    assert name not in judged(text)


def test_a_brand_counted_in_many_places_is_a_programme_not_a_body():
    assert judged("全区建成120个“邻里汇”服务中心(站)。")["邻里汇"] is P
    assert judged("组建“银龄先锋”志愿服务队30支。")["银龄先锋志愿服务队"] is P


def test_a_name_quoted_once_with_evidence_is_a_name_everywhere():
    text = "县里推出“小马扎”服务。后来,“小马扎”走进了每个村。"
    found = [c for c in quoted_candidates(text, tuple(find_quotes(text)))]
    assert [(text[c.start : c.end], c.rule) for c in found] == [
        ("“小马扎”", "programme.quote_trigger"),
        ("“小马扎”", "programme.quote_repeat"),
    ]


def test_a_name_repeated_without_evidence_counts_only_when_never_a_target():
    brand = "“青灯夜校”开课了。“青灯夜校”很受欢迎。大家都说“青灯夜校”好。"
    assert judged(brand)["青灯夜校"] is P
    target = "聚焦“银发族群”。“银发族群”需要关爱。服务“银发族群”。"
    assert "银发族群" not in judged(target)


@pytest.mark.parametrize(
    "inner, size",
    [
        ("四小工作法", 4),
        ("双一工程", 2),
        ("六个一", 6),
        ("12345热线", 12345),
        ("1+4+N", None),
        ("先锋e家", None),
    ],
)
def test_scheme_size(inner, size):
    assert scheme_size(inner) == size


def test_components_listed_before_a_numbered_scheme():
    text = "推出“小竹篮”送在前、“小灯笼”照在前、“小雨伞”护在前的“三小工作法”,服务群众。"
    parts = scheme_components(text, tuple(find_quotes(text)))
    assert [[text[s:e] for s, e in c.parts] for c in parts] == [["小竹篮", "小灯笼", "小雨伞"]]
    assert parts[0].scheme.inner == "三小工作法"
    assert {n for n, k in judged(text).items() if k is P} >= {"小竹篮", "小灯笼", "小雨伞", "三小工作法"}


def test_components_listed_after_a_numbered_scheme():
    text = "推行“三个通”改革,通过推进服务事项“一网通”、数据共享“一表通”、办事流程“一窗通”,减轻负担。"
    parts = scheme_components(text, tuple(find_quotes(text)))
    assert [[text[s:e] for s, e in c.parts] for c in parts] == [["一网通", "一表通", "一窗通"]]


def test_components_inside_one_quote_but_not_its_spelled_out_content():
    split = "县里实施“一村一能人、一企一专家”人才“双一计划”。"
    assert [
        [split[s:e] for s, e in c.parts] for c in scheme_components(split, tuple(find_quotes(split)))
    ] == [["一村一能人", "一企一专家"]]
    assert "一村一能人、一企一专家" not in judged(split) and judged(split)["一村一能人"] is P
    content = "推行一件事、一个人、一张表的“三个一”工作法。"
    assert scheme_components(content, tuple(find_quotes(content))) == []
    spelled = "推行“一件事、一个人、一张表”的“三个一”工作法。"
    assert scheme_components(spelled, tuple(find_quotes(spelled))) == []


def test_a_count_that_does_not_match_gives_no_components():
    text = "推出“小竹篮”送在前、“小灯笼”照在前的“三小工作法”。"
    assert scheme_components(text, tuple(find_quotes(text))) == []


def test_slogans():
    assert is_slogan("我们不怕") and is_slogan("淘宝式") and not is_slogan("清风茶叙")


def test_a_marker_word_counts_only_as_a_word_of_its_own():
    assert not is_slogan("三问三了解") and is_slogan("干了再说")


def test_spelled_out_contents_and_bare_numbers_are_no_names():
    assert "一户一档、一人一卡" not in judged("推行“一户一档、一人一卡”,服务到位。")
    assert "5×8小时" not in judged("开通“5×8小时”热线。")


def test_a_list_longer_than_the_scheme_announces_or_a_scheme_talked_about_gives_no_parts():
    text = "深刻领悟“两个确定”的重大意义,增强“三种意识”、坚定“三份信心”、做到“两个保持”。"
    assert scheme_components(text, tuple(find_quotes(text))) == []
