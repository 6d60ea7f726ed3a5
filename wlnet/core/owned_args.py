"""The arguments of a value that one variable holds alone, changed in place.

``a[[i]] = x`` and ``AppendTo[a, x]`` in a loop would copy the whole argument tuple of
``a``'s value at every step (time quadratic in the length).  The Wolfram Language changes
a list in place when nothing else refers to it; so does wlnet: the first such change
gives the value an ``OwnedArgs`` (its elements in a Python list), and the next ones
change that list.  Copy-on-write is decided by reference counts, the same way as for
packed arrays (packed.overwrite_part): the caller answers for the expression itself
being held by nobody else, ``own_args`` for its arguments.

For every reader an ``OwnedArgs`` is a tuple of the elements (items_tuple.ItemsTuple):
iteration goes over a snapshot (``items``, rebuilt after a change), so an iteration in
progress never sees a change, and copies, pickles and new expressions built from it get
plain tuples: the list is never shared."""

from __future__ import annotations

import sys

from wlnet.core.expr import Expr
from wlnet.core.items_tuple import ItemsTuple

__all__ = ["OwnedArgs", "own_args", "held_by_list_only"]


class OwnedArgs(ItemsTuple):
    """Arguments kept in a Python list (``elements``) that may change in place."""

    def __new__(cls, elements: list):
        self = tuple.__new__(cls)
        self.elements = elements
        self._items = None
        return self

    def _build_items(self) -> tuple:
        return tuple(self.elements)

    def __len__(self):
        return len(self.elements)

    def __getitem__(self, i):
        if type(i) is int:
            return self.elements[i]
        return self.items[i]

    def __eq__(self, other):
        return ItemsTuple.__eq__(self, other)

    __hash__ = ItemsTuple.__hash__

    def __copy__(self):
        return self.items

    def __deepcopy__(self, memo):
        from copy import deepcopy
        return deepcopy(self.items, memo)

    # ---------------------------------------------------------------- changes

    def put(self, i: int, x) -> None:
        self.elements[i] = x
        self._items = None

    def append(self, x) -> None:
        self.elements.append(x)
        self._items = None

    def prepend(self, x) -> None:
        self.elements.insert(0, x)
        self._items = None


def own_args(e: Expr) -> OwnedArgs | None:
    """The arguments of ``e`` as an ``OwnedArgs`` the caller may change, ``e`` being held by
    nobody but the caller's variable: a plain tuple is replaced by a list of the same
    elements (the tuple is not changed: whoever shares it keeps it).  None when the
    arguments are held elsewhere too, or are packed (packed.overwrite_part's case)."""
    args = e._args
    if type(args) is tuple:
        args = e._args = OwnedArgs(list(args))
        return args
    if type(args) is not OwnedArgs:
        return None
    args._items = None          # the snapshot would hold the elements for nobody
    # the references to args: e's slot, the name args and getrefcount's argument
    return args if sys.getrefcount(args) == 3 else None


def held_by_list_only(args: OwnedArgs, i: int) -> bool:
    """Whether element ``i`` of ``args`` is held by the list alone (so it may be changed in
    place too); the caller must hold no reference to it yet.  ``args`` has no snapshot
    (own_args dropped it)."""
    # the references: the list's slot and getrefcount's argument
    return sys.getrefcount(args.elements[i]) == 2
