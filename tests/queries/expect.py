"""Running a stored query in a test and reading its answer as plain Python values, and the
registry of what the tests cover (every stored query must have its answer stated somewhere)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib

from kzgraph.params import Lookup
from kzgraph.queries import (
    bind,
    find_query,
    load_queries,
    run,
)

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
