"""Nothing lost: a build never ships less than the sources hold without stopping.

Every section of ``sources.yaml`` must be cited by a fact file or declared ``facts: none``; a
directory of sources that is missing or cannot be listed is one message naming it; a file whose
name nearly matches is reported rather than skipped; and a build that would replace the release
with one holding sharply fewer facts stops unless ``--allow-shrink`` says the loss is meant.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kzgraph.cli import main
from kzgraph.core.errors import DataError, SourceProblem
from kzgraph.curated.load import load

from common import ROOT

if TYPE_CHECKING:
    from kzgraph.pipeline.shrink import Counts
from fsfaults import isolated, reachable_project, run_cli, warm_up

SOURCES = "data/sources.yaml"
MANIFEST = "release.json"  # what a release records of itself (kzgraph.pipeline.shrink.MANIFEST)


def problems_of(root: Path) -> list[SourceProblem]:
    with pytest.raises(DataError) as info:
        load(root)
    return info.value.problems


def line_of(root: Path, file: str, pattern: str) -> int:
    lines = (root / file).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if re.search(pattern, line))


def build_cli(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--root", str(root), "build", *extra])
    out, err = capsys.readouterr()
    return code, out, err


def plant_release(root: Path, counts: Counts | None = None) -> dict[str, bytes]:
    """A previous release in ``root/dist`` (recording ``counts``); returns its files."""
    dist = root / "dist"
    dist.mkdir()
    (dist / "kzgraph.ttl").write_bytes(b"@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n")
    if counts is not None:
        (dist / MANIFEST).write_bytes(counts.to_bytes())
    return {p.name: p.read_bytes() for p in dist.iterdir()}


def release_files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (root / "dist").iterdir()}


# --- a directory of sources that is gone --------------------------------------------------------


def test_deleting_the_facts_directory_stops_build_and_validate(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(project_copy / "data" / "facts")
    [problem] = problems_of(project_copy)
    assert (problem.file, problem.line) == ("data/facts", 0) and "is missing" in problem.message, problem
    before = plant_release(project_copy)
    code, out, err = build_cli(project_copy, capsys)
    assert code == 1 and "data/facts: is missing" in err and "wrote" not in out
    assert release_files(project_copy) == before, "a refused build changed dist/"
    capsys.readouterr()
    assert main(["--root", str(project_copy), "validate"]) == 1
    assert "data/facts: is missing" in capsys.readouterr().err


def test_a_missing_entities_directory_is_one_message_naming_it(project_copy: Path) -> None:
    # not one "unknown state" for each of the 515 references to what it held
    shutil.rmtree(project_copy / "data" / "entities")
    [problem] = problems_of(project_copy)
    assert problem.file == "data/entities" and "is missing" in problem.message, problem


def test_an_empty_facts_directory_is_one_message(project_copy: Path) -> None:
    for path in (project_copy / "data" / "facts").iterdir():
        path.unlink()
    [problem] = problems_of(project_copy)
    assert problem.file == "data/facts" and "holds no *.yaml file" in problem.message, problem


def test_an_unreadable_facts_directory_stops_the_build() -> None:
    warm_up()
    with reachable_project() as root:
        os.chmod(root / "data" / "facts", 0)
        outcome = isolated(lambda: run_cli("--root", str(root), "build"), as_nobody=True, timeout=120)
        assert outcome.status == "returned", outcome
        code, out, err = outcome.value
        assert code == 1 and "wrote" not in out, err
        assert "data/facts: cannot be listed: permission denied" in err, err
        assert "Traceback" not in err
        outcome = isolated(lambda: run_cli("--root", str(root), "validate"), as_nobody=True, timeout=120)
        assert outcome.status == "returned" and outcome.value[0] == 1, outcome
        assert "data/facts: cannot be listed: permission denied" in outcome.value[2]


# --- names that nearly match --------------------------------------------------------------------


def test_fact_files_renamed_to_yml_are_each_reported(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    facts = project_copy / "data" / "facts"
    names = sorted(p.stem for p in facts.glob("*.yaml"))
    for stem in names:
        (facts / f"{stem}.yaml").rename(facts / f"{stem}.yml")
    problems = problems_of(project_copy)
    assert [p.file for p in problems] == [f"data/facts/{stem}.yml" for stem in names]
    assert all(f"rename it to {Path(p.file).stem}.yaml" in p.message for p in problems)
    before = plant_release(project_copy)
    code, _, err = build_cli(project_copy, capsys)
    assert code == 1 and "data/facts/asia.yml: is not read" in err
    assert release_files(project_copy) == before
    capsys.readouterr()
    assert main(["--root", str(project_copy), "validate"]) == 1


def test_an_extension_in_the_wrong_case_is_reported(project_copy: Path) -> None:
    facts = project_copy / "data" / "facts"
    (facts / "narcotics.yaml").rename(facts / "narcotics.YAML")
    [problem] = problems_of(project_copy)
    assert problem.file == "data/facts/narcotics.YAML" and "rename it to narcotics.yaml" in problem.message


def test_an_entity_file_renamed_is_reported_not_a_cascade(project_copy: Path) -> None:
    entities = project_copy / "data" / "entities"
    (entities / "places.yaml").rename(entities / "places.yml")
    [problem] = problems_of(project_copy)
    assert problem.file == "data/entities/places.yml" and "is not read" in problem.message


def test_sources_yaml_under_a_near_name_is_named(project_copy: Path) -> None:
    data = project_copy / "data"
    (data / "sources.yaml").rename(data / "sources.yml")
    [problem] = problems_of(project_copy)
    assert problem.file == SOURCES and "rename data/sources.yml to sources.yaml" in problem.message


def test_a_sub_directory_of_fact_files_is_reported(project_copy: Path) -> None:
    facts = project_copy / "data" / "facts"
    (facts / "europe").mkdir()
    (facts / "european-states.yaml").rename(facts / "europe" / "european-states.yaml")
    [problem] = problems_of(project_copy)
    assert problem.file == "data/facts/europe" and "files in it are not read" in problem.message


def test_other_files_beside_the_fact_files_are_left_alone(project_copy: Path) -> None:
    (project_copy / "data" / "facts" / "README.md").write_text("notes for curators\n", encoding="utf-8")
    (project_copy / "data" / "facts" / "asia.yaml.orig").write_text("a backup\n", encoding="utf-8")
    assert len(load(project_copy).facts) == len(load(ROOT).facts)


# --- every section accounted for ----------------------------------------------------------------


def delete_fact_file(root: Path, stem: str) -> None:
    """Delete a fact file and take it off sources.yaml's fact_files, as a curator removing it on purpose would."""
    (root / "data" / "facts" / f"{stem}.yaml").unlink()
    sources = root / SOURCES
    lines = sources.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("fact_files:"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(" "))
    block = "".join(lines[start:end])
    stems = [s.strip() for s in block.split("[", 1)[1].rsplit("]", 1)[0].split(",")]
    assert stem in stems
    lines[start:end] = [f"fact_files: [{', '.join(s for s in stems if s != stem)}]\n"]
    sources.write_text("".join(lines), encoding="utf-8")


def test_a_fact_file_lost_whole_is_named_even_when_other_files_cite_its_section(project_copy: Path) -> None:
    """lead.yaml cites the OSCE chairmanship too, so its section still has facts without its own file:
    the list of fact files in sources.yaml is what names the file that is gone."""
    (project_copy / "data" / "facts" / "osce-chairmanship.yaml").unlink()
    [problem] = problems_of(project_copy)
    assert (problem.file, problem.field) == (SOURCES, "fact_files")
    assert problem.line == line_of(project_copy, SOURCES, r"^fact_files:")
    assert "data/facts/osce-chairmanship.yaml is listed but missing" in problem.message


def test_a_deleted_fact_file_leaves_its_section_unaccounted_for(project_copy: Path) -> None:
    """Taken off the list as well: the sections it held are still reported."""
    delete_fact_file(project_copy, "border-issues")
    [problem] = problems_of(project_copy)
    assert (problem.file, problem.line, problem.field) == (
        SOURCES,
        line_of(project_copy, SOURCES, r"id: border-issues\b"),
        "facts",
    )
    assert "section 'border-issues' holds no facts" in problem.message and "facts: none" in problem.message


def test_a_part_of_the_article_without_its_file_is_reported_once(project_copy: Path) -> None:
    # asia and its eight subsections: one message, at the section they belong to
    delete_fact_file(project_copy, "asia")
    [problem] = problems_of(project_copy)
    assert problem.line == line_of(project_copy, SOURCES, r"id: asia,") and "and its 8 subsections" in problem.message


def test_an_emptied_fact_file_leaves_its_section_unaccounted_for(project_copy: Path) -> None:
    (project_copy / "data" / "facts" / "narcotics.yaml").write_text("facts: []\n", encoding="utf-8")
    [problem] = problems_of(project_copy)
    assert problem.file == SOURCES and "section 'narcotics'" in problem.message


def test_a_section_without_facts_must_say_so(project_copy: Path) -> None:
    sources = project_copy / SOURCES
    text = sources.read_text(encoding="utf-8")
    assert ", facts: none}" in text
    sources.write_text(text.replace(", facts: none}", "}"), encoding="utf-8")
    [problem] = problems_of(project_copy)
    assert "section 'literature' holds no facts" in problem.message


def test_a_declaration_that_a_fact_contradicts_is_reported(project_copy: Path) -> None:
    sources = project_copy / SOURCES
    text = sources.read_text(encoding="utf-8")
    sources.write_text(
        text.replace(
            "title: {bg: Гранични въпроси, en: Border issues}}", "title: {bg: Гранични въпроси, en: Border issues}, facts: none}"
        ),
        encoding="utf-8",
    )
    [problem] = problems_of(project_copy)
    assert problem.field == "facts" and "declared to hold no facts, but data/facts/border-issues.yaml" in problem.message


def test_the_real_sources_account_for_every_section() -> None:
    dataset = load(ROOT)
    declared = [r.id for r in dataset.by_path("section") if r.values.get("facts") == "none"]
    assert declared == ["literature"]


# --- a build that would ship sharply fewer facts --------------------------------------------------


def real_counts() -> Counts:
    from kzgraph.pipeline.shrink import counts_of

    return counts_of(load(ROOT), 0)


def test_the_shrink_rule() -> None:
    from kzgraph.pipeline.shrink import Counts, losses

    before = Counts(200, {"a": 100, "b": 90, "c": 10})
    assert losses(before, Counts(200, {"a": 100, "b": 90, "c": 10})) == []
    assert losses(before, Counts(210, {"a": 110, "b": 90, "c": 10})) == []
    assert losses(before, Counts(185, {"a": 90, "b": 85, "c": 10})) == [], "7.5% fewer, no part halved"
    assert losses(before, Counts(170, {"a": 80, "b": 80, "c": 10}))[0].startswith("30 fewer facts"), "15% fewer"
    assert losses(before, Counts(194, {"a": 100, "b": 90, "c": 4})) == [
        "6 fewer facts than the release it would replace (194 instead of 200, 3%)",
        "facts of section c from 10 to 4",
    ]
    assert losses(before, Counts(200, {"a": 100, "b": 100})) == [], "a section renamed or merged loses nothing"


@pytest.mark.slow  # whole builds through the CLI
def test_a_build_with_far_fewer_facts_keeps_the_release(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Every section is still cited (lead.yaml cites the chairmanship), but 7 of its 8 facts are gone.
    delete_fact_file(project_copy, "osce-chairmanship")
    before = plant_release(project_copy, real_counts())
    total = len(load(ROOT).facts)  # the counts follow the data: 7 facts fewer, whatever the total
    code, out, err = build_cli(project_copy, capsys)
    assert code == 1 and "wrote" not in out, out + err
    assert f"7 fewer facts than the release it would replace ({total - 7} instead of {total}" in err
    assert "osce-chairmanship from 8 to 1" in err and "--allow-shrink" in err
    assert release_files(project_copy) == before, "a refused build changed dist/"

    code, out, err = build_cli(project_copy, capsys, "--allow-shrink")
    assert code == 0, err
    assert f"facts against the release replaced: {total} -> {total - 7} (allowed by --allow-shrink)" in out
    assert json.loads((project_copy / "dist" / MANIFEST).read_bytes())["facts"] == total - 7


@pytest.mark.slow  # whole builds through the CLI
def test_a_previous_release_without_a_readable_record_is_no_error(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dist = project_copy / "dist"
    plant_release(project_copy)
    (dist / MANIFEST).write_bytes(b"\xff not json [[[")
    code, out, err = build_cli(project_copy, capsys)
    assert code == 0, err
    assert "not compared" in out
    record = json.loads((dist / MANIFEST).read_bytes())
    facts = load(ROOT).facts
    in_asia = sum(1 for r in facts if any(p.section.split("/")[0] == "asia" for p in r.sources))
    assert record["facts"] == len(facts) and record["facts_by_section"]["asia"] == in_asia
    # and the next build compares with what this one recorded (--no-cache: a build with nothing changed
    # would have nothing to do, and compare nothing)
    code, out, err = build_cli(project_copy, capsys, "--no-cache")
    assert code == 0 and f"facts against the release replaced: {record['facts']} -> {record['facts']}" in out


def test_sources_without_the_list_of_fact_files_are_refused(project_copy: Path) -> None:
    """The list is required: without it a lost file would pass again, so its absence is no pass."""
    sources = project_copy / SOURCES
    lines = sources.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("fact_files:"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(" "))
    sources.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    problems = problems_of(project_copy)
    assert any(p.file == SOURCES and "fact_files" in p.message for p in problems), problems
