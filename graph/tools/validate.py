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
from .loader import parse_turtle

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
    """Validate one Turtle export, e.g. ``validate_file("exports/demo.ttl").conforms``.

    A file that is empty or holds no triple is refused (``InputError``): an empty graph
    would trivially conform, and "Conforms: True" would read as a good export.
    """
    return validate_graph(parse_turtle(Path(path), InputError))
