"""The gazetteer: official names, short forms, parent chains and ambiguous names."""

from __future__ import annotations

import pytest

from graph.knowledge import gazetteer


@pytest.mark.parametrize("name", ["吴江", "吴江区"])
def test_wujiang_forms_link_to_one_district(name):
    place = gazetteer.lookup_place(name)
    assert (place.adcode, place.name, place.level, place.parent_adcode) == (
        "320509",
        "吴江区",
        "district",
        "320500",
    )


def test_parent_chain_goes_up_to_the_province():
    chain = gazetteer.ancestors(gazetteer.lookup_place("吴江区"))
    assert [(p.adcode, p.level) for p in chain] == [("320500", "city"), ("320000", "province")]
    assert gazetteer.place_by_adcode("320500").parent_adcode == "320000"


@pytest.mark.parametrize(
    "short, official",
    [
        ("苏州", "苏州市"),
        ("江苏", "江苏省"),
        ("广西", "广西壮族自治区"),
        ("湘西", "湘西土家族苗族自治州"),
        ("上海", "上海市"),
    ],
)
def test_short_forms(short, official):
    assert gazetteer.lookup_place(short).name == official


def test_one_character_short_form_is_never_matched():
    assert gazetteer.lookup_place("苏") is None
    assert gazetteer.short_forms("涉县") == ()


def test_ambiguous_district_is_settled_by_the_city_in_context():
    nanjing = gazetteer.lookup_place("南京市").adcode
    fuzhou = gazetteer.lookup_place("福州市").adcode
    assert gazetteer.lookup_place("鼓楼区", [nanjing]).parent_adcode == nanjing
    assert gazetteer.lookup_place("鼓楼区", [fuzhou]).parent_adcode == fuzhou


def test_without_context_a_higher_level_wins():
    assert gazetteer.lookup_place("吉林").level == "province"


def test_longest_name_at_reads_a_chain():
    text = "苏州市吴江区"
    assert gazetteer.longest_name_at(text, 0) == (3, True)
    assert gazetteer.longest_name_at(text, 3) == (6, True)
    assert gazetteer.longest_name_at("某某", 0) is None


def test_longest_name_at_tries_only_lengths_of_names_yet_finds_what_every_length_finds():
    def every_length(text: str, start: int):
        for end in range(min(len(text), start + gazetteer.max_name_length()), start + 1, -1):
            found, official = gazetteer.candidates(text[start:end])
            if found:
                return end, official
        return None

    text = "江苏省苏州市吴江区黎里镇和广西壮族自治区南宁市，湘西土家族苗族自治州吉首市某某村"
    assert [gazetteer.longest_name_at(text, i) for i in range(len(text) + 1)] == [
        every_length(text, i) for i in range(len(text) + 1)
    ]


def test_places_are_loaded_once_and_sorted():
    places = gazetteer.all_places()
    assert places is gazetteer.all_places()
    assert [p.adcode for p in places] == sorted(p.adcode for p in places)
    assert all(len(p.adcode) == 6 for p in places)
