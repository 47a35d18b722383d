"""The explorer as an analyst uses it, in headless Chromium: a readable overview, filters that
clean up, profile cards that match the graph, readable evidence, paths, CSV / PNG export.

Skips when Chromium is missing, unless CI is set.  Screenshots land in test-artifacts/.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import time
from pathlib import Path

import networkx as nx
import pytest
from test_html import evidence, sample_graph, synthetic_graph

from graph.export.html import write_html

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
PANEL_TEXT = "document.getElementById('kg-details').textContent"

# Every drawn label's box (canvas units) in the view, and every drawn node's shape box.
DRAWN_BOXES = """(function () {
  var net = kgNetwork, box = document.getElementById('kg-network');
  var a = net.DOMtoCanvas({x: 0, y: 0}), b = net.DOMtoCanvas({x: box.clientWidth, y: box.clientHeight});
  var labels = [], shapes = [];
  function inView(r) { return r.r >= a.x && r.l <= b.x && r.b >= a.y && r.t <= b.y; }
  net.body.nodeIndices.forEach(function (id) {
    var node = net.body.nodes[id], r = node.options.size;  // off-screen nodes are not drawn: no shape box
    shapes.push({id: id, l: node.x - r, t: node.y - r, r: node.x + r, b: node.y + r});
    // a node whose centre is in view has been drawn, so its label's box is where it was drawn
    var centre = {l: node.x, t: node.y, r: node.x, b: node.y};
    if (!node.labelModule.visible() || !inView(centre)) { return; }
    var z = node.labelModule.size;
    labels.push({id: id, l: z.left, t: z.top, r: z.left + z.width, b: z.top + z.height});
  });
  return {labels: labels, shapes: shapes, scale: net.getScale()};
})()"""


def _overlap(a: dict, b: dict) -> bool:
    return a["l"] < b["r"] and b["l"] < a["r"] and a["t"] < b["b"] and b["t"] < a["b"]


def overlapping_label_share(boxes: dict) -> float:
    """Share of drawn labels that cover another drawn label or another node's shape."""
    labels, shapes = boxes["labels"], boxes["shapes"]
    bad = sum(
        1
        for label in labels
        if any(_overlap(label, other) for other in labels if other["id"] != label["id"])
        or any(_overlap(label, shape) for shape in shapes if shape["id"] != label["id"])
    )
    return bad / max(len(labels), 1)


def overlapping_shapes(boxes: dict) -> int:
    shapes = boxes["shapes"]
    return sum(1 for i, a in enumerate(shapes) for b in shapes[i + 1 :] if _overlap(a, b))


@pytest.fixture
def page(browser, tmp_path):
    def open_graph(G, **options):
        browser.events.clear()
        path = write_html(G, tmp_path / "page.html", **options)[0]
        browser.open(path)
        time.sleep(0.1)  # the frame after the ready flag: label boxes are measured when drawn
        return browser

    return open_graph


def with_unconnected(G: nx.MultiDiGraph, count: int) -> nx.MultiDiGraph:
    for i in range(count):
        G.add_node(f"person:孤{i}", name=f"孤立人物{i}", type="Person", articles=[], mention_count=1)
    return G


def shown(browser) -> dict:
    return browser.evaluate("kgShown()")


def drawn_counts(browser) -> tuple[int, int]:
    return tuple(browser.evaluate("[kgNetwork.body.nodeIndices.length, kgNetwork.body.edgeIndices.length]"))


# ------------------------------------------------------------------ 1. the overview


@pytest.fixture(scope="module")
def graph600():
    return with_unconnected(synthetic_graph(570, seed=3), 30)


def test_overview_of_600_nodes_is_readable(browser, page, graph600):
    G = graph600
    page(G, max_nodes=600)
    assert G.number_of_nodes() == 600
    unconnected = [n for n in G if G.degree(n) == 0]
    # unconnected nodes are hidden by default, with a count and a toggle
    assert drawn_counts(browser)[0] == 600 - len(unconnected)
    assert browser.evaluate("document.getElementById('kg-unconnected-count').textContent") == "30"
    boxes = browser.evaluate(DRAWN_BOXES)
    share = overlapping_label_share(boxes)
    hubs = browser.evaluate("kgHubs()")
    heights = browser.evaluate(
        "kgHubs().map(function (id) { var l = kgNetwork.body.nodes[id].labelModule;"
        " return l.visible() ? l.size.height * kgNetwork.getScale() : 0; })"
    )
    browser.screenshot(ARTIFACTS / "overview-600.png")
    print(
        f"\n600 nodes: {len(boxes['labels'])} labels drawn, {share:.1%} overlapping, "
        f"hub labels >= {min(heights):.1f} px"
    )
    assert len(hubs) == 30 and min(heights) >= 10
    assert len(boxes["labels"]) >= 30
    assert share < 0.03
    # minor labels appear on zoom, and still do not overlap
    browser.evaluate(
        "kgNetwork.moveTo({scale: kgNetwork.getScale() * 3, animation: false}); kgNetwork.redraw()"
    )
    time.sleep(0.2)
    zoomed = browser.evaluate(DRAWN_BOXES)
    assert len(zoomed["labels"]) > 0 and overlapping_label_share(zoomed) < 0.03
    browser.screenshot(ARTIFACTS / "overview-600-zoomed.png")
    # no two nodes overlap anywhere, the unconnected ones included
    browser.evaluate("document.getElementById('kg-unconnected').click()")
    assert drawn_counts(browser)[0] == 600
    time.sleep(0.2)
    assert overlapping_shapes(browser.evaluate(DRAWN_BOXES)) == 0
    browser.evaluate("document.getElementById('kg-unconnected').click()")
    assert drawn_counts(browser)[0] == 600 - len(unconnected)


def test_edge_labels_are_drawn_on_hover_or_close_zoom_only(browser, page):
    page(sample_graph())
    edge = browser.evaluate("kgEdges.get().find(function (e) { return e.relation === 'holds_post'; }).id")
    visible = f"kgNetwork.body.edges[{json.dumps(edge)}].labelModule.visible()"
    browser.evaluate("kgNetwork.moveTo({scale: 0.6, animation: false})")
    assert browser.evaluate(visible) is False
    point = browser.evaluate(
        f"""(function () {{ var e = kgEdges.get({json.dumps(edge)});
        var p = kgNetwork.getPositions([e.from, e.to]);
        var c = kgNetwork.canvasToDOM({{x: (p[e.from].x + p[e.to].x) / 2, y: (p[e.from].y + p[e.to].y) / 2}});
        var b = document.getElementById('kg-network').getBoundingClientRect();
        return {{x: b.left + c.x, y: b.top + c.y}}; }})()"""
    )
    browser.mouse("mouseMoved", point["x"], point["y"])
    browser.wait_until(visible, timeout=5)
    browser.mouse("mouseMoved", 5, 5)
    browser.wait_until(f"!{visible}", timeout=5)
    browser.evaluate("kgNetwork.moveTo({scale: 1.5, animation: false})")
    # close zoom: every edge gets its label (in the frame after the zoom)
    browser.wait_until("kgEdges.get().every(function (e) { return e.label === e.kgLabel; })", timeout=5)
    browser.wait_until(visible, timeout=5)
    browser.evaluate("kgNetwork.moveTo({scale: 0.5, animation: false})")
    browser.wait_until(f"!{visible}", timeout=5)


def test_the_tooltip_goes_when_the_pointer_leaves_the_canvas_from_a_node(browser, page):
    page(sample_graph())
    point = browser.evaluate(
        """(function () {
        var p = kgNetwork.canvasToDOM(kgNetwork.getPositions(['place:320509'])['place:320509']);
        var b = document.getElementById('kg-network').getBoundingClientRect();
        return {x: b.left + p.x, y: b.top + p.y, left: b.left}; })()"""
    )
    browser.mouse("mouseMoved", point["x"], point["y"])
    browser.wait_until("!document.getElementById('kg-tooltip').hidden", timeout=5)
    browser.evaluate(
        "document.getElementById('kg-network').dispatchEvent(new MouseEvent('mouseleave'))"
    )  # what the browser sends when the pointer jumps off the canvas
    assert browser.evaluate("document.getElementById('kg-tooltip').hidden") is True


# ------------------------------------------------------------------ 2. filters that clean up


def dated_graph() -> nx.MultiDiGraph:
    """The sample graph with a third article from another source, later, and an unconnected node."""
    G = with_unconnected(sample_graph(), 1)
    G.graph["articles"]["a3"] = {"title": "王明调研", "date": "2025-01-02", "source": "新华日报"}
    G.add_node("org:镇党委", name="镇党委", type="Organisation", articles=["a3"], mention_count=1)
    G.add_edge(
        "person:王明",
        "org:镇党委",
        key="holds_post|委员",
        relation="holds_post",
        title="委员",
        confidence=0.5,
        evidence=[evidence("a3", "王明任镇党委委员。", 0.5)],
    )
    return G


SET_SELECT = """(function (id, value) { var s = document.getElementById(id); s.value = value;
  s.dispatchEvent(new Event('change', {bubbles: true})); })(%s, %s)"""


def test_filters_drop_nodes_left_without_edges_and_counts_are_what_is_drawn(browser, page):
    G = dated_graph()
    page(G)
    assert drawn_counts(browser) == (6, 5)
    stats = "document.getElementById('kg-stats').textContent"
    counts = (
        "[...document.querySelectorAll('#kg-legend-types .kg-count')]"
        ".map(function (c) { return c.textContent; })"
    )
    assert browser.evaluate(counts) == ["1", "2", "2", "1"]  # person, places, organisations, programme
    # only holds_post left: the places and the programme have no edge any more
    for i in range(1, 8):
        browser.evaluate(f"document.querySelectorAll('#kg-legend-relations input')[{i}].click()")
    assert sorted(shown(browser)["nodes"]) == ["org:吴江区委", "org:镇党委", "person:王明"]
    assert drawn_counts(browser) == (3, 2)
    assert "3 nodes, 2 edges shown" in browser.evaluate(stats)
    assert browser.evaluate(counts) == ["1", "0", "2", "0"]
    # the view is refitted on what is left: every drawn node is on screen
    inside = browser.evaluate(
        """kgNetwork.body.nodeIndices.every(function (id) {
        var p = kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id]);
        var b = document.getElementById('kg-network');
        return p.x > 0 && p.y > 0 && p.x < b.clientWidth && p.y < b.clientHeight; })"""
    )
    assert inside is True
    browser.evaluate("document.getElementById('kg-reset').click()")
    assert drawn_counts(browser) == (6, 5)


def test_article_source_and_date_filters(browser, page):
    page(dated_graph())
    browser.evaluate(SET_SELECT % (json.dumps("kg-article"), json.dumps("a2")))
    assert shown(browser)["nodes"] == ["place:320509", "place:莫舍社区"]
    browser.evaluate(SET_SELECT % (json.dumps("kg-article"), json.dumps("")))
    browser.evaluate(SET_SELECT % (json.dumps("kg-source"), json.dumps("新华日报")))
    assert shown(browser)["nodes"] == ["org:镇党委", "person:王明"]
    browser.evaluate(SET_SELECT % (json.dumps("kg-source"), json.dumps("")))
    browser.evaluate(SET_SELECT % (json.dumps("kg-date-from"), json.dumps("2024-04-01")))
    browser.evaluate(SET_SELECT % (json.dumps("kg-date-to"), json.dumps("2024-12-31")))
    assert drawn_counts(browser) == (2, 1)  # only a2 (2024-04-12)
    browser.evaluate("document.getElementById('kg-reset').click()")
    assert drawn_counts(browser) == (6, 5)


def test_confidence_hides_the_guessed_relations(browser, page):
    page(dated_graph(), min_confidence=0.6)
    assert "org:镇党委" not in shown(browser)["nodes"]


def test_clearing_the_search_clears_the_highlight_and_filters_keep_it_honest(browser, page):
    page(sample_graph())
    faded = "kgNodes.get().filter(function (n) { return n.color === '#e4e4e4'; }).length"
    browser.evaluate(
        "document.getElementById('kg-search-input').value='王明';"
        "document.querySelector('#kg-search button').click()"
    )
    assert browser.evaluate(faded) == 3
    browser.evaluate(
        "var i = document.getElementById('kg-search-input'); i.value = '';"
        "i.dispatchEvent(new Event('input', {bubbles: true}))"
    )
    assert browser.evaluate(faded) == 0
    browser.evaluate(
        "document.getElementById('kg-search-input').value='王明';"
        "document.querySelector('#kg-search button').click()"
    )
    browser.evaluate("document.querySelectorAll('#kg-legend-relations input')[0].click()")  # holds_post off
    assert browser.evaluate(faded) == 0  # 王明 is gone, so nothing stays greyed out


# ------------------------------------------------------------------ 3. profile cards


PROFILE = "kgProfile(%s)"
CARD_LINES = """[...document.querySelectorAll('#kg-details .kg-card-line')].map(function (li) {
  return {edge: li.getAttribute('data-edge'), text: li.textContent}; })"""


def assert_cards_match_graph(browser, G: nx.MultiDiGraph, nodes) -> int:
    """Every line of every card names an edge of the graph at that node, with its evidence count,
    and every edge at the node is on its card."""
    edges = browser.evaluate(
        "(function () { var out = {}; kgEdges.get().forEach(function (e) {"
        " out[e.id] = [e.from, e.to, e.relation]; });"
        " return out; })()"
    )
    checked = 0
    for node in nodes:
        sections = browser.evaluate(PROFILE % json.dumps(node))
        browser.evaluate(f"kgSelectNode({json.dumps(node)})")
        drawn = browser.evaluate(CARD_LINES)
        lines = [line for s in sections for line in s["lines"]]
        assert [d["edge"] for d in drawn] == [line["edge"] for line in lines]
        direct = {line["edge"] for line in lines if not line["via"]}
        at_node = {e for e, (head, tail, _) in edges.items() if node in (head, tail)}
        assert direct == at_node, node
        for line, text in zip(lines, (d["text"] for d in drawn)):
            head, tail, relation = edges[line["edge"]]
            assert relation == line["relation"]
            owner = line["via"] or node
            assert owner in (head, tail) and line["other"] in (head, tail)
            matching = [
                attrs
                for u, v, attrs in G.edges(data=True)
                if (u, v) == (head, tail) and attrs.get("relation") == relation
            ]
            assert any(len(a.get("evidence", ())) == line["evidence"] or a.get("origin") for a in matching)
            assert G.nodes[line["other"]].get("name", line["other"]) in text
            if line["evidence"]:
                assert f"{line['evidence']} 句" in text
            checked += 1
    return checked


def test_profile_cards_of_each_type_on_the_sample(browser, page):
    G = sample_graph()
    page(G)
    sections = {s["title"]: s["lines"] for s in browser.evaluate(PROFILE % json.dumps("org:吴江区委"))}
    assert [line["other"] for line in sections["人员 people"]] == ["person:王明"]
    assert (
        sections["人员 people"][0]["title"] == "书记" and sections["人员 people"][0]["date"] == "2024-03-05"
    )
    assert [line["other"] for line in sections["开展的项目 programmes run"]] == ["programme:融入式党建"]
    assert [line["other"] for line in sections["所在地 located in"]] == ["place:320509"]
    place = {s["title"]: s["lines"] for s in browser.evaluate(PROFILE % json.dumps("place:320509"))}
    assert {line["other"] for line in place["区域内 what lies in it"]} == {"org:吴江区委", "place:莫舍社区"}
    # what runs there: the programme of the body located in the district
    runs_there = place["在此开展 what runs there"]
    assert [(line["other"], line["via"]) for line in runs_there] == [("programme:融入式党建", "org:吴江区委")]
    person = browser.evaluate(PROFILE % json.dumps("person:王明"))
    assert person[0]["title"] == "职务 posts" and person[0]["lines"][0]["other"] == "org:吴江区委"
    assert assert_cards_match_graph(browser, G, sorted(G.nodes)) == 9  # 8 edge ends and 1 "runs there"
    # a click on a line's count shows its sentences; a click on its name opens that node's card
    browser.evaluate("kgSelectNode('person:王明')")
    browser.evaluate("document.querySelector('#kg-details .kg-evidence-count').click()")
    assert "吴江区委书记王明出席会议。" in browser.evaluate(PANEL_TEXT)
    assert "吴江区推进融入式党建 · 2024-03-05 · 吴江日报" in browser.evaluate(PANEL_TEXT)
    browser.screenshot(ARTIFACTS / "profile-card-sample.png")
    browser.evaluate("document.querySelector('#kg-details .kg-node-link').click()")
    assert browser.evaluate("kgNetwork.getSelectedNodes()") == ["org:吴江区委"]
    assert browser.evaluate("document.querySelector('#kg-details h3').textContent") == "吴江区委"


def test_profile_cards_match_a_600_node_graph(browser, page, graph600):
    page(graph600, max_nodes=600)
    sample = sorted(graph600.nodes)[::7]
    assert assert_cards_match_graph(browser, graph600, sample) > 100


@pytest.fixture(scope="module")
def dangjian_graph(shared_dir, tmp_path_factory):
    corpus = shared_dir / "corpora" / "dangjian"
    if not corpus.is_dir():
        pytest.skip("../shared/corpora/dangjian is not present")
    from graph.corpus.build import build_corpus

    out = tmp_path_factory.mktemp("dangjian-html")
    inputs = [str(shared_dir / "seeds"), str(corpus)]
    result = build_corpus(inputs, jobs=1, use_cache=True, cache_dir=out / ".kgcache", progress=False)
    return result.graph("dangjian")


def test_dangjian_page_overview_and_every_card(browser, page, dangjian_graph):
    G = dangjian_graph
    page(G)
    assert shown(browser)["unconnected"] == sum(1 for n in G if G.degree(n) == 0)
    assert not {n for n in G if G.degree(n) == 0} & set(shown(browser)["nodes"])
    boxes = browser.evaluate(DRAWN_BOXES)
    share = overlapping_label_share(boxes)
    print(
        f"\ndangjian + seeds: {G.number_of_nodes()} nodes, {len(boxes['labels'])} labels drawn, "
        f"{share:.1%} overlapping"
    )
    browser.screenshot(ARTIFACTS / "overview-dangjian.png")
    assert share < 0.03
    assert assert_cards_match_graph(browser, G, sorted(G.nodes, key=str)) >= G.number_of_edges()
    hub = browser.evaluate("kgHubs()[0]")
    browser.evaluate(f"kgSelectNode({json.dumps(hub)})")
    browser.screenshot(ARTIFACTS / "profile-card-dangjian.png")


# ------------------------------------------------------------------ 4. evidence


def test_evidence_marks_both_names_as_text_and_adds_no_quote_marks(browser, page):
    G = sample_graph()
    post = next(k for k in G.edges(keys=True) if k[2].startswith("holds_post"))
    G.edges[post]["evidence"] = [evidence("a1", "“吴江区委书记王明出席会议。”")]
    page(G)
    edge = browser.evaluate("kgEdges.get().find(function (e) { return e.relation === 'holds_post'; }).id")
    browser.evaluate(f"kgSelectEdge({json.dumps(edge)})")
    marks = browser.evaluate(
        "[...document.querySelectorAll('#kg-details .kg-sentence mark')]"
        ".map(function (m) { return m.textContent; })"
    )
    assert marks == ["吴江区委", "王明"]
    sentence = browser.evaluate("document.querySelector('#kg-details .kg-sentence')")
    text = browser.evaluate("document.querySelector('#kg-details .kg-sentence').textContent")
    assert sentence is not None and text == "“吴江区委书记王明出席会议。”"
    # no quote marks added around it by CSS either
    quotes = browser.evaluate(
        "getComputedStyle(document.querySelector('#kg-details .kg-sentence'), '::before').content"
    )
    assert quotes in ("none", "normal", "")
    assert "吴江区推进融入式党建 · 2024-03-05 · 吴江日报" in browser.evaluate(PANEL_TEXT)
    assert browser.evaluate("kgMarkedPieces('<b>王明</b>', ['王明'])") == [
        {"text": "<b>", "mark": False},
        {"text": "王明", "mark": True},
        {"text": "</b>", "mark": False},
    ]


# ------------------------------------------------------------------ 5. paths


def test_shortest_path_between_two_entities_with_evidence(browser, page):
    G = sample_graph()
    page(G)
    browser.evaluate(
        "document.getElementById('kg-path-from').value = '王明';"
        "document.getElementById('kg-path-to').value = '莫舍社区';"
        "document.querySelector('#kg-path-form button').click()"
    )
    steps = browser.evaluate("document.querySelectorAll('#kg-details .kg-path-step').length")
    undirected = nx.Graph(G)
    assert steps == nx.shortest_path_length(undirected, "person:王明", "place:莫舍社区") == 3
    panel = browser.evaluate(PANEL_TEXT)
    for sentence in (
        "吴江区委书记王明出席会议。",
        "吴江区委在吴江区召开大会。",
        "吴江区莫舍社区开展邻里节。",
    ):
        assert sentence in panel
    faded = browser.evaluate(
        "kgNodes.get().filter(function (n) { return n.color === '#e4e4e4'; })"
        ".map(function (n) { return n.id; })"
    )
    assert faded == ["programme:融入式党建"]
    browser.screenshot(ARTIFACTS / "path.png")
    browser.evaluate("document.querySelectorAll('#kg-legend-relations input')[2].click()")  # located_in off
    path = browser.evaluate("kgFindPath('王明', '莫舍社区')")
    assert path is None and "No connection" in browser.evaluate(PANEL_TEXT)


# ------------------------------------------------------------------ 6. export


def test_csv_of_the_selection_guards_formulas(browser, page, tmp_path):
    G = sample_graph()
    G.nodes["person:王明"]["name"] = '=HYPERLINK("x","王明")'
    page(G)
    everything = list(csv.reader(io.StringIO(browser.evaluate("kgSelectionCsv()"))))
    assert everything[0][:3] == ["from", "relation", "to"] and len(everything) == 1 + G.number_of_edges()
    browser.evaluate("kgSelectNode('person:王明')")
    rows = list(csv.reader(io.StringIO(browser.evaluate("kgSelectionCsv()"))))
    assert len(rows) == 2
    assert rows[1][0] == '\'=HYPERLINK("x","王明")' and rows[1][1] == "holds_post" and rows[1][3] == "书记"
    assert rows[1][7] == "吴江区委书记王明出席会议。" and rows[1][8] == "吴江区推进融入式党建"
    # the button really downloads it
    browser._send(
        "Browser.setDownloadBehavior",
        {"behavior": "allow", "downloadPath": str(tmp_path), "eventsEnabled": True},
        session=False,
    )
    browser.evaluate("document.getElementById('kg-export-csv').click()")
    target = tmp_path / "kg-selection.csv"
    deadline = time.monotonic() + 10
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert target.read_text(encoding="utf-8-sig").splitlines()[1].startswith("\"'=HYPERLINK")


def test_png_of_the_view(browser, page, tmp_path):
    page(sample_graph())
    url = browser.evaluate("kgViewPng()")
    png = base64.b64decode(url.split(",", 1)[1])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    canvas = browser.evaluate(
        "(function () { var c = document.querySelector('#kg-network canvas'); return [c.width, c.height]; })"
        "()"
    )
    assert [width, height] == canvas
    (tmp_path / "view.png").write_bytes(png)
    import matplotlib.image

    pixels = matplotlib.image.imread(tmp_path / "view.png")
    assert pixels[0, 0][:3].tolist() == [1.0, 1.0, 1.0]  # white behind, not transparent
    assert (pixels[..., :3] < 0.9).any()  # and the drawing on it


# ------------------------------------------------------------------ 7. focus page


def test_focus_page_marks_its_centre_and_opens_its_card(browser, page):
    from graph.export.html import focus_centres, focus_subgraph

    G = sample_graph()
    H = focus_subgraph(G, "吴江区", 1)
    page(H, centres=focus_centres(G, "吴江区"), title="吴江区 · 1 跳")
    assert browser.evaluate("kgNetwork.body.nodes['place:320509'].options.borderWidth") >= 4
    assert browser.evaluate("kgNetwork.body.nodes['org:吴江区委'].options.borderWidth") == 1
    assert browser.evaluate("kgNetwork.getSelectedNodes()") == ["place:320509"]
    assert "中心 centre" in browser.evaluate("document.querySelector('#kg-details h3').textContent")
    browser.screenshot(ARTIFACTS / "focus-centre.png")
