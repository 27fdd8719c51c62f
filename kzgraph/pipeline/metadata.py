"""The dataset's description: VoID statistics and partitions, DCAT distributions, licence, provenance.

This is what a crawler, a catalogue or a triple-store admin reads before the data itself. Every
number in it is counted from the graph being published, so it cannot drift from the data; no build
time is recorded, so the description is as reproducible as the data: the issue date is the
article's own date (``article.as_of`` in ``data/sources.yaml``, the newest date it prints), and the
text the facts were read from is named by its SHA-256, since the article states no revision id.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, VOID, XSD, Namespace

from .. import __version__
from ..core.dates import PartialDate
from ..curated.namespaces import BASE, ONTOLOGY, SCHEMA, WD, bind_prefixes, id_namespace
from ..curated.release import release_iri, series_iri
from .serialize import MEDIA_TYPES
from .triples import Triples

if TYPE_CHECKING:
    from ..curated.load import Dataset

SPDX = Namespace("http://spdx.org/rdf/terms#")
DCAT_VERSION = URIRef(str(DCAT) + "version")  # DCAT 3, which rdflib's DCAT 2 namespace lacks
DCAT_SERIES = URIRef(str(DCAT) + "DatasetSeries")  # DCAT 3 versions and series, likewise
DCAT_IN_SERIES = URIRef(str(DCAT) + "inSeries")
DCAT_SERIES_MEMBER = URIRef(str(DCAT) + "seriesMember")
DCAT_LAST = URIRef(str(DCAT) + "last")
DCAT_PREV = URIRef(str(DCAT) + "prev")
DCAT_HAS_VERSION = URIRef(str(DCAT) + "hasVersion")
DCAT_HAS_CURRENT_VERSION = URIRef(str(DCAT) + "hasCurrentVersion")
DCAT_PREVIOUS_VERSION = URIRef(str(DCAT) + "previousVersion")
SPARQL_PROTOCOL = URIRef("http://www.w3.org/TR/sparql11-protocol/")
PUBLISHER_NAME = "kzgraph contributors"
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


@dataclass(frozen=True)
class ArticleSource:
    """What names the exact text the facts were read from: the article's address, its own date (the
    newest date it prints: the date it was read as of) and the SHA-256 of the text as read."""

    url: str
    as_of: Literal  # xsd:date (or coarser, as the sources give it)
    text_sha256: str


def article_source(dataset: Dataset) -> ArticleSource | None:
    """The :class:`ArticleSource` of a loaded dataset; None when the sources give no article date."""
    records = dataset.by_path("article")
    as_of = records[0].values.get("as_of") if records else None
    if not isinstance(as_of, PartialDate):
        return None
    digest = hashlib.sha256(dataset.article.encode("utf-8")).hexdigest()
    return ArticleSource(str(records[0].values.get("url", "")), as_of.literal(), digest)


def describe(
    data: Triples | Graph,
    article: URIRef,
    base: str = BASE,
    dump_base: str | None = None,
    sparql_endpoint: str | None = None,
    source: ArticleSource | None = None,
    release: Mapping[str, Any] | None = None,
) -> Graph:
    """VoID + DCAT description of ``data`` (the asserted graph, as Triples or a small rdflib graph);
    with ``source``, also its issue date and the revision of the article it was read from; with
    ``release`` (``release:`` of the sources: version, released, previous), the release's version,
    date, predecessor and its place in the series of releases (see :mod:`kzgraph.curated.release`)."""
    g = bind_prefixes(Graph(), base)
    g.bind("spdx", SPDX)
    version = str((release or {}).get("version") or __version__)
    for triple in _triples(data, article, base, dump_base or base + "dump/", sparql_endpoint, version):
        g.add(triple)
    for triple in _catalogue(dataset_iri(base), article, sparql_endpoint, source, version, release or {}):
        g.add(triple)
    if release:
        for triple in _versions(dataset_iri(base), base, version, release, _issued(source, release)):
            g.add(triple)
    return g


def _issued(source: ArticleSource | None, release: Mapping[str, Any]) -> Literal | None:
    """The release's issue date: the day it was released when the sources say, else the article's own date."""
    released = release.get("released")
    if isinstance(released, PartialDate):
        return released.literal()
    return source.as_of if source else None


def _versions(ds: URIRef, base: str, version: str, release: Mapping[str, Any], issued: Literal | None) -> Iterator[tuple]:
    """This release as a member of the series of releases, with its own dumps under ``releases/VERSION/``;
    the stable ``dataset`` IRI is its current version. The predecessor named in the sources is linked."""
    this, series = release_iri(version, base), series_iri(base)
    yield series, RDF.type, DCAT_SERIES
    yield series, DCTERMS.title, Literal("kzgraph releases", lang="en")
    yield series, RDFS.label, Literal("kzgraph releases", lang="en")
    yield series, DCAT_SERIES_MEMBER, this
    yield series, DCAT_LAST, this
    yield ds, DCAT_HAS_CURRENT_VERSION, this
    yield ds, DCAT_HAS_VERSION, this
    yield this, RDF.type, DCAT.Dataset
    yield this, DCAT_IN_SERIES, series
    yield this, DCAT_VERSION, Literal(version)
    yield this, OWL.versionInfo, Literal(version)
    yield this, DCTERMS.title, Literal(f"kzgraph release {version}", lang="en")
    yield this, RDFS.label, Literal(f"kzgraph release {version}", lang="en")
    yield this, DCTERMS.license, CC_BY_SA
    if issued is not None:
        yield this, DCTERMS.issued, issued
    previous = release.get("previous")
    if isinstance(previous, str):
        before = release_iri(previous, base)
        for subject in (ds, this):
            yield subject, PROV.wasDerivedFrom, before
            yield subject, DCAT_PREVIOUS_VERSION, before
        yield this, DCAT_PREV, before
        yield before, DCAT_IN_SERIES, series
        yield series, DCAT_SERIES_MEMBER, before
        yield before, DCAT_VERSION, Literal(previous)
    for name, media in sorted(DUMPS.items()):
        dist = URIRef(f"{this}#dist-{name.replace('.', '-')}")
        yield this, DCAT.distribution, dist
        yield dist, RDF.type, DCAT.Distribution
        yield dist, DCAT.downloadURL, URIRef(f"{base}releases/{version}/{name}")
        yield dist, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media}")
        yield dist, DCTERMS.format, Literal(media)
        yield dist, DCTERMS.license, CC_BY_SA
        yield dist, DCTERMS.title, Literal(name)


def _catalogue(
    ds: URIRef, article: URIRef, endpoint: str | None, source: ArticleSource | None, version: str, release: Mapping[str, Any]
) -> Iterator[tuple]:
    """What a DCAT catalogue reads besides the distributions: publisher, version, issue date, the
    source revision, and the SPARQL service (whose Service Description is at its endpoint URL)."""
    publisher = URIRef(f"{ds}#publisher")
    yield ds, DCTERMS.publisher, publisher
    yield publisher, RDF.type, FOAF.Agent
    yield publisher, FOAF.name, Literal(PUBLISHER_NAME)
    yield publisher, RDFS.label, Literal(PUBLISHER_NAME, lang="en")
    yield ds, DCAT_VERSION, Literal(version)
    if endpoint:
        service = URIRef(f"{ds}#sparql-service")
        yield service, RDF.type, DCAT.DataService
        yield service, DCTERMS.title, Literal("kzgraph SPARQL endpoint", lang="en")
        yield service, RDFS.label, Literal("kzgraph SPARQL endpoint", lang="en")
        yield service, DCAT.endpointURL, URIRef(endpoint)
        # GET on the endpoint with an RDF Accept header and no query answers its SPARQL 1.1 Service Description
        yield service, DCAT.endpointDescription, URIRef(endpoint)
        yield service, DCAT.servesDataset, ds
        yield service, DCTERMS.conformsTo, SPARQL_PROTOCOL
    issued = _issued(source, release)
    if issued is not None:
        yield ds, DCTERMS.issued, issued
    if source is None:
        return
    revision, checksum = URIRef(f"{ds}#source-revision"), URIRef(f"{ds}#source-revision-sha256")
    yield ds, PROV.wasDerivedFrom, revision
    yield revision, RDF.type, PROV.Entity
    yield revision, PROV.specializationOf, article
    yield revision, RDFS.seeAlso, URIRef(source.url)
    yield revision, DCTERMS.date, source.as_of
    yield revision, RDFS.label, Literal(f"The article as read ({source.as_of})", lang="en")
    yield (
        revision,
        RDFS.comment,
        Literal(
            "The article as read: it states no revision id, so the text is named by its SHA-256 (white space "
            "normalised) and dated by the newest date it prints.",
            lang="en",
        ),
    )
    yield revision, SPDX.checksum, checksum
    yield checksum, RDF.type, SPDX.Checksum
    yield checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256
    yield checksum, SPDX.checksumValue, Literal(source.text_sha256, datatype=XSD.hexBinary)


def _triples(data: Graph, article: URIRef, base: str, dump_base: str, endpoint: str | None, version: str) -> Iterator[tuple]:
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
            "each with the verbatim quote, section and cited reference it comes from. "
            "The English renderings of the quotes (kzo:curatorsRendering) are the curators' translations, "
            "not the article's text.",
            lang="en",
        ),
    )
    yield ds, DCTERMS.license, CC_BY_SA
    yield ds, DCTERMS.source, article
    yield ds, PROV.wasDerivedFrom, article
    yield ds, OWL.versionInfo, Literal(version)
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
    wikidata_links = geonames_links = 0
    triples = data if isinstance(data, Triples) else Triples.from_graph(data)
    same_as, type_, wd, schema_same_as = str(OWL.sameAs), str(RDF.type), str(WD), str(SCHEMA.sameAs)
    for t in triples:  # pyoxigraph terms: .value is the IRI; str() the N-Triples form (distinct per term)
        s, p, o = t.subject.value, t.predicate.value, t.object
        properties[p] += 1
        subjects.add(s)
        objects.add(str(o))
        if p == type_:
            classes[o.value] += 1
        if p == same_as and o.value.startswith(wd):
            wikidata_links += 1
        if p == schema_same_as and o.value.startswith(GEONAMES_IRIS):
            geonames_links += 1
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
    if geonames_links:
        yield from geonames_credit(ds, geonames_links)


GEONAMES = URIRef("https://www.geonames.org/")
GEONAMES_IRIS = "https://sws.geonames.org/"
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")


def geonames_credit(ds: URIRef, links: int) -> Iterator[tuple]:
    """The cities' GeoNames ids and coordinates, credited as CC BY 4.0 asks: the source, its licence,
    and the links to it as a linkset of their own (kzgraph/curated/geo.py took them from GeoNames' data)."""
    linkset = URIRef(f"{ds}#geonames-links")
    yield ds, DCTERMS.source, GEONAMES
    yield GEONAMES, RDFS.label, Literal("GeoNames", lang="en")
    yield GEONAMES, DCTERMS.license, CC_BY
    yield ds, VOID.subset, linkset
    yield linkset, RDF.type, VOID.Linkset
    yield linkset, VOID.linkPredicate, SCHEMA.sameAs
    yield linkset, VOID.subjectsTarget, ds
    yield linkset, VOID.objectsTarget, GEONAMES
    yield linkset, VOID.triples, Literal(links, datatype=XSD.integer)
    yield linkset, DCTERMS.license, CC_BY
    yield linkset, RDFS.label, Literal("Cities' GeoNames features and coordinates", lang="en")
    yield linkset, RDFS.label, Literal("Обекти в GeoNames и координати на градовете", lang="bg")
    yield (
        linkset,
        DCTERMS.bibliographicCitation,
        Literal("City identifiers and WGS84 coordinates: GeoNames (https://www.geonames.org/), CC BY 4.0.", lang="en"),
    )


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
