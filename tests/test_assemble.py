"""Assemble stage: article records merge into one graph, keeping every piece of evidence."""

from __future__ import annotations

from graph.assemble import assemble_graph
from graph.export.nodelink import to_node_link_json
from graph.model import (
    Document,
    DocumentMeta,
    Entity,
    EntityType,
    Evidence,
    ExtractionRecord,
    Mention,
    Relation,
    RelationType,
)


def _record(doc_id: str, text: str, entities, relations, date="2024-01-02") -> ExtractionRecord:
    doc = Document(
        doc_id, f"/in/{doc_id}.txt", text, DocumentMeta(title=f"t{doc_id}", date=date), content_hash=doc_id
    )
    return ExtractionRecord(doc, tuple(entities), tuple(relations))


def _entity(doc_id, text, surface, key, etype, name=None, **kw) -> Entity:
    start = text.index(surface)
    mention = Mention(start, start + len(surface), surface, etype)
    return Entity(key, name or surface, etype, mentions=((doc_id, mention),), **kw)


def _evidence(doc_id, text) -> Evidence:
    return Evidence(doc_id, 0, len(text), text, "rule", 0.9)


def _two_articles():
    t1 = "吴江区委书记张三说。"
    t2 = "吴江的张三表示。"
    r1 = _record(
        "a",
        t1,
        [
            _entity("a", t1, "吴江区委", "org:吴江区委", EntityType.ORGANISATION),
            _entity("a", t1, "张三", "person:张三", EntityType.PERSON),
        ],
        [
            Relation(
                "person:张三",
                RelationType.HOLDS_POST,
                "org:吴江区委",
                "书记",
                "2024-01-02",
                (_evidence("a", t1),),
            )
        ],
    )
    r2 = _record(
        "b",
        t2,
        [
            _entity("b", t2, "吴江", "place:320509", EntityType.PLACE, name="吴江", adcode="320509"),
            _entity("b", t2, "张三", "person:张三", EntityType.PERSON),
        ],
        [
            Relation(
                "person:张三",
                RelationType.HOLDS_POST,
                "org:吴江区委",
                "书记",
                "2024-03-01",
                (_evidence("b", t2),),
            )
        ],
        date="2024-03-01",
    )
    return r1, r2


def test_same_key_is_one_node_with_all_mentions_and_articles():
    G = assemble_graph(_two_articles())
    person = G.nodes["person:张三"]
    assert person["mention_count"] == 2
    assert person["articles"] == ["a", "b"]
    # the three entities, and the two divisions above 吴江区 the gazetteer adds
    assert sorted(n for n, origin in G.nodes(data="origin") if origin is None) == [
        "org:吴江区委",
        "person:张三",
        "place:320509",
    ]
    assert sorted(n for n, origin in G.nodes(data="origin") if origin == "gazetteer") == [
        "place:320000",
        "place:320500",
    ]


def test_relation_found_twice_keeps_both_evidence_and_latest_date():
    G = assemble_graph(_two_articles())
    edges = [e for e in G.edges(keys=True, data=True) if e[3]["relation"] != "within_division"]
    assert len(edges) == 1
    head, tail, key, data = edges[0]
    assert (head, tail, key) == ("person:张三", "org:吴江区委", "holds_post|书记")
    assert [e["doc"] for e in data["evidence"]] == ["a", "b"]
    assert data["as_of"] == "2024-03-01"


def test_gazetteer_place_is_named_by_its_official_name():
    G = assemble_graph(_two_articles())
    assert G.nodes["place:320509"]["name"] == "吴江区"
    assert G.nodes["place:320509"]["aliases"] == ["吴江"]


def test_partner_of_is_stored_once_whatever_the_order():
    text = "甲与乙结对。"
    ents = [
        _entity("a", text, "甲", "org:甲", EntityType.ORGANISATION),
        _entity("a", text, "乙", "org:乙", EntityType.ORGANISATION),
    ]
    rels = [
        Relation("org:乙", RelationType.PARTNER_OF, "org:甲", evidence=(_evidence("a", text),)),
        Relation("org:甲", RelationType.PARTNER_OF, "org:乙", evidence=(_evidence("a", text),)),
    ]
    G = assemble_graph([_record("a", text, ents, rels)])
    assert [(h, t) for h, t in G.edges()] == [tuple(sorted(("org:甲", "org:乙")))]


def test_order_of_records_does_not_change_the_output():
    r1, r2 = _two_articles()
    assert to_node_link_json(assemble_graph([r1, r2])) == to_node_link_json(assemble_graph([r2, r1]))


def test_empty_corpus_gives_an_empty_graph():
    G = assemble_graph([])
    assert G.number_of_nodes() == 0 and G.graph["articles"] == {}
