"""Every client's formats: ``/sparql`` answers the real client libraries in each format they ask for.

SPARQLWrapper (each return format, over GET and both of its POST methods) and rdflib's SPARQLStore
and SPARQLConnector (each return format it has a parser for, over GET, POST and POST_FORM) ask
SELECT, ASK, CONSTRUCT and DESCRIBE queries of one in-process server, and each answer must be one
the client reads to the right rows, boolean or triples. A query form cannot be written in every
format a client asks for: a graph asked for as SPARQL JSON is JSON-LD, as CSV or TSV Turtle, and
solutions asked for as an RDF syntax are SPARQL results (the table in ``kzgraph/core/formats.py``, as
Apache Jena Fuseki answers). A media range (``text/*``, ``application/*``) is answered with a type
inside it; an ``Accept`` nothing matches is a 406 and an unknown ``format=`` a 400, each listing
what is offered.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from xml.dom.minidom import Document

import pytest
import SPARQLWrapper as sw
from rdflib import Graph
from rdflib.plugin import plugins
from rdflib.plugins.stores.sparqlconnector import SPARQLConnector
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result, ResultParser

from kzgraph.core.formats import DOCUMENT_TYPES, RESULTS
from kzgraph.web.app import App, Limits

from common import ROOT
from inprocess import serving

KAZ = "https://w3id.org/kzgraph/id/state/KAZ"
QUERIES = {  # form -> (query, what the client must read from the answer)
    "SELECT": ("SELECT ?m WHERE { ?m a kzo:Embassy } ORDER BY ?m LIMIT 2", 2),
    "ASK": ("ASK { ?m a kzo:Embassy }", True),
    "ASK-false": ("ASK { ?m a kzo:NoSuchClass }", False),
    "CONSTRUCT": ("CONSTRUCT { ?m a kzo:Embassy } WHERE { ?m a kzo:Embassy } ORDER BY ?m LIMIT 2", 2),
    "DESCRIBE": (f"DESCRIBE <{KAZ}>", 100),  # at least: the state's own triples and those pointing at it
}
PROLOGUE = "PREFIX kzo: <https://w3id.org/kzgraph/ontology#>\n"  # clients send their own PREFIX lines
GRAPH_TYPES = {"text/turtle", "text/n3", "application/ld+json", "application/rdf+xml", "application/n-triples"}
RESULT_TYPES = {media for media, _ in RESULTS.values()}


@pytest.fixture(scope="module")
def endpoint(built: Path) -> Iterator[str]:
    """``kzgraph serve`` on the session's release on a loopback port: its ``/sparql`` URL."""
    app = App(built, queries_dir=ROOT / "queries", limits=Limits(timeout=20, workers=1), walls=("parse",))
    with serving(app) as port:
        yield f"http://127.0.0.1:{port}/sparql"


def _each_call(call: Callable[[str, Any], None], cases: list[tuple[str, Any]]) -> None:
    """Run every case and fail once, naming every case that failed (one test covers a format's matrix)."""
    failed = []
    for label, case in cases:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the clients warn when the type differs from the one asked for
                call(label, case)
        except Exception as exc:
            failed.append(f"{label}: {type(exc).__name__}: {str(exc)[:300]}")
    assert not failed, "\n".join(failed)


# --- SPARQLWrapper ------------------------------------------------------------------------------------

# SPARQLWrapper's return format -> what the endpoint answers (SELECT/ASK, CONSTRUCT/DESCRIBE)
SPARQLWRAPPER_ANSWERS = {
    sw.JSON: ("application/sparql-results+json", "application/ld+json"),
    sw.XML: ("application/sparql-results+xml", "application/rdf+xml"),
    sw.CSV: ("text/csv", "text/turtle"),  # ASK: SPARQL JSON (CSV has no boolean)
    sw.TSV: ("text/tab-separated-values", "text/turtle"),  # ASK: SPARQL JSON
    sw.N3: ("application/sparql-results+json", "text/n3"),
    sw.TURTLE: ("application/sparql-results+json", "text/turtle"),
    sw.JSONLD: ("application/sparql-results+json", "application/ld+json"),
    sw.RDF: ("application/sparql-results+xml", "application/rdf+xml"),
    sw.RDFXML: ("application/sparql-results+xml", "application/rdf+xml"),
}
METHODS = {"GET": (sw.GET, None), "POST urlencoded": (sw.POST, sw.URLENCODED), "POST directly": (sw.POST, sw.POSTDIRECTLY)}


def test_sparqlwrapper_knows_no_other_return_format() -> None:
    assert set(sw.Wrapper._allowedFormats) == set(SPARQLWRAPPER_ANSWERS)


def _read_sparqlwrapper(ctype: str, converted: Any, form: str) -> object:
    """What a SPARQLWrapper user gets from ``convert()``: rows counted, a boolean, or triples counted."""
    if isinstance(converted, dict):  # SPARQL JSON
        return converted["boolean"] if "boolean" in converted else len(converted["results"]["bindings"])
    if isinstance(converted, Document):  # SPARQL XML
        boolean = converted.getElementsByTagName("boolean")
        return boolean[0].firstChild.data == "true" if boolean else len(converted.getElementsByTagName("result"))
    if isinstance(converted, Graph):  # RDF/XML, JSON-LD
        return len(converted)
    text = converted.decode() if isinstance(converted, bytes) else converted
    if ctype in ("text/csv", "text/tab-separated-values"):
        return len(list(csv.reader(io.StringIO(text), delimiter="," if ctype == "text/csv" else "\t"))) - 1
    return len(Graph().parse(data=text, format="n3" if ctype == "text/n3" else "turtle"))


def _expected_type(fmt: str, form: str) -> str:
    select_type, graph_type = SPARQLWRAPPER_ANSWERS[fmt]
    if form.startswith("ASK") and select_type.startswith("text/"):
        return "application/sparql-results+json"
    return graph_type if form in ("CONSTRUCT", "DESCRIBE") else select_type


@pytest.mark.parametrize("fmt", list(SPARQLWRAPPER_ANSWERS))
def test_sparqlwrapper_reads_every_query_form_by_every_method(endpoint: str, fmt: str) -> None:
    def call(label: str, case: tuple[str, str]) -> None:
        method, form = case
        query, expected = QUERIES[form]
        client = sw.SPARQLWrapper(endpoint)
        client.setQuery(PROLOGUE + query)
        client.setReturnFormat(fmt)
        client.setMethod(METHODS[method][0])
        if METHODS[method][1]:
            client.setRequestMethod(METHODS[method][1])
        result = client.query()
        ctype = result.info()["content-type"].split(";")[0]
        assert ctype == _expected_type(fmt, form), ctype
        got = _read_sparqlwrapper(ctype, result.convert(), form)
        assert got >= expected if form == "DESCRIBE" else got == expected, got

    _each_call(call, [(f"{m} {f}", (m, f)) for m in METHODS for f in QUERIES])


# --- rdflib: SPARQLStore and SPARQLConnector ----------------------------------------------------------

# every return format rdflib has a parser for (those without a media type, e.g. hext, send no Accept)
RDFLIB_FORMATS = sorted({p.name for p in plugins(kind=ResultParser) if "/" not in p.name})


def _check_rdflib(result: Result | tuple, form: str) -> None:
    """The rows, boolean or triples rdflib read (its POST methods return (status, message, None) on an HTTP error)."""
    assert not isinstance(result, tuple), result[:2]
    expected = QUERIES[form][1]
    if form == "SELECT":
        assert result.type == "SELECT" and len(list(result)) == expected
    elif form.startswith("ASK"):
        assert result.type == "ASK" and result.askAnswer is expected
    else:
        assert result.type == "CONSTRUCT" and result.graph is not None
        assert len(result.graph) >= expected if form == "DESCRIBE" else len(result.graph) == expected


@pytest.mark.parametrize("client", ["SPARQLStore", "SPARQLConnector"])
@pytest.mark.parametrize("fmt", RDFLIB_FORMATS)
def test_rdflib_reads_every_query_form_in_every_return_format(endpoint: str, fmt: str, client: str) -> None:
    def call(label: str, case: tuple[str, str]) -> None:
        method, form = case
        cls = SPARQLStore if client == "SPARQLStore" else SPARQLConnector
        _check_rdflib(cls(endpoint, returnFormat=fmt, method=method).query(PROLOGUE + QUERIES[form][0]), form)

    _each_call(call, [(f"{m} {f}", (m, f)) for m in ("GET", "POST", "POST_FORM") for f in QUERIES])


# --- Accept ranges, 406 and 400 -------------------------------------------------------------------------


def _connect(endpoint: str) -> http.client.HTTPConnection:
    """A connection to the server of ``endpoint`` (its /sparql URL)."""
    return http.client.HTTPConnection("127.0.0.1", int(endpoint.split(":")[2].split("/")[0]), timeout=60)


def _get(endpoint: str, fields: dict[str, str], accept: str | None) -> tuple[int, str, bytes]:
    conn = _connect(endpoint)
    conn.request("GET", "/sparql?" + urlencode(fields), headers={"Accept": accept} if accept else {})
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, (resp.getheader("content-type") or "").split(";")[0], body


@pytest.mark.parametrize(
    "accept,form,media",
    [
        ("*/*", "SELECT", "application/sparql-results+json"),
        ("*/*", "ASK", "application/sparql-results+json"),
        ("*/*", "CONSTRUCT", "text/turtle"),
        ("text/*", "SELECT", "text/csv"),
        ("text/*", "ASK", "text/xml"),  # CSV and TSV have no boolean: the XML results, as text/xml
        ("text/*", "CONSTRUCT", "text/turtle"),
        ("text/*", "DESCRIBE", "text/turtle"),
        ("application/*", "SELECT", "application/sparql-results+json"),
        ("application/*", "ASK", "application/sparql-results+json"),
        ("application/*", "CONSTRUCT", "application/ld+json"),
        ("application/*, text/*;q=0.5", "CONSTRUCT", "application/ld+json"),
        ("text/*;q=0.5, application/*", "CONSTRUCT", "application/ld+json"),
        ("application/json", "SELECT", "application/json"),  # SPARQL JSON is JSON: labelled as asked
        ("application/json", "CONSTRUCT", "application/json"),  # and so is JSON-LD
        ("application/sparql-results+json", "CONSTRUCT", "application/ld+json"),  # the nearest RDF format
        ("text/csv", "DESCRIBE", "text/turtle"),
        ("text/turtle", "SELECT", "application/sparql-results+json"),
        ("application/rdf+xml", "SELECT", "application/sparql-results+xml"),
        ("text/turtle, text/html;q=0.1", "SELECT", "text/html"),  # a type the client accepts beats a stand-in
    ],
)
def test_an_accept_range_is_answered_inside_it(endpoint: str, accept: str, form: str, media: str) -> None:
    status, ctype, body = _get(endpoint, {"query": PROLOGUE + QUERIES[form][0]}, accept)
    assert (status, ctype) == (200, media), body[:300]


def test_an_accept_nothing_matches_is_a_406_listing_what_is_offered(endpoint: str) -> None:
    status, ctype, body = _get(endpoint, {"query": QUERIES["SELECT"][0]}, "image/png, application/pdf")
    assert status == 406 and ctype == "text/plain"
    text = body.decode()
    assert "Accept: image/png, application/pdf" in text
    for media in ("application/sparql-results+json", "text/csv", "text/turtle", "application/ld+json", "text/html"):
        assert media in text, text


def test_a_stand_in_the_client_refuses_is_a_406_for_that_form(endpoint: str) -> None:
    # the client takes JSON-LD but refuses SPARQL JSON: a graph is answered, a SELECT has nothing left
    accept = "application/ld+json, application/sparql-results+json;q=0"
    assert _get(endpoint, {"query": PROLOGUE + QUERIES["CONSTRUCT"][0]}, accept)[:2] == (200, "application/ld+json")
    status, _, body = _get(endpoint, {"query": PROLOGUE + QUERIES["SELECT"][0]}, accept)
    assert status == 406 and b"SELECT results as application/sparql-results+json" in body, body


@pytest.mark.parametrize("value", ["pdf", "n4", "image/png"])
def test_an_unknown_format_is_a_400_listing_the_names(endpoint: str, value: str) -> None:
    status, ctype, body = _get(endpoint, {"query": QUERIES["SELECT"][0], "format": value}, None)
    assert status == 400 and ctype == "text/plain"
    assert f"unknown format {value!r}" in body.decode() and "n3" in body.decode() and "json" in body.decode()


def test_format_given_twice_must_agree(endpoint: str) -> None:
    conn = _connect(endpoint)
    # as SPARQLWrapper sends TSV: the name and the media type, under format, output and results
    same = "format=tsv&format=text/tab-separated-values&output=tsv&results=tsv&format="
    conn.request("GET", "/sparql?" + urlencode({"query": QUERIES["ASK"][0]}) + "&" + same)
    resp = conn.getresponse()
    assert (resp.status, json.loads(resp.read())["boolean"]) == (200, True)
    conn.request("GET", "/sparql?" + urlencode({"query": QUERIES["ASK"][0], "format": "json", "output": "xml"}))
    resp = conn.getresponse()
    assert resp.status == 400 and b"format=json, output=xml" in resp.read()
    conn.close()


def test_the_editor_page_is_html_and_only_for_clients_that_take_html(endpoint: str) -> None:
    for accept in (None, "*/*", "text/*", "text/html"):
        assert _get(endpoint, {}, accept)[:2] == (200, "text/html"), accept
    # a range with no HTML in it gets the Service Description, in a type inside the range
    assert _get(endpoint, {}, "application/*")[:2] == (200, "application/ld+json")
    status, ctype, body = _get(endpoint, {}, "image/*")
    assert (status, ctype) == (406, "text/plain") and b"text/html" in body


def test_a_stored_query_takes_the_same_formats(endpoint: str) -> None:
    conn = _connect(endpoint)
    conn.request("GET", "/queries/consulates-general?format=n3")
    resp = conn.getresponse()
    assert resp.status == 200 and resp.getheader("content-type") == "application/sparql-results+json"
    assert len(json.loads(resp.read())["results"]["bindings"]) == 6  # both sides: four sent, two hosted
    conn.close()


@pytest.mark.parametrize(
    "accept,target",
    [
        ("application/*", "/data/state/KAZ.jsonld"),  # not the HTML page (it was, by way of application/xhtml+xml)
        ("text/*", "/page/state/KAZ"),
        ("*/*", "/page/state/KAZ"),
        ("application/xhtml+xml", "/page/state/KAZ"),
    ],
)
def test_a_things_document_for_a_range_is_inside_it(endpoint: str, accept: str, target: str) -> None:
    conn = _connect(endpoint)
    conn.request("GET", "/id/state/KAZ", headers={"Accept": accept})
    resp = conn.getresponse()
    resp.read()
    conn.close()
    assert resp.status == 303 and resp.getheader("location") == target


# --- the table ---------------------------------------------------------------------------------------


def test_the_endpoint_table_names_only_writers_each_form_has() -> None:
    """Every answer in ``ENDPOINT_TYPES`` is one the worker can write for its form, every format name
    names a row, every form is written in a type of each family a client may ask for, and an exact
    answer is labelled with a type of its own family (never SPARQL JSON labelled as Turtle)."""
    from kzgraph.core.formats import ENDPOINT_TYPES, FORMAT_NAMES

    writers = {
        "solutions": set(RESULTS) | {"html"},
        "boolean": {"json", "xml", "html"},
        "triples": set(DOCUMENT_TYPES) | {"html"},
    }
    media = [row.media for row in ENDPOINT_TYPES]
    assert len(media) == len(set(media))
    for row in ENDPOINT_TYPES:
        for kind in writers:
            answer = getattr(row, kind)
            assert answer.fmt in writers[kind], (row.media, kind)
            if answer.exact and kind == "triples":
                assert row.media not in RESULT_TYPES, row.media
            if answer.exact and kind != "triples":
                assert row.media not in GRAPH_TYPES, row.media
    assert set(FORMAT_NAMES.values()) <= set(media)
