"""The VoID/DCAT description of the release: read from ``void.ttl`` once, shown as a page."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from ..core.formats import DOCUMENT_TYPES
from ..curated.namespaces import BASE, DATASET_IRI
from ..pipeline.terms import DCT, VOID
from .html import el, join
from .i18n import humanize, t
from .layout import Ctx, page
from .view import Term


@dataclass
class VoidSummary:
    """What the home page and the VoID page show of ``void.ttl``: titles, numbers, classes, dumps, license, source."""

    title: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)  # triples, entities, classes, properties …
    classes: list[tuple[str, int]] = field(default_factory=list)
    dumps: list[tuple[str, str]] = field(default_factory=list)  # (download IRI, media type)
    license: str | None = None
    source: str | None = None  # the article
    credits: list[tuple[str, str | None]] = field(default_factory=list)  # other sources and their licences (GeoNames)
    links_to_wikidata: int | None = None


def read_void(void_ttl: bytes) -> VoidSummary:
    """The numbers and links of ``void.ttl`` that the home page and the VoID page show."""
    triples = list(ox.parse(void_ttl, format=ox.RdfFormat.TURTLE))
    ds = ox.NamedNode(DATASET_IRI)
    out = VoidSummary()
    by_subject: dict[str, list[ox.Triple]] = {}
    for tr in triples:
        by_subject.setdefault(str(tr.subject), []).append(tr)

    def values(subject: Term, pred: str) -> list[Term]:
        return [tr.object for tr in by_subject.get(str(subject), []) if tr.predicate.value == pred]

    for lit in values(ds, DCT + "title"):
        out.title[lit.language or ""] = lit.value
    for lit in values(ds, DCT + "description"):
        out.description[lit.language or ""] = lit.value
    for name in ("triples", "entities", "classes", "properties", "distinctSubjects", "distinctObjects"):
        for lit in values(ds, VOID + name):
            out.numbers[name] = int(lit.value)
    for part in values(ds, VOID + "classPartition"):
        cls = values(part, VOID + "class")
        n = values(part, VOID + "entities")
        if cls and n:
            out.classes.append((cls[0].value, int(n[0].value)))
    out.classes.sort(key=lambda cn: (-cn[1], cn[0]))
    for dist in values(ds, "http://www.w3.org/ns/dcat#distribution"):
        url = values(dist, "http://www.w3.org/ns/dcat#downloadURL")
        media = values(dist, DCT + "format")
        if url:
            out.dumps.append((url[0].value, media[0].value if media else ""))
    out.dumps.sort()
    lic = values(ds, DCT + "license")
    out.license = lic[0].value if lic else None
    sources = sorted(s.value for s in values(ds, DCT + "source"))  # the article is the one under the dataset's IRIs
    out.source = next((s for s in sources if s.startswith(BASE)), sources[0] if sources else None)
    for s in sources:
        if s != out.source:
            lic = values(ox.NamedNode(s), DCT + "license")
            out.credits.append((s, lic[0].value if lic else None))
    for subset in values(ds, VOID + "subset"):
        n = values(subset, VOID + "triples")
        target = values(subset, VOID + "objectsTarget")
        if n and any(o.value == "http://www.wikidata.org/" for o in target):
            out.links_to_wikidata = int(n[0].value)
    return out


def void_page(ctx: Ctx, void: VoidSummary) -> bytes:
    """``page/dataset``: the VoID description as a page: its numbers, classes with their entities, dumps, formats."""
    L, lang = ctx.links, ctx.lang
    title = void.title.get(lang) or void.title.get("en") or "kzgraph"
    numbers = el(
        "table",
        el(
            "tbody",
            [el("tr", el("th", humanize(k), scope="row"), el("td", f"{v:,}", class_="num")) for k, v in void.numbers.items()],
        ),
        class_="data",
    )
    classes = el(
        "table",
        el("thead", el("tr", el("th", t(lang, "class")), el("th", t(lang, "entities")))),
        el("tbody", [el("tr", el("td", ctx.link(ox.NamedNode(c))), el("td", str(n), class_="num")) for c, n in void.classes]),
        class_="data",
    )
    dumps = el(
        "ul", [el("li", el("a", url.rsplit("/", 1)[-1], href=L.href(url)), " ", el("small", media)) for url, media in void.dumps]
    )
    formats = [
        el("a", nm, href=L.path(".well-known/void", format=ext), type=media) for ext, (media, nm) in DOCUMENT_TYPES.items()
    ]
    body = [
        el("h1", title),
        el("p", void.description.get(lang) or void.description.get("en") or "", class_="comment"),
        el(
            "dl",
            el("dt", t(lang, "iri")),
            el("dd", el("a", DATASET_IRI, href=L.thing(DATASET_IRI), class_="iri")),
            el("dt", t(lang, "license")),
            el("dd", ctx.link(ox.NamedNode(void.license), void.license) if void.license else "—"),
            el("dt", t(lang, "source")),
            el("dd", ctx.link(ox.NamedNode(void.source)) if void.source else "—"),
            [
                join(
                    el("dt", t(lang, "source")),
                    el("dd", ctx.link(ox.NamedNode(s)), " — ", ctx.link(ox.NamedNode(lic)) if lic else ""),
                )
                for s, lic in void.credits
            ],
            None if L.static else join(el("dt", "SPARQL"), el("dd", el("a", L.absolute("sparql"), href=L.path("sparql")))),
            el("dt", t(lang, "formats")),
            el("dd", join(formats, sep=" · ")),
            class_="intro",
        ),
        el("h2", t(lang, "overview")),
        numbers,
        el("h2", t(lang, "downloads")),
        dumps,
        el("h2", t(lang, "classes")),
        classes,
    ]
    alternates = [(media, L.path(".well-known/void", format=ext)) for ext, (media, _) in DOCUMENT_TYPES.items()]
    return page(ctx, f"VoID: {title}", body, here="page/dataset", alternates=alternates)
