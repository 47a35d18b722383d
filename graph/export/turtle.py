"""Turtle and N-Triples, streamed: the triples of ``triples.iter_triples`` straight to disk.

No RDF store is built on the way (rdflib's in-memory store costs about 1 KB
per triple, and its Turtle serialiser sorts and indexes everything first), so
memory stays flat and a 10,000-article corpus exports in about the time it
takes to format the text.  Every string goes through one escaper, so article
text can never end a literal early or inject triples.

>>> from rdflib import URIRef
>>> from graph.export.triples import Lit
>>> turtle_term(Lit('say "hi"\\n', lang="zh"))
'"say \\\\"hi\\\\"\\\\n"@zh'
>>> turtle_term(URIRef("https://w3id.org/cn-grassroots-kg/ontology#Person"))
'kg:Person'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import networkx as nx
from rdflib import RDF, XSD

from ..errors import ExportError
from ..io.atomic import atomic_open
from .triples import Lit, Term, Triple, iter_triples
from .vocab import ID, PREFIXES

__all__ = [
    "write_turtle",
    "write_ntriples",
    "to_turtle",
    "turtle_chunks",
    "turtle_term",
    "ntriples_term",
    "quote_string",
]

_PREFIX_OF = {namespace: prefix for prefix, namespace in PREFIXES.items()}
# Turtle's PN_LOCAL (with %hh, without backslash escapes): Chinese names are local names, a
# name with ASCII punctuation or “quotes” falls back to the full <IRI>.
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS = f"{_PN_CHARS_BASE}_\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = "%[0-9A-Fa-f]{2}"
_PN_LOCAL = re.compile(
    f"(?:[{_PN_CHARS_BASE}_:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
)
# The minted nodes' namespaces (id/person/, id/article/, ...) by their one path segment
# (person, article, ...): a node IRI's prefix is found by one dict lookup.
_NODE_PREFIXES = {
    ns.removeprefix(str(ID)).removesuffix("/"): prefix
    for prefix, ns in PREFIXES.items()
    if ns.startswith(str(ID)) and ns != str(ID)
}
if any("/" in segment or not segment for segment in _NODE_PREFIXES) or not all(
    PREFIXES[prefix] == f"{ID}{segment}/" for segment, prefix in _NODE_PREFIXES.items()
):
    raise ImportError("every node namespace in vocab.PREFIXES must be id/<one segment>/")
_PNAME = re.compile(
    "(?P<namespace>{})(?P<local>[A-Za-z_][A-Za-z0-9_-]*)".format(
        "|".join(re.escape(ns) for ns in sorted(_PREFIX_OF, key=len, reverse=True))
    )
)
# Characters an IRIREF may not hold (Turtle and N-Triples grammars).
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}
_ESCAPES.update({c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F) if c not in _ESCAPES})
# A lone surrogate cannot be written as UTF-8 at all.
_SURROGATE = re.compile("[\ud800-\udfff]")
_SHORT_DATATYPES = {str(XSD.integer), str(XSD.boolean), str(XSD.decimal)}
_ID = str(ID)
_same, _starts_with = str.__eq__, str.startswith
_RDF_TYPE = str(RDF.type)


def write_turtle(G: nx.MultiDiGraph, path: Path | str, *, mentions: bool = False) -> list[Path]:
    with atomic_open(path) as handle:
        handle.writelines(turtle_chunks(iter_triples(G, mentions=mentions)))
    return [Path(path)]


def write_ntriples(G: nx.MultiDiGraph, path: Path | str, *, mentions: bool = False) -> list[Path]:
    with atomic_open(path) as handle:
        handle.writelines(
            f"{ntriples_term(s)} {ntriples_term(p)} {ntriples_term(o)} .\n"
            for s, p, o in iter_triples(G, mentions=mentions)
        )
    return [Path(path)]


def to_turtle(G: nx.MultiDiGraph, *, mentions: bool = False) -> str:
    return "".join(turtle_chunks(iter_triples(G, mentions=mentions)))


def turtle_chunks(triples: Iterable[Triple]) -> Iterator[str]:
    """Turtle text: the prefixes, then one ``s p o ; p o1 , o2 .`` block per run of one subject."""
    yield "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in sorted(PREFIXES.items()))
    subject = predicate = ""
    parts: list[str] = []
    term, verb = turtle_term, _verb
    for s, p, o in triples:
        # The stream repeats the same subject and predicate objects: ``is`` settles most
        # comparisons; then str.__eq__, not URIRef's (a Python-level method, and never
        # equal to a plain str).
        if s is not subject and not _same(s, subject):
            if parts:
                yield "".join(parts) + " .\n"
            subject, predicate = s, ""
            parts = [f"\n{term(s)}\n    "]
        if p is predicate or _same(p, predicate):
            parts.append(f" ,\n        {term(o)}")
        else:
            separator = "" if not predicate else " ;\n    "
            predicate = p
            parts.append(f"{separator}{verb(p)} {term(o)}")
    if parts:
        yield "".join(parts) + " .\n"


def turtle_term(term: Term) -> str:
    if isinstance(term, Lit):
        if term.lang:
            return f"{quote_string(term.lexical)}@{term.lang}"
        if term.datatype in _SHORT_DATATYPES:
            return term.lexical  # 42, true: Turtle's own number and boolean forms
        if term.datatype:
            return f"{quote_string(term.lexical)}^^{_vocabulary_term(term.datatype)}"
        return quote_string(term.lexical)
    return _iri_term(term)


# Cached: a class or an entity's or article's IRI is written once per relation and mention;
# the many IRIs written once each (assertions, evidence) pass through and leave the cache.
@lru_cache(maxsize=1 << 16)
def _iri_term(iri: str) -> str:
    return _node_term(iri) if _starts_with(iri, _ID) else _vocabulary_term(iri)


def _node_term(iri: str) -> str:
    """A minted node IRI as ``person:周乃翔`` when the name is a Turtle local name, else ``<IRI>``."""
    segment, slash, local = iri[len(_ID) :].partition("/")
    prefix = _NODE_PREFIXES.get(segment) if slash else None
    if prefix is not None and _PN_LOCAL.fullmatch(local):
        return f"{prefix}:{local}"
    return _iri_ref(iri)


@lru_cache(maxsize=1024)  # a vocabulary has few properties
def _verb(predicate: str) -> str:
    return "a" if _same(predicate, _RDF_TYPE) else _vocabulary_term(predicate)


@lru_cache(maxsize=1024)
def _vocabulary_term(iri: str) -> str:
    """A class, property or datatype IRI, as ``prefix:local`` when it has one (there are few)."""
    match = _PNAME.fullmatch(iri)
    if match is not None:
        return f"{_PREFIX_OF[match.group('namespace')]}:{match.group('local')}"
    return _iri_ref(iri)


def ntriples_term(term: Term) -> str:
    if isinstance(term, Lit):
        if term.lang:
            return f"{quote_string(term.lexical)}@{term.lang}"
        if term.datatype:
            return f"{quote_string(term.lexical)}^^{_vocabulary_iri_ref(term.datatype)}"
        return quote_string(term.lexical)
    if _starts_with(term, _ID):
        return _iri_ref(term)
    return _vocabulary_iri_ref(term)


@lru_cache(maxsize=1024)
def _vocabulary_iri_ref(iri: str) -> str:
    return _iri_ref(iri)


def quote_string(text: str) -> str:
    """``text`` as a double-quoted Turtle/N-Triples string: quotes, backslashes, controls escaped."""
    escaped = text.translate(_ESCAPES)
    if _SURROGATE.search(escaped):
        escaped = _SURROGATE.sub("\ufffd", escaped)
    return f'"{escaped}"'


def _iri_ref(iri: str) -> str:
    if _NOT_IN_IRI.search(iri):
        raise ExportError(f"IRI {iri!r} holds a character IRIs may not contain")
    return f"<{iri}>"
