"""Running one query job in a worker, and writing its results in the SPARQL 1.1 results formats."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pyoxigraph as ox

from ..core.formats import DOCUMENT_TYPES
from ..pipeline import terms
from . import documents
from .negotiation import RESULT_MEDIA, media_type
from .protocol import Answer, BadSyntax, Cut, Failed, Job, Refused, Result, Rows, Table, Unacceptable
from .query_pages import plain_term


def _json_term(term: tuple) -> dict[str, Any]:
    tag = term[0]
    if tag == "uri":
        return {"type": "uri", "value": term[1]}
    if tag == "bnode":
        return {"type": "bnode", "value": term[1]}
    if tag == "triple":
        return {
            "type": "triple",
            "value": {"subject": _json_term(term[1]), "predicate": _json_term(term[2]), "object": _json_term(term[3])},
        }
    out: dict[str, Any] = {"type": "literal", "value": term[1]}
    if term[2]:
        out["xml:lang"] = term[2]
    elif term[3] != terms.XSD + "string":
        out["datatype"] = term[3]
    return out


def write_solutions(variables: Sequence[str], rows: Sequence[Sequence[tuple]], fmt: str, link: str | None = None) -> bytes:
    """SELECT results in a SPARQL 1.1 results format. The rows are those the endpoint kept (cut at
    its limits), so they are written as SPARQL JSON here — with ``link``, a URL saying why the result
    was cut, in its head — and pyoxigraph's own writers turn that into XML, CSV or TSV."""
    head: dict[str, Any] = {"vars": list(variables)}
    if link and fmt == "json":
        head["link"] = [link]
    bindings = [{v: _json_term(t) for v, t in zip(variables, row, strict=False) if t[0] != "unbound"} for row in rows]
    body = json.dumps({"head": head, "results": {"bindings": bindings}}, ensure_ascii=False).encode("utf-8")
    if fmt == "json":
        return body
    if fmt not in _OX_RESULTS:
        raise ValueError(f"unknown results format {fmt!r}")
    return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(format=_OX_RESULTS[fmt])


def execute(store: ox.Store, job: Job, check: bool = True) -> Answer:
    """Run one query job (:func:`run_job`); with ``check``, a :class:`Result` or :class:`Table` carries
    the warnings for terms the query names in the project's namespaces that the release does not
    have (:mod:`kzgraph.sparql.term_check`), read from the tree the check parsed."""
    answer = run_job(store, job, check)
    if check and isinstance(answer, (Result, Table)):
        from ..sparql.check import inspect
        from ..sparql.term_check import terms_of

        warnings = terms_of(store).warnings(list(inspect(job.query, base=_base(job)).iris))
        answer = replace(answer, warnings=tuple(_empty_graph_warnings(store, job) + warnings))
    return answer


def _protocol_graphs(job: Job) -> list[str]:
    """The graphs a request names as ``default-graph-uri`` and ``named-graph-uri``."""
    return [*job.default_graphs, *job.named_graphs]


def _empty_graph_warnings(store: ox.Store, job: Job) -> list[str]:
    """A warning for each graph the request names that the release does not hold (read as empty)."""
    held = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
    return [
        f"<{g}> is no graph of this release: it was read as an empty graph (graphs are never fetched from the web)"
        for g in dict.fromkeys(_protocol_graphs(job))
        if g not in held
    ]


def run_job(store: ox.Store, job: Job, check: bool = True) -> Answer:
    """Run one query job and return its answer (:mod:`.protocol`): a :class:`Result` (mode
    ``serialize``), :class:`Rows` (mode ``rows``) or :class:`Table` (mode ``html``: the result table
    rendered here, see :func:`html_answer`), or :class:`Refused`, :class:`BadSyntax`,
    :class:`Unacceptable` or :class:`Failed`; a result's ``cut`` is None, or a :class:`Cut` when it was
    cut at ``max_rows`` rows, ``max_bytes`` bytes of response or a value over ``max_value_bytes``.

    With ``check`` (always, on the public endpoint) the query is first read by a SPARQL parser and
    refused unless it is a plain query of bounded size and nesting with no SERVICE anywhere
    (:func:`kzgraph.sparql.check.inspect`); what runs then is the text that check read, not the one sent."""
    if check:
        from ..sparql.check import QueryRefused, inspect
        from ..sparql.term_check import unknown_graphs

        try:
            inspection = inspect(job.query, base=_base(job))
        except QueryRefused as exc:
            return Refused(exc.status, str(exc))
        # A FROM naming a graph the release lacks is refused: the query would silently read it as empty.
        # The protocol's graphs, when given, stand for the query's FROM (SPARQL 1.1 Protocol §2.1.4);
        # one the release lacks is read as an empty graph, as the protocol's own tests expect, with a
        # warning (:func:`execute`).
        missing = None if _protocol_graphs(job) else unknown_graphs(store, inspection.graphs)
        if missing:
            return Refused(400, missing)
        job, from_clause = replace(job, query=inspection.text), inspection.names_dataset
    else:
        from ..sparql.check import names_dataset

        from_clause = job.names_dataset if job.names_dataset is not None else names_dataset(job.query)
        if from_clause is None:  # unreadable by the check: its dataset is unknown, so it is not run on a guess
            return Refused(400, "the query cannot be read by the SPARQL check, so the dataset it asks for is unknown")
    bounds = Bounds(job.max_rows, job.max_bytes, job.max_value_bytes)
    try:
        result = store.query(job.query, **_query_options(store, job, from_clause))
    except SyntaxError as exc:
        from ..sparql.errors import explain

        return BadSyntax(explain(job.query, str(exc), job.prefixes or None).render())
    except Exception as exc:  # evaluation errors: a function the engine lacks is the query's, a 400
        from ..sparql.errors import explain_evaluation

        plain = explain_evaluation(job.query, exc)
        return Refused(400, plain) if plain else Failed(f"{type(exc).__name__}: {exc}")
    rows_mode = job.mode in ("rows", "html")
    try:
        if isinstance(result, ox.QueryBoolean):
            if rows_mode:
                return html_answer(store, job, bounds, "boolean", [], bool(result), None)
            fmt, media = answer_format(job, "boolean")
            if fmt not in _OX_RESULTS:
                return Unacceptable("boolean")
            return Result("boolean", media, result.serialize(format=_OX_RESULTS[fmt]), None)
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows, cut = bounds.take([plain_term(s[v]) for v in variables] for s in result)
            if rows_mode:
                return html_answer(store, job, bounds, "solutions", variables, rows, cut)
            fmt, media = answer_format(job, "solutions")
            if fmt not in _OX_RESULTS:
                return Unacceptable("solutions")
            link = job.limit_link
            body, cut = bounds.fit(rows, cut, lambda kept, c: write_solutions(variables, kept, fmt, link if c else None))
            return Result("solutions", media, body, cut)
        fmt, media = answer_format(job, "triples")
        if not rows_mode and fmt not in DOCUMENT_TYPES:
            return Unacceptable("triples")
        kept, cut = bounds.take([plain_term(t.subject), plain_term(t.predicate), plain_term(t.object)] for t in result)
        if rows_mode:
            return html_answer(store, job, bounds, "triples", ["subject", "predicate", "object"], kept, cut)
        body, cut = bounds.fit(kept, cut, lambda some, c: documents.serialize([_triple(r) for r in some], fmt))
        return Result("triples", media, body, cut)
    except Exception as exc:
        return Failed(f"{type(exc).__name__}: {exc}")


def answer_format(job: Job, form: str) -> tuple[str | None, str]:
    """The writer and Content-Type the endpoint chose for a query of ``form`` (``job.answers``,
    see :func:`kzgraph.web.negotiation.endpoint_answers`); a job without them (a direct caller of the
    pool) names its formats as ``result_format`` and ``graph_format`` and gets their standard types."""
    if job.answers is not None:
        chosen = job.answers.get(form)
        return (chosen[0], chosen[1]) if chosen else (None, "")
    fmt = job.graph_format if form == "triples" else job.result_format
    if form == "triples":
        return fmt, media_type(fmt) if fmt in DOCUMENT_TYPES else ""
    return fmt, RESULT_MEDIA.get(fmt, "")


def _base(job: Job) -> str:
    """The base IRI a job's query is read against: the endpoint's address, else the release's base."""
    from ..curated.namespaces import BASE

    return job.base_iri or BASE


def _query_options(store: ox.Store, job: Job, from_clause: bool) -> dict[str, Any]:
    """``Store.query`` options for a job: its prefixes, its base IRI (the endpoint's address, so
    relative IRIs resolve as SPARQL 1.1 has them) and its dataset (the protocol's graphs, else the
    query's ``FROM``, else the release's default dataset, the same as ``kzgraph query``'s)."""
    from ..pipeline.embedded_store import dataset_options

    options: dict[str, Any] = {"prefixes": job.prefixes} if job.prefixes else {}
    options["base_iri"] = _base(job)  # the base the check read the query against: one reading
    options.update(
        dataset_options(
            asserted=job.asserted,
            query_names_dataset=from_clause,
            default_graphs=job.default_graphs,
            named_graphs=job.named_graphs,
            store=store,
        )
    )
    return options


def html_answer(store: ox.Store, job: Job, bounds: Bounds, form: str, variables: list, rows: Any, cut: Cut | None) -> Answer:
    """In mode ``rows``, the rows for the caller (:class:`Rows`). In mode ``html``, the result table
    rendered here — in the query worker, under its memory limit, not in the server — and cut like
    every other format to ``max_bytes`` bytes of table (HTML escaping can make a value six times
    longer than it is): a :class:`Table`. Links and labels are those of the pages: the job's
    ``base_url`` and ``lang``, the labels from this worker's store."""
    if job.mode != "html":
        return Rows(form, variables, rows, cut)
    from ..pipeline.terms import DEFAULT_LANG
    from .addresses import Links
    from .layout import Ctx
    from .query_pages import result_html

    ctx = Ctx(_view(store), Links(job.base_url or Links().base_url), job.lang or DEFAULT_LANG)

    def render(kept: Any, c: Cut | None) -> bytes:
        """The table of ``kept`` rows, saying why it was cut when ``c``."""
        return result_html(ctx, form, variables, kept, c).encode("utf-8")

    if form == "boolean":
        return Table(form, render(rows, None), None)
    body, cut = bounds.fit(rows, cut, render)
    return Table(form, body, cut)


_views: list[tuple[ox.Store, Any]] = []  # the worker's one store and its labels, indexed once


def _view(store: ox.Store) -> Any:
    from .view import View

    if not _views or _views[0][0] is not store:
        _views[:] = [(store, View(store))]
    return _views[0][1]


class Bounds:
    """The row, byte and value limits of one result, applied while its rows are read.

    Rows are counted as they come, so an over-long result stops the engine's iterator early (no
    more of it is computed); a value longer than ``max_value`` stops the result before that row;
    and the written response is checked against ``max_bytes`` and cut further if the format's
    overhead took it over (so the bound holds for every format, escaping included).
    """

    def __init__(self, max_rows: int, max_bytes: int, max_value: int):
        self.max_rows, self.max_bytes, self.max_value = max_rows, max_bytes, max_value

    def take(self, rows: Any) -> tuple[list[list[tuple]], Cut | None]:
        """The rows within the limits and, when one stopped them, the cut: (rows kept, ``rows``/``value``/``bytes``, limit)."""
        kept: list[list[tuple]] = []
        total = 0
        for row in rows:
            if len(kept) >= self.max_rows:
                return kept, Cut(len(kept), "rows", self.max_rows)
            size = 0
            for term in row:
                n = _term_bytes(term)
                if n > self.max_value:
                    return kept, Cut(len(kept), "value", self.max_value)
                size += n + 48
            if total + size > self.max_bytes:
                return kept, Cut(len(kept), "bytes", self.max_bytes)
            total += size
            kept.append(row)
        return kept, None

    def fit(self, rows: list, cut: Cut | None, write: Any) -> tuple[bytes, Cut | None]:
        """``write(rows, cut)`` cut to at most ``max_bytes`` bytes."""
        body = write(rows, cut)
        while len(body) > self.max_bytes and rows:
            keep = max(0, min(len(rows) - 1, int(len(rows) * self.max_bytes / len(body) * 0.95)))
            rows = rows[:keep]
            cut = Cut(len(rows), "bytes", self.max_bytes)
            body = write(rows, cut)
        return body, cut


def _term_bytes(term: tuple) -> int:
    if term[0] == "triple":
        return sum(_term_bytes(t) for t in term[1:])
    return sum(len(part.encode("utf-8", "surrogatepass")) for part in term[1:] if isinstance(part, str))


def _triple(row: list[tuple]) -> ox.Triple:
    return ox.Triple(*(_ox_term(t) for t in row))


def _ox_term(term: tuple) -> Any:
    tag = term[0]
    if tag == "uri":
        return ox.NamedNode(term[1])
    if tag == "bnode":
        return ox.BlankNode(term[1])
    if tag == "triple":
        return ox.Triple(*(_ox_term(t) for t in term[1:]))
    if term[2]:
        return ox.Literal(term[1], language=term[2])
    return ox.Literal(term[1], datatype=ox.NamedNode(term[3]))


_OX_RESULTS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
