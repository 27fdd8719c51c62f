"""The controlled vocabularies of the curated files: each YAML slug and the ontology individual it names.

A concept field of :mod:`kzgraph.curated.model` names its scheme here; the loader accepts exactly these slugs
and the converter writes ``kzo:`` plus the local name. Kept apart from the record types so that the
model's table of fields stays readable; :mod:`kzgraph.curated.model` re-exports both names.
"""

from __future__ import annotations

from .judgement_terms import SCHEMES

# --- Controlled vocabularies: slug in YAML -> individual of the ontology -------------------------
CONCEPTS: dict[str, dict[str, str]] = {
    "role": {
        "member": "memberRole",
        "founder": "founderRole",
        "full-member": "fullMemberRole",
        "participant": "participantRole",
        "chair": "chairRole",
    },
    "measure": {
        "trade-value": "tradeValue",
        "diaspora-population": "diasporaPopulation",
        "tourists": "tourists",
        "labour-migrants": "labourMigrants",
        "cannabis-harvest": "cannabisHarvest",
        "drug-trafficking-cases": "drugTraffickingCases",
        "drug-seizures": "drugSeizures",
        "states-with-relations": "statesWithRelations",
        "participating-states": "participatingStates",
    },
    "unit": {"USD": "unitUSD", "tonne": "unitTonne", "person": "unitPerson", "case": "unitCase", "state": "unitState"},
    "qualifier": {
        "exact": "exactly",
        "approximately": "approximately",
        "at-least": "atLeast",
        "more-than": "moreThan",
        "nearly": "nearly",
    },
    "border-status": {"agreed-to-begin": "agreedToBegin", "agreed": "agreed", "unresolved": "unresolved"},
    "relation-kind": {"diplomatic": "diplomaticRelations", "consular": "consularRelations"},
    "column-kind": {"country": "countryColumn", "relations-start": "relationsStartColumn", "notes": "notesColumn"},
    "mission-type": {
        "embassy": "Embassy",
        "consulate-general": "ConsulateGeneral",
        "consulate": "Consulate",
        "honorary-consulate": "HonoraryConsulate",
        "office": "RepresentationOffice",
    },
    "agreement-status": {
        "signed": "signedStatus",
        "reached": "reachedStatus",
        "in-force": "inForceStatus",
        "begun": "begunStatus",
    },
    "hedge": {"mainly": "mainly", "especially": "especially", "rather": "rather", "at-times": "atTimes"},
    "quantifier": {"several": "several", "a-number-of": "aNumberOf", "unstated": "unstatedNumber"},
    "sector": {
        "oil": "oilSector",
        "energy": "energySector",
        "defence": "defenceSector",
        "trade": "tradeSector",
        "strategic-affairs": "strategicAffairs",
        "politics": "politicalSphere",
        "economy": "economicSphere",
        "education": "educationSphere",
    },
    "note-kind": {
        "contradiction": "contradiction",
        "misspelling": "misspelling",
        "garbled-text": "garbledText",
        "misplaced-section": "misplacedSection",
        "duplicate-entry": "duplicateEntry",
        "implausible-date": "implausibleDate",
        "ambiguous-name": "ambiguousName",
        "untranslated-text": "untranslatedText",
        "citation-problem": "citationProblem",
        "elided-word": "elidedWord",
        "vague-statement": "vagueStatement",
        "inconsistency": "inconsistency",
        "no-characterisation": "noCharacterisation",
    },
    # the article's judgements: what it calls a relation, in which respect, how it runs over time
    **{name: {slug: term.local for slug, term in terms.items()} for name, (terms, _) in SCHEMES.items()},
}

# Units that count whole things (people, cases, states) take xsd:integer, the others (money, mass) xsd:decimal; the ontology types them kzo:CountingUnit and a SHACL rule keeps both in step.
COUNTING_UNITS = frozenset({"person", "case", "state"})
