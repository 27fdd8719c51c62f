"""The HTTP server: waitress, with the limits a public service needs.

waitress (a pure-Python HTTP/1.1 server with a thread pool) is kept for its plain, well-tested
request parsing; around it this module adds what it lacks for a server facing the internet:

- a **request deadline**: a request must arrive whole (line, headers and body) within
  ``request_timeout`` seconds of its first byte, so a client that sends half a request line, or a
  ``Content-Length`` it never fulfils, holds its connection for seconds, not until the idle timeout
  is reached again and again (waitress's own timeout counts idleness, which a byte every few
  seconds defeats);
- a **per-address connection cap**, so one address cannot take every connection (off behind a
  proxy, where every connection comes from the proxy and nginx enforces it per client);
- **bounded chunked bodies**: a chunk-size line or a trailer that never ends is refused at 4 KiB
  and 8 KiB (waitress re-scans the whole pending line on every read: quadratic in its length);
- **no thread waits for a slow reader**: a connection starts its next pipelined request only when
  at most :data:`PIPELINE_BACKLOG` bytes of its earlier answers wait to be sent (until then it is
  *parked*: no thread is given to it, and the poll loop starts it again once its client has read),
  so a connection holds at most one answer and nothing more; files (the dumps) are sent from the
  poll loop out of the file itself, never read into memory by a request thread;
- a **send timeout**: a connection whose client accepts no byte of a pending answer for
  ``send_timeout`` seconds is closed (waitress's idle timeout skips connections with pending
  requests, which a pipelining client always has);
- header and body sizes, connection count and idle timeout from :class:`~kzgraph.web.limits.Limits`.

The production setup puts the generated nginx configuration in front (``kzgraph serve
--print-nginx``), which enforces the same limits per client before a request reaches this server.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import waitress.parser
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.receiver import ChunkedReceiver
from waitress.server import TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher
from waitress.utilities import BadRequest

from .limits import Limits

MAX_CHUNK_LINE = 4096
MAX_TRAILER = 8192
PIPELINE_BACKLOG = 64 * 1024  # unsent bytes below which a connection's next pipelined request may start


class BoundedChunkedReceiver(ChunkedReceiver):
    """waitress's chunked-body reader, refusing a chunk-size line or trailer that grows too long."""

    def received(self, s: bytes) -> int:
        """Read the next bytes of a chunked body, refusing a chunk-size line or trailer past its limit."""
        if self.completed:
            return 0
        in_control_line = self.chunk_remainder == 0 and not self.validate_chunk_end and not self.all_chunks_received
        if (
            in_control_line
            and len(self.control_line) + len(s) > MAX_CHUNK_LINE
            and b"\n" not in (self.control_line[-1:] + s[:MAX_CHUNK_LINE])[: MAX_CHUNK_LINE - len(self.control_line) + 2]
        ):
            return self._refuse(s, f"a chunk-size line longer than {MAX_CHUNK_LINE} bytes")
        if self.all_chunks_received and len(self.trailer) + len(s) > MAX_TRAILER and b"\r\n\r\n" not in self.trailer + s:
            return self._refuse(s, f"a chunked trailer longer than {MAX_TRAILER} bytes")
        return super().received(s)

    def _refuse(self, s: bytes, what: str) -> int:
        self.error = BadRequest(f"the request body has {what}")
        self.all_chunks_received = True
        self.completed = True
        return len(s)


waitress.parser.ChunkedReceiver = BoundedChunkedReceiver  # the parser looks the name up when a chunked body starts
# waitress warns "Task queue depth is N" for every request that waits for a thread: under any load
# that is a line per request, and it says nothing the limits do not already bound.
logging.getLogger("waitress.queue").setLevel(logging.ERROR)


class DeadlineChannel(HTTPChannel):
    """A connection that remembers when its current request began to arrive, and that never makes a
    request thread wait for its client to read (see :class:`HardenedServer`)."""

    request_started: float | None = None
    parked = False  # a pipelined request waits for the client to read the answers before it

    def received(self, data: bytes) -> bool:
        """Read bytes of the connection, noting when the first byte of a new request arrives."""
        if data and self.request is None:
            self.request_started = time.monotonic()
        done = super().received(data)
        if self.request is None:  # the request completed (or there is none pending)
            self.request_started = None
        return done

    def _flush_outbufs_below_high_watermark(self) -> None:
        """Never wait in a request thread for the client to read (waitress would, past 16 MiB unsent).

        Every answer of the application is one body or one file, and a connection's next request
        starts only once its earlier answers are sent (:meth:`HardenedServer.add_task`), so what a
        connection holds is bounded by one answer without any thread waiting for it."""
        return

    def handle_write(self) -> None:
        """Send what the client will take; start a parked request once the answers before it are sent."""
        super().handle_write()
        with self.requests_lock:
            if self.parked and self.connected and self.total_outbufs_len <= PIPELINE_BACKLOG:
                self.parked = False
                if self.requests:
                    self.server.add_task(self)


class HardenedServer(TcpWSGIServer):
    """waitress's TCP server with a request deadline and a per-address connection cap."""

    channel_class = DeadlineChannel

    def __init__(self, *args: Any, request_timeout: float = 10.0, per_ip: int = 0, send_timeout: float = 30.0, **kw: Any):
        self.request_timeout = request_timeout
        self.send_timeout = send_timeout
        self.per_ip = per_ip
        self.refused_connections = 0
        self.expired_requests = 0
        self.stalled_connections = 0
        super().__init__(*args, **kw)

    def add_task(self, task: Any) -> None:
        """Give a connection's next request to a thread, or park it while more than
        :data:`PIPELINE_BACKLOG` bytes of its earlier answers wait for its client (called with the
        connection's ``requests_lock`` held, as :meth:`DeadlineChannel.handle_write` checks it)."""
        if isinstance(task, DeadlineChannel) and task.total_outbufs_len > PIPELINE_BACKLOG:
            task.parked = True  # writable while bytes wait: the poll loop sends them and starts it again
            self.pull_trigger()
            return
        super().add_task(task)

    def handle_accept(self) -> None:
        """Accept a connection, or answer 503 and close it when its address holds ``per_ip`` open already."""
        if self.per_ip <= 0:
            return super().handle_accept()
        try:
            pair = self.accept()
        except OSError:
            return None
        if pair is None:
            return None
        conn, addr = pair
        peer = addr[0] if isinstance(addr, tuple) else str(addr)
        open_from_peer = sum(1 for ch in self.active_channels.values() if isinstance(ch.addr, tuple) and ch.addr[0] == peer)
        if open_from_peer >= self.per_ip:
            self.refused_connections += 1
            try:
                conn.sendall(
                    b"HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 5\r\n"
                    b"Content-Type: text/plain\r\nContent-Length: 51\r\n\r\n"
                    b"too many connections from your address; try again\n"
                )
            except OSError:
                pass
            conn.close()
            return None
        self.set_socket_options(conn)
        self.channel_class(self, conn, self.fix_addr(addr), self.adj, map=self._map)
        return None

    def maintenance(self, now: float) -> None:
        """waitress's periodic clean-up, also closing connections whose request did not arrive whole in
        time, and connections whose client took no byte of a pending answer for ``send_timeout``."""
        super().maintenance(now)
        cutoff = time.monotonic() - self.request_timeout
        stalled = now - self.send_timeout  # waitress stamps last_activity (a read, a send) with time.time()
        for channel in list(self.active_channels.values()):
            started = getattr(channel, "request_started", None)
            if started is not None and started < cutoff and not channel.requests:
                self.expired_requests += 1
                channel.will_close = True
            elif channel.total_outbufs_len and channel.last_activity < stalled and channel.connected:
                self.stalled_connections += 1
                channel.handle_close()  # now: will_close waits for a write the full socket never allows


class Server:
    """The HTTP server of ``kzgraph serve``: :class:`HardenedServer` driven one poll at a time, so
    another thread can stop it."""

    def __init__(
        self,
        app: Callable[..., Any],
        host: str = "127.0.0.1",
        port: int = 8080,
        threads: int | None = None,
        limits: Limits | None = None,
        behind_proxy: bool = False,
    ):
        limits = limits or Limits()
        self.adj = Adjustments(
            host=host,
            port=port,
            threads=threads or limits.threads,
            ident="kzgraph",
            connection_limit=limits.connections,
            channel_timeout=int(max(1, limits.idle_timeout)),
            cleanup_interval=1,
            max_request_header_size=limits.max_header,
            max_request_body_size=limits.max_body + 1,
            expose_tracebacks=False,
            asyncore_use_poll=True,
        )
        self.dispatcher = ThreadedTaskDispatcher()
        self.dispatcher.set_thread_count(self.adj.threads)
        self._map: dict[Any, Any] = {}
        self._server = HardenedServer(
            app,
            map=self._map,
            dispatcher=self.dispatcher,
            adj=self.adj,
            sockinfo=self.adj.listen[0],
            request_timeout=limits.request_timeout,
            send_timeout=limits.send_timeout,
            per_ip=0 if behind_proxy else limits.per_ip_connections,
        )
        self.port = self._server.effective_port
        self.kind = "waitress"
        self._stop = threading.Event()
        self._stopped = threading.Event()

    @property
    def stats(self) -> dict[str, int]:
        """Connections refused (per-address cap), requests expired (deadline), connections closed for
        not reading (send timeout), connections open now."""
        return {
            "refused_connections": self._server.refused_connections,
            "expired_requests": self._server.expired_requests,
            "stalled_connections": self._server.stalled_connections,
            "open_connections": len(self._server.active_channels),
        }

    def serve_forever(self) -> None:
        """Serve until :meth:`shutdown`, then close every connection and stop the request threads."""
        server = self._server
        try:
            while not self._stop.is_set():
                server.asyncore.loop(timeout=0.25, map=self._map, use_poll=True, count=1)
        finally:
            for channel in list(self._map.values()):
                try:
                    channel.close()
                except Exception:
                    pass
            self.dispatcher.shutdown(timeout=2)
            self._stopped.set()

    def shutdown(self) -> None:
        """Ask :meth:`serve_forever` to stop (from another thread); waits up to 5 s for it to."""
        self._stop.set()
        self._stopped.wait(5)


def peers(server: Server) -> Counter[str]:
    """Open connections by peer address (for tests and the startup line)."""
    return Counter(ch.addr[0] for ch in server._server.active_channels.values() if isinstance(ch.addr, tuple))
