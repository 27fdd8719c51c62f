"""Each stored query's expected answer, as a data file beside it: ``queries/NAME.expected.csv``.

Why data and not test code: a curator who corrects or adds a fact changes answers, and should
have to review what changed, not edit Python. The answers are written by one command,
``kzgraph expectations --write``, which prints a unified diff of every file it changes (the review),
and read back by ``tests/queries/test_expectations.py``, which runs every stored query with its
default parameters on the release and compares.

The form is the W3C *SPARQL 1.1 Query Results CSV* form, as pyoxigraph writes it (the bytes
``/sparql`` returns for ``Accept: text/csv``): a header of the variables, one line per row, CRLF
line ends, IRIs and literals as their plain value, unbound as empty. The rows stand in the query's
own order (every stored query orders its answer completely, down to a unique key), so the file
also pins that order. The answer of a CONSTRUCT is its triples as the rows of ``subject,
predicate, object``, sorted (a graph has no order); that of an ASK is ``true`` or ``false``.

The README's query examples (its fenced blocks that start ``$ kzgraph query …``) are expected answers
too: the same command rewrites what each prints, so an edit that changes a shown answer changes the
README in the same reviewed diff (``tests/test_readme.py`` holds them to the program's output).
"""

from __future__ import annotations

import argparse
import csv
import difflib
import io
import os
import re
import shlex
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..core.errors import BuildError
from .params import store_lookup
from .queries import StoredQuery, evaluation_errors, load_queries, run_stored

SUFFIX = ".expected.csv"
COMMAND = "kzgraph expectations --write"


def expected_file(query: StoredQuery, directory: Path) -> Path:
    """Where a stored query's expected answer is kept: beside its ``.rq``."""
    return directory / f"{query.name}{SUFFIX}"


def answer_csv(store: ox.Store, query: StoredQuery) -> str:
    """The query's answer with its default parameters on the release's default dataset, as the
    expectations file holds it (see the module's docstring for the form)."""
    with evaluation_errors(query.text):
        result = run_stored(store, query, {}, store_lookup(store))
        if isinstance(result, ox.QueryTriples):
            return _triples_csv(result)
        out = result.serialize(format=ox.QueryResultsFormat.CSV)
    text_out = out.decode("utf-8") if isinstance(out, bytes) else str(out)
    return text_out if text_out.endswith("\n") else text_out + "\r\n"


def _triples_csv(triples: Iterable[ox.Triple]) -> str:
    """A graph as CSV rows ``subject,predicate,object``, sorted by their N-Triples form."""
    rows = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["subject", "predicate", "object"])
    for t in rows:
        writer.writerow([_plain(t.subject), _plain(t.predicate), _plain(t.object)])
    return buffer.getvalue()


def _plain(term: object) -> str:
    """A term as the W3C CSV results form writes it: its value (a blank node as ``_:label``)."""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(getattr(term, "value", term))


@dataclass(frozen=True)
class Change:
    """One expectations file whose content is not the query's answer: ``old`` None when the file is
    missing, ``new`` None when the file belongs to no stored query (it is removed)."""

    path: Path
    old: str | None
    new: str | None

    def diff(self) -> str:
        """The change as a unified diff of rows (what a reviewer reads)."""
        old = [] if self.old is None else _lines(self.old)
        new = [] if self.new is None else _lines(self.new)
        before = "/dev/null" if self.old is None else f"a/{self.path.name}"
        after = "/dev/null" if self.new is None else f"b/{self.path.name}"
        return "\n".join(difflib.unified_diff(old, new, before, after, lineterm="", n=1)) + "\n"

    def summary(self) -> str:
        """One line: the file and how many rows it gains and loses (the header line not counted)."""
        if self.old is None:
            return f"{self.path.name}: new, {len(_lines(self.new or '')) - 1} rows"  # only an expectations file is ever new
        if self.new is None:
            return f"{self.path.name}: removed (no stored query {self.path.name[: -len(SUFFIX)]}.rq)"
        old, new = _lines(self.old), _lines(self.new)
        matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
        gone = sum(i2 - i1 for tag, i1, i2, _, _ in matcher.get_opcodes() if tag in ("delete", "replace"))
        added = sum(j2 - j1 for tag, _, _, j1, j2 in matcher.get_opcodes() if tag in ("insert", "replace"))
        return f"{self.path.name}: +{added} -{gone} {'rows' if self.path.name.endswith(SUFFIX) else 'lines'}"


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").split("\n")[:-1] if text else []


def changes(store: ox.Store, directory: Path) -> list[Change]:
    """Every expectations file in ``directory`` that differs from its stored query's answer on
    ``store``, is missing, or has no stored query; in name order. Nothing is written."""
    queries = load_queries(directory)
    found: list[Change] = []
    for query in queries:
        path = expected_file(query, directory)
        new = answer_csv(store, query)
        old = _read(path)
        if old != new:
            found.append(Change(path, old, new))
    names = {q.name for q in queries}
    for path in sorted(directory.glob(f"*{SUFFIX}")):
        if path.name[: -len(SUFFIX)] not in names:
            found.append(Change(path, _read(path), None))
    return sorted(found, key=lambda c: c.path.name)


def _read(path: Path) -> str | None:
    """A file's text exactly as stored (CRLF kept), or None when there is none; a file that cannot be
    read as UTF-8 text (a folder, no permission, other bytes) is an error naming it."""
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise BuildError(f"{path}: cannot be read as an expected answer (UTF-8 text): {reason}") from None


# a README example: a fenced block whose first line is ``$ … kzgraph query …``, the rest what it prints
EXAMPLE = re.compile(r"^(```[a-z]*\n)(\$ [^\n]*kzgraph query[^\n]*)\n(.*?)^```", re.M | re.S)

# runs ``kzgraph ARGV`` with STDIN and returns what it prints (given by the command line, which the
# library never imports)
Runner = Callable[[list[str], str], str]


def example_command(line: str) -> tuple[list[str], str]:
    """A README example's command line as ``kzgraph``'s arguments and its standard input
    (``echo '…' | kzgraph query -`` gives the echoed text)."""
    stdin = ""
    command = line[2:] if line.startswith("$ ") else line
    if command.startswith("echo "):
        echo, _, command = command.partition(" | ")
        stdin = shlex.split(echo)[1] + "\n"
    argv = shlex.split(command)
    if argv[:2] != ["kzgraph", "query"]:
        raise ValueError(f"not a `kzgraph query` example: {line}")
    return argv[1:], stdin


def readme_change(readme: Path, run: Runner) -> Change | None:
    """The README with each query example's output as the program prints it now, or None when
    every example already shows that (or there is no README)."""
    old = _read(readme)
    if old is None:
        return None

    def printed(match: re.Match[str]) -> str:
        argv, stdin = example_command(match.group(2))
        lines = [line.rstrip() for line in run(argv, stdin).rstrip("\n").splitlines()]
        return f"{match.group(1)}{match.group(2)}\n" + "".join(line + "\n" for line in lines) + "```"

    new = EXAMPLE.sub(printed, old)
    return None if new == old else Change(readme, old, new)


def write(found: list[Change]) -> None:
    """Apply the changes: each new content written whole (a temporary file renamed over the old, so
    no file is ever half-written), each file without a query removed."""
    for change in found:
        if change.new is None:
            change.path.unlink(missing_ok=True)
            continue
        try:
            fd, tmp = tempfile.mkstemp(dir=change.path.parent, prefix=".expected-", suffix=".tmp")
        except OSError as exc:
            raise BuildError(f"{change.path}: cannot be written: {exc.strerror or exc}") from None
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(change.new.encode("utf-8"))
            os.replace(tmp, change.path)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise BuildError(f"{change.path}: cannot be written: {exc.strerror or exc}") from None
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def report(found: list[Change], written: bool) -> str:
    """What the command prints: the diff of each change, then one summary line per file and a last
    line saying what was done (or the command that does it)."""
    if not found:
        return "every expectations file holds its stored query's answer\n"
    parts = [c.diff() for c in found] + [c.summary() + "\n" for c in found]
    if written:
        parts.append(f"wrote {len(found)} expectations file(s); review the diff above\n")
    else:
        parts.append(f"{len(found)} expectations file(s) differ from the answers; `{COMMAND}` writes them\n")
    return "".join(parts)


def register(subparsers: argparse._SubParsersAction, run: Runner | None = None) -> None:
    """Add ``kzgraph expectations`` to the command line; ``run`` runs a README example (the command
    line's own entry point), without which the README is left alone."""
    p = subparsers.add_parser(
        "expectations",
        help="compare (or --write) each stored query's expected answer, queries/NAME.expected.csv, with its answer",
        description="Run every stored query with its default parameters on the release (built first when stale) and "
        "print a diff of each queries/NAME.expected.csv that differs, is missing or has no query, and of the README's "
        "query examples. Exit 1 when one differs; with --write, write them all (exit 0) and print the same diff for review.",
    )
    p.add_argument("--write", action="store_true", help="write the files that differ and remove those without a query")
    p.add_argument("--dist", metavar="DIR", help="release directory to query (default: ROOT/dist, built when stale)")
    p.set_defaults(func=command, run_example=run)


def command(args: argparse.Namespace) -> int:
    """``kzgraph expectations [--write]``: 0 when every file holds its answer (or they were written), 1 otherwise."""
    import sys

    from ..core.errors import UsageError
    from ..curated.project import locate
    from ..pipeline.build import release_file
    from ..pipeline.embedded_store import load_release

    where = locate(getattr(args, "root", None), args.dist)
    if where.root is None or where.queries is None:
        raise UsageError("expectations are written beside the stored queries of a project: run in a checkout or pass --root DIR")
    store = ox.Store()
    load_release(store, release_file(where))
    found = changes(store, where.queries)
    if getattr(args, "run_example", None) is not None:
        extra = ["--dist", str(where.dist), "--root", str(where.root)]
        readme = readme_change(where.root / "README.md", lambda argv, stdin: args.run_example([*argv, *extra], stdin))
        found += [readme] if readme else []
    if args.write:
        write(found)
    sys.stdout.write(report(found, written=args.write))
    return 0 if args.write or not found else 1
