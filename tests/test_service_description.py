"""The SPARQL 1.1 Service Description of ``/sparql`` says what the server does: each statement in it is
checked here against the running endpoint (formats served, graphs and their sizes, the union default
graph, the entailment, SERVICE refused, the limits), and a browser still gets the editor."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, RDF, RDFS, VOID

from kzgraph.curated.namespaces import DATASET_IRI, graph_iri
from kzgraph.pipeline.embedded_store import load_release
from kzgraph.web.app import App, Limits
from kzgraph.web.service_description import (
    ENTAILMENT,
    KZS,
    LIMIT_TERMS,
    SD,
    W3C_FORMAT_NAMES,
    W3C_FORMATS,
    describe_service,
    format_iri,
    read_dataset,
)

from common import ROOT
from inprocess import serving

LIMITS = Limits(timeout=10, workers=1, max_rows=5000)
RDF_ACCEPTS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


@pytest.fixture(scope="module")
def served(built: Path) -> Iterator[tuple[App, int]]:
    """The endpoint in this process, with the parsed-query check as its only wall."""
    app = App(built, queries_dir=ROOT / "queries", limits=LIMITS, walls=("parse",))
    with serving(app) as port:
        yield app, port


def _get(port: int, path: str, accept: str | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Accept": accept} if accept else {})
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    headers: dict[str, str] = {}
    for k, v in resp.getheaders():
        headers[k.lower()] = f"{headers[k.lower()]}, {v}" if k.lower() in headers else v
    return resp.status, headers, body


def _query(port: int, text: str, accept: str) -> tuple[int, dict[str, str], bytes]:
    return _get(port, "/sparql?" + urlencode({"query": text}), accept)


def _post(port: int, text: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}
    conn.request("POST", "/sparql", body=text.encode("utf-8"), headers=headers)
    status = conn.getresponse().status
    conn.close()
    return status


def _number(port: int, text: str) -> int:
    status, _, body = _query(port, text, "application/sparql-results+json")
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def sd(served: tuple[App, int]) -> Graph:
    status, headers, body = _get(served[1], "/sparql", "text/turtle")
    assert status == 200 and headers["content-type"].startswith("text/turtle"), body
    return Graph().parse(data=body, format="turtle")


def _service(sd: Graph) -> URIRef:
    services = list(sd.subjects(RDF.type, SD.Service))
    assert len(services) == 1
    return services[0]  # type: ignore[return-value]


@pytest.mark.parametrize("accept", list(RDF_ACCEPTS))
def test_a_query_less_get_with_an_rdf_accept_is_the_service_description(served: tuple[App, int], accept: str) -> None:
    app, port = served
    status, headers, body = _get(port, "/sparql", accept)
    assert status == 200 and headers["content-type"].startswith(accept), (status, headers)
    assert "Accept" in headers.get("vary", "")
    g = Graph().parse(data=body, format=RDF_ACCEPTS[accept])
    service = _service(g)
    assert set(g.objects(service, SD.endpoint)) == {URIRef(app.links.absolute("sparql"))}
    assert set(g.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}  # no update language


@pytest.mark.parametrize("accept", [None, "*/*", BROWSER])
def test_a_browser_or_no_accept_still_gets_the_editor(served: tuple[App, int], accept: str | None) -> None:
    status, headers, body = _get(served[1], "/sparql", accept)
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b"<html" in body and "Accept" in headers["vary"]


def test_the_described_endpoint_is_the_base_its_queries_are_read_against(served: tuple[App, int], sd: Graph) -> None:
    status, _, body = _query(served[1], "SELECT (<> AS ?b) {}", "application/sparql-results+json")
    assert status == 200, body
    base = json.loads(body)["results"]["bindings"][0]["b"]["value"]
    assert URIRef(base) in set(sd.objects(_service(sd), SD.endpoint))


def test_every_listed_result_format_is_served(served: tuple[App, int], sd: Graph) -> None:
    by_iri = {W3C_FORMATS[name]: media for media, name in W3C_FORMAT_NAMES.items()}
    listed = set(sd.objects(_service(sd), SD.resultFormat))
    assert {by_iri[f] for f in listed} >= {"application/sparql-results+json", "text/turtle"}
    for fmt in sorted(listed):
        media = by_iri[fmt]
        results = str(fmt).rsplit("/", 1)[-1].startswith("SPARQL_Results_")
        text = "SELECT ?s { ?s a ?c } LIMIT 2" if results else "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 2"
        status, headers, body = _query(served[1], text, media)
        assert status == 200 and headers["content-type"].split(";")[0] == media, (fmt, status, body[:200])


def test_the_default_dataset_is_described_as_the_endpoint_answers(served: tuple[App, int], sd: Graph) -> None:
    port, service = served[1], _service(sd)
    dataset = sd.value(service, SD.defaultDataset)
    named = {sd.value(n, SD.name): int(sd.value(sd.value(n, SD.graph), VOID.triples)) for n in sd.objects(dataset, SD.namedGraph)}
    assert set(named) == {URIRef(graph_iri(n)) for n in ("data", "inferred", "ontology", "metadata")}
    for name, triples in named.items():
        assert _number(port, f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{name}> {{ ?s ?p ?o }} }}") == triples, name
    default = int(sd.value(sd.value(dataset, SD.defaultGraph), VOID.triples))
    assert _number(port, "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }") == default
    # sd:UnionDefaultGraph: the default graph is the merge of the named graphs, as the endpoint answers it
    assert SD.UnionDefaultGraph in set(sd.objects(service, SD.feature))
    union = "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } } }"
    assert _number(port, union) == default


def test_owl_rl_entailment_is_claimed_for_the_default_graph_because_it_holds_the_inferences(
    served: tuple[App, int], sd: Graph
) -> None:
    service = _service(sd)
    assert sd.value(service, SD.defaultEntailmentRegime) == ENTAILMENT["OWL-RDF-Based"]
    assert sd.value(service, SD.defaultSupportedEntailmentProfile) == URIRef("http://www.w3.org/ns/owl-profile/RL")
    inferred = graph_iri("inferred")
    ask = f"ASK {{ GRAPH <{inferred}> {{ ?s ?p ?o }} ?s ?p ?o }}"  # an inferred triple is in the default graph
    status, _, body = _query(served[1], ask, "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_without_the_inferred_graph_no_entailment_is_claimed(built: Path) -> None:
    store = ox.Store()
    load_release(store, built / "kzgraph.nq", with_inferred=False)
    dataset = read_dataset(store)
    assert not dataset.inferred and dataset.union
    g = describe_service("http://127.0.0.1:1/sparql", "http://127.0.0.1:1/.well-known/void", dataset, LIMITS)
    assert not set(g.objects(None, SD.defaultEntailmentRegime)) and not set(g.objects(None, SD.entailmentRegime))
    assert URIRef(graph_iri("inferred")) not in set(g.objects(None, SD.name))


def test_a_store_with_other_graphs_is_not_described_as_a_union(built: Path) -> None:
    store = ox.Store()
    load_release(store, built / "kzgraph.nq")
    store.add(
        ox.Quad(
            ox.NamedNode("http://example.org/s"),
            ox.NamedNode("http://example.org/p"),
            ox.Literal("o"),
            ox.NamedNode("http://example.org/g"),
        )
    )
    dataset = read_dataset(store)
    assert dataset.union  # the release's graphs, named and merged alike; the foreign graph is in neither
    assert "http://example.org/g" not in dict(dataset.named)
    store.add(
        ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), ox.Literal("o"), ox.DefaultGraph())
    )
    assert not read_dataset(store).union  # the store's own default graph is merged in, but is no named graph


def test_federation_is_not_claimed_and_service_is_refused(served: tuple[App, int], sd: Graph) -> None:
    assert SD.BasicFederatedQuery not in set(sd.objects(_service(sd), SD.feature))
    status, _, _ = _query(
        served[1], "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "application/sparql-results+json"
    )
    assert status == 403


def test_the_limits_are_the_servers_and_hold(served: tuple[App, int], sd: Graph) -> None:
    app, port = served
    service = _service(sd)
    for attr, name, _, _, _ in LIMIT_TERMS:
        value = sd.value(service, KZS[name])
        assert value is not None and sd.value(KZS[name], RDFS.label) is not None, name
        expected = app.limits
        for part in attr.split("."):
            expected = getattr(expected, part)
        assert value.toPython() == expected, name  # type: ignore[union-attr]
    _, headers, _ = _query(port, "SELECT ?s { ?s ?p ?o } LIMIT 1", "application/sparql-results+json")
    assert int(headers["kzgraph-result-limit"]) == int(sd.value(service, KZS.maxResultRows))
    longest = int(sd.value(service, KZS.maxQueryBytes))
    assert _post(port, "SELECT * {}" + " " * (longest - 11)) == 200
    assert _post(port, "SELECT * {}" + " " * (longest - 10)) == 400
    too_long_for_get = "SELECT * {}" + " " * int(sd.value(service, KZS.maxRequestHeaderBytes))
    assert _query(port, too_long_for_get, "application/sparql-results+json")[0] == 431


def test_the_description_links_the_void_description_of_the_dataset_it_serves(served: tuple[App, int], sd: Graph) -> None:
    service = _service(sd)
    assert sd.value(service, DCAT.servesDataset) == URIRef(DATASET_IRI)
    void_url = sd.value(service, RDFS.seeAlso)
    status, headers, body = _get(served[1], urlsplit(str(void_url)).path, "text/turtle")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    void = Graph().parse(data=body, format="turtle")
    assert (URIRef(DATASET_IRI), RDF.type, VOID.Dataset) in void


def test_a_format_the_w3c_does_not_name_is_refused() -> None:
    assert format_iri("text/turtle") == W3C_FORMATS.Turtle
    with pytest.raises(ValueError, match="no W3C format IRI for 'text/x-unknown'"):
        format_iri("text/x-unknown")
