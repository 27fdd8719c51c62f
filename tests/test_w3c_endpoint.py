"""The W3C SPARQL 1.1 protocol, syntax and query-evaluation suites through ``/sparql`` of one
in-process server for the module.

The server runs on a throw-away release folder whose N-Quads hold every data file of the vendored
suites as a named graph under its W3C address, and the protocol suite's graphs under the names its
manifest gives them. A syntax test is a POST of the query (``application/sparql-query``); an
evaluation test sends the manifest's dataset as ``default-graph-uri``/``named-graph-uri`` (unless the
query names its own with ``FROM``) and states the test's base IRI with a ``BASE`` line, the one way a
client tells an endpoint how to read relative IRIs; a protocol test sends the suite's own requests.

Cases that fail are listed with their reason in ``tests/w3c/expected-failures.txt``.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from rdflib import Namespace
from rdflib.collection import Collection

from kzgraph.web.app import App, Limits

from inprocess import serving
from w3c_suite import (
    EVALUATION_SUITES,
    MF,
    RDFS_LABEL,
    SUITES,
    UT,
    Case,
    Outcome,
    cases,
    dataset_files,
    describe,
    expected,
    names_own_dataset,
    outcome,
    same,
    triples_of,
    verdict,
)

HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"

SYNTAX = [c for c in cases(SUITES) if c.kind.endswith("SyntaxTest11")]
EVALUATION = [c for c in cases(EVALUATION_SUITES) if c.kind == "QueryEvaluationTest"]
PROTOCOL = cases(["sparql11/protocol"])
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
RDF_TYPES = {"application/rdf+xml", "text/turtle", "application/n-triples", "application/xhtml+xml"}
RESULT_TYPES = {
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
}


def _protocol_graphs() -> dict[str, str]:
    """Graph name -> data file address of every ``ut:graphData`` of the protocol suite."""
    graphs = {}
    for case in PROTOCOL:
        g = case.manifest
        for node in g.objects(case.node, UT.graphData):
            graphs[str(g.value(node, RDFS_LABEL))] = str(g.value(node, UT.graph))
    return graphs


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """One server for the module, on a release folder holding the suites' data."""
    dist = tmp_path_factory.mktemp("w3c-dist")
    files = {f: f for s in EVALUATION_SUITES for f in dataset_files(Case(s, "", "", ""))}
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name))
        for name, iri in sorted({**files, **_protocol_graphs()}.items())
        for t in triples_of(iri)
    ]
    (dist / "kzgraph.nq").write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    app = App(dist, limits=Limits(timeout=10, workers=1), walls=("parse",))
    with serving(app) as port:
        yield port


def request(port: int, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> tuple:
    """``(status, content type without parameters, body)`` of one request."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, (resp.getheader("Content-Type") or "").split(";")[0].strip(), data
    finally:
        conn.close()


# --- syntax ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", SYNTAX, ids=lambda c: c.id)
def test_syntax_through_the_endpoint(port: int, case: Case) -> None:
    body = case.query_text.encode("utf-8")
    status, _, data = request(port, "POST", "/sparql", body, {"Content-Type": "application/sparql-query", "Accept": ACCEPT})
    wanted = 200 if case.kind.startswith("Positive") else 400
    verdict("endpoint-syntax", case, status == wanted, f"{status} (expected {wanted}): {data[:300]!r}")


# --- evaluation --------------------------------------------------------------------------------------


def through_endpoint(port: int, case: Case) -> Outcome | str:
    """The case's answer from ``/sparql``, or a line saying why there is none."""
    text = f"BASE <{case.query_iri}>\n{case.query_text}"
    fields: list[tuple[str, str]] = [("query", text)]
    if not names_own_dataset(case.query_text):
        fields += [("default-graph-uri", d) for d in case.data]
        fields += [("named-graph-uri", name) for name, _ in case.graph_data]
    status, ctype, data = request(
        port,
        "POST",
        "/sparql",
        urlencode(fields).encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT},
    )
    if status != 200:
        return f"{status}: {data[:300]!r}"
    if ctype == "application/n-triples":
        return Outcome(
            "graph", triples=[(t.subject, t.predicate, t.object) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
        )
    return outcome(ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON))


@pytest.mark.slow
@pytest.mark.parametrize("case", EVALUATION, ids=lambda c: c.id)
def test_evaluation_through_the_endpoint(port: int, case: Case) -> None:
    answer = through_endpoint(port, case)
    wanted = expected(case)
    if isinstance(answer, str):
        verdict("endpoint-eval", case, False, answer)
    else:
        verdict("endpoint-eval", case, same(answer, wanted), f"got {describe(answer)}\nexpected {describe(wanted)}")


# --- protocol ----------------------------------------------------------------------------------------


def _requests(case: Case) -> list[Any]:
    g = case.manifest
    action = g.value(case.node, MF.action)
    return list(Collection(g, g.value(action, HT.requests)))


def _send(port: int, case: Case, req: Any) -> tuple:
    g = case.manifest
    path = str(g.value(req, HT.absolutePath)).replace("/sparql/", "/sparql", 1)
    headers = {}
    head = g.value(req, HT.headers)
    for h in Collection(g, head) if head is not None else []:
        headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
    body = g.value(req, HT.body)
    data = None
    if body is not None:
        data = str(g.value(body, CNT.chars)).encode(str(g.value(body, CNT.characterEncoding) or "UTF-8"))
    return request(port, str(g.value(req, HT.methodName)), path, data, headers)


def _check(case: Case, req: Any, status: int, ctype: str, data: bytes) -> str:
    """What is wrong with one response, or an empty string."""
    g = case.manifest
    resp = g.value(req, HT.resp)
    classes = {str(c).removeprefix(HTS) for c in g.objects(resp, MF.expectedStatus)}
    if f"{status // 100}xx" not in classes:
        return f"status {status}, expected {sorted(classes)}: {data[:200]!r}"
    fmt = g.value(resp, MF.expectedFormat)
    if fmt is not None and str(fmt) == "RDF" and ctype not in RDF_TYPES:
        return f"{ctype} is not an RDF format"
    if fmt is not None and str(fmt) in ("tabular", "boolean") and ctype not in RESULT_TYPES:
        return f"{ctype} is not a results format"
    boolean = g.value(resp, MF.expectedBoolean)
    if boolean is not None:
        got = _boolean(ctype, data)
        if got != boolean.toPython():
            return f"boolean {got}, expected {boolean}"
    return ""


def _boolean(ctype: str, data: bytes) -> bool | None:
    if ctype == "application/sparql-results+json":
        return json.loads(data).get("boolean")
    if ctype == "application/sparql-results+xml":
        return bool(ox.parse_query_results(data, format=ox.QueryResultsFormat.XML))
    return None


@pytest.mark.parametrize("case", PROTOCOL, ids=lambda c: c.id)
def test_protocol(port: int, case: Case) -> None:
    problems = []
    for req in _requests(case):
        status, ctype, data = _send(port, case, req)
        problem = _check(case, req, status, ctype, data)
        if problem:
            problems.append(problem)
            break
    verdict("endpoint-protocol", case, not problems, "; ".join(problems))


def test_the_protocol_cases_are_read_whole() -> None:
    """Every protocol case has requests and each request an expected status: none is vacuous."""
    assert len(PROTOCOL) == 34
    for case in PROTOCOL:
        reqs = _requests(case)
        assert reqs, case.id
        assert all(list(case.manifest.objects(case.manifest.value(r, HT.resp), MF.expectedStatus)) for r in reqs)


def test_a_function_the_engine_lacks_is_the_querys_to_change(port: int) -> None:
    """Valid SPARQL calling a function Oxigraph does not have is a 400 naming the function: the
    client must change the query; it is no failure of the server (it was a 500)."""
    body = b"PREFIX : <http://example/> SELECT (:function(1) AS ?f) {}"
    status, ctype, data = request(port, "POST", "/sparql", body, {"Content-Type": "application/sparql-query", "Accept": ACCEPT})
    assert (status, ctype) == (400, "text/plain"), data
    assert b"<http://example/function>, which this engine does not have" in data
