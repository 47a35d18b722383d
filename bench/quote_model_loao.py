"""Would a trained classifier judge quoted strings better than the rules?  Leave-one-article-out.

Every “…” quote of the gold articles becomes one example: features of the string and its
context (the rules' verdict and rule, a launch or target verb before it, the class of the word
after it, length, numbered, dictionary word, last word's part of speech, repeats, list size,
headline) and its gold label (Programme / Organisation / Place / None, by the gold names and
aliases).  For each article, a logistic regression is trained on the twelve others and judges
the held-out article's quotes; the script prints quote-level precision / recall / F1 of the
rules alone and of the model, for the seeds and for the dangjian articles apart.

  ``full``  the model decides every quote;
  ``veto``  the model decides only quotes the rules judged on weak evidence (a launch verb,
            repetition, a list, or none at all); strong evidence (a head word, a class word
            after the quote) keeps the rules' verdict.

Needs scikit-learn (``pip install -c requirements.lock '.[learn]'``); nothing at run time does.
Measured 2026-12-01: rules F1 0.895 (seeds) / 0.850 (dangjian); full model 0.87-0.91 / 0.79-0.82;
veto 0.89 / 0.83-0.86 over C in {0.3, 1} and thresholds 0.4-0.6, chosen on these same folds.
No setting beats the rules on the unseen articles by more than a single quote, so the
extractor ships the rules (see README, design notes).

Usage: python bench/quote_model_loao.py [--gold ../shared/gold] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from graph.clean import clean_article  # noqa: E402
from graph.entities import candidates_of  # noqa: E402
from graph.entities.quoted import (  # noqa: E402
    _aimed_at,
    _attached,
    _last_word,
    _launch_verbs,
    _numbered,
    _verb_before,
    quote_chains,
)
from graph.entities.quotes import find_quotes  # noqa: E402
from graph.ingest import iter_articles  # noqa: E402
from graph.knowledge import lexicon  # noqa: E402
from graph.segment import split_sentences, tokenize  # noqa: E402
from graph.tools.evaluate import load_gold  # noqa: E402

_WEAK = {
    "rule=programme.quote_trigger",
    "rule=programme.quote_repeated",
    "rule=none",
    "rule=programme.quote_list",
    "rule=programme.quote_repeat",
}


def _label(forms: dict[str, str], text: str, quote) -> str:
    for form in (quote.inner, text[quote.start : quote.end]):
        if form in forms:
            return forms[form]
    for n in range(1, 8):  # the quote and the word after it (“小板凳”志愿服务队)
        for form in (text[quote.start : quote.end + n], quote.inner + text[quote.end : quote.end + n]):
            if form in forms:
                return forms[form]
    return "None"


def examples(gold: dict, shared: Path) -> list[tuple[str, dict, str, str]]:
    """(doc, features, gold label, rules' label) for every double-quoted string of the gold articles."""
    out = []
    for doc_id, entry in sorted(gold.items()):
        path = next((p for p in shared.rglob(f"{doc_id}.txt")), None)
        if path is None:
            continue
        forms = {f: e["type"] for e in entry["entities"] for f in (e["name"], *e.get("aliases", []))}
        doc = clean_article(next(a for a in iter_articles([str(path)])))
        text = doc.text
        sentences = split_sentences(text)
        found = candidates_of(text, sentences, tokenize(sentences), doc.headline_end)
        by_start: dict[int, list] = {}
        for c in found:
            by_start.setdefault(c.start, []).append(c)
        quotes = tuple(find_quotes(text))
        counts = Counter(q.inner for q in quotes if q.mark == "“")
        for chain in quote_chains(text, quotes):
            launched, aimed = (
                _verb_before(text, chain[0].start, _launch_verbs()),
                _aimed_at(text, chain[0].start),
            )
            for quote in chain:
                judged = by_start.get(quote.start, []) + by_start.get(quote.start + 1, [])
                features = {f"rule={c.rule}": 1 for c in judged} | {f"type={c.type.value}": 1 for c in judged}
                features.update({"rule=none": 1} if not judged else {})
                attached = _attached(text, quote.end)
                following = text[quote.end : quote.end + 1] or "$"
                features.update(
                    {
                        "launched": int(launched),
                        "aimed": int(aimed),
                        "numbered": int(_numbered(quote.inner)),
                        "dictword": int(lexicon.is_dictionary_word(quote.inner)),
                        f"len={min(len(quote.inner), 7)}": 1,
                        f"lastpos={_last_word(quote.inner)[1][:1]}": 1,
                        f"attached={(attached[2].value if attached[2] else 'none') if attached else 'no'}": 1,
                        f"count={min(counts[quote.inner], 3)}": 1,
                        f"chain={min(len(chain), 3)}": 1,
                        f"next={'HAN' if '一' <= following <= '鿿' else following}": 1,
                        "headline": int(quote.start < doc.headline_end),
                    }
                )
                out.append(
                    (doc_id, features, _label(forms, text, quote), judged[0].type.value if judged else "None")
                )
    return out


def _tally(score: Counter, predicted: str, expected: str) -> None:
    score["pred"] += predicted != "None"
    score["gold"] += expected != "None"
    score["tp"] += predicted != "None" and predicted == expected


def _f1(score: Counter) -> str:
    p = score["tp"] / max(1, score["pred"])
    r = score["tp"] / max(1, score["gold"])
    return f"P={p:.3f} R={r:.3f} F1={2 * p * r / max(1e-9, p + r):.3f}"


def leave_one_out(data, mode: str, c: float, threshold: float) -> tuple[dict, dict]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rules, model = defaultdict(Counter), defaultdict(Counter)
    for held in sorted({d[0] for d in data}):
        train = [d for d in data if d[0] != held and (mode == "full" or _weak(d))]
        vectorizer = DictVectorizer()
        fitted = LogisticRegression(C=c, max_iter=3000).fit(
            vectorizer.fit_transform([d[1] for d in train]),
            [d[2] if mode == "full" else int(d[2] == "Programme") for d in train],
        )
        group = "dangjian" if held.startswith("dj") else "seeds"
        for doc, features, expected, by_rules in (d for d in data if d[0] == held):
            x = vectorizer.transform([features])
            if mode == "full":
                guess = fitted.predict(x)[0]
            elif _weak((doc, features)) and by_rules in ("Programme", "None"):
                guess = "Programme" if fitted.predict_proba(x)[0][1] >= threshold else "None"
            else:
                guess = by_rules
            _tally(rules[group], by_rules, expected)
            _tally(model[group], guess, expected)
    return rules, model


def _weak(example) -> bool:
    return any(k in _WEAK for k in example[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(REPO.parent / "shared" / "gold"))
    parser.add_argument("--shared", default=str(REPO.parent / "shared"))
    args = parser.parse_args()
    data = examples(load_gold(args.gold), Path(args.shared))
    print(f"{len(data)} quotes, gold labels {dict(Counter(d[2] for d in data))}")
    for mode, c, threshold in [
        ("full", 0.3, 0.5),
        ("full", 1.0, 0.5),
        ("veto", 0.3, 0.4),
        ("veto", 0.3, 0.5),
        ("veto", 1.0, 0.5),
    ]:
        rules, model = leave_one_out(data, mode, c, threshold)
        for group in ("seeds", "dangjian"):
            print(
                f"{mode:4} C={c:<3} t={threshold}  {group:8}  rules {_f1(rules[group])}   "
                f"model {_f1(model[group])}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
