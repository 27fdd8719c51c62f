"""The release's VoID/DCAT description carries what a catalogue reads: issue date, publisher, version,
the article revision it was read from and when, a distribution per download, and the SPARQL service
whose Service Description is at its endpoint. A SHACL shape holds it to those fields, and each of the
shape's constraints is made to fire."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, SH, VOID, XSD

from kzgraph.core.formats import media_type_of
from kzgraph.curated.load import load
from kzgraph.curated.namespaces import DATASET_IRI

from common import ROOT

SPDX = Namespace("http://spdx.org/rdf/terms#")
DS = URIRef(DATASET_IRI)
DCAT_VERSION = URIRef(str(DCAT) + "version")

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix void: <http://rdfs.org/ns/void#> .
@prefix spdx: <http://spdx.org/rdf/terms#> . @prefix : <urn:kzgraph:catalogue-shapes#> .

:Dataset a sh:NodeShape ; sh:targetNode <https://w3id.org/kzgraph/dataset> ;
  sh:property [ sh:path dcterms:issued ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:date ] ,
    [ sh:path dcterms:publisher ; sh:minCount 1 ; sh:class foaf:Agent ] ,
    [ sh:path owl:versionInfo ; sh:minCount 1 ; sh:maxCount 1 ] ,
    [ sh:path dcat:hasCurrentVersion ; sh:minCount 1 ; sh:maxCount 1 ] ,
    [ sh:path dcat:version ; sh:minCount 1 ; sh:maxCount 1 ; sh:equals owl:versionInfo ] ,
    [ sh:path prov:wasDerivedFrom ; sh:qualifiedValueShape :Revision ; sh:qualifiedMinCount 1 ] ,
    [ sh:path dcat:distribution ; sh:minCount 1 ; sh:node :Distribution ] ,
    [ sh:path void:sparqlEndpoint ; sh:minCount 1 ; sh:nodeKind sh:IRI ] ,
    [ sh:path [ sh:inversePath dcat:servesDataset ] ; sh:minCount 1 ; sh:node :Service ] .

:Release a sh:NodeShape ; sh:targetObjectsOf dcat:hasCurrentVersion ; sh:class dcat:Dataset ;
  sh:property [ sh:path dcterms:issued ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:date ] ,
    [ sh:path dcat:version ; sh:minCount 1 ; sh:maxCount 1 ; sh:equals owl:versionInfo ;
      sh:pattern "^(0|[1-9][0-9]*)[.](0|[1-9][0-9]*)[.](0|[1-9][0-9]*)$" ] ,
    [ sh:path dcat:inSeries ; sh:minCount 1 ; sh:class dcat:DatasetSeries ] ,
    [ sh:path dcat:distribution ; sh:minCount 1 ; sh:node :Distribution ] .

:Publisher a sh:NodeShape ; sh:targetObjectsOf dcterms:publisher ;
  sh:property [ sh:path foaf:name ; sh:minCount 1 ] .

:Revision a sh:NodeShape ; sh:class prov:Entity ;
  sh:property [ sh:path prov:specializationOf ; sh:minCount 1 ; sh:nodeKind sh:IRI ] ,
    [ sh:path dcterms:date ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:date ] ,
    [ sh:path ( spdx:checksum spdx:checksumValue ) ; sh:minCount 1 ; sh:datatype xsd:hexBinary ; sh:pattern "^[0-9a-f]{64}$" ] .

:Distribution a sh:NodeShape ; sh:class dcat:Distribution ;
  sh:property [ sh:path dcat:downloadURL ; sh:minCount 1 ; sh:maxCount 1 ; sh:nodeKind sh:IRI ] ,
    [ sh:path dcat:mediaType ; sh:minCount 1 ; sh:maxCount 1 ; sh:nodeKind sh:IRI ;
      sh:pattern "^https://www[.]iana[.]org/assignments/media-types/[a-z]+/[a-z0-9.+-]+$" ] .

:Service a sh:NodeShape ; sh:class dcat:DataService ;
  sh:property [ sh:path dcat:endpointURL ; sh:minCount 1 ; sh:maxCount 1 ; sh:nodeKind sh:IRI ] ,
    [ sh:path dcat:endpointDescription ; sh:minCount 1 ; sh:nodeKind sh:IRI ] .
"""


@pytest.fixture(scope="module")
def metadata(built: Path) -> Graph:
    return Graph().parse(built / "void.ttl", format="turtle")


def _violations(graph: Graph) -> set[tuple[str, str]]:
    """(constraint component, path) of each violation the catalogue shapes find."""
    shapes = Graph().parse(data=SHAPES, format="turtle")
    conforms, report, _ = pyshacl.validate(graph, shacl_graph=shapes, advanced=True)
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        component = str(report.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
        path = report.value(result, SH.resultPath)
        found.add((component, str(path) if isinstance(path, URIRef) else "complex"))
    assert conforms == (not found)
    return found


def _copy(graph: Graph) -> Graph:
    out = Graph()
    for t in graph:
        out.add(t)
    return out


def test_the_release_description_has_what_a_catalogue_reads(metadata: Graph) -> None:
    assert _violations(metadata) == set()


# (what is taken away or changed, the violation it must cause)
BREAKS = {
    "no issue date": ((DS, DCTERMS.issued, None), ("MinCountConstraintComponent", str(DCTERMS.issued))),
    "no publisher": ((DS, DCTERMS.publisher, None), ("MinCountConstraintComponent", str(DCTERMS.publisher))),
    "no version": ((DS, OWL.versionInfo, None), ("MinCountConstraintComponent", str(OWL.versionInfo))),
    "no dcat:version": ((DS, DCAT_VERSION, None), ("MinCountConstraintComponent", str(DCAT_VERSION))),
    "no revision": ((None, PROV.specializationOf, None), ("QualifiedMinCountConstraintComponent", str(PROV.wasDerivedFrom))),
    "no media type": ((None, DCAT.mediaType, None), ("NodeConstraintComponent", str(DCAT.distribution))),
    "no release": (
        (DS, URIRef(str(DCAT) + "hasCurrentVersion"), None),
        ("MinCountConstraintComponent", str(DCAT) + "hasCurrentVersion"),
    ),
    "no series": ((None, URIRef(str(DCAT) + "inSeries"), None), ("MinCountConstraintComponent", str(DCAT) + "inSeries")),
    "no download": ((None, DCAT.downloadURL, None), ("NodeConstraintComponent", str(DCAT.distribution))),
    "no endpoint": ((DS, VOID.sparqlEndpoint, None), ("MinCountConstraintComponent", str(VOID.sparqlEndpoint))),
    "no service": ((None, DCAT.servesDataset, DS), ("MinCountConstraintComponent", "complex")),
    "no description": ((None, DCAT.endpointDescription, None), ("NodeConstraintComponent", "complex")),
}


@pytest.mark.parametrize("case", list(BREAKS))
def test_each_catalogue_field_is_held_by_the_shape(metadata: Graph, case: str) -> None:
    pattern, violation = BREAKS[case]
    broken = _copy(metadata)
    assert list(broken.triples(pattern)), case
    broken.remove(pattern)
    assert violation in _violations(broken)


def test_a_wrong_date_or_checksum_is_caught(metadata: Graph) -> None:
    broken = _copy(metadata)
    broken.set((DS, DCTERMS.issued, Literal("2021-03", datatype=XSD.gYearMonth)))
    checksum = next(broken.subjects(RDF.type, SPDX.Checksum))
    broken.set((checksum, SPDX.checksumValue, Literal("not-a-digest", datatype=XSD.hexBinary)))
    found = _violations(broken)
    assert ("DatatypeConstraintComponent", str(DCTERMS.issued)) in found
    assert ("QualifiedMinCountConstraintComponent", str(PROV.wasDerivedFrom)) in found


def test_the_dates_version_and_checksum_come_from_the_sources(metadata: Graph) -> None:
    """Deterministic: the issue date is the article's own date (article.as_of), never the build's clock;
    the checksum is that of the text the facts were read from."""
    dataset = load(ROOT)
    as_of = dataset.by_path("article")[0].values["as_of"]
    assert metadata.value(DS, DCTERMS.issued) == as_of.literal()
    version = Literal(dataset.release["version"])  # the sources' release.version, not the package's
    assert metadata.value(DS, OWL.versionInfo) == version == metadata.value(DS, DCAT_VERSION)
    revision = next(r for r in metadata.objects(DS, PROV.wasDerivedFrom) if (r, RDF.type, PROV.Entity) in metadata)
    assert metadata.value(revision, DCTERMS.date) == as_of.literal()
    assert metadata.value(revision, PROV.specializationOf) == metadata.value(DS, DCTERMS.source)
    value = metadata.value(metadata.value(revision, SPDX.checksum), SPDX.checksumValue)
    assert str(value) == hashlib.sha256(dataset.article.encode("utf-8")).hexdigest()


def test_each_distribution_is_a_release_file_of_its_media_type(metadata: Graph, built: Path) -> None:
    for dist in metadata.objects(DS, DCAT.distribution):
        name = str(metadata.value(dist, DCAT.downloadURL)).rsplit("/", 1)[-1]
        assert (built / name).is_file(), name
        media = str(metadata.value(dist, DCAT.mediaType)).removeprefix("https://www.iana.org/assignments/media-types/")
        assert media == media_type_of(name).split(";")[0], name


def test_the_data_service_is_the_void_endpoint(metadata: Graph) -> None:
    service = metadata.value(None, DCAT.servesDataset, DS)
    endpoint = metadata.value(DS, VOID.sparqlEndpoint)
    assert metadata.value(service, DCAT.endpointURL) == endpoint == metadata.value(service, DCAT.endpointDescription)
