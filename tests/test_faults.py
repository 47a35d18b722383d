"""A dying build leaves no mess: SIGTERM and SIGKILL on a ``--jobs 2`` build.

After each, no process of the build lives on (workers included), and a rerun leaves no temp
file and writes exports byte-identical to a clean build's.  The signal is sent once the
workers have started, wherever the build then is.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from cli_util import article, exports, kg_command, run_kg, temp_files

from graph.io.atomic import remove_stale, replace_together

_JOBS = 2
_WAIT = 120  # seconds: an upper bound for a busy machine, never a measure


@pytest.fixture(autouse=True)
def _workers_for_a_few_short_articles(monkeypatch):
    # A dozen short articles would be built in one process (no pool is worth it below
    # 50,000 characters a worker), in one batch; this test is about killing a build that has workers.
    monkeypatch.setenv("KG_POOL_CHARACTERS_PER_WORKER", "0")
    monkeypatch.setenv("KG_BATCH_CHARACTERS", "0")


def _children(pid: int) -> set[int]:
    """Every live descendant of ``pid`` (psutil when installed, else /proc)."""
    try:
        import psutil
    except ImportError:
        return _proc_children(pid)
    try:
        return {child.pid for child in psutil.Process(pid).children(recursive=True)}
    except psutil.NoSuchProcess:
        return set()


def _proc_children(pid: int) -> set[int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _workers(pid: int) -> set[int]:
    """The worker processes among ``pid``'s descendants (not multiprocessing's resource tracker)."""
    found = set()
    for child in _children(pid):
        try:
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.add(child)
        except OSError:
            continue
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie (an exited child nobody reaped yet holds no memory and does nothing)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_until(test, what: str) -> None:
    deadline = time.monotonic() + _WAIT
    while not test():
        if time.monotonic() > deadline:
            pytest.fail(f"still not {what} after {_WAIT} s")
        time.sleep(0.1)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("faults") / "corpus"
    folder.mkdir()
    for number in range(12):
        (folder / f"{number:03d}.txt").write_text(article(number), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def clean_build(corpus, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("clean")
    result = run_kg("build", str(corpus), "-o", str(out), "--name", "f", "--jobs", str(_JOBS), "--quiet")
    assert result.returncode == 0, result.stderr
    return exports(out, "f")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_killed_build_leaves_no_process_no_temp_file_and_a_rerun_is_identical(
    corpus, clean_build, tmp_path, signum
):
    out = tmp_path / "out"
    command = kg_command("build", str(corpus), "-o", str(out), "--name", "f", "--jobs", str(_JOBS), "--quiet")
    build = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _wait_until(lambda: len(_workers(build.pid)) >= _JOBS, "started its workers")
        workers = _children(build.pid)  # the resource tracker too
        build.send_signal(signum)
        _, stderr = build.communicate(timeout=_WAIT)
    finally:
        if build.poll() is None:
            build.kill()
    assert "Traceback" not in stderr
    if signum == signal.SIGTERM:
        assert build.returncode == 128 + signal.SIGTERM and "terminated" in stderr
    _wait_until(lambda: not any(_running(pid) for pid in workers), "ended its worker processes")
    assert not list(out.glob("f.*"))  # nothing half-replaced: there was no previous set
    rerun = run_kg("build", str(corpus), "-o", str(out), "--name", "f", "--jobs", str(_JOBS), "--quiet")
    assert rerun.returncode == 0, rerun.stderr
    assert temp_files(out) == []
    assert exports(out, "f") == clean_build


def test_a_set_of_files_is_replaced_whole_or_not_at_all(tmp_path):
    for name in ("n.ttl", "n.html"):
        (tmp_path / name).write_text("old", encoding="utf-8")
    with pytest.raises(OSError), replace_together(tmp_path, "n") as staging:
        (staging / "n.ttl").write_text("new", encoding="utf-8")
        raise OSError(28, "No space left on device")  # the disk fills while writing n.html
    assert [p.read_text(encoding="utf-8") for p in sorted(tmp_path.iterdir())] == ["old", "old"]
    with replace_together(tmp_path, "n") as staging:
        for name in ("n.ttl", "n.html"):
            (staging / name).write_text("new", encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["n.html", "n.ttl"]
    assert [p.read_text(encoding="utf-8") for p in sorted(tmp_path.iterdir())] == ["new", "new"]


def test_a_move_into_place_cut_short_is_finished_by_the_next_run(tmp_path):
    """Killed between two renames, a writer leaves a new .ttl beside an old .html: the next run ends it."""
    staging = tmp_path / f".n.{_dead_pid()}.abcd1234.tmp"
    staging.mkdir()
    (staging / "n.html").write_text("new html", encoding="utf-8")
    (tmp_path / "n.ttl").write_text("new ttl", encoding="utf-8")  # moved before the kill
    (tmp_path / "n.html").write_text("old html", encoding="utf-8")
    (tmp_path / ".n.commit").write_text(staging.name + "\n", encoding="utf-8")
    remove_stale(tmp_path, "n")
    assert (tmp_path / "n.html").read_text(encoding="utf-8") == "new html"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["n.html", "n.ttl"]


def test_temp_files_of_dead_writers_go_and_live_ones_stay(tmp_path):
    dead = _dead_pid()
    stale = tmp_path / f".n.ttl.{dead}.abcd1234.tmp"
    stale_folder = tmp_path / f".n.{dead}.abcd1234.tmp"
    live = tmp_path / f".n.ttl.{os.getpid()}.abcd1234.tmp"
    other = tmp_path / f".other.ttl.{dead}.abcd1234.tmp"
    for path in (stale, live, other):
        path.write_text("x", encoding="utf-8")
    stale_folder.mkdir()
    (stale_folder / "n.ttl").write_text("x", encoding="utf-8")
    assert sorted(remove_stale(tmp_path, "n")) == sorted([stale, stale_folder])
    assert live.exists() and other.exists()


def _dead_pid() -> int:
    """The pid of a process that has just ended (and was reaped)."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid
