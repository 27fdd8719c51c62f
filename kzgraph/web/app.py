"""The WSGI application of ``kzgraph serve``: routes, linked-data redirects, pages, dumps, SPARQL.

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
    redirects. An unknown IRI is a 404 page with suggestions; an ``Accept`` that allows none of the
    formats is a 406 that lists them. Redirects name the configured ``--base`` (or are
    path-absolute without one), never the request's Host header.

Base mapping: paths only
    ``--base URL`` is the public address that stands for ``https://w3id.org/kzgraph/``. Request
    paths under it are mapped to the canonical IRIs, and the HTML pages link to the served
    addresses; the RDF itself — documents, dumps, SPARQL results — always keeps the canonical IRIs.

Other addresses: ``/`` home page, ``/sparql`` (:mod:`.endpoint`), ``/queries`` (the stored queries),
``/.well-known/void``, ``/dump/{file}`` (the release files with ETag and Last-Modified),
``/browse/{Class}``, ``/search?q=``, ``/static/…``, ``/pictures/{timeline,missions}.svg``; each
stored query's answer and each list as CSV and XLSX (``/queries/{name}.csv``, ``/browse/State.xlsx``:
:mod:`.query_downloads`, :mod:`.list_downloads`).
Rendered pages and query answers are kept in a cache bounded in bytes (:mod:`.cache`).
"""

from __future__ import annotations

import dataclasses
import email.utils
import hashlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterable
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

import pyoxigraph as ox

from ..core.formats import REGISTRY, media_type_of
from ..curated import namespaces
from ..pipeline import terms
from ..pipeline.shrink import MANIFEST as RELEASE_RECORD
from ..pipeline.terms import DEFAULT_LANG, GRAPH_DUMPS, LANGS
from . import addresses, documents, index_pages, layout, ontology_page, query_pages, resource_page, site_search, void
from .addresses import Links
from .cache import ByteLRU
from .endpoint import Endpoint
from .html import el
from .http import CSP, Request, Response, _etag, _etag_matches, _text, http_date
from .layout import Ctx
from .limits import Limits
from .negotiation import media_type, negotiate, negotiate_language
from .pool import WALLS, QueryPool, open_store
from .protocol import StoreSource
from .view import View
from .worldmap import GEOJSON_MEDIA, GEOJSON_NAME

STATIC_DIR = Path(__file__).with_name("static")


class App:
    """The WSGI application."""

    def __init__(
        self,
        dist: Path,
        *,
        base_url: str | None = None,
        store_dir: Path | None = None,
        queries_dir: Path | None = None,
        limits: Limits | None = None,
        cache: bool = True,
        walls: tuple[str, ...] = WALLS,
        with_inferred: bool = True,
        behind_proxy: bool = False,
    ):
        self.dist = Path(dist)
        self.limits = limits or Limits()
        self.base_explicit = base_url is not None
        self.behind_proxy = behind_proxy
        self.registry = REGISTRY  # the formats of a thing's documents (a test may swap in another)
        self.links = Links(base_url or "http://127.0.0.1:8080/")
        source = (
            StoreSource("store", str(store_dir)) if store_dir else StoreSource("nq", str(self.dist / "kzgraph.nq"), with_inferred)
        )
        self.store = open_store(source)
        self.view = View(self.store)
        self.pool = QueryPool(source, walls=walls, limits=self.limits)
        from ..asking.params import store_lookup

        self.lookup = store_lookup(self.store)  # stored queries' parameter values, looked up in the release
        self._search_documents: bytes | None = None  # search.json, made on first request (kzgraph.web.site_search)
        self.endpoint = Endpoint(self)
        from ..asking.queries import load_queries

        self.queries = load_queries(queries_dir) if queries_dir else []  # a folder named must be there
        void_ttl = (self.dist / "void.ttl").read_bytes() if (self.dist / "void.ttl").exists() else b""
        self.void_ttl = void_ttl
        self.void = void.read_void(void_ttl) if void_ttl else void.VoidSummary()
        self.files = self._scan_dist()
        self.static = (
            {
                p.relative_to(STATIC_DIR).as_posix(): p.read_bytes()
                for p in sorted(STATIC_DIR.rglob("*"))
                if p.is_file() and not p.name.startswith(".")
            }
            if STATIC_DIR.is_dir()
            else {}
        )
        self.use_cache = cache
        self._cache: ByteLRU[Response] = ByteLRU(self.limits.cache_bytes if cache else 0)
        from ..pipeline import pictures
        from . import worldmap
        from .worldmap_draw import world_svg

        map_data = worldmap.prepare(self.store, self.queries)  # None without the stored query: no map
        self.geojson = worldmap.geojson(self.store) if map_data is not None else None
        self.pictures: dict[str, dict[str, str]] = {}
        for lang in LANGS:
            link = lambda iri, lang=lang: self.links.href(iri, lang)
            self.pictures[lang] = pictures.page_pictures(self.store, lang, link)
            if map_data is not None:
                self.pictures[lang]["map"] = world_svg(self.store, map_data, lang, link)
                self.pictures[lang]["map-narrow"] = world_svg(self.store, map_data, lang, link, narrow=True)

    def _dump_list(self) -> list[tuple[str, str, int]]:
        """The downloads: the release's files, and the places as GeoJSON beside them."""
        files = [(n, m, s) for n, (m, _, _, s) in self.files.items()]
        return files + ([(GEOJSON_NAME, GEOJSON_MEDIA, len(self.geojson))] if self.geojson is not None else [])

    def close(self) -> None:
        """Stop the query workers: the last step when the server stops."""
        self.pool.close()

    def _scan_dist(self) -> dict[str, tuple[str, str, float, int]]:
        """name -> (media type, ETag, mtime, size) of every release file."""
        out = {}
        for p in sorted(self.dist.iterdir()) if self.dist.is_dir() else []:
            if p.name == RELEASE_RECORD:  # the build's own bookkeeping, not a download
                continue
            media = media_type_of(p.name)
            if (
                p.is_file()
                and not media.startswith("application/octet-stream")
                and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", p.name)
            ):
                st = p.stat()
                digest = hashlib.sha256(p.read_bytes()).hexdigest()[:40]
                out[p.name] = (media, f'"sha256-{digest}"', st.st_mtime, st.st_size)
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
        path = raw[len(base) :] if raw.startswith(base) else raw.lstrip("/")
        headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        return Request(environ.get("REQUEST_METHOD", "GET").upper(), path, query, headers, environ)

    def _finish(self, req: Request, resp: Response, start_response: Callable[..., Any]) -> Iterable[bytes]:
        headers = list(resp.headers)
        if resp.content_type:
            headers.append(("Content-Type", resp.content_type))
        if not any(k == "Content-Security-Policy" for k, _ in headers):
            headers.append(("Content-Security-Policy", CSP))
        headers += [
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            ("Access-Control-Allow-Origin", "*"),
            (
                "Access-Control-Expose-Headers",
                "ETag, Link, Location, Vary, Kzgraph-Truncated, Kzgraph-Result-Limit, Kzgraph-Warning",
            ),
        ]
        status, body = resp.status, resp.body
        length = resp.stream[1] if resp.stream is not None else len(body)
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
            headers.append(("Content-Length", str(length)))
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        if resp.stream is not None:
            return _send_file(req, resp.stream[0], status == 200 and req.method != "HEAD")
        return [b"" if req.method == "HEAD" else body]

    # routing
    def handle(self, req: Request) -> Response:
        """Route one request to its response (GET, HEAD, OPTIONS; POST only to /sparql); an unknown address gets the 404 page."""
        if req.method == "OPTIONS":
            return Response(
                204,
                content_type=None,
                cache=False,
                headers=[
                    ("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS"),
                    ("Access-Control-Allow-Headers", "Accept, Accept-Language, Content-Type, If-None-Match, If-Modified-Since"),
                    ("Access-Control-Max-Age", "86400"),
                    ("Allow", "GET, HEAD, POST, OPTIONS"),
                ],
            )
        path = req.path
        if req.method == "POST":
            if path == "sparql":
                return self.endpoint.sparql(req)
            return _text(405, "only /sparql accepts POST").header("Allow", "GET, HEAD, OPTIONS")
        if req.method not in ("GET", "HEAD"):
            return _text(405, f"{req.method} is not supported").header("Allow", "GET, HEAD, POST, OPTIONS")
        if path == "":
            return self.cached(
                ("home", self.lang(req)),
                lambda lang: index_pages.home_page(self.ctx(lang), self.void, self.pictures[lang]),
                req,
                vary_lang=True,
            )
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
            return self.cached(
                ("dumps", self.lang(req)),
                lambda lang: index_pages.dumps_page(self.ctx(lang), self._dump_list()),
                req,
                vary_lang=True,
            )
        if path == "dump/" + GEOJSON_NAME and self.geojson is not None:
            return Response(200, self.geojson, GEOJSON_MEDIA, headers=[("Cache-Control", "public, max-age=3600")])
        if path.startswith("dump/"):
            return self.dump(req, path[5:])
        if path == "sparql":
            return self.endpoint.sparql(req)
        if path == "sparql/prefixes.json":  # the editor completes prefixes from here, not from prefix.cc
            body = json.dumps(namespaces.PREFIX_TABLE, indent=1).encode("utf-8")
            return Response(200, body, "application/json", headers=[("Cache-Control", "public, max-age=3600")])
        if path == "queries":
            return self.cached(
                ("queries", self.lang(req)),
                lambda lang: query_pages.queries_page(self.ctx(lang), self.queries),
                req,
                vary_lang=True,
            )
        if path.startswith("queries/"):
            return self.endpoint.stored_query(req, path[8:])
        if path.startswith("browse") and path.endswith((".csv", ".xlsx")):
            return self.list_download(req, path)
        if path == "browse":
            return self.cached(
                ("browse", self.lang(req)), lambda lang: index_pages.browse_index(self.ctx(lang)), req, vary_lang=True
            )
        if path.startswith("browse/"):
            local = path[7:]
            if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", local):
                resp = self.cached(
                    ("browse", local, self.lang(req)),
                    lambda lang: index_pages.browse_page(self.ctx(lang), local),
                    req,
                    vary_lang=True,
                )
                if resp.status == 200:
                    return resp
            return self.not_found(req, None)
        if path == "search":
            lang = self.lang(req)
            asked = req.arg("page") or "1"
            page_no = int(asked) if re.fullmatch(r"[0-9]{1,6}", asked) else 1
            # The static site's page and index (MiniSearch, kzgraph.web.site_search), so that both sites rank
            # alike; the server's own answer is what a browser without script sees.
            ctx, text = self.ctx(lang), req.arg("q") or ""
            fallback = index_pages.search_results(ctx, text, page_no)
            body = site_search.search_page(ctx, list(site_search.LISTS), fallback=fallback, text=text)
            return self.with_lang(Response(200, body, cache=False), lang)
        if path == site_search.DOCUMENTS:
            if self._search_documents is None:
                ctx = self.ctx(DEFAULT_LANG)
                self._search_documents = site_search.documents(ctx.view, ctx.links)
            return Response(200, self._search_documents, "application/json", headers=[("Cache-Control", "public, max-age=3600")])
        if path.startswith("static/") and path[7:] in self.static:
            name = path[7:]
            return Response(200, self.static[name], media_type_of(name), headers=[("Cache-Control", "public, max-age=86400")])
        picture = re.fullmatch(r"pictures/(timeline|missions|map)(?:\.(bg))?\.svg", path)
        if picture and picture.group(1) in self.pictures[picture.group(2) or DEFAULT_LANG]:
            return Response(
                200, self.pictures[picture.group(2) or DEFAULT_LANG][picture.group(1)].encode("utf-8"), "image/svg+xml"
            )
        if path == "favicon.ico":
            return Response(204, content_type=None, cache=False)
        return self.not_found(req, None)

    def list_download(self, req: Request, path: str) -> Response:
        """``browse.csv``, ``browse/{Class}.xlsx`` …: a list page as a table (:mod:`.list_downloads`); 404 for no such list."""
        from .downloads import CSV_MEDIA, XLSX_MEDIA
        from .list_downloads import list_file

        hit = self.cache_get(("list", path))
        if hit is None:
            made = list_file(self.view, path)
            if made is None:
                return self.not_found(req, None)
            body, fmt = made
            name = path.rsplit("/", 1)[-1]
            hit = Response(200, body, CSV_MEDIA if fmt == "csv" else XLSX_MEDIA, etag=_etag(body))
            hit.headers.append(("Content-Disposition", f'attachment; filename="{name}"'))
            self.cache_put(("list", path), hit)
        return hit

    def _is_version(self, path: str) -> bool:
        version = namespaces.ONTOLOGY + "/" + path.split("/", 1)[1]
        return any(
            True for _ in self.store.quads_for_pattern(None, ox.NamedNode(terms.OWL + "versionIRI"), ox.NamedNode(version))
        )

    def ctx(self, lang: str) -> Ctx:
        """The rendering context for a page in ``lang``."""
        return Ctx(self.view, self.links, lang)

    def lang(self, req: Request) -> str:
        """The language to answer in: ``?lang=`` when it is one of the site's, else by ``Accept-Language``."""
        explicit = req.arg("lang")
        if explicit in LANGS:
            return explicit
        return negotiate_language(req.header("accept-language"))

    def with_lang(self, resp: Response, lang: str) -> Response:
        """``resp`` marked as being in ``lang`` and varying with Accept-Language (for caches in front);
        a header it carries already is not added again."""
        for header in (("Content-Language", lang), ("Vary", "Accept-Language")):
            if header not in resp.headers:
                resp.headers.append(header)
        return resp

    def cached(self, key: tuple, render: Callable[[str], bytes | None], req: Request, vary_lang: bool = False) -> Response:
        """A rendered document from the cache, or rendered now (and kept, within the cache's bytes)."""
        lang = key[-1]
        hit = self.cache_get(key)
        if hit is None:
            body = render(lang)
            if body is None:
                return self.not_found(req, None)
            hit = Response(200, body, etag=_etag(body))
            self.cache_put(key, hit)
        return self.with_lang(hit, lang) if vary_lang else hit

    def cache_get(self, key: tuple) -> Response | None:
        """A copy of a cached response (callers add headers to what they return)."""
        hit = self._cache.get(key)
        return None if hit is None else Response(hit.status, hit.body, hit.content_type, list(hit.headers), hit.etag)

    def cache_put(self, key: tuple, resp: Response) -> None:
        """Keep a copy of ``resp`` under ``key``, counted by its body and headers (one too large is not
        kept): the caller goes on to add headers to ``resp`` (its language), which must not pile up in
        the cache and come back twice on every later answer."""
        copy = dataclasses.replace(resp, headers=list(resp.headers))
        self._cache.put(key, copy, len(resp.body) + sum(len(k) + len(v) for k, v in resp.headers))

    def client(self, req: Request) -> str:
        """Who sent a request, for the per-client share of the query workers: the peer address, or
        behind the generated nginx configuration the address nginx saw (``X-Real-IP``)."""
        if self.behind_proxy:
            real = req.header("x-real-ip")
            if real:
                return real.strip()
        return str(req.environ.get("REMOTE_ADDR", ""))

    # linked data
    def absolute(self, rel: str) -> str:
        """Where ``rel`` is, for a Location or Link header: under the configured ``--base``, or, without
        one, a path-absolute reference that the client resolves against its own request — never an
        address built from the request's Host header, which a cache in front could be poisoned with."""
        if self.base_explicit:
            return self.links.absolute(rel)
        return self.links.base_path + rel

    def see_other(self, req: Request, rel: str, vary: bool = True) -> Response:
        """303 See Other to ``rel``; varies with Accept and Accept-Language unless ``vary`` is False (a fixed target)."""
        target = self.absolute(rel)
        body = el("p", "See ", el("a", target, href=target)).encode("utf-8")
        resp = Response(303, body, cache=False, headers=[("Location", target)])
        if vary:
            resp.headers.append(("Vary", "Accept, Accept-Language"))
        return resp

    def redirect(self, req: Request, key: str) -> Response:
        """303 from a thing to the document the client prefers."""
        offers = self.registry.resource_offers()
        chosen = negotiate(req.header("accept"), list(offers))
        if chosen is None:
            return self.not_acceptable(req, key)
        ext = offers[chosen]
        if ext == "html":
            explicit = req.arg("lang")
            lang = explicit if explicit in LANGS else negotiate_language(req.header("accept-language"))
            rel = "page/" + quote(key, safe="/-_.~") + (f"?lang={lang}" if lang != DEFAULT_LANG or explicit else "")
        else:
            rel = f"data/{quote(key, safe='/-_.~')}.{ext}"
        resp = self.see_other(req, rel)
        resp.headers.append(
            ("Link", f'<{self.absolute("data/" + quote(key, safe="/-_.~") + ".ttl")}>; rel="alternate"; type="text/turtle"')
        )
        return resp

    def not_acceptable(self, req: Request, key: str) -> Response:
        """406 page listing every representation of ``key`` with its address, when none matches the Accept header."""
        offers = [("text/html", self.links.page(key))] + [
            (f.media, self.links.data(key, f.ext)) for f in self.registry.documents()
        ]
        lang = self.lang(req)
        body = layout.page(
            self.ctx(lang),
            "406 Not Acceptable",
            [
                el("h1", "406 Not Acceptable"),
                el(
                    "p",
                    "None of the representations of this resource matches the Accept header ",
                    el("code", req.header("accept") or ""),
                    ".",
                ),
                el("ul", [el("li", el("a", media, href=href)) for media, href in offers]),
            ],
        )
        return Response(406, body, cache=False, headers=[("Vary", "Accept")])

    def not_found(self, req: Request, key: str | None) -> Response:
        """404 page for the request, suggesting resources whose keys look like ``key``."""
        lang = self.lang(req)
        body = index_pages.not_found_page(self.ctx(lang), "/" + req.path, key)
        return Response(404, body, cache=False)

    def page(self, req: Request, key: str) -> Response:
        """``page/{key}``: the HTML document about a resource, the ontology or the dataset; 404 for an unknown key."""
        if key == "ontology":
            return self.cached(
                ("ontology", self.lang(req)), lambda lang: ontology_page.ontology_page(self.ctx(lang)), req, vary_lang=True
            )
        if key == "dataset":
            return self.cached(
                ("void", self.lang(req)), lambda lang: void.void_page(self.ctx(lang), self.void), req, vary_lang=True
            )
        if not self.view.exists(key) or key in ("ontology", "dataset"):
            return self.not_found(req, key)
        resp = self.cached(
            ("page", key, self.lang(req)), lambda lang: resource_page.resource_page(self.ctx(lang), key), req, vary_lang=True
        )
        resp.headers.append(("Link", f'<{self.links.thing(addresses.thing_iri(key))}>; rel="describes"'))
        return resp

    def document_exts(self) -> list[str]:
        """The extensions of a thing's documents, in the server's order."""
        return [f.ext for f in self.registry.documents()]

    def data(self, req: Request, name: str) -> Response:
        """``data/{key}.{ext}``: the RDF document about a resource; 404 for an unknown key or format."""
        key, dot, ext = name.rpartition(".")
        if not dot or ext not in self.document_exts() or not (self.view.exists(key) or key in ("ontology", "dataset")):
            return self.not_found(req, key or None)

        resp = self.cached(
            ("data", key, ext, ""),
            lambda _: documents.rdf_document(self.view, key, self.registry.by_ext()[ext], self.void_ttl),
            req,
        )
        resp.content_type = media_type(ext, self.registry)
        return resp

    def well_known_void(self, req: Request) -> Response:
        """``.well-known/void``: the VoID description in ``?format=`` or as negotiated; 406 when nothing fits."""
        fmt = req.arg("format")
        if fmt is None:
            offers = self.registry.resource_offers()
            chosen = negotiate(req.header("accept"), list(offers))
            if chosen is None:
                return self.not_acceptable(req, "dataset")
            fmt = offers[chosen]
        if fmt == "html":
            resp = self.cached(
                ("void", self.lang(req)), lambda lang: void.void_page(self.ctx(lang), self.void), req, vary_lang=True
            )
        elif fmt in self.document_exts():
            body = (
                self.void_ttl
                if fmt == "ttl"
                else documents.serialize(list(ox.parse(self.void_ttl, format=ox.RdfFormat.TURTLE)), self.registry.by_ext()[fmt])
            )
            resp = Response(200, body, media_type(fmt, self.registry))
        else:
            *others, last = self.document_exts()
            return _text(400, f"unknown format {fmt!r}: use html, {', '.join(others)} or {last}")
        resp.headers.append(("Vary", "Accept"))
        return resp

    def dump(self, req: Request, name: str) -> Response:
        """``dump/{name}``: a release file of dist/ as it is, with its ETag and modification time; 404 for any other name."""
        if name not in self.files:
            return self.not_found(req, None)
        media, etag, mtime, _ = self.files[name]
        stream = open(self.dist / name, "rb")  # noqa: SIM115 - the HTTP server closes it once it is sent
        return Response(
            200,
            b"",
            media,
            etag=etag,
            last_modified=mtime,
            headers=[("Cache-Control", "public, max-age=3600")],
            stream=(stream, os.fstat(stream.fileno()).st_size),
        )


def _send_file(req: Request, stream: Any, send: bool) -> Iterable[bytes]:
    """A release file as the body (``wsgi.file_wrapper``: waitress sends it from its poll loop, out of
    the file, as the client reads), or closed unsent for HEAD and 304."""
    if not send:
        stream.close()
        return [b""]
    wrapper = req.environ.get("wsgi.file_wrapper")
    if wrapper is not None:
        return wrapper(stream, 65536)

    def chunks() -> Iterable[bytes]:
        """The file in pieces, for a WSGI server without a file wrapper."""
        with stream:
            while piece := stream.read(65536):
                yield piece

    return chunks()


__all__ = ["App", "Limits", "WALLS"]
