"""The stored queries: diplomatic missions.

Each expectation is worked out from the article; the comment above it quotes the sentence it
comes from (see expect.py and conftest.py for how a query is run and read)."""

from __future__ import annotations

from expect import answer, check, counts_at_least, covers, holds, pick


@covers(
    "consulates-general",
    {"country": "USA"},
    {"country": "UKR"},
    {"lang": "bg"},
    {"country": "RUS"},
    {"side": "sending"},
    {"country": "KAZ", "side": "host"},
)
def test_consulates_general(store):
    # Russia: "Казахстан има посолството в Москва, генерално консулство в Санкт Петербург, Астрахан и Омск."
    # Turkey: "Казахстан има посолство в Анкара и генералното консулство в Истанбул."
    # USA: "От 2009 година в Алмати има и Генерално Консулство."
    # Ukraine: "Украйна има посолство в Астана и генерално консулство в Алмати."
    # Both sides by default, since "consulates general of Kazakhstan" may mean either: the two in
    # Almaty are new rows, after Kazakhstan's own (the role column says which side a row is).
    sent = [
        ("sends", "Kazakhstan", "Astrakhan", "Russia", None),
        ("sends", "Kazakhstan", "Omsk", "Russia", None),
        ("sends", "Kazakhstan", "Saint Petersburg", "Russia", None),
        ("sends", "Kazakhstan", "Istanbul", "Turkey", None),
    ]
    hosted = [
        ("hosts", "Ukraine", "Almaty", "Kazakhstan", None),
        ("hosts", "United States", "Almaty", "Kazakhstan", "2009"),
    ]
    holds(answer(store, "consulates-general"), sent + hosted)
    check(answer(store, "consulates-general", side="sending"), sent)
    check(answer(store, "consulates-general", country="KAZ", side="host"), hosted)
    holds(
        pick(answer(store, "consulates-general", lang="bg"), 0, 2, 3),
        [
            ("изпраща", "Астрахан", "Русия"),
            ("изпраща", "Омск", "Русия"),
            ("изпраща", "Санкт Петербург", "Русия"),
            ("изпраща", "Истанбул", "Турция"),
            ("приема", "Алмати", "Казахстан"),
            ("приема", "Алмати", "Казахстан"),
        ],
    )
    check(answer(store, "consulates-general", country="USA"), [("sends", "United States", "Almaty", "Kazakhstan", "2009")])
    check(answer(store, "consulates-general", country="UKR"), [("sends", "Ukraine", "Almaty", "Kazakhstan", None)])
    # "consulates general in Russia", the natural try, is no longer an empty table: Russia hosts three.
    check(
        pick(answer(store, "consulates-general", country="RUS"), 0, 2),
        [("hosts", "Astrakhan"), ("hosts", "Omsk"), ("hosts", "Saint Petersburg")],
    )


# Kazakhstan's missions abroad, section by section:
#   Azerbaijan  "Казахстан има посолоство в Баку от 16 декември 1994 година."
#   Turkmenistan "Казахстан има посолство в Ашхабат."
#   Armenia     "Казахстан има посолство в Ереван"
#   Philippines "Казахстан от своя страна има почетно консулство в Манила."
#   Malaysia    "Казахстан има посолство в столицата на Малайзия – Куала Лампур"
#   Bulgaria    "От ноември 2004 г. Казахстан има посолство и почетно консулство в София."
#   Latvia      "Казахстан е представена в Латвия чрез посолството си във Вилнюс (Литва) и чрез почетно консулство в Рига."
#   Norway      "Казахстан има посолство в Осло."
#   Romania     "Казахстан има посолство и Почетното консулство в Букурещ."
#   Russia      "Казахстан има посолството в Москва, генерално консулство в Санкт Петербург, Астрахан и Омск."
#   Albania/Turkey "... чрез посолството си в Анкара (Турция)"; "Казахстан има посолство в Анкара и генералното консулство в Истанбул."
#   Ukraine     "Казахстан има посолство в Киев и Почетното консулство в Одеса."
#   UK          "Казахстан открива посолство във Великобритания през февруари 1996 година." (no city)
#   Canada      "Казахстан има посолство в Отава и консулство в Торонто."
#   USA         "Посолството на Казахстан във Вашингтон е отворено през октомври 1992 година."
KAZ_MISSIONS_ABROAD = [
    ("Armenia", "Embassy", "Yerevan", None, "mission/KAZ-embassy-ARM-yerevan"),
    ("Azerbaijan", "Embassy", "Baku", "1994-12-16", "mission/KAZ-embassy-AZE-baku"),
    ("Bulgaria", "Embassy", "Sofia", "2004-11", "mission/KAZ-embassy-BGR-sofia"),
    ("Bulgaria", "Honorary consulate", "Sofia", "2004-11", "mission/KAZ-honorary-consulate-BGR-sofia"),
    ("Canada", "Consulate", "Toronto", None, "mission/KAZ-consulate-CAN-toronto"),
    ("Canada", "Embassy", "Ottawa", None, "mission/KAZ-embassy-CAN-ottawa"),
    ("Latvia", "Honorary consulate", "Riga", None, "mission/KAZ-honorary-consulate-LVA-riga"),
    ("Lithuania", "Embassy", "Vilnius", None, "mission/KAZ-embassy-LTU-vilnius"),
    ("Malaysia", "Embassy", "Kuala Lumpur", None, "mission/KAZ-embassy-MYS-kuala-lumpur"),
    ("Norway", "Embassy", "Oslo", None, "mission/KAZ-embassy-NOR-oslo"),
    ("Philippines", "Honorary consulate", "Manila", None, "mission/KAZ-honorary-consulate-PHL-manila"),
    ("Romania", "Embassy", "Bucharest", None, "mission/KAZ-embassy-ROU-bucharest"),
    ("Romania", "Honorary consulate", "Bucharest", None, "mission/KAZ-honorary-consulate-ROU-bucharest"),
    ("Russia", "Consulate general", "Astrakhan", None, "mission/KAZ-consulate-general-RUS-astrakhan"),
    ("Russia", "Consulate general", "Omsk", None, "mission/KAZ-consulate-general-RUS-omsk"),
    ("Russia", "Consulate general", "Saint Petersburg", None, "mission/KAZ-consulate-general-RUS-saint-petersburg"),
    ("Russia", "Embassy", "Moscow", None, "mission/KAZ-embassy-RUS-moscow"),
    ("Turkey", "Consulate general", "Istanbul", None, "mission/KAZ-consulate-general-TUR-istanbul"),
    ("Turkey", "Embassy", "Ankara", None, "mission/KAZ-embassy-TUR-ankara"),
    ("Turkmenistan", "Embassy", "Ashgabat", None, "mission/KAZ-embassy-TKM-ashgabat"),
    ("Ukraine", "Embassy", "Kyiv", None, "mission/KAZ-embassy-UKR-kyiv"),
    ("Ukraine", "Honorary consulate", "Odesa", None, "mission/KAZ-honorary-consulate-UKR-odesa"),
    ("United Kingdom", "Embassy", None, "1996-02", "mission/KAZ-embassy-GBR"),
    ("United States", "Embassy", "Washington, D.C.", "1992-10", "mission/KAZ-embassy-USA-washington"),
]


# Foreign missions in Kazakhstan:
#   Azerbaijan "Азербейджан има посолоство в Астана."      Turkmenistan "... има послоство в Астана."
#   Armenia    "... както и Армения в Алмати."             Malaysia "а от своя страна Малайзия има в Алмати." (embassy elided)
#   Bulgaria   "От 1994 г. България има посолство в Алмати."
#   Latvia     "Латвия има посолство в Астана и Почетното консулство в Алмати."
#   Romania    "Румъния има посолство в Алмати."
#   Russia     "Русия има посолство в Астана и консулства в Алмати и Уралск."
#   Turkey     "Турция има свое посолство в Алмати и офис в Астана."
#   Ukraine    "Украйна има посолство в Астана и генерално консулство в Алмати."
#   UK         "Обединеното кралство открива посолство в Казахстан през октомври 1992 година." (no city)
#   Canada     "Канада има посолство в Алмати."
#   USA        "САЩ открива посолство в Алмати януари 1992 година, което е преместено в Астана 2006 година.
#               От 2009 година в Алмати има и Генерално Консулство."
FOREIGN_MISSIONS_IN_KAZ = [
    ("Armenia", "Embassy", "Almaty", None, None, "mission/ARM-embassy-KAZ-almaty"),
    ("Azerbaijan", "Embassy", "Astana", None, None, "mission/AZE-embassy-KAZ-astana"),
    ("Bulgaria", "Embassy", "Almaty", "1994", None, "mission/BGR-embassy-KAZ-almaty"),
    ("Canada", "Embassy", "Almaty", None, None, "mission/CAN-embassy-KAZ-almaty"),
    ("Latvia", "Embassy", "Astana", None, None, "mission/LVA-embassy-KAZ-astana"),
    ("Latvia", "Honorary consulate", "Almaty", None, None, "mission/LVA-honorary-consulate-KAZ-almaty"),
    ("Malaysia", "Embassy", "Almaty", None, None, "mission/MYS-embassy-KAZ-almaty"),
    ("Romania", "Embassy", "Almaty", None, None, "mission/ROU-embassy-KAZ-almaty"),
    ("Russia", "Consulate", "Almaty", None, None, "mission/RUS-consulate-KAZ-almaty"),
    ("Russia", "Consulate", "Uralsk", None, None, "mission/RUS-consulate-KAZ-uralsk"),
    ("Russia", "Embassy", "Astana", None, None, "mission/RUS-embassy-KAZ-astana"),
    ("Turkey", "Embassy", "Almaty", None, None, "mission/TUR-embassy-KAZ-almaty"),
    ("Turkey", "Representation office", "Astana", None, None, "mission/TUR-office-KAZ-astana"),
    ("Turkmenistan", "Embassy", "Astana", None, None, "mission/TKM-embassy-KAZ-astana"),
    ("Ukraine", "Consulate general", "Almaty", None, None, "mission/UKR-consulate-general-KAZ-almaty"),
    ("Ukraine", "Embassy", "Astana", None, None, "mission/UKR-embassy-KAZ-astana"),
    ("United Kingdom", "Embassy", None, "1992-10", None, "mission/GBR-embassy-KAZ"),
    ("United States", "Consulate general", "Almaty", "2009", None, "mission/USA-consulate-general-KAZ-almaty"),
    ("United States", "Embassy", "Astana", "1992-01", "Almaty", "mission/USA-embassy-KAZ"),
]


@covers("missions-abroad", {"country": "RUS"}, {"country": "PHL"}, {"lang": "bg"})
def test_missions_abroad(store):
    holds(answer(store, "missions-abroad"), KAZ_MISSIONS_ABROAD)
    # Russia: "Русия има посолство в Астана и консулства в Алмати и Уралск."
    check(
        answer(store, "missions-abroad", country="RUS"),
        [
            ("Kazakhstan", "Consulate", "Almaty", None, "mission/RUS-consulate-KAZ-almaty"),
            ("Kazakhstan", "Consulate", "Uralsk", None, "mission/RUS-consulate-KAZ-uralsk"),
            ("Kazakhstan", "Embassy", "Astana", None, "mission/RUS-embassy-KAZ-astana"),
        ],
    )
    # Philippines: "Филипините поддържат връзките си с Казахстан главно през посолството си в Москва"
    check(
        answer(store, "missions-abroad", country="PHL"),
        [
            ("Russia", "Embassy", "Moscow", None, "mission/PHL-embassy-RUS-moscow"),
        ],
    )
    bg = answer(store, "missions-abroad", lang="bg")
    assert ("Азербайджан", "Посолство", "Баку", "1994-12-16", "mission/KAZ-embassy-AZE-baku") in bg
    assert ("Турция", "Генерално консулство", "Истанбул", None, "mission/KAZ-consulate-general-TUR-istanbul") in bg


@covers("missions-in-country", {"country": "RUS"}, {"lang": "bg"})
def test_missions_in_country(store):
    holds(answer(store, "missions-in-country"), FOREIGN_MISSIONS_IN_KAZ)
    # Missions in Russia: Kazakhstan's (Russia section), and the Albanian and Philippine embassies
    # in Moscow through which those states are represented in Kazakhstan (Albania, Philippines).
    check(
        answer(store, "missions-in-country", country="RUS"),
        [
            ("Albania", "Embassy", "Moscow", None, None, "mission/ALB-embassy-RUS-moscow"),
            ("Kazakhstan", "Consulate general", "Astrakhan", None, None, "mission/KAZ-consulate-general-RUS-astrakhan"),
            ("Kazakhstan", "Consulate general", "Omsk", None, None, "mission/KAZ-consulate-general-RUS-omsk"),
            (
                "Kazakhstan",
                "Consulate general",
                "Saint Petersburg",
                None,
                None,
                "mission/KAZ-consulate-general-RUS-saint-petersburg",
            ),
            ("Kazakhstan", "Embassy", "Moscow", None, None, "mission/KAZ-embassy-RUS-moscow"),
            ("Philippines", "Embassy", "Moscow", None, None, "mission/PHL-embassy-RUS-moscow"),
        ],
    )
    bg = answer(store, "missions-in-country", lang="bg")
    assert ("Съединени американски щати", "Посолство", "Астана", "1992-01", "Алмати", "mission/USA-embassy-KAZ") in bg


@covers("missions-in-city", {"city": "Астана"}, {"city": "moscow"})
def test_missions_in_city(store):
    # Every mission the article places in Almaty (see FOREIGN_MISSIONS_IN_KAZ), plus the US embassy,
    # which opened there in January 1992 and is in Astana since 2006.
    holds(
        answer(store, "missions-in-city"),
        [
            ("Armenia", "Kazakhstan", "Embassy", None, "Almaty", "mission/ARM-embassy-KAZ-almaty"),
            ("Bulgaria", "Kazakhstan", "Embassy", "1994", "Almaty", "mission/BGR-embassy-KAZ-almaty"),
            ("Canada", "Kazakhstan", "Embassy", None, "Almaty", "mission/CAN-embassy-KAZ-almaty"),
            ("Latvia", "Kazakhstan", "Honorary consulate", None, "Almaty", "mission/LVA-honorary-consulate-KAZ-almaty"),
            ("Malaysia", "Kazakhstan", "Embassy", None, "Almaty", "mission/MYS-embassy-KAZ-almaty"),
            ("Romania", "Kazakhstan", "Embassy", None, "Almaty", "mission/ROU-embassy-KAZ-almaty"),
            ("Russia", "Kazakhstan", "Consulate", None, "Almaty", "mission/RUS-consulate-KAZ-almaty"),
            ("Turkey", "Kazakhstan", "Embassy", None, "Almaty", "mission/TUR-embassy-KAZ-almaty"),
            ("Ukraine", "Kazakhstan", "Consulate general", None, "Almaty", "mission/UKR-consulate-general-KAZ-almaty"),
            ("United States", "Kazakhstan", "Consulate general", "2009", "Almaty", "mission/USA-consulate-general-KAZ-almaty"),
            ("United States", "Kazakhstan", "Embassy", "1992-01", "Astana", "mission/USA-embassy-KAZ"),
        ],
    )
    # Astana, named in Bulgarian: the embassies of Azerbaijan, Latvia, Russia, Turkmenistan,
    # Ukraine and (since 2006) the United States, and Turkey's office ("офис в Астана").
    check(
        answer(store, "missions-in-city", city="Астана"),
        [
            ("Azerbaijan", "Kazakhstan", "Embassy", None, "Astana", "mission/AZE-embassy-KAZ-astana"),
            ("Latvia", "Kazakhstan", "Embassy", None, "Astana", "mission/LVA-embassy-KAZ-astana"),
            ("Russia", "Kazakhstan", "Embassy", None, "Astana", "mission/RUS-embassy-KAZ-astana"),
            ("Turkey", "Kazakhstan", "Representation office", None, "Astana", "mission/TUR-office-KAZ-astana"),
            ("Turkmenistan", "Kazakhstan", "Embassy", None, "Astana", "mission/TKM-embassy-KAZ-astana"),
            ("Ukraine", "Kazakhstan", "Embassy", None, "Astana", "mission/UKR-embassy-KAZ-astana"),
            ("United States", "Kazakhstan", "Embassy", "1992-01", "Astana", "mission/USA-embassy-KAZ"),
        ],
    )
    # Moscow (any letter case): Albania's and the Philippines' embassies (Albania, Philippines) and
    # Kazakhstan's ("Казахстан има посолството в Москва").
    check(
        answer(store, "missions-in-city", city="moscow"),
        [
            ("Albania", "Russia", "Embassy", None, "Moscow", "mission/ALB-embassy-RUS-moscow"),
            ("Kazakhstan", "Russia", "Embassy", None, "Moscow", "mission/KAZ-embassy-RUS-moscow"),
            ("Philippines", "Russia", "Embassy", None, "Moscow", "mission/PHL-embassy-RUS-moscow"),
        ],
    )


@covers("mission-counts-by-type", {"country": "USA"}, {"lang": "bg"})
def test_mission_counts_by_type(store):
    # Counted from KAZ_MISSIONS_ABROAD and FOREIGN_MISSIONS_IN_KAZ (which quote the article):
    # abroad 14 embassies, 4 consulates general (3 in Russia, Istanbul), 1 consulate (Toronto),
    # 5 honorary consulates (Manila, Sofia, Riga, Bucharest, Odesa), no office; in Kazakhstan
    # 13 embassies, 2 consulates general (Ukraine, USA), 2 consulates (Russia), 1 honorary
    # consulate (Latvia) and Turkey's office.
    # counts the article does not state: at least these (exactly: queries/mission-counts-by-type.expected.csv)
    en = answer(store, "mission-counts-by-type")
    counts_at_least(
        en,
        [
            ("Consulate", 1, 2),
            ("Consulate general", 4, 2),
            ("Embassy", 14, 13),
            ("Honorary consulate", 5, 1),
            ("Representation office", 0, 1),
        ],
        counts=(1, 2),
    )
    # USA: an embassy and a consulate general in Kazakhstan; Kazakhstan's embassy in Washington.
    check(
        answer(store, "mission-counts-by-type", country="USA"),
        [
            ("Consulate", 0, 0),
            ("Consulate general", 1, 0),
            ("Embassy", 1, 1),
            ("Honorary consulate", 0, 0),
            ("Representation office", 0, 0),
        ],
    )
    # the same types in Bulgarian, with the same counts
    bg = answer(store, "mission-counts-by-type", lang="bg")
    assert {r[0] for r in bg} == {"Генерално консулство", "Консулство", "Посолство", "Почетно консулство", "Представителен офис"}
    assert sorted(pick(bg, 1, 2)) == sorted(pick(en, 1, 2))


@covers("embassy-count", {"country": "USA"}, {"country": "NOR"})
def test_embassy_count(store):
    # "How many embassies does Kazakhstan have according to the article?" 14 (KAZ_MISSIONS_ABROAD),
    # one per host state, 13 with a city (the article names none for the one in the UK).
    # counts the article does not state: at least these (exactly: queries/embassy-count.expected.csv)
    counts_at_least(answer(store, "embassy-count"), [(14, 14, 13)], counts=(0, 1, 2))
    check(answer(store, "embassy-count", country="USA"), [(1, 1, 1)])
    # Norway: the article gives Kazakhstan's embassy in Oslo only.
    check(answer(store, "embassy-count", country="NOR"), [(0, 0, 0)])


@covers("mission-history", {"lang": "bg"})
def test_mission_history(store):
    # Every dated opening, and the one move: UK "през октомври 1992"; Kazakhstan in the UK
    # "през февруари 1996"; USA "САЩ открива посолство в Алмати януари 1992 година, което е
    # преместено в Астана 2006 година. От 2009 година в Алмати има и Генерално Консулство.
    # Посолството на Казахстан във Вашингтон е отворено през октомври 1992 година."; Bulgaria
    # "От 1994 г." / "От ноември 2004 г."; Azerbaijan "от 16 декември 1994 година".
    # A year-only date sorts before the months of its year ("1994" before "1994-12-16").
    holds(
        answer(store, "mission-history"),
        [
            ("1992-01", "opened", "United States", "Kazakhstan", "Almaty", None, "mission/USA-embassy-KAZ"),
            ("1992-10", "opened", "Kazakhstan", "United States", "Washington, D.C.", None, "mission/KAZ-embassy-USA-washington"),
            ("1992-10", "opened", "United Kingdom", "Kazakhstan", None, None, "mission/GBR-embassy-KAZ"),
            ("1994", "opened", "Bulgaria", "Kazakhstan", "Almaty", None, "mission/BGR-embassy-KAZ-almaty"),
            ("1994-12-16", "opened", "Kazakhstan", "Azerbaijan", "Baku", None, "mission/KAZ-embassy-AZE-baku"),
            ("1996-02", "opened", "Kazakhstan", "United Kingdom", None, None, "mission/KAZ-embassy-GBR"),
            ("2004-11", "opened", "Kazakhstan", "Bulgaria", "Sofia", None, "mission/KAZ-embassy-BGR-sofia"),
            ("2004-11", "opened", "Kazakhstan", "Bulgaria", "Sofia", None, "mission/KAZ-honorary-consulate-BGR-sofia"),
            ("2006", "moved", "United States", "Kazakhstan", "Astana", "Almaty", "mission/USA-embassy-KAZ"),
            ("2009", "opened", "United States", "Kazakhstan", "Almaty", None, "mission/USA-consulate-general-KAZ-almaty"),
        ],
    )
    bg = answer(store, "mission-history", lang="bg")
    assert ("2006", "преместено", "Съединени американски щати", "Казахстан", "Астана", "Алмати", "mission/USA-embassy-KAZ") in bg
    assert pick(bg, 0) == sorted(pick(bg, 0), key=lambda r: r[0])


@covers("mission-relocations", {"lang": "bg"})
def test_mission_relocations(store):
    # USA: "САЩ открива посолство в Алмати януари 1992 година, което е преместено в Астана 2006 година."
    holds(
        answer(store, "mission-relocations"),
        [
            (
                "United States",
                "Kazakhstan",
                "Embassy",
                "Almaty",
                "Astana",
                "2006",
                "1992-01",
                "relocation/USA-embassy-KAZ-almaty-to-astana",
            ),
        ],
    )
    holds(
        answer(store, "mission-relocations", lang="bg"),
        [
            (
                "Съединени американски щати",
                "Казахстан",
                "Посолство",
                "Алмати",
                "Астана",
                "2006",
                "1992-01",
                "relocation/USA-embassy-KAZ-almaty-to-astana",
            ),
        ],
    )


@covers("representation-via-third-country", {"country": "LVA"}, {"country": "ALB"}, {"country": "NOR"})
def test_representation_via_third_country(store):
    # Albania: "Албания е представена в чрез посолството си в Москва, (Русия). Казахстан е представена
    # в Албания чрез посолството си в Анкара (Турция)." Latvia: "Казахстан е представена в Латвия чрез
    # посолството си във Вилнюс (Литва)". Philippines: "Филипините поддържат връзките си с Казахстан
    # главно през посолството си в Москва".
    alb = ("Albania", "Kazakhstan", "Embassy", "Moscow", "Russia", "accreditation/ALB-to-KAZ-via-RUS")
    kaz_alb = ("Kazakhstan", "Albania", "Embassy", "Ankara", "Turkey", "accreditation/KAZ-to-ALB-via-TUR")
    kaz_lva = ("Kazakhstan", "Latvia", "Embassy", "Vilnius", "Lithuania", "accreditation/KAZ-to-LVA-via-LTU")
    phl = ("Philippines", "Kazakhstan", "Embassy", "Moscow", "Russia", "accreditation/PHL-to-KAZ-via-RUS")
    holds(pick(answer(store, "representation-via-third-country"), *range(6)), [alb, kaz_alb, kaz_lva, phl])
    check(pick(answer(store, "representation-via-third-country", country="LVA"), *range(6)), [kaz_lva])
    check(pick(answer(store, "representation-via-third-country", country="ALB"), *range(6)), [alb, kaz_alb])
    check(pick(answer(store, "representation-via-third-country", country="NOR"), *range(6)), [])
    # "главно": the Philippines keep their ties *mainly* through Moscow, and the row says so
    assert [r[6] for r in answer(store, "representation-via-third-country")] == [None, None, None, "mainly"]


@covers("mission-provenance", {"sender": "KAZ", "host": "TUR"}, {"lang": "bg"})
def test_mission_provenance(store):
    holds(
        answer(store, "mission-provenance"),
        [
            (
                "Consulate general",
                "Almaty",
                "United States",
                "От 2009 година в Алмати има и Генерално Консулство.",
                None,
                "mission/USA-consulate-general-KAZ-almaty",
            ),
            (
                "Embassy",
                "Astana",
                "United States",
                "САЩ открива посолство в Алмати януари 1992 година, което е преместено в Астана 2006 година.",
                None,
                "mission/USA-embassy-KAZ",
            ),
        ],
    )
    # The embassy in Ankara is stated twice: in the Albania subsection (as the mission through which
    # Kazakhstan is represented in Albania) and in the Turkey subsection.
    check(
        answer(store, "mission-provenance", sender="KAZ", host="TUR"),
        [
            (
                "Consulate general",
                "Istanbul",
                "Turkey",
                "Казахстан има посолство в Анкара и генералното консулство в Истанбул.",
                None,
                "mission/KAZ-consulate-general-TUR-istanbul",
            ),
            (
                "Embassy",
                "Ankara",
                "Albania",
                "Казахстан е представена в Албания чрез посолството си в Анкара (Турция).",
                None,
                "mission/KAZ-embassy-TUR-ankara",
            ),
            (
                "Embassy",
                "Ankara",
                "Turkey",
                "Казахстан има посолство в Анкара и генералното консулство в Истанбул.",
                None,
                "mission/KAZ-embassy-TUR-ankara",
            ),
        ],
    )
    bg = answer(store, "mission-provenance", lang="bg")
    assert pick(bg, 0, 1, 2) == [("Генерално консулство", "Алмати", "САЩ"), ("Посолство", "Астана", "САЩ")]
