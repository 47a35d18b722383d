"""Spam the cleaning code has never seen, injected into clean articles, and what it costs.

Real injected spam (``../shared/seeds/004_*``) is a handful of strings, each written
several times at places that break the sentence: right after a comma or an enumeration
mark, after the last full stop of a paragraph, between two words.  The
strings are scrambled characters of the article itself (民群, 心人, 党建得民党走),
gambling brands (a few Latin letters + 超玩会入口, a casino name) and, glued to them, real
words of the article (基层).  This module makes new strings of those shapes from a seeded
RNG (never a list of known ones), writes them into an article the same way, and compares
what the whole pipeline extracts from the clean and the spammed copy.

Run on every article (seeds 000-003, the dangjian corpus, the built-in demo corpus)::

    .venv/bin/python tests/spam_inject.py --seeds 0,1,2
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_BODY_END = "。!?！？…"
_BREAKS = ",，、;；"

# Shapes, not strings: letters are drawn at random and glued to the words gambling sites use.
_LATIN = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_GAMBLING_HEADS = ("娱乐", "棋牌", "真人", "电竞", "彩票", "体育", "超玩会", "娱乐城", "游戏")
_TAILS = ("", "", "入口", "官网", "官方网站", "登录", "注册", "平台", "app", "下载", "网址")
_CJK_TAILS = ("入口", "官网", "官方网站", "登录", "注册", "平台", "app", "下载", "网址")
# Characters brand stems are made of (any common character would do; none is a brand).
_STEM_POOL = "金银星龙凤鑫盛博乐彩威豪利发旺宝福瑞永辉皇冠亚米尊凯雷火华爱云鱼游"


def _cut(text: str) -> list[str]:
    from graph.knowledge.lexicon import dictionary_cut

    return dictionary_cut(text)


def _is_word(text: str) -> bool:
    from graph.knowledge.lexicon import is_dictionary_word

    return is_dictionary_word(text)


@dataclass
class Spam:
    """The strings written into one article, by kind."""

    scrambled: list[str] = field(default_factory=list)
    brands: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)

    @property
    def strings(self) -> list[str]:
        """Every injected string that is not a real word of the article."""
        return self.scrambled + self.brands


# Parts of speech of the article's keywords (nouns, verbs, adjectives, names), which keyword
# spam is scrambled from; pronouns, particles, prepositions, adverbs and numbers are not.
_KEYWORD_TAGS = ("n", "v", "a", "j", "l", "i")


def _keywords(text: str) -> list[str]:
    from graph.knowledge.lexicon import dictionary_tag

    return [
        w
        for w in _cut(text)
        if len(w) >= 2
        and all(CJK_CHAR.match(c) for c in w)
        and (dictionary_tag(w) or "x").startswith(_KEYWORD_TAGS)
    ]


def _article_chars(text: str) -> tuple[list[str], list[int]]:
    """The characters of the article's keywords (spam scrambles them: 群众 -> 众, 民)."""
    counts: dict[str, int] = {}
    for word in _keywords(text):
        for char in word:
            counts[char] = counts.get(char, 0) + 1
    chars = sorted(counts)
    return chars, [counts[c] for c in chars]


def _article_words(text: str) -> list[str]:
    return sorted({w for w in _keywords(text) if len(w) == 2})


def make_spam(text: str, rng: random.Random) -> Spam:
    """New spam strings for ``text``: scrambled pieces of its own characters and words,
    gambling-brand shapes with random letters or stems, and one real word of the article."""
    chars, weights = _article_chars(text)
    words = _article_words(text)
    spam = Spam()
    taken: set[str] = set()

    def fresh(candidate: str) -> bool:
        return candidate not in taken and candidate not in text and not _is_word(candidate)

    while len(spam.scrambled) < 3:  # 民群, 心人: a few characters of the article
        candidate = "".join(rng.choices(chars, weights, k=rng.choice((2, 2, 3))))
        if fresh(candidate):
            spam.scrambled.append(candidate)
            taken.add(candidate)
    while len(spam.scrambled) < 4:  # 党建得民党走: words and characters run together
        pieces = [
            rng.choice(words) if rng.random() < 0.6 else rng.choices(chars, weights)[0]
            for _ in range(rng.choice((3, 4)))
        ]
        candidate = "".join(pieces)[: rng.choice((4, 5, 6))]
        doubled = any(a == b for a, b in zip(pieces, pieces[1:]))
        # scrambled: the segmenter finds stray characters in it, not only whole words (带领必须)
        stray = any(len(token) == 1 for token in _cut(candidate))
        if len(candidate) >= 4 and stray and not doubled and fresh(candidate):
            spam.scrambled.append(candidate)
            taken.add(candidate)
    for _ in range(rng.choice((1, 2))):  # AG超玩会入口
        letters = "".join(rng.choice(_LATIN) for _ in range(rng.choice((2, 2, 3))))
        if rng.random() < 0.3:
            letters = letters.lower()
        if rng.random() < 0.2:
            letters += str(rng.randrange(1, 99))
        spam.brands.append(letters + rng.choice(_GAMBLING_HEADS) + rng.choice(_TAILS))
    if rng.random() < 0.5:  # 鑫星体育官网
        stem = "".join(rng.choice(_STEM_POOL) for _ in range(2))
        spam.brands.append(stem + rng.choice(("体育", "娱乐", "电竞", "棋牌")) + rng.choice(_CJK_TAILS))
    common = [w for w in words if text.count(w) >= 3]
    if common:  # 基层: a real word glued to the spam
        spam.words.append(rng.choice(common))
    return spam


# --- where spam goes -------------------------------------------------------------------------


def _is_body(line: str) -> bool:
    return len(line) >= 30 and any(mark in line for mark in _BODY_END)


def _places(line: str) -> list[tuple[int, str]]:
    """(offset, kind) of the places injected spam takes: after a comma or an enumeration
    mark, after the paragraph's last full stop, between two words."""
    places = [(i + 1, "break") for i, ch in enumerate(line[:-1]) if ch in _BREAKS]
    if line[-1] in _BODY_END:
        places.append((len(line), "end"))
    offset = 0
    for word in _cut(line):
        offset += len(word)
        if 0 < offset < len(line) and CJK_CHAR.match(line[offset - 1]) and CJK_CHAR.match(line[offset]):
            places.append((offset, "word"))
    return places


def inject(text: str, spam: Spam, rng: random.Random) -> str:
    """``text`` with the spam written in: each scrambled string 3-5 times, each brand 1-3
    times, the real word 2-3 times, alone or before other spam.

    As in the seed, the spam sits in a block of two to four paragraphs (the first ones more
    often than not); a fifth of it strays into any other paragraph.
    """
    lines = text.split("\n")
    body = [i for i, line in enumerate(lines) if _is_body(line)]
    if not body:
        return text
    size = min(rng.randint(2, 4), len(body))
    first = 0 if rng.random() < 0.6 else rng.randrange(len(body) - size + 1)
    block = body[first : first + size]
    inserts: dict[int, list[tuple[int, str]]] = {}

    def put(token: str, kinds: tuple[str, ...]) -> None:
        index = rng.choice(block) if rng.random() < 0.8 else rng.choice(body)
        places = [p for p in _places(lines[index]) if p[1] in kinds] or _places(lines[index])
        offset, _ = rng.choice(places)
        inserts.setdefault(index, []).append((offset, token))

    kinds_any = ("break", "break", "break", "word", "word", "end")
    for token in spam.scrambled:
        for _ in range(rng.randint(3, 5)):
            put(token, kinds_any)
    for token in spam.brands:
        for _ in range(rng.randint(1, 3)):
            put(token, ("break", "word"))
    for token in spam.words:
        partner = rng.choice(spam.strings)
        for _ in range(rng.randint(2, 3)):
            if rng.random() < 0.6:
                put(token + partner, ("break", "word"))
            else:
                put(token, ("break",))
    for index, items in inserts.items():
        line = lines[index]
        for offset, token in sorted(items, key=lambda item: -item[0]):  # right to left: offsets hold
            line = line[:offset] + token + line[offset:]
        lines[index] = line
    return "\n".join(lines)


# --- what it costs -------------------------------------------------------------------------


def entity_keys(record) -> set[tuple[str, str]]:
    return {(entity.name, entity.type.value) for entity in record.entities}


def spam_entities(record, spam: Spam, clean_text: str) -> list[str]:
    """Entities of the spammed copy holding a spam string, or two or more of its characters
    in a row that the clean article never writes (a piece of spam glued to a name)."""
    pieces = {s[i:j] for s in spam.strings for i in range(len(s)) for j in range(i + 2, len(s) + 1)}
    pieces = {p for p in pieces if p not in clean_text}
    found = []
    for entity in record.entities:
        forms = (entity.name, *entity.aliases)
        if any(piece in form for form in forms for piece in pieces):
            found.append(f"{entity.type.value}:{entity.name}")
    return sorted(found)


@dataclass
class Outcome:
    doc: str
    seed: int
    clean: int
    kept: int
    lost: list[tuple[str, str]]
    spam_entities: list[str]
    same_body: bool


def measure(doc_id: str, text: str, seed: int, clean_record=None) -> Outcome:
    """Run the pipeline on ``text`` and on a spammed copy (RNG seeded by ``seed`` and the doc)."""
    from graph.model import RawArticle
    from graph.pipeline import process_article

    rng = random.Random(f"{seed}:{doc_id}")
    spam = make_spam(text, rng)
    spammed = inject(text, spam, rng)
    assert spammed != text, doc_id
    clean_record = clean_record or process_article(RawArticle(doc_id, f"{doc_id}.txt", text))
    dirty_record = process_article(RawArticle(doc_id, f"{doc_id}.txt", spammed))
    want, got = entity_keys(clean_record), entity_keys(dirty_record)
    return Outcome(
        doc_id,
        seed,
        len(want),
        len(want & got),
        sorted(want - got),
        spam_entities(dirty_record, spam, clean_record.document.text + text),
        clean_record.document.text == dirty_record.document.text,
    )


def articles(shared: Path | None = None) -> dict[str, str]:
    """The clean articles: seeds 000-003, the dangjian corpus, the built-in demo corpus."""
    repo = Path(__file__).resolve().parents[1]
    shared = shared or repo.parent / "shared"
    paths = [p for p in sorted((shared / "seeds").glob("*.txt")) if not p.name.startswith("004_")]
    paths += sorted((shared / "corpora" / "dangjian").glob("*.txt"))
    paths += sorted((repo / "graph" / "resources" / "demo").glob("*.txt"))
    return {p.stem: p.read_text(encoding="utf-8") for p in paths}


def main() -> None:
    import argparse
    import sys

    from graph.model import RawArticle
    from graph.pipeline import process_article

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--only", default="", help="comma-separated doc ids")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    texts = articles()
    if args.only:
        texts = {k: v for k, v in texts.items() if k in args.only.split(",")}
    clean = kept = same = runs = dirty_runs = 0
    spammy: list[str] = []
    for doc_id, text in texts.items():
        record = process_article(RawArticle(doc_id, f"{doc_id}.txt", text))
        for seed in seeds:
            outcome = measure(doc_id, text, seed, record)
            clean, kept, runs = clean + outcome.clean, kept + outcome.kept, runs + 1
            same += outcome.same_body
            dirty_runs += bool(outcome.spam_entities)
            spammy += [f"{doc_id}/{seed} {e}" for e in outcome.spam_entities]
            if args.verbose and (outcome.lost or outcome.spam_entities):
                print(doc_id, seed, "lost", outcome.lost, "spam", outcome.spam_entities, file=sys.stderr)
    print(
        f"articles={len(texts)} runs={runs} entities kept {kept}/{clean} = {kept / max(clean, 1):.4f}; "
        f"identical bodies {same}/{runs}; spam entities {len(spammy)} (in {dirty_runs} runs)"
    )
    for line in spammy:
        print("  spam entity:", line)


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere
    main()
