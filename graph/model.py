"""The typed records handed from stage to stage.

Every offset is a character offset into ``Document.text`` (the cleaned,
Simplified-Chinese text of one article).  ``text[start:end] == surface`` holds
for every token, mention and evidence span; tests check it.

Records are frozen dataclasses made of plain values (str, int, float, tuples),
so they pickle for worker processes and round-trip through JSON for the cache.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any

from .errors import InputError

__all__ = [
    "RawArticle",
    "InputFailure",
    "EntityType",
    "RelationType",
    "DocumentMeta",
    "Removal",
    "Document",
    "Sentence",
    "Token",
    "Mention",
    "Entity",
    "Evidence",
    "Relation",
    "ExtractionRecord",
    "SYMMETRIC_RELATIONS",
    "entity_key",
    "place_key",
    "key_kind",
    "key_name",
    "key_adcode",
]


class EntityType(str, Enum):
    PERSON = "Person"
    PLACE = "Place"
    ORGANISATION = "Organisation"
    PROGRAMME = "Programme"


class RelationType(str, Enum):
    HOLDS_POST = "holds_post"
    SUB_ORGANISATION_OF = "sub_organisation_of"
    LOCATED_IN = "located_in"
    RUNS = "runs"
    PARTNER_OF = "partner_of"
    MEMBER_OF = "member_of"
    PART_OF = "part_of"


SYMMETRIC_RELATIONS = frozenset({RelationType.PARTNER_OF})


# --- entity keys: ``<type prefix>:<name>``, or ``place:<adcode>`` for a gazetteer place ---------------
# The one place where the prefixes are spelled; every other module builds and reads keys here.
_KEY_PREFIX = {
    EntityType.PERSON: "person",
    EntityType.PLACE: "place",
    EntityType.ORGANISATION: "org",
    EntityType.PROGRAMME: "programme",
}
_PREFIX_KIND = {prefix: kind for kind, prefix in _KEY_PREFIX.items()}


def entity_key(kind: EntityType, name: str) -> str:
    """The key of an entity of ``kind`` named ``name``.

    >>> entity_key(EntityType.ORGANISATION, "吴江区委")
    'org:吴江区委'
    """
    return f"{_KEY_PREFIX[kind]}:{name}"


def place_key(adcode: str) -> str:
    """The key of a gazetteer place: ``place:<adcode>``."""
    return entity_key(EntityType.PLACE, adcode)


def key_kind(key: str) -> EntityType | None:
    """The entity type a key names, or None for a string that is no key."""
    prefix, sep, _ = key.partition(":")
    return _PREFIX_KIND.get(prefix) if sep else None


def key_name(key: str) -> str:
    """What follows the type prefix: a name, or a gazetteer place's adcode."""
    return key.partition(":")[2]


def key_adcode(key: str) -> str | None:
    """The adcode of a gazetteer place's key (``place:320509`` -> ``320509``), else None."""
    name = key_name(key)
    return name if key_kind(key) is EntityType.PLACE and name.isdigit() else None


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """Facts about an article, as in the gold files' ``meta``."""

    title: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD, or a partial form such as "--09-23"
    source: str | None = None
    authors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    url: str | None = None
    extra: tuple[tuple[str, str], ...] = ()  # unknown JSONL fields, <meta> tags, ...

    def to_gold(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "date": self.date,
            "source": self.source,
            "authors": list(self.authors),
            "editors": list(self.editors),
        }


@dataclass(frozen=True, slots=True)
class RawArticle:
    """One article as read from disk, decoded but not cleaned."""

    doc_id: str
    source_path: str
    text: str  # decoded text (for HTML: the main content already extracted)
    format: str = "txt"  # txt | html | jsonl | stdin
    meta: DocumentMeta = None  # type: ignore[assignment]  # hints from JSONL fields / HTML <meta>
    encoding: str = "utf-8"

    def __post_init__(self) -> None:
        if self.meta is None:
            object.__setattr__(self, "meta", DocumentMeta())


@dataclass(frozen=True, slots=True)
class InputFailure:
    """An input that could not become an article, and the one-line reason why."""

    source_path: str
    reason: str
    code: str = InputError.code


@dataclass(frozen=True, slots=True)
class Removal:
    """One piece of text the cleaner took out, kept for the audit record."""

    text: str
    rule: str
    line: int = -1  # line number in the raw text, -1 when not line based


@dataclass(frozen=True, slots=True)
class Document:
    """One article after ingestion and cleaning."""

    doc_id: str  # the file stem (or JSONL id)
    source_path: str
    text: str  # headline line + cleaned body, Simplified Chinese: every offset points here
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    original_text: str | None = None  # cleaned body before Traditional->Simplified, when it differed
    removed: tuple[Removal, ...] = ()
    content_hash: str = ""
    also_from: tuple[str, ...] = ()  # other sources whose body was identical (duplicates)
    headline_end: int = 0  # the text opens with the headline line up to here (0: none)
    # Each line of ``text``: (its offset in text, start and end of its raw line in the source
    # text) -- what ``clean.source_map.SourceMap`` needs to quote the source verbatim.
    source_lines: tuple[tuple[int, int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    pos: str  # LAC tag: PER/LOC/ORG/TIME or a part of speech


@dataclass(frozen=True, slots=True)
class Mention:
    """A span naming an entity: of ``Document.text`` during extraction, of the source text
    in a finished record (``process_article`` quotes the source, see ``clean.source_map``)."""

    start: int
    end: int
    text: str
    type: EntityType
    subtype: str | None = None
    rule: str = ""  # which rule or model proposed it
    sentence: int = -1


@dataclass(frozen=True, slots=True)
class Entity:
    """A resolved entity of one article, or of the whole corpus after merging.

    ``key`` is the stable identity used for graph nodes and IRIs: the same
    thing gets the same key in every article and every build.
    """

    key: str
    name: str  # canonical name
    type: EntityType
    subtype: str | None = None
    aliases: tuple[str, ...] = ()
    mentions: tuple[tuple[str, Mention], ...] = ()  # (doc_id, mention)
    adcode: str | None = None
    parent_adcode: str | None = None

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(sorted({doc for doc, _ in self.mentions}))


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why the graph says something: the article and sentence it came from."""

    doc_id: str
    start: int
    end: int
    sentence: str
    rule: str
    confidence: float
    by_context: bool = False  # an end was completed from context, not named in the sentence


@dataclass(frozen=True, slots=True)
class Relation:
    head: str  # Entity.key
    relation: RelationType
    tail: str  # Entity.key
    title: str | None = None  # post title for holds_post
    as_of: str | None = None  # article date for posts
    evidence: tuple[Evidence, ...] = ()

    @property
    def identity(self) -> tuple[str, str, str, str]:
        head, tail = self.head, self.tail
        if self.relation in SYMMETRIC_RELATIONS and tail < head:
            head, tail = tail, head
        return (head, self.relation.value, tail, self.title or "")

    @property
    def confidence(self) -> float:
        return max((e.confidence for e in self.evidence), default=0.0)


@dataclass(frozen=True, slots=True)
class ExtractionRecord:
    """Everything one article contributes: the output of the per-article pure function."""

    document: Document
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    timings: tuple[tuple[str, float], ...] = ()
    extractor_version: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
