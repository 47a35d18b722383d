"""SPARQL over a Turtle export: in memory (rdflib) or in a persistent store (pyoxigraph).

QUERY is SPARQL text, a path to a ``.rq`` file, or the name of a canned query in
``ontology/queries/``.  A query declares a parameter ``name`` with
``VALUES ?param_name { UNDEF }`` (several: ``VALUES (?param_a ?param_b) { (UNDEF UNDEF) }``);
``params={"name": "苏州市"}`` replaces its ``UNDEF`` with the escaped literal ``"苏州市"@zh``,
never with raw text.  Values are Chinese-tagged because they match labels
(``skos:prefLabel|skos:altLabel ?param_name``: a join both engines answer from an index);
compare with ``STR(?param_name)`` to match a plain string.  Without a value the
parameter stays unbound and matches anything.

``min_confidence`` is the one numeric parameter: bound as an ``xsd:decimal`` in
[0, 1] (``run_query(..., min_confidence=0.8)``, ``kg query --min-confidence 0.8``),
and the canned queries that take it keep only the relations of at least that
confidence (each ``.rq`` header says which).  The gazetteer's containment
(``kg:withinDivision``) is knowledge: it has no confidence and is never hidden.

>>> place = {"place": "苏州市"}
>>> result = run_query("exports/demo.ttl", "programmes-in-place", params=place)  # doctest: +SKIP
>>> print(format_result(result, "table"))                                  # doctest: +SKIP
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..errors import QueryError
from ..export.vocab import ONTOLOGY_DIR, PREFIXES

__all__ = [
    "QueryResult",
    "run_query",
    "format_result",
    "resolve_query",
    "bind_params",
    "canned_queries",
    "query_params",
    "sparql_string",
    "open_store",
    "QUERY_DIR",
    "FORMATS",
    "MIN_CONFIDENCE",
]

QUERY_DIR = ONTOLOGY_DIR / "queries"
FORMATS = ("table", "csv", "json")
# VALUES ?param_x { UNDEF }   or   VALUES (?param_x ?param_y) { (UNDEF UNDEF) }
_PARAM = re.compile(
    r"VALUES\s*(?P<vars>\?param_[A-Za-z0-9_]+|\(\s*(?:\?param_[A-Za-z0-9_]+\s*)+\))"
    r"\s*\{\s*(?P<row>UNDEF|\(\s*(?:UNDEF\s*)+\))\s*\}"
)
_PARAM_NAME = re.compile(r"\?param_([A-Za-z0-9_]+)")
_STORE_GRAPH = "urn:cn-grassroots-kg:store"  # named graph recording which file the store holds
MIN_CONFIDENCE = "min_confidence"  # bound as a number, not as a label
_NUMERIC_PARAMS = frozenset({MIN_CONFIDENCE})
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


@dataclass(frozen=True)
class QueryResult:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def canned_queries() -> dict[str, str]:
    """Canned query name -> its first comment line."""
    return {
        p.stem: p.read_text(encoding="utf-8").partition("\n")[0].lstrip("# ")
        for p in sorted(QUERY_DIR.glob("*.rq"))
    }


def resolve_query(query: str) -> str:
    """The SPARQL text of ``query``: itself, the contents of a .rq file, or a canned query."""
    if query.endswith(".rq") and "\n" not in query:
        path = Path(query)
        if not path.is_file():
            raise QueryError(f"no query file at {path}")
        return path.read_text(encoding="utf-8")
    if not re.fullmatch(r"[A-Za-z0-9_-]+", query):
        return query
    if (QUERY_DIR / f"{query}.rq").is_file():
        return (QUERY_DIR / f"{query}.rq").read_text(encoding="utf-8")
    raise QueryError(
        f"{query!r} is not SPARQL text, a .rq file or a canned query; "
        f"canned queries: {', '.join(canned_queries())}"
    )


def sparql_string(value: str) -> str:
    """``value`` as a SPARQL string literal that no input can break out of."""
    return '"' + "".join(_ESCAPES.get(ch, ch) for ch in value) + '"'


def _declaration(match: re.Match, params: Mapping[str, str]) -> str:
    names = _PARAM_NAME.findall(match.group("vars"))
    if len(names) != match.group("row").count("UNDEF"):
        return match.group(0)  # not a parameter row: leave it alone
    values = [_literal(n, params[n]) if n in params else "UNDEF" for n in names]
    if match.group("vars").lstrip().startswith("("):
        return f"VALUES ({' '.join('?param_' + n for n in names)}) {{ ({' '.join(values)}) }}"
    return f"VALUES ?param_{names[0]} {{ {values[0]} }}"


def _literal(name: str, value: Any) -> str:
    if name in _NUMERIC_PARAMS:
        return _confidence_literal(name, value)
    return sparql_string(str(value)) + "@zh"


def _confidence_literal(name: str, value: Any) -> str:
    """A confidence in [0, 1] as a SPARQL decimal (``0.8``), whatever spelling it came in."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = None
    if isinstance(value, bool) or number is None or not number.is_finite() or not 0 <= number <= 1:
        raise QueryError(f"{name} takes a number from 0 to 1, got {value!r}")
    text = format(number.normalize(), "f")
    return text if "." in text else f"{text}.0"


def query_params(sparql: str) -> list[str]:
    """The parameters a query declares, in order."""
    return [n for m in _PARAM.finditer(sparql) for n in _PARAM_NAME.findall(m.group("vars"))]


def bind_params(sparql: str, params: Mapping[str, str]) -> str:
    """Replace the ``UNDEF`` of each given parameter by its value as an escaped ``@zh`` literal."""
    declared = query_params(sparql)
    unknown = sorted(set(params) - set(declared))
    if unknown == [MIN_CONFIDENCE]:
        raise QueryError(
            f"this query takes no {MIN_CONFIDENCE}: it declares no ?param_{MIN_CONFIDENCE} "
            "(e.g. articles-mentioning lists mentions, which are not relations)"
        )
    if unknown:
        raise QueryError(f"unknown parameter(s) {unknown}; this query takes {declared or 'no parameters'}")
    return _PARAM.sub(lambda m: _declaration(m, params), sparql)


def run_query(
    ttl_path: Path | str,
    query: str,
    *,
    store_dir: str | Path | None = None,
    params: Mapping[str, str] | None = None,
    min_confidence: float | str | None = None,
) -> QueryResult:
    """Run a SPARQL query (text, .rq file or canned name) over a Turtle export.

    ``min_confidence`` binds the query's ``?param_min_confidence`` (hide relations
    under it); a query that declares none raises ``QueryError``.
    """
    ttl_path = Path(ttl_path)
    if not ttl_path.is_file():
        raise QueryError(f"no Turtle file at {ttl_path}: give an export written by 'kg build'")
    params = dict(params or {})
    if min_confidence is not None:
        if MIN_CONFIDENCE in params:
            raise QueryError(f"{MIN_CONFIDENCE} given twice (as a parameter and as min_confidence)")
        params[MIN_CONFIDENCE] = min_confidence
    sparql = bind_params(resolve_query(query), params)
    if store_dir is None:
        return _run_rdflib(ttl_path, sparql)
    return _run_oxigraph(ttl_path, sparql, Path(store_dir))


# ------------------------------------------------------------------ rdflib


def _run_rdflib(ttl_path: Path, sparql: str) -> QueryResult:
    from rdflib import Graph

    try:
        g = Graph().parse(ttl_path, format="turtle")
    except Exception as exc:  # rdflib raises many parser-specific types
        raise QueryError(f"cannot parse {ttl_path} as Turtle: {exc}") from exc
    try:
        result = g.query(sparql, initNs=PREFIXES)
        if result.type == "ASK":
            return QueryResult(("ask",), ((_bool(result.askAnswer),),))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return QueryResult(("subject", "predicate", "object"), _rows(result.graph))
        columns = tuple(str(v) for v in result.vars)
        return QueryResult(columns, _rows(result))
    except Exception as exc:  # parse and evaluation errors come in many types
        raise QueryError(f"query failed: {exc}") from exc


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _term_text(term: Any) -> str:
    if term is None:
        return ""
    return str(getattr(term, "value", term))  # pyoxigraph terms carry .value, rdflib terms are str


def _rows(rows: Iterable[Iterable[Any]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(_term_text(term) for term in row) for row in rows)


# --------------------------------------------------------------- pyoxigraph


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def open_store(ttl_path: Path, store_dir: Path):
    """The pyoxigraph store in ``store_dir``, holding ``ttl_path`` (loaded only if it holds another file)."""
    import pyoxigraph as ox

    try:
        store = ox.Store(str(store_dir))
    except OSError as exc:
        raise QueryError(f"cannot open the store in {store_dir} (in use by another process?): {exc}") from exc
    marker = ox.NamedNode(_STORE_GRAPH)
    wanted = ox.Literal(_file_hash(ttl_path))
    if ox.Quad(marker, marker, wanted, marker) not in store:
        store.clear()
        try:
            store.bulk_load(path=str(ttl_path), format=ox.RdfFormat.TURTLE)
        except (SyntaxError, OSError, ValueError) as exc:
            raise QueryError(f"cannot load {ttl_path} into the store: {exc}") from exc
        store.add(ox.Quad(marker, marker, wanted, marker))
        store.flush()
    return store


def _run_oxigraph(ttl_path: Path, sparql: str, store_dir: Path) -> QueryResult:
    import pyoxigraph as ox

    store = open_store(ttl_path, store_dir)
    try:
        result = store.query(sparql, prefixes=PREFIXES)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult(("ask",), ((_bool(bool(result)),),))
        if isinstance(result, ox.QueryTriples):
            return QueryResult(
                ("subject", "predicate", "object"), _rows((t.subject, t.predicate, t.object) for t in result)
            )
        columns = tuple(v.value for v in result.variables)
        return QueryResult(columns, _rows((s[c] for c in columns) for s in result))
    except (SyntaxError, OSError, ValueError) as exc:
        raise QueryError(f"query failed: {exc}") from exc


# ----------------------------------------------------------------- output


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def _table(result: QueryResult) -> str:
    rows = [tuple(_cell(c) for c in row) for row in result.rows]
    widths = [max([_width(c) for c in column] + [1]) for column in zip(result.columns, *rows)]

    def line(cells: Iterable[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()

    body = [line(result.columns), line("-" * w for w in widths), *(line(r) for r in rows)]
    return "\n".join(body + [f"({len(rows)} row{'s' if len(rows) != 1 else ''})"])


def format_result(result: QueryResult, fmt: str) -> str:
    """``result`` as an aligned ``table`` (CJK-width aware), ``csv`` or ``json``."""
    if fmt == "table":
        return _table(result)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result.rows)
        return buffer.getvalue().rstrip("\n")
    if fmt == "json":
        return json.dumps(
            [dict(zip(result.columns, row)) for row in result.rows], ensure_ascii=False, indent=1
        )
    raise QueryError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}")
