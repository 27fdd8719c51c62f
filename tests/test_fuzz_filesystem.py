"""Fuzzing the project's files on disk: whatever kind of file, permission, link or size stands where an
input should be, reading the project ends in time, within memory, and either with everything the
sources hold or with problems that each name a file; never a traceback, never a byte of a file
outside the project.

It joins the content fuzzing of ``test_fuzz_loader.py``: there the files' text is arbitrary, here
what stands at their paths is. Each example applies one to three faults to a fresh copy of the
real project and reads it as the build does (the curated sources, the ontology, the shapes and the
QC queries) in a forked child with a time and memory limit, as ``nobody`` when the tests run as
root, so that permissions bind (tests/fsfaults.py).
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kzgraph.core.errors import BuildError, DataError
from kzgraph.curated.load import load

from common import ROOT
from fsfaults import isolated, warm_up

CANARY = "CANARY-93be1f"
FACTS = sorted(p.name for p in (ROOT / "data" / "facts").glob("*.yaml"))
ENTITIES = sorted(p.name for p in (ROOT / "data" / "entities").glob("*.yaml"))
QC = sorted(p.name for p in (ROOT / "ontology" / "qc").glob("*.rq"))
[ARTICLE] = [p.name for p in (ROOT / "data" / "article").glob("*.txt")]

# The ontology's and the shapes' headers, one part of each, and the list that declares them.
PARTS = [
    "ontology/kzgraph.ttl",
    "ontology/shapes.ttl",
    "ontology/terms/missions.ttl",
    "ontology/shapes/missions.ttl",
    "ontology/parts.yaml",
]

# Where an input stands: curated files (any fault), directories, and the ontology's files (any
# fault; the ontology, the shapes and the QC folder are required, and so is its last query).
CURATED_FILES = st.one_of(
    st.sampled_from([f"data/facts/{n}" for n in FACTS]),
    st.sampled_from([f"data/entities/{n}" for n in ENTITIES]),
    st.just("data/sources.yaml"),
    st.just(f"data/article/{ARTICLE}"),
)
DIRECTORIES = st.sampled_from(["data/facts", "data/entities", "data/article", "data"])
ONTOLOGY_FILES = st.one_of(st.sampled_from(PARTS), st.sampled_from([f"ontology/qc/{n}" for n in QC]))

FILE_FAULTS = [
    "fifo",
    "directory",
    "loop",
    "dangling",
    "outside",
    "dev-zero",
    "unreadable",
    "empty",
    "oversize",
    "socket",
    "linked-inside",
]
CURATED_FAULTS = FILE_FAULTS + ["delete", "rename-yml", "rename-upper"]
DIRECTORY_FAULTS = ["delete", "unreadable", "unsearchable", "file", "loop", "outside", "rename-case", "empty-dir"]
QC_DIRECTORY_FAULTS = ["unreadable", "unsearchable", "file", "loop", "outside", "delete", "empty-dir", "rename-case"]
REQUIRED_ONTOLOGY_FILES = st.sampled_from(PARTS)


def faults() -> st.SearchStrategy[list[tuple[str, str]]]:
    one = st.one_of(
        st.tuples(CURATED_FILES, st.sampled_from(CURATED_FAULTS)),
        st.tuples(DIRECTORIES, st.sampled_from(DIRECTORY_FAULTS)),
        st.tuples(st.just("ontology/qc"), st.sampled_from(QC_DIRECTORY_FAULTS)),
        st.tuples(ONTOLOGY_FILES, st.sampled_from(FILE_FAULTS)),
        st.tuples(REQUIRED_ONTOLOGY_FILES, st.sampled_from(["delete", "rename-upper"])),
    )
    return st.lists(one, min_size=1, max_size=3, unique_by=lambda f: f[0])


# --- applying a fault ---------------------------------------------------------------------------


def _replace(path: Path, make: Callable[[Path], Any]) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    make(path)


def apply(root: Path, outside: Path, where: str, fault: str) -> None:
    path = root / where
    if not (path.exists() or path.is_symlink()):
        return  # an earlier fault took it away (its parent was replaced)
    if fault == "fifo":
        _replace(path, os.mkfifo)
    elif fault == "directory":
        _replace(path, lambda p: p.mkdir())
    elif fault == "loop":
        _replace(path, lambda p: p.symlink_to(p.name))
    elif fault == "dangling":
        _replace(path, lambda p: p.symlink_to("no-such-file"))
    elif fault == "outside":  # a directory moved out of the project, or the secret: must never be read
        if path.is_dir() and not path.is_symlink():
            target = outside / f"moved-{where.replace('/', '-')}"
            path.rename(target)
        else:
            target = outside / "shadow"
        _replace(path, lambda p: p.symlink_to(target))
    elif fault == "dev-zero":
        _replace(path, lambda p: p.symlink_to("/dev/zero"))
    elif fault == "unreadable":
        os.chmod(path, 0)
    elif fault == "unsearchable":
        os.chmod(path, 0o644)  # readable, but its entries cannot be reached
    elif fault == "empty":
        path.write_bytes(b"")
    elif fault == "oversize":  # sparse: beyond every limit, costs no disk
        with open(path, "r+b") as f:
            f.truncate(65 * 1024 * 1024)
    elif fault == "socket":

        def bind(p: Path) -> None:
            s = socket.socket(socket.AF_UNIX)
            s.bind(str(p))
            s.close()

        _replace(path, bind)
    elif fault == "linked-inside":  # moved elsewhere in the project and linked back: still the same source
        kept = root / "kept" / where
        kept.parent.mkdir(parents=True, exist_ok=True)
        path.rename(kept)
        path.symlink_to(os.path.relpath(kept, path.parent))
    elif fault == "delete":
        _replace(path, lambda p: None)
    elif fault == "rename-yml":
        path.rename(path.with_name(path.stem + ".yml"))
    elif fault == "rename-upper":
        path.rename(path.with_name(path.stem + path.suffix.upper()))
    elif fault == "rename-case":
        path.rename(path.with_name(path.name.capitalize()))
    elif fault == "file":
        _replace(path, lambda p: p.write_text("not a directory\n", encoding="utf-8"))
    elif fault == "empty-dir":
        _replace(path, lambda p: p.mkdir())
    else:  # pragma: no cover
        raise AssertionError(fault)


# --- reading as the build does ------------------------------------------------------------------


def read_project(root: Path) -> tuple[str, list[str]]:
    """("accepted", record keys) or ("refused", problems): what a build would get from the inputs."""
    from kzgraph.pipeline.build import Project, parse_ontology, parse_shapes
    from kzgraph.pipeline.validate import qc_queries

    try:
        dataset = load(root)
        project = Project(root)
        parse_ontology(project)
        parse_shapes(project)
        qc_queries(project.qc_dir)
    except DataError as exc:
        return "refused", [str(p) for p in exc.problems]
    except BuildError as exc:
        return "refused", [str(exc)]
    return "accepted", sorted(dataset.records)


@pytest.fixture(scope="module")
def world() -> Iterator[tuple[Path, Path, list[str]]]:
    """A directory ``nobody`` may reach, a pristine copy of the project in it, a secret outside, and
    the record keys of the pristine project."""
    warm_up()
    top = Path(tempfile.mkdtemp(prefix="kzgraph-fsfuzz-"))
    try:
        os.chmod(top, 0o755)
        pristine = top / "pristine"
        for part in ("data", "ontology"):
            shutil.copytree(ROOT / part, pristine / part)
        (top / "outside").mkdir()
        (top / "outside" / "shadow").write_text(f"root:$6${CANARY}$x:19000:0:99999:7:::\nkey: {CANARY}\n", encoding="utf-8")
        os.chmod(top / "outside", 0o755)
        status, keys = read_project(pristine)
        assert status == "accepted", keys
        yield top, pristine, keys
    finally:
        for path in [top, *top.rglob("*")]:
            if not path.is_symlink():
                try:
                    os.chmod(path, 0o755)
                except OSError:
                    pass
        shutil.rmtree(top, ignore_errors=True)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(broken=faults())
def test_any_file_system_fault_is_read_whole_or_refused_by_name(
    world: tuple[Path, Path, list[str]], broken: list[tuple[str, str]]
) -> None:
    top, pristine, keys = world
    root = Path(tempfile.mkdtemp(prefix="example-", dir=top))
    outside = Path(tempfile.mkdtemp(prefix="outside-", dir=top))
    try:
        os.chmod(root, 0o755)
        os.chmod(outside, 0o755)
        shutil.copy(top / "outside" / "shadow", outside / "shadow")
        shutil.copytree(pristine / "data", root / "data", symlinks=True)
        shutil.copytree(pristine / "ontology", root / "ontology", symlinks=True)
        for where, fault in broken:
            apply(root, outside, where, fault)
        outcome = isolated(lambda: read_project(root), timeout=30, memory=768 << 20, as_nobody=True)
        assert outcome.status == "returned", f"{broken}: {outcome}"
        status, value = outcome.value
        if status == "accepted":  # only a fault that leaves every source as it was may be accepted
            missing = sorted(set(keys) - set(value))
            assert value == keys, f"{broken}: the project was read with {len(missing)} records missing: {missing[:5]}"
            assert all(fault in ("linked-inside",) for _, fault in broken), f"{broken} was accepted"
            return
        assert value, broken
        for problem in value:
            assert problem.startswith(("data", "ontology")), f"{broken}: {problem!r} names no project file"
            assert CANARY not in problem and "root:" not in problem, f"{broken}: echoed a file outside: {problem!r}"
            assert "Traceback" not in problem
    finally:
        for path in [root, *root.rglob("*")] if root.exists() else []:
            if not path.is_symlink():
                try:
                    os.chmod(path, 0o755)
                except OSError:
                    pass
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(outside, ignore_errors=True)
