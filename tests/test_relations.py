"""Relation rules by family, on hand-written sentences and hand-built entities.

``article(text, names)`` builds a Document, its sentences and the entities; each mention
is a written form of a name (longest forms first, never overlapping), found by hand.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from graph.errors import InputError
from graph.model import Document, DocumentMeta, Entity, EntityType, Mention, RelationType
from graph.relations import extract_relations
from graph.relations.posts import is_title, split_party_organ
from graph.segment import split_sentences

DOC_ID = "t1"


def entity_key(kind: str, name: str) -> str:
    return f"{kind.lower()}:{name}"


def article(
    text: str, names: dict, *, date: str = "2022-05-01", extra: dict | None = None, title: str | None = None
):
    """(doc, sentences, entities) for ``text``; ``names`` maps name -> (type, aliases[, attrs])."""
    doc = Document(DOC_ID, f"{DOC_ID}.txt", text, DocumentMeta(date=date, title=title))
    spans = _mention_spans(text, names)
    entities = []
    for name, spec in names.items():
        kind, aliases = spec[0], tuple(spec[1])
        attrs = spec[2] if len(spec) > 2 else {}
        mentions = tuple(
            (DOC_ID, Mention(a, b, text[a:b], EntityType(kind))) for a, b, owner in spans if owner == name
        )
        entities.append(
            Entity(
                entity_key(kind, name), name, EntityType(kind), aliases=aliases, mentions=mentions, **attrs
            )
        )
    return doc, split_sentences(text), tuple(entities)


def _mention_spans(text: str, names: dict) -> list[tuple[int, int, str]]:
    found = []
    for name, spec in names.items():
        for form in {name, *spec[1]}:
            start = text.find(form)
            while start >= 0:
                found.append((start, start + len(form), name))
                start = text.find(form, start + 1)
    taken: list[tuple[int, int, str]] = []
    for span in sorted(found, key=lambda s: (s[0] - s[1], s[0], s[2])):
        if not any(a < span[1] and span[0] < b for a, b, _ in taken):
            taken.append(span)
    return sorted(taken)


def triples(relations) -> set[tuple]:
    """(head, relation, tail, title) of each relation, names without the type prefix."""
    return {(r.head.split(":", 1)[1], r.relation.value, r.tail.split(":", 1)[1], r.title) for r in relations}


def run(text: str, names: dict, **kwargs):
    doc, sentences, entities = article(text, names, **kwargs)
    return extract_relations(doc, sentences, (), entities)


def of_type(relations, relation: str) -> set[tuple]:
    return {t for t in triples(relations) if t[1] == relation}


ORG, PLACE, PERSON, PROG = "Organisation", "Place", "Person", "Programme"


# --- holds_post --------------------------------------------------------------------------
def test_a_title_chain_gives_one_post_per_body():
    rels = run(
        "日前,浙江省委常委、杭州市委书记张建华到基层调研。",
        {"张建华": (PERSON, ()), "浙江省委": (ORG, ()), "杭州市委": (ORG, ())},
    )
    assert of_type(rels, "holds_post") == {
        ("张建华", "holds_post", "浙江省委", "常委"),
        ("张建华", "holds_post", "杭州市委", "书记"),
    }


def test_a_post_carries_the_article_date():
    rels = run(
        "杭州市委书记张建华到基层调研。", {"张建华": (PERSON, ()), "杭州市委": (ORG, ())}, date="2021-03-04"
    )
    assert [r.as_of for r in rels if r.relation is RelationType.HOLDS_POST] == ["2021-03-04"]


def test_a_bare_title_after_a_party_unit_belongs_to_the_company():
    rels = run(
        "杭州云帆科技有限公司党支部书记、董事长李明远表示,要抓好党建。",
        {"李明远": (PERSON, ()), "杭州云帆科技有限公司": (ORG, ()), "杭州云帆科技有限公司党支部": (ORG, ())},
    )
    assert of_type(rels, "holds_post") == {
        ("李明远", "holds_post", "杭州云帆科技有限公司党支部", "书记"),
        ("李明远", "holds_post", "杭州云帆科技有限公司", "董事长"),
    }


def test_a_group_named_earlier_completes_an_anaphoric_body():
    rels = run(
        "绿野集团始建于2001年。集团党委书记、总裁王海涛说,党建就是生产力。",
        {"王海涛": (PERSON, ()), "绿野集团": (ORG, ()), "绿野集团党委": (ORG, ())},
    )
    posts = {(t[2], t[3]) for t in of_type(rels, "holds_post")}
    assert posts == {("绿野集团党委", "书记"), ("绿野集团", "总裁")}
    assert all(e.by_context for r in rels if r.relation is RelationType.HOLDS_POST for e in r.evidence)
    assert all(
        "anaphor" in e.rule or "inherit" in e.rule
        for r in rels
        if r.relation is RelationType.HOLDS_POST
        for e in r.evidence
    )


def test_a_company_without_a_named_party_unit_keeps_the_full_title():
    rels = run(
        "远航网用户遍布全国。公司党委书记、首席执行官孙志刚说,要凝心聚力。",
        {"孙志刚": (PERSON, ()), "远航网": (ORG, ("远航",))},
    )
    assert of_type(rels, "holds_post") == {
        ("孙志刚", "holds_post", "远航网", "党委书记"),
        ("孙志刚", "holds_post", "远航网", "首席执行官"),
    }


def test_this_town_is_the_town_named_just_before():
    rels = run(
        "在整治行动中,西塘镇党委牵头攻坚。该镇党委宣传委员钱卫国介绍,河道已经变清。",
        {"钱卫国": (PERSON, ()), "西塘镇": (PLACE, ()), "西塘镇党委": (ORG, ())},
    )
    assert ("钱卫国", "holds_post", "西塘镇党委", "宣传委员") in of_type(rels, "holds_post")


def test_a_title_written_after_the_name_finds_its_fixed_body():
    rels = run(
        "以习近平同志为核心的党中央高度重视。习近平总书记指出,要抓基层。",
        {"习近平": (PERSON, ()), "党中央": (ORG, ("中央",))},
    )
    assert of_type(rels, "holds_post") == {("习近平", "holds_post", "党中央", "总书记")}


def test_a_long_section_title_is_kept_as_written():
    rels = run(
        "“数字先锋”服务专员、滨江区科技局产业服务科科长吴晓东介绍了情况。",
        {"吴晓东": (PERSON, ()), "滨江区科技局": (ORG, ()), "数字先锋": (PROG, ())},
    )
    assert of_type(rels, "holds_post") == {("吴晓东", "holds_post", "滨江区科技局", "产业服务科科长")}


@pytest.mark.parametrize("text", ["记者周丽萍报道,活动很成功。", "社区党总支副书记周丽萍说,大家很满意。"])
def test_no_post_without_a_named_body_or_a_title(text):
    assert not of_type(run(text, {"周丽萍": (PERSON, ()), "湖滨社区": (PLACE, ())}), "holds_post")


def test_title_words():
    assert is_title("首席战略官") and is_title("组织委员") and not is_title("有关负责人")
    assert split_party_organ("党总支书记") == ("党总支", "书记")
    assert split_party_organ("总经理") == ("", "总经理")


# --- sub_organisation_of and located_in ------------------------------------------------------
def test_a_unit_named_after_its_body_belongs_to_it():
    rels = run(
        "滨江区委组织部召开会议,远山银行杭州分行派员参加。",
        {
            "滨江区委组织部": (ORG, ()),
            "滨江区委": (ORG, ()),
            "滨江区": (PLACE, ()),
            "远山银行": (ORG, ()),
            "远山银行杭州分行": (ORG, ()),
            "杭州市": (PLACE, ("杭州",)),
        },
    )
    assert of_type(rels, "sub_organisation_of") == {
        ("滨江区委组织部", "sub_organisation_of", "滨江区委", None),
        ("远山银行杭州分行", "sub_organisation_of", "远山银行", None),
    }
    located = of_type(rels, "located_in")
    assert ("远山银行杭州分行", "located_in", "杭州市", None) in located
    assert ("滨江区委", "located_in", "滨江区", None) in located
    assert ("滨江区委组织部", "located_in", "滨江区", None) in located


def test_a_body_that_sets_up_a_branch_owns_it():
    rels = run(
        "区卫健委党组聚焦疫情防控,成立“健康卫士”行动支部。",
        {"区卫健委党组": (ORG, ()), "健康卫士行动支部": (ORG, ("“健康卫士”行动支部",))},
    )
    assert ("健康卫士行动支部", "sub_organisation_of", "区卫健委党组", None) in of_type(
        rels, "sub_organisation_of"
    )


def test_places_written_together_nest_by_level():
    rels = run(
        "在杭州市滨江区长河街道,居民议事很活跃。",
        {"杭州市": (PLACE, ()), "滨江区": (PLACE, ()), "长河街道": (PLACE, ())},
    )
    assert of_type(rels, "located_in") == {
        ("滨江区", "located_in", "杭州市", None),
        ("长河街道", "located_in", "滨江区", None),
    }


def test_the_gazetteer_asserts_nothing_the_text_does_not_write():
    # 滨江区 lies in 杭州, but naming both in one sentence does not say so (the assembled graph
    # carries the gazetteer's containment as within_division edges, as knowledge)
    names = {
        "滨江区": (PLACE, (), {"adcode": "330108", "parent_adcode": "330100", "subtype": "district"}),
        "杭州": (PLACE, (), {"adcode": "330100", "parent_adcode": "330000", "subtype": "city"}),
    }
    assert not of_type(run("滨江区和杭州都在发展数字经济。", names), "located_in")
    assert of_type(run("杭州滨江区在发展数字经济。", names), "located_in") == {
        ("滨江区", "located_in", "杭州", None)
    }


def test_a_body_named_with_a_bare_level_word_sits_in_the_article_district():
    rels = run(
        "滨江区推进改革。区科技局和区人社局联合行动。",
        {"滨江区": (PLACE, ()), "区科技局": (ORG, ()), "区人社局": (ORG, ())},
    )
    assert {t[0] for t in of_type(rels, "located_in") if t[2] == "滨江区"} == {"区科技局", "区人社局"}


def test_a_verb_of_location_places_a_zone():
    rels = run(
        "2019年,滨江区被全域纳入钱塘科创示范区。", {"滨江区": (PLACE, ()), "钱塘科创示范区": (PLACE, ())}
    )
    assert ("滨江区", "located_in", "钱塘科创示范区", None) in of_type(rels, "located_in")


# --- runs and part_of -----------------------------------------------------------------------------
def test_the_clause_subject_runs_what_it_launches():
    rels = run(
        "2020年,滨江区创新启动“数字先锋”工程,成效明显。",
        {"滨江区": (PLACE, ()), "数字先锋": (PROG, ("数字先锋工程",))},
    )
    assert of_type(rels, "runs") == {("滨江区", "runs", "数字先锋", None)}
    assert not any(e.by_context for r in rels for e in r.evidence)


def test_a_programme_without_a_named_runner_is_the_main_places():
    text = "滨江区是数字经济高地。滨江区重视党建。今年,“红色驿站”服务清单正式发布。"
    rels = run(text, {"滨江区": (PLACE, ()), "红色驿站": (PROG, ())})
    (runs,) = [r for r in rels if r.relation is RelationType.RUNS]
    assert runs.head == "place:滨江区" and runs.evidence[0].by_context
    assert runs.evidence[0].rule == "runs:article_subject"


def test_several_subjects_run_a_programme_together():
    rels = run(
        "湖东、湖西两地共同发布了“同心圆”文件体系。",
        {"湖东": (PLACE, ()), "湖西": (PLACE, ()), "同心圆": (PROG, ())},
    )
    assert {t[0] for t in of_type(rels, "runs")} == {"湖东", "湖西"}


def test_a_body_after_a_preposition_is_not_the_runner():
    rels = run(
        "滨江区重视党建。以远山集团党委为样板,发布“星火”标准。",
        {"滨江区": (PLACE, ()), "远山集团党委": (ORG, ()), "星火": (PROG, ())},
    )
    assert of_type(rels, "runs") == {("滨江区", "runs", "星火", None)}


def test_a_programme_named_after_a_larger_one_is_part_of_it():
    rels = run(
        "各地都在推进融入式治理“书记工程”。",
        {"融入式治理": (PROG, ()), "书记工程": (PROG, ("融入式治理“书记工程”",))},
    )
    assert ("书记工程", "part_of", "融入式治理", None) in of_type(rels, "part_of")


def test_the_parts_listed_after_a_scheme_are_part_of_it():
    rels = run(
        "滨江区推行“三联”工作法:联学共建、联合服务、联动治理。",
        {
            "滨江区": (PLACE, ()),
            "三联": (PROG, ()),
            "联学共建": (PROG, ()),
            "联合服务": (PROG, ()),
            "联动治理": (PROG, ()),
        },
    )
    assert of_type(rels, "part_of") == {
        (p, "part_of", "三联", None) for p in ("联学共建", "联合服务", "联动治理")
    }


# --- partner_of and member_of ---------------------------------------------------------------------
def test_pairing_with_a_list_makes_the_subject_everyones_partner():
    rels = run(
        "湖滨村党支部依托平台,与果园合作社党支部、远山集团党委结对,共同办活动。",
        {"湖滨村党支部": (ORG, ()), "果园合作社党支部": (ORG, ()), "远山集团党委": (ORG, ())},
    )
    partners = {frozenset((t[0], t[2])) for t in of_type(rels, "partner_of")}
    assert partners == {
        frozenset({"湖滨村党支部", "果园合作社党支部"}),
        frozenset({"湖滨村党支部", "远山集团党委"}),
    }


def test_members_of_an_alliance_are_members_and_partners():
    rels = run(
        "滨江区成立了由浙东大学、远山集团等12家单位组成的乡村振兴党建联盟。",
        {"滨江区": (PLACE, ()), "浙东大学": (ORG, ()), "远山集团": (ORG, ()), "乡村振兴党建联盟": (ORG, ())},
    )
    assert of_type(rels, "member_of") == {
        ("浙东大学", "member_of", "乡村振兴党建联盟", None),
        ("远山集团", "member_of", "乡村振兴党建联盟", None),
    }
    assert {frozenset((t[0], t[2])) for t in of_type(rels, "partner_of")} == {
        frozenset({"浙东大学", "远山集团"})
    }


def test_bodies_joining_a_community_are_members():
    rels = run(
        "远山集团、湖光电力公司……越来越多单位的党组织加入了“湖岛党建共同体”。",
        {"远山集团": (ORG, ()), "湖光电力公司": (ORG, ()), "湖岛党建共同体": (PROG, ())},
    )
    assert {t[0] for t in of_type(rels, "member_of")} == {"远山集团", "湖光电力公司"}


def test_members_of_a_working_unit_are_not_partners():
    rels = run(
        "由区科技局、区工信局等部门人员组成的“智造”行动支部开展攻坚。",
        {"区科技局": (ORG, ()), "区工信局": (ORG, ()), "智造行动支部": (ORG, ("“智造”行动支部",))},
    )
    assert {t[0] for t in of_type(rels, "member_of")} == {"区科技局", "区工信局"}
    assert not of_type(rels, "partner_of")


def test_a_body_working_with_others_partners_each_of_them():
    rels = run(
        "湖光日报联合省委党校研究院、省社科院研究所等开展调研。",
        {"湖光日报": (ORG, ()), "省委党校研究院": (ORG, ()), "省社科院研究所": (ORG, ())},
    )
    assert {frozenset((t[0], t[2])) for t in of_type(rels, "partner_of")} == {
        frozenset({"湖光日报", "省委党校研究院"}),
        frozenset({"湖光日报", "省社科院研究所"}),
    }


# --- merging, order and input checks --------------------------------------------------------------
def test_one_relation_holds_the_evidence_of_every_sentence():
    rels = run(
        "杭州市委书记张建华到社区。杭州市委书记张建华又到企业。",
        {"张建华": (PERSON, ()), "杭州市委": (ORG, ())},
    )
    (post,) = [r for r in rels if r.relation is RelationType.HOLDS_POST]
    assert len(post.evidence) == 2 and post.evidence[0].start < post.evidence[1].start


def test_output_is_sorted_and_does_not_depend_on_entity_order():
    text = "滨江区创新启动“数字先锋”工程。杭州市委书记张建华到滨江区调研。"
    names = {"滨江区": (PLACE, ()), "数字先锋": (PROG, ()), "张建华": (PERSON, ()), "杭州市委": (ORG, ())}
    doc, sentences, entities = article(text, names)
    first = extract_relations(doc, sentences, (), entities)
    shuffled = list(entities)
    random.Random(7).shuffle(shuffled)
    assert extract_relations(doc, sentences, (), tuple(shuffled)) == first
    assert list(first) == sorted(first, key=lambda r: r.identity)


def test_a_sentence_that_does_not_match_the_text_is_refused():
    doc, sentences, entities = article("滨江区启动“数字先锋”工程。", {"滨江区": (PLACE, ())})
    with pytest.raises(InputError, match="does not match"):
        extract_relations(doc, (replace(sentences[0], text="别的句子"),), (), entities)


def test_mentions_of_other_articles_are_ignored():
    doc, sentences, entities = article(
        "滨江区启动“数字先锋”工程。", {"滨江区": (PLACE, ()), "数字先锋": (PROG, ())}
    )
    foreign = tuple(
        replace(e, mentions=tuple(("other", m) for _, m in e.mentions), aliases=()) for e in entities
    )
    renamed = tuple(replace(e, name=e.name + "X") for e in foreign)
    assert extract_relations(doc, sentences, (), renamed) == ()


# --- guards against generic names and loose readings ----------------------------------------------
def test_a_generic_body_is_not_a_body_of_its_own():
    rels = run(
        "远山集团成立于1998年。集团党委书记、董事局主席陈国栋说,要抓好党建。",
        {"陈国栋": (PERSON, ()), "远山集团": (ORG, ()), "远山集团党委": (ORG, ()), "董事局": (ORG, ())},
    )
    assert of_type(rels, "holds_post") == {
        ("陈国栋", "holds_post", "远山集团党委", "书记"),
        ("陈国栋", "holds_post", "远山集团", "董事局主席"),
    }


def test_a_company_named_long_before_is_not_what_company_means():
    filler = "天气晴朗。" * 5
    rels = run(
        f"远航网成立多年。{filler}公司党委书记孙志刚说,要凝心聚力。",
        {"孙志刚": (PERSON, ()), "远航网": (ORG, ())},
    )
    assert not of_type(rels, "holds_post")


def test_a_generic_subject_runs_through_the_place_it_points_to():
    rels = run(
        "湖滨社区是安置社区。社区党委探索“三议一公开”议事规则。",
        {"湖滨社区": (PLACE, ()), "社区党委": (ORG, ()), "三议一公开": (PROG, ())},
    )
    (runs,) = [r for r in rels if r.relation is RelationType.RUNS]
    assert runs.head == "place:湖滨社区" and runs.evidence[0].by_context
    assert runs.evidence[0].rule == "runs:anaphoric_subject(社区)"


def test_a_place_inside_a_programme_name_is_not_its_runner():
    rels = run(
        "滨江区重视创新。滨江区推进改革。滨江科创圈先锋行动正式启动。",
        {"滨江区": (PLACE, ()), "滨江科创圈": (PLACE, ()), "先锋行动": (PROG, ())},
    )
    assert of_type(rels, "runs") == {("滨江区", "runs", "先锋行动", None)}


@pytest.mark.parametrize(
    "names",
    [
        {"吉安市委和市政府": (ORG, ()), "吉安市委": (ORG, ())},
        {"远山集团": (ORG, ()), "远山": (ORG, ())},
    ],
)
def test_side_by_side_bodies_and_short_forms_do_not_nest(names):
    text = "、".join(names) + "都很重视。"
    assert not of_type(run(text, names), "sub_organisation_of")


def test_a_place_running_on_into_an_untagged_name_is_not_the_container():
    rels = run("湖东县被全域纳入长三角一体化示范区。", {"湖东县": (PLACE, ()), "长三角": (PLACE, ())})
    assert not of_type(rels, "located_in")


def test_a_body_after_a_bare_level_word_sits_in_the_place_named_before():
    rels = run(
        "长河街道湖滨村有新变化。湖滨村党支部与街道果园党支部结对。",
        {"长河街道": (PLACE, ()), "湖滨村": (PLACE, ()), "湖滨村党支部": (ORG, ()), "果园党支部": (ORG, ())},
    )
    assert ("果园党支部", "located_in", "长河街道", None) in of_type(rels, "located_in")
    assert {frozenset((t[0], t[2])) for t in of_type(rels, "partner_of")} == {
        frozenset({"湖滨村党支部", "果园党支部"})
    }


@pytest.mark.parametrize(
    "text", ["会上,张建华,现任杭州市委书记,作了讲话。", "会上,张建华(杭州市委书记)作了讲话。"]
)
def test_a_post_given_after_the_name(text):
    rels = run(text, {"张建华": (PERSON, ()), "杭州市委": (ORG, ())})
    assert of_type(rels, "holds_post") == {("张建华", "holds_post", "杭州市委", "书记")}


def test_a_former_post_is_not_a_post():
    rels = run("会上,张建华,曾任杭州市委书记,作了讲话。", {"张建华": (PERSON, ()), "杭州市委": (ORG, ())})
    assert not of_type(rels, "holds_post")


def test_a_person_joining_a_company_makes_no_membership():
    rels = run(
        "他毕业于湖光财经学院会计专业,之后加入远山机械有限公司。",
        {"湖光财经学院": (ORG, ()), "远山机械有限公司": (ORG, ())},
    )
    assert not of_type(rels, "member_of")


def test_a_quoted_programme_after_a_larger_one_is_part_of_it():
    rels = run(
        "各地推进融入式治理“书记工程”。", {"融入式治理": (PROG, ()), "书记工程": (PROG, ("“书记工程”",))}
    )
    assert of_type(rels, "part_of") == {("书记工程", "part_of", "融入式治理", None)}


def test_quoted_programmes_side_by_side_are_a_list():
    rels = run(
        "村里开展“读书日”“读书会”等活动。", {"读书日": (PROG, ("“读书日”",)), "读书会": (PROG, ("“读书会”",))}
    )
    assert not of_type(rels, "part_of")


# --- who runs what on an article about one place --------------------------------------------------
def test_the_headline_names_the_article_subject_that_runs_unattributed_programmes():
    text = "近年来,河湾县与临江区交流频繁。临江区代表团来访。组建“邻里帮”志愿服务队,推行“红马甲”模式。"
    names = {"河湾县": (PLACE, ("河湾",)), "临江区": (PLACE, ()), "邻里帮": (PROG, ()), "红马甲": (PROG, ())}
    rels = run(text, names, title="山南河湾：小区建起志愿队")
    assert of_type(rels, "runs") == {("河湾县", "runs", "邻里帮", None), ("河湾县", "runs", "红马甲", None)}
    assert all(e.rule == "runs:article_subject" and e.by_context for r in rels for e in r.evidence)


def test_the_dateline_names_the_subject_when_the_headline_does_not():
    text = "本报河湾讯(通讯员王立)近年来,河湾县推行“红马甲”模式。临江区也来学习。开展“邻里帮”活动。"
    names = {"河湾县": (PLACE, ("河湾",)), "临江区": (PLACE, ()), "邻里帮": (PROG, ()), "红马甲": (PROG, ())}
    rels = run(text, names, title="持之以恒为基层减负")
    assert ("河湾县", "runs", "邻里帮", None) in of_type(rels, "runs")


def test_many_places_and_no_headline_give_no_subject():
    text = "河湾县、临江区、山南市都来了。开展“邻里帮”活动。"
    names = {"河湾县": (PLACE, ()), "临江区": (PLACE, ()), "山南市": (PLACE, ()), "邻里帮": (PROG, ())}
    assert of_type(run(text, names), "runs") == set()


def test_the_subject_opening_a_sentence_carries_across_its_comma_clauses():
    text = (
        "县敬老院党支部以“暖阳”党建品牌为依托,建立党员联户制度,持续发挥“银杏”志愿队作用,"
        "面向困境老人开展“添彩计划”“晚晴计划”,全面提升服务水平。"
    )
    names = {
        "县敬老院党支部": (ORG, ()),
        "银杏": (ORG, ()),
        "暖阳": (PROG, ()),
        "添彩计划": (PROG, ()),
        "晚晴计划": (PROG, ()),
    }
    runs = of_type(run(text, names), "runs")
    assert {("县敬老院党支部", "runs", p, None) for p in ("添彩计划", "晚晴计划")} <= runs
    assert not any(t[0] == "银杏" for t in runs)  # an object of 发挥, not a new subject


def test_an_actor_after_a_verb_is_an_object_and_a_person_opening_a_clause_names_no_body():
    text = "河湾县重视党建,推动柳塘镇创新,推出“两岸”服务。"
    names = {"河湾县": (PLACE, ()), "柳塘镇": (PLACE, ()), "两岸": (PROG, ())}
    assert {t[0] for t in of_type(run(text, names), "runs")} == {"河湾县"}
    text = "河湾县携手临江区,带领石桥、柳塘两镇共同成立“两岸”党建联盟。"  # 带领: leading them, together
    names = {
        "河湾县": (PLACE, ()),
        "临江区": (PLACE, ()),
        "石桥": (PLACE, ()),
        "柳塘": (PLACE, ()),
        "两岸党建联盟": (PROG, ("“两岸”党建联盟",)),
    }
    assert {t[0] for t in of_type(run(text, names), "runs")} == {"河湾县", "临江区", "石桥", "柳塘"}
    text = "河湾县某餐饮企业的负责人李红,主动认领“一个支部一件实事”项目。"
    names = {"河湾县": (PLACE, ()), "李红": (PERSON, ()), "一个支部一件实事": (PROG, ())}
    runs = run(text, names, title="河湾县：党员争当先锋")
    assert {e.rule for r in runs for e in r.evidence if r.relation is RelationType.RUNS} == {
        "runs:article_subject"
    }


def test_a_place_the_clause_opens_in_runs_what_is_launched_there():
    text = "在石桥镇柳塘村,党员们开办了“打平伙”食堂。"
    names = {"石桥镇": (PLACE, ()), "柳塘村": (PLACE, ("石桥镇柳塘村",)), "打平伙": (PROG, ())}
    assert of_type(run(text, names), "runs") == {("柳塘村", "runs", "打平伙", None)}


def test_the_parts_a_numbered_scheme_announces_are_part_of_it():
    text = "推出“小竹篮”送在前、“小灯笼”照在前、“小雨伞”护在前的“三小工作法”。"
    names = {p: (PROG, ()) for p in ("小竹篮", "小灯笼", "小雨伞", "三小工作法")}
    assert of_type(run(text, names), "part_of") == {
        (p, "part_of", "三小工作法", None) for p in ("小竹篮", "小灯笼", "小雨伞")
    }


# --- words of belonging ---------------------------------------------------------------------------
def test_a_body_said_to_belong_to_another_is_its_unit():
    text = "远山集团所属蓝湾建设公司党支部负责人介绍。绿洲物流公司隶属于远山集团。"
    names = {
        "远山集团": (ORG, ()),
        "蓝湾建设公司": (ORG, ()),
        "蓝湾建设公司党支部": (ORG, ()),
        "绿洲物流公司": (ORG, ()),
    }
    subs = of_type(run(text, names), "sub_organisation_of")
    assert {
        ("蓝湾建设公司", "sub_organisation_of", "远山集团", None),
        ("蓝湾建设公司党支部", "sub_organisation_of", "蓝湾建设公司", None),
        ("绿洲物流公司", "sub_organisation_of", "远山集团", None),
    } <= subs
    assert ("蓝湾建设公司党支部", "sub_organisation_of", "远山集团", None) not in subs


def test_job_titles_between_a_body_and_a_name():
    text = "石桥派出所民警王立新、远山物业公司安保人员李强、远山集团总经理助理赵明都来了。"
    names = {
        "石桥派出所": (ORG, ()),
        "远山物业公司": (ORG, ()),
        "远山集团": (ORG, ()),
        "王立新": (PERSON, ()),
        "李强": (PERSON, ()),
        "赵明": (PERSON, ()),
    }
    posts = of_type(run(text, names), "holds_post")
    assert {
        ("王立新", "holds_post", "石桥派出所", "民警"),
        ("李强", "holds_post", "远山物业公司", "安保人员"),
        ("赵明", "holds_post", "远山集团", "总经理助理"),
    } <= posts


def test_what_the_subject_works_through_is_its_programme():
    text = "县敬老院党支部以“暖阳”党建品牌为依托,建立党员联户制度。"
    names = {"县敬老院党支部": (ORG, ()), "暖阳": (PROG, ("“暖阳”党建品牌",))}
    assert of_type(run(text, names), "runs") == {("县敬老院党支部", "runs", "暖阳", None)}


def test_the_body_that_leads_runs_it():
    text = "对于楼宇白领,由石桥街道党工委牵头开展“午间课堂”。"
    names = {"石桥街道党工委": (ORG, ()), "午间课堂": (PROG, ())}
    assert of_type(run(text, names), "runs") == {("石桥街道党工委", "runs", "午间课堂", None)}


def test_the_innermost_place_a_clause_opens_in_and_not_one_a_person_lives_in():
    text = "在柳塘镇石桥社区,居民每月通过“邻里茶话会”反映问题。"
    names = {"柳塘镇": (PLACE, ()), "石桥社区": (PLACE, ()), "邻里茶话会": (PROG, ())}
    assert of_type(run(text, names), "runs") == {("石桥社区", "runs", "邻里茶话会", None)}
    text = "居住在柳塘镇的党员李芳,协助社区推出“邻里茶话会”项目。"
    names = {"柳塘镇": (PLACE, ()), "李芳": (PERSON, ()), "邻里茶话会": (PROG, ())}
    assert not any(e.rule == "runs:located_at" for r in run(text, names) for e in r.evidence)


def test_a_country_is_no_local_subject():
    text = "中国经济稳中向好。中国坚持开放。开展“丝路课堂”活动。"
    names = {"中国": (PLACE, ()), "丝路课堂": (PROG, ())}
    assert of_type(run(text, names), "runs") == set()
