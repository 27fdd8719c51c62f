"""Stage 3b: the OWL 2 RL closure, kept apart from the asserted data.

Two engines compute the same OWL 2 RL closure: **owlrl**, the reference (pure Python, about 900
triples/s here), and **reasonable** (Rust, the default). ``tests/test_reason.py`` checks that both
infer exactly the same triples on the real data.

owlrl gets what it got from the start (:func:`reasoner_input`): the ontology's axioms without
labels, definitions or other annotations, and the data's links between resources without literals
(its datatype rules compare literals pairwise) or identity links to Wikidata (``owl:sameAs`` would
copy every triple onto the Wikidata IRI and teach nothing).

reasonable gets less, because three of its rules are quadratic in the data: cax-dw (disjoint
classes) joins every instance of one class with every instance of the other before comparing them,
and prp-fp / prp-ifp ((inverse) functional properties) join every triple of the property with every
other one. At 100 times the real data (kzo:Fact disjoint with kzo:SourcePassage, 30,000 instances
each; kzo:inSection functional, 25,000 triples) that took 14 GiB and two minutes, and under an
address-space limit the failed allocation aborted the process (SIGABRT from Rust's allocation-error
handler, not an exception). So (:class:`Axioms`):

- disjointness axioms are not given to it: they infer nothing, they only make data inconsistent,
  and that is checked on the closure (:func:`_inconsistencies`), whatever the engine;
- (inverse) functional properties are applied outside it: after each closure, a subject with two
  values of a functional property (an object with two subjects of an inverse-functional one) gives
  ``owl:sameAs`` between them, added to the input of another round until nothing new follows — the
  same fixpoint, linear work;
- property chains (``owl:propertyChainAxiom``, OWL 2 RL's prp-spo2) are applied outside it likewise:
  reasonable 0.4 has no such rule, so after each closure every chain is joined over the closure's
  triples and what follows is given to another round (:func:`_chain_links`), until nothing new does;
- data triples whose predicate no axiom mentions (``prov:wasDerivedFrom``, ``prov:wasQuotedFrom``…)
  are not given to it: no OWL RL rule can use them (every rule that reads a triple's predicate needs
  an axiom about it, or ``owl:sameAs``), so they cannot change what is inferred about the rest.

Only new triples about the dataset's own resources are kept as the inferred graph.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import types
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from ..core.errors import BuildError
from ..curated.namespaces import BASE, id_namespace
from .triples import Triples

ENGINES = ("reasonable", "owlrl")
DEFAULT_ENGINE = "reasonable"
ERROR_MESSAGE = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")
ERROR_TEXT = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")
# Ontology triples whose objects are resources but which no OWL RL rule reads.
_ANNOTATIONS = {RDFS.isDefinedBy, RDFS.seeAlso, OWL.versionIRI}
# Inferences true of everything, or of the vocabulary rather than the data: noise for users.
_TRIVIAL_OBJECTS = {str(OWL.Thing), str(RDFS.Resource), str(OWL.NamedIndividual)}
# Axioms that only make data inconsistent, checked by _inconsistencies instead of the engine.
_DISJOINTNESS = {OWL.disjointWith, OWL.AllDisjointClasses}
_SAME_AS, _TYPE = str(OWL.sameAs), str(RDF.type)


IriTriple = tuple[str, str, str]


class InconsistencyError(BuildError):
    """The data contradicts the ontology (owl:Nothing members, disjointness, sameAs/differentFrom)."""


@dataclass
class Reasoning:
    """What the OWL RL closure added (only new triples about the dataset's resources) and how it was computed."""

    triples: Triples  # only the new triples about the dataset's resources
    input_triples: int
    engine: str
    rounds: int = 1  # closures computed (more than one when functional properties made owl:sameAs)

    @cached_property
    def inferred(self) -> Graph:
        """The inferred triples as an rdflib graph (for small graphs and the tests)."""
        return self.triples.graph


def reasoner_input(data: Graph, ontology: Graph, base: str = BASE) -> Graph:
    """What owlrl (the reference) is given: the part of data + ontology the OWL RL rules can use."""
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


@dataclass(frozen=True)
class Axioms:
    """The ontology as reasonable is given it (see the module's docstring)."""

    triples: tuple[IriTriple, ...]  # without annotations, literals, disjointness, (inverse) functional typing
    disjointness: Graph  # the disjointness axioms, for the consistency check
    predicates: frozenset[str]  # properties some axiom mentions: the data triples a rule can read
    functional: frozenset[str]
    inverse_functional: frozenset[str]
    chains: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (property, the chain of properties it is implied by)

    @classmethod
    def of(cls, ontology: Graph) -> Axioms:
        """The axioms of ``ontology`` as reasonable is given them, disjointness and (inverse) functional typing set apart."""
        functional = {str(p) for p in ontology.subjects(RDF.type, OWL.FunctionalProperty)}
        inverse = {str(p) for p in ontology.subjects(RDF.type, OWL.InverseFunctionalProperty)}
        lists = _list_nodes(ontology)
        triples, mentioned = [], set()
        disjoint = Graph()
        for s, p, o in ontology:
            if isinstance(o, Literal) or p in _ANNOTATIONS:
                continue
            if (
                p in _DISJOINTNESS
                or o in _DISJOINTNESS
                or (p == OWL.members and (s, RDF.type, OWL.AllDisjointClasses) in ontology)
            ):
                disjoint.add((s, p, o))
                continue
            if s in lists:  # list cells also serve owl:AllDisjointClasses
                disjoint.add((s, p, o))
            if p == RDF.type and o in (OWL.FunctionalProperty, OWL.InverseFunctionalProperty):
                continue
            triples.append((_iri(s), str(p), _iri(o)))
            mentioned.update((str(s), str(o)))
        return cls(
            tuple(triples),
            disjoint,
            frozenset(mentioned | {_TYPE, _SAME_AS}),
            frozenset(functional),
            frozenset(inverse),
            _property_chains(ontology),
        )


def _property_chains(ontology: Graph) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Every ``owl:propertyChainAxiom`` of the ontology: (the property, its chain of named properties)."""
    chains = []
    for prop, head in ontology.subject_objects(OWL.propertyChainAxiom):
        members = [str(m) for m in Collection(ontology, head)]
        if isinstance(prop, URIRef) and len(members) >= 2:
            chains.append((str(prop), tuple(members)))
    return tuple(sorted(chains))


def _list_nodes(g: Graph) -> set:
    return set(g.subjects(RDF.first, None)) | set(g.subjects(RDF.rest, None))


def _iri(term: object) -> str:
    """A term as reasonable reads it from a tuple of strings: IRIs bare, blank nodes as ``_:id``."""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def data_iri_triples(data: Triples | Graph, base: str = BASE) -> Iterable[IriTriple]:
    """The data's links between resources (no literals, no owl:sameAs out of the dataset), as strings."""
    ns = str(id_namespace(base))
    if isinstance(data, Graph):
        for s, p, o in data:
            if not isinstance(o, Literal) and not (p == OWL.sameAs and not str(o).startswith(ns)):
                yield str(s), str(p), str(o)
        return
    for line in data.nt.decode("utf-8").splitlines():
        s, p, o = line.split(" ", 2)  # IRIs have no spaces; the object runs to " ."
        if not o.startswith("<"):
            continue
        o = o[1 : o.rindex(">")]
        if p == f"<{_SAME_AS}>" and not o.startswith(ns):
            continue
        yield s[1:-1], p[1:-1], o


def _closure_owlrl(g: Graph) -> tuple[Iterable[tuple], list[str]]:
    import owlrl

    closure = Graph()
    for t in g:
        closure.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(closure)
    messages = sorted(str(m) for e in closure.subjects(RDF.type, ERROR_MESSAGE) for m in closure.objects(e, ERROR_TEXT))
    return closure, messages


def _closure_reasonable(triples: list[IriTriple]) -> set[IriTriple]:
    """reasonable's closure of ``triples``, read from an N-Triples file (as Turtle, parsed in Rust, not
    per term in Python), returned as strings; blank nodes and literals dropped."""
    import reasonable

    with tempfile.NamedTemporaryFile("w", suffix=".ttl", encoding="utf-8", delete=False) as f:
        for s, p, o in triples:
            f.write(f"{_nt(s)} <{p}> {_nt(o)} .\n")
        path = f.name
    try:
        reasoner = reasonable.PyReasoner()
        reasoner.load_file(path)
        with _iris_as_plain_strings():
            closure = reasoner.reason()
    finally:
        os.unlink(path)
    return {t for t in closure if type(t[0]) is str and type(t[2]) is str}


class _PlainIris(types.ModuleType):
    """What reasonable finds as ``rdflib`` while it hands back its closure: IRIs as plain ``str``.

    reasonable builds every term of its result by calling ``rdflib.URIRef`` (looked up on the module
    each time), and rdflib checks each IRI character by character: 30 % of the reasoning time at a
    million triples, for IRIs that reasonable itself parsed and that are only turned back into
    strings here. Interned, the closure's eight million terms at a million triples are half a
    million strings (about 700 MiB less). Blank nodes and literals stay rdflib's (and are dropped
    by the caller).
    """

    def __init__(self, rdflib_module: types.ModuleType):
        super().__init__("rdflib")
        self.URIRef = sys.intern
        self.BNode = rdflib_module.BNode
        self.Literal = rdflib_module.Literal


@contextmanager
def _iris_as_plain_strings() -> Iterator[None]:
    real = sys.modules["rdflib"]
    sys.modules["rdflib"] = _PlainIris(real)
    try:
        yield
    finally:
        sys.modules["rdflib"] = real


def _nt(term: str) -> str:
    return term if term.startswith("_:") else f"<{term}>"


def _functional_same_as(closure: set[IriTriple], axioms: Axioms) -> set[IriTriple]:
    """prp-fp and prp-ifp: ``owl:sameAs`` between two values of a functional property of one subject,
    and between two subjects of one value of an inverse-functional property."""
    if not axioms.functional and not axioms.inverse_functional:
        return set()
    groups: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for s, p, o in closure:
        if p in axioms.functional:
            groups[("fp", s, p)].add(o)
        if p in axioms.inverse_functional:
            groups[("ifp", o, p)].add(s)
    same: set[IriTriple] = set()
    for values in groups.values():
        if len(values) > 1:
            same.update((a, _SAME_AS, b) for a in values for b in values if a != b)
    return same


def _chain_links(closure: set[IriTriple], axioms: Axioms) -> set[IriTriple]:
    """prp-spo2: ``x p z`` wherever ``x p1 y1 … y(n-1) pn z`` for a chain ``p ← (p1 … pn)``, joined
    over the closure's triples (one pass; the caller repeats it with the next closure)."""
    if not axioms.chains:
        return set()
    wanted = {p for _, chain in axioms.chains for p in chain}
    by_subject: dict[str, dict[str, set[str]]] = {p: defaultdict(set) for p in wanted}
    for s, p, o in closure:
        if p in wanted:
            by_subject[p][s].add(o)
    out: set[IriTriple] = set()
    for prop, chain in axioms.chains:
        for start, firsts in by_subject[chain[0]].items():
            reached = set(firsts)
            for step in chain[1:]:
                reached = {o for y in reached for o in by_subject[step].get(y, ())}
            out.update((start, prop, end) for end in reached)
    return out


def closure_reasonable(data: Iterable[IriTriple], axioms: Axioms) -> tuple[set[IriTriple], list[IriTriple], int]:
    """The OWL 2 RL closure by reasonable over the triples the axioms can touch; (closure, the
    asserted triples it was given, rounds).

    When the closure holds ``owl:sameAs`` between two resources, eq-rep-s/o copy every triple of one
    onto the other, whatever its predicate: the closure is then computed again over all the data.
    """
    data = list(data)
    given = list(axioms.triples) + [t for t in data if t[1] in axioms.predicates]
    derived: list[IriTriple] = []  # owl:sameAs from (inverse) functional properties, given in later rounds
    rounds, everything = 0, False
    while True:
        rounds += 1
        closure = _closure_reasonable(given + derived)
        if not everything and any(p == _SAME_AS and s != o for s, p, o in closure):
            everything = True
            given = list(axioms.triples) + data
            continue
        new = (_functional_same_as(closure, axioms) | _chain_links(closure, axioms)) - closure
        if not new:
            return closure, given, rounds
        derived += sorted(new)


def input_digest(links: Iterable[IriTriple], ontology_text: bytes, engine: str, base: str = BASE) -> str:
    """The hash of everything :func:`infer` reads: the engine and its version (and rdflib's, whose
    graphs carry the ontology), the base, the ontology's text, and the data's links between resources
    (:func:`data_iri_triples`, in the order given: sorted, from :class:`Triples`).

    No literal is among them, because no engine is given one (see the module's docstring): an edit
    of a comment, a label or a rendering leaves the digest, and so the closure, as it was. The
    build keeps the last closure under this digest (:mod:`kzgraph.curated.buildcache`)."""
    from importlib.metadata import version

    h = hashlib.sha256()
    for part in (engine, version(engine), version("rdflib"), base):
        h.update(part.encode("utf-8") + b"\n")
    h.update(hashlib.sha256(ontology_text).digest())
    for s, p, o in links:
        h.update(f"{s} {p} {o}\n".encode())
    return h.hexdigest()


def infer(
    data: Triples | Graph,
    ontology: Graph,
    base: str = BASE,
    engine: str = DEFAULT_ENGINE,
    links: list[IriTriple] | None = None,
) -> Reasoning:
    """OWL 2 RL closure of data + ontology; raise :class:`InconsistencyError` naming the resources.

    ``links`` are :func:`data_iri_triples` of ``data`` when the caller has made them already."""
    if engine not in ENGINES:
        raise BuildError(f"unknown reasoner {engine!r}; expected one of {', '.join(ENGINES)}")
    axioms = Axioms.of(ontology)
    rounds = 1
    if engine == "owlrl":
        graph = data if isinstance(data, Graph) else data.graph
        g = reasoner_input(graph, ontology, base)
        closure_graph, messages = _closure_owlrl(g)
        closure = {(str(s), str(p), str(o)) for s, p, o in closure_graph if isinstance(s, URIRef) and isinstance(o, URIRef)}
        given = {(str(s), str(p), str(o)) for s, p, o in g}
    else:
        closure, given_list, rounds = closure_reasonable(links if links is not None else data_iri_triples(data, base), axioms)
        given = set(given_list)
        messages = []
    messages += _inconsistencies(closure, axioms)
    if messages:
        raise InconsistencyError("the data is inconsistent with the ontology:\n  " + "\n  ".join(sorted(set(messages))))
    # New means not given: every triple a rule can conclude has rdf:type, owl:sameAs or a property
    # some axiom mentions as its predicate, and every asserted triple with such a predicate was given.
    ns = str(id_namespace(base))
    inferred = [
        (s, p, o)
        for s, p, o in closure - given
        if s.startswith(ns) and o not in _TRIVIAL_OBJECTS and not (s == o and p in (_SAME_AS, str(OWL.differentFrom)))
    ]
    return Reasoning(Triples.from_lines(f"<{s}> <{p}> <{o}> ." for s, p, o in inferred), len(given), engine, rounds)


def _inconsistencies(closure: set[IriTriple], axioms: Axioms) -> list[str]:
    """What makes the closure inconsistent, one message per resource and reason: an instance of
    owl:Nothing, of two disjoint classes (either direction of owl:disjointWith, or two members of an
    owl:AllDisjointClasses), or owl:sameAs and owl:differentFrom the same resource."""
    nothing, different = str(OWL.Nothing), str(OWL.differentFrom)
    types: dict[str, set[str]] = defaultdict(set)
    same: set[tuple[str, str]] = set()
    differ: set[tuple[str, str]] = set()
    for s, p, o in closure:
        if s.startswith("_:"):
            continue
        if p == _TYPE:
            types[s].add(o)
        elif p == _SAME_AS:
            same.add((s, o))
        elif p == different:
            differ.update({(s, o), (o, s)})
    disjoint = _disjoint_pairs(axioms.disjointness)
    messages = [f"{x} is an instance of owl:Nothing" for x, classes in types.items() if nothing in classes]
    for x, classes in types.items():
        if len(classes) > 1:
            messages += [
                f"{x} is in the disjoint classes {c1} and {c2}"
                for c1 in classes
                for c2 in classes
                if c1 < c2 and (c1, c2) in disjoint
            ]
    messages += [f"{x} is both owl:sameAs and owl:differentFrom {y}" for x, y in same if (x, y) in differ]
    return sorted(messages)


def _disjoint_pairs(axioms: Graph) -> set[tuple[str, str]]:
    """Every pair of disjoint classes, both ways round."""
    from rdflib.collection import Collection

    pairs = {(str(a), str(b)) for a, b in axioms.subject_objects(OWL.disjointWith)}
    for group in axioms.subjects(RDF.type, OWL.AllDisjointClasses):
        for members in axioms.objects(group, OWL.members):
            classes = [str(c) for c in Collection(axioms, members)]
            pairs |= {(a, b) for a in classes for b in classes if a != b}
    return pairs | {(b, a) for a, b in pairs}
