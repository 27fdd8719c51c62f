"""One count everywhere (issue 23): the home page, the state page, the relation lists, the timeline
and the stored queries give the same numbers, each computed here from the graph — in process."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from kzgraph.pipeline import pictures
from kzgraph.web.app import App
from kzgraph.web.http import Request

from common import ROOT

KZ = "https://w3id.org/kzgraph/id/"
KZO = "https://w3id.org/kzgraph/ontology#"
ORG = "http://www.w3.org/ns/org#"
KAZ = ox.NamedNode(KZ + "state/KAZ")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def html(app: App, path: str, lang: str = "en") -> str:
    resp = app.handle(Request("GET", path, {"lang": [lang]}, {"accept": "text/html"}, {}))
    assert resp.status == 200, path
    return resp.body.decode()


def shown(page: str) -> dict[str, int]:
    found = re.findall(r'data-count="([a-z-]+)">([0-9]+)<', page)
    assert found
    return {k: int(v) for k, v in found}


def stored(app: App, name: str) -> list[ox.QuerySolution]:
    text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    return list(app.store.query(text, use_default_graph_as_union=True))


def from_graph(store: ox.Store) -> dict[str, int]:
    """The numbers, counted from the triples by hand (not by the code under test)."""
    records: dict[str, set[str]] = {}
    for cls in ("DiplomaticRelation", "BilateralRelation"):
        for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(KZO + cls)):
            parties = {x.object.value for x in store.quads_for_pattern(q.subject, ox.NamedNode(KZO + "party"), None)}
            if KAZ.value in parties:
                for p in parties - {KAZ.value}:
                    records.setdefault(p, set()).add(q.subject.value)
    member = [q.subject for q in store.quads_for_pattern(None, ox.NamedNode(ORG + "member"), KAZ)]
    orgs = {q.object.value for m in member for q in store.quads_for_pattern(m, ox.NamedNode(ORG + "organization"), None)}
    return {
        "relation-partners": len(records),
        "relation-records": len({r for rs in records.values() for r in rs}),
        "diplomatic-partners": len(
            {q.object.value for q in store.quads_for_pattern(KAZ, ox.NamedNode(KZO + "hasDiplomaticRelationWith"), None)}
        ),
        "membership-organizations": len(orgs),
        "membership-records": len(set(member)),
        "member-of": len({q.object.value for q in store.quads_for_pattern(KAZ, ox.NamedNode(ORG + "memberOf"), None)}),
    }


@pytest.mark.parametrize("lang", ["en", "bg"])
def test_home_state_and_lists_show_the_same_numbers_as_the_graph(app: App, lang: str) -> None:
    expected = from_graph(app.store)
    home = html(app, "", lang)
    assert shown(home) == expected
    assert shown(html(app, "page/state/KAZ", lang)) == expected
    for cls in ("BilateralRelation", "DiplomaticRelation"):
        listed = shown(html(app, f"browse/{cls}", lang))
        assert listed == {k: v for k, v in expected.items() if k.startswith(("relation", "diplomatic"))}
    # the home page's "Relations (N)" entry is the same number of partners
    assert re.search(rf'href="/browse/BilateralRelation[^"]*">[^<(]+\({expected["relation-partners"]}\)</a>', home)


def test_the_numbers_agree_with_the_stored_queries(app: App) -> None:
    expected = from_graph(app.store)
    (row,) = stored(app, "relation-counts")
    diplomatic = int(row["statesWithDiplomaticRelations"].value) + int(row["organizationsWithDiplomaticRelations"].value)
    assert diplomatic == expected["diplomatic-partners"]
    rows = stored(app, "memberships")
    assert len({r["membership"].value for r in rows}) == expected["membership-records"]
    # the state page's "member of" and "has diplomatic relations with" rows are these numbers too
    page = html(app, "page/state/KAZ")
    for pred, key in ((ORG + "memberOf", "member-of"), (KZO + "hasDiplomaticRelationWith", "diplomatic-partners")):
        row = re.search(rf'<th scope="row"><a href="[^"]*" title="{re.escape(pred)}">.*?</tr>', page)
        assert row, pred
        assert row.group(0).count("<li>") == expected[key], pred


def test_the_relations_menu_lists_every_bilateral_relation(app: App) -> None:
    page = html(app, "page/state/KAZ")
    nav = page[page.index("<nav") : page.index("</nav>")]
    assert "/browse/BilateralRelation" in nav and "/browse/DiplomaticRelation" not in nav
    listed = html(app, "browse/BilateralRelation")
    assert "/page/relation/KAZ-IND" in listed and "/page/relation/KAZ-PAK-1991-12-20" in listed


def test_the_timeline_marks_a_partner_drawn_twice_with_its_note(app: App) -> None:
    marks, totals = pictures.timeline_marks(app.store, "en")
    assert totals["relation"] == from_graph(app.store)["relation-records"]
    by_parties: dict[frozenset[str], list[pictures.Mark]] = {}
    for m in marks:
        if m.kind == "relation":
            parties = frozenset(
                q.object.value for q in app.store.quads_for_pattern(ox.NamedNode(m.iri), ox.NamedNode(KZO + "party"), None)
            )
            by_parties.setdefault(parties, []).append(m)
    twice = [ms for ms in by_parties.values() if len(ms) > 1]
    assert twice  # China and Pakistan today
    for group in twice:
        for m in group:
            notes = {
                q.object.value
                for q in app.store.quads_for_pattern(ox.NamedNode(m.iri), ox.NamedNode(KZO + "hasQualityNote"), None)
            }
            assert m.note in notes and "⚠" in m.text, m.iri
    for m in marks:
        if m.kind == "relation" and all(m not in g for g in twice):
            assert m.note is None and "⚠" not in m.text
    china = next(m for g in twice for m in g if m.iri.endswith("KAZ-CHN"))
    assert china.note == KZ + "note/asia-china-start-date-conflict"  # the contradiction, before other shared notes
