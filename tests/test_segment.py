"""Segment stage: sentences and tokens keep offsets into the document text."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.segment import split_sentences, tokenize


def test_sentences_end_at_chinese_and_western_stops_and_line_breaks():
    text = "吴江区召开会议。会议要求：抓落实！\n下一步怎么办？继续"
    assert [s.text for s in split_sentences(text)] == [
        "吴江区召开会议。", "会议要求：抓落实！", "下一步怎么办？", "继续"]


def test_closing_quote_stays_with_its_sentence():
    assert [s.text for s in split_sentences("他说：“好。”然后走了。")] == ["他说：“好。”", "然后走了。"]


def test_very_long_sentence_is_cut_after_a_comma():
    text = ("甲乙丙丁，" * 200) + "。"
    sentences = split_sentences(text)
    assert len(sentences) > 1 and all(len(s.text) <= 400 for s in sentences)
    assert "".join(s.text for s in sentences) == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("吴江区委书记张三。，！？\n “”《》*a1 "), max_size=300))
def test_sentence_offsets_point_into_the_text(text):
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text and s.text.strip() == s.text and s.text


def test_lac_tokens_have_offsets_and_entity_tags():
    text = "苏州市委书记张三在吴江区调研。"
    tokens = tokenize(split_sentences(text))
    assert all(text[t.start:t.end] == t.text for t in tokens)
    assert ("张三", "PER") in {(t.text, t.pos) for t in tokens}


def test_full_width_characters_keep_their_offsets():
    text = "ＡＢＣ公司１２３人参加。"
    tokens = tokenize(split_sentences(text))
    assert "".join(t.text for t in tokens) == text
