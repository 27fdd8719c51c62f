"""The parameters of the stored queries: what kind of value each takes, and how a value as a person
has it becomes the term the query needs.

A stored query declares each parameter with a kind::

    # param: country (state) = CHN -- the other state

Values are accepted as users will have them, and looked up **in the graph** (never in a list copied
by hand): for a resource, its IRI with or without ``<>``, its short name (``state:CHN``, also the old
``kz:state/CHN``), its key (``state/CHN``), its curated id (``CHN``), a code it carries (``CN``), or
one of its labels or spellings in English or Bulgarian, in any letter case, when that names one
resource only; for a concept (a measure, a kind of note), its IRI, ``kzo:`` name, curated slug or
label; for a year, four digits within the years the graph's dates span. A value that names nothing
is an error listing the allowed values (a small closed set) or the three closest ones — never a
silently empty answer.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from ..core.errors import UsageError
from ..curated import model
from ..curated.namespaces import ID, PREFIX_TABLE, VOCABULARIES, short_name

KZO = VOCABULARIES["kzo"]
Select = Callable[[str], list[dict[str, str]]]  # a SELECT query -> rows of variable -> plain value


class Lookup:
    """Where values are looked up: a function running a SELECT or ASK on the graph the query will
    run on, and what was learned from it (the graph does not change while a command runs)."""

    def __init__(self, select: Select):
        self.select = select
        self.index: dict[str, list[tuple[Choice, set[str]]]] = {}

    def __call__(self, text: str) -> list[dict[str, str]]:
        return self.select(text)


class ParamError(UsageError):
    """A parameter value that is not of its kind or names nothing in the graph (exit status 2)."""


@dataclass(frozen=True)
class Choice:
    """One value a parameter may take: the term the query needs, and how it is shown."""

    term: str  # a SPARQL term: <iri>, "en", 1992
    key: str  # the value as the curated files write it (CHN, trade-value, en, 1992)
    label: str = ""  # what it is, in English


@dataclass(frozen=True)
class Kind:
    """A kind of parameter value."""

    name: str
    doc: str
    namespaces: tuple[str, ...] = ()  # resources: the IRI namespaces of the kind
    concept_class: str = ""  # concepts: the class whose individuals are the values
    literal: str = ""  # literals: lang, year, month, number
    slugs: dict[str, str] | None = None  # concepts: curated slug -> local name

    @property
    def closed(self) -> bool:
        """Whether the allowed values are a set small enough to list in full."""
        return bool(self.concept_class) or self.literal in ("lang", "month", "side") or self.name in ("state", "organization")

    def resolve(self, raw: str, select: Select) -> Choice:
        """``raw`` as a choice of this kind, or :class:`ParamError`."""
        text = raw.strip()
        if not text:
            raise ParamError(f"expects {self.doc}, got an empty value")
        if self.literal:
            return _literal(self, text, select)
        return _named(self, text, select)

    def choices(self, select: Select) -> list[Choice]:
        """Every value of this kind in the graph (for listing and for suggestions)."""
        if self.literal:
            return _literal_choices(self, select)
        return [c for c, _ in _index(self, select)]


def _slug_table(scheme: str) -> dict[str, str]:
    return dict(model.CONCEPTS.get(scheme, {}))


KINDS: dict[str, Kind] = {
    k.name: k
    for k in [
        Kind(
            "state",
            "a state: its ISO 3166-1 alpha-3 code (CHN) or alpha-2 (CN), its id (congo), state:CHN or its "
            "name in English or Bulgarian",
            namespaces=(ID + "state/",),
        ),
        Kind(
            "organization",
            "an organization: its id (osce), organization:osce, an acronym (OSCE, ОССЕ) or its name",
            namespaces=(ID + "organization/",),
        ),
        Kind("city", "a city: its id (almaty), city:almaty or its name in English or Bulgarian", namespaces=(ID + "city/",)),
        Kind(
            "place", "a city, region or water body: its id or name", namespaces=(ID + "city/", ID + "region/", ID + "water-body/")
        ),
        Kind(
            "person",
            "a person: their id (nursultan-nazarbayev), person:… or their name as the article spells it",
            namespaces=(ID + "person/",),
        ),
        Kind("office", "an office: its id (KAZ-president), office:… or its name", namespaces=(ID + "office/",)),
        Kind(
            "speaker",
            "who is quoted or acts: a person, an office, an organization or a state, by id, short name or name",
            namespaces=(ID + "person/", ID + "office/", ID + "organization/", ID + "state/"),
        ),
        Kind("section", "a section of the article: its id (lead, asia/armenia) or its title", namespaces=(ID + "section/",)),
        Kind("reference", "a reference the article cites: its number (4) or reference:4", namespaces=(ID + "reference/",)),
        Kind("note", "a data-quality note: its id or note:…", namespaces=(ID + "note/",)),
        Kind(
            "fact",
            "a fact or entity of the graph: its IRI, short name (relation:KAZ-CHN) or key (relation/KAZ-CHN)",
            namespaces=(ID,),
        ),
        Kind(
            "measure",
            "a measure of the statistical figures: its slug (trade-value), kzo:tradeValue or its label",
            concept_class=KZO + "Measure",
            slugs=_slug_table("measure"),
        ),
        Kind(
            "note-kind",
            "a kind of data-quality note: its slug (contradiction), kzo:contradiction or its label",
            concept_class=KZO + "NoteType",
            slugs=_slug_table("note-kind"),
        ),
        Kind(
            "characterisation",
            "what the article calls a relation or state: its notation (strained, developing, first), kzo:strained or its label",
            concept_class=KZO + "Characterisation",
            slugs=_slug_table("characterisation"),
        ),
        Kind(
            "aspect",
            "a respect of a judgement: its notation (economic, security), kzo:economicAspect or its label",
            concept_class=KZO + "Aspect",
            slugs=_slug_table("aspect"),
        ),
        Kind("lang", "a language of the labels: en or bg", literal="lang"),
        Kind("year", "a year: four digits, within the years the graph's dates span", literal="year"),
        Kind("year-or-any", "a year (four digits, within the years the graph's dates span), or any", literal="year-or-any"),
        Kind("month", "a month: 1 to 12", literal="month"),
        Kind(
            "side",
            "which side of a mission the state is on: sending, receiving (also host) or either",
            literal="side",
        ),
        Kind("number", "a whole number", literal="number"),
    ]
}


def kind(name: str) -> Kind:
    """The parameter kind named ``name``; ParamError, naming the close ones, when there is none."""
    if name not in KINDS:
        close = difflib.get_close_matches(name, list(KINDS), n=3)
        raise ParamError(
            f"unknown kind of parameter {name!r}; known kinds: {', '.join(KINDS)}"
            + (f" (did you mean {', '.join(close)}?)" if close else "")
        )
    return KINDS[name]


# --- literals ---------------------------------------------------------------------------------------------


def _literal(k: Kind, text: str, select: Select) -> Choice:
    if k.literal == "year-or-any" and text.lower() in ("any", "0"):
        return Choice("0", "any")
    if k.literal == "side":
        side = _SIDES.get(text.lower())
        if side is None:
            raise ParamError(f"expects {k.doc}, got {text!r}")
        return Choice(f'"{side}"', side, _SIDE_LABELS[side])
    if k.literal == "lang":
        if text.lower() in ("en", "bg"):
            return Choice(f'"{text.lower()}"', text.lower(), {"en": "English", "bg": "Bulgarian"}[text.lower()])
        raise ParamError(f"expects a language of the labels: en or bg, got {text!r}")
    if not re.fullmatch(r"[+-]?[0-9]+", text):
        raise ParamError(f"expects {k.doc}, got {text!r}")
    value = int(text)
    if k.literal == "month" and not 1 <= value <= 12:
        raise ParamError(f"expects a month from 1 to 12, got {text}")
    if k.literal in ("year", "year-or-any"):
        if not re.fullmatch(r"[0-9]{4}", text):
            raise ParamError(f"expects a year of four digits, got {text!r}")
        first, last = _year_span(select) if select is not None else (0, 0)
        if first and not first <= value <= last:
            raise ParamError(f"no date of the graph is in {value}: its dates run from {first} to {last}")
    return Choice(str(value), str(value))


# the side of a mission a state is on, as people say it
_SIDES = {
    **dict.fromkeys(("sending", "sender", "send", "sends"), "sending"),
    **dict.fromkeys(("receiving", "receiver", "host", "hosting", "hosts", "receives"), "receiving"),
    **dict.fromkeys(("either", "both", "any"), "either"),
}
_SIDE_LABELS = {"sending": "the state sends the mission", "receiving": "the state hosts it", "either": "either"}


def _literal_choices(k: Kind, select: Select) -> list[Choice]:
    if k.literal == "side":
        return [Choice(f'"{side}"', side, label) for side, label in _SIDE_LABELS.items()]
    if k.literal == "lang":
        return [Choice('"en"', "en", "English"), Choice('"bg"', "bg", "Bulgarian")]
    if k.literal == "month":
        return [Choice(str(m), str(m)) for m in range(1, 13)]
    if k.literal in ("year", "year-or-any"):
        first, last = _year_span(select)
        years = [Choice(str(y), str(y)) for y in range(first, last + 1)] if first else []
        return years + ([Choice("0", "any")] if k.literal == "year-or-any" else [])
    return []


def _year_span(select: Select) -> tuple[int, int]:
    rows = select(f"""SELECT (MIN(?y) AS ?first) (MAX(?y) AS ?last) WHERE {{
        ?s ?p ?d . FILTER(STRSTARTS(STR(?p), "{KZO}") && ?p NOT IN (kzo:accessedOn, kzo:archivedOn) && DATATYPE(?d) IN
            (xsd:date, xsd:gYearMonth, xsd:gYear))
        BIND(xsd:integer(SUBSTR(STR(?d), 1, 4)) AS ?y) }}""")
    if not rows or not rows[0].get("first"):
        return 0, 0
    return int(rows[0]["first"]), int(rows[0]["last"])


# --- resources and concepts -----------------------------------------------------------------------------


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _candidates(k: Kind, text: str) -> list[str]:
    """The IRIs ``text`` may stand for by its form alone (IRI, short name, key, id)."""
    out: list[str] = []
    inner = text[1:-1] if text.startswith("<") and text.endswith(">") else text
    if re.match(r"^https?://", inner):
        out.append(inner)
    prefix, colon, local = text.partition(":")
    if colon and prefix in PREFIX_TABLE and not text.startswith("<"):
        out.append(PREFIX_TABLE[prefix] + local)
    if "/" in text and not colon:
        out.append(ID + text)
    for ns in k.namespaces:
        if ns != ID and not colon:
            out.append(ns + text)
    if k.concept_class:
        local_name = (k.slugs or {}).get(text, text)
        out.append(KZO + local_name)
    return out


def _named(k: Kind, text: str, select: Select) -> Choice:
    if text.startswith("<") and not _valid_iri(text[1:-1]):
        raise ParamError(f"{text!r} is not an IRI")
    for iri in _candidates(k, text):
        if _in_kind(k, iri) and _valid_iri(iri) and select(f"ASK {{ <{iri}> ?p ?o }}") == [{"ask": "true"}]:
            return _choice(k, iri, select)
    folded = _fold(text)
    hits = sorted({c.term for c, names in _index(k, select) if folded in names})
    if len(hits) == 1:
        return next(c for c, _ in _index(k, select) if c.term == hits[0])
    if not hits and len(folded) >= 3:  # a part of a name, as a whole word ("Назарбаев"), when only one has it
        word = re.compile(r"(^|\W)" + re.escape(folded) + r"(\W|$)")
        hits = sorted({c.term for c, names in _index(k, select) if any(word.search(n) for n in names)})
        if len(hits) == 1:
            return next(c for c, _ in _index(k, select) if c.term == hits[0])
    if len(hits) > 1:
        listed = ", ".join(short_name(h[1:-1]) for h in hits)
        raise ParamError(f"{text!r} names more than one {k.name}: {listed}; give one of these instead")
    raise ParamError(_unknown(k, text, select))


def _in_kind(k: Kind, iri: str) -> bool:
    if k.concept_class:
        return iri.startswith(KZO)
    return any(iri.startswith(ns) and len(iri) > len(ns) for ns in k.namespaces)


def _valid_iri(iri: str) -> bool:
    """Whether ``iri`` can be written inside ``<…>`` in a query (the characters SPARQL's IRIREF excludes)."""
    return bool(iri) and not any(c in iri for c in '<>"{}|^`\\') and not any(ord(c) <= 0x20 for c in iri)


def _choice(k: Kind, iri: str, select: Select) -> Choice:
    for c, _ in _index(k, select):
        if c.term == f"<{iri}>":
            return c
    return Choice(f"<{iri}>", short_name(iri))


_NAME_PREDICATES = [
    "rdfs:label",
    "skos:prefLabel",
    "skos:hiddenLabel",
    "skos:altLabel",
    "kzo:iso3166Alpha2",
    "kzo:iso3166Alpha3",
    "kzo:referenceId",
    "kzo:acronym",
    "dcterms:title",
]


def _index(k: Kind, select: Select) -> list[tuple[Choice, set[str]]]:
    """Every value of the kind with the names it is known by (folded), from one query per kind."""
    cache = select.index if isinstance(select, Lookup) else {}
    if k.name in cache:
        return cache[k.name]
    if k.concept_class:
        where = f"?s a <{k.concept_class}> ."
    else:
        tests = " || ".join(f'STRSTARTS(STR(?s), "{ns}")' for ns in k.namespaces)
        where = f'?s a ?type . FILTER(isIRI(?s) && ({tests}) && !CONTAINS(STR(?s), "#"))'
    rows = select(f"""SELECT ?s ?name ?lang WHERE {{ {where}
        OPTIONAL {{ ?s {"|".join(_NAME_PREDICATES)} ?name . BIND(LANG(?name) AS ?lang) }} }}""")
    slugs = {v: s for s, v in (k.slugs or {}).items()}
    found: dict[str, tuple[set[str], dict[str, str]]] = {}
    for row in rows:
        iri = row["s"]
        names, labels = found.setdefault(iri, (set(), {}))
        if row.get("name"):
            names.add(_fold(row["name"]))
            if row.get("lang") in ("en", "bg"):
                labels.setdefault(row["lang"], row["name"])
    out = []
    for iri, (names, labels) in sorted(found.items()):
        if k.concept_class:
            local = iri[len(KZO) :]
        else:
            local = iri[len(max((ns for ns in k.namespaces if iri.startswith(ns)), key=len)) :]
        keyname = slugs.get(local, local)
        names |= {_fold(keyname), _fold(local), _fold(short_name(iri)), _fold(iri)}
        label = labels.get("en") or labels.get("bg") or ""
        out.append((Choice(f"<{iri}>", keyname, label), names))
    cache[k.name] = out
    return out


def named_choices(k: Kind, select: Select) -> list[tuple[Choice, set[str]]]:
    """Every value of the kind with every name it is known by, folded (labels in both languages,
    hidden labels, codes, acronyms): what a value may be given as, for pages that suggest values."""
    return _index(k, select)


def _unknown(k: Kind, text: str, select: Select) -> str:
    index = _index(k, select)
    if not index:
        return f"expects {k.doc}; the graph holds no {k.name} at all"
    if k.closed and len(index) <= 40:
        allowed = ", ".join(
            f"{c.key} ({c.label})" if c.label and c.label.casefold() != c.key.casefold() else c.key for c, _ in index
        )
        return f"unknown {k.name} {text!r}; allowed: {allowed}"
    names = {}
    for c, ns in index:
        for n in ns:
            names.setdefault(n, c)
    close = difflib.get_close_matches(_fold(text), list(names), n=12, cutoff=0.5)
    picks: list[Choice] = []
    for n in close:
        if names[n] not in picks:
            picks.append(names[n])
    shown = ", ".join(f"{c.key} ({c.label})" if c.label else c.key for c in picks[:3])
    hint = f"; the closest: {shown}" if shown else ""
    return f"unknown {k.name} {text!r}{hint}. `kzgraph queries NAME` lists what the parameter takes"


def store_lookup(store: object) -> Lookup:
    """A :class:`Lookup` over a pyoxigraph store (the release's union graph, prefixes known)."""
    import pyoxigraph as ox

    def select(text: str) -> list[dict[str, str]]:
        """A SELECT's rows (an ASK's as ``ask``) as plain strings, over the release's union graph."""
        result = store.query(text, use_default_graph_as_union=True, prefixes=PREFIX_TABLE)  # type: ignore[attr-defined]
        if isinstance(result, ox.QueryBoolean):
            return [{"ask": "true" if bool(result) else "false"}]
        names = [v.value for v in result.variables]
        return [{n: sol[n].value for n in names if sol[n] is not None} for sol in result]

    return Lookup(select)


def describe(k: Kind, select: Select, limit: int = 60) -> str:
    """The values a parameter of this kind takes, as ``kzgraph queries NAME`` lists them."""
    if k.literal in ("year", "year-or-any", "number") or k.name in ("fact", "note", "section", "reference"):
        years = [c for c in k.choices(select) if c.key != "any"] if k.literal.startswith("year") else []
        if years:
            return f"{k.doc} ({years[0].key}–{years[-1].key})"
        examples = [c.key for c, _ in _index(k, select)][:5] if not k.literal else []
        return k.doc + (f"; for example {', '.join(examples)}" if examples else "")
    values = k.choices(select)
    shown = [f"{c.key} ({c.label})" if c.label and c.label.casefold() != c.key.casefold() else c.key for c in values[:limit]]
    more = f" … and {len(values) - limit} more" if len(values) > limit else ""
    return f"{k.doc}; one of: {', '.join(shown)}{more}"


__all__ = ["KINDS", "Kind", "Choice", "Lookup", "ParamError", "kind", "store_lookup", "describe"]
