"""The page of one resource: its properties, its source in the article, its notes, what links to it."""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from ..core.formats import DOCUMENT_TYPES
from ..pipeline.terms import (
    COMMENT,
    DERIVED,
    IN_SECTION,
    KZO_NS,
    LABEL,
    LANGS,
    NOTE_TYPE,
    PART_OF,
    PREF_LABEL,
    QUALITY_NOTE,
    TYPE,
)
from . import reading, worldmap_draw
from .addresses import thing_iri
from .count_pages import numbers_section
from .html import Html, el, join
from .i18n import t
from .layout import Ctx, page
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
    properties = el("section", el("h2", t(lang, "properties")), table, children, id="properties") if table or children else None
    reader = _reader_first(ctx, node, [intro, properties, incoming(ctx, node)])
    body = reader or [
        el("h1", title),
        el("p", comment, class_="comment") if comment else None,
        intro,
        numbers_section(ctx, iri) if any(a.term.value == STATE for a in types) else None,
        worldmap_draw.state_section(ctx, iri) if any(a.term.value == STATE for a in types) else None,
        properties,
        provenance(ctx, node),
        quality_notes(ctx, node),
        incoming(ctx, node),
    ]
    alternates = [(media, L.data(key, ext)) for ext, (media, _) in DOCUMENT_TYPES.items()]
    return page(ctx, title, body, here=f"page/{key}", alternates=alternates, description=comment)


def _reader_first(ctx: Ctx, node: ox.NamedNode, as_data: list[Html | None]) -> list[Html | None] | None:
    """A section's or a fact's page for readers: what it says first, the technical rows folded under "as data".

    A section reads its text in order; a fact (a node with a statement and passages) leads with its
    statement and its sources side by side, then its notes. Any other resource keeps the full page (None)."""
    title = ctx.view.label(node.value, ctx.lang)
    folded = el("details", el("summary", ctx.t("asdata")), as_data, id="as-data", class_="as-data")
    if ctx.view.objects(node, reading.SECTION_TEXT) or ctx.view.objects(node, reading.SECTION_ORDER):
        return [
            el("h1", title),
            el("p", section_path(ctx, node), class_="crumbs"),
            reading.section_reading(ctx, node),
            reading.section_steps(ctx, node),
            folded,
        ]
    lead = reading.statement(ctx, node)
    if lead is None or not reading.passages_of(ctx, node):
        return None
    ids = [passage_link(ctx, p) for p in reading.passages_of(ctx, node)]
    folded = el("details", el("summary", ctx.t("asdata")), as_data[0], ids, as_data[1:], id="as-data", class_="as-data")
    said = reading.quoted_words(ctx, node)
    return [el("h1", title), lead, said, provenance(ctx, node, with_ids=False), quality_notes(ctx, node), folded]


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


def provenance(ctx: Ctx, node: ox.NamedNode, with_ids: bool = True) -> Html | None:
    """The passages the node is derived from: the article's words beside the curators' English, section,
    references; with ``with_ids`` also each passage's own page (a reader's page folds those under "as data").
    None when it has none."""
    view = ctx.view
    passages = reading.passages_of(ctx, node)
    if not passages:
        return None
    items = []
    for p in passages:
        sections = [o for o in view.objects(p, IN_SECTION) if isinstance(o, ox.NamedNode)]
        item = reading.side_by_side(ctx, p, join([section_path(ctx, s) for s in sections], sep="; ") if sections else None)
        items.append(join(item, passage_link(ctx, p)) if with_ids else item)
    renderings = any(view.objects(p, reading.RENDERING) for p in passages)
    return el(
        "section",
        el("h2", ctx.t("provenance")),
        el("ol", items, class_="sources"),
        el("p", ctx.t("renderings_note"), class_="small") if renderings else None,
        id="provenance",
    )


def passage_link(ctx: Ctx, p: ox.NamedNode) -> Html:
    """A link to a passage's own page, by its id."""
    name = p.value.rsplit("/", 1)[-1]
    return el(
        "p", el("a", ctx.t("passage"), " ", name, href=ctx.links.href(p.value, ctx.lang), class_="passage-link"), class_="small"
    )


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
        said_in = view.text_language(n, COMMENT, lang)  # English where a note has no comment in the page's language
        items.append(
            el(
                "li",
                join([el("strong", ctx.link(k)) for k in kinds], sep=", "),
                ": " if kinds else None,
                el("span", comment or "", lang=said_in if comment and said_in != lang else None),
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
