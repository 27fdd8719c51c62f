"""The files that make the ontology and the SHACL shapes, as ``ontology/parts.yaml`` declares them.

The ontology and the shapes are each several Turtle files, one per subject (``ontology/terms/missions.ttl``,
``ontology/shapes/missions.ttl``, …) beside a header (``ontology/kzgraph.ttl``, ``ontology/shapes.ttl``),
read together as one graph. A new kind of fact is then one file of each, listed in ``parts.yaml``.
:func:`declared` is the one place that says which files they are: the build, the release's published
documents and model fingerprint, and the tests all take the parts from it; nothing globs on its own.

Why a list, checked before any Turtle is read, rather than every ``*.ttl`` found: a part lost whole
(deleted, renamed, not checked out) would take its classes and shapes with it and the build would
still pass, with fewer constraints; a stray file (a backup, a half-made part) would be added unseen.
So a declared part that is missing, a ``.ttl`` that is not declared and a part declared twice each
stop the build by name. Why a YAML file beside the parts rather than triples in the header: the list
says how the sources are laid out, not what a term means; as triples it would be published with the
vocabulary, and in the shapes the SHACL engine would read it as data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..core.errors import BuildError
from ..core.inputs import RDF_LIMIT, YAML_LIMIT, InputError, read_bytes
from ..core.yamlread import Mapping, Sequence, YamlSyntaxError, read_yaml

PARTS_FILE = "ontology/parts.yaml"
# The lists parts.yaml holds, and what each makes.
DOCUMENTS = {"ontology": "the ontology", "shapes": "the SHACL shapes"}


@dataclass(frozen=True)
class Part:
    """One declared file: where it is, its name as messages show it, and the line that declares it."""

    path: Path
    name: str  # "ontology/terms/missions.ttl"
    line: int  # its line in parts.yaml


@dataclass(frozen=True)
class Parts:
    """The declared parts of the ontology and of the shapes, each in the order parts.yaml lists them."""

    ontology: tuple[Part, ...]
    shapes: tuple[Part, ...]

    def of(self, document: str) -> tuple[Part, ...]:
        """The parts of ``document`` ("ontology" or "shapes", the published document they make)."""
        return self.ontology if document == "ontology" else self.shapes


def declared(root: Path) -> Parts:
    """The parts ``root/ontology/parts.yaml`` declares, every one present and every ``.ttl`` declared;
    :class:`BuildError` naming each problem (file, line, what was expected) otherwise."""
    root = Path(root)
    doc = _read_manifest(root)
    problems: list[str] = []
    seen: dict[str, int] = {}
    lists = {document: _entries(doc, document, seen, problems) for document in DOCUMENTS}
    for document, entries in lists.items():
        for entry in entries:
            if not (root / "ontology" / entry.name).exists() and not (root / "ontology" / entry.name).is_symlink():
                problems.append(
                    f"ontology/{entry.name}: is missing; {PARTS_FILE}:{entry.line} declares it as a part of {DOCUMENTS[document]} "
                    "(restore it, or take it off the list if what it held was removed on purpose)"
                )
    for path in sorted((root / "ontology").rglob("*.ttl")):
        rel = path.relative_to(root / "ontology").as_posix()
        if rel not in seen:
            problems.append(
                f"ontology/{rel}: is not declared in {PARTS_FILE}; expected every .ttl under ontology/ listed there "
                "once (under ontology: or shapes:), so that no file is read or left out unseen"
            )
    if problems:
        raise BuildError("\n".join(problems))
    return Parts(*(tuple(Part(root / "ontology" / e.name, f"ontology/{e.name}", e.line) for e in lists[k]) for k in DOCUMENTS))


@dataclass(frozen=True)
class _Entry:
    name: str  # relative to ontology/
    line: int


def _read_manifest(root: Path) -> Mapping:
    """parts.yaml as a mapping, read with the curated files' reader and limits."""
    try:
        data = read_bytes(root / PARTS_FILE, root, YAML_LIMIT, "YAML file")
    except InputError as exc:
        missing = exc.message.startswith("is missing")
        raise BuildError(f"{exc}; it lists the files of the ontology and the shapes" if missing else str(exc)) from None
    try:
        doc = read_yaml(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BuildError(f"{PARTS_FILE}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02X})") from None
    except YamlSyntaxError as exc:
        raise BuildError(f"{PARTS_FILE}:{exc.line}: {exc}") from None
    if not isinstance(doc, Mapping) or set(doc) != set(DOCUMENTS):
        found = f"the keys {', '.join(sorted(doc))}" if isinstance(doc, Mapping) and doc else "no mapping"
        raise BuildError(
            f"{PARTS_FILE}: holds {'nothing' if doc is None else found}; expected exactly the lists ontology: and shapes:"
        )
    return doc


def _entries(doc: Mapping, document: str, seen: dict[str, int], problems: list[str]) -> list[_Entry]:
    """The well-formed entries of one list; what is wrong with the others goes to ``problems``."""
    listed = doc[document]
    if not isinstance(listed, Sequence) or not listed:
        problems.append(f"{PARTS_FILE}:{doc.line_of(document)}: {document}: expected a list of Turtle files under ontology/")
        return []
    entries = []
    for value, line in zip(listed, listed.item_lines, strict=False):
        why = _malformed(value)
        if why:
            problems.append(f"{PARTS_FILE}:{line}: {document}: {value!r} {why}")
        elif str(value) in seen:
            problems.append(
                f"{PARTS_FILE}:{line}: {document}: {value} is declared twice (first at line {seen[str(value)]}); "
                "expected each part once"
            )
        else:
            seen[str(value)] = line
            entries.append(_Entry(str(value), line))
    return entries


def _malformed(value: object) -> str:
    """Why ``value`` is not a part's path (relative to ontology/, inside it, a .ttl), or ""."""
    if not isinstance(value, str):
        return "is not a file name; expected a path such as terms/NAME.ttl"
    path = PurePosixPath(value)
    if path.is_absolute() or ".." in path.parts or "\\" in value or path.as_posix() != value:
        return "is not a plain path inside ontology/; expected one such as terms/NAME.ttl"
    if path.suffix != ".ttl":
        return "is not a Turtle file; expected a name ending in .ttl"
    return ""


def read_part(part: Part, root: Path) -> bytes:
    """A part's bytes: a regular file inside the project, of bounded size (:func:`kzgraph.core.inputs.read_bytes`)."""
    try:
        return read_bytes(part.path, root, RDF_LIMIT, "Turtle file")
    except InputError as exc:
        raise BuildError(str(exc)) from None


def join(texts: Iterable[bytes]) -> bytes:
    """The published ``ontology.ttl`` or ``shapes.ttl``: the parts' texts joined in their declared order.

    Joined, not serialized from the graph: the release carries the curators' comments and layout as
    before, at no cost, and the same parts give the same bytes. A line break between parts keeps a
    part whose last line is a comment without one from swallowing the next part's first statement.
    Turtle allows a prefix to be declared again, and no part labels a blank node (tests/test_ontology_parts.py
    holds the joined document isomorphic to the parts' union, each read on its own)."""
    return b"\n".join(texts)
