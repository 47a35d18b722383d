"""The README is true: its two commands exist, and every command is documented with an example."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from graph.tools.cli import build_parser, main


def _commands():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return sub.choices


def test_readme_opens_with_the_two_makefile_commands(repo_dir):
    readme = (repo_dir / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|bash)?\n(.*?)```", readme, re.S)
    first_commands = [line.strip() for line in blocks[0].splitlines() if line.strip()]
    assert first_commands == ["make demo", "make test"]
    makefile = (repo_dir / "Makefile").read_text(encoding="utf-8")
    for target in ("demo", "test"):
        assert re.search(rf"^{target}:", makefile, re.M), f"Makefile has no '{target}' target"


def test_ci_runs_the_readme_test_command(repo_dir):
    ci = (repo_dir / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)


@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_command_has_help_with_an_example_and_is_in_the_readme(name, repo_dir):
    parser = _commands()[name]
    assert "Example:" in (parser.description or ""), f"kg {name} --help shows no example"
    readme = (repo_dir / "README.md").read_text(encoding="utf-8")
    assert f"kg {name}" in readme, f"README does not document 'kg {name}'"


def test_python_dash_m_graph_is_the_kg_command():
    out = subprocess.run([sys.executable, "-m", "graph", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "build" in out.stdout and "eval" in out.stdout


def test_library_errors_become_one_line_and_exit_1(tmp_path, capsys):
    status = main(["eval", "--gold", str(tmp_path / "no-such-gold"), str(tmp_path)])
    assert status == 1
    err = capsys.readouterr().err
    assert err.startswith("kg eval: [E100]") and err.count("\n") == 1
