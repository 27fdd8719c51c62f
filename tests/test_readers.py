"""Pages for readers first: the home page, a fact page and a section page, read as a person would.

The home page says what the site is and offers ways in, with the data users' part (IRIs, counts,
redirects) folded below; a fact page leads with its statement and the article's words beside the
curators' English, the technical rows folded under "as data"; a section page reads the article's
text in order, each sentence with the facts taken from it; every page says which text of the article
it is as of.
"""

from __future__ import annotations

import pytest
from rdflib import Namespace

from kzgraph.pipeline.build import Release
from kzgraph.web.app import App
from kzgraph.web.http import Request
from kzgraph.web.reading import sentences

from pagetree import Node, parse

SPDX = Namespace("http://spdx.org/rdf/terms#")


def page(app: App, path: str, lang: str = "en") -> Node:
    resp = app.handle(Request("GET", path, {"lang": [lang]}, {"accept": "text/html"}, {}))
    assert resp.status == 200, (path, resp.status)
    return parse(resp.body)


def main_of(doc: Node) -> Node:
    return doc.find("main")


def folded(node: Node) -> bool:
    return any(a.tag == "details" for a in node.ancestors())


# --- the home page -------------------------------------------------------------------------------------


def test_the_home_page_says_what_the_site_is_and_offers_the_ways_in(app: App) -> None:
    main = main_of(page(app, ""))
    first = main.find("p")
    assert "Bulgarian Wikipedia article" in first.text() and "fact by fact" in first.text()
    ways = {a.attrs["href"] for a in main.find("section", id="ways").find_all("a")}
    assert {"#timeline", "/browse/State", "/browse/Organization", "/queries", "#article"} <= ways
    assert main.find_all("figure", id="timeline") and main.find_all("section", id="article")  # where "#…" ways lead
    contents = main.find("section", id="article")
    assert [a.attrs["href"] for a in contents.find_all("a")][:2] == ["/page/section/lead", "/page/section/osce-chairmanship"]
    assert "/page/section/asia/armenia" in {a.attrs["href"] for a in contents.find("ol").find_all("a")}


def test_iris_counts_and_redirects_are_folded_for_data_users(app: App) -> None:
    main = main_of(page(app, ""))
    part = main.find("details", id="data-users")
    assert part.find("summary").text() == "For data users"
    for ident in ("start", "overview", "addresses"):
        assert part.find_all("section", id=ident), ident
    outside = [n for n in main.iter() if not folded(n) and n.tag in ("code", "pre", "dl")]
    assert not outside, [n.text()[:60] for n in outside]  # no IRI, count table or curl outside the folded part
    assert "303 See Other" in part.text()


def test_the_map_has_its_place_when_the_release_has_a_map(app: App) -> None:

    from kzgraph.web import index_pages

    ctx = app.ctx("en")
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>map</title></svg>'
    with_map = parse(index_pages.home_page(ctx, app.void, {**app.pictures["en"], "map": svg}))
    assert with_map.find("section", id="map").find_all("svg")
    assert "#map" in {a.attrs["href"] for a in with_map.find("section", id="ways").find_all("a")}
    pictures = {k: v for k, v in app.pictures["en"].items() if k != "map"}
    without = parse(index_pages.home_page(ctx, app.void, pictures))
    assert not without.find_all("section", id="map")  # a release without a map: no empty place, no dead link
    assert main_of(page(app, "")).find("section", id="map").find_all("svg")  # the release's own map (worldmap.py)


# --- a fact page ---------------------------------------------------------------------------------------


def test_a_fact_page_leads_with_its_statement_and_its_sources_side_by_side(app: App) -> None:
    main = main_of(page(app, "page/mission/KAZ-embassy-AZE-baku"))
    blocks = [c for c in main.children if isinstance(c, Node)]
    assert [b.tag for b in blocks[:3]] == ["h1", "p", "section"]
    assert blocks[1].attrs["class"] == "statement" and "Baku" in blocks[1].text()
    pair = blocks[2].find("div", class_="side-by-side")
    quotes = pair.find_all("blockquote")
    assert [(q.lang(), q.text()) for q in quotes] == [
        ("bg", "Казахстан има посолоство в Баку от 16 декември 1994 година."),
        ("en", "Kazakhstan has an embasy [sic] in Baku since 16 December 1994."),
    ]
    assert "the curators'" in pair.text()
    assert blocks[2].find("dl", class_="passage").find("dd").text() == "Central Asia › Azerbaijan"


def test_a_fact_page_shows_the_cited_reference_then_the_notes(app: App) -> None:
    main = main_of(page(app, "page/relation/KAZ-PAK"))
    sections = [s.attrs.get("id") for s in main.find_all("section") if not folded(s)]
    assert sections == ["provenance", "notes"]
    assert main.find("dd", class_="reference").text()  # the reference the article cites for it


def test_the_technical_rows_are_folded_under_as_data(app: App) -> None:
    main = main_of(page(app, "page/relation/KAZ-CHN"))
    details = main.find("details", id="as-data")
    technical = [
        main.find("a", class_="iri"),  # the IRI
        main.find("dl", class_="intro"),  # types, inferred types, labels, formats
        main.find("section", id="properties"),  # alignments, time intervals …
        main.find("a", class_="passage-link"),  # the passage's id
    ]
    assert all(folded(n) for n in technical)
    assert details.find("summary").text().startswith("As data")
    assert "07e93b139f54" not in " ".join(c.text() for c in main.children if isinstance(c, Node) and c is not details)


def test_in_bulgarian_the_articles_words_are_the_statement(app: App) -> None:
    main = main_of(page(app, "page/mission/KAZ-embassy-AZE-baku", "bg"))
    lead = main.find("p", class_="statement")
    assert lead.lang() == "bg" and lead.text() == "Казахстан има посолоство в Баку от 16 декември 1994 година."
    assert "собствените думи на статията" in main.find("p", class_="small").text()


# --- a section page ------------------------------------------------------------------------------------


def test_a_section_page_reads_the_text_in_order_each_sentence_with_its_facts(app: App, release: Release) -> None:
    main = main_of(page(app, "page/section/asia/armenia"))
    items = main.find("ol", class_="reading").find_all("li")
    said = " ".join(li.find("p", class_="sentence").text() for li in items)
    assert said == release.dataset.section_texts["asia/armenia"]  # the whole text, in order, nothing cut
    first = items[0]
    assert first.find("p", class_="sentence").text() == "Казахстан има посолство в Ереван, както и Армения в Алмати."
    links = {a.attrs["href"] for a in first.find("p", class_="facts").find_all("a")}
    assert {"/page/mission/KAZ-embassy-ARM-yerevan", "/page/mission/ARM-embassy-KAZ-almaty"} <= links
    assert first.find("p", class_="rendering").text() == "Kazakhstan has an embassy in Yerevan, as does Armenia in Almaty."
    notes = items[1].find_all("p", class_="facts")[1]  # "Казастан": the misspelling note, named by its kind
    assert "misspelling" in notes.text()


def test_a_section_page_leads_to_the_next_section(app: App) -> None:
    main = main_of(page(app, "page/section/asia"))
    nav = main.find("nav", class_="sections")
    assert "/page/section/asia/armenia" in {a.attrs["href"] for a in nav.find("ul").find_all("a")}
    steps = [a.attrs["href"] for a in nav.find("p", class_="steps").find_all("a")]
    assert steps == ["/page/section/central-asia/uzbekistan", "/page/section/asia/armenia"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Преди 2005 г. Казахстан, Русия. Не е така.", ["Преди 2005 г. Казахстан, Русия.", "Не е така."]),
        ("Граница.[8] Друго „изречение“. Край", ["Граница.[8]", "Друго „изречение“.", "Край"]),
        ("Казва: „Да.“ После.", ["Казва: „Да.“", "После."]),
    ],
)
def test_sentences_end_at_their_stops_not_at_an_abbreviation(text: str, expected: list[str]) -> None:
    found = sentences(text)
    assert [s.text for s in found] == expected
    assert all(text[s.start : s.start + len(s.text)] == s.text for s in found)


# --- the "as of" line ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang, date", [("en", "13 March 2021"), ("bg", "13 март 2021 г.")])
@pytest.mark.parametrize("path", ["", "page/state/KAZ", "page/relation/KAZ-CHN", "page/section/asia", "browse/State", "queries"])
def test_every_page_says_which_article_text_it_is_as_of(app: App, release: Release, path: str, lang: str, date: str) -> None:
    (sha,) = release.metadata.objects(None, SPDX.checksumValue)
    line = page(app, path, lang).find("footer").find("p", class_="asof")
    assert date in line.text()
    assert line.find("abbr").text().endswith(str(sha)[:12])
