"""One graph, one answer: ``kzgraph query`` and ``/sparql`` run every query on the same dataset.

The default dataset is the release's asserted triples with their OWL RL inferences in the default
graph, each release graph also by name; ``kzgraph query --asserted`` and ``/sparql?infer=false``
leave the inferences out, alike. A query's ``FROM``/``FROM NAMED`` and the protocol's
``default-graph-uri``/``named-graph-uri`` choose other datasets as SPARQL 1.1 says, and relative
IRIs are read against a base (the release's on the command line, the endpoint's own address on
the server).
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest

from kzgraph.asking.queries import load_queries, run
from kzgraph.cli import main
from kzgraph.curated.namespaces import BASE, PREFIX_TABLE, graph_iri
from kzgraph.pipeline.embedded_store import dataset_options, load_release
from kzgraph.sparql.check import inspect
from kzgraph.web.app import App, Limits

from common import ROOT
from inprocess import serving

STORED = {q.name: q.text for q in load_queries(ROOT / "queries")}
FACTS = "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a kzo:Fact }"
MISSIONS = "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a kzo:DiplomaticMission }"  # a superclass: only inferred
ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
HAND_WRITTEN = {
    "facts": FACTS,
    "missions-by-superclass": MISSIONS,
    "all-triples": ALL,
    "inferred-by-name": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri('inferred')}> {{ ?s ?p ?o }} }}",
    "graphs": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "from-ontology": f"SELECT (COUNT(*) AS ?n) FROM <{graph_iri('ontology')}> WHERE {{ ?s ?p ?o }}",
    "from-named-data": f"SELECT ?g (COUNT(*) AS ?n) FROM NAMED <{graph_iri('data')}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g",
    "ask-inferred-type": "ASK { ?m a kzo:DiplomaticMission }",
    "construct-types": "CONSTRUCT { ?m a kzo:DiplomaticMission } WHERE { ?m a kzo:DiplomaticMission }",
}


@pytest.fixture(scope="module")
def endpoint(built: Path) -> Iterator[int]:
    """``kzgraph serve`` on the session's release, on a loopback port, with the parsed-query check."""
    app = App(built, queries_dir=ROOT / "queries", limits=Limits(timeout=20, workers=1), walls=("parse",))
    with serving(app) as port:
        yield port


def _construct(text: str) -> bool:
    return inspect(text).form in ("ConstructQuery", "DescribeQuery")


def _normal(body: bytes, construct: bool) -> object:
    """The answer, order and blank-node labels aside (the same engine labels them afresh each run)."""
    if construct:
        lines = body.decode("utf-8").splitlines()
        return sorted(" ".join("_:b" if w.startswith("_:") else w for w in line.split(" ")) for line in lines if line)
    doc = json.loads(body)
    if "boolean" in doc:
        return doc["boolean"]
    rows = []
    for binding in doc["results"]["bindings"]:
        row = {v: ({"type": "bnode"} if t["type"] == "bnode" else t) for v, t in binding.items()}
        rows.append(json.dumps(row, sort_keys=True, ensure_ascii=False))
    return sorted(rows)


def _cli(built: Path, capsys: pytest.CaptureFixture[str], query: str, *args: str, tmp: Path | None = None) -> bytes:
    """``kzgraph query`` on the session's release: a stored query by name, or a text (through a file)."""
    spec = query
    if query not in STORED:
        assert tmp is not None
        spec = str(tmp / "query.rq")
        Path(spec).write_text(query, encoding="utf-8")
    text = STORED.get(query, query)
    fmt = "nt" if _construct(text) else "json"
    capsys.readouterr()
    assert main(["query", spec, "--dist", str(built), "--format", fmt, *args]) == 0, capsys.readouterr().err
    return capsys.readouterr().out.encode("utf-8")


def _http(port: int, text: str, **params: str | list[str]) -> tuple[int, bytes]:
    accept = "application/n-triples" if _construct(text) else "application/sparql-results+json"
    fields: list[tuple[str, str]] = [("query", text)]
    for key, value in params.items():
        fields += [(key.replace("_", "-"), v) for v in ([value] if isinstance(value, str) else value)]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request(
        "POST", "/sparql", body=urlencode(fields), headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
    )
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, body


def _count(body: bytes) -> int:
    [row] = json.loads(body)["results"]["bindings"]
    return int(row["n"]["value"])


# --- the same rows from the command line and from /sparql -------------------------------------------


# Every stored and hand-written query in the default view; the asserted view on the hand-written ones.
# Each stored query through both paths is the full tier's (it starts the CLI once per query); the quick
# check keeps the hand-written ones, which reach every part of the dataset the two paths choose.
ONE_ANSWER_RUNS = (
    [pytest.param(name, False, id=f"default-{name}", marks=pytest.mark.slow) for name in sorted(STORED)]
    + [pytest.param(name, False, id=f"default-{name}") for name in sorted(HAND_WRITTEN)]
    + [pytest.param(name, True, id=f"asserted-{name}") for name in sorted(HAND_WRITTEN)]
)


@pytest.mark.parametrize("name, asserted", ONE_ANSWER_RUNS)
def test_the_command_line_and_the_endpoint_give_the_same_answer(
    built: Path, endpoint: int, capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, asserted: bool
) -> None:
    text = STORED.get(name) or HAND_WRITTEN[name]
    cli = _cli(built, capsys, name if name in STORED else text, *(["--asserted"] if asserted else []), tmp=tmp_path)
    status, body = _http(endpoint, text, **({"infer": "false"} if asserted else {}))
    assert status == 200, body
    construct = _construct(text)
    assert _normal(cli, construct) == _normal(body, construct)


def test_the_default_graph_holds_the_inferences_in_both(
    built: Path, endpoint: int, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for text in (FACTS, MISSIONS):
        cli = _count(_cli(built, capsys, text, tmp=tmp_path))
        assert cli > 0  # kzo:Fact and kzo:DiplomaticMission are only ever inferred types
        assert _count(_cli(built, capsys, text, "--asserted", tmp=tmp_path)) == 0
        assert _count(_http(endpoint, text)[1]) == cli
        assert _count(_http(endpoint, text, infer="false")[1]) == 0


def test_infer_takes_only_true_or_false(endpoint: int) -> None:
    status, body = _http(endpoint, FACTS, infer="maybe")
    assert status == 400 and b"infer=false" in body
    assert _count(_http(endpoint, FACTS, infer="true")[1]) > 0


# --- the dataset, as SPARQL 1.1 has it ---------------------------------------------------------------


def _graph_count(port: int, name: str) -> int:
    return _count(_http(port, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri(name)}> {{ ?s ?p ?o }} }}")[1])


def test_from_chooses_the_default_graph(endpoint: int, built: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ontology = _graph_count(endpoint, "ontology")
    text = HAND_WRITTEN["from-ontology"]
    assert 0 < ontology < _count(_http(endpoint, ALL)[1])
    assert _count(_http(endpoint, text)[1]) == ontology
    assert _count(_cli(built, capsys, text, tmp=tmp_path)) == ontology
    assert _count(_cli(built, capsys, text, "--asserted", tmp=tmp_path)) == ontology  # the query's FROM wins


def test_from_chooses_the_default_graph_through_the_cli_on_a_remote_endpoint(
    endpoint: int, built: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``kzgraph query --endpoint`` names the release's graphs as the default graph, except for a query
    with its own FROM: protocol graphs would stand over it (§2.1.4) and answer another dataset."""
    text = HAND_WRITTEN["from-ontology"]
    url = f"http://127.0.0.1:{endpoint}/sparql"
    assert _count(_cli(built, capsys, text, "--endpoint", url, tmp=tmp_path)) == _graph_count(endpoint, "ontology")


def test_from_named_alone_leaves_an_empty_default_graph_and_one_named_graph(endpoint: int) -> None:
    text = f"SELECT ?g (COUNT(*) AS ?n) FROM NAMED <{graph_iri('data')}> WHERE {{ {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} }} }} GROUP BY ?g"
    status, body = _http(endpoint, text)
    assert status == 200, body
    rows = {b.get("g", {}).get("value"): int(b["n"]["value"]) for b in json.loads(body)["results"]["bindings"]}
    assert rows == {graph_iri("data"): _graph_count(endpoint, "data")}


def test_default_graph_uri_is_the_whole_dataset(endpoint: int) -> None:
    """Protocol §2.1.4: with ``default-graph-uri`` (and no ``named-graph-uri``) no named graph is visible,
    and the parameter wins over the query's own FROM."""
    data, ontology = _graph_count(endpoint, "data"), _graph_count(endpoint, "ontology")
    assert _count(_http(endpoint, ALL, default_graph_uri=graph_iri("data"))[1]) == data
    both = _count(_http(endpoint, ALL, default_graph_uri=[graph_iri("data"), graph_iri("ontology")])[1])
    assert max(data, ontology) < both <= data + ontology
    named = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert _count(_http(endpoint, named, default_graph_uri=graph_iri("data"))[1]) == 0
    assert _count(_http(endpoint, HAND_WRITTEN["from-ontology"], default_graph_uri=graph_iri("data"))[1]) == data


def test_named_graph_uri_alone_leaves_an_empty_default_graph(endpoint: int) -> None:
    named = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert _count(_http(endpoint, named, named_graph_uri=graph_iri("ontology"))[1]) == _graph_count(endpoint, "ontology")
    assert _count(_http(endpoint, ALL, named_graph_uri=graph_iri("ontology"))[1]) == 0


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * FROM <urn:nowhere> WHERE { ?s ?p ?o }",
        "PREFIX g: <https://w3id.org/kzgraph/graph/> SELECT * FROM NAMED g:nowhere WHERE { GRAPH ?g { ?s ?p ?o } }",
        "BASE <https://w3id.org/kzgraph/graph/> SELECT * FROM <nowhere> WHERE { ?s ?p ?o }",
    ],
    ids=["iri", "prefixed-name", "relative"],
)
def test_a_graph_the_release_does_not_hold_is_one_clear_error(
    endpoint: int, built: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str
) -> None:
    """No graph is fetched from the web, so a FROM naming one the release lacks would read as an empty
    graph and answer nothing, silently: it is refused, naming the graph and the graphs there are."""
    nowhere = ("urn:nowhere" if "urn:" in text else graph_iri("nowhere")).encode()
    status, body = _http(endpoint, text)
    assert status == 400 and b"<" + nowhere + b">" in body and graph_iri("data").encode() in body, body
    (tmp_path / "q.rq").write_text(text, encoding="utf-8")
    assert main(["query", str(tmp_path / "q.rq"), "--dist", str(built)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and nowhere.decode() in err and "Traceback" not in err


@pytest.mark.parametrize("written", ["HTTPS://w3id.org/kzgraph/graph/data", "https://w3id.org/kzgraph/graph/data#"])
def test_a_graph_iri_is_checked_as_the_engine_reads_it(endpoint: int, written: str) -> None:
    """No normalisation: the engine reads <HTTPS://…> or <…#> as another graph than the release's, so it is refused."""
    status, body = _http(endpoint, f"SELECT * FROM <{written}> WHERE {{ ?s ?p ?o }}")
    assert status == 400 and f"<{written}>".encode() in body, body


def test_a_protocol_graph_the_release_does_not_hold_is_read_as_empty_with_a_warning(endpoint: int) -> None:
    """``default-graph-uri``/``named-graph-uri`` naming a graph the release lacks: read as an empty graph,
    as the W3C protocol tests expect of a service, and said in a ``Kzgraph-Warning`` header."""
    fields = urlencode([("query", ALL), ("default-graph-uri", "urn:nowhere")])
    conn = http.client.HTTPConnection("127.0.0.1", endpoint, timeout=60)
    conn.request("GET", "/sparql?" + fields, headers={"Accept": "application/sparql-results+json"})
    resp = conn.getresponse()
    body, warning = resp.read(), resp.getheader("Kzgraph-Warning") or ""
    conn.close()
    assert resp.status == 200 and _count(body) == 0
    assert "<urn:nowhere> is no graph of this release" in warning
    # given the protocol's graphs, the query's own FROM is not read (§2.1.4), so it may name anything
    text = "SELECT (COUNT(*) AS ?n) FROM <urn:nowhere> WHERE { ?s ?p ?o }"
    assert _count(_http(endpoint, text, default_graph_uri=graph_iri("data"))[1]) == _graph_count(endpoint, "data")


# --- relative IRIs ---------------------------------------------------------------------------------

RELATIVE = "SELECT ?x WHERE { BIND(<graph/data> AS ?x) }"


def test_the_command_line_reads_relative_iris_against_the_release_base(
    built: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    [row] = json.loads(_cli(built, capsys, RELATIVE, tmp=tmp_path))["results"]["bindings"]
    assert row["x"]["value"] == BASE + "graph/data"
    text = "SELECT (COUNT(*) AS ?n) FROM <graph/ontology> WHERE { ?s ?p ?o }"
    assert _count(_cli(built, capsys, text, tmp=tmp_path)) == _count(
        _cli(built, capsys, HAND_WRITTEN["from-ontology"], tmp=tmp_path)
    )


@pytest.mark.parametrize("check", [True, False])
def test_a_job_without_a_base_reads_relative_iris_against_the_release_base_as_its_check_does(built: Path, check: bool) -> None:
    """A job that names no base (``base_iri=""``, a direct caller of the pool) means the release's base:
    the check reads its relative IRIs against it, and so must the engine, or the two read one query
    two ways (the engine had no base at all, and refused the relative IRI the check had accepted)."""
    from kzgraph.web.protocol import Job, Result
    from kzgraph.web.results import execute

    store = ox.Store()
    load_release(store, built / "kzgraph.nq")
    answer = execute(store, Job(RELATIVE, answers={"solutions": ("json", "application/sparql-results+json")}), check=check)
    assert isinstance(answer, Result), answer
    [row] = json.loads(answer.body)["results"]["bindings"]
    assert row["x"]["value"] == BASE + "graph/data"


def test_the_endpoint_reads_relative_iris_against_its_own_address(endpoint: int) -> None:
    status, body = _http(endpoint, RELATIVE)
    assert status == 200, body
    [row] = json.loads(body)["results"]["bindings"]
    assert row["x"]["value"] == "http://127.0.0.1:8080/graph/data"  # the App's address (no --base given)


def test_a_stored_query_page_takes_the_same_switch(endpoint: int, built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``/queries/{name}?infer=false`` is ``kzgraph query NAME --asserted``; any other value than true or false is a 400."""
    conn = http.client.HTTPConnection("127.0.0.1", endpoint, timeout=60)
    answers = {}
    for infer in ("false", "maybe"):
        conn.request("GET", f"/queries/embassy-count?infer={infer}", headers={"Accept": "application/sparql-results+json"})
        resp = conn.getresponse()
        answers[infer] = (resp.status, resp.read())
    conn.close()
    assert answers["maybe"][0] == 400 and b"infer=false" in answers["maybe"][1]
    assert answers["false"][0] == 200
    assert _normal(answers["false"][1], False) == _normal(_cli(built, capsys, "embassy-count", "--asserted"), False)


# --- the engine's union is used only where it is the same dataset -------------------------------------


def _rows(result: object) -> object:
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QueryTriples):
        return sorted(str(t) for t in result if not isinstance(t.subject, ox.BlankNode))
    return sorted(str([s[v] for v in result.variables]) for s in result)  # type: ignore[attr-defined]


def test_the_union_shortcut_answers_as_the_named_graphs(built: Path) -> None:
    """On a store holding only the release, the default dataset is the engine's union of all graphs (faster);
    each stored query answers exactly as over the release graphs named one by one."""
    store = ox.Store()
    load_release(store, built / "kzgraph.nq")
    assert dataset_options(store=store) == {"use_default_graph_as_union": True}
    named = dataset_options()
    assert "use_default_graph_as_union" not in named
    for name, text in STORED.items():
        fast = store.query(text, prefixes=PREFIX_TABLE, **dataset_options(store=store))
        slow = store.query(text, prefixes=PREFIX_TABLE, **named)
        assert _rows(fast) == _rows(slow), name


def test_a_graph_outside_the_release_stays_out_of_the_default_dataset(built: Path) -> None:
    store = ox.Store()
    load_release(store, built / "kzgraph.nq")
    other = ox.NamedNode("urn:example:another-project")
    store.add(ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode("urn:p"), ox.Literal("elsewhere"), other))
    assert "use_default_graph_as_union" not in dataset_options(store=store)
    ask = 'ASK { ?s ?p "elsewhere" }'
    assert not run(store, ask)
    assert not run(store, "ASK { GRAPH <urn:example:another-project> { ?s ?p ?o } }")
    assert run(store, f'ASK FROM <{other.value}> {{ ?s ?p "elsewhere" }}')  # named in the query: there


def test_a_query_the_check_cannot_read_is_not_run_on_a_guessed_dataset() -> None:
    """SPARQL-star is read by the engine but not by the checking parser: whether it names its own
    dataset is then unknown, and laying the default dataset over its FROM would answer another
    question, so the library refuses it instead of guessing."""
    from kzgraph.asking.queries import QueryError

    text = "SELECT * FROM <urn:g> WHERE { << ?s ?p ?o >> ?q ?r }"
    with pytest.raises(QueryError, match="dataset is unknown"):
        run(ox.Store(), text)


# --- the same document for every format name ----------------------------------------------------------------


FORM_QUERIES = {
    "solutions": "SELECT ?s WHERE { ?s a kzo:State } ORDER BY ?s LIMIT 3",
    "boolean": "ASK { ?s a kzo:State }",
    "triples": "CONSTRUCT { ?s a kzo:State } WHERE { ?s a kzo:State } ORDER BY ?s LIMIT 3",
}


def _parsed(body: bytes, media: str) -> object:
    """A document read by the format its media type names: the same answer whatever bytes wrote it."""
    media = media.split(";")[0].strip()
    if media in ("text/csv", "text/tab-separated-values"):  # lossy: no reader; the rows as written
        return body.decode("utf-8").splitlines()
    results = ox.QueryResultsFormat.from_media_type(media)
    if results is not None:
        parsed = ox.parse_query_results(body, format=results)
        if isinstance(parsed, ox.QueryBoolean):
            return bool(parsed)
        return [[str(s[v]) for v in parsed.variables] for s in parsed]
    return sorted(str(t) for t in ox.parse(body, format=ox.RdfFormat.from_media_type(media)))


@pytest.mark.parametrize("form", sorted(FORM_QUERIES))
@pytest.mark.parametrize("name", sorted(set(__import__("kzgraph.core.formats", fromlist=["x"]).FORMAT_NAMES) - {"html"}))
def test_every_format_name_gives_the_endpoints_document_on_the_command_line(
    endpoint: int, built: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, form: str
) -> None:
    """``kzgraph query --format NAME`` writes what ``/sparql?format=NAME`` answers, for every name and
    every query form: the document type the endpoint labels its answer with reads the command line's
    bytes to the same answer (an ASK asked for as CSV is SPARQL JSON on both, a graph asked for as
    ``xml`` RDF/XML), and the command line says so when that is not the format asked for."""
    text = FORM_QUERIES[form]
    conn = http.client.HTTPConnection("127.0.0.1", endpoint, timeout=60)
    conn.request(
        "POST",
        "/sparql",
        body=urlencode({"query": text, "format": name}),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    resp = conn.getresponse()
    body, media = resp.read(), resp.getheader("Content-Type") or ""
    conn.close()
    assert resp.status == 200, body
    spec = tmp_path / "q.rq"
    spec.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main(["query", str(spec), "--dist", str(built), "--format", name]) == 0
    out = capsys.readouterr()
    assert _parsed(out.out.encode("utf-8"), media) == _parsed(body, media)
    from kzgraph.core.formats import FORMAT_NAMES

    nearest = media.split(";")[0] != FORMAT_NAMES[name]  # the endpoint labels the nearest format with its own type
    assert ("results have no" in out.err) == nearest, out.err
