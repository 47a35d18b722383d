"""Read a Turtle export back into the networkx graph of ``docs/CONTRACTS.md``.

The inverse of ``turtle.write_turtle`` (via ``triples.iter_triples``): notebooks
and tools that were handed only the Turtle file get the same graph the build had.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import RDF, SKOS, Graph, URIRef
from rdflib.namespace import PROV, SDO

from ..assemble import edge_key
from ..errors import InputError
from .vocab import (
    ENTITY_CLASSES,
    GAZETTEER_PROPERTIES,
    GAZETTEER_SOURCE,
    KG,
    OA,
    RELATION_PROPERTIES,
    doc_of_iri,
    key_of_iri,
)

__all__ = ["read_graph"]

_TYPE_OF_CLASS = {cls: name for name, cls in ENTITY_CLASSES.items()}
_RELATION_OF_PROPERTY = {prop: name for name, prop in RELATION_PROPERTIES.items()}


def read_graph(path: Path | str) -> nx.MultiDiGraph:
    """Rebuild the networkx graph of docs/CONTRACTS.md from a Turtle file ``write_turtle`` wrote.

    Entities have their ``mentions`` when the export was written with them (``--mentions``).
    """
    g = _parse_turtle(Path(path))
    G = nx.MultiDiGraph()
    G.graph["articles"] = {}
    for corpus in sorted(g.subjects(RDF.type, KG.Corpus)):
        if (name := g.value(corpus, SDO.name)) is not None:
            G.graph.setdefault("name", str(name))
        for article in sorted(g.objects(corpus, SDO.hasPart)):
            G.graph["articles"][doc_of_iri(article)] = _article_meta(g, article)
    G.graph["articles"] = dict(sorted(G.graph["articles"].items()))
    for key, node in sorted((str(g.value(n, KG.key)), n) for n in g.subjects(KG.key, None)):
        G.add_node(key, **_node_attrs(g, node))
    for head, tail, attrs in sorted(
        _edges(g), key=lambda e: (e[0], e[2]["relation"], e[1], e[2].get("title", ""))
    ):
        G.add_edge(head, tail, key=edge_key(attrs["relation"], attrs.get("title")), **attrs)
    return G


def _parse_turtle(path: Path) -> Graph:
    if not path.is_file():
        raise InputError(f"no Turtle file at {path}")
    try:
        return Graph().parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many parser-specific types
        raise InputError(f"cannot parse {path} as Turtle: {exc}") from exc


def _text(g: Graph, node: URIRef, prop: URIRef) -> str | None:
    value = g.value(node, prop)
    return None if value is None else str(value)


def _article_meta(g: Graph, node: URIRef) -> dict[str, Any]:
    publisher = g.value(node, SDO.publisher)
    meta = {
        "title": _text(g, node, SDO.headline),
        "date": _text(g, node, SDO.datePublished),
        "source": key_of_iri(publisher).partition(":")[2] if publisher is not None else None,
        "authors": _people(g, node, SDO.author, KG.authorList),
        "editors": _people(g, node, SDO.editor, KG.editorList),
        "url": _text(g, node, SDO.url),
        "source_path": _text(g, node, KG.sourcePath),
        "also_from": sorted(str(o) for o in g.objects(node, KG.alsoFrom)),
    }
    return {k: v for k, v in meta.items() if v not in (None, [], "")}


def _people(g: Graph, article: URIRef, prop: URIRef, order: URIRef) -> list[str]:
    seq = g.value(article, order)
    if seq is None:
        people = sorted(g.objects(article, prop))
    else:
        slots = [
            (int(p[len(str(RDF)) + 1 :]), o) for p, o in g.predicate_objects(seq) if p.startswith(f"{RDF}_")
        ]
        people = [o for _, o in sorted(slots)]
    return [key_of_iri(p).partition(":")[2] for p in people]


def _node_attrs(g: Graph, node: URIRef) -> dict[str, Any]:
    types = [_TYPE_OF_CLASS[t] for t in g.objects(node, RDF.type) if t in _TYPE_OF_CLASS]
    if len(types) != 1:
        raise InputError(f"entity {node} has entity classes {types}; expected exactly one")
    attrs: dict[str, Any] = {
        "name": _text(g, node, SKOS.prefLabel),
        "type": types[0],
        "subtype": _text(g, node, KG.level) or _text(g, node, KG.kind),
        "aliases": sorted(str(a) for a in g.objects(node, SKOS.altLabel)),
        "adcode": _text(g, node, KG.adcode),
        "parent_adcode": _text(g, node, KG.parentAdcode),
        "mentions": sorted(_mentions(g, node), key=lambda m: tuple(m.values())),
        "articles": sorted(doc_of_iri(a) for a in g.subjects(SDO.mentions, node)),
    }
    count = g.value(node, KG.mentionCount)
    if count is not None:
        attrs["mention_count"] = int(count)
    if (node, PROV.wasDerivedFrom, GAZETTEER_SOURCE) in g:
        attrs["origin"] = "gazetteer"
    return {k: v for k, v in attrs.items() if v is not None}


def _mentions(g: Graph, node: URIRef) -> Iterator[dict[str, Any]]:
    for span in g.objects(node, KG.hasMention):
        yield {
            "doc": doc_of_iri(g.value(span, KG.inArticle)),
            "start": int(g.value(span, OA.start)),
            "end": int(g.value(span, OA.end)),
            "text": str(g.value(span, OA.exact)),
        }


def _edges(g: Graph) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for relation, prop in GAZETTEER_PROPERTIES.items():  # knowledge: the plain triple is all
        for head, tail in g.subject_objects(prop):
            yield key_of_iri(head), key_of_iri(tail), {"relation": relation, "origin": "gazetteer"}
    for assertion in g.subjects(RDF.type, KG.RelationAssertion):
        prop = g.value(assertion, RDF.predicate)
        if prop not in _RELATION_OF_PROPERTY:
            raise InputError(
                f"assertion {assertion} has predicate {prop}; "
                f"expected one of {sorted(map(str, _RELATION_OF_PROPERTY))}"
            )
        attrs: dict[str, Any] = {
            "relation": _RELATION_OF_PROPERTY[prop],
            "title": _text(g, assertion, KG.title),
            "as_of": _text(g, assertion, KG.asOf),
        }
        evidence = [_evidence(g, e) for e in g.objects(assertion, KG.evidence)]
        attrs["evidence"] = sorted(evidence, key=lambda e: tuple(sorted(e.items())))
        if (confidence := g.value(assertion, KG.confidence)) is not None:
            attrs["confidence"] = float(confidence)
        yield (
            key_of_iri(g.value(assertion, RDF.subject)),
            key_of_iri(g.value(assertion, RDF.object)),
            {k: v for k, v in attrs.items() if v is not None},
        )


def _evidence(g: Graph, node: URIRef) -> dict[str, Any]:
    item: dict[str, Any] = {"doc": doc_of_iri(g.value(node, PROV.wasDerivedFrom))}
    # One selector node holds the sentence and its offsets (older exports: one node each).
    for selector in g.objects(node, OA.hasSelector):
        if (exact := g.value(selector, OA.exact)) is not None:
            item["sentence"] = str(exact)
        if (start := g.value(selector, OA.start)) is not None:
            item.update(start=int(start), end=int(g.value(selector, OA.end)))
    if (rule := g.value(node, KG.rule)) is not None:
        item["rule"] = str(rule)
    if (confidence := g.value(node, KG.confidence)) is not None:
        item["confidence"] = float(confidence)
    if (by_context := g.value(node, KG.byContext)) is not None:
        item["by_context"] = bool(by_context.toPython())
    return item
