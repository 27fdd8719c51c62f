"""``kzgraph serve``: the command line of the server, and the HTTP server it runs."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path
from typing import Any, Callable

from .. import namespaces
from .app import App, Limits
from .sandbox import WALLS as NETWORK_WALLS


class Server:
    """A WSGI server on a loopback or public address: waitress when it is installed (HTTP/1.1
    keep-alive, a thread pool), else the standard library's threaded ``wsgiref`` server."""

    def __init__(self, app: Callable[..., Any], host: str = "127.0.0.1", port: int = 8080, kind: str = "auto",
                 threads: int = 8, quiet: bool = True):
        self.kind = kind
        if kind in ("auto", "waitress"):
            try:
                from waitress.server import create_server

                self._server = create_server(app, host=host, port=port, threads=threads, ident="kzgraph",
                                             channel_timeout=30, connection_limit=200, expose_tracebacks=False)
                self.port = self._server.effective_port
                self.kind = "waitress"
                return
            except ImportError:
                if kind == "waitress":
                    raise
        from socketserver import ThreadingMixIn
        from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

        class ThreadingServer(ThreadingMixIn, WSGIServer):
            daemon_threads = True
            request_queue_size = 128

        class Handler(WSGIRequestHandler):
            def log_message(self, *args: Any) -> None:
                if not quiet:
                    super().log_message(*args)

        self._server = make_server(host, port, app, server_class=ThreadingServer, handler_class=Handler)
        self.port = self._server.server_port
        self.kind = "wsgiref"

    def serve_forever(self) -> None:
        if self.kind == "waitress":
            # waitress's own loop cannot be stopped from another thread; run it one poll at a time
            self._stop = threading.Event()
            self._stopped = threading.Event()
            server = self._server
            try:
                while not self._stop.is_set():
                    server.asyncore.loop(timeout=0.25, map=server._map, use_poll=server.adj.asyncore_use_poll, count=1)
            finally:
                for channel in list(server._map.values()):
                    try:
                        channel.close()
                    except Exception:
                        pass
                server.task_dispatcher.shutdown(timeout=2)
                self._stopped.set()
        else:
            self._server.serve_forever(poll_interval=0.2)

    def shutdown(self) -> None:
        if self.kind == "waitress":
            if hasattr(self, "_stop"):
                self._stop.set()
                self._stopped.wait(5)
            else:
                self._server.close()
        else:
            self._server.shutdown()
            self._server.server_close()


def cmd_serve(args: argparse.Namespace) -> int:
    from ..build import ensure_built

    root = Path(args.root).resolve()
    dist = Path(args.dist) if args.dist else root / "dist"
    ensure_built(root, dist)
    from .baseurl import public_base

    base = public_base(args.base) if args.base else None
    limits = Limits(timeout=args.timeout, max_rows=args.max_rows, workers=args.workers)
    app = App(dist, base_url=base or f"http://{_host_for_url(args.host)}:{args.port}/", store_dir=Path(args.store) if args.store else None,
              queries_dir=root / "queries", limits=limits, cache=not args.no_cache)
    app.base_explicit = base is not None
    try:
        server = Server(app, args.host, args.port, args.server, args.threads, quiet=not args.verbose)
    except OSError as exc:
        app.close()
        from ..errors import BuildError

        raise BuildError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    where = app.links.base_url
    print(f"kzgraph: serving {namespaces.BASE} at {where} ({server.kind}, {args.threads} threads, {limits.workers} query "
          f"workers; time limit {limits.timeout:g} s, {limits.max_rows} rows). Ctrl-C stops.", file=sys.stderr)
    print("kzgraph: walls between queries and the network: " + wall_report(app.pool.wall_status), file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        app.close()
    return 0


def wall_report(status: dict[str, str]) -> str:
    """One line: each wall and whether it stands, with a warning when none of the workers' own does."""
    names = {"parse": "SERVICE and updates refused from the parsed query", "netns": "network namespace",
             "seccomp": "socket filter (seccomp)"}
    parts = [f"{names.get(w, w)}: {state}" for w, state in status.items()]
    from .sandbox import is_up

    if not any(is_up(status.get(w, "off")) for w in NETWORK_WALLS):
        parts.append("WARNING: the workers themselves can reach the network")
    return "; ".join(parts)


def _host_for_url(host: str) -> str:
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``serve`` to the command line."""
    s = sub.add_parser("serve", help="serve the graph over HTTP: pages, RDF by content negotiation, a SPARQL endpoint",
                       description="Serve the release as linked data. Thing IRIs answer 303 See Other to an HTML page or "
                                   "an RDF document chosen by the Accept header; /sparql is a read-only SPARQL 1.1 endpoint.")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    s.add_argument("--port", type=int, default=8080, help="port (default: 8080)")
    s.add_argument("--base", help="public URL standing for https://w3id.org/kzgraph/ (default: http://HOST:PORT/); "
                                  "request paths are mapped, the RDF keeps the canonical IRIs")
    s.add_argument("--dist", help="release directory (default: ROOT/dist, built when stale)")
    s.add_argument("--store", help="a persistent Oxigraph store directory to query instead of the release's N-Quads")
    s.add_argument("--workers", type=int, default=2, help="SPARQL worker processes (default: 2)")
    s.add_argument("--threads", type=int, default=8, help="HTTP threads (default: 8)")
    s.add_argument("--timeout", type=float, default=10.0, help="SPARQL time limit in seconds (default: 10)")
    s.add_argument("--max-rows", type=int, default=10000, help="rows or triples per SPARQL result (default: 10000)")
    s.add_argument("--server", choices=["auto", "waitress", "wsgiref"], default="auto",
                   help="HTTP server: waitress when installed (auto), or the standard library's")
    s.add_argument("--no-cache", action="store_true", help="render every page anew (for measuring)")
    s.add_argument("--verbose", action="store_true", help="log requests (wsgiref server)")
    s.set_defaults(func=cmd_serve)
