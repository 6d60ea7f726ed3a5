"""Arbitrary-precision reals: the Wolfram Language's "bignums", on mpmath's raw floats.

A ``BigFloat`` is the Python value of a Real atom that carries a precision (``N[Pi, 30]``,
``1.5`20``), as int, Fraction and float are the values of the other number atoms: the
arithmetic builtins combine these values with Python's operators and turn the result back
into an atom.  It holds

    v      an mpmath raw float (sign, mantissa, exponent, bit count), exact binary value,
           kept to the bits its precision needs plus a few guard bits;
    prec   the precision: how many decimal digits of it are significant (-log10 of the
           relative uncertainty);
    acc    the accuracy: how many digits after the decimal point are (-log10 of the
           absolute uncertainty); acc = prec - log10|v|.

A zero has no significant digits: precision 0 and only an accuracy (``0``20``), as in WL.

Significance arithmetic, to first order, as the Wolfram Language tracks it: uncertainties
add, absolute ones in sums (the accuracy of a sum is -log10(10^-a1 + 10^-a2), so
cancellation loses precision) and relative ones in products (so a product has about the
smaller precision); a function f of x has the absolute uncertainty |f'(x)| times that of x.
An exact number has no uncertainty; a machine real mixed in makes the result a machine
real (``float(big) + 1.5``); a result with no significant digit left is a zero with the
accuracy that remains.

mpmath is imported on the first bignum, so a session that never makes one never pays for
it.  mpmath rather than hand-written code: a well-kept library with correctly rounded
elementary and special functions at any precision.
"""

from __future__ import annotations

import math
from fractions import Fraction

__all__ = ["BigFloat", "MACHINE_PRECISION", "bits_for", "big_from_exact", "big_from_float",
           "big_from_text", "big_with_accuracy", "big_atan2", "big_constant", "big_function", "BIG_FUNCTIONS",
           "MP_FUNCTIONS", "mp_function", "mp_apply"]

LOG10_2 = math.log10(2)
BITS_PER_DIGIT = math.log2(10)
MACHINE_PRECISION = 53 * LOG10_2          # $MachinePrecision, 15.9546 digits
GUARD_BITS = 12                            # kept beyond the precision: rounding stays invisible

_m = None


def libmp():
    """mpmath's raw-float library, imported on first use."""
    global _m
    if _m is None:
        import mpmath.libmp as m
        _m = m
    return _m


def bits_for(prec: float) -> int:
    """Binary digits that hold ``prec`` decimal digits, with the guard bits."""
    return max(int(math.ceil(prec * BITS_PER_DIGIT)), 1) + GUARD_BITS


def _log10_abs(v) -> float:
    """log10 of the magnitude of a nonzero raw float (any size)."""
    man, exp = v[1], v[2]
    return math.log10(man) + exp * LOG10_2


def _add_uncertainties(x: float, y: float) -> float:
    """-log10(10^-x + 10^-y): two uncertainties given as digits (inf: none), added."""
    if x == math.inf:
        return y
    if y == math.inf:
        return x
    low, high = (x, y) if x <= y else (y, x)
    return low - math.log10(1.0 + 10.0 ** (low - high))


class BigFloat:
    """An arbitrary-precision real value (see the module text).  Immutable."""

    __slots__ = ("v", "prec", "acc")

    def __init__(self, v, prec: float, acc: float):
        self.v = v
        self.prec = prec
        self.acc = acc

    # ------------------------------------------------------------------ construction

    @staticmethod
    def with_accuracy(v, acc: float) -> "BigFloat":
        """The number ``v`` known to ``acc`` digits after the point: a zero when no digit
        of it is significant."""
        m = libmp()
        if v[1] == 0 and v != m.fzero:            # inf or nan
            raise OverflowError("not a finite number")
        if v == m.fzero:
            return BigFloat(m.fzero, 0.0, acc)
        prec = acc + _log10_abs(v)
        if prec <= 0:
            return BigFloat(m.fzero, 0.0, acc)
        return BigFloat(m.mpf_pos(v, bits_for(prec), "n"), prec, acc)

    @staticmethod
    def with_precision(v, prec: float) -> "BigFloat":
        m = libmp()
        if v == m.fzero:
            return BigFloat(m.fzero, 0.0, prec)   # SetPrecision[0, n]: accuracy n
        if v[1] == 0:
            raise OverflowError("not a finite number")
        v = m.mpf_pos(v, bits_for(prec), "n")
        return BigFloat(v, prec, prec - _log10_abs(v))

    @staticmethod
    def zero(acc: float) -> "BigFloat":
        """0 known to ``acc`` digits after the point (``0``20``)."""
        return BigFloat(libmp().fzero, 0.0, acc)

    @property
    def is_zero(self) -> bool:
        return self.v[1] == 0

    # ------------------------------------------------------------------ conversions

    def __float__(self) -> float:
        return libmp().to_float(self.v)

    def __complex__(self) -> complex:
        return complex(float(self))

    def __bool__(self) -> bool:
        return not self.is_zero

    def __int__(self) -> int:
        return self.__trunc__()

    def __trunc__(self) -> int:
        return int(libmp().to_int(self.v, "d"))

    def __floor__(self) -> int:
        return int(libmp().to_int(self.v, "f"))

    def __ceil__(self) -> int:
        return int(libmp().to_int(self.v, "c"))

    def __round__(self, ndigits=None) -> int:
        """The nearest integer, halves to even (Python's and WL's Round)."""
        return int(libmp().to_int(_round_half_even(self.v)))

    def to_fraction(self) -> Fraction:
        sign, man, exp, _ = self.v
        value = Fraction(man) * (Fraction(2) ** exp)
        return -value if sign else value

    def digits(self, count: int) -> tuple[str, int]:
        """(the first ``count`` significant decimal digits of |self|, the decimal exponent
        of the first one), correctly rounded; the value must be nonzero."""
        text = libmp().to_str(libmp().mpf_abs(self.v), count, strip_zeros=False,
                              min_fixed=0, max_fixed=0)
        mantissa, _, exponent = text.partition("e")
        return mantissa.replace(".", ""), int(exponent) if exponent else 0

    # ------------------------------------------------------------------ the other operand

    @staticmethod
    def _operand(other, bits: int):
        """(raw value, precision, accuracy) of another operand at ``bits``, or None for an
        operand that is not an exact number or a bignum (floats and complexes: the
        machine result is computed by the caller)."""
        t = type(other)
        if t is BigFloat:
            return other.v, other.prec, other.acc
        m = libmp()
        if t is int:
            return m.from_int(other), math.inf, math.inf
        if t is Fraction:
            return m.from_rational(other.numerator, other.denominator, bits, "n"), \
                math.inf, math.inf
        if t is bool:
            return m.from_int(int(other)), math.inf, math.inf
        return None

    def _magnitude(self) -> float:
        return -math.inf if self.is_zero else _log10_abs(self.v)

    def _working_bits(self, other_v, acc: float) -> int:
        """Bits enough for a sum known to ``acc`` digits after the point."""
        mags = [self._magnitude()]
        if other_v[1] != 0:
            mags.append(_log10_abs(other_v))
        return bits_for(max(acc + max(mags) + 1, 1.0))

    # ------------------------------------------------------------------ arithmetic

    def __neg__(self) -> "BigFloat":
        return BigFloat(libmp().mpf_neg(self.v), self.prec, self.acc)

    def __pos__(self) -> "BigFloat":
        return self

    def __abs__(self) -> "BigFloat":
        return BigFloat(libmp().mpf_abs(self.v), self.prec, self.acc)

    def __add__(self, other):
        t = type(other)
        if t is float or t is complex:
            return float(self) + other
        probe = self._operand(other, bits_for(self.prec + 20))
        if probe is None:
            return NotImplemented
        v, _, acc_other = probe
        acc = _add_uncertainties(self.acc, acc_other)
        if acc == math.inf:                       # cannot happen for a bignum; be safe
            acc = self.acc
        total = libmp().mpf_add(self.v, v, self._working_bits(v, acc), "n")
        return BigFloat.with_accuracy(total, acc)

    __radd__ = __add__

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return (-self) + other

    def __mul__(self, other):
        t = type(other)
        if t is float or t is complex:
            return float(self) * other
        if (t is int or t is bool) and other == 0:
            return 0                              # an exact zero factor: exactly 0
        probe = self._operand(other, bits_for(self.prec + 20))
        if probe is None:
            return NotImplemented
        v, prec_other, acc_other = probe
        m = libmp()
        if self.is_zero or v[1] == 0:
            return self._product_with_zero(v, acc_other)
        prec = _add_uncertainties(self.prec, prec_other)
        return BigFloat.with_precision(m.mpf_mul(self.v, v, bits_for(prec), "n"), prec)

    __rmul__ = __mul__

    def _product_with_zero(self, v, acc_other) -> "BigFloat":
        """A product with a zero factor: a zero whose accuracy is scaled by the other."""
        m = libmp()
        if self.is_zero and v[1] == 0:
            return BigFloat(m.fzero, 0.0, _add_uncertainties(self.acc, acc_other))
        if self.is_zero:
            return BigFloat(m.fzero, 0.0, self.acc - _log10_abs(v))
        return BigFloat(m.fzero, 0.0, acc_other - _log10_abs(self.v))

    def reciprocal(self) -> "BigFloat":
        if self.is_zero:
            raise ZeroDivisionError("division by a zero bignum")
        m = libmp()
        return BigFloat.with_precision(m.mpf_div(m.fone, self.v, bits_for(self.prec), "n"),
                                       self.prec)

    def __truediv__(self, other):
        t = type(other)
        if t is float or t is complex:
            return float(self) / other
        if type(other) is BigFloat:
            return self * other.reciprocal()
        if t is int or t is Fraction:
            if other == 0:
                raise ZeroDivisionError("division by zero")
            return self * (Fraction(1) / other)
        return NotImplemented

    def __rtruediv__(self, other):
        t = type(other)
        if t is float or t is complex:
            return other / float(self)
        if t is int or t is Fraction:
            return other * self.reciprocal()
        return NotImplemented

    def __pow__(self, other):
        t = type(other)
        if t is float or t is complex:
            return float(self) ** other
        if t is int:
            return self._integer_power(other)
        if t is Fraction or t is BigFloat:
            return _real_power(self, other)
        return NotImplemented

    def __rpow__(self, other):
        t = type(other)
        if t is float or t is complex:
            return other ** float(self)
        if t is int or t is Fraction:
            base = BigFloat._operand(other, bits_for(self.prec + 20))
            return _real_power(BigFloat(base[0], math.inf, math.inf), self)
        return NotImplemented

    def _integer_power(self, n: int):
        m = libmp()
        if n == 0:
            return 1
        if self.is_zero:
            if n < 0:
                raise ZeroDivisionError("a zero bignum to a negative power")
            return BigFloat(m.fzero, 0.0, self.acc * n)
        prec = self.prec - math.log10(abs(n))
        if prec <= 0:
            prec = 0.0
        bits = bits_for(max(prec, 1.0))
        value = m.mpf_pow_int(self.v, n, bits, "n")
        if prec == 0.0:
            return BigFloat(m.fzero, 0.0, -_log10_abs(value))
        return BigFloat.with_precision(value, prec)

    # ------------------------------------------------------------------ comparison

    def _compare(self, other):
        """-1, 0, 1 as self <, =, > other (numerically), or None for a non-real other."""
        t = type(other)
        m = libmp()
        if t is float:
            if other != other:
                return None
            return m.mpf_cmp(self.v, m.from_float(other))
        probe = self._operand(other, bits_for(self.prec + 20) + 64)
        if probe is None:
            return None
        return m.mpf_cmp(self.v, probe[0])

    def __lt__(self, other):
        c = self._compare(other)
        return NotImplemented if c is None else c < 0

    def __le__(self, other):
        c = self._compare(other)
        return NotImplemented if c is None else c <= 0

    def __gt__(self, other):
        c = self._compare(other)
        return NotImplemented if c is None else c > 0

    def __ge__(self, other):
        c = self._compare(other)
        return NotImplemented if c is None else c >= 0

    def __eq__(self, other):
        """Between bignums: the same value and precision (structural, as the atoms'
        equality needs); with another number: the same value."""
        if type(other) is BigFloat:
            return self.v == other.v and self.prec == other.prec and self.acc == other.acc
        if type(other) is complex:
            return other.imag == 0 and self._compare(other.real) == 0
        c = self._compare(other)
        return False if c is None else c == 0

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash((self.v, self.prec))

    def __repr__(self) -> str:
        m = libmp()
        return f"BigFloat({m.to_str(self.v, max(int(self.prec), 1))}, prec={self.prec:g})"


def _round_half_even(v):
    """The raw float of the integer nearest to v, halves going to the even one."""
    m = libmp()
    floor = m.mpf_floor(v)
    diff = m.mpf_sub(v, floor)
    c = m.mpf_cmp(diff, m.from_rational(1, 2, 10, "n"))
    if c < 0:
        return floor
    up = m.mpf_add(floor, m.fone)
    if c > 0:
        return up
    return floor if m.to_int(floor) % 2 == 0 else up


def _real_power(base: BigFloat, exponent) -> BigFloat | complex:
    """base^exponent for a real, non-integer exponent (Fraction or BigFloat): the
    uncertainty is |y| times base's relative one plus |log x| times y's absolute one.  A
    negative base has a complex power: computed as a machine complex."""
    m = libmp()
    if type(exponent) is Fraction:
        ev, eacc, eprec = m.from_rational(exponent.numerator, exponent.denominator,
                                          bits_for(base.prec + 20), "n"), math.inf, math.inf
        magnitude = abs(float(exponent))
    else:
        ev, eacc, eprec = exponent.v, exponent.acc, exponent.prec
        magnitude = abs(float(exponent))
    if base.is_zero:
        if m.mpf_cmp(ev, m.fzero) <= 0:
            raise ZeroDivisionError("a zero bignum to a non-positive power")
        return BigFloat(m.fzero, 0.0, base.acc * float(exponent))
    if base.v[0]:                                  # negative base: a complex power
        return complex(float(base)) ** float(exponent)
    log_base = abs(m.to_float(m.mpf_log(base.v, 60, "n")))
    relative = []
    if base.prec != math.inf and magnitude:
        relative.append(base.prec - math.log10(magnitude))
    if eacc != math.inf and log_base:
        relative.append(eacc - math.log10(log_base))
    prec = base.prec if not relative else relative[0] if len(relative) == 1 else \
        _add_uncertainties(*relative)
    if prec == math.inf:
        prec = eprec
    value = m.mpf_pow(base.v, ev, bits_for(max(prec, 1.0)), "n")
    if prec <= 0:
        return BigFloat(m.fzero, 0.0, -_log10_abs(value))
    return BigFloat.with_precision(value, prec)


# ---------------------------------------------------------------------------- construction

def big_from_exact(value, prec: float) -> BigFloat:
    """An exact int or Fraction as a bignum of precision ``prec``."""
    m = libmp()
    if type(value) is Fraction:
        v = m.from_rational(value.numerator, value.denominator, bits_for(prec), "n")
    else:
        v = m.from_int(int(value), bits_for(prec), "n")
    return BigFloat.with_precision(v, prec)


def big_from_float(value: float, prec: float) -> BigFloat:
    """A machine real's binary value as a bignum of precision ``prec`` (padded with binary
    zeros, as SetPrecision does)."""
    return BigFloat.with_precision(libmp().from_float(value), prec)


def big_with_accuracy(value, acc: float) -> BigFloat:
    """An exact number (int, Fraction) or a float known to ``acc`` digits after the point."""
    m = libmp()
    if type(value) is float:
        return BigFloat.with_accuracy(m.from_float(value), acc)
    probe = big_from_exact(value, 20.0)
    digits = acc + (_log10_abs(probe.v) if not probe.is_zero else 0.0)
    if digits <= 0:
        return BigFloat(m.fzero, 0.0, acc)
    return BigFloat.with_accuracy(big_from_exact(value, digits).v, acc)


def big_from_text(text: str, prec: float | None = None, acc: float | None = None) -> BigFloat:
    """The decimal number ``text`` (``1.5``, ``2.e-30``) with a precision or an accuracy."""
    m = libmp()
    if prec is not None:
        return BigFloat.with_precision(m.from_str(text, bits_for(prec), "n"), prec)
    probe = m.from_str(text, 64, "n")
    digits = acc + (_log10_abs(probe) if probe[1] else 0.0)
    return BigFloat.with_accuracy(m.from_str(text, bits_for(max(digits, 1.0)), "n"), acc)


def _machine_precision(bits, rounding):
    """MachinePrecision = 53 log10(2), to ``bits``."""
    m = libmp()
    return m.mpf_div(m.mpf_mul(m.from_int(53), m.mpf_ln2(bits + 8), bits + 8),
                     m.mpf_ln10(bits + 8), bits, rounding)


# raw-float constructors (bits, rounding) of the numeric constants, by name (N[Pi, n], …)
_CONSTANTS = {"Pi": "mpf_pi", "E": "mpf_e", "Degree": "mpf_degree", "EulerGamma": "mpf_euler",
              "GoldenRatio": "mpf_phi", "Catalan": "mpf_catalan", "Khinchin": "mpf_khinchin",
              "Glaisher": "mpf_glaisher", "MachinePrecision": _machine_precision}


def big_constant(name: str, prec: float) -> BigFloat | None:
    """The constant ``name`` (Pi, E, …) to ``prec`` digits, or None if it has no value."""
    fn = _CONSTANTS.get(name)
    if fn is None:
        return None
    if type(fn) is str:
        fn = getattr(libmp(), fn)
    return BigFloat.with_precision(fn(bits_for(prec), "n"), prec)


# ---------------------------------------------------------------------------- functions

def _f(name):
    return lambda v, bits: getattr(libmp(), name)(v, bits, "n")


def _sec2(v, bits):
    m = libmp()
    c = m.mpf_cos(v, bits, "n")
    return m.mpf_div(m.fone, m.mpf_mul(c, c, bits, "n"), bits, "n")


def _sech2(v, bits):
    m = libmp()
    c = m.mpf_cosh(v, bits, "n")
    return m.mpf_div(m.fone, m.mpf_mul(c, c, bits, "n"), bits, "n")


def _one_over_1_plus_x2(v, bits):
    m = libmp()
    return m.mpf_div(m.fone, m.mpf_add(m.fone, m.mpf_mul(v, v, bits, "n"), bits, "n"),
                     bits, "n")


def _reciprocal(v, bits):
    m = libmp()
    return m.mpf_div(m.fone, v, bits, "n")


def _neg_sin(v, bits):
    m = libmp()
    return m.mpf_neg(m.mpf_sin(v, bits, "n"))


def _sigmoid(v, bits):
    m = libmp()
    return m.mpf_div(m.fone, m.mpf_add(m.fone, m.mpf_exp(m.mpf_neg(v), bits, "n"), bits, "n"),
                     bits, "n")


def _sigmoid_derivative(v, bits):
    m = libmp()
    s = _sigmoid(v, bits)
    return m.mpf_mul(s, m.mpf_sub(m.fone, s, bits, "n"), bits, "n")


def _factorial(v, bits):
    m = libmp()
    return m.mpf_gamma(m.mpf_add(v, m.fone, bits + 8, "n"), bits, "n")


def _factorial_derivative(v, bits):
    """d/dx Gamma[x + 1] = Gamma[x + 1] PolyGamma[x + 1]."""
    m = libmp()
    x1 = m.mpf_add(v, m.fone, bits + 8, "n")
    return m.mpf_mul(m.mpf_gamma(x1, bits, "n"), m.mpf_psi0(x1, bits, "n"), bits, "n")


# name → (f, f', domain test): f and f' take a raw float and a bit count; the domain test
# says when the real function applies (outside it the caller computes a complex value)
BIG_FUNCTIONS = {
    "Sin": (_f("mpf_sin"), _f("mpf_cos"), None),
    "Cos": (_f("mpf_cos"), _neg_sin, None),
    "Tan": (_f("mpf_tan"), _sec2, None),
    "Tanh": (_f("mpf_tanh"), _sech2, None),
    "ArcTan": (_f("mpf_atan"), _one_over_1_plus_x2, None),
    "Exp": (_f("mpf_exp"), _f("mpf_exp"), None),
    "Log": (_f("mpf_log"), _reciprocal, lambda x: x.v[0] == 0 and not x.is_zero),
    "LogisticSigmoid": (_sigmoid, _sigmoid_derivative, None),
    "Factorial": (_factorial, _factorial_derivative, None),
}


def big_atan2(y, x) -> BigFloat:
    """ArcTan[x, y]: the angle of the point (x, y), one of them a bignum, the other a
    bignum or exact; the uncertainty is (|x| dy + |y| dx) / (x^2 + y^2)."""
    m = libmp()
    digits = min(z.prec for z in (x, y) if type(z) is BigFloat)
    parts = []
    for z in (x, y):
        if type(z) is BigFloat:
            parts.append((z.v, 10.0 ** -z.acc if z.acc < 300 else 0.0))
        else:
            parts.append((big_from_exact(z, digits + 10).v, 0.0))
    (xv, dx), (yv, dy) = parts
    fx, fy = abs(m.to_float(xv)), abs(m.to_float(yv))
    value = m.mpf_atan2(yv, xv, bits_for(max(digits, 1.0)) + 32, "n")
    error = (fx * dy + fy * dx) / (fx * fx + fy * fy) if fx or fy else max(dx, dy)
    acc = -math.log10(error) if error > 0 else digits
    return BigFloat.with_accuracy(value, acc)


def big_function(name: str, x: BigFloat) -> BigFloat | None:
    """f(x) for a bignum x with the uncertainty |f'(x)| times x's: None when ``name`` has
    no bignum form here or x is outside its real domain."""
    entry = BIG_FUNCTIONS.get(name)
    if entry is None:
        return None
    f, derivative, domain = entry
    if domain is not None and not domain(x):
        return None
    m = libmp()
    bits = bits_for(max(x.prec, 1.0)) + 32
    value = f(x.v, bits)
    slope = derivative(x.v, 64)
    if slope[1] == 0:                             # a stationary point: second order
        acc = 2 * x.acc
    else:
        acc = x.acc - _log10_abs(slope)
    return BigFloat.with_accuracy(value, acc)


# ---------------------------------------------------------------------------- complex and special

def _mp():
    import mpmath
    return mpmath


def _sec2_mp(z):
    m = _mp()
    return 1 / m.cos(z) ** 2


def _sech2_mp(z):
    m = _mp()
    return 1 / m.cosh(z) ** 2


# name -> (f, f') on mpmath numbers (mpf or mpc): the functions a complex bignum, or a real
# bignum outside a function's real domain or without a raw-float form above, goes through
MP_FUNCTIONS = {
    "Exp": (lambda z: _mp().exp(z), lambda z: _mp().exp(z)),
    "Log": (lambda z: _mp().log(z), lambda z: 1 / z),
    "Sqrt": (lambda z: _mp().sqrt(z), lambda z: 1 / (2 * _mp().sqrt(z))),
    "Sin": (lambda z: _mp().sin(z), lambda z: _mp().cos(z)),
    "Cos": (lambda z: _mp().cos(z), lambda z: -_mp().sin(z)),
    "Tan": (lambda z: _mp().tan(z), _sec2_mp),
    "Cot": (lambda z: _mp().cot(z), lambda z: -1 / _mp().sin(z) ** 2),
    "Sec": (lambda z: _mp().sec(z), lambda z: _mp().sec(z) * _mp().tan(z)),
    "Csc": (lambda z: _mp().csc(z), lambda z: -_mp().csc(z) * _mp().cot(z)),
    "Sinh": (lambda z: _mp().sinh(z), lambda z: _mp().cosh(z)),
    "Cosh": (lambda z: _mp().cosh(z), lambda z: _mp().sinh(z)),
    "Tanh": (lambda z: _mp().tanh(z), _sech2_mp),
    "Coth": (lambda z: _mp().coth(z), lambda z: -1 / _mp().sinh(z) ** 2),
    "Sech": (lambda z: _mp().sech(z), lambda z: -_mp().sech(z) * _mp().tanh(z)),
    "Csch": (lambda z: _mp().csch(z), lambda z: -_mp().csch(z) * _mp().coth(z)),
    "ArcSin": (lambda z: _mp().asin(z), lambda z: 1 / _mp().sqrt(1 - z * z)),
    "ArcCos": (lambda z: _mp().acos(z), lambda z: -1 / _mp().sqrt(1 - z * z)),
    "ArcTan": (lambda z: _mp().atan(z), lambda z: 1 / (1 + z * z)),
    "ArcSinh": (lambda z: _mp().asinh(z), lambda z: 1 / _mp().sqrt(1 + z * z)),
    "ArcCosh": (lambda z: _mp().acosh(z), lambda z: 1 / _mp().sqrt(z * z - 1)),
    "ArcTanh": (lambda z: _mp().atanh(z), lambda z: 1 / (1 - z * z)),
    "Log10": (lambda z: _mp().log(z) / _mp().ln10, lambda z: 1 / (z * _mp().ln10)),
    "Log2": (lambda z: _mp().log(z) / _mp().ln2, lambda z: 1 / (z * _mp().ln2)),
    "CubeRoot": (lambda x: _mp().sign(x) * _mp().cbrt(abs(x)) if _mp().im(x) == 0 else None,
                 lambda x: _mp().cbrt(abs(x)) ** -2 / 3),
    "Gamma": (lambda z: _mp().gamma(z), lambda z: _mp().gamma(z) * _mp().digamma(z)),
    "LogGamma": (lambda z: _mp().loggamma(z), lambda z: _mp().digamma(z)),
    "Erf": (lambda z: _mp().erf(z), lambda z: 2 / _mp().sqrt(_mp().pi) * _mp().exp(-z * z)),
    "Erfc": (lambda z: _mp().erfc(z), lambda z: -2 / _mp().sqrt(_mp().pi) * _mp().exp(-z * z)),
    "Zeta": (lambda z: _mp().zeta(z), lambda z: _mp().zeta(z, 1, 1)),
    "LogisticSigmoid": (lambda z: 1 / (1 + _mp().exp(-z)),
                        lambda z: _mp().exp(-z) / (1 + _mp().exp(-z)) ** 2),
}


def _uncertainty(x) -> float:
    """The absolute uncertainty of a part: 10^-accuracy for a bignum, 0 when exact."""
    if type(x) is BigFloat:
        return 10.0 ** -x.acc if x.acc < 300 else 0.0
    return 0.0


def _to_mp(x):
    m = _mp()
    if type(x) is BigFloat:
        return m.mpf(m.mp.make_mpf(x.v))
    if type(x) is Fraction:
        return m.mpf(x.numerator) / x.denominator
    return m.mpf(x)


def mp_function(name: str, re, im=0):
    """f(re + im I) for a bignum argument (re and im: BigFloat or exact, at least one a
    BigFloat) through mpmath at the argument's precision plus guard digits; the
    result's accuracy is the argument's less log10|f'(z)|, as for the real functions.
    Returns (re, im) of the result as BigFloats (an exact 0 where mpmath's part is an
    exact zero), or None when ``name`` has no such form or the value is not finite."""
    entry = MP_FUNCTIONS.get(name)
    if entry is None:
        return None
    f, derivative = entry
    return mp_apply(f, (derivative,), ((re, im),))


def mp_apply(f, partials, arguments):
    """f(z1, z2, …) through mpmath for arguments given as (re, im) pairs of BigFloats and
    exact numbers (one BigFloat at least among them), with the uncertainty
    sum |df/dzi| dzi (``partials``: one function of all the arguments per argument).
    Returns (re, im) of the result, or None (f gave None, or no finite value)."""
    parts = [p for pair in arguments for p in pair if type(p) is BigFloat]
    digits = max(max(p.prec for p in parts), 1.0)
    m = _mp()
    with m.workprec(bits_for(digits) + 32):
        zs = [_to_mp(re) if not im else m.mpc(_to_mp(re), _to_mp(im)) for re, im in arguments]
        try:
            value = f(*zs)
            if value is None or not m.isfinite(value):
                return None
            error = 0.0
            for partial, (re, im) in zip(partials, arguments):
                uncertainty = max(_uncertainty(re), _uncertainty(im))
                if uncertainty:
                    error += float(abs(partial(*zs))) * uncertainty
        except (ValueError, ZeroDivisionError, TypeError):
            return None
        value = m.mpc(value)
    if error > 0:
        acc = -math.log10(error)
    else:                                       # a stationary point, or nothing uncertain
        acc = 2 * min(p.acc for p in parts)
    zero = libmp().fzero
    return tuple(0 if part._mpf_ == zero else BigFloat.with_accuracy(part._mpf_, acc)
                 for part in (value.real, value.imag))
