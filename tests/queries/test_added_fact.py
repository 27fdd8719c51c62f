"""A fact added to the data changes expectation files, not the subject tests (issue 24, item 5).

A copy of the project gets one more fact (a second record of the Canadian visit, named without its
date), is built, and every subject test of this folder that reads only the release runs on it: each
must pass, because the tests state the rows the article gives and counts as lower bounds, while the
exact answers live in queries/NAME.expected.csv (which do change: checked too)."""

from __future__ import annotations

import importlib
import inspect
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kzgraph.asking.expectations import changes
from kzgraph.asking.params import store_lookup
from kzgraph.pipeline.build import build
from kzgraph.pipeline.embedded_store import load_release

import expect

ROOT = expect.ROOT
CANADA = "data/facts/other-states.yaml"
ADDED = """  - id: KAZ-president-to-CAN-official-visit
    type: Visit
    visitor: person/nursultan-nazarbayev
    participants: [person/nursultan-nazarbayev]
    roles: [office/KAZ-president]
    destination: CAN
    date: "2003-05"
    official: true
    comment: "President Nazarbayev paid an official visit to Canada in May 2003 (a test's second record of it)."
    source:
      - section: other-states/canada
        quote: "Президентът на Казахстан Нурсултан Назарбаев, прави официално посещение в Канада май 2003."
"""
# modules whose tests read more than the release (the command line, parameter binding, both engines)
NOT_SUBJECTS = {"test_cli", "test_binding", "test_every_query", "test_expectations", "test_added_fact"}


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ox.Store]:
    """The release of a copy of the project with one fact more; parameter values looked up in it."""
    root = tmp_path_factory.mktemp("grown")
    for part in ("data", "ontology", "queries"):
        shutil.copytree(ROOT / part, root / part)
    path = root / CANADA
    head, sep, tail = path.read_text(encoding="utf-8").partition("\nnotes:")
    path.write_text(head.rstrip("\n") + "\n" + ADDED + sep + tail, encoding="utf-8")
    build(root, root / "dist", validate=False)
    store = ox.Store()
    load_release(store, root / "dist" / "kzgraph.nq")
    saved = list(expect._LOOKUP)
    expect._LOOKUP[:] = [store_lookup(store)]
    try:
        yield store
    finally:
        expect._LOOKUP[:] = saved


def _subject_tests() -> list:
    found = []
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        if path.stem in NOT_SUBJECTS:
            continue
        module = importlib.import_module(path.stem)
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if (
                name.startswith("test_")
                and fn.__module__ == module.__name__
                and list(inspect.signature(fn).parameters) == ["store"]
            ):
                found.append(pytest.param(fn, id=f"{path.stem}::{name}"))
    return found


@pytest.mark.slow  # one build of a copy of the project, then every subject test on it
def test_an_added_fact_changes_answers_files_not_subject_tests(grown: ox.Store) -> None:
    failed = []
    for case in _subject_tests():
        fn = case.values[0]
        try:
            fn(grown)
        except AssertionError as exc:
            failed.append(f"{case.id}: {str(exc).splitlines()[0] if str(exc) else 'assertion failed'}")
    assert not failed, "subject tests that an added fact breaks:\n" + "\n".join(failed)
    changed = {c.path.name for c in changes(grown, ROOT / "queries")}
    assert "visits-and-meetings.expected.csv" in changed and "facts-per-section.expected.csv" in changed, changed
