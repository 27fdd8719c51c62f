"""The stored queries: wikidata links.

Each expectation is worked out from the article; the comment above it quotes the sentence it
comes from (see expect.py and conftest.py for how a query is run and read)."""

from __future__ import annotations

from test_no_relations import NO_RELATIONS

from expect import answer, covers, holds

# The 27 states whose Q-ids are confirmed (shared/reference/wikidata-ids.tsv): every state the article
# names in a section of its own or in the lead, except Afghanistan, Lithuania, the Vatican, Palestine
# and the Soviet Union, and none of the 37 states of the no-relations list.
WIKIDATA = [
    ("Albania", "ALB", "Q222"),
    ("Armenia", "ARM", "Q399"),
    ("Azerbaijan", "AZE", "Q227"),
    ("Belarus", "BLR", "Q184"),
    ("Bulgaria", "BGR", "Q219"),
    ("Canada", "CAN", "Q16"),
    ("China", "CHN", "Q148"),
    ("India", "IND", "Q668"),
    ("Israel", "ISR", "Q801"),
    ("Kazakhstan", "KAZ", "Q232"),
    ("Kyrgyzstan", "KGZ", "Q813"),
    ("Latvia", "LVA", "Q211"),
    ("Malaysia", "MYS", "Q833"),
    ("Norway", "NOR", "Q20"),
    ("Pakistan", "PAK", "Q843"),
    ("Philippines", "PHL", "Q928"),
    ("Romania", "ROU", "Q218"),
    ("Russia", "RUS", "Q159"),
    ("South Korea", "KOR", "Q884"),
    ("Switzerland", "CHE", "Q39"),
    ("Tajikistan", "TJK", "Q863"),
    ("Turkey", "TUR", "Q43"),
    ("Turkmenistan", "TKM", "Q874"),
    ("Ukraine", "UKR", "Q212"),
    ("United Kingdom", "GBR", "Q145"),
    ("United States", "USA", "Q30"),
    ("Uzbekistan", "UZB", "Q265"),
]


@covers("states-with-wikidata", {"lang": "bg"})
def test_states_with_wikidata(store):
    holds(answer(store, "states-with-wikidata"), [(n, c, q, "wd:" + q) for n, c, q in WIKIDATA])
    bg = answer(store, "states-with-wikidata", lang="bg")
    assert ("Казахстан", "KAZ", "Q232", "wd:Q232") in bg


@covers("states-without-wikidata", {"lang": "bg"})
def test_states_without_wikidata(store):
    # The 37 distinct states of the no-relations list, and Afghanistan (narcotics), Lithuania (Latvia:
    # "посолството си във Вилнюс (Литва)"), the Vatican and Palestine (overview), the Soviet Union.
    # The Congo (which one is not said), the Vatican (the Holy See), Palestine (its statehood and
    # recognition are contested) and the Soviet Union (no longer exists) carry identity notes; the
    # Congo and the Soviet Union have no current alpha-3 code.
    extra = [
        ("Afghanistan", "AFG"),
        ("Lithuania", "LTU"),
        ("Vatican City", "VAT"),
        ("State of Palestine", "PSE"),
        ("Soviet Union", None),
    ]
    states = {(n, None if c == "congo" else c) for n, c in NO_RELATIONS} | set(extra)
    expected = sorted(
        (
            n,
            c,
            n in ("Congo", "Vatican City", "State of Palestine", "Soviet Union"),
            "state/" + (c or {"Congo": "congo", "Soviet Union": "SUN"}[n]),
        )
        for n, c in states
    )
    holds(answer(store, "states-without-wikidata"), expected)
    assert len(expected) == 42
