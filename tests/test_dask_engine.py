"""``kg build --engine dask``: a real LocalCluster of worker processes on loopback.

The exports must be byte-identical to ``--jobs 1``; a worker killed mid-article
(SIGKILL of the real process) costs a retry, or that article, never the build.
One cluster serves the module; the kill tests come first, before any build
registers the model warm-up that every restarted worker would then rerun.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dask
import psutil
import pytest
from dask_util import KillWorkerOn, cleaned_only
from distributed import Client

from graph.corpus.build import build_articles, build_report
from graph.corpus.dask_engine import start_local_cluster
from graph.export.nodelink import to_node_link_json
from graph.ingest import iter_articles
from graph.tools.cli import main

EXPORTS = ("ttl", "html", "json")


@pytest.fixture(scope="module")
def cluster():
    cluster = start_local_cluster(2)
    yield cluster
    cluster.close()


@pytest.fixture(scope="module")
def demo_articles(repo_dir) -> list:
    return list(iter_articles([str(repo_dir / "graph" / "resources" / "demo")]))


def _worker_pids(cluster) -> set[int]:
    with Client(cluster.scheduler_address, set_as_default=False) as client:
        client.wait_for_workers(2, timeout=60)
        return set(client.run(os.getpid).values())


def _summary(result) -> tuple[dict, str]:
    """The build's report without its timings, and its graph: all that must match serial."""
    G = result.graph("t")
    report = build_report(result, G, seconds=0)
    del report["timings"]
    return report, to_node_link_json(G)


def test_a_worker_killed_on_an_article_is_replaced_and_the_article_retried(cluster, demo_articles, tmp_path):
    before = _worker_pids(cluster)
    killer = KillWorkerOn("wuhou_yuanluo", once=str(tmp_path / "killed-once"))
    result = build_articles(demo_articles, engine="dask", scheduler=cluster.scheduler_address, process=killer)
    assert (tmp_path / "killed-once").exists()  # the first try did die
    assert not result.failures
    assert _summary(result) == _summary(build_articles(demo_articles, process=cleaned_only))
    assert _worker_pids(cluster) != before  # the dead worker's process was replaced by a new one


def test_an_article_that_kills_every_worker_is_reported_failed_and_the_build_finishes(cluster, demo_articles):
    target = "wuhou_yuanluo"
    result = build_articles(
        demo_articles, engine="dask", scheduler=cluster.scheduler_address, process=KillWorkerOn(target)
    )
    report, graph = _summary(result)
    failed = {f["path"]: f for f in report["files"] if f["status"] == "failed"}
    target_path = next(a.location for a in demo_articles if a.doc_id == target)
    assert target_path in failed
    # Dask also counts a try against an article queued on a worker as it died: at most those fail too.
    for row in failed.values():
        assert row["code"] == "E999" and "worker process extracting it died" in row["error"]
    assert len(failed) < len(demo_articles) and report["totals"]["failed"] == len(failed)
    kept = [a for a in demo_articles if a.location not in failed]
    serial, serial_graph = _summary(build_articles(kept, process=cleaned_only))
    assert [f for f in report["files"] if f["status"] == "ok"] == serial["files"]
    assert graph == serial_graph


def _build(out: Path, inputs: list[str], *options: str) -> dict:
    """``kg build`` (no cache read) into ``out``; its report without the timings."""
    assert main(["build", *inputs, "-o", str(out), "--name", "t", "--quiet", "--no-cache", *options]) == 0
    report = json.loads((out / "t.report.json").read_text(encoding="utf-8"))
    del report["timings"]
    return report


def _assert_same_exports(left: Path, right: Path) -> None:
    for suffix in EXPORTS:
        assert (left / f"t.{suffix}").read_bytes() == (right / f"t.{suffix}").read_bytes(), suffix


def _children() -> set[int]:
    return {p.pid for p in psutil.Process().children(recursive=True)}


@pytest.fixture(scope="module")
def corpus(repo_dir) -> list[str]:
    """The seeds and the demo corpus; the demo alone without ../shared."""
    demo = str(repo_dir / "graph" / "resources" / "demo")
    seeds = repo_dir.parent / "shared" / "seeds"
    return [str(seeds), demo] if seeds.is_dir() else [demo]


def test_a_local_cluster_build_exports_what_jobs_1_does_and_leaves_no_process(corpus, tmp_path):
    before = _children()
    dask_report = _build(tmp_path / "dask", corpus, "--engine", "dask", "--jobs", "2")
    assert _children() <= before  # its LocalCluster's processes are gone (others may have ended)
    assert dask_report == _build(tmp_path / "serial", corpus, "--jobs", "1")
    assert dask_report["totals"]["failed"] == 0 and dask_report["totals"]["articles"] >= 5
    _assert_same_exports(tmp_path / "dask", tmp_path / "serial")
    # the records were cached where the build ran: a rebuild needs no cluster
    rebuild = ["build", *corpus, "-o", str(tmp_path / "dask"), "--name", "t", "--quiet", "--engine", "dask"]
    assert main(rebuild) == 0
    timings = json.loads((tmp_path / "dask" / "t.report.json").read_text(encoding="utf-8"))["timings"]
    assert timings["cached_articles"] == dask_report["totals"]["articles"]


def test_a_scheduler_needs_the_dask_engine(capsys):
    assert main(["build", "--scheduler", "tcp://127.0.0.1:1", "--quiet"]) == 2
    assert "[E200] --scheduler goes with --engine dask" in capsys.readouterr().err


def test_an_unreachable_scheduler_is_a_coded_error(tmp_path, capsys):
    import socket

    with socket.socket() as free:  # bound, never listening: nothing answers there
        free.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{free.getsockname()[1]}"
        with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
            status = main(
                [
                    "build",
                    "-o",
                    str(tmp_path),
                    "--quiet",
                    "--no-cache",
                    "--engine",
                    "dask",
                    "--scheduler",
                    address,
                ]
            )
    assert status == 1
    assert f"[E900] cannot reach a Dask scheduler at {address!r}" in capsys.readouterr().err
