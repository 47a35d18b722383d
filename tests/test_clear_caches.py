"""pipeline.clear_caches empties every lru_cache of the package, found without a list."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import sys
from functools import lru_cache
from pathlib import Path

import graph
from graph import pipeline
from graph.knowledge import lexicon

PACKAGE = Path(graph.__file__).resolve().parent
_CACHE_DECORATORS = {"lru_cache", "cache"}


def _all_modules() -> list:
    names = sorted(m.name for m in pkgutil.walk_packages(graph.__path__, "graph."))
    return [importlib.import_module(name) for name in names if not name.endswith(".__main__")]


def _decorated_in_source() -> set[tuple[str, str]]:
    """(module, function) of every function whose source carries @lru_cache / @cache."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        module = ".".join(relative.parts[:-1] if relative.name == "__init__" else relative.parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                _decorator_name(d) in _CACHE_DECORATORS for d in node.decorator_list
            ):
                found.add((module, node.name))
    return found


def _decorator_name(node: ast.expr) -> str:
    node = node.func if isinstance(node, ast.Call) else node
    return node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")


def test_every_cache_of_every_module_is_found():
    found = {(m.__name__, w.__name__) for m in _all_modules() for w in pipeline._lru_caches(m)}
    assert found == _decorated_in_source()
    assert len(found) > 40


def test_clear_caches_empties_them_and_they_fill_again():
    _all_modules()
    lexicon._lines("titles")
    assert lexicon._lines.cache_info().currsize > 0
    cleared = pipeline.clear_caches()
    assert cleared == len(_decorated_in_source())
    assert all(w.cache_info().currsize == 0 for m in _all_modules() for w in pipeline._lru_caches(m))
    assert lexicon._lines("titles") and lexicon._lines.cache_info().misses == 1


class _Holder:
    @staticmethod
    @lru_cache(maxsize=4)
    def twice(x: int) -> int:
        return 2 * x


@lru_cache(maxsize=4)
def _square(x: int) -> int:
    return x * x


def test_caches_in_classes_and_functions_are_found():
    module = sys.modules[__name__]
    assert {w.__name__ for w in pipeline._lru_caches(module)} == {"twice", "_square"}
