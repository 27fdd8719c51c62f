"""What the browser tests share: the site served in-process on the session's release, and a viewport
of a given width (tests/test_browser_readers.py, tests/test_browser_queries.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_browser import WebDriver

from kzgraph.web.app import App, Limits

from common import ROOT
from inprocess import serving


@pytest.fixture(scope="module")
def site_url(built: Path) -> Iterator[str]:
    """``kzgraph serve``'s application on the session's release, on a free port of 127.0.0.1."""
    app = App(built, queries_dir=ROOT / "queries", limits=Limits(timeout=5, max_rows=100, workers=1))
    with serving(app) as port:
        yield f"http://127.0.0.1:{port}"


def resize(wd: WebDriver, width: int, height: int) -> None:
    """Make the viewport (not the window) ``width`` wide: the window's frame differs between builds."""
    wd.call("POST", wd.s("/window/rect"), {"width": width, "height": height})
    inner = wd.script("return window.innerWidth")
    if inner != width:
        wd.call("POST", wd.s("/window/rect"), {"width": 2 * width - inner, "height": height})
