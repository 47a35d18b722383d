"""The HTML explorer without a browser: self-contained, escaped, capped, deterministic."""

from __future__ import annotations

import json
import random
import re

import networkx as nx
import pytest

from graph.errors import ExportError, KGError
from graph.export.html import MAX_LISTED, cap_graph, focus_subgraph, render_html, safe_json, write_html
from graph.export.layout import compute_layout

HOSTILE = (
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    '" onmouseover="window.__xss=1',
    "</script><script>window.__xss=1</script>",
    "\u2028</SCRIPT >&lt;",
)


# ---------------------------------------------------------------- graphs built by hand


def evidence(doc: str, sentence: str, confidence: float = 0.9) -> dict:
    return {
        "doc": doc,
        "start": 0,
        "end": len(sentence),
        "sentence": sentence,
        "rule": "pattern",
        "confidence": confidence,
        "by_context": False,
    }


def sample_graph() -> nx.MultiDiGraph:
    """Five entities of all four types and four relations, as assemble_graph would build them."""
    G = nx.MultiDiGraph(name="样例图谱")
    G.graph["articles"] = {
        "a1": {"title": "吴江区推进融入式党建", "date": "2024-03-05", "source": "吴江日报"},
        "a2": {"title": "莫舍社区开展邻里节", "date": "2024-04-12", "source": "姑苏晚报"},
    }
    nodes = [
        (
            "org:吴江区委",
            {
                "name": "吴江区委",
                "type": "Organisation",
                "subtype": "party",
                "aliases": ["中共吴江区委"],
                "articles": ["a1"],
                "mention_count": 3,
            },
        ),
        ("person:王明", {"name": "王明", "type": "Person", "articles": ["a1", "a2"], "mention_count": 4}),
        (
            "place:320509",
            {
                "name": "吴江区",
                "type": "Place",
                "subtype": "district",
                "adcode": "320509",
                "parent_adcode": "320500",
                "aliases": ["苏州市吴江区"],
                "articles": ["a1"],
                "mention_count": 5,
            },
        ),
        (
            "place:莫舍社区",
            {
                "name": "莫舍社区",
                "type": "Place",
                "subtype": "community",
                "articles": ["a2"],
                "mention_count": 2,
            },
        ),
        (
            "programme:融入式党建",
            {"name": "融入式党建", "type": "Programme", "articles": ["a1"], "mention_count": 2},
        ),
    ]
    G.add_nodes_from(nodes)
    edges = [
        (
            "person:王明",
            "org:吴江区委",
            "holds_post|书记",
            {
                "relation": "holds_post",
                "title": "书记",
                "as_of": "2024-03-05",
                "evidence": [evidence("a1", "吴江区委书记王明出席会议。")],
            },
        ),
        (
            "org:吴江区委",
            "place:320509",
            "located_in|",
            {"relation": "located_in", "evidence": [evidence("a1", "吴江区委在吴江区召开大会。", 0.7)]},
        ),
        (
            "org:吴江区委",
            "programme:融入式党建",
            "runs|",
            {"relation": "runs", "evidence": [evidence("a1", "吴江区委推进融入式党建。")]},
        ),
        (
            "place:莫舍社区",
            "place:320509",
            "part_of|",
            {"relation": "part_of", "evidence": [evidence("a2", "吴江区莫舍社区开展邻里节。", 0.8)]},
        ),
    ]
    for head, tail, key, attrs in edges:
        G.add_edge(head, tail, key=key, confidence=max(e["confidence"] for e in attrs["evidence"]), **attrs)
    return G


def hostile_graph() -> nx.MultiDiGraph:
    """Names, aliases, titles and sentences that would run script if they became markup."""
    G = nx.MultiDiGraph(name="<script>window.__xss=1</script>")
    G.graph["articles"] = {"x1": {"title": HOSTILE[1], "date": HOSTILE[2], "source": HOSTILE[0]}}
    for i, text in enumerate(HOSTILE):
        G.add_node(
            f"person:{text}",
            name=text,
            type="Person",
            aliases=[HOSTILE[(i + 1) % 5]],
            articles=["x1"],
            mention_count=1,
        )
        G.add_node(f"org:{text}", name=f"{text}委", type="Organisation", subtype=text, articles=["x1"])
        G.add_edge(
            f"person:{text}",
            f"org:{text}",
            key=f"holds_post|{text}",
            relation="holds_post",
            title=text,
            evidence=[evidence("x1", f"{text}任{text}委书记。")],
            confidence=0.9,
        )
    return G


def synthetic_graph(n_nodes: int = 2000, *, seed: int = 1) -> nx.MultiDiGraph:
    """A news-like graph: people hold posts in organisations located in nested places, with programmes."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph(name=f"合成图谱 {n_nodes}")
    G.graph["articles"] = {
        f"d{i:04d}": {"title": f"第{i}篇报道：基层治理新举措", "date": f"2024-{i % 12 + 1:02d}-15"}
        for i in range(max(n_nodes // 10, 1))
    }
    docs = sorted(G.graph["articles"])
    kinds = ["Place"] * 3 + ["Organisation"] * 3 + ["Person"] * 3 + ["Programme"]
    by_kind: dict[str, list[str]] = {k: [] for k in set(kinds)}
    for i in range(n_nodes):
        kind = kinds[i % len(kinds)]
        key = f"{kind.lower()}:{kind[:3]}{i:05d}"
        articles = sorted(rng.sample(docs, min(len(docs), rng.randint(1, 3))))
        G.add_node(
            key,
            name=f"{'张王李赵刘陈'[i % 6]}{'社区街道委会村'[i % 7]}{i}",
            type=kind,
            articles=articles,
            mention_count=rng.randint(1, 9),
        )
        by_kind[kind].append(key)
    _link_synthetic(G, by_kind, docs, rng)
    return G


def _link_synthetic(
    G: nx.MultiDiGraph, by_kind: dict[str, list[str]], docs: list[str], rng: random.Random
) -> None:
    places, orgs = by_kind["Place"], by_kind["Organisation"]
    plan = [
        ("Place", "part_of", places),
        ("Organisation", "located_in", places),
        ("Person", "holds_post", orgs),
        ("Programme", "runs", orgs),
    ]
    for kind, relation, targets in plan:
        for i, node in enumerate(by_kind[kind]):
            # link mostly to earlier targets, so the graph grows into a few big trees
            tail = targets[rng.randrange(max(1, min(len(targets), i + 1)))]
            if tail == node:
                continue
            head, tail = (tail, node) if kind == "Programme" else (node, tail)
            G.add_edge(
                head,
                tail,
                key=f"{relation}|",
                relation=relation,
                confidence=0.8,
                evidence=[
                    evidence(rng.choice(docs), f"{G.nodes[head]['name']}与{G.nodes[tail]['name']}有关。", 0.8)
                ],
            )
    for _ in range(len(orgs) // 2):
        a, b = sorted(rng.sample(orgs, 2))
        G.add_edge(
            a,
            b,
            key="partner_of|",
            relation="partner_of",
            confidence=0.6,
            evidence=[evidence(rng.choice(docs), "双方开展合作。", 0.6)],
        )


def embedded_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


# ---------------------------------------------------------------- self-contained


def test_page_references_nothing_outside_itself():
    page = render_html(sample_graph())
    assert not re.search(r"""(?:src|href|action|poster)\s*=\s*["']?\s*(?:https?:|//)""", page, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:|//)""", page, re.I)
    assert not re.search(r"@import", page, re.I)
    assert "<link" not in page.lower()
    assert "cdnjs" not in page and "jsdelivr" not in page and "bootstrap" not in page.lower()


def test_page_inlines_vis_network_and_has_one_data_block():
    page = render_html(sample_graph())
    assert "vis-network" in page and "new vis.Network" in page
    assert page.count('id="kg-data"') == 1


def test_write_html_writes_the_page_and_returns_its_path(tmp_path):
    written = write_html(sample_graph(), tmp_path / "out" / "g.html", title="我的图谱")
    assert written == [tmp_path / "out" / "g.html"]
    assert "<title>我的图谱</title>" in written[0].read_text(encoding="utf-8")


# ---------------------------------------------------------------- content


def test_nodes_carry_type_style_and_positions_and_edges_chinese_labels():
    data = embedded_data(render_html(sample_graph()))
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["person:王明"]["shape"] == "dot" and nodes["place:320509"]["shape"] == "square"
    assert len({n["color"] for n in data["nodes"]}) == 4
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])
    labels = sorted(e["kgLabel"] for e in data["edges"])
    assert labels == sorted(["任职：书记", "位于", "开展", "组成部分"])
    assert data["options"]["physics"]["enabled"] is False


def test_details_hold_evidence_and_article_metadata():
    data = embedded_data(render_html(sample_graph()))
    post = next(d for d in data["details"]["edges"].values() if d["relation"] == "holds_post")
    assert post["evidence"][0]["sentence"] == "吴江区委书记王明出席会议。"
    assert post["title"] == "书记" and post["from"] == "person:王明"
    assert data["details"]["nodes"]["place:320509"]["adcode"] == "320509"
    assert data["articles"]["a2"] == {
        "title": "莫舍社区开展邻里节",
        "date": "2024-04-12",
        "source": "姑苏晚报",
    }


def test_a_node_in_many_articles_lists_the_first_few_and_their_total():
    G = sample_graph()
    many = [f"m{i:03d}" for i in range(MAX_LISTED + 30)]
    G.graph["articles"].update({doc: {"title": f"报道{doc}"} for doc in many})
    G.graph["articles"]["unlisted"] = {"title": "没有实体的文章"}
    G.nodes["person:王明"]["articles"] = many
    post = next(k for k in G.edges(keys=True) if k[2].startswith("holds_post"))
    G.edges[post]["evidence"] = [evidence(doc, f"王明在{doc}讲话。") for doc in many]
    data = embedded_data(render_html(G))
    node = data["details"]["nodes"]["person:王明"]
    assert node["articles"] == many[:MAX_LISTED] and node["article_count"] == len(many)
    edge = next(d for d in data["details"]["edges"].values() if d["relation"] == "holds_post")
    assert len(edge["evidence"]) == MAX_LISTED and edge["evidence_count"] == len(many)
    assert set(many[:MAX_LISTED]) <= set(data["articles"])
    assert not set(many[MAX_LISTED:]) & set(data["articles"]) and "unlisted" not in data["articles"]


def test_long_names_are_shortened_on_the_canvas_but_kept_in_details():
    G = sample_graph()
    G.nodes["org:吴江区委"]["name"] = "中国共产党苏州市吴江区委员会组织部基层党建工作办公室"
    data = embedded_data(render_html(G))
    label = next(n["label"] for n in data["nodes"] if n["id"] == "org:吴江区委")
    assert len(label) == 16 and label.endswith("…")
    assert data["details"]["nodes"]["org:吴江区委"]["name"] == G.nodes["org:吴江区委"]["name"]


def test_node_size_grows_with_mentions():
    data = embedded_data(render_html(sample_graph()))
    size = {n["id"]: n["size"] for n in data["nodes"]}
    assert size["place:320509"] > size["place:莫舍社区"]


# ---------------------------------------------------------------- untrusted text


def test_hostile_strings_never_appear_raw_in_the_page():
    page = render_html(hostile_graph())
    data_block = page[page.index('id="kg-data">') :]
    data_block = data_block[: data_block.index("</script>")]
    for forbidden in ("<", ">", "&", "\u2028"):
        assert forbidden not in data_block[len('id="kg-data">') :]
    outside_data = page.replace(data_block, "")
    assert "<script>window.__xss" not in outside_data and "<img src=x" not in outside_data


def test_hostile_strings_round_trip_through_the_embedded_json():
    data = embedded_data(render_html(hostile_graph()))
    names = {d["name"] for d in data["details"]["nodes"].values()}
    assert set(HOSTILE) <= names
    sentences = {e["sentence"] for d in data["details"]["edges"].values() for e in d["evidence"]}
    assert f"{HOSTILE[3]}任{HOSTILE[3]}委书记。" in sentences


def test_title_is_escaped_as_text():
    page = render_html(hostile_graph())
    assert "<title>&lt;script&gt;window.__xss=1&lt;/script&gt;</title>" in page


def test_safe_json_escapes_every_character_that_could_end_a_script():
    text = safe_json({"k": "</script>&\u2028\u2029<!--"})
    assert json.loads(text) == {"k": "</script>&\u2028\u2029<!--"}
    assert not set("<>&\u2028\u2029") & set(text)


def test_page_script_renders_data_with_text_content_only():
    from graph.export.html import ASSET_DIR

    script = (ASSET_DIR / "explorer.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "document.write" not in script
    assert '"title"' not in json.dumps(embedded_data(render_html(sample_graph()))["nodes"])


# ---------------------------------------------------------------- cap


def test_cap_keeps_most_connected_nodes_and_counts_what_was_left_out():
    G = sample_graph()
    capped = cap_graph(G, 2)
    assert sorted(capped.graph.nodes) == ["org:吴江区委", "place:320509"]
    assert (capped.omitted_nodes, capped.omitted_edges) == (3, 3)


def test_cap_note_data_is_in_the_page():
    data = embedded_data(render_html(sample_graph(), max_nodes=3))
    assert data["omitted"] == {"nodes": 2, "edges": 2, "shown_nodes": 3, "shown_edges": 2}
    assert embedded_data(render_html(sample_graph()))["omitted"]["nodes"] == 0


def test_cap_breaks_degree_ties_by_name():
    G = nx.MultiDiGraph()
    for key, name in [("b", "乙"), ("a", "甲"), ("c", "丙")]:
        G.add_node(key, name=name, type="Person")
    assert sorted(cap_graph(G, 2).graph.nodes) == sorted(
        sorted(["b", "a", "c"], key=lambda k: G.nodes[k]["name"])[:2]
    )


@pytest.mark.parametrize("bad", [0, -1, 1.5, "10"])
def test_cap_rejects_a_bad_max_nodes(bad):
    with pytest.raises(ExportError, match="max_nodes"):
        render_html(sample_graph(), max_nodes=bad)


def test_render_rejects_a_graph_of_the_wrong_kind():
    with pytest.raises(ExportError, match="MultiDiGraph"):
        render_html(nx.Graph())


# ---------------------------------------------------------------- determinism


def test_same_graph_gives_byte_identical_pages(tmp_path):
    first = write_html(sample_graph(), tmp_path / "a.html")[0].read_bytes()
    second = write_html(sample_graph(), tmp_path / "b.html")[0].read_bytes()
    assert first == second


def test_insertion_order_does_not_change_the_page():
    G = sample_graph()
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from(reversed(list(G.nodes(data=True))))
    H.add_edges_from(reversed(list(G.edges(keys=True, data=True))))
    assert render_html(G) == render_html(H)


def test_layout_is_deterministic_and_spreads_components_apart():
    G = nx.Graph([("a", "b"), ("b", "c"), ("x", "y")])
    G.add_node("lonely")
    first, second = compute_layout(G), compute_layout(G)
    assert first == second
    assert len(set(first.values())) == 6


def test_empty_graph_renders():
    data = embedded_data(render_html(nx.MultiDiGraph()))
    assert data["nodes"] == [] and data["edges"] == []


def test_synthetic_graph_has_the_requested_size_and_contract_attributes():
    G = synthetic_graph(200)
    assert G.number_of_nodes() == 200 and G.number_of_edges() > 150
    assert {t for _, t in G.nodes(data="type")} == {"Person", "Place", "Organisation", "Programme"}
    assert all("evidence" in attrs for *_, attrs in G.edges(keys=True, data=True))


# ---------------------------------------------------------------- focus


def test_focus_by_name_keeps_the_neighbourhood_within_depth():
    G = sample_graph()
    assert sorted(focus_subgraph(G, "王明", 1).nodes) == ["org:吴江区委", "person:王明"]
    assert set(focus_subgraph(G, "王明", 2).nodes) == {
        "org:吴江区委",
        "person:王明",
        "place:320509",
        "programme:融入式党建",
    }


def test_focus_matches_aliases_and_follows_edges_backwards():
    G = sample_graph()
    assert sorted(focus_subgraph(G, "苏州市吴江区", 1).nodes) == [
        "org:吴江区委",
        "place:320509",
        "place:莫舍社区",
    ]


def test_focus_depth_zero_is_the_node_alone_with_its_attributes():
    H = focus_subgraph(sample_graph(), "吴江区", 0)
    assert list(H.nodes) == ["place:320509"] and H.nodes["place:320509"]["adcode"] == "320509"
    assert H.graph["articles"]


def test_focus_on_an_unknown_name_lists_close_matches():
    with pytest.raises(KGError, match="吴江区委") as raised:
        focus_subgraph(sample_graph(), "吴江区政府", 1)
    assert "吴江区政府" in str(raised.value)


def test_focus_rejects_a_negative_depth():
    with pytest.raises(KGError, match="depth"):
        focus_subgraph(sample_graph(), "王明", -1)


def ambiguous_graph() -> nx.MultiDiGraph:
    """A place and a body both called 吴江 (an alias of the body), and a person in the body."""
    G = sample_graph()
    G.nodes["org:吴江区委"]["aliases"] = ["中共吴江区委", "吴江区"]
    return G


def test_focus_centres_are_every_match_and_the_page_marks_them():
    G = ambiguous_graph()
    from graph.export.html import describe_matches, focus_centres

    centres = focus_centres(G, "吴江区")
    assert centres == ["org:吴江区委", "place:320509"]
    assert describe_matches(G, centres) == (
        "2 nodes: 吴江区委 (Organisation, org:吴江区委), 吴江区 (Place, place:320509)"
    )
    data = embedded_data(render_html(focus_subgraph(G, "吴江区", 1), centres=centres))
    assert data["centres"] == centres
    marked = {n["id"] for n in data["nodes"] if n.get("kgCentre")}
    assert marked == set(centres)
    assert all(n["borderWidth"] >= 4 for n in data["nodes"] if n.get("kgCentre"))
    assert embedded_data(render_html(G))["centres"] == []


def test_kg_html_focus_says_which_matches_it_took(tmp_path, capsys):
    from graph.export.nodelink import write_node_link
    from graph.tools.cli import main

    export = write_node_link(ambiguous_graph(), tmp_path / "g.json")[0]
    assert (
        main(["html", str(export), "--focus", "吴江区", "--depth", "1", "-o", str(tmp_path / "f.html")]) == 0
    )
    err = capsys.readouterr().err
    assert (
        "--focus 吴江区 matches 2 nodes: 吴江区委 (Organisation, org:吴江区委), 吴江区 (Place, place:320509)"
        in err
    )
    assert embedded_data((tmp_path / "f.html").read_text(encoding="utf-8"))["centres"] == [
        "org:吴江区委",
        "place:320509",
    ]
    assert main(["html", str(export), "--focus", "王明", "-o", str(tmp_path / "w.html")]) == 0
    assert "matches" not in capsys.readouterr().err


def test_sub_organisation_is_labelled_lishuyu():
    G = sample_graph()
    G.add_node("org:支部", name="支部", type="Organisation")
    G.add_edge(
        "org:支部", "org:吴江区委", key="sub_organisation_of|", relation="sub_organisation_of", confidence=0.8
    )
    data = embedded_data(render_html(G))
    assert "隶属于" in {e["kgLabel"] for e in data["edges"]}
    assert "隶属于" in {r["label"] for r in data["relations"]}
    assert "下属于" not in render_html(G)


def test_the_most_connected_labels_are_larger_and_sized_for_the_first_view():
    from graph.export.html import BASE_FONT, HUB_LABELS, label_fonts

    G = synthetic_graph(300)
    fonts = label_fonts(G, fit_scale=0.2)
    ranked = sorted((n for n in G if G.degree(n)), key=lambda n: (-G.degree(n), G.nodes[n]["name"], n))
    assert {fonts[n] for n in ranked[:HUB_LABELS]} == {55}  # 11 px on screen at zoom 0.2
    assert all(fonts[n] == BASE_FONT for n in ranked[HUB_LABELS + 90 :])
    assert label_fonts(G, fit_scale=1.0)[ranked[0]] == BASE_FONT  # a small graph needs no larger labels
    data = embedded_data(render_html(G, max_nodes=300))
    sizes = {n["id"]: n.get("font", {}).get("size", BASE_FONT) for n in data["nodes"]}
    assert sizes[ranked[0]] > BASE_FONT


def test_layout_footprints_never_overlap():
    from graph.export.html import _footprints, _readable_layout, label_fonts
    from graph.export.layout import overlapping_pairs

    G = synthetic_graph(400, seed=5)
    G.add_nodes_from((f"person:孤{i}", {"name": f"孤{i}", "type": "Person"}) for i in range(20))
    fonts = label_fonts(G)
    positions = _readable_layout(G, fonts)
    assert overlapping_pairs(positions, _footprints(G, fonts)) == 0
    assert overlapping_pairs({"a": (0, 0), "b": (3, 3)}, {}) == 1  # the check itself sees an overlap
