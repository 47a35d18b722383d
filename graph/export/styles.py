"""How each entity type and relation is drawn, wherever it is drawn: the explorer page and the notebook plots.

One palette, so a place has the same colour and shape on the page (``graph.export.html``)
and in a plot (``graph.tools.plotting``), and a relation the same colour and name.
Colours are colour-blind-safe Tableau 10 hues.

>>> TYPE_STYLES["Place"].colour, type_style("Event").label, TYPE_STYLES["Place"].marker
('#4E79A7', '其他', 's')
>>> relation_style("sub_organisation_of").label
'隶属于'
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "TypeStyle",
    "TYPE_STYLES",
    "UNKNOWN_STYLE",
    "type_style",
    "RelationStyle",
    "RELATION_STYLES",
    "UNKNOWN_RELATION",
    "relation_style",
]


class TypeStyle(NamedTuple):
    colour: str  # hex, as vis-network and matplotlib both read it
    shape: str  # vis-network node shape
    label: str  # the type's Chinese name in legends
    marker: str  # the matplotlib marker drawing the same shape


TYPE_STYLES: dict[str, TypeStyle] = {
    "Person": TypeStyle("#E15759", "dot", "人物", "o"),
    "Place": TypeStyle("#4E79A7", "square", "地点", "s"),
    "Organisation": TypeStyle("#F28E2B", "diamond", "组织", "D"),
    "Programme": TypeStyle("#59A14F", "triangle", "项目", "^"),
}
UNKNOWN_STYLE = TypeStyle("#9C9C9C", "dot", "其他", "o")


def type_style(kind: str | None) -> TypeStyle:
    """The style of an entity type, ``UNKNOWN_STYLE`` for any other."""
    return TYPE_STYLES.get(kind or "", UNKNOWN_STYLE)


class RelationStyle(NamedTuple):
    label: str  # the relation's Chinese name, on edges and in legends
    english: str
    colour: str


RELATION_STYLES: dict[str, RelationStyle] = {
    "holds_post": RelationStyle("任职", "holds post", "#B07AA1"),
    "sub_organisation_of": RelationStyle("隶属于", "sub-organisation of", "#F28E2B"),
    "located_in": RelationStyle("位于", "located in", "#4E79A7"),
    "runs": RelationStyle("开展", "runs", "#59A14F"),
    "partner_of": RelationStyle("合作", "partner of", "#76B7B2"),
    "member_of": RelationStyle("成员", "member of", "#EDC948"),
    "part_of": RelationStyle("组成部分", "part of", "#9C755F"),
    # the gazetteer's containment: knowledge, not extraction
    "within_division": RelationStyle("行政隶属", "within division · gazetteer", "#8C8C8C"),
}
UNKNOWN_RELATION = RelationStyle("关系", "related to", "#9C9C9C")


def relation_style(relation: str | None) -> RelationStyle:
    """The style of a relation, ``UNKNOWN_RELATION`` for any other."""
    return RELATION_STYLES.get(relation or "", UNKNOWN_RELATION)
