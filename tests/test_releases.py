"""Versioned releases (issue 21 item 3): the version in the sources, checked by the build, written
into the ontology's version IRI, the dataset's DCAT/VoID and a ``releases/VERSION/`` folder of the
published site, with a DCAT dataset series of every release."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, XSD

from kzgraph.core.dates import PartialDate
from kzgraph.core.errors import BuildError, DataError
from kzgraph.curated.load import load
from kzgraph.curated.namespaces import BASE, DATASET_IRI, ONTOLOGY
from kzgraph.curated.release import (
    MANIFEST,
    Recorded,
    ontology_version_iri,
    recorded,
    release_iri,
    series_iri,
    version_guard,
    with_version,
)
from kzgraph.pipeline.build import Project, make_release
from kzgraph.pipeline.metadata import ArticleSource, describe
from kzgraph.pipeline.shrink import MANIFEST as SHRINK_MANIFEST
from kzgraph.publish import releases

from common import ROOT

DS = URIRef(DATASET_IRI)
VERSION, IN_SERIES = URIRef(str(DCAT) + "version"), URIRef(str(DCAT) + "inSeries")
SERIES, CURRENT = URIRef(str(DCAT) + "DatasetSeries"), URIRef(str(DCAT) + "hasCurrentVersion")
ARTICLE = URIRef("https://w3id.org/kzgraph/id/article/a")


def _edit_sources(root: Path, old: str, new: str) -> None:
    path = root / "data" / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_real_release_states_its_version_everywhere(release) -> None:
    version = release.dataset.release["version"]
    this = release_iri(version)
    meta, ontology = release.metadata, release.ontology
    assert meta.value(DS, VERSION) == Literal(version) == meta.value(DS, OWL.versionInfo)
    assert ontology.value(URIRef(ONTOLOGY), OWL.versionInfo) == Literal(version)
    assert ontology.value(URIRef(ONTOLOGY), OWL.versionIRI) == ontology_version_iri(version)
    assert meta.value(DS, CURRENT) == this
    assert (this, IN_SERIES, series_iri()) in meta and (series_iri(), RDF.type, SERIES) in meta
    urls = {str(u) for d in meta.objects(this, DCAT.distribution) for u in meta.objects(d, DCAT.downloadURL)}
    assert f"{BASE}releases/{version}/kzgraph.nq" in urls and f"{BASE}releases/{version}/ontology.ttl" in urls


def test_a_release_date_and_a_previous_release_are_described() -> None:
    source = ArticleSource("https://bg.wikipedia.org/x", Literal("2021-03-13", datatype=XSD.date), "00")
    release = {"version": "2.1.0", "released": PartialDate(2026, 12, 7), "previous": "2.0.0"}
    meta = describe(Graph(), ARTICLE, source=source, release=release)
    this, before = release_iri("2.1.0"), release_iri("2.0.0")
    assert meta.value(DS, DCTERMS.issued) == Literal("2026-12-07", datatype=XSD.date)  # the release's day, not as_of
    assert meta.value(this, DCTERMS.issued) == Literal("2026-12-07", datatype=XSD.date)
    assert (DS, PROV.wasDerivedFrom, before) in meta and (this, PROV.wasDerivedFrom, before) in meta
    assert (before, IN_SERIES, series_iri()) in meta and meta.value(DS, VERSION) == Literal("2.1.0")
    assert releases.version_of(list(ox.parse(meta.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES))) == "2.1.0"


def test_without_a_release_date_the_issue_date_is_the_articles() -> None:
    source = ArticleSource("https://bg.wikipedia.org/x", Literal("2021-03-13", datatype=XSD.date), "00")
    meta = describe(Graph(), ARTICLE, source=source, release={"version": "1.0.0"})
    assert meta.value(DS, DCTERMS.issued) == Literal("2021-03-13", datatype=XSD.date)
    assert not list(meta.objects(DS, PROV.wasDerivedFrom)) or all(
        not str(o).startswith(f"{BASE}releases/") for o in meta.objects(DS, PROV.wasDerivedFrom)
    )


@pytest.mark.parametrize(
    ("release", "expected"),
    [
        ('release:\n  version: "0.1.0"\n  previous: "0.1.0"\n', "previous: 0.1.0 is not older than this release's version 0.1.0"),
        ('release:\n  version: "0.1.0"\n  released: "2020-01-01"\n', "released: 2020-01-01 is before the article's own date"),
        ('release:\n  version: "0.1"\n', "version:"),
        ('release:\n  version: "0.1.0"\n  codename: x\n', "codename"),
        ("", "release: missing required field 'release'"),  # no version at all: every version check would pass
        ('release:\n  previous: "0.0.1"\n', "version"),
    ],
    ids=["previous-not-older", "released-before-the-article", "not-semantic", "unknown-field", "no-release", "no-version"],
)
def test_a_wrong_release_block_is_reported_at_its_line(project_copy: Path, release: str, expected: str) -> None:
    _edit_sources(project_copy, 'release:\n  version: "0.1.0"\n', release)
    with pytest.raises(DataError) as caught:
        load(project_copy)
    text = caught.value.render()
    assert "data/sources.yaml:" in text and expected in text, text


def test_the_build_refuses_an_ontology_of_another_version(project_copy: Path) -> None:
    _edit_sources(project_copy, 'release:\n  version: "0.1.0"', 'release:\n  version: "0.2.0"')
    with pytest.raises(BuildError, match=r"ontology/kzgraph.ttl: the ontology states owl:versionInfo 0.1.0 .* expected"):
        make_release(Project(project_copy), validate=False, reason=False)


def test_the_site_keeps_every_release_and_lists_them_in_a_series(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    (old / "releases" / "0.9.0").mkdir(parents=True)
    (old / "releases" / "0.9.0" / "kzgraph.nt").write_bytes(b"old release\n")
    (old / "releases" / "not-a-version").mkdir()
    (new / "releases" / "0.10.0").mkdir(parents=True)
    (new / "releases" / "0.10.0" / "kzgraph.nt").write_bytes(b"new release\n")
    assert releases.carry_over(old, new) == 1
    assert (new / "releases" / "0.9.0" / "kzgraph.nt").read_bytes() == b"old release\n"
    assert not (new / "releases" / "not-a-version").exists()
    assert releases.write_series(new) == 1
    g = Graph().parse(new / "releases" / "index.ttl", format="turtle")
    first, last = release_iri("0.9.0"), release_iri("0.10.0")  # ordered by version, not by text
    assert g.value(series_iri(), URIRef(str(DCAT) + "first")) == first
    assert g.value(series_iri(), URIRef(str(DCAT) + "last")) == last
    assert g.value(last, URIRef(str(DCAT) + "prev")) == first
    assert set(g.objects(series_iri(), URIRef(str(DCAT) + "seriesMember"))) == {first, last}


# --- the version follows the release it replaces ------------------------------------------------------


@pytest.mark.parametrize(
    ("previous", "version", "model_changed", "refused"),
    [
        ("1.2.0", "1.3.0", True, "needs version 2.0.0 or later"),
        ("1.2.0", "1.2.1", True, "needs version 2.0.0 or later"),
        ("0.1.0", "0.1.1", True, "needs version 0.2.0 or later"),  # before 1.0.0 a new minor may change the model
        ("1.2.0", "1.1.9", False, "newer than this build's 1.1.9"),
    ],
)
def test_a_release_that_does_not_follow_the_one_it_replaces_is_refused(
    tmp_path: Path, previous: str, version: str, model_changed: bool, refused: str
) -> None:
    with pytest.raises(BuildError, match=refused):
        version_guard(Recorded(previous, "m1"), version, "m2" if model_changed else "m1", tmp_path)


@pytest.mark.parametrize(
    ("previous", "version", "model_changed", "line"),
    [
        ("1.2.0", "2.0.0", True, "release 2.0.0 replaces 1.2.0"),
        ("0.1.0", "0.2.0", True, "release 0.2.0 replaces 0.1.0"),
        ("1.2.0", "1.2.1", False, "release 1.2.1 replaces 1.2.0"),  # the data alone: a patch is enough
        ("1.2.0", "1.2.0", False, ""),  # a rebuild of the same release
        ("1.2.0", "1.2.0", True, "the model (ontology, shapes or kzgraph/curated/model.py) changed since release 1.2.0"),
    ],
)
def test_a_release_that_follows_the_one_it_replaces_is_built(
    tmp_path: Path, previous: str, version: str, model_changed: bool, line: str
) -> None:
    said = version_guard(Recorded(previous, "m1"), version, "m2" if model_changed else "m1", tmp_path)
    assert said.startswith(line) and bool(said) == bool(line)


def test_the_release_record_carries_the_version_and_the_model(built: Path, tmp_path: Path) -> None:
    assert MANIFEST == SHRINK_MANIFEST
    record = recorded(built)
    assert record is not None and record.version == load(ROOT).release["version"] and len(record.model) == 64
    (tmp_path / MANIFEST).write_bytes(with_version(b'{"facts": 1}', "2.0.0", "abc"))
    assert recorded(tmp_path) == Recorded("2.0.0", "abc")
    (tmp_path / MANIFEST).write_bytes(b'{"facts": 1, "version": "2.0", "model": "abc"}')
    assert recorded(tmp_path) is None  # not a version: nothing to follow (the shrink guard reports unreadable records)


@pytest.mark.parametrize("version", ["../../escaped", "1.0", "0.1.0/../../x"])
def test_a_release_folder_is_written_only_under_a_version_name(built: Path, tmp_path: Path, version: str) -> None:
    """The release's folder is named by its dcat:version: one that is no MAJOR.MINOR.PATCH (so one that
    could name a place outside the site) is refused, and nothing is written anywhere."""
    dist = tmp_path / "dist"
    dist.mkdir()
    for path in built.iterdir():
        (dist / path.name).write_bytes(path.read_bytes())
    void = dist / "void.ttl"
    text = void.read_text(encoding="utf-8")
    assert '"0.1.0"' in text
    void.write_text(text.replace('"0.1.0"', f'"{version}"'), encoding="utf-8")
    site = tmp_path / "site" / "inner"
    site.mkdir(parents=True)
    with pytest.raises(BuildError, match="is no version MAJOR.MINOR.PATCH"):
        releases.write_release(dist, site)
    assert not any(site.rglob("*")) and sorted(p.name for p in tmp_path.iterdir()) == ["dist", "site"]


@pytest.mark.parametrize("entry", ["link", "folder"])
def test_a_release_folder_copies_no_link_and_nothing_but_files(built: Path, tmp_path: Path, entry: str) -> None:
    """What the release folder copies from ``dist/`` is the build's own files: a symbolic link there
    (to a secret elsewhere) is never followed into the published site, nor a folder copied; either is
    one error naming it, before anything is written."""
    dist = tmp_path / "dist"
    dist.mkdir()
    for path in built.iterdir():
        (dist / path.name).write_bytes(path.read_bytes())
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the web\n")
    if entry == "link":
        (dist / "zz-extra.ttl").symlink_to(secret)
    else:
        (dist / "zz-extra").mkdir()
    site = tmp_path / "site"
    site.mkdir()
    with pytest.raises(BuildError, match="zz-extra.*not a regular file"):
        releases.write_release(dist, site)
    assert not any(site.rglob("*"))


def test_the_version_is_read_from_every_part_as_the_build_reads_them(project_copy: Path) -> None:
    """``kzgraph --version`` reads the ontology the build reads: every declared part, through the
    project's own reader (a regular file inside the project). A versionInfo moved to another part is
    still found; a FIFO where the header should be is one line, not a hang."""
    import os

    from kzgraph.curated.about import version_text

    header = project_copy / "ontology" / "kzgraph.ttl"
    assert "release 0.1.0 (owl:versionInfo of " in version_text(str(project_copy))
    text = header.read_text(encoding="utf-8")
    assert '    owl:versionInfo "0.1.0" ;\n' in text
    header.write_text(text.replace('    owl:versionInfo "0.1.0" ;\n', ""), encoding="utf-8")
    other = project_copy / "ontology" / "terms" / "missions.ttl"
    with other.open("a", encoding="utf-8") as f:
        f.write('\n<https://w3id.org/kzgraph/ontology> <http://www.w3.org/2002/07/owl#versionInfo> "0.1.0-moved" .\n')
    assert "release 0.1.0-moved (" in version_text(str(project_copy))
    header.unlink()
    os.mkfifo(header)
    line = next(x for x in version_text(str(project_copy)).splitlines() if x.startswith("release"))
    assert line.startswith("release: unknown (") and "FIFO" in line
