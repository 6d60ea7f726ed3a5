"""The elementary functions beyond Sin, Cos, Tan, Exp, Log and their kin in arithmetic.py:
hyperbolic (``Sinh``, ``Cosh``, ``Coth``, ``Sech``, ``Csch``), inverse trigonometric and
hyperbolic (``ArcSin``, ``ArcCos``, ``ArcSinh``, ``ArcCosh``, ``ArcTanh``), reciprocal
trigonometric (``Sec``, ``Csc``, ``Cot``), ``Log10``, ``Log2``, ``Gamma``, ``LogGamma``,
``CubeRoot``.

Each is Listable.  A machine real gives a machine number (a complex one where the real
function has none: ``ArcSin[2.]``); the exact values WL gives at once are given exactly
(``Sinh[0]`` is 0, ``Cosh[0]`` 1, ``Log10[1000]`` 3 and ``Log10[7]`` Log[7]/Log[10],
``Gamma[5]`` 24, ``CubeRoot[-8]`` -2);
anything else stays as it is.
"""

from __future__ import annotations

import cmath
import math
from fractions import Fraction

from wlnet.builtins.arithmetic import is_complex_bignum, mp_value, symbolic_argument_rule
from wlnet.builtins.numbers import from_py, to_py
from wlnet.builtins.special_functions_extra import incomplete_gamma
from wlnet.core.bigreal import BigFloat
from wlnet.core.expr import Complex, Expr, Integer, Rational, Real, S
from wlnet.core.registry import builtin

_ATTRIBUTES = ("Listable", "NumericFunction", "Protected")


def _number(z: complex):
    """A machine result as a Real, or a Complex when it has an imaginary part."""
    if abs(z.imag) <= 1e-15 * max(1.0, abs(z.real)):
        return Real(float(z.real))
    return Complex(Real(float(z.real)), Real(float(z.imag)))


def _machine(f, below: bool = False):
    """f of a machine real (cmath, so that values outside the real domain are complex).
    ``below``: on a branch cut, the value WL gives is the one from below the real axis
    (ArcSin[2.] is 1.5708 - 1.31696 I), which cmath takes for an imaginary part of -0.0."""
    def value(x):
        if type(x) is not Real or not isinstance(x.value, float):
            return None
        try:
            return _number(complex(f(complex(x.value, -0.0 if below else 0.0))))
        except (ValueError, ZeroDivisionError, OverflowError):
            return None
    return value


def _define(name, machine, exact=None, usage="", example=(), rational=None, more=None,
            special=None, parity=0):
    """``rational(ev, p, q)``: the exact value at a Rational p/q, or None; ``more(ev, x,
    *rest)``: the function of two or three arguments (Gamma[a, z], Gamma[a, z0, z1]);
    ``special``: exact values at exact arguments, {argument expression: value};
    ``parity``: +1 even, -1 odd (a sign pulled out of a symbolic argument, ``Sinh[-x]`` is
    ``-Sinh[x]``), 0 neither."""
    def evaluate(ev, x, *rest):
        if rest:
            return more(ev, x, *rest)
        if special is not None and x in special:
            return special[x]
        if exact is not None and type(x) is Integer:
            found = exact(x.value)
            if found is not None:
                return found
        if rational is not None and type(x) is Rational:
            return rational(ev, x.numerator, x.denominator)
        if type(x) is Real and not x.is_machine or type(x) is Complex:
            found = _big_or_complex(name, x, machine)
            if found is not None or _inexact(x):
                return found
        if type(x) is Expr or type(x) is Complex:
            return symbolic_argument_rule(ev, name, x, parity)
        return machine(x)

    builtin(name, argc=1 if more is None else (1, 3), attributes=_ATTRIBUTES, usage=usage,
            examples=(example,) if example else ())(evaluate)


def _inexact(x) -> bool:
    return type(x) is Real or type(x) is Complex and (type(x.re) is Real or type(x.im) is Real)


def _big_or_complex(name, x, machine):
    """A bignum or complex argument: a bignum (or complex bignum) through mpmath with its
    precision tracked (bigreal.mp_function); a machine complex on the machine function of
    the complex argument (the real-only machine rules, Gamma's, LogGamma's, CubeRoot's,
    do not take one)."""
    v = to_py(x)
    if type(v) is BigFloat or is_complex_bignum(v):
        result = mp_value(name, v)
        return from_py(result) if result is not None else None
    complex_fn = _COMPLEX_MACHINE.get(name)
    if type(v) is complex and complex_fn is not None:
        try:
            return _number(complex(complex_fn(v)))
        except (ValueError, ZeroDivisionError, OverflowError):
            return None
    return machine(x) if type(v) is not complex else None


def _at_zero(value):
    return lambda n: Integer(value) if n == 0 else None


_define("Sinh", _machine(cmath.sinh), _at_zero(0), "Sinh[z] is the hyperbolic sine of z.",
        ("Sinh[0]", "0"), parity=-1)
_define("Cosh", _machine(cmath.cosh), _at_zero(1), "Cosh[z] is the hyperbolic cosine of z.",
        ("Cosh[0]", "1"), parity=1)
_define("Sech", _machine(lambda z: 1 / cmath.cosh(z)), _at_zero(1),
        "Sech[z] is the hyperbolic secant 1/Cosh[z].", parity=1)
_define("Csch", _machine(lambda z: 1 / cmath.sinh(z)), None,
        "Csch[z] is the hyperbolic cosecant 1/Sinh[z].", parity=-1)
_define("Coth", _machine(lambda z: 1 / cmath.tanh(z)), None,
        "Coth[z] is the hyperbolic cotangent 1/Tanh[z].", parity=-1)


def _sines_of_special_angles() -> dict:
    """{sine of an angle of 0, ±Pi/6, ±Pi/4, ±Pi/3, ±Pi/2 as WL writes it exactly: the
    angle as a fraction of Pi} (ArcSin's exact values; ArcCos[x] is Pi/2 - ArcSin[x])."""
    root = lambda n, e: Expr(S.Power, Integer(n), e)
    positive = {Integer(0): Fraction(0), Rational(1, 2): Fraction(1, 6),
                root(2, Rational(-1, 2)): Fraction(1, 4),
                Expr(S.Times, Rational(1, 2), root(3, Rational(1, 2))): Fraction(1, 3),
                Integer(1): Fraction(1, 2)}
    negative = {Integer(-1): Fraction(-1, 2), Rational(-1, 2): Fraction(-1, 6),
                Expr(S.Times, Integer(-1), root(2, Rational(-1, 2))): Fraction(-1, 4),
                Expr(S.Times, Rational(-1, 2), root(3, Rational(1, 2))): Fraction(-1, 3)}
    return {**positive, **negative}


def _multiple_of_pi(c: Fraction):
    if c == 0:
        return Integer(0)
    return S.Pi if c == 1 else Expr(S.Times, Rational(c.numerator, c.denominator)
                                    if c.denominator != 1 else Integer(c.numerator), S.Pi)


_SPECIAL_SINES = _sines_of_special_angles()
_define("ArcSin", _machine(cmath.asin, below=True), _at_zero(0), "ArcSin[z] is the arc sine of z.",
        ("ArcSin[1/2]", "Pi/6"),
        special={x: _multiple_of_pi(c) for x, c in _SPECIAL_SINES.items()}, parity=-1)
_define("ArcCos", _machine(cmath.acos, below=True), lambda n: Integer(0) if n == 1 else None,
        "ArcCos[z] is the arc cosine of z.", ("ArcCos[0]", "Pi/2"),
        special={x: _multiple_of_pi(Fraction(1, 2) - c) for x, c in _SPECIAL_SINES.items()})
_define("ArcSinh", _machine(cmath.asinh), _at_zero(0), "ArcSinh[z] is the inverse hyperbolic "
        "sine of z.", parity=-1)
_define("ArcCosh", _machine(cmath.acosh), lambda n: Integer(0) if n == 1 else None,
        "ArcCosh[z] is the inverse hyperbolic cosine of z.")
_define("ArcTanh", _machine(cmath.atanh, below=True), _at_zero(0), "ArcTanh[z] is the inverse hyperbolic "
        "tangent of z.", parity=-1)
def _pi_times(c: Fraction):
    return Expr(S.Times, Rational(c.numerator, c.denominator), S.Pi) if c != 1 else S.Pi


def _table(values: dict):
    """Exact values at integers, from a table {n: value}."""
    return lambda n: values.get(n)


# the inverse reciprocal functions: ArcCot[x] is ArcTan[1/x] and so on (WL's branches for
# real arguments; complex ones through cmath)
def _of_reciprocal_below(f):
    """f(1/x) for a real x taken from below the real axis on a branch cut, as the functions
    of 1/x (ArcCos, ArcSin, ArcTanh) are here."""
    return lambda z: f(complex(1 / z.real, -0.0)) if z.imag == 0 else f(1 / z)



_define("ArcCot", _machine(lambda z: cmath.atan(1 / z) if z else cmath.pi / 2),
        _table({0: _pi_times(Fraction(1, 2)), 1: _pi_times(Fraction(1, 4)),
                -1: _pi_times(Fraction(-1, 4))}),
        "ArcCot[z] is the inverse cotangent of z.", ("ArcCot[1]", "Pi/4"))
_define("ArcSec", _machine(_of_reciprocal_below(cmath.acos)),
        _table({1: Integer(0), -1: S.Pi}), "ArcSec[z] is the inverse secant of z.",
        ("ArcSec[-1]", "Pi"))
_define("ArcCsc", _machine(_of_reciprocal_below(cmath.asin)),
        _table({1: _pi_times(Fraction(1, 2)), -1: _pi_times(Fraction(-1, 2))}),
        "ArcCsc[z] is the inverse cosecant of z.", ("ArcCsc[1]", "Pi/2"))
_define("ArcCoth", _machine(_of_reciprocal_below(cmath.atanh)), None,
        "ArcCoth[z] is the inverse hyperbolic cotangent of z.")
_define("ArcSech", _machine(lambda z: cmath.acosh(1 / z)), _table({1: Integer(0)}),
        "ArcSech[z] is the inverse hyperbolic secant of z.", ("ArcSech[1]", "0"))
_define("ArcCsch", _machine(lambda z: cmath.asinh(1 / z)), None,
        "ArcCsch[z] is the inverse hyperbolic cosecant of z.")
_define("Haversine", _machine(lambda z: (1 - cmath.cos(z)) / 2), _at_zero(0),
        "Haversine[z] is (1 - Cos[z])/2.", ("Haversine[0]", "0"))
_define("InverseHaversine", _machine(lambda z: 2 * cmath.asin(cmath.sqrt(z))),
        _table({0: Integer(0), 1: S.Pi}),
        "InverseHaversine[z] is the inverse of Haversine: 2 ArcSin[Sqrt[z]].",
        ("InverseHaversine[1]", "Pi"))
_define("Gudermannian", _machine(lambda z: 2 * cmath.atan(cmath.tanh(z / 2))), _at_zero(0),
        "Gudermannian[z] is 2 ArcTan[Tanh[z/2]].", ("Gudermannian[0]", "0"))
_define("InverseGudermannian", _machine(lambda z: 2 * cmath.atanh(cmath.tan(z / 2))),
        _at_zero(0), "InverseGudermannian[z] is 2 ArcTanh[Tan[z/2]].",
        ("InverseGudermannian[0]", "0"))
_define("Sec", _machine(lambda z: 1 / cmath.cos(z)), _at_zero(1),
        "Sec[z] is the secant 1/Cos[z].", parity=1)
_define("Csc", _machine(lambda z: 1 / cmath.sin(z)), None,
        "Csc[z] is the cosecant 1/Sin[z].", parity=-1)
_define("Cot", _machine(lambda z: 1 / cmath.tan(z)), None,
        "Cot[z] is the cotangent 1/Tan[z].", parity=-1)


def _exact_log(base: int):
    """A power of the base is its exponent; another positive integer n is Log[n]/Log[base],
    as WL gives it."""
    def exact(n: int):
        if n <= 0:
            return None
        k, m = 0, n
        while m % base == 0:
            m, k = m // base, k + 1
        if m == 1:
            return Integer(k)
        return Expr(S.Times, Expr(S.Log, Integer(n)),
                    Expr(S.Power, Expr(S.Log, Integer(base)), Integer(-1)))
    return exact


def _real_first(real_fn, complex_fn):
    """real_fn for a positive real (math's log10 and log2 are exact at powers of the base:
    Log10[1000.] is 3.), complex_fn elsewhere."""
    return lambda z: real_fn(z.real) if z.imag == 0 and z.real > 0 else complex_fn(z)


_define("Log10", _machine(_real_first(math.log10, cmath.log10)), _exact_log(10),
        "Log10[x] is the base-10 logarithm of x.", ("Log10[1000]", "3"))
_define("Log2", _machine(_real_first(math.log2, lambda z: cmath.log(z) / math.log(2))),
        _exact_log(2),
        "Log2[x] is the base-2 logarithm of x.", ("Log2[8]", "3"))


def _gamma_machine(x):
    if type(x) is not Real or not isinstance(x.value, float):
        return None
    v = x.value
    if v <= 0 and v == int(v):
        return None                       # a pole: ComplexInfinity in WL, left unevaluated
    try:
        return Real(math.gamma(v))
    except OverflowError:
        return None


def _gamma_half(ev, p: int, q: int):
    """Gamma at a half-integer, as WL gives it: Gamma[n + 1/2] = (2n)!/(4^n n!) Sqrt[Pi]
    and Gamma[1/2 - n] = (-4)^n n!/(2n)! Sqrt[Pi]."""
    if q != 2 or abs(p) > 2001:
        return None
    n = (p - 1) // 2 if p > 0 else (1 - p) // 2
    if p > 0:
        c = Fraction(math.factorial(2 * n), 4 ** n * math.factorial(n))
    else:
        c = Fraction((-4) ** n * math.factorial(n), math.factorial(2 * n))
    return ev.evaluate(Expr(S.Times, from_py(c), Expr(S.Power, S.Pi, Rational(1, 2))))


_define("Gamma", _gamma_machine, lambda n: Integer(math.factorial(n - 1)) if 0 < n <= 1000 else None,
        "Gamma[z] is the Euler gamma function; Gamma[n] is (n - 1)! for a positive integer n, "
        "Gamma[1/2] is Sqrt[Pi]; Gamma[a, z] is the incomplete gamma function "
        "Integrate[t^(a - 1) E^-t, {t, z, Infinity}], Gamma[a, z0, z1] is Gamma[a, z0] - "
        "Gamma[a, z1].",
        ("Gamma[5]", "24"), rational=_gamma_half, more=incomplete_gamma)


def _log_gamma_machine(x):
    if type(x) is not Real or not isinstance(x.value, float) or x.value <= 0:
        return None
    return Real(math.lgamma(x.value))


_define("LogGamma", _log_gamma_machine, lambda n: Integer(0) if n in (1, 2) else None,
        "LogGamma[z] is the logarithm of the gamma function.", ("LogGamma[1]", "0"))


def _cube_root_exact(n: int):
    r = round(abs(n) ** (1 / 3))
    for c in (r - 1, r, r + 1):
        if c ** 3 == abs(n):
            return Integer(c if n >= 0 else -c)
    return None


def _cube_root_machine(x):
    if type(x) is not Real or not isinstance(x.value, float):
        return None
    v = x.value
    return Real(math.copysign(abs(v) ** (1 / 3), v))


_define("CubeRoot", _cube_root_machine, _cube_root_exact,
        "CubeRoot[x] is the real cube root of x (negative for negative x).",
        ("CubeRoot[-8]", "-2"))


# the machine function of a complex argument, for the functions whose machine rule above
# takes reals only
_COMPLEX_MACHINE = {
    "Sinh": cmath.sinh, "Cosh": cmath.cosh, "Sech": lambda z: 1 / cmath.cosh(z),
    "Csch": lambda z: 1 / cmath.sinh(z), "Coth": lambda z: 1 / cmath.tanh(z),
    "ArcSin": cmath.asin, "ArcCos": cmath.acos, "ArcSinh": cmath.asinh,
    "ArcCosh": cmath.acosh, "ArcTanh": cmath.atanh, "Sec": lambda z: 1 / cmath.cos(z),
    "Csc": lambda z: 1 / cmath.sin(z), "Cot": lambda z: 1 / cmath.tan(z),
    "Log10": cmath.log10, "Log2": lambda z: cmath.log(z) / math.log(2),
    "Gamma": lambda z: _mpmath().gamma(z), "LogGamma": lambda z: _mpmath().loggamma(z),
    "ArcCot": lambda z: cmath.atan(1 / z), "ArcSec": lambda z: cmath.acos(1 / z),
    "ArcCsc": lambda z: cmath.asin(1 / z), "ArcCoth": lambda z: cmath.atanh(1 / z),
    "ArcSech": lambda z: cmath.acosh(1 / z), "ArcCsch": lambda z: cmath.asinh(1 / z),
    "Haversine": lambda z: (1 - cmath.cos(z)) / 2,
    "Gudermannian": lambda z: 2 * cmath.atan(cmath.tanh(z / 2)),
}


def _mpmath():
    import mpmath                        # at machine precision: its default, 53 bits
    return mpmath
