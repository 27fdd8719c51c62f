"""Open the project's input files safely: regular files inside the project, of bounded size.

A build reads what curators and tools leave in ``data/`` and ``ontology/``, and what it meets there
is not always what the name says: a FIFO (reading it would wait forever), a symbolic link to
``/dev/zero`` (memory runs out) or to ``/etc/shadow`` (an error message would print its lines), a
directory, a link that loops, a file nobody may read. Every input is therefore opened here, and the
decision is made from what the file *is* -- ``lstat``, the real path, ``fstat`` of the opened
descriptor -- never from its name:

* the file's real path (every symbolic link followed) must lie inside the project: a link that
  leaves the project is refused before anything is opened, so nothing outside is ever read;
* it must be a regular file, checked before opening (a device is never opened) and again on the
  descriptor (it cannot be swapped in between); ``O_NONBLOCK`` keeps even a FIFO from blocking;
* it is read with a bounded reader: at most ``limit`` bytes, whatever size it claims.

Anything else is an :class:`InputError`: ``file: what is wrong``, one line, no traceback.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import relpath

MiB = 1024 * 1024
YAML_LIMIT = 16 * MiB  # a curated YAML file (the largest real one is 37 KB; the 1000x benchmark's 6 MB)
ARTICLE_LIMIT = 64 * MiB  # the article's text (the real one is 60 KB; the 1000x benchmark's 38 MB)
RDF_LIMIT = 16 * MiB  # one part of the ontology or the shapes (ontology/parts.yaml lists them)
QUERY_LIMIT = 1 * MiB  # one SPARQL query of ontology/qc/
MANIFEST_LIMIT = 1 * MiB  # dist/release.json of the previous release

_CHUNK = 1 * MiB
_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_NOFOLLOW", 0)


class InputError(Exception):
    """An input that cannot be read as what it should be; ``name`` is its path as messages show it."""

    def __init__(self, name: str, message: str):
        self.name = name
        self.message = message
        super().__init__(f"{name}: {message}")


display_name = relpath  # ``path`` relative to ``root`` as written, links not followed


def size_text(n: int) -> str:
    """A size limit as messages write it: whole MiB as ``16 MiB``, anything else in bytes."""
    return f"{n // MiB} MiB" if n >= MiB and n % MiB == 0 else f"{n:,} bytes"


def kind_of(mode: int) -> str:
    """What a file of this mode is, in words."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def _why(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "a symbolic link loop"
    return exc.strerror or type(exc).__name__


def exists(path: Path) -> bool:
    """Whether anything at all stands at ``path`` (a broken or looping link counts: it must be reported)."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError:
        return True  # e.g. a parent we may not search: there is something to report
    return True


def resolve_inside(path: Path, root: Path, name: str | None = None) -> str:
    """The real path of ``path``, which must exist and lie inside ``root``; else :class:`InputError`."""
    name = name or display_name(path, root)
    try:
        os.lstat(path)
    except FileNotFoundError:
        raise InputError(name, "is missing") from None
    except NotADirectoryError:
        raise InputError(name, "is missing (a part of its path is not a directory)") from None
    except OSError as exc:
        raise InputError(name, f"cannot be reached: {_why(exc)}") from None
    try:
        real = os.path.realpath(path, strict=True)
    except FileNotFoundError:
        raise InputError(name, "is a symbolic link to a file that does not exist") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP or "loop" in str(exc).lower():
            raise InputError(name, "is a symbolic link loop") from None
        raise InputError(name, f"cannot be reached: {_why(exc)}") from None
    top = os.path.realpath(root)
    if real != top and os.path.commonpath([real, top]) != top:
        raise InputError(name, "is a symbolic link that leads out of the project; only files inside it are read")
    return real


def read_bytes(path: Path, root: Path, limit: int, what: str = "file") -> bytes:
    """The bytes of ``path``, a regular file inside ``root`` of at most ``limit`` bytes."""
    name = display_name(path, root)
    real = resolve_inside(path, root, name)
    try:
        mode = os.stat(real).st_mode
    except OSError as exc:
        raise InputError(name, f"cannot be read: {_why(exc)}") from None
    if not stat.S_ISREG(mode):  # decided before opening: a device is never opened
        raise InputError(name, f"is {kind_of(mode)}, not a regular file; expected {_a(what)}")
    try:
        fd = os.open(real, _FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # the last part turned into a link after it was resolved
            raise InputError(name, "changed into a symbolic link while being opened") from None
        raise InputError(name, f"cannot be read: {_why(exc)}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped between the check and the open
            raise InputError(name, f"is {kind_of(st.st_mode)}, not a regular file; expected {_a(what)}")
        if st.st_size > limit:
            raise InputError(name, f"is {st.st_size:,} bytes; {what}s may hold at most {size_text(limit)}")
        chunks: list[bytes] = []
        total = 0
        while True:
            try:
                chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            except OSError as exc:
                raise InputError(name, f"cannot be read: {_why(exc)}") from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # grew while being read, or a file system that reports no size
                raise InputError(name, f"holds more than {size_text(limit)}; {what}s may hold at most that")
        return b"".join(chunks)
    finally:
        os.close(fd)


def list_directory(path: Path, root: Path, what: str = "directory") -> list[str]:
    """The names in ``path``, a directory inside ``root`` (sorted); else :class:`InputError`."""
    name = display_name(path, root)
    real = resolve_inside(path, root, name)
    try:
        mode = os.stat(real).st_mode
    except OSError as exc:
        raise InputError(name, f"cannot be reached: {_why(exc)}") from None
    if not stat.S_ISDIR(mode):
        raise InputError(name, f"is {kind_of(mode)}; expected {_a(what)}")
    try:
        return sorted(os.listdir(real))
    except OSError as exc:
        raise InputError(name, f"cannot be listed: {_why(exc)}") from None


def _a(what: str) -> str:
    return f"{'an' if what[:1] in 'aeiou' else 'a'} {what}"


__all__ = [
    "InputError",
    "read_bytes",
    "list_directory",
    "resolve_inside",
    "display_name",
    "exists",
    "YAML_LIMIT",
    "ARTICLE_LIMIT",
    "RDF_LIMIT",
    "QUERY_LIMIT",
    "MANIFEST_LIMIT",
]
