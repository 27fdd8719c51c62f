"""Deltas for triple stores (issue 21 item 5): each published release carries the change from the one
before as a SPARQL 1.1 Update and as an RDF Patch, and ``kzgraph load --endpoint … --deltas SITE``
moves a store forward by them instead of loading it whole.

What must hold: applying a delta (or several in a row) to a store holding the base release leaves
exactly the quads a full load of the target leaves — in memory here, and on an Oxigraph server and a
Virtuoso server in the slow tests; the two published forms say the same; a delta is refused, changing
nothing, by a store holding another release; and with no chain to apply the load falls back to a full
load, saying why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kzgraph.cli import main
from kzgraph.core.errors import BuildError
from kzgraph.curated.namespaces import graph_iri
from kzgraph.external.delta_load import DeltaRefused, apply_chain, find_chain, held_version, read_delta
from kzgraph.external.remote import Client, Credentials
from kzgraph.external.triplestore import GRAPHS, canonical_triple, read_release
from kzgraph.pipeline import delta
from kzgraph.publish import releases

from common import ROOT, small_site
from servers import Server, make_server

Graphs = dict[str, list[ox.Triple]]
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
MARKER = ox.NamedNode("https://w3id.org/kzgraph/id/test/delta-marker")


# --- releases A (the real one, 0.1.0), B (0.2.0: data changed) and C (0.3.0: the ontology too) -------


def _renamed(term: ox.Term, old: str, new: str) -> ox.Term:
    """``term`` with the release version ``old`` replaced by ``new`` where it names the release."""
    if isinstance(term, ox.NamedNode) and f"/{old}" in term.value:
        return ox.NamedNode(term.value.replace(f"/{old}", f"/{new}"))
    if isinstance(term, ox.Literal) and term.value == old:
        return ox.Literal(new, datatype=term.datatype) if term.language is None else term
    return term


def next_release(graphs: Graphs, old: str, new: str, change: Callable[[Graphs], None]) -> Graphs:
    """A later release: every mention of version ``old`` made ``new``, then ``change`` applied."""
    out = {
        name: [ox.Triple(*(_renamed(t, old, new) for t in (tr.subject, tr.predicate, tr.object))) for tr in triples]
        for name, triples in graphs.items()
    }
    change(out)
    return out


def change_data(graphs: Graphs) -> None:
    """Release B: one data triple gone, one added, one inferred triple gone."""
    graphs["data"] = graphs["data"][1:] + [ox.Triple(MARKER, LABEL, ox.Literal("added in 0.2.0", language="en"))]
    graphs["inferred"] = graphs["inferred"][2:]


def change_ontology(graphs: Graphs) -> None:
    """Release C: a blank-node triple of the ontology gone (an OWL restriction cut), a label changed."""
    blank = next(i for i, t in enumerate(graphs["ontology"]) if isinstance(t.subject, ox.BlankNode))
    del graphs["ontology"][blank]
    graphs["ontology"].append(ox.Triple(MARKER, LABEL, ox.Literal("ontology of 0.3.0", language="en")))
    graphs["data"] = [t for t in graphs["data"] if t.subject != MARKER]


@pytest.fixture(scope="module")
def graphs_a(release, project, tmp_path_factory: pytest.TempPathFactory) -> Graphs:
    out = tmp_path_factory.mktemp("a")
    (out / "kzgraph.nq").write_bytes(release.files(project)["kzgraph.nq"])
    return read_release(out / "kzgraph.nq").graphs


@pytest.fixture(scope="module")
def chain_graphs(graphs_a: Graphs) -> dict[str, Graphs]:
    b = next_release(graphs_a, "0.1.0", "0.2.0", change_data)
    c = next_release(b, "0.2.0", "0.3.0", change_ontology)
    return {"0.1.0": graphs_a, "0.2.0": b, "0.3.0": c}


def write_nq(graphs: Graphs, path: Path) -> Path:
    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph_iri(n))) for n in GRAPHS for t in graphs[n]]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    return path


@pytest.fixture(scope="module")
def site(chain_graphs: dict[str, Graphs], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A published site's releases/ folders for 0.1.0, 0.2.0, 0.3.0, with the deltas publish writes."""
    root = tmp_path_factory.mktemp("site")
    for version, graphs in chain_graphs.items():
        write_nq(graphs, root / "releases" / version / "kzgraph.nq")
    assert releases.write_deltas(root) == 4
    return root


def store_of(graphs: Graphs) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph_iri(n))) for n in GRAPHS for t in graphs[n])
    return store


def same_quads(store_graphs: Graphs, expected: Graphs) -> list[str]:
    """Differences between two releases' graphs: ground triples exactly (numbers by value), blank-node
    triples up to the renaming of blank nodes (graph isomorphism)."""
    problems = []
    for name in GRAPHS:
        got, want = store_graphs.get(name, []), expected[name]
        ground = [{canonical_triple(t) for t in ts if not _blank(t)} for ts in (got, want)]
        if ground[0] != ground[1]:
            problems.append(f"{name}: {len(ground[0] - ground[1])} extra, {len(ground[1] - ground[0])} missing ground triples")
        blank = [_rdflib([t for t in ts if _blank(t)]) for ts in (got, want)]
        if not isomorphic(*blank):
            problems.append(f"{name}: the blank-node triples differ")
    return problems


def _blank(t: ox.Triple) -> bool:
    return isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)


def _rdflib(triples: list[ox.Triple]) -> Graph:
    return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", format="nt")


def graphs_in(store: ox.Store) -> Graphs:
    return {n: [q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri(n)))] for n in GRAPHS}


# --- the delta itself --------------------------------------------------------------------------------


def test_a_delta_says_what_changed_graph_by_graph(chain_graphs: dict[str, Graphs]) -> None:
    d = delta.compute(chain_graphs["0.1.0"], chain_graphs["0.2.0"])
    assert (d.base, d.target) == ("0.1.0", "0.2.0")
    by_name = {g.name: g for g in d.graphs}
    assert [g.name for g in d.graphs] == ["data", "inferred", "ontology", "metadata"]  # the metadata last
    assert {t.predicate.value.split("#")[-1] for t in by_name["ontology"].added} == {"versionIRI", "versionInfo"}
    assert len(by_name["data"].added) == 1 and len(by_name["data"].removed) == 1
    assert len(by_name["inferred"].removed) == 2 and not by_name["inferred"].added
    assert not any(g.replaced for g in d.graphs)


def test_a_change_touching_blank_nodes_replaces_that_graph_whole(chain_graphs: dict[str, Graphs]) -> None:
    d = delta.compute(chain_graphs["0.2.0"], chain_graphs["0.3.0"])
    ontology = next(g for g in d.graphs if g.name == "ontology")
    assert ontology.replaced and len(ontology.added) == len(chain_graphs["0.3.0"]["ontology"])
    assert f"DROP SILENT GRAPH <{graph_iri('ontology')}>" in delta.to_update(d)


@pytest.mark.parametrize(("base", "target"), [("0.1.0", "0.2.0"), ("0.2.0", "0.3.0"), ("0.1.0", "0.3.0")])
def test_the_update_takes_a_store_from_base_to_target(chain_graphs: dict[str, Graphs], base: str, target: str) -> None:
    store = store_of(chain_graphs[base])
    store.update(delta.to_update(delta.compute(chain_graphs[base], chain_graphs[target])))
    assert same_quads(graphs_in(store), chain_graphs[target]) == []


def test_the_patch_reads_back_as_the_same_delta(chain_graphs: dict[str, Graphs]) -> None:
    for base, target in (("0.1.0", "0.2.0"), ("0.2.0", "0.3.0")):
        d = delta.compute(chain_graphs[base], chain_graphs[target])
        again = delta.read_patch(delta.to_patch(d), "test.rdfp")
        assert again == d
        assert delta.to_update(again) == delta.to_update(d)


def test_a_broken_patch_is_a_line_naming_where(chain_graphs: dict[str, Graphs]) -> None:
    text = delta.to_patch(delta.compute(chain_graphs["0.1.0"], chain_graphs["0.2.0"]))
    rows = text.splitlines()
    with pytest.raises(BuildError, match=r"^p\.rdfp: the patch ends before its TC row"):
        delta.read_patch("\n".join(rows[:-1]), "p.rdfp")
    bad = rows[:3] + ["A <http://x> <http://y> ."] + rows[3:]
    with pytest.raises(BuildError, match=r"^p\.rdfp:4: "):
        delta.read_patch("\n".join(bad), "p.rdfp")
    with pytest.raises(BuildError, match=r"^p\.rdfp: its header 'H prev' is http://example.org/"):
        delta.read_patch(text.replace(rows[1], "H prev <http://example.org/> ."), "p.rdfp")


def test_a_release_without_a_version_has_no_delta(chain_graphs: dict[str, Graphs]) -> None:
    unversioned = dict(chain_graphs["0.2.0"], metadata=[])
    with pytest.raises(BuildError, match="the base release states no version"):
        delta.compute(unversioned, chain_graphs["0.2.0"])


# --- published -------------------------------------------------------------------------------------


def test_publish_writes_each_release_its_delta_from_the_one_before(site: Path) -> None:
    for base, target in (("0.1.0", "0.2.0"), ("0.2.0", "0.3.0")):
        folder = site / "releases" / target
        patch = read_delta(folder / f"delta-from-{base}.rdfp")
        assert (patch.base, patch.target) == (base, target)
        assert (folder / f"delta-from-{base}.ru").read_text(encoding="utf-8") == delta.to_update(patch)
    assert not list((site / "releases" / "0.1.0").glob("delta-*"))
    assert releases.write_deltas(site) == 0  # written once: a delta carried over is kept as it was


def test_the_series_lists_each_delta_as_a_distribution_of_its_release(site: Path) -> None:
    releases.write_series(site)
    series = Graph().parse(site / releases.SERIES_FILE)
    rows = series.query(
        """PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?release ?dist ?from ?spec WHERE { ?release dcat:distribution ?dist . ?dist prov:wasDerivedFrom ?from ;
        dcterms:conformsTo ?spec }"""
    )
    found = {(str(r.release).split("/")[-2], str(r["from"]).split("/")[-2], str(r.spec).split("/")[-2]) for r in rows}
    assert found == {
        ("0.2.0", "0.1.0", "sparql11-update"),
        ("0.2.0", "0.1.0", "rdf-delta"),
        ("0.3.0", "0.2.0", "sparql11-update"),
        ("0.3.0", "0.2.0", "rdf-delta"),
    }


def test_each_release_page_lists_its_files_and_what_changed(site: Path) -> None:
    from html.parser import HTMLParser

    from kzgraph.publish.changes import write_changes

    write_changes(site)
    page = (site / "releases" / "0.2.0" / "index.html").read_text(encoding="utf-8")
    links: list[str] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            links.extend(v for k, v in attrs if k == "href" and v)

    Links().feed(page)
    local = [link for link in links if not link.startswith("../")]
    assert local and all((site / "releases" / "0.2.0" / link).is_file() for link in local)
    assert {"delta-from-0.1.0.ru", "delta-from-0.1.0.rdfp", "changes-from-0.1.0.md", "changes-from-0.1.0.ttl"} <= set(local)
    assert "What changed since release 0.1.0" in page
    Graph().parse(site / "releases" / "0.2.0" / "changes-from-0.1.0.ttl")  # the changes as RDF
    first = (site / "releases" / "0.1.0" / "index.html").read_text(encoding="utf-8")
    assert "nothing before it to compare with" in first
    before = (site / "releases" / "0.2.0" / "changes-from-0.1.0.md").read_bytes()
    write_changes(site)
    assert (site / "releases" / "0.2.0" / "changes-from-0.1.0.md").read_bytes() == before


def test_a_chain_is_found_from_what_the_store_holds(site: Path) -> None:
    chain, why = find_chain(site, "0.1.0", "0.3.0")
    assert [(d.base, d.target) for d in chain] == [("0.1.0", "0.2.0"), ("0.2.0", "0.3.0")] and why == ""
    for held, expected in (
        (None, "holds no kzgraph release"),
        ("0.3.0", "already holds release 0.3.0"),
        ("0.0.9", "no delta chain"),
    ):
        chain, why = find_chain(site, held, "0.3.0")
        assert chain == [] and expected in why


def test_several_deltas_in_one_update_equal_the_last_release(site: Path, chain_graphs: dict[str, Graphs]) -> None:
    chain, _ = find_chain(site, "0.1.0", "0.3.0")
    store = store_of(chain_graphs["0.1.0"])
    store.update(" ;\n".join(delta.to_update(d).rstrip() for d in chain))
    assert same_quads(graphs_in(store), chain_graphs["0.3.0"]) == []


# --- on real servers ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Server]]:
    started: dict[str, Server] = {}

    def get(kind: str) -> Server:
        if kind not in started:
            started[kind] = make_server(kind, tmp_path_factory.mktemp(f"delta-{kind}")).start()
        started[kind].ensure_running()
        return started[kind]

    yield get
    for server in started.values():
        server.kill()


def auth(server: Server) -> list[str]:
    return ["--user", server.user, "--password", server.password] if server.user else []


def load(server: Server, dist: Path, *extra: object) -> int:
    args = ["load", "--endpoint", server.gsp_url, "--update", server.update_url, "--dist", dist, *auth(server), *extra]
    return main(["--root", str(ROOT), *map(str, args)])


def server_graphs(server: Server) -> Graphs:
    client = Client(auth=Credentials(server.user, server.password) if server.user else None)
    out: Graphs = {}
    for name in GRAPHS:
        url = f"{server.gsp_url}?graph={graph_iri(name)}"
        response = client.request("GET", url, headers={"Accept": "application/n-triples"}, ok=(404,))
        out[name] = [] if response.status == 404 else [q.triple for q in ox.parse(response.body, format=ox.RdfFormat.N_TRIPLES)]
    return out


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["oxigraph", "virtuoso"])
def test_deltas_on_a_server_equal_a_full_load(
    kind: str, scratch: Callable[[str], Server], site: Path, chain_graphs: dict[str, Graphs], capsys: pytest.CaptureFixture[str]
) -> None:
    server = scratch(kind)
    dist = {v: site / "releases" / v for v in chain_graphs}
    assert load(server, dist["0.1.0"]) == 0
    assert load(server, dist["0.2.0"], "--deltas", site, "--deltas-only") == 0  # one delta
    assert "applied 1 delta(s), release 0.1.0 → 0.2.0" in capsys.readouterr().out
    assert same_quads(server_graphs(server), chain_graphs["0.2.0"]) == []
    assert load(server, dist["0.1.0"], "--deltas", site) == 0  # back to A (a full load: the store holds a newer release)
    assert "full load: no delta chain from release 0.2.0 to 0.1.0" in capsys.readouterr().out
    assert load(server, dist["0.3.0"], "--deltas", site) == 0  # two deltas, the ontology replaced whole
    assert "applied 2 delta(s), release 0.1.0 → 0.2.0 → 0.3.0" in capsys.readouterr().out
    assert same_quads(server_graphs(server), chain_graphs["0.3.0"]) == []


@pytest.mark.slow
def test_a_delta_for_another_release_is_refused_and_changes_nothing(
    scratch: Callable[[str], Server], site: Path, chain_graphs: dict[str, Graphs]
) -> None:
    server = scratch("oxigraph")
    assert load(server, site / "releases" / "0.1.0") == 0
    client = Client(auth=Credentials(server.user, server.password) if server.user else None)
    held = held_version(client, server.gsp_url, 10.0)
    assert held == "0.1.0"
    later = read_delta(site / "releases" / "0.3.0" / "delta-from-0.2.0.rdfp")
    with pytest.raises(DeltaRefused, match=r"holds release 0\.1\.0, but the delta goes from release 0\.2\.0 to 0\.3\.0"):
        apply_chain(client, server.update_url, [later], held, 10.0)
    assert same_quads(server_graphs(server), chain_graphs["0.1.0"]) == []


def test_deltas_only_needs_the_site_it_would_apply(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["load", "--endpoint", "http://127.0.0.1:9/store", "--deltas-only", "--dist", str(site / "releases" / "0.2.0")]
    assert main(["--root", str(ROOT), *args]) != 0
    assert "--deltas-only needs --deltas SITE" in capsys.readouterr().err


@pytest.mark.slow
def test_publishing_a_new_release_over_the_site_writes_its_delta(
    built: Path, project_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """End to end: publish release 0.1.0, then a rebuilt 0.1.1 with one fact's comment changed, over it.
    The deltas, the changelog and the release pages are written beside the site's pages, which are
    the small site's here (tests/test_publish.py holds the real ones)."""
    from kzgraph.pipeline.build import build
    from kzgraph.publish.site import publish

    for path, old, new in (
        (project_copy / "data" / "sources.yaml", 'version: "0.1.0"', 'version: "0.1.1"'),
        (project_copy / "ontology" / "kzgraph.ttl", "0.1.0", "0.1.1"),
        (
            project_copy / "data" / "facts" / "asia.yaml",
            "Kazakhstan has an embassy in Yerevan.",
            "Kazakhstan has an embassy in Yerevan (0.1.1).",
        ),
    ):
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
    dist_b = tmp_path / "dist-b"
    build(project_copy, dist_b)
    small_site(monkeypatch)
    site = tmp_path / "site"
    publish(ROOT, built, site)
    publish(ROOT, dist_b, site)
    d = read_delta(site / "releases" / "0.1.1" / "delta-from-0.1.0.rdfp")
    assert (d.base, d.target) == ("0.1.0", "0.1.1")
    data = next(g for g in d.graphs if g.name == "data")
    assert [t.object.value for t in data.added if t.predicate.value.endswith("#comment")] == [
        "Kazakhstan has an embassy in Yerevan (0.1.1)."
    ]
    store = store_of(read_release(built / "kzgraph.nq").graphs)
    store.update((site / "releases" / "0.1.1" / "delta-from-0.1.0.ru").read_text(encoding="utf-8"))
    assert same_quads(graphs_in(store), read_release(dist_b / "kzgraph.nq").graphs) == []
    # and the release's page says what changed, fact by fact (kzgraph diff of the two dumps)
    changelog = (site / "releases" / "0.1.1" / "changes-from-0.1.0.md").read_text(encoding="utf-8")
    assert changelog.startswith("# Changes from release 0.1.0 to release 0.1.1")
    assert changelog.splitlines()[2].startswith("0 facts added, 0 removed, 1 changed;")
    assert "Kazakhstan has an embassy in Yerevan (0.1.1)." in changelog
    page = (site / "releases" / "0.1.1" / "index.html").read_text(encoding="utf-8")
    assert "Facts changed (1)" in page and 'href="delta-from-0.1.0.ru"' in page
    assert 'href="0.1.1/"' in (site / "releases" / "index.html").read_text(encoding="utf-8")
