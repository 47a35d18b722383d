"""How each entity type is drawn, wherever it is drawn: the explorer page and the notebook plots.

One table, so a place has the same colour on the page (``graph.export.html``) and in a
plot (``graph.tools.plotting``).  Colours are colour-blind-safe Tableau 10 hues.

>>> TYPE_STYLES["Place"].colour, type_style("Event").label
('#4E79A7', '其他')
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["TypeStyle", "TYPE_STYLES", "UNKNOWN_STYLE", "type_style"]


class TypeStyle(NamedTuple):
    colour: str  # hex, as vis-network and matplotlib both read it
    shape: str  # vis-network node shape
    label: str  # the type's Chinese name in legends


TYPE_STYLES: dict[str, TypeStyle] = {
    "Person": TypeStyle("#E15759", "dot", "人物"),
    "Place": TypeStyle("#4E79A7", "square", "地点"),
    "Organisation": TypeStyle("#F28E2B", "diamond", "组织"),
    "Programme": TypeStyle("#59A14F", "triangle", "项目"),
}
UNKNOWN_STYLE = TypeStyle("#9C9C9C", "dot", "其他")


def type_style(kind: str | None) -> TypeStyle:
    """The style of an entity type, ``UNKNOWN_STYLE`` for any other."""
    return TYPE_STYLES.get(kind or "", UNKNOWN_STYLE)
