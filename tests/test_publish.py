"""`kzgraph publish`: the static copy of the site, and the Apache/nginx rules that give it the same
addresses and 303 redirects as the server."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from negotiation_matrix import answer, requests, wsgi_get
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from kzgraph.core.formats import REGISTRY, Registry
from kzgraph.publish.site import publish
from kzgraph.web.webconf import nginx as nginx_rules

from common import ROOT

KZ = "https://w3id.org/kzgraph/id/"
BASE = "https://example.org/kz/"
EMBASSY = "mission/KAZ-embassy-AZE-baku"


CHECKED: list[str] = []  # every query text the SPARQL check read while the site below was written


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, built: Path) -> Path:
    from kzgraph.sparql import check

    out = tmp_path_factory.mktemp("site") / "kz"
    real = check.inspect
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(check, "inspect", lambda text, *a, **k: (CHECKED.append(text), real(text, *a, **k))[1])
        counts = publish(ROOT, built, out, BASE)
    assert counts["pages"] > 1000 and counts["rdf"] > 2000
    return out


def test_every_stored_query_the_site_runs_is_the_text_the_check_read(site: Path) -> None:
    """Each stored query's page runs the text with its values written in (``lang``), and that text is
    read by the SPARQL check first, as ``/queries/NAME`` and ``kzgraph query`` read it: the check of
    the stored text alone does not stand for it."""
    from kzgraph.asking.queries import bind, load_queries

    for q in load_queries(ROOT / "queries"):
        for lang in ("en", "bg"):
            text = bind(q, {"lang": lang} if any(p.name == "lang" for p in q.params) else {})
            assert text in CHECKED, q.name


@pytest.mark.parametrize("key", ["state/KAZ", EMBASSY])
def test_pages_in_both_languages(site: Path, key: str) -> None:
    en = (site / "page" / f"{key}.html").read_text(encoding="utf-8")
    bg = (site / "page" / f"{key}.bg.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in en and '<html lang="bg">' in bg
    if key == EMBASSY:
        assert "<h1>Embassy of Kazakhstan in Baku, Azerbaijan</h1>" in en
        assert "<h1>Посолство на Казахстан в Баку, Азербайджан</h1>" in bg
        assert "Казахстан има посолоство в Баку от 16 декември 1994 година." in en
    else:
        assert "<h1>Kazakhstan</h1>" in en and 'href="/kz/page/mission/KAZ-embassy-AZE-baku"' in en
    assert 'href="/kz/static/style.css"' in en
    assert "<script" not in en and "/sparql" not in en  # a static copy has no endpoint


@pytest.mark.parametrize("key", ["state/KAZ", EMBASSY])
def test_rdf_files_for_each_resource(site: Path, key: str) -> None:
    graphs = {
        ext: Graph().parse(site / "data" / f"{key}.{ext}", format=fmt)
        for ext, fmt in (("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt"), ("rdf", "xml"))
    }
    for ext, g in graphs.items():
        assert isomorphic(g, graphs["ttl"]), ext
    assert (URIRef(KZ + key), RDFS.label, None) in graphs["ttl"]
    assert all("example.org" not in str(t) for triple in graphs["ttl"] for t in triple)  # canonical IRIs kept


def test_the_rest_of_the_site(site: Path, built: Path) -> None:
    for rel in (
        "index.html",
        "index.bg.html",
        "page/ontology.html",
        "page/dataset.html",
        "data/ontology.ttl",
        "data/dataset.ttl",
        ".well-known/void.ttl",
        ".well-known/void.jsonld",
        ".well-known/void.html",
        "dump/kzgraph.ttl",
        "dump/kzgraph.nq",
        "dump/void.ttl",
        "dump/index.html",
        "queries.html",
        "queries/consulates-general.html",
        "queries/consulates-general.rq",
        "browse/DiplomaticMission.html",
        "pictures/timeline.svg",
        "pictures/missions.bg.svg",
        "static/style.css",
        "404.html",
        "search.html",
        "search.bg.html",
        "search.json",
        "static/search.js",
        "static/minisearch/minisearch.js",
        "static/minisearch/LICENSE",
    ):
        assert (site / rel).is_file(), rel
    assert (site / "dump" / "kzgraph.nq").read_bytes() == (built / "kzgraph.nq").read_bytes()
    assert (site / ".well-known" / "void.ttl").read_bytes() == (built / "void.ttl").read_bytes()
    query = (site / "queries" / "consulates-general.html").read_text(encoding="utf-8")
    assert "<table" in query and "Istanbul" in query  # results for the default parameters
    home = (site / "index.html").read_text(encoding="utf-8")
    assert home.count("<svg") == 6 and 'href="/kz/page/state/KAZ"' in home  # the map and two pictures, wide and narrow


def test_blank_nodes_keep_the_release_labels(site: Path, built: Path) -> None:
    """The site's documents are the same from one publish to the next: a blank node (an OWL union,
    a restriction) keeps the label the release gave it instead of a fresh random one per load."""
    labels = set(re.findall(r"_:(\w+)", (site / "data" / "ontology.nt").read_text(encoding="utf-8")))
    assert labels, "the ontology document has blank nodes (unions, lists)"
    assert labels <= set(re.findall(r"_:(\w+)", (built / "kzgraph.nq").read_text(encoding="utf-8")))


def test_apache_rules(site: Path) -> None:
    text = (site / ".htaccess").read_text(encoding="utf-8")
    assert "RewriteBase /kz/" in text and "ErrorDocument 404 /kz/404.html" in text
    assert "RewriteRule ^id/(.+)$ page/$1 [R=303,L,E=KZ_VARY:1]" in text
    assert "RewriteRule ^id/(.+)$ data/$1.ttl [R=303,L,E=KZ_VARY:1]" in text
    assert "RewriteRule ^ontology(/[^/]+)?$ data/ontology.jsonld [R=303,L,E=KZ_VARY:1]" in text
    assert "Content-Security-Policy \"default-src 'self'" in text and "Access-Control-Allow-Origin" in text
    assert "AddType application/ld+json .jsonld" in text


def test_nginx_rules(site: Path) -> None:
    text = (site / "nginx.conf").read_text(encoding="utf-8")
    assert "location ~ ^/kz/id/(?<kz_key>.+)$ {" in text
    assert "return 303 https://example.org/kz/data/$kz_key.ttl;" in text
    assert "return 303 https://example.org/kz/page/$kz_key$kz_lang_arg;" in text
    assert "$http_host" not in text  # redirects never take the client's Host header
    assert "default-src 'self'" in text and "text/turtle ttl;" in text


# --- the rules, run by a real nginx when one is installed ---------------------------------------------


@contextlib.contextmanager
def _nginx_serving(site: Path, root: Path) -> Iterator[int]:
    """nginx serving a copy of ``site`` at /kz/ with its generated nginx.conf; the port."""
    binary = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if binary is None:
        pytest.skip("nginx is not installed")
    shutil.copytree(site, root / "kz")
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    conf = root / "nginx-test.conf"
    user = "user root root; " if os.geteuid() == 0 else ""  # workers must read pytest's private tmp directory
    conf.write_text(f"""{user}worker_processes 1; pid {root}/nginx.pid; error_log {root}/error.log; daemon off;
events {{ worker_connections 32; }}
http {{ access_log off; client_body_temp_path {root}; proxy_temp_path {root}; fastcgi_temp_path {root};
  uwsgi_temp_path {root}; scgi_temp_path {root};
  server {{ listen 127.0.0.1:{port}; root {root}; include {root}/kz/nginx.conf; }} }}
""")
    proc = subprocess.Popen([binary, "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"nginx did not start: {proc.stderr.read().decode() if proc.stderr else ''}")
            time.sleep(0.1)
    try:
        yield port
    finally:
        proc.terminate()
        proc.wait(5)


@pytest.fixture(scope="module")
def nginx(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    with _nginx_serving(site, tmp_path_factory.mktemp("www")) as port:
        yield port


def _get(port: int, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={k.replace("_", "-"): v for k, v in headers.items()})
    resp = conn.getresponse()
    body = resp.read()
    return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body


@pytest.mark.parametrize(
    "path,headers,status,target",
    [
        ("/kz/id/state/KAZ", {"Accept": "text/html,*/*;q=0.8"}, 303, "/kz/page/state/KAZ"),
        ("/kz/id/state/KAZ", {"Accept": "text/turtle"}, 303, "/kz/data/state/KAZ.ttl"),
        ("/kz/id/state/KAZ", {"Accept": "application/rdf+xml, text/turtle;q=0.5"}, 303, "/kz/data/state/KAZ.rdf"),
        ("/kz/id/state/KAZ", {"Accept": "text/turtle;q=0.9, text/html;q=0.5"}, 303, "/kz/data/state/KAZ.ttl"),
        ("/kz/id/state/KAZ", {"Accept": "*/*", "Accept-Language": "bg"}, 303, "/kz/page/state/KAZ?lang=bg"),
        ("/kz/ontology", {"Accept": "application/ld+json"}, 303, "/kz/data/ontology.jsonld"),
        ("/kz/graph/data", {}, 303, "/kz/dump/kzgraph.ttl"),
        ("/kz/id/state/NOPE", {"Accept": "text/html"}, 404, None),
    ],
)
def test_nginx_redirects_like_the_server(nginx: int, path: str, headers: dict[str, str], status: int, target: str | None) -> None:
    got, hdrs, _ = _get(nginx, path, **headers)
    assert got == status
    if target:
        assert re.sub(r"^https?://[^/]+", "", hdrs["location"]) == target


def test_nginx_serves_documents_by_language_and_type(nginx: int) -> None:
    status, headers, body = _get(nginx, "/kz/page/state/KAZ?lang=bg")
    assert status == 200 and b'<html lang="bg">' in body and "default-src 'self'" in headers["content-security-policy"]
    status, headers, body = _get(nginx, "/kz/data/state/KAZ.ttl")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    status, headers, body = _get(nginx, "/kz/.well-known/void", Accept="application/n-triples")
    assert status == 200 and headers["content-type"].startswith("application/n-triples")
    status, _, body = _get(nginx, "/kz/", Accept_Language="bg")
    assert status == 200 and b'<html lang="bg">' in body
    # search in the browser: its page in the reader's language, the script and the documents with their types
    status, _, body = _get(nginx, "/kz/search?lang=bg&q=Rusia")
    assert status == 200 and b'<html lang="bg">' in body and b'data-index="/kz/search.json"' in body
    status, headers, _ = _get(nginx, "/kz/static/search.js")
    assert (
        status == 200 and headers["content-type"].startswith("text/javascript") and headers["x-content-type-options"] == "nosniff"
    )
    status, headers, _ = _get(nginx, "/kz/search.json")
    assert status == 200 and headers["content-type"].startswith("application/json")


def _matrix_differences(port: int, built: Path, registry: Registry) -> dict[tuple[str, str], tuple[str, str]]:
    """Each request of the shared Accept matrix whose nginx answer is not `kzgraph serve`'s: (server, nginx)."""
    from kzgraph.web.app import App
    from kzgraph.web.limits import Limits

    app = App(built, limits=Limits(workers=1))
    app.registry = registry
    differ = {}
    try:
        for path, headers in requests(registry):
            status, hdrs = wsgi_get(app, path, headers)
            expected = answer(status, hdrs.get("location"), hdrs.get("content-type"), registry)
            status, hdrs, _ = _get(port, "/kz/" + path, **headers)
            got = answer(status, hdrs.get("location"), hdrs.get("content-type"), registry, "/kz/")
            if got != expected:
                differ[path, repr(headers)] = (expected, got)
    finally:
        app.close()
    return differ


@pytest.mark.slow
def test_nginx_answers_the_accept_matrix_as_the_server(nginx: int, built: Path) -> None:
    """The generated nginx rules, run by nginx, give every request of the shared Accept matrix the
    answer `kzgraph serve` gives (the Apache rules are held to the same in test_format_registry)."""
    assert not _matrix_differences(nginx, built, REGISTRY)


@pytest.mark.slow
def test_nginx_with_n3_added_to_the_registry(site: Path, built: Path, tmp_path: Path) -> None:
    """With N3 added to (a copy of) the registry, the nginx rules generated from it still answer as
    the server does: text/n3 gets the N3 document, browsers still the page."""
    from test_format_registry import WITH_N3

    from kzgraph.web.documents import serialize

    n3 = tmp_path / "site"
    shutil.copytree(site, n3)
    (n3 / "nginx.conf").write_text(nginx_rules(BASE, WITH_N3), encoding="utf-8")
    void = list(ox.parse((site / ".well-known" / "void.ttl").read_bytes(), format=ox.RdfFormat.TURTLE))
    (n3 / ".well-known" / "void.n3").write_bytes(serialize(void, WITH_N3.by_ext()["n3"]))
    with _nginx_serving(n3, tmp_path / "www") as port:
        assert not _matrix_differences(port, built, WITH_N3)
        status, headers, _ = _get(port, "/kz/.well-known/void", Accept="text/n3")
        assert status == 200 and headers["content-type"].startswith("text/n3")
