"""IRIs of the dataset and the vocabularies it uses, and the prefixes every output binds."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SDO, SH, SKOS, TIME, VANN, VOID, XSD

BASE = "https://w3id.org/kzgraph/"
KZO = Namespace(BASE + "ontology#")
ONTOLOGY = BASE + "ontology"
BIBO = Namespace("http://purl.org/ontology/bibo/")
WD = Namespace("http://www.wikidata.org/entity/")
SCHEMA = SDO  # https://schema.org/

PREFIXES: dict[str, Namespace] = {
    "kzo": KZO, "org": ORG, "prov": PROV, "time": TIME, "skos": SKOS, "schema": SCHEMA, "foaf": FOAF,
    "dcterms": DCTERMS, "qb": QB, "vann": VANN, "void": VOID, "dcat": DCAT, "bibo": BIBO, "wd": WD,
    "owl": OWL, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "sh": SH,
}


def id_namespace(base: str = BASE) -> Namespace:
    """Namespace of the data IRIs (``…/id/``) under a base; the base is configurable for local serving."""
    return Namespace(base + "id/")


def graph_iri(name: str, base: str = BASE) -> str:
    """IRI of one of the release's named graphs: data, inferred, ontology, metadata."""
    return f"{base}graph/{name}"


def curie(term: str) -> object:
    """Resolve ``"prefix:local"`` to an IRI of one of the bound namespaces."""
    prefix, _, local = term.partition(":")
    return PREFIXES[prefix][local]


def bind_prefixes(graph: Graph, base: str = BASE) -> Graph:
    """Bind the project's prefixes (and ``kz:`` for the data) so outputs are readable."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    graph.bind("kz", id_namespace(base), override=True, replace=True)
    return graph
