"""Write graphs in every format with pyoxigraph, byte-identical from run to run.

The data and the inferred triples arrive as :class:`~kzgraph.pipeline.triples.Triples` (sorted N-Triples);
pyoxigraph parses them and writes each format in Rust, in that sorted order, so the same triples
always give the same bytes: Turtle groups a subject's triples (they are consecutive), JSON-LD is
written as expanded JSON-LD with one node object per subject, N-Triples and N-Quads one statement a
line. The small graphs (ontology, metadata) are rdflib graphs; they are turned into Triples with
their blank nodes labelled canonically (the ontology's OWL lists and unions), so those labels do not
change between runs either. ``tests/test_serialize.py`` checks every file against rdflib's own
serializers: the same graph.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph

from ..core.formats import RDF as RDF_FORMATS
from ..curated.namespaces import BASE, PREFIXES, id_namespace
from .triples import Triples

MEDIA_TYPES = {ext: f.media for ext, f in RDF_FORMATS.items()}  # kept for callers; the table is kzgraph.core.formats


def prefixes(base: str = BASE) -> dict[str, str]:
    """The prefixes every Turtle and TriG file declares (``kz:`` for the data)."""
    return {**{p: str(ns) for p, ns in PREFIXES.items()}, "kz": str(id_namespace(base))}


def triples_of(graph: Graph) -> Triples:
    """A small rdflib graph as Triples, blank nodes relabelled canonically when it has any."""
    if any(isinstance(t, BNode) for triple in graph for t in triple):
        graph = to_canonical_graph(graph)
    return Triples.from_terms(graph)


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
