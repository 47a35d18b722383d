"""The docstring examples of every ``graph`` module run, and every one of them is run.

A docstring example that is never run drifts from the code it shows.  Each module's
examples run as one test; a second test checks that doctest found every ``>>>`` line the
module's source holds (an example doctest cannot see, e.g. in a nested function, would
otherwise pass by never running).  Examples marked ``# doctest: +SKIP`` are the only ones
left out.
"""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import io
import pkgutil
import re
from functools import cache
from pathlib import Path

import pytest

import graph

_EXAMPLE = re.compile(r"^\s*>>> ", re.MULTILINE)
_SKIPPED = re.compile(r"^\s*>>> .*#\s*doctest:\s*\+SKIP", re.MULTILINE)


def _modules() -> list[str]:
    """Every module of the package (not ``graph.__main__``, which runs the CLI when imported)."""
    names = [m.name for m in pkgutil.walk_packages(graph.__path__, "graph.")]
    return sorted(n for n in names if not n.endswith(".__main__"))


def _with_examples() -> list[str]:
    return [name for name in _modules() if _EXAMPLE.search(_source(name))]


def _source(name: str) -> str:
    spec = importlib.util.find_spec(name)
    return Path(spec.origin).read_text(encoding="utf-8")


@cache
def _run(name: str) -> tuple[doctest.TestResults, str]:
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    out = io.StringIO()
    for test in doctest.DocTestFinder().find(module):
        runner.run(test, out=out.write)
    return doctest.TestResults(runner.failures, runner.tries), out.getvalue()


@pytest.mark.parametrize("name", _with_examples())
def test_docstring_examples_pass(name):
    result, report = _run(name)
    assert result.failed == 0, report


@pytest.mark.parametrize("name", _with_examples())
def test_every_example_in_the_source_is_run(name):
    source = _source(name)
    expected = len(_EXAMPLE.findall(source)) - len(_SKIPPED.findall(source))
    assert _run(name)[0].attempted == expected


def test_the_package_has_examples_to_run():
    # a finder that found nothing would make both tests above pass vacuously
    assert len(_with_examples()) >= 20
