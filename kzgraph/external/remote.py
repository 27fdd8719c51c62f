"""Talking to remote triple stores over HTTP: the SPARQL 1.1 Protocol and the Graph Store Protocol.

Only the standard library (``urllib``) is used, so publishing to a server adds no dependency. What
the protocols leave to the client lives here, once, for both the query and the load commands:

* authentication: Basic or Digest, whichever the server asks for in its ``401`` challenge
  (Virtuoso's ``/sparql-graph-crud-auth`` and ``/sparql-auth`` accept Digest only, Fuseki and
  GraphDB usually Basic); credentials are never sent to a server that did not ask for them;
* retries: a connection that fails (refused, reset, closed) is tried again with exponential
  backoff, a bounded number of times, but only when repeating the request is harmless (GET, PUT,
  DELETE and queries are; an update such as ``MOVE`` is retried only when it never reached the
  server, i.e. the connection was refused); a request the server took but did not answer within
  the timeout is not repeated, since asking a busy server again only makes it busier;
* errors: a ``4xx``/``5xx`` answer stops at once with the server's own message (HTML stripped),
  because repeating a rejected request gives the same answer.
"""

from __future__ import annotations

import base64
import hashlib
import html
import http.client
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ..core.errors import BuildError
from ..core.formats import RDF, REGISTRY, RESULTS
from ..pipeline.embedded_store import RELEASE_GRAPHS as RELEASE_GRAPHS  # the release's graphs, for kzgraph.external.triplestore
from ..pipeline.embedded_store import release_dataset

TRIES = 5  # attempts per request when the connection fails
BACKOFF = 0.5  # seconds before the 2nd attempt; doubled before each further one
QUERY_TIMEOUT = 60.0  # seconds without an answer before a query is given up
UPLOAD_TIMEOUT = 300.0  # the same for graph uploads, which a server may take a while to index

# Media types asked for each output format of ``kzgraph query``.
RESULT_TYPES = {fmt: media for fmt, (media, _) in RESULTS.items()}
GRAPH_TYPES = {name: RDF[ext].media for name, ext in REGISTRY.names().items() if RDF[ext].document}


class RemoteError(BuildError):
    """A request to a remote endpoint failed: the server said no, or could not be reached."""

    def __init__(self, message: str, status: int | None = None, sent: bool = True, timed_out: bool = False):
        super().__init__(message)
        self.status = status  # the HTTP status of a refusal; None when no answer came
        self.sent = sent  # False when the request certainly never reached the server
        self.timed_out = timed_out  # the server took the request and did not answer in time


@dataclass
class Credentials:
    """A user name and password, to answer a server's Basic or Digest challenge."""

    user: str
    password: str


def credentials(user: str | None, password: str | None = None) -> Credentials | None:
    """The credentials to answer a server's challenge with; the password defaults to ``$KZGRAPH_PASSWORD``."""
    if not user:
        return None
    if password is None:
        password = os.environ.get("KZGRAPH_PASSWORD")
    if password is None:
        raise BuildError(f"user {user!r} given without a password: use --password or set KZGRAPH_PASSWORD")
    return Credentials(user, password)


@dataclass
class Response:
    """One HTTP answer: status, headers (names lower-cased, repeats joined with commas), body."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        """The media type without its parameters, lower-cased; empty when the server sent none."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass
class Client:
    """An HTTP client for one server: remembers the server's authentication challenge between requests.

    After the first ``401`` the client answers every later request pre-emptively, so a large upload
    is sent once, not once to be refused and once more with credentials.
    """

    auth: Credentials | None = None
    tries: int = TRIES
    backoff: float | None = None  # None: the module's BACKOFF, read when needed
    sleep: Callable[[float], None] | None = None  # None: time.sleep
    _scheme: str | None = None
    _challenge: dict[str, str] = field(default_factory=dict)
    _nonce_count: int = 0

    def request(
        self,
        method: str,
        url: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = QUERY_TIMEOUT,
        ok: Iterable[int] = (),
        idempotent: bool = True,
    ) -> Response:
        """Send a request; return the answer when it is 2xx (or a status in ``ok``), raise RemoteError otherwise."""
        accepted = set(ok)
        answered_challenge = False
        while True:
            hdrs = dict(headers or {})
            if self.auth and self._scheme:
                hdrs["Authorization"] = self._authorization(method, url)
            response = self._send_with_retries(method, url, body, hdrs, timeout, idempotent)
            if response.status == 401 and self.auth and not answered_challenge:
                challenge = response.headers.get("www-authenticate", "")
                if self._learn(challenge):
                    answered_challenge = True
                    continue
            if 200 <= response.status < 300 or response.status in accepted:
                return response
            raise RemoteError(
                f"{method} {_show(url)}: HTTP {response.status} {_reason(response)}" + _server_message(response, bool(self.auth)),
                status=response.status,
            )

    def _send_with_retries(
        self, method: str, url: str, body: bytes | None, headers: dict[str, str], timeout: float, idempotent: bool
    ) -> Response:
        delay = BACKOFF if self.backoff is None else self.backoff
        for attempt in range(1, self.tries + 1):
            try:
                return _send(method, url, body, headers, timeout)
            except RemoteError as exc:
                # a server too slow to answer is not helped by asking again; a lost connection may be
                retry = attempt < self.tries and not exc.timed_out and (idempotent or not exc.sent)
                if not retry:
                    if attempt > 1:
                        raise RemoteError(
                            f"{exc} (gave up after {attempt} tries)", sent=exc.sent, timed_out=exc.timed_out
                        ) from None
                    raise
                (self.sleep or time.sleep)(delay)
                delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    # --- authentication ------------------------------------------------------------------------

    def _learn(self, header: str) -> bool:
        """Remember a ``WWW-Authenticate`` challenge we can answer (Digest preferred over Basic)."""
        schemes = _parse_challenges(header)
        if "digest" in schemes:
            self._scheme, self._challenge, self._nonce_count = "digest", schemes["digest"], 0
            return True
        if "basic" in schemes:
            self._scheme, self._challenge = "basic", schemes["basic"]
            return True
        return False

    def _authorization(self, method: str, url: str) -> str:
        assert self.auth is not None
        if self._scheme == "basic":
            token = base64.b64encode(f"{self.auth.user}:{self.auth.password}".encode()).decode("ascii")
            return f"Basic {token}"
        return self._digest(method, url)

    def _digest(self, method: str, url: str) -> str:
        """RFC 7616 Digest (MD5, MD5-sess, SHA-256; qop=auth) for the request target of ``url``."""
        assert self.auth is not None
        ch = self._challenge
        algorithm = ch.get("algorithm", "MD5")
        base_algorithm = algorithm.upper().removesuffix("-SESS")
        hash_name = {"MD5": "md5", "SHA-256": "sha256", "SHA-512-256": "sha512_256"}.get(base_algorithm)
        if hash_name is None:
            raise RemoteError(f"{_show(url)}: the server asks for Digest {algorithm}, which kzgraph cannot answer")

        def h(text: str) -> str:
            return hashlib.new(hash_name, text.encode("utf-8")).hexdigest()

        parts = urllib.parse.urlsplit(url)
        uri = parts.path + (f"?{parts.query}" if parts.query else "")
        realm, nonce = ch.get("realm", ""), ch.get("nonce", "")
        self._nonce_count += 1
        nc = f"{self._nonce_count:08x}"
        cnonce = os.urandom(8).hex()
        ha1 = h(f"{self.auth.user}:{realm}:{self.auth.password}")
        if algorithm.upper().endswith("-SESS"):
            ha1 = h(f"{ha1}:{nonce}:{cnonce}")
        ha2 = h(f"{method}:{uri}")
        qops = [q.strip() for q in ch.get("qop", "").split(",") if q.strip()]
        fields = {"username": self.auth.user, "realm": realm, "nonce": nonce, "uri": uri, "algorithm": algorithm}
        if "auth" in qops:
            fields.update(qop="auth", nc=nc, cnonce=cnonce, response=h(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}"))
        else:
            fields["response"] = h(f"{ha1}:{nonce}:{ha2}")
        if "opaque" in ch:
            fields["opaque"] = ch["opaque"]
        unquoted = {"algorithm", "qop", "nc"}
        return "Digest " + ", ".join(f"{k}={v}" if k in unquoted else f'{k}="{v}"' for k, v in fields.items())


def _parse_challenges(header: str) -> dict[str, dict[str, str]]:
    """``WWW-Authenticate`` value(s) -> {scheme: params}, e.g. ``Digest realm="SPARQL", nonce="…", qop="auth"``."""
    out: dict[str, dict[str, str]] = {}
    scheme: str | None = None
    for item in urllib.request.parse_http_list(header):  # split on commas outside quoted strings
        item = item.strip()
        starts = re.match(r"([A-Za-z][\w-]*)(?:\s+(.*))?$", item)
        if starts and (starts.group(2) is None or "=" in starts.group(2)) and "=" not in starts.group(1):
            scheme = starts.group(1).lower()  # "Digest realm=…" or a bare "Negotiate" opens a challenge
            out[scheme] = {}
            item = starts.group(2) or ""
        if scheme is None or "=" not in item:
            continue
        key, value = (part.strip() for part in item.split("=", 1))
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        out[scheme][key.lower()] = value
    return out


# --- one HTTP exchange ---------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:  # a PUT must not silently become a GET
        """Follow no redirect: the 3xx comes back as the response, so a PUT never silently becomes a GET."""
        return None


_OPENER = urllib.request.build_opener(_NoRedirect())


def _send(method: str, url: str, body: bytes | None, headers: dict[str, str], timeout: float) -> Response:
    """One attempt; a connection problem becomes RemoteError(sent=False when nothing reached the server)."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with _OPENER.open(request, timeout=timeout) as r:
            return Response(r.status, _headers(r.headers), r.read())
    except urllib.error.HTTPError as exc:
        with exc:
            data = exc.read() if exc.fp is not None else b""
        return Response(exc.code, _headers(exc.headers), data)
    except urllib.error.URLError as exc:
        reason = exc.reason
        refused = isinstance(reason, ConnectionRefusedError)
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise RemoteError(f"{method} {_show(url)}: no answer within {timeout:g} s (timed out)", timed_out=True) from None
        raise RemoteError(f"{method} {_show(url)}: cannot connect: {_describe(reason)}", sent=not refused) from None
    except TimeoutError:
        raise RemoteError(f"{method} {_show(url)}: no answer within {timeout:g} s (timed out)", timed_out=True) from None
    except (ConnectionError, OSError, http.client.HTTPException) as exc:  # reset or closed while sending or reading
        raise RemoteError(f"{method} {_show(url)}: connection lost: {_describe(exc)}") from None


def _headers(message: object) -> dict[str, str]:
    """Lower-cased header names; a header sent more than once (two challenges) joined with commas."""
    out: dict[str, str] = {}
    for key, value in message.items() if message is not None else []:  # type: ignore[attr-defined]
        key = key.lower()
        out[key] = f"{out[key]}, {value}" if key in out else value
    return out


def _describe(reason: object) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused (is the server running?)"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    return str(reason) or type(reason).__name__


def _show(url: str) -> str:
    """A URL fit for a message: no credentials, no long query string."""
    parts = urllib.parse.urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    query = urllib.parse.unquote(parts.query)
    if len(query) > 120:
        query = query[:119] + "…"
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", "")) + (f"?{query}" if query else "")


def _reason(response: Response) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(response.status).phrase
    except ValueError:
        return ""


def _server_message(response: Response, had_credentials: bool) -> str:
    text = server_text(response.body)
    if response.status == 401:
        hint = (
            "the user name or password was not accepted"
            if had_credentials
            else "the server wants credentials: give --user (and --password or KZGRAPH_PASSWORD)"
        )
        text = f"{text} ({hint})" if text else hint
    return f": {text}" if text else ""


def server_text(body: bytes, limit: int = 600) -> str:
    """The readable text of an error body: HTML tags removed, whitespace collapsed, cut to ``limit``."""
    text = body.decode("utf-8", errors="replace")
    text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", text)
    text = html.unescape(re.sub(r"(?s)<[^>]+>", " ", text))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- SPARQL 1.1 Protocol: queries -----------------------------------------------------------------


def release_graph_iris(with_inferred: bool = True) -> list[str]:
    """The graphs a query sees by default, as ``kzgraph query`` on the embedded store and ``/sparql``
    (:func:`kzgraph.pipeline.embedded_store.release_dataset`): with the inferences unless ``with_inferred`` is False."""
    return release_dataset(asserted=not with_inferred)


def query_endpoint(
    url: str,
    text: str,
    fmt: str = "table",
    *,
    default_graphs: Sequence[str] | None = None,
    use_server_default: bool = False,
    auth: Credentials | None = None,
    timeout: float = QUERY_TIMEOUT,
    direct: bool = False,
    client: Client | None = None,
    width: int | None = None,
    full: bool = False,
) -> bytes:
    """Run a query on a SPARQL 1.1 Protocol endpoint and return the answer in ``fmt``.

    The query is POSTed URL-encoded (``application/x-www-form-urlencoded``), the form of the SPARQL
    1.1 Protocol that every server answers: Virtuoso 7.2 (Debian 12's) never answers a query POSTed
    directly as ``application/sparql-query`` (openlink/virtuoso-opensource issue 842), which
    ``direct=True`` sends for servers that want it. Its default graph is, as on the embedded
    store, the union of the release's graphs (with the inferences unless ``default_graphs`` says
    otherwise), given as ``default-graph-uri`` parameters, and the same graphs as ``named-graph-uri``
    ones, so ``GRAPH`` finds each as on the embedded store: what a server's own default graph holds
    differs between servers (Oxigraph: only the unnamed graph; Virtuoso: every graph, its system
    graphs included), so naming the graphs gives the same answers everywhere. ``use_server_default``
    leaves the choice to the server instead.

    ``json``, ``xml``, ``csv`` and ``tsv`` are the server's bytes as it sent them; ``table`` is the
    JSON results printed as ``kzgraph query`` prints them; a CONSTRUCT or DESCRIBE answer comes as
    Turtle (or ``nt``, ``jsonld``, ``rdfxml`` when asked).
    """
    from ..asking import queries

    fmt = fmt.lower()
    if fmt == "markdown":
        accept = "application/sparql-results+json, text/turtle;q=0.5"
    elif fmt in RESULT_TYPES:
        accept = f"{RESULT_TYPES[fmt]}, text/turtle;q=0.5"
    elif fmt == "table":
        accept = "application/sparql-results+json, text/turtle;q=0.5"
    elif fmt in GRAPH_TYPES:
        accept = f"{GRAPH_TYPES[fmt]}, application/sparql-results+json;q=0.5"
    else:
        raise queries.QueryError(f"unknown format {fmt!r}; expected table, csv, tsv, json, xml, turtle, jsonld or nt")
    graphs = [] if use_server_default else list(release_graph_iris() if default_graphs is None else default_graphs)
    dataset = [("default-graph-uri", g) for g in graphs] + [("named-graph-uri", g) for g in graphs]
    if direct:
        params = urllib.parse.urlencode(dataset)
        target = url + (("&" if "?" in url else "?") + params if params else "")
        body, ctype = text.encode("utf-8"), "application/sparql-query; charset=utf-8"
    else:
        target = url
        body = urllib.parse.urlencode([("query", text), *dataset]).encode("ascii")
        ctype = "application/x-www-form-urlencoded"
    client = client or Client(auth=auth)
    response = client.request("POST", target, body, timeout=timeout, headers={"Content-Type": ctype, "Accept": accept})
    return _as_format(response, fmt, width, full)


def select_rows(url: str, text: str, *, timeout: float = QUERY_TIMEOUT) -> list[dict[str, str]]:
    """A SELECT's rows (variable -> plain value) or an ASK's ``[{"ask": "true"|"false"}]`` from an
    endpoint, the project's prefixes declared for it (for looking parameter values up remotely)."""
    import json

    from ..asking.queries import with_declarations

    body = query_endpoint(url, with_declarations(text), "json", timeout=timeout)
    doc = json.loads(body)
    if "boolean" in doc:
        return [{"ask": "true" if doc["boolean"] else "false"}]
    return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]


def _as_format(response: Response, fmt: str, width: int | None = None, full: bool = False) -> bytes:
    """Convert what came back to what was asked, when the server answered in a neighbouring format."""
    import pyoxigraph as ox

    from ..asking import render

    ctype = response.content_type
    if ctype in ("application/sparql-results+json", "application/json"):
        body = _virtuoso_ask(response.body)
        if fmt == "json":
            return body
        results = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        return render.render(results, fmt, width=width, full=full)  # as kzgraph query writes it from the release
    rdf = ox.RdfFormat.from_media_type(ctype) if ctype else None
    if rdf is not None:
        if fmt in GRAPH_TYPES and GRAPH_TYPES[fmt] == ctype:
            return response.body
        return render.graph_in([q.triple for q in ox.parse(response.body, format=rdf)], fmt)
    return response.body  # csv, tsv, xml as asked, or something the server chose: pass it on unchanged


def _virtuoso_ask(body: bytes) -> bytes:
    """A standard boolean result for Virtuoso's answer to ASK, passed through when it is anything else.

    Virtuoso 7.2 (Debian 12's) answers an ASK asked for JSON with a one-row SELECT result whose
    variable is ``__ASK_RETVAL`` and whose value is ``1`` or ``0`` (openlink/virtuoso-opensource
    issue 1016), which no client reads as a boolean.
    """
    import json

    if b"__ASK_RETVAL" not in body[:200]:
        return body
    try:
        data = json.loads(body)
        if data["head"]["vars"] != ["__ASK_RETVAL"]:
            return body
        bindings = data["results"]["bindings"]
        value = bool(bindings) and bindings[0]["__ASK_RETVAL"]["value"] not in ("0", "false")
    except (ValueError, KeyError, IndexError, TypeError):
        return body
    return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
