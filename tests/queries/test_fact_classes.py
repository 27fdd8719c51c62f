"""The stored queries read the kinds of fact from the ontology instead of listing them (issue 24, item 1).

A stored query that asks about "every fact" or "every agreement" once carried a hand-written
``VALUES ?class { … }`` of the ~30 subclasses of kzo:Fact, and a new kind of fact had to be added
to four copies of it by hand, with nothing failing when one was missed. Now they read the class
hierarchy (one or two fixed ``rdfs:subClassOf`` steps, as Virtuoso 7.2 answers those right), so:

* a fresh fact of every class below kzo:Fact, and of two classes the ontology does not have yet (a
  kind of fact and a kind of agreement, added with their instances to a copy of the release in
  memory), shows up in each such query's answer, and only where it belongs (an agreement query
  lists the agreement kinds alone), with and without the inferences;
* no stored query hand-lists more than two fact classes, decided from the query's algebra (rdflib's
  parser: VALUES rows and IN lists), never from its text. Two are curated pairs the ontology does
  not name (a visit or a meeting; a relation, bilateral or diplomatic).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.algebra import traverse
from rdflib.plugins.sparql.parserutils import CompValue

from kzgraph.asking.queries import run
from kzgraph.curated.namespaces import graph_iri
from kzgraph.pipeline.embedded_store import load_release

from expect import KZ, KZO, STORED, text_of

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
# classes the ontology does not have yet, each with its superclass
NEW_KINDS = {
    "TestKindOfFact": "Fact",
    "TestKindOfAgreement": "Agreement",
    "TestKindOfMission": "DiplomaticMission",
    "TestKindOfRelation": "BilateralRelation",
}
FACT_QUERIES = ("country-facts", "person-activities")  # every kind of fact, a row each (?fact)
# queries about some kinds: (name, parameters, the column naming the fact, the kinds: (class, with its own instances))
SUBSET_QUERIES = [
    ("agreements", {}, "agreement", [("Agreement", True)]),
    ("agreement-signatories", {}, "agreement", [("Agreement", True)]),
    ("world-map", {}, "fact", [("DiplomaticMission", False), ("DiplomaticRelation", True), ("NoDiplomaticRelation", True)]),
    ("relations-with-country", {"country": "TUR"}, "fact", [("BilateralRelation", True), ("NoDiplomaticRelation", True)]),
]
MAX_LISTED = 2


def _rows(store: ox.Store, name: str, params: dict[str, str] | None = None) -> list[dict[str, Any]]:
    result = run(store, text_of(name, params))
    names = [v.value for v in result.variables]
    return [{n: sol[n] for n in names} for sol in result]


def _below(store: ox.Store, superclass: str, reflexive: bool = False) -> set[str]:
    """The ontology's classes below ``superclass`` (local names), read from its own graph."""
    path = "rdfs:subClassOf*" if reflexive else "rdfs:subClassOf+"
    text = f"""PREFIX rdfs: <{RDFS}> SELECT ?c WHERE {{
        GRAPH <{graph_iri("ontology")}> {{ ?c {path} <{KZO}{superclass}> }} }}"""
    return {sol["c"].value[len(KZO) :] for sol in run(store, text) if sol["c"].value.startswith(KZO)}


def _passage(store: ox.Store) -> ox.NamedNode:
    """A source passage of the release that cites one reference."""
    text = f"""PREFIX kzo: <{KZO}> SELECT ?p WHERE {{ ?p kzo:citesReference ?r }}
        GROUP BY ?p HAVING (COUNT(DISTINCT ?r) = 1) ORDER BY ?p LIMIT 1"""
    return next(iter(run(store, text)))["p"]


def _grow(store: ox.Store, classes: set[str]) -> dict[str, str]:
    """Add the new classes to the ontology graph and one fresh fact of each class to the data graph:
    party to Kazakhstan and Turkey, sent by Kazakhstan to Turkey, involving Nazarbayev, derived from a
    passage that cites a reference.
    Returns each fresh fact's IRI with its class."""
    ontology, data = ox.NamedNode(graph_iri("ontology")), ox.NamedNode(graph_iri("data"))
    for name, parent in NEW_KINDS.items():
        cls = ox.NamedNode(KZO + name)
        store.add(ox.Quad(cls, ox.NamedNode(RDFS + "subClassOf"), ox.NamedNode(KZO + parent), ontology))
        store.add(ox.Quad(cls, ox.NamedNode(RDFS + "label"), ox.Literal(name, language="en"), ontology))
    passage = _passage(store)
    facts = {}
    for name in sorted(classes):
        fact = ox.NamedNode(f"{KZ}test/fresh-{name}")
        links = (
            (RDF_TYPE, ox.NamedNode(KZO + name)),
            (ox.NamedNode(KZO + "party"), ox.NamedNode(KZ + "state/KAZ")),
            (ox.NamedNode(KZO + "party"), ox.NamedNode(KZ + "state/TUR")),
            (ox.NamedNode(KZO + "sendingState"), ox.NamedNode(KZ + "state/KAZ")),
            (ox.NamedNode(KZO + "receivingState"), ox.NamedNode(KZ + "state/TUR")),
            (ox.NamedNode(KZO + "involves"), ox.NamedNode(KZ + "person/nursultan-nazarbayev")),
            (ox.NamedNode(PROV + "wasDerivedFrom"), passage),
            (ox.NamedNode(RDFS + "label"), ox.Literal(f"a fresh {name}", language="en")),
        )
        for p, o in links:
            store.add(ox.Quad(fact, p, o, data))
        facts[fact.value] = name
    return facts


@pytest.fixture(scope="module", params=[True, False], ids=["inferred", "asserted"])
def grown(request: pytest.FixtureRequest, dist: Path) -> Iterator[tuple[ox.Store, ox.Store, dict[str, str]]]:
    """The release as it is, and a copy of it with the new classes and a fresh fact of every class below kzo:Fact."""
    before, after = ox.Store(), ox.Store()
    for s in (before, after):
        load_release(s, dist / "kzgraph.nq", with_inferred=request.param)
    classes = _below(before, "Fact") | set(NEW_KINDS)
    yield before, after, _grow(after, classes)


def _added(
    grown: tuple[ox.Store, ox.Store, dict[str, str]], name: str, column: str, params: dict[str, str] | None = None
) -> Counter[str]:
    """The fresh facts in a query's answer on the grown copy (each with its number of rows); every row of
    the release's own answer is still there."""
    before, after, _ = grown
    old = Counter(str(row) for row in _rows(before, name, params))
    new = _rows(after, name, params)
    assert old - Counter(str(row) for row in new) == Counter(), f"{name}: rows lost"
    return Counter(row[column].value for row in new if row[column] is not None and "/test/fresh-" in row[column].value)


@pytest.mark.parametrize("name", FACT_QUERIES)
def test_a_fact_of_every_kind_is_in_the_answers_about_facts(grown, name):
    _, after, facts = grown
    added = _added(grown, name, "fact")
    assert set(added) == set(facts), f"{name} leaves out: {sorted(facts[f] for f in set(facts) - set(added))}"
    kinds: dict[str, set[Any]] = {}
    for row in _rows(after, name):
        kinds.setdefault(row["fact"].value, set()).add(row["kind"])
    for fact, cls in facts.items():  # its rows name the fact's own class, by its label, and no other
        label = next(iter(run(after, f'SELECT ?l WHERE {{ <{KZO}{cls}> <{RDFS}label> ?l FILTER(lang(?l) = "en") }}')))
        assert kinds[fact] == {label["l"]}, f"{name}: {cls}"


@pytest.mark.parametrize(("name", "params", "column", "kinds"), SUBSET_QUERIES, ids=[q[0] for q in SUBSET_QUERIES])
def test_a_fact_of_every_kind_a_query_is_about_and_of_no_other_is_in_its_answer(grown, name, params, column, kinds):
    before, _, facts = grown
    added = _added(grown, name, column, params)
    expected = set()
    for cls, itself in kinds:
        new = {c for c, parent in NEW_KINDS.items() if parent == cls}
        expected |= _below(before, cls, reflexive=itself) | new
    assert {facts[f] for f in added} == expected


@pytest.mark.parametrize(
    ("name", "key", "column"), [("facts-per-section", "section", "facts"), ("references-cited", "id", "facts")]
)
def test_a_fact_of_every_kind_is_counted(grown, name, key, column):
    before, after, facts = grown
    counts = [{row[key].value: int(row[column].value) for row in _rows(s, name)} for s in (before, after)]
    grew = {k: counts[1][k] - counts[0][k] for k in counts[0] if counts[1][k] != counts[0][k]}
    assert list(grew.values()) == [len(facts)], f"{name}: {grew}, {len(facts)} fresh facts"


def _listed(tree: Any) -> list[set[Any]]:
    """Every hand-written list of terms in a query's algebra: each VALUES block's terms, each IN list,
    and the terms each disjunction of equalities (``?c = C1 || ?c = C2``) compares with."""
    found: list[set[Any]] = []

    def equal_to(expr: Any) -> set[Any]:
        if isinstance(expr, CompValue) and expr.name == "RelationalExpression" and expr.op == "=":
            return {side for side in (expr.expr, expr.other) if isinstance(side, URIRef)}
        return set()

    def visit(node: Any) -> None:
        if not isinstance(node, CompValue):
            return
        if node.name == "values":
            found.append({term for row in node.res for term in row.values()})
        elif node.name == "RelationalExpression" and node.op in ("IN", "NOT IN"):
            found.append(set(node.other))
        elif node.name == "ConditionalOrExpression":
            found.append(set().union(*(equal_to(e) for e in [node.expr, *node.other])))

    traverse(tree, visitPost=visit)
    return found


@pytest.fixture(scope="module")
def fact_classes(dist: Path) -> set[URIRef]:
    """kzo:Fact and every class below it, from the release's ontology graph."""
    store = ox.Store()
    load_release(store, dist / "kzgraph.nq", with_inferred=False)
    return {URIRef(KZO + c) for c in _below(store, "Fact", reflexive=True)}


def _over(text: str, facts: set[URIRef]) -> list[list[str]]:
    """The lists of a query that name more than MAX_LISTED fact classes."""
    lists = [sorted(str(t) for t in terms & facts) for terms in _listed(prepareQuery(text).algebra)]
    return [terms for terms in lists if len(terms) > MAX_LISTED]


@pytest.mark.parametrize("query", STORED, ids=lambda q: q.name)
def test_no_stored_query_hand_lists_more_than_two_fact_classes(query, fact_classes):
    over = _over(query.text, fact_classes)
    assert not over, f"{query.name} lists fact classes by hand (read them from the ontology instead): {over}"


@pytest.mark.parametrize(
    "where",
    [
        "VALUES ?c { kzo:Visit kzo:Meeting kzo:Treaty }",
        "FILTER(?c IN (kzo:Visit, kzo:Meeting, kzo:Treaty))",
        "FILTER(?c = kzo:Visit || ?c = kzo:Meeting || kzo:Treaty = ?c)",
        "{ SELECT ?c WHERE { VALUES (?c ?x) { (kzo:Visit 1) (kzo:Meeting 2) (kzo:Treaty 3) } } }",
    ],
)
def test_a_list_of_three_fact_classes_is_found_in_the_algebra(where, fact_classes):
    text = f"PREFIX kzo: <{KZO}>\n# VALUES ?c {{ kzo:Visit }} in a comment is no list\nSELECT ?f WHERE {{ ?f a ?c . {where} }}"
    assert _over(text, fact_classes) == [sorted(KZO + c for c in ("Meeting", "Treaty", "Visit"))]
    assert _over(text.replace("kzo:Treaty", "kzo:Person"), fact_classes) == []  # not a fact class: not counted
