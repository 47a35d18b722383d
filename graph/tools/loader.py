"""Load an export back (for notebooks, ``kg html``, ``kg query``, ``kg validate``).

A file that is not what the command needs (a node-link ``.json`` handed to
``kg query``, an HTML page, a binary, an empty or broken Turtle file) is refused
with one line saying what it is, never with a parser's internals: rdflib's
syntax errors span several lines and quote the input as Python ``b'…'`` bytes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx

from ..errors import InputError, KGError

__all__ = ["load_graph", "parse_turtle", "check_turtle_file", "turtle_error"]

_SNIFF_BYTES = 4096
# An object, or a list of values: Turtle may open with "[ kg:p ..." (a blank node) but not so.
_JSON_START = re.compile(rb'\s*(\{|\[\s*[\[{"\d-]|\[\s*\]\s*$)')
_HTML_START = re.compile(rb"\s*(<!doctype\s+html|<html|<head|<body)", re.IGNORECASE)
_BAD_SYNTAX_WHY = re.compile(r"Bad syntax \((?P<why>[^)]*)\)")
_LINE = re.compile(r"at line (?P<line>\d+)")


def load_graph(path: Path | str) -> nx.MultiDiGraph:
    """Read ``.json`` (node-link, as ``kg build`` writes it) or ``.ttl`` into a MultiDiGraph."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no export at {path}: give a .json or .ttl file written by 'kg build'")
    if path.suffix == ".json":
        return _load_node_link(path)
    if path.suffix in {".ttl", ".turtle"}:
        from ..export.rdf_reader import read_graph

        check_turtle_file(path)
        try:
            return read_graph(path)
        except InputError as error:
            if error.__cause__ is None:
                raise
            raise turtle_error(path, error.__cause__) from None
    raise InputError(f"cannot load {path.name}: expected a .json or .ttl export")


def _load_node_link(path: Path) -> nx.MultiDiGraph:
    from ..export.nodelink import read_node_link

    try:
        return read_node_link(path)
    except UnicodeDecodeError:
        raise InputError(f"{path} is not a node-link export: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path} is not a node-link export: not JSON ({exc})") from None
    except (KeyError, TypeError, AttributeError, nx.NetworkXError) as exc:
        raise InputError(
            f"{path} is not a node-link export: JSON without the nodes and edges 'kg build' writes ({exc!r})"
        ) from None


def check_turtle_file(path: Path, error: type[KGError] = InputError) -> None:
    """Refuse, in one line, a file that is missing, empty or plainly not Turtle (JSON, HTML, binary)."""
    if not path.is_file():
        raise error(f"no Turtle file at {path}: give an export written by 'kg build'")
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    what = _not_turtle(head)
    if what:
        raise error(f"{path} is not Turtle: {what}; give the .ttl export written by 'kg build'")


def _not_turtle(head: bytes) -> str:
    """What the first bytes of a file say it is, when that is plainly not Turtle ("" otherwise)."""
    if not head.strip():
        return "the file is empty"
    if b"\x00" in head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "it is binary (or UTF-16) data"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut by the sniff's end
            return "it is not UTF-8 text"
    if _JSON_START.match(head):
        return "it looks like JSON (the node-link .json export?)"
    if _HTML_START.match(head):
        return "it looks like an HTML page"
    return ""


def turtle_error(path: Path, exc: BaseException, error: type[KGError] = InputError) -> KGError:
    """One line for a Turtle parser's error: where and why, without the quoted input."""
    text = str(exc)
    why = _BAD_SYNTAX_WHY.search(text)
    line = _LINE.search(text)
    if why:
        reason = why.group("why")
    else:
        reason = next((part.strip() for part in text.splitlines() if part.strip()), type(exc).__name__)
    where = f" at line {line.group('line')}" if line else ""
    return error(f"{path} is not valid Turtle{where}: {reason[:200]}")


def parse_turtle(path: Path | str, error: type[KGError] = InputError):
    """An rdflib ``Graph`` of the Turtle file at ``path``; a file that holds no triple is refused."""
    from rdflib import Graph

    path = Path(path)
    check_turtle_file(path, error)
    try:
        graph = Graph().parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many parser-specific types
        raise turtle_error(path, exc, error) from None
    if len(graph) == 0:
        raise error(f"{path} holds no triples (only comments or prefixes): not an export of a graph")
    return graph
