"""``kzgraph serve``: the knowledge graph as linked data over HTTP, from the embedded Oxigraph store.

Cool URIs: 303 See Other
    A thing's IRI (``/id/state/KAZ``, ``/ontology``, ``/ontology#Embassy``, ``/dataset``) names the
    thing, not a document, so a request for it is answered with **303 See Other** to a document
    about it, picked by the ``Accept`` header (q-values honoured, ``Vary: Accept``)::

        /id/{key}  --303-->  /page/{key}            HTML (browsers; ?lang=en|bg or Accept-Language)
                             /data/{key}.ttl         Turtle
                             /data/{key}.jsonld      JSON-LD
                             /data/{key}.nt          N-Triples
                             /data/{key}.rdf         RDF/XML
        /ontology(#Term) --303--> /page/ontology(#Term) or /data/ontology.{ext}
        /dataset         --303--> /page/dataset (VoID)  or /data/dataset.{ext}
        /graph/{name}    --303--> /dump/{file holding that named graph}

    The documents themselves are not negotiated: each address has one format, so they cache well
    and a static copy (``kzgraph publish``) serves exactly the same addresses with the same
    redirects (its ``.htaccess`` and nginx snippet). An unknown IRI is a 404 page with suggestions;
    an ``Accept`` that allows none of the formats is a 406 that lists them.

Base mapping: paths only
    ``--base URL`` is the public address that stands for ``https://w3id.org/kzgraph/`` (default
    ``http://HOST:PORT/``). Request paths under it are mapped to the canonical IRIs
    (``{base}id/state/KAZ`` is ``https://w3id.org/kzgraph/id/state/KAZ``), and the HTML pages link
    to the served addresses; the RDF itself — documents, dumps, SPARQL results — always keeps the
    canonical IRIs, so what a client reads here is the same data as the release and merges with
    it, and SPARQL queries use the IRIs of the documentation unchanged.

Other addresses: ``/`` home page, ``/sparql`` (SPARQL 1.1 Protocol, read-only; an HTML form for
browsers), ``/queries`` (the stored queries), ``/.well-known/void``, ``/dump/{file}`` (the release
files with ETag and Last-Modified), ``/browse/{Class}``, ``/search?q=``, ``/static/…``,
``/pictures/{timeline,missions}.svg``.

SPARQL queries run in worker processes with a deadline: a query that runs past ``--timeout`` has
its worker killed (and replaced) and is answered 503; results are cut at ``--max-rows`` and the
response says so (``Kzgraph-Truncated`` header, and a ``link`` in JSON/XML results). The server
never fetches another address, behind three walls: each query is read by a real SPARQL parser and
refused when its syntax tree holds SERVICE or it is an update, or when the parser cannot read it
(:mod:`kzgraph.sparql`); the workers run in an empty network namespace and cannot create sockets
(:mod:`kzgraph.sandbox`). ``kzgraph serve`` says at start which walls stand.

Every response carries a strict Content-Security-Policy (``default-src 'self'``: no script, style,
font or image from elsewhere; the pages use no script at all) and ``Access-Control-Allow-Origin: *``.
"""

from __future__ import annotations

import argparse
import csv
import email.utils
import hashlib
import io
import itertools
import json
import os
import queue
import re
import sys
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence
from urllib.parse import parse_qs, quote
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from . import pages
from .sandbox import WALLS as NETWORK_WALLS
from .sparql import Limits as QueryLimits
from .pages import DEFAULT_LANG, GRAPH_DUMPS, LANGS, RDF_FORMATS, Ctx, Html, Links, View, el, plain_term

STATIC_DIR = Path(__file__).with_name("static")
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
MAX_BODY = 1 << 20  # bytes of a POST body
# The walls between a query and the network: the parsed-query check, then the workers' own
# (a network namespace and a socket filter, see kzgraph.sandbox). Tests take them down one at a time.
WALLS = ("parse", *NETWORK_WALLS)


# --- content negotiation --------------------------------------------------------------------------

@dataclass(frozen=True)
class MediaRange:
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
        if not slash or not mtype or not msub or (mtype == "*" and msub != "*") \
                or not re.fullmatch(r"[a-z0-9!#$&^_.+*-]+", mtype) or not re.fullmatch(r"[a-z0-9!#$&^_.+*-]+", msub):
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
RESOURCE_OFFERS = {**HTML_TYPES, "text/turtle": "ttl", "application/ld+json": "jsonld", "application/n-triples": "nt",
                   "application/rdf+xml": "rdf", "application/x-turtle": "ttl", "text/n3": "ttl",
                   "application/json": "jsonld", "text/plain": "nt"}
RESULT_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8"}
RESULT_OFFERS = {"application/sparql-results+json": "json", "application/json": "json",
                 "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
                 "text/csv": "csv", "text/tab-separated-values": "tsv", **HTML_TYPES}
GRAPH_OFFERS = {"text/turtle": "ttl", "application/ld+json": "jsonld", "application/n-triples": "nt",
                "application/rdf+xml": "rdf", "application/x-turtle": "ttl", "text/n3": "ttl",
                "application/json": "jsonld", "text/plain": "nt", **HTML_TYPES}
FORMAT_ALIASES = {"json": ("json", "jsonld"), "xml": ("xml", "rdf"), "csv": ("csv", None), "tsv": ("tsv", None),
                  "html": ("html", "html"), "ttl": (None, "ttl"), "turtle": (None, "ttl"), "jsonld": ("json", "jsonld"),
                  "json-ld": ("json", "jsonld"), "nt": (None, "nt"), "ntriples": (None, "nt"), "n-triples": (None, "nt"),
                  "rdf": ("xml", "rdf"), "rdfxml": ("xml", "rdf"), "rdf+xml": ("xml", "rdf")}


def media_type(ext: str) -> str:
    media = RDF_FORMATS[ext][0]
    return media + "; charset=utf-8" if media.startswith("text/") else media


# --- writing results ----------------------------------------------------------------------------------

def _json_term(term: tuple) -> dict[str, Any]:
    kind = term[0]
    if kind == "uri":
        return {"type": "uri", "value": term[1]}
    if kind == "bnode":
        return {"type": "bnode", "value": term[1]}
    if kind == "triple":
        return {"type": "triple", "value": {"subject": _json_term(term[1]), "predicate": _json_term(term[2]),
                                            "object": _json_term(term[3])}}
    out: dict[str, Any] = {"type": "literal", "value": term[1]}
    if term[2]:
        out["xml:lang"] = term[2]
    elif term[3] != pages.XSD + "string":
        out["datatype"] = term[3]
    return out


def _xml_term(term: tuple) -> str:
    kind = term[0]
    if kind == "uri":
        return f"<uri>{xml_escape(term[1])}</uri>"
    if kind == "bnode":
        return f"<bnode>{xml_escape(term[1])}</bnode>"
    if kind == "triple":
        return (f"<triple><subject>{_xml_term(term[1])}</subject><predicate>{_xml_term(term[2])}</predicate>"
                f"<object>{_xml_term(term[3])}</object></triple>")
    attr = f" xml:lang={quoteattr(term[2])}" if term[2] else (f" datatype={quoteattr(term[3])}" if term[3] != pages.XSD + "string" else "")
    return f"<literal{attr}>{xml_escape(term[1])}</literal>"


def _nt_term(term: tuple) -> str:
    kind = term[0]
    if kind == "unbound":
        return ""
    if kind == "uri":
        return f"<{term[1]}>"
    if kind == "bnode":
        return f"_:{term[1]}"
    if kind == "triple":
        return f"<< {_nt_term(term[1])} {_nt_term(term[2])} {_nt_term(term[3])} >>"
    value = term[1].replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    if term[2]:
        return f'"{value}"@{term[2]}'
    if term[3] != pages.XSD + "string":
        return f'"{value}"^^<{term[3]}>'
    return f'"{value}"'


def _csv_term(term: tuple) -> str:
    kind = term[0]
    if kind == "unbound":
        return ""
    if kind == "bnode":
        return f"_:{term[1]}"
    if kind == "triple":
        return _nt_term(term)
    return term[1]


def write_solutions(variables: Sequence[str], rows: Sequence[Sequence[tuple]], fmt: str, link: str | None = None) -> bytes:
    """SELECT results in the SPARQL 1.1 JSON, XML, CSV or TSV results format; ``link`` (a URL
    saying why the result was cut) goes into the JSON and XML heads."""
    if fmt == "json":
        head: dict[str, Any] = {"vars": list(variables)}
        if link:
            head["link"] = [link]
        bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t[0] != "unbound"} for row in rows]
        return json.dumps({"head": head, "results": {"bindings": bindings}}, ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        if link:
            out.append(f"<link href={quoteattr(link)}/>")
        out.append("</head>\n<results>")
        for row in rows:
            out.append("<result>" + "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                                            for v, t in zip(variables, row) if t[0] != "unbound") + "</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode("utf-8")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([_csv_term(t) for t in row])
        return buffer.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join(_nt_term(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown results format {fmt!r}")


def plain_triple(tr: ox.Triple) -> tuple:
    return (plain_term(tr.subject), plain_term(tr.predicate), plain_term(tr.object))


# --- query workers ----------------------------------------------------------------------------------

def open_store(source: tuple) -> ox.Store:
    kind = source[0]
    if kind == "store":
        return ox.Store.read_only(str(source[1]))
    from .store import load_release

    store = ox.Store()
    load_release(store, Path(source[1]), with_inferred=source[2] if len(source) > 2 else True)
    return store


def _worker_main(fd: int, source: tuple, walls: tuple[str, ...]) -> None:  # pragma: no cover - runs in a child process
    """A query worker: ``python -c 'from kzgraph.server import _worker_main; …'`` with one end of a
    socket pair. It raises its network walls before it opens anything, reports which stand, then
    answers jobs until the parent closes the socket or sends None."""
    from multiprocessing.connection import Connection

    from .sandbox import raise_walls

    conn = Connection(fd)
    status = {"parse": "on" if "parse" in walls else "off"}
    status.update(raise_walls(tuple(w for w in walls if w != "parse")))
    try:
        store = open_store(source)
    except Exception as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", status))
    check = "parse" in walls
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            answer = execute(store, job, check=check)
        except Exception as exc:
            answer = ("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(answer)
        except (OSError, ValueError):
            return


def execute(store: ox.Store, job: dict[str, Any], check: bool = True) -> tuple:
    """Run one query job and return its answer as a picklable tuple:
    ``("ok", kind, media type, body, truncated_at)``, ``("rows", kind, variables, rows, truncated_at)``,
    ``("refused", http status, message)``, ``("syntax", message)``, ``("unacceptable", kind)`` or
    ``("error", message)``.

    With ``check`` (always, on the public endpoint) the query is first read by a SPARQL parser and
    refused unless it is a plain query of bounded size and nesting with no SERVICE anywhere
    (:func:`kzgraph.sparql.inspect`)."""
    if check:
        from .sparql import QueryRefused, inspect

        try:
            inspect(job["query"])
        except QueryRefused as exc:
            return ("refused", exc.status, str(exc))
    max_rows = int(job.get("max_rows", 10000))
    kwargs: dict[str, Any] = {}
    if job.get("default_graphs"):
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job["default_graphs"]]
    else:
        kwargs["use_default_graph_as_union"] = True
    if job.get("named_graphs"):
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job["named_graphs"]]
    try:
        result = store.query(job["query"], **kwargs)
    except SyntaxError as exc:
        return ("syntax", str(exc))
    except Exception as exc:  # evaluation errors
        return ("error", f"{type(exc).__name__}: {exc}")
    rows_mode = job.get("mode") == "rows"
    try:
        if isinstance(result, ox.QueryBoolean):
            if rows_mode:
                return ("rows", "boolean", [], bool(result), None)
            fmt = job.get("result_format")
            if fmt not in RESULT_MEDIA:
                return ("unacceptable", "boolean")
            return ("ok", "boolean", RESULT_MEDIA[fmt], result.serialize(format=_OX_RESULTS[fmt]), None)
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            solutions = list(itertools.islice(result, max_rows + 1))
            truncated = max_rows if len(solutions) > max_rows else None
            rows = [[plain_term(s[v]) for v in variables] for s in solutions[:max_rows]]
            if rows_mode:
                return ("rows", "solutions", variables, rows, truncated)
            fmt = job.get("result_format")
            if fmt not in RESULT_MEDIA:
                return ("unacceptable", "solutions")
            return ("ok", "solutions", RESULT_MEDIA[fmt],
                    write_solutions(variables, rows, fmt, job.get("limit_link") if truncated else None), truncated)
        triples = list(itertools.islice(result, max_rows + 1))
        truncated = max_rows if len(triples) > max_rows else None
        triples = triples[:max_rows]
        if rows_mode:
            return ("rows", "triples", ["subject", "predicate", "object"], [list(plain_triple(t)) for t in triples], truncated)
        fmt = job.get("graph_format")
        if fmt not in RDF_FORMATS:
            return ("unacceptable", "triples")
        return ("ok", "triples", media_type(fmt), pages.serialize(triples, fmt), truncated)
    except Exception as exc:
        return ("error", f"{type(exc).__name__}: {exc}")


_OX_RESULTS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
               "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}


@dataclass(eq=False)
class _Worker:
    process: Any
    conn: Any


class QueryPool:
    """Worker processes, each with its own copy of the store, that run SPARQL queries under a
    deadline. A worker that overruns it is killed and replaced; so a runaway query costs one
    worker's restart, never the server. The workers are plain ``python`` child processes talking
    over a socket pair (not ``multiprocessing``, which would re-import the caller's main module)."""

    def __init__(self, source: tuple, workers: int = 2, timeout: float = 10.0, walls: tuple[str, ...] = WALLS):
        self.source, self.timeout, self.walls = source, timeout, tuple(walls)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._live: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.wall_status: dict[str, str] = {}
        started = [self._spawn() for _ in range(max(1, workers))]
        for w in started:
            self._await_ready(w)

    def _spawn(self) -> _Worker:
        import socket
        import subprocess
        from multiprocessing.connection import Connection

        ours, theirs = socket.socketpair()
        code = ("import json, sys; from kzgraph.server import _worker_main; "
                "_worker_main(int(sys.argv[1]), tuple(json.loads(sys.argv[2])), tuple(json.loads(sys.argv[3])))")
        env = dict(os.environ)
        package_root = str(Path(__file__).resolve().parents[1])
        env["PYTHONPATH"] = package_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        process = subprocess.Popen([sys.executable, "-c", code, str(theirs.fileno()), json.dumps(list(self.source)),
                                    json.dumps(list(self.walls))], pass_fds=(theirs.fileno(),), env=env,
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, close_fds=True)
        theirs.close()
        w = _Worker(process, Connection(ours.detach()))
        with self._lock:
            self._live.add(w)
        return w

    def _await_ready(self, w: _Worker) -> None:
        if not w.conn.poll(120):
            self._discard(w)
            raise RuntimeError("a query worker did not start within 120 s")
        status, detail = w.conn.recv()
        if status != "ready":
            self._discard(w)
            raise RuntimeError(f"a query worker could not open the store: {detail}")
        self.wall_status = dict(detail)
        if self._closed:
            self._discard(w)
        else:
            self._idle.put(w)

    def _discard(self, w: _Worker) -> None:
        with self._lock:
            self._live.discard(w)
        try:
            w.process.kill()
            w.process.wait(2)
        except Exception:
            pass
        try:
            w.conn.close()
        except Exception:
            pass

    def _replace(self, w: _Worker) -> None:
        self._discard(w)
        if self._closed:
            return

        def start() -> None:
            try:
                self._await_ready(self._spawn())
            except Exception as exc:  # pragma: no cover
                print(f"kzgraph serve: could not restart a query worker: {exc}", file=sys.stderr)

        threading.Thread(target=start, daemon=True, name="kzgraph-respawn").start()

    def run(self, job: dict[str, Any]) -> tuple:
        """Run ``job`` on a free worker; ``("busy",)`` when none frees up within the time limit,
        ``("timeout", seconds)`` when the query overran it."""
        try:
            w = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return ("busy",)
        try:
            w.conn.send(job)
            if w.conn.poll(self.timeout):
                answer = w.conn.recv()
                self._idle.put(w)
                return answer
        except (EOFError, OSError):
            self._replace(w)
            return ("error", "the query worker stopped unexpectedly")
        self._replace(w)
        return ("timeout", self.timeout)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            live = list(self._live)
        for w in live:
            try:
                w.conn.send(None)
            except Exception:
                pass
        for w in live:
            try:
                w.process.wait(1)
            except Exception:
                pass
            self._discard(w)


# --- HTTP plumbing --------------------------------------------------------------------------------------

@dataclass
class Request:
    method: str
    path: str  # relative to the base, without leading slash
    query: dict[str, list[str]]
    headers: dict[str, str]
    environ: dict[str, Any]

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def arg(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)
    etag: str | None = None
    last_modified: float | None = None
    cache: bool = True  # may carry an ETag / be answered 304

    def header(self, name: str, value: str) -> "Response":
        self.headers.append((name, value))
        return self


def http_date(ts: float) -> str:
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


# --- the application ---------------------------------------------------------------------------------------

@dataclass
class Limits:
    timeout: float = 10.0
    max_rows: int = 10000
    workers: int = 2


class App:
    """The WSGI application."""

    def __init__(self, dist: Path, *, base_url: str | None = None, store_dir: Path | None = None,
                 queries_dir: Path | None = None, limits: Limits | None = None, cache: bool = True,
                 walls: tuple[str, ...] = WALLS, with_inferred: bool = True):
        self.dist = Path(dist)
        self.limits = limits or Limits()
        self.base_explicit = base_url is not None
        self.links = Links(base_url or "http://127.0.0.1:8080/")
        source: tuple = ("store", str(store_dir)) if store_dir else ("nq", str(self.dist / "kzgraph.nq"), with_inferred)
        self.store = open_store(source)
        self.view = View(self.store)
        self.query_limits = QueryLimits()
        self.pool = QueryPool(source, self.limits.workers, self.limits.timeout, walls)
        from .queries import load_queries

        self.queries = load_queries(queries_dir) if queries_dir and Path(queries_dir).is_dir() else []
        void_ttl = (self.dist / "void.ttl").read_bytes() if (self.dist / "void.ttl").exists() else b""
        self.void_ttl = void_ttl
        self.void = pages.read_void(void_ttl) if void_ttl else pages.VoidSummary()
        self.files = self._scan_dist()
        self.static = {p.name: p.read_bytes() for p in STATIC_DIR.iterdir() if p.is_file()} if STATIC_DIR.is_dir() else {}
        self.use_cache = cache
        self._cache: OrderedDict[tuple, Response] = OrderedDict()
        self._cache_lock = threading.Lock()
        from . import pictures

        self.pictures: dict[str, dict[str, str]] = {}
        for lang in LANGS:
            link = (lambda iri, lang=lang: self.links.href(iri, lang))
            self.pictures[lang] = {"timeline": pictures.timeline_svg(self.store, lang, link),
                                   "missions": pictures.missions_svg(self.store, lang, link)}

    def close(self) -> None:
        self.pool.close()

    def _scan_dist(self) -> dict[str, tuple[str, str, float, int]]:
        """name -> (media type, ETag, mtime, size) of every release file."""
        types = {".ttl": "text/turtle; charset=utf-8", ".nt": "application/n-triples", ".jsonld": "application/ld+json",
                 ".trig": "application/trig", ".nq": "application/n-quads", ".rdf": "application/rdf+xml",
                 ".svg": "image/svg+xml", ".json": "application/json", ".csv": "text/csv; charset=utf-8"}
        out = {}
        for p in sorted(self.dist.iterdir()) if self.dist.is_dir() else []:
            if p.is_file() and p.suffix in types and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", p.name):
                st = p.stat()
                digest = hashlib.sha256(p.read_bytes()).hexdigest()[:40]
                out[p.name] = (types[p.suffix], f'"sha256-{digest}"', st.st_mtime, st.st_size)
        return out

    # WSGI entry point
    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        req = self._request(environ)
        try:
            resp = self.handle(req)
        except Exception as exc:  # a bug must not take the server down nor leak a traceback
            print(f"kzgraph serve: error on {req.method} /{req.path}: {type(exc).__name__}: {exc}", file=sys.stderr)
            resp = _text(500, "internal error")
        return self._finish(req, resp, start_response)

    def _request(self, environ: dict[str, Any]) -> Request:
        raw = environ.get("PATH_INFO", "") or "/"
        try:  # PEP 3333: PATH_INFO is latin-1 decoded bytes
            raw = raw.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
        base = self.links.base_path
        path = raw[len(base):] if raw.startswith(base) else raw.lstrip("/")
        headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        return Request(environ.get("REQUEST_METHOD", "GET").upper(), path, query, headers, environ)

    def _finish(self, req: Request, resp: Response, start_response: Callable[..., Any]) -> Iterable[bytes]:
        headers = list(resp.headers)
        if resp.content_type:
            headers.append(("Content-Type", resp.content_type))
        headers += [("Content-Security-Policy", CSP), ("X-Content-Type-Options", "nosniff"),
                    ("Referrer-Policy", "no-referrer"), ("Access-Control-Allow-Origin", "*"),
                    ("Access-Control-Expose-Headers", "ETag, Link, Location, Vary, Kzgraph-Truncated, Kzgraph-Result-Limit")]
        status, body = resp.status, resp.body
        if req.method in ("GET", "HEAD") and status == 200 and resp.cache:
            etag = resp.etag or _etag(body)
            headers.append(("ETag", etag))
            if resp.last_modified is not None:
                headers.append(("Last-Modified", http_date(resp.last_modified)))
            if not any(k.lower() == "cache-control" for k, _ in headers):
                headers.append(("Cache-Control", "public, max-age=300"))
            inm, ims = req.header("if-none-match"), req.header("if-modified-since")
            if inm is not None:
                not_modified = _etag_matches(inm, etag)
            elif ims and resp.last_modified is not None:
                try:
                    since = email.utils.parsedate_to_datetime(ims).timestamp()
                    not_modified = int(resp.last_modified) <= since
                except (TypeError, ValueError, IndexError, OverflowError):
                    not_modified = False
            else:
                not_modified = False
            if not_modified:
                status, body = 304, b""
                headers = [(k, v) for k, v in headers if k.lower() not in ("content-type",)]
        if status in (204, 304):
            body = b""
        else:
            headers.append(("Content-Length", str(len(body))))
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        return [b"" if req.method == "HEAD" else body]

    # routing
    def handle(self, req: Request) -> Response:
        if req.method == "OPTIONS":
            return Response(204, content_type=None, cache=False, headers=[
                ("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS"),
                ("Access-Control-Allow-Headers", "Accept, Accept-Language, Content-Type, If-None-Match, If-Modified-Since"),
                ("Access-Control-Max-Age", "86400"), ("Allow", "GET, HEAD, POST, OPTIONS")])
        path = req.path
        if req.method == "POST":
            if path == "sparql":
                return self.sparql(req)
            return _text(405, "only /sparql accepts POST").header("Allow", "GET, HEAD, OPTIONS")
        if req.method not in ("GET", "HEAD"):
            return _text(405, f"{req.method} is not supported").header("Allow", "GET, HEAD, POST, OPTIONS")
        if path == "":
            return self.cached(("home", self.lang(req)), lambda lang: pages.home_page(
                self.ctx(lang), self.void, self.pictures[lang]), req, vary_lang=True)
        if path.startswith("id/"):
            key = path[3:]
            return self.redirect(req, key) if key and self.view.exists(key) else self.not_found(req, key or None)
        if path in ("ontology", "dataset") or (path.startswith("ontology/") and self._is_version(path)):
            return self.redirect(req, "ontology" if path.startswith("ontology") else "dataset")
        if path.startswith("graph/") and path[6:] in GRAPH_DUMPS:
            return self.see_other(req, "dump/" + GRAPH_DUMPS[path[6:]], vary=False)
        if path.startswith("page/"):
            return self.page(req, path[5:])
        if path.startswith("data/"):
            return self.data(req, path[5:])
        if path == ".well-known/void":
            return self.well_known_void(req)
        if path in ("dump", "dump/"):
            return self.cached(("dumps", self.lang(req)), lambda lang: pages.dumps_page(
                self.ctx(lang), [(n, m, s) for n, (m, _, _, s) in self.files.items()]), req, vary_lang=True)
        if path.startswith("dump/"):
            return self.dump(req, path[5:])
        if path == "sparql":
            return self.sparql(req)
        if path == "queries":
            return self.cached(("queries", self.lang(req)), lambda lang: pages.queries_page(self.ctx(lang), self.queries),
                               req, vary_lang=True)
        if path.startswith("queries/"):
            return self.stored_query(req, path[8:])
        if path == "browse":
            return self.cached(("browse", self.lang(req)), lambda lang: pages.browse_index(self.ctx(lang)), req, vary_lang=True)
        if path.startswith("browse/"):
            local = path[7:]
            if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", local):
                resp = self.cached(("browse", local, self.lang(req)), lambda lang: pages.browse_page(self.ctx(lang), local),
                                   req, vary_lang=True)
                if resp.status == 200:
                    return resp
            return self.not_found(req, None)
        if path == "search":
            lang = self.lang(req)
            return self._with_lang(Response(200, pages.search_page(self.ctx(lang), req.arg("q") or ""), cache=False), lang)
        if path.startswith("static/") and path[7:] in self.static:
            name = path[7:]
            ctype = {"css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
                     "svg": "image/svg+xml", "png": "image/png", "ico": "image/x-icon"}.get(name.rsplit(".", 1)[-1],
                                                                                         "application/octet-stream")
            return Response(200, self.static[name], ctype)
        picture = re.fullmatch(r"pictures/(timeline|missions)(?:\.(bg))?\.svg", path)
        if picture:
            return Response(200, self.pictures[picture.group(2) or DEFAULT_LANG][picture.group(1)].encode("utf-8"), "image/svg+xml")
        if path == "favicon.ico":
            return Response(204, content_type=None, cache=False)
        return self.not_found(req, None)

    def _is_version(self, path: str) -> bool:
        version = pages.ONTOLOGY + "/" + path.split("/", 1)[1]
        return any(True for _ in self.store.quads_for_pattern(None, ox.NamedNode(pages.OWL + "versionIRI"), ox.NamedNode(version)))

    def ctx(self, lang: str) -> Ctx:
        return Ctx(self.view, self.links, lang)

    def lang(self, req: Request) -> str:
        explicit = req.arg("lang")
        if explicit in LANGS:
            return explicit
        return negotiate_language(req.header("accept-language"))

    def _with_lang(self, resp: Response, lang: str) -> Response:
        resp.headers += [("Content-Language", lang), ("Vary", "Accept-Language")]
        return resp

    def cached(self, key: tuple, render: Callable[[str], bytes | None], req: Request, vary_lang: bool = False) -> Response:
        lang = key[-1]
        if self.use_cache:
            with self._cache_lock:
                hit = self._cache.get(key)
                if hit is not None:
                    self._cache.move_to_end(key)
        else:
            hit = None
        if hit is None:
            body = render(lang)
            if body is None:
                return self.not_found(req, None)
            hit = Response(200, body, etag=_etag(body))
            if self.use_cache:
                with self._cache_lock:
                    self._cache[key] = hit
                    while len(self._cache) > 4096:
                        self._cache.popitem(last=False)
        resp = Response(hit.status, hit.body, hit.content_type, list(hit.headers), hit.etag)
        return self._with_lang(resp, lang) if vary_lang else resp

    # linked data
    def absolute(self, req: Request, rel: str) -> str:
        if self.base_explicit:
            return self.links.absolute(rel)
        env = req.environ
        host = env.get("HTTP_HOST") or f"{env.get('SERVER_NAME', 'localhost')}:{env.get('SERVER_PORT', '80')}"
        return f"{env.get('wsgi.url_scheme', 'http')}://{host}{self.links.base_path}{rel}"

    def see_other(self, req: Request, rel: str, vary: bool = True) -> Response:
        target = self.absolute(req, rel)
        body = el("p", "See ", el("a", target, href=target)).encode("utf-8")
        resp = Response(303, body, cache=False, headers=[("Location", target)])
        if vary:
            resp.headers.append(("Vary", "Accept, Accept-Language"))
        return resp

    def redirect(self, req: Request, key: str) -> Response:
        """303 from a thing to the document the client prefers."""
        chosen = negotiate(req.header("accept"), list(RESOURCE_OFFERS))
        if chosen is None:
            return self.not_acceptable(req, key)
        ext = RESOURCE_OFFERS[chosen]
        if ext == "html":
            explicit = req.arg("lang")
            lang = explicit if explicit in LANGS else negotiate_language(req.header("accept-language"))
            rel = "page/" + quote(key, safe="/-_.~") + (f"?lang={lang}" if lang != DEFAULT_LANG or explicit else "")
        else:
            rel = f"data/{quote(key, safe='/-_.~')}.{ext}"
        resp = self.see_other(req, rel)
        resp.headers.append(("Link", f'<{self.absolute(req, "data/" + quote(key, safe="/-_.~") + ".ttl")}>; rel="alternate"; type="text/turtle"'))
        return resp

    def not_acceptable(self, req: Request, key: str) -> Response:
        offers = [("text/html", self.links.page(key))] + [(media, self.links.data(key, ext)) for ext, (media, _) in RDF_FORMATS.items()]
        lang = self.lang(req)
        body = pages.page(self.ctx(lang), "406 Not Acceptable", [
            el("h1", "406 Not Acceptable"),
            el("p", "None of the representations of this resource matches the Accept header ", el("code", req.header("accept") or ""), "."),
            el("ul", [el("li", el("a", media, href=href)) for media, href in offers])])
        return Response(406, body, cache=False, headers=[("Vary", "Accept")])

    def not_found(self, req: Request, key: str | None) -> Response:
        lang = self.lang(req)
        body = pages.not_found_page(self.ctx(lang), "/" + req.path, key)
        return Response(404, body, cache=False)

    def page(self, req: Request, key: str) -> Response:
        if key == "ontology":
            return self.cached(("ontology", self.lang(req)), lambda lang: pages.ontology_page(self.ctx(lang)), req, vary_lang=True)
        if key == "dataset":
            return self.cached(("void", self.lang(req)), lambda lang: pages.void_page(self.ctx(lang), self.void), req, vary_lang=True)
        if not self.view.exists(key) or key in ("ontology", "dataset"):
            return self.not_found(req, key)
        resp = self.cached(("page", key, self.lang(req)), lambda lang: pages.resource_page(self.ctx(lang), key), req, vary_lang=True)
        resp.headers.append(("Link", f'<{self.links.thing(pages.thing_iri(key))}>; rel="describes"'))
        return resp

    def data(self, req: Request, name: str) -> Response:
        key, dot, ext = name.rpartition(".")
        if not dot or ext not in RDF_FORMATS or not (self.view.exists(key) or key in ("ontology", "dataset")):
            return self.not_found(req, key or None)

        resp = self.cached(("data", key, ext, ""), lambda _: pages.rdf_document(self.view, key, ext, self.void_ttl), req)
        resp.content_type = media_type(ext)
        return resp

    def well_known_void(self, req: Request) -> Response:
        fmt = req.arg("format")
        if fmt is None:
            chosen = negotiate(req.header("accept"), list(RESOURCE_OFFERS))
            if chosen is None:
                return self.not_acceptable(req, "dataset")
            fmt = RESOURCE_OFFERS[chosen]
        if fmt == "html":
            resp = self.cached(("void", self.lang(req)), lambda lang: pages.void_page(self.ctx(lang), self.void), req, vary_lang=True)
        elif fmt in RDF_FORMATS:
            body = self.void_ttl if fmt == "ttl" else pages.serialize(list(ox.parse(self.void_ttl, format=ox.RdfFormat.TURTLE)), fmt)
            resp = Response(200, body, media_type(fmt))
        else:
            return _text(400, f"unknown format {fmt!r}: use html, ttl, jsonld, nt or rdf")
        resp.headers.append(("Vary", "Accept"))
        return resp

    def dump(self, req: Request, name: str) -> Response:
        if name not in self.files:
            return self.not_found(req, None)
        media, etag, mtime, _ = self.files[name]
        body = (self.dist / name).read_bytes()
        return Response(200, body, media, etag=etag, last_modified=mtime, headers=[("Cache-Control", "public, max-age=3600")])

    # SPARQL
    def sparql(self, req: Request) -> Response:
        fields = {k: list(v) for k, v in req.query.items()}
        if req.method == "POST":
            ctype = (req.header("content-type") or "").split(";")[0].strip().lower()
            try:
                length = int(req.environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > MAX_BODY:
                return _text(413, f"the request body is larger than {MAX_BODY} bytes")
            raw = req.environ["wsgi.input"].read(length) if length else b""
            if ctype == "application/x-www-form-urlencoded":
                for k, v in parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True).items():
                    fields.setdefault(k, []).extend(v)
            elif ctype == "application/sparql-query":
                fields.setdefault("query", []).append(raw.decode("utf-8", "replace"))
            elif ctype == "application/sparql-update":
                return self._sparql_error(req, 403, "this endpoint is read-only: SPARQL Update is not accepted", None)
            else:
                return _text(415, "POST a query as application/x-www-form-urlencoded (query=…) or application/sparql-query")
        if "update" in fields:
            return self._sparql_error(req, 403, "this endpoint is read-only: the update operation is not accepted", None)
        queries = fields.get("query", [])
        lang = self.lang(req)
        fmt = (fields.get("format") or [None])[0]
        if fmt is not None and fmt.lower() not in FORMAT_ALIASES:
            return _text(400, f"unknown format {fmt!r}: use one of {', '.join(sorted(FORMAT_ALIASES))}")
        example = (fields.get("example") or [None])[0]
        if not queries:
            if req.method == "POST":
                return _text(400, "no query: send query=… (or the query as application/sparql-query)")
            text = next((q.text for q in self.queries if q.name == example), None)
            return self._with_lang(Response(200, pages.sparql_page(self.ctx(lang), self.queries, text, "html", self._limits()),
                                            cache=False), lang)
        if len(queries) > 1:
            return _text(400, "more than one query parameter")
        text = queries[0]
        if fmt is not None:
            result_fmt, graph_fmt = FORMAT_ALIASES[fmt.lower()]
        else:
            accept = req.header("accept")
            r, g = negotiate(accept, list(RESULT_OFFERS)), negotiate(accept, list(GRAPH_OFFERS))
            result_fmt = RESULT_OFFERS[r] if r else None
            graph_fmt = GRAPH_OFFERS[g] if g else None
        html_mode = result_fmt == "html" or graph_fmt == "html"
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > self.query_limits.max_bytes:  # no worker's time for what the check would refuse anyway
            return self._sparql_error(req, 400, f"the query is {size:,} bytes long; this endpoint reads queries of at "
                                                f"most {self.query_limits.max_bytes:,} bytes", None)
        job = {"query": text, "max_rows": self.limits.max_rows, "result_format": result_fmt, "graph_format": graph_fmt,
               "default_graphs": fields.get("default-graph-uri", []), "named_graphs": fields.get("named-graph-uri", []),
               "limit_link": self.absolute(req, "sparql#limits"), "mode": "rows" if html_mode else "serialize"}
        answer = self.pool.run(job)
        status = answer[0]
        if status == "rows":
            _, kind, variables, rows, truncated = answer
            if kind == "boolean":
                result: Html = el("p", el("strong", "ASK: "), "true" if rows else "false", class_="boolean")
            else:
                result = pages.results_table(self.ctx(lang), variables, rows, truncated)
            resp = Response(200, pages.sparql_page(self.ctx(lang), self.queries, text, fmt or "html", self._limits(), result),
                            cache=False)
            return self._truncation(self._with_lang(resp, lang), truncated)
        if status == "refused":
            return self._sparql_error(req, answer[1], answer[2], text if html_mode else None)
        if status == "ok":
            _, kind, media, body, truncated = answer
            resp = Response(200, body, media, headers=[("Vary", "Accept")])
            return self._truncation(resp, truncated)
        if status == "unacceptable":
            kinds = {"solutions": "SELECT results: JSON, XML, CSV, TSV or HTML",
                     "boolean": "ASK results: JSON, XML, CSV, TSV or HTML",
                     "triples": "CONSTRUCT/DESCRIBE results: Turtle, JSON-LD, N-Triples, RDF/XML or HTML"}
            return _text(406, f"no acceptable format for {kinds[answer[1]]} (Accept: {req.header('accept')})")
        if status == "syntax":
            return self._sparql_error(req, 400, f"SPARQL syntax error: {answer[1]}", text if html_mode else None)
        if status == "timeout":
            return self._sparql_error(req, 503, f"the query ran longer than the time limit of {answer[1]:g} s and was "
                                               f"stopped; narrow it down or add a LIMIT", text if html_mode else None)
        if status == "busy":
            resp = self._sparql_error(req, 503, "all query workers are busy; try again in a moment", text if html_mode else None)
            return resp.header("Retry-After", "2")
        return self._sparql_error(req, 500, f"the query failed: {answer[1]}", text if html_mode else None)

    def _limits(self) -> dict[str, Any]:
        return {"timeout": f"{self.limits.timeout:g}", "max_rows": self.limits.max_rows}

    def _truncation(self, resp: Response, truncated: int | None) -> Response:
        resp.headers.append(("Kzgraph-Result-Limit", str(self.limits.max_rows)))
        if truncated:
            resp.headers.append(("Kzgraph-Truncated", f"true; rows={truncated}"))
        return resp

    def _sparql_error(self, req: Request, status: int, message: str, text: str | None) -> Response:
        if text is not None:
            lang = self.lang(req)
            body = pages.sparql_page(self.ctx(lang), self.queries, text, "html", self._limits(), error=message)
            return Response(status, body, cache=False)
        return _text(status, message)

    def stored_query(self, req: Request, name: str) -> Response:
        from .queries import QueryError, bind

        if name.endswith(".rq"):
            q = next((q for q in self.queries if q.name == name[:-3]), None)
            if q is None:
                return self.not_found(req, None)
            return Response(200, q.text.encode("utf-8"), "application/sparql-query; charset=utf-8")
        q = next((q for q in self.queries if q.name == name), None)
        if q is None:
            return self.not_found(req, None)
        lang = self.lang(req)
        declared = {p.name for p in q.params}
        values = {k: v[0] for k, v in req.query.items() if k in declared and v}
        if "lang" in declared and "lang" not in values and (req.arg("lang") in LANGS or lang != DEFAULT_LANG):
            values["lang"] = lang
        try:
            text = bind(q, values)
        except QueryError as exc:
            return _text(400, str(exc))
        fmt = req.arg("format")
        if fmt is not None and fmt.lower() not in FORMAT_ALIASES:
            return _text(400, f"unknown format {fmt!r}")
        if fmt is not None:
            result_fmt, graph_fmt = FORMAT_ALIASES[fmt.lower()]
        else:
            r, g = negotiate(req.header("accept"), list(RESULT_OFFERS)), negotiate(req.header("accept"), list(GRAPH_OFFERS))
            result_fmt, graph_fmt = (RESULT_OFFERS[r] if r else None), (GRAPH_OFFERS[g] if g else None)
        html_mode = result_fmt == "html" or graph_fmt == "html"
        key = ("query", name, tuple(sorted(values.items())), result_fmt, graph_fmt, lang)
        if self.use_cache:
            with self._cache_lock:
                hit = self._cache.get(key)
            if hit is not None:
                resp = Response(hit.status, hit.body, hit.content_type, list(hit.headers), hit.etag)
                return self._with_lang(resp, lang) if html_mode else resp
        job = {"query": text, "max_rows": self.limits.max_rows, "result_format": result_fmt, "graph_format": graph_fmt,
               "limit_link": self.absolute(req, "sparql#limits"), "mode": "rows" if html_mode else "serialize"}
        answer = self.pool.run(job)
        if answer[0] == "rows":
            _, kind, variables, rows, truncated = answer
            result = pages.results_table(self.ctx(lang), variables, rows, truncated)
            resp = Response(200, pages.query_page(self.ctx(lang), q, text, values, result, None))
        elif answer[0] == "ok":
            resp = Response(200, answer[3], answer[2], headers=[("Vary", "Accept")])
        elif answer[0] == "unacceptable":
            return _text(406, "no acceptable format for this query's results")
        elif answer[0] == "timeout":
            return _text(503, f"the query ran longer than the time limit of {answer[1]:g} s")
        elif answer[0] == "busy":
            return _text(503, "all query workers are busy; try again in a moment").header("Retry-After", "2")
        else:
            return _text(500 if answer[0] != "syntax" else 400, f"the query failed: {answer[1]}")
        resp.etag = _etag(resp.body)
        if self.use_cache:  # the data never changes while serving, so a stored query's answer does not either
            with self._cache_lock:
                self._cache[key] = resp
        resp = Response(resp.status, resp.body, resp.content_type, list(resp.headers), resp.etag)
        return self._with_lang(resp, lang) if html_mode else resp


# --- running a server --------------------------------------------------------------------------------

class Server:
    """A WSGI server on a loopback or public address: waitress when it is installed (HTTP/1.1
    keep-alive, a thread pool), else the standard library's threaded ``wsgiref`` server."""

    def __init__(self, app: Callable[..., Any], host: str = "127.0.0.1", port: int = 8080, kind: str = "auto",
                 threads: int = 8, quiet: bool = True):
        self.kind = kind
        if kind in ("auto", "waitress"):
            try:
                from waitress.server import create_server

                self._server = create_server(app, host=host, port=port, threads=threads, ident="kzgraph",
                                             channel_timeout=30, connection_limit=200, expose_tracebacks=False)
                self.port = self._server.effective_port
                self.kind = "waitress"
                return
            except ImportError:
                if kind == "waitress":
                    raise
        from socketserver import ThreadingMixIn
        from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

        class ThreadingServer(ThreadingMixIn, WSGIServer):
            daemon_threads = True
            request_queue_size = 128

        class Handler(WSGIRequestHandler):
            def log_message(self, *args: Any) -> None:
                if not quiet:
                    super().log_message(*args)

        self._server = make_server(host, port, app, server_class=ThreadingServer, handler_class=Handler)
        self.port = self._server.server_port
        self.kind = "wsgiref"

    def serve_forever(self) -> None:
        if self.kind == "waitress":
            # waitress's own loop cannot be stopped from another thread; run it one poll at a time
            self._stop = threading.Event()
            self._stopped = threading.Event()
            server = self._server
            try:
                while not self._stop.is_set():
                    server.asyncore.loop(timeout=0.25, map=server._map, use_poll=server.adj.asyncore_use_poll, count=1)
            finally:
                for channel in list(server._map.values()):
                    try:
                        channel.close()
                    except Exception:
                        pass
                server.task_dispatcher.shutdown(timeout=2)
                self._stopped.set()
        else:
            self._server.serve_forever(poll_interval=0.2)

    def shutdown(self) -> None:
        if self.kind == "waitress":
            if hasattr(self, "_stop"):
                self._stop.set()
                self._stopped.wait(5)
            else:
                self._server.close()
        else:
            self._server.shutdown()
            self._server.server_close()


def cmd_serve(args: argparse.Namespace) -> int:
    from .cli import ensure_built

    root = Path(args.root).resolve()
    dist = Path(args.dist) if args.dist else root / "dist"
    ensure_built(root, dist)
    from .baseurl import public_base

    base = public_base(args.base) if args.base else None
    limits = Limits(timeout=args.timeout, max_rows=args.max_rows, workers=args.workers)
    app = App(dist, base_url=base or f"http://{_host_for_url(args.host)}:{args.port}/", store_dir=Path(args.store) if args.store else None,
              queries_dir=root / "queries", limits=limits, cache=not args.no_cache)
    app.base_explicit = base is not None
    try:
        server = Server(app, args.host, args.port, args.server, args.threads, quiet=not args.verbose)
    except OSError as exc:
        app.close()
        from .errors import BuildError

        raise BuildError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    where = app.links.base_url
    print(f"kzgraph: serving {pages.BASE} at {where} ({server.kind}, {args.threads} threads, {limits.workers} query "
          f"workers; time limit {limits.timeout:g} s, {limits.max_rows} rows). Ctrl-C stops.", file=sys.stderr)
    print("kzgraph: walls between queries and the network: " + wall_report(app.pool.wall_status), file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        app.close()
    return 0


def wall_report(status: dict[str, str]) -> str:
    """One line: each wall and whether it stands, with a warning when none of the workers' own does."""
    names = {"parse": "SERVICE and updates refused from the parsed query", "netns": "network namespace",
             "seccomp": "socket filter (seccomp)"}
    parts = [f"{names.get(w, w)}: {state}" for w, state in status.items()]
    from .sandbox import is_up

    if not any(is_up(status.get(w, "off")) for w in NETWORK_WALLS):
        parts.append("WARNING: the workers themselves can reach the network")
    return "; ".join(parts)


def _host_for_url(host: str) -> str:
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``serve`` to the command line."""
    s = sub.add_parser("serve", help="serve the graph over HTTP: pages, RDF by content negotiation, a SPARQL endpoint",
                       description="Serve the release as linked data. Thing IRIs answer 303 See Other to an HTML page or "
                                   "an RDF document chosen by the Accept header; /sparql is a read-only SPARQL 1.1 endpoint.")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    s.add_argument("--port", type=int, default=8080, help="port (default: 8080)")
    s.add_argument("--base", help="public URL standing for https://w3id.org/kzgraph/ (default: http://HOST:PORT/); "
                                  "request paths are mapped, the RDF keeps the canonical IRIs")
    s.add_argument("--dist", help="release directory (default: ROOT/dist, built when stale)")
    s.add_argument("--store", help="a persistent Oxigraph store directory to query instead of the release's N-Quads")
    s.add_argument("--workers", type=int, default=2, help="SPARQL worker processes (default: 2)")
    s.add_argument("--threads", type=int, default=8, help="HTTP threads (default: 8)")
    s.add_argument("--timeout", type=float, default=10.0, help="SPARQL time limit in seconds (default: 10)")
    s.add_argument("--max-rows", type=int, default=10000, help="rows or triples per SPARQL result (default: 10000)")
    s.add_argument("--server", choices=["auto", "waitress", "wsgiref"], default="auto",
                   help="HTTP server: waitress when installed (auto), or the standard library's")
    s.add_argument("--no-cache", action="store_true", help="render every page anew (for measuring)")
    s.add_argument("--verbose", action="store_true", help="log requests (wsgiref server)")
    s.set_defaults(func=cmd_serve)
