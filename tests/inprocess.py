"""``kzgraph serve`` inside the test process: an :class:`~kzgraph.web.app.App` on a free loopback port.

One helper for every test module that speaks HTTP to the server (as a client library or a browser
would) rather than calling ``App.handle`` directly.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from kzgraph.web.app import App
from kzgraph.web.httpserver import Server


@contextmanager
def serving(app: App) -> Iterator[int]:
    """Serve ``app`` on 127.0.0.1 and a port the system chooses (so tests in parallel never clash);
    yields the port, and at the end stops the server and the app's query workers."""
    server = Server(app, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True, name="kzgraph-test-server").start()
    try:
        yield server.port
    finally:
        server.shutdown()
        app.close()
