"""The published site's ``releases/`` folder: one folder per release with every dump, and the series.

The current release stays at the stable addresses (``dump/…``, ``dataset``); each publish also
writes its dumps under ``releases/VERSION/`` and keeps the folders of the earlier releases that the
site it replaces holds, so a data user can always fetch the exact release they cite. The DCAT
dataset series of them all is ``releases/index.ttl`` (``{base}releases`` a ``dcat:DatasetSeries``).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import BASE
from ..release import SEMVER, parse_version, release_iri, series_iri
from .addresses import DATASET_IRI
from .terms import DCAT
from .terms import DCT as DCTERMS
from .terms import TYPE as RDF_TYPE

SERIES_FILE = "releases/index.ttl"


def version_of(void: list[ox.Triple]) -> str | None:
    """The version of the release a VoID description describes (its current version's ``dcat:version``)."""
    current = {
        t.object for t in void if t.subject == ox.NamedNode(DATASET_IRI) and t.predicate.value == DCAT + "hasCurrentVersion"
    }
    versions = {t.object.value for t in void if t.subject in current and t.predicate.value == DCAT + "version"}
    return next(iter(versions)) if len(versions) == 1 else None


def _versions(folder: Path) -> list[str]:
    """The release folders under ``folder``, oldest first."""
    if not folder.is_dir() or folder.is_symlink():
        return []
    found = [p.name for p in folder.iterdir() if p.is_dir() and not p.is_symlink() and re.fullmatch(SEMVER, p.name)]
    return sorted(found, key=parse_version)


def carry_over(previous_site: Path, site: Path) -> int:
    """Copy the earlier releases' folders of the site being replaced into the new one (never this
    release's own, just written); returns the number of files copied."""
    copied = 0
    for version in _versions(previous_site / "releases"):
        if (site / "releases" / version).exists():
            continue
        for path in sorted((previous_site / "releases" / version).iterdir()):
            if path.is_file() and not path.is_symlink():
                (site / "releases" / version).mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, site / "releases" / version / path.name)
                copied += 1
    return copied


def series(versions: list[str], base: str = BASE) -> list[ox.Triple]:
    """The DCAT dataset series of ``versions`` (oldest first): members, first, last, each one's predecessor."""
    s = ox.NamedNode(str(series_iri(base)))
    triples = [
        ox.Triple(s, RDF_TYPE, ox.NamedNode(DCAT + "DatasetSeries")),
        ox.Triple(s, ox.NamedNode(DCTERMS + "title"), ox.Literal("kzgraph releases", language="en")),
    ]
    members = [ox.NamedNode(str(release_iri(v, base))) for v in versions]
    for i, (version, member) in enumerate(zip(versions, members, strict=True)):
        triples += [
            ox.Triple(s, ox.NamedNode(DCAT + "seriesMember"), member),
            ox.Triple(member, RDF_TYPE, ox.NamedNode(DCAT + "Dataset")),
            ox.Triple(member, ox.NamedNode(DCAT + "inSeries"), s),
            ox.Triple(member, ox.NamedNode(DCAT + "version"), ox.Literal(version)),
        ]
        if i:
            triples.append(ox.Triple(member, ox.NamedNode(DCAT + "prev"), members[i - 1]))
    if members:
        triples += [
            ox.Triple(s, ox.NamedNode(DCAT + "first"), members[0]),
            ox.Triple(s, ox.NamedNode(DCAT + "last"), members[-1]),
        ]
    return triples


def write_series(site: Path, base: str = BASE) -> int:
    """Write ``releases/index.ttl`` listing every release folder the site holds; the number of files written."""
    versions = _versions(site / "releases")
    if not versions:
        return 0
    body = ox.serialize(series(versions, base), format=ox.RdfFormat.TURTLE, prefixes={"dcat": DCAT, "dcterms": DCTERMS})
    (site / SERIES_FILE).write_bytes(body)
    return 1
