"""The endpoint–worker protocol (kzgraph/web/protocol.py): dataclasses, written and read in one place (issue 24, item 6).

Every message survives the trip across the socket unchanged; what is not a message of the protocol
(a pickle, an unknown type, a field too many) is refused rather than run; and the pool passes
nothing over the socket but what :func:`encode` wrote.
"""

from __future__ import annotations

import ast
import pickle

import pytest

from kzgraph.curated.namespaces import PREFIX_TABLE
from kzgraph.web import protocol
from kzgraph.web.protocol import (
    BadSyntax,
    CannotOpen,
    Cut,
    Failed,
    Job,
    OutOfMemory,
    Ready,
    Refused,
    Result,
    Rows,
    Stop,
    StoreSource,
    Table,
    Unacceptable,
    decode,
    encode,
    in_words,
)

from common import ROOT

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
MESSAGES = [
    Job(
        "SELECT * WHERE { ?s ?p ?o } # caf\u00e9 \ud800",  # a lone surrogate, as a client may send one
        PREFIX_TABLE,
        mode="html",
        answers={"solutions": ("json", "application/sparql-results+json"), "triples": None},
        default_graphs=("https://example.org/g",),
        asserted=True,
        names_dataset=False,
    ),
    Job("ASK {}"),
    Stop(),
    Ready({"parse": "on", "netns": "off: not Linux"}),
    CannotOpen("OSError: no such file"),
    Result("solutions", "text/csv", b"a\r\nline\n\x00\xff", Cut(2, "bytes", 1024), ("kzo:x is not a term",)),
    Rows(
        "solutions",
        ["s", "t"],
        [[("uri", "https://example.org/a"), ("triple", ("uri", "s"), ("uri", "p"), ("literal", "o", "en", None))]],
        None,
    ),
    Rows("boolean", [], True, None),
    Rows("solutions", ["v"], [[("literal", "", None, XSD_STRING), ("unbound",)]], Cut(1, "rows", 1)),
    Table("triples", b"<table>\n</table>", None),
    Refused(400, "no graph <x> here"),
    BadSyntax("line 1: expected WHERE"),
    Unacceptable("triples"),
    Failed("RuntimeError: the engine failed"),
    OutOfMemory(),
]


@pytest.mark.parametrize("message", MESSAGES, ids=lambda m: type(m).__name__)
def test_every_message_crosses_the_socket_unchanged(message: protocol.Message) -> None:
    back = decode(encode(message))
    assert back == message and type(back) is type(message)
    if isinstance(back, (Rows, Result)) and back.cut is not None:
        assert isinstance(back.cut, Cut)
    if isinstance(back, Rows) and not isinstance(back.rows, bool):
        assert all(isinstance(t, tuple) for row in back.rows for t in row)  # terms are tuples again, as the pages expect


def test_the_store_source_is_one_json_argument() -> None:
    source = StoreSource("nq", "/srv/dist/kzgraph.nq", False)
    assert StoreSource.from_json(source.to_json()) == source
    with pytest.raises(ValueError, match="not 'pickle'"):
        StoreSource("pickle", "x")


@pytest.mark.parametrize(
    "frame",
    [
        pickle.dumps(("ok", "solutions", "text/csv", b"", None)),  # the old protocol, or a worker trying to run code
        b'{"type":"Popen","args":["sh"]}\n',  # a class outside the protocol
        b'{"type":"Refused","status":400,"message":"x","extra":1}\n',  # a field too many
        b'{"type":"Job","query":"ASK {}","mode":"exec"}\n',  # a value outside its field's range
        b"\xff\n",
        b'{"type":"Refused","status":"x","message":1}\n',  # fields of the wrong type
        b'{"type":"Refused","status":true,"message":"x"}\n',  # a bool is no status
        b'{"type":"Result","form":"solutions","media":7,"cut":null,"warnings":[]}\n',
        b'{"type":"Rows","form":"solutions","variables":["x"],"rows":[[["uri",1]]],"cut":null}\n',  # a term of a number
        b'{"type":"Table","form":"solutions","cut":[1,"rows"],"warnings":[]}\n',  # a cut of two parts
        b'{"type":"Failed","message":"x"}\nsmuggled bytes',  # a body after a message that has none
        b'{"type":"Failed","message":' + b"[" * 100_000 + b"]" * 100_000 + b"}\n",  # nested past the reader
    ],
)
def test_what_is_not_a_message_is_refused(frame: bytes) -> None:
    with pytest.raises(ValueError):
        decode(frame)


def test_a_failure_is_said_in_a_few_words_as_the_site_wrote_it() -> None:
    assert in_words(Refused(400, "why")) == "refused: why"  # the words /sparql shows for it, not the status
    assert in_words(Failed("RuntimeError: x")) == "error: RuntimeError: x"


def test_the_pool_sends_and_reads_nothing_but_protocol_messages() -> None:
    """``Connection.send``/``recv`` pickle; the pool must use ``send_bytes``/``recv_bytes`` with
    :func:`encode`/:func:`decode` only, or the server could unpickle what a subverted worker sent."""
    tree = ast.parse((ROOT / "kzgraph" / "web" / "pool.py").read_text(encoding="utf-8"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]
    pickling = [f"pool.py:{c.lineno}: .{c.func.attr}()" for c in calls if c.func.attr in ("send", "recv")]  # type: ignore[union-attr]
    assert not pickling, pickling
    for c in calls:
        if c.func.attr == "send_bytes":  # type: ignore[union-attr]
            arg = c.args[0]
            assert isinstance(arg, ast.Call) and getattr(arg.func, "id", "") == "encode", f"pool.py:{c.lineno}"
    sent = {c.func.attr for c in calls}  # type: ignore[union-attr]
    assert {"send_bytes", "recv_bytes"} <= sent


@pytest.mark.parametrize(
    "form,media,broken",
    [
        ("solutions", "text/csv", False),
        ("solutions", "text/html\r\nSet-Cookie: a=b", True),
        ("solutions", "text/tab-separated-values", True),
        ("junk", "", True),  # no form of SPARQL: nothing was chosen for it, not even "no media type"
        ("boolean", "", True),  # a form the job chose no format for
        ("triples", "", True),
    ],
)
def test_a_result_in_a_media_type_the_job_did_not_ask_for_breaks_the_protocol(form: str, media: str, broken: bool) -> None:
    """The Content-Type the server writes is the one the job chose; a worker that names another (a
    header of its own, "text/html\\r\\nSet-Cookie: …", or just another format), or answers in a form the
    job chose no format for, is a broken worker, replaced, and the client gets a crash answer, never
    that header. The chosen one passes."""
    import threading
    from collections import Counter
    from multiprocessing import Pipe

    from kzgraph.web.pool import QueryPool
    from kzgraph.web.protocol import Crashed, Job, Result, encode

    parent, child = Pipe()
    job = Job("SELECT * {}", answers={"solutions": ("csv", "text/csv")})

    def worker() -> None:
        child.recv_bytes()
        child.send_bytes(encode(Result(form, media, b"x", None)))

    threading.Thread(target=worker, daemon=True).start()
    replaced: list[object] = []

    class FakeWorker:
        conn = parent

    pool = QueryPool.__new__(QueryPool)
    pool.timeout, pool.limits, pool.incidents = 5.0, type("L", (), {"worker_memory": 0})(), Counter()
    pool._idle = __import__("queue").Queue()
    pool._replace = lambda w: replaced.append(w) or 0  # type: ignore[method-assign]
    answer = pool._run_on(FakeWorker(), job)  # type: ignore[arg-type]
    if broken:
        assert isinstance(answer, Crashed) and "did not ask for" in answer.why
        assert replaced
    else:
        assert answer == Result("solutions", "text/csv", b"x", None) and not replaced
