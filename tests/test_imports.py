"""The package's rooms and the arrows between them: imports run one way, down the pipeline, and in no circle.

Every import of every module of ``kzgraph/`` is read from its syntax tree — at module level, inside
functions, under ``if TYPE_CHECKING`` — and resolved to the module it names (``from . import x``,
``from .a import b``, ``import kzgraph.a.b``). An import hidden in a function still ties two modules
together, and a type named under ``TYPE_CHECKING`` still says what a module is written against, so
neither is let off.

The rooms are declared here, once, in the order data flows (:data:`ROOMS`): a module may import its
own room and the rooms before it. Each room's ``__init__`` says the same in words for a reader; the
table is the rule, so a docstring never decides anything. A module of no declared room fails, so a
new room is declared before it holds code.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from common import ROOT

PACKAGE = ROOT / "kzgraph"

# The rooms, bottom to top: each may import itself and what stands before it, never what comes after.
# A row names a package (every module under it) or one module; the longest name that covers a module
# decides its room. The package's face (``kzgraph``, its version) stands first: anyone may read it.
ROOMS: tuple[tuple[str, str], ...] = (
    ("kzgraph", "the package's face: its version"),
    ("kzgraph.core", "errors, formats, safe inputs, YAML with lines, dates, progress: nothing of the graph"),
    ("kzgraph.curated", "the curated format: model, field kinds, schema, namespaces, the loader and its checks"),
    ("kzgraph.sparql", "SPARQL read from its syntax tree: the one reading, the walls, readable errors, the terms a query names"),
    ("kzgraph.pipeline", "records → triples → validation, reasoning → dist/ (every format, metadata, pictures)"),
    ("kzgraph.asking", "stored queries, parameters, answers rendered, expected answers"),
    ("kzgraph.external", "triple stores outside the process: full and delta loads, the SPARQL protocols"),
    ("kzgraph.web", "the site served: server, endpoint, pages"),
    ("kzgraph.publish", "the site written as files (kzgraph publish): the pages of web/, dumps, server rules"),
    ("kzgraph.bench", "the thin entry to bench/ of the checkout"),
    ("kzgraph.cli", "the kzgraph command, wiring the rest (nothing imports it: tests/test_house.py)"),
    ("kzgraph.__main__", "python -m kzgraph"),
)

# Packages of the checkout outside kzgraph/ and the highest room each may import: the benchmark
# times the pipeline and the stored queries, so it has no business with the site's modules (its
# generated article once took its month names from the site's interface texts).
USERS: dict[str, str] = {"bench": "kzgraph.asking"}


@dataclass(frozen=True)
class Arrow:
    """One import: ``source`` (a module) names ``target`` (a module of the package, or a name that is none) at ``line``."""

    source: str
    target: str
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.source} -> {self.target} ({self.file}:{self.line})"


def _modules(package: Path = PACKAGE) -> dict[str, tuple[Path, bool]]:
    """Every module of the package: dotted name -> (file, whether it is a package's ``__init__``)."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if not all(p.isidentifier() for p in parts):
            continue  # not importable (vendored files under static/)
        is_package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


MODULES = _modules()


def arrows_of(module: str, file: Path, is_package: bool, modules: dict[str, tuple[Path, bool]]) -> list[Arrow]:
    """The package's modules that ``module`` imports, wherever the import stands in it."""
    tree = ast.parse(file.read_text(encoding="utf-8"), str(file))
    shown = file.relative_to(ROOT).as_posix() if file.is_relative_to(ROOT) else file.name
    package = module.split(".") if is_package else module.split(".")[:-1]
    out = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                if node.level > len(package):
                    raise AssertionError(f"{shown}:{node.lineno}: a relative import above the package")
                base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            # ``from a import b`` loads a.b when b is a module, else only a
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        for name in names:  # each a module's whole name (one that does not exist is kept: a test names it)
            if name.split(".")[0] == "kzgraph" and name != module:
                out.append(Arrow(module, name, shown, node.lineno))
    return out


def all_arrows(modules: dict[str, tuple[Path, bool]] = MODULES) -> list[Arrow]:
    found = []
    for module, (path, is_package) in modules.items():
        found += arrows_of(module, path, is_package, modules)
    return found


def room_of(module: str, rooms: tuple[tuple[str, str], ...] = ROOMS) -> int | None:
    """The index in ``rooms`` of the room that holds ``module`` (the longest covering row), or None."""
    best = None
    for i, (name, _) in enumerate(rooms):
        covers = module == name or (module.startswith(name + ".") and name != "kzgraph")
        if covers and (best is None or len(name) > len(rooms[best][0])):
            best = i
    return best


def upward(arrows: list[Arrow], rooms: tuple[tuple[str, str], ...] = ROOMS) -> list[str]:
    """Each import from a room above the importer's, as ``source -> target (file:line)``."""
    bad = []
    for a in arrows:
        here, there = room_of(a.source, rooms), room_of(a.target, rooms)
        if here is not None and there is not None and there > here:
            bad.append(f"{a}: {rooms[here][0]} may not import from {rooms[there][0]}, a room above it")
    return bad


def circles(arrows: list[Arrow]) -> list[list[str]]:
    """The strongly connected groups of two or more modules (Tarjan), each sorted, in a stable order."""
    graph: dict[str, set[str]] = {}
    for a in arrows:
        graph.setdefault(a.source, set()).add(a.target)
        graph.setdefault(a.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(groups)


def describe(group: list[str], arrows: list[Arrow]) -> str:
    inside = sorted({str(a) for a in arrows if a.source in group and a.target in group})
    return "circle of " + ", ".join(group) + ":\n    " + "\n    ".join(inside)


def test_every_module_has_a_declared_room():
    homeless = [m for m in MODULES if room_of(m) is None]
    assert not homeless, f"modules in no room of tests/test_imports.py ROOMS (declare the room first): {homeless}"


def test_every_room_is_a_package_or_module_that_exists():
    assert not [name for name, _ in ROOMS if name not in MODULES]


def test_every_import_names_a_module_of_the_package():
    """A module moved to another room leaves no import behind that names its old place."""
    missing = [f"{a}: no such module" for a in all_arrows() if a.target not in MODULES]
    assert not missing, "\n".join(missing)


def test_no_import_from_a_room_above():
    bad = upward(all_arrows())
    assert not bad, "imports that run up the pipeline:\n" + "\n".join(bad)


def test_the_benchmark_imports_no_room_above_the_one_it_times():
    bad = []
    for user, highest in USERS.items():
        theirs = _modules(ROOT / user)
        limit = room_of(highest)
        assert limit is not None, f"USERS gives {user}/ the room {highest!r}, which ROOMS does not declare"
        for module, (path, is_package) in theirs.items():
            for a in arrows_of(module, path, is_package, {**MODULES, **theirs}):
                there = room_of(a.target)
                if a.target in MODULES and there is not None and there > limit:
                    bad.append(f"{a}: {user}/ may import up to {highest}, not {ROOMS[there][0]}")
    assert not bad, "\n".join(bad)


def test_no_circles():
    arrows = all_arrows()
    found = circles(arrows)
    assert not found, "modules that import each other:\n" + "\n".join(describe(g, arrows) for g in found)


# The test's own readings, on a small package written for it: each rule must be able to fail.


@pytest.fixture
def toy(tmp_path: Path) -> dict[str, tuple[Path, bool]]:
    files = {
        "kzgraph/__init__.py": "",
        "kzgraph/core/__init__.py": "",
        "kzgraph/core/low.py": "def f():\n    from ..web import page  # hidden in a function\n",
        "kzgraph/web/__init__.py": "",
        "kzgraph/web/page.py": "from typing import TYPE_CHECKING\nfrom . import other\nif TYPE_CHECKING:\n    from kzgraph.core.low import f\n",
        "kzgraph/web/other.py": "import kzgraph.web.page\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return _modules(tmp_path / "kzgraph")


def test_imports_are_read_inside_functions_and_type_checking_blocks(toy):
    arrows = {(a.source, a.target, a.line) for a in all_arrows(toy)}
    assert arrows == {
        ("kzgraph.core.low", "kzgraph.web.page", 2),
        ("kzgraph.web.page", "kzgraph.web.other", 2),
        ("kzgraph.web.page", "kzgraph.core.low", 4),
        ("kzgraph.web.other", "kzgraph.web.page", 1),
    }


def test_an_upward_import_is_named_with_its_line(toy):
    rooms = (("kzgraph", ""), ("kzgraph.core", ""), ("kzgraph.web", ""))
    [message] = upward(all_arrows(toy), rooms)
    assert message.startswith("kzgraph.core.low -> kzgraph.web.page (")
    assert "low.py:2" in message and "kzgraph.core may not import from kzgraph.web" in message


def test_a_circle_is_named_by_its_modules_and_lines(toy):
    arrows = all_arrows(toy)
    [group] = circles(arrows)
    assert group == ["kzgraph.core.low", "kzgraph.web.other", "kzgraph.web.page"]
    assert "kzgraph.web.other -> kzgraph.web.page (other.py:1)" in describe(group, arrows)
