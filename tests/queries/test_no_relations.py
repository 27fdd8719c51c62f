"""The stored queries: the no-relations list.

Each expectation is worked out from the article; the comment above it quotes the sentence it
comes from (see expect.py and conftest.py for how a query is run and read)."""

from __future__ import annotations

from expect import answer, counts_at_least, covers, holds, pick

# Overview: "Все още няма установен дипломатически контакт със страни като Андора, Монако, Белиз, Хаити,
# Гренада, Тринидад и Тобаго, Барбадос, Гвинея, Суринам, Гренада, Гватемала, Колумбия, Еквадор, Боливия,
# Уругвай, Гамбия, Мали, Буркина Фасо, Бенин, Того, Сиера Леоне, Габон, Конго, Южен Судан, Бурунди,
# Танзания, Сомалия, Джибути, Еритрея, Етиопия, Сейшелските острови, Намибия, Бутан, Непал, Самоа,
# Тонга, Фиджи, Папуа Нова Гвинея и други."
NO_RELATIONS = [
    ("Andorra", "AND"),
    ("Monaco", "MCO"),
    ("Belize", "BLZ"),
    ("Haiti", "HTI"),
    ("Grenada", "GRD"),
    ("Trinidad and Tobago", "TTO"),
    ("Barbados", "BRB"),
    ("Guinea", "GIN"),
    ("Suriname", "SUR"),
    ("Grenada", "GRD"),
    ("Guatemala", "GTM"),
    ("Colombia", "COL"),
    ("Ecuador", "ECU"),
    ("Bolivia", "BOL"),
    ("Uruguay", "URY"),
    ("The Gambia", "GMB"),
    ("Mali", "MLI"),
    ("Burkina Faso", "BFA"),
    ("Benin", "BEN"),
    ("Togo", "TGO"),
    ("Sierra Leone", "SLE"),
    ("Gabon", "GAB"),
    ("Congo", "congo"),
    ("South Sudan", "SSD"),
    ("Burundi", "BDI"),
    ("Tanzania", "TZA"),
    ("Somalia", "SOM"),
    ("Djibouti", "DJI"),
    ("Eritrea", "ERI"),
    ("Ethiopia", "ETH"),
    ("Seychelles", "SYC"),
    ("Namibia", "NAM"),
    ("Bhutan", "BTN"),
    ("Nepal", "NPL"),
    ("Samoa", "WSM"),
    ("Tonga", "TON"),
    ("Fiji", "FJI"),
    ("Papua New Guinea", "PNG"),
]


@covers("no-relations-list", {"lang": "bg"})
def test_no_relations_list(store):
    holds(
        answer(store, "no-relations-list"),
        [(i, name, f"no-relation/KAZ-{code}") for i, (name, code) in enumerate(NO_RELATIONS, start=1)],
    )
    bg = answer(store, "no-relations-list", lang="bg")
    assert pick(bg, 0, 1)[:5] == [(1, "Андора"), (2, "Монако"), (3, "Белиз"), (4, "Хаити"), (5, "Гренада")]
    assert bg[9][:2] == (10, "Гренада") and bg[37][:2] == (38, "Папуа Нова Гвинея")


@covers("no-relations-counts")
def test_no_relations_counts(store):
    # 38 entries, 37 distinct states (Grenada at 5 and 10), "и други" (and others): not exhaustive.
    assert len(NO_RELATIONS) == 38 and len(set(NO_RELATIONS)) == 37
    # The article prints the list, not its length: at least the entries transcribed above (exactly:
    # queries/no-relations-counts.expected.csv), and never exhaustive.
    counts_at_least(answer(store, "no-relations-counts"), [("list/no-relations", 38, 38, 37, False)], counts=(1, 2, 3))


@covers("no-relations-duplicates", {"lang": "bg"})
def test_no_relations_duplicates(store):
    # "... Хаити, Гренада, Тринидад и Тобаго ... Суринам, Гренада, Гватемала ..."
    holds(answer(store, "no-relations-duplicates"), [("Grenada", 2, 5, 10, "note/grenada-listed-twice")])
    holds(answer(store, "no-relations-duplicates", lang="bg"), [("Гренада", 2, 5, 10, "note/grenada-listed-twice")])
