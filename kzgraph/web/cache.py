"""A response cache bounded in bytes.

The release never changes while it is served, so a rendered page or a query's answer stays right
for as long as the server runs and needs no expiry. What must be bounded is memory: entries are
counted by the bytes of their key and body, the least recently used go first, and an entry larger
than a set share of the whole is not kept at all (so one huge answer cannot flush everything else).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


def key_size(key: Hashable) -> int:
    """Bytes a key holds: its strings and bytes, recursively through tuples (others count 8)."""
    if isinstance(key, str):
        return len(key.encode("utf-8", "surrogatepass"))
    if isinstance(key, bytes):
        return len(key)
    if isinstance(key, tuple):
        return 8 + sum(key_size(k) for k in key)
    return 8


class ByteLRU(Generic[V]):
    """Least-recently-used cache of at most ``max_bytes`` (keys and values counted)."""

    def __init__(self, max_bytes: int, max_entry_bytes: int | None = None):
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_entry_bytes if max_entry_bytes is not None else max_bytes // 8
        self._entries: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def size(self) -> int:
        """Bytes held now."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable) -> V | None:
        """The value under ``key``, now the most recently used; None when it is not kept."""
        with self._lock:
            hit = self._entries.get(key)
            if hit is None:
                return None
            self._entries.move_to_end(key)
            return hit[0]

    def put(self, key: Hashable, value: V, value_bytes: int) -> bool:
        """Keep ``value`` under ``key``; False when it is too large to keep."""
        size = key_size(key) + value_bytes + 64
        if size > self.max_entry_bytes or self.max_bytes <= 0:
            return False
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._entries[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes and self._entries:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped
        return True
