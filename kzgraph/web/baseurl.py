"""The public address a site is served or published under (``--base``), checked once for every use.

The base ends up in places with very different syntax — HTTP ``Location`` headers, Apache's
``.htaccess`` (``RewriteBase``, ``ErrorDocument``), nginx's ``location`` regexes and ``return``
strings, HTML attributes — so it is accepted only in a form that means the same in all of them:
an absolute ``http``/``https`` URL with a host name (or IP address) and an optional port, no user
name, query or fragment, and a path of RFC 3986 *unreserved* characters and ``/``. Anything else is
refused with a message that says what is accepted, rather than escaped into something the operator
did not write.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from ..core.errors import BuildError

_HOST = re.compile(
    r"(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?"
)
_PATH = re.compile(r"/[A-Za-z0-9._~/-]*")


class BaseURLError(BuildError):
    """``--base`` is not an address the site can be served under."""


def public_base(text: str, option: str = "--base") -> str:
    """``text`` as a checked base URL ending in ``/``; :class:`BaseURLError` when it is not one."""
    shown = repr(text)
    if any(ord(c) < 0x21 or ord(c) == 0x7F for c in text):
        raise BaseURLError(f"{option} {shown} contains white space or control characters; give an absolute http(s) URL")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https"):
        raise BaseURLError(f"{option} must be an absolute http:// or https:// URL, got {shown}")
    if parts.query or parts.fragment or "?" in text or "#" in text:
        raise BaseURLError(f"{option} {shown} has a query or fragment; give only scheme, host and path")
    if "@" in parts.netloc:
        raise BaseURLError(f"{option} {shown} has a user name; give only scheme, host and path")
    host = parts.hostname or ""
    try:
        port = parts.port
    except ValueError:
        raise BaseURLError(f"{option} {shown} has a port that is not a number from 1 to 65535") from None
    if port == 0:
        raise BaseURLError(f"{option} {shown} has a port that is not a number from 1 to 65535")
    if not _valid_host(host, parts.netloc):
        raise BaseURLError(f"{option} {shown} has no valid host name or IP address")
    path = parts.path or "/"
    if not _PATH.fullmatch(path) or "//" in path or "/../" in path + "/" or "/./" in path + "/":
        raise BaseURLError(
            f"{option} {shown}: the path may hold only letters, digits, '-', '.', '_', '~' and single '/' between segments"
        )
    netloc = parts.netloc.lower()
    return f"{parts.scheme}://{netloc}{path if path.endswith('/') else path + '/'}"


def _valid_host(host: str, netloc: str) -> bool:
    if not host:
        return False
    if netloc.startswith("["):
        try:
            return ipaddress.ip_address(host).version == 6
        except ValueError:
            return False
    return bool(_HOST.fullmatch(host))


def nginx_regex(path: str) -> str:
    """A checked base path as a literal inside an nginx (PCRE) regex: only '.' needs escaping."""
    return path.replace(".", r"\.")
