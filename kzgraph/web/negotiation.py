"""Content negotiation: which representation and which language a request prefers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..core.formats import ENDPOINT_TYPES, FORMAT_NAMES, FORMS_SAID, REGISTRY, RESULTS, Registry, answer_media, with_charset
from ..pipeline.terms import DEFAULT_LANG, LANGS


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
    return _match(ranges, media)[1]


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


RESULT_MEDIA = {fmt: with_charset(media) for fmt, (media, _) in RESULTS.items()}

# The query forms, as the query worker names its answers, and how people call them.
FORMS: dict[str, str] = FORMS_SAID
# ``format=`` and the two other names clients send it under (Fuseki reads all three; SPARQLWrapper sends all three)
FORMAT_PARAMS = ("format", "output", "results")


def _match(ranges: Sequence[MediaRange], media: str) -> tuple[int, float]:
    """The specificity and q-value of the most specific range matching ``media``; (0, 0.0) when none does."""
    best, q = 0, 0.0
    for r in ranges:
        s = r.specificity(media)
        if s > best:
            best, q = s, r.q
        elif s == best and s > 0:
            q = max(q, r.q)
    return best, q


def choose_answer(ranges: Sequence[MediaRange], form: str) -> tuple[str, str] | None:
    """What the endpoint writes for a result of ``form`` (``solutions``, ``boolean``, ``triples``) to a
    client that accepts ``ranges``: (the writer, the Content-Type), or None (a 406).

    The types the form is written in come first, by q-value and then the server's order, so a range
    (``text/*``) is answered with a type inside it. Only when none is acceptable does a type of
    another form count, answered with the nearest format of this one (:data:`ENDPOINT_TYPES`) —
    unless the client refuses that format's own type with ``q=0``."""
    rows = [(row.media, getattr(row, form)) for row in ENDPOINT_TYPES]
    if not ranges:
        return _first_exact(form)
    best: tuple[str, str] | None = None
    best_q = 0.0
    for media, answer in rows:
        q = _match(ranges, media)[1] if answer.exact else 0.0
        if q > best_q:
            best, best_q = (answer.fmt, with_charset(media)), q
    if best is not None:
        return best
    for media, answer in rows:
        if answer.exact:
            continue
        own = answer_media(answer.fmt)
        specificity, own_q = _match(ranges, own)
        q = _match(ranges, media)[1]
        if q > best_q and not (specificity and own_q == 0):
            best, best_q = (answer.fmt, with_charset(own)), q
    return best


def _first_exact(form: str) -> tuple[str, str]:
    """The server's first choice for ``form`` (no ``Accept``, or one with nothing valid in it)."""
    row = next(r for r in ENDPOINT_TYPES if getattr(r, form).exact)
    return getattr(row, form).fmt, with_charset(row.media)


Answers = dict[str, tuple[str, str] | None]


def endpoint_answers(accept: str | None, fields: dict[str, list[str]]) -> Answers | str:
    """The answer for each query form (see :func:`choose_answer`) to a request with this ``Accept``
    header and these fields, or the sentence of a 400. A ``format=`` (or ``output=``, ``results=``)
    value, a name of :data:`FORMAT_NAMES` or a list of media types, overrides ``Accept``; the same
    parameter given more than once (as SPARQLWrapper does) must agree, and empty values are ignored."""
    given = [(name, v.strip()) for name in FORMAT_PARAMS for v in fields.get(name, []) if v.strip()]
    if not given:
        ranges = parse_accept(accept)
        return {form: choose_answer(ranges, form) for form in FORMS}
    chosen: Answers | None = None
    for name, value in given:
        media = FORMAT_NAMES.get(value.lower()) if "/" not in value else value
        ranges = parse_accept(media) if media else []
        answers = {form: choose_answer(ranges, form) for form in FORMS} if ranges else {}
        if not any(answers.values()):
            return f"unknown {name} {value!r}: {format_choices()}"
        if chosen is not None and answers != chosen:
            return f"the format is given more than once, differently ({', '.join(f'{n}={v}' for n, v in given)}); give one"
        chosen = answers
    assert chosen is not None
    return chosen


def format_choices() -> str:
    """The ``format=`` values the endpoint takes, for a 400."""
    return f"use one of {', '.join(sorted(FORMAT_NAMES))}, or a media type such as application/sparql-results+json"


def offered(form: str) -> list[str]:
    """The media types a query form is written in, in the server's order (for a 406)."""
    return [row.media for row in ENDPOINT_TYPES if getattr(row, form).exact]


def not_acceptable(form: str | None, accept: str | None) -> str:
    """The sentence of a 406: what the request accepted and every type the form (or each form) is written in."""
    forms = [form] if form else list(FORMS)
    lists = "; ".join(f"{FORMS[k]} results as {', '.join(offered(k))}" for k in forms)
    return f"no format this endpoint writes is acceptable (Accept: {accept}); it offers {lists} (or format={', '.join(sorted(FORMAT_NAMES))})"


def media_type(ext: str, registry: Registry = REGISTRY) -> str:
    """The media type of an RDF document by extension, with ``; charset=utf-8`` for text types."""
    return with_charset(registry.by_ext()[ext].media)
