"""Kinds of curated field: everything the pipeline knows about a kind of value, in one place.

A field of the model (:mod:`kzgraph.curated.model`) names its kind; the kind says, for every stage, what a
value of it is: the hint an error gives ("a date of the precision the article gives …"), the
pattern the text must match (the JSON Schema and the loader use the same), how the loader reads the
text into a value, what RDF term the converter makes of it (and so whether its property is an
object or a datatype property, and of which datatype), and a valid value for the test and benchmark
generators. Adding a field of an existing kind is one line in the model; adding a kind is one entry
here. Nothing else in the package branches on a kind's name.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Protocol

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from ..core.dates import parse_date

if TYPE_CHECKING:
    from .model import Field, RecordType

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
_WS = re.compile(r"\s+")


class KindError(ValueError):
    """A text that is not a value of its kind; the message says what it is instead."""


def normalize(text: str) -> str:
    """Collapse runs of white space, so a text may be re-wrapped without changing."""
    return _WS.sub(" ", text).strip()


class Terms(Protocol):
    """What making a term needs besides the value: the IRIs of records (the converter knows the base)."""

    def iri_of(self, key: str) -> URIRef: ...


@dataclass(frozen=True, slots=True)
class Context:
    """The record a value stands in: its type (for fields that name other fields) and its other
    values (a figure is whole or not by its unit)."""

    terms: Terms
    record_type: RecordType
    values: Mapping[str, Any]


Schema = dict[str, Any]


@dataclass(frozen=True)
class FieldKind:
    """What one kind of curated value is, at every stage."""

    name: str
    expected: str  # the hint of every error about a value of this kind, and the schema's description
    pattern: str | None = None  # the text must match it (None: any non-blank text)
    read: Callable[[Any], Any] = normalize  # YAML value -> value, raising KindError
    rdf: Callable[[Any, Field, Context], Iterable[Any]] | None = None  # value -> RDF objects (None: not mapped)
    node: str = "literal"  # the RDF object: "literal", "langstring" or "iri" (object vs datatype property)
    datatypes: tuple[str, ...] = ("string",)  # XSD datatypes its literals may have (local names)
    verbatim: bool = False  # must stand in the article's text (checked once the sections are read)
    refers: bool = False  # names a record, resolved once all records are read
    passages: bool = False  # the article's passages a record comes from: read by the loader itself
    json: Callable[[Field, list[str] | None], Schema] | None = None  # the JSON Schema, when not a pattern or text
    sample: Callable[[random.Random, Field], Any] | None = None  # a valid value, for the generators
    detail: Callable[[Field], str] | None = None  # what the field adds to the hint (a reference's targets)
    narrow: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # datatype -> (pattern, hint) of a field narrowed to it

    def describe(self, field: Field | None = None) -> str:
        """The hint for a value of ``field``: the kind's, what the field allows, then the field's own
        words. (A field's words alone would drop what the user needs to write a valid value.)"""
        hint = self.expected
        if field is not None and field.datatype in self.narrow:
            hint = self.narrow[field.datatype][1]
        if field is not None and self.detail is not None:
            hint += self.detail(field)
        return f"{hint} — {field.doc}" if field is not None and field.doc else hint

    def schema(self, field: Field, type_enum: list[str] | None = None) -> Schema:
        """The JSON Schema of one value of ``field``: editors complete and underline with it, and
        the loader checks every file against it before reading a value."""
        if self.json is not None:
            one = self.json(field, type_enum)
        elif self.pattern_of(field):
            one = {"type": "string", "pattern": self.pattern_of(field)}
        else:
            one = {"type": "string", "minLength": 1}
        return {**one, "description": self.describe(field)}

    def pattern_of(self, field: Field) -> str | None:
        """The pattern a value of ``field`` must match: the field's own, else its datatype's, else the kind's."""
        if field.pattern:
            return field.pattern
        if field.datatype in self.narrow:
            return self.narrow[field.datatype][0]
        return self.pattern

    def datatype(self, field: Field) -> str | None:
        """The XSD datatype (local name) this field's literals get, when it is one."""
        if self.node != "literal":
            return None
        return field.datatype or self.datatypes[0]


# --- reading -------------------------------------------------------------------------------------------


def _str(raw: Any) -> str:
    return str(raw)


def _date(raw: Any) -> Any:
    try:
        return parse_date(str(raw))
    except ValueError as exc:
        raise KindError(str(exc)) from None


def _int(raw: Any) -> int:
    text = str(raw)
    if len(text) > 18:  # beyond any count in the article; int() refuses more than 4300 digits anyway
        raise KindError(f"{text[:23]!r}… is too large a number for a count")
    return int(text)


def _decimal(raw: Any) -> Decimal:
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        raise KindError(f"{str(raw)!r} is not a number") from None


def _bool(raw: Any) -> bool:
    return str(raw) == "true"


# Unicode's Bidi_Control characters (PropList.txt). RFC 3987 (section 4.1) forbids the bidirectional
# formatting characters in an IRI: they make it display as another one (U+202E reverses what
# follows), yet a parser accepts them. Oxigraph's does, so they are refused here.
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _iri(raw: Any) -> str:
    """An IRI must be one by RFC 3987, checked by Oxigraph's IRI parser (oxiri, the one the later
    stages use): ``<`` or ``"`` in an ``archive_url`` passed a looser pattern and then made the
    reasoner panic and the Turtle writer fail. The bidirectional formatting characters, which
    RFC 3987 forbids but the parser lets through, are refused first."""
    from pyoxigraph import NamedNode

    text = str(raw)
    bidi = next((c for c in text if c in _BIDI_CONTROLS), None)
    if bidi is not None:
        clipped = text if len(text) <= 70 else text[:69] + "…"
        raise KindError(
            f"{clipped!r} holds U+{ord(bidi):04X} ({unicodedata.name(bidi)}), a bidirectional formatting character, "
            "which RFC 3987 forbids in an IRI (it makes the IRI display as another); remove it"
        )
    try:
        NamedNode(text)
    except ValueError as exc:
        clipped = text if len(text) <= 70 else text[:69] + "…"
        raise KindError(
            f'{clipped!r} is not a valid IRI (RFC 3987): {exc}; percent-encode characters such as < > " {{ }} | ^ ` and spaces'
        ) from None
    return text


def _text(raw: Any) -> str:
    value = normalize(str(raw))
    if not value:  # the schema asks for one character; "   " has one, but is as empty as "" (and an
        raise KindError("got only white space")  # empty quote would be "found" anywhere in the article)
    return value


def _langmap(raw: Any) -> dict[str, str]:
    texts = {lang: normalize(str(text)) for lang, text in raw.items()}
    blank = [lang for lang, text in texts.items() if not text]
    if blank:
        raise KindError(f"{', '.join(blank)}: got only white space")
    return texts


# --- making terms ------------------------------------------------------------------------------------


def decimal_literal(value: Decimal) -> Literal:
    """An xsd:decimal in its canonical lexical form ("56.0", not "56"), so that Turtle's decimal
    shorthand and N-Triples write the very same term and the formats stay isomorphic."""
    text = format(Decimal(value).normalize(), "f")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


def _plain(lang: str | None = None) -> Callable[[Any, Field, Context], Iterable[Any]]:
    def make(value: Any, field: Field, ctx: Context) -> Iterable[Any]:
        return (Literal(value, lang=lang),)

    return make


def _typed(value: Any, field: Field, ctx: Context) -> Iterable[Any]:
    return (Literal(value, datatype=XSD[field.datatype or "integer"]),)


def _amount(value: Decimal, field: Field, ctx: Context) -> Iterable[Any]:
    """A count of whole things (a figure in persons, cases or states) as an xsd:integer, any other
    number as an xsd:decimal. A count that is not whole stays a decimal, which the shapes then
    report rather than this rounding it."""
    from .model import COUNTING_UNITS

    if ctx.values.get("unit") in COUNTING_UNITS and value == value.to_integral_value():
        return (Literal(int(value), datatype=XSD.integer),)
    return (decimal_literal(value),)


def _langmap_rdf(value: Mapping[str, str], field: Field, ctx: Context) -> Iterable[Any]:
    return tuple(Literal(text, lang=lang) for lang, text in sorted(value.items()))


def _ref_rdf(value: str | None, field: Field, ctx: Context) -> Iterable[Any]:
    return (ctx.terms.iri_of(value),) if value is not None else ()


def _concept_rdf(value: str, field: Field, ctx: Context) -> Iterable[Any]:
    from .namespaces import KZO

    return (KZO[concepts_of(field)[value]],)


def _wikidata_rdf(value: str, field: Field, ctx: Context) -> Iterable[Any]:
    from .namespaces import WD

    return (WD[value],)


def _geonames_rdf(value: str, field: Field, ctx: Context) -> Iterable[Any]:
    """The GeoNames feature's canonical IRI (the form GeoNames' own RDF uses, with its closing slash)."""
    return (URIRef(f"https://sws.geonames.org/{value}/"),)


def _fieldname_rdf(value: str, field: Field, ctx: Context) -> Iterable[Any]:
    """The property a field name stands for in this record type (``type``: rdf:type)."""
    from .namespaces import expand_curie

    if value == "type":
        return (RDF.type,)
    named = next(f for f in ctx.record_type.fields if f.name == value)
    return (expand_curie(named.predicate or ""),)


# --- JSON Schemas of the structured kinds --------------------------------------------------------------


def _langmap_json(field: Field, type_enum: list[str] | None) -> Schema:
    from .model import ASSESSMENT_LABEL, LABELS, LANGS

    one: Schema = {
        "type": "object",
        "additionalProperties": False,
        "minProperties": 1,
        "properties": {lang: {"type": "string", "minLength": 1} for lang in LANGS},
    }
    if field is LABELS or field is ASSESSMENT_LABEL or field.name == "name":
        one["required"] = ["bg", "en"]
    return one


def concepts_of(field: Field) -> dict[str, str]:
    """The field's vocabulary (slug -> the ontology individual's local name); a scheme the table lacks is
    named with where to add it, not a bare KeyError from whatever code asked first (schema, loader, labels)."""
    from .model import CONCEPTS

    try:
        return CONCEPTS[field.scheme]
    except KeyError:
        raise MissingVocabulary(field) from None


class MissingVocabulary(LookupError):
    """A concept field whose scheme has no vocabulary in :data:`kzgraph.curated.concepts.CONCEPTS`."""

    def __init__(self, field: Field):
        super().__init__(
            f"kzgraph/curated/model.py: field {field.name!r}: its scheme {field.scheme!r} has no vocabulary; expected "
            f'one line in kzgraph/curated/concepts.py CONCEPTS: "{field.scheme}": {{"<slug in YAML>": "<local name in the ontology>", …}}'
        )


def _concept_json(field: Field, type_enum: list[str] | None) -> Schema:
    return {"type": "string", "enum": sorted(concepts_of(field))}


def _ref_json(field: Field, type_enum: list[str] | None) -> Schema:
    return {"type": "string", "pattern": r"^([a-z-]+/)?[A-Za-z0-9][A-Za-z0-9._-]*$"}


# --- the kinds ----------------------------------------------------------------------------------------


def _pick(*options: str) -> Callable[[random.Random, Field], str]:
    return lambda rng, field: rng.choice(options)


KINDS: dict[str, FieldKind] = {
    k.name: k
    for k in [
        FieldKind(
            "id",
            "a slug of letters, digits, '.', '_' or '-' (like KAZ-embassy-AZE-baku)",
            ID_PATTERN,
            _str,
            sample=lambda rng, f: f"x-{rng.randrange(10**6)}",
        ),
        FieldKind(
            "type",
            "the record's type, one of the model's",
            read=_str,
            json=lambda f, enum: {"type": "string", "enum": enum or []},
        ),
        FieldKind(
            "date",
            'a date of the precision the article gives: "1992", "1992-03" or "1992-03-19"',
            DATE_PATTERN,
            _date,
            lambda v, f, c: (v.literal(),),
            datatypes=("date", "gYearMonth", "gYear"),
            narrow={"date": (r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", 'a whole date such as "2023-05-17"')},
            sample=_pick("1992", "1992-03", "1992-03-19", "2006", "2010-01"),
        ),
        FieldKind(
            "int",
            "a whole number such as 38",
            r"^[0-9]+$",
            _int,
            _typed,
            narrow={"positiveInteger": (r"^[1-9][0-9]*$", "a whole number from 1 on, such as 38")},
            datatypes=("integer", "positiveInteger", "nonNegativeInteger"),
            sample=lambda rng, f: str(rng.randint(1, 10**6)),
        ),
        FieldKind(
            "decimal",
            "a number such as 1517 or 0.5",
            r"^-?[0-9]+(\.[0-9]+)?$",
            _decimal,
            lambda v, f, c: (decimal_literal(v),),
            datatypes=("decimal",),
            sample=_pick("0.5", "1517", "1.25"),
        ),
        FieldKind(
            "amount",
            "a number such as 1517 or 0.5 (a count of persons, cases or states is written as a whole "
            "number and becomes an xsd:integer)",
            r"^-?[0-9]+(\.[0-9]+)?$",
            _decimal,
            _amount,
            datatypes=("decimal", "integer"),
            sample=_pick("3", "1517", "724000000"),
        ),
        FieldKind(
            "bool",
            "true or false",
            r"^(true|false)$",
            _bool,
            lambda v, f, c: (Literal(v),),
            datatypes=("boolean",),
            sample=_pick("true", "false"),
        ),
        FieldKind("text", "text", None, _text, _plain(), sample=_pick("a text", "another text")),
        FieldKind(
            "en",
            "text in English",
            None,
            _text,
            _plain("en"),
            node="langstring",
            datatypes=(),
            sample=_pick("an English gloss", "another gloss"),
        ),
        FieldKind(
            "bg",
            "text in Bulgarian",
            None,
            _text,
            _plain("bg"),
            node="langstring",
            datatypes=(),
            sample=_pick("текст", "друг текст"),
        ),
        FieldKind(
            "quote", "a verbatim quote of the article", None, _text, _plain("bg"), node="langstring", datatypes=(), verbatim=True
        ),
        FieldKind("verbatim", "text as it stands in the article", None, _text, _plain(), verbatim=True),
        FieldKind(
            "wording",
            "the article's own Bulgarian words, verbatim in the record's quote",
            None,
            _text,
            _plain("bg"),
            node="langstring",
            datatypes=(),
            sample=_pick("текст"),
        ),
        FieldKind(
            "langmap",
            "names in bg, en (and ru, kk where certain)",
            None,
            _langmap,
            _langmap_rdf,
            node="langstring",
            datatypes=(),
            json=_langmap_json,
            sample=lambda rng, f: {"bg": "име", "en": "a name"},
        ),
        FieldKind(
            "iso2",
            'an ISO 3166-1 alpha-2 code such as KZ (quote it: "NO")',
            r"^[A-Z]{2}$",
            _str,
            _plain(),
            sample=_pick("KZ", "TR"),
        ),
        FieldKind(
            "wikidata",
            "a Wikidata item id such as Q232",
            r"^Q[1-9][0-9]*$",
            _str,
            _wikidata_rdf,
            node="iri",
            datatypes=(),
            sample=_pick("Q232", "Q889"),
        ),
        FieldKind(
            "geonames",
            "a GeoNames feature id such as 1526384 (written by kzgraph places, never by hand)",
            r"^[1-9][0-9]*$",
            _str,
            _geonames_rdf,
            node="iri",
            datatypes=(),
            sample=_pick("1526384", "1526273"),
        ),
        # WGS84 degrees: the range is in the pattern, so an out-of-range value is refused as it is read
        # (file:line: field), by the JSON Schema, and by the shapes (sh:minInclusive/sh:maxInclusive).
        FieldKind(
            "latitude",
            "a WGS84 latitude in decimal degrees from -90 to 90, such as 43.25249",
            r"^-?(90(\.0+)?|[1-8]?[0-9](\.[0-9]+)?)$",
            _decimal,
            lambda v, f, c: (decimal_literal(v),),
            datatypes=("decimal",),
            sample=_pick("43.25249", "-33.5"),
        ),
        FieldKind(
            "longitude",
            "a WGS84 longitude in decimal degrees from -180 to 180, such as 76.9115",
            r"^-?(180(\.0+)?|(1[0-7][0-9]|[1-9]?[0-9])(\.[0-9]+)?)$",
            _decimal,
            lambda v, f, c: (decimal_literal(v),),
            datatypes=("decimal",),
            sample=_pick("76.9115", "-75.69812"),
        ),
        FieldKind(
            "iri",
            "an absolute http(s) IRI",
            r"^https?://\S+$",
            _iri,
            lambda v, f, c: (URIRef(v),),
            node="iri",
            datatypes=(),
            sample=_pick("https://example.org/a", "https://example.org/b"),
        ),
        FieldKind(
            "url",
            "an absolute http(s) URL, kept as an xsd:anyURI literal",
            r"^https?://\S+$",
            _iri,
            lambda v, f, c: (Literal(v, datatype=XSD.anyURI),),
            datatypes=("anyURI",),
            sample=_pick("https://example.org/", "https://example.org/about"),
        ),
        FieldKind(
            "ref",
            "an id, or kind/id",
            None,
            _str,
            _ref_rdf,
            node="iri",
            datatypes=(),
            refers=True,
            json=_ref_json,
            detail=lambda f: ": " + ", ".join(f.targets),
        ),
        FieldKind(
            "concept",
            "one of the controlled vocabulary's slugs",
            None,
            _str,
            _concept_rdf,
            node="iri",
            datatypes=(),
            json=_concept_json,
            sample=lambda rng, f: rng.choice(sorted(concepts_of(f))),
        ),
        FieldKind(
            "fieldname",
            "the name of a field of this record, such as destination",
            None,
            _str,
            _fieldname_rdf,
            node="iri",
            datatypes=(),
            json=lambda f, enum: {"type": "string", "enum": list(f.targets)},
            sample=lambda rng, f: rng.choice(f.targets),
        ),
        FieldKind(
            "source",
            "passages of the article: section, quote and the references cited",
            read=_str,
            passages=True,
            json=lambda f, enum: {"$ref": "#/$defs/passage"},
        ),
        FieldKind("refid", 'a reference id from data/sources.yaml such as "4"', ID_PATTERN, _str),
        FieldKind("section", "a section id from data/sources.yaml such as asia/armenia", r"^[a-z0-9-]+(/[a-z0-9-]+)*$", _str),
        FieldKind("no-facts", "none (the section states no facts)", r"^none$", _str, sample=_pick("none")),
        FieldKind("lang", "bg or en", r"^(bg|en)$", _str, sample=_pick("bg", "en")),
        FieldKind(
            "cell",
            'the text of a table cell as the article prints it, "" for an empty cell',
            r"^[^\n]*$",
            lambda raw: normalize(str(raw)),
            _plain(),
            datatypes=("string",),
            sample=_pick("", "1992"),
        ),
    ]
}


def kind_of(field: Field) -> FieldKind:
    """The kind of a model field (every field's kind is one of :data:`KINDS`; a test holds the model to it)."""
    return KINDS[field.kind]
