"""Piecewise and special functions scripts use on numbers: ``UnitStep``, ``Piecewise``,
``Erf``, ``Erfc``, ``Fibonacci``.

Each gives an exact result for exact arguments where WL does (``UnitStep[-1]`` is 0,
``Erf[0]`` is 0, ``Fibonacci[10]`` is 55), a machine number for machine arguments, and
stays unevaluated for symbolic ones; all are Listable.
"""

from __future__ import annotations

import math

from wlnet.builtins.arithmetic import is_complex_bignum, mp_value
from wlnet.builtins.linear_algebra import exact_fraction
from wlnet.builtins.numbers import from_py, to_py
from wlnet.core.bigreal import MP_FUNCTIONS, BigFloat
from wlnet.core.expr import FALSE, Expr, Integer, Real, S, TRUE
from wlnet.core.registry import builtin

_LISTABLE = ("Listable", "NumericFunction", "Protected")


def _real(e) -> float | None:
    return float(e.value) if type(e) is Real else None


@builtin("UnitStep", argc=(1, None), attributes=_LISTABLE,
         usage="UnitStep[x] is 0 for x < 0 and 1 for x >= 0; UnitStep[x1, x2, …] is 1 when "
               "every xi >= 0.",
         examples=(("UnitStep[{-2, 0, 3.5}]", "{0, 1, 1}"),))
def unit_step(ev, *xs):
    values = []
    for x in xs:
        v = exact_fraction(x)
        v = float(v) if v is not None else _real(x)
        if v is None or math.isnan(v):
            return None
        values.append(v)
    return Integer(int(all(v >= 0 for v in values)))


@builtin("Piecewise", argc=(1, 2), attributes=("HoldAll", "Protected"),
         usage="Piecewise[{{v1, c1}, {v2, c2}, …}, def] is the first vi whose condition ci is "
               "True, def (default 0) when none is.",
         examples=(("Piecewise[{{-1, 3 < 0}, {1, 3 > 0}}]", "1"),
                   ("f[x_] := Piecewise[{{x^2, x < 0}}, x]; {f[-2], f[3]}", "{4, 3}")))
def piecewise(ev, cases, default=None):
    cases = ev.evaluate(cases) if not (type(cases) is Expr and cases.head is S.List) else cases
    if not (type(cases) is Expr and cases.head is S.List) or not all(
            type(c) is Expr and c.head is S.List and len(c.args) == 2 for c in cases.args):
        return None
    for case in cases.args:
        condition = ev.evaluate(case.args[1])
        if condition is TRUE:
            return ev.evaluate(case.args[0])
        if condition is not FALSE:
            return None                      # a condition not yet known: stays as it is
    return Integer(0) if default is None else ev.evaluate(default)


def numeric_value(name: str, x, machine):
    """``name[x]`` for a number x that is not exact: a bignum or complex bignum through
    mpmath with its precision tracked (bigreal.mp_function), a machine real by
    ``machine(float)``, a machine complex by mpmath at machine precision; None for
    anything else (an exact or symbolic argument)."""
    v = to_py(x)
    try:
        if type(v) is BigFloat or is_complex_bignum(v):
            result = mp_value(name, v)
            return from_py(result) if result is not None else None
        if type(v) is float:
            return from_py(machine(v))
        if type(v) is complex:
            import mpmath
            return from_py(complex(MP_FUNCTIONS[name][0](mpmath.mpc(v))))
    except (ValueError, ZeroDivisionError, OverflowError):
        return None
    return None


def _erf(ev, x) -> Expr | None:
    if type(x) is Integer and x.value == 0:
        return Integer(0)
    return numeric_value("Erf", x, math.erf)


@builtin("Erf", argc=(1, 2), attributes=_LISTABLE,
         usage="Erf[x] is the error function 2/Sqrt[Pi] Integrate[E^-t^2, {t, 0, x}]; "
               "Erf[x0, x1] is Erf[x1] - Erf[x0].",
         examples=(("Erf[0.5]", "0.5204998778130465"), ("Erf[0]", "0")))
def erf(ev, x, x1=None):
    if x1 is None:
        return _erf(ev, x)
    a, b = _erf(ev, x), _erf(ev, x1)
    if a is None or b is None:
        return None
    return ev.evaluate(Expr(S.Subtract, b, a))


@builtin("Erfc", argc=1, attributes=_LISTABLE,
         usage="Erfc[x] is the complementary error function 1 - Erf[x].",
         examples=(("Erfc[0]", "1"),))
def erfc(ev, x):
    if type(x) is Integer and x.value == 0:
        return Integer(1)
    return numeric_value("Erfc", x, math.erfc)


@builtin("Fibonacci", argc=1, attributes=_LISTABLE,
         usage="Fibonacci[n] is the n-th Fibonacci number (Fibonacci[0] = 0, Fibonacci[1] = 1; "
               "negative n as WL extends them).",
         examples=(("Fibonacci[10]", "55"), ("Fibonacci[-3]", "2")))
def fibonacci(ev, n):
    if type(n) is not Integer or abs(n.value) > 10**6:
        return None
    k = abs(n.value)
    a, b = 0, 1
    for _ in range(k):
        a, b = b, a + b
    return Integer(-a if n.value < 0 and k % 2 == 0 else a)
