"""Fact labels come from data: each record type's template (kzgraph/curated/model.py) and the ontology's label
phrases (kzo:labelPhrase). What is missing from either stops the build with where and what, never a
KeyError: a term without its phrase at the record that uses it, an unsound template before any record."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kzgraph.core.errors import BuildError, DataError
from kzgraph.curated import model
from kzgraph.curated.load import Dataset, load
from kzgraph.curated.project import Project
from kzgraph.pipeline.build import parse_ontology
from kzgraph.pipeline.convert import to_triples
from kzgraph.pipeline.labels import LABEL_PHRASE, Labeller, Words, check_templates, parse, project_words, template_problems

from common import ROOT


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load(ROOT)


@pytest.fixture(scope="module")
def words() -> Words:
    return project_words(ROOT)


def _without(words: Words, local: str, lang: str = "bg") -> Words:
    """The ontology's words with one term's label phrase in one language gone."""
    phrases = {k: dict(v) for k, v in words.phrases.items()}
    del phrases[local][lang]
    return Words(phrases, words.names)


# One fact of each record type (the first in file order) and its labels, as the release has them.
LABELS = [
    ("mission/KAZ-embassy-ARM-yerevan", "Embassy of Kazakhstan in Yerevan, Armenia", "Посолство на Казахстан в Ереван, Армения"),
    ("observation/KAZ-armenian-population", "population group: 25000 persons", "население: 25000 души"),
    (
        "relation/KAZ-ARM",
        "Diplomatic relations Kazakhstan – Armenia (2006)",
        "Дипломатически отношения Казахстан – Армения (2006)",
    ),
    (
        "visit/KAZ-ARM-presidents-1999",
        "Visit: President of Kazakhstan, President of Armenia (1999)",
        "Посещение: Президент на Казахстан, Президент на Армения (1999)",
    ),
    (
        "quotation/nazarbayev-KAZ-ARM-trade-2006",
        "Quotation of Nursultan Nazarbayev (2006)",
        "Цитат на Нурсултан Назарбаев (2006)",
    ),
    (
        "agreement/KAZ-ARM-trade-agreements-2006",
        "Agreement: Kazakhstan, Armenia (2006)",
        "Споразумение: Казахстан, Армения (2006)",
    ),
    ("relation/KAZ-IND", "Relations Kazakhstan – India", "Отношения Казахстан – Индия"),
    (
        "assessment/KAZ-IND-relations-1990s-not-active",
        "Relations Kazakhstan – India: not particularly active",
        "Отношения Казахстан – Индия: не особено активни",
    ),
    (
        "membership/KAZ-in-oic",
        "Kazakhstan, member of Organisation of Islamic Cooperation",
        "Казахстан, член на Организация за ислямско сътрудничество",
    ),
    (
        "agreement/KAZ-ISR-defence-cooperation-2008",
        "Cooperation programme: Kazakhstan, Israel (2008)",
        "Програма за сътрудничество: Казахстан, Израел (2008)",
    ),
    (
        "accreditation/PHL-to-KAZ-via-RUS",
        "Philippines → Kazakhstan through Embassy of Philippines in Moscow, Russia",
        "Филипини → Казахстан чрез Посолство на Филипини в Москва, Русия",
    ),
    (
        "mission/KAZ-honorary-consulate-PHL-manila",
        "Honorary consulate of Kazakhstan in Manila, Philippines",
        "Почетно консулство на Казахстан в Манила, Филипини",
    ),
    (
        "border/KAZ-CHN-1998-07",
        "Border delimitation: Kazakhstan, China (1998-07)",
        "Разграничаване на граница: Казахстан, Китай (1998-07)",
    ),
    ("capital/MYS-kuala-lumpur", "Kuala Lumpur, capital of Malaysia", "Куала Лумпур, столица на Малайзия"),
    ("recognition/KAZ-recognizes-LVA", "Kazakhstan recognises Latvia (1991-12-23)", "Казахстан признава Латвия (1991-12-23)"),
    (
        "mission/KAZ-consulate-general-RUS-saint-petersburg",
        "Consulate general of Kazakhstan in Saint Petersburg, Russia",
        "Генерално консулство на Казахстан в Санкт Петербург, Русия",
    ),
    ("mission/RUS-consulate-KAZ-almaty", "Consulate of Russia in Almaty, Kazakhstan", "Консулство на Русия в Алмати, Казахстан"),
    ("facility/RUS-radar-station-KAZ-balkhash", "radar station, Balkhash", "радарна станция, Балхаш"),
    (
        "meeting/KAZ-CHE-deputy-foreign-ministers-bern-2006-11",
        "Meeting: Rakhat Aliyev, Anton Thalmann (2006-11-13)",
        "Среща: Рахат Алиев, Антон Талман (2006-11-13)",
    ),
    (
        "planned-mission/CHE-embassy-KAZ",
        "Planned embassy of Switzerland in Kazakhstan (2006-11)",
        "Планирано посолство на Швейцария в Казахстан (2006-11)",
    ),
    (
        "candidacy/KAZ-osce-chair-2009",
        "Candidacy of Kazakhstan: Organization for Security and Co-operation in Europe (2009)",
        "Кандидатура на Казахстан: Организация за сигурност и сътрудничество в Европа (2009)",
    ),
    (
        "event/KAZ-independence-declaration",
        "Declaration of independence of Kazakhstan (1991-12-16)",
        "Обявяване на независимостта на Казахстан (1991-12-16)",
    ),
    ("mission/TUR-office-KAZ-astana", "Office of Turkey in Astana, Kazakhstan", "Представителство на Турция в Астана, Казахстан"),
    (
        "agreement/EU-KAZ-partnership-cooperation-agreement",
        "Partnership agreement: European Union, Kazakhstan (1999)",
        "Споразумение за партньорство: Европейски съюз, Казахстан (1999)",
    ),
    (
        "agreement/EU-KAZ-energy-memorandum-2006-11",
        "Memorandum: European Union, Kazakhstan (2006-11)",
        "Меморандум: Европейски съюз, Казахстан (2006-11)",
    ),
    (
        "membership/KAZ-chair-osce",
        "Kazakhstan, chair of Organization for Security and Co-operation in Europe (2010-01)",
        "Казахстан, председател на Организация за сигурност и сътрудничество в Европа (2010-01)",
    ),
    (
        "relocation/USA-embassy-KAZ-almaty-to-astana",
        "Embassy of United States in Astana, Kazakhstan: Almaty → Astana (2006)",
        "Посолство на Съединени американски щати в Астана, Казахстан: Алмати → Астана (2006)",
    ),
    (
        "list/no-relations",
        "States with no diplomatic relations with Kazakhstan",
        "Държави без дипломатически отношения с Казахстан",
    ),
    ("no-relation/KAZ-AND", "No diplomatic relations Kazakhstan – Andorra", "Без дипломатически отношения Казахстан – Андора"),
]


def test_every_fact_type_has_a_sound_template() -> None:
    """The model's own templates: each names only its type's fields, and optional ones inside [ ]."""
    assert [p for rt in model.FACT_TYPES.values() for p in template_problems(rt)] == []


def test_every_term_a_template_can_write_has_its_phrase(words: Words) -> None:
    """Not only the terms the data uses today: every class a template heads with {type} and every term
    of a scheme it writes has one phrase in each language, so a new measure, unit, role or mission type
    added without its phrase fails here before any record uses it."""
    needed: set[str] = set()
    for rt in model.FACT_TYPES.values():
        fields = {f.name: f for f in rt.fields}
        slots = [s for template in rt.label or () for _, pieces in parse(template) for _, s in pieces if s]
        for name in {n for s in slots for n in s.names}:
            if fields[name].kind == "type":
                needed.add(rt.name)
            elif fields[name].kind == "concept":
                needed.update(model.CONCEPTS[fields[name].scheme].values())
        if any(s.special == "judgement" for s in slots):
            needed.update(model.CONCEPTS["hedge"].values())
    missing = sorted(
        f"kzo:{t} {lang}" for t in needed for lang in ("en", "bg") if len(words.phrases.get(t, {}).get(lang, [])) != 1
    )
    assert not missing, f"terms a fact label can write without exactly one kzo:labelPhrase: {missing}"
    assert {"tradeValue", "unitUSD", "memberRole", "Embassy", "DiplomaticRelation", "Treaty", "atTimes"} <= needed


def test_each_record_type_labels_as_before(ds: Dataset, words: Words) -> None:
    labels = Labeller(ds, words).all()
    assert {key: (labels[key]["en"], labels[key]["bg"]) for key, _, _ in LABELS} == {k: (en, bg) for k, en, bg in LABELS}
    derived = {ds.records[k].type for k, _, _ in LABELS}
    named = {r.type for r in ds.facts if r.values.get("name") or r.values.get("label")}
    assert {r.type for r in ds.facts} <= derived | named  # every type the data holds is pinned above (or curated)


def test_every_fact_has_both_labels_with_no_template_left_in_them(ds: Dataset, words: Words) -> None:
    for key, labels in Labeller(ds, words).all().items():
        assert set(labels) == {"en", "bg"} and all(labels.values()), key
        assert not any(c in text for text in labels.values() for c in "{}"), (key, labels)


@pytest.mark.parametrize(
    "field,local,key",
    [
        ("measure", "tradeValue", "observation/KAZ-ISR-trade-2005"),
        ("unit", "unitTonne", None),
        ("role", "memberRole", "membership/KAZ-in-oic"),
        ("type", "Embassy", "mission/KAZ-embassy-ARM-yerevan"),
        ("mission_type", "Embassy", "planned-mission/CHE-embassy-KAZ"),
        ("type", "Agreement", "agreement/KAZ-ARM-trade-agreements-2006"),
        ("hedges", "rather", None),
    ],
)
def test_a_term_without_its_label_phrase_stops_the_build_at_the_record(
    ds: Dataset, words: Words, field: str, local: str, key: str | None
) -> None:
    """Before: a bare KeyError traceback from a Python table in kzgraph/pipeline/labels.py."""
    with pytest.raises(DataError) as caught:
        Labeller(ds, _without(words, local)).all()
    problems = [p for p in caught.value.problems if p.field == field]
    assert problems, caught.value.problems
    for p in problems:
        assert f"kzo:{local} has no kzo:labelPhrase in bg" in p.message and p.line > 0, p
    if key is not None:
        rec = ds.records[key]
        assert (rec.file, rec.line_of(field), field) in {(p.file, p.line, p.field) for p in problems}


def test_a_hedge_phrase_must_say_where_the_hedged_words_go(ds: Dataset, words: Words) -> None:
    phrases = {k: {lang: list(v) for lang, v in langs.items()} for k, langs in words.phrases.items()}
    phrases["rather"]["en"] = ["rather"]
    with pytest.raises(DataError) as caught:
        Labeller(ds, Words(phrases, words.names)).all()
    assert any(
        p.field == "hedges" and 'has the label phrase "rather" in en; expected one …' in p.message for p in caught.value.problems
    )


def test_two_phrases_in_one_language_are_refused(ds: Dataset, words: Words) -> None:
    phrases = {k: {lang: list(v) for lang, v in langs.items()} for k, langs in words.phrases.items()}
    phrases["unitUSD"]["bg"].append("долара")
    with pytest.raises(DataError, match="kzo:unitUSD has two or more kzo:labelPhrase in bg"):
        Labeller(ds, Words(phrases, words.names)).all()


def test_the_build_reads_the_phrases_from_the_ontology_it_parsed(ds: Dataset) -> None:
    """The build passes its parsed ontology graph: a phrase gone from that graph is missed even though
    the project's file still has it."""
    ontology = parse_ontology(Project(ROOT))
    ontology.remove((URIRef("https://w3id.org/kzgraph/ontology#unitPerson"), URIRef(LABEL_PHRASE), Literal("души", lang="bg")))
    with pytest.raises(DataError, match=r"unit: kzo:unitPerson has no kzo:labelPhrase in bg"):
        to_triples(ds, ontology=ontology)


def test_a_unit_without_its_phrase_in_the_project_ontology_is_a_message_not_a_traceback(project_copy: Path) -> None:
    ttl = project_copy / "ontology" / "terms" / "figures.ttl"  # the units' part of the ontology
    text = ttl.read_text(encoding="utf-8")
    line = 'kzo:unitTonne  kzo:labelPhrase "tonnes"@en , "тона"@bg .\n'
    assert line in text
    ttl.write_text(text.replace(line, ""), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        to_triples(load(project_copy))
    rendered = caught.value.render()
    assert "unit: kzo:unitTonne has no kzo:labelPhrase in en, which this fact's label writes" in rendered
    assert all(p.file.startswith("data/") and p.line > 0 and p.field == "unit" for p in caught.value.problems)


def _broken(label: tuple[str, str] | None) -> model.RecordType:
    return dataclasses.replace(model.FACT_TYPES["Embassy"], label=label)


@pytest.mark.parametrize(
    "label,expected",
    [
        (None, "Embassy (mission): label: no label template; expected label=(English, Bulgarian)"),
        (("{type} of {sending_stat}", "{type}"), "label (en): names {sending_stat}, which the record type has no field of"),
        (("{type}", "{type} в {city}"), "label (bg): writes {city} outside [ ], but city is optional; put it in [ … ]"),
        (("{type} [of {sending_state}", "{type}"), "has an unmatched or nested [ ]"),
        (("{type!u}", "{type}"), "the only conversion is !l (lower case)"),
        (("{verdict()}", "{type}"), "{verdict()} is no special case"),
    ],
)
def test_an_unsound_template_stops_the_build_before_any_record(label: tuple[str, str] | None, expected: str) -> None:
    with pytest.raises(BuildError) as caught:
        check_templates([_broken(label)])
    assert expected in str(caught.value) and str(caught.value).startswith("kzgraph/curated/model.py: Embassy"), str(caught.value)


def test_a_broken_template_is_found_at_the_start_of_labelling(ds: Dataset, words: Words, monkeypatch: pytest.MonkeyPatch) -> None:
    """Found before a record of the type turns up: a type with no record in the data is checked too."""
    monkeypatch.setitem(model.FACT_TYPES, "Unused", dataclasses.replace(_broken(("{nope}", "{nope}")), name="Unused"))
    with pytest.raises(BuildError, match=r"Unused \(mission\): label \(en\): names \{nope\}"):
        Labeller(ds, words)


def test_a_list_that_may_be_empty_is_written_inside_brackets() -> None:
    """An agreement may name no parties (min_items 0): a template writing {parties} outside [ ] would
    label one "Treaty: " with nothing after the colon, so the check refuses it like any optional field."""
    agreement = model.FACT_TYPES["Treaty"]
    broken = dataclasses.replace(agreement, label=("{type}: {parties}",) * 2)
    with pytest.raises(BuildError, match="writes {parties} outside \\[ \\], but parties is optional"):
        check_templates([broken])
    check_templates([agreement])  # the model's own writes it inside: "{type}[: {parties}]…"


def test_an_agreement_with_no_parties_and_no_name_is_labelled_by_its_type(ds: Dataset, words: Words) -> None:
    rec = next(r for r in ds.records.values() if r.type == "Treaty" and not r.values.get("parties"))
    bare = dataclasses.replace(rec, values={k: v for k, v in rec.values.items() if k not in ("name", "label")})
    assert Labeller(ds, words).labels(bare) == {"en": "Treaty", "bg": "Договор"}
