"""Stored SPARQL queries: reading their headers, binding parameters, running and printing them.

A stored query is a plain SPARQL 1.1 file that runs as it is on any endpoint. Its header comment
says what it answers; each parameter is a ``VALUES ?name { default }`` clause in the body, so a
value given on the command line (``--param country=TUR``) replaces that clause's default and the
file stays valid SPARQL for anyone who copies it.

What runs (``bind``: `kzgraph query`, with or without ``--endpoint``, the server's and the static
site's query pages) has each parameter's value written into the query where its variable was, and
the VALUES clause removed, wherever that cannot change the answer: the same query for SPARQL, and
one that engines with a weak spot for VALUES bindings (Virtuoso 7.2) answer correctly too.

    # title: Consulates general of a state
    # question-en: In which cities does Kazakhstan have consulates general?
    # question-bg: В кои градове Казахстан има генерални консулства?
    # param: country = "KAZ" -- ISO 3166-1 alpha-3 code of the sending state
    # answer: one row per consulate general: city, host country, opening date if stated
    # param-bg: country -- ISO 3166-1 alpha-3 код на изпращащата държава
    # answer-bg: по един ред за всяко генерално консулство: град, приемаща държава, дата на откриване, ако е дадена

A ``# param-LANG: NAME -- description`` line gives a declared parameter's description in another
language (the ``# param:`` line's is English), as ``# title-LANG:`` does for the title.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..core.errors import UsageError
from ..curated.namespaces import BASE, PREFIX_TABLE

if TYPE_CHECKING:
    from ..sparql.check import Inspection
    from .params import Lookup


class QueryError(UsageError):
    """A query could not be found, bound or read: the user's to fix (exit status 2)."""


@dataclass(frozen=True)
class Param:
    """A parameter: its name (the variable of its VALUES clause), the kind of value it takes (see
    :mod:`kzgraph.asking.params`), its default as a person writes it, and what it means."""

    name: str
    default: str  # as a person writes it (CHN, en, 1991); in the old header form, a SPARQL term
    doc: str = ""
    kind: str = ""  # empty only in the old header form, without a kind
    several: bool = False  # takes a list of values (``(month list)`` in the header): comma-separated or repeated
    docs: dict[str, str] = field(default_factory=dict, compare=False)  # the description per other language (``# param-bg:``)

    def doc_in(self, lang: str) -> str:
        """The description in ``lang``, else the English one."""
        return self.docs.get(lang) or self.doc


@dataclass
class StoredQuery:
    """A stored query: its ``.rq`` text and its header (title, question per language, parameters, what the answer holds)."""

    name: str
    text: str
    title: str = ""
    questions: dict[str, str] = field(default_factory=dict)
    params: list[Param] = field(default_factory=list)
    answer: str = ""
    path: Path | None = None
    other_side: str = ""  # the stored query that asks the same of the other side of a mission (``# other-side:``)
    titles: dict[str, str] = field(default_factory=dict)  # the title per language (``# title:`` is English, ``# title-bg:``)
    topic: str = ""  # the subject the Queries page lists it under (``# topic:``, one of :data:`kzgraph.asking.topics.TOPICS`)
    answers: dict[str, str] = field(default_factory=dict)  # what the answer holds per other language (``# answer-bg:``)

    def answer_in(self, lang: str) -> str:
        """What the answer holds in ``lang``, else in English."""
        return self.answers.get(lang) or self.answer

    def title_in(self, lang: str) -> str:
        """The title in ``lang``, else the English one, else the query's name."""
        return self.titles.get(lang) or self.title or self.name


_HEADER = re.compile(r"^#\s*([a-z-]+):\s*(.*)$")
_PARAM = re.compile(r'^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?P<default>"[^"]*"|<[^>]*>|-?[0-9]+)\s*(?:--\s*(?P<doc>.*))?$')
# the form with a kind: NAME (KIND) = DEFAULT -- description
_KIND_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<kind>[a-z-]+)(?P<several>\s+list)?\)\s*=\s*(?P<default>\S+)\s*(?:--\s*(?P<doc>.*))?$"
)


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
            q.title = q.titles["en"] = value
        elif key.startswith("title-"):
            q.titles[key.removeprefix("title-")] = value
        elif key == "topic":
            from .topics import TOPICS

            if value not in TOPICS:
                raise QueryError(f"{path or name}: unknown topic {value!r}; the topics are: {', '.join(TOPICS)}")
            q.topic = value
        elif key.startswith("question-"):
            q.questions[key.removeprefix("question-")] = value
        elif key == "param":
            km = _KIND_PARAM.match(value)
            pm = None if km else _PARAM.match(value)
            if km:
                from .params import kind

                try:
                    kind(km.group("kind"))
                except UsageError as exc:
                    raise QueryError(f"{path or name}: parameter {km.group('name')!r}: {exc}") from None
                q.params.append(
                    Param(
                        km.group("name"), km.group("default"), km.group("doc") or "", km.group("kind"), bool(km.group("several"))
                    )
                )
            elif pm:
                q.params.append(Param(pm.group("name"), pm.group("default"), pm.group("doc") or ""))
            else:
                raise QueryError(
                    f"{path or name}: malformed parameter line {value!r}; expected NAME (KIND) = DEFAULT -- description"
                )
        elif key.startswith("param-"):
            _param_doc(q, key.removeprefix("param-"), value, path)
        elif key == "answer":
            q.answer = value
        elif key.startswith("answer-"):
            q.answers[key.removeprefix("answer-")] = value
        elif key == "other-side":
            q.other_side = value.split("--", 1)[0].strip()
    return q


_PARAM_DOC = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*--\s*(?P<doc>\S.*)$")


def _param_doc(q: StoredQuery, lang: str, value: str, path: Path | None) -> None:
    """Record a ``# param-LANG: NAME -- description`` line on the parameter it names, which must be
    declared above it: a description of a parameter the query does not have is an error, not ignored."""
    m = _PARAM_DOC.match(value)
    if not m:
        raise QueryError(f"{path or q.name}: malformed param-{lang} line {value!r}; expected NAME -- description")
    declared = {p.name: p for p in q.params}
    p = declared.get(m.group("name"))
    if p is None:
        known = ", ".join(declared) or "none"
        raise QueryError(
            f"{path or q.name}: param-{lang} line for {m.group('name')!r}, which no # param: line above declares ({known})"
        )
    p.docs[lang] = m.group("doc").strip()


def load_queries(directory: Path) -> list[StoredQuery]:
    """Every ``*.rq`` in ``directory``, sorted by name.

    A folder that is not there, or an ``.rq`` entry that is not a regular file (a folder, a FIFO, a
    link to one) is a :class:`QueryError` naming it, never an empty or shorter list of queries: the
    site, the server and the command line would otherwise each answer with fewer questions, silently."""
    import stat

    folder = Path(directory)
    if not folder.is_dir():
        raise QueryError(f"{folder}: no folder of stored queries here (expected a directory of .rq files)")
    queries = []
    for path in sorted(folder.glob("*.rq")):
        try:
            mode = path.stat().st_mode  # a link is followed: what it names must be a regular file
        except OSError as exc:
            raise QueryError(f"{path}: cannot read this stored query: {exc.strerror or exc}") from None
        if not stat.S_ISREG(mode):
            raise QueryError(f"{path}: not a regular file; a stored query is a .rq text file")
        queries.append(parse_query(_read_query_file(path, None), path.stem, path))
    return queries


def names_a_file(spec: str) -> bool:
    """Whether ``spec`` (the ``NAME|FILE|-`` of ``kzgraph query``) is standard input or a file by path
    rather than a stored query's name: ``-``, a name ending in ``.rq``, or one with a directory in it
    (stored queries are named by the stem of a file directly in ``queries/``)."""
    return spec == "-" or Path(spec).suffix == ".rq" or "/" in spec or os.sep in spec


def find_query(spec: str, directory: Path | None, stdin: io.TextIOBase | None = None) -> StoredQuery:
    """A stored query by name (in ``directory``), a query file by path, or ``-`` for a query on standard input.

    A file given by path is read as that file or reported as missing; it never falls back to the
    stored queries, whose "no stored query" would send the user looking for the wrong mistake."""
    if spec == "-":
        import sys

        return parse_query((stdin or sys.stdin).read(), "stdin")
    if names_a_file(spec):
        return parse_query(_read_query_file(Path(spec), directory), Path(spec).stem, Path(spec))
    candidate = Path(directory) / f"{spec}.rq" if directory is not None else None
    if candidate is not None and candidate.is_file():
        return parse_query(_read_query_file(candidate, None), spec, candidate)
    names = [q.name for q in load_queries(directory)] if directory is not None else []
    import difflib

    close = difflib.get_close_matches(spec, names, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `kzgraph queries` lists them"
    raise QueryError(f"no stored query {spec!r}{hint}")


def _read_query_file(path: Path, directory: Path | None) -> str:
    """The text of a query file, or one line saying why it cannot be read (missing, a directory,
    not readable, not UTF-8), with the stored query of the same name when a missing file has one."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        stored = Path(directory) / f"{path.stem}.rq" if directory is not None and path.suffix == ".rq" else None
        hint = f"; the stored query of that name runs with `kzgraph query {path.stem}`" if stored and stored.is_file() else ""
        raise QueryError(f"{path}: no such file{hint}") from None
    except IsADirectoryError:
        raise QueryError(f"{path}: is a directory, not a query file") from None
    except OSError as exc:
        raise QueryError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise QueryError(f"{path}: not UTF-8 text (byte {exc.start}); save the query as UTF-8") from None


Values = dict[str, "str | list[str]"]  # a parameter's value, or the values of a repeated one


def bind(query: StoredQuery, values: Values, lookup: Lookup | None = None, *, allow_service: bool = False) -> str:
    """The query as it is run: each parameter's value written into the query text.

    The stored text is read by the SPARQL check first (:func:`inspected`, kept per text): writing values
    in asks Oxigraph whether the rewritten text still reads, which runs it on an empty store, and a
    query that calls SERVICE would reach the address it names before any caller refused it. So a
    query with SERVICE is refused here, unless ``allow_service`` (``kzgraph query --allow-service``).

    A given value first replaces its ``VALUES`` clause's default (``bind_values``). Then each
    parameter whose value can stand in the text for its variable without changing the answer has its
    ``VALUES ?name { value }`` clause removed and the value written wherever ``?name`` is used
    (``inline_values``), so ``FILTER(lang(?l) = ?lang)`` becomes ``FILTER(lang(?l) = "en")``. The
    answer is the same on any engine that follows SPARQL, and engines that mis-evaluate a variable
    bound by VALUES (Virtuoso 7.2 inside an OPTIONAL's FILTER) get a query they answer correctly.
    Where that rewrite could change the answer (the variable is projected, ordered or grouped by,
    read in a sub-query, a MINUS or a nested group's FILTER...) the clause stays as it is.
    """
    inspected(query.text, allow_service=allow_service)
    return inline_values(bind_values(query, values, lookup), [p.name for p in query.params])


def bind_values(query: StoredQuery, values: Values, lookup: Lookup | None = None) -> str:
    """The query text with each given parameter's ``VALUES`` default replaced by the value, which
    is first read as a value of the parameter's kind and looked up in the graph (``lookup``).

    A parameter declared with ``list`` takes several values (a list, as a repeated ``--param`` or
    query-string field gives them, each possibly comma-separated), each checked like a single value;
    they all stand in its VALUES clause, so the answer is the union of the single answers."""
    declared = {p.name: p for p in query.params}
    text = query.text
    for name, raw in values.items():
        if name not in declared:
            known = ", ".join(declared) or "none"
            raise QueryError(f"query {query.name!r} has no parameter {name!r} (its parameters: {known})")
        term = " ".join(dict.fromkeys(resolve(declared[name], item, lookup) for item in _items(declared[name], raw, lookup)))
        pattern = re.compile(r"(VALUES\s+\?" + re.escape(name) + r"\s*\{)[^}]*(\})")
        text, n = pattern.subn(lambda m, term=term: f"{m.group(1)} {term} {m.group(2)}", text, count=1)
        if n == 0:
            raise QueryError(f"query {query.name!r} declares parameter {name!r} but has no VALUES ?{name} clause")
    return text


def _items(param: Param, raw: str | list[str], lookup: Lookup | None) -> list[str]:
    """The values given for ``param``: one, or for a list parameter each of the given values, split
    at commas unless the whole value is itself one (a name with a comma in it)."""
    given = [raw] if isinstance(raw, str) else list(raw)
    if not param.several:
        if len(given) != 1:
            raise QueryError(f"parameter {param.name!r} takes one value, got {len(given)}: {', '.join(map(repr, given))}")
        return given
    items: list[str] = []
    for value in given:
        if "," in value and not _resolves(param, value, lookup):
            items += [v for v in (part.strip() for part in value.split(",")) if v] or [value]
        else:
            items.append(value)
    if not items:
        raise QueryError(f"parameter {param.name!r} needs at least one value")
    return items


def _resolves(param: Param, raw: str, lookup: Lookup | None) -> bool:
    try:
        resolve(param, raw, lookup)
    except QueryError:
        return False
    return True


@dataclass(frozen=True)
class OtherSide:
    """What a query about the other side of a mission answers when this one has no rows."""

    query: StoredQuery
    values: dict
    rows: int

    def command(self) -> str:
        """The command that asks the other side, with the same parameter values."""
        shown = " ".join(f"--param {k}={v if isinstance(v, str) else ','.join(v)}" for k, v in self.values.items())
        return f"kzgraph query {self.query.name}" + (f" {shown}" if shown else "")

    def sentence(self) -> str:
        return f"no rows, but {self.rows} on the other side of the mission: `{self.command()}` ({self.query.title})"


def other_side_hint(query: StoredQuery, values: Values, lookup: Lookup, stored: list[StoredQuery]) -> OtherSide | None:
    """When ``query`` (one side of a mission: sending or host) has no rows for ``values`` but the query
    its header names for the other side (``# other-side: NAME``) has some: that query, the values it
    shares and its row count; otherwise None. Both run through ``lookup``, on the graph the query runs
    on, so a hint never names rows that are not there."""
    if not query.other_side or lookup(bind(query, values, lookup)):
        return None
    other = next((q for q in stored if q.name == query.other_side), None)
    if other is None:
        return None
    given = {k: v for k, v in values.items() if any(p.name == k for p in other.params)}
    rows = len(lookup(bind(other, given, lookup)))
    return OtherSide(other, given, rows) if rows else None


def resolve(param: Param, raw: str, lookup: Lookup | None) -> str:
    """The SPARQL term a value stands for, by the parameter's kind; the old header form, without a
    kind, writes the value as a term like its default."""
    if not param.kind:
        return _term_like(param.default, raw, param.name)
    from .params import ParamError, kind

    k = kind(param.kind)
    if lookup is None and not k.literal:
        raise QueryError(f"parameter {param.name!r} ({param.kind}) is looked up in the graph, and there is none here")
    try:
        return k.resolve(raw, lookup).term  # type: ignore[arg-type]
    except ParamError as exc:
        raise QueryError(f"parameter {param.name!r} ({param.kind}): {exc}") from None


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


# --- writing parameter values into the query ---------------------------------------------------

_IRI = r'<[^<>"{}|^`\\\x00-\x20]*>'
_PNAME = r"(?:[^\W\d][\w.-]*)?:(?:[\w:%-]|\\.|\.(?=[\w:%-]))*"
_STRING = "|".join(
    [r'"""(?:[^"\\]|\\.|"(?!""))*"""', r"'''(?:[^'\\]|\\.|'(?!''))*'''", r'"(?:[^"\\\n\r]|\\.)*"', r"'(?:[^'\\\n\r]|\\.)*'"]
)
_TOKEN = re.compile(
    "|".join(
        [
            r"(?P<ws>\s+)",
            r"(?P<comment>#[^\n]*)",
            f"(?P<iri>{_IRI})",
            f"(?P<literal>(?:{_STRING})(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\\^\\^(?:{_IRI}|{_PNAME}))?)",
            r"(?P<var>[?$]\w+)",
            r"(?P<number>(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?)",
            f"(?P<pname>{_PNAME})",
            r"(?P<word>[^\W\d]\w*)",
            r"(?P<punct>[{}()\[\],;.])",
            r"(?P<op>\^\^|&&|\|\||!=|<=|>=|.)",
        ]
    ),
    re.S,
)


@dataclass
class _Token:
    kind: str
    text: str
    start: int
    end: int


@dataclass
class _Frame:
    """A ``{ }`` group or a ``( )`` of the WHERE clause, and which uses of a parameter it may rewrite.

    ``patterns``: a variable in a triple pattern here may become the value; ``filters`` and
    ``binds``: a variable in a FILTER or BIND expression of this group may; ``exprs``: for an
    expression's parentheses, whether the variables in it may; ``everything``: inside a FILTER
    EXISTS evaluated where the parameter is bound (EXISTS substitutes the variable throughout).
    """

    kind: str
    patterns: bool = False
    filters: bool = False
    binds: bool = False
    exprs: bool = False
    everything: bool = False


@dataclass
class _Clause:
    start: int
    end: int
    variables: list[str]
    data: list[_Token]
    leading: bool  # before every other element of the WHERE group


@dataclass
class _Use:
    name: str
    start: int
    end: int
    safe: bool
    in_expression: bool


_UNSAFE = _Frame("unsafe")


def _tokens(text: str) -> list[_Token]:
    return [
        _Token(m.lastgroup or "op", m.group(), m.start(), m.end())
        for m in _TOKEN.finditer(text)
        if m.lastgroup not in ("ws", "comment")
    ]


def _analyse(text: str) -> tuple[list[_Clause], list[_Use]]:
    """The VALUES clauses of the WHERE group and every use of a variable, each marked safe or not.

    A use is safe when writing the one value of a leading ``VALUES ?v { value }`` clause in its
    place gives the same answer: in a triple pattern of the WHERE group, of a group or UNION branch
    inside it, or of an OPTIONAL directly in it (the pattern is joined with the binding); in a
    FILTER or BIND of the WHERE group or a FILTER of such an OPTIONAL (SPARQL evaluates them with
    the binding); anywhere inside a FILTER (NOT) EXISTS evaluated there. Anything else — the
    projection, a CONSTRUCT template, GROUP BY, HAVING, ORDER BY, a sub-query, MINUS, SERVICE,
    another VALUES clause, a nested OPTIONAL, a FILTER or BIND of a nested group, the target of a
    BIND — is unsafe.
    """
    tokens = _tokens(text)
    clauses: list[_Clause] = []
    uses: list[_Use] = []
    stack: list[_Frame] = []
    form = ""
    where_seen = star = False
    pending = ""  # a keyword waiting for its "{" or "(": optional, minus, graph, service, values, filter, bind, exists
    exists_host = False  # for a pending EXISTS: whether the expression it is in is safe
    leading = True  # no element other than VALUES clauses seen yet in the WHERE group
    clause: _Clause | None = None
    previous = ""
    for i, tok in enumerate(tokens):
        upper = tok.text.upper() if tok.kind == "word" else ""
        top = stack[-1] if stack else None
        in_where = bool(stack) and stack[0].kind == "where"
        if (
            top is not None
            and top.kind == "where"
            and clause is None
            and upper != "VALUES"
            and pending != "values"
            and not (tok.kind == "punct" and tok.text == "}")
        ):
            leading = False
        if not stack and upper in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE") and not form:
            form = upper
        elif not stack and form in ("SELECT", "DESCRIBE") and not where_seen and tok.text == "*":
            star = True
        if tok.kind == "var":
            name = tok.text[1:]
            if pending == "values":
                if clause is not None:
                    clause.variables.append(name)
                safe, expr = False, False
            elif top is None or not in_where:
                safe, expr = False, False
            elif top.kind == "expr":
                safe, expr = top.exprs and previous != "AS", True
            elif top.kind == "values" or pending == "service":
                safe, expr = False, False
            else:  # a triple pattern, a collection or a path in one, or the name of a GRAPH
                safe, expr = top.patterns or top.everything, False
            uses.append(_Use(name, tok.start, tok.end, safe, expr))
        elif upper in ("OPTIONAL", "MINUS", "GRAPH", "SERVICE", "BIND") or (upper == "VALUES" and stack):
            pending = upper.lower()
            if upper == "VALUES" and top is not None and top.kind == "where":
                clause = _Clause(tok.start, tok.end, [], [], leading)
        elif upper == "VALUES":  # a VALUES clause after the WHERE group: for the whole query
            pending = "values"
        elif upper == "FILTER":
            pending = "filter"
        elif upper == "EXISTS":
            if pending == "filter":
                exists_host = bool(top) and (top.filters or top.everything)
            else:
                exists_host = bool(top) and top.kind == "expr" and top.exprs
            pending = "exists"
        elif tok.text == "{":
            following = tokens[i + 1].text.upper() if i + 1 < len(tokens) else ""
            if not stack:
                if form == "CONSTRUCT" and previous == "CONSTRUCT":
                    frame = _Frame("template")
                elif pending == "values":
                    frame = _Frame("values")
                elif not where_seen:
                    where_seen = True
                    short_construct = (
                        form == "CONSTRUCT" and previous == "WHERE" and i >= 2 and tokens[i - 2].text.upper() == "CONSTRUCT"
                    )
                    frame = _UNSAFE if short_construct or star else _Frame("where", patterns=True, filters=True, binds=True)
                else:
                    frame = _UNSAFE
            elif following == "SELECT" or pending in ("minus", "service", "values") or top.kind in ("template", "unsafe"):
                frame = _Frame("values") if pending == "values" else _UNSAFE
            elif pending == "exists":
                frame = _Frame("exists", everything=exists_host)
            elif top.everything:
                frame = _Frame("group", everything=True)
            elif pending == "optional":
                direct = top.kind == "where"
                frame = _Frame("optional", patterns=direct, filters=direct)
            elif top.kind == "expr":
                frame = _UNSAFE
            else:  # a group, a UNION branch or a GRAPH
                frame = _Frame("group", patterns=top.patterns)
            if top is not None and top.kind == "where" and frame.kind != "values":
                leading = False
            stack.append(frame)
            pending = ""
        elif tok.text == "}":
            if stack:
                closed = stack.pop()
                if closed.kind == "values" and clause is not None and stack and stack[-1].kind == "where":
                    clause.end = tok.end
                    clauses.append(clause)
                    clause = None
        elif tok.text == "(":
            if top is None:
                frame = _UNSAFE
            elif pending in ("filter", "bind"):
                ok = top.everything or (top.filters if pending == "filter" else top.binds)
                frame = _Frame("expr", exprs=ok, everything=top.everything)
            elif top.kind == "expr":
                frame = _Frame("expr", exprs=top.exprs, everything=top.everything)
            elif pending == "values":
                frame = _UNSAFE  # VALUES (?a ?b)
            else:  # a collection or a path group in a triple pattern
                frame = _Frame("paren", patterns=top.patterns, everything=top.everything)
            stack.append(frame)
            if pending in ("filter", "bind"):
                pending = ""
        elif tok.text == ")":
            if stack and stack[-1].kind in ("expr", "paren", "unsafe"):
                stack.pop()
        elif clause is not None and top is not None and top.kind == "values":
            clause.data.append(tok)
        # anything else (FILTER's NOT or function name, GRAPH's name ...) leaves ``pending`` waiting
        previous = upper or tok.text
    return clauses, uses


def _single_term(data: list[_Token]) -> str | None:
    """The one RDF term a VALUES row holds, or None (several, UNDEF, or not a term)."""
    texts = [t.text for t in data]
    if len(data) == 1 and (data[0].kind in ("iri", "literal", "number", "pname") or texts[0] in ("true", "false")):
        return texts[0]
    if len(data) == 2 and texts[0] in ("-", "+") and data[1].kind == "number" and data[0].end == data[1].start:
        return texts[0] + texts[1]
    return None


def inline_values(text: str, names: list[str]) -> str:
    """``text`` with each ``VALUES ?name { value }`` clause of ``names`` removed and ``value`` written
    where ``?name`` is used, for each name where that gives the same answer (see ``_analyse``).

    A name is left in its VALUES form when its clause is not among the first elements of the WHERE
    group, holds other than one value, or any use of the variable is unsafe (it is projected, for
    instance); and when writing the value in makes the query invalid (a literal where only an IRI
    may stand).
    """
    if not names:
        return text
    try:
        clauses, uses = _analyse(text)
    except IndexError:  # unbalanced brackets: the query is not valid SPARQL anyway
        return text
    chosen: dict[str, tuple[_Clause, str]] = {}
    for name in names:
        own = [c for c in clauses if name in c.variables]
        if len(own) != 1 or own[0].variables != [name] or not own[0].leading:
            continue
        term = _single_term(own[0].data)
        inside = [u for u in uses if not (own[0].start <= u.start < own[0].end)]
        if term is not None and all(u.safe for u in inside if u.name == name):
            chosen[name] = (own[0], term)
    if not chosen:
        return text
    out = _written(text, uses, chosen)
    if not _parses(out) and _parses(text):
        kept: dict[str, tuple[_Clause, str]] = {}
        for name, found in chosen.items():
            if _parses(_written(text, uses, {**kept, name: found})):
                kept[name] = found
        out = _written(text, uses, kept)
    return out


def _written(text: str, uses: list[_Use], chosen: dict[str, tuple[_Clause, str]]) -> str:
    edits: list[tuple[int, int, str]] = []
    for clause, _ in chosen.values():
        start, end = clause.start, clause.end
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        if not text[line_start:start].strip() and not text[end:line_end].strip():
            start, end = line_start, min(line_end + 1, len(text))  # the clause's whole line
        edits.append((start, end, ""))
    for use in uses:
        if use.name not in chosen:
            continue
        clause, term = chosen[use.name]
        if clause.start <= use.start < clause.end:
            continue
        value = f"({term})" if use.in_expression and term[0] in "+-" else term
        if use.start > 0 and re.match(r"[\w:.\-]", text[use.start - 1]):
            value = " " + value
        if use.end < len(text) and re.match(r"[\w:\-]", text[use.end]):
            value += " "
        edits.append((use.start, use.end, value))
    for start, end, value in sorted(edits, reverse=True):
        text = text[:start] + value + text[end:]
    return text


def _parses(text: str) -> bool:
    try:
        ox.Store().query(text)
    except SyntaxError:
        return False
    return True


# --- running ------------------------------------------------------------------------------------


def checked(text: str, *, allow_service: bool = False) -> str:
    """The text to run on the embedded store: the one reading of ``text`` that the SPARQL check read
    (:func:`kzgraph.sparql.check.inspect`), so that what runs is what was checked.

    A query that calls SERVICE makes the engine fetch whatever address it names; on the command line
    that happens only when the user asks for it (``allow_service``). An update, or a text the
    checking parser cannot read, is refused as on the endpoint (only size is not limited here)."""
    return inspected(text, allow_service=allow_service).text


def inspected(text: str, *, allow_service: bool = False) -> Inspection:
    """What the SPARQL check reads in ``text`` (:func:`kzgraph.sparql.check.inspect`, no size limit), or
    the :class:`QueryError` that says why it refuses it (see :func:`checked`)."""
    from ..sparql.check import Limits, QueryRefused, inspect

    try:
        return inspect(text, Limits(max_bytes=1 << 24, max_depth=200, max_nodes=10_000_000), allow_service=allow_service)
    except QueryRefused as exc:
        if exc.service is not None:
            raise QueryError(
                f"the query calls SERVICE {exc.service}, which fetches from another address; "
                "pass --allow-service to run federated queries"
            ) from None
        if exc.status == 403:
            raise QueryError("SPARQL Update is not run here: `kzgraph query` runs SELECT, ASK, CONSTRUCT and DESCRIBE") from None
        raise QueryError(str(exc)) from None


def run_stored(
    store: ox.Store,
    query: StoredQuery,
    values: Values | None = None,
    lookup: Lookup | None = None,
    *,
    asserted: bool = False,
    allow_service: bool = False,
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """A stored query as every caller that holds the release runs it: its values written in
    (:func:`bind`), the text that gives read once more by the SPARQL check (the one reading: what
    runs is the text the check read; SERVICE refused unless ``allow_service``), a ``FROM`` naming a
    graph the release lacks refused (the engine would read it as empty), and the checked text run on
    the release's default dataset (:func:`run`). ``kzgraph query`` does the same in its own steps, to
    say what it finds on the way (misspelt terms, unused variables)."""
    from ..sparql.term_check import unknown_graphs

    text = bind(query, values or {}, lookup, allow_service=allow_service)
    inspection = inspected(text, allow_service=allow_service)
    missing = unknown_graphs(store, inspection.graphs)
    if missing:
        raise QueryError(missing)
    return run(store, inspection.text, asserted=asserted, names_dataset=inspection.names_dataset)


def run(
    store: ox.Store,
    text: str,
    prefixes: dict[str, str] | None = None,
    *,
    asserted: bool = False,
    base_iri: str = BASE,
    default_graphs: Iterable[str] = (),
    named_graphs: Iterable[str] = (),
    names_dataset: bool | None = None,
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run a query on the release's default dataset (:func:`kzgraph.pipeline.embedded_store.dataset_options`: the data
    with its inferences, or ``asserted`` without them; a query's own ``FROM`` wins), the project's
    prefixes known without declaration and relative IRIs read against ``base_iri`` (the release's
    base, as the endpoint reads them against its own address); a syntax error becomes a
    :class:`QueryError` that explains it.

    ``default_graphs``/``named_graphs`` name the dataset as the protocol's ``default-graph-uri`` and
    ``named-graph-uri`` do on ``/sparql`` (exactly those graphs, over the query's ``FROM``): the same
    path for a store that holds other graphs than a release's, such as a W3C test's data.
    ``names_dataset``: whether the text has FROM, when the caller's check already read it (else it is read here)."""
    from ..pipeline.embedded_store import dataset_options

    table = PREFIX_TABLE if prefixes is None else prefixes
    dataset = dataset_options(
        asserted=asserted,
        query_names_dataset=_reads_dataset(text) if names_dataset is None else names_dataset,
        default_graphs=default_graphs,
        named_graphs=named_graphs,
        store=store,
    )
    try:
        return store.query(text, prefixes=table, base_iri=base_iri, **dataset)
    except SyntaxError as exc:
        from ..sparql.errors import explain

        raise QueryError(explain(text, str(exc), table).render()) from None
    except RuntimeError as exc:  # refused before any row: a function the engine lacks, say
        raise _evaluation_error(text, exc) from None


@contextmanager
def evaluation_errors(text: str) -> Iterator[None]:
    """Errors the engine raises while the results of ``text`` are read (a SERVICE that fails, a
    function it lacks) as one plain :class:`QueryError` line instead of a traceback."""
    try:
        yield
    except QueryError:
        raise
    except (RuntimeError, OSError, SyntaxError) as exc:
        raise _evaluation_error(text, exc) from None


def _evaluation_error(text: str, exc: Exception) -> Exception:
    """The QueryError for an evaluation error the engine states in a known form; an OSError of
    another kind (the store failing) stays what it is."""
    from ..sparql.errors import explain_evaluation

    plain = explain_evaluation(text, exc)
    if plain is None and isinstance(exc, OSError):
        return exc
    return QueryError(plain or f"the engine could not run the query: {str(exc).strip()}")


def _reads_dataset(text: str) -> bool:
    """Whether ``text`` has FROM (:func:`kzgraph.sparql.check.names_dataset`); a text the checking parser
    cannot read is a :class:`QueryError`, as :func:`checked` makes it, never run on a guessed dataset."""
    from ..sparql.check import names_dataset

    answer = names_dataset(text)
    if answer is None:
        raise QueryError(
            "the query cannot be read by the SPARQL check, so its dataset is unknown; run it with `kzgraph query`, which says why"
        )
    return answer


def with_declarations(text: str, table: dict[str, str] | None = None) -> str:
    """``text`` with a ``PREFIX`` line for each known prefix it uses without declaring (for a remote
    endpoint, which knows none of the project's). Which prefixes a query uses and declares is read
    from its syntax tree; a query that parser cannot read gets every known prefix it does not
    declare, which is harmless."""
    table = PREFIX_TABLE if table is None else table
    used, declared = _prefixes_in(text)
    wanted = sorted(p for p in (used if used is not None else table) if p in table and p not in declared)
    return "".join(f"PREFIX {p}: <{table[p]}>\n" for p in wanted) + text


def _prefixes_in(text: str) -> tuple[set[str] | None, set[str]]:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    from ..sparql.tree import deep_call

    try:
        tree = deep_call(lambda: parseQuery(text))
    except Exception:  # noqa: BLE001 - not readable here: the endpoint will say what is wrong
        return None, set()
    used: set[str] = set()
    declared: set[str] = set()
    stack: list[object] = [tree]
    while stack:
        value = stack.pop()
        if isinstance(value, CompValue):
            if value.name == "pname":
                used.add(value.get("prefix") or "")
            elif value.name == "PrefixDecl":
                declared.add(value.get("prefix") or "")
            stack.extend(value.values())
        elif isinstance(value, (list, tuple, ParseResults)):
            stack.extend(value)
    return used, declared
