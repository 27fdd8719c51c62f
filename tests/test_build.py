"""The build: what it writes, that it is reproducible, and that the facts come out as the article states them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD

from kzgraph.cli import main
from kzgraph.curated.load import normalize
from kzgraph.curated.namespaces import BIBO, KZO, id_namespace
from kzgraph.pipeline.build import build, summary

from common import ROOT

KZ = id_namespace()
EXPECTED_FILES = {
    "kzgraph.ttl",
    "kzgraph.nt",
    "kzgraph.jsonld",
    "kzgraph.trig",
    "kzgraph.nq",
    "kzgraph-inferred.ttl",
    "ontology.ttl",
    "shapes.ttl",
    "void.ttl",
    "timeline.svg",
    "timeline.bg.svg",
    "missions.svg",
    "missions.bg.svg",
    "release.json",
}


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    build(ROOT, out)
    return out


def _build_in_subprocess(out: Path, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run(
        [sys.executable, "-m", "kzgraph.cli", "--root", str(ROOT), "build", "--out", str(out)],
        check=True,
        env=env,
        capture_output=True,
    )


# --- what the build writes -------------------------------------------------------------------


def test_build_writes_exactly_the_release_files(dist: Path, built: Path) -> None:
    """``kzgraph build`` writes what ``Release.files`` holds, byte for byte: the session's ``built``
    fixture writes those files instead of building a second time."""
    assert {p.name: p.read_bytes() for p in dist.iterdir()} == {p.name: p.read_bytes() for p in built.iterdir()}


def test_build_writes_every_format(dist: Path) -> None:
    assert {p.name for p in dist.iterdir()} == EXPECTED_FILES


@pytest.mark.slow  # two whole builds in fresh processes
def test_build_is_byte_identical_across_processes(tmp_path: Path) -> None:
    """Two builds in fresh interpreters with different hash seeds give the same bytes, file by file."""
    a, b = tmp_path / "a", tmp_path / "b"
    _build_in_subprocess(a, "1")
    _build_in_subprocess(b, "4242")
    for name in sorted(EXPECTED_FILES):
        assert (a / name).read_bytes() == (b / name).read_bytes(), f"{name} differs between builds"


def test_turtle_parses_to_the_same_graph_in_rdflib_and_oxigraph(dist: Path) -> None:
    ttl = (dist / "kzgraph.ttl").read_bytes()
    by_rdflib = Graph().parse(data=ttl, format="turtle")
    nt = ox.serialize(ox.parse(ttl, format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES)
    by_oxigraph = Graph().parse(data=nt, format="nt")
    assert len(by_rdflib) > 4000
    assert isomorphic(by_rdflib, by_oxigraph)


@pytest.mark.parametrize("name,fmt", [("kzgraph.nt", "nt"), ("kzgraph.jsonld", "json-ld")])
def test_every_data_format_holds_the_same_graph(dist: Path, name: str, fmt: str) -> None:
    turtle = Graph().parse(dist / "kzgraph.ttl", format="turtle")
    other = Graph().parse(dist / name, format=fmt)
    assert isomorphic(turtle, other)


def test_trig_and_nquads_hold_four_named_graphs(dist: Path) -> None:
    names = {"data", "inferred", "ontology", "metadata"}
    for name, fmt in (("kzgraph.trig", ox.RdfFormat.TRIG), ("kzgraph.nq", ox.RdfFormat.N_QUADS)):
        graphs = {q.graph_name.value.rsplit("/", 1)[1] for q in ox.parse(path=str(dist / name), format=fmt)}
        assert graphs == names, name


def test_inferred_triples_are_kept_apart_from_asserted_ones(dist: Path) -> None:
    asserted = Graph().parse(dist / "kzgraph.ttl")
    inferred = Graph().parse(dist / "kzgraph-inferred.ttl")
    assert len(inferred) > 0
    assert not set(asserted) & set(inferred)


def test_void_counts_what_the_data_holds(dist: Path) -> None:
    data = Graph().parse(dist / "kzgraph.ttl")
    void = Graph().parse(dist / "void.ttl")
    triples = int(void.value(URIRef("https://w3id.org/kzgraph/dataset"), URIRef("http://rdfs.org/ns/void#triples")))
    assert triples == len(data)


def test_summary_reports_triples_entities_and_sections(release) -> None:  # type: ignore[no-untyped-def]
    text = summary(release)
    assert re.search(r"asserted triples: \d+", text)
    assert "State 69" in text
    assert "facts by section: lead" in text


def test_a_failed_build_leaves_dist_as_it_was(project_copy: Path) -> None:
    dist = project_copy / "dist"
    dist.mkdir()
    (dist / "marker.txt").write_text("previous release")
    states = project_copy / "data" / "entities" / "states.yaml"
    states.write_text(states.read_text(encoding="utf-8").replace('iso2: "KZ"', "iso2: [KZ]", 1), encoding="utf-8")
    assert main(["--root", str(project_copy), "build"]) == 1
    assert [p.name for p in dist.iterdir()] == ["marker.txt"]


# --- fidelity: every fact has its source, and chosen facts are as the article states them -------


def test_every_fact_node_has_provenance_to_a_verbatim_quote(data: Graph, release) -> None:  # type: ignore[no-untyped-def]
    article = release.dataset.article
    notes = set(data.subjects(RDF.type, KZO.DataQualityNote))
    sourced = {s for s in data.subjects(PROV.wasDerivedFrom, None)} - notes
    assert len(sourced) == len(release.dataset.facts)
    for passage in data.subjects(RDF.type, KZO.SourcePassage):
        quote = data.value(passage, PROV.value)
        assert normalize(str(quote)) in article, passage


def test_every_curated_quote_stands_verbatim_in_the_seed_article(release) -> None:  # type: ignore[no-untyped-def]
    """The article copy in data/article is the seed; quotes are checked against it."""
    seed = ROOT.parent / "shared" / "seed"
    copies = sorted(seed.glob("*.txt")) if seed.exists() else []
    if copies:
        assert normalize(copies[0].read_text(encoding="utf-8")) == release.dataset.article
    for rec in release.dataset.records.values():
        for p in rec.sources:
            assert p.quote in release.dataset.article, (rec.key, p.quote)


def test_every_section_of_the_article_contributes_facts(release) -> None:  # type: ignore[no-untyped-def]
    ds = release.dataset
    section_ids = [r.id for r in ds.by_path("section")]
    leaves = [s for s in section_ids if not any(o.startswith(s + "/") for o in section_ids)]
    cited = {p.section for r in ds.facts for p in r.sources}
    assert [s for s in leaves if s not in cited and s != "literature"] == []
    assert len(ds.by_path("literature")) == 2
    assert len(ds.by_path("reference")) == 14  # the article numbers them [1]-[13]; and the unnumbered citation


def _value(data: Graph, key: str, predicate: URIRef) -> object:
    return data.value(KZ[key], predicate)


def test_kazakh_embassy_in_baku_since_16_december_1994(data: Graph) -> None:
    m = KZ["mission/KAZ-embassy-AZE-baku"]
    assert (m, RDF.type, KZO.Embassy) in data
    assert data.value(m, KZO.sendingState) == KZ["state/KAZ"]
    assert data.value(m, KZO.receivingState) == KZ["state/AZE"]
    assert data.value(m, KZO.city) == KZ["city/baku"]
    assert data.value(m, KZO.openingDate) == Literal("1994-12-16", datatype=XSD.date)


def test_kazakh_consulates_general(data: Graph) -> None:
    q = """SELECT ?city WHERE { ?m a kzo:ConsulateGeneral ; kzo:sendingState kz:state/KAZ ; kzo:city ?city }"""
    cities = {
        str(r.city).rsplit("/", 1)[1] for r in data.query(q.replace("kz:state/KAZ", f"<{KZ['state/KAZ']}>"), initNs={"kzo": KZO})
    }
    assert cities == {"saint-petersburg", "astrakhan", "omsk", "istanbul"}


def test_no_relations_list_holds_every_place_once_and_grenada_twice(data: Graph) -> None:
    # The article prints the list (38 places today, queries/no-relations-counts.expected.csv), not its
    # length: every place 1..N is held by one entry, the count stated is N, and the one state printed
    # twice (Grenada, at 5 and 10) is one entry.
    entries = list(data.subjects(RDF.type, KZO.NoDiplomaticRelation))
    positions = sorted(int(p) for e in entries for p in data.objects(e, KZO.listPosition))
    assert len(positions) >= 38 and positions == list(range(1, len(positions) + 1))
    assert len(entries) == len(positions) - 1
    grenada = KZ["no-relation/KAZ-GRD"]
    assert sorted(int(p) for p in data.objects(grenada, KZO.listPosition)) == [5, 10]
    assert data.value(KZ["list/no-relations"], KZO.entryCount) == Literal(len(positions), datatype=XSD.nonNegativeInteger)
    assert data.value(KZ["list/no-relations"], KZO.isExhaustive) == Literal(False)


def test_dates_keep_the_precision_the_article_gives(data: Graph) -> None:
    assert data.value(KZ["relation/KAZ-PHL"], KZO.startDate) == Literal("1992-03-19", datatype=XSD.date)
    assert data.value(KZ["relation/KAZ-MYS"], KZO.startDate) == Literal("1992", datatype=XSD.gYear)
    assert data.value(KZ["relation/KAZ-CHN-1994-04"], KZO.startDate) == Literal("1994-04", datatype=XSD.gYearMonth)


def test_chinese_start_dates_are_both_kept_and_the_conflict_recorded(data: Graph) -> None:
    table, prose = KZ["relation/KAZ-CHN"], KZ["relation/KAZ-CHN-1994-04"]
    assert data.value(table, KZO.startDate) == Literal("1992-01-03", datatype=XSD.date)
    notes = set(data.objects(table, KZO.hasQualityNote)) & set(data.objects(prose, KZO.hasQualityNote))
    assert any(data.value(n, KZO.noteType) == KZO.contradiction for n in notes)


def test_the_two_first_recognition_claims_are_recorded_as_a_contradiction(data: Graph) -> None:
    turkey, usa = KZ["recognition/TUR-recognizes-KAZ"], KZ["recognition/USA-recognizes-KAZ"]
    assert data.value(turkey, KZO.date) == Literal("1991-12-16", datatype=XSD.date)
    assert data.value(usa, KZO.date) == Literal("1991", datatype=XSD.gYear)
    shared = set(data.objects(turkey, KZO.hasQualityNote)) & set(data.objects(usa, KZO.hasQualityNote))
    assert any(data.value(n, KZO.noteType) == KZO.contradiction for n in shared)


def test_every_named_state_organization_and_city_has_bulgarian_and_english_labels(data: Graph) -> None:
    for cls in (KZO.State, KZO.City, KZO.InternationalOrganization, KZO.Person):
        for s in data.subjects(RDF.type, cls):
            langs = {lbl.language for lbl in data.objects(s, RDFS.label)}
            assert {"bg", "en"} <= langs, s


def test_a_citations_journal_volume_issue_and_a_books_subtitle_are_values_apart(data: Graph) -> None:
    """ "// Nationalities Papers 32 (3)" is a journal, a volume and an issue; "Großmächte …?. Das „Great
    Game“ …" a title and a subtitle. The entry's text stays as printed beside them."""
    paper, book = KZ["literature/bukkvoll-astanas-privatized-independence"], KZ["literature/shiryayev-grossmaechte"]
    journal = data.value(paper, DCTERMS.isPartOf)
    assert (journal, RDF.type, BIBO.Journal) in data
    assert data.value(journal, DCTERMS.title) == Literal("Nationalities Papers")
    assert (data.value(paper, BIBO.volume), data.value(paper, BIBO.issue)) == (Literal("32"), Literal("3"))
    assert data.value(paper, KZO.containerTitle) == Literal("Nationalities Papers 32 (3)")
    assert data.value(book, DCTERMS.title) == Literal("Großmächte auf dem Weg zur neuen Konfrontation?")
    assert str(data.value(book, DCTERMS.alternative)).startswith("Das „Great Game“ am Kaspischen Meer")
    assert "Konfrontation?. Das „Great Game“" in str(data.value(book, DCTERMS.bibliographicCitation))


def test_a_vague_count_is_a_quantifier_not_a_single_fact(data: Graph) -> None:
    """ "няколко визити", "редица документи и спогодби", "няколко текущи регионални програми": one node
    each, marked with how many the article says in words."""
    marked = {str(s).removeprefix(str(KZ)): str(o).removeprefix(str(KZO)) for s, o in data.subject_objects(KZO.quantifier)}
    assert marked == {
        "visit/UZB-president-to-KAZ-several": "several",
        "agreement/KAZ-ARM-trade-agreements-2006": "aNumberOf",
        "agreement/KAZ-EU-regional-programmes": "several",
        "visit/KAZ-ARM-presidents-1999": "unstatedNumber",
        "visit/KAZ-ARM-presidents-2001": "unstatedNumber",
    }


def test_parallel_elided_embassies_are_marked_implied_alike(data: Graph) -> None:
    """ "Казахстан има посолство в Ереван, както и Армения в Алмати" and "..., а от своя страна Малайзия
    има в Алмати" both leave out "embassy": each is marked implied the same way, with an elided-word note."""
    for mission in ("mission/ARM-embassy-KAZ-almaty", "mission/MYS-embassy-KAZ-almaty"):
        node = KZ[mission]
        assert set(data.objects(node, KZO.impliedProperty)) == {RDF.type}, mission
        assert data.value(node, KZO.impliedFrom) is not None, mission
        kinds = {data.value(n, KZO.noteType) for n in data.objects(node, KZO.hasQualityNote)}
        assert KZO.elidedWord in kinds, mission


def test_notes_about_references_link_them_and_contested_states_say_so(data: Graph) -> None:
    """A note about a reference links the reference node, not only the facts; Palestine is not an undisputed state."""
    for note, ref in (
        ("asia-armenia-reference-3-uncited", "3"),
        ("asia-israel-reference-4-predates-2008", "4"),
        ("reference-13-mismatch", "13"),
        ("eu-1993-anachronism", "13"),
        ("eu-relation-only-in-reference-title", "13"),
        ("central-asia-kyrgyzstan-citation-in-text", "kyrgyz-kazakh-step"),
        ("reference-publisher-gazeta-kz", "11"),
    ):
        assert (KZ[f"note/{note}"], KZO.noteAbout, KZ[f"reference/{ref}"]) in data, note
    palestine = KZ["state/PSE"]
    assert data.value(palestine, KZO.recognitionContested) == Literal(True)
    assert data.value(palestine, KZO.identityNote) is not None


def test_wikidata_links_are_only_the_confirmed_ones(data: Graph) -> None:
    tsv = ROOT.parent / "shared" / "reference" / "wikidata-ids.tsv"
    if not tsv.exists():
        pytest.skip("shared/reference is not beside this checkout")
    confirmed = {
        line.split("\t")[2].strip()
        for line in tsv.read_text().splitlines()
        if line and not line.startswith("#") and line.count("\t") == 2
    }
    linked = {str(o).rsplit("/", 1)[1] for o in data.objects(None, OWL.sameAs)}
    assert linked and linked <= confirmed


def test_a_build_whose_validation_fails_writes_nothing(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Validation runs beside reasoning and serialization, but nothing is written until it passes."""
    dist = project_copy / "dist"
    dist.mkdir()
    (dist / "marker.txt").write_text("previous release")
    shapes = project_copy / "ontology" / "shapes" / "missions.ttl"
    text = shapes.read_text(encoding="utf-8")
    # demand that a mission's sending state be a city: the real data now violates the shapes
    block = text[text.index("kzsh:DiplomaticMission-sendingState\n") :]
    block = block[: block.index(" .\n") + 3]
    shapes.write_text(text.replace(block, block.replace("sh:class kzo:State", "sh:class kzo:City")), encoding="utf-8")
    assert main(["--root", str(project_copy), "build"]) == 1
    assert "DiplomaticMission-sendingState" in capsys.readouterr().err
    assert [p.name for p in dist.iterdir()] == ["marker.txt"]
