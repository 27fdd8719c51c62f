"""What the endpoint checks is what the engine runs: one reading of a query, with no other wall up.

The check reads a query with rdflib's parser and refuses SERVICE and updates; the engine (Oxigraph)
then parses the query again with its own parser. The two parsers read the same text differently in
two places — how a comment ends (Oxigraph stops at a carriage return, rdflib reads on to the line
feed) and where ``\\u`` escapes are expanded (rdflib everywhere before parsing, as SPARQL 1.1 §19.2
says; Oxigraph only inside strings and IRIs) — and each gave a query that rdflib read without a
SERVICE while Oxigraph ran one. :func:`kzgraph.sparql.check.one_reading` gives both parsers one text, and
the worker runs that text, not the one sent.

These tests run the worker's own code in this process, where no namespace and no socket filter
stand (the walls of :mod:`kzgraph.web.sandbox` are raised only in worker processes), against a
listener on 127.0.0.1 that counts every connection made to it: a query the check lets through must
never make the engine even connect.
"""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kzgraph.curated.namespaces import PREFIX_TABLE
from kzgraph.sparql.check import QueryRefused, inspect, one_reading
from kzgraph.web.protocol import Answer, Job, Rows
from kzgraph.web.results import execute

from reading_cases import KNOWN, Listener

_PORT = "{PORT}"  # a place-holder in the generated queries for the listener's port


@pytest.fixture(scope="module")
def store() -> ox.Store:
    """One triple, so that a pattern around the SERVICE call has a row to join it with."""
    s = ox.Store()
    s.add(ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), ox.Literal("o")))
    return s


def worker_runs(store: ox.Store, text: str) -> Answer:
    """The answer of the endpoint's worker code to ``text``, the parsed-query check on (with the
    project's prefixes known to the engine, as the endpoint runs queries)."""
    return execute(store, Job(text, PREFIX_TABLE, mode="rows", max_rows=10), check=True)


def run_raw(store: ox.Store, text: str) -> None:
    """What Oxigraph does with ``text`` when nothing checks it (the result consumed)."""
    try:
        result = store.query(text, use_default_graph_as_union=True)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    except (SyntaxError, OSError, RuntimeError, ValueError):
        pass


def rdflib_reads_no_service(text: str) -> bool:
    """rdflib's parser, on the text as sent, reads a query with no SERVICE in it."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(text)
    except Exception:  # noqa: BLE001 - not readable: not a hole
        return False
    return "ServiceGraphPattern" not in repr(tree)


@pytest.mark.parametrize("name", list(KNOWN))
def test_a_query_the_parsers_read_differently_is_run_as_it_was_checked(store: ox.Store, listener: Listener, name: str) -> None:
    text, expected = KNOWN[name]
    text = text.replace(_PORT, str(listener.port))
    assert rdflib_reads_no_service(text), "the case must be one the old check let through"
    before = listener.connections
    run_raw(store, text)
    assert listener.connections > before, "Oxigraph must run the SERVICE in the text as sent, or the case proves nothing"
    before = listener.connections
    answer = worker_runs(store, text)
    kind, fields = expected
    assert isinstance(answer, kind) and {f: getattr(answer, f) for f in fields} == fields, answer
    assert listener.connections == before


# Pieces of query text: line ends raw and escaped (every one SPARQL or some parser knows), characters
# that open or close a comment, a string or an IRI in one reading and perhaps not in the other, and
# escapes that spell them; put together into comments, strings and IRIs before a SERVICE call, and
# followed by what may close them.
_ENDS = [
    "\n",
    "\r",
    "\r\n",
    "\n\r",
    "\u2028",
    "\u2029",
    "\x85",
    "\x0b",
    "\x0c",
    "\\u000A",
    "\\u000a",
    "\\u000D",
    "\\U0000000A",
    "\\U0000000D",
    "\\u2028",
    "\\u0085",
    "\\U000A",
    "\\u000A0000",
    "\\u+00A",
    "\\u005Cu000A",
]
_ATOMS = st.sampled_from(["x", " ", "#", " # ", '"', "'", "\\u0022", "\\u0027", '\\"', "\\u0023", "\\u003E", *_ENDS])
_QUOTES = st.sampled_from(['"', "'", '"""', "'''"])
_TEXT = st.lists(_ATOMS, max_size=3).map("".join)
# a comment ends at a raw line end a third of the time (the ends the two parsers once read differently)
_COMMENT_END = st.one_of(st.sampled_from(["\r", "\n", "\r\n", "\n\r"]), st.sampled_from(_ENDS), st.sampled_from(_ENDS))
_COMMENT = st.builds(lambda text, end: "#" + text + end, _TEXT, _COMMENT_END)
_STRING = st.builds(lambda q, text: q + text + q, _QUOTES, _TEXT)
_HIDER = st.one_of(
    _COMMENT,
    _COMMENT.map(lambda c: "?s ?p ?o " + c),
    _COMMENT.map(lambda c: "?s ?p ?o . " + c),
    _STRING.map(lambda lit: "VALUES ?y { " + lit + " } "),
    _STRING.map(lambda lit: "FILTER(?x != " + lit + ") "),
    _TEXT.map(lambda text: "BIND(<http://a/" + text + "> AS ?y) "),
)
_CLOSER = st.sampled_from(["", " ", "}", " } ", '"', "'", '"""', ")", "#", *_ENDS]).flatmap(
    lambda first: st.sampled_from(["", "}", " } ", *_ENDS]).map(lambda second: first + second)
)
_SERVICE = st.sampled_from(
    [
        "SERVICE <http://127.0.0.1:{PORT}/> { ?a ?b ?c }",
        "SERVICE <http://127.0.0.1:{PORT}/> { ?a ?b ?c ",
        "SERVICE SILENT <http://127.0.0.1:{PORT}/> { ?a ?b ?c }",
        "\\u0053ERVICE <http://127.0.0.1:{PORT}/> { ?a ?b ?c }",
        "SERVICE <http:\\u002F/127.0.0.1:{PORT}/> { ?a ?b ?c }",
        "SERVICE<http://127.0.0.1:{PORT}/>{?a ?b ?c}",
    ]
)
# the SERVICE call as it is, or inside a comment or a string that one reading may end before it
_CALL = st.one_of(
    _SERVICE,
    st.builds(lambda a, call, b, end: "#" + a + call + b + end, _TEXT, _SERVICE, _TEXT, _COMMENT_END),
    st.builds(lambda q, a, call, b: "VALUES ?z { " + q + a + call + b + q + " } ", _QUOTES, _TEXT, _SERVICE, _TEXT),
)


def test_no_query_the_check_lets_through_makes_the_engine_connect(store: ox.Store, listener: Listener) -> None:
    """Differential fuzz: whatever the check lets through, run as the worker runs it, connects nowhere.

    Comments, line ends (raw and escaped), strings and IRIs with escapes in them are put before and
    after a SERVICE call. The counts at the end show that the fuzz reached queries of every kind:
    refused, run, and ones where the old check (rdflib on the text as sent) saw no SERVICE while
    Oxigraph, given the text as sent, connected."""
    seen: Counter[str] = Counter()

    @settings(max_examples=400, deadline=None, derandomize=True, database=None)
    @given(hiders=st.lists(_HIDER, min_size=0, max_size=2), service=_CALL, closer=_CLOSER)
    @example(hiders=["?s ?p ?o # look:\r "], service="SERVICE <http://127.0.0.1:{PORT}/> { ?a ?b ?c }", closer="\n")
    @example(hiders=['VALUES ?y { "\\u0022 # " } '], service="SERVICE <http://127.0.0.1:{PORT}/> { ?a ?b ?c ", closer="\n}")
    def check(hiders: list[str], service: str, closer: str) -> None:
        text = ("SELECT * WHERE { VALUES ?x { 1 } " + "".join(hiders) + service + closer + "\n}").replace(
            _PORT, str(listener.port)
        )
        start = listener.connections
        answer = worker_runs(store, text)
        assert listener.connections == start, f"the engine connected for a query the check let through: {text!r}"
        seen[answer.tag] += 1
        if rdflib_reads_no_service(text):
            run_raw(store, text)
            if listener.connections > start:
                seen["the old check would have let a connection through"] += 1

    check()
    assert seen["refused"] >= 100 and seen["rows"] >= 20, seen
    assert seen["the old check would have let a connection through"] >= 5, seen


def test_the_one_reading_expands_escapes_once_and_makes_every_line_end_a_line_feed() -> None:
    assert one_reading("SELECT ?\\u0078 {}\r\n# a\rb") == "SELECT ?x {}\n# a\nb"
    assert one_reading('ASK { FILTER("\\U0001F600" != "") }') == 'ASK { FILTER("\U0001f600" != "") }'
    assert one_reading('ASK { FILTER("C:\\\\users" != "") }') == 'ASK { FILTER("C:\\\\users" != "") }'
    assert one_reading("ASK {}\u2028#\u2029\x85") == "ASK {}\u2028#\u2029\x85"  # neither parser ends a line there


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("ASK { ?s ?p \\u005Cu0041 }", "line 1, column 13: \\u0041 is not a whole"),
        ("ASK {\n ?s ?p ?o # \\u+00A SERVICE <http://a/> {}\n}", "line 2, column 13: \\u+00A is not a whole"),
        ("ASK { # \\U000A\n}", "line 1, column 9: \\U000A is not a whole"),
        ('ASK { FILTER("\\uD83D\\uDE00" != "") }', "\\uD83D is not a character"),
        ('ASK { FILTER("\\U00110000" != "") }', "\\U00110000 is not a character"),
    ],
)
def test_an_escape_that_is_no_character_or_spells_another_is_refused(text: str, says: str) -> None:
    with pytest.raises(QueryRefused) as refused:
        inspect(text)
    assert refused.value.status == 400 and says in str(refused.value)


def test_what_runs_is_the_checked_reading(store: ox.Store) -> None:
    """A query with escapes and carriage returns answers as SPARQL reads it."""
    text = 'SELECT ?v WHERE {\r\n  ?s ?p ?o # the one triple\r  BIND("caf\\u00E9" AS ?v)\r\n}'
    answer = worker_runs(store, text)
    assert isinstance(answer, Rows) and answer.rows == [[("literal", "café", None, "http://www.w3.org/2001/XMLSchema#string")]], (
        answer
    )
    assert inspect(text).text == 'SELECT ?v WHERE {\n  ?s ?p ?o # the one triple\n  BIND("café" AS ?v)\n}'


def test_binding_a_query_that_calls_service_refuses_it_before_anything_connects(listener: Listener) -> None:
    """Writing a parameter's value into a query asks Oxigraph whether the text still reads, which runs
    it on an empty store: a query calling SERVICE is refused before that, and nothing connects."""
    from kzgraph.asking.queries import QueryError, bind, parse_query

    text = (
        "# title: t\n# param: lang (lang) = en -- language\n"
        f'SELECT ?s WHERE {{ VALUES ?lang {{ "en" }} SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} '
        "FILTER(lang(?o) = ?lang) }\n"
    )
    before = listener.connections
    with pytest.raises(QueryError, match="SERVICE"):
        bind(parse_query(text, "svc"), {"lang": "bg"})
    assert listener.connections == before
