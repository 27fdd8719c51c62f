"""Read-only access to a loaded release for the pages: labels indexed once, arcs in and out."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from ..curated.namespaces import BASE, ID, graph_iri, short_name
from ..pipeline.terms import (
    COMMENT,
    KZO_NS,
    LABEL,
    OWL,
    PREF_LABEL,
    PROV_VALUE,
    RDF_NS,
    RDFS,
    TITLE,
    TYPE,
    clip,
    local_name,
    to_curie,
)
from .addresses import document_key, thing_iri
from .i18n import EXTERNAL_LABELS, humanize
from .search import Hit, Named, SearchIndex, named_resources

Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass
class Arc:
    """A predicate and the term at its other end; ``inferred`` when only the inferred graph holds it."""

    predicate: ox.NamedNode
    term: Term
    inferred: bool


class View:
    """Read-only access to a loaded release, with the labels indexed once (the store never changes)."""

    def __init__(self, store: ox.Store):
        self.store = store
        self.inferred_graph = ox.NamedNode(graph_iri("inferred"))
        self.ontology_graph = ox.NamedNode(graph_iri("ontology"))
        self.metadata_graph = ox.NamedNode(graph_iri("metadata"))
        self.labels: dict[str, dict[str, str]] = {}
        self.derived: dict[str, dict[str, str]] = {}
        self.keys: set[str] = set()
        for pred in (TITLE, PREF_LABEL, LABEL):  # later ones win
            for q in store.quads_for_pattern(None, pred, None):
                if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.Literal):
                    self.labels.setdefault(q.subject.value, {})[q.object.language or ""] = q.object.value
        # resources without a label (passages, notes) are named by their quote or comment
        for pred in (COMMENT, PROV_VALUE):
            for q in store.quads_for_pattern(None, pred, None):
                subject = q.subject
                if (
                    isinstance(subject, ox.NamedNode)
                    and subject.value.startswith(ID)
                    and isinstance(q.object, ox.Literal)
                    and subject.value not in self.labels
                ):
                    self.derived.setdefault(subject.value, {})[q.object.language or ""] = clip(
                        " ".join(q.object.value.split()), 70
                    )
        for q in store:
            for term in (q.subject, q.object):
                if isinstance(term, ox.NamedNode):
                    key = document_key(term.value)
                    if key is not None:
                        self.keys.add(key)

    # labels
    def label(self, iri: str, lang: str) -> str:
        """The label of ``iri`` in ``lang`` (else English, else untagged, else any); without one, a name made from the IRI."""
        found = self.labels.get(iri) or self.derived.get(iri)
        if found:
            for choice in (lang, "en", ""):
                if choice in found:
                    return found[choice]
            return next(iter(found.values()))
        if iri in EXTERNAL_LABELS:
            return EXTERNAL_LABELS[iri][0 if lang == "en" else 1]
        if iri.startswith(KZO_NS):
            return humanize(iri[len(KZO_NS) :])
        if iri.startswith(BASE):
            return iri[len(BASE) :]
        return to_curie(iri) if to_curie(iri) != iri else local_name(iri)

    def label_language(self, iri: str, lang: str) -> str | None:
        """The language of the label :meth:`label` gives ``iri`` in ``lang`` ("" untagged, None for a made-up
        name or another vocabulary's): a page marks a label that is not in its own language."""
        found = self.labels.get(iri) or self.derived.get(iri)
        if not found:
            return None
        return next((choice for choice in (lang, "en", "") if choice in found), next(iter(found)))

    def term_label(self, term: Term, lang: str) -> str:
        """Any term as text: an IRI's label, a literal's value, a blank node's ``_:`` name."""
        if isinstance(term, ox.NamedNode):
            return self.label(term.value, lang)
        if isinstance(term, ox.Literal):
            return term.value
        return f"_:{term.value}"

    def has_label(self, iri: str) -> bool:
        """Whether the data names ``iri``: a label, or the quote or comment that stands for one."""
        return iri in self.labels or iri in self.derived

    # triples
    def arcs_out(self, subject: ox.NamedNode | ox.BlankNode) -> list[Arc]:
        """The node's arcs out, from every graph, each once (inferred only when no other graph asserts it)."""
        return self._merge((q.predicate, q.object, q.graph_name) for q in self.store.quads_for_pattern(subject, None, None))

    def arcs_in(self, obj: ox.NamedNode) -> list[Arc]:
        """The arcs into the node, from every graph, each once (inferred only when no other graph asserts it)."""
        return self._merge((q.predicate, q.subject, q.graph_name) for q in self.store.quads_for_pattern(None, None, obj))

    def _merge(self, rows: Iterable[tuple[ox.NamedNode, Term, Any]]) -> list[Arc]:
        seen: dict[tuple[str, str], Arc] = {}
        for pred, term, graph in rows:
            key = (pred.value, str(term))
            inferred = graph == self.inferred_graph
            if key in seen:
                seen[key].inferred = seen[key].inferred and inferred
            else:
                seen[key] = Arc(pred, term, inferred)
        return list(seen.values())

    def objects(self, subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode) -> list[Term]:
        """The distinct objects of ``subject predicate ?o``, in any graph."""
        out: list[Term] = []
        for q in self.store.quads_for_pattern(subject, predicate, None):
            if q.object not in out:
                out.append(q.object)
        return out

    def text(self, subject: ox.NamedNode, predicate: ox.NamedNode, lang: str) -> str | None:
        """The literal of ``predicate`` in ``lang`` (else English, else any)."""
        found = {o.language or "": o.value for o in self.objects(subject, predicate) if isinstance(o, ox.Literal)}
        for choice in (lang, "en", ""):
            if choice in found:
                return found[choice]
        return next(iter(found.values()), None)

    def text_language(self, subject: ox.NamedNode, predicate: ox.NamedNode, lang: str) -> str | None:
        """The language tag of the literal :meth:`text` gives ("" untagged; None when there is none): a page marks text not in its own language."""
        found = [o.language or "" for o in self.objects(subject, predicate) if isinstance(o, ox.Literal)]
        return next((choice for choice in (lang, "en", "") if choice in found), found[0] if found else None)

    def types(self, subject: ox.NamedNode) -> list[Arc]:
        """The node's rdf:type arcs, asserted and inferred."""
        return [a for a in self.arcs_out(subject) if a.predicate == TYPE]

    def instances(self, cls: str) -> list[ox.NamedNode]:
        """The IRIs typed ``cls`` in any graph (inferred types included), each once."""
        out = {
            q.subject.value: q.subject
            for q in self.store.quads_for_pattern(None, TYPE, ox.NamedNode(cls))
            if isinstance(q.subject, ox.NamedNode)
        }
        return list(out.values())

    def exists(self, key: str) -> bool:
        """Whether the release has documents about ``key`` (some IRI of the release maps to it)."""
        return key in self.keys

    def hash_children(self, iri: str) -> list[ox.NamedNode]:
        """Nodes ``iri#…`` described in the same document (e.g. a membership's interval)."""
        prefix = iri + "#"
        found: dict[str, ox.NamedNode] = {}
        for q in self.store.quads_for_pattern(ox.NamedNode(iri), None, None):
            if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(prefix):
                found[q.object.value] = q.object
        return [found[k] for k in sorted(found)]

    def suggestions(self, key: str, lang: str, n: int = 6) -> list[str]:
        """Keys that look like ``key`` (a mistyped code, a wrong type segment, a label)."""
        keys = sorted(self.keys)
        close = difflib.get_close_matches(key, keys, n=n, cutoff=0.6)
        tail = key.rsplit("/", 1)[-1].casefold()
        if tail:
            close += [k for k in keys if k.rsplit("/", 1)[-1].casefold() == tail and k not in close]
            close += [k for k in keys if len(tail) >= 3 and tail in self.label(thing_iri(k), lang).casefold() and k not in close][
                :n
            ]
        return close[: n * 2]

    def search(self, text: str) -> list[Hit]:
        """Every resource whose names or types match ``text``, best first (see :mod:`kzgraph.web.search`)."""
        return self.search_index().search(text)

    def search_index(self) -> SearchIndex:
        """The names index, built on the first search (the store never changes)."""
        index = getattr(self, "_search_index", None)
        if index is None:
            index = self._search_index = SearchIndex(self.store, self.type_names())
        return index

    def named(self) -> list[Named]:
        """The names both searches read (the server's index, the static site's documents), sorted by IRI."""
        return named_resources(self.store, self.type_names())

    def type_names(self) -> dict[str, list[str]]:
        """Each class of the ontology with its labels in every language: "consulate" finds consulates."""
        return {iri: list(names.values()) for iri, names in self.labels.items() if iri.startswith(KZO_NS)}

    def vocabulary(self) -> tuple[list[str], list[str]]:
        """The classes and properties for the editor's completion (computed once: the store never changes)."""
        cached = getattr(self, "_vocabulary", None)
        if cached is None:
            cached = self._vocabulary = vocabulary(self)
        return cached


def class_counts(view: View) -> list[tuple[str, int]]:
    """Every class of the ontology's namespace with its number of instances (asserted or inferred)."""
    counts: dict[str, set[str]] = {}
    for q in view.store.quads_for_pattern(None, TYPE, None):
        if (
            isinstance(q.object, ox.NamedNode)
            and q.object.value.startswith(KZO_NS)
            and isinstance(q.subject, ox.NamedNode)
            and q.subject.value.startswith(ID)
        ):
            counts.setdefault(q.object.value, set()).add(q.subject.value)
    return sorted(((c, len(s)) for c, s in counts.items()), key=lambda cn: (-cn[1], cn[0]))


def vocabulary(view: Any) -> tuple[list[str], list[str]]:
    """The classes and properties a query may name: every class and property the ontology declares
    or the data uses, each as its IRI and as its short name (for completion in the editor)."""
    kinds = {
        ox.NamedNode(OWL + "Class"): "c",
        ox.NamedNode(RDFS + "Class"): "c",
        ox.NamedNode(OWL + "ObjectProperty"): "p",
        ox.NamedNode(OWL + "DatatypeProperty"): "p",
        ox.NamedNode(OWL + "AnnotationProperty"): "p",
        ox.NamedNode(RDF_NS + "Property"): "p",
    }
    classes: set[str] = set()
    properties: set[str] = set()
    for q in view.store.quads_for_pattern(None, TYPE, None):
        if isinstance(q.object, ox.NamedNode):
            if q.object in kinds and isinstance(q.subject, ox.NamedNode):
                (classes if kinds[q.object] == "c" else properties).add(q.subject.value)
            else:
                classes.add(q.object.value)
    for q in view.store.quads_for_pattern(None, None, None):
        properties.add(q.predicate.value)

    def both(iris: set[str]) -> list[str]:
        """The IRIs and their prefixed names (where they have one), sorted: the editor completes either."""
        names = {short_name(i) for i in iris}
        return sorted(iris | {n for n in names if not n.startswith("<")})

    return both(classes), both(properties)
