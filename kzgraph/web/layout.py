"""What every page shares: the rendering context, literals, and the page frame (header, navigation,
language switch, footer)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from ..curated.namespaces import DATASET_IRI
from ..pipeline.terms import DCT, DEFAULT_LANG, LANGS, XSD, to_curie
from .addresses import Links
from .html import Html, el, join, safe_href
from .i18n import format_date, t
from .view import Term, View


@dataclass
class Ctx:
    """What every renderer needs: the data, the addresses, the language."""

    view: View
    links: Links
    lang: str = DEFAULT_LANG

    def t(self, key: str, **kw: object) -> str:
        """The interface text ``key`` in this context's language."""
        return t(self.lang, key, **kw)

    def link(self, term: Term, text: str | None = None, **attrs: Any) -> Html:
        """A term in a page: an IRI linked and labelled in this language (a span without a safe address); a literal as text."""
        if isinstance(term, ox.Literal):
            return literal(term, self.lang)
        if isinstance(term, ox.BlankNode):
            return el("span", f"_:{term.value}", class_="bnode")
        label = text if text is not None else self.view.label(term.value, self.lang)
        tag = self.view.label_language(term.value, self.lang) if text is None else None
        if tag and tag != self.lang:  # a label only in another language (a note named by its English comment)
            attrs.setdefault("lang", tag)
        href = self.links.href(term.value, self.lang)
        if href is None:
            return el("span", label, class_="iri", title=term.value, **attrs)
        return el("a", label, href=href, title=term.value, **attrs)


def literal(term: ox.Literal, lang: str, show_lang: bool = True) -> Html:
    """A literal as pages show it: dates in words, booleans as yes or no, a language tag when not the page's."""
    dt = term.datatype.value
    date = format_date(term.value, dt, lang)
    if date is not None:
        return el("time", date, datetime=term.value, title=to_curie(dt))
    if term.language:
        tag = el("sup", term.language, class_="lang") if show_lang and term.language != lang else None
        return join(el("span", term.value, lang=term.language), tag)
    if dt == XSD + "boolean":
        return el("span", t(lang, "yes") if term.value in ("true", "1") else t(lang, "no"), title=term.value)
    if dt in (XSD + "anyURI",) and safe_href(term.value):
        return el("a", term.value, href=safe_href(term.value))
    attrs = {"title": to_curie(dt)} if dt != XSD + "string" else {}
    return el("span", term.value, class_="lit", **attrs)


def page(
    ctx: Ctx,
    title: str,
    body: Any,
    *,
    here: str = "",
    alternates: Sequence[tuple[str, str]] = (),
    description: str | None = None,
    stylesheets: Sequence[str] = (),
    scripts: Sequence[str] = (),
) -> bytes:
    """A whole HTML document: header with navigation and language switch, ``body``, footer.

    ``here`` is the page's address relative to the base (for the language switch); ``stylesheets``
    and ``scripts`` are more files of this site's ``static/`` (never of another host: the CSP
    allows none), scripts loaded with ``defer``."""
    L, lang = ctx.links, ctx.lang
    nav_items = [
        (t(lang, "home"), L.path("", lang)),
        (t(lang, "kazakhstan"), L.page("state/KAZ", lang)),
        (t(lang, "missions"), L.path("browse/DiplomaticMission", lang)),
        (t(lang, "relations"), L.path("browse/BilateralRelation", lang)),  # every relation, diplomatic or other
        (t(lang, "norelations"), L.page("list/no-relations", lang)),
        (t(lang, "ontology"), L.page("ontology", lang)),
        None if L.static else (t(lang, "sparql"), L.path("sparql", lang)),
        (t(lang, "queries"), L.path("queries", lang)),
        (t(lang, "dumps"), L.path("dump/", lang)),
        (t(lang, "void"), L.path(".well-known/void", lang)),
    ]
    nav = el(
        "nav",
        el("ul", [el("li", el("a", text, href=href)) for item in nav_items if item for text, href in [item]]),
        aria_label="main",
    )
    switch = el(
        "ul",
        [
            el(
                "li",
                el(
                    "a",
                    code.upper(),
                    href=L.path(here, switch_lang=code),
                    hreflang=code,
                    aria_current="true" if code == lang else None,
                    lang=code,
                ),
            )
            for code in LANGS
        ],
        class_="langs",
    )
    search = el(  # a static copy searches in the browser (kzgraph.web.site_search)
        "form",
        el("input", type="search", name="q", placeholder=t(lang, "searchfor"), aria_label=t(lang, "search")),
        el("input", type="hidden", name="lang", value=lang) if lang != DEFAULT_LANG else None,
        el("button", t(lang, "search"), type="submit"),
        action=L.path("search"),
        method="get",
        role="search",
        class_="search",
    )
    head = [
        Html('<meta charset="utf-8">'),
        el("meta", name="viewport", content="width=device-width, initial-scale=1"),
        el("title", f"{title} · kzgraph"),
        el("meta", name="description", content=description) if description else None,
        [el("link", rel="stylesheet", href=L.path("static/" + name)) for name in stylesheets],
        el("link", rel="stylesheet", href=L.path("static/style.css")),
        [el("link", rel="alternate", type=media, href=href) for media, href in alternates],
        [el("script", "", src=L.path("static/" + name), defer=True) for name in scripts],
    ]
    header = el(
        "header",
        el("p", el("a", el("strong", "kzgraph"), " — ", t(lang, "tagline"), href=L.path("", lang)), class_="brand"),
        nav,
        switch,
        search,
        class_="site",
    )
    footer = el(
        "footer",
        as_of_line(ctx),
        el(
            "p",
            t(lang, "footer_data"),
            " ",
            el("a", "VoID", href=L.path(".well-known/void", lang)),
            " · ",
            el("a", t(lang, "dumps"), href=L.path("dump/", lang)),
            " · ",
            el("a", t(lang, "strategy"), href=L.path("", lang, fragment="addresses")),
        ),
    )
    doc = Html("<!DOCTYPE html>\n") + el(
        "html",
        el("head", head),
        el("body", el("a", t(lang, "skip"), href="#main", class_="skip"), header, el("main", body, id="main"), footer),
        lang=lang,
    )
    return doc.encode("utf-8")


SPDX = "http://spdx.org/rdf/terms#"


def article_as_read(view: View) -> tuple[ox.Literal, str] | None:
    """The date of the article as read and the SHA-256 that names its text (the release's metadata, void.ttl);
    None when the release records no such revision. Looked up once: the store never changes."""
    cached = getattr(view, "_as_read", False)
    if cached is not False:
        return cached
    revision = ox.NamedNode(DATASET_IRI + "#source-revision")
    dates = [o for o in view.objects(revision, ox.NamedNode(DCT + "date")) if isinstance(o, ox.Literal)]
    sums = [
        v
        for c in view.objects(revision, ox.NamedNode(SPDX + "checksum"))
        if isinstance(c, ox.NamedNode)
        for v in view.objects(c, ox.NamedNode(SPDX + "checksumValue"))
        if isinstance(v, ox.Literal)
    ]
    found = (dates[0], sums[0].value if sums else "") if dates else None
    view._as_read = found  # type: ignore[attr-defined]
    return found


def as_of_line(ctx: Ctx) -> Html | None:
    """Every page's "as of" line: the date of the article the facts were read from, and its text's revision."""
    found = article_as_read(ctx.view)
    if found is None:
        return None
    date, sha = found
    return el(
        "p",
        ctx.t("asof", date=""),
        literal(date, ctx.lang),
        [" · ", el("abbr", ctx.t("revision", sha=sha[:12]), title=ctx.t("revision_title"))] if sha else None,
        class_="asof",
    )
