"""What every test module may import: where the project is, where artefacts go, small helpers.

(A module of its own rather than conftest.py: tests/ and tests/queries/ each have a conftest, and a
plain ``from conftest import`` could find either.)
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from rdflib import Graph

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
