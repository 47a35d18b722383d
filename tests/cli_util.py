"""Running the real ``kg`` command in a subprocess, and tiny articles to feed it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

_PLACES = ["青石", "白沙", "红枫", "松山", "绿水", "金桥", "望江", "梅林", "桃源", "石门", "柳岸", "云台"]
_ACTIONS = ["义务植树", "走访慰问", "垃圾分类宣传", "夜校授课", "法律咨询", "文明创建"]


def article(number: int) -> str:
    """A short article of its own (no two numbers give the same body, so none is a duplicate)."""
    place = _PLACES[number % len(_PLACES)]
    action = _ACTIONS[number // len(_PLACES) % len(_ACTIONS)]
    return (
        f"{place}社区开展{action}活动\n\n"
        f"{place}镇{place}社区党委组织党员志愿者开展{action}活动，第{number + 1}批居民参加。\n"
    )


def kg_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "graph", *args]


def run_kg(*args: str, cwd: Path | None = None, unprivileged: bool = False, **kwargs):
    """``kg ARGS`` as a user would run it; ``unprivileged``: without root's right to read anything."""
    command = kg_command(*args)
    if unprivileged:
        command = unprivileged_prefix() + command
    options = {"capture_output": True, "text": True, "timeout": 600, **kwargs}
    return subprocess.run(command, cwd=cwd, **options)


def unprivileged_prefix() -> list[str]:
    """Nothing for an ordinary user; as root, ``setpriv`` without the capabilities that skip file modes.

    File modes are what the tests of unreadable inputs need to hold; root ignores them.
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: file permissions cannot be tested")
    return [setpriv, "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"]


def assert_one_line_error(stderr: str, code: str | None = None) -> None:
    """No traceback; the last line is one coded message."""
    assert "Traceback" not in stderr, stderr
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("kg ") and "[E" in last, stderr
    if code is not None:
        assert f"[{code}]" in last, stderr


def report_rows(out: Path, name: str) -> dict[str, dict]:
    """The build report's rows, by path."""
    report = json.loads((out / f"{name}.report.json").read_text(encoding="utf-8"))
    return {row["path"]: row for row in report["files"]}


def exports(out: Path, name: str) -> dict[str, bytes]:
    """The bytes of every export of ``name`` but the report (its timings differ run to run)."""
    return {
        p.name: p.read_bytes()
        for p in sorted(out.glob(f"{name}.*"))
        if p.is_file() and not p.name.endswith(".report.json")
    }


def temp_files(folder: Path) -> list[Path]:
    """Temp files and staging folders of atomic writes anywhere under ``folder``."""
    return sorted(p for p in folder.rglob(".*.tmp"))
