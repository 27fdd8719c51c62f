"""The stored queries: figures.

Each expectation is worked out from the article; the comment above it quotes the sentence it
comes from (see expect.py and conftest.py for how a query is run and read)."""

from __future__ import annotations

import pytest

from kzgraph.asking.queries import QueryError

from expect import answer, check, covers, holds, pick


@covers("figures", {"lang": "bg"})
def test_figures(store):
    # Narcotics: "През 1998 година, Службата на ООН по наркотиците и престъпността пресмята, че „минимум
    # 1517 тона канабис е бил събран“ в Казахстан." "През 2001 година казахстанските власти съобщават 1320
    # случая на трафик на наркотици и, че са конфискувани 18 тона наркотици." Armenia: "Над 25 000 граждани
    # на Казастан се самоопределят като арменци." Romania: "Има около 20 000 румънци, живеещи в
    # Казахстан." South Korea: "Наличието на близо 100 000 корейски граждани в Казахстан". Philippines:
    # "... януари – ноември 2010 година, търговията ... се оценява на около 7 милиона щатски долара. През
    # 2009 година казахстанските туристи във Филипините са около 1500, а за същата година в Казахстан
    # пристигат около 7000 души от Филипините, за да търсят работа". OSCE: "свързва 56 страни". Israel:
    # "Двустранната търговия между държавите през 2005 се оценява на около 724 милиона щастки долара."
    # Overview: "със 130 суверенни държави".
    kaz, unodc, auth = "Kazakhstan", "United Nations Office on Drugs and Crime", "Kazakh authorities"
    holds(
        pick(answer(store, "figures"), *range(12)),
        [
            (
                "cannabis harvest",
                "at least",
                1517,
                "tonnes",
                kaz,
                None,
                None,
                unodc,
                "1998",
                None,
                None,
                "observation/KAZ-cannabis-harvest-1998",
            ),
            (
                "diaspora population",
                "more than",
                25000,
                "persons",
                kaz,
                "Armenia",
                "Armenians",
                None,
                None,
                None,
                None,
                "observation/KAZ-armenian-population",
            ),
            (
                "diaspora population",
                "approximately",
                20000,
                "persons",
                kaz,
                "Romania",
                "Romanians",
                None,
                None,
                None,
                None,
                "observation/KAZ-romanian-diaspora",
            ),
            (
                "diaspora population",
                "nearly",
                100000,
                "persons",
                kaz,
                "South Korea",
                "Korean citizens",
                None,
                None,
                None,
                None,
                "observation/KOR-citizens-in-KAZ",
            ),
            (
                "drug seizures",
                "exactly",
                18,
                "tonnes",
                kaz,
                None,
                None,
                auth,
                "2001",
                None,
                None,
                "observation/KAZ-drug-seizures-2001",
            ),
            (
                "drug trafficking cases",
                "exactly",
                1320,
                "cases",
                kaz,
                None,
                None,
                auth,
                "2001",
                None,
                None,
                "observation/KAZ-drug-trafficking-cases-2001",
            ),
            (
                "labour migrants",
                "approximately",
                7000,
                "persons",
                kaz,
                "Philippines",
                "people from the Philippines",
                None,
                "2009",
                None,
                None,
                "observation/PHL-labour-migrants-in-KAZ-2009",
            ),
            (
                "participating states",
                "exactly",
                56,
                "states",
                None,
                "Organization for Security and Co-operation in Europe",
                None,
                None,
                None,
                None,
                None,
                "observation/osce-participating-states",
            ),
            (
                "states with diplomatic relations",
                "exactly",
                130,
                "states",
                kaz,
                None,
                None,
                None,
                None,
                None,
                None,
                "observation/KAZ-states-with-relations",
            ),
            (
                "tourists",
                "approximately",
                1500,
                "persons",
                "Philippines",
                kaz,
                "Kazakh tourists",
                None,
                "2009",
                None,
                None,
                "observation/KAZ-tourists-in-PHL-2009",
            ),
            (
                "trade value",
                "approximately",
                724000000,
                "US dollars",
                kaz,
                "Israel",
                None,
                None,
                "2005",
                None,
                None,
                "observation/KAZ-ISR-trade-2005",
            ),
            (
                "trade value",
                "approximately",
                7000000,
                "US dollars",
                kaz,
                "Philippines",
                None,
                None,
                None,
                "2010-01",
                "2010-11",
                "observation/KAZ-PHL-trade-2010-01-11",
            ),
        ],
    )
    bg = pick(answer(store, "figures", lang="bg"), *range(12))
    assert (
        "реколта от канабис",
        "най-малко",
        1517,
        "тонове",
        "Казахстан",
        None,
        None,
        "Служба на ООН по наркотиците и престъпността",
        "1998",
        None,
        None,
        "observation/KAZ-cannabis-harvest-1998",
    ) in bg
    assert (
        "численост на диаспората",
        "над",
        25000,
        "души",
        "Казахстан",
        "Армения",
        "арменци",
        None,
        None,
        None,
        None,
        "observation/KAZ-armenian-population",
    ) in bg


@covers(
    "figures-by-measure",
    {"measure": "trade-value"},
    {"measure": "drug-seizures"},
    {"measure": "states-with-relations"},
    {"measure": "labour-migrants"},
)
def test_figures_by_measure(store):
    # The three diasporas (see test_figures), largest first.
    holds(
        pick(answer(store, "figures-by-measure"), *range(10)),
        [
            (
                "nearly",
                100000,
                "persons",
                "Korean citizens",
                "Kazakhstan",
                "South Korea",
                None,
                None,
                None,
                "observation/KOR-citizens-in-KAZ",
            ),
            (
                "more than",
                25000,
                "persons",
                "Armenians",
                "Kazakhstan",
                "Armenia",
                None,
                None,
                None,
                "observation/KAZ-armenian-population",
            ),
            (
                "approximately",
                20000,
                "persons",
                "Romanians",
                "Kazakhstan",
                "Romania",
                None,
                None,
                None,
                "observation/KAZ-romanian-diaspora",
            ),
        ],
    )
    check(
        pick(answer(store, "figures-by-measure", measure="trade-value"), *range(10)),
        [
            (
                "approximately",
                724000000,
                "US dollars",
                None,
                "Kazakhstan",
                "Israel",
                "2005",
                None,
                None,
                "observation/KAZ-ISR-trade-2005",
            ),
            (
                "approximately",
                7000000,
                "US dollars",
                None,
                "Kazakhstan",
                "Philippines",
                None,
                "2010-01",
                "2010-11",
                "observation/KAZ-PHL-trade-2010-01-11",
            ),
        ],
    )
    check(
        pick(answer(store, "figures-by-measure", measure="drug-seizures"), *range(10)),
        [
            ("exactly", 18, "tonnes", None, "Kazakhstan", None, "2001", None, None, "observation/KAZ-drug-seizures-2001"),
        ],
    )
    check(
        pick(answer(store, "figures-by-measure", measure="states-with-relations"), *range(10)),
        [
            ("exactly", 130, "states", None, "Kazakhstan", None, None, None, None, "observation/KAZ-states-with-relations"),
        ],
    )
    check(
        pick(answer(store, "figures-by-measure", measure="labour-migrants"), *range(10)),
        [
            (
                "approximately",
                7000,
                "persons",
                "people from the Philippines",
                "Kazakhstan",
                "Philippines",
                "2009",
                None,
                None,
                "observation/PHL-labour-migrants-in-KAZ-2009",
            ),
        ],
    )
    # a value that names no measure is an error listing the measures, never an empty table
    # "за да търсят работа – главно в петролния сектор": *mainly* in the oil sector, a hedge the row keeps
    assert [r[10] for r in answer(store, "figures-by-measure", measure="labour-migrants")] == ["mainly"]
    assert "mainly" in [r[12] for r in answer(store, "figures")]
    with pytest.raises(QueryError, match="unknown measure 'nonsense'; allowed: cannabis-harvest"):
        answer(store, "figures-by-measure", measure="nonsense")
