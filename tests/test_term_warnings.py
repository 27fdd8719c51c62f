"""Terms that exist: a term of the project's namespaces that the release does not have gets a
warning naming the nearest one it has (CLI on stderr, /sparql in a Kzgraph-Warning header), read
from the query's syntax tree and the release's own graphs; the query still runs."""

from __future__ import annotations

import http.client
import io
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from rdflib.plugins.sparql.parser import parseQuery

from kzgraph.asking.params import store_lookup
from kzgraph.asking.queries import bind, inspected, load_queries
from kzgraph.cli import main
from kzgraph.curated.namespaces import graph_iri
from kzgraph.pipeline.embedded_store import load_release
from kzgraph.sparql.term_check import Terms, query_iris, terms_of
from kzgraph.web.app import App, Limits

from common import ROOT
from inprocess import serving

KZO = "https://w3id.org/kzgraph/ontology#"
ID = "https://w3id.org/kzgraph/id/"
MISSPELT = "SELECT ?m WHERE { ?m kzo:sendingStat state:KAZ ; a kzo:ConsulateGeneral }"


@pytest.fixture(scope="module")
def store(built: Path) -> ox.Store:
    s = ox.Store()
    load_release(s, built / "kzgraph.nq")
    return s


def test_the_terms_are_read_from_the_syntax_tree_not_the_text() -> None:
    text = (
        "PREFIX k: <https://w3id.org/kzgraph/ontology#>\n"
        "CONSTRUCT { ?m kzo:made_up ?h } WHERE {\n"
        "  ?m k:hostState ?h ; kzo:sending\\-State state:KAZ .  # kzo:inAComment\n"
        '  FILTER(?h != <https://w3id.org/kzgraph/id/state/TUR> && STR(?h) != "kzo:inAString")\n'
        "}"
    )
    assert query_iris(parseQuery(text)) == [
        KZO + "hostState",
        KZO + "sending-State",
        ID + "state/KAZ",
        ID + "state/TUR",
    ]


def test_the_nearest_term_comes_from_the_ontology_graph_in_the_store() -> None:
    s = ox.Store()
    onto = ox.NamedNode(graph_iri("ontology"))
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    for local in ("alpha", "gamma"):
        s.add(ox.Quad(ox.NamedNode(KZO + local), label, ox.Literal(local), onto))
    s.add(ox.Quad(ox.NamedNode(ID + "state/ABC"), label, ox.Literal("x"), ox.NamedNode(graph_iri("data"))))
    terms = Terms(s)
    assert terms.warnings([KZO + "alpah", KZO + "gamma", KZO + "zzz", ID + "state/ABD", ID + "state/ABC"]) == [
        "kzo:alpah is not a term of the ontology; did you mean kzo:alpha?",
        "kzo:zzz is not a term of the ontology",
        "state:ABD is in no triple of the graph; did you mean state:ABC?",
    ]


def test_the_release_defines_what_its_queries_name(store: ox.Store) -> None:
    terms = Terms(store)
    assert KZO + "sendingState" in terms.ontology and ID + "state/KAZ" in terms.data
    assert terms.warnings([KZO + "sendingStat", ID + "state/KAZX"]) == [
        "kzo:sendingStat is not a term of the ontology; did you mean kzo:sendingState?",
        "state:KAZX is in no triple of the graph; did you mean state:KAZ?",
    ]


@pytest.mark.parametrize("name", [q.name for q in load_queries(ROOT / "queries")])
def test_no_stored_query_gets_a_warning(store: ox.Store, name: str) -> None:
    query = next(q for q in load_queries(ROOT / "queries") if q.name == name)
    assert terms_of(store).warnings(list(inspected(bind(query, {}, store_lookup(store))).iris)) == []


def test_cli_warns_on_stderr_and_runs_the_query(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, built: Path
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(MISSPELT.replace("state:KAZ", "state:KAZX")))
    code = main(["--root", str(ROOT), "query", "-", "--dist", str(built), "--format", "csv"])
    out, err = capsys.readouterr()
    assert code == 0 and out.strip() == "m"
    assert err.splitlines() == [
        "warning: kzo:sendingStat is not a term of the ontology; did you mean kzo:sendingState?",
        "warning: state:KAZX is in no triple of the graph; did you mean state:KAZ?",
    ]


@pytest.fixture(scope="module")
def endpoint(built: Path) -> Iterator[int]:
    app = App(built, queries_dir=ROOT / "queries", limits=Limits(timeout=10, workers=1), walls=("parse",))
    with serving(app) as port:
        yield port


def _get(port: int, text: str, accept: str = "text/csv") -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/sparql?" + urlencode({"query": text}), headers={"Accept": accept})
    resp = conn.getresponse()
    resp.read()
    conn.close()
    return resp


def test_the_endpoint_warns_in_a_header_and_answers(endpoint: int) -> None:
    resp = _get(endpoint, MISSPELT)
    assert resp.status == 200
    assert resp.headers.get_all("Kzgraph-Warning") == [
        "kzo:sendingStat is not a term of the ontology; did you mean kzo:sendingState?"
    ]
    assert "Kzgraph-Warning" in (resp.getheader("Access-Control-Expose-Headers") or "")
    again = _get(endpoint, MISSPELT)  # the cached answer keeps its warning
    assert again.headers.get_all("Kzgraph-Warning") == resp.headers.get_all("Kzgraph-Warning")
    fine = _get(endpoint, MISSPELT.replace("sendingStat", "sendingState"))
    assert fine.status == 200 and fine.getheader("Kzgraph-Warning") is None
