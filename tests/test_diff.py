"""``kzgraph diff OLD NEW``: a changelog at fact level (issue 21, item 4).

A copy of the project gets one fact's date edited, one fact deleted, one added and a note added;
both projects are built once for the module (without validation and reasoning, which the diff does
not read), and the diff must name exactly those changes — in Markdown and in Turtle, from the
projects (with file and line) and from the two release directories (without them, as a release
does not record them).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from kzgraph.cli import main
from kzgraph.core.errors import UsageError
from kzgraph.pipeline.diff import Diff, diff, to_markdown, to_turtle

from common import ROOT

KZO = Namespace("https://w3id.org/kzgraph/ontology#")
ID = "https://w3id.org/kzgraph/id/"
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
EDITED, DELETED, ADDED, NOTE = (
    "relation/KAZ-CHN",
    "mission/KAZ-embassy-ARM-yerevan",
    "mission/KAZ-embassy-ARM-yerevan-2",
    "note/test-note",
)

DELETED_BLOCK = """  - id: KAZ-embassy-ARM-yerevan
    type: Embassy
    sending_state: KAZ
    receiving_state: ARM
    city: yerevan
    comment: Kazakhstan has an embassy in Yerevan.
    source:
      - section: asia/armenia
        quote: "Казахстан има посолство в Ереван"
        rendering_en: "Kazakhstan has an embassy in Yerevan"

"""
ADDED_BLOCK = DELETED_BLOCK.replace("KAZ-embassy-ARM-yerevan", "KAZ-embassy-ARM-yerevan-2")
NOTE_BLOCK = """notes:
  - id: test-note
    kind: contradiction
    affects: [relation/KAZ-CHN]
    comment: A note added by the test.
    comment_bg: Бележка, добавена от теста.
    source: [{section: asia/china, quote: "Китай 1992-01-03"}]

"""


def edit(root: Path) -> None:
    """One date edited, one fact deleted, one added (in another place of the file), one note added."""
    asia = root / "data" / "facts" / "asia.yaml"
    text = asia.read_text(encoding="utf-8")
    assert text.count('    start: "1992-01-03"\n') == 1 and DELETED_BLOCK in text and text.count("notes:\n") == 1
    text = text.replace('    start: "1992-01-03"\n', '    start: "1992-01-04"\n').replace(DELETED_BLOCK, "")
    text = text.replace("notes:\n", NOTE_BLOCK)
    text = text.replace("facts:\n", "facts:\n" + ADDED_BLOCK, 1)
    asia.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("diff")


@pytest.fixture(scope="module")
def from_projects(work: Path) -> Diff:
    new = work / "project"
    for part in ("data", "ontology"):
        shutil.copytree(ROOT / part, new / part)
    edit(new)
    (work / "builds").mkdir()
    return diff(ROOT, new, work=work / "builds")


@pytest.fixture(scope="module")
def releases(from_projects: Diff, work: Path) -> tuple[Path, Path]:
    """The two dist/ folders the project diff built (old first)."""
    return work / "builds" / "dist-0", work / "builds" / "dist-1"


def named(d: Diff) -> dict[tuple[str, str], set[str]]:
    return {(c.what, c.kind): {c.iri.removeprefix(ID) for c in d.of(c.what, c.kind)} for c in d.changes}


EXPECTED = {("fact", "added"): {ADDED}, ("fact", "removed"): {DELETED}, ("fact", "changed"): {EDITED}, ("note", "added"): {NOTE}}


def test_the_diff_names_exactly_the_changes_made(from_projects: Diff) -> None:
    assert named(from_projects) == EXPECTED
    (changed,) = from_projects.of("fact", "changed")
    by_property = {p.predicate: p for p in changed.properties}
    # the date, and the label that shows it; the note's kzo:hasQualityNote is reported as the note
    assert set(by_property) == {str(KZO.startDate), "http://www.w3.org/2000/01/rdf-schema#label"}
    start = by_property[str(KZO.startDate)]
    assert (start.old, start.new) == ({f'"1992-01-03"^^<{XSD_DATE}>'}, {f'"1992-01-04"^^<{XSD_DATE}>'})
    assert start.field == "start" and re.fullmatch(r"data/facts/asia\.yaml:\d+", start.location)


def test_the_markdown_lists_each_change_with_its_file_and_line(from_projects: Diff, work: Path) -> None:
    text = to_markdown(from_projects)
    assert "1 fact added, 1 removed, 1 changed; 1 note added, 0 resolved, 0 changed." in text
    sections = dict(re.findall(r"^## (.+?) \(\d+\)\n\n((?:- .*\n?|  - .*\n?)+)", text, re.M))
    assert set(sections) == {"Facts added", "Facts removed", "Facts changed", "Data-quality notes added"}
    for heading, short in [
        ("Facts added", "mission:KAZ-embassy-ARM-yerevan-2"),
        ("Facts removed", "mission:KAZ-embassy-ARM-yerevan`"),
        ("Facts changed", "relation:KAZ-CHN"),
        ("Data-quality notes added", "note:test-note"),
    ]:
        assert short in sections[heading] and "data/facts/asia.yaml:" in sections[heading], heading
    assert "`kzo:startDate` (field `start` at `data/facts/asia.yaml:" in text
    assert "`1992-01-03` (xsd:date) → `1992-01-04` (xsd:date)" in text
    assert "contradiction about `relation:KAZ-CHN`" in text
    assert "from the projects' sources (a release does not record them)" in text


def test_the_turtle_links_each_change_to_both_releases_and_its_fact(from_projects: Diff) -> None:
    g = Graph().parse(data=to_turtle(from_projects), format="turtle")
    kinds = {"added": KZO.Addition, "removed": KZO.Removal, "changed": KZO.Modification}
    found = {
        (("note" if "/note/" in str(g.value(c, KZO.changeOf)) else "fact"), kind): {
            str(o).removeprefix(ID) for o in g.objects(c, KZO.changeOf)
        }
        for kind, cls in kinds.items()
        for c in g.subjects(RDF.type, cls)
    }
    assert found == EXPECTED
    releases = {r for c in g.subjects(KZO.changeOf, None) for r in (g.value(c, KZO.oldRelease), g.value(c, KZO.newRelease))}
    assert len(releases) == 2 and all(str(r).startswith("ni:///sha-256;") for r in releases)
    assert all((r, RDF.type, URIRef("http://www.w3.org/ns/dcat#Dataset")) in g for r in releases)
    (modification,) = g.subjects(RDF.type, KZO.Modification)
    dates = [pc for pc in g.objects(modification, KZO.propertyChange) if g.value(pc, KZO.changedProperty) == KZO.startDate]
    assert len(dates) == 1
    assert g.value(dates[0], KZO.oldValue) == Literal("1992-01-03", datatype=XSD_DATE)
    assert g.value(dates[0], KZO.newValue) == Literal("1992-01-04", datatype=XSD_DATE)
    assert str(g.value(dates[0], KZO.sourceLocation)).startswith("data/facts/asia.yaml:")
    assert to_turtle(from_projects) == to_turtle(from_projects)  # deterministic


def test_two_release_directories_give_the_same_changes_and_say_lines_need_the_sources(
    releases: tuple[Path, Path], from_projects: Diff
) -> None:
    d = diff(*releases)
    assert named(d) == EXPECTED
    assert all(not c.location and all(not p.location for p in c.properties) for c in d.changes)
    assert {c.section for c in d.changes} == {"asia/armenia", "asia/china"}
    text = to_markdown(d)
    assert "a release does not record them" in text and "pass project directories" in text
    assert "section asia/china" in text


def test_a_release_against_itself_has_no_changes(releases: tuple[Path, Path]) -> None:
    d = diff(releases[0], releases[0])
    assert d.changes == [] and "No facts or data-quality notes changed." in to_markdown(d)


def test_the_command_writes_markdown_or_turtle(releases: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", *map(str, releases)]) == 0
    assert "## Facts changed (1)" in capsys.readouterr().out
    assert main(["diff", "--format", "ttl", *map(str, releases)]) == 0
    assert len(Graph().parse(data=capsys.readouterr().out, format="turtle")) > 10


def test_unrelated_projects_are_one_line_and_exit_2(
    releases: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    nq = (releases[1] / "kzgraph.nq").read_text(encoding="utf-8")
    for ours, theirs in [
        ("https://w3id.org/kzgraph/ontology", "https://example.org/another/ontology"),
        (ID, "https://example.org/another/id/"),
    ]:
        nq = nq.replace(ours, theirs)
    (other / "kzgraph.nq").write_text(nq, encoding="utf-8")
    assert main(["diff", str(releases[0]), str(other)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unrelated projects" in err


def test_a_directory_that_is_neither_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(tmp_path), str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "neither a release" in err
    with pytest.raises(UsageError):
        diff(tmp_path, tmp_path)


def test_a_release_whose_dump_is_not_n_quads_is_one_line_and_exit_1(
    releases: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "kzgraph.nq").write_bytes((releases[1] / "kzgraph.nq").read_bytes()[:5000] + b"<https://cut")
    assert main(["diff", str(releases[0]), str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a release's N-Quads" in err
