"""Shared fixtures: the real project, built once per test session (in memory, nothing written)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from kzgraph.build import Project, Release, make_release

from common import OUTPUT, ROOT, copy_graph  # noqa: F401 - the shared names, also for older imports


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def release(project: Project) -> Release:
    """The real release, validated and reasoned, as the build makes it."""
    return make_release(project)


@pytest.fixture(scope="session")
def data(release: Release) -> Graph:
    return release.data


@pytest.fixture(scope="session")
def ontology(release: Release) -> Graph:
    return release.ontology


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real release, built once per test session into a temporary folder (never into the
    checkout's own dist/) and shared by every test that only reads it."""
    from kzgraph.build import build

    out = tmp_path_factory.mktemp("release") / "dist"
    build(ROOT, out)
    return out


@pytest.fixture()
def project_copy(tmp_path: Path) -> Path:
    """A throw-away copy of the project's data/ and ontology/ that a test may break."""
    for part in ("data", "ontology"):
        shutil.copytree(ROOT / part, tmp_path / part)
    return tmp_path
