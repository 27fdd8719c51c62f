"""Every limit of ``kzgraph serve``, in one place: what a public endpoint may be asked to do.

Each limit has a command-line option (``kzgraph serve --help``) and is listed in the README. The
defaults suit a small public service on one machine; behind the generated nginx configuration
(``kzgraph serve --print-nginx``) nginx enforces the connection-level ones first.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from ..sparql.check import Limits as QueryShape

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Every limit of ``kzgraph serve``, each with a command-line option; the defaults suit a small public service."""

    # queries
    timeout: float = 10.0  # seconds a query may run; its worker is then stopped and replaced
    max_rows: int = 10_000  # rows (SELECT) or triples (CONSTRUCT/DESCRIBE) per result
    max_bytes: int = 16 * MiB  # bytes of one SPARQL response
    max_value_bytes: int = 1 * MiB  # bytes of any one value in a result
    workers: int = 2  # query worker processes
    per_client: int = 0  # queries one client may run at once (0: all workers but one)
    worker_memory: int = 1024 * MiB  # resident memory above which a worker is stopped and replaced
    query: QueryShape = field(default_factory=QueryShape)  # size and nesting of the query text
    # HTTP
    threads: int = 8  # threads answering requests (pages never wait for queries)
    max_body: int = 1 * MiB  # bytes of a request body
    max_header: int = 16 * 1024  # bytes of a request line and its headers
    request_timeout: float = 10.0  # seconds to receive a whole request, from its first byte
    idle_timeout: float = 30.0  # seconds a kept-alive connection may stay idle
    send_timeout: float = 30.0  # seconds a client may take no byte of a pending answer before it is closed
    connections: int = 200  # open connections
    per_ip_connections: int = 32  # open connections from one address (off behind a proxy)
    cache_bytes: int = 64 * MiB  # rendered pages and answers kept in memory

    @property
    def queries_per_client(self) -> int:
        """Queries one client may run at once: ``per_client``, or by default all workers but one (at least one)."""
        return self.per_client if self.per_client > 0 else max(1, self.workers - 1)

    def describe(self) -> dict[str, str]:
        """Each limit as a person reads it (the SPARQL page and the startup line show these)."""
        out = {f.name: str(getattr(self, f.name)) for f in fields(self) if f.name != "query"}
        out.update(
            {
                "query_bytes": str(self.query.max_bytes),
                "query_depth": str(self.query.max_depth),
                "query_nodes": str(self.query.max_nodes),
            }
        )
        return out
