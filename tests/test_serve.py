"""``kg serve``: the real Oxigraph server on a free loopback port, behind the page server.

Every canned query answers over HTTP what ``kg query`` answers; an update is
refused; the page works offline under its CSP; stopping leaves no process.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psutil
import pytest

from graph.tools.cli import main
from graph.tools.query import bind_params, canned_queries, resolve_query, run_query
from graph.tools.serve import CSP, http_query

INSERT = "INSERT DATA { <urn:kg-test:a> <urn:kg-test:b> <urn:kg-test:c> }"
INSERTED = "ASK { <urn:kg-test:a> <urn:kg-test:b> <urn:kg-test:c> }"


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("serve")
    assert main(["build", "--quiet", "--jobs", "1", "--no-cache", "-o", str(out)]) == 0
    return out / "demo.ttl"


class Server:
    """``kg serve`` in a process of its own, as a user runs it."""

    def __init__(self, *args: str):
        command = [sys.executable, "-m", "graph", "serve", *args, "--port", "0"]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        first = self.process.stdout.readline()
        assert first.startswith("serving "), first
        self.url = first.rsplit(" at ", 1)[1].strip()
        self.process.stdout.readline()  # the endpoint line
        self.children = psutil.Process(self.process.pid).children(recursive=True)

    def stop(self, signum: int = signal.SIGTERM) -> int:
        self.process.send_signal(signum)
        status = self.process.wait(30)
        self.process.stdout.close()
        return status


@pytest.fixture(scope="module")
def server(export):
    running = Server(str(export))
    yield running
    if running.process.poll() is None:
        running.stop()


def _post(url: str, **form: str) -> tuple[int, bytes]:
    data = urllib.parse.urlencode(form).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _get(url: str):
    return urllib.request.urlopen(url, timeout=30)


def test_it_listens_on_loopback_and_runs_the_real_oxigraph_server(server):
    assert server.url.startswith("http://127.0.0.1:")
    assert any(Path(c.exe()).name == "oxigraph" for c in server.children)
    with _get(server.url + "query?query=" + urllib.parse.quote("ASK { ?s ?p ?o }")) as answer:
        assert answer.headers["server"].startswith("Oxigraph")


@pytest.mark.parametrize("name", sorted(canned_queries()))
def test_every_canned_query_answers_over_http_as_kg_query_does(server, export, name):
    over_http = http_query(server.url + "query", resolve_query(name))
    assert over_http == run_query(export, name)
    assert over_http.rows or name == "people-posts"  # the demo has rows for the others


def test_a_query_with_parameters_answers_as_kg_query_does(server, export):
    params = {"place": "苏州市", "min_confidence": "0.5"}
    sparql = bind_params(resolve_query("programmes-in-place"), params)
    assert http_query(server.url + "query", sparql) == run_query(export, "programmes-in-place", params=params)


def test_an_update_is_refused_and_changes_nothing(server):
    status, body = _post(server.url + "update", update=INSERT)
    assert status == 403 and b"read-only" in body
    status, _ = _post(server.url + "query", query=INSERT)  # an update sent as a query
    assert status == 400
    assert http_query(server.url + "query", INSERTED).rows == (("false",),)


def test_the_query_page_lists_the_canned_queries_and_runs_only_its_own_files(server):
    with _get(server.url) as page:
        html = page.read().decode()
        assert page.headers["Content-Security-Policy"] == CSP
    assert "<script>" not in html and 'src="/yasgui.min.js"' in html and 'src="/kg/serve.js"' in html
    with _get(server.url + "yasgui.min.js") as editor:  # shipped in the Oxigraph binary: no download
        assert editor.status == 200 and len(editor.read()) > 100_000
    import json

    with _get(server.url + "kg/queries.json") as listed:
        queries = json.load(listed)
    assert [q["name"] for q in queries] == list(canned_queries())
    assert all(q["sparql"] == resolve_query(q["name"]) for q in queries)


def test_sigterm_stops_it_and_leaves_no_process(export):
    server = Server(str(export))
    assert http_query(server.url + "query", "ASK { ?s ?p ?o }").rows == (("true",),)
    assert server.children
    assert server.stop(signal.SIGTERM) == 0
    assert not [c for c in server.children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]


def test_ctrl_c_stops_it_and_a_store_folder_is_served_as_it_is(export):
    store = export.with_suffix(".store")  # written by the first server, next to the export
    server = Server(str(store))
    assert http_query(server.url + "query", resolve_query("org-tree")) == run_query(export, "org-tree")
    assert server.stop(signal.SIGINT) == 0
    assert not [c for c in server.children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]


def test_a_missing_export_is_a_coded_error(tmp_path, capsys):
    assert main(["serve", str(tmp_path / "none.ttl"), "--port", "0"]) == 1
    assert "[E400] no Turtle file or store at" in capsys.readouterr().err


@pytest.mark.browser
def test_the_page_runs_a_picked_canned_query_offline(server, monkeypatch):
    import browser_util

    browser_util.require_chromium()
    # The shared flags resolve no host at all; this page needs its own loopback server, nothing else.
    flags = tuple(
        f + ", EXCLUDE 127.0.0.1" if f.startswith("--host-resolver-rules") else f
        for f in browser_util.CHROMIUM_FLAGS
    )
    monkeypatch.setattr(browser_util, "CHROMIUM_FLAGS", flags)
    with browser_util.Browser() as browser:
        browser._send("Page.navigate", {"url": server.url})
        browser.wait_until("window.kgReady === true")
        browser.evaluate(
            "(() => { const s = document.getElementById('canned'); s.value = 'org-tree';"
            " s.dispatchEvent(new Event('change')); })()"
        )
        browser.wait_until("document.querySelectorAll('.yasr tbody tr').length > 0")
        assert not browser.console_errors()
        origin = server.url.rstrip("/")
        assert all(url.startswith(origin) for url in browser.requested_urls())
