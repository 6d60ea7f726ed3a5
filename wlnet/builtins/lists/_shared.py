"""What the list builtins share: the symbols they test for, and checks and helpers used
by more than one area."""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, Rational, Real, S
from wlnet.builtins._listutil import all_integers, is_assoc, is_list, is_rule, number_value

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


def _position_spec(pos):
    """A position ``{i, j, …}`` (or a single index) as a tuple of part specs."""
    return tuple(pos._args) if is_list(pos) else (pos,)


_REAL_TYPES = (Integer, Rational, Real)


def _numeric_key(items):
    """A numeric sort key when every item is a real number atom, else None."""
    for a in items:
        if type(a) not in _REAL_TYPES:
            return None
    return number_value


def _flatten_into(out: list, args, head, depth):
    """Append ``args`` to ``out``, splicing subexpressions with ``head`` ``depth`` levels
    deep (None: all the way)."""
    for a in args:
        if type(a) is Expr and (a._head is head or a._head == head) \
                and (depth is None or depth > 0):
            _flatten_into(out, a._args, head, None if depth is None else depth - 1)
        else:
            out.append(a)
