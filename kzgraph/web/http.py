"""The HTTP plumbing of the WSGI application: requests, responses, validators."""

from __future__ import annotations

import email.utils
import hashlib
from dataclasses import dataclass, field
from typing import Any, BinaryIO

# Every response: no script, style, font or image from another host.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# The SPARQL page also allows one inline stylesheet, by its hash: the fixed CSS that YASGUI's
# column resizer adds to the page (test_browser checks the hash against the vendored file).
YASGUI_STYLE_HASH = "sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk="
EDITOR_CSP = CSP.replace("style-src 'self'", f"style-src 'self' '{YASGUI_STYLE_HASH}'")


@dataclass
class Request:
    """A request as the routes see it: the path relative to the base, the query's fields, headers by lower-case name."""

    method: str
    path: str  # relative to the base, without leading slash
    query: dict[str, list[str]]
    headers: dict[str, str]
    environ: dict[str, Any]

    def header(self, name: str) -> str | None:
        """A header's value by name, in any case; None when the request has none."""
        return self.headers.get(name.lower())

    def arg(self, name: str) -> str | None:
        """The first value of the query field ``name``; None when there is none."""
        values = self.query.get(name)
        return values[0] if values else None


@dataclass
class Response:
    """A response as a route builds it; the application adds the common headers, the ETag and 304 answers (when ``cache``)."""

    status: int
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)
    etag: str | None = None
    last_modified: float | None = None
    cache: bool = True  # may carry an ETag / be answered 304
    # a release file sent as it is instead of ``body``: (the open file, its size). The HTTP server
    # sends it from its poll loop as the client reads, so no request thread reads it into memory.
    stream: tuple[BinaryIO, int] | None = None

    def header(self, name: str, value: str) -> Response:
        """Add a header; returns the response, so that calls chain."""
        self.headers.append((name, value))
        return self


def http_date(ts: float) -> str:
    """A timestamp as an HTTP date in GMT (for ``Last-Modified``)."""
    return email.utils.formatdate(ts, usegmt=True)


def _etag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def _etag_matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    tags = [t.strip() for t in header.split(",")]
    plain = etag[2:] if etag.startswith("W/") else etag
    return any((t[2:] if t.startswith("W/") else t) == plain for t in tags)


def _text(status: int, message: str) -> Response:
    return Response(status, (message.rstrip() + "\n").encode("utf-8"), "text/plain; charset=utf-8", cache=False)


# ``infer=false`` (the name GraphDB uses for the same switch): the asserted triples only, as ``kzgraph query --asserted``
_INFER = {"true": False, "false": True}


def _asserted(fields: dict[str, list[str]]) -> bool | Response:
    """Whether the request asks for the asserted-only default dataset (``infer=false``); a 400 for any other value than true or false."""
    values = fields.get("infer", [])
    if not values:
        return False
    if len(values) > 1 or values[0].lower() not in _INFER:
        return _text(
            400, f"infer {values!r}: give infer=true (the default: with the OWL RL inferences) or infer=false (asserted only)"
        )
    return _INFER[values[0].lower()]
