"""The stored queries: the tables, dates by origin, implied values, hedges, capitals.

Each expectation is worked out from the article; the comment above it quotes the sentence it
comes from (see expect.py and conftest.py for how a query is run and read)."""

from __future__ import annotations

from collections import Counter

from expect import answer, check, covers, holds, pick

T_ASIA, T_EUROPE, T_OTHER = (
    "Table of the section Asia",
    "Table of the section European states",
    "Table of the section Relations with other states",
)


@covers("table-rows-without-date", {"lang": "bg"})
def test_table_rows_without_date(store):
    # "Държава Начало на официалните отношения Notes": Asia "Армения", "Индия", "Израел", "Пакистан"
    # (then "Филипини 1992-03-19" ...); European states "Албания", "Норвегия", "Русия", "Швейцария";
    # other states "Канада", "САЩ" — rows printed without a date.
    holds(
        answer(store, "table-rows-without-date"),
        [
            (T_ASIA, 1, "Armenia", "Армения", "table-row/asia-ARM"),
            (T_ASIA, 2, "India", "Индия", "table-row/asia-IND"),
            (T_ASIA, 3, "Israel", "Израел", "table-row/asia-ISR"),
            (T_ASIA, 4, "Pakistan", "Пакистан", "table-row/asia-PAK"),
            (T_EUROPE, 1, "Albania", "Албания", "table-row/european-states-ALB"),
            (T_EUROPE, 4, "Norway", "Норвегия", "table-row/european-states-NOR"),
            (T_EUROPE, 6, "Russia", "Русия", "table-row/european-states-RUS"),
            (T_EUROPE, 7, "Switzerland", "Швейцария", "table-row/european-states-CHE"),
            (T_OTHER, 1, "Canada", "Канада", "table-row/other-states-CAN"),
            (T_OTHER, 2, "United States", "САЩ", "table-row/other-states-USA"),
        ],
    )
    assert answer(store, "table-rows-without-date", lang="bg")[0][:3] == ("Таблица в раздела „Азия“", 1, "Армения")


@covers("relation-dates-by-origin", {"lang": "bg"})
def test_relation_dates_by_origin(store):
    # Ten dates are printed in the tables (see TIMELINE); the prose dates Pakistan (20 December 1991 and
    # 1992), Canada and Israel (1992), Azerbaijan (27 August 1992), the USA (26 December 1992), China
    # (April 1994) and Armenia (2006); the EU's date is in the title of reference [13] only.
    holds(
        answer(store, "relation-dates-by-origin"),
        [
            ("reference title", "1993-02-02", "European Union", None, None, "relation/KAZ-EU"),
            ("running text", "1991-12-20", "Pakistan", None, None, "relation/KAZ-PAK-1991-12-20"),
            ("running text", "1992", "Canada", None, None, "relation/KAZ-CAN"),
            ("running text", "1992", "Israel", None, None, "relation/KAZ-ISR"),
            ("running text", "1992", "Pakistan", None, None, "relation/KAZ-PAK"),
            ("running text", "1992-08-27", "Azerbaijan", None, None, "relation/KAZ-AZE"),
            ("running text", "1992-12-26", "United States", None, None, "relation/KAZ-USA"),
            ("running text", "1994-04", "China", None, None, "relation/KAZ-CHN-1994-04"),
            ("running text", "2006", "Armenia", None, None, "relation/KAZ-ARM"),
            ("table row", "1991", "Ukraine", T_EUROPE, 9, "relation/KAZ-UKR"),
            ("table row", "1992", "Malaysia", T_ASIA, 8, "relation/KAZ-MYS"),
            ("table row", "1992-01-03", "China", T_ASIA, 6, "relation/KAZ-CHN"),
            ("table row", "1992-01-28", "South Korea", T_ASIA, 7, "relation/KAZ-KOR"),
            ("table row", "1992-02-19", "United Kingdom", T_EUROPE, 10, "relation/KAZ-GBR"),
            ("table row", "1992-03-02", "Turkey", T_EUROPE, 8, "relation/KAZ-TUR"),
            ("table row", "1992-03-19", "Philippines", T_ASIA, 5, "relation/KAZ-PHL"),
            ("table row", "1992-07-05", "Bulgaria", T_EUROPE, 2, "relation/KAZ-BGR"),
            ("table row", "1992-07-15", "Romania", T_EUROPE, 5, "relation/KAZ-ROU"),
            ("table row", "1992-12-30", "Latvia", T_EUROPE, 3, "relation/KAZ-LVA"),
        ],
    )
    # every dated relation of the timeline, each with where its date comes from
    en = answer(store, "relation-dates-by-origin")
    assert sorted(r[-1] for r in en) == sorted(r[-1] for r in answer(store, "relations-timeline"))
    # the origins in Bulgarian: the same three, as many of each as in English
    bg = answer(store, "relation-dates-by-origin", lang="bg")
    assert {r[0] for r in bg} == {"ред на таблица", "текст", "заглавие на източник"}
    assert sorted(Counter(r[0] for r in bg).values()) == sorted(Counter(r[0] for r in en).values())


@covers("tabled-countries-by-date", {"lang": "bg"})
def test_tabled_countries_by_date(store):
    # The tables' 20 countries by the date each row prints, or (empty cell) the prose gives: Pakistan
    # twice (20 December 1991, 1992); India, Albania, Norway, Russia and Switzerland have no date at all.
    holds(
        answer(store, "tabled-countries-by-date"),
        [
            ("1991", True, "Ukraine", T_EUROPE, 9, "table-row/european-states-UKR"),
            ("1991-12-20", False, "Pakistan", T_ASIA, 4, "table-row/asia-PAK"),
            ("1992", False, "Israel", T_ASIA, 3, "table-row/asia-ISR"),
            ("1992", False, "Pakistan", T_ASIA, 4, "table-row/asia-PAK"),
            ("1992", True, "Malaysia", T_ASIA, 8, "table-row/asia-MYS"),
            ("1992", False, "Canada", T_OTHER, 1, "table-row/other-states-CAN"),
            ("1992-01-03", True, "China", T_ASIA, 6, "table-row/asia-CHN"),
            ("1992-01-28", True, "South Korea", T_ASIA, 7, "table-row/asia-KOR"),
            ("1992-02-19", True, "United Kingdom", T_EUROPE, 10, "table-row/european-states-GBR"),
            ("1992-03-02", True, "Turkey", T_EUROPE, 8, "table-row/european-states-TUR"),
            ("1992-03-19", True, "Philippines", T_ASIA, 5, "table-row/asia-PHL"),
            ("1992-07-05", True, "Bulgaria", T_EUROPE, 2, "table-row/european-states-BGR"),
            ("1992-07-15", True, "Romania", T_EUROPE, 5, "table-row/european-states-ROU"),
            ("1992-12-26", False, "United States", T_OTHER, 2, "table-row/other-states-USA"),
            ("1992-12-30", True, "Latvia", T_EUROPE, 3, "table-row/european-states-LVA"),
            ("2006", False, "Armenia", T_ASIA, 1, "table-row/asia-ARM"),
            (None, False, "India", T_ASIA, 2, "table-row/asia-IND"),
            (None, False, "Albania", T_EUROPE, 1, "table-row/european-states-ALB"),
            (None, False, "Norway", T_EUROPE, 4, "table-row/european-states-NOR"),
            (None, False, "Russia", T_EUROPE, 6, "table-row/european-states-RUS"),
            (None, False, "Switzerland", T_EUROPE, 7, "table-row/european-states-CHE"),
        ],
    )


@covers("visits-by-destination", {"country": "CHE"}, {"country": "KGZ"}, {"country": "KAZ"}, {"lang": "bg"})
def test_visits_by_destination(store):
    # Israel: "Президентът Назарбаев прави две визити в Израел – през 1995 година и 2000 година. През 2006
    # по време на визитата на казахстанския министър-председател Карим Масимов, израелският му колега Ехуд
    # Олмер отбелязва" — Massimov's visit is placed in Israel by implication only, and says so.
    got = answer(store, "visits-by-destination")
    holds(
        pick(got, 0, 1, 2, 3, 5),
        [
            ("1995", "Visit", "Nursultan Nazarbayev", False, "visit/nazarbayev-to-ISR-1995"),
            ("2000", "Visit", "Nursultan Nazarbayev", False, "visit/nazarbayev-to-ISR-2000"),
            ("2006", "Visit", "Karim Massimov", True, "visit/massimov-visit-2006"),
        ],
    )
    by_event = {r[5]: r for r in got}
    implied_from = by_event["visit/massimov-visit-2006"][4]
    assert by_event["visit/nazarbayev-to-ISR-1995"][4] is None
    assert "Israel subsection" in implied_from and "израелският му колега" in implied_from
    # Bern: "в Берн, Швейцария на 13 – 14 ноември 2006 година" (a meeting, stated).
    check(
        answer(store, "visits-by-destination", country="CHE"),
        [
            ("2006-11-13", "Meeting", None, False, None, "meeting/KAZ-CHE-deputy-foreign-ministers-bern-2006-11"),
        ],
    )
    # "официална визита на казахстанския Президент в Бишкек"; "президентът на Узбекистан прави няколко
    # визити в Казахстан" (undated).
    check(
        answer(store, "visits-by-destination", country="KGZ"),
        [
            ("2007-04-26", "Visit", "President of Kazakhstan", False, None, "visit/KAZ-president-to-KGZ-2007-04-26"),
        ],
    )
    check(
        answer(store, "visits-by-destination", country="KAZ"),
        [
            (None, "Visit", "President of Uzbekistan", False, None, "visit/UZB-president-to-KAZ-several"),
        ],
    )
    assert ("Посещение", "Карим Масимов") in pick(answer(store, "visits-by-destination", lang="bg"), 1, 2)


@covers("hedged-facts", {"lang": "bg"})
def test_hedged_facts(store):
    # "Казахстан-руските отношения са обтегнати на моменти"; "особено в политическата, икономическата и
    # образователната сфери" (South Korea); "особено в други страни-членки на ОНД" (narcotics); "главно през
    # посолството си в Москва" and "главно в петролния сектор" (Philippines); "предимно от Афганистан";
    # "се основават предимно на икономическа и политическа сигурност" (lead); "по-скоро добри" (Israel).
    holds(
        pick(answer(store, "hedged-facts"), 0, 1, 4),
        [
            ("at times", "Assessment", "assessment/KAZ-RUS-strained-by-US-cooperation"),
            ("especially", "Assessment", "assessment/KAZ-KOR-ties-strong"),
            ("especially", "Assessment", "assessment/cannabis-opium-international-problem"),
            ("mainly", "Non-resident accreditation", "accreditation/PHL-to-KAZ-via-RUS"),
            ("mainly", "Assessment", "assessment/KAZ-drug-transit-country"),
            ("mainly", "Assessment", "assessment/KAZ-foreign-relations-basis"),
            ("mainly", "Statistical observation", "observation/PHL-labour-migrants-in-KAZ-2009"),
            ("rather", "Assessment", "assessment/KAZ-ISR-relations-rather-good"),
        ],
    )
    # the hedges in Bulgarian, as many of each as in English (4 "главно", 2 "особено", 1 each of the others today)
    bg = Counter(r[0] for r in answer(store, "hedged-facts", lang="bg"))
    assert {"главно", "особено", "по-скоро", "на моменти"} <= set(bg)
    assert sorted(bg.values()) == sorted(Counter(r[0] for r in answer(store, "hedged-facts")).values())


@covers("capitals", {"lang": "bg"})
def test_capitals(store):
    # Kyrgyzstan: "в Бишкек, столицата на Киргизстан"; Malaysia: "в столицата на Малайзия – Куала Лампур".
    holds(
        answer(store, "capitals"),
        [
            ("Bishkek", "Kyrgyzstan", "Бишкек, столицата на Киргизстан", "capital/KGZ-bishkek"),
            ("Kuala Lumpur", "Malaysia", "столицата на Малайзия – Куала Лампур", "capital/MYS-kuala-lumpur"),
        ],
    )
    # (In Bulgarian the city's name is "Куала Лумпур"; the article's "Куала Лампур" is its spelling, noted.)
    holds(pick(answer(store, "capitals", lang="bg"), 0, 1), [("Бишкек", "Киргизстан"), ("Куала Лумпур", "Малайзия")])


@covers("implied-values", {"lang": "bg"})
def test_implied_values(store):
    # What the article implies and the graph records as implied: Albania represented "в" (Kazakhstan,
    # elided); the country of the cannabis sentence (the subject and what its judgement evaluates);
    # Kyrgyzstan's and Tajikistan's part in EurAsEC ("с Киргизстан и Таджикистан", whole facts); the
    # elided embassies, alike: Armenia's ("както и Армения в Алмати") and Malaysia's ("Малайзия има в
    # Алмати"); whose consulate general is in Almaty (the US section); whose the EU section's "няколко
    # текущи регионални програми" are (the EU's); the date and occasion of Thalmann's announcement, words
    # and judgement (the Bern meeting of November 2006); who recognised Kazakhstan "през 1991 година" (the
    # US); the date of the Kazakh president's visit to Bishkek (the signing of 26 April 2007 "по време на"
    # it); where Massimov went (Israel). Outside knowledge: the treaty's organization, the CSTO.
    implied, outside = "implied by the article", "outside knowledge"
    holds(
        pick(answer(store, "implied-values"), 0, 1, 2, 4),
        [
            (implied, "Non-resident accreditation", "kzo:accreditedTo", "accreditation/ALB-to-KAZ-via-RUS"),
            (implied, "Cooperation programme", "kzo:implementedBy", "agreement/KAZ-EU-regional-programmes"),
            (implied, "Assessment", "kzo:about", "assessment/cannabis-opium-international-problem"),
            (implied, "Assessment", "kzo:evaluates", "assessment/cannabis-opium-international-problem"),
            (implied, "Assessment", "kzo:date", "assessment/thalmann-KAZ-dynamic-development"),
            (implied, "Membership", None, "membership/KGZ-in-eurasec"),
            (implied, "Membership", None, "membership/TJK-in-eurasec"),
            (implied, "Embassy", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "mission/ARM-embassy-KAZ-almaty"),
            (implied, "Embassy", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "mission/MYS-embassy-KAZ-almaty"),
            (implied, "Consulate general", "kzo:sendingState", "mission/USA-consulate-general-KAZ-almaty"),
            (implied, "Planned mission", "kzo:context", "planned-mission/CHE-embassy-KAZ"),
            (implied, "Planned mission", "kzo:date", "planned-mission/CHE-embassy-KAZ"),
            (implied, "Quotation", "kzo:context", "quotation/thalmann-swiss-interest-KAZ"),
            (implied, "Quotation", "kzo:date", "quotation/thalmann-swiss-interest-KAZ"),
            (implied, "Recognition", "kzo:date", "recognition/USA-recognizes-KAZ"),
            (implied, "Visit", "kzo:date", "visit/KAZ-president-to-KGZ-2007-04-26"),
            (implied, "Visit", "kzo:destination", "visit/massimov-visit-2006"),
            (outside, "Treaty", "kzo:implementedBy", "agreement/collective-security-treaty"),
        ],
    )
    treaty = [r for r in answer(store, "implied-values") if r[-1] == "agreement/collective-security-treaty"]
    assert treaty and all("Collective Security Treaty Organization" in r[3] for r in treaty)
    assert ("външно знание",) in pick(answer(store, "implied-values", lang="bg"), 0)
