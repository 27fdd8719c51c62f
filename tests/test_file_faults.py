"""Files that are not what they seem: each is ``file: what is wrong``, exit 1, never a hang or a traceback.

An input is read only when it is a regular file inside the project, of bounded size; what it is
is decided from the file system (its kind, where its links lead), not from its name. Nothing of a
file outside the project is ever echoed. Steps that would hang or exhaust memory on a careless
reader run in a forked child with a time and memory limit (tests/fsfaults.py), so that such a
reader fails these tests instead of taking the test run down.
"""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest

from kzgraph.cli import main
from kzgraph.core.errors import DataError
from kzgraph.curated.load import load

from common import ROOT
from fsfaults import isolated, reachable_project, run_cli, warm_up

FACT = "data/facts/border-issues.yaml"
CANARY = "CANARY-4f1d0c"
SECRET = f"root:$6${CANARY}$Hk3rnbQ:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\npassword: {CANARY}\n"


def article_of(root: Path) -> Path:
    [path] = (root / "data" / "article").glob("*.txt")
    return path


def load_problems(root: Path) -> list[str]:
    """The problems ``load`` reports, as text (for use in a child process)."""
    try:
        load(root)
    except DataError as exc:
        return [str(p) for p in exc.problems]
    return []


def refused(outcome, *fragments: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The load ended in time, with problems that say what was wrong; returns them."""
    assert outcome.status == "returned", outcome
    problems = outcome.value
    assert problems, "the load accepted a broken project"
    for fragment in fragments:
        assert any(fragment in p for p in problems), "\n".join(problems)
    return problems


@pytest.fixture()
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory outside the project (``project_copy`` is a test's own ``tmp_path``)."""
    return tmp_path_factory.mktemp("elsewhere")


def outside_secret(directory: Path) -> Path:
    """A file outside the project, holding lines that must never be printed."""
    secret = directory / "shadow"
    secret.write_text(SECRET, encoding="utf-8")
    return secret


# --- kinds of file ------------------------------------------------------------------------------


def test_a_fifo_in_place_of_a_fact_file_does_not_hang(project_copy: Path) -> None:
    path = project_copy / FACT
    path.unlink()
    os.mkfifo(path)
    outcome = isolated(lambda: load_problems(project_copy), timeout=20)
    assert refused(outcome, f"{FACT}: is a FIFO (named pipe), not a regular file") == [
        f"{FACT}: is a FIFO (named pipe), not a regular file; expected a curated YAML file"
    ]


def test_a_symlink_loop_is_reported(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project_copy / FACT
    path.unlink()
    path.symlink_to(path.name)
    assert refused(isolated(lambda: load_problems(project_copy), timeout=20)) == [f"{FACT}: is a symbolic link loop"]
    capsys.readouterr()
    assert main(["--root", str(project_copy), "build"]) == 1
    err = capsys.readouterr().err
    assert f"{FACT}: is a symbolic link loop" in err and "Traceback" not in err


def test_a_directory_in_place_of_the_article(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = article_of(project_copy)
    article.unlink()
    article.mkdir()
    name = article.relative_to(project_copy).as_posix()
    capsys.readouterr()
    assert main(["--root", str(project_copy), "build"]) == 1
    err = capsys.readouterr().err
    assert f"{name}: is a directory, not a regular file" in err and "Traceback" not in err


def test_an_unreadable_article() -> None:
    warm_up()
    with reachable_project() as root:
        article = article_of(root)
        os.chmod(article, 0)
        outcome = isolated(lambda: run_cli("--root", str(root), "build"), as_nobody=True, timeout=60)
        assert outcome.status == "returned", outcome
        code, _, err = outcome.value
        name = article.relative_to(root).as_posix()
        assert code == 1 and f"{name}: cannot be read: permission denied" in err, err
        assert "Traceback" not in err


def test_an_unreadable_fact_file() -> None:
    warm_up()
    with reachable_project() as root:
        os.chmod(root / FACT, 0)
        outcome = isolated(lambda: load_problems(root), as_nobody=True, timeout=60)
        assert refused(outcome) == [f"{FACT}: cannot be read: permission denied"]


def test_a_symlink_to_dev_zero_is_refused_before_reading(project_copy: Path) -> None:
    path = project_copy / FACT
    path.unlink()
    path.symlink_to("/dev/zero")
    outcome = isolated(lambda: load_problems(project_copy), timeout=20, memory=512 << 20)
    assert refused(outcome) == [f"{FACT}: is a symbolic link that leads out of the project; only files inside it are read"]


def test_a_device_inside_the_project_is_never_opened(project_copy: Path) -> None:
    path = project_copy / FACT
    path.unlink()
    try:
        os.mknod(path, stat.S_IFCHR | 0o644, os.makedev(1, 5))  # what /dev/zero is
    except PermissionError:
        pytest.skip("creating a device node needs CAP_MKNOD, which this process lacks")
    outcome = isolated(lambda: load_problems(project_copy), timeout=20, memory=512 << 20)
    assert refused(outcome) == [f"{FACT}: is a character device, not a regular file; expected a curated YAML file"]


def test_a_socket_in_place_of_a_fact_file(project_copy: Path) -> None:
    path = project_copy / FACT
    path.unlink()
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
    except OSError:  # a path too long for a socket address
        pytest.skip("the temporary path is too long for a Unix socket")
    try:
        outcome = isolated(lambda: load_problems(project_copy), timeout=20)
        assert refused(outcome) == [f"{FACT}: is a socket, not a regular file; expected a curated YAML file"]
    finally:
        server.close()


def test_a_file_larger_than_the_limit_is_not_read(project_copy: Path) -> None:
    path = project_copy / FACT
    with open(path, "r+b") as f:
        f.truncate(17 * 1024 * 1024)  # sparse: costs no disk
    outcome = isolated(lambda: load_problems(project_copy), timeout=30, memory=512 << 20)
    assert refused(outcome) == [f"{FACT}: is 17,825,792 bytes; curated YAML files may hold at most 16 MiB"]


def test_a_symlink_inside_the_project_is_followed(project_copy: Path) -> None:
    # Links are fine while they stay inside the project: what is refused is leaving it.
    path = project_copy / FACT
    kept = project_copy / "data" / "shared-border-issues.yaml"
    path.rename(kept)
    path.symlink_to(os.path.relpath(kept, path.parent))
    assert len(load(project_copy).facts) == len(load(ROOT).facts)


def test_a_broken_qc_query_is_named_in_validate(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project_copy / "ontology" / "qc" / "zz-broken.rq").write_text("SELECT ?entity ?message WHERE { ?entity\n", encoding="utf-8")
    capsys.readouterr()
    code = main(["--root", str(project_copy), "validate"])
    err = capsys.readouterr().err
    assert code == 1 and "ontology/qc/zz-broken.rq: not a valid SPARQL query" in err, err
    assert "Traceback" not in err


def test_a_qc_query_that_is_not_a_select_of_entity_and_message(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project_copy / "ontology" / "qc" / "zz-ask.rq").write_text("ASK { ?s ?p ?o }\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["--root", str(project_copy), "validate"]) == 1
    assert "ontology/qc/zz-ask.rq: a QC query must be a SELECT of ?entity and ?message" in capsys.readouterr().err


def test_a_qc_query_that_is_a_directory(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project_copy / "ontology" / "qc" / "zz.rq").mkdir()
    capsys.readouterr()
    assert main(["--root", str(project_copy), "validate"]) == 1
    err = capsys.readouterr().err
    assert "ontology/qc/zz.rq: is a directory, not a regular file" in err and "Traceback" not in err


# --- never echo a file outside the project ------------------------------------------------------


def test_a_fact_file_linked_to_a_file_outside_is_not_echoed(
    project_copy: Path, elsewhere: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = project_copy / "data" / "facts" / "zz-linked.yaml"
    link.symlink_to(outside_secret(elsewhere))
    capsys.readouterr()
    assert main(["--root", str(project_copy), "build"]) == 1
    out, err = capsys.readouterr()
    assert CANARY not in out + err and "daemon" not in out + err, err
    assert "data/facts/zz-linked.yaml: is a symbolic link that leads out of the project" in err


def test_the_shapes_linked_to_a_file_outside_are_not_echoed(
    project_copy: Path, elsewhere: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shapes = project_copy / "ontology" / "shapes.ttl"
    shapes.unlink()
    shapes.symlink_to(outside_secret(elsewhere))
    for command in ("build", "validate"):
        capsys.readouterr()
        assert main(["--root", str(project_copy), command]) == 1
        out, err = capsys.readouterr()
        assert CANARY not in out + err and "root:" not in out + err, err
        assert "ontology/shapes.ttl: is a symbolic link that leads out of the project" in err


def test_a_data_directory_linked_out_of_the_project_is_refused(project_copy: Path, elsewhere: Path) -> None:
    facts = project_copy / "data" / "facts"
    facts.rename(elsewhere / "facts")
    facts.symlink_to(elsewhere / "facts")
    with pytest.raises(DataError) as info:
        load(project_copy)
    [problem] = info.value.problems
    assert problem.file == "data/facts" and "leads out of the project" in problem.message


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("kzgraph.ttl", "", "declares no <https://w3id.org/kzgraph/ontology> a owl:Ontology"),
        ("kzgraph.ttl", "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n", "declares no"),
        ("shapes.ttl", "", "holds no sh:NodeShape or sh:PropertyShape"),
        ("shapes.ttl", "# cut short\n@prefix sh: <http://www.w3.org/ns/shacl#> .\n", "holds no sh:NodeShape"),
        ("terms/missions.ttl", "", "holds no triples; expected a part of the project's ontology"),
        ("shapes/missions.ttl", "# cut short\n", "holds no sh:NodeShape or sh:PropertyShape"),
    ],
)
def test_an_ontology_or_shapes_file_that_holds_nothing_stops_the_build(
    project_copy: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, expected: str
) -> None:
    """Valid Turtle with nothing in it would build a release without the model, or validate nothing."""
    (project_copy / "ontology" / name).write_text(text, encoding="utf-8")
    for command in ("build", "validate"):
        assert main([command, "--root", str(project_copy)]) == 1
        err = capsys.readouterr().err
        assert f"ontology/{name}: {expected}" in err and "Traceback" not in err, err
    assert not (project_copy / "dist").exists()


# --- a truncated ontology or shapes file ----------------------------------------------------------


def _cuts(text: bytes) -> dict[str, int]:
    """Where to cut a Turtle file: inside a UTF-8 character, inside a string, inside a statement."""
    inside_char = next(i for i in range(len(text) // 2, len(text)) if text[i] >= 0xC0) + 1
    inside_string = text.index(b'"', len(text) // 3) + 3
    inside_statement = text.index(b" a sh:" if b"sh:NodeShape" in text else b" a owl:", len(text) // 4) + 3  # verb, no object
    return {"inside a character": inside_char, "inside a string": inside_string, "inside a statement": inside_statement}


@pytest.mark.parametrize("name", ["kzgraph.ttl", "shapes/agreements.ttl"])  # a part of the shapes: its own file and line
@pytest.mark.parametrize("where", ["inside a character", "inside a string", "inside a statement"])
def test_a_truncated_ontology_is_file_line_what(
    project_copy: Path, capsys: pytest.CaptureFixture[str], name: str, where: str
) -> None:
    """A file cut short is ``ontology/NAME:LINE: not valid Turtle: what``, never a Python bytes repr or a traceback."""
    path = project_copy / "ontology" / name
    text = path.read_bytes()
    cut = _cuts(text)[where]
    path.write_bytes(text[:cut])
    line = text.count(b"\n", 0, cut) + 1
    for command in ("build", "validate"):
        capsys.readouterr()
        assert main(["--root", str(project_copy), command]) == 1
        err = capsys.readouterr().err
        [message] = [m for m in err.splitlines() if m.startswith("error:")]
        assert message.startswith(f"error: ontology/{name}:"), err
        reported = int(message.split(":")[2])
        assert line - 1 <= reported <= line and ": not valid Turtle: " in message, err
        assert "b'" not in message and 'b"' not in message and "Traceback" not in err and "codec" not in message, err


# --- a project root the build may not write ----------------------------------------------------


def test_a_project_root_that_is_not_writable_is_a_clear_error() -> None:
    """dist/ is written beside itself and swapped in: a read-only root is one line naming it, not a traceback."""
    warm_up()
    with reachable_project() as root:
        os.chmod(root, 0o555)
        # (the checks are left out: they would import modules in the child that nobody may not read;
        # where the release is written is the same)
        build = ("--root", str(root), "build", "--no-validate", "--no-reason")
        outcome = isolated(lambda: run_cli(*build), as_nobody=True, timeout=120)
        assert outcome.status == "returned", outcome
        code, _, err = outcome.value
        assert code == 1 and "Traceback" not in err, err
        assert f"{root / 'dist'}: the release cannot be written: permission denied ({root})" in err, err
        assert sorted(p.name for p in root.iterdir()) == ["data", "ontology"]


def test_a_failed_swap_puts_the_previous_release_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kzgraph.core.errors import BuildError
    from kzgraph.pipeline import build

    out = tmp_path / "dist"
    out.mkdir()
    (out / "release.json").write_text("previous\n", encoding="utf-8")
    real_replace = os.replace

    def failing(src: object, dst: object) -> None:
        if Path(str(dst)) == out and ".old-" not in str(src):  # the new release, not the old one put back
            raise OSError(28, "No space left on device", str(dst))
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(build.os, "replace", failing)
    with pytest.raises(BuildError, match="the release cannot be written: No space left on device"):
        build.write_atomically(out, {"release.json": b"new\n"})
    assert (out / "release.json").read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]
