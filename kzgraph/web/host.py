"""What the SPARQL endpoint and the pages it answers use of the application that routes to them.

:class:`~kzgraph.web.app.App` is that application: it builds the :class:`~kzgraph.web.endpoint.Endpoint`
and hands it itself. Named here, below both, the endpoint, its query downloads and the service
description are written against these few members rather than against the app, which imports them:
the arrows in ``web/`` run one way (``tests/test_imports.py``), and a new member the endpoint wants is
a line here that says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import pyoxigraph as ox

    from ..asking.params import Lookup
    from ..asking.queries import StoredQuery
    from .addresses import Links
    from .http import Request, Response
    from .layout import Ctx
    from .limits import Limits
    from .pool import QueryPool
    from .protocol import Answer, Cut
    from .void import VoidSummary


class Answering(Protocol):
    """The endpoint as the query downloads use it: one run per answer, and its failures and cuts written alike."""

    def coalesced(self, key: tuple, compute: Callable[[], Response]) -> Response: ...

    def _failure(self, req: Request, answer: Answer, text: str | None) -> Response: ...

    def _mark_cut(self, resp: Response, cut: Cut | None) -> Response: ...


class Host(Protocol):
    """The application as the endpoint, its downloads and the service description see it."""

    limits: Limits
    links: Links
    pool: QueryPool
    store: ox.Store
    queries: list[StoredQuery]
    lookup: Lookup
    void: VoidSummary
    endpoint: Answering

    def ctx(self, lang: str) -> Ctx: ...

    def lang(self, req: Request) -> str: ...

    def with_lang(self, resp: Response, lang: str) -> Response: ...

    def cache_get(self, key: tuple) -> Response | None: ...

    def cache_put(self, key: tuple, resp: Response) -> None: ...

    def client(self, req: Request) -> str: ...

    def absolute(self, rel: str) -> str: ...

    def not_found(self, req: Request, key: str | None) -> Response: ...
