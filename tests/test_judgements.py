"""The article's judgements as data (issue 19): bad judgements stop the build; good ones answer
"what is said, about what, in which respect, by whom" from triples.

Each bad-input test writes one small assessment into a throw-away copy of the project as
``data/facts/zz-bad.yaml`` and checks the one problem reported (``file:line: field: what``); one
also runs ``kzgraph build``: exit 1 and the previous release left as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS
from test_input_errors import BAD_FILE, assert_build_refuses, assert_problem, the_problem

from kzgraph.curated.judgement_terms import SCHEMES
from kzgraph.curated.namespaces import KZO, id_namespace

KZ = id_namespace()
# Uzbekistan: "Отношенията между Казахстан и Узбекистан винаги са определяни като искрени и силни."
QUOTE = "Отношенията между Казахстан и Узбекистан винаги са определяни като искрени и силни."
HEAD = "facts:\n  - id: zz-judgement\n    type: Assessment\n    about: [relation/KAZ-UZB]\n    evaluates: [relation/KAZ-UZB]\n"
TAIL = f'    comment: Relations are sincere.\n    source: [{{section: central-asia/uzbekistan, quote: "{QUOTE}"}}]\n'


def write(root: Path, middle: str) -> str:
    (root / BAD_FILE).write_text(HEAD + middle + TAIL, encoding="utf-8")
    return BAD_FILE


def test_a_good_judgement_loads(project_copy: Path) -> None:
    """The control: the same record with a characterisation and the article's words is accepted."""
    from kzgraph.curated.load import load

    write(project_copy, '    characterisations: [sincere]\n    wording: ["искрени"]\n')
    assert "assessment/zz-judgement" in load(project_copy).records


def test_an_assessment_without_characterisation_or_note(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = write(project_copy, '    label: {en: "Relations Kazakhstan – Uzbekistan", bg: "Отношения Казахстан – Узбекистан"}\n')
    assert_problem(the_problem(project_copy), f, 2, "characterisations", "at least one characterisation", "no-characterisation")
    assert_build_refuses(project_copy, capsys, f"{f}:2: characterisations:")


def test_a_no_characterisation_note_explains_its_absence(project_copy: Path) -> None:
    from kzgraph.curated.load import load

    write(project_copy, '    label: {en: "Relations Kazakhstan – Uzbekistan", bg: "Отношения Казахстан – Узбекистан"}\n')
    with (project_copy / BAD_FILE).open("a", encoding="utf-8") as out:
        out.write(
            "notes:\n  - id: zz-why\n    kind: no-characterisation\n    affects: [assessment/zz-judgement]\n"
            "    comment: The sentence states a fact.\n    comment_bg: Изречението съобщава факт.\n"
        )
    assert "assessment/zz-judgement" in load(project_copy).records


def test_a_characterisation_not_in_the_scheme(project_copy: Path) -> None:
    f = write(project_copy, "    characterisations: [lukewarm]\n")
    assert_problem(the_problem(project_copy), f, 6, "characterisations", "lukewarm", "strained")


def test_an_unknown_aspect(project_copy: Path) -> None:
    f = write(project_copy, "    characterisations: [sincere]\n    aspects: [gastronomic]\n")
    assert_problem(the_problem(project_copy), f, 7, "aspects", "gastronomic", "economic")


def test_a_label_ending_in_an_ellipsis(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = write(
        project_copy,
        '    characterisations: [sincere]\n    label: {en: "Relations have always been described as sincere and…", bg: "Отношенията"}\n',
    )
    assert_problem(the_problem(project_copy), f, 7, "label", "ends in an ellipsis", "complete")
    assert_build_refuses(project_copy, capsys, f"{f}:7: label:")


def test_three_dots_are_an_ellipsis_too(project_copy: Path) -> None:
    f = write(project_copy, '    characterisations: [sincere]\n    label: {en: "Relations...", bg: "Отношенията"}\n')
    assert_problem(the_problem(project_copy), f, 7, "label", "ends in an ellipsis")


def test_wording_that_is_not_in_the_quote(project_copy: Path) -> None:
    f = write(project_copy, '    characterisations: [sincere]\n    wording: ["сърдечни"]\n')
    assert_problem(the_problem(project_copy), f, 7, "wording", "'сърдечни' is not in the record's quote")


# --- what the real data says ----------------------------------------------------------------------


def test_every_assessment_is_characterised_or_explained(data: Graph) -> None:
    noted = {s for s, n in data.subject_objects(KZO.hasQualityNote) if (n, KZO.noteType, KZO.noCharacterisation) in data}
    for a in data.subjects(KZO.evaluates, None, unique=True):
        assert any(data.objects(a, KZO.characterisation)) or a in noted, a
        assert len(list(data.objects(a, KZO.assessedBy))) == 1, a


def test_no_label_is_cut(data: Graph) -> None:
    cut = [(s, o) for s, o in data.subject_objects(RDFS.label) if str(o).rstrip().endswith(("…", "..."))]
    assert cut == []


@pytest.mark.parametrize(
    "record,lang,label",
    [
        # Israel: "Отношенията между двете държави са по-скоро добри."
        ("KAZ-ISR-relations-rather-good", "en", "Diplomatic relations Kazakhstan – Israel (1992): rather good"),
        ("KAZ-ISR-relations-rather-good", "bg", "Дипломатически отношения Казахстан – Израел (1992): по-скоро добри"),
        # Russia: "Казахстан-руските отношения са обтегнати на моменти …"
        ("KAZ-RUS-strained-by-US-cooperation", "en", "Diplomatic relations Kazakhstan – Russia: strained at times"),
        ("KAZ-RUS-strained-by-US-cooperation", "bg", "Дипломатически отношения Казахстан – Русия: обтегнати на моменти"),
    ],
)
def test_a_derived_label_says_no_more_than_the_hedged_text(data: Graph, record: str, lang: str, label: str) -> None:
    assert Literal(label, lang=lang) in set(data.objects(KZ[f"assessment/{record}"], RDFS.label))


def test_a_hedge_on_the_respects_stands_with_them(project_copy: Path) -> None:
    """ "силни, особено в политическата … сфери": 'especially' is said of the spheres, not of 'strong'."""
    from kzgraph.curated.load import load
    from kzgraph.pipeline.labels import fact_labels

    write(project_copy, "    characterisations: [sincere]\n    aspects: [political]\n    hedges: [especially]\n")
    ds = load(project_copy)
    labels = fact_labels(ds.records["assessment/zz-judgement"], ds)
    assert labels["en"].endswith(": sincere (especially political)"), labels
    assert labels["bg"].endswith(": искрени (особено политически)"), labels


def test_every_fact_has_its_whole_statement(data: Graph, ontology: Graph) -> None:
    # Russia: "Казахстан-руските отношения са обтегнати на моменти от военното и икономическото сътрудничество
    # на Астана със Съединените щати." — once cut at 90 characters in its label, whole in its statement.
    node = KZ["assessment/KAZ-RUS-strained-by-US-cooperation"]
    (statement,) = data.objects(node, KZO.statement)
    assert statement == Literal(
        "Kazakh–Russian relations have at times been strained by Astana's military and economic cooperation with the United States.",
        lang="en",
    )
    stated = set(data.subjects(KZO.statement, None))
    every_fact = {s for c in ontology.transitive_subjects(RDFS.subClassOf, KZO.Fact) for s in data.subjects(RDF.type, c)}
    assert len(every_fact) > 200 and every_fact <= stated  # every fact of the release, whatever its count


def test_wording_stands_in_the_quote(data: Graph) -> None:
    from rdflib.namespace import PROV

    for a, words in data.subject_objects(KZO.wording):
        quotes = [str(q) for p in data.objects(a, PROV.wasDerivedFrom) for q in data.objects(p, PROV.value)]
        assert any(str(words) in q for q in quotes), (a, words)
        assert words.language == "bg"


def test_the_ontology_declares_the_scheme_as_the_model_has_it(ontology: Graph) -> None:
    from rdflib.namespace import SKOS

    for _name, (terms, scheme) in SCHEMES.items():
        for slug, term in terms.items():
            concept = KZO[term.local]
            assert (concept, SKOS.inScheme, KZO[scheme.local]) in ontology, slug
            assert (concept, SKOS.notation, Literal(slug)) in ontology, slug
            assert set(ontology.objects(concept, SKOS.prefLabel)) == {Literal(term.en, lang="en"), Literal(term.bg, lang="bg")}
            assert (concept, SKOS.definition, Literal(term.definition_en, lang="en")) in ontology, slug


# --- the curator's guide and the worksheet stay true -----------------------------------------------


def test_the_data_readme_example_is_the_real_record() -> None:
    """The judgement example of data/README.md is the Pakistan record as it stands in the data."""
    import re

    import yaml

    from common import ROOT

    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^```yaml\n(  - id: PAK-sees-KAZ-growing-market.*?)^```", text, re.M | re.S)
    assert block, "the judgement example of data/README.md was not found"
    (example,) = yaml.safe_load(block.group(1))
    real = yaml.safe_load((ROOT / "data" / "facts" / "asia.yaml").read_text(encoding="utf-8"))
    (record,) = [r for r in real["facts"] if r["id"] == example["id"]]
    assert example == record


def test_the_worksheet_lists_every_judgement(data: Graph) -> None:
    from common import ROOT

    sheet = (ROOT / "docs" / "judgements.md").read_text(encoding="utf-8")
    assessments = {str(a).rpartition("/")[2] for a in data.subjects(KZO.evaluates, None)}
    assert len(assessments) >= 50  # today's judgements; the article does not number them
    assert sorted(a for a in assessments if f"`{a}`" not in sheet) == []
