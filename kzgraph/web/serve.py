"""``kzgraph serve``: the command line of the server: its limits, its startup report, its nginx configuration."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.errors import SIGINT_STATUS
from ..curated import namespaces
from ..curated.project import locate
from .addresses import Links
from .app import App
from .httpserver import Server
from .limits import Limits
from .sandbox import WALLS as NETWORK_WALLS
from .webconf import nginx_proxy


def cmd_serve(args: argparse.Namespace) -> int:
    """``kzgraph serve``: serve the release (a project's, rebuilt first when stale, or the packaged one) until
    Ctrl-C (then 130, as the shell reports any program SIGINT ends), or print the nginx configuration (0)."""
    from ..core.errors import BuildError
    from ..pipeline.build import release_file
    from .baseurl import public_base

    limits = limits_from(args)
    base = public_base(args.base) if args.base else None
    if args.print_nginx:
        sys.stdout.write(nginx_proxy(limits, f"{_host_for_url(args.host)}:{args.port}", base))
        return 0
    where = locate(args.root, args.dist)
    release_file(where)
    dist = where.dist
    try:
        app = App(
            dist,
            base_url=base or f"http://{_host_for_url(args.host)}:{args.port}/",
            store_dir=Path(args.store) if args.store else None,
            queries_dir=where.queries,
            limits=limits,
            cache=not args.no_cache,
            behind_proxy=args.behind_proxy,
        )
    except (PermissionError, RuntimeError, OSError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise BuildError(
            f"{getattr(exc, 'filename', None) or dist}: cannot open the release: {why}; the user running "
            f"kzgraph serve must be able to read dist/ and its files"
        ) from None
    app.base_explicit = base is not None
    down = walls_down(app.pool.wall_status)
    refusal = wall_refusal(args.host, down, args.without_network_walls)
    if refusal:
        app.close()
        raise BuildError(refusal)
    try:
        server = Server(app, args.host, args.port, limits=limits, behind_proxy=args.behind_proxy)
    except OSError as exc:
        app.close()
        raise BuildError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    bound = getattr(server, "port", args.port)
    if base is None and bound != args.port:  # --port 0: the port the system chose is the address to announce
        app.links = Links(f"http://{_host_for_url(args.host)}:{bound}/")
    print(
        f"kzgraph: serving {namespaces.BASE} at {app.links.base_url} ({limits.threads} threads, {limits.workers} query "
        f"workers{', behind a proxy' if args.behind_proxy else ''}){without_walls_note(down)}. Ctrl-C stops.",
        file=sys.stderr,
    )
    print("kzgraph: limits: " + limit_report(limits), file=sys.stderr)
    print("kzgraph: walls between queries and the network: " + wall_report(app.pool.wall_status), file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        return SIGINT_STATUS
    finally:
        app.close()
    return 0


def limits_from(args: argparse.Namespace) -> Limits:
    """The limits the command line sets (the rest at their defaults)."""
    from ..sparql.check import Limits as QueryShape

    mib = 1024 * 1024
    return Limits(
        timeout=args.timeout,
        max_rows=args.max_rows,
        max_bytes=int(args.max_response_mib * mib),
        max_value_bytes=int(args.max_value_kib * 1024),
        workers=args.workers,
        per_client=args.per_client,
        worker_memory=int(args.worker_memory_mib * mib),
        threads=args.threads,
        request_timeout=args.request_timeout,
        send_timeout=args.send_timeout,
        connections=args.connections,
        per_ip_connections=args.per_ip_connections,
        cache_bytes=int(args.cache_mib * mib),
        query=QueryShape(max_bytes=args.max_query_kib * 1024, max_depth=args.max_depth),
    )


def limit_report(limits: Limits) -> str:
    """The limits in one line, as the README lists them."""
    mib = 1024 * 1024
    return (
        f"query {limits.query.max_bytes // 1024} KiB and {limits.query.max_depth} levels; "
        f"{limits.timeout:g} s; {limits.max_rows:,} rows, {limits.max_bytes // mib} MiB per response, "
        f"{limits.max_value_bytes // 1024} KiB per value; {limits.worker_memory // mib} MiB per worker; "
        f"{limits.queries_per_client} running per client; body {limits.max_body // 1024} KiB, headers "
        f"{limits.max_header // 1024} KiB, {limits.request_timeout:g} s per request, {limits.send_timeout:g} s "
        f"for a client to take a byte of its answer; {limits.connections} "
        f"connections, {limits.per_ip_connections} per address; cache {limits.cache_bytes // mib} MiB"
    )


def wall_report(status: dict[str, str]) -> str:
    """One line: each wall and whether it stands, with a warning when none of the workers' own does."""
    parts = [f"{_WALL_NAMES.get(w, w)}: {state}" for w, state in status.items()]
    from .sandbox import is_up

    if not any(is_up(status.get(w, "off")) for w in NETWORK_WALLS):
        parts.append("WARNING: the workers themselves can reach the network")
    return "; ".join(parts)


def walls_down(status: dict[str, str]) -> dict[str, str]:
    """Each wall between the query workers and the network that does not stand -> why (a wall the
    workers did not report is down: fail closed)."""
    from .sandbox import is_up

    return {w: status.get(w, "off: not raised") for w in NETWORK_WALLS if not is_up(status.get(w, "off"))}


def is_loopback(host: str) -> bool:
    """Whether every address ``host`` names is a loopback address (a name that cannot be resolved,
    the empty host and 0.0.0.0 are not: they may reach other machines)."""
    import ipaddress
    import socket

    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP) if host else []
    except (OSError, UnicodeError):
        return False
    addresses = {info[4][0].split("%", 1)[0] for info in infos}
    return bool(addresses) and all(ipaddress.ip_address(a).is_loopback for a in addresses)


def wall_refusal(host: str, down: dict[str, str], allowed: bool) -> str | None:
    """Why ``serve`` must not start on ``host`` with the walls in ``down`` missing, or None.

    Only loopback is served without every wall unasked: there, only this machine's users can send a
    query. Anywhere else the operator must say, with ``--without-network-walls``, that the parsed-query
    check alone may keep queries off the network."""
    if not down or allowed or is_loopback(host):
        return None
    what = "; ".join(f"{_WALL_NAMES[w]} {why}" for w, why in down.items())
    return (
        f"refusing to serve on {host or 'every address'}: the query workers' walls between queries and the network "
        f"cannot be raised here ({what}); serve on 127.0.0.1, or pass --without-network-walls to accept that only "
        f"the parsed-query check keeps queries off the network"
    )


def without_walls_note(down: dict[str, str]) -> str:
    """The start line's warning when walls are missing: which ones, so the operator sees it at once."""
    if not down:
        return ""
    return ", WITHOUT " + " and ".join(f"the {_WALL_NAMES[w]} ({why})" for w, why in down.items())


_WALL_NAMES = {
    "parse": "SERVICE and updates refused from the parsed query",
    "netns": "network namespace",
    "seccomp": "socket filter (seccomp)",
}


def _host_for_url(host: str) -> str:
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def port_number(text: str) -> int:
    """A TCP port (0–65535) for argparse, so an impossible one is a usage error (one line, exit 2)
    before anything is announced: the system would otherwise take it modulo 65536 and listen elsewhere."""
    try:
        port = int(text, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0 to 65535)") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is out of range: a port is 0 to 65535 (0: any free port)")
    return port


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``serve`` to the command line."""
    d = Limits()
    mib = 1024 * 1024
    s = sub.add_parser(
        "serve",
        help="serve the graph over HTTP: pages, RDF by content negotiation, a SPARQL endpoint",
        description="Serve the release as linked data. Thing IRIs answer 303 See Other to an HTML page or "
        "an RDF document chosen by the Accept header; /sparql is a read-only SPARQL 1.1 "
        "endpoint. For a public service, run it behind nginx: --print-nginx writes the "
        "configuration.",
    )
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    s.add_argument("--port", type=port_number, default=8080, help="port, 0 to 65535 (default: 8080; 0: any free port, announced)")
    s.add_argument(
        "--base",
        help="public URL standing for https://w3id.org/kzgraph/ (default: http://HOST:PORT/); "
        "request paths are mapped, the RDF keeps the canonical IRIs",
    )
    s.add_argument("--dist", help="release directory (default: ROOT/dist, built when stale)")
    s.add_argument("--store", help="a persistent Oxigraph store directory to query instead of the release's N-Quads")
    s.add_argument(
        "--behind-proxy",
        action="store_true",
        help="requests come through the generated nginx configuration: the client is X-Real-IP, and the "
        "per-address connection cap is left to nginx",
    )
    s.add_argument(
        "--without-network-walls",
        action="store_true",
        help="serve on an address other than loopback even when the query workers' network namespace or socket "
        "filter cannot be raised on this machine, leaving the parsed-query check as the only wall between queries "
        "and the network (without this flag serve then refuses to start; on loopback it starts and says so)",
    )
    s.add_argument(
        "--print-nginx",
        action="store_true",
        help="print the nginx configuration that puts this server behind nginx with the same limits, and exit",
    )
    g = s.add_argument_group("limits (see the README's list)")
    g.add_argument("--workers", type=int, default=d.workers, help=f"SPARQL worker processes (default: {d.workers})")
    g.add_argument(
        "--per-client", type=int, default=d.per_client, help="queries one client may run at once (default: all workers but one)"
    )
    g.add_argument("--threads", type=int, default=d.threads, help=f"HTTP threads (default: {d.threads})")
    g.add_argument("--timeout", type=float, default=d.timeout, help=f"SPARQL time limit in seconds (default: {d.timeout:g})")
    g.add_argument("--max-rows", type=int, default=d.max_rows, help=f"rows or triples per result (default: {d.max_rows})")
    g.add_argument(
        "--max-response-mib",
        type=float,
        default=d.max_bytes / mib,
        help=f"MiB per SPARQL response (default: {d.max_bytes // mib})",
    )
    g.add_argument(
        "--max-value-kib",
        type=float,
        default=d.max_value_bytes / 1024,
        help=f"KiB per value in a result (default: {d.max_value_bytes // 1024})",
    )
    g.add_argument(
        "--worker-memory-mib",
        type=float,
        default=d.worker_memory / mib,
        help=f"resident MiB above which a query worker is stopped (default: {d.worker_memory // mib})",
    )
    g.add_argument(
        "--max-query-kib",
        type=int,
        default=d.query.max_bytes // 1024,
        help=f"KiB of query text (default: {d.query.max_bytes // 1024})",
    )
    g.add_argument(
        "--max-depth",
        type=int,
        default=d.query.max_depth,
        help=f"levels of nested groups and expressions in a query (default: {d.query.max_depth})",
    )
    g.add_argument(
        "--request-timeout",
        type=float,
        default=d.request_timeout,
        help=f"seconds to receive a whole request (default: {d.request_timeout:g})",
    )
    g.add_argument(
        "--send-timeout",
        type=float,
        default=d.send_timeout,
        help=f"seconds a client may take no byte of a pending answer before its connection is closed "
        f"(default: {d.send_timeout:g})",
    )
    g.add_argument("--connections", type=int, default=d.connections, help=f"open connections (default: {d.connections})")
    g.add_argument(
        "--per-ip-connections",
        type=int,
        default=d.per_ip_connections,
        help=f"open connections from one address (default: {d.per_ip_connections})",
    )
    g.add_argument(
        "--cache-mib",
        type=float,
        default=d.cache_bytes / mib,
        help=f"MiB of rendered pages and answers kept (default: {d.cache_bytes // mib})",
    )
    s.add_argument("--no-cache", action="store_true", help="render every page anew (for measuring)")
    s.set_defaults(func=cmd_serve)
