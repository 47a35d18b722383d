"""Evidence and mentions quote the source verbatim, with offsets into the source text."""

from __future__ import annotations

import pytest

from graph.clean import clean_article
from graph.clean.source_map import SourceMap
from graph.ingest import iter_articles
from graph.model import InputFailure, RawArticle
from graph.pipeline import process_article
from graph.tools.cli import DEMO_CORPUS as DEMO_DIR


def _map(source: str) -> tuple[SourceMap, str]:
    document = clean_article(RawArticle("a", "a.txt", source))
    return SourceMap.of(document, source), document.text


def test_full_width_punctuation_is_quoted_as_written():
    source = "社区开展活动\n\n　　苏州市吴江区：创新治理，实干为民。\n"
    smap, text = _map(source)
    start = text.index("苏州市")
    s, e, quoted = smap.quote(start, text.index("。") + 1)
    assert quoted == "苏州市吴江区：创新治理，实干为民。"
    assert source[s:e] == quoted


def test_crlf_and_indentation_shift_offsets_into_the_source():
    source = "标题行\r\n\r\n\u3000\u3000第一句，在这里。\r\n\u3000\u3000第二句（试点）。"
    smap, text = _map(source)
    start = text.index("第二句")
    s, e, quoted = smap.quote(start, len(text))
    assert quoted == "第二句（试点）。"
    assert source.index("第二句") == s


def test_removed_spam_inside_a_sentence_stays_in_the_quote():
    # What the article printed there is the quote, spam included; nothing is invented.
    source = "标题\n\n街道党工委书记张明，澳门金沙娱乐城主持召开会议。"
    smap, text = _map(source)
    start, end = text.index("街道"), text.index("。") + 1
    s, e, quoted = smap.quote(start, end)
    assert source[s:e] == quoted
    assert quoted.startswith("街道党工委书记张明，") and quoted.endswith("主持召开会议。")


def test_traditional_input_is_quoted_in_its_own_script():
    source = "標題\n\n臺北市政府舉辦社區活動，居民參與。"
    smap, text = _map(source)
    start = text.index("台北市")
    s, e, quoted = smap.quote(start, start + 3)
    assert quoted == "臺北市"


def test_headline_line_maps_to_the_title_as_written():
    source = "江苏：小区有了服务站\n\n2022年9月23日 来源：某某日报\n\n居民点赞服务站。"
    smap, text = _map(source)
    s, e, quoted = smap.quote(0, text.index("\n"))
    assert quoted == "江苏：小区有了服务站"
    assert (s, e) == (0, len("江苏：小区有了服务站"))


def _records(inputs):
    for raw in iter_articles([str(path) for path in inputs]):
        if isinstance(raw, InputFailure):
            continue
        yield raw, process_article(raw)


def _assert_verbatim(inputs) -> int:
    checked = 0
    for raw, record in _records(inputs):
        for relation in record.relations:
            for evidence in relation.evidence:
                assert raw.text[evidence.start : evidence.end] == evidence.sentence, (raw.doc_id, evidence)
                checked += 1
        for entity in record.entities:
            for _, mention in entity.mentions:
                assert raw.text[mention.start : mention.end] == mention.text, (raw.doc_id, mention)
    return checked


def test_every_demo_evidence_sentence_is_verbatim_in_its_source():
    assert _assert_verbatim(sorted(DEMO_DIR.iterdir())) > 20


@pytest.mark.parametrize("folder", ["seeds", "corpora/dangjian"])
def test_every_shared_evidence_sentence_is_verbatim_in_its_source(shared_dir, folder):
    assert _assert_verbatim(sorted((shared_dir / folder).iterdir())) > 20
