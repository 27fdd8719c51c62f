"""Validating only where an edit reaches (issue 21): what the core shapes find there is what they find in
the whole data, and nothing is found anywhere else.

The proof runs on every shape case of ``tests/test_shapes.py``: each break is applied to the whole real
data (which conforms), and the findings of :meth:`ShaclCheck.changed_core` — the core shapes on the
nodes the edit can reach, in the triples those nodes read — must be exactly the findings of the core
shapes on the whole broken data: the same on those nodes, none on any other. Shapes whose reach this
cannot bound make it say None, and the build validates everything.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from kzgraph.curated.namespaces import KZO, graph_iri, id_namespace
from kzgraph.pipeline.build import Release
from kzgraph.pipeline.shacl_reach import affected, changed_lines, reach_of, surroundings
from kzgraph.pipeline.triples import Triples, store_of
from kzgraph.pipeline.validate import Finding, ShaclCheck, split_sparql_rules

from test_shapes import CASES, Case, _representatives, resolve

KZ = id_namespace()
EX = "https://example.org/"


@pytest.fixture(scope="module")
def check(release: Release, shapes_graph: Graph) -> ShaclCheck:
    return ShaclCheck(release.ontology, shapes_graph)


@pytest.fixture(scope="module")
def shapes_graph() -> Graph:
    from kzgraph.curated.project import Project
    from kzgraph.pipeline.ontology_graph import parse_shapes

    from common import ROOT

    return parse_shapes(Project(ROOT))


def whole(check: ShaclCheck, data: Triples) -> list[Finding]:
    """The core shapes' findings on the whole data (pyshacl-turbo, as the build runs them)."""
    return sorted(check._findings(check._core_turbo(data.nt), None))


class _Edits(Graph):
    """The release's data, in which one break at a time is made, recorded and undone: copying the
    graph for every case was two thirds of the proof's time."""

    def __init__(self, data: Graph):
        super().__init__(store="SimpleMemory")
        for t in data:
            super().add(t)
        self.added: set = set()
        self.removed: set = set()

    def add(self, triple):  # type: ignore[no-untyped-def, override]
        if triple not in self:
            if triple in self.removed:
                self.removed.discard(triple)
            else:
                self.added.add(triple)
        return super().add(triple)

    def addN(self, quads):  # type: ignore[no-untyped-def, override]
        for s, p, o, _ in quads:
            self.add((s, p, o))
        return self

    def remove(self, pattern):  # type: ignore[no-untyped-def, override]
        for t in list(self.triples(pattern)):
            if t in self.added:
                self.added.discard(t)
            else:
                self.removed.add(t)
            super().remove(t)
        return self

    def undo(self) -> None:
        for t in self.added:
            super().remove(t)
        for t in self.removed:
            super().add(t)
        self.added, self.removed = set(), set()


@pytest.fixture(scope="module")
def edits(release: Release) -> _Edits:
    return _Edits(release.data)


def _line(t: tuple) -> str:
    return f"{t[0].n3()} {t[1].n3()} {t[2].n3()} ."


def broken(release: Release, case: Case, edits: _Edits) -> Triples:
    """The whole data with the case's break made in it (and undone in ``edits`` again)."""
    try:
        case.breaks(edits, resolve(case.focus, edits))
        removed, added = {_line(t) for t in edits.removed}, {_line(t) for t in edits.added}
    finally:
        edits.undo()
    return Triples.from_lines((set(release.triples.lines()) - removed) | added)


# --- the reach of the project's shapes -------------------------------------------------------------------


def test_the_projects_core_shapes_have_a_bounded_reach(shapes_graph: Graph) -> None:
    core, rules = split_sparql_rules(shapes_graph)
    reach = reach_of(core)
    assert reach is not None and rules  # every SHACL-SPARQL rule runs on Oxigraph, over all the data
    assert reach.depth == 2  # a fact's passage (a property shape's path) and its types (sh:class): two steps
    assert str(KZO.hasQualityNote) in reach.inverse and str(KZO.hasQualityNote) in reach.object_targets
    assert str(RDF.type) in reach.forward and str(KZO.sendingState) in reach.forward


def _shapes(turtle: str) -> Graph:
    return Graph().parse(
        data="@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .\n" + turtle, format="turtle"
    )


@pytest.mark.parametrize(
    "turtle, why",
    [
        (
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path [ sh:zeroOrMorePath ex:p ] ; sh:minCount 1 ] .",
            "a path of any length",
        ),
        (
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path [ sh:oneOrMorePath ex:p ] ; sh:minCount 1 ] .",
            "a path of any length",
        ),
        ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:node ex:S ] .", "a shape nesting itself"),
        ('ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select "SELECT $this WHERE { }" ] .', "a SPARQL constraint"),
        (
            "ex:S a sh:NodeShape ; sh:target [ a ex:SomeTarget ] ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
            "a SPARQL target",
        ),
        (
            "ex:C a sh:ConstraintComponent ; sh:parameter [ sh:path ex:q ] .\nex:S a sh:NodeShape ; ex:q 1 .",
            "a component of its own",
        ),
        (
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:a ; sh:qualifiedValueShape [ sh:class ex:K ] ;"
            " sh:qualifiedMinCount 1 ; sh:qualifiedValueShapesDisjoint true ] .",
            "sibling shapes applied to these values",
        ),
        ('ex:S a sh:NodeShape ; sh:targetNode "lit" ; sh:maxLength 2 .', "a literal target"),
    ],
)
def test_what_cannot_be_bounded_makes_the_whole_data_validated(turtle: str, why: str) -> None:
    assert reach_of(_shapes(turtle)) is None, why


def test_paths_count_their_steps_and_directions() -> None:
    reach = reach_of(
        _shapes(
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:targetObjectsOf ex:t ; sh:targetNode ex:n ;\n"
            "  sh:property [ sh:path ( ex:a [ sh:inversePath ex:b ] ) ; sh:class ex:D ] ;\n"
            "  sh:property [ sh:path [ sh:alternativePath ( ex:c ( ex:d ex:e ex:f ) ) ] ; sh:node ex:T ] ;\n"
            "  sh:property [ sh:path ex:g ; sh:lessThan ex:h ] .\n"
            "ex:T a sh:NodeShape ; sh:or ( [ sh:path ex:i ; sh:minCount 1 ] [ sh:path [ sh:zeroOrOnePath ex:j ] ] ) ."
        )
    )
    assert reach is not None
    assert reach.depth == 4  # three steps of the longest alternative, then one of the nested shape
    assert reach.inverse == {EX + "b"}
    assert {EX + p for p in "acdefghij"} <= reach.forward and EX + "b" not in reach.forward
    assert reach.object_targets == {EX + "t"} and reach.nodes == {EX + "n"}


# --- where an edit reaches ----------------------------------------------------------------------------------


def _store(lines: list[str]):  # type: ignore[no-untyped-def]
    return store_of([(graph_iri("data"), Triples.from_lines(lines))])


def test_an_edit_reaches_back_along_the_paths_that_read_it_before_and_after() -> None:
    reach = reach_of(
        _shapes("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ( ex:a ex:b ) ; sh:minCount 1 ] .")
    )
    assert reach is not None and reach.depth == 2
    before = [
        f"<{EX}x> <{EX}a> <{EX}y> .",
        f"<{EX}y> <{EX}b> <{EX}z> .",
        f"<{EX}w> <{EX}a> <{EX}v> .",
        f"<{EX}v> <{EX}b> <{EX}z> .",
    ]
    after = [line for line in before if not line.startswith(f"<{EX}y>")] + [f'<{EX}y> <{EX}b> "z" .']
    removed, added = changed_lines(Triples.from_lines(before).nt, Triples.from_lines(after).nt)
    assert removed == [f"<{EX}y> <{EX}b> <{EX}z> ."] and added == [f'<{EX}y> <{EX}b> "z" .']
    graph = KZO_GRAPH
    found = affected(reach, _store(after), graph, removed, added)
    assert found == {EX + "y", EX + "x"}  # y's triple changed; x reads it along ex:a/ex:b; w and v do not
    # a link removed still leads back to whoever read through it
    after2 = [line for line in before if not line.startswith(f"<{EX}x>")] + [f"<{EX}y> <{EX}b> <{EX}q> ."]
    removed2, added2 = changed_lines(Triples.from_lines(before).nt, Triples.from_lines(after2).nt)
    assert affected(reach, _store(after2), graph, removed2, added2) == {EX + "x", EX + "y"}


KZO_GRAPH = __import__("pyoxigraph").NamedNode(graph_iri("data"))


def test_a_link_read_backwards_reaches_the_node_it_points_at_when_it_goes_and_when_it_comes() -> None:
    """A shape that reads ``^ex:b`` from its focus reads the links pointing at it: when such a link
    goes, the node it pointed at is affected although the link is no longer in the data, and when one
    comes, likewise."""
    reach = reach_of(
        _shapes(
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path [ sh:inversePath ex:b ] ; sh:minCount 1 ; sh:maxCount 1 ] ."
        )
    )
    assert reach is not None and reach.inverse == {EX + "b"}
    typed, link, other = f"<{EX}x> <{RDF.type}> <{EX}C> .", f"<{EX}u> <{EX}b> <{EX}x> .", f"<{EX}v> <{EX}b> <{EX}x> ."
    for before, after in (([typed, link], [typed]), ([typed, link], [typed, link, other])):
        removed, added = changed_lines(Triples.from_lines(before).nt, Triples.from_lines(after).nt)
        assert EX + "x" in affected(reach, _store(after), KZO_GRAPH, removed, added)  # type: ignore[operator]


def test_the_surroundings_hold_every_triple_the_reached_nodes_read() -> None:
    reach = reach_of(
        _shapes(
            "ex:S a sh:NodeShape ; sh:targetObjectsOf ex:t ; sh:property [ sh:path ex:a ; sh:class ex:D ] ;"
            " sh:property [ sh:path [ sh:inversePath ex:b ] ; sh:maxCount 1 ] ."
        )
    )
    assert reach is not None and reach.depth == 1
    lines = [
        f"<{EX}x> <{EX}a> <{EX}y> .",
        f"<{EX}y> <{RDF.type}> <{EX}D> .",
        f"<{EX}y> <{EX}a> <{EX}far> .",  # y's own triples are there, whatever their predicate
        f"<{EX}far> <{RDF.type}> <{EX}D> .",  # two steps from x: not read
        f"<{EX}u> <{EX}b> <{EX}x> .",  # read backwards
        f"<{EX}s> <{EX}t> <{EX}x> .",  # makes x a focus node
        f'<{EX}x> <{EX}label> "x" .',
    ]
    got = surroundings(reach, _store(lines), KZO_GRAPH, {EX + "x"}, sorted(lines))
    assert set(got) == set(lines) - {f"<{EX}far> <{RDF.type}> <{EX}D> ."}


def test_a_blank_node_in_a_changed_triple_is_not_followed() -> None:
    reach = reach_of(_shapes("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:a ; sh:minCount 1 ] ."))
    assert reach is not None
    assert affected(reach, _store([]), KZO_GRAPH, [], [f"_:b <{EX}a> <{EX}y> ."]) is None


# --- every shape case: the findings where the edit reaches are the whole data's ----------------------------


def _case_runs() -> list:
    quick = _representatives(CASES)
    return [pytest.param(c, id=c.id, marks=() if c.id in quick else (pytest.mark.slow,)) for c in CASES]


@pytest.mark.parametrize("case", _case_runs())
def test_where_a_break_reaches_the_core_shapes_find_what_they_find_in_the_whole_data(
    case: Case, release: Release, check: ShaclCheck, edits: _Edits
) -> None:
    before, after = release.triples, broken(release, case, edits)
    if after == before:
        pytest.skip("the break changes nothing in the whole data")
    store = store_of([(graph_iri("data"), after)])
    local = check.changed_core(after, before.nt, store)
    everywhere = whole(check, after)
    if local is None:  # a blank node among the changes: the build validates everything
        assert b"_:" in after.nt
        return
    removed, added = changed_lines(before.nt, after.nt)
    reached = affected(check._reach, store, KZO_GRAPH, removed, added)  # type: ignore[arg-type]
    assert reached is not None
    assert sorted(local) == [f for f in everywhere if f.focus in reached]
    assert not [f for f in everywhere if f.focus not in reached], "a finding outside the nodes the edit reaches"


def test_every_break_is_undone(release: Release, edits: _Edits) -> None:
    """The shared copy holds the data again after the cases (run after them in a worker, or alone)."""
    for case in _case_runs()[:5]:
        broken(release, case.values[0], edits)
    assert Triples.from_graph(edits) == release.triples


def test_the_real_data_conforms_and_an_unchanged_edit_reaches_nothing(release: Release, check: ShaclCheck) -> None:
    assert whole(check, release.triples) == []
    store = store_of([(graph_iri("data"), release.triples)])
    assert check.changed_core(release.triples, release.triples.nt, store) == []


def test_an_edit_with_a_finding_is_reported_as_a_validation_of_the_whole_data_reports_it(
    release: Release, check: ShaclCheck
) -> None:
    g = Graph()
    for t in release.data:
        g.add(t)
    mission = KZ["mission/KAZ-embassy-AZE-baku"]
    g.remove((mission, KZO.sendingState, None))
    g.add((mission, KZO.sendingState, Literal("KAZ")))
    after = Triples.from_graph(g)
    store = store_of([(graph_iri("data"), after)])
    assert check.changed_core(after, release.triples.nt, store)  # found where the edit reaches
    report = check.validate(after, {str(mission): ("data/facts/x.yaml", 3)}, before=release.triples.nt)
    full = check.validate(after, {str(mission): ("data/facts/x.yaml", 3)})
    assert report.findings == full.findings and report.scope == "" and not report.conforms
    assert any(f.origin == "data/facts/x.yaml:3" for f in report.findings)  # the whole report, with origins


def test_shapes_that_cannot_be_bounded_validate_everything(release: Release) -> None:
    shapes = _shapes(
        f"ex:S a sh:NodeShape ; sh:targetClass <{KZO.Embassy}> ; sh:property [ sh:path [ sh:zeroOrMorePath <{KZO.city}> ] ; sh:minCount 1 ] ."
    )
    check = ShaclCheck(release.ontology, shapes)
    store = store_of([(graph_iri("data"), release.triples)])
    assert check.changed_core(release.triples, release.triples.nt, store) is None
    assert check.validate(release.triples, before=release.triples.nt).scope == ""
    assert (None, SH.zeroOrMorePath, URIRef(str(KZO.city))) in shapes


# --- what the reach does not follow makes the whole data validated (review of issue 21's change) ----------


def _validate_both(shapes_text: str, before: list[str], after: list[str]) -> tuple[object, object]:
    """The report of the whole validation of ``after``, and the one given ``before`` (which conforms)."""
    check = ShaclCheck(Graph(), _shapes(shapes_text))
    old, new = Triples.from_lines(before), Triples.from_lines(after)
    assert check.validate(old).conforms
    return check.validate(new), check.validate(new, before=old.nt)


A_C, B_C = f"<{EX}a> <{RDF.type}> <{EX}C> .", f"<{EX}b> <{RDF.type}> <{EX}C> ."


@pytest.mark.parametrize(
    "shapes_text, before, after",
    [
        (  # a literal value read backwards: "a name belongs to one resource"
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:name ; sh:node ex:U ] .\n"
            "ex:U a sh:NodeShape ; sh:property [ sh:path [ sh:inversePath ex:name ] ; sh:maxCount 1 ] .",
            [A_C, B_C, f'<{EX}a> <{EX}name> "x" .'],
            [A_C, B_C, f'<{EX}a> <{EX}name> "x" .', f'<{EX}b> <{EX}name> "x" .'],
        ),
        (  # a literal focus node (the objects of ex:name are targets)
            "ex:S a sh:NodeShape ; sh:targetObjectsOf ex:name ; sh:maxLength 3 .",
            [f'<{EX}a> <{EX}name> "abc" .'],
            [f'<{EX}a> <{EX}name> "abc" .', f'<{EX}b> <{EX}name> "abcdef" .'],
        ),
    ],
    ids=["literal-read-backwards", "literal-focus-node"],
)
def test_what_the_reach_does_not_follow_is_validated_whole(shapes_text: str, before: list[str], after: list[str]) -> None:
    whole_report, given = _validate_both(shapes_text, before, after)
    assert not whole_report.conforms  # type: ignore[attr-defined]
    assert sorted(given.findings) == sorted(whole_report.findings) and given.scope == ""  # type: ignore[attr-defined]
