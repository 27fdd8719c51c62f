"""Search on the static site (``kzgraph publish``), which has no server to ask: a page and the documents
a script indexes in the browser.

The documents (``search.json``) are the names the server's search reads — one call,
:func:`kzgraph.web.search.named_resources`, gives both — with each resource's label and page address
in every language. MiniSearch, a maintained search library (vendored in ``static/minisearch/`` at a
recorded version, MIT), indexes them in the browser: a few hundred documents take milliseconds, so no
index is prebuilt (that would need Node.js at publish time, which a publishing machine need not have,
or a second implementation of MiniSearch's format). ``static/search.js`` matches each word of the query
by itself, by prefix or misspelt, ranks names and acronyms that are the whole query first, and shows
the total and a page at a time. Without script the page says that search needs it and offers the lists.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ..curated.namespaces import BASE
from ..pipeline.terms import DEFAULT_LANG, KZO_NS, LANGS
from .addresses import Links
from .html import Html, el, join
from .i18n import t
from .layout import Ctx, page
from .view import View

DOCUMENTS = "search.json"
LIBRARY = Path(__file__).with_name("static") / "minisearch"
SCRIPTS = ("minisearch/minisearch.js", "search.js")
LISTS = ("State", "Organization", "City", "DiplomaticMission", "BilateralRelation")  # offered without script


def documents(view: View, links: Links) -> bytes:
    """``search.json``: every named resource of the site, sorted by IRI, with the names both searches read,
    its types' names (as numbers into one sorted table: each is shared by many), how many arcs point at it
    (the tie-breaker), its label in each language and its page (in the default language; the script adds
    ``lang`` as :meth:`Links.path` does); the same bytes for the same release and base."""
    named = view.named()
    type_names = sorted({name for n in named for name in n.types})
    number = {name: i for i, name in enumerate(type_names)}
    docs = [
        {
            "iri": n.iri[len(BASE) :],
            "names": n.names,
            "types": [number[name] for name in n.types],
            "links": n.links,
            "label": {lang: view.label(n.iri, lang) for lang in LANGS},
            "page": links.href(n.iri),
        }
        for n in named
    ]
    body = {"documents": docs, "types": type_names}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def search_page(ctx: Ctx, lists: list[str], fallback: Html | None = None, text: str = "") -> bytes:
    """``search.html``: the form, and the places ``search.js`` fills; without script, a paragraph that says
    search needs it here, with links to the lists of ``lists`` (kzo class names that have a list page).

    ``kzgraph serve`` gives the same page, so that both sites rank with the same index; there the part a
    browser without script sees is ``fallback``, the server's own answer (which the script hides)."""
    view, L, lang = ctx.view, ctx.links, ctx.lang
    offered = [el("a", view.label(KZO_NS + c, lang), href=L.path("browse/" + c, lang)) for c in LISTS if c in lists]
    without_script = (
        el("div", fallback, class_="needs-script")
        if fallback is not None
        else el(
            "p",
            t(lang, "searchneedsjs"),
            " ",
            join([el("a", t(lang, "browse"), href=L.path("browse", lang)), *offered], sep=" · "),
            class_="needs-script",
        )
    )
    body = el(
        "div",
        el("h1", t(lang, "search")),
        el(
            "form",
            el("input", type="search", name="q", value=text or None, aria_label=t(lang, "search")),
            el("input", type="hidden", name="lang", value=lang) if lang != DEFAULT_LANG else None,
            el("button", t(lang, "search"), type="submit"),
            action=L.path("search"),
            method="get",
        ),
        without_script,
        el("p", t(lang, "searchfailed"), class_="failed", hidden=True),
        el("p", class_="paging", hidden=True),
        el("ol", class_="hits", hidden=True),
        el("div", class_="nothing", hidden=True),
        id="search",
        data_index=L.path(DOCUMENTS),
        data_search=L.path("search"),
        data_lang=lang,
        data_default_lang=DEFAULT_LANG,
        data_title=t(lang, "search"),
        data_shown=t(lang, "shown"),
        data_next=t(lang, "nextpage"),
        data_prev=t(lang, "prevpage"),
        data_none=t(lang, "noresults"),
        data_closest=t(lang, "closest"),
    )
    return page(ctx, t(lang, "search"), body, here="search", scripts=SCRIPTS)


def write_search(write: Callable[..., None], view: View, links: Links, lists: list[str]) -> None:
    """Write the search pages (one a language), ``search.json`` and the vendored library into a site."""
    for lang in LANGS:
        name = "search.html" if lang == DEFAULT_LANG else f"search.{lang}.html"
        write(name, search_page(Ctx(view, links, lang), lists), "pages")
    write(DOCUMENTS, documents(view, links))
    for p in sorted(LIBRARY.iterdir()):
        if p.is_file():
            write(f"static/minisearch/{p.name}", p.read_bytes())
