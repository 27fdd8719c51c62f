"""The site's own pages: home, browsing by class, search, downloads, not found."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pyoxigraph as ox

from ..curated.namespaces import BASE, DATASET_IRI, ID, ONTOLOGY
from ..pipeline.counts import relations
from ..pipeline.terms import DEFAULT_LANG, DEFINITION, KZO_NS
from . import list_downloads, reading, worldmap
from .addresses import picture_name, thing_iri
from .count_pages import numbers_section, relations_summary
from .html import Html, el, join
from .i18n import UI, humanize, t
from .layout import Ctx, page
from .view import class_counts
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
    body = [
        el("h1", t(ctx.lang, "search")),
        el(
            "form",
            el("input", type="search", name="q", value=text, aria_label=t(ctx.lang, "search")),
            el("input", type="hidden", name="lang", value=ctx.lang) if ctx.lang != DEFAULT_LANG else None,
            el("button", t(ctx.lang, "search"), type="submit"),
            action=ctx.links.path("search"),
            method="get",
        ),
        *search_results(ctx, text, page_no),
    ]
    return page(ctx, f"{t(ctx.lang, 'search')}: {text}" if text else t(ctx.lang, "search"), body, here="search")


def search_results(ctx: Ctx, text: str, page_no: int = 1) -> list[Html | None]:
    """The server's own answer to a search: the paging line and the ranked hits, or what is closest."""
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
    return [
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
    """The front door for readers: what the site is in plain words, the ways in (map, timeline, countries,
    organisations, questions, the article section by section), Kazakhstan in numbers and the pictures; the
    data users' part (addresses, numbers of triples, classes, how addresses work) folded below."""
    view, L, lang = ctx.view, ctx.links, ctx.lang
    title = void.title.get(lang) or void.title.get("en") or "kzgraph"
    ways = [
        (t(lang, "way_map"), "#map") if "map" in pictures else None,
        (t(lang, "way_timeline"), "#timeline"),
        (t(lang, "way_countries"), L.path("browse/State", lang)),
        (t(lang, "way_organisations"), L.path("browse/Organization", lang)),
        (t(lang, "way_missions"), L.path("browse/DiplomaticMission", lang)),
        (view.label(ID + "list/no-relations", lang), L.page("list/no-relations", lang)),
        (t(lang, "way_questions"), L.path("queries", lang)),
        (t(lang, "way_article"), "#article"),
    ]
    body = [
        el("h1", title),
        el("p", t(lang, "home_lead"), class_="comment"),
        el("p", t(lang, "home_trust")),
        el(
            "section",
            el("h2", t(lang, "waysin")),
            el("ul", [el("li", el("a", text, href=href)) for item in ways if item for text, href in [item]], class_="ways"),
            id="ways",
        ),
        map_section(ctx, pictures),
        numbers_section(ctx, ID + "state/KAZ"),
        el("section", _figures(ctx, pictures), class_="pictures"),
        el("section", el("h2", t(lang, "way_article")), reading.article_contents(ctx), id="article"),
        _for_data_users(ctx, void),
    ]
    return page(ctx, title, body, here="", description=void.description.get("en"))


def map_section(ctx: Ctx, pictures: dict[str, str]) -> Html | None:
    """THE MAP'S PLACE on the home page: the picture named "map" (an SVG, like the timeline) with its caption,
    when the release has one; None until then. The home page's ways in link to it (``#map``)."""
    svg = pictures.get("map")
    if not svg:
        return None
    L, lang = ctx.links, ctx.lang
    return el(
        "section",
        el("h2", t(lang, "map")),
        el(
            "figure",
            el("div", Html(svg), class_="wide" if pictures.get("map-narrow") else None),
            el("div", Html(pictures["map-narrow"]), class_="narrow") if pictures.get("map-narrow") else None,
            el(
                "figcaption",
                t(lang, "way_map"),
                " · ",
                el("a", "SVG", href=L.path(picture_name("map", lang))),
                worldmap.caption_extras(ctx),  # the GeoJSON download and GeoNames' credit
            ),
        ),
        id="map",
    )


def _figures(ctx: Ctx, pictures: dict[str, str]) -> list[Html]:
    """The timeline and the diagram of memberships and missions, each with its caption and its SVG file."""
    L, lang = ctx.links, ctx.lang

    def both(name: str) -> list[Html]:  # the wide picture, and the one drawn for a phone, which CSS shows below 40rem
        narrow = pictures.get(name + "-narrow")
        return [
            el("div", Html(pictures.get(name, "")), class_="wide" if narrow else None),
            el("div", Html(narrow), class_="narrow") if narrow else None,
        ]

    return [
        el(
            "figure",
            both("timeline"),
            el("figcaption", t(lang, "timeline"), " · ", el("a", "SVG", href=L.path(picture_name("timeline", lang)))),
            id="timeline",
        ),
        el(
            "figure",
            both("missions"),
            el("figcaption", t(lang, "diagram"), " · ", el("a", "SVG", href=L.path(picture_name("missions", lang)))),
            id="diagram",
        ),
    ]


def _for_data_users(ctx: Ctx, void: VoidSummary) -> Html:
    """The data users' part, folded: the addresses of the data's entry points, the release's numbers and
    classes, and how addresses work (303 redirects, content negotiation)."""
    view, L, lang = ctx.view, ctx.links, ctx.lang
    counts = dict(class_counts(view))
    partners = relations(view.store, ID + "state/KAZ").partners  # the number the state page and the lists give

    def n_of(cls: str) -> str:
        return f" ({counts.get(KZO_NS + cls, 0)})"

    entry = [
        (t(lang, "kazakhstan"), L.page("state/KAZ", lang), ID + "state/KAZ"),
        (t(lang, "missions") + n_of("DiplomaticMission"), L.path("browse/DiplomaticMission", lang), None),
        (t(lang, "relations") + f" ({partners})", L.path("browse/BilateralRelation", lang), None),
        None if L.static else (t(lang, "sparql"), L.path("sparql", lang), L.absolute("sparql")),
        (t(lang, "ontology"), L.page("ontology", lang), ONTOLOGY),
        (t(lang, "downloads"), L.path("dump/", lang), None),
        ("VoID", L.path(".well-known/void", lang), DATASET_IRI),
        (t(lang, "browse"), L.path("browse", lang), None),
    ]
    numbers = [(k, void.numbers.get(k)) for k in ("triples", "entities", "classes", "properties")]
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
    entries = el(
        "ul",
        [
            el("li", el("a", text, href=href), el("small", " ", el("code", note)) if note else None)
            for item in entry
            if item
            for text, href, note in [item]
        ],
        class_="entry",
    )
    return el(
        "details",
        el("summary", t(lang, "datausers")),
        el("p", t(lang, "datausers_lead")),
        el("section", el("h2", t(lang, "entrypoints")), entries, id="start"),
        el("section", el("h2", t(lang, "overview")), stats, top_classes, id="overview"),
        _addresses(ctx),
        id="data-users",
        class_="data-users",
    )


def _addresses(ctx: Ctx) -> Html:
    """How the addresses work: the namespace, its mapping onto this site, the 303 redirects."""
    L, lang = ctx.links, ctx.lang
    example = L.absolute("id/state/KAZ")
    iris = _fill(
        t(lang, "addr_iris"),
        base=el("code", BASE),
        id=el("code", "id/"),
        onto=el("code", "ontology#"),
        here=el("code", L.absolute()),
    )
    redirects = _fill(
        t(lang, "addr_303"),
        code=el("code", "303 See Other"),
        accept=el("code", "Accept"),
        page=el("code", "page/…"),
        langs=el("code", "?lang=en|bg"),
        data=el("code", "data/…"),
    )
    return el(
        "section",
        el("h2", t(lang, "strategy")),
        el("p", iris),
        el("p", redirects),
        el(
            "pre",
            f"curl -iH 'Accept: text/turtle' {example}\nHTTP/1.1 303 See Other\nLocation: {L.absolute('data/state/KAZ.ttl')}\nVary: Accept",
        ),
        id="addresses",
    )


def _fill(template: str, **parts: Html) -> list[Html | str]:
    """An interface text with markup in its ``{name}`` places (the text itself is escaped as any text)."""
    out: list[Html | str] = []
    for piece in re.split(r"(\{\w+\})", template):
        out.append(parts[piece[1:-1]] if piece[1:-1] in parts and piece.startswith("{") else piece)
    return out


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
