"""What changed between two releases, fact by fact: ``kzgraph diff OLD NEW``.

A release is compared by its data graph (``dist/kzgraph.nq``): every fact (an instance of a
subclass of ``kzo:Fact``, read from the release's own ontology) and every data-quality note that is
in one release and not the other, and for a fact or note in both, each property whose values
differ. A release records where each fact comes from in the article (``prov:wasDerivedFrom`` a
passage of a section), not the curated file and line it was written at; those are read from the
project's sources when a project directory is given (it is built into a temporary ``dist/`` first),
and the report says which it had.

``kzo:hasQualityNote`` on a fact is the inverse of a note's ``kzo:noteAbout``: adding a note adds it
to every fact the note is about, which is reported once, as the note added, not as a change to each
fact. The output is Markdown for people and Turtle (:func:`to_turtle`) for programs, with each change
a resource of the ``kzo:`` change vocabulary linked to both releases and to the fact or note.
"""

from __future__ import annotations

import base64
import hashlib
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from ..core.errors import BuildError, UsageError
from ..curated import model
from ..curated.namespaces import BASE, VOCABULARIES, graph_iri, short_name

KZO = VOCABULARIES["kzo"]
RDF_TYPE = VOCABULARIES["rdf"] + "type"
SUBCLASS = VOCABULARIES["rdfs"] + "subClassOf"
LABEL = VOCABULARIES["rdfs"] + "label"
OWL_ONTOLOGY = VOCABULARIES["owl"] + "Ontology"
URI_SPACE = VOCABULARIES["void"] + "uriSpace"
DERIVED = VOCABULARIES["prov"] + "wasDerivedFrom"
QUOTE = VOCABULARIES["prov"] + "value"
IN_SECTION = KZO + "inSection"
HAS_NOTE = KZO + "hasQualityNote"
NOTE_CLASS = KZO + "DataQualityNote"
FACT_CLASS = KZO + "Fact"
NOTE_TYPE = KZO + "noteType"
NOTE_ABOUT = KZO + "noteAbout"

Values = frozenset[str]  # terms in N-Triples form
Description = dict[str, Values]  # predicate IRI -> its values


@dataclass
class Side:
    """One side of a comparison: a release's data graph, and where its records were written when known."""

    given: str  # as the user named it
    digest: str  # SHA-256 of the release's kzgraph.nq, hex
    ontology: str
    uri_space: str
    facts: dict[str, Description]
    notes: dict[str, Description]
    quotes: dict[str, str]  # passage IRI -> its quote
    sections: dict[str, str]  # passage IRI -> section IRI
    labels: dict[str, str]  # resource IRI -> English label
    versions: dict[str, str] = field(default_factory=dict)  # what the metadata says of its version
    where: dict[str, tuple[str, int, dict[str, int]]] | None = None  # IRI -> file, line, line of each field

    @property
    def iri(self) -> str:
        """The release as RFC 6920 named information: the same dump has the same name on any machine."""
        raw = bytes.fromhex(self.digest)
        return "ni:///sha-256;" + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


@dataclass(frozen=True)
class PropertyChange:
    """One property of a fact or note whose values differ."""

    predicate: str
    old: Values
    new: Values
    field: str = ""  # the curated field that states it, when the model says which
    location: str = ""  # "file:line" of that field in the new (or, when it is gone, the old) sources


@dataclass(frozen=True)
class Change:
    """A fact or a note added, removed or changed."""

    kind: str  # "added", "removed", "changed"
    what: str  # "fact" or "note"
    iri: str
    label: str
    location: str  # "file:line" when the sources were read, else ""
    section: str  # the section of the article it comes from (short name), "" when unknown
    properties: tuple[PropertyChange, ...] = ()


@dataclass
class Diff:
    """Everything that changed from ``old`` to ``new``."""

    old: Side
    new: Side
    changes: list[Change]

    def of(self, what: str, kind: str) -> list[Change]:
        """The changes of one kind ("added" …) to facts or notes, in IRI order."""
        return [c for c in self.changes if c.what == what and c.kind == kind]


# --- reading the two sides ------------------------------------------------------------------------


def read_side(path: Path, work: Path) -> Side:
    """A release directory (holding ``kzgraph.nq``) as it is, or a project directory built into ``work``."""
    path = Path(path)
    if (path / "kzgraph.nq").is_file():
        return _read_release(path / "kzgraph.nq", str(path))
    if (path / "data").is_dir() and (path / "ontology").is_dir():
        from .build import build

        out = work / f"dist-{len(list(work.iterdir()))}"
        release = build(path, out, validate=False, reason=False)
        side = _read_release(out / "kzgraph.nq", str(path))
        records = release.dataset.records.values()
        side.where = {side.uri_space + rec.key: (rec.file, rec.line, dict(rec.lines)) for rec in records}
        return side
    raise UsageError(f"{path}: neither a release (no kzgraph.nq in it) nor a project (no data/ and ontology/ in it)")


def _read_release(nq: Path, given: str) -> Side:
    """The facts, notes and what describes them in a release's ``kzgraph.nq``; one error line if it is no release."""
    try:
        body = nq.read_bytes()
    except OSError as exc:
        raise BuildError(f"{nq}: cannot read the release's N-Quads: {exc.strerror or exc}") from None
    try:
        quads = list(ox.parse(body, format=ox.RdfFormat.N_QUADS))
    except SyntaxError as exc:
        raise BuildError(f"{nq}: not a release's N-Quads: {exc}") from None
    graphs: dict[str, list[ox.Quad]] = defaultdict(list)
    for q in quads:
        graphs[q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""].append(q)
    ontology = [
        q.subject.value
        for q in graphs[graph_iri("ontology")]
        if q.predicate.value == RDF_TYPE and str(q.object) == f"<{OWL_ONTOLOGY}>"
    ]
    spaces = [q.object.value for q in graphs[graph_iri("metadata")] if q.predicate.value == URI_SPACE]
    if not ontology or not spaces:
        raise BuildError(f"{nq}: not a kzgraph release (no ontology or no void:uriSpace in its graphs)")
    fact_classes = _subclasses(graphs[graph_iri("ontology")], FACT_CLASS)
    described: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    quotes: dict[str, str] = {}
    sections: dict[str, str] = {}
    labels: dict[str, str] = {}
    for q in graphs[graph_iri("data")]:
        s, p = q.subject.value, q.predicate.value
        described[s][p].add(str(q.object))
        if p == QUOTE and isinstance(q.object, ox.Literal):
            quotes[s] = q.object.value
        elif p == IN_SECTION:
            sections[s] = q.object.value
        elif p == LABEL and isinstance(q.object, ox.Literal) and q.object.language == "en":
            labels[s] = min(labels.get(s, q.object.value), q.object.value)
    types = {s: {t[1:-1] for t in d.get(RDF_TYPE, ())} for s, d in described.items()}
    facts = {s: _frozen(d) for s, d in described.items() if types[s] & fact_classes}
    notes = {s: _frozen(d) for s, d in described.items() if NOTE_CLASS in types[s]}
    versions = {
        short_name(q.predicate.value): q.object.value
        for q in graphs[graph_iri("metadata")]
        if q.subject.value == BASE + "dataset"
        and q.predicate.value.endswith(("versionInfo", "#version"))
        and isinstance(q.object, ox.Literal)
    }
    return Side(given, hashlib.sha256(body).hexdigest(), ontology[0], spaces[0], facts, notes, quotes, sections, labels, versions)


def _subclasses(ontology: list[ox.Quad], top: str) -> set[str]:
    """``top`` and every class below it by ``rdfs:subClassOf``, in the release's own ontology."""
    below: dict[str, set[str]] = defaultdict(set)
    for q in ontology:
        if q.predicate.value == SUBCLASS and isinstance(q.object, ox.NamedNode):
            below[q.object.value].add(q.subject.value)
    found, todo = {top}, [top]
    while todo:
        for sub in below[todo.pop()] - found:
            found.add(sub)
            todo.append(sub)
    return found


def _frozen(description: dict[str, set[str]]) -> Description:
    return {p: frozenset(v) for p, v in description.items()}


# --- comparing ----------------------------------------------------------------------------------


def diff(old_path: Path, new_path: Path, work: Path | None = None) -> Diff:
    """Compare two releases or projects; :class:`UsageError` when they are not of one project.

    A project is built into ``work`` (kept for the caller), or into a temporary folder removed after."""
    if work is not None:
        return _diff(read_side(old_path, work), read_side(new_path, work))
    with tempfile.TemporaryDirectory(prefix="kzgraph-diff-") as tmp:
        return _diff(read_side(old_path, Path(tmp)), read_side(new_path, Path(tmp)))


def _diff(old: Side, new: Side) -> Diff:
    if (old.ontology, old.uri_space) != (new.ontology, new.uri_space):
        raise UsageError(
            f"{old.given} and {new.given} are releases of unrelated projects "
            f"(ontology <{old.ontology}> and <{new.ontology}>, data under <{old.uri_space}> and <{new.uri_space}>)"
        )
    changes = _compare("fact", old, new, old.facts, new.facts) + _compare("note", old, new, old.notes, new.notes)
    return Diff(old, new, changes)


@cache
def _fields(class_iri: str) -> dict[str, str]:
    """Predicate IRI -> the curated field that states it, for the record type of one class (from the model)."""
    from ..curated.namespaces import expand_curie

    name = class_iri.removeprefix(KZO)
    rt = model.NOTE if class_iri == NOTE_CLASS else model.FACT_TYPES.get(name)
    if rt is None:
        return {}
    from ..curated.fieldkinds import kind_of

    fields = {str(expand_curie(f.predicate)): f.name for f in rt.fields if f.predicate}
    for f in rt.fields:
        if kind_of(f).passages:  # written as prov:wasDerivedFrom a passage
            fields[DERIVED] = f.name
    return fields


def _field_of(predicate: str, description: Description) -> str:
    """The curated field of ``predicate`` on a record of the classes ``description`` asserts, or ""."""
    for t in sorted(description.get(RDF_TYPE, ())):
        name = _fields(t[1:-1]).get(predicate)
        if name:
            return name
    return ""


def _compare(what: str, old: Side, new: Side, before: dict[str, Description], after: dict[str, Description]) -> list[Change]:
    out: list[Change] = []
    for iri in sorted(before.keys() | after.keys()):
        if iri not in after:
            out.append(_change("removed", what, iri, old, before[iri]))
        elif iri not in before:
            out.append(_change("added", what, iri, new, after[iri]))
        else:
            props = _property_changes(iri, before[iri], after[iri], old, new)
            if props:
                out.append(_change("changed", what, iri, new, after[iri], props))
    return out


def _property_changes(iri: str, before: Description, after: Description, old: Side, new: Side) -> tuple[PropertyChange, ...]:
    out = []
    for p in sorted(before.keys() | after.keys()):
        if p == HAS_NOTE:  # reported as the note added or resolved
            continue
        a, b = before.get(p, frozenset()), after.get(p, frozenset())
        if a != b:
            name = _field_of(p, after if b else before)
            where = (new if b else old).where or {}
            file, _, lines = where.get(iri, ("", 0, {}))
            out.append(PropertyChange(p, a, b, name, f"{file}:{lines[name]}" if name in lines else ""))
    return tuple(out)


def _change(
    kind: str, what: str, iri: str, side: Side, description: Description, props: tuple[PropertyChange, ...] = ()
) -> Change:
    location = ""
    if side.where is not None and iri in side.where:
        file, line, _ = side.where[iri]
        location = f"{file}:{line}"
    sections = sorted({side.sections[p[1:-1]] for p in description.get(DERIVED, ()) if p[1:-1] in side.sections})
    section_ns = side.uri_space + "section/"
    return Change(
        kind, what, iri, side.labels.get(iri, ""), location, ", ".join(s.removeprefix(section_ns) for s in sections), props
    )


# --- Markdown, for people -------------------------------------------------------------------------

HEADINGS = {
    ("fact", "added"): "Facts added",
    ("fact", "removed"): "Facts removed",
    ("fact", "changed"): "Facts changed",
    ("note", "added"): "Data-quality notes added",
    ("note", "removed"): "Data-quality notes resolved (gone from the new release)",
    ("note", "changed"): "Data-quality notes changed",
}


def to_markdown(d: Diff) -> str:
    """The changelog as Markdown: a summary line, then a section per kind of change that has any."""
    lines = [f"# Changes from {d.old.given} to {d.new.given}", "", _summary(d), ""]
    lines += [f"- old: `{d.old.given}` ({_describe(d.old)})", f"- new: `{d.new.given}` ({_describe(d.new)})"]
    if d.old.where is None or d.new.where is None:
        lines.append(
            "- source files and lines: a release does not record them; they are given from a project's "
            "sources only (pass project directories for both)"
            if d.old.where is None and d.new.where is None
            else "- source files and lines: from the project's sources, on the side given as a project"
        )
    else:
        lines.append("- source files and lines: from the projects' sources (a release does not record them)")
    for (what, kind), heading in HEADINGS.items():
        changes = d.of(what, kind)
        if changes:
            lines += ["", f"## {heading} ({len(changes)})", ""]
            for c in changes:
                lines += _markdown_change(c, d.old if kind == "removed" else d.new, d.old)
    return "\n".join(lines) + "\n"


def _summary(d: Diff) -> str:
    if not d.changes:
        return "No facts or data-quality notes changed."
    facts, notes = len(d.of("fact", "added")), len(d.of("note", "added"))
    counts = [
        f"{facts} fact{'s' if facts != 1 else ''} added",
        f"{len(d.of('fact', 'removed'))} removed",
        f"{len(d.of('fact', 'changed'))} changed",
        f"{notes} note{'s' if notes != 1 else ''} added",
        f"{len(d.of('note', 'removed'))} resolved",
        f"{len(d.of('note', 'changed'))} changed",
    ]
    return ", ".join(counts[:3]) + "; " + ", ".join(counts[3:]) + "."


def _describe(side: Side) -> str:
    version = ", ".join(f"{k} {v}" for k, v in sorted(side.versions.items()))
    return (
        f"{len(side.facts)} facts, {len(side.notes)} notes"
        + (f", {version}" if version else "")
        + f", sha-256 {side.digest[:12]}"
    )


def _markdown_change(c: Change, side: Side, old: Side) -> list[str]:
    where = [f"`{c.location}`"] if c.location else []
    if c.section:
        where.append(f"section {c.section}")
    label = c.label or _note_label(c.iri, side)
    head = f"- `{short_name(c.iri)}`" + (f" — {label}" if label else "") + (f" ({'; '.join(where)})" if where else "")
    out = [head]
    for p in c.properties:
        field = (f"field `{p.field}`" + (f" at `{p.location}`" if p.location else "")) if p.field else ""
        name = f"`{short_name(p.predicate)}`" + (f" ({field})" if field else "")
        out.append(f"  - {name}: {_values(p.old, old)} → {_values(p.new, side)}")
    return out


def _note_label(iri: str, side: Side) -> str:
    """A note has no label of its own: its kind and what it is about."""
    note = side.notes.get(iri)
    if note is None:
        return ""
    kinds = ", ".join(short_name(t[1:-1]).removeprefix("kzo:") for t in sorted(note.get(NOTE_TYPE, ())))
    about = ", ".join(f"`{short_name(t[1:-1])}`" for t in sorted(note.get(NOTE_ABOUT, ())))
    return f"{kinds} about {about}" if about else kinds


def _values(values: Values, side: Side) -> str:
    if not values:
        return "(none)"
    return ", ".join(_value(v, side) for v in sorted(values))


def _value(term: str, side: Side) -> str:
    if term.startswith("<"):
        iri = term[1:-1]
        if iri in side.quotes:
            quote = side.quotes[iri]
            return f"“{quote if len(quote) <= 80 else quote[:79] + '…'}”"
        return f"`{short_name(iri)}`"
    literal = _parse_term(term)
    if isinstance(literal, ox.Literal):
        if literal.language:
            return f"`{literal.value}`@{literal.language}"
        datatype = literal.datatype.value
        return f"`{literal.value}`" + ("" if datatype.endswith("#string") else f" ({short_name(datatype)})")
    return f"`{term}`"  # pragma: no cover - the data graph has no blank nodes


def _parse_term(term: str) -> ox.Term:
    triple = next(iter(ox.parse(f"<urn:s> <urn:p> {term} .", format=ox.RdfFormat.N_TRIPLES)))
    return triple.object


# --- Turtle, for programs ---------------------------------------------------------------------------

_CLASSES = {"added": "Addition", "removed": "Removal", "changed": "Modification"}


def to_turtle(d: Diff) -> bytes:
    """The changelog as Turtle: each change a ``kzo:Change`` linked to both releases and to its fact or note."""
    from .serialize import turtle
    from .triples import Triples

    log = f"{BASE}changes/{d.old.digest[:12]}-{d.new.digest[:12]}"
    lines = [*_release_lines(d.old), *_release_lines(d.new)]
    for c in d.changes:
        node = f"<{log}/{c.what}/{c.iri.removeprefix(d.new.uri_space)}>"
        lines += [
            f"{node} <{RDF_TYPE}> <{KZO}{_CLASSES[c.kind]}> .",
            f"{node} <{KZO}changeOf> <{c.iri}> .",
            f"{node} <{KZO}oldRelease> <{d.old.iri}> .",
            f"{node} <{KZO}newRelease> <{d.new.iri}> .",
        ]
        if c.location:
            lines.append(f"{node} <{KZO}sourceLocation> {ox.Literal(c.location)} .")
        for p in c.properties:
            pnode = (
                f"<{log}/{c.what}/{c.iri.removeprefix(d.new.uri_space)}/{short_name(p.predicate).replace(':', '-').strip('<>')}>"
            )
            lines += [f"{node} <{KZO}propertyChange> {pnode} .", f"{pnode} <{RDF_TYPE}> <{KZO}PropertyChange> ."]
            lines.append(f"{pnode} <{KZO}changedProperty> <{p.predicate}> .")
            lines += [f"{pnode} <{KZO}oldValue> {v} ." for v in p.old] + [f"{pnode} <{KZO}newValue> {v} ." for v in p.new]
            if p.location:
                lines.append(f"{pnode} <{KZO}sourceLocation> {ox.Literal(p.location)} .")
    return turtle(Triples.from_lines(lines))


def _release_lines(side: Side) -> list[str]:
    node = f"<{side.iri}>"
    out = [
        f"{node} <{RDF_TYPE}> <{VOCABULARIES['dcat']}Dataset> .",
        f"{node} <{VOCABULARIES['dcterms']}isVersionOf> <{BASE}dataset> .",
    ]
    for name, value in sorted(side.versions.items()):
        predicate = (VOCABULARIES["owl"] + "versionInfo") if name == "owl:versionInfo" else (VOCABULARIES["dcat"] + "version")
        out.append(f"{node} <{predicate}> {ox.Literal(value)} .")
    return out
