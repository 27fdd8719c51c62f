"""The public endpoint never fetches another address, whatever the query says.

Three walls stand between a query and the network, and each is tested on its own against a real
listener on 127.0.0.1 that must receive nothing:

1. ``parse``: the query is read by a real SPARQL parser and refused (403) when its syntax tree has a
   SERVICE anywhere; what that parser cannot read is refused too (fail closed);
2. ``netns``: the query workers live in an empty network namespace (as root, or in a user namespace
   without any privilege);
3. ``seccomp``: the workers cannot create sockets at all.

The smuggling attempts below are the ways a text can be made to look different to a lexer than to
the engine's parser: escapes, comments, case, unicode escapes, nesting, white space and line breaks
in odd places. A control run with every wall down shows that the listener does receive Oxigraph's
request when nothing stops it, so none of these tests can pass for want of a working listener.
"""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kzgraph.sparql.check import Limits as QueryLimits
from kzgraph.sparql.check import QueryRefused, inspect
from kzgraph.web.app import App, Limits
from kzgraph.web.pool import QueryPool
from kzgraph.web.protocol import Answer, Job, Result, Rows, StoreSource
from kzgraph.web.results import execute
from kzgraph.web.sandbox import socket_filter_program
from kzgraph.web.serve import Server

from common import ROOT

RESULT = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"fetched"}}]}}'


class Listener:
    """A SPARQL endpoint on 127.0.0.1 that answers one row and counts every request it receives."""

    def __init__(self) -> None:
        hits: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                hits.append(self.command + " " + self.path)
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(RESULT)))
                self.end_headers()
                self.wfile.write(RESULT)

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.hits = hits
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    lst = Listener()
    try:
        yield lst
    finally:
        lst.close()


def attempts(port: int) -> list[str]:
    """Queries that call SERVICE on the listener, written to confuse anything but a real parser."""
    iri = f"<http://127.0.0.1:{port}/sparql>"
    escaped_iri = "<http://127.0.0.1:" + "".join(f"\\u{ord(c):04X}" for c in str(port)) + "/sparql>"
    body = "{ ?x ?y ?z }"
    return [
        f"SELECT * WHERE {{ SERVICE {iri} {body} }}",
        f"select * where {{ service {iri} {body} }}",
        f"SELECT * WHERE {{ SeRvIcE {iri} {body} }}",
        f"SELECT * WHERE {{ SERVICE SILENT {iri} {body} }}",
        f"SELECT * WHERE {{ SERVICE#{{ a comment that opens a group\n{iri} {body} }}",
        f"SELECT * WHERE {{ SERVICE\n# SERVICE <http://example.org/>\n{iri}\n{body} }}",
        f"SELECT * WHERE {{\tSERVICE\r\n{iri}\r{body}\n}}",
        f"SELECT * WHERE {{?a ?b ?c}}SERVICE{iri}{body}",
        f"SELECT * WHERE {{?a ?b ?c FILTER(?c<1)SERVICE{iri}{body}}}",
        f"SELECT * WHERE {{ ?a ?b ?c FILTER(?c <1) SERVICE {iri} {body} }}",
        f"SELECT * WHERE {{ SERVICE {escaped_iri} {body} }}",
        f"PREFIX x: <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE x:sparql {body} }}",
        f"PREFIX ex: <http://example.org/> SELECT * WHERE {{ ?s ex:a\\.b ?o SERVICE {iri} {body} }}",
        f"PREFIX ex: <http://example.org/> SELECT * WHERE {{ ?s ex:a\\#b ?o . SERVICE {iri} {body} }}",
        f"PREFIX ex: <http://example.org/> SELECT * WHERE {{ ?s ex:a\\'b ?o . SERVICE {iri} {body} }}",
        f"PREFIX ex: <http://example.org/> SELECT * WHERE {{ ?s ex: ?o . SERVICE {iri} {body} }}",
        f"PREFIX ex: <http://example.org/> SELECT * WHERE {{ ?s ex:a%23b ?o . SERVICE {iri} {body} }}",
        f'SELECT * WHERE {{ ?s ?p "\\"" . SERVICE {iri} {body} }}',
        f"SELECT * WHERE {{ ?s ?p '''it''s''' . SERVICE {iri} {body} }}",
        f'SELECT * WHERE {{ ?s ?p """#"y""" . SERVICE {iri} {body} }}',
        f'SELECT * WHERE {{ ?s ?p "x"@en-GB . SERVICE {iri} {body} }}',
        f'SELECT * WHERE {{ ?s ?p "1"^^<http://www.w3.org/2001/XMLSchema#int> . SERVICE {iri} {body} }}',
        f"SELECT * WHERE {{ ?s ?p <http://example.org/#> . SERVICE {iri} {body} }}",
        f"SELECT * WHERE {{ [ ?p ?o ] . SERVICE {iri} {body} }}",
        f"SELECT $x WHERE {{ SERVICE {iri} {{ $x $y $z }} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ SERVICE {iri} {body} }} }}",
        f"SELECT * WHERE {{ {{ ?a ?b ?c }} UNION {{ SERVICE {iri} {body} }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c MINUS {{ SERVICE {iri} {body} }} }}",
        f"SELECT * WHERE {{ GRAPH ?g {{ SERVICE {iri} {body} }} }}",
        f"SELECT * WHERE {{ FILTER EXISTS {{ SERVICE {iri} {body} }} }}",
        f"SELECT * WHERE {{ FILTER NOT EXISTS {{ SERVICE {iri} {body} }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE {iri} {body} }} }} }}",
        "SELECT * WHERE " + "{ " * 12 + f"SERVICE {iri} {body}" + " }" * 12,
        f"SELECT * WHERE {{ VALUES ?e {{ {iri} }} SERVICE ?e {body} }}",
        f"SELECT * WHERE {{ BIND({iri} AS ?e) SERVICE SILENT ?e {body} }}",
        f"BASE <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE <sparql> {body} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE {iri} {body} }}",
        f"SELECT * WHERE {{ S\\u0045RVICE {iri} {body} }}",
        f"ASK {{ SERVICE {iri} {body} }}",
        f"CONSTRUCT {{ ?x ?y ?z }} WHERE {{ SERVICE {iri} {body} }}",
        f"DESCRIBE ?x WHERE {{ SERVICE {iri} {body} }}",
        f'SELECT * WHERE {{ ?s ?p "\U0001f600" . SERVICE {iri} {body} }}',
        f"SELECT * WHERE {{ ?s ?p ?o }}\n#\\\nSERVICE {iri} {body}",
    ]


def oxigraph_reads(text: str) -> bool:
    try:
        ox.Store().query(text)
    except SyntaxError:
        return False
    return True


def run_unchecked(text: str) -> None:
    """What the engine does with the query when nothing checks it (results consumed)."""
    try:
        result = ox.Store().query(text, use_default_graph_as_union=True)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    except (SyntaxError, OSError, RuntimeError, ValueError):
        pass


# --- the control: with no wall, the engine does fetch ------------------------------------------------


def test_without_walls_the_engine_fetches_the_address(listener: Listener) -> None:
    run_unchecked(attempts(listener.port)[0])
    assert listener.hits, "the listener must see Oxigraph's request, or the tests below prove nothing"


# --- wall 1: the parsed query ------------------------------------------------------------------------


def test_every_smuggling_attempt_the_engine_reads_is_refused(listener: Listener) -> None:
    readable = 0
    for text in attempts(listener.port):
        if oxigraph_reads(text):
            readable += 1
        with pytest.raises(QueryRefused) as refused:
            inspect(text)
        assert refused.value.status in (400, 403), text
    assert readable >= 35  # the family is mostly valid SPARQL, not mostly syntax errors


def test_what_the_check_lets_through_never_reaches_the_network(listener: Listener) -> None:
    """Differential: run every attempt the check would let through on the engine itself."""
    for text in attempts(listener.port):
        try:
            inspect(text)
        except QueryRefused:
            continue
        run_unchecked(text)
    assert listener.hits == []


_SPACE = st.sampled_from([" ", "\t", "\n", "\r\n", "\r", "  ", " #{ comment }\n", "#SERVICE\n", "\n#\n"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    spaces=st.lists(_SPACE, min_size=8, max_size=8), case=st.lists(st.booleans(), min_size=7, max_size=7), silent=st.booleans()
)
def test_white_space_comments_and_case_never_hide_service(
    listener: Listener, spaces: list[str], case: list[bool], silent: bool
) -> None:
    word = "".join(c.lower() if low else c for c, low in zip("SERVICE", case, strict=False))
    s = spaces
    text = (
        f"SELECT{s[0]}*{s[1]}WHERE{s[2]}{{{s[3]}{word}{s[4]}{'SILENT ' if silent else ''}"
        f"<http://127.0.0.1:{listener.port}/>{s[5]}{{{s[6]}?x ?y ?z }}{s[7]}}}"
    )
    try:
        inspect(text)
    except QueryRefused:
        return
    run_unchecked(text)
    assert listener.hits == [], text


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * WHERE { ?s ?p "SERVICE" }',
        "SELECT ?service WHERE { ?service ?p ?o }",
        "# SERVICE <http://example.org/>\nSELECT * WHERE { ?s ?p ?o }",
        "PREFIX ex: <http://example.org/SERVICE/>\nSELECT * WHERE { ?s ex:service ?o }",
        'SELECT * WHERE { ?s ?p ?o FILTER(?o = """insert delete load""") }',
        "SELECT * WHERE { ?s <http://example.org/INSERT> ?o }",
        "SELECT * WHERE { ?s ?p ?o } # } SERVICE <http://127.0.0.1:9/sparql> { ?x ?y ?z }",
    ],
)
def test_the_word_service_in_strings_names_and_comments_is_not_a_service_call(text: str) -> None:
    inspect(text)


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <http://a/b> <http://a/c> <http://a/d> }",
        "PREFIX a: <http://a/>\nDELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "DROP ALL",
    ],
)
def test_updates_are_refused_as_read_only(text: str) -> None:
    with pytest.raises(QueryRefused) as refused:
        inspect(text)
    assert refused.value.status == 403 and "read-only" in str(refused.value)


def test_what_the_parser_cannot_read_is_refused() -> None:
    with pytest.raises(QueryRefused) as refused:
        inspect("SELECT * WHERE { ?s ?p << ?a ?b ?c >> }")  # RDF-star: Oxigraph reads it, rdflib does not
    assert refused.value.status == 400


# --- walls 2 and 3: the workers' own, each alone ------------------------------------------------------


def _worker_walls(walls: tuple[str, ...]) -> dict[str, str]:
    code = f"from kzgraph.web.sandbox import raise_walls; import json; print(json.dumps(raise_walls({walls!r})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    import json

    return json.loads(out.stdout)


def _pool_runs_service(listener: Listener, walls: tuple[str, ...], dist: Path) -> list[Answer]:
    pool = QueryPool(StoreSource("nq", str(dist / "kzgraph.nq"), False), workers=1, timeout=10, walls=walls)
    try:
        for w in walls:
            if pool.wall_status.get(w, "off").startswith("off"):
                pytest.skip(f"wall {w} cannot stand on this machine: {pool.wall_status[w]}")
        return [pool.run(Job(text, max_rows=10, result_format="json", mode="serialize")) for text in attempts(listener.port)[:8]]
    finally:
        pool.close()


@pytest.fixture(scope="module")
def dist(built: Path) -> Path:
    return built


def test_control_a_worker_without_walls_does_fetch(listener: Listener, dist: Path) -> None:
    answers = _pool_runs_service(listener, (), dist)
    assert listener.hits and any(isinstance(a, Result) and b"fetched" in a.body for a in answers)


@pytest.mark.parametrize("wall", ["netns", "seccomp"])
def test_each_worker_wall_alone_keeps_the_listener_silent(listener: Listener, dist: Path, wall: str) -> None:
    answers = _pool_runs_service(listener, (wall,), dist)
    assert listener.hits == []
    assert all(not isinstance(a, Result) or b"fetched" not in a.body for a in answers)


def test_the_socket_filter_denies_sockets_and_foreign_system_calls() -> None:
    status = _worker_walls(("seccomp",))
    assert status == {"seccomp": "on"}
    prog = socket_filter_program("x86_64")
    assert prog[-1][3] & 0xFFFF == 13 and prog[-2][3] == 0x7FFF0000  # EACCES for socket(), ALLOW otherwise


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="needs root to drop CAP_SYS_ADMIN (setpriv), as a service user runs",
)
def test_without_cap_sys_admin_both_worker_walls_still_stand(listener: Listener, dist: Path) -> None:
    """A service user or a default container has no CAP_SYS_ADMIN: the namespace then comes from a
    user namespace, and the socket filter needs no privilege at all."""
    script = textwrap.dedent(f"""
        import json, sys
        from kzgraph.web.pool import QueryPool
        from kzgraph.web.protocol import Job, StoreSource
        pool = QueryPool(StoreSource("nq", {str(dist / "kzgraph.nq")!r}, False), workers=1, timeout=10, walls=("netns", "seccomp"))
        answer = pool.run(Job("SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?x ?y ?z }} }}",
                              max_rows=10, result_format="json", mode="serialize"))
        pool.close()
        print(json.dumps({{"walls": pool.wall_status, "answer": answer.tag}}))
    """)
    out = subprocess.run(
        ["setpriv", "--bounding-set=-sys_admin", "--inh-caps=-sys_admin", sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    import json

    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["walls"]["seccomp"] == "on"
    assert result["walls"]["netns"].startswith("on"), result["walls"]
    assert result["answer"] != "ok" and listener.hits == []


# --- all together, over HTTP, as the server starts them -----------------------------------------------


def test_the_server_refuses_every_attempt_and_fetches_nothing(listener: Listener, dist: Path) -> None:
    import http.client

    app = App(dist, queries_dir=ROOT / "queries", limits=Limits(timeout=5.0, max_rows=50, workers=1))
    server = Server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        assert all(v.startswith("on") for v in app.pool.wall_status.values()), app.pool.wall_status
        for text in attempts(listener.port):
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            conn.request(
                "POST",
                "/sparql",
                body=urlencode({"query": text}),
                headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
            )
            resp = conn.getresponse()
            resp.read()
            conn.close()
            assert resp.status in (400, 403), text
    finally:
        server.shutdown()
        app.close()
    assert listener.hits == []


def test_nesting_and_size_are_bounded_before_the_engine_sees_them() -> None:
    limits = QueryLimits()
    deep = "SELECT * WHERE " + "{" * 5000 + "?s ?p ?o" + "}" * 5000
    parens = "SELECT * WHERE { FILTER(" + "(" * 20000 + "1" + ")" * 20000 + ") }"
    unions = "SELECT * WHERE { " + " UNION ".join(f"{{ ?s ?p {i} }}" for i in range(10000)) + " }"
    for text in (deep, parens, unions):
        with pytest.raises(QueryRefused) as refused:
            inspect(text, limits)
        assert refused.value.status == 400
    nested = "SELECT * WHERE " + "{" * 60 + "?s ?p ?o" + "}" * 60
    with pytest.raises(QueryRefused, match="60 levels deep; this endpoint reads at most 48"):
        inspect(nested, limits)
    ok = "SELECT * WHERE " + "{" * 40 + "?s ?p ?o" + "}" * 40
    assert inspect(ok, limits).depth == 40
    assert isinstance(execute(ox.Store(), Job(ok, mode="rows")), Rows)
