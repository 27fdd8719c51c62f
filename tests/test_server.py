"""`kzgraph serve` over real HTTP: Cool URIs (303/404/406), content negotiation, pages, the SPARQL
protocol and its limits, dumps with validators, security headers and escaping."""

from __future__ import annotations

import csv
import http.client
import io
import json
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from kzgraph.pipeline import pictures
from kzgraph.web.app import App, Limits
from kzgraph.web.negotiation import negotiate, negotiate_language, parse_accept
from kzgraph.web.results import write_solutions
from kzgraph.web.serve import Server

from common import ROOT

KZ = "https://w3id.org/kzgraph/id/"
HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"  # what a browser sends
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def dist(built: Path) -> Path:
    return built


class Client:
    def __init__(self, port: int):
        self.port = port

    def request(
        self, method: str, path: str, body: bytes | str | None = None, **headers: str
    ) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        hdrs = {k.replace("_", "-"): v for k, v in headers.items()}
        conn.request(method, path, body=body.encode() if isinstance(body, str) else body, headers=hdrs)
        resp = conn.getresponse()
        data = resp.read()
        out = {k.lower(): v for k, v in resp.getheaders()}
        conn.close()
        return resp.status, out, data

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
        return self.request("GET", path, **headers)


def start(app: App) -> tuple[Server, threading.Thread]:
    server = Server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


@pytest.fixture(scope="module")
def client(dist: Path) -> Iterator[Client]:
    app = App(dist, queries_dir=ROOT / "queries", limits=Limits(timeout=3.0, max_rows=50, workers=2))
    server, thread = start(app)
    try:
        yield Client(server.port)
    finally:
        server.shutdown()
        app.close()


# --- negotiation, as functions ---------------------------------------------------------------------

OFFERS = ["text/html", "text/turtle", "application/ld+json", "application/n-triples"]


@pytest.mark.parametrize(
    "accept,expected",
    [
        (None, "text/html"),
        ("", "text/html"),
        ("*/*", "text/html"),
        ("text/turtle", "text/turtle"),
        ("text/turtle;q=0.5, application/ld+json;q=0.9", "application/ld+json"),
        ("application/ld+json;q=0.9, text/turtle;q=0.9", "text/turtle"),  # a tie goes to the server's order
        (HTML, "text/html"),
        ("text/*;q=0.3, text/turtle;q=0.8, */*;q=0.1", "text/turtle"),
        ("text/*, text/html;q=0", "text/turtle"),  # q=0 excludes; the more specific range wins
        ("*/*;q=0.1, application/n-triples", "application/n-triples"),
        ("image/png", None),
        ("text/turtle;q=0", None),
        ("garbage, ;;, /x, text/turtle;q=2", "text/html"),  # nothing valid left: anything goes
        ("text/turtle; charset=utf-8; q=0.7, text/html; q=0.6", "text/turtle"),
        ('application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted,x";q=0.8, text/html;q=0.5', "application/ld+json"),
        ("TEXT/TURTLE", "text/turtle"),
    ],
)
def test_negotiate(accept: str | None, expected: str | None) -> None:
    assert negotiate(accept, OFFERS) == expected


def test_parse_accept_keeps_q_and_drops_malformed_ranges() -> None:
    ranges = parse_accept("text/turtle;q=0.25, bad, application/ld+json;q=x, */*;q=0.1")
    assert [(r.type, r.subtype, r.q) for r in ranges] == [("text", "turtle", 0.25), ("*", "*", 0.1)]


@pytest.mark.parametrize(
    "header,expected",
    [
        (None, "en"),
        ("bg", "bg"),
        ("bg-BG,bg;q=0.9,en;q=0.8", "bg"),
        ("en-US,en;q=0.9,bg;q=0.5", "en"),
        ("de, bg;q=0.5", "bg"),
        ("de, fr", "en"),
        ("*", "en"),
        ("bg;q=0, *;q=0.5", "en"),
        ("en;q=0.2, bg;q=0.3", "bg"),
    ],
)
def test_negotiate_language(header: str | None, expected: str) -> None:
    assert negotiate_language(header) == expected


# --- Cool URIs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "accept,target",
    [
        (HTML, "/page/state/KAZ"),
        (None, "/page/state/KAZ"),
        ("*/*", "/page/state/KAZ"),
        ("text/turtle", "/data/state/KAZ.ttl"),
        ("application/ld+json", "/data/state/KAZ.jsonld"),
        ("application/n-triples", "/data/state/KAZ.nt"),
        ("application/rdf+xml", "/data/state/KAZ.rdf"),
        ("text/turtle;q=0.4, application/ld+json;q=0.8, text/html;q=0.1", "/data/state/KAZ.jsonld"),
        ("application/rdf+xml, text/html;q=0.5", "/data/state/KAZ.rdf"),
    ],
)
def test_a_thing_answers_303_to_the_preferred_document(client: Client, accept: str | None, target: str) -> None:
    status, headers, _ = client.get("/id/state/KAZ", **({"Accept": accept} if accept is not None else {}))
    assert status == 303
    assert urlsplit(headers["location"]).path == target
    assert "Accept" in headers["vary"]


def test_the_303_to_html_keeps_the_language(client: Client) -> None:
    _, headers, _ = client.get("/id/mission/KAZ-embassy-AZE-baku", Accept=HTML, Accept_Language="bg-BG,bg;q=0.9")
    assert headers["location"].endswith("/page/mission/KAZ-embassy-AZE-baku?lang=bg")


def test_an_unacceptable_accept_is_406_listing_the_formats(client: Client) -> None:
    status, headers, body = client.get("/id/state/KAZ", Accept="image/png")
    assert status == 406
    assert b"/data/state/KAZ.ttl" in body and b"/page/state/KAZ" in body


def test_an_unknown_iri_is_404_with_suggestions(client: Client) -> None:
    status, headers, body = client.get("/id/state/KAZZ", Accept=HTML)
    assert status == 404 and headers["content-type"].startswith("text/html")
    assert b'href="/page/state/KAZ"' in body and b"Kazakhstan" in body
    assert b'action="/search"' in body


@pytest.mark.parametrize(
    "path,accept,target",
    [
        ("/ontology", HTML, "/page/ontology"),
        ("/ontology", "text/turtle", "/data/ontology.ttl"),
        ("/ontology/0.1.0", "application/ld+json", "/data/ontology.jsonld"),
        ("/dataset", "text/turtle", "/data/dataset.ttl"),
        ("/dataset", HTML, "/page/dataset"),
        ("/graph/data", HTML, "/dump/kzgraph.ttl"),
        ("/graph/inferred", "text/turtle", "/dump/kzgraph-inferred.ttl"),
    ],
)
def test_ontology_dataset_and_graph_iris_dereference(client: Client, path: str, accept: str, target: str) -> None:
    status, headers, _ = client.get(path, Accept=accept)
    assert status == 303 and urlsplit(headers["location"]).path == target


def test_every_id_iri_of_the_data_is_dereferenceable(client: Client, dist: Path) -> None:
    iris = set()
    for q in ox.parse(path=str(dist / "kzgraph.nq"), format=ox.RdfFormat.N_QUADS):
        for t in (q.subject, q.object):
            if isinstance(t, ox.NamedNode) and t.value.startswith(KZ):
                iris.add(t.value.split("#")[0])
    assert len(iris) > 500
    for iri in sorted(iris)[::7]:  # a spread sample, each must redirect to a page that exists
        status, headers, _ = client.get(iri[len("https://w3id.org/kzgraph") :], Accept="text/turtle")
        assert status == 303, iri
        status, _, body = client.get(urlsplit(headers["location"]).path)
        assert status == 200 and len(body) > 50, iri


# --- documents -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ext,media,fmt",
    [
        ("ttl", "text/turtle", "turtle"),
        ("jsonld", "application/ld+json", "json-ld"),
        ("nt", "application/n-triples", "nt"),
        ("rdf", "application/rdf+xml", "xml"),
    ],
)
def test_rdf_documents_keep_the_canonical_iris(client: Client, ext: str, media: str, fmt: str) -> None:
    status, headers, body = client.get(f"/data/mission/KAZ-embassy-AZE-baku.{ext}")
    assert status == 200 and headers["content-type"].startswith(media)
    g = Graph().parse(data=body, format=fmt)
    embassy = URIRef(KZ + "mission/KAZ-embassy-AZE-baku")
    assert (embassy, RDFS.label, Literal("Embassy of Kazakhstan in Baku, Azerbaijan", lang="en")) in g
    assert (URIRef(KZ + "state/KAZ"), RDFS.label, Literal("Kazakhstan", lang="en")) in g  # labels of linked resources
    assert not any("127.0.0.1" in str(t) for triple in g for t in triple)


def test_all_formats_of_a_document_hold_the_same_graph(client: Client) -> None:
    graphs = {
        fmt: Graph().parse(data=client.get(f"/data/state/KAZ.{ext}")[2], format=fmt)
        for ext, fmt in (("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt"), ("rdf", "xml"))
    }
    assert len(graphs["turtle"]) > 300
    for fmt, g in graphs.items():
        assert isomorphic(g, graphs["turtle"]), fmt


def test_hash_nodes_are_described_with_their_document(client: Client) -> None:
    lines = client.get("/data/membership/KAZ-chair-osce.nt")[2].decode().splitlines()
    assert any(line.startswith("<https://w3id.org/kzgraph/id/membership/KAZ-chair-osce#during> ") for line in lines)
    html = client.get("/page/membership/KAZ-chair-osce")[2].decode()
    assert 'id="during"' in html


def test_the_page_of_an_embassy_shows_label_provenance_and_notes(client: Client) -> None:
    status, headers, body = client.get("/page/mission/KAZ-embassy-AZE-baku")
    html = body.decode()
    assert status == 200 and headers["content-language"] == "en" and "Accept-Language" in headers["vary"]
    assert "<h1>Embassy of Kazakhstan in Baku, Azerbaijan</h1>" in html
    assert "Казахстан има посолоство в Баку от 16 декември 1994 година." in html  # the quote, verbatim
    assert 'lang="bg"' in html
    assert ">Azerbaijan</a>" in html and "/page/section/central-asia/azerbaijan" in html  # its section
    assert "16 December 1994" in html  # a date at its precision
    assert 'id="notes"' in html and "misspelling" in html.lower()
    assert 'href="/page/state/KAZ"' in html  # links to the linked resources, by label
    assert 'id="incoming"' in html
    assert '<link rel="alternate" type="text/turtle" href="/data/mission/KAZ-embassy-AZE-baku.ttl">' in html


def test_a_cited_reference_is_shown_with_its_passage(client: Client) -> None:
    found = json.loads(
        client.get(
            "/sparql?"
            + urlencode(
                {
                    "query": (
                        "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX kzo: <https://w3id.org/kzgraph/ontology#> "
                        "SELECT ?f ?r WHERE { ?f prov:wasDerivedFrom ?p . ?p kzo:citesReference ?r } ORDER BY ?f LIMIT 1"
                    )
                }
            ),
            Accept="application/sparql-results+json",
        )[2]
    )["results"]["bindings"][0]
    body = client.get("/page/" + found["f"]["value"][len(KZ) :])[2].decode()
    assert "Cited reference" in body and 'class="reference"' in body
    assert 'href="/page/' + found["r"]["value"][len(KZ) :] + '"' in body


@pytest.mark.parametrize("how", [{"query": "?lang=bg"}, {"header": "bg"}])
def test_pages_speak_bulgarian(client: Client, how: dict[str, str]) -> None:
    path = "/page/mission/KAZ-embassy-AZE-baku" + how.get("query", "")
    status, headers, body = client.get(path, **({"Accept_Language": how["header"]} if "header" in how else {}))
    html = body.decode()
    assert status == 200 and headers["content-language"] == "bg"
    assert '<html lang="bg">' in html
    assert "<h1>Посолство на Казахстан в Баку, Азербайджан</h1>" in html
    assert "Източник в статията" in html and "16 декември 1994" in html


def test_the_home_page_gives_an_overview_entry_points_and_pictures(client: Client, dist: Path) -> None:
    html = client.get("/")[2].decode()
    void = Graph().parse(dist / "void.ttl")
    triples = next(void.objects(URIRef("https://w3id.org/kzgraph/dataset"), URIRef("http://rdfs.org/ns/void#triples")))
    assert f"{int(triples):,}" in html
    for link in (
        'href="/page/state/KAZ"',
        'href="/browse/DiplomaticMission"',
        'href="/browse/BilateralRelation"',  # every relation, diplomatic or other (issue 23)
        'href="/page/list/no-relations"',
        'href="/queries"',
        'href="/sparql"',
        'href="/dump/"',
        'href="/.well-known/void"',
        'href="/page/ontology"',
    ):
        assert link in html, link
    assert html.count("<svg") == 6 and 'id="timeline"' in html and 'id="diagram"' in html  # each wide and narrow
    assert 'id="map"' in html  # and the map, wide and narrow
    assert "303 See Other" in html  # the strategy, documented
    bg = client.get("/?lang=bg")[2].decode()
    assert "Начални точки" in bg


def test_the_ontology_page_lists_every_term_in_both_languages(client: Client, dist: Path) -> None:
    html = client.get("/page/ontology")[2].decode()
    onto = Graph().parse(dist / "ontology.ttl")
    kzo = "https://w3id.org/kzgraph/ontology#"
    terms = {str(s) for s in onto.subjects() if str(s).startswith(kzo)}
    assert len(terms) > 150
    for term in terms:
        assert f'id="{term[len(kzo) :]}"' in html, term
    embassy = URIRef(kzo + "Embassy")
    for lang in ("en", "bg"):
        label = next(o for o in onto.objects(embassy, RDFS.label) if o.language == lang)
        definition = next(
            o for o in onto.objects(embassy, URIRef("http://www.w3.org/2004/02/skos/core#definition")) if o.language == lang
        )
        assert str(label) in html and str(definition) in html
    # a confirmed Wikidata mapping and an unconfirmed one are shown apart, each under its own name
    state = html[html.index('id="State"') :]
    state = state[: state.index("</article>")]
    assert "unconfirmed close match" in state and "http://www.wikidata.org/entity/Q6256" in state
    assert "close match</dt>" not in state.replace("unconfirmed close match</dt>", "")


def test_browse_and_search(client: Client) -> None:
    html = client.get("/browse/DiplomaticMission")[2].decode()
    assert "Embassy of Kazakhstan in Baku, Azerbaijan" in html
    assert client.get("/browse/NoSuchClass")[0] == 404
    hits = client.get("/search?q=baku")[2].decode()
    assert 'href="/page/city/baku"' in hits


# --- SPARQL ---------------------------------------------------------------------------------------

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?m a <https://w3id.org/kzgraph/ontology#Embassy> }"
CONSTRUCT = (
    "CONSTRUCT { <https://w3id.org/kzgraph/id/state/KAZ> ?p ?o } WHERE { "
    "<https://w3id.org/kzgraph/id/state/KAZ> ?p ?o FILTER(isLiteral(?o)) }"
)


@pytest.mark.parametrize(
    "accept,fmt,media,oxfmt",
    [
        ("application/sparql-results+json", None, "application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", None, "application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/csv", None, "text/csv", None),
        ("text/tab-separated-values", None, "text/tab-separated-values", ox.QueryResultsFormat.TSV),
        ("*/*", None, "application/sparql-results+json", ox.QueryResultsFormat.JSON),
        (HTML, "xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
        (None, "tsv", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ],
)
def test_select_results_in_every_format(
    client: Client, accept: str | None, fmt: str | None, media: str, oxfmt: ox.QueryResultsFormat | None
) -> None:
    params = {"query": COUNT, **({"format": fmt} if fmt else {})}
    status, headers, body = client.get("/sparql?" + urlencode(params), **({"Accept": accept} if accept else {}))
    assert status == 200 and headers["content-type"].startswith(media), body[:200]
    if oxfmt is None:  # CSV is lossy: oxigraph does not read it back
        rows = list(csv.reader(io.StringIO(body.decode())))
        assert rows[0] == ["n"] and int(rows[1][0]) > 20
    else:
        solutions = list(ox.parse_query_results(body, format=oxfmt))
        assert int(solutions[0]["n"].value) > 20


def test_results_round_trip_through_every_format_with_awkward_literals() -> None:
    rows = [
        [("literal", 'a "quoted",\ttabbed\nline', "bg", None), ("uri", "https://w3id.org/kzgraph/id/state/KAZ")],
        [("literal", "1992-12", None, "http://www.w3.org/2001/XMLSchema#gYearMonth"), ("unbound",)],
        [("bnode", "b0"), ("literal", "plain", None, "http://www.w3.org/2001/XMLSchema#string")],
    ]
    for fmt, oxfmt in (
        ("json", ox.QueryResultsFormat.JSON),
        ("xml", ox.QueryResultsFormat.XML),
        ("tsv", ox.QueryResultsFormat.TSV),
    ):
        parsed = list(ox.parse_query_results(write_solutions(["x", "y"], rows, fmt), format=oxfmt))
        assert parsed[0]["x"] == ox.Literal('a "quoted",\ttabbed\nline', language="bg"), fmt
        assert parsed[1]["x"] == ox.Literal("1992-12", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYearMonth"))
        assert parsed[1]["y"] is None and isinstance(parsed[2]["x"], ox.BlankNode)
    csv_rows = list(csv.reader(io.StringIO(write_solutions(["x", "y"], rows, "csv").decode(), newline="")))
    assert csv_rows[1] == ['a "quoted",\ttabbed\nline', "https://w3id.org/kzgraph/id/state/KAZ"]
    assert csv_rows[2] == ["1992-12", ""]


def test_ask_and_post_forms(client: Client) -> None:
    ask = "ASK { <https://w3id.org/kzgraph/id/state/KAZ> ?p ?o }"
    status, headers, body = client.request(
        "POST",
        "/sparql",
        urlencode({"query": ask}),
        Content_Type="application/x-www-form-urlencoded",
        Accept="application/sparql-results+json",
    )
    assert status == 200 and json.loads(body)["boolean"] is True
    status, headers, body = client.request("POST", "/sparql", COUNT, Content_Type="application/sparql-query", Accept="text/csv")
    assert status == 200 and body.startswith(b"n\r\n")


@pytest.mark.parametrize(
    "accept,media,fmt",
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("*/*", "text/turtle", "turtle"),
    ],
)
def test_construct_results_as_graphs(client: Client, accept: str, media: str, fmt: str) -> None:
    status, headers, body = client.get("/sparql?" + urlencode({"query": CONSTRUCT}), Accept=accept)
    assert status == 200 and headers["content-type"].startswith(media)
    g = Graph().parse(data=body, format=fmt)
    assert (URIRef(KZ + "state/KAZ"), URIRef("https://w3id.org/kzgraph/ontology#iso3166Alpha3"), Literal("KAZ")) in g


def test_a_browser_gets_the_query_form_and_an_html_table(client: Client) -> None:
    status, headers, body = client.get("/sparql", Accept=HTML)
    html = body.decode()
    assert status == 200 and "<form" in html and "<textarea" in html  # the plain form works without scripts
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts == [
        '<script src="/static/yasgui/yasgui.min.js" defer>',
        '<script src="/static/sparql-editor.js" defer>',
        '<script type="application/json" id="kzgraph-editor">',
    ]  # the editor: only this site's files
    assert "consulates-general.rq" in html  # the stored queries as examples
    html = client.get("/sparql?" + urlencode({"query": COUNT}), Accept=HTML)[2].decode()
    assert "<table" in html and "1 rows" in html


def test_a_syntax_error_is_400_with_the_parsers_message(client: Client) -> None:
    status, headers, body = client.get(
        "/sparql?" + urlencode({"query": "SELECT * WHERE { ?s ?p "}), Accept="application/sparql-results+json"
    )
    assert status == 400
    assert b"SPARQL syntax error" in body and b"line 1" in body


@pytest.mark.parametrize(
    "method,body,ctype",
    [
        ("GET", None, None),
        (
            "POST",
            urlencode({"query": "INSERT DATA { <http://a/b> <http://a/c> <http://a/d> }"}),
            "application/x-www-form-urlencoded",
        ),
        (
            "POST",
            urlencode({"update": "INSERT DATA { <http://a/b> <http://a/c> <http://a/d> }"}),
            "application/x-www-form-urlencoded",
        ),
        ("POST", urlencode({"query": "DELETE WHERE { ?s ?p ?o }"}), "application/x-www-form-urlencoded"),
        ("POST", "LOAD <http://127.0.0.1:9/x.ttl>", "application/sparql-query"),
        ("POST", "DROP ALL", "application/sparql-update"),
    ],
)
def test_updates_are_refused(client: Client, method: str, body: str | None, ctype: str | None) -> None:
    if method == "GET":
        status, _, text = client.get("/sparql?" + urlencode({"update": "CLEAR ALL"}))
    else:
        status, _, text = client.request(method, "/sparql", body, Content_Type=ctype)
    assert status == 403 and b"read-only" in text
    # and nothing changed
    assert client.get("/sparql?" + urlencode({"query": "ASK { <http://a/b> ?p ?o }", "format": "json"}))[2].count(b"false") == 1
    assert client.get("/data/state/KAZ.nt")[0] == 200


def test_service_is_refused_and_nothing_is_fetched(client: Client) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    try:
        for text in (
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ \\u0053ERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ BIND(<http://127.0.0.1:{port}/> AS ?e) SERVICE SILENT ?e {{ ?s ?p ?o }} }}",
        ):
            status, _, body = client.get("/sparql?" + urlencode({"query": text}), Accept="application/sparql-results+json")
            assert status == 403 and b"SERVICE" in body
        with pytest.raises(socket.timeout):
            listener.accept()
    finally:
        listener.close()


def test_a_long_query_is_stopped_at_the_time_limit(client: Client) -> None:
    t0 = time.monotonic()
    status, _, body = client.get("/sparql?" + urlencode({"query": SLOW}), Accept="application/sparql-results+json")
    assert status == 503 and b"time limit of 3 s" in body
    assert time.monotonic() - t0 < 15
    # the endpoint still answers (the stopped worker was replaced)
    status, _, _ = client.get("/sparql?" + urlencode({"query": COUNT}), Accept="application/sparql-results+json")
    assert status == 200


def test_results_are_cut_at_the_row_limit_and_say_so(client: Client) -> None:
    status, headers, body = client.get(
        "/sparql?" + urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}), Accept="application/sparql-results+json"
    )
    doc = json.loads(body)
    assert status == 200 and len(doc["results"]["bindings"]) == 50
    assert headers["kzgraph-truncated"] == "true; rows=50; reason=rows; limit=50" and headers["kzgraph-result-limit"] == "50"
    assert doc["head"]["link"][0].endswith("/sparql#limits")
    status, headers, body = client.get(
        "/sparql?" + urlencode({"query": "CONSTRUCT WHERE { ?s ?p ?o }"}), Accept="application/n-triples"
    )
    assert (
        headers["kzgraph-truncated"] == "true; rows=50; reason=rows; limit=50" and len(body.decode().strip().splitlines()) == 50
    )
    html = client.get("/sparql?" + urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}), Accept=HTML)[2].decode()
    assert "Only the first 50 rows are shown" in html
    status, headers, _ = client.get("/sparql?" + urlencode({"query": COUNT}), Accept="text/csv")
    assert "kzgraph-truncated" not in headers


def test_sparql_format_errors(client: Client) -> None:
    assert client.get("/sparql?" + urlencode({"query": COUNT}), Accept="image/png")[0] == 406
    assert client.get("/sparql?" + urlencode({"query": COUNT, "format": "pdf"}))[0] == 400
    assert client.request("POST", "/sparql", "x", Content_Type="text/plain")[0] == 415


def test_cors_on_every_answer_and_preflight(client: Client) -> None:
    status, headers, _ = client.request(
        "OPTIONS",
        "/sparql",
        Origin="https://example.org",
        Access_Control_Request_Method="POST",
        Access_Control_Request_Headers="Content-Type",
    )
    assert status == 204
    assert headers["access-control-allow-origin"] == "*"
    assert "POST" in headers["access-control-allow-methods"] and "Content-Type" in headers["access-control-allow-headers"]
    for path in ("/sparql?query=" + quote(COUNT), "/id/state/KAZ", "/data/state/KAZ.ttl", "/nowhere"):
        assert client.get(path)[1]["access-control-allow-origin"] == "*", path


def test_stored_queries_run_over_http(client: Client) -> None:
    status, headers, body = client.get("/queries/consulates-general?lang=bg", Accept="application/sparql-results+json")
    cities = {b["city"]["value"] for b in json.loads(body)["results"]["bindings"]}
    assert status == 200 and "Истанбул" in cities
    html = client.get("/queries/consulates-general", Accept=HTML)[2].decode()
    assert "<table" in html and "Istanbul" in html and 'name="country"' in html
    assert client.get("/queries/consulates-general.rq")[2].startswith(b"# title:")
    assert client.get("/queries/consulates-general?country=TUR", Accept="text/csv")[0] == 200


# --- release files, VoID --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,media",
    [
        ("kzgraph.ttl", "text/turtle"),
        ("kzgraph.nt", "application/n-triples"),
        ("kzgraph.jsonld", "application/ld+json"),
        ("kzgraph.nq", "application/n-quads"),
        ("kzgraph.trig", "application/trig"),
        ("void.ttl", "text/turtle"),
    ],
)
def test_dumps_have_media_types_and_validators(client: Client, dist: Path, name: str, media: str) -> None:
    status, headers, body = client.get(f"/dump/{name}")
    assert status == 200 and headers["content-type"].startswith(media)
    assert body == (dist / name).read_bytes()
    etag, modified = headers["etag"], headers["last-modified"]
    assert etag.startswith('"sha256-')
    assert client.get(f"/dump/{name}", If_None_Match=etag)[0] == 304
    assert client.get(f"/dump/{name}", If_None_Match=f'"other", W/{etag}')[0] == 304
    assert client.get(f"/dump/{name}", If_None_Match='"other"')[0] == 200
    status, headers304, body304 = client.get(f"/dump/{name}", If_Modified_Since=modified)
    assert status == 304 and body304 == b"" and headers304["etag"] == etag
    assert client.get(f"/dump/{name}", If_Modified_Since="Sat, 01 Jan 2000 00:00:00 GMT")[0] == 200
    status, headers, body = client.request("HEAD", f"/dump/{name}")
    assert status == 200 and body == b"" and int(headers["content-length"]) == (dist / name).stat().st_size


def test_pages_carry_etags_too(client: Client) -> None:
    _, headers, _ = client.get("/page/state/KAZ")
    assert client.get("/page/state/KAZ", If_None_Match=headers["etag"])[0] == 304


@pytest.mark.parametrize(
    "accept,media",
    [
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("application/n-triples", "application/n-triples"),
        (HTML, "text/html"),
    ],
)
def test_well_known_void_by_accept(client: Client, dist: Path, accept: str, media: str) -> None:
    status, headers, body = client.get("/.well-known/void", Accept=accept)
    assert status == 200 and headers["content-type"].startswith(media) and "Accept" in headers["vary"]
    if media == "text/turtle":
        assert body == (dist / "void.ttl").read_bytes()
    elif media == "text/html":
        assert b"VoID" in body and b"kzgraph.nq" in body
    else:
        g = Graph().parse(data=body, format="json-ld" if "json" in media else "nt")
        assert isomorphic(g, Graph().parse(dist / "void.ttl"))


# --- security headers and escaping --------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/page/state/KAZ", "/sparql", "/id/state/NOPE", "/page/ontology", "/static/style.css", "/dump/kzgraph.ttl"]
)
def test_strict_csp_and_no_foreign_resources(client: Client, path: str) -> None:
    _, headers, body = client.get(path, Accept=HTML)
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    if headers["content-type"].startswith("text/html"):
        html = body.decode()
        for attrs, content in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S):
            # no inline code: a script comes from this site (src, empty), or is a data island, never run
            assert ('src="/' in attrs and content == "") or 'type="application/json"' in attrs, attrs
        assert " style=" not in html and "<style" not in html
        for m in re.finditer(r'<(?:link|img|script|iframe|source)\b[^>]*(?:href|src)="([^"]*)"', html):
            assert m.group(1).startswith("/"), m.group(0)


@pytest.fixture(scope="module")
def evil_client(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    """A copy of the release with hostile literals and IRIs injected into the data."""
    evil = tmp_path_factory.mktemp("evil-dist")
    for p in dist.iterdir():
        if p.is_file():
            shutil.copyfile(p, evil / p.name)
    kaz = f"<{KZ}state/KAZ>"
    data = "<https://w3id.org/kzgraph/graph/data>"
    extra = [
        f'{kaz} <http://www.w3.org/2000/01/rdf-schema#label> "<script>alert(1)</script>Evil & \\"co\\""@en {data} .',
        f'{kaz} <http://www.w3.org/2000/01/rdf-schema#comment> "<img src=x onerror=alert(2)>"@en {data} .',
        f"{kaz} <http://www.w3.org/2002/07/owl#sameAs> <javascript:alert(3)> {data} .",
        f'<{KZ}passage/evil> <http://www.w3.org/ns/prov#value> "</blockquote><script>alert(4)</script>"@bg {data} .',
        f"{kaz} <http://www.w3.org/ns/prov#wasDerivedFrom> <{KZ}passage/evil> {data} .",
    ]
    with open(evil / "kzgraph.nq", "a", encoding="utf-8") as f:
        f.write("\n".join(extra) + "\n")
    app = App(evil, queries_dir=ROOT / "queries", limits=Limits(timeout=3.0, max_rows=50, workers=1))
    server, _ = start(app)
    try:
        yield Client(server.port)
    finally:
        server.shutdown()
        app.close()


@pytest.mark.parametrize(
    "path",
    [
        "/page/state/KAZ",
        "/page/passage/evil",
        "/search?q=script",
        "/page/mission/KAZ-embassy-AZE-baku",
        "/browse/State",
        "/sparql?query=" + quote("SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }"),
    ],
)
def test_every_literal_is_escaped(evil_client: Client, path: str) -> None:
    status, _, body = evil_client.get(path, Accept=HTML)
    html = body.decode()
    assert status == 200, path
    ours = re.sub(
        r'<script src="/static/[\w/.-]+\.js" defer></script>|<script type="application/json" id="kzgraph-editor">'
        r"[^<]*</script>",
        "",
        html,
    )  # the SPARQL editor's own scripts and its data (which escapes '<')
    assert "<script" not in ours and "<img" not in ours
    assert 'href="javascript:' not in html


def test_escaped_text_is_still_shown(evil_client: Client) -> None:
    html = evil_client.get("/page/state/KAZ")[2].decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Evil &amp; &quot;co&quot;" in html
    assert "&lt;/blockquote&gt;&lt;script&gt;alert(4)&lt;/script&gt;" in html
    assert "javascript:alert(3)" in html  # shown as text, not as a link


# --- pictures ---------------------------------------------------------------------------------------------


def test_the_timeline_places_dates_at_their_precision(dist: Path) -> None:
    store = ox.Store()
    store.load(path=str(dist / "kzgraph.nq"), format=ox.RdfFormat.N_QUADS)
    marks, totals = pictures.timeline_marks(store)
    assert {m.kind for m in marks} == {"relation", "recognition", "mission"}
    by_iri = {m.iri: m for m in marks}
    year = by_iri[KZ + "recognition/USA-recognizes-KAZ"]  # "1991"^^xsd:gYear
    assert (year.precision, year.start, year.end) == ("year", 1991.0, 1992.0)
    day = by_iri[KZ + "mission/KAZ-embassy-AZE-baku"]  # 1994-12-16
    assert day.precision == "day" and day.start == day.end and 1994.95 < day.start < 1995
    svg = pictures.timeline_svg(store)
    assert svg.startswith("<svg") and "<script" not in svg and "http://" not in svg.replace("http://www.w3.org/2000/svg", "")
    diagram = pictures.missions_svg(store)
    assert "Baku" in diagram and "United Nations" in diagram
    files = pictures.svg_files(Graph().parse(dist / "kzgraph.ttl"))
    assert set(files) == {"timeline.svg", "timeline.bg.svg", "missions.svg", "missions.bg.svg"}
    assert "Баку".encode() in files["missions.bg.svg"]


# --- a base other than the default ------------------------------------------------------------------


def test_base_maps_request_paths_and_keeps_canonical_iris(dist: Path) -> None:
    app = App(dist, base_url="https://example.org/kz/", queries_dir=ROOT / "queries", limits=Limits(workers=1))
    server, _ = start(app)
    client = Client(server.port)
    try:
        status, headers, _ = client.get("/kz/id/state/KAZ", Accept="text/turtle")
        assert status == 303 and headers["location"] == "https://example.org/kz/data/state/KAZ.ttl"
        html = client.get("/kz/page/mission/KAZ-embassy-AZE-baku")[2].decode()
        assert 'href="/kz/page/state/KAZ"' in html and 'href="/kz/static/style.css"' in html
        assert "https://w3id.org/kzgraph/id/mission/KAZ-embassy-AZE-baku" in html  # the IRI, shown as it is
        ttl = client.get("/kz/data/state/KAZ.ttl")[2].decode()
        assert "example.org" not in ttl and "w3id.org/kzgraph/id/" in ttl
        assert "https://example.org/kz/sparql" in client.get("/kz/sparql", Accept=HTML)[2].decode()
    finally:
        server.shutdown()
        app.close()
