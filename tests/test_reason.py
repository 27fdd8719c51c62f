"""OWL 2 RL reasoning: what the ontology promises is inferred, and contradictions stop the build."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import ORG, OWL, PROV, RDF

from conftest import copy_graph
from kzgraph.cli import main
from kzgraph.namespaces import KZO, id_namespace
from kzgraph.reason import ENGINES, InconsistencyError, infer, reasoner_input

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


@pytest.mark.parametrize("engine", ENGINES)
def test_symmetric_relations_are_inferred_in_both_directions(data: Graph, ontology: Graph, engine: str) -> None:
    g = copy_graph(data)
    g.remove((KZ["state/AZE"], KZO.hasDiplomaticRelationWith, KZ["state/KAZ"]))
    result = infer(g, ontology, engine=engine)
    assert (KZ["state/AZE"], KZO.hasDiplomaticRelationWith, KZ["state/KAZ"]) in result.inferred


def test_both_engines_infer_exactly_the_same_triples(data: Graph, ontology: Graph) -> None:
    """reasonable (fast, the default) is checked against owlrl (the reference) on the real data."""
    by_owlrl = set(infer(data, ontology, engine="owlrl").inferred)
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


@pytest.mark.parametrize("engine", ENGINES)
def test_an_individual_in_two_disjoint_classes_fails_naming_it(data: Graph, ontology: Graph, engine: str) -> None:
    g = copy_graph(data)
    g.add((KZ["city/baku"], RDF.type, KZO.State))
    with pytest.raises(InconsistencyError, match="city/baku"):
        infer(g, ontology, engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_mission_of_two_disjoint_types_fails(data: Graph, ontology: Graph, engine: str) -> None:
    g = copy_graph(data)
    g.add((BAKU_EMBASSY, RDF.type, KZO.Consulate))
    with pytest.raises(InconsistencyError, match="KAZ-embassy-AZE-baku"):
        infer(g, ontology, engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_same_as_clashing_with_different_from_fails(data: Graph, ontology: Graph, engine: str) -> None:
    g = copy_graph(data)
    g.add((KZ["state/KAZ"], OWL.sameAs, KZ["state/KGZ"]))
    g.add((KZ["state/KAZ"], OWL.differentFrom, KZ["state/KGZ"]))
    with pytest.raises(InconsistencyError, match="sameAs"):
        infer(g, ontology, engine=engine)


def test_kzgraph_reason_writes_only_inferred_triples(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import ROOT

    out = tmp_path / "inferred.ttl"
    assert main(["--root", str(ROOT), "reason", "--out", str(out)]) == 0
    g = Graph().parse(out)
    assert (KZ["state/KAZ"], KZO.sentMission, BAKU_EMBASSY) in g
    assert "inferred triples" in capsys.readouterr().out
