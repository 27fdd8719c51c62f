"""The stored queries: memberships and the OSCE chairmanship.

Each expectation is worked out from the article; the comment above it quotes the sentence it
comes from (see expect.py and conftest.py for how a query is run and read)."""

from __future__ import annotations

from expect import answer, check, covers, holds


@covers("memberships", {"country": "TUR"}, {"country": "RUS"}, {"lang": "bg"})
def test_memberships(store):
    # Lead: "Казахстан е член на Организацията на обединените нации, Организацията за сигурност и
    # сътрудничество в Европа (която председателства през 2010 г.), Северноатлантическия съвет за
    # сътрудничество, Общността на независимите държави, Шанхайската организация за сътрудничество,
    # както и програмата на НАТО „Партньорство за мир“. Казахстан създава митнически съюз с Русия и
    # Беларус. Държавата беше Общото икономическо пространство през 2012 година. Казахстан
    # установява връзки с Евроазиатската икономическа общност с Киргизстан и Таджикистан."
    # OSCE section: "През януари 2010 година Казахстан поема председателството на ... (ОССЕ)".
    # Israel: "Въпреки членството на Казахстан в „Организация за ислямско сътрудничество“".
    # Turkey: "Турция и Казахстан са ... учредители на ... TURKSOY на 12 юли 1993 година."
    # Canada: "И двете страни са пълноправни членове на Организацията за сигурност и сътрудничество в Европа."
    osce = "Organization for Security and Co-operation in Europe"
    holds(
        answer(store, "memberships"),
        [
            ("Common Economic Space", "member", None, "2012", "membership/KAZ-in-common-economic-space"),
            ("Commonwealth of Independent States", "member", None, None, "membership/KAZ-in-cis"),
            ("Customs Union of Belarus, Kazakhstan and Russia", "founder", None, None, "membership/KAZ-founder-customs-union"),
            ("Eurasian Economic Community", "participant", None, None, "membership/KAZ-in-eurasec"),
            ("International Organization of Turkic Culture", "founder", "1993-07-12", None, "membership/KAZ-founder-turksoy"),
            ("North Atlantic Cooperation Council", "member", None, None, "membership/KAZ-in-nacc"),
            ("Organisation of Islamic Cooperation", "member", None, None, "membership/KAZ-in-oic"),
            (osce, "chair", "2010-01", "2010", "membership/KAZ-chair-osce"),
            (osce, "full member", None, None, "membership/KAZ-in-osce"),
            ("Partnership for Peace", "member", None, None, "membership/KAZ-in-partnership-for-peace"),
            ("Shanghai Cooperation Organisation", "member", None, None, "membership/KAZ-in-sco"),
            ("United Nations", "member", None, None, "membership/KAZ-in-un"),
        ],
    )
    # Turkey section: Turkey is the other founder of TURKSOY, on 12 July 1993.
    check(
        answer(store, "memberships", country="TUR"),
        [
            ("International Organization of Turkic Culture", "founder", "1993-07-12", None, "membership/TUR-founder-turksoy"),
        ],
    )
    # Lead: the customs union is created "с Русия и Беларус".
    check(
        answer(store, "memberships", country="RUS"),
        [
            ("Customs Union of Belarus, Kazakhstan and Russia", "founder", None, None, "membership/RUS-founder-customs-union"),
        ],
    )
    bg = answer(store, "memberships", lang="bg")
    assert ("Организация на обединените нации", "член", None, None, "membership/KAZ-in-un") in bg
    assert (
        "Организация за сигурност и сътрудничество в Европа",
        "председател",
        "2010-01",
        "2010",
        "membership/KAZ-chair-osce",
    ) in bg


@covers("organization-members", {"org": "customs-union"}, {"org": "turksoy"}, {"org": "csto"})
def test_organization_members(store):
    # Lead (member, chair in 2010), OSCE section (January 2010), Canada ("И двете страни са
    # пълноправни членове на Организацията за сигурност и сътрудничество в Европа."): Kazakhstan's
    # membership, stated in the lead and the Canada section, is one membership, a full one.
    holds(
        answer(store, "organization-members"),
        [
            ("Canada", "full member", None, None, "membership/CAN-in-osce"),
            ("Kazakhstan", "chair", "2010-01", "2010", "membership/KAZ-chair-osce"),
            ("Kazakhstan", "full member", None, None, "membership/KAZ-in-osce"),
        ],
    )
    # Lead: "Казахстан създава митнически съюз с Русия и Беларус."
    check(
        answer(store, "organization-members", org="customs-union"),
        [
            ("Belarus", "founder", None, None, "membership/BLR-founder-customs-union"),
            ("Kazakhstan", "founder", None, None, "membership/KAZ-founder-customs-union"),
            ("Russia", "founder", None, None, "membership/RUS-founder-customs-union"),
        ],
    )
    # Turkey: "Турция и Казахстан са тюркски народи, учредители на ... TURKSOY на 12 юли 1993 година."
    check(
        answer(store, "organization-members", org="turksoy"),
        [
            ("Kazakhstan", "founder", "1993-07-12", None, "membership/KAZ-founder-turksoy"),
            ("Turkey", "founder", "1993-07-12", None, "membership/TUR-founder-turksoy"),
        ],
    )
    # Russia: both are "по-големите поддръжници на Договора за колективна сигурност" — supporters of
    # the treaty, not members of any organization: the article never names the CSTO.
    check(answer(store, "organization-members", org="csto"), [])


@covers("osce-chairmanship", {"lang": "bg"})
def test_osce_chairmanship_and_the_2009_candidacy(store):
    # Lead: "(която председателства през 2010 г.)"; OSCE section: "През януари 2010 година Казахстан
    # поема председателството". Switzerland: "Това потвърждава подкрепата на швейцарското
    # правителство за кандидатурата на Казахстан за председателството на ... ОССЕ през 2009 година."
    # 2009 against 2010 is a contradiction of the article, linked to both facts.
    note = "note/swiss-candidacy-2009-vs-2010"
    holds(
        answer(store, "osce-chairmanship"),
        [
            ("Candidacy", "2009", None, "Switzerland", note, "candidacy/KAZ-osce-chair-2009"),
            ("Chairmanship", "2010", "2010-01", None, note, "membership/KAZ-chair-osce"),
        ],
    )
    holds(
        answer(store, "osce-chairmanship", lang="bg"),
        [
            ("Кандидатура", "2009", None, "Швейцария", note, "candidacy/KAZ-osce-chair-2009"),
            ("Председателство", "2010", "2010-01", None, note, "membership/KAZ-chair-osce"),
        ],
    )


@covers("osce-chair-in-year", {"year": 2009}, {"year": 2011}, {"country": "CAN"})
def test_osce_chair_in_year(store):
    # Kazakhstan chaired the OSCE in 2010 (lead, OSCE section) ...
    assert answer(store, "osce-chair-in-year") is True
    # ... and only sought it for 2009 (Switzerland section): a candidacy is not a chairmanship.
    assert answer(store, "osce-chair-in-year", year=2009) is False
    assert answer(store, "osce-chair-in-year", year=2011) is False
    # Canada is a full member (Canada section), never chair.
    assert answer(store, "osce-chair-in-year", country="CAN") is False
