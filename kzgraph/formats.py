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


# --- What the SPARQL endpoint answers in -------------------------------------------------------------
# Each media type /sparql understands, and what it writes for each query form when that type is
# asked for. An exact answer is a document of the type asked for and is labelled with it (SPARQL
# JSON asked for as application/json is labelled application/json; a Turtle document is a TriG
# document, an N-Triples document an N-Quads one). A type the form cannot be written in is answered,
# as Apache Jena Fuseki does, with the nearest format the form has, under that format's own type:
# a graph asked for as SPARQL JSON is JSON-LD, as SPARQL XML (or plain XML, or TriX) RDF/XML, as CSV
# or TSV Turtle; solutions asked for as RDF/XML are SPARQL XML, as any other RDF syntax SPARQL JSON;
# a boolean asked for as CSV or TSV is SPARQL JSON (the W3C CSV/TSV results define no boolean).
# Rows are in the server's order of preference among exact answers: the standard type of each
# format first (so ``*/*`` gets SPARQL JSON or Turtle), aliases after, HTML last (so ``text/*``
# gets CSV, XML or Turtle, not a page).


@dataclass(frozen=True)
class Answer:
    """What the endpoint writes for one query form when one media type is asked for."""

    fmt: str  # the writer: a key of RESULTS, a key of RDF, or "html"
    exact: bool  # True: the type asked for, labelled so; False: the nearest format, under its own type


@dataclass(frozen=True)
class EndpointType:
    """One media type the endpoint understands, with its answer for SELECT, ASK and CONSTRUCT/DESCRIBE."""

    media: str
    solutions: Answer
    boolean: Answer
    triples: Answer


def _row(media: str, solutions: str, boolean: str, triples: str) -> EndpointType:
    """A table row; a format written ``~fmt`` is the nearest format, not the one asked for."""
    return EndpointType(media, *(Answer(f.lstrip("~"), not f.startswith("~")) for f in (solutions, boolean, triples)))


ENDPOINT_TYPES: tuple[EndpointType, ...] = (
    # media type                          SELECT   ASK      CONSTRUCT/DESCRIBE
    _row("application/sparql-results+json", "json", "json", "~jsonld"),
    _row("application/sparql-results+xml", "xml", "xml", "~rdf"),
    _row("text/csv", "csv", "~json", "~ttl"),
    _row("text/tab-separated-values", "tsv", "~json", "~ttl"),
    _row("text/turtle", "~json", "~json", "ttl"),
    _row("application/ld+json", "~json", "~json", "jsonld"),
    _row("application/n-triples", "~json", "~json", "nt"),
    _row("application/rdf+xml", "~xml", "~xml", "rdf"),
    _row("application/json", "json", "json", "jsonld"),
    _row("application/xml", "xml", "xml", "~rdf"),
    _row("text/xml", "xml", "xml", "~rdf"),
    _row("application/trig", "~json", "~json", "ttl"),
    _row("application/n-quads", "~json", "~json", "nt"),
    _row("text/n3", "~json", "~json", "ttl"),
    _row("text/rdf+n3", "~json", "~json", "ttl"),
    _row("application/n3", "~json", "~json", "ttl"),
    _row("application/x-turtle", "~json", "~json", "ttl"),
    _row("application/turtle", "~json", "~json", "ttl"),
    _row("text/plain", "~json", "~json", "nt"),
    _row("application/x-json+ld", "~json", "~json", "jsonld"),
    _row("application/trix", "~xml", "~xml", "~rdf"),
    _row("text/html", "html", "html", "html"),  # the SPARQL page with the result table (it is not XHTML)
)

# ``format=`` (also ``output=`` and ``results=``, the names Fuseki reads and SPARQLWrapper sends):
# a name for one of the types above, which then answers each query form as the table says.
FORMAT_NAMES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "html": "text/html",
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "n3": "text/n3",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "rdf": "application/rdf+xml",
    "rdfxml": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "trig": "application/trig",
    "nquads": "application/n-quads",
    "n-quads": "application/n-quads",
}


def answer_media(fmt: str) -> str:
    """The standard media type of a format the endpoint writes (the label of a nearest-format answer)."""
    if fmt in RESULTS:
        return RESULTS[fmt][0]
    return "text/html" if fmt == "html" else RDF[fmt].media
