"""The ontology opens in the standard OWL tools (issue 22 item 8): HermiT, Protégé's default OWL 2 DL
reasoner, driven here through owlready2, classifies the ontology and finds it and the release's asserted
data consistent.

HermiT accepts only the datatypes of the OWL 2 datatype map. The ontology's axioms keep to it (the date
properties have the range rdfs:Literal; ``ontology/qc/datatype-outside-owl2-map.rq`` guards that on every
build), so the ontology is given to HermiT strictly. The data's dates keep the article's precision
(xsd:date, xsd:gYearMonth, xsd:gYear, checked by SHACL), like the cities' GeoSPARQL points
(geo:wktLiteral), and those literals are outside the map by
design: the whole data is checked with HermiT's ``--ignoreUnsupportedDatatypes``, which keeps such a
value as an opaque data value (its triple still counts for domains, disjointness, cardinality), and a
strict run over the data without the date triples proves that the flag hides nothing else.

HermiT is Java: Debian's ``default-jre-headless``, which ``.ci/run`` installs. Without ``java`` these
tests skip, except in CI (``CI=true``), where they must run. Each HermiT run takes a few seconds, so
the file is slow-marked and makes three runs: the ontology with the data less its dates (strict), the
whole data, and the whole data with one contradiction, which must be found inconsistent.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, XSD

from kzgraph.pipeline.build import Release

pytestmark = pytest.mark.slow

# The article's date precisions, and GeoSPARQL's WKT literal of the cities' points: outside the OWL 2
# datatype map, in the data only (never in an axiom).
GEO_WKT = URIRef("http://www.opengis.net/ont/geosparql#wktLiteral")
DATE_DATATYPES = frozenset({XSD.date, XSD.gYearMonth, XSD.gYear, GEO_WKT})


@pytest.fixture(scope="module", autouse=True)
def _java() -> None:
    if shutil.which("java") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the HermiT test: apt-get install -y default-jre-headless")
        pytest.skip("java is not installed, and HermiT (through owlready2) needs it: apt-get install -y default-jre-headless")


def _hermit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, graphs: Iterable[Graph], ignore_dates: bool = False) -> list[str]:
    """Load ``graphs`` into a fresh owlready2 world (as N-Triples written by rdflib, which owlready2
    reads) and classify with HermiT; returns the unsatisfiable classes. HermiT's own errors are raised
    (``OwlReadyJavaError`` with Java's message, ``OwlReadyInconsistentOntologyError``)."""
    import owlready2

    source = tmp_path / "kzgraph.nt"
    source.write_bytes(b"".join(graph.serialize(format="nt", encoding="utf-8") for graph in graphs))  # N-Triples concatenate
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # owlready2's file for HermiT, kept out of /tmp
    world = owlready2.World()
    world.get_ontology(source.as_uri()).load()
    owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=ignore_dates)
    return sorted(c.iri for c in world.inconsistent_classes() if c.iri != str(OWL.Nothing))


def _without_dates(data: Graph) -> Graph:
    kept = Graph()
    for s, p, o in data:
        if not (isinstance(o, Literal) and o.datatype in DATE_DATATYPES):
            kept.add((s, p, o))
    return kept


def test_hermit_classifies_the_ontology_strictly(release: Release, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As Protégé opens it, with no datatype ignored (on main: UnsupportedDatatypeException for
    xsd:date): the ontology and the data less its date literals, so that the flag of the next tests
    may only ever hide those. No class is unsatisfiable. The dates are there to take out."""
    assert not list(release.ontology.objects(None, OWL.imports)), "the ontology imports others: load them here too"
    dated = [o for o in release.data.objects() if isinstance(o, Literal) and o.datatype in DATE_DATATYPES]
    assert {o.datatype for o in dated} == DATE_DATATYPES
    assert _hermit(tmp_path, monkeypatch, [release.ontology, _without_dates(release.data)]) == []


def test_hermit_finds_the_ontology_and_the_whole_asserted_data_consistent(
    release: Release, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The release's whole asserted graph (every fact, source passage and reference), not a sample."""
    assert _hermit(tmp_path, monkeypatch, [release.ontology, release.data], ignore_dates=True) == []


def _disjoint_pair(ontology: Graph, data: Graph) -> tuple[URIRef, URIRef, URIRef]:
    """An individual of the data, a class it is asserted in, and a class the ontology says is disjoint with it."""
    for a, b in sorted(ontology.subject_objects(OWL.disjointWith)):
        for member, other in ((a, b), (b, a)):
            individual = min(data.subjects(RDF.type, member), default=None)
            if isinstance(individual, URIRef) and isinstance(other, URIRef):
                return individual, member, other
    raise AssertionError("the ontology has no owl:disjointWith between classes the data uses")


def test_hermit_finds_a_contradiction_in_the_data(release: Release, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The consistency check can fail: one individual put into a class disjoint with its own."""
    import owlready2

    individual, member, other = _disjoint_pair(release.ontology, release.data)
    clash = Graph()
    clash.add((individual, RDF.type, other))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _hermit(tmp_path, monkeypatch, [release.ontology, release.data, clash], ignore_dates=True)
