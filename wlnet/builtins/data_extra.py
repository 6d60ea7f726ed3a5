"""Small data and string functions that real scripts use: UnitVector, Subdivide, TakeDrop,
StringPart, Standardize.

Each is defined by the Wolfram Language identity that says what it is (``TakeDrop`` is
``{Take, Drop}``, ``Standardize`` is ``(x - Mean[x]) / StandardDeviation[x]``…) and evaluated
through the builtins that identity names, so exact, machine and symbolic arguments and the
messages are theirs.
"""

from __future__ import annotations

from wlnet.builtins._listutil import is_list
from wlnet.core.expr import Expr, Integer, Rational, Real, S, String
from wlnet.core.registry import builtin

LIST = S.List


def _positive_int(e) -> int | None:
    return e.value if type(e) is Integer and e.value > 0 else None


def _unevaluated(e) -> bool:
    """Did evaluating an expression leave a call of the same head (a failed builtin)?"""
    return type(e) is Expr and e.head in (S.Take, S.Drop, S.Part, S.Mean,
                                          S.StandardDeviation)


# ============================================================================ UnitVector

@builtin(argc=(1, 2), attributes=("Protected",),
         messages={"nokun": "There is no unit vector in direction `1` in `2` dimensions."},
         usage="UnitVector[n, k] is the n-dimensional unit vector in the k-th direction; "
               "UnitVector[k] is UnitVector[2, k].",
         examples=(("UnitVector[3, 2]", "{0, 1, 0}"), ("UnitVector[1]", "{1, 0}")))
def UnitVector(ev, *args):
    n, k = (Integer(2), args[0]) if len(args) == 1 else args
    size, direction = _positive_int(n), _positive_int(k)
    if not all(type(a) in (Integer, Real, Rational) for a in (n, k)):
        return None            # symbolic or list arguments stay as they are, without a message
    if size is None:
        ev.message(S.UnitVector, "intp", Expr(S.UnitVector, *args), Integer(1))
        return None
    if direction is None:
        ev.message(S.UnitVector, "intp", Expr(S.UnitVector, *args), Integer(len(args)))
        return None
    if direction > size:
        ev.message(S.UnitVector, "nokun", k, n)
        return None
    return Expr.from_args(LIST, [Integer(int(i == direction)) for i in range(1, size + 1)])


# ============================================================================ Subdivide

@builtin(argc=(1, 3), attributes=("Protected",),
         usage="Subdivide[n] is {0, 1/n, …, 1}; Subdivide[xmax, n] runs from 0 to xmax and "
               "Subdivide[xmin, xmax, n] from xmin to xmax, in n equal steps.",
         examples=(("Subdivide[4]", "{0, 1/4, 1/2, 3/4, 1}"),
                   ("Subdivide[1, 3, 2]", "{1, 2, 3}")))
def Subdivide(ev, *args):
    steps = _positive_int(args[-1])
    if steps is None:
        ev.message(S.Subdivide, "intp", Expr(S.Subdivide, *args), Integer(len(args)))
        return None
    lo, hi = {1: (Integer(0), Integer(1)), 2: (Integer(0), args[0]), 3: args[:2]}[len(args)]
    # lo + (hi - lo) k / n, k = 0 … n
    width = ev.evaluate(Expr(S.Plus, hi, Expr(S.Times, Integer(-1), lo)))
    points = [Expr(S.Plus, lo, Expr(S.Times, width, Integer(k),
                                    Expr(S.Power, Integer(steps), Integer(-1))))
              for k in range(steps + 1)]
    return ev.evaluate(Expr.from_args(LIST, points))


# ============================================================================ TakeDrop

@builtin(argc=2, attributes=("Protected",),
         usage="TakeDrop[list, spec] is {Take[list, spec], Drop[list, spec]}.",
         examples=(("TakeDrop[{a, b, c, d}, 2]", "{{a, b}, {c, d}}"),
                   ("TakeDrop[{a, b, c, d}, -1]", "{{d}, {a, b, c}}")))
def TakeDrop(ev, items, spec):
    taken = ev.evaluate(Expr(S.Take, items, spec))
    if _unevaluated(taken):
        return None                               # Take said why
    return Expr(LIST, taken, ev.evaluate(Expr(S.Drop, items, spec)))


# ============================================================================ StringPart

@builtin(argc=2, attributes=("Protected",),
         messages={"strse": "String or list of strings expected at position `1` in `2`."},
         usage="StringPart[\"string\", n] is the n-th character of the string; a list of "
               "positions or a span gives a list of characters; StringPart[{s1, s2, …}, spec] "
               "applies to each string.",
         examples=(('StringPart["abcde", 2]', '"b"'),
                   ('StringPart["abcde", {1, -1}]', '{"a", "e"}'),
                   ('StringPart["abcde", 2 ;; 4]', '{"b", "c", "d"}')))
def StringPart(ev, text, spec):
    if is_list(text) and all(type(s) is String for s in text.args):
        parts = [_string_part(ev, s, spec) for s in text.args]
        return None if any(p is None for p in parts) else Expr.from_args(LIST, parts)
    if type(text) is not String:
        ev.message(S.StringPart, "strse", Integer(1), Expr(S.StringPart, text, spec))
        return None
    return _string_part(ev, text, spec)


def _string_part(ev, text: String, spec):
    characters = Expr.from_args(LIST, [String(c) for c in text.value])
    part = ev.evaluate(Expr(S.Part, characters, spec))
    return None if _unevaluated(part) else part


# ============================================================================ Standardize

@builtin(argc=(1, 3), attributes=("Protected",),
         usage="Standardize[list] shifts and scales list to mean 0 and standard deviation 1 "
               "(a matrix column by column); Standardize[list, f1, f2] subtracts f1[list] "
               "and divides by f2[list].",
         examples=(("Standardize[{1, 2, 3}]", "{-1, 0, 1}"),
                   ("Standardize[{{1, 10}, {3, 30}}]",
                    "{{-1/Sqrt[2], -1/Sqrt[2]}, {1/Sqrt[2], 1/Sqrt[2]}}")))
def Standardize(ev, data, center=None, scale=None):
    if not is_list(data) or not data.args:
        return None
    center = S.Mean if center is None else center
    scale = S.StandardDeviation if scale is None else scale
    if all(is_list(row) for row in data.args):    # a matrix: each column
        columns = ev.evaluate(Expr(S.Transpose, data))
        if not is_list(columns) or not all(is_list(c) for c in columns.args):
            return None
        standardized = [_standardize(ev, c, center, scale) for c in columns.args]
        if any(s is None for s in standardized):
            return None
        return ev.evaluate(Expr(S.Transpose, Expr.from_args(LIST, standardized)))
    return _standardize(ev, data, center, scale)


def _standardize(ev, vector, center, scale):
    shift = ev.evaluate(Expr(center, vector))
    spread = ev.evaluate(Expr(scale, vector))
    if _unevaluated(shift) or _unevaluated(spread):
        return None
    # (x - shift) / spread
    return ev.evaluate(Expr(S.Times, Expr(S.Plus, vector, Expr(S.Times, Integer(-1), shift)),
                            Expr(S.Power, spread, Integer(-1))))
