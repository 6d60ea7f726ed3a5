"""What the list builtins share: the symbols they test for, and checks and helpers used
by more than one area."""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, S
from wlnet.builtins._listutil import all_integers, is_assoc, is_rule

NOTHING = S.Nothing
MISSING = S.Missing
SPAN = S.Span
KEY = S.Key
UPTO = S.UpTo
PLUS = S.Plus
TIMES = S.Times


def _expect_normal(ev, sym, e, call, position: int = 1) -> bool:
    """True when ``e`` has parts; otherwise issue ``sym::normal`` and return False."""
    if type(e) is Expr:
        return True
    ev.message(sym, "normal", Integer(position), call)
    return False


def _assoc_values(e):
    return [a._args[1] for a in e._args if is_rule(a)]


def _elements(e):
    """The parts a list function works on: an association's values, else the arguments."""
    return _assoc_values(e) if is_assoc(e) else list(e._args)


def _plus_all(ev, items):
    """``Plus @@ items`` with an exact-integer fast path."""
    if not items:
        return Integer(0)
    if all_integers(items):
        return Integer(sum(a._value for a in items))
    if len(items) == 1:
        return items[0]
    return ev.apply(PLUS, *items)


def _product(values):
    out = 1
    for v in values:
        out *= v
    return out
