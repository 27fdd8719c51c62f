"""The stored queries: people, quotations, assessments.

Each expectation is worked out from the article; the comment above it quotes the sentence it
comes from (see expect.py and conftest.py for how a query is run and read)."""

from __future__ import annotations

import pytest

from kzgraph.asking.queries import QueryError

from expect import answer, check, covers, holds, pick

# Armenia: "През 2006 година Президентът на Казахстан – Нурсултан Назарбаев заявява: „Нивото на търговия
# между нашите държави не задоволява нито една от двете страни, а тези ниски индикатори не могат да
# задоволят нашите критерии“." "Бившият Президент на Армения – Роберт Кочарян ... признава: „Ние се
# надяваме това да е началото на период на засилени инвестиции от Казахстан в Армения“." Israel (2006):
# "израелският му колега Ехуд Олмер отбелязва: „Казахстан може да покаже колко красиво лице може да има
# ислямът. ...“". Switzerland: Thalmann "казвайки: "Швейцария се интересува ...". Narcotics: „минимум 1517
# тона канабис е бил събран“ (1998, UNODC) and „силно корумпирана държава“ (Прозрачност без граници).
NAZARBAYEV_QUOTE = (
    "Нивото на търговия между нашите държави не задоволява нито една от двете страни, а тези ниски "
    "индикатори не могат да задоволят нашите критерии"
)

OLMERT_QUOTE = (
    "Казахстан може да покаже колко красиво лице може да има ислямът. Съвременният, непрестанно развиващ се "
    "Казахстан е чудесен пример за икономическо развитие и междуетническо съгласие, което трябва да е пример "
    "за останалите мюсюлмански държави"
)

THALMANN_QUOTE = (
    "Швейцария се интересува от цялостното развитие на отношенията с вашата страна, защото има динамично "
    "развитие и нарастваща роля в региона. Във връзка с това Берн увеличава дипломатическото си присъствие "
    "в тази страна, до отваряне на швейцарското посолство в перспектива"
)

KOCHARYAN_QUOTE = "Ние се надяваме това да е началото на период на засилени инвестиции от Казахстан в Армения"


@covers("quotations", {"lang": "bg"})
def test_quotations(store):
    holds(
        answer(store, "quotations"),
        [
            (
                "Anton Thalmann",
                "Deputy Minister of Foreign Affairs of Switzerland",
                "2006-11",
                THALMANN_QUOTE,
                "quotation/thalmann-swiss-interest-KAZ",
            ),
            ("Ehud Olmert", "Prime Minister of Israel", "2006", OLMERT_QUOTE, "quotation/olmert-on-KAZ-2006"),
            (
                "Nursultan Nazarbayev",
                "President of Kazakhstan",
                "2006",
                NAZARBAYEV_QUOTE,
                "quotation/nazarbayev-KAZ-ARM-trade-2006",
            ),
            ("Robert Kocharyan", "President of Armenia", None, KOCHARYAN_QUOTE, "quotation/kocharyan-KAZ-investment-hope"),
            (
                "Transparency International",
                None,
                None,
                "силно корумпирана държава",
                "quotation/transparency-international-KAZ-highly-corrupt",
            ),
            (
                "United Nations Office on Drugs and Crime",
                None,
                "1998",
                "минимум 1517 тона канабис е бил събран",
                "quotation/unodc-cannabis-estimate-1998",
            ),
        ],
    )
    bg = answer(store, "quotations", lang="bg")
    assert ("Ехуд Олмерт", "Министър-председател на Израел", "2006", OLMERT_QUOTE, "quotation/olmert-on-KAZ-2006") in bg


@covers(
    "quotations-by-person",
    {"speaker": "Ехуд Олмер"},
    {"speaker": "anton thalmann"},
    {"speaker": "Прозрачност без граници"},
    {"lang": "bg"},
)
def test_quotations_by_person(store):
    holds(
        answer(store, "quotations-by-person"),
        [
            ("2006", "President of Kazakhstan", None, NAZARBAYEV_QUOTE, "Armenia", "quotation/nazarbayev-KAZ-ARM-trade-2006"),
        ],
    )
    # The article's misspelling "Ехуд Олмер" finds Olmert; he spoke during Massimov's 2006 visit.
    check(
        answer(store, "quotations-by-person", speaker="Ехуд Олмер"),
        [
            (
                "2006",
                "Prime Minister of Israel",
                "Visit: Karim Massimov → Israel (2006)",
                OLMERT_QUOTE,
                "Israel",
                "quotation/olmert-on-KAZ-2006",
            ),
        ],
    )
    check(
        answer(store, "quotations-by-person", speaker="anton thalmann"),
        [
            (
                "2006-11",
                "Deputy Minister of Foreign Affairs of Switzerland",
                "Meeting: Rakhat Aliyev, Anton Thalmann (2006-11-13)",
                THALMANN_QUOTE,
                "Switzerland",
                "quotation/thalmann-swiss-interest-KAZ",
            ),
        ],
    )
    check(
        answer(store, "quotations-by-person", speaker="Прозрачност без граници"),
        [
            (
                None,
                None,
                None,
                "силно корумпирана държава",
                "Illicit drugs",
                "quotation/transparency-international-KAZ-highly-corrupt",
            ),
        ],
    )
    with pytest.raises(QueryError, match="unknown speaker 'Nobody'"):
        answer(store, "quotations-by-person", speaker="Nobody")
    holds(
        answer(store, "quotations-by-person", lang="bg"),
        [
            ("2006", "Президент на Казахстан", None, NAZARBAYEV_QUOTE, "Армения", "quotation/nazarbayev-KAZ-ARM-trade-2006"),
        ],
    )


@covers("people-and-offices", {"lang": "bg"})
def test_people_and_offices(store):
    # Armenia: "Президентът на Казахстан – Нурсултан Назарбаев", "Бившият Президент на Армения – Роберт
    # Кочарян"; Israel: "казахстанския министър-председател Карим Масимов, израелският му колега Ехуд
    # Олмер"; Switzerland: "Рахат Алиев, първият заместник-министър на външните работи на Казахстан",
    # "Антон Талман, заместник-министър на външните работи на Швейцария"; Kyrgyzstan and Uzbekistan name
    # their presidents without names ("прездидентите на Киргизстан и Казахстан", "президентът на Узбекистан").
    # Kocharyan is "Бившият Президент" (the former President), as of a time the article does not give.
    holds(
        answer(store, "people-and-offices"),
        [
            ("Armenia", "President of Armenia", "Robert Kocharyan", True),
            ("Israel", "Prime Minister of Israel", "Ehud Olmert", False),
            ("Kazakhstan", "First Deputy Minister of Foreign Affairs of Kazakhstan", "Rakhat Aliyev", False),
            ("Kazakhstan", "President of Kazakhstan", "Nursultan Nazarbayev", False),
            ("Kazakhstan", "Prime Minister of Kazakhstan", "Karim Massimov", False),
            ("Kyrgyzstan", "President of Kyrgyzstan", None, None),
            ("Switzerland", "Deputy Minister of Foreign Affairs of Switzerland", "Anton Thalmann", False),
            ("Uzbekistan", "President of Uzbekistan", None, None),
        ],
    )
    bg = answer(store, "people-and-offices", lang="bg")
    assert ("Казахстан", "Президент на Казахстан", "Нурсултан Назарбаев", False) in bg


@covers("person-activities", {"person": "Anton Thalmann"}, {"person": "карим масимов"})
def test_person_activities(store):
    # Nazarbayev in person or as President of Kazakhstan: Pakistan 1992, Israel 1995 and 2000, the
    # Armenian exchanges of 1999 and 2001, Canada May 2003, his 2006 words on Armenian trade, the
    # 26 April 2007 agreement he signed in Bishkek during his official visit, and the lead's
    # "Администрацията на Назарбаев се опитва да балансира ..." with its "изкуствено ниски цени" (undated, last).
    got = answer(store, "person-activities")
    holds(
        pick(got, 0, 1, 4),
        [
            ("1992", "Visit", "visit/nazarbayev-to-PAK-1992"),
            ("1995", "Visit", "visit/nazarbayev-to-ISR-1995"),
            ("1999", "Visit", "visit/KAZ-ARM-presidents-1999"),
            ("2000", "Visit", "visit/nazarbayev-to-ISR-2000"),
            ("2001", "Visit", "visit/KAZ-ARM-presidents-2001"),
            ("2003-05", "Visit", "visit/KAZ-president-to-CAN-2003-05"),
            ("2006", "Assessment", "assessment/nazarbayev-KAZ-ARM-trade-unsatisfactory"),
            ("2006", "Quotation", "quotation/nazarbayev-KAZ-ARM-trade-2006"),
            ("2007-04-26", "Agreement", "agreement/KGZ-KAZ-international-supreme-council-2007"),
            ("2007-04-26", "Visit", "visit/KAZ-president-to-KGZ-2007-04-26"),
            (None, "Assessment", "assessment/KAZ-oil-gas-prices-artificially-low"),
            (None, "Assessment", "assessment/nazarbayev-administration-balances-RUS-USA"),
        ],
    )
    pakistan = next(r for r in got if r[4] == "visit/nazarbayev-to-PAK-1992")
    assert pakistan[2] == "Visit: Nursultan Nazarbayev → Pakistan (1992)"
    assert (
        pakistan[3]
        == "President Nazarbayev visited Pakistan in 1992; diplomatic and consular ties were established during the visit."
    )
    # Thalmann: the Bern meeting of 13-14 November 2006, the Swiss embassy he announced ("Талман
    # обявява, че Федералният съвет на Швейцария обмисля откриване на посолство") and his words, both
    # dated November 2006 by implication (made at the meeting), and his judgement in them ("динамично
    # развитие и нарастваща роля в региона").
    check(
        pick(answer(store, "person-activities", person="Anton Thalmann"), 0, 1, 4),
        [
            ("2006-11", "Assessment", "assessment/thalmann-KAZ-dynamic-development"),
            ("2006-11", "Planned mission", "planned-mission/CHE-embassy-KAZ"),
            ("2006-11", "Quotation", "quotation/thalmann-swiss-interest-KAZ"),
            ("2006-11-13", "Meeting", "meeting/KAZ-CHE-deputy-foreign-ministers-bern-2006-11"),
        ],
    )
    # Massimov (named in Bulgarian, lower case): his 2006 visit; the Olmert quotation is not his.
    check(
        pick(answer(store, "person-activities", person="карим масимов"), 0, 1, 4),
        [
            ("2006", "Visit", "visit/massimov-visit-2006"),
        ],
    )
    with pytest.raises(QueryError, match="unknown person 'Nobody'"):
        answer(store, "person-activities", person="Nobody")


# Russia section, sentence by sentence (all about Russia or Kazakh–Russian relations), the lead's
# "Администрацията на Назарбаев се опитва да балансира отношенията си с Русия и САЩ ..." and the
# narcotics section's "Русия и Европа са основните пазари на тези наркотици, но и употребата в
# Казахстан нараства."
RUSSIA_ASSESSMENTS_BG = [
    (
        "Lead (untitled introduction)",
        None,
        "Администрацията на Назарбаев се опитва да балансира отношенията си с Русия и САЩ чрез търговия на нефт и "
        "природен газ на изкуствено ниски цени и чрез подпомагане на САЩ във войната срещу тероризма.",
        "assessment/KAZ-oil-gas-prices-artificially-low",
    ),
    (
        "Lead (untitled introduction)",
        None,
        "Администрацията на Назарбаев се опитва да балансира отношенията си с Русия и САЩ чрез търговия на нефт и "
        "природен газ на изкуствено ниски цени и чрез подпомагане на САЩ във войната срещу тероризма.",
        "assessment/nazarbayev-administration-balances-RUS-USA",
    ),
    (
        "Забранени наркотични вещества",
        None,
        "Русия и Европа са основните пазари на тези наркотици, но и употребата в Казахстан нараства.",
        "assessment/drug-markets-russia-europe-KAZ-use-growing",
    ),
    (
        "Русия",
        None,
        "но и двете страни остават партньори по регионалните въпроси и по-големите поддръжници на Договора за "
        "колективна сигурност и Шанхайската организация.",
        "assessment/KAZ-RUS-major-supporters-cst-sco",
    ),
    (
        "Русия",
        None,
        "но и двете страни остават партньори по регионалните въпроси и по-големите поддръжници на Договора за "
        "колективна сигурност и Шанхайската организация.",
        "assessment/KAZ-RUS-regional-partners",
    ),
    (
        "Русия",
        None,
        "Дипломатическите отношения между Русия и Казахстан се е колебливи след падането на Съветския съюз",
        "assessment/KAZ-RUS-relations-wavering",
    ),
    (
        "Русия",
        None,
        "Казахстан-руските отношения са обтегнати на моменти от военното и икономическото сътрудничество на Астана "
        "със Съединените щати.",
        "assessment/KAZ-RUS-strained-by-US-cooperation",
    ),
    ("Русия", None, "Казахстан продава нефт и газ в Русия при значително намален оборот.", "assessment/KAZ-oil-gas-sales-RUS"),
    ("Русия", None, "Руски фирми са инвестирали големи суми в икономиката на Казахстан.", "assessment/RUS-investment-KAZ"),
    (
        "Русия",
        None,
        "Руско присъствие има и в казахстанската армия – повечето офицери са етнически руснаци, а голяма част от "
        "военните подразделения използват руска (или съветска) техника.",
        "assessment/RUS-presence-KAZ-army",
    ),
]


@covers(
    "assessments-about",
    {"lang": "bg"},
    {"country": "KOR"},
    {"country": "PAK"},
    {"country": "ISR", "lang": "bg"},
    {"country": "NOR"},
)
def test_assessments_about(store):
    bg = answer(store, "assessments-about", lang="bg")
    holds(pick(bg, 0, 1, 2, 3), RUSSIA_ASSESSMENTS_BG)
    # the qualifiers (hedge, implied, before): one hedge, "Казахстан-руските отношения са обтегнати на моменти"
    hedged = [(r[3], r[4:]) for r in bg if any(v is not None for v in r[4:])]
    assert hedged == [("assessment/KAZ-RUS-strained-by-US-cooperation", ("на моменти", None, None))]
    en = answer(store, "assessments-about")
    holds(
        pick(en, 0, 1, 3),
        [
            ("Lead (untitled introduction)", None, "assessment/KAZ-oil-gas-prices-artificially-low"),
            ("Lead (untitled introduction)", None, "assessment/nazarbayev-administration-balances-RUS-USA"),
            ("Illicit drugs", None, "assessment/drug-markets-russia-europe-KAZ-use-growing"),
        ]
        + [("Russia", None, r[3]) for r in RUSSIA_ASSESSMENTS_BG[3:]],
    )
    assert all(r[2] for r in en)
    # South Korea: "Двустраните отношения между Казахстан и Южна Корея са в непрекъснато развитие.
    # Взаимовръзките между държавите са силни ... Наличието на близо 100 000 корейски граждани в
    # Казахстан допълнително засилва връзката между страните."
    check(
        pick(answer(store, "assessments-about", country="KOR"), 0, 1, 3),
        [
            ("South Korea", None, "assessment/KAZ-KOR-relations-developing"),
            ("South Korea", None, "assessment/KAZ-KOR-ties-strong"),
            ("South Korea", None, "assessment/KOR-population-strengthens-ties"),
        ],
    )
    # Pakistan: "Пакистан счита Казахстан за бързо растящ пазар за пакистански стоки." is a judgement
    # *by* Pakistan about Kazakhstan, not about Pakistan.
    check(answer(store, "assessments-about", country="PAK"), [])
    # Israel: "Въпреки членството на Казахстан в „Организация за ислямско сътрудничество“, отношенията с
    # Израел са по-скоро добри."
    isr = answer(store, "assessments-about", country="ISR", lang="bg")
    # "по-скоро добри": the hedge is the row's own column, not lost
    assert [r[4:] for r in isr] == [("по-скоро", None, None), (None, None, None)]
    check(
        pick(isr, 0, 1, 2, 3),
        [
            (
                "Израел",
                None,
                "Въпреки членството на Казахстан в „Организация за ислямско сътрудничество“, отношенията с Израел са по-скоро добри.",
                "assessment/KAZ-ISR-relations-rather-good",
            ),
            # Olmert's words, an Israeli's judgement of Kazakhstan (about Israel as their holder's state)
            (
                "Израел",
                "Ехуд Олмерт",
                "През 2006 по време на визитата на казахстанския министър-председател Карим Масимов, израелският му "
                "колега Ехуд Олмер отбелязва: „Казахстан може да покаже колко красиво лице може да има ислямът. "
                "Съвременният, непрестанно развиващ се Казахстан е чудесен пример за икономическо развитие и "
                "междуетническо съгласие, което трябва да е пример за останалите мюсюлмански държави“.",
                "assessment/olmert-KAZ-example",
            ),
        ],
    )
    check(answer(store, "assessments-about", country="NOR"), [])


@covers("country-facts", {"country": "congo"}, {"country": "CHE"}, {"lang": "bg"}, {"country": "UZB"})
def test_country_facts(store):
    # Turkey: relations from 2 March 1992, recognition on 16 December 1991, TURKSOY founder, its embassy in
    # Almaty and office in Astana, Kazakhstan's embassy in Ankara and consulate general in Istanbul, and
    # two judgements ("тюркски народи"; relations "се развиват положително").
    holds(
        pick(answer(store, "country-facts"), 0, 1, 4),
        [
            ("Assessment", "kzo:about", "assessment/KAZ-TUR-relations-positive"),
            ("Assessment", "kzo:about", "assessment/TUR-KAZ-turkic-peoples"),
            ("Assessment", "kzo:evaluates", "assessment/TUR-KAZ-turkic-peoples"),
            ("Consulate general", "kzo:receivingState", "mission/KAZ-consulate-general-TUR-istanbul"),
            ("Diplomatic relation", "kzo:party", "relation/KAZ-TUR"),
            ("Embassy", "kzo:receivingState", "mission/KAZ-embassy-TUR-ankara"),
            ("Embassy", "kzo:sendingState", "mission/TUR-embassy-KAZ-almaty"),
            ("Membership", "http://www.w3.org/ns/org#member", "membership/TUR-founder-turksoy"),
            ("Recognition", "kzo:recognizingState", "recognition/TUR-recognizes-KAZ"),
            ("Representation office", "kzo:sendingState", "mission/TUR-office-KAZ-astana"),
        ],
    )
    # Congo: only its place in the no-relations list.
    check(
        pick(answer(store, "country-facts", country="congo"), 0, 1, 2, 3, 4),
        [
            (
                "Absence of diplomatic relations",
                "kzo:party",
                "No diplomatic relations Kazakhstan – Congo",
                "Kazakhstan has not yet established diplomatic contact with Congo (Republic of the Congo or DR Congo; "
                "ambiguous) ('Конго', list position 23).",
                "no-relation/KAZ-congo",
            ),
        ],
    )
    # Switzerland: the support for the 2009 candidacy, the Bern meeting (in Switzerland), and the
    # embassy in Kazakhstan its Federal Council considers (a planned mission, no longer an assessment).
    check(
        pick(answer(store, "country-facts", country="CHE"), 0, 1, 4),
        [
            # Thalmann's words "Швейцария се интересува ... защото има динамично развитие" involve Switzerland
            ("Assessment", "kzo:about", "assessment/thalmann-KAZ-dynamic-development"),
            # and through Anton Thalmann, who holds a Swiss office ("Антон Талман, заместник-министър на
            # външните работи на Швейцария"): his judgement, his words, the meeting he took part in, the
            # embassy he announced. Rows added with the property chains (kzo:involvesOfficialOf).
            ("Assessment", "kzo:involvesOfficialOf", "assessment/thalmann-KAZ-dynamic-development"),
            ("Candidacy", "kzo:supportedBy", "candidacy/KAZ-osce-chair-2009"),
            ("Meeting", "kzo:destination", "meeting/KAZ-CHE-deputy-foreign-ministers-bern-2006-11"),
            ("Meeting", "kzo:involvesOfficialOf", "meeting/KAZ-CHE-deputy-foreign-ministers-bern-2006-11"),
            ("Planned mission", "kzo:involvesOfficialOf", "planned-mission/CHE-embassy-KAZ"),
            ("Planned mission", "kzo:missionPlannedBy", "planned-mission/CHE-embassy-KAZ"),
            ("Quotation", "kzo:involvesOfficialOf", "quotation/thalmann-swiss-interest-KAZ"),
        ],
    )
    # Uzbekistan: the visits of its president ("президентът на Узбекистан ... посещава Казахстан
    # няколко пъти"), which name the office, not the state: found through the office's state.
    uzb = pick(answer(store, "country-facts", country="UZB"), 0, 1, 4, 5, 6, 7)
    assert ("Visit", "kzo:involvesOfficialOf", "visit/UZB-president-to-KAZ-several", None, None, None) in uzb
    # the qualifiers: "Преди 2005 г. ... договарят ... делимитацията" is a bound, not a date: the before column
    assert ("Border delimitation", "kzo:party", "border/KAZ-RUS-TKM-UZB-delimitation", None, None, "2005") in uzb
    # Thalmann's judgement, words and announced embassy are dated only by implication (implied: true)
    che = {(r[4], r[6]) for r in answer(store, "country-facts", country="CHE")}
    assert {f for f, implied in che if implied} == {
        "assessment/thalmann-KAZ-dynamic-development",
        "planned-mission/CHE-embassy-KAZ",
        "quotation/thalmann-swiss-interest-KAZ",
    }
