"""jsonschema-rs checks the curated files' structure as jsonschema, the reference, does.

The fast engine is adopted on one condition (issue 21, item 2): on real records mutated in every way
the schema can catch — wrong types, missing and extra fields, bad enum values, bad patterns, empty
and nested lists, a fact's type changed under its fields — both engines give the same verdict and
the user reads the same ``file:line: field: message``. The fuzzed comparison runs on documents in
memory (a few milliseconds an example); one whole load of a broken project compares what a
curator sees on the terminal.
"""

from __future__ import annotations

import copy
import re
import sys
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kzgraph.core.errors import DataError, UsageError
from kzgraph.core.yamlread import Mapping, Sequence, YamlSyntaxError, read_yaml
from kzgraph.curated import model, sourcefiles
from kzgraph.curated.load import _line_at, load
from kzgraph.curated.schema import json_schema, structural_errors
from kzgraph.curated.schema_engines import _PY_SPACE, ENGINE_VARIABLE, FAST, REFERENCE, _python_pattern, engine_name

from common import ROOT, plain

# --- what the user sees, by engine --------------------------------------------------------------


def seen(role: str, doc: Any, engine: str) -> list[tuple[int, str, str, list[Any]]]:
    """Each problem as the loader reports it: line, field, message (and the path it was found at)."""
    return [(_line_at(doc, where), fld, message, where) for where, fld, message in structural_errors(role, doc, engine)]


def assert_same(role: str, text: str) -> list[tuple[int, str, str, list[Any]]]:
    doc = read_yaml(text)
    fast, reference = seen(role, doc, FAST), seen(role, doc, REFERENCE)
    assert fast == reference, f"{role} file:\n{text}\njsonschema-rs: {fast}\njsonschema: {reference}"
    return fast


def dump(doc: Any) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)


REAL_FILES: list[tuple[str, dict[str, Any]]] = [
    (role, plain(read_yaml(path.read_text(encoding="utf-8")))) for path, role in sourcefiles.find(ROOT).files
]


# --- hand-made breaks: one at least for each keyword that can fail ---------------------------------

EMBASSY = {
    "id": "KAZ-embassy-NOR-oslo",
    "type": "Embassy",
    "sending_state": "KAZ",
    "receiving_state": "NOR",
    "city": "oslo",
    "comment": "Kazakhstan has an embassy in Oslo.",
    "source": [{"section": "europe", "quote": "Казахстан има посолство в Осло."}],
}
STATE = {"id": "NOR", "iso2": "NO", "labels": {"bg": "Норвегия", "en": "Norway"}, "wikidata": "Q20"}


def facts(*records: dict[str, Any], **more: Any) -> str:
    return dump({"facts": list(records), **more})


def changed(record: dict[str, Any], **values: Any) -> dict[str, Any]:
    out = copy.deepcopy(record)
    for key, value in values.items():
        if value is ...:
            del out[key]
        else:
            out[key] = value
    return out


CASES: dict[str, tuple[str, str, str | None]] = {  # name: (role, text, a field the problem names; None: no problem)
    "type: a list for text": ("facts", facts(changed(EMBASSY, city=["oslo"])), "city"),
    "type: a mapping for a list": ("facts", facts(changed(EMBASSY, source={"section": "europe"})), "source"),
    "type: nested lists": ("facts", facts(changed(EMBASSY, source=[[{"section": "europe"}]])), "source"),
    "type: facts not a list": ("facts", dump({"facts": {"a": 1}}), "facts"),
    "required: a fact without source": ("facts", facts(changed(EMBASSY, source=...)), "source"),
    "required: a fact without id": ("facts", facts(changed(EMBASSY, id=...)), "id"),
    "required: a file without facts": ("facts", dump({"notes": []}), "facts"),
    "required: labels without en": ("entities", dump({"states": [changed(STATE, labels={"bg": "Норвегия"})]}), "labels"),
    "additionalProperties: an extra field": ("facts", facts(changed(EMBASSY, colour="red")), "colour"),
    "additionalProperties: a field of another type": ("facts", facts(changed(EMBASSY, date="1992")), "date"),
    "additionalProperties: at the top": ("entities", dump({"states": [STATE], "planets": []}), "planets"),
    "enum: an unknown fact type": ("facts", facts(changed(EMBASSY, type="Embasy")), "type"),
    "enum: a fact type that lacks its fields": ("facts", facts(changed(EMBASSY, type="Visit")), "sending_state"),
    "pattern: an id with a space": ("facts", facts(changed(EMBASSY, id="KAZ embassy")), "id"),
    "pattern: an id with a final line break": ("facts", facts(changed(EMBASSY, id="KAZ\n")), "id"),
    "pattern: U+0085 in a URL": ("sources", "", "url"),  # filled in below from the real sources.yaml
    "pattern: U+FEFF in a URL": ("sources", "", "url"),
    "pattern: a bad iso2": ("entities", dump({"states": [changed(STATE, iso2="N0")]}), "iso2"),
    "pattern: a bad date": ("facts", dump({"facts": [], "notes": [{"id": "n", "kind": "contradiction", "date": "1992-3"}]}), ""),
    "minLength: an empty label": ("entities", dump({"states": [changed(STATE, labels={"bg": "", "en": "Norway"})]}), "bg"),
    "minItems: no source": ("facts", facts(changed(EMBASSY, source=[])), "source"),
    "minProperties: empty labels": ("entities", dump({"states": [changed(STATE, labels={})]}), "labels"),
    "uniqueItems: a fact file listed twice": ("sources", "", "fact_files"),  # filled in below from the real sources.yaml
}


def _sources_with_url(url: str) -> str:
    doc = copy.deepcopy(next(d for role, d in REAL_FILES if role == "sources"))
    doc["article"]["url"] = url
    return dump(doc)


def _sources_listing_twice() -> str:
    doc = copy.deepcopy(next(d for role, d in REAL_FILES if role == "sources"))
    doc["fact_files"] = [*doc["fact_files"], doc["fact_files"][0]]
    return dump(doc)


CASES["uniqueItems: a fact file listed twice"] = ("sources", _sources_listing_twice(), "fact_files")
CASES["pattern: U+0085 in a URL"] = ("sources", _sources_with_url("https://bg.wikipedia.org/a\x85b"), "url")
# U+FEFF is no white space to Python (it is to ECMA-262): both engines let it pass, as the reference does.
CASES["pattern: U+FEFF in a URL"] = ("sources", _sources_with_url("https://bg.wikipedia.org/a\ufeffb"), None)
MAX_ITEMS = next(  # a field with at most so many values (a relation's two parties)
    (rt, f) for rt in model.FACT_TYPES.values() for f in rt.fields if f.many and f.max_items is not None
)
CASES["maxItems: too many values"] = (
    "facts",
    facts({"id": "x", "type": MAX_ITEMS[0].name, MAX_ITEMS[1].name: ["KAZ"] * (MAX_ITEMS[1].max_items + 1)}),
    MAX_ITEMS[1].name,
)


@pytest.mark.parametrize("name", sorted(CASES))
def test_both_engines_report_a_break_alike(name: str) -> None:
    role, text, field = CASES[name]
    problems = assert_same(role, text)
    if field is None:
        assert problems == [], name
        return
    assert problems, f"{name}: no problem found"
    assert any(fld == field for _, fld, _, _ in problems) or not field, f"{name}: {problems}"


def test_the_hand_made_breaks_cover_every_keyword_that_can_fail() -> None:
    """Every keyword of the schemas that can reject a value is broken by a case above."""
    used: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            used.update(node)
            for key, value in node.items():
                if key in ("properties", "$defs"):
                    for sub in value.values():
                        walk(sub)
                elif key not in ("enum", "required", "const"):
                    walk(value)
        elif isinstance(node, list):
            for sub in node:
                walk(sub)

    for role in ("sources", "entities", "facts"):
        walk(json_schema(role))
    inert = {"$schema", "$id", "$defs", "$ref", "title", "description", "properties", "items", "allOf", "if", "then", "const"}
    assert {name.split(":")[0] for name in CASES} == used - inert


def test_the_real_data_passes_both_engines() -> None:
    for role, doc in REAL_FILES:
        assert assert_same(role, dump(doc)) == []


# --- fuzzing: real records, mutated ------------------------------------------------------------------

KEYS = sorted({f.name for rt in [*model.FACT_TYPES.values(), model.NOTE, *model.ENTITY_TYPES.values()] for f in rt.fields})
TYPE_NAMES = sorted([*model.FACT_TYPES, *model.ORGANIZATION_TYPES, *model.PLACE_TYPES])


def _enums(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(map(str, node.get("enum", ()))).union(*map(_enums, node.values()))
    if isinstance(node, list):
        return set().union(*map(_enums, node))
    return set()


ENUM_VALUES = sorted(set().union(*(_enums(json_schema(role)) for role in ("sources", "entities", "facts"))))
# Text where the engines' regular expressions could read differently: line ends, Unicode spaces
# and digits, characters around the ECMA-262 and Python classes.
TRICKY = [
    "",
    " ",
    "KAZ\n",
    "\nKAZ",
    "KAZ ",
    "https://a\x85b",
    "https://a\ufeffb",
    "https://a\u2028b",
    "https://a\u00a0b",
    "https://a\u3000b",
    "https://",
    "10.1234/x",
    "10.1234/\u200a",
    "١٩٩٢",
    "1992-3-19",
    "1992-03-19",
    "Q0",
    "Q42",
    "NO",
    "true",
    "9780000000000",
    "-1.5",
    "state/KAZ",
    "a/b/",
]
TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="".join(map(chr, [*range(9), 11, 12, *range(14, 32)]))),
    max_size=12,
)
SCALAR = st.one_of(st.sampled_from(TRICKY), st.sampled_from(TYPE_NAMES), st.sampled_from(ENUM_VALUES), TEXT)
VALUE = st.recursive(
    st.one_of(st.none(), SCALAR),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(SCALAR, inner, max_size=2)),
    max_leaves=4,
)


def nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every value in ``value``, itself first."""
    out = [path]
    if isinstance(value, dict):
        for key, sub in value.items():
            out += nodes(sub, (*path, key))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            out += nodes(sub, (*path, i))
    return out


def at(doc: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        doc = doc[step]
    return doc


@st.composite
def small_real_file(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A real file with one or two records left in each of its lists (at most one list a file of facts)."""
    role, doc = draw(st.sampled_from(REAL_FILES))
    out: dict[str, Any] = {}
    for key, value in doc.items():
        if isinstance(value, list) and value:
            start = draw(st.integers(0, len(value) - 1))
            value = value[start : start + draw(st.integers(0, 2))]
        out[key] = copy.deepcopy(value)
    return role, out


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, dict[str, Any], list[str]]:
    """A small real file with one to four changes; what was done, for the report."""
    role, doc = draw(small_real_file())
    done = []
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(nodes(doc)))
        node = at(doc, path)
        parent, last = (at(doc, path[:-1]), path[-1]) if path else (None, None)
        op = draw(st.sampled_from(["drop", "extra", "set", "text", "wrap", "empty", "retype"]))
        if op == "drop" and isinstance(parent, dict):
            del parent[last]
        elif op == "extra" and isinstance(node, dict):
            node[draw(st.one_of(st.sampled_from(KEYS), TEXT))] = draw(VALUE)
        elif op == "retype" and isinstance(node, dict):
            node["type"] = draw(st.sampled_from(TYPE_NAMES))
        elif parent is not None and op == "wrap":
            parent[last] = [node] if draw(st.booleans()) else [[node]]
        elif parent is not None and op == "empty":
            parent[last] = draw(st.sampled_from([[], {}, None, ""]))
        elif parent is not None:
            parent[last] = draw(SCALAR if op == "text" else VALUE)
        done.append(f"{op} {'/'.join(map(str, path))}")
    return role, doc, done


FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def check_mutation(role: str, doc: dict[str, Any]) -> None:
    text = dump(doc)
    try:
        parsed = read_yaml(text)
    except YamlSyntaxError:  # a key the reader refuses ("<<"): nothing for the schema to check
        assume(False)
    if not isinstance(parsed, Mapping):
        return
    assert_same(role, text)


@FUZZ
@given(case=mutated())
def test_fuzzed_real_records_get_the_same_problems_from_both_engines(case: tuple[str, dict[str, Any], list[str]]) -> None:
    role, doc, _ = case
    check_mutation(role, doc)


@pytest.mark.slow
@settings(FUZZ, max_examples=1000)
@given(case=mutated())
def test_fuzzed_real_records_get_the_same_problems_from_both_engines_at_length(
    case: tuple[str, dict[str, Any], list[str]],
) -> None:
    role, doc, _ = case
    check_mutation(role, doc)


# --- the differences settled in kzgraph.curated.schema_engines ------------------------------------------------


def test_python_s_classes_read_alike_in_both_dialects_at_every_code_point() -> None:
    """``\\S`` spelt out for jsonschema-rs (outside a class and, as ``[^\\s]``, inside one) matches
    exactly what Python's ``re`` matches, at every code point (the patterns reject few, so that
    the engine builds few errors)."""
    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    for pattern in (r"^\S$", r"^[^\s]$"):
        fast = jsonschema_rs.Draft202012Validator(
            {"items": {"pattern": _python_pattern(pattern)}}, pattern_options=jsonschema_rs.RegexOptions()
        )
        rejected = {chars[e.instance_path[0]] for e in fast.iter_errors(chars)}
        assert rejected == {c for c in chars if c.isspace()} == set(_PY_SPACE), pattern


def test_without_spelling_out_the_classes_the_engines_would_differ() -> None:
    """What the rewriting settles: ECMA-262's ``\\S`` (jsonschema-rs) and Python's disagree at U+0085 and U+FEFF."""
    raw = jsonschema_rs.Draft202012Validator({"pattern": r"^https?://\S+$"})
    assert raw.is_valid("https://a\x85b") and not re.search(r"^https?://\S+\Z", "https://a\x85b")
    assert not raw.is_valid("https://a\ufeffb") and re.search(r"^https?://\S+\Z", "https://a\ufeffb")


@pytest.mark.parametrize("pattern", [r"^\d+$", r"^\w$", r"\bx", r"^[\S]$", r"^[]a]$", r"^\D$", r"^\W$", r"\B"])
def test_escapes_that_differ_in_meaning_are_refused_not_guessed(pattern: str) -> None:
    with pytest.raises(ValueError, match="Python and ECMA-262"):
        _python_pattern(pattern)


@pytest.mark.parametrize("pattern", [r"^\.\$[a-z\-\]]$", r"^[^\n]*$", r"^\S+\s\S+$"])
def test_other_escapes_pass_through(pattern: str) -> None:
    out = _python_pattern(pattern)
    if "\\s" in pattern.lower():
        assert "\\s" not in out.lower() and re.fullmatch(out, "a\x85b") and not re.fullmatch(out, "a\ufeffb")
    else:
        assert out == pattern


# --- the engine is chosen, and only among the two ------------------------------------------------------


def test_the_engine_is_chosen_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENGINE_VARIABLE, raising=False)
    assert engine_name() == FAST
    monkeypatch.setenv(ENGINE_VARIABLE, REFERENCE)
    assert engine_name() == REFERENCE
    monkeypatch.setenv(ENGINE_VARIABLE, "fastjsonschema")
    with pytest.raises(UsageError, match="names no JSON Schema engine; expected jsonschema-rs"):
        engine_name()


def test_an_unknown_engine_is_one_line_and_exit_2(
    project_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kzgraph.cli import main

    monkeypatch.setenv(ENGINE_VARIABLE, "nope")
    assert main(["--root", str(project_copy), "build", "--no-validate", "--no-reason"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "KZGRAPH_SCHEMA_ENGINE='nope'" in err
    assert not (project_copy / "dist").exists()


def test_a_broken_project_reads_the_same_on_the_terminal_with_either_engine(
    project_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A whole load: every break of the hand-made cases in one project, one file each, as the user sees it."""
    facts_dir, entities_dir = project_copy / "data" / "facts", project_copy / "data" / "entities"
    for i, name in enumerate(sorted(CASES)):
        role, text, _ = CASES[name]
        if role == "sources":
            continue
        (facts_dir if role == "facts" else entities_dir).joinpath(f"zz-{i:02}.yaml").write_text(text, encoding="utf-8")
    rendered = {}
    for engine in (FAST, REFERENCE):
        monkeypatch.setenv(ENGINE_VARIABLE, engine)
        with pytest.raises(DataError) as info:
            load(project_copy)
        rendered[engine] = info.value.render()
    assert rendered[FAST] == rendered[REFERENCE]
    assert rendered[FAST].count("zz-") >= len([c for c in CASES.values() if c[0] != "sources"])


def test_a_yaml_mapping_is_checked_as_its_plain_value() -> None:
    """The loader's values remember lines (subclasses of str, dict, list); the fast engine checks them all the same."""
    doc = read_yaml(facts(changed(EMBASSY, city=["oslo"])))
    assert isinstance(doc, Mapping) and isinstance(doc["facts"], Sequence)
    assert [fld for _, fld, _ in structural_errors("facts", doc, FAST)] == ["city"]
