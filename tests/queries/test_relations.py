"""The stored queries: relations and recognitions, in time.

Each expectation is worked out from the article; the comment above it quotes the sentence it
comes from (see expect.py and conftest.py for how a query is run and read)."""

from __future__ import annotations

from expect import answer, check, counts_at_least, covers, holds, pick


def rel(partner: str, date: str | None = None, diplomatic: bool = True) -> str:
    """The label the build gives a relation: 'Diplomatic relations Kazakhstan – X (date)'."""
    kind = "Diplomatic relations" if diplomatic else "Relations"
    return f"{kind} Kazakhstan – {partner}" + (f" ({date})" if date else "")


# The start of every relation the article dates. Table column "Начало на официалните отношения":
# "Филипини 1992-03-19", "Китай 1992-01-03", "Южна Корея 1992-01-28", "Малайзия 1992",
# "България 1992-07-05", "Латвия 1992-12-30", "Румъния 1992-07-15", "Турция 1992-03-02",
# "Украйна 1991", "Великобритания 1992-02-19". Prose: Azerbaijan "установени на 27 август 1992";
# Armenia "започват през 2006 година"; Israel "Те са установени през 1992 година"; Pakistan
# "Отношенията ... започват на 20 декември 1991" and "Диплматическите ... установени по-късно – през
# 1992 година"; China "започват с подписването на първото им споразумение през април 1994";
# Canada "установяват дипломатически отношения ... през 1992 година"; USA "установени на 26 декември
# 1992"; EU (title of reference 13) "On 2 February 1993 the parties signed an agreement that set up
# diplomatic relations between the EU and Kazakhstan".
TIMELINE = [
    ("1991", "year", "Ukraine", "Diplomatic relation", "relation/KAZ-UKR"),
    ("1991-12-20", "day", "Pakistan", "Bilateral relation", "relation/KAZ-PAK-1991-12-20"),
    ("1992", "year", "Canada", "Diplomatic relation", "relation/KAZ-CAN"),
    ("1992", "year", "Israel", "Diplomatic relation", "relation/KAZ-ISR"),
    ("1992", "year", "Malaysia", "Diplomatic relation", "relation/KAZ-MYS"),
    ("1992", "year", "Pakistan", "Diplomatic relation", "relation/KAZ-PAK"),
    ("1992-01-03", "day", "China", "Diplomatic relation", "relation/KAZ-CHN"),
    ("1992-01-28", "day", "South Korea", "Diplomatic relation", "relation/KAZ-KOR"),
    ("1992-02-19", "day", "United Kingdom", "Diplomatic relation", "relation/KAZ-GBR"),
    ("1992-03-02", "day", "Turkey", "Diplomatic relation", "relation/KAZ-TUR"),
    ("1992-03-19", "day", "Philippines", "Diplomatic relation", "relation/KAZ-PHL"),
    ("1992-07-05", "day", "Bulgaria", "Diplomatic relation", "relation/KAZ-BGR"),
    ("1992-07-15", "day", "Romania", "Diplomatic relation", "relation/KAZ-ROU"),
    ("1992-08-27", "day", "Azerbaijan", "Diplomatic relation", "relation/KAZ-AZE"),
    ("1992-12-26", "day", "United States", "Diplomatic relation", "relation/KAZ-USA"),
    ("1992-12-30", "day", "Latvia", "Diplomatic relation", "relation/KAZ-LVA"),
    ("1993-02-02", "day", "European Union", "Diplomatic relation", "relation/KAZ-EU"),
    ("1994-04", "month", "China", "Diplomatic relation", "relation/KAZ-CHN-1994-04"),
    ("2006", "year", "Armenia", "Diplomatic relation", "relation/KAZ-ARM"),
]


@covers("relations-timeline", {"country": "LVA"}, {"lang": "bg"})
def test_relations_timeline(store):
    holds(answer(store, "relations-timeline"), TIMELINE)
    check(
        answer(store, "relations-timeline", country="LVA"),
        [
            ("1992-12-30", "day", "Kazakhstan", "Diplomatic relation", "relation/KAZ-LVA"),
        ],
    )
    bg = answer(store, "relations-timeline", lang="bg")
    # Same relations in Bulgarian; within a date the order follows the Bulgarian names.
    assert sorted(pick(bg, 0, 1, 4)) == sorted(pick(TIMELINE, 0, 1, 4)) and pick(bg, 0) == pick(TIMELINE, 0)
    assert ("1994-04", "month", "Китай", "Дипломатически отношения", "relation/KAZ-CHN-1994-04") in bg


def recog(a: str, b: str, date: str) -> str:
    return f"{a} recognises {b} ({date})"


# Latvia: "Казахстан признава независимостта на Латвия на 23 декември 1991 година. Латвия признава
# независимостта на Казахстан на 8 януари 1992 година." Turkey: "Турция признава Казахстан на 16
# декември 1991 г." USA: "... резултат от признаването на Казахстан за суверенна държава през 1991
# година. След разпадането на Съветския съюз САЩ стават първата държава, която признава независимостта
# на Казахстан."
R_USA = ("1991", "year", "Recognition", recog("United States", "Kazakhstan", "1991"), "recognition/USA-recognizes-KAZ")

R_TUR = ("1991-12-16", "day", "Recognition", recog("Turkey", "Kazakhstan", "1991-12-16"), "recognition/TUR-recognizes-KAZ")

R_KAZ_LVA = ("1991-12-23", "day", "Recognition", recog("Kazakhstan", "Latvia", "1991-12-23"), "recognition/KAZ-recognizes-LVA")

R_LVA = ("1992-01-08", "day", "Recognition", recog("Latvia", "Kazakhstan", "1992-01-08"), "recognition/LVA-recognizes-KAZ")


def listed(store, name: str, **params) -> list[tuple]:
    """A fact list without its statement column (the fifth), after checking every listed fact has one."""
    rows = answer(store, name, **params)
    assert all(r[4] for r in rows), "a listed fact without its full English statement"
    return [r[:4] + r[5:] for r in rows]


def dated(row: tuple) -> tuple:
    """A TIMELINE row as a row of dates-in-year / relations-with-country."""
    start, precision, partner, kind, iri = row
    if iri == "relation/KAZ-PAK-1991-12-20":
        return (start, precision, kind, rel(partner, start, diplomatic=False), iri)
    return (start, precision, kind, rel(partner, start), iri)


@covers("dates-in-year", {"year": 1992}, {"year": 1993}, {"year": 1994}, {"year": 2006}, {"year": 2000}, {"lang": "bg"})
def test_dates_in_year(store):
    # 1991: Ukraine (table: "Украйна 1991", a year only), the US recognition (a year only), Turkey's
    # recognition on 16 December, relations with Pakistan on 20 December, Kazakhstan's recognition of
    # Latvia on 23 December; the year-only dates first.
    check(
        listed(store, "dates-in-year"),
        [
            R_USA,
            dated(TIMELINE[0]),
            R_TUR,
            dated(TIMELINE[1]),
            R_KAZ_LVA,
        ],
    )
    # 1992: 14 relation starts (4 known to the year only: Canada, Israel, Malaysia, Pakistan) and
    # Latvia's recognition of Kazakhstan on 8 January.
    y1992 = [dated(r) for r in TIMELINE if r[0].startswith("1992")]
    y1992.insert(5, R_LVA)  # after 1992-01-03 (China), before 1992-01-28 (South Korea)
    check(listed(store, "dates-in-year", year=1992), y1992)
    check(listed(store, "dates-in-year", year=1993), [dated(TIMELINE[16])])
    check(listed(store, "dates-in-year", year=1994), [dated(TIMELINE[17])])
    check(listed(store, "dates-in-year", year=2006), [dated(TIMELINE[18])])
    check(listed(store, "dates-in-year", year=2000), [])
    bg = listed(store, "dates-in-year", lang="bg")
    assert pick(bg, 0, 1, 4) == pick(listed(store, "dates-in-year"), 0, 1, 4)
    assert "Признаване" in {r[2] for r in bg}


@covers(
    "dates-in-month",
    {"year": 1992, "month": 1},
    {"year": 1994, "month": 4},
    {"year": 0, "month": 12},
    {"year": 1992, "month": 10},
    {"year": 1991, "month": 1},
)
def test_dates_in_month(store):
    # December 1991: Turkey's recognition (16th), Pakistan (20th), Kazakhstan's recognition of Latvia
    # (23rd). Not Ukraine ("Украйна 1991") nor the US recognition ("през 1991 година"): a year-only
    # date is not placed in any month.
    check(listed(store, "dates-in-month"), [R_TUR, dated(TIMELINE[1]), R_KAZ_LVA])
    # January 1992: China (3rd), Latvia's recognition (8th), South Korea (28th); not the four
    # relations dated "1992" only.
    check(listed(store, "dates-in-month", year=1992, month=1), [dated(TIMELINE[6]), R_LVA, dated(TIMELINE[7])])
    # April 1994 is known to the month: "през април 1994 година" (China).
    check(listed(store, "dates-in-month", year=1994, month=4), [dated(TIMELINE[17])])
    # December of any year: the three of 1991, then the USA (26 December 1992) and Latvia (30 December 1992).
    check(
        listed(store, "dates-in-month", year=0, month=12),
        [R_TUR, dated(TIMELINE[1]), R_KAZ_LVA, dated(TIMELINE[14]), dated(TIMELINE[15])],
    )
    # October 1992 saw two embassies open (UK, Washington) but no relation or recognition.
    check(listed(store, "dates-in-month", year=1992, month=10), [])
    check(listed(store, "dates-in-month", year=1991, month=1), [])


@covers(
    "relations-with-country",
    {"country": "LVA"},
    {"country": "TUR"},
    {"country": "PAK"},
    {"country": "GRD"},
    {"country": "congo"},
    {"country": "RUS"},
    {"country": "NOR"},
)
def test_relations_with_country(store):
    # China: the table's 1992-01-03 and the prose's April 1994 (a contradiction; both kept).
    check(listed(store, "relations-with-country"), [dated(TIMELINE[6]), dated(TIMELINE[17])])
    # Latvia: the two recognitions and the table's 1992-12-30.
    check(listed(store, "relations-with-country", country="LVA"), [R_KAZ_LVA, R_LVA, dated(TIMELINE[15])])
    # Turkey: recognition 16 December 1991, relations 2 March 1992.
    check(listed(store, "relations-with-country", country="TUR"), [R_TUR, dated(TIMELINE[9])])
    # Pakistan: relations from 20 December 1991, diplomatic ties in 1992.
    check(listed(store, "relations-with-country", country="PAK"), [dated(TIMELINE[1]), dated(TIMELINE[5])])
    # Overview: "Все още няма установен дипломатически контакт със страни като ... Гренада ... Конго ..."
    check(
        listed(store, "relations-with-country", country="GRD"),
        [
            (None, "", "Absence of diplomatic relations", "No diplomatic relations Kazakhstan – Grenada", "no-relation/KAZ-GRD"),
        ],
    )
    check(
        listed(store, "relations-with-country", country="congo"),
        [
            (None, "", "Absence of diplomatic relations", "No diplomatic relations Kazakhstan – Congo", "no-relation/KAZ-congo"),
        ],
    )
    # Russia: "Дипломатическите отношения между Русия и Казахстан се е колебливи" — no date.
    check(
        listed(store, "relations-with-country", country="RUS"),
        [
            (None, "", "Diplomatic relation", rel("Russia"), "relation/KAZ-RUS"),
        ],
    )
    # Norway: only Kazakhstan's embassy in Oslo; no relation is stated.
    check(listed(store, "relations-with-country", country="NOR"), [])


@covers("recognitions", {"lang": "bg"})
def test_recognitions(store):
    # The US "first to recognise" claim contradicts Turkey's recognition on the day of independence.
    note = "note/first-recognition-contradiction"
    holds(
        answer(store, "recognitions"),
        [
            ("1991", "year", "United States", "Kazakhstan", note, "recognition/USA-recognizes-KAZ"),
            ("1991-12-16", "day", "Turkey", "Kazakhstan", note, "recognition/TUR-recognizes-KAZ"),
            ("1991-12-23", "day", "Kazakhstan", "Latvia", None, "recognition/KAZ-recognizes-LVA"),
            ("1992-01-08", "day", "Latvia", "Kazakhstan", None, "recognition/LVA-recognizes-KAZ"),
        ],
    )
    assert pick(answer(store, "recognitions", lang="bg"), 2, 3) == [
        ("Съединени американски щати", "Казахстан"),
        ("Турция", "Казахстан"),
        ("Казахстан", "Латвия"),
        ("Латвия", "Казахстан"),
    ]


@covers("relation-counts")
def test_relation_counts(store):
    # Overview: "Казахстан има установени дипломатически връзки със 130 суверенни държави". The graph
    # names 19 of them with a diplomatic relation (TIMELINE's 15 states with diplomatic relations,
    # plus Russia, undated, and the Vatican and Palestine, "включително Ватикана и Палестина"), the EU
    # as an organization, 22 states with any relation (adding Kyrgyzstan, Uzbekistan and India, whose
    # relations the article describes without a date) and 37 states without relations (38 entries,
    # Grenada twice).
    # 130 is the article's own number (observation/KAZ-states-with-relations, data/facts/overview.yaml):
    # exactly that. The others count records and grow with the data: at least these (exactly:
    # queries/relation-counts.expected.csv).
    [row] = answer(store, "relation-counts")
    assert row[0] == 130
    counts_at_least([row], [(130, 19, 1, 22, 37)], counts=(1, 2, 3, 4))


@covers("diplomatic-relations-graph", {"lang": "bg"})
def test_diplomatic_relations_graph(store):
    rel_with = "kzo:hasDiplomaticRelationWith"
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    partners = {
        "state/AZE": "Azerbaijan",
        "state/ARM": "Armenia",
        "state/ISR": "Israel",
        "state/PAK": "Pakistan",
        "state/PHL": "Philippines",
        "state/CHN": "China",
        "state/KOR": "South Korea",
        "state/MYS": "Malaysia",
        "state/BGR": "Bulgaria",
        "state/LVA": "Latvia",
        "state/ROU": "Romania",
        "state/RUS": "Russia",
        "state/TUR": "Turkey",
        "state/UKR": "Ukraine",
        "state/GBR": "United Kingdom",
        "state/CAN": "Canada",
        "state/USA": "United States",
        "state/VAT": "Vatican City",
        "state/PSE": "State of Palestine",
        "organization/eu": "European Union",
    }
    expected = {("state/KAZ", label, "Kazakhstan")}
    for iri, name in partners.items():
        expected |= {("state/KAZ", rel_with, iri), (iri, rel_with, "state/KAZ"), (iri, label, name)}
    # every partner the article dates or names (the whole graph, exactly: queries/diplomatic-relations-graph.expected.csv)
    got = answer(store, "diplomatic-relations-graph")
    assert expected <= got
    assert {t[1] for t in got} == {rel_with, label}
    bg = answer(store, "diplomatic-relations-graph", lang="bg")
    assert ("state/CHN", label, "Китай") in bg
