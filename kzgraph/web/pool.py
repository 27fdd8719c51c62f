"""Query workers: processes, each with its own copy of the store and its own walls, under a deadline."""

from __future__ import annotations

import json
import os
import queue
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .results import execute
from .sandbox import WALLS as NETWORK_WALLS

# The walls between a query and the network: the parsed-query check, then the workers' own
# (a network namespace and a socket filter, see kzgraph.web.sandbox). Tests take them down one at a time.
WALLS = ("parse", *NETWORK_WALLS)


def open_store(source: tuple) -> ox.Store:
    kind = source[0]
    if kind == "store":
        return ox.Store.read_only(str(source[1]))
    from ..store import load_release

    store = ox.Store()
    load_release(store, Path(source[1]), with_inferred=source[2] if len(source) > 2 else True)
    return store


def _worker_main(fd: int, source: tuple, walls: tuple[str, ...]) -> None:  # pragma: no cover - runs in a child process
    """A query worker: ``python -c 'from kzgraph.web.pool import _worker_main; …'`` with one end of a
    socket pair. It raises its network walls before it opens anything, reports which stand, then
    answers jobs until the parent closes the socket or sends None."""
    from multiprocessing.connection import Connection

    from .sandbox import raise_walls

    conn = Connection(fd)
    status = {"parse": "on" if "parse" in walls else "off"}
    status.update(raise_walls(tuple(w for w in walls if w != "parse")))
    try:
        store = open_store(source)
    except Exception as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", status))
    check = "parse" in walls
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            answer = execute(store, job, check=check)
        except Exception as exc:
            answer = ("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(answer)
        except (OSError, ValueError):
            return


@dataclass(eq=False)
class _Worker:
    process: Any
    conn: Any


class QueryPool:
    """Worker processes, each with its own copy of the store, that run SPARQL queries under a
    deadline. A worker that overruns it is killed and replaced; so a runaway query costs one
    worker's restart, never the server. The workers are plain ``python`` child processes talking
    over a socket pair (not ``multiprocessing``, which would re-import the caller's main module)."""

    def __init__(self, source: tuple, workers: int = 2, timeout: float = 10.0, walls: tuple[str, ...] = WALLS):
        self.source, self.timeout, self.walls = source, timeout, tuple(walls)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._live: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.wall_status: dict[str, str] = {}
        started = [self._spawn() for _ in range(max(1, workers))]
        for w in started:
            self._await_ready(w)

    def _spawn(self) -> _Worker:
        import socket
        import subprocess
        from multiprocessing.connection import Connection

        ours, theirs = socket.socketpair()
        code = ("import json, sys; from kzgraph.web.pool import _worker_main; "
                "_worker_main(int(sys.argv[1]), tuple(json.loads(sys.argv[2])), tuple(json.loads(sys.argv[3])))")
        env = dict(os.environ)
        package_root = str(Path(__file__).resolve().parents[1])
        env["PYTHONPATH"] = package_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        process = subprocess.Popen([sys.executable, "-c", code, str(theirs.fileno()), json.dumps(list(self.source)),
                                    json.dumps(list(self.walls))], pass_fds=(theirs.fileno(),), env=env,
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, close_fds=True)
        theirs.close()
        w = _Worker(process, Connection(ours.detach()))
        with self._lock:
            self._live.add(w)
        return w

    def _await_ready(self, w: _Worker) -> None:
        if not w.conn.poll(120):
            self._discard(w)
            raise RuntimeError("a query worker did not start within 120 s")
        status, detail = w.conn.recv()
        if status != "ready":
            self._discard(w)
            raise RuntimeError(f"a query worker could not open the store: {detail}")
        self.wall_status = dict(detail)
        if self._closed:
            self._discard(w)
        else:
            self._idle.put(w)

    def _discard(self, w: _Worker) -> None:
        with self._lock:
            self._live.discard(w)
        try:
            w.process.kill()
            w.process.wait(2)
        except Exception:
            pass
        try:
            w.conn.close()
        except Exception:
            pass

    def _replace(self, w: _Worker) -> None:
        self._discard(w)
        if self._closed:
            return

        def start() -> None:
            try:
                self._await_ready(self._spawn())
            except Exception as exc:  # pragma: no cover
                print(f"kzgraph serve: could not restart a query worker: {exc}", file=sys.stderr)

        threading.Thread(target=start, daemon=True, name="kzgraph-respawn").start()

    def run(self, job: dict[str, Any]) -> tuple:
        """Run ``job`` on a free worker; ``("busy",)`` when none frees up within the time limit,
        ``("timeout", seconds)`` when the query overran it."""
        try:
            w = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return ("busy",)
        try:
            w.conn.send(job)
            if w.conn.poll(self.timeout):
                answer = w.conn.recv()
                self._idle.put(w)
                return answer
        except (EOFError, OSError):
            self._replace(w)
            return ("error", "the query worker stopped unexpectedly")
        self._replace(w)
        return ("timeout", self.timeout)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            live = list(self._live)
        for w in live:
            try:
                w.conn.send(None)
            except Exception:
                pass
        for w in live:
            try:
                w.process.wait(1)
            except Exception:
                pass
            self._discard(w)
