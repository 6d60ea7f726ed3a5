"""A tuple subclass whose elements live elsewhere: the base of argument tuples that keep
their elements in another form (a numpy array for packed arrays, a Python list for the
value a variable owns alone).

The tuple storage itself stays empty; every tuple operation is answered from ``items``, a
plain tuple of the elements built once (``_build_items``, kept until a subclass drops it), so
code that reads ``e._args`` as a tuple gets the elements.  Subclasses define
``_build_items`` and ``__len__`` (and may answer ``__getitem__`` of one index without
building ``items``)."""

from __future__ import annotations


class ItemsTuple(tuple):
    __slots__ = ()

    _items: tuple | None    # the elements once built, None until then (set by __new__)

    def _build_items(self) -> tuple:
        raise NotImplementedError

    @property
    def items(self) -> tuple:
        items = self._items
        if items is None:
            items = self._items = self._build_items()
        return items

    def __bool__(self):
        return len(self) > 0

    def __iter__(self):
        return iter(self.items)

    def __reversed__(self):
        return reversed(self.items)

    def __getitem__(self, i):
        return self.items[i]

    def __contains__(self, x):
        return x in self.items

    def index(self, *a):
        return self.items.index(*a)

    def count(self, x):
        return self.items.count(x)

    def __add__(self, other):
        return self.items + tuple(other)

    def __radd__(self, other):
        return tuple(other) + self.items

    def __mul__(self, n):
        return self.items * n

    __rmul__ = __mul__

    def __eq__(self, other):
        if not isinstance(other, tuple):
            return NotImplemented
        return len(other) == len(self) and self.items == tuple(other)

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __lt__(self, other):
        return self.items < tuple(other)

    def __le__(self, other):
        return self.items <= tuple(other)

    def __gt__(self, other):
        return self.items > tuple(other)

    def __ge__(self, other):
        return self.items >= tuple(other)

    def __hash__(self):
        return hash(self.items)

    def __repr__(self):
        return repr(self.items)

    def __reduce__(self):                # copies and pickles are plain tuples
        return (tuple, (self.items,))
