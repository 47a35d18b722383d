"""Metadata: dates, header lines, bylines, trailers, titles and HTML <meta> tags, as in/out tables."""

from __future__ import annotations

import pytest

from graph.clean.htmlmeta import page_meta
from graph.clean.lines import split_lines
from graph.clean.metadata import extract_metadata, parse_date, split_names, split_run
from graph.model import DocumentMeta

BODY = "村党支部组织党员志愿者清理河道垃圾,村民们也纷纷加入进来,河水变清了。"


@pytest.mark.parametrize(
    "text, iso",
    [
        ("2017-09-19 09:58:59", "2017-09-19"),
        ("2022年9月23日", "2022-09-23"),
        ("2022/09/23", "2022-09-23"),
        ("2021.1.6", "2021-01-06"),
        ("发布时间:2020年 12 月 1 日", "2020-12-01"),
        ("9月23日", "--09-23"),
        ("****年*月**日", None),
        ("2022年13月40日", None),
        ("没有日期", None),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    "text, names",
    [
        ("张三", ("张三",)),
        ("张三 李四", ("张三", "李四")),
        ("张三、李四,王五", ("张三", "李四", "王五")),
        ("张三 通讯员 李四", ("张三", "李四")),
    ],
)
def test_split_names(text, names):
    assert split_names(text) == names


def _meta(text: str, hints: DocumentMeta | None = None) -> tuple[list[str], DocumentMeta]:
    lines, meta, _ = extract_metadata(split_lines(text), hints)
    return [line.text for line in lines if line.text], meta


@pytest.mark.parametrize(
    "header, expected",
    [
        (
            "2017-09-19 09:58:59 来源:示例日报 编辑:李明 责编:王芳",
            dict(date="2017-09-19", source="示例日报", editors=("李明", "王芳")),
        ),
        ("来源:《示例晚报》", dict(source="示例晚报")),
        ("发布时间:2023-02-01 作者:赵雷", dict(date="2023-02-01", authors=("赵雷",))),
        ("记者 陈思 通讯员 马丽", dict(authors=("陈思", "马丽"))),
        ("本版撰稿 盛远", dict(authors=("盛远",))),
        ("文/周宁", dict(authors=("周宁",))),
        ("示例日报/示例网记者 唐晓", dict(source="示例日报", authors=("唐晓",))),
        ("责任编辑:孙悦", dict(editors=("孙悦",))),
        ("责编 孙悦", dict(editors=("孙悦",))),
        ("9月23日 来源:示例日报", dict(date=None, source="示例日报")),  # no year: no date
        (
            "2024-05-12 来源:示例新闻网 记者 林晓 编辑:王静",
            dict(source="示例新闻网", authors=("林晓",), editors=("王静",)),
        ),
        ("2024/04/18 来源:示例日报 文/钱文", dict(source="示例日报", authors=("钱文",))),
        ("发布时间:09-23 10:00", dict(date=None)),
    ],
)
def test_metadata_lines_are_read_and_removed(header, expected):
    body, meta = _meta(f"{header}\n{BODY}")
    assert body == [BODY]
    for field, value in expected.items():
        assert getattr(meta, field) == value, field


@pytest.mark.parametrize(
    "line",
    [
        "文明城市创建工作推进会召开",  # starts like 文/ but is not a byline
        "记者节当天,社区为记者们送上了鲜花。",  # mentions reporters in prose
        "来源于群众的意见建议,社区都一一记录在册并及时回复。",
    ],
)
def test_prose_is_not_metadata(line):
    body, meta = _meta(f"{BODY}\n{line}")
    assert body == [BODY, line]
    assert meta.authors == () and meta.source is None


def test_trailer_with_masked_date_gives_source_and_author_but_no_date():
    body, meta = _meta(f"{BODY}最后一句。摘自****年*月**日《示例日报》记者 胡青")
    assert body == [f"{BODY}最后一句。"]
    assert (meta.source, meta.authors, meta.date) == ("示例日报", ("胡青",), None)


def test_trailer_with_a_real_date():
    _, meta = _meta(f"{BODY}\n{BODY}转自2021年3月5日《示例时报》")
    assert (meta.source, meta.date) == ("示例时报", "2021-03-05")


def test_body_dates_are_not_article_dates():
    _, meta = _meta(f"标题\n\n10月8日,{BODY}\n{BODY}")
    assert meta.date is None


@pytest.mark.parametrize(
    "text, title, body_start",
    [
        (f"村里的新河道\n\n{BODY}\n{BODY}", "村里的新河道", BODY),  # blank line after
        (f"村里的新河道\n2023-01-02 来源:示例日报\n{BODY}", "村里的新河道", BODY),  # meta line after
        (f"{BODY}\n{BODY}", None, BODY),  # no headline
        (f"小标题\n{BODY}", None, "小标题"),  # a subheading
        (
            f"示例县推行网格议事新办法 群众有事好商量\n{BODY}",
            "示例县推行网格议事新办法 群众有事好商量",
            BODY,
        ),  # glued headline
        ("只有一行", None, "只有一行"),  # a lone line is body
    ],
)
def test_title_detection(text, title, body_start):
    body, meta = _meta(text)
    assert meta.title == title and body[0] == body_start


def test_hint_title_removes_the_same_first_line():
    body, meta = _meta(f"夜校开课了\n{BODY}", DocumentMeta(title="夜校开课了", date="2024-01-01"))
    assert body == [BODY] and meta.title == "夜校开课了" and meta.date == "2024-01-01"


def test_hint_title_with_site_suffix_still_removes_the_headline():
    body, meta = _meta(f"夜校开课了\n{BODY}", DocumentMeta(title="夜校开课了 示例网"))
    assert body == [BODY] and meta.title == "夜校开课了 示例网"


def test_inline_byline_gives_authors_and_keeps_text():
    first = f"本报讯(记者 方圆 通讯员 白露){BODY}"
    body, meta = _meta(f"{first}\n{BODY}")
    assert meta.authors == ("方圆", "白露") and body[0] == first


@pytest.mark.parametrize(
    "html, field, value",
    [
        ("<title>社区夜校开课_示例网</title>", "title", "社区夜校开课"),
        ('<meta property="og:title" content="夜校 - 开课"><title>别的</title>', "title", "夜校 - 开课"),
        ('<meta name="publishdate" content="2024-03-08 09:00">', "date", "2024-03-08"),
        (
            '<meta property="article:published_time" content="2024-03-08T09:00:00+08:00">',
            "date",
            "2024-03-08",
        ),
        ('<meta name="author" content="王雨、李川">', "authors", ("王雨", "李川")),
        ('<meta property="og:site_name" content="示例网">', "source", "示例网"),
        ('<link rel="canonical" href="https://example.org/x">', "url", "https://example.org/x"),
        (
            '<meta name="keywords" content="夜校"><meta name="description" content="开课">',
            "extra",
            (("description", "开课"), ("keywords", "夜校")),
        ),
    ],
)
def test_page_meta(html, field, value):
    assert getattr(page_meta(html), field) == value


# --- bylines that run names together, datelines, edition lines ------------------------------


@pytest.mark.parametrize(
    "run, names",
    [
        ("孙海涛钱立", ("孙海涛", "钱立")),  # 3 + 2: 钱 starts the only cut
        ("赵刚周文博", ("赵刚", "周文博")),  # 2 + 3 or 3 + 2: 周 is a commoner family name than 文
        ("韩冬梅李强", ("韩冬梅", "李强")),  # 李 over 梅
        ("郑晓雯冯子健", ("郑晓雯", "冯子健")),  # 3 + 3 (no 2 + 2 + 2 cut: 雯冯? 子 is no family name)
        ("马宁罗兵", ("马宁", "罗兵")),  # 2 + 2
        ("许一帆唐果杜鹏程", ("许一帆", "唐果", "杜鹏程")),
        ("欧阳晓岚", ("欧阳晓岚",)),  # one name with a double family name
        ("叶小舟", ("叶小舟",)),  # three characters: always one name
        ("格桑德吉", ("格桑德吉",)),  # no cut explains it: a minority name stays whole
        ("布合力其·艾山", ("布合力其·艾山",)),
    ],
)
def test_split_run(run, names):
    assert split_run(run) == names


@pytest.mark.parametrize(
    "first, authors, source",
    [
        (f"本报清河讯(通讯员孙海涛钱立){BODY}", ("孙海涛", "钱立"), None),  # 本报 names no publisher
        (f"本报讯(记者 马宁 通讯员 罗兵叶小舟){BODY}", ("马宁", "罗兵", "叶小舟"), None),
        (f"示例日报讯(记者赵刚周文博){BODY}", ("赵刚", "周文博"), "示例日报"),
        (f"新华社柳州5月6日电(记者韩冬梅){BODY}", ("韩冬梅",), "新华社"),  # a dateline
        (f"示例新闻网岭南3月2日电(记者 郑晓雯 许一帆){BODY}", ("郑晓雯", "许一帆"), "示例新闻网"),
        (f"新华社柳州5月6日电 {BODY}", (), "新华社"),  # a dateline without a byline
    ],
)
def test_inline_bylines_and_datelines(first, authors, source):
    body, meta = _meta(f"{first}\n{BODY}")
    assert body[0] == first  # the lead stays in the text
    assert (meta.authors, meta.source, meta.date) == (authors, source, None)  # 5月6日: no year, no date


def test_dateline_after_a_photo_caption():
    text = (
        f"示例镇举办农民运动会\n5月6日,选手在示例镇比赛现场合影。\n新华社柳州5月6日电(记者唐果){BODY}\n{BODY}"
    )
    body, meta = _meta(text)
    assert (meta.title, meta.source, meta.authors) == ("示例镇举办农民运动会", "新华社", ("唐果",))
    assert body[0] == "5月6日,选手在示例镇比赛现场合影。"


@pytest.mark.parametrize(
    "text",
    [
        f"{BODY}\n{BODY}\n《示例日报》(2021年03月05日 02版)",
        f"{BODY}\n{BODY}\n《 示例日报 》( 2021年03月05日 第02版)",
        f"《示例日报》(2021-03-05 02版)\n{BODY}\n{BODY}",
        f"{BODY}\n{BODY}《示例日报》(2021年03月05日 02 版)",  # glued to the last paragraph
    ],
)
def test_edition_line_gives_source_and_date(text):
    body, meta = _meta(text)
    assert body == [BODY, BODY]
    assert (meta.source, meta.date) == ("示例日报", "2021-03-05")


@pytest.mark.parametrize("line", ["记者手记", "记者短评", "通讯员培训班开班", "记者观察"])
def test_a_heading_that_starts_with_a_role_is_not_a_byline(line):
    body, meta = _meta(f"{BODY}\n{line}\n{BODY}")
    assert line in body and meta.authors == ()


@pytest.mark.parametrize(
    "text, title",
    [
        (f"示例县:网格议事有新招 群众有事好商量\n{BODY}\n{BODY}", "示例县:网格议事有新招 群众有事好商量"),
        # a subtitle, or a photo caption, between the headline and the first paragraph
        (
            f"王小禾:山村里的“点灯人”\n从“打工妹”到“点灯人”\n——记示例县某村党支部书记王小禾\n{BODY}",
            "王小禾:山村里的“点灯人”",
        ),
        (f"示例县农民运动会开幕\n5月6日,选手们在赛场合影。\n{BODY}", "示例县农民运动会开幕"),
    ],
)
def test_headline_over_a_subtitle_or_caption(text, title):
    _, meta = _meta(text)
    assert meta.title == title
