"""The W3C SPARQL 1.1 syntax and query-evaluation suites through the project's own query path and
through plain pyoxigraph.

The project's path is what ``kzgraph query`` does: the query is checked by :func:`kzgraph.asking.queries.checked`
(rdflib's SPARQL parser, failing closed) and run by :func:`kzgraph.asking.queries.run`. Syntax tests run
with the release's base IRI as the command line gives it; evaluation tests with the test's own base
(the address of its query) and its dataset as the manifest names it, given to ``run`` as the
protocol's ``default-graph-uri``/``named-graph-uri`` would be, on one store that holds every data
file of the suites under its address. A query with its own ``FROM`` runs on the dataset it names.

Plain pyoxigraph is the baseline: a fresh store per test, the manifest's default graph in the
store's default graph and its named graphs by name, the query run with its base IRI and nothing else.

Cases that fail on a path are listed with their reason in ``tests/w3c/expected-failures.txt``; a
listed case that passes fails, so the list stays true.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kzgraph.asking.queries import QueryError, checked, run

from w3c_suite import (
    EVALUATION_SUITES,
    SUITES,
    Case,
    Outcome,
    cases,
    dataset_files,
    describe,
    expected,
    expected_failures,
    load,
    local_path,
    names_own_dataset,
    outcome,
    same,
    verdict,
)

SYNTAX = [c for c in cases(SUITES) if c.kind.endswith("SyntaxTest11")]
EVALUATION = [c for c in cases(EVALUATION_SUITES) if c.kind == "QueryEvaluationTest"]
FAILURES = expected_failures()
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


# --- syntax ------------------------------------------------------------------------------------------


def project_reads(text: str, service: bool) -> tuple[bool, str]:
    """Whether the project's query path accepts ``text`` (the check, then the engine's parser)."""
    try:
        run(ox.Store(), checked(text, allow_service=service))  # only parsed: the solutions are never read
    except QueryError as exc:
        return False, str(exc)
    return True, "accepted"


@pytest.mark.parametrize("case", SYNTAX, ids=lambda c: c.id)
def test_syntax_through_the_project(case: Case) -> None:
    positive = case.kind.startswith("Positive")
    read, message = project_reads(case.query_text, service="fed" in case.suite)
    verdict("project-syntax", case, read == positive, f"{'refused' if positive else 'accepted'}: {message}")


# --- evaluation --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def suites_store() -> ox.Store:
    """One store with every data file of the evaluation suites as a named graph, by its address."""
    store = ox.Store()
    files = {f for s in EVALUATION_SUITES for f in dataset_files(Case(s, "", "", ""))}
    for iri in sorted(files):
        load(store, iri, ox.NamedNode(iri))
    return store


def through_project(store: ox.Store, case: Case) -> Outcome:
    text = checked(case.query_text)
    own = names_own_dataset(case.query_text)  # a query's own FROM names its dataset; else the manifest's
    result = run(
        store,
        text,
        base_iri=case.query_iri,
        default_graphs=() if own else case.data,
        named_graphs=() if own else [name for name, _ in case.graph_data],
    )
    return outcome(result)


def on_pyoxigraph(case: Case) -> Outcome:
    store = ox.Store()
    for iri in case.data:
        load(store, iri, ox.DefaultGraph())
    for name, iri in case.graph_data:
        load(store, iri, ox.NamedNode(name))
    text = case.query_text
    if names_own_dataset(text):
        for iri in dataset_files(case):
            load(store, iri, ox.NamedNode(iri))
    return outcome(store.query(text, base_iri=case.query_iri))


def compare(path: str, case: Case, answer: object) -> None:
    wanted = expected(case)
    if isinstance(answer, Outcome):
        verdict(path, case, same(answer, wanted), f"got {describe(answer)}\nexpected {describe(wanted)}")
    else:
        verdict(path, case, False, f"{type(answer).__name__}: {answer}")


@pytest.mark.parametrize("case", EVALUATION, ids=lambda c: c.id)
def test_evaluation_through_the_project(suites_store: ox.Store, case: Case) -> None:
    try:
        answer: object = through_project(suites_store, case)
    except Exception as exc:  # noqa: BLE001 - a refusal or an engine error is this case's failure
        answer = exc
    compare("project-eval", case, answer)


@pytest.mark.parametrize("case", EVALUATION, ids=lambda c: c.id)
def test_evaluation_on_plain_pyoxigraph(case: Case) -> None:
    try:
        answer: object = on_pyoxigraph(case)
    except Exception as exc:  # noqa: BLE001 - an engine error is this case's failure
        answer = exc
    compare("pyoxigraph-eval", case, answer)


# --- the harness itself ------------------------------------------------------------------------------

PATHS = ("project-syntax", "endpoint-syntax", "project-eval", "pyoxigraph-eval", "endpoint-eval", "endpoint-protocol")


def test_every_expected_failure_names_a_case_of_its_path() -> None:
    """A line for a case that does not exist (renamed, or the wrong path) would excuse nothing and
    hide a mistake: each names a path and a case that path runs."""
    protocol = cases(["sparql11/protocol"])
    runs = {
        "project-syntax": SYNTAX,
        "endpoint-syntax": SYNTAX,
        "project-eval": EVALUATION,
        "pyoxigraph-eval": EVALUATION,
        "endpoint-eval": EVALUATION,
        "endpoint-protocol": protocol,
    }
    assert set(runs) == set(PATHS)
    for path, case_id in FAILURES:
        assert path in runs, f"unknown path {path!r} in expected-failures.txt"
        assert case_id in {c.id for c in runs[path]}, f"{path} {case_id}: no such case"


@pytest.mark.parametrize("line", ["project-eval bind/bind01", "project-eval bind/bind01 -- ", "project-eval -- why"])
def test_an_expected_failure_without_a_case_or_reason_is_refused(tmp_path: Path, line: str) -> None:
    listed = tmp_path / "expected-failures.txt"
    listed.write_text(f"# a comment\n\n{line}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 3"):
        expected_failures(listed)


def test_the_manifests_are_read_whole() -> None:
    """Every vendored suite has cases, and every file a case names is vendored."""
    counts = {s: len(cases([s])) for s in SUITES}
    assert all(counts.values()), counts
    assert len(SYNTAX) >= 100 and len(EVALUATION) >= 230
    for case in [*SYNTAX, *EVALUATION]:
        assert local_path(case.query_iri).is_file(), case.id
        for iri in [*case.data, *(f for _, f in case.graph_data), *([case.result] if case.result else [])]:
            assert local_path(iri).is_file(), (case.id, iri)


def _row(**terms: object) -> dict[str, object]:
    return dict(terms)


def test_the_comparison_tells_different_answers_apart() -> None:
    """Solutions compare as multisets with blank nodes matched one to one, by exact terms."""
    one, one_padded = ox.Literal("1", datatype=ox.NamedNode(XSD_INTEGER)), ox.Literal("01", datatype=ox.NamedNode(XSD_INTEGER))
    a, b, c = ox.BlankNode("a"), ox.BlankNode("b"), ox.BlankNode("c")
    rows = lambda *r: Outcome("solutions", rows=list(r))
    assert same(rows(_row(x=one)), rows(_row(x=one)))
    assert not same(rows(_row(x=one)), rows(_row(x=one_padded)))  # a lexical form is part of the term
    assert not same(rows(_row(x=one), _row(x=one)), rows(_row(x=one)))  # a multiset, not a set
    assert same(rows(_row(x=a, y=a), _row(x=b)), rows(_row(x=c, y=c), _row(x=a)))  # blank nodes relabelled
    assert not same(rows(_row(x=a, y=a)), rows(_row(x=b, y=c)))  # one blank node is not two
    assert not same(rows(_row(x=a), _row(x=a)), rows(_row(x=a), _row(x=b)))
    p = ox.NamedNode("http://example/p")
    assert same(Outcome("graph", triples=[(a, p, b)]), Outcome("graph", triples=[(c, p, a)]))
    assert not same(Outcome("graph", triples=[(a, p, a)]), Outcome("graph", triples=[(a, p, b)]))
    assert not same(Outcome("boolean", boolean=True), Outcome("boolean", boolean=False))


def test_a_function_the_engine_lacks_is_one_clear_error() -> None:
    """Valid SPARQL calling a function Oxigraph does not have is the query's to change: a
    :class:`QueryError` naming the function (one line and exit 2 from ``kzgraph query``), never a traceback."""
    with pytest.raises(QueryError, match="<http://example/function>, which this engine does not have"):
        run(ox.Store(), "PREFIX : <http://example/> SELECT (:function(1) AS ?f) {}")


def test_run_takes_the_dataset_as_the_protocol_names_it() -> None:
    """``run`` with ``default_graphs``/``named_graphs`` sees exactly those graphs, as ``/sparql``
    with ``default-graph-uri``/``named-graph-uri`` does."""
    store = ox.Store()
    g1, g2 = ox.NamedNode("http://example/g1"), ox.NamedNode("http://example/g2")
    p = ox.NamedNode("http://example/p")
    store.extend([ox.Quad(p, p, ox.Literal("one"), g1), ox.Quad(p, p, ox.Literal("two"), g2)])
    text = "SELECT ?g ?o { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    got = {(str(s["g"]), s["o"].value) for s in run(store, text, default_graphs=[g1.value], named_graphs=[g2.value])}
    assert got == {("None", "one"), (str(g2), "two")}
