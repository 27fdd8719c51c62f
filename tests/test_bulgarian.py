"""The Bulgarian version is whole: no English chrome left on the Bulgarian pages of the home page, a fact,
a state and a section; a data-quality note's comment is given in Bulgarian (its ``comment_bg``).

English that is data (a statement, a quote the article leaves in English, a label
that exists only in English) is allowed where the page marks it ``lang="en"``; chrome is not:

1. no text of the English interface table (``kzgraph.web.i18n.UI["en"]``, every entry the Bulgarian
   table words differently) stands outside such a mark — the list is derived from the table, so a
   new English text is checked the day it is added;
2. a mark of English is on one datum (a link, a span, a quote, a paragraph), never on a block of
   the page (a section, a list, the footer), which would be chrome in English;
3. no English sentence (four Latin words in a row) stands unmarked outside code and citations.
"""

from __future__ import annotations

import re

import pytest

from kzgraph.pipeline.build import Release
from kzgraph.web.app import App
from kzgraph.web.http import Request
from kzgraph.web.i18n import UI

from pagetree import Node, parse

PAGES = ["", "page/relation/KAZ-CHN", "page/state/KAZ", "page/section/asia/armenia"]
DATUM = {"a", "span", "abbr", "small", "sup", "blockquote", "p", "li", "dd", "td", "strong", "em", "figcaption"}


def english_chrome() -> set[str]:
    """The English interface's texts, cut at their placeholders, that the Bulgarian table does not share."""
    found = set()
    for key, en in UI["en"].items():
        if not en or UI["bg"].get(key) == en:
            continue
        for part in re.split(r"\{\w+\}", en):
            part = part.strip(" .,:;()“”\"'…—-·")
            if len(part) >= 4 and re.search(r"[A-Za-z]", part) and not any(part in bg for bg in UI["bg"].values()):
                found.add(part)
    return found


def unmarked_text(node: Node, out: list[tuple[str, Node]]) -> list[tuple[str, Node]]:
    """The page's texts outside a mark of English, code, scripts and the pictures' tooltips (their data)."""
    if node.attrs.get("lang") == "en" or node.tag in ("code", "pre", "script", "style"):
        return out
    if node.tag == "title" and node.parent is not None and node.parent.tag != "head":
        return out
    for c in node.children:
        if isinstance(c, str):
            out.append((c, node))
        else:
            unmarked_text(c, out)
    return out


@pytest.fixture(scope="module")
def bg_pages(app: App) -> dict[str, Node]:
    pages = {}
    for path in PAGES:
        resp = app.handle(Request("GET", path, {"lang": ["bg"]}, {"accept": "text/html"}, {}))
        assert resp.status == 200
        pages[path] = parse(resp.body)
    return pages


def test_the_english_chrome_list_is_the_tables() -> None:
    chrome = english_chrome()
    assert {"Source in the article", "Home", "Skip to the content", "For data users", "Data-quality notes"} <= chrome
    assert "SPARQL" not in chrome and "VoID" not in chrome  # the same in both languages: not English chrome


@pytest.mark.parametrize("path", PAGES)
def test_no_english_chrome_word_is_left_on_a_bulgarian_page(bg_pages: dict[str, Node], path: str) -> None:
    doc = bg_pages[path]
    assert doc.find("html").attrs["lang"] == "bg"
    found = []
    chrome = english_chrome()
    for text, node in unmarked_text(doc.find("html"), []):
        for phrase in chrome:
            if re.search(r"(?<![A-Za-z-])" + re.escape(phrase) + r"(?![A-Za-z-])", text):
                found.append(f"{phrase!r} in <{node.tag}>: {text.strip()[:80]}")
    assert not found, "\n".join(sorted(set(found)))


@pytest.mark.parametrize("path", PAGES)
def test_english_is_marked_on_data_never_on_a_block_of_the_page(bg_pages: dict[str, Node], path: str) -> None:
    blocks = [n.tag for n in bg_pages[path].iter() if n.attrs.get("lang") == "en" and n.tag not in DATUM]
    assert not blocks, blocks


@pytest.mark.parametrize("path", PAGES)
def test_no_english_sentence_stands_unmarked(bg_pages: dict[str, Node], path: str) -> None:
    sentence = re.compile(r"(?:[A-Za-z][A-Za-z'’-]*[\s,;:]+){3}[A-Za-z]{2,}")
    texts = unmarked_text(bg_pages[path].find("html"), [])
    found = [
        text.strip()[:80]
        for text, node in texts
        if sentence.search(text) and not any("reference" in a.attrs.get("class", "") for a in (node, *node.ancestors()))
    ]
    assert not found, found


# --- a data-quality note's comment, in the page's language -------------------------------------------

NOTE = "asia-china-start-date-conflict"  # the contradiction note about relation/KAZ-CHN


def _comments(release: Release) -> dict[str, str]:
    (note,) = [r for r in release.dataset.by_path("note") if r.id == NOTE]
    return {"en": note.values["comment"], "bg": note.values["comment_bg"]}


def _page(app: App, path: str, lang: str) -> Node:
    resp = app.handle(Request("GET", path, {"lang": [lang]}, {"accept": "text/html"}, {}))
    assert resp.status == 200, (path, resp.status)
    return parse(resp.body)


def _note_on_fact_page(app: App, lang: str) -> Node:
    (item,) = _page(app, "page/relation/KAZ-CHN", lang).find("section", id="notes").find_all("li")
    return item.find("span")


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_a_notes_comment_is_shown_in_the_pages_language(app: App, release: Release, lang: str) -> None:
    """A fact's notes, and the note's own page, give the comment in the page's language, marked so."""
    said = _comments(release)[lang]
    span = _note_on_fact_page(app, lang)
    assert span.text() == said and span.lang() == lang
    comment = _page(app, f"page/note/{NOTE}", lang).find("main").find("p", class_="comment")
    assert comment.text() == said and comment.lang() == lang
