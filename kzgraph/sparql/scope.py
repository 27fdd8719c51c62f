"""Semantic errors of SPARQL queries, named with the variable or clause they concern.

A query can be grammatical and still not SPARQL: a grouped SELECT that projects a variable it does
not group, a BIND that gives a variable a second value, a variable named twice in a SELECT or a
VALUES clause, a blank node label shared by two groups. Oxigraph refuses these while it parses, but
tells them through its grammar's "expected one of …" list (``The SELECT contains a variable that is
unbound``), without saying which variable, and for several it says nothing at all (a repeated BIND
target ends as ``expected [_]``). So the kind of error is taken from the engine's own message where it
holds one of the engine's exact forms (:data:`ENGINE_FORMS`; a test holds each, so an engine upgrade
that rewords one fails), and the variable is found on the query's syntax tree (rdflib's parser) by the
same scoping rules the engine applies (SPARQL 1.1 §18.2.1 and §18.2.4.1). Where the engine's message
names nothing, the same rules run on the tree and name what they find.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# Oxigraph's messages for semantic errors, exactly as it writes them (spargebra's parser), and the
# kind each stands for. They reach Python inside a SyntaxError's "expected one of A, B, …" list.
ENGINE_FORMS: dict[str, str] = {
    "The SELECT contains a variable that is unbound": "ungrouped",
    "The SELECT contains an expression with a variable that is unbound": "ungrouped-expression",
    "The SELECT overrides an existing variable using an expression": "rebound-by-select",
    "Duplicated variable name in SELECT": "projected-twice",
    "SELECT * is not authorized with GROUP BY": "star-with-group",
    "BIND is overriding an existing variable": "rebound-by-bind",
    "Repeated variables are not allowed in VALUES clauses.": "values-repeats",
    "The VALUES clause rows should have exactly the same number of values as there are variables. "
    "To set a value to undefined use UNDEF.": "values-row-length",
    "Already used blank node id": "shared-blank-node",
}


# What each kind means, for when the syntax tree cannot say which variable it concerns.
KIND_TEXT: dict[str, str] = {
    "ungrouped": "the SELECT names a variable that GROUP BY does not group and no aggregate computes",
    "ungrouped-expression": "an expression in the SELECT uses a variable that GROUP BY does not group, outside any aggregate",
    "rebound-by-select": "(… AS ?x) in the SELECT gives a value to a variable that already has one: give the result another name",
    "projected-twice": "the SELECT names the same variable twice",
    "star-with-group": "SELECT * cannot be used with GROUP BY or aggregates: name the grouped variables and aggregates to return",
    "rebound-by-bind": "a BIND gives a value to a variable already bound before it in the same { } group",
    "values-repeats": "a VALUES clause names the same variable twice",
    "values-row-length": "a row of a VALUES clause has not one value per variable (UNDEF for none)",
    "shared-blank-node": "a blank node label is used in two groups of triple patterns: use a variable to join them",
    "distinct-in-call": "DISTINCT stands in a call of a function that is not an aggregate",
}


@dataclass(frozen=True)
class ScopeProblem:
    """A semantic error: its kind (a value of :data:`ENGINE_FORMS`), a plain sentence naming the
    variable or clause, and where to point in the text: the ``n``-th (0-based) ``keyword`` of the
    query and, after it, the ``nth_token``-th occurrence of ``token`` (a variable, a blank node label,
    an IRI as written)."""

    kind: str
    message: str
    keyword: str = ""
    n: int = 0
    token: str = ""
    nth_token: int = 0


def engine_kind(message: str | None) -> str | None:
    """The kind of semantic error the engine's message states, or None: one of the engine's exact
    forms must stand as a whole item of its ``expected`` list."""
    if not message:
        return None
    _, sep, expected = message.partition(": expected ")
    if not sep:
        return None
    expected = expected.removeprefix("one of ")
    items = f", {expected.strip()},"
    for form, kind in ENGINE_FORMS.items():
        if f", {form}," in items:
            return kind
    return None


def find(tree: Any, kind: str | None = None) -> ScopeProblem | None:
    """The first semantic error in a parsed query (rdflib's ``parseQuery`` result), of ``kind`` when given."""
    checks = [_selects, _binds, _values, _blank_nodes, _distinct_calls]
    _memo.scopes = {}
    try:
        for check in checks:
            for problem in check(tree):
                if kind is None or problem.kind == kind:
                    return problem
        return None
    finally:
        _memo.scopes = {}


_memo = threading.local()  # .scopes: the in-scope variables of each group of the tree being checked, by id


# --- walking rdflib's syntax tree ------------------------------------------------------------------


def _get(node: Any, key: str) -> Any:
    """A child of a syntax-tree node, or None (rdflib's ``CompValue.get`` returns the key itself when absent)."""
    return node[key] if _comp(node) and key in node else None


def _comp(value: Any, *names: str) -> bool:
    from rdflib.plugins.sparql.parserutils import CompValue

    return isinstance(value, CompValue) and (not names or value.name in names)


def _children(value: Any) -> list[Any]:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(value, CompValue):
        return [v for k, v in value.items() if not k.startswith("_")]
    if isinstance(value, (list, tuple, ParseResults)):
        return list(value)
    return []


def _preorder(value: Any, skip_selects: bool = False) -> Iterator[Any]:
    """Every node in text order; with ``skip_selects``, not into a nested sub-query."""
    stack: list[tuple[Any, bool]] = [(value, True)]
    while stack:
        node, top = stack.pop()
        if not top and skip_selects and _comp(node, "SubSelect"):
            continue
        yield node
        stack.extend((child, False) for child in reversed(_children(node)))


def _free_variables(value: Any) -> list[str]:
    """The variables an expression of a grouped SELECT reads outside aggregates, in text order
    (the engine, like SPARQL, accepts any variable inside BOUND, COALESCE and EXISTS)."""
    from rdflib import Variable

    if _comp(value, *_AGGREGATES, "SubSelect", "Builtin_BOUND", "Builtin_COALESCE", "Builtin_EXISTS", "Builtin_NOTEXISTS"):
        return []
    if isinstance(value, Variable):
        return [str(value)]
    return [v for child in _children(value) for v in _free_variables(child)]


_AGGREGATES = tuple(f"Aggregate_{n}" for n in ("Count", "Sum", "Min", "Max", "Avg", "Sample", "GroupConcat"))


def _aggregates(value: Any) -> list[Any]:
    return [n for n in _preorder(value, skip_selects=True) if _comp(n, *_AGGREGATES)]


def _in_scope(group: Any) -> set[str]:
    """The variables a group graph pattern binds (SPARQL 1.1 §18.2.1): of its triple patterns,
    BINDs, VALUES, sub-queries' projections, OPTIONAL, UNION, GRAPH and SERVICE parts; not of
    FILTER or MINUS."""
    scopes: dict[int, set[str]] = getattr(_memo, "scopes", {})
    if id(group) in scopes:
        return scopes[id(group)]
    out: set[str] = set()
    for part in _parts(group):
        out |= _binds_of(part)
    scopes[id(group)] = out
    return out


def _parts(group: Any) -> list[Any]:
    if _comp(group, "GroupGraphPatternSub"):
        return list(_get(group, "part") or [])
    return [group] if group is not None else []


def _binds_of(part: Any) -> set[str]:
    from rdflib import Variable

    if _comp(part, "TriplesBlock"):
        return {str(t) for triple in _get(part, "triples") or [] for t in triple if isinstance(t, Variable)}
    if _comp(part, "Bind"):
        return {str(part["var"])}
    if _comp(part, "InlineData", "ValuesClause"):
        return {str(v) for v in _get(part, "var") or []}
    if _comp(part, "SubSelect"):
        return set(_projected(part)) if _get(part, "projection") else _in_scope(_get(part, "where"))
    if _comp(part, "OptionalGraphPattern", "ServiceGraphPattern"):
        return _in_scope(_get(part, "graph"))
    if _comp(part, "GraphGraphPattern"):
        term = _get(part, "term")
        return _in_scope(_get(part, "graph")) | ({str(term)} if isinstance(term, Variable) else set())
    if _comp(part, "GroupOrUnionGraphPattern"):
        return set().union(*(_binds_of(g) if _comp(g, "SubSelect") else _in_scope(g) for g in _get(part, "graph") or []))
    if _comp(part, "GroupGraphPatternSub"):
        return _in_scope(part)
    return set()


def _projected(select: Any) -> list[str]:
    return [str(_get(item, "var") or _get(item, "evar")) for item in _get(select, "projection") or []]


# --- SELECT: grouping, names given twice ------------------------------------------------------------


def _selects(tree: Any) -> Iterator[ScopeProblem]:
    """Problems of each SELECT, a sub-query before the query around it (the order the engine meets them in)."""
    selects = [n for n in _preorder(tree) if _comp(n, "SelectQuery", "SubSelect")]
    order = {id(s): i for i, s in enumerate(selects)}  # the n-th SELECT keyword of the text
    for select in _postorder_selects(tree):
        yield from _select_problems(select, order[id(select)])


def _postorder_selects(value: Any) -> Iterator[Any]:
    for child in _children(value):
        yield from _postorder_selects(child)
    if _comp(value, "SelectQuery", "SubSelect"):
        yield value


def _select_problems(select: Any, n: int) -> Iterator[ScopeProblem]:
    items = list(_get(select, "projection") or [])
    group = _get(select, "groupby")
    conditions = list(_get(group, "condition") or []) if group is not None else []
    aggregated = group is not None or any(_aggregates(part) for part in (items, _get(select, "having"), _get(select, "orderby")))
    where_vars = _in_scope(_get(select, "where"))
    values = _get(select, "valuesClause")
    values_vars = {str(v) for v in _get(values, "var") or []} if values is not None else set()
    if aggregated:
        grouped = {str(c) for c in conditions if not _comp(c)} | {
            str(c["var"]) for c in conditions if _comp(c, "GroupAs") and _get(c, "var")
        }
        visible = grouped | values_vars
    else:
        visible = where_vars | values_vars
    by = _group_by_text(conditions)
    if not items:
        if aggregated:
            why = f"GROUP BY {by}" if by else "an aggregate"
            first = by.split()[0] + " " if by and not by.startswith("(") else ""
            yield ScopeProblem(
                "star-with-group",
                f"SELECT * cannot be used with {why}: name what to return, the grouped variables and "
                f"aggregates (for example SELECT {first}(COUNT(*) AS ?n))",
                "SELECT",
                n,
                "*",
            )
        return
    seen: list[str] = []
    for item in items:
        var = _get(item, "var")
        name = str(var or _get(item, "evar"))
        if var is not None and aggregated and name not in visible:
            yield ScopeProblem("ungrouped", _ungrouped(name, by), "SELECT", n, "?" + name)
        if var is None:
            if name in visible:
                yield ScopeProblem(
                    "rebound-by-select",
                    _rebound_by_select(name, aggregated, values_vars),
                    "SELECT",
                    n,
                    "?" + name,
                    seen.count(name),
                )
            if aggregated:
                unbound = [v for v in _free_variables(item["expr"]) if v not in visible]
                if unbound:
                    yield ScopeProblem(
                        "ungrouped-expression", _ungrouped_expression(name, unbound[0], by, seen), "SELECT", n, "?" + unbound[0]
                    )
        if name in seen:
            yield ScopeProblem(
                "projected-twice", f"?{name} is named twice in the SELECT: name each result once", "SELECT", n, "?" + name, 1
            )
        seen.append(name)


def _group_by_text(conditions: list[Any]) -> str:
    names = [f"?{c}" if not _comp(c) else f"?{c['var']}" if _comp(c, "GroupAs") and _get(c, "var") else "(…)" for c in conditions]
    return " ".join(names)


def _ungrouped(name: str, by: str) -> str:
    if by:
        return (
            f"?{name} is in the SELECT, but GROUP BY {by} does not group it and no aggregate computes it: "
            f"add ?{name} to GROUP BY, or select an aggregate of it, such as (SAMPLE(?{name}) AS ?any_{name})"
        )
    return (
        f"?{name} is in the SELECT of a query that aggregates without GROUP BY (all solutions make one group): "
        f"add GROUP BY ?{name}, or select an aggregate of it, such as (SAMPLE(?{name}) AS ?any_{name})"
    )


def _ungrouped_expression(name: str, var: str, by: str, seen: list[str]) -> str:
    if var in seen:
        return (
            f"the expression for ?{name} uses ?{var}, which this same SELECT computes; a SELECT expression "
            f"cannot read another one's result: repeat ?{var}'s expression in it instead"
        )
    group = f"GROUP BY {by} does not group it" if by else "the query aggregates without GROUP BY"
    return (
        f"the expression for ?{name} uses ?{var}, but {group} and it is not inside an aggregate: group by ?{var}, or aggregate it"
    )


def _rebound_by_select(name: str, aggregated: bool, values_vars: set[str]) -> str:
    where = "the VALUES clause" if name in values_vars else "GROUP BY" if aggregated else "the WHERE clause"
    return f"(… AS ?{name}) gives ?{name} a value, but ?{name} already has one from {where}: give the result another name"


# --- BIND: a variable already bound in its group ---------------------------------------------------


def _binds(tree: Any) -> Iterator[ScopeProblem]:
    binds = [n for n in _preorder(tree) if _comp(n, "Bind")]
    for group in (n for n in _preorder(tree) if _comp(n, "GroupGraphPatternSub")):
        before: set[str] = set()
        for part in _parts(group):
            if _comp(part, "Bind"):
                name = str(part["var"])
                if name in before:
                    index = next(i for i, b in enumerate(binds) if b is part)
                    yield ScopeProblem(
                        "rebound-by-bind",
                        f"BIND(… AS ?{name}) gives ?{name} a value, but ?{name} is already bound before it in the same "
                        f"{{ }} group (SPARQL allows BIND only to a new variable): give it another name",
                        "BIND",
                        index,
                        "?" + name,
                    )
            if not _comp(part, "Filter"):
                before |= _binds_of(part)


# --- VALUES: a variable twice, a row of the wrong length -------------------------------------------


def _values(tree: Any) -> Iterator[ScopeProblem]:
    clauses = [n for n in _preorder(tree) if _comp(n, "InlineData", "ValuesClause")]
    for index, clause in enumerate(clauses):
        names = [str(v) for v in _get(clause, "var") or []]
        twice = next((v for i, v in enumerate(names) if v in names[:i]), None)
        if twice is not None:
            yield ScopeProblem(
                "values-repeats",
                f"?{twice} is named twice in this VALUES clause: name each variable once",
                "VALUES",
                index,
                "?" + twice,
                1,
            )
        if len(names) > 1:
            for row in _get(clause, "value") or []:
                size = len(row) if not isinstance(row, str) and hasattr(row, "__len__") else 1
                if size != len(names):
                    yield ScopeProblem(
                        "values-row-length",
                        f"a row of this VALUES clause has {size} value{'s' if size != 1 else ''} for its {len(names)} "
                        f"variables ({' '.join('?' + v for v in names)}): give each row one value per variable (UNDEF for none)",
                        "VALUES",
                        index,
                    )
                    break


# --- blank node labels shared by groups ---------------------------------------------------------------


def _blank_nodes(tree: Any) -> Iterator[ScopeProblem]:
    """A blank node label used in a group's triple patterns and again after a ``{`` or ``}`` (Oxigraph's
    reading of SPARQL 1.1 §4.1.4: a label belongs to one basic graph pattern)."""
    from rdflib import BNode

    used: set[str] = set()
    current: set[str] = set()
    seen: dict[str, int] = {}

    def walk(value: Any) -> Iterator[ScopeProblem]:
        nonlocal current
        boundary = _comp(value, "GroupGraphPatternSub", "SubSelect")
        if boundary:
            used.update(current)
            current = set()
        if _comp(value, "TriplesBlock"):
            for triple in _get(value, "triples") or []:
                for term in triple:
                    if isinstance(term, BNode) and not _anonymous(term):
                        label = str(term)
                        seen[label] = seen.get(label, 0) + 1
                        if label in used:
                            yield ScopeProblem(
                                "shared-blank-node",
                                f"the blank node _:{label} is used in two groups of triple patterns; a blank node label "
                                f"stands in one group only: use a variable (?{label}) to join them",
                                "",
                                0,
                                "_:" + label,
                                seen[label] - 1,
                            )
                        current.add(label)
        else:
            for child in _children(value):
                yield from walk(child)
        if boundary:
            used.update(current)
            current = set()

    for part in _children(tree):
        if _comp(part, "SelectQuery", "AskQuery", "DescribeQuery", "ConstructQuery"):
            yield from walk(_get(part, "where"))


def _anonymous(term: Any) -> bool:
    """rdflib names a ``[ ]`` node itself: ``N`` and 32 hex digits."""
    text = str(term)
    return len(text) == 33 and text[0] == "N" and all(c in "0123456789abcdef" for c in text[1:])


# --- DISTINCT in a call of a function the engine does not have as an aggregate ------------------------


def _distinct_calls(tree: Any) -> Iterator[ScopeProblem]:
    """``<f>(DISTINCT …)``: SPARQL reads it as a custom aggregate, which this engine has none of."""
    from rdflib import URIRef

    for node in _preorder(tree):
        if _comp(node, "Function") and _get(node, "distinct"):
            iri = _get(node, "iri")
            written = f"<{iri}>" if isinstance(iri, URIRef) else f"{_get(iri, 'prefix') or ''}:{_get(iri, 'localname') or ''}"
            yield ScopeProblem(
                "distinct-in-call",
                f"{written}(DISTINCT …): DISTINCT goes only in an aggregate (COUNT, SUM, MIN, MAX, AVG, SAMPLE, "
                f"GROUP_CONCAT), and {written} is no aggregate this engine has",
                "",
                0,
                written,
            )
