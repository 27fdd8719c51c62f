"""The curators' English renderings of the article's Bulgarian quotes (``rendering_en`` beside ``quote``).

Every Bulgarian quote has one, one passage has at most one, an English quote takes none, and the
dumps carry it as its own @en literal (``kzo:curatorsRendering``) beside the article's words, with
the dataset's description saying whose words it is. A quotation's own words (``text``) have theirs
too (``text_en``, ``kzo:quotedTextRendering``), shown beside them on its page.

The curators' data-quality notes are theirs in both languages: every note has its Bulgarian comment
(``comment_bg`` beside ``comment``), its own @bg ``rdfs:comment`` for the Bulgarian pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDFS

from kzgraph.core.errors import DataError
from kzgraph.curated.load import Dataset, load
from kzgraph.curated.namespaces import KZO, id_namespace
from kzgraph.pipeline.build import Release
from kzgraph.web.app import App
from kzgraph.web.http import Request

from common import ROOT


@pytest.fixture(scope="module")
def real() -> Dataset:
    return load(ROOT)


def test_every_bulgarian_quote_has_its_english_rendering(real: Dataset) -> None:
    passages = [p for rec in real.records.values() for p in rec.sources]
    missing = [f"{p.file}:{p.line}" for p in passages if p.lang == "bg" and not p.rendering_en]
    assert not missing, f"{len(missing)} quote(s) without rendering_en: {missing[:5]}"
    assert sum(p.lang == "bg" for p in passages) > 300  # the whole data, not an empty walk


def test_an_english_quote_takes_no_rendering(real: Dataset) -> None:
    english = [p for rec in real.records.values() for p in rec.sources if p.lang == "en"]
    assert english and not any(p.rendering_en for p in english)


def _problems(root: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load(root)
    return [str(p) for p in info.value.problems]


def test_a_second_different_rendering_of_one_passage_is_refused(project_copy: Path) -> None:
    f = project_copy / "data/facts/asia.yaml"
    text = f.read_text(encoding="utf-8")
    line = 'rendering_en: "although in 1999 and 2001, the presidents of the countries exchange visits."'
    first = text.index(line)
    second = text.index(line, first + 1)
    f.write_text(text[:second] + line.replace("exchange", "swap") + text[second + len(line) :], encoding="utf-8")
    at = text[:second].count("\n") + 1
    (problem,) = _problems(project_copy)
    assert problem.startswith(f"data/facts/asia.yaml:{at}: rendering_en:") and "rendered differently" in problem, problem


def test_a_rendering_of_an_english_quote_is_refused(project_copy: Path) -> None:
    f = project_copy / "data/facts/references.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(
        text.replace('quote: "Gazeta. KZ", lang: en', 'quote: "Gazeta. KZ", lang: en, rendering_en: "x"'), encoding="utf-8"
    )
    (problem,) = _problems(project_copy)
    assert "rendering_en" in problem and "takes no English rendering" in problem, problem


def test_the_rendering_is_its_own_english_literal_beside_the_quote(data: Graph) -> None:
    quote = Literal("Казахстан има посолство в Осло.", lang="bg")
    (passage,) = data.subjects(PROV.value, quote)
    assert list(data.objects(passage, KZO.curatorsRendering)) == [Literal("Kazakhstan has an embassy in Oslo.", lang="en")]
    assert data.value(passage, PROV.value) == quote


def test_the_description_says_the_renderings_are_the_curators(release: Release) -> None:
    text = " ".join(str(o) for o in release.metadata.objects(None, DCTERMS.description))
    assert "curators' translations, not the article's text" in text


def test_every_note_has_its_bulgarian_comment(real: Dataset) -> None:
    notes = real.by_path("note")
    missing = [n.id for n in notes if not (n.values.get("comment_bg") or "").strip()]
    assert not missing, f"{len(missing)} note(s) without comment_bg: {missing[:5]}"
    assert len(notes) > 60  # the whole data, not an empty walk


def test_a_note_without_its_bulgarian_comment_is_refused(project_copy: Path) -> None:
    f = project_copy / "data/facts/asia.yaml"
    lines = f.read_text(encoding="utf-8").split("\n")
    at = lines.index("    comment_bg: >-")
    end = next(i for i in range(at + 1, len(lines)) if not lines[i].startswith("      "))
    f.write_text("\n".join(lines[:at] + lines[end:]), encoding="utf-8")
    (problem,) = _problems(project_copy)
    assert problem.startswith("data/facts/asia.yaml:") and "comment_bg" in problem, problem


def test_a_notes_comment_is_an_english_and_a_bulgarian_literal(real: Dataset, data: Graph) -> None:
    (note,) = [n for n in real.by_path("note") if n.id == "asia-armenia-misspelt-kazastan"]
    said = set(data.objects(URIRef(f"https://w3id.org/kzgraph/id/note/{note.id}"), RDFS.comment))
    assert said == {Literal(note.values["comment"], lang="en"), Literal(note.values["comment_bg"], lang="bg")}


# --- a quotation's own words -------------------------------------------------------------------------


def test_every_quotation_has_the_curators_english_of_its_words(real: Dataset) -> None:
    quotations = [rec for rec in real.records.values() if rec.type == "Quotation"]
    missing = [f"{rec.file}:{rec.line}" for rec in quotations if not rec.values.get("text_en")]
    assert not missing, f"quotation(s) without text_en: {missing}"
    assert len(quotations) >= 6


def test_a_quotation_without_the_english_of_its_words_is_refused(project_copy: Path) -> None:
    f = project_copy / "data/facts/narcotics.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace('    text_en: "highly corrupt state"\n', ""), encoding="utf-8")
    (problem,) = _problems(project_copy)
    assert problem.startswith("data/facts/narcotics.yaml:") and "text_en" in problem, problem


def test_the_quotations_english_is_its_own_literal_beside_its_words(data: Graph) -> None:
    q = id_namespace()["quotation/transparency-international-KAZ-highly-corrupt"]
    assert list(data.objects(q, KZO.quotedText)) == [Literal("силно корумпирана държава", lang="bg")]
    assert list(data.objects(q, KZO.quotedTextRendering)) == [Literal("highly corrupt state", lang="en")]


@pytest.mark.parametrize("lang", ["en", "bg"])
def test_the_quotation_page_shows_its_words_beside_their_english(app: App, lang: str) -> None:
    resp = app.handle(
        Request("GET", "page/quotation/kocharyan-KAZ-investment-hope", {"lang": [lang]}, {"accept": "text/html"}, {})
    )
    body = resp.body.decode()
    said = body[body.index('<section id="quoted-words">') :]
    said = said[: said.index("</section>")]
    bg = '<blockquote lang="bg" class="quote">Ние се надяваме това да е началото на период на засилени инвестиции от Казахстан в Армения</blockquote>'
    en = '<blockquote lang="en" class="quote rendering">We hope this is the beginning of a period of increased investment from Kazakhstan in Armenia</blockquote>'
    assert bg in said and en in said and said.index(bg) < said.index(en)
