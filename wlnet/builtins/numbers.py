"""Numbers: the numeric tower shared by the arithmetic and logic builtins, the numeric
constants (Pi, E, I, Infinity, …), digit conversions and the number predicates.

Arithmetic on number atoms goes through plain Python values:

    Integer → int, Rational → Fraction, machine Real → float,
    Complex with exact parts → ExactComplex, Complex with a Real part → complex.

Python's own operators then give the Wolfram Language's contagion for free (int + Fraction
is exact, anything + float is a float), and ``from_py`` turns the result back into the
canonical atom (a Fraction with denominator 1 is an Integer, an ExactComplex with zero
imaginary part is real).
"""

from __future__ import annotations

import math
from fractions import Fraction

from wlnet.builtins._listutil import affordable
from wlnet.core.bigreal import MACHINE_PRECISION, BigFloat, big_constant, big_from_exact
from wlnet.core.bigint import FROM_DIGITS_BITS, decimal_text, digits_of, from_digits, \
    quadratic_affordable
from wlnet.core.registry import BUILTINS, builtin, declare
from wlnet.core.expr import (FALSE, TRUE, Complex, Expr, Integer, Rational, Real, S, String,
                             Symbol, make_rational)

# ---------------------------------------------------------------------------- constants

DIRECTED_INFINITY = S.DirectedInfinity
INFINITY = Expr(S.DirectedInfinity, Integer(1))
NEG_INFINITY = Expr(S.DirectedInfinity, Integer(-1))
COMPLEX_INFINITY = Expr(S.DirectedInfinity)
INDETERMINATE = S.Indeterminate
ZERO, ONE, MINUS_ONE = Integer(0), Integer(1), Integer(-1)
HALF = Rational(1, 2)

# Machine values of the numeric constants (what N gives them).
N_VALUES: dict[Symbol, float] = {
    S.Pi: math.pi,
    S.E: math.e,
    S.Degree: math.pi / 180,
    S.EulerGamma: 0.5772156649015329,
    S.GoldenRatio: (1 + math.sqrt(5)) / 2,
    S.Catalan: 0.915965594177219,
    S.Khinchin: 2.6854520010653062,
    S.Glaisher: 1.2824271291006226,
    S.MachinePrecision: 53 * math.log10(2),
}

# ---------------------------------------------------------------------------- exact complex

class ExactComplex:
    """A complex number with exact (int or Fraction) parts; the imaginary part is nonzero
    after ``normalize``.  Mixing with a float or complex gives a machine complex.

    A complex bignum (``N[Sqrt[-2], 20]``) is one of these too, with BigFloat parts (or
    one exact zero part): the part-wise formulas below then do significance arithmetic on
    each part.  Such a value is inexact (``is_inexact_value``)."""

    __slots__ = ("re", "im")

    def __init__(self, re, im):
        self.re = re
        self.im = im

    @staticmethod
    def _parts(other):
        if isinstance(other, ExactComplex):
            return other.re, other.im
        if isinstance(other, (int, Fraction, BigFloat)):
            return other, 0
        return None

    def __complex__(self):
        return complex(float(self.re), float(self.im))

    def __add__(self, other):
        p = self._parts(other)
        if p is None:
            return complex(self) + other
        return normalize(ExactComplex(self.re + p[0], self.im + p[1]))

    __radd__ = __add__

    def __neg__(self):
        return ExactComplex(-self.re, -self.im)

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return (-self) + other

    def __mul__(self, other):
        p = self._parts(other)
        if p is None:
            return complex(self) * other
        a, b = self.re, self.im
        c, d = p
        return normalize(ExactComplex(a * c - b * d, a * d + b * c))

    __rmul__ = __mul__

    def reciprocal(self):
        n = self.re * self.re + self.im * self.im
        return normalize(ExactComplex(_exact_quotient(self.re, n), _exact_quotient(-self.im, n)))

    def __truediv__(self, other):
        p = self._parts(other)
        if p is None:
            return complex(self) / other
        return self * ExactComplex(*p).reciprocal() if p[1] else \
            self * _exact_quotient(1, p[0])

    def __rtruediv__(self, other):
        return self.reciprocal() * other

    def __pow__(self, n):
        if not isinstance(n, int):
            return complex(self) ** n
        base = self if n >= 0 else self.reciprocal()
        result, n = 1, abs(n)
        while n:                         # square-and-multiply, exact all the way
            if n & 1:
                result = base * result
            base = base * base
            n >>= 1
        return normalize(result) if isinstance(result, ExactComplex) else result

    def __eq__(self, other):
        p = self._parts(other)
        return p is not None and p == (self.re, self.im)

    def __hash__(self):
        return hash((self.re, self.im))

    def __bool__(self):
        return bool(self.re) or bool(self.im)

    def __repr__(self):
        return f"ExactComplex({self.re!r}, {self.im!r})"


def _exact_quotient(a, b):
    """a / b, exact for exact values (a Fraction, not a float), a bignum for bignums."""
    if type(a) is BigFloat or type(b) is BigFloat:
        return a / b
    return Fraction(a) / b


def normalize(v):
    """The simplest Python value for ``v``: whole Fractions become ints, exact complexes
    with a zero imaginary part become real."""
    if type(v) is ExactComplex:
        if v.im == 0:
            return normalize(v.re)
        return ExactComplex(normalize(v.re), normalize(v.im))
    if type(v) is Fraction and v.denominator == 1:
        return v.numerator
    return v


# ---------------------------------------------------------------------------- conversion

def to_py(e):
    """The Python value of a number atom, or None when ``e`` is not a number.

    A machine real that is not finite (an inf or NaN that came in from numpy) is not a
    number for arithmetic: it stays an opaque atom rather than poisoning results."""
    t = type(e)
    if t is Integer:
        return e.value
    if t is Real:
        v = e._value
        if type(v) is float:
            return v if math.isfinite(v) else None
        return v                          # a bignum's BigFloat
    if t is Rational:
        return Fraction(e.numerator, e.denominator)
    if t is Complex:
        re, im = to_py(e.re), to_py(e.im)
        if re is None or im is None:
            return None
        if type(re) is float or type(im) is float:
            return complex(float(re), float(im))
        return ExactComplex(re, im)       # exact parts, or bignum parts (see ExactComplex)
    return None


def exact_fraction(e) -> Fraction | None:
    """An exact rational number's value (an Integer's or a Rational's) as a Fraction, else
    None: the exact arithmetic of recurrences, sequences and time stamps."""
    t = type(e)
    if t is Integer:
        return Fraction(e.value)
    if t is Rational:
        return Fraction(e.numerator, e.denominator)
    return None


def from_py(v):
    """The number atom for a Python number (int, Fraction, float, complex, ExactComplex)."""
    t = type(v)
    if t is int:
        return Integer(v)
    if t is float:
        if not math.isfinite(v):          # machine overflow or an undefined operation
            return INDETERMINATE if v != v else (INFINITY if v > 0 else NEG_INFINITY)
        return Real(v)
    if t is Fraction:
        return make_rational(v.numerator, v.denominator)
    if t is ExactComplex:
        v = normalize(v)
        if type(v) is not ExactComplex:
            return from_py(v)
        return Complex(from_py(v.re), from_py(v.im))
    if t is complex:
        if not (math.isfinite(v.real) and math.isfinite(v.imag)):
            return INDETERMINATE if v != v else COMPLEX_INFINITY
        return Complex(Real(v.real), Real(v.imag))
    if t is BigFloat:
        return Real(v, v.prec)
    if t is bool:
        return Integer(int(v))
    return from_py(float(v)) if isinstance(v, float) else from_py(int(v))


def _finite_real(e) -> bool:
    return e._precision is not None or math.isfinite(e._value)


def is_number(e) -> bool:
    t = type(e)
    if t is Real:
        return _finite_real(e)
    return t is Integer or t is Rational or (t is Complex and to_py(e) is not None)


def is_real_number(e) -> bool:
    t = type(e)
    if t is Real:
        return _finite_real(e)
    return t is Integer or t is Rational


def is_exact(e) -> bool:
    t = type(e)
    if t is Integer or t is Rational:
        return True
    if t is Complex:
        return type(e.re) is not Real and type(e.im) is not Real
    return False


def is_inexact_value(v) -> bool:
    t = type(v)
    return t is float or t is complex or t is BigFloat or (
        t is ExactComplex and (type(v.re) is BigFloat or type(v.im) is BigFloat))


def bignum_of(v):
    """The BigFloat that sets the precision of an inexact value (a bignum or a complex
    bignum's part), or None for machine and exact values."""
    if type(v) is BigFloat:
        return v
    if type(v) is ExactComplex:
        return v.re if type(v.re) is BigFloat else (v.im if type(v.im) is BigFloat else None)
    return None


def is_infinity(e) -> bool:
    return type(e) is Expr and e.head is DIRECTED_INFINITY


def is_numeric(e) -> bool:
    """NumericQ: numbers, numeric constants, and NumericFunction heads of numeric args."""
    t = type(e)
    if t is Integer or t is Real or t is Rational or t is Complex:
        return is_number(e)
    if t is Symbol:
        return e in N_VALUES
    if t is Expr and type(e.head) is Symbol:
        if e.head.name == "Root":        # Root[poly &, k]: a number, its function is not
            return len(e.args) == 2 and is_numeric(e.args[1])
        spec = BUILTINS.get(e.head.name)
        if spec is not None and "NumericFunction" in spec.attributes:
            return all(is_numeric(a) for a in e.args)
    return False


def machine_value(ev, e):
    """The machine value (float or complex) of a numeric expression, or None."""
    v = to_py(e)
    if v is None and is_numeric(e):
        v = to_py(ev.evaluate(Expr(S.N, e)))
    if v is None:
        return None
    return v if type(v) is complex else (complex(v) if type(v) is ExactComplex else float(v))


def inexact_value(ev, e, like):
    """The approximate value of a numeric expression to combine with the inexact value
    ``like``: a bignum of a little more than like's precision when like is a bignum
    (``N[1, 20] + Pi``), else the machine value (float or complex); None if not numeric."""
    like = bignum_of(like)
    if like is None:
        return machine_value(ev, e)
    v = to_py(e)
    if v is None and is_numeric(e):
        # enough digits that e's own error stays below like's: a zero like has only an
        # accuracy, so e's magnitude sets the digits it needs
        size = machine_value(ev, e)
        magnitude = math.log10(abs(size)) if size else 0.0
        digits = max(like.prec, like.acc + magnitude, 1.0) + 10
        v = to_py(ev.evaluate(Expr(S.N, e, Real(digits))))
    if type(v) in (int, Fraction):
        v = big_from_exact(v, max(like.prec, 1.0) + 10)
    return v


def real_value(ev, e, exact_ok=True):
    """A real Python value to compare ``e`` by: its exact value for an exact real number,
    a float for other numeric quantities and ±inf for real infinities, else None."""
    t = type(e)
    if t is Integer:
        return e.value
    if t is Real:
        return e.value if _finite_real(e) else None
    if t is Rational:
        return Fraction(e.numerator, e.denominator)
    if e == INFINITY:
        return math.inf
    if e == NEG_INFINITY:
        return -math.inf
    if t is Complex:
        return None
    v = machine_value(ev, e)
    if type(v) is float:
        return v
    if type(v) is complex and v.imag == 0:
        return v.real
    return None


def bool_expr(flag: bool):
    return TRUE if flag else FALSE


# ---------------------------------------------------------------------------- constants

declare("Pi", attributes=("Constant", "Protected", "ReadProtected"),
        usage="Pi is π, with numerical value ≃ 3.14159.")
declare("E", attributes=("Constant", "Protected", "ReadProtected"),
        usage="E is the exponential constant e, with numerical value ≃ 2.71828.")
declare("Degree", attributes=("Constant", "Protected", "ReadProtected"),
        usage="Degree gives the number of radians in one degree, Pi/180.")
declare("EulerGamma", attributes=("Constant", "Protected", "ReadProtected"),
        usage="EulerGamma is Euler's constant γ, with numerical value ≃ 0.577216.")
declare("GoldenRatio", attributes=("Constant", "Protected", "ReadProtected"),
        usage="GoldenRatio is the golden ratio (1 + Sqrt[5])/2, ≃ 1.61803.")
declare("Catalan", attributes=("Constant", "Protected", "ReadProtected"),
        usage="Catalan is Catalan's constant, with numerical value ≃ 0.915966.")
declare("I", attributes=("Locked", "Protected", "ReadProtected"),
        usage="I represents the imaginary unit Sqrt[-1].", value=Complex(ZERO, ONE))
declare("Infinity", attributes=("Protected", "ReadProtected"),
        usage="Infinity or ∞ is a symbol that represents a positive infinite quantity.",
        messages={"indet": "Indeterminate expression `1` encountered."}, value=INFINITY)
declare("ComplexInfinity", attributes=("Protected", "ReadProtected"),
        usage="ComplexInfinity represents a quantity with infinite magnitude, but "
              "undetermined complex phase.", value=COMPLEX_INFINITY)
declare("Indeterminate", attributes=("Protected",),
        usage="Indeterminate is a symbol that represents a numerical quantity whose "
              "magnitude cannot be determined.")



@builtin(attributes=("Protected",), argc=(0, 1),
         usage="DirectedInfinity[z] represents an infinite quantity in the direction of z; "
               "DirectedInfinity[] is ComplexInfinity.",
         examples=(("DirectedInfinity[5]", "Infinity"), ("-Infinity", "-Infinity")))
def DirectedInfinity(ev, *args):
    if not args:
        return None
    (z,) = args
    v = to_py(z)
    if v is None:
        return None
    if v == 0:
        return COMPLEX_INFINITY
    if type(v) in (int, Fraction, float):
        unit = 1 if v > 0 else -1
        return None if z == Integer(unit) else Expr(S.DirectedInfinity, Integer(unit))
    if type(v) is complex:
        unit = v / abs(v)
        new = from_py(unit)
        return None if new == z else Expr(S.DirectedInfinity, new)
    # exact complex: keep exact unit directions (±I), scale others to length 1 only if
    # they are already on an axis
    if v.re == 0:
        unit = ExactComplex(0, 1 if v.im > 0 else -1)
        new = from_py(unit)
        return None if new == z else Expr(S.DirectedInfinity, new)
    return None


@builtin("Rational", attributes=("Protected",), argc=2,
         usage="Rational[p, q] is the exact fraction p/q.",
         examples=(("Rational[2, 4]", "1/2"), ("Rational[1, 3] + 1", "4/3")))
def Rational_(ev, p, q):
    if type(p) is Integer and type(q) is Integer:
        if q.value == 0:
            return ev.evaluate(Expr(S.Times, p, Expr(S.Power, q, MINUS_ONE)))
        return make_rational(p.value, q.value)
    return None


@builtin("Complex", attributes=("Protected",), argc=2,
         usage="Complex[a, b] is the complex number a + b I.",
         examples=(("Complex[1, 2]", "1 + 2 I"), ("Complex[1, 0]", "1")))
def Complex_(ev, a, b):
    va, vb = to_py(a), to_py(b)
    if va is None or vb is None or type(va) not in (int, Fraction, float) \
            or type(vb) not in (int, Fraction, float):
        return None
    if type(va) is float or type(vb) is float:
        return Complex(Real(va), Real(vb))
    return from_py(ExactComplex(va, vb))




# ---------------------------------------------------------------------------- predicates

@builtin(argc=1, attributes=("Protected",),
         usage="NumberQ[expr] gives True if expr is an explicit number, and False otherwise.",
         examples=(("NumberQ[3/4]", "True"), ("NumberQ[Pi]", "False")))
def NumberQ(ev, x):
    return bool_expr(is_number(x))


@builtin(argc=1, attributes=("Protected",),
         usage="NumericQ[expr] gives True if expr is a numeric quantity.",
         examples=(("NumericQ[Sqrt[2] + Pi]", "True"), ("NumericQ[x]", "False")))
def NumericQ(ev, x):
    return bool_expr(is_numeric(x))


@builtin(argc=1, attributes=("Protected",),
         usage="IntegerQ[expr] gives True if expr is an integer, and False otherwise.",
         examples=(("IntegerQ[3]", "True"), ("IntegerQ[3.]", "False")))
def IntegerQ(ev, x):
    return bool_expr(type(x) is Integer)


@builtin(argc=1, attributes=("Listable", "Protected"),
         usage="EvenQ[expr] gives True if expr is an even integer, and False otherwise.",
         examples=(("EvenQ[4]", "True"), ("EvenQ[x]", "False")))
def EvenQ(ev, x):
    return bool_expr(type(x) is Integer and x.value % 2 == 0)


@builtin(argc=1, attributes=("Listable", "Protected"),
         usage="OddQ[expr] gives True if expr is an odd integer, and False otherwise.",
         examples=(("OddQ[3]", "True"), ("OddQ[2]", "False")))
def OddQ(ev, x):
    return bool_expr(type(x) is Integer and x.value % 2 == 1)


def _sign_test(test):
    """Positive/Negative/…: decided for real numeric quantities, False for complex
    numbers, unevaluated for symbolic input."""
    def apply(ev, x):
        if type(x) is Complex:
            v = to_py(x)
            if v.imag != 0 if type(v) is complex else True:
                return FALSE
        v = real_value(ev, x)
        if v is None:
            if is_numeric(x) and machine_value(ev, x) is not None:
                return FALSE                       # a genuinely complex quantity
            return None
        return bool_expr(test(v))
    return apply


for _name, _test, _text in (
        ("Positive", lambda v: v > 0, "is a positive real number"),
        ("Negative", lambda v: v < 0, "is a negative real number"),
        ("NonNegative", lambda v: v >= 0, "is a non-negative real number"),
        ("NonPositive", lambda v: v <= 0, "is a non-positive real number")):
    builtin(_name, argc=1, attributes=("Listable", "Protected"),
            usage=f"{_name}[x] gives True if x {_text}.",
            examples=((f"{_name}[1]", str(_test(1))), (f"{_name}[-2.5]", str(_test(-2.5)))))(
        _sign_test(_test))


# ---------------------------------------------------------------------------- parts

@builtin(argc=1, attributes=("Listable", "NumericFunction", "Protected"),
         usage="Re[z] gives the real part of the complex number z.",
         examples=(("Re[3 + 4 I]", "3"), ("Re[2.5]", "2.5")))
def Re(ev, z):
    if type(z) is Complex:
        return z.re
    if is_real_number(z) or z == INFINITY or z == NEG_INFINITY:
        return z
    return None


@builtin(argc=1, attributes=("Listable", "NumericFunction", "Protected"),
         usage="Im[z] gives the imaginary part of the complex number z.",
         examples=(("Im[3 + 4 I]", "4"), ("Im[2.5]", "0")))
def Im(ev, z):
    if type(z) is Complex:
        return z.im
    if is_real_number(z) or z == INFINITY or z == NEG_INFINITY:
        return ZERO
    return None


def _numerator_denominator(e):
    """(numerator factors, denominator factors) of a product, as WL splits them: negative
    exponents and rational denominators go down."""
    factors = e.args if type(e) is Expr and e.head is S.Times else (e,)
    up, down = [], []
    for f in factors:
        if type(f) is Rational:
            up.append(Integer(f.numerator))
            down.append(Integer(f.denominator))
        elif (type(f) is Expr and f.head is S.Power and len(f.args) == 2
              and is_real_number(f.args[1]) and to_py(f.args[1]) < 0):
            exp = from_py(-to_py(f.args[1]))
            down.append(f.args[0] if exp == ONE else Expr(S.Power, f.args[0], exp))
        else:
            up.append(f)
    return up, down


def _product(ev, factors):
    if not factors:
        return ONE
    if len(factors) == 1:
        return factors[0]
    return ev.evaluate(Expr.from_args(S.Times, factors))


@builtin(argc=1, attributes=("Listable", "Protected"),
         usage="Numerator[expr] gives the numerator of expr.",
         examples=(("Numerator[2/3]", "2"), ("Numerator[a/b]", "a")))
def Numerator(ev, e):
    return _product(ev, _numerator_denominator(e)[0])


@builtin(argc=1, attributes=("Listable", "Protected"),
         usage="Denominator[expr] gives the denominator of expr.",
         examples=(("Denominator[2/3]", "3"), ("Denominator[a/b^2]", "b^2")))
def Denominator(ev, e):
    return _product(ev, _numerator_denominator(e)[1])


# ---------------------------------------------------------------------------- digits

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _digits(ev, n: int, base: int) -> list[int] | None:
    """The digits of abs(n) in base (abortable), or None after General::ovfl/nomem when
    the conversion (quadratic for a base that is neither 10 nor a power of two) or the
    list would be too large."""
    quick = base == 10 or base & (base - 1) == 0
    if not quick and not quadratic_affordable(n, n):
        ev.message(S.General, "ovfl")
        return None
    if not affordable(ev, abs(n).bit_length() // max(1, base.bit_length() - 1)):
        return None
    return digits_of(n, base, ev.check_abort)


def _integer_from_digits(ev, values: list, base: int):
    """FromDigits of integer digits in an integer base: divide and conquer, abortable; a
    result too large to build in reasonable time is General::ovfl (None)."""
    if len(values) * max(1, abs(base).bit_length()) > FROM_DIGITS_BITS:
        ev.message(S.General, "ovfl")
        return None
    return from_digits(values, base, ev.check_abort)


def _fit(digits: list, length: int | None, pad) -> list:
    """Pad on the left with ``pad`` or keep only the last ``length`` digits."""
    if length is None:
        return digits
    if len(digits) >= length:
        return digits[len(digits) - length:]
    return [pad] * (length - len(digits)) + digits


def _base_and_length(ev, name, args):
    """(base, length) from the optional arguments, or None after a message."""
    base, length = 10, None
    if len(args) >= 1:
        if type(args[0]) is not Integer or args[0].value < 2:
            ev.message(Symbol(name), "ibase", args[0])
            return None
        base = args[0].value
    if len(args) >= 2:
        if type(args[1]) is not Integer or args[1].value < 0:
            return None
        length = args[1].value
    return base, length


@builtin(argc=(1, 3), attributes=("Listable", "Protected"),
         usage="IntegerDigits[n] gives the list of decimal digits of n; IntegerDigits[n, b] "
               "the digits in base b; IntegerDigits[n, b, len] pads with zeros on the left "
               "to length len.",
         examples=(("IntegerDigits[1234]", "{1, 2, 3, 4}"),
                   ("IntegerDigits[6, 2, 5]", "{0, 0, 1, 1, 0}")),
         messages={"ibase": "Base `1` is not an integer greater than 1."})
def IntegerDigits(ev, n, *rest):
    if type(n) is not Integer:
        return None
    spec = _base_and_length(ev, "IntegerDigits", rest)
    if spec is None:
        return None
    base, length = spec
    digits = _digits(ev, n.value, base)
    if digits is None:
        return None
    return Expr.from_args(S.List, (Integer(d) for d in _fit(digits, length, 0)))


@builtin(argc=(1, 3), attributes=("Listable", "Protected"),
         usage="IntegerString[n] gives the decimal digits of the integer n as a string; "
               "IntegerString[n, b] in base b; IntegerString[n, b, len] padded with zeros "
               "to length len.",
         examples=(("IntegerString[255, 16]", "\"ff\""), ("IntegerString[7, 2, 5]", "\"00111\"")),
         messages={"ibase": "Base `1` is not an integer between 2 and 36."})
def IntegerString(ev, n, *rest):
    if type(n) is not Integer:
        return None
    if not rest:                          # the common case (the seed's makeRule): decimal
        return String(decimal_text(abs(n.value), ev.check_abort))
    spec = _base_and_length(ev, "IntegerString", rest)
    if spec is None:
        return None
    base, length = spec
    if base > 36:
        ev.message(S.IntegerString, "ibase", rest[0])
        return None
    digits = _digits(ev, n.value, base)
    if digits is None:
        return None
    text = "".join(_DIGITS[d] for d in digits)
    if length is not None:
        text = text[-length:] if length else ""
        text = text.rjust(length, "0")
    return String(text)


# ---------------------------------------------------------------------------- RealDigits

_MAX_CYCLE = 10 ** 6                     # recurring digits beyond this: refused (ovfl)


def _leading_exponent(x: Fraction, base: int) -> int:
    """e with base^(e-1) <= x < base^e, for x > 0."""
    e = len(digits_of(x.numerator // x.denominator, base)) if x >= 1 else 0
    if x < 1:
        while x * Fraction(base) ** (-e + 1) < 1:
            e -= 1
    return e


def _approximate_digits(x: Fraction, base: int, count: int, rounded: bool):
    """The first ``count`` digits of x > 0 (``rounded`` at the last, else cut), and the
    exponent."""
    e = _leading_exponent(x, base)
    cut = round if rounded else math.floor
    scaled = cut(x * Fraction(base) ** (count - e))
    if scaled >= base ** count:                # rounding carried into a new digit
        e += 1
        scaled = cut(x * Fraction(base) ** (count - e))
    return _fit(digits_of(scaled, base), count, 0), e


def _exact_digits(x: Fraction, base: int, length: int | None):
    """The digits of x > 0 exactly: a list ending, when they recur, in the list of the
    recurring digits (1/6 → [1, [6]]), and the exponent; None when the cycle is too long."""
    e = _leading_exponent(x, base)
    y = x * Fraction(base) ** -e                # in [1/base, 1)
    r, q = y.numerator, y.denominator
    digits, seen = [], {}
    while r and (length is None or len(digits) < length):
        if length is None and r in seen:
            start = seen[r]
            return digits[:start] + [digits[start:]], e
        if len(digits) > _MAX_CYCLE:
            return None
        seen[r] = len(digits)
        r *= base
        digits.append(r // q)
        r %= q
    # a terminating expansion: the zeros up to the point are digits too (1200 → 1, 2, 0, 0)
    digits += [0] * ((length if length is not None else e) - len(digits))
    return digits, e


def _digit_list(digits) -> Expr:
    return Expr.from_args(S.List, (_digit_list(d) if isinstance(d, list) else Integer(d)
                                   for d in digits))


@builtin(argc=(1, 3), attributes=("Listable", "Protected"),
         usage="RealDigits[x] gives {digits, e}: the decimal digits of the real number x and "
               "the number of them before the decimal point; RealDigits[x, b] in base b; "
               "RealDigits[x, b, len] the first len digits.  Recurring digits of a rational "
               "number are a list at the end.",
         examples=(("RealDigits[123.45]", "{{1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "
                                          "0}, 3}"),
                   ("RealDigits[1/6]", "{{1, {6}}, 0}"),
                   ("RealDigits[N[Pi, 20]]", "{{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, "
                                             "3, 2, 3, 8, 5}, 1}"),
                   ("RealDigits[5, 2]", "{{1, 0, 1}, 3}")),
         messages={"rbase": "Base `1` is not an integer greater than 1.",
                   "ndig": "RealDigits of `1` needs the number of digits to give: `1` has "
                           "no end."})
def RealDigits(ev, x, *rest):
    v = to_py(x)
    if v is None and is_numeric(x):               # Pi: as many digits as asked for
        if len(rest) < 2:
            ev.message(S.RealDigits, "ndig", x)
            return None
        v = to_py(ev.evaluate(Expr(S.N, x, Integer(abs(to_py(rest[1]) or 0) + 20))))
    if v is None or type(v) in (complex, ExactComplex):
        return None
    base, length = 10, None
    if rest:
        if type(rest[0]) is not Integer or rest[0].value < 2:
            ev.message(S.RealDigits, "rbase", rest[0])
            return None
        base = rest[0].value
    if len(rest) == 2:
        if type(rest[1]) is not Integer or rest[1].value < 1:
            return None
        length = rest[1].value
    if v == 0:
        return Expr(S.List, Expr(S.List, ZERO), ONE)
    magnitude = abs(v.to_fraction() if type(v) is BigFloat else Fraction(v))
    if type(v) in (float, BigFloat):
        precision = MACHINE_PRECISION if type(v) is float else v.prec
        count = length or max(int(round(precision / math.log10(base))), 1)
        digits, e = _approximate_digits(magnitude, base, count, rounded=length is None)
    else:
        if not affordable(ev, length or 1):
            return None
        found = _exact_digits(magnitude, base, length)
        if found is None:
            ev.message(S.General, "ovfl")
            return None
        digits, e = found
    return Expr(S.List, _digit_list(digits), Integer(e))


def _digits_with_exponent(spec, base):
    """FromDigits[{digits, n}] (what RealDigits gives): the digits are those of
    0.d1 d2 … times base^n, a trailing list among them recurring without end
    ({{1, 4, 2, 8, 5, 7}}, 0 is 1/7); None for any other form."""
    if len(spec.args) != 2 or type(spec.args[1]) is not Integer or \
            type(spec.args[0]) is not Expr or spec.args[0].head is not S.List or \
            type(base) is not Integer or base.value < 2:
        return None
    items, b = list(spec.args[0].args), base.value
    recurring = []
    if items and type(items[-1]) is Expr and items[-1].head is S.List:
        recurring = list(items.pop().args)
    if not all(type(d) is Integer for d in items + recurring) or not (items or recurring):
        return None

    def number(ds):
        total = 0
        for d in ds:
            total = total * b + d.value
        return total
    fraction = Fraction(number(items), b ** len(items))
    if recurring:
        fraction += Fraction(number(recurring), b ** len(recurring) - 1) / b ** len(items)
    return from_py(normalize(fraction * Fraction(b) ** spec.args[1].value))


@builtin(argc=(1, 2), attributes=("Protected",),
         usage="FromDigits[list] constructs an integer from the list of its decimal digits; "
               "FromDigits[list, b] takes the digits to be in base b; FromDigits[\"string\"] "
               "reads the digits of a string.",
         examples=(("FromDigits[{1, 2, 3}]", "123"), ("FromDigits[\"ff\", 16]", "255"),
                   ("FromDigits[{1, 0, 1}, 2]", "5")),
         messages={"nlst": "The expression `1` is not a list of digits or a string of "
                           "valid digits."})
def FromDigits(ev, digits, base=Integer(10)):
    if type(digits) is String:
        if type(base) is not Integer or not 2 <= base.value <= 36:
            return None
        text = digits.value.strip().lower()
        values = []
        for ch in text:
            d = _DIGITS.find(ch)
            if d < 0:
                ev.message(S.FromDigits, "nlst", digits)
                return None
            values.append(d)
        total = _integer_from_digits(ev, values, base.value)
        return None if total is None else Integer(total)
    if type(digits) is not Expr or digits.head is not S.List:
        return None
    mantissa = _digits_with_exponent(digits, base)
    if mantissa is not None:
        return mantissa
    b = to_py(base)
    if type(b) is int and len(digits.args) * max(1, abs(b).bit_length()) > FROM_DIGITS_BITS:
        # refused before the digits are looked at: a packed list of 10^7 digits is not
        # turned into 10^7 expressions only to be refused
        ev.message(S.General, "ovfl")
        return None
    if b is not None and type(b) is not complex and all(type(d) is Integer for d in digits.args):
        if type(b) is int:
            total = _integer_from_digits(ev, [d.value for d in digits.args], b)
            return None if total is None else Integer(total)
        total = 0
        for d in digits.args:
            total = total * b + d.value
        return from_py(normalize(total) if not isinstance(total, float) else total)
    # symbolic digits or base: Horner's scheme left to Plus and Times
    total = ZERO
    for d in digits.args:
        total = Expr(S.Plus, Expr(S.Times, base, total), d)
    return ev.evaluate(total)
