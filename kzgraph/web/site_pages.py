"""The site's own pages: home, browsing by class, search, downloads, not found."""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from ..namespaces import BASE, DATASET_IRI, ID, ONTOLOGY
from . import list_downloads
from .addresses import picture_name, thing_iri
from .count_pages import numbers_section, relations_summary
from .counts import relations
from .html import Html, el, join
from .i18n import UI, humanize, t
from .layout import Ctx, page
from .terms import DEFAULT_LANG, DEFINITION, KZO_NS, TYPE
from .view import View
from .void import VoidSummary


def not_found_page(ctx: Ctx, path: str, key: str | None = None) -> bytes:
    """The 404 page: resources whose keys look like ``key``, a search form (not in a static copy), ways in."""
    view, L, lang = ctx.view, ctx.links, ctx.lang
    suggestions = view.suggestions(key, lang) if key else []
    body = [
        el("h1", t(lang, "notfound")),
        el("p", t(lang, "nothing"), " ", el("code", path)),
        el(
            "section",
            el("h2", t(lang, "didyoumean"), "…"),
            el(
                "ul",
                [
                    el("li", el("a", view.label(thing_iri(k), lang), href=L.page(k, lang)), " ", el("code", "id/" + k))
                    for k in suggestions
                ],
            ),
        )
        if suggestions
        else None,
        None
        if L.static
        else el(
            "form",
            el("input", type="search", name="q", value=(key or "").rsplit("/", 1)[-1], aria_label=t(lang, "search")),
            el("button", t(lang, "search"), type="submit"),
            action=L.path("search"),
            method="get",
        ),
        el(
            "p",
            el("a", t(lang, "browse"), href=L.path("browse", lang)),
            " · ",
            el("a", t(lang, "kazakhstan"), href=L.page("state/KAZ", lang)),
            " · ",
            el("a", t(lang, "ontology"), href=L.page("ontology", lang)),
            " · ",
            el("a", t(lang, "home"), href=L.path("", lang)),
        ),
    ]
    return page(ctx, t(lang, "notfound"), body, here=path.lstrip("/"))


SEARCH_PAGE_SIZE = 60


def search_page(ctx: Ctx, text: str, page_no: int = 1) -> bytes:
    """``/search``: the resources whose names or types match ``text``, ranked (see :mod:`kzgraph.web.search`),
    a page at a time, saying how many there are in all and linking to the next page."""
    view, L, lang = ctx.view, ctx.links, ctx.lang
    hits = view.search(text)
    pages = max(1, -(-len(hits) // SEARCH_PAGE_SIZE))
    page_no = min(max(1, page_no), pages)
    first = (page_no - 1) * SEARCH_PAGE_SIZE
    shown = hits[first : first + SEARCH_PAGE_SIZE]

    def page_link(n: int, label: str) -> Html:
        return el("a", label, href=L.path("search", lang, q=text, page=str(n)), rel="next" if n > page_no else "prev")

    paging = el(
        "p",
        t(lang, "shown", k=f"{first + 1}–{first + len(shown)}" if first else len(shown), n=len(hits)),
        [" · ", page_link(page_no - 1, t(lang, "prevpage"))] if page_no > 1 else None,
        [" · ", page_link(page_no + 1, t(lang, "nextpage", k=min(SEARCH_PAGE_SIZE, len(hits) - first - len(shown))))]
        if page_no < pages
        else None,
        class_="paging",
    )
    body = [
        el("h1", t(lang, "search")),
        el(
            "form",
            el("input", type="search", name="q", value=text, aria_label=t(lang, "search")),
            el("input", type="hidden", name="lang", value=lang) if lang != DEFAULT_LANG else None,
            el("button", t(lang, "search"), type="submit"),
            action=L.path("search"),
            method="get",
        ),
        paging if hits else None,
        el(
            "ol",
            [
                el(
                    "li",
                    el("a", view.label(h.iri, lang), href=L.href(h.iri, lang)),
                    el("small", " — ", h.name) if h.name != view.label(h.iri, lang) else None,
                    " ",
                    el("code", h.iri[len(BASE) :]),
                )
                for h in shown
            ],
            class_="hits",
            start=str(first + 1) if first else None,
        )
        if hits
        else _nothing_found(ctx, text)
        if text
        else None,
    ]
    return page(ctx, f"{t(lang, 'search')}: {text}" if text else t(lang, "search"), body, here="search")


def _nothing_found(ctx: Ctx, text: str) -> Html:
    """No match: say so, and offer the names closest to what was typed."""
    view, L, lang = ctx.view, ctx.links, ctx.lang
    near = list(dict.fromkeys(h.iri for h in view.search_index().closest(text)))
    return el(
        "div",
        el("p", t(lang, "noresults")),
        el("p", t(lang, "closest"), " ", join([el("a", view.label(i, lang), href=L.href(i, lang)) for i in near], sep=" · "))
        if near
        else None,
    )


def class_counts(view: View) -> list[tuple[str, int]]:
    """Every class of the ontology's namespace with its number of instances (asserted or inferred)."""
    counts: dict[str, set[str]] = {}
    for q in view.store.quads_for_pattern(None, TYPE, None):
        if (
            isinstance(q.object, ox.NamedNode)
            and q.object.value.startswith(KZO_NS)
            and isinstance(q.subject, ox.NamedNode)
            and q.subject.value.startswith(ID)
        ):
            counts.setdefault(q.object.value, set()).add(q.subject.value)
    return sorted(((c, len(s)) for c, s in counts.items()), key=lambda cn: (-cn[1], cn[0]))


def browse_index(ctx: Ctx) -> bytes:
    """``/browse``: every class of the ontology's namespace with its number of instances, the most first."""
    view, L, lang = ctx.view, ctx.links, ctx.lang
    rows = [
        el(
            "tr",
            el("td", el("a", view.label(c, lang), href=L.path("browse/" + c[len(KZO_NS) :], lang))),
            el("td", str(n), class_="num"),
        )
        for c, n in class_counts(view)
    ]
    body = [
        el("h1", t(lang, "browse")),
        el(
            "table",
            el("thead", el("tr", el("th", t(lang, "class")), el("th", t(lang, "count")))),
            el("tbody", rows),
            class_="data",
        ),
        list_downloads.links(ctx),
    ]
    return page(ctx, t(lang, "browse"), body, here="browse")


def browse_page(ctx: Ctx, local: str) -> bytes | None:
    """``/browse/{Class}``: the dataset's instances of one kzo class by label; None when it has none (a 404)."""
    view, L, lang = ctx.view, ctx.links, ctx.lang
    cls = KZO_NS + local
    members = [m for m in view.instances(cls) if m.value.startswith(ID)]
    if not members:
        return None
    members.sort(key=lambda m: view.label(m.value, lang).casefold())
    rows = []
    for m in members:
        asserted = [a.term for a in view.types(m) if not a.inferred and isinstance(a.term, ox.NamedNode)]
        rows.append(
            el(
                "li",
                el("a", view.label(m.value, lang), href=L.href(m.value, lang)),
                el("small", " — ", join([view.label(a.value, lang) for a in asserted], sep=", "))
                if asserted and asserted != [ox.NamedNode(cls)]
                else None,
            )
        )
    definition = view.text(ox.NamedNode(cls), DEFINITION, lang)
    title = view.label(cls, lang)
    body = [
        el("h1", title),
        el("p", definition, class_="comment") if definition else None,
        el("p", t(lang, "instances", n=len(members)), " · ", el("a", t(lang, "ontology"), href=L.page("ontology", lang, local))),
        _relation_note(ctx) if local in RELATION_CLASSES else None,
        el("ul", rows, class_="members"),
        list_downloads.links(ctx, local),
    ]
    return page(ctx, title, body, here=f"browse/{local}")


RELATION_CLASSES = ("BilateralRelation", "DiplomaticRelation")


def _relation_note(ctx: Ctx) -> Html:
    """On the relation lists: these are records; what the state pages count, and the list of all of them."""
    L, lang = ctx.links, ctx.lang
    return el(
        "div",
        relations_summary(ctx, ID + "state/KAZ"),
        el("p", el("a", t(lang, "allrelations"), href=L.path("browse/BilateralRelation", lang))),
        class_="note",
    )


def home_page(ctx: Ctx, void: VoidSummary, pictures: dict[str, str]) -> bytes:
    """The overview: what the dataset is, its numbers (from void.ttl), where to start, two pictures,
    and how the addresses work."""
    view, L, lang = ctx.view, ctx.links, ctx.lang
    title = void.title.get(lang) or void.title.get("en") or "kzgraph"
    counts = dict(class_counts(view))

    partners = relations(view.store, ID + "state/KAZ").partners  # the number the state page and the lists give

    def n_of(cls: str) -> str:
        return f" ({counts.get(KZO_NS + cls, 0)})"

    entry = [
        (t(lang, "kazakhstan"), L.page("state/KAZ", lang), ID + "state/KAZ"),
        (t(lang, "missions") + n_of("DiplomaticMission"), L.path("browse/DiplomaticMission", lang), None),
        (t(lang, "relations") + f" ({partners})", L.path("browse/BilateralRelation", lang), None),
        (view.label(ID + "list/no-relations", lang), L.page("list/no-relations", lang), None),
        (t(lang, "queries"), L.path("queries", lang), None),
        None if L.static else (t(lang, "sparql"), L.path("sparql", lang), L.absolute("sparql")),
        (t(lang, "ontology"), L.page("ontology", lang), ONTOLOGY),
        (t(lang, "downloads"), L.path("dump/", lang), None),
        ("VoID", L.path(".well-known/void", lang), DATASET_IRI),
        (t(lang, "browse"), L.path("browse", lang), None),
    ]
    numbers = [
        ("triples", void.numbers.get("triples")),
        ("entities", void.numbers.get("entities")),
        ("classes", void.numbers.get("classes")),
        ("properties", void.numbers.get("properties")),
    ]
    stats = el(
        "dl",
        [join(el("dt", t(lang, k) if k in UI["en"] else humanize(k)), el("dd", f"{v:,}")) for k, v in numbers if v is not None],
        el("dt", "Wikidata") if void.links_to_wikidata else None,
        el("dd", f"{void.links_to_wikidata:,} owl:sameAs") if void.links_to_wikidata else None,
        class_="stats",
    )
    top_classes = el(
        "ul",
        [
            el(
                "li",
                el("a", view.label(c, lang), href=L.path("browse/" + c[len(KZO_NS) :], lang))
                if c.startswith(KZO_NS)
                else ctx.link(ox.NamedNode(c)),
                f" {n}",
            )
            for c, n in void.classes[:16]
        ],
        class_="classes",
    )
    figures = [
        el(
            "figure",
            Html(pictures.get("timeline", "")),
            el("figcaption", t(lang, "timeline"), " · ", el("a", "SVG", href=L.path(picture_name("timeline", lang)))),
            id="timeline",
        ),
        el(
            "figure",
            Html(pictures.get("missions", "")),
            el("figcaption", t(lang, "diagram"), " · ", el("a", "SVG", href=L.path(picture_name("missions", lang)))),
            id="diagram",
        ),
    ]
    example = L.absolute("id/state/KAZ")
    addresses = el(
        "section",
        el("h2", t(lang, "strategy")),
        el(
            "p",
            "Every resource is named by a canonical IRI under ",
            el("code", BASE),
            " (things under ",
            el("code", "id/"),
            ", ontology terms under ",
            el("code", "ontology#"),
            "). This site serves that namespace at ",
            el("code", L.absolute()),
            ": only the request paths are mapped, ",
            "the RDF always carries the canonical IRIs.",
        ),
        el(
            "p",
            "Cool URIs with 303 redirects: a thing's IRI is not a document, so asking for it answers ",
            el("strong", "303 See Other"),
            " to a document about it, chosen by the ",
            el("code", "Accept"),
            " header (with q-values): ",
            el("code", "page/…"),
            " (HTML, ",
            el("code", "?lang=en|bg"),
            ") for browsers, ",
            el("code", "data/….ttl"),
            ", ",
            el("code", ".jsonld"),
            ", ",
            el("code", ".nt"),
            " or ",
            el("code", ".rdf"),
            " for linked-data clients. Documents themselves are not negotiated.",
        ),
        el(
            "pre",
            f"curl -iH 'Accept: text/turtle' {example}\nHTTP/1.1 303 See Other\nLocation: {L.absolute('data/state/KAZ.ttl')}\nVary: Accept",
        ),
        id="addresses",
        lang="en",
    )
    body = [
        el("h1", title),
        el("p", void.description.get(lang) or void.description.get("en") or "", class_="comment"),
        el(
            "section",
            el("h2", t(lang, "entrypoints")),
            el(
                "ul",
                [
                    el(
                        "li",
                        el("a", text, href=href),
                        el("small", " ", el("code", note))
                        if note and note.startswith("http")
                        else el("small", " — ", note)
                        if note
                        else None,
                    )
                    for item in entry
                    if item
                    for text, href, note in [item]
                ],
                class_="entry",
            ),
            id="start",
        ),
        numbers_section(ctx, ID + "state/KAZ"),
        el("section", el("h2", t(lang, "overview")), stats, top_classes, id="overview"),
        el("section", figures, class_="pictures"),
        addresses,
    ]
    return page(ctx, title, body, here="", description=void.description.get("en"))


def dumps_page(ctx: Ctx, files: Sequence[tuple[str, str, int]]) -> bytes:
    """The list of release files: (name, media type, size in bytes)."""
    L, lang = ctx.links, ctx.lang
    rows = [
        el(
            "tr",
            el("td", el("a", name, href=L.path("dump/" + name), type=media)),
            el("td", el("code", media)),
            el("td", f"{size:,}", class_="num"),
        )
        for name, media, size in files
    ]
    body = [
        el("h1", t(lang, "downloads")),
        el(
            "table",
            el("thead", el("tr", el("th", t(lang, "file")), el("th", t(lang, "mediatype")), el("th", t(lang, "size")))),
            el("tbody", rows),
            class_="data",
        ),
    ]
    return page(ctx, t(lang, "downloads"), body, here="dump/")
