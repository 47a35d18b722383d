"""One error base class and a few named kinds, with codes a user can search for.

Messages say what was given and what was expected.  Library code raises these;
only the CLI turns them into an exit status.
"""
from __future__ import annotations

__all__ = ["KGError", "InputError", "EmptyInputError", "ExportError", "QueryError",
           "ValidationError", "ConfigError"]


class KGError(Exception):
    """Base class of every error this package raises on purpose."""

    code = "E000"

    def __init__(self, message: str):
        super().__init__(f"[{self.code}] {message}")
        self.reason = message


class InputError(KGError):
    """An input file cannot be read or decoded, or is not an article."""

    code = "E100"


class EmptyInputError(InputError):
    """The input held no article text (empty, or nothing left after cleaning)."""

    code = "E101"


class ExportError(KGError):
    code = "E300"


class QueryError(KGError):
    code = "E400"


class ValidationError(KGError):
    code = "E500"


class ConfigError(KGError):
    code = "E900"
