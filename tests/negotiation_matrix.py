"""One Accept matrix for every place a thing's representation is negotiated: `kzgraph serve`, the
generated Apache rules and the generated nginx rules must give the same answer to each request."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox

from kzgraph.core.formats import REGISTRY, RdfFormat, Registry

# N3 added as a document format: one registry line, on a copy. Not for real: Turtle is N3, so a client
# asking for text/n3 already gets the Turtle document, which N3 readers read; with the project's prefixes
# pyoxigraph writes the N3 document byte for byte as the Turtle one (a duplicate of each of the site's
# ~740 documents, and a fifth link on every page), and without them a 60 % larger one.
WITH_N3 = dataclasses.replace(
    REGISTRY, rdf=(*REGISTRY.rdf, RdfFormat("n3", "text/n3", "N3", ox.RdfFormat.N3, document=True, w3c="N3"))
)

FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
CHROME = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"
CURL = "*/*"
FIXED = [
    None,
    CURL,
    FIREFOX,
    CHROME,
    "text/*",
    "application/*",
    "text/turtle;q=0.9, text/html;q=0.5",
    "application/rdf+xml, text/turtle;q=0.5",
    "text/turtle, application/ld+json",
    "application/ld+json;q=0.8, */*;q=0.1",
    "application/n-triples, */*;q=0.1",
    "TEXT/TURTLE",
]


def accepts(registry: Registry) -> list[str | None]:
    """The matrix: fixed cases, then every type the registry offers (standard types and aliases),
    alone and accepted below HTML (which a wrong skip count in the Apache rules answers with RDF)."""
    offers = list(registry.resource_offers())
    return FIXED + offers + [f"text/html, {media};q=0.5" for media in offers if media != "text/html"]


def requests(registry: Registry) -> Iterator[tuple[str, dict[str, str]]]:
    """(path under the site, headers) for each case: a thing, the ontology and the VoID, in English and Bulgarian."""
    for accept in accepts(registry):
        for lang in (None, "bg"):
            headers = {k: v for k, v in (("Accept", accept), ("Accept-Language", lang)) if v is not None}
            for path in ("id/state/KAZ", "ontology", ".well-known/void"):
                yield path, headers


def wsgi_get(app: Any, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str]]:
    """A GET answered in-process by the server's WSGI application: status and headers."""
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/" + path, "QUERY_STRING": "", "wsgi.input": io.BytesIO()}
    environ |= {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}
    got: dict[str, Any] = {}

    def start_response(status: str, hdrs: list[tuple[str, str]]) -> None:
        got["status"], got["headers"] = int(status.split()[0]), {k.lower(): v for k, v in hdrs}

    body = app(environ, start_response)
    for _ in body:
        pass
    return got["status"], got["headers"]


def answer(status: int, location: str | None, content_type: str | None, registry: Registry, base: str = "/") -> str:
    """One comparable answer: ``303 page/…`` or ``303 data/….ext``, ``200 ext`` (by Content-Type), ``404``, ``406``."""
    if status == 303:
        assert location is not None
        path = location.split("://", 1)[-1]
        path = path[path.index("/") :] if "://" in location else path
        return f"303 {path[len(base) :]}"
    if status == 200:
        media = (content_type or "").split(";")[0].strip()
        exts = {f.media: f.ext for f in registry.rdf} | {"text/html": "html"}
        return f"200 {exts.get(media, media)}"
    return str(status)
