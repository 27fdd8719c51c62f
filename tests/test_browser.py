"""End to end in headless Chromium: a person opens the home page, follows the links to Kazakhstan
and to one of its embassies, and reads the label, the quote and its section there.

Drives Debian's ``chromium`` through ``chromedriver``'s W3C WebDriver HTTP API with the standard
library only. Skips when they are not installed, except in CI (``CI=true``), where it must run.
Screenshots go to tests/output/.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import pytest

from kzgraph.build import ensure_built
from kzgraph.web.app import App, Limits
from kzgraph.web.serve import Server

from conftest import OUTPUT, ROOT

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1280,1400"]
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


def _find(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name) or next((p for p in (f"/usr/bin/{name}", f"/usr/lib/chromium/{name}") if Path(p).exists()), None)
        if found:
            return found
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebDriver:
    """The few W3C WebDriver commands this test needs."""

    def __init__(self, port: int):
        self.url = f"http://127.0.0.1:{port}"
        self.session = ""

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body if body is not None else {}).encode() if method == "POST" else None
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return json.loads(resp.read() or b"{}").get("value")
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"WebDriver {method} {path}: {exc.read().decode(errors='replace')[:500]}") from None

    def start(self, chromium: str, profile: str) -> None:
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": FLAGS + [f"--user-data-dir={profile}"]},
            "goog:loggingPrefs": {"browser": "ALL"}}}}
        self.session = self.call("POST", "/session", caps)["sessionId"]

    def s(self, path: str) -> str:
        return f"/session/{self.session}{path}"

    def go(self, url: str) -> None:
        self.call("POST", self.s("/url"), {"url": url})

    def current_url(self) -> str:
        return self.call("GET", self.s("/url"))

    def find(self, css: str) -> str:
        return self.call("POST", self.s("/element"), {"using": "css selector", "value": css})[ELEMENT]

    def find_all(self, css: str) -> list[str]:
        return [e[ELEMENT] for e in self.call("POST", self.s("/elements"), {"using": "css selector", "value": css})]

    def text(self, element: str) -> str:
        return self.call("GET", self.s(f"/element/{element}/text"))

    def click(self, element: str) -> None:
        self.call("POST", self.s(f"/element/{element}/click"))

    def wait_for(self, predicate: Any, timeout: float = 20.0) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if predicate():
                return
            time.sleep(0.1)
        raise AssertionError(f"timed out; now at {self.current_url()}")

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(self.call("GET", self.s("/screenshot"))))

    def browser_log(self) -> list[dict[str, Any]]:
        try:
            return self.call("POST", self.s("/se/log"), {"type": "browser"}) or []
        except AssertionError:
            return []

    def quit(self) -> None:
        if self.session:
            try:
                self.call("DELETE", self.s(""))
            except Exception:
                pass


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    chromium = _find("chromium", "chromium-browser", "google-chrome")
    driver = _find("chromedriver")
    if not chromium or not driver:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the browser test: apt-get install -y chromium chromium-driver")
        pytest.skip("chromium and chromedriver are not installed")
    port = _free_port()
    proc = subprocess.Popen([driver, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    profile = tempfile.mkdtemp(prefix="kzgraph-chromium-")
    wd = WebDriver(port)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        wd.start(chromium, profile)
        yield wd
    finally:
        wd.quit()
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def site_url() -> Iterator[str]:
    ensure_built(ROOT, ROOT / "dist", quiet=True)
    app = App(ROOT / "dist", queries_dir=ROOT / "queries", limits=Limits(timeout=5, max_rows=100, workers=1))
    server = Server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        app.close()


def test_a_person_follows_links_from_the_home_page_to_an_embassy(browser: WebDriver, site_url: str) -> None:
    browser.go(site_url + "/")
    assert "Kazakhstan" in browser.text(browser.find("h1"))
    assert browser.find_all("figure svg"), "the pictures are on the home page"
    browser.screenshot(OUTPUT / "browser-home.png")

    browser.click(browser.find("#start a[href='/page/state/KAZ']"))
    browser.wait_for(lambda: browser.current_url().endswith("/page/state/KAZ"))
    assert browser.text(browser.find("h1")) == "Kazakhstan"

    browser.click(browser.find("a[href='/page/mission/KAZ-embassy-AZE-baku']"))
    browser.wait_for(lambda: browser.current_url().endswith("/page/mission/KAZ-embassy-AZE-baku"))
    assert browser.text(browser.find("h1")) == "Embassy of Kazakhstan in Baku, Azerbaijan"
    quote = browser.text(browser.find("#provenance blockquote"))
    assert quote == "Казахстан има посолоство в Баку от 16 декември 1994 година."
    section = browser.text(browser.find("#provenance dl.passage dd"))
    assert section == "Central Asia › Azerbaijan"
    assert "16 December 1994" in browser.text(browser.find("#properties"))
    browser.screenshot(OUTPUT / "browser-embassy.png")

    # the same page in Bulgarian, through the language switch
    browser.click(browser.find("ul.langs a[hreflang='bg']"))
    browser.wait_for(lambda: browser.current_url().endswith("lang=bg"))
    assert browser.text(browser.find("h1")) == "Посолство на Казахстан в Баку, Азербайджан"

    # the strict Content-Security-Policy blocked nothing: the pages load nothing from elsewhere
    problems = [e for e in browser.browser_log() if e.get("level") == "SEVERE" and "favicon" not in e.get("message", "")]
    assert not problems, problems
    assert (OUTPUT / "browser-embassy.png").stat().st_size > 10_000


def test_a_thing_iri_opens_its_page_in_the_browser(browser: WebDriver, site_url: str) -> None:
    browser.go(site_url + "/id/state/KAZ")
    browser.wait_for(lambda: "/page/state/KAZ" in browser.current_url())
    assert browser.text(browser.find("h1")) == "Kazakhstan"
    browser.go(site_url + "/ontology#Embassy")
    browser.wait_for(lambda: browser.current_url().endswith("/page/ontology#Embassy"))
    assert "kzo:Embassy" in browser.text(browser.find("#Embassy h3"))
