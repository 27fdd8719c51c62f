"""A new fact's id holds none of its values (data/README.md, Ids): the rule fires, the old ids are kept.

An id is its IRI's last part and never changes; a date or number in it would keep the old value in
the IRI after a correction. The ids published before the rule are listed in data/ids-with-values.txt."""

from __future__ import annotations

from pathlib import Path

import pytest

from kzgraph.core.errors import DataError
from kzgraph.curated.idrules import GRANDFATHERED
from kzgraph.curated.load import load

from common import ROOT

CANADA = "data/facts/other-states.yaml"
VISIT = """  - id: {id}
    type: Visit
    visitor: person/nursultan-nazarbayev
    participants: [person/nursultan-nazarbayev]
    roles: [office/KAZ-president]
    destination: CAN
    date: "2003-05"
    comment: "President Nazarbayev visited Canada in May 2003."
    source:
      - section: other-states/canada
        quote: "Президентът на Казахстан Нурсултан Назарбаев, прави официално посещение в Канада май 2003."
"""


def _add_visit(root: Path, ident: str) -> int:
    """Append a visit with ``ident`` to the Canada facts; the line of its id."""
    path = root / CANADA
    text = path.read_text(encoding="utf-8")
    head, sep, tail = text.partition("\nnotes:")
    assert sep, "the facts file has a notes: list after its facts"
    path.write_text(head.rstrip("\n") + "\n" + VISIT.format(id=ident) + sep + tail, encoding="utf-8")
    return head.rstrip("\n").count("\n") + 2


def _problems(root: Path) -> list:
    with pytest.raises(DataError) as err:
        load(root)
    return err.value.problems


def test_the_published_ids_that_hold_a_value_are_kept_and_listed() -> None:
    listed = [line for line in (ROOT / GRANDFATHERED).read_text(encoding="utf-8").splitlines() if line and line[0] != "#"]
    assert "visit/KAZ-president-to-CAN-2003-05" in listed and len(listed) == len(set(listed))


@pytest.mark.parametrize(
    ("ident", "value"), [("KAZ-president-to-CAN-2003-05-official", "2003-05"), ("nazarbayev-canada-2003", "2003")]
)
def test_a_new_fact_whose_id_holds_its_date_is_refused(project_copy: Path, ident: str, value: str) -> None:
    line = _add_visit(project_copy, ident)
    [problem] = _problems(project_copy)
    assert (problem.file, problem.line, problem.field) == (CANADA, line, "id")
    assert f"'{ident}' holds '{value}', its date" in problem.message and "data/README.md" in problem.message


def test_a_new_fact_named_without_its_values_is_accepted(project_copy: Path) -> None:
    _add_visit(project_copy, "KAZ-president-to-CAN-official")
    assert "visit/KAZ-president-to-CAN-official" in load(project_copy).records


def test_an_id_taken_off_the_list_is_refused_like_a_new_one(project_copy: Path) -> None:
    listed = project_copy / GRANDFATHERED
    listed.write_text(listed.read_text(encoding="utf-8").replace("visit/KAZ-president-to-CAN-2003-05\n", ""), encoding="utf-8")
    [problem] = _problems(project_copy)
    assert (problem.file, problem.field) == (CANADA, "id") and "KAZ-president-to-CAN-2003-05" in problem.message


@pytest.mark.parametrize(
    "entry",
    ["visit/no-such-visit-2003", "state/KAZ", "visit/KAZ-president-to-CAN-2003-05"],
    ids=["no such fact", "not a fact", "listed twice"],
)
def test_a_line_of_the_list_that_grandfathers_nothing_is_refused(project_copy: Path, entry: str) -> None:
    listed = project_copy / GRANDFATHERED
    lines = listed.read_text(encoding="utf-8").count("\n")
    listed.write_text(listed.read_text(encoding="utf-8") + entry + "\n", encoding="utf-8")
    [problem] = _problems(project_copy)
    assert (problem.file, problem.line) == (GRANDFATHERED, lines + 1) and entry in problem.message


def test_correcting_a_listed_facts_date_needs_no_change_to_the_list(project_copy: Path) -> None:
    """A correction is one edit: the id keeps the old value (that is why it is listed), the list stays."""
    path = project_copy / CANADA
    text = path.read_text(encoding="utf-8")
    old = '    destination: CAN\n    date: "2003-05"\n    official: true'
    assert text.count(old) == 1
    path.write_text(text.replace(old, old.replace("2003-05", "2004-05")), encoding="utf-8")
    assert str(load(project_copy).records["visit/KAZ-president-to-CAN-2003-05"].values["date"]) == "2004-05"
