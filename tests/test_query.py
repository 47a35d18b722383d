"""Canned SPARQL queries on a hand-built graph; rdflib and pyoxigraph agree; parameters are safe."""

from __future__ import annotations

import csv
import io
import json

import pytest
from test_rdf_export import HOSTILE, hostile_graph, sample_graph

from graph.errors import QueryError
from graph.export.turtle import write_turtle
from graph.tools.query import (
    QueryResult,
    bind_params,
    canned_queries,
    format_result,
    run_query,
    sparql_string,
)

CANNED = (
    "articles-mentioning",
    "evidence",
    "org-tree",
    "people-posts",
    "programmes-in-place",
    "shared-programmes",
)


@pytest.fixture(scope="module")
def ttl(tmp_path_factory):
    return write_turtle(sample_graph(), tmp_path_factory.mktemp("q") / "demo.ttl")[0]


def rows(ttl, name, **params):
    return run_query(ttl, name, params=params).rows


def test_canned_queries_are_listed():
    assert tuple(canned_queries()) == CANNED


def test_people_posts(ttl):
    result = run_query(ttl, "people-posts")
    assert result.columns == ("person", "title", "body", "as_of")
    assert result.rows == (("周乃翔", "书记", "苏州市委", "2017-09-19"),)
    assert rows(ttl, "people-posts", body="吴江区委") == ()


def test_programmes_in_place_follows_containment_transitively(ttl):
    expected = (
        ("苏州市", "黎里镇", "书记项目"),
        ("苏州市", "吴江区", "融入式党建"),
        ("苏州市", "吴江区委", "融入式党建"),
        ("苏州市", "黎里镇党委", "融入式党建"),  # a unit of 吴江区委, which sits in 苏州市
    )
    assert rows(ttl, "programmes-in-place", place="苏州市") == expected
    assert rows(ttl, "programmes-in-place", place="苏州") == expected  # an alias works too
    assert rows(ttl, "programmes-in-place", place="黎里镇") == (("黎里镇", "黎里镇", "书记项目"),)


def test_org_tree(ttl):
    assert rows(ttl, "org-tree", body="苏州市委") == (
        ("苏州市委", "黎里镇党委", "吴江区委"),
        ("苏州市委", "吴江区委", "苏州市委"),
    )
    assert rows(ttl, "org-tree", body="黎里镇党委") == ()


def test_evidence_for_a_pair(ttl):
    assert rows(ttl, "evidence", head="吴江区", tail="苏州市") == (
        ("吴江区", "located_in", "苏州市", "", "a1", "50", "59", "吴江区位于苏州市。"),
    )
    posts = rows(ttl, "evidence", relation="holds_post")
    assert [(r[4], r[5], r[7]) for r in posts] == [
        ("a1", "0", "苏州市委书记周乃翔说。"),
        ("a2", "0", "周乃翔书记指出。"),
    ]


def test_shared_programmes(ttl):
    assert rows(ttl, "shared-programmes", programme="融入式党建") == (
        ("融入式党建", "吴江区委", "吴江区"),
        ("融入式党建", "吴江区委", "黎里镇党委"),
        ("融入式党建", "黎里镇党委", "吴江区"),
    )
    assert rows(ttl, "shared-programmes", programme="书记项目") == ()


def test_articles_mentioning(ttl):
    assert rows(ttl, "articles-mentioning", entity="吴江") == (
        ("吴江区", "a1", "苏州:锻造“红色引擎”", "2017-09-19", "新华日报"),
        ("吴江区", "a2", "吴江融入式党建", "--09-23", "苏州日报"),
    )


@pytest.mark.parametrize("name", CANNED)
def test_rdflib_and_pyoxigraph_agree(ttl, tmp_path, name):
    store = tmp_path / "store"
    assert run_query(ttl, name) == run_query(ttl, name, store_dir=store)
    assert run_query(ttl, name).rows  # the sample graph has rows for every canned query


def test_store_is_reused_and_reloaded_when_the_file_changes(tmp_path):
    import pyoxigraph as ox

    store, marker = tmp_path / "store", "ASK { <urn:x> <urn:x> <urn:x> }"
    first = write_turtle(sample_graph(), tmp_path / "a.ttl")[0]
    assert run_query(first, "people-posts", store_dir=store).rows == rows(first, "people-posts")
    opened = ox.Store(str(store))  # a triple that is not in the file: kept only if not reloaded
    opened.add(ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode("urn:x"), ox.NamedNode("urn:x")))
    del opened
    assert run_query(first, marker, store_dir=store).rows == (("true",),)
    other = write_turtle(hostile_graph("某人", "某人任书记。"), tmp_path / "b.ttl")[0]
    assert run_query(other, "people-posts", store_dir=store).rows == (("某人", "某人", "某人", ""),)
    assert run_query(other, marker, store_dir=store).rows == (("false",),)


def test_hostile_parameter_is_a_literal_not_sparql(tmp_path):
    ttl = write_turtle(hostile_graph(HOSTILE, HOSTILE), tmp_path / "h.ttl")[0]
    assert rows(ttl, "people-posts", person=HOSTILE) == ((HOSTILE, HOSTILE, HOSTILE, ""),)
    injection = '" } } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o } #'
    assert rows(ttl, "people-posts", person=injection) == ()
    assert run_query(ttl, "people-posts", params={"person": HOSTILE}, store_dir=tmp_path / "s").rows == (
        (HOSTILE, HOSTILE, HOSTILE, ""),
    )


def test_sparql_string_escapes_quotes_backslashes_and_newlines():
    assert sparql_string('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'


def test_bind_params_rejects_unknown_names():
    with pytest.raises(QueryError, match=r"unknown parameter\(s\) \['city'\].*\['place'\]"):
        bind_params("SELECT * WHERE { VALUES ?param_place { UNDEF } }", {"city": "x"})


def test_sparql_text_and_rq_file(ttl, tmp_path):
    text = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a kg:Person }"
    assert run_query(ttl, text).rows == (("1",),)
    rq = tmp_path / "count.rq"
    rq.write_text(text, encoding="utf-8")
    assert run_query(ttl, str(rq)) == run_query(ttl, text, store_dir=tmp_path / "s")
    assert run_query(ttl, "ASK { ?p a kg:Programme }").rows == (("true",),)


def test_unbound_optional_values_are_empty_in_both_engines(ttl, tmp_path):
    text = "SELECT ?key ?code WHERE { ?e kg:key ?key OPTIONAL { ?e kg:adcode ?code } } ORDER BY ?key"
    result = run_query(ttl, text)
    assert result == run_query(ttl, text, store_dir=tmp_path / "s")
    assert result.rows[0] == ("org:吴江区委", "") and ("place:320500", "320500") in result.rows


def test_several_parameters_in_one_values_row():
    sparql = "SELECT * WHERE { VALUES (?param_a ?param_b) { (UNDEF UNDEF) } }"
    assert (
        bind_params(sparql, {"b": 'x"'})
        == 'SELECT * WHERE { VALUES (?param_a ?param_b) { (UNDEF "x\\""@zh) } }'
    )


@pytest.mark.parametrize(
    "query,message",
    [
        ("no-such-query", "canned queries: articles-mentioning"),
        ("missing.rq", "no query file"),
        ("SELECT WHERE {", "query failed"),
    ],
)
def test_errors_are_query_errors(ttl, query, message):
    with pytest.raises(QueryError, match=message):
        run_query(ttl, query)


def test_missing_turtle_file(tmp_path):
    with pytest.raises(QueryError, match="no Turtle file"):
        run_query(tmp_path / "none.ttl", "people-posts")


def test_table_aligns_wide_characters():
    result = QueryResult(("name", "n"), (("苏州市", "1"), ("ab", "22"), ("x\ny", "3")))
    lines = format_result(result, "table").splitlines()
    assert lines[:5] == ["name    n", "------  --", "苏州市  1", "ab      22", "x\\ny    3"]
    assert lines[-1] == "(3 rows)"


def test_csv_and_json_formats():
    result = QueryResult(("a", "b"), (("苏州, 市", 'x"y'),))
    assert list(csv.reader(io.StringIO(format_result(result, "csv")))) == [["a", "b"], ["苏州, 市", 'x"y']]
    assert json.loads(format_result(result, "json")) == [{"a": "苏州, 市", "b": 'x"y'}]
    with pytest.raises(QueryError, match="expected one of table, csv, json"):
        format_result(result, "xml")
