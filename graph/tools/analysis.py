"""Questions asked of the assembled graph, answered as pandas tables or sub-graphs.

Every function takes the ``MultiDiGraph`` of ``docs/CONTRACTS.md``, never changes it,
and returns rows in a fixed order, so the same graph always gives the same answer.
Places and bodies are named by key (``place:320509``), canonical name or alias.

Containment is read from ``located_in`` and ``sub_organisation_of`` edges (read from
articles), from the gazetteer's ``within_division`` edges (黄浦区 in 上海市, which
``assemble_graph`` adds for every place with an adcode, parent divisions included)
and, for graphs of older exports, from ``parent_adcode``; "inside X" means
reachable from X by going down those links.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict, deque
from collections.abc import Iterable

import networkx as nx
import pandas as pd

from ..errors import QueryError
from ..model import place_key

__all__ = [
    "find_node",
    "nodes_within",
    "people_posts",
    "posts_timeline",
    "programmes_by_place",
    "organisation_tree",
    "organisation_roots",
    "largest_organisation",
    "format_tree",
    "centrality_table",
    "communities",
    "community_table",
    "districts",
    "largest_district",
    "districts_of",
    "bridging_bodies",
    "shared_programmes",
    "district_subgraph",
]

CONTAINMENT = frozenset({"located_in", "sub_organisation_of", "within_division"})
FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _name(G: nx.MultiDiGraph, node: str) -> str:
    return G.nodes[node].get("name", node)


def _typed(G: nx.MultiDiGraph, kind: str) -> list[str]:
    return [n for n, t in G.nodes(data="type") if t == kind]


def find_node(G: nx.MultiDiGraph, name: str, *, types: Iterable[str] = ()) -> str:
    """The key of the node called ``name``: a key, else a canonical name, else an alias.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("place:320509", name="吴江区", type="Place", aliases=["吴江"])
    >>> find_node(G, "吴江")
    'place:320509'
    """
    types = set(types)
    candidates = [n for n, t in G.nodes(data="type") if not types or t in types]
    if name in candidates:
        return name
    for matches in (
        [n for n in candidates if G.nodes[n].get("name") == name],
        [n for n in candidates if name in G.nodes[n].get("aliases", ())],
    ):
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise QueryError(
                f"{name!r} names {len(matches)} nodes ({', '.join(sorted(matches))}); "
                "give one of these keys instead"
            )
    wanted = f" of type {'/'.join(sorted(types))}" if types else ""
    raise QueryError(f"no node{wanted} has the key, name or alias {name!r}")


def _children_index(G: nx.MultiDiGraph) -> dict[str, set[str]]:
    children: dict[str, set[str]] = defaultdict(set)
    for head, tail, relation in G.edges(data="relation"):
        if relation in CONTAINMENT and head != tail:
            children[tail].add(head)
    for node, parent in G.nodes(data="parent_adcode"):
        if parent and place_key(parent) in G and place_key(parent) != node:
            children[place_key(parent)].add(node)
    return children


def _paths_within(
    G: nx.MultiDiGraph, root: str, *, transitive: bool = True, children: dict[str, set[str]] | None = None
) -> dict[str, tuple[str, ...]]:
    """Each node inside ``root`` (and root itself) -> its path of keys up to ``root``."""
    children = children if children is not None else _children_index(G)
    paths = {root: (root,)}
    queue = deque([root])
    while queue:
        parent = queue.popleft()
        for child in sorted(children.get(parent, ())):
            if child not in paths:
                paths[child] = (child, *paths[parent])
                if transitive:
                    queue.append(child)
    return paths


def nodes_within(G: nx.MultiDiGraph, root: str, *, transitive: bool = True) -> list[str]:
    """Keys of the places and bodies inside ``root`` (root included), sorted.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edges_from([("place:镇", "place:区"), ("place:村", "place:镇")], relation="located_in")
    [0, 0]
    >>> nodes_within(G, "place:区")
    ['place:区', 'place:村', 'place:镇']
    """
    return sorted(_paths_within(G, find_node(G, root), transitive=transitive))


def _evidence_docs(attrs: dict) -> list[str]:
    return sorted({e["doc"] for e in attrs.get("evidence", ()) if e.get("doc")})


def people_posts(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Who holds which post where: one row per ``holds_post`` edge and article citing it.

    ``as_of`` is that article's own date, or empty when it has none: the edge's ``as_of``
    is the latest date of all its articles, and would date an undated article's post.
    """
    articles = G.graph.get("articles", {})
    rows = []
    for person, body, attrs in G.edges(data=True):
        if attrs.get("relation") != "holds_post":
            continue
        for doc in _evidence_docs(attrs) or [""]:
            date = articles.get(doc, {}).get("date") or ""
            rows.append(
                {
                    "person": _name(G, person),
                    "title": attrs.get("title", ""),
                    "body": _name(G, body),
                    "as_of": date,
                    "article": doc,
                }
            )
    columns = ["person", "title", "body", "as_of", "article"]
    return _sorted_frame(rows, columns, by=["person", "as_of", "title", "body", "article"])


def _sorted_frame(
    rows: list[dict], columns: list[str], by: list[str], ascending: bool | list[bool] = True
) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    if frame.empty:
        return frame
    return frame.sort_values(by, ascending=ascending, kind="mergesort").reset_index(drop=True)


def posts_timeline(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Posts counted by article date (full ``YYYY-MM-DD`` dates only), oldest first.

    Columns: ``date`` (Timestamp), ``posts`` (distinct person/title/body), ``people``.
    """
    posts = people_posts(G)
    # astype(bool): an empty object-typed mask would select columns instead of rows.
    posts = posts[posts["as_of"].map(lambda d: bool(FULL_DATE.match(d or ""))).astype(bool)]
    rows = []
    for date, group in posts.groupby("as_of", sort=True):
        rows.append(
            {
                "date": pd.Timestamp(date),
                "posts": len(group.drop_duplicates(["person", "title", "body"])),
                "people": "、".join(sorted(set(group["person"]))),
            }
        )
    return pd.DataFrame(rows, columns=["date", "posts", "people"])


def programmes_by_place(G: nx.MultiDiGraph, place: str, *, transitive: bool = True) -> pd.DataFrame:
    """Programmes run by ``place`` or by the places and bodies inside it.

    With ``transitive=False`` only the place itself and what sits directly in it
    count.  ``via`` shows how the runner belongs to the place (黎里镇 → 吴江区).
    """
    root = find_node(G, place, types=("Place",))
    rows = []
    for runner, path in _paths_within(G, root, transitive=transitive).items():
        for _, programme, attrs in G.out_edges(runner, data=True):
            if attrs.get("relation") == "runs":
                rows.append(
                    {
                        "programme": _name(G, programme),
                        "run_by": _name(G, runner),
                        "run_by_type": G.nodes[runner].get("type", ""),
                        "via": " → ".join(_name(G, n) for n in path),
                        "articles": ", ".join(_evidence_docs(attrs)),
                    }
                )
    columns = ["programme", "run_by", "run_by_type", "via", "articles"]
    return _sorted_frame(rows, columns, by=["programme", "run_by"])


def organisation_tree(G: nx.MultiDiGraph, root: str) -> pd.DataFrame:
    """The bodies (and, under a place, the places) inside ``root``, depth first.

    One row per node, each under the first parent reached; children sorted by name.
    ``format_tree`` turns the table into indented text.
    """
    start = find_node(G, root)
    children = _children_index(G)
    rows, seen = [], {start}
    stack = [(start, 0, "")]
    while stack:
        node, depth, parent = stack.pop()
        attrs = G.nodes[node]
        rows.append(
            {
                "depth": depth,
                "name": attrs.get("name", node),
                "type": attrs.get("type", ""),
                "subtype": attrs.get("subtype", ""),
                "parent": parent,
                "key": node,
            }
        )
        below = sorted((c for c in children.get(node, ()) if c not in seen), key=lambda c: (_name(G, c), c))
        seen.update(below)
        stack.extend((child, depth + 1, attrs.get("name", node)) for child in reversed(below))
    return pd.DataFrame(rows, columns=["depth", "name", "type", "subtype", "parent", "key"])


def format_tree(tree: pd.DataFrame) -> str:
    """Indented text of an ``organisation_tree`` table, one node a line."""
    return "\n".join(
        f"{'  ' * row.depth}{row.name} ({row.subtype or row.type})" for row in tree.itertuples(index=False)
    )


def organisation_roots(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Top-level organisations (no ``sub_organisation_of`` parent) by how many bodies they hold."""
    children = _children_index(G)
    has_parent = {h for h, _, r in G.edges(data="relation") if r == "sub_organisation_of"}
    rows = [
        {
            "organisation": _name(G, org),
            "key": org,
            "size": len(_paths_within(G, org, children=children)) - 1,
            "direct": len(children.get(org, ())),
        }
        for org in _typed(G, "Organisation")
        if org not in has_parent
    ]
    return _sorted_frame(
        rows, ["organisation", "key", "size", "direct"], by=["size", "organisation"], ascending=[False, True]
    )


def largest_organisation(G: nx.MultiDiGraph) -> str:
    """Key of the top-level organisation with the most bodies under it."""
    roots = organisation_roots(G)
    if roots.empty:
        raise QueryError(
            "the graph has no top-level organisation; name one yourself, "
            "e.g. organisation_tree(G, '吴江区委')"
        )
    return roots["key"].iloc[0]


def _simple_undirected(G: nx.MultiDiGraph) -> nx.Graph:
    # Parallel, reverse and self edges would inflate degrees without adding a neighbour.
    U = nx.Graph()
    U.add_nodes_from(G.nodes)
    U.add_edges_from((u, v) for u, v in G.edges() if u != v)
    return U


def centrality_table(
    G: nx.MultiDiGraph, top: int | None = 20, *, by: str = "degree", pivots: int | None = 300
) -> pd.DataFrame:
    """Degree and betweenness on the undirected simple projection, highest ``by`` first.

    ``degree`` counts distinct neighbours; ``betweenness`` is normalised and rounded
    to 4 places.  ``top=None`` keeps every node.  Betweenness is exact up to
    ``pivots`` nodes; above, it is estimated from that many source nodes drawn
    with a fixed seed (exact betweenness takes about a minute at 3,500 nodes);
    ``pivots=None`` always computes it exactly.
    """
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise QueryError(f"top must be a positive int or None, got {top!r}")
    if by not in ("degree", "betweenness"):
        raise QueryError(f"by must be 'degree' or 'betweenness', got {by!r}")
    if pivots is not None and (isinstance(pivots, bool) or not isinstance(pivots, int) or pivots < 1):
        raise QueryError(f"pivots must be a positive int or None, got {pivots!r}")
    other = "betweenness" if by == "degree" else "degree"
    U = _simple_undirected(G)
    sample = pivots if pivots is not None and U.number_of_nodes() > pivots else None
    betweenness = nx.betweenness_centrality(U, k=sample, seed=0)
    rows = [
        {
            "key": n,
            "name": _name(G, n),
            "type": G.nodes[n].get("type", ""),
            "degree": U.degree(n),
            "betweenness": round(betweenness[n], 4),
        }
        for n in U
    ]
    frame = _sorted_frame(
        rows,
        ["key", "name", "type", "degree", "betweenness"],
        by=[by, other, "key"],
        ascending=[False, False, True],
    )
    return frame if top is None else frame.head(top).reset_index(drop=True)


def communities(G: nx.MultiDiGraph, *, seed: int = 0) -> list[frozenset[str]]:
    """Louvain communities of the undirected simple projection, largest first.

    A fixed ``seed`` (and the graph's sorted node order) makes the split repeatable.
    """
    U = _simple_undirected(G)
    found = nx.community.louvain_communities(U, seed=seed)
    return sorted((frozenset(c) for c in found), key=lambda c: (-len(c), min(c)))


def community_table(G: nx.MultiDiGraph, *, seed: int = 0, min_size: int = 2) -> pd.DataFrame:
    """One row per community of at least ``min_size`` nodes: size, type counts, members.

    Members are listed best connected first.
    """
    U = _simple_undirected(G)
    rows = []
    for number, members in enumerate(communities(G, seed=seed), start=1):
        if len(members) < min_size:
            continue
        ranked = sorted(members, key=lambda n: (-U.degree(n), _name(G, n), n))
        types = Counter(G.nodes[n].get("type", "?") for n in members)
        rows.append(
            {
                "community": number,
                "size": len(members),
                "types": ", ".join(f"{t} {c}" for t, c in sorted(types.items())),
                "members": "、".join(_name(G, n) for n in ranked),
            }
        )
    return pd.DataFrame(rows, columns=["community", "size", "types", "members"])


def _is_district(attrs: dict) -> bool:
    adcode = attrs.get("adcode", "")
    # County-level gazetteer codes are six digits not ending in 00 (320509 吴江区).
    by_code = len(adcode) == 6 and adcode.isdigit() and not adcode.endswith("00")
    return attrs.get("type") == "Place" and (attrs.get("subtype") == "district" or by_code)


def districts(G: nx.MultiDiGraph) -> pd.DataFrame:
    """County-level places with how many nodes and programmes they hold, biggest first."""
    rows = []
    for node in (n for n, attrs in G.nodes(data=True) if _is_district(attrs)):
        H = district_subgraph(G, node)
        rows.append(
            {
                "district": _name(G, node),
                "key": node,
                "nodes": H.number_of_nodes(),
                "programmes": len(_typed(H, "Programme")),
            }
        )
    return _sorted_frame(
        rows, ["district", "key", "nodes", "programmes"], by=["nodes", "district"], ascending=[False, True]
    )


def largest_district(G: nx.MultiDiGraph) -> str:
    """Key of the district holding the most nodes (the first row of ``districts``)."""
    table = districts(G)
    if table.empty:
        raise QueryError(
            "the graph has no district-level place (subtype 'district' or a county "
            "adcode); name a place yourself, e.g. DISTRICT = '吴江区'"
        )
    return table["key"].iloc[0]


def _parents_index(G: nx.MultiDiGraph) -> dict[str, set[str]]:
    parents: dict[str, set[str]] = defaultdict(set)
    for parent, kids in _children_index(G).items():
        for kid in kids:
            parents[kid].add(parent)
    return parents


def districts_of(G: nx.MultiDiGraph, node: str, *, _parents: dict | None = None) -> frozenset[str]:
    """Keys of the nearest districts containing ``node`` (itself when it is one).

    The walk up stops at a district, so a district nested in another by a
    doubtful ``located_in`` is not counted twice.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("place:320509", name="吴江区", type="Place", subtype="district")
    >>> G.add_edge("place:黎里镇", "place:320509", key="located_in|", relation="located_in")
    'located_in|'
    >>> sorted(districts_of(G, "place:黎里镇"))
    ['place:320509']
    """
    parents = _parents if _parents is not None else _parents_index(G)
    seen, queue, found = {node}, deque([node]), set()
    while queue:
        current = queue.popleft()
        if _is_district(G.nodes[current]):
            found.add(current)
            continue
        for parent in parents.get(current, ()):
            if parent not in seen:
                seen.add(parent)
                queue.append(parent)
    return frozenset(found)


def _anchor_places(G: nx.MultiDiGraph, org: str) -> set[str]:
    """Places an organisation touches: its own, and those of bodies it is linked to."""
    places = set()
    for neighbour in set(G.successors(org)) | set(G.predecessors(org)):
        kind = G.nodes[neighbour].get("type")
        if kind == "Place":
            places.add(neighbour)
        elif kind == "Organisation":
            places.update(
                t
                for _, t, r in G.out_edges(neighbour, data="relation")
                if r == "located_in" and G.nodes[t].get("type") == "Place"
            )
    return places


def bridging_bodies(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Organisations linked to places in more than one district, most districts first.

    A body counts a place it is linked to directly, or through a body it is linked
    to (a partner, parent or member located there).
    """
    rows, parents = [], _parents_index(G)
    for org in _typed(G, "Organisation"):
        by_district: dict[str, set[str]] = defaultdict(set)
        for place in _anchor_places(G, org):
            for district in districts_of(G, place, _parents=parents):
                by_district[district].add(_name(G, place))
        if len(by_district) > 1:
            rows.append(
                {
                    "organisation": _name(G, org),
                    "n_districts": len(by_district),
                    "districts": "、".join(sorted(_name(G, d) for d in by_district)),
                    "via": "、".join(sorted(set().union(*by_district.values()))),
                }
            )
    return _sorted_frame(
        rows,
        ["organisation", "n_districts", "districts", "via"],
        by=["n_districts", "organisation"],
        ascending=[False, True],
    )


def shared_programmes(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Programmes run by more than one place or body, most runners first."""
    runners: dict[str, set[str]] = defaultdict(set)
    for head, tail, relation in G.edges(data="relation"):
        if relation == "runs":
            runners[tail].add(head)
    rows = [
        {
            "programme": _name(G, p),
            "n_runners": len(heads),
            "run_by": "、".join(sorted(_name(G, h) for h in heads)),
        }
        for p, heads in runners.items()
        if len(heads) > 1
    ]
    return _sorted_frame(
        rows, ["programme", "n_runners", "run_by"], by=["n_runners", "programme"], ascending=[False, True]
    )


def district_subgraph(G: nx.MultiDiGraph, district: str) -> nx.MultiDiGraph:
    """A copy of the part of ``G`` about one district.

    Holds the district, every place and body inside it, the people holding posts
    in those bodies and the programmes they run (with the edges between these).
    """
    inside = set(_paths_within(G, find_node(G, district, types=("Place",))))
    linked = {n for body in inside for n in G.successors(body) if G.nodes[n].get("type") == "Programme"}
    linked |= {n for body in inside for n in G.predecessors(body) if G.nodes[n].get("type") == "Person"}
    return _ordered_subgraph(G, inside | linked)


def _ordered_subgraph(G: nx.MultiDiGraph, keep: set[str]) -> nx.MultiDiGraph:
    # G.subgraph(...).copy() may list nodes in set order, which changes run to run.
    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    H.add_nodes_from((n, dict(G.nodes[n])) for n in G if n in keep)
    H.add_edges_from(
        (u, v, k, dict(d)) for u, v, k, d in G.edges(keys=True, data=True) if u in keep and v in keep
    )
    return H
