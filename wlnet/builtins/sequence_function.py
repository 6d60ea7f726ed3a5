"""FindSequenceFunction: a formula for the nth term of an exact sequence.

``FindSequenceFunction[{a1, a2, …}]`` is a pure function f with f[n] = an (the list starts
at n = 1); ``FindSequenceFunction[{a1, …}, n]`` the formula in n;
``FindSequenceFunction[{{n1, a1}, {n2, a2}, …}, n]`` takes the indices as given.  The
families tried, simplest first, each fitted on some terms and accepted only when it also
gives the terms left over (so a fit is never forced by having as many unknowns as terms):

    polynomials in n            (finite differences vanish)
    rational functions P/Q      (P(k) - a_k Q(k) = 0 has a solution for all the terms)
    linear recurrences with constant coefficients, solved in closed form
                                (Fibonacci[n]/LucasL[n] for a[n] = a[n-1] + a[n-2])
    hypergeometric terms        (a[n+1]/a[n] is a rational function: n!, 2^n n!, Binomial)

Nothing found leaves the input unevaluated, as WL does.  Only exact rational terms are
fitted (machine numbers have no exact formula to recover).
"""

from __future__ import annotations

from fractions import Fraction

from wlnet.builtins._listutil import is_list
from wlnet.builtins._sympy_bridge import Translation, Untranslatable
from wlnet.builtins.numbers import exact_fraction
from wlnet.core.expr import Expr, Integer, Rational, S, Symbol
from wlnet.core.registry import builtin

_MESSAGES = {
    "seq": "`1` is not a list of terms or of {n, term} pairs.",
}
_MAX_TERMS = 200
# the largest families tried (WL, too, gives up on long sequences of no simple form)
_MAX_RATIONAL_DEGREE = 6            # deg P + deg Q
_MAX_RECURRENCE_ORDER = 10


def _points(data) -> tuple[list[int], list[Fraction]] | None | bool:
    """(indices, terms) of the data; False when it is not a sequence at all, None when it
    is one of terms this function does not fit (symbolic or inexact)."""
    if not is_list(data) or not data.args or len(data.args) > _MAX_TERMS:
        return False
    if all(is_list(p) and len(p.args) == 2 for p in data.args):
        if not all(type(p.args[0]) is Integer for p in data.args):
            return False
        indices = [p.args[0].value for p in data.args]
        if len(set(indices)) != len(indices):
            return False
        order = sorted(range(len(indices)), key=indices.__getitem__)
        indices = [indices[i] for i in order]
        terms = [exact_fraction(data.args[i].args[1]) for i in order]
    else:
        indices = list(range(1, len(data.args) + 1))
        terms = [exact_fraction(a) for a in data.args]
    if any(t is None for t in terms):
        return None
    return indices, terms


# ---------------------------------------------------------------------------- families

def _polynomial(sp, n, ks, values):
    """The polynomial of least degree through all points, when it leaves one to spare: the
    degree d is found from the divided differences (those of order d + 1 all vanish)."""
    column, degree = list(values), None
    for order in range(1, len(ks)):
        column = [(column[i + 1] - column[i]) / (ks[i + order] - ks[i])
                  for i in range(len(column) - 1)]
        if all(c == 0 for c in column):
            degree = order - 1
            break
    if degree is None:
        return None
    return sp.expand(sp.interpolate(list(zip(ks[:degree + 1], values[:degree + 1])), n))


def _rational(sp, n, ks, values):
    """P/Q (deg Q >= 1) with P(k) = a_k Q(k) at every point, the fewest coefficients first,
    when the points outnumber the coefficients by two (one to fit the scale, one to check)."""
    m = len(ks)
    for total in range(1, min(m - 2, _MAX_RATIONAL_DEGREE + 1)):
        for dq in range(1, total + 1):
            dp = total - dq
            if dp + dq + 3 > m:
                continue
            rows = [[sp.Integer(k) ** i for i in range(dp + 1)]
                    + [-v * sp.Integer(k) ** j for j in range(dq + 1)]
                    for k, v in zip(ks, values)]
            kernel = sp.Matrix(rows).nullspace()
            if len(kernel) != 1:
                continue
            c = kernel[0]
            p = sum(c[i] * n ** i for i in range(dp + 1))
            q = sum(c[dp + 1 + j] * n ** j for j in range(dq + 1))
            if sp.degree(q, n) < 1 or any(q.subs(n, k) == 0 for k in ks):
                continue
            return sp.factor(sp.cancel(p / q))
    return None


def _recurrence_kernel(sp, values):
    """The constant coefficients of the shortest recurrence a[t] = k1 a[t-1] + … that every
    term obeys, with at least one term checked beyond those that fix the coefficients."""
    m = len(values)
    for order in range(1, min((m - 1) // 2, _MAX_RECURRENCE_ORDER) + 1):
        rows = [[values[t - 1 - i] for i in range(order)] for t in range(order, m)]
        rhs = [values[t] for t in range(order, m)]
        a, b = sp.Matrix(rows[:order]), sp.Matrix(rhs[:order])
        if a.det() == 0:
            continue
        kernel = list(a.LUsolve(b))
        if all(sum(k * r for k, r in zip(kernel, row)) == v for row, v in zip(rows, rhs)):
            return kernel
    return None


def _shifted_fibonacci(sp, n, ks, values):
    """c Fibonacci[a n + j] or c LucasL[a n + j] for a small step a and shift j (LucasL[n - 1]
    and Fibonacci[2 n - 2] rather than their closed forms), when the terms are one of those."""
    for a in (1, 2, 3):
        for j in range(-3, 4):
            if a * ks[0] + j < 0:
                continue
            for f in (sp.fibonacci, sp.lucas):
                base = [f(a * k + j) for k in ks]
                pivot = next((i for i, b in enumerate(base) if b != 0), None)
                if pivot is None:
                    continue
                c = values[pivot] / base[pivot]
                if all(c * b == v for b, v in zip(base, values)):
                    return c * f(a * n + j)
    return None


def _linear_recurrence(sp, n, ks, values):
    if ks != list(range(ks[0], ks[0] + len(ks))) or all(v == 0 for v in values):
        return None
    kernel = _recurrence_kernel(sp, values)
    if kernel is None:
        return None
    first = ks[0]
    shifted = _shifted_fibonacci(sp, n, ks, values) if len(kernel) == 2 else None
    if shifted is not None:
        return shifted
    if kernel == [1, 1]:
        # a = A Fibonacci[n] + B LucasL[n], as WL writes the Fibonacci family
        A, B = sp.symbols("A B")
        eqs = [A * sp.fibonacci(k) + B * sp.lucas(k) - v
               for k, v in zip((first, first + 1), values[:2])]
        sol = sp.solve(eqs, [A, B], dict=True)[0]
        return sp.expand(sol[A] * sp.fibonacci(n) + sol[B] * sp.lucas(n))
    a = sp.Function("a")
    equation = a(n) - sum(k * a(n - 1 - i) for i, k in enumerate(kernel))
    initial = {a(first + i): values[i] for i in range(len(kernel))}
    try:
        solved = sp.rsolve(equation, a(n), initial)
    except Exception:       # SymPy's solver refuses some characteristic polynomials
        return None
    if solved is None:
        return None
    solved = sp.simplify(solved)
    if all(sp.simplify(solved.subs(n, k) - v) == 0 for k, v in zip(ks, values)):
        return solved
    return None


def _hypergeometric(sp, n, ks, values):
    """a_n = a_first Π R(k) when the ratios of successive terms are a polynomial or rational
    function R of the index."""
    if ks != list(range(ks[0], ks[0] + len(ks))) or any(v == 0 for v in values):
        return None
    ratios = [values[i + 1] / values[i] for i in range(len(values) - 1)]
    if len(set(ratios)) == 1:
        return None                     # geometric: the recurrence family's
    steps = ks[:-1]
    ratio = _polynomial(sp, n, steps, ratios)
    if ratio is None:
        ratio = _rational(sp, n, steps, ratios)
    if ratio is None:
        return None
    k = sp.Symbol("k", integer=True)
    term = values[0] * sp.product(ratio.subs(n, k), (k, ks[0], n - 1))
    term = _factorials(sp, n, sp.simplify(sp.gammasimp(term)))
    if term.has(sp.Product) or not all(sp.simplify(term.subs(n, j) - v) == 0
                                       for j, v in zip(ks, values)):
        return None
    return term


def _factorials(sp, n, term):
    """Gamma[n + j] as (n + j - 1)! for whole shifts j, as WL writes n!, 2^n n!."""
    return term.replace(
        lambda e: isinstance(e, sp.gamma) and (e.args[0] - n).is_integer,
        lambda e: sp.factorial(e.args[0] - 1))


_FAMILIES = (_polynomial, _rational, _linear_recurrence, _hypergeometric)


def _formula(indices, terms, var: Symbol):
    t = Translation()
    sp = t.sp
    n = t.symbol(var)
    values = [sp.Rational(q.numerator, q.denominator) for q in terms]
    for family in _FAMILIES:
        found = family(sp, n, indices, values)
        if found is not None:
            try:
                return t.back(found)
            except Untranslatable:
                continue
    return None


@builtin("FindSequenceFunction", argc=(1, 2), messages=_MESSAGES,
         attributes=("Protected",),
         usage="FindSequenceFunction[{a1, a2, …}] is a function giving the nth term of the "
               "sequence (polynomial, rational, linear-recurrence or hypergeometric); "
               "FindSequenceFunction[list, n] the formula in n; {{n1, a1}, …} gives indices.",
         examples=(("FindSequenceFunction[{1, 4, 9, 16, 25}, n]", "n^2"),
                   ("FindSequenceFunction[{1, 1, 2, 3, 5, 8, 13}, n]", "Fibonacci[n]"),
                   ("FindSequenceFunction[{1, 2, 6, 24, 120, 720}, n]", "n!")))
def find_sequence_function(ev, data, var=None):
    points = _points(data)
    if points is False:
        ev.message(S.FindSequenceFunction, "seq", data)
        return None
    if points is None or (var is not None and type(var) is not Symbol):
        return None
    slot = var is None
    variable = Symbol("FindSequenceFunction`n") if slot else var
    formula = _formula(*points, variable)
    if formula is None:
        return None
    if slot:
        formula = ev.evaluate(Expr(S.ReplaceAll, formula,
                                   Expr(S.Rule, variable, Expr(S.Slot, Integer(1)))))
        return Expr(S.Function, formula)
    return ev.evaluate(formula)
