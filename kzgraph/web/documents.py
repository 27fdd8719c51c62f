"""The RDF documents of the site: what ``data/{key}.{ext}`` holds, in each format."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import pyoxigraph as ox

from ..core.formats import RDF, RdfFormat
from ..pipeline.terms import LABEL, TYPE, XSD, prefixes, to_curie
from .addresses import thing_iri
from .view import Term, View


def describe(view: View, key: str) -> list[ox.Triple]:
    """The triples of the document about ``key``: what the resource (and its ``#`` nodes) says,
    what points at it, and the labels of the resources it links to. For ``ontology`` and
    ``dataset`` it is the whole ontology or metadata graph."""
    store = view.store
    if key in ("ontology", "dataset"):
        graph = view.ontology_graph if key == "ontology" else view.metadata_graph
        return _unique(ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, graph))
    iri = thing_iri(key)
    node = ox.NamedNode(iri)
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(node, None, None)]
    for child in view.hash_children(iri):
        triples += [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(child, None, None)]
    triples += [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, node)]
    linked = {t.object.value for t in triples if isinstance(t.object, ox.NamedNode)}
    linked |= {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)}
    linked.discard(iri)
    for other in sorted(linked):
        triples += [
            ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(ox.NamedNode(other), LABEL, None)
        ]
    return _unique(triples)


def rdf_document(view: View, key: str, fmt: RdfFormat | str, void_ttl: bytes | None = None) -> bytes:
    """The bytes of ``data/{key}.{ext}`` (the VoID Turtle is served as the release wrote it)."""
    fmt = RDF[fmt] if isinstance(fmt, str) else fmt
    if key == "dataset" and fmt.ext == "ttl" and void_ttl:
        return void_ttl
    return serialize(describe(view, key), fmt)


def _unique(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    seen: dict[str, ox.Triple] = {}
    for tr in triples:
        seen.setdefault(str(tr), tr)
    return [seen[k] for k in sorted(seen)]


def serialize(triples: Sequence[ox.Triple], fmt: RdfFormat | str) -> bytes:
    """Triples in a document format, declaring the prefixes its registry entry says: all the project's
    (Turtle, for a reader), the predicates' only (RDF/XML), a JSON-LD context (compacted), or none."""
    fmt = RDF[fmt] if isinstance(fmt, str) else fmt
    if fmt.prefixes == "context":
        return jsonld(triples)
    if fmt.prefixes == "all":
        return ox.serialize(triples, format=fmt.oxigraph, prefixes=prefixes())
    if fmt.prefixes == "predicates":
        used = {p: ns for p, ns in prefixes().items() if any(t.predicate.value.startswith(ns) for t in triples)}
        return ox.serialize(triples, format=fmt.oxigraph, prefixes=used)
    return ox.serialize(triples, format=fmt.oxigraph)


def jsonld(triples: Sequence[ox.Triple]) -> bytes:
    """Compact JSON-LD: one node object per subject, prefixed names for IRIs, nodes sorted by @id."""
    ctx = prefixes()
    nodes: dict[str, dict[str, Any]] = {}

    def ref(term: Term) -> str:
        return to_curie(term.value) if isinstance(term, ox.NamedNode) else f"_:{term.value}"

    for tr in triples:
        node = nodes.setdefault(ref(tr.subject), {"@id": ref(tr.subject)})
        if tr.predicate == TYPE and isinstance(tr.object, ox.NamedNode):
            node.setdefault("@type", []).append(ref(tr.object))
            continue
        obj = tr.object
        if isinstance(obj, ox.Literal):
            value: dict[str, str] = {"@value": obj.value}
            if obj.language:
                value["@language"] = obj.language
            elif obj.datatype.value != XSD + "string":
                value["@type"] = to_curie(obj.datatype.value)
        else:
            value = {"@id": ref(obj)}
        node.setdefault(to_curie(tr.predicate.value), []).append(value)
    graph = [nodes[k] for k in sorted(nodes)]
    for node in graph:
        for _key, values in node.items():
            if isinstance(values, list):
                values.sort(key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    doc = {"@context": dict(sorted(ctx.items())), "@graph": graph}
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
