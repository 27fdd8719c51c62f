"""Readable English and Bulgarian labels for fact nodes, made from the fact's own fields.

A fact node without a label shows up in every browser and query result as a bare IRI; with one,
"Embassy of Kazakhstan in Baku (Azerbaijan)" tells the reader what it is. Labels are derived from
curated fields only, so they never say more than the data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..curated import model
from ..curated.judgement_terms import SCHEMES
from ..curated.load import Dataset, Record

MISSION_NAMES = {
    "Embassy": ("Embassy", "Посолство"),
    "ConsulateGeneral": ("Consulate general", "Генерално консулство"),
    "Consulate": ("Consulate", "Консулство"),
    "HonoraryConsulate": ("Honorary consulate", "Почетно консулство"),
    "RepresentationOffice": ("Office", "Представителство"),
}
AGREEMENT_NAMES = {
    "Agreement": ("Agreement", "Споразумение"),
    "Treaty": ("Treaty", "Договор"),
    "Memorandum": ("Memorandum", "Меморандум"),
    "PartnershipAgreement": ("Partnership agreement", "Споразумение за партньорство"),
    "CooperationProgramme": ("Cooperation programme", "Програма за сътрудничество"),
}
ROLE_NAMES = {
    "member": ("member of", "член на"),
    "founder": ("founder of", "учредител на"),
    "full-member": ("full member of", "пълноправен член на"),
    "participant": ("participant in", "участник в"),
    "chair": ("chair of", "председател на"),
}
MEASURE_NAMES = {
    "trade-value": ("trade", "търговия"),
    "diaspora-population": ("population group", "население"),
    "tourists": ("tourists", "туристи"),
    "labour-migrants": ("labour migrants", "трудови мигранти"),
    "cannabis-harvest": ("cannabis harvest", "реколта от канабис"),
    "drug-trafficking-cases": ("drug-trafficking cases", "случаи на трафик на наркотици"),
    "drug-seizures": ("drugs seized", "конфискувани наркотици"),
    "states-with-relations": ("states with diplomatic relations", "държави с дипломатически отношения"),
    "participating-states": ("participating states", "държави участнички"),
}

# Units as a label writes them after a number: a Bulgarian label keeps to Bulgarian words.
UNIT_NAMES = {
    "USD": ("US dollars", "щатски долара"),
    "tonne": ("tonnes", "тона"),
    "person": ("persons", "души"),
    "case": ("cases", "случая"),
    "state": ("states", "държави"),
}


# A hedge as a label writes it around the characterisation: (before, after), English then Bulgarian.
HEDGE_WORDS = {
    "mainly": (("mainly ", ""), ("главно ", "")),
    "especially": (("especially ", ""), ("особено ", "")),
    "rather": (("rather ", ""), ("по-скоро ", "")),
    "at-times": (("", " at times"), ("", " на моменти")),
}
# Hedges the article puts on the respects rather than on the characterisation ("силни, особено в
# политическата ... сфери"): a label writes them inside the aspects' brackets.
ASPECT_HEDGES = frozenset({"especially"})


class _Namer:
    def __init__(self, ds: Dataset, lang: str):
        self.ds, self.lang, self.i = ds, lang, 0 if lang == "en" else 1

    def __call__(self, key: Any) -> str:
        if not key:
            return "?"
        rec = self.ds.records.get(key)
        if rec is None:
            return key
        labels = rec.values.get("labels") or rec.values.get("name")
        if labels:
            return labels.get(self.lang) or labels.get("en") or rec.id
        return _label(rec, self.ds, self.lang) if rec.path in _TEMPLATES else rec.id

    def pick(self, pair: tuple[str, str]) -> str:
        """The English or the Bulgarian word of ``pair``, by the namer's language."""
        return pair[self.i]

    def when(self, rec: Record, *names: str) -> str:
        """The first of ``names`` the record has, as `` (value)`` for a label's parenthesis; empty when it has none."""
        for n in names:
            if rec.values.get(n) is not None:
                return f" ({rec.values[n]})"
        return ""


def _mission(r: Record, n: _Namer) -> str:
    v = r.values
    where = n(v.get("city")) + ", " if v.get("city") else ""
    prep = (" in ", " в ")[n.i]
    return f"{n.pick(MISSION_NAMES[r.type])} {('of ', 'на ')[n.i]}{n(v['sending_state'])}{prep}{where}{n(v['receiving_state'])}"


def _relation(r: Record, n: _Namer) -> str:
    a, b = (n(k) for k in r.values["parties"])
    head = {
        "DiplomaticRelation": ("Diplomatic relations", "Дипломатически отношения"),
        "BilateralRelation": ("Relations", "Отношения"),
        "NoDiplomaticRelation": ("No diplomatic relations", "Без дипломатически отношения"),
    }[r.type]
    return f"{n.pick(head)} {a} – {b}{n.when(r, 'start')}"


_TEMPLATES: dict[str, Callable[[Record, _Namer], str]] = {
    "mission": _mission,
    "relation": _relation,
    "no-relation": _relation,
    "list": lambda r, n: (
        n.pick(("States with no diplomatic relations with ", "Държави без дипломатически отношения с ")) + n(r.values["subject"])
    ),
    "recognition": lambda r, n: (
        f"{n(r.values['recognizer'])} {n.pick(('recognises', 'признава'))} {n(r.values['recognized'])}{n.when(r, 'date')}"
    ),
    "event": lambda r, n: (
        f"{n.pick(('Declaration of independence of', 'Обявяване на независимостта на'))} {n(r.values['state'])}{n.when(r, 'date')}"
    ),
    "relocation": lambda r, n: (
        f"{n(r.values['mission'])}: {n(r.values['from_city'])} → {n(r.values['to_city'])}{n.when(r, 'date')}"
    ),
    "accreditation": lambda r, n: (
        f"{n(r.values['sending_state'])} → {n(r.values['receiving_state'])} {n.pick(('through', 'чрез'))} {n(r.values['through_mission'])}"
    ),
    "membership": lambda r, n: (
        f"{n(r.values['member'])}, {n.pick(ROLE_NAMES[r.values['role']])} {n(r.values['organization'])}{n.when(r, 'start', 'date')}"
    ),
    "candidacy": lambda r, n: (
        f"{n.pick(('Candidacy of', 'Кандидатура на'))} {n(r.values['candidate'])}: {n(r.values['organization'])}{n.when(r, 'for_period')}"
    ),
    "agreement": lambda r, n: (
        f"{n.pick(AGREEMENT_NAMES[r.type])}: {', '.join(n(p) for p in r.values.get('parties') or [])}{n.when(r, 'signed', 'in_force', 'start')}"
    ),
    "visit": lambda r, n: (
        f"{n.pick(('Visit', 'Посещение'))}: {n(r.values.get('visitor')) if r.values.get('visitor') else ', '.join(n(p) for p in r.values.get('participants') or [])}"
        f"{' → ' + n(r.values['destination']) if r.values.get('destination') else ''}{n.when(r, 'date', 'start')}"
    ),
    "meeting": lambda r, n: (
        f"{n.pick(('Meeting', 'Среща'))}: {', '.join(n(p) for p in r.values.get('participants') or [])}{n.when(r, 'date', 'start')}"
    ),
    "border": lambda r, n: (
        f"{n.pick(('Border delimitation', 'Разграничаване на граница'))}: {', '.join(n(p) for p in r.values['parties'])}{n.when(r, 'date', 'not_after')}"
    ),
    "observation": lambda r, n: (
        f"{n.pick(MEASURE_NAMES[r.values['measure']])}: {r.values['value']} {n.pick(UNIT_NAMES[r.values['unit']])}{n.when(r, 'date', 'start')}"
    ),
    "quotation": lambda r, n: f"{n.pick(('Quotation of', 'Цитат на'))} {n(r.values['speaker'])}{n.when(r, 'date')}",
    "assessment": lambda r, n: _assessment(r, n),
    "capital": lambda r, n: f"{n(r.values['city'])}, {n.pick(('capital of', 'столица на'))} {n(r.values['state'])}",
    "planned-mission": lambda r, n: (
        f"{n.pick(('Planned', 'Планирано'))} {n.pick(MISSION_NAMES[model.CONCEPTS['mission-type'][r.values['mission_type']]]).lower()} "
        f"{('of ', 'на ')[n.i]}{n(r.values['sending_state'])}{(' in ', ' в ')[n.i]}{n(r.values['receiving_state'])}{n.when(r, 'date')}"
    ),
    "facility": lambda r, n: (
        f"{r.values['facility_type'].get(n.lang) or r.values['facility_type'].get('en')}{', ' + n(r.values['city']) if r.values.get('city') else ''}"
    ),
}


def _assessment(r: Record, n: _Namer) -> str:
    """What is judged and what it is called, whole: "Relations Kazakhstan – Russia: strained". A label
    is never cut; the full English statement is the fact's kzo:statement, the quote its passage's."""
    v = r.values
    subject = " / ".join(n(k) for k in v.get("evaluates") or v.get("about") or [])
    said = ", ".join(n.pick(_term("characterisation", c)) for c in v.get("characterisations") or [])
    hedges = v.get("hedges") or []
    for hedge in (h for h in hedges if h not in ASPECT_HEDGES):  # "rather good", "strained at times"
        before, after = HEDGE_WORDS[hedge][n.i]
        said = f"{before}{said}{after}" if said else said
    aspects = ", ".join(n.pick(_term("aspect", a)) for a in v.get("aspects") or [])
    for hedge in (h for h in hedges if h in ASPECT_HEDGES and aspects):  # "strong, especially in politics"
        aspects = HEDGE_WORDS[hedge][n.i][0] + aspects
    if aspects:
        said += f" ({aspects})"
    if v.get("aspiration"):
        said = n.pick(("sought: ", "желано: ")) + said
    if v.get("by"):
        said += f" ({n(v['by'])})"
    return f"{subject}: {said}" if said else subject


def _term(scheme: str, slug: str) -> tuple[str, str]:
    term = SCHEMES[scheme][0][slug]
    return term.en, term.bg


def _label(rec: Record, ds: Dataset, lang: str) -> str:
    return _TEMPLATES[rec.path](rec, _Namer(ds, lang))


def fact_labels(rec: Record, ds: Dataset) -> dict[str, str]:
    """``{"en": …, "bg": …}`` for a fact record."""
    if rec.path not in _TEMPLATES:
        return {}
    curated = rec.values.get("name") or (rec.values.get("label") if rec.path == "assessment" else None)
    if curated:  # a fact the article names (a treaty), or a judgement its curator named: that is its label
        return {lang: curated[lang] for lang in ("en", "bg") if lang in curated}
    return {lang: _label(rec, ds, lang) for lang in ("en", "bg")}
