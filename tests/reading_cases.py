"""A listener that counts connections, and the queries two SPARQL parsers once read differently.

Shared by the tests of the one reading (``test_one_reading.py``) and of the endpoint's requests.
"""

from __future__ import annotations

import socket
import threading

from kzgraph.web.protocol import Refused, Rows

_RESULT = b'{"head":{"vars":["a"]},"results":{"bindings":[{"a":{"type":"literal","value":"fetched"}}]}}'


class Listener:
    """A SPARQL endpoint on 127.0.0.1 that counts every connection it accepts (whether or not a
    request follows) and answers each with one row."""

    def __init__(self) -> None:
        self.connections = 0
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                conn.settimeout(5)
                try:
                    conn.recv(65536)
                    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: {len(_RESULT)}\r\nConnection: close\r\n\r\n"
                    conn.sendall(head.encode("ascii") + _RESULT)
                except OSError:
                    pass

    def close(self) -> None:
        try:
            self._sock.shutdown(socket.SHUT_RDWR)  # wakes the accept() of the serving thread
        except OSError:
            pass
        self._sock.close()
        self._thread.join(timeout=5)


# The queries each parser read in its own way before: rdflib saw no SERVICE, Oxigraph ran one. In the
# one reading, the first has its comment end at the carriage return (so the SERVICE is seen and
# refused); in the second the escape is a quote, as the standard reads it (so the query runs as
# rdflib read it: an empty string, then a comment, and no SERVICE).
KNOWN = {
    "a carriage return ends a comment for Oxigraph only": (
        "SELECT * WHERE { ?s ?p ?o # look:\r SERVICE <http://127.0.0.1:{PORT}/> { ?a ?b ?c }\n}",
        (Refused, {"status": 403}),
    ),
    "an escaped quote is a quote to rdflib, a character of the string to Oxigraph": (
        'SELECT * WHERE { VALUES ?x { "\\u0022 # " } SERVICE <http://127.0.0.1:{PORT}/> { ?a ?b ?c\n} }',
        (
            Rows,
            {
                "form": "solutions",
                "variables": ["x"],
                "rows": [[("literal", "", None, "http://www.w3.org/2001/XMLSchema#string")]],
                "cut": None,
            },
        ),
    ),
}
