"""The stored queries (queries/*.rq): every answer checked against the article, on both engines.

Each expectation in these modules is worked out from the article (shared seed, "Външна политика на
Казахстан"), and the comment above it quotes the sentence it comes from. Values the graph
*generates* rather than takes from the article (English glosses, the build's labels of facts) are
checked only where they carry an article value (a date, a name); every IRI, date, number and name
is asserted exactly. Each query's whole default answer, exactly and in its order, is data:
queries/NAME.expected.csv, written by ``kzgraph expectations --write`` and compared by
test_expectations.py. So the modules here state the rows the article gives (``holds``: in this
order, other rows may stand between), counts the article does not state as lower bounds
(``counts_at_least``), and a number the article states (the 130 states) exactly; an answer for a
parameter value other than the default is still checked whole (``check``). An added fact changes
expectation files, not these tests.

Where the data disagrees with the article, the expectation keeps the article's value and the
test is marked ``xfail(strict=True)`` with the reason: it turns into a failure the day the data
is corrected, so the mark is removed then.

The release is the session's (built once into a temporary folder, see tests/conftest.py), loaded
into pyoxigraph (the data, ontology, metadata and inferred graphs, as ``kzgraph query`` does). The same
queries also run on rdflib over the same N-Quads (``Dataset(default_union=True)``), and the answers
of the two engines are compared as multisets of normalised terms (test_every_query.py).

Modules by subject: memberships, missions, relations, agreements/visits/borders, figures,
no-relations, sections/notes/provenance, people, wikidata, catalogue, tables and qualifiers; then
every query as a whole (test_every_query.py), parameter binding (test_binding.py) and the command
line (test_cli.py). Helpers to run a query and read its answer are in expect.py.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kzgraph.asking.params import store_lookup
from kzgraph.pipeline.embedded_store import load_release

import expect


@pytest.fixture(scope="session")
def dist(built: Path) -> Path:
    return built


@pytest.fixture(scope="session")
def store(dist: Path) -> ox.Store:
    """What `kzgraph query` queries: the default dataset, the data, ontology and metadata graphs with
    their OWL RL inferences (which carry the links through persons and offices, kzo:involvesOfficialOf)."""
    s = ox.Store()
    load_release(s, dist / "kzgraph.nq", with_inferred=True)
    return s


@pytest.fixture(scope="session")
def asserted_store(dist: Path) -> ox.Store:
    """What `kzgraph query --asserted` queries: the same without the inferences."""
    s = ox.Store()
    load_release(s, dist / "kzgraph.nq", with_inferred=False)
    return s


@pytest.fixture(scope="session", autouse=True)
def _lookup(store: ox.Store) -> None:
    """Parameter values are looked up in the session's release."""
    expect._LOOKUP[:] = [store_lookup(store)]
