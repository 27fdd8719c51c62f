"""Requests read whole and answered plainly: one reading of a query over HTTP and on the command line,
protocol parameters that are not IRIs refused as the client's mistake, each header sent once."""

from __future__ import annotations

import http.client
import io
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from kzgraph.cli import main
from kzgraph.web.app import App, Limits
from kzgraph.web.protocol import Refused

from common import ROOT
from inprocess import serving
from reading_cases import KNOWN, Listener


@pytest.fixture(scope="module")
def endpoint(built: Path) -> Iterator[int]:
    """The server with the parsed-query check as its only wall: no namespace, no socket filter."""
    app = App(built, queries_dir=ROOT / "queries", limits=Limits(timeout=10, workers=1), walls=("parse",))
    with serving(app) as port:
        yield port


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers=headers or {})
    resp = conn.getresponse()
    resp.read()
    conn.close()
    return resp


def _post_query(port: int, text: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(
        "POST",
        "/sparql",
        body=urlencode({"query": text}),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
    )
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, body


# --- the one reading, end to end --------------------------------------------------------------------


@pytest.mark.parametrize("name", list(KNOWN))
def test_the_endpoint_runs_what_it_checked_with_no_other_wall(endpoint: int, listener: Listener, name: str) -> None:
    text = KNOWN[name][0].replace("{PORT}", str(listener.port))
    before = listener.connections
    status, body = _post_query(endpoint, text)
    assert listener.connections == before
    assert status == (403 if KNOWN[name][1][0] is Refused else 200), body


# --- protocol parameters ----------------------------------------------------------------------------


@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
@pytest.mark.parametrize("value", ["not an iri<>", "relative/path", ""])
def test_a_graph_parameter_that_is_not_an_iri_is_the_clients_mistake(endpoint: int, param: str, value: str) -> None:
    query = urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", param: value})
    conn = http.client.HTTPConnection("127.0.0.1", endpoint, timeout=30)
    conn.request("GET", "/sparql?" + query, headers={"Accept": "application/sparql-results+json"})
    resp = conn.getresponse()
    body = resp.read().decode()
    conn.close()
    assert resp.status == 400, body
    assert body.startswith(f"{param} {value!r} is not an absolute IRI"), body


def test_a_graph_parameter_that_is_an_iri_still_chooses_the_graph(endpoint: int) -> None:
    query = urlencode({"query": "ASK { ?s ?p ?o }", "default-graph-uri": "https://w3id.org/kzgraph/graph/metadata"})
    conn = http.client.HTTPConnection("127.0.0.1", endpoint, timeout=30)
    conn.request("GET", "/sparql?" + query, headers={"Accept": "application/sparql-results+json"})
    resp = conn.getresponse()
    body = resp.read().decode()
    conn.close()
    assert resp.status == 200 and '"boolean":true' in body.replace(" ", ""), body


# --- each header once ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/page/state/KAZ", "/browse", "/queries/consulates-general", "/queries/consulates-general?format=html", "/"],
)
def test_a_cached_page_sends_each_header_once(endpoint: int, path: str) -> None:
    """The first request renders and caches a page, the later ones are served from the cache: every
    one carries Content-Language and Vary once each."""
    for _ in range(3):
        resp = _get(endpoint, path, {"Accept": "text/html", "Accept-Language": "bg"})
        assert resp.status == 200, path
        names = [k.lower() for k, _ in resp.getheaders()]
        repeated = sorted({n for n in names if names.count(n) > 1})
        assert repeated == [], (path, resp.getheaders())
        assert resp.getheader("Content-Language") == "bg"


# --- the command line: federation only when asked for --------------------------------------------------


def _cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, built: Path, text: str, *flags: str
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    code = main(["--root", str(ROOT), "query", "-", "--dist", str(built), "--format", "csv", *flags])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_refuses_service_unless_federation_is_asked_for(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, built: Path, listener: Listener
) -> None:
    text = f"SELECT ?a WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?a ?b ?c }} }}"
    before = listener.connections
    code, out, err = _cli(capsys, monkeypatch, built, text)
    assert (code, out) == (2, "") and listener.connections == before
    assert err == (
        f"error: the query calls SERVICE <http://127.0.0.1:{listener.port}/>, which fetches from another address; "
        "pass --allow-service to run federated queries\n"
    )
    code, out, err = _cli(capsys, monkeypatch, built, text, "--allow-service")
    assert code == 0 and listener.connections > before and out.splitlines()[1] == "fetched", (out, err)


def test_the_cli_decides_on_the_reading_the_engine_runs(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, built: Path, listener: Listener
) -> None:
    for text, expected in KNOWN.values():
        before = listener.connections
        code, out, err = _cli(capsys, monkeypatch, built, text.replace("{PORT}", str(listener.port)))
        assert listener.connections == before
        assert code == (2 if expected[0] is Refused else 0), err
        assert "Traceback" not in err


@pytest.mark.parametrize(
    ("text", "err"),
    [
        (
            "PREFIX x: <http://127.0.0.1:9/> SELECT * WHERE { SERVICE SILENT x:sparql { ?s ?p ?o } }",
            "error: the query calls SERVICE x:sparql, which fetches from another address; pass --allow-service to run federated queries\n",
        ),
        (
            "SELECT * WHERE { BIND(<http://127.0.0.1:9/> AS ?e) SERVICE ?e { ?s ?p ?o } }",
            "error: the query calls SERVICE ?e, which fetches from another address; pass --allow-service to run federated queries\n",
        ),
        ("DROP ALL", "error: SPARQL Update is not run here: `kzgraph query` runs SELECT, ASK, CONSTRUCT and DESCRIBE\n"),
        (
            "ASK { ?s ?p \\u005Cu0041 }",
            "error: line 1, column 13: \\u0041 is not a whole \\uXXXX or \\UXXXXXXXX escape, or an escape spells it; "
            "SPARQL expands escapes once, before parsing, and parsers disagree about a second one: write the character itself\n",
        ),
    ],
)
def test_the_cli_refuses_in_one_line_what_it_will_not_run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, built: Path, text: str, err: str
) -> None:
    assert _cli(capsys, monkeypatch, built, text) == (2, "", err)
