"""A new kind of fact needs no edit of the benchmark generator: it writes records of any fact type it has
no hand code for from the model alone (bench/generate.py, ``Generator._generic_fact``), and stops by name
on one whose required fields the model alone cannot fill.

The new kind is added to the model in-process (as a contributor adds one to kzgraph/curated/model.py). The
ontology and shapes lack its class, so what is checked is what needs no class: the generated project
loads (the loader's value, reference, quote and id checks) and every field of the kind has a value.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_bench import unstated_fields

from kzgraph.core.yamlread import read_yaml
from kzgraph.curated import model
from kzgraph.curated.load import load

from common import ROOT

sys.path.insert(0, str(ROOT))
from bench.generate import HAND_MADE, NoGenericRecord, generate, main  # noqa: E402

SCALE = 0.3  # a few dozen blocks: enough for every field, quick to write and load

# Named so that no kind of fact a branch may add takes its name (the demonstration branch `newkind` adds
# kzo:CommodityTrade): the tests add it beside the real ones.
TRADE = model._fact(
    "ExampleTrade",
    "example-trade",
    model._ref("exporter", "kzo:exporter", ("state",), required=True),
    model._ref("importer", "kzo:importer", ("state",), required=True),
    model.Field("commodity", "langmap", "kzo:commodity", required=True, doc="what is traded ({bg, en})"),
    model.Field("unit", "concept", "kzo:unit", required=True, scheme="unit"),
    model.Field("volume", "amount", "kzo:tradeVolume"),
    model._ref("port", "kzo:port", model.PLACES),
    model._ref("under", "kzo:underAgreement", ("agreement",)),
    model.Field("wording", "wording", "kzo:tradeWording", many=True, min_items=1, doc="the article's words for it"),
    model.START,
    model.END,
    label=("{commodity}: {exporter} → {importer}[ ({start})]",) * 2,
)


def _add_kind(monkeypatch: pytest.MonkeyPatch, rt: model.RecordType) -> None:
    """Add ``rt`` to the model as kzgraph/curated/model.py would declare it: its type, and its path among the facts'
    (in every module that took the tuple of fact paths by name)."""
    monkeypatch.setitem(model.FACT_TYPES, rt.name, rt)
    old = model.FACT_PATHS
    paths = (*old, rt.path) if rt.path not in old else old
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] == "kzgraph" and getattr(module, "FACT_PATHS", None) is old:
            monkeypatch.setattr(module, "FACT_PATHS", paths)


def _clear_caches() -> None:
    """Forget what kzgraph worked out from the model (the JSON Schema of the curated files names the fact
    types), so that it is worked out again from the model with the new kind, and without it after."""
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] == "kzgraph":
            for value in list(vars(module).values()):
                if isinstance(value, functools._lru_cache_wrapper) and value.__module__ == name:  # functools.cache
                    value.cache_clear()


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    _clear_caches()
    yield
    _clear_caches()


@pytest.fixture
def with_trade(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    _add_kind(monkeypatch, TRADE)
    yield


def _facts(root: Path) -> list[dict]:
    return [f for p in sorted((root / "data" / "facts").glob("*.yaml")) for f in read_yaml(p.read_text("utf-8"))["facts"]]


def test_a_new_kind_of_fact_is_generated_from_the_model_alone(with_trade: None, tmp_path: Path) -> None:
    stats = generate(tmp_path, scale=SCALE)
    blocks = sum(1 for s in read_yaml((tmp_path / "data" / "sources.yaml").read_text("utf-8"))["sections"] if "/" in s["id"])
    assert stats["fact_types"]["ExampleTrade"] == blocks  # one per block
    ds = load(tmp_path)  # raises on any problem: values, references, quotes in their sections, ids
    assert not {k for k in unstated_fields(tmp_path) if k[0] == "example-trade"}, "a field of the new kind has no value"
    trades = ds.by_path("example-trade")
    assert trades
    for rec in trades:
        v = rec.values
        exporter, importer = (v[name].removeprefix("state/") for name in ("exporter", "importer"))
        # The block's pair of states, the port in the state last named, the dates in order.
        assert rec.sources[0].section == f"{exporter.lower()}/{importer.lower()}"
        if "port" in v:
            assert ds.records[v["port"]].values["state"] == v["importer"]
        assert v["start"].first_day() <= v["end"].first_day()
        assert all(w in rec.sources[0].quote for w in v["wording"])
        assert rec.id == f"{exporter}-example-trade-{importer}"
        assert v["comment"].startswith("Example trade concerning ")


def test_a_new_kind_depends_on_its_block_not_on_what_came_before(with_trade: None, tmp_path: Path) -> None:
    """Seeded by the type and the block's states: the same block gives the same record at another scale
    (another vocabulary, another number and order of blocks before it). Only the reference to one of the
    block's facts may differ: which facts a block has depends on its place."""
    generate(tmp_path / "small", scale=SCALE)
    generate(tmp_path / "large", scale=3)

    def pick(root: Path) -> list[dict]:
        found = [f for f in _facts(root) if f["id"] == "TUR-example-trade-KAZ"]
        return [{k: v for k, v in f.items() if k not in ("under", "comment")} for f in found]

    assert pick(tmp_path / "small") == pick(tmp_path / "large") != []


def test_adding_a_kind_leaves_every_other_record_as_it_was(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The generic records draw from their own seeds: with a new kind, the other records, the entities
    and the article's other sentences are what they were without it."""
    generate(tmp_path / "before", scale=SCALE)
    _add_kind(monkeypatch, TRADE)
    generate(tmp_path / "after", scale=SCALE)
    before, after = tmp_path / "before" / "data", tmp_path / "after" / "data"
    for path in sorted((before / "entities").glob("*.yaml")):
        assert path.read_bytes() == (after / "entities" / path.name).read_bytes(), path.name
    assert _facts(tmp_path / "before") == [f for f in _facts(tmp_path / "after") if f["type"] != "ExampleTrade"]
    text = (after / "article" / "synthetic-foreign-policy.bg.txt").read_text("utf-8")
    for fact in _facts(tmp_path / "after"):
        if fact["type"] == "ExampleTrade":
            text = text.replace(" " + fact["source"][0]["quote"], "", 1)
    assert text == (before / "article" / "synthetic-foreign-policy.bg.txt").read_text("utf-8")


def test_a_new_kind_the_model_cannot_fill_stops_the_generator_by_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A required field no generic value fills validly (here an ISO code: invented ones are guessed
    identifiers) is not skipped: generation stops before writing, naming the type and field."""
    customs = model._fact(
        "CustomsUnion",
        "customs-union",
        model._ref("parties", "kzo:party", ("state",), required=True, many=True, min_items=2),
        model.Field("code", "iso2", "kzo:unionCode", required=True),
        label=("{parties}",) * 2,
    )
    _add_kind(monkeypatch, customs)
    with pytest.raises(NoGenericRecord, match=r"fact type CustomsUnion: required field 'code' \(kind 'iso2'\).*hand generator"):
        generate(tmp_path / "p", scale=SCALE)
    assert not (tmp_path / "p").exists()
    assert main(["--scale", str(SCALE), "--out", str(tmp_path / "q")]) == 2
    err = capsys.readouterr().err
    assert "error: fact type CustomsUnion: required field 'code'" in err and "Traceback" not in err
    assert not (tmp_path / "q").exists()


def test_a_required_reference_to_nothing_generated_stops_it_too(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    citation = model._fact(
        "Citation",
        "citation",
        model._ref("row", "kzo:citedRow", ("table-row",), required=True),
        label=("{row}",) * 2,
    )
    _add_kind(monkeypatch, citation)
    with pytest.raises(NoGenericRecord, match=r"Citation: required field 'row' \(a reference to table-row\)"):
        generate(tmp_path, scale=SCALE)


def test_the_hand_made_kinds_are_kinds_of_the_model() -> None:
    """HAND_MADE says which fact types the generator's own code states; a name the model lacks is stale."""
    assert set(model.FACT_TYPES) >= HAND_MADE, sorted(HAND_MADE - set(model.FACT_TYPES))


def test_blocks_where_a_required_reference_has_nothing_yet_are_counted_not_hidden(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A kind whose required reference names facts that only some blocks write (mission relocations)
    gets a record where there is one to name; the blocks that had none are counted in generated.json,
    and every block is either a record or a count."""
    moved = model._fact(
        "RelocationNote",
        "relocation-note",
        model._ref("relocation", "kzo:notesRelocation", ("relocation",), required=True),
        label=("{relocation}",) * 2,
    )
    _add_kind(monkeypatch, moved)
    stats = generate(tmp_path, scale=SCALE)
    blocks = sum(1 for s in read_yaml((tmp_path / "data" / "sources.yaml").read_text("utf-8"))["sections"] if "/" in s["id"])
    made, skipped = stats["fact_types"].get("RelocationNote", 0), stats["generic_blocks_skipped"].get("RelocationNote", 0)
    assert made > 0 and skipped > 0 and made + skipped == blocks, (made, skipped, blocks)
