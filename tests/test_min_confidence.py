"""``kg query --min-confidence X``: the canned queries hide relations under a confidence.

The gazetteer's containment is knowledge (no confidence) and is never hidden.
Both engines (rdflib, pyoxigraph) give the same answers.
"""

from __future__ import annotations

import pytest
from test_rdf_export import sample_graph

from graph.errors import QueryError
from graph.export.turtle import write_turtle
from graph.tools.cli import main
from graph.tools.query import QUERY_DIR, bind_params, query_params, run_query

CANNED = ("evidence", "org-tree", "people-posts", "programmes-in-place", "shared-programmes")


def graded_graph():
    """The sample graph with a few weak relations, and 苏州市 within 江苏省 by the gazetteer."""
    G = sample_graph()
    for head, tail, key in (
        ("place:320509102", "programme:书记项目", "runs|"),
        ("org:黎里镇党委", "org:吴江区委", "sub_organisation_of|"),
        ("org:黎里镇党委", "programme:融入式党建", "runs|"),
    ):
        attrs = G.edges[head, tail, key]
        attrs["confidence"] = 0.5
        attrs["evidence"] = [dict(e, confidence=0.5) for e in attrs["evidence"]]
    G.add_node(
        "place:320000",
        name="江苏省",
        type="Place",
        subtype="province",
        aliases=[],
        adcode="320000",
        mentions=[],
        articles=[],
        mention_count=0,
        origin="gazetteer",
    )
    G.add_edge(
        "place:320500", "place:320000", key="within_division|", relation="within_division", origin="gazetteer"
    )
    return G


@pytest.fixture(scope="module")
def ttl(tmp_path_factory):
    return write_turtle(graded_graph(), tmp_path_factory.mktemp("mc") / "graded.ttl")[0]


def rows(ttl, name, min_confidence=None, **params):
    return run_query(ttl, name, params=params, min_confidence=min_confidence).rows


def test_every_canned_query_but_articles_mentioning_declares_it_and_documents_it():
    for path in sorted(QUERY_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        header = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
        assert "min_confidence" in header, path.name
        assert ("min_confidence" in query_params(text)) == (path.stem != "articles-mentioning"), path.name


def test_programmes_in_place_hides_weak_runs(ttl):
    everything = rows(ttl, "programmes-in-place", place="苏州市")
    assert ("苏州市", "黎里镇", "书记项目") in everything
    assert rows(ttl, "programmes-in-place", 0.8, place="苏州市") == (
        ("苏州市", "吴江区", "融入式党建"),
        ("苏州市", "吴江区委", "融入式党建"),
    )
    assert rows(ttl, "programmes-in-place", 0, place="苏州市") == everything


def test_gazetteer_containment_is_never_hidden(ttl):
    # 江苏省 holds 苏州市 only by the gazetteer (kg:withinDivision, no confidence)
    assert rows(ttl, "programmes-in-place", 0.9, place="江苏省") == (
        ("江苏省", "吴江区", "融入式党建"),
        ("江苏省", "吴江区委", "融入式党建"),
    )
    assert rows(ttl, "programmes-in-place", 1, place="江苏省") == ()  # every runs is under 1


def test_org_tree_hides_weak_links(ttl):
    assert rows(ttl, "org-tree", body="苏州市委") == (
        ("苏州市委", "黎里镇党委", "吴江区委"),
        ("苏州市委", "吴江区委", "苏州市委"),
    )
    assert rows(ttl, "org-tree", 0.8, body="苏州市委") == (("苏州市委", "吴江区委", "苏州市委"),)


def test_people_posts_at_and_above_the_post_confidence(ttl):
    assert rows(ttl, "people-posts", 0.95) == (("周乃翔", "书记", "苏州市委", "2017-09-19"),)
    assert rows(ttl, "people-posts", 0.96) == ()


def test_evidence_lists_only_relations_that_reach_it(ttl):
    relations = {(r[0], r[1], r[2]) for r in rows(ttl, "evidence", 0.8)}
    assert ("吴江区委", "partner_of", "黎里镇党委") not in relations  # 0.7
    assert ("黎里镇党委", "member_of", "融入式党建") not in relations  # 0.6
    assert ("黎里镇", "runs", "书记项目") not in relations  # 0.5
    assert ("吴江区", "located_in", "苏州市") in relations
    # a relation that reaches it keeps every sentence, even one weaker than the threshold
    assert [(r[4], r[7]) for r in rows(ttl, "evidence", 0.9, relation="holds_post")] == [
        ("a1", "苏州市委书记周乃翔说。"),
        ("a2", "周乃翔书记指出。"),
    ]


def test_shared_programmes_need_both_runs_to_reach_it(ttl):
    assert rows(ttl, "shared-programmes", 0.8, programme="融入式党建") == (
        ("融入式党建", "吴江区委", "吴江区"),
    )


@pytest.mark.parametrize("name", CANNED)
@pytest.mark.parametrize("threshold", [0, 0.7, "0.8", 1])
def test_rdflib_and_pyoxigraph_agree(ttl, tmp_path, name, threshold):
    assert run_query(ttl, name, min_confidence=threshold) == run_query(
        ttl, name, min_confidence=threshold, store_dir=tmp_path / "store"
    )


def test_articles_mentioning_refuses_it(ttl):
    with pytest.raises(QueryError, match="takes no min_confidence"):
        run_query(ttl, "articles-mentioning", min_confidence=0.5)


@pytest.mark.parametrize("bad", ["abc", "1.5", "-0.1", "nan", "inf", "", True, "0.5 } ; DROP ALL"])
def test_bad_values_are_refused(ttl, bad):
    with pytest.raises(QueryError, match="from 0 to 1"):
        run_query(ttl, "people-posts", min_confidence=bad)


def test_bound_as_a_decimal_also_through_param():
    sparql = "SELECT * WHERE { VALUES ?param_min_confidence { UNDEF } }"
    assert (
        bind_params(sparql, {"min_confidence": "0.80"})
        == "SELECT * WHERE { VALUES ?param_min_confidence { 0.8 } }"
    )
    assert (
        bind_params(sparql, {"min_confidence": 1})
        == "SELECT * WHERE { VALUES ?param_min_confidence { 1.0 } }"
    )
    with pytest.raises(QueryError, match="given twice"):
        run_query(__file__, "people-posts", params={"min_confidence": "0.5"}, min_confidence=0.5)


def test_cli_option(ttl, capsys):
    assert (
        main(
            [
                "query",
                str(ttl),
                "programmes-in-place",
                "--param",
                "place=苏州市",
                "--min-confidence",
                "0.8",
                "--format",
                "csv",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.splitlines() == [
        "place,runner,programme",
        "苏州市,吴江区,融入式党建",
        "苏州市,吴江区委,融入式党建",
    ]
    assert main(["query", str(ttl), "articles-mentioning", "--min-confidence", "0.8"]) == 1
    assert "takes no min_confidence" in capsys.readouterr().err
    assert main(["query", str(ttl), "people-posts", "--min-confidence", "high"]) == 1
    assert "from 0 to 1" in capsys.readouterr().err
