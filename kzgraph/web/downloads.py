"""Answers and lists as files a reader opens in a spreadsheet: CSV and XLSX.

CSV is the W3C's *SPARQL 1.1 Query Results CSV Format*, written by pyoxigraph's own writer from the
same rows (:func:`kzgraph.web.results.write_solutions`), so a download is exactly what ``/sparql``
answers for ``format=csv``. XLSX holds the same rows, cell for cell, written by XlsxWriter: a
maintained, pure-Python writer with no dependencies of its own, that writes only (nothing of a
reader's file is ever parsed here) and stamps its zip entries with a fixed time. With the document
properties fixed too (:data:`STAMP`), the same rows always give the same bytes, so a published site
is byte-identical from one publish to the next and an ETag names the content.

Every value is written as text, never as a formula or a link, whatever it starts with (``=``, ``+``,
``http``): a spreadsheet must not run what the article or a reader typed. Integers and decimals
that a spreadsheet number holds exactly are written as numbers, so they sort and sum.
"""

from __future__ import annotations

import datetime
import io
import math
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from ..pipeline.terms import XSD
from .html import Html, el, join

XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MEDIA = "text/csv; charset=utf-8"
# The one date every workbook says it was created and modified: the zip format's own epoch, the time
# XlsxWriter gives each entry of the file. A date of the day would make every write differ.
STAMP = datetime.datetime(1980, 1, 1, tzinfo=datetime.timezone.utc)
_NUMERIC = {XSD + n for n in ("integer", "int", "long", "short", "decimal", "nonNegativeInteger", "positiveInteger", "double")}
_WIDEST = 80  # characters: a column is never set wider than this (long quotes wrap in the cell instead)

Row = Sequence[tuple]  # one row of :func:`kzgraph.web.query_pages.plain_term` tuples


def csv_bytes(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    """The rows in the SPARQL 1.1 CSV results format (the endpoint's own writer)."""
    from .results import write_solutions

    return write_solutions(variables, rows, "csv")


def cell_text(term: tuple) -> str:
    """A term as the SPARQL CSV results format writes it: an IRI as itself, a blank node as ``_:id``,
    a literal by its lexical form (no language tag, no datatype), an unbound value as nothing."""
    kind = term[0]
    if kind == "unbound":
        return ""
    if kind == "bnode":
        return f"_:{term[1]}"
    if kind == "triple":
        return " ".join(cell_text(t) for t in term[1:])
    return str(term[1])


def _number(term: tuple) -> float | None:
    """The literal as a spreadsheet number when it is numeric and a double holds it exactly."""
    if term[0] != "literal" or term[2] or term[3] not in _NUMERIC:
        return None
    try:
        exact = Decimal(term[1])
    except InvalidOperation:
        return None
    if not exact.is_finite():
        return None
    value = float(exact)
    return value if math.isfinite(value) and Decimal(value) == exact else None


def xlsx_bytes(variables: Sequence[str], rows: Sequence[Row], *, title: str = "", about: Sequence[tuple[str, str]] = ()) -> bytes:
    """The rows as an XLSX workbook: a ``results`` sheet (a header row of the variables, then one row
    per answer, as the CSV has them) and, when ``about`` is given, an ``about`` sheet of what the
    table is (title, question, parameters, source, licence). Byte-identical for the same input."""
    import xlsxwriter

    out = io.BytesIO()
    options = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    book = xlsxwriter.Workbook(out, options)
    book.set_properties({"title": title, "created": STAMP, "comments": "kzgraph"})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet("results")
    widths = [len(v) for v in variables]
    for col, name in enumerate(variables):
        sheet.write_string(0, col, name, bold)
    for r, row in enumerate(rows, start=1):
        for col, term in enumerate(row):
            number = _number(term)
            if number is not None:
                sheet.write_number(r, col, number)
            else:
                text = cell_text(term)
                if text:
                    sheet.write_string(r, col, text)
                widths[col] = max(widths[col], min(len(text), _WIDEST))
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(max(width, 6), _WIDEST) + 2)
    sheet.freeze_panes(1, 0)
    if about:
        info = book.add_worksheet("about")
        for r, (key, value) in enumerate(about):
            info.write_string(r, 0, key, bold)
            info.write_string(r, 1, value)
        info.set_column(0, 0, max(len(k) for k, _ in about) + 2)
        info.set_column(1, 1, _WIDEST)
    book.close()
    return out.getvalue()


TEXTS = {
    "en": {"download": "Download", "csv": "CSV", "xlsx": "Spreadsheet (XLSX)"},
    "bg": {"download": "Изтегляне", "csv": "CSV", "xlsx": "Електронна таблица (XLSX)"},
}


def download_links(lang: str, csv_href: str, xlsx_href: str) -> Html:
    """The two downloads of a table, as a line under it."""
    texts = TEXTS.get(lang, TEXTS["en"])
    return el(
        "p",
        texts["download"],
        ": ",
        join(
            el("a", texts["csv"], href=csv_href, type="text/csv", download=True),
            " · ",
            el("a", texts["xlsx"], href=xlsx_href, type=XLSX_MEDIA, download=True),
        ),
        class_="downloads",
    )
