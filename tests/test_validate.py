"""SHACL validation: a good export conforms, a broken one reports each problem."""

from __future__ import annotations

import pytest
from rdflib import RDF, SKOS, Literal
from rdflib.namespace import ORG
from test_rdf_export import sample_graph

from graph.errors import InputError
from graph.export.rdf import graph_to_rdf
from graph.export.turtle import write_turtle
from graph.export.vocab import KG, OA, entity_iri
from graph.tools.validate import validate_file, validate_graph


def test_good_export_conforms(tmp_path):
    report = validate_file(write_turtle(sample_graph(), tmp_path / "ok.ttl")[0])
    assert report.conforms and report.violations == 0
    assert "Conforms: True" in report.text


def test_unknown_place_level_is_only_a_warning():
    G = sample_graph()
    G.nodes["place:320500"]["subtype"] = "prefecture"
    report = validate_graph(graph_to_rdf(G))
    assert report.conforms and report.violations == 0 and "prefecture" in report.text


@pytest.mark.parametrize(
    "breakage,message",
    [
        ("label", "Chinese (@zh) skos:prefLabel"),
        ("evidence", "at least one kg:evidence"),
        ("title", "non-empty kg:title"),
        ("dangling", "exactly one of the types"),
        ("offsets", "oa:start must be"),
    ],
)
def test_broken_export_reports_violations(breakage, message):
    g = graph_to_rdf(sample_graph())
    suzhou = entity_iri("place:320500")
    if breakage == "label":
        g.remove((suzhou, SKOS.prefLabel, None))
        g.add((suzhou, SKOS.prefLabel, Literal("Suzhou", lang="en")))
    elif breakage == "evidence":
        g.remove((next(g.subjects(RDF.type, KG.RelationAssertion)), KG.evidence, None))
    elif breakage == "title":
        g.remove((next(g.subjects(RDF.type, ORG.Membership)), KG.title, None))
    elif breakage == "dangling":
        g.add((suzhou, KG.locatedIn, entity_iri("place:nowhere")))
    else:
        position = next(g.subjects(RDF.type, OA.TextPositionSelector))
        g.set((position, OA.start, Literal(10_000)))
    report = validate_graph(g)
    assert not report.conforms and report.violations >= 1
    assert message in report.text


def test_missing_or_unparsable_file(tmp_path):
    with pytest.raises(InputError, match="no Turtle file"):
        validate_file(tmp_path / "none.ttl")
    bad = tmp_path / "bad.ttl"
    bad.write_text("<not turtle", encoding="utf-8")
    with pytest.raises(InputError, match="is not valid Turtle"):
        validate_file(bad)


@pytest.mark.parametrize(
    "content,message",
    [
        ("", "the file is empty"),
        ("\n\n", "the file is empty"),
        ("@prefix kg: <https://w3id.org/cn-grassroots-kg/ontology#> .\n# no triples\n", "holds no triples"),
    ],
)
def test_an_empty_file_does_not_conform(tmp_path, content, message):
    path = tmp_path / "empty.ttl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        validate_file(path)


def test_broken_turtle_is_one_line_without_rdflib_internals(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text('@prefix a: <urn:a#> .\n\na:b a:c "no end .\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        validate_file(path)
    assert str(caught.value) == (
        f"[E100] {path} is not valid Turtle at line 3: newline found in string literal"
    )


def test_kg_validate_says_it_in_one_line(tmp_path, capsys):
    from graph.tools.cli import main

    path = tmp_path / "seeds.html"
    path.write_text("<html><body><script>x</script></body></html>", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "Conforms" not in captured.err
    assert (
        captured.err == f"kg validate: [E100] {path} is not Turtle: it looks like an HTML page; "
        "give the .ttl export written by 'kg build'\n"
    )
