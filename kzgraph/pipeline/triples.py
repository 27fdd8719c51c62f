"""A graph held as sorted, duplicate-free N-Triples: the form the data path carries.

A million triples in an rdflib ``Graph`` take about 1.5 GiB and minutes to index and write; the same
triples as N-Triples text take about 150 MiB, and every fast engine reads that text directly:
pyoxigraph parses it at half a million triples a second (into a store for SPARQL, or straight into
its serializers), pyshacl-turbo validates it, reasonable reads IRIs from it. Lines are sorted, so
every output written from them comes out in the same order on every run (the data has no blank
nodes, so a line is the same on every run too). rdflib graphs are made from it only on request, for
small graphs and for the tests (:meth:`Triples.graph`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cached_property

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node


class Triples:
    """An immutable graph as canonical N-Triples bytes (one triple a line, sorted, no duplicates)."""

    def __init__(self, nt: bytes, count: int):
        self.nt, self.count = nt, count

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> Triples:
        """From N-Triples lines (``<s> <p> o .``, without line breaks), in any order, with repeats."""
        unique = sorted(set(lines))
        if not unique:
            return cls(b"", 0)
        return cls(("\n".join(unique) + "\n").encode("utf-8"), len(unique))

    @classmethod
    def from_terms(cls, triples: Iterable[tuple[Node, Node, Node]]) -> Triples:
        """From rdflib terms: each written with the term's own N-Triples form (``n3()`` without prefixes).

        ``n3()`` raises for an IRI that cannot be written (a space, ``<``, ``"``…), so such an IRI
        stops the conversion instead of reaching an engine that would panic on it.
        """
        return cls.from_lines(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in triples)

    @classmethod
    def from_graph(cls, graph: Graph) -> Triples:
        """From a small rdflib graph without blank nodes (blank nodes would not keep their labels)."""
        return cls.from_terms(graph)

    @classmethod
    def from_ox(cls, triples: Iterable[ox.Triple]) -> Triples:
        """From pyoxigraph triples (whose ``str`` is their N-Triples form)."""
        return cls.from_lines(f"{t} ." for t in triples)

    def __len__(self) -> int:
        return self.count

    def __bool__(self) -> bool:
        return self.count > 0

    def __iter__(self) -> Iterator[ox.Triple]:
        """The triples, parsed by pyoxigraph, in sorted order."""
        if not self.nt:
            return iter(())
        return iter(ox.parse(self.nt, format=ox.RdfFormat.N_TRIPLES))

    def lines(self) -> list[str]:
        """The N-Triples lines, sorted, without line breaks."""
        return self.nt.decode("utf-8").splitlines()

    def quads(self, graph_name: str) -> Iterator[ox.Quad]:
        """The triples as quads in the named graph ``graph_name``."""
        name = ox.NamedNode(graph_name)
        return (ox.Quad(t.subject, t.predicate, t.object, name) for t in self)

    def load_into(self, store: ox.Store, graph_name: str) -> None:
        """Add the triples to ``store`` in the named graph ``graph_name`` (parsed in Rust)."""
        if self.nt:
            store.load(self.nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph_name))

    @cached_property
    def graph(self) -> Graph:
        """The same triples as an rdflib graph with the project's prefixes (for small graphs and tests)."""
        from ..curated.namespaces import bind_prefixes

        g = bind_prefixes(Graph())
        if self.nt:
            g.parse(data=self.nt, format="nt")
        return g

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Triples) and self.nt == other.nt

    def __hash__(self) -> int:
        return hash(self.nt)

    def __repr__(self) -> str:
        return f"<Triples: {self.count}>"


EMPTY = Triples(b"", 0)


def store_of(graphs: Iterable[tuple[str, Triples | Graph]]) -> ox.Store:
    """An in-memory store holding each (graph name, triples or small rdflib graph)."""
    from .embedded_store import add_graph

    store = ox.Store()
    for name, triples in graphs:
        if isinstance(triples, Triples):
            triples.load_into(store, name)
        else:
            add_graph(store, triples, name)
    return store
