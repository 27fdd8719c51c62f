"""``kzgraph bench``: a thin entry to the benchmark harness, which lives in ``bench/`` of the checkout.

The harness (stages, runner, report, HTTP comparison) is not part of the runtime package: it needs
the checkout anyway (the synthetic-project generator and the results it updates live there). When
kzgraph runs from a checkout (an editable install, as the README sets it up), this command takes
its options from ``bench/runner.py``; ``python -m bench`` from the checkout's root is the same.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]


def _harness() -> bool:
    """Whether ``bench/`` of the checkout can be imported (putting the checkout on the path if needed)."""
    if not (CHECKOUT / "bench" / "runner.py").exists():
        return False
    if str(CHECKOUT) not in sys.path:
        sys.path.append(str(CHECKOUT))
    return True


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``kzgraph bench`` to the CLI's subcommands."""
    b = sub.add_parser("bench", help="time every stage on the real data and on synthetic data N times larger")
    if _harness():
        from bench.runner import add_arguments

        add_arguments(b)
    b.set_defaults(func=cmd_bench)


def cmd_bench(args: argparse.Namespace) -> int:
    """``kzgraph bench``: run the checkout's harness; its exit status, or 2 when the installed package has no bench/."""
    if not _harness():
        print(
            "error: the benchmark harness (bench/) comes with the checkout, not the installed package; "
            "run `python -m bench` in a checkout",
            file=sys.stderr,
        )
        return 2
    from bench.runner import cmd_bench as run

    return run(args)
