"""The README's examples are the program's real output.

Every fenced block of README.md that starts with ``$ kzgraph query …`` (or ``$ echo '…' | kzgraph
query -``) is run against the release built for this session, and what it prints must be the rest of
the block, line for line. A newcomer copies these first; an example that drifted from the program
(a renamed column, an old short-name form) would mislead them on their first minute.
"""

from __future__ import annotations

import re
import shlex
import sys
from io import StringIO
from pathlib import Path

import pytest

from kzgraph.cli import main

from common import ROOT

BLOCK = re.compile(r"^```[a-z]*\n(\$ [^\n]*kzgraph query[^\n]*)\n(.*?)^```", re.M | re.S)


def _examples() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [(m.group(1)[2:], m.group(2)) for m in BLOCK.finditer(text)]


EXAMPLES = _examples()


def test_the_readme_has_query_examples() -> None:
    assert len(EXAMPLES) >= 6, "the README's query examples were not found: has the block format changed?"


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_a_readme_example_prints_what_the_readme_shows(
    command: str, expected: str, built: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = ""
    if command.startswith("echo "):
        echo, _, command = command.partition(" | ")
        stdin = shlex.split(echo)[1] + "\n"
    argv = shlex.split(command)
    assert argv[:2] == ["kzgraph", "query"], command
    monkeypatch.setattr(sys, "stdin", StringIO(stdin))
    code = main([*argv[1:], "--dist", str(built), "--root", str(ROOT)])
    out, err = capsys.readouterr()
    shown = (out + err).rstrip("\n").splitlines()
    assert [line.rstrip() for line in shown] == [line.rstrip() for line in expected.rstrip("\n").splitlines()], (
        f"README.md's example `{command}` no longer shows what the program prints (exit {code}); "
        "`kzgraph expectations --write` rewrites it (review the diff it prints):\n" + out + err
    )
