"""Each relation rule's confidence: its measured precision on the gold articles.

``graph/resources/calibration/rule_precision.tsv`` holds, per rule, how many relations it
proposed on the gold articles and how many were right (``kg eval --by-rule``; written by
``make calibrate``).  A rule's confidence is that precision, smoothed towards one half by
one right and one wrong guess ((right + 1) / (proposed + 2)), so a rule seen twice is not
trusted like one seen forty times.  A rule with a parameter (``runs:anaphoric_subject(该镇)``)
falls back on its family's row; a rule never seen on gold gets ``UNMEASURED``, one half.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..errors import ConfigError

__all__ = ["TABLE", "UNMEASURED", "calibrated", "rule_family", "smoothed", "read_table", "table_text"]

TABLE = Path(__file__).resolve().parent.parent / "resources" / "calibration" / "rule_precision.tsv"
_PARAMETER = re.compile(r"\(.*\)$")
UNMEASURED = 0.5  # what nothing is known about: as likely right as wrong


def rule_family(rule: str) -> str:
    """``runs:anaphoric_subject(该镇)`` -> ``runs:anaphoric_subject``."""
    return _PARAMETER.sub("", rule)


def smoothed(right: int, proposed: int) -> float:
    return round((right + 1) / (proposed + 2), 3)


def read_table(path: Path = TABLE) -> dict[str, tuple[int, int]]:
    """rule -> (proposed, right) from a calibration table (comment lines start with #)."""
    table: dict[str, tuple[int, int]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ConfigError(f"calibration table {path} cannot be read: {error}") from error
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        try:
            table[fields[0]] = (int(fields[1]), int(fields[2]))
        except (IndexError, ValueError) as error:
            raise ConfigError(
                f"{path}:{number}: expected rule<TAB>proposed<TAB>right, got {line!r}"
            ) from error
    return table


@lru_cache(maxsize=1)
def _confidences() -> dict[str, float]:
    table = read_table()
    families: dict[str, list[int]] = {}
    for rule, (proposed, right) in table.items():
        counts = families.setdefault(rule_family(rule), [0, 0])
        counts[0] += proposed
        counts[1] += right
    out = {family: smoothed(right, proposed) for family, (proposed, right) in families.items()}
    out.update({rule: smoothed(right, proposed) for rule, (proposed, right) in table.items()})
    return out


def calibrated(rule: str, fallback: float = UNMEASURED) -> float:
    """The measured confidence of ``rule`` (or of its family), else ``fallback``."""
    table = _confidences()
    return table.get(rule, table.get(rule_family(rule), fallback))


def table_text(counts: dict[str, tuple[int, int]], source: str) -> str:
    """A calibration table: rule, proposed, right, precision, confidence; ``source`` says how it was made."""
    lines = [
        f"# Relation rules' precision on the gold articles ({source}).",
        "# rule<TAB>proposed<TAB>right<TAB>precision<TAB>confidence ((right + 1) / (proposed + 2))",
    ]
    for rule in sorted(counts):
        proposed, right = counts[rule]
        precision = right / proposed if proposed else 0.0
        lines.append(f"{rule}\t{proposed}\t{right}\t{precision:.3f}\t{smoothed(right, proposed):.3f}")
    return "\n".join(lines) + "\n"
