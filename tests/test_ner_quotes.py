"""graph.entities.quotes and the parts of graph.entities.quoted that tests/test_quoted.py leaves out:
where quotes are, which stand side by side, the basic checks, where a phrase ends, the heads
after a quote, 《…》 titles and the headline's quotes.  Every sentence is invented; no model runs.
"""

from __future__ import annotations

import pytest
from ner_util import named

from graph.entities.quoted import clean_inner, head_after, phrase_ends, quote_chains, quoted_candidates
from graph.entities.quotes import find_quotes

pytestmark = pytest.mark.usefixtures("no_lac")


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "推出“青灯”和《稻香计划》、「松风」及‘石门’。",
            [("青灯", "“", 2, 6), ("稻香计划", "《", 7, 13), ("松风", "「", 14, 18), ("石门", "‘", 19, 23)],
        ),
        ("“跨\n行”", []),  # no quote runs across a line
        ("“”和《》", []),  # nor is empty
        ("“" + "甲" * 60 + "”", [("甲" * 60, "“", 0, 62)]),
        ("“" + "甲" * 61 + "”", []),  # longer than a name can be
        ("《" + "乙" * 80 + "》", [("乙" * 80, "《", 0, 82)]),
        ("‘" + "丙" * 41 + "’", []),
    ],
)
def test_find_quotes(text, expected):
    quotes = list(find_quotes(text))
    assert [(q.inner, q.mark, q.start, q.end) for q in quotes] == expected
    assert all(text[q.inner_start : q.inner_end] == q.inner for q in quotes)


def test_find_quotes_shifts_offsets_into_the_document():
    [quote] = find_quotes("推出“青灯”", offset=100)
    assert (quote.start, quote.end, quote.inner_start, quote.inner_end) == (102, 106, 103, 105)


@pytest.mark.parametrize(
    "text, chains",
    [
        ("推行“甲乙”“丙丁”、“戊己”,以及“庚辛”。", [["甲乙", "丙丁", "戊己"], ["庚辛"]]),
        ("“甲乙”,“丙丁”", [["甲乙", "丙丁"]]),
        ("“甲乙”和“丙丁”", [["甲乙"], ["丙丁"]]),
        ("《青禾》“甲乙”「丙丁」", [["甲乙", "丙丁"]]),  # a title is no item of a list
    ],
)
def test_quote_chains(text, chains):
    assert [[q.inner for q in chain] for chain in quote_chains(text, tuple(find_quotes(text)))] == chains


@pytest.mark.parametrize(
    "inner, ok",
    [
        ("青灯夜校", True),
        ("1+3+N", True),  # a numbered architecture
        ("甲", False),  # too short
        ("一" * 31, False),  # too long
        ("甲,乙", False),  # a sentence, not a name
        ("要抓好落实", False),
        ("十四五", False),  # a national five-year plan
        ("党建+公益", False),  # a generic method
        ("乡村振兴", False),  # a national strategy
        ("社区", False),  # a generic noun
    ],
)
def test_clean_inner(inner, ok):
    assert clean_inner(inner) is ok


@pytest.mark.parametrize(
    "text, end, closes",
    [
        ("青禾工程。", 4, True),
        ("青禾工程", 4, True),
        ("青禾工程中", 4, True),
        ("青禾工程a", 4, True),
        ("青禾工程实施", 4, True),  # a trigger verb starts the next phrase
        ("青禾工程建设", 4, True),
        ("青禾工程典型", 4, False),  # 工程 only qualifies what follows
    ],
)
def test_phrase_ends(text, end, closes):
    assert phrase_ends(text, end) is closes


@pytest.mark.parametrize(
    "text, head",
    [
        ("“青灯”专项行动启动", "专项行动"),
        ("“青灯”行动的成效", "行动"),
        ("“青灯”工作室", None),  # a body's word, not a programme head
        ("“青灯”的行动", None),  # 的 between: the head is not the quote's
    ],
)
def test_head_after(text, head):
    end = head_after(text, text.index("”") + 1)
    assert (text[text.index("”") + 1 : end] if end else None) == head


def quoted(text: str, body_start: int = 0) -> set[tuple[str, str, str]]:
    return named(text, quoted_candidates(text, tuple(find_quotes(text)), body_start))


@pytest.mark.parametrize(
    "text, expected",
    [
        # a title ending in a document word, or holding 关于, is a policy document
        (
            "县里印发《青禾镇网格管理办法》,明确职责。",
            {("《青禾镇网格管理办法》", "Programme", "programme.document")},
        ),
        (
            "县里印发《关于做好青禾镇网格工作的通知》。",
            {("《关于做好青禾镇网格工作的通知》", "Programme", "programme.document")},
        ),
        # a short title before a word of publishing is a publication
        ("据《青禾周报》报道,活动很成功。", {("《青禾周报》", "Organisation", "org.publication")}),
        ("《松风》杂志刊发了文章。", {("《松风》", "Organisation", "org.publication")}),
        # any other title names nothing
        ("他读了《青禾故事》一书。", set()),
    ],
)
def test_titles_in_angle_brackets(text, expected):
    assert quoted(text) == expected


def test_a_quoted_branch_is_a_party_body():
    text = "组建“青苗先锋”行动支部,服务群众。"
    assert [
        (text[c.start : c.end], c.type.value, c.subtype, c.rule)
        for c in quoted_candidates(text, tuple(find_quotes(text)))
    ] == [("“青苗先锋”行动支部", "Organisation", "party", "org.quoted")]


def test_the_headline_quotes_only_what_the_body_accepts():
    headline = "“青灯夜校”点亮乡村\n"
    text = headline + "县里推出“青灯夜校”服务。"
    starts = sorted(c.start for c in quoted_candidates(text, tuple(find_quotes(text)), len(headline)))
    assert starts == [0, text.index("“", len(headline))]
    assert quoted(headline + "大家都说好。", len(headline)) == set()
