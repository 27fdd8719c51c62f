"""The stored queries: every query: an expectation, a complete header, the same answer on rdflib.

Each expectation is worked out from the article; the comment above it quotes the sentence it
comes from (see expect.py and conftest.py for how a query is run and read)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kzgraph.asking.queries import run

from expect import (
    ALT_PARAMS,
    COVERED,
    STORED,
    _norm,
    _rdflib_term,
    answer,
    load_expectations,
    runs,
    text_of,
    tiered_runs,
)

# rdflib's N-Quads parser itself uses the deprecated Dataset.default_context.
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")


@pytest.fixture(scope="session")
def rdflib_dataset(dist: Path) -> rdflib.Dataset:
    """The same release in rdflib, inferences included (the default dataset), for answering every query on a second engine."""
    ds = rdflib.Dataset(default_union=True)
    ds.parse(dist / "kzgraph.nq", format="nquads")
    return ds


def test_there_are_at_least_32_stored_queries():
    assert len(STORED) >= 32


def test_every_stored_query_has_an_expectation():
    load_expectations()
    missing = sorted(q.name for q in STORED if q.name not in COVERED)
    assert not missing, f"stored queries without an expected answer in tests/queries/: {missing}"
    stale = sorted(COVERED - {q.name for q in STORED})
    assert not stale, f"expectations for queries that do not exist: {stale}"
    untried = sorted(q.name for q in STORED if q.params and not ALT_PARAMS.get(q.name))
    assert not untried, f"parameterised queries tested with their defaults only: {untried}"


@pytest.mark.parametrize("query", STORED, ids=lambda q: q.name)
def test_header(query):
    """Title, both questions, the answer's shape; every parameter bound by a VALUES clause; a lang
    parameter wherever the answer has labels."""
    assert query.title and query.answer
    assert set(query.questions) >= {"en", "bg"}
    assert any("\u0400" <= ch <= "\u04ff" for ch in query.questions["bg"]), "question-bg must be in Bulgarian"
    assert query.text.startswith("# title:")
    for param in query.params:
        assert f"VALUES ?{param.name} {{" in query.text, param.name
        assert param.doc, f"parameter {param.name} has no description"
    if re.search(r"rdfs:label \?\w+|dcterms:title \?\w+ \. FILTER\(lang", query.text):
        assert "lang" in {p.name for p in query.params}, "an answer with labels needs a lang parameter"
    form = re.search(r"^(SELECT|ASK|CONSTRUCT)\b", query.text, re.M)
    assert form, "a SELECT, ASK or CONSTRUCT query"
    if form.group(1) == "SELECT":
        assert "\nORDER BY " in query.text, "a SELECT query orders its answer"


# rdflib, the reference engine, takes 10–15 s on each run of these (its evaluation of their property
# paths and OPTIONALs is slow): their cross-engine proof runs in the full tier only; every other
# stored query keeps it in the quick check.
SLOW_IN_RDFLIB = {"person-activities"}


def _cross_engine_runs() -> list:
    """Each stored query's default run in the quick check (rdflib on every query's text); the runs with
    other parameter values, which change only the values bound into the same text, in the full tier."""
    return [
        pytest.param(name, params, marks=pytest.mark.slow) if name in SLOW_IN_RDFLIB or params else (name, params)
        for name, params in runs()
    ]


@pytest.mark.parametrize(
    "name,params",
    _cross_engine_runs(),
    ids=lambda x: x if isinstance(x, str) else ",".join(f"{k}={v}" for k, v in x.items()) or "defaults",
)
def test_same_answer_in_rdflib_and_pyoxigraph(store, rdflib_dataset, name, params):
    text = text_of(name, params)
    ox_result = run(store, text)
    rd_result = rdflib_dataset.query(text)
    if isinstance(ox_result, ox.QueryBoolean):
        assert rd_result.type == "ASK"
        assert bool(ox_result) == bool(rd_result.askAnswer)
    elif isinstance(ox_result, ox.QueryTriples):
        assert rd_result.type == "CONSTRUCT"
        g_ox = rdflib.Graph()
        for t in ox_result:
            g_ox.add((_rdflib_term(t.subject), _rdflib_term(t.predicate), _rdflib_term(t.object)))
        g_rd = rdflib.Graph()
        for t in rd_result:
            g_rd.add(t)
        assert len(g_ox) == len(g_rd) > 0
        assert isomorphic(g_ox, g_rd)
    else:
        variables = [v.value for v in ox_result.variables]
        assert [str(v) for v in rd_result.vars] == variables
        ox_rows = [tuple(_norm(sol[v]) for v in variables) for sol in ox_result]
        rd_rows = [tuple(_norm(row[v]) for v in variables) for row in rd_result]
        assert Counter(ox_rows) == Counter(rd_rows)


def _inferences(name: str) -> list[str]:
    """The inferred properties a stored query says it reads (its ``# inferences:`` header line)."""
    query = next(q for q in STORED if q.name == name)
    m = re.search(r"^# inferences: (.*?)(?: -- .*)?$", query.text, re.M)
    return m.group(1).split() if m else []


@pytest.mark.parametrize(
    "name,params",
    [run for run in tiered_runs("defaults") if not _inferences(run.values[0])],
    ids=lambda x: x if isinstance(x, str) else ",".join(f"{k}={v}" for k, v in x.items()) or "defaults",
)
def test_same_answer_with_the_owl_rl_inferences(store, asserted_store, name, params):
    """The queries pick the most specific class and property, so the inferred super-classes
    (a Meeting inferred to be a Visit, org:unitOf under kzo:sendingState ...) add no rows; only a
    query that says in its header which inferred links it reads (``# inferences:``) answers
    otherwise without them, and is left out here (the test below holds it to its declaration)."""

    def normalised(s: ox.Store) -> Any:
        result = answer(s, name, **params)
        return sorted(result) if isinstance(result, set) else result

    assert normalised(asserted_store) == normalised(store)


INFERRED_ONLY = {"kzo:involves", "kzo:involvesOfficialOf", "kzo:involvesHolder", "kzo:officialOf"}


@pytest.mark.parametrize("query", [q for q in STORED if _inferences(q.name)], ids=lambda q: q.name)
def test_a_query_that_reads_inferred_links_says_which_and_needs_them(store, asserted_store, query):
    """What the header names is a property no data states (the asserted view has none of it, the
    default dataset has some), and the declaration is not stale: for some parameter values the tests
    use, the answer without the inferences is another."""
    for term in _inferences(query.name):
        assert term in INFERRED_ONLY, term
        ask = f"ASK {{ ?s {term} ?o }}"
        assert not bool(run(asserted_store, ask)) and bool(run(store, ask)), term
    variants = [params for name, params in runs() if name == query.name]
    assert any(answer(asserted_store, query.name, **p) != answer(store, query.name, **p) for p in variants)
