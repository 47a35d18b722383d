"""Evaluation against gold files, following the matching rules of ANNOTATION.md.

An extracted entity matches a gold entity when the types are equal and the
extracted name is the gold name or one of its aliases; a relation matches when
its type, head and tail match that way (``partner_of`` in either order).
Matching is one-to-one, so a duplicate (吴江 and 吴江区 as two entities) costs
precision.

Besides the scores by type, an evaluation keeps one row per article (``docs``)
and the precision of every rule (``rules``): a predicted item may carry the
rules that proposed it (``"rules": [...]``, as ``record_to_gold(..., rules=True)``
writes), and each of its rules is counted once, right or wrong.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import ExtractionRecord, RelationType

__all__ = [
    "record_to_gold",
    "load_gold",
    "gold_for",
    "Score",
    "DocResult",
    "Evaluation",
    "evaluate",
    "format_evaluation",
    "format_by_doc",
    "format_by_rule",
    "format_sets",
    "summary_line",
    "merge_evaluations",
    "calibration_counts",
]

META_FIELDS = ("title", "date", "source", "authors", "editors")


def record_to_gold(record: ExtractionRecord, *, rules: bool = False) -> dict[str, Any]:
    """One article's extraction in the gold format (the scoring contract).

    ``rules=True`` adds to each entity and relation the rules that proposed it
    (mention rules, evidence rules), for ``kg eval --by-rule``.
    """
    names = {e.key: e.name for e in record.entities}
    entities = []
    for e in sorted(record.entities, key=lambda e: (e.type.value, e.name)):
        item: dict[str, Any] = {
            "name": e.name,
            "type": e.type.value,
            "aliases": sorted(set(e.aliases) - {e.name}),
        }
        if rules:
            item["rules"] = sorted({m.rule for _, m in e.mentions if m.rule} or {"meta"})
        entities.append(item)
    relations = []
    for r in record.relations:
        if r.head in names and r.tail in names:
            item = {"head": names[r.head], "relation": r.relation.value, "tail": names[r.tail]}
            if r.title:
                item["title"] = r.title
            if rules:
                item["rules"] = sorted({e.rule for e in r.evidence})
            relations.append(item)
    relations.sort(key=lambda r: (r["relation"], r["head"], r["tail"], r.get("title", "")))
    return {
        "doc": record.document.doc_id,
        "meta": record.document.meta.to_gold(),
        "entities": entities,
        "relations": relations,
    }


def load_gold(gold_dir: Path | str) -> dict[str, dict[str, Any]]:
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise InputError(f"gold folder {gold_dir} does not exist")
    gold = {}
    for path in sorted(gold_dir.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise InputError(f"gold file {path.name} is not valid JSON: {error}") from error
        gold[data.get("doc", path.stem)] = data
    return gold


def gold_for(doc_id: str, gold: Mapping[str, Any]) -> Any | None:
    """The gold of an article: the one named by its doc id, else by its file stem.

    Doc ids are paths under the corpus root (``sub/004_x`` for ``sub/004_x.txt``); gold files
    are named by the stem alone.

    >>> gold_for("sub/004_x", {"004_x": 1}), gold_for("004_x", {"004_x": 1}), gold_for("x.txt", {"x": 1})
    (1, 1, None)
    """
    if doc_id in gold:
        return gold[doc_id]
    return gold.get(doc_id.rsplit("/", 1)[-1])


@dataclass
class Score:
    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.predicted += other.predicted
        self.gold += other.gold


@dataclass
class DocResult:
    """One article's micro scores."""

    doc: str
    entities: Score = field(default_factory=Score)
    relations: Score = field(default_factory=Score)
    meta_right: int = 0
    meta_fields: int = 0


@dataclass
class Evaluation:
    entities: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    relations: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    meta: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    errors: list[dict[str, Any]] = field(default_factory=list)  # misses and false positives
    docs: list[DocResult] = field(default_factory=list)
    rules: dict[str, Score] = field(
        default_factory=lambda: defaultdict(Score)
    )  # "relation:rule" / "entity:rule"

    @staticmethod
    def micro(scores: Mapping[str, Score]) -> Score:
        total = Score()
        for score in scores.values():
            total.add(score)
        return total

    @property
    def meta_accuracy(self) -> float:
        checks = [ok for oks in self.meta.values() for ok in oks]
        return sum(checks) / len(checks) if checks else 0.0


def evaluate(predictions: Iterable[Mapping[str, Any]], gold: Mapping[str, Mapping[str, Any]]) -> Evaluation:
    result = Evaluation()
    for predicted in predictions:
        expected = gold_for(predicted["doc"], gold)
        if expected is not None:
            _score_document(predicted, expected, result)
    result.docs.sort(key=lambda d: d.doc)
    return result


def _score_document(pred: Mapping[str, Any], gold: Mapping[str, Any], out: Evaluation) -> None:
    doc = pred["doc"]
    row = DocResult(doc)
    for name in META_FIELDS:
        want, got = gold["meta"].get(name), pred["meta"].get(name)
        if isinstance(want, list):
            want, got = sorted(want), sorted(got or [])
        out.meta[name].append(want == got)
        row.meta_fields += 1
        row.meta_right += want == got
        if want != got:
            out.errors.append({"doc": doc, "kind": "meta", "field": name, "gold": want, "got": got})
    forms = {e["name"]: {e["name"], *e.get("aliases", [])} for e in gold["entities"]}
    row.entities = _match(
        doc,
        "entity",
        pred["entities"],
        gold["entities"],
        out,
        key=lambda e: e["type"],
        same=lambda p, g: p["name"] in forms[g["name"]],
        show=lambda e: f"{e['type']}:{e['name']}",
    )
    row.relations = _match(
        doc,
        "relation",
        pred["relations"],
        gold["relations"],
        out,
        key=lambda r: r["relation"],
        same=lambda p, g: _same_relation(p, g, forms),
        show=lambda r: (
            f"{r['head']} -{r['relation']}-> {r['tail']}" + (f" ({r['title']})" if r.get("title") else "")
        ),
    )
    out.docs.append(row)


def _same_relation(pred, gold, forms) -> bool:
    def fits(p_name, g_name):
        return p_name in forms.get(g_name, {g_name})

    if fits(pred["head"], gold["head"]) and fits(pred["tail"], gold["tail"]):
        return True
    return (
        pred["relation"] == RelationType.PARTNER_OF.value
        and fits(pred["head"], gold["tail"])
        and fits(pred["tail"], gold["head"])
    )


def _match(doc, kind, predicted, expected, out: Evaluation, *, key, same, show) -> Score:
    """Match one article's items one-to-one; returns the article's micro score."""
    scores = out.entities if kind == "entity" else out.relations
    total = Score(predicted=len(predicted), gold=len(expected))
    unmatched = list(range(len(predicted)))
    for item in predicted:
        scores[key(item)].predicted += 1
    for g in expected:
        scores[key(g)].gold += 1
        hit = next((i for i in unmatched if key(predicted[i]) == key(g) and same(predicted[i], g)), None)
        if hit is None:
            out.errors.append({"doc": doc, "kind": kind, "error": "missed", "item": show(g)})
        else:
            unmatched.remove(hit)
            scores[key(g)].tp += 1
            total.tp += 1
    wrong = set(unmatched)
    for i, item in enumerate(predicted):
        for rule in item.get("rules", ()):
            tally = out.rules[f"{kind}:{rule}"]
            tally.predicted += 1
            tally.tp += i not in wrong
        if i in wrong:
            error = {"doc": doc, "kind": kind, "error": "spurious", "item": show(item)}
            if item.get("rules"):
                error["rules"] = list(item["rules"])
            out.errors.append(error)
    return total


# --- reports -----------------------------------------------------------------------------


def format_evaluation(result: Evaluation) -> str:
    lines = [f"{'':30} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}"]
    for kind, scores in (("entity", result.entities), ("relation", result.relations)):
        for name in sorted(scores):
            lines.append(_row(f"{kind}:{name}", scores[name]))
        lines.append(_row(f"{kind} (micro)", Evaluation.micro(scores)))
    for name in META_FIELDS:
        oks = result.meta.get(name, [])
        lines.append(f"meta:{name:25} acc={sum(oks)}/{len(oks)}")
    lines.append(summary_line(result))
    return "\n".join(lines)


def summary_line(result: Evaluation) -> str:
    ents, rels = Evaluation.micro(result.entities), Evaluation.micro(result.relations)
    return f"entities F1={ents.f1:.3f} relations F1={rels.f1:.3f} meta acc={result.meta_accuracy:.3f}"


def format_by_doc(result: Evaluation) -> str:
    """One row per article: entity and relation P/R/F1 and the article facts right."""
    lines = [f"{'article':24} {'ent P':>6} {'R':>6} {'F1':>6} {'rel P':>6} {'R':>6} {'F1':>6} {'meta':>5}"]
    for d in result.docs:
        e, r = d.entities, d.relations
        lines.append(
            f"{d.doc:24} {e.precision:6.3f} {e.recall:6.3f} {e.f1:6.3f} "
            f"{r.precision:6.3f} {r.recall:6.3f} {r.f1:6.3f} {d.meta_right:>2}/{d.meta_fields}"
        )
    return "\n".join(lines)


def format_by_rule(result: Evaluation, kind: str = "relation") -> str:
    """The precision of every rule of ``kind`` (items it proposed, how many were right)."""
    lines = [f"{'rule':48} {'pred':>5} {'right':>5} {'P':>6}"]
    prefix = f"{kind}:"
    for name in sorted(k for k in result.rules if k.startswith(prefix)):
        tally = result.rules[name]
        lines.append(f"{name[len(prefix) :]:48} {tally.predicted:5d} {tally.tp:5d} {tally.precision:6.3f}")
    return "\n".join(lines)


def format_sets(
    named: Sequence[tuple[str, Evaluation]], *, by_doc: bool = False, by_rule: bool = False
) -> str:
    """Each set's tables apart, then (for several sets) all of them together; the last
    lines give one summary per set and, last of all, the summary of everything."""
    blocks = []
    for name, result in named:
        parts = [f"== {name} ({len(result.docs)} articles) ==", format_evaluation(result)]
        if by_doc:
            parts.append(format_by_doc(result))
        if by_rule:
            parts += [format_by_rule(result, "relation"), format_by_rule(result, "entity")]
        blocks.append("\n\n".join(parts))
    combined = merge_evaluations([r for _, r in named])
    if len(named) > 1:
        parts = [f"== all ({len(combined.docs)} articles) ==", format_evaluation(combined)]
        if by_rule:
            parts += [format_by_rule(combined, "relation"), format_by_rule(combined, "entity")]
        blocks.append("\n\n".join(parts))
        width = max(len(name) for name, _ in named)
        blocks.append("\n".join(f"{name:{width}} ({len(r.docs):>3}) {summary_line(r)}" for name, r in named))
    blocks.append(summary_line(combined))
    return "\n\n".join(blocks)


def calibration_counts(result: Evaluation) -> dict[str, tuple[int, int]]:
    """relation rule -> (proposed, right): what ``graph.relations.confidence`` reads."""
    prefix = "relation:"
    return {
        name[len(prefix) :]: (score.predicted, score.tp)
        for name, score in result.rules.items()
        if name.startswith(prefix)
    }


def merge_evaluations(results: Sequence[Evaluation]) -> Evaluation:
    merged = Evaluation()
    for result in results:
        for target, source in (
            (merged.entities, result.entities),
            (merged.relations, result.relations),
            (merged.rules, result.rules),
        ):
            for name, score in source.items():
                target[name].add(score)
        for name, oks in result.meta.items():
            merged.meta[name].extend(oks)
        merged.errors.extend(result.errors)
        merged.docs.extend(result.docs)
    merged.docs.sort(key=lambda d: d.doc)
    return merged


def _row(label: str, s: Score) -> str:
    return f"{label:30} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.gold:5d} {s.predicted:5d}"
