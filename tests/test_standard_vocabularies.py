"""SPARQL written against W3C ORG / schema.org answers over the Turtle as it is (no inference)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from graph.corpus.build import build_corpus
from graph.export.turtle import write_turtle
from graph.tools.cli import DEMO_CORPUS
from graph.tools.query import run_query

STANDARD_PREFIXES = """
PREFIX org:    <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX rdfs:   <http://www.w3.org/2000/01/rdf-schema#>
"""

# org-tree, in the standards' terms only
ORG_TREE = (
    STANDARD_PREFIXES
    + """
SELECT DISTINCT ?body ?organisation ?parent WHERE {
  ?root a org:Organization ; rdfs:label ?body_label .
  ?parent_node org:subOrganizationOf* ?root ; rdfs:label ?parent_label .
  ?unit org:subOrganizationOf ?parent_node ; rdfs:label ?unit_label .
  BIND(STR(?body_label) AS ?body) BIND(STR(?unit_label) AS ?organisation) BIND(STR(?parent_label) AS ?parent)
}"""
)

# programmes-in-place, in the standards' terms only: a programme's provider (the body that runs
# it), the provider's parent bodies, where they are and what contains that
PROGRAMMES_IN_PLACE = (
    STANDARD_PREFIXES
    + """
SELECT DISTINCT ?place ?runner ?programme WHERE {
  ?area a schema:Place ; rdfs:label ?area_label .
  ?programme_node schema:provider ?runner_node ; rdfs:label ?programme_label .
  ?runner_node org:subOrganizationOf*/(schema:location|schema:containedInPlace)* ?area ;
               rdfs:label ?runner_label .
  BIND(STR(?area_label) AS ?place) BIND(STR(?runner_label) AS ?runner)
  BIND(STR(?programme_label) AS ?programme)
}"""
)


@pytest.fixture(scope="module")
def demo_turtle(tmp_path_factory) -> Path:
    G = build_corpus([str(DEMO_CORPUS)], jobs=1, use_cache=False).graph("demo")
    return write_turtle(G, tmp_path_factory.mktemp("std") / "demo.ttl")[0]


def _rows(g: Graph, sparql: str) -> set[tuple[str, ...]]:
    return {tuple(str(value) for value in row) for row in g.query(sparql)}


def _canned(path: Path, name: str) -> set[tuple[str, ...]]:
    return set(run_query(path, name).rows)


def test_org_tree_in_w3c_org_terms_answers_as_the_canned_query(demo_turtle):
    g = Graph().parse(demo_turtle, format="turtle")
    standard = _rows(g, ORG_TREE)
    assert standard, "the demo corpus has sub-organisations"
    # The canned query lists each root by its preferred label; the standard one by rdfs:label (the same).
    assert standard == _canned(demo_turtle, "org-tree")


def test_programmes_in_place_in_schema_org_terms_answers_as_the_canned_query(demo_turtle):
    g = Graph().parse(demo_turtle, format="turtle")
    standard = _rows(g, PROGRAMMES_IN_PLACE)
    assert standard, "the demo corpus has programmes run in places"
    assert standard == _canned(demo_turtle, "programmes-in-place")


def test_posts_are_org_memberships_and_direct_member_links(demo_turtle):
    g = Graph().parse(demo_turtle, format="turtle")
    direct = _rows(
        g,
        STANDARD_PREFIXES
        + """SELECT ?person ?body WHERE { ?p org:memberOf ?b . ?b org:hasMember ?p .
             ?p rdfs:label ?pl . ?b rdfs:label ?bl . BIND(STR(?pl) AS ?person) BIND(STR(?bl) AS ?body) }""",
    )
    posts = {(person, body) for person, _, body, _ in run_query(demo_turtle, "people-posts").rows}
    assert posts and posts <= direct
