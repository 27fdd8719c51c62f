"""Write graphs in every format with pyoxigraph, byte-identical from run to run.

The data and the inferred triples arrive as :class:`~kzgraph.pipeline.triples.Triples` (sorted N-Triples);
pyoxigraph parses them and writes each format in Rust, in that sorted order, so the same triples
always give the same bytes: Turtle groups a subject's triples (they are consecutive), JSON-LD is
written as expanded JSON-LD with one node object per subject, N-Triples and N-Quads one statement a
line. The small graphs (ontology, metadata) are rdflib graphs; they are turned into Triples with
their blank nodes (the ontology's OWL lists and unions) labelled by RDFC-1.0, the W3C's RDF Dataset
Canonicalization, so those labels do not change between runs, nor between versions of the engine. ``tests/test_serialize.py`` checks every file against rdflib's own
serializers: the same graph.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..core.formats import RDF as RDF_FORMATS
from ..curated.namespaces import BASE, PREFIXES, id_namespace
from .triples import Triples

MEDIA_TYPES = {ext: f.media for ext, f in RDF_FORMATS.items()}  # kept for callers; the table is kzgraph.core.formats


def prefixes(base: str = BASE) -> dict[str, str]:
    """The prefixes every Turtle and TriG file declares (``kz:`` for the data)."""
    return {**{p: str(ns) for p, ns in PREFIXES.items()}, "kz": str(id_namespace(base))}


def triples_of(graph: Graph) -> Triples:
    """A small rdflib graph as Triples, blank nodes relabelled canonically when it has any.

    The labels are RDFC-1.0's (https://www.w3.org/TR/rdf-canon/), computed by Oxigraph: a W3C
    standard, so a label depends on the graph alone, not on the engine's version, and three times
    faster than rdflib's own canonical form (``rdflib.compare.to_canonical_graph``) on the ontology."""
    if not any(isinstance(t, BNode) for triple in graph for t in triple):
        return Triples.from_terms(graph)
    dataset = ox.Dataset(ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o)) for s, p, o in graph)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return Triples.from_lines(f"{q.subject} {q.predicate} {q.object} ." for q in dataset)


def _ox_term(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF 1.1 term: {term!r}")


def _as_triples(graph: Triples | Graph) -> Triples:
    return graph if isinstance(graph, Triples) else triples_of(graph)


def turtle(graph: Triples | Graph) -> bytes:
    """Turtle with the project's prefixes, in the triples' sorted order: the same triples give the same bytes."""
    return ox.serialize(iter(_as_triples(graph)), format=ox.RdfFormat.TURTLE, prefixes=prefixes())


def ntriples(graph: Triples | Graph) -> bytes:
    """N-Triples, one statement a line, in sorted order."""
    return ox.serialize(iter(_as_triples(graph)), format=ox.RdfFormat.N_TRIPLES)


def jsonld(graph: Triples | Graph) -> bytes:
    """Expanded JSON-LD, one node object per subject, ending in a line break."""
    return ox.serialize(iter(_as_triples(graph)), format=ox.RdfFormat.JSON_LD) + b"\n"


def rdfxml(graph: Triples | Graph) -> bytes:
    """RDF/XML with the project's prefixes."""
    return ox.serialize(iter(_as_triples(graph)), format=ox.RdfFormat.RDF_XML, prefixes=prefixes())


def trig(graphs: Iterable[tuple[str, Triples | Graph | bytes]]) -> bytes:
    """TriG of named graphs, in the order given, with one shared prefix block.

    Each graph's block is its Turtle (pyoxigraph's, or the bytes given when the caller wrote that
    Turtle already, as the build does for the data): the data's triples are not written twice.
    """
    prefix_lines: dict[bytes, None] = {}
    blocks: list[bytes] = []
    for name, graph in graphs:
        text = graph if isinstance(graph, bytes) else turtle(graph)
        body: list[bytes] = []
        for line in text.splitlines():
            if line.startswith(b"@prefix"):
                prefix_lines[line] = None
            elif line.strip():
                body.append(b"\t" + line)
        blocks.append(b"<" + name.encode("utf-8") + b"> {\n" + b"\n".join(body) + (b"\n" if body else b"") + b"}\n")
    return b"\n".join(prefix_lines) + b"\n\n" + b"\n".join(blocks)


def nquads(graphs: Iterable[tuple[str, Triples | Graph | bytes]]) -> bytes:
    """N-Quads of named graphs, in the order given: each graph's N-Triples as pyoxigraph writes them
    (or as given), every statement given the graph's name (a line break stands only at the end of a
    statement: inside a literal it is written ``\\n``)."""
    out: list[bytes] = []
    for name, graph in graphs:
        text = graph if isinstance(graph, bytes) else ntriples(graph)
        out.append(text.replace(b" .\n", b" <" + ox.NamedNode(name).value.encode("utf-8") + b"> .\n"))
    return b"".join(out)


__all__ = ["turtle", "ntriples", "nquads", "jsonld", "trig", "rdfxml", "triples_of", "prefixes", "MEDIA_TYPES"]
