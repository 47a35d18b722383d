"""The graph as an rdflib ``Graph`` (for SHACL, SPARQL and tests), and JSON-LD.

The triples are those of ``triples.iter_triples``, the one mapping to
``ontology/kg.ttl``; Turtle and N-Triples are streamed from the same triples by
``turtle.py`` without building a store.  JSON-LD needs rdflib's framing, so it
loads the store: fine for the corpora people open as JSON-LD, heavy for
hundreds of thousands of triples (use Turtle there).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph, Literal, URIRef

from ..io.atomic import atomic_write_text
from .triples import Lit, Term, iter_triples
from .vocab import PREFIXES

__all__ = ["graph_to_rdf", "write_jsonld", "rdflib_term"]


def graph_to_rdf(G: nx.MultiDiGraph, *, mentions: bool = False) -> Graph:
    """The RDF graph of ``G`` (a MultiDiGraph following docs/CONTRACTS.md), in rdflib's memory store."""
    g = Graph(bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        g.bind(prefix, iri)
    for s, p, o in iter_triples(G, mentions=mentions):
        g.add((s, p, rdflib_term(o)))
    return g


def rdflib_term(term: Term) -> URIRef | Literal:
    if isinstance(term, Lit):
        return Literal(
            term.lexical, lang=term.lang, datatype=URIRef(term.datatype) if term.datatype else None
        )
    return term


def write_jsonld(G: nx.MultiDiGraph, path: Path | str, *, mentions: bool = False) -> list[Path]:
    data = json.loads(graph_to_rdf(G, mentions=mentions).serialize(format="json-ld", context=dict(PREFIXES)))
    return [
        atomic_write_text(
            path, json.dumps(_sorted_json(data), ensure_ascii=False, sort_keys=True, indent=1) + "\n"
        )
    ]


def _sorted_json(value: Any) -> Any:
    # rdflib emits JSON-LD nodes in hash order; sorting arrays (never @list) makes it stable.
    if isinstance(value, dict):
        return {k: v if k == "@list" else _sorted_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value
