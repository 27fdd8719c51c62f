"""The model, the ontology, the shapes and the JSON Schemas say the same thing about every field.

The curated-record model (``kzgraph/curated/model.py``) is the one source for field names, kinds and
cardinalities; the ontology and the shapes are written by hand (they carry alignments and prose
that generating them would lose). These tests hold the hand-written files to the model: a field
added to the model without its ontology property, or with a shape that allows more values, another
datatype or another pattern, fails here, naming the file to change.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from kzgraph.curated import model, schema
from kzgraph.curated.fieldkinds import KINDS, Context, kind_of
from kzgraph.curated.model import Field, RecordType
from kzgraph.curated.namespaces import KZO, expand_curie
from kzgraph.curated.project import Project
from kzgraph.pipeline.build import parse_ontology, parse_shapes

from common import ROOT

SH = Namespace("http://www.w3.org/ns/shacl#")
RECORD_TYPES: list[RecordType] = [
    *model.FACT_TYPES.values(),
    model.NOTE,
    *model.ENTITY_TYPES.values(),
    *model.SOURCE_TYPES.values(),
    *model.TABLE_TYPES.values(),
]
# The vocabularies whose terms the model may use besides our own (each aligned in the ontology's header).
STANDARD = (
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/2002/07/owl#",
    "http://www.w3.org/ns/org#",
    "http://www.w3.org/ns/prov#",
    "http://purl.org/dc/terms/",
    "https://schema.org/",
    "http://purl.org/ontology/bibo/",
    "http://www.w3.org/2003/01/geo/wgs84_pos#",
)
# Where the shapes are deliberately stricter than the model can say: (record type, field) -> why.
STRICTER_SHAPES = {
    ("Place", "state"): "cities must name their state (kzsh:City-country); regions and water bodies may lie "
    "across borders, and the model has one record type for all places",
    **{
        ("Place", name): "only cities are placed on the map (kzgraph/curated/geofields.py): the loader refuses a GeoNames "
        "id or a point on a region or a water body (kzgraph.curated.geo.problems), and the shapes are on kzo:City"
        for name in ("geonames", "lat", "long")
    },
}
# The XSD datatypes a literal of one datatype is also a value of (for rdfs:range).
XSD_SUPERTYPES = {
    "positiveInteger": {"nonNegativeInteger", "integer", "decimal"},
    "nonNegativeInteger": {"integer", "decimal"},
    "integer": {"decimal"},
}


class Terms:
    """Record IRIs as the converter makes them, for the terms of sample values."""

    def iri_of(self, key: str) -> URIRef:
        return URIRef(f"https://w3id.org/kzgraph/id/{key}")


@dataclass(frozen=True)
class Mapped:
    """A model field with a predicate, on one class of its record type."""

    record_type: RecordType
    field: Field
    cls: URIRef

    @property
    def predicate(self) -> URIRef:
        return expand_curie(self.field.predicate or "")

    def __str__(self) -> str:
        return f"{self.record_type.name}.{self.field.name} ({self.field.predicate})"


def classes_of(rt: RecordType) -> list[URIRef]:
    """The classes a record of ``rt`` may have (organizations and places name theirs in ``type``)."""
    if rt.name == "Organization":
        return [KZO[t] for t in model.ORGANIZATION_TYPES]
    if rt.name == "Place":
        return [KZO[t] for t in model.PLACE_TYPES]
    return [KZO[rt.name]]


def mapped_fields() -> Iterator[Mapped]:
    for rt in RECORD_TYPES:
        for f in rt.fields:
            if f.predicate:
                for cls in classes_of(rt):
                    yield Mapped(rt, f, cls)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return parse_ontology(Project(ROOT))  # every part ontology/parts.yaml declares


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return parse_shapes(Project(ROOT))


def superclasses(ontology: Graph, cls: URIRef) -> set[URIRef]:
    seen: set[URIRef] = set()
    todo = [cls]
    while todo:
        c = todo.pop()
        if c not in seen:
            seen.add(c)
            todo.extend(o for o in ontology.objects(c, RDFS.subClassOf) if isinstance(o, URIRef))
    return seen


def property_shapes(ontology: Graph, shapes: Graph, m: Mapped) -> list[URIRef | BNode]:
    """The property shapes on ``m``'s predicate of the node shapes that target its class or a superclass."""
    found = []
    for c in superclasses(ontology, m.cls):
        for node_shape in shapes.subjects(SH.targetClass, c):
            found.extend(ps for ps in shapes.objects(node_shape, SH.property) if (ps, SH.path, m.predicate) in shapes)
    return found


def values(shapes: Graph, found: list, prop: URIRef) -> set:
    return {o for ps in found for o in shapes.objects(ps, prop)}


def shape_datatypes(shapes: Graph, found: list) -> set[URIRef]:
    """The datatypes a value may have: sh:datatype, or those of the shapes of an sh:or."""
    direct = values(shapes, found, SH.datatype)
    for alternatives in values(shapes, found, SH["or"]):
        for member in Collection(shapes, alternatives):
            direct |= set(shapes.objects(member, SH.datatype))
    return direct


def report(problems: list[str], fix: str) -> None:
    assert not problems, f"{len(problems)} disagreement(s); change {fix}, or the model:\n  " + "\n  ".join(problems)


# --- the kinds ------------------------------------------------------------------------------------------


def test_every_field_has_a_kind_of_the_registry() -> None:
    fields = [f for rt in RECORD_TYPES for f in rt.fields] + list(model.PASSAGE_FIELDS)
    assert {f.kind for f in fields} <= set(KINDS), "kinds missing from kzgraph/curated/fieldkinds.py"


def test_a_narrowed_datatype_is_one_the_kind_knows() -> None:
    problems = [
        f"{rt.name}.{f.name}: {f.datatype} is not one of {kind_of(f).datatypes}"
        for rt in RECORD_TYPES
        for f in rt.fields
        if f.datatype and f.datatype not in kind_of(f).datatypes
    ]
    report(problems, "the field's datatype in kzgraph/curated/model.py")


# --- the ontology ---------------------------------------------------------------------------------------


def test_every_predicate_of_ours_is_a_property_of_the_fields_kind(ontology: Graph) -> None:
    """An IRI-valued field needs an owl:ObjectProperty, a literal one an owl:DatatypeProperty; each
    with an English and a Bulgarian label and definition (the ontology is bilingual)."""
    problems = []
    for m in {(m.record_type.name, m.field): m for m in mapped_fields()}.values():
        p = m.predicate
        if not p.startswith(str(KZO)):
            continue
        want = OWL.ObjectProperty if kind_of(m.field).node == "iri" else OWL.DatatypeProperty
        if (p, RDF.type, want) not in ontology:
            problems.append(f"{m}: {p.n3(ontology.namespace_manager)} is not an {want.n3(ontology.namespace_manager)}")
        for prop in (RDFS.label, SKOS.definition):
            langs = {o.language for o in ontology.objects(p, prop) if isinstance(o, Literal)}
            if not {"en", "bg"} <= langs:
                problems.append(f"{m}: {prop.n3(ontology.namespace_manager)} in {sorted(langs, key=str)}, expected en and bg")
    report(problems, "the ontology part of its subject, ontology/terms/*.ttl")


def test_other_predicates_come_from_the_aligned_vocabularies() -> None:
    problems = [str(m) for m in mapped_fields() if not str(m.predicate).startswith((str(KZO), *STANDARD))]
    report(problems, "the predicate in kzgraph/curated/model.py (or align the vocabulary in ontology/terms/*.ttl)")


def _admits(ontology: Graph, rng: URIRef | BNode, datatype: str) -> bool:
    if rng == RDFS.Literal:
        return True
    if isinstance(rng, BNode):
        return any(_admits(ontology, m, datatype) for u in ontology.objects(rng, OWL.unionOf) for m in Collection(ontology, u))
    if datatype == "langString":
        return rng == RDF.langString
    return rng == XSD[datatype] or str(rng).removeprefix(str(XSD)) in XSD_SUPERTYPES.get(datatype, set())


def test_the_range_of_a_datatype_property_admits_every_value_of_the_field(ontology: Graph) -> None:
    problems = []
    for m in mapped_fields():
        kind, p = kind_of(m.field), m.predicate
        if kind.node == "iri" or not p.startswith(str(KZO)):
            continue
        ranges = list(ontology.objects(p, RDFS.range))
        datatypes = (
            ["langString"] if kind.node == "langstring" else [m.field.datatype] if m.field.datatype else list(kind.datatypes)
        )
        if not ranges:
            problems.append(f"{m}: no rdfs:range")
        for dt in datatypes:
            if ranges and not all(_admits(ontology, r, dt) for r in ranges):
                problems.append(f"{m}: its values may be {dt}, which the range {[str(r) for r in ranges]} does not admit")
    report(sorted(set(problems)), "the rdfs:range in ontology/terms/*.ttl")


# --- the shapes -----------------------------------------------------------------------------------------


def test_every_field_has_a_property_shape_on_its_class(ontology: Graph, shapes: Graph) -> None:
    problems = [
        f"{m}: no property shape on {m.cls.n3(ontology.namespace_manager)} or a superclass"
        for m in mapped_fields()
        if not property_shapes(ontology, shapes, m) and (m.record_type.name, m.field.name) not in STRICTER_SHAPES
    ]
    report(problems, "the shapes part of its subject, ontology/shapes/*.ttl")


def test_shape_cardinality_agrees_with_the_model(ontology: Graph, shapes: Graph) -> None:
    """One value: sh:maxCount 1, or sh:qualifiedMaxCount 1 for text in one language beside another
    (names in many languages: sh:uniqueLang); several: no sh:maxCount 1;
    required: an sh:minCount (or sh:qualifiedMinCount) of at least 1, optional: none."""
    problems = []
    for m in mapped_fields():
        found = property_shapes(ontology, shapes, m)
        if not found or (m.record_type.name, m.field.name) in STRICTER_SHAPES:
            continue
        f, kind = m.field, kind_of(m.field)
        max_counts = {int(v) for v in values(shapes, found, SH.maxCount) | values(shapes, found, SH.qualifiedMaxCount)}
        min_counts = {int(v) for v in values(shapes, found, SH.minCount) | values(shapes, found, SH.qualifiedMinCount)}
        if kind.name == "langmap":
            if Literal(True) not in values(shapes, found, SH.uniqueLang):
                problems.append(f"{m}: one name per language, but no sh:uniqueLang true")
        elif f.many and 1 in max_counts:
            problems.append(f"{m}: the model allows several values, the shape sh:maxCount 1")
        elif not f.many and 1 not in max_counts:
            problems.append(f"{m}: the model allows one value, the shape has no sh:maxCount 1")
        if f.required and not any(n >= 1 for n in min_counts):
            problems.append(f"{m}: required in the model, no sh:minCount 1 in the shape")
        if not f.required and any(n >= 1 for n in min_counts):
            problems.append(f"{m}: optional in the model, the shape has sh:minCount {max(min_counts)}")
    report(problems, "the shapes part of its subject, ontology/shapes/*.ttl")


def test_shape_value_types_agree_with_the_model(ontology: Graph, shapes: Graph) -> None:
    """A literal field's datatypes are the shape's; text in a language is rdf:langString or
    sh:languageIn; an IRI-valued field has a class, a list or a node kind, and no datatype."""
    problems = []
    for m in mapped_fields():
        found = property_shapes(ontology, shapes, m)
        if not found:
            continue
        kind = kind_of(m.field)
        datatypes = shape_datatypes(shapes, found)
        if kind.node == "literal":
            allowed = {XSD[m.field.datatype]} if m.field.datatype else {XSD[d] for d in kind.datatypes}
            if datatypes != allowed:
                problems.append(f"{m}: the model's values are {sorted(allowed)}, the shape allows {sorted(datatypes)}")
        elif kind.node == "langstring":
            if datatypes - {RDF.langString} or not (datatypes or values(shapes, found, SH.languageIn)):
                problems.append(f"{m}: language-tagged text, the shape says {sorted(datatypes) or 'nothing of it'}")
        else:
            if datatypes:
                problems.append(f"{m}: IRIs, the shape asks for datatypes {sorted(datatypes)}")
            if not any(values(shapes, found, p) for p in (SH["class"], SH["in"], SH["or"], SH.nodeKind, SH.node)):
                problems.append(f"{m}: IRIs, the shape does not say of what (sh:class, sh:in, sh:or or sh:nodeKind)")
    report(problems, "the shapes part of its subject, ontology/shapes/*.ttl")


def test_shape_patterns_are_the_models(ontology: Graph, shapes: Graph) -> None:
    """A field's own pattern is written once in the model and once in the shapes, as the same text;
    a shape's pattern on a literal is the one the loader checks; one on an IRI accepts the IRI
    that a valid value becomes."""
    problems = []
    for m in mapped_fields():
        kind = kind_of(m.field)
        patterns = {str(v) for v in values(shapes, property_shapes(ontology, shapes, m), SH.pattern)}
        if m.field.pattern and patterns != {m.field.pattern}:
            problems.append(f"{m}: the model's pattern {m.field.pattern!r}, the shape's {patterns or 'none'}")
        elif kind.node != "iri" and patterns - {kind.pattern_of(m.field)}:
            problems.append(f"{m}: the loader checks {kind.pattern_of(m.field)!r}, the shape {patterns}")
        elif kind.node == "iri" and patterns and kind.sample:
            value = kind.read(kind.sample(random.Random(0), m.field))
            term = next(iter(kind.rdf(value, m.field, Context(Terms(), m.record_type, {}))))
            problems += [
                f"{m}: {term} (from {value!r}) does not match the shape's {p!r}" for p in patterns if not re.search(p, str(term))
            ]
    report(problems, "the sh:pattern in ontology/shapes/*.ttl or the field's pattern in kzgraph/curated/model.py")


def test_the_stricter_shapes_are_still_stricter(ontology: Graph, shapes: Graph) -> None:
    """An exemption above must stay needed: the shapes of its field still differ from the model."""
    for rt_name, field_name in STRICTER_SHAPES:
        rt = next(rt for rt in RECORD_TYPES if rt.name == rt_name)
        f = next(f for f in rt.fields if f.name == field_name)
        found = [property_shapes(ontology, shapes, Mapped(rt, f, c)) for c in classes_of(rt)]
        assert not f.required and any(found) and not all(found), (rt_name, field_name)


# --- the JSON Schemas -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", schema.FILE_ROLES)
def test_committed_json_schema_is_what_kzgraph_schema_writes(role: str) -> None:
    committed = (ROOT / "data" / "schema" / f"{role}.schema.json").read_text(encoding="utf-8")
    assert committed == schema.schema_text(role), "run `kzgraph schema` and commit data/schema/"


def test_every_error_hint_keeps_the_kinds_words() -> None:
    """A field's own words come after the kind's hint, never instead of it."""
    for rt in RECORD_TYPES:
        for f in rt.fields:
            kind = kind_of(f)
            hint = kind.narrow[f.datatype][1] if f.datatype in kind.narrow else kind.expected
            assert kind.describe(f).startswith(hint), (rt.name, f.name)


# --- the reference for people ---------------------------------------------------------------------------


def test_kzgraph_fields_describes_every_field_of_every_record_type(capsys: pytest.CaptureFixture[str]) -> None:
    from kzgraph.cli import main

    assert main(["fields"]) == 0
    blocks = {block.split("  (")[0]: block for block in capsys.readouterr().out.split("\n\n")}
    for rt in RECORD_TYPES:
        lines = blocks[rt.name].splitlines()[1:]
        assert [line.split()[0] for line in lines] == [f.name for f in rt.fields], rt.name
        for f, line in zip(rt.fields, lines, strict=False):
            assert kind_of(f).describe(f).split(" — ")[0] in line or f.kind in ("concept", "fieldname"), line
            assert ("required" in line) == f.required and (", list" in line) == f.many, line


def test_kzgraph_fields_refuses_an_unknown_type(capsys: pytest.CaptureFixture[str]) -> None:
    from kzgraph.cli import main

    assert main(["fields", "Embasy"]) == 2
    assert "unknown record type Embasy; expected one of: DiplomaticRelation" in capsys.readouterr().err


def test_every_concept_field_has_its_vocabulary() -> None:
    """A concept field names a scheme of kzgraph/curated/concepts.py; every concept there is a term of the
    ontology (kzo_terms is generated from it)."""
    fields = [f for rt in RECORD_TYPES for f in rt.fields if f.kind == "concept"]
    assert fields and not [f.name for f in fields if f.scheme not in model.CONCEPTS]
    missing = sorted(local for table in model.CONCEPTS.values() for local in table.values() if local not in KZO)
    assert not missing, f"concepts.py names individuals the ontology lacks: {missing}"


def test_a_scheme_without_vocabulary_is_named_with_where_to_add_it() -> None:
    """Forgetting the vocabulary of a new concept field is one clear line from whatever asks first (the JSON
    Schema, the loader, the labels), not a bare KeyError."""
    from kzgraph.curated.fieldkinds import MissingVocabulary, kind_of

    field = model.Field("grapes", "concept", "kzo:grape", scheme="grape-variety")  # a scheme no kind of fact has
    with pytest.raises(MissingVocabulary) as caught:
        kind_of(field).schema(field)
    assert str(caught.value) == (
        "kzgraph/curated/model.py: field 'grapes': its scheme 'grape-variety' has no vocabulary; expected one line in "
        'kzgraph/curated/concepts.py CONCEPTS: "grape-variety": {"<slug in YAML>": "<local name in the ontology>", …}'
    )
