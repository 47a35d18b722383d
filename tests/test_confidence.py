"""Relation confidences are the rules' measured precision, read from the calibration table."""

from __future__ import annotations

import pytest

from graph.errors import ConfigError
from graph.model import RelationType, Sentence
from graph.relations import confidence
from graph.relations.found import Found


def test_precision_is_smoothed_towards_one_half():
    assert confidence.smoothed(40, 40) == pytest.approx(41 / 42, abs=1e-3)
    assert confidence.smoothed(1, 1) == pytest.approx(2 / 3, abs=1e-3)
    assert confidence.smoothed(0, 0) == 0.5


def test_the_table_on_disk_gives_every_rule_it_lists_its_smoothed_precision():
    table = confidence.read_table()
    assert table, "the calibration table lists no rule"
    for rule, (proposed, right) in table.items():
        assert 0 <= right <= proposed
        assert confidence.calibrated(rule, -1.0) == confidence.smoothed(right, proposed)


def test_a_parameterised_rule_falls_back_on_its_family_and_an_unknown_one_on_one_half():
    table = confidence.read_table()
    family = next(r for r in table if "(" not in r)
    assert confidence.calibrated(family + "(某词)", -1.0) != -1.0
    assert confidence.calibrated("runs:never_measured", 0.42) == 0.42
    assert confidence.calibrated("runs:never_measured") == confidence.UNMEASURED == 0.5
    assert confidence.rule_family("runs:anaphoric_subject(该镇)") == "runs:anaphoric_subject"


def test_evidence_carries_the_calibrated_confidence():
    rule, (proposed, right) = next(iter(confidence.read_table().items()))
    found = Found("a", RelationType.RUNS, "b", Sentence(0, 0, 2, "甲乙"), rule)
    assert found.evidence("d").confidence == confidence.smoothed(right, proposed)


def test_a_broken_table_is_a_clear_error(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text("# header\nruns:x\tmany\t1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"t.tsv:2"):
        confidence.read_table(path)


def test_table_text_round_trips(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text(confidence.table_text({"runs:a": (10, 7), "runs:b(x)": (2, 0)}, "test"), encoding="utf-8")
    assert confidence.read_table(path) == {"runs:a": (10, 7), "runs:b(x)": (2, 0)}
