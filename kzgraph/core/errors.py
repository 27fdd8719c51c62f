"""Errors that point at the curated source: file, line, field and what was expected.

Curators fix data by reading these messages, so every check reports where the problem is and what
would have been accepted, and all problems of a run are reported together rather than one per run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class SourceProblem:
    """One problem in a curated file."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class DataError(Exception):
    """The curated sources are not valid; carries every problem found."""

    def __init__(self, problems: list[SourceProblem]):
        self.problems = sorted(set(problems))
        super().__init__(self.render())

    def render(self) -> str:
        """Every problem, one a line under their count: the message curators read on stderr."""
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the curated sources:"
        return "\n".join([head, *("  " + str(p) for p in self.problems)])


# What a command exits with when a signal ends it, as the shell reports a program a signal killed
# (128 + the signal's number): Ctrl-C (SIGINT), and a reader of its output that went away (SIGPIPE).
SIGINT_STATUS, SIGPIPE_STATUS = 130, 141


class UsageError(Exception):
    """The command was asked something it cannot do (a query that is not SPARQL, an unknown
    parameter); the command exits with status 2 and this one message."""


class BuildError(Exception):
    """A later stage (validation, reasoning, output) failed; nothing was written."""


def relpath(path: Path, root: Path) -> str:
    """Path of ``path`` relative to ``root`` when inside it, for short, machine-independent messages.

    Computed from the paths as written, links not followed: resolving would fail on a link that
    loops, and would name the target of a link rather than the file the curator sees.
    """
    path, root = Path(os.path.abspath(path)), Path(os.path.abspath(root))
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
