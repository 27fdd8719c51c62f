"""The file formats the project reads and writes: one table of extensions, media types and names.

The release files, the per-resource documents of the web site, the SPARQL results and the static
assets all take their media types from here, so a format is named the same way everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

# What a document declares: the project's prefixes (Turtle, for a reader), only the predicates' (RDF/XML,
# whose element names need them), a JSON-LD context (the site's compacted JSON-LD), or nothing.
PREFIX_POLICIES = ("all", "predicates", "context", "none")


@dataclass(frozen=True)
class RdfFormat:
    """One RDF format, the one place it exists: its file extension, standard media type, name as people
    write it, pyoxigraph's format, and — for a format the site serves as a thing's document — the other
    media types a client may ask for it by and the prefixes a document declares. Everything else (the
    server's offers, the Apache and nginx rules, the editor's lists, the CLI's names, the pages' links)
    is derived from this table."""

    ext: str
    media: str
    name: str
    oxigraph: ox.RdfFormat
    document: bool = False  # a thing's document (data/{key}.{ext}), offered at /id/… and /.well-known/void
    aliases: tuple[str, ...] = ()  # other media types a client asks for this document by, in the server's order
    names: tuple[str, ...] = ()  # names for ``--format`` and ``format=``, the shown one first (the extension is always one)
    w3c: str = ""  # its name among the W3C's format IRIs (http://www.w3.org/ns/formats/), for the service description
    prefixes: str = "none"  # what a document declares: "all" the project's, the "predicates"' only, a JSON-LD "context"


@dataclass(frozen=True)
class Registry:
    """The formats, in order: the document formats in the server's order of preference after HTML
    (which a tie goes to), the others after them; ``page_aliases`` are types that get the HTML page."""

    rdf: tuple[RdfFormat, ...]
    page_aliases: tuple[str, ...] = ("application/xhtml+xml",)

    def __post_init__(self) -> None:
        """Refuse a registry that says one thing twice: an extension, a standard media type or a name
        given to two formats, or a document whose prefixes the writers do not know."""
        for what, values in (
            ("extension", [f.ext for f in self.rdf]),
            ("media type", [f.media for f in self.rdf]),
            ("name", [n for f in self.rdf for n in {*f.names, f.ext}]),
        ):
            twice = sorted({v for v in values if values.count(v) > 1})
            if twice:
                raise ValueError(f"format registry: the {what} {', '.join(twice)} is given to two formats")
        for f in self.rdf:
            if f.prefixes not in PREFIX_POLICIES:
                raise ValueError(
                    f"format registry: {f.ext}: prefixes={f.prefixes!r}, expected one of {', '.join(PREFIX_POLICIES)}"
                )

    def by_ext(self) -> dict[str, RdfFormat]:
        """Each format by its extension."""
        return {f.ext: f for f in self.rdf}

    def documents(self) -> tuple[RdfFormat, ...]:
        """The formats of a thing's document, in the server's order of preference."""
        return tuple(f for f in self.rdf if f.document)

    def resource_offers(self) -> dict[str, str]:
        """What a thing (/id/…) is offered as, media type -> ``html`` or a document's extension, in the
        server's order: HTML, each document by its standard type, then their aliases, then the page's
        aliases (so ``Accept: application/*`` gets an RDF document, inside the range, not the page)."""
        docs = self.documents()
        offers = {"text/html": "html"} | {f.media: f.ext for f in docs}
        for f in docs:
            offers |= {a: f.ext for a in f.aliases if a not in offers}
        return offers | {a: "html" for a in self.page_aliases if a not in offers}

    def names(self) -> dict[str, str]:
        """``--format`` / ``format=`` name -> extension of every RDF format."""
        return {n: f.ext for f in self.rdf for n in (*f.names, f.ext)}

    def shown_names(self) -> str:
        """The documents' names as help and error messages list them: ``turtle, jsonld, nt or rdfxml``."""
        *others, last = [(f.names or (f.ext,))[0] for f in self.documents()]
        return f"{', '.join(others)} or {last}" if others else last


# fmt: off
REGISTRY = Registry((
    RdfFormat("ttl", "text/turtle", "Turtle", ox.RdfFormat.TURTLE, document=True, aliases=("application/x-turtle", "text/n3"),
              names=("turtle", "ttl"), w3c="Turtle", prefixes="all"),
    RdfFormat("jsonld", "application/ld+json", "JSON-LD", ox.RdfFormat.JSON_LD, document=True, aliases=("application/json",),
              names=("jsonld", "json-ld"), w3c="JSON-LD", prefixes="context"),
    RdfFormat("nt", "application/n-triples", "N-Triples", ox.RdfFormat.N_TRIPLES, document=True, aliases=("text/plain",),
              names=("nt", "ntriples", "n-triples"), w3c="N-Triples"),
    RdfFormat("nq", "application/n-quads", "N-Quads", ox.RdfFormat.N_QUADS, names=("nquads", "n-quads"), w3c="N-Quads"),
    RdfFormat("trig", "application/trig", "TriG", ox.RdfFormat.TRIG, w3c="TriG"),
    RdfFormat("rdf", "application/rdf+xml", "RDF/XML", ox.RdfFormat.RDF_XML, document=True, names=("rdfxml", "rdf", "rdf+xml"),
              w3c="RDF_XML", prefixes="predicates"),
))
# fmt: on
RDF: dict[str, RdfFormat] = REGISTRY.by_ext()
# The formats of one resource's document, in the server's order of preference after HTML.
DOCUMENT_FORMATS: tuple[str, ...] = tuple(f.ext for f in REGISTRY.documents())
# A thing's representations: media type -> "html" or a document's extension, in the server's order.
RESOURCE_OFFERS: dict[str, str] = REGISTRY.resource_offers()

# SPARQL 1.1 query results: format name -> (media type, pyoxigraph's serializer)
RESULTS: dict[str, tuple[str, ox.QueryResultsFormat]] = {
    "json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "csv": ("text/csv", ox.QueryResultsFormat.CSV),
    "tsv": ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
}

# The W3C's names (http://www.w3.org/ns/formats/) of the results formats; the RDF formats' are in the registry.
RESULTS_W3C: dict[str, str] = {
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
}

# Everything else the site serves, by extension.
OTHER: dict[str, str] = {
    "html": "text/html",
    "css": "text/css",
    "js": "text/javascript",
    "svg": "image/svg+xml",
    "json": "application/json",
    "geojson": "application/geo+json",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
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
FORMAT_NAMES: dict[str, str] = (
    {name: media for name, (media, _) in RESULTS.items()}
    | {"html": "text/html", "n3": "text/n3"}  # n3: Turtle, which is N3, labelled as N3 (SPARQLWrapper's N3)
    | {name: RDF[ext].media for name, ext in REGISTRY.names().items()}
)


# The query forms, as the endpoint names its answers, and how people call them.
FORMS_SAID: dict[str, str] = {"solutions": "SELECT", "boolean": "ASK", "triples": "CONSTRUCT/DESCRIBE"}


def format_answer(name: str, form: str) -> Answer | None:
    """What ``format=NAME`` (a name of :data:`FORMAT_NAMES`) answers a query of ``form`` (``solutions``,
    ``boolean`` or ``triples``) with: the row of its media type in :data:`ENDPOINT_TYPES`. The one table
    for ``/sparql`` and ``kzgraph query --format``, so that both write the same answer. None for a name
    that is not one."""
    media = FORMAT_NAMES.get(name.lower())
    row = next((r for r in ENDPOINT_TYPES if r.media == media), None)
    return getattr(row, form) if row is not None else None


def answer_media(fmt: str) -> str:
    """The standard media type of a format the endpoint writes (the label of a nearest-format answer)."""
    if fmt in RESULTS:
        return RESULTS[fmt][0]
    return "text/html" if fmt == "html" else RDF[fmt].media
