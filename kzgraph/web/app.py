"""The WSGI application of ``kzgraph serve``: routes, linked-data redirects, pages, dumps, SPARQL."""

from __future__ import annotations

import email.utils
import hashlib
import re
import sys
import threading
from collections import OrderedDict
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import parse_qs, quote

import pyoxigraph as ox

from ..sparql import Limits as QueryLimits
from .. import namespaces
from ..formats import DOCUMENT_TYPES
from . import addresses, documents, layout, ontology_page, query_pages, resource_page, site_pages, terms, void
from .addresses import Links
from .html import Html, el
from .http import CSP, Request, Response, _etag, _etag_matches, _text, http_date
from .layout import Ctx
from .negotiation import (FORMAT_ALIASES, GRAPH_OFFERS, RESOURCE_OFFERS, RESULT_OFFERS, media_type, negotiate,
                          negotiate_language)
from .pool import WALLS, QueryPool, open_store
from .terms import DEFAULT_LANG, GRAPH_DUMPS, LANGS
from .view import View


STATIC_DIR = Path(__file__).with_name("static")




MAX_BODY = 1 << 20  # bytes of a POST body


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
        from ..queries import load_queries

        self.queries = load_queries(queries_dir) if queries_dir and Path(queries_dir).is_dir() else []
        void_ttl = (self.dist / "void.ttl").read_bytes() if (self.dist / "void.ttl").exists() else b""
        self.void_ttl = void_ttl
        self.void = void.read_void(void_ttl) if void_ttl else void.VoidSummary()
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
            return self.cached(("home", self.lang(req)), lambda lang: site_pages.home_page(
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
            return self.cached(("dumps", self.lang(req)), lambda lang: site_pages.dumps_page(
                self.ctx(lang), [(n, m, s) for n, (m, _, _, s) in self.files.items()]), req, vary_lang=True)
        if path.startswith("dump/"):
            return self.dump(req, path[5:])
        if path == "sparql":
            return self.sparql(req)
        if path == "queries":
            return self.cached(("queries", self.lang(req)), lambda lang: query_pages.queries_page(self.ctx(lang), self.queries),
                               req, vary_lang=True)
        if path.startswith("queries/"):
            return self.stored_query(req, path[8:])
        if path == "browse":
            return self.cached(("browse", self.lang(req)), lambda lang: site_pages.browse_index(self.ctx(lang)), req, vary_lang=True)
        if path.startswith("browse/"):
            local = path[7:]
            if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", local):
                resp = self.cached(("browse", local, self.lang(req)), lambda lang: site_pages.browse_page(self.ctx(lang), local),
                                   req, vary_lang=True)
                if resp.status == 200:
                    return resp
            return self.not_found(req, None)
        if path == "search":
            lang = self.lang(req)
            return self._with_lang(Response(200, site_pages.search_page(self.ctx(lang), req.arg("q") or ""), cache=False), lang)
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
        version = namespaces.ONTOLOGY + "/" + path.split("/", 1)[1]
        return any(True for _ in self.store.quads_for_pattern(None, ox.NamedNode(terms.OWL + "versionIRI"), ox.NamedNode(version)))

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
        offers = [("text/html", self.links.page(key))] + [(media, self.links.data(key, ext)) for ext, (media, _) in DOCUMENT_TYPES.items()]
        lang = self.lang(req)
        body = layout.page(self.ctx(lang), "406 Not Acceptable", [
            el("h1", "406 Not Acceptable"),
            el("p", "None of the representations of this resource matches the Accept header ", el("code", req.header("accept") or ""), "."),
            el("ul", [el("li", el("a", media, href=href)) for media, href in offers])])
        return Response(406, body, cache=False, headers=[("Vary", "Accept")])

    def not_found(self, req: Request, key: str | None) -> Response:
        lang = self.lang(req)
        body = site_pages.not_found_page(self.ctx(lang), "/" + req.path, key)
        return Response(404, body, cache=False)

    def page(self, req: Request, key: str) -> Response:
        if key == "ontology":
            return self.cached(("ontology", self.lang(req)), lambda lang: ontology_page.ontology_page(self.ctx(lang)), req, vary_lang=True)
        if key == "dataset":
            return self.cached(("void", self.lang(req)), lambda lang: void.void_page(self.ctx(lang), self.void), req, vary_lang=True)
        if not self.view.exists(key) or key in ("ontology", "dataset"):
            return self.not_found(req, key)
        resp = self.cached(("page", key, self.lang(req)), lambda lang: resource_page.resource_page(self.ctx(lang), key), req, vary_lang=True)
        resp.headers.append(("Link", f'<{self.links.thing(addresses.thing_iri(key))}>; rel="describes"'))
        return resp

    def data(self, req: Request, name: str) -> Response:
        key, dot, ext = name.rpartition(".")
        if not dot or ext not in DOCUMENT_TYPES or not (self.view.exists(key) or key in ("ontology", "dataset")):
            return self.not_found(req, key or None)

        resp = self.cached(("data", key, ext, ""), lambda _: documents.rdf_document(self.view, key, ext, self.void_ttl), req)
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
            resp = self.cached(("void", self.lang(req)), lambda lang: void.void_page(self.ctx(lang), self.void), req, vary_lang=True)
        elif fmt in DOCUMENT_TYPES:
            body = self.void_ttl if fmt == "ttl" else documents.serialize(list(ox.parse(self.void_ttl, format=ox.RdfFormat.TURTLE)), fmt)
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
            return self._with_lang(Response(200, query_pages.sparql_page(self.ctx(lang), self.queries, text, "html", self._limits()),
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
                result = query_pages.results_table(self.ctx(lang), variables, rows, truncated)
            resp = Response(200, query_pages.sparql_page(self.ctx(lang), self.queries, text, fmt or "html", self._limits(), result),
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
            body = query_pages.sparql_page(self.ctx(lang), self.queries, text, "html", self._limits(), error=message)
            return Response(status, body, cache=False)
        return _text(status, message)

    def stored_query(self, req: Request, name: str) -> Response:
        from ..queries import QueryError, bind

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
            result = query_pages.results_table(self.ctx(lang), variables, rows, truncated)
            resp = Response(200, query_pages.query_page(self.ctx(lang), q, text, values, result, None))
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
