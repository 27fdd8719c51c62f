"""What a SPARQL request is, decided from its syntax tree before anything runs it.

A public endpoint must never let a query make the server fetch another address (``SERVICE``),
change the store (SPARQL Update) or bring the engine down by its shape (thousands of nested
groups). Whether a query does any of these is decided here from the tree a real SPARQL 1.1 parser
(rdflib's) builds — never from the text with a hand-written lexer, which an attacker can make read
the text differently from the engine. Whatever that parser cannot read is refused: the check fails
closed.

The engine that runs the query (Oxigraph) has its own parser, and the two once read the same text
differently: rdflib expands ``\\u`` escapes in the whole text before parsing (as SPARQL 1.1 §19.2
says) while Oxigraph expands them only inside strings and IRIs, and Oxigraph ends a comment at a
carriage return where rdflib reads on to the line feed. So the check does not read the text it was
sent: it reads :func:`one_reading` of it — escapes expanded once by the standard's rule, every line
end a line feed, and nothing left that either parser would expand again — and that text, not the
one sent, is what the engine runs. Both parsers then see the same characters with no escape or line
rule left to disagree on (``tests/test_one_reading.py`` holds this with a differential fuzz test run
without any other wall). The workers that run queries have no network either
(:mod:`kzgraph.web.sandbox`), as a wall behind this one.

The parser recurses about thirty Python frames per nested group, so it runs in a thread with a
deep stack and a high recursion limit, and the tree's nesting and size are checked against
:class:`Limits` that stay far below what makes the engine's own recursive parser overflow its stack.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, TypeVar

from ..curated.namespaces import BASE
from .tree import deep_call, service_target, service_targets  # noqa: F401 - part of this module's API

T = TypeVar("T")

# Nodes of rdflib's syntax tree that stand for one level of nesting a person writes: a { } group
# (GroupGraphPatternSub), a sub-query, or a ( ) around an expression (ConditionalOrExpression).
_NESTING = frozenset({"GroupGraphPatternSub", "SubSelect", "ConditionalOrExpression"})


@dataclass(frozen=True)
class Limits:
    """How large and how deeply nested a query this endpoint reads.

    The stored queries reach 3 kB, 600 syntax-tree nodes and 6 levels of nesting; Oxigraph's parser
    overflows its stack somewhere between 1,000 and 5,000 levels, and the checking parser needs about
    a second per 20 kB of dense query text (it runs on the worker's time limit).
    """

    max_bytes: int = 32 * 1024
    max_depth: int = 48
    max_nodes: int = 5_000


class QueryRefused(Exception):
    """The request will not be run; ``status`` is the HTTP status that says why (400 or 403).
    ``service`` names the first SERVICE the query calls (``<iri>``, ``prefix:name`` or ``?var``)
    when that is why."""

    def __init__(self, status: int, message: str, service: str | None = None):
        self.status = status
        self.service = service
        super().__init__(message)


@dataclass(frozen=True)
class Inspection:
    """What the syntax tree says about a query that may run."""

    form: str  # SelectQuery, ConstructQuery, AskQuery or DescribeQuery
    nodes: int
    depth: int
    text: str  # the one reading that was checked: run exactly this, never the text as sent
    names_dataset: bool = False  # the query has FROM or FROM NAMED: it runs on the dataset it names
    iris: tuple[str, ...] = ()  # the IRIs the query names (kzgraph.sparql.term_check.query_iris), project's prefixes known
    graphs: tuple[
        str, ...
    ] = ()  # the graphs its FROM / FROM NAMED name (kzgraph.sparql.term_check.dataset_iris), read against ``base``


def inspect(text: str, limits: Limits = Limits(), *, allow_service: bool = False, base: str = BASE) -> Inspection:
    """Read ``text`` as a SPARQL 1.1 query and check it against the endpoint's rules (see
    :func:`_inspect`). The last few answers are kept: a worker asks again for the terms a query
    names after it ran it, and the parse is the costly part."""
    return _inspect_cached(text, limits, allow_service, base)


@functools.lru_cache(maxsize=256)  # every stored query's text (bind reads each before its values are written in)
def _inspect_cached(text: str, limits: Limits, allow_service: bool, base: str) -> Inspection:
    return _inspect(text, limits, allow_service=allow_service, base=base)


def _inspect(text: str, limits: Limits = Limits(), *, allow_service: bool = False, base: str = BASE) -> Inspection:
    """Read ``text`` as a SPARQL 1.1 query and check it against the endpoint's rules.

    Raises :class:`QueryRefused`: 400 for a query that is too large, too deeply nested, or that the
    parser cannot read (a syntax error, or a construct it does not know: refused either way); 403 for
    SPARQL Update and for ``SERVICE`` anywhere in the query (unless ``allow_service``).
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.max_bytes:
        raise QueryRefused(
            400, f"the query is {size:,} bytes long; this endpoint reads queries of at most {limits.max_bytes:,} bytes"
        )
    text = one_reading(text)
    tree = _parse(text, limits)
    nodes, depth, service = _measure(tree)
    if depth > limits.max_depth:
        raise QueryRefused(
            400,
            f"the query nests {{ }} groups and ( ) expressions {depth} levels deep; this endpoint "
            f"reads at most {limits.max_depth} levels",
        )
    if nodes > limits.max_nodes:
        raise QueryRefused(
            400,
            f"the query has {nodes:,} syntax elements; this endpoint reads at most "
            f"{limits.max_nodes:,} (split it into smaller queries)",
        )
    if service is not None and not allow_service:
        raise QueryRefused(
            403, "federated queries are disabled: SERVICE is refused, this endpoint never fetches other addresses", service
        )
    from .term_check import dataset_iris, query_iris

    graphs = tuple(dataset_iris(tree, base))
    return Inspection(_form(tree), nodes, depth, text, _names_dataset(tree), tuple(query_iris(tree)), graphs)


# SPARQL 1.1 §19.2: \uXXXX and \UXXXXXXXX stand for one code point anywhere in the text, read before parsing.
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# What is left of an escape after that one pass: a parser that expands again (rdflib's reading of
# ``\u`` with eight digits or of ``\U`` with four, Rust's hex reader that takes a leading ``+``)
# would read something else here, so the text is refused rather than guessed at.
_LEFTOVER = re.compile(r"\\[uU][+0-9A-Fa-f]")


_OWN = Limits(max_bytes=1 << 24, max_depth=200, max_nodes=10_000_000)


def may_call_service(text: str) -> bool:
    """Whether ``text`` could hold the SERVICE keyword at all: its letters in any case — upper-cased
    as rdflib's caseless keywords compare them (so ``SERVıCE``, with a dotless i, counts) and
    case-folded (``ſERVICE``) — or a code point escape, which SPARQL expands before parsing. False is
    certain; True is for the parser to decide."""
    folded = text.casefold()
    return "SERVICE" in text.upper() or "service" in folded or "\\u" in folded


def check_own(text: str) -> str:
    """A query of the project's own — a QC query, a SHACL-SPARQL constraint — read as the endpoint
    reads a stranger's before anything runs it; returns the text to run, the one reading the check
    read (:func:`one_reading`). :class:`QueryRefused` for SERVICE anywhere in it (the build never
    fetches from another address: its output is its sources' alone). The parser reads every text
    that could hold SERVICE (:func:`may_call_service`); any other text is its own one reading (no
    escape to expand) unless it has a carriage return, and is spared the parser's time (a thirtieth
    of a second a query, at every build)."""
    if may_call_service(text) or "\r" in text:
        return inspect(text, _OWN).text
    return text


def one_reading(text: str) -> str:
    """The query text both parsers read alike: the one that is checked and then run.

    SPARQL expands code point escapes once, over the whole text, before parsing (§19.2); rdflib does
    (with a looser pattern), Oxigraph does only inside strings and IRIs, so ``"\\u0022 # "`` was a
    string to one and a comment to the other. Here they are expanded once, by the standard's rule,
    and a text that would still hold an escape afterwards is refused. Line ends become line feeds:
    a comment runs to the end of its line, and Oxigraph ends a line at a carriage return where
    rdflib does not. Other characters some programs take for line breaks (U+0085, U+2028, U+2029)
    are neither white space nor a line end to either parser, so they stay as they are.

    Raises :class:`QueryRefused` (400) for an escape that is no character or that spells another.
    """
    parts: list[str] = []
    last = 0
    for match in _ESCAPE.finditer(text):
        digits = match.group(1) or match.group(2)
        point = int(digits, 16)
        if point > 0x10FFFF or 0xD800 <= point <= 0xDFFF:
            raise QueryRefused(
                400,
                f"{_where(text, match.start())}: {match.group(0)} is not a character "
                f"(a UTF-16 surrogate or past U+10FFFF); write a code point as \\U followed by eight hex digits",
            )
        parts += [text[last : match.start()], chr(point)]
        last = match.end()
    parts.append(text[last:])
    reading = "".join(parts).replace("\r\n", "\n").replace("\r", "\n")
    leftover = _LEFTOVER.search(reading)
    if leftover is not None:
        raise QueryRefused(
            400,
            f"{_where(reading, leftover.start())}: {_word(reading, leftover.start())} is not a "
            f"whole \\uXXXX or \\UXXXXXXXX escape, or an escape spells it; SPARQL expands escapes once, before "
            f"parsing, and parsers disagree about a second one: write the character itself",
        )
    return reading


def _where(text: str, offset: int) -> str:
    """``line L, column C`` of ``offset`` (lines counted at line feeds, as both parsers count them)."""
    line = text.count("\n", 0, offset) + 1
    return f"line {line}, column {offset - text.rfind(chr(10), 0, offset)}"


def _word(text: str, offset: int) -> str:
    """The characters from ``offset`` to the next white space (at most ten), to quote in a message."""
    return text[offset : offset + 10].split()[0]


def _parse(text: str, limits: Limits) -> Any:
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        return deep_call(lambda: parseQuery(text))
    except RecursionError:
        raise QueryRefused(
            400,
            f"the query nests {{ }} groups and ( ) expressions too deeply; this endpoint reads at most {limits.max_depth} levels",
        ) from None
    except ParseBaseException as exc:
        query_error: Exception = exc
    except Exception as exc:  # noqa: BLE001 - whatever the parser chokes on is refused, never run
        query_error = exc
    try:
        update = deep_call(lambda: parseUpdate(text))
    except Exception:  # noqa: BLE001 - neither a query nor an update: a syntax error
        update = None
    if update is None or "request" not in update:  # an update with no operation (an empty text) is no update
        raise QueryRefused(400, _describe(text, query_error))
    raise QueryRefused(
        403, "this endpoint is read-only: SPARQL Update is not accepted (only SELECT, ASK, CONSTRUCT and DESCRIBE queries)"
    )


def _describe(text: str, exc: Exception) -> str:
    """The refusal of a query the checking parser cannot read, explained for a person."""
    from pyparsing import ParseBaseException

    from .errors import explain

    position = (exc.lineno, exc.column) if isinstance(exc, ParseBaseException) else None
    return explain(text, None, parser_position=position).render()


def _measure(tree: Any) -> tuple[int, int, str | None]:
    """Syntax-tree nodes, deepest nesting, and the first SERVICE pattern's target (None without one)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    nodes, deepest, service = 0, 0, None
    stack: list[tuple[Any, int]] = [(tree, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, CompValue):
            nodes += 1
            if value.name == "ServiceGraphPattern" and service is None:
                service = service_target(value.get("term"))
            if value.name in _NESTING:
                depth += 1
                deepest = max(deepest, depth)
            stack.extend((child, depth) for child in value.values())
        elif isinstance(value, (list, tuple, ParseResults)):
            stack.extend((child, depth) for child in value)
        elif value is not None:
            nodes += 1  # a term: an IRI, a literal, a variable
    return nodes, deepest, service


def _names_dataset(tree: Any) -> bool:
    """Whether the query's own dataset clause names graphs (``FROM``/``FROM NAMED``; only the
    outermost query may have one), read from the syntax tree."""
    from rdflib.plugins.sparql.parserutils import CompValue

    for part in tree:
        if isinstance(part, CompValue) and "datasetClause" in part:
            clauses = part["datasetClause"]
            if any(isinstance(c, CompValue) and c.name == "DatasetClause" for c in clauses or ()):
                return True
    return False


def names_dataset(text: str) -> bool | None:
    """Whether ``text`` has ``FROM``/``FROM NAMED``; None when the checking parser cannot read it
    (SPARQL-star, say, which the engine reads): then nobody knows which dataset it asks for, and
    callers refuse it rather than guess (a guess of "no FROM" would lay the default dataset over it).

    A text in which no four characters read ``FROM`` without regard to case (as the parser's
    case-blind keywords compare them: by ``str.upper``, under which the upper-casing of the whole
    text holds every upper-cased slice) and with no ``\\u``/``\\U`` escape that could spell them, has
    no ``FROM`` keyword, so no dataset clause: it is answered without the parse that costs a fifth
    of a second. Any other text is parsed, once (texts are cached)."""
    upper = text.upper()
    if "FROM" not in upper and "\\U" not in upper:
        return False
    return _parsed_names_dataset(text)


@functools.lru_cache(maxsize=256)
def _parsed_names_dataset(text: str) -> bool | None:
    """:func:`names_dataset` read from the parsed query.

    Read on this thread's stack first, and only a query nested too deeply for it on
    :func:`deep_call`'s thread: a garbage collection on that thread would drop the caller's
    pyoxigraph results there, which pyoxigraph refuses (its results belong to the thread that made them)."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        try:
            tree = parseQuery(text)
        except RecursionError:
            tree = deep_call(lambda: parseQuery(text))
        return _names_dataset(tree)
    except Exception:  # noqa: BLE001 - unreadable here: the caller refuses it
        return None


def _form(tree: Any) -> str:
    from rdflib.plugins.sparql.parserutils import CompValue

    forms = [part.name for part in tree if isinstance(part, CompValue)]
    return forms[-1] if forms else ""
