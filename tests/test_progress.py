"""Progress on a terminal (issue 21 item 6): live stage bars for build, load and publish; nothing in pipes or CI.

The terminal is a real pseudo-terminal (the ``pty`` module) given a window size, as a terminal has;
the commands run in this process, writing to its slave end, and what the master end reads is what a
person would see."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from collections.abc import Iterator
from pathlib import Path

import pytest

from kzgraph.cli import main
from kzgraph.core.progress import Progress, wanted
from kzgraph.pipeline.build import build

from common import ROOT


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture()
def terminal() -> Iterator[tuple[io.TextIOWrapper, callable]]:
    """A pseudo-terminal 100 columns wide: (a text stream on its slave end, a function reading what it shows)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    stream = open(slave, "w", encoding="utf-8", buffering=1, closefd=True)  # noqa: SIM115 - closed below
    os.set_blocking(master, False)
    seen: list[bytes] = []

    def shown() -> str:
        stream.flush()
        while True:
            try:
                chunk = os.read(master, 1 << 16)
            except BlockingIOError:
                break
            if not chunk:
                break
            seen.append(chunk)
        return b"".join(seen).decode("utf-8")

    try:
        yield stream, shown
    finally:
        stream.close()
        os.close(master)


@pytest.mark.parametrize(
    ("env", "tty", "expected"),
    [
        ({"TERM": "xterm"}, True, True),
        ({"TERM": "xterm"}, False, False),  # a pipe or a file
        ({"TERM": "xterm", "CI": "true"}, True, False),
        ({"TERM": "xterm", "NO_COLOR": "1"}, True, False),
        ({"TERM": "dumb"}, True, False),
    ],
)
def test_progress_is_shown_only_on_a_terminal_nothing_turned_off(env: dict, tty: bool, expected: bool) -> None:
    stream = _Tty() if tty else io.StringIO()
    assert wanted(stream, stream, env) is expected


def test_a_terminal_sees_each_build_stage_with_its_counts(terminal, tmp_path: Path) -> None:
    stream, shown = terminal
    build(ROOT, tmp_path / "dist", validate=False, progress=Progress("build", 5, enabled=True, stream=stream))
    text = shown()
    for n, stage, unit in [(1, "load", "files"), (2, "convert", "records"), (3, "reason", "triples"), (5, "write", "files")]:
        # the stage, what it has done of its total, the elapsed time and the estimate of the rest
        assert re.search(rf"build {n}/5 {stage}: 100%\|.*\| (\d+)/\1 \[\d\d:\d\d<\d\d:\d\d, .* {unit}/s\]", text), (stage, text)
    assert "build 4/5 serialize" in text
    assert re.search(r"\r {20,}\r$", text)  # every bar is erased when its stage ends: the summary stands alone


def test_a_silent_progress_writes_nothing(tmp_path: Path) -> None:
    stream = _Tty()
    progress = Progress("build", 6, enabled=False, stream=stream)
    with progress.stage("load", 10) as step:
        step.total(12)
        step(3)
    assert stream.getvalue() == ""


def test_load_on_a_terminal_shows_its_stages(terminal, built: Path, tmp_path: Path, monkeypatch) -> None:
    stream, shown = terminal
    monkeypatch.setenv("TERM", "xterm")
    for name in ("CI", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "stdout", stream)
    monkeypatch.setattr(sys, "stderr", stream)
    assert main(["--root", str(ROOT), "load", "--dist", str(built), "--store", str(tmp_path / "store")]) == 0
    text = shown()
    assert re.search(r"load 1/2 read: (\d+) triples \[", text), text
    assert re.search(r"load 2/2 into the store: 100%\|.*\| (\d+)/\1 \[", text), text
    assert "loaded " in text


def test_a_piped_load_prints_exactly_what_it_did_before(built: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("CI", raising=False)
    store = tmp_path / "store"
    assert main(["--root", str(ROOT), "load", "--dist", str(built), "--store", str(store)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines(keepends=True)
    expected = [
        *(rf"{name:<9} +\d+ triples\n" for name in ("data", "inferred", "ontology", "metadata")),
        rf"loaded \d+ triples into the Oxigraph store {re.escape(str(store))} in \d+\.\d\d s \(one transaction\); "
        rf"query it with `kzgraph query --store {re.escape(str(store))} NAME`\n",
    ]
    assert len(lines) == len(expected) and all(re.fullmatch(e, line) for e, line in zip(expected, lines, strict=True)), out


def _run_in_terminal(args: list[str], cwd: Path) -> str:
    """``kzgraph ARGS`` in a new process whose stdin, stdout and stderr are one pseudo-terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR")} | {"TERM": "xterm"}
    command = [sys.executable, "-m", "kzgraph", *args]
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert process.wait() == 0, seen
    return seen.decode("utf-8")


@pytest.mark.slow
def test_the_commands_show_progress_in_a_terminal_and_the_summary_stays(tmp_path: Path) -> None:
    dist, site = tmp_path / "dist", tmp_path / "site"
    text = _run_in_terminal(["--root", str(ROOT), "build", "--out", str(dist)], tmp_path)
    for n, stage in enumerate(["load", "convert", "reason", "serialize", "validate", "write"], 1):
        assert f"build {n}/6 {stage}: 100%" in text
    assert text.endswith(f"wrote {dist}\r\n") and "asserted triples: " in text
    text = _run_in_terminal(["--root", str(ROOT), "publish", "--dist", str(dist), "--out", str(site)], tmp_path)
    assert re.search(r"publish 3/3 RDF documents: 100%\|.*\| (\d+)/\1 \[", text), text
    assert "wrote " in text.splitlines()[-1]
    assert (site / "releases" / "0.1.0" / "kzgraph.nq").read_bytes() == (dist / "kzgraph.nq").read_bytes()
    assert (site / "releases" / "index.ttl").is_file()  # the series of releases (tests/test_releases.py)


def test_a_piped_build_writes_nothing_but_its_summary(tmp_path: Path, capsys, monkeypatch) -> None:
    """Through a pipe (pytest's capture) the build's progress is silent: its stages write nothing."""
    from kzgraph.pipeline.build import build_progress

    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("CI", raising=False)
    progress = build_progress()
    assert not progress.enabled
    with progress.stage("load", 3) as step:
        step(3)
    assert capsys.readouterr() == ("", "")
