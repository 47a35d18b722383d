"""Scoring follows ANNOTATION.md: names or aliases match, one-to-one, partner_of either order."""

from __future__ import annotations

import json

import pytest

from graph.errors import InputError
from graph.model import Document, DocumentMeta, Entity, EntityType, ExtractionRecord, Relation, RelationType
from graph.tools.evaluate import (
    evaluate,
    format_by_doc,
    format_by_rule,
    format_evaluation,
    format_sets,
    load_gold,
    record_to_gold,
)

GOLD = {
    "d": {
        "doc": "d",
        "meta": {"title": "T", "date": "2024-01-02", "source": "S", "authors": [], "editors": ["王五"]},
        "entities": [
            {"name": "吴江区", "type": "Place", "aliases": ["吴江"]},
            {"name": "甲公司", "type": "Organisation", "aliases": []},
            {"name": "乙公司", "type": "Organisation", "aliases": []},
            {"name": "张三", "type": "Person", "aliases": []},
        ],
        "relations": [
            {"head": "甲公司", "relation": "partner_of", "tail": "乙公司"},
            {"head": "张三", "relation": "holds_post", "tail": "甲公司", "title": "董事长"},
        ],
    }
}


def _prediction(entities, relations, meta=None):
    return {"doc": "d", "meta": meta or GOLD["d"]["meta"], "entities": entities, "relations": relations}


def test_alias_matches_and_duplicates_cost_precision():
    pred = _prediction([{"name": "吴江", "type": "Place"}, {"name": "吴江区", "type": "Place"}], [])
    result = evaluate([pred], GOLD)
    place = result.entities["Place"]
    assert (place.tp, place.predicted, place.gold) == (1, 2, 1)


def test_wrong_type_does_not_match():
    result = evaluate([_prediction([{"name": "吴江区", "type": "Organisation"}], [])], GOLD)
    assert result.entities["Place"].tp == 0 and result.entities["Organisation"].predicted == 1


def test_partner_of_matches_in_either_order_but_holds_post_does_not():
    rels = [
        {"head": "乙公司", "relation": "partner_of", "tail": "甲公司"},
        {"head": "甲公司", "relation": "holds_post", "tail": "张三"},
    ]
    result = evaluate([_prediction([], rels)], GOLD)
    assert result.relations["partner_of"].tp == 1
    assert result.relations["holds_post"].tp == 0


def test_meta_lists_compare_as_sets_and_last_line_has_the_three_scores():
    meta = dict(GOLD["d"]["meta"], date="2024-01-03")
    result = evaluate([_prediction([], [], meta)], GOLD)
    assert result.meta_accuracy == pytest.approx(4 / 5)
    last = format_evaluation(result).splitlines()[-1]
    assert last.startswith("entities F1=0.000 relations F1=0.000 meta acc=0.800")


def test_documents_without_gold_are_ignored():
    assert evaluate([dict(_prediction([], []), doc="other")], GOLD).meta_accuracy == 0.0


def test_record_to_gold_names_relation_ends_by_article_names():
    doc = Document("d", "d.txt", "x", DocumentMeta(title="T"))
    ents = (
        Entity("place:320509", "吴江区", EntityType.PLACE, aliases=("吴江", "吴江区")),
        Entity("org:甲", "甲", EntityType.ORGANISATION),
    )
    rels = (
        Relation("org:甲", RelationType.LOCATED_IN, "place:320509"),
        Relation("org:甲", RelationType.LOCATED_IN, "org:missing"),
    )
    out = record_to_gold(ExtractionRecord(doc, ents, rels))
    assert out["entities"][1] == {"name": "吴江区", "type": "Place", "aliases": ["吴江"]}
    assert out["relations"] == [{"head": "甲", "relation": "located_in", "tail": "吴江区"}]
    assert json.loads(json.dumps(out, ensure_ascii=False)) == out


def test_load_gold_reports_a_broken_file(tmp_path):
    (tmp_path / "x.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="x.json"):
        load_gold(tmp_path)


def test_each_article_gets_its_own_row():
    other = dict(GOLD["d"], doc="e")
    gold = {"d": GOLD["d"], "e": other}
    right = _prediction([{"name": "吴江", "type": "Place"}], [])
    wrong = dict(_prediction([{"name": "苏州", "type": "Place"}], []), doc="e")
    result = evaluate([wrong, right], gold)
    assert [d.doc for d in result.docs] == ["d", "e"]
    assert (result.docs[0].entities.tp, result.docs[1].entities.tp) == (1, 0)
    assert result.docs[0].entities.gold == 4 and result.docs[0].meta_right == 5
    table = format_by_doc(result)
    assert table.splitlines()[1].startswith("d ") and table.splitlines()[2].startswith("e ")


def test_rule_precision_counts_each_rule_of_an_item_once():
    rels = [
        {
            "head": "甲公司",
            "relation": "partner_of",
            "tail": "乙公司",
            "rules": ["partner_of:a", "partner_of:b"],
        },
        {"head": "张三", "relation": "holds_post", "tail": "乙公司", "rules": ["holds_post:chain"]},
        {"head": "张三", "relation": "holds_post", "tail": "甲公司", "rules": ["holds_post:chain"]},
    ]
    result = evaluate([_prediction([], rels)], GOLD)
    assert (result.rules["relation:partner_of:a"].tp, result.rules["relation:partner_of:a"].predicted) == (
        1,
        1,
    )
    assert (
        result.rules["relation:holds_post:chain"].tp,
        result.rules["relation:holds_post:chain"].predicted,
    ) == (1, 2)
    assert "holds_post:chain                                     2     1  0.500" in format_by_rule(result)


def test_sets_are_printed_apart_then_together():
    first = evaluate([_prediction([{"name": "吴江", "type": "Place"}], [])], GOLD)
    second = evaluate([_prediction([], [])], GOLD)
    text = format_sets([("seeds", first), ("unseen", second)])
    assert (
        text.index("== seeds (1 articles) ==")
        < text.index("== unseen (1 articles) ==")
        < text.index("== all")
    )
    lines = [line for line in text.splitlines() if line]
    assert lines[-3].startswith("seeds") and lines[-2].startswith("unseen")
    assert lines[-1].startswith("entities F1=0.222")  # P 1/1, R 1/8 (two sets of 4 gold)


def test_record_to_gold_can_carry_the_rules():
    from graph.model import Evidence, Mention

    doc = Document("d", "d.txt", "甲乙", DocumentMeta())
    m = Mention(0, 1, "甲", EntityType.ORGANISATION, rule="org.suffix")
    ents = (
        Entity("org:甲", "甲", EntityType.ORGANISATION, mentions=(("d", m),)),
        Entity("org:乙", "乙", EntityType.ORGANISATION),
    )
    ev = Evidence("d", 0, 2, "甲乙", "partner_of:x", 0.5)
    rels = (Relation("org:甲", RelationType.PARTNER_OF, "org:乙", evidence=(ev,)),)
    out = record_to_gold(ExtractionRecord(doc, ents, rels), rules=True)
    assert out["entities"][0]["rules"] == ["meta"] and out["entities"][1]["rules"] == ["org.suffix"]
    assert out["relations"][0]["rules"] == ["partner_of:x"]
    assert "rules" not in record_to_gold(ExtractionRecord(doc, ents, rels))["relations"][0]
