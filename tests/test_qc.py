"""Ontology QC queries (ontology/qc/*.rq): silent on the real project, and each fires when its rule is broken."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VANN, XSD

from kzgraph.curated.namespaces import KZO, ONTOLOGY, id_namespace
from kzgraph.curated.project import Project
from kzgraph.pipeline.build import parse_shapes
from kzgraph.pipeline.validate import qc, qc_queries

from common import ROOT, copy_graph

KZ = id_namespace()
# The kzo: namespace left open, for terms the ontology does not define, on purpose (KZO itself is closed).
UNDEFINED = Namespace(str(KZO))
QUERIES = {q.name: q for q in qc_queries(ROOT / "ontology" / "qc")}
Breaker = Callable[[Graph, Graph], None]


def _drop_label(lang: str) -> Breaker:
    def brk(data: Graph, onto: Graph) -> None:
        for lbl in list(onto.objects(KZO.Embassy, RDFS.label)):
            if lbl.language == lang:
                onto.remove((KZO.Embassy, RDFS.label, lbl))

    return brk


def _drop_definition(data: Graph, onto: Graph) -> None:
    onto.remove((KZO.Embassy, SKOS.definition, None))


def _duplicate_label(data: Graph, onto: Graph) -> None:
    onto.add((KZO.Consulate, RDFS.label, Literal("Embassy", lang="en")))


def _undeclared_term(data: Graph, onto: Graph) -> None:
    data.add((KZ["state/KAZ"], UNDEFINED.hasFavouriteColour, KZ["state/KGZ"]))


def _orphan_class(data: Graph, onto: Graph) -> None:
    onto.add((UNDEFINED.Orphan, RDF.type, OWL.Class))
    onto.add((UNDEFINED.Orphan, RDFS.isDefinedBy, URIRef(ONTOLOGY)))


def _drop_header(prop: URIRef) -> Breaker:
    def brk(data: Graph, onto: Graph) -> None:
        onto.remove((URIRef(ONTOLOGY), prop, None))

    return brk


TRADE_SENTENCE = "Bilateral trade between the two countries amounted to $724 million in 2005."


def _english_passage(data: Graph) -> URIRef:
    return next(s for s in data.subjects(PROV.value, Literal(TRADE_SENTENCE, lang="en")))  # type: ignore[return-value]


def _english_tagged_bg(data: Graph, onto: Graph) -> None:
    """The untranslated English sentence of the Israel section, tagged @bg as it once was."""
    passage = _english_passage(data)
    data.remove((passage, PROV.value, None))
    data.add((passage, PROV.value, Literal(TRADE_SENTENCE, lang="bg")))


WD = Namespace("http://www.wikidata.org/entity/")


def _unconfirmed_as_close_match(data: Graph, onto: Graph) -> None:
    """Q6256 (country) is believed, not confirmed: written as a SKOS mapping it would pass as confirmed."""
    onto.add((KZO.State, SKOS.closeMatch, WD.Q6256))


def _guessed_exact_match(data: Graph, onto: Graph) -> None:
    onto.add((KZO.Consulate, SKOS.exactMatch, URIRef("https://www.wikidata.org/wiki/Q99999999")))


def _cyrillic_tagged_en(data: Graph, onto: Graph) -> None:
    data.add((KZ["state/KAZ"], RDFS.comment, Literal("Република Казахстан", lang="en")))


def _drop_concept(prop: URIRef, lang: str | None = None) -> Breaker:
    """Take a term of the characterisation scheme (issue 19) apart: its label, definition or notation."""

    def brk(data: Graph, onto: Graph) -> None:
        for value in list(onto.objects(KZO.strained, prop)):
            if lang is None or getattr(value, "language", None) == lang:
                onto.remove((KZO.strained, prop, value))

    return brk


def _cut_label(data: Graph, onto: Graph) -> None:
    """An assessment's label as it once was: its English comment cut at 90 characters with "…"."""
    node = KZ["assessment/KAZ-RUS-strained-by-US-cooperation"]
    data.remove((node, RDFS.label, None))
    data.add(
        (
            node,
            RDFS.label,
            Literal("Kazakh–Russian relations have at times been strained by Astana's military and economic…", lang="en"),
        )
    )


def _three_dots_label(data: Graph, onto: Graph) -> None:
    data.add((KZ["state/KAZ"], SKOS.prefLabel, Literal("Kazakhstan...", lang="en")))


def _date_range(data: Graph, onto: Graph) -> None:
    """kzo:accessedOn's range as it was before issue 22: xsd:date, which made HermiT refuse the ontology."""
    onto.remove((KZO.accessedOn, RDFS.range, None))
    onto.add((KZO.accessedOn, RDFS.range, XSD.date))


def _date_union_restriction(data: Graph, onto: Graph) -> None:
    """A candidacy's period as a restriction to a union of the article's precisions: the datatypes sit in a list."""
    restriction, union, members = BNode(), BNode(), BNode()
    onto.add((KZO.Candidacy, RDFS.subClassOf, restriction))
    onto.add((restriction, RDF.type, OWL.Restriction))
    onto.add((restriction, OWL.onProperty, KZO.forPeriod))
    onto.add((restriction, OWL.allValuesFrom, union))
    onto.add((union, RDF.type, RDFS.Datatype))
    Collection(onto, members, [XSD.string, XSD.gYear])
    onto.add((union, OWL.unionOf, members))


def _month_value(data: Graph, onto: Graph) -> None:
    """An owl:hasValue whose literal is an xsd:gYearMonth: a datatype outside the map in a value, not a range."""
    restriction = BNode()
    onto.add((KZO.Agreement, RDFS.subClassOf, restriction))
    onto.add((restriction, RDF.type, OWL.Restriction))
    onto.add((restriction, OWL.onProperty, KZO.signingDate))
    onto.add((restriction, OWL.hasValue, Literal("1994-04", datatype=XSD.gYearMonth)))


def _value_on_a_mission(data: Graph, onto: Graph) -> None:
    """A mission given a figure's kzo:value (domain kzo:Observation), as a new kind of fact reusing it would be."""
    data.add((KZ["mission/KAZ-embassy-ARM-yerevan"], KZO.value, Literal(1)))


# query name -> (how to break the project, the node that must be named, a fragment of the message)
CASES: dict[str, list[tuple[Breaker, str, str]]] = {
    "missing-label": [
        (_drop_label("bg"), str(KZO.Embassy), "'bg'"),
        (_drop_label("en"), str(KZO.Embassy), "'en'"),
        (_drop_concept(RDFS.label, "en"), str(KZO.strained), "'en'"),
    ],
    "missing-definition": [
        (_drop_definition, str(KZO.Embassy), "skos:definition"),
        (_drop_concept(SKOS.definition, "bg"), str(KZO.strained), "'bg'"),
    ],
    "concept-scheme-terms": [
        (_drop_concept(SKOS.prefLabel, "bg"), str(KZO.strained), "skos:prefLabel in language 'bg'"),
        (_drop_concept(SKOS.inScheme), str(KZO.strained), "no scheme"),
        (_drop_concept(SKOS.notation), str(KZO.strained), "skos:notation"),
    ],
    "label-ellipsis": [
        (_cut_label, str(KZ["assessment/KAZ-RUS-strained-by-US-cooperation"]), "ends in an ellipsis"),
        (_three_dots_label, str(KZ["state/KAZ"]), "ends in an ellipsis"),
    ],
    "duplicate-label": [(_duplicate_label, str(KZO.Consulate), "also the label of")],
    "type-by-property-domain": [(_value_on_a_mission, str(KZO.Embassy), f"OWL RL would infer each one a {KZO.Observation}")],
    "undeclared-term": [(_undeclared_term, str(UNDEFINED.hasFavouriteColour), "does not declare")],
    "class-without-standard-ancestor": [(_orphan_class, str(UNDEFINED.Orphan), "standard vocabulary")],
    "language-script": [
        (_english_tagged_bg, "passage", "has no Cyrillic letter"),
        (_cyrillic_tagged_en, str(KZ["state/KAZ"]), "has no Latin letter"),
    ],
    "unconfirmed-wikidata-alignment": [
        (_unconfirmed_as_close_match, str(KZO.State), "does not confirm"),
        (_guessed_exact_match, str(KZO.Consulate), "Q99999999"),
    ],
    "datatype-outside-owl2-map": [
        (_date_range, str(KZO.accessedOn), f"names the datatype {XSD.date}, which is not in the OWL 2 datatype map"),
        (_date_union_restriction, str(KZO.Candidacy), f"names the datatype {XSD.gYear},"),
        (_month_value, str(KZO.Agreement), f"names the datatype {XSD.gYearMonth},"),
    ],
    "ontology-metadata": [
        (_drop_header(p), ONTOLOGY, name)
        for p, name in [
            (DCTERMS.title, "title"),
            (DCTERMS.description, "description"),
            (DCTERMS.license, "licence"),
            (OWL.versionIRI, "version IRI"),
            (DCTERMS.creator, "creator"),
            (VANN.preferredNamespacePrefix, "namespace prefix"),
            (VANN.preferredNamespaceUri, "namespace URI"),
        ]
    ],
}


def test_every_qc_query_has_a_test() -> None:
    assert set(QUERIES) == set(CASES)


def test_the_real_project_passes_every_qc_query(data: Graph, ontology: Graph) -> None:
    report = qc(data, ontology, list(QUERIES.values()))
    assert report.findings == []


@pytest.mark.parametrize(
    "name,case",
    [(n, c) for n, cs in CASES.items() for c in cs],
    ids=[f"{n}-{i}" for n, cs in CASES.items() for i in range(len(cs))],
)
def test_qc_query_fires_when_its_rule_is_broken(name: str, case: tuple[Breaker, str, str], data: Graph, ontology: Graph) -> None:
    breaker, focus, fragment = case
    d, o = copy_graph(data), copy_graph(ontology)
    if focus == "passage":  # a node found in the data, not named in advance
        focus = str(_english_passage(d))
    breaker(d, o)
    findings = qc(d, o, [QUERIES[name]]).findings
    assert any(f.focus == focus and fragment in f.message for f in findings), findings


def test_a_duplicate_label_is_one_in_the_same_language_whatever_its_case(data: Graph, ontology: Graph) -> None:
    """The check joins labels on their language and their text in lower case: "EMBASSY"@en on a
    second class is a duplicate, the Bulgarian label of kzo:Embassy tagged Russian on it is not."""
    bulgarian = next(o for o in ontology.objects(KZO.Embassy, RDFS.label) if o.language == "bg")

    def found(label: Literal) -> list[str]:
        o = copy_graph(ontology)
        o.add((KZO.Consulate, RDFS.label, label))
        return [f.message for f in qc(data, o, [QUERIES["duplicate-label"]]).findings if f.focus == str(KZO.Consulate)]

    assert found(Literal("EMBASSY", lang="en")) == [f"The label 'EMBASSY'@en is also the label of {KZO.Embassy}."]
    assert found(Literal(str(bulgarian), lang="ru")) == []


def test_a_shacl_sparql_rule_runs_on_oxigraph_only_when_its_parsed_select_projects_this() -> None:
    """Which engine runs a SHACL-SPARQL constraint is decided from the parsed SELECT, never its text:
    a ``$this`` in a comment or a string does not count, ``SELECT *`` over ``$this`` does, and a
    query the parser cannot read stays with pyshacl."""
    from rdflib.namespace import SH

    from kzgraph.pipeline.validate import _projects_this, split_sparql_rules

    assert _projects_this("SELECT $this WHERE { $this ?p ?o }")
    assert _projects_this("SELECT DISTINCT ?this WHERE { ?this ?p ?o }")  # $this and ?this are one variable
    assert _projects_this("SELECT * WHERE { $this ?p ?o }")
    assert not _projects_this("SELECT ?x # $this\n WHERE { ?x ?p '$this' }")
    assert not _projects_this("SELECT ?x WHERE { $this ?p ?x }")
    assert not _projects_this("SELECT $this WHERE {")
    assert not _projects_this("ASK { $this ?p ?o }")  # no SELECT: nothing is projected
    # A function Oxigraph lacks: it could not run the rule, which stays with the SHACL engine.
    assert not _projects_this("PREFIX ex: <http://example.org/> SELECT $this (ex:f(?o) AS ?v) WHERE { $this ex:p ?o }")
    shapes = parse_shapes(Project(ROOT))
    core, rules = split_sparql_rules(shapes)
    assert len(rules) == len(list(shapes.subject_objects(SH.sparql))) > 0  # every rule of ours qualifies
    assert not list(core.subject_objects(SH.sparql))


def _reference_tsv() -> Path | None:
    """shared/reference/wikidata-ids.tsv beside the checkout or beside one of its parents (a worktree)."""
    for parent in ROOT.parents:
        tsv = parent / "shared" / "reference" / "wikidata-ids.tsv"
        if tsv.exists():
            return tsv
    return None


def _confirmed_terms(tsv: Path) -> set[str]:
    rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return {r[2].strip() for r in rows if len(r) == 3 and r[0] in ("class", "property")}


def test_the_qc_list_of_confirmed_wikidata_terms_is_the_reference_list() -> None:
    """The QC query holds the confirmed class and property ids; they must be exactly the reference's."""
    tsv = _reference_tsv()
    if tsv is None:
        pytest.skip("shared/reference is not beside this checkout")
    listed = set(re.findall(r"wd:([PQ][0-9]+)", QUERIES["unconfirmed-wikidata-alignment"].text.split("NOT IN", 1)[1]))
    assert listed == _confirmed_terms(tsv)


def test_every_wikidata_alignment_of_the_ontology_is_confirmed_or_marked_unconfirmed(ontology: Graph) -> None:
    """A mapping names a confirmed id; a believed one is kzo:unconfirmedCloseMatch, and no confirmed id hides there."""
    tsv = _reference_tsv()
    if tsv is None:
        pytest.skip("shared/reference is not beside this checkout")
    confirmed = {str(WD[q]) for q in _confirmed_terms(tsv)}
    mapped = {str(o) for p in (SKOS.closeMatch, SKOS.exactMatch) for o in ontology.objects(None, p) if str(o).startswith(str(WD))}
    unconfirmed = {str(o) for o in ontology.objects(None, KZO.unconfirmedCloseMatch)}
    assert mapped and mapped <= confirmed
    assert unconfirmed and not unconfirmed & confirmed
    assert (KZO.State, KZO.unconfirmedCloseMatch, WD.Q6256) in ontology


def test_a_shacl_sparql_rule_that_does_not_nest_stays_with_the_shacl_engine() -> None:
    """A rule runs on Oxigraph inside a query that joins it with its target classes; a SELECT with its
    own PREFIX line reads alone (it projects $this) but not nested, so it stays with the SHACL engine
    instead of failing on Oxigraph at every build."""
    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import RDF, SH

    from kzgraph.pipeline.validate import split_sparql_rules

    shapes, shape, rule = Graph(), URIRef("http://example.org/S"), BNode()
    shapes.add((shape, RDF.type, SH.NodeShape))
    shapes.add((shape, SH.targetClass, URIRef("http://example.org/C")))
    shapes.add((shape, SH.sparql, rule))
    own_prefix = "PREFIX ex: <http://example.org/>\nSELECT $this WHERE { $this ex:p ?o }"
    shapes.add((rule, SH.select, Literal(own_prefix)))
    core, rules = split_sparql_rules(shapes)
    assert rules == [] and (shape, SH.sparql, rule) in core
    shapes.set((rule, SH.select, Literal("SELECT $this WHERE { $this <http://example.org/p> ?o }")))
    core, rules = split_sparql_rules(shapes)
    assert [r.shape for r in rules] == [str(shape)] and (shape, SH.sparql, rule) not in core


# --- the project's own SPARQL is read as a stranger's: never SERVICE ------------------------------------------


_SHAPE = """
kzsh:FetchesElsewhere
    a sh:NodeShape ;
    sh:targetClass kzo:Visit ;
    sh:sparql [
        a sh:SPARQLConstraint ;
        sh:message "x"@en ;
        sh:select \"\"\"SELECT $this WHERE {{ $this a ?c . {call} <http://127.0.0.1:{port}/sparql> {{ ?c ?p ?o }} }}\"\"\" ;
    ] .
"""


@pytest.mark.parametrize("call", ["SERVICE", "service", "\\\\u0053ERVICE"])
@pytest.mark.parametrize("where", ["a QC query", "a shape's SPARQL"])
def test_a_build_refuses_sparql_of_its_own_that_calls_service_before_anything_runs_it(
    project_copy: Path, listener: object, capsys: pytest.CaptureFixture[str], where: str, call: str
) -> None:
    """A QC query or a SHACL-SPARQL constraint that calls SERVICE (in any case, or spelt with a code
    point escape, which SPARQL expands before parsing) stops the build in one line naming its file:
    Oxigraph's check of a QC query, the split of the shapes and either SHACL engine would each have
    fetched from the address it names, and a build's output is its sources' alone."""
    from kzgraph.cli import main

    port = listener.port  # type: ignore[attr-defined]
    before = listener.connections  # type: ignore[attr-defined]
    if where == "a QC query":
        name = "ontology/qc/fetches-elsewhere.rq"
        (project_copy / name).write_text(
            f"# title: fetches\nSELECT ?entity ?message WHERE {{ {call} <http://127.0.0.1:{port}/sparql> {{ ?entity ?message ?o }} }}\n",
            encoding="utf-8",
        )
    else:
        name = "ontology/shapes/visits.ttl"
        with (project_copy / name).open("a", encoding="utf-8") as f:
            f.write(_SHAPE.format(call=call, port=port))
    capsys.readouterr()
    assert main(["--root", str(project_copy), "build", "--no-cache", "--no-reason", "--out", str(project_copy / "dist")]) == 1
    err = capsys.readouterr().err
    assert name in err and "SERVICE" in err, err
    assert listener.connections == before  # type: ignore[attr-defined]
    assert not (project_copy / "dist").exists()


_SHAPE_WITH = """
@prefix kzsh: <https://w3id.org/kzgraph/shapes#> .
kzsh:Smuggles
    a sh:NodeShape ;
    sh:targetClass kzo:Visit ;
    sh:sparql [
        a sh:SPARQLConstraint ;
        sh:message "x"@en ;
        {prefixes}
        sh:select \"\"\"{select}\"\"\" ;
    ] .
{declarations}
"""


def _smuggle(kind: str, port: int) -> tuple[str, str, str]:
    """(the file, what it holds, a fragment of the build's message) for one way of hiding SERVICE."""
    url = f"<http://127.0.0.1:{port}/sparql>"
    if kind == "escaped-quote":  # \u0022 opens a string for the check's reading, not for Oxigraph's
        text = f'SELECT ?entity ?message WHERE {{ BIND("\\u0022" AS ?a) SERVICE {url} {{ ?entity ?p ?message }} BIND("\\u0022" AS ?b) }}'
        return "ontology/qc/smuggles.rq", f"# title: smuggles\n{text}\n", ""
    if kind == "dotless-i":  # rdflib's caseless keyword reads SERVıCE as SERVICE
        select = f"SELECT $this WHERE {{ $this a ?c . SERV\u0131CE {url} {{ ?c ?p ?o }} }}"
        return "ontology/shapes/visits.ttl", _SHAPE_WITH.format(prefixes="", select=select, declarations=""), "SERVICE"
    if kind == "namespace":  # a namespace written into the query text
        ns = f"http://x/> SELECT * {{ SERVICE {url} {{ ?a ?b ?c }} }} #"
        declarations = f'kzsh:Smuggling sh:declare [ sh:prefix "x" ; sh:namespace "{ns}"^^xsd:anyURI ] .'
        select = "SELECT $this WHERE { $this a ?c }"
        return (
            "ontology/shapes/visits.ttl",
            _SHAPE_WITH.format(prefixes="sh:prefixes kzsh:Smuggling ;", select=select, declarations=declarations),
            "no IRI",
        )
    select = 'SELECT $this WHERE { $this a ?c . FILTER(STR(?c) != "\\\\u0041") }'  # an escape in a shape's SPARQL
    return (
        "ontology/shapes/visits.ttl",
        _SHAPE_WITH.format(prefixes="", select=select, declarations=""),
        "write the character itself",
    )


@pytest.mark.parametrize("kind", ["escaped-quote", "dotless-i", "namespace", "escape-in-a-shape"])
def test_sparql_of_its_own_that_hides_service_never_reaches_another_address(
    project_copy: Path, listener: object, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """What runs is what the check read: a QC query runs as its one reading (the check's), a shape's
    SPARQL must be its own one reading (no escape, which the SHACL engines and Oxigraph read each
    their own way), every namespace written into a query must be an IRI, and the test for SERVICE
    upper-cases as rdflib does. None of the ways a review found to hide SERVICE reaches the address."""
    from kzgraph.cli import main

    before = listener.connections  # type: ignore[attr-defined]
    name, text, says = _smuggle(kind, listener.port)  # type: ignore[attr-defined]
    path = project_copy / name
    if name.endswith(".rq"):
        path.write_text(text, encoding="utf-8")
    else:
        with path.open("a", encoding="utf-8") as f:
            f.write(text)
    capsys.readouterr()
    code = main(["--root", str(project_copy), "build", "--no-cache", "--no-reason", "--out", str(project_copy / "dist")])
    err = capsys.readouterr().err
    assert listener.connections == before, err  # type: ignore[attr-defined]
    if says:
        assert code == 1 and name in err and says in err, err
