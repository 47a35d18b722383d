"""Spam the cleaning code has never seen costs the neighbouring names almost nothing.

Spam strings are made fresh by ``tests/spam_inject.py`` (a seeded RNG, the shapes of
``../shared/seeds/004_*``), written into clean articles at the places injected spam takes,
and the whole pipeline runs on the clean and the spammed copy.  The figure over every
article: ``.venv/bin/python tests/spam_inject.py --seeds 0,1,2``.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from spam_inject import articles, inject, make_spam, measure

from graph.clean import resources as R
from graph.knowledge.lexicon import is_dictionary_word
from graph.model import RawArticle
from graph.pipeline import process_article

SEEDS = (0, 1, 2)
# A handful of articles of every kind: the demo corpus, short and long dangjian pieces, a seed.
HANDFUL = (
    "gusu_linli",
    "wuzhong_hupan",
    "xihu_qiantang",
    "dj025",
    "dj027",
    "dj043",
    "dj045",
    "003_fdd91cd0414ca71f",
)
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def texts(shared_dir):
    found = articles(shared_dir)
    return {doc: found[doc] for doc in HANDFUL}


def test_generated_spam_is_new_to_the_code_and_reproducible(texts):
    known = "\n".join(
        [*R.GAMBLING_STEMS, (REPO / "graph" / "clean" / "resources.py").read_text(encoding="utf-8")]
    )
    for doc, text in texts.items():
        spam = make_spam(text, random.Random(f"7:{doc}"))
        assert spam == make_spam(text, random.Random(f"7:{doc}"))
        for string in spam.strings:
            assert string not in text and not is_dictionary_word(string), (doc, string)
        for string in spam.scrambled:
            assert string not in known, (doc, string)
        spammed = inject(text, spam, random.Random(f"7:{doc}"))
        assert all(spammed.count(string) >= 3 for string in spam.scrambled)


@pytest.mark.slow
def test_spam_keeps_the_clean_copys_entities_and_makes_none(texts):
    clean = kept = 0
    spam_entities: list[str] = []
    for doc, text in texts.items():
        record = process_article(RawArticle(doc, f"{doc}.txt", text))
        for seed in SEEDS:
            outcome = measure(doc, text, seed, record)
            clean, kept = clean + outcome.clean, kept + outcome.kept
            spam_entities += [f"{doc}/{seed} {name}" for name in outcome.spam_entities]
    assert clean > 200
    assert kept / clean >= 0.97, (kept, clean)
    assert not spam_entities
