"""The stored queries: agreements, visits, borders, facilities.

Each expectation is worked out from the article; the comment above it quotes the sentence it
comes from (see expect.py and conftest.py for how a query is run and read)."""

from __future__ import annotations

from collections import Counter

from expect import answer, check, covers, holds, pick


@covers("agreements", {"country": "ARM"}, {"country": "NOR"}, {"lang": "bg"})
def test_agreements(store):
    # References [13]: "On 2 February 1993 the parties signed an agreement that set up diplomatic
    # relations between the EU and Kazakhstan". China: "подписването на първото им споразумение през
    # април 1994 година". EU: "Споразумението за партньорство и сътрудничество ... влиза в сила през
    # 1999 година"; "През ноември 2006 г. Меморандум за разбирателство и сътрудничество в областта на
    # енергетиката между ЕС и Казахстан, е подписано". Armenia: "през 2006 година са подписани редица
    # документи и спогодби, целящи засилване на търговията". Kyrgyzstan: "На 26 април 2007 година,
    # прездидентите на Киргизстан и Казахстан подписват спогодба за създаване на „Международен Висш
    # съвет“ ... по време на официална визита на казахстанския Президент в Бишкек". Israel: "През 2008
    # Казахстан и Израел започват програма за сътрудничество в областта на отбраната."
    # Philippines: "През 2011 година се стига до спорозумение ... за взаимна реклама на туризма и
    # възможностите за инвестиции." — reached, not said to be signed.
    got = answer(store, "agreements")
    holds(
        pick(got, 0, 1, 2, 3, 5, 6),
        [
            ("1993-02-02", "signed", "Agreement", "European Union", None, "agreement/EU-KAZ-1993-02-02"),
            ("1994-04", "signed", "Agreement", "China", None, "agreement/KAZ-CHN-first-agreement-1994-04"),
            (
                "1999",
                "in force",
                "Partnership agreement",
                "European Union",
                None,
                "agreement/EU-KAZ-partnership-cooperation-agreement",
            ),
            ("2006", "signed", "Agreement", "Armenia", None, "agreement/KAZ-ARM-trade-agreements-2006"),
            ("2006-11", "signed", "Memorandum", "European Union", None, "agreement/EU-KAZ-energy-memorandum-2006-11"),
            (
                "2007-04-26",
                "signed",
                "Agreement",
                "Kyrgyzstan",
                "Bishkek",
                "agreement/KGZ-KAZ-international-supreme-council-2007",
            ),
            ("2008", "begun", "Cooperation programme", "Israel", None, "agreement/KAZ-ISR-defence-cooperation-2008"),
            ("2011", "reached", "Agreement", "Philippines", None, "agreement/KAZ-PHL-tourism-investment-promotion-2011"),
        ],
    )
    subjects = dict(pick(got, 6, 4))
    assert "energy" in subjects["agreement/EU-KAZ-energy-memorandum-2006-11"]
    assert "International Supreme Council" in subjects["agreement/KGZ-KAZ-international-supreme-council-2007"]
    assert "defence" in subjects["agreement/KAZ-ISR-defence-cooperation-2008"]
    assert "tourism" in subjects["agreement/KAZ-PHL-tourism-investment-promotion-2011"]
    assert "trade" in subjects["agreement/KAZ-ARM-trade-agreements-2006"]
    check(
        answer(store, "agreements", country="ARM"),
        [
            ("2006", "signed", "Agreement", "Kazakhstan", "strengthening trade", None, "agreement/KAZ-ARM-trade-agreements-2006"),
        ],
    )
    check(answer(store, "agreements", country="NOR"), [])
    bg = answer(store, "agreements", lang="bg")
    assert ("подписано", "Споразумение", "Киргизстан", "Бишкек") in pick(bg, 1, 2, 3, 5)
    assert ("постигнато",) in pick(bg, 1)


@covers("visits-and-meetings", {"lang": "bg"})
def test_visits_and_meetings(store):
    # Pakistan: "по време на посещението на Президента Назарбаев в Пакистан" (1992). Israel:
    # "Президентът Назарбаев прави две визити в Израел – през 1995 година и 2000 година." Armenia:
    # "през 1999 и 2001 години, президентите на страните разменят визити" (who went where is not
    # said). Canada: "Президентът на Казахстан Нурсултан Назарбаев, прави официално посещение в Канада
    # май 2003." Israel: "През 2006 по време на визитата на казахстанския министър-председател Карим
    # Масимов" (destination not said). Switzerland: "Рахат Алиев, първият заместник-министър на
    # външните работи на Казахстан се среща с Антон Талман, заместник-министър на външните работи на
    # Швейцария, в Берн, Швейцария на 13 – 14 ноември 2006 година." Kyrgyzstan: 26 April 2007, "официална
    # визита на казахстанския Президент в Бишкек". Uzbekistan: "президентът на Узбекистан прави няколко
    # визити в Казахстан" (undated, last).
    # Massimov's 2006 visit went to Israel by implication (the Israel subsection, "израелският му
    # колега"); see visits-by-destination for the flag. Each participant is counted once: a person where the article names one, with the office as
    # the role; an office where it names none (the presidents of 1999, 2001, 2007, Uzbekistan).
    nazarbayev, kaz_pres = "Nursultan Nazarbayev", "President of Kazakhstan"
    meeting = "meeting/KAZ-CHE-deputy-foreign-ministers-bern-2006-11"
    holds(
        answer(store, "visits-and-meetings"),
        [
            ("1992", None, "Visit", nazarbayev, kaz_pres, True, "Pakistan", None, None, "visit/nazarbayev-to-PAK-1992"),
            ("1995", None, "Visit", nazarbayev, kaz_pres, True, "Israel", None, None, "visit/nazarbayev-to-ISR-1995"),
            ("1999", None, "Visit", "President of Armenia", None, False, None, None, None, "visit/KAZ-ARM-presidents-1999"),
            ("1999", None, "Visit", kaz_pres, None, False, None, None, None, "visit/KAZ-ARM-presidents-1999"),
            ("2000", None, "Visit", nazarbayev, kaz_pres, True, "Israel", None, None, "visit/nazarbayev-to-ISR-2000"),
            ("2001", None, "Visit", "President of Armenia", None, False, None, None, None, "visit/KAZ-ARM-presidents-2001"),
            ("2001", None, "Visit", kaz_pres, None, False, None, None, None, "visit/KAZ-ARM-presidents-2001"),
            ("2003-05", None, "Visit", nazarbayev, kaz_pres, True, "Canada", None, True, "visit/KAZ-president-to-CAN-2003-05"),
            (
                "2006",
                None,
                "Visit",
                "Karim Massimov",
                "Prime Minister of Kazakhstan",
                True,
                "Israel",
                None,
                None,
                "visit/massimov-visit-2006",
            ),
            (
                "2006-11-13",
                "2006-11-14",
                "Meeting",
                "Anton Thalmann",
                "Deputy Minister of Foreign Affairs of Switzerland",
                False,
                "Switzerland",
                "Bern",
                None,
                meeting,
            ),
            (
                "2006-11-13",
                "2006-11-14",
                "Meeting",
                "Rakhat Aliyev",
                "First Deputy Minister of Foreign Affairs of Kazakhstan",
                False,
                "Switzerland",
                "Bern",
                None,
                meeting,
            ),
            (
                "2007-04-26",
                None,
                "Visit",
                kaz_pres,
                None,
                True,
                "Kyrgyzstan",
                "Bishkek",
                True,
                "visit/KAZ-president-to-KGZ-2007-04-26",
            ),
            (
                "2007-04-26",
                None,
                "Visit",
                "President of Kyrgyzstan",
                None,
                False,
                "Kyrgyzstan",
                "Bishkek",
                True,
                "visit/KAZ-president-to-KGZ-2007-04-26",
            ),
            (
                None,
                None,
                "Visit",
                "President of Uzbekistan",
                None,
                True,
                "Kazakhstan",
                None,
                None,
                "visit/UZB-president-to-KAZ-several",
            ),
        ],
    )
    bg = answer(store, "visits-and-meetings", lang="bg")
    assert (
        "2006-11-13",
        "2006-11-14",
        "Среща",
        "Рахат Алиев",
        "Първи заместник-министър на външните работи на Казахстан",
        False,
        "Швейцария",
        "Берн",
        None,
        meeting,
    ) in bg


BORDERS = [
    # China: "През юли 1998 година те се договарят за точното разчертание на 1700 километровата им обща граница."
    ("1998-07", None, "delimitation agreed", "China", 1700, None, "border/KAZ-CHN-1998-07"),
    # Border issues: "Преди 2005 г. Казахстан, Русия, Туркменистан и Узбекистан са съгласни да започнат
    # разграничаване на техните общи граници." Before 2005, kept as the article's own bound.
    (None, "2005", "agreed to begin delimitation", "Russia", None, None, "border/KAZ-RUS-TKM-UZB-delimitation"),
    (None, "2005", "agreed to begin delimitation", "Turkmenistan", None, None, "border/KAZ-RUS-TKM-UZB-delimitation"),
    (None, "2005", "agreed to begin delimitation", "Uzbekistan", None, None, "border/KAZ-RUS-TKM-UZB-delimitation"),
    # "Не е постигнато съгласие за границата с Туркменистан на морското дъно в Каспийско море" (undated).
    (None, None, "unresolved", "Turkmenistan", None, "Caspian Sea", "border/KAZ-TKM-caspian-seabed"),
]


@covers("border-facts", {"country": "CHN"}, {"country": "TKM"}, {"lang": "bg"})
def test_border_facts(store):
    check(
        answer(store, "border-facts", country="CHN"),
        [
            ("1998-07", None, "delimitation agreed", "Kazakhstan", 1700, None, "border/KAZ-CHN-1998-07"),
        ],
    )
    got = answer(store, "border-facts")
    holds(pick(got, 0, 2, 3, 4, 5, 6), pick(BORDERS, 0, 2, 3, 4, 5, 6))
    tkm = answer(store, "border-facts", country="TKM")
    assert pick(tkm, 2, 3, 5) == [
        ("agreed to begin delimitation", "Kazakhstan", None),
        ("agreed to begin delimitation", "Russia", None),
        ("agreed to begin delimitation", "Uzbekistan", None),
        ("unresolved", "Kazakhstan", "Caspian Sea"),
    ]
    bg = answer(store, "border-facts", lang="bg")
    assert ("1998-07", None, "договорено разграничаване", "Китай", 1700, None, "border/KAZ-CHN-1998-07") in bg


def test_border_facts_upper_bound(store):
    holds(answer(store, "border-facts"), BORDERS)


@covers("foreign-facilities", {"lang": "bg"}, {"country": "RUS"})
def test_foreign_facilities(store):
    # Russia: "В Балкаш и Байконур са разположени радарна станция и космодрум (под руски контрол)."
    holds(
        answer(store, "foreign-facilities"),
        [
            ("cosmodrome", "Baikonur", "Russia", "facility/RUS-cosmodrome-KAZ-baikonur"),
            ("radar station", "Balkhash", "Russia", "facility/RUS-radar-station-KAZ-balkhash"),
        ],
    )
    holds(
        answer(store, "foreign-facilities", lang="bg"),
        [
            ("космодрум", "Байконур", "Русия", "facility/RUS-cosmodrome-KAZ-baikonur"),
            ("радарна станция", "Балхаш", "Русия", "facility/RUS-radar-station-KAZ-balkhash"),
        ],
    )
    check(answer(store, "foreign-facilities", country="RUS"), [])


@covers("unstated-counts", {"lang": "bg"})
def test_unstated_counts(store):
    # Armenia: "през 2006 година са подписани редица документи и спогодби" (a number of); "през 1999 и
    # 2001 години, президентите на страните разменят визити" (a plural, no count: one node a year).
    # EU: "Казахстан участва и в няколко текущи регионални програми" (several). Uzbekistan: "президентът
    # на Узбекистан прави няколко визити в Казахстан" (several). Each is one node for all of them.
    armenia = "въпреки че през 1999 и 2001 години, президентите на страните разменят визити."
    holds(
        answer(store, "unstated-counts"),
        [
            (
                "Agreement",
                "a number of",
                "Във връзка с това през 2006 година са подписани редица документи и спогодби, целящи засилване на търговията.",
                "agreement/KAZ-ARM-trade-agreements-2006",
            ),
            (
                "Cooperation programme",
                "several",
                "Казахстан участва и в няколко текущи регионални програми.",
                "agreement/KAZ-EU-regional-programmes",
            ),
            ("Visit", "an unstated number", armenia, "visit/KAZ-ARM-presidents-1999"),
            ("Visit", "an unstated number", armenia, "visit/KAZ-ARM-presidents-2001"),
            (
                "Visit",
                "several",
                "В преиода на бързо развите в Казахстан, президентът на Узбекистан прави няколко визити в Казахстан.",
                "visit/UZB-president-to-KAZ-several",
            ),
        ],
    )
    # the quantifiers in Bulgarian, as many of each as in English
    bg = Counter(r[1] for r in answer(store, "unstated-counts", lang="bg"))
    assert {"неуточнен брой", "няколко", "редица"} <= set(bg)
    assert sorted(bg.values()) == sorted(Counter(r[1] for r in answer(store, "unstated-counts")).values())
