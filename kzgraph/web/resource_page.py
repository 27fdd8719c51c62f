"""The page of one resource: its properties, its source in the article, its notes, what links to it."""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from ..formats import DOCUMENT_TYPES
from . import worldmap
from .addresses import thing_iri
from .count_pages import numbers_section
from .html import Html, el, join, safe_href
from .i18n import t
from .layout import Ctx, page
from .terms import (
    CITATION,
    CITES,
    COMMENT,
    DERIVED,
    IN_SECTION,
    KZO_NS,
    LABEL,
    LANGS,
    NOTE_TYPE,
    PART_OF,
    PREF_LABEL,
    PROV_VALUE,
    QUALITY_NOTE,
    QUOTED_FROM,
    SCHEMA_URL,
    TYPE,
)
from .view import Arc, Term, View

STATE = KZO_NS + "State"


def resource_page(ctx: Ctx, key: str) -> bytes:
    """``page/{key}``: a resource's types, labels, properties, provenance, quality notes and what links to it."""
    view, L, lang = ctx.view, ctx.links, ctx.lang
    iri = thing_iri(key)
    node = ox.NamedNode(iri)
    title = view.label(iri, lang)
    arcs = view.arcs_out(node)
    comment = view.text(node, COMMENT, lang)
    types = [a for a in arcs if a.predicate == TYPE]
    other_labels = sorted(
        {
            (o.language, o.value)
            for a in arcs
            if a.predicate == LABEL
            for o in [a.term]
            if isinstance(o, ox.Literal) and o.language and o.language != lang and o.language in LANGS
        }
    )
    formats = [el("a", name, href=L.data(key, ext), type=media) for ext, (media, name) in DOCUMENT_TYPES.items()]
    intro = el(
        "dl",
        el("dt", t(lang, "iri")),
        el("dd", el("a", iri, href=L.thing(iri), class_="iri")),
        el("dt", t(lang, "types")),
        el(
            "dd",
            join(
                [_type_link(ctx, a) for a in sorted(types, key=lambda a: (a.inferred, view.label(a.term.value, lang)))], sep=", "
            ),
        ),
        [
            join(el("dt", t(lang, "label"), " (", code, ")"), el("dd", el("span", value, lang=code)))
            for code, value in other_labels
        ],
        el("dt", t(lang, "formats")),
        el("dd", join(formats, sep=" · ")),
        class_="intro",
    )
    skip = {TYPE.value, DERIVED.value, QUALITY_NOTE.value}
    table = property_table(ctx, [a for a in arcs if a.predicate.value not in skip])
    children = []
    for child in view.hash_children(iri):
        frag = child.value.split("#", 1)[1]
        children.append(
            el(
                "section",
                el("h3", view.label(child.value, lang) if view.has_label(child.value) else "#" + frag),
                property_table(ctx, view.arcs_out(child)),
                id=frag,
            )
        )
    body = [
        el("h1", title),
        el("p", comment, class_="comment") if comment else None,
        intro,
        numbers_section(ctx, iri) if any(a.term.value == STATE for a in types) else None,
        worldmap.state_section(ctx, iri) if any(a.term.value == STATE for a in types) else None,
        el("section", el("h2", t(lang, "properties")), table, children, id="properties") if table or children else None,
        provenance(ctx, node),
        quality_notes(ctx, node),
        incoming(ctx, node),
    ]
    alternates = [(media, L.data(key, ext)) for ext, (media, _) in DOCUMENT_TYPES.items()]
    return page(ctx, title, body, here=f"page/{key}", alternates=alternates, description=comment)


def _type_link(ctx: Ctx, arc: Arc) -> Html:
    link = ctx.link(arc.term)
    return el(
        "span",
        link,
        el("small", " (", ctx.t("inferred"), ")") if arc.inferred else None,
        class_="inferred" if arc.inferred else None,
    )


def property_table(ctx: Ctx, arcs: Sequence[Arc], limit: int = 200) -> Html | None:
    """The arcs by predicate, labels first, inferred ones marked, at most ``limit`` a predicate; None without arcs."""
    if not arcs:
        return None
    view, lang = ctx.view, ctx.lang
    by_pred: dict[str, list[Arc]] = {}
    for a in arcs:
        by_pred.setdefault(a.predicate.value, []).append(a)

    def order(p: str) -> tuple[int, str]:
        first = {LABEL.value: 0, PREF_LABEL.value: 1, COMMENT.value: 2}.get(p, 3)
        return first, view.label(p, lang).casefold()

    rows = []
    for pred in sorted(by_pred, key=order):
        values = sorted(by_pred[pred], key=lambda a: (a.inferred, _sort_key(view, a.term, lang)))
        shown = values[:limit]
        items = [
            el(
                "li",
                ctx.link(a.term),
                el("small", " (", ctx.t("inferred"), ")") if a.inferred else None,
                class_="inferred" if a.inferred else None,
            )
            for a in shown
        ]
        if len(values) > limit:
            items.append(el("li", ctx.t("more", n=len(values) - limit), class_="more"))
        rows.append(el("tr", el("th", ctx.link(ox.NamedNode(pred)), scope="row"), el("td", el("ul", items))))
    return el("table", el("tbody", rows), class_="props")


def _sort_key(view: View, term: Term, lang: str) -> tuple[int, str]:
    if isinstance(term, ox.Literal):
        return (0 if term.language in (lang, None, "") else 1, term.value.casefold())
    return (2, view.term_label(term, lang).casefold())


def section_path(ctx: Ctx, section: ox.NamedNode) -> Html:
    """``Europe › European states › Latvia``, each a link to its section."""
    chain: list[ox.NamedNode] = []
    current: ox.NamedNode | None = section
    while current is not None and current not in chain and len(chain) < 8:
        chain.append(current)
        parents = [o for o in ctx.view.objects(current, PART_OF) if isinstance(o, ox.NamedNode)]
        current = parents[0] if parents and "/section/" in parents[0].value else None
    return join([ctx.link(s) for s in reversed(chain)], sep=" › ")


def provenance(ctx: Ctx, node: ox.NamedNode) -> Html | None:
    """The passages the node is derived from: quotes with section, references, article; None when it has none."""
    view, lang = ctx.view, ctx.lang
    passages = [o for o in view.objects(node, DERIVED) if isinstance(o, ox.NamedNode)]
    if not passages:
        return None
    items = []
    for p in sorted(passages, key=lambda x: x.value):
        quotes = [o for o in view.objects(p, PROV_VALUE) if isinstance(o, ox.Literal)]
        sections = [o for o in view.objects(p, IN_SECTION) if isinstance(o, ox.NamedNode)]
        refs = [o for o in view.objects(p, CITES) if isinstance(o, ox.NamedNode)]
        articles = [o for o in view.objects(p, QUOTED_FROM) if isinstance(o, ox.NamedNode)]
        details = (
            [
                el("dt", t(lang, "section")),
                el("dd", join([section_path(ctx, s) for s in sections], sep="; ")) if sections else None,
            ]
            if sections
            else []
        )
        for ref in refs:
            citation = view.text(ref, CITATION, lang)
            url = next((o.value for o in view.objects(ref, SCHEMA_URL) if isinstance(o, ox.NamedNode)), None)
            details += [
                el("dt", t(lang, "reference")),
                el(
                    "dd",
                    ctx.link(ref),
                    el("br") if citation else None,
                    el("small", citation) if citation else None,
                    join(" ", el("a", url, href=safe_href(url), rel="nofollow", class_="ext")) if safe_href(url) else None,
                    class_="reference",
                ),
            ]
        for art in articles:
            details += [el("dt", t(lang, "article")), el("dd", ctx.link(art))]
        items.append(
            el(
                "li",
                [el("blockquote", q.value, lang=q.language or "bg", class_="quote") for q in quotes],
                el("dl", details, class_="passage"),
                el(
                    "p",
                    el(
                        "a",
                        t(lang, "passage"),
                        " ",
                        p.value.rsplit("/", 1)[-1],
                        href=ctx.links.href(p.value, lang),
                        class_="passage-link",
                    ),
                    class_="small",
                ),
                class_="source",
            )
        )
    return el("section", el("h2", t(lang, "provenance")), el("ol", items, class_="sources"), id="provenance")


def quality_notes(ctx: Ctx, node: ox.NamedNode) -> Html | None:
    """The data-quality notes about the node, each with its kind and comment; None when there are none."""
    view, lang = ctx.view, ctx.lang
    notes = [o for o in view.objects(node, QUALITY_NOTE) if isinstance(o, ox.NamedNode)]
    if not notes:
        return None
    items = []
    for n in sorted(notes, key=lambda x: x.value):
        kinds = [o for o in view.objects(n, NOTE_TYPE) if isinstance(o, ox.NamedNode)]
        comment = view.text(n, COMMENT, lang)
        items.append(
            el(
                "li",
                join([el("strong", ctx.link(k)) for k in kinds], sep=", "),
                ": " if kinds else None,
                el("span", comment or "", lang="en" if lang != "en" and comment else None),
                " ",
                el("a", "→", href=ctx.links.href(n.value, lang), title=n.value, class_="note-link"),
            )
        )
    return el("section", el("h2", t(lang, "notes")), el("ul", items, class_="notes"), id="notes")


def incoming(ctx: Ctx, node: ox.NamedNode, limit: int = 100) -> Html | None:
    """The resources that link to the node, by predicate (at most ``limit`` a predicate); None when none do."""
    view, lang = ctx.view, ctx.lang
    arcs = [a for a in view.arcs_in(node) if isinstance(a.term, ox.NamedNode)]
    if not arcs:
        return None
    by_pred: dict[str, list[Arc]] = {}
    for a in arcs:
        by_pred.setdefault(a.predicate.value, []).append(a)
    rows = []
    for pred in sorted(by_pred, key=lambda p: view.label(p, lang).casefold()):
        values = sorted(by_pred[pred], key=lambda a: (a.inferred, view.term_label(a.term, lang).casefold()))
        items = [
            el(
                "li",
                ctx.link(a.term),
                el("small", " (", ctx.t("inferred"), ")") if a.inferred else None,
                class_="inferred" if a.inferred else None,
            )
            for a in values[:limit]
        ]
        if len(values) > limit:
            items.append(el("li", ctx.t("more", n=len(values) - limit), class_="more"))
        rows.append(el("tr", el("th", ctx.link(ox.NamedNode(pred)), scope="row"), el("td", el("ul", items))))
    return el("section", el("h2", t(lang, "incoming")), el("table", el("tbody", rows), class_="props"), id="incoming")
