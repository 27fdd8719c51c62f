"""Content negotiation: which representation and which language a request prefers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..formats import DOCUMENT_TYPES, RESULTS, with_charset
from .terms import DEFAULT_LANG, LANGS


@dataclass(frozen=True)
class MediaRange:
    """One media range of an Accept header (``text/*;q=0.5``): type, subtype, quality, other parameters."""

    type: str
    subtype: str
    q: float = 1.0
    params: tuple[tuple[str, str], ...] = ()

    def specificity(self, media: str) -> int:
        """How closely this range matches ``media`` (3 exact, 2 ``type/*``, 1 ``*/*``), or -1."""
        mtype, _, msub = media.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 1
        if self.type == mtype and self.subtype == "*":
            return 2
        if self.type == mtype and self.subtype == msub:
            return 3
        return -1


def _split_header(value: str) -> list[str]:
    """Split a header list at commas that are not inside a quoted string."""
    parts, current, quoted, escaped = [], [], False, False
    for ch in value:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\" and quoted:
            current.append(ch)
            escaped = True
        elif ch == '"':
            quoted = not quoted
            current.append(ch)
        elif ch == "," and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _qvalue(text: str) -> float | None:
    if not re.fullmatch(r"(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)", text.strip()):
        return None
    return float(text)


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an ``Accept`` header (RFC 9110 §12.5.1); malformed elements are skipped."""
    out: list[MediaRange] = []
    for element in _split_header(header or ""):
        media, *params = [p.strip() for p in element.split(";")]
        media = media.lower()
        if media == "*":
            media = "*/*"
        mtype, slash, msub = media.partition("/")
        if (
            not slash
            or not mtype
            or not msub
            or (mtype == "*" and msub != "*")
            or not re.fullmatch(r"[a-z0-9!#$&^_.+*-]+", mtype)
            or not re.fullmatch(r"[a-z0-9!#$&^_.+*-]+", msub)
        ):
            continue
        q, extra, ok = 1.0, [], True
        for param in params:
            name, eq, value = param.partition("=")
            name = name.strip().lower()
            if not name:
                continue
            if name == "q":
                parsed = _qvalue(value)
                if parsed is None:
                    ok = False
                    break
                q = parsed
            else:
                extra.append((name, value.strip().strip('"')))
        if ok:
            out.append(MediaRange(mtype, msub, q, tuple(extra)))
    return out


def quality(ranges: Sequence[MediaRange], media: str) -> float:
    """The q-value that ``ranges`` give ``media``: that of the most specific range matching it."""
    best, q = 0, 0.0
    for r in ranges:
        s = r.specificity(media)
        if s > best:
            best, q = s, r.q
        elif s == best and s > 0:
            q = max(q, r.q)
    return q


def negotiate(header: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers (the server's order breaks ties); None when none is acceptable.
    No ``Accept`` header, or one with nothing valid in it, accepts anything."""
    if not offers:
        return None
    ranges = parse_accept(header)
    if not ranges:
        return offers[0]
    best, best_q = None, 0.0
    for media in offers:
        q = quality(ranges, media)
        if q > best_q:
            best, best_q = media, q
    return best


def negotiate_language(header: str | None, available: Sequence[str] = LANGS, default: str = DEFAULT_LANG) -> str:
    """The language of ``available`` an ``Accept-Language`` header prefers (``bg-BG`` counts as ``bg``)."""
    best, best_q = default, 0.0
    scores: dict[str, tuple[int, float]] = {}
    for element in _split_header(header or ""):
        tag, *params = [p.strip() for p in element.split(";")]
        tag = tag.lower()
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                parsed = _qvalue(value)
                q = parsed if parsed is not None else 0.0
        for lang in available:
            spec = 3 if tag == lang else 2 if tag.startswith(lang + "-") else 1 if tag == "*" else 0
            if spec and (lang not in scores or spec > scores[lang][0]):
                scores[lang] = (spec, q)
    for lang in available:
        if lang in scores and scores[lang][1] > best_q:
            best, best_q = lang, scores[lang][1]
    return best


HTML_TYPES = {"text/html": "html", "application/xhtml+xml": "html"}


RESOURCE_OFFERS = {
    **HTML_TYPES,
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "application/rdf+xml": "rdf",
    "application/x-turtle": "ttl",
    "text/n3": "ttl",
    "application/json": "jsonld",
    "text/plain": "nt",
}


RESULT_MEDIA = {fmt: with_charset(media) for fmt, (media, _) in RESULTS.items()}


RESULT_OFFERS = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    **HTML_TYPES,
}


GRAPH_OFFERS = {
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "application/rdf+xml": "rdf",
    "application/x-turtle": "ttl",
    "text/n3": "ttl",
    "application/json": "jsonld",
    "text/plain": "nt",
    **HTML_TYPES,
}


FORMAT_ALIASES = {
    "json": ("json", "jsonld"),
    "xml": ("xml", "rdf"),
    "csv": ("csv", None),
    "tsv": ("tsv", None),
    "html": ("html", "html"),
    "ttl": (None, "ttl"),
    "turtle": (None, "ttl"),
    "jsonld": ("json", "jsonld"),
    "json-ld": ("json", "jsonld"),
    "nt": (None, "nt"),
    "ntriples": (None, "nt"),
    "n-triples": (None, "nt"),
    "rdf": ("xml", "rdf"),
    "rdfxml": ("xml", "rdf"),
    "rdf+xml": ("xml", "rdf"),
}


def media_type(ext: str) -> str:
    """The media type of an RDF document by extension, with ``; charset=utf-8`` for text types."""
    media = DOCUMENT_TYPES[ext][0]
    return media + "; charset=utf-8" if media.startswith("text/") else media
