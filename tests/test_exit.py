"""The ``kg`` command's exit: handlers run and output is flushed, only the heap's teardown is skipped."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import psutil
import tomllib

_ROOT = Path(__file__).resolve().parents[1]
# Output to a pipe stays in the stream's buffer until flushed, unless this variable is set.
_BUFFERED = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=_BUFFERED,
    )


def test_exit_runs_the_exit_handlers_and_flushes_what_was_written():
    done = _python(
        """
        import atexit, sys
        from graph.tools.exit import exit_without_teardown
        atexit.register(print, "handler ran")
        sys.stdout.write("buffered, no newline")
        sys.stderr.write("to stderr")
        exit_without_teardown(3)
        """
    )
    assert done.returncode == 3
    assert done.stdout == "buffered, no newlinehandler ran\n"
    assert done.stderr == "to stderr"


def test_exit_skips_object_finalisers_left_to_teardown():
    # The one thing given up: a __del__ that only the interpreter's teardown would call.
    done = _python(
        """
        import sys
        from graph.tools.exit import exit_without_teardown
        class Noisy:
            def __del__(self):
                print("freed")
        kept = Noisy()
        exit_without_teardown(0)
        """
    )
    assert (done.returncode, done.stdout) == (0, "")


def test_exit_waits_for_a_live_thread_as_a_normal_exit_does():
    done = _python(
        """
        import threading, time
        from graph.tools.exit import exit_without_teardown
        def late():
            time.sleep(0.3)
            print("thread finished")
        threading.Thread(target=late).start()
        exit_without_teardown(4)
        """
    )
    assert (done.returncode, done.stdout) == (4, "thread finished\n")


def test_exit_waits_for_a_pool_left_to_shut_down_on_its_own():
    # A pool shut down without waiting (as a build's, to export while its workers exit): the
    # exit waits for the workers, so none outlives the command.
    done = _python(
        """
        import multiprocessing, os
        from concurrent.futures import ProcessPoolExecutor
        from graph.tools.exit import exit_without_teardown
        pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"))
        print(pool.submit(os.getpid).result())
        pool.shutdown(wait=False)
        exit_without_teardown(0)
        """
    )
    assert done.returncode == 0, done.stderr
    workers = [int(pid) for pid in done.stdout.split()]
    assert workers and not [pid for pid in workers if psutil.pid_exists(pid) and _alive(pid)]


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_exit_survives_a_reader_that_has_gone():
    # `kg query ... | head`: the pipe is closed before the last flush; nothing to report, no traceback.
    child = subprocess.Popen(
        [sys.executable, "-c", _LATE_WRITER], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_BUFFERED
    )
    child.stdout.close()
    assert child.wait(timeout=60) == 0
    assert child.stderr.read() == b""
    child.stderr.close()


_LATE_WRITER = """
import sys, time
from graph.tools.exit import exit_without_teardown
time.sleep(0.5)
sys.stdout.write("too late")
exit_without_teardown(0)
"""


def test_the_kg_command_and_python_m_graph_take_this_exit(tmp_path):
    scripts = tomllib.loads((_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["kg"] == "graph.tools.cli:run"
    article = tmp_path / "a.txt"
    article.write_text("标题：社区开展志愿服务\n\n社区党委组织党员开展志愿服务活动。\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "graph", "clean", str(article)],
        capture_output=True,
        text=True,
        timeout=120,
        env=_BUFFERED,
    )
    assert done.returncode == 0, done.stderr
    assert "社区党委组织党员开展志愿服务活动。" in done.stdout  # written to a pipe, so flushed at exit
