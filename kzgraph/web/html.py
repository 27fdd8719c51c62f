"""Safe markup: pages are assembled with :func:`el`, which escapes every text that is not already
:class:`Html`, so a literal from the data can never become markup (no template engine needed)."""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit


class Html(str):
    """Markup that is already safe; any other text put into a page is escaped."""

    __slots__ = ()


def esc(value: object) -> Html:
    """Text escaped for HTML (quotes too, for attributes); :class:`Html` is safe already and returned as it is."""
    if isinstance(value, Html):
        return value
    return Html(html.escape(str(value), quote=True))


def _flatten(items: Iterable[Any]) -> Iterator[Any]:
    for item in items:
        if item is None or item is False:
            continue
        if isinstance(item, (list, tuple)) or (hasattr(item, "__next__") and not isinstance(item, str)):
            yield from _flatten(item)
        else:
            yield item


def join(*parts: Any, sep: Any = "") -> Html:
    """The parts escaped and joined with ``sep``; None and False are left out, lists and tuples flattened."""
    return Html(esc(sep).join(esc(p) for p in _flatten(parts)))


_VOID_TAGS = {"br", "hr", "img", "input", "link", "meta"}


def el(tag: str, *children: Any, **attrs: Any) -> Html:
    """``<tag attrs>children</tag>`` with every attribute value and text child escaped."""
    parts = [f"<{tag}"]
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        parts.append(f" {name}" if value is True else f' {name}="{esc(value)}"')
    parts.append(">")
    if tag in _VOID_TAGS:
        return Html("".join(parts))
    parts.extend(esc(c) for c in _flatten(children))
    parts.append(f"</{tag}>")
    return Html("".join(parts))


def safe_href(url: str | None) -> str | None:
    """``url`` if a link to it is harmless (relative, http or https), else None (shown as text only)."""
    if not url:
        return None
    if url.startswith(("/", "?", "#")):
        return url
    scheme = urlsplit(url).scheme.lower()
    return url if scheme in ("http", "https") else None


def json_island(element_id: str, data: Any) -> Html:
    """Data for a script as ``<script type="application/json">``: never executed (so the CSP need not
    allow it), and with ``<``, ``>`` and ``&`` written as ``\\u`` escapes so no text from the data can
    close the element or open a comment."""
    import json

    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Html(f'<script type="application/json" id="{esc(element_id)}">{text}</script>')
