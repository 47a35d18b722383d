"""Turtle / JSON-LD / N-Triples export: round trips, determinism, hostile strings.

``sample_graph`` is the small hand-built graph the query, validation and format
tests share; it follows docs/CONTRACTS.md as ``assemble_graph`` writes it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

from graph.errors import ExportError, InputError
from graph.export.rdf import graph_to_rdf, write_jsonld
from graph.export.rdf_reader import read_graph
from graph.export.turtle import to_turtle, write_ntriples, write_turtle
from graph.export.vocab import KG, OA, entity_iri

REPO = Path(__file__).resolve().parents[1]
HOSTILE = 'say "hi" <script>alert(1)</script> a > b\nline two\\ """ \'\'\' \r\t end'


def _evidence(doc: str, start: int, sentence: str, confidence: float = 0.9, rule: str = "r") -> dict:
    return {
        "doc": doc,
        "start": start,
        "end": start + len(sentence),
        "sentence": sentence,
        "rule": rule,
        "confidence": confidence,
        "by_context": False,
    }


def _node(name: str, type_: str, docs: list[str], subtype: str | None = None, **extra) -> dict:
    mentions = [{"doc": d, "start": 0, "end": len(name), "text": name} for d in docs]
    attrs = {
        "name": name,
        "type": type_,
        "aliases": sorted(extra.pop("aliases", [])),
        "mentions": mentions,
        "articles": sorted(docs),
        "mention_count": len(mentions),
        **extra,
    }
    if subtype:
        attrs["subtype"] = subtype
    return attrs


def _edge(
    G: nx.MultiDiGraph,
    head: str,
    relation: str,
    tail: str,
    evidence: list[dict],
    title: str = "",
    as_of: str = "",
) -> None:
    attrs = {"relation": relation, "evidence": sorted(evidence, key=lambda e: tuple(sorted(e.items())))}
    if title:
        attrs["title"] = title
    if as_of:
        attrs["as_of"] = as_of
    attrs["confidence"] = max(e["confidence"] for e in evidence)
    G.add_edge(head, tail, key=f"{relation}|{title}", **attrs)


def sample_graph() -> nx.MultiDiGraph:
    """苏州市 ⊃ 吴江区 ⊃ 黎里镇; two bodies run 融入式党建; a party secretary; two articles."""
    G = nx.MultiDiGraph(
        name="demo",
        articles={
            "a1": {
                "title": "苏州:锻造“红色引擎”",
                "date": "2017-09-19",
                "source": "新华日报",
                "authors": ["胡毓菁", "王专"],
                "editors": ["罗毅"],
                "url": "http://example.com/a1?x=1&y=2",
                "source_path": "seeds/a1.txt",
                "also_from": ["dup/a1.html"],
            },
            "a2": {"title": "吴江融入式党建", "date": "--09-23", "source": "苏州日报"},
        },
    )
    nodes = {
        "org:吴江区委": _node("吴江区委", "Organisation", ["a1", "a2"], "party"),
        "org:黎里镇党委": _node("黎里镇党委", "Organisation", ["a2"], "party"),
        "org:苏州市委": _node("苏州市委", "Organisation", ["a1"], "party", aliases=["中共苏州市委"]),
        "person:周乃翔": _node("周乃翔", "Person", ["a1"]),
        "place:320500": _node(
            "苏州市", "Place", ["a1"], "city", aliases=["苏州"], adcode="320500", parent_adcode="320000"
        ),
        "place:320509": _node(
            "吴江区",
            "Place",
            ["a1", "a2"],
            "district",
            aliases=["吴江"],
            adcode="320509",
            parent_adcode="320500",
        ),
        "place:320509102": _node(
            "黎里镇", "Place", ["a2"], "town", adcode="320509102", parent_adcode="320509"
        ),
        "programme:书记项目": _node("书记项目", "Programme", ["a2"]),
        "programme:融入式党建": _node("融入式党建", "Programme", ["a1", "a2"]),
    }
    for key in sorted(nodes):
        G.add_node(key, **nodes[key])
    s1 = "吴江区位于苏州市。"
    _edge(G, "org:吴江区委", "located_in", "place:320509", [_evidence("a1", 10, "吴江区委在吴江区。")])
    _edge(G, "org:吴江区委", "partner_of", "org:黎里镇党委", [_evidence("a2", 3, "两者结对共建。", 0.7)])
    _edge(
        G, "org:吴江区委", "runs", "programme:融入式党建", [_evidence("a1", 30, "吴江区委开展融入式党建。")]
    )
    _edge(
        G,
        "org:吴江区委",
        "sub_organisation_of",
        "org:苏州市委",
        [_evidence("a1", 40, "吴江区委隶属苏州市委。")],
    )
    _edge(
        G,
        "org:黎里镇党委",
        "member_of",
        "programme:融入式党建",
        [_evidence("a2", 5, "黎里镇党委加入。", 0.6)],
    )
    _edge(
        G,
        "org:黎里镇党委",
        "runs",
        "programme:融入式党建",
        [_evidence("a2", 8, "黎里镇党委推进融入式党建。")],
    )
    _edge(
        G,
        "org:黎里镇党委",
        "sub_organisation_of",
        "org:吴江区委",
        [_evidence("a2", 9, "黎里镇党委隶属吴江区委。")],
    )
    _edge(
        G,
        "person:周乃翔",
        "holds_post",
        "org:苏州市委",
        [
            _evidence("a1", 0, "苏州市委书记周乃翔说。", 0.95),
            _evidence("a2", 0, "周乃翔书记指出。", 0.8, "ctx"),
        ],
        title="书记",
        as_of="2017-09-19",
    )
    _edge(G, "place:320509", "located_in", "place:320500", [_evidence("a1", 50, s1)])
    _edge(G, "place:320509", "runs", "programme:融入式党建", [_evidence("a1", 60, "吴江区推出融入式党建。")])
    _edge(G, "place:320509102", "located_in", "place:320509", [_evidence("a2", 1, "黎里镇隶属吴江区。")])
    _edge(G, "place:320509102", "runs", "programme:书记项目", [_evidence("a2", 70, "黎里镇实施书记项目。")])
    _edge(
        G,
        "programme:书记项目",
        "part_of",
        "programme:融入式党建",
        [_evidence("a2", 80, "书记项目是融入式党建的一部分。")],
    )
    return G


def graphs_equal(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> bool:
    return (
        a.graph == b.graph
        and list(a.nodes(data=True)) == list(b.nodes(data=True))
        and list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))
    )


def test_turtle_parses_back_isomorphic(tmp_path):
    G = sample_graph()
    [path] = write_turtle(G, tmp_path / "demo.ttl")
    assert isomorphic(Graph().parse(path, format="turtle"), graph_to_rdf(G))


def test_read_graph_reproduces_nodes_edges_and_attributes(tmp_path):
    G = sample_graph()
    back = read_graph(write_turtle(G, tmp_path / "demo.ttl", mentions=True)[0])
    assert graphs_equal(G, back)
    assert back.edges["person:周乃翔", "org:苏州市委", "holds_post|书记"]["evidence"][0]["rule"] == "ctx"
    assert back.graph["articles"]["a1"]["authors"] == ["胡毓菁", "王专"]


def test_without_mentions_only_the_mentions_are_left_out(tmp_path):
    G = sample_graph()
    lean = tmp_path / "lean.ttl"
    back = read_graph(write_turtle(G, lean)[0])
    for _, attrs in G.nodes(data=True):
        attrs["mentions"] = []
    assert graphs_equal(G, back)
    assert "kg:Mention" not in lean.read_text(encoding="utf-8")
    assert "kg:Mention" in to_turtle(sample_graph(), mentions=True)


def test_a_sentence_supporting_two_relations_is_one_node():
    G = sample_graph()
    shared = _evidence("a1", 0, "苏州市委书记周乃翔说。")
    for head, tail, key in list(G.edges(keys=True))[:2]:
        G.edges[head, tail, key]["evidence"] = [dict(shared, rule=key)]
    text = to_turtle(G)
    assert text.count('oa:exact "苏州市委书记周乃翔说。"') == 1
    g = graph_to_rdf(G)
    selectors = {o for _, o in g.subject_objects(OA.hasSelector)}
    assert len([s for s in selectors if (s, OA.exact, Literal("苏州市委书记周乃翔说。")) in g]) == 1


def test_direct_triples_memberships_and_selectors_are_there():
    g = graph_to_rdf(sample_graph())
    wujiang, suzhou = entity_iri("place:320509"), entity_iri("place:320500")
    assert (wujiang, KG.locatedIn, suzhou) in g
    assert str(suzhou) == "https://w3id.org/cn-grassroots-kg/id/place/320500"
    rows = list(
        g.query("""SELECT ?title ?exact ?start WHERE {
        ?m a org:Membership ; org:role/skos:prefLabel ?title .
        ?a a kg:RelationAssertion ; kg:evidence ?e . ?a rdf:predicate kg:holdsPost .
        ?e oa:hasSelector/oa:exact ?exact ; oa:hasSelector/oa:start ?start } ORDER BY ?start""")
    )
    assert [(str(t), str(x), int(s)) for t, x, s in rows] == [
        ("书记", "周乃翔书记指出。", 0),
        ("书记", "苏州市委书记周乃翔说。", 0),
    ]


def test_no_blank_nodes():
    from rdflib import BNode

    assert not [t for t in graph_to_rdf(sample_graph()) if any(isinstance(x, BNode) for x in t)]


@pytest.mark.parametrize("writer", [write_turtle, write_jsonld, write_ntriples])
def test_output_is_byte_identical_across_runs(tmp_path, writer):
    first = writer(sample_graph(), tmp_path / "one.out")[0].read_bytes()
    second = writer(sample_graph(), tmp_path / "two.out")[0].read_bytes()
    assert first == second


def test_every_format_is_byte_identical_across_hash_seeds(tmp_path):
    script = (
        "import sys; sys.path.insert(0, 'tests'); from test_rdf_export import sample_graph; "
        "from graph.export.rdf import write_jsonld; "
        "from graph.export.turtle import write_turtle, write_ntriples; "
        "from graph.export.formats import write_graphml, write_gexf, write_csv; "
        "[w(sample_graph(), sys.argv[1] + '/g' + ext) for w, ext in ((write_turtle, '.ttl'), "
        "(write_jsonld, '.jsonld'), (write_ntriples, '.nt'), (write_graphml, '.graphml'), "
        "(write_gexf, '.gexf'), (write_csv, '.csv'))]"
    )
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        subprocess.run(
            [sys.executable, "-c", script, str(out)],
            cwd=REPO,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert len(outputs[0]) == 9 and outputs[0] == outputs[1]


@pytest.mark.parametrize("fmt,writer", [("json-ld", write_jsonld), ("nt", write_ntriples)])
def test_jsonld_and_ntriples_parse_to_the_same_rdf(tmp_path, fmt, writer):
    G = sample_graph()
    [path] = writer(G, tmp_path / "demo.out")
    assert isomorphic(Graph().parse(path, format=fmt), graph_to_rdf(G))


def hostile_graph(name: str, sentence: str) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(name=name, articles={name: {"title": name, "source": name, "authors": [name]}})
    G.add_node(f"org:{name}", **_node(name, "Organisation", [name], "party"))
    G.add_node(f"person:{name}", **_node(name, "Person", [name], aliases=[name + "x"]))
    _edge(G, f"person:{name}", "holds_post", f"org:{name}", [_evidence(name, 0, sentence)], title=name)
    return G


def test_hostile_strings_cannot_break_turtle(tmp_path):
    G = hostile_graph(HOSTILE, HOSTILE)
    [path] = write_turtle(G, tmp_path / "x.ttl", mentions=True)
    g = Graph().parse(path, format="turtle")
    assert Literal(HOSTILE, lang="zh") in set(g.objects())
    assert graphs_equal(G, read_graph(path))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(min_size=1, max_size=20), sentence=st.text(max_size=40))
def test_random_names_and_sentences_round_trip(tmp_path, name, sentence):
    G = hostile_graph(name, sentence)
    path = write_turtle(G, tmp_path / "h.ttl", mentions=True)[0]
    assert graphs_equal(G, read_graph(path))


def test_unknown_relation_and_bad_key_raise_export_error():
    G = nx.MultiDiGraph()
    G.add_node("person:a", name="a", type="Person")
    G.add_node("person:b", name="b", type="Person")
    G.add_edge("person:a", "person:b", key="likes|", relation="likes", evidence=[])
    with pytest.raises(ExportError, match="likes"):
        graph_to_rdf(G)
    with pytest.raises(ExportError, match="<type>:<name>"):
        entity_iri("no-colon")


def test_read_graph_reports_bad_turtle(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is <not turtle", encoding="utf-8")
    with pytest.raises(InputError, match="cannot parse"):
        read_graph(bad)
    with pytest.raises(InputError, match="no Turtle file"):
        read_graph(tmp_path / "missing.ttl")


def test_jsonld_uses_project_prefixes(tmp_path):
    data = json.loads(write_jsonld(sample_graph(), tmp_path / "d.jsonld")[0].read_text(encoding="utf-8"))
    assert data["@context"]["kg"] == "https://w3id.org/cn-grassroots-kg/ontology#"
