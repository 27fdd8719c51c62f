"""End to end in headless Chromium: a person opens the home page, follows the links to Kazakhstan
and to one of its embassies, and reads the label, the quote and its section there; then writes a
query in the SPARQL editor (YASGUI), runs it and reads the rows, and opens a stored query in a tab
of its own, whose answer must be the command line's.

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
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kzgraph.web.app import App, Limits
from kzgraph.web.query_pages import DEFAULT_QUERY

from common import OUTPUT, ROOT
from inprocess import serving

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1400",
]
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


def _find(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name) or next(
            (p for p in (f"/usr/bin/{name}", f"/usr/lib/chromium/{name}") if Path(p).exists()), None
        )
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
        req = urllib.request.Request(self.url + path, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return json.loads(resp.read() or b"{}").get("value")
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"WebDriver {method} {path}: {exc.read().decode(errors='replace')[:500]}") from None

    def start(self, chromium: str, profile: str) -> None:
        caps = {
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {"binary": chromium, "args": FLAGS + [f"--user-data-dir={profile}"]},
                    "goog:loggingPrefs": {"browser": "ALL"},
                }
            }
        }
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

    def type(self, element: str, text: str) -> None:
        self.call("POST", self.s(f"/element/{element}/value"), {"text": text})

    def script(self, code: str, *args: Any) -> Any:
        return self.call("POST", self.s("/execute/sync"), {"script": code, "args": list(args)})

    def script_async(self, code: str, *args: Any) -> Any:
        """Run ``code``, which calls ``arguments[arguments.length - 1](value)`` when done."""
        return self.call("POST", self.s("/execute/async"), {"script": code, "args": list(args)})

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
def site_url(built: Path) -> Iterator[str]:
    app = App(built, queries_dir=ROOT / "queries", limits=Limits(timeout=5, max_rows=100, workers=1))
    with serving(app) as port:
        yield f"http://127.0.0.1:{port}"


def test_a_person_follows_links_from_the_home_page_to_an_embassy(browser: WebDriver, site_url: str) -> None:
    browser.go(site_url + "/")
    assert "Kazakhstan" in browser.text(browser.find("h1"))
    assert browser.find_all("figure svg"), "the pictures are on the home page"
    browser.screenshot(OUTPUT / "browser-home.png")

    browser.click(browser.find("header nav a[href='/page/state/KAZ']"))
    browser.wait_for(lambda: browser.current_url().endswith("/page/state/KAZ"))
    assert browser.text(browser.find("h1")) == "Kazakhstan"

    browser.click(browser.find("a[href='/page/mission/KAZ-embassy-AZE-baku']"))
    browser.wait_for(lambda: browser.current_url().endswith("/page/mission/KAZ-embassy-AZE-baku"))
    assert browser.text(browser.find("h1")) == "Embassy of Kazakhstan in Baku, Azerbaijan"
    quote = browser.text(browser.find("#provenance blockquote"))
    assert quote == "Казахстан има посолоство в Баку от 16 декември 1994 година."
    section = browser.text(browser.find("#provenance dl.passage dd"))
    assert section == "Central Asia › Azerbaijan"
    browser.click(browser.find("#as-data summary"))  # the technical rows are folded under "as data"
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


ROWS = "#yasgui .tabPanel.active .yasr table.dataTable tbody tr"


def _rows(browser: WebDriver) -> list[list[str]]:
    """The cells of the result table in the active tab, as the page shows them."""
    return browser.script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(r => "
        "Array.from(r.querySelectorAll('td')).slice(1).map(td => td.innerText.trim()))",
        ROWS,
    )


def test_a_person_writes_a_query_in_the_editor_and_reads_the_rows(browser: WebDriver, site_url: str) -> None:
    browser.go(site_url + "/sparql")
    browser.wait_for(lambda: browser.script("return !!window.kzgraphEditor && !!document.querySelector('.CodeMirror')"))
    assert browser.script("return document.getElementById('kzgraph-plain-form').hidden") is True
    editor = browser.find("#yasgui .tabPanel.active .CodeMirror textarea")
    browser.type(editor, "\ue009a\ue000\ue017")  # select all, delete
    browser.type(
        editor,
        "SELECT ?m ?city WHERE { ?m kzo:sendingState state:KAZ ; a kzo:ConsulateGeneral ; "
        "kzo:city ?c . ?c rdfs:label ?city FILTER(lang(?city) = 'en') } ORDER BY ?city",
    )
    browser.click(browser.find("#yasgui .tabPanel.active .yasqe_queryButton"))
    browser.wait_for(lambda: len(_rows(browser)) == 4)
    rows = _rows(browser)
    assert [r[0] for r in rows] == [
        "mission:KAZ-consulate-general-RUS-astrakhan",
        "mission:KAZ-consulate-general-TUR-istanbul",
        "mission:KAZ-consulate-general-RUS-omsk",
        "mission:KAZ-consulate-general-RUS-saint-petersburg",
    ]
    assert [r[1] for r in rows] == ['"Astrakhan"@en', '"Istanbul"@en', '"Omsk"@en', '"Saint Petersburg"@en']
    links = browser.script(
        "return Array.from(document.querySelectorAll(arguments[0] + ' a')).map(a => a.getAttribute('href'))", ROWS
    )
    assert "/page/mission/KAZ-consulate-general-RUS-omsk" in links  # results link to this site's pages
    downloads = browser.script("return Array.from(document.querySelectorAll('#kzgraph-downloads a')).map(a => a.textContent)")
    assert downloads == ["JSON", "XML", "CSV", "TSV"]
    browser.screenshot(OUTPUT / "browser-sparql-editor.png")
    # completion offers this ontology's classes, not Linked Open Vocabularies
    done = "const done = arguments[arguments.length - 1];"
    classes = browser.script_async(
        done + "window.kzgraphEditor.getTab().getYasqe().autocompleters.kzclass.getCompletions().then(done)"
    )
    assert "kzo:Embassy" in classes and "https://w3id.org/kzgraph/ontology#ConsulateGeneral" in classes
    assert all(c.startswith(("https://w3id.org/", "http://www.w3.org/", "http://", "https://")) or ":" in c for c in classes)
    prefixes = browser.script_async(
        done + "window.kzgraphEditor.getTab().getYasqe().autocompleters.prefixes.getCompletions().then(done)"
    )
    assert "state: <https://w3id.org/kzgraph/id/state/>" in prefixes and len(prefixes) < 100  # ours, not prefix.cc
    problems = [e for e in browser.browser_log() if e.get("level") == "SEVERE" and "favicon" not in e.get("message", "")]
    assert not problems, problems  # no Content-Security-Policy violation, nothing fetched from elsewhere


def test_the_editor_shows_the_warning_for_a_misspelt_term(browser: WebDriver, site_url: str) -> None:
    browser.go(site_url + "/sparql")
    browser.wait_for(lambda: browser.script("return !!window.kzgraphEditor && !!document.querySelector('.CodeMirror')"))
    assert browser.script("return document.getElementById('kzgraph-warnings').hidden") is True
    editor = browser.find("#yasgui .tabPanel.active .CodeMirror textarea")
    browser.type(editor, "\ue009a\ue000\ue017")  # select all, delete
    browser.type(editor, "SELECT ?m WHERE { ?m kzo:sendingStat state:KAZ }")
    browser.click(browser.find("#yasgui .tabPanel.active .yasqe_queryButton"))
    browser.wait_for(lambda: not browser.script("return document.getElementById('kzgraph-warnings').hidden"))
    shown = browser.script("return document.getElementById('kzgraph-warnings').textContent")
    assert "kzo:sendingStat is not a term of the ontology; did you mean kzo:sendingState?" in shown


def test_a_stored_query_opens_in_its_own_tab_and_answers_as_the_cli(
    browser: WebDriver, site_url: str, built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    browser.go(site_url + "/sparql")
    browser.wait_for(lambda: browser.script("return !!window.kzgraphEditor"))
    tabs_before = browser.script("return document.querySelectorAll('#yasgui .tabsList .tab').length")
    browser.click(browser.find('#kzgraph-stored a[data-query="consulates-general"][data-run]'))
    browser.wait_for(lambda: len(_rows(browser)) == 6)  # both sides: Kazakhstan's four, and the two it hosts
    assert browser.script("return document.querySelectorAll('#yasgui .tabsList .tab').length") == tabs_before + 1
    assert browser.script("return document.querySelector('#yasgui .tabsList .tab.active').innerText").startswith(
        "Consulates general of a state"
    )
    shown = [[cell.split('"')[1] if '"' in cell else cell for cell in row] for row in _rows(browser)]
    from kzgraph.cli import main

    assert main(["--root", str(ROOT), "query", "consulates-general", "--format", "csv", "--dist", str(built)]) == 0
    import csv
    import io

    expected = list(csv.reader(io.StringIO(capsys.readouterr().out)))[1:]
    assert shown == expected
    browser.screenshot(OUTPUT / "browser-sparql-stored-query.png")


# The active tab's editor: its syntax checked now, the error markers YASQE draws (the gutter's warning
# icon, CodeMirror's error tokens), whether its prefix completer has its list, its text.
EDITOR_STATE = """
const tab = window.kzgraphEditor.getTab(), yasqe = tab.getYasqe();
yasqe.checkSyntax();
const panel = document.querySelector('#yasgui .tabPanel.active');
return {name: tab.getName(), valid: yasqe.queryValid, value: yasqe.getValue(),
        markers: panel.querySelectorAll('.parseErrorIcon, .CodeMirror .error, .CodeMirror .cm-error').length,
        ready: !!(yasqe.autocompleters.prefixes && yasqe.autocompleters.prefixes.trie)};
"""
# Each text (``arguments[0]``: name -> text) in the active tab's editor, its syntax checked: whether it
# is valid and how many error markers it draws.
EDITOR_EVERY_TEXT = """
const yasqe = window.kzgraphEditor.getTab().getYasqe(), panel = document.querySelector('#yasgui .tabPanel.active');
const out = {};
for (const [name, text] of Object.entries(arguments[0])) {
  yasqe.setValue(text);
  yasqe.checkSyntax();
  out[name] = [yasqe.queryValid, panel.querySelectorAll('.parseErrorIcon, .CodeMirror .error, .CodeMirror .cm-error').length];
}
return out;
"""
# After a change, YASQE's prefix completer adds a PREFIX line in a promise; a task queued after it
# sees the text it leaves (no waiting on the clock).
TEXT_AFTER_COMPLETERS = (
    "const done = arguments[arguments.length - 1];setTimeout(() => done(window.kzgraphEditor.getTab().getYasqe().getValue()), 0);"
)


def _editor_ready(browser: WebDriver) -> dict[str, Any]:
    state: dict[str, Any] = {}

    def ready() -> bool:
        state.update(browser.script(EDITOR_STATE))
        return bool(state["ready"])

    browser.wait_for(ready)
    return state


def _type_prefixed_name_at_the_end(browser: WebDriver) -> str:
    """Type `` kzo:`` at the end of the active editor as a person would; the text the editor then holds."""
    editor = browser.find("#yasgui .tabPanel.active .CodeMirror textarea")
    browser.type(editor, "\ue009\ue010\ue000 kzo:")  # Ctrl+End, release, then the keys
    return browser.script_async(TEXT_AFTER_COMPLETERS)


def test_the_editor_knows_the_endpoints_prefixes_on_the_default_query_and_every_stored_query(
    browser: WebDriver, site_url: str
) -> None:
    """Issue 22 item 4: the endpoint declares the project's prefixes, so the editor does too. No tab
    (the default query, each stored query) shows a syntax-error marker, and typing a prefixed name
    inserts no PREFIX line (before: "Prefix 'kzo' is not defined" on the page's own default query,
    and ``PREFIX kzo: <…>`` written above it). One page load; three stored queries open in their tabs
    by a click, and every stored query's text is read by the same editor's parser."""
    browser.go(site_url + "/sparql/prefixes.json")  # same origin, no editor: forget tabs other tests left
    browser.script("localStorage.clear()")
    browser.go(site_url + "/sparql")
    browser.wait_for(lambda: browser.script("return !!window.kzgraphEditor && !!document.querySelector('.CodeMirror')"))
    state = _editor_ready(browser)
    assert state["value"] == DEFAULT_QUERY and not any(line.upper().startswith("PREFIX") for line in DEFAULT_QUERY.splitlines())
    assert (state["valid"], state["markers"]) == (True, 0), state
    assert _type_prefixed_name_at_the_end(browser) == state["value"] + " kzo:"

    # a PREFIX line the user writes still wins over the table
    own = browser.script(
        "const y = window.kzgraphEditor.getTab().getYasqe();"
        "y.setValue('PREFIX kzo: <http://example.org/other#>\\nSELECT * WHERE { ?s kzo:p ?o }');"
        "return y.getPrefixesFromQuery().kzo"
    )
    assert own == "http://example.org/other#"

    names = browser.script(
        "return Array.from(document.querySelectorAll('#kzgraph-stored a[data-query]:not([data-run])')).map(a => a.dataset.query)"
    )
    stored = json.loads(browser.script("return document.getElementById('kzgraph-editor').textContent"))["queries"]
    assert sorted(names) == sorted(stored) and len(names) == len(list((ROOT / "queries").glob("*.rq")))
    problems = []
    for name in sorted(names)[:3]:  # opened by a click in a tab of its own, and typed into, as a person would
        browser.click(browser.find(f'#kzgraph-stored a[data-query="{name}"]:not([data-run])'))
        browser.wait_for(lambda name=name: browser.script(EDITOR_STATE)["name"] == stored[name]["name"])
        state = _editor_ready(browser)
        if (state["valid"], state["markers"]) != (True, 0):
            problems.append(f"{name}: an error marker")
        if _type_prefixed_name_at_the_end(browser) != state["value"] + " kzo:":
            problems.append(f"{name}: typing kzo: changed more than it typed")
    # every stored query's text, as its tab opens with it, read by the same editor's parser (one tab
    # for all: a click and a tab each took a third of a second, and tested the tabs, not the queries)
    broken = "(a text with a stray brace and a word for a limit, which must be found)"
    checked = browser.script(
        EDITOR_EVERY_TEXT, {**{name: stored[name]["text"] for name in names}, broken: "SELECT * WHERE { ?s ?p ?o . } } LIMIT x"}
    )
    valid, markers = checked.pop(broken)
    assert valid is False and markers > 0  # the check sees a syntax error where there is one, and its marker
    problems += [f"{name}: an error marker" for name, ok in sorted(checked.items()) if ok != [True, 0]]
    assert len(checked) == len(names) and not problems, problems
    browser.screenshot(OUTPUT / "browser-sparql-prefixes.png")


def test_the_editors_one_inline_style_is_the_one_the_policy_allows() -> None:
    """The SPARQL page's CSP allows YASGUI's fixed column-resizer stylesheet by its hash; the hash
    must be that of the vendored file's stylesheet (updating YASGUI without it breaks the page)."""
    import hashlib

    from kzgraph.web.http import YASGUI_STYLE_HASH

    bundle = (ROOT / "kzgraph" / "web" / "static" / "yasgui" / "yasgui.min.js").read_text(encoding="utf-8")
    call = "createStyle(a,`"
    start = bundle.index(call) + len(call)
    css = bundle[start : bundle.index("`", start)]
    assert "sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() == YASGUI_STYLE_HASH
