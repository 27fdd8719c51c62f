"""The stored queries: what the data can say besides: sections, all notes, references, signatories, glosses, a state.

Each expectation is worked out from the article; the comment above it quotes the sentence it
comes from (see expect.py and conftest.py for how a query is run and read)."""

from __future__ import annotations

from collections import Counter

import pytest
from test_people import KOCHARYAN_QUOTE, NAZARBAYEV_QUOTE, OLMERT_QUOTE, THALMANN_QUOTE

from kzgraph.asking.queries import QueryError

from expect import answer, check, covers, holds, pick

LEAD = "Lead (untitled introduction)"

CU, EURASEC = "Customs Union of Belarus, Kazakhstan and Russia", "Eurasian Economic Community"


@covers("section-facts", {"section": "asia/israel"}, {"lang": "bg"})
def test_section_facts(store):
    # The lead: "Външните отношения на Казахстан се основават предимно на ... сигурност."; "Администрацията
    # на Назарбаев се опитва да балансира ..."; "Казахстан е член на ООН, ОССЕ (която председателства през
    # 2010 г.), Северноатлантическия съвет за сътрудничество, ОНД, Шанхайската организация за
    # сътрудничество, както и програмата на НАТО „Партньорство за мир“. Казахстан създава митнически съюз
    # с Русия и Беларус. Държавата беше Общото икономическо пространство през 2012 година. Казахстан
    # установява връзки с Евроазиатската икономическа общност с Киргизстан и Таджикистан." — 17 facts,
    # the participations of Kyrgyzstan and Tajikistan implied, and "на изкуствено ниски цени" a judgement
    # of its own beside the balancing.
    got = answer(store, "section-facts")
    holds(
        pick(got, 0, 1, 2, 5),
        [
            (1, LEAD, kind, f)
            for kind, f in [
                ("Assessment", "assessment/KAZ-foreign-relations-basis"),
                ("Assessment", "assessment/KAZ-oil-gas-prices-artificially-low"),
                ("Assessment", "assessment/nazarbayev-administration-balances-RUS-USA"),
                ("Chairmanship", "membership/KAZ-chair-osce"),
                ("Membership", "membership/BLR-founder-customs-union"),
                ("Membership", "membership/KAZ-founder-customs-union"),
                ("Membership", "membership/KAZ-in-cis"),
                ("Membership", "membership/KAZ-in-common-economic-space"),
                ("Membership", "membership/KAZ-in-eurasec"),
                ("Membership", "membership/KAZ-in-nacc"),
                ("Membership", "membership/KAZ-in-osce"),
                ("Membership", "membership/KAZ-in-partnership-for-peace"),
                ("Membership", "membership/KAZ-in-sco"),
                ("Membership", "membership/KAZ-in-un"),
                ("Membership", "membership/KGZ-in-eurasec"),
                ("Membership", "membership/RUS-founder-customs-union"),
                ("Membership", "membership/TJK-in-eurasec"),
            ]
        ],
    )
    assert "Kazakhstan, member of Common Economic Space (2012)" in {r[3] for r in got}
    # the whole English statement beside the short label
    assert (
        "Kazakhstan's foreign relations: based mainly on economic and political security",
        "Kazakhstan's foreign relations are based mainly on economic and political security.",
    ) in {r[3:5] for r in got}
    # Israel (13th section): OIC membership, "по-скоро добри", relations 1992, Nazarbayev's visits of 1995
    # and 2000, Massimov's visit of 2006 and Olmert's words, trade in 2005, the defence programme of 2008.
    check(
        pick(answer(store, "section-facts", section="asia/israel"), 0, 1, 2, 5),
        [
            (13, "Israel", kind, f)
            for kind, f in [
                ("Assessment", "assessment/KAZ-ISR-relations-rather-good"),
                ("Assessment", "assessment/olmert-KAZ-example"),
                ("Cooperation programme", "agreement/KAZ-ISR-defence-cooperation-2008"),
                ("Diplomatic relation", "relation/KAZ-ISR"),
                ("Membership", "membership/KAZ-in-oic"),
                ("Quotation", "quotation/olmert-on-KAZ-2006"),
                ("Statistical observation", "observation/KAZ-ISR-trade-2005"),
                ("Visit", "visit/massimov-visit-2006"),
                ("Visit", "visit/nazarbayev-to-ISR-1995"),
                ("Visit", "visit/nazarbayev-to-ISR-2000"),
            ]
        ],
    )
    # the hedge is a column: "отношенията с Израел са по-скоро добри" is "rather" good, not good;
    # the visit of 2006 went to Israel by implication only (implied: true)
    israel = {r[5]: r[6:] for r in answer(store, "section-facts", section="asia/israel")}
    assert israel["assessment/KAZ-ISR-relations-rather-good"] == ("rather", None, None)
    assert israel["visit/massimov-visit-2006"] == (None, True, None)
    assert israel["relation/KAZ-ISR"] == (None, None, None)
    with pytest.raises(QueryError, match="unknown section 'no-such-section'"):
        answer(store, "section-facts", section="no-such-section")
    bg = answer(store, "section-facts", lang="bg")
    assert {r[1] for r in bg} == {"Въведение (без заглавие)"}  # as many rows as in English: test_expectations


@covers("all-quality-notes", {"lang": "bg"})
def test_all_quality_notes(store):
    # Every note (see NOTE_KINDS) with each resource it touches (162 links today). The conflicts are
    # linked on both sides (see test_quality_notes for what each says); a note about a reference links
    # the reference too (six citation problems and the 1993 anachronism of reference [13]'s title).
    # Links per kind the article does not number: at least these (exactly: queries/all-quality-notes.expected.csv).
    got = answer(store, "all-quality-notes")
    links = Counter(r[0] for r in got)
    at_least = {
        "misspelling": 38,
        "vague statement": 23,
        "inconsistency": 21,
        "citation problem": 20,
        "contradiction": 13,
        "garbled text": 12,
        "elided word": 10,
        "implausible date": 6,
        "ambiguous name": 6,
        "misplaced section": 4,
        "untranslated text": 4,
        "duplicate entry": 2,
        "no characterisation": 4,
    }
    assert set(at_least) <= set(links) and all(links[k] >= n for k, n in at_least.items()), links
    # every note, each of its kind: the notes counted by quality-note-kinds
    assert dict(answer(store, "quality-note-kinds")) == Counter(k for k, _ in {(r[0], r[1]) for r in got})
    holds(
        [r[:4] for r in got if r[0] == "contradiction"],
        [
            ("contradiction", "note/asia-china-start-date-conflict", "agreement/KAZ-CHN-first-agreement-1994-04", "Agreement"),
            ("contradiction", "note/asia-china-start-date-conflict", "relation/KAZ-CHN", "Diplomatic relation"),
            ("contradiction", "note/asia-china-start-date-conflict", "relation/KAZ-CHN-1994-04", "Diplomatic relation"),
            ("contradiction", "note/asia-china-start-date-conflict", "table-row/asia-CHN", "Table row"),
            ("contradiction", "note/first-recognition-contradiction", "assessment/USA-first-to-recognize-KAZ", "Assessment"),
            (
                "contradiction",
                "note/first-recognition-contradiction",
                "event/KAZ-independence-declaration",
                "Declaration of independence",
            ),
            ("contradiction", "note/first-recognition-contradiction", "recognition/TUR-recognizes-KAZ", "Recognition"),
            ("contradiction", "note/first-recognition-contradiction", "recognition/USA-recognizes-KAZ", "Recognition"),
            ("contradiction", "note/swiss-candidacy-2009-vs-2010", "candidacy/KAZ-osce-chair-2009", "Candidacy"),
            ("contradiction", "note/swiss-candidacy-2009-vs-2010", "membership/KAZ-chair-osce", "Chairmanship"),
            ("contradiction", "note/usa-relations-date-implausible", "mission/KAZ-embassy-USA-washington", "Embassy"),
            ("contradiction", "note/usa-relations-date-implausible", "mission/USA-embassy-KAZ", "Embassy"),
            ("contradiction", "note/usa-relations-date-implausible", "relation/KAZ-USA", "Diplomatic relation"),
        ],
    )
    # Russia: "при значително намален оборот"; lead: "на изкуствено ниски цени" — both sides.
    holds(
        [r[2:4] for r in got if r[1] == "note/russia-oil-gas-turnover-unclear"],
        [
            ("assessment/KAZ-oil-gas-prices-artificially-low", "Assessment"),
            ("assessment/KAZ-oil-gas-sales-RUS", "Assessment"),
            ("assessment/nazarbayev-administration-balances-RUS-USA", "Assessment"),
        ],
    )
    # "Gazeta. KZ" in references [11] and [12]; the untranslated "Notes" heading of each table.
    assert [r[2] for r in got if r[1] == "note/reference-publisher-gazeta-kz"] == ["reference/11", "reference/12"]
    about_references = {(r[1], r[2]) for r in got if r[2].startswith(("reference/", "literature/"))}
    assert about_references == {
        ("note/reference-publisher-gazeta-kz", "reference/11"),
        ("note/reference-publisher-gazeta-kz", "reference/12"),
        ("note/asia-armenia-reference-3-uncited", "reference/3"),
        ("note/asia-israel-reference-4-predates-2008", "reference/4"),
        ("note/reference-13-mismatch", "reference/13"),
        ("note/eu-1993-anachronism", "reference/13"),
        ("note/eu-relation-only-in-reference-title", "reference/13"),
        ("note/central-asia-kyrgyzstan-citation-in-text", "reference/kyrgyz-kazakh-step"),
        ("note/literature-shiryayev-title-punctuation", "literature/shiryayev-grossmaechte"),
    }
    assert [r[2:5] for r in got if r[0] == "untranslated text"][1:] == [
        ("table/asia", "Article table", "Table of the section Asia"),
        ("table/european-states", "Article table", "Table of the section European states"),
        ("table/other-states", "Article table", "Table of the section Relations with other states"),
    ]
    assert (
        "противоречие",
        "note/first-recognition-contradiction",
        "recognition/TUR-recognizes-KAZ",
        "Признаване",
        "Турция признава Казахстан (1991-12-16)",
    ) in answer(store, "all-quality-notes", lang="bg")


@covers("reference-details", {"lang": "bg"})
def test_reference_details(store):
    # The list of references, entry by entry, as printed ("Архив на оригинала от 2006-10-07", "6 ноември
    # 2006. Посетен на 2021-03-13", "архив на оригинала от 17 юли 2012, https://web.archive.org/...,
    # посетен 17 юли 2012", "Gazeta. KZ" ...), then the literature ("DOI:10.1080/0090599042000246424",
    # "Hamburg, Verlag Dr. Kovac, 2008. ISBN 978-3-8300-3749-1").
    ref, lit = "Reference", "Literature entry"
    t13 = "On 2 February 1993 the parties signed an agreement that set up diplomatic relations between the EU and Kazakhstan"
    holds(
        answer(store, "reference-details"),
        [
            (
                "1",
                ref,
                "Kazakhstan – Transnational Issues",
                None,
                "CIA World Factbook",
                None,
                None,
                None,
                None,
                None,
                None,
                "reference/1",
            ),
            (
                "2",
                ref,
                "Kazakhstan Narcotics Factsheet 2004",
                None,
                "The Central Asia-Caucasus Institute & Silk Road Studies Program",
                None,
                None,
                "2006-10-07",
                None,
                None,
                None,
                "reference/2",
            ),
            (
                "3",
                ref,
                "Kazakhstan, Armenia sign agreements to develop relations",
                None,
                "RIA Novosti",
                None,
                None,
                None,
                None,
                None,
                None,
                "reference/3",
            ),
            (
                "4",
                ref,
                "Kazakhs seek stronger ties with Israel",
                "Eglash, Ruth",
                "Jerusalem Post",
                "2006-11-06",
                None,
                None,
                "2021-03-13",
                None,
                None,
                "reference/4",
            ),
            (
                "5",
                ref,
                "Trade Development Authority of Pakistan",
                None,
                None,
                None,
                "https://web.archive.org/web/20120717084656/http://www.epb.gov.pk/v1/news/details.php?param=MzU5d",
                "2012-07-17",
                "2012-07-17",
                None,
                None,
                "reference/5",
            ),
            ("6", ref, "www.philstar.com", None, None, None, None, None, None, None, None, "reference/6"),
            (
                "7",
                ref,
                "www.kazakhstan.com.ph",
                None,
                None,
                None,
                "https://web.archive.org/web/20120426063318/http://www.kazakhstan.com.ph/index.html",
                "2012-04-26",
                "2012-04-26",
                None,
                None,
                "reference/7",
            ),
            (
                "8",
                ref,
                "Brief introduction to relations between China and Kazakhstan",
                None,
                "China Daily",
                None,
                None,
                None,
                None,
                None,
                None,
                "reference/8",
            ),
            (
                "9",
                ref,
                "Kazakhstan",
                None,
                "Korean Ministry of Foreign Affairs",
                None,
                None,
                None,
                None,
                None,
                None,
                "reference/9",
            ),
            (
                "10",
                ref,
                "European Union and Kazakhstan",
                None,
                "European Commission: External Relations",
                None,
                None,
                None,
                None,
                None,
                None,
                "reference/10",
            ),
            (
                "11",
                ref,
                "Switzerland confirms support of Kazakhstan's candidacy for OSCE chairmanship",
                None,
                "Gazeta. KZ",
                None,
                None,
                "2008-10-04",
                None,
                None,
                None,
                "reference/11",
            ),
            (
                "12",
                ref,
                "Switzerland considers opening embassy in Kazakhstan",
                None,
                "Gazeta. KZ",
                None,
                None,
                None,
                None,
                None,
                None,
                "reference/12",
            ),
            ("13", ref, t13, None, None, None, None, "2016-08-01", None, None, None, "reference/13"),
            (
                "kyrgyz-kazakh-step",
                ref,
                "Central Asia: A Kyrgyz-Kazakh Step Towards Regional Union",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                "reference/kyrgyz-kazakh-step",
            ),
            (
                "bukkvoll-astanas-privatized-independence",
                lit,
                "Astana's privatized independence: private and national interests in the foreign policy of Nursultan Nazarbayev",
                "Bukkvoll, Tor",
                None,
                None,
                None,
                None,
                None,
                "10.1080/0090599042000246424",
                None,
                "literature/bukkvoll-astanas-privatized-independence",
            ),
            (
                "shiryayev-grossmaechte",
                lit,
                # the title without its subtitle ("Das „Great Game“ am Kaspischen Meer: …", dcterms:alternative)
                "Großmächte auf dem Weg zur neuen Konfrontation?",
                "Shiryayev, Boris",
                "Verlag Dr. Kovac",
                "2008",
                None,
                None,
                None,
                None,
                "978-3-8300-3749-1",
                "literature/shiryayev-grossmaechte",
            ),
        ],
    )
    assert pick(answer(store, "reference-details", lang="bg"), 1)[0] == ("Цитиран източник",)


@covers("agreement-signatories", {"lang": "bg"})
def test_agreement_signatories(store):
    # Kyrgyzstan: "На 26 април 2007 година, прездидентите на Киргизстан и Казахстан подписват спогодба ...
    # по време на официална визита на казахстанския Президент в Бишкек" — the only agreement whose
    # signatories (the two presidents, unnamed) and place the article gives. The others: see
    # test_agreements; the Collective Security Treaty (Russia) is named, undated and unsigned.
    holds(
        answer(store, "agreement-signatories"),
        [
            (
                "1993-02-02",
                "signed",
                "Agreement: European Union, Kazakhstan (1993-02-02)",
                None,
                None,
                "agreement/EU-KAZ-1993-02-02",
            ),
            (
                "1994-04",
                "signed",
                "Agreement: Kazakhstan, China (1994-04)",
                None,
                None,
                "agreement/KAZ-CHN-first-agreement-1994-04",
            ),
            (
                "1999",
                "in force",
                "Partnership agreement: European Union, Kazakhstan (1999)",
                None,
                None,
                "agreement/EU-KAZ-partnership-cooperation-agreement",
            ),
            ("2006", "signed", "Agreement: Kazakhstan, Armenia (2006)", None, None, "agreement/KAZ-ARM-trade-agreements-2006"),
            (
                "2006-11",
                "signed",
                "Memorandum: European Union, Kazakhstan (2006-11)",
                None,
                None,
                "agreement/EU-KAZ-energy-memorandum-2006-11",
            ),
            (
                "2007-04-26",
                "signed",
                "Agreement: Kyrgyzstan, Kazakhstan (2007-04-26)",
                "President of Kazakhstan",
                "Bishkek",
                "agreement/KGZ-KAZ-international-supreme-council-2007",
            ),
            (
                "2007-04-26",
                "signed",
                "Agreement: Kyrgyzstan, Kazakhstan (2007-04-26)",
                "President of Kyrgyzstan",
                "Bishkek",
                "agreement/KGZ-KAZ-international-supreme-council-2007",
            ),
            (
                "2008",
                "begun",
                "Cooperation programme: Kazakhstan, Israel (2008)",
                None,
                None,
                "agreement/KAZ-ISR-defence-cooperation-2008",
            ),
            (
                "2011",
                "reached",
                "Agreement: Kazakhstan, Philippines",
                None,
                None,
                "agreement/KAZ-PHL-tourism-investment-promotion-2011",
            ),
            # EU: "Казахстан участва и в няколко текущи регионални програми" (undated, no signatory).
            (
                None,
                None,
                "Cooperation programme: Kazakhstan",
                None,
                None,
                "agreement/KAZ-EU-regional-programmes",
            ),
            (None, None, "Collective Security Treaty", None, None, "agreement/collective-security-treaty"),
        ],
    )
    bg = answer(store, "agreement-signatories", lang="bg")
    assert pick(bg, 3, 4)[5:7] == [("Президент на Казахстан", "Бишкек"), ("Президент на Киргизстан", "Бишкек")]
    assert bg[-1][2] == "Договор за колективна сигурност"


@covers("quotations-with-gloss", {"lang": "bg"})
def test_quotations_with_gloss(store):
    # The six quotations (see test_quotations), verbatim, each with the curators' English gloss.
    got = answer(store, "quotations-with-gloss")
    holds(
        pick(got, 0, 1, 2, 4),
        [
            ("Anton Thalmann", "2006-11", THALMANN_QUOTE, "quotation/thalmann-swiss-interest-KAZ"),
            ("Ehud Olmert", "2006", OLMERT_QUOTE, "quotation/olmert-on-KAZ-2006"),
            ("Nursultan Nazarbayev", "2006", NAZARBAYEV_QUOTE, "quotation/nazarbayev-KAZ-ARM-trade-2006"),
            ("Robert Kocharyan", None, KOCHARYAN_QUOTE, "quotation/kocharyan-KAZ-investment-hope"),
            (
                "Transparency International",
                None,
                "силно корумпирана държава",
                "quotation/transparency-international-KAZ-highly-corrupt",
            ),
            (
                "United Nations Office on Drugs and Crime",
                "1998",
                "минимум 1517 тона канабис е бил събран",
                "quotation/unodc-cannabis-estimate-1998",
            ),
        ],
    )
    glosses = {r[0]: r[3] for r in got}
    for speaker, part in [
        ("Anton Thalmann", "diplomatic presence"),
        ("Ehud Olmert", "Islam"),
        ("Nursultan Nazarbayev", "trade"),
        ("Robert Kocharyan", "former President of Armenia"),
        ("Transparency International", "highly corrupt state"),
        ("United Nations Office on Drugs and Crime", "at least 1517 tonnes of cannabis"),
    ]:
        assert part in glosses[speaker], (speaker, part)
    assert ("Ехуд Олмерт",) in pick(answer(store, "quotations-with-gloss", lang="bg"), 0)


@covers("everything-about-state", {"country": "CHE"}, {"country": "congo"}, {"lang": "bg"}, {"country": "KAZ"})
def test_everything_about_state(store):
    # Tajikistan is named once, in the lead: "Казахстан установява връзки с Евроазиатската икономическа
    # общност с Киргизстан и Таджикистан." — its implied participation, the two facts that name it as a
    # partner, and the note on the ambiguous sentence.
    got = answer(store, "everything-about-state")
    assert (
        "Kazakhstan establishes ties with the Eurasian Economic Community together with Kyrgyzstan and Tajikistan "
        "(ambiguous sentence; see note; no date given)."
    ) in {r[3] for r in got}
    holds(
        pick(got, 0, 1, 2, 4),
        [
            ("Data quality note", "kzo:noteAbout", None, "note/lead-eurasec-vague"),
            (
                "Membership",
                "kzo:togetherWith",
                "Kazakhstan, participant in Eurasian Economic Community",
                "membership/KAZ-in-eurasec",
            ),
            (
                "Membership",
                "kzo:togetherWith",
                "Kyrgyzstan, participant in Eurasian Economic Community",
                "membership/KGZ-in-eurasec",
            ),
            (
                "Membership",
                "http://www.w3.org/ns/org#member",
                "Tajikistan, participant in Eurasian Economic Community",
                "membership/TJK-in-eurasec",
            ),
        ],
    )
    # Switzerland: Thalmann's judgement of Kazakhstan, the 2009 candidacy it supports, Bern, the meeting there, Thalmann's office, the
    # embassy its Federal Council considers, and its row ("Швейцария") in the table of European states.
    check(
        pick(answer(store, "everything-about-state", country="CHE"), 0, 1, 4),
        [
            # Thalmann: "Швейцария се интересува ... защото има динамично развитие и нарастваща роля в региона"
            ("Assessment", "kzo:about", "assessment/thalmann-KAZ-dynamic-development"),
            # through Thalmann, Swiss deputy foreign minister (the property chains): his judgement, the
            # meeting, Thalmann himself, the embassy he announced and his words
            ("Assessment", "kzo:involvesOfficialOf", "assessment/thalmann-KAZ-dynamic-development"),
            ("Candidacy", "kzo:supportedBy", "candidacy/KAZ-osce-chair-2009"),
            ("City", "kzo:country", "city/bern"),
            ("Meeting", "kzo:destination", "meeting/KAZ-CHE-deputy-foreign-ministers-bern-2006-11"),
            ("Meeting", "kzo:involvesOfficialOf", "meeting/KAZ-CHE-deputy-foreign-ministers-bern-2006-11"),
            ("Office", "http://www.w3.org/ns/org#postIn", "office/CHE-deputy-foreign-minister"),
            ("Person", "kzo:officialOf", "person/anton-thalmann"),
            ("Planned mission", "kzo:involvesOfficialOf", "planned-mission/CHE-embassy-KAZ"),
            ("Planned mission", "kzo:missionPlannedBy", "planned-mission/CHE-embassy-KAZ"),
            ("Quotation", "kzo:involvesOfficialOf", "quotation/thalmann-swiss-interest-KAZ"),
            ("Table row", "kzo:rowCountry", "table-row/european-states-CHE"),
        ],
    )
    # Kazakhstan: the visits of its president, which name him or his office, never the state
    # ("Президентът Назарбаев посещава Израел през 1995 и 2000"; "посещение в Пакистан през 1992").
    kaz = pick(answer(store, "everything-about-state", country="KAZ"), 0, 1, 4)
    for visit in (
        "nazarbayev-to-ISR-1995",
        "nazarbayev-to-ISR-2000",
        "nazarbayev-to-PAK-1992",
        "KAZ-president-to-KGZ-2007-04-26",
    ):
        assert ("Visit", "kzo:involvesOfficialOf", "visit/" + visit) in kaz
    assert ("Person", "kzo:officialOf", "person/nursultan-nazarbayev") in kaz
    # "Външните отношения на Казахстан се основават предимно на ...": the hedge "mainly" stands in the row
    hedges = {(r[4], r[5]) for r in answer(store, "everything-about-state", country="KAZ") if r[5]}
    assert ("assessment/KAZ-foreign-relations-basis", "mainly") in hedges
    # "Конго": its place in the no-relations list and the note that it is ambiguous.
    check(
        pick(answer(store, "everything-about-state", country="congo"), 0, 1, 4),
        [
            ("Absence of diplomatic relations", "kzo:party", "no-relation/KAZ-congo"),
            ("Data quality note", "kzo:noteAbout", "note/congo-ambiguous"),
        ],
    )
