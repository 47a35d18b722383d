"""The vocabulary in code (graph/export/vocab.py) and ontology/*.ttl agree, and IRIs are stable."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from test_rdf_export import sample_graph

from graph.export.rdf import graph_to_rdf
from graph.export.vocab import (
    ENTITY_CLASSES,
    ID,
    KG,
    ONTOLOGY_DIR,
    ONTOLOGY_IRI,
    ORG_KIND_CLASSES,
    PLACE_LEVEL_CLASSES,
    RELATION_PROPERTIES,
    entity_iri,
    key_of_iri,
)
from graph.model import EntityType, RelationType

DECLARATIONS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "kg.ttl", format="turtle")


def code_terms() -> set[URIRef]:
    return {URIRef(ONTOLOGY_IRI + name) for name in KG.__annotations__}


def kg_terms_in(g: Graph) -> set[URIRef]:
    return {t for triple in g for t in triple if isinstance(t, URIRef) and t.startswith(ONTOLOGY_IRI)}


def test_every_code_term_is_declared_in_the_ontology(ontology):
    undeclared = {t for t in code_terms() if not set(ontology.objects(t, RDF.type)) & DECLARATIONS}
    assert not undeclared


def test_every_ontology_term_is_in_code(ontology):
    declared = {s for s in ontology.subjects(RDF.type, None) if s.startswith(ONTOLOGY_IRI)}
    assert declared == code_terms()


def test_every_term_has_chinese_and_english_labels_and_a_comment(ontology):
    for term in code_terms():
        languages = {label.language for label in ontology.objects(term, RDFS.label)}
        assert {"zh", "en"} <= languages, term
        assert ontology.value(term, RDFS.comment) is not None, term


def test_closed_namespace_rejects_typos():
    with pytest.raises(AttributeError):
        KG.locatedin  # noqa: B018  (the real term is locatedIn)


def test_shapes_queries_and_exports_use_only_ontology_terms(ontology):
    known = code_terms() | {URIRef(ONTOLOGY_IRI)}
    shapes = Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")
    assert kg_terms_in(shapes) <= known
    assert kg_terms_in(graph_to_rdf(sample_graph())) <= known
    for rq in sorted((ONTOLOGY_DIR / "queries").glob("*.rq")):
        used = {URIRef(ONTOLOGY_IRI + name) for name in re.findall(r"\bkg:(\w+)", rq.read_text("utf-8"))}
        assert used <= known, rq.name


def test_code_maps_cover_the_model_and_follow_the_class_tree(ontology):
    assert set(ENTITY_CLASSES) == {t.value for t in EntityType}
    assert set(RELATION_PROPERTIES) == {r.value for r in RelationType}
    for cls in PLACE_LEVEL_CLASSES.values():
        assert (cls, RDFS.subClassOf, KG.Place) in ontology
    for cls in ORG_KIND_CLASSES.values():
        assert (cls, RDFS.subClassOf, KG.Organisation) in ontology
    for prop in RELATION_PROPERTIES.values():
        assert (prop, RDF.type, OWL.ObjectProperty) in ontology
    assert (KG.partnerOf, RDF.type, OWL.SymmetricProperty) in ontology


def test_alignment_with_w3c_vocabularies(ontology):
    org = "http://www.w3.org/ns/org#"
    assert (KG.Organisation, RDFS.subClassOf, URIRef(org + "Organization")) in ontology
    assert (KG.PostHolding, RDFS.subClassOf, URIRef(org + "Membership")) in ontology
    assert (KG.subOrganisationOf, RDFS.subPropertyOf, URIRef(org + "subOrganizationOf")) in ontology
    assert (KG.locatedIn, RDFS.subPropertyOf, URIRef("https://schema.org/containedInPlace")) in ontology


@given(prefix=st.sampled_from(["person", "org", "place", "programme"]), name=st.text(), other=st.text())
def test_entity_iris_are_stable_and_decode_back(prefix, name, other):
    key = f"{prefix}:{name}"
    iri = entity_iri(key)
    assert entity_iri.__wrapped__(key) == iri  # the cache serves what a fresh call mints
    assert str(iri).startswith(f"{ID}{prefix}/")
    assert key_of_iri(iri) == key
    assert not re.search(r"[\s<>\"{}|\\^`]", str(iri))
    if other != name:  # two names never share an IRI
        assert entity_iri(f"{prefix}:{other}") != iri


# The IRIs every build, process and release mints for these keys: a change here breaks
# every link into earlier exports.
@pytest.mark.parametrize(
    "key, path",
    [
        ("org:甲/乙", "org/甲%2F乙"),
        ("place:100%", "place/100%25"),
        ("person:王 立新", "person/王%20立新"),
        ("org:a#b?c", "org/a%23b%3Fc"),
        ("org:“263”办公室", "org/“263”办公室"),
        ("org:吴江区委(试点)", "org/吴江区委%28试点%29"),
        ("person:王\u202e立新", "person/王%E2%80%AE立新"),
    ],
)
def test_entity_iris_do_not_change_between_builds(key, path):
    assert str(entity_iri(key)) == f"{ID}{path}"


def test_entity_iri_is_readable():
    assert str(entity_iri("person:周乃翔")).endswith("/id/person/周乃翔")
