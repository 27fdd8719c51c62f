"""CONTRIBUTING.md's canonical "correct a fact" is one data file and the answers it changes.

The example is read from CONTRIBUTING.md itself (its ```diff block in "1. Correct a fact"), applied
to a copy of the project, built, and followed by ``kzgraph expectations --write``: the files that
then differ from the checkout must be the edited data file and expectation files, nothing else (no
test code). The fact it corrects is named by no test and no README example, so no test depends on it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kzgraph.asking.expectations import SUFFIX, changes, write
from kzgraph.pipeline.build import build
from kzgraph.pipeline.embedded_store import load_release

from common import ROOT

SECTION = re.compile(r"^## 1\. Correct a fact.*?(?=^## )", re.M | re.S)
DIFF = re.compile(r"in `(data/facts/[a-z0-9-]+\.yaml)`:\n\s*```diff\n(.*?)\n\s*```", re.S)
FACT = re.compile(r'grep -rn "([A-Za-z0-9-]+)" data/facts/')


def example() -> tuple[str, str, str, str]:
    """The example's data file, the line it removes, the line it adds, and the id it greps for."""
    section = SECTION.search((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"))
    assert section, "CONTRIBUTING.md has no section '1. Correct a fact'"
    found, fact = DIFF.search(section.group(0)), FACT.search(section.group(0))
    assert found and fact, "the section's example is a ```diff block after 'in `data/facts/FILE.yaml`:', after a grep for the id"
    lines = [line.strip() for line in found.group(2).splitlines()]
    [old] = [line[1:] for line in lines if line.startswith("-")]
    [new] = [line[1:] for line in lines if line.startswith("+")]
    return found.group(1), old, new, fact.group(1)


def test_no_test_and_no_readme_example_depends_on_the_example_fact() -> None:
    _, old, _, fact = example()
    value = old.split(":", 1)[1].strip()
    readers = [*sorted((ROOT / "tests").rglob("*.py")), ROOT / "README.md"]
    for path in readers:
        text = path.read_text(encoding="utf-8")
        assert fact not in text and value not in text, f"{path.relative_to(ROOT)} names the example's fact or its value"


@pytest.mark.slow  # a build of a whole copy of the project (a few seconds)
def test_the_example_changes_nothing_but_the_data_file_and_answers(tmp_path: Path) -> None:
    file, old, new, fact = example()
    for part in ("data", "ontology", "queries"):
        shutil.copytree(ROOT / part, tmp_path / part)
    edited = tmp_path / file
    text = edited.read_text(encoding="utf-8")
    assert text.count(old + "\n") == 1, f"the example's line is not in {file} once: {old!r}"
    edited.write_text(text.replace(old + "\n", new + "\n"), encoding="utf-8")

    build(tmp_path, tmp_path / "dist", validate=True)
    store = ox.Store()
    load_release(store, tmp_path / "dist" / "kzgraph.nq")
    write(changes(store, tmp_path / "queries"))

    changed = sorted(
        str(p.relative_to(tmp_path))
        for part in ("data", "ontology", "queries")
        for p in (tmp_path / part).rglob("*")
        if p.is_file()
        and (not (ROOT / p.relative_to(tmp_path)).is_file() or p.read_bytes() != (ROOT / p.relative_to(tmp_path)).read_bytes())
    )
    assert changed[0] == file and all(c.startswith("queries/") and c.endswith(SUFFIX) for c in changed[1:]), changed
    # and the correction is in the release, on the fact the example greps for
    statement = ox.NamedNode("https://w3id.org/kzgraph/ontology#statement")
    corrected = new.split(":", 1)[1].strip()
    [subject] = {q.subject.value for q in store.quads_for_pattern(None, statement, None) if q.object.value == corrected}
    assert subject.rpartition("/")[2].startswith(fact)
