"""What every test module may import: where the project is, where artefacts go, small helpers.

(A module of its own rather than conftest.py: tests/ and tests/queries/ each have a conftest, and a
plain ``from conftest import`` could find either.)
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph

if TYPE_CHECKING:
    import pytest

ROOT = Path(__file__).resolve().parents[1]
# Screenshots and other artefacts tests leave for people to look at: outside the checkout (tests never
# write into it), in $KZGRAPH_TEST_OUTPUT when set.
OUTPUT = Path(os.environ.get("KZGRAPH_TEST_OUTPUT") or Path(tempfile.gettempdir()) / "kzgraph-test-output")


def copy_graph(graph: Graph) -> Graph:
    """A copy a test may break. It lives in rdflib's context-free store (SimpleMemory), which holds
    the same triples and answers the same patterns at about twice the speed of copying into the
    default store (its bookkeeping of named graphs is of no use to a graph copied for one test)."""
    from rdflib.plugins.stores.memory import SimpleMemory

    g = Graph(store=SimpleMemory())
    for prefix, ns in graph.namespaces():
        g.bind(prefix, ns, override=True, replace=True)
    g.addN((s, p, o, g) for s, p, o in graph)
    return g


# The end-to-end files the quick check (`python -m pytest -m "not slow"`) leaves out: each drives a
# browser, a Virtuoso or nginx, a fuzzer, a publish that is killed half-way, or servers under load,
# and takes tens of seconds to minutes. `python -m pytest` and .ci/run still run them. The other
# slow tests (the cross-engine SHACL proofs) are marked where they are parametrized.
SLOW_FILES = frozenset(
    {
        "test_browser.py",
        "test_browser_map.py",
        "test_browser_readers.py",
        "test_endpoint_limits.py",
        "test_endpoint_walls.py",
        "test_file_faults.py",
        "test_fuzz_filesystem.py",
        "test_fuzz_loader.py",
        "test_publish.py",
        "test_publish_safety.py",
        "test_serve_bounds.py",
        "test_triplestore.py",
    }
)


def leave_out_quick_twins(items: list[Any], markexpr: str) -> tuple[list[Any], list[Any]]:
    """A ``quick_twin`` runs one engine of what its both-engines twin runs and compares: when no
    marker expression chooses a tier (``python -m pytest``, CI), the twin alone runs, so the whole
    suite does not validate each shape case twice on the default engine."""
    if markexpr:
        return list(items), []
    kept = [i for i in items if i.get_closest_marker("quick_twin") is None]
    return kept, [i for i in items if i.get_closest_marker("quick_twin") is not None]


def plain(value: Any) -> Any:
    """The YAML reader's line-keeping mappings, sequences and scalars as plain dict/list/str (for
    ``yaml.safe_dump``, or for an engine that takes only plain JSON values)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return None if value is None else str(value)


# What a small site holds: a handful of files in the folders a real one has (pages, documents, rules).
SMALL_SITE = {
    "index.html": b"<!doctype html><title>kzgraph</title>\n",
    "index.bg.html": b"<!doctype html><title>kzgraph (bg)</title>\n",
    "page/state/KAZ.html": b"<!doctype html><title>Kazakhstan</title>\n",
    "data/state/KAZ.ttl": b"<https://w3id.org/kzgraph/id/state/KAZ> a <https://w3id.org/kzgraph/ontology#State> .\n",
    ".htaccess": b"RewriteEngine On\n",
}


def small_site(monkeypatch: pytest.MonkeyPatch) -> None:
    """Publish with a page writer that writes :data:`SMALL_SITE` instead of the whole site.

    What these tests hold publish to — the lock, the staging folder, the manifest, the swap, the
    folders that keep what publish did not write — does not depend on what the site holds, and the
    whole site (4,700 files) costs seconds per publish. A real site is published where what is checked
    is that site (its manifest, its files left whole by a publish killed midway) and by
    tests/test_publish.py; what replaces it, or is refused over it, may be the small one."""
    from kzgraph.publish import site as site_module

    def write_small_site(root: Path, dist: Path, out: Path, base: str, *_progress: object) -> dict[str, int]:
        assert (dist / "kzgraph.nq").is_file()  # the release is still read from where publish found it
        for rel, body in SMALL_SITE.items():
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / rel).write_bytes(body)
        return {"pages": 3, "rdf": 1, "files": 1}

    monkeypatch.setattr(site_module, "_write_site", write_small_site)
