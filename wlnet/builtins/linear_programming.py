"""``LinearProgramming[c, m, b, lu, dom]``: the vector x >= 0 (or within the bounds lu) that
minimizes c.x subject to the rows of m against b.

b is a vector (m.x >= b) or a list of pairs {bi, si}: si = 1 for mi.x >= bi, 0 for
mi.x == bi, -1 for mi.x <= bi.  The bounds lu are one number (x >= l), a list of them, or a
list of pairs {li, ui} (None, -Infinity and Infinity for no bound).  dom is Reals or
Integers, or one of them for each variable.

Exact input (integers and rationals) gives an exact answer: SymPy's rational simplex; an
integer problem and machine-number input go to SciPy's HiGHS (``linprog`` / ``milp``),
the integer answer exact when the input is.  A problem with no solution stays unevaluated
after a message (infeasible or unbounded), as WL does.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from wlnet.builtins._listutil import is_list
from wlnet.builtins.linear_algebra import _expr, exact_fraction
from wlnet.core.expr import Expr, Integer, Real, S, Symbol
from wlnet.core.registry import builtin

_MESSAGES = {
    "lpsnf": "No solution can be found that satisfies the constraints.",
    "lpsub": "The objective has no lower bound on the constraints: the problem is unbounded.",
    "lpdim": "The sizes of the objective `1`, the matrix `2` and the right side `3` do not "
             "agree.",
    "lpbnd": "`1` is not a bound: give a number, a list of numbers or a list of {lower, "
             "upper} pairs (None or Infinity for none).",
    "lpdom": "`1` is not a domain: give Reals or Integers, or a list of them.",
    "lpnum": "The objective, the constraints and the bounds must be real numbers.",
}
_OPTIONS = {"Method": S.Automatic, "Tolerance": S.Automatic}
_SENSES = {1: ">=", 0: "==", -1: "<="}


def _number(e):
    """An exact number as a Fraction, a machine real as a float, else None."""
    f = exact_fraction(e)
    if f is not None:
        return f
    return float(e.value) if type(e) is Real else None


def _vector(e):
    if not is_list(e):
        return None
    values = [_number(x) for x in e.args]
    return None if any(v is None for v in values) else values


_NONE = Symbol("None")
_NO_BOUND = object()


def _bound(e, lower: bool):
    """A bound as a number, None for no bound (None, -Infinity below, Infinity above), or
    _NO_BOUND for anything else."""
    if e is _NONE:
        return None
    if type(e) is Expr and e.head is S.DirectedInfinity and len(e.args) == 1 and \
            e.args[0] == Integer(-1 if lower else 1):
        return None
    number = _number(e)
    return _NO_BOUND if number is None else number


def _constraints(b, rows: int):
    """[(value, sense)] of b: a vector (all >=) or {bi, si} pairs; None when malformed."""
    if not is_list(b) or len(b.args) != rows:
        return None
    out = []
    for item in b.args:
        if is_list(item) and len(item.args) == 2:
            value, sense = _number(item.args[0]), item.args[1]
            if value is None or type(sense) is not Integer or sense.value not in _SENSES:
                return None
            out.append((value, sense.value))
        else:
            value = _number(item)
            if value is None:
                return None
            out.append((value, 1))
    return out


def _bounds(lu, n: int):
    """[(lower or None, upper or None)] for each variable; None when malformed."""
    if lu is None:
        return [(Fraction(0), None)] * n
    if not is_list(lu):
        pairs = [(_bound(lu, True), None)] * n
    elif len(lu.args) != n:
        return None
    else:
        pairs = [(_bound(item.args[0], True), _bound(item.args[1], False))
                 if is_list(item) and len(item.args) == 2 else
                 ((_NO_BOUND, None) if is_list(item) else (_bound(item, True), None))
                 for item in lu.args]
    return None if any(x is _NO_BOUND for pair in pairs for x in pair) else pairs


def _domains(dom, n: int):
    """[integer?] for each variable; None when malformed."""
    if dom is None:
        return [False] * n
    items = dom.args if is_list(dom) else (dom,) * n
    if len(items) != n or any(d not in (S.Reals, S.Integers) for d in items):
        return None
    return [d is S.Integers for d in items]


def _exact_solution(c, rows, senses, bounds):
    """The exact optimum by SymPy's rational simplex: a list of Fractions, "infeasible"
    or "unbounded".  SymPy is given nonnegative variables only (its own bounds are not
    dependable in 1.14): x = l + y for a lower bound l, x = y - z for a free x, and an
    upper bound as one more row."""
    import sympy
    from sympy.solvers.simplex import InfeasibleLPError, UnboundedLPError, linprog
    n = len(c)
    columns = []                    # (variable, sign, shift) of each nonnegative column
    for i, (lo, _) in enumerate(bounds):
        if lo is None:
            columns += [(i, 1, Fraction(0)), (i, -1, Fraction(0))]
        else:
            columns.append((i, 1, lo))
    shift = [Fraction(0)] * n
    for i, (lo, _) in enumerate(bounds):
        shift[i] = lo if lo is not None else Fraction(0)

    def row_in_columns(row):
        return [sign * row[i] for i, sign, _ in columns]

    upper, upper_b = [], []                     # sympy takes A y <= b
    constraints = list(zip(rows, senses))
    constraints += [([Fraction(int(j == i)) for j in range(n)], (hi, -1))
                    for i, (_, hi) in enumerate(bounds) if hi is not None]
    for row, (value, sense) in constraints:
        moved = value - sum(a * b for a, b in zip(row, shift))
        # (an equation as both inequalities: SymPy 1.14's A_eq alone fails)
        for sign in ((-1, 1) if sense == 0 else (-1,) if sense == 1 else (1,)):
            upper.append([sign * x for x in row_in_columns(row)])
            upper_b.append(sign * moved)
    if not upper:                               # (SymPy wants a constraint: 0 <= 0)
        upper, upper_b = [[Fraction(0)] * len(columns)], [Fraction(0)]

    def rational(v):
        return sympy.Rational(v.numerator, v.denominator)
    try:
        _, y = linprog(sympy.Matrix([[rational(x) for x in row_in_columns(c)]]),
                       sympy.Matrix([[rational(x) for x in r] for r in upper]),
                       sympy.Matrix([rational(v) for v in upper_b]))
    except InfeasibleLPError:
        return "infeasible"
    except UnboundedLPError:
        return "unbounded"
    x = shift[:]
    for (i, sign, _), value in zip(columns, y):
        value = sympy.Rational(value)
        x[i] += sign * Fraction(int(value.p), int(value.q))
    return x


def _numeric_solution(c, rows, senses, bounds, integer):
    """The optimum by HiGHS (SciPy): floats, "infeasible" or "unbounded"."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    a = np.array([[float(x) for x in r] for r in rows], dtype=float).reshape(len(rows), len(c))
    lower_rhs = np.array([float(v) if s in (1, 0) else -np.inf for v, s in senses])
    upper_rhs = np.array([float(v) if s in (-1, 0) else np.inf for v, s in senses])
    lo = np.array([-np.inf if b is None else float(b) for b, _ in bounds])
    hi = np.array([np.inf if b is None else float(b) for _, b in bounds])
    constraints = [LinearConstraint(a, lower_rhs, upper_rhs)] if len(rows) else []
    result = milp(np.array([float(x) for x in c]), constraints=constraints,
                  integrality=np.array(integer, dtype=int), bounds=Bounds(lo, hi))
    if result.status == 2:
        return "infeasible"
    if result.status == 3:
        return "unbounded"
    if result.x is None:
        return "infeasible"
    return list(result.x)


@builtin("LinearProgramming", argc=(3, 5), messages=_MESSAGES, options=_OPTIONS,
         usage="LinearProgramming[c, m, b] is the vector x >= 0 minimizing c.x subject to "
               "m.x >= b; b may hold {bi, si} pairs (si = 1: >=, 0: ==, -1: <=); "
               "LinearProgramming[c, m, b, lu] with the bounds lu (l, {l1, …} or {{l1, u1}, "
               "…}); LinearProgramming[c, m, b, lu, dom] in the domain Reals or Integers.",
         examples=(("LinearProgramming[{1, 1}, {{1, 2}}, {3}]", "{0, 3/2}"),
                   ("LinearProgramming[{1, 1}, {{1, 2}}, {{3, 0}}]", "{0, 3/2}"),
                   ("LinearProgramming[{-2, -1}, {{1, 2}, {3, 1}}, {{4, -1}, {6, -1}}, "
                    "0, Integers]", "{2, 0}")))
def linear_programming(ev, c, m, b, lu=None, dom=None):
    head = S.LinearProgramming
    objective = _vector(c)
    if objective is None:
        ev.message(head, "lpnum")
        return None
    n = len(objective)
    if n == 0:                                  # no variables: the empty vector
        return Expr(S.List)
    if is_list(m) and not m.args:
        rows = []
    elif is_list(m) and all(is_list(r) for r in m.args):
        rows = [_vector(r) for r in m.args]
        if any(r is None for r in rows):
            ev.message(head, "lpnum")
            return None
    else:
        ev.message(head, "lpnum")
        return None
    senses = _constraints(b, len(rows))
    if senses is None or any(len(r) != n for r in rows):
        ev.message(head, "lpdim", c, m, b)
        return None
    bounds = _bounds(lu, n)
    if bounds is None:
        ev.message(head, "lpbnd", lu)
        return None
    integer = _domains(dom, n)
    if integer is None:
        ev.message(head, "lpdom", dom)
        return None
    values = [*objective, *(x for r in rows for x in r), *(v for v, _ in senses),
              *(x for pair in bounds for x in pair if x is not None)]
    exact = all(isinstance(v, Fraction) for v in values)
    x = _exact_solution(objective, rows, senses, bounds) if exact and not any(integer) \
        else _numeric_solution(objective, rows, senses, bounds, integer)
    if exact and any(integer) and not isinstance(x, str):
        # the integer variables fixed where HiGHS put them, the others solved exactly
        fixed = [(Fraction(round(v)),) * 2 if whole else pair
                 for v, whole, pair in zip(x, integer, bounds)]
        x = _exact_solution(objective, rows, senses, fixed)
    if isinstance(x, str):
        ev.message(head, "lpsnf" if x == "infeasible" else "lpsub")
        return None
    return ev.evaluate(Expr(S.List, *[_expr(v) if exact else Integer(round(v)) if whole
                                      else Real(float(v)) for v, whole in zip(x, integer)]))
