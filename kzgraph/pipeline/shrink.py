"""What a release counts (``dist/release.json``), and the check that a build does not lose facts unnoticed.

Every file of the sources may be present and valid and the release still be smaller than the one
it replaces: half of a fact file deleted by a bad merge, a file emptied by an editor. So each
release records how many facts it holds, in all and per part of the article, and the next build
into the same place compares: when it would ship sharply fewer facts it stops, unless told that
the loss is meant (``kzgraph build --allow-shrink``). A previous release that records no counts,
or whose record cannot be read, is no error: there is nothing to compare with, and the build says so.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import BuildError
from ..core.inputs import MANIFEST_LIMIT, InputError, exists, read_bytes
from ..curated.load import Dataset

MANIFEST = "release.json"
TOTAL_LOSS = 0.10  # a build may lose at most a tenth of all facts unnoticed…
SECTION_LOSS = 0.50  # …and, while it loses any, at most half of the facts of any part of the article


class ShrinkRefused(BuildError):
    """The build would replace a release with one that holds sharply fewer facts."""


@dataclass(frozen=True)
class Counts:
    """How many facts a release holds, in all and per part (top-level section) of the article."""

    facts: int
    by_section: dict[str, int] = field(default_factory=dict)
    triples: int = 0

    def to_bytes(self) -> bytes:
        """``release.json`` as written: keys sorted, so the same counts give the same bytes."""
        doc = {"facts": self.facts, "facts_by_section": dict(sorted(self.by_section.items())), "asserted_triples": self.triples}
        return (json.dumps(doc, indent=2, sort_keys=True) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, doc: Any) -> Counts | None:
        """The counts a parsed ``release.json`` records; None when it holds none or something else (nothing to compare)."""
        if not isinstance(doc, dict):
            return None
        facts, sections = doc.get("facts"), doc.get("facts_by_section", {})
        if (
            not _count(facts)
            or not isinstance(sections, dict)
            or not all(isinstance(k, str) and _count(v) for k, v in sections.items())
        ):
            return None
        triples = doc.get("asserted_triples", 0)
        return cls(facts, dict(sections), triples if _count(triples) else 0)


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def facts_by_section(dataset: Dataset) -> Counter[str]:
    """Facts per top-level section: a fact citing passages of two parts counts in both."""
    counts: Counter[str] = Counter()
    for rec in dataset.facts:
        for top in sorted({p.section.split("/")[0] for p in rec.sources}):
            counts[top] += 1
    return counts


def counts_of(dataset: Dataset, triples: int) -> Counts:
    """The counts a release of ``dataset`` records, with ``triples`` asserted triples."""
    return Counts(len(dataset.facts), dict(facts_by_section(dataset)), triples)


def previous_counts(out: Path) -> tuple[Counts | None, str]:
    """The counts the release in ``out`` recorded, or None and why there are none."""
    out = Path(out)
    path = out / MANIFEST
    name = str(path)
    if not exists(out):
        return None, "no previous release to compare with"
    if not exists(path):
        return None, f"the previous release records no counts ({name}); not compared"
    try:
        counts = Counts.from_json(json.loads(read_bytes(path, out, MANIFEST_LIMIT, "release record")))
    except InputError as exc:
        return None, f"the previous release's counts cannot be read ({name}: {exc.message}); not compared"
    except (ValueError, RecursionError):  # not JSON, not UTF-8, nested beyond the parser
        counts = None
    if counts is None:
        return None, f"the previous release's counts are not readable ({name} is not such a record); not compared"
    return counts, ""


def losses(previous: Counts, current: Counts) -> list[str]:
    """What fell sharply, in words; empty when the build may replace the previous release."""
    lost = previous.facts - current.facts
    if lost <= 0:
        return []
    fallen = [
        f"{s} from {n} to {current.by_section.get(s, 0)}"
        for s, n in sorted(previous.by_section.items())
        if n and current.by_section.get(s, 0) < n * (1 - SECTION_LOSS)
    ]
    if lost <= previous.facts * TOTAL_LOSS and not fallen:
        return []
    share = f"{lost / previous.facts:.0%}" if previous.facts else "all"
    return [
        f"{lost} fewer facts than the release it would replace ({current.facts} instead of {previous.facts}, {share})",
        *(f"facts of section {f}" for f in fallen),
    ]


def guard(previous: Counts | None, current: Counts, out: Path, allow_shrink: bool) -> str:
    """Raise :class:`ShrinkRefused` when the build would lose facts sharply; else a line for the summary."""
    if previous is None:
        return ""
    fell = losses(previous, current)
    if fell and not allow_shrink:
        raise ShrinkRefused(
            f"{out}: this build has " + "; ".join(fell) + ". A fact file may have been lost (deleted, renamed, "
            "emptied) or cut short. The release was left as it was; if the facts were removed on purpose, "
            "build again with --allow-shrink."
        )
    line = f"facts against the release replaced: {previous.facts} -> {current.facts}"
    return line + (" (allowed by --allow-shrink)" if fell else "")


__all__ = ["Counts", "MANIFEST", "ShrinkRefused", "counts_of", "facts_by_section", "guard", "previous_counts"]
