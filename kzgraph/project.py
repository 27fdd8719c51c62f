"""Where a project's curated sources and ontology live, and whether its release is out of date.

Kept free of heavy imports: ``kzgraph query`` asks it whether ``dist/`` is stale on every run, and
should not pay for importing the validator and the reasoner to find out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class Project:
    """Where a project's curated sources and ontology live."""

    root: Path

    @property
    def ontology(self) -> Path:
        """``ontology/kzgraph.ttl``: the ontology, which every build requires."""
        return self.root / "ontology" / "kzgraph.ttl"

    @property
    def shapes(self) -> Path:
        """``ontology/shapes.ttl``: the SHACL shapes, which every build requires."""
        return self.root / "ontology" / "shapes.ttl"

    @property
    def qc_dir(self) -> Path:
        """``ontology/qc/``: the QC queries, each a SELECT that must return nothing; required (or declared empty)."""
        return self.root / "ontology" / "qc"

    def inputs(self) -> list[Path]:
        """Every file the build reads, so callers can tell whether ``dist/`` is out of date."""
        files = [p for p in (self.root / "data").rglob("*") if p.is_file() and p.suffix in (".yaml", ".txt")]
        files += [p for p in (self.root / "ontology").rglob("*") if p.is_file()]
        return sorted(files)

    def newest_input(self) -> float:
        """Modification time of the most recently changed input (0 when there is none)."""
        return max((p.stat().st_mtime for p in self.inputs()), default=0.0)
