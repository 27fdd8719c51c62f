"""A stored query's answer as CSV and XLSX, and the page for a parameter value it cannot run with.

Addresses, the same on ``kzgraph serve`` and on the published site::

    queries/{name}.csv, queries/{name}.xlsx          the answer (on the server, for the parameters
                                                     in the query string; published: the defaults)
    queries/{name}.bg.csv, queries/{name}.bg.xlsx    the same with Bulgarian labels (lang=bg)

The rows are those the query page shows, run by a query worker within the endpoint's limits (a cut
answer says so in ``Kzgraph-Truncated``, as every answer does); an ASK query's answer is one cell.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..curated.namespaces import BASE, PREFIX_TABLE
from ..pipeline.terms import XSD
from . import param_form, query_pages
from .downloads import CSV_MEDIA, XLSX_MEDIA, csv_bytes, download_links, xlsx_bytes
from .html import Html, el
from .http import Response, _asserted, _etag
from .protocol import Job, Rows

if TYPE_CHECKING:
    from ..asking.queries import StoredQuery
    from .host import Host
    from .http import Request
    from .layout import Ctx

_DOWNLOAD = re.compile(r"(?P<name>[^/.]+?)(?:\.(?P<lang>bg))?\.(?P<fmt>csv|xlsx)")


def download_name(name: str) -> tuple[str, str | None, str | None]:
    """``consulates-general.bg.xlsx`` -> (``consulates-general``, ``xlsx``, ``bg``); a page's name -> (name, None, None)."""
    m = _DOWNLOAD.fullmatch(name)
    return (m["name"], m["fmt"], m["lang"]) if m else (name, None, None)


def _plain(values: Mapping[str, Any]) -> dict[str, str]:
    return {k: v if isinstance(v, str) else ",".join(v) for k, v in values.items()}


def file_name(query: StoredQuery, lang: str, fmt: str) -> str:
    """The published file of the answer for the defaults: ``.bg`` only where the labels differ (a ``lang`` parameter)."""
    sfx = ".bg" if lang == "bg" and any(p.name == "lang" for p in query.params) else ""
    return f"queries/{query.name}{sfx}.{fmt}"


def links(ctx: Ctx, query: StoredQuery, values: Mapping[str, Any]) -> Html:
    """The CSV and XLSX downloads of the answer the page shows."""
    L = ctx.links
    if L.static:
        return download_links(ctx.lang, L.path(file_name(query, ctx.lang, "csv")), L.path(file_name(query, ctx.lang, "xlsx")))
    given = dict(values)
    csv_href = query_pages.with_values(ctx, f"queries/{query.name}.csv", given)
    return download_links(ctx.lang, csv_href, query_pages.with_values(ctx, f"queries/{query.name}.xlsx", given))


_ABOUT = {
    "en": ("title", "question", "parameters", "address", "licence", "source"),
    "bg": ("заглавие", "въпрос", "параметри", "адрес", "лиценз", "източник"),
}


def about(
    ctx: Ctx, query: StoredQuery, values: Mapping[str, Any], license_: str | None, source: str | None
) -> list[tuple[str, str]]:
    """The workbook's ``about`` sheet: what the table answers, with which values, where it comes from."""
    names = _ABOUT.get(ctx.lang, _ABOUT["en"])
    given = {p.name: values.get(p.name, p.default) for p in query.params}
    plain = _plain(given)
    from urllib.parse import urlencode

    asked = _plain(values)
    address = ctx.links.absolute(f"queries/{query.name}") + ("?" + urlencode(asked) if asked and not ctx.links.static else "")
    rows = [
        (names[0], query.title_in(ctx.lang)),
        (names[1], query.questions.get(ctx.lang) or query.questions.get("en") or ""),
        (names[2], "; ".join(f"{k} = {v}" for k, v in plain.items())),
        (names[3], address),
        (names[4], license_ or ""),
        (names[5], source or ""),
    ]
    return [(k, v) for k, v in rows if v]


def table(form: str, variables: Sequence[str], rows: Any) -> tuple[list[str], list]:
    """A worker's rows as a table: an ASK's answer is one column, ``answer``, holding true or false."""
    if form == "boolean":
        return ["answer"], [[("literal", "true" if rows else "false", None, XSD + "boolean")]]
    return list(variables), list(rows)


def write(fmt: str, variables: Sequence[str], rows: Sequence, title: str, about_rows: Sequence[tuple[str, str]]) -> bytes:
    """The answer's file in ``fmt`` (csv or xlsx)."""
    if fmt == "csv":
        return csv_bytes(variables, rows)
    return xlsx_bytes(variables, rows, title=title, about=about_rows)


def download(app: Host, req: Request, query: StoredQuery, text: str, values: dict[str, Any], fmt: str) -> Response:
    """``queries/{name}.{csv,xlsx}``: the answer for the request's values, run on a worker and cached."""
    asserted = _asserted({k: list(v) for k, v in req.query.items()})
    if isinstance(asserted, Response):
        return asserted
    lang = str(values.get("lang") or app.lang(req))
    key = ("download", query.name, fmt, tuple(sorted((k, str(v)) for k, v in values.items())), asserted)
    lim = app.limits
    job = Job(
        query=text,
        prefixes=PREFIX_TABLE,
        max_rows=lim.max_rows,
        max_bytes=lim.max_bytes,
        max_value_bytes=lim.max_value_bytes,
        mode="rows",
        base_iri=BASE,
        asserted=asserted,
    )

    def compute() -> Response:
        """Run the bound query on a worker and write its rows; keep the file in the cache."""
        answer = app.pool.run(job, app.client(req))
        if not isinstance(answer, Rows):
            return app.endpoint._failure(req, answer, None)
        variables, rows = table(answer.form, answer.variables, answer.rows)
        ctx = app.ctx(lang)
        body = write(fmt, variables, rows, query.title_in(lang), about(ctx, query, values, app.void.license, app.void.source))
        media = CSV_MEDIA if fmt == "csv" else XLSX_MEDIA
        resp = Response(200, body, media, headers=[("Content-Disposition", f'attachment; filename="{query.name}.{fmt}"')])
        resp = app.endpoint._mark_cut(resp, answer.cut)
        resp.etag = _etag(body)
        app.cache_put(key, resp)
        return resp

    return app.endpoint.coalesced(key, compute)


def bad_values_page(app: Host, req: Request, query: StoredQuery, values: dict[str, Any], lang: str, message: str) -> Response:
    """The 400 for a value the query cannot run with: the query's own page, its form keeping what was
    given, each bad value named with the closest allowed values as links (never a line of text)."""
    ctx = app.ctx(lang)
    found = param_form.problems(query, values, app.lookup, ctx.view, lang)
    block = param_form.problem_block(ctx, query, values, found) if found else el("p", message, class_="error", role="alert")
    typed = {pr.param.name: pr.given for pr in found}
    form = param_form.form(ctx, query, values, app.lookup, typed)
    body = query_pages.query_page(ctx, query, query.text, values, None, block, form=form)
    return app.with_lang(Response(400, body, cache=False), lang)
