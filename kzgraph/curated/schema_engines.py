"""The engines that check a curated file against its JSON Schema, and one form for what they find.

jsonschema-rs (Rust) checks by default; jsonschema, the reference, stays runnable with
``KZGRAPH_SCHEMA_ENGINE=jsonschema``. Both report :class:`Finding`\\ s, so that the loader turns
either engine's findings into the same ``file:line: field: message`` (tests/test_schema_engines.py
holds them to that on fuzzed records). What would make them differ is settled here, not in the
messages:

- *Regular expressions.* The reference matches a pattern with Python's ``re`` (its final ``$``
  read as ECMA-262's end of text, ``\\Z``); jsonschema-rs with ECMA-262 classes, whose ``\\s``
  holds U+FEFF but not U+0085. The fast engine is given each pattern with ``\\s``/``\\S`` written
  out as the very characters Python's ``\\s`` matches; a class escape whose meaning differs in other
  ways (``\\d``, ``\\w``, ``\\b`` …) is refused when the checker is made, never guessed.
- *Values.* The loader's values remember their lines (str/dict/list subclasses), which
  jsonschema-rs does not take; it checks a plain copy, made by the C JSON codec.
- *Order and repeats.* The engines visit keywords in different orders and may report a missing
  field twice (the record's type and the fact shape both require ``id``): the caller sorts and
  removes repeats.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..core.errors import UsageError

ENGINE_VARIABLE = "KZGRAPH_SCHEMA_ENGINE"
FAST, REFERENCE = "jsonschema-rs", "jsonschema"
ENGINES = (FAST, REFERENCE)

Checker = Callable[[Any], Iterator["Finding"]]


@dataclass(frozen=True)
class Finding:
    """One way a document breaks its schema, as either engine reports it."""

    keyword: str  # the JSON Schema keyword that failed: type, required, enum, pattern …
    path: tuple[Any, ...]  # where in the document (keys and list indexes)
    schema: dict[str, Any]  # the (sub)schema that holds the keyword
    instance: Any  # the value at ``path``
    missing: str = ""  # for ``required``: the name that is missing


def engine_name(explicit: str | None = None) -> str:
    """The engine to use: ``explicit``, else ``$KZGRAPH_SCHEMA_ENGINE``, else jsonschema-rs; fails closed on others."""
    name = explicit or os.environ.get(ENGINE_VARIABLE) or FAST
    if name not in ENGINES:
        raise UsageError(f"{ENGINE_VARIABLE}={name!r} names no JSON Schema engine; expected {FAST} (default) or {REFERENCE}")
    return name


def checker(engine: str, schema: dict[str, Any]) -> Checker:
    """A function that yields the findings of ``engine`` on a document against ``schema``."""
    return _fast_checker(schema) if engine == FAST else _reference_checker(schema)


# --- jsonschema-rs ----------------------------------------------------------------------------------


def _fast_checker(schema: dict[str, Any]) -> Checker:
    import jsonschema_rs

    validator = jsonschema_rs.Draft202012Validator(
        _with_python_classes(schema), pattern_options=jsonschema_rs.RegexOptions(), validate_formats=False
    )

    def check(document: Any) -> Iterator[Finding]:
        plain = json.loads(json.dumps(document))  # plain str/dict/list: the codec takes the subclasses
        for error in validator.iter_errors(plain):
            keyword = str(error.schema_path[-1])
            node = _node(schema, error.schema_path[:-1])
            missing = str(error.kind.as_dict().get("property", "")) if keyword == "required" else ""
            yield Finding(keyword, tuple(error.instance_path), node, error.instance, missing)

    return check


def _node(schema: dict[str, Any], path: Any) -> dict[str, Any]:
    """The subschema at ``path`` (a keyword location, after references are followed)."""
    node: Any = schema
    for step in path:
        node = node[step]  # a location jsonschema-rs reports is in the schema it was given: no KeyError
    return node


# Python's \s on text: every character str.isspace() holds (ECMA-262's \s differs at U+0085, U+FEFF
# and U+001C-U+001F). Written out as a class, both regex engines read it alike; a test compares it
# with str.isspace() at every code point (computing it here would cost a third of a second a run).
_PY_SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_CLASS_ESCAPE = re.compile(r"\\(.)|(\[\^?)|(\])", re.S)
_DIFFERING = set("dDwWbB")  # Unicode-aware in Python, ASCII in ECMA-262


def _python_pattern(pattern: str) -> str:
    r"""``pattern`` with ``\s`` and ``\S`` spelt out as the characters Python's ``\s`` matches.

    Raises ValueError for escapes whose meaning differs between the two dialects and are not
    rewritten (``\d``, ``\w``, ``\b`` and their negations, ``\S`` inside a class).
    """
    out: list[str] = []
    in_class = False
    at = 0
    for m in _CLASS_ESCAPE.finditer(pattern):
        out.append(pattern[at : m.start()])
        at = m.end()
        escaped, opening, closing = m.group(1), m.group(2), m.group(3)
        if escaped is None:
            if opening is not None and not in_class:
                if pattern[at : at + 1] == "]":  # "[]" matches nothing in ECMA-262, "[]a]" is "]" or "a" in Python
                    raise ValueError(
                        f"pattern {pattern!r}: a class that starts with ']' reads differently in Python and ECMA-262"
                    )
                in_class = True
            elif closing is not None and in_class:
                in_class = False
            out.append(m.group(0))
        elif escaped in _DIFFERING or (escaped == "S" and in_class):
            raise ValueError(
                f"pattern {pattern!r}: \\{escaped} means different things to Python and ECMA-262; write the class out"
            )
        elif escaped == "s":
            out.append(_PY_SPACE if in_class else f"[{_PY_SPACE}]")
        elif escaped == "S":
            out.append(f"[^{_PY_SPACE}]")
        else:
            out.append(m.group(0))
    out.append(pattern[at:])
    return "".join(out)


def _with_python_classes(schema: Any) -> Any:
    """A copy of ``schema`` whose every ``pattern`` is rewritten by :func:`_python_pattern`."""
    if isinstance(schema, dict):
        return {
            k: (_python_pattern(v) if k == "pattern" and isinstance(v, str) else _with_python_classes(v))
            for k, v in schema.items()
        }
    if isinstance(schema, list):
        return [_with_python_classes(v) for v in schema]
    return schema


# --- jsonschema, the reference ------------------------------------------------------------------


def _reference_checker(schema: dict[str, Any]) -> Checker:
    """jsonschema's findings; the facts' schema is dispatched on each fact's type by hand.

    The published schema picks a fact's fields with one ``if``/``then`` per type, so jsonschema
    tries all forty types on every fact; checking each fact against its own type's schema instead
    finds exactly the same errors, forty times faster (it was 80% of loading at scale).
    """
    validator_class = _reference_validator_class()
    fact = schema.get("$defs", {}).get("fact")
    if fact is None:
        whole = validator_class(schema)
        return lambda document: _reference_findings(whole.iter_errors(document))
    shared = copy.deepcopy(schema)
    shared["$defs"]["fact"].pop("allOf", None)
    dispatching = validator_class(shared)
    types = {
        name: validator_class({"$defs": schema["$defs"], **schema["$defs"][name]}) for name in fact["properties"]["type"]["enum"]
    }

    def check(document: Any) -> Iterator[Finding]:
        yield from _reference_findings(dispatching.iter_errors(document))
        facts = document.get("facts") if isinstance(document, dict) else None
        for i, item in enumerate(facts if isinstance(facts, list) else []):
            name = item.get("type") if isinstance(item, dict) else None
            if isinstance(name, str) and name in types:
                for finding in _reference_findings(types[name].iter_errors(item)):
                    yield Finding(finding.keyword, ("facts", i, *finding.path), finding.schema, finding.instance, finding.missing)

    return check


def _reference_findings(errors: Iterator[Any]) -> Iterator[Finding]:
    for error in errors:
        if error.validator in ("allOf", "if"):  # a wrapper: what failed is in its context
            yield from _reference_findings(iter(error.context or []))
            continue
        missing = ""
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else error.message
        yield Finding(str(error.validator), tuple(error.absolute_path), error.schema, error.instance, missing)


@cache
def _ecma_pattern(pattern: str) -> re.Pattern[str]:
    # JSON Schema patterns are ECMA-262 regular expressions, whose "$" matches only at the very end of
    # the text. Python's "$" also matches before a final newline, so a block scalar such as
    # "id: |\n  KAZ" (the text "KAZ\n") passed as an id and became an IRI with a line break in it.
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


@cache
def _reference_validator_class() -> Any:
    import jsonschema  # imported only when the reference runs: it takes longer to import than jsonschema-rs

    def pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterator[Any]:
        if validator.is_type(instance, "string") and not _ecma_pattern(pattern).search(instance):
            yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")

    return jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": pattern})
