"""What the curated files may say: every record type, its fields, and the RDF term each field becomes.

This table is the single source of truth for three things that must agree: the loader's checks,
the JSON Schema that editors use (``kzgraph schema`` writes it to ``data/schema/``), and the
converter's mapping to the ontology. Adding a field means adding one line here (its kind, from :mod:`kzgraph.curated.fieldkinds`, brings the rest).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .concepts import CONCEPTS, COUNTING_UNITS  # noqa: F401 (re-exported: callers ask the model for them)
from .geofields import GEO_FIELDS

# A field's kind (date, int, ref, langmap, quote, …) says what its values are at every stage: how they
# are read and checked, what JSON Schema and error hint they get, what RDF term they become. The
# kinds are defined once, in :mod:`kzgraph.curated.fieldkinds`; this table names a kind for each field.


@dataclass(frozen=True)
class Field:
    """One field of a record type: its kind, the predicate it becomes, and what the loader and the shapes demand of it."""

    name: str
    kind: str
    predicate: str | None = None  # "prefix:local"; None when the converter handles the field itself
    required: bool = False
    many: bool = False
    targets: tuple[str, ...] = ()  # for kind "ref": allowed record paths (see PATHS)
    scheme: str = ""  # for kind "concept"
    min_items: int = 0
    max_items: int | None = None
    doc: str = ""
    datatype: str | None = None  # the XSD datatype (local name) when narrower than the kind's, e.g. positiveInteger
    pattern: str | None = None  # what the text must match beyond its kind (the shapes' sh:pattern, the same text)


@dataclass(frozen=True)
class RecordType:
    """A kind of curated record: the ontology class of its records, their IRI path segment, its fields."""

    name: str  # the ontology class local name, e.g. "Embassy"
    path: str  # the IRI path segment, e.g. "mission"
    fields: tuple[Field, ...]
    extra_classes: tuple[str, ...] = field(default=())
    # A fact's derived label, (English, Bulgarian): a template over its own fields, which kzgraph/pipeline/labels.py
    # fills ("{type} of {sending_state}", "[ ({date})]" left out without a date); None for the other records.
    label: tuple[str, str] | None = None


# Paths of entity records and the ones of fact records; a reference names one of these.
ENTITY_PATHS = ("state", "organization", "city", "region", "water-body", "person", "office", "period")
AGENTS = ("state", "organization")
PLACES = ("city", "region", "water-body")
EVENTS = ("visit", "meeting", "event")
FACT_PATHS = (
    "relation",
    "no-relation",
    "list",
    "recognition",
    "event",
    "mission",
    "relocation",
    "accreditation",
    "membership",
    "candidacy",
    "agreement",
    "visit",
    "meeting",
    "border",
    "observation",
    "quotation",
    "assessment",
    "facility",
    "capital",
    "planned-mission",
)
SOURCE_PATHS = ("section", "reference", "literature", "article")
TABLE_PATHS = ("table", "table-row")
ANY = ENTITY_PATHS + FACT_PATHS + ("note",) + SOURCE_PATHS + TABLE_PATHS
# Shorthand a curator may write in front of an id: ``place/almaty`` means whichever place it is.
PATH_ALIASES = {"place": PLACES, "entity": ENTITY_PATHS}

# The controlled vocabularies (slug in YAML -> individual of the ontology): kzgraph/curated/concepts.py, re-exported here.

LANGS = ("bg", "en", "ru", "kk")

# --- Fields shared by many record types -----------------------------------------------------------
ID = Field("id", "id", required=True, doc="a stable slug, the last part of the IRI")
TYPE = Field("type", "type", required=True)
SOURCE = Field("source", "source", required=True, many=True, min_items=1, doc="passages of the article this record comes from")
COMMENT = Field(
    "comment", "en", "rdfs:comment", doc="what the quote says, in English; a fact's whole statement (kzo:statement), never cut"
)
LABELS = Field("labels", "langmap", None, required=True, doc="names: bg and en required, ru and kk where certain")
SPELLINGS = Field(
    "article_spellings",
    "text",
    "skos:hiddenLabel",
    many=True,
    doc="spellings the article uses that differ from the label (often misspellings)",
)
ACRONYMS = Field("acronyms", "langmap", "kzo:acronym", doc="short names by language (OSCE, UK): search finds them")
WIKIDATA = Field("wikidata", "wikidata", "owl:sameAs", doc="a confirmed Wikidata item id")
GEO = tuple(Field(n, k, p, doc=d) for n, k, p, d in GEO_FIELDS)  # a city's place on the map (kzgraph/curated/geofields.py)
IDENTITY_NOTE = Field("identity_note", "en", "kzo:identityNote", doc="what is uncertain about the identity")
CONTESTED = Field(
    "contested", "bool", "kzo:recognitionContested", doc="statehood or recognition disputed (Palestine): needs an identity_note"
)


def _date(name: str, predicate: str | None, doc: str = "") -> Field:
    return Field(name, "date", predicate, doc=doc)


DATE = _date("date", "kzo:date", "when it happened")
START = _date("start", "kzo:startDate", "when it began")
END = _date("end", "kzo:endDate", "when it ended")


def _ref(
    name: str,
    predicate: str | None,
    targets: tuple[str, ...],
    required: bool = False,
    many: bool = False,
    min_items: int = 0,
    max_items: int | None = None,
    doc: str = "",
) -> Field:
    return Field(
        name, "ref", predicate, required=required, many=many, targets=targets, min_items=min_items, max_items=max_items, doc=doc
    )


# Qualifiers any fact may carry: the article's hedges ("главно", "по-скоро"), the sectors or fields it
# names ("в петролния сектор", "в областта на отбраната"), and a period it names instead of a date.
QUALIFIERS = (
    Field(
        "hedges",
        "concept",
        "kzo:hedge",
        many=True,
        min_items=1,
        scheme="hedge",
        doc='how the article hedges the claim ("главно", "по-скоро")',
    ),
    Field(
        "sectors",
        "concept",
        "kzo:sector",
        many=True,
        min_items=1,
        scheme="sector",
        doc="the sectors, fields or spheres the article names for it",
    ),
    Field(
        "quantifier",
        "concept",
        "kzo:quantifier",
        scheme="quantifier",
        doc='how many the article says in words only ("няколко", "редица"): the node stands for that many, not one',
    ),
    Field(
        "during",
        "ref",
        "kzo:duringPeriod",
        targets=("period",),
        doc="a period the article names in words instead of a date (a period id)",
    ),
)


def _marked(fields: tuple[Field, ...]) -> tuple[Field, ...]:
    """What marks values that the article does not state in so many words: values implied by its
    context, and links taken from outside knowledge. Each says where it comes from, and may name the
    fields it marks (the names of this record type's own fields; none named: the whole fact)."""
    names = ("type", *(f.name for f in fields if f.predicate))
    return (
        Field(
            "implied_from",
            "en",
            "kzo:impliedFrom",
            doc="what in the article implies the fact or the values named in implied_fields",
        ),
        Field(
            "implied_fields",
            "fieldname",
            "kzo:impliedProperty",
            many=True,
            min_items=1,
            targets=names,
            doc="the fields whose values are implied (left out: the whole fact is implied)",
        ),
        Field(
            "outside_knowledge",
            "en",
            "kzo:outsideKnowledge",
            doc="what the values named in outside_fields rest on, since the article does not state them",
        ),
        Field(
            "outside_fields",
            "fieldname",
            "kzo:outsideKnowledgeProperty",
            many=True,
            min_items=1,
            targets=names,
            doc="the fields whose values come from outside knowledge, not from the article",
        ),
    )


# The names of what every fact may carry (declared once above, for all fact types).
FACT_WIDE_FIELDS = frozenset(f.name for f in (*QUALIFIERS, *_marked(())))


def _fact(name: str, path: str, *fields: Field, label: tuple[str, str], extra: tuple[str, ...] = ()) -> RecordType:
    fields = (*fields, *QUALIFIERS)
    return RecordType(name, path, (ID, TYPE, *fields, *_marked(fields), COMMENT, SOURCE), extra, label)


_RELATION = (
    _ref(
        "parties", "kzo:party", AGENTS, required=True, many=True, min_items=2, max_items=2, doc="the two states or organizations"
    ),
    START,
    Field(
        "kinds",
        "concept",
        "kzo:relationKind",
        many=True,
        min_items=1,
        scheme="relation-kind",
        doc="what the article says the relations are: diplomatic, consular (where it says more than the type)",
    ),
    _ref(
        "established_by",
        "kzo:establishedBy",
        ("agreement", "recognition"),
        doc="the agreement or recognition the article says the relations began with or resulted from",
    ),
    _ref("context", "kzo:context", EVENTS, doc="the event during which the relations were established"),
)
_CONTEXT = _ref("context", "kzo:context", EVENTS, doc="the visit, meeting or event it happened during")
_MISSION = (
    _ref("sending_state", "kzo:sendingState", ("state",), required=True),
    _ref("receiving_state", "kzo:receivingState", ("state",), required=True),
    _ref("city", "kzo:city", ("city",), doc="where it is, when the article says"),
    Field("opened", "date", "kzo:openingDate", doc="when it was opened"),
    _ref("opened_in", "kzo:openingCity", ("city",), doc="the city it was opened in, when it has moved since"),
)
_AGREEMENT = (
    _ref("parties", "kzo:party", AGENTS, many=True, doc="the states or organizations it binds"),
    _ref(
        "signatories",
        "kzo:signatory",
        ("person", "office", "state", "organization"),
        many=True,
        doc="who signed it: a person where the article names one, else the office",
    ),
    Field(
        "status",
        "concept",
        "kzo:agreementStatus",
        scheme="agreement-status",
        doc="what the article says happened to it: signed, reached, in-force, begun",
    ),
    Field("signed", "date", "kzo:signingDate", doc="when it was signed"),
    Field("in_force", "date", "kzo:entryIntoForceDate", doc="when it entered into force"),
    START,
    Field("date", "date", "kzo:date", doc="the date of a status with no date field of its own, such as reached"),
    Field("subject", "en", "kzo:subject", doc="what it is about"),
    _ref("establishes", "kzo:establishes", ("organization",), doc="the organization it sets up"),
    _ref("implemented_by", "kzo:implementedBy", ("organization",), doc="the organization that carries it out"),
    _CONTEXT,
    Field("name", "langmap", None, doc="the agreement's name, where the article names it (bg and en): its label"),
)
_EVENT = (
    _ref(
        "participants",
        "kzo:participant",
        ("person", "office", "state", "organization"),
        required=True,
        many=True,
        min_items=1,
        doc="who took part: a person where the article names one, the office only where it names none",
    ),
    _ref(
        "roles",
        "kzo:inRole",
        ("office",),
        many=True,
        min_items=1,
        doc="the offices the named people took part in, such as office/KAZ-president",
    ),
    _ref("visitor", "kzo:visitor", ("person", "office", "state"), doc="who visited"),
    _ref("destination", "kzo:destination", ("state",), doc="the state visited"),
    _ref("city", "kzo:city", ("city",), doc="where it took place"),
    DATE,
    START,
    END,
    Field("official", "bool", "kzo:isOfficial", doc="whether the article calls it official"),
)
_MEMBERSHIP = (
    _ref("member", "org:member", AGENTS, required=True),
    _ref("organization", "org:organization", ("organization",), required=True),
    Field(
        "role",
        "concept",
        "org:role",
        required=True,
        scheme="role",
        doc="member, founder, full-member, participant or chair; only the first three make the member a member",
    ),
    _ref(
        "together_with",
        "kzo:togetherWith",
        AGENTS,
        many=True,
        min_items=1,
        doc="the states the article names as acting with the member",
    ),
    START,
    DATE,
    END,
)

ASSESSMENT_LABEL = Field(
    "label", "langmap", None, doc="a short, complete name (bg and en); left out, made from characterisation and subject"
)

# A judgement of the article: what it evaluates, in which respect, with which words, and whose view it
# is. Left without ``by``, it is the article's own voice (the converter links the article node).
_ASSESSMENT = (
    _ref("about", "kzo:about", ANY, required=True, many=True, min_items=1, doc="every entity or fact the sentence involves"),
    _ref(
        "evaluates",
        "kzo:evaluates",
        ENTITY_PATHS + FACT_PATHS,
        required=True,
        many=True,
        min_items=1,
        doc="what the judgement is about: a relation, state, organization, programme, agreement or region",
    ),
    Field(
        "characterisations",
        "concept",
        "kzo:characterisation",
        many=True,
        min_items=1,
        scheme="characterisation",
        doc="what the article calls it (strained, strong, first …); without one, a no-characterisation note must say why",
    ),
    Field(
        "wording",
        "wording",
        "kzo:wording",
        many=True,
        min_items=1,
        doc='its words for the characterisation, one phrase each ("обтегнати на моменти")',
    ),
    Field(
        "aspects",
        "concept",
        "kzo:aspect",
        many=True,
        min_items=1,
        scheme="aspect",
        doc="the respects the article names (economic, political, security …)",
    ),
    Field(
        "trend",
        "concept",
        "kzo:trend",
        scheme="trend",
        doc="how the text says it runs over time: continuing, increasing, changing",
    ),
    Field(
        "among",
        "en",
        "kzo:comparedAmong",
        many=True,
        min_items=1,
        doc='what a "first", "largest" or "main" ranks it among, in English (post-Soviet states)',
    ),
    Field(
        "aspiration",
        "bool",
        "kzo:isAspiration",
        doc="true when the characterisation is what someone seeks, hopes or works for, not what the article says it is",
    ),
    Field(
        "unattributed",
        "bool",
        "kzo:isUnattributed",
        doc='true when the article reports the view without saying whose it is ("са определяни като")',
    ),
    _ref(
        "by",
        "kzo:assessedBy",
        AGENTS + ("person", "office"),
        doc="whose view it is, when the article names someone; left out, the article's own voice",
    ),
    DATE,
    ASSESSMENT_LABEL,
)

# Labels shared by the record types of one shape (kzgraph/pipeline/labels.py: {field} its words, [...] left out without them).
_RELATION_LABEL = ("{type} {parties: – }[ ({start})]",) * 2
_MISSION_LABEL = (
    "{type} of {sending_state} in [{city}, ]{receiving_state}",
    "{type} на {sending_state} в [{city}, ]{receiving_state}",
)
_MEMBERSHIP_LABEL = ("{member}, {role} {organization}[ ({start|date})]",) * 2
_AGREEMENT_LABEL = ("{type}[: {parties}][ ({signed|in_force|start})]",) * 2

FACT_TYPES: dict[str, RecordType] = {
    t.name: t
    for t in [
        _fact("DiplomaticRelation", "relation", *_RELATION, label=_RELATION_LABEL),
        _fact("BilateralRelation", "relation", *_RELATION, label=_RELATION_LABEL),
        _fact(
            "NoDiplomaticRelation",
            "no-relation",
            _ref("parties", "kzo:party", ("state",), required=True, many=True, min_items=2, max_items=2),
            _ref("list", "kzo:inList", ("list",), required=True),
            Field(
                "positions",
                "int",
                "kzo:listPosition",
                required=True,
                many=True,
                min_items=1,
                datatype="positiveInteger",
                doc="the places, from 1, at which the list names the pair",
            ),
            label=("{type} {parties: – }",) * 2,
        ),
        _fact(
            "NoRelationsList",
            "list",
            _ref("subject", "kzo:listSubject", ("state",), required=True),
            Field(
                "entries",
                "int",
                "kzo:entryCount",
                required=True,
                datatype="nonNegativeInteger",
                doc="how many states the list names",
            ),
            Field("exhaustive", "bool", "kzo:isExhaustive", required=True, doc="whether the article says the list is complete"),
            label=("States with no diplomatic relations with {subject}", "Държави без дипломатически отношения с {subject}"),
        ),
        _fact(
            "Recognition",
            "recognition",
            _ref("recognizer", "kzo:recognizingState", ("state",), required=True),
            _ref("recognized", "kzo:recognizedState", ("state",), required=True),
            DATE,
            label=("{recognizer} recognises {recognized}[ ({date})]", "{recognizer} признава {recognized}[ ({date})]"),
        ),
        _fact(
            "IndependenceDeclaration",
            "event",
            _ref("state", "kzo:declaringState", ("state",), required=True),
            Field("date", "date", "kzo:date", required=True),
            label=("Declaration of independence of {state}[ ({date})]", "Обявяване на независимостта на {state}[ ({date})]"),
        ),
        *(
            _fact(name, "mission", *_MISSION, label=_MISSION_LABEL)
            for name in ("Embassy", "ConsulateGeneral", "Consulate", "HonoraryConsulate", "RepresentationOffice")
        ),
        _fact(
            "MissionRelocation",
            "relocation",
            _ref("mission", "kzo:relocatedMission", ("mission",), required=True),
            _ref("from_city", "kzo:fromCity", ("city",), required=True),
            _ref("to_city", "kzo:toCity", ("city",), required=True),
            DATE,
            label=("{mission}: {from_city} → {to_city}[ ({date})]",) * 2,
        ),
        _fact(
            "NonResidentAccreditation",
            "accreditation",
            _ref("sending_state", "kzo:accreditingState", ("state",), required=True),
            _ref("receiving_state", "kzo:accreditedTo", ("state",), required=True),
            _ref(
                "through_mission",
                "kzo:throughMission",
                ("mission",),
                required=True,
                doc="the mission in a third state that serves it",
            ),
            label=(
                "{sending_state} → {receiving_state} through {through_mission}",
                "{sending_state} → {receiving_state} чрез {through_mission}",
            ),
        ),
        _fact("Membership", "membership", *_MEMBERSHIP, label=_MEMBERSHIP_LABEL),
        _fact("Chairmanship", "membership", *_MEMBERSHIP, label=_MEMBERSHIP_LABEL),
        _fact(
            "Candidacy",
            "candidacy",
            _ref("candidate", "kzo:candidate", AGENTS, required=True),
            _ref("organization", "kzo:candidacyFor", ("organization",), required=True),
            Field("for_period", "date", "kzo:forPeriod", doc="the year or term it is a candidacy for"),
            _ref("supported_by", "kzo:supportedBy", AGENTS, many=True, doc="who the article says supports it"),
            label=(
                "Candidacy of {candidate}: {organization}[ ({for_period})]",
                "Кандидатура на {candidate}: {organization}[ ({for_period})]",
            ),
        ),
        *(
            _fact(name, "agreement", *_AGREEMENT, label=_AGREEMENT_LABEL)
            for name in ("Agreement", "Treaty", "Memorandum", "PartnershipAgreement", "CooperationProgramme")
        ),
        _fact(
            "Visit",
            "visit",
            *_EVENT,
            label=(
                "Visit: {visitor|participants}[ → {destination}][ ({date|start})]",
                "Посещение: {visitor|participants}[ → {destination}][ ({date|start})]",
            ),
        ),
        _fact(
            "Meeting",
            "meeting",
            *_EVENT,
            label=("Meeting: {participants}[ ({date|start})]", "Среща: {participants}[ ({date|start})]"),
        ),
        _fact(
            "BorderDelimitation",
            "border",
            _ref("parties", "kzo:party", AGENTS, required=True, many=True, min_items=2),
            Field(
                "status",
                "concept",
                "kzo:borderStatus",
                required=True,
                scheme="border-status",
                doc="agreed-to-begin, agreed or unresolved",
            ),
            Field("length_km", "decimal", "kzo:borderLengthKm", doc="the length of the delimited border in kilometres"),
            _ref("area", "kzo:area", PLACES, doc="the place the delimitation concerns, such as a sea"),
            DATE,
            Field("before", "date", "kzo:before", doc='the article\'s own bound: "Преди 2005 г." is "2005"'),
            Field("not_after", "date", "kzo:notAfter", doc="the latest it can have been, from the article's words"),
            Field("not_before", "date", "kzo:notBefore", doc="the earliest it can have been, from the article's words"),
            label=(
                "Border delimitation: {parties}[ ({date|not_after})]",
                "Разграничаване на граница: {parties}[ ({date|not_after})]",
            ),
        ),
        _fact(
            "Observation",
            "observation",
            Field("measure", "concept", "kzo:measure", required=True, scheme="measure", doc="what the figure measures"),
            Field("value", "amount", "kzo:value", required=True, doc="the figure as the article gives it"),
            Field("unit", "concept", "kzo:unit", required=True, scheme="unit"),
            Field(
                "qualifier",
                "concept",
                "kzo:valueQualifier",
                scheme="qualifier",
                doc="how the article hedges the figure (about, at least, more than, nearly)",
            ),
            _ref("area", "kzo:refArea", AGENTS + PLACES, doc="where the figure is counted"),
            _ref(
                "counterpart", "kzo:counterpart", AGENTS, many=True, doc="the other side of a figure between two, such as trade"
            ),
            Field("group", "langmap", "kzo:populationGroup", doc="the people counted, such as Armenians ({bg, en})"),
            _ref("estimated_by", "kzo:estimatedBy", AGENTS + ("person", "office"), doc="who the article says gives the figure"),
            DATE,
            START,
            END,
            label=("{measure}: {value} {unit}[ ({date|start})]",) * 2,
        ),
        _fact(
            "Quotation",
            "quotation",
            _ref("speaker", "kzo:speaker", AGENTS + ("person", "office"), required=True, doc="who said it"),
            _ref("speaker_office", "kzo:speakerOffice", ("office",), doc="the office the speaker spoke in"),
            Field("text", "quote", "kzo:quotedText", required=True, doc="the words quoted, verbatim in Bulgarian"),
            Field("text_en", "en", "kzo:quotedTextRendering", required=True, doc="the curators' English of the words quoted"),
            DATE,
            _CONTEXT,
            label=("Quotation of {speaker}[ ({date})]", "Цитат на {speaker}[ ({date})]"),
        ),
        _fact("Assessment", "assessment", *_ASSESSMENT, label=("{evaluates: / }[: {judgement()}]",) * 2),
        _fact(
            "CapitalDesignation",
            "capital",
            _ref("city", "kzo:capitalCity", ("city",), required=True),
            _ref("state", "kzo:capitalOfState", ("state",), required=True),
            label=("{city}, capital of {state}", "{city}, столица на {state}"),
        ),
        _fact(
            "PlannedMission",
            "planned-mission",
            _ref("sending_state", "kzo:missionPlannedBy", ("state",), required=True),
            _ref("receiving_state", "kzo:missionPlannedIn", ("state",), required=True),
            Field("mission_type", "concept", "kzo:plannedMissionType", required=True, scheme="mission-type"),
            _ref("considered_by", "kzo:consideredBy", AGENTS, doc="who is considering it"),
            _ref("announced_by", "kzo:announcedBy", ("person", "office") + AGENTS, doc="who announced it"),
            Field("date", "date", "kzo:date", doc="the date of the announcement"),
            _CONTEXT,
            label=(
                "Planned {mission_type!l} of {sending_state} in {receiving_state}[ ({date})]",
                "Планирано {mission_type!l} на {sending_state} в {receiving_state}[ ({date})]",
            ),
        ),
        _fact(
            "ForeignFacility",
            "facility",
            Field(
                "facility_type", "langmap", "kzo:facilityType", required=True, doc="what it is, such as a cosmodrome ({bg, en})"
            ),
            _ref("controlled_by", "kzo:controlledBy", ("state",), required=True),
            _ref("host_state", "kzo:hostState", ("state",), required=True),
            _ref("city", "kzo:city", ("city",)),
            label=("{facility_type}[, {city}]",) * 2,
        ),
    ]
}

NOTE = RecordType(
    "DataQualityNote",
    "note",
    (
        ID,
        Field("kind", "concept", "kzo:noteType", required=True, scheme="note-kind"),
        _ref("affects", "kzo:noteAbout", ANY, required=True, many=True, min_items=1),
        Field("comment", "en", "rdfs:comment", required=True),
        Field("comment_bg", "bg", "rdfs:comment", required=True, doc="the comment in Bulgarian, for the Bulgarian pages"),
        Field("source", "source", None, many=True),
    ),
)

ORGANIZATION_TYPES = (
    "InternationalOrganization",
    "IntegrationArrangement",
    "Programme",
    "GovernmentBody",
    "NonGovernmentalOrganization",
)
PLACE_TYPES = {"City": "city", "Region": "region", "WaterBody": "water-body"}

ENTITY_TYPES: dict[str, RecordType] = {
    "states": RecordType(
        "State",
        "state",
        (ID, Field("iso2", "iso2", "kzo:iso3166Alpha2"), LABELS, SPELLINGS, ACRONYMS, WIKIDATA, IDENTITY_NOTE, CONTESTED),
    ),
    "organizations": RecordType(
        "Organization",
        "organization",
        (
            ID,
            Field("type", "type", required=True),
            LABELS,
            SPELLINGS,
            ACRONYMS,
            _ref("part_of", "org:subOrganizationOf", ("organization",)),
            WIKIDATA,
            IDENTITY_NOTE,
        ),
    ),
    "places": RecordType(
        "Place",
        "city",
        (
            ID,
            Field("type", "type", required=True),
            _ref("state", "kzo:country", ("state",)),
            LABELS,
            SPELLINGS,
            WIKIDATA,
            *GEO,
            IDENTITY_NOTE,
        ),
    ),
    "people": RecordType(
        "Person",
        "person",
        (
            ID,
            LABELS,
            SPELLINGS,
            _ref("holds", "org:holds", ("office",), many=True),
            _ref("formerly_held", "kzo:formerlyHeld", ("office",), many=True),
            WIKIDATA,
            IDENTITY_NOTE,
        ),
    ),
    "periods": RecordType("Period", "period", (ID, LABELS, SPELLINGS, _date("begins", None), _date("ends", None))),
    "offices": RecordType("Office", "office", (ID, _ref("of", "org:postIn", AGENTS, required=True), LABELS, SPELLINGS)),
}

PASSAGE_FIELDS = (
    Field("section", "section", required=True),
    Field("quote", "quote", "prov:value", required=True),
    Field("refs", "refid", many=True),
    Field(
        "lang", "lang", doc="the language of the quote; bg is the default, en marks English text the article leaves untranslated"
    ),
    Field("rendering_en", "en", "kzo:curatorsRendering", doc="the curators' literal English of a Bulgarian quote [sic]"),
)

# --- The article and what it cites (data/sources.yaml) ------------------------------------------
SOURCE_TYPES: dict[str, RecordType] = {
    "article": RecordType(
        "Article",
        "article",
        (
            ID,
            Field("title", "bg", "dcterms:title", required=True),
            Field("subtitle", "bg", "dcterms:alternative"),
            Field("language", "text", "dcterms:language", required=True),
            Field("publisher", "text", "kzo:publisherName"),
            Field("url", "iri", "schema:url", required=True),
            Field("license", "iri", "dcterms:license", required=True),
            Field(
                "as_of",
                "date",
                None,
                required=True,
                doc="the article's own date: the newest date its text prints (it states no revision date); "
                "no record may be dated later unless an implausible-date note affects it",
            ),
        ),
    ),
    "sections": RecordType(
        "ArticleSection",
        "section",
        (
            Field("id", "section", required=True),
            Field("heading", "verbatim", None, doc="the section's heading as it stands in the article"),
            Field("title", "langmap", "dcterms:title", required=True),
            Field("facts", "no-facts", None, doc="none: the section states no facts (else a fact file must cite it)"),
            Field(
                "label",
                "langmap",
                None,
                doc="names for a section the article gives no title in a language (the lead): its rdfs:label there",
            ),
        ),
    ),
    "references": RecordType(
        "Reference",
        "reference",
        (
            ID,
            Field("text", "verbatim", "dcterms:bibliographicCitation", required=True),
            Field("section", "section", None, doc="where the entry stands, when not in the list of references"),
            Field("title", "text", "dcterms:title"),
            Field("publisher", "text", "kzo:publisherName"),
            Field("author", "text", "kzo:authorName"),
            _date("published", "dcterms:issued"),
            Field("accessed", "date", "kzo:accessedOn", datatype="date"),
            Field("archived", "date", "kzo:archivedOn", datatype="date"),
            Field("archive_url", "iri", "kzo:archivedAt"),
        ),
    ),
    "literature": RecordType(
        "LiteratureEntry",
        "literature",
        (
            ID,
            Field("text", "verbatim", "dcterms:bibliographicCitation", required=True),
            Field("title", "text", "dcterms:title", doc="the title, without its subtitle"),
            Field("subtitle", "text", "dcterms:alternative", doc="the subtitle, where the entry prints one after the title"),
            Field("author", "text", "kzo:authorName"),
            Field(
                "container",
                "text",
                "kzo:containerTitle",
                doc='the journal or book as printed, such as "Nationalities Papers 32 (3)"',
            ),
            Field("journal", "text", None, doc="the journal's title alone: a bibo:Journal the entry is dcterms:isPartOf"),
            Field("volume", "text", "bibo:volume", doc="the journal volume, as printed"),
            Field("issue", "text", "bibo:issue", doc="the journal issue, as printed"),
            Field("pages", "text", "kzo:pages"),
            Field(
                "doi",
                "text",
                "bibo:doi",
                pattern=r"^10\.[0-9]{4,9}/\S+$",
                doc='a DOI without a resolver, such as "10.1080/0090599042000246424"',
            ),
            Field(
                "isbn",
                "text",
                "bibo:isbn13",
                pattern="^97[89](-?[0-9]){10}$",
                doc="an ISBN-13: 13 digits starting 978 or 979, hyphens allowed",
            ),
            Field("publisher", "text", "kzo:publisherName"),
            Field("place", "text", "kzo:publicationPlace"),
            _date("published", "dcterms:issued"),
        ),
    ),
}

# --- The article's tables (in the facts file of the part of the article they stand in) ----------
# A table is its header row; each row of it a record of its own, with its place, its cells as the
# article prints them (empty ones as ""), and the facts whose values its cells state. Their
# ``source`` is where the header or the row is printed; it is checked like any quote.
TABLE_TYPES: dict[str, RecordType] = {
    "tables": RecordType(
        "ArticleTable",
        "table",
        (
            ID,
            Field(
                "columns",
                "verbatim",
                None,
                required=True,
                many=True,
                min_items=1,
                doc="the column headings, as printed, in order",
            ),
            Field(
                "column_kinds",
                "concept",
                None,
                required=True,
                many=True,
                min_items=1,
                scheme="column-kind",
                doc="what each column gives, in order: country, relations-start, notes",
            ),
            COMMENT,
            SOURCE,
        ),
    ),
    "table_rows": RecordType(
        "TableRow",
        "table-row",
        (
            ID,
            _ref("table", "kzo:inTable", ("table",), required=True),
            Field(
                "position",
                "int",
                "kzo:rowPosition",
                required=True,
                datatype="positiveInteger",
                doc="the row's place in its table, from 1",
            ),
            _ref("country", "kzo:rowCountry", ("state",), doc="the state the row is about"),
            Field(
                "cells",
                "cell",
                None,
                required=True,
                many=True,
                min_items=1,
                doc='the cells as printed, one per column, "" for an empty one',
            ),
            _ref(
                "supports",
                "kzo:supports",
                FACT_PATHS,
                many=True,
                min_items=1,
                doc="the facts whose values the row's cells state (a relation whose start it prints)",
            ),
            COMMENT,
            SOURCE,
        ),
    ),
}
