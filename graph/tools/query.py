"""SPARQL over a Turtle export: in memory (rdflib) or in a persistent store (pyoxigraph).

QUERY is SPARQL text, a path to a ``.rq`` file, or the name of a canned query in
``ontology/queries/``.  A query declares a parameter ``name`` with
``VALUES ?param_name { UNDEF }`` (several: ``VALUES (?param_a ?param_b) { (UNDEF UNDEF) }``);
``params={"name": "苏州市"}`` replaces its ``UNDEF`` with the escaped literals
``"苏州市"@zh "苏州市"``, never with raw text: the Chinese-tagged one matches the labels
(``skos:prefLabel|skos:altLabel ?param_name``: a join both engines answer from an index),
the plain one a literal without a language tag (a hand-written Turtle file, a name);
``STR(?param_name)`` compares either with a string.  Without a value the parameter stays
unbound and matches anything.  A value that occurs nowhere in the graph, when the query
answers nothing, is an error naming the close matches (as ``kg html --focus`` does).

Only read-only queries run (SELECT, ASK, CONSTRUCT, DESCRIBE): an UPDATE is refused, and
so is a ``SERVICE`` clause, which would make both engines open a network connection to
whatever endpoint the query names.

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

import contextlib
import difflib
import hashlib
import itertools
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..errors import QueryError
from ..export.formats import csv_text, spreadsheet_safe
from ..export.vocab import ONTOLOGY_DIR, PREFIXES
from .loader import check_turtle_file, parse_turtle, turtle_error

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
    "TABLE_CELL_WIDTH",
    "close_matches",
    "close_matches_hint",
    "refuse_unsafe",
    "visible",
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
    """A query's answer: every cell as text, and what each cell is.

    ``kinds`` has one entry per cell (``iri``, ``blank``, ``integer``, ``decimal``,
    ``boolean``, ``text``, or ``""`` for unbound); empty when unknown (all text).
    ``labels`` maps the IRIs of the answer to their label in the graph, printed beside
    them in tables.  ``truncated``: there were more rows than ``limit``.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    kinds: tuple[tuple[str, ...], ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)
    truncated: bool = False


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
    choices = [_literals(n, params[n]) if n in params else ["UNDEF"] for n in names]
    if match.group("vars").lstrip().startswith("("):
        rows = " ".join(f"({' '.join(row)})" for row in itertools.product(*choices))
        return f"VALUES ({' '.join('?param_' + n for n in names)}) {{ {rows} }}"
    return f"VALUES ?param_{names[0]} {{ {' '.join(choices[0])} }}"


def _literals(name: str, value: Any) -> list[str]:
    """The literals a value is bound as: ``"x"@zh`` for the labels, and ``"x"`` without a tag."""
    if name in _NUMERIC_PARAMS:
        return [_confidence_literal(name, value)]
    return [sparql_string(str(value)) + "@zh", sparql_string(str(value))]


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
    """Replace the ``UNDEF`` of each given parameter by its value as escaped literals (``@zh`` and plain)."""
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
    limit: int | None = None,
) -> QueryResult:
    """Run a read-only SPARQL query (text, .rq file or canned name) over a Turtle export.

    ``min_confidence`` binds the query's ``?param_min_confidence`` (hide relations
    under it); a query that declares none raises ``QueryError``.  ``limit`` keeps the
    first rows only (``truncated`` says whether there were more).
    """
    ttl_path = Path(ttl_path)
    check_turtle_file(ttl_path, QueryError)
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise QueryError(f"limit takes a whole number of rows >= 1, got {limit!r}")
    params = dict(params or {})
    if min_confidence is not None:
        if MIN_CONFIDENCE in params:
            raise QueryError(f"{MIN_CONFIDENCE} given twice (as a parameter and as min_confidence)")
        params[MIN_CONFIDENCE] = min_confidence
    sparql = bind_params(resolve_query(query), params)
    refuse_unsafe(sparql)
    engine = _Rdflib(ttl_path) if store_dir is None else _Oxigraph(ttl_path, Path(store_dir))
    result = engine.run(sparql, limit)
    if not result.rows:
        _check_values_exist(engine, ttl_path, params)
    return replace(result, labels=_labels(engine, result))


# ------------------------------------------------------------ read-only guard

# Comments, IRIs, strings (long and short) and variables are skipped; then words.
_SPARQL_TOKEN = re.compile(
    r"(?P<skip>\#[^\n]*"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r'|"{3}(?:[^"\\]|\\.|"(?!""))*"{3}'
    r"|'{3}(?:[^'\\]|\\.|'(?!''))*'{3}"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|[?$]\w+)"
    r"|(?P<word>[\w:.%\\-]+)",
    re.DOTALL,
)
_UPDATE_FORMS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)


def _keywords(sparql: str) -> Iterator[str]:
    """The bare keywords of a SPARQL text, upper-cased: not in strings, IRIs, comments or names."""
    for token in _SPARQL_TOKEN.finditer(sparql):
        word = token.group("word")
        if word and word.isascii() and word.isalpha():
            yield word.upper()


def refuse_unsafe(sparql: str) -> None:
    """Raise ``QueryError`` for a SPARQL UPDATE, or a query with a ``SERVICE`` clause."""
    keywords = list(_keywords(sparql))
    if "SERVICE" in keywords:
        raise QueryError(
            "SERVICE clauses are refused: kg query answers from the export alone and opens "
            "no network connection"
        )
    form = next((k for k in keywords if k not in ("PREFIX", "BASE")), "")
    if form in _UPDATE_FORMS:
        raise QueryError(
            f"kg query runs read-only queries (SELECT, ASK, CONSTRUCT, DESCRIBE); this is a "
            f"SPARQL UPDATE ({form}): the export is rebuilt by 'kg build', never changed in place"
        )


# ------------------------------------------------------------------ values

_LABEL_PREDICATES = ("skos:prefLabel", "rdfs:label", "schema:name", "schema:headline")


def _check_values_exist(engine: _Engine, ttl_path: Path, params: Mapping[str, Any]) -> None:
    """A parameter value the graph has nowhere is a typo: say so, with the close matches."""
    texts = {str(value) for name, value in params.items() if name not in _NUMERIC_PARAMS}
    missing = texts - engine.literal_texts(texts)
    for name, value in params.items():
        if str(value) in missing and name not in _NUMERIC_PARAMS:
            names = engine.run(
                "SELECT DISTINCT ?name WHERE { ?s skos:prefLabel|skos:altLabel|kg:relationName ?n "
                "BIND(STR(?n) AS ?name) }",
                None,
            )
            hint = close_matches_hint(str(value), [row[0] for row in names.rows])
            raise QueryError(f"no name or value {str(value)!r} in {ttl_path.name} (parameter {name}); {hint}")


def close_matches(word: str, names: Iterable[str], n: int = 5) -> list[str]:
    """Up to ``n`` names like ``word``: the closest spellings, then the names that contain it."""
    names = sorted(set(names))
    close = difflib.get_close_matches(word, names, n=n, cutoff=0.4)
    return close + [name for name in names if word and word in name and name not in close][: n - len(close)]


def close_matches_hint(word: str, names: Iterable[str]) -> str:
    """``close matches: a, b`` (escaped for a terminal), or how many names there are."""
    names = sorted(set(names))
    close = close_matches(word, names)
    if not close:
        return f"expected one of the graph's {len(names)} names"
    return "close matches: " + ", ".join(visible(name) for name in close)


def _labels(engine: _Engine, result: QueryResult) -> dict[str, str]:
    """The label of each IRI in ``result``: skos:prefLabel first, then rdfs:label, schema:name, headline."""
    iris = sorted(
        {
            text
            for row, kinds in zip(result.rows, result.kinds)
            for text, kind in zip(row, kinds)
            if kind == "iri"
        }
    )
    rank = {_expand(p): i for i, p in enumerate(_LABEL_PREDICATES)}
    best: dict[str, tuple] = {}
    for iri, predicate, label, lang in engine.labels(iris, tuple(rank)):
        # the first predicate of the list wins; within it a Chinese label, then a plain one
        order = (rank[predicate], lang != "zh", lang != "", label)
        best[iri] = min(best.get(iri, order), order)
    return {iri: order[-1] for iri, order in sorted(best.items())}


def _expand(prefixed: str) -> str:
    prefix, _, local = prefixed.partition(":")
    return PREFIXES[prefix] + local


# ------------------------------------------------------------------ engines

_INTEGER_TYPES = frozenset(
    [
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    ]
)
_DECIMAL_TYPES = frozenset({"decimal", "double", "float"})
_XSD = PREFIXES["xsd"]


def literal_kind(datatype: str | None) -> str:
    """What a literal of ``datatype`` is in a ``QueryResult`` (integer, decimal, boolean, text)."""
    name = (datatype or "").removeprefix(_XSD)
    if name in _INTEGER_TYPES:
        return "integer"
    if name in _DECIMAL_TYPES:
        return "decimal"
    return "boolean" if name == "boolean" else "text"


def _one_line(exc: BaseException) -> str:
    """An engine's message in one line, safe for a terminal (it may quote the query's text)."""
    lines = [part.strip() for part in str(exc).splitlines() if part.strip()]
    return visible(" ".join(lines)[:300]) if lines else type(exc).__name__


class _Engine:
    """What both engines give: a query's rows (at most ``limit``) with their kinds, and ASK."""

    def run(self, sparql: str, limit: int | None) -> QueryResult:
        raise NotImplementedError

    def ask(self, sparql: str) -> bool:
        return self.run(sparql, None).rows == (("true",),)

    def literal_texts(self, texts: set[str]) -> set[str]:
        """Those of ``texts`` that are the text of some literal of the graph (any tag or type)."""
        raise NotImplementedError

    def labels(self, iris: Iterable[str], predicates: tuple[str, ...]) -> Iterator[tuple[str, str, str, str]]:
        """``(iri, predicate, text, language)`` of every literal of these predicates on these IRIs.

        Looked up in the engine's index, one IRI at a time: a SPARQL ``VALUES`` of thousands
        of IRIs (a CONSTRUCT's answer) takes rdflib minutes."""
        raise NotImplementedError


def _result(columns: Iterable[str], cells: Iterable[list[tuple[str, str]]], limit: int | None) -> QueryResult:
    rows = list(itertools.islice(cells, None if limit is None else limit + 1))
    truncated = limit is not None and len(rows) > limit
    rows = rows[:limit]
    return QueryResult(
        columns=tuple(columns),
        rows=tuple(tuple(text for text, _ in row) for row in rows),
        kinds=tuple(tuple(kind for _, kind in row) for row in rows),
        truncated=truncated,
    )


def _boolean(answer: bool) -> QueryResult:
    return QueryResult(("ask",), (("true" if answer else "false",),), (("boolean",),))


# ------------------------------------------------------------------ rdflib


class _Rdflib(_Engine):
    def __init__(self, ttl_path: Path):
        self.graph = parse_turtle(ttl_path, QueryError)

    def run(self, sparql: str, limit: int | None) -> QueryResult:
        try:
            result = self.graph.query(sparql, initNs=PREFIXES)
            if result.type == "ASK":
                return _boolean(bool(result.askAnswer))
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                return _result(("subject", "predicate", "object"), _rdflib_rows(result.graph), limit)
            return _result((str(v) for v in result.vars), _rdflib_rows(result), limit)
        except Exception as exc:  # parse and evaluation errors come in many types
            raise QueryError(f"query failed: {_one_line(exc)}") from exc

    def literal_texts(self, texts: set[str]) -> set[str]:
        from rdflib import Literal

        if not texts:
            return set()
        return {str(o) for o in self.graph.objects() if isinstance(o, Literal) and str(o) in texts}

    def labels(self, iris: Iterable[str], predicates: tuple[str, ...]) -> Iterator[tuple[str, str, str, str]]:
        from rdflib import Literal, URIRef

        for iri in iris:
            for predicate in predicates:
                for label in self.graph.objects(URIRef(iri), URIRef(predicate)):
                    if isinstance(label, Literal):
                        yield iri, predicate, str(label), label.language or ""


def _rdflib_rows(rows: Iterable[Iterable[Any]]) -> Iterator[list[tuple[str, str]]]:
    from rdflib import BNode, Literal, URIRef

    def cell(term: Any) -> tuple[str, str]:
        if term is None:
            return "", ""
        if isinstance(term, Literal):
            return str(term), literal_kind(term.datatype and str(term.datatype))
        if isinstance(term, URIRef):
            return str(term), "iri"
        return str(term), "blank" if isinstance(term, BNode) else "text"

    return ([cell(term) for term in row] for row in rows)


# --------------------------------------------------------------- pyoxigraph


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _Oxigraph(_Engine):
    """A persistent store holding one export, reloaded when the file changes."""

    def __init__(self, ttl_path: Path, store_dir: Path):
        self.store = open_store(ttl_path, store_dir)

    def run(self, sparql: str, limit: int | None) -> QueryResult:
        import pyoxigraph as ox

        try:
            result = self.store.query(sparql, prefixes=PREFIXES)
            if isinstance(result, ox.QueryBoolean):
                return _boolean(bool(result))
            if isinstance(result, ox.QueryTriples):
                triples = ([_ox_cell(t.subject), _ox_cell(t.predicate), _ox_cell(t.object)] for t in result)
                return _result(("subject", "predicate", "object"), triples, limit)
            columns = [v.value for v in result.variables]
            return _result(columns, ([_ox_cell(s[c]) for c in columns] for s in result), limit)
        except (SyntaxError, OSError, ValueError) as exc:
            raise QueryError(f"query failed: {_one_line(exc)}") from exc

    def literal_texts(self, texts: set[str]) -> set[str]:
        return {
            text
            for text in texts
            if self.ask(f"ASK {{ ?s ?p ?o FILTER(isLiteral(?o) && STR(?o) = {sparql_string(text)}) }}")
        }

    def labels(self, iris: Iterable[str], predicates: tuple[str, ...]) -> Iterator[tuple[str, str, str, str]]:
        import pyoxigraph as ox

        for iri in iris:
            for predicate in predicates:
                for quad in self.store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(predicate), None):
                    if isinstance(quad.object, ox.Literal):
                        yield iri, predicate, quad.object.value, quad.object.language or ""


def _ox_cell(term: Any) -> tuple[str, str]:
    import pyoxigraph as ox

    if term is None:
        return "", ""
    if isinstance(term, ox.Literal):
        return term.value, literal_kind(term.datatype.value)
    if isinstance(term, ox.NamedNode):
        return term.value, "iri"
    if isinstance(term, ox.BlankNode):
        return term.value, "blank"
    return str(term), "text"


def open_store(ttl_path: Path, store_dir: Path):
    """The store in ``store_dir``, holding ``ttl_path`` (loaded when it holds another file).

    A store that already holds the file is opened read-only: RocksDB starts a new info
    log at every read-write open and keeps the previous one as ``LOG.old.<time>``, one
    more file per query; the old logs of a read-write open are removed.
    """
    import pyoxigraph as ox

    marker = ox.NamedNode(_STORE_GRAPH)
    holds_file = ox.Quad(marker, marker, ox.Literal(_file_hash(ttl_path)), marker)
    if (store_dir / "CURRENT").is_file():
        try:
            store = ox.Store.read_only(str(store_dir))
        except OSError:
            store = None  # not a store, or a damaged one: the read-write open says why
        if store is not None and holds_file in store:
            return store
        del store
    try:
        store = ox.Store(str(store_dir))
    except OSError as exc:
        raise QueryError(
            f"cannot open the store in {store_dir} (in use by another process?): {_one_line(exc)}"
        ) from exc
    try:
        if holds_file not in store:
            _load(store, ttl_path, holds_file)
    finally:
        _remove_old_logs(store_dir)
    return store


def _load(store, ttl_path: Path, holds_file) -> None:
    import pyoxigraph as ox

    store.clear()
    try:
        store.bulk_load(path=str(ttl_path), format=ox.RdfFormat.TURTLE)
    except (SyntaxError, OSError, ValueError) as exc:
        raise turtle_error(ttl_path, exc, QueryError) from None
    if len(store) == 0:
        raise QueryError(f"{ttl_path} holds no triples (only comments or prefixes): not an export of a graph")
    store.add(holds_file)
    store.flush()


def _remove_old_logs(store_dir: Path) -> None:
    """RocksDB's previous info logs: text for debugging RocksDB itself, never read back."""
    for old in store_dir.glob("LOG.old.*"):
        with contextlib.suppress(OSError):
            old.unlink()


# ----------------------------------------------------------------- output

TABLE_CELL_WIDTH = 60  # display columns; a longer text is cut in tables (CSV and JSON keep it whole)
# What a terminal must not receive raw: controls (C0, DEL, C1: U+009B is the 8-bit CSI),
# format characters (bidi overrides such as U+202E reorder what follows), line and paragraph
# separators, lone surrogates (unprintable).  Shown as \x9b, \u202e, \U000e0001.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
_MAYBE_UNSAFE = re.compile(r"[^\x20-\x7e\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e]")
_TABLE_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _unsafe(ch: str) -> bool:
    return unicodedata.category(ch) in _UNSAFE_CATEGORIES


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str) -> str:
    """``text`` safe to print to a terminal: every control or bidi character escaped (``\\u202e``)."""
    return _MAYBE_UNSAFE.sub(lambda m: _escape(m.group()) if _unsafe(m.group()) else m.group(), text)


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(text: str) -> str:
    return visible("".join(_TABLE_ESCAPES.get(ch, ch) for ch in text))


def _cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` display columns, the cut marked with an ellipsis."""
    if _width(text) <= width:
        return text
    kept, used = [], 1  # one column for the ellipsis
    for ch in text:
        used += _width(ch)
        if used > width:
            break
        kept.append(ch)
    return "".join(kept) + "…"


def _kinds(result: QueryResult) -> tuple[tuple[str, ...], ...]:
    return result.kinds or tuple(("text",) * len(row) for row in result.rows)


def _table_cell(text: str, kind: str, labels: Mapping[str, str], width: int) -> tuple[str, bool]:
    """The cell as a table shows it, and whether it was cut."""
    if kind == "iri":
        label = labels.get(text)
        return (f"{_cell(label)} <{_cell(text)}>" if label else _cell(text)), False
    shown = _cell(text)
    if kind != "text":
        return shown, False
    cut = _cut(shown, width)
    return cut, cut != shown


def _table(result: QueryResult, width: int) -> str:
    rows, any_cut = [], False
    for row, kinds in zip(result.rows, _kinds(result)):
        cells = [_table_cell(text, kind, result.labels, width) for text, kind in zip(row, kinds)]
        rows.append(tuple(shown for shown, _ in cells))
        any_cut = any_cut or any(cut for _, cut in cells)
    columns = tuple(_cell(c) for c in result.columns)
    widths = [max([_width(c) for c in column] + [1]) for column in zip(columns, *rows)]

    def line(cells: Iterable[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()

    body = [line(columns), line("-" * w for w in widths), *(line(r) for r in rows)]
    return "\n".join(body + [_footer(len(rows), result.truncated, any_cut, width)])


def _footer(count: int, truncated: bool, cut: bool, width: int) -> str:
    notes = [f"{count} row{'s' if count != 1 else ''}"]
    if truncated:
        notes.append("more beyond the limit")
    if cut:
        notes.append(f"texts cut at {width} columns: --format csv or json prints them whole")
    return f"({'; '.join(notes)})"


def _csv(result: QueryResult, terminal: bool) -> str:
    def shown(text: str, kind: str) -> str:
        safe = text if kind in ("integer", "decimal", "boolean") else spreadsheet_safe(text)
        return visible(safe) if terminal else safe

    rows = (
        [shown(text, kind) for text, kind in zip(row, kinds)]
        for row, kinds in zip(result.rows, _kinds(result))
    )
    return csv_text([result.columns, *rows]).rstrip("\n")


def _json_value(text: str, kind: str) -> Any:
    """Numbers as JSON numbers, booleans as booleans, the rest (and unbound: "") as strings."""
    try:
        if kind == "integer":
            return int(text)
        if kind == "decimal" and math.isfinite(number := float(text)):
            return number
    except ValueError:
        return text  # an ill-typed literal ("abc"^^xsd:integer) stays as written
    if kind == "boolean" and text in ("true", "false", "1", "0"):
        return text in ("true", "1")
    return text


def _json(result: QueryResult) -> str:
    records = [
        {c: _json_value(text, kind) for c, text, kind in zip(result.columns, row, kinds)}
        for row, kinds in zip(result.rows, _kinds(result))
    ]
    text = json.dumps(records, ensure_ascii=False, indent=1)
    # the same strings, with what a terminal must not get raw written as JSON escapes (json.dumps
    # escapes C0 controls itself; the newlines left are the layout's, between values)
    return _MAYBE_UNSAFE.sub(
        lambda m: _json_escape(m.group()) if _json_unsafe(m.group()) else m.group(), text
    )


def _json_unsafe(ch: str) -> bool:
    return ch != "\n" and _unsafe(ch)


def format_result(
    result: QueryResult, fmt: str, *, terminal: bool = False, width: int = TABLE_CELL_WIDTH
) -> str:
    """``result`` as an aligned ``table`` (CJK-width aware), ``csv`` or ``json``.

    Tables show labels beside IRIs (``吴江区委 <https://…>``), escape control and bidi
    characters (``\\u202e``) and cut texts wider than ``width`` columns.  CSV cells a
    spreadsheet would run as a formula get a leading apostrophe, as in the CSV export;
    ``terminal=True`` also escapes control and bidi characters there (CSV printed to a
    terminal).  JSON keeps every string whole, gives numbers as numbers, and writes
    those characters as ``\\u`` escapes.
    """
    if fmt == "table":
        return _table(result, width)
    if fmt == "csv":
        return _csv(result, terminal)
    if fmt == "json":
        return _json(result)
    raise QueryError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}")
