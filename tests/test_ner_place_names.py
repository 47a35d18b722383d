"""graph.entities.place_names: places read off runs of hand-built pieces.

Rows are LAC's output written by hand; ``run_places`` reads each run ``phrases`` cuts from
the pieces.  No LAC model runs.
"""

from __future__ import annotations

import pytest
from ner_util import text_of, tokens

from graph.entities.institutions import phrases
from graph.entities.pieces import sentence_pieces
from graph.entities.place_names import run_places

pytestmark = pytest.mark.usefixtures("no_lac")


def places(tagged: str) -> set[tuple[str, str | None, str]]:
    """(surface, subtype, rule) of every place of every run."""
    words = tokens(tagged)
    text = text_of(words)
    found = [c for run in phrases(sentence_pieces(words)) for c in run_places(run, 0)]
    assert all(c.type.value == "Place" for c in found)
    return {(text[c.start : c.end], c.subtype, c.rule) for c in found}


GAZ, SUFFIX = "place.gazetteer", "place.suffix"


@pytest.mark.parametrize(
    "tagged, expected",
    [
        # a chain of places keeps its parents in the mention
        ("临沂市兰山区/LOC", {("临沂市", None, GAZ), ("临沂市兰山区", None, GAZ)}),
        (
            "临沂市兰山区青禾街道/LOC",
            {("临沂市", None, GAZ), ("临沂市兰山区", None, GAZ), ("临沂市兰山区青禾街道", "town", SUFFIX)},
        ),
        ("兰山区/LOC 青禾镇/LOC", {("兰山区", None, GAZ), ("兰山区青禾镇", "town", SUFFIX)}),
        ("青禾镇/LOC 松林村/LOC", {("青禾镇", "town", SUFFIX), ("青禾镇松林村", "village", SUFFIX)}),
        ("兰山区/LOC 示范/vn 区/n", {("兰山区", None, GAZ), ("兰山区示范区", "zone", SUFFIX)}),
        # a core closed by a place suffix, in one word or two; the suffix gives the subtype
        ("青禾街道/LOC", {("青禾街道", "town", SUFFIX)}),
        ("青禾/nz 镇/n", {("青禾镇", "town", SUFFIX)}),
        ("松林村/LOC", {("松林村", "village", SUFFIX)}),
        ("松林湾产业园区/LOC", {("松林湾产业园区", "zone", SUFFIX)}),
        # a kind of place, not a name
        ("智慧社区/n", set()),
        ("产业园区/n", set()),
        ("行政村/n", set()),  # a one-character suffix needs a proper name before it
        ("安置/vn 小区/n", set()),
        ("鱼米之乡/n", set()),
        ("加大园区/LOC", set()),  # LAC took a verb for a name
        # a place that only qualifies a bigger one is not a place alone
        ("青禾镇/LOC 暖村/LOC 驿站/n", {("青禾镇", "town", SUFFIX), ("青禾镇暖村驿站", "landmark", SUFFIX)}),
        ("青禾镇/LOC 驿站/n", {("青禾镇驿站", "landmark", SUFFIX)}),
        # a short division name that starts a company's name; a railway line that names a body
        ("临沂日报/ORG", set()),
        ("榆林铁路公安局/ORG", {("榆林", None, GAZ)}),
        # a place starts after a verb glued to it, and a campus belongs to its institution's name
        ("家住/v 青禾新村小区/LOC", {("青禾新村小区", "community", SUFFIX)}),
        ("北岭大学未来校区/ORG", {("北岭大学未来校区", "zone", SUFFIX)}),
        # a place after an unfinished name is a place of its own; 和 ends a chain
        ("青禾/nz 临沂市/LOC", {("临沂市", None, GAZ)}),
        ("临沂市/LOC 和/c 青禾镇/LOC", {("临沂市", None, GAZ), ("青禾镇", "town", SUFFIX)}),
        # a body's suffix ends the place (临沂市委 is a body, 临沂市 the place)
        ("临沂市委组织部/ORG", {("临沂市", None, GAZ)}),
        # LAC's place word without a joint is left to the LAC fallback
        ("松林公园/LOC", set()),
    ],
)
def test_run_places(tagged, expected):
    assert places(tagged) == expected


def test_a_run_is_read_from_where_it_starts():
    run = next(phrases(sentence_pieces(tokens("临沂市兰山区青禾街道/LOC"))))
    found = [
        "".join(p.text for p in run)[c.start - run[0].start : c.end - run[0].start]
        for c in run_places(run, 1)
    ]
    assert found == ["兰山区", "兰山区青禾街道"]
