"""Article-level resolution: canonical names, aliases, keys, gazetteer links, merges."""

from __future__ import annotations

from graph.model import Document, DocumentMeta, EntityType, Mention
from graph.resolve import resolve_document, strip_parent_places


def _doc(text: str, **meta) -> Document:
    return Document("d1", "d1.txt", text, meta=DocumentMeta(**meta))


def _mentions(text: str, *spans: tuple[str, EntityType]) -> list[Mention]:
    """Mentions of each surface, at its first occurrence after the previous one."""
    out, cursor = [], 0
    for surface, kind in spans:
        start = text.index(surface, cursor)
        out.append(Mention(start, start + len(surface), surface, kind, rule="test"))
        cursor = start + 1
    return out


def _by_name(entities):
    return {e.name: e for e in entities}


def test_short_full_and_prefixed_forms_are_one_place():
    text = "吴江是个好地方。苏州市吴江区今年发展快,吴江区的人说。"
    mentions = _mentions(
        text, ("吴江", EntityType.PLACE), ("苏州市吴江区", EntityType.PLACE), ("吴江区", EntityType.PLACE)
    )
    [place] = [e for e in resolve_document(_doc(text), mentions) if e.key == "place:320509"]
    assert place.name == "吴江区"
    assert set(place.aliases) == {"吴江", "苏州市吴江区"}
    assert (place.adcode, place.parent_adcode, place.subtype) == ("320509", "320500", "district")
    assert [doc for doc, _ in place.mentions] == ["d1"] * 3


def test_an_article_that_only_uses_the_short_form_keeps_it_as_name():
    text = "吴江的村庄很美。"
    [place] = resolve_document(_doc(text), _mentions(text, ("吴江", EntityType.PLACE)))
    assert (place.name, place.key) == ("吴江", "place:320509")
    assert "吴江区" in place.aliases


def test_ambiguous_district_follows_the_other_places_of_the_article():
    text = "福州市鼓楼区的街道。"
    mentions = _mentions(text, ("福州市", EntityType.PLACE), ("鼓楼区", EntityType.PLACE))
    keys = {e.name: e.key for e in resolve_document(_doc(text), mentions)}
    assert keys["鼓楼区"] == "place:350102"


def test_parent_places_leave_organisation_names():
    assert strip_parent_places("苏州市姑苏区沧浪街道党工委", "ORG") == "沧浪街道党工委"
    assert strip_parent_places("苏州市委组织部", "ORG") == "苏州市委组织部"
    assert strip_parent_places("横泾街道上林村") == "上林村"
    assert strip_parent_places("苏州湾大厦") == "苏州湾大厦"


def test_organisation_alias_from_a_prefixed_mention():
    text = "北山街道党工委开会,杭州市西湖区北山街道党工委书记讲话。"
    mentions = _mentions(
        text,
        ("北山街道党工委", EntityType.ORGANISATION),
        ("杭州市西湖区北山街道党工委", EntityType.ORGANISATION),
    )
    [org] = resolve_document(_doc(text), mentions)
    assert (org.key, org.name) == ("org:北山街道党工委", "北山街道党工委")
    assert org.aliases == ("杭州市西湖区北山街道党工委",)


def test_quoted_programme_forms_are_one_programme_without_quotes():
    text = "推行“邻里帮”品牌,“邻里帮”覆盖全区,实施“邻里帮”工程。"
    mentions = _mentions(
        text,
        ("“邻里帮”品牌", EntityType.PROGRAMME),
        ("“邻里帮”", EntityType.PROGRAMME),
        ("“邻里帮”工程", EntityType.PROGRAMME),
    )
    [programme] = resolve_document(_doc(text), mentions)
    assert (programme.key, programme.name) == ("programme:邻里帮", "邻里帮")
    assert "邻里帮工程" in programme.aliases


def test_numbered_scheme_keeps_its_head_word():
    text = "开展“365”专项行动。"
    [programme] = resolve_document(_doc(text), _mentions(text, ("“365”专项行动", EntityType.PROGRAMME)))
    assert programme.name == "365专项行动"
    assert {"“365”专项行动", "365"} <= set(programme.aliases)


def test_policy_document_loses_its_marks_and_keeps_a_short_alias():
    text = "《某市社区治理三年行动计划(2020~2022年)》出台。"
    surface = "《某市社区治理三年行动计划(2020~2022年)》"
    [programme] = resolve_document(_doc(text), _mentions(text, (surface, EntityType.PROGRAMME)))
    assert programme.name == "某市社区治理三年行动计划(2020~2022年)"
    assert "某市社区治理三年行动计划" in programme.aliases


def test_short_company_name_joins_the_full_name():
    text = "恒达集团党委书记说,恒达发展很快。"
    mentions = _mentions(text, ("恒达集团", EntityType.ORGANISATION), ("恒达", EntityType.ORGANISATION))
    [org] = resolve_document(_doc(text), mentions)
    assert (org.name, org.aliases, len(org.mentions)) == ("恒达集团", ("恒达",), 2)


def test_authors_editors_and_source_are_entities_without_mentions():
    text = "正文。"
    entities = _by_name(
        resolve_document(_doc(text, authors=("李华",), editors=("王强",), source="江南日报"), [])
    )
    assert entities["李华"].type is EntityType.PERSON and entities["李华"].mentions == ()
    assert entities["王强"].key == "person:王强"
    assert entities["江南日报"].type is EntityType.ORGANISATION


def test_entities_are_sorted_by_key():
    text = "张三在苏州市,李四在吴江。"
    mentions = _mentions(
        text,
        ("张三", EntityType.PERSON),
        ("苏州市", EntityType.PLACE),
        ("李四", EntityType.PERSON),
        ("吴江", EntityType.PLACE),
    )
    keys = [e.key for e in resolve_document(_doc(text), mentions)]
    assert keys == sorted(keys)
    assert "place:320500" in keys and "person:李四" in keys


def test_shared_suffix_mention_names_the_first_level():
    text = "由市、区文旅局牵头。"
    start = text.index("市、")
    mention = Mention(start, start + 6, "市、区文旅局", EntityType.ORGANISATION, rule="org.shared_suffix")
    [org] = resolve_document(_doc(text), [mention])
    assert (org.key, org.name) == ("org:市文旅局", "市文旅局")


def test_a_spaced_listed_name_joins_the_full_body_name():
    text = "“睦邻 互助”和“睦邻互助”行动支部。"
    mentions = _mentions(
        text, ("“睦邻 互助”", EntityType.ORGANISATION), ("“睦邻互助”行动支部", EntityType.ORGANISATION)
    )
    [org] = resolve_document(_doc(text), mentions)
    assert org.name == "睦邻互助行动支部"
    assert "睦邻 互助" in org.aliases


def test_a_far_city_short_name_inside_a_programme_name_is_not_a_place():
    from graph.entities import extract_mentions
    from graph.model import Document
    from graph.resolve import resolve_document
    from graph.segment import split_sentences, tokenize

    text = "成都市武侯区玉林街道党工委搭建了“玉林邻里汇”议事平台。"
    doc = Document("t", "t.txt", text)
    sentences = split_sentences(text)
    mentions = extract_mentions(doc, sentences, tokenize(sentences))
    places = {e.name for e in resolve_document(doc, mentions, sentences) if e.type.value == "Place"}
    assert "玉林" not in places and "玉林街道" in places
