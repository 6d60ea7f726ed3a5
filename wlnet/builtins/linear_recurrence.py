"""Linear recurrences with constant coefficients, as "can a net learn this sequence?"
programs make and check their data: LinearRecurrence and FindLinearRecurrence.

``LinearRecurrence[{k1, …, kd}, {a1, …, ad}, n]`` is the first n terms of
a[t] = k1 a[t-1] + k2 a[t-2] + … + kd a[t-d]; {nmin, nmax} gives terms nmin … nmax and {n}
the nth alone.  Integers and rationals are computed exactly (Python integers), machine
numbers as machine numbers, anything else as expressions.  ``FindLinearRecurrence[list]``
is the kernel {k1, …, kd} of the smallest order d that generates the whole list (exact
rational arithmetic on exact data), ``FindLinearRecurrence[list, dmax]`` looks no further
than order dmax; unevaluated when there is none.
"""

from __future__ import annotations

from fractions import Fraction

from wlnet.builtins._listutil import is_list
from wlnet.builtins.numbers import exact_fraction, from_py
from wlnet.core.expr import Expr, Integer, Rational, Real, S, Symbol
from wlnet.core.registry import builtin

_MESSAGES = {
    "ker": "`1` and `2` should be lists of the same positive length: a kernel and as many "
           "initial values.",
    "ind": "`1` is not a number of terms, {nmin, nmax} or {n} with positive whole numbers.",
}


def _indices(spec) -> tuple[int, int, bool] | None:
    """(first, last, one term alone?) of n | {nmin, nmax} | {n}, 1-based."""
    if type(spec) is Integer and spec.value >= 0:
        return 1, spec.value, False
    if is_list(spec) and 1 <= len(spec.args) <= 2 and all(
            type(a) is Integer and a.value >= 1 for a in spec.args):
        if len(spec.args) == 1:
            return spec.args[0].value, spec.args[0].value, True
        lo, hi = spec.args[0].value, spec.args[1].value
        return (lo, hi, False) if lo <= hi else None
    return None


@builtin("LinearRecurrence", argc=3, messages=_MESSAGES,
         usage="LinearRecurrence[{k1, …, kd}, {a1, …, ad}, n] gives the first n terms of the "
               "sequence a[t] = k1 a[t-1] + … + kd a[t-d] from the initial values ai; "
               "{nmin, nmax} gives the terms nmin to nmax, {n} the nth term.",
         examples=(("LinearRecurrence[{1, 1}, {1, 1}, 10]", "{1, 1, 2, 3, 5, 8, 13, 21, 34, 55}"),
                   ("LinearRecurrence[{2, -1}, {1, 3}, {5}]", "9")))
def linear_recurrence(ev, kernel, init, spec):
    if not (is_list(kernel) and is_list(init) and kernel.args
            and len(kernel.args) == len(init.args)):
        ev.message(Symbol("LinearRecurrence"), "ker", kernel, init)
        return None
    found = _indices(spec)
    if found is None:
        ev.message(Symbol("LinearRecurrence"), "ind", spec)
        return None
    first, last, alone = found
    ks, values = list(kernel.args), list(init.args)
    exact = [exact_fraction(x) for x in ks + values]
    if all(x is not None for x in exact):
        k, terms = exact[:len(ks)], exact[len(ks):]
        while len(terms) < last:
            terms.append(sum(ki * terms[-1 - i] for i, ki in enumerate(k)))
        out = [from_py(t) for t in terms[first - 1:last]]
    elif all(type(x) in (Integer, Rational, Real) for x in ks + values):
        k = [float(x.value) for x in ks]
        terms = [float(x.value) for x in values]
        while len(terms) < last:
            terms.append(sum(ki * terms[-1 - i] for i, ki in enumerate(k)))
        out = [Real(t) for t in terms[first - 1:last]]
    else:                                   # symbolic: each term an expression
        terms = values
        while len(terms) < last:
            terms.append(ev.evaluate(Expr(S.Plus, *[Expr(S.Times, ki, terms[-1 - i])
                                                    for i, ki in enumerate(ks)])))
        out = terms[first - 1:last]
    return out[0] if alone else Expr(S.List, *out)


def _solve(rows: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """The solution of a square system by Gauss-Jordan elimination in exact fractions;
    None when it is singular."""
    n = len(rows)
    m = [row[:] + [b] for row, b in zip(rows, rhs)]
    for col in range(n):
        pivot = next((r for r in range(col, n) if m[r][col] != 0), None)
        if pivot is None:
            return None
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(n):
            if r != col and m[r][col] != 0:
                factor = m[r][col] / m[col][col]
                m[r] = [a - factor * b for a, b in zip(m[r], m[col])]
    return [m[i][n] / m[i][i] for i in range(n)]


def _kernel_of_order(values: list[Fraction], d: int) -> list[Fraction] | None:
    """The order-d kernel that generates the whole list, or None."""
    rows = [[values[t - 1 - i] for i in range(d)] for t in range(d, 2 * d)]
    k = _solve(rows, values[d:2 * d])
    if k is None:
        return None
    ok = all(sum(ki * values[t - 1 - i] for i, ki in enumerate(k)) == values[t]
             for t in range(d, len(values)))
    return k if ok else None


@builtin("FindLinearRecurrence", argc=(1, 2),
         usage="FindLinearRecurrence[list] is the kernel {k1, …, kd} of the smallest linear "
               "recurrence a[t] = k1 a[t-1] + … + kd a[t-d] that gives list (exact data); "
               "FindLinearRecurrence[list, d] looks up to order d.",
         examples=(("FindLinearRecurrence[{1, 1, 2, 3, 5, 8, 13, 21}]", "{1, 1}"),
                   ("FindLinearRecurrence[{1, 4, 9, 16, 25, 36, 49}]", "{3, -3, 1}")))
def find_linear_recurrence(ev, data, order=None):
    if not is_list(data):
        return None
    values = [exact_fraction(x) for x in data.args]
    if any(v is None for v in values) or len(values) < 2:
        return None
    most = len(values) // 2
    if order is not None:
        if type(order) is not Integer or order.value < 1:
            return None
        most = min(most, order.value)
    if all(v == 0 for v in values):
        return None
    for d in range(1, most + 1):
        k = _kernel_of_order(values, d)
        if k is not None:
            return Expr(S.List, *[from_py(x) for x in k])
    return None
