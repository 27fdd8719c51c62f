"""Errors that name their real cause: a grammatical query that breaks a rule of SPARQL is told in
plain words with the variable or clause concerned (never as a grammar dump or a syntax error), and
a function the engine lacks or a SERVICE that fails is one line, exit 2, in the CLI."""

from __future__ import annotations

import http.client
import io
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest

from kzgraph.cli import main
from kzgraph.curated.namespaces import PREFIX_TABLE
from kzgraph.sparql.errors import explain, explain_evaluation
from kzgraph.sparql.scope import ENGINE_FORMS, KIND_TEXT, engine_kind
from kzgraph.web.app import App, Limits

from common import ROOT
from inprocess import serving

UNGROUPED = "SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"


def _engine_message(text: str) -> str:
    try:
        ox.Store().query(text, prefixes=PREFIX_TABLE)
    except SyntaxError as exc:
        return str(exc)
    raise AssertionError(f"the engine read {text!r}")


# --- the engine's own words: each form it uses, so that an upgrade that rewords one fails here -------

# Queries for which the engine's message states the form today.
STATED = {
    "ungrouped": UNGROUPED,
    "ungrouped-expression": "SELECT (?s AS ?x) (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p",
    "rebound-by-select": "SELECT ?s (1 AS ?s) WHERE { ?s ?p ?o }",
    "projected-twice": "SELECT ?s ?s WHERE { ?s ?p ?o }",
    "star-with-group": "SELECT * WHERE { ?s ?p ?o } GROUP BY ?s",
    "values-repeats": "SELECT * WHERE { ?s ?p ?o } VALUES (?x ?x) { (1 2) }",
}
# Queries the engine refuses for a form it does not state (its grammar's error position wins).
UNSTATED = {
    "rebound-by-bind": "SELECT * WHERE { ?s ?p ?o BIND(1 AS ?o) }",
    "values-row-length": "SELECT * WHERE { VALUES (?x ?y) { (1) } }",
    "shared-blank-node": "SELECT * WHERE { _:a ?p ?o . OPTIONAL { _:a ?q ?o } }",
}
# What breaks a rule the engine has no form for that it states (only with custom functions registered).
UNNAMED = {"distinct-in-call"}


@pytest.mark.parametrize("kind", sorted(STATED))
def test_the_engine_states_each_form_as_written(kind: str) -> None:
    message = _engine_message(STATED[kind])
    form = next(f for f, k in ENGINE_FORMS.items() if k == kind)
    assert form in message, message
    assert engine_kind(message) == kind


@pytest.mark.parametrize("kind", sorted(UNSTATED))
def test_the_engine_refuses_what_it_does_not_name_and_the_tree_names_it(kind: str) -> None:
    message = _engine_message(UNSTATED[kind])
    assert engine_kind(message) in (None, kind)
    assert explain(UNSTATED[kind], message).render().startswith("SPARQL error at line 1")


def test_every_form_is_covered_by_a_case() -> None:
    assert set(ENGINE_FORMS.values()) == set(STATED) | set(UNSTATED)
    assert set(KIND_TEXT) == set(STATED) | set(UNSTATED) | UNNAMED


def test_a_form_inside_other_text_is_not_taken_for_the_engines() -> None:
    """Only a whole item of the engine's "expected" list counts, not a form inside another item."""
    assert engine_kind('error at 1:5: expected one of "The SELECT contains a variable that is unbound, really"') is None
    assert engine_kind("The SELECT contains a variable that is unbound") is None


# --- plain words, with the variable and the place ------------------------------------------------------


@pytest.mark.parametrize(
    "text,where,words",
    [
        (UNGROUPED, (1, 8), ["?s is in the SELECT, but GROUP BY ?p does not group it", "SAMPLE(?s)"]),
        ("SELECT ?x (COUNT(?y) AS ?n) WHERE { ?x ?p ?y }", (1, 8), ["?x is in the SELECT", "without GROUP BY"]),
        (STATED["ungrouped-expression"], (1, 9), ["the expression for ?x uses ?s", "GROUP BY ?p"]),
        ("SELECT (COUNT(?s) AS ?n) (?n + 1 AS ?m) WHERE { ?s ?p ?o }", None, ["?m uses ?n, which this same SELECT computes"]),
        (STATED["rebound-by-select"], (1, 17), ["(… AS ?s) gives ?s a value", "from the WHERE clause"]),
        ("SELECT (1 AS ?x) WHERE { } VALUES ?x { 1 }", (1, 14), ["?x already has one from the VALUES clause"]),
        (STATED["projected-twice"], (1, 11), ["?s is named twice in the SELECT"]),
        (STATED["star-with-group"], (1, 8), ["SELECT * cannot be used with GROUP BY ?s", "SELECT ?s (COUNT(*) AS ?n)"]),
        ("SELECT * WHERE {\n  ?s ?p ?o .\n  BIND(1 AS ?o)\n}", (3, 13), ["BIND(… AS ?o) gives ?o a value", "already bound"]),
        ("SELECT * WHERE { VALUES ?x { 1 } BIND(2 AS ?x) }", (1, 44), ["BIND(… AS ?x)"]),
        ("SELECT * WHERE { VALUES (?x ?x) { (1 2) } }", (1, 29), ["?x is named twice in this VALUES clause"]),
        (STATED["values-repeats"], (1, 40), ["?x is named twice in this VALUES clause"]),
        (UNSTATED["values-row-length"], (1, 18), ["1 value for its 2 variables (?x ?y)"]),
        (UNSTATED["shared-blank-node"], (1, 41), ["_:a is used in two groups", "use a variable (?a)"]),
        (
            "SELECT (<http://example.org/agg>(DISTINCT ?x) AS ?y) WHERE { ?x ?p ?o }",
            (1, 9),
            ["<http://example.org/agg>(DISTINCT …): DISTINCT goes only in an aggregate"],
        ),
        (
            "SELECT ?x WHERE { { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p } }",
            (1, 28),
            ["?s is in the SELECT, but GROUP BY ?p"],
        ),
        (
            "SELECT ?s (COUNT(*) AS ?n) WHERE { { SELECT ?s ?p WHERE { ?s ?p ?o } } } GROUP BY ?p",
            (1, 8),
            ["?s is in the SELECT, but GROUP BY ?p"],
        ),
    ],
)
def test_a_semantic_error_names_its_variable_at_its_place(text: str, where: tuple[int, int] | None, words: list[str]) -> None:
    message = explain(text, _engine_message(text)).render()
    first, shown, caret = message.split("\n")
    assert first.startswith("SPARQL error at line "), first
    if where is not None:
        assert first.startswith(f"SPARQL error at line {where[0]}, column {where[1]}: "), first
        assert caret.index("^") - 2 == where[1] - 1
    for w in words:
        assert w in first, (w, first)
    assert "FDCF" not in message and "expected" not in message and "syntax" not in first


def test_a_syntax_error_is_still_a_syntax_error() -> None:
    text = "SELECT ?m WHER { ?m ?p ?o }"
    assert explain(text, _engine_message(text)).render().startswith("SPARQL syntax error at line 1, column 11: WHER")


# --- errors while the query runs ----------------------------------------------------------------------


def test_the_engines_evaluation_forms_are_read() -> None:
    store = ox.Store()
    function = "SELECT (<http://example.org/f>(1) AS ?x) WHERE {}"
    with pytest.raises(RuntimeError) as raised:
        list(store.query(function))
    assert str(raised.value) == "The custom function <http://example.org/f> is not supported"
    assert "the function <http://example.org/f>, which this engine does not have" in (
        explain_evaluation(function, raised.value) or ""
    )
    unbound = "SELECT * WHERE { SERVICE ?where { ?s ?p ?o } }"
    with pytest.raises(RuntimeError) as raised:
        list(store.query(unbound))
    assert str(raised.value) == "The variable encoding the service name is unbound"
    assert (explain_evaluation(unbound, raised.value) or "").startswith("SERVICE ?where: the variable has no value")
    assert explain_evaluation("SELECT * WHERE {}", RuntimeError("something else")) is None


@pytest.fixture(scope="module")
def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on (bound, then let go)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, dist: Path, text: str, *extra: str
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    code = main(["--root", str(ROOT), "query", "-", "--dist", str(dist), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_semantic_error_names_the_variable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, built: Path
) -> None:
    code, out, err = _cli(capsys, monkeypatch, built, UNGROUPED)
    assert code == 2 and out == ""
    assert err.startswith("error: SPARQL error at line 1, column 8: ?s is in the SELECT, but GROUP BY ?p does not group it"), err
    assert "FDCF" not in err and "Traceback" not in err


def test_cli_unsupported_function_is_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, built: Path
) -> None:
    code, out, err = _cli(capsys, monkeypatch, built, "SELECT (<http://example.org/f>(1) AS ?x) WHERE {}")
    assert code == 2 and out == "" and err.count("\n") == 1, err
    assert err.startswith("error: the query calls the function <http://example.org/f>, which this engine does not have")


def test_cli_failing_service_is_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, built: Path, closed_port: int
) -> None:
    target = f"<http://127.0.0.1:{closed_port}/sparql>"
    code, out, err = _cli(capsys, monkeypatch, built, f"SELECT * WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }}", "--allow-service")
    assert code == 2 and out == "" and err.count("\n") == 1, err
    assert err.startswith(f"error: SERVICE {target} failed: "), err
    assert "SILENT" in err


# --- the same on /sparql --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def endpoint(built: Path) -> Iterator[int]:
    app = App(built, queries_dir=ROOT / "queries", limits=Limits(timeout=10, workers=1), walls=("parse",))
    with serving(app) as port:
        yield port


def _sparql(port: int, text: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/sparql?" + urlencode({"query": text}), headers={"Accept": "application/sparql-results+json"})
    resp = conn.getresponse()
    body = resp.read().decode()
    conn.close()
    return resp.status, body


@pytest.mark.parametrize(
    "text,start",
    [
        (UNGROUPED, "SPARQL error at line 1, column 8: ?s is in the SELECT, but GROUP BY ?p does not group it"),
        (UNSTATED["rebound-by-bind"], "SPARQL error at line 1, column 37: BIND(… AS ?o) gives ?o a value"),
        ("SELECT (<http://example.org/f>(1) AS ?x) WHERE {}", "the query calls the function <http://example.org/f>"),
    ],
)
def test_the_endpoint_answers_400_in_the_same_words(endpoint: int, text: str, start: str) -> None:
    status, body = _sparql(endpoint, text)
    assert status == 400 and body.startswith(start), (status, body)


def test_a_deeply_nested_semantic_error_is_named_without_a_recursion_error() -> None:
    """The CLI reads queries nested 200 levels deep: the tree's checks then run on a deep stack."""
    depth = 250  # deeper than the checks can recurse on the main thread
    text = "SELECT * WHERE " + "{ " * depth + "?s ?p ?o BIND(1 AS ?o)" + " }" * depth
    assert "BIND(… AS ?o) gives ?o a value" in explain(text, _engine_message(text)).render()
