"""A hostile corpus, built on the fly: each bad item fails only itself, no good article is lost.

Every case runs the real ``kg build`` in a subprocess and checks what a user sees: the good
articles are in the graph, the bad one is named in the report and on stderr with its code, no
traceback, exit status 1, and where nothing could be built the previous exports are intact.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cli_util import article, assert_one_line_error, exports, report_rows, run_kg

from graph.errors import InputError, InternalError

# A path component of 200 bytes: 25 of them are deeper than PATH_MAX (4,096 bytes).
_LONG = "d" * 200


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _deeper_than_path_max(root: Path, text: str) -> None:
    """``root/ddd…/ddd…/…/deep.txt`` past PATH_MAX, made through folder handles (no path is that long)."""
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(25):
            os.mkdir(_LONG, dir_fd=fd)
            inner = os.open(_LONG, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        out = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, text.encode("utf-8"))
        os.close(out)
    finally:
        os.close(fd)


def _jsonl(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)


def _record(**fields) -> str:
    return json.dumps(fields, ensure_ascii=False)


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """One build of a corpus holding every per-item case beside good articles (one model load)."""
    tmp = tmp_path_factory.mktemp("hostile")
    corpus = tmp / "corpus"
    _write(corpus / "good.txt", article(0))
    _write(corpus / "one" / "same.txt", article(1))
    _write(corpus / "two" / "same.txt", article(2))  # same stem, another folder
    _write(corpus / "x.txt", article(3))  # x.txt beside x.html
    _write(corpus / "x.html", f"<html><body><p>{article(4)}</p></body></html>")
    (corpus / os.fsdecode(b"caf\xe9.txt")).write_text(article(5), encoding="utf-8")  # not UTF-8
    (corpus / "cut.txt").write_bytes(
        article(16).rstrip("\n").encode("utf-8")[:-1]
    )  # inside its last character
    (corpus / "utf16.txt").write_bytes(article(17).encode("utf-16-le"))  # no byte-order mark
    records = [
        _record(id="j-good", text=article(6)),
        json.dumps({"id": "surrogate", "text": "\ud800" + article(7)}),  # a lone surrogate, escaped
        "[" * 100_000 + "]" * 100_000,  # 100,000 deep
        _record(id="nul", text=article(8)) + "\x00",
        _record(id="object-title", title={"a": 1}, text=article(9)),
        _record(id="ls", text=article(10).replace("，", "\u2028")),  # U+2028 is text, not a line break
        _record(id=1, text=article(11)),
        _record(id="1", text=article(12)),  # 1 and "1"
        _record(id="1", text=article(13)),  # "1" again
        _record(id="   ", text=article(14)),  # a blank id
        _record(id="big", text="长" * 1_000_001),  # far longer than any article
    ]
    _write(corpus / "feed.jsonl", _jsonl(records))
    _deeper_than_path_max(corpus, article(15))
    fifo = tmp / "pipe.txt"
    os.mkfifo(fifo)
    out = tmp / "out"
    # good.txt again (read once) and a FIFO (refused, never opened for a blocking read)
    result = run_kg(
        "build",
        str(corpus),
        str(corpus / "good.txt"),
        str(fifo),
        "-o",
        str(out),
        "--name",
        "h",
        "--jobs",
        "1",
    )
    graph = json.loads((out / "h.json").read_text(encoding="utf-8"))
    return result, corpus, out, graph


def _failed(out: Path) -> dict[str, dict]:
    return {path: row for path, row in report_rows(out, "h").items() if row["status"] == "failed"}


def test_the_build_ends_with_exit_1_and_no_traceback(hostile_build):
    result, *_ = hostile_build
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_every_good_article_is_built_under_its_own_id(hostile_build):
    _, _, _, graph = hostile_build
    articles = graph["graph"]["articles"]
    expected = {"good", "one/same", "two/same", "x", "x.txt", "caf\\xe9", "j-good", "ls", "1", "cut", "utf16"}
    assert expected <= set(articles)
    paths = [meta["source_path"] for meta in articles.values()]
    assert len(paths) == len(set(paths)) == len(articles) == 14  # no two articles merged into one
    assert articles["one/same"]["source_path"] == "one/same.txt"  # relative to the corpus root
    assert articles["x"]["source_path"] == "x.html" and articles["x.txt"]["source_path"] == "x.txt"


def test_ids_1_and_string_1_and_a_repeat_are_three_articles(hostile_build):
    _, _, _, graph = hostile_build
    by_path = {meta["source_path"]: doc for doc, meta in graph["graph"]["articles"].items()}
    assert [by_path[f"feed.jsonl:{line}"] for line in (7, 8, 9)] == ["1", "feed-8", "feed-9"]
    assert by_path["feed.jsonl:10"] == "feed-10"  # a blank id is no id


def test_an_article_cut_inside_its_last_character_is_built_and_the_repair_reported(hostile_build):
    result, corpus, out, _ = hostile_build
    row = report_rows(out, "h")[str(corpus / "cut.txt")]
    assert row["status"] == "ok" and row["note"] == "decoded as utf-8, 2 undecodable bytes replaced by U+FFFD"
    assert f"note: {corpus / 'cut.txt'}: decoded as utf-8, 2 undecodable bytes" in result.stderr


def test_a_line_separator_inside_a_record_keeps_the_record_whole(hostile_build):
    _, _, _, graph = hostile_build
    assert "ls" in graph["graph"]["articles"]
    assert not [path for path in _failed(hostile_build[2]) if path.endswith(("feed.jsonl:6", "feed.jsonl:7"))]


@pytest.mark.parametrize(
    "line, words",
    [(2, "lone surrogate"), (3, "nested too deeply"), (4, "NUL"), (5, "holds an object"), (11, "too long")],
)
def test_each_bad_record_fails_alone_with_its_code(hostile_build, line, words):
    _, corpus, out, _ = hostile_build
    row = _failed(out)[f"{corpus / 'feed.jsonl'}:{line}"]
    assert words in row["error"] and row["code"] == InputError.code


def test_a_folder_past_path_max_is_reported_and_the_rest_built(hostile_build):
    result, corpus, out, graph = hostile_build
    [row] = [row for path, row in _failed(out).items() if _LONG in path]
    assert row["code"] == InputError.code and "cannot list" in row["error"]
    assert "good" in graph["graph"]["articles"]


def test_a_fifo_is_refused_and_a_file_given_twice_is_read_once(hostile_build):
    result, corpus, out, _ = hostile_build
    rows = report_rows(out, "h")
    fifo = [row for path, row in rows.items() if path.endswith("pipe.txt")]
    assert fifo and fifo[0]["code"] == InputError.code and "not a regular file" in fifo[0]["error"]
    good = [row for path, row in rows.items() if path.endswith("good.txt")]
    assert len(good) == 1 and good[0]["status"] == "ok" and not good[0]["duplicates"]


def test_every_failure_is_on_stderr_with_a_code(hostile_build):
    result, _, out, _ = hostile_build
    failed = _failed(out)
    skipped = [line for line in result.stderr.splitlines() if line.startswith("kg build: skipped")]
    assert len(skipped) == len(failed) >= 7
    assert all(row["code"] in (InputError.code, InternalError.code) for row in failed.values())
    assert not [row for row in failed.values() if row["code"] == InternalError.code]  # none is a bug


# --- inputs that fail whole: nothing is written over the previous exports ------------------------


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """A corpus of one article and its exports, built once; the tests below write no other exports."""
    tmp_path = tmp_path_factory.mktemp("previous")
    corpus = tmp_path / "corpus"
    _write(corpus / "a.txt", article(20))
    out = tmp_path / "out"
    built = run_kg("build", str(corpus), "-o", str(out), "--name", "p", "--jobs", "1", "--quiet")
    assert built.returncode == 0, built.stderr
    return corpus, out, exports(out, "p")


def test_an_unreadable_input_folder_writes_nothing(previous):
    corpus, out, before = previous
    corpus.chmod(0)
    try:
        result = run_kg("build", str(corpus), "-o", str(out), "--name", "p", unprivileged=True)
    finally:
        corpus.chmod(0o755)
    assert result.returncode == 1
    assert_one_line_error(result.stderr, InputError.code)
    assert f"skipped {corpus}: [E100] cannot list this folder: Permission denied" in result.stderr
    assert exports(out, "p") == before


def test_an_unreadable_sub_folder_is_reported_and_the_rest_built(previous, tmp_path):
    corpus, built, _ = previous
    locked = _write(corpus / "locked" / "b.txt", article(21)).parent
    locked.chmod(0)
    out = tmp_path / "out"
    out.mkdir(mode=0o777)
    try:  # a.txt comes from the first build's cache
        cache = ["--cache-dir", str(built / ".kgcache")]
        result = run_kg("build", str(corpus), "-o", str(out), "--name", "p", *cache, unprivileged=True)
    finally:
        locked.chmod(0o755)
        (locked / "b.txt").unlink()
        locked.rmdir()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    rows = report_rows(out, "p")
    assert rows[str(corpus / "a.txt")]["status"] == "ok"
    assert rows[str(locked)]["status"] == "failed" and rows[str(locked)]["code"] == InputError.code


def test_a_path_that_does_not_exist_writes_nothing(previous, tmp_path):
    _, out, before = previous
    result = run_kg("build", str(tmp_path / "no-such-folder"), "-o", str(out), "--name", "p")
    assert result.returncode == 1
    assert_one_line_error(result.stderr, InputError.code)
    assert exports(out, "p") == before
    empty = tmp_path / "empty-out"
    assert run_kg("build", str(tmp_path / "nothing"), "-o", str(empty)).returncode == 1
    assert not [p for p in empty.glob("*") if not p.name.startswith(".")]


# --- messages that say what is wrong ----------------------------------------------------------


def test_a_file_just_over_the_limit_says_so_in_bytes(tmp_path):
    from graph.ingest import MAX_INPUT_BYTES, iter_articles

    path = tmp_path / "big.txt"
    with path.open("wb") as stream:  # sparse: takes no disk space
        stream.truncate(MAX_INPUT_BYTES + 1)
    [failure] = iter_articles([str(path)])
    assert failure.reason == "file too large: 52,428,801 bytes, limit 52,428,800 bytes (50 MB)"


def test_json_lines_split_on_newline_alone(tmp_path):
    from graph.ingest import iter_articles

    path = tmp_path / "feed.jsonl"
    texts = ["第一篇\u2028仍是第一篇。", "第二篇\u0085仍是第二篇\u2029。", "第三篇。"]
    path.write_text("".join(_record(text=t) + "\r\n" for t in texts), encoding="utf-8")
    assert [a.text for a in iter_articles([str(path)])] == texts


def test_a_fifo_or_a_huge_file_at_a_cache_path_is_a_miss(tmp_path):
    from graph.corpus.cache import MAX_ENTRY_BYTES, ArticleCache

    cache = ArticleCache(tmp_path)
    fifo_key, huge_key = "a" * 64, "b" * 64
    cache.path_for(fifo_key).parent.mkdir(parents=True)
    os.mkfifo(cache.path_for(fifo_key))  # opening it to read would block for ever
    cache.path_for(huge_key).parent.mkdir(parents=True)
    with cache.path_for(huge_key).open("wb") as stream:
        stream.truncate(MAX_ENTRY_BYTES + 1)
    assert cache.get(fifo_key) is None and cache.get(huge_key) is None


def test_a_bug_while_reading_one_file_fails_only_that_file(tmp_path, monkeypatch):
    """An exception ingest did not foresee (here, planted in the HTML reader) is that file's E999."""
    from graph import ingest
    from graph.clean import htmlmeta

    def broken(text):
        raise RuntimeError("a bug in the HTML reader")

    monkeypatch.setattr(htmlmeta, "extract_html", broken)  # ingest imports it when it reads HTML
    _write(tmp_path / "a.html", "<p>正文</p>")
    _write(tmp_path / "b.txt", article(40))
    first, second = ingest.iter_articles([str(tmp_path)])
    assert (first.source_path, first.code) == (str(tmp_path / "a.html"), InternalError.code)
    assert "RuntimeError" in first.reason and "\n" not in first.reason
    assert second.doc_id == "b"
