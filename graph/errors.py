"""One error base class and a few named kinds, with codes a user can search for.

Messages say what was given and what was expected.  Library code raises a
named kind, never the base class; only the CLI turns them into a message and
an exit status.

>>> error = EmptyInputError("empty file: no text to read")
>>> str(error), error.code, error.reason
('[E101] empty file: no text to read', 'E101', 'empty file: no text to read')
>>> isinstance(error, InputError) and isinstance(error, KGError)
True
"""

from __future__ import annotations

__all__ = [
    "KGError",
    "InputError",
    "EmptyInputError",
    "UsageError",
    "ExportError",
    "QueryError",
    "NotebookError",
    "ConfigError",
    "InternalError",
]


class KGError(Exception):
    """Base class of every error this package raises on purpose (raise a subclass)."""

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


class UsageError(KGError):
    """A command's options or arguments do not fit together."""

    code = "E200"


class ExportError(KGError):
    """A graph cannot be written in the asked format (a malformed node, edge or option)."""

    code = "E300"


class QueryError(KGError):
    """A query, its parameters or the export it runs on are not what the query needs."""

    code = "E400"


class NotebookError(KGError):
    """A notebook cell failed, timed out, or its kernel died."""

    code = "E600"


class ConfigError(KGError):
    """A setting, word list, table or system package the code needs is missing or malformed."""

    code = "E900"


class InternalError(KGError):
    """A bug: an unexpected exception, or a worker process that died, while extracting an article."""

    code = "E999"
