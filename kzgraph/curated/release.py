"""The release's version: what ``release:`` in ``data/sources.yaml`` says, checked, and the IRIs it names.

Semantic versioning: a change of the model (the ontology, the shapes, :mod:`kzgraph.curated.model`) raises the
major, a change of the data the minor or the patch. The version is recorded in the sources, not
taken from a clock or a counter, so a build stays byte-identical; the build checks that the
ontology states the same version (``owl:versionInfo``, ``owl:versionIRI``) and that the release
it replaces in ``dist/`` is not newer, nor of the same major when the model changed since.

IRIs: the current release keeps the stable ones (``{base}dataset``, ``{base}dump/…``); each release
is also ``{base}releases/VERSION/dataset`` with its dumps under ``{base}releases/VERSION/``, in the
series ``{base}releases``. The ontology's version IRI stays ``https://w3id.org/kzgraph/ontology/VERSION``,
the form it already had and that ``kzgraph serve`` already answers.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL

from ..core.dates import PartialDate
from ..core.errors import BuildError, SourceProblem
from ..core.inputs import MANIFEST_LIMIT, InputError, read_bytes
from .model import Field, RecordType
from .namespaces import BASE, ONTOLOGY

# The release record kzgraph.pipeline.shrink writes (its counts); named here, not imported, since shrink imports
# the loader, which imports this module. tests/test_releases.py holds the two names equal.
MANIFEST = "release.json"

# What ``release:`` in data/sources.yaml may hold (its JSON Schema is made from this, like the records').
# Not a record (it states nothing about the article): the build reads it into the dataset's
# description, the ontology's version and the published releases/ folder.
SEMVER = r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$"
RELEASE = RecordType(
    "Release",
    "release",
    (
        Field("version", "text", None, required=True, pattern=SEMVER, doc="this release's version, MAJOR.MINOR.PATCH"),
        Field(
            "released",
            "date",
            None,
            datatype="date",
            doc="the day this release was published (its dcterms:issued); not before article.as_of",
        ),
        Field("previous", "text", None, pattern=SEMVER, doc="the version of the release this one replaces (prov:wasDerivedFrom)"),
    ),
)


def parse_version(text: str) -> tuple[int, int, int]:
    """``"1.2.3"`` as (1, 2, 3); the loader has checked the form (``model.SEMVER``)."""
    major, minor, patch = (int(p) for p in text.split("."))
    return major, minor, patch


def release_problems(
    release: Mapping[str, Any], at: tuple[str, dict[str, int]], records: Mapping[str, Any]
) -> list[SourceProblem]:
    """What is wrong with ``release:`` beyond each field's form: a previous release that is not older,
    a release date before the article's own date."""
    file, lines = at
    problems = []
    version, previous = release.get("version"), release.get("previous")
    if _valid(version) and _valid(previous) and parse_version(previous) >= parse_version(version):
        message = f"{previous} is not older than this release's version {version}"
        problems.append(SourceProblem(file, lines.get("previous", 0), "previous", message))
    released = release.get("released")
    article = next((r for r in records.values() if r.path == "article"), None)
    as_of = article.values.get("as_of") if article is not None else None
    if isinstance(released, PartialDate) and isinstance(as_of, PartialDate) and released.first_day() < as_of.first_day():
        problems.append(
            SourceProblem(
                file, lines.get("released", 0), "released", f"{released} is before the article's own date (article.as_of {as_of})"
            )
        )
    return problems


def _valid(text: Any) -> bool:
    """Whether ``text`` is a version (its form is also the loader's check: this one only guards the comparison)."""
    if not isinstance(text, str):
        return False
    parts = text.split(".")
    return len(parts) == 3 and all(p.isdigit() for p in parts)


def ontology_version_iri(version: str) -> URIRef:
    """The ontology's ``owl:versionIRI`` for ``version``."""
    return URIRef(f"{ONTOLOGY}/{version}")


def release_iri(version: str, base: str = BASE) -> URIRef:
    """The dataset of one release, ``{base}releases/VERSION/dataset``."""
    return URIRef(f"{base}releases/{version}/dataset")


def series_iri(base: str = BASE) -> URIRef:
    """The DCAT dataset series of every release."""
    return URIRef(f"{base}releases")


def check_ontology(ontology: Graph, version: str, where: str) -> None:
    """The ontology must state the release's version: ``owl:versionInfo`` and ``owl:versionIRI``."""
    subject = URIRef(ONTOLOGY)
    info = [str(v) for v in ontology.objects(subject, OWL.versionInfo)]
    iris = [str(v) for v in ontology.objects(subject, OWL.versionIRI)]
    expected = str(ontology_version_iri(version))
    if info != [version] or iris != [expected]:
        raise BuildError(
            f"{where}: the ontology states owl:versionInfo {', '.join(info) or 'none'} and owl:versionIRI "
            f"{', '.join(f'<{i}>' for i in iris) or 'none'}; data/sources.yaml release.version is {version}, so expected "
            f'owl:versionInfo "{version}" and owl:versionIRI <{expected}> (change both together)'
        )


def model_fingerprint(ontology: bytes, shapes: bytes, schemas: str) -> str:
    """The SHA-256 of what makes the model: the ontology's and shapes' bytes and the model's JSON Schemas."""
    digest = hashlib.sha256()
    for part in (ontology, shapes, schemas.encode("utf-8")):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def version_literal(version: str) -> Literal:
    """The version as the description states it (``dcat:version``, ``owl:versionInfo``)."""
    return Literal(version)


# --- the release it replaces (dist/release.json) ------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    """What a built release's record says of its version: the version and the model's fingerprint."""

    version: str
    model: str


def with_version(record: bytes, version: str, model: str) -> bytes:
    """``release.json`` (the shrink guard's counts) with the release's version and model fingerprint added."""
    doc = json.loads(record)
    doc["version"], doc["model"] = version, model
    return (json.dumps(doc, indent=2, sort_keys=True) + "\n").encode("utf-8")


def recorded(out: Path) -> Recorded | None:
    """The version the release in ``out`` recorded; None when there is none to read (the shrink guard
    reports an unreadable record; a release built before versions has none)."""
    try:
        doc = json.loads(read_bytes(Path(out) / MANIFEST, Path(out), MANIFEST_LIMIT, "release record"))
    except (InputError, ValueError, RecursionError, OSError):
        return None
    if not isinstance(doc, dict) or not _valid(doc.get("version")) or not isinstance(doc.get("model"), str):
        return None
    return Recorded(doc["version"], doc["model"])


def version_guard(previous: Recorded | None, version: str, model: str, out: Path) -> str:
    """Refuse (:class:`BuildError`) a release whose version does not follow the one it replaces in ``out``:
    an older version, or a model change without a new major (a new minor while the major is 0, as
    semantic versioning allows before 1.0.0). Rebuilding the same version is development and is let
    through, with a line when the model changed since. Returns that line, or "" when there is nothing to say."""
    if previous is None:
        return ""
    old, new = parse_version(previous.version), parse_version(version)
    changed = previous.model != model
    if new < old:
        raise BuildError(
            f"{out} holds release {previous.version}, newer than this build's {version} (data/sources.yaml "
            "release.version); a release never replaces a newer one. Nothing was written"
        )
    if new == old:
        return (
            f"the model (ontology, shapes or kzgraph/curated/model.py) changed since release {version} was built in {out}: "
            "publishing it needs a new major version"
            if changed
            else ""
        )
    needed = (old[0] + 1, 0, 0) if old[0] else (0, old[1] + 1, 0)
    if changed and new < needed:
        raise BuildError(
            f"the model (ontology, shapes or kzgraph/curated/model.py) changed since release {previous.version} in {out}, "
            f"but this release is {version}: a model change needs version {'.'.join(map(str, needed))} or later "
            "(data/sources.yaml release.version, and the ontology's owl:versionInfo and owl:versionIRI). Nothing was written"
        )
    return f"release {version} replaces {previous.version}"
