"""Live progress for the long commands (``build``, ``load``, ``publish``), on a terminal only.

At a million triples a build is over a minute with nothing on screen until its summary. On a
terminal each stage now shows a tqdm bar on stderr: the command, the stage (``2/6 convert``), what
it has done of its total (records, triples, files), the elapsed time and tqdm's estimate of the rest.
Bars are erased when their stage ends (``leave=False``), so what stays on screen is the summary.

Anywhere else nothing at all is written: a pipe, a file, a CI job or a dumb terminal gets exactly
the output it always had (see :func:`wanted`). tqdm rather than rich: it does exactly this, is
pure Python with no dependencies of its own, and costs a few milliseconds to import.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TextIO


def wanted(stdout: TextIO | None = None, stderr: TextIO | None = None, env: Mapping[str, str] | None = None) -> bool:
    """Whether to show progress: both streams are a terminal and nothing says not to.

    ``CI`` (set by every CI service), ``NO_COLOR`` (the user asks for plain output) and
    ``TERM=dumb`` (a terminal that cannot move the cursor back) each turn it off."""
    env = os.environ if env is None else env
    if env.get("CI") or env.get("NO_COLOR") or env.get("TERM", "") == "dumb":
        return False
    return all(_is_tty(s) for s in (stdout or sys.stdout, stderr or sys.stderr))


def _is_tty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a closed or fake stream is no terminal
        return False


class Progress:
    """The stages of one command; with ``enabled`` False every call is a no-op costing nothing."""

    def __init__(self, command: str, stages: int, enabled: bool = False, stream: TextIO | None = None):
        self.command, self.stages, self.enabled, self.stream = command, stages, enabled, stream
        self.done = 0

    @classmethod
    def for_terminal(cls, command: str, stages: int) -> Progress:
        """Progress on stderr when :func:`wanted` says so, else a silent one."""
        return cls(command, stages, enabled=wanted(), stream=sys.stderr)

    @contextmanager
    def stage(self, name: str, total: int | None = None, unit: str = "records") -> Iterator[Step]:
        """One stage: yields a :class:`Step` to advance as its work gets done (``total`` is what it has to do).

        On leaving the stage the bar is shown complete once before it is erased, so even a stage
        that does its work in one call is seen with its count."""
        if not self.enabled:
            yield Step(None)
            return
        from tqdm import tqdm

        self.done += 1
        bar = tqdm(
            total=total,
            desc=f"{self.command} {self.done}/{self.stages} {name}",
            unit=f" {unit}",
            file=self.stream or sys.stderr,
            leave=False,
            dynamic_ncols=True,
            mininterval=0.2,
        )
        try:
            yield Step(bar)
            if bar.total is not None and bar.n < bar.total:
                bar.update(bar.total - bar.n)
            bar.refresh()
        finally:
            bar.close()


class Step:
    """What a stage reports through: how much it has to do, and how much it has done."""

    def __init__(self, bar: object | None):
        self._bar = bar

    def total(self, n: int) -> None:
        """The stage's work, once it is known (e.g. the number of files found)."""
        if self._bar is not None:
            self._bar.total = n  # type: ignore[attr-defined]
            self._bar.refresh()  # type: ignore[attr-defined]

    def __call__(self, n: int = 1) -> None:
        """``n`` more units done."""
        if self._bar is not None:
            self._bar.update(n)  # type: ignore[attr-defined]


SILENT = Progress("", 0)
