"""The ontology and the SHACL shapes as graphs: every part ``ontology/parts.yaml`` declares, parsed one
by one so that an error names its file and line, and checked for being there at all.

The one reader of the ontology's text: the build, ``kzgraph validate``/``reason``/``terms`` and the
labels' words (:func:`kzgraph.pipeline.labels.project_words`) all read it here, so no two of them can
read one text differently.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SH, XSD
from rdflib.term import Node

from ..core.errors import BuildError
from ..core.inputs import display_name
from ..curated import ontology_parts
from ..curated.namespaces import ONTOLOGY
from ..curated.ontology_parts import PARTS_FILE
from ..curated.project import Project


def _parse_turtle(project: Project, part: ontology_parts.Part) -> Graph:
    """The Turtle file of ``part`` as a graph; what is wrong with it is ``file:line: what``.

    Oxigraph's parser reads it, which names the line and column of the first error (rdflib's own
    messages are a bytes repr or "string index out of range") and is three to four times faster than
    rdflib's Turtle parser; its triples and prefixes become the rdflib graph the rest of the build
    reads, the graph rdflib's parser makes of the same text up to what RDF 1.1 makes one term and
    rdflib keeps apart: ``"x"^^xsd:string`` is the plain ``"x"``, a language tag is in lower case
    (``tests/test_ontology_parts.py``). What Oxigraph reads beyond RDF 1.1 (triple terms, base
    directions: RDF 1.2) is refused, as rdflib refused it."""
    name = part.name
    data = project.part_text(part)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BuildError(
            f"{name}:{line}: not valid Turtle: byte 0x{data[exc.start]:02X} is not UTF-8"
            f"{' (the file ends inside a character: cut short?)' if exc.reason == 'unexpected end of data' else ''}"
        ) from None
    graph = Graph(store="SimpleMemory")
    blanks: dict[str, BNode] = {}
    parser = ox.parse(data, format=ox.RdfFormat.TURTLE)
    try:
        graph.addN((_term(q.subject, blanks), _term(q.predicate, blanks), _term(q.object, blanks), graph) for q in parser)
    except SyntaxError as exc:
        raise BuildError(f"{name}:{exc.lineno or 1}: not valid Turtle: {_oxigraph_why(exc)}") from None
    except _Rdf12 as exc:
        raise BuildError(
            f"{name}: not valid here: {exc} is RDF 1.2; the ontology and the shapes are RDF 1.1 Turtle, which "
            "every engine of the build (rdflib, pyshacl, owlrl) reads"
        ) from None
    for prefix, namespace in sorted(parser.prefixes.items()):
        graph.bind(prefix, namespace)
    return graph


class _Rdf12(Exception):
    """A term Oxigraph reads (it reads RDF 1.2 Turtle) that RDF 1.1, and so rdflib, has not."""


def _term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, blanks: dict[str, BNode]) -> Node:
    """An Oxigraph term as rdflib's Turtle parser makes it: a blank node label is one node within a
    file, and a literal keeps its language or its datatype (``xsd:string`` is a plain literal). A
    triple term or a literal with a base direction (RDF 1.2, which rdflib refuses to read) is refused,
    never dropped to what rdflib could hold."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return blanks.setdefault(term.value, BNode())
    if isinstance(term, ox.Triple):
        raise _Rdf12(f"the triple term <<( {term} )>>")
    if getattr(term, "direction", None):
        raise _Rdf12(f"the literal {term} with a base direction")
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value) if datatype == _STRING else Literal(term.value, datatype=URIRef(datatype))


_STRING = str(XSD.string)


def _oxigraph_why(exc: SyntaxError) -> str:
    """Oxigraph's message without the position it repeats ("Parser error at line 3 column 9: ... (line 3)")."""
    text = str(exc.msg if isinstance(exc.msg, str) else exc)
    if text.startswith("Parser error at line") and ": " in text:
        text = text.partition(": ")[2].removesuffix(f" (line {exc.lineno})")
    return f"{text} (column {exc.offset})" if exc.offset else text


def parse_ontology(project: Project) -> Graph:
    """The ontology: every part ``ontology/parts.yaml`` declares, as one graph; an empty or truncated
    part is an error, not an ontology with less in it.

    Valid Turtle is not enough: an empty file parses to no triples, and the release built on it
    would lose every class, label and alignment with exit 0. The header must declare the project's
    ontology (``<https://w3id.org/kzgraph/ontology> a owl:Ontology``) itself — another part declaring
    it does not stand in for an emptied header — and every other part hold something."""
    if project.ontology not in {part.path for part in project.parts().ontology}:
        name = display_name(project.ontology, project.root)
        raise BuildError(f"{PARTS_FILE}: does not list {name} under ontology:; expected the ontology's header, listed first")
    return _parse_parts(project, "ontology")


def _parse_parts(project: Project, document: str) -> Graph:
    """The declared parts of ``document`` ("ontology" or "shapes") parsed one by one (so an error names
    its file and line), as one graph; a part that holds nothing of its document is an error (empty, or
    cut short?)."""
    graph = Graph(store="SimpleMemory")
    for part in project.parts().of(document):
        one = _parse_turtle(project, part)
        if document == "shapes":
            _check_sparql(one, part.name)
        if (
            document == "shapes"
            and not any(one.subjects(RDF.type, SH.NodeShape))
            and not any(one.subjects(RDF.type, SH.PropertyShape))
        ):
            raise BuildError(
                f"{part.name}: holds no sh:NodeShape or sh:PropertyShape; expected a part of the project's SHACL shapes "
                "(empty or cut short?)"
            )
        if document == "ontology" and part.path == project.ontology and (URIRef(ONTOLOGY), RDF.type, OWL.Ontology) not in one:
            raise BuildError(
                f"{part.name}: declares no <{ONTOLOGY}> a owl:Ontology; expected the project's ontology (empty or cut short?)"
            )
        if document == "ontology" and not len(one):
            raise BuildError(f"{part.name}: holds no triples; expected a part of the project's ontology (empty or cut short?)")
        graph += one
    return graph


_SPARQL_TEXTS = (SH.select, SH.ask, SH.construct, SH.update)


def prefix_block(shapes: Graph, node: Node) -> str:
    """The ``PREFIX`` lines a SHACL-SPARQL text at ``node`` is read with: its ``sh:prefixes``
    declarations, as SHACL says and as the build runs it on Oxigraph."""
    return "".join(
        f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
        for ns in shapes.objects(node, SH.prefixes)
        for d in sorted(shapes.objects(ns, SH.declare))
    )


def _check_sparql(shapes: Graph, name: str) -> None:
    """Every SPARQL text of a part of the shapes, with the prefixes it is read with, read as the
    endpoint reads a stranger's query before any engine runs it: one that calls SERVICE (which both
    SHACL engines and Oxigraph would fetch), a namespace that is no IRI (it is written into the query
    text), or a text whose one reading is not the text as written (a code point escape, which the
    engines would read each its own way: write the character itself) stops the build, naming the
    part and the shape."""
    from ..sparql.check import QueryRefused, check_own

    for p in _SPARQL_TEXTS:
        for node, text in sorted(shapes.subject_objects(p)):
            shape = next(iter(sorted(shapes.subjects(SH.sparql, node))), node)
            where = f"{name}: the SPARQL of {shape.n3(shapes.namespace_manager)}"
            for ns in shapes.objects(node, SH.prefixes):
                for d in shapes.objects(ns, SH.declare):
                    try:
                        ox.NamedNode(str(shapes.value(d, SH.namespace)))
                    except ValueError:
                        raise BuildError(
                            f"{where} declares a namespace that is no IRI: {shapes.value(d, SH.namespace)!r}"
                        ) from None
            whole = prefix_block(shapes, node) + str(text)
            try:
                reading = check_own(whole)
            except QueryRefused as exc:
                raise BuildError(f"{where} is refused: {exc}") from None
            if reading != whole:
                raise BuildError(
                    f"{where} holds a code point escape (or a carriage return), which the SHACL engines and Oxigraph "
                    "read differently; write the character itself"
                )


def parse_shapes(project: Project) -> Graph:
    """The SHACL shapes, which every build requires; a file that holds none is an error.

    A missing file is not a project without constraints: it would let every violation through
    with exit 0 (and ship a release without its shapes), so its absence stops the build like the
    ontology's. A part that is there and holds no shape (empty, or cut short) likewise."""
    return _parse_parts(project, "shapes")
