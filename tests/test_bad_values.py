"""Every check of a value fires: one bad value per field kind and per field rule, from a table.

The table is ``tests/fixtures/bad-values.yaml``. Each entry puts a bad value into the first real
record of a type (in a throw-away copy of the project), and the load must report exactly one
problem: in that file, at the line of that field, naming the field, saying what was expected in the
kind's words. A field kind or a field rule that the model uses and the table does not try fails the
first test here, so a new kind or rule cannot go untested.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from kzgraph.core.errors import DataError
from kzgraph.core.yamlread import Mapping, Sequence, read_yaml
from kzgraph.curated import model
from kzgraph.curated.fieldkinds import KINDS, kind_of
from kzgraph.curated.load import Dataset, load
from kzgraph.curated.model import Field, RecordType
from kzgraph.pipeline.convert import _record_type

from common import ROOT, plain

TABLE = yaml.safe_load((ROOT / "tests" / "fixtures" / "bad-values.yaml").read_text(encoding="utf-8"))
RECORD_TYPES: dict[str, RecordType] = {
    rt.name: rt
    for rt in [
        *model.FACT_TYPES.values(),
        model.NOTE,
        *model.ENTITY_TYPES.values(),
        *model.SOURCE_TYPES.values(),
        *model.TABLE_TYPES.values(),
    ]
}
PASSAGE_FIELDS = {f.name: f for f in model.PASSAGE_FIELDS}


def field_at(at: str) -> Field:
    """``Type.field`` or ``Type.source.field`` (a field of the record's first passage)."""
    rt_name, _, rest = at.partition(".")
    name, _, passage_field = rest.partition(".")
    if passage_field:
        return PASSAGE_FIELDS[passage_field]
    return next(f for f in RECORD_TYPES[rt_name].fields if f.name == name)


def entries() -> list[tuple[str, dict[str, Any]]]:
    kinds = [(entry["at"], entry) for entry in TABLE["kinds"].values()]
    more = [(entry["at"], entry) for entry in TABLE["more"].values()]
    return kinds + list(TABLE["fields"].items()) + more


def entry_ids() -> list[str]:
    """Each entry's name in the table (the kind, the field, or the name of a further case)."""
    return [*TABLE["kinds"], *TABLE["fields"], *TABLE["more"]]


def with_own_rule(f: Field) -> bool:
    return bool(f.pattern) or f.datatype in kind_of(f).narrow


def test_the_table_tries_every_kind_and_every_field_rule_of_the_model() -> None:
    fields = [f for rt in RECORD_TYPES.values() for f in rt.fields] + list(model.PASSAGE_FIELDS)
    assert set(TABLE["kinds"]) == {f.kind for f in fields}, "tests/fixtures/bad-values.yaml: kinds"
    own = {f"{rt.name}.{f.name}" for rt in RECORD_TYPES.values() for f in rt.fields if with_own_rule(f)}
    assert set(TABLE["fields"]) == own, "tests/fixtures/bad-values.yaml: fields"
    for kind, entry in TABLE["kinds"].items():
        assert field_at(entry["at"]).kind == kind, f"{entry['at']} is not a field of kind {kind}"
    assert set(TABLE["kinds"]) <= set(KINDS)


@pytest.fixture(scope="module")
def real() -> Dataset:
    return load(ROOT)


def first_record(ds: Dataset, rt: RecordType) -> Any:
    return min(
        (r for r in ds.records.values() if _record_type(r) is rt and r.type != "Organization"), key=lambda r: (r.file, r.line)
    )


def locate(doc: Mapping, line: int) -> tuple[str, int | None]:
    """Where the record starting at ``line`` stands: its top-level key, and its index in that list."""
    for top, items in doc.items():
        if isinstance(items, Sequence):
            for i, item in enumerate(items):
                if isinstance(item, Mapping) and item.line == line:
                    return str(top), i
        elif isinstance(items, Mapping) and items.line == line:
            return str(top), None
    raise LookupError(line)


def put(record: dict[str, Any], f: Field, passage_field: str, value: Any) -> None:
    """Put ``value`` into the record's field (into the first item of a list of several)."""
    if passage_field:
        record["source"][0][passage_field] = value
    elif f.many and not isinstance(value, list) and record.get(f.name):
        record[f.name][0] = value
    else:
        record[f.name] = [value] if f.many and not isinstance(value, list) and f.kind != "source" else value


def line_of(doc: Mapping, top: str, index: int | None, f: Field, passage_field: str) -> int:
    item = doc[top] if index is None else doc[top][index]
    name = passage_field or f.name
    if passage_field:
        item = item["source"][0]
    if f.many and isinstance(item[name], Sequence) and len(item[name]):
        return item[name].item_lines[0]  # a problem with one value of several points at that value
    return item.line_of(name)


@pytest.mark.parametrize("at, entry", entries(), ids=entry_ids())
def test_a_bad_value_is_one_problem_at_its_field(at: str, entry: dict[str, Any], real: Dataset, project_copy: Path) -> None:
    rt_name, _, rest = at.partition(".")
    _, _, passage_field = rest.partition(".")
    f = field_at(at)
    rec = first_record(real, RECORD_TYPES[rt_name])
    path = project_copy / rec.file
    doc = read_yaml(path.read_text(encoding="utf-8"))
    top, index = locate(doc, rec.line)
    data = plain(doc)
    put(data[top] if index is None else data[top][index], f, passage_field, entry["value"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")
    line = line_of(read_yaml(path.read_text(encoding="utf-8")), top, index, f, passage_field)

    with pytest.raises(DataError) as info:
        load(project_copy)
    problems = info.value.problems
    assert len(problems) == 1, "\n".join(map(str, problems))
    p = problems[0]
    assert (p.file, p.line, p.field) == (rec.file, line, passage_field or f.name), str(p)
    assert entry["says"] in p.message, str(p)
    kind = kind_of(f)
    if kind.pattern_of(f) or kind.name in ("text", "en", "bg", "langmap"):
        assert kind.describe(f).split(" — ")[0] in p.message or kind.expected in p.message, str(p)
