"""jieba's tables read as needed (``graph.knowledge.jieba_tables.Dictionary``) answer as the whole tables do.

The reference is a plain ``jieba.Tokenizer`` and ``POSTokenizer`` that loaded everything
the way jieba itself does (its own cache, its own ``dict.txt``), once for the module.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.knowledge import jieba_tables

_OTHER = "0123456789abcXYZ+#&._%- \t\n，。、；：“”《》（）！？·—…"


@pytest.fixture(scope="module")
def whole():
    """jieba's segmenter and tagger with jieba's own whole tables, and pools of text to draw from."""
    jieba = jieba_tables._import_jieba()
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    tagger = jieba_tables._posseg(jieba).POSTokenizer(tokenizer)
    keys = sorted(tokenizer.FREQ)
    words = [k for k in keys[::97] if tokenizer.FREQ[k]]  # whole words
    words += [k for k in keys[::1499] if not tokenizer.FREQ[k]]  # prefixes of words only
    words += [k for k in keys if len(k) >= 6][::50]  # long chains
    words += [k for k in keys if not k.isascii() and any(map(str.isascii, k))]  # A股, 4S店, T恤
    common = sorted({ch for k, freq in tokenizer.FREQ.items() if freq > 20_000 for ch in k})
    return tokenizer, tagger, words, common


@pytest.fixture(scope="module")
def shared(whole):
    """One Dictionary that keeps what every example read: later texts start from earlier reads."""
    return _fresh()


def _fresh() -> jieba_tables.Dictionary:
    jieba = jieba_tables._import_jieba()
    jieba_tables.dictionary()  # makes the file if it is not there yet
    db, total = jieba_tables._open(jieba_tables.cache_path(jieba))
    return jieba_tables.Dictionary(jieba, total, db)


def _texts(words: list[str], common: list[str]):
    piece = st.one_of(
        st.sampled_from(words),
        st.sampled_from(common),
        st.characters(min_codepoint=0x3400, max_codepoint=0x9FFF),  # any CJK, past jieba's range too
        st.sampled_from(_OTHER),
    )
    return st.lists(piece, max_size=40).map("".join)


def _pos(tagger, text: str) -> list[tuple[str, str]]:
    return [(pair.word, pair.flag) for pair in tagger.lcut(text, HMM=False)]


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_a_dictionary_read_as_needed_answers_as_the_whole_tables(whole, shared, data):
    tokenizer, tagger, words, common = whole
    text = data.draw(_texts(words, common), label="text")
    cut, pos = tokenizer.lcut(text, HMM=False), _pos(tagger, text)
    for fresh_or_shared in (_fresh, lambda: shared):
        assert fresh_or_shared().cut(text) == cut
        assert fresh_or_shared().tokenize(text) == list(tokenizer.tokenize(text, HMM=False))
        assert fresh_or_shared().pos(text) == pos
        read = fresh_or_shared()
        read.cover(text)
        assert read._tokenizer.get_DAG(text) == tokenizer.get_DAG(text)
        looked_up = fresh_or_shared()  # no cover: one key at a time
        for start in range(len(text)):
            for piece in (text[start : start + n] for n in range(1, 7)):
                assert looked_up.frequency(piece) == tokenizer.FREQ.get(piece, 0)
                assert looked_up.tag(piece) == tagger.word_tag_tab.get(piece)
    assert not shared.complete


def test_past_the_bulk_limit_both_tables_are_read_whole(whole, monkeypatch):
    tokenizer, tagger, words, _ = whole
    monkeypatch.setattr(jieba_tables, "_BULK", 50)
    words_read = _fresh()
    text = "".join(words[:40])
    assert words_read.cut(text) == tokenizer.lcut(text, HMM=False)
    assert words_read.complete and words_read._db is None
    assert words_read.freq == tokenizer.FREQ and words_read.tags == tagger.word_tag_tab


def test_a_file_failing_half_way_gives_way_to_jieba_s_own_tables(whole, monkeypatch):
    tokenizer, tagger, words, _ = whole
    rewritten = []
    monkeypatch.setattr(jieba_tables, "_try_write", lambda path, *tables: rewritten.append(path))
    failing = _fresh()
    assert failing.tag("太湖") == "ns"
    failing._db.close()  # every later query raises sqlite3.ProgrammingError
    text = "".join(words[40:80])
    assert failing.pos(text) == _pos(tagger, text) and failing.complete
    assert failing.freq == tokenizer.FREQ and failing.tags == tagger.word_tag_tab
    assert rewritten == [jieba_tables.cache_path(jieba_tables._import_jieba())]


def test_without_a_file_jieba_s_own_tables_serve(whole, monkeypatch, tmp_path):
    tokenizer, tagger, _, _ = whole
    nowhere = tmp_path / "no such folder" / "tables.sqlite"
    monkeypatch.setattr(jieba_tables, "cache_path", lambda jieba: nowhere)
    own = jieba_tables.dictionary.__wrapped__()  # a new one, not the process's
    assert own.complete and own.freq == tokenizer.FREQ and own.tags == tagger.word_tag_tab
    text = "社区党委书记张三在吴江区调研"
    assert own.cut(text) == tokenizer.lcut(text, HMM=False)
    assert not (tmp_path / "no such folder").exists()


def test_jieba_itself_keeps_whole_tables(whole):
    """The Dictionary segments with a tokenizer of its own: jieba.dt and jieba.posseg.dt,
    used directly, answer from whole tables, before and after jieba_module()."""
    from graph.knowledge.lexicon import dictionary_cut, jieba_module

    tokenizer, tagger, words, _ = whole
    text = "".join(words[80:120])
    dictionary_cut(text[:20])
    jieba = jieba_tables._import_jieba()
    jieba_tables._posseg(jieba)

    assert jieba.lcut(text, HMM=False) == tokenizer.lcut(text, HMM=False)
    assert _pos(jieba.posseg, text) == _pos(tagger, text)
    assert jieba_module() is jieba
    assert jieba.dt.FREQ == tokenizer.FREQ and jieba.dt.total == tokenizer.total
    assert jieba.posseg.dt.word_tag_tab == tagger.word_tag_tab
    assert dictionary_cut(text) == tokenizer.lcut(text, HMM=False)
