"""Benchmark the RDF export and SPARQL queries on a large synthetic graph.

Builds a graph following docs/CONTRACTS.md (a place tree, bodies in it, people,
programmes, articles and evidence), exports it to Turtle, then times three canned
queries in rdflib (in memory) and pyoxigraph (persistent store).

Usage:  .venv/bin/python bench/bench_rdf.py [--scale 1.0] [--out DIR]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.export.turtle import write_turtle  # noqa: E402
from graph.tools.query import bind_params, resolve_query, run_query  # noqa: E402

QUERIES = (
    ("programmes-in-place", {"place": "省0市0"}),
    ("org-tree", {"body": "省0市0委"}),
    ("evidence", {"head": "省0市0区0"}),
)


class Builder:
    """Adds nodes and edges with mentions and evidence spread over synthetic articles."""

    def __init__(self, articles: int, seed: int = 0):
        self.rng = random.Random(seed)
        self.docs = [f"doc{i:06d}" for i in range(articles)]
        self.nodes: dict[str, dict] = {}
        self.edges: list[tuple[str, str, dict]] = []

    def node(self, key: str, name: str, type_: str, subtype: str | None = None, **extra) -> str:
        docs = sorted(set(self.rng.sample(self.docs, 2)))
        mentions = [{"doc": d, "start": i, "end": i + len(name), "text": name} for i, d in enumerate(docs)]
        self.nodes[key] = {
            "name": name,
            "type": type_,
            "aliases": [],
            "mentions": mentions,
            "articles": docs,
            "mention_count": len(mentions),
            **extra,
        }
        if subtype:
            self.nodes[key]["subtype"] = subtype
        return key

    def edge(self, head: str, relation: str, tail: str, title: str = "") -> None:
        doc = self.rng.choice(self.docs)
        sentence = f"{self.nodes[head]['name']}与{self.nodes[tail]['name']}。"
        evidence = [
            {
                "doc": doc,
                "start": 0,
                "end": len(sentence),
                "sentence": sentence,
                "rule": "bench",
                "confidence": 0.8,
                "by_context": False,
            }
        ]
        attrs = {"relation": relation, "evidence": evidence, "confidence": 0.8}
        if title:
            attrs.update(title=title, as_of="2020-01-01")
        self.edges.append((head, tail, attrs))

    def graph(self) -> nx.MultiDiGraph:
        articles = {d: {"title": f"标题{d}", "date": "2020-01-01", "source": "新华日报"} for d in self.docs}
        G = nx.MultiDiGraph(name="bench", articles=articles)
        for key in sorted(self.nodes):
            G.add_node(key, **self.nodes[key])
        for head, tail, attrs in sorted(self.edges, key=lambda e: (e[0], e[2]["relation"], e[1])):
            G.add_edge(head, tail, key=f"{attrs['relation']}|{attrs.get('title', '')}", **attrs)
        return G


def _places(
    b: Builder,
    parent: str | None,
    name: str,
    levels: list[tuple[str, str, int]],
    bodies: list[tuple[str, str]],
    code: str,
) -> None:
    level, suffix, count = levels[0]
    for i in range(count):
        child_name, child_code = f"{name}{suffix}{i}", f"{code}{i:02d}"
        key = b.node(f"place:{child_code}", child_name, "Place", level, adcode=child_code)
        if parent:
            b.edge(key, "located_in", parent)
        body = b.node(f"org:{child_name}委", f"{child_name}委", "Organisation", "party")
        b.edge(body, "located_in", key)
        if bodies:
            b.edge(body, "sub_organisation_of", bodies[-1][1])
        programme = b.node(f"programme:{child_name}项目", f"{child_name}项目", "Programme")
        b.edge(body if i % 2 else key, "runs", programme)
        if len(levels) > 1:
            _places(b, key, child_name, levels[1:], [*bodies, (child_code, body)], child_code)


def build_graph(scale: float) -> nx.MultiDiGraph:
    b = Builder(articles=max(100, int(5000 * scale)))
    cities = max(2, int(18 * scale))
    _places(
        b,
        None,
        "",
        [("province", "省", 4), ("city", "市", cities), ("district", "区", 10), ("town", "镇", 6)],
        [],
        "",
    )
    bodies = sorted(k for k in b.nodes if k.startswith("org:"))
    programmes = sorted(k for k in b.nodes if k.startswith("programme:"))
    for i in range(len(bodies)):
        person = b.node(f"person:人{i}", f"人{i}", "Person")
        b.edge(person, "holds_post", b.rng.choice(bodies), title="书记")
    for _ in range(len(bodies) // 4):
        first, second = sorted(b.rng.sample(bodies, 2))
        b.edge(first, "partner_of", second)
        b.edge(first, "member_of", b.rng.choice(programmes))
        b.edge(b.rng.choice(programmes[::2]), "part_of", b.rng.choice(programmes[1::2]))
    return b.graph()


def timed(label: str, func, *args, **kwargs):
    start = time.perf_counter()
    value = func(*args, **kwargs)
    seconds = time.perf_counter() - start
    print(f"  {label:<60} {seconds:8.2f} s", flush=True)
    return value, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="graph size factor (1.0: ~1.1M triples)")
    parser.add_argument("--out", help="folder for the export and the store (default: a temp folder)")
    args = parser.parse_args()
    out = Path(args.out or tempfile.mkdtemp(prefix="bench-rdf-"))
    G, _ = timed("build networkx graph", build_graph, args.scale)
    print(f"  nodes {G.number_of_nodes():,}  edges {G.number_of_edges():,}")
    [path], _ = timed("write Turtle (streamed, atomic)", write_turtle, G, out / "bench.ttl")
    print(f"  file {path.stat().st_size / 1e6:.1f} MB")
    from pyoxigraph import Store
    from rdflib import Graph

    from graph.export.vocab import PREFIXES

    g, parse_s = timed("rdflib: parse Turtle", Graph().parse, path, format="turtle")
    store_dir = out / "store"
    _, load_s = timed(
        "pyoxigraph: bulk load + first query",
        run_query,
        path,
        QUERIES[0][0],
        store_dir=store_dir,
        params=QUERIES[0][1],
    )
    rows = []
    for name, params in QUERIES:
        sparql = bind_params(resolve_query(name), params)
        rdflib_rows, rdflib_s = timed(f"rdflib: {name}", lambda q=sparql: list(g.query(q, initNs=PREFIXES)))
        ox, ox_s = timed(
            f"pyoxigraph run_query (hash + open + query): {name}",
            run_query,
            path,
            name,
            store_dir=store_dir,
            params=params,
        )
        rows.append([name, len(rdflib_rows), len(ox.rows), rdflib_s, ox_s, sparql])
    store = Store(str(store_dir))
    for row in rows:
        _, row[-1] = timed(
            f"pyoxigraph store.query only: {row[0]}",
            lambda q=row[-1]: list(store.query(q, prefixes=PREFIXES)),
        )
    print(f"\nload: rdflib parse {parse_s:.1f} s, pyoxigraph bulk load + first query {load_s:.1f} s")
    print(f"{'query':<22}{'rows':>6}{'rdflib s':>10}{'ox run_query s':>16}{'ox query s':>12}")
    for name, n_rdflib, n_ox, rdflib_s, ox_s, query_s in rows:
        flag = "" if n_rdflib == n_ox else f"  (row counts differ: {n_rdflib} vs {n_ox})"
        print(f"{name:<22}{n_ox:>6}{rdflib_s:>10.2f}{ox_s:>16.2f}{query_s:>12.3f}{flag}")


if __name__ == "__main__":
    main()
