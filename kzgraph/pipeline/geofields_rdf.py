"""A city's point as GeoSPARQL: the geometry node beside the W3C Basic Geo ``lat``/``long`` the fields give.

GeoSPARQL clients (QGIS, GraphDB, Jena GeoSPARQL) read ``geo:hasGeometry``/``geo:asWKT``; Basic Geo
clients read ``wgs84:lat``/``wgs84:long`` on the city itself. Both come from the same two curated
numbers, so they cannot disagree. The geometry is a hash IRI of the city (``…/id/city/almaty#geometry``),
as a membership's interval is (``#during``): part of the city's own document, never a page of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from ..curated.fieldkinds import decimal_literal
from ..curated.namespaces import GEO, SF

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"  # GeoSPARQL's default: longitude first, then latitude


def wkt_point(lat: Decimal, long: Decimal) -> str:
    """The WKT of a point in CRS84 (the default CRS, so no CRS IRI is written): ``POINT(long lat)``, each
    number in the lexical form of its ``wgs84:`` literal, so the two agree character for character."""
    return f"POINT({decimal_literal(long)} {decimal_literal(lat)})"


def point_triples(city: URIRef, lat: Decimal, long: Decimal) -> Iterator[tuple[Any, Any, Any]]:
    """The city's one geometry: an ``sf:Point`` whose WKT is its latitude and longitude."""
    geometry = URIRef(f"{city}#geometry")
    yield city, GEO.hasGeometry, geometry
    yield geometry, RDF.type, SF.Point
    yield geometry, GEO.asWKT, Literal(wkt_point(lat, long), datatype=GEO.wktLiteral)
