"""Checks that keep the article's judgements data, run by the loader once every record is resolved.

An assessment says what the article calls something (a characterisation of the scheme in
:mod:`kzgraph.curated.judgement_terms`), or a ``no-characterisation`` note says why its sentence cannot be
reduced to one; the article's own words for it (``wording``) stand in the record's quote; no curated
name ends in an ellipsis, the mark of a text cut short. Each problem is ``file:line: field: what is
wrong``, as every loader problem. (That every fact carries its whole English statement,
``kzo:statement`` made from its ``comment``, is the shape kzsh:Fact-statement.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from ..core.errors import SourceProblem
from .fieldkinds import kind_of, normalize
from .recordtypes import record_type_of

if TYPE_CHECKING:  # the loader's records; the loader runs these checks, so this module never imports it
    from .dataset import Record

NO_CHARACTERISATION = "no-characterisation"
ELLIPSES = ("…", "...")


def problems(records: Mapping[str, Record]) -> list[SourceProblem]:
    """Every problem of the judgements, statements and names in ``records``."""
    explained = _explained(records.values())
    found: list[SourceProblem] = []
    for rec in records.values():
        if rec.type == "Assessment":
            found += _assessment(rec, rec.key in explained)
        found += _cut_names(rec)
    return found


def _explained(records: Iterable[Record]) -> set[str]:
    """The keys of the records a no-characterisation note affects."""
    return {
        key
        for rec in records
        if rec.path == "note" and rec.values.get("kind") == NO_CHARACTERISATION
        for key in rec.values.get("affects") or []
        if key
    }


def _assessment(rec: Record, explained: bool) -> Iterator[SourceProblem]:
    v = rec.values
    if not v.get("characterisations") and not explained:
        yield SourceProblem(
            rec.file,
            rec.line,
            "characterisations",
            "an assessment needs at least one characterisation (a concept of the scheme: `kzgraph fields Assessment` "
            f"lists them), or a data-quality note of kind {NO_CHARACTERISATION} that affects it and says why its "
            "sentence cannot be reduced to one",
        )
    if not v.get("characterisations") and not v.get("label"):
        yield SourceProblem(
            rec.file,
            rec.line,
            "label",
            "an assessment without a characterisation needs a short, complete label {bg: …, en: …}: "
            "there is nothing to make one from",
        )
    quotes = [normalize(p.quote) for p in rec.sources]
    for i, words in enumerate(v.get("wording") or []):
        if words is not None and not any(words in q for q in quotes):
            yield SourceProblem(
                rec.file,
                rec.line_of_item("wording", i),
                "wording",
                f"{words!r} is not in the record's quote; expected the article's own words, verbatim from its source",
            )


def _cut_names(rec: Record) -> Iterator[SourceProblem]:
    """A name in several languages (``labels``, ``label``, ``name``, ``title`` …) that ends in an
    ellipsis was cut short somewhere: a name must be complete."""
    for f in _langmap_fields(rec):
        for lang, text in sorted((rec.values.get(f) or {}).items()):
            if text.rstrip().endswith(ELLIPSES):
                yield SourceProblem(
                    rec.file,
                    rec.line_of(f),
                    f,
                    f"the {lang} name {text!r} ends in an ellipsis; expected a short, complete name, never one cut short",
                )


def _langmap_fields(rec: Record) -> list[str]:
    return [f.name for f in record_type_of(rec.path, rec.type).fields if kind_of(f).name == "langmap"]
