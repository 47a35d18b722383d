"""Canned SPARQL queries on a hand-built graph; rdflib and pyoxigraph agree; parameters are safe."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
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
    with pytest.raises(QueryError, match="no name or value"):  # a value, looked for and not found
        rows(ttl, "people-posts", person=injection)
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
        == 'SELECT * WHERE { VALUES (?param_a ?param_b) { (UNDEF "x\\""@zh) (UNDEF "x\\"") } }'
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


# ------------------------------------------------------------ issue 15: answers an analyst can use

ENGINES = ("rdflib", "oxigraph")


def run(ttl, query, engine, tmp_path, **kwargs):
    """``run_query`` on the in-memory engine or on a store in ``tmp_path``."""
    store = tmp_path / "store" if engine == "oxigraph" else None
    return run_query(ttl, query, store_dir=store, **kwargs)


@pytest.mark.parametrize("engine", ENGINES)
def test_json_gives_numbers_as_numbers(ttl, tmp_path, engine):
    text = (
        "SELECT ?doc ?start ?confidence ?linked WHERE { ?a kg:evidence ?e ; kg:confidence ?confidence ."
        " ?e prov:wasDerivedFrom/schema:identifier ?doc ; oa:hasSelector/oa:start ?start ;"
        ' oa:hasSelector/oa:exact "吴江区位于苏州市。" BIND(true AS ?linked) }'
    )
    records = json.loads(format_result(run(ttl, text, engine, tmp_path), "json"))
    assert records == [{"doc": "a1", "start": 50, "confidence": 0.9, "linked": True}]
    ask = json.loads(format_result(run(ttl, "ASK { ?p a kg:Person }", engine, tmp_path), "json"))
    assert ask == [{"ask": True}]
    evidence = json.loads(format_result(run(ttl, "evidence", engine, tmp_path), "json"))
    assert evidence and all(isinstance(row["start"], int) and isinstance(row["end"], int) for row in evidence)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_parameter_matching_nothing_names_close_matches(ttl, tmp_path, engine):
    with pytest.raises(
        QueryError, match=r"no name or value '苏洲市'.*\(parameter place\); close matches: 苏州市"
    ):
        run(ttl, "programmes-in-place", engine, tmp_path, params={"place": "苏洲市"})
    with pytest.raises(QueryError, match="close matches: holds_post"):
        run(ttl, "evidence", engine, tmp_path, params={"relation": "hold_post"})
    # a value the graph has, that the query does not answer for, is an empty answer, not an error
    assert run(ttl, "people-posts", engine, tmp_path, params={"body": "吴江区委"}).rows == ()


PLAIN_LABELS = """\
@prefix kg: <https://w3id.org/cn-grassroots-kg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<urn:x:suzhou> a kg:Place ; skos:prefLabel "苏州市" .
<urn:x:wujiang> a kg:Place ; skos:prefLabel "吴江区"@zh ; kg:locatedIn <urn:x:suzhou> .
<urn:x:body> a kg:Organisation ; skos:prefLabel "吴江区委" ; kg:locatedIn <urn:x:wujiang> ;
    kg:runs <urn:x:programme> .
<urn:x:programme> a kg:Programme ; skos:prefLabel "融入式党建"@zh .
"""


@pytest.mark.parametrize("engine", ENGINES)
def test_a_plain_literal_without_a_language_tag_is_matched_too(tmp_path, engine):
    ttl = tmp_path / "plain.ttl"
    ttl.write_text(PLAIN_LABELS, encoding="utf-8")
    assert run(ttl, "programmes-in-place", engine, tmp_path, params={"place": "苏州市"}).rows == (
        ("苏州市", "吴江区委", "融入式党建"),
    )
    assert run(ttl, "programmes-in-place", engine, tmp_path, params={"place": "吴江区"}).rows == (
        ("吴江区", "吴江区委", "融入式党建"),
    )


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "PREFIX x: <urn:x#>\n# a comment\ndelete where { ?s ?p ?o }",
        "DROP ALL",
        "CLEAR DEFAULT",
        "LOAD <http://127.0.0.1:9/x.ttl>",
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_an_update_is_refused_with_a_clear_error(ttl, tmp_path, engine, update):
    with pytest.raises(QueryError, match=r"^\[E400\] kg query runs read-only queries.*SPARQL UPDATE"):
        run(ttl, update, engine, tmp_path)
    assert run(ttl, "SELECT (COUNT(*) AS ?n) WHERE { ?p a kg:Person }", engine, tmp_path).rows == (("1",),)


def test_update_words_inside_names_strings_and_comments_are_not_updates(ttl):
    text = (
        "# DROP ALL, INSERT and SERVICE in a comment\n"
        'SELECT ?delete ?insert WHERE { ?e kg:key ?delete BIND("DROP SERVICE" AS ?insert) '
        'FILTER(?delete = "org:吴江区委") }'
    )
    assert run_query(ttl, text).rows == (("org:吴江区委", "DROP SERVICE"),)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_service_clause_is_refused_and_opens_no_connection(ttl, tmp_path, engine):
    import select
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)
        port = listener.getsockname()[1]
        for text in (
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
            f"select * where {{ ?s ?p ?o . service silent <http://127.0.0.1:{port}/> {{ ?s ?p ?x }} }}",
        ):
            with pytest.raises(QueryError, match="SERVICE clauses are refused"):
                run(ttl, text, engine, tmp_path)
        # the query has returned: a connection it opened would be waiting in the backlog now
        assert select.select([listener], [], [], 0) == ([], [], [])


@pytest.mark.parametrize("engine", ENGINES)
def test_limit_keeps_the_first_rows_and_says_there_are_more(ttl, tmp_path, engine):
    whole = run(ttl, "evidence", engine, tmp_path)
    first = run(ttl, "evidence", engine, tmp_path, limit=3)
    assert first.rows == whole.rows[:3] and first.truncated and not whole.truncated
    assert format_result(first, "table").splitlines()[-1] == "(3 rows; more beyond the limit)"
    assert not run(ttl, "evidence", engine, tmp_path, limit=len(whole.rows)).truncated
    for bad in (0, -1, True, 2.5):
        with pytest.raises(QueryError, match="limit takes a whole number"):
            run(ttl, "evidence", engine, tmp_path, limit=bad)


def test_long_sentences_are_cut_in_tables_not_in_csv_or_json():
    sentence = "吴江区委" * 40  # 160 characters, 320 columns
    result = QueryResult(("doc", "sentence"), (("a1", sentence),), (("text", "text"),))
    table = format_result(result, "table", width=30).splitlines()
    assert table[2] == "a1   " + "吴江区委" * 3 + "吴江…"
    assert table[-1] == "(1 row; texts cut at 30 columns: --format csv or json prints them whole)"
    assert list(csv.reader(io.StringIO(format_result(result, "csv"))))[1] == ["a1", sentence]
    assert json.loads(format_result(result, "json")) == [{"doc": "a1", "sentence": sentence}]
    assert max(len(line) for line in format_result(result, "table").splitlines()) < 80


def test_the_store_does_not_pile_up_rocksdb_logs(ttl, tmp_path):
    store = tmp_path / "store"
    answers = {run_query(ttl, "people-posts", store_dir=store).rows for _ in range(18)}
    assert answers == {(("周乃翔", "书记", "苏州市委", "2017-09-19"),)}
    assert sorted(p.name for p in store.glob("LOG.old*")) == []
    other = write_turtle(hostile_graph("某人", "某人任书记。"), tmp_path / "b.ttl")[0]
    for path in (other, ttl, other):  # a reload opens the store read-write: its old logs go too
        run_query(path, "people-posts", store_dir=store)
    assert sorted(p.name for p in store.glob("LOG.old*")) == []


@pytest.mark.parametrize("engine", ENGINES)
def test_tables_print_labels_beside_iris(ttl, tmp_path, engine):
    text = (
        'SELECT ?body ?article ?key WHERE { ?body kg:key ?key FILTER(?key = "org:吴江区委") '
        "?article schema:mentions ?body } ORDER BY ?article"
    )
    result = run(ttl, text, engine, tmp_path)
    body, article = result.rows[0][:2]
    assert result.labels == {
        body: "吴江区委",
        article: "苏州:锻造“红色引擎”",
        result.rows[1][1]: "吴江融入式党建",
    }
    lines = format_result(result, "table").splitlines()
    assert lines[2].startswith(f"吴江区委 <{body}>") and f"苏州:锻造“红色引擎” <{article}>" in lines[2]
    assert lines[2].rstrip().endswith("org:吴江区委")  # a literal is printed as it is
    assert format_result(result, "csv").splitlines()[1] == f"{body},{article},org:吴江区委"  # CSV: IRIs alone


@pytest.mark.parametrize("engine", ENGINES)
def test_csv_output_guards_formula_cells_as_the_csv_export_does(tmp_path, engine):
    ttl = write_turtle(hostile_graph("+3+3活动", "@SUM(5)"), tmp_path / "f.ttl")[0]
    text = (
        "SELECT DISTINCT ?name ?n WHERE { ?e skos:prefLabel ?label "
        "BIND(STR(?label) AS ?name) BIND(-5 AS ?n) }"
    )
    lines = format_result(run(ttl, text, engine, tmp_path), "csv").splitlines()
    assert lines[1:] == ["'+3+3活动,-5"]  # the number stays a number
    sentences = run(ttl, "evidence", engine, tmp_path)
    parsed = list(csv.reader(io.StringIO(format_result(sentences, "csv"))))
    assert {row[-1] for row in parsed[1:]} == {"'@SUM(5)"}


CONTROL = "甲\x9b[31m乙\u202egnp.exe\u2066丙\x07\x7f\u2028丁\ud800"


def test_control_and_bidi_characters_are_escaped_in_tables():
    result = QueryResult(("名\u202e", "n"), ((CONTROL, "1"),), (("text", "integer"),))
    table = format_result(result, "table")
    assert not [ch for ch in table if ch not in "\n" and not ch.isprintable() and ch != " "]
    assert "甲\\x9b[31m乙\\u202egnp.exe\\u2066丙\\x07\\x7f\\u2028丁\\ud800" in table
    assert table.splitlines()[0].startswith("名\\u202e")
    table.encode("utf-8")  # a lone surrogate printed raw would not even encode


def test_json_escapes_them_and_keeps_the_string_exact():
    result = QueryResult(("text",), ((CONTROL,),), (("text",),))
    text = format_result(result, "json")
    assert not [ch for ch in text if ch not in "\n" and not ch.isprintable() and ch != " "]
    assert json.loads(text) == [{"text": CONTROL}]


def test_csv_keeps_the_text_exact_in_files_and_escapes_it_for_a_terminal():
    result = QueryResult(("text",), ((CONTROL,),), (("text",),))
    assert list(csv.reader(io.StringIO(format_result(result, "csv")))) == [["text"], [CONTROL]]
    shown = format_result(result, "csv", terminal=True)
    assert "\\x9b" in shown and "\\u202e" in shown and "\x9b" not in shown and "\u202e" not in shown


NOT_TURTLE = {
    "json": ('{"nodes": [], "edges": []}', "looks like JSON"),
    "html": ("<!DOCTYPE html><html><body>图谱</body></html>", "looks like an HTML page"),
    "binary": ("\x00\x01\x02PK", "binary"),
    "empty": ("", "the file is empty"),
    "blank": ("\n  \n", "the file is empty"),
    "broken": ('@prefix a: <urn:a#> .\na:b a:c a:d .\na:e a:f "unterminated .\n', "line 3"),
    "no triples": ("@prefix a: <urn:a#> .\n# nothing else\n", "holds no triples"),
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("kind", sorted(NOT_TURTLE))
def test_a_file_that_is_not_turtle_is_said_in_one_line(tmp_path, kind, engine):
    content, message = NOT_TURTLE[kind]
    path = tmp_path / "x.ttl"
    path.write_bytes(content.encode("utf-8"))
    with pytest.raises(QueryError) as caught:
        run(path, "people-posts", engine, tmp_path)
    text = str(caught.value)
    assert message in text and "\n" not in text and "b'" not in text, text


def test_kg_query_prints_one_line_on_a_json_export(tmp_path, capsys):
    from graph.tools.cli import main

    path = tmp_path / "seeds.json"
    path.write_text('{"nodes": []}', encoding="utf-8")
    assert main(["query", str(path), "people-posts"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("kg query: [E400]") and "looks like JSON" in err


def test_kg_query_limit_option(ttl, capsys):
    from graph.tools.cli import main

    assert main(["query", str(ttl), "evidence", "--limit", "2", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)) == 2 and "stopped at --limit 2" in captured.err
    assert main(["query", str(ttl), "evidence", "--limit", "0"]) == 1


UNSAFE = {"Cc", "Cf", "Zl", "Zp", "Cs"}


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=80))
def test_no_text_reaches_a_table_with_a_raw_control_or_bidi_character(text):
    import unicodedata

    result = QueryResult(("text",), ((text,),), (("text",),))
    for shown in (format_result(result, "table"), format_result(result, "csv", terminal=True)):
        assert not [ch for ch in shown if ch != "\n" and unicodedata.category(ch) in UNSAFE]
    assert json.loads(format_result(result, "json")) == [{"text": text}]
    guarded = "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text
    assert list(csv.reader(io.StringIO(format_result(result, "csv"), newline="")))[1:] == [[guarded]]


def test_a_carriage_return_inside_a_cell_does_not_split_the_csv_row():
    result = QueryResult(("a", "b"), (("甲\r乙", "1"), ("丙", "2")), (("text", "integer"),) * 2)
    assert list(csv.reader(io.StringIO(format_result(result, "csv"), newline=""))) == [
        ["a", "b"],
        ["甲\r乙", "1"],
        ["丙", "2"],
    ]
