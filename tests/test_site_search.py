"""Search on the static site (issue 23, item 4): the documents `kzgraph publish` writes for MiniSearch hold
the names the server's search reads, byte for byte the same on every publish; the page says what it
needs without script; and, in headless Chromium (slow), the corpus of tests/test_search.py finds what
it must among the first results, with the total, paging, Bulgarian, and the closest names when
nothing matches."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pyoxigraph as ox
import pytest
from test_browser import WebDriver, browser  # noqa: F401  (the browser fixture: one session for the module)

from kzgraph.curated.namespaces import BASE
from kzgraph.pipeline.embedded_store import load_release
from kzgraph.web import site_search
from kzgraph.web.addresses import Links, document_key
from kzgraph.web.app import App
from kzgraph.web.http import CSP
from kzgraph.web.layout import Ctx
from kzgraph.web.search import words
from kzgraph.web.view import View
from kzgraph.web.webconf import htaccess, nginx

from common import OUTPUT, ROOT

SITE = "https://example.org/kz/"
LINKS = Links(SITE, static=True)
LISTS = ["State", "Organization", "City", "DiplomaticMission", "BilateralRelation"]


@pytest.fixture(scope="module")
def view(app: App) -> View:
    return app.ctx("en").view


@pytest.fixture(scope="module")
def docs(view: View) -> dict:
    return json.loads(site_search.documents(view, LINKS))


def test_the_documents_are_the_same_bytes_on_every_publish(view: View, built: Path) -> None:
    first = site_search.documents(view, LINKS)
    store = ox.Store()  # a second load: the store's own order must not leak into the file
    load_release(store, built / "kzgraph.nq")
    assert site_search.documents(View(store), LINKS) == first
    iris = [d["iri"] for d in json.loads(first)["documents"]]
    assert iris == sorted(iris) and len(iris) == len(set(iris))


def test_the_documents_hold_the_names_the_server_searches(view: View, docs: dict) -> None:
    entries = {e.iri: e for e in view.search_index().entries}
    found = {BASE + d["iri"]: d for d in docs["documents"]}
    assert set(found) == set(entries)
    labelled = {iri for iri in view.labels if document_key(iri) is not None}
    assert labelled <= set(found), sorted(labelled - set(found))[:5]
    for iri, doc in found.items():
        entry = entries[iri]
        types = [docs["types"][n] for n in doc["types"]]
        assert doc["names"] == entry.names, iri
        assert {w for text in doc["names"] + types for w in words(text)} == entry.words, iri
        assert doc["links"] == entry.links and doc["label"]["en"] == view.label(iri, "en"), iri
    kaz, osce = found[BASE + "id/state/KAZ"], found[BASE + "id/organization/osce"]
    assert {"Казастан", "KZ", "KAZ"} <= set(kaz["names"]) and {"OSCE", "ОССЕ"} <= set(osce["names"])
    assert kaz["page"] == "/kz/page/state/KAZ" and kaz["label"]["bg"] == "Казахстан"


@pytest.mark.parametrize("lang", ["en", "bg"])
def test_without_script_the_page_says_search_needs_it_and_offers_the_lists(view: View, lang: str) -> None:
    html = site_search.search_page(Ctx(view, LINKS, lang), LISTS).decode()
    main = html[html.index("<main") : html.index("</main>")]
    needs = re.search(r'<p class="needs-script">(.*?)</p>', main)
    assert needs and "JavaScript" in needs.group(1)
    sfx = "?lang=bg" if lang == "bg" else ""
    for rel in ("browse", "browse/State", "browse/Organization", "browse/DiplomaticMission"):
        assert f'href="/kz/{rel}{sfx}"' in needs.group(1), rel
    assert '<script src="/kz/static/minisearch/minisearch.js" defer></script>' in html
    assert '<script src="/kz/static/search.js" defer></script>' in html
    assert 'data-index="/kz/search.json"' in main and f'data-lang="{lang}"' in main
    assert ('name="lang" value="bg"' in main) == (lang == "bg")


def test_the_vendored_library_is_the_recorded_one_with_its_licence() -> None:
    folder = site_search.LIBRARY
    record = (folder / "README.md").read_text(encoding="utf-8")
    digest = hashlib.sha256((folder / "minisearch.js").read_bytes()).hexdigest()
    assert "minisearch 7.2.0" in record and f"`{digest}`" in record
    assert "MIT License" in (folder / "LICENSE").read_text(encoding="utf-8") or "Permission is hereby granted" in (
        folder / "LICENSE"
    ).read_text(encoding="utf-8")


def test_the_web_server_rules_give_the_script_and_the_documents_their_types() -> None:
    assert 'AddType "text/javascript; charset=utf-8" .js' in htaccess(SITE)
    assert 'AddType "application/json; charset=utf-8" .json' in htaccess(SITE)
    rules = nginx(SITE)
    assert "text/javascript js;" in rules and "application/json json;" in rules
    assert re.search(r"charset_types [^;]*text/javascript application/json", rules)


# --- in the browser (slow) ---------------------------------------------------------------------------------

FIRST_FEW = 3
CORPUS = [  # (page language, query, the resource that must be among the first few)
    ("en", "Chna", "state/CHN"),
    ("en", "Rusia", "state/RUS"),
    ("en", "Kazakstan", "state/KAZ"),
    ("en", "OSCE", "organization/osce"),
    ("en", "SCO", "organization/sco"),
    ("en", "UK", "state/GBR"),
    ("en", "USA", "state/USA"),
    ("en", "ОССЕ", "organization/osce"),
    ("en", "Русия", "state/RUS"),
    ("bg", "Казахстан", "state/KAZ"),
    ("bg", "казастан", "state/KAZ"),  # the article's own misspelling, a hidden label
    ("bg", "България", "state/BGR"),
]
SEVERAL_WORDS = [  # (page language, query, words every hit's label holds, a resource among the hits)
    ("en", "consulate Russia", ("consulate", "russia"), "mission/RUS-consulate-KAZ-almaty"),
    ("en", "embassy Astana", ("embassy", "astana"), "mission/RUS-embassy-KAZ-astana"),
    ("bg", "посолство Астана", ("посолство", "астана"), "mission/RUS-embassy-KAZ-astana"),
]


class StaticSite(http.server.SimpleHTTPRequestHandler):
    """The published files as the generated nginx rules serve them (``/X?lang=bg`` is X.bg.html, ``/X`` is
    X.html, else the file), with the site's Content-Security-Policy, so a blocked script shows."""

    def translate_path(self, path: str) -> str:
        parts = urlsplit(path)
        rel = unquote(parts.path).removeprefix("/kz/")
        lang = parse_qs(parts.query).get("lang", [""])[0]
        root = Path(self.directory)
        for candidate in [f"{rel}.{lang}.html"] * bool(lang) + [f"{rel}.html", rel]:
            if (root / candidate).is_file():
                return str(root / candidate)
        return str(root / rel)

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def static_site(tmp_path_factory: pytest.TempPathFactory, view: View) -> Iterator[str]:
    """The search part of a published site — written by the function `kzgraph publish` calls — and the
    style sheet, served on a free port; the site's URL."""
    out = tmp_path_factory.mktemp("static-search")

    def write(rel: str, body: bytes, kind: str = "files") -> None:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(body)

    site_search.write_search(write, view, LINKS, LISTS)
    write("static/style.css", (site_search.LIBRARY.parent / "style.css").read_bytes())
    write("static/search.js", (site_search.LIBRARY.parent / "search.js").read_bytes())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticSite, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/kz/"
    finally:
        server.shutdown()
        server.server_close()


def _search(driver: WebDriver, url: str) -> list[tuple[str, str]]:
    """Open ``url``, wait for the script, and return each hit shown: (the IRI's path, the hit's text)."""
    driver.go(url)
    driver.wait_for(lambda: driver.script("return document.getElementById('search').dataset.state || ''") != "")
    assert driver.script("return document.getElementById('search').dataset.state") == "done"
    rows = driver.script(
        "return Array.from(document.querySelectorAll('#search ol.hits li'))"
        ".map(li => [li.querySelector('code').textContent, li.textContent])"
    )
    return [(iri.removeprefix("id/"), text) for iri, text in rows]


def _url(site: str, lang: str, text: str, page: int | None = None) -> str:
    query = ("lang=bg&" if lang == "bg" else "") + "q=" + quote(text) + (f"&page={page}" if page else "")
    return f"{site}search?{query}"


@pytest.fixture(scope="module")
def served_site(built: Path) -> Iterator[str]:
    """``kzgraph serve`` on the session's release (in-process, a free port): its /search is the same page."""
    from kzgraph.web.app import App, Limits

    from inprocess import serving

    app = App(built, queries_dir=ROOT / "queries", limits=Limits(timeout=5, max_rows=100, workers=1))
    with serving(app) as port:
        yield f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="module", params=["static", "serve"])
def search_site(request: pytest.FixtureRequest) -> str:
    """The published static site and ``kzgraph serve``: both search with the same index and script."""
    return request.getfixturevalue("static_site" if request.param == "static" else "served_site")


@pytest.mark.slow
def test_the_corpus_finds_what_it_must_in_the_browser(browser: WebDriver, search_site: str) -> None:  # noqa: F811
    # through the form, as a reader would: the static files (or the server) answer …/search?q=
    static_site = search_site
    browser.go(static_site + "search")
    box = browser.find("#search input[name=q]")
    browser.type(box, "Chna\ue007")  # Enter
    browser.wait_for(lambda: "q=Chna" in browser.current_url())
    problems = []
    for lang, text, expected in CORPUS:
        hits = _search(browser, _url(static_site, lang, text))
        if expected not in [iri for iri, _ in hits[:FIRST_FEW]]:
            problems.append(f"{text!r} ({lang}): {expected} not among the first {FIRST_FEW}: {[i for i, _ in hits[:6]]}")
    for lang, text, needed, expected in SEVERAL_WORDS:
        hits = _search(browser, _url(static_site, lang, text))
        wrong = [iri for iri, shown in hits if not all(w in shown.casefold() for w in needed)]
        if not hits or wrong or expected not in [iri for iri, _ in hits]:
            problems.append(f"{text!r} ({lang}): {len(hits)} hits, {expected} among them? hits lacking {needed}: {wrong}")
    uk = [iri for iri, _ in _search(browser, _url(static_site, "en", "UK"))]
    if "state/UKR" in uk and uk.index("state/UKR") < uk.index("state/GBR"):
        problems.append(f"'UK': Ukraine before the United Kingdom: {uk[:4]}")
    browser.screenshot(OUTPUT / f"search-{'static' if '/kz/' in static_site else 'serve'}.png")
    log = [e for e in browser.browser_log() if e.get("level") == "SEVERE" and "favicon" not in e.get("message", "")]
    assert not problems and not log, "\n".join(problems + [str(e) for e in log])


@pytest.mark.slow
def test_the_total_paging_and_the_closest_names_in_the_browser(browser: WebDriver, static_site: str) -> None:  # noqa: F811
    hits = _search(browser, _url(static_site, "en", "Kazakhstan"))
    paging = browser.text(browser.find("#search .paging"))
    total = int(re.fullmatch(r"60 of (\d+) shown · next (\d+)", paging).group(1))
    assert len(hits) == 60 and total > 60
    browser.click(browser.find("#search .paging a[rel=next]"))
    browser.wait_for(lambda: "page=2" in browser.current_url())
    browser.wait_for(lambda: browser.script("return document.getElementById('search').dataset.state || ''") == "done")
    second = browser.script("return document.querySelectorAll('#search ol.hits li').length")
    assert second == min(60, total - 60)
    assert browser.script("return document.querySelector('#search ol.hits').getAttribute('start')") == "61"
    pages = -(-total // 60)
    last = _search(browser, _url(static_site, "en", "Kazakhstan", pages))
    text = browser.text(browser.find("#search .paging"))
    assert len(last) == total - 60 * (pages - 1) and text.startswith(f"{60 * (pages - 1) + 1}–{total} of {total} shown")
    assert browser.find_all("#search .paging a[rel=prev]") and not browser.find_all("#search .paging a[rel=next]")

    # in Bulgarian: the labels, the texts and the links keep the language
    hits = _search(browser, _url(static_site, "bg", "Русия"))
    assert "Русия" in hits[0][1] and browser.text(browser.find("#search .paging")).startswith("показани")
    assert browser.script("return document.querySelector('#search ol.hits a').getAttribute('href')").endswith("?lang=bg")

    assert _search(browser, _url(static_site, "en", "zzqxw Astna")) == []
    nothing = browser.text(browser.find("#search .nothing"))
    assert nothing.startswith("Nothing found.") and "Closest names:" in nothing
    assert browser.find_all("#search .nothing a[href='/kz/page/city/astana']")
    assert browser.script("return document.querySelector('#search .needs-script').hidden") is True
