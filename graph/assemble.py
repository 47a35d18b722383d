"""Assemble stage: merge article records into one networkx ``MultiDiGraph``.

Entities with the same key become one node (aliases, mentions and articles are
united); relations with the same identity become one edge that keeps the
evidence of every article.  The schema is in ``docs/CONTRACTS.md``.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Iterable

import networkx as nx

from .model import Entity, ExtractionRecord, Relation

__all__ = ["assemble_graph", "edge_key"]


def edge_key(relation: str, title: str | None) -> str:
    return f"{relation}|{title or ''}"


def assemble_graph(records: Iterable[ExtractionRecord], *, name: str = "corpus") -> nx.MultiDiGraph:
    records = sorted(records, key=lambda r: r.document.doc_id)
    G = nx.MultiDiGraph(name=name, articles=_articles(records))
    nodes = _merge_entities((r.document.doc_id, e) for r in records for e in r.entities)
    for key in sorted(nodes):
        G.add_node(key, **nodes[key])
    for (head, rel, tail, title), attrs in sorted(_merge_relations(records).items()):
        if head in G and tail in G:
            G.add_edge(head, tail, key=edge_key(rel, title), **attrs)
    return G


def _articles(records: list[ExtractionRecord]) -> dict[str, dict[str, Any]]:
    articles = {}
    for record in records:
        doc = record.document
        meta = doc.meta.to_gold()
        meta.update(url=doc.meta.url, source_path=doc.source_path, also_from=list(doc.also_from))
        articles[doc.doc_id] = {k: v for k, v in meta.items() if v not in (None, [], "")}
    return articles


def _merge_entities(entities: Iterable[tuple[str, Entity]]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[Entity]] = defaultdict(list)
    docs: dict[str, set[str]] = defaultdict(set)
    for doc_id, entity in entities:
        groups[entity.key].append(entity)
        docs[entity.key].add(doc_id)
    return {key: _node_attrs(group, docs[key]) for key, group in groups.items()}


def _node_attrs(group: list[Entity], docs: set[str]) -> dict[str, Any]:
    names = Counter(e.name for e in group)
    # A gazetteer-linked place is named by its official name wherever it was seen.
    official = next((_official_name(e.adcode) for e in group if e.adcode and e.key == f"place:{e.adcode}"), None)
    name = official or sorted(names, key=lambda n: (-names[n], -len(n), n))[0]
    aliases = sorted({a for e in group for a in (e.name, *e.aliases)} - {name})
    mentions = sorted({(doc, m.start, m.end, m.text) for e in group for doc, m in e.mentions})
    first = group[0]
    attrs: dict[str, Any] = {
        "name": name,
        "type": first.type.value,
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
    from .gazetteer import place_by_adcode

    place = place_by_adcode(adcode)
    return place.name if place else None


def _merge_relations(records: list[ExtractionRecord]) -> dict[tuple[str, str, str, str], dict[str, Any]]:
    merged: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for record in records:
        for relation in record.relations:
            identity = relation.identity
            attrs = merged.setdefault(identity, {"relation": relation.relation.value, "evidence": []})
            if relation.title:
                attrs["title"] = relation.title
            if relation.as_of:
                attrs["as_of"] = max(attrs.get("as_of", ""), relation.as_of)
            attrs["evidence"].extend(_evidence(relation))
    for attrs in merged.values():
        attrs["evidence"] = sorted({tuple(sorted(e.items())) for e in attrs["evidence"]})
        attrs["evidence"] = [dict(e) for e in attrs["evidence"]]
        attrs["confidence"] = round(max((e["confidence"] for e in attrs["evidence"]), default=0.0), 3)
    return merged


def _evidence(relation: Relation) -> list[dict[str, Any]]:
    return [{"doc": e.doc_id, "start": e.start, "end": e.end, "sentence": e.sentence,
             "rule": e.rule, "confidence": round(e.confidence, 3), "by_context": e.by_context}
            for e in relation.evidence]
