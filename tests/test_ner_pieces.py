"""graph.entities.pieces: LAC words re-cut at the joints of names, on hand-written tokens.

Kinds are compared as strings (``"place"``, ``"psuf"``, ``"osuf"``, ``"title"``, ``"core"``,
``"per"``, ``"break"``).  No LAC model runs.
"""

from __future__ import annotations

import pytest
from ner_util import pieces_as_text, text_of, tokens

from graph.entities.pieces import is_generic, join_suffix_tokens, sentence_pieces, split_word, token_pieces
from graph.model import Token

pytestmark = pytest.mark.usefixtures("no_lac")


def segments(word: str, pos: str) -> str:
    return " ".join(f"{word[s:e]}/{kind}" for s, e, kind, _ in split_word(word, pos))


@pytest.mark.parametrize(
    "word, pos, expected",
    [
        # a division, its level's 委 and a department
        ("临沂市委组织部", "ORG", "临沂市/place 委/osuf 组织部/osuf"),
        # a chain of divisions, a street named by its own core, the street's party body
        ("临沂市兰山区青禾街道党工委", "LOC", "临沂市/place 兰山区/place 青禾/core 街道/psuf 党工委/osuf"),
        ("松风集团党委", "ORG", "松风/core 集团/osuf 党委/osuf"),
        ("市委书记", "n", "市委/osuf 书记/title"),
        # a branch named after its parent: the parent, the branch's place, the branch
        ("松风银行临沂支行", "ORG", "松风/core 银行/osuf 临沂/place 支行/osuf"),
        ("智慧社区", "n", "智慧/core 社区/psuf"),
        # a short name and a level character: a former name of the place
        ("临沂县", "LOC", "临沂县/place"),
        # no joint: one core
        ("委员", "n", "委员/core"),  # 委 closes a body only after a place,
        ("党委委员", "n", "党委/osuf 委员/title"),  # not after another suffix
        ("互联网", "n", "互联网/core"),  # a one-character suffix inside a dictionary word
        ("暖村", "LOC", "暖村/core"),  # two characters ending in a place suffix are one word
        ("松林公园", "LOC", "松林公园/core"),
        ("青禾", "nz", "青禾/core"),
        # a short division name counts as a place only in a word tagged as a name
        ("兰山", "nz", "兰山/place"),
        ("兰山", "n", "兰山/core"),
        ("东方", "LOC", "东方/core"),  # a division's short name that is first a common word
    ],
)
def test_split_word(word, pos, expected):
    assert segments(word, pos) == expected


@pytest.mark.parametrize(
    "word, pos, subs",
    [
        ("临沂市兰山区青禾街道党工委", "LOC", ["official", "official", "", "town", "party"]),
        ("松风银行临沂支行", "ORG", ["", "company", "short", "company"]),
        ("青禾社区", "LOC", ["", "community"]),
        ("临沂县", "LOC", ["old"]),
    ],
)
def test_split_word_gives_each_suffix_its_kind(word, pos, subs):
    assert [sub for *_, sub in split_word(word, pos)] == subs


@pytest.mark.parametrize(
    "tagged, expected",
    [
        (
            "临沂市委组织部/ORG 部长/n 王立新/PER 说/v",
            "临沂市/place 委/osuf 组织部/osuf 部长/title 王立新/per 说/break",
        ),
        # LAC's person that reads as no personal name is cut as a word (临沂 + 环)
        ("临沂环/PER", "临沂环/core"),
        ("在/p 青禾镇/LOC ，/w", "在/break 青禾/core 镇/psuf ，/break"),
        # quantifiers, launch verbs and adverbs break names; a plain verb may sit inside one
        ("全市/n 开展/v 工作/vn", "全市/break 开展/break 工作/core"),
        ("大力/d 推动/v 松风集团/ORG", "大力/break 推动/core 松风/core 集团/osuf"),
        ("二区/n", "二区/psuf"),  # a numbered sub-area
        ("临沂市三个镇/LOC", "临沂市/place 三个镇/break"),  # counted places end a name
        # LAC's tokens that together spell one suffix are joined, a person's name never
        ("示范/vn 区/n", "示范区/psuf"),
        ("管理/vn 办/n", "管理办/osuf"),
        ("示范/PER 区/n", "示范/core 区/core"),
        # a joint verb after a body's suffix is a break between two bodies
        ("松风集团联合松林公司/ORG", "松风/core 集团/osuf 联合/break 松林/core 公司/osuf"),
        # 和 between two names LAC took for one word, or glued to the first name
        ("青禾和松风航空大学/ORG", "青禾/core 和/core 松风航空/core 大学/osuf"),
        ("北岭学院和/ORG 松风学院/ORG", "北岭/core 学院/osuf 和/core 松风/core 学院/osuf"),
    ],
)
def test_sentence_pieces(tagged, expected):
    assert pieces_as_text(sentence_pieces(tokens(tagged))) == expected


@pytest.mark.parametrize(
    "tagged, start",
    [
        ("临沂市委组织部/ORG 部长/n 王立新/PER 说/v", 0),
        ("在/p 临沂市兰山区青禾街道党工委/LOC 工作/vn 。/w", 7),
        ("示范/vn 区/n 和/c 松风集团联合松林公司/ORG", 12),
        ("北岭学院和/ORG 临沂市三个镇/LOC", 3),
    ],
)
def test_pieces_point_into_the_text_in_order_and_cover_every_token(tagged, start):
    words = tokens(tagged, start)
    text = " " * start + text_of(words)
    pieces = sentence_pieces(words)
    assert all(text[p.start : p.end] == p.text for p in pieces)
    assert [(p.start, p.end) for p in pieces] == sorted((p.start, p.end) for p in pieces)
    assert pieces[0].start == start and pieces[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(pieces, pieces[1:]))


def test_token_pieces_shift_a_word_to_its_offset():
    pieces = token_pieces(Token(10, 17, "临沂市委组织部", "ORG"))
    assert [(p.start, p.end, p.text, p.pos) for p in pieces] == [
        (10, 13, "临沂市", "ORG"),
        (13, 14, "委", "ORG"),
        (14, 17, "组织部", "ORG"),
    ]
    assert [p.sub for p in pieces] == ["official", "government", "government"]


@pytest.mark.parametrize(
    "tagged, joined",
    [
        ("示范/vn 区/n", ["示范区"]),
        ("建设/v 示范/vn 区/n", ["建设", "示范区"]),
        ("示范/PER 区/n", ["示范", "区"]),
        ("青禾/nz 区/n", ["青禾", "区"]),  # no suffix spelled: nothing joined
    ],
)
def test_join_suffix_tokens(tagged, joined):
    words = join_suffix_tokens(tokens(tagged))
    assert [t.text for t in words] == joined
    assert all(a.end == b.start for a, b in zip(words, words[1:]))


def test_tokens_that_do_not_touch_are_not_joined():
    apart = [Token(0, 2, "示范", "vn"), Token(3, 4, "区", "n")]
    assert join_suffix_tokens(apart) == apart


@pytest.mark.parametrize("text, generic", [("社区", True), ("智慧", True), ("青禾", False), ("临沂", False)])
def test_is_generic(text, generic):
    assert is_generic(sentence_pieces([Token(0, len(text), text, "n")])[0]) is generic
