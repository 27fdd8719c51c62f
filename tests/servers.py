"""Real SPARQL servers for the tests: each on free loopback ports, with a throw-away database, stopped at the end.

* Oxigraph: ``oxigraph serve`` from the PyPI package ``oxigraph`` (its ``oxigraph`` binary lands
  next to the venv's python).
* Virtuoso Open Source 7: Debian's ``virtuoso-opensource-7-bin`` (``virtuoso-t``), started in the
  foreground from an ini file of our own, so it needs no system service, no ``/var/lib`` and no
  fixed ports. A new database has the user ``dba`` with password ``dba``; its Graph Store endpoint
  that may write is ``/sparql-graph-crud-auth`` (Digest authentication), and its update endpoint
  ``/sparql-auth``.

A server can be killed (SIGKILL, as a crash) and started again on the same database and ports.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_binary(name: str) -> str | None:
    """``name`` on PATH or next to this Python (a venv's bin/, where pip puts the ``oxigraph`` binary)."""
    beside = Path(sys.executable).parent / name
    return shutil.which(name) or (str(beside) if beside.exists() else None)


def require_binary(name: str, install: str) -> str:
    """The binary's path; without it the test is skipped on a developer's machine and fails in CI."""
    path = find_binary(name)
    if path is None:
        message = f"{name} is not installed ({install})"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must run these tests", pytrace=False)
        pytest.skip(message)
    return path


def _die_with_parent() -> None:
    """In the server's process: be killed when the test process dies, even by SIGKILL (Linux)."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


class Server:
    """A server process started from ``command()``; ready when ``ready_url`` answers 200."""

    name = "server"
    user: str | None = None
    password: str | None = None
    start_timeout = 60.0

    def __init__(self, directory: Path, binary: str):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.binary = binary
        self.http_port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log = self.directory / "server.log"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    # URLs the tests use; subclasses fill them in
    query_url = gsp_url = update_url = ready_url = ""

    def command(self) -> list[str]:
        raise NotImplementedError

    def start(self) -> Server:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                self.command(),
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.directory,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode} while starting:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.ready_url, timeout=2) as r:
                    if r.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"{self.name} did not answer {self.ready_url} within {self.start_timeout:g} s:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL: the server dies as in a crash, without finishing anything it was doing."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)
        self.process = None

    def stop(self) -> None:
        """A clean shutdown (SIGTERM), a kill when it takes too long."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process = None

    def ensure_running(self) -> None:
        if self.process is None or self.process.poll() is not None:
            self.start()

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class OxigraphServer(Server):
    name = "oxigraph"
    start_timeout = 30.0

    def __init__(self, directory: Path, binary: str):
        super().__init__(directory, binary)
        self.location = self.directory / "db"
        self.query_url = f"{self.base}/query"
        self.gsp_url = f"{self.base}/store"
        self.update_url = f"{self.base}/update"
        self.ready_url = f"{self.base}/query?query=ASK%7B%7D"

    def command(self) -> list[str]:
        return [self.binary, "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.http_port}"]


VIRTUOSO_INI = """\
; a throw-away Virtuoso for tests: every file in {dir}, ports chosen by the test
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
DirsAllowed = ., {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
MaxClientConnections = 10
ServerThreads = 10

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 10
"""


class VirtuosoServer(Server):
    name = "virtuoso"
    user, password = "dba", "dba"  # a new database's administrator
    start_timeout = 120.0

    def __init__(self, directory: Path, binary: str):
        super().__init__(directory, binary)
        self.sql_port = free_port()
        self.query_url = f"{self.base}/sparql"
        self.gsp_url = f"{self.base}/sparql-graph-crud-auth"
        self.update_url = f"{self.base}/sparql-auth"
        self.ready_url = f"{self.base}/sparql?query=ASK%7B%7D"
        self.ini = self.directory / "virtuoso.ini"
        self.ini.write_text(VIRTUOSO_INI.format(dir=self.directory, sql_port=self.sql_port, http_port=self.http_port))

    def command(self) -> list[str]:
        return [self.binary, "+foreground", "+configfile", str(self.ini)]


SERVERS = {
    "oxigraph": (OxigraphServer, "oxigraph", "pip install oxigraph"),
    "virtuoso": (VirtuosoServer, "virtuoso-t", "apt-get install virtuoso-opensource-7-bin"),
}


def make_server(kind: str, directory: Path) -> Server:
    """A server of ``kind`` (not started yet); skips or fails as ``require_binary`` says when it is missing."""
    cls, binary, install = SERVERS[kind]
    return cls(directory, require_binary(binary, install))
