"""How far SHACL core shapes look from a focus node, and so which nodes an edit of the data can affect.

A build whose data changed in one file need not validate a million triples again with the core
shapes: when the previous data conformed, a node whose evaluation reads no changed triple conforms as
before. What a shape reads is bounded by its structure: from the focus node it follows its paths
(``sh:path``: a predicate, a sequence, alternatives, an inverse), reads the types of the values it
checks (``sh:class``), and applies nested shapes (``sh:node``, ``sh:property``, ``sh:or``/``sh:and``/
``sh:xone``/``sh:not``, ``sh:qualifiedValueShape``) to them, each from where it stands. :func:`reach_of`
reads that bound off the shapes graph: the longest distance from the focus at which a node's triples
are read, and the predicates followed forwards and backwards.

Given the changed triples (added and removed), :func:`affected` finds every node whose evaluation may
read one: the subject of each changed triple (its own triples, its types, its being a target), the
object where a shape reads the predicate backwards or targets its objects, and every node from which
those lie within the bound, following the predicates the shapes follow, in the graph before or after
the edit. :func:`surroundings` is what those nodes' evaluation reads: the triples of every node
within the bound. Validating that small graph, the findings on the affected nodes are those the whole
graph would give them; every other node conforms as it did (``tests/test_shacl_reach.py`` holds the
verdict to the whole validation's on every shape case, each break applied to the whole real data).

Where the bound cannot be read off the structure — a path of any length (``sh:zeroOrMorePath``,
``sh:oneOrMorePath``), a shape that nests itself, a SPARQL constraint or target left to the SHACL
engine, a constraint component of the project's own — :func:`reach_of` says None, and the build
validates everything.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

# Parameters whose value is a shape applied to the node the shape stands on (or, in a property
# shape, to each value): the bound runs on through them.
_NESTED_ONE = (SH.node, SH.qualifiedValueShape, SH["not"])
_NESTED_LIST = (SH["or"], SH["and"], SH.xone)
# Parameters that compare the values of the path with those of a property of the same focus node.
_PAIRED = (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals)
# What this module cannot bound: any of these in the core shapes means "validate everything".
_UNBOUNDED_PATHS = (SH.zeroOrMorePath, SH.oneOrMorePath)
_OPAQUE = (SH.sparql, SH.target, SH.select, SH.ask, SH.validator, SH.nodeValidator, SH.propertyValidator)


@dataclass(frozen=True)
class Reach:
    """How far the shapes look: ``depth`` is the greatest distance from a focus node of a node whose
    triples a shape reads; ``forward`` the predicates followed from subject to object, ``inverse``
    those followed back from object to subject; ``object_targets`` the predicates whose objects are
    focus nodes (``sh:targetObjectsOf``), ``nodes`` the nodes named as targets."""

    depth: int
    forward: frozenset[str]
    inverse: frozenset[str]
    object_targets: frozenset[str]
    nodes: frozenset[str]


class _Unbounded(Exception):
    """The shapes read something whose distance this module cannot bound."""


def reach_of(shapes: Graph) -> Reach | None:
    """The reach of the core ``shapes`` (those left to the SHACL engine), or None when it is not bounded."""
    if any((None, p, None) in shapes for p in (*_UNBOUNDED_PATHS, *_OPAQUE)):
        return None
    if (None, SH.qualifiedValueShapesDisjoint, None) in shapes:  # siblings' shapes on these values: not bounded here
        return None
    if any(not isinstance(n, URIRef) for n in shapes.objects(None, SH.targetNode)):  # a literal or blank target
        return None
    if any(True for _ in shapes.subjects(RDF.type, SH.ConstraintComponent)):
        return None
    walker = _Walker(shapes)
    try:
        depth = max((walker.node_depth(s, ()) for s in _shapes(shapes)), default=0)
    except _Unbounded:
        return None
    return Reach(
        depth=depth,
        forward=frozenset(walker.forward | {str(RDF.type)}),
        inverse=frozenset(walker.inverse),
        object_targets=frozenset(str(p) for p in shapes.objects(None, SH.targetObjectsOf)),
        nodes=frozenset(str(n) for n in shapes.objects(None, SH.targetNode)),
    )


def _shapes(shapes: Graph) -> list[Node]:
    """Every shape: typed as one, or standing where a shape is expected."""
    found = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    found |= set(shapes.objects(None, SH.property)) | set(shapes.subjects(SH.path, None))
    return sorted(found, key=str)


class _Walker:
    def __init__(self, shapes: Graph):
        self.g = shapes
        self.forward: set[str] = set()
        self.inverse: set[str] = set()

    def node_depth(self, shape: Node, seen: tuple[Node, ...]) -> int:
        """The distance, from the node ``shape`` is applied to, of the farthest node whose triples it reads."""
        if shape in seen:
            raise _Unbounded(f"{shape} nests itself")
        seen = (*seen, shape)
        path = self.g.value(shape, SH.path)
        length = self.path_length(path) if path is not None else 0
        for p in _PAIRED:
            for other in self.g.objects(shape, p):
                self.forward.add(str(other))
        inner = 0
        for nested in self._nested(shape):
            inner = max(inner, self.node_depth(nested, seen))
        # the values (at ``length``) are read too: their types for sh:class, their triples for nested shapes
        return length + inner

    def _nested(self, shape: Node) -> Iterable[Node]:
        yield from self.g.objects(shape, SH.property)
        for p in _NESTED_ONE:
            yield from self.g.objects(shape, p)
        for p in _NESTED_LIST:
            for head in self.g.objects(shape, p):
                yield from Collection(self.g, head)

    def path_length(self, path: Node, inverse: bool = False) -> int:
        """How many steps ``path`` takes; records the predicates it follows, and in which direction."""
        if isinstance(path, URIRef):
            (self.inverse if inverse else self.forward).add(str(path))
            return 1
        if (path, RDF.first, None) in self.g:  # a sequence
            return sum(self.path_length(step, inverse) for step in Collection(self.g, path))
        alternatives = self.g.value(path, SH.alternativePath)
        if alternatives is not None:
            return max((self.path_length(step, inverse) for step in Collection(self.g, alternatives)), default=0)
        inverted = self.g.value(path, SH.inversePath)
        if inverted is not None:
            return self.path_length(inverted, not inverse)
        optional = self.g.value(path, SH.zeroOrOnePath)
        if optional is not None:
            return self.path_length(optional, inverse)
        raise _Unbounded(f"a path this module does not know: {path}")


# --- what an edit can affect --------------------------------------------------------------------------


def changed_lines(old: bytes | list[str], new: bytes | list[str]) -> tuple[list[str], list[str]]:
    """The N-Triples lines only in ``old`` (removed) and only in ``new`` (added): both are sorted and
    duplicate-free (:class:`kzgraph.pipeline.triples.Triples`, or its lines), so one walk through both finds them."""
    a = old.decode("utf-8").splitlines() if isinstance(old, bytes) else old
    b = new.decode("utf-8").splitlines() if isinstance(new, bytes) else new
    removed, added = [], []
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i, j = i + 1, j + 1
        elif a[i] < b[j]:
            removed.append(a[i])
            i += 1
        else:
            added.append(b[j])
            j += 1
    return removed + a[i:], added + b[j:]


def _split(line: str) -> tuple[str, str, str]:
    """Subject, predicate and object of an N-Triples line of the data: IRIs bare, a blank node or a
    literal as written (IRIs have no spaces, so the object runs from the second space to the " .")."""
    s, p, o = line.split(" ", 2)
    o = o.removesuffix(" .")
    return (s[1:-1] if s.startswith("<") else s), p[1:-1], (o[1:-1] if o.startswith("<") else o)


def affected(reach: Reach, store: ox.Store, graph: ox.NamedNode, removed: list[str], added: list[str]) -> set[str] | None:
    """Every node whose evaluation by shapes of this ``reach`` may read one of the changed triples, in
    the data after the edit (``graph`` of ``store``) or before it (that data with ``removed`` back);
    None when a changed triple has a blank node (the data has none: this module does not follow them)."""
    gone = [_split(line) for line in removed]
    frontier: set[str] = set(reach.nodes)
    for s, p, o in (*gone, *(_split(line) for line in added)):
        if s.startswith("_:") or o.startswith("_:"):
            return None
        if p in reach.inverse and o.startswith('"'):  # read backwards from a literal: not followed here
            return None
        frontier.add(s)
        if (p in reach.inverse or p in reach.object_targets) and not o.startswith('"'):
            frontier.add(o)
    found = set(frontier)
    for _ in range(reach.depth):
        step: set[str] = set()
        for node in frontier:
            step |= _pointing_at(reach, store, graph, node)
        for s, p, o in gone:  # the edges the data had before the edit
            if p in reach.forward and o in frontier:
                step.add(s)
            if p in reach.inverse and s in frontier and not o.startswith('"'):
                step.add(o)
        frontier = step - found
        found |= frontier
        if not frontier:
            break
    return found


def _pointing_at(reach: Reach, store: ox.Store, graph: ox.NamedNode, node: str) -> set[str]:
    """The nodes from which ``node`` is one step along a predicate the shapes follow."""
    n = ox.NamedNode(node)
    out = {q.subject.value for q in store.quads_for_pattern(None, None, n, graph) if q.predicate.value in reach.forward}
    out |= {
        q.object.value
        for q in store.quads_for_pattern(n, None, None, graph)
        if q.predicate.value in reach.inverse and isinstance(q.object, ox.NamedNode)
    }
    return out


def surroundings(reach: Reach, store: ox.Store, graph: ox.NamedNode, focus: Iterable[str], lines: list[str]) -> list[str] | None:
    """The N-Triples lines the evaluation of the ``focus`` nodes reads: every triple of each node within
    ``reach.depth`` steps along the predicates the shapes follow, the triples pointing at it along
    those they follow backwards, and those that make a focus node a target (``sh:targetObjectsOf``).

    ``lines`` are the data's own sorted N-Triples lines, which the triples are taken from as written:
    the store only says which nodes to visit (it holds literals in its own canonical form, where
    ``"1"^^xsd:positiveInteger`` is an ``xsd:integer``, which a shape's ``sh:datatype`` would refuse);
    a triple found through the store links two IRIs, which it keeps as they are.

    None when a node it reaches has a literal value of a predicate the shapes read backwards: the
    shapes would read the triples pointing at that literal, which this does not follow."""
    found: set[str] = set()
    frontier, seen = set(focus), set(focus)
    for node in frontier:
        for q in store.quads_for_pattern(None, None, ox.NamedNode(node), graph):
            if q.predicate.value in reach.object_targets:
                found.add(f"{q.subject} {q.predicate} {q.object} .")
    for distance in range(reach.depth + 1):
        step: set[str] = set()
        for node in frontier:
            for line in _lines_of(lines, node):
                found.add(line)
                _, p, o = _split(line)
                if p in reach.inverse and o.startswith('"'):
                    return None
                if p in reach.forward and line.endswith("> .") and not o.startswith(('"', "_:")):
                    step.add(o)
            if reach.inverse:
                for q in store.quads_for_pattern(None, None, ox.NamedNode(node), graph):
                    if q.predicate.value in reach.inverse and isinstance(q.subject, ox.NamedNode):
                        found.add(f"{q.subject} {q.predicate} {q.object} .")
                        step.add(q.subject.value)
        if distance == reach.depth:
            break
        frontier = step - seen
        seen |= frontier
    return sorted(found)


def _lines_of(lines: list[str], node: str) -> list[str]:
    """The lines whose subject is ``node``: one run of the sorted lines, found by bisection."""
    prefix = f"<{node}> "
    start = bisect.bisect_left(lines, prefix)
    end = start
    while end < len(lines) and lines[end].startswith(prefix):
        end += 1
    return lines[start:end]


__all__ = ["Reach", "reach_of", "changed_lines", "affected", "surroundings"]
