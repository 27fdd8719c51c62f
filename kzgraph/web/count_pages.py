"""The numbers about a state as the pages show them, all from :mod:`kzgraph.pipeline.counts`.

Each number is wrapped in ``<span data-count="…">`` so a test (or a reader's script) can find it
and check that the home page, the state page and the browse pages say the same."""

from __future__ import annotations

import pyoxigraph as ox

from ..pipeline.counts import memberships, relations
from ..pipeline.terms import KZO_NS, ORG
from .html import Html, el, join
from .i18n import t
from .layout import Ctx

HAS_RELATIONS = KZO_NS + "hasDiplomaticRelationWith"
MEMBER_OF = ORG + "memberOf"


def n(value: int, name: str) -> Html:
    """A number the count-agreement tests look for."""
    return el("span", str(value), data_count=name)


def relations_summary(ctx: Ctx, state: str) -> Html | None:
    """What is counted among ``state``'s relations, and why two numbers differ; None without any."""
    view, L, lang = ctx.view, ctx.links, ctx.lang
    rel = relations(view.store, state)
    if not rel.records:
        return None
    repeated = [
        join(
            el("a", view.label(p, lang), href=L.href(p, lang)), " (", join([ctx.link(ox.NamedNode(r)) for r in rs], sep=", "), ")"
        )
        for p, rs in rel.repeated.items()
    ]
    return el(
        "p",
        t(lang, "rel_partners"),
        " ",
        n(rel.partners, "relation-partners"),
        "; ",
        t(lang, "rel_diplomatic", rel=view.label(HAS_RELATIONS, lang)),
        " ",
        n(len(rel.diplomatic), "diplomatic-partners"),
        "; ",
        t(lang, "rel_records"),
        " ",
        n(rel.record_count, "relation-records"),
        [". ", t(lang, "rel_repeated"), " ", join(repeated, sep="; ")] if repeated else None,
        ".",
        class_="counts",
    )


def memberships_summary(ctx: Ctx, state: str) -> Html | None:
    """What is counted among ``state``'s memberships, and why two numbers differ; None without any."""
    view, L, lang = ctx.view, ctx.links, ctx.lang
    mem = memberships(view.store, state)
    if not mem.records:
        return None
    several = [el("a", view.label(o, lang), href=L.href(o, lang)) for o, rs in mem.records.items() if len(rs) > 1]
    others = [el("a", view.label(o, lang), href=L.href(o, lang)) for o in mem.records if o not in mem.member_of]
    return el(
        "p",
        t(lang, "mem_organizations"),
        " ",
        n(mem.organizations, "membership-organizations"),
        "; ",
        t(lang, "mem_records"),
        " ",
        n(mem.record_count, "membership-records"),
        [" (", t(lang, "mem_several"), " ", join(several, sep=", "), ")"] if several else None,
        "; ",
        t(lang, "mem_member_of", rel=view.label(MEMBER_OF, lang)),
        " ",
        n(len(mem.member_of), "member-of"),
        [" (", t(lang, "mem_other_roles"), " ", join(others, sep=", "), ")"] if others else None,
        ".",
        class_="counts",
    )


def numbers_section(ctx: Ctx, state: str) -> Html | None:
    """The state page's "in numbers" section; None when the state has neither relations nor memberships."""
    parts = [relations_summary(ctx, state), memberships_summary(ctx, state)]
    if not any(parts):
        return None
    return el("section", el("h2", t(ctx.lang, "innumbers")), parts, id="numbers")
