"""The gazetteer's administrative containment (黄浦区 ⊂ 上海市) as edges of its own.

Built where the graph is assembled, from what the gazetteer knows (no article, no
evidence, no confidence), carried by every export and followed by the canned queries
and ``graph.tools.analysis``; never part of what ``kg extract`` writes.
"""

from __future__ import annotations

import csv
import json

import networkx as nx
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF

from graph.assemble import GAZETTEER, WITHIN_DIVISION, assemble_graph
from graph.export import export_graph
from graph.export.html import render_html
from graph.export.nodelink import read_node_link, to_node_link_json
from graph.export.rdf import graph_to_rdf
from graph.export.rdf_reader import read_graph
from graph.export.turtle import write_turtle
from graph.export.vocab import GAZETTEER_SOURCE, KG, entity_iri
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
from graph.tools import analysis
from graph.tools.evaluate import record_to_gold
from graph.tools.query import run_query
from graph.tools.validate import validate_graph

CONTAINED_IN_PLACE = URIRef("https://schema.org/containedInPlace")
HUANGPU, SHANGHAI = "place:310101", "place:310000"
WUJIANG, SUZHOU, JIANGSU = "place:320509", "place:320500", "place:320000"


def _record(doc_id: str, text: str, entities, relations) -> ExtractionRecord:
    doc = Document(
        doc_id,
        f"/in/{doc_id}.txt",
        text,
        DocumentMeta(title=f"t{doc_id}", date="2024-05-01"),
        content_hash=doc_id,
    )
    return ExtractionRecord(doc, tuple(entities), tuple(relations))


def _entity(doc_id, text, surface, key, etype, **kw) -> Entity:
    start = text.index(surface)
    return Entity(
        key,
        kw.pop("name", surface),
        etype,
        mentions=((doc_id, Mention(start, start + len(surface), surface, etype)),),
        **kw,
    )


def _runs(doc_id, text, head, tail, confidence=0.9) -> Relation:
    return Relation(
        head,
        RelationType.RUNS,
        tail,
        evidence=(Evidence(doc_id, 0, len(text), text, "runs:test", confidence),),
    )


def huangpu_record() -> ExtractionRecord:
    """One article naming 黄浦区 (but not 上海市) and a programme it runs."""
    text = "黄浦区推进美好社区先锋行动。"
    return _record(
        "h1",
        text,
        [
            _entity(
                "h1",
                text,
                "黄浦区",
                HUANGPU,
                EntityType.PLACE,
                subtype="district",
                adcode="310101",
                parent_adcode="310000",
            ),
            _entity("h1", text, "美好社区先锋行动", "programme:美好社区先锋行动", EntityType.PROGRAMME),
        ],
        [_runs("h1", text, HUANGPU, "programme:美好社区先锋行动")],
    )


def wujiang_record() -> ExtractionRecord:
    """吴江区 and 苏州市 both named; a town (no adcode) located in 吴江区 runs a programme."""
    text = "苏州市吴江区黎里镇开展书记项目。"
    town = "place:黎里镇"
    located = Relation(
        town,
        RelationType.LOCATED_IN,
        WUJIANG,
        evidence=(Evidence("w1", 0, len(text), text, "located_in:test", 0.8),),
    )
    return _record(
        "w1",
        text,
        [
            _entity(
                "w1",
                text,
                "苏州市",
                SUZHOU,
                EntityType.PLACE,
                subtype="city",
                adcode="320500",
                parent_adcode="320000",
            ),
            _entity(
                "w1",
                text,
                "吴江区",
                WUJIANG,
                EntityType.PLACE,
                subtype="district",
                adcode="320509",
                parent_adcode="320500",
            ),
            _entity("w1", text, "黎里镇", town, EntityType.PLACE, subtype="town"),
            _entity("w1", text, "书记项目", "programme:书记项目", EntityType.PROGRAMME),
        ],
        [located, _runs("w1", text, town, "programme:书记项目", 0.7)],
    )


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return assemble_graph([huangpu_record(), wujiang_record()], name="hand")


@pytest.fixture(scope="module")
def ttl(G, tmp_path_factory):
    return write_turtle(G, tmp_path_factory.mktemp("gz") / "hand.ttl", mentions=True)[0]


def containment(G) -> list[tuple[str, str]]:
    return [(h, t) for h, t, r in G.edges(data="relation") if r == WITHIN_DIVISION]


# ------------------------------------------------------------------ the graph


def test_every_coded_place_gets_an_edge_to_its_parent_up_to_the_province(G):
    assert sorted(containment(G)) == [(HUANGPU, SHANGHAI), (SUZHOU, JIANGSU), (WUJIANG, SUZHOU)]
    for _head, _tail, key, attrs in G.edges(keys=True, data=True):
        if attrs["relation"] == WITHIN_DIVISION:
            assert key == "within_division|"
            assert attrs == {"relation": WITHIN_DIVISION, "origin": GAZETTEER}  # no evidence, no confidence


def test_parent_divisions_no_article_names_are_added_from_the_gazetteer(G):
    assert G.nodes[SHANGHAI] == {
        "name": "上海市",
        "type": "Place",
        "subtype": "province",
        "aliases": [],
        "adcode": "310000",
        "mentions": [],
        "articles": [],
        "mention_count": 0,
        "origin": GAZETTEER,
    }
    assert G.nodes[JIANGSU]["name"] == "江苏省" and G.nodes[JIANGSU]["origin"] == GAZETTEER
    # what an article names keeps its own attributes, and no origin mark
    assert "origin" not in G.nodes[SUZHOU] and G.nodes[SUZHOU]["articles"] == ["w1"]
    assert list(G.nodes) == sorted(G.nodes)  # still inserted in sorted order


def test_no_place_with_a_parent_adcode_lacks_a_path_to_that_parent(G):
    for node, parent in G.nodes(data="parent_adcode"):
        if parent:
            assert nx.has_path(G, node, f"place:{parent}"), node


def test_same_graph_whatever_order_the_records_arrive_in():
    a = assemble_graph([huangpu_record(), wujiang_record()])
    b = assemble_graph([wujiang_record(), huangpu_record()])
    assert to_node_link_json(a) == to_node_link_json(b)


def test_an_article_that_names_the_parent_keeps_it_as_its_own_node():
    text = "上海市黄浦区。"
    shanghai = _entity("s1", text, "上海市", SHANGHAI, EntityType.PLACE, subtype="province", adcode="310000")
    huangpu = _entity(
        "s1",
        text,
        "黄浦区",
        HUANGPU,
        EntityType.PLACE,
        subtype="district",
        adcode="310101",
        parent_adcode="310000",
    )
    G = assemble_graph([_record("s1", text, [shanghai, huangpu], [])])
    assert "origin" not in G.nodes[SHANGHAI] and G.nodes[SHANGHAI]["mention_count"] == 1
    assert containment(G) == [(HUANGPU, SHANGHAI)]


def test_no_containment_without_a_gazetteer_place():
    text = "某社区开展活动。"
    G = assemble_graph(
        [
            _record(
                "x",
                text,
                [_entity("x", text, "某社区", "place:某社区", EntityType.PLACE, subtype="community")],
                [],
            )
        ]
    )
    assert containment(G) == [] and list(G.nodes) == ["place:某社区"]


def test_extraction_output_and_evaluation_never_see_it():
    for record in (huangpu_record(), wujiang_record()):
        gold = record_to_gold(record)
        assert WITHIN_DIVISION not in json.dumps(gold, ensure_ascii=False)
        assert {e["name"] for e in gold["entities"]} & {"上海市", "江苏省"} == set()


def test_kg_extract_output_comes_from_the_records_not_the_graph(repo_dir, tmp_path):
    from graph.tools.cli import main

    out = tmp_path / "demo.jsonl"
    assert main(["extract", str(repo_dir / "graph" / "resources" / "demo"), "--jsonl", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines and all(r["relation"] != WITHIN_DIVISION for line in lines for r in line["relations"])
    assert main(["build", "--quiet", "--jobs", "1", "-o", str(tmp_path), "--format", "json"]) == 0
    assert any(
        r == WITHIN_DIVISION for *_, r in read_node_link(tmp_path / "demo.json").edges(data="relation")
    )


# ------------------------------------------------------------------ exports


def test_turtle_has_the_plain_triple_and_schema_contained_in_place_and_no_assertion(G):
    g = graph_to_rdf(G)
    huangpu, shanghai = entity_iri(HUANGPU), entity_iri(SHANGHAI)
    assert (huangpu, KG.withinDivision, shanghai) in g
    assert (huangpu, CONTAINED_IN_PLACE, shanghai) in g
    assert g.query(f"ASK {{ ?a <{RDF.predicate}> <{KG.withinDivision}> }}").askAnswer is False
    assert (shanghai, PROV.wasDerivedFrom, GAZETTEER_SOURCE) in g
    assert (huangpu, PROV.wasDerivedFrom, GAZETTEER_SOURCE) not in g


def test_turtle_reads_back_to_the_same_graph(G, ttl):
    assert to_node_link_json(read_graph(ttl)) == to_node_link_json(G)
    assert isomorphic(Graph().parse(ttl, format="turtle"), graph_to_rdf(G, mentions=True))


def test_export_conforms_to_the_shapes(G):
    report = validate_graph(graph_to_rdf(G))
    assert report.conforms, report.text


def test_shapes_catch_a_second_parent_and_a_parent_without_a_code(G):
    g = graph_to_rdf(G)
    g.add((entity_iri(HUANGPU), KG.withinDivision, entity_iri("place:黎里镇")))
    report = validate_graph(g)
    assert not report.conforms and "parent division" in report.text


def test_every_export_carries_it(G, tmp_path):
    paths = export_graph(G, tmp_path, "hand", ("json", "graphml", "gexf", "csv", "nt", "jsonld", "html"))
    by_suffix = {p.name.split(".", 1)[1]: p for p in paths}
    back = read_node_link(by_suffix["json"])
    assert back.edges[HUANGPU, SHANGHAI, "within_division|"]["origin"] == GAZETTEER
    graphml = nx.read_graphml(by_suffix["graphml"], force_multigraph=True)
    assert graphml.edges[HUANGPU, SHANGHAI, "within_division|"]["origin"] == GAZETTEER
    assert graphml.nodes[SHANGHAI]["origin"] == GAZETTEER
    gexf = nx.read_gexf(by_suffix["gexf"])
    assert any(d.get("relation") == WITHIN_DIVISION for *_, d in gexf.edges(data=True))
    with by_suffix["edges.csv"].open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["relation"] == WITHIN_DIVISION]
    assert {(r["source"], r["target"], r["origin"], r["evidence"]) for r in rows} >= {
        (HUANGPU, SHANGHAI, "gazetteer", "")
    }
    assert "<https://w3id.org/cn-grassroots-kg/ontology#withinDivision>" in by_suffix["nt"].read_text("utf-8")


def test_html_draws_it_dashed_with_a_legend_entry_and_no_confidence(G):
    html = render_html(G)
    data = json.loads(
        html.split('<script type="application/json" id="kg-data">', 1)[1].split("</script>", 1)[0]
    )
    drawn = [e for e in data["edges"] if e["relation"] == WITHIN_DIVISION]
    assert len(drawn) == 3 and all(e["gazetteer"] and e["dashes"] and "confidence" not in e for e in drawn)
    assert all("confidence" in e for e in data["edges"] if e["relation"] != WITHIN_DIVISION)
    legend = {r["relation"]: r for r in data["relations"]}
    assert legend[WITHIN_DIVISION]["count"] == 3 and legend[WITHIN_DIVISION]["gazetteer"]
    edge = next(d for d in data["details"]["edges"].values() if d["relation"] == WITHIN_DIVISION)
    assert edge["origin"] == GAZETTEER and edge["evidence"] == []
    assert data["details"]["nodes"][SHANGHAI]["origin"] == GAZETTEER


# ------------------------------------------------------------------ queries and analysis


@pytest.mark.parametrize("store", [False, True])
def test_programmes_in_place_follows_the_gazetteer(ttl, tmp_path, store):
    def rows(place):
        return run_query(
            ttl, "programmes-in-place", params={"place": place}, store_dir=tmp_path / "s" if store else None
        ).rows

    assert rows("上海市") == (("上海市", "黄浦区", "美好社区先锋行动"),)
    # 江苏省 is named by no article: 吴江区 ⊂ 苏州市 ⊂ 江苏省 from the gazetteer, 黎里镇 ⊂ 吴江区 read
    assert rows("江苏省") == (("江苏省", "黎里镇", "书记项目"),)
    assert rows("苏州市") == (("苏州市", "黎里镇", "书记项目"),)


def test_analysis_follows_both_kinds_of_containment(G):
    table = analysis.programmes_by_place(G, "上海市")
    assert list(zip(table["programme"], table["run_by"], table["via"])) == [
        ("美好社区先锋行动", "黄浦区", "黄浦区 → 上海市")
    ]
    table = analysis.programmes_by_place(G, "江苏省")
    assert list(table["via"]) == ["黎里镇 → 吴江区 → 苏州市 → 江苏省"]
    assert analysis.nodes_within(G, "江苏省") == sorted([JIANGSU, SUZHOU, WUJIANG, "place:黎里镇"])
    H = analysis.district_subgraph(G, "吴江区")
    assert set(H) == {WUJIANG, "place:黎里镇", "programme:书记项目"}
    assert sorted(analysis.districts_of(G, "place:黎里镇")) == [WUJIANG]


def test_analysis_still_reads_parent_adcode_of_an_older_export(G):
    old = nx.MultiDiGraph(G)
    old.remove_edges_from(
        [(h, t, k) for h, t, k, r in G.edges(keys=True, data="relation") if r == WITHIN_DIVISION]
    )
    assert analysis.nodes_within(old, "上海市") == [SHANGHAI, HUANGPU]


# ------------------------------------------------------------------ the real corpus


@pytest.fixture(scope="module")
def dangjian(shared_dir, tmp_path_factory):
    corpus = shared_dir / "corpora" / "dangjian"
    if not corpus.is_dir():
        pytest.skip("../shared/corpora/dangjian is not present")
    from graph.corpus.build import build_corpus

    out = tmp_path_factory.mktemp("dangjian")
    G = build_corpus([str(corpus)], jobs=1, use_cache=True, cache_dir=out / ".kgcache", progress=False).graph(
        "dangjian"
    )
    return G, write_turtle(G, out / "dangjian.ttl")[0]


def test_dangjian_every_place_with_a_parent_adcode_reaches_that_parent(dangjian):
    G, _ = dangjian
    coded = [(n, p) for n, p in G.nodes(data="parent_adcode") if p]
    assert coded  # the corpus names places from many provinces
    missing = [n for n, p in coded if not (f"place:{p}" in G and nx.has_path(G, n, f"place:{p}"))]
    assert missing == []
    for node, parent in coded:  # by the gazetteer's own edge, whatever was extracted
        assert G.has_edge(node, f"place:{parent}", "within_division|"), node


def test_dangjian_a_province_lists_the_programmes_of_every_place_inside_it(dangjian, tmp_path):
    """Whatever the extractor finds: a division lists every programme a coded place below it runs."""
    G, ttl = dangjian
    parents = {n: f"place:{p}" for n, p in G.nodes(data="parent_adcode") if p}
    runs = {(h, t) for h, t, r in G.edges(data="relation") if r == "runs" and h in parents}
    for runner, programme in sorted(runs)[:10]:
        ancestor = runner
        while ancestor in parents:
            ancestor = parents[ancestor]
        name = G.nodes[ancestor]["name"]
        expected = (name, G.nodes[runner]["name"], G.nodes[programme]["name"])
        assert expected in run_query(ttl, "programmes-in-place", params={"place": name}).rows
        assert (
            expected
            in run_query(
                ttl, "programmes-in-place", params={"place": name}, store_dir=tmp_path / "store"
            ).rows
        )


def test_dangjian_export_conforms(dangjian):
    G, _ = dangjian
    report = validate_graph(graph_to_rdf(G))
    assert report.conforms, report.text
