"""FindInstance: points where a condition holds.

The condition is first reduced (Reduce, reduce.py); each case of the answer, a conjunction
of conditions on the variables one after another, gives a point: a variable fixed by an
equation takes that value, one between bounds a point inside (an integer over Integers),
one bounded on one side a point beyond it, a free one 0.  Every point is checked on the
original condition.  Over the integers, where Reduce has no answer, the integer points of a
growing box around 0 are tried (a few thousand at most).
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

from wlnet.builtins._listutil import float_value, is_list
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, S, Symbol, make_rational
from wlnet.core.registry import builtin

_MESSAGES = {
    "nsmet": "The methods available to FindInstance are insufficient to find an instance "
             "of `1`.",
    "ivar": "`1` is not a valid variable.",
    "nint": "The number of instances `1` is not a positive integer.",
}
_DOMAINS = ("Reals", "Integers", "Complexes")
_BOX_POINTS = 20000                 # integer points tried at most when Reduce cannot help
_BOUNDS = {"Less": "upper", "LessEqual": "upper", "Greater": "lower", "GreaterEqual": "lower"}


@builtin("FindInstance", argc=(2, 4), messages=_MESSAGES,
         usage="FindInstance[expr, vars] is a list {{x -> a, …}} of one point where the "
               "condition expr holds (an empty list when none does); FindInstance[expr, vars, "
               "dom, n] up to n points over Reals, Integers or Complexes.",
         examples=(("FindInstance[x^2 - 3 x + 2 == 0, x]", "{{x -> 1}}"),
                   ("FindInstance[x^2 + y^2 == 25 && x > 0 && y > 0, {x, y}, Integers]",
                    "{{x -> 3, y -> 4}}"),
                   ("FindInstance[x^2 < 0, x, Reals]", "{}")))
def find_instance(ev, expr, variables, domain=None, count=None):
    if type(domain) is Integer and count is None:
        domain, count = None, domain
    xs = list(variables.args) if is_list(variables) else [variables]
    if not xs or any(type(x) is not Symbol for x in xs):
        ev.message(S.FindInstance, "ivar", variables)
        return None
    wanted = 1 if count is None else count.value if type(count) is Integer else 0
    if wanted < 1:
        ev.message(S.FindInstance, "nint", count)
        return None
    name = getattr(domain, "name", None)
    if domain is not None and name not in _DOMAINS:
        return None
    if is_list(expr):                      # a list of conditions: all of them
        expr = Expr(S.And, *expr.args)
    found = _from_reduce(ev, expr, xs, domain, name, wanted)
    if found is None and name == "Integers":
        found = _integer_search(ev, expr, xs, wanted)
    if found is None:
        ev.message(S.FindInstance, "nsmet", expr)
        return None
    return Expr(S.List, *[Expr(S.List, *[Expr(S.Rule, x, v) for x, v in zip(xs, point)])
                          for point in found])


def _holds(ev, expr, xs, point) -> bool:
    rules = Expr(S.List, *[Expr(S.Rule, x, v) for x, v in zip(xs, point)])
    return ev.evaluate(Expr(S.ReplaceAll, expr, rules)) is TRUE


def _from_reduce(ev, expr, xs, domain, name, wanted):
    """Points read off Reduce's answer (None when Reduce has none)."""
    args = [expr, Expr(S.List, *xs)] + ([domain] if domain is not None else [])
    reduced = ev.evaluate(Expr(S.Quiet, Expr(S.Reduce, *args)))
    if type(reduced) is Expr and reduced.head is S.Reduce:
        return None
    if reduced is FALSE:
        return []
    cases = reduced.args if type(reduced) is Expr and reduced.head is S.Or else (reduced,)
    points = []
    for case in cases:
        point = _point_of(ev, case, xs, name == "Integers")
        if point is not None and point not in points and _holds(ev, expr, xs, point):
            points.append(point)
            if len(points) == wanted:
                break
    return points if points else None


def _point_of(ev, case, xs, integers: bool):
    """A point of one case of Reduce's answer: the variables fixed in turn."""
    conditions = case.args if type(case) is Expr and case.head is S.And else (case,)
    values = []
    for x in xs:
        rules = Expr(S.List, *[Expr(S.Rule, y, v) for y, v in zip(xs, values)])
        here = [ev.evaluate(Expr(S.ReplaceAll, c, rules)) for c in conditions]
        value = _value_for(ev, x, here, integers)
        if value is None:
            return None
        values.append(value)
    return values


def _value_for(ev, x, conditions, integers: bool):
    lower, upper, avoid = [], [], []
    for c in conditions:
        if c is TRUE or type(c) is not Expr or type(c.head) is not Symbol:
            continue
        name, args = c.head.name, c.args
        if name == "Equal" and len(args) == 2 and args[0] == x:
            return args[1]
        if name == "Unequal" and len(args) == 2 and args[0] == x:
            avoid.append(float_value(ev.evaluate(Expr(S.N, args[1]))))
        elif name in _BOUNDS and len(args) == 2:
            if args[0] == x:
                (upper if _BOUNDS[name] == "upper" else lower).append(args[1])
            elif args[1] == x:
                (lower if _BOUNDS[name] == "upper" else upper).append(args[0])
        elif name in _BOUNDS and len(args) == 3 and args[1] == x:
            (lower if _BOUNDS[name] == "upper" else upper).append(args[0])
            (upper if _BOUNDS[name] == "upper" else lower).append(args[2])
        elif name == "Inequality" and len(args) == 5 and args[2] == x:
            lower.append(args[0])
            upper.append(args[4])
    lo = max((float_value(ev.evaluate(Expr(S.N, b))) for b in lower), default=None)
    hi = min((float_value(ev.evaluate(Expr(S.N, b))) for b in upper), default=None)
    return _inside(lo, hi, integers, avoid)


def _inside(lo, hi, integers: bool, avoid):
    """A simple number strictly inside (lo, hi) (an integer when asked), not in avoid:
    the candidates nearest the middle first, checked later on the condition."""
    if lo is None and hi is None:
        middle = 0.0
    elif lo is None:
        middle = hi - 1
    elif hi is None:
        middle = lo + 1
    else:
        middle = (lo + hi) / 2
    candidates = [math.floor(middle) + k for k in (0, 1, -1, 2, -2)] if integers or \
        (lo is None or hi is None or hi - lo > 2) else []
    for c in candidates:
        if (lo is None or c > lo) and (hi is None or c < hi) and c not in avoid:
            return Integer(c)
    if integers:
        return None
    guess = Fraction(middle).limit_denominator(1000)
    return make_rational(guess.numerator, guess.denominator)


def _integer_search(ev, expr, xs, wanted):
    """Integer points of growing boxes around 0, the smallest first."""
    points, radius, tried = [], 0, 0
    while tried < _BOX_POINTS:
        for point in itertools.product(range(-radius, radius + 1), repeat=len(xs)):
            if max(map(abs, point), default=0) != radius:
                continue                        # the box's shell only: inner ones are done
            tried += 1
            values = [Integer(v) for v in point]
            if _holds(ev, expr, xs, values):
                points.append(values)
                if len(points) == wanted:
                    return points
        radius += 1
        if (2 * radius + 1) ** len(xs) > _BOX_POINTS * 4:
            break
    return points or None
