"""What the server and its query workers (:mod:`.pool`) say to each other: the whole protocol, here.

The server starts a worker on a :class:`StoreSource`; the worker answers :class:`Ready` (which walls
stand) or :class:`CannotOpen`. The server then sends one :class:`Job` at a time and reads one answer
back; :class:`Stop` ends the worker. An answer is one of:

========================  =========================================================================
worker's answers          :class:`Result` (a serialized result), :class:`Rows` (rows for the caller),
                          :class:`Table` (the HTML result table), :class:`Refused` (the check or the
                          dataset refuses the query), :class:`BadSyntax`, :class:`Unacceptable` (no
                          format the client accepts for this form of result), :class:`Failed`
the pool's own answers    :class:`Busy`, :class:`ClientBusy`, :class:`TimedOut`, :class:`OutOfMemory`,
                          :class:`Crashed` (the query cost its worker, which was replaced)
========================  =========================================================================

Across the process boundary every message is written by :func:`encode` and read by :func:`decode`:
a line of JSON naming the message's class and its fields, then the raw bytes of a result's body.
JSON and not pickle, because the worker runs queries from anyone and is walled off for that reason
(:mod:`.sandbox`): a worker whose engine a query had subverted could, through ``pickle.loads`` in the
server, run code outside its walls; a JSON reader that builds only these classes cannot be made to.
The body travels as bytes after the line, not inside the JSON, so a 16 MB result costs no escaping.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, NamedTuple

from .negotiation import Answers

# A term of a row as :func:`kzgraph.web.query_pages.plain_term` writes it: ("uri", iri), ("bnode", id),
# ("literal", value, language or None, datatype), ("triple", s, p, o) or ("unbound",).
Term = tuple


class Cut(NamedTuple):
    """Why a result was cut: the rows kept, the limit that stopped it (``rows``, ``value`` or ``bytes``), and its value."""

    rows: int
    reason: str
    limit: int


# --- starting and stopping a worker -------------------------------------------------------------------


@dataclass(frozen=True)
class StoreSource:
    """Where the server and each worker read the release: ``store``, a persistent Oxigraph store
    directory opened read-only, or ``nq``, an N-Quads file loaded into memory (with or without the
    inferred graph in the default dataset). Given to a worker as one JSON argument."""

    kind: str
    path: str
    with_inferred: bool = True

    def __post_init__(self) -> None:
        if self.kind not in ("store", "nq"):
            raise ValueError(f"a store source is a store directory or an N-Quads file, not {self.kind!r}")

    def to_json(self) -> str:
        return json.dumps({"kind": self.kind, "path": self.path, "with_inferred": self.with_inferred})

    @classmethod
    def from_json(cls, text: str) -> StoreSource:
        return cls(**json.loads(text))


@dataclass(frozen=True)
class Ready:
    """The worker raised its walls and opened the store: how each wall stands (see :func:`kzgraph.web.sandbox.raise_walls`)."""

    walls: dict[str, str]


@dataclass(frozen=True)
class CannotOpen:
    """The worker could not open the store (or load the parser): why. It stops after saying so."""

    why: str


@dataclass(frozen=True)
class Stop:
    """The server closes: the worker returns."""


# --- a job ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """One query to run, and how to answer it (:func:`kzgraph.web.results.execute`)."""

    query: str
    prefixes: dict[str, str] = field(default_factory=dict)  # known to the engine without PREFIX lines
    max_rows: int = 10_000
    max_bytes: int = 16 << 20  # of the written response
    max_value_bytes: int = 1 << 20  # of one value
    # ``serialize``: a result in the chosen format; ``rows``: the rows themselves; ``html``: the result
    # table rendered in the worker, under its memory limit, with the pages' links (``base_url``) and ``lang``.
    mode: str = "serialize"
    # the endpoint's choice per form of result: (writer, Content-Type), or None when the client accepts none
    answers: Answers | None = None
    result_format: str | None = None  # without ``answers`` (a direct caller): the format of solutions and booleans
    graph_format: str | None = None  # … and of triples
    limit_link: str | None = None  # written into a cut JSON result's head: where the limits are explained
    lang: str = ""
    base_url: str = ""
    base_iri: str = ""  # relative IRIs in the query are read against it; "" is the release's base
    default_graphs: tuple[str, ...] = ()  # the protocol's default-graph-uri and named-graph-uri
    named_graphs: tuple[str, ...] = ()
    asserted: bool = False  # the default graph without the OWL RL inferences
    names_dataset: bool | None = None  # without the check: whether the query has FROM, when the caller read it

    def __post_init__(self) -> None:
        if self.mode not in ("serialize", "rows", "html"):
            raise ValueError(f"a job's mode is serialize, rows or html, not {self.mode!r}")


# --- answers ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """A result written in the format the client asked for (``form``: boolean, solutions or triples,
    what a SPARQL query form answers with)."""

    tag: ClassVar[str] = "ok"
    form: str
    media: str
    body: bytes
    cut: Cut | None
    warnings: tuple[str, ...] = ()  # terms or graphs the query names that the release does not have


@dataclass(frozen=True)
class Rows:
    """The rows themselves (mode ``rows``); for an ASK, ``rows`` is its boolean."""

    tag: ClassVar[str] = "rows"
    form: str
    variables: list[str]
    rows: list[list[Term]] | bool
    cut: Cut | None


@dataclass(frozen=True)
class Table:
    """The result table as HTML, rendered by the worker (mode ``html``)."""

    tag: ClassVar[str] = "html"
    form: str
    body: bytes
    cut: Cut | None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Refused:
    """The query is not run: the check refused it, or it names a graph the release lacks (an HTTP status and why)."""

    tag: ClassVar[str] = "refused"
    status: int
    message: str


@dataclass(frozen=True)
class BadSyntax:
    """The engine could not read the query: the explanation, with the place of the error."""

    tag: ClassVar[str] = "syntax"
    message: str


@dataclass(frozen=True)
class Unacceptable:
    """The client accepts no format a result of this form is written in."""

    tag: ClassVar[str] = "unacceptable"
    form: str


@dataclass(frozen=True)
class Failed:
    """The engine failed on the query: the exception, as one line."""

    tag: ClassVar[str] = "error"
    message: str


@dataclass(frozen=True)
class Busy:
    """No worker is idle now."""

    tag: ClassVar[str] = "busy"


@dataclass(frozen=True)
class ClientBusy:
    """The client already runs ``share`` queries, the most one client may."""

    tag: ClassVar[str] = "client-busy"
    share: int


@dataclass(frozen=True)
class TimedOut:
    """The query ran past the time limit (``seconds``); its worker was replaced."""

    tag: ClassVar[str] = "timeout"
    seconds: float


@dataclass(frozen=True)
class OutOfMemory:
    """The query grew past the memory limit (``limit`` bytes; 0 when the worker itself reports it, the pool fills it in)."""

    tag: ClassVar[str] = "memory"
    limit: int = 0


@dataclass(frozen=True)
class Crashed:
    """The query stopped the engine (``why``: the signal or exit status); the worker was replaced."""

    tag: ClassVar[str] = "crashed"
    why: str


Answer = (
    Result | Rows | Table | Refused | BadSyntax | Unacceptable | Failed | Busy | ClientBusy | TimedOut | OutOfMemory | Crashed
)
Message = Answer | Job | Ready | CannotOpen | Stop
# What a worker answers a job with, besides OutOfMemory (the pool's own answers are the rest).
WORKER_ANSWERS = (Result, Rows, Table, Refused, BadSyntax, Unacceptable, Failed)


def in_words(answer: Answer) -> str:
    """An answer in a few words, for a page that shows a failure: its tag and its message (the words the
    endpoint shows for it too), else its first field."""
    first = next((getattr(answer, f.name) for f in fields(answer)), "")  # type: ignore[arg-type]
    return f"{answer.tag}: {getattr(answer, 'message', first)}"


# --- across the process boundary ------------------------------------------------------------------------

_CLASSES: dict[str, type] = {
    c.__name__: c
    for c in (Job, Stop, Ready, CannotOpen, Result, Rows, Table, Refused, BadSyntax, Unacceptable, Failed, OutOfMemory)
}


def _term(value: Any) -> Any:
    """A term read back from JSON: a tuple again (a quoted triple's terms too)."""
    return tuple(_term(v) for v in value) if isinstance(value, list) else value


# How a field read from JSON becomes what the class holds (JSON has lists where the classes have tuples).
_READ: dict[str, Any] = {
    "cut": lambda v: Cut(*v),
    "warnings": tuple,
    "default_graphs": tuple,
    "named_graphs": tuple,
    "rows": lambda v: v if isinstance(v, bool) else [[_term(t) for t in row] for row in v],
    "answers": lambda v: {k: tuple(a) if a is not None else None for k, a in v.items()},
}


def encode(message: Message) -> bytes:
    """One message as it crosses the socket: a line of JSON (ASCII), then a result's body as it is."""
    values = {f.name: getattr(message, f.name) for f in fields(message)}  # type: ignore[arg-type]
    body = values.pop("body", b"")
    line = json.dumps({"type": type(message).__name__, **values}, ensure_ascii=True, separators=(",", ":"))
    return line.encode("ascii") + b"\n" + body


def decode(frame: bytes) -> Message:
    """The message :func:`encode` wrote; ValueError for anything else (a worker that sends garbage is broken).

    Every field is held to its declared type, not just its name: a status that is a string, a media
    type that is a number, a body after a message that has none, or a frame nested deeper than the
    reader goes are all refused here, before any of it reaches a response."""
    line, _, body = frame.partition(b"\n")
    try:
        values = json.loads(line)
        cls = _CLASSES[values.pop("type")]
        if "body" in {f.name for f in fields(cls)}:
            values["body"] = body
        elif body:
            raise TypeError(f"a {cls.__name__} carries no body, and {len(body)} bytes followed it")
        for name, read in _READ.items():
            if values.get(name) is not None:
                values[name] = read(values[name])
        message = cls(**values)
        _check_types(message)
        return message
    except (KeyError, TypeError, AttributeError, ValueError, UnicodeDecodeError, RecursionError, MemoryError) as exc:
        raise ValueError(f"not a message of the worker protocol: {type(exc).__name__}: {exc}") from None


def _check_types(message: Message) -> None:
    """TypeError unless every field of ``message`` is of the type its class declares."""
    hints = typing.get_type_hints(type(message))
    for f in fields(message):  # type: ignore[arg-type]
        value = getattr(message, f.name)
        if not _fits(value, hints[f.name]):
            raise TypeError(f"{type(message).__name__}.{f.name} is not a {hints[f.name]}: {value!r:.80}")


def _fits(value: Any, hint: Any) -> bool:
    """Whether ``value`` is of the declared type ``hint`` (the few forms this protocol's classes use)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any:
        return True
    if origin in (types.UnionType, typing.Union):
        return any(_fits(value, a) for a in args)
    if hint is type(None):
        return value is None
    if hint is Cut:
        return isinstance(value, Cut) and all(_fits(getattr(value, k), t) for k, t in typing.get_type_hints(Cut).items())
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint in (str, bytes, bool):
        return isinstance(value, hint)
    if hint is tuple:  # a term: its parts are text, None or terms (a quoted triple)
        return isinstance(value, tuple) and all(v is None or isinstance(v, str) or _fits(v, tuple) for v in value)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return isinstance(value, tuple) and all(_fits(v, args[0]) for v in value)
        return isinstance(value, tuple) and len(value) == len(args) and all(map(_fits, value, args))
    if origin is list:
        return isinstance(value, list) and all(_fits(v, args[0]) for v in value)
    if origin is dict:
        return isinstance(value, dict) and all(_fits(k, args[0]) and _fits(v, args[1]) for k, v in value.items())
    raise TypeError(f"the protocol declares a type its reader does not check: {hint}")
