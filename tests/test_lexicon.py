"""The word lists of graph/resources/lexicon/: every file loads through graph.knowledge.lexicon, no list
repeats an entry, the README lists every file, the cache fingerprint covers every file, and the
one table of place-name endings gives the levels and subtypes the rules expect."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from graph.corpus import cache
from graph.knowledge import lexicon
from graph.model import Entity, EntityType
from graph.relations.posts import is_title
from graph.relations.view import place_level

FILES = sorted(lexicon.LEXICON_DIR.glob("*.txt"))
# Lists written as characters, not one entry a line (surnames.txt: its first line only).
CHAR_LISTS = {"transliteration_chars", "function_verbs"}
# Files with a column of tags, and that column.
TAG_COLUMNS = {
    "titles": 1,
    "place_endings": 3,
    "company_suffixes": 1,
    "programme_heads": 1,
    "slogan_markers": 1,
    "connectors": 1,
    "set_up_verbs": 1,
    "quoted_bodies": 2,
}


def test_there_are_lists():
    assert len(FILES) >= 30


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_list_loads(path):
    assert lexicon.words(path.stem)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_entry_twice_in_a_list(path):
    lines = lexicon._lines(path.stem)
    entries = [line.split("\t")[0].strip() for line in lines]
    assert [e for e, n in Counter(entries).items() if n > 1] == []
    rows = lines[:1] if path.stem == "surnames" else lines if path.stem in CHAR_LISTS else ()
    for row in rows:
        assert [ch for ch, n in Counter(row).items() if n > 1] == [], row


@pytest.mark.parametrize("name", sorted(TAG_COLUMNS))
def test_every_tag_is_explained_in_its_file(name):
    comments = "\n".join(
        line
        for line in (lexicon.LEXICON_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    )
    used = {tag for tags in lexicon._tags(name, TAG_COLUMNS[name]).values() for tag in tags}
    assert used, name
    assert [t for t in sorted(used) if not re.search(rf"(?<![\w-]){re.escape(t)}(?![\w-])", comments)] == []


def test_readme_lists_every_file_and_no_other():
    readme = (lexicon.LEXICON_DIR / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| (\w+\.txt) \|", readme, re.M))
    assert listed == {p.name for p in FILES}


def test_cache_fingerprint_covers_every_list():
    fingerprinted = set(cache._extraction_files(cache.PACKAGE_DIR))
    assert {p.resolve() for p in lexicon.LEXICON_DIR.iterdir()} <= {p.resolve() for p in fingerprinted}


@pytest.mark.parametrize(
    "name",
    [
        n
        for n in lexicon.__all__
        if n
        not in {
            "words",
            "pairs",
            "alternation",
            "tagged",
            "chars",
            "place_endings",
            "LEVELS",
            "LEXICON_DIR",
            "jieba_module",
            "is_dictionary_word",
            "dictionary_tag",
        }
    ],
)
def test_every_named_list_is_not_empty(name):
    assert getattr(lexicon, name)()


def test_lists_are_cached_once_per_process():
    assert lexicon.place_suffixes() is lexicon.place_suffixes()
    assert lexicon.level_endings() is lexicon.level_endings()
    assert isinstance(lexicon.level_chars(), frozenset) and isinstance(lexicon.generic_nouns(), frozenset)


# ---------------------------------------------------------------- the place-ending table


def _place(name: str, subtype: str | None = None) -> Entity:
    return Entity(key=f"place:{name}", name=name, type=EntityType.PLACE, subtype=subtype)


@pytest.mark.parametrize(
    "name, subtype, level",
    [
        ("江苏省", None, "province"),
        ("广西壮族自治区", None, "province"),
        ("苏州市", None, "city"),
        ("甘孜藏族自治州", None, "city"),  # no level of its own: 州
        ("吴江区", None, "district"),
        ("涉县", None, "district"),
        ("浦东新区", "zone", "district"),  # a zone for the entity stage, a district for nesting
        ("苏州经开区", "zone", "district"),  # no level of its own: 区
        ("横泾街道", None, "town"),
        ("桃源镇", None, "town"),
        ("莫舍社区", None, "community"),
        ("开弦弓村", None, "village"),
        ("苏州工业园区", "zone", None),  # zones say nothing about nesting
        ("长三角生态绿色一体化发展示范区", "zone", None),
        ("盘门片区", "town", "town"),  # a subtype that is a level wins over the ending
        ("盘门片区", None, None),
        ("家天下小区", None, None),
        ("莫舍社区二区", None, None),  # a numbered part, not a district
        ("太湖", "landmark", None),
        ("吴江区", "district", "district"),
    ],
)
def test_place_level(name, subtype, level):
    assert place_level(_place(name, subtype)) == level


def test_place_table_columns_hold_known_values():
    for ending, subtype, level, _ in lexicon._place_table():
        assert subtype in {"-", "town", "community", "village", "zone", "landmark"}, ending
        assert level in {"-", "unranked", *lexicon.LEVELS}, ending


def test_place_suffixes_and_level_words():
    suffixes = lexicon.place_suffixes()
    assert (suffixes["街道"], suffixes["社区"], suffixes["村"], suffixes["园区"], suffixes["湖"]) == (
        "town",
        "community",
        "village",
        "zone",
        "landmark",
    )
    assert "区" not in suffixes and "省" not in suffixes  # divisions come from the gazetteer
    assert list(suffixes) == sorted(suffixes, key=lambda w: (-len(w), w))
    assert set(lexicon.level_words()) == {"省", "市", "区", "县", "镇", "乡", "街道", "社区", "村"}
    assert lexicon.level_chars() == frozenset("省市区县镇乡村")
    assert lexicon.town_words() == ("街道", "镇", "乡")
    assert dict(lexicon.own_place_levels()) == {
        "市": "city",
        "区": "district",
        "县": "district",
        "街道": "town",
        "镇": "town",
    }
    assert lexicon.place_suffix_chars() == frozenset("镇乡村岛湖站")


def test_short_form_endings_are_longest_first():
    endings = lexicon.place_endings("short-form")
    assert [len(e) for e in endings] == sorted((len(e) for e in endings), reverse=True)
    assert endings[0] == "特别行政区" and "旗" in endings


# ---------------------------------------------------------------- titles and other tagged lists


def test_titles_one_list_two_uses():
    assert "记者" in lexicon.titles() and "记者" not in lexicon.title_endings()
    assert "科长" in lexicon.titles() and "官" not in lexicon.titles() and "官" in lexicon.title_endings()
    assert is_title("首席战略官") and is_title("行业发展科科长") and not is_title("记者")
    assert set(lexicon.party_titles()) == {"书记", "委员", "常委"}


def test_tagged_subsets():
    assert set(lexicon.company_suffixes("find")) == {"集团", "公司", "银行", "证券"}
    assert set(lexicon.company_suffixes("merge")) == {"集团", "公司", "银行", "证券", "网"}
    assert (
        set(lexicon.company_suffixes("find"))
        <= set(lexicon.company_suffixes("merge"))
        <= set(lexicon.company_suffixes())
    )
    strong = set(lexicon.programme_heads("strong"))
    assert strong <= set(lexicon.programme_heads("after-place")) <= set(lexicon.programme_heads())
    assert set(lexicon.joint_verbs()) == {"联合", "携手", "会同"}
    assert (
        lexicon.quoted_bodies()["行动支部"] == "party" and lexicon.quoted_bodies()["办公室"] == "government"
    )
    assert set(lexicon.slogan_endings()) == {"式", "型", "化"} and "式" not in lexicon.slogan_markers()
