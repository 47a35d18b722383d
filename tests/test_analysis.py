"""graph.tools.analysis and graph.tools.plotting on small hand-built graphs with known answers."""

from __future__ import annotations

import json
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402

from graph.errors import ConfigError, QueryError  # noqa: E402
from graph.tools import analysis, plotting  # noqa: E402


def _edge(G, head, relation, tail, *, title="", docs=()):
    attrs = {
        "relation": relation,
        "confidence": 0.9,
        "evidence": [
            {
                "doc": d,
                "start": 0,
                "end": 2,
                "sentence": "句子。",
                "rule": "test",
                "confidence": 0.9,
                "by_context": False,
            }
            for d in docs
        ],
    }
    if title:
        attrs["title"] = title
    G.add_edge(head, tail, key=f"{relation}|{title}", **attrs)


def town_graph() -> nx.MultiDiGraph:
    """A city with two districts; 吴江区 is inside 苏州市 only through parent_adcode."""
    G = nx.MultiDiGraph(
        name="town",
        articles={"a": {"date": "2020-01-02"}, "b": {"date": "2021-05-06"}, "c": {"title": "无日期"}},
    )
    places = [
        ("place:320500", "苏州市", "city", {"adcode": "320500"}),
        ("place:320509", "吴江区", "district", {"adcode": "320509", "parent_adcode": "320500"}),
        ("place:320506", "吴中区", "district", {"adcode": "320506"}),
        ("place:黎里镇", "黎里镇", "town", {}),
        ("place:上林村", "上林村", "village", {}),
        ("place:莫舍社区", "莫舍社区", "community", {}),
    ]
    for key, name, subtype, extra in places:
        G.add_node(key, name=name, type="Place", subtype=subtype, **extra)
    G.nodes["place:320509"]["aliases"] = ["吴江", "苏州市吴江区"]
    for key, name in [
        ("org:上林村党委", "上林村党委"),
        ("org:亨通集团", "亨通集团"),
        ("org:吴江区委", "吴江区委"),
        ("org:吴江区委组织部", "吴江区委组织部"),
        ("org:莫舍社区党委", "莫舍社区党委"),
    ]:
        G.add_node(key, name=name, type="Organisation")
    for name in ["先锋聚能", "书记项目", "海棠先锋", "融入式党建"]:
        G.add_node(f"programme:{name}", name=name, type="Programme")
    for name in ["张三", "李四", "王五"]:
        G.add_node(f"person:{name}", name=name, type="Person")
    for head, tail in [
        ("place:320506", "place:320500"),
        ("place:黎里镇", "place:320509"),
        ("place:上林村", "place:黎里镇"),
        ("place:莫舍社区", "place:320506"),
        ("org:吴江区委", "place:320509"),
        ("org:上林村党委", "place:上林村"),
        ("org:莫舍社区党委", "place:莫舍社区"),
    ]:
        _edge(G, head, "located_in", tail)
    _edge(G, "org:吴江区委组织部", "sub_organisation_of", "org:吴江区委")
    _edge(G, "org:上林村党委", "partner_of", "org:亨通集团")  # partner_of: head < tail
    _edge(G, "org:亨通集团", "partner_of", "org:莫舍社区党委")
    for head, programme in [
        ("place:320509", "融入式党建"),
        ("org:吴江区委组织部", "融入式党建"),
        ("org:上林村党委", "书记项目"),
        ("place:320506", "先锋聚能"),
        ("org:莫舍社区党委", "先锋聚能"),
        ("place:320500", "海棠先锋"),
    ]:
        _edge(G, head, "runs", f"programme:{programme}", docs=["a"])
    _edge(G, "programme:书记项目", "part_of", "programme:融入式党建")
    _edge(G, "person:张三", "holds_post", "org:吴江区委", title="书记", docs=["a", "b"])
    _edge(G, "person:李四", "holds_post", "org:莫舍社区党委", title="书记", docs=["b"])
    _edge(G, "person:王五", "holds_post", "org:亨通集团", title="董事长", docs=["c"])
    return G


@pytest.fixture
def G():
    return town_graph()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# --- finding nodes and containment ---------------------------------------------------


def test_find_node_takes_a_key_a_name_or_an_alias(G):
    assert analysis.find_node(G, "place:320509") == "place:320509"
    assert analysis.find_node(G, "吴江区") == "place:320509"
    assert analysis.find_node(G, "苏州市吴江区") == "place:320509"


def test_find_node_says_what_is_missing_or_ambiguous(G):
    with pytest.raises(QueryError, match="no node of type Organisation"):
        analysis.find_node(G, "吴江区", types=("Organisation",))
    G.add_node("place:x", name="别处", type="Place", aliases=["吴江"])
    with pytest.raises(QueryError, match="names 2 nodes"):
        analysis.find_node(G, "吴江")


def test_nodes_within_follows_edges_and_parent_adcode(G):
    assert analysis.nodes_within(G, "吴江区") == sorted(
        [
            "place:320509",
            "place:黎里镇",
            "place:上林村",
            "org:吴江区委",
            "org:吴江区委组织部",
            "org:上林村党委",
        ]
    )
    assert "place:上林村" in analysis.nodes_within(G, "苏州市")
    assert analysis.nodes_within(G, "吴江区", transitive=False) == [
        "org:吴江区委",
        "place:320509",
        "place:黎里镇",
    ]


def test_districts_of_stops_at_the_nearest_district(G):
    assert analysis.districts_of(G, "place:上林村") == {"place:320509"}
    assert analysis.districts_of(G, "place:320509") == {"place:320509"}
    assert analysis.districts_of(G, "place:320500") == frozenset()
    _edge(G, "place:320509", "located_in", "place:320506")  # a doubtful edge nesting two districts
    assert analysis.districts_of(G, "place:上林村") == {"place:320509"}


# --- tables ------------------------------------------------------------------------


def test_people_posts_has_one_row_per_post_and_article(G):
    rows = analysis.people_posts(G).to_dict("records")
    assert rows == [
        {"person": "张三", "title": "书记", "body": "吴江区委", "as_of": "2020-01-02", "article": "a"},
        {"person": "张三", "title": "书记", "body": "吴江区委", "as_of": "2021-05-06", "article": "b"},
        {"person": "李四", "title": "书记", "body": "莫舍社区党委", "as_of": "2021-05-06", "article": "b"},
        {"person": "王五", "title": "董事长", "body": "亨通集团", "as_of": "", "article": "c"},
    ]


def test_a_post_is_dated_by_its_own_article_or_not_at_all(G):
    # The edge's as_of is the latest date of any of its articles; an undated article's
    # row must not borrow it (2022-09-23 of one article showed on six undated ones).
    _edge(G, "person:赵六", "holds_post", "org:亨通集团", title="总经理", docs=["a", "c"])
    G["person:赵六"]["org:亨通集团"]["holds_post|总经理"]["as_of"] = "2020-01-02"
    rows = analysis.people_posts(G)
    posts = rows[rows["title"] == "总经理"]
    dates = dict(zip(posts["article"], posts["as_of"]))
    assert dates == {"a": "2020-01-02", "c": ""}


def test_posts_timeline_counts_posts_per_full_date(G):
    timeline = analysis.posts_timeline(G)
    assert list(timeline["date"]) == [pd.Timestamp("2020-01-02"), pd.Timestamp("2021-05-06")]
    assert list(timeline["posts"]) == [1, 2]
    assert list(timeline["people"]) == ["张三", "张三、李四"]


def test_programmes_by_place_includes_everything_inside(G):
    table = analysis.programmes_by_place(G, "吴江区")
    assert table[["programme", "run_by", "via"]].values.tolist() == [
        ["书记项目", "上林村党委", "上林村党委 → 上林村 → 黎里镇 → 吴江区"],
        ["融入式党建", "吴江区", "吴江区"],
        ["融入式党建", "吴江区委组织部", "吴江区委组织部 → 吴江区委 → 吴江区"],
    ]
    assert list(table["articles"]) == ["a", "a", "a"]
    assert len(analysis.programmes_by_place(G, "苏州市")) == 6


def test_programmes_by_place_without_transitivity_keeps_one_hop(G):
    table = analysis.programmes_by_place(G, "吴江", transitive=False)
    assert table[["programme", "run_by"]].values.tolist() == [["融入式党建", "吴江区"]]


def test_organisation_tree_is_depth_first_by_name(G):
    tree = analysis.organisation_tree(G, "吴江区")
    assert list(zip(tree["depth"], tree["name"])) == [
        (0, "吴江区"),
        (1, "吴江区委"),
        (2, "吴江区委组织部"),
        (1, "黎里镇"),
        (2, "上林村"),
        (3, "上林村党委"),
    ]
    assert analysis.format_tree(tree).splitlines()[:3] == [
        "吴江区 (district)",
        "  吴江区委 (Organisation)",
        "    吴江区委组织部 (Organisation)",
    ]


def test_organisation_tree_survives_a_cycle(G):
    _edge(G, "org:吴江区委", "sub_organisation_of", "org:吴江区委组织部")
    assert list(analysis.organisation_tree(G, "吴江区委")["name"]) == ["吴江区委", "吴江区委组织部"]


def test_organisation_roots_rank_by_size(G):
    roots = analysis.organisation_roots(G)
    assert roots.iloc[0][["organisation", "size", "direct"]].tolist() == ["吴江区委", 1, 1]
    assert "吴江区委组织部" not in set(roots["organisation"])
    assert analysis.largest_organisation(G) == "org:吴江区委"
    with pytest.raises(QueryError, match="no top-level organisation"):
        analysis.largest_organisation(nx.MultiDiGraph())


def test_districts_and_largest_district(G):
    table = analysis.districts(G)
    assert table[["district", "nodes", "programmes"]].values.tolist() == [["吴江区", 9, 2], ["吴中区", 5, 1]]
    assert analysis.largest_district(G) == "place:320509"


def test_largest_district_explains_an_empty_answer():
    with pytest.raises(QueryError, match="no district-level place"):
        analysis.largest_district(nx.MultiDiGraph())


def test_district_subgraph_holds_places_bodies_people_programmes(G):
    H = analysis.district_subgraph(G, "吴中区")
    assert sorted(H) == [
        "org:莫舍社区党委",
        "person:李四",
        "place:320506",
        "place:莫舍社区",
        "programme:先锋聚能",
    ]
    assert H.number_of_edges() == 5
    assert H.nodes["person:李四"]["name"] == "李四"


def test_district_subgraph_keeps_the_graph_order(G):
    # G.subgraph() can list a small subgraph in set order, which differs between runs.
    H = analysis.district_subgraph(G, "吴江区")
    assert list(H) == [n for n in G if n in H]
    assert list(H.edges(keys=True)) == [e for e in G.edges(keys=True) if e[0] in H and e[1] in H]


def test_bridging_bodies_reach_two_districts_through_partners(G):
    rows = analysis.bridging_bodies(G).to_dict("records")
    assert rows == [
        {
            "organisation": "亨通集团",
            "n_districts": 2,
            "districts": "吴中区、吴江区",
            "via": "上林村、莫舍社区",
        }
    ]


def test_shared_programmes_need_two_runners(G):
    assert analysis.shared_programmes(G).values.tolist() == [
        ["先锋聚能", 2, "吴中区、莫舍社区党委"],
        ["融入式党建", 2, "吴江区、吴江区委组织部"],
    ]


# --- centrality and communities ----------------------------------------------------


def test_centrality_counts_neighbours_once():
    G = nx.MultiDiGraph()
    G.add_edges_from([("a", "b"), ("a", "b"), ("b", "a"), ("b", "c"), ("c", "c")])
    table = analysis.centrality_table(G)
    assert table[["key", "degree", "betweenness"]].values.tolist() == [
        ["b", 2, 1.0],
        ["a", 1, 0.0],
        ["c", 1, 0.0],
    ]
    assert list(analysis.centrality_table(G, top=1)["key"]) == ["b"]


def test_centrality_on_a_big_graph_samples_pivots_repeatably():
    G = nx.MultiDiGraph(nx.path_graph([f"n{i:02d}" for i in range(30)]))
    exact = analysis.centrality_table(G, top=None, pivots=None)
    sampled = analysis.centrality_table(G, top=None, pivots=5)
    assert sampled.equals(analysis.centrality_table(G, top=None, pivots=5))
    assert not sampled["betweenness"].equals(exact["betweenness"])
    assert exact.equals(analysis.centrality_table(G, top=None, pivots=30))  # 30 nodes: still exact


def test_centrality_table_sorts_by_the_measure_asked(G):
    by_betweenness = analysis.centrality_table(G, top=None, by="betweenness")
    assert by_betweenness["betweenness"].is_monotonic_decreasing
    assert len(by_betweenness) == G.number_of_nodes()


@pytest.mark.parametrize(
    "kwargs", [{"top": 0}, {"top": "5"}, {"top": True}, {"by": "pagerank"}, {"pivots": 0}]
)
def test_centrality_table_rejects_bad_options(G, kwargs):
    with pytest.raises(QueryError):
        analysis.centrality_table(G, **kwargs)


def test_communities_split_two_triangles_the_same_way_every_time():
    G = nx.MultiDiGraph()
    G.add_edges_from([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("c", "x")])
    found = analysis.communities(G)
    assert found == [frozenset("abc"), frozenset("xyz")]
    assert analysis.communities(G) == found
    table = analysis.community_table(G)
    assert table[["community", "size"]].values.tolist() == [[1, 3], [2, 3]]
    assert table["members"].iloc[0].startswith("c、")  # best connected first


@pytest.mark.parametrize(
    "question",
    [
        analysis.people_posts,
        analysis.posts_timeline,
        analysis.centrality_table,
        analysis.community_table,
        analysis.bridging_bodies,
        analysis.shared_programmes,
        analysis.districts,
        analysis.organisation_roots,
    ],
)
def test_empty_graph_gives_empty_tables_with_columns(question):
    table = question(nx.MultiDiGraph())
    assert table.empty and len(table.columns) >= 3


def test_questions_leave_the_graph_unchanged(G):
    before = json.dumps(nx.node_link_data(G, edges="edges"), ensure_ascii=False, sort_keys=True)
    analysis.programmes_by_place(G, "苏州市")
    analysis.district_subgraph(G, "吴江区").add_node("extra")
    analysis.bridging_bodies(G), analysis.community_table(G), analysis.organisation_tree(G, "苏州市")
    assert json.dumps(nx.node_link_data(G, edges="edges"), ensure_ascii=False, sort_keys=True) == before


# --- plots -------------------------------------------------------------------------


def _cjk_font_or_skip() -> str:
    try:
        return plotting.use_cjk_font()
    except ConfigError:
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")


def test_use_cjk_font_picks_a_font_with_chinese_glyphs():
    name = _cjk_font_or_skip()
    path = font_manager.findfont(font_manager.FontProperties(family=name), fallback_to_default=False)
    assert FT2Font(path).get_char_index(ord("党")) != 0
    assert matplotlib.rcParams["font.sans-serif"][0] == name
    assert matplotlib.rcParams["axes.unicode_minus"] is False


def test_use_cjk_font_says_how_to_install_one(monkeypatch):
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    with pytest.raises(ConfigError, match="fonts-noto-cjk"):
        plotting.use_cjk_font()
    with pytest.warns(UserWarning, match="no CJK font"):
        assert plotting.use_cjk_font(required=False) == ""


def _draw_without_missing_glyphs(ax) -> None:
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*missing from font")
        ax.figure.canvas.draw()


def test_plots_draw_chinese_without_missing_glyphs(G):
    _cjk_font_or_skip()
    _draw_without_missing_glyphs(plotting.plot_centrality(analysis.centrality_table(G)))
    _draw_without_missing_glyphs(
        plotting.draw_subgraph(analysis.district_subgraph(G, "吴江区"), root="place:320509", title="吴江区")
    )
    _draw_without_missing_glyphs(plotting.plot_posts_timeline(analysis.posts_timeline(G)))


def test_plots_accept_empty_tables_and_graphs():
    empty = nx.MultiDiGraph()
    for ax in (
        plotting.plot_centrality(analysis.centrality_table(empty)),
        plotting.draw_subgraph(empty),
        plotting.plot_posts_timeline(analysis.posts_timeline(empty)),
    ):
        assert ax.texts  # a "no data" note instead of an error


def test_plot_options_are_checked(G):
    with pytest.raises(QueryError, match="measure"):
        plotting.plot_centrality(analysis.centrality_table(G), measure="size")
    with pytest.raises(QueryError, match="not a node"):
        plotting.draw_subgraph(analysis.district_subgraph(G, "吴中区"), root="place:320509")


def test_radial_layout_puts_rings_by_hops_and_strays_outside():
    U = nx.Graph([("r", "a"), ("r", "b"), ("a", "a1")])
    U.add_node("stray")
    pos = plotting.radial_layout(U, "r")
    radius = {n: round(float(x * x + y * y) ** 0.5, 6) for n, (x, y) in pos.items()}
    assert radius["r"] == 0 and radius["a"] == radius["b"] == 1 and radius["a1"] == 2
    assert radius["stray"] == 3


def test_save_png_is_byte_identical_on_rerun(G, tmp_path):
    _cjk_font_or_skip()
    ax = plotting.plot_centrality(analysis.centrality_table(G))
    first = plotting.save_png(ax.figure, tmp_path / "a.png").read_bytes()
    second = plotting.save_png(ax.figure, tmp_path / "b.png").read_bytes()
    assert first[:8] == b"\x89PNG\r\n\x1a\n" and first == second
