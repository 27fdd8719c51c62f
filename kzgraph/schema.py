"""JSON Schema of the curated files, generated from :mod:`kzgraph.model`, and structural checks with it.

The schema is what editors (VS Code's YAML extension, IntelliJ) use to complete and underline
fields; the loader checks every file against the same schema before reading anything out of it,
and turns jsonschema's findings into ``file:line: field: what was expected``.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import jsonschema

from . import model
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
        }
        required = ["article", "sections"]
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
def _ecma_pattern(pattern: str) -> re.Pattern[str]:
    # JSON Schema patterns are ECMA-262 regular expressions, whose "$" matches only at the very end of
    # the text. Python's "$" also matches before a final newline, so a block scalar such as
    # "id: |\n  KAZ" (the text "KAZ\n") passed as an id and became an IRI with a line break in it.
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterator[jsonschema.ValidationError]:
    if validator.is_type(instance, "string") and not _ecma_pattern(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _pattern})


@cache
def _validator(role: str) -> Any:
    return _Validator(json_schema(role))


@cache
def _dispatching_validator(role: str) -> Any:
    """The schema of ``role`` with each fact checked only for what all facts share.

    The published schema picks a fact's fields with one ``if``/``then`` per type, so jsonschema
    tries all forty types on every fact; checking each fact against its own type's schema instead
    finds exactly the same errors, forty times faster (it was 80% of loading at scale).
    """
    schema = copy.deepcopy(json_schema(role))
    schema["$defs"]["fact"].pop("allOf", None)
    return _Validator(schema)


@cache
def _fact_validator(name: str) -> Any:
    full = json_schema("facts")
    return _Validator({"$defs": full["$defs"], **full["$defs"][name]})


def _iter_errors(role: str, document: Any) -> Iterator[jsonschema.ValidationError]:
    if role != "facts":
        yield from _validator(role).iter_errors(document)
        return
    yield from _dispatching_validator(role).iter_errors(document)
    facts = document.get("facts") if isinstance(document, dict) else None
    if not isinstance(facts, list):
        return
    for i, item in enumerate(facts):
        name = item.get("type") if isinstance(item, dict) else None
        if isinstance(name, str) and name in model.FACT_TYPES:
            for error in _fact_validator(name).iter_errors(item):
                error.path.extendleft([i, "facts"])  # as if found inside the whole file
                yield error


def structural_errors(role: str, document: Any) -> Iterator[tuple[list[Any], str, str]]:
    """Yield (path, field, message) for each way ``document`` breaks the schema of ``role``.

    Messages say what was expected in the words a curator uses, not jsonschema's.
    """
    errors = sorted(_iter_errors(role, document), key=lambda e: list(map(str, e.absolute_path)))
    # A value of the wrong type also fails the checks of its content ("type: [Embassy]" is not text
    # and not one of the types); report only the wrong type.
    # Likewise "labels: {}" misses bg and en; saying so is enough, without "empty mapping" on top.
    wrong_type = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    missing = {tuple(e.absolute_path) for e in errors if e.validator == "required"}
    for error in errors:
        at = tuple(error.absolute_path)
        if (error.validator != "type" and at in wrong_type) or (error.validator == "minProperties" and at in missing):
            continue
        yield from _explain(error)


def _explain(error: jsonschema.ValidationError) -> Iterator[tuple[list[Any], str, str]]:
    path = list(error.absolute_path)
    field = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
    v, schema = error.validator, error.schema
    if v == "allOf" or v == "if":
        for sub in error.context or []:
            yield from _explain(sub)
        return
    if v == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed)) if isinstance(error.instance, dict) else []
        for key in extra:
            yield path + [key], key, f"unknown field {key!r}; expected one of: {', '.join(allowed)}"
        return
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        if path and isinstance(path[-1], str):  # a key missing in a field's mapping: labels without en
            yield path, path[-1], f"missing required key {missing!r}"
        else:
            yield path, missing, f"missing required field {missing!r}"
        return
    if v == "minProperties":
        yield (
            path,
            field,
            f"expected a mapping with at least one of: {', '.join(schema.get('properties', {}))}; got an empty mapping",
        )
        return
    if v == "enum":
        yield path, field, f"{error.instance!r} is not allowed; expected one of: {', '.join(map(str, schema['enum']))}"
        return
    if v == "type":
        want = {"object": "a mapping (key: value)", "array": "a list", "string": "text"}.get(
            str(schema["type"]), str(schema["type"])
        )
        yield path, field, f"expected {want}, got {_describe(error.instance)}"
        return
    if v == "pattern":
        yield path, field, f"{error.instance!r} is not {schema.get('description', 'of the expected form')}"
        return
    if v in ("minItems", "maxItems"):
        n = schema.get(v)
        yield (
            path,
            field,
            f"expected {'at least' if v == 'minItems' else 'at most'} {n} item{'s' if n != 1 else ''}, got {len(error.instance)}",
        )
        return
    if v == "minLength":
        yield path, field, f"expected {schema.get('description', 'text')}, got an empty value"
        return
    yield path, field, error.message  # pragma: no cover - all validators we use are handled above


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{str(value)!r}"
