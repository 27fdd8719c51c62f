"""The W3C SPARQL test suites vendored in ``tests/w3c/``: their manifests read with rdflib, their
data and expected results read with pyoxigraph, and results compared as the W3C says.

No test is listed by hand: every entry of every vendored ``manifest.ttl`` is a case. Each vendored
directory is read against the address the W3C publishes it at (``SUITES``), so that the IRIs in
queries, data and expected results agree as they do in the suite itself (a query's base IRI is the
address of its ``.rq`` file, a named graph's name the address of its data file).

Expected results are read with pyoxigraph's parsers (XML, JSON, TSV results; Turtle and RDF/XML
graphs, and the DAWG result-set vocabulary in Turtle), which keep every literal's lexical form, so
``"01"^^xsd:integer`` is not taken for ``"1"^^xsd:integer``. Solutions are compared as multisets
with blank nodes matched by an isomorphism (rdflib's graph canonicalisation over an encoding of the
solutions as a graph), graphs by isomorphism, booleans by value.

Every case that does not pass on a path is listed in ``tests/w3c/expected-failures.txt`` with the
reason, and a listed case that passes fails its test, so the list stays true.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic

W3C_DIR = Path(__file__).resolve().parent / "w3c"
EXPECTED_FAILURES = W3C_DIR / "expected-failures.txt"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RS = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")

# vendored directory -> the address the W3C publishes it at (the base of its manifest, queries and data)
SUITES = {
    **{
        f"sparql11/{d}": f"http://www.w3.org/2009/sparql/docs/tests/data-sparql11/{d}/"
        for d in (
            "syntax-query",
            "syntax-fed",
            "protocol",
            "aggregates",
            "bind",
            "bindings",
            "construct",
            "exists",
            "functions",
            "grouping",
            "negation",
            "project-expression",
            "property-path",
            "subquery",
        )
    },
    "sparql10/dataset": "http://www.w3.org/2001/sw/DataAccess/tests/data-r2/dataset/",
}
SYNTAX_SUITES = ("sparql11/syntax-query", "sparql11/syntax-fed")
EVALUATION_SUITES = tuple(s for s in SUITES if s not in (*SYNTAX_SUITES, "sparql11/protocol"))


@dataclass(frozen=True)
class Case:
    """One entry of a manifest: what it is, the files it names (local paths) and their addresses."""

    suite: str  # the vendored directory, e.g. sparql11/bind
    name: str  # the entry's local name in its manifest
    kind: str  # PositiveSyntaxTest11, NegativeSyntaxTest11, QueryEvaluationTest, ProtocolTest
    title: str
    query_iri: str = ""
    data: tuple[str, ...] = ()  # the default graph: the merge of these files (addresses)
    graph_data: tuple[tuple[str, str], ...] = ()  # named graphs: (name, file address)
    result: str = ""  # the expected result's address
    node: Any = None  # the entry in the manifest graph (protocol tests read their requests from it)
    manifest: Any = None

    @property
    def id(self) -> str:
        """``suite/name``: how the expected-failures list and the test ids name a case."""
        return f"{self.suite.split('/', 1)[1]}/{self.name}"

    @property
    def query_text(self) -> str:
        return local_path(self.query_iri).read_text(encoding="utf-8")


def local_path(iri: str) -> Path:
    """The vendored file a W3C address stands for."""
    for suite, base in SUITES.items():
        if iri.startswith(base):
            return W3C_DIR / suite / iri[len(base) :]
    raise KeyError(f"{iri} is not in a vendored suite")


def read_manifest(suite: str) -> list[Case]:
    """Every entry of ``suite``'s manifest, in the manifest's order."""
    base = SUITES[suite]
    g = Graph()
    g.parse(W3C_DIR / suite / "manifest.ttl", format="turtle", publicID=base + "manifest.ttl")
    manifest = URIRef(base + "manifest.ttl")
    head = g.value(manifest, MF.entries)
    return [_case(g, suite, entry) for entry in Collection(g, head)] if head is not None else []


def _case(g: Graph, suite: str, entry: Any) -> Case:
    kind = str(g.value(entry, RDF.type)).rsplit("#", 1)[-1]
    name = str(entry).rsplit("#", 1)[-1]
    title = str(g.value(entry, MF.name) or name)
    action = g.value(entry, MF.action)
    result = g.value(entry, MF.result)
    common = {"suite": suite, "name": name, "kind": kind, "title": title, "node": entry, "manifest": g}
    if kind == "ProtocolTest":
        return Case(**common)
    if isinstance(action, URIRef):  # a syntax test: the action is the query itself
        return Case(**common, query_iri=str(action))
    return Case(
        **common,
        query_iri=str(g.value(action, QT.query)),
        data=tuple(sorted(str(d) for d in g.objects(action, QT.data))),
        graph_data=tuple(sorted(_named(g, n) for n in g.objects(action, QT.graphData))),
        result=str(result) if result is not None else "",
    )


def _named(g: Graph, node: Any) -> tuple[str, str]:
    """A named graph of a test's dataset: ``<file>`` (named by its address) or ``[ ut:graph <file>; rdfs:label "name" ]``."""
    if isinstance(node, URIRef):
        return str(node), str(node)
    return str(g.value(node, RDFS_LABEL)), str(g.value(node, UT.graph))


def cases(suites: Iterable[str]) -> list[Case]:
    return [c for s in suites for c in read_manifest(s)]


# --- the expected failures -------------------------------------------------------------------------


def expected_failures(file: Path = EXPECTED_FAILURES) -> dict[tuple[str, str], str]:
    """``(path, case id) -> reason`` from ``expected-failures.txt``: lines ``PATH CASE-ID -- reason``;
    a line of another shape, or without a reason, is an error rather than a line that excuses nothing."""
    out: dict[tuple[str, str], str] = {}
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        head, sep, reason = line.partition(" -- ")
        parts = head.split()
        if not sep or len(parts) != 2 or not reason.strip():
            raise ValueError(f"{file.name}, line {number}: expected 'PATH CASE-ID -- reason', got {line!r}")
        out[(parts[0], parts[1])] = reason.strip()
    return out


def verdict(path: str, case: Case, ok: bool, detail: str) -> None:
    """Pass when ``case`` passes on ``path`` and is not listed in the expected failures, or fails and
    is listed; a listed case that passes fails, so that the list stays true."""
    reason = _listed().get((path, case.id))
    if reason is None:
        assert ok, f"{case.id} ({case.title}) fails on {path}: {detail}"
    else:
        assert not ok, f"{case.id} passes on {path} now: remove it from tests/w3c/expected-failures.txt ({reason})"


@functools.lru_cache(maxsize=1)
def _listed() -> dict[tuple[str, str], str]:
    return expected_failures()


# --- data ------------------------------------------------------------------------------------------


def _format(path: Path) -> ox.RdfFormat:
    return {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".rdf": ox.RdfFormat.RDF_XML}[path.suffix]


def triples_of(iri: str) -> list[ox.Triple]:
    """The triples of a data file, its blank nodes fresh (a merge of two files shares none)."""
    path = local_path(iri)
    fresh: dict[str, ox.BlankNode] = {}

    def term(t: Any) -> Any:
        return fresh.setdefault(t.value, ox.BlankNode()) if isinstance(t, ox.BlankNode) else t

    return [
        ox.Triple(term(q.subject), q.predicate, term(q.object))
        for q in ox.parse(path=str(path), format=_format(path), base_iri=iri)
    ]


def load(store: ox.Store, iri: str, graph: ox.NamedNode | ox.DefaultGraph) -> None:
    store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples_of(iri))


@functools.cache
def names_own_dataset(text: str) -> bool:
    """Whether a query has ``FROM``/``FROM NAMED`` (its dataset is then its own, not the manifest's);
    read once per query, as the project reads it (:func:`kzgraph.sparql.check.names_dataset`)."""
    from kzgraph.sparql.check import names_dataset

    return bool(names_dataset(text))


def dataset_files(case: Case) -> list[str]:
    """Every data file a case's query may name with ``FROM``/``FROM NAMED``: the data files of its
    directory (a test whose dataset is its query's own is read from these, by their addresses)."""
    base = SUITES[case.suite]
    return [base + p.name for p in sorted((W3C_DIR / case.suite).iterdir()) if p.suffix in (".ttl", ".rdf", ".nt")]


# --- results ---------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """A query's answer in a form that compares: a boolean, solutions (one dict per row) or triples."""

    kind: str  # boolean, solutions, graph
    boolean: bool = False
    rows: list[dict[str, Any]] | None = None
    triples: list[tuple[Any, Any, Any]] | None = None


def outcome(result: Any) -> Outcome:
    """The outcome of a pyoxigraph result (solutions, boolean or triples), read to the end."""
    if isinstance(result, ox.QueryBoolean):
        return Outcome("boolean", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return Outcome("solutions", rows=[{n: s[n] for n in names if s[n] is not None} for s in result])
    return Outcome("graph", triples=[(t.subject, t.predicate, t.object) for t in result])


_RESULT_FORMATS = {
    ".srx": ox.QueryResultsFormat.XML,
    ".srj": ox.QueryResultsFormat.JSON,
    ".tsv": ox.QueryResultsFormat.TSV,
}


def expected(case: Case) -> Outcome:
    """The case's expected result, from its ``mf:result`` file."""
    path = local_path(case.result)
    if path.suffix in _RESULT_FORMATS:
        return outcome(ox.parse_query_results(path=str(path), format=_RESULT_FORMATS[path.suffix]))
    triples = [(q.subject, q.predicate, q.object) for q in ox.parse(path=str(path), format=_format(path), base_iri=case.result)]
    return _result_set(triples) or Outcome("graph", triples=triples)


def _result_set(triples: list[tuple[Any, Any, Any]]) -> Outcome | None:
    """Solutions or a boolean written in the DAWG result-set vocabulary; None for any other graph."""
    rs = str(RS)
    sets = [s for s, p, o in triples if p.value == str(RDF.type) and o == ox.NamedNode(rs + "ResultSet")]
    if not sets:
        return None
    by_subject: dict[Any, list[tuple[Any, Any]]] = {}
    for s, p, o in triples:
        by_subject.setdefault(s, []).append((p.value, o))
    props = dict(by_subject[sets[0]])
    if rs + "boolean" in props:
        return Outcome("boolean", boolean=props[rs + "boolean"].value == "true")
    rows = []
    for p, solution in by_subject[sets[0]]:
        if p != rs + "solution":
            continue
        row = {}
        for q, binding in by_subject.get(solution, []):
            if q == rs + "binding":
                parts = dict(by_subject[binding])
                row[parts[rs + "variable"].value] = parts[rs + "value"]
        rows.append(row)
    return Outcome("solutions", rows=rows)


def same(actual: Outcome, wanted: Outcome) -> bool:
    """Whether two outcomes are the same answer as the W3C compares them: booleans equal; solutions
    equal as multisets, blank nodes matched by a bijection; graphs isomorphic."""
    if actual.kind != wanted.kind:
        return False
    if actual.kind == "boolean":
        return actual.boolean == wanted.boolean
    if actual.kind == "graph":
        return isomorphic(_graph(actual.triples or []), _graph(wanted.triples or []))
    a, w = actual.rows or [], wanted.rows or []
    if len(a) != len(w):
        return False
    if not (_has_blank(a) or _has_blank(w)):
        return Counter(_key(r) for r in a) == Counter(_key(r) for r in w)
    return isomorphic(_solutions_graph(a), _solutions_graph(w))


def _key(row: dict[str, Any]) -> frozenset[tuple[str, str]]:
    return frozenset((name, str(term)) for name, term in row.items())


def _has_blank(rows: list[dict[str, Any]]) -> bool:
    return any(isinstance(t, ox.BlankNode) for r in rows for t in r.values())


def _term(t: Any) -> Any:
    """An rdflib term with the pyoxigraph term's exact lexical form (no normalisation)."""
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    if t.language:
        return Literal(t.value, lang=t.language, normalize=False)
    return Literal(t.value, datatype=URIRef(t.datatype.value), normalize=False)


def _graph(triples: Iterable[tuple[Any, Any, Any]]) -> Graph:
    g = Graph()
    for s, p, o in triples:
        g.add((_term(s), _term(p), _term(o)))
    return g


def _solutions_graph(rows: list[dict[str, Any]]) -> Graph:
    """Solutions as a graph that is isomorphic to another's exactly when the solutions are the same
    multiset up to blank node labels: one node per distinct solution with its count, one per binding."""
    g = Graph()
    for row, count in Counter(_key(r) for r in rows).items():
        solution = BNode()
        g.add((solution, RS["count"], Literal(count)))
        terms = next(r for r in rows if _key(r) == row)
        for name, term in terms.items():
            binding = BNode()
            g.add((solution, RS.binding, binding))
            g.add((binding, RS.variable, Literal(name, datatype=XSD.string)))
            g.add((binding, RS.value, _term(term)))
    return g


def describe(o: Outcome, limit: int = 12) -> str:
    """An outcome in a few lines, for a failure message."""
    if o.kind == "boolean":
        return str(o.boolean)
    items: list[Any] = list(o.rows if o.kind == "solutions" else o.triples or [])
    return f"{len(items)} {o.kind}:\n  " + "\n  ".join(str(x) for x in items[:limit])
