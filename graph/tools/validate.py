"""Check a Turtle export against the SHACL shapes in ``ontology/shapes.ttl``.

The ontology is mixed into the data graph (no inference) so that targets such
as ``kg:Entity`` reach instances of ``kg:City`` through ``rdfs:subClassOf``.
Warnings (an unknown place level, say) are reported but do not break conformance.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import SH

from ..errors import InputError
from ..export.vocab import ONTOLOGY_DIR

__all__ = ["ValidationReport", "validate_file", "validate_graph"]


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: int  # results of severity sh:Violation (warnings are not counted)
    text: str  # pyshacl's human-readable report


@lru_cache(maxsize=1)
def _shapes_and_ontology() -> tuple[Graph, Graph]:
    return (
        Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle"),
        Graph().parse(ONTOLOGY_DIR / "kg.ttl", format="turtle"),
    )


def validate_graph(data: Graph) -> ValidationReport:
    shapes, ontology = _shapes_and_ontology()
    conforms, results, text = validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        allow_warnings=True,
        abort_on_first=False,
    )
    violations = len(set(results.subjects(SH.resultSeverity, SH.Violation)))
    return ValidationReport(conforms=bool(conforms), violations=violations, text=str(text).strip())


def validate_file(path: Path | str) -> ValidationReport:
    """Validate one Turtle export, e.g. ``validate_file("exports/demo.ttl").conforms``."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no Turtle file at {path}: give an export written by 'kg build'")
    try:
        data = Graph().parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many parser-specific types
        raise InputError(f"cannot parse {path} as Turtle: {exc}") from exc
    return validate_graph(data)
