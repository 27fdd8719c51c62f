"""Helpers for tests that break the project's files on disk: run a step where it cannot hurt the test
run, and as a user whom file permissions bind.

Some faults would take the test run down with them on a loader that does not guard against them:
a FIFO blocks the reader forever, ``/dev/zero`` or an alias bomb fills memory. So such a step runs
in a forked child with a time and a memory limit; a hang or a crash is then an ordinary test failure.

Tests run as root here and in CI, and root reads a file whatever its mode: ``chmod 000`` alone
proves nothing. A step that must meet a permission fault runs in the child as ``nobody``, on a
project copy that ``nobody`` may reach (under a world-searchable temporary directory).
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import resource
import select
import shutil
import signal
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common import ROOT

NOBODY = 65534


@dataclass
class Outcome:
    """How a step in the child ended: ``returned`` (value), ``raised`` (value: "Type: message",
    detail: the traceback), ``timeout`` or ``crashed`` (killed, out of memory, died)."""

    status: str
    value: Any = None
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.status}: {self.value!r}\n{self.detail}"


def privileged() -> bool:
    return os.geteuid() == 0


def _memory_in_use() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def isolated(step: Callable[[], Any], *, timeout: float = 60.0, memory: int = 1 << 30, as_nobody: bool = False) -> Outcome:
    """Run ``step`` in a forked child with ``timeout`` seconds and ``memory`` bytes beyond what this
    process uses already; as ``nobody`` when asked and this process is root."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the test run
        status = 0
        try:
            os.close(read_end)
            resource.setrlimit(resource.RLIMIT_AS, (_memory_in_use() + memory,) * 2)
            signal.alarm(int(timeout) + 5)  # a backstop; the parent kills the child at ``timeout``
            if as_nobody and privileged():
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            try:
                result: tuple[Any, ...] = ("returned", step(), "")
            except BaseException as exc:  # noqa: BLE001 - reported to the parent
                result = ("raised", f"{type(exc).__name__}: {exc}", traceback.format_exc())
            payload = pickle.dumps(result)
        except BaseException as exc:  # noqa: BLE001
            payload = pickle.dumps(("crashed", repr(exc), ""))
            status = 1
        try:
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
        finally:
            os._exit(status)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([read_end], [], [], max(0.0, left))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                return Outcome("timeout", None, f"no result within {timeout} s")
            chunk = os.read(read_end, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        _, wait_status = os.waitpid(pid, 0)
    if not chunks:
        return Outcome("crashed", None, f"the child ended with wait status {wait_status} and no result")
    status, value, detail = pickle.loads(b"".join(chunks))
    return Outcome(status, value, detail)


def run_cli(*args: str) -> tuple[int, str, str]:
    """``kzgraph ARGS`` in this process: exit status, stdout and stderr (for use inside :func:`isolated`)."""
    from kzgraph.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else 2
        except BaseException:  # a traceback is what these tests look for: hand it back as stderr
            err.write(traceback.format_exc())
            code = -1
    return code, out.getvalue(), err.getvalue()


@contextlib.contextmanager
def reachable_project(parts: tuple[str, ...] = ("data", "ontology")) -> Iterator[Path]:
    """A throw-away copy of the project that ``nobody`` may read (and write, for dist/)."""
    top = Path(tempfile.mkdtemp(prefix="kzgraph-faults-"))
    try:
        os.chmod(top, 0o755)
        root = top / "project"
        root.mkdir()
        for part in parts:
            shutil.copytree(ROOT / part, root / part)
        if privileged():
            for path in [root, *root.rglob("*")]:
                os.chown(path, NOBODY, NOBODY, follow_symlinks=False)
        yield root
    finally:
        for path in [top, *top.rglob("*")]:  # give back what a test took away, so it can be removed
            with contextlib.suppress(OSError):
                if not path.is_symlink():
                    os.chmod(path, 0o755 if path.is_dir() else 0o644)
        shutil.rmtree(top, ignore_errors=True)


def warm_up() -> None:
    """Import every module a step may need before the child drops privileges (the interpreter's own
    files need not be readable by ``nobody``)."""
    import kzgraph.cli  # noqa: F401
    import kzgraph.curated.load
    import kzgraph.pipeline.build  # noqa: F401
    import kzgraph.pipeline.convert  # noqa: F401
    import kzgraph.pipeline.validate  # noqa: F401

    kzgraph.cli.parser()  # imports the later stages' modules that register commands (the web server's)
    kzgraph.curated.load.load(ROOT)
