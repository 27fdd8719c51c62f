"""Stage 3b: the OWL 2 RL closure, kept apart from the asserted data.

Two engines compute the same OWL 2 RL closure: **owlrl**, the reference (pure Python, about 900
triples/s here), and **reasonable** (Rust, the default: 15 times faster on the real data and the
only one that reaches a million triples in minutes). ``tests/test_reason.py`` checks that both
infer exactly the same triples on the real data. Neither is fed what its rules cannot use: the
ontology's axioms without labels, definitions or other annotations, and the data's links between
resources without literals (owlrl's datatype rules compare literals pairwise, which grows with the
square of their number). Identity links to Wikidata are left out too: ``owl:sameAs`` would copy
every triple onto the Wikidata IRI and teach nothing.

Consistency is checked on the closure with SPARQL, whatever the engine: an individual typed
``owl:Nothing`` or in two disjoint classes, or ``owl:sameAs`` clashing with ``owl:differentFrom``.
Only new triples about the dataset's own resources are kept as the inferred graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .errors import BuildError
from .namespaces import BASE, bind_prefixes, id_namespace

ENGINES = ("reasonable", "owlrl")
DEFAULT_ENGINE = "reasonable"
ERROR_MESSAGE = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")
ERROR_TEXT = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")
# Ontology triples whose objects are resources but which no OWL RL rule reads.
_ANNOTATIONS = {RDFS.isDefinedBy, RDFS.seeAlso, OWL.versionIRI}
# Inferences true of everything, or of the vocabulary rather than the data: noise for users.
_TRIVIAL_OBJECTS = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual}

_INCONSISTENCIES = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT DISTINCT ?x ?message WHERE {
  {
    ?x a owl:Nothing .
    BIND("is an instance of owl:Nothing" AS ?message)
  } UNION {
    ?x a ?c1, ?c2 .
    { ?c1 owl:disjointWith ?c2 }
    UNION
    { ?all a owl:AllDisjointClasses ; owl:members ?list .
      ?list rdf:rest*/rdf:first ?c1 . ?list rdf:rest*/rdf:first ?c2 . FILTER(?c1 != ?c2) }
    FILTER(STR(?c1) < STR(?c2))
    BIND(CONCAT("is in the disjoint classes ", STR(?c1), " and ", STR(?c2)) AS ?message)
  } UNION {
    ?x owl:sameAs ?y .
    { ?x owl:differentFrom ?y } UNION { ?y owl:differentFrom ?x }
    BIND(CONCAT("is both owl:sameAs and owl:differentFrom ", STR(?y)) AS ?message)
  }
}
ORDER BY ?x ?message
"""


class InconsistencyError(BuildError):
    """The data contradicts the ontology (owl:Nothing members, disjointness, sameAs/differentFrom)."""


@dataclass
class Reasoning:
    inferred: Graph  # only the new triples about the dataset's resources
    input_triples: int
    engine: str


def reasoner_input(data: Graph, ontology: Graph, base: str = BASE) -> Graph:
    """The part of data + ontology the OWL RL rules can use."""
    g = Graph()
    for s, p, o in ontology:
        if isinstance(o, Literal) or p in _ANNOTATIONS:
            continue
        g.add((s, p, o))
    ns = str(id_namespace(base))
    for s, p, o in data:
        if isinstance(o, Literal) or (p == OWL.sameAs and not str(o).startswith(ns)):
            continue
        g.add((s, p, o))
    return g


def _closure_owlrl(g: Graph) -> tuple[Iterable[tuple], list[str]]:
    import owlrl

    closure = Graph()
    for t in g:
        closure.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(closure)
    messages = sorted(str(m) for e in closure.subjects(RDF.type, ERROR_MESSAGE) for m in closure.objects(e, ERROR_TEXT))
    return closure, messages


def _closure_reasonable(g: Graph) -> tuple[Iterable[tuple], list[str]]:
    import reasonable

    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(g)
    return reasoner.reason(), []


_CLOSURES: dict[str, Callable[[Graph], tuple[Iterable[tuple], list[str]]]] = {
    "owlrl": _closure_owlrl, "reasonable": _closure_reasonable,
}


def infer(data: Graph, ontology: Graph, base: str = BASE, engine: str = DEFAULT_ENGINE) -> Reasoning:
    """OWL 2 RL closure of data + ontology; raise :class:`InconsistencyError` naming the resources."""
    if engine not in _CLOSURES:
        raise BuildError(f"unknown reasoner {engine!r}; expected one of {', '.join(ENGINES)}")
    g = reasoner_input(data, ontology, base)
    closure, messages = _CLOSURES[engine](g)
    closure_graph = Graph()
    for t in closure:
        closure_graph.add(t)
    messages += _inconsistencies(closure_graph)
    if messages:
        raise InconsistencyError("the data is inconsistent with the ontology:\n  " + "\n  ".join(sorted(set(messages))))
    ns = str(id_namespace(base))
    inferred = bind_prefixes(Graph(), base)
    for s, p, o in closure_graph:
        if (s, p, o) in g or isinstance(s, BNode) or isinstance(o, (BNode, Literal)):
            continue
        if not str(s).startswith(ns) or o in _TRIVIAL_OBJECTS:
            continue
        if p in (OWL.sameAs, OWL.differentFrom) and s == o:
            continue
        inferred.add((s, p, o))
    return Reasoning(inferred, len(g), engine)


def _inconsistencies(closure: Graph) -> list[str]:
    """What makes the closure inconsistent, one message per resource and reason (SPARQL on Oxigraph)."""
    from .store import add_graph
    import pyoxigraph as ox

    store = ox.Store()
    add_graph(store, closure, BASE + "graph/closure")
    return [f"{row['x'].value} {row['message'].value}"
            for row in store.query(_INCONSISTENCIES, use_default_graph_as_union=True)]
