"""kzgraph's build backend: setuptools', with the built release packed into every wheel.

A wheel is how kzgraph runs outside its checkout, and there the sources (``data/``, ``ontology/``)
are not at hand; so the wheel carries the release itself — ``dist/`` as ``kzgraph build`` writes
it, with validation, QC and the OWL RL closure — the stored ``queries/`` and the article's record
``sources.yaml``, under ``kzgraph/release/`` (``kzgraph.curated.project.PACKAGED``, where the commands look
when no project is found; why the built release rather than the sources: that module's docstring).

The release is built afresh from the sources being packaged each time a wheel is made, never copied
from a ``dist/`` that may be stale. Building it needs kzgraph's own dependencies, so a wheel build
asks for them (read from ``pyproject.toml``, listed once); an editable install (``pip install -e``)
reads the checkout itself and neither builds a release nor asks for more than setuptools.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403 - every other hook exactly as setuptools has it
from setuptools.command.build_py import build_py

CHECKOUT = Path(__file__).resolve().parents[1]


def get_requires_for_build_wheel(config_settings: dict | None = None) -> list[str]:
    """setuptools' requirements, and kzgraph's runtime dependencies: building the release runs kzgraph."""
    return [*_setuptools.get_requires_for_build_wheel(config_settings), *_runtime_dependencies()]


def _runtime_dependencies() -> list[str]:
    try:
        import tomllib
    except ImportError:  # Python 3.10: pyproject.toml's build requirements add tomli there
        import tomli as tomllib
    with open(CHECKOUT / "pyproject.toml", "rb") as f:
        return list(tomllib.load(f)["project"]["dependencies"])


class BuildPyWithRelease(build_py):
    """``build_py`` that also writes the built release into the package being built (not for editable installs)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        pack_release(CHECKOUT, Path(self.build_lib) / "kzgraph" / "release")


def pack_release(root: Path, out: Path) -> None:
    """Build the release of the project at ``root`` into ``out/dist`` and copy beside it the stored
    queries and the article's record: the layout ``kzgraph.curated.project.locate`` reads."""
    sys.path.insert(0, str(root))  # the kzgraph being packaged, whatever else is installed
    from kzgraph.core.errors import BuildError, DataError
    from kzgraph.pipeline.build import build

    if out.exists():
        shutil.rmtree(out)  # nothing from an earlier wheel build may linger (a query since deleted)
    try:
        build(root, out / "dist")
    except DataError as exc:
        raise SystemExit(f"cannot build the release to pack into the wheel:\n{exc.render()}") from None
    except BuildError as exc:
        raise SystemExit(f"cannot build the release to pack into the wheel: {exc}") from None
    (out / "queries").mkdir()
    for query in sorted((root / "queries").glob("*.rq")):
        shutil.copy2(query, out / "queries" / query.name)
    shutil.copy2(root / "data" / "sources.yaml", out / "sources.yaml")
