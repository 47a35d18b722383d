"""The streamed Turtle / N-Triples writers and the triple stream behind them."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from test_rdf_export import _edge, _evidence, _node, sample_graph

from graph.errors import ExportError
from graph.export.rdf import graph_to_rdf
from graph.export.triples import Lit, iter_triples
from graph.export.turtle import (
    ntriples_term,
    quote_string,
    to_turtle,
    turtle_term,
    write_ntriples,
    write_turtle,
)

SUBJECT = "<http://example.org/s> <http://example.org/p> "


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_any_string_survives_quoting(text):
    for fmt in ("turtle", "nt"):
        g = Graph().parse(data=f"{SUBJECT}{quote_string(text)} .\n", format=fmt)
        assert [str(o) for o in g.objects()] == [text]


def test_a_lone_surrogate_becomes_a_replacement_character(tmp_path):
    G = nx.MultiDiGraph(name="x", articles={"a": {"title": "坏\udc80字"}})
    [path] = write_turtle(G, tmp_path / "s.ttl")
    titles = {str(o) for o in Graph().parse(path, format="turtle").objects() if isinstance(o, Literal)}
    assert "坏\ufffd字" in titles


def test_terms_use_prefixes_a_and_bare_numbers():
    text = to_turtle(sample_graph())
    assert "\n    a kg:Corpus ;" in text
    assert "oa:start 0 ;" in text
    assert "kg:byContext false" in text
    assert '"2017-09-19"^^xsd:date' in text
    assert turtle_term(Lit("0.9", None, "http://www.w3.org/2001/XMLSchema#decimal")) == "0.9"
    assert (
        ntriples_term(Lit("1", None, "http://www.w3.org/2001/XMLSchema#integer"))
        == '"1"^^<http://www.w3.org/2001/XMLSchema#integer>'
    )


def test_minted_iris_read_as_prefixed_chinese_names():
    text = to_turtle(sample_graph())
    assert "\nperson:周乃翔\n" in text and "organisation:苏州市委" in text and "place:320509" in text
    # A name that is no Turtle local name (ASCII brackets, “quotes”) is written as a full IRI.
    assert turtle_term(URIRef("https://w3id.org/cn-grassroots-kg/id/org/“263”办公室")) == (
        "<https://w3id.org/cn-grassroots-kg/id/org/“263”办公室>"
    )
    assert turtle_term(URIRef("https://w3id.org/cn-grassroots-kg/id/org/a%28b%29.")) == (
        "<https://w3id.org/cn-grassroots-kg/id/org/a%28b%29.>"
    )
    assert turtle_term(URIRef("https://w3id.org/cn-grassroots-kg/id/org/a%28b%29")) == "organisation:a%28b%29"


_NAMES = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(name=_NAMES)
def test_any_name_parses_back_to_the_same_iri_in_rdflib_and_oxigraph(name):
    import pyoxigraph

    G = nx.MultiDiGraph(name="x", articles={"a1": {"title": "t"}})
    G.add_node(f"org:{name}", **_node(name, "Organisation", ["a1"]))
    turtle, ntriples = (
        to_turtle(G),
        "".join(
            f"{ntriples_term(s)} {ntriples_term(p)} {ntriples_term(o)} .\n" for s, p, o in iter_triples(G)
        ),
    )
    expected = {str(t) for t in Graph().parse(data=ntriples, format="nt")}
    assert {str(t) for t in Graph().parse(data=turtle, format="turtle")} == expected
    oxi_turtle = set(pyoxigraph.parse(turtle.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE))
    oxi_nt = set(pyoxigraph.parse(ntriples.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES))
    assert oxi_turtle == oxi_nt


def test_an_iri_with_a_forbidden_character_is_refused():
    with pytest.raises(ExportError, match="may not contain"):
        ntriples_term(URIRef("http://example.org/a b"))
    with pytest.raises(ExportError, match="may not contain"):
        turtle_term(URIRef("https://w3id.org/cn-grassroots-kg/id/x>y"))


def repeated_graph() -> nx.MultiDiGraph:
    """One mention and one evidence sentence listed twice; two posts of one person in one body."""
    G = sample_graph()
    attrs = G.nodes["person:周乃翔"]
    attrs["mentions"] = attrs["mentions"] * 2
    sentence = "周乃翔任苏州市委副书记。"
    _edge(
        G, "person:周乃翔", "holds_post", "org:苏州市委", [_evidence("a1", 3, sentence)] * 2, title="副书记"
    )
    return G


def test_every_triple_is_yielded_once():
    triples = list(iter_triples(repeated_graph()))
    assert len(triples) == len(set(triples))
    assert len(graph_to_rdf(repeated_graph())) == len(triples)


def test_turtle_and_ntriples_hold_the_same_triples_as_the_store(tmp_path):
    G = repeated_graph()
    store = graph_to_rdf(G)
    from rdflib.compare import isomorphic

    assert isomorphic(Graph().parse(write_turtle(G, tmp_path / "g.ttl")[0], format="turtle"), store)
    assert isomorphic(Graph().parse(write_ntriples(G, tmp_path / "g.nt")[0], format="nt"), store)


def test_writers_never_build_an_rdf_store(tmp_path, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("the streamed writers must not load an rdflib store")

    monkeypatch.setattr(Graph, "add", refuse)
    write_turtle(sample_graph(), tmp_path / "g.ttl")
    write_ntriples(sample_graph(), tmp_path / "g.nt")


def test_bad_data_fails_before_a_file_is_written(tmp_path):
    G = sample_graph()
    G.add_node("org:x", **_node("x", "Organisation", ["a1"]))
    G.add_edge("org:x", "org:苏州市委", key="likes|", relation="likes", evidence=[])
    for writer, name in ((write_turtle, "g.ttl"), (write_ntriples, "g.nt")):
        with pytest.raises(ExportError, match="likes"):
            writer(G, tmp_path / name)
        assert not list(tmp_path.iterdir())
