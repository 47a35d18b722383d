"""graph.entities.programmes: programmes written without quotation marks, on invented sentences.

These rules read the text alone (no tokens, no model).
"""

from __future__ import annotations

import pytest
from ner_util import found, named

from graph.entities.programmes import place_led_programmes, programme_candidates
from graph.model import EntityType

pytestmark = pytest.mark.usefixtures("no_lac")


def programmes(text: str) -> set[tuple[str, str]]:
    return {
        (surface, rule)
        for surface, kind, rule in named(text, programme_candidates(text))
        if kind == "Programme"
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        # parallel items sharing a head, after the verb that launches them
        (
            "镇里实施青禾人才提升行动、松林服务强基行动,效果明显。",
            {("青禾人才提升行动", "programme.parallel"), ("松林服务强基行动", "programme.parallel")},
        ),
        (
            "通过开展青禾人才提升行动、松林服务强基行动,效果明显。",
            {("青禾人才提升行动", "programme.parallel"), ("松林服务强基行动", "programme.parallel")},
        ),
        # plain items closed by 等 and a head, after a launch verb; common words are no names
        (
            "县里打造稻香暖巷、松林书屋等项目。",
            {("稻香暖巷", "programme.listed"), ("松林书屋", "programme.listed")},
        ),
        ("开展美术、手工等活动。", set()),
        ("稻香暖巷、松林书屋等项目很受欢迎。", set()),  # no verb launched them
        # a trigger verb, a name, a strong head that closes the phrase
        ("实施青禾护苗工程,守护儿童成长。", {("青禾护苗工程", "programme.triggered")}),
        ("实施了青禾护苗工程。", {("青禾护苗工程", "programme.triggered")}),
        ("实施青禾护苗工程的经验。", {("青禾护苗工程", "programme.triggered")}),
        ("实施青禾护苗工程体系建设。", {("青禾护苗工程体系", "programme.triggered")}),
        # a mechanism or a system only when launched, not when set up or deepened
        ("启动青禾邻里联动工作机制,化解矛盾。", {("青禾邻里联动工作机制", "programme.triggered")}),
        ("建立青禾邻里联动工作机制,化解矛盾。", set()),
        # national strategies and generic party-building phrases are no programmes
        (
            "县里打造乡村振兴、稻香暖巷、松林书屋等项目。",
            {("稻香暖巷", "programme.listed"), ("松林书屋", "programme.listed")},
        ),
        ("实施乡村振兴战略。", set()),
        ("实施基层党建提升工程。", set()),
    ],
)
def test_programme_candidates(text, expected):
    assert programmes(text) == expected


def test_a_programme_after_an_adverb_that_starts_like_a_verb():
    assert programmes("创新性地实施青禾护苗工程。") == {("青禾护苗工程", "programme.triggered")}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("临沂市青禾先锋行动正式启动。", {"临沂市青禾先锋行动"}),
        ("临沂市青禾先锋行动的成效明显。", {"临沂市青禾先锋行动"}),
        ("临沂市开展青禾先锋行动。", set()),  # a verb after the place: no place-led name
        ("临沂市和青禾先锋行动。", set()),
        ("临沂市青禾先锋行动队成立。", set()),  # the head does not close the phrase
    ],
)
def test_place_led_programmes(text, expected):
    places = found(text, {"临沂市": EntityType.PLACE})
    assert {
        surface
        for surface, _, rule in named(text, place_led_programmes(text, places))
        if rule == "programme.place_led"
    } == expected
