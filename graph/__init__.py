"""Knowledge graphs from Chinese news about local governance and grassroots party building.

Stages, one module each: ingest -> clean -> segment -> entities -> resolve ->
relations -> assemble -> export.  See docs/CONTRACTS.md.
"""

__version__ = "0.1.0"
