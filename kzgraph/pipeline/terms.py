"""The RDF terms the pages read (as pyoxigraph nodes), the languages of the interface, and the
naming helpers every page uses. Namespace IRIs come from :mod:`kzgraph.curated.namespaces`, the one table."""

from __future__ import annotations

import pyoxigraph as ox

from ..curated.namespaces import PREFIX_TABLE, VOCABULARIES

KZO_NS = VOCABULARIES["kzo"]
XSD = VOCABULARIES["xsd"]
RDF_NS = VOCABULARIES["rdf"]
RDFS = VOCABULARIES["rdfs"]
SKOS = VOCABULARIES["skos"]
PROV = VOCABULARIES["prov"]
DCT = VOCABULARIES["dcterms"]
OWL = VOCABULARIES["owl"]
VOID = VOCABULARIES["void"]
ORG = VOCABULARIES["org"]
DCAT = VOCABULARIES["dcat"]
SCHEMA = VOCABULARIES["schema"]

TYPE = ox.NamedNode(RDF_NS + "type")
LABEL = ox.NamedNode(RDFS + "label")
COMMENT = ox.NamedNode(RDFS + "comment")
PREF_LABEL = ox.NamedNode(SKOS + "prefLabel")
DEFINITION = ox.NamedNode(SKOS + "definition")
TITLE = ox.NamedNode(DCT + "title")
DERIVED = ox.NamedNode(PROV + "wasDerivedFrom")
PROV_VALUE = ox.NamedNode(PROV + "value")
QUOTED_FROM = ox.NamedNode(PROV + "wasQuotedFrom")
IN_SECTION = ox.NamedNode(KZO_NS + "inSection")
CITES = ox.NamedNode(KZO_NS + "citesReference")
QUALITY_NOTE = ox.NamedNode(KZO_NS + "hasQualityNote")
NOTE_TYPE = ox.NamedNode(KZO_NS + "noteType")
PART_OF = ox.NamedNode(DCT + "isPartOf")
CITATION = ox.NamedNode(DCT + "bibliographicCitation")
SCHEMA_URL = ox.NamedNode(SCHEMA + "url")

LANGS = ("en", "bg")
DEFAULT_LANG = "en"

# named graph -> the dump that holds exactly it
GRAPH_DUMPS = {"data": "kzgraph.ttl", "inferred": "kzgraph-inferred.ttl", "ontology": "ontology.ttl", "metadata": "void.ttl"}


def prefixes() -> dict[str, str]:
    """The project's prefix table (a copy)."""
    return dict(PREFIX_TABLE)


_BY_LENGTH = sorted(PREFIX_TABLE.items(), key=lambda kv: -len(kv[1]))


def to_curie(iri: str) -> str:
    """A compact IRI (``prefix:rest``, the rest may hold ``/``): for JSON-LD and for titles."""
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def local_name(iri: str) -> str:
    """The last ``#`` or ``/`` segment of an IRI (trailing separators ignored); the IRI itself when it has none."""
    for sep in ("#", "/"):
        if sep in iri.rstrip(sep):
            tail = iri.rstrip(sep).rsplit(sep, 1)[1]
            if tail:
                return tail
    return iri


def clip(text: str, n: int) -> str:
    """``text`` cut to at most ``n`` characters, ending in an ellipsis when cut."""
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
