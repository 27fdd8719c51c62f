"""Running a stored query in a test and reading its answer as plain Python values, and the
registry of what the tests cover (every stored query must have its answer stated somewhere)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib

from kzgraph.asking.params import Lookup
from kzgraph.asking.queries import bind, find_query, load_queries, run

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "queries"
KZ = "https://w3id.org/kzgraph/id/"
KZO = "https://w3id.org/kzgraph/ontology#"
WD = "http://www.wikidata.org/entity/"
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {
    XSD + t
    for t in (
        "integer",
        "decimal",
        "double",
        "float",
        "int",
        "long",
        "short",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
    )
}


def simple(term: Any) -> Any:
    """A term as a test reads it: data IRIs as ``kind/id``, kzo: and wd: terms prefixed, numbers
    as int (or Decimal), booleans as bool, other literals as their text, unbound as None."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        for ns, prefix in ((KZ, ""), (KZO, "kzo:"), (WD, "wd:")):
            if term.value.startswith(ns):
                return prefix + term.value[len(ns) :]
        return term.value
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt in NUMERIC:
            d = Decimal(term.value)
            return int(d) if d == d.to_integral_value() else d
        if dt == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    return str(term)


_LOOKUP: list[Lookup] = []  # where parameter values are looked up: the session's release


def text_of(name: str, params: dict[str, Any] | None = None) -> str:
    query = find_query(name, QUERIES)
    values = {k: [str(x) for x in v] if isinstance(v, list) else str(v) for k, v in (params or {}).items()}
    return bind(query, values, _LOOKUP[0] if _LOOKUP else None)


def answer(store: ox.Store, name: str, **params: Any) -> Any:
    """Rows as a list of tuples (SELECT), a bool (ASK) or a set of triples (CONSTRUCT)."""
    result = run(store, text_of(name, params))
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QueryTriples):
        return {(simple(t.subject), simple(t.predicate), simple(t.object)) for t in result}
    variables = [v.value for v in result.variables]
    return [tuple(simple(sol[v]) for v in variables) for sol in result]


def check(got: list[tuple], expected: list[tuple]) -> None:
    """The same rows in the same order, the row count first (for a readable failure)."""
    assert len(got) == len(expected), f"{len(got)} rows, expected {len(expected)}:\n" + "\n".join(map(repr, got))
    for i, (g, e) in enumerate(zip(got, expected, strict=False)):
        assert g == e, f"row {i}: {g!r} != {e!r}"


def holds(got: list[tuple], expected: list[tuple]) -> None:
    """The rows the article gives stand in the answer, in this order; other rows may stand between
    them. For a query's default answer: the whole answer, exactly, is its data file
    (queries/NAME.expected.csv, tests/queries/test_expectations.py), so a fact added to the data
    changes that file, not this test, while a row the article gives can never go missing."""
    at = 0
    for e in expected:
        for i in range(at, len(got)):
            if got[i] == e:
                at = i + 1
                break
        else:
            where = f"after row {at - 1} ({got[at - 1]!r})" if at else "anywhere"
            raise AssertionError(f"row {e!r} is not in the answer {where}:\n" + "\n".join(map(repr, got)))


def counts_at_least(got: list[tuple], expected: list[tuple], counts: tuple[int, ...]) -> None:
    """Rows of counts the article does not state (it lists the things, it does not number them): each
    expected row stands in the answer, in this order, equal but for the columns ``counts``, which hold
    at least the expected numbers; so an added fact raises a count without failing here. The exact
    numbers are in the query's data file (queries/NAME.expected.csv); a number the article states is
    checked exactly, not here."""

    def covers(g: tuple, e: tuple) -> bool:
        return len(g) == len(e) and all(
            (isinstance(gv, int) and gv >= ev) if i in counts else gv == ev for i, (gv, ev) in enumerate(zip(g, e, strict=True))
        )

    at = 0
    for e in expected:
        match = next((i for i in range(at, len(got)) if covers(got[i], e)), None)
        if match is None:
            shown = "\n".join(map(repr, got))
            raise AssertionError(f"no row like {e!r} (columns {counts} at least) in the answer:\n{shown}")
        at = match + 1


def same_rows(got: list[tuple], english: list[tuple]) -> None:
    """Another language's answer has a row for each row of the English one (its labels aside)."""
    assert len(got) == len(english) > 0, f"{len(got)} rows, the English answer has {len(english)}"


def pick(rows: list[tuple], *indexes: int) -> list[tuple]:
    return [tuple(r[i] for i in indexes) for r in rows]


# Every test that states a query's answer registers the query here; a stored query without one
# fails test_every_stored_query_has_an_expectation.
COVERED: set[str] = set()

# Parameter values the tests use besides the defaults; the cross-engine test runs them all.
ALT_PARAMS: dict[str, list[dict[str, Any]]] = {}


def covers(name: str, *alternatives: dict[str, Any]) -> Callable:
    COVERED.add(name)
    ALT_PARAMS.setdefault(name, []).extend(alternatives)
    return lambda f: f


STORED = load_queries(QUERIES)


def load_expectations() -> None:
    """Import every test module of this folder, so that COVERED and ALT_PARAMS hold what all of them
    register, whichever module pytest happens to collect first (or alone, with a path or -k)."""
    import importlib

    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        importlib.import_module(path.stem)


def runs() -> list[tuple[str, dict[str, Any]]]:
    """Every stored query with every set of parameter values some test uses (and Bulgarian)."""
    load_expectations()
    out = []
    for q in STORED:
        variants = [{}] + ALT_PARAMS.get(q.name, [])
        if any(p.name == "lang" for p in q.params) and {"lang": "bg"} not in variants:
            variants.append({"lang": "bg"})
        out += [(q.name, v) for v in variants]
    return out


def tiered_runs(keep: str = "defaults") -> list:
    """:func:`runs` as test parameters, one run of each stored query in the quick check and the others
    ``slow`` (the full tier): ``keep="defaults"`` keeps its run with the default values, ``"first"``
    its first run that gives values (the defaults when no test gives any). The other runs change only
    the values bound into the same text."""
    out, kept = [], set()
    all_runs = runs()
    with_values = {name for name, params in all_runs if params}
    for name, params in all_runs:
        quick = name not in kept and (bool(params) or keep == "defaults" or name not in with_values)
        kept |= {name} if quick else set()
        out.append(pytest.param(name, params, marks=() if quick else (pytest.mark.slow,)))
    return out


def _rdflib_term(term: Any) -> Any:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=term.datatype.value)


def _norm(term: Any) -> Any:
    """A term of either engine as a comparable value: numbers by value (the engines write decimals
    differently), literals by text, datatype and language."""
    if term is None:
        return None
    if isinstance(term, (ox.Literal, ox.NamedNode, ox.BlankNode)):
        term = _rdflib_term(term)
    if isinstance(term, rdflib.URIRef):
        return ("iri", str(term))
    if isinstance(term, rdflib.BNode):
        return ("bnode",)
    if term.language:
        return ("literal", str(term), None, term.language)
    dt = str(term.datatype) if term.datatype else XSD + "string"  # a simple literal is an xsd:string
    if dt in NUMERIC:
        return ("number", Decimal(str(term)))
    return ("literal", str(term), dt, None)
