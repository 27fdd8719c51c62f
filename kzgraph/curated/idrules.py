"""New records get ids that do not embed a value a correction may change (data/README.md, "Ids").

An id is the last part of an IRI and never changes once published; so an id that spells a date or a
number of its own record (``visit/…-2003-05``, ``observation/…-trade-2005``) keeps the old value in
the IRI when the value is corrected. The rule is decided from the record's own typed values, not by
guessing at digits: a part of the id (split at ``-``, ``.``, ``_``) that is the text of one of the
record's dates, the year of one, or one of its numbers is refused, naming the field. Ids published
before the rule are kept as they are (ids never change) and are listed, one ``kind/id`` a line, in
``data/ids-with-values.txt``; an entry there that names no fact is refused too, so that the list
only ever shrinks.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..core.dates import PartialDate
from ..core.errors import SourceProblem
from ..core.inputs import YAML_LIMIT, InputError, read_bytes
from .model import FACT_PATHS

GRANDFATHERED = "data/ids-with-values.txt"
_PARTS = re.compile(r"[-._]")


def embedded(record: Any) -> tuple[str, str, str] | None:
    """The first ``(field, value, text in the id)`` of the record whose text is a part of its id, or None."""
    parts = set(_PARTS.split(record.id))
    for name, value in record.values.items():
        for item in value if isinstance(value, list) else [value]:
            for text in _texts(item):
                if text in parts or (len(text.split("-")) > 1 and text in record.id):
                    return name, str(item), text
    return None


def _texts(value: Any) -> list[str]:
    """How a value could stand in an id: a date whole and its year; a number as written."""
    if isinstance(value, PartialDate):
        return [str(value), str(value).split("-")[0]]
    if isinstance(value, bool):
        return []
    if isinstance(value, (int, Decimal)):
        return [str(value)]
    return []


def read_grandfathered(root: Path) -> tuple[dict[str, int], list[SourceProblem]]:
    """The listed ids (``kind/id`` -> line) of ``data/ids-with-values.txt`` (none when it is absent),
    read as every curated file is: a regular file inside the project, of bounded size, UTF-8."""
    path = root / GRANDFATHERED
    try:
        os.lstat(path)
    except FileNotFoundError:  # no list: no fact is grandfathered
        return {}, []
    except OSError:  # a folder that cannot be searched: read_bytes says what is wrong, by name
        pass
    try:
        text = read_bytes(path, root, YAML_LIMIT, "text file").decode("utf-8")
    except InputError as exc:
        return {}, [SourceProblem(exc.name, 0, "", exc.message)]
    except UnicodeDecodeError as exc:
        return {}, [SourceProblem(GRANDFATHERED, 0, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    listed: dict[str, int] = {}
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        if entry in listed:
            problems.append(SourceProblem(GRANDFATHERED, number, "", f"{entry} is listed twice (first at line {listed[entry]})"))
        listed[entry] = number
    return listed, problems


def problems(records: Mapping[str, Any], root: Path, complete: bool = True) -> list[SourceProblem]:
    """A problem for each fact whose id embeds one of its values and is not listed as published
    before the rule, and for each listed id that names no fact (removed or renamed). A listed fact
    whose value was corrected since keeps its line: its id still holds the old value.
    ``complete`` False: some records could not be read (reported already), so a listed id that is
    not found may be one of them and is not reported."""
    listed, found = read_grandfathered(root)
    for record in _facts(records.values()):
        hit = embedded(record)
        if hit is None or record.key in listed:
            continue
        name, value, text = hit
        shown = f"'{text}', its {name}" + ("" if text == value else f" ('{value}')")
        found.append(
            SourceProblem(
                record.file,
                record.line_of("id"),
                "id",
                f"'{record.id}' holds {shown}, a value a correction may change while the id "
                "may not (it is the IRI): name the fact by what it is, without its date or number (see data/README.md, Ids)",
            )
        )
    for key, number in listed.items():
        record = records.get(key)
        if record is None and not complete:
            continue
        if record is None or record.path not in FACT_PATHS:
            found.append(
                SourceProblem(
                    GRANDFATHERED,
                    number,
                    "",
                    f"{key} is listed as a fact's id published with a value in it, but no fact has that id; remove the line",
                )
            )
    return found


def _facts(records: Iterable[Any]) -> list[Any]:
    return [r for r in records if r.path in FACT_PATHS]
