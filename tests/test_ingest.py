"""Ingest: every format and encoding, and every kind of bad input, from small hand-made files."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from graph import ingest
from graph.errors import EmptyInputError, InputError
from graph.ingest import MAX_INPUT_BYTES, decode_bytes, iter_articles
from graph.model import InputFailure, RawArticle

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def _articles(*inputs: str) -> list[RawArticle]:
    return [item for item in iter_articles(list(inputs)) if isinstance(item, RawArticle)]


def _failures(*inputs: str) -> list[InputFailure]:
    return [item for item in iter_articles(list(inputs)) if isinstance(item, InputFailure)]


@pytest.mark.parametrize(
    "name, encoding, expected",
    [
        ("utf8.txt", "utf-8", "青石镇党委在辖区六个村推行"),
        ("utf8_bom.txt", "utf-8", "白沙镇推行"),
        ("gb18030.txt", "gb18030", "红枫镇党委在辖区六个村推行"),
        ("big5.txt", "big5", "綠水鄉黨委在轄區六個村推行"),
    ],
)
def test_text_files_decode_in_their_encoding(name, encoding, expected):
    [article] = _articles(str(FIXTURES / name))
    assert article.encoding == encoding
    assert expected in article.text
    assert not article.text.startswith("\ufeff")
    assert article.doc_id == Path(name).stem and article.format == "txt"


def test_html_gives_main_text_and_head_facts():
    [article] = _articles(str(FIXTURES / "page.html"))
    assert article.format == "html"
    assert "每周三晚上为居民讲授手机使用" in article.text
    assert "友情链接" not in article.text
    meta = article.meta
    assert (meta.title, meta.date, meta.source, meta.authors) == (
        "松山街道开设社区夜校",
        "2024-03-08",
        "示例晚报",
        ("王雨", "李川"),
    )
    assert meta.extra == (("description", "松山街道夜校开课"), ("keywords", "社区,夜校"))


def test_jsonl_fields_extra_fallback_id_and_malformed_line():
    items = list(iter_articles([str(FIXTURES / "articles.jsonl")]))
    assert [type(item).__name__ for item in items] == ["RawArticle", "InputFailure", "RawArticle"]
    first, broken, second = items
    assert first.doc_id == "j-001" and first.meta.url == "https://example.org/a"
    assert first.meta.extra == (("lang", "zh"), ("tags", '["乡村", "菜园"]'))
    assert broken.source_path.endswith("articles.jsonl:2") and "malformed JSON line" in broken.reason
    assert second.doc_id == "articles-3" and second.meta.title == "无编号的稿件"


def test_jsonl_dates_are_iso_and_numeric_ids_kept(tmp_path):
    path = tmp_path / "y.jsonl"
    path.write_text(
        '{"id": 0, "date": "2024年4月2日", "text": "正文。"}\n'
        '{"id": 7, "date": "去年春天", "text": "正文。"}\n',
        encoding="utf-8",
    )
    first, second = _articles(str(path))
    assert (first.doc_id, first.meta.date) == ("0", "2024-04-02")
    assert (second.doc_id, second.meta.date, second.meta.extra) == ("7", None, (("date", "去年春天"),))


def test_jsonl_line_without_text_is_reported(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"id": "a", "text": ""}\n[1, 2]\n', encoding="utf-8")
    failures = _failures(str(path))
    assert [f.source_path.rsplit(":", 1)[1] for f in failures] == ["1", "2"]
    assert all("'text'" in f.reason for f in failures)


def test_folder_is_recursive_sorted_and_skips_other_suffixes():
    ids = [item.source_path for item in iter_articles([str(FIXTURES)])]
    files = [Path(p.split(".jsonl:")[0] + ".jsonl" if ".jsonl:" in p else p).name for p in ids]
    assert "skip.md" not in files and "README.md" not in files
    assert "deep.htm" in files
    assert ids == [item.source_path for item in iter_articles([str(FIXTURES)])]  # stable order


def test_glob_pattern_and_no_match():
    names = sorted(a.doc_id for a in _articles(str(FIXTURES / "utf8*.txt")))
    assert names == ["utf8", "utf8_bom"]
    [failure] = _failures(str(FIXTURES / "*.nothing"))
    assert "no file matches" in failure.reason


def test_stdin_is_read_as_bytes(monkeypatch):
    data = "标题\n\n社区党委组织党员开展义务植树活动。".encode("gb18030")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    [article] = _articles("-")
    assert article.doc_id == "stdin" and article.format == "stdin"
    assert "义务植树" in article.text


def test_stdin_too_large(monkeypatch):
    monkeypatch.setattr(ingest, "MAX_INPUT_BYTES", 10)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 11)))
    [failure] = _failures("-")
    assert "too large" in failure.reason


# --- bad inputs -----------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    "name, data, words, error",
    [
        ("empty.txt", b"", "empty file", EmptyInputError),
        ("blank.txt", b" \n\t\n", "empty file", EmptyInputError),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file", InputError),
        ("garbage.txt", b"\x80\xff\xfe\x81" * 50, "undecodable", InputError),
        ("empty.html", b"<html><body></body></html>", "without article text", EmptyInputError),
    ],
)
def test_bad_files_become_failures(tmp_path, name, data, words, error):
    [failure] = list(iter_articles([_write(tmp_path, name, data)]))
    assert isinstance(failure, InputFailure)
    assert words in failure.reason and failure.code == error.code
    assert "\n" not in failure.reason


@pytest.mark.parametrize(
    "data, error", [(b" \n", EmptyInputError), (b"a\x00b", InputError), (b"\xff\xfe\x00\xd8", InputError)]
)
def test_decode_bytes_raises_the_catalogue_errors(data, error):
    with pytest.raises(error) as raised:
        decode_bytes(data)
    assert str(raised.value).startswith(f"[{error.code}] ")


def test_missing_and_unmatched_inputs_carry_the_input_error_code():
    failures = _failures("/no/such/article.txt", str(FIXTURES / "*.nothing"))
    assert [f.code for f in failures] == [InputError.code, InputError.code]


def test_missing_path():
    [failure] = list(iter_articles(["/no/such/article.txt"]))
    assert failure.reason == "no such file or folder"


def test_oversized_file_is_refused_unread(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:  # sparse: takes no disk space
        stream.truncate(MAX_INPUT_BYTES + 1)
    [failure] = list(iter_articles([str(path)]))
    assert "too large" in failure.reason and "50 MB" in failure.reason


def test_unreadable_file(tmp_path, monkeypatch):
    path = Path(_write(tmp_path, "locked.txt", "正文。".encode()))

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    [failure] = list(iter_articles([str(path)]))
    assert "permission denied" in failure.reason


def test_one_bad_input_does_not_stop_the_others(tmp_path):
    good = _write(tmp_path, "good.txt", "社区开展志愿服务。".encode())
    items = list(iter_articles(["/no/such.txt", good, str(FIXTURES / "empty.txt")]))
    assert [type(item).__name__ for item in items] == ["InputFailure", "RawArticle", "InputFailure"]


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("社区党委组织党员志愿者走访困难群众，送去米面油等生活物资。", "gb18030"),
        ("社區黨委組織黨員志願者走訪困難群眾，送去米麵油等生活物資。", "big5"),
        ("社区党委组织党员志愿者走访困难群众。", "utf-16"),
    ],
)
def test_decode_bytes_round_trips(text, encoding):
    data = text.encode(encoding)
    assert decode_bytes(data) == (text, encoding if encoding != "utf-16" else "utf-16")
