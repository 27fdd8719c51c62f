"""Stage 2: turn checked records into the asserted RDF graph.

One pass over the records, each field mapped by the table in :mod:`kzgraph.curated.model` to the term its
kind (:mod:`kzgraph.curated.fieldkinds`) makes; cost is linear
in the number of facts. Facts are nodes (n-ary relations) with their provenance; binary shortcuts
(``kzo:hasDiplomaticRelationWith``, ``org:memberOf``) are added for convenient querying, the node
staying the source of truth. IRIs come from stable curated ids, never from row order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, OWL, PROV, QB, RDF, RDFS, SKOS, TIME, XSD

from ..core.dates import PartialDate
from ..core.errors import DataError, SourceProblem
from ..curated import model
from ..curated.fieldkinds import Context, kind_of
from ..curated.load import Dataset, Passage, Record
from ..curated.namespaces import BASE, KZO, bind_prefixes, expand_curie, id_namespace
from ..curated.recordtypes import record_type_of
from .geofields_rdf import point_triples
from .labels import Labeller, Words, project_words
from .triples import Triples

# Only these roles make the member a member; chairs and participants are not members by that fact.
_MEMBER_ROLES = {"member", "founder", "full-member"}
_TIME_PROPERTY = {"day": TIME.inXSDDate, "month": TIME.inXSDgYearMonth, "year": TIME.inXSDgYear}


class Converter:
    """Converts a :class:`Dataset` to triples under a base IRI; fact labels take the words of
    ``ontology`` (the build's parsed graph), or of the dataset's project ontology when not given."""

    def __init__(self, dataset: Dataset, base: str = BASE, ontology: Graph | None = None):
        self.ds = dataset
        self.base = base
        self.ns = id_namespace(base)
        self.article = self.iri_of(next(iter(dataset.by_path("article"))).key)
        self.ontology = ontology
        self._labels: dict[str, dict[str, str]] | None = None

    @property
    def fact_labels(self) -> dict[str, dict[str, str]]:
        """Every fact's labels, made at the first fact (DataError naming each record one cannot be made for)."""
        if self._labels is None:
            words = Words.of_graph(self.ontology) if self.ontology is not None else project_words(self.ds.root)
            self._labels = Labeller(self.ds, words).all()
        return self._labels

    def iri_of(self, key: str) -> URIRef:
        """The IRI of a record by its key (``state/KAZ``) under this converter's base."""
        return URIRef(self.ns + key)

    def passage_iri(self, p: Passage) -> URIRef:
        """A passage's IRI, ``passage/{section}/{hash of its quote}``, under this converter's base."""
        # A passage is its section and its words: the same quote cited by two facts is one node.
        digest = hashlib.sha1(p.quote.encode("utf-8")).hexdigest()[:12]
        return URIRef(f"{self.ns}passage/{p.section}/{digest}")

    def triples(self) -> Iterator[tuple[Any, Any, Any]]:
        """Every asserted triple as rdflib terms, with repeats (a passage cited by two records is yielded twice)."""
        for rec in self.ds.records.values():
            yield from self.record_triples(rec)
        yield from self.dataset_triples()

    def record_triples(self, rec: Record) -> Iterator[tuple[Any, Any, Any]]:
        """A record's triples: its type, each field as its kind makes it, labels, what it implies, its passages."""
        s = self.iri_of(rec.key)
        yield s, RDF.type, KZO[rec.type]
        rt = _record_type(rec)
        ctx = Context(self, rt, rec.values)
        for f in rt.fields:
            value = rec.values.get(f.name)
            if value is None or f.predicate is None:
                continue
            p, make = expand_curie(f.predicate), kind_of(f).rdf
            for v in value if f.many else [value]:
                for o in make(v, f, ctx):
                    yield s, p, o
        if "labels" in rec.values:
            for lang, text in sorted(rec.values["labels"].items()):
                yield s, RDFS.label, Literal(text, lang=lang)
                yield s, SKOS.prefLabel, Literal(text, lang=lang)
        yield from self.special_triples(s, rec)
        # A fact or note is derived from its passages; a table or row is where the article prints it.
        link = KZO.printedAs if rec.path in model.TABLE_PATHS else PROV.wasDerivedFrom
        for passage in rec.sources:
            ps = self.passage_iri(passage)
            yield s, link, ps
            yield from self.passage_triples(ps, passage)

    def special_triples(self, s: URIRef, rec: Record) -> Iterator[tuple[Any, Any, Any]]:
        """What a record implies beyond its fields: shortcuts, intervals, labels, structure."""
        v = rec.values
        if rec.path == "state" and "iso2" in v:
            yield s, KZO.iso3166Alpha3, Literal(rec.id)
        if rec.type == "DiplomaticRelation" or rec.type == "NoDiplomaticRelation":
            shortcut = KZO.hasDiplomaticRelationWith if rec.type == "DiplomaticRelation" else KZO.hasNoDiplomaticRelationWith
            a, b = (self.iri_of(k) for k in v["parties"])
            yield a, shortcut, b
            yield b, shortcut, a
        if rec.path == "membership":
            if v.get("role") in _MEMBER_ROLES:
                yield self.iri_of(v["member"]), ORG.memberOf, self.iri_of(v["organization"])
            if isinstance(v.get("start"), PartialDate) or isinstance(v.get("end"), PartialDate):
                yield from self.interval_triples(s, v.get("start"), v.get("end"))
        if rec.path == "observation":
            yield s, QB.dataSet, self.ns["dataset/figures"]
        if rec.type == "CapitalDesignation":
            yield self.iri_of(v["city"]), KZO.capitalOf, self.iri_of(v["state"])
        if rec.path == "city" and "lat" in v and "long" in v:
            yield from point_triples(s, v["lat"], v["long"])
        if rec.path == "table":
            yield from self.table_triples(s, rec)
        if rec.path == "table-row":
            yield from self.row_triples(s, rec)
        if rec.path == "period":  # a period is itself an OWL-Time interval, its bounds where the words give them
            yield from self.bounds_triples(s, s, v.get("begins"), v.get("ends"))
        if rec.path == "note":
            for target in v.get("affects") or []:
                if target:
                    yield self.iri_of(target), KZO.hasQualityNote, s
        if rec.path == "section":
            parent = rec.id.rpartition("/")[0]
            yield s, expand_curie("dcterms:isPartOf"), self.iri_of(f"section/{parent}") if parent else self.article
            yield s, KZO.sectionOrder, Literal(self._section_order(rec), datatype=XSD.positiveInteger)
            if self.ds.section_texts.get(rec.id):  # its own words, so a reader can read the section in order
                yield s, KZO.sectionText, Literal(self.ds.section_texts[rec.id], lang="bg")
            # a section is named by its title, and where the article gives it none in a language, by its label
            for lang, text in sorted({**v["title"], **(v.get("label") or {})}.items()):
                yield s, RDFS.label, Literal(text, lang=lang)
        if rec.path == "reference":
            yield s, KZO.referenceId, Literal(rec.id)
            yield s, expand_curie("dcterms:isReferencedBy"), self.article
        if rec.path == "literature":
            yield s, expand_curie("dcterms:isReferencedBy"), self.article
            yield from self.journal_triples(s, v.get("journal"))
        if rec.path in model.FACT_PATHS:
            for lang, text in self.fact_labels[rec.key].items():
                yield s, RDFS.label, Literal(text, lang=lang)
            if v.get("comment"):  # the whole English statement, beside the label (short) and the quote (Bulgarian)
                yield s, KZO.statement, Literal(v["comment"], lang="en")
        if rec.type == "Assessment" and not v.get("by"):  # whose view: without a named holder, the article's own
            yield s, KZO.assessedBy, self.article

    def journal_triples(self, s: URIRef, title: str | None) -> Iterator[tuple[Any, Any, Any]]:
        """The journal a work appeared in, a node of its own (``…#journal``) as BIBO models it, so that
        its title is a value apart from the volume and issue printed beside it."""
        if title is None:
            return
        journal = URIRef(f"{s}#journal")
        yield s, expand_curie("dcterms:isPartOf"), journal
        yield journal, RDF.type, expand_curie("bibo:Journal")
        yield journal, expand_curie("dcterms:title"), Literal(title)

    def interval_triples(self, s: URIRef, start: PartialDate | None, end: PartialDate | None) -> Iterator[tuple[Any, Any, Any]]:
        """``org:memberDuring`` as an OWL-Time interval, the way ORG models a membership's time."""
        interval = URIRef(f"{s}#during")
        yield s, ORG.memberDuring, interval
        yield interval, RDF.type, TIME.Interval
        yield from self.bounds_triples(interval, s, start, end)

    def table_triples(self, s: URIRef, rec: Record) -> Iterator[tuple[Any, Any, Any]]:
        """A table: the section it stands in, and its columns in order, each with its heading as
        printed and what its cells give."""
        section = rec.sources[0].section
        yield s, expand_curie("dcterms:isPartOf"), self.iri_of(f"section/{section}")
        for i, (heading, kind) in enumerate(zip(rec.values["columns"], rec.values["column_kinds"], strict=False), start=1):
            column = URIRef(f"{s}#column-{i}")
            yield s, KZO.column, column
            yield column, RDF.type, KZO.TableColumn
            yield column, KZO.columnPosition, Literal(i, datatype=XSD.positiveInteger)
            yield column, KZO.columnHeading, Literal(heading)
            yield column, KZO.columnKind, KZO[model.CONCEPTS["column-kind"][kind]]
        title = self._section_title(rec)
        yield s, RDFS.label, Literal(f"Table of the section {title['en']}", lang="en")
        yield s, RDFS.label, Literal(f"Таблица в раздела „{title.get('bg', title['en'])}“", lang="bg")

    def row_triples(self, s: URIRef, rec: Record) -> Iterator[tuple[Any, Any, Any]]:
        """A row's cells as printed (an empty cell is the empty string), each in its table's column."""
        table = self.iri_of(rec.values["table"])
        for i, text in enumerate(rec.values["cells"], start=1):
            cell = URIRef(f"{s}#cell-{i}")
            yield s, KZO.cell, cell
            yield cell, RDF.type, KZO.TableCell
            yield cell, KZO.inColumn, URIRef(f"{table}#column-{i}")
            yield cell, KZO.cellText, Literal(text)
        title = self._section_title(self.ds.records[rec.values["table"]])
        where, position, printed = f"the table of the section {title['en']}", rec.values["position"], rec.sources[0].quote
        yield s, RDFS.label, Literal(f"Row {position} of {where}: {printed}", lang="en")
        yield (
            s,
            RDFS.label,
            Literal(f"Ред {position} от таблицата в раздела „{title.get('bg', title['en'])}“: {printed}", lang="bg"),
        )

    def _section_title(self, rec: Record) -> dict[str, str]:
        """The titles of the section a record's first passage stands in."""
        return self.ds.records[f"section/{rec.sources[0].section}"].values["title"]

    def bounds_triples(
        self, interval: URIRef, s: URIRef, start: PartialDate | None, end: PartialDate | None
    ) -> Iterator[tuple[Any, Any, Any]]:
        """The beginning and end of an OWL-Time interval, each an instant at the article's precision."""
        for edge, date in ((TIME.hasBeginning, start), (TIME.hasEnd, end)):
            if date is None:
                continue
            instant = URIRef(f"{s}#{'start' if edge == TIME.hasBeginning else 'end'}")
            yield interval, edge, instant
            yield instant, RDF.type, TIME.Instant
            yield instant, _TIME_PROPERTY[date.precision], date.literal()

    def passage_triples(self, ps: URIRef, p: Passage) -> Iterator[tuple[Any, Any, Any]]:
        """A source passage: its quote in the article's language, its section, the article, the references it cites."""
        yield ps, RDF.type, KZO.SourcePassage
        yield ps, PROV.value, Literal(p.quote, lang=p.lang)
        if p.rendering_en:  # the curators' English, beside the article's words and never in their place
            yield ps, KZO.curatorsRendering, Literal(p.rendering_en, lang="en")
        yield ps, KZO.inSection, self.iri_of(f"section/{p.section}")
        yield ps, PROV.wasQuotedFrom, self.article
        for ref in p.refs:
            yield ps, KZO.citesReference, self.iri_of(f"reference/{ref}")

    def dataset_triples(self) -> Iterator[tuple[Any, Any, Any]]:
        """The qb:DataSet the article's figures belong to (its structure is the ontology's ``kzo:figuresStructure``)."""
        figures = self.ns["dataset/figures"]
        yield figures, RDF.type, QB.DataSet
        yield figures, QB.structure, KZO.figuresStructure
        yield figures, RDFS.label, Literal("Figures stated in the article", lang="en")
        yield figures, RDFS.label, Literal("Числа, посочени в статията", lang="bg")

    _order: dict[str, int] | None = None

    def _section_order(self, rec: Record) -> int:
        if self._order is None:
            self._order = {r.id: i for i, r in enumerate(self.ds.by_path("section"), start=1)}
        return self._order[rec.id]


def _record_type(rec: Record) -> model.RecordType:
    """The record type of ``rec`` (kept under this name for the callers that know it)."""
    return record_type_of(rec.path, rec.type)


def to_triples(dataset: Dataset, base: str = BASE, ontology: Graph | None = None) -> Triples:
    """The asserted graph of the curated sources, as sorted N-Triples: what the build carries.

    The triples are the converter's, term for term; each is written with its terms' own N-Triples
    form as soon as it is made, so no rdflib graph of the data is ever built (at a million triples
    that graph alone took gigabytes and minutes). An IRI that cannot be written stops the build at
    the record it came from.
    """
    conv = Converter(dataset, base, ontology)
    return Triples.from_lines(_ntriples_lines(conv))


def _ntriples_lines(conv: Converter) -> Iterator[str]:
    for rec in conv.ds.records.values():
        for triple in conv.record_triples(rec):
            yield _line(triple, rec)
    for triple in conv.dataset_triples():
        yield _line(triple, None)


def _line(triple: tuple[Any, Any, Any], rec: Record | None) -> str:
    try:
        return f"{triple[0].n3()} {triple[1].n3()} {triple[2].n3()} ."
    except Exception:  # rdflib refuses an IRI it cannot write (a space, <, >, ", {, }, |, ^, `, \\)
        bad = next((str(t) for t in triple if isinstance(t, URIRef) and not _writable(t)), str(triple))
        if rec is None:
            raise
        field = next((name for name, v in rec.values.items() if bad in (v if isinstance(v, list) else [v])), "")
        raise DataError(
            [
                SourceProblem(
                    rec.file,
                    rec.line,
                    field,
                    f'{bad!r} cannot be written as an IRI (no spaces, <, >, ", {{, }}, |, ^, ` or \\); '
                    "expected an absolute IRI with such characters percent-encoded",
                )
            ]
        ) from None


def _writable(iri: URIRef) -> bool:
    try:
        iri.n3()
    except Exception:
        return False
    return True


def to_graph(dataset: Dataset, base: str = BASE) -> Graph:
    """The asserted graph of the curated sources as an rdflib graph: the reference for
    :func:`to_triples` in the tests, and handy for small projects."""
    graph = bind_prefixes(Graph(), base)
    conv = Converter(dataset, base)
    for triple in conv.triples():
        graph.add(triple)
    return graph


def source_index(dataset: Dataset, base: str = BASE) -> dict[str, tuple[str, int]]:
    """IRI -> (curated file, line), so a validation report can point back at the source."""
    conv = Converter(dataset, base)
    index = {str(conv.iri_of(r.key)): (r.file, r.line) for r in dataset.records.values()}
    for r in dataset.records.values():
        for p in r.sources:
            index.setdefault(str(conv.passage_iri(p)), (p.file, p.line))
    return index


__all__ = ["to_triples", "to_graph", "source_index", "Converter", "OWL"]
