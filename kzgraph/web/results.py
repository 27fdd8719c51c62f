"""Running one query job in a worker, and writing its results in the SPARQL 1.1 results formats."""

from __future__ import annotations

import csv
import io
import itertools
import json
from typing import Any, Sequence
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from ..formats import DOCUMENT_TYPES
from .negotiation import RESULT_MEDIA, media_type
from .query_pages import plain_term
from . import documents, terms


def _json_term(term: tuple) -> dict[str, Any]:
    kind = term[0]
    if kind == "uri":
        return {"type": "uri", "value": term[1]}
    if kind == "bnode":
        return {"type": "bnode", "value": term[1]}
    if kind == "triple":
        return {"type": "triple", "value": {"subject": _json_term(term[1]), "predicate": _json_term(term[2]),
                                            "object": _json_term(term[3])}}
    out: dict[str, Any] = {"type": "literal", "value": term[1]}
    if term[2]:
        out["xml:lang"] = term[2]
    elif term[3] != terms.XSD + "string":
        out["datatype"] = term[3]
    return out


def _xml_term(term: tuple) -> str:
    kind = term[0]
    if kind == "uri":
        return f"<uri>{xml_escape(term[1])}</uri>"
    if kind == "bnode":
        return f"<bnode>{xml_escape(term[1])}</bnode>"
    if kind == "triple":
        return (f"<triple><subject>{_xml_term(term[1])}</subject><predicate>{_xml_term(term[2])}</predicate>"
                f"<object>{_xml_term(term[3])}</object></triple>")
    attr = f" xml:lang={quoteattr(term[2])}" if term[2] else (f" datatype={quoteattr(term[3])}" if term[3] != terms.XSD + "string" else "")
    return f"<literal{attr}>{xml_escape(term[1])}</literal>"


def _nt_term(term: tuple) -> str:
    kind = term[0]
    if kind == "unbound":
        return ""
    if kind == "uri":
        return f"<{term[1]}>"
    if kind == "bnode":
        return f"_:{term[1]}"
    if kind == "triple":
        return f"<< {_nt_term(term[1])} {_nt_term(term[2])} {_nt_term(term[3])} >>"
    value = term[1].replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    if term[2]:
        return f'"{value}"@{term[2]}'
    if term[3] != terms.XSD + "string":
        return f'"{value}"^^<{term[3]}>'
    return f'"{value}"'


def _csv_term(term: tuple) -> str:
    kind = term[0]
    if kind == "unbound":
        return ""
    if kind == "bnode":
        return f"_:{term[1]}"
    if kind == "triple":
        return _nt_term(term)
    return term[1]


def write_solutions(variables: Sequence[str], rows: Sequence[Sequence[tuple]], fmt: str, link: str | None = None) -> bytes:
    """SELECT results in the SPARQL 1.1 JSON, XML, CSV or TSV results format; ``link`` (a URL
    saying why the result was cut) goes into the JSON and XML heads."""
    if fmt == "json":
        head: dict[str, Any] = {"vars": list(variables)}
        if link:
            head["link"] = [link]
        bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t[0] != "unbound"} for row in rows]
        return json.dumps({"head": head, "results": {"bindings": bindings}}, ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        if link:
            out.append(f"<link href={quoteattr(link)}/>")
        out.append("</head>\n<results>")
        for row in rows:
            out.append("<result>" + "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                                            for v, t in zip(variables, row) if t[0] != "unbound") + "</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode("utf-8")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([_csv_term(t) for t in row])
        return buffer.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join(_nt_term(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown results format {fmt!r}")


def plain_triple(tr: ox.Triple) -> tuple:
    return (plain_term(tr.subject), plain_term(tr.predicate), plain_term(tr.object))


def execute(store: ox.Store, job: dict[str, Any], check: bool = True) -> tuple:
    """Run one query job and return its answer as a picklable tuple:
    ``("ok", kind, media type, body, truncated_at)``, ``("rows", kind, variables, rows, truncated_at)``,
    ``("refused", http status, message)``, ``("syntax", message)``, ``("unacceptable", kind)`` or
    ``("error", message)``.

    With ``check`` (always, on the public endpoint) the query is first read by a SPARQL parser and
    refused unless it is a plain query of bounded size and nesting with no SERVICE anywhere
    (:func:`kzgraph.sparql.inspect`)."""
    if check:
        from ..sparql import QueryRefused, inspect

        try:
            inspect(job["query"])
        except QueryRefused as exc:
            return ("refused", exc.status, str(exc))
    max_rows = int(job.get("max_rows", 10000))
    kwargs: dict[str, Any] = {}
    if job.get("default_graphs"):
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job["default_graphs"]]
    else:
        kwargs["use_default_graph_as_union"] = True
    if job.get("named_graphs"):
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job["named_graphs"]]
    try:
        result = store.query(job["query"], **kwargs)
    except SyntaxError as exc:
        return ("syntax", str(exc))
    except Exception as exc:  # evaluation errors
        return ("error", f"{type(exc).__name__}: {exc}")
    rows_mode = job.get("mode") == "rows"
    try:
        if isinstance(result, ox.QueryBoolean):
            if rows_mode:
                return ("rows", "boolean", [], bool(result), None)
            fmt = job.get("result_format")
            if fmt not in RESULT_MEDIA:
                return ("unacceptable", "boolean")
            return ("ok", "boolean", RESULT_MEDIA[fmt], result.serialize(format=_OX_RESULTS[fmt]), None)
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            solutions = list(itertools.islice(result, max_rows + 1))
            truncated = max_rows if len(solutions) > max_rows else None
            rows = [[plain_term(s[v]) for v in variables] for s in solutions[:max_rows]]
            if rows_mode:
                return ("rows", "solutions", variables, rows, truncated)
            fmt = job.get("result_format")
            if fmt not in RESULT_MEDIA:
                return ("unacceptable", "solutions")
            return ("ok", "solutions", RESULT_MEDIA[fmt],
                    write_solutions(variables, rows, fmt, job.get("limit_link") if truncated else None), truncated)
        triples = list(itertools.islice(result, max_rows + 1))
        truncated = max_rows if len(triples) > max_rows else None
        triples = triples[:max_rows]
        if rows_mode:
            return ("rows", "triples", ["subject", "predicate", "object"], [list(plain_triple(t)) for t in triples], truncated)
        fmt = job.get("graph_format")
        if fmt not in DOCUMENT_TYPES:
            return ("unacceptable", "triples")
        return ("ok", "triples", media_type(fmt), documents.serialize(triples, fmt), truncated)
    except Exception as exc:
        return ("error", f"{type(exc).__name__}: {exc}")


_OX_RESULTS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
               "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
