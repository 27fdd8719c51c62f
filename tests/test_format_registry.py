"""One format registry: the server, the Apache rules and the nginx rules negotiate alike, derived
from `kzgraph.core.formats`; adding a document format is one registry line (shown with N3 on a copy)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import apache_rewrite
import pyoxigraph as ox
import pytest
from negotiation_matrix import WITH_N3, answer, requests, wsgi_get

from kzgraph.core.formats import REGISTRY, RdfFormat, Registry
from kzgraph.web.app import App
from kzgraph.web.limits import Limits
from kzgraph.web.webconf import htaccess

BASE = "https://example.org/kz/"


@pytest.fixture(scope="module")
def app(built: Path) -> Iterator[App]:
    app = App(built, limits=Limits(workers=1))
    try:
        yield app
    finally:
        app.close()


def server_answers(app: App, registry: Registry) -> dict[tuple[str, str], str]:
    app.registry = registry
    try:
        out = {}
        for path, headers in requests(registry):
            status, hdrs = wsgi_get(app, path, headers)
            out[path, repr(headers)] = answer(status, hdrs.get("location"), hdrs.get("content-type"), registry)
        return out
    finally:
        app.registry = REGISTRY


def apache_answers(registry: Registry) -> dict[tuple[str, str], str]:
    text = htaccess(BASE, registry)
    files = {"/kz/page/state/KAZ.html", "/kz/page/ontology.html", "/kz/page/dataset.html", "/kz/.well-known/void.html"}
    files |= {f"/kz/.well-known/void.{f.ext}" for f in registry.documents()}
    out = {}
    for path, headers in requests(registry):
        got = apache_rewrite.run(text, "/kz/" + path, headers, files.__contains__)
        if got.status == 200:
            assert got.path is not None
            out[path, repr(headers)] = "200 " + got.path.rsplit(".", 1)[-1]
        else:
            out[path, repr(headers)] = answer(got.status, got.location, None, registry, "/kz/")
    return out


@pytest.mark.parametrize("registry", [REGISTRY, WITH_N3], ids=["registry", "registry+N3"])
def test_apache_rules_answer_as_the_server(app: App, registry: Registry) -> None:
    server, apache = server_answers(app, registry), apache_answers(registry)
    differ = {k: (server[k], apache[k]) for k in server if server[k] != apache[k]}
    assert not differ, differ


def test_n3_is_negotiated_once_in_the_registry(app: App) -> None:
    answers = server_answers(app, WITH_N3)
    assert answers["id/state/KAZ", repr({"Accept": "text/n3"})] == "303 data/state/KAZ.n3"
    assert answers[".well-known/void", repr({"Accept": "text/n3"})] == "200 n3"
    assert server_answers(app, REGISTRY)["id/state/KAZ", repr({"Accept": "text/n3"})] == "303 data/state/KAZ.ttl"
    assert "[S=9]" in htaccess(BASE) and "[S=11]" in htaccess(BASE, WITH_N3)  # the skip counts follow the formats


@pytest.mark.parametrize(
    "line",
    [
        "RewriteRule ^x$ y [R=301,L]",
        "RewriteRule ^x$ y [END]",
        "RewriteRule ^x$ y [QSA]",
        "RewriteCond %{HTTP_ACCEPT} x [NV]",
        "RewriteMap m txt:/x",
        "RewriteOptions Inherit",
        "Redirect 303 /a /b",
        "RewriteCond %{HTTP_HOST} x\nRewriteRule ^x$ y [L]",
    ],
)
def test_the_interpreter_refuses_what_it_does_not_implement(line: str) -> None:
    text = f"RewriteEngine On\nRewriteBase /\n{line}\n"
    with pytest.raises(apache_rewrite.Unsupported):
        apache_rewrite.run(text, "/x", {"Host": "h"}, lambda p: True)


def test_the_interpreter_skips_and_stops_as_apache_does() -> None:
    text = """RewriteEngine On
RewriteBase /
RewriteCond %{HTTP_ACCEPT} "a"
RewriteRule ^x$ - [S=1]
RewriteRule ^x$ one [R=303,L]
RewriteRule ^x$ two [R=303,L]
"""
    assert apache_rewrite.run(text, "/x", {"Accept": "a"}, lambda p: True).location == "/two"
    assert apache_rewrite.run(text, "/x", {"Accept": "b"}, lambda p: True).location == "/one"


def test_everything_else_follows_the_registry() -> None:
    """The CLI's help names the registry's documents, the editor lists them, and a copy with N3 names,
    shows and offers N3 where the registry (where text/n3 is Turtle's alias) does not."""
    from kzgraph.cli import parser
    from kzgraph.web import query_pages

    query = next(a for a in parser()._subparsers._group_actions[0].choices["query"]._actions if a.dest == "format")  # type: ignore[union-attr]
    assert REGISTRY.shown_names() in (query.help or "")
    assert WITH_N3.shown_names() == "turtle, jsonld, nt, rdfxml or n3"
    assert WITH_N3.names()["n3"] == "n3" and "n3" not in REGISTRY.names()
    assert [code for code, _, _ in query_pages.GRAPH_DOWNLOADS] == [f.ext for f in REGISTRY.documents()]
    assert WITH_N3.resource_offers()["text/n3"] == "n3" and REGISTRY.resource_offers()["text/n3"] == "ttl"


@pytest.mark.parametrize(
    "extra,message",
    [
        (RdfFormat("ttl", "text/x-other", "Other", ox.RdfFormat.N3), "extension ttl"),
        (RdfFormat("n3", "text/turtle", "N3", ox.RdfFormat.N3), "media type text/turtle"),
        (RdfFormat("n3", "text/n3", "N3", ox.RdfFormat.N3, names=("turtle",)), "name turtle"),
        (RdfFormat("n3", "text/n3", "N3", ox.RdfFormat.N3, prefixes="some"), "prefixes='some'"),
    ],
)
def test_a_registry_that_says_a_thing_twice_is_refused(extra: RdfFormat, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        Registry((*REGISTRY.rdf, extra))
