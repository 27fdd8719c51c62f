"""The SPARQL endpoint: the SPARQL 1.1 Protocol at ``/sparql`` and the stored queries at ``/queries/``.

A request is read (GET, POST form or POST ``application/sparql-query``; updates refused at the
protocol level), its result format chosen (``?format=`` or ``Accept``), and the query handed to a
worker (:mod:`.pool`) with the endpoint's limits; the worker reads the query with a real SPARQL
parser before running it (SERVICE, updates, oversized or over-nested queries refused there) and
writes the result within the row and byte limits. The answers of an immutable release never change,
so a non-HTML answer is cached (bounded in bytes) and an identical request never costs a worker.
Every refusal is one plain sentence with a status that says who must act: 400 (the query), 403
(not allowed here), 406 (no format the client accepts), 413 (body too large), 429 (this client
runs its share of queries already), 503 with ``Retry-After`` (no worker free now, or the query hit
a time or memory limit).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from ..curated.namespaces import BASE, PREFIX_TABLE
from . import param_form, query_downloads, query_pages, service_description
from .html import Html
from .http import EDITOR_CSP, Response, _asserted, _etag, _text
from .negotiation import Answers, endpoint_answers, negotiate, not_acceptable
from .protocol import (
    Answer,
    BadSyntax,
    Busy,
    ClientBusy,
    Crashed,
    Cut,
    Failed,
    Job,
    OutOfMemory,
    Refused,
    Result,
    Table,
    TimedOut,
    Unacceptable,
)

if TYPE_CHECKING:
    from .host import Host
    from .http import Request

# What ``GET /sparql`` without a query is written in: the editor page (HTML, not XHTML).
_PAGE_TYPES = ["text/html"]


class Endpoint:
    """``/sparql`` and ``/queries/{name}`` of an :class:`~kzgraph.web.app.App`."""

    def __init__(self, app: Host):
        self.app = app
        self.limits = app.limits
        self._running: dict[tuple, threading.Event] = {}
        self._running_lock = threading.Lock()
        self._waiting = 0
        # requests that may wait for the same answer at once: the rest of the threads stay free for pages
        self.max_waiting = max(1, self.limits.threads - self.limits.workers - 2)

    def coalesced(self, key: tuple, compute: Callable[[], Response]) -> Response:
        """The cached answer for ``key``, or ``compute()`` run once for every request that asks for it
        at the same moment: the others wait for that run and read its answer from the cache, instead of
        each taking a worker (or being refused for want of one) to compute the very same result."""
        hit = self.app.cache_get(key)
        if hit is not None:
            return hit
        with self._running_lock:
            event = self._running.get(key)
            leader = event is None
            if leader:
                event = self._running[key] = threading.Event()
            elif self._waiting >= self.max_waiting:
                event = None  # enough threads wait already: this one asks for a worker, or is refused at once
            else:
                self._waiting += 1
        if event is None:
            return compute()
        if leader:
            try:
                return compute()
            finally:
                with self._running_lock:
                    del self._running[key]
                event.set()
        try:
            event.wait(self.limits.timeout + 5)
        finally:
            with self._running_lock:
                self._waiting -= 1
        hit = self.app.cache_get(key)
        return hit if hit is not None else compute()  # the first run failed: this request tries for itself

    # --- /sparql -----------------------------------------------------------------------------------------
    def sparql(self, req: Request) -> Response:
        """``/sparql``: the SPARQL 1.1 Protocol (GET or POST; updates refused), or for a GET without a query the editor page."""
        fields = {k: list(v) for k, v in req.query.items()}
        if req.method == "POST":
            refused = self._read_body(req, fields)
            if refused is not None:
                return refused
        if "update" in fields:
            return _text(403, "this endpoint is read-only: the update operation is not accepted")
        queries = fields.get("query", [])
        lang = self.app.lang(req)
        fmt = (fields.get("format") or [None])[0]
        answers = endpoint_answers(req.header("accept"), fields)
        if isinstance(answers, str):
            return _text(400, answers)
        if not queries:
            if req.method == "POST":
                return _text(400, "no query: send query=… (or the query as application/sparql-query)")
            return self._editor(req, fields, lang)
        if len(queries) > 1:
            return _text(400, "more than one query parameter")
        if not any(answers.values()):  # no query form could be answered: no worker's time for it
            return _text(406, not_acceptable(None, req.header("accept"))).header("Vary", "Accept")
        text = queries[0]
        html_mode = _html(answers)
        if not text.strip():
            return self._error(
                req, 400, "the query is empty: send a SELECT, ASK, CONSTRUCT or DESCRIBE query", text if html_mode else None
            )
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > self.limits.query.max_bytes:  # no worker's time for what the check would refuse anyway
            return self._error(
                req,
                400,
                f"the query is {size:,} bytes long; this endpoint reads queries of at most {self.limits.query.max_bytes:,} bytes",
                None,
            )
        graphs = (tuple(fields.get("default-graph-uri", [])), tuple(fields.get("named-graph-uri", [])))
        refused = _graph_refusal(fields)
        if refused is not None:
            return refused
        asserted = _asserted(fields)
        if isinstance(asserted, Response):
            return asserted
        job = self._job(req, text, answers, html_mode, default_graphs=graphs[0], named_graphs=graphs[1], asserted=asserted)
        if not html_mode:
            key = ("sparql", text, graphs, asserted, tuple(answers.items()))
            return self.coalesced(key, lambda: self._answer(req, job, key, text if html_mode else None))
        answer = self.app.pool.run(job, self.app.client(req))
        if isinstance(answer, Table):  # the worker rendered the table, within the limits
            page = self._page(lang, text, fmt or "html", query_pages.RESULT_SLOT)
            resp = self._html(200, query_pages.with_result(page, answer.body))
            return _warned(self._mark_cut(self.app.with_lang(resp, lang), answer.cut), answer.warnings)
        return self._failure(req, answer, text)

    def _answer(self, req: Request, job: Job, key: tuple, text: str | None) -> Response:
        """A non-HTML answer from a worker, kept in the cache when it is a result."""
        answer = self.app.pool.run(job, self.app.client(req))
        if not isinstance(answer, Result):
            return self._failure(req, answer, text)
        body = answer.body
        resp = _warned(
            self._mark_cut(Response(200, body, answer.media, headers=[("Vary", "Accept")]), answer.cut), answer.warnings
        )
        resp.etag = _etag(body)
        self.app.cache_put(key, resp)
        return resp

    def _read_body(self, req: Request, fields: dict[str, list[str]]) -> Response | None:
        """Add a POST body's fields to ``fields``; a response when the body is refused."""
        ctype = (req.header("content-type") or "").split(";")[0].strip().lower()
        try:
            length = int(req.environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _text(400, "the Content-Length header is not a number")
        if length > self.limits.max_body:
            return _text(413, f"the request body is {length:,} bytes; this endpoint reads at most {self.limits.max_body:,}")
        if ctype == "application/sparql-update":
            return _text(403, "this endpoint is read-only: SPARQL Update is not accepted")
        if ctype not in ("application/x-www-form-urlencoded", "application/sparql-query"):
            return _text(415, "POST a query as application/x-www-form-urlencoded (query=…) or application/sparql-query")
        raw = req.environ["wsgi.input"].read(length) if length else b""
        if ctype == "application/x-www-form-urlencoded":
            for k, v in parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True).items():
                fields.setdefault(k, []).extend(v)
        else:
            fields.setdefault("query", []).append(raw.decode("utf-8", "replace"))
        return None

    def _editor(self, req: Request, fields: dict[str, list[str]], lang: str) -> Response:
        """``GET /sparql`` without a query: the Service Description for an RDF ``Accept``, the editor page
        (with a stored query's text for ``?example=``), or a 406 when the client accepts no HTML (``Accept: application/*`` is not answered with a page)."""
        accept = req.header("accept")
        example = (fields.get("example") or [None])[0]
        described = service_description.respond(self.app, req) if example is None else None
        if described is not None:  # no query, and an RDF Accept: the SPARQL 1.1 Service Description
            return described
        if negotiate(accept, _PAGE_TYPES) is None:
            return _text(
                406,
                f"without a query, /sparql is the query editor (text/html) or its Service Description "
                f"({', '.join(service_description.offered())}), which Accept: {accept} refuses; "
                "send the query (query=…) for results",
            ).header("Vary", "Accept")
        text = next((q.text for q in self.app.queries if q.name == example), None)
        return self.app.with_lang(self._html(200, self._page(lang, text, "html")), lang).header("Vary", "Accept")

    def _job(self, req: Request, text: str, answers: Answers, html: bool, **more: Any) -> Job:
        """The job for ``text`` under the endpoint's limits (``more``: the request's graphs, ``asserted`` …)."""
        lim = self.limits
        given: dict[str, Any] = {
            "query": text,
            "prefixes": PREFIX_TABLE,
            "max_rows": lim.max_rows,
            "max_bytes": lim.max_bytes,
            "max_value_bytes": lim.max_value_bytes,
            # per query form: (writer, Content-Type), or None when the client accepts nothing it is written in
            "answers": answers,
            "limit_link": self.app.absolute("sparql#limits"),
            # HTML: the worker renders the result table, under its memory limit, with the pages' links and labels
            "mode": "html" if html else "serialize",
            "lang": self.app.lang(req),
            "base_url": self.app.links.base_url,
            # relative IRIs in a query are read against the endpoint's own address (SPARQL 1.1 §4.1.1.1)
            "base_iri": self.app.links.absolute("sparql"),
        }
        return Job(**{**given, **more})

    # --- /queries/{name} ------------------------------------------------------------------------------
    def stored_query(self, req: Request, name: str) -> Response:
        """``/queries/{name}``: a stored query run with the request's parameter values, or its text at ``{name}.rq``."""
        from ..asking.queries import QueryError, bind

        app = self.app
        if name.endswith(".rq"):
            q = next((q for q in app.queries if q.name == name[:-3]), None)
            if q is None:
                return app.not_found(req, None)
            return Response(200, q.text.encode("utf-8"), "application/sparql-query; charset=utf-8")
        name, download, suffix_lang = query_downloads.download_name(name)
        q = next((q for q in app.queries if q.name == name), None)
        if q is None:
            return app.not_found(req, None)
        lang = suffix_lang or app.lang(req)
        declared = {p.name for p in q.params}
        values = param_form.given_values(q, req.query)
        if "lang" in declared and "lang" not in values and (req.arg("lang") in ("en", "bg") or lang != "en" or suffix_lang):
            values["lang"] = lang
        try:
            text = bind(q, values, app.lookup)
        except QueryError as exc:
            asked = endpoint_answers(req.header("accept"), req.query)
            page = _asks_html(req) if download is not None else not isinstance(asked, str) and _html(asked)
            if page:
                return query_downloads.bad_values_page(app, req, q, values, lang, str(exc))
            return _text(400, str(exc))
        if download is not None:
            return query_downloads.download(app, req, q, text, values, download)
        answers = endpoint_answers(req.header("accept"), req.query)
        if isinstance(answers, str):
            return _text(400, answers)
        asserted = _asserted({k: list(v) for k, v in req.query.items()})
        if isinstance(asserted, Response):
            return asserted
        html_mode = _html(answers)
        key = (
            "query",
            name,
            tuple(sorted((k, str(v)) for k, v in values.items())),
            asserted,
            tuple(answers.items()),
            lang if html_mode else "",
        )
        # a stored query reads relative IRIs against the release's base, as `kzgraph query` does
        job = self._job(req, text, answers, html_mode, asserted=asserted, base_iri=BASE)

        def compute() -> Response:
            """Run the bound query on a worker; keep the answer in the cache when it is a result."""
            answer = app.pool.run(job, app.client(req))
            hint = self._other_side(q, values) if isinstance(answer, (Table, Result)) else None
            if isinstance(answer, Table):  # the worker rendered the table, within the limits
                ctx = app.ctx(lang)
                page = query_pages.query_page(
                    ctx,
                    q,
                    text,
                    values,
                    query_pages.RESULT_SLOT,
                    None,
                    hint=hint,
                    form=param_form.form(ctx, q, values, app.lookup),
                    downloads=query_downloads.links(ctx, q, values),
                )
                resp = self._mark_cut(Response(200, query_pages.with_result(page, answer.body)), answer.cut)
            elif isinstance(answer, Result):
                resp = self._mark_cut(Response(200, answer.body, answer.media, headers=[("Vary", "Accept")]), answer.cut)
            else:
                return self._failure(req, answer, None)
            if hint is not None:
                query = {k: v if isinstance(v, str) else ",".join(v) for k, v in hint.values.items()}
                where = app.links.path(f"queries/{hint.query.name}", **query)
                resp.headers.append(("Kzgraph-Hint", f"no rows, but {hint.rows} on the other side of the mission: {where}"))
            resp.etag = _etag(resp.body)
            app.cache_put(key, resp)
            return resp

        resp = self.coalesced(key, compute)
        return app.with_lang(resp, lang) if html_mode and resp.status == 200 else resp

    def _other_side(self, q: Any, values: dict) -> Any:
        """A stored query about one side of a mission that is empty while the other side is not: what to say."""
        from ..asking.queries import other_side_hint

        if not q.other_side:
            return None
        return other_side_hint(q, values, self.app.lookup, self.app.queries)

    # --- answers ----------------------------------------------------------------------------------------
    def _mark_cut(self, resp: Response, cut: Cut | None) -> Response:
        resp.headers.append(("Kzgraph-Result-Limit", str(self.limits.max_rows)))
        if cut:
            rows, reason, limit = cut
            resp.headers.append(("Kzgraph-Truncated", f"true; rows={rows}; reason={reason}; limit={limit}"))
        return resp

    def _failure(self, req: Request, answer: Answer, text: str | None) -> Response:
        """The response for an answer that is not a result."""
        lim = self.limits
        if isinstance(answer, Refused):
            return self._error(req, answer.status, answer.message, text)
        if isinstance(answer, Unacceptable):
            return _text(406, not_acceptable(answer.form, req.header("accept"))).header("Vary", "Accept")
        if isinstance(answer, BadSyntax):
            return self._error(req, 400, answer.message, text)
        if isinstance(answer, TimedOut):
            return self._error(
                req,
                503,
                f"the query ran longer than the time limit of {answer.seconds:g} s and was stopped; narrow it down or add a LIMIT",
                text,
            ).header("Retry-After", "5")
        if isinstance(answer, OutOfMemory):
            return self._error(
                req,
                503,
                f"the query needed more memory than a query may use ({answer.limit // 2**20:,} MiB) "
                f"and was stopped; narrow it down or add a LIMIT",
                text,
            ).header("Retry-After", "5")
        if isinstance(answer, Busy):
            return self._error(req, 503, f"all {lim.workers} query workers are busy; try again in a moment", text).header(
                "Retry-After", "2"
            )
        if isinstance(answer, ClientBusy):
            return self._error(
                req,
                429,
                f"you are running {answer.share} queries at once already, the most one client may; wait for them to finish",
                text,
            ).header("Retry-After", "2")
        if isinstance(answer, Crashed):
            return self._error(req, 500, f"the query stopped the engine ({answer.why}); the worker was replaced", text)
        return self._error(req, 500, f"the query failed: {answer.message if isinstance(answer, Failed) else answer}", text)

    def _error(self, req: Request, status: int, message: str, text: str | None) -> Response:
        if text is not None:
            lang = self.app.lang(req)
            return self._html(status, self._page(lang, text, "html", error=message))
        return _text(status, message)

    def _html(self, status: int, body: bytes) -> Response:
        """The SPARQL page, with the policy that lets the editor's one fixed inline stylesheet apply."""
        return Response(status, body, cache=False, headers=[("Content-Security-Policy", EDITOR_CSP)])

    def _page(self, lang: str, text: str | None, fmt: str, result: Html | None = None, error: str | None = None) -> bytes:
        return query_pages.sparql_page(self.app.ctx(lang), self.app.queries, text, fmt, self.limits, result, error)


def _html(answers: Answers) -> bool:
    """Whether the answer is the SPARQL page with a result table (HTML is what the client prefers for a query form)."""
    return any(a is not None and a[0] == "html" for a in answers.values())


def _asks_html(req: Request) -> bool:
    """Whether the client names HTML in its Accept header (a browser following a link to a download):
    a bad value is then answered with the page that offers the closest values, not a line of text."""
    from .negotiation import parse_accept

    return any(r.type == "text" and r.subtype == "html" and r.q > 0 for r in parse_accept(req.header("accept")))


def _warned(resp: Response, warnings: tuple[str, ...]) -> Response:
    """``resp`` with a ``Kzgraph-Warning`` header for each warning the worker sent: a term the query
    names that the release does not have. A header of the project's own, like ``Kzgraph-Truncated``:
    HTTP's ``Warning`` header is obsolete (RFC 9111 §5.5) and meant for caches. ASCII only, as HTTP headers are."""
    for warning in warnings:
        resp.headers.append(("Kzgraph-Warning", warning.encode("ascii", "backslashreplace").decode("ascii")))
    return resp


def _graph_refusal(fields: dict[str, list[str]]) -> Response | None:
    """A 400 for a ``default-graph-uri`` or ``named-graph-uri`` that is not an absolute IRI, read by the
    engine's own IRI parser (the one that would otherwise fail inside the worker as a 500)."""
    import pyoxigraph as ox

    for param in ("default-graph-uri", "named-graph-uri"):
        for value in fields.get(param, []):
            try:
                ox.NamedNode(value)
            except ValueError as exc:
                return _text(400, f"{param} {value!r} is not an absolute IRI ({exc}); name a graph by its full IRI")
    return None
