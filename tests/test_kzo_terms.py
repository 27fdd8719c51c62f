"""``KZO`` is closed: the code names only terms the ontology defines (issue 24, item 6).

The namespace is generated from the ontology into kzgraph/curated/kzo_terms.py (``kzgraph terms``), so a
misspelt ``KZO.Embasy`` raises instead of minting a new IRI; the module must match the ontology;
and, because a misspelling in a function body fails only when the function runs, every ``kzo:`` name
written in the code (``KZO.x``, ``KZO["x"]``, ``KZO + "x"``, ``f"{KZO}x"``, and the same with the
plain-string ``KZO_NS`` of the web pages) is read from the AST and must be a term.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kzgraph.cli import main
from kzgraph.curated import closed_terms, model
from kzgraph.curated.kzo_terms import KZO
from kzgraph.curated.namespaces import CLOSED, VOCABULARIES, expand_curie
from kzgraph.curated.project import Project
from kzgraph.pipeline import diff, pictures
from kzgraph.pipeline.build import parse_ontology
from kzgraph.web import site_search

from common import ROOT

NS = VOCABULARIES["kzo"]
NAMES = ("KZO", "KZO_NS")  # the names the code gives the kzo: namespace (a closed namespace, or its IRI as a string)
# Files that misspell terms on purpose, and why.
EXEMPT = {"tests/test_term_warnings.py": "misspells kzo: names to test the query warnings about them"}
_LOCAL = re.compile(r"[A-Za-z0-9_-]*")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return parse_ontology(Project(ROOT))


# --- closed ---------------------------------------------------------------------------------------------


def test_a_misspelt_term_fails_however_it_is_written() -> None:
    typo = "Embasy"
    for write in (lambda: KZO[typo], lambda: KZO + typo, lambda: expand_curie(f"kzo:{typo}")):
        with pytest.raises(AttributeError, match="Embasy"):
            write()
    with pytest.raises(AttributeError, match="Embasy"):
        exec("KZO.Embasy", {"KZO": KZO})  # written out, as code would
    assert KZO.Embassy == URIRef(NS + "Embassy") == KZO["Embassy"] == expand_curie("kzo:Embassy")
    assert KZO["figuresStructure-date"] == URIRef(NS + "figuresStructure-date")  # a term that is no Python name


def test_curie_resolves_through_the_closed_standard_namespaces_too() -> None:
    """A model field's ``dcterms:isPartof`` fails as ``kzo:Embasy`` does; each closed namespace is the table's."""
    with pytest.raises(AttributeError, match="isPartof"):
        expand_curie("dcterms:isPartof")
    assert expand_curie("dcterms:isPartOf") == URIRef("http://purl.org/dc/terms/isPartOf")
    assert {p: str(ns) for p, ns in CLOSED.items()} == {p: VOCABULARIES[p] for p in CLOSED}


def test_the_module_is_what_kzgraph_terms_writes(ontology: Graph) -> None:
    committed = closed_terms.default_module(ROOT).read_text(encoding="utf-8")
    assert not _differences(committed, ontology), _differences(committed, ontology)
    assert committed == closed_terms.module_text(ontology), "run `kzgraph terms` and commit kzgraph/curated/kzo_terms.py"


def test_an_out_of_date_module_is_named_term_by_term(ontology: Graph) -> None:
    """The check above names what the ontology gained and lost, not only that the file differs."""
    committed = closed_terms.module_text(ontology)
    changed = Graph()
    for triple in ontology:
        if triple[0] != KZO.Embassy:
            changed.add(triple)
    changed.add((URIRef(NS + "TradeFigure"), KZO.inSection, URIRef(NS + "x")))
    assert _differences(committed, changed) == (
        "kzgraph/curated/kzo_terms.py is out of date with the ontology (run `kzgraph terms`): "
        "missing kzo:TradeFigure; not in the ontology kzo:Embassy"
    )


def _differences(committed: str, ontology: Graph) -> str:
    listed, defined = closed_terms.names_in(committed), set(closed_terms.defined_terms(ontology))
    missing, extra = sorted(defined - listed), sorted(listed - defined)
    if not missing and not extra:
        return ""
    parts = [f"missing {', '.join('kzo:' + n for n in missing)}" if missing else ""]
    parts.append(f"not in the ontology {', '.join('kzo:' + n for n in extra)}" if extra else "")
    return "kzgraph/curated/kzo_terms.py is out of date with the ontology (run `kzgraph terms`): " + "; ".join(
        p for p in parts if p
    )


def test_kzgraph_terms_writes_the_module(tmp_path: Path, capsys: pytest.CaptureFixture[str], ontology: Graph) -> None:
    out = tmp_path / "kzo_terms.py"
    assert main(["--root", str(ROOT), "terms", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == closed_terms.module_text(ontology)
    assert f"wrote the {len(closed_terms.defined_terms(ontology))} terms of the ontology to {out}" in capsys.readouterr().out


# --- every name the code writes ---------------------------------------------------------------------------


def kzo_names(tree: ast.AST) -> Iterator[tuple[int, str | None]]:
    """(line, local name) of each kzo: IRI written in ``tree``; the name is None where it is computed."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _is_kzo(node.value) and not node.attr.startswith("_"):
            yield node.lineno, node.attr
        elif isinstance(node, ast.Subscript) and _is_kzo(node.value):
            yield node.lineno, _constant(node.slice)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and _is_kzo(node.left):
            yield node.lineno, _constant(node.right)
        elif isinstance(node, ast.JoinedStr):
            for value, after in zip(node.values, [*node.values[1:], None], strict=True):
                if isinstance(value, ast.FormattedValue) and _is_kzo(value.value):
                    local = _constant(after) if after is not None else ""
                    if local != "":  # f"<{KZO}>": the namespace itself
                        yield node.lineno, local


def _is_kzo(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id in NAMES


def _constant(node: ast.AST) -> str | None:
    """The local name a string constant starts with ("" when none), or None when not a constant."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return _LOCAL.match(node.value).group()  # type: ignore[union-attr]
    return None


def _sources() -> list[Path]:
    return sorted(p for d in ("kzgraph", "tests") for p in (ROOT / d).rglob("*.py") if "static" not in p.parts)


def test_every_kzo_name_in_the_code_is_a_term_of_the_ontology() -> None:
    defined = closed_terms.names_in(closed_terms.default_module(ROOT).read_text(encoding="utf-8"))
    unknown = []
    for path in _sources():
        name = path.relative_to(ROOT).as_posix()
        if name in EXEMPT:
            continue
        for line, local in kzo_names(ast.parse(path.read_text(encoding="utf-8"))):
            if local is not None and local not in defined:
                unknown.append(f"{name}:{line}: kzo:{local} is not a term of the ontology")
    assert not unknown, "\n".join(unknown)


def test_the_scan_reads_every_way_of_writing_a_name() -> None:
    """The rule above would hold vacuously if the reader missed a form; inside a function body too."""
    source = (
        "def f(x):\n"
        "    a = KZO.Embasy\n"
        '    b = KZO["Consulat"]\n'
        '    c = KZO_NS + "sendingStat"\n'
        '    d = f"<{KZO}changeOff> <{KZO}>"\n'
        "    e = KZO[x], KZO_NS + x, f'{KZO}{x}'\n"
    )
    found = list(kzo_names(ast.parse(source)))
    assert sorted(found, key=str) == sorted(
        [(2, "Embasy"), (3, "Consulat"), (4, "sendingStat"), (5, "changeOff"), (6, None), (6, None), (6, None)], key=str
    )


def test_the_names_the_code_takes_from_its_tables_are_terms() -> None:
    """Where the code builds a kzo: IRI from a name in a table (``KZO[rec.type]``, a concept's local
    name, a field's ``kzo:`` predicate, the classes the pages list), the scan above cannot see the
    name: the tables are checked here. (A name from a request, ``/browse/{Class}`` or a parameter's
    value, is looked up in the store and answered 404 or "no such value" when absent.)"""
    types = [*model.FACT_TYPES.values(), model.NOTE, *model.ENTITY_TYPES.values(), *model.SOURCE_TYPES.values()]
    types += model.TABLE_TYPES.values()
    # an organization's or a place's class is its record's ``type``, one of the model's lists
    names = {rt.name for rt in types} - {"Organization", "Place"} | set(model.ORGANIZATION_TYPES) | set(model.PLACE_TYPES)
    names |= {local for table in model.CONCEPTS.values() for local in table.values()}
    names |= {f.predicate.partition(":")[2] for rt in types for f in rt.fields if (f.predicate or "").startswith("kzo:")}
    names |= set(diff._CLASSES.values()) | set(site_search.LISTS)
    names |= {cls for cls, *_ in pictures.MISSION_TYPES}
    assert not sorted(n for n in names if n not in KZO), "names in the code's tables that the ontology lacks"
