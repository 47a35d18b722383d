"""Extraction records as plain JSON and back, checked against the model's type hints.

The per-article cache stores records this way (JSON, not pickle: a cache folder
is just files on disk, and unpickling a file someone else could have planted
would run their code).  Decoding checks every value against the field's type,
so a damaged or foreign file raises instead of yielding a wrong record.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from enum import Enum
from functools import cache
from typing import Any

from ..model import ExtractionRecord

__all__ = ["record_to_json", "record_from_json", "to_json"]


def record_to_json(record: ExtractionRecord) -> dict[str, Any]:
    """A JSON-ready dict of ``record``; ``record_from_json`` gives back an equal record."""
    return to_json(record)


def record_from_json(data: dict[str, Any]) -> ExtractionRecord:
    """Rebuild an ``ExtractionRecord`` from ``record_to_json`` output.

    Raises ``TypeError``/``ValueError``/``KeyError`` when ``data`` does not
    have the record's shape (the cache treats that as a miss).
    """
    return _decoder(ExtractionRecord)(data)


def to_json(value: Any) -> Any:
    """``value`` as JSON-ready data: a dataclass as an object of its fields, an enum as its value."""
    kind = type(value)
    encode = _ENCODERS.get(kind)
    if encode is None:
        encode = _ENCODERS[kind] = _encoder(kind)
    return encode(value)


# Every record is encoded once, as it is cached: the way to encode each type is worked out once.
_ENCODERS: dict[type, Callable[[Any], Any]] = {}


def _encoder(kind: type) -> Callable[[Any], Any]:
    if is_dataclass(kind):
        names = tuple(f.name for f in fields(kind))
        return lambda value: {name: to_json(getattr(value, name)) for name in names}
    if issubclass(kind, Enum):
        return lambda value: value.value
    if issubclass(kind, (tuple, list)):
        return lambda value: [to_json(v) for v in value]
    return _identity


# A warm rebuild decodes every cached record, so each field type's checks are worked out once
# (``_decoder``, cached per type) rather than from the type hints at every value.
Decoder = Callable[[Any], Any]


@cache
def _decoder(hint: Any) -> Decoder:
    """A function that checks ``data`` against the type ``hint`` of a model field and builds it."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return _union_decoder(typing.get_args(hint))
    if origin is tuple:
        return _tuple_decoder(typing.get_args(hint))
    if isinstance(hint, type) and is_dataclass(hint):
        return _dataclass_decoder(hint)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return _enum_decoder(hint)
    if hint is float:
        return _decode_float
    if hint in (str, int, bool):
        return _exact_decoder(hint)
    return _identity


def _identity(data: Any) -> Any:
    return data


def _exact_decoder(kind: type) -> Decoder:
    def decode(data: Any) -> Any:
        if type(data) is not kind:
            raise TypeError(f"expected {kind.__name__}, got {type(data).__name__} {data!r:.40}")
        return data

    return decode


def _decode_float(data: Any) -> float:
    if type(data) is float:
        return data
    if type(data) is int:
        return float(data)
    raise TypeError(f"expected float, got {type(data).__name__} {data!r:.40}")


def _enum_decoder(enum: type[Enum]) -> Decoder:
    members = {member.value: member for member in enum}

    def decode(data: Any) -> Enum:
        try:
            return members[data]
        except (KeyError, TypeError):
            raise ValueError(f"{data!r:.40} is not a {enum.__name__}") from None

    return decode


def _union_decoder(options: tuple[Any, ...]) -> Decoder:
    (hint,) = [o for o in options if o is not type(None)]
    inner = _decoder(hint)
    optional = type(None) in options

    def decode(data: Any) -> Any:
        if data is None:
            if optional:
                return None
            raise TypeError(f"got null where one of {options} was expected")
        return inner(data)

    return decode


def _tuple_decoder(args: tuple[Any, ...]) -> Decoder:
    if len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])

        def decode_all(data: Any) -> tuple[Any, ...]:
            if type(data) is not list:
                raise TypeError(f"expected a list, got {type(data).__name__}")
            return tuple(map(item, data))

        return decode_all
    items = tuple(_decoder(a) for a in args)

    def decode_fixed(data: Any) -> tuple[Any, ...]:
        if type(data) is not list:
            raise TypeError(f"expected a list, got {type(data).__name__}")
        if len(items) != len(data):
            raise ValueError(f"expected {len(items)} items, got {len(data)}")
        return tuple(decode(value) for decode, value in zip(items, data))

    return decode_fixed


def _dataclass_decoder(cls: type) -> Decoder:
    hints = typing.get_type_hints(cls)
    decoders = {f.name: _decoder(hints[f.name]) for f in fields(cls)}

    def decode(data: Any) -> Any:
        if type(data) is not dict:
            raise TypeError(f"expected an object for {cls.__name__}, got {type(data).__name__}")
        unknown = data.keys() - decoders.keys()
        if unknown:
            raise KeyError(f"{cls.__name__} has no fields {sorted(unknown)}")
        return cls(**{name: decoders[name](value) for name, value in data.items()})

    return decode
