"""A synthetic kzgraph project at about N times the real data, for benchmarks.

    python -m bench.generate --scale 10 --out /tmp/kz-10      # ~47k asserted triples
    from bench.generate import generate; generate(Path("/tmp/kz-2"), scale=2)

The project is in the real format (``data/`` with ``sources.yaml``, ``entities/*.yaml``,
``facts/*.yaml`` and ``article/<name>.txt``; ``ontology/`` and ``queries/`` copied from this
repository) and passes the real loader, SHACL shapes and QC queries.

What it holds
  * A fixed vocabulary: up to 200 states (Kazakhstan, Turkey, China, Russia and the United States
    with their real names, the rest invented, with 3-letter ISO-like ids and iso2 codes, bg/en
    labels; one state with a slug id and an identity note), three cities each, regions, water
    bodies, ~30 organizations of every kind, a president and a foreign minister per state and
    their offices. Small scales use fewer states (40 per unit of scale), so that scale 1 is about
    the size of the real data; from scale 5 on the vocabulary stays the same.
  * A synthetic article: for each subject state a section "Външна политика на X", and under it one
    subsection per partner state (the block). The scale factor multiplies the number of blocks,
    i.e. the states' facts, not the vocabulary. Every section has a ``heading`` that stands once in
    the article (it ends in "Редактиране", which no running text contains, and no heading is the
    end of another), and every quote stands in the text of its own section (from its heading to the
    next one), so quote checks can be per section.
  * In each block, a mix of every record type: diplomatic relations dated at every precision
    (year, month, day), bilateral relations, relations with organizations, recognitions dated after
    both states' declarations of independence, missions of every type (each unique per sending
    state, receiving state, type and city, in cities of the receiving state), openings, relocations,
    accreditations through a mission in a third state, memberships of every role, chairmanships,
    candidacies, agreements of every kind, visits, meetings, border delimitations of every status,
    observations of every measure, unit and qualifier, quotations, assessments, foreign facilities,
    lists of states without relations (never contradicting a relation: the pairs of states are split
    once into related and unrelated ones), and data-quality notes of every kind, including the
    contradiction notes that license a second, conflicting diplomatic-relation claim between the
    same pair (the real China case) and implausible-date notes that license a relation dated before
    a declaration of independence. Passages cite references listed in the article's references
    (one stands in a section instead). Each subject state's section has a table of its relations,
    whose rows stand in the partners' sections and support the relations they date; periods named
    in words, relations of several kinds, agreements reached rather than signed, two-day visits and
    one-day meetings, bounds in the article's own years ("before 2005").
  * Every field of kzgraph/curated/model.py has a value somewhere (tests/test_bench.py checks it): what the
    code above does not state, ``fill_unset`` fills from the field kind's sample.
  * A new kind of fact (a fact type of the model that the code here does not state, see
    ``HAND_MADE``) needs no edit either: each block gets one record of it made from its fields alone
    (a block where a required reference has nothing to name yet gets none, counted in ``generated.json``
    as ``generic_blocks_skipped``; a kind that gets none at all stops the generator)
    (``Generator._generic_fact``): the block's states, cities of the state last named, other
    references among existing records, dates in the block's range, samples for the simple kinds, and a
    Bulgarian sentence in the block's text as its source. A kind whose required field cannot be filled
    that way (an identifier, a field name, a pattern) stops the generator before anything is written,
    naming the type and field (``NoGenericRecord``): it needs a hand generator.

Everything is drawn from seeded random generators and written in a fixed order: the same
(scale, seed) gives byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from kzgraph.core.dates import MONTHS
from kzgraph.curated import model
from kzgraph.curated.fieldkinds import kind_of

REPO = Path(__file__).resolve().parents[1]
# The unit of scale: the asserted triples of the real data at release 0.1. Kept fixed although the
# real data has grown since (5,531 with the qualifiers of issue 11), so that "220×" means the same
# million triples in every benchmark report.
REAL_TRIPLES = 4732
# Calibration of the size (asserted triples) of what we write, fitted by least squares on scales
# 1–20 (see _plan(); within 2 % from scale 2 on).
TRIPLES_PER_BLOCK = 275.0
TRIPLES_PER_STATE = 65.0
TRIPLES_FIXED = 0.0
STATES_PER_UNIT = 40
MAX_STATES = 200
UNRELATED_SHARE = 0.15  # share of state pairs that never have diplomatic relations

MONTHS_BG, MONTHS_EN = MONTHS["bg"], MONTHS["en"]  # the month names the site prints, defined once
HEADING_MARK = "Редактиране"  # as on Wikipedia: the heading line ends with the edit link's text


# --- dates ---------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class D:
    """A date at the precision the text gives: year, month or day."""

    y: int
    m: int | None = None
    d: int | None = None

    @property
    def iso(self) -> str:
        if self.m is None:
            return f"{self.y:04d}"
        if self.d is None:
            return f"{self.y:04d}-{self.m:02d}"
        return f"{self.y:04d}-{self.m:02d}-{self.d:02d}"

    def bg(self) -> str:
        """When, as the sentence says it: "на 3 януари 1992 година", "през април 1994 година"."""
        if self.m is None:
            return f"през {self.y} година"
        if self.d is None:
            return f"през {MONTHS_BG[self.m - 1]} {self.y} година"
        return f"на {self.d} {MONTHS_BG[self.m - 1]} {self.y} година"

    def bg_since(self) -> str:
        if self.m is None:
            return f"от {self.y} година"
        if self.d is None:
            return f"от {MONTHS_BG[self.m - 1]} {self.y} година"
        return f"от {self.d} {MONTHS_BG[self.m - 1]} {self.y} година"

    def en(self) -> str:
        if self.m is None:
            return f"in {self.y}"
        if self.d is None:
            return f"in {MONTHS_EN[self.m - 1]} {self.y}"
        return f"on {self.d} {MONTHS_EN[self.m - 1]} {self.y}"


def _date(rng: random.Random, lo: int, hi: int, precision: int) -> D:
    """precision 0: year, 1: month, 2: day."""
    y = rng.randint(lo, max(lo, hi))
    if precision == 0:
        return D(y)
    m = rng.randint(1, 12)
    return D(y, m) if precision == 1 else D(y, m, rng.randint(1, 28))


# --- the vocabulary ------------------------------------------------------------------------------

SYLLABLES = [
    ("ka", "ка"),
    ("ro", "ро"),
    ("vi", "ви"),
    ("la", "ла"),
    ("mo", "мо"),
    ("na", "на"),
    ("ste", "сте"),
    ("bu", "бу"),
    ("li", "ли"),
    ("ta", "та"),
    ("re", "ре"),
    ("dor", "дор"),
    ("san", "сан"),
    ("mar", "мар"),
    ("tel", "тел"),
    ("gu", "гу"),
    ("zi", "зи"),
    ("pe", "пе"),
    ("sha", "ша"),
    ("kor", "кор"),
    ("ben", "бен"),
    ("mi", "ми"),
    ("ra", "ра"),
    ("to", "то"),
    ("ne", "не"),
    ("va", "ва"),
    ("lo", "ло"),
    ("su", "су"),
    ("di", "ди"),
    ("fa", "фа"),
    ("go", "го"),
    ("ze", "зе"),
    ("han", "хан"),
    ("tur", "тур"),
    ("bal", "бал"),
    ("kin", "кин"),
    ("as", "ас"),
    ("or", "ор"),
    ("el", "ел"),
    ("um", "ум"),
]
STATE_ENDINGS = [
    ("ia", "ия"),
    ("stan", "стан"),
    ("land", "ландия"),
    ("ora", "ора"),
    ("ania", "ания"),
    ("ica", "ика"),
    ("eria", "ерия"),
    ("ovia", "овия"),
]
CITY_ENDINGS = [
    ("grad", "град"),
    ("polis", "полис"),
    ("ovo", "ово"),
    ("sk", "ск"),
    ("ar", "ар"),
    ("ino", "ино"),
    ("abad", "абад"),
    ("kent", "кент"),
]
FIRST_NAMES = [
    ("Aidar", "Айдар"),
    ("Boris", "Борис"),
    ("Elena", "Елена"),
    ("Marat", "Марат"),
    ("Nadia", "Надя"),
    ("Omar", "Омар"),
    ("Petar", "Петър"),
    ("Sofia", "София"),
    ("Timur", "Тимур"),
    ("Vera", "Вера"),
    ("Yusuf", "Юсуф"),
    ("Zarina", "Зарина"),
    ("Ivan", "Иван"),
    ("Leila", "Лейла"),
    ("Daniel", "Даниел"),
    ("Anna", "Ана"),
    ("Karim", "Карим"),
    ("Maria", "Мария"),
    ("Ruslan", "Руслан"),
    ("Dina", "Дина"),
]
SURNAME_ENDINGS = [
    ("ov", "ов"),
    ("ev", "ев"),
    ("enko", "енко"),
    ("ski", "ски"),
    ("yan", "ян"),
    ("ich", "ич"),
    ("i", "и"),
    ("escu", "еску"),
]

REAL_STATES = [  # id, iso2, en, bg, ru, wikidata, cities (id, en, bg), declaration of independence
    (
        "KAZ",
        "KZ",
        "Kazakhstan",
        "Казахстан",
        "Казахстан",
        "Q232",
        [("astana", "Astana", "Астана"), ("almaty", "Almaty", "Алмати"), ("uralsk", "Uralsk", "Уралск")],
        D(1991, 12, 16),
    ),
    (
        "TUR",
        "TR",
        "Turkey",
        "Турция",
        "Турция",
        "Q43",
        [("ankara", "Ankara", "Анкара"), ("istanbul", "Istanbul", "Истанбул"), ("izmir", "Izmir", "Измир")],
        D(1923, 10, 29),
    ),
    (
        "CHN",
        "CN",
        "China",
        "Китай",
        "Китай",
        "Q148",
        [("beijing", "Beijing", "Пекин"), ("shanghai", "Shanghai", "Шанхай"), ("urumqi", "Urumqi", "Урумчи")],
        D(1949, 10, 1),
    ),
    (
        "RUS",
        "RU",
        "Russia",
        "Русия",
        "Россия",
        "Q159",
        [("moscow", "Moscow", "Москва"), ("saint-petersburg", "Saint Petersburg", "Санкт Петербург"), ("omsk", "Omsk", "Омск")],
        D(1991, 12, 12),
    ),
    (
        "USA",
        "US",
        "United States",
        "Съединени американски щати",
        "Соединённые Штаты Америки",
        "Q30",
        [("washington", "Washington", "Вашингтон"), ("new-york", "New York", "Ню Йорк"), ("chicago", "Chicago", "Чикаго")],
        D(1776, 7, 4),
    ),
]
REGIONS = [
    ("central-asia", "Central Asia", "Централна Азия"),
    ("caucasus", "Caucasus", "Кавказ"),
    ("balkans", "Balkans", "Балканите"),
    ("middle-east", "Middle East", "Близкия изток"),
    ("south-asia", "South Asia", "Южна Азия"),
    ("far-east", "Far East", "Далечния изток"),
    ("chu-valley", "Chu Valley", "Чуйската долина"),
    ("north-america", "North America", "Северна Америка"),
]
WATER_BODIES = [
    ("caspian-sea", "Caspian Sea", "Каспийско море"),
    ("aral-sea", "Aral Sea", "Аралско море"),
    ("black-sea", "Black Sea", "Черно море"),
    ("issyk-kul", "Issyk-Kul", "Иссик Кул"),
]
ORGANIZATIONS = [  # id, type, en, bg, acronym en, acronym bg, part of, wikidata
    ("un", "InternationalOrganization", "United Nations", "Организация на обединените нации", "UN", "ООН", None, "Q1065"),
    (
        "osce",
        "InternationalOrganization",
        "Organization for Security and Co-operation in Europe",
        "Организация за сигурност и сътрудничество в Европа",
        "OSCE",
        "ОССЕ",
        None,
        "Q81299",
    ),
    (
        "cis",
        "InternationalOrganization",
        "Commonwealth of Independent States",
        "Общност на независимите държави",
        "CIS",
        "ОНД",
        None,
        "Q7779",
    ),
    (
        "sco",
        "InternationalOrganization",
        "Shanghai Cooperation Organisation",
        "Шанхайска организация за сътрудничество",
        "SCO",
        "ШОС",
        None,
        "Q485207",
    ),
    (
        "csto",
        "InternationalOrganization",
        "Collective Security Treaty Organization",
        "Организация на Договора за колективна сигурност",
        "CSTO",
        "ОДКС",
        None,
        None,
    ),
    (
        "nato",
        "InternationalOrganization",
        "North Atlantic Treaty Organization",
        "Организация на Северноатлантическия договор",
        "NATO",
        "НАТО",
        None,
        None,
    ),
    (
        "nacc",
        "InternationalOrganization",
        "North Atlantic Cooperation Council",
        "Северноатлантически съвет за сътрудничество",
        "NACC",
        None,
        "nato",
        None,
    ),
    (
        "oic",
        "InternationalOrganization",
        "Organisation of Islamic Cooperation",
        "Организация за ислямско сътрудничество",
        "OIC",
        "ОИС",
        None,
        None,
    ),
    (
        "turksoy",
        "InternationalOrganization",
        "TURKSOY",
        "Тюркска администрация за изкуство и култура",
        "TURKSOY",
        None,
        None,
        None,
    ),
    (
        "unodc",
        "InternationalOrganization",
        "United Nations Office on Drugs and Crime",
        "Служба на ООН по наркотиците и престъпността",
        "UNODC",
        None,
        "un",
        None,
    ),
    ("eu", "IntegrationArrangement", "European Union", "Европейски съюз", "EU", "ЕС", None, None),
    ("eaeu", "IntegrationArrangement", "Eurasian Economic Union", "Евразийски икономически съюз", "EAEU", "ЕАИС", None, None),
    ("customs-union", "IntegrationArrangement", "Customs Union", "Митнически съюз", None, None, None, None),
    ("pfp", "Programme", "Partnership for Peace", "Партньорство за мир", "PfP", None, "nato", None),
    ("tacis", "Programme", "TACIS", "Програма за техническа помощ на ОНД", "TACIS", None, "eu", None),
    ("silk-road-programme", "Programme", "Silk Road Programme", "Програма „Път на коприната“", None, None, None, None),
    ("water-programme", "Programme", "Regional Water Programme", "Регионална програма за водите", None, None, None, None),
    ("joint-trade-commission", "GovernmentBody", "Joint Trade Commission", "Съвместна търговска комисия", None, None, None, None),
    (
        "intergovernmental-commission",
        "GovernmentBody",
        "Intergovernmental Commission for Cooperation",
        "Междуправителствена комисия за сътрудничество",
        None,
        None,
        None,
        None,
    ),
    ("business-council", "GovernmentBody", "Bilateral Business Council", "Двустранен бизнес съвет", None, None, None, None),
    ("border-commission", "GovernmentBody", "Joint Border Commission", "Съвместна гранична комисия", None, None, None, None),
    (
        "red-crescent",
        "NonGovernmentalOrganization",
        "Red Crescent Society",
        "Дружество на Червения полумесец",
        None,
        None,
        None,
        None,
    ),
    (
        "silk-road-institute",
        "NonGovernmentalOrganization",
        "Silk Road Studies Institute",
        "Институт за изследване на Пътя на коприната",
        None,
        None,
        None,
        None,
    ),
    (
        "caspian-council",
        "InternationalOrganization",
        "Caspian Cooperation Council",
        "Съвет за сътрудничество в Каспийския регион",
        "CCC",
        None,
        None,
        None,
    ),
    (
        "black-sea-council",
        "InternationalOrganization",
        "Black Sea Economic Cooperation",
        "Черноморско икономическо сътрудничество",
        "BSEC",
        "ЧИС",
        None,
        None,
    ),
    (
        "asian-forum",
        "InternationalOrganization",
        "Conference on Interaction and Confidence-Building Measures in Asia",
        "Съвещание за взаимодействие и мерки за доверие в Азия",
        "CICA",
        "СВМДА",
        None,
        None,
    ),
    (
        "eco",
        "InternationalOrganization",
        "Economic Cooperation Organization",
        "Организация за икономическо сътрудничество",
        "ECO",
        None,
        None,
        None,
    ),
    ("wto", "InternationalOrganization", "World Trade Organization", "Световна търговска организация", "WTO", "СТО", None, None),
]
MEMBER_ORGS = [
    "un",
    "osce",
    "cis",
    "sco",
    "csto",
    "oic",
    "turksoy",
    "eaeu",
    "customs-union",
    "pfp",
    "nacc",
    "caspian-council",
    "black-sea-council",
    "asian-forum",
    "eco",
    "wto",
]
CHAIR_ORGS = ["osce", "cis", "sco", "csto", "oic", "asian-forum", "eco", "turksoy"]
SECRETARIES = ["un", "osce", "nato", "cis", "sco"]
BODIES = ["joint-trade-commission", "intergovernmental-commission", "business-council", "border-commission"]

MISSION_TYPES = {  # type -> (slug, bg noun, en noun)
    "Embassy": ("embassy", "посолство", "an embassy"),
    "ConsulateGeneral": ("consulate-general", "генерално консулство", "a consulate general"),
    "Consulate": ("consulate", "консулство", "a consulate"),
    "HonoraryConsulate": ("honorary-consulate", "почетно консулство", "an honorary consulate"),
    "RepresentationOffice": ("office", "представителство", "a representation office"),
}
AGREEMENT_KINDS = {  # type -> (bg, en)
    "Agreement": ("споразумение", "an agreement"),
    "Treaty": ("договор", "a treaty"),
    "Memorandum": ("меморандум за разбирателство", "a memorandum of understanding"),
    "PartnershipAgreement": ("споразумение за партньорство и сътрудничество", "a partnership and cooperation agreement"),
    "CooperationProgramme": ("програма за сътрудничество", "a cooperation programme"),
}
SUBJECTS = [
    ("търговията", "trade"),
    ("отбраната", "defence cooperation"),
    ("културата", "culture"),
    ("образованието", "education"),
    ("енергетиката", "energy"),
    ("транспорта", "transport"),
    ("туризма", "tourism"),
    ("избягването на двойното данъчно облагане", "avoidance of double taxation"),
    ("опазването на околната среда", "environmental protection"),
    ("здравеопазването", "health care"),
]
FACILITIES = [
    ("радарна станция", "radar station", "а"),
    ("космодрум", "cosmodrome", ""),
    ("военна база", "military base", "а"),
    ("изпитателен полигон", "test site", ""),
    ("логистичен център", "logistics centre", ""),
]
PUBLISHERS = [
    "RIA Novosti",
    "Jerusalem Post",
    "China Daily",
    "Gazeta.KZ",
    "Reuters",
    "BBC News",
    "Eurasianet",
    "The Diplomat",
    "Central Asia-Caucasus Analyst",
]
MEASURES = [
    "trade-value",
    "diaspora-population",
    "tourists",
    "labour-migrants",
    "cannabis-harvest",
    "drug-trafficking-cases",
    "drug-seizures",
    "states-with-relations",
    "participating-states",
]
QUALIFIERS = [
    ("approximately", "около "),
    ("more-than", "над "),
    ("at-least", "поне "),
    ("nearly", "близо "),
    ("exact", ""),
    (None, ""),
]
PERIODS = [  # id, bg, en, begins, ends (none where the words give no bounds)
    ("1990s", "90-те години", "the 1990s", "1990", "1999"),
    ("years-of-transition", "годините на прехода", "the years of transition", None, None),
]
TABLE_HEADER = "Държава Начало на официалните отношения"
TABLE_COLUMNS = ["Държава", "Начало на официалните отношения"]
NOTE_KINDS = [
    "contradiction",
    "misspelling",
    "garbled-text",
    "misplaced-section",
    "duplicate-entry",
    "implausible-date",
    "ambiguous-name",
    "untranslated-text",
    "citation-problem",
    "elided-word",
    "vague-statement",
    "inconsistency",
    "no-characterisation",
]


@dataclass
class City:
    id: str
    en: str
    bg: str
    state: str


@dataclass
class Person:
    id: str
    en: str
    bg: str
    office: str


@dataclass
class State:
    id: str
    iso2: str | None
    en: str
    bg: str
    ru: str | None = None
    wikidata: str | None = None
    spellings: list[str] = field(default_factory=list)
    identity_note: str | None = None
    contested: bool | None = None  # like the article's Palestine: disputed, so it needs its identity note
    cities: list[City] = field(default_factory=list)
    decl: D = D(1991)
    president: Person | None = None
    minister: Person | None = None

    @property
    def key(self) -> str:
        return f"state/{self.id}"


@dataclass
class Org:
    id: str
    type: str
    en: str
    bg: str
    acr_en: str | None
    acr_bg: str | None
    part_of: str | None
    wikidata: str | None


class Num(str):
    """A number, written bare in YAML."""


# --- YAML writing (by hand: fast, and the same bytes every time) ---------------------------------


def _scalar(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, Num)):
        return str(v)
    return json.dumps(str(v), ensure_ascii=False)


def _flow(v: Any) -> str:
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {_scalar(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(_scalar(x) for x in v) + "]"
    return _scalar(v)


def _record(rec: dict[str, Any], indent: str = "  ") -> str:
    lines = []
    first = True
    for k, v in rec.items():
        if v is None:
            continue
        lead = f"{indent}- " if first else f"{indent}  "
        first = False
        if k == "source":
            lines.append(f"{lead}source:")
            for p in v:
                lines.append(f"{indent}    - section: {p['section']}")
                lines.append(f"{indent}      quote: {_scalar(p['quote'])}")
                if p.get("refs"):
                    lines.append(f"{indent}      refs: {_flow(list(p['refs']))}")
                if p.get("lang"):
                    lines.append(f"{indent}      lang: {p['lang']}")
        else:
            lines.append(f"{lead}{k}: {_flow(v)}")
    return "\n".join(lines) + "\n"


def _yaml_list(key: str, records: Iterable[dict[str, Any]]) -> str:
    body = "".join(_record(r) for r in records)
    return f"{key}:\n{body}" if body else ""


# --- values for the fields the generator's own code leaves unset ----------------------------------

# Kinds whose sample is valid wherever the kind stands, so that the filler below may give one to any
# record. Dates (checked against one another), field names, sections, passages, ids and identifiers
# (ISO codes and Wikidata ids must be real and unique, never invented) need the generator's own code.
FILLABLE_KINDS = frozenset({"text", "en", "bg", "langmap", "bool", "int", "decimal", "iri", "url", "concept", "ref"})


def field_key(rt: model.RecordType, f: model.Field) -> tuple[str, str]:
    """A field as the model declares it: once for all the record types of one path (the five kinds of
    mission share their fields), and once for all facts for what every fact may carry (hedges,
    periods, implied and outside-knowledge marks). The generator must produce each such field."""
    return ("fact", f.name) if f.name in model.FACT_WIDE_FIELDS and rt.name in model.FACT_TYPES else (rt.path, f.name)


def fill_unset(records: list[tuple[str, model.RecordType, dict[str, Any]]], seed: str) -> None:
    """Give every optional field that no record has (see ``field_key``) a value, on the first record that may have it.

    The benchmark promises that every shape has work to do, and tests/test_bench.py holds it to every
    field of kzgraph/curated/model.py. A field added to the model would break that promise until someone
    taught this generator to state it; instead its kind's sample stands in (for a reference: an
    existing record of a kind the field may name), so a new simple field needs no edit here.
    ``records`` are (key "path/id", record type, record) in file order; values are seeded by the
    record type and field, so the output stays byte-identical."""
    holders: dict[tuple[str, str], list[tuple[str, model.Field, dict[str, Any]]]] = {}
    for key, rt, rec in records:
        for f in rt.fields:
            holders.setdefault(field_key(rt, f), []).append((key, f, rec))
    keys = [key for key, _, _ in records]
    for (group, name), items in holders.items():
        key, f, rec = items[0]
        if f.required or f.kind not in FILLABLE_KINDS or any(r.get(name) is not None for _, _, r in items):
            continue
        value = _sample(f, key, keys, random.Random(f"{seed}/{group}/{name}"))
        if value is not None:
            rec[name] = [value] if f.many else value


def _sample(f: model.Field, own: str, keys: list[str], rng: random.Random) -> Any:
    if f.kind == "ref":
        paths = {p for t in f.targets for p in model.PATH_ALIASES.get(t, (t,))}
        candidates = [k for k in keys if k.split("/")[0] in paths and k != own]
        return rng.choice(candidates) if candidates else None
    value = kind_of(f).sample(rng, f)
    return Num(value) if f.kind in ("int", "decimal") else value


# --- records of fact types that have no hand code here ---------------------------------------------

# The fact types the generator's own code states (in ``Generator._block`` and the code it calls, with
# sentences and values that fit one another). Every other fact type of the model, a new kind of fact,
# gets one record per block from ``Generator._generic_fact``, made from its fields alone, so that a new
# kind needs no edit here; tests/test_bench_new_kind.py adds one to the model and loads what comes out.
HAND_MADE = frozenset(
    {
        *("DiplomaticRelation", "BilateralRelation", "NoDiplomaticRelation", "NoRelationsList", "Recognition"),
        *("IndependenceDeclaration", "Embassy", "ConsulateGeneral", "Consulate", "HonoraryConsulate"),
        *("RepresentationOffice", "MissionRelocation", "NonResidentAccreditation", "Membership", "Chairmanship"),
        *("Candidacy", "Agreement", "Treaty", "Memorandum", "PartnershipAgreement", "CooperationProgramme"),
        *("Visit", "Meeting", "BorderDelimitation", "Observation", "Quotation", "Assessment"),
        *("CapitalDesignation", "PlannedMission", "ForeignFacility"),
    }
)
# What a generic record may carry: the simple kinds (``fill_unset``'s), dates drawn in the block's range,
# figures, and the article's own words (stated in the record's sentence, so they stand verbatim in it).
GENERIC_KINDS = FILLABLE_KINDS | {"date", "amount", "quote", "wording", "verbatim"}
_NUMBER_KINDS = ("int", "decimal", "amount")
_WORDS_KINDS = ("quote", "wording", "verbatim")
_WORDS = ["взаимна изгода", "дългосрочно партньорство", "по-тясно сътрудничество", "нови възможности"]
# The narrower datatypes a generic value meets: any whole number the int sample gives is positive; a
# "date" (xsd:date) needs a whole date.
_GENERIC_DATATYPES = (None, "integer", "positiveInteger", "nonNegativeInteger", "date")
# Fields a generic record leaves to others: its id, type, comment and passage are made for it, and what
# every fact may carry (hedges, periods, implied marks) is stated by the hand-made facts.
_MADE_FOR_IT = frozenset({"id", "type", "comment", "source"}) | model.FACT_WIDE_FIELDS
# Records a generic reference may name without hand code: the vocabulary, the article and the block's
# section (facts are added per type in ``generic_types``).
_NAMEABLE_PATHS = frozenset(model.ENTITY_PATHS) | {"section", "article"}


class NoGenericRecord(ValueError):
    """A new fact type has a required field that no generic value fills validly: it needs a hand generator."""


def _ref_paths(f: model.Field) -> list[str]:
    """The record paths a reference field may name, aliases (``place``) spelt out, in the model's order."""
    return list(dict.fromkeys(p for t in f.targets for p in model.PATH_ALIASES.get(t, (t,))))


def _generic_ok(f: model.Field, nameable: frozenset[str] | set[str]) -> bool:
    """Whether a generic value of ``f`` is valid wherever the field stands."""
    if f.kind not in GENERIC_KINDS or f.pattern or f.datatype not in _GENERIC_DATATYPES:
        return False
    if f.min_items > 1 and f.kind != "ref":  # one sample each: several distinct values need hand code
        return False
    return f.kind != "ref" or any(p in nameable for p in _ref_paths(f))


def generic_types() -> list[model.RecordType]:
    """The model's fact types without hand code here (``HAND_MADE``), in the model's order.

    Checked before anything is generated: a required field that no generic value can fill (a kind such
    as an identifier or a field name, a pattern, a reference to nothing the generator writes) raises
    ``NoGenericRecord`` naming the type and field, so a new kind is never silently left out."""
    nameable = set(_NAMEABLE_PATHS) | {model.FACT_TYPES[name].path for name in HAND_MADE if name in model.FACT_TYPES}
    found = []
    for name, rt in model.FACT_TYPES.items():
        if name in HAND_MADE:
            continue
        for f in rt.fields:
            if f.required and f.name not in _MADE_FOR_IT and not _generic_ok(f, nameable):
                what = f"a reference to {', '.join(f.targets)}" if f.kind == "ref" else f"kind {f.kind!r}"
                rule = f" with datatype {f.datatype}" if f.datatype not in _GENERIC_DATATYPES else ""
                rule += " with a pattern" if f.pattern else ""
                raise NoGenericRecord(
                    f"fact type {name}: required field {f.name!r} ({what}{rule}) has no value the benchmark generator "
                    f"can make from the model alone; write a hand generator for {name} in bench/generate.py "
                    "(and add it to HAND_MADE)"
                )
        found.append(rt)
        nameable.add(rt.path)  # a later new type may name this one's records
    return found


def _words_of(name: str) -> str:
    """ "CommodityTrade" -> "Commodity trade", for the English comment."""
    out = "".join(f" {c.lower()}" if c.isupper() and i else c for i, c in enumerate(name))
    return _cap(out)


# --- the generator -------------------------------------------------------------------------------


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _slug(text: str) -> str:
    out = "".join(c.lower() if c.isalnum() else "-" for c in text)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


def _thousands(n: int) -> str:
    """25000 -> "25 000", as Bulgarian texts write numbers."""
    return f"{n:,}".replace(",", " ")


class _Block:
    """One section of the article being written: its sentences, facts and notes."""

    def __init__(self, gen: Generator, section: str, refs: tuple[str, ...]):
        self.gen, self.section, self.refs = gen, section, refs
        self.paragraphs: list[list[str]] = [[]]
        self.sentence_refs: dict[str, tuple[str, ...]] = {}
        self.facts: list[dict[str, Any]] = []
        self.notes: list[dict[str, Any]] = []
        self.tables: list[dict[str, Any]] = []
        self.table_rows: list[dict[str, Any]] = []

    def say(self, text: str, cited: bool = True) -> str:
        self.paragraphs[-1].append(text)
        self.sentence_refs.setdefault(text, self.refs if cited else ())
        return text

    def line(self, text: str) -> str:
        """A line of its own (a table row)."""
        self.paragraph()
        self.say(text, cited=False)
        self.paragraph()
        return text

    def paragraph(self) -> None:
        if self.paragraphs[-1]:
            self.paragraphs.append([])

    def src(self, sentence: str, quote: str | None = None) -> dict[str, Any]:
        quote = quote or sentence
        assert quote in sentence, (quote, sentence)
        key = (self.section, quote)
        refs = self.gen.passage_refs.setdefault(key, self.sentence_refs.get(sentence, ()))
        p: dict[str, Any] = {"section": self.section, "quote": quote}
        if refs:
            p["refs"] = list(refs)
        return p

    def fact(self, path: str, base: str, type_: str, fields: dict[str, Any], comment: str, sources: list[dict[str, Any]]) -> str:
        ident = self.gen.uid(path, base)
        rec = {"id": ident, "type": type_, **fields, "comment": comment, "source": sources}
        self.facts.append(rec)
        return f"{path}/{ident}"

    def note(self, kind: str, affects: list[str], comment: str, sources: list[dict[str, Any]] | None = None) -> None:
        ident = self.gen.uid("note", f"{self.section.replace('/', '-')}-{kind}")
        # The synthetic notes' Bulgarian comment names the note's kind and section (the real ones are translations).
        comment_bg = f"Бележка от вида {kind} към раздела {self.section}."
        rec: dict[str, Any] = {"id": ident, "kind": kind, "affects": affects, "comment": comment, "comment_bg": comment_bg}
        if sources:
            rec["source"] = sources
        self.notes.append(rec)

    def text(self, heading: str | None) -> str:
        paras = [" ".join(p) for p in self.paragraphs if p]
        head = [heading] if heading else []
        return "\n\n".join(head + paras)


class Generator:
    def __init__(self, scale: float, seed: int = 0):
        if scale <= 0:
            raise ValueError("scale must be positive")
        self.scale, self.seed = scale, seed
        self.rng = random.Random(f"kzgraph-bench/{seed}")
        self.ids: dict[str, set[str]] = {}
        self.passage_refs: dict[tuple[str, str], tuple[str, ...]] = {}
        self.missions: dict[tuple[str, str, str, str | None], str] = {}
        self.relations: dict[frozenset[str], list[str]] = {}  # pair -> its diplomatic relations
        self.org_relations: set[tuple[str, str]] = set()
        self.references: list[dict[str, Any]] = []
        self.sections: list[dict[str, Any]] = []
        self.article: list[str] = []
        # facts file name -> its lists of records ("facts", "notes", "tables", "table_rows")
        self.files: dict[str, dict[str, list[dict[str, Any]]]] = {}
        self._vocabulary()

    # -- ids --
    def uid(self, path: str, base: str) -> str:
        used = self.ids.setdefault(path, set())
        ident, n = base, 1
        while ident in used:
            n += 1
            ident = f"{base}-n{n}"  # not a bare number: an id holds none of its record's values (data/README.md)
        used.add(ident)
        return ident

    # -- vocabulary --
    def _name(self, endings: list[tuple[str, str]], used: set[str], syllables: tuple[int, int] = (1, 2)) -> tuple[str, str]:
        while True:
            n = self.rng.randint(*syllables)
            parts = [self.rng.choice(SYLLABLES) for _ in range(n)]
            end = self.rng.choice(endings)
            en = ("".join(p[0] for p in parts) + end[0]).capitalize()
            bg = _cap("".join(p[1] for p in parts) + end[1])
            if en not in used and bg not in used and len(en) >= 4:
                used.add(en)
                used.add(bg)
                return en, bg

    def _vocabulary(self) -> None:
        rng = self.rng
        n_states = max(STATES_PER_UNIT, min(MAX_STATES, round(STATES_PER_UNIT * self.scale)))
        used_names: set[str] = set()
        used_ids: set[str] = set()
        used_iso2: set[str] = set()
        used_cities: set[str] = set()
        states: list[State] = []
        for sid, iso2, en, bg, ru, wd, cities, decl in REAL_STATES:
            s = State(sid, iso2, en, bg, ru, wd, decl=decl)
            s.cities = [City(c[0], c[1], c[2], sid) for c in cities]
            used_cities.update(c[0] for c in cities)
            used_names.update([en, bg] + [c[1] for c in cities] + [c[2] for c in cities])
            used_ids.add(sid)
            used_iso2.add(iso2)
            states.append(s)
        states[0].spellings = ["Казастан"]
        # A state whose identity is ambiguous, like the article's "Конго": a slug id, no ISO codes.
        vague = State(
            "old-federation",
            None,
            "Old Federation",
            "Старата федерация",
            identity_note="The text does not say which of two successor states it means; kept as one state.",
            contested=True,
        )
        used_names.update([vague.en, vague.bg])
        states.append(vague)
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        while len(states) < n_states:
            en, bg = self._name(STATE_ENDINGS, used_names, (1, 2))
            up = en.upper()
            cands = [up[:3]] + [up[0] + up[i] + up[j] for i in range(1, len(up)) for j in range(i + 1, len(up))]
            sid = next((c for c in cands if c.isalpha() and c not in used_ids), None)
            while sid is None or sid in used_ids:
                sid = "".join(rng.choice(letters) for _ in range(3))
            iso = next(
                c
                for c in [up[:2]] + [up[0] + up[i] for i in range(2, len(up))] + [a + b for a in letters for b in letters]
                if c.isalpha() and c not in used_iso2
            )
            used_ids.add(sid)
            used_iso2.add(iso)
            s = State(sid, iso, en, bg)
            if rng.random() < 0.1:  # a spelling the article uses besides the standard name
                s.spellings = [bg[:-1] + ("а" if bg[-1] != "а" else "я")]
            states.append(s)
        for s in states:
            if s.decl == D(1991) and s.id not in ("KAZ",):
                s.decl = _date(rng, 1800, 1993, rng.randint(0, 2))
            while len(s.cities) < 3:
                en, bg = self._name(CITY_ENDINGS, used_names, (1, 2))
                cid = _slug(en)
                n = 1
                while cid in used_cities:
                    n += 1
                    cid = f"{_slug(en)}-{n}"
                used_cities.add(cid)
                s.cities.append(City(cid, en, bg, s.id))
        self.states = states
        self.by_id = {s.id: s for s in states}
        self.orgs = [Org(*o) for o in ORGANIZATIONS]
        self.org_by_id = {o.id: o for o in self.orgs}
        # People and offices: a president and a foreign minister per state; heads of some organizations.
        used_people: set[str] = set()
        self.people: list[Person] = []
        self.offices: list[tuple[str, str, str, str]] = []  # id, of, en, bg
        for s in states:
            for post, en_t, bg_t in (
                ("president", "President of {}", "Президент на {}"),
                ("foreign-minister", "Minister of Foreign Affairs of {}", "Министър на външните работи на {}"),
                ("prime-minister", "Prime Minister of {}", "Министър-председател на {}"),
            ):
                self.offices.append((f"{s.id}-{post}", s.key, en_t.format(s.en), bg_t.format(s.bg)))
            real = ("nursultan-nazarbayev", "Nursultan Nazarbayev", "Нурсултан Назарбаев") if s.id == "KAZ" else None
            s.president = self._person(used_people, f"{s.id}-president", real)
            s.minister = self._person(used_people, f"{s.id}-foreign-minister")
        self.secretaries: dict[str, Person] = {}
        for oid in SECRETARIES:
            o = self.org_by_id[oid]
            self.offices.append(
                (
                    f"{oid}-secretary-general",
                    f"organization/{oid}",
                    f"Secretary General of the {o.acr_en or o.en}",
                    f"Генерален секретар на {o.acr_bg or o.bg}",
                )
            )
            self.secretaries[oid] = self._person(used_people, f"{oid}-secretary-general")
        # Pairs of states that never have diplomatic relations (the lists of "no relations yet").
        ids = [s.id for s in states]
        self.unrelated: set[frozenset[str]] = set()
        protected = {"KAZ", "TUR", "CHN", "RUS", "USA"}
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                if rng.random() < UNRELATED_SHARE and not ({a, b} <= protected):
                    self.unrelated.add(frozenset((a, b)))

    def _person(self, used: set[str], office: str, real: tuple[str, str, str] | None = None) -> Person:
        rng = self.rng
        first = rng.choice(FIRST_NAMES)
        parts = [rng.choice(SYLLABLES) for _ in range(rng.randint(1, 2))]
        end = rng.choice(SURNAME_ENDINGS)
        last_en = ("".join(p[0] for p in parts) + end[0]).capitalize()
        last_bg = _cap("".join(p[1] for p in parts) + end[1])
        en, bg = f"{first[0]} {last_en}", f"{first[1]} {last_bg}"
        if real:  # a real person, so that the stored queries' default parameters find something
            _, en, bg = real
        pid = real[0] if real else _slug(en)
        n = 1
        base = pid
        while pid in used:
            n += 1
            pid = f"{base}-{n}"
        used.add(pid)
        p = Person(pid, en, bg, office)
        self.people.append(p)
        return p

    # -- planning --
    def _plan(self) -> list[tuple[State, State]]:
        """The blocks: ordered pairs (subject, partner) of related states, as many as the scale asks."""
        base = TRIPLES_FIXED + TRIPLES_PER_STATE * len(self.states)
        n_blocks = max(len(NOTE_KINDS), round((self.scale * REAL_TRIPLES - base) / TRIPLES_PER_BLOCK))
        # Blocks that the stored queries' default parameters (KAZ, TUR, CHN, RUS, USA) look for.
        first = [
            ("KAZ", "TUR"),
            ("KAZ", "CHN"),
            ("KAZ", "RUS"),
            ("KAZ", "USA"),
            ("TUR", "KAZ"),
            ("CHN", "KAZ"),
            ("USA", "KAZ"),
            ("RUS", "KAZ"),
        ]
        pairs = [
            (a.id, b.id)
            for a in self.states
            for b in self.states
            if a.id != b.id and frozenset((a.id, b.id)) not in self.unrelated and (a.id, b.id) not in first
        ]
        if n_blocks > len(pairs) + len(first):
            raise ValueError(f"scale {self.scale} needs {n_blocks} blocks; the vocabulary allows {len(pairs) + len(first)}")
        self.rng.shuffle(pairs)
        chosen = first + pairs[: max(0, n_blocks - len(first))]
        order = {s.id: i for i, s in enumerate(self.states)}
        chosen.sort(key=lambda p: (order[p[0]], order[p[1]]))
        return [(self.by_id[a], self.by_id[b]) for a, b in chosen]

    # -- writing --
    def run(self) -> None:
        self.generic = generic_types()  # first: a kind it cannot state stops it before anything is written
        self.generic_skipped: Counter[str] = Counter()
        blocks = self._plan()
        self._lead()
        by_subject: dict[str, list[State]] = {}
        for s, p in blocks:
            by_subject.setdefault(s.id, []).append(p)
        b = 0
        for s in self.states:
            partners = by_subject.get(s.id)
            if not partners:
                continue
            top = self._top_section(s)
            lists = _lists(top)
            for p in partners:
                blk = self._block(s, p, b, top)
                for name, recs in _lists(blk).items():
                    lists[name] += recs
                b += 1
            self.files[_slug(s.id)] = lists
        self._back_matter()
        written = Counter(f["type"] for lists in self.files.values() for f in lists["facts"])
        for rt in self.generic:  # still before anything is written
            if not written[rt.name]:
                raise NoGenericRecord(
                    f"{rt.name}: no block could give it a record (a required reference names records none of which "
                    f"was written before it, in all {self.generic_skipped[rt.name]} blocks); write a hand generator "
                    "for it and add it to HAND_MADE"
                )

    def _section(self, sid: str, heading: str | None, bg: str | None, en: str, label_bg: str | None = None) -> None:
        title = {"bg": bg, "en": en} if bg else {"en": en}
        self.sections.append({"id": sid, "heading": heading, "title": title, "label": {"bg": label_bg} if label_bg else None})

    def _new_reference(self, s: State, p: State, rng: random.Random) -> str:
        rid = str(len(self.references) + 1)
        publisher = rng.choice(PUBLISHERS + [f"Ministry of Foreign Affairs of {s.en}"])
        title = rng.choice(
            [
                f"{s.en} and {p.en} sign agreements to develop relations",
                f"Brief introduction to relations between {s.en} and {p.en}",
                f"{s.en} seeks stronger ties with {p.en}",
                f"{p.en} – {s.en} relations",
            ]
        )
        ref: dict[str, Any] = {"id": rid, "text": None, "title": title, "publisher": publisher}
        text = f"{title} {publisher}"
        roll = rng.random()
        if roll < 0.3:
            first, last = rng.choice(FIRST_NAMES)[0], rng.choice(["Smith", "Eglash", "Ivanova", "Chen", "Kaya", "Novak"])
            pub = _date(rng, 1995, 2015, 2)
            acc = _date(rng, 2016, 2023, 2)
            ref.update(author=f"{last}, {first}", published=pub.iso, accessed=acc.iso)
            text = f"{last}, {first}. {title}. // {publisher}, {pub.d} {MONTHS_BG[pub.m - 1]} {pub.y}. Посетен на {acc.iso}."
        elif roll < 0.6:
            arch = _date(rng, 2005, 2020, 2)
            url = f"https://web.archive.org/web/{arch.iso.replace('-', '')}000000/http://www.mfa-{_slug(s.en)}.example/relations/{p.id.lower()}"
            ref.update(archived=arch.iso, accessed=arch.iso, archive_url=url)
            text = f"„{title}“, {publisher}, архив на оригинала от {arch.d} {MONTHS_BG[arch.m - 1]} {arch.y}, {url}, посетен {arch.d} {MONTHS_BG[arch.m - 1]} {arch.y}"
        ref["text"] = text
        self.references.append(ref)
        return rid

    def _emit(self, sid: str, heading: str | None, blk: _Block) -> None:
        self.article.append(blk.text(heading))

    def _lead(self) -> None:
        blk = _Block(self, "lead", ())
        self._section("lead", None, None, "Lead (untitled introduction)", "Въведение (без заглавие)")
        blk.say(
            "Външните отношения на държавите в тази обзорна статия се основават предимно на икономическа и политическа сигурност.",
            cited=False,
        )
        s1 = blk.say(
            "Казахстан е член на Организацията на обединените нации и на Организацията за сигурност и сътрудничество в Европа (която председателства през 2010 г.)."
        )
        blk.fact(
            "membership",
            "KAZ-in-un",
            "Membership",
            {"member": "KAZ", "organization": "un", "role": "member"},
            "Kazakhstan is a member of the United Nations (no date given).",
            [blk.src(s1, "Казахстан е член на Организацията на обединените нации")],
        )
        blk.fact(
            "membership",
            "KAZ-in-osce",
            "Membership",
            {"member": "KAZ", "organization": "osce", "role": "participant"},
            "Kazakhstan participates in the OSCE (no date given).",
            [blk.src(s1)],
        )
        chair = blk.fact(
            "membership",
            "KAZ-chair-osce",
            "Chairmanship",
            {"member": "KAZ", "organization": "osce", "role": "chair", "date": "2010", "start": "2010-01"},
            "Kazakhstan chaired the OSCE in 2010.",
            [blk.src(s1, "Организацията за сигурност и сътрудничество в Европа (която председателства през 2010 г.)")],
        )
        s2 = blk.say("Турция подкрепя кандидатурата на Казахстан за председателството на ОССЕ през 2009 година.")
        cand = blk.fact(
            "candidacy",
            "KAZ-osce-chair-candidacy",
            "Candidacy",
            {"candidate": "KAZ", "organization": "osce", "for_period": "2009", "supported_by": ["TUR"]},
            "Turkey supports Kazakhstan's candidacy for the OSCE chairmanship in 2009.",
            [blk.src(s2)],
        )
        blk.note(
            "contradiction",
            [chair, cand],
            "The candidacy is for 2009, but the chairmanship is dated 2010; both are kept as stated.",
            [blk.src(s2)],
        )
        s3 = blk.say("Европейският съюз е член на Организацията на обединените нации със статут на наблюдател.")
        blk.fact(
            "membership",
            "eu-in-un",
            "Membership",
            {"member": "organization/eu", "organization": "un", "role": "participant"},
            "The European Union takes part in the United Nations as an observer.",
            [blk.src(s3)],
        )
        self.article.append("Външна политика на държавите\n\nСинтетичен сборник за измерване на kzgraph\n\n" + blk.text(None))
        self.files["lead"] = _lists(blk)

    def _top_section(self, s: State) -> _Block:
        sid = _slug(s.id)
        heading = f"Външна политика на {s.bg}{HEADING_MARK}"
        self._section(sid, heading, f"Външна политика на {s.bg}", f"Foreign policy of {s.en}")
        blk = _Block(self, sid, ())
        blk.say(f"Външната политика на {s.bg} се основава предимно на икономическа и политическа сигурност.", cited=False)
        sent = blk.say(f"{s.bg} обявява независимостта си {s.decl.bg()}.", cited=False)
        blk.fact(
            "event",
            f"{s.id}-independence",
            "IndependenceDeclaration",
            {"state": s.id, "date": s.decl.iso},
            f"{s.en} declared independence {s.decl.en()}.",
            [blk.src(sent)],
        )
        # The header of the section's table; its rows stand in the partners' sections (as in the real article).
        header = blk.line(TABLE_HEADER)
        blk.tables.append(
            {
                "id": sid,
                "columns": TABLE_COLUMNS,
                "column_kinds": ["country", "relations-start"],
                "comment": f"The table of {s.en}'s relations: country and start of official relations.",
                "source": [blk.src(header)],
            }
        )
        self._emit(sid, heading, blk)
        return blk

    # -- one block: the relations of subject s with partner p --
    def _block(self, s: State, p: State, b: int, top: _Block) -> _Block:
        rng = random.Random(f"kzgraph-bench/{self.seed}/block/{s.id}/{p.id}")
        sid = f"{_slug(s.id)}/{_slug(p.id)}"
        heading = f"{s.bg} и {p.bg}{HEADING_MARK}"
        self._section(sid, heading, f"{s.bg} и {p.bg}", f"{s.en} and {p.en}")
        refs: tuple[str, ...] = ()
        if rng.random() < 0.45:
            refs = (self._new_reference(s, p, rng),)
        blk = _Block(self, sid, refs)
        if b == 6:  # a reference that stands in the section itself, not in the list of references
            self._new_reference(s, p, rng)
            self.references[-1]["section"] = sid
            blk.say("Вижте също: " + self.references[-1]["text"], cited=False)
            blk.paragraph()
        # The kinds of data-quality note this block shows (two per block, so that every kind
        # appears within the first eleven blocks); each forces the facts it needs.
        specials = {NOTE_KINDS[b % len(NOTE_KINDS)], NOTE_KINDS[(b + 4) % len(NOTE_KINDS)]}
        # Relations and recognitions come after both states' declarations of independence.
        lo, hi = max(s.decl.y + 1, p.decl.y + 1, 1992), 2023

        # Diplomatic relations (or bilateral relations, or a conflicting second claim).
        pair = frozenset((s.id, p.id))
        rel: str
        new_pair = pair not in self.relations
        if new_pair:
            implausible = "implausible-date" in specials and s.decl.y > 1801
            start = D(s.decl.y - 1) if implausible else _date(rng, lo, min(hi, lo + 30), b % 3)
            conflict = "contradiction" in specials and not implausible
            if conflict:  # the table and the prose disagree (the real China case)
                start = _date(rng, lo, min(hi, lo + 30), 2)
            sources = []
            row = None
            if start.d is not None:
                row = blk.line(f"{p.bg} {start.iso}")
                sources.append(blk.src(row))
            consular = b % 5 == 1
            if not conflict:
                what = "Дипломатическите и консулските отношения" if consular else "Дипломатическите отношения"
                sent = blk.say(f"{what} между {s.bg} и {p.bg} са установени {start.bg()}.")
                sources.append(blk.src(sent))
            rel_fields: dict[str, Any] = {"parties": [s.key, p.key], "start": start.iso}
            if consular and not conflict:
                rel_fields["kinds"] = ["diplomatic", "consular"]
            if b % 9 == 4:
                period = PERIODS[b % len(PERIODS)]
                during = blk.say(f"Отношенията се развиват особено бързо през {period[1]}.")
                sources.append(blk.src(during))
                rel_fields["during"] = period[0]
            rel = blk.fact(
                "relation",
                f"{s.id}-{p.id}",
                "DiplomaticRelation",
                rel_fields,
                f"Diplomatic relations between {s.en} and {p.en} were established {start.en()}"
                + (" (the table; contradicted by the prose, see note)." if conflict else "."),
                sources,
            )
            self.relations[pair] = [rel]
            if row is not None:  # top.table_rows holds the rows of the blocks before this one
                table = top.tables[0]
                blk.table_rows.append(
                    {
                        "id": f"{table['id']}-{p.id}",
                        "table": table["id"],
                        "position": Num(str(len(top.table_rows) + 1)),
                        "country": p.id,
                        "cells": [p.bg, start.iso],
                        "supports": [rel],
                        "source": [blk.src(row)],
                    }
                )
            if implausible:
                blk.note(
                    "implausible-date",
                    [rel, f"event/{s.id}-independence"],
                    f"The relations are dated {start.iso}, before {s.en} declared independence ({s.decl.iso}); kept as claimed.",
                    [blk.src(sent)],
                )
            if conflict:
                later = D(min(hi, start.y + rng.randint(1, 3)), rng.randint(1, 12))
                sent = blk.say(
                    f"Дипломатическите отношения между държавите започват с подписването на първото им споразумение {later.bg()}."
                )
                rel2 = blk.fact(
                    "relation",
                    f"{s.id}-{p.id}-prose",
                    "DiplomaticRelation",
                    {"parties": [s.key, p.key], "start": later.iso},
                    f"The prose says diplomatic relations began with the first agreement {later.en()} (see note).",
                    [blk.src(sent)],
                )
                assert row is not None
                self.relations[pair].append(rel2)
                blk.note(
                    "contradiction",
                    [rel, rel2],
                    f"The table gives {start.iso} as the start of relations of {s.en} and {p.en}; the prose says {later.iso}. Both claims are kept.",
                    [blk.src(row), blk.src(sent)],
                )
        elif b % 3 == 0:
            earlier = self.relations[pair]
            start = _date(rng, lo, hi, (b + 1) % 3)
            sent = blk.say(f"Според други източници дипломатическите отношения между {s.bg} и {p.bg} започват {start.bg()}.")
            rel = blk.fact(
                "relation",
                f"{s.id}-{p.id}-other-sources",
                "DiplomaticRelation",
                {"parties": [s.key, p.key], "start": start.iso},
                f"Other sources say diplomatic relations between {s.en} and {p.en} began {start.en()} (see note).",
                [blk.src(sent)],
            )
            blk.note(
                "contradiction",
                earlier + [rel],
                f"Two sections give different starts for the diplomatic relations of {s.en} and {p.en}; both claims are kept.",
                [blk.src(sent)],
            )
        else:
            sent = blk.say(f"Отношенията между {s.bg} и {p.bg} се развиват активно през последните години.")
            rel = blk.fact(
                "relation",
                f"{s.id}-{p.id}-ties",
                "BilateralRelation",
                {"parties": [s.key, p.key]},
                f"{s.en} and {p.en} have relations (no start date given).",
                [blk.src(sent)],
            )

        # Relations with an organization.
        if b % 8 == 3:
            org = next((o for o in ("eu", "nato", "eaeu", "osce", "un", "oic") if (s.id, o) not in self.org_relations), None)
            if org:
                self.org_relations.add((s.id, org))
                o = self.org_by_id[org]
                when = _date(rng, lo, hi, (b + 2) % 3)
                sent = blk.say(f"Дипломатическите отношения между {s.bg} и {o.bg} са установени {when.bg()}.")
                blk.fact(
                    "relation",
                    f"{s.id}-{org}",
                    "DiplomaticRelation",
                    {"parties": [s.key, f"organization/{org}"], "start": when.iso},
                    f"Relations between {s.en} and the {o.en} were established {when.en()}.",
                    [blk.src(sent)],
                )

        # Recognitions, after both declarations of independence.
        early = "implausible-date" in specials and not new_pair and s.decl.y > 1801
        if b % 2 == 0 or early:
            when = D(s.decl.y - 1) if early else _date(rng, lo, hi, 2 - b % 3)
            latest = max((x.y, x.m or 0, x.d or 0) for x in (s.decl, p.decl))
            if not early and b % 4 == 0 and latest <= (1991, 12, 16):
                when = D(1991, 12, rng.randint(16, 31))  # the first days of the new states, as in the article
            sent = blk.say(f"{p.bg} признава независимостта на {s.bg} {when.bg()}.")
            r = blk.fact(
                "recognition",
                f"{p.id}-recognizes-{s.id}",
                "Recognition",
                {"recognizer": p.id, "recognized": s.id, "date": when.iso},
                f"{p.en} recognised the independence of {s.en} {when.en()}.",
                [blk.src(sent)],
            )
            if early:
                blk.note(
                    "implausible-date",
                    [r, f"event/{s.id}-independence"],
                    f"The recognition is dated {when.iso}, before {s.en} declared independence ({s.decl.iso}); kept as claimed.",
                    [blk.src(sent)],
                )
        if b % 5 == 1:
            when = _date(rng, lo, hi, b % 3)
            sent = blk.say(f"{s.bg} от своя страна признава {p.bg} {when.bg()}.")
            blk.fact(
                "recognition",
                f"{s.id}-recognizes-{p.id}",
                "Recognition",
                {"recognizer": s.id, "recognized": p.id, "date": when.iso},
                f"{s.en} recognised {p.en} {when.en()}.",
                [blk.src(sent)],
            )
        blk.paragraph()

        # Missions.
        self._missions(blk, s, p, b, rng, specials, lo, hi)
        blk.paragraph()

        # Memberships, chairmanships, candidacies.
        self._membership(blk, s, p, b, rng, lo, hi)

        # Visits, meetings, agreements.
        visit = self._visits(blk, s, p, b, rng, specials, lo, hi)
        self._agreement(blk, s, p, b, rng, lo, hi, visit)
        blk.paragraph()

        # Borders and facilities.
        if b % 5 == 2 or b % 10 == 4:
            self._border(blk, s, p, b, rng, lo, hi, bound=b % 10 == 4)
        if b % 10 == 7 or p.id == "KAZ":
            c = p.cities[rng.randint(0, 2)]
            ftype = FACILITIES[b % len(FACILITIES)]
            sent = blk.say(f"В {c.bg} е разположен{ftype[2]} {ftype[0]} под контрола на {s.bg}.")
            blk.fact(
                "facility",
                f"{s.id}-{_slug(ftype[1])}-{p.id}-{c.id}",
                "ForeignFacility",
                {"facility_type": {"bg": ftype[0], "en": ftype[1]}, "controlled_by": s.id, "host_state": p.id, "city": c.id},
                f"A {ftype[1]} under the control of {s.en} is located in {c.en} ({p.en}).",
                [blk.src(sent)],
            )

        # Figures.
        trade_note = specials & {"misspelling", "untranslated-text"}
        for i in range(2):
            mi = 0 if i == 0 and trade_note else (2 * b + i) % len(MEASURES)
            self._observation(blk, s, p, mi, (b + i) % len(QUALIFIERS), rng, trade_note if i == 0 else set(), lo, hi)
        blk.paragraph()

        # Quotations and assessments.
        if b % 3 == 0:
            self._quotation(blk, s, p, b, rng, lo, hi, visit)
        self._assessments(blk, s, p, b, rng, specials, rel)
        self._capitals_plans_and_inconsistencies(blk, s, p, b, rng, specials, rel, lo, hi)

        # Lists of states without relations.
        if b % 4 == 1 or "duplicate-entry" in specials:
            self._no_relations(blk, s, b, rng, specials)

        if "citation-problem" in specials:
            affects = [rel]
            if refs:  # a note about a reference links it (the shapes hold a note to the references its passages cite)
                affects.append(f"reference/{refs[0]}")
                comment = f"Reference [{refs[0]}] is cited once for the whole paragraph; it cannot support every sentence."
            else:
                comment = "The paragraph cites no reference at all."
            blk.note("citation-problem", affects, comment)
        for rt in self.generic:  # new kinds of fact, from the model alone (none for today's model)
            self._generic_fact(blk, rt, s, p, lo, hi)
        self._emit(sid, heading, blk)
        return blk

    # -- a record of a fact type without hand code (see HAND_MADE) --
    def _generic_fact(self, blk: _Block, rt: model.RecordType, s: State, p: State, lo: int, hi: int) -> None:
        """One record of ``rt`` in this block, every field it can fill validly: the block's pair of states
        first, cities of the state last named, dates in the block's range, its words in its sentence.
        Seeded by the type and the block's states, so it never depends on what was written before."""
        rng = random.Random(f"kzgraph-bench/{self.seed}/generic/{rt.name}/{s.id}/{p.id}")
        nameable = _NAMEABLE_PATHS | set(model.FACT_PATHS)
        fields = [f for f in rt.fields if f.name not in _MADE_FOR_IT and _generic_ok(f, nameable)]
        dates = sorted(
            (_date(rng, lo, hi, 2 if f.datatype == "date" else rng.randint(0, 2)) for f in fields if f.kind == "date"),
            key=lambda d: (d.y, d.m or 0, d.d or 0),
        )  # given in the order the fields are declared (a start before an end)
        when, words = list(dates), _WORDS[: len([f for f in fields if f.kind in _WORDS_KINDS])]
        states, named, unsaid = [s, p], [], iter(words)  # the states to name and named (see _generic_ref), the words
        values: dict[str, Any] = {}
        for f in fields:
            if f.kind == "ref":
                value: Any = self._generic_ref(blk, f, states, named, rng)
            elif f.kind == "date":
                value = dates.pop(0).iso
            elif f.kind in _WORDS_KINDS:
                value = next(unsaid)
            else:
                value = kind_of(f).sample(rng, f)
                value = Num(value) if f.kind in _NUMBER_KINDS else value
            if value is not None:
                values[f.name] = [value] if f.many and not isinstance(value, list) else value
        if any(f.required and f.name not in values for f in fields):
            self.generic_skipped[rt.name] += 1  # a required reference to facts none of which is written yet
            return
        sentence = blk.say(
            f"Сведение от вида {rt.name} за {s.bg} и {p.bg}"
            + "".join(f", {d.bg()}" for d in when)
            + "".join(f", с думите „{w}“" for w in words)
            + "."
        )
        said = "; ".join(f"{name.replace('_', ' ')} {self._generic_en(v)}" for name, v in values.items())
        comment = f"{_words_of(rt.name)} concerning {s.en} and {p.en} (a record made from the model's fields): {said}."
        blk.fact(rt.path, f"{s.id}-{_slug(_words_of(rt.name))}-{p.id}", rt.name, values, comment, [blk.src(sentence)])

    def _generic_ref(self, blk: _Block, f: model.Field, states: list[State], named: list[State], rng: random.Random) -> Any:
        """A reference for a generic record: the block's states first (then other states), a city of the
        state last named (else of the block's partner), else existing records of a path the field may name
        (this block's facts first). ``states`` holds the states to name next, ``named`` those named."""
        paths = _ref_paths(f)
        n = max(1, f.min_items)
        bare = len(paths) == 1  # a field that names one kind of record takes the bare id, as the hand code does
        if "state" in paths:
            while len(states) < n and len(named) + len(states) < len(self.states):  # more than the block's two
                other = rng.choice(self.states)
                states.extend([other] if all(other.id != x.id for x in named + states) else [])
            picked = states[:n] or named[:n]  # every state named: name them again, in order
            del states[:n]
            named.extend(picked)
            keys = [x.id if bare else x.key for x in picked]
        elif "city" in paths:
            city = rng.choice((named or states)[-1].cities)  # nothing named yet: states is [s, p]
            keys = [city.id if bare else f"city/{city.id}"]
        else:
            pool = [(path, i) for path in paths for i in self._generic_pool(blk, path)]
            if len(pool) < n:
                return None
            keys = [i if bare else f"{path}/{i}" for path, i in rng.sample(pool, n)]
        return keys if f.many else keys[0]

    def _generic_pool(self, blk: _Block, path: str) -> list[str]:
        """The ids a generic reference to ``path`` may take: the vocabulary's, the block's section, and
        facts (this block's; else every one written so far, in sorted order)."""
        vocabulary = {
            "organization": [o.id for o in self.orgs],
            "person": [x.id for x in self.people],
            "office": [o[0] for o in self.offices],
            "period": [x[0] for x in PERIODS],
            "region": [x[0] for x in REGIONS],
            "water-body": [x[0] for x in WATER_BODIES],
            "section": [blk.section],
            "article": ["synthetic-foreign-policy"],
        }
        if path in vocabulary:
            return vocabulary[path]
        if path not in model.FACT_PATHS:
            return []
        own = [r["id"] for r in blk.facts if model.FACT_TYPES[r["type"]].path == path]
        return own or sorted(self.ids.get(path, ()))

    def _generic_en(self, value: Any) -> str:
        """A generic record's value as its English comment says it: names for states, dates as dates."""
        if isinstance(value, list):
            return " and ".join(self._generic_en(v) for v in value)
        if isinstance(value, dict):
            return str(value.get("en", ""))
        return self._names_en.get(str(value), str(value))

    @cached_property
    def _names_en(self) -> dict[str, str]:
        """The vocabulary's English names, by id and by "path/id" (for the comments of generic records)."""
        pairs = [(x.key, x.en) for x in self.states] + [(f"organization/{o.id}", o.en) for o in self.orgs]
        pairs += [(f"city/{c.id}", c.en) for x in self.states for c in x.cities]
        return {k: en for key, en in pairs for k in (key, key.split("/", 1)[1])}

    def _mission(
        self,
        blk: _Block,
        type_: str,
        sender: State,
        receiver: State,
        city: City | None,
        sentence: str,
        quote: str | None,
        comment: str,
        extra: dict[str, Any] | None = None,
    ) -> str | None:
        key = (type_, sender.id, receiver.id, city.id if city else None)
        if key in self.missions:
            return None
        slug = MISSION_TYPES[type_][0]
        base = f"{sender.id}-{slug}-{receiver.id}" + (f"-{city.id}" if city else "")
        fields: dict[str, Any] = {"sending_state": sender.id, "receiving_state": receiver.id}
        if city:
            fields["city"] = city.id
        fields.update(extra or {})
        ref = blk.fact("mission", base, type_, fields, comment, [blk.src(sentence, quote)])
        self.missions[key] = ref
        return ref

    def _missions(
        self, blk: _Block, s: State, p: State, b: int, rng: random.Random, specials: set[str], lo: int, hi: int
    ) -> None:
        cap, c1, c2 = p.cities
        kind = 0 if "elided-word" in specials else b % 5
        if kind == 3 and ("Embassy", s.id, p.id, cap.id) not in self.missions:  # opened in one city, moved to the capital
            opened, moved = _date(rng, lo, min(hi - 1, lo + 20), 1), None
            moved = D(rng.randint(opened.y + 1, max(opened.y + 1, hi)))
            sent = blk.say(f"{s.bg} открива посолство в {c1.bg} {opened.bg()}, което е преместено в {cap.bg} {moved.bg()}.")
            m = self._mission(
                blk,
                "Embassy",
                s,
                p,
                cap,
                sent,
                None,
                f"{s.en} opened an embassy in {c1.en} {opened.en()}; it moved to {cap.en} {moved.en()}.",
                {"opened": opened.iso, "opened_in": c1.id},
            )
            if m:
                blk.fact(
                    "relocation",
                    f"{m.split('/', 1)[1]}-{c1.id}-to-{cap.id}",
                    "MissionRelocation",
                    {"mission": m.split("/", 1)[1], "from_city": c1.id, "to_city": cap.id, "date": moved.iso},
                    f"The embassy of {s.en} moved from {c1.en} to {cap.en} {moved.en()}.",
                    [blk.src(sent)],
                )
        elif kind == 1:
            opened = _date(rng, lo, hi, b % 3)
            sent = blk.say(f"{s.bg} открива посолство в {cap.bg} {opened.bg()}.")
            self._mission(
                blk,
                "Embassy",
                s,
                p,
                cap,
                sent,
                None,
                f"{s.en} opened an embassy in {cap.en} {opened.en()}.",
                {"opened": opened.iso},
            )
        else:
            scap = s.cities[0]
            if "elided-word" in specials:
                sent = blk.say(f"{s.bg} има посолство в {cap.bg}, а от своя страна {p.bg} има в {scap.bg}.")
                self._mission(
                    blk, "Embassy", s, p, cap, sent, f"{s.bg} има посолство в {cap.bg}", f"{s.en} has an embassy in {cap.en}."
                )
                m = self._mission(
                    blk,
                    "Embassy",
                    p,
                    s,
                    scap,
                    sent,
                    None,
                    f"{p.en} in turn 'has in {scap.en}': the word 'embassy' is elided (see note).",
                )
                if m:
                    blk.note(
                        "elided-word",
                        [m],
                        f"'{p.en} has in {scap.en}' omits its object; by the parallel with the first clause it is an embassy.",
                        [blk.src(sent)],
                    )
            else:
                sent = blk.say(f"{s.bg} има посолство в {cap.bg}, както и {p.bg} в {scap.bg}.")
                self._mission(
                    blk, "Embassy", s, p, cap, sent, f"{s.bg} има посолство в {cap.bg}", f"{s.en} has an embassy in {cap.en}."
                )
                self._mission(blk, "Embassy", p, s, scap, sent, None, f"{p.en} likewise has an embassy in {scap.en}.")
        other = ["ConsulateGeneral", "Consulate", "HonoraryConsulate", "RepresentationOffice"][b % 4]
        if other == "RepresentationOffice":
            sent = blk.say(f"{s.bg} има представителство в {p.bg}.")
            self._mission(blk, other, s, p, None, sent, None, f"{s.en} has a representation office in {p.en} (no city given).")
        else:
            city = c1 if other != "Consulate" else c2
            noun = MISSION_TYPES[other][1]
            sent = blk.say(f"{s.bg} има {noun} в {city.bg}.")
            self._mission(blk, other, s, p, city, sent, None, f"{s.en} has {MISSION_TYPES[other][2]} in {city.en}.")
        if b % 6 == 1:  # represented in p through the embassy in a third state
            thirds = [t for t in self.states if t.id not in (s.id, p.id) and frozenset((s.id, t.id)) not in self.unrelated]
            t = thirds[rng.randrange(len(thirds))]
            tcap = t.cities[0]
            sent = blk.say(f"{s.bg} е представена в {p.bg} чрез посолството си в {tcap.bg} ({t.bg}).")
            key = ("Embassy", s.id, t.id, tcap.id)
            mission = self.missions.get(key) or self._mission(
                blk, "Embassy", s, t, tcap, sent, None, f"{s.en} has an embassy in {tcap.en} ({t.en})."
            )
            assert mission
            blk.fact(
                "accreditation",
                f"{s.id}-to-{p.id}-via-{t.id}",
                "NonResidentAccreditation",
                {"sending_state": s.id, "receiving_state": p.id, "through_mission": mission.split("/", 1)[1]},
                f"{s.en} is represented in {p.en} through its embassy in {tcap.en}, {t.en}.",
                [blk.src(sent)],
            )

    def _membership(self, blk: _Block, s: State, p: State, b: int, rng: random.Random, lo: int, hi: int) -> None:
        org_id = MEMBER_ORGS[(b + rng.randint(0, 3)) % len(MEMBER_ORGS)]
        o = self.org_by_id[org_id]
        role = ["member", "founder", "full-member", "participant"][b % 4]
        when = _date(rng, lo, hi, (b // 4) % 3)
        fields: dict[str, Any] = {"member": s.id, "organization": org_id, "role": role}
        if role == "member" and b % 8 == 0:
            end = D(rng.randint(when.y + 1, max(when.y + 1, 2024)))
            sent = blk.say(f"{s.bg} е член на {o.bg} от {when.y} до {end.y} година.")
            fields.update(start=D(when.y).iso, end=end.iso)
            comment = f"{s.en} was a member of the {o.en} from {when.y} to {end.y}."
        elif role == "member":
            sent = blk.say(f"{s.bg} е член на {o.bg} {when.bg_since()}.")
            fields["start"] = when.iso
            comment = f"{s.en} has been a member of the {o.en} since {when.iso}."
        elif role == "founder":
            sent = blk.say(f"{s.bg} е сред учредителите на {o.bg} {when.bg()}.")
            fields["start"] = when.iso
            comment = f"{s.en} was among the founders of the {o.en} {when.en()}."
        elif role == "full-member":
            sent = blk.say(f"{s.bg} става пълноправен член на {o.bg} {when.bg()}.")
            fields["date"] = when.iso
            comment = f"{s.en} became a full member of the {o.en} {when.en()}."
        else:
            sent = blk.say(f"{s.bg} участва в {o.bg}.")
            comment = f"{s.en} participates in the {o.en} (no date given)."
        blk.fact("membership", f"{s.id}-in-{org_id}", "Membership", fields, comment, [blk.src(sent)])
        if b % 9 == 4:
            org_id = CHAIR_ORGS[b % len(CHAIR_ORGS)]
            o = self.org_by_id[org_id]
            year = rng.randint(lo, hi)
            start = D(year, rng.randint(1, 12))
            sent = blk.say(f"{_cap(start.bg())} {s.bg} поема председателството на {o.bg}.")
            blk.fact(
                "membership",
                f"{s.id}-chair-{org_id}",
                "Chairmanship",
                {"member": s.id, "organization": org_id, "role": "chair", "date": str(year), "start": start.iso},
                f"{s.en} took over the chairmanship of the {o.en} {start.en()}.",
                [blk.src(sent)],
            )
        if b % 9 == 2:
            org_id = CHAIR_ORGS[(b + 3) % len(CHAIR_ORGS)]
            o = self.org_by_id[org_id]
            year = rng.randint(lo, hi)
            sent = blk.say(f"{p.bg} подкрепя кандидатурата на {s.bg} за председателството на {o.bg} през {year} година.")
            blk.fact(
                "candidacy",
                f"{s.id}-{org_id}-chair",
                "Candidacy",
                {"candidate": s.id, "organization": org_id, "for_period": str(year), "supported_by": [p.id]},
                f"{p.en} supports the candidacy of {s.en} for the chairmanship of the {o.en} in {year}.",
                [blk.src(sent)],
            )

    def _visits(
        self, blk: _Block, s: State, p: State, b: int, rng: random.Random, specials: set[str], lo: int, hi: int
    ) -> str | None:
        assert s.president and p.president and s.minister and p.minister
        visit = None
        if "vague-statement" in specials:
            y1 = rng.randint(lo, hi)
            sent = blk.say(f"През {y1} година президентите на {s.bg} и {p.bg} разменят визити.")
            v = blk.fact(
                "visit",
                f"{s.id}-{p.id}-presidents",
                "Visit",
                {"participants": [f"office/{s.id}-president", f"office/{p.id}-president"], "date": str(y1)},
                f"In {y1} the presidents of {s.en} and {p.en} exchanged visits (direction and places not stated).",
                [blk.src(sent)],
            )
            blk.note(
                "vague-statement",
                [v],
                "The text does not say who visited whom, nor where; one visit with both presidents as participants is recorded.",
                [blk.src(sent)],
            )
        if b % 3 != 2:
            when = _date(rng, lo, hi, b % 3)
            official = b % 2 == 0
            cap = p.cities[0]
            what = "прави официално посещение в" if official else "посещава"
            fields: dict[str, Any] = {
                "visitor": f"person/{s.president.id}",
                "participants": [f"person/{s.president.id}"],
                "destination": p.id,
                "city": cap.id,
            }
            if b % 6 == 4:  # a visit of two days: its start and end, and the office its visitor came in
                y, m, d1 = when.y, when.m or 1, min(when.d or 1, 26)
                sent = blk.say(
                    f"На {d1} – {d1 + 1} {MONTHS_BG[m - 1]} {y} година президентът на {s.bg} {s.president.bg} {what} {cap.bg}, {p.bg}."
                )
                fields.update(start=D(y, m, d1).iso, end=D(y, m, d1 + 1).iso, roles=[f"office/{s.id}-president"])
                when = D(y, m, d1)
            else:
                sent = blk.say(f"{_cap(when.bg())} президентът на {s.bg} {s.president.bg} {what} {cap.bg}, {p.bg}.")
                fields["date"] = when.iso
            if official:
                fields["official"] = True
            visit = blk.fact(
                "visit",
                f"{s.president.id}-to-{p.id}",
                "Visit",
                fields,
                f"President {s.president.en} of {s.en} visited {cap.en}, {p.en}, {when.en()}.",
                [blk.src(sent)],
            )
        if b % 4 == 1:
            y, m = rng.randint(lo, hi), rng.randint(1, 12)
            d1 = rng.randint(1, 26)
            city = p.cities[rng.randint(0, 2)]
            one_day = b % 8 == 5
            days_bg, days_en = (f"{d1}", f"{d1}") if one_day else (f"{d1} – {d1 + 1}", f"{d1}–{d1 + 1}")
            sent = blk.say(
                f"{s.minister.bg}, министър на външните работи на {s.bg}, се среща с {p.minister.bg}, "
                f"министър на външните работи на {p.bg}, в {city.bg} на {days_bg} {MONTHS_BG[m - 1]} {y} година."
            )
            fields = {
                "participants": [f"person/{s.minister.id}", f"person/{p.minister.id}"],
                "roles": [f"office/{s.id}-foreign-minister", f"office/{p.id}-foreign-minister"],
                "destination": p.id,
                "city": city.id,
                "official": b % 8 == 1,
            }
            if one_day:  # the guest is the one who came to the host's city
                fields.update(date=D(y, m, d1).iso, visitor=f"person/{s.minister.id}")
            else:
                fields.update(start=D(y, m, d1).iso, end=D(y, m, d1 + 1).iso)
            blk.fact(
                "meeting",
                f"{s.id}-{p.id}-foreign-ministers",
                "Meeting",
                fields,
                f"The foreign ministers of {s.en} and {p.en} met in {city.en} on {days_en} {MONTHS_EN[m - 1]} {y}.",
                [blk.src(sent)],
            )
        return visit

    def _agreement(
        self, blk: _Block, s: State, p: State, b: int, rng: random.Random, lo: int, hi: int, visit: str | None
    ) -> None:
        assert s.president and p.president
        kind = list(AGREEMENT_KINDS)[b % 5]
        subj_bg, subj_en = SUBJECTS[(b // 5 + rng.randint(0, 9)) % len(SUBJECTS)]
        when = _date(rng, lo, hi, (b + 1) % 3)
        kind_bg, kind_en = AGREEMENT_KINDS[kind]
        fields: dict[str, Any] = {"parties": [s.key, p.key]}
        if kind == "CooperationProgramme":
            sent = blk.say(f"{_cap(when.bg())} {s.bg} и {p.bg} започват {kind_bg} в областта на {subj_bg}.")
            fields["start"] = when.iso
            comment = f"{s.en} and {p.en} began {kind_en} on {subj_en} {when.en()}."
        elif b % 7 == 3:  # "an agreement was reached": a status and its date, not a signing
            sent = blk.say(f"{_cap(when.bg())} {s.bg} и {p.bg} постигат {kind_bg} в областта на {subj_bg}.")
            fields.update(status="reached", date=when.iso)
            comment = f"{s.en} and {p.en} reached {kind_en} on {subj_en} {when.en()}."
        else:
            sent = blk.say(f"{_cap(when.bg())} {s.bg} и {p.bg} подписват {kind_bg} в областта на {subj_bg}.")
            fields["signed"] = when.iso
            if visit:
                fields["signatories"] = [f"person/{s.president.id}", f"person/{p.president.id}"]
                fields["context"] = visit
            else:
                fields["signatories"] = [f"office/{s.id}-foreign-minister", f"office/{p.id}-foreign-minister"]
            comment = f"{s.en} and {p.en} signed {kind_en} on {subj_en} {when.en()}."
        fields["subject"] = subj_en
        sources = [blk.src(sent)]
        if b % 3 == 0 and "signed" in fields:
            force = D(min(2024, when.y + 1))
            sent2 = blk.say(f"Документът влиза в сила {force.bg()}.")
            fields["in_force"] = force.iso
            sources.append(blk.src(sent2))
        if b % 13 == 5:
            body = BODIES[b % len(BODIES)]
            sent3 = blk.say(f"С документа се създава {self.org_by_id[body].bg}.")
            fields["establishes"] = body
            sources.append(blk.src(sent3))
        elif b % 13 == 9:
            fields.update(
                implemented_by=BODIES[b % len(BODIES)],
                outside_fields=["implemented_by"],
                outside_knowledge="The body that carries it out is named in the agreement's text, not in the article.",
            )
        blk.fact("agreement", f"{s.id}-{p.id}-{_slug(subj_en)}", kind, fields, comment, sources)

    def _border(self, blk: _Block, s: State, p: State, b: int, rng: random.Random, lo: int, hi: int, bound: bool = False) -> None:
        status = "agreed" if bound else ["agreed", "agreed-to-begin", "unresolved"][(b // 5) % 3]
        if bound:  # the article's latest year, not a date
            y = rng.randint(lo, hi)
            sent = blk.say(f"Най-късно през {y} г. {s.bg} и {p.bg} се договарят за разграничаването на общата си граница.")
            fields = {"parties": [s.key, p.key], "status": status, "not_after": str(y)}
            comment = f"{s.en} and {p.en} agreed on the delimitation of their common border by {y} at the latest."
        elif status == "agreed":
            when = _date(rng, lo, hi, 1)
            length = rng.choice([Num(str(rng.randint(50, 3000))), Num(f"{rng.randint(50, 900)}.5")])
            sent = blk.say(
                f"{_cap(when.bg())} {s.bg} и {p.bg} се договарят за точното разграничаване на общата си граница с дължина {str(length).replace('.', ',')} километра."
            )
            fields: dict[str, Any] = {"parties": [s.key, p.key], "status": status, "length_km": length, "date": when.iso}
            comment = f"{s.en} and {p.en} agreed on the delimitation of their {length}-km common border {when.en()}."
        elif status == "agreed-to-begin":
            t = self.states[(self.states.index(p) + 1) % len(self.states)]
            if t.id == s.id:
                t = self.states[(self.states.index(p) + 2) % len(self.states)]
            y = rng.randint(lo, hi)
            sent = blk.say(
                f"Преди {y} г. {s.bg}, {p.bg} и {t.bg} са съгласни да започнат разграничаване на техните общи граници."
            )
            fields = {"parties": [s.key, p.key, t.key], "status": status, "before": str(y)}  # the article's own bound
            comment = f"Before {y} {s.en}, {p.en} and {t.en} agreed to begin delimiting their common borders."
        else:
            w = WATER_BODIES[b % len(WATER_BODIES)]
            y = rng.randint(lo, hi)
            sent = blk.say(f"След {y} година все още не е постигнато съгласие за границата с {p.bg} в {w[2]}.")
            fields = {"parties": [s.key, p.key], "status": status, "area": w[0], "not_before": str(y)}
            comment = f"No agreement has been reached on the border with {p.en} in the {w[1]} (stated for after {y})."
        blk.fact("border", f"{s.id}-{p.id}-border-{status}", "BorderDelimitation", fields, comment, [blk.src(sent)])

    def _observation(
        self, blk: _Block, s: State, p: State, mi: int, qi: int, rng: random.Random, specials: set[str], lo: int, hi: int
    ) -> None:
        measure = MEASURES[mi]
        qual, qword = QUALIFIERS[qi]
        year = rng.randint(lo, hi)
        when = D(year)
        fields: dict[str, Any] = {"measure": measure}
        extra: list[dict[str, Any]] = []
        notes: list[tuple[str, str, str]] = []
        if measure == "trade-value":
            millions = rng.randint(2, 900)
            dollars = "щастки" if "misspelling" in specials else "щатски"
            if rng.random() < 0.3:
                m1, m2 = 1, rng.randint(6, 11)
                period = f"За периода {MONTHS_BG[m1 - 1]} – {MONTHS_BG[m2 - 1]} {year} година"
                sent = blk.say(
                    f"{period} търговията между {s.bg} и {p.bg} възлиза на {qword}{millions} милиона {dollars} долара."
                )
                dates = {"start": D(year, m1).iso, "end": D(year, m2).iso}
                en_when = f"in {MONTHS_EN[m1 - 1]}–{MONTHS_EN[m2 - 1]} {year}"
            else:
                sent = blk.say(
                    f"Двустранната търговия между {s.bg} и {p.bg} през {year} година възлиза на {qword}{millions} милиона {dollars} долара."
                )
                dates = {"date": when.iso}
                en_when = f"in {year}"
            fields.update(
                value=Num(str(millions * 1_000_000)), unit="USD", qualifier=qual, area=s.key, counterpart=[p.key], **dates
            )
            comment = f"Trade between {s.en} and {p.en} {en_when}: {qword.strip() or 'exactly'} {millions} million US dollars."
            if "misspelling" in specials:
                notes.append(
                    (
                        "misspelling",
                        '"щастки" is a misspelling of "щатски" (US) in "щатски долара".',
                        f"{millions} милиона щастки долара",
                    )
                )
            if "untranslated-text" in specials:
                eng = blk.say(f"Bilateral trade between the two countries amounted to ${millions} million in {year}.")
                extra.append({**blk.src(eng), "lang": "en"})  # the article leaves it in English
                notes.append(
                    (
                        "untranslated-text",
                        "An English sentence repeating the figure is left untranslated; recorded as a second passage.",
                        eng,
                    )
                )
        elif measure == "diaspora-population":
            n = rng.randint(10, 400) * 500
            sent = blk.say(f"{_cap(qword)}{_thousands(n)} граждани на {s.bg} се самоопределят като хора с произход от {p.bg}.")
            fields.update(
                value=Num(str(n)),
                unit="person",
                qualifier=qual,
                area=s.key,
                counterpart=[p.key],
                group={"bg": f"хора с произход от {p.bg}", "en": f"people of {p.en} origin"},
            )
            comment = f"{_thousands(n)} citizens of {s.en} identify as people of {p.en} origin (no date given)."
        elif measure == "tourists":
            n = rng.randint(5, 900) * 100
            sent = blk.say(f"През {year} година туристите от {s.bg} в {p.bg} са {qword}{_thousands(n)}.")
            fields.update(
                value=Num(str(n)),
                unit="person",
                qualifier=qual,
                area=p.key,
                counterpart=[s.key],
                group={"bg": f"туристи от {s.bg}", "en": f"tourists from {s.en}"},
                date=when.iso,
            )
            comment = f"In {year} there were {_thousands(n)} tourists from {s.en} in {p.en}."
        elif measure == "labour-migrants":
            n = rng.randint(5, 900) * 100
            sent = blk.say(f"През {year} година в {s.bg} пристигат {qword}{_thousands(n)} души от {p.bg}, за да търсят работа.")
            fields.update(
                value=Num(str(n)),
                unit="person",
                qualifier=qual,
                area=s.key,
                counterpart=[p.key],
                group={"bg": f"души от {p.bg}", "en": f"people from {p.en}"},
                date=when.iso,
            )
            comment = f"In {year} {_thousands(n)} people from {p.en} came to {s.en} to look for work."
        elif measure == "cannabis-harvest":
            n = rng.randint(100, 9000)
            region = REGIONS[mi % len(REGIONS)]
            sent = blk.say(
                f"Според Службата на ООН по наркотиците и престъпността годишната реколта от канабис в {region[2]} достига {qword}{_thousands(n)} тона."
            )
            fields.update(
                value=Num(str(n)), unit="tonne", qualifier=qual, area=f"region/{region[0]}", estimated_by="organization/unodc"
            )
            comment = f"UNODC estimates the annual cannabis harvest in the {region[1]} at {n} tonnes."
        elif measure == "drug-trafficking-cases":
            n = rng.randint(50, 9000)
            sent = blk.say(f"През {year} година в {s.bg} са регистрирани {qword}{_thousands(n)} случая на трафик на наркотици.")
            fields.update(value=Num(str(n)), unit="case", qualifier=qual, area=s.key, date=when.iso)
            comment = f"In {year} {n} drug-trafficking cases were registered in {s.en}."
        elif measure == "drug-seizures":
            tonnes = f"{rng.randint(1, 90)}.{rng.randint(1, 9)}"
            sent = blk.say(f"През {year} година властите на {s.bg} конфискуват {qword}{tonnes.replace('.', ',')} тона наркотици.")
            fields.update(value=Num(tonnes), unit="tonne", qualifier=qual, area=s.key, estimated_by=s.key, date=when.iso)
            comment = f"In {year} the authorities of {s.en} seized {tonnes} tonnes of drugs."
        elif measure == "states-with-relations":
            n = rng.randint(60, 190)
            sent = blk.say(f"През {year} година {s.bg} има установени дипломатически връзки с {qword}{n} суверенни държави.")
            fields.update(value=Num(str(n)), unit="state", qualifier=qual, area=s.key, date=when.iso)
            comment = f"In {year} {s.en} had diplomatic relations with {n} sovereign states."
        else:  # participating-states
            org = self.org_by_id[MEMBER_ORGS[mi % len(MEMBER_ORGS)]]
            n = rng.randint(5, 190)
            sent = blk.say(f"През {year} година {org.bg} обединява {qword}{n} държави.")
            fields.update(value=Num(str(n)), unit="state", qualifier=qual, counterpart=[f"organization/{org.id}"], date=when.iso)
            comment = f"In {year} the {org.en} linked {n} states."
        ident = blk.fact(
            "observation",
            f"{s.id}-{p.id}-{measure}",
            "Observation",
            {k: v for k, v in fields.items() if v is not None},
            comment,
            [blk.src(sent)] + extra,
        )
        for kind, text, quote in notes:
            blk.note(
                kind,
                [ident],
                text,
                [
                    blk.src(sent, quote)
                    if quote in sent
                    else {**blk.src(quote), "lang": "en"}
                    if kind == "untranslated-text"
                    else blk.src(quote)
                ],
            )

    def _quotation(
        self, blk: _Block, s: State, p: State, b: int, rng: random.Random, lo: int, hi: int, visit: str | None
    ) -> None:
        assert s.president
        texts = [
            "Нивото на търговия между нашите държави не задоволява нито една от двете страни",
            f"{p.bg} е наш стратегически партньор в региона",
            f"Ние се надяваме това да е началото на период на засилени инвестиции от {p.bg} в {s.bg}",
            f"Отношенията между {s.bg} и {p.bg} никога не са били по-добри",
            "Сътрудничеството ни в областта на енергетиката ще продължи да се разширява",
        ]
        texts_en = [
            "The level of trade between our states satisfies neither side",
            f"{p.en} is our strategic partner in the region",
            f"We hope this is the beginning of a period of increased investment from {p.en} in {s.en}",
            f"Relations between {s.en} and {p.en} have never been better",
            "Our cooperation in energy will continue to widen",
        ]
        text, text_en = texts[(b // 3) % len(texts)], texts_en[(b // 3) % len(texts)]
        when = D(rng.randint(lo, hi))
        sent = blk.say(f"{_cap(when.bg())} президентът на {s.bg} {s.president.bg} заявява: „{text}“.")
        fields: dict[str, Any] = {
            "speaker": f"person/{s.president.id}",
            "speaker_office": f"{s.id}-president",
            "date": when.iso,
            "text": text,
            "text_en": text_en,
        }
        if visit and b % 2 == 0:
            fields["context"] = visit
        blk.fact(
            "quotation",
            f"{s.president.id}-on-{p.id}",
            "Quotation",
            fields,
            f"President {s.president.en} of {s.en} on relations with {p.en}, {when.en()}.",
            [blk.src(sent)],
        )

    def _assessments(self, blk: _Block, s: State, p: State, b: int, rng: random.Random, specials: set[str], rel: str) -> None:
        choices = [
            (
                f"Отношенията между {s.bg} и {p.bg} се развиват положително в областта на търговията.",
                [rel, s.key, p.key],
                None,
                f"Relations between {s.en} and {p.en} develop positively in trade.",
            ),
            (
                f"{p.bg} счита {s.bg} за бързо растящ пазар за своите стоки.",
                [s.key],
                p.key,
                f"{p.en} considers {s.en} a fast-growing market for its goods.",
            ),
            (
                "Взаимовръзките между двете държави са силни, особено в политическата и икономическата сфера.",
                [rel, s.key, p.key],
                None,
                "Ties between the two states are strong, especially in politics and the economy.",
            ),
        ]
        # what each sentence calls what it evaluates, in its own words (issue 19)
        judged = [
            ([rel], ["developing", "positive"], ["се развиват положително"]),
            ([s.key], ["market", "growing"], ["бързо растящ пазар"]),
            ([rel], ["strong"], ["са силни"]),
        ]
        text, about, by, comment = choices[b % 3]
        evaluates, characterisations, wording = judged[b % 3]
        sent = blk.say(text)
        fields: dict[str, Any] = {
            "about": about,
            "evaluates": evaluates,
            "characterisations": characterisations,
            "wording": wording,
        }
        if b % 3 == 2:  # "особено в политическата и икономическата сфера"
            fields.update(hedges=["especially"], sectors=["politics", "economy"])
        if by:
            fields["by"] = by
        if b % 4 == 0:
            fields["date"] = str(rng.randint(1995, 2023))
        blk.fact("assessment", f"{s.id}-{p.id}-assessment", "Assessment", fields, comment, [blk.src(sent)])
        if "garbled-text" in specials:
            sent = blk.say(
                f"Без никакви съмнения, в чест на сътрудничеството на {s.bg} и {p.bg} се символизира успехът на двете страни."
            )
            a = blk.fact(
                "assessment",
                f"{s.id}-{p.id}-cooperation-symbolizes-success",
                "Assessment",
                {
                    "about": [rel, s.key, p.key],
                    "evaluates": [rel],
                    "characterisations": ["success"],
                    "wording": ["се символизира успехът"],
                },
                f"The cooperation of {s.en} and {p.en} symbolizes the success of both.",
                [blk.src(sent)],
            )
            blk.note(
                "garbled-text",
                [a],
                "'в чест на сътрудничеството ... се символизира успехът' is a clumsy rendering; the evident meaning is kept.",
                [blk.src(sent, "в чест на сътрудничеството")],
            )
        if "misplaced-section" in specials:
            t = self.states[(self.states.index(s) + 7) % len(self.states)]
            if t.id in (s.id, p.id):
                t = self.states[(self.states.index(s) + 11) % len(self.states)]
            sent = blk.say(f"{t.bg} също развива търговията си с региона.")
            a = blk.fact(
                "assessment",
                f"{t.id}-trade-with-region",
                "Assessment",
                {
                    "about": [t.key],
                    "evaluates": [t.key],
                    "characterisations": ["developing"],
                    "wording": ["развива търговията си"],
                },
                f"{t.en} also develops its trade with the region.",
                [blk.src(sent)],
            )
            blk.note(
                "misplaced-section",
                [a],
                f"The sentence is about {t.en}, not about {s.en} and {p.en}; it stands in the wrong section.",
                [blk.src(sent)],
            )
        if "ambiguous-name" in specials:
            sent = blk.say("В текста се споменава и „Републиката“, без да се уточнява коя държава се има предвид.")
            a = blk.fact(
                "assessment",
                f"{s.id}-{p.id}-unnamed-republic",
                "Assessment",
                {
                    "about": [s.key, "state/old-federation"],
                    "evaluates": ["state/old-federation"],
                    "label": {"en": "An unnamed republic", "bg": "Неназована република"},
                },
                "The text mentions 'the Republic' without saying which state it means.",
                [blk.src(sent)],
            )
            blk.note("no-characterisation", [a], "The sentence names a state; it characterises nothing.")
            blk.note(
                "ambiguous-name",
                [a, "state/old-federation"],
                "'Републиката' may mean more than one state; it is taken to be the Old Federation.",
                [blk.src(sent)],
            )

    def _capitals_plans_and_inconsistencies(
        self, blk: _Block, s: State, p: State, b: int, rng: random.Random, specials: set[str], rel: str, lo: int, hi: int
    ) -> None:
        """A capital named in passing, a mission a state plans (announced at a date the text implies), and
        statements that do not fit together, as the real article has them."""
        assert p.minister
        if b % 5 == 2:
            cap = p.cities[0]
            sent = blk.say(f"Делегацията на {s.bg} пристига в {cap.bg}, столицата на {p.bg}.")
            blk.fact(
                "capital",
                f"{p.id}-{cap.id}",
                "CapitalDesignation",
                {"city": cap.id, "state": p.id},
                f"{cap.en} is the capital of {p.en}.",
                [blk.src(sent, f"{cap.bg}, столицата на {p.bg}")],
            )
        if b % 7 == 3:
            when = D(rng.randint(lo, hi), rng.randint(1, 12))
            blk.say(f"{_cap(when.bg())} министърът на външните работи на {p.bg} посещава {s.bg}.")
            sent = blk.say(f"Той обявява, че {p.bg} обмисля откриване на посолство в {s.bg}.")
            blk.fact(
                "planned-mission",
                f"{p.id}-embassy-{s.id}",
                "PlannedMission",
                {
                    "sending_state": p.id,
                    "receiving_state": s.id,
                    "mission_type": "embassy",
                    "considered_by": p.key,
                    "announced_by": f"person/{p.minister.id}",
                    "date": when.iso,
                    "implied_fields": ["date"],
                    "implied_from": "The announcement follows the sentence on the minister's visit, which gives the date.",
                },
                f"{p.en} considers opening an embassy in {s.en}, as its foreign minister announced.",
                [blk.src(sent)],
            )
        if "inconsistency" in specials:
            sent = blk.say(f"Отношенията между {s.bg} и {p.bg} са обтегнати на моменти.")
            a = blk.fact(
                "assessment",
                f"{s.id}-{p.id}-strained-at-times",
                "Assessment",
                {
                    "about": [rel, s.key, p.key],
                    "hedges": ["at-times"],
                    "evaluates": [rel],
                    "characterisations": ["strained"],
                    "wording": ["обтегнати на моменти"],
                },
                f"Relations between {s.en} and {p.en} are strained at times.",
                [blk.src(sent)],
            )
            blk.note(
                "inconsistency",
                [rel, a],
                "The section calls the relations strained at times, yet describes them as they are "
                "established and developing; both are kept as written.",
                [blk.src(sent)],
            )

    def _no_relations(self, blk: _Block, s: State, b: int, rng: random.Random, specials: set[str]) -> None:
        pool = sorted((t for t in self.states if frozenset((s.id, t.id)) in self.unrelated), key=lambda t: t.id)
        if len(pool) < 2:
            return
        rng.shuffle(pool)
        entries = pool[: rng.randint(2, min(12, len(pool)))]
        names = [t.bg for t in entries]
        positions = {t.id: [i + 1] for i, t in enumerate(entries)}
        dup = None
        if "duplicate-entry" in specials or b % 16 == 5:
            dup = entries[0]
            names.insert(min(4, len(names)), dup.bg)
            positions = {}
            for i, n in enumerate(names):
                t = next(t for t in entries if t.bg == n)
                positions.setdefault(t.id, []).append(i + 1)
        exhaustive = b % 3 == 0
        listed = ", ".join(names[:-1]) + " и " + names[-1] if exhaustive else ", ".join(names) + " и други"
        sent = blk.say(f"{s.bg} все още няма установен дипломатически контакт със страни като {listed}.")
        lst = blk.fact(
            "list",
            f"{s.id}-no-relations",
            "NoRelationsList",
            {"subject": s.id, "entries": len(names), "exhaustive": exhaustive},
            f"{s.en} has not yet established diplomatic contact with the {len(names)} states listed"
            + ("." if exhaustive else " 'and others'; the list is not exhaustive."),
            [blk.src(sent)],
        )
        list_id = lst.split("/", 1)[1]
        dup_key = None
        for t in entries:
            pos = positions[t.id]
            k = blk.fact(
                "no-relation",
                f"{list_id}-{t.id}",
                "NoDiplomaticRelation",
                {"parties": [s.key, t.key], "list": list_id, "positions": pos},
                f"{s.en} has no diplomatic relations yet with {t.en} (list position {', '.join(map(str, pos))}).",
                [blk.src(sent)],
            )
            if dup is not None and t.id == dup.id:
                dup_key = k
        if dup_key:
            blk.note("duplicate-entry", [dup_key, lst], f"{dup.en} is listed twice; both places are kept.", [blk.src(sent)])

    def _back_matter(self) -> None:
        heading = f"Източници{HEADING_MARK}"
        self._section("references", heading, "Източници", "References")
        lines = [heading] + [r["text"] for r in self.references if not r.get("section")]
        self.article.append("\n\n".join(lines))
        self.literature = [
            {
                "id": "bukkvoll-astanas-privatized-independence",
                "text": "Bukkvoll, Tor. Astana's privatized independence: private and national interests in the foreign policy of Nursultan Nazarbayev. // Nationalities Papers 32 (3). DOI:10.1080/0090599042000246424. с. 631 – 650.",
                "title": "Astana's privatized independence: private and national interests in the foreign policy of Nursultan Nazarbayev",
                "author": "Bukkvoll, Tor",
                "container": "Nationalities Papers 32 (3)",
                "journal": "Nationalities Papers",
                "volume": "32",
                "issue": "3",
                "pages": "631–650",
                "doi": "10.1080/0090599042000246424",
            },
            {
                "id": "shiryayev-grossmaechte",
                "text": "Shiryayev, Boris. Großmächte auf dem Weg zur neuen Konfrontation?. Das „Great Game“ am Kaspischen Meer. Hamburg, Verlag Dr. Kovac, 2008. ISBN 978-3-8300-3749-1.",
                "title": "Großmächte auf dem Weg zur neuen Konfrontation?",
                "subtitle": "Das „Great Game“ am Kaspischen Meer",
                "author": "Shiryayev, Boris",
                "publisher": "Verlag Dr. Kovac",
                "place": "Hamburg",
                "published": "2008",
                "isbn": "978-3-8300-3749-1",
            },
        ]
        heading = f"Литература{HEADING_MARK}"
        self._section("literature", heading, "Литература", "Literature")
        self.article.append("\n\n".join([heading] + [e["text"] for e in self.literature]))

    # -- output --
    def write(self, out: Path) -> dict[str, Any]:
        out = Path(out)
        if out.exists():
            shutil.rmtree(out)
        data = out / "data"
        for sub in ("entities", "facts", "article"):
            (data / sub).mkdir(parents=True, exist_ok=True)
        text = "\n\n".join(self.article) + "\n"
        _check_headings([s["heading"] for s in self.sections if s["heading"]], text)
        (data / "article" / "synthetic-foreign-policy.bg.txt").write_text(text, encoding="utf-8")
        entities = self._entities()
        self._fill_unset(entities)
        (data / "sources.yaml").write_text(self._sources_yaml(), encoding="utf-8")
        for name, (comment, lists) in entities.items():
            body = "".join(_yaml_list(key, recs) for key, recs in lists.items())
            (data / "entities" / f"{name}.yaml").write_text(f"# {comment} (kzgraph benchmark).\n" + body, encoding="utf-8")
        for name, lists in self.files.items():
            head = f"# Synthetic facts of the section {name!r} (kzgraph benchmark, scale {self.scale}, seed {self.seed}).\n"
            body = "".join(_yaml_list(key, lists[key]) for key in ("facts", "notes", "tables", "table_rows"))
            (data / "facts" / f"{name}.yaml").write_text(head + body, encoding="utf-8")
        for part in ("ontology", "queries"):
            shutil.copytree(REPO / part, out / part, ignore=shutil.ignore_patterns("__pycache__"))
        stats = self.stats()
        (out / "generated.json").write_text(json.dumps(stats, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return stats

    def stats(self) -> dict[str, Any]:
        types: Counter[str] = Counter()
        kinds: Counter[str] = Counter()
        for lists in self.files.values():
            types.update(f["type"] for f in lists["facts"])
            kinds.update(n["kind"] for n in lists["notes"])
        return {
            "scale": self.scale,
            "seed": self.seed,
            "states": len(self.states),
            "sections": len(self.sections),
            "references": len(self.references),
            "facts": sum(types.values()),
            "notes": sum(kinds.values()),
            "fact_types": dict(sorted(types.items())),
            # blocks that gave a new kind no record: its required reference had nothing to name there yet
            "generic_blocks_skipped": dict(sorted(self.generic_skipped.items())),
            "note_kinds": dict(sorted(kinds.items())),
            "article_chars": sum(len(a) for a in self.article),
        }

    def _sources_yaml(self) -> str:
        out = [
            "# The synthetic article, its sections (with their headings as they stand in the article),",
            "# its references and its literature (kzgraph benchmark).",
            f"fact_files: [{', '.join(sorted(self.files))}]",
            "article:",
            "  id: synthetic-foreign-policy",
            "  title: Външна политика на държавите",
            "  subtitle: Синтетичен сборник за измерване на kzgraph",
            "  language: bg",
            "  publisher: kzgraph benchmark",
            "  url: https://w3id.org/kzgraph/bench/synthetic-foreign-policy",
            "  license: https://creativecommons.org/licenses/by-sa/4.0/",
            '  as_of: "2024-12-31"  # no generated date is later (the latest: 2024)',
            "",
            "# the version the copied ontology states (its owl:versionInfo must say the same)",
            "release:",
            f'  version: "{_release_version()}"',
            "",
            "sections:",
        ]
        cited = self._cited_sections()
        for s in self.sections:
            parts = [f"id: {s['id']}"]
            if s["heading"]:
                parts.append(f"heading: {_scalar(s['heading'])}")
            parts.append(f"title: {_flow(s['title'])}")
            if s["id"] not in cited:  # the loader wants every section cited by a fact file, or declared so
                parts.append("facts: none")
            if s.get("label"):
                parts.append(f"label: {_flow(s['label'])}")
            out.append("  - {" + ", ".join(parts) + "}")
        out.append("")
        text = "\n".join(out) + "\n"
        if self.references:
            text += _yaml_list("references", self.references) + "\n"
        text += _yaml_list("literature", self.literature)
        return text

    def _cited_sections(self) -> set[str]:
        """Every section a fact or note cites, with the sections it belongs to."""
        cited: set[str] = set()
        for lists in self.files.values():
            for rec in [r for recs in lists.values() for r in recs]:
                for passage in rec.get("source") or []:
                    parts = passage["section"].split("/")
                    cited.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
        return cited

    def _entities(self) -> dict[str, tuple[str, dict[str, list[dict[str, Any]]]]]:
        """The entity files: name -> (what it holds, its lists of records by key)."""
        states = []
        for s in self.states:
            labels = {"bg": s.bg, "en": s.en}
            if s.ru:
                labels["ru"] = s.ru
            states.append(
                {
                    "id": s.id,
                    "iso2": s.iso2,
                    "labels": labels,
                    "article_spellings": s.spellings or None,
                    "wikidata": s.wikidata,
                    "identity_note": s.identity_note,
                    "contested": s.contested,
                }
            )
        places: list[dict[str, Any]] = []
        for s in self.states:
            for c in s.cities:
                places.append({"id": c.id, "type": "City", "state": s.id, "labels": {"bg": c.bg, "en": c.en}})
        for rid, en, bg in REGIONS:
            places.append({"id": rid, "type": "Region", "labels": {"bg": bg, "en": en}})
        for wid, en, bg in WATER_BODIES:
            places.append({"id": wid, "type": "WaterBody", "labels": {"bg": bg, "en": en}})
        orgs = []
        for o in self.orgs:
            acr = {k: v for k, v in (("bg", o.acr_bg), ("en", o.acr_en)) if v}
            orgs.append(
                {
                    "id": o.id,
                    "type": o.type,
                    "labels": {"bg": o.bg, "en": o.en},
                    "acronyms": acr or None,
                    "part_of": o.part_of,
                    "wikidata": o.wikidata,
                }
            )
        people = [{"id": p.id, "labels": {"bg": p.bg, "en": p.en}, "holds": [p.office]} for p in self.people]
        offices = [{"id": i, "of": of, "labels": {"bg": bg, "en": en}} for i, of, en, bg in self.offices]
        periods = [
            {"id": i, "labels": {"bg": bg, "en": en}, "begins": begins, "ends": ends} for i, bg, en, begins, ends in PERIODS
        ]
        return {
            "states": ("Synthetic states", {"states": states}),
            "places": ("Synthetic cities, regions and water bodies", {"places": places}),
            "organizations": ("Organizations", {"organizations": orgs}),
            "people": ("Synthetic people and offices", {"people": people, "offices": offices}),
            "periods": ("Periods the synthetic article names in words", {"periods": periods}),
        }

    def _fill_unset(self, entities: dict[str, tuple[str, dict[str, list[dict[str, Any]]]]]) -> None:
        """Every record with its key and record type, in file order, through ``fill_unset``."""
        records: list[tuple[str, model.RecordType, dict[str, Any]]] = []
        for _, lists in entities.values():
            for key, recs in lists.items():
                for rec in recs:
                    rt = model.ENTITY_TYPES[key]
                    path = model.PLACE_TYPES[rec["type"]] if key == "places" else rt.path
                    records.append((f"{path}/{rec['id']}", rt, rec))
        for lists in self.files.values():
            for rec in lists["facts"]:
                rt = model.FACT_TYPES[rec["type"]]
                records.append((f"{rt.path}/{rec['id']}", rt, rec))
            records += [(f"note/{rec['id']}", model.NOTE, rec) for rec in lists["notes"]]
            for key in ("tables", "table_rows"):
                rt = model.TABLE_TYPES[key]
                records += [(f"{rt.path}/{rec['id']}", rt, rec) for rec in lists[key]]
        fill_unset(records, f"kzgraph-bench/{self.seed}/fill")


def _lists(blk: _Block) -> dict[str, list[dict[str, Any]]]:
    return {"facts": blk.facts, "notes": blk.notes, "tables": blk.tables, "table_rows": blk.table_rows}


def _check_headings(headings: list[str], text: str) -> None:
    """Each heading must stand exactly once in the article, so a section's text is well defined.

    Running text never contains HEADING_MARK, so a heading can only be found at the end of a
    heading line: it stands once when it is not the end of another heading (checked on the reversed
    strings, where "end of" becomes "prefix of" and prefixes sort next to what they prefix)."""
    assert text.count(HEADING_MARK) == len(headings), "the heading mark occurs outside headings"
    assert len(set(headings)) == len(headings), "two sections have the same heading"
    rev = sorted(h[::-1] for h in headings)
    for a, b in zip(rev, rev[1:], strict=False):
        assert not b.startswith(a), f"heading {a[::-1]!r} is the end of {b[::-1]!r}"


def generate(out: Path, scale: float = 1, seed: int = 0) -> dict[str, Any]:
    """Write a synthetic project of about ``scale`` times the real data to ``out``; return its statistics."""
    gen = Generator(scale, seed)
    gen.run()
    return gen.write(Path(out))


def _release_version() -> str:
    """The release version of this checkout's sources, which the copied ontology states."""
    from kzgraph.core.yamlread import read_yaml

    return str(read_yaml((REPO / "data" / "sources.yaml").read_text(encoding="utf-8"))["release"]["version"])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    p.add_argument("--scale", type=float, default=1.0, help="about how many times the real data (default 1)")
    p.add_argument("--out", required=True, help="project directory to write (replaced if it exists)")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    scale = int(args.scale) if args.scale == int(args.scale) else args.scale
    try:
        stats = generate(Path(args.out), scale, args.seed)
    except NoGenericRecord as exc:  # a new kind of fact the model alone cannot fill: say which, write nothing
        print(f"{p.prog}: error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(stats, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
