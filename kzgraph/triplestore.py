"""``kzgraph load``: put a release into a triple store, replacing the release it held before.

A release is four named graphs (``…/graph/data``, ``…/graph/inferred``, ``…/graph/ontology``,
``…/graph/metadata``), read from ``dist/kzgraph.nq``. Loading replaces exactly those four graphs
and leaves every other graph of the store alone, so loading the same release twice changes
nothing and a newer release replaces an older one without leftovers.

Two targets:

* ``--store DIR``, a persistent embedded Oxigraph store that ``kzgraph query --store DIR`` opens.
  The four graphs are dropped and refilled by one SPARQL update, which Oxigraph applies as one
  transaction: the store holds all of one release or all of the other. After a failure the store
  is reopened to say which (a full disk can fail the flush after the transaction was committed).
* ``--endpoint URL``, any server speaking the SPARQL 1.1 Graph Store HTTP Protocol
  (``URL?graph=IRI``). The protocol has no transactions across requests, and on some servers not
  even within one (Oxigraph's PUT clears the graph in one transaction and fills it in another, so
  a PUT that fails half way leaves an *empty* graph). So the load goes in phases:

  1. *clean*: delete the staging graphs an interrupted load may have left;
  2. *stage*: PUT each graph under a staging name (``…/graph/staging/data`` …);
  3. *verify*: GET each staged graph back and check the server holds every triple;
  4. *promote*: replace the live graphs — with one SPARQL update of ``MOVE`` operations when an
     update endpoint is given (``--update URL``: one request, one transaction on Oxigraph,
     Fuseki/TDB2, GraphDB and Virtuoso), otherwise by PUTting each live graph in the order
     data, inferred, ontology, metadata, then deleting the staging graphs.

  What a failure leaves (the error message names each graph's state):

  * in phases 1–3, including anything the server rejects, cannot parse or loses, and the server
    dying: the live graphs are untouched — the previous release is intact and queryable;
  * in phase 4 with ``--update``: the switch is one transaction, so the live graphs are all of the
    previous release or all of the new one (when the answer was lost, the message says it cannot
    tell which; the metadata graph says which release is live);
  * in phase 4 without ``--update``: each graph already PUT holds the new release, each not yet PUT
    the previous one, and the one in flight may hold either or — on a server whose PUT is not
    atomic, such as Oxigraph — be empty. Staging makes this window short (the data has already been
    accepted once) but cannot close it; running the load again completes it.

  While a load runs, the staging graphs exist next to the live ones: a query over the union of
  all graphs (Oxigraph's ``--union-default-graph``, Virtuoso without ``default-graph-uri``) sees
  them twice. ``kzgraph query --endpoint`` names the release's graphs and is not affected.
"""

from __future__ import annotations

import argparse
import errno
import hashlib
import os
import stat
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from .errors import BuildError
from .formats import RDF
from .namespaces import BASE, VOCABULARIES, graph_iri
from .progress import Progress
from .remote import RELEASE_GRAPHS, UPLOAD_TIMEOUT, Client, Credentials, RemoteError, credentials

GRAPHS = RELEASE_GRAPHS  # data, inferred, ontology, metadata: the order in which live graphs are replaced
# upload format -> (pyoxigraph format, media type, name), from the one table of formats
FORMATS = {name: (RDF[ext].oxigraph, RDF[ext].media, RDF[ext].name) for name, ext in (("nt", "nt"), ("turtle", "ttl"))}


def staging_iri(name: str, base: str = BASE) -> str:
    """Where a graph is uploaded before it replaces the live one."""
    return f"{base}graph/staging/{name}"


# --- the release --------------------------------------------------------------------------------


@dataclass
class ReleaseGraphs:
    """A release's four graphs as triples (a graph the build left empty is an empty list)."""

    graphs: dict[str, list[ox.Triple]]
    source: Path | None = None
    _payloads: dict[tuple[str, str], bytes] = field(default_factory=dict, repr=False)

    def payload(self, name: str, fmt: str = "nt") -> bytes:
        """The graph serialized for upload.

        Turtle is written with full IRIs and no prefixes: with prefixes pyoxigraph writes local names
        such as ``kz:membership\\/CAN-in-osce`` (a valid escape), and Virtuoso 7.2's Turtle parser
        keeps the backslash in the IRI. Turtle still saves a third on N-Triples by grouping a
        subject's triples.
        """
        key = (name, fmt)
        if key not in self._payloads:
            self._payloads[key] = ox.serialize(self.graphs[name], format=FORMATS[fmt][0]) or b""
        return self._payloads[key]

    def counts(self) -> dict[str, int]:
        """Triples in each of the four graphs, in the order live graphs are replaced."""
        return {name: len(self.graphs[name]) for name in GRAPHS}


def read_release(nquads: Path) -> ReleaseGraphs:
    """A release's ``kzgraph.nq``; anything outside the four graphs means it is not a kzgraph release."""
    names = {graph_iri(n): n for n in GRAPHS}
    graphs: dict[str, list[ox.Triple]] = {n: [] for n in GRAPHS}
    try:
        for quad in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS):
            name = names.get(quad.graph_name.value) if isinstance(quad.graph_name, ox.NamedNode) else None
            if name is None:
                raise BuildError(
                    f"{nquads}: not a kzgraph release: a quad in graph {quad.graph_name} (expected only {', '.join(names)})"
                )
            graphs[name].append(quad.triple)
    except (OSError, SyntaxError) as exc:
        raise BuildError(f"{nquads}: cannot read the release: {exc}") from None
    return ReleaseGraphs(graphs, Path(nquads))


# --- embedded store -----------------------------------------------------------------------------


def load_store(directory: Path, release: ReleaseGraphs) -> dict[str, int]:
    """Replace the release's graphs in the Oxigraph store at ``directory`` (created when missing).

    One SPARQL update drops the four graphs and inserts the release, so Oxigraph applies the whole
    replacement in one transaction. Returns the number of triples in each graph afterwards.

    A failure is reported with what the store holds, read back after the fact, not assumed: the
    write-ahead log may take a transaction that the flush after it cannot write out (a full disk
    does that), and then the new release is live although an error was raised.
    """
    directory = store_directory(Path(directory))
    try:
        store = ox.Store(str(directory))
    except OSError as exc:
        raise BuildError(
            f"{directory}: cannot open the Oxigraph store: {exc} (is another process, e.g. a server, using it?)"
        ) from None
    before = fingerprint(store)
    drops = [f"DROP SILENT GRAPH <{graph_iri(n)}>" for n in GRAPHS]
    inserts = " ".join(
        f"GRAPH <{graph_iri(n)}> {{\n{release.payload(n, 'nt').decode('utf-8')}}}" for n in GRAPHS if release.graphs[n]
    )
    update = " ;\n".join(drops) + (f" ;\nINSERT DATA {{ {inserts} }}" if inserts else "")
    failure = None
    try:
        store.update(update)
        store.flush()
    except (OSError, SyntaxError) as exc:
        failure = str(exc)  # kept as text: the exception's frames would keep the store open
    if failure is not None:
        del store  # close it: what counts is what the next opening finds
        raise BuildError(
            f"{directory}: an error while loading the release: {failure}\n  {what_the_store_holds(directory, release, before)}"
        )
    counts = graph_counts(store)
    del store  # closes the database, so another process (a server, `kzgraph query --store`) may open it
    return counts


def store_directory(path: Path) -> Path:
    """``path`` as a store directory, made when missing; a clear :class:`BuildError` when it cannot be one."""
    from .inputs import kind_of

    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        try:
            path.mkdir(parents=True)
        except OSError as exc:
            raise BuildError(f"{path}: cannot create the store directory: {_why(exc)}") from None
        return path
    except OSError as exc:
        raise BuildError(f"{path}: cannot look at the store directory: {_why(exc)}") from None
    if not stat.S_ISDIR(st.st_mode):
        what = "a regular file" if stat.S_ISREG(st.st_mode) else kind_of(st.st_mode)
        raise BuildError(f"{path} is {what}, not a store directory; give a directory, new or made by `kzgraph load --store`")
    if not os.access(path, os.W_OK | os.X_OK):
        raise BuildError(f"{path}: cannot write in the store directory (permission denied)")
    return path


def _why(exc: OSError) -> str:
    if exc.errno == errno.ENOTDIR:
        return "a part of its path is not a directory"
    return "permission denied" if exc.errno in (errno.EACCES, errno.EPERM) else exc.strerror or str(exc)


def fingerprint(store: ox.Store) -> tuple[int, int]:
    """The release graphs' quads as (count, order-free digest): equal exactly when they hold the same quads."""
    total, digest = 0, 0
    for name in GRAPHS:
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri(name))):
            total += 1
            digest = (digest + int.from_bytes(hashlib.sha256(str(quad).encode("utf-8")).digest(), "big")) % (1 << 256)
    return total, digest


def holds_release(store: ox.Store, release: ReleaseGraphs) -> bool:
    """Whether each of the store's release graphs holds exactly the release's triples (numbers by value,
    blank nodes by count: the store gives them labels of its own)."""
    for name in GRAPHS:
        got = {canonical_triple(q.triple) for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri(name)))}
        expected = {canonical_triple(t) for t in release.graphs[name]}
        if len(got) != len(expected) or any(_ground(t) and t not in got for t in expected):
            return False
    return True


def what_the_store_holds(directory: Path, release: ReleaseGraphs, before: tuple[int, int]) -> str:
    """What the store at ``directory`` holds now, read back from disk after a failed load."""
    try:
        store = ox.Store.read_only(str(directory))
        new, now = holds_release(store, release), fingerprint(store)
        counts = graph_counts(store)
        del store
    except (OSError, ValueError, RuntimeError) as exc:  # RocksDB reports a damaged store as RuntimeError
        return (
            f"could not reopen the store to check what it holds ({exc}); the load is one transaction, so it holds "
            "either all of what it held before or all of this release: load again once the cause is fixed"
        )
    shown = ", ".join(f"{n} {counts[n]}" for n in GRAPHS)
    if new:
        again = " (which is also what it held before)" if now == before else ""
        return (
            f"checked after the failure: the store holds this release{again} ({shown} triples); the load was "
            "committed before the error, so it is live, but the store could not finish writing: free space and "
            "load again"
        )
    if now == before:
        return f"checked after the failure: the store is unchanged, it holds what it held before ({shown} triples)"
    return (
        f"checked after the failure: the store holds neither what it held before nor this release ({shown} "
        "triples): load again once the cause is fixed"
    )


def graph_counts(store: ox.Store) -> dict[str, int]:
    """Triples in each of the release's graphs of an embedded store (counted by the store: five times
    faster than iterating, which pays for the fingerprint :func:`load_store` takes first)."""
    counts = {}
    for n in GRAPHS:
        [row] = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri(n)}> {{ ?s ?p ?o }} }}")
        counts[n] = int(row["n"].value)
    return counts


# --- endpoint -----------------------------------------------------------------------------------


@dataclass
class GraphTiming:
    """How one graph's upload went: its triples, its payload's bytes, the seconds to stage, verify and promote it."""

    name: str
    triples: int
    size: int
    stage: float = 0.0
    verify: float = 0.0
    promote: float = 0.0


@dataclass
class EndpointLoad:
    """What a load into an endpoint did so far: the basis of its report, and of its error message."""

    url: str
    fmt: str
    staged: list[str] = field(default_factory=list)
    verified: list[str] = field(default_factory=list)
    live: list[str] = field(default_factory=list)
    switched: bool = False
    switch_seconds: float = 0.0
    cleaned: bool = False
    timings: dict[str, GraphTiming] = field(default_factory=dict)
    seconds: float = 0.0


class LoadFailed(BuildError):
    """A load stopped; the message says what each graph of the endpoint holds now."""

    def __init__(self, message: str, report: EndpointLoad):
        super().__init__(message)
        self.report = report


Step = Callable[[str, str], None]


def load_endpoint(
    gsp_url: str,
    release: ReleaseGraphs,
    *,
    fmt: str = "nt",
    auth: Credentials | None = None,
    update_url: str | None = None,
    client: Client | None = None,
    timeout: float = UPLOAD_TIMEOUT,
    on_step: Step | None = None,
) -> EndpointLoad:
    """Replace the release's graphs on a Graph Store Protocol endpoint: clean, stage, verify, promote.

    ``on_step(phase, graph)`` is called before each request (phases ``clean``, ``stage``, ``verify``,
    ``promote``, ``switch``, ``cleanup``); tests use it to stop a server at a chosen moment.
    """
    if fmt not in FORMATS:
        raise BuildError(f"unknown upload format {fmt!r}; expected {' or '.join(FORMATS)}")
    client = client or Client(auth=auth)
    media_type = FORMATS[fmt][1]
    report = EndpointLoad(gsp_url, fmt)
    step = on_step or (lambda phase, name: None)
    phase, current = "clean", GRAPHS[0]
    present = [n for n in GRAPHS if release.graphs[n]]
    t0 = time.perf_counter()

    def target(iri: str) -> str:
        """The Graph Store Protocol address of the graph ``iri`` on this endpoint."""
        return gsp_url + ("&" if "?" in gsp_url else "?") + urllib.parse.urlencode({"graph": iri})

    def timed(name: str) -> GraphTiming:
        """The timing record of graph ``name``, made on first use with its size."""
        if name not in report.timings:
            report.timings[name] = GraphTiming(name, len(release.graphs[name]), len(release.payload(name, fmt)))
        return report.timings[name]

    try:
        for current in GRAPHS:  # small requests first: they also learn the server's authentication challenge
            step(phase, current)
            client.request("DELETE", target(staging_iri(current)), ok=(404,), timeout=timeout)
        phase = "stage"
        for current in present:
            step(phase, current)
            t = time.perf_counter()
            client.request(
                "PUT", target(staging_iri(current)), release.payload(current, fmt), {"Content-Type": media_type}, timeout=timeout
            )
            timed(current).stage = time.perf_counter() - t
            report.staged.append(current)
        phase = "verify"
        for current in present:
            step(phase, current)
            t = time.perf_counter()
            verify_graph(client, target(staging_iri(current)), release.graphs[current], current, timeout)
            timed(current).verify = time.perf_counter() - t
            report.verified.append(current)
        if update_url:
            phase, current = "switch", "all"
            step(phase, current)
            t = time.perf_counter()
            client.request(
                "POST",
                update_url,
                urllib.parse.urlencode({"update": switch_update(present)}).encode("ascii"),
                {"Content-Type": "application/x-www-form-urlencoded", "Accept": "*/*"},
                timeout=timeout,
                idempotent=False,
            )
            report.switch_seconds = time.perf_counter() - t
            report.switched, report.live, report.cleaned = True, list(GRAPHS), True
        else:
            phase = "promote"
            for current in GRAPHS:
                step(phase, current)
                t = time.perf_counter()
                if release.graphs[current]:
                    client.request(
                        "PUT",
                        target(graph_iri(current)),
                        release.payload(current, fmt),
                        {"Content-Type": media_type},
                        timeout=timeout,
                    )
                else:  # the build left this graph empty: the live one must go
                    client.request("DELETE", target(graph_iri(current)), ok=(404,), timeout=timeout)
                timed(current).promote = time.perf_counter() - t
                report.live.append(current)
            phase = "cleanup"
            for current in present:
                step(phase, current)
                client.request("DELETE", target(staging_iri(current)), ok=(404,), timeout=timeout)
            report.cleaned = True
    except RemoteError as exc:
        report.seconds = time.perf_counter() - t0
        raise LoadFailed(failure_message(report, phase, current, exc), report) from None
    report.seconds = time.perf_counter() - t0
    return report


def switch_update(present: list[str]) -> str:
    """One SPARQL update that makes the staged graphs live (and drops the graphs this release leaves empty)."""
    ops = [
        f"MOVE GRAPH <{staging_iri(n)}> TO GRAPH <{graph_iri(n)}>" if n in present else f"DROP SILENT GRAPH <{graph_iri(n)}>"
        for n in GRAPHS
    ]
    return " ;\n".join(ops)


class VerifyError(RemoteError):
    """The server's copy of a staged graph is not the graph that was sent."""


def verify_graph(client: Client, url: str, sent: list[ox.Triple], name: str, timeout: float) -> None:
    """GET a graph back: it must hold as many triples as were sent, and every ground one of them
    (a graph that should be empty may be absent: 404).

    Literals are compared by value for numbers and booleans (servers may store ``"01"^^xsd:integer``
    as ``1``); blank nodes get new labels on the server, so only their number is checked.
    """
    response = client.request(
        "GET", url, headers={"Accept": "application/n-triples, text/turtle;q=0.9"}, timeout=timeout, ok=() if sent else (404,)
    )
    if response.status == 404:
        return
    rdf_format = ox.RdfFormat.from_media_type(response.content_type) or ox.RdfFormat.N_TRIPLES
    try:
        back = [q.triple for q in ox.parse(response.body, format=rdf_format)]
    except SyntaxError as exc:
        raise VerifyError(f"GET of the staged {name} graph: the server's answer is not {rdf_format.name}: {exc}") from None
    expected, got = {canonical_triple(t) for t in sent}, {canonical_triple(t) for t in back}
    missing = sorted(str(t) for t in expected - got if _ground(t))
    if len(got) != len(expected) or missing:
        detail = f"; missing, e.g. {missing[0]}" if missing else ""
        raise VerifyError(
            f"the server holds {len(got)} of the {len(expected)} triples sent for the {name} graph "
            f"({len(missing)} ground triples missing{detail}); a server that cuts long answers "
            "(Virtuoso: ResultSetMaxRows) shows up this way too"
        )


def _ground(triple: ox.Triple) -> bool:
    return not isinstance(triple.subject, ox.BlankNode) and not isinstance(triple.object, ox.BlankNode)


XSD = VOCABULARIES["xsd"]
INTEGER_TYPES = {
    XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}


def canonical_literal(lexical: str, datatype: str) -> tuple[str, str]:
    """(lexical form, datatype) of a number or boolean in canonical form, so equal values compare equal.

    Servers store literals differently: Oxigraph keeps ``"38"^^xsd:nonNegativeInteger`` as
    ``"38"^^xsd:integer``, others keep the derived type or write ``"1.50"`` as ``"1.5"``. Every
    integer type becomes ``xsd:integer``; other literals are returned unchanged.
    """
    text = lexical.strip()
    try:
        if datatype in INTEGER_TYPES:
            return str(int(text)), XSD + "integer"
        if datatype == XSD + "decimal":
            value = Decimal(text)
            return ("0" if value == 0 else format(value.normalize(), "f")), datatype
        if datatype in (XSD + "double", XSD + "float"):
            return repr(float(text)), datatype
        if datatype == XSD + "boolean":
            return {"1": "true", "0": "false"}.get(text, text), datatype
    except (ValueError, InvalidOperation):
        pass
    return lexical, datatype


def canonical_term(term: object) -> object:
    """A term with numbers and booleans in canonical form (see ``canonical_literal``)."""
    if isinstance(term, ox.Literal) and term.language is None and term.datatype is not None:
        value, datatype = canonical_literal(term.value, term.datatype.value)
        if (value, datatype) != (term.value, term.datatype.value):
            return ox.Literal(value, datatype=ox.NamedNode(datatype))
    return term


def canonical_triple(triple: ox.Triple) -> ox.Triple:
    """A triple with its object in canonical form, to compare what was sent with what a server gives back."""
    return ox.Triple(triple.subject, triple.predicate, canonical_term(triple.object))


def failure_message(report: EndpointLoad, phase: str, current: str, exc: Exception) -> str:
    """Why the load stopped and, graph by graph, what the endpoint holds now."""
    done = {
        "clean": "removing leftover staging graphs",
        "stage": f"uploading the {current} graph to its staging graph",
        "verify": f"checking the staged {current} graph",
        "switch": "switching the staged graphs live",
        "promote": f"replacing the live {current} graph",
        "cleanup": f"deleting the staging graph of {current}",
    }[phase]
    lines = [f"loading the release into {report.url} failed while {done}:", f"  {exc}"]
    rest = [n for n in GRAPHS if n not in report.live]
    if phase in ("clean", "stage", "verify"):
        lines.append("  live graphs: none replaced — the endpoint still holds the release it held before, untouched")
        staged = ", ".join(report.staged) or "none"
        lines.append(
            f"  staging graphs written: {staged} (not visible to `kzgraph query --endpoint`; the next load deletes them)"
        )
        lines.append(f"  not written: {', '.join(n for n in GRAPHS if n not in report.staged) or 'none'}")
    elif phase == "switch":
        answered = isinstance(exc, RemoteError) and exc.status is not None
        if answered or (isinstance(exc, RemoteError) and not exc.sent):
            lines.append(
                "  live graphs: none replaced — the server refused or never received the switch, "
                "so the previous release is intact (the switch is one transaction)"
            )
        else:
            lines.append(
                "  live graphs: unknown — the switch was sent but no answer came back; it is one transaction, "
                "so they hold either all of the previous release or all of this one "
                "(the metadata graph says which)"
            )
        lines.append(f"  staging graphs written: {', '.join(report.staged)}")
    elif phase == "promote":
        lines.append(f"  live graphs replaced with this release: {', '.join(report.live) or 'none'}")
        lines.append(
            f"  in flight when it failed: {current} — it may hold the previous release, this one, or "
            "(on servers whose PUT is not one transaction, such as Oxigraph) nothing"
        )
        others = [n for n in rest if n != current]
        lines.append(f"  still the previous release: {', '.join(others) or 'none'}")
        lines.append("  run the same command again to complete the load")
    else:  # cleanup
        lines.append("  live graphs: all replaced — the endpoint holds this release")
        lines.append(
            "  some staging graphs are left (queries over the union of all graphs see them twice); the next load deletes them"
        )
    return "\n".join(lines)


# --- command ------------------------------------------------------------------------------------


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``kzgraph load`` to the command line."""
    p = subparsers.add_parser(
        "load",
        help="load the release into a persistent Oxigraph store (--store) or a SPARQL server (--endpoint)",
        description="Replace the release's four named graphs (data, inferred, ontology, metadata) in a triple store, "
        "leaving its other graphs alone. See docs/triple-stores.md.",
    )
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--store", metavar="DIR", help="a persistent Oxigraph store directory (created when missing)")
    target.add_argument(
        "--endpoint",
        metavar="URL",
        help="a SPARQL 1.1 Graph Store Protocol URL, e.g. http://localhost:7878/store (Oxigraph), "
        "http://localhost:3030/ds/data (Fuseki), http://localhost:8890/sparql-graph-crud-auth (Virtuoso)",
    )
    p.add_argument(
        "--dist", metavar="DIR", help="release directory holding kzgraph.nq (default: ROOT/dist, built when missing or stale)"
    )
    p.add_argument(
        "--format",
        choices=sorted(FORMATS),
        default="nt",
        help="upload format: nt = application/n-triples (default), turtle = text/turtle",
    )
    p.add_argument(
        "--update",
        metavar="URL",
        help="the server's SPARQL Update URL: switch the staged graphs live in one transaction (MOVE) "
        "instead of PUTting each live graph",
    )
    p.add_argument(
        "--deltas",
        metavar="SITE",
        help="a site kzgraph publish wrote (or its releases/ folder): when the store holds an earlier release, apply "
        "the published deltas from it (one SPARQL Update, needs --update) instead of a full load; falls back to the "
        "full load, saying why, when no chain of deltas starts from what the store holds",
    )
    p.add_argument(
        "--deltas-only",
        action="store_true",
        help="with --deltas: fail (changing nothing) instead of falling back to a full load",
    )
    p.add_argument("--user", help="user name, for servers that ask for Basic or Digest authentication")
    p.add_argument("--password", help="password (default: the KZGRAPH_PASSWORD environment variable)")
    p.add_argument(
        "--retries",
        type=int,
        default=None,
        metavar="N",
        help="tries per request when the connection fails (default: 5, with exponential backoff)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=UPLOAD_TIMEOUT,
        metavar="SECONDS",
        help=f"seconds to wait for each answer (default: {UPLOAD_TIMEOUT:g})",
    )
    p.set_defaults(func=cmd_load)


def release_path(root: Path, dist: str | None) -> Path:
    """``kzgraph.nq`` to load: the default dist/ is rebuilt when stale; a given --dist is loaded as it is."""
    from .build import ensure_built

    if dist is None:
        return ensure_built(root, root / "dist")
    nq = Path(dist) / "kzgraph.nq"
    return nq if nq.exists() else ensure_built(root, Path(dist))


def _advancing(step: Callable[[int], None], release: ReleaseGraphs) -> Step:
    """An ``on_step`` for :func:`load_endpoint` that advances ``step`` by a graph's triples as each
    upload or check of it ends (that is, when the next request starts)."""
    pending: list[int] = []

    def on_step(phase: str, name: str) -> None:
        if pending:
            step(pending.pop())
        if phase in ("stage", "verify"):
            pending.append(len(release.graphs[name]))

    return on_step


def cmd_load(args: argparse.Namespace) -> int:
    """``kzgraph load``: the release into an Oxigraph store (``--store``) or a Graph Store endpoint; 0, or raises (exit 1)."""
    from .project import locate

    where = locate(args.root, args.dist)  # a project's release, or the one an installed wheel carries
    nquads = release_path(where.root, args.dist) if where.root is not None else where.release()
    progress = Progress.for_terminal("load", 2)
    with progress.stage("read", unit="triples") as step:
        release = read_release(nquads)
        step(sum(release.counts().values()))
    if args.store:
        t = time.perf_counter()
        with progress.stage("into the store", sum(release.counts().values()), unit="triples"):
            counts = load_store(Path(args.store), release)
        seconds = time.perf_counter() - t
        for name in GRAPHS:
            print(f"{name:<9} {counts[name]:>7} triples")
        print(
            f"loaded {sum(counts.values())} triples into the Oxigraph store {args.store} in {seconds:.2f} s "
            f"(one transaction); query it with `kzgraph query --store {args.store} NAME`"
        )
        return 0
    from . import remote

    client = remote.Client(
        auth=credentials(args.user, args.password), tries=args.retries if args.retries is not None else remote.TRIES
    )
    if client.tries < 1:
        raise BuildError("--retries must be at least 1")
    if args.deltas_only and not args.deltas:
        raise BuildError("--deltas-only needs --deltas SITE (the published site whose deltas to apply)")
    if args.deltas and _loaded_by_deltas(args, client, release):
        return 0
    sent = 2 * sum(release.counts().values())  # each triple is uploaded, then checked in the server's copy
    with progress.stage("upload and verify", sent, unit="triples") as step:
        report = load_endpoint(
            args.endpoint,
            release,
            fmt=args.format,
            update_url=args.update,
            client=client,
            timeout=args.timeout,
            on_step=_advancing(step, release),
        )
    for name in GRAPHS:
        t = report.timings.get(name)
        if t is None:
            print(f"{name:<9}       0 triples   (empty in this release: removed)")
            continue
        live = "" if report.switched else f"   live {t.promote:.2f} s"
        print(
            f"{name:<9} {t.triples:>7} triples {t.size / 1e3:>8.0f} kB   staged {t.stage:.2f} s   verified {t.verify:.2f} s{live}"
        )
    how = f"switched live in one update, {report.switch_seconds:.2f} s" if report.switched else "live graphs replaced one by one"
    print(
        f"loaded {sum(release.counts().values())} triples into {args.endpoint} as {FORMATS[args.format][2]} "
        f"in {report.seconds:.2f} s ({how})"
    )
    return 0


def _loaded_by_deltas(args: argparse.Namespace, client: Client, release: ReleaseGraphs) -> bool:
    """Try ``--deltas``: True when the store was moved forward by them; False (having said why) for a full load."""
    from .delta_load import load_by_deltas

    applied, why, sent = load_by_deltas(client, args.endpoint, args.update, release, Path(args.deltas), args.timeout)
    if applied is not None:
        print(f"{applied.summary()}, into {args.endpoint} in {applied.seconds:.2f} s (one update; every graph checked)")
        return True
    if args.deltas_only:
        if sent:
            raise BuildError(f"no delta load: {why}; run the load without --deltas-only to load the release whole")
        raise BuildError(f"no delta load: {why}. Nothing was changed (--deltas-only)")
    print(f"full load: {why}")
    return False


__all__ = [
    "load_store",
    "load_endpoint",
    "read_release",
    "register",
    "ReleaseGraphs",
    "EndpointLoad",
    "LoadFailed",
    "staging_iri",
    "canonical_term",
    "canonical_literal",
    "graph_counts",
    "verify_graph",
]
