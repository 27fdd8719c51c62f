"""`kzgraph serve` fails closed when the query workers' network walls cannot be raised.

The workers here are started for real, but without the network namespace (as on a kernel that
allows no new one): the status they report is what a machine without that wall reports. The HTTP
server is replaced by a recorder, so that no test listens on an address other than loopback: the
refusal must come before anything would bind.
"""

from __future__ import annotations

import argparse
import functools
from pathlib import Path
from typing import Any

import pytest

from kzgraph.core.errors import SIGINT_STATUS, BuildError
from kzgraph.web import serve
from kzgraph.web.app import App

from common import ROOT


class Recorder:
    """Stands for the HTTP server: notes where it was asked to listen, and stops at once when run."""

    bound: list[str] = []

    def __init__(self, app: Any, host: str, port: int, **kw: Any) -> None:
        Recorder.bound.append(host)

    def serve_forever(self) -> None:
        raise KeyboardInterrupt  # as Ctrl-C stops the real one: serve then exits with SIGINT_STATUS


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    serve.register(parser.add_subparsers())
    args = parser.parse_args(["serve", "--port", "0", "--workers", "1", *argv])
    args.root = str(ROOT)  # the command line's global option
    return args


@pytest.fixture()
def no_netns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers that cannot raise their network namespace, and a server that never binds."""
    Recorder.bound = []
    monkeypatch.setattr(serve, "App", functools.partial(App, walls=("parse", "seccomp")))
    monkeypatch.setattr(serve, "Server", Recorder)


def test_without_a_wall_serve_refuses_any_address_but_loopback(no_netns: None, built: Path) -> None:
    with pytest.raises(BuildError) as refused:
        serve.cmd_serve(_args("--host", "0.0.0.0", "--dist", str(built)))
    message = str(refused.value)
    assert "\n" not in message and message.startswith("refusing to serve on 0.0.0.0")
    assert "network namespace" in message and "--without-network-walls" in message
    assert Recorder.bound == []  # refused before binding


def test_the_flag_that_gives_the_walls_up_lets_it_start(no_netns: None, built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert serve.cmd_serve(_args("--host", "0.0.0.0", "--dist", str(built), "--without-network-walls")) == SIGINT_STATUS
    assert Recorder.bound == ["0.0.0.0"]
    start = capsys.readouterr().err.splitlines()[0]
    assert start.startswith("kzgraph: serving") and "WITHOUT the network namespace" in start


def test_on_loopback_it_starts_and_the_start_line_names_the_missing_wall(
    no_netns: None, built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert serve.cmd_serve(_args("--host", "127.0.0.1", "--dist", str(built))) == SIGINT_STATUS
    assert Recorder.bound == ["127.0.0.1"]
    start = capsys.readouterr().err.splitlines()[0]
    assert start.startswith("kzgraph: serving") and "WITHOUT the network namespace" in start
    assert "socket filter" not in start  # the wall that stands is not named as missing


@pytest.mark.parametrize(
    "host,loopback", [("127.0.0.1", True), ("127.3.4.5", True), ("::1", True), ("0.0.0.0", False), ("", False)]
)
def test_what_counts_as_loopback(host: str, loopback: bool) -> None:
    assert serve.is_loopback(host) is loopback


def test_a_wall_the_workers_did_not_report_is_down() -> None:
    assert serve.walls_down({"parse": "on", "netns": "on"}) == {"seccomp": "off: not raised"}
    assert serve.walls_down({"netns": "on (in a user namespace)", "seccomp": "on"}) == {}
