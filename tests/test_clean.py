"""Clean: each step on an in/out table, the whole stack on hand-made articles, properties, seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.clean import clean_article, clean_text, content_hash
from graph.clean.furniture import cut_footer, drop_furniture_lines, drop_headline_list, furniture_rule
from graph.clean.lines import split_lines
from graph.clean.normalize import (
    looks_traditional,
    normalize_spaces,
    normalize_text,
    to_half_width,
    to_simplified,
)
from graph.corpus.dedup import mark_duplicates
from graph.errors import EmptyInputError
from graph.ingest import iter_articles
from graph.model import Document, DocumentMeta, ExtractionRecord, RawArticle

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
BODY = "社区党委组织党员开展环境整治,清理楼道杂物三十多处,居民纷纷点赞。"


def _raw(text: str, doc_id: str = "t") -> RawArticle:
    return RawArticle(doc_id, f"{doc_id}.txt", text)


# --- normalisation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given_text, expected",
    [
        ("苏州：２０２２年（试点），好！", "苏州:2022年(试点),好!"),
        ("“红色引擎”。、《日报》", "“红色引擎”。、《日报》"),  # Chinese punctuation stays
        ("ＡＢＣ１２３", "ABC123"),
        ("占比**.*%", "占比**.*%"),  # masked digits stay masked
    ],
)
def test_to_half_width(given_text, expected):
    assert to_half_width(given_text) == expected


@pytest.mark.parametrize(
    "given_text, expected",
    [
        ("\u3000\u3000正文", "正文"),
        ("甲\xa0\xa0 乙\t丙", "甲 乙 丙"),
        ("零\u200b宽", "零宽"),
        ("", ""),
    ],
)
def test_normalize_spaces(given_text, expected):
    assert normalize_spaces(given_text) == expected


def test_normalize_text_keeps_line_count():
    text = "一\r\n二\r三\n\n四"
    assert normalize_text(text).split("\n") == ["一", "二", "三", "", "四"]


@pytest.mark.parametrize(
    "given_text, traditional",
    [
        ("這個社區的黨員誌願者們積極參與環境整治工作", True),
        ("这个社区的党员志愿者们积极参与环境整治工作", False),
        ("English only text", False),
    ],
)
def test_looks_traditional(given_text, traditional):
    assert looks_traditional(given_text) is traditional


def test_to_simplified_keeps_length():
    text = "鄉黨委書記介紹,議事會已經解決了實事。"
    assert len(to_simplified(text)) == len(text)
    assert to_simplified(text) == "乡党委书记介绍,议事会已经解决了实事。"


# --- furniture -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, rule",
    [
        ("首页 >> 江西首页 >> 市县新闻 >> 正文", "breadcrumb"),
        ("当前位置:首页 > 要闻", "breadcrumb"),
        ("某某银行_fororder_banner_1200x80", "image_name"),
        ("活动海报.jpg", "image_name"),
        ("听新闻", "listen_widget"),
        ("分享到:", "share_widget"),
        ("微信 微博 QQ空间", "share_widget"),
        ("查看隐藏内容(*)需先登录", "login_prompt"),
        ("标签:党建 社区", "tag_line"),
        ("友情链接", "footer_line"),
        ("©2023 Powered By 某某科技", "footer_line"),
        ("相关新闻:", "more_news"),
        ("社区书记介绍了网格化治理的做法。", None),
        ("首页是居民最常看的栏目,他说。", None),
        ("党建引领基层治理", None),
    ],
)
def test_furniture_rule(line, rule):
    assert furniture_rule(line) == rule


def test_lone_number_only_before_body():
    lines = split_lines(f"标题\n1\n{BODY}\n2")
    kept, removed = drop_furniture_lines(lines)
    assert [line.text for line in kept] == ["标题", BODY, "2"]
    assert [(r.rule, r.line) for r in removed] == [("lone_number", 2)]


@pytest.mark.parametrize(
    "footer",
    [
        "版权和免责声明",
        "某某网版权与内容使用的声明:",
        "本文仅代表作者观点,不代表本站立场。",
        "本站的部分内容来源于互联网,如有侵权请联系删除。",
        "©2024 Powered By 某某",
        "友情链接",
    ],
)
def test_cut_footer_cuts_to_the_end(footer):
    lines = split_lines(f"{BODY}\n{footer}\n1、凡注明来源的稿件均不得转载。\n另一家网站的新闻标题")
    kept, removed = cut_footer(lines)
    assert [line.text for line in kept] == [BODY]
    assert len(removed) == 3 and all(r.rule == "footer" for r in removed)


def test_cut_footer_needs_a_body_first():
    lines = split_lines(f"版权声明\n{BODY}")
    assert cut_footer(lines) == (lines, ())


def test_headline_list_at_the_end_is_dropped():
    headlines = [f"某地第{n}届农民丰收节开幕!多个项目签约" for n in range(6)]
    lines = split_lines("\n".join([BODY, "短的小标题", BODY, *headlines]))
    kept, removed = drop_headline_list(lines)
    assert [line.text for line in kept] == [BODY, "短的小标题", BODY]
    assert [r.text for r in removed] == headlines


def test_few_short_lines_at_the_end_stay():
    lines = split_lines(f"{BODY}\n图为志愿者在清理楼道\n海棠先锋 志愿服务")
    assert drop_headline_list(lines) == (lines, ())


# --- the whole stack on hand-made articles ---------------------------------------------------

NOISY = f"""首页 >> 新闻 >> 正文
听新闻
乡村振兴_fororder_banner_370x80

桂花村开展“最美庭院”评选

2023-10-08 08:30:00 来源:示例日报 编辑:何苗 责编:吴涛

　　{BODY}
　　活动共评出“最美庭院”十二户，村民们纷纷表示要向身边榜样学习。
记者 邓刚 通讯员 马丽
标签:
版权声明:本网所有稿件未经授权不得转载。
友情链接
©2023 Powered By 某某 - 网站地图
"""


def test_clean_article_keeps_every_sentence_and_removes_the_rest():
    doc = clean_article(_raw(NOISY))
    body = BODY + "\n活动共评出“最美庭院”十二户,村民们纷纷表示要向身边榜样学习。"
    assert doc.text == "桂花村开展“最美庭院”评选\n" + body  # the headline opens the text
    assert doc.text[doc.headline_end :] == body
    assert doc.meta.to_gold() == {
        "title": "桂花村开展“最美庭院”评选",
        "date": "2023-10-08",
        "source": "示例日报",
        "authors": ["邓刚", "马丽"],
        "editors": ["何苗", "吴涛"],
    }
    rules = {r.rule for r in doc.removed}
    assert {
        "breadcrumb",
        "listen_widget",
        "image_name",
        "title",
        "meta_line",
        "byline",
        "tag_line",
        "footer_line",
    } <= rules
    assert doc.content_hash == content_hash(body) and len(doc.content_hash) == 64  # the body alone


def test_fixture_articles_clean_to_their_bodies():
    docs = {
        doc.doc_id: doc
        for doc in (clean_article(a) for a in iter_articles([str(FIXTURES)]) if isinstance(a, RawArticle))
    }
    assert docs["utf8"].meta.editors == ("林晓",) and docs["utf8"].meta.authors == ("陈思",)
    utf8 = docs["utf8"]
    assert utf8.text[: utf8.headline_end] == "青石镇推行“邻里议事会”\n" and utf8.text[
        utf8.headline_end :
    ].startswith("近日,青石镇党委")
    page = docs["page"]
    assert page.meta.title == "松山街道开设社区夜校"
    assert page.text.split("\n").count("松山街道开设社区夜校") == 1  # the headline once, not twice


def test_traditional_is_converted_and_original_kept():
    doc = clean_article(next(iter_articles([str(FIXTURES / "big5.txt")])))
    assert "绿水乡党委在辖区六个村" in doc.text
    assert doc.original_text is not None and "綠水鄉黨委在轄區六個村" in doc.original_text
    assert len(doc.original_text) == len(doc.text)
    assert doc.meta.source == "示例时报" and doc.meta.date == "2023-06-01"


def test_simplified_has_no_original_text():
    assert clean_article(_raw(NOISY)).original_text is None


@pytest.mark.parametrize(
    "text", ["", "   \n\n", "首页 >> 新闻 >> 正文\n听新闻\n友情链接", "标题\n\n2023-01-01 来源:某报"]
)
def test_only_furniture_raises_empty_input(text):
    with pytest.raises(EmptyInputError, match="only page furniture"):
        clean_article(_raw(text))


@pytest.mark.parametrize(
    "headline, title",
    [
        (
            "示例县：网格议事有新招，群众有事好商量",
            "示例县：网格议事有新招，群众有事好商量",
        ),  # full-width kept
        ("示例县:网格议事有新招", "示例县:网格议事有新招"),  # ASCII kept
        ("\u3000示例县：网格议事\u3000有新招  ", "示例县：网格议事 有新招"),  # spaces normalised
        ("示例縣：網格議事有新招", "示例县：网格议事有新招"),  # Traditional -> Simplified
    ],
)
def test_title_is_the_headline_as_written(headline, title):
    paragraph = "這個社區的黨員誌願者們積極參與環境整治工作，居民紛紛點讚。" if "縣" in headline else BODY
    doc = clean_article(_raw(f"{headline}\n\n{paragraph}\n{paragraph}"))
    assert doc.meta.title == title
    assert "：" not in doc.text and "，" not in doc.text  # the body stays canonical


def test_spam_in_the_headline_goes_and_the_rest_is_as_written():
    doc = clean_article(_raw(f"示例县：网格议事QX娱乐城官网有新招\n\n{BODY}\n{BODY}"))
    assert doc.meta.title == "示例县：网格议事有新招"


def test_hints_from_the_format_win():
    raw = RawArticle(
        "j",
        "j.jsonl:1",
        f"柳岸村建起菜园\n{BODY}",
        "jsonl",
        meta=DocumentMeta(title="柳岸村建起菜园", source="甲报"),
    )
    doc = clean_article(raw)
    assert doc.meta.title == "柳岸村建起菜园" and doc.meta.source == "甲报"
    assert doc.text == f"柳岸村建起菜园\n{BODY}" and doc.text[doc.headline_end :] == BODY


# --- properties -------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    list("社区党委书记基层治理网格志愿。,、:“”《》()!? \n\t\u3000１Ａａ*-_>©0123456789")
    + ["首页 >> ", "来源:", "记者 ", "编辑:", "友情链接", "AB娱乐", "\u200b"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_clean_never_raises_unexpectedly_and_is_idempotent(text):
    try:
        doc = clean_article(_raw(text))
    except EmptyInputError:
        return
    assert doc.text.strip() == doc.text and doc.text
    assert clean_text(doc.text) == doc.text


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=200))
def test_clean_text_on_any_unicode(text):
    once = clean_text(text)
    assert clean_text(once) == once


# --- dedup --------------------------------------------------------------------------------------


def test_duplicates_group_identical_and_near_identical_bodies():
    docs = [
        Document("c", "c.txt", "社区开展义诊。"),
        Document("a", "a.txt", "社区开展义诊"),
        Document("b", "b.txt", "社区 开展 义诊!"),
        Document("d", "d.txt", "别的文章。"),
    ]
    kept = mark_duplicates([ExtractionRecord(doc, (), ()) for doc in docs])
    assert [(r.document.doc_id, r.document.also_from) for r in kept] == [("a", ("b.txt", "c.txt")), ("d", ())]
    alone = mark_duplicates([ExtractionRecord(docs[3], (), ())])
    assert [(r.document.doc_id, r.document.also_from) for r in alone] == [("d", ())]


def test_the_same_story_under_two_headlines_is_one():
    first = Document("a", "a.txt", "甲地开展义诊\n社区开展义诊。", headline_end=7)
    second = Document("b", "b.txt", "乙报：社区义诊暖人心\n社区开展义诊。", headline_end=11)
    kept = mark_duplicates([ExtractionRecord(doc, (), ()) for doc in (first, second)])
    assert [(r.document.doc_id, r.document.also_from) for r in kept] == [("a", ("b.txt",))]


# --- the seed articles ---------------------------------------------------------------------------

FURNITURE_MARKERS = ("_fororder_", "版权", "免责声明", "友情链接", "Powered By", "梅州", "听新闻", "需先登录")


@pytest.fixture(scope="module")
def seed_docs(shared_dir):
    return {
        path.stem: clean_article(_raw(path.read_text(encoding="utf-8"), path.stem))
        for path in sorted((shared_dir / "seeds").glob("*.txt"))
    }


def test_seed_bodies_hold_no_furniture(seed_docs):
    assert len(seed_docs) >= 5
    for doc_id, doc in seed_docs.items():
        for marker in FURNITURE_MARKERS:
            assert marker not in doc.text, (doc_id, marker)


def _article_path(shared_dir: Path, doc_id: str) -> Path:
    """Where the article of a gold file lives: the seeds, or one of the corpora."""
    found = [
        shared_dir / "seeds" / f"{doc_id}.txt",
        *sorted((shared_dir / "corpora").glob(f"*/{doc_id}.txt")),
    ]
    found = [path for path in found if path.is_file()]
    assert found, f"no article for gold file {doc_id}"
    return found[0]


@pytest.fixture(scope="module")
def gold_articles(shared_dir):
    """doc id -> (gold, raw text, cleaned document) for every gold file."""
    articles = {}
    for gold_path in sorted((shared_dir / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        path = _article_path(shared_dir, gold["doc"])
        raw = path.read_text(encoding="utf-8")
        articles[gold["doc"]] = (gold, raw, clean_article(RawArticle(gold["doc"], str(path), raw)))
    return articles


def test_gold_articles_are_found_in_seeds_and_corpora(gold_articles):
    assert len(gold_articles) >= 13
    assert any(doc.startswith("dj") for doc in gold_articles) and any(
        doc[0].isdigit() for doc in gold_articles
    )


def test_gold_meta_matches(gold_articles):
    """Title, date, source, authors and editors of every gold article, seeds and corpora alike."""
    wrong = {
        doc_id: (doc.meta.to_gold(), gold["meta"])
        for doc_id, (gold, _, doc) in gold_articles.items()
        if doc.meta.to_gold() != gold["meta"]
    }
    assert not wrong


def test_gold_entities_survive_cleaning(gold_articles):
    """Every gold entity written in the raw article (name or alias) is still in the body or meta."""
    for doc_id, (gold, raw, doc) in gold_articles.items():
        raw = normalize_text(raw)
        meta_text = normalize_text(json.dumps(doc.meta.to_gold(), ensure_ascii=False))
        for entity in gold["entities"]:
            forms = [normalize_text(form) for form in (entity["name"], *entity.get("aliases", []))]
            forms = [form for form in forms if form in raw]
            if not forms:  # a derived name (市科技局 from 市、区科技局): nothing to keep
                continue
            assert any(form in doc.text or form in meta_text for form in forms), (doc_id, forms)


def test_seed_headline_opens_the_text_once(seed_docs):
    for doc in seed_docs.values():
        if doc.headline_end:
            headline = doc.text[: doc.headline_end - 1]
            assert doc.meta.title and "\n" not in headline
            assert headline not in doc.text[doc.headline_end : doc.headline_end + len(headline) + 1].split(
                "\n"
            )
