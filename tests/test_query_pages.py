"""Questions by topic, with choices, and every table as a download (issue 23, item 5) — in process.

The Queries page groups the stored questions by the subject each declares (``# topic:``) under its
title in the page's language (``# title:``, ``# title-bg:``); a parameter whose values are a closed
set of the graph is a list of their labels; a value the graph does not know is a 400 page naming
the closest allowed values as links; each answer and each list page downloads as CSV (the SPARQL
1.1 CSV results) and XLSX (the same rows, the same bytes on every write).
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from dataclasses import replace
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest

from kzgraph.asking.queries import QueryError, bind, load_queries, parse_query, run
from kzgraph.asking.topics import TOPICS
from kzgraph.web.app import App
from kzgraph.web.downloads import XLSX_MEDIA, xlsx_bytes
from kzgraph.web.http import Request, Response
from kzgraph.web.protocol import Rows

from common import ROOT

XSD = "http://www.w3.org/2001/XMLSchema#"
QUERIES = load_queries(ROOT / "queries")
BY_NAME = {q.name: q for q in QUERIES}


def get(app: App, path: str, accept: str = "text/html", **query: str | list[str]) -> Response:
    fields = {k: v if isinstance(v, list) else [v] for k, v in query.items()}
    return app.handle(Request("GET", path, fields, {"accept": accept}, {}))


def main(resp: Response) -> str:
    body = resp.body.decode()
    return body[body.index("<main") : body.index("</main>")]


# --- topics and titles ------------------------------------------------------------------------------


def test_every_stored_query_has_a_topic_and_a_title_in_english_and_in_bulgarian() -> None:
    for q in QUERIES:
        assert q.topic in TOPICS, f"{q.name}: no # topic: (one of {', '.join(TOPICS)})"
        assert q.titles.get("en") and q.titles["en"] == q.title, q.name
        bg = q.titles.get("bg", "")
        assert re.search("[\u0400-\u04ff]", bg) and bg != q.title, f"{q.name}: # title-bg: must be the title in Bulgarian"
    assert {q.topic for q in QUERIES} == set(TOPICS), "a topic no stored query is filed under"
    assert all(names["en"] and re.search("[\u0400-\u04ff]", names["bg"]) for names in TOPICS.values())


def test_a_topic_that_is_not_one_of_the_topics_is_an_error() -> None:
    with pytest.raises(QueryError, match="unknown topic 'borders'; the topics are: states, relations"):
        parse_query("# title: x\n# topic: borders\nASK {}\n", "x")


@pytest.mark.parametrize("lang", ["en", "bg"])
def test_the_queries_page_groups_the_questions_by_topic_under_their_titles(app: App, lang: str) -> None:
    page = main(get(app, "queries", lang=lang))
    sections = re.findall(r'<section data-topic="([a-z]+)"><h2 id="topic-\1">(.*?)</h2>(.*?)</section>', page)
    assert [s[0] for s in sections] == list(TOPICS)  # in the table's order, every one of them
    listed = {}
    for topic, heading, items in sections:
        assert heading == html.escape(TOPICS[topic][lang])
        for name, title in re.findall(r'<li data-query="([^"]+)"><a href="[^"]*">([^<]*)</a>', items):
            listed[name] = (topic, title)
    assert listed == {q.name: (q.topic, html.escape(q.titles[lang], quote=True)) for q in QUERIES}


def test_every_parameter_and_answer_of_every_stored_query_is_described_in_bulgarian() -> None:
    cyrillic = re.compile("[\u0400-\u04ff]")
    for q in QUERIES:
        for p in q.params:
            bg = p.docs.get("bg", "")
            assert cyrillic.search(bg) and bg != p.doc, f"{q.name}: no # param-bg: {p.name} -- description in Bulgarian"
        bg = q.answers.get("bg", "")
        assert cyrillic.search(bg) and bg != q.answer, f"{q.name}: # answer-bg: must say what the answer holds in Bulgarian"


def test_a_bulgarian_description_of_a_parameter_the_query_does_not_declare_is_an_error() -> None:
    head = "# title: x\n# param: country (state) = KAZ -- the state\n"
    q = parse_query(head + "# param-bg: country -- държавата\n# answer: rows\n# answer-bg: редове\nASK {}\n", "x")
    assert (q.params[0].doc_in("bg"), q.params[0].doc_in("en"), q.answer_in("bg"), q.answer_in("en")) == (
        "държавата",
        "the state",
        "редове",
        "rows",
    )
    with pytest.raises(QueryError, match="param-bg line for 'contry', which no # param: line above declares \\(country\\)"):
        parse_query(head + "# param-bg: contry -- държавата\nASK {}\n", "x")
    with pytest.raises(QueryError, match="malformed param-bg line 'country'; expected NAME -- description"):
        parse_query(head + "# param-bg: country\nASK {}\n", "x")


def test_the_bulgarian_query_page_describes_the_parameters_and_the_answer_in_bulgarian(app: App) -> None:
    q = BY_NAME["consulates-general"]
    bg, en = main(get(app, "queries/consulates-general", lang="bg")), main(get(app, "queries/consulates-general"))
    for p in q.params:
        assert f'<small lang="bg">{html.escape(p.docs["bg"], quote=False)}</small>' in bg, p.name
        assert f'<small lang="en">{html.escape(p.doc, quote=False)}</small>' in en
    assert '<small lang="en">' not in bg  # the SPARQL text folded away below keeps its English comments
    assert f'<p lang="bg"><strong>Отговор: </strong>{html.escape(q.answers["bg"], quote=False)}</p>' in bg
    assert f'<p lang="en"><strong>Answer: </strong>{html.escape(q.answer, quote=False)}</p>' in en


# --- choices ----------------------------------------------------------------------------------------


def _select(page: str, name: str) -> list[tuple[str, bool, str]]:
    found = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page)
    assert found, f"no list for {name}"
    return [
        (v, bool(s), html.unescape(t))
        for v, s, t in re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', found[1])
    ]


def test_a_closed_parameter_is_a_list_of_labels_from_the_graph_in_the_pages_language(app: App) -> None:
    en = _select(main(get(app, "queries/consulates-general", country="RUS")), "country")
    bg = _select(main(get(app, "queries/consulates-general", country="RUS", lang="bg")), "country")
    assert ("RUS", True, "Russia") in en and ("RUS", True, "Русия") in bg
    assert [v for v, chosen, _ in en if chosen] == ["RUS"]
    rows = app.store.query(
        'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?t FILTER(STRSTARTS(STR(?s), "https://w3id.org/kzgraph/id/state/")) }',
        use_default_graph_as_union=True,
    )
    assert len(en) == int(next(iter(rows))["n"].value)  # every state of the graph, no other
    assert not any(label == value for value, _, label in en)  # labels, never codes
    labels = [label.casefold() for _, _, label in bg]
    assert labels == sorted(labels)


def test_a_long_list_has_a_search_box_and_a_short_one_none(app: App) -> None:
    page = main(get(app, "queries/consulates-general"))
    assert '<input name="country-search"' in page and 'list="p-country-list"' in page
    assert re.search(r'<datalist id="p-country-list">.*<option value="RUS">Russia</option>', page)
    assert "side-search" not in page and len(_select(page, "side")) == 3
    typed = get(app, "queries/consulates-general", accept="text/csv", **{"country": "KAZ", "country-search": "Русия"})
    assert typed.status == 200 and b"Astrakhan" in typed.body and b"Almaty" not in typed.body  # the typed name wins


def test_several_values_are_one_list_with_each_given_value_chosen(app: App) -> None:
    months = _select(main(get(app, "queries/dates-in-month", month="12,1", year="1992")), "month")
    assert [label for _, chosen, label in months if chosen] == ["January", "December"]
    assert len(months) == 12


# --- a wrong value ----------------------------------------------------------------------------------


def test_a_value_the_graph_does_not_know_is_a_page_with_the_closest_allowed_values(app: App) -> None:
    resp = get(app, "queries/consulates-general", country="Chna")
    assert resp.status == 400 and resp.content_type.startswith("text/html")
    page = main(resp)
    assert "This graph knows no state “Chna”." in page
    closest = re.findall(r'<a href="/queries/consulates-general\?country=([A-Z]{3})">([^<]+)</a>', page)
    assert closest[0] == ("CHN", "China")
    assert '<input name="country-search" value="Chna"' in page and '<select name="country"' in page  # the form again
    assert "kzgraph " not in page and "Traceback" not in page and "<table" not in page
    bg = main(get(app, "queries/consulates-general", country="Chna", lang="bg"))
    assert "Графът не познава държава „Chna“." in bg and ">Китай</a>" in bg


def test_a_wrong_word_or_number_lists_the_values_of_a_short_list(app: App) -> None:
    side = main(get(app, "queries/consulates-general", side="sideways"))
    assert re.findall(r"side=(\w+)\">", side) == ["sending", "receiving", "either"]
    month = get(app, "queries/dates-in-month", month="13", year="1992")
    assert month.status == 400 and re.findall(r"month=(\d+)\">", main(month))[:2] == ["12", "11"]


def test_a_name_several_values_share_asks_which_one(app: App) -> None:
    """ "EC" is Ecuador's ISO code and the European Commission's acronym: the page offers both."""
    page = main(get(app, "queries/quotations-by-person", speaker="EC"))
    assert "“EC” names more than one speaker: choose one." in page
    assert re.findall(r"speaker=([\w-]+)\">", page) == ["ECU", "european-commission"]
    typo = main(get(app, "queries/quotations-by-person", speaker="Nazarbaev"))  # a name matched by its labels
    assert re.findall(r"speaker=([\w-]+)\">", typo)[0] == "nursultan-nazarbayev"


def test_a_download_link_with_a_wrong_value_opened_in_a_browser_gets_the_page(app: App) -> None:
    resp = get(app, "queries/consulates-general.xlsx", accept="text/html,*/*;q=0.8", country="Chna")
    assert resp.status == 400 and resp.content_type.startswith("text/html") and ">China</a>" in main(resp)
    text = get(app, "queries/consulates-general.csv", accept="text/csv", country="Chna")
    assert text.status == 400 and text.content_type.startswith("text/plain")  # a program gets the sentence


# --- downloads --------------------------------------------------------------------------------------


def _store_csv(app: App, name: str, values: dict) -> bytes:
    text = bind(BY_NAME[name], values, app.lookup)
    return run(app.store, text).serialize(format=ox.QueryResultsFormat.CSV)


@pytest.mark.parametrize(
    ("name", "values"),
    [("consulates-general", {"country": "RUS"}), ("dates-in-month", {"month": "12,1", "year": "1992"}), ("figures", {})],
)
def test_the_csv_is_the_sparql_csv_results_of_the_same_query(app: App, name: str, values: dict) -> None:
    resp = get(app, f"queries/{name}.csv", accept="*/*", **values)
    assert resp.status == 200 and resp.content_type == "text/csv; charset=utf-8"
    assert resp.body == _store_csv(app, name, values)
    page = main(get(app, f"queries/{name}", **values))
    assert re.search(rf'<a href="/queries/{name}\.csv[?"][^"]*"[^>]*>CSV</a>', page)
    assert re.search(rf'<a href="/queries/{name}\.xlsx[?"][^"]*"[^>]*>Spreadsheet \(XLSX\)</a>', page)


def test_the_bulgarian_download_has_the_bulgarian_labels_at_the_published_address(app: App) -> None:
    resp = get(app, "queries/consulates-general.bg.csv", accept="*/*")
    assert resp.status == 200 and resp.body == _store_csv(app, "consulates-general", {"lang": "bg"})
    assert "Истанбул" in resp.body.decode()
    page = main(get(app, "queries/consulates-general", lang="bg"))
    assert 'href="/queries/consulates-general.xlsx?lang=bg"' in page and "Електронна таблица (XLSX)" in page


def sheet_rows(body: bytes, sheet: int = 1) -> list[list[str]]:
    """The cells of a worksheet as text, read from the XLSX's XML as a spreadsheet program reads it."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        shared = [
            "".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t"))
            for si in ElementTree.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns)
        ]
        root = ElementTree.fromstring(z.read(f"xl/worksheets/sheet{sheet}.xml"))
    rows = []
    for row in root.iter(f"{{{ns['m']}}}row"):
        cells: dict[int, str] = {}
        for c in row.findall("m:c", ns):
            column = re.match(r"[A-Z]+", c.get("r", ""))[0]
            index = 0
            for ch in column:
                index = index * 26 + ord(ch) - 64
            assert c.find("m:f", ns) is None, "a formula in a download"
            v = c.find("m:v", ns)
            cells[index - 1] = shared[int(v.text)] if c.get("t") == "s" else (v.text if v is not None else "")
        rows.append([cells.get(i, "") for i in range(max(cells) + 1 if cells else 0)])
    return rows


def _same(cell: str, text: str) -> bool:
    if cell == text:
        return True
    try:
        return float(cell) == float(text)
    except ValueError:
        return False


@pytest.mark.parametrize(("name", "values"), [("consulates-general", {"country": "RUS"}), ("figures", {}), ("embassy-count", {})])
def test_the_spreadsheet_holds_the_csvs_rows(app: App, name: str, values: dict) -> None:
    resp = get(app, f"queries/{name}.xlsx", accept="*/*", **values)
    assert resp.status == 200 and resp.content_type == XLSX_MEDIA
    expected = list(csv.reader(io.StringIO(_store_csv(app, name, values).decode("utf-8"))))
    got = sheet_rows(resp.body)
    assert len(got) == len(expected) > 1
    for g, e in zip(got, expected, strict=True):
        g += [""] * (len(e) - len(g))  # a row's trailing empty cells are not written
        assert all(_same(a, b) for a, b in zip(g, e, strict=True)), (g, e)


def test_the_spreadsheet_is_the_same_bytes_on_every_write_and_never_runs_a_value() -> None:
    rows = [
        [("literal", '=HYPERLINK("http://x")', None, XSD + "string"), ("literal", "724000000", None, XSD + "integer")],
        [("uri", "https://w3id.org/kzgraph/id/state/RUS"), ("literal", "0.1", None, XSD + "decimal")],
    ]
    first = xlsx_bytes(["a", "b"], rows, title="t", about=[("title", "t")])
    assert first == xlsx_bytes(["a", "b"], rows, title="t", about=[("title", "t")])
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">1980-01-01T00:00:00Z' in core  # not the clock's time
    got = sheet_rows(first)
    assert got[1] == ['=HYPERLINK("http://x")', "724000000"]  # text, not a formula; a number where exact
    assert got[2] == ["https://w3id.org/kzgraph/id/state/RUS", "0.1"]


def test_every_list_page_offers_both_downloads_with_its_rows(app: App) -> None:
    from kzgraph.web.view import class_counts

    index = main(get(app, "browse"))
    assert 'href="/browse.csv"' in index and 'href="/browse.xlsx"' in index
    counts = class_counts(app.view)
    table = list(csv.reader(io.StringIO(get(app, "browse.csv").body.decode())))
    assert [r[0] for r in table[1:]] == [c for c, _ in counts] and [int(r[3]) for r in table[1:]] == [n for _, n in counts]
    for cls, _ in counts:
        local = cls.rsplit("#", 1)[1]
        page = get(app, f"browse/{local}")
        if page.status != 200:  # a class with members outside the dataset's things has no list
            continue
        text = main(page)
        assert f'href="/browse/{local}.csv"' in text and f'href="/browse/{local}.xlsx"' in text, local
        rows = list(csv.reader(io.StringIO(get(app, f"browse/{local}.csv").body.decode())))
        members = text[text.index('<ul class="members">') :].count("<li>")
        assert len(rows) - 1 == members, local
    xlsx = get(app, "browse/State.xlsx")
    assert xlsx.content_type == XLSX_MEDIA and ["https://w3id.org/kzgraph/id/state/RUS", "Russia", "Русия"] in [
        r[:3] for r in sheet_rows(xlsx.body)
    ]
    assert get(app, "browse/Nothing.csv").status == 404


def test_the_published_answers_are_written_beside_their_pages(app: App) -> None:
    """``kzgraph publish`` writes each stored query's answer for the defaults as CSV and XLSX, a
    Bulgarian one where the labels differ, and the page links to them (here without a whole publish)."""
    from kzgraph.publish import site
    from kzgraph.web import query_downloads
    from kzgraph.web.addresses import Links
    from kzgraph.web.layout import Ctx
    from kzgraph.web.results import execute

    files: dict[str, bytes] = {}
    written: set[str] = set()
    for name in ("consulates-general", "osce-chair-in-year"):
        q = BY_NAME[name]
        for lang in ("en", "bg"):
            ctx = Ctx(app.view, Links("https://example.org/kz/", static=True), lang)
            values = {"lang": lang} if any(p.name == "lang" for p in q.params) else {}
            job = replace(site._checked_job(app.store, q), query=bind(q, values))
            answer = execute(app.store, job, check=False)
            assert isinstance(answer, Rows), answer
            site._write_downloads(
                files.__setitem__, written, ctx, q, values, answer.form, answer.variables, answer.rows, app.void
            )
            links = query_downloads.links(ctx, q, values)
            assert f'href="/kz/{query_downloads.file_name(q, lang, "xlsx")}"' in links
    assert sorted(files) == [
        "queries/consulates-general.bg.csv",
        "queries/consulates-general.bg.xlsx",
        "queries/consulates-general.csv",
        "queries/consulates-general.xlsx",
        "queries/osce-chair-in-year.csv",
        "queries/osce-chair-in-year.xlsx",
    ]
    assert files["queries/consulates-general.csv"] == _store_csv(app, "consulates-general", {})
    assert "Истанбул" in files["queries/consulates-general.bg.csv"].decode()
    assert sheet_rows(files["queries/osce-chair-in-year.xlsx"]) == [["answer"], ["true"]]
