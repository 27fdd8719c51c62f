"""JSON Schema of the curated files, generated from :mod:`kzgraph.curated.model`, and structural checks with it.

The schema is what editors (VS Code's YAML extension, IntelliJ) use to complete and underline
fields; the loader checks every file against the same schema before reading anything out of it,
and turns the findings of the engine that checks it (:mod:`kzgraph.curated.schema_engines`) into
``file:line: field: what was expected``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

from . import model, schema_engines
from .fieldkinds import kind_of
from .model import Field, RecordType
from .release import RELEASE

SCALAR = ["string", "integer", "number", "boolean"]
FILE_ROLES = ("sources", "entities", "facts")


def _field_schema(f: Field, type_enum: list[str] | None = None) -> dict[str, Any]:
    one = kind_of(f).schema(f, type_enum)
    if not f.many:
        return one
    arr: dict[str, Any] = {"type": "array", "items": one}
    if f.min_items:
        arr["minItems"] = f.min_items
    if f.max_items is not None:
        arr["maxItems"] = f.max_items
    return arr


def _record_schema(rt: RecordType, type_enum: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in rt.fields if f.required],
        "properties": {f.name: _field_schema(f, type_enum) for f in rt.fields},
    }


def _passage_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["section", "quote"],
        "properties": {f.name: _field_schema(f) for f in model.PASSAGE_FIELDS},
    }


@cache
def json_schema(role: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of curated file: sources, entities or facts."""
    defs: dict[str, Any] = {"passage": _passage_schema()}
    props: dict[str, Any]
    if role == "sources":
        t = model.SOURCE_TYPES
        props = {
            "article": _record_schema(t["article"]),
            "sections": {"type": "array", "items": _record_schema(t["sections"])},
            "references": {"type": "array", "items": _record_schema(t["references"])},
            "literature": {"type": "array", "items": _record_schema(t["literature"])},
            "release": _record_schema(RELEASE),
            # The fact files the project holds (their names without .yaml): each must be there, so that a
            # file lost whole is an error even when other files cite its sections too.
            "fact_files": {
                "type": "array",
                "items": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
                "uniqueItems": True,
                "description": "every file of data/facts/ (names without .yaml), required: a listed file that is missing is an error",
            },
        }
        required = ["article", "release", "sections", "fact_files"]
    elif role == "entities":
        enums = {"organizations": list(model.ORGANIZATION_TYPES), "places": list(model.PLACE_TYPES)}
        props = {key: {"type": "array", "items": _record_schema(rt, enums.get(key))} for key, rt in model.ENTITY_TYPES.items()}
        required = []
    elif role == "facts":
        names = sorted(model.FACT_TYPES)
        for name in names:
            defs[name] = _record_schema(model.FACT_TYPES[name], [name])
        defs["fact"] = {
            "type": "object",
            "required": ["id", "type", "source"],
            "properties": {"type": {"type": "string", "enum": names}},
            "allOf": [
                {"if": {"properties": {"type": {"const": n}}, "required": ["type"]}, "then": {"$ref": f"#/$defs/{n}"}}
                for n in names
            ],
        }
        props = {
            "section": {"type": "string", "description": "the part of the article this file covers"},
            "facts": {"type": "array", "items": {"$ref": "#/$defs/fact"}},
            "notes": {"type": "array", "items": _record_schema(model.NOTE)},
            **{key: {"type": "array", "items": _record_schema(rt)} for key, rt in model.TABLE_TYPES.items()},
        }
        required = ["facts"]
    else:
        raise ValueError(f"unknown file role {role!r}")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://w3id.org/kzgraph/schema/{role}.schema.json",
        "title": f"kzgraph curated {role} file",
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": props,
        "$defs": defs,
    }


def schema_text(role: str) -> str:
    """The schema as the committed file holds it (sorted keys, so it is stable to diff)."""
    return json.dumps(json_schema(role), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@cache
def _checker(role: str, engine: str) -> schema_engines.Checker:
    return schema_engines.checker(engine, json_schema(role))


def structural_errors(role: str, document: Any, engine: str | None = None) -> Iterator[tuple[list[Any], str, str]]:
    """Yield (path, field, message) for each way ``document`` breaks the schema of ``role``, sorted, once each.

    Messages say what was expected in the words a curator uses, not an engine's. ``engine`` is
    jsonschema-rs or jsonschema (see :func:`kzgraph.curated.schema_engines.engine_name`); both give the
    same answer, in the same order.
    """
    findings = list(_checker(role, schema_engines.engine_name(engine))(document))
    # A value of the wrong type also fails the checks of its content ("type: [Embassy]" is not text
    # and not one of the types); report only the wrong type.
    # Likewise "labels: {}" misses bg and en; saying so is enough, without "empty mapping" on top.
    wrong_type = {f.path for f in findings if f.keyword == "type"}
    missing = {f.path for f in findings if f.keyword == "required"}
    explained: set[tuple[tuple[Any, ...], str, str]] = set()
    for finding in findings:
        at = finding.path
        if (finding.keyword != "type" and at in wrong_type) or (finding.keyword == "minProperties" and at in missing):
            continue
        explained.update((tuple(path), fld, message) for path, fld, message in _explain(finding))
    for path, fld, message in sorted(explained, key=lambda e: (list(map(str, e[0])), e[1], e[2])):
        yield list(path), fld, message


def _explain(finding: schema_engines.Finding) -> Iterator[tuple[list[Any], str, str]]:
    path = list(finding.path)
    field = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
    v, schema, instance = finding.keyword, finding.schema, finding.instance
    if v == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(set(instance) - set(allowed)) if isinstance(instance, dict) else []
        for key in extra:
            yield path + [key], key, f"unknown field {key!r}; expected one of: {', '.join(allowed)}"
        return
    if v == "required":
        if path and isinstance(path[-1], str):  # a key missing in a field's mapping: labels without en
            yield path, path[-1], f"missing required key {finding.missing!r}"
        else:
            yield path, finding.missing, f"missing required field {finding.missing!r}"
        return
    if v == "minProperties":
        yield (
            path,
            field,
            f"expected a mapping with at least one of: {', '.join(schema.get('properties', {}))}; got an empty mapping",
        )
        return
    if v == "enum":
        yield path, field, f"{instance!r} is not allowed; expected one of: {', '.join(map(str, schema['enum']))}"
        return
    if v == "type":
        want = {"object": "a mapping (key: value)", "array": "a list", "string": "text"}.get(
            str(schema["type"]), str(schema["type"])
        )
        yield path, field, f"expected {want}, got {_describe(instance)}"
        return
    if v == "pattern":
        yield path, field, f"{instance!r} is not {schema.get('description', 'of the expected form')}"
        return
    if v in ("minItems", "maxItems"):
        n = schema.get(v)
        yield (
            path,
            field,
            f"expected {'at least' if v == 'minItems' else 'at most'} {n} item{'s' if n != 1 else ''}, got {len(instance)}",
        )
        return
    if v == "minLength":
        yield path, field, f"expected {schema.get('description', 'text')}, got an empty value"
        return
    yield path, field, f"breaks the schema's {v!r} rule"  # pragma: no cover - every keyword the schema uses is explained above


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{str(value)!r}"
