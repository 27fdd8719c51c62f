"""Two readings of a parsed SPARQL query that the query module and its error messages share: the
SERVICE targets of rdflib's syntax tree, and a parse run with a stack deep enough for deeply nested
queries. Kept below both, so that neither imports the other to get them.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def service_targets(tree: Any) -> list[str]:
    """Every SERVICE target of a parsed query, in text order, as the query wrote it."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    out: list[str] = []
    stack: list[Any] = [tree]
    while stack:
        value = stack.pop()
        if isinstance(value, CompValue):
            if value.name == "ServiceGraphPattern":
                out.append(service_target(value.get("term")))
            stack.extend(reversed(list(value.values())))
        elif isinstance(value, (list, tuple, ParseResults)):
            stack.extend(reversed(list(value)))
    return list(dict.fromkeys(out))


def service_target(term: Any) -> str:
    """A SERVICE target as the query wrote it: ``<iri>``, ``prefix:name`` or ``?var``."""
    from rdflib import URIRef, Variable
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Variable):
        return f"?{term}"
    if isinstance(term, CompValue) and term.name == "pname":
        return f"{term.get('prefix') or ''}:{term.get('localname') or ''}"
    return str(term)


_STACK_BYTES = 256 * 1024 * 1024
_RECURSION = 12_000


def deep_call(fn: Callable[[], T]) -> T:
    """Run ``fn`` in a thread with a deep stack and a high recursion limit.

    rdflib's parser (pyparsing) uses about thirty frames per nested group, so Python's default
    limit of 1,000 frames would refuse a query nested 36 groups deep; the thread's 256 MiB of
    (lazily committed) stack keeps the raised limit from overflowing the C stack.
    """
    result: list[Any] = []
    error: list[BaseException] = []

    def target() -> None:
        try:
            result.append(fn())
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            error.append(exc)

    with _DEEP_LOCK:  # the recursion limit is per interpreter: raise it for one parse at a time
        old_limit = sys.getrecursionlimit()
        old_stack = threading.stack_size()
        # No cyclic collection in the parse thread: a cycle holding pyoxigraph results collected
        # there cannot be freed (its objects belong to the caller's thread) and is leaked, keeping
        # the store it reads open and locked. The caller's thread collects after the parse.
        collecting = gc.isenabled()
        gc.disable()
        try:
            threading.stack_size(_STACK_BYTES)
            sys.setrecursionlimit(max(old_limit, _RECURSION))
            thread = threading.Thread(target=target, name="kzgraph-sparql-parse", daemon=True)
            thread.start()
        finally:
            threading.stack_size(old_stack)
        try:
            thread.join()
        finally:
            sys.setrecursionlimit(old_limit)
            if collecting:
                gc.enable()
    if error:
        raise error[0]
    return result[0]


_DEEP_LOCK = threading.Lock()
