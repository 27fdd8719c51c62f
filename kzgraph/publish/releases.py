"""The published site's ``releases/`` folder: one folder per release with every dump, and the series.

The current release stays at the stable addresses (``dump/…``, ``dataset``); each publish also
writes its dumps under ``releases/VERSION/`` and keeps the folders of the earlier releases that the
site it replaces holds, so a data user can always fetch the exact release they cite. The DCAT
dataset series of them all is ``releases/index.ttl`` (``{base}releases`` a ``dcat:DatasetSeries``).
"""

from __future__ import annotations

import itertools
import re
import shutil
import stat
from pathlib import Path

import pyoxigraph as ox

from ..core.errors import BuildError
from ..curated.namespaces import BASE
from ..curated.release import SEMVER, parse_version, release_iri, series_iri
from ..pipeline.delta import version_of  # the site reads a release's version as the loader does
from ..pipeline.terms import DCAT, PROV
from ..pipeline.terms import DCT as DCTERMS
from ..pipeline.terms import TYPE as RDF_TYPE

SERIES_FILE = "releases/index.ttl"
IANA = "https://www.iana.org/assignments/media-types/"


def versions_in(folder: Path) -> list[str]:
    """The release folders under ``folder``, oldest first."""
    if not folder.is_dir() or folder.is_symlink():
        return []
    found = [p.name for p in folder.iterdir() if p.is_dir() and not p.is_symlink() and re.fullmatch(SEMVER, p.name)]
    return sorted(found, key=parse_version)


def write_release(dist: Path, site: Path) -> int:
    """This release's own folder, ``releases/VERSION/``: every file of the release in ``dist`` again
    (the dumps ``dump/`` holds), at addresses that never change; the number of files written. A
    release whose VoID gives no version has no folder; one whose version is no MAJOR.MINOR.PATCH
    (a folder name that could leave the site) is refused."""
    from ..pipeline.shrink import MANIFEST as RELEASE_RECORD

    version = version_of(list(ox.parse((dist / "void.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)))
    if not version:
        return 0
    if not re.fullmatch(SEMVER, version):  # a folder name: "../x" would leave the site
        raise BuildError(
            f"{dist / 'void.ttl'}: the release's dcat:version {version!r} is no version MAJOR.MINOR.PATCH; "
            "nothing is published under releases/"
        )
    entries = sorted(dist.iterdir())
    for path in entries:  # all checked before any is copied
        if not stat.S_ISREG(path.lstat().st_mode):  # a link or a folder is nothing the build wrote: never followed
            raise BuildError(
                f"{path}: not a regular file; a release directory holds the files kzgraph build wrote, and "
                "nothing is published under releases/ until it does"
            )
    written = 0
    for path in entries:
        if path.name != RELEASE_RECORD:
            (site / "releases" / version).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, site / "releases" / version / path.name)
            written += 1
    return written


def carry_over(previous_site: Path, site: Path) -> int:
    """Copy the earlier releases' folders of the site being replaced into the new one (never this
    release's own, just written); returns the number of files copied."""
    copied = 0
    for version in versions_in(previous_site / "releases"):
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


def write_deltas(site: Path) -> int:
    """Write, into each release folder of ``site`` that lacks it, the delta from the release before
    (SPARQL Update and RDF Patch, see :mod:`kzgraph.pipeline.delta`); the number of files written.

    Deltas are made from the dumps the folders hold (``kzgraph.nq``), so a delta carried over from
    the site being replaced is kept as it was, and the current release's is made once."""
    from ..external.triplestore import read_release
    from ..pipeline import delta

    written = 0
    versions = versions_in(site / "releases")
    for base, target in itertools.pairwise(versions):
        folder = site / "releases" / target
        if (folder / delta.file_name(base, "patch")).exists():
            continue
        old, new = site / "releases" / base / "kzgraph.nq", folder / "kzgraph.nq"
        if not (old.is_file() and new.is_file()):
            continue
        change = delta.compute(read_release(old).graphs, read_release(new).graphs)
        written += len(delta.write(change, folder))
    return written


def delta_distributions(site: Path, base: str = BASE) -> list[ox.Triple]:
    """Each delta file the site holds as a ``dcat:Distribution`` of its target release (media type, what it starts from)."""
    from ..pipeline import delta

    # application/sparql-update is registered with IANA; RDF Patch's application/rdf-patch is not, so
    # it is given as a dcterms:format literal, and each form says the specification it conforms to.
    conforms = {"update": "https://www.w3.org/TR/sparql11-update/", "patch": "https://afs.github.io/rdf-delta/rdf-patch.html"}
    triples = []
    for version in versions_in(site / "releases"):
        member = ox.NamedNode(str(release_iri(version, base)))
        for path in sorted((site / "releases" / version).glob("delta-from-*")):
            kind = next((k for k, suffix in delta.SUFFIXES.items() if path.name.endswith(suffix)), None)
            start = path.name.removeprefix("delta-from-").removesuffix(delta.SUFFIXES.get(kind or "", ""))
            if kind is None or not re.fullmatch(SEMVER, start):
                continue
            dist = ox.NamedNode(f"{base}releases/{version}/{path.name}")
            triples += [
                ox.Triple(member, ox.NamedNode(DCAT + "distribution"), dist),
                ox.Triple(dist, RDF_TYPE, ox.NamedNode(DCAT + "Distribution")),
                ox.Triple(dist, ox.NamedNode(DCAT + "downloadURL"), dist),
                ox.Triple(dist, ox.NamedNode(DCTERMS + "conformsTo"), ox.NamedNode(conforms[kind])),
                ox.Triple(dist, *_media(kind)),
                ox.Triple(
                    dist,
                    ox.NamedNode(DCTERMS + "description"),
                    ox.Literal(
                        f"the changes from release {start} to {version}, as {'SPARQL 1.1 Update' if kind == 'update' else 'RDF Patch'}",
                        language="en",
                    ),
                ),
                ox.Triple(dist, ox.NamedNode(PROV + "wasDerivedFrom"), ox.NamedNode(str(release_iri(start, base)))),
            ]
    return triples


def _media(kind: str) -> tuple[ox.NamedNode, ox.Term]:
    if kind == "update":
        return ox.NamedNode(DCAT + "mediaType"), ox.NamedNode(IANA + "application/sparql-update")
    return ox.NamedNode(DCTERMS + "format"), ox.Literal("application/rdf-patch")


def write_series(site: Path, base: str = BASE) -> int:
    """Write ``releases/index.ttl`` listing every release folder the site holds; the number of files written."""
    versions = versions_in(site / "releases")
    if not versions:
        return 0
    triples = series(versions, base) + delta_distributions(site, base)
    body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes={"dcat": DCAT, "dcterms": DCTERMS, "prov": PROV})
    (site / SERIES_FILE).write_bytes(body)
    return 1
