"""Continued fractions: ContinuedFraction (the terms of a number), FromContinuedFraction
(the number of terms) and Convergents (the successive approximations).  Rationals give
all their terms exactly; other numbers the first n, computed from enough digits (a
machine real as many as its digits determine)."""

from __future__ import annotations

from fractions import Fraction

from wlnet.builtins._listutil import is_list
from wlnet.core.expr import Expr, Integer, Rational, Real, S
from wlnet.core.registry import builtin

_MACHINE_TERMS = 15              # at most this many terms of a machine real


def _as_fraction(e) -> Fraction | None:
    if type(e) is Integer:
        return Fraction(e.value)
    if type(e) is Rational:
        return Fraction(e.value)
    return None


def _terms_of_fraction(q: Fraction, limit: int | None) -> list[int]:
    terms = []
    while limit is None or len(terms) < limit:
        a = q.numerator // q.denominator
        terms.append(a)
        q -= a
        if q == 0:
            break
        q = 1 / q
    return terms


def _terms(ev, x, n) -> list[int] | None:
    """The first n terms of x (all of a rational's when n is None)."""
    exact = _as_fraction(x)
    if exact is not None:
        return _terms_of_fraction(exact, n)
    if type(x) is Real and x.precision is None:
        simplest = _as_fraction(ev.evaluate(Expr(S.Rationalize, x)))
        if simplest is not None:              # 3.245 is 649/200: {3, 4, 12, 4}
            return _terms_of_fraction(simplest, n)
        # else the terms the double's digits determine: those its neighbours share
        import math
        low, high = (Fraction(math.nextafter(x.value, -math.inf)),
                     Fraction(math.nextafter(x.value, math.inf)))
        a, b = _terms_of_fraction(low, None), _terms_of_fraction(high, None)
        shared = []
        for s, t in zip(a, b):
            if s != t:
                break
            shared.append(s)
        shared = shared[:_MACHINE_TERMS]
        return shared if n is None else shared[:n]
    if n is None:
        return None
    digits = 20 + 3 * n                       # enough digits for n terms of a number
    value = ev.evaluate(Expr(S.N, x, Integer(digits)))
    if type(value) is not Real:
        return None
    exact = ev.evaluate(Expr(S.Rationalize, value, Integer(0)))
    q = _as_fraction(exact)
    return None if q is None else _terms_of_fraction(q, n)


def _count(n) -> int | None:
    return n.value if type(n) is Integer and n.value >= 1 else None


@builtin("ContinuedFraction", argc=(1, 2), attributes=("Listable", "Protected"),
         usage="ContinuedFraction[x, n] is the list of the first n terms of the continued "
               "fraction of x; ContinuedFraction[x] all the terms of a rational (or those a "
               "machine number's digits determine), or of a quadratic irrational with its "
               "repeating terms in a list at the end ({1, {2}}).",
         examples=(("ContinuedFraction[43/19]", "{2, 3, 1, 4}"),
                   ("ContinuedFraction[Pi, 5]", "{3, 7, 15, 1, 292}"),
                   ("ContinuedFraction[Sqrt[2], 6]", "{1, 2, 2, 2, 2, 2}"),
                   ("ContinuedFraction[Sqrt[2]]", "{1, {2}}")))
def continued_fraction(ev, x, n=None):
    limit = None if n is None else _count(n)
    if n is not None and limit is None:
        return None
    if n is None and _as_fraction(x) is None and type(x) is not Real:
        return _periodic(x)
    terms = _terms(ev, x, limit)
    return None if terms is None else Expr(S.List, *[Integer(a) for a in terms])


def _wl_terms(terms):
    """SymPy's [a0, …, [b1, …]] as WL's {a0, …, {b1, …}}."""
    return Expr(S.List, *[_wl_terms(a) if isinstance(a, list) else Integer(int(a))
                          for a in terms])


def _periodic(x):
    """The continued fraction of a real quadratic irrational, its repeating terms in a
    list at the end ({1, {2}} for Sqrt[2]); None for any other number."""
    from wlnet.builtins._sympy_bridge import Translation, Untranslatable
    t = Translation()
    sp = t.sp
    try:
        value = t.to(x)
    except Untranslatable:
        return None
    if value.free_symbols or not value.is_real or not value.is_algebraic:
        return None
    try:
        poly = sp.Poly(sp.minimal_polynomial(value, sp.Dummy()))
    except Exception:       # noqa: BLE001 - SymPy says "not algebraic" with many types
        return None
    if poly.degree() != 2:
        return None
    a, b, c = (int(k) for k in poly.all_coeffs())
    discriminant = b * b - 4 * a * c
    plus = (-b + sp.sqrt(discriminant)) / (2 * a)
    p, q = (-b, 2 * a) if abs(float(plus - value)) < 1e-9 else (b, -2 * a)
    from sympy.ntheory.continued_fraction import continued_fraction_periodic
    return _wl_terms(continued_fraction_periodic(p, q, discriminant))


def _sympy_terms(terms):
    """WL's {a0, …, {b1, …}} as SymPy's nested lists (None when a term is no integer)."""
    out = []
    for a in terms.args:
        if is_list(a):
            inner = _sympy_terms(a)
            if inner is None or not inner:
                return None
            out.append(inner)
        elif type(a) is Integer:
            out.append(a.value)
        else:
            return None
    return out


def _convergents(terms) -> list:
    """The convergents p_k/q_k of a list of terms (expressions: symbolic terms too)."""
    out, p, q, p_prev, q_prev = [], Integer(1), Integer(0), Integer(0), Integer(1)
    for a in terms:
        p, p_prev = Expr(S.Plus, Expr(S.Times, a, p), p_prev), p
        q, q_prev = Expr(S.Plus, Expr(S.Times, a, q), q_prev), q
        out.append(Expr(S.Times, p, Expr(S.Power, q, Integer(-1))))
    return out


@builtin("FromContinuedFraction", argc=1,
         usage="FromContinuedFraction[{a0, a1, …}] is the number a0 + 1/(a1 + 1/(…)).",
         examples=(("FromContinuedFraction[{2, 3, 1, 4}]", "43/19"),
                   ("FromContinuedFraction[{1, 2, 2}]", "7/5")))
def from_continued_fraction(ev, terms):
    if not is_list(terms) or not terms.args:
        return None
    if is_list(terms.args[-1]):                # {a0, …, {b1, …}}: a quadratic irrational
        periodic = _sympy_terms(terms)
        if periodic is None:
            return None
        from sympy.ntheory.continued_fraction import continued_fraction_reduce
        from wlnet.builtins._sympy_bridge import Translation
        t = Translation()
        return ev.evaluate(t.back(t.sp.radsimp(continued_fraction_reduce(periodic))))
    return ev.evaluate(Expr(S.Together, _convergents(terms.args)[-1]))


@builtin("Convergents", argc=(1, 2),
         usage="Convergents[{a0, a1, …}] is the list of the successive approximations of a "
               "continued fraction; Convergents[x, n] the first n of the number x.",
         examples=(("Convergents[{3, 7, 15, 1}]", "{3, 22/7, 333/106, 355/113}"),
                   ("Convergents[Pi, 3]", "{3, 22/7, 333/106}")))
def convergents(ev, x, n=None):
    if is_list(x) and n is None:
        terms = list(x.args)
    else:
        limit = None if n is None else _count(n)
        if n is not None and limit is None:
            return None
        found = _terms(ev, x, limit)
        if found is None:
            return None
        terms = [Integer(a) for a in found]
    return ev.evaluate(Expr(S.List, *[Expr(S.Together, c) for c in _convergents(terms)]))
