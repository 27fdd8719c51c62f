"""Query workers: processes, each with its own copy of the store and its own walls, under limits.

A query runs in a worker process, never in the server: a query that overruns its time, grows past
its memory or crashes the engine costs one worker, which is replaced, and the pages (served by the
server's own threads) never wait for it. Capacity is handed out at once or not at all: a query that
finds no idle worker, or whose client already runs its share, is answered 503/429 immediately
rather than queued, so a burst of expensive queries cannot build a queue that starves everyone.

The workers are plain ``python`` child processes talking over a socket pair (not
``multiprocessing``, which would re-import the caller's main module), in the messages of
:mod:`.protocol` (JSON, never pickle: see there). Each raises its walls (:mod:`.sandbox`) before it
opens anything.
"""

from __future__ import annotations

import json
import os
import queue
import resource
import signal
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .limits import Limits
from .negotiation import FORMS
from .protocol import (
    WORKER_ANSWERS,
    Answer,
    Busy,
    CannotOpen,
    ClientBusy,
    Crashed,
    Failed,
    Job,
    OutOfMemory,
    Ready,
    Result,
    Stop,
    StoreSource,
    TimedOut,
    decode,
    encode,
)
from .results import answer_format, execute
from .sandbox import WALLS as NETWORK_WALLS

# The walls between a query and the network: the parsed-query check, then the workers' own
# (a network namespace and a socket filter, see kzgraph.web.sandbox). Tests take them down one at a time.
WALLS = ("parse", *NETWORK_WALLS)
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def open_store(source: StoreSource) -> ox.Store:
    """The store a source names: a store directory read-only, or an N-Quads file loaded into memory."""
    if source.kind == "store":
        return ox.Store.read_only(source.path)
    from ..pipeline.embedded_store import load_release

    store = ox.Store()
    load_release(store, Path(source.path), with_inferred=source.with_inferred)
    return store


def _worker_main(fd: int, source: str, walls: tuple[str, ...], memory: int) -> None:  # pragma: no cover - child
    """A query worker: ``python -c 'from kzgraph.web.pool import _worker_main; …'`` with one end of a
    socket pair and its :class:`StoreSource` as JSON. It raises its walls before it opens anything,
    reports which stand (:class:`Ready`), then answers jobs until the parent closes the socket or
    sends :class:`Stop`."""
    from multiprocessing.connection import Connection

    from .sandbox import raise_walls

    conn = Connection(fd)
    try:
        os.nice(10)  # queries yield the processor to the server's own threads: pages stay fast under load
    except OSError:
        pass
    status = {"parse": "on" if "parse" in walls else "off"}
    status.update(raise_walls(tuple(w for w in walls if w != "parse")))
    try:
        store = open_store(StoreSource.from_json(source))
        if "parse" in walls:  # load the parser now, so the first query does not pay for it
            from ..sparql.check import inspect

            inspect("ASK {}")
        _cap_address_space(memory)
    except Exception as exc:
        conn.send_bytes(encode(CannotOpen(f"{type(exc).__name__}: {exc}")))
        return
    conn.send_bytes(encode(Ready(status)))
    check = "parse" in walls
    while True:
        try:
            job = decode(conn.recv_bytes())
        except (EOFError, OSError, ValueError):
            return
        if not isinstance(job, Job):  # Stop
            return
        answer: Answer
        try:
            answer = execute(store, job, check=check)
        except MemoryError:
            answer = OutOfMemory()
        except Exception as exc:
            answer = Failed(f"{type(exc).__name__}: {exc}")
        try:
            conn.send_bytes(encode(answer))
        except (OSError, ValueError):
            return


def _cap_address_space(memory: int) -> None:
    """A backstop behind the server's watch on resident memory: the kernel refuses allocations past
    what the worker has now plus twice its memory limit (the engine then aborts the worker)."""
    if memory <= 0:
        return
    try:
        with open("/proc/self/statm") as f:
            size = int(f.read().split()[0]) * _PAGE
        resource.setrlimit(resource.RLIMIT_AS, (size + 2 * memory, size + 2 * memory))
    except (OSError, ValueError):
        pass


def resident_bytes(pid: int) -> int:
    """Resident memory of a process (0 when it cannot be read)."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


@dataclass(eq=False)
class _Worker:
    process: Any
    conn: Any


def _chosen(job: Job, answer: Result) -> bool:
    """Whether ``answer`` is of a form a query answers with and in the very writer and media type the
    job chose for that form: one the job chose no format for (an unknown form, or none chosen) is not."""
    if answer.form not in FORMS:
        return False
    writer, media = answer_format(job, answer.form)
    return writer is not None and bool(media) and answer.media == media


class QueryPool:
    """Worker processes that run queries under the time, memory and concurrency limits.

    :meth:`run` answers the worker's answer (see :func:`kzgraph.web.results.execute`), or one of its
    own (:mod:`.protocol`): :class:`Busy` (no idle worker), :class:`ClientBusy` (the client runs its
    share of queries already), :class:`TimedOut`, :class:`OutOfMemory`, :class:`Crashed`.
    """

    def __init__(
        self,
        source: StoreSource,
        workers: int = 2,
        timeout: float = 10.0,
        walls: tuple[str, ...] = WALLS,
        limits: Limits | None = None,
    ):
        self.limits = limits or Limits(workers=workers, timeout=timeout)
        self.source, self.walls = source, tuple(walls)
        self.timeout = self.limits.timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._live: set[_Worker] = set()
        self._lock = threading.Lock()
        self._running: Counter[str] = Counter()
        self._closed = False
        self.wall_status: dict[str, str] = {}
        self.incidents: Counter[str] = Counter()  # timeouts, memory, crashes since start
        started = [self._spawn() for _ in range(max(1, self.limits.workers))]
        for w in started:
            self._await_ready(w)

    # --- starting and stopping workers --------------------------------------------------------------
    def _spawn(self) -> _Worker:
        import socket
        import subprocess
        from multiprocessing.connection import Connection

        ours, theirs = socket.socketpair()
        # SIGINT ignored first thing: Ctrl-C at a terminal reaches the whole process group, and the
        # server stops its workers itself (close); a worker must neither die mid-answer nor print a traceback.
        code = (
            "import signal; signal.signal(signal.SIGINT, signal.SIG_IGN); "
            "import json, sys; from kzgraph.web.pool import _worker_main; _worker_main(int(sys.argv[1]), "
            "sys.argv[2], tuple(json.loads(sys.argv[3])), int(sys.argv[4]))"
        )
        env = dict(os.environ)
        package_root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = package_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                code,
                str(theirs.fileno()),
                self.source.to_json(),
                json.dumps(list(self.walls)),
                str(self.limits.worker_memory),
            ],
            pass_fds=(theirs.fileno(),),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            close_fds=True,
        )
        theirs.close()
        w = _Worker(process, Connection(ours.detach()))
        with self._lock:
            self._live.add(w)
        return w

    def _await_ready(self, w: _Worker) -> None:
        if not w.conn.poll(120):
            self._discard(w)
            raise RuntimeError("a query worker did not start within 120 s")
        try:
            said = decode(w.conn.recv_bytes())
        except (EOFError, OSError, ValueError):
            self._discard(w)
            raise RuntimeError("a query worker stopped while starting") from None
        if not isinstance(said, Ready):
            self._discard(w)
            raise RuntimeError(f"a query worker could not open the store: {getattr(said, 'why', said)}")
        self.wall_status = dict(said.walls)
        if self._closed:
            self._discard(w)
        else:
            self._idle.put(w)

    def _discard(self, w: _Worker) -> int | None:
        """Stop a worker; its exit status (negative: the signal that ended it)."""
        with self._lock:
            self._live.discard(w)
        code = None
        try:
            if w.process.poll() is None:
                w.process.kill()
            code = w.process.wait(2)
        except Exception:
            pass
        try:
            w.conn.close()
        except Exception:
            pass
        return code

    def _replace(self, w: _Worker) -> int | None:
        code = self._discard(w)
        if not self._closed:

            def start() -> None:
                """Spawn a replacement and wait until it is ready, off the caller's thread (a failure is printed, not raised)."""
                try:
                    self._await_ready(self._spawn())
                except Exception as exc:  # pragma: no cover
                    print(f"kzgraph serve: could not restart a query worker: {exc}", file=sys.stderr)

            threading.Thread(target=start, daemon=True, name="kzgraph-respawn").start()
        return code

    # --- running a query ------------------------------------------------------------------------------
    def run(self, job: Job, client: str = "") -> Answer:
        """Run ``job`` on an idle worker now, or say why not (see the class docstring)."""
        share = self.limits.queries_per_client
        with self._lock:
            if client and self._running[client] >= share:
                return ClientBusy(share)
            w = self._idle_worker()
            if w is None:
                return Busy()
            self._running[client] += 1
        try:
            return self._run_on(w, job)
        finally:
            with self._lock:
                self._running[client] -= 1
                if self._running[client] <= 0:
                    del self._running[client]

    def _idle_worker(self) -> _Worker | None:
        """An idle worker that is still alive (one that died while idle, say by the kernel's OOM
        killer, is replaced), or None."""
        while True:
            try:
                w = self._idle.get_nowait()
            except queue.Empty:
                return None
            if w.process.poll() is None:
                return w
            _log(f"a query worker had stopped while idle ({_signal_name(w.process.returncode)}); replaced")
            threading.Thread(target=self._replace, args=(w,), daemon=True).start()

    def _run_on(self, w: _Worker, job: Job) -> Answer:
        deadline = time.monotonic() + self.timeout
        try:
            w.conn.send_bytes(encode(job))
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    return self._stopped(w, job, "timeout", TimedOut(self.timeout))
                if w.conn.poll(min(0.05, left)):
                    answer = decode(w.conn.recv_bytes())
                    if isinstance(answer, OutOfMemory):
                        return self._stopped(w, job, "memory", OutOfMemory(self.limits.worker_memory))
                    if not isinstance(answer, WORKER_ANSWERS):
                        raise ValueError(f"a {type(answer).__name__} is no answer to a job")
                    if isinstance(answer, Result) and not _chosen(job, answer):
                        raise ValueError(f"a {answer.form!r:.30} result as {answer.media!r:.60}, which the job did not ask for")
                    self._idle.put(w)
                    return answer
                if self.limits.worker_memory and resident_bytes(w.process.pid) > self.limits.worker_memory:
                    return self._stopped(w, job, "memory", OutOfMemory(self.limits.worker_memory))
        except ValueError as exc:  # the worker broke the protocol: it is not trusted with another query
            return self._stopped(w, job, "crashed", Crashed(f"it sent no answer the server reads: {exc}"))
        except (EOFError, OSError):
            code = self._replace(w)
            why = _signal_name(code)
            kind = "memory" if code in (-signal.SIGABRT, -signal.SIGKILL) else "crashed"
            self.incidents[kind] += 1
            _log(f"a query worker stopped ({why}) running a {len(job.query)}-character query; replaced")
            return OutOfMemory(self.limits.worker_memory) if kind == "memory" else Crashed(why)

    def _stopped(self, w: _Worker, job: Job, kind: str, answer: Answer) -> Answer:
        self._replace(w)
        self.incidents[kind] += 1
        _log(f"stopped a query worker ({kind}) running a {len(job.query)}-character query; replaced")
        return answer

    def close(self) -> None:
        """Stop every worker (asked first, then given a second each); none is replaced after."""
        self._closed = True
        with self._lock:
            live = list(self._live)
        for w in live:
            try:
                w.conn.send_bytes(encode(Stop()))
            except Exception:
                pass
        for w in live:
            try:
                w.process.wait(1)
            except Exception:
                pass
            self._discard(w)


def _signal_name(code: int | None) -> str:
    if code is None:
        return "exit status unknown"
    if code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"


def _log(message: str) -> None:
    print(f"kzgraph serve: {message}", file=sys.stderr, flush=True)
