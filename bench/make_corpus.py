"""Build benchmark corpora of real news text at several sizes (100, 1,000, 10,000 articles).

Sources under ``../shared/corpora`` (research data with unclear licences: the
corpora are written under /tmp by default and must never be committed):

* MSRA ``msra_test_bio.txt`` and People's Daily ``example.test``/``example.dev``:
  one character per line with a BIO tag, a blank line between sentences.
  Sentences are rebuilt and grouped, in their original order, into articles of
  1,000-3,000 characters with a headline and paragraphs.
* the ``dangjian`` articles and the seed articles, copied as they are.

There are about 500,000 characters of sentences, so larger corpora repeat them:
each later round shuffles the sentence order with a seeded RNG, so every
article is different (and so is its content hash).  The same seed always gives
the same corpus, and a corpus of N articles is the first N of a larger one.

    python bench/make_corpus.py --sizes 100,1000 --out /tmp/kg-bench
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
BIO_FILES = (
    "corpora/msra/msra_test_bio.txt",
    "corpora/peoples_daily/example.test",
    "corpora/peoples_daily/example.dev",
)
ARTICLE_DIRS = ("corpora/dangjian", "seeds")
DEFAULT_OUT = Path("/tmp/kg-bench")
MIN_CHARS, MAX_CHARS = 1000, 3000


def read_bio_sentences(path: Path) -> list[str]:
    """The sentences of a char-per-line BIO file (``char<TAB or SPACE>tag``)."""
    sentences, chars = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if chars:
                sentences.append("".join(chars))
                chars = []
            continue
        chars.append(line[0])  # the character is always the first column, even a full-width space
    if chars:
        sentences.append("".join(chars))
    return sentences


def real_articles(shared: Path) -> list[tuple[str, str]]:
    """(name, text) of every ready-made article (dangjian, seeds), sorted by name."""
    found = []
    for folder in ARTICLE_DIRS:
        for path in sorted((shared / folder).glob("*.txt")):
            found.append((f"{Path(folder).name}_{path.stem}", path.read_text(encoding="utf-8")))
    return found


def group_articles(sentences: list[str], rng: random.Random) -> Iterator[str]:
    """Headline + paragraphs of 2-6 sentences, until the article reaches its drawn length."""
    target, body, paragraph = rng.randint(MIN_CHARS, MAX_CHARS), [], []
    size = 0
    for sentence in sentences:
        paragraph.append(sentence)
        size += len(sentence)
        if len(paragraph) >= rng.randint(2, 6):
            body.append("".join(paragraph))
            paragraph = []
        if size >= target:
            yield _article(body + ["".join(paragraph)] if paragraph else body)
            target, body, paragraph, size = rng.randint(MIN_CHARS, MAX_CHARS), [], [], 0


def _article(paragraphs: list[str]) -> str:
    headline = paragraphs[0][:24].rstrip("，。、；：")
    return headline + "\n\n" + "\n".join(paragraphs) + "\n"


def corpus_articles(shared: Path, count: int, seed: int = 7) -> list[tuple[str, str]]:
    """The first ``count`` (name, text) articles of the benchmark corpus."""
    sentences = [s for name in BIO_FILES for s in read_bio_sentences(shared / name)]
    articles = real_articles(shared)
    round_number = 0
    while len(articles) < count:
        rng = random.Random(seed * 1_000 + round_number)
        order = sentences[:] if round_number == 0 else rng.sample(sentences, len(sentences))
        for i, text in enumerate(group_articles(order, rng)):
            articles.append((f"news_r{round_number:02d}_{i:04d}", text))
        round_number += 1
    return articles[:count]


def write_corpus(articles: list[tuple[str, str]], folder: Path) -> Path:
    """Write one .txt per article as ``NNNNN_name.txt``; an existing corpus folder is replaced."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    for number, (name, text) in enumerate(articles):
        (folder / f"{number:05d}_{name}.txt").write_text(text, encoding="utf-8")
    return folder


def make_corpora(sizes: list[int], out: Path, shared: Path = SHARED, seed: int = 7) -> dict[int, Path]:
    """Write ``out/corpus-<size>/`` for every size; returns size -> folder."""
    articles = corpus_articles(shared, max(sizes), seed)
    return {size: write_corpus(articles[:size], out / f"corpus-{size}") for size in sizes}


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise SystemExit(f"--sizes takes whole numbers separated by commas, got {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise SystemExit(f"--sizes needs at least one size >= 1, got {text!r}")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="article counts, e.g. 100,1000")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="parent folder of corpus-<size>/")
    parser.add_argument("--shared", default=str(SHARED), help="the shared data folder")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if not (Path(args.shared) / BIO_FILES[0]).is_file():
        print(f"make_corpus: no corpora under {args.shared}", file=sys.stderr)
        return 1
    for size, folder in make_corpora(
        parse_sizes(args.sizes), Path(args.out), Path(args.shared), args.seed
    ).items():
        chars = sum(len(p.read_text(encoding="utf-8")) for p in folder.glob("*.txt"))
        print(f"{folder}: {size} articles, {chars:,} characters")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
