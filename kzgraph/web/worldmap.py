"""The map: Kazakhstan's diplomatic relations by the decade they began, the states it lists as having none,
its missions abroad at their cities and the foreign missions in Kazakhstan, as static SVG.

What is drawn comes from the stored query ``queries/world-map.rq`` (so the map shows exactly what a
reader can ask for and check); the outlines from :mod:`.worldatlas`; a city's point from its curated
WGS84 coordinates (GeoNames). Readable without colour: each class of state has a pattern as well as
a colour, each mission type a shape, conflicting dates a dashed outline and a "!" label, and the legend
says it all in words, in English or Bulgarian. No script, no ``<style>``: presentation attributes only,
so the SVG can be inlined under the site's Content-Security-Policy. Each state and city is a link.

What cannot be drawn is said, never put at (0, 0): a state too small for the 1:110m outlines or with
no ISO code, a mission whose city is not named or not placed — each is listed under the map by name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from ..curated.namespaces import ID
from ..pipeline.embedded_store import dataset_options
from ..pipeline.pictures import _Data
from ..pipeline.terms import KZO_NS

QUERY = "world-map"
KAZ = ID + "state/KAZ"
Link = Callable[[str], "str | None"]
LAYERS = ("relation", "no-relation", "mission-abroad", "mission-in-kazakhstan")
SOUTH, NORTH = -57.0, 84.0  # the latitudes the world map shows (Antarctica left out)
WIDTH = 960

# (fill, pattern stroke, pattern kind): the class of each state, in colour and in pattern.
STYLES: dict[str, tuple[str, str, str]] = {
    "kaz": ("#0086b8", "#ffffff", "dots"),  # white dots: told from the 1990s blue without colour too
    "1990s": ("#1f5fa8", "#1f5fa8", "solid"),
    "2000s": ("#9ec3e6", "#1f5fa8", "stripes"),
    "2010s": ("#d4e6f5", "#1f5fa8", "dots"),
    "undated": ("#ffffff", "#1f5fa8", "grid"),
    "no-relations": ("#fbe3d6", "#b3541e", "cross"),
    "other": ("#eeeeee", "#eeeeee", "solid"),
}
CONFLICT = "#b3261e"
TEXT = {
    "en": {
        "title": "Kazakhstan's diplomatic relations and missions on the map",
        "state_title": "{state} on the map of Kazakhstan's relations and missions",
        "desc": "States with diplomatic relations by the decade they began, states listed as having none, "
        "Kazakhstan's missions abroad by type at their cities, and the foreign missions in Kazakhstan.",
        "kaz": "Kazakhstan",
        "decade": "relations since the {d}",
        "undated": "relations, start not given",
        "no-relations": "no relations (the article's list)",
        "other": "not named in the article",
        "conflict": "the article gives conflicting start dates",
        "abroad": "Kazakhstan's missions abroad:",
        "in_kaz": "Foreign missions in Kazakhstan",
        "small": "Too small for this map's scale (1:110m):",
        "nocode": "No ISO 3166 code (identity uncertain):",
        "unplaced": "Missions not on the map (no city named, or the city is not placed):",
        "source": "Outlines: Natural Earth (public domain); city positions: GeoNames (CC BY 4.0).",
    },
    "bg": {
        "title": "Дипломатическите отношения и представителства на Казахстан на картата",
        "state_title": "{state} на картата на отношенията и представителствата на Казахстан",
        "desc": "Държави с дипломатически отношения по десетилетието на установяването им, държави без отношения "
        "според списъка, представителства на Казахстан в чужбина по вид и град и чуждите представителства в Казахстан.",
        "kaz": "Казахстан",
        "decade": "отношения от {d}",
        "undated": "отношения, без посочено начало",
        "no-relations": "без отношения (списъкът на статията)",
        "other": "не се споменава в статията",
        "conflict": "статията дава противоречиви дати на началото",
        "abroad": "Представителства на Казахстан в чужбина:",
        "in_kaz": "Чужди представителства в Казахстан",
        "small": "Твърде малки за мащаба на картата (1:110 млн.):",
        "nocode": "Без код по ISO 3166 (самоличността е несигурна):",
        "unplaced": "Представителства извън картата (без посочен град или градът не е поставен):",
        "source": "Контури: Natural Earth (обществено достояние); градове: GeoNames (CC BY 4.0).",
    },
}
DECADE_BG = {"1990s": "90-те години", "2000s": "2000-те години", "2010s": "2010-те години"}


@dataclass(frozen=True)
class Mission:
    """A mission the map draws: its IRI, layer, the other state, its class, city and the city's point."""

    fact: str
    layer: str
    state: str
    type: str
    city: str | None
    point: tuple[float, float] | None  # (longitude, latitude)


@dataclass
class MapData:
    """The stored query's rows, by what the map does with them."""

    codes: dict[str, str | None] = field(default_factory=dict)  # state IRI -> alpha-3
    starts: dict[str, list[str]] = field(default_factory=dict)  # state -> start dates of its relations ("" undated)
    conflicts: set[str] = field(default_factory=set)  # states whose start the article gives in conflicting ways
    no_relations: set[str] = field(default_factory=set)
    missions: list[Mission] = field(default_factory=list)

    def state_class(self, state: str) -> str:
        """kaz, a decade (1990s …), undated, no-relations or other: the class the state is drawn in."""
        if state == KAZ:
            return "kaz"
        dated = sorted(s for s in self.starts.get(state, []) if s)
        if dated:
            return f"{int(dated[0][:4]) // 10 * 10}s"
        if state in self.starts:
            return "undated"
        return "no-relations" if state in self.no_relations else "other"


def map_data(store: ox.Store, query: Any) -> MapData:
    """Run the stored query as ``kzgraph query`` runs it (:func:`kzgraph.asking.queries.run_stored`:
    checked, with the project's prefixes, on the release's default dataset — the data with its
    inferences — whatever else the store holds)."""
    from ..asking.queries import run_stored

    result = run_stored(store, query)
    assert isinstance(result, ox.QuerySolutions)
    data = MapData(codes={KAZ: "KAZ"})
    relations: dict[str, dict[str, str]] = {}  # state -> relation fact -> its start ("" undated)
    for row in result:
        layer, fact, state = row["layer"].value, row["fact"].value, row["state"].value
        data.codes[state] = row["code"].value if row["code"] is not None else None
        if layer == "relation":
            relations.setdefault(state, {})[fact] = row["start"].value if row["start"] is not None else ""
            if row["note"] is not None:  # a contradiction note on the relation: the article conflicts
                data.conflicts.add(state)
        elif layer == "no-relation":
            data.no_relations.add(state)
        else:
            lat, long = row["lat"], row["long"]
            point = (float(long.value), float(lat.value)) if lat is not None and long is not None else None
            city = row["city"].value if row["city"] is not None else None
            data.missions.append(Mission(fact, layer, state, row["type"].value, city, point))
    data.starts = {state: sorted(set(facts.values())) for state, facts in relations.items()}
    for state, starts in data.starts.items():  # two different dates for one state: the article conflicts
        if len([s for s in starts if s]) > 1:
            data.conflicts.add(state)
    return data


# --- preparing once per store --------------------------------------------------------------------------------

_PREPARED: dict[int, tuple[ox.Store, MapData]] = {}


def prepare(store: ox.Store, queries: Iterable[Any]) -> MapData | None:
    """Run the map's stored query once for ``store`` (the site and the server call this as they start);
    None when the release has no such query (a bare release without its queries: no map)."""
    query = next((q for q in queries if q.name == QUERY), None)
    if query is None:
        return None
    data = map_data(store, query)
    while len(_PREPARED) >= 4:
        _PREPARED.pop(next(iter(_PREPARED)))
    _PREPARED[id(store)] = (store, data)
    return data


def prepared(store: ox.Store) -> MapData | None:
    """The map data :func:`prepare` made for ``store``."""
    found = _PREPARED.get(id(store))
    return found[1] if found is not None and found[0] is store else None


# --- the GeoJSON download ----------------------------------------------------------------------------------

GEOJSON_NAME = "kzgraph-places.geojson"
GEOJSON_MEDIA = "application/geo+json"
ATTRIBUTION = "City positions and identifiers: GeoNames (https://www.geonames.org/), CC BY 4.0. Facts: kzgraph, CC BY-SA 4.0."

CITIES = """PREFIX kzo: <https://w3id.org/kzgraph/ontology#>
PREFIX wgs84: <http://www.w3.org/2003/01/geo/wgs84_pos#>
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?city ?lat ?long ?state ?code ?geonames WHERE {
  ?city a kzo:City ; wgs84:lat ?lat ; wgs84:long ?long ; kzo:country ?state .
  OPTIONAL { ?state kzo:iso3166Alpha3 ?code }
  OPTIONAL { ?city schema:sameAs ?geonames }
} ORDER BY ?city"""
MISSIONS_IN = """PREFIX kzo: <https://w3id.org/kzgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?city ?mission ?type ?sender ?host WHERE {
  ?mission a ?type ; kzo:city ?city ; kzo:sendingState ?sender ; kzo:receivingState ?host .
  FILTER(?type != kzo:DiplomaticMission && EXISTS { ?type rdfs:subClassOf kzo:DiplomaticMission })  # each kind the ontology has
} ORDER BY ?city ?mission"""


def _select(store: ox.Store, text: str) -> list[ox.QuerySolution]:
    result = store.query(text, **dataset_options(store=store))
    assert isinstance(result, ox.QuerySolutions)
    return list(result)


def geojson(store: ox.Store) -> bytes:
    """Every placed city as a GeoJSON point (RFC 7946: longitude, latitude in WGS84), with its names,
    state, GeoNames and Wikidata links and the missions standing in it; byte-for-byte the same for the
    same data (sorted keys, the coordinates as the curated decimals)."""
    import json

    d_en, d_bg = _Data(store, "en"), _Data(store, "bg")
    missions: dict[str, list[dict[str, str]]] = {}
    for row in _select(store, MISSIONS_IN):
        missions.setdefault(row["city"].value, []).append(
            {
                "id": row["mission"].value,
                "name": d_en.label(row["mission"].value),
                "type": row["type"].value[len(KZO_NS) :],
                "sending_state": row["sender"].value,
                "receiving_state": row["host"].value,
            }
        )
    features = []
    for row in _select(store, CITIES):
        city = row["city"].value
        wikidata = d_en.one(city, "http://www.w3.org/2002/07/owl#sameAs")
        features.append(
            {
                "type": "Feature",
                "id": city,
                "geometry": {"type": "Point", "coordinates": [_number(row["long"].value), _number(row["lat"].value)]},
                "properties": {
                    "name": d_en.label(city),
                    "name_bg": d_bg.label(city),
                    "state": row["state"].value,
                    "state_code": row["code"].value if row["code"] is not None else None,
                    "geonames": row["geonames"].value if row["geonames"] is not None else None,
                    "wikidata": wikidata.value if isinstance(wikidata, ox.NamedNode) else None,
                    "missions": missions.get(city, []),
                },
            }
        )
    collection = {"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": features}
    return (json.dumps(collection, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def _number(text: str) -> float | int:
    """A coordinate for JSON: the curated decimal as written (a float's shortest form is the same digits)."""
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


# --- on the pages -------------------------------------------------------------------------------------------

PAGE_TEXT = {
    "en": {
        "state": "On the map",
        "nomap": "Not drawn on the map: {why}.",
        "small": "the state is too small for the map's scale (1:110m)",
        "nocode": "the state has no ISO 3166 code (its identity is uncertain)",
        "world": "the world map",
        "credit": "City positions: ",
    },
    "bg": {
        "state": "На картата",
        "nomap": "Не е начертана на картата: {why}.",
        "small": "държавата е твърде малка за мащаба на картата (1:110 млн.)",
        "nocode": "държавата няма код по ISO 3166 (самоличността ѝ е несигурна)",
        "world": "картата на света",
        "credit": "Местоположение на градовете: ",
    },
}


def _credit(lang: str) -> Any:
    """GeoNames credited as CC BY 4.0 asks, under each map (the outlines are public domain)."""
    from .html import el

    return el(
        "small",
        PAGE_TEXT.get(lang, PAGE_TEXT["en"])["credit"],
        el("a", "GeoNames", href="https://www.geonames.org/"),
        " (",
        el("a", "CC BY 4.0", href="https://creativecommons.org/licenses/by/4.0/"),
        "); Natural Earth",
    )


def caption_extras(ctx: Any) -> Any:
    """What the home page's map caption adds after its SVG link: the GeoJSON download and the credit."""
    from .html import el, join

    geojson = el("a", "GeoJSON", href=ctx.links.path("dump/" + GEOJSON_NAME), type=GEOJSON_MEDIA)
    return join(" · ", geojson, " · ", _credit(ctx.lang))
