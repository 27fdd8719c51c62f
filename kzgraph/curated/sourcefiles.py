"""Which files make up the curated sources, and what in ``data/`` looks like one but would not be read.

A build must never ship less than the sources hold without saying so. What it reads is decided
here, and everything that would silently drop out of it is a problem: a directory that is missing
or cannot be listed (one message for the directory, not one per reference to what it held), a
file whose name nearly matches (``asia.yml``, ``asia.YAML``), a sub-directory whose files would
not be read. Whether each file is what it should be (a regular file inside the project) is decided
when it is read (:mod:`kzgraph.core.inputs`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import SourceProblem
from ..core.inputs import InputError, display_name, exists, list_directory

_FILES = {"entities": "entity files", "facts": "fact files"}
# What each directory of data/ holds, for messages.
_HOLDS = {
    "entities": "the states, organizations, places, people and offices the facts name",
    "facts": "the facts, one file per part of the article",
}


@dataclass
class SourceFiles:
    """The curated files to read, in order, and what is wrong with the set of them."""

    files: list[tuple[Path, str]] = field(default_factory=list)  # (path, role: sources | entities | facts)
    article: Path | None = None
    problems: list[SourceProblem] = field(default_factory=list)
    entities_complete: bool = True  # False: records may be missing, so unknown references are not reported
    facts_complete: bool = True  # False: fact files may be missing, so sections without facts are not reported

    def problem(self, name: str, message: str) -> None:
        """Note a problem with a file or directory as a whole (no line to point at)."""
        self.problems.append(SourceProblem(name, 0, "", message))


def find(root: Path) -> SourceFiles:
    """The curated files of ``root/data``, with a problem for each one that cannot be accounted for."""
    root = Path(root)
    data = root / "data"
    found = SourceFiles()
    try:
        list_directory(data, root, "directory of curated sources")
    except InputError as exc:
        found.problem(exc.name, f"{exc.message}; it holds the curated sources (see data/README.md)")
        found.entities_complete = found.facts_complete = False
        return found
    _sources_file(root, found)
    for role in ("entities", "facts"):
        names = _yaml_files(root, data / role, role, found)
        if names is None:
            setattr(found, f"{role}_complete", False)
            continue
        found.files += [(data / role / n, role) for n in names]
    found.article = _article(root, found)
    return found


def _sources_file(root: Path, found: SourceFiles) -> None:
    path = root / "data" / "sources.yaml"
    if exists(path):
        found.files.append((path, "sources"))
        return
    near = [n for n in _names(root / "data", root) if _near(n, ".yaml") and _stem(n).lower() == "sources"]
    hint = f"; rename data/{near[0]} to sources.yaml" if near else ""
    found.problem(display_name(path, root), f"is missing; it lists the article's sections and references{hint}")
    found.entities_complete = found.facts_complete = False  # every section and reference would be "unknown"


def _yaml_files(root: Path, directory: Path, role: str, found: SourceFiles) -> list[str] | None:
    """The ``*.yaml`` names in ``directory``, reporting near-misses and sub-directories; None if unlistable."""
    try:
        names = list_directory(directory, root, f"directory of {role} files")
    except InputError as exc:
        found.problem(exc.name, f"{exc.message}; it holds {_HOLDS[role]}")
        return None
    rel = display_name(directory, root)
    chosen = [n for n in names if n.endswith(".yaml")]
    for n in names:
        if n in chosen:
            continue
        if _near(n, ".yaml"):
            found.problem(f"{rel}/{n}", f"is not read: curated files are named *.yaml; rename it to {_stem(n)}.yaml")
            _incomplete(found, role)
        elif not n.startswith(".") and (directory / n).is_dir():  # links to directories too
            found.problem(f"{rel}/{n}", f"is a directory, and files in it are not read: {_FILES[role]} stand directly in {rel}/")
            _incomplete(found, role)
    if not chosen and not [p for p in found.problems if p.file.startswith(f"{rel}/")]:
        found.problem(rel, f"holds no *.yaml file; it holds {_HOLDS[role]}")
        _incomplete(found, role)
    return chosen


def _article(root: Path, found: SourceFiles) -> Path | None:
    directory = root / "data" / "article"
    try:
        names = list_directory(directory, root, "directory holding the article's text")
    except InputError as exc:
        found.problem(exc.name, f"{exc.message}; it holds the article's text (*.txt)")
        return None
    rel = display_name(directory, root)
    texts = [n for n in names if n.endswith(".txt")]
    near = [n for n in names if n not in texts and _near(n, ".txt")]
    for n in near:
        found.problem(f"{rel}/{n}", f"is not read: the article's text is named *.txt; rename it to {_stem(n)}.txt")
    if len(texts) != 1 and not (near and not texts):
        found.problem(rel, f"expected exactly one article text (*.txt), found {len(texts)}")
    return directory / texts[0] if len(texts) == 1 else None


def _incomplete(found: SourceFiles, role: str) -> None:
    setattr(found, f"{role}_complete", False)


def _names(directory: Path, root: Path) -> list[str]:
    try:
        return list_directory(directory, root)
    except InputError:
        return []


def _near(name: str, suffix: str) -> bool:
    """A name meant to be read but spelt otherwise: ``.yml``, ``.YAML``, ``.Yaml`` (``.TXT`` for text)."""
    lower = name.lower()
    spellings = (".yaml", ".yml") if suffix == ".yaml" else (suffix,)
    return not name.endswith(suffix) and any(lower.endswith(s) for s in spellings) and not lower.startswith(".")


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0]


__all__ = ["SourceFiles", "find"]
