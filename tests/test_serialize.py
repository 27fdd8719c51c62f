"""The data path without rdflib holds the same graph as the rdflib path it replaced.

The build converts the curated records straight to sorted N-Triples (``convert.to_triples``) and
writes every format with pyoxigraph (``serialize``). The reference is what the build did before: the
converter's triples added to an rdflib graph (``convert.to_graph``) and written by rdflib's
serializers (``tests/rdflib_reference.py``). Every file of the release must hold the same graph as
the reference's file of the same format, on the real data.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from kzgraph.core.errors import DataError
from kzgraph.curated.load import load
from kzgraph.curated.namespaces import graph_iri
from kzgraph.pipeline import serialize
from kzgraph.pipeline.build import Release
from kzgraph.pipeline.convert import to_graph, to_triples
from kzgraph.pipeline.triples import Triples

import rdflib_reference as reference
from common import ROOT

NAMED = ("data", "inferred", "ontology", "metadata")


@pytest.fixture(scope="module")
def files(release: Release, project) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    return release.files(project)


@pytest.fixture(scope="module")
def reference_data() -> Graph:
    return to_graph(load(ROOT))


def test_conversion_gives_the_reference_graph(release: Release, reference_data: Graph) -> None:
    assert len(release.triples) == len(reference_data) > 4000
    assert isomorphic(release.triples.graph, reference_data)


@pytest.mark.parametrize(
    "name, fmt, write",
    [
        ("kzgraph.ttl", "turtle", reference.turtle),
        ("kzgraph.nt", "nt", reference.ntriples),
        ("kzgraph.jsonld", "json-ld", reference.jsonld),
    ],
)
def test_each_data_file_holds_the_graph_rdflib_wrote(
    files: dict[str, bytes], reference_data: Graph, name: str, fmt: str, write
) -> None:  # type: ignore[no-untyped-def]
    ours = Graph().parse(data=files[name], format=fmt)
    theirs = Graph().parse(data=write(reference_data), format=fmt)
    assert len(ours) == len(theirs) > 4000
    assert isomorphic(ours, theirs)


def _named_graphs(body: bytes, fmt: ox.RdfFormat) -> dict[str, Graph]:
    graphs: dict[str, Graph] = {name: Graph() for name in NAMED}
    for q in ox.parse(body, format=fmt):
        graphs[q.graph_name.value.rsplit("/", 1)[1]].add(tuple(_rdflib(t) for t in (q.subject, q.predicate, q.object)))
    return graphs


def _rdflib(term: object) -> object:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


@pytest.mark.parametrize("name, fmt", [("kzgraph.trig", ox.RdfFormat.TRIG), ("kzgraph.nq", ox.RdfFormat.N_QUADS)])
def test_named_graph_files_hold_the_graphs_rdflib_wrote(
    release: Release, files: dict[str, bytes], reference_data: Graph, name: str, fmt: ox.RdfFormat
) -> None:
    graphs = [
        (graph_iri("data"), reference_data),
        (graph_iri("inferred"), release.inferred),
        (graph_iri("ontology"), release.ontology),
        (graph_iri("metadata"), release.metadata),
    ]
    body = reference.trig(graphs) if name.endswith("trig") else reference.nquads(graphs)
    ours, theirs = _named_graphs(files[name], fmt), _named_graphs(body, fmt)
    for graph in NAMED:
        assert len(ours[graph]) == len(theirs[graph]) > 0, graph
        assert isomorphic(ours[graph], theirs[graph]), graph


def test_inferred_and_description_files_hold_their_graphs(release: Release, files: dict[str, bytes]) -> None:
    assert isomorphic(Graph().parse(data=files["kzgraph-inferred.ttl"], format="turtle"), release.inferred)
    assert isomorphic(Graph().parse(data=files["void.ttl"], format="turtle"), release.metadata)


def test_literals_keep_their_datatype_as_written(files: dict[str, bytes]) -> None:
    """Oxigraph's store would turn "1"^^xsd:positiveInteger into xsd:integer: the files are written
    from the N-Triples, never out of a store."""
    g = Graph().parse(data=files["kzgraph.ttl"], format="turtle")
    datatypes = {o.datatype for o in g.objects() if isinstance(o, Literal)}
    assert {XSD.positiveInteger, XSD.nonNegativeInteger, XSD.gYear, XSD.gYearMonth, XSD.date, XSD.decimal} <= datatypes


def test_every_format_comes_out_the_same_twice(release: Release, project) -> None:  # type: ignore[no-untyped-def]
    assert release.files(project) == release.files(project)


def test_triples_are_sorted_and_unique() -> None:
    t = Triples.from_lines(["<urn:b> <urn:p> <urn:o> .", '<urn:a> <urn:p> "x" .', "<urn:b> <urn:p> <urn:o> ."])
    assert t.nt == b'<urn:a> <urn:p> "x" .\n<urn:b> <urn:p> <urn:o> .\n' and len(t) == 2
    assert serialize.ntriples(t) == t.nt


def test_an_iri_that_cannot_be_written_stops_the_build_at_its_record(project_copy: Path) -> None:
    """Before, such an IRI reached reasonable, whose term conversion panicked on it."""
    sources = project_copy / "data" / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    assert "url: " in text
    head, sep, tail = text.partition("url: ")
    line = head.count("\n") + 1
    url, _, rest = tail.partition("\n")
    sources.write_text(head + sep + url.strip().strip('"').replace("://", "://bad<iri>.") + "\n" + rest, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        to_triples(load(project_copy))
    (problem,) = caught.value.problems
    assert (problem.file, problem.field) == ("data/sources.yaml", "url")
    assert problem.line <= line and "is not a valid IRI (RFC 3987)" in problem.message  # the loader sees it first
