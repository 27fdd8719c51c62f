"""The serializers the build used before it wrote every format with pyoxigraph, kept as the
reference that ``tests/test_serialize.py`` checks the release against (same graph, every format).

rdflib's Turtle writer sorts subjects, predicates and objects; the line formats (N-Triples,
N-Quads) are sorted here; JSON-LD is put in a canonical order (nodes by ``@id``, keys sorted);
TriG is assembled from the Turtle of each named graph in a fixed order. No blank nodes are
produced anywhere in the pipeline, so no blank-node labels can differ between runs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph

from kzgraph.curated.namespaces import bind_prefixes

MEDIA_TYPES = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "trig": "application/trig",
    "nq": "application/n-quads",
    "rdf": "application/rdf+xml",
}


def turtle(graph: Graph) -> bytes:
    return graph.serialize(format="turtle", encoding="utf-8")


def ntriples(graph: Graph) -> bytes:
    lines = {
        line for line in canonical_bnodes(graph).serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines() if line
    }
    return ("\n".join(sorted(lines)) + "\n").encode("utf-8")


def canonical_bnodes(graph: Graph) -> Graph:
    """The graph with blank nodes relabelled canonically (the ontology's OWL lists and unions), so
    line-based formats do not change with random blank-node ids."""
    if not any(isinstance(t, BNode) for triple in graph for t in triple):
        return graph
    return to_canonical_graph(graph)


def nquads(graphs: Iterable[tuple[str, Graph]]) -> bytes:
    lines: set[str] = set()
    for name, graph in graphs:
        graph = canonical_bnodes(graph)
        suffix = f" <{name}> ."
        for line in graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines():
            if line:
                lines.add(line[: -len(" .")] + suffix if line.endswith(" .") else line)
    return ("\n".join(sorted(lines)) + "\n").encode("utf-8")


def jsonld(graph: Graph, context: dict[str, str] | None = None) -> bytes:
    """Compact JSON-LD with the project's prefixes as context, nodes sorted by ``@id``."""
    ctx = context or {p: str(ns) for p, ns in graph.namespaces() if p}
    data = json.loads(graph.serialize(format="json-ld", context=ctx, auto_compact=True))
    nodes = data.get("@graph", [data] if "@id" in data else [])
    nodes = [_canonical(n) for n in nodes]
    nodes.sort(key=lambda n: str(n.get("@id", "")))
    doc = {"@context": dict(sorted(ctx.items())), "@graph": nodes}
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _canonical(value):  # type: ignore[no-untyped-def]
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def trig(graphs: Iterable[tuple[str, Graph | bytes]]) -> bytes:
    """TriG of named graphs, written in the order given, with one shared prefix block.

    A graph may be given as its Turtle (bytes) when the caller has serialized it already.
    """
    prefixes: set[str] = set()
    blocks: list[str] = []
    for name, graph in graphs:
        body: list[str] = []
        text = graph if isinstance(graph, bytes) else turtle(graph)
        for line in text.decode("utf-8").splitlines():
            if line.startswith("@prefix"):
                prefixes.add(line)
            elif line.strip():
                body.append("    " + line)
            elif body and body[-1]:
                body.append("")
        while body and not body[-1]:
            body.pop()
        blocks.append(f"<{name}> {{\n" + "\n".join(body) + "\n}\n")
    return ("\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)).encode("utf-8")


def rdfxml(graph: Graph) -> bytes:
    """RDF/XML, for the clients that still ask for it (content negotiation)."""
    g = bind_prefixes(Graph())
    for t in sorted(graph):
        g.add(t)
    return g.serialize(format="pretty-xml", encoding="utf-8")


def sorted_graph(graph: Graph) -> Graph:
    """A copy of ``graph`` whose triples were added in sorted order (stable iteration downstream)."""
    g = Graph()
    for prefix, ns in graph.namespaces():
        g.bind(prefix, ns, override=True, replace=True)
    for t in sorted(graph):
        g.add(t)
    return g


__all__ = ["turtle", "ntriples", "nquads", "jsonld", "trig", "rdfxml", "sorted_graph", "MEDIA_TYPES", "URIRef"]
