"""One error catalogue: named kinds with distinct codes, raised by name, codes written nowhere else."""

from __future__ import annotations

import ast
import doctest
import re
from pathlib import Path

import pytest

from graph import errors
from graph.errors import KGError

PACKAGE = Path(errors.__file__).resolve().parent
KINDS = [getattr(errors, name) for name in errors.__all__ if name != "KGError"]
# A code written as a string literal outside the catalogue, e.g. "E999".
_CODE_LITERAL = re.compile(r"""["']E\d{3}["']""")
# model.py is being reworked elsewhere: its InputFailure default ("E100") is the one known literal.
_KNOWN_LITERALS: set[tuple[str, str]] = set()


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_the_catalogue_doctest_runs():
    assert doctest.testmod(errors).failed == 0


@pytest.mark.parametrize("kind", KINDS, ids=[k.__name__ for k in KINDS])
def test_every_kind_is_a_kg_error_with_a_code_of_its_own(kind):
    assert issubclass(kind, KGError) and kind is not KGError
    assert re.fullmatch(r"E\d{3}", kind.code) and kind.code != KGError.code
    assert kind.__doc__, f"{kind.__name__} says nothing about when it is raised"
    error = kind("what was given, what was expected")
    assert str(error) == f"[{kind.code}] what was given, what was expected"
    assert error.reason == "what was given, what was expected"


def test_codes_are_distinct():
    codes = [kind.code for kind in KINDS]
    assert len(codes) == len(set(codes))


def test_no_code_is_written_outside_the_catalogue():
    found = {
        (path.relative_to(PACKAGE).as_posix(), literal)
        for path in _sources()
        if path.name != "errors.py"
        for literal in _CODE_LITERAL.findall(path.read_text(encoding="utf-8"))
    }
    assert found <= _KNOWN_LITERALS, f"use the error class's .code instead: {sorted(found - _KNOWN_LITERALS)}"


def _raised_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Raise) and node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(target, ast.Name):
                names.add(target.id)
    return names


def test_the_base_class_is_never_raised():
    raising = [p.relative_to(PACKAGE).as_posix() for p in _sources() if "KGError" in _raised_names(p)]
    assert not raising, f"raise a named kind from graph.errors, not KGError: {raising}"


def test_every_kind_is_raised_somewhere():
    raised = set().union(*(_raised_names(p) for p in _sources()))
    # InternalError is never raised: guarded() and the worker pool build it to report a bug as a failure.
    unused = {kind.__name__ for kind in KINDS} - raised - {"InternalError"}
    assert not unused, f"kinds nothing raises (remove them, or raise them where input is checked): {unused}"
