"""Query results as ``kzgraph query`` prints them: a table a person reads whole, Markdown for
documents, and the standard formats (SPARQL 1.1 results, RDF) written by pyoxigraph.

In the table, IRIs are short names that are valid SPARQL as printed (``state:KAZ``; an IRI no
prefix can carry without escapes is printed whole, ``<…>``), and literals are their text. At a
terminal the table fits its width by wrapping the widest columns, never by cutting: every cell is
shown to its end. ``full=True`` (``--full``) turns wrapping off, as it is off when the output is not
a terminal (a pipe, a file), so that nothing is ever cut.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from ..core.formats import FORMAT_NAMES, RDF, RESULTS, Answer, format_answer
from ..curated.namespaces import PREFIX_TABLE, short_name

# The command line's own formats, for people; every other --format is a format=NAME of /sparql
PEOPLES_FORMATS = ("table", "markdown")


class RenderError(ValueError):
    """The results cannot be written in the asked format (a graph as CSV, an unknown format)."""


def cell(term: object) -> str:
    """A term as a person reads it and can paste back into a query: IRIs as short names, literals as text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return short_name(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return f"<< {cell(term.subject)} {cell(term.predicate)} {cell(term.object)} >>"
    return str(term)


def rows_of(results: ox.QuerySolutions) -> tuple[list[str], list[list[str]]]:
    """The variables and every row of a SELECT result, each cell as :func:`cell` writes it (unbound is empty)."""
    variables = [v.value for v in results.variables]
    return variables, [[cell(sol[v]) for v in variables] for sol in results]


def form_of(results: object) -> str:
    """The form of a result, as the endpoint names it: ``boolean`` (ASK), ``triples`` (CONSTRUCT,
    DESCRIBE) or ``solutions`` (SELECT)."""
    if isinstance(results, ox.QueryBoolean):
        return "boolean"
    return "triples" if isinstance(results, ox.QueryTriples) else "solutions"


def answer(fmt: str, form: str) -> Answer:
    """What ``--format fmt`` writes a result of ``form`` in: what ``/sparql?format=fmt`` answers
    (:func:`kzgraph.core.formats.format_answer`), so the command line and the endpoint give the same
    document — a boolean asked for as CSV is SPARQL JSON, a graph asked for as ``xml`` RDF/XML, a
    SELECT asked for as Turtle SPARQL JSON (``exact`` False: the nearest format, not the one asked
    for). :class:`RenderError` for a name that is no format, or for ``html``, the endpoint's page."""
    if fmt == "html":
        raise RenderError("html is the page /sparql shows in a browser; here use --format table or markdown")
    found = format_answer(fmt, form)
    if found is None:
        raise RenderError(f"unknown format {fmt!r}: use {', '.join((*PEOPLES_FORMATS, *sorted(set(FORMAT_NAMES) - {'html'})))}")
    return found


def render(results: object, fmt: str = "table", *, width: int | None = None, full: bool = False) -> bytes:
    """``results`` (solutions, a boolean or triples) in ``fmt``; :class:`RenderError` when they cannot be."""
    fmt = fmt.lower()
    form = form_of(results)
    if form == "triples":
        return graph_in(list(results), fmt)  # type: ignore[call-overload]
    if fmt not in PEOPLES_FORMATS:
        return results.serialize(format=RESULTS[answer(fmt, form).fmt][1])  # type: ignore[union-attr]
    if form == "boolean":
        return (("yes" if bool(results) else "no") + "\n").encode()
    variables, data = rows_of(results)  # type: ignore[arg-type]
    if fmt == "markdown":
        return (markdown(variables, data) + "\n").encode("utf-8")
    if width is None and not full:
        width = terminal_width()
    return (table(variables, data, width=None if full else width) + "\n").encode("utf-8")


def graph_in(triples: Sequence[ox.Triple], fmt: str) -> bytes:
    """A CONSTRUCT or DESCRIBE result in ``--format fmt``: Turtle for ``table``, else what /sparql
    answers ``format=fmt`` with (:func:`answer`)."""
    if fmt == "markdown":
        raise RenderError("a CONSTRUCT or DESCRIBE result is a graph, not a table: use --format table (Turtle) or an RDF format")
    return graph_bytes(triples, "ttl" if fmt == "table" else answer(fmt, "triples").fmt)


def graph_bytes(triples: Sequence[ox.Triple], ext: str) -> bytes:
    """Triples in the RDF format of ``ext``; Turtle, TriG and RDF/XML declare only prefixes needing no escape."""
    fmt = RDF[ext].oxigraph
    if ext in ("ttl", "trig", "rdf"):
        return ox.serialize(triples, format=fmt, prefixes=usable_prefixes(triples))
    return ox.serialize(triples, format=fmt)


def usable_prefixes(triples: Iterable[ox.Triple]) -> dict[str, str]:
    """The prefixes under which every IRI of ``triples`` has a local name needing no escape (a
    serializer would otherwise write ``section:asia\\/armenia``, which a person cannot paste)."""
    iris = {t.value for tr in triples for t in (tr.subject, tr.predicate, tr.object) if isinstance(t, ox.NamedNode)}
    usable = {}
    for prefix, ns in PREFIX_TABLE.items():
        inside = [iri for iri in iris if iri.startswith(ns) and len(iri) > len(ns)]
        if inside and all(short_name(iri, {prefix: ns}) != f"<{iri}>" for iri in inside):
            usable[prefix] = ns
    return usable


def terminal_width() -> int | None:
    """The terminal's width when the output is one, else None (no wrapping in pipes and files)."""
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size((100, 24)).columns


def table(variables: Sequence[str], data: Sequence[Sequence[str]], width: int | None = None) -> str:
    """An aligned plain-text table with a row count. With ``width``, the widest columns are wrapped
    (at spaces where they have any) until the table fits; every cell is shown to its end."""
    cells = [[" ".join(c.split()) for c in row] for row in data]
    natural = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(variables)]
    widths = _fit(natural, [len(v) for v in variables], width) if width else natural
    lines = ["  ".join(v.ljust(w) for v, w in zip(variables, widths, strict=False)).rstrip(), "  ".join("-" * w for w in widths)]
    for row in cells:
        wrapped = [_wrap(c, w) for c, w in zip(row, widths, strict=False)]
        for k in range(max((len(x) for x in wrapped), default=1)):
            lines.append("  ".join((x[k] if k < len(x) else "").ljust(w) for x, w in zip(wrapped, widths, strict=False)).rstrip())
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines)


def _fit(natural: list[int], headers: list[int], width: int) -> list[int]:
    """Column widths that fit ``width``: every column wider than a common cap is brought down to it
    (the cap as high as the width allows), none below its header or 12 characters."""
    budget = width - 2 * (len(natural) - 1)
    floor = [max(h, min(n, 12)) for h, n in zip(headers, natural, strict=False)]
    if sum(natural) <= budget:
        return list(natural)
    low, high = 0, max(natural)
    while low < high:  # the highest cap at which the columns fit
        cap = (low + high + 1) // 2
        if sum(max(f, min(n, cap)) for n, f in zip(natural, floor, strict=False)) <= budget:
            low = cap
        else:
            high = cap - 1
    return [max(f, min(n, low)) for n, f in zip(natural, floor, strict=False)]


def _wrap(text: str, width: int) -> list[str]:
    if len(text) <= width:
        return [text]
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def markdown(variables: Sequence[str], data: Sequence[Sequence[str]]) -> str:
    """A GitHub-flavoured Markdown table (``|`` escaped, line breaks as ``<br>``)."""

    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>")

    lines = ["| " + " | ".join(esc(v) for v in variables) + " |", "|" + "|".join("---" for _ in variables) + "|"]
    lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in data]
    return "\n".join(lines)
