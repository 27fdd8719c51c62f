"""The dataset's description: VoID statistics and partitions, DCAT distributions, licence, provenance.

This is what a crawler, a catalogue or a triple-store admin reads before the data itself. Every
number in it is counted from the graph being published, so it cannot drift from the data; no build
time is recorded, so the description is as reproducible as the data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, VOID, XSD

from . import __version__
from .namespaces import BASE, ONTOLOGY, WD, bind_prefixes, id_namespace
from .serialize import MEDIA_TYPES
from .triples import Triples

CC_BY_SA = URIRef("https://creativecommons.org/licenses/by-sa/4.0/")
DUMPS = {  # file name -> media type
    "kzgraph.ttl": MEDIA_TYPES["ttl"],
    "kzgraph.nt": MEDIA_TYPES["nt"],
    "kzgraph.jsonld": MEDIA_TYPES["jsonld"],
    "kzgraph.trig": MEDIA_TYPES["trig"],
    "kzgraph.nq": MEDIA_TYPES["nq"],
    "kzgraph-inferred.ttl": MEDIA_TYPES["ttl"],
    "ontology.ttl": MEDIA_TYPES["ttl"],
}


def dataset_iri(base: str = BASE) -> URIRef:
    """The IRI of the dataset that the VoID and DCAT description is about (``{base}dataset``)."""
    return URIRef(base + "dataset")


def describe(
    data: Triples | Graph, article: URIRef, base: str = BASE, dump_base: str | None = None, sparql_endpoint: str | None = None
) -> Graph:
    """VoID + DCAT description of ``data`` (the asserted graph, as Triples or a small rdflib graph)."""
    g = bind_prefixes(Graph(), base)
    for triple in _triples(data, article, base, dump_base or base + "dump/", sparql_endpoint):
        g.add(triple)
    return g


def _triples(data: Graph, article: URIRef, base: str, dump_base: str, endpoint: str | None) -> Iterator[tuple]:
    ds = dataset_iri(base)
    ns = id_namespace(base)
    yield ds, RDF.type, VOID.Dataset
    yield ds, RDF.type, DCAT.Dataset
    yield ds, DCTERMS.title, Literal("kzgraph: Kazakhstan's foreign relations", lang="en")
    yield ds, DCTERMS.title, Literal("kzgraph: външните отношения на Казахстан", lang="bg")
    yield (
        ds,
        DCTERMS.description,
        Literal(
            "Every fact of the Bulgarian Wikipedia article 'Външна политика на Казахстан' as linked data: "
            "diplomatic relations, recognitions, missions, memberships, agreements, visits, borders and figures, "
            "each with the verbatim quote, section and cited reference it comes from.",
            lang="en",
        ),
    )
    yield ds, DCTERMS.license, CC_BY_SA
    yield ds, DCTERMS.source, article
    yield ds, PROV.wasDerivedFrom, article
    yield ds, OWL.versionInfo, Literal(__version__)
    yield ds, DCTERMS.creator, Literal("kzgraph contributors")
    yield ds, VOID.uriSpace, Literal(str(ns))
    yield ds, VOID.vocabulary, URIRef(ONTOLOGY)
    yield ds, DCAT.keyword, Literal("Kazakhstan", lang="en")
    yield ds, DCAT.keyword, Literal("foreign relations", lang="en")
    yield ds, DCAT.keyword, Literal("diplomatic missions", lang="en")
    yield ds, FOAF.homepage, URIRef(base)
    if endpoint:
        yield ds, VOID.sparqlEndpoint, URIRef(endpoint)
    for name, media in sorted(DUMPS.items()):
        dump = URIRef(dump_base + name)
        dist = URIRef(f"{ds}#dist-{name.replace('.', '-')}")
        if name.startswith("kzgraph."):
            yield ds, VOID.dataDump, dump
        yield ds, DCAT.distribution, dist
        yield dist, RDF.type, DCAT.Distribution
        yield dist, DCAT.downloadURL, dump
        yield dist, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media}")
        yield dist, DCTERMS.format, Literal(media)
        yield dist, DCTERMS.license, CC_BY_SA
        yield dist, DCTERMS.title, Literal(name)
    yield from _statistics(data, ds, ns)


def _statistics(data: Triples | Graph, ds: URIRef, ns: str) -> Iterator[tuple]:
    classes: Counter[str] = Counter()
    properties: Counter[str] = Counter()
    subjects: set[str] = set()
    objects: set[str] = set()
    wikidata_links = 0
    triples = data if isinstance(data, Triples) else Triples.from_graph(data)
    same_as, type_, wd = str(OWL.sameAs), str(RDF.type), str(WD)
    for t in triples:  # pyoxigraph terms: .value is the IRI; str() the N-Triples form (distinct per term)
        s, p, o = t.subject.value, t.predicate.value, t.object
        properties[p] += 1
        subjects.add(s)
        objects.add(str(o))
        if p == type_:
            classes[o.value] += 1
        if p == same_as and o.value.startswith(wd):
            wikidata_links += 1
    classes_iri = {URIRef(c): n for c, n in classes.items()}
    properties_iri = {URIRef(p): n for p, n in properties.items()}
    entities = sum(1 for s in subjects if s.startswith(ns))
    yield ds, VOID.triples, Literal(len(triples), datatype=XSD.integer)
    yield ds, VOID.entities, Literal(entities, datatype=XSD.integer)
    yield ds, VOID.classes, Literal(len(classes_iri), datatype=XSD.integer)
    yield ds, VOID.properties, Literal(len(properties_iri), datatype=XSD.integer)
    yield ds, VOID.distinctSubjects, Literal(len(subjects), datatype=XSD.integer)
    yield ds, VOID.distinctObjects, Literal(len(objects), datatype=XSD.integer)
    for cls, n in sorted(classes_iri.items()):
        part = URIRef(f"{ds}#class-{_local(cls)}")
        yield ds, VOID.classPartition, part
        yield part, VOID["class"], cls
        yield part, VOID.entities, Literal(n, datatype=XSD.integer)
    for prop, n in sorted(properties_iri.items()):
        part = URIRef(f"{ds}#property-{_local(prop)}")
        yield ds, VOID.propertyPartition, part
        yield part, VOID.property, prop
        yield part, VOID.triples, Literal(n, datatype=XSD.integer)
    linkset = URIRef(f"{ds}#wikidata-links")
    yield ds, VOID.subset, linkset
    yield linkset, RDF.type, VOID.Linkset
    yield linkset, VOID.linkPredicate, OWL.sameAs
    yield linkset, VOID.subjectsTarget, ds
    yield linkset, VOID.objectsTarget, URIRef("http://www.wikidata.org/")
    yield linkset, VOID.triples, Literal(wikidata_links, datatype=XSD.integer)
    yield linkset, RDFS.label, Literal("Identity links to Wikidata", lang="en")


def _local(iri: URIRef) -> str:
    text = str(iri)
    for sep in ("#", "/"):
        if sep in text:
            text = text.rsplit(sep, 1)[1] or text
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text) + "-" + format(abs(hash_stable(str(iri))) % 10**6, "06d")


def hash_stable(text: str) -> int:
    """A hash that is the same in every process (Python's ``hash`` is salted per process)."""
    import zlib

    return zlib.crc32(text.encode("utf-8"))
