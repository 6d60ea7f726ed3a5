"""A small cache keyed by the identity of an immutable object (a net, a net expression, a
node), for work a session repeats on the same object on every call: reading a net back from
its expression, listing its array paths, checking that it is ready to run."""

from __future__ import annotations

from collections import OrderedDict

__all__ = ["IdentityCache"]

_MISSING = object()


class IdentityCache:
    """The values of the last ``size`` objects asked about, least recently used dropped
    first.  An entry holds its object, so that the object's id cannot be reused by another
    while the entry lives; a hit is then always right, as the objects never change."""

    def __init__(self, size: int):
        self._size = size
        self._entries: OrderedDict = OrderedDict()

    def get(self, obj, default=None):
        hit = self._entries.get(id(obj))
        if hit is None or hit[0] is not obj:
            return default
        self._entries.move_to_end(id(obj))
        return hit[1]

    def __contains__(self, obj) -> bool:
        return self.get(obj, _MISSING) is not _MISSING

    def put(self, obj, value) -> None:
        self._entries[id(obj)] = (obj, value)
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)
