"""The ontology and the shapes are per-subject parts that ``ontology/parts.yaml`` declares (kzgraph.curated.ontology_parts).

The build reads exactly the declared parts: one missing, a ``.ttl`` not declared, or one declared
twice stops it by name. Each part parses on its own and holds something; no term or shape is defined
in two parts; a kind of fact keeps its class, its properties, its concepts and its shapes in the
parts of one name; and the published documents (the parts joined) are the graph the build reads.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from kzgraph.cli import main
from kzgraph.core.errors import BuildError
from kzgraph.curated import buildcache
from kzgraph.curated.namespaces import KZO
from kzgraph.curated.ontology_parts import Part, declared, read_part
from kzgraph.curated.project import Project

from common import ROOT

PARTS = declared(ROOT)
HEADERS = {"ontology": "ontology/kzgraph.ttl", "shapes": "ontology/shapes.ttl"}
DEFINING = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, SH.NodeShape, SH.PropertyShape)
DEFINING += (SKOS.Concept, SKOS.ConceptScheme)


def _graphs(kind: str) -> dict[str, Graph]:
    return {p.name: Graph().parse(data=read_part(p, ROOT), format="turtle") for p in PARTS.of(kind)}


ONTOLOGY, SHAPES = _graphs("ontology"), _graphs("shapes")


# --- the declaration, on a small project of its own -----------------------------------------------

MANIFEST = """\
ontology:
  - kzgraph.ttl
  - terms/trade.ttl
shapes:
  - shapes.ttl
  - shapes/trade.ttl
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """An ontology/ folder with two parts of each kind, declared (the declaration reads no Turtle)."""
    for name in ("kzgraph.ttl", "terms/trade.ttl", "shapes.ttl", "shapes/trade.ttl"):
        (tmp_path / "ontology" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "ontology" / name).write_text("# a part\n", encoding="utf-8")
    (tmp_path / "ontology" / "parts.yaml").write_text(MANIFEST, encoding="utf-8")
    return tmp_path


def _refused(root: Path) -> str:
    with pytest.raises(BuildError) as info:
        declared(root)
    return str(info.value)


def test_the_declared_parts_in_their_order(root: Path) -> None:
    parts = declared(root)
    assert [(p.name, p.line) for p in parts.ontology] == [("ontology/kzgraph.ttl", 2), ("ontology/terms/trade.ttl", 3)]
    assert [p.name for p in parts.shapes] == ["ontology/shapes.ttl", "ontology/shapes/trade.ttl"]


def test_a_declared_part_that_is_missing_is_named_with_its_declaration(root: Path) -> None:
    (root / "ontology" / "terms" / "trade.ttl").unlink()
    assert _refused(root) == (
        "ontology/terms/trade.ttl: is missing; ontology/parts.yaml:3 declares it as a part of the ontology "
        "(restore it, or take it off the list if what it held was removed on purpose)"
    )


def test_a_turtle_file_that_is_not_declared_is_refused(root: Path) -> None:
    (root / "ontology" / "shapes" / "trade-old.ttl").write_text("# a backup\n", encoding="utf-8")
    assert _refused(root).startswith("ontology/shapes/trade-old.ttl: is not declared in ontology/parts.yaml; expected")


@pytest.mark.parametrize(
    ("manifest", "expected"),
    [
        (
            MANIFEST + "  - shapes/trade.ttl\n",
            "ontology/parts.yaml:7: shapes: shapes/trade.ttl is declared twice (first at line 6)",
        ),
        (
            MANIFEST.replace("  - shapes.ttl", "  - terms/trade.ttl"),
            "ontology/parts.yaml:5: shapes: terms/trade.ttl is declared twice",
        ),
        (MANIFEST + "  - ../data/x.ttl\n", "ontology/parts.yaml:7: shapes: '../data/x.ttl' is not a plain path inside ontology/"),
        (MANIFEST + "  - shapes/notes.txt\n", "ontology/parts.yaml:7: shapes: 'shapes/notes.txt' is not a Turtle file"),
        (
            MANIFEST.replace("shapes:", "shape:"),
            "ontology/parts.yaml: holds the keys ontology, shape; expected exactly the lists",
        ),
        ("ontology: []\nshapes: [shapes.ttl]\n", "ontology/parts.yaml:1: ontology: expected a list of Turtle files"),
        ("", "ontology/parts.yaml: holds nothing; expected exactly the lists ontology: and shapes:"),
        ("ontology: [a.ttl\n", "ontology/parts.yaml:1: YAML syntax error"),
    ],
    ids=["twice", "in both lists", "outside", "not turtle", "unknown key", "empty list", "empty file", "not yaml"],
)
def test_a_declaration_that_is_wrong_says_where_and_what_was_expected(root: Path, manifest: str, expected: str) -> None:
    (root / "ontology" / "parts.yaml").write_text(manifest, encoding="utf-8")
    assert expected in _refused(root)


def test_a_missing_declaration_is_named(root: Path) -> None:
    (root / "ontology" / "parts.yaml").unlink()
    assert _refused(root) == "ontology/parts.yaml: is missing; it lists the files of the ontology and the shapes"


def test_every_problem_is_reported_at_once(root: Path) -> None:
    (root / "ontology" / "terms" / "trade.ttl").rename(root / "ontology" / "terms" / "commerce.ttl")
    assert _refused(root).splitlines() == [
        "ontology/terms/trade.ttl: is missing; ontology/parts.yaml:3 declares it as a part of the ontology "
        "(restore it, or take it off the list if what it held was removed on purpose)",
        "ontology/terms/commerce.ttl: is not declared in ontology/parts.yaml; expected every .ttl under ontology/ listed "
        "there once (under ontology: or shapes:), so that no file is read or left out unseen",
    ]


def test_the_build_refuses_an_undeclared_part_and_writes_nothing(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """End to end: a new part not yet declared stops ``kzgraph build`` by name, with no traceback and no dist/."""
    shutil.copy(project_copy / "ontology" / "terms" / "borders.ttl", project_copy / "ontology" / "terms" / "undeclared.ttl")
    assert main(["--root", str(project_copy), "build"]) == 1
    err = capsys.readouterr().err
    assert "error: ontology/terms/undeclared.ttl: is not declared in ontology/parts.yaml" in err and "Traceback" not in err
    assert not (project_copy / "dist").exists()


def test_the_build_cache_sees_every_part(project_copy: Path) -> None:
    """The cache's fingerprint of the inputs changes with any part, so an edited part is never served from the cache."""
    before = buildcache.fingerprint(project_copy, [])
    part = project_copy / "ontology" / "shapes" / "borders.ttl"
    part.write_bytes(part.read_bytes() + b"# edited\n")
    assert buildcache.fingerprint(project_copy, []) not in (before, None)


# --- the project's own parts -----------------------------------------------------------------------


def test_each_part_starts_by_saying_what_it_holds_and_holds_it() -> None:
    for name, graph in {**ONTOLOGY, **SHAPES}.items():
        assert (ROOT / name).read_text(encoding="utf-8").startswith("# kzgraph "), f"{name}: no opening comment"
        assert len(graph) > 0, f"{name}: holds no triples"
    for name, graph in SHAPES.items():
        assert any(graph.subjects(RDF.type, SH.NodeShape)) or any(graph.subjects(RDF.type, SH.PropertyShape)), name


def test_no_term_or_shape_is_defined_in_two_parts() -> None:
    where: dict[URIRef, set[str]] = defaultdict(set)
    for name, graph in {**ONTOLOGY, **SHAPES}.items():
        for kind in DEFINING:
            for subject in graph.subjects(RDF.type, kind):
                if isinstance(subject, URIRef):
                    where[subject].add(name)
    assert {s: sorted(n) for s, n in where.items() if len(n) > 1} == {}


def _defined_in(graphs: dict[str, Graph]) -> dict[URIRef, str]:
    return {s: name for name, g in graphs.items() for k in DEFINING for s in g.subjects(RDF.type, k) if isinstance(s, URIRef)}


def _subject_of(name: str) -> str:
    """``terms/missions`` and ``shapes/missions`` are one subject, ``missions``; a header is none."""
    return "" if name in HEADERS.values() else Path(name).stem


def test_a_kind_of_fact_is_one_ontology_part_and_one_shapes_part_of_the_same_name() -> None:
    """A fact class, the properties whose domain it is, and the shapes that target it, stand in the
    parts of one subject, so that a new kind is one file of terms/ and one of shapes/."""
    merged = Graph()
    for graph in ONTOLOGY.values():
        merged += graph
    part_of = _defined_in(ONTOLOGY)
    facts = set(merged.transitive_subjects(RDFS.subClassOf, KZO.Fact))
    astray = []
    for prop, cls in merged.subject_objects(RDFS.domain):
        if cls in facts and _subject_of(part_of[cls]) and _subject_of(part_of[prop]) != _subject_of(part_of[cls]):
            astray.append(f"{prop} (domain {cls}) is in {part_of[prop]}, its class in {part_of[cls]}")
    for concept, scheme in merged.subject_objects(SKOS.inScheme):
        if part_of.get(concept) != part_of.get(scheme):
            astray.append(f"{concept} is in {part_of.get(concept)}, its scheme {scheme} in {part_of.get(scheme)}")
    shape_part = _defined_in(SHAPES)
    for name, graph in SHAPES.items():
        for shape, cls in graph.subject_objects(SH.targetClass):
            targets = {_subject_of(part_of[c]) for c in graph.objects(shape, SH.targetClass) if c in part_of}
            if len(targets) == 1 and "" not in targets and _subject_of(shape_part[shape]) not in targets:
                astray.append(f"{shape} (targets {cls}) is in {name}, its class in {part_of[cls]}")
    assert sorted(set(astray)) == []


def _canonical(triples: list[ox.Triple]) -> set[ox.Quad]:
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


@pytest.mark.parametrize("kind", ["ontology", "shapes"])
def test_the_published_document_is_the_union_of_the_parts(kind: str) -> None:
    """dist/ontology.ttl and dist/shapes.ttl join the parts' texts: no prefix, base or blank-node label
    of one part may change what the next one says."""
    joined = list(ox.parse(Project(ROOT).document(kind), format=ox.RdfFormat.TURTLE))
    parts = [  # each part read on its own, as the build reads it: its blank nodes are its own
        _own_blank_nodes(t, i)
        for i, p in enumerate(PARTS.of(kind))
        for t in ox.parse(read_part(p, ROOT), format=ox.RdfFormat.TURTLE)
    ]
    assert len(joined) == len(parts) and _canonical(joined) == _canonical(parts)


def _own_blank_nodes(t: ox.Triple, part: int) -> ox.Triple:
    """``t`` with its blank nodes renamed apart for part ``part``: a label ``_:x`` in two parts names two
    nodes when each part is read alone, one when their texts are joined."""
    own = lambda n: ox.BlankNode(f"part{part}x{n.value}") if isinstance(n, ox.BlankNode) else n  # noqa: E731
    return ox.Triple(own(t.subject), t.predicate, own(t.object))


def test_the_union_check_sees_a_blank_node_label_shared_by_two_parts() -> None:
    """The check above would fail if two parts used one ``_:x``: joined, it is one node; read apart, two."""
    a, b = b"<http://e/a> <http://e/p> _:x .\n", b"<http://e/b> <http://e/p> _:x .\n"
    joined = list(ox.parse(a + b, format=ox.RdfFormat.TURTLE))
    apart = [_own_blank_nodes(t, i) for i, text in enumerate((a, b)) for t in ox.parse(text, format=ox.RdfFormat.TURTLE)]
    assert _canonical(joined) != _canonical(apart)


def test_the_header_parts_are_declared_first() -> None:
    """The headers hold the owl:Ontology and the SHACL-SPARQL prefixes: the published documents open with them."""
    assert [PARTS.ontology[0].name, PARTS.shapes[0].name] == list(HEADERS.values())


# --- one parser: Oxigraph's, making the graph rdflib's parser makes ---------------------------------

TRICKY = """\
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:plain "text" ; ex:typed "text"^^xsd:string ; ex:bg "Казахстан"@bg ; ex:region "x"@en-GB ;
  ex:int 5 , "01"^^xsd:integer ; ex:dec 1.50 ; ex:dbl 1e3 ; ex:bool true ; ex:date "1991-12-16"^^xsd:date ;
  ex:escaped "a \\"quote\\"\\n\\u00e9" ; ex:long \"\"\"two
lines\"\"\" ; ex:list ( ex:b "c" 3 ) ; ex:blank [ ex:inner _:x ] , _:x .
_:x ex:back ex:a .
"""


@pytest.mark.parametrize("part", [p.name for p in (*PARTS.ontology, *PARTS.shapes)] + ["tricky"])
def test_each_part_reads_as_the_graph_rdflib_makes_of_it(part: str, tmp_path: Path) -> None:
    """The build reads Turtle with Oxigraph (faster, and its errors name line and column); the graph it
    makes is the one rdflib's own parser makes of the same text: every term, literal form, language,
    datatype, list and blank node, and the prefixes the file declares."""
    from rdflib.compare import to_isomorphic

    from kzgraph.pipeline.ontology_graph import _parse_turtle

    if part == "tricky":
        (tmp_path / "ontology").mkdir()
        (tmp_path / "ontology" / "t.ttl").write_text(TRICKY, encoding="utf-8")
        chosen, project = Part(tmp_path / "ontology" / "t.ttl", "ontology/t.ttl", 1), Project(tmp_path)
    else:
        chosen, project = next(p for p in (*PARTS.ontology, *PARTS.shapes) if p.name == part), Project(ROOT)
    ours = _parse_turtle(project, chosen)
    parsed = Graph().parse(data=project.part_text(chosen), format="turtle")
    theirs = Graph()
    for triple in parsed:
        theirs.add(tuple(_rdf11(t) for t in triple))
    assert len(ours) == len(theirs) > 0
    assert to_isomorphic(ours) == to_isomorphic(theirs)
    assert sorted(set(ours.namespaces()) - set(Graph().namespaces())) == sorted(
        set(parsed.namespaces()) - set(Graph().namespaces())
    )


def _rdf11(term: object) -> object:
    """What RDF 1.1 Concepts makes one term and rdflib keeps apart, as Oxigraph reads it: ``"x"^^xsd:string``
    is the plain literal ``"x"``, and a language tag, compared without case, is written in lower case."""
    from rdflib.namespace import XSD  # not at module level: pytest's collection probes module names

    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    if isinstance(term, Literal) and term.language:
        return Literal(str(term), lang=term.language.lower())
    return term


def test_a_typed_string_is_the_plain_literal(tmp_path: Path) -> None:
    from kzgraph.pipeline.ontology_graph import _parse_turtle

    (tmp_path / "ontology").mkdir()
    (tmp_path / "ontology" / "t.ttl").write_text(TRICKY, encoding="utf-8")
    graph = _parse_turtle(Project(tmp_path), Part(tmp_path / "ontology" / "t.ttl", "ontology/t.ttl", 1))
    assert graph.value(URIRef("http://example.org/a"), URIRef("http://example.org/typed")) == Literal("text")


@pytest.mark.parametrize(
    ("turtle", "words"),
    [
        ("ex:a ex:b <<( ex:a ex:b ex:c )>> .", "the triple term <<( <http://example.org/a> <http://example.org/b>"),
        ("<< ex:a ex:b ex:c >> ex:p ex:o .", "the triple term <<("),
        ('ex:a ex:b "x"@en--ltr .', 'the literal "x"@en--ltr with a base direction'),
    ],
    ids=["triple term", "reification", "base direction"],
)
def test_rdf_1_2_turtle_is_refused_by_name_not_read_as_less(tmp_path: Path, turtle: str, words: str) -> None:
    """Oxigraph reads RDF 1.2 Turtle; rdflib, pyshacl and owlrl do not: a triple term, a reification
    or a literal's base direction stops the build with the file and what it holds, never a traceback
    or a graph with the direction dropped."""
    from kzgraph.pipeline.ontology_graph import _parse_turtle

    (tmp_path / "ontology").mkdir()
    (tmp_path / "ontology" / "t.ttl").write_text(f"@prefix ex: <http://example.org/> .\n{turtle}\n", encoding="utf-8")
    with pytest.raises(BuildError) as exc:
        _parse_turtle(Project(tmp_path), Part(tmp_path / "ontology" / "t.ttl", "ontology/t.ttl", 1))
    message = str(exc.value)
    assert message.startswith("ontology/t.ttl: not valid here: ") and words in message and "RDF 1.2" in message


def test_an_emptied_header_is_refused_although_another_part_declares_the_ontology(project_copy: Path) -> None:
    """The header must declare the project's ontology itself: a part that also declares it does not
    stand in for a header that was emptied or cut short."""
    from kzgraph.pipeline.ontology_graph import parse_ontology

    header = project_copy / "ontology" / "kzgraph.ttl"
    header.write_text("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n<https://w3id.org/kzgraph/ontology#x> a owl:Class .\n")
    other = project_copy / "ontology" / "terms" / "missions.ttl"
    with other.open("a", encoding="utf-8") as f:
        f.write("\n<https://w3id.org/kzgraph/ontology> a <http://www.w3.org/2002/07/owl#Ontology> .\n")
    with pytest.raises(
        BuildError, match=r"^ontology/kzgraph.ttl: declares no <https://w3id.org/kzgraph/ontology> a owl:Ontology"
    ):
        parse_ontology(Project(project_copy))
