"""Writing :mod:`kzgraph.curated.kzo_terms`, the closed ``KZO`` namespace, from the ontology (``kzgraph terms``).

Why a generated module rather than reading the ontology at import: ``KZO`` is used by modules that
run where there is no ontology file (an installed wheel carries the built release, not ``ontology/``),
and a module in the repository lets an editor and a type checker see every term (``KZO.Embasy`` is an
unknown attribute before anything runs). The price is that the module can fall behind the ontology;
``tests/test_kzo_terms.py`` fails then, naming the terms missing and extra, and this command fixes it.

The terms are every IRI of the ``kzo:`` namespace that is a subject in the ontology (the graph the
build reads, :func:`kzgraph.pipeline.ontology_graph.parse_ontology`): classes, properties, concept schemes, concepts and
other individuals, each declared with a type. The module lists them sorted within groups by their
declared type, so that it is the same bytes for the same ontology.
"""

from __future__ import annotations

import keyword
from pathlib import Path

from rdflib import OWL, RDF, SKOS, Graph, URIRef

from .namespaces import VOCABULARIES

NAMESPACE = VOCABULARIES["kzo"]

# The groups of the module, in order: the first declared type of a term in this list names its group.
GROUPS: tuple[tuple[URIRef | None, str], ...] = (
    (OWL.Class, "classes"),
    (OWL.ObjectProperty, "object properties"),
    (OWL.DatatypeProperty, "datatype properties"),
    (OWL.AnnotationProperty, "annotation properties"),
    (SKOS.ConceptScheme, "concept schemes"),
    (SKOS.Concept, "concepts"),
    (OWL.NamedIndividual, "other individuals"),
    (None, "other terms"),
)

_HEADER = '''"""The terms of the kzgraph ontology (``kzo:``) as a closed namespace: ``KZO.Embasy`` raises AttributeError.

GENERATED from ontology/ by ``kzgraph terms``; do not edit. tests/test_kzo_terms.py fails, naming the
terms, when this module and the ontology differ (see kzgraph/curated/closed_terms.py for why it is generated).
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class KZO(DefinedNamespace):
    """Every term the ontology declares: ``KZO.Embassy``, ``KZO["Embassy"]``; any other name fails."""

    _fail = True
    _NS = Namespace("{namespace}")
'''


def defined_terms(ontology: Graph) -> dict[str, str]:
    """Local name -> group of every ``kzo:`` IRI that is a subject in ``ontology``."""
    terms: dict[str, str] = {}
    for subject in set(ontology.subjects()):
        if isinstance(subject, URIRef) and str(subject).startswith(NAMESPACE) and str(subject) != NAMESPACE:
            types = set(ontology.objects(subject, RDF.type))
            terms[str(subject)[len(NAMESPACE) :]] = next(g for t, g in GROUPS if t is None or t in types)
    return terms


def is_attribute(name: str) -> bool:
    """Whether ``KZO.<name>`` can be written (else the term is reached as ``KZO["name"]``)."""
    return name.isidentifier() and not keyword.iskeyword(name) and not name.startswith("_")


def module_text(ontology: Graph) -> str:
    """The source of :mod:`kzgraph.curated.kzo_terms` for ``ontology``, as ``ruff format`` leaves it."""
    terms = defined_terms(ontology)
    lines = [_HEADER.replace("{namespace}", NAMESPACE)]
    extras = sorted(n for n in terms if not is_attribute(n))
    if extras:
        lines.append('    # terms that are not Python names, reached as KZO["name"]\n')
        lines.append("    _extras = [\n" + "".join(f'        "{n}",\n' for n in extras) + "    ]\n")
    for _, group in GROUPS:
        names = sorted(n for n, g in terms.items() if g == group and is_attribute(n))
        if names:
            lines.append(f"\n    # {group}\n" + "".join(f"    {n}: URIRef\n" for n in names))
    return "".join(lines)


def names_in(text: str) -> set[str]:
    """The terms a module written by :func:`module_text` lists (read back from its source)."""
    import ast

    (cls,) = (n for n in ast.parse(text).body if isinstance(n, ast.ClassDef))
    names = {n.target.id for n in cls.body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)}
    for node in cls.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "_extras" for t in node.targets):
            names.update(ast.literal_eval(node.value))
    return names


def default_module(root: Path) -> Path:
    """Where the module lives in the checkout ``root``: the same place as in this package's own checkout."""
    import kzgraph

    package_parent = Path(kzgraph.__file__).resolve().parent.parent
    return root / Path(__file__).resolve().with_name("kzo_terms.py").relative_to(package_parent)
