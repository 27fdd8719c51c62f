"""Every input the build declares is required: a missing check is never a passed check.

The ontology and the SHACL shapes (every part ``ontology/parts.yaml`` declares, and the list itself), the QC queries, the article and the list of sources: when any of
them is gone (deleted, or renamed away), ``kzgraph build`` and ``kzgraph validate`` stop with one
error naming its path and exit 1, and the previous release stays exactly as it was. A project with
no QC queries on purpose declares it (``ontology/qc/NO-QUERIES``); it is never inferred from a
missing folder.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from kzgraph.cli import main

QC = "ontology/qc"
PARTS = Path(__file__).resolve().parents[1] / "ontology" / "parts.yaml"


def _declared_at(part: str) -> str:
    """Where ontology/parts.yaml lists ``part``, as the error names it: looked up, so a part added above it
    (a new kind of fact) moves the expected line with it."""
    lines = PARTS.read_text(encoding="utf-8").splitlines()
    return f"ontology/parts.yaml:{next(n for n, line in enumerate(lines, 1) if line.split('#')[0].strip() == f'- {part}')}"


def _remove(where: str) -> Callable[[Path], None]:
    def act(root: Path) -> None:
        path = root / where
        shutil.rmtree(path) if path.is_dir() else path.unlink()

    return act


def _rename_qc_folder(root: Path) -> None:
    (root / QC).rename(root / "ontology" / "qc-off")


def _rename_every_query(root: Path) -> None:
    for query in (root / QC).glob("*.rq"):
        query.rename(query.with_name(query.name + ".off"))


def _move_every_query_out(root: Path) -> None:
    for query in (root / QC).glob("*.rq"):
        query.rename(root / query.name)


def _remove_article(root: Path) -> None:
    for text in (root / "data" / "article").glob("*.txt"):
        text.unlink()


CASES = {
    "ontology": (
        _remove("ontology/kzgraph.ttl"),
        f"ontology/kzgraph.ttl: is missing; {_declared_at('kzgraph.ttl')} declares it as a part of the ontology",
    ),
    "ontology part": (
        _remove("ontology/terms/missions.ttl"),
        f"ontology/terms/missions.ttl: is missing; {_declared_at('terms/missions.ttl')} declares it",
    ),
    "shapes": (
        _remove("ontology/shapes.ttl"),
        f"ontology/shapes.ttl: is missing; {_declared_at('shapes.ttl')} declares it as a part of the SHACL shapes",
    ),
    "parts list": (
        _remove("ontology/parts.yaml"),
        "ontology/parts.yaml: is missing; it lists the files of the ontology and the shapes",
    ),
    "qc folder deleted": (_remove(QC), "ontology/qc: is missing; it holds the QC queries"),
    "qc folder renamed": (_rename_qc_folder, "ontology/qc: is missing; it holds the QC queries"),
    "every query renamed": (_rename_every_query, "ontology/qc/class-without-standard-ancestor.rq.off: is not run"),
    "every query moved out": (_move_every_query_out, "ontology/qc: holds no QC query (*.rq)"),
    "article": (_remove_article, "data/article: expected exactly one article text (*.txt), found 0"),
    "article folder": (_remove("data/article"), "data/article: is missing"),
    "sources list": (_remove("data/sources.yaml"), "data/sources.yaml: is missing"),
}


def _run(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out + err


@pytest.mark.parametrize("case", list(CASES))
def test_a_missing_input_stops_build_and_validate_naming_it(
    project_copy: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    remove, expected = CASES[case]
    dist = project_copy / "dist"
    dist.mkdir()
    (dist / "release.json").write_text("the previous release\n", encoding="utf-8")
    remove(project_copy)
    for command in ("build", "validate"):
        code, output = _run("--root", str(project_copy), command, capsys=capsys)
        assert code == 1, output
        assert expected in output and "Traceback" not in output, output
        problems = [line for line in output.splitlines() if line.startswith(("error:", "  "))]
        assert len(problems) == 1, output  # one error, not one per quote or per check
    assert [p.name for p in dist.iterdir()] == ["release.json"]
    assert (dist / "release.json").read_text(encoding="utf-8") == "the previous release\n"
    # nothing half-written (the build cache, .dist.cache/, keeps only what was read cleanly)
    assert sorted(p.name for p in project_copy.iterdir() if p.name.startswith(".") and p.name != ".dist.cache") == []


def test_a_declared_empty_qc_set_is_accepted(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _move_every_query_out(project_copy)
    (project_copy / QC / "NO-QUERIES").write_text("This project runs no QC queries: only the shapes.\n", encoding="utf-8")
    code, output = _run("--root", str(project_copy), "validate", capsys=capsys)
    assert code == 0, output


def test_a_declaration_beside_queries_is_refused(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project_copy / QC / "NO-QUERIES").write_text("none\n", encoding="utf-8")
    held = len(list((project_copy / QC).glob("*.rq")))
    code, output = _run("--root", str(project_copy), "validate", capsys=capsys)
    assert (
        code == 1
        and f"ontology/qc/NO-QUERIES: declares that the project has no QC queries, but ontology/qc/ holds {held} " in output
    )


@pytest.mark.parametrize("name", ["zz.RQ", "zz.sparql", "missing-label.rq.disabled"])
def test_a_query_that_would_not_run_is_named(project_copy: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    (project_copy / QC / name).write_text("SELECT ?entity ?message WHERE { FILTER(false) }\n", encoding="utf-8")
    code, output = _run("--root", str(project_copy), "validate", capsys=capsys)
    assert code == 1 and f"ontology/qc/{name}: is not run: QC queries are named *.rq" in output, output


def test_a_sub_directory_of_queries_is_named(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project_copy / QC / "more").mkdir()
    code, output = _run("--root", str(project_copy), "validate", capsys=capsys)
    assert code == 1 and "ontology/qc/more: is a directory, and queries in it are not run" in output, output
