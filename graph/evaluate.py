"""Evaluation against gold files, following the matching rules of ANNOTATION.md.

An extracted entity matches a gold entity when the types are equal and the
extracted name is the gold name or one of its aliases; a relation matches when
its type, head and tail match that way (``partner_of`` in either order).
Matching is one-to-one, so a duplicate (吴江 and 吴江区 as two entities) costs
precision.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from .errors import InputError
from .model import ExtractionRecord, RelationType

__all__ = ["record_to_gold", "load_gold", "Score", "Evaluation", "evaluate", "format_evaluation"]

META_FIELDS = ("title", "date", "source", "authors", "editors")


def record_to_gold(record: ExtractionRecord) -> dict[str, Any]:
    """One article's extraction in the gold format (the scoring contract)."""
    names = {e.key: e.name for e in record.entities}
    entities = [{"name": e.name, "type": e.type.value, "aliases": sorted(set(e.aliases) - {e.name})}
                for e in sorted(record.entities, key=lambda e: (e.type.value, e.name))]
    relations = []
    for r in record.relations:
        if r.head in names and r.tail in names:
            item = {"head": names[r.head], "relation": r.relation.value, "tail": names[r.tail]}
            if r.title:
                item["title"] = r.title
            relations.append(item)
    relations.sort(key=lambda r: (r["relation"], r["head"], r["tail"], r.get("title", "")))
    return {"doc": record.document.doc_id, "meta": record.document.meta.to_gold(),
            "entities": entities, "relations": relations}


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

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.predicted += other.predicted
        self.gold += other.gold


@dataclass
class Evaluation:
    entities: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    relations: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    meta: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    errors: list[dict[str, Any]] = field(default_factory=list)   # misses and false positives

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
        expected = gold.get(predicted["doc"])
        if expected is not None:
            _score_document(predicted, expected, result)
    return result


def _score_document(pred: Mapping[str, Any], gold: Mapping[str, Any], out: Evaluation) -> None:
    doc = pred["doc"]
    for name in META_FIELDS:
        want, got = gold["meta"].get(name), pred["meta"].get(name)
        if isinstance(want, list):
            want, got = sorted(want), sorted(got or [])
        out.meta[name].append(want == got)
        if want != got:
            out.errors.append({"doc": doc, "kind": "meta", "field": name, "gold": want, "got": got})
    forms = {e["name"]: {e["name"], *e.get("aliases", [])} for e in gold["entities"]}
    _match(doc, "entity", pred["entities"], gold["entities"], out.entities, out.errors,
           key=lambda e: e["type"], same=lambda p, g: p["name"] in forms[g["name"]],
           show=lambda e: f'{e["type"]}:{e["name"]}')
    _match(doc, "relation", pred["relations"], gold["relations"], out.relations, out.errors,
           key=lambda r: r["relation"], same=lambda p, g: _same_relation(p, g, forms),
           show=lambda r: f'{r["head"]} -{r["relation"]}-> {r["tail"]}' + (f' ({r["title"]})' if r.get("title") else ""))


def _same_relation(pred, gold, forms) -> bool:
    def fits(p_name, g_name):
        return p_name in forms.get(g_name, {g_name})

    if fits(pred["head"], gold["head"]) and fits(pred["tail"], gold["tail"]):
        return True
    return (pred["relation"] == RelationType.PARTNER_OF.value
            and fits(pred["head"], gold["tail"]) and fits(pred["tail"], gold["head"]))


def _match(doc, kind, predicted, expected, scores, errors, *, key, same, show) -> None:
    unmatched = list(predicted)
    for item in predicted:
        scores[key(item)].predicted += 1
    for g in expected:
        scores[key(g)].gold += 1
        hit = next((p for p in unmatched if key(p) == key(g) and same(p, g)), None)
        if hit is None:
            errors.append({"doc": doc, "kind": kind, "error": "missed", "item": show(g)})
        else:
            unmatched.remove(hit)
            scores[key(g)].tp += 1
    for p in unmatched:
        errors.append({"doc": doc, "kind": kind, "error": "spurious", "item": show(p)})


def format_evaluation(result: Evaluation) -> str:
    lines = [f"{'':30} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}"]
    for kind, scores in (("entity", result.entities), ("relation", result.relations)):
        for name in sorted(scores):
            lines.append(_row(f"{kind}:{name}", scores[name]))
        lines.append(_row(f"{kind} (micro)", Evaluation.micro(scores)))
    for name in META_FIELDS:
        oks = result.meta.get(name, [])
        lines.append(f"meta:{name:25} acc={sum(oks)}/{len(oks)}")
    ents, rels = Evaluation.micro(result.entities), Evaluation.micro(result.relations)
    lines.append(f"entities F1={ents.f1:.3f} relations F1={rels.f1:.3f} meta acc={result.meta_accuracy:.3f}")
    return "\n".join(lines)


def _row(label: str, s: Score) -> str:
    return f"{label:30} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.gold:5d} {s.predicted:5d}"
