"""Stage 3b: the OWL 2 RL closure with owlrl, kept apart from the asserted data.

owlrl is slow (about 900 triples/s here) and its datatype rules compare literals pairwise, so the
reasoner is fed only what its rules can use: the ontology's axioms (no labels, definitions or
other annotations) and the data's links between resources (no literals). Labels and quotes can
never yield an OWL RL inference that matters here, and leaving them out keeps the closure linear
and quick. Only new triples about the dataset's own resources are kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import owlrl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .errors import BuildError
from .namespaces import bind_prefixes, id_namespace, BASE

ERROR_MESSAGE = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")
ERROR_TEXT = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")
# Ontology triples whose objects are resources but which no OWL RL rule reads.
_ANNOTATIONS = {RDFS.isDefinedBy, RDFS.seeAlso, OWL.versionIRI}
# Inferences true of everything, or of the vocabulary rather than the data: noise for users.
_TRIVIAL_OBJECTS = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual}


class InconsistencyError(BuildError):
    """The data contradicts the ontology (owl:Nothing members, disjointness, sameAs/differentFrom)."""


@dataclass
class Reasoning:
    inferred: Graph  # only the new triples about the dataset's resources
    input_triples: int


def reasoner_input(data: Graph, ontology: Graph, base: str = BASE) -> Graph:
    """The part of data + ontology the OWL RL rules can use: no literals, no annotations, no
    identity links to outside (``owl:sameAs`` to Wikidata would copy every triple onto the
    Wikidata IRI and teach nothing)."""
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


def infer(data: Graph, ontology: Graph, base: str = BASE) -> Reasoning:
    """OWL 2 RL closure of data + ontology; raise :class:`InconsistencyError` naming the resources."""
    g = reasoner_input(data, ontology, base)
    n = len(g)
    before = set(g)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)
    _raise_on_inconsistency(g)
    ns = str(id_namespace(base))
    inferred = bind_prefixes(Graph(), base)
    for s, p, o in g:
        if (s, p, o) in before or isinstance(s, BNode) or isinstance(o, BNode):
            continue
        if not str(s).startswith(ns) or o in _TRIVIAL_OBJECTS:
            continue
        if p in (OWL.sameAs, OWL.differentFrom) and s == o:
            continue
        if isinstance(o, Literal):
            continue
        inferred.add((s, p, o))
    return Reasoning(inferred, n)


def _raise_on_inconsistency(g: Graph) -> None:
    messages = sorted(str(m) for e in g.subjects(RDF.type, ERROR_MESSAGE) for m in g.objects(e, ERROR_TEXT))
    nothing = sorted(str(s) for s in g.subjects(RDF.type, OWL.Nothing))
    if nothing:
        messages += [f"{s} is an instance of owl:Nothing (it belongs to classes declared disjoint)" for s in nothing]
    if messages:
        raise InconsistencyError("the data is inconsistent with the ontology:\n  " + "\n  ".join(messages))
