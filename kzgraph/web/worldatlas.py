"""Country outlines for the map: Natural Earth 1:110m (public domain) from world-atlas 2.0.2, decoded and projected.

The TopoJSON is vendored unchanged (``worldatlas/README.md`` says where from). TopoJSON stores each
border once, as an *arc*: a list of quantized points, each after the first written as the difference
from the one before; a polygon ring lists arcs by index, a negative index ``~i`` meaning arc ``i``
reversed. Decoding is therefore: undo the deltas, scale and translate to degrees, and join each ring's
arcs (dropping the point two consecutive arcs share). No library is needed for that, and none for
the projection either: Natural Earth (Šavrič, Jenny, Patterson and Jenny, 2011) is two polynomials.

Natural Earth's polygons are already cut at the antimeridian (Russia's Chukotka and Fiji are polygons
of their own on either side of ±180°), so a projected ring never jumps across the map.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).with_name("worldatlas")
OUTLINES = HERE / "countries-110m.json"
CODES = HERE / "iso3166.tsv"
SOURCE = "Natural Earth 1:110m (public domain) via world-atlas 2.0.2"

Ring = list[tuple[float, float]]  # (longitude, latitude) in degrees, closed


@dataclass(frozen=True)
class Country:
    """One country of the outlines: its ISO 3166-1 numeric code, its name there, its polygons' rings."""

    numeric: str
    name: str
    polygons: tuple[tuple[Ring, ...], ...]  # each polygon: its outer ring, then its holes


def _arcs(topology: dict) -> list[Ring]:
    """Every arc in degrees: the quantized deltas summed, then scaled and translated."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def _ring(indexes: list[int], arcs: list[Ring]) -> Ring:
    """A ring from its arcs; ``~i`` (a negative index) is arc ``i`` walked backwards."""
    points: Ring = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc[1:] if points else arc)  # consecutive arcs share their joining point
    return points


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """The countries of the outlines by ISO 3166-1 numeric code (the three without one, N. Cyprus,
    Somaliland and Kosovo, are left out: no state of the data can name them)."""
    topology = json.loads(OUTLINES.read_text(encoding="utf-8"))
    arcs = _arcs(topology)
    out = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = geometry.get("id")
        if not code:
            continue
        shapes = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        polygons = tuple(tuple(_ring(ring, arcs) for ring in polygon) for polygon in shapes)
        out[code] = Country(code, geometry["properties"]["name"], polygons)
    return out


@lru_cache(maxsize=1)
def numeric_codes() -> dict[str, str]:
    """ISO 3166-1 alpha-3 -> numeric code (``iso3166.tsv``), the join between states.yaml and the outlines."""
    out = {}
    for line in CODES.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("alpha3\t") or not line.strip():
            continue
        alpha3, _alpha2, numeric = line.split("\t")
        out[alpha3] = numeric
    return out


def outline_of(alpha3: str | None) -> Country | None:
    """The outline of the state with this alpha-3 id; None when the state is too small to be drawn at
    1:110m (Andorra, Monaco, the Holy See …) or has no ISO code (an ambiguous state's slug)."""
    numeric = numeric_codes().get(alpha3 or "")
    return countries().get(numeric) if numeric else None


def natural_earth(lon: float, lat: float) -> tuple[float, float]:
    """The Natural Earth projection of a point, in units of the earth's radius (x east, y north)."""
    lam, phi = math.radians(lon), math.radians(lat)
    p2 = phi * phi
    p4 = p2 * p2
    x = lam * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)))
    y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
    return x, y
