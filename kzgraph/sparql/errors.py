"""SPARQL syntax errors a person can read: where, the line with a caret, and one plain sentence.

Parsers report what their grammar expected (Oxigraph lists character ranges, pyparsing names
rules); neither says "this prefix is not declared" or "did you mean WHERE?". This module explains a
query that a parser has already refused: it reads the text into tokens — for the explanation only;
whether a query may run is decided by the parsers — and looks for the mistakes people make, in the
order they appear in the text: an unknown prefix (with the known ones), a ``/`` in a prefixed name
(with the short name that works), a misspelt keyword or function (with the nearest one), an
unclosed or stray bracket, an unterminated string or IRI. When it finds none of these it keeps the
parser's own position and says in plain words what could come there, without the grammar dump.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace

from ..curated.namespaces import PREFIX_TABLE, short_name
from .scope import KIND_TEXT, ScopeProblem, engine_kind, find

KEYWORDS = frozenset(
    [
        "SELECT",
        "CONSTRUCT",
        "DESCRIBE",
        "ASK",
        "WHERE",
        "PREFIX",
        "BASE",
        "FROM",
        "NAMED",
        "DISTINCT",
        "REDUCED",
        "AS",
        "OPTIONAL",
        "UNION",
        "MINUS",
        "GRAPH",
        "SERVICE",
        "SILENT",
        "FILTER",
        "BIND",
        "VALUES",
        "UNDEF",
        "GROUP",
        "BY",
        "HAVING",
        "ORDER",
        "ASC",
        "DESC",
        "LIMIT",
        "OFFSET",
        "EXISTS",
        "NOT",
        "IN",
        "A",
        "TRUE",
        "FALSE",
        "SEPARATOR",
        "STR",
        "LANG",
        "LANGMATCHES",
        "DATATYPE",
        "BOUND",
        "IRI",
        "URI",
        "BNODE",
        "RAND",
        "ABS",
        "CEIL",
        "FLOOR",
        "ROUND",
        "CONCAT",
        "STRLEN",
        "UCASE",
        "LCASE",
        "ENCODE_FOR_URI",
        "CONTAINS",
        "STRSTARTS",
        "STRENDS",
        "STRBEFORE",
        "STRAFTER",
        "YEAR",
        "MONTH",
        "DAY",
        "HOURS",
        "MINUTES",
        "SECONDS",
        "TIMEZONE",
        "TZ",
        "NOW",
        "UUID",
        "STRUUID",
        "MD5",
        "SHA1",
        "SHA256",
        "SHA384",
        "SHA512",
        "COALESCE",
        "IF",
        "STRLANG",
        "STRDT",
        "SAMETERM",
        "ISIRI",
        "ISURI",
        "ISBLANK",
        "ISLITERAL",
        "ISNUMERIC",
        "REGEX",
        "SUBSTR",
        "REPLACE",
        "COUNT",
        "SUM",
        "MIN",
        "MAX",
        "AVG",
        "SAMPLE",
        "GROUP_CONCAT",
        "INSERT",
        "DELETE",
        "DATA",
        "LOAD",
        "CLEAR",
        "DROP",
        "CREATE",
        "ADD",
        "MOVE",
        "COPY",
        "WITH",
        "USING",
        "DEFAULT",
        "ALL",
        "INTO",
        "TO",
        "LATERAL",
        "TRIPLE",
        "SUBJECT",
        "PREDICATE",
        "OBJECT",
        "ISTRIPLE",
        "ADJUST",
        "LANGDIR",
        "HASLANG",
        "HASLANGDIR",
        "STRLANGDIR",
    ]
)
# How keywords are usually written, for suggestions.
_SPELLING = {k: k for k in KEYWORDS} | {
    "A": "a",
    "TRUE": "true",
    "FALSE": "false",
    "SAMETERM": "sameTerm",
    "ISIRI": "isIRI",
    "ISURI": "isURI",
    "ISBLANK": "isBLANK",
    "ISLITERAL": "isLITERAL",
    "ISNUMERIC": "isNUMERIC",
}

_PN_PREFIX = r"(?:[A-Za-z\u00C0-\uFFFF](?:[\w.\-\u00B7]*[\w\-\u00B7])?)?"
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<badiri><[^<>\s]*\s[^>]*>)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<open_string>'''|\"\"\"|['"])
  | (?P<var>[?$][\w\u00B7\u00C0-\uFFFF]+)
  | (?P<bnode>_:[\w.\-]+)
  | (?P<pname>"""
    + _PN_PREFIX
    + r""":(?:[\w\-:%\u00B7\u00C0-\uFFFF]|\\[_~.\-!$&'()*+,;=/?#@%]|\.(?=[\w\-:%]))*)
  | (?P<number>[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<word>[A-Za-z_][\w]*)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<other>\^\^|&&|\|\||!=|<=|>=|.)
""",
    re.X | re.S,
)


@dataclass(frozen=True)
class Token:
    """A token of a query: its kind (a group of the token pattern), its text, its offset in the query."""

    kind: str
    text: str
    start: int


@dataclass(frozen=True)
class SyntaxProblem:
    """One mistake: where it is and what to do about it."""

    line: int
    column: int
    source_line: str
    message: str
    label: str = "SPARQL syntax error"  # "SPARQL error" for a grammatical query that breaks SPARQL's rules

    def render(self) -> str:
        """``SPARQL syntax error at line L, column C: …`` then the line and a caret under the spot."""
        text, col = _window(self.source_line, self.column)
        return f"{self.label} at line {self.line}, column {self.column}: {self.message}\n  {text}\n  {' ' * (col - 1)}^"

    def __str__(self) -> str:
        return self.render()


def tokens(text: str) -> list[Token]:
    """The tokens of a query, white space and comments left out; operators and stray characters are ``other``."""
    return [
        Token(m.lastgroup or "other", m.group(), m.start()) for m in _TOKEN.finditer(text) if m.lastgroup not in ("ws", "comment")
    ]


def explain(
    text: str,
    parser_message: str | None = None,
    prefixes: dict[str, str] | None = None,
    parser_position: tuple[int, int] | None = None,
) -> SyntaxProblem:
    """Why ``text`` is not a query: the first mistake found in it, else the parser's position in
    plain words. ``prefixes`` are those known without declaration (default: the project's)."""
    known = dict(PREFIX_TABLE if prefixes is None else prefixes)
    toks = tokens(text)
    if not text.strip():
        return _problem(text, 0, "the query is empty: write a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    kind = engine_kind(parser_message)
    if kind is not None:  # the engine says which rule the query breaks: the tree says where
        return _semantic(text, toks, _find(_tree(text), kind), kind, parser_message)
    found = [
        p
        for p in (
            _unknown_prefix(toks, known),
            _slash_in_name(toks, text, known),
            _misspelt_word(toks),
            _unterminated(toks),
            _brackets(toks),
        )
        if p is not None
    ]
    if found:
        at, message = min(found, key=lambda p: p[0])
        return _problem(text, at, message)
    scope = _find(_tree(text), None) if parser_message is not None else None
    if scope is not None:  # grammatical, refused by the engine, and a rule of SPARQL says why
        return _semantic(text, toks, scope, scope.kind, parser_message)
    return _fallback(text, parser_message, parser_position)


def _tree(text: str) -> object | None:
    """The query's syntax tree by rdflib's parser (None when it cannot read it either)."""
    from rdflib.plugins.sparql.parser import parseQuery

    from .tree import deep_call

    try:
        try:
            return parseQuery(text)
        except RecursionError:
            return deep_call(lambda: parseQuery(text))
    except Exception:  # noqa: BLE001 - not readable: the syntax explanation applies
        return None


def _find(tree: object | None, kind: str | None) -> ScopeProblem | None:
    """:func:`kzgraph.sparql.scope.find` on the tree, on a deep stack when the tree is deeper than
    this thread's (its checks recurse once per level of nesting); None without a tree."""
    from .tree import deep_call

    if tree is None:
        return None
    try:
        return find(tree, kind)
    except RecursionError:
        try:
            return deep_call(lambda: find(tree, kind))
        except RecursionError:
            return None


def _semantic(text: str, toks: list[Token], scope: ScopeProblem | None, kind: str, message: str | None) -> SyntaxProblem:
    """A semantic error at the place it concerns (else where the engine stopped), labelled as such."""
    at = _locate(toks, scope) if scope is not None else None
    if at is None:
        m = _OX_POSITION.match(message or "")
        at = _offset(text, int(m.group(1)), int(m.group(2))) if m else 0
    plain = scope.message if scope is not None else KIND_TEXT[kind]
    return replace(_problem(text, at, plain), label="SPARQL error")


def _locate(toks: list[Token], scope: ScopeProblem) -> int | None:
    """The offset of the ``nth_token``-th ``token`` after the ``n``-th ``keyword`` (for the caret)."""
    start = 0
    if scope.keyword:
        hits = [i for i, t in enumerate(toks) if t.kind == "word" and t.text.upper() == scope.keyword]
        if scope.n >= len(hits):
            return None
        start = hits[scope.n]
        if not scope.token:
            return toks[start].start
    wanted = scope.token.lstrip("?$") if scope.token.startswith("?") else scope.token
    found = [t for t in toks[start:] if (t.kind == "var" and t.text[1:] == wanted) or (t.kind != "var" and t.text == wanted)]
    return found[scope.nth_token].start if scope.nth_token < len(found) else None


def _declared(toks: list[Token]) -> dict[str, str]:
    out = {}
    for i, tok in enumerate(toks[:-2]):
        if tok.kind == "word" and tok.text.upper() == "PREFIX" and toks[i + 1].kind == "pname" and toks[i + 2].kind == "iri":
            out[toks[i + 1].text[:-1]] = toks[i + 2].text[1:-1]
    return out


def _unknown_prefix(toks: list[Token], known: dict[str, str]) -> tuple[int, str] | None:
    declared = _declared(toks)
    for i, tok in enumerate(toks):
        if tok.kind != "pname":
            continue
        prefix = tok.text.split(":", 1)[0]
        if prefix in declared or prefix in known:
            continue
        if i > 0 and toks[i - 1].kind == "word" and toks[i - 1].text.upper() == "PREFIX":
            continue
        close = difflib.get_close_matches(prefix, list(known) + list(declared), n=1, cutoff=0.6)
        hint = f" Did you mean {close[0]}:?" if close else ""
        return tok.start, (
            f"the prefix {prefix}: is not declared and not one of the known prefixes.{hint} Known: "
            f"{_listing(known, declared)} (`kzgraph prefixes` prints them all); or declare it: "
            f"PREFIX {prefix}: <…>"
        )
    return None


def _listing(known: dict[str, str], declared: dict[str, str]) -> str:
    """The known prefixes, the per-kind ones folded into one item (there are dozens)."""
    ids = PREFIX_TABLE.get("kz", "")
    kinds = sorted(p for p, iri in known.items() if ids and iri.startswith(ids) and p != "kz")
    others = sorted((set(known) | set(declared)) - set(kinds))
    shown = [f"{p}:" for p in others]
    if kinds:
        sample = [k for k in ("state", "mission", "city", "organization", "relation") if k in kinds] or kinds[:3]
        shown.append("one per kind of resource (" + ", ".join(f"{k}:" for k in sample) + " …)")
    return ", ".join(shown)


def _slash_in_name(toks: list[Token], text: str, known: dict[str, str]) -> tuple[int, str] | None:
    declared = {**known, **_declared(toks)}
    for i, tok in enumerate(toks[:-1]):
        nxt = toks[i + 1]
        if tok.kind == "pname" and nxt.text == "/" and nxt.start == tok.start + len(tok.text):
            m = re.match(r"[^\s{}()<>;,]+", text[tok.start :])
            written = m.group() if m else tok.text
            prefix, _, local = written.partition(":")
            iri = declared.get(prefix, "") + local
            better = short_name(iri) if prefix in declared else f"<…{local}>"
            return tok.start, (f"{written} is not a prefixed name: a prefixed name cannot hold '/'. Write {better} instead")
    return None


def _misspelt_word(toks: list[Token]) -> tuple[int, str] | None:
    for tok in toks:
        if tok.kind != "word" or tok.text.upper() in KEYWORDS:
            continue
        close = difflib.get_close_matches(tok.text.upper(), sorted(KEYWORDS), n=1, cutoff=0.6)
        if close:
            return tok.start, f"{tok.text} is not a SPARQL keyword or function. Did you mean {_SPELLING[close[0]]}?"
        return tok.start, (
            f"{tok.text} is not a SPARQL keyword or function; a variable starts with ? (?{tok.text}), "
            f'a prefixed name has a colon (prefix:{tok.text}), text goes in quotes ("{tok.text}")'
        )
    return None


def _unterminated(toks: list[Token]) -> tuple[int, str] | None:
    for tok in toks:
        if tok.kind == "open_string":
            return tok.start, f"this string is never closed: add the closing {tok.text}"
        if tok.kind == "badiri":
            return tok.start, "an IRI cannot contain spaces: write it without them, or %20"
    return None


_PAIRS = {"{": "}", "(": ")", "[": "]"}


def _brackets(toks: list[Token]) -> tuple[int, str] | None:
    stack: list[Token] = []
    for tok in toks:
        if tok.kind == "open":
            stack.append(tok)
        elif tok.kind == "close":
            if not stack:
                return tok.start, f"this {tok.text} closes nothing: there is no opening {_opening(tok.text)} before it"
            opened = stack.pop()
            if _PAIRS[opened.text] != tok.text:
                return tok.start, (
                    f"this {tok.text} does not match the {opened.text} it would close; expected {_PAIRS[opened.text]}"
                )
    if stack:
        return stack[-1].start, f"this {stack[-1].text} is never closed: add {_PAIRS[stack[-1].text]} where it ends"
    return None


def _opening(close: str) -> str:
    return next(o for o, c in _PAIRS.items() if c == close)


_OX_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.S)
# what Oxigraph's "expected" lists hold that is plain language
_OX_PLAIN = {
    "Prefix not found": "this prefix is not declared",
    "IRI parsing failed": "this IRI is not valid",
}


def _fallback(text: str, message: str | None, position: tuple[int, int] | None) -> SyntaxProblem:
    line, col, expected = 1, 1, ""
    m = _OX_POSITION.match(message or "")
    if m:
        line, col, expected = int(m.group(1)), int(m.group(2)), m.group(3)
    elif position is not None:
        line, col = position
    offset = _offset(text, line, col)
    for raw, plain in _OX_PLAIN.items():
        if raw in expected:
            return _problem(text, offset, plain)
    items = [i for i in re.findall(r'"((?:[^"\\]|\\.)+)"|\b([A-Z][A-Z_]+)\b', expected)]
    words = sorted({a or b for a, b in items if (a or b) and (a or b) not in ("[_]",)})[:10]
    at_end = offset >= len(text.rstrip())
    where = "the query ends before it is complete" if at_end else "the query cannot be read from here"
    hint = f"; what may come here: {', '.join(words)}" if words else ""
    return _problem(text, offset, where + hint)


def _offset(text: str, line: int, col: int) -> int:
    lines = text.split("\n")
    line = max(1, min(line, len(lines)))
    return sum(len(x) + 1 for x in lines[: line - 1]) + max(0, col - 1)


def _problem(text: str, offset: int, message: str) -> SyntaxProblem:
    offset = max(0, min(offset, len(text)))
    before = text[:offset]
    line = before.count("\n") + 1
    start = before.rfind("\n") + 1
    end = text.find("\n", offset)
    source = text[start : end if end >= 0 else len(text)].replace("\t", " ")
    return SyntaxProblem(line, offset - start + 1, source, message)


def _window(line: str, col: int, width: int = 100) -> tuple[str, int]:
    """A long line cut to ``width`` characters around ``col``, with the column within the cut."""
    if len(line) <= width:
        return line, col
    start = max(0, min(col - width // 2, len(line) - width))
    cut = line[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(line) else ""
    return prefix + cut + suffix, col - start + len(prefix)


def unused_projection(text: str) -> list[str]:
    """Notes on variables a SELECT names that the rest of the query never mentions (a misspelling,
    most often): ``?nmae is never bound; did you mean ?name?``. Not errors: SPARQL allows them."""
    toks = tokens(text)
    upper = [t.text.upper() if t.kind == "word" else "" for t in toks]
    if "SELECT" not in upper:
        return []
    start = upper.index("SELECT")
    end = next((i for i in range(start, len(toks)) if upper[i] == "WHERE" or toks[i].text == "{"), len(toks))
    projected, depth = [], 0
    for i in range(start + 1, end):
        tok = toks[i]
        depth += tok.text == "("
        depth -= tok.text == ")"
        if tok.kind == "var" and depth == 0:
            projected.append(tok.text)
    rest = [t.text for t in toks[end:] if t.kind == "var"]
    used = {v[1:] for v in rest}
    notes = []
    for v in projected:
        if v[1:] not in used:
            close = difflib.get_close_matches(v[1:], sorted(used), n=1, cutoff=0.6)
            notes.append(f"{v} is never bound in the query" + (f"; did you mean ?{close[0]}?" if close else ""))
    return notes


# --- errors while a query runs ----------------------------------------------------------------------

# The engine's messages for errors of evaluation (spareval's QueryEvaluationError), exactly as it writes them.
_UNSUPPORTED_FUNCTION = re.compile(r"The custom function <([^<>\s]*)> is not supported")
_SERVICE_UNBOUND = "The variable encoding the service name is unbound"
_SERVICE_INVALID = re.compile(r"(.+) is not a valid service name")
_SERVICE_UNSUPPORTED = re.compile(r"The service <([^<>\s]*)> is not supported")


def explain_evaluation(text: str, exc: BaseException) -> str | None:
    """One plain line for an error the engine raised while running ``text`` (not while reading it):
    a function it does not have, a SERVICE that failed. None for anything else.

    The kind is read from the exception's class and the engine's exact message forms (pyoxigraph
    gives no other structure: a RuntimeError for its own refusals, an OSError for a SERVICE's
    transport, a SyntaxError for a SERVICE's unreadable answer)."""
    message = str(exc).strip().replace("\n", " ")
    if isinstance(exc, RuntimeError):
        m = _UNSUPPORTED_FUNCTION.fullmatch(message)
        if m:
            return (
                f"the query calls the function {short_name(m.group(1))}, which this engine does not have: it has "
                f"SPARQL 1.1's functions and casts to the XSD types it computes with (xsd:string, xsd:integer, "
                f"xsd:decimal, xsd:double, xsd:boolean, xsd:dateTime, xsd:date …)"
            )
    services = _services(text)
    target = services[0] if len(services) == 1 else "(one of " + ", ".join(services) + ")" if services else ""
    if isinstance(exc, RuntimeError):
        if message == _SERVICE_UNBOUND:
            return (
                f"SERVICE {target}: the variable has no value where the SERVICE is run; bind it first (VALUES {target} {{ <…> }})"
            )
        m = _SERVICE_INVALID.fullmatch(message) or _SERVICE_UNSUPPORTED.fullmatch(message)
        if m:
            return f"SERVICE {target}: {m.group(1)} is not an address the engine can call (an http:// or https:// IRI)"
    if services and isinstance(exc, (OSError, SyntaxError, RuntimeError)):
        what = "answered with results that cannot be read" if isinstance(exc, SyntaxError) else "failed"
        return f"SERVICE {target} {what}: {message} (add SILENT, SERVICE SILENT <…>, to go on without it)"
    return None


def _services(text: str) -> list[str]:
    """The SERVICE targets of the query, read from its syntax tree."""
    from .tree import service_targets

    tree = _tree(text)
    return service_targets(tree) if tree is not None else []
