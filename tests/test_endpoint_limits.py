"""`kzgraph serve` holds as a public endpoint: bounded queries, responses, memory and connections.

Each test starts a real server on loopback with small limits, so that what a limit prevents happens
within seconds: a query shaped to crash the engine, expensive queries flooding the workers while
pages are asked for, responses and values larger than allowed, a worker growing past its memory,
connections that never finish their request, a chunked body whose size line never ends, a Host
header pointing elsewhere, and a release read by a user that did not build it.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from kzgraph.pipeline.build import build
from kzgraph.web.app import App
from kzgraph.web.cache import ByteLRU
from kzgraph.web.httpserver import Server
from kzgraph.web.limits import Limits
from kzgraph.web.webconf import nginx_proxy

from common import ROOT

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
PAGE = "/page/mission/KAZ-embassy-AZE-baku"
JSON = "application/sparql-results+json"


@pytest.fixture(scope="module")
def dist(built: Path) -> Path:
    return built


class Running:
    def __init__(self, app: App, server: Server):
        self.app, self.server, self.port = app, server, server.port

    def request(
        self,
        method: str,
        path: str,
        body: bytes | str | None = None,
        source: str = "127.0.0.1",
        timeout: float = 30,
        **headers: str,
    ) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout, source_address=(source, 0))
        conn.request(
            method,
            path,
            body=body.encode() if isinstance(body, str) else body,
            headers={k.replace("_", "-"): v for k, v in headers.items()},
        )
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data

    def sparql(self, query: str, source: str = "127.0.0.1", **headers: str) -> tuple[int, dict[str, str], bytes]:
        return self.request(
            "POST",
            "/sparql",
            urlencode({"query": query}),
            source=source,
            Content_Type="application/x-www-form-urlencoded",
            Accept=JSON,
            **headers,
        )


def serving(dist: Path, **limits: object) -> Iterator[Running]:
    app = App(dist, queries_dir=ROOT / "queries", limits=Limits(**limits))  # type: ignore[arg-type]
    server = Server(app, "127.0.0.1", 0, limits=app.limits)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Running(app, server)
    finally:
        server.shutdown()
        app.close()


SMALL: dict[str, object] = dict(
    timeout=3.0,
    workers=2,
    per_client=1,
    max_rows=1000,
    max_bytes=60_000,
    max_value_bytes=20_000,
    worker_memory=300 * 2**20,
    request_timeout=2.0,
    per_ip_connections=16,
    cache_bytes=2 * 2**20,
)


@pytest.fixture()
def small(dist: Path) -> Iterator[Running]:
    yield from serving(dist, **SMALL)


@pytest.fixture()
def patient(dist: Path) -> Iterator[Running]:
    """The small server's limits with a long query time: the crash tests are about what the check
    refuses, and rdflib's parse of a 12 KB query takes seconds on a loaded machine."""
    yield from serving(dist, **{**SMALL, "timeout": 60.0})


# --- 2. queries shaped to crash the engine ----------------------------------------------------------


@pytest.mark.parametrize(
    "query,limit",
    [
        ("SELECT * WHERE " + "{" * 5000 + "?s ?p ?o" + "}" * 5000, "levels"),
        ("SELECT * WHERE { FILTER(" + "(" * 12000 + "1" + ")" * 12000 + ") }", "levels"),
        ("SELECT * WHERE { FILTER(" + "(" * 20000 + "1" + ")" * 20000 + ") }", "bytes"),
        ("SELECT * WHERE { VALUES ?x { " + "1 " * 6000 + "} ?s ?p ?x }", "syntax elements"),
        ("SELECT * WHERE { " + " UNION ".join(f"{{ ?s ?p {i} }}" for i in range(10000)) + " }", "bytes"),
    ],
)
def test_queries_that_would_crash_the_engine_are_400_naming_the_limit(patient: Running, query: str, limit: str) -> None:
    status, _, body = patient.sparql(query)
    assert status == 400 and limit in body.decode() and "at most" in body.decode()
    assert patient.app.pool.incidents == {}  # no worker died or was stopped
    assert patient.sparql("ASK { ?s ?p ?o }")[0] == 200


def test_a_worker_that_dies_is_replaced_and_logged(small: Running, capfd: pytest.CaptureFixture[str]) -> None:
    def kill_soon() -> None:
        time.sleep(0.5)
        for w in list(small.app.pool._live):
            if w.process.poll() is None:
                os.kill(w.process.pid, 11)

    threading.Thread(target=kill_soon).start()
    status, _, body = small.sparql(SLOW)
    assert status in (500, 503)
    assert "kzgraph serve:" in capfd.readouterr().err
    time.sleep(3)
    assert small.sparql("ASK { ?s ?p ?o }")[0] == 200


# --- 3. pages stay fast while queries saturate the workers --------------------------------------------


def test_a_query_without_a_free_worker_is_refused_at_once(small: Running) -> None:
    results: list[tuple[int, float]] = []

    def slow(source: str) -> None:
        t0 = time.monotonic()
        status = small.sparql(SLOW + f" # from {source}", source=source)[0]  # two different queries
        results.append((status, time.monotonic() - t0))

    threads = [threading.Thread(target=slow, args=(f"127.0.0.{i + 2}",)) for i in range(2)]
    for t in threads:
        t.start()
    time.sleep(0.8)  # both workers are running the slow queries
    t0 = time.monotonic()
    status, headers, body = small.sparql("ASK { ?s ?p ?o }", source="127.0.0.9")
    assert status == 503 and headers["retry-after"] and b"busy" in body
    assert time.monotonic() - t0 < 0.5  # at once, not after a wait in a queue
    for t in threads:
        t.join()
    assert sorted(s for s, _ in results) == [503, 503]  # stopped at the time limit


def test_one_client_cannot_hold_every_worker(small: Running) -> None:
    first = threading.Thread(target=small.sparql, args=(SLOW,))
    first.start()
    time.sleep(0.8)
    status, headers, body = small.sparql(SLOW + " # another")  # the same address again: its share (1) is taken
    assert status == 429 and headers["retry-after"] and b"at once" in body
    other = small.sparql("ASK { ?s ?p ?o }", source="127.0.0.3")  # another client still gets the other worker
    assert other[0] == 200
    first.join()


FLOOD = textwrap.dedent("""
    import http.client, sys, threading, time
    from urllib.parse import urlencode
    port, seconds = int(sys.argv[1]), float(sys.argv[2])
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    end = time.monotonic() + seconds
    def hammer(i):
        while time.monotonic() < end:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(f"127.0.1.{i}", 0))
                c.request("POST", "/sparql", urlencode({"query": slow}),
                          {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})
                c.getresponse().read(); c.close()
            except OSError:
                time.sleep(0.01)
    ts = [threading.Thread(target=hammer, args=(i,)) for i in range(1, 17)]
    [t.start() for t in ts]; [t.join() for t in ts]
""")


def test_the_same_query_asked_at_once_runs_once(small: Running) -> None:
    """Identical requests arriving together share one run instead of each taking (or being refused) a worker."""
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e kzo:State } # asked by many"
    results: list[int] = []
    threads = [
        threading.Thread(target=lambda i=i: results.append(small.sparql(query, source=f"127.0.2.{i}")[0])) for i in range(1, 4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200, 200, 200]
    assert small.sparql(query, source="127.0.2.9")[0] == 200  # and then from the cache


def test_pages_stay_fast_while_expensive_queries_flood_the_workers(dist: Path) -> None:
    for running in serving(dist, timeout=3.0, workers=2, per_client=1):
        assert running.request("GET", PAGE)[0] == 200  # rendered once, then cached
        flood = subprocess.Popen([sys.executable, "-c", FLOOD, str(running.port), "6"])
        try:
            time.sleep(1.0)
            latencies = []
            for _ in range(200):
                t0 = time.monotonic()
                status, _, _ = running.request("GET", PAGE)
                latencies.append(time.monotonic() - t0)
                assert status == 200
            static = running.request("GET", "/static/style.css")[0]
        finally:
            flood.wait(30)
        latencies.sort()
        p99 = latencies[int(len(latencies) * 0.99) - 1]
        assert static == 200
        assert statistics.median(latencies) < 0.05 and p99 < 0.25, (statistics.median(latencies), p99)


# --- 4. bounded responses and worker memory -------------------------------------------------------------


def test_responses_are_cut_at_the_byte_limit_and_say_so(small: Running) -> None:
    status, headers, body = small.sparql("SELECT * WHERE { ?s ?p ?o }")
    assert status == 200 and len(body) <= 60_000
    assert headers["kzgraph-truncated"].startswith("true; rows=") and "reason=bytes; limit=60000" in headers["kzgraph-truncated"]
    doc = json.loads(body)
    assert doc["head"]["link"] and 0 < len(doc["results"]["bindings"]) < 1000
    for fmt in ("xml", "csv", "tsv"):
        status, headers, body = small.request(
            "GET", "/sparql?" + urlencode({"query": "SELECT * WHERE { ?s ?p ?o }", "format": fmt})
        )
        assert status == 200 and len(body) <= 60_000 and "reason=bytes" in headers["kzgraph-truncated"]


def test_a_value_over_the_limit_cuts_the_result_before_it(small: Running) -> None:
    status, headers, body = small.sparql("SELECT (GROUP_CONCAT(STR(?o)) AS ?all) WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }")
    assert status == 200 and "rows=0; reason=value; limit=20000" in headers["kzgraph-truncated"]
    assert json.loads(body)["results"]["bindings"] == []


def test_a_worker_over_its_memory_is_stopped_with_a_clear_503(patient: Running) -> None:
    """A query that would fill memory is stopped by the memory limit, not the clock: on a loaded
    machine it reached the small server's 3 s first (so the time limit is the patient one's here)."""
    status, headers, body = patient.sparql("SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY RAND()")
    assert status == 503 and b"more memory than a query may use (300 MiB)" in body and headers["retry-after"]
    assert patient.app.pool.incidents["memory"] == 1 and not patient.app.pool.incidents["timeout"]
    time.sleep(2)
    assert patient.sparql("ASK { ?s ?p ?o }")[0] == 200  # replaced


# --- 5. connections and request framing ---------------------------------------------------------------


def _half_request(source: str, port: int) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(source, 0))
    s.sendall(b"GET /page/state/KAZ HT")
    return s


def test_half_sent_requests_cannot_lock_others_out(small: Running) -> None:
    held = [_half_request("127.0.0.5", small.port) for _ in range(40)]  # more than the per-address cap of 16
    try:
        time.sleep(0.3)
        t0 = time.monotonic()
        assert small.request("GET", "/page/state/KAZ", timeout=5)[0] == 200
        assert time.monotonic() - t0 < 1.0
        assert small.server.stats["refused_connections"] >= 24
        time.sleep(3.5)  # past the request deadline of 2 s: the server closed them
        closed = 0
        for s in held:
            try:
                s.settimeout(0.5)
                if s.recv(1024) == b"":
                    closed += 1
            except (TimeoutError, OSError):
                pass
        assert closed >= 16
    finally:
        for s in held:
            s.close()


def test_a_body_shorter_than_its_content_length_is_dropped_at_the_deadline(small: Running) -> None:
    s = socket.create_connection(("127.0.0.1", small.port), timeout=10)
    s.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 1000\r\n\r\nASK")
    t0 = time.monotonic()
    try:
        while s.recv(1024):
            pass
    except OSError:
        pass
    assert time.monotonic() - t0 < 5
    s.close()


def test_a_chunk_size_line_that_never_ends_is_refused_quickly(small: Running) -> None:
    s = socket.create_connection(("127.0.0.1", small.port), timeout=10)
    s.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n")
    t0 = time.monotonic()
    answer = b""
    try:
        for _ in range(64):
            s.sendall(b"1" * 16384)
    except OSError:
        pass
    try:
        while chunk := s.recv(4096):  # the status line and the message may come in separate packets
            answer += chunk
    except OSError:
        pass
    assert answer.startswith(b"HTTP/1.1 400") and b"chunk-size line longer than 4096" in answer
    assert time.monotonic() - t0 < 2
    s.close()


def test_oversized_headers_and_bodies_are_refused(small: Running) -> None:
    status, _, _ = small.request("GET", "/page/state/KAZ", X_Long="a" * 20000)
    assert status == 431
    s = socket.create_connection(("127.0.0.1", small.port), timeout=10)
    s.sendall(
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 2097152\r\n\r\nASK { ?s ?p ?o }"
    )
    assert s.recv(4096).startswith(b"HTTP/1.1 413")  # refused on its Content-Length, before the body is read
    s.close()


# --- 6. a cache bounded in bytes ---------------------------------------------------------------------------


def test_the_cache_is_bounded_in_bytes() -> None:
    cache: ByteLRU[bytes] = ByteLRU(1_000_000, 200_000)
    for i in range(500):
        cache.put(("query", "x" * 100_000, i), b"y" * 1_000, 1_000)
    assert cache.size <= 1_000_000 and len(cache) < 10
    assert not cache.put(("huge",), b"", 300_000)  # larger than an entry may be: not kept


def test_many_distinct_requests_keep_the_server_cache_within_its_bytes(small: Running) -> None:
    for i in range(60):
        small.sparql(f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {i + 1} # {'z' * 40_000}")
        small.request("GET", f"/page/state/KAZ?lang=bg&x={i}")
    assert 0 < small.app._cache.size <= 2 * 2**20


# --- 7. the Host header never makes a redirect ---------------------------------------------------------


def test_redirects_ignore_the_host_header(small: Running, dist: Path) -> None:
    status, headers, _ = small.request("GET", "/id/state/KAZ", Host="evil.example", Accept="text/html")
    assert status == 303 and headers["location"] == "/page/state/KAZ" and "evil" not in json.dumps(headers)
    app = App(dist, base_url="https://data.example.org/kz/", limits=Limits(workers=1))
    try:
        from kzgraph.web.http import Request

        resp = app.handle(
            Request("GET", "id/state/KAZ", {}, {"host": "evil.example", "accept": "text/turtle"}, {"HTTP_HOST": "evil.example"})
        )
        assert dict(resp.headers)["Location"] == "https://data.example.org/kz/data/state/KAZ.ttl"
    finally:
        app.close()


# --- 8. a release another user can read -----------------------------------------------------------------


def test_the_release_is_readable_by_others_and_a_refusal_is_one_line(tmp_path: Path) -> None:
    top = Path(tempfile.mkdtemp(prefix="kzgraph-serve-"))
    try:
        top.chmod(0o755)
        root = top / "project"
        for part in ("data", "ontology", "queries"):
            shutil.copytree(ROOT / part, root / part)
        build(root, root / "dist")
        dist = root / "dist"
        assert dist.stat().st_mode & 0o777 == 0o777 & ~_umask()
        assert all(p.stat().st_mode & 0o004 for p in dist.iterdir())
        if os.geteuid() != 0:
            pytest.skip("needs root to run the server as another user")
        os.chmod(dist, 0o700)  # as a build by another user with a private umask would leave it
        code = textwrap.dedent(f"""
            import os, sys
            from kzgraph.cli import main, parser
            import kzgraph.pipeline.build, kzgraph.web.serve, kzgraph.web.app, kzgraph.web.pool, kzgraph.asking.queries, kzgraph.curated.project
            import kzgraph.web.baseurl, kzgraph.pipeline.pictures, kzgraph.pipeline.embedded_store, kzgraph.core.errors
            parser()  # every module the command line needs is loaded while this interpreter's files are readable
            os.setgid(65534); os.setuid(65534)
            sys.exit(main(["serve", "--root", {str(root)!r}, "--port", "0"]))
        """)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
        assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
        assert [line for line in out.stderr.splitlines() if line.strip()] == [out.stderr.strip()]
        assert "permission denied" in out.stderr.lower()
    finally:
        shutil.rmtree(top, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- the production setup: behind the generated nginx configuration ----------------------------------


def test_behind_nginx_the_limits_hold_per_client(dist: Path, tmp_path: Path) -> None:
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if binary is None:
        pytest.skip("nginx is not installed")
    limits = Limits(timeout=3.0, workers=2, request_timeout=2.0, per_ip_connections=8, max_body=64 * 1024)
    app = App(dist, queries_dir=ROOT / "queries", limits=limits, behind_proxy=True)
    server = Server(app, "127.0.0.1", 0, limits=limits, behind_proxy=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (tmp_path / "kzgraph.conf").write_text(nginx_proxy(limits, f"127.0.0.1:{server.port}", listen=f"127.0.0.1:{port}"))
    user = "user root root; " if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(
        f"{user}worker_processes 1; pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; daemon off;\n"
        f"events {{ worker_connections 256; }}\nhttp {{ access_log off; client_body_temp_path {tmp_path}; "
        f"proxy_temp_path {tmp_path}; include {tmp_path}/kzgraph.conf; }}\n"
    )
    proc = subprocess.Popen([binary, "-c", str(tmp_path / "nginx.conf")], stderr=subprocess.PIPE)
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        front = Running(app, server)
        front.port = port
        assert front.request("GET", "/page/state/KAZ")[0] == 200
        assert front.sparql("ASK { ?s ?p ?o }")[0] == 200
        assert front.request("POST", "/sparql", "q" * 100_000, Content_Type="application/sparql-query")[0] == 413
        held = [_half_request("127.0.0.7", port) for _ in range(12)]  # nginx: 8 connections per address
        time.sleep(0.3)
        assert front.request("GET", "/page/state/KAZ", source="127.0.0.8")[0] == 200
        t0 = time.monotonic()
        closed = 0
        for h in held:
            h.settimeout(5)
            try:
                data = h.recv(1024)
                closed += data == b"" or data.startswith(b"HTTP/1.1 408") or data.startswith(b"HTTP/1.1 503")
            except OSError:
                closed += 1
            h.close()
        assert closed == 12 and time.monotonic() - t0 < 5  # refused, or timed out at 2 s by nginx
    finally:
        proc.terminate()
        proc.wait(5)
        server.shutdown()
        app.close()
