"""The CLI never fails silently: options are checked before any work, and every failure is one coded line."""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_util import article, assert_one_line_error, exports, run_kg, temp_files

from graph.errors import ExportError, InputError, UsageError
from graph.tools.cli import build_parser


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(article(30), encoding="utf-8")
    return folder


def _untouched(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize(
    "options, code, words",
    [
        (["--format", "bogus"], UsageError.code, "unknown --format 'bogus'"),
        (["--max-nodes", "0"], UsageError.code, "--max-nodes"),
        (["--jobs", "-1"], UsageError.code, "--jobs"),
        (["--name", "../escape"], UsageError.code, "path separator"),
        (["--name", ".."], UsageError.code, "path separator"),
    ],
)
def test_bad_options_are_refused_before_anything_is_read(tmp_path, corpus, options, code, words):
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.ttl").write_text("old\n", encoding="utf-8")
    result = run_kg("build", str(corpus), "-o", str(out), *options)
    assert result.returncode == 2 and result.stdout == ""
    assert_one_line_error(result.stderr, code)
    assert words in result.stderr and result.stderr.count("\n") == 1
    assert _untouched(out) == ["old.ttl"] and _untouched(tmp_path) == ["corpus", "out"]


def test_an_output_that_is_a_file_is_refused(tmp_path, corpus):
    target = tmp_path / "exports"
    target.write_text("not a folder\n", encoding="utf-8")
    result = run_kg("build", str(corpus), "-o", str(target))
    assert result.returncode == 2
    assert_one_line_error(result.stderr, UsageError.code)
    assert target.read_text(encoding="utf-8") == "not a folder\n"


def test_an_output_folder_that_cannot_be_written_is_refused(tmp_path, corpus):
    out = tmp_path / "read-only"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = run_kg("build", str(corpus), "-o", str(out), unprivileged=True)
    finally:
        out.chmod(0o755)
    assert result.returncode == 1
    assert_one_line_error(result.stderr, ExportError.code)
    assert "cannot write into" in result.stderr and _untouched(out) == []


def test_a_second_build_of_the_same_name_is_refused_while_the_first_runs(tmp_path, corpus):
    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".c.lock", "a+b") as held:  # what a running build holds
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        result = run_kg("build", str(corpus), "-o", str(out), "--name", "c")
    assert result.returncode == 1
    assert_one_line_error(result.stderr, ExportError.code)
    assert "another kg build is writing" in result.stderr
    assert not list(out.glob("c.*"))


def test_a_full_disk_is_one_line(corpus):
    with open("/dev/full", "w") as full:
        result = run_kg("extract", str(corpus), "--jsonl", "-", stdout=full, capture_output=False, stderr=-1)
    assert result.returncode == 1
    assert_one_line_error(result.stderr, ExportError.code)
    assert "No space left on device" in result.stderr


@pytest.fixture
def small_disk(tmp_path):
    """A 200 kB file system (tmpfs): root only, skipped where mounting is not allowed."""
    folder = tmp_path / "small-disk"
    folder.mkdir()
    mount = shutil.which("mount")
    if os.geteuid() != 0 or mount is None:
        pytest.skip("mounting a small tmpfs needs root")
    mounted = subprocess.run(
        [mount, "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_during_the_exports_leaves_the_previous_set(small_disk, corpus, tmp_path):
    for name in ("f.ttl", "f.html"):
        (small_disk / name).write_text("old\n", encoding="utf-8")
    cache = ["--cache-dir", str(tmp_path / "cache")]  # the page does not fit in 200 kB; the Turtle does
    result = run_kg("build", str(corpus), "-o", str(small_disk), "--name", "f", "--jobs", "1", *cache)
    assert result.returncode == 1
    assert_one_line_error(result.stderr, ExportError.code)
    assert "No space left on device" in result.stderr
    assert sorted(p.name for p in small_disk.iterdir()) == ["f.html", "f.ttl"]
    assert {p.read_text(encoding="utf-8") for p in small_disk.iterdir()} == {"old\n"}


def test_build_from_stdin_names_its_outputs_stdin(tmp_path):
    out = tmp_path / "out"
    result = run_kg("build", "-", "-o", str(out), "--jobs", "1", "--quiet", input=article(31))
    assert result.returncode == 0, result.stderr
    assert sorted(exports(out, "stdin")) == ["stdin.html", "stdin.json", "stdin.ttl"]
    assert temp_files(out) == []


def test_eval_with_no_matching_gold_file_is_an_error(tmp_path, corpus):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "other.json").write_text(json.dumps({"doc": "other", "entities": [], "relations": []}), "utf-8")
    result = run_kg("eval", "--gold", str(gold), str(corpus))
    assert result.returncode == 2 and "F1" not in result.stdout
    assert_one_line_error(result.stderr, UsageError.code)
    assert "no gold file" in result.stderr


def test_clean_and_extract_report_a_bad_file_with_its_code(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    for command in (["clean", str(bad)], ["extract", str(bad), "--jsonl", str(tmp_path / "x.jsonl")]):
        result = run_kg(*command)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert f"skipped {bad}: [{InputError.code}] binary file" in result.stderr


def test_version():
    result = run_kg("--version")
    assert (
        result.returncode == 0 and result.stdout.startswith("kg ") and result.stdout.split()[1][0].isdigit()
    )


def test_cache_info_looks_in_the_output_folder_and_says_when_there_is_none(tmp_path):
    cache = tmp_path / "out" / ".kgcache"
    (cache / "g0123456789abcdef").mkdir(parents=True)
    result = run_kg("cache", "info", "-o", str(tmp_path / "out"))
    assert result.returncode == 0 and result.stdout.startswith(f"{cache}: 0 entries")
    missing = run_kg("cache", "info", "-o", str(tmp_path / "nowhere"))
    assert missing.returncode == 1
    assert_one_line_error(missing.stderr, InputError.code)
    assert "does not exist" in missing.stderr


def _parsers(parser: argparse.ArgumentParser, name: str = "kg"):
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from _parsers(sub, f"{name} {sub_name}")


@pytest.mark.parametrize("name, parser", list(_parsers(build_parser())), ids=lambda x: str(x))
def test_every_option_has_help_that_shows_its_default(name, parser):
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._VersionAction, argparse._SubParsersAction)):
            continue
        label = f"{name} {'/'.join(action.option_strings) or action.dest}"
        assert action.help, f"{label} has no help text"
        if action.option_strings and not action.required:
            assert "default" in action.help, f"{label}: its help does not say its default"
            if action.default not in (None, False, [], argparse.SUPPRESS):
                shown = _shown(action.default)
                assert any(form in action.help for form in shown), f"{label}: the help names another default"


def _shown(default) -> set[str]:
    return {str(default), f"{default:g}"} if isinstance(default, float) else {str(default)}


def test_every_help_page_prints():
    for name, parser in _parsers(build_parser()):
        assert parser.format_help().startswith("usage: "), name
