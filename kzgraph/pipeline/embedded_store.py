"""The embedded SPARQL store: pyoxigraph, loaded from the release's N-Quads or from rdflib graphs.

pyoxigraph is complete SPARQL 1.1 and one to two orders of magnitude faster than rdflib's engine,
so queries and serving run on it. Each part of a release lives in its own named graph; queries see
their union as the default graph unless they ask for a graph by name.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from ..curated.namespaces import graph_iri


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
    """Load a release's ``kzgraph.nq`` (data, ontology, metadata and inferred graphs).

    Parsed and added rather than ``Store.load``-ed: the store's loader gives every blank node a
    fresh random label, while the parser keeps the release's own (stable) labels, so the site's
    documents and the answers that show a blank node are the same from one run to the next."""
    quads = ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    if not with_inferred:
        skip = ox.NamedNode(graph_iri("inferred"))
        quads = (q for q in quads if q.graph_name != skip)
    store.extend(quads)


# --- the dataset a query sees -------------------------------------------------------------------

RELEASE_GRAPHS = ("data", "inferred", "ontology", "metadata")
ASSERTED_GRAPHS = ("data", "ontology", "metadata")


def release_dataset(asserted: bool = False) -> list[str]:
    """The graphs of the default dataset: every release graph, or with ``asserted`` all but the inferred one.

    One definition for the command line, the embedded store and ``/sparql``, so that the same query
    gives the same rows wherever it is asked. The default graph is their merge (the OWL RL inferences
    are what users of an ontology expect to see); each is also a named graph, so ``GRAPH
    <…/graph/inferred>`` still tells an inferred triple from an asserted one."""
    return [graph_iri(n) for n in (ASSERTED_GRAPHS if asserted else RELEASE_GRAPHS)]


def dataset_options(
    *,
    asserted: bool = False,
    query_names_dataset: bool = False,
    default_graphs: Iterable[str] = (),
    named_graphs: Iterable[str] = (),
    store: ox.Store | None = None,
) -> dict[str, Any]:
    """``Store.query`` keyword arguments for the dataset a query runs on, as SPARQL 1.1 has it.

    * ``default_graphs``/``named_graphs`` (the protocol's ``default-graph-uri``/``named-graph-uri``):
      when either is given, the dataset is exactly those graphs, over any ``FROM`` in the query; a
      graph not named is not visible (no named graphs with only ``default-graph-uri``, an empty
      default graph with only ``named-graph-uri``);
    * otherwise a query with ``FROM``/``FROM NAMED`` (``query_names_dataset``) runs on the dataset it
      names: no arguments, so the engine reads its own dataset clause;
    * otherwise the release's default dataset (:func:`release_dataset`); other named graphs a
      persistent store may hold (another project's, a load's staging graphs) stay out of it.

    Given the ``store``, when it holds no graph besides the release's (a release loaded from its
    N-Quads, as ``kzgraph query`` and ``kzgraph serve`` load it), the full default dataset is the
    engine's union of all graphs — the same triples, and half again as fast as naming the graphs.
    """
    defaults, named = list(default_graphs), list(named_graphs)
    if defaults or named:
        return {"default_graph": [ox.NamedNode(g) for g in defaults], "named_graphs": [ox.NamedNode(g) for g in named]}
    if query_names_dataset:
        return {}
    if not asserted and store is not None and {g.value for g in store.named_graphs()} <= set(release_dataset()):
        return {"use_default_graph_as_union": True}
    graphs = [ox.NamedNode(g) for g in release_dataset(asserted)]
    # the store's own unnamed graph too: empty in a release, but what triples added without a graph are in
    return {"default_graph": [ox.DefaultGraph(), *graphs], "named_graphs": graphs}
