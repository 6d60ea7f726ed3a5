"""Polynomial GCD and LCM, resultants and discriminants, through SymPy
(wlnet.builtins._sympy_bridge); arguments that are not polynomials leave the call as it is."""

from __future__ import annotations

from wlnet.builtins._sympy_bridge import Translation, Untranslatable
from wlnet.core.registry import builtin


def _sympy_call(ev, how, *args):
    """how(*translated args) translated back and evaluated; None when SymPy cannot."""
    t = Translation()
    try:
        values = [t.to(a) for a in args]
    except Untranslatable:
        return None
    if any(not v.is_polynomial(*v.free_symbols) for v in values if hasattr(v, "is_polynomial")):
        return None
    try:
        result = how(t.sp, *values)
        return ev.evaluate(t.back(t.sp.expand(result)))
    except Untranslatable:
        return None
    except Exception:       # noqa: BLE001 - SymPy's many ways of saying "not polynomials"
        return None


@builtin("PolynomialGCD", argc=(1, None), attributes=("Listable", "Protected"),
         usage="PolynomialGCD[p1, p2, …] is the greatest common divisor of the polynomials.",
         examples=(("PolynomialGCD[x^2 - 1, x^2 - 2 x + 1]", "-1 + x"),
                   ("PolynomialGCD[6 x^2, 4 x]", "2 x")))
def polynomial_gcd(ev, *ps):
    return _sympy_call(ev, lambda sp, *vs: sp.gcd_list(vs) if len(vs) > 1 else vs[0], *ps)


@builtin("PolynomialLCM", argc=(1, None), attributes=("Listable", "Protected"),
         usage="PolynomialLCM[p1, p2, …] is the least common multiple of the polynomials.",
         examples=(("PolynomialLCM[x^2 - 1, x + 1]", "-1 + x^2"),))
def polynomial_lcm(ev, *ps):
    return _sympy_call(ev, lambda sp, *vs: sp.lcm_list(vs) if len(vs) > 1 else vs[0], *ps)


@builtin("Resultant", argc=3,
         usage="Resultant[p, q, x] is the resultant of the polynomials p and q in x: zero "
               "exactly when they have a common root.",
         examples=(("Resultant[x^2 - 1, x - a, x]", "-1 + a^2"),))
def resultant(ev, p, q, x):
    return _sympy_call(ev, lambda sp, f, g, v: sp.resultant(f, g, v), p, q, x)


@builtin("Discriminant", argc=2,
         usage="Discriminant[p, x] is the discriminant of the polynomial p in x: zero exactly "
               "when p has a repeated root.",
         examples=(("Discriminant[a x^2 + b x + c, x]", "b^2 - 4 a c"),
                   ("Discriminant[x^3 - x + a, x]", "4 - 27 a^2")))
def discriminant(ev, p, x):
    return _sympy_call(ev, lambda sp, f, v: sp.discriminant(f, v), p, x)
