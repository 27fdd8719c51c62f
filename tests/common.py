"""What every test module may import: where the project is, where artefacts go, small helpers.

(A module of its own rather than conftest.py: tests/ and tests/queries/ each have a conftest, and a
plain ``from conftest import`` could find either.)
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "tests" / "output"  # screenshots and other artefacts tests leave for people to look at

def copy_graph(graph: Graph) -> Graph:
    g = Graph()
    for prefix, ns in graph.namespaces():
        g.bind(prefix, ns, override=True, replace=True)
    for t in graph:
        g.add(t)
    return g
