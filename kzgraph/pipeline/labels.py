"""Readable English and Bulgarian labels for fact nodes, made from the fact's own fields.

A fact node without a label shows up in every browser and query result as a bare IRI; with one,
"Embassy of Kazakhstan in Baku, Azerbaijan" tells the reader what it is. Labels are derived from
curated fields only, so they never say more than the data.

Nothing here knows a kind of fact. Each fact's record type in :mod:`kzgraph.curated.model` carries its label
template (``RecordType.label``), and the words a label writes for a term of the ontology (a class, a
measure, a unit, a role, a hedge) are that term's ``kzo:labelPhrase``, stated beside it in the
ontology. A new kind of fact thus brings its label where it is defined; a term without its phrase
stops the build at the record that uses it (``file:line: field: …``), and a template that names a
field its type lacks stops it before any record is labelled.

A template is text with placeholders:

- ``{field}`` the field's words: a reference the named record's label, a concept or the ``type`` the
  term's label phrase, a list joined with ", " (``{parties: – }`` joins with " – "), a name by language;
- ``{a|b}`` the first of the fields the record has; ``{field!l}`` in lower case;
- ``[ … ]`` a part left out unless every field it names has a value (`` ({date|start})`` after a date);
- ``{name()}`` a named special case (:data:`SPECIAL`), such as a judgement's hedged words.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from string import Formatter
from typing import Any

from rdflib.namespace import SKOS

from ..core.errors import BuildError, DataError, SourceProblem
from ..curated import model
from ..curated.fieldkinds import concepts_of
from ..curated.load import Dataset, Record
from ..curated.namespaces import KZO
from ..curated.project import Project
from ..curated.recordtypes import record_type_of
from .ontology_graph import parse_ontology
from .terms import KZO_NS

LABEL_PHRASE = str(KZO.labelPhrase)
PREF_LABEL = str(SKOS.prefLabel)
LANGUAGES = ("en", "bg")
SLOT = "…"  # in a hedge's label phrase: where the words it qualifies go ("mainly …", "… at times")
# Hedges the article puts on the respects rather than on the characterisation ("силни, особено в
# политическата ... сфери"): a label writes them inside the aspects' brackets.
ASPECT_HEDGES = frozenset({"especially"})
_CURATED = ("name", "label")  # a fact's own name (a treaty's) or its curator's label: that is its label


@dataclass(frozen=True)
class Words:
    """What the ontology says a label writes for its terms, by local name and language: each term's
    ``kzo:labelPhrase`` (every one it has) and ``skos:prefLabel``."""

    phrases: dict[str, dict[str, list[str]]]
    names: dict[str, dict[str, list[str]]]

    @classmethod
    def of(cls, statements: Iterable[tuple[str, str, str, str | None]]) -> Words:
        """From (subject IRI, predicate IRI, text, language) statements; the rest is ignored."""
        phrases: dict[str, dict[str, list[str]]] = {}
        names: dict[str, dict[str, list[str]]] = {}
        for s, p, text, lang in statements:
            table = phrases if p == LABEL_PHRASE else names if p == PREF_LABEL else None
            if table is not None and lang and s.startswith(KZO_NS):
                table.setdefault(s[len(KZO_NS) :], {}).setdefault(lang, []).append(text)
        return cls(phrases, names)

    @classmethod
    def of_graph(cls, ontology: Any) -> Words:
        """From the ontology as the build has parsed it (an rdflib graph)."""
        from rdflib import URIRef

        return cls.of(
            (str(s), p, str(o), getattr(o, "language", None))
            for p in (LABEL_PHRASE, PREF_LABEL)
            for s, o in ontology.subject_objects(URIRef(p))
        )


def project_words(root: Path) -> Words:
    """The words of the ontology of the project at ``root``, for callers that convert without the build
    (which passes the graph it parsed). Read by the build's own reader (:func:`parse_ontology`), so the
    labels and the release never read one text two ways; parsed once per ontology text: the bytes
    that are hashed are the bytes that are parsed (one project reads each part once)."""
    project = Project(Path(root))
    digest = hashlib.sha256(project.document("ontology")).hexdigest()
    hit = _WORDS.get(digest)
    if hit is None:
        hit = Words.of_graph(parse_ontology(project))
        if len(_WORDS) >= 4:
            _WORDS.pop(next(iter(_WORDS)))
        _WORDS[digest] = hit
    return hit


_WORDS: dict[str, Words] = {}  # ontology text's hash -> its words, the last few


# --- templates -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """A placeholder: the fields it may take its words from (the first present), how a list is joined,
    whether in lower case; or the named special case it calls."""

    names: tuple[str, ...]
    sep: str = ", "
    lower: bool = False
    special: str = ""


Piece = tuple[str, Slot | None]  # literal text, then the placeholder after it (None at the end)
Part = tuple[bool, tuple[Piece, ...]]  # whether the part is optional ([ … ]), its pieces


@functools.cache
def parse(template: str) -> tuple[Part, ...]:
    """A template's parts; ValueError saying what is malformed."""
    parts: list[Part] = []
    for i, text in enumerate(re.split(r"\[([^\[\]]*)\]", template)):
        if i % 2 == 0 and ("[" in text or "]" in text):
            raise ValueError("has an unmatched or nested [ ]")
        pieces: list[Piece] = []
        for literal, name, spec, conversion in Formatter().parse(text):
            if name is None:
                pieces.append((literal, None))
                continue
            if conversion not in (None, "l"):
                raise ValueError(f"writes {{{name}!{conversion}}}; the only conversion is !l (lower case)")
            special = name[:-2] if name.endswith("()") else ""
            names = () if special else tuple(name.split("|"))
            pieces.append((literal, Slot(names, spec or ", ", conversion == "l", special)))
        parts.append((i % 2 == 1, tuple(pieces)))
    return tuple(parts)


def template_problems(rt: model.RecordType) -> list[str]:
    """What is wrong with a fact type's label template: missing, malformed, naming a field the type
    lacks, or leaving a gap (an optional field outside ``[ ]``). Empty when it is sound."""
    where = f"kzgraph/curated/model.py: {rt.name} ({rt.path})"
    if not rt.label or len(rt.label) != len(LANGUAGES) or not all(rt.label):
        return [f"{where}: label: no label template; expected label=(English, Bulgarian) on the record type"]
    fields = {f.name: f for f in rt.fields}
    problems = []
    for lang, template in zip(LANGUAGES, rt.label, strict=True):
        try:
            parts = parse(template)
        except ValueError as exc:
            problems.append(f"{where}: label ({lang}) {template!r} {exc}")
            continue
        for optional, pieces in parts:
            for _, slot in pieces:
                problems += _slot_problems(slot, fields, optional, f"{where}: label ({lang})")
    return problems


def _slot_problems(slot: Slot | None, fields: dict[str, model.Field], optional: bool, where: str) -> list[str]:
    if slot is None:
        return []
    if slot.special:
        return (
            []
            if slot.special in SPECIAL
            else [f"{where}: {{{slot.special}()}} is no special case; expected one of {sorted(SPECIAL)}"]
        )
    unknown = [n for n in slot.names if n not in fields]
    if unknown:
        return [f"{where}: names {{{unknown[0]}}}, which the record type has no field of; its fields: {', '.join(fields)}"]
    last = fields[slot.names[-1]]
    if not optional and not (last.required or (last.many and last.min_items > 0)):  # a list may be empty unless it needs items
        return [f"{where}: writes {{{'|'.join(slot.names)}}} outside [ ], but {last.name} is optional; put it in [ … ]"]
    return []


def check_templates(types: Iterable[model.RecordType] = model.FACT_TYPES.values()) -> None:
    """Stop (BuildError) when a fact type's label template is missing or unsound: at the start of
    labelling, before any record of that type turns up."""
    problems = [p for rt in types for p in template_problems(rt)]
    if problems:
        raise BuildError("\n".join(problems))


# --- labelling ---------------------------------------------------------------------------------


class Missing(Exception):
    """A label cannot be written: the record, its field, and what is missing."""

    def __init__(self, rec: Record, field: str, message: str):
        super().__init__(message)
        self.problem = SourceProblem(rec.file, rec.line_of(field), field, message)


class Labeller:
    """Writes fact labels for one dataset with one ontology's words; each label once."""

    def __init__(self, ds: Dataset, words: Words):
        check_templates()
        self.ds, self.words = ds, words
        self.done: dict[tuple[str, str], str] = {}

    def all(self) -> dict[str, dict[str, str]]:
        """Every fact's labels by key; DataError naming every record whose label cannot be written."""
        out, problems = {}, []
        for rec in self.ds.facts:
            try:
                out[rec.key] = self.labels(rec)
            except Missing as exc:
                problems.append(exc.problem)
        if problems:
            raise DataError(problems)
        return out

    def labels(self, rec: Record) -> dict[str, str]:
        """``{"en": …, "bg": …}`` for a fact record: its curated name, else its template filled."""
        names = {f.name for f in record_type_of(rec.path, rec.type).fields}
        curated = next((rec.values[n] for n in _CURATED if n in names and rec.values.get(n)), None)
        if curated:
            return {lang: curated[lang] for lang in LANGUAGES if lang in curated}
        return {lang: self.derived(rec, lang) for lang in LANGUAGES}

    def derived(self, rec: Record, lang: str) -> str:
        """The label the record's template makes in ``lang``."""
        if (rec.key, lang) not in self.done:
            template = record_type_of(rec.path, rec.type).label[LANGUAGES.index(lang)]  # type: ignore[index]
            self.done[rec.key, lang] = "".join(self._part(rec, lang, optional, pieces) for optional, pieces in parse(template))
        return self.done[rec.key, lang]

    def _part(self, rec: Record, lang: str, optional: bool, pieces: tuple[Piece, ...]) -> str:
        out = []
        for literal, slot in pieces:
            out.append(literal)
            if slot is not None:
                words = self._slot(rec, lang, slot)
                if optional and not words:
                    return ""
                out.append(words)
        return "".join(out)

    def _slot(self, rec: Record, lang: str, slot: Slot) -> str:
        if slot.special:
            return SPECIAL[slot.special](self, rec, lang)
        rt = record_type_of(rec.path, rec.type)
        name = next((n for n in slot.names if _present(self._value(rec, n))), None)
        if name is None:
            return ""
        f = next(f for f in rt.fields if f.name == name)
        value = self._value(rec, name)
        words = slot.sep.join(self._words(rec, f, v, lang) for v in value) if f.many else self._words(rec, f, value, lang)
        return words.lower() if slot.lower else words

    @staticmethod
    def _value(rec: Record, name: str) -> Any:
        return rec.type if name == "type" else rec.values.get(name)

    def _words(self, rec: Record, f: model.Field, value: Any, lang: str) -> str:
        if f.kind == "ref":
            return self.name(value, lang)
        if f.kind == "type":
            return self.phrase(rec, f.name, value, lang)
        if f.kind == "concept":
            return self.phrase(rec, f.name, concepts_of(f)[value], lang)
        if f.kind == "langmap":
            return value.get(lang) or value.get("en")
        return str(value)

    def name(self, key: Any, lang: str) -> str:
        """What a label calls the record ``key``: its name, a fact's own label, else its id."""
        rec = self.ds.records.get(key) if key else None
        if rec is None:
            return key or "?"
        labels = rec.values.get("labels") or rec.values.get("name")
        if labels:
            return labels.get(lang) or labels.get("en") or rec.id
        return self.derived(rec, lang) if record_type_of(rec.path, rec.type).label else rec.id

    def phrase(self, rec: Record, field: str, local: str, lang: str) -> str:
        """The term ``kzo:{local}``'s label phrase in ``lang``; :class:`Missing` when it has none, or two."""
        return self._one(rec, field, local, lang, self.words.phrases, "kzo:labelPhrase")

    def pref_label(self, rec: Record, field: str, local: str, lang: str) -> str:
        """The term ``kzo:{local}``'s skos:prefLabel in ``lang``; :class:`Missing` when it has none, or two."""
        return self._one(rec, field, local, lang, self.words.names, "skos:prefLabel")

    @staticmethod
    def _one(rec: Record, field: str, local: str, lang: str, table: dict[str, dict[str, list[str]]], prop: str) -> str:
        found = table.get(local, {}).get(lang, [])
        if len(found) != 1:
            has = "two or more" if found else "no"
            raise Missing(
                rec,
                field,
                f"kzo:{local} has {has} {prop} in {lang}, which this fact's label writes; expected one in en and one "
                f'in bg beside the term in the ontology: kzo:{local} {prop} "…"@en , "…"@bg .',
            )
        return found[0]


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != []


# --- special cases -------------------------------------------------------------------------------


def _judgement(lab: Labeller, r: Record, lang: str) -> str:
    """What an assessment calls what it judges, whole: "strained at times", "strong (especially
    political)". A label is never cut; the full English statement is the fact's kzo:statement."""
    v = r.values
    said = ", ".join(
        lab.pref_label(r, "characterisations", _local("characterisation", c), lang) for c in v.get("characterisations") or []
    )
    hedges = [(h, _hedge(lab, r, h, lang)) for h in v.get("hedges") or []]
    for _, (before, after) in (h for h in hedges if h[0] not in ASPECT_HEDGES):  # "rather good", "strained at times"
        said = f"{before}{said}{after}" if said else said
    aspects = ", ".join(lab.pref_label(r, "aspects", _local("aspect", a), lang) for a in v.get("aspects") or [])
    for _, (before, after) in (h for h in hedges if h[0] in ASPECT_HEDGES and aspects):  # "strong, especially in politics"
        aspects = f"{before}{aspects}{after}"
    if aspects:
        said += f" ({aspects})"
    if v.get("aspiration"):
        said = {"en": "sought: ", "bg": "желано: "}[lang] + said
    if v.get("by"):
        said += f" ({lab.name(v['by'], lang)})"
    return said


def _hedge(lab: Labeller, r: Record, slug: str, lang: str) -> tuple[str, str]:
    local = _local("hedge", slug)
    phrase = lab.phrase(r, "hedges", local, lang)
    if phrase.count(SLOT) != 1:
        raise Missing(
            r,
            "hedges",
            f'kzo:{local} has the label phrase "{phrase}" in {lang}; expected one {SLOT} where the words it qualifies go',
        )
    before, _, after = phrase.partition(SLOT)
    return before, after


def _local(scheme: str, slug: str) -> str:
    return model.CONCEPTS[scheme][slug]


# Special cases a template may call as {name()}: each writes its part from the record in one language.
SPECIAL: dict[str, Callable[[Labeller, Record, str], str]] = {"judgement": _judgement}


def fact_labels(rec: Record, ds: Dataset, words: Words | None = None) -> dict[str, str]:
    """``{"en": …, "bg": …}`` for a fact record (``words`` read from the dataset's project when not given)."""
    return Labeller(ds, words or project_words(ds.root)).labels(rec)
