"""``kg serve``: a read-only SPARQL endpoint over an export, on the Oxigraph server.

The Turtle is loaded once into an Oxigraph store folder (the one ``kg query
--store`` uses; reloaded only when the file changed), then the ``oxigraph``
server (the pinned ``oxigraph`` package's binary) serves that folder in
read-only mode on a private loopback port.  In front of it, on ``--bind`` and
``--port``, a small HTTP server of this process:

- ``/`` : a query page that works offline (the YASGUI editor the Oxigraph
  binary ships, and the canned queries to pick from), with a strict CSP;
- ``/kg/queries.json`` : the canned queries (name, title, SPARQL);
- anything else (``/query``, ``/update``, ``/store``, the editor's files) goes to
  Oxigraph as it is, so the SPARQL 1.1 protocol is Oxigraph's own, and an
  update is refused by Oxigraph's read-only mode.

Ctrl-C or SIGTERM stops both; on Linux Oxigraph also stops if this process is
killed outright (a parent-death signal).

>>> result = http_query("http://127.0.0.1:7878/query", "ASK { ?s ?p ?o }")  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import http.client
import json
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ..errors import ConfigError, QueryError
from .query import QUERY_DIR, QueryResult, canned_queries, literal_kind, open_store

__all__ = ["Endpoint", "prepare_store", "http_query", "PAGE_DIR", "CSP"]

PAGE_DIR = Path(__file__).resolve().parents[1] / "resources" / "serve"
# The page runs only its own files: no inline script, nothing from another origin.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_PAGE_FILES = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/kg/serve.js": ("serve.js", "text/javascript; charset=utf-8"),
    "/kg/serve.css": ("serve.css", "text/css; charset=utf-8"),
}
_STARTUP_SECONDS = 60
_STOP_SECONDS = 10
_BLOCK = 1 << 16
# Request headers Oxigraph needs to answer the protocol; hop-by-hop ones stay here.
_FORWARDED = ("Content-Type", "Accept", "Accept-Encoding", "Content-Length")
# Not relayed: hop-by-hop headers (Oxigraph's Server and Date go through: the answer is its own).
_NOT_RELAYED = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade"}


# ---------------------------------------------------------------- the store


def prepare_store(source: Path | str, store_dir: Path | str | None = None) -> Path:
    """The store folder to serve: ``source`` itself (a store), or ``source`` (.ttl) loaded into one.

    A Turtle export goes into ``store_dir`` (default: ``NAME.store`` next to
    it), once: a store already holding this very file is used as it is.
    """
    source = Path(source)
    if source.is_dir():
        if not (source / "CURRENT").is_file():
            raise QueryError(f"{source} is not an Oxigraph store folder; give an export .ttl or a store")
        return source
    if not source.is_file():
        raise QueryError(f"no Turtle file or store at {source}: give an export written by 'kg build'")
    store_dir = Path(store_dir) if store_dir is not None else source.with_suffix(".store")
    store = open_store(source, store_dir)
    del store  # closes it: the server opens the folder next
    return store_dir


def oxigraph_binary() -> str:
    """The ``oxigraph`` server of the installed package (next to this Python), else on PATH."""
    beside = Path(sysconfig.get_path("scripts")) / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if found is None:
        raise ConfigError("the oxigraph server is not installed: pip install oxigraph (see pyproject.toml)")
    return found


# ---------------------------------------------------------------- the endpoint


class Endpoint:
    """Oxigraph serving ``store_dir`` read-only, behind the page server on ``bind:port``.

    ``port=0`` picks a free port; ``url`` says which.  A context manager:
    leaving it stops both servers.
    """

    def __init__(self, store_dir: Path | str, *, bind: str = "127.0.0.1", port: int = 7878):
        self.store_dir = Path(store_dir)
        self.bind, self.port = bind, port
        self._oxigraph: subprocess.Popen | None = None
        self._front: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._front.server_address[:2] if self._front else (self.bind, self.port)
        return f"http://{_url_host(host)}:{port}/"

    def start(self) -> Endpoint:
        backend = ("127.0.0.1", _free_port())
        self._oxigraph = _start_oxigraph(self.store_dir, backend)
        _wait_until_answering(self._oxigraph, backend)
        try:
            self._front = ThreadingHTTPServer((self.bind, self.port), _handler(backend))
        except OSError as error:
            self.stop()
            raise ConfigError(f"cannot listen on {self.bind}:{self.port}: {error}") from error
        self._front.daemon_threads = True
        self._thread = threading.Thread(target=self._front.serve_forever, name="kg-serve", daemon=True)
        self._thread.start()
        return self

    def wait(self) -> None:
        """Until Oxigraph exits (it should not) or this process is told to stop."""
        while self._oxigraph is not None and self._oxigraph.poll() is None:
            time.sleep(0.2)
        if self._oxigraph is not None:
            raise ConfigError(f"the oxigraph server stopped (exit status {self._oxigraph.returncode})")

    def stop(self) -> None:
        if self._front is not None:
            self._front.shutdown()
            self._front.server_close()
            self._front = None
        if self._oxigraph is not None:
            _stop_process(self._oxigraph)
            self._oxigraph = None

    def __enter__(self) -> Endpoint:
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()


def _start_oxigraph(store_dir: Path, address: tuple[str, int]) -> subprocess.Popen:
    command = [
        oxigraph_binary(),
        "serve-read-only",
        "--location",
        str(store_dir),
        "--bind",
        f"{address[0]}:{address[1]}",
    ]
    return subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
    )


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the parent dies, so no server is left orphaned."""
    import ctypes

    pr_set_pdeathsig = 1
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _wait_until_answering(process: subprocess.Popen, address: tuple[str, int]) -> None:
    deadline = time.monotonic() + _STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            message = process.stderr.read().decode("utf-8", "replace").strip() if process.stderr else ""
            raise ConfigError(f"the oxigraph server did not start: {message or process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(address, timeout=1):
            return
        time.sleep(0.05)
    _stop_process(process)
    raise ConfigError(f"the oxigraph server did not answer within {_STARTUP_SECONDS} s")


def _stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stderr is not None:
        process.stderr.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


# ---------------------------------------------------------------- the front server


def _handler(backend: tuple[str, int]) -> type[BaseHTTPRequestHandler]:
    class Handler(_FrontHandler):
        oxigraph = backend

    return Handler


class _FrontHandler(BaseHTTPRequestHandler):
    """The page and the canned queries from here; the rest relayed to Oxigraph, streamed."""

    protocol_version = "HTTP/1.1"
    server_version = "kg-serve"
    oxigraph: tuple[str, int]

    def do_GET(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if path in _PAGE_FILES:
            name, content_type = _PAGE_FILES[path]
            self._send(200, (PAGE_DIR / name).read_bytes(), content_type)
        elif path == "/kg/queries.json":
            self._send(200, _queries_json(), "application/json; charset=utf-8")
        else:
            self._relay()

    def do_POST(self) -> None:
        self._relay()

    do_PUT = do_DELETE = do_PATCH = do_POST
    do_HEAD = do_GET

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _relay(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k in _FORWARDED if (v := self.headers.get(k)) is not None}
        upstream = http.client.HTTPConnection(*self.oxigraph, timeout=None)
        try:
            upstream.request(self.command, self.path, body=body, headers=headers)
            answer = upstream.getresponse()
            self._relay_answer(answer)
        except OSError:
            self.close_connection = True
        finally:
            upstream.close()

    def _relay_answer(self, answer: http.client.HTTPResponse) -> None:
        self.send_response_only(answer.status, answer.reason)
        length = answer.getheader("Content-Length")
        for name, value in answer.getheaders():
            if name.lower() not in _NOT_RELAYED:
                self.send_header(name, value)
        chunked = length is None and self.command != "HEAD" and answer.status not in (204, 304)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if self.command == "HEAD":
            return
        while block := answer.read1(_BLOCK):
            self.wfile.write(b"%x\r\n%s\r\n" % (len(block), block) if chunked else block)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass  # one line per request is noise on a terminal; errors still reach the client


def _queries_json() -> bytes:
    queries = [
        {"name": name, "title": title, "sparql": (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")}
        for name, title in canned_queries().items()
    ]
    return json.dumps(queries, ensure_ascii=False).encode("utf-8")


# ---------------------------------------------------------------- a client


def http_query(endpoint: str, sparql: str, *, timeout: float = 60) -> QueryResult:
    """A SELECT or ASK over HTTP (SPARQL 1.1 protocol, JSON results), rows as ``kg query`` gives them."""
    request = urllib.request.Request(
        endpoint,
        data=urllib.parse.urlencode({"query": sparql}).encode("utf-8"),
        headers={
            "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            data = json.load(answer)
    except OSError as error:
        raise QueryError(f"query to {endpoint} failed: {error}") from error
    if "boolean" in data:
        return QueryResult(("ask",), (("true" if data["boolean"] else "false",),))
    columns = tuple(data["head"]["vars"])
    bindings = data["results"]["bindings"]
    rows = tuple(tuple(b.get(column, {}).get("value", "") for column in columns) for b in bindings)
    kinds = tuple(tuple(_kind(binding.get(column)) for column in columns) for binding in bindings)
    return QueryResult(columns, rows, kinds)


def _kind(term: dict | None) -> str:
    """A SPARQL JSON result term's kind, as ``kg query`` records it."""
    if term is None:
        return ""
    if term.get("type") == "uri":
        return "iri"
    return "blank" if term.get("type") == "bnode" else literal_kind(term.get("datatype"))
