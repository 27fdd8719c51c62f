"""What every curated record type holds, field by field, written out from the model for people.

``kzgraph fields`` prints it; the same words are the descriptions of the JSON Schema that editors
show. Nothing here is written by hand, so the reference cannot fall behind the model.
"""

from __future__ import annotations

from . import model
from .fieldkinds import kind_of
from .model import Field, RecordType

# Where records of each group are written, for the heading of each type.
_PLACES = [
    ("facts", "data/facts/*.yaml, under facts:", model.FACT_TYPES),
    ("notes", "data/facts/*.yaml, under notes:", {"DataQualityNote": model.NOTE}),
    ("tables", "data/facts/*.yaml, under tables: and table_rows:", {rt.name: rt for rt in model.TABLE_TYPES.values()}),
    ("entities", "data/entities/*.yaml, under {key}:", model.ENTITY_TYPES),
    ("sources", "data/sources.yaml, under {key}:", model.SOURCE_TYPES),
]


def record_types() -> list[tuple[str, RecordType]]:
    """Every record type with where its records are written."""
    out = []
    for _, where, types in _PLACES:
        for key, rt in types.items():
            out.append((where.format(key=key), rt))
    return out


def _values(f: Field) -> str:
    """What a value may be: a closed set where the kind's JSON Schema gives one (the slugs of a
    vocabulary, the names of fields), else the kind's hint."""
    kind = kind_of(f)
    enum = kind.json(f, None).get("enum") if kind.json is not None else None
    if enum:
        return "one of: " + ", ".join(enum)
    return kind.describe(f).split(" — ")[0]


def _line(f: Field, width: int) -> str:
    how = ("required" if f.required else "optional") + (", list" if f.many else "")
    text = _values(f) + (f" — {f.doc}" if f.doc else "")
    return f"  {f.name:<{width}}  {how:<15} {text}"


def describe(rt: RecordType, where: str) -> str:
    """One record type: its name, IRI path and file, then a line per field."""
    head = f"{rt.name}  (IRI …/id/{rt.path}/<id>; in {where})"
    width = max(len(f.name) for f in rt.fields)
    return "\n".join([head, *(_line(f, width) for f in rt.fields)])


def reference(names: list[str] | None = None) -> str:
    """The record types named (all of them when none), each described; an unknown name raises KeyError."""
    types = record_types()
    if names:
        by_name = {rt.name.lower(): (w, rt) for w, rt in types}
        unknown = [n for n in names if n.lower() not in by_name]
        if unknown:
            raise KeyError(f"unknown record type {', '.join(unknown)}; expected one of: " + ", ".join(rt.name for _, rt in types))
        types = [by_name[n.lower()] for n in names]
    return "\n\n".join(describe(rt, where) for where, rt in types) + "\n"
