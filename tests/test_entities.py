"""Mention extraction: one rule family per test, on sentences written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.entities import extract_mentions
from graph.entities.persons import looks_like_person
from graph.entities.pieces import split_word
from graph.entities.quoted import is_slogan
from graph.model import Document, EntityType
from graph.segment import split_sentences, tokenize

ARTICLE = "\n".join(
    [
        "日前,浙江省委常委、杭州市委书记李明华到西湖区调研。",
        "建设银行杭州分行行长王海波说,服务在不断提升。",
        "杭州市西湖区北山街道党工委书记张伟介绍了情况。",
        "青山社区党委书记陈芳说,社区党委把议事会开到楼道里。",
        "该区推出“红管家”在线服务平台,实施“五联五帮”工作法。",
        "有人说“老办法不管用”,也有人说这是“淘宝式”服务。",
        "区司法局、区民政局等部门组建了“邻里守望”行动支部。",
        "今年,《杭州市社区治理三年行动计划(2020~2022年)》出台。",
        "党员和书记们走进社区,***街道的网格员也来了。",
        "启动“五联五帮”以来,全区开展“清风茶叙”“邻里节”等主题活动。",
        "由市、区文旅局牵头,组建了“睦邻 互助”、“平安 守护”2个行动支部。",
    ]
)


@pytest.fixture(scope="module")
def mentions():
    doc = Document("t", "t.txt", ARTICLE)
    sentences = split_sentences(doc.text)
    return extract_mentions(doc, sentences, tokenize(sentences))


def _named(mentions, kind):
    return {m.text for m in mentions if m.type is kind}


def test_offsets_and_order(mentions):
    assert all(ARTICLE[m.start : m.end] == m.text for m in mentions)
    assert list(mentions) == sorted(mentions, key=lambda m: (m.start, m.end, m.type.value, m.rule))
    assert all(m.sentence >= 0 for m in mentions)


def test_place_and_party_body(mentions):
    orgs = _named(mentions, EntityType.ORGANISATION)
    assert {"浙江省委", "杭州市委"} <= orgs
    assert "李明华" in _named(mentions, EntityType.PERSON)
    assert "西湖区" in _named(mentions, EntityType.PLACE)


def test_company_branch_gives_the_company_too(mentions):
    orgs = _named(mentions, EntityType.ORGANISATION)
    assert {"建设银行杭州分行", "建设银行"} <= orgs


def test_prefixed_street_committee_and_its_street(mentions):
    assert "杭州市西湖区北山街道党工委" in _named(mentions, EntityType.ORGANISATION)
    assert "杭州市西湖区北山街道" in _named(mentions, EntityType.PLACE)


def test_community_party_body_but_not_a_generic_one(mentions):
    orgs = _named(mentions, EntityType.ORGANISATION)
    assert "青山社区党委" in orgs
    assert "社区党委" not in orgs
    assert "青山社区" in _named(mentions, EntityType.PLACE)


def test_programmes_need_evidence(mentions):
    programmes = {m.text for m in mentions if m.type is EntityType.PROGRAMME}
    assert "“红管家”在线服务平台" in programmes
    assert any(p.startswith("“五联五帮”") for p in programmes)
    assert not any("老办法" in p or "淘宝式" in p for p in programmes)


def test_listed_quotes_before_a_head_word(mentions):
    programmes = {m.text for m in mentions if m.type is EntityType.PROGRAMME}
    assert {"“清风茶叙”", "“邻里节”"} <= programmes


def test_quoted_action_branch_is_an_organisation(mentions):
    assert "“邻里守望”行动支部" in _named(mentions, EntityType.ORGANISATION)


def test_abbreviated_departments_kept_as_written(mentions):
    assert {"区司法局", "区民政局"} <= _named(mentions, EntityType.ORGANISATION)


def test_a_suffix_shared_by_two_levels(mentions):
    shared = [m for m in mentions if m.rule == "org.shared_suffix"]
    assert [m.text for m in shared] == ["市、区文旅局"]
    assert "区文旅局" in _named(mentions, EntityType.ORGANISATION)


def test_quoted_names_counted_as_bodies(mentions):
    assert {"“睦邻 互助”", "“平安 守护”"} <= _named(mentions, EntityType.ORGANISATION)


def test_policy_document(mentions):
    documents = [m for m in mentions if m.type is EntityType.PROGRAMME and m.text.startswith("《")]
    assert [m.subtype for m in documents] == ["document"]


def test_generic_nouns_and_masked_text_are_never_entities(mentions):
    texts = {m.text for m in mentions}
    assert not texts & {"党员", "书记", "社区", "网格员", "街道"}
    assert not any("*" in t for t in texts)
    assert all(len(t) >= 2 for t in texts)


@pytest.mark.parametrize(
    "word, pos, expected",
    [
        ("苏州市委组织部", "ORG", [("苏州市", "place"), ("委", "osuf"), ("组织部", "osuf")]),
        ("市委书记", "n", [("市委", "osuf"), ("书记", "title")]),
        ("苏州湾", "LOC", [("苏州湾", "core")]),
        ("委员", "n", [("委员", "core")]),
        ("莫某社区党委", "ORG", [("莫某", "core"), ("社区", "psuf"), ("党委", "osuf")]),
    ],
)
def test_words_are_cut_at_name_joints(word, pos, expected):
    assert [(word[s:e], kind) for s, e, kind, _ in split_word(word, pos)] == expected


def test_person_shapes():
    assert looks_like_person("王海波") and looks_like_person("欧阳明")
    assert not looks_like_person("吴中环")  # a place and a character
    assert not looks_like_person("某某某某某")


def test_slogans():
    assert is_slogan("我们不怕") and is_slogan("淘宝式")
    assert not is_slogan("清风茶叙")


_ALPHABET = st.sampled_from(
    list("苏州市吴江区党委社区村镇街道“”《》「」,。、*\n 书记王李集团公司支行项目工程行动红色") + ["a", "1"]
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_extraction_never_raises_and_offsets_hold(text):
    doc = Document("p", "p.txt", text)
    sentences = split_sentences(text)
    for m in extract_mentions(doc, sentences, tokenize(sentences)):
        assert text[m.start : m.end] == m.text
        assert "*" not in m.text


def test_a_body_name_does_not_start_inside_a_word():
    from graph.entities import _cut_from_a_word

    text = "开发区党工委书记说。区发改委党组开会。"
    assert _cut_from_a_word(text, text.index("区党工委"))
    assert not _cut_from_a_word(text, text.index("区发改委"))


def _found(text: str) -> set[tuple[str, EntityType]]:
    doc = Document("t", "t.txt", text)
    sentences = split_sentences(doc.text)
    return {(m.text, m.type) for m in extract_mentions(doc, sentences, tokenize(sentences))}


def test_a_unit_named_by_a_place_after_its_parent_is_a_body_of_its_own():
    found = _found("南昌铁路公安局九江公安处九江站派出所民警王立新在站台执勤。")
    orgs = {t for t, k in found if k is EntityType.ORGANISATION}
    assert {"南昌铁路公安局", "九江公安处", "九江站派出所"} <= orgs
    assert "南昌铁路公安局九江公安处九江站派出所" not in orgs
    assert ("南昌铁路", EntityType.PLACE) not in found  # the railway names the bureau here


def test_a_branch_named_after_its_parent_stays_one_name():
    orgs = {t for t, k in _found("渣打银行宁波支行行长陈立说。") if k is EntityType.ORGANISATION}
    assert "渣打银行宁波支行" in orgs and "宁波支行" not in orgs


def test_the_body_a_party_branch_belongs_to_and_joint_branches():
    orgs = {
        t
        for t, k in _found("县敬老院和康复院联合党支部以“暖阳”品牌为依托。县儿童福利院党支部开展活动。")
        if k is EntityType.ORGANISATION
    }
    assert "县敬老院和康复院联合党支部" in orgs and "县儿童福利院" in orgs
    assert "康复院联合党支部" not in orgs and "联合党支部" not in orgs


def test_a_levels_committee_joins_the_full_name_when_the_article_writes_it():
    from graph.model import RawArticle
    from graph.pipeline import process_article

    record = process_article(
        RawArticle("t", "t.txt", "宁波市委书记刘远说,市委高度重视。市委组织部也派人参加。")
    )
    names = {e.name: e for e in record.entities}
    assert "市委" in names["宁波市委"].aliases and "市委" not in names
    assert "市委组织部" in names  # no 宁波市委组织部 written: a body of its own


def test_places_lose_verbs_before_them_and_cut_offs_are_no_places():
    found = _found("家住幸福里小区的居民李芳说,小区很整洁。")
    assert ("幸福里小区", EntityType.PLACE) in found and ("家住幸福里小区", EntityType.PLACE) not in found
    quoted = _found("警务室成了村民拉家常的“温馨驿站”。")
    assert not any(k is EntityType.PLACE and "驿站" in t for t, k in quoted)


def test_quantifiers_are_never_part_of_a_name():
    found = _found("全市建成小区党群服务站24个。")
    assert not any(t.startswith("全市") for t, _ in found)


def test_unnamed_and_place_like_people():
    found = _found("村民王某说道。宝兰铁路穿村而过,宝兰线上的列车很多。")
    assert not any(k is EntityType.PERSON for t, k in found if t in ("王某", "宝兰"))


def test_unquoted_mechanisms_need_a_verb_that_launches():
    launched = _found("县里启动城乡环境综合整治联动机制建设。")
    built = _found("县里建立城乡部门纵向联动工作机制,推动问题解决。")
    assert any(k is EntityType.PROGRAMME for _, k in launched)
    assert not any(k is EntityType.PROGRAMME for _, k in built)


def test_listed_common_words_are_no_programmes():
    found = _found("通过打造稻花渡口、渔歌小镇等项目带动发展。孩子们开展绘画、书法等活动。")
    programmes = {t for t, k in found if k is EntityType.PROGRAMME}
    assert "渔歌小镇" in programmes and not programmes & {"绘画", "书法"}


def test_verbs_of_location_are_no_places():
    found = _found("河湾县东临大海,南接山区,北依临江城,风景秀丽。")
    assert not any(t in ("北依", "南接", "东临") for t, k in found if k is EntityType.PLACE)


def test_one_thing_written_with_and_without_the_countrys_name_is_one_entity():
    from graph.model import RawArticle
    from graph.pipeline import process_article

    record = process_article(
        RawArticle(
            "t",
            "t.txt",
            "中华人民共和国同各国友好。中国愿同各方合作。"
            "中国外交部表示支持。外交部还说明了情况。"
            "中共中央宣传部发布通知。中央宣传部还表示。",
        )
    )
    names = {e.name: e for e in record.entities}
    assert "中华人民共和国" in names["中国"].aliases and "中华人民共和国" not in names
    assert "外交部" in names["中国外交部"].aliases and "外交部" not in names
    assert "中央宣传部" in names["中共中央宣传部"].aliases


def test_two_bodies_lac_took_for_one_and_forms_of_address():
    found = _found("她被清华和国防科技大学同时录取。郭老师说,谭氏一族世代居住于此。")
    orgs = {t for t, k in found if k is EntityType.ORGANISATION}
    assert "国防科技大学" in orgs and not any("和" in t for t in orgs)
    assert not any(k is EntityType.PERSON and t in ("郭老师", "谭氏") for t, k in found)


def test_a_name_the_headline_spells_out_is_completed():
    from graph.model import RawArticle
    from graph.pipeline import process_article

    record = process_article(
        RawArticle("t", "t.txt", "白玛扎西：唱响新时代\n\n白玛扎西一直在学校教书。白玛扎西说,他热爱家乡。")
    )
    people = {e.name for e in record.entities if e.type is EntityType.PERSON}
    assert people == {"白玛扎西"}


def test_a_lac_word_inside_a_long_name_found_far_before_it_is_not_taken_again():
    from graph.entities.lac_candidates import _overlaps

    spans = sorted([(0, 40), *((i, i + 2) for i in range(1, 30, 3))])  # a long name, many short ones inside
    assert _overlaps("甲" * 60, spans, 35, 38)  # covered by (0, 40), far before in the list
    assert not _overlaps("甲" * 60, spans, 41, 44)
