"""The store of associations already evaluated, and setting one entry of an association.

Shared by Association itself (wlnet.builtins.associations), Append/AssociateTo
(wlnet.builtins.lists.joining) and ``a[k] = v`` (wlnet.builtins.assignment); a module of its
own so that none of those imports another for it.
"""

from __future__ import annotations

from wlnet.builtins._listutil import (
    ASSOCIATION, LIST, assoc_positions, own_assoc_index, own_assoc_positions,
    remember_assoc_index, remember_assoc_positions)
from wlnet.core.definitions import symbols_in
from wlnet.core.expr import Expr
from wlnet.core.owned_args import own_args


# Associations already in evaluated canonical form, by (length, id of the first entry).
# An association is evaluated once, like the Wolfram Language's atomic association, not
# entry by entry each time a variable holding it is used.  Each cache entry keeps the
# entries themselves (so the ids stay valid and a hit is checked by identity), the symbols
# in them, and the definitions generation it was last known valid for: when definitions
# have changed since, the entry stays valid only if none of its symbols has gained a value.
_EVALUATED: dict = {}
_EVALUATED_SIZE = 256


class _Evaluated:
    __slots__ = ("args", "_symbols", "definitions", "generation")

    def __init__(self, args, definitions):
        self.args = args
        self._symbols = None
        self.definitions = definitions
        self.generation = definitions.generation

    @property
    def symbols(self) -> frozenset:
        # found when first needed (a hit after definitions changed), not for every
        # association evaluated: walking each of a net expression's nested associations
        # walked the levels below it again and again
        if self._symbols is None:
            self._symbols = frozenset(symbols_in(Expr.from_args(LIST, self.args), set()))
        return self._symbols


def _still_valid(entry: _Evaluated, definitions) -> bool:
    if entry.definitions is not definitions:
        return False
    if entry.generation == definitions.generation:
        return True
    get = definitions.get
    for sym in entry.symbols:
        rec = get(sym)
        if rec is not None and rec.has_values():
            return False
    entry.generation = definitions.generation
    return True


def _known_evaluated(ev, args) -> bool:
    entry = _EVALUATED.get((len(args), id(args[0])))
    # tuple comparison tests identity element by element at C speed
    return entry is not None and (entry.args is args or args == entry.args) \
        and _still_valid(entry, ev.definitions)


def _remember_evaluated(ev, args, symbols: frozenset | None = None) -> None:
    """Record the entries ``args`` as evaluated (their symbols, when known, kept)."""
    if not args:
        return
    if len(_EVALUATED) >= _EVALUATED_SIZE:
        _EVALUATED.pop(next(iter(_EVALUATED)))
    entry = _Evaluated(args, ev.definitions)
    entry._symbols = symbols
    _EVALUATED[(len(args), id(args[0]))] = entry


def with_entry(ev, assoc, rule, in_place: bool = False):
    """``assoc`` with the entry ``rule`` (its key's value replaced where it stands, or added
    at the end), without walking the entries in Python: the key and position tables are
    handed on, and when ``assoc`` and ``rule`` were evaluated the result is recorded as
    evaluated, so a loop of ``a[k] = v`` or ``AssociateTo[a, k -> v]`` costs little per
    step.  ``in_place``: nothing but the caller's variable holds ``assoc``, which is then
    changed itself when its entries are held by nobody else either (owned_args), instead
    of copied (a copy per step made such loops quadratic)."""
    args = assoc._args
    n, key = len(args), rule._args[0]
    # a change in place takes the position table over; a copy leaves assoc's to it
    positions = own_assoc_positions(assoc) if in_place else dict(assoc_positions(assoc))
    table = own_assoc_index(assoc)
    evaluated = n > 0 and _known_evaluated(ev, args) and ev.is_fixed_point(rule)
    before = None
    if evaluated:
        before = _EVALUATED.pop((n, id(args[0]))).symbols
    elif in_place and n:
        _EVALUATED.pop((n, id(args[0])), None)      # its record would hold the entries
    args = None                 # our reference would make the entries look shared
    owned = own_args(assoc) if in_place and n else None
    position = positions.get(key)
    if position is None:
        positions[key] = n
    if owned is not None:
        if position is None:
            owned.append(rule)
        else:
            owned.put(position, rule)
        assoc._hash = None
        new_args, result = owned, assoc
    else:
        args = assoc._args
        new_args = args + (rule,) if position is None else \
            args[:position] + (rule,) + args[position + 1:]
        result = Expr.from_args(ASSOCIATION, new_args)
    table[key] = rule
    remember_assoc_index(new_args, table)
    remember_assoc_positions(new_args, positions)
    if evaluated:
        _remember_evaluated(ev, new_args, before | frozenset(symbols_in(rule, set())))
        if not ev.definitions.has_upvalues:
            ev.mark_evaluated(result)     # the evaluator need not look at it again
    return result
