"""The file formats the project reads and writes: one table of extensions, media types and names.

The release files, the per-resource documents of the web site, the SPARQL results and the static
assets all take their media types from here, so a format is named the same way everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class RdfFormat:
    """One RDF format: its file extension, media type, name as people write it, and pyoxigraph's format."""

    ext: str
    media: str
    name: str
    oxigraph: ox.RdfFormat


RDF: dict[str, RdfFormat] = {
    f.ext: f
    for f in (
        RdfFormat("ttl", "text/turtle", "Turtle", ox.RdfFormat.TURTLE),
        RdfFormat("jsonld", "application/ld+json", "JSON-LD", ox.RdfFormat.JSON_LD),
        RdfFormat("nt", "application/n-triples", "N-Triples", ox.RdfFormat.N_TRIPLES),
        RdfFormat("rdf", "application/rdf+xml", "RDF/XML", ox.RdfFormat.RDF_XML),
        RdfFormat("trig", "application/trig", "TriG", ox.RdfFormat.TRIG),
        RdfFormat("nq", "application/n-quads", "N-Quads", ox.RdfFormat.N_QUADS),
    )
}
# The formats of one resource's document, in the server's order of preference after HTML.
DOCUMENT_FORMATS: tuple[str, ...] = ("ttl", "jsonld", "nt", "rdf")

# SPARQL 1.1 query results: format name -> (media type, pyoxigraph's serializer)
RESULTS: dict[str, tuple[str, ox.QueryResultsFormat]] = {
    "json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "csv": ("text/csv", ox.QueryResultsFormat.CSV),
    "tsv": ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
}

# Everything else the site serves, by extension.
OTHER: dict[str, str] = {
    "html": "text/html",
    "css": "text/css",
    "js": "text/javascript",
    "svg": "image/svg+xml",
    "json": "application/json",
    "csv": "text/csv",
    "rq": "application/sparql-query",
    "png": "image/png",
    "ico": "image/x-icon",
    "txt": "text/plain",
    "map": "application/json",
    "woff2": "font/woff2",
}

MEDIA_TYPES: dict[str, str] = {**{e: f.media for e, f in RDF.items()}, **OTHER}


def with_charset(media: str) -> str:
    """A text media type with ``; charset=utf-8`` (every text the project writes is UTF-8)."""
    textual = media.startswith("text/") or media in ("application/sparql-query", "image/svg+xml")
    return media + "; charset=utf-8" if textual and "charset" not in media else media


def media_type_of(name: str) -> str:
    """The media type of a file by its extension (``application/octet-stream`` when unknown)."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return with_charset(MEDIA_TYPES.get(ext, "application/octet-stream"))


# extension -> (media type, name) of the per-resource documents, in order of preference
DOCUMENT_TYPES: dict[str, tuple[str, str]] = {e: (RDF[e].media, RDF[e].name) for e in DOCUMENT_FORMATS}
