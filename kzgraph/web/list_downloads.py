"""The site's lists as tables to download: the classes with their numbers (``browse``) and the
members of each class (``browse/{Class}``: the states, the organisations, the relations …).

Each table gives the English and the Bulgarian label side by side, so one file serves both
versions of the site, and is written as CSV and XLSX by :mod:`kzgraph.web.downloads`, at the
list's own address with ``.csv`` or ``.xlsx`` (``browse/State.xlsx``) on the server and the
published site alike.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from ..curated.namespaces import ID
from ..pipeline.terms import KZO_NS, XSD
from .downloads import csv_bytes, download_links, xlsx_bytes
from .html import Html
from .layout import Ctx
from .view import View, class_counts

_LIST = re.compile(r"browse(?:/(?P<local>[A-Za-z][A-Za-z0-9_]*))?\.(?P<fmt>csv|xlsx)")


def _iri(value: str) -> tuple:
    return ("uri", value)


def _text(value: str) -> tuple:
    return ("literal", value, None, XSD + "string")


def index_table(view: View) -> tuple[list[str], list[list[tuple]]]:
    """``browse``: each class of the ontology's namespace with its labels and number of members."""
    rows = [
        [_iri(c), _text(view.label(c, "en")), _text(view.label(c, "bg")), ("literal", str(n), None, XSD + "integer")]
        for c, n in class_counts(view)
    ]
    return ["class", "labelEn", "labelBg", "count"], rows


def class_table(view: View, local: str) -> tuple[list[str], list[list[tuple]]] | None:
    """``browse/{Class}``: its members, by English label, with their labels and asserted types; None without members."""
    cls = KZO_NS + local
    members = sorted(
        (m.value for m in view.instances(cls) if m.value.startswith(ID)), key=lambda i: (view.label(i, "en").casefold(), i)
    )
    if not members:
        return None
    rows = []
    for iri in members:
        asserted = sorted(
            a.term.value for a in view.types(ox.NamedNode(iri)) if not a.inferred and isinstance(a.term, ox.NamedNode)
        )
        rows.append([_iri(iri), _text(view.label(iri, "en")), _text(view.label(iri, "bg")), _text(" ".join(asserted))])
    return ["item", "labelEn", "labelBg", "types"], rows


def list_file(view: View, path: str) -> tuple[bytes, str] | None:
    """The file at ``path`` (``browse.csv``, ``browse/State.xlsx``) and its format; None when there is no such list."""
    m = _LIST.fullmatch(path)
    if not m:
        return None
    local = m["local"]
    made = class_table(view, local) if local else index_table(view)
    if made is None:
        return None
    variables, rows = made
    fmt = m["fmt"]
    title = f"kzgraph: {local}" if local else "kzgraph: classes"
    return (csv_bytes(variables, rows) if fmt == "csv" else xlsx_bytes(variables, rows, title=title)), fmt


def links(ctx: Ctx, local: str | None = None) -> Html:
    """The downloads of a list page: ``browse`` (``local`` None) or ``browse/{local}``."""
    stem = f"browse/{local}" if local else "browse"
    return download_links(ctx.lang, ctx.links.path(stem + ".csv"), ctx.links.path(stem + ".xlsx"))
