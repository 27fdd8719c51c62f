"""Fuzzing the loader: whatever a curated file holds, ``load`` returns a Dataset or raises DataError.

Never a traceback of another kind, and every problem points at a file, a line of it and says
something. Each test builds a small project once (the article, sources.yaml, and only the entities
and facts its inputs refer to, so that a load takes milliseconds) and rewrites the fuzzed files per
example.
"""

from __future__ import annotations

import copy
import functools
import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kzgraph.curated.load
from kzgraph.core.errors import DataError
from kzgraph.core.yamlread import Mapping, Sequence, read_yaml
from kzgraph.curated import model
from kzgraph.curated.fieldkinds import kind_of
from kzgraph.curated.load import Dataset, load

from common import ROOT, plain

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ = "data/facts/fuzz.yaml"
SUPPORT = "data/facts/support.yaml"
ENTITIES = "data/entities/fuzz.yaml"
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # line breaks as YAML counts them


# --- the real data, read once -------------------------------------------------------------------


class RealData:
    """The real records, each with the YAML it was written as and what it refers to."""

    def __init__(self) -> None:
        self.dataset: Dataset = load(ROOT)
        self.yaml: dict[str, tuple[str, dict[str, Any]]] = {}  # record key -> (top-level key, plain YAML)
        by_place = {(r.file, r.line): r.key for r in self.dataset.records.values()}
        for path in sorted((ROOT / "data").glob("*/*.yaml")):
            doc = read_yaml(path.read_text(encoding="utf-8"))
            rel = path.relative_to(ROOT).as_posix()
            for top, items in doc.items():
                for item in items if isinstance(items, Sequence) else []:
                    key = by_place.get((rel, item.line))
                    if key and isinstance(item, Mapping):
                        self.yaml[key] = (top, plain(item))
        self.facts = [r.key for r in self.dataset.facts]
        self.article = self.dataset.article
        # what generated facts may refer to: a few entities, and a fact of each kind that facts name
        self.known = KNOWN + [
            next(k for k in self.facts if k.startswith(f"{path}/"))
            for path in ("mission", "list", "visit", "meeting", "event")
            if any(k.startswith(f"{path}/") for k in self.facts)
        ]

    def refers_to(self, key: str) -> set[str]:
        """``key`` and every record it refers to, transitively (entities and facts, not sources)."""
        seen: set[str] = set()
        todo = [key]
        while todo:
            k = todo.pop()
            if k in seen or k not in self.yaml:
                continue
            seen.add(k)
            for value in self.dataset.records[k].values.values():
                for v in value if isinstance(value, list) else [value]:
                    if isinstance(v, str) and v in self.dataset.records:
                        todo.append(v)
        return seen

    def write_project(self, root: Path) -> None:
        """A project of the article and sources.yaml, with no entities or facts yet."""
        shutil.copytree(ROOT / "data" / "article", root / "data" / "article")
        # The real sources, their list of fact files made this project's one (data/facts/support.yaml)
        lines = (ROOT / "data" / "sources.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
        start = next(i for i, line in enumerate(lines) if line.startswith("fact_files:"))
        end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(" "))
        lines[start:end] = ["fact_files: [support]\n"]
        (root / "data" / "sources.yaml").write_text("".join(lines), encoding="utf-8")
        (root / "data" / "entities").mkdir()
        (root / "data" / "facts").mkdir()

    def write_records(self, root: Path, keys: Iterable[str], exclude: str = "") -> None:
        """Write the entities among ``keys`` to ENTITIES and the facts to SUPPORT."""
        entities: dict[str, list[Any]] = {}
        facts: dict[str, list[Any]] = {}
        for key in sorted(set(keys) - {exclude}):
            top, item = self.yaml[key]
            (entities if top in model.ENTITY_TYPES else facts).setdefault(top, []).append(item)
        dump(root / ENTITIES, entities)
        dump(root / SUPPORT, facts or {"facts": []})
        # The ids published before the id rule (data/ids-with-values.txt), as far as they are written here:
        # the loader refuses a listed id that names no fact, and a dated id that is not listed.
        listed = (ROOT / "data" / "ids-with-values.txt").read_text(encoding="utf-8").splitlines()
        kept = [line for line in listed if line.startswith("#") or not line.strip() or line.strip() in keys]
        (root / "data" / "ids-with-values.txt").write_text("\n".join(kept) + "\n", encoding="utf-8")


def dump(path: Path, doc: Any, **style: Any) -> str:
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, **{"width": 100, **style})
    path.write_text(text, encoding="utf-8")
    return text


@pytest.fixture(scope="module")
def real() -> RealData:
    return RealData()


@pytest.fixture(scope="module", autouse=True)
def parse_unchanged_files_once() -> Iterator[None]:
    """Most of a load is PyYAML parsing the files an example leaves alone; remember their parse.

    ``read_yaml`` is a pure function of the text and the loader never changes what it returns, so
    this changes nothing but the time: the fuzzed file is new text, parsed afresh every example.
    """
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(kzgraph.curated.load, "read_yaml", functools.lru_cache(maxsize=16)(read_yaml))
        yield


@pytest.fixture(scope="module", autouse=True)
def small_projects_need_not_cite_every_section() -> Iterator[None]:
    """The fuzzing projects hold a handful of facts of an article of 37 sections, so most sections
    are cited by no fact file, which the loader rightly refuses (tests/test_sources_complete.py);
    here that check is left out, so that the other checks are fuzzed on projects that load."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(kzgraph.curated.load._Reader, "_check_sections_accounted_for", lambda self: None)
        yield


def check_load(root: Path) -> Dataset | None:
    """Load ``root``: a Dataset, or a DataError whose problems each name a file, a line of it and a message."""
    try:
        return load(root)
    except DataError as exc:
        assert exc.problems, "a DataError without problems"
        for p in exc.problems:
            assert p.file and (root / p.file).is_file(), repr(p)
            assert p.message.strip(), repr(p)
            lines = len(_BREAK.findall((root / p.file).read_bytes().decode("utf-8", errors="replace"))) + 1
            assert 1 <= p.line <= lines, f"{p!r} but the file has {lines} lines"
        return None


# --- vocabulary for generated input -------------------------------------------------------------

ALL_TYPES = [*model.FACT_TYPES.values(), model.NOTE, *model.ENTITY_TYPES.values(), *model.SOURCE_TYPES.values()]
KEYS = sorted(
    {f.name for rt in ALL_TYPES for f in rt.fields}
    | {f.name for f in model.PASSAGE_FIELDS}
    | {"facts", "notes", "section", *model.LANGS, *model.ENTITY_TYPES, *model.SOURCE_TYPES}
)
TYPE_NAMES = sorted([*model.FACT_TYPES, *model.ORGANIZATION_TYPES, *model.PLACE_TYPES])
CONCEPT_VALUES = sorted({slug for scheme in model.CONCEPTS.values() for slug in scheme})
# Entities and facts the generated facts may name; the project holds them and what they refer to.
KNOWN = [
    "state/KAZ",
    "state/ARM",
    "state/RUS",
    "city/almaty",
    "city/yerevan",
    "organization/un",
    "organization/osce",
    "person/nursultan-nazarbayev",
    "office/KAZ-president",
]
SECTIONS = ["lead", "asia", "asia/armenia", "central-asia", "osce-chairmanship", "asia/narnia"]
REF_IDS = ["1", "4", "7", "13", "99"]
DATES = ["1992", "1992-03", "1992-03-19", "1992-3-19", "1992-02-30", "1992-13", "0999", "19920", "", "2010-01"]
SPECIAL = [
    "~",
    "null",
    "true",
    "false",
    "yes",
    "NO",
    "0x1F",
    "1e5",
    ".inf",
    "-",
    "?",
    ":",
    "[",
    "{",
    "'",
    '"',
    "&a",
    "*a",
    "!!str",
    "!!int 5",
    "<<",
    "#",
    "|",
    ">-",
    "@",
    "`",
    "%",
    "\\",
    "\t",
]


def snippets(article: str) -> list[str]:
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", article) if len(s.strip()) > 10]
    return sentences[:: max(1, len(sentences) // 60)]


def scalar_text(article_snippets: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(TYPE_NAMES),
        st.sampled_from(CONCEPT_VALUES),
        st.sampled_from(DATES),
        st.sampled_from(KNOWN),
        st.sampled_from([k.split("/")[1] for k in KNOWN]),
        st.sampled_from(SECTIONS),
        st.sampled_from(REF_IDS),
        st.sampled_from(SPECIAL),
        st.sampled_from(article_snippets),
        st.integers(-(10**6), 10**30).map(str),
        st.text(max_size=12),
    )


def yamlish_text(article_snippets: list[str]) -> st.SearchStrategy[str]:
    """Text put together from the keys of kzgraph.curated.model, values, indentation, quotes, anchors and flow."""
    scalar = scalar_text(article_snippets)
    key = st.one_of(st.sampled_from(KEYS), st.text(max_size=6))
    value = st.one_of(
        scalar,
        scalar.map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'),
        scalar.map(lambda s: "'" + s.replace("'", "''") + "'"),
        st.lists(scalar, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(st.tuples(key, scalar), max_size=3).map(lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"),
        st.tuples(st.sampled_from(["&a", "&b", "*a", "*b", "!!str", "!!map", "!!seq", "|", ">-", "|2"]), scalar).map(
            lambda t: f"{t[0]} {t[1]}"
        ),
    )
    line = st.tuples(
        st.integers(0, 10).map(lambda n: " " * n),
        st.one_of(
            st.tuples(key, value).map(lambda kv: f"{kv[0]}: {kv[1]}"),
            key.map(lambda k: f"{k}:"),
            st.tuples(key, value).map(lambda kv: f"- {kv[0]}: {kv[1]}"),
            value.map(lambda v: f"- {v}"),
            st.sampled_from(["-", "# a comment", "", "---", "...", "<<: *a", "? [a]", ": b", "- &a", "- *a"]),
        ),
    ).map("".join)
    return st.tuples(st.booleans(), st.lists(line, max_size=25), st.sampled_from(["\n", "\r\n", "\r"])).map(
        lambda t: ("facts:\n" if t[0] else "") + t[2].join(t[1])
    )


ANY_VALUE = st.recursive(
    st.one_of(st.none(), st.text(max_size=10), st.integers(), st.booleans(), st.floats(allow_nan=True)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6,
)


SAFE_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=20).filter(str.strip)
VALID_SECTIONS = [s for s in SECTIONS if s != "asia/narnia"]


def generated_facts(article_snippets: list[str], known: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Mostly well-formed facts files: every fact type with fields of the right kind, so that the
    checks after the schema run too; in one fact of four, one field gets a wild value instead."""
    wild = st.one_of(scalar_text(article_snippets), ANY_VALUE)
    ids = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._-]{0,12}\Z")

    def valid(f: model.Field) -> st.SearchStrategy[Any]:
        return valid_value(f, article_snippets, known)

    def of_kind(f: model.Field, is_wild: bool) -> st.SearchStrategy[Any]:
        if is_wild:
            return wild
        if f.many:
            low = max(f.min_items, 1 if kind_of(f).passages else 0)
            return st.lists(valid(f), min_size=low, max_size=max(low, f.max_items or 3))
        return valid(f)

    @st.composite
    def fact(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
        key, rt = draw(st.sampled_from(GENERATED_TYPES))
        rec: dict[str, Any] = {"id": draw(ids)}
        if key == "facts":
            rec["type"] = rt.name
        wild_field = draw(st.sampled_from([f.name for f in rt.fields] + [None] * (3 * len(rt.fields))))
        for f in rt.fields:
            if f.name in ("id", "type") or (not f.required and f.name != wild_field and draw(st.booleans())):
                continue
            rec[f.name] = draw(of_kind(f, f.name == wild_field))
        return key, rec

    def document(records: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
        doc: dict[str, Any] = {"facts": []}
        for key, rec in records:
            doc.setdefault(key, []).append(rec)
        return doc

    return st.lists(fact(), min_size=1, max_size=4).map(document)


# What a facts file holds: facts of every type, notes, the article's tables and their rows.
GENERATED_TYPES = [*(("facts", rt) for rt in model.FACT_TYPES.values()), ("notes", model.NOTE), *model.TABLE_TYPES.items()]


def valid_value(f: model.Field, article_snippets: list[str], known: list[str]) -> st.SearchStrategy[Any]:
    """Values of ``f``'s kind that pass its checks: what the project holds for the kinds that name
    its records, sections or text, the kind's own sample (kzgraph/curated/fieldkinds.py) for the rest. A
    kind with neither fails here, so a new kind cannot slip past the fuzzer unexercised."""
    kind = kind_of(f)
    if kind.refers:
        fitting = [k for k in known if k.split("/")[0] in f.targets] or known
        return st.sampled_from(fitting).flatmap(lambda k: st.sampled_from([k, k.split("/")[1]]))
    if kind.passages:
        return st.fixed_dictionaries(
            {"section": st.sampled_from(VALID_SECTIONS), "quote": st.sampled_from(article_snippets)},
            optional={"refs": st.lists(st.sampled_from(REF_IDS[:4]), min_size=1, max_size=2)},
        )
    if kind.verbatim:
        return st.sampled_from(article_snippets)
    if kind.name == "langmap":  # names in any text, not just the sample's
        return st.fixed_dictionaries({"bg": SAFE_TEXT, "en": SAFE_TEXT}, optional={"ru": SAFE_TEXT})
    if kind.sample is None:
        raise AssertionError(
            f"{f.name}: no valid value of kind {f.kind!r}; give the kind a sample in kzgraph/curated/fieldkinds.py"
        )
    return st.randoms(use_true_random=False).map(lambda rng: kind.sample(rng, f))


# --- (a) arbitrary and YAML-ish text ------------------------------------------------------------


@pytest.mark.parametrize("key, rt", GENERATED_TYPES, ids=[rt.name for _, rt in GENERATED_TYPES])
def test_the_generator_makes_every_field_of_a_facts_file(key: str, rt: model.RecordType) -> None:
    """Each field of each record type a facts file holds gets valid values (and so is fuzzed);
    the id and the type are drawn by the record itself."""
    for f in rt.fields:
        if f.name not in ("id", "type"):
            assert valid_value(f, ["a quote"], KNOWN) is not None


@pytest.fixture(scope="module")
def small_project(real: RealData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz-small")
    real.write_project(root)
    keys = set().union(*(real.refers_to(k) for k in real.known))
    real.write_records(root, keys)
    assert check_load(root) is not None, "the fuzzing project must load before it is fuzzed"
    return root


def test_fuzz_project_loads_with_an_empty_facts_file(small_project: Path) -> None:
    (small_project / FUZZ).write_text("facts: []\n", encoding="utf-8")
    assert isinstance(check_load(small_project), Dataset)


@SETTINGS
@given(data=st.data())
def test_arbitrary_text_is_loaded_or_refused(small_project: Path, real: RealData, data: st.DataObject) -> None:
    text = data.draw(st.one_of(st.text(), yamlish_text(snippets(real.article))), label="facts file")
    (small_project / FUZZ).write_text(text, encoding="utf-8", newline="")
    check_load(small_project)


@SETTINGS
@given(raw=st.binary(max_size=300))
def test_arbitrary_bytes_are_loaded_or_refused(small_project: Path, raw: bytes) -> None:
    (small_project / FUZZ).write_bytes(b"facts:\n  - id: " + raw)
    check_load(small_project)


@SETTINGS
@given(data=st.data())
def test_generated_facts_are_loaded_or_refused(small_project: Path, real: RealData, data: st.DataObject) -> None:
    doc = data.draw(generated_facts(snippets(real.article), real.known), label="facts")
    style = data.draw(st.sampled_from([{}, {"default_flow_style": True}, {"default_style": '"'}, {"width": 20}]))
    dump(small_project / FUZZ, doc, **style)
    dataset = check_load(small_project)
    if dataset is not None:  # what was accepted is what was written
        for fact in doc["facts"]:
            assert any(r.id == fact["id"] and r.type == fact["type"] for r in dataset.facts), fact["id"]


# --- (b) real facts, mutated ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def mutation_project(real: RealData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz-mutate")
    real.write_project(root)
    return root


@st.composite
def mutation(draw: st.DrawFn, record: dict[str, Any]) -> tuple[list[dict[str, Any]], str]:
    """The record with one to three changes (and sometimes a copy of it); what was done, for the report."""
    rec = copy.deepcopy(record)  # the real record is shared by every example
    done = []
    for _ in range(draw(st.integers(1, 3))):
        target = rec
        if "source" in rec and isinstance(rec["source"], list) and rec["source"] and draw(st.booleans()):
            target = rec["source"][0] = dict(rec["source"][0]) if isinstance(rec["source"][0], dict) else {}
        keys = sorted(target)
        op = draw(st.sampled_from(["drop", "set", "rename", "type", "same"] if keys else ["set"]))
        key = draw(st.sampled_from(keys)) if keys else draw(st.sampled_from(KEYS))
        if op == "drop":
            del target[key]
        elif op == "set":
            target[key] = draw(ANY_VALUE)
        elif op == "rename":
            target[draw(st.one_of(st.sampled_from(KEYS), st.text(max_size=6)))] = target.pop(key)
        elif op == "type":
            target["type"] = draw(st.sampled_from(TYPE_NAMES))
        else:  # a value of another field of the same record, a list of it, or a list holding it
            other = target[draw(st.sampled_from(keys))]
            target[key] = draw(st.sampled_from([other, [other], [target[key]]]))
        done.append(f"{op} {key}")
    records = [rec]
    if draw(st.integers(0, 4)) == 0:
        records.append(copy.deepcopy(draw(st.sampled_from([rec, record]))))
        done.append("duplicate")
    return records, ", ".join(done)


@SETTINGS
@given(data=st.data())
def test_mutated_real_facts_are_loaded_or_refused(mutation_project: Path, real: RealData, data: st.DataObject) -> None:
    key = data.draw(st.sampled_from(real.facts), label="fact")
    records, _ = data.draw(mutation(real.yaml[key][1]), label="mutation")
    real.write_records(mutation_project, real.refers_to(key), exclude=key)
    dump(mutation_project / FUZZ, {"facts": records})
    check_load(mutation_project)


def test_every_real_fact_loads_alone_with_what_it_refers_to(mutation_project: Path, real: RealData) -> None:
    """The baseline of the mutations: unmutated, real facts (some 40 of them) load in the small project."""
    for key in real.facts[:: max(1, len(real.facts) // 40)]:
        real.write_records(mutation_project, real.refers_to(key), exclude=key)
        dump(mutation_project / FUZZ, {"facts": [real.yaml[key][1]]})
        dataset = check_load(mutation_project)
        assert dataset is not None and key in dataset.records, key


def test_problem_lines_follow_the_line_breaks_yaml_counts(small_project: Path) -> None:
    """A file with CR line ends or U+2028 still gets the line an editor shows."""
    for sep in ("\r", "\r\n", "\u2028"):
        text = sep.join(["facts:", "  - id: x", "    type: Embassy", "    colour: red", ""])
        (small_project / FUZZ).write_text(text, encoding="utf-8", newline="")
        with pytest.raises(DataError) as info:
            load(small_project)
        assert any(p.line == 4 and p.field == "colour" for p in info.value.problems), info.value.render()
