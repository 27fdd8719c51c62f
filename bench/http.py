"""The http stage: ``kzgraph serve`` against Oxigraph's own server, on the same data, under wrk.

Both servers get the release's ``kzgraph.nq`` (all four named graphs, queried as their union) and
the same stored queries, each URL-encoded into a GET request; wrk (2 threads, 16 connections, a few
seconds each, loopback only) counts requests per second, the 99th-percentile latency and the errors
(non-2xx answers and socket errors). Resource pages (HTML) are measured on ``kzgraph serve`` alone: Kazakhstan's, and the first diplomatic
mission of the data (the synthetic projects invent their own).
Without wrk on the machine the stage is skipped with a note.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# The slow query last (and the pages first): a server keeps answering the requests wrk gave up on,
# and those would be counted against whatever is measured next.
QUERIES = ("consulates-general", "embassy-count", "country-facts")
STATE_PAGE = "/page/state/KAZ"
WRK = ["-t2", "-c16", "-d4s", "--latency"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, proc: subprocess.Popen, limit: float = 600) -> float:
    t0 = time.perf_counter()
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited {proc.returncode} before answering")
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return time.perf_counter() - t0
        except OSError:
            if time.perf_counter() - t0 > limit:
                raise RuntimeError(f"{url} did not answer within {limit:.0f} s") from None
            time.sleep(0.2)


@contextmanager
def _server(cmd: list[str]) -> Iterator[subprocess.Popen]:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        yield proc
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(10)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def wrk(url: str, accept: str) -> dict[str, Any]:
    """Requests per second, p99 latency (ms) and errors of ``url`` under wrk."""
    out = subprocess.run(["wrk", *WRK, "-H", f"Accept: {accept}", url], capture_output=True, text=True, timeout=120).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {
        "rps": round(rps, 1),
        "p99_ms": round(float(p99.group(1)) * scale[p99.group(2)], 2) if p99 else None,
        "errors": errors + (int(non2xx.group(1)) if non2xx else 0),
    }


def _first_mission_page(dist: Path) -> str:
    """The page of the first mission in the release's sorted N-Triples."""
    from kzgraph.curated.namespaces import id_namespace

    prefix = f"<{id_namespace()}mission/".encode()
    with open(dist / "kzgraph.nt", "rb") as f:
        for line in f:
            if line.startswith(prefix):
                return "/page/" + line[len(prefix) - len("mission/") : line.index(b">")].decode("utf-8")
    return STATE_PAGE


def http_bench(project: Path, dist: Path) -> dict[str, Any]:
    if shutil.which("wrk") is None:
        return {"skipped": "wrk is not installed (apt-get install wrk); no HTTP throughput measured"}
    from kzgraph.asking.queries import bind, load_queries

    stored = {q.name: bind(q, {}) for q in load_queries(project / "queries")}
    queries = {name: stored[name] for name in QUERIES if name in stored}
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    out: dict[str, Any] = {"queries": {}, "pages": {}}
    kz_port, ox_port = _free_port(), _free_port()
    serve = [
        sys.executable,
        "-m",
        "kzgraph.cli",
        "--root",
        str(project),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(kz_port),
        "--dist",
        str(dist),
    ]
    with _server(serve) as proc:
        out["kzgraph_ready_s"] = round(_wait(f"http://127.0.0.1:{kz_port}/", proc), 2)
        for path in (STATE_PAGE, _first_mission_page(dist)):  # before the slow query's backlog
            out["pages"][path] = wrk(f"http://127.0.0.1:{kz_port}{path}", "text/html")
        for name, text in queries.items():
            url = f"http://127.0.0.1:{kz_port}/sparql?" + urllib.parse.urlencode({"query": text})
            out["queries"][name] = {"kzgraph": wrk(url, "application/sparql-results+json")}
    with tempfile.TemporaryDirectory(prefix="kzgraph-bench-oxigraph-") as location:
        subprocess.run(
            [oxigraph, "load", "--location", location, "--file", str(dist / "kzgraph.nq")],
            check=True,
            capture_output=True,
            timeout=1800,
        )
        cmd = [oxigraph, "serve-read-only", "--location", location, "--bind", f"127.0.0.1:{ox_port}", "--union-default-graph"]
        with _server(cmd) as proc:
            ask = urllib.parse.urlencode({"query": "ASK {}"})
            out["oxigraph_ready_s"] = round(_wait(f"http://127.0.0.1:{ox_port}/query?{ask}", proc), 2)
            for name, text in queries.items():
                url = f"http://127.0.0.1:{ox_port}/query?" + urllib.parse.urlencode({"query": text})
                out["queries"][name]["oxigraph"] = wrk(url, "application/sparql-results+json")
    for q in out["queries"].values():
        q["ratio"] = round(q["kzgraph"]["rps"] / q["oxigraph"]["rps"], 2) if q["oxigraph"]["rps"] else None
    rps = [q["kzgraph"]["rps"] for q in out["queries"].values()]
    out["seconds"] = 1.0 / (sum(rps) / len(rps)) if rps and sum(rps) else 0.0  # mean time per request
    return out
