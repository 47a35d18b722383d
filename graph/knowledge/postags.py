"""The groups of part-of-speech tags the entity rules test, each named by what it is for.

Two tag sets meet here.  LAC tags every token (``Token.pos``, ``Piece.pos``): n common
noun, nz other proper noun, nw title of a work, vn noun-verb, an noun-adjective, s place
word, f direction word, v verb, vd verb-adverb, a adjective, ad adverb-adjective, d adverb,
m numeral, q classifier, r pronoun, p preposition, c conjunction, u particle, xc other
function word, w punctuation, and PER / LOC / ORG / TIME for names; j (abbreviation) and
ns / nt (place / organisation name) are jieba's, accepted where the rules name them.
jieba's dictionary tags (``lexicon.dictionary_tag``) are the second set; they add b
(distinguishing word), z (state word) and nr / nrt / nrfg (personal names).

A group that is another plus or minus a tag is written so, on purpose: the difference is
part of the rule (a place core may be a person's name, a noun phrase may hold a noun-verb).

>>> sorted(NAME_PARTS - NOUN_LIKE)
['ns', 'nt', 's']
"""

from __future__ import annotations

__all__ = [
    "NAMES",
    "NOUNS",
    "NAME_WORDS",
    "LIST_ITEMS",
    "NOUN_LIKE",
    "NAME_PARTS",
    "PLACE_CORE",
    "PROPER_NAMES",
    "SHORT_PLACE",
    "INSIDE_NAME",
    "NOT_LEADING",
    "DESCRIBING",
    "BREAKS",
    "NEVER_JOINED",
    "NOT_COUNTED",
    "NOT_A_CORE",
    "DICT_VERBS",
    "DICT_NOT_A_CORE",
    "DICT_COMMON",
    "DICT_COMMON_OR_NOUN",
    "DICT_NOUNS",
    "DICT_BODIES",
    "DICT_PERSONS",
    "DICT_NOT_A_PERSON",
]

# ---------------------------------------------------------------- LAC's tags of tokens

NAMES = frozenset({"LOC", "ORG"})  # LAC's place and organisation names
NOUNS = frozenset({"n", "nz", "nw", "j"})  # common and proper nouns, titles, abbreviations

# A word that can carry a name: a generic noun before it is trimmed off (社区 苏州).
NAME_WORDS = NOUNS | NAMES
# An untagged item of a 、-list that may take the type of the other items (黎里、金泽、西塘).
LIST_ITEMS = NAME_WORDS | {"PER"}
# A plain noun phrase: a body's name may run across a verb after one (乡村振兴党建联盟).
NOUN_LIKE = NAME_WORDS | {"vn", "an"}
# Can be part of a name; any other tag breaks a name unless it is one of INSIDE_NAME.
NAME_PARTS = NOUN_LIKE | {"ns", "nt", "s"}
# A core before a place suffix that holds one of these names a place (沧浪街道, not 加大园区).
PLACE_CORE = NAME_WORDS | {"PER", "ns", "nt", "s"}
# A one-character or weak place suffix needs one of these before it (not 行政村, 安置小区).
PROPER_NAMES = NAMES | {"PER", "nz", "nw"}
# A short gazetteer name inside a word so tagged counts as a place.
SHORT_PLACE = NAMES | {"ns", "nz", "j"}

# Allowed inside a name, never alone: verbs, adjectives, numerals, conjunctions ...
INSIDE_NAME = frozenset({"v", "a", "m", "c", "f", "q", "ad", "vd"})
# A name never starts with one of these (an adverb neither).
NOT_LEADING = INSIDE_NAME | {"d"}
# Describe the body that follows (省 先进 基层 党组织 亨通集团党委): a direction word does
# not, a noun-adjective does.
DESCRIBING = (NOT_LEADING - {"f"}) | {"an"}
# Always a break between names: punctuation, prepositions, particles, pronouns, adverbs,
# function words, times, direction words.
BREAKS = frozenset({"w", "p", "u", "r", "d", "xc", "TIME", "f"})
# Tokens never joined into one suffix or title (示范 + 区 is; a person's name or a mark is not).
NEVER_JOINED = frozenset({"PER", "w"})
# Cores not counted towards a named theme (乡村振兴党建联盟): numerals, classifiers, conjunctions.
NOT_COUNTED = frozenset({"m", "q", "c"})
# A core of two characters so tagged names nothing before a suffix (a classifier may).
NOT_A_CORE = frozenset({"v", "m", "c"})

# ---------------------------------------------------------------- jieba's dictionary tags

DICT_VERBS = frozenset({"v", "vn", "a", "ad", "d"})  # verbs, adjectives, adverbs
# A place core of one word the dictionary knows so is a verb LAC took for a name (加大园区).
DICT_NOT_A_CORE = DICT_VERBS | {"b"}
# A short gazetteer name the dictionary knows so is first of all a common word (资源, 北部).
DICT_COMMON = DICT_VERBS | {"b", "s", "z", "f", "m", "q"}
# A word LAC tags as a place that the dictionary knows so is no place: common nouns too.
DICT_COMMON_OR_NOUN = DICT_COMMON | {"n"}
# Nouns: a short gazetteer name so tagged is a place unless it is a district's short name.
DICT_NOUNS = frozenset({"n", "nz"})
# A LAC organisation word the dictionary knows so is a body (新华社).
DICT_BODIES = frozenset({"nt", "j", "nrt"})
# Personal names (休斯).
DICT_PERSONS = frozenset({"nr", "nrt", "nrfg"})
# A would-be personal name the dictionary knows so is a word (短评).
DICT_NOT_A_PERSON = DICT_VERBS | {"f", "m", "q", "r", "p", "c", "u"}
