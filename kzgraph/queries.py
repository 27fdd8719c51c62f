"""Stored SPARQL queries: reading their headers, binding parameters, running and printing them.

A stored query is a plain SPARQL 1.1 file that runs as it is on any endpoint. Its header comment
says what it answers; each parameter is a ``VALUES ?name { default }`` clause in the body, so a
value given on the command line (``--param country=TUR``) replaces that clause's default and the
file stays valid SPARQL for anyone who copies it.

    # title: Consulates general of a state
    # question-en: In which cities does Kazakhstan have consulates general?
    # question-bg: В кои градове Казахстан има генерални консулства?
    # param: country = "KAZ" -- ISO 3166-1 alpha-3 code of the sending state
    # answer: one row per consulate general: city, host country, opening date if stated
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import BuildError
from .namespaces import BASE, PREFIXES, id_namespace


class QueryError(BuildError):
    """A stored query could not be found, bound or parsed."""


@dataclass(frozen=True)
class Param:
    name: str
    default: str  # a SPARQL term as written in the VALUES clause: "KAZ", 1992, <iri>
    doc: str = ""


@dataclass
class StoredQuery:
    name: str
    text: str
    title: str = ""
    questions: dict[str, str] = field(default_factory=dict)
    params: list[Param] = field(default_factory=list)
    answer: str = ""
    path: Path | None = None


_HEADER = re.compile(r"^#\s*([a-z-]+):\s*(.*)$")
_PARAM = re.compile(r'^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?P<default>"[^"]*"|<[^>]*>|-?[0-9]+)\s*(?:--\s*(?P<doc>.*))?$')


def parse_query(text: str, name: str, path: Path | None = None) -> StoredQuery:
    """Read a query's header comment (the ``# key: value`` lines before the first non-comment line)."""
    q = StoredQuery(name=name, text=text, path=path)
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "title":
            q.title = value
        elif key.startswith("question-"):
            q.questions[key.removeprefix("question-")] = value
        elif key == "param":
            pm = _PARAM.match(value)
            if not pm:
                raise QueryError(f"{path or name}: malformed parameter line {value!r}; expected NAME = DEFAULT -- description")
            q.params.append(Param(pm.group("name"), pm.group("default"), pm.group("doc") or ""))
        elif key == "answer":
            q.answer = value
    return q


def load_queries(directory: Path) -> list[StoredQuery]:
    """Every ``*.rq`` in ``directory``, sorted by name."""
    return [parse_query(p.read_text(encoding="utf-8"), p.stem, p) for p in sorted(Path(directory).glob("*.rq"))]


def find_query(spec: str, directory: Path, stdin: io.TextIOBase | None = None) -> StoredQuery:
    """A stored query by name, a query file by path, or ``-`` for a query on standard input."""
    if spec == "-":
        import sys

        return parse_query((stdin or sys.stdin).read(), "stdin")
    path = Path(spec)
    if path.suffix == ".rq" and path.exists():
        return parse_query(path.read_text(encoding="utf-8"), path.stem, path)
    candidate = Path(directory) / f"{spec}.rq"
    if candidate.exists():
        return parse_query(candidate.read_text(encoding="utf-8"), spec, candidate)
    names = [q.name for q in load_queries(directory)]
    import difflib

    close = difflib.get_close_matches(spec, names, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `kzgraph queries` lists them"
    raise QueryError(f"no stored query {spec!r}{hint}")


def bind(query: StoredQuery, values: dict[str, str]) -> str:
    """The query text with each given parameter's ``VALUES`` default replaced by the value."""
    declared = {p.name: p for p in query.params}
    text = query.text
    for name, raw in values.items():
        if name not in declared:
            known = ", ".join(declared) or "none"
            raise QueryError(f"query {query.name!r} has no parameter {name!r} (its parameters: {known})")
        term = _term_like(declared[name].default, raw, name)
        pattern = re.compile(r"(VALUES\s+\?" + re.escape(name) + r"\s*\{)[^}]*(\})")
        text, n = pattern.subn(lambda m: f"{m.group(1)} {term} {m.group(2)}", text, count=1)
        if n == 0:
            raise QueryError(f"query {query.name!r} declares parameter {name!r} but has no VALUES ?{name} clause")
    return text


def _term_like(default: str, raw: str, name: str) -> str:
    """Write ``raw`` as a SPARQL term of the same kind as the parameter's default."""
    if default.startswith("<"):
        if not re.match(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", raw):
            raise QueryError(f"parameter {name!r} expects an IRI, got {raw!r}")
        return f"<{raw}>"
    if re.match(r"^-?[0-9]+$", default):
        if not re.match(r"^-?[0-9]+$", raw):
            raise QueryError(f"parameter {name!r} expects a whole number, got {raw!r}")
        return raw
    return json.dumps(raw, ensure_ascii=False)  # a JSON string is a valid SPARQL string literal


# --- running ------------------------------------------------------------------------------------

def run(store: ox.Store, text: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run a query over the union of the store's graphs; a syntax error becomes a QueryError."""
    try:
        return store.query(text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None


def rows(results: ox.QuerySolutions) -> tuple[list[str], list[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]]]:
    variables = [v.value for v in results.variables]
    return variables, [[sol[v] for v in variables] for sol in results]


def short(term: object, prefixes: dict[str, str] | None = None) -> str:
    """A term as a person reads it: IRIs as prefixed names, literals as their text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, ns in (prefixes or default_prefixes()).items():
            if term.value.startswith(ns) and len(term.value) > len(ns):
                return f"{prefix}:{term.value[len(ns):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def default_prefixes(base: str = BASE) -> dict[str, str]:
    out = {"kz": str(id_namespace(base))}
    out.update({p: str(ns) for p, ns in PREFIXES.items() if p in ("kzo", "wd", "org", "prov", "xsd", "skos", "schema", "dcterms", "qb", "time", "owl", "rdf", "rdfs")})
    return out


def table(variables: list[str], data: list[list[object]], prefixes: dict[str, str] | None = None, width: int = 60) -> str:
    """An aligned plain-text table, long cells cut with an ellipsis, and a row count."""
    cells = [[_cut(short(t, prefixes), width) for t in row] for row in data]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(variables)]
    line = "  ".join(v.ljust(w) for v, w in zip(variables, widths)).rstrip()
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out)


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
                 "nt": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}


def render(results: object, fmt: str = "table", prefixes: dict[str, str] | None = None) -> bytes:
    """Results in the asked format: a table, a SPARQL results format, or RDF for CONSTRUCT/DESCRIBE."""
    if isinstance(results, ox.QueryBoolean):
        if fmt in ("json", "xml", "csv", "tsv"):
            return results.serialize(format=RESULT_FORMATS[fmt])
        return (("yes" if bool(results) else "no") + "\n").encode()
    if isinstance(results, ox.QueryTriples):
        rdf_format = GRAPH_FORMATS.get("turtle" if fmt == "table" else fmt)
        if rdf_format is None:
            raise QueryError(f"a CONSTRUCT or DESCRIBE result is a graph: use --format turtle, jsonld or nt, not {fmt}")
        pre = prefixes or default_prefixes()
        if rdf_format in (ox.RdfFormat.TURTLE,):
            return ox.serialize(results, format=rdf_format, prefixes=pre)
        return ox.serialize(results, format=rdf_format)
    assert isinstance(results, ox.QuerySolutions)
    if fmt == "table":
        variables, data = rows(results)
        return (table(variables, data, prefixes) + "\n").encode("utf-8")
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"unknown format {fmt!r}; expected table, csv, tsv, json or xml")
    return results.serialize(format=RESULT_FORMATS[fmt])
