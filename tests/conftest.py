"""Shared fixtures: the real project, built once per test session (in memory, nothing written)."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from rdflib import Graph

from kzgraph.pipeline.build import Project, Release, make_release

if TYPE_CHECKING:
    from kzgraph.web.app import App

from common import OUTPUT, ROOT, SLOW_FILES, copy_graph, leave_out_quick_twins  # noqa: F401 - the shared names, also for older imports
from reading_cases import Listener


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
def built(release: Release, project: Project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real release, built once per test session into a temporary folder (never into the
    checkout's own dist/) and shared by every test that only reads it."""
    out = tmp_path_factory.mktemp("release") / "dist"
    out.mkdir()
    # What `kzgraph build` writes is the session's release's files (Release.files): written from the
    # release already made, instead of a second whole build (tests/test_build.py holds the two equal).
    for name, content in release.files(project).items():
        (out / name).write_bytes(content)
    return out


@pytest.fixture(scope="module")
def app(built: Path) -> Iterator[App]:
    """``kzgraph serve``'s application on the session's release, called directly (``App.handle``), for
    the module; a module that needs its own limits or walls defines its own ``app``."""
    from kzgraph.web.app import App, Limits

    app = App(built, queries_dir=ROOT / "queries", limits=Limits(workers=1))
    try:
        yield app
    finally:
        app.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    """A loopback listener that counts every connection made to it, for the module (the one-reading
    tests: a query the check lets through must never reach it)."""
    lst = Listener()
    try:
        yield lst
    finally:
        lst.close()


@pytest.fixture()
def project_copy(tmp_path: Path) -> Path:
    """A throw-away copy of the project's data/ and ontology/ that a test may break."""
    for part in ("data", "ontology"):
        shutil.copytree(ROOT / part, tmp_path / part)
    return tmp_path


# --- tests never write into the checkout -----------------------------------------------------------
# Every file a test writes goes to a temporary folder. The guard below holds the whole suite to that:
# it lists the checkout's untracked and ignored files (with their modification times) before and
# after the session, and fails the session when a test created or rewrote one. Caches that Python
# and the tools keep are not outputs.
_CACHES = {"__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache", ".venv"}
_before: dict[str, int] | None = None


def _loose_files() -> dict[str, int] | None:
    """Untracked and ignored files of the checkout -> mtime (ns); None outside a git checkout."""
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "-z", "--ignored", "-uall", "--", ".", ":(exclude).venv"],
            capture_output=True,
            text=True,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    files: dict[str, int] = {}
    for entry in out.stdout.split("\0"):
        path = entry[3:]
        if entry[:2] not in ("??", "!!") or _CACHES & set(Path(path).parts) or ".egg-info" in path:
            continue
        try:
            files[path] = (ROOT / path).stat().st_mtime_ns
        except OSError:
            continue
    return files


def pytest_configure(config: pytest.Config) -> None:
    """Collect cyclic garbage less often than CPython's default (every 700 allocations).

    A test process keeps the session's release, its rdflib graphs and stores alive, hundreds of
    thousands of objects, and the tests allocate millions of small terms and triples: with the
    default thresholds the collector's walks were a fifth of a test module's time (test_shapes,
    test_build, test_input_errors … together: 56 s → 44 s in one process, and within a few percent of
    no collector at all). It still runs, so memory stays bounded (the same run peaks at 0.4 GiB
    instead of 0.9 GiB without a collector). What the package does is not changed."""
    gc.set_threshold(20_000, 10, 10)


@pytest.hookimpl(wrapper=True, optionalhook=True)  # a hook of pytest-xdist, absent with -p no:xdist
def pytest_xdist_auto_num_workers(config: pytest.Config) -> Iterator[int]:
    """``-n auto`` runs one worker more than there are cores when every tier runs.

    The slow tier's tests spend a sixth of their time waiting (on the servers, browsers, nginx and
    subprocesses they drive: 752 s of test time for 640 s of CPU), which an extra worker fills: the
    whole suite ran 6 min 31 s with two workers on two cores and 6 min 14 s with three. The quick
    check is CPU-bound (a third worker only adds its start-up), and ``PYTEST_XDIST_AUTO_NUM_WORKERS``
    still decides when it is set."""
    workers = yield
    if config.option.markexpr or os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return workers
    return workers + 1


def pytest_sessionstart(session: pytest.Session) -> None:
    global _before
    _before = _loose_files()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    after = _loose_files()
    if _before is None or after is None:
        return
    written = sorted(path for path, mtime in after.items() if _before.get(path) != mtime)
    if written:
        shown = ", ".join(written[:10]) + (f" and {len(written) - 10} more" if len(written) > 10 else "")
        print(f"\nThe tests wrote into the checkout (they must use a temporary folder): {shown}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test of ``SLOW_FILES`` ``slow``; in a run of every tier, leave out the quick twins."""
    for item in items:
        if item.path.name in SLOW_FILES:
            item.add_marker(pytest.mark.slow)
    kept, left = leave_out_quick_twins(items, markexpr=config.option.markexpr)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept
