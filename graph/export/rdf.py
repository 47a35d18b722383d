"""RDF export against ``ontology/kg.ttl`` (Turtle, JSON-LD, N-Triples) and the Turtle reader.

The model (see ``ontology/README.md``): an entity is an IRI minted from its key,
typed with its class (and level/kind subclass), labelled ``@zh``; every edge is a
plain triple (``吴江区 kg:locatedIn 苏州市``) plus a ``kg:RelationAssertion`` node
carrying one ``kg:Evidence`` per sentence (``prov:wasDerivedFrom`` the article,
an ``oa:TextQuoteSelector`` and an ``oa:TextPositionSelector``); posts are also
``org:Membership`` nodes.  No blank nodes: every node has a stable IRI, so the
output is byte-identical across runs.  ``read_graph`` turns a Turtle export back
into the networkx graph of ``docs/CONTRACTS.md``.
"""
from __future__ import annotations

import io
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator

import networkx as nx
from rdflib import RDF, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, RDFS, SDO
from rdflib.plugins.serializers.turtle import TurtleSerializer

from ..assemble import edge_key
from ..errors import ExportError, InputError
from ..vocab import (ENTITY_CLASSES, KG, OA, ORG_KIND_CLASSES, PLACE_LEVEL_CLASSES, PREFIXES,
                     RELATION_PROPERTIES, article_iri, corpus_iri, doc_of_iri, entity_iri,
                     hashed_iri, key_of_iri, role_iri)
from .atomic import atomic_write_text

__all__ = ["graph_to_rdf", "write_turtle", "write_jsonld", "write_ntriples", "read_graph",
           "to_turtle", "rdf_to_turtle"]

_SUBTYPE_CLASSES = {**PLACE_LEVEL_CLASSES, **ORG_KIND_CLASSES}
_TYPE_OF_CLASS = {cls: name for name, cls in ENTITY_CLASSES.items()}
_RELATION_OF_PROPERTY = {prop: name for name, prop in RELATION_PROPERTIES.items()}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_EVIDENCE_NEEDS = ("doc", "start", "end", "sentence")
_PREFIX_OF = {namespace: prefix for prefix, namespace in PREFIXES.items()}
_PNAME = re.compile("(?P<namespace>{})(?P<local>[A-Za-z_][A-Za-z0-9_-]*)".format(
    "|".join(re.escape(ns) for ns in sorted(_PREFIX_OF, key=len, reverse=True))))


# ------------------------------------------------------------------ writing

def graph_to_rdf(G: nx.MultiDiGraph) -> Graph:
    """The RDF graph of ``G`` (a MultiDiGraph following docs/CONTRACTS.md)."""
    g = Graph(bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        g.bind(prefix, iri)
    corpus = corpus_iri(G.graph.get("name", ""))
    g.add((corpus, RDF.type, KG.Corpus))
    if "name" in G.graph:
        g.add((corpus, SDO.name, Literal(G.graph["name"])))
    for doc_id, meta in G.graph.get("articles", {}).items():
        g.add((corpus, SDO.hasPart, _article(g, doc_id)))
        _add_article_meta(g, doc_id, meta)
    for key, attrs in G.nodes(data=True):
        _add_entity(g, key, attrs)
    for head, tail, attrs in G.edges(data=True):
        _add_relation(g, head, tail, attrs)
    return g


class _TurtleWriter(TurtleSerializer):
    """rdflib's Turtle serialiser, abbreviating only the project's own prefixes.

    Stock rdflib tries to invent a prefix for every IRI it meets; with one hash IRI per
    evidence node its prefix search grows with the graph and serialising turns quadratic.
    """

    def get_pname(self, uri: Any, gen_prefix: bool = True) -> str | None:
        if not isinstance(uri, URIRef):
            return None
        match = _PNAME.fullmatch(uri)
        if match is None:
            return None
        prefix = _PREFIX_OF[match.group("namespace")]
        self.addNamespace(prefix, URIRef(match.group("namespace")))
        return f"{prefix}:{match.group('local')}"


def rdf_to_turtle(g: Graph) -> str:
    buffer = io.BytesIO()
    _TurtleWriter(g).serialize(buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8")


def to_turtle(G: nx.MultiDiGraph) -> str:
    return rdf_to_turtle(graph_to_rdf(G))


def write_turtle(G: nx.MultiDiGraph, path: Path | str) -> list[Path]:
    return [atomic_write_text(path, to_turtle(G))]


def write_ntriples(G: nx.MultiDiGraph, path: Path | str) -> list[Path]:
    lines = graph_to_rdf(G).serialize(format="nt").splitlines()
    return [atomic_write_text(path, "".join(f"{line}\n" for line in sorted(set(lines)) if line))]


def write_jsonld(G: nx.MultiDiGraph, path: Path | str) -> list[Path]:
    data = json.loads(graph_to_rdf(G).serialize(format="json-ld", context=dict(PREFIXES)))
    return [atomic_write_text(path, json.dumps(_sorted_json(data), ensure_ascii=False,
                                               sort_keys=True, indent=1) + "\n")]


def _sorted_json(value: Any) -> Any:
    # rdflib emits JSON-LD nodes in hash order; sorting arrays (never @list) makes it stable.
    if isinstance(value, dict):
        return {k: v if k == "@list" else _sorted_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def _article(g: Graph, doc_id: str) -> URIRef:
    node = article_iri(doc_id)
    g.add((node, RDF.type, SDO.NewsArticle))
    g.add((node, SDO.identifier, Literal(doc_id)))
    return node


def _date_literal(text: str) -> Literal:
    try:
        if _ISO_DATE.fullmatch(text) and date.fromisoformat(text):
            return Literal(text, datatype=XSD.date)
    except ValueError:
        pass
    return Literal(text)  # partial dates such as "--09-23" stay plain strings


def _decimal(value: float) -> Literal:
    # xsd:decimal from repr() round-trips exactly; rdflib prints xsd:double with 7 digits.
    number = Decimal(repr(float(value)))
    if not number.is_finite():
        raise ExportError(f"confidence {value!r} is not a finite number")
    return Literal(format(number, "f"), datatype=XSD.decimal)


def _add_article_meta(g: Graph, doc_id: str, meta: dict[str, Any]) -> None:
    node = article_iri(doc_id)
    if meta.get("title"):
        g.add((node, SDO.headline, Literal(meta["title"], lang="zh")))
    if meta.get("date"):
        g.add((node, SDO.datePublished, _date_literal(meta["date"])))
    if meta.get("source"):
        publisher = entity_iri(f"org:{meta['source']}")
        g.add((node, SDO.publisher, publisher))
        g.add((publisher, SDO.name, Literal(meta["source"], lang="zh")))
    _add_people(g, node, "authors", meta.get("authors", []))
    _add_people(g, node, "editors", meta.get("editors", []))
    if meta.get("url"):
        g.add((node, SDO.url, Literal(meta["url"], datatype=XSD.anyURI)))
    if meta.get("source_path"):
        g.add((node, KG.sourcePath, Literal(meta["source_path"])))
    for other in meta.get("also_from", []):
        g.add((node, KG.alsoFrom, Literal(other)))


def _add_people(g: Graph, article: URIRef, field: str, names: list[str]) -> None:
    prop, order = (SDO.author, KG.authorList) if field == "authors" else (SDO.editor, KG.editorList)
    people = [entity_iri(f"person:{name}") for name in names]
    for person, name in zip(people, names):
        g.add((article, prop, person))
        g.add((person, SDO.name, Literal(name, lang="zh")))
    if len(people) > 1:  # RDF values are a set: keep the byline order in an rdf:Seq
        seq = URIRef(f"{article}/{field}")
        g.add((article, order, seq))
        g.add((seq, RDF.type, RDF.Seq))
        for index, person in enumerate(people, start=1):
            g.add((seq, RDF[f"_{index}"], person))


def _add_entity(g: Graph, key: str, attrs: dict[str, Any]) -> None:
    node = entity_iri(key)
    type_name = attrs.get("type")
    if type_name not in ENTITY_CLASSES:
        raise ExportError(f"node {key!r} has type {type_name!r}; expected one of {sorted(ENTITY_CLASSES)}")
    g.add((node, RDF.type, ENTITY_CLASSES[type_name]))
    g.add((node, KG.key, Literal(key)))
    if "name" in attrs:
        g.add((node, SKOS.prefLabel, Literal(attrs["name"], lang="zh")))
        g.add((node, RDFS.label, Literal(attrs["name"], lang="zh")))
    for alias in attrs.get("aliases", []):
        g.add((node, SKOS.altLabel, Literal(alias, lang="zh")))
    _add_subtype(g, node, type_name, attrs.get("subtype"))
    for attr, prop in (("adcode", KG.adcode), ("parent_adcode", KG.parentAdcode)):
        if attr in attrs:
            g.add((node, prop, Literal(attrs[attr])))
    if "mention_count" in attrs:
        g.add((node, KG.mentionCount, Literal(int(attrs["mention_count"]))))
    for doc_id in attrs.get("articles", []):
        g.add((_article(g, doc_id), SDO.mentions, node))
    for mention in attrs.get("mentions", []):
        _add_mention(g, key, node, mention)


def _add_subtype(g: Graph, node: URIRef, type_name: str, subtype: str | None) -> None:
    if not subtype:
        return
    g.add((node, KG.level if type_name == "Place" else KG.kind, Literal(subtype)))
    if subtype in _SUBTYPE_CLASSES:
        g.add((node, RDF.type, _SUBTYPE_CLASSES[subtype]))


def _add_mention(g: Graph, key: str, node: URIRef, mention: dict[str, Any]) -> None:
    fields = [mention["doc"], int(mention["start"]), int(mention["end"]), mention["text"]]
    span = hashed_iri("mention", [key, *fields])
    g.add((node, KG.hasMention, span))
    g.add((span, RDF.type, KG.Mention))
    g.add((span, KG.inArticle, _article(g, fields[0])))
    g.add((span, OA.start, Literal(fields[1])))
    g.add((span, OA.end, Literal(fields[2])))
    g.add((span, OA.exact, Literal(fields[3])))


def _add_relation(g: Graph, head: str, tail: str, attrs: dict[str, Any]) -> None:
    relation = attrs.get("relation")
    if relation not in RELATION_PROPERTIES:
        raise ExportError(f"edge {head!r} -> {tail!r} has relation {relation!r}; "
                          f"expected one of {sorted(RELATION_PROPERTIES)}")
    subject, prop, obj = entity_iri(head), RELATION_PROPERTIES[relation], entity_iri(tail)
    g.add((subject, prop, obj))
    identity = [head, relation, tail, attrs.get("title", "")]
    assertion = hashed_iri("assertion", identity)
    for p, o in ((RDF.type, KG.RelationAssertion), (RDF.subject, subject), (RDF.predicate, prop),
                 (RDF.object, obj), (KG.relationName, Literal(relation))):
        g.add((assertion, p, o))
    _add_edge_facts(g, assertion, attrs)
    for evidence in attrs.get("evidence", []):
        _add_evidence(g, assertion, identity, evidence)
    if relation == "holds_post":
        _add_post(g, identity, subject, obj, attrs)


def _add_edge_facts(g: Graph, node: URIRef, attrs: dict[str, Any]) -> None:
    if attrs.get("title"):
        g.add((node, KG.title, Literal(attrs["title"])))
    if attrs.get("as_of"):
        g.add((node, KG.asOf, _date_literal(attrs["as_of"])))
    if "confidence" in attrs:
        g.add((node, KG.confidence, _decimal(attrs["confidence"])))


def _add_evidence(g: Graph, assertion: URIRef, identity: list[str], evidence: dict[str, Any]) -> None:
    missing = [f for f in _EVIDENCE_NEEDS if f not in evidence]
    if missing:
        raise ExportError(f"evidence {evidence!r} of {identity} lacks {missing}; "
                          f"expected keys {list(_EVIDENCE_NEEDS)}")
    node = hashed_iri("evidence", [identity, evidence])
    article = _article(g, evidence["doc"])
    quote, position = URIRef(f"{node}/quote"), URIRef(f"{node}/position")
    g.add((assertion, KG.evidence, node))
    g.add((assertion, PROV.wasDerivedFrom, article))
    for p, o in ((RDF.type, KG.Evidence), (PROV.wasDerivedFrom, article),
                 (OA.hasSelector, quote), (OA.hasSelector, position)):
        g.add((node, p, o))
    g.add((quote, RDF.type, OA.TextQuoteSelector))
    g.add((quote, OA.exact, Literal(evidence["sentence"])))
    g.add((position, RDF.type, OA.TextPositionSelector))
    g.add((position, OA.start, Literal(int(evidence["start"]))))
    g.add((position, OA.end, Literal(int(evidence["end"]))))
    if "rule" in evidence:
        g.add((node, KG.rule, Literal(evidence["rule"])))
    if "confidence" in evidence:
        g.add((node, KG.confidence, _decimal(evidence["confidence"])))
    if "by_context" in evidence:
        g.add((node, KG.byContext, Literal(bool(evidence["by_context"]))))


def _add_post(g: Graph, identity: list[str], person: URIRef, body: URIRef,
              attrs: dict[str, Any]) -> None:
    post = hashed_iri("membership", identity)
    for p, o in ((RDF.type, KG.PostHolding), (RDF.type, ORG.Membership),
                 (ORG.member, person), (ORG.organization, body)):
        g.add((post, p, o))
    if attrs.get("title"):
        role = role_iri(attrs["title"])
        g.add((post, ORG.role, role))
        g.add((role, RDF.type, ORG.Role))
        g.add((role, SKOS.prefLabel, Literal(attrs["title"], lang="zh")))
    _add_edge_facts(g, post, {k: v for k, v in attrs.items() if k != "confidence"})
    for doc_id in sorted({e["doc"] for e in attrs.get("evidence", []) if "doc" in e}):
        g.add((post, PROV.wasDerivedFrom, article_iri(doc_id)))


# ------------------------------------------------------------------ reading

def read_graph(path: Path | str) -> nx.MultiDiGraph:
    """Rebuild the networkx graph of docs/CONTRACTS.md from a Turtle file ``write_turtle`` wrote."""
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
    for head, tail, attrs in sorted(_edges(g), key=lambda e: (e[0], e[2]["relation"], e[1],
                                                              e[2].get("title", ""))):
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
        slots = [(int(p[len(str(RDF)) + 1:]), o) for p, o in g.predicate_objects(seq)
                 if p.startswith(f"{RDF}_")]
        people = [o for _, o in sorted(slots)]
    return [key_of_iri(p).partition(":")[2] for p in people]


def _node_attrs(g: Graph, node: URIRef) -> dict[str, Any]:
    types = [_TYPE_OF_CLASS[t] for t in g.objects(node, RDF.type) if t in _TYPE_OF_CLASS]
    if len(types) != 1:
        raise InputError(f"entity {node} has entity classes {types}; expected exactly one")
    attrs: dict[str, Any] = {"name": _text(g, node, SKOS.prefLabel), "type": types[0],
                             "subtype": _text(g, node, KG.level) or _text(g, node, KG.kind),
                             "aliases": sorted(str(a) for a in g.objects(node, SKOS.altLabel)),
                             "adcode": _text(g, node, KG.adcode),
                             "parent_adcode": _text(g, node, KG.parentAdcode),
                             "mentions": sorted(_mentions(g, node), key=lambda m: tuple(m.values())),
                             "articles": sorted(doc_of_iri(a) for a in g.subjects(SDO.mentions, node))}
    count = g.value(node, KG.mentionCount)
    if count is not None:
        attrs["mention_count"] = int(count)
    return {k: v for k, v in attrs.items() if v is not None}


def _mentions(g: Graph, node: URIRef) -> Iterator[dict[str, Any]]:
    for span in g.objects(node, KG.hasMention):
        yield {"doc": doc_of_iri(g.value(span, KG.inArticle)), "start": int(g.value(span, OA.start)),
               "end": int(g.value(span, OA.end)), "text": str(g.value(span, OA.exact))}


def _edges(g: Graph) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for assertion in g.subjects(RDF.type, KG.RelationAssertion):
        prop = g.value(assertion, RDF.predicate)
        if prop not in _RELATION_OF_PROPERTY:
            raise InputError(f"assertion {assertion} has predicate {prop}; "
                             f"expected one of {sorted(map(str, _RELATION_OF_PROPERTY))}")
        attrs: dict[str, Any] = {"relation": _RELATION_OF_PROPERTY[prop],
                                 "title": _text(g, assertion, KG.title),
                                 "as_of": _text(g, assertion, KG.asOf)}
        evidence = [_evidence(g, e) for e in g.objects(assertion, KG.evidence)]
        attrs["evidence"] = sorted(evidence, key=lambda e: tuple(sorted(e.items())))
        if (confidence := g.value(assertion, KG.confidence)) is not None:
            attrs["confidence"] = float(confidence)
        yield (key_of_iri(g.value(assertion, RDF.subject)), key_of_iri(g.value(assertion, RDF.object)),
               {k: v for k, v in attrs.items() if v is not None})


def _evidence(g: Graph, node: URIRef) -> dict[str, Any]:
    item: dict[str, Any] = {"doc": doc_of_iri(g.value(node, PROV.wasDerivedFrom))}
    for selector in g.objects(node, OA.hasSelector):
        if (selector, RDF.type, OA.TextQuoteSelector) in g:
            item["sentence"] = str(g.value(selector, OA.exact))
        else:
            item.update(start=int(g.value(selector, OA.start)), end=int(g.value(selector, OA.end)))
    if (rule := g.value(node, KG.rule)) is not None:
        item["rule"] = str(rule)
    if (confidence := g.value(node, KG.confidence)) is not None:
        item["confidence"] = float(confidence)
    if (by_context := g.value(node, KG.byContext)) is not None:
        item["by_context"] = bool(by_context.toPython())
    return item
