"""Warnings for terms a query names in the project's namespaces that the release does not have.

A misspelt property (``kzo:sendingStat``) or state (``state:KAZX``) is valid SPARQL: the query runs
and silently finds nothing. So before a query runs, the IRIs it names are read from its syntax tree
(rdflib's parser, the one :mod:`kzgraph.sparql.check` checks queries with; never from the text), and each
one in the ontology's namespace that the ontology graph does not define, or in the data namespace
that no triple holds, gets a warning naming the nearest term that exists. The query still runs: a
warning, not an error, since a query may ask about what is absent on purpose.

The terms that exist are read from the release itself (the ontology's named graph, every graph for
the data), once per store, so the check follows the ontology as it changes.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox

from ..curated.namespaces import PREFIX_TABLE, VOCABULARIES, graph_iri, id_iri, short_name

ONTOLOGY_NS = VOCABULARIES["kzo"]
DATA_NS = id_iri()


def query_iris(tree: Any, prefixes: dict[str, str] | None = None) -> list[str]:
    """The absolute IRIs a parsed query names (rdflib's ``parseQuery`` tree), in text order, once
    each; prefixed names read with the query's own PREFIX lines over ``prefixes`` (the project's).
    Left out: PREFIX and BASE lines, FROM clauses, SERVICE addresses and CONSTRUCT templates, which
    name IRIs without asking the graph for them."""
    from pyparsing import ParseResults
    from rdflib import URIRef
    from rdflib.plugins.sparql.parserutils import CompValue

    table = dict(PREFIX_TABLE if prefixes is None else prefixes)
    for part in tree[0] if len(tree) else []:
        if isinstance(part, CompValue) and part.name == "PrefixDecl":
            table[part.get("prefix") or ""] = str(part["iri"])
    out: list[str] = []
    stack: list[Any] = [tree]
    while stack:
        value = stack.pop()
        if isinstance(value, CompValue):
            if value.name in ("PrefixDecl", "Base", "BaseDecl", "DatasetClause"):
                continue
            if value.name == "pname":
                prefix, local = value.get("prefix") or "", value.get("localname") or ""
                if prefix in table:
                    out.append(table[prefix] + local.replace("\\", ""))
                continue
            children = [
                v for k, v in value.items() if not (k == "template" or (value.name == "ServiceGraphPattern" and k == "term"))
            ]
            stack.extend(reversed(children))
        elif isinstance(value, (list, tuple, ParseResults)):
            stack.extend(reversed(list(value)))
        elif isinstance(value, URIRef) and ":" in value:
            out.append(str(value))
    return list(dict.fromkeys(out))


def dataset_iris(tree: Any, base: str, prefixes: dict[str, str] | None = None) -> list[str]:
    """The graphs a parsed query's ``FROM`` and ``FROM NAMED`` clauses name, as absolute IRIs:
    prefixed names read with the query's own PREFIX lines over ``prefixes``, relative IRIs against
    its ``BASE`` (itself read against ``base``, the address the engine is given), as the engine
    resolves them (:func:`resolve`)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    table = dict(PREFIX_TABLE if prefixes is None else prefixes)
    for part in tree[0] if len(tree) else []:
        if isinstance(part, CompValue) and part.name == "PrefixDecl":
            table[part.get("prefix") or ""] = resolve(str(part["iri"]), base)
        elif isinstance(part, CompValue) and part.name == "Base":
            base = resolve(str(part["iri"]), base)
    out: list[str] = []
    for part in tree:
        if not isinstance(part, CompValue):
            continue
        for clause in dict.get(part, "datasetClause") or ():
            if not isinstance(clause, CompValue):
                continue
            # dict.get: a CompValue's own get() answers a missing key with the key's name
            iri = dict.get(clause, "default") if "default" in clause else dict.get(clause, "named")
            if isinstance(iri, CompValue) and iri.name == "pname":
                prefix, local = iri.get("prefix") or "", iri.get("localname") or ""
                if prefix in table:  # an undeclared prefix is the engine's syntax error to report
                    out.append(table[prefix] + local.replace("\\", ""))
            elif iri is not None:
                out.append(resolve(str(iri), base))
    return list(dict.fromkeys(out))


def resolve(iri: str, base: str) -> str:
    """``iri`` read against ``base`` by Oxigraph's own IRI resolver (RFC 3986, no normalisation: an
    absolute IRI stays as written, case and empty ``#``/``?`` included), so the graph checked is the
    graph the engine reads; an IRI it refuses is returned as written, for the engine to report."""
    try:
        [triple] = ox.parse(f"<{iri}> <urn:x> <urn:x> .", format=ox.RdfFormat.TURTLE, base_iri=base)
    except (SyntaxError, ValueError):
        return iri
    return triple.subject.value


def unknown_graphs(store: ox.Store, graphs: Sequence[str]) -> str | None:
    """Why a query that names ``graphs`` (in ``FROM``/``FROM NAMED``, or as the protocol's
    ``default-graph-uri``/``named-graph-uri``) cannot be answered from ``store``: a graph it does not
    hold (an engine that does not fetch graphs from the web would silently read it as empty); None
    when it holds them all."""
    held = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
    missing = [g for g in graphs if g not in held]
    if not missing:
        return None
    names = ", ".join(f"<{g}>" for g in missing)
    return (
        f"no graph {names} here: the query names a graph this release does not hold (graphs are never "
        f"fetched from the web); its graphs are {', '.join(f'<{g}>' for g in sorted(held))}"
    )


class Terms:
    """What the release defines: the ontology's terms (subjects of its named graph in the ``kzo:``
    namespace) and the data's IRIs (every IRI under ``…/id/`` in any graph), read once from a store."""

    def __init__(self, store: ox.Store):
        ontology = ox.NamedNode(graph_iri("ontology"))
        self.ontology = {
            q.subject.value
            for q in store.quads_for_pattern(None, None, None, ontology)
            if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(ONTOLOGY_NS)
        }
        data: set[str] = set()
        for q in store.quads_for_pattern(None, None, None, None):
            for term in (q.subject, q.object):
                if isinstance(term, ox.NamedNode) and term.value.startswith(DATA_NS):
                    data.add(term.value)
        self.data = data

    def warnings(self, iris: list[str]) -> list[str]:
        """One line for each IRI of the project's namespaces that the release does not have, with the
        nearest one it has."""
        out = []
        for iri in iris:
            if iri.startswith(ONTOLOGY_NS) and iri not in self.ontology:
                out.append(_unknown(iri, "is not a term of the ontology", self.ontology, ONTOLOGY_NS))
            elif iri.startswith(DATA_NS) and iri not in self.data:
                kind, sep, _ = iri[len(DATA_NS) :].partition("/")
                space = DATA_NS + kind + "/" if sep else DATA_NS
                candidates = {d for d in self.data if d.startswith(space)} or self.data
                out.append(_unknown(iri, "is in no triple of the graph", candidates, space))
        return out


def _unknown(iri: str, what: str, defined: set[str], namespace: str) -> str:
    locals_ = {d[len(namespace) :]: d for d in defined if d.startswith(namespace)}
    close = difflib.get_close_matches(iri[len(namespace) :], sorted(locals_), n=1, cutoff=0.6)
    hint = f"; did you mean {short_name(locals_[close[0]])}?" if close else ""
    return f"{short_name(iri)} {what}{hint}"


_indexes: list[tuple[ox.Store, Terms]] = []  # the one store of a process and its terms


def terms_of(store: ox.Store) -> Terms:
    """The :class:`Terms` of ``store``, read once per store (a release does not change under a process)."""
    if not _indexes or _indexes[0][0] is not store:
        _indexes[:] = [(store, Terms(store))]
    return _indexes[0][1]


def term_warnings(store: ox.Store, tree: Any, prefixes: dict[str, str] | None = None) -> list[str]:
    """The warnings for the terms a parsed query names (see :class:`Terms`)."""
    return terms_of(store).warnings(query_iris(tree, prefixes))
