"""Assemble stage: merge article records into one networkx ``MultiDiGraph``.

Entities with the same key become one node (aliases, mentions and articles are
united); relations with the same identity become one edge that keeps the
evidence of every article.  The schema is in ``docs/CONTRACTS.md``.

``GraphAccumulator`` takes records one at a time, in any order, and keeps
only what the graph needs of each (no article text), so a corpus build holds
one record at a time plus what becomes the graph; ``assemble_graph`` is the
same merge over a collection of records.

Besides the relations read from articles, the graph carries what the gazetteer
knows: every place with an adcode gets a ``within_division`` edge to its parent
division (黄浦区 → 上海市), and the parent divisions no article names are added
as nodes, up to the province.  These edges and nodes are marked
``origin="gazetteer"``: they have no mentions, no article and no evidence, and
they are not extraction (``kg extract`` and ``kg eval`` read the records, never
the graph).
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any, NamedTuple

import networkx as nx

from ..model import Entity, ExtractionRecord, Relation, place_key

__all__ = ["assemble_graph", "edge_key", "GraphAccumulator", "WITHIN_DIVISION", "GAZETTEER"]

# The gazetteer's administrative containment: a relation of its own, not one of the seven
# the extractor reads from articles.
WITHIN_DIVISION = "within_division"
GAZETTEER = "gazetteer"  # the ``origin`` of what the graph takes from the gazetteer

# Which article contributed, and when it arrived: sorting these gives the doc-id order
# ``assemble_graph`` merges in (arrival order among equal doc ids, as a stable sort).
Arrival = tuple[str, int]
Identity = tuple[str, str, str, str]


def edge_key(relation: str, title: str | None) -> str:
    return f"{relation}|{title or ''}"


def assemble_graph(records: Iterable[ExtractionRecord], *, name: str = "corpus") -> nx.MultiDiGraph:
    """One graph of ``records`` (in any order); see ``docs/CONTRACTS.md`` for its schema."""
    accumulator = GraphAccumulator()
    for record in records:
        accumulator.add(record)
    return accumulator.graph(name)


class _EntityPart(NamedTuple):
    """What one article's entity adds to its node: everything ``_node_attrs`` reads, no text."""

    type: str
    name: str
    subtype: str | None
    aliases: tuple[str, ...]
    mentions: tuple[tuple[str, int, int, str], ...]  # (doc, start, end, text)
    adcode: str | None
    parent_adcode: str | None


class _RelationPart(NamedTuple):
    relation: str
    title: str | None
    as_of: str | None
    evidence: tuple[tuple[tuple[str, Any], ...], ...]  # each the sorted items of an evidence dict


class _Contribution(NamedTuple):
    """One article's share of the graph."""

    article: dict[str, Any]
    entities: tuple[tuple[str, _EntityPart], ...]  # (key, part), in the record's order
    relations: tuple[tuple[Identity, _RelationPart], ...]


class GraphAccumulator:
    """Records merged one at a time, in any order, into the graph ``assemble_graph`` gives.

    Each article's contribution is kept slim (entity names and mention spans,
    relation evidence; not the document) and merged in doc-id order by
    ``graph``, so the result does not depend on arrival order.  ``discard``
    takes an article back out (a duplicate with a smaller doc id arrived
    later); ``set_also_from`` updates the other sources of a kept article.
    Strings repeated across articles (doc ids, names, evidence sentences) are
    stored once.
    """

    def __init__(self) -> None:
        self._contributions: dict[Arrival, _Contribution] = {}
        self._arrivals = 0
        self._built = False

    def __len__(self) -> int:
        return len(self._contributions)

    def add(self, record: ExtractionRecord) -> Arrival:
        """Take in ``record``; returns the handle ``discard`` and ``set_also_from`` accept."""
        if self._built:
            raise RuntimeError("this accumulator already gave its graph")
        doc = record.document
        arrival = (_intern(doc.doc_id), self._arrivals)
        self._arrivals += 1
        meta = doc.meta.to_gold()
        meta.update(url=doc.meta.url, source_path=doc.source_path, also_from=list(doc.also_from))
        entities = tuple((_intern(e.key), _entity_part(e)) for e in record.entities)
        relations = tuple((tuple(map(_intern, r.identity)), _relation_part(r)) for r in record.relations)
        self._contributions[arrival] = _Contribution(meta, entities, relations)  # type: ignore[arg-type]
        return arrival

    def discard(self, arrival: Arrival) -> None:
        """Take back everything the article added at ``arrival``."""
        del self._contributions[arrival]

    def set_also_from(self, arrival: Arrival, sources: Iterable[str]) -> None:
        """The other sources whose body matched the article added at ``arrival``."""
        self._contributions[arrival].article["also_from"] = list(sources)

    def graph(self, name: str = "corpus") -> nx.MultiDiGraph:
        """The merged graph.  Once only: the accumulator empties itself while the graph fills."""
        if self._built:
            raise RuntimeError("this accumulator already gave its graph")
        self._built = True
        contributions = sorted(self._contributions.items(), key=lambda item: item[0])
        self._contributions = {}
        articles: dict[str, dict[str, Any]] = {}
        groups: dict[str, list[_EntityPart]] = defaultdict(list)
        docs: dict[str, set[str]] = defaultdict(set)
        relations: dict[Identity, list[_RelationPart]] = defaultdict(list)
        for (doc_id, _), contribution in contributions:
            articles[doc_id] = {k: v for k, v in contribution.article.items() if v not in (None, [], "")}
            for key, part in contribution.entities:
                groups[key].append(part)
                docs[key].add(doc_id)
            for identity, part in contribution.relations:
                relations[identity].append(part)
        del contributions
        nodes = {key: _node_attrs(key, groups.pop(key), docs.pop(key)) for key in sorted(groups)}
        containment = _gazetteer_containment(nodes)  # adds the parent divisions to ``nodes``
        G = nx.MultiDiGraph(name=name, articles=articles)
        for key in sorted(nodes):
            G.add_node(key, **nodes.pop(key))
        # One sorted pass over both kinds of edge, so every node's edges are inserted in order.
        edges = sorted([*relations, *containment])
        for identity in edges:
            head, relation, tail, title = identity
            if relation == WITHIN_DIVISION:
                G.add_edge(head, tail, key=edge_key(relation, None), relation=relation, origin=GAZETTEER)
                continue
            attrs = _edge_attrs(relations.pop(identity))
            if head in G and tail in G:
                G.add_edge(head, tail, key=edge_key(relation, title), **attrs)
        return G


def _gazetteer_containment(nodes: dict[str, dict[str, Any]]) -> list[Identity]:
    """The ``within_division`` edges of every place with an adcode, up its parent chain.

    Parent divisions that are not nodes yet are added to ``nodes`` (named, typed
    and coded as the gazetteer has them, with no mention or article).  Depends only
    on the set of nodes, so the result is the same whatever order records came in.
    """
    from ..knowledge.gazetteer import place_by_adcode

    edges: set[Identity] = set()
    for key in sorted(nodes):
        attrs = nodes[key]
        if attrs.get("type") != "Place" or not (attrs.get("adcode") or attrs.get("parent_adcode")):
            continue
        own = place_by_adcode(attrs["adcode"]) if attrs.get("adcode") else None
        parent = attrs.get("parent_adcode") or (own.parent_adcode if own else None)
        child = key
        while parent:
            parent_key = place_key(parent)
            division = place_by_adcode(parent)
            edge = (child, WITHIN_DIVISION, parent_key, "")
            if parent_key == child or edge in edges or (division is None and parent_key not in nodes):
                break  # (an edge already there: the rest of the chain is too)
            edges.add(edge)
            if parent_key not in nodes:  # division is known: only gazetteer divisions are added
                nodes[parent_key] = _division_attrs(division)
            child, parent = (
                parent_key,
                nodes[parent_key].get("parent_adcode") or (division.parent_adcode if division else None),
            )
    return sorted(edges)


def _division_attrs(place: Any) -> dict[str, Any]:
    """A node for a division only the gazetteer names (no mention, no article)."""
    attrs: dict[str, Any] = {
        "name": place.name,
        "type": "Place",
        "subtype": place.level,
        "aliases": [],
        "adcode": place.adcode,
        "mentions": [],
        "articles": [],
        "mention_count": 0,
        "origin": GAZETTEER,
    }
    if place.parent_adcode:
        attrs["parent_adcode"] = place.parent_adcode
    return attrs


def _intern(text: str) -> str:
    # The same names, doc ids and sentences recur across mentions and evidence: keep one copy.
    return sys.intern(text) if type(text) is str else text


def _entity_part(entity: Entity) -> _EntityPart:
    mentions = tuple((_intern(doc), m.start, m.end, _intern(m.text)) for doc, m in entity.mentions)
    return _EntityPart(
        entity.type.value,
        _intern(entity.name),
        entity.subtype,
        tuple(map(_intern, entity.aliases)),
        mentions,
        entity.adcode,
        entity.parent_adcode,
    )


def _relation_part(relation: Relation) -> _RelationPart:
    evidence = tuple(tuple(sorted(e.items())) for e in _evidence(relation))
    return _RelationPart(relation.relation.value, relation.title, relation.as_of, evidence)


def _node_attrs(key: str, group: list[_EntityPart], docs: set[str]) -> dict[str, Any]:
    """A node's attributes from its entities in doc-id order (first known subtype, adcode, ...)."""
    names = Counter(e.name for e in group)
    # A gazetteer-linked place is named by its official name wherever it was seen.
    official = next(
        (_official_name(e.adcode) for e in group if e.adcode and key == place_key(e.adcode)), None
    )
    name = official or sorted(names, key=lambda n: (-names[n], -len(n), n))[0]
    aliases = sorted({a for e in group for a in (e.name, *e.aliases)} - {name})
    mentions = sorted({m for e in group for m in e.mentions})
    attrs: dict[str, Any] = {
        "name": name,
        "type": group[0].type,
        "subtype": next((e.subtype for e in group if e.subtype), None),
        "aliases": aliases,
        "adcode": next((e.adcode for e in group if e.adcode), None),
        "parent_adcode": next((e.parent_adcode for e in group if e.parent_adcode), None),
        "mentions": [{"doc": d, "start": s, "end": e, "text": t} for d, s, e, t in mentions],
        # An author named only in the byline has no text mention but is still in the article.
        "articles": sorted(docs),
        "mention_count": len(mentions),
    }
    return {k: v for k, v in attrs.items() if v is not None}


def _official_name(adcode: str) -> str | None:
    from ..knowledge.gazetteer import place_by_adcode

    place = place_by_adcode(adcode)
    return place.name if place else None


def _edge_attrs(parts: list[_RelationPart]) -> dict[str, Any]:
    """One edge's attributes: every article's evidence, once each; the latest post date."""
    # Key order as the exports have always had it: relation, evidence, title, as_of, confidence.
    attrs: dict[str, Any] = {"relation": parts[0].relation, "evidence": []}
    for part in parts:
        if part.title:
            attrs["title"] = part.title
        if part.as_of:
            attrs["as_of"] = max(attrs.get("as_of", ""), part.as_of)
    evidence = [dict(e) for e in sorted({e for part in parts for e in part.evidence})]
    attrs["evidence"] = evidence
    attrs["confidence"] = round(max((e["confidence"] for e in evidence), default=0.0), 3)
    return attrs


def _evidence(relation: Relation) -> list[dict[str, Any]]:
    return [
        {
            "doc": _intern(e.doc_id),
            "start": e.start,
            "end": e.end,
            "sentence": _intern(e.sentence),
            "rule": _intern(e.rule),
            "confidence": round(e.confidence, 3),
            "by_context": e.by_context,
        }
        for e in relation.evidence
    ]
