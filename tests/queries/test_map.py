"""The stored queries: the world map's data (queries/world-map.rq, drawn by kzgraph/web/worldmap.py).

Each expectation is worked out from the article; the comments quote the sentences, here and in the
modules whose lists this one reuses (relations, missions, the no-relations list). The cities'
coordinates are the curated GeoNames points (tests/test_places.py holds them to GeoNames)."""

from __future__ import annotations

from decimal import Decimal

import yaml
from test_missions import FOREIGN_MISSIONS_IN_KAZ, KAZ_MISSIONS_ABROAD
from test_no_relations import NO_RELATIONS
from test_relations import TIMELINE

from common import ROOT
from expect import answer, covers, holds

TYPES = {
    "Embassy": "kzo:Embassy",
    "Consulate general": "kzo:ConsulateGeneral",
    "Consulate": "kzo:Consulate",
    "Honorary consulate": "kzo:HonoraryConsulate",
    "Representation office": "kzo:RepresentationOffice",
}
# Contradiction notes on a relation's start: China ("Китай 1992-01-03" in the table, "започват с
# подписването на първото им споразумение през април 1994" in the prose) and the USA (relations
# "установени на 26 декември 1992", after both embassies had opened that year).
CONFLICTS = {
    "relation/KAZ-CHN": "note/asia-china-start-date-conflict",
    "relation/KAZ-CHN-1994-04": "note/asia-china-start-date-conflict",
    "relation/KAZ-USA": "note/usa-relations-date-implausible",
}
# Diplomatic relations the article gives no start for: Russia ("Дипломатическите отношения между
# Русия и Казахстан се е колебливи след падането на Съветския съюз"), the Holy See and Palestine
# ("Казахстан има установени дипломатически връзки със 130 суверенни държави (включително Ватикана и
# Палестина).").
UNDATED = ["relation/KAZ-RUS", "relation/KAZ-VAT", "relation/KAZ-PSE"]


def _places() -> dict[str, tuple[str, Decimal, Decimal]]:
    """English city label -> (city key, lat, long), as curated."""
    doc = yaml.safe_load((ROOT / "data" / "entities" / "places.yaml").read_text(encoding="utf-8"))
    return {
        p["labels"]["en"]: (f"city/{p['id']}", Decimal(str(p["lat"])), Decimal(str(p["long"])))
        for p in doc["places"]
        if "lat" in p
    }


def expected_rows() -> list[tuple]:
    places = _places()
    rows = []
    for start, _precision, _partner, kind, fact in TIMELINE:
        code = fact.split("-")[1]
        if kind == "Diplomatic relation" and len(code) == 3 and code.isupper():
            rows.append(("relation", fact, f"state/{code}", code, start, CONFLICTS.get(fact), None, None, None, None))
    for fact in UNDATED:
        code = fact.split("-")[1]
        rows.append(("relation", fact, f"state/{code}", code, None, None, None, None, None, None))
    for _name, code in dict.fromkeys(NO_RELATIONS):  # Grenada is listed twice: one fact
        rows.append(("no-relation", f"no-relation/KAZ-{code}", f"state/{code}", code if code.isupper() else None))
        rows[-1] += (None,) * 6
    for layer, missions in (("mission-abroad", KAZ_MISSIONS_ABROAD), ("mission-in-kazakhstan", FOREIGN_MISSIONS_IN_KAZ)):
        for m in missions:
            fact, type_, city = m[-1], m[1], m[2]
            code = fact.split("/")[1].split("-")[0] if layer == "mission-in-kazakhstan" else _host(fact)
            key, lat, long = places[city] if city else (None, None, None)
            rows.append((layer, fact, f"state/{code}", code, None, None, TYPES[type_], key, lat, long))
    return sorted(rows, key=lambda r: (r[0], r[3] is not None, r[3] or "", r[2], r[1], r[5] or ""))


def _host(fact: str) -> str:
    """The receiving state of Kazakhstan's mission, from its id (KAZ-embassy-AZE-baku, KAZ-consulate-general-RUS-omsk)."""
    return next(part for part in fact.split("/")[1].split("-")[1:] if len(part) == 3 and part.isupper())


@covers("world-map")
def test_world_map(store):
    rows = answer(store, "world-map")
    holds(rows, expected_rows())  # the whole answer, exactly: queries/world-map.expected.csv
    # What the map marks: the two conflicting states (at least), the decade classes from the starts.
    assert {r[2] for r in rows if r[5]} >= {"state/CHN", "state/USA"}
    assert ("relation", "relation/KAZ-ARM", "state/ARM", "ARM", "2006", None, None, None, None, None) in rows
