"""Where a project's curated sources and ontology live, whether its release is out of date, and where
a command finds the release it reads when there is no project at all (an installed wheel).

Kept free of heavy imports: ``kzgraph query`` asks it whether ``dist/`` is stale on every run, and
should not pay for importing the validator and the reasoner to find out.

Two kinds of place hold what the commands read:

- a **project** (a checkout): ``data/`` and ``ontology/``, the sources; ``dist/``, built from them
  when stale; ``queries/``. Curators name it with ``--root``, or stand in it or below it (found by
  walking up from the working directory, as git finds its repository).
- the **packaged release** (:data:`PACKAGED`): what a wheel built from the checkout carries instead
  of the sources — the built ``dist/``, the stored ``queries/`` and the article's record
  ``sources.yaml`` — so that ``kzgraph query``, ``queries`` and ``serve`` answer from any directory.

Why the wheel carries the *built* release rather than the sources built once into the user's cache:
what users then query is exactly the release that was validated (SHACL, QC, OWL RL) when the wheel
was made, byte for byte, not a rebuild that could differ with the installed libraries' versions; the
first command answers at once (a build with validation takes about ten seconds and imports the
validator and the reasoner); nothing is written outside the installation, so it works on a read-only
home, in a container, for several users at once, with no cache to go stale or to race over. The cost
is the wheel's size: the release adds 0.7 MB to it (6 MB installed), small beside the libraries it needs.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..core.errors import UsageError

if TYPE_CHECKING:
    from .ontology_parts import Part, Parts

T = TypeVar("T")

# What a wheel carries in place of the sources (buildsupport/kzgraph_build.py writes it; an editable install has none).
PACKAGED = Path(__file__).resolve().parents[1] / "release"


@dataclass
class Project:
    """Where a project's curated sources and ontology live."""

    root: Path
    # What this project's ontology/ held when first asked, read once: the parts, then each part's bytes.
    _read: dict[object, object] = field(default_factory=dict, repr=False, compare=False)

    @property
    def ontology(self) -> Path:
        """``ontology/kzgraph.ttl``: the ontology's header part (its owl:Ontology and version); the
        ontology is every part :meth:`parts` declares."""
        return self.root / "ontology" / "kzgraph.ttl"

    def parts(self) -> Parts:
        """The files of the ontology and of the shapes, as ``ontology/parts.yaml`` declares them (each
        present, none undeclared: :func:`kzgraph.curated.ontology_parts.declared`). Imported here, not at the
        top: the staleness check that imports this module reads no YAML."""
        from .ontology_parts import declared

        return self.once("parts", lambda: declared(self.root))

    def part_text(self, part: Part) -> bytes:
        """A part's bytes, read once for this project: the graph a build validates, the document it
        publishes and the model's fingerprint are made from the same bytes, however often each is asked."""
        from .ontology_parts import read_part

        return self.once(part, lambda: read_part(part, self.root))

    def once(self, key: object, make: Callable[[], T]) -> T:
        """What ``make`` gives, made the first time ``key`` is asked of this project and kept: one
        build reads its ontology once, and every stage sees what was read."""
        if key not in self._read:
            self._read[key] = make()
        return self._read[key]  # type: ignore[return-value]

    def document(self, name: str) -> bytes:
        """The published ``ontology.ttl`` or ``shapes.ttl`` (:func:`kzgraph.curated.ontology_parts.join`)."""
        from .ontology_parts import join

        return join(self.part_text(part) for part in self.parts().of(name))

    @property
    def qc_dir(self) -> Path:
        """``ontology/qc/``: the QC queries, each a SELECT that must return nothing; required (or declared empty)."""
        return self.root / "ontology" / "qc"

    def inputs(self) -> list[Path]:
        """Every file the build reads, so callers can tell whether ``dist/`` is out of date (every file of
        ``ontology/``, declared or not: a file added there makes the release stale, and the build then says
        whether it belongs)."""
        files = [p for p in (self.root / "data").rglob("*") if p.is_file() and p.suffix in (".yaml", ".txt")]
        files += [p for p in (self.root / "ontology").rglob("*") if p.is_file()]
        return sorted(files)

    def newest_input(self) -> float:
        """Modification time of the most recently changed input (0 when there is none)."""
        return max((p.stat().st_mtime for p in self.inputs()), default=0.0)


def is_project(directory: Path) -> bool:
    """Whether ``directory`` is a project: it holds ``data/sources.yaml`` (the article's record, which
    every build reads first) and ``ontology/``."""
    return (directory / "data" / "sources.yaml").is_file() and (directory / "ontology").is_dir()


def find_project(start: Path) -> Path | None:
    """The nearest project at or above ``start`` (None when there is none up to the file system's root)."""
    start = Path(os.path.abspath(start))
    return next((d for d in (start, *start.parents) if is_project(d)), None)


@dataclass(frozen=True)
class Location:
    """Where a reading command (``query``, ``queries``, ``serve``, ``load``) finds its release and
    stored queries: a project (``root`` set; its ``dist/`` is rebuilt when stale) or the packaged
    release (``root`` None; it is never rebuilt: it has no sources)."""

    root: Path | None
    dist: Path
    queries: Path | None  # None: a bare release (--dist outside a project) has no stored queries
    sources: Path  # the article's record: data/sources.yaml, or the packaged copy


def project_root(root: str | None, cwd: Path | None = None) -> Path:
    """The project a curating command (build, validate, publish …) works on: ``--root`` as given
    (it must be a directory; what it lacks, the build reports file by file), else the nearest project
    at or above the working directory; a usage error saying how to name one when there is none."""
    if root is not None:
        return _existing_root(root)
    cwd = _cwd() if cwd is None else cwd
    found = find_project(cwd)
    if found is None:
        raise UsageError(
            f"no kzgraph project in {cwd} or above it (a project holds data/sources.yaml and ontology/); "
            f"run this inside a checkout or pass --root DIR{_checkout_hint()}"
            + (
                "; this installation carries the built release alone, which query, queries, serve and load read"
                if (PACKAGED / "dist").is_dir()
                else ""
            )
        )
    return found


def locate(root: str | None, dist: str | None = None, cwd: Path | None = None, packaged: Path | None = None) -> Location:
    """Where a reading command finds its release: ``--root``, else the nearest project at or above
    the working directory, else the packaged release; ``--dist`` replaces the release directory."""
    cwd = _cwd() if cwd is None else cwd
    packaged = PACKAGED if packaged is None else packaged
    found = _existing_root(root) if root is not None else find_project(cwd)
    if found is not None:
        return Location(found, Path(dist) if dist else found / "dist", found / "queries", found / "data" / "sources.yaml")
    if dist is None and not (packaged / "dist").is_dir():
        raise UsageError(
            f"no kzgraph project in {cwd} or above it (a project holds data/sources.yaml and ontology/), and this "
            f"kzgraph was installed without a release; run inside a checkout, pass --root DIR, or install a wheel "
            f"built from a checkout (`pip wheel --no-deps -w wheels .` there, then `pip install wheels/kzgraph-*.whl`)"
            f"{_checkout_hint()}"
        )
    # A release named by --dist alone, outside a project and without a packaged release, comes with no
    # stored queries (None, said where it matters); a packaged release carries its own, which must be there.
    queries = packaged / "queries" if dist is None or (packaged / "queries").is_dir() else None
    return Location(None, Path(dist) if dist else packaged / "dist", queries, packaged / "sources.yaml")


def _cwd() -> Path:
    try:
        return Path.cwd()
    except OSError as exc:  # the working directory was removed under the shell
        raise UsageError(
            f"the working directory cannot be read ({exc.strerror}); cd somewhere that exists or pass --root DIR"
        ) from None


def _existing_root(root: str) -> Path:
    """``--root`` resolved, when it is a directory; else one line saying what it is instead."""
    try:
        path = Path(root).resolve()
        is_dir = stat.S_ISDIR(path.stat().st_mode)
    except FileNotFoundError:
        raise UsageError(f"--root {root}: no such directory") from None
    except (OSError, RuntimeError) as exc:  # not reachable, or a link that loops
        raise UsageError(f"--root {root}: cannot be reached ({getattr(exc, 'strerror', None) or exc})") from None
    if not is_dir:
        raise UsageError(f"--root {root}: not a directory")
    return path


def _checkout_hint() -> str:
    """For an editable install run outside its checkout: the checkout it was installed from."""
    checkout = Path(__file__).resolve().parents[2]
    return f"; this kzgraph runs from the checkout {checkout}: --root {checkout}" if is_project(checkout) else ""
