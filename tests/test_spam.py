"""Injected spam: brand shapes, scrambled fragments injected at random, and the seed that has them."""

from __future__ import annotations

import random

import jieba
import pytest

from graph.clean import clean_article, clean_text
from graph.clean import resources as R
from graph.clean.lines import split_lines
from graph.clean.spam import remove_spam
from graph.model import RawArticle

# A clean article written for these tests (invented place and people).
ARTICLE = [
    "今年以来,河湾镇党委把议事协商作为基层治理的重要抓手,在各村设立议事长廊,每月召开一次协商会。",
    "镇党委书记顾远航说,议事长廊让村民有了说话的地方,不少矛盾在长廊里就化解了。",
    "在柿子坡村,村党支部组织党员认领公共区域,修好了三条机耕路,还清理了两处池塘。",
    "下一步,河湾镇将把议事长廊的做法推广到社区,让基层党建和群众需求贴得更紧。",
]
_POOL = "春秋风雨山水花鸟云月星河金木火土光影声色心意手足门窗灯桥"
_LATIN = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_GAMBLING = ("娱乐", "棋牌", "真人", "超玩会", "彩票")


def _fragments(rng: random.Random, count: int) -> list[str]:
    """Random two- or three-character strings that are not words."""
    jieba.initialize()
    found: list[str] = []
    while len(found) < count:
        fragment = "".join(rng.choice(_POOL) for _ in range(rng.choice((2, 3))))
        if jieba.dt.FREQ.get(fragment, 0) == 0 and fragment not in found and fragment not in "".join(ARTICLE):
            found.append(fragment)
    return found


def _brand(rng: random.Random) -> str:
    letters = "".join(rng.choice(_LATIN) for _ in range(rng.choice((2, 3))))
    return letters + rng.choice(_GAMBLING) + rng.choice(("", "入口", "官网"))


def _inject(paragraph: str, tokens: list[str], rng: random.Random) -> str:
    """Insert ``tokens`` at random word boundaries of ``paragraph``."""
    words = list(jieba.cut(paragraph, HMM=False))
    for token in tokens:
        words.insert(rng.randrange(1, len(words) + 1), token)
    return "".join(words)


def _spammed(seed: int) -> str:
    """Each paragraph gets a brand; each of three fragments lands three times in random paragraphs."""
    rng = random.Random(seed)
    tokens: list[list[str]] = [[_brand(rng)] for _ in ARTICLE]
    for fragment in _fragments(rng, 3):
        for _ in range(3):
            tokens[rng.randrange(len(ARTICLE))].append(fragment)
    return "\n".join(_inject(paragraph, extra, rng) for paragraph, extra in zip(ARTICLE, tokens))


@pytest.mark.parametrize("seed", range(8))
def test_injected_spam_is_removed_and_sentences_are_unchanged(seed):
    spammed = _spammed(seed)
    assert spammed != "\n".join(ARTICLE)
    assert clean_text(spammed) == clean_text("\n".join(ARTICLE))


def test_removals_are_recorded_with_rule_and_line():
    doc = clean_article(RawArticle("s", "s.txt", _spammed(0)))
    spam = [r for r in doc.removed if r.rule.startswith("spam_")]
    assert spam and all(1 <= r.line <= len(ARTICLE) for r in spam)
    assert {r.rule for r in spam} >= {"spam_brand", "spam_fragment"}


@pytest.mark.parametrize(
    "text, spam",
    [
        ("AG超玩会入口", "AG超玩会入口"),
        ("欢迎XY娱乐城官网", "XY娱乐城官网"),
        ("KB真人开户", "KB真人开户"),
        ("百家乐", "百家乐"),
        ("注册送彩金", "注册送彩金"),
        ("TCL集团党委书记", None),
        ("SYE创客工作室", None),
        ("CCTV国际频道报道", None),
    ],
)
def test_brand_shapes(text, spam):
    matches = [m.group(0) for pattern in (R.GAMBLING_BRAND, R.GAMBLING_WORD) for m in pattern.finditer(text)]
    assert (matches[0] if matches else None) == spam


def test_spam_between_spaces_leaves_one_space():
    assert clean_text("镇里开展 AB娱乐 志愿服务活动,居民踊跃参加。") == "镇里开展 志愿服务活动,居民踊跃参加。"


def test_a_name_after_the_last_full_stop_is_not_spam():
    text = "镇里开展志愿服务活动,居民踊跃参加,大家都说这样的活动要多办。张莉"
    assert clean_text(text) == text


def test_no_spam_evidence_keeps_repeated_abbreviations():
    text = "\n".join(
        [
            "区里开展惠企活动,送政策上门。",
            "街道推出惠企清单,覆盖两百家企业。",
            "选派干部挂职惠企,帮企业解难题。",
        ]
    )
    lines, removed = remove_spam(split_lines(text))
    assert removed == () and [line.text for line in lines] == text.split("\n")


def test_real_word_used_as_spam_goes_only_where_it_breaks_the_sentence():
    lines = [
        "8日,基层当考察组走进学校时,风云月这里正在开展比赛。",
        "车辆往返于城区、风云月山区、基层XY娱乐入口园区,风云月车上的乘客聊着基层党建的故事。",
        "抓发展先抓党建,风云月抓党建就是基层促发展,大家都说基层党建是根本。",
        "基层党建要落到实处,基层党组织要强起来,基层党建工作有了新气象。",
    ]
    cleaned = clean_text("\n".join(lines))
    assert "基层当" not in cleaned and "基层促" not in cleaned and "XY娱乐" not in cleaned
    assert cleaned.count("基层党建") == 4 and "基层党组织" in cleaned


# --- the seed with injected spam --------------------------------------------------------------


def test_seed_004_spam_is_gone_and_sentences_kept(shared_dir):
    path = shared_dir / "seeds" / "004_430d29aad108b5a3.txt"
    doc = clean_article(RawArticle(path.stem, str(path), path.read_text(encoding="utf-8")))
    assert (
        "8日,当考察人员走进雨城区汉碑慈济小学考察中小学党建工作时,这里正在开展“童心向党”成语大赛。"
        in doc.text
    )
    assert "抓发展先得抓党建,抓党建就是促发展" in doc.text
    assert "在飞地园区的创业孵化中心内" in doc.text
    for token in (
        "党建得民党走",
        "众跟",
        "超玩会",
        "九游",
        "基层当",
        "基层促",
        "大赛。心人",
        "的心人乘客",
        "正是心人全市",
        ",民群车辆",
        "的民群好故事",
        "的民群行程",
    ):
        assert token not in doc.text, token
    assert "服务中心人来车往" in doc.text and "人民群众" in doc.text  # the same letters inside words stay
    assert doc.text.count("基层党建") >= 3
    assert "姚桥商圈" in doc.text and "共建共享共治" in doc.text


@pytest.mark.parametrize(
    "name", ["000_52eb52a0909ec699", "001_1d2bb49db53da41c", "002_9bd528a28331a23b", "003_fdd91cd0414ca71f"]
)
def test_seeds_without_spam_lose_nothing_to_the_spam_rules(shared_dir, name):
    path = shared_dir / "seeds" / f"{name}.txt"
    doc = clean_article(RawArticle(name, str(path), path.read_text(encoding="utf-8")))
    assert not [r for r in doc.removed if r.rule.startswith("spam_")]


# --- spam right next to names (invented articles and spam strings) -----------------------------

NAMED = [
    "今年以来,临川县青禾镇党委把议事协商作为基层治理的抓手,在各村设立议事长廊,青禾高新区产业发展局也派出干部参与。",
    "青禾镇党委书记韩晓岚说,议事长廊让村民有了说话的地方,青禾高新区产业发展局的干部每周到村里收集企业诉求。",
    "在青禾镇柳岸村,村党支部组织党员认领公共区域,修好了三条机耕路,青禾高新区产业发展局帮助引进了两家农产品企业。",
    "韩晓岚介绍,“柳岸夜话”每月办一次,下一步,青禾镇将把“柳岸夜话”的做法推广到社区,让“柳岸夜话”成为好帮手。",
]


def _spam_into(lines: list[str], inserts: list[tuple[int, str, str]]) -> str:
    """``lines`` with each (line, before this text, spam) written in."""
    out = list(lines)
    for index, anchor, spam in inserts:
        assert anchor in out[index], anchor
        out[index] = out[index].replace(anchor, spam + anchor, 1)
    return "\n".join(out)


def test_spam_right_after_a_comma_keeps_the_name_after_it():
    spammed = _spam_into(
        NAMED,
        [
            (0, "青禾高新区产业发展局也", "岚穗禾"),
            (1, "青禾高新区产业发展局的", "QW娱乐城官网"),
            (1, "收集企业", "岚穗禾"),
            (2, "村党支部", "岚穗禾"),
            (2, "青禾高新区产业发展局帮助", "汀浦棠"),
            (3, "下一步", "汀浦棠"),
            (0, "在各村", "汀浦棠"),
        ],
    )
    assert clean_text(spammed) == clean_text("\n".join(NAMED))


def test_names_among_spam_are_kept():
    """A town (青禾镇 after 临川县, before 党委), a person (韩晓岚 after 书记, before 说) and a
    quoted name (“柳岸夜话”) sit right next to spam as often as spam repeats itself."""
    spammed = _spam_into(
        NAMED,
        [
            (0, "青禾镇党委", "苗穗禾"),
            (1, "青禾镇党委", "KX棋牌注册"),
            (1, "韩晓岚说", "苗穗禾"),
            (2, "青禾镇柳岸村", "苗穗禾"),
            (3, "韩晓岚介绍", "苗穗禾"),
            (3, "青禾镇将", "浦棠汀"),
            (2, "柳岸村,", "浦棠汀"),
            (1, "议事长廊让", "浦棠汀"),
        ],
    )
    cleaned = clean_text(spammed)
    assert cleaned == clean_text("\n".join(NAMED))
    assert cleaned.count("青禾镇") == 4 and cleaned.count("韩晓岚") == 2 and cleaned.count("柳岸夜话") == 3


@pytest.mark.parametrize(
    "text, spam",
    [
        ("欢迎银禾体育官网", "银禾体育官网"),
        ("金旺棋牌注册平台", "金旺棋牌注册平台"),
        ("社区开设棋牌室和阅览室", None),
        ("学校开足开齐体育课", None),
        ("打造全民健身体育平台", None),
        ("建设文化娱乐平台", None),
    ],
)
def test_brand_shapes_with_a_chinese_name(text, spam):
    match = R.CJK_BRAND.search(text)
    assert (match.group(0) if match else None) == spam


def test_a_weak_brand_shape_is_spam_only_beside_clear_spam():
    alone = "镇里举办VR体育体验活动,居民踊跃参加。"
    assert clean_text(alone) == alone
    beside = "镇里举办MN体育体验活动,QW娱乐城官网居民踊跃参加。"
    assert clean_text(beside) == "镇里举办体验活动,居民踊跃参加。"
