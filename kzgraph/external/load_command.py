"""``kzgraph load``: the command over :mod:`kzgraph.external.triplestore` (full loads) and :mod:`kzgraph.external.delta_load`
(moving a store forward by the published deltas); it reads the options, shows progress and prints the report.

Kept apart from the two so that the arrows run one way: the command uses both, and the delta load uses
the full load's reading of a release and its check of a graph on the server.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from ..core.errors import BuildError
from ..core.progress import Progress
from .remote import UPLOAD_TIMEOUT, Client, credentials
from .triplestore import FORMATS, GRAPHS, ReleaseGraphs, Step, load_endpoint, load_store, read_release


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
    from ..pipeline.build import ensure_built

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
    from ..curated.project import locate
    from ..pipeline.build import release_file

    where = locate(args.root, args.dist)  # a project's release, or the one an installed wheel carries
    nquads = release_path(where.root, args.dist) if where.root is not None else release_file(where)
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


__all__ = ["register", "cmd_load", "release_path"]
