"""Relation stage: typed relations between the entities of one article, each with evidence.

The rules live by family, each a small generator over an :class:`~graph.relations.view.ArticleView`
yielding :class:`~graph.relations.found.Found` candidates: ``posts`` (holds_post), ``structure``
(sub_organisation_of and located_in read from how names nest), ``locations`` (located_in of
bodies of a known place, verbs of location), ``actions`` (runs, part_of), ``partners``
(partner_of, member_of).  This module runs them and merges what they find: the same relation
asserted in several sentences (or by several rules) becomes one :class:`~graph.model.Relation`
holding all its evidence, its confidence the rule's measured precision (``confidence``).
Output is sorted, so the same article always gives the same relations.

>>> from graph.model import Document, DocumentMeta, Entity, EntityType, Mention, Sentence
>>> text = "苏州市委书记周乃翔到社区调研。"
>>> doc = Document("d1", "d1.txt", text, DocumentMeta(date="2017-09-19"))
>>> def ent(key, name, kind, start):
...     m = Mention(start, start + len(name), name, kind)
...     return Entity(key, name, kind, mentions=(("d1", m),))
>>> people = (ent("org:苏州市委", "苏州市委", EntityType.ORGANISATION, 0),
...           ent("person:周乃翔", "周乃翔", EntityType.PERSON, 6))
>>> [(r.head, r.tail, r.title, r.as_of) for r in extract_relations(
...     doc, (Sentence(0, 0, len(text), text),), (), people)]
[('person:周乃翔', 'org:苏州市委', '书记', '2017-09-19')]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..errors import InputError
from ..model import Document, Entity, EntityType, Evidence, Relation, RelationType, Sentence, Token
from .actions import find_actions
from .found import Found
from .locations import find_places
from .partners import find_members, find_partners
from .posts import find_posts
from .structure import find_structure
from .view import ArticleView

__all__ = ["extract_relations", "FAMILIES", "merge_found", "RELATION_TYPES"]

FAMILIES = (find_posts, find_structure, find_places, find_actions, find_partners, find_members)

# Which entity types each relation may join: a rule that strays is dropped, never stored.
RELATION_TYPES: dict[RelationType, tuple[frozenset, frozenset]] = {
    RelationType.HOLDS_POST: (frozenset({EntityType.PERSON}), frozenset({EntityType.ORGANISATION})),
    RelationType.SUB_ORGANISATION_OF: (
        frozenset({EntityType.ORGANISATION}),
        frozenset({EntityType.ORGANISATION}),
    ),
    RelationType.LOCATED_IN: (
        frozenset({EntityType.PLACE, EntityType.ORGANISATION}),
        frozenset({EntityType.PLACE}),
    ),
    RelationType.RUNS: (
        frozenset({EntityType.ORGANISATION, EntityType.PLACE}),
        frozenset({EntityType.PROGRAMME}),
    ),
    RelationType.PARTNER_OF: (frozenset({EntityType.ORGANISATION}), frozenset({EntityType.ORGANISATION})),
    RelationType.MEMBER_OF: (
        frozenset({EntityType.ORGANISATION}),
        frozenset({EntityType.PROGRAMME, EntityType.ORGANISATION}),
    ),
    RelationType.PART_OF: (frozenset({EntityType.PROGRAMME}), frozenset({EntityType.PROGRAMME})),
}


def extract_relations(
    doc: Document, sentences: Sequence[Sentence], tokens: Sequence[Token], entities: Sequence[Entity]
) -> tuple[Relation, ...]:
    """All relations the article asserts between ``entities``, sorted, with evidence.

    ``tokens`` are accepted for the stage contract; the rules read entity spans and text.
    """
    _check_inputs(doc, sentences, entities)
    view = ArticleView(doc, sentences, entities)
    found = [f for family in FAMILIES for f in family(view) if _fits(view, f)]
    return merge_found(found, doc)


def merge_found(found: Iterable[Found], doc: Document) -> tuple[Relation, ...]:
    """One relation per identity, holding every distinct piece of evidence, all sorted."""
    groups: dict[tuple[str, str, str, str], list[Found]] = {}
    for item in found:
        head, tail = item.head, item.tail
        if item.relation is RelationType.PARTNER_OF and tail < head:
            head, tail = tail, head
        groups.setdefault((head, item.relation.value, tail, item.title or ""), []).append(item)
    relations = []
    for (head, relation, tail, title), items in sorted(groups.items()):
        evidence = sorted({f.evidence(doc.doc_id) for f in items}, key=_evidence_order)
        is_post = relation == RelationType.HOLDS_POST.value
        relations.append(
            Relation(
                head,
                RelationType(relation),
                tail,
                title or None,
                doc.meta.date if is_post else None,
                tuple(evidence),
            )
        )
    return tuple(relations)


def _evidence_order(e: Evidence) -> tuple:
    return (e.start, e.end, e.rule, -e.confidence, e.by_context)


def _fits(view: ArticleView, item: Found) -> bool:
    head, tail = view.by_key.get(item.head), view.by_key.get(item.tail)
    if head is None or tail is None or head.key == tail.key:
        return False
    heads, tails = RELATION_TYPES[item.relation]
    return head.type in heads and tail.type in tails


def _check_inputs(doc: Document, sentences: Sequence[Sentence], entities: Sequence[Entity]) -> None:
    if not isinstance(doc, Document):
        raise InputError(f"extract_relations needs a Document, got {type(doc).__name__}")
    for sentence in sentences:
        if not isinstance(sentence, Sentence) or doc.text[sentence.start : sentence.end] != sentence.text:
            raise InputError(f"sentence {sentence!r} does not match the text of document {doc.doc_id}")
    for entity in entities:
        if not isinstance(entity, Entity):
            raise InputError(f"extract_relations needs Entity records, got {type(entity).__name__}")
