"""Walls that keep a query worker from reaching the network, whatever the query says.

The endpoint refuses ``SERVICE`` from the parsed query (:mod:`kzgraph.sparql.check`); these are the walls
behind that one, for the day a query slips through it. Both work without root:

``netns``
    the worker moves into a new, empty network namespace (``unshare(CLONE_NEWNET)``; an ordinary
    user first enters a new user namespace, where the kernel allows unprivileged ones). Inside,
    there is no interface but a loopback that is down: no address, the host's 127.0.0.1 included,
    can be reached.
``seccomp``
    a seccomp filter makes every later ``socket()`` call (and ``io_uring_setup``, which could make
    sockets behind the filter's back) fail with EACCES, and refuses system calls of any other
    architecture. It needs no privilege (``PR_SET_NO_NEW_PRIVS``) and works on every Linux kernel
    since 3.5. The worker needs no new socket: it talks to the server over one it inherited.

Each wall is checked after it is raised (a connection attempt must fail the way the wall makes it
fail), and :func:`raise_walls` reports which ones stand, so the server can say so when it starts.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import socket
import sys

WALLS = ("netns", "seccomp")

_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000


def raise_walls(walls: tuple[str, ...] = WALLS) -> dict[str, str]:
    """Raise the named walls in this process; wall -> how it stands ("on (…)" or "off: why")."""
    status: dict[str, str] = {}
    if "netns" in walls:
        status["netns"] = _network_namespace()
    if "seccomp" in walls:
        status["seccomp"] = _socket_filter()
    return status


def is_up(state: str) -> bool:
    """Whether a wall's status (as :func:`raise_walls` reports it) says the wall stands."""
    return state.startswith("on")


# --- network namespace -----------------------------------------------------------------------------


def _network_namespace() -> str:
    if not sys.platform.startswith("linux"):
        return "off: not Linux"
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError as exc:
        return f"off: no C library ({exc})"
    how = ""
    if libc.unshare(_CLONE_NEWNET) != 0:
        first = ctypes.get_errno()
        uid, gid = os.geteuid(), os.getegid()
        if libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) != 0:
            second = ctypes.get_errno()
            return (
                f"off: the kernel allows no new network namespace here ({os.strerror(first)}; in a new user "
                f"namespace: {os.strerror(second)})"
            )
        _map_ids(uid, gid)
        how = "in a user namespace"
    if not _loopback_unreachable():
        return "off: a new network namespace was made but an address is still reachable"
    return f"on ({how})" if how else "on"


def _map_ids(uid: int, gid: int) -> None:
    """Map the worker's own ids into its user namespace (else it would appear as nobody)."""
    try:
        with open("/proc/self/setgroups", "w") as f:
            f.write("deny")
        with open("/proc/self/uid_map", "w") as f:
            f.write(f"{uid} {uid} 1")
        with open("/proc/self/gid_map", "w") as f:
            f.write(f"{gid} {gid} 1")
    except OSError:
        pass  # the namespace still isolates the network; only the ids shown inside differ


def _loopback_unreachable() -> bool:
    """True when connecting to 127.0.0.1 fails for want of a network, not for want of a listener."""
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    except OSError:
        return True
    try:
        s.settimeout(1.0)
        s.connect(("127.0.0.1", 9))
    except OSError as exc:
        return exc.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL)
    finally:
        s.close()
    return False


# --- seccomp socket filter -----------------------------------------------------------------------------

# (audit architecture, socket, io_uring_setup, seccomp syscall numbers, lowest x32 number or None)
_ARCHES = {
    "x86_64": (0xC000003E, 41, 425, 317, 0x40000000),
    "aarch64": (0xC00000B7, 198, 425, 277, None),
}
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_RET_K = 0x06
_PR_SET_NO_NEW_PRIVS = 38
_SECCOMP_SET_MODE_FILTER = 1
_SECCOMP_FILTER_FLAG_TSYNC = 1


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def socket_filter_program(machine: str) -> list[tuple[int, int, int, int]]:
    """The classic-BPF program: deny socket() and io_uring_setup() with EACCES, and every system
    call of another architecture (or of the x32 ABI) with EPERM; allow the rest."""
    arch, sys_socket, sys_io_uring, _, x32 = _ARCHES[machine]
    deny = _RET_ERRNO | errno.EACCES
    foreign = _RET_ERRNO | errno.EPERM
    prog = [
        (_LD_W_ABS, 0, 0, 4),  # A = seccomp_data.arch
        (_JEQ_K, 1, 0, arch),  # native: skip the next instruction
        (_RET_K, 0, 0, foreign),
        (_LD_W_ABS, 0, 0, 0),  # A = seccomp_data.nr
    ]
    if x32 is not None:
        prog += [(_JGE_K, 0, 1, x32), (_RET_K, 0, 0, foreign)]
    prog += [
        (_JEQ_K, 2, 0, sys_socket),  # socket(): deny
        (_JEQ_K, 1, 0, sys_io_uring),  # io_uring_setup(): deny
        (_RET_K, 0, 0, _RET_ALLOW),
        (_RET_K, 0, 0, deny),
    ]
    return prog


def _socket_filter() -> str:
    if not sys.platform.startswith("linux"):
        return "off: not Linux"
    machine = platform.machine()
    if machine not in _ARCHES:
        return f"off: no filter written for {machine}"
    libc = ctypes.CDLL(None, use_errno=True)
    prog = socket_filter_program(machine)
    filters = (_SockFilter * len(prog))(*[_SockFilter(*ins) for ins in prog])
    fprog = _SockFprog(len(prog), ctypes.cast(filters, ctypes.POINTER(_SockFilter)))
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return f"off: prctl(PR_SET_NO_NEW_PRIVS) failed ({os.strerror(ctypes.get_errno())})"
    sys_seccomp = _ARCHES[machine][3]
    rc = libc.syscall(sys_seccomp, _SECCOMP_SET_MODE_FILTER, _SECCOMP_FILTER_FLAG_TSYNC, ctypes.byref(fprog))
    if rc != 0:
        return f"off: the kernel refused the seccomp filter ({os.strerror(ctypes.get_errno())})"
    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
    except PermissionError:
        return "on"
    except OSError as exc:
        return f"off: socket() failed, but not as the filter makes it fail ({exc})"
    return "off: the filter was installed but socket() still works"


__all__ = ["WALLS", "raise_walls", "is_up", "socket_filter_program"]
