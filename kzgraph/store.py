"""The embedded SPARQL store: pyoxigraph, loaded from the release's N-Quads or from rdflib graphs.

pyoxigraph is complete SPARQL 1.1 and one to two orders of magnitude faster than rdflib's engine,
so queries and serving run on it. Each part of a release lives in its own named graph; queries see
their union as the default graph unless they ask for a graph by name.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .namespaces import graph_iri


def add_graph(store: ox.Store, graph: Graph, name: str) -> None:
    """Load an rdflib graph into the named graph ``name`` (through N-Triples: one parse, no per-term calls)."""
    data = graph.serialize(format="nt", encoding="utf-8")
    store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))


def store_of(graphs: Iterable[tuple[str, Graph]]) -> ox.Store:
    """An in-memory store holding each (name, graph)."""
    store = ox.Store()
    for name, graph in graphs:
        add_graph(store, graph, name)
    return store


def load_release(store: ox.Store, nquads: Path, with_inferred: bool = True) -> None:
    """Load a release's ``kzgraph.nq`` (data, ontology, metadata and inferred graphs)."""
    if with_inferred:
        store.load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        return
    skip = ox.NamedNode(graph_iri("inferred"))
    quads = [q for q in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS) if q.graph_name != skip]
    store.extend(quads)
