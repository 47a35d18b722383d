"""graph.entities.lists: an untyped item of a 、-list whose other items are all one type takes it.

Tokens are written by hand; what earlier rules found is given as (name -> type).  No LAC
model runs.
"""

from __future__ import annotations

import pytest
from ner_util import found, named, text_of, tokens

from graph.entities.lists import list_candidates
from graph.model import EntityType

pytestmark = pytest.mark.usefixtures("no_lac")

PLACE, ORG, PERSON = EntityType.PLACE, EntityType.ORGANISATION, EntityType.PERSON
TOWNS = {"青禾镇": PLACE, "北岭镇": PLACE, "南坪镇": PLACE}


def listed(tagged: str, given: dict[str, EntityType]) -> set[tuple[str, str, str]]:
    """What the list rule adds, when the names of ``given`` that the sentence holds were found."""
    words = tokens(tagged)
    text = text_of(words)
    earlier = found(text, {name: kind for name, kind in given.items() if name in text})
    return named(text, list_candidates(words, earlier))


@pytest.mark.parametrize(
    "tagged, given, expected",
    [
        ("青禾镇/LOC 、/w 松林/nz 、/w 北岭镇/LOC 、/w 南坪镇/LOC", TOWNS, {("松林", "Place", "place.list")}),
        ("青禾镇/LOC 、/w 松林/nz 、/w 北岭镇/LOC 等/u 乡镇/n", TOWNS, {("松林", "Place", "place.list")}),
        (
            "松风集团/ORG 、/w 松林/nz 、/w 北岭公司/ORG",
            {"松风集团": ORG, "北岭公司": ORG},
            {("松林", "Organisation", "organisation.list")},
        ),
        # an untagged noun or a person's tag joins too
        ("青禾镇/LOC 、/w 松林/n 、/w 北岭镇/LOC", TOWNS, {("松林", "Place", "place.list")}),
        ("青禾镇/LOC 、/w 松林/PER 、/w 北岭镇/LOC", TOWNS, {("松林", "Place", "place.list")}),
        # the other items disagree, or only one of them is typed
        ("松风集团/ORG 、/w 松林/nz 、/w 北岭镇/LOC", {"松风集团": ORG, "北岭镇": PLACE}, set()),
        ("青禾镇/LOC 、/w 松林/nz 、/w 石门/nz", {"青禾镇": PLACE}, set()),
        # people are no list type
        ("王立新/PER 、/w 石兰/nz 、/w 李明/PER", {"王立新": PERSON, "李明": PERSON}, set()),
        # an item that is not one plain noun-like word of 2 to 6 characters
        ("青禾镇/LOC 、/w 松林/nz 村/n 、/w 北岭镇/LOC", TOWNS, set()),
        ("青禾镇/LOC 、/w 社区/n 、/w 北岭镇/LOC", TOWNS, set()),  # a generic noun
        ("青禾镇/LOC 、/w 松林2/nz 、/w 北岭镇/LOC", TOWNS, set()),
        ("青禾镇/LOC 、/w 松/nz 、/w 北岭镇/LOC", TOWNS, set()),
        ("青禾镇/LOC 、/w 开展/v 、/w 北岭镇/LOC", TOWNS, set()),
        # punctuation ends a list: the items after it are another list
        ("青禾镇/LOC 、/w 北岭镇/LOC 。/w 松林/nz 、/w 南坪镇/LOC", TOWNS, set()),
        # every item typed already: nothing to add
        ("青禾镇/LOC 、/w 北岭镇/LOC 、/w 南坪镇/LOC 等/u 地/n", TOWNS, set()),
    ],
)
def test_list_candidates(tagged, given, expected):
    assert listed(tagged, given) == expected


def test_the_item_after_he_belongs_to_the_list():
    assert listed("青禾镇/LOC 、/w 松林/nz 和/c 北岭镇/LOC", TOWNS) == {("松林", "Place", "place.list")}


def test_a_list_item_already_found_is_not_proposed_again():
    given = {**TOWNS, "松林": PLACE}
    assert listed("青禾镇/LOC 、/w 松林/nz 、/w 北岭镇/LOC", given) == set()
