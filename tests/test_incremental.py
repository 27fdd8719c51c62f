"""The incremental build (issue 21 item 1): ``kzgraph build`` keeps what it read from each curated file in a
cache beside the output, reads only what changed, skips a build whose inputs and output are unchanged, and
reports a broken record in the file just edited before reading the rest.

What must hold: after every edit, addition, renaming and deletion of a source file, the build that used
the cache wrote exactly the bytes a clean build (``--no-cache``) writes; a cache made by another version,
an entry that is corrupt or cut short, a cache that cannot be written, or an output changed by hand are
noticed, said in one line, and change nothing in what is written.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from kzgraph.cli import main
from kzgraph.core.yamlread import read_yaml
from kzgraph.curated import buildcache
from kzgraph.curated.buildcache import Cache, decode, encode

from common import ROOT

sys.path.insert(0, str(ROOT))
from bench.generate import generate  # noqa: E402


def build(root: Path, out: Path, *extra: str) -> int:
    return main(["--root", str(root), "build", "--out", str(out), *extra])


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def same_as_clean(root: Path, out: Path, tmp: Path) -> None:
    """``out`` (built with the cache) holds the very bytes a clean build of ``root`` writes."""
    clean = tmp / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    shutil.rmtree(tmp / ".clean.cache", ignore_errors=True)
    assert build(root, clean, "--no-cache") == 0
    assert not (tmp / ".clean.cache").exists()  # --no-cache writes none
    assert files_of(out) == files_of(clean)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- the cache's form ----------------------------------------------------------------------------------


def test_every_real_source_file_comes_back_from_the_cache_as_read() -> None:
    """Values, the line of every key and item, and the order of keys, for each curated file."""

    def same(a: object, b: object) -> bool:
        if type(a) is not type(b) or getattr(a, "line", None) != getattr(b, "line", None):
            return False
        if isinstance(a, dict):
            return list(a) == list(b) and a.key_lines == b.key_lines and all(same(a[k], b[k]) for k in a)  # type: ignore[attr-defined]
        if isinstance(a, list):
            return a.item_lines == b.item_lines and len(a) == len(b) and all(map(same, a, b))  # type: ignore[attr-defined]
        return a == b

    for path in sorted((ROOT / "data").rglob("*.yaml")):
        doc = read_yaml(path.read_text(encoding="utf-8"))
        assert same(decode(encode(doc)), doc), path


def test_the_stamp_changes_with_the_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "kzgraph"
    package.mkdir()
    (package / "model.py").write_text("A = 1\n")
    monkeypatch.setattr(buildcache, "PACKAGE", package)
    first = buildcache.code_stamp()
    (package / "model.py").write_text("A = 2\n")
    assert buildcache.code_stamp() != first


# --- equal to a clean build, step by step --------------------------------------------------------------


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    generate(root, scale=1, seed=0)
    return root


@pytest.mark.slow
def test_edit_add_rename_delete_each_give_the_clean_build(
    generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, facts = tmp_path / "dist", generated / "data" / "facts"
    assert build(generated, out) == 0
    same_as_clean(generated, out, tmp_path)

    before = files_of(out)
    assert build(generated, out) == 0  # nothing changed: nothing to do, and the clean build's bytes stay
    assert "is up to date" in capsys.readouterr().out
    assert files_of(out) == before

    first = sorted(facts.glob("*.yaml"))[0]
    text = first.read_text(encoding="utf-8")
    comment = next(line for line in text.splitlines() if line.strip().startswith("comment:"))
    edit(first, comment, comment.replace("comment: ", "comment: Edited. ", 1))  # one fact's comment
    assert build(generated, out) == 0
    assert "is up to date" not in capsys.readouterr().out
    same_as_clean(generated, out, tmp_path)

    notes = [p for p in sorted(facts.glob("*.yaml")) if "\nnotes:" in p.read_text(encoding="utf-8")][0]
    body = notes.read_text(encoding="utf-8")
    head, _, tail = body.partition("\nnotes:")
    notes.write_text(head + "\n", encoding="utf-8")  # the notes move to a file of their own (added)
    (facts / "zz-moved-notes.yaml").write_text("facts: []\nnotes:" + tail, encoding="utf-8")
    assert build(generated, out) == 0
    same_as_clean(generated, out, tmp_path)

    (facts / "zz-moved-notes.yaml").rename(facts / "aa-moved-notes.yaml")  # renamed
    assert build(generated, out) == 0
    same_as_clean(generated, out, tmp_path)

    (facts / "aa-moved-notes.yaml").unlink()  # deleted, and the notes back where they were
    notes.write_text(body, encoding="utf-8")
    assert build(generated, out) == 0
    same_as_clean(generated, out, tmp_path)


# --- a broken record in the edited file, at once -------------------------------------------------------


def test_a_broken_record_in_the_edited_file_is_reported_before_the_rest_is_read(
    project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "dist"
    assert build(project_copy, out, "--no-validate", "--no-reason") == 0
    edit(project_copy / "data" / "facts" / "asia.yaml", 'start: "2006"', 'start: "20x6"')
    read: list[str] = []
    from kzgraph.curated import load as loader

    real = loader._Reader.read_file
    monkeypatch.setattr(loader._Reader, "read_file", lambda self, path, role: (read.append(path.name), real(self, path, role))[1])
    assert build(project_copy, out, "--no-validate", "--no-reason") == 1
    err = capsys.readouterr().err
    assert "data/facts/asia.yaml:" in err and "start: '20x6'" in err
    assert read == ["asia.yaml"]  # the unchanged files were not read at all


# --- bad caches ----------------------------------------------------------------------------------------


@pytest.fixture
def warm(project_copy: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A project copy built once with the cache, and one fact file edited since."""
    out = tmp_path / "dist"
    assert build(project_copy, out, "--no-validate", "--no-reason") == 0
    edit(
        project_copy / "data" / "facts" / "asia.yaml",
        "Kazakhstan has an embassy in Yerevan.",
        "Kazakhstan has an embassy in Yerevan!",
    )
    return project_copy, out


def rebuild_and_compare(root: Path, out: Path, tmp: Path) -> None:
    """Build again with the cache; the output must equal a clean build's."""
    assert build(root, out, "--no-validate", "--no-reason") == 0
    clean = tmp / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    assert build(root, clean, "--no-validate", "--no-reason", "--no-cache") == 0
    assert files_of(out) == files_of(clean)


@pytest.mark.slow  # two builds and a clean one to compare with
def test_a_cache_from_another_version_is_ignored_in_one_line(
    warm: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, out = warm
    (tmp_path / ".dist.cache" / "STAMP").write_text("made by kzgraph 0.0.1")
    capsys.readouterr()
    rebuild_and_compare(root, out, tmp_path)
    err = capsys.readouterr().err
    assert err.count("was made by another version of kzgraph") == 1
    assert (tmp_path / ".dist.cache" / "STAMP").read_text() == buildcache.code_stamp()


@pytest.mark.parametrize("damage", ["truncate", "flip"])
@pytest.mark.slow  # two builds and a clean one to compare with
def test_a_corrupt_or_cut_entry_is_ignored_in_one_line(
    warm: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    root, out = warm
    entries = sorted((tmp_path / ".dist.cache" / "docs").iterdir())
    for entry in entries:
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2] if damage == "truncate" else data[:-5] + b"X" + data[-4:])
    capsys.readouterr()
    rebuild_and_compare(root, out, tmp_path)
    err = capsys.readouterr().err
    assert err.count("unreadable (corrupt or cut short): ignored and read again") == 1
    assert f"{len(entries) - 1} entries were unreadable" in err  # all but the edited file's, which is new


@pytest.mark.slow  # two builds and a clean one to compare with
def test_a_cache_that_cannot_be_written_is_one_line_and_the_build_goes_on(
    warm: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, out = warm

    def refuse(data: bytes, *args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(buildcache, "_write", lambda path, data: refuse(data))
    capsys.readouterr()
    rebuild_and_compare(root, out, tmp_path)
    err = capsys.readouterr().err
    assert err.count("cannot be written (permission denied)") == 1


def test_a_cache_that_is_not_a_folder_is_not_used(project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".dist.cache").write_text("not a folder")
    assert build(project_copy, tmp_path / "dist", "--no-validate", "--no-reason") == 0
    assert "cannot be used (is not a folder): building without it" in capsys.readouterr().err
    assert (tmp_path / ".dist.cache").read_text() == "not a folder"


def test_an_output_changed_by_hand_is_built_again(project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "dist"
    assert build(project_copy, out, "--no-validate", "--no-reason") == 0
    before = files_of(out)
    (out / "kzgraph.ttl").write_bytes(b"# edited by hand\n")
    capsys.readouterr()
    assert build(project_copy, out, "--no-validate", "--no-reason") == 0
    assert "is up to date" not in capsys.readouterr().out
    assert files_of(out) == before


@pytest.mark.slow  # two builds and a clean one to compare with
def test_other_options_are_another_build(project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "dist"
    assert build(project_copy, out, "--no-validate", "--no-reason") == 0
    capsys.readouterr()
    assert build(project_copy, out, "--no-validate") == 0  # now with the inferences
    assert "is up to date" not in capsys.readouterr().out
    assert (out / "kzgraph-inferred.ttl").stat().st_size > 100


def test_a_link_among_the_sources_is_never_skipped(
    project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "dist"
    assert build(project_copy, out, "--no-validate", "--no-reason") == 0
    os.symlink(project_copy / "data" / "facts" / "asia.yaml", project_copy / "data" / "facts" / "zz-link.yaml")
    assert buildcache.fingerprint(project_copy, []) is None
    capsys.readouterr()
    status = build(project_copy, out, "--no-validate", "--no-reason")
    assert "is up to date" not in capsys.readouterr().out and status == 1  # the loader's own verdict on the link


def test_no_cache_is_the_library_default(project_copy: Path, tmp_path: Path) -> None:
    from kzgraph.pipeline.build import build as build_release

    build_release(project_copy, tmp_path / "dist", validate=False, reason=False)
    assert not (tmp_path / ".dist.cache").exists()
    assert Cache.none().document("facts", b"x") is None


# --- the closure, reused while no link between resources changes -----------------------------------------


REUSED = "OWL RL closure reused (no link between resources changed)"


@pytest.mark.slow  # four builds with the reasoner and two clean ones to compare with
def test_the_closure_is_reused_after_an_edit_of_literals_and_made_again_after_a_link_changes(
    project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, asia = tmp_path / "dist", project_copy / "data" / "facts" / "asia.yaml"
    assert build(project_copy, out, "--no-validate") == 0
    assert REUSED not in capsys.readouterr().out  # the first build has nothing to reuse

    edit(asia, "comment: Kazakhstan has an embassy in Yerevan.", "comment: Kazakhstan has an embassy in Yerevan!")
    edit(asia, 'rendering_en: "Kazakhstan has an embassy in Yerevan"', 'rendering_en: "Kazakhstan has an embassy in Yerevan!"')
    assert build(project_copy, out, "--no-validate") == 0
    assert REUSED in capsys.readouterr().out  # a comment and a rendering are literals: no reasoner reads them
    rebuild_clean_and_compare(project_copy, out, tmp_path, "--no-validate")

    edit(asia, 'quote: "Казахстан има посолство в Ереван"', 'quote: "Казахстан има посолство в Ереван,"')
    assert build(project_copy, out, "--no-validate") == 0  # a quote names its passage (the hash of its words):
    assert REUSED not in capsys.readouterr().out  # the fact now links another passage
    rebuild_clean_and_compare(project_copy, out, tmp_path, "--no-validate")

    edit(asia, "receiving_state: KAZ\n    city: almaty", "receiving_state: KAZ\n    city: astana")  # a link
    assert build(project_copy, out, "--no-validate") == 0
    assert REUSED not in capsys.readouterr().out
    rebuild_clean_and_compare(project_copy, out, tmp_path, "--no-validate")
    inferred = (out / "kzgraph-inferred.ttl").read_text(encoding="utf-8")
    assert "ARM-embassy-KAZ-almaty" in inferred  # the mission's own inferences are there, made again


def rebuild_clean_and_compare(root: Path, out: Path, tmp: Path, *options: str) -> None:
    """A clean build of ``root`` with ``options`` writes the very bytes of ``out``."""
    clean = tmp / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    assert build(root, clean, "--no-cache", *options) == 0
    assert files_of(out) == files_of(clean)


@pytest.mark.parametrize("damage", ["truncate", "flip", "other-key"])
@pytest.mark.slow  # three builds with the reasoner and a clean one
def test_a_damaged_or_foreign_closure_is_never_reused(
    project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    out, asia = tmp_path / "dist", project_copy / "data" / "facts" / "asia.yaml"
    assert build(project_copy, out, "--no-validate") == 0
    entry = tmp_path / ".dist.cache" / "results" / "reason"
    data = entry.read_bytes()
    digest, _, rest = data.partition(b"\n")
    key, _, body = rest.partition(b"\n")
    if damage == "truncate":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        entry.write_bytes(data[:-5] + b"X" + data[-4:])
    else:  # a well-formed entry made for other inputs: its key is not this build's
        import hashlib

        forged = b"0" * len(key) + b"\n" + body.replace(b"/ARM", b"/XXX")
        entry.write_bytes(hashlib.sha256(forged).hexdigest().encode() + b"\n" + forged)
    edit(asia, "comment: Kazakhstan has an embassy in Yerevan.", "comment: Kazakhstan has an embassy in Yerevan!")
    capsys.readouterr()
    assert build(project_copy, out, "--no-validate") == 0
    captured = capsys.readouterr()
    assert REUSED not in captured.out
    damaged = "the last reason result is unreadable (corrupt or cut short): made again"
    assert captured.err.count(damaged) == (0 if damage == "other-key" else 1)
    rebuild_clean_and_compare(project_copy, out, tmp_path, "--no-validate")
    assert build(project_copy, out, "--no-validate", "--no-cache") == 0  # and the entry written again is sound:
    edit(asia, "comment: Kazakhstan has an embassy in Yerevan!", "comment: Kazakhstan has an embassy in Yerevan.")
    assert build(project_copy, out, "--no-validate") == 0
    assert REUSED in capsys.readouterr().out


def test_the_closure_digest_follows_links_ontology_and_engine_never_literals() -> None:
    from kzgraph.pipeline.reason import data_iri_triples, input_digest
    from kzgraph.pipeline.triples import Triples

    a, b = "<https://w3id.org/kzgraph/id/state/KAZ>", "<https://w3id.org/kzgraph/id/state/ARM>"
    link = f"{a} <https://w3id.org/kzgraph/ontology#partner> {b} ."
    label = f'{a} <http://www.w3.org/2000/01/rdf-schema#label> "Kazakhstan"@en .'

    def digest(*lines: str, ontology: bytes = b"ontology", engine: str = "reasonable") -> str:
        return input_digest(list(data_iri_triples(Triples.from_lines(lines))), ontology, engine)

    same = digest(link, label)
    assert digest(link, label.replace("Kazakhstan", "Qazaqstan")) == same  # a literal: no reasoner reads it
    assert digest(link) == same
    assert digest(link.replace("ARM", "AZE"), label) != same  # a link
    assert digest(label) != same
    assert digest(link, label, ontology=b"ontology 2") != same
    assert digest(link, label, engine="owlrl") != same


# --- the core shapes, only where an edit reaches ------------------------------------------------------------


LOOKED = "core SHACL shapes checked on the"


@pytest.mark.slow  # five builds with validation
def test_validation_looks_where_an_edit_reaches_and_reports_a_break_as_a_clean_build_does(
    project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, asia = tmp_path / "dist", project_copy / "data" / "facts" / "asia.yaml"
    assert build(project_copy, out, "--no-reason") == 0
    assert LOOKED not in capsys.readouterr().out  # nothing conformed before: everything is validated
    edit(asia, "comment: Kazakhstan has an embassy in Yerevan.", "comment: Kazakhstan has an embassy in Yerevan!")
    assert build(project_copy, out, "--no-reason") == 0
    said = capsys.readouterr().out
    assert f"{LOOKED} 1 node the edit can reach" in said  # the fact whose comment changed
    rebuild_clean_and_compare(project_copy, out, tmp_path, "--no-reason")

    # a break the loader lets through (made in the triples): the report is the whole data's, as a clean build's
    from kzgraph.pipeline import build as pipeline
    from kzgraph.pipeline.triples import Triples

    real = pipeline.to_triples
    kaz = "<https://w3id.org/kzgraph/id/state/KAZ> <http://www.w3.org/2000/01/rdf-schema#label> "

    def without_english_name(*args: object, **kwargs: object) -> Triples:
        return Triples.from_lines(
            line for line in real(*args, **kwargs).lines() if not (line.startswith(kaz) and line.endswith("@en ."))
        )

    monkeypatch.setattr(pipeline, "to_triples", without_english_name)
    edit(asia, "comment: Kazakhstan has an embassy in Yerevan!", "comment: Kazakhstan has an embassy in Yerevan.")
    before = files_of(out)
    assert build(project_copy, out, "--no-reason") == 1
    incremental = capsys.readouterr().err
    assert build(project_copy, tmp_path / "clean", "--no-reason", "--no-cache") == 1
    clean = capsys.readouterr().err
    assert "NamedEntity" in incremental and "state/KAZ" in incremental
    assert incremental == clean.replace(str(tmp_path / "clean"), str(out))
    assert files_of(out) == before  # nothing written


@pytest.mark.slow  # two builds with validation
def test_data_with_a_warning_is_never_the_baseline_of_the_next_validation(
    project_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The next validation takes every node an edit does not reach to have no finding at all, so only
    data on which the shapes found nothing, not even a warning, is kept as its baseline: otherwise a
    warning a clean build reports would vanish from the report."""
    shapes = project_copy / "ontology" / "shapes" / "visits.ttl"
    with shapes.open("a", encoding="utf-8") as f:
        f.write(
            "\n<https://w3id.org/kzgraph/shapes#KazakhstanWarned> a sh:NodeShape ;\n"
            "    sh:targetNode <https://w3id.org/kzgraph/id/state/KAZ> ;\n"
            "    sh:property [ sh:path rdfs:label ; sh:maxCount 0 ; sh:severity sh:Warning ] .\n"
        )
    out, asia = tmp_path / "dist", project_copy / "data" / "facts" / "asia.yaml"
    assert build(project_copy, out, "--no-reason") == 0  # a warning does not fail the build
    assert not (tmp_path / ".dist.cache" / "results" / "shacl").exists()
    edit(asia, "comment: Kazakhstan has an embassy in Yerevan.", "comment: Kazakhstan has an embassy in Yerevan!")
    capsys.readouterr()
    assert build(project_copy, out, "--no-reason") == 0
    assert LOOKED not in capsys.readouterr().out  # validated whole, as a clean build is
