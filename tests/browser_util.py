"""Drive Debian's headless Chromium over the DevTools protocol, with the standard library only.

Chromium speaks the DevTools protocol over a pair of pipes when started with
``--remote-debugging-pipe`` (fd 3 in, fd 4 out, messages ended by NUL), so no
websocket package, WebDriver binary or browser download is needed.

Use as a library::

    with Browser() as browser:
        browser.open(Path("page.html"))
        browser.evaluate("document.title")
        browser.screenshot(Path("page.png"))

or from the shell: ``python tests/browser_util.py page.html page.png [width height]``.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["Browser", "BrowserError", "chromium_path", "screenshot"]

CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--remote-debugging-pipe",
)


class BrowserError(RuntimeError):
    """Chromium could not be started, or did not answer in time."""


def chromium_path() -> str | None:
    """The Chromium binary to drive, or None when none is installed."""
    for candidate in CHROMIUM_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium")


def _pipes_as_fd3_fd4(read_end: int, write_end: int) -> None:
    """In the child: Chromium reads commands on fd 3 and writes replies on fd 4."""
    # dup first, so that dup2 never maps an fd onto itself (which would keep close-on-exec)
    read_copy, write_copy = os.dup(read_end), os.dup(write_end)
    os.dup2(read_copy, 3)
    os.dup2(write_copy, 4)


def require_chromium() -> None:
    """Skip the calling test where Chromium is not installed; fail in CI, which must have it."""
    import pytest

    if chromium_path() is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but Chromium is missing: run scripts/install-system-deps.sh")
        pytest.skip("Chromium is not installed (scripts/install-system-deps.sh installs it)")


class Browser:
    """One headless Chromium with one page, driven over the DevTools pipe."""

    def __init__(self, *, width: int = 1400, height: int = 900, timeout: float = 30.0):
        self.width, self.height, self.timeout = width, height, timeout
        self.events: list[dict[str, Any]] = []
        self._next_id = 0
        self._buffer = b""

    # ------------------------------------------------------------ lifetime
    def __enter__(self) -> Browser:
        binary = chromium_path()
        if binary is None:
            raise BrowserError("no Chromium found; run scripts/install-system-deps.sh")
        self._profile = tempfile.mkdtemp(prefix="kg-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        self._process = subprocess.Popen(
            [
                binary,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={self._profile}",
                f"--window-size={self.width},{self.height}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=lambda: _pipes_as_fd3_fd4(to_browser_r, from_browser_w),
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._attach()
        return self

    def __exit__(self, *exc_info) -> None:
        try:
            self._send("Browser.close", session=False, wait=False)
            self._process.wait(timeout=10)
        except (OSError, BrowserError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait()
        finally:
            os.close(self._to_browser)
            os.close(self._from_browser)
            shutil.rmtree(self._profile, ignore_errors=True)

    def _attach(self) -> None:
        targets = self._send("Target.getTargets", session=False)["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self._session = self._send(
            "Target.attachToTarget", {"targetId": page["targetId"], "flatten": True}, session=False
        )["sessionId"]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self._send(f"{domain}.enable")
        self._send(
            "Emulation.setDeviceMetricsOverride",
            {"width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": False},
        )

    # ------------------------------------------------------------ protocol
    def _send(
        self, method: str, params: dict | None = None, *, session: bool = True, wait: bool = True
    ) -> dict:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self._session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        if not wait:
            return {}
        reply = self._wait_for(lambda m: m.get("id") == message["id"])
        if "error" in reply:
            raise BrowserError(f"{method} failed: {reply['error']}")
        return reply.get("result", {})

    def _wait_for(self, wanted, timeout: float | None = None) -> dict:
        """Read messages until one satisfies ``wanted``; events on the way are kept."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            for message in self._read_messages(deadline):
                if "method" in message:
                    self.events.append(message)
                if wanted(message):
                    return message

    def _read_messages(self, deadline: float) -> list[dict]:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._from_browser], [], [], remaining)[0]:
                raise BrowserError("Chromium did not answer in time")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise BrowserError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        *complete, self._buffer = self._buffer.split(b"\0")
        return [json.loads(raw) for raw in complete]

    # ------------------------------------------------------------ page actions
    def open(self, html_path: Path, *, ready: str = "window.kgReady === true") -> float:
        """Load a local page and wait until ``ready`` is true; returns the wall-clock seconds taken."""
        started = time.monotonic()
        self._send("Page.navigate", {"url": Path(html_path).resolve().as_uri()})
        self._wait_for(lambda m: m.get("method") == "Page.loadEventFired")
        self.wait_until(ready)
        return time.monotonic() - started

    def wait_until(self, condition: str, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout or self.timeout)
        while not self.evaluate(f"Boolean({condition})"):
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out waiting for {condition}")
            time.sleep(0.05)

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a JS expression in the page (promises are awaited)."""
        result = self._send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}
        )
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression!r} threw: {result['exceptionDetails']}")
        return result["result"].get("value")

    def mouse(self, kind: str, x: float, y: float) -> None:
        """A real input event: ``kind`` is mouseMoved, mousePressed or mouseReleased."""
        params = {
            "type": kind,
            "x": x,
            "y": y,
            "button": "none" if kind == "mouseMoved" else "left",
            "clickCount": 0 if kind == "mouseMoved" else 1,
        }
        self._send("Input.dispatchMouseEvent", params)

    def click(self, x: float, y: float) -> None:
        self.mouse("mouseMoved", x, y)
        self.mouse("mousePressed", x, y)
        self.mouse("mouseReleased", x, y)

    def screenshot(self, png_path: Path) -> Path:
        data = self._send("Page.captureScreenshot", {"format": "png"})["data"]
        png_path = Path(png_path)
        png_path.parent.mkdir(parents=True, exist_ok=True)
        png_path.write_bytes(base64.b64decode(data))
        return png_path

    # ------------------------------------------------------------ what happened
    def console_errors(self) -> list[str]:
        errors = []
        for event in self.events:
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.exceptionThrown":
                errors.append(json.dumps(params["exceptionDetails"], ensure_ascii=False)[:500])
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                errors.append(" ".join(str(a.get("value", a.get("description"))) for a in params["args"]))
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                errors.append(params["entry"]["text"])
        return errors

    def requested_urls(self) -> list[str]:
        return [
            e["params"]["request"]["url"] for e in self.events if e["method"] == "Network.requestWillBeSent"
        ]


def screenshot(html_path: Path | str, png_path: Path | str, width: int = 1400, height: int = 900) -> Path:
    """Open an explorer page headless and save a PNG of it once the network is drawn."""
    with Browser(width=width, height=height) as browser:
        browser.open(Path(html_path))
        time.sleep(0.3)  # let the canvas finish the frame that set the ready flag
        return browser.screenshot(Path(png_path))


if __name__ == "__main__":
    if len(sys.argv) not in (3, 5):
        sys.exit("usage: python tests/browser_util.py PAGE.html OUT.png [WIDTH HEIGHT]")
    size = [int(v) for v in sys.argv[3:5]] or [1400, 900]
    print(screenshot(sys.argv[1], sys.argv[2], *size))
