"""`kzgraph serve` keeps its bounds against clients that ask for much and read little.

- slow readers: connections that pipeline downloads of the biggest dump and never read them must
  not take the threads that serve pages, must hold a bounded buffer each, and are closed when they
  stop reading for the send timeout;
- HTML results: the result table obeys the same row, value and byte limits as the other result
  formats, and says so when it was cut.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from test_endpoint_limits import Running, serving

from kzgraph.web.negotiation import endpoint_answers
from kzgraph.web.protocol import Table

SLOW_READERS = 8  # connections, all from one address
PIPELINED = 16  # downloads each asks for at once


def _quiet(running: Running, rounds: int = 4, cap: float = 30.0) -> None:
    """Wait (at most ``cap`` seconds) until the bytes the server holds for its clients stop changing:
    the slow readers have then taken all they will get (a thread, or a buffer) before the page is asked."""
    deadline = time.monotonic() + cap
    last, same = -1, 0
    while time.monotonic() < deadline and same < rounds:
        held = sum(ch.total_outbufs_len for ch in list(running.server._server.active_channels.values()))
        same = same + 1 if held == last and held > 0 else 0
        last = held
        time.sleep(0.25)


def _slow_readers(port: int, dump: str) -> list[socket.socket]:
    request = f"GET /dump/{dump} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
    held = []
    for _ in range(SLOW_READERS):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # the kernel keeps little of what is never read
        s.settimeout(10)
        s.bind(("127.0.0.9", 0))
        s.connect(("127.0.0.1", int(port)))
        s.sendall(request * PIPELINED)
        held.append(s)
    return held


def test_connections_that_never_read_downloads_leave_pages_answering(built: Path) -> None:
    size = (built / "kzgraph.nq").stat().st_size
    running: Running
    for running in serving(built, workers=1, per_ip_connections=16, send_timeout=3.0):
        held = _slow_readers(running.port, "kzgraph.nq")
        try:
            _quiet(running)
            status, _, body = running.request("GET", "/page/state/KAZ", timeout=10)  # fails today: every thread is held
            assert status == 200 and b"</html>" in body
            slow = [ch for ch in running.server._server.active_channels.values() if ch.addr[0] == "127.0.0.9"]
            assert len(slow) == SLOW_READERS
            assert max(ch.total_outbufs_len for ch in slow) <= size + 64 * 1024  # one download in flight, not sixteen
            deadline = time.monotonic() + 30  # the send timeout is 3 s: they are closed well before
            while time.monotonic() < deadline and any(a[0] == "127.0.0.9" for a in _peers(running)):
                time.sleep(0.2)
            assert not any(a[0] == "127.0.0.9" for a in _peers(running))
            assert running.server.stats["stalled_connections"] >= SLOW_READERS
        finally:
            for s in held:
                s.close()


def _peers(running: Running) -> Iterator[tuple]:
    return (ch.addr for ch in list(running.server._server.active_channels.values()) if isinstance(ch.addr, tuple))


# --- HTML results -------------------------------------------------------------------------------------

BIG = 64 * 1024  # bytes of each value: every character one that HTML escapes, so the table outgrows the raw rows
P = "http://example.org/p"


@pytest.fixture(scope="module")
def big_values(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A release of 40 subjects, each with one literal of 64 KiB of ``<&"`` (escaped, six times longer)."""
    dist = tmp_path_factory.mktemp("big-values") / "dist"
    dist.mkdir()
    quads = [
        ox.Quad(ox.NamedNode(f"http://example.org/s{i:02d}"), ox.NamedNode(P), ox.Literal(f"{i:02d}" + '<&"' * (BIG // 3)))
        for i in range(40)
    ]
    (dist / "kzgraph.nq").write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    return dist


def test_the_html_view_of_a_result_obeys_the_byte_limit_and_says_it_was_cut(big_values: Path) -> None:
    limit = 1024 * 1024
    for running in serving(big_values, workers=1, max_bytes=limit, max_value_bytes=2 * BIG):
        query = f"SELECT ?s ?v WHERE {{ ?s <{P}> ?v }} ORDER BY ?s"
        status, headers, body = running.request("GET", "/sparql?" + urlencode({"query": query, "format": "html"}))
        empty = running.request("GET", "/sparql?" + urlencode({"query": query + " LIMIT 0", "format": "html"}))[2]
        assert status == 200 and "reason=bytes; limit=1048576" in headers["kzgraph-truncated"]
        assert len(body) <= len(empty) + limit  # the page around the table, and at most the limit of result (today: 5 MB more)
        assert b"cut at the endpoint&#x27;s limit of 1,048,576 bytes" in body
        rows = int(headers["kzgraph-truncated"].split("rows=")[1].split(";")[0])
        assert 0 < rows < 40 and body.count(b"<tr>") == rows + 1  # the head and the rows kept
        # rendered by the query worker, under its memory limit: the server receives the table, not the rows
        html = endpoint_answers(None, {"format": ["html"]})
        answer = running.app.pool.run(running.app.endpoint._job(_request(), query, html, True))
        assert isinstance(answer, Table) and len(answer.body) <= limit


def _request() -> Any:
    """A bare GET /sparql, for building the job the endpoint would send."""
    from kzgraph.web.http import Request

    return Request("GET", "sparql", {}, {}, {})
