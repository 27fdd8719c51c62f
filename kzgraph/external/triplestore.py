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

import errno
import hashlib
import os
import re
import stat
import struct
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from ..core.errors import BuildError
from ..core.formats import RDF
from ..curated.namespaces import BASE, VOCABULARIES, graph_iri
from .remote import RELEASE_GRAPHS, UPLOAD_TIMEOUT, Client, Credentials, RemoteError

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
    from ..core.inputs import kind_of

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
        if datatype in (GEO_WKT, VIRTUOSO_GEOMETRY):
            return _point(text, lexical), GEO_WKT
    except (ValueError, InvalidOperation):
        pass
    return lexical, datatype


# GeoSPARQL's WKT literal, and the type Virtuoso 7 turns it into: Virtuoso keeps a point as its own geometry,
# in single precision ("POINT(76.9115 43.25249)" comes back as "POINT(76.911499023438 43.252490997314)").
GEO_WKT = "http://www.opengis.net/ont/geosparql#wktLiteral"
VIRTUOSO_GEOMETRY = "http://www.openlinksw.com/schemas/virtrdf#Geometry"
_POINT = re.compile(r"\s*POINT\s*\(\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*\)\s*", re.IGNORECASE)


def _point(text: str, lexical: str) -> str:
    """A WKT point with each coordinate as the nearest single-precision number, which is what such a
    store keeps (about a metre; the exact coordinates are also in wgs84:lat and wgs84:long, which every
    store keeps as decimals); any other geometry as written."""
    m = _POINT.fullmatch(text)
    if m is None:
        return lexical
    x, y = (struct.unpack("f", struct.pack("f", float(v)))[0] for v in m.groups())
    return f"POINT({x!r} {y!r})"


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


__all__ = [
    "load_store",
    "load_endpoint",
    "read_release",
    "ReleaseGraphs",
    "EndpointLoad",
    "LoadFailed",
    "staging_iri",
    "canonical_term",
    "canonical_literal",
    "graph_counts",
    "verify_graph",
]
