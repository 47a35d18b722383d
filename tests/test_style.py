"""The code stays as ruff checks and formats it (settings in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FOLDERS = ["graph", "tests", "bench", "scripts"]


def _ruff() -> list[str]:
    found = shutil.which("ruff", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("ruff is not installed: pip install -c requirements.lock -e '.[dev]'")
    return [found]


def test_ruff_finds_nothing():
    result = subprocess.run(
        [*_ruff(), "check", "--no-cache", *FOLDERS], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_code_is_formatted():
    result = subprocess.run(
        [*_ruff(), "format", "--check", "--no-cache", *FOLDERS], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
