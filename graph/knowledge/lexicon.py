"""Every word list and table of the package, from ``graph/resources/lexicon/``, loaded once per process.

Each list is a general description of how Chinese names and sentences are built
(suffixes of institutions and places, post titles, programme head words, verbs of
launching or joining, ...); none holds the name of a particular entity.  The folder's
README lists every file and the function here that reads it.

One format for all: one entry a line, ``#`` starts a comment, further columns follow a
TAB (``-`` for an empty one); a column of tags holds space-separated words, each
explained in the file's header.  Lists come longest entry first, so a scan that tries
them in order finds the longest match; every result is cached, so the rules may ask
for a list as often as they like.

>>> "党工委" in party_bodies()
True
>>> place_suffixes()["街道"]
'town'
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

from ..errors import ConfigError

__all__ = [
    # any list
    "words",
    "tagged",
    "pairs",
    "alternation",
    "chars",
    # places
    "LEVELS",
    "place_suffixes",
    "level_endings",
    "place_endings",
    "level_words",
    "level_chars",
    "town_words",
    "own_place_levels",
    "place_suffix_chars",
    "place_verbs",
    "country_forms",
    "peoples",
    "place_word_starts",
    "not_place_endings",
    # organisations
    "party_bodies",
    "government_bodies",
    "institution_suffixes",
    "org_suffixes",
    "branch_suffixes",
    "company_suffixes",
    "national_prefixes",
    "quoted_bodies",
    # people and posts
    "titles",
    "title_endings",
    "party_titles",
    "surnames",
    "address_words",
    "familiar_prefixes",
    "transliteration_chars",
    # programmes
    "programme_heads",
    "trigger_verbs",
    "document_heads",
    "national_strategies",
    "slogan_markers",
    "slogan_endings",
    "slogan_words",
    "abstract_nouns",
    "quote_class_words",
    # words between names
    "generic_nouns",
    "generic_modifiers",
    "action_verbs",
    "function_verbs",
    "quantifiers",
    "joint_verbs",
    # jieba's dictionary
    "jieba_module",
    "is_dictionary_word",
    "dictionary_tag",
]

LEXICON_DIR = Path(__file__).resolve().parents[1] / "resources" / "lexicon"


# ---------------------------------------------------------------- any list


@cache
def _lines(name: str) -> tuple[str, ...]:
    path = LEXICON_DIR / f"{name}.txt"
    if not path.is_file():
        raise ConfigError(f"word list {name!r} not found: expected {path}")
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return tuple(line for line in lines if line)


@cache
def _table(name: str, columns: int) -> tuple[tuple[str, ...], ...]:
    """The rows of a TAB-separated list in file order, each field stripped, padded with ``-``."""
    rows = (tuple(field.strip() for field in line.split("\t")) for line in _lines(name))
    return tuple(row + ("-",) * (columns - len(row)) for row in rows)


@cache
def _tags(name: str, column: int = 1) -> dict[str, frozenset[str]]:
    """Each entry of a list with the tags (space separated) of its column ``column``."""
    return {row[0]: frozenset(t for t in row[column].split() if t != "-") for row in _table(name, column + 1)}


def _longest_first(entries) -> tuple[str, ...]:
    return tuple(sorted(set(entries), key=lambda w: (-len(w), w)))


@cache
def words(name: str) -> tuple[str, ...]:
    """The entries of one list (first column), longest first."""
    return _longest_first(line.split("\t")[0] for line in _lines(name))


@cache
def tagged(name: str, tag: str, column: int = 1) -> tuple[str, ...]:
    """The entries of a list that carry ``tag`` in column ``column``, longest first.

    >>> tagged("titles", "party")
    ('书记', '委员', '常委')
    """
    return _longest_first(w for w, tags in _tags(name, column).items() if tag in tags)


@cache
def _without(name: str, tag: str) -> tuple[str, ...]:
    """The entries of a list that do not carry ``tag`` (in column 1), longest first."""
    return _longest_first(w for w, tags in _tags(name).items() if tag not in tags)


@cache
def pairs(name: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``word<TAB>forms`` lines as (word, forms), longest word first.

    >>> dict(pairs("national_posts"))["总书记"]
    ('党中央', '中共中央', '中央')
    """
    out = []
    for line in _lines(name):
        word, _, forms = line.partition("\t")
        out.append((word.strip(), tuple(forms.split())))
    return tuple(sorted(out, key=lambda p: (-len(p[0]), p[0])))


@cache
def alternation(name: str, tag: str | None = None) -> str:
    """A regex alternation of the words of a list (those tagged ``tag`` when given), longest first."""
    return "|".join(re.escape(w) for w in (words(name) if tag is None else tagged(name, tag)))


@cache
def chars(name: str) -> frozenset[str]:
    """Every character of a list written as characters (function_verbs.txt: 是有在...)."""
    return frozenset("".join(_lines(name)))


# ---------------------------------------------------------------- places

# The levels places nest at, from the top; place_endings.txt gives the level of each ending.
LEVELS = ("province", "city", "district", "town", "community", "village")


def _place_table() -> tuple[tuple[str, ...], ...]:
    """place_endings.txt: (ending, subtype, level, tags)."""
    return _table("place_endings", 4)


@lru_cache(maxsize=1)
def place_suffixes() -> dict[str, str]:
    """Suffixes of places below the county and of named zones, with subtypes, longest first."""
    table = {row[0]: row[1] for row in _place_table() if row[1] != "-"}
    return dict(sorted(table.items(), key=lambda kv: (-len(kv[0]), kv[0])))


@lru_cache(maxsize=1)
def level_endings() -> tuple[tuple[str, str | None], ...]:
    """(ending, level) of every ending that tells a level, longest first; a zone's level is None.

    >>> dict(level_endings())["街道"], dict(level_endings())["示范区"]
    ('town', None)
    """
    rows = ((row[0], None if row[2] == "unranked" else row[2]) for row in _place_table() if row[2] != "-")
    return tuple(sorted(rows, key=lambda r: (-len(r[0]), r[0])))


def place_endings(tag: str) -> tuple[str, ...]:
    """The place-name endings tagged ``tag`` in place_endings.txt (its header says what each tag means)."""
    return tagged("place_endings", tag, 3)


def level_words() -> tuple[str, ...]:
    """The plain word of each level (省, 市, 区, 县, 街道, 镇, 乡, 社区, 村), longest first."""
    return place_endings("level-word")


@lru_cache(maxsize=1)
def level_chars() -> frozenset[str]:
    """The one-character level words: 省 市 区 县 镇 乡 村."""
    return frozenset(w for w in level_words() if len(w) == 1)


@lru_cache(maxsize=1)
def town_words() -> tuple[str, ...]:
    """The level words of towns in file order (街道, 镇, 乡): the first that makes a name wins."""
    return tuple(row[0] for row in _place_table() if row[2] == "town" and "level-word" in row[3].split())


@lru_cache(maxsize=1)
def own_place_levels() -> tuple[tuple[str, str], ...]:
    """(word, level) of the bare level words whose bodies sit in the article's place of that level."""
    return tuple((row[0], row[2]) for row in _place_table() if "own-place" in row[3].split())


@lru_cache(maxsize=1)
def place_suffix_chars() -> frozenset[str]:
    """The one-character place suffixes (镇, 乡, 村, 岛, 湖)."""
    return frozenset(w for w in place_suffixes() if len(w) == 1)


def place_verbs() -> tuple[str, ...]:
    """Verbs of location glued to the place they take (北依, 家住), longest first."""
    return words("place_verbs")


@lru_cache(maxsize=1)
def country_forms() -> dict[str, str]:
    """Every full name of a country -> its short name (中华人民共和国 -> 中国)."""
    return {form: short for short, forms in pairs("country_names") for form in forms}


def national_prefixes() -> tuple[str, ...]:
    """中国, 中共, 中华人民共和国: before a national body's name, naming the same body."""
    return words("national_prefixes")


def peoples() -> tuple[str, ...]:
    """The names of China's peoples as they stand in the names of autonomous divisions, longest first."""
    return words("peoples")


def place_word_starts() -> frozenset[str]:
    """Characters that make a common word of a place name after them (沿湖, 临江)."""
    return chars("place_word_starts")


def not_place_endings() -> tuple[str, ...]:
    """Endings of LAC place words that name no place (之乡, 公寓)."""
    return words("not_place_endings")


# ---------------------------------------------------------------- organisations


def party_bodies() -> tuple[str, ...]:
    return words("party_bodies")


def government_bodies() -> tuple[str, ...]:
    return words("government_bodies")


def institution_suffixes() -> tuple[str, ...]:
    return words("institution_suffixes")


@lru_cache(maxsize=1)
def org_suffixes() -> dict[str, str]:
    """Every organisation suffix with its kind (party / government / company), longest first."""
    kinds = {row[0]: row[1] for row in _table("institution_suffixes", 2) if row[1] != "-"}
    for kind, entries in (("government", government_bodies()), ("party", party_bodies())):
        kinds.update({w: kind for w in entries})
    return dict(sorted(kinds.items(), key=lambda kv: (-len(kv[0]), kv[0])))


@lru_cache(maxsize=1)
def branch_suffixes() -> frozenset[str]:
    """Suffixes of branches named after their parent (支行, 分公司, 分局): X银行苏州支行 is one name."""
    return frozenset(tagged("institution_suffixes", "branch", 2)) | frozenset(
        tagged("government_bodies", "branch")
    )


def company_suffixes(tag: str | None = None) -> tuple[str, ...]:
    """Name endings of companies (集团, 公司, 网, 有限公司), or those tagged ``tag`` (merge, find)."""
    return words("company_suffixes") if tag is None else tagged("company_suffixes", tag)


@lru_cache(maxsize=1)
def quoted_bodies() -> dict[str, str]:
    """Words that make the quoted name before them a body (行动支部, 办公室), with its kind, longest first."""
    return {row[0]: row[1] for row in sorted(_table("quoted_bodies", 3), key=lambda r: (-len(r[0]), r[0]))}


# ---------------------------------------------------------------- people and posts


def titles() -> tuple[str, ...]:
    """Titles cut out of names (书记 in 市委书记周乃翔): every title but the ``ending`` ones."""
    return _without("titles", "ending")


def title_endings() -> tuple[str, ...]:
    """Endings of a post title (科长 ends 行业发展科科长): every title but the ``no-post`` ones."""
    return _without("titles", "no-post")


def party_titles() -> tuple[str, ...]:
    """Party posts (书记, 委员, 常委): a title holding one is a party post."""
    return tagged("titles", "party")


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Single-character family names (the first line) and double ones."""
    lines = _lines("surnames")
    return frozenset(lines[0]) | frozenset(lines[1:])


@lru_cache(maxsize=1)
def address_words() -> frozenset[str]:
    """老师, 师傅: written after a family name they address a person, they name no one."""
    return frozenset(words("address_words"))


def familiar_prefixes() -> frozenset[str]:
    """小, 老, 阿: before one more character, a familiar form of a personal name (老王)."""
    return chars("familiar_prefixes")


def transliteration_chars() -> frozenset[str]:
    return chars("transliteration_chars")


# ---------------------------------------------------------------- programmes


def programme_heads(tag: str | None = None) -> tuple[str, ...]:
    """Head words that end a programme name (工程, 行动), or those tagged ``tag`` (parallel, strong, ...)."""
    return words("programme_heads") if tag is None else tagged("programme_heads", tag)


@lru_cache(maxsize=1)
def trigger_verbs() -> frozenset[str]:
    return frozenset(words("trigger_verbs"))


def document_heads() -> tuple[str, ...]:
    return words("document_heads")


@lru_cache(maxsize=1)
def national_strategies() -> frozenset[str]:
    return frozenset(words("national_strategies"))


def slogan_markers() -> tuple[str, ...]:
    """Words that make a quoted string a saying wherever they stand in it (不, 的, 我)."""
    return tuple(w for w in _without("slogan_markers", "ending") if w not in slogan_words())


def slogan_words() -> tuple[str, ...]:
    """Words that make a quoted string a saying when they stand in it as words of their own (了)."""
    return tagged("slogan_markers", "word")


def slogan_endings() -> tuple[str, ...]:
    """Last characters that make a quoted string a saying (淘宝式, 网格化)."""
    return tagged("slogan_markers", "ending")


@lru_cache(maxsize=1)
def abstract_nouns() -> frozenset[str]:
    return frozenset(words("abstract_nouns"))


@lru_cache(maxsize=1)
def quote_class_words() -> dict[str, str]:
    """Words that tell what a quoted string before them names.

    word -> programme / organisation / place / none."""
    return {row[0]: row[1] for row in _table("quote_class_words", 2)}


# ---------------------------------------------------------------- words between names


@lru_cache(maxsize=1)
def generic_nouns() -> frozenset[str]:
    return frozenset(words("generic_nouns"))


@lru_cache(maxsize=1)
def generic_modifiers() -> frozenset[str]:
    return frozenset(words("generic_modifiers"))


@lru_cache(maxsize=1)
def action_verbs() -> frozenset[str]:
    return frozenset(words("action_verbs"))


@lru_cache(maxsize=1)
def quantifiers() -> frozenset[str]:
    """Words of quantity over places or bodies (全市, 各级): never part of a name."""
    return frozenset(words("quantifiers"))


def function_verbs() -> frozenset[str]:
    """One-character verbs and coverbs that never stand in a name (是, 有, 把, 由)."""
    return chars("function_verbs")


def joint_verbs() -> tuple[str, ...]:
    """联合, 携手, 会同: A联合B, the body before partners the one after (tagged joint in connectors.txt)."""
    return tagged("connectors", "joint")


# ---------------------------------------------------------------- jieba's dictionary
# Every use of jieba goes through these: they read jieba's tables only as far as the text
# needs (``jieba_tables.Dictionary``), with jieba's own results.  (The four taking a text are
# not in __all__, whose names tests/test_lexicon.py calls without arguments.)


@lru_cache(maxsize=1)
def jieba_module():
    """``jieba`` with its default dictionary and word tags loaded whole, once per process.

    For code that wants jieba itself (tests); the functions below read only what they need.
    Nothing may add words to ``jieba.dt`` at run time: every stage's decisions (and so
    the output) would then depend on what ran before it in the same process.
    """
    from .jieba_tables import load_jieba  # lazily: importing jieba takes a while

    return load_jieba()


def _dictionary():
    from .jieba_tables import dictionary

    return dictionary()


def dictionary_cut(text: str) -> list[str]:
    """The words of ``text`` as jieba cuts it without its HMM (dictionary words and single characters).

    >>> dictionary_cut("社区党委书记")
    ['社区', '党委书记']
    """
    return _dictionary().cut(text)


def dictionary_tokenize(line: str) -> list[tuple[str, int, int]]:
    """(word, start, end) of every word of :func:`dictionary_cut`."""
    return _dictionary().tokenize(line)


def dictionary_pos(text: str) -> list[tuple[str, str]]:
    """(word, jieba's part of speech) of every word of ``text``, as ``jieba.posseg`` cuts it without its HMM.

    >>> dictionary_pos("吴江区调研")
    [('吴江', 'nr'), ('区', 'n'), ('调研', 'vn')]
    """
    return _dictionary().pos(text)


def is_dictionary_word(text: str) -> bool:
    """Whether jieba's general dictionary knows ``text`` as a word (全局, 联网).

    >>> is_dictionary_word("基层"), is_dictionary_word("民群")
    (True, False)
    """
    return _dictionary().frequency(text) > 0


def dictionary_tag(text: str) -> str | None:
    """jieba's part of speech for a dictionary word (北部 -> 'f', 太湖 -> 'ns'), or None."""
    return _dictionary().tag(text)
