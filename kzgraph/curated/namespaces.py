"""The IRIs of the dataset and of the vocabularies it uses: the one table of prefixes.

Every output binds these prefixes, every query through the CLI or the endpoint may use them without
declaring them (``kzgraph prefixes`` prints them as SPARQL), and every short name the project prints
is written with them. Each kind of resource has a prefix of its own, the way Wikidata has ``wd:``,
so that a short name is valid SPARQL as printed: ``state:KAZ``, ``mission:KAZ-embassy-AZE-baku``
(``kz:state/KAZ`` would not be: a prefixed name cannot hold a ``/``). An IRI whose local part no
prefix can carry without escapes (a subsection ``…/id/section/asia/armenia``, a source passage) is
printed whole, as ``<https://…>``.
"""

from __future__ import annotations

import re

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SH, SKOS, VANN, VOID

from . import model
from .kzo_terms import KZO

BASE = "https://w3id.org/kzgraph/"
ONTOLOGY = BASE + "ontology"
DATASET_IRI = BASE + "dataset"

# The standard vocabularies the data, the ontology and the metadata use, and the ontology's own
# namespace: prefix -> namespace IRI. The prefixes are the ones their publishers recommend.
VOCABULARIES: dict[str, str] = {
    "kzo": BASE + "ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "qb": "http://purl.org/linked-data/cube#",
    "vann": "http://purl.org/vocab/vann/",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "bibo": "http://purl.org/ontology/bibo/",
    "sh": "http://www.w3.org/ns/shacl#",
    "wd": "http://www.wikidata.org/entity/",
    "geo": "http://www.opengis.net/ont/geosparql#",
    "sf": "http://www.opengis.net/ont/sf#",
    "wgs84": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "gn": "https://sws.geonames.org/",
}

# Kinds of resource under ``…/id/``: every curated record kind of the model, the source passages and
# the data set of figures. Each is the first path segment of its IRIs and the name of its prefix.
KINDS: tuple[str, ...] = tuple(dict.fromkeys((*model.ANY, "passage", "dataset")))

_CLASHES = set(VOCABULARIES) & set(KINDS)
assert not _CLASHES, f"a kind of resource would take the prefix of a vocabulary: {_CLASHES}"


def id_iri(base: str = BASE) -> str:
    """The namespace of the data IRIs (``…/id/``) under a base."""
    return base + "id/"


def id_namespace(base: str = BASE) -> Namespace:
    """The data namespace as an rdflib Namespace; the base is configurable for local serving."""
    return Namespace(id_iri(base))


def prefix_table(base: str = BASE) -> dict[str, str]:
    """Every prefix the project knows: ``kz``, one per kind of resource, then the vocabularies."""
    ids = id_iri(base)
    table = {"kz": ids}
    table.update({kind: f"{ids}{kind}/" for kind in KINDS})
    table.update(VOCABULARIES)
    return table


PREFIX_TABLE: dict[str, str] = prefix_table()
# rdflib Namespaces of the vocabularies (the pipeline builds its graphs with rdflib). The ontology's
# own, KZO, is closed: a name it does not define fails (kzgraph/curated/kzo_terms.py, written from the ontology).
PREFIXES: dict[str, Namespace] = {p: Namespace(iri) for p, iri in VOCABULARIES.items()}
assert str(KZO) == VOCABULARIES["kzo"], "kzgraph/curated/kzo_terms.py was written for another namespace: run `kzgraph terms`"
# The closed namespaces :func:`expand_curie` resolves through (a name they do not define raises): our own, and
# the standard vocabularies rdflib closes itself (its XSD, TIME, schema.org, DCAT and GeoSPARQL only warn).
CLOSED = {"kzo": KZO, "rdf": RDF, "rdfs": RDFS, "owl": OWL, "skos": SKOS, "dcterms": DCTERMS, "prov": PROV, "org": ORG}
CLOSED.update({"foaf": FOAF, "qb": QB, "vann": VANN, "void": VOID, "sh": SH})
BIBO = PREFIXES["bibo"]
WD = PREFIXES["wd"]
GEO, SF, WGS84, GN = (PREFIXES[p] for p in ("geo", "sf", "wgs84", "gn"))
SCHEMA = PREFIXES["schema"]
ID = id_iri()

# A local name that SPARQL and Turtle read without escapes (the ASCII part of PN_LOCAL; a name
# outside it is printed as a whole IRI rather than escaped).
_LOCAL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
_BY_LENGTH = sorted(PREFIX_TABLE.items(), key=lambda kv: -len(kv[1]))


def short_name(iri: str, table: dict[str, str] | None = None) -> str:
    """``iri`` as it can be pasted back into a query: ``prefix:local`` with the longest namespace
    that leaves a local name needing no escape, else ``<iri>``."""
    candidates = _BY_LENGTH if table is None else sorted(table.items(), key=lambda kv: -len(kv[1]))
    for prefix, ns in candidates:
        if iri.startswith(ns) and _LOCAL.fullmatch(iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns) :]}"
    return f"<{iri}>"


def sparql_prologue(table: dict[str, str] | None = None) -> str:
    """The prefix table as SPARQL ``PREFIX`` lines."""
    items = (table or PREFIX_TABLE).items()
    width = max(len(p) for p, _ in items) + 1
    return "".join(f"PREFIX {(p + ':').ljust(width)} <{iri}>\n" for p, iri in items)


def graph_iri(name: str, base: str = BASE) -> str:
    """IRI of one of the release's named graphs: data, inferred, ontology, metadata."""
    return f"{base}graph/{name}"


def expand_curie(term: str) -> object:
    """Resolve ``"prefix:local"`` of a vocabulary to an rdflib IRI; a name that a closed namespace
    (:data:`CLOSED`: ``kzo:`` and most standard ones) does not define raises AttributeError."""
    prefix, _, local = term.partition(":")
    return CLOSED[prefix][local] if prefix in CLOSED else PREFIXES[prefix][local]


def bind_prefixes(graph: Graph, base: str = BASE) -> Graph:
    """Bind every prefix of the table (kinds included) so outputs are readable."""
    for prefix, iri in prefix_table(base).items():
        graph.bind(prefix, Namespace(iri), override=True, replace=True)
    return graph
