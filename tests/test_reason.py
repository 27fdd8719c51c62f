"""OWL 2 RL reasoning: what the ontology promises is inferred, and contradictions stop the build."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, OWL, PROV, RDF

from kzgraph.cli import main
from kzgraph.curated.namespaces import KZO, id_namespace
from kzgraph.pipeline.reason import ENGINES, Axioms, InconsistencyError, infer, reasoner_input

from common import copy_graph

# owlrl, the reference engine, takes 2–4 s on each of these: the quick check runs them on the default
# engine, and test_both_engines_infer_exactly_the_same_triples holds the two equal on the real data;
# every case runs on both engines in the full tier.
ENGINE_CASES = [pytest.param(e, marks=pytest.mark.slow) if e == "owlrl" else e for e in ENGINES]

KZ = id_namespace()
BAKU_EMBASSY = KZ["mission/KAZ-embassy-AZE-baku"]


@pytest.fixture(scope="module")
def inferred(release) -> Graph:  # type: ignore[no-untyped-def]
    return release.inferred


def test_superclass_types_are_inferred(inferred: Graph) -> None:
    for cls in (KZO.DiplomaticMission, KZO.Fact, ORG.OrganizationalUnit, PROV.Entity):
        assert (BAKU_EMBASSY, RDF.type, cls) in inferred


def test_memberships_are_org_memberships(inferred: Graph) -> None:
    assert (KZ["membership/KAZ-in-un"], RDF.type, ORG.Membership) in inferred


def test_inverse_properties_are_inferred(inferred: Graph) -> None:
    assert (KZ["state/KAZ"], KZO.sentMission, BAKU_EMBASSY) in inferred
    assert (KZ["state/AZE"], KZO.hostsMission, BAKU_EMBASSY) in inferred


def test_subproperties_are_inferred(inferred: Graph) -> None:
    assert (BAKU_EMBASSY, ORG.unitOf, KZ["state/KAZ"]) in inferred


@pytest.mark.parametrize("engine", ENGINE_CASES)
def test_symmetric_relations_are_inferred_in_both_directions(data: Graph, ontology: Graph, engine: str) -> None:
    g = copy_graph(data)
    g.remove((KZ["state/AZE"], KZO.hasDiplomaticRelationWith, KZ["state/KAZ"]))
    result = infer(g, ontology, engine=engine)
    assert (KZ["state/AZE"], KZO.hasDiplomaticRelationWith, KZ["state/KAZ"]) in result.inferred


_ON_THE_REAL_DATA: dict[str, set] = {}


def inferred_on_the_real_data(data: Graph, ontology: Graph, engine: str) -> set:
    """What ``engine`` infers from the real data, once per engine in the module (owlrl takes seconds,
    and two tests read the same closure)."""
    if engine not in _ON_THE_REAL_DATA:
        _ON_THE_REAL_DATA[engine] = set(infer(data, ontology, engine=engine).inferred)
    return _ON_THE_REAL_DATA[engine]


def test_both_engines_infer_exactly_the_same_triples(data: Graph, ontology: Graph) -> None:
    """reasonable (fast, the default) is checked against owlrl (the reference) on the real data."""
    by_owlrl = inferred_on_the_real_data(data, ontology, "owlrl")
    by_reasonable = set(infer(data, ontology, engine="reasonable").inferred)
    assert by_owlrl == by_reasonable
    assert len(by_owlrl) > 1000


def test_only_new_triples_about_the_dataset_are_kept(data: Graph, inferred: Graph) -> None:
    assert not set(inferred) & set(data)
    assert all(str(s).startswith(str(KZ)) for s in inferred.subjects())
    assert not any(isinstance(o, Literal) for o in inferred.objects())


def test_the_reasoner_is_not_fed_literals_or_external_identity_links(data: Graph, ontology: Graph) -> None:
    fed = reasoner_input(data, ontology)
    assert not any(isinstance(o, Literal) for o in fed.objects())
    assert not any(str(o).startswith("http://www.wikidata.org/") for o in fed.objects(None, OWL.sameAs))


@pytest.mark.parametrize("engine", ENGINE_CASES)
def test_an_individual_in_two_disjoint_classes_fails_naming_it(data: Graph, ontology: Graph, engine: str) -> None:
    g = copy_graph(data)
    g.add((KZ["city/baku"], RDF.type, KZO.State))
    with pytest.raises(InconsistencyError, match="city/baku"):
        infer(g, ontology, engine=engine)


@pytest.mark.parametrize("engine", ENGINE_CASES)
def test_a_mission_of_two_disjoint_types_fails(data: Graph, ontology: Graph, engine: str) -> None:
    g = copy_graph(data)
    g.add((BAKU_EMBASSY, RDF.type, KZO.Consulate))
    with pytest.raises(InconsistencyError, match="KAZ-embassy-AZE-baku"):
        infer(g, ontology, engine=engine)


@pytest.mark.parametrize("engine", ENGINE_CASES)
def test_same_as_clashing_with_different_from_fails(data: Graph, ontology: Graph, engine: str) -> None:
    g = copy_graph(data)
    g.add((KZ["state/KAZ"], OWL.sameAs, KZ["state/KGZ"]))
    g.add((KZ["state/KAZ"], OWL.differentFrom, KZ["state/KGZ"]))
    with pytest.raises(InconsistencyError, match="sameAs"):
        infer(g, ontology, engine=engine)


def test_kzgraph_reason_writes_only_inferred_triples(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from common import ROOT

    out = tmp_path / "inferred.ttl"
    assert main(["--root", str(ROOT), "reason", "--out", str(out)]) == 0
    g = Graph().parse(out)
    assert (KZ["state/KAZ"], KZO.sentMission, BAKU_EMBASSY) in g
    assert "inferred triples" in capsys.readouterr().out


@pytest.mark.parametrize("engine", ENGINE_CASES)
def test_disjointness_is_checked_in_both_directions(data: Graph, ontology: Graph, engine: str) -> None:
    """kzo:Fact owl:disjointWith kzo:Article is stated in one direction only."""
    g = copy_graph(data)
    g.add((BAKU_EMBASSY, RDF.type, KZO.Article))
    with pytest.raises(InconsistencyError, match="KAZ-embassy-AZE-baku is in the disjoint classes"):
        infer(g, ontology, engine=engine)


def test_two_values_of_a_functional_property_make_them_the_same(data: Graph, ontology: Graph) -> None:
    """prp-fp runs outside reasonable, between its rounds."""
    g = copy_graph(data)
    g.add((BAKU_EMBASSY, KZO.sendingState, KZ["state/KGZ"]))
    by_reasonable = infer(g, ontology, engine="reasonable")
    assert (KZ["state/KAZ"], OWL.sameAs, KZ["state/KGZ"]) in by_reasonable.inferred
    assert by_reasonable.rounds > 1


@pytest.mark.slow  # the reference engine on the whole data: seconds; the quick tier keeps one such proof
def test_two_values_of_a_functional_property_make_them_the_same_in_both_engines(data: Graph, ontology: Graph) -> None:
    """prp-fp between reasonable's rounds: the closure is still owlrl's."""
    g = copy_graph(data)
    g.add((BAKU_EMBASSY, KZO.sendingState, KZ["state/KGZ"]))
    by_reasonable = infer(g, ontology, engine="reasonable")
    by_owlrl = infer(g, ontology, engine="owlrl")
    assert set(by_reasonable.inferred) == set(by_owlrl.inferred)


def test_reasonable_is_not_given_its_quadratic_axioms_nor_triples_no_axiom_reads(ontology: Graph) -> None:
    axioms = Axioms.of(ontology)
    given = {p for _, p, _ in axioms.triples} | {o for _, p, o in axioms.triples if p == str(RDF.type)}
    assert not given & {str(OWL.disjointWith), str(OWL.AllDisjointClasses), str(OWL.FunctionalProperty)}
    assert (KZO.Fact, OWL.disjointWith, KZO.SourcePassage) in axioms.disjointness
    assert str(KZO.sendingState) in axioms.functional and str(KZO.sendingState) in axioms.predicates
    assert str(PROV.wasQuotedFrom) not in axioms.predicates


_QUADRATIC_CASE = """
import resource, sys
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF
from kzgraph.curated.namespaces import KZO, id_namespace
from kzgraph.pipeline.reason import infer
n = int(sys.argv[1])
limit = int(sys.argv[2]) * 2**20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
kz = id_namespace()
ontology = Graph()
ontology.add((KZO.Fact, OWL.disjointWith, KZO.SourcePassage))
ontology.add((KZO.inSection, RDF.type, OWL.FunctionalProperty))
data = Graph()
for i in range(n):
    data.add((kz[f"fact/{i}"], RDF.type, KZO.Fact))
    data.add((kz[f"passage/{i}"], RDF.type, KZO.SourcePassage))
    data.add((kz[f"passage/{i}"], KZO.inSection, kz[f"section/{i % 7}"]))
print(len(infer(data, ontology).triples))
"""


def test_reasoning_stays_linear_where_reasonable_alone_aborts(tmp_path: Path) -> None:
    """Given these axioms, reasonable joins every fact with every passage (cax-dw) and every
    kzo:inSection triple with every other (prp-fp): 16,000 of each need over 4 GiB, and under an
    address-space limit the process dies of SIGABRT. Without them it needs a few hundred MiB."""
    import subprocess
    import sys

    script = tmp_path / "case.py"
    script.write_text(_QUADRATIC_CASE, encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script), "16000", "1536"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "0"


def test_rdflib_is_itself_again_after_reasoning(data: Graph, ontology: Graph) -> None:
    """reasonable is shown plain strings for IRIs while it returns its closure, and only then."""
    import sys

    import rdflib

    infer(data, ontology, engine="reasonable")
    assert sys.modules["rdflib"] is rdflib and rdflib.URIRef is URIRef


@pytest.mark.parametrize("engine", ENGINE_CASES)
def test_property_chains_link_a_fact_to_the_state_of_the_person_or_office_it_names(
    data: Graph, ontology: Graph, engine: str
) -> None:
    """prp-spo2 (owl:propertyChainAxiom): reasonable has no such rule, so the chains run between its
    rounds; both engines reach the same links, also those that need a link another chain inferred
    (the visit involves Nazarbayev, who is an official of Kazakhstan through the office he holds)."""
    visit = KZ["visit/nazarbayev-to-ISR-1995"]
    expected = {
        (KZ["person/nursultan-nazarbayev"], KZO.officialOf, KZ["state/KAZ"]),
        (KZ["person/robert-kocharyan"], KZO.officialOf, KZ["state/ARM"]),  # the office he held formerly
        (visit, KZO.involvesOfficialOf, KZ["state/KAZ"]),
        (KZ["visit/UZB-president-to-KAZ-several"], KZO.involvesOfficialOf, KZ["state/UZB"]),  # the office itself
        (KZ["visit/KAZ-ARM-presidents-1999"], KZO.involvesHolder, KZ["person/nursultan-nazarbayev"]),
    }
    inferred = inferred_on_the_real_data(data, ontology, engine)
    assert expected <= inferred
    assert (visit, KZO.involvesOfficialOf, KZ["state/ISR"]) not in inferred  # the destination is no party


def test_reasonable_is_given_the_property_chains_to_apply(ontology: Graph) -> None:
    chains = dict(Axioms.of(ontology).chains)
    assert chains[str(KZO.involvesHolder)] == (str(KZO.involves), str(ORG.heldBy))
