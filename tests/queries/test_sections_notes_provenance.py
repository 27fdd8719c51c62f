"""The stored queries: sections, notes and provenance.

Each expectation is worked out from the article; the comment above it quotes the sentence it
comes from (see expect.py and conftest.py for how a query is run and read)."""

from __future__ import annotations

import pytest

from kzgraph.asking.queries import QueryError

from expect import KZ, answer, check, counts_at_least, covers, holds, pick, same_rows


@covers("facts-per-section", {"lang": "bg"})
def test_facts_per_section(store):
    # Counted statement by statement (a fact quoted in two sections counts in both):
    # lead 17: 3 assessments (basis of foreign relations; Nazarbayev's balancing; the artificially low
    #   prices, a judgement of its own), 14 memberships
    #   (UN, OSCE, OSCE chair, NACC, CIS, SCO, Partnership for Peace, customs union x3, CES, EurAsEC x3:
    #   Kazakhstan, and Kyrgyzstan and Tajikistan by implication);
    # OSCE 8: the chairmanship (its second passage), 56 states, "Европа, Северна Америка и Азия", largest
    #   security organization, first post-Soviet/Asian/Muslim chair, symbolises success, "авторитетна
    #   международна организация", opportunities;
    # border issues 3: two delimitations, water use in question; narcotics 12: international problem,
    #   1517 t (observation and quotation), transit country, 1320 cases, 18 t, fraction, corruption,
    #   "силно корумпирана държава" (assessment and quotation), markets, use growing;
    # Central Asia 18: Azerbaijan 3 (relation, 2 embassies), Kyrgyzstan 9 (relation, 4 assessments,
    #   agreement, visit, "Историческото събитие", "Бишкек, столицата на Киргизстан"), Turkmenistan 2
    #   embassies, Uzbekistan 4 (with "бързо развите в Казахстан");
    # Asia 51: Armenia 12 (Nazarbayev's and Kocharyan's judgements), India 4, Israel 10 (Olmert's), Pakistan 4, Philippines 8, China 4, South Korea 5, Malaysia 4
    #   (with "столицата на Малайзия – Куала Лампур");
    # Europe 69: EU 6 (with the several regional programmes); Albania 4, Bulgaria 4, Latvia 8, Norway 1, Romania 5, Russia 18 (with the
    #   Collective Security Treaty it names), Switzerland 5,
    #   Turkey 10 (+ the Ankara embassy already counted under Albania), Ukraine 5, UK 3;
    # other states 14: Canada 7, USA 7; overview 41: 130 states, Vatican, Palestine, the list and its
    #   37 states; references 2: the EU agreement of 2 February 1993 and the relation it set up.
    # per-section counts the article does not state: at least these (exactly: queries/facts-per-section.expected.csv)
    counts_at_least(
        answer(store, "facts-per-section"),
        [
            (1, "Lead (untitled introduction)", 17, "section/lead"),
            (2, "Kazakhstan's OSCE chairmanship", 8, "section/osce-chairmanship"),
            (3, "Border issues", 3, "section/border-issues"),
            (4, "Illicit drugs", 12, "section/narcotics"),
            (5, "Central Asia", 18, "section/central-asia"),
            (10, "Asia", 51, "section/asia"),
            (19, "Europe", 69, "section/europe"),
            (32, "Relations with other states", 14, "section/other-states"),
            (35, "Overview", 41, "section/overview"),
            (36, "References", 2, "section/references"),
            (37, "Literature", 0, "section/literature"),
        ],
        counts=(2,),
    )
    bg = answer(store, "facts-per-section", lang="bg")
    # The untitled lead has no Bulgarian heading: it falls back to its English title.
    assert pick(bg, 1)[:3] == [
        ("Lead (untitled introduction)",),
        ("Председателство на Казахстан на ОССЕ",),
        ("Гранични въпроси",),
    ]


# The article's defects, by kind (each a data-quality note):
#  misspelling 20: Казастан, Олмер, щастки, Диплматическите, спорозумение, Двустраните, Балкаш,
#    Азербейджан, посолоство (x2), прездидентите, Ашхабат, послоство, преиода/развите, definite forms
#    (Почетното консулство x3, посолството в Москва, генералното консулство), "Меморандум ... е
#    подписано", "Казахстан е представена", "Казахстан-руските", съдебнатата, "Gazeta. KZ", "Куала Лампур";
#  vague statement 11: the Armenian visits, Kocharyan "Бившият" as of no date, Massimov's destination,
#    "корейски граждани", the Uzbek visits, the unnamed regional programmes, EurAsEC "с Киргизстан и
#    Таджикистан", the 1998 harvest year, "Все още няма" undated, "генерално консулство в ... Астрахан и
#    Омск", the US section's implicit actors;
#  garbled text 8: "1700 километровата", the EU regional-strategy sentence, "Държавата беше Общото
#    икономическо пространство", the narcotics fraction sentence, the OSCE honour sentence, "се е
#    колебливи", Thalmann's mismatched quotation marks, "в същия ден, от обявяването";
#  citation problem 6: reference [3] never cited, [4] (2006) for a 2008 event, the Kyrgyz citation
#    left in the text, the EU relation only in a reference title, [13] cited for the overview, the
#    literature entry's "Konfrontation?. Das";
#  contradiction 4: China 1992-01-03 / April 1994, the OSCE candidacy for 2009 / chair in 2010, the
#    US "first" recognition / Turkey on the day of independence, US relations on 26 December 1992 after
#    both embassies opened that year;
#  inconsistency 4: "намален оборот" (Russia) / "на изкуствено ниски цени" (lead), the lead's customs
#    union ("създава"), Common Economic Space ("беше ... през 2012") and EurAsEC ("установява"), the
#    empty date cells of Armenia, Israel and Pakistan (Asia table) and of Canada and the USA, whose
#    prose dates the relations;
#  untranslated text 4: the English trade sentence, the "Notes" column of the three tables;
#  elided word 5: "представена в чрез", "Малайзия има в Алмати", "както и Армения в Алмати", the missing "през" (Canada, USA),
#    "съвместна администрация на тюркски за Изкуство и Култура";
#  implausible date 2: Armenia's relations in 2006 after visits in 1999 and 2001, the EU before it
#    existed (February 1993);
#  no characterisation 3: sentences kept as assessments that characterise nothing: the OSCE "свързва 56
#    страни", the EU regional programmes, the Russian presence in the army and "тюркски народи";
#  ambiguous name 3: "Конго", "Прозрачност без граници", "В Балкаш" (the town, or the radar station by the
#    lake: left off the map); duplicate entry 1: Grenada;
#  misplaced section 1: Azerbaijan under "Централна Азия".
NOTE_KINDS = [
    ("misspelling", 20),
    ("vague statement", 11),
    ("garbled text", 8),
    ("citation problem", 6),
    ("elided word", 5),
    ("contradiction", 4),
    ("inconsistency", 4),
    ("untranslated text", 4),
    ("ambiguous name", 3),
    ("no characterisation", 3),
    ("implausible date", 2),
    ("duplicate entry", 1),
    ("misplaced section", 1),
]


@covers("quality-note-kinds", {"lang": "bg"})
def test_quality_note_kinds(store):
    # Counts the article does not state: at least these (exactly: queries/quality-note-kinds.expected.csv),
    # most first.
    en = answer(store, "quality-note-kinds")
    got = dict(en)
    assert all(got.get(kind, 0) >= n for kind, n in NOTE_KINDS), en
    assert [n for _, n in en] == sorted((n for _, n in en), reverse=True)
    # The Bulgarian answer names the same kinds with the same counts, row for row.
    bg = answer(store, "quality-note-kinds", lang="bg")
    same_rows(bg, en)
    by_bg = {name: got[kind] for (name, _), (kind, _) in zip(bg, en, strict=True)}
    assert [n for _, n in bg] == [n for _, n in en] and sum(n for _, n in bg) == sum(got.values())
    assert by_bg["противоречие"] == got["contradiction"] and by_bg["несъответствие"] == got["inconsistency"]
    assert by_bg["повторен запис"] == got["duplicate entry"]


@covers(
    "quality-notes",
    {"kind": "implausible-date"},
    {"kind": "inconsistency"},
    {"kind": "duplicate-entry"},
    {"kind": "garbledText"},
    {"kind": "garbled-text"},
    {"lang": "bg"},
)
def test_quality_notes(store):
    got = answer(store, "quality-notes")
    # The four contradictions of the article (see NOTE_KINDS), with what each is about, both sides:
    # China's two starts, the first agreement and the table row; the candidacy and the chairmanship;
    # the US and Turkish recognitions, the "first to recognise" assessment and the declaration of
    # independence; the US relations and the two embassies opened before them.
    holds(
        pick(got, 0, 1),
        [
            ("note/asia-china-start-date-conflict", 4),
            ("note/first-recognition-contradiction", 4),
            ("note/swiss-candidacy-2009-vs-2010", 2),
            ("note/usa-relations-date-implausible", 3),
        ],
    )
    comments = [r[2] for r in got]
    assert "1992-01-03" in comments[0] and "1994" in comments[0]
    assert "first" in comments[1] and "16 December 1991" in comments[1]
    assert "2009" in comments[2] and "2010" in comments[2]
    assert "26 December 1992" in comments[3] and "January 1992" in comments[3]
    # in Bulgarian, the same notes with their Bulgarian comments (comment_bg), one row each
    bulgarian = answer(store, "quality-notes", lang="bg")
    assert pick(bulgarian, 0, 1) == pick(got, 0, 1)
    assert bulgarian[0][2].startswith("Таблицата дава 1992-01-03 като начало на официалните отношения с Китай")
    check(
        pick(answer(store, "quality-notes", kind="implausible-date"), 0, 1),
        [
            ("note/asia-armenia-start-after-visits", 3),
            ("note/eu-1993-anachronism", 3),  # the agreement, the relation, and reference [13] whose title dates them
        ],
    )
    # The inconsistencies: table rows and relations (Asia 3 rows and 4 relations; other states 2 and 2),
    # the lead's 7 integration memberships. The two oil-and-gas passages: their three assessments at
    # least (a record linked to the note since, such as a trade made of them, adds to the count).
    inconsistencies = pick(answer(store, "quality-notes", kind="inconsistency"), 0, 1)
    check(
        inconsistencies[:3],
        [
            ("note/asia-table-empty-dates", 7),
            ("note/lead-integration-tense-status", 7),
            ("note/other-states-table-empty-dates", 4),
        ],
    )
    assert inconsistencies[3][0] == "note/russia-oil-gas-turnover-unclear" and inconsistencies[3][1] >= 3, inconsistencies
    assert len(inconsistencies) == 4, inconsistencies
    check(pick(answer(store, "quality-notes", kind="duplicate-entry"), 0, 1), [("note/grenada-listed-twice", 2)])
    # a kind named as the ontology's term is the same kind: every garbled-text note (8 today, NOTE_KINDS)
    garbled = answer(store, "quality-notes", kind="garbledText")
    assert garbled == answer(store, "quality-notes", kind="garbled-text") and len(garbled) >= 8
    with pytest.raises(QueryError, match="unknown note-kind 'no-such-kind'; allowed: .*contradiction"):
        answer(store, "quality-notes", kind="no-such-kind")


@covers(
    "notes-for-fact",
    {"fact": KZ + "mission/USA-embassy-KAZ"},
    {"fact": KZ + "no-relation/KAZ-GRD"},
    {"fact": KZ + "relation/KAZ-TUR"},
    {"fact": KZ + "table/european-states"},
    {"lang": "bg"},
)
def test_notes_for_fact(store):
    # China's table date: contradicted by the prose. (The untranslated "Notes" column is a note on
    # the table, table/asia, not on the relations its rows date.)
    holds(
        pick(answer(store, "notes-for-fact"), 0, 1),
        [
            ("contradiction", "note/asia-china-start-date-conflict"),
        ],
    )
    # The US embassy: "в Алмати януари 1992 година ... в Астана 2006 година" (no "през"), opened
    # before the relations of 26 December 1992.
    check(
        pick(answer(store, "notes-for-fact", fact=KZ + "mission/USA-embassy-KAZ"), 0, 1),
        [
            ("contradiction", "note/usa-relations-date-implausible"),
            ("elided word", "note/other-states-elided-prez"),
        ],
    )
    check(
        pick(answer(store, "notes-for-fact", fact=KZ + "no-relation/KAZ-GRD"), 0, 1),
        [
            ("duplicate entry", "note/grenada-listed-twice"),
        ],
    )
    check(pick(answer(store, "notes-for-fact", fact=KZ + "relation/KAZ-TUR"), 0, 1), [])
    check(
        pick(answer(store, "notes-for-fact", fact=KZ + "table/european-states"), 0, 1),
        [
            ("untranslated text", "note/european-states-table-header-untranslated"),
        ],
    )
    ((kind, _, comment),) = answer(store, "notes-for-fact", lang="bg")
    assert kind == "противоречие" and comment.startswith("Таблицата дава 1992-01-03")


@covers(
    "fact-provenance",
    {"fact": KZ + "relation/KAZ-CHN"},
    {"fact": KZ + "membership/KAZ-chair-osce"},
    {"fact": KZ + "observation/KOR-citizens-in-KAZ"},
    {"lang": "bg"},
)
def test_fact_provenance(store):
    # Israel: the Bulgarian sentence, citing [4], and the untranslated English one, citing nothing.
    holds(
        answer(store, "fact-provenance"),
        [
            ("Israel", "Bilateral trade between the two countries amounted to $724 million in 2005.", None, None, None),
            (
                "Israel",
                "Двустранната търговия между държавите през 2005 се оценява на около 724 милиона щастки долара.",
                "4",
                "Kazakhs seek stronger ties with Israel",
                "Jerusalem Post",
            ),
        ],
    )
    # China's table row, which cites nothing.
    check(answer(store, "fact-provenance", fact=KZ + "relation/KAZ-CHN"), [("China", "Китай 1992-01-03", None, None, None)])
    # The chairmanship: the lead, then the OSCE section, in the article's order.
    check(
        answer(store, "fact-provenance", fact=KZ + "membership/KAZ-chair-osce"),
        [
            (
                "Lead (untitled introduction)",
                "Организацията за сигурност и сътрудничество в Европа (която председателства през 2010 г.)",
                None,
                None,
                None,
            ),
            (
                "Kazakhstan's OSCE chairmanship",
                "През януари 2010 година Казахстан поема председателството на Организацията за сигурност и сътрудничество в Европа (ОССЕ)",
                None,
                None,
                None,
            ),
        ],
    )
    # South Korea: "... близо 100 000 корейски граждани в Казахстан ...[9]" (Korean Ministry of Foreign Affairs).
    check(
        answer(store, "fact-provenance", fact=KZ + "observation/KOR-citizens-in-KAZ"),
        [
            (
                "South Korea",
                "Наличието на близо 100 000 корейски граждани в Казахстан допълнително засилва връзката между страните.",
                "9",
                "Kazakhstan",
                "Korean Ministry of Foreign Affairs",
            ),
        ],
    )
    assert pick(answer(store, "fact-provenance", lang="bg"), 0, 2) == [("Израел", None), ("Израел", "4")]


@covers("references-cited")
def test_references_cited(store):
    # The article's references [1]-[13] and the unnumbered Kyrgyz citation, with the facts citing each
    # (publishers as printed: "Gazeta. KZ", with its stray full stop and space):
    # [1] closes the border paragraph (3 facts); [2] the narcotics paragraph (10); [3] is never cited;
    # [4] closes the Israel paragraph (9: OIC membership, "по-скоро добри", relations 1992, visits 1995,
    # 2000, Massimov's visit, Olmert's words, trade 2005, defence 2008); [5] Pakistan (4); [6] and [7]
    # the Philippines prose (8 each: relation, embassy in Moscow, representation through it, honorary
    # consulate, trade, tourists, workers, 2011 agreement); [8] the China prose (3: April 1994 relation,
    # first agreement, border); [9] the South Korea prose (4); [10] the EU section (6, with the regional
    # programmes); [11] and [12]
    # Switzerland (4 each: meeting, embassy considered, Thalmann's words, 2009 candidacy); [13] the
    # overview (41) and its own title's EU agreement and relation (2); the Kyrgyz citation (7, with
    # "Бишкек, столицата на Киргизстан").
    holds(
        answer(store, "references-cited"),
        [
            ("1", "Kazakhstan – Transnational Issues", "CIA World Factbook", 3),
            ("2", "Kazakhstan Narcotics Factsheet 2004", "The Central Asia-Caucasus Institute & Silk Road Studies Program", 12),
            ("3", "Kazakhstan, Armenia sign agreements to develop relations", "RIA Novosti", 0),
            ("4", "Kazakhs seek stronger ties with Israel", "Jerusalem Post", 10),
            ("5", "Trade Development Authority of Pakistan", None, 4),
            ("6", "www.philstar.com", None, 8),
            ("7", "www.kazakhstan.com.ph", None, 8),
            ("8", "Brief introduction to relations between China and Kazakhstan", "China Daily", 3),
            ("9", "Kazakhstan", "Korean Ministry of Foreign Affairs", 4),
            ("10", "European Union and Kazakhstan", "European Commission: External Relations", 6),
            ("11", "Switzerland confirms support of Kazakhstan's candidacy for OSCE chairmanship", "Gazeta. KZ", 5),
            ("12", "Switzerland considers opening embassy in Kazakhstan", "Gazeta. KZ", 5),
            (
                "13",
                "On 2 February 1993 the parties signed an agreement that set up diplomatic relations between the EU and Kazakhstan",
                None,
                43,
            ),
            ("kyrgyz-kazakh-step", "Central Asia: A Kyrgyz-Kazakh Step Towards Regional Union", None, 9),
        ],
    )
