"""Which record type of :mod:`kzgraph.curated.model` a curated record is, from its IRI path and class.

The loader, its checks (:mod:`kzgraph.curated.judgements`) and the converter all ask it; it sits beside the
model, below them all, so that none of them needs another to answer.
"""

from __future__ import annotations

from .model import (
    ENTITY_TYPES,
    FACT_PATHS,
    FACT_TYPES,
    NOTE,
    SOURCE_TYPES,
    TABLE_PATHS,
    TABLE_TYPES,
    RecordType,
)


def record_type_of(path: str, type_: str) -> RecordType:
    """The record type of a record under IRI path ``path`` of class ``type_``: how the loader and the
    converter find a record's fields."""
    if path in FACT_PATHS:
        return FACT_TYPES[type_]
    if path == "note":
        return NOTE
    by_path = {
        "state": "states",
        "organization": "organizations",
        "city": "places",
        "region": "places",
        "water-body": "places",
        "person": "people",
        "office": "offices",
        "period": "periods",
    }
    if path in by_path:
        return ENTITY_TYPES[by_path[path]]
    if path in TABLE_PATHS:
        return TABLE_TYPES["tables" if path == "table" else "table_rows"]
    return SOURCE_TYPES[
        {"article": "article", "section": "sections", "reference": "references", "literature": "literature"}[path]
    ]
