"""What the loader returns: the dataset, its records and the article passages they stand on.

Apart from :mod:`kzgraph.curated.load` so that the checks the loader runs (:mod:`.judgements`,
:mod:`.geo`) can name a record without importing the loader that imports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import model


@dataclass(frozen=True)
class Passage:
    """A verbatim quote of one section of the article, and the references the article cites for it."""

    section: str
    quote: str
    refs: tuple[str, ...]
    file: str
    line: int
    lang: str = "bg"  # the language the article writes the quote in (it leaves a few passages in English)
    rendering_en: str | None = None  # the curators' English rendering of a Bulgarian quote (not the article's words)


@dataclass
class Record:
    """One curated record: an entity, a fact, a note or a part of the article's apparatus."""

    path: str  # IRI path segment: state, mission, note, section …
    id: str
    type: str  # ontology class local name
    values: dict[str, Any]
    sources: tuple[Passage, ...]
    file: str
    line: int
    lines: dict[str, int] = field(default_factory=dict)
    item_lines: dict[str, list[int]] = field(default_factory=dict)  # the line of each value of a list field

    @property
    def key(self) -> str:
        """``path/id``: the record's key in :attr:`Dataset.records` and the tail of its IRI."""
        return f"{self.path}/{self.id}"

    def line_of(self, name: str) -> int:
        """The line of field ``name`` in the record's file (the record's own line when the field has none)."""
        return self.lines.get(name, self.line)

    def line_of_item(self, name: str, index: int) -> int:
        """The line of the ``index``-th value of list field ``name`` (the field's line when unknown)."""
        lines = self.item_lines.get(name, [])
        return lines[index] if index < len(lines) else self.line_of(name)


@dataclass
class Dataset:
    """Everything the curated sources say, checked and resolved."""

    root: Path
    article: str  # the article's text, white space normalized
    records: dict[str, Record]  # key "path/id" -> record, in file order
    release: dict[str, Any] = field(default_factory=dict)  # sources.yaml's release: (version, released, previous)
    release_at: tuple[str, dict[str, int]] = ("", {})  # its file and each field's line ("" the block's), for messages
    # each section's own words: after its heading, up to its first subsection's heading (for the site's reading page)
    section_texts: dict[str, str] = field(default_factory=dict)

    def by_path(self, *paths: str) -> list[Record]:
        """The records under these IRI paths (``state``, ``mission`` …), in file order."""
        return [r for r in self.records.values() if r.path in paths]

    @property
    def facts(self) -> list[Record]:
        """The fact records (the paths of ``model.FACT_PATHS``), in file order."""
        return self.by_path(*model.FACT_PATHS)
