"""Loading releases into triple stores, and querying them there: against real servers the tests start.

* The embedded store (``kzgraph load --store``) replaces the release's graphs in one transaction,
  can be re-opened by ``kzgraph query --store``, and loading again changes nothing.
* On an Oxigraph server and a Virtuoso server (tests/servers.py), ``kzgraph load --endpoint``
  writes the four graphs, every stored query answers there as on the embedded store (with every
  parameter value tests/queries/ tries, with and without the inferences), loading twice
  duplicates nothing, a server killed in the middle of a load leaves the previous release usable
  and the command says what happened, and refusals carry the server's own message.

Virtuoso 7.2 mis-evaluates two constructs, and the stored queries, as ``bind`` writes them, avoid
both: a FILTER inside an OPTIONAL reading a variable bound by VALUES (``bind`` writes each
parameter's value into the query instead), and a transitive path over the class hierarchy
(``rdfs:subClassOf+``: the queries read the hierarchy in fixed steps, and a UNION branch of a
BIND or VALUES inside a subquery is avoided too). No stored query is an expected failure on either server.
"""

from __future__ import annotations

import errno
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kzgraph.asking.params import store_lookup
from kzgraph.asking.queries import StoredQuery, bind, load_queries, run
from kzgraph.asking.render import render
from kzgraph.cli import main
from kzgraph.curated.namespaces import BASE, graph_iri
from kzgraph.external import load_command, remote, triplestore
from kzgraph.external.remote import Client, Credentials, RemoteError, query_endpoint, release_graph_iris
from kzgraph.external.triplestore import GRAPHS, canonical_term, canonical_triple, read_release, staging_iri
from kzgraph.pipeline.embedded_store import load_release

from common import ROOT
from servers import Server, free_port, make_server

sys.path.insert(0, str(Path(__file__).parent / "queries"))  # the stored queries' expectations and their parameter sets
from expect import runs  # noqa: E402

QUERIES = load_queries(ROOT / "queries")
SERVER_KINDS = ("oxigraph", "virtuoso")
MARKER = "https://w3id.org/kzgraph/id/test/release-b"  # a subject only release B has
QUERY_TIMEOUT = 15.0  # seconds; every stored query answers in well under one on both servers


# --- releases ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dist_a(release, project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real release, written as `kzgraph build` writes dist/."""
    out = tmp_path_factory.mktemp("dist-a")
    for name, content in release.files(project).items():
        (out / name).write_bytes(content)
    return out


@pytest.fixture(scope="module")
def dist_b(dist_a: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A newer release: one data triple fewer, one more (MARKER), and no inferred graph (built with --no-reason)."""
    rel = read_release(dist_a / "kzgraph.nq")
    data = rel.graphs["data"][1:] + [
        ox.Triple(
            ox.NamedNode(MARKER),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.Literal("release B", language="en"),
        )
    ]
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph_iri(name)))
        for name, triples in (("data", data), ("ontology", rel.graphs["ontology"]), ("metadata", rel.graphs["metadata"]))
        for t in triples
    ]
    out = tmp_path_factory.mktemp("dist-b")
    (out / "kzgraph.nq").write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    return out


def expected_counts(dist: Path) -> dict[str, int]:
    """Distinct triples per graph, numbers compared by value (as a store keeps them)."""
    rel = read_release(dist / "kzgraph.nq")
    return {name: len({canonical_triple(t) for t in rel.graphs[name]}) for name in GRAPHS}


def kzgraph(*args: object) -> int:
    return main(["--root", str(ROOT), *map(str, args)])


# --- embedded store ----------------------------------------------------------------------------

OTHER_GRAPH = "urn:kzgraph-test:other"


def test_store_load_reopen_query_and_load_again(tmp_path: Path, dist_a: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = tmp_path / "store"
    store = ox.Store(str(directory))
    store.add(ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode("urn:p"), ox.Literal("kept"), ox.NamedNode(OTHER_GRAPH)))
    del store

    assert kzgraph("load", "--store", directory, "--dist", dist_a) == 0
    assert "one transaction" in capsys.readouterr().out
    assert kzgraph("query", "embassy-count", "--store", directory, "--format", "csv") == 0
    from_store = capsys.readouterr().out
    assert kzgraph("query", "embassy-count", "--dist", dist_a, "--inferred", "--format", "csv") == 0
    assert from_store == capsys.readouterr().out  # the store holds the release with its inferences

    assert kzgraph("load", "--store", directory, "--dist", dist_a) == 0
    store = ox.Store(str(directory))
    assert triplestore.graph_counts(store) == expected_counts(dist_a)
    assert len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(OTHER_GRAPH)))) == 1
    assert {g.value for g in store.named_graphs()} == {graph_iri(n) for n in GRAPHS} | {OTHER_GRAPH}


def test_store_newer_release_replaces_the_graphs(tmp_path: Path, dist_a: Path, dist_b: Path) -> None:
    directory = tmp_path / "store"
    triplestore.load_store(directory, read_release(dist_a / "kzgraph.nq"))
    counts = triplestore.load_store(directory, read_release(dist_b / "kzgraph.nq"))
    assert counts == expected_counts(dist_b) and counts["inferred"] == 0
    store = ox.Store(str(directory))
    assert any(store.quads_for_pattern(ox.NamedNode(MARKER), None, None, None))


# --- embedded store: failures report what the store holds, read back after the fact ----------------

RealStore = ox.Store


class FullDisk:
    """An Oxigraph store whose disk fills up at a chosen moment (ENOSPC, as RocksDB raises it).

    ``when``: "commit" fails the update before anything is written; "flush" lets the update commit
    (to the write-ahead log) and fails the flush after it, as a disk with a few MiB free does;
    "reopen" additionally fails the read-only opening that checks the store afterwards.
    """

    when = "flush"

    def __init__(self, path: str) -> None:
        self._real = RealStore(path)

    def __getattr__(self, name: str) -> object:
        return getattr(self._real, name)

    def update(self, text: str) -> None:
        if self.when == "commit":
            raise OSError(errno.ENOSPC, "IO error: No space left on device: While appending to file: 000029.log")
        self._real.update(text)

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, "IO error: No space left on device: While appending to file: 000035.sst")

    @classmethod
    def read_only(cls, path: str) -> ox.Store:
        if cls.when == "reopen":
            raise OSError(errno.ENOSPC, "IO error: No space left on device")
        return RealStore.read_only(path)


def holds(directory: Path, dist: Path) -> bool:
    """Whether the store holds the release in ``dist`` (A or B: told apart by their counts and MARKER)."""
    store = RealStore(str(directory))
    try:
        marked = any(store.quads_for_pattern(ox.NamedNode(MARKER), None, None, None))
        return triplestore.graph_counts(store) == expected_counts(dist) and marked == (dist.name.startswith("dist-b"))
    finally:
        del store


@pytest.mark.parametrize("when", ["commit", "flush", "reopen"])
def test_a_full_disk_is_reported_as_what_the_store_holds(
    tmp_path: Path, dist_a: Path, dist_b: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    directory = tmp_path / "store"
    assert kzgraph("load", "--store", directory, "--dist", dist_a) == 0
    capsys.readouterr()
    monkeypatch.setattr(FullDisk, "when", when)
    monkeypatch.setattr(ox, "Store", FullDisk)
    assert kzgraph("load", "--store", directory, "--dist", dist_b) == 1
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert "Traceback" not in err and "No space left on device" in err, err
    if when == "commit":
        assert holds(directory, dist_a) and "the store is unchanged" in err
    elif when == "flush":
        assert holds(directory, dist_b) and "the store holds this release" in err and "unchanged" not in err
    else:
        assert "could not reopen the store" in err and "unchanged" not in err and "holds this release" not in err


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 40 MiB tmpfs (root only, where mounting is allowed): a real disk to fill."""
    mount = shutil.which("mount")
    point = tmp_path / "disk"
    point.mkdir()
    if os.geteuid() != 0 or not mount:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run([mount, "-t", "tmpfs", "-o", "size=40m", "tmpfs", str(point)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield point
    finally:
        subprocess.run([shutil.which("umount") or "umount", str(point)], check=True)


def test_on_a_really_full_disk_the_report_matches_the_store(
    small_disk: Path, dist_a: Path, dist_b: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With a few MiB free a load fails in the write-ahead log (nothing changed) or after its commit
    (the new release live): whichever happens, the message says what the store then holds."""
    outcomes = set()
    for free_mib in (1, 2, 3, 4, 5, 6, 8):
        directory = small_disk / f"store-{free_mib}"
        assert kzgraph("load", "--store", directory, "--dist", dist_a) == 0
        filler = small_disk / "filler"
        vfs = os.statvfs(small_disk)
        filler.write_bytes(b"\0" * max(0, vfs.f_bavail * vfs.f_frsize - free_mib * 2**20))
        capsys.readouterr()
        code = kzgraph("load", "--store", directory, "--dist", dist_b)
        err = capsys.readouterr().err
        filler.unlink()
        assert "Traceback" not in err
        if code == 0:
            outcomes.add("loaded")
            assert holds(directory, dist_b)
        elif holds(directory, dist_b):
            outcomes.add("live after an error")
            assert "the store holds this release" in err and "unchanged" not in err, err
        else:
            outcomes.add("unchanged")
            assert holds(directory, dist_a) and "the store is unchanged" in err, err
        shutil.rmtree(directory)
    assert "unchanged" in outcomes or "live after an error" in outcomes  # the disk did fill up


def test_a_store_path_that_cannot_be_a_directory_is_one_line(
    tmp_path: Path, dist_a: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    regular = tmp_path / "a-file"
    regular.write_text("keep me\n")
    fifo = tmp_path / "a-fifo"
    os.mkfifo(fifo)
    for path, words in (
        (regular, "is a regular file, not a store directory"),
        (fifo, "is a FIFO (named pipe), not a store directory"),
        (regular / "store", "cannot create the store directory: a part of its path is not a directory"),
    ):
        capsys.readouterr()
        assert kzgraph("load", "--store", path, "--dist", dist_a) == 1
        err = capsys.readouterr().err
        assert "Traceback" not in err and words in err, err
    assert regular.read_text() == "keep me\n"


def test_a_store_under_an_unwritable_parent_is_one_line(dist_a: Path) -> None:
    from fsfaults import isolated, privileged

    release = read_release(dist_a / "kzgraph.nq")
    top = Path(tempfile.mkdtemp(prefix="kzgraph-store-"))  # not pytest's private tmp: nobody must enter it
    try:
        top.chmod(0o755)
        parent = top / "ro"
        parent.mkdir()
        parent.chmod(0o555)  # as root, unwritable only to the unprivileged user the check runs as
        outcome = isolated(lambda: triplestore.load_store(parent / "store", release), as_nobody=privileged())
        assert outcome.status == "raised" and outcome.value.startswith("BuildError"), outcome
        assert "cannot create the store directory: permission denied" in outcome.value, outcome
        assert not (parent / "store").exists()
    finally:
        parent.chmod(0o755)
        shutil.rmtree(top, ignore_errors=True)


# --- servers -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str, str], Server]]:
    """``get(kind, role)``: a running server, started on first use and stopped when the module ends.

    The ``query`` servers are loaded once and only read; the ``scratch`` servers are for tests that
    load, break and restart.
    """
    started: dict[tuple[str, str], Server] = {}

    def get(kind: str, role: str) -> Server:
        if (kind, role) not in started:
            started[(kind, role)] = make_server(kind, tmp_path_factory.mktemp(f"{kind}-{role}")).start()
        server = started[(kind, role)]
        server.ensure_running()
        return server

    yield get
    for server in started.values():
        server.kill()  # throw-away databases: no need to wait for a clean shutdown


def auth_args(server: Server) -> list[str]:
    return ["--user", server.user, "--password", server.password] if server.user else []


def credentials(server: Server) -> Credentials | None:
    return Credentials(server.user, server.password) if server.user else None


def server_counts(server: Server) -> dict[str, int]:
    """Triples in each of the server's kzgraph graphs (live and staging), by graph IRI."""
    text = (
        f'SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{BASE}graph/")) }} GROUP BY ?g'
    )
    results = ox.parse_query_results(
        query_endpoint(server.query_url, text, "json", use_server_default=True), format=ox.QueryResultsFormat.JSON
    )
    return {s["g"].value: int(s["n"].value) for s in results}


def live_counts(expected: dict[str, int]) -> dict[str, int]:
    """``expected_counts`` as ``server_counts`` reports it: empty graphs absent."""
    return {graph_iri(name): n for name, n in expected.items() if n}


def has_marker(server: Server) -> bool:
    answer = query_endpoint(server.query_url, f"ASK {{ <{MARKER}> ?p ?o }}", "json")
    return json.loads(answer)["boolean"]


@pytest.fixture(scope="module")
def query_server(servers: Callable[[str, str], Server], dist_a: Path) -> Callable[[str], Server]:
    """A server holding release A, loaded once with `kzgraph load --endpoint`."""
    loaded: set[str] = set()

    def get(kind: str) -> Server:
        server = servers(kind, "query")
        if kind not in loaded:
            assert kzgraph("load", "--endpoint", server.gsp_url, "--dist", dist_a, *auth_args(server)) == 0
            loaded.add(kind)
        return server

    return get


@pytest.fixture(scope="module")
def embedded(dist_a: Path) -> dict[bool, ox.Store]:
    """Release A in memory, without and with the inferences, as `kzgraph query` runs it."""
    stores = {}
    for inferred in (False, True):
        stores[inferred] = ox.Store()
        load_release(stores[inferred], dist_a / "kzgraph.nq", with_inferred=inferred)
    return stores


def _query_params() -> list[object]:
    return [pytest.param(kind, q, id=f"{kind}-{q.name}") for kind in SERVER_KINDS for q in QUERIES]


def parameter_values(query: StoredQuery) -> list[dict[str, str]]:
    """The values tests/queries/ runs ``query`` with: its defaults, ``lang=bg`` where it has
    labels, and each alternative its expected answers are worked out for."""
    return [{k: str(v) for k, v in params.items()} for name, params in runs() if name == query.name] or [{}]


def normalized(kind: str, body: bytes, construct: bool) -> object:
    """A result as a multiset of rows (or triples) of canonical terms; ASK as a bool.

    Numbers compare by value (``canonical_term``). Virtuoso has no boolean type: the booleans a
    query computes come back as ``1``/``0`` integers (openlink/virtuoso-opensource issue 251), so
    for Virtuoso booleans are compared as those integers.
    """
    if construct:
        return Counter(str(canonical_triple(q.triple)) for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
    results = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if isinstance(results, ox.QueryBoolean):
        return bool(results)
    variables = sorted(v.value for v in results.variables)
    return Counter(tuple(_cell(kind, s[v]) for v in variables) for s in results)


def _cell(kind: str, term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return "_:b"
    term = canonical_term(term)
    if (
        kind == "virtuoso"
        and isinstance(term, ox.Literal)
        and term.datatype is not None
        and term.datatype.value.endswith("#boolean")
    ):
        term = ox.Literal("1" if term.value == "true" else "0", datatype=ox.NamedNode(triplestore.XSD + "integer"))
    return str(term)


def differences(kind: str, server: Server, query: StoredQuery, embedded: dict[bool, ox.Store]) -> list[str]:
    """How the server's answers differ from the embedded store's, for each parameter value and with/without inferences."""
    found = []
    for inferred in (False, True):
        for values in parameter_values(query):
            text = bind(query, values, store_lookup(embedded[False]))
            results = run(embedded[inferred], text)
            construct = isinstance(results, ox.QueryTriples)
            fmt = "nt" if construct else "json"
            expected = normalized(kind, render(results, fmt), construct)
            got = normalized(
                kind,
                query_endpoint(
                    server.query_url,
                    text,
                    fmt,
                    default_graphs=release_graph_iris(inferred),
                    timeout=QUERY_TIMEOUT,
                    client=Client(tries=1),
                ),
                construct,
            )
            if got != expected:
                if isinstance(expected, Counter) and isinstance(got, Counter):
                    detail = f"only embedded {list((expected - got).elements())[:2]}, only server {list((got - expected).elements())[:2]}"
                else:
                    detail = f"embedded {expected}, server {got}"
                found.append(f"{values or 'defaults'}{' +inferred' if inferred else ''}: {detail}")
    return found


@pytest.mark.parametrize(("kind", "query"), _query_params())
def test_stored_query_answers_as_on_the_embedded_store(
    kind: str, query: StoredQuery, query_server: Callable[[str], Server], embedded: dict[bool, ox.Store]
) -> None:
    """Each stored query as ``bind`` writes it (as `kzgraph query --endpoint` sends it), with each
    parameter value tests/queries/ tries, with and without the inferences."""
    found = differences(kind, query_server(kind), query, embedded)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("kind", SERVER_KINDS)
def test_loading_twice_duplicates_nothing(
    kind: str, servers: Callable[[str, str], Server], dist_a: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = servers(kind, "scratch")
    assert kzgraph("load", "--endpoint", server.gsp_url, "--dist", dist_a, *auth_args(server)) == 0
    first = server_counts(server)
    assert first == live_counts(expected_counts(dist_a))  # and no staging graph is left
    assert kzgraph("load", "--endpoint", server.gsp_url, "--dist", dist_a, "--format", "turtle", *auth_args(server)) == 0
    assert server_counts(server) == first
    out = capsys.readouterr().out
    assert "as N-Triples" in out and "as Turtle" in out


@pytest.mark.parametrize("kind", SERVER_KINDS)
def test_newer_release_switched_live_in_one_update(
    kind: str, servers: Callable[[str, str], Server], dist_a: Path, dist_b: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = servers(kind, "scratch")
    for dist in (dist_a, dist_b):
        assert (
            kzgraph("load", "--endpoint", server.gsp_url, "--update", server.update_url, "--dist", dist, *auth_args(server)) == 0
        )
        assert server_counts(server) == live_counts(expected_counts(dist))
    assert "switched live in one update" in capsys.readouterr().out
    assert has_marker(server)


def killer(server: Server, at: tuple[str, str]) -> Callable[..., object]:
    """``load_endpoint`` that kills the server just before the request of step ``at`` (phase, graph),
    and still calls the ``on_step`` its caller gives (the command's progress)."""
    real = triplestore.load_endpoint

    def load(*args: object, on_step: Callable[[str, str], None] | None = None, **kwargs: object) -> object:
        def step(phase: str, graph: str) -> None:
            if (phase, graph) == at:
                server.kill()
            if on_step is not None:
                on_step(phase, graph)

        return real(*args, on_step=step, **kwargs)

    return load


@pytest.mark.parametrize("kind", SERVER_KINDS)
def test_server_killed_while_staging_leaves_the_previous_release(
    kind: str,
    servers: Callable[[str, str], Server],
    dist_a: Path,
    dist_b: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server = servers(kind, "scratch")
    assert kzgraph("load", "--endpoint", server.gsp_url, "--dist", dist_a, *auth_args(server)) == 0
    capsys.readouterr()
    monkeypatch.setattr(remote, "BACKOFF", 0.01)
    monkeypatch.setattr(load_command, "load_endpoint", killer(server, ("stage", "ontology")))

    assert kzgraph("load", "--endpoint", server.gsp_url, "--dist", dist_b, "--retries", 3, *auth_args(server)) == 1
    err = capsys.readouterr().err
    assert "failed while uploading the ontology graph to its staging graph" in err
    assert "connection refused" in err and "gave up after 3 tries" in err
    assert "live graphs: none replaced" in err
    assert "staging graphs written: data" in err
    assert "not written: inferred, ontology, metadata" in err

    monkeypatch.undo()
    server.start()  # on the same database, as after a crash
    counts = server_counts(server)
    assert {g: n for g, n in counts.items() if "/staging/" not in g} == live_counts(expected_counts(dist_a))
    assert not has_marker(server)
    assert kzgraph("load", "--endpoint", server.gsp_url, "--dist", dist_b, *auth_args(server)) == 0
    assert server_counts(server) == live_counts(expected_counts(dist_b))  # staging leftovers removed too
    assert has_marker(server)


@pytest.mark.parametrize("kind", SERVER_KINDS)
def test_server_killed_while_promoting_says_which_graphs_are_new(
    kind: str,
    servers: Callable[[str, str], Server],
    dist_a: Path,
    dist_b: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Without --update the live graphs are replaced one by one: the documented, weaker guarantee."""
    server = servers(kind, "scratch")
    assert kzgraph("load", "--endpoint", server.gsp_url, "--dist", dist_a, *auth_args(server)) == 0
    capsys.readouterr()
    monkeypatch.setattr(remote, "BACKOFF", 0.01)
    monkeypatch.setattr(load_command, "load_endpoint", killer(server, ("promote", "ontology")))

    assert kzgraph("load", "--endpoint", server.gsp_url, "--dist", dist_b, "--retries", 2, *auth_args(server)) == 1
    err = capsys.readouterr().err
    assert "failed while replacing the live ontology graph" in err
    assert "live graphs replaced with this release: data, inferred" in err
    assert "still the previous release: metadata" in err
    assert "run the same command again" in err

    monkeypatch.undo()
    server.start()
    a, b = live_counts(expected_counts(dist_a)), live_counts(expected_counts(dist_b))
    live = {g: n for g, n in server_counts(server).items() if "/staging/" not in g}
    # data and inferred are B's (B has no inferences: the graph is gone); ontology and metadata still A's
    assert live == {
        graph_iri("data"): b[graph_iri("data")],
        graph_iri("ontology"): a[graph_iri("ontology")],
        graph_iri("metadata"): a[graph_iri("metadata")],
    }
    assert kzgraph("load", "--endpoint", server.gsp_url, "--dist", dist_b, *auth_args(server)) == 0
    assert server_counts(server) == b


def test_wrong_password_is_refused_before_anything_is_written(
    servers: Callable[[str, str], Server], dist_a: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = servers("virtuoso", "scratch")
    before = server_counts(server)
    assert kzgraph("load", "--endpoint", server.gsp_url, "--dist", dist_a, "--user", "dba", "--password", "wrong") == 1
    err = capsys.readouterr().err
    assert "HTTP 401 Unauthorized" in err and "not accepted" in err
    assert "live graphs: none replaced" in err and "staging graphs written: none" in err
    assert server_counts(server) == before


def test_servers_own_message_is_shown(
    servers: Callable[[str, str], Server], dist_a: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    virtuoso = servers("virtuoso", "scratch")
    # the Graph Store endpoint without authentication may read but not write
    assert kzgraph("load", "--endpoint", f"{virtuoso.base}/sparql-graph-crud", "--dist", dist_a) == 1
    err = capsys.readouterr().err
    assert "HTTP 403 Forbidden" in err and "SECURITY: Permission denied" in err

    oxigraph = servers("oxigraph", "scratch")
    with pytest.raises(RemoteError, match=r"HTTP 400 Bad Request: .*(Parser|error|expected)"):
        query_endpoint(oxigraph.query_url, "SELECT ?x WHERE { ?x }", "json")
    assert kzgraph("load", "--endpoint", f"{oxigraph.base}/nowhere", "--dist", dist_a) == 1
    err = capsys.readouterr().err  # (the DELETE of staging graphs takes a 404 as "no such graph")
    assert "HTTP 404 Not Found: PUT /nowhere is not supported by this server" in err
    assert "staging graphs written: none" in err


def test_connection_refused_is_retried_with_backoff_then_fails(
    dist_a: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    delays: list[float] = []
    monkeypatch.setattr(remote.time, "sleep", delays.append)
    url = f"http://127.0.0.1:{free_port()}/store"  # nothing listens there
    assert kzgraph("load", "--endpoint", url, "--dist", dist_a) == 1
    err = capsys.readouterr().err
    assert delays == [0.5, 1.0, 2.0, 4.0]  # 5 tries, exponential backoff
    assert "cannot connect: connection refused (is the server running?) (gave up after 5 tries)" in err
    assert "live graphs: none replaced" in err


def test_query_endpoint_formats_match_the_embedded_output(
    servers: Callable[[str, str], Server], dist_a: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = servers("oxigraph", "scratch")
    assert kzgraph("load", "--endpoint", server.gsp_url, "--dist", dist_a) == 0
    for args in (
        ["missions-abroad"],
        ["missions-abroad", "-f", "csv", "--lang", "bg"],
        ["osce-chair-in-year"],
        ["osce-chair-in-year", "-p", "year=2011"],
        ["diplomatic-relations-graph"],
    ):
        capsys.readouterr()
        assert kzgraph("query", *args, "--dist", dist_a) == 0
        local = capsys.readouterr().out
        assert kzgraph("query", *args, "--endpoint", server.query_url) == 0
        remote_out = capsys.readouterr().out
        if args[0] == "diplomatic-relations-graph":  # a CONSTRUCT: Turtle, the same triples in another order

            def triples(text: str) -> set[ox.Triple]:
                return {q.triple for q in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)}

            assert remote_out.startswith("@prefix") and triples(remote_out) == triples(local)
        else:
            assert remote_out == local, args
    for fmt, start in (("json", '{"head":'), ("xml", "<?xml"), ("tsv", "?hostState\t"), ("csv", "hostState,")):
        text = bind(next(q for q in QUERIES if q.name == "missions-abroad"), {})
        assert query_endpoint(server.query_url, text, fmt, direct=True).decode().startswith(start), fmt


def test_query_endpoint_times_out() -> None:
    with socket.socket() as listener:  # accepts connections and never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        started = time.monotonic()
        with pytest.raises(RemoteError, match=r"no answer within 0.3 s \(timed out\)$"):  # and not asked again
            query_endpoint(url, "ASK {}", "json", timeout=0.3, client=Client(tries=5, backoff=0.01))
        assert time.monotonic() - started < 1.5


class _BasicAuthHandler(http.server.BaseHTTPRequestHandler):
    seen: list[str | None] = []

    def do_PUT(self) -> None:  # noqa: N802 - the http.server API
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        auth = self.headers.get("Authorization")
        self.seen.append(auth)
        if auth != "Basic dXNlcjpzZWNyZXQ=":  # user:secret
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="test"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_basic_authentication_answers_the_challenge_then_is_sent_ahead() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _BasicAuthHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/store?graph=x"
        client = Client(auth=Credentials("user", "secret"))
        _BasicAuthHandler.seen = []
        client.request("PUT", url, b"", {"Content-Type": "application/n-triples"})
        client.request("PUT", url, b"", {"Content-Type": "application/n-triples"})
        assert _BasicAuthHandler.seen == [None, "Basic dXNlcjpzZWNyZXQ=", "Basic dXNlcjpzZWNyZXQ="]
        with pytest.raises(RemoteError, match="HTTP 401 Unauthorized: the user name or password was not accepted"):
            Client(auth=Credentials("user", "wrong")).request("PUT", url, b"", {"Content-Type": "application/n-triples"})
    finally:
        server.shutdown()
        server.server_close()


def test_staging_graphs_are_named_apart_from_the_live_ones() -> None:
    assert {staging_iri(n) for n in GRAPHS}.isdisjoint(release_graph_iris(with_inferred=True))


class _LossyGraphStore(http.server.BaseHTTPRequestHandler):
    """A Graph Store endpoint that keeps all but the last line of every graph it is sent."""

    graphs: dict[str, bytes] = {}

    def _graph(self) -> str:
        from urllib.parse import parse_qs, urlsplit

        return parse_qs(urlsplit(self.path).query)["graph"][0]

    def _answer(self, status: int, body: bytes = b"") -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/n-triples")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_PUT(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.graphs[self._graph()] = b"".join(body.splitlines(keepends=True)[:-1])
        self._answer(201)

    def do_GET(self) -> None:  # noqa: N802
        graph = self._graph()
        self._answer(200, self.graphs[graph]) if graph in self.graphs else self._answer(404)

    def do_DELETE(self) -> None:  # noqa: N802
        self._answer(204 if self.graphs.pop(self._graph(), None) is not None else 404)

    def log_message(self, *args: object) -> None:
        pass


def test_a_server_that_loses_triples_fails_verification_before_anything_is_live(dist_a: Path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _LossyGraphStore)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        _LossyGraphStore.graphs = {graph_iri("data"): b"<urn:old> <urn:p> <urn:o> .\n"}
        url = f"http://127.0.0.1:{server.server_address[1]}/store"
        with pytest.raises(triplestore.LoadFailed) as failed:
            triplestore.load_endpoint(url, read_release(dist_a / "kzgraph.nq"))
        message = str(failed.value)
        assert "failed while checking the staged data graph" in message
        assert "ground triples missing" in message and "live graphs: none replaced" in message
        assert _LossyGraphStore.graphs[graph_iri("data")] == b"<urn:old> <urn:p> <urn:o> .\n"
    finally:
        server.shutdown()
        server.server_close()
