"""The ontology's page: every term of ``kzo:`` with its labels and definitions in both languages."""

from __future__ import annotations

import pyoxigraph as ox

from ..core.formats import DOCUMENT_TYPES
from ..curated.namespaces import ID, ONTOLOGY
from ..pipeline.terms import DCT, DEFINITION, KZO_NS, LABEL, LANGS, OWL, RDF_NS, RDFS, SKOS, TITLE, TYPE
from .html import Html, el, join
from .i18n import t
from .layout import Ctx, page
from .view import Term, View

ONTOLOGY_GROUPS = [
    ("classes", [OWL + "Class"]),
    ("objprops", [OWL + "ObjectProperty"]),
    ("dataprops", [OWL + "DatatypeProperty"]),
    ("annprops", [OWL + "AnnotationProperty"]),
]


def ontology_page(ctx: Ctx) -> bytes:
    """Every term of the ontology's namespace, with its labels and definitions in English and Bulgarian."""
    view, L, lang = ctx.view, ctx.links, ctx.lang
    g = view.ontology_graph
    onto = ox.NamedNode(ONTOLOGY)
    terms: dict[str, set[str]] = {}
    for q in view.store.quads_for_pattern(None, TYPE, None, g):
        if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(KZO_NS):
            terms.setdefault(q.subject.value, set()).add(q.object.value)
    groups: dict[str, list[str]] = {name: [] for name, _ in ONTOLOGY_GROUPS}
    groups["individuals"] = []
    for term, kinds in terms.items():
        for name, types in ONTOLOGY_GROUPS:
            if kinds & set(types):
                groups[name].append(term)
                break
        else:
            groups["individuals"].append(term)
    title = view.text(onto, TITLE, lang) or "kzgraph ontology"
    description = view.text(onto, ox.NamedNode(DCT + "description"), lang)
    toc = el(
        "ul", [el("li", el("a", t(lang, name), href="#" + name), f" ({len(groups[name])})") for name in groups], class_="toc"
    )
    sections = []
    for name, members in groups.items():
        members.sort(key=lambda x: x[len(KZO_NS) :].casefold())
        sections.append(el("section", el("h2", t(lang, name)), [ontology_term(ctx, m) for m in members], id=name))
    formats = [el("a", nm, href=L.data("ontology", ext), type=media) for ext, (media, nm) in DOCUMENT_TYPES.items()]
    body = [
        el("h1", title),
        el("p", description, class_="comment") if description else None,
        el(
            "dl",
            el("dt", t(lang, "iri")),
            el("dd", el("a", ONTOLOGY, href=L.thing(ONTOLOGY), class_="iri")),
            el("dt", "Prefix"),
            el("dd", el("code", f"kzo: <{KZO_NS}>")),
            el("dt", t(lang, "formats")),
            el("dd", join(formats, sep=" · ")),
            class_="intro",
        ),
        toc,
        sections,
    ]
    alternates = [(media, L.data("ontology", ext)) for ext, (media, _) in DOCUMENT_TYPES.items()]
    return page(ctx, title, body, here="page/ontology", alternates=alternates, description=description)


def ontology_term(ctx: Ctx, iri: str) -> Html:
    """One term on the ontology page: labels and definitions per language, its axioms, a link to its instances."""
    view, lang = ctx.view, ctx.lang
    node = ox.NamedNode(iri)
    local = iri[len(KZO_NS) :]
    labels = {o.language: o.value for o in view.objects(node, LABEL) if isinstance(o, ox.Literal) and o.language}
    defs = {o.language: o.value for o in view.objects(node, DEFINITION) if isinstance(o, ox.Literal) and o.language}
    rows = []
    for code in LANGS:
        rows.append(
            el(
                "tr",
                el("th", code, scope="row"),
                el("td", el("strong", labels.get(code, ""), lang=code)),
                el("td", defs.get(code, ""), lang=code),
            )
        )
    relations = []
    for pred, key in (
        (RDFS + "subClassOf", "subclassof"),
        (RDFS + "subPropertyOf", "subpropertyof"),
        (RDFS + "domain", "domain"),
        (RDFS + "range", "range"),
        (OWL + "inverseOf", "inverseof"),
    ):
        values = view.objects(node, ox.NamedNode(pred))
        if values:
            relations += [el("dt", t(lang, key)), el("dd", join([_class_expr(ctx, v) for v in values], sep=", "))]
    # a confirmed mapping and an unconfirmed one are shown apart, each under its own property's name
    for match in (SKOS + "closeMatch", KZO_NS + "unconfirmedCloseMatch"):
        extra = [v for v in view.objects(node, ox.NamedNode(match)) if isinstance(v, ox.NamedNode)]
        if extra:
            relations += [el("dt", view.label(match, lang)), el("dd", join([ctx.link(v, v.value) for v in extra], sep=", "))]
    kinds = [o for o in view.objects(node, TYPE) if isinstance(o, ox.NamedNode)]
    instances = view.instances(iri)
    return el(
        "article",
        el(
            "h3",
            el("a", f"kzo:{local}", href="#" + local, class_="anchor"),
            " ",
            el("small", join([view.label(k.value, lang) for k in kinds], sep=", ")),
        ),
        el("table", el("tbody", rows), class_="term"),
        el("dl", relations, class_="relations") if relations else None,
        el(
            "p",
            el(
                "a",
                t(lang, "instances", n=len([i for i in instances if i.value.startswith(ID)])),
                href=ctx.links.path("browse/" + local, lang),
            ),
        )
        if any(i.value.startswith(ID) for i in instances)
        else None,
        id=local,
        class_="term",
    )


def _class_expr(ctx: Ctx, term: Term) -> Html:
    """A named class, or ``A ∪ B`` for an owl:unionOf blank node."""
    if isinstance(term, ox.BlankNode):
        union = ctx.view.objects(term, ox.NamedNode(OWL + "unionOf"))
        if union:
            members = _rdf_list(ctx.view, union[0])
            return join([ctx.link(m) for m in members], sep=" ∪ ")
        return el("span", "…", class_="bnode")
    return ctx.link(term)


def _rdf_list(view: View, head: Term) -> list[Term]:
    out: list[Term] = []
    nil = RDF_NS + "nil"
    while isinstance(head, (ox.BlankNode, ox.NamedNode)) and getattr(head, "value", nil) != nil and len(out) < 100:
        first = view.objects(head, ox.NamedNode(RDF_NS + "first"))
        rest = view.objects(head, ox.NamedNode(RDF_NS + "rest"))
        if not first:
            break
        out.append(first[0])
        if not rest:
            break
        head = rest[0]
    return out
