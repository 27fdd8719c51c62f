"""Pages about queries: the stored queries, one stored query with its results, the SPARQL editor."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..core.formats import REGISTRY, RESULTS
from ..curated.namespaces import BASE, PREFIX_TABLE
from ..pipeline.terms import DEFAULT_LANG, XSD, to_curie
from .html import Html, el, esc, join, json_island
from .i18n import t
from .layout import Ctx, literal, page

if TYPE_CHECKING:
    from ..asking.queries import StoredQuery


def plain_term(term: Any) -> tuple:
    """A query result term as a picklable tuple: ('uri', v) | ('bnode', v) | ('literal', v, lang, datatype)."""
    if term is None:
        return ("unbound",)
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value)
    if isinstance(term, ox.Literal):
        return ("literal", term.value, term.language, term.datatype.value)
    if isinstance(term, ox.Triple):
        return ("triple", plain_term(term.subject), plain_term(term.predicate), plain_term(term.object))
    return ("literal", str(term), None, XSD + "string")


def term_cell(ctx: Ctx, term: tuple) -> Html:
    """A result cell from :func:`plain_term`'s tuple: IRIs linked and labelled, literals as pages show them."""
    tag = term[0]
    if tag == "unbound":
        return Html("")
    if tag == "uri":
        iri = term[1]
        href = ctx.links.href(iri, ctx.lang)
        text = ctx.view.label(iri, ctx.lang) if ctx.view.has_label(iri) else to_curie(iri)
        return el("a", text, href=href, title=iri) if href else el("span", text, title=iri)
    if tag == "bnode":
        return el("span", f"_:{term[1]}", class_="bnode")
    if tag == "literal":
        return literal(
            ox.Literal(term[1], language=term[2]) if term[2] else ox.Literal(term[1], datatype=ox.NamedNode(term[3])), ctx.lang
        )
    if tag == "triple":
        return join("<< ", term_cell(ctx, term[1]), " ", term_cell(ctx, term[2]), " ", term_cell(ctx, term[3]), " >>")
    return esc(str(term))


def results_table(ctx: Ctx, variables: Sequence[str], rows: Sequence[Sequence[tuple]], cut: tuple | None) -> Html:
    """Rows as a table with links to the resource pages; says so when the result was cut, and why."""
    note = el("p", ctx.t("truncated_" + cut[1], n=cut[0], limit=f"{cut[2]:,}"), class_="warning", role="status") if cut else None
    return join(
        el("p", ctx.t("rows", n=len(rows)), class_="count"),
        note,
        el(
            "div",
            el(
                "table",
                el("thead", el("tr", [el("th", v) for v in variables])),
                el("tbody", [el("tr", [el("td", term_cell(ctx, c)) for c in row]) for row in rows]),
                class_="data results",
            ),
            class_="scroll",
        ),
    )


def result_html(ctx: Ctx, form: str, variables: Sequence[str], rows: Any, cut: tuple | None) -> Html:
    """A query's result as a page shows it: ``ASK: true`` or ``false``, else :func:`results_table`."""
    if form == "boolean":
        return el("p", el("strong", "ASK: "), "true" if rows else "false", class_="boolean")
    return results_table(ctx, variables, rows, cut)


# Where a page is rendered around a result table it does not hold: the result (rendered by the query
# worker) is put in its place as bytes. No text of the page can spell it, since every text is escaped.
RESULT_SLOT = Html("<!--kzgraph:result-->")


def with_result(page_bytes: bytes, result: bytes) -> bytes:
    """``page_bytes`` (rendered with :data:`RESULT_SLOT` as its result) with ``result`` in that place:
    one copy of the result, not one per level of markup around it."""
    head, slot, tail = page_bytes.partition(RESULT_SLOT.encode("utf-8"))
    if not slot:
        raise ValueError("the page has no place for the result")
    return b"".join((head, result, tail))


def queries_page(ctx: Ctx, queries: Sequence[Any]) -> bytes:
    """``/queries``: the stored questions grouped by subject (each query's ``# topic:``), each under
    its title and question in the page's language, subjects in the order of
    :data:`kzgraph.asking.topics.TOPICS`; a query without a known subject comes last, under "Other"."""
    from ..asking.topics import TOPICS, topic_name

    L, lang = ctx.links, ctx.lang
    groups: dict[str, list[Any]] = {}
    for q in queries:
        groups.setdefault(q.topic if q.topic in TOPICS else "", []).append(q)
    order = [k for k in TOPICS if k in groups] + ([""] if "" in groups else [])

    def name(topic: str) -> str:
        return topic_name(topic, lang) if topic else {"bg": "Други"}.get(lang, "Other")

    def item(q: Any) -> Html:
        question = q.questions.get(lang) or q.questions.get("en") or ""
        return el(
            "li",
            el("a", q.title_in(lang), href=L.path(f"queries/{q.name}", lang)),
            el("br"),
            el("span", question, class_="question"),
            " ",
            el("small", el("a", f"{q.name}.rq", href=L.path(f"queries/{q.name}.rq"))),
            data_query=q.name,
        )

    sections = [
        el(
            "section",
            el("h2", name(topic), id=f"topic-{topic or 'other'}"),
            el("ul", [item(q) for q in groups[topic]], class_="queries"),
            data_topic=topic or "other",
        )
        for topic in order
    ]
    contents = el(
        "nav",
        el("ul", [el("li", el("a", name(topic), href=f"#topic-{topic or 'other'}")) for topic in order]),
        class_="topics",
        aria_label=t(lang, "examples"),
    )
    body = [el("h1", t(lang, "examples")), contents, sections]
    return page(ctx, t(lang, "examples"), body, here="queries")


def with_values(ctx: Ctx, rel: str, values: dict[str, Any]) -> str:
    """The address ``rel`` with parameter ``values`` in its query string (a list comma-separated),
    and the page's language unless the values name one (a query's own ``lang`` parameter)."""
    from urllib.parse import urlencode

    query = {k: v if isinstance(v, str) else ",".join(v) for k, v in values.items()}
    if "lang" not in query and ctx.lang != DEFAULT_LANG:
        query["lang"] = ctx.lang
    return ctx.links.path(rel) + ("?" + urlencode(query) if query else "")


def _hint(ctx: Ctx, hint: Any) -> Html:
    """The other side of a mission, where this query found nothing: a link to the query that asks it."""
    link = el("a", hint.query.title_in(ctx.lang), href=with_values(ctx, f"queries/{hint.query.name}", hint.values))
    return el("p", t(ctx.lang, "other_side", rows=hint.rows), " ", link, class_="hint", role="status")


def query_page(
    ctx: Ctx,
    query: Any,
    text: str,
    values: dict[str, Any],
    result: Html | None,
    error: str | Html | None,
    hint: Any = None,
    *,
    form: Html | None = None,
    downloads: Html | None = None,
) -> bytes:
    """A stored query: its question, the form of its parameters (``form``: choice lists, see
    :mod:`kzgraph.web.param_form`), its results with their downloads, and its SPARQL text folded
    away. ``error``: a sentence, or a block (a bad value and the closest allowed ones) shown instead
    of the results."""
    L, lang = ctx.links, ctx.lang
    question = query.questions.get(lang) or query.questions.get("en") or ""
    title = query.title_in(lang)
    if isinstance(error, Html):
        failure: Html | None = error
    else:
        failure = el("p", error, class_="error", role="alert") if error else None
    body = [
        el("h1", title),
        el("p", question, class_="question"),
        failure,  # first, where a phone shows it without scrolling; the form to put it right follows
        _answer(query, lang),
        None if L.static else form,
        el("p", t(lang, "static_query")) if L.static and query.params else None,
        None if failure else [el("h2", t(lang, "results")), _hint(ctx, hint) if hint is not None else None, result, downloads],
        el(
            "details",
            el("summary", t(lang, "query")),
            el("pre", el("code", text)),
            None if L.static else el("p", el("a", t(lang, "edit") + " (SPARQL)", href=L.path("sparql", query=text))),
            el("p", el("a", f"{query.name}.rq", href=L.path(f"queries/{query.name}.rq"))),
        ),
    ]
    return page(ctx, title, body, here=f"queries/{query.name}")


# The editor's lists, from the registry: the results formats, then the graph formats of a thing's document.
RESULT_DOWNLOADS = [(fmt, fmt.upper(), fmt) for fmt in RESULTS]
GRAPH_DOWNLOADS = [(f.ext, f.name, f.ext) for f in REGISTRY.documents()]
SPARQL_FORMATS = [("html", "HTML"), *((code, name) for code, name, _ in RESULT_DOWNLOADS + GRAPH_DOWNLOADS)]


DEFAULT_QUERY = """# The project's prefixes (kzo:, rdfs:, state: …) need no PREFIX lines here.
SELECT ?mission ?label WHERE {
  ?mission kzo:sendingState state:KAZ ;
           rdfs:label ?label .
  FILTER(lang(?label) = "en")
}
ORDER BY ?label
LIMIT 20
"""


def _answer(query: StoredQuery, lang: str) -> Html | None:
    """What the answer holds, in the page's language where the header gives it (``# answer-bg:``)."""
    shown = query.answer_in(lang)
    if not shown:
        return None
    return el("p", el("strong", t(lang, "answer"), ": "), shown, lang=lang if shown != query.answer else "en")


def editor_config(ctx: Ctx, queries: Sequence[Any], texts: dict[str, str]) -> dict[str, Any]:
    """What the editor's script reads from the page (the ``#kzgraph-editor`` data island)."""
    L = ctx.links
    classes, properties = ctx.view.vocabulary()
    return {
        "endpointPath": L.path("sparql"),
        "prefixesUrl": L.path("sparql/prefixes.json"),
        "canonicalBase": BASE,
        "basePath": L.base_path,
        "defaultQuery": DEFAULT_QUERY,
        "prefixes": dict(PREFIX_TABLE),
        "classes": classes,
        "properties": properties,
        "queries": {q.name: {"name": q.title_in(ctx.lang), "text": texts.get(q.name, q.text)} for q in queries},
        "resultFormats": RESULT_DOWNLOADS,
        "graphFormats": GRAPH_DOWNLOADS,
        "texts": {"download": t(ctx.lang, "download")},
    }


def sparql_page(
    ctx: Ctx,
    queries: Sequence[Any],
    text: str | None,
    fmt: str,
    limits: Any,
    result: Html | None = None,
    error: str | None = None,
) -> bytes:
    """The SPARQL page: YASGUI (syntax highlighting, completion, tabs, a result table, downloads)
    when scripts run, and under it the plain form, which is all a browser without JavaScript sees
    and still runs every query."""
    L, lang = ctx.links, ctx.lang
    form = el(
        "form",
        el(
            "label",
            el("span", t(lang, "query")),
            el(
                "textarea",
                text or DEFAULT_QUERY,
                name="query",
                rows="14",
                cols="90",
                spellcheck="false",
                aria_label=t(lang, "query"),
            ),
        ),
        el(
            "p",
            el(
                "label",
                t(lang, "format"),
                " ",
                el(
                    "select",
                    [el("option", name, value=code, selected=code == fmt) for code, name in SPARQL_FORMATS],
                    name="format",
                ),
            ),
            " ",
            el("button", t(lang, "run"), type="submit"),
        ),
        el("input", type="hidden", name="lang", value=lang) if lang != DEFAULT_LANG else None,
        method="get",
        action=L.path("sparql"),
        class_="sparql",
        id="kzgraph-plain-form",
    )
    examples = []
    for q in queries:
        question = q.questions.get(lang) or q.questions.get("en") or ""
        params = ", ".join(p.name for p in q.params)
        examples.append(
            el(
                "li",
                el("strong", q.title_in(lang)),
                el("br"),
                el("span", question, class_="question"),
                el("br") if params else None,
                el("small", t(lang, "params"), ": ", el("code", params)) if params else None,
                el("br"),
                el("a", t(lang, "run"), href=L.path("sparql", lang, query=q.text), data_query=q.name, data_run=True),
                " · ",
                el("a", t(lang, "edit"), href=L.path("sparql", lang, example=q.name), data_query=q.name),
                " · ",
                el("a", f"{q.name}.rq", href=L.path(f"queries/{q.name}.rq")),
            )
        )
    limit_text = (
        f"Read-only SPARQL 1.1 (query only: updates are refused, and so is SERVICE — this endpoint never fetches "
        f"other addresses). Queries of at most {limits.query.max_bytes:,} bytes and {limits.query.max_depth} "
        f"levels of nesting; time limit {limits.timeout:g} s; at most {limits.max_rows:,} rows or triples, "
        f"{limits.max_bytes:,} bytes per response and {limits.max_value_bytes:,} bytes per value (the response "
        f"says when and why it was cut: Kzgraph-Truncated); {limits.queries_per_client} running "
        f"quer{'y' if limits.queries_per_client == 1 else 'ies'} per client. Endpoint: {L.absolute('sparql')} — GET "
        f"?query= or POST (form or application/sparql-query); results by Accept or ?format=. The prefixes of "
        f"`kzgraph prefixes` (kz:, kzo:, state:, mission: … and the standard vocabularies) need no declaration. "
        f"The default graph holds the data with its OWL RL inferences, as in `kzgraph query`; each of "
        f"{BASE}graph/{{data,inferred,ontology,metadata}} is also a named graph; infer=false leaves the "
        f"inferences out (kzgraph query --asserted); FROM, FROM NAMED, default-graph-uri and named-graph-uri "
        f"choose another dataset; relative IRIs are read against {L.absolute('sparql')}."
    )
    body = [
        el("h1", "SPARQL"),
        el("p", t(lang, "editor_intro"), " ", el("a", "prefixes.json", href=L.path("sparql/prefixes.json")), class_="comment"),
        el("div", id="yasgui", hidden=True),
        el("p", id="kzgraph-downloads", class_="downloads", hidden=True),
        form,
        el(
            "section",
            el("h2", t(lang, "results")),
            el("p", error, class_="error", role="alert") if error else result,
            id="results",
        )
        if (result is not None or error)
        else None,
        el("section", el("h2", t(lang, "examples")), el("ol", examples, class_="queries", id="kzgraph-stored"), id="examples"),
        el("section", el("h2", t(lang, "limits")), el("p", limit_text, lang="en"), id="limits"),
        json_island("kzgraph-editor", editor_config(ctx, queries, {})),
    ]
    return page(
        ctx,
        "SPARQL",
        body,
        here="sparql",
        stylesheets=["yasgui/yasgui.min.css"],
        scripts=["yasgui/yasgui.min.js", "sparql-editor.js"],
    )
