"""More mathematics: Sum and Product over iterators, vector norms, Variance and
StandardDeviation, Tr, IdentityMatrix and DiagonalMatrix, Binomial, PrimeQ and Prime.

Sum and Product take Table's iterators (control.py's iterator_values and bind) and add the
terms exactly (integers and rationals as Python Fractions); bounds that are not numbers
(``Sum[i, {i, n}]``) leave the call unevaluated, as closed forms are not attempted.
"""

from __future__ import annotations

import math
from fractions import Fraction

from wlnet.builtins._listutil import is_list, mklist, spoken_for, values_if_assoc
from wlnet.builtins.control import IteratorError, bind, iterator_values
from wlnet.builtins.numbers import from_py, is_number, to_py
from wlnet.core.bigint import BINOMIAL_BITS
from wlnet.core.bigreal import BigFloat, mp_apply
from wlnet.core.registry import builtin
from wlnet.core.expr import FALSE, TRUE, Complex, Expr, Integer, Rational, Real, S, String, Symbol

LIST = S.List
PLUS = S.Plus
TIMES = S.Times


# ============================================================================ Sum, Product

def _is_bound(e) -> bool:
    """A bound an iterator can count with: a real number (exact or machine)."""
    return type(e) in (Integer, Rational, Real)


def _numeric_spec(ev, spec):
    """``spec`` with its bounds evaluated, or None when a bound is not a number (or the
    number of steps is not: ``{i, a, a + 3}`` counts)."""
    if not is_list(spec):
        bound = ev.evaluate(spec)
        return bound if _is_bound(bound) else None
    args = spec.args
    if len(args) <= 1 or len(args) > 4:
        return spec                               # iterator_values issues the message
    bounds = [ev.evaluate(a) for a in args[1:]]
    if len(bounds) == 1 and is_list(bounds[0]):
        return Expr(LIST, args[0], bounds[0])
    if not all(_is_bound(b) for b in bounds):
        lo, hi = (Integer(1), bounds[0]) if len(bounds) == 1 else bounds[:2]
        step = bounds[2] if len(bounds) == 3 else Integer(1)
        difference = Expr(PLUS, hi, Expr(TIMES, Integer(-1), lo))
        steps = Expr(TIMES, difference, Expr(S.Power, step, Integer(-1)))
        span = ev.evaluate(Expr(S.Floor, steps))
        if type(span) is not Integer:
            return None
    return Expr.from_args(LIST, [args[0], *bounds])


class _Accumulator:
    """Adds (or multiplies) terms: exact numbers in a Fraction, the rest symbolically."""

    def __init__(self, ev, head):
        self.ev, self.head = ev, head
        self.exact = Fraction(0 if head is PLUS else 1)
        self.others: list = []

    def add(self, term) -> None:
        t = type(term)
        if t is Integer:
            v = term.value
        elif t is Rational:
            v = Fraction(term.numerator, term.denominator)
        else:
            self.others.append(term)
            if len(self.others) >= 256:            # keep memory bounded: fold as we go
                self.others = [self.ev.apply(self.head, *self.others)]
            return
        if self.head is PLUS:
            self.exact += v
        else:
            self.exact *= v

    def result(self):
        exact = from_py(self.exact if self.exact.denominator != 1 else self.exact.numerator)
        if not self.others:
            return exact
        return self.ev.apply(self.head, exact, *self.others)


class _SymbolicBounds(Exception):
    """An iterator's bounds are not numbers: the sum stays unevaluated."""


def _iterate(ev, body, specs, acc: _Accumulator, caller) -> None:
    spec = _numeric_spec(ev, specs[0])            # inside the outer iterators' bindings
    if spec is None:
        raise _SymbolicBounds()
    var, values = iterator_values(ev, spec, caller)
    rest = specs[1:]
    with bind(ev, var) as set_value:
        for v in values:
            if ev.abort_requested:
                ev.check_abort()
            set_value(v)
            if rest:
                _iterate(ev, body, rest, acc, caller)
            else:
                acc.add(ev.evaluate(body))


def _sum_or_product(ev, head, caller, body, specs):
    acc = _Accumulator(ev, head)
    try:
        _iterate(ev, body, specs, acc, caller)
    except (IteratorError, _SymbolicBounds):
        # symbolic or infinite bounds: a closed form, when SymPy finds one
        from wlnet.builtins.calculus import symbolic_sum
        return symbolic_sum(ev, head is TIMES, body, specs)
    return acc.result()


@builtin("Sum", argc=(2, None), attributes=("HoldAll", "Protected", "ReadProtected"),
         messages={"div": "Sum does not converge."},
         usage="Sum[f, {i, imax}] is the sum of f for i from 1 to imax; the iterators are "
               "Table's ({i, imin, imax}, {i, imin, imax, di}, {i, {values}}, several for a "
               "multiple sum).  Exact terms add exactly; symbolic or infinite bounds give a "
               "closed form where one is found (Sum[1/k^2, {k, Infinity}] is Pi^2/6).",
         examples=(("Sum[i, {i, 100}]", "5050"), ("Sum[1/i, {i, 4}]", "25/12"),
                   ("Sum[i j, {i, 2}, {j, 3}]", "18"), ("Sum[x^i, {i, 0, 2}]", "1 + x + x^2")))
def sum_(ev, body, *specs):
    return _sum_or_product(ev, PLUS, S.Sum, body, specs)


@builtin("Product", argc=(2, None), attributes=("HoldAll", "Protected", "ReadProtected"),
         usage="Product[f, {i, imax}] is the product of f for i from 1 to imax, with "
               "Table's iterators.",
         examples=(("Product[i, {i, 5}]", "120"), ("Product[1/i, {i, 3}]", "1/6"),
                   ("Product[x + i, {i, 2}]", "(1 + x) (2 + x)")))
def product(ev, body, *specs):
    return _sum_or_product(ev, TIMES, S.Product, body, specs)


# ============================================================================ norms

def _is_vector(e) -> bool:
    return is_list(e) and not any(is_list(x) for x in e.args)


def _abs_power_sum(ev, v, p):
    return ev.apply(PLUS, *(ev.apply(S.Power, ev.apply(S.Abs, x), p) for x in v.args))


def _is_infinity_spec(p) -> bool:
    return p == S.Infinity or (type(p) is Expr and p.head is S.DirectedInfinity
                               and p.args == (Integer(1),))


def _is_matrix(e) -> bool:
    return is_list(e) and bool(e.args) and all(_is_vector(r) and r.args for r in e.args) \
        and len({len(r.args) for r in e.args}) == 1


def _matrix_norm(ev, m, p):
    """Norm[m] (the largest singular value: Sqrt of the largest eigenvalue of m^H m, exact
    when it can be), Norm[m, 1] (the largest column sum of absolute values) and Norm[m,
    Infinity] (the largest row sum); None for a matrix that is not numeric or another p."""
    if not all(is_number(x) for r in m.args for x in r.args):
        return None
    rows = [list(r.args) for r in m.args]
    if p is None or p == Integer(2):
        if any(type(x) is Real or type(x) is Complex and type(x._re) is Real
               for r in rows for x in r):
            values = ev.evaluate(Expr(S.N, m))
            from wlnet.core.numeric_array import to_numpy_data
            array = to_numpy_data(values)
            if array is not None and array.ndim == 2:
                import numpy as np
                return Real(float(np.linalg.norm(array, 2)))
        gram = Expr(S.Dot, Expr(S.Transpose, Expr(Symbol("Conjugate"), m)), m)
        return ev.evaluate(Expr(S.Sqrt, Expr(S.Max, Expr(Symbol("Eigenvalues"), gram))))
    sums = None
    if p == Integer(1):
        sums = [Expr.from_args(PLUS, (Expr(S.Abs, r[j]) for r in rows))
                for j in range(len(rows[0]))]
    elif _is_infinity_spec(p):
        sums = [Expr.from_args(PLUS, (Expr(S.Abs, x) for x in r)) for r in rows]
    if sums is None:
        return None
    return ev.evaluate(Expr.from_args(S.Max, sums))


@builtin("Norm", argc=(1, 2), attributes=("Protected",),
         usage="Norm[v] is the Euclidean norm of the vector v (Abs of a number); Norm[v, p] "
               "the p-norm, Norm[v, Infinity] the largest absolute value; Norm[m, "
               "\"Frobenius\"] the Frobenius norm of a matrix.",
         examples=(("Norm[{3, 4}]", "5"), ("Norm[{1, -2, 2}, 1]", "5"),
                   ("Norm[{1, -3}, Infinity]", "3"), ("Norm[-2]", "2")),
         messages={"nvm": "The first Norm argument should be a scalar, vector or matrix.",
                   "ptype": "The second Norm argument `1` should be a number at least 1, "
                            "Infinity or \"Frobenius\"."})
def norm(ev, v, p=None):
    if is_number(v) and p is None:
        return ev.apply(S.Abs, v)
    if type(p) is String and p.value == "Frobenius":
        if not (is_list(v) and all(is_list(r) for r in v.args)) and not _is_vector(v):
            ev.message(S.Norm, "nvm")
            return None
        entries = [x for r in v.args for x in (r.args if is_list(r) else (r,))]
        return ev.apply(S.Sqrt, _abs_power_sum(ev, mklist(entries), Integer(2)))
    if _is_matrix(v):
        return _matrix_norm(ev, v, p)
    if not _is_vector(v):
        if type(v) is String:                  # a symbol may yet stand for a vector
            ev.message(S.Norm, "nvm")
        return None
    if not v.args:
        return Integer(0)
    if p is None:
        p = Integer(2)
    if _is_infinity_spec(p):
        return ev.apply(S.Max, *(ev.apply(S.Abs, x) for x in v.args))
    pv = to_py(p)
    bad_number = pv is not None and (type(pv) not in (int, Fraction, float) or pv < 1)
    if bad_number or type(p) is String:        # a symbolic p stays symbolic
        ev.message(S.Norm, "ptype", p)
        return None
    total = _abs_power_sum(ev, v, p)
    return ev.apply(S.Power, total, ev.apply(S.Power, p, Integer(-1)))


@builtin("Normalize", argc=(1, 2), attributes=("Protected",),
         usage="Normalize[v] is v divided by its Norm (a zero vector stays as it is); "
               "Normalize[z] is z/Abs[z] for a number; Normalize[expr, f] is expr/f[expr] "
               "for any norm function f (expr unchanged when f[expr] is zero).",
         examples=(("Normalize[{3, 4}]", "{3/5, 4/5}"), ("Normalize[{0, 0}]", "{0, 0}"),
                   ("Normalize[-5]", "-1"), ("Normalize[{1, 5, 2}, Max]", "{1/5, 1, 2/5}"),
                   ("Normalize[{{1, 2}, {3, 4}}, Total[#, 2] &]",
                    "{{1/10, 1/5}, {3/10, 2/5}}")))
def normalize(ev, v, f=None):
    if f is not None:
        # the norm function decides what it accepts: Normalize[m, Max] scales a matrix by
        # its largest entry, Normalize[v, Norm[#, 1] &] by its 1-norm
        n = ev.apply(f, v)
    elif not (_is_vector(v) or is_number(v)):
        return None
    else:
        n = norm(ev, v)
    if n is None:
        return None
    if n == Integer(0) or (type(n) is Real and n.value == 0.0):
        return v
    return ev.apply(TIMES, v, ev.apply(S.Power, n, Integer(-1)))


@builtin("VectorAngle", argc=2, attributes=("Protected",),
         usage="VectorAngle[u, v] is the angle between the vectors u and v in radians: "
               "ArcCos[u.v/(Norm[u] Norm[v])] (Indeterminate when either is zero).",
         examples=(("VectorAngle[{1, 0}, {0, 1}]", "Pi/2"),
                   ("VectorAngle[{-3, 0}, {-3, 4}]", "ArcCos[3/5]"),
                   ("VectorAngle[{1., 1.}, {1., 0.}]", "0.7853981633974483"),
                   ("VectorAngle[{0, 0}, {1, 2}]", "Indeterminate")))
def vector_angle(ev, u, v):
    if not (_is_vector(u) and _is_vector(v) and len(u.args) == len(v.args) and u.args):
        return None
    nu, nv = norm(ev, u), norm(ev, v)
    if Integer(0) in (nu, nv) or any(type(n) is Real and n.value == 0.0 for n in (nu, nv)):
        return S.Indeterminate
    # complex vectors: the numerator is u . Conjugate[v] (the angle may then be complex)
    if any(type(x) is Complex for x in v.args):
        v = ev.apply(S.Conjugate, v)
    cosine = ev.apply(TIMES, ev.apply(S.Dot, u, v), ev.apply(S.Power, ev.apply(TIMES, nu, nv),
                                                              Integer(-1)))
    return ev.apply(S.ArcCos, cosine)


# ============================================================================ statistics

def _variance_of(ev, items):
    values = [to_py(x) for x in items]
    n = len(items)
    if all(type(v) in (int, Fraction) for v in values):
        mean = Fraction(sum(values), n)
        return from_py(_simplest(sum((v - mean) ** 2 for v in values) / (n - 1)))
    if all(type(v) in (int, Fraction, BigFloat) for v in values):
        mean = sum(values) / n                    # bignums: significance arithmetic
        return from_py(sum((v - mean) * (v - mean) for v in values) / (n - 1))
    if all(type(v) in (int, Fraction, float, BigFloat) for v in values):
        values = [float(v) if type(v) is BigFloat else v for v in values]
        mean = math.fsum(values) / n
        # d * d, not d ** 2 (libm's pow): the packed-array form squares the same way
        return Real(math.fsum((v - mean) * (v - mean) for v in values) / (n - 1))
    mean = ev.apply(S.Mean, mklist(items))
    terms = []
    for x in items:
        d = ev.apply(PLUS, x, ev.apply(TIMES, Integer(-1), mean))
        terms.append(ev.apply(TIMES, d, ev.apply(S.Conjugate, d)))
    return ev.apply(TIMES, ev.apply(PLUS, *terms), from_py(_simplest(Fraction(1, n - 1))))


def _simplest(f: Fraction):
    return f.numerator if f.denominator == 1 else f


def _variance(ev, caller, data):
    data = values_if_assoc(data)
    if not is_list(data) or len(data.args) < 2:
        if not spoken_for(caller.name, data):
            ev.message(caller, "shlen", data)
        return None
    rows = data.args
    if all(is_list(r) for r in rows):             # a matrix: the variance of each column
        width = len(rows[0].args)
        if any(len(r.args) != width for r in rows):
            ev.message(caller, "rectt", data)
            return None
        return mklist(_variance_of(ev, [r.args[j] for r in rows]) for j in range(width))
    if any(is_list(r) for r in rows):
        ev.message(caller, "rectt", data)
        return None
    return _variance_of(ev, rows)


_STAT_MESSAGES = {"shlen": "The argument `1` should have at least two elements.",
                  "rectt": "Rectangular array expected at position 1 in `1`."}


@builtin("Variance", argc=1, attributes=("Protected",),
         usage="Variance[list] is the unbiased sample variance of the elements (divided by "
               "n - 1); for a matrix, the variance of each column.",
         examples=(("Variance[{1, 2, 3, 4}]", "5/3"), ("Variance[{{1, 2}, {3, 6}}]", "{2, 8}"),
                   ("Variance[{1., 2.}]", "0.5")),
         messages=_STAT_MESSAGES)
def variance(ev, data):
    return _variance(ev, S.Variance, data)


@builtin("StandardDeviation", argc=1, attributes=("Protected",),
         usage="StandardDeviation[list] is the square root of the Variance of list.",
         examples=(("StandardDeviation[{1, 2, 3}]", "1"),
                   ("StandardDeviation[{1, 2}]", "1/Sqrt[2]")),
         messages=_STAT_MESSAGES)
def standard_deviation(ev, data):
    v = _variance(ev, S.StandardDeviation, data)
    if v is None:
        return None
    if is_list(v):
        return mklist(ev.apply(S.Sqrt, x) for x in v.args)
    return ev.apply(S.Sqrt, v)


# ============================================================================ matrices

@builtin("Tr", argc=(1, 2), attributes=("Protected",),
         usage="Tr[m] is the trace of the matrix m (the sum of its diagonal; the sum of the "
               "elements of a vector); Tr[m, f] combines the diagonal with f instead of Plus.",
         examples=(("Tr[{{1, 2}, {3, 4}}]", "5"), ("Tr[{{a, b}, {c, d}}, List]", "{a, d}"),
                   ("Tr[{1, 2, 3}]", "6")))
def tr(ev, m, f=PLUS):
    if not is_list(m):
        return None
    if all(is_list(r) for r in m.args) and m.args:
        n = min(len(r.args) for r in m.args)
        diagonal = [m.args[i].args[i] for i in range(min(n, len(m.args)))]
    elif any(is_list(r) for r in m.args):
        return None
    else:
        diagonal = list(m.args)
    return Expr.from_args(f, diagonal)


def _size(e):
    if type(e) is Integer and e.value >= 0:
        return e.value
    return None


_MAX_MATRIX = 10 ** 7                     # elements: more is surely a mistake


@builtin("IdentityMatrix", argc=1, attributes=("Protected",),
         usage="IdentityMatrix[n] is the n×n identity matrix; IdentityMatrix[{m, n}] the "
               "m×n one.",
         examples=(("IdentityMatrix[2]", "{{1, 0}, {0, 1}}"),
                   ("IdentityMatrix[{2, 3}]", "{{1, 0, 0}, {0, 1, 0}}")),
         messages={"inn": "Argument `1` at position 1 is not a non-negative integer or a "
                          "list of two non-negative integers."})
def identity_matrix(ev, spec):
    if is_list(spec) and len(spec.args) == 2:
        rows, cols = _size(spec.args[0]), _size(spec.args[1])
    else:
        rows = cols = _size(spec)
    if rows is None or cols is None or rows * cols > _MAX_MATRIX:
        ev.message(S.IdentityMatrix, "inn", spec)
        return None
    one, zero = Integer(1), Integer(0)
    return mklist(mklist(one if i == j else zero for j in range(cols)) for i in range(rows))


@builtin("DiagonalMatrix", argc=(1, 2), attributes=("Protected",),
         usage="DiagonalMatrix[list] is the square matrix with list on its diagonal and 0 "
               "elsewhere; DiagonalMatrix[list, k] puts it on the k-th superdiagonal (k < 0: "
               "subdiagonal).",
         examples=(("DiagonalMatrix[{a, b}]", "{{a, 0}, {0, b}}"),
                   ("DiagonalMatrix[{a, b}, 1]", "{{0, a, 0}, {0, 0, b}, {0, 0, 0}}")))
def diagonal_matrix(ev, diagonal, k=Integer(0)):
    if type(diagonal) is Expr and diagonal.head == Symbol("SparseArray") and type(k) is Integer:
        # a sparse diagonal gives a sparse matrix, as WL builds a Hamiltonian's potential
        dense = diagonal_matrix(ev, ev.evaluate(Expr(S.Normal, diagonal)), k)
        return None if dense is None else ev.evaluate(Expr(Symbol("SparseArray"), dense))
    if not _is_vector(diagonal) or type(k) is not Integer:
        return None
    offset = k.value
    n = len(diagonal.args) + abs(offset)
    if n * n > _MAX_MATRIX:
        return None
    zero = Integer(0)
    rows = []
    for i in range(n):
        row = [zero] * n
        j = i + offset
        d = i if offset >= 0 else j
        if 0 <= j < n and 0 <= d < len(diagonal.args):
            row[j] = diagonal.args[d]
        rows.append(mklist(row))
    return mklist(rows)


# ============================================================================ combinatorics

def _binomial_bits(n: int, k: int) -> float:
    """log2 of n choose k (0 <= k <= n), from the Gamma function."""
    return (math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)) / math.log(2)


def _binomial_exact(n, k: int):
    """n (int or Fraction) choose the integer k >= 0: the falling factorial over k!."""
    if type(n) is int and n >= 0:
        return math.comb(n, k) if k <= n else 0
    num = Fraction(1)
    for i in range(k):
        num *= n - i
    return _simplest(num / math.factorial(k))


_MAX_BINOMIAL_K = 10 ** 6


@builtin("Binomial", argc=2, attributes=("Listable", "NumericFunction", "Protected"),
         usage="Binomial[n, k] is the binomial coefficient n choose k (exact for integer k; "
               "machine numbers through the Gamma function).",
         examples=(("Binomial[5, 2]", "10"), ("Binomial[-3, 2]", "6"), ("Binomial[5, 7]", "0"),
                   ("Binomial[1/2, 2]", "-1/8"), ("Binomial[n, 1]", "n")))
def binomial(ev, n, k):
    nv, kv = to_py(n), to_py(k)
    if type(kv) is int:
        if kv == 0:
            return Integer(1)
        if kv == 1 and nv is None:
            return n
        if type(nv) is int and 0 < kv < nv and _binomial_bits(nv, min(kv, nv - kv)) > BINOMIAL_BITS:
            ev.message(S.General, "ovfl")        # math.comb would run in C for minutes
            return None
        if type(nv) in (int, Fraction) and abs(kv) <= _MAX_BINOMIAL_K:
            if kv > 0:
                return from_py(_binomial_exact(nv, kv))
            if type(nv) is int and nv < 0 and kv <= nv:      # Binomial[n, n - k] then
                return from_py(_binomial_exact(nv, nv - kv))
            return Integer(0)
    if type(kv) is int and kv > 0 and type(nv) is float and kv <= _MAX_BINOMIAL_K:
        value = 1.0
        for i in range(kv):                       # the falling factorial, exactly rounded
            value = value * (nv - i) / (i + 1)
        return Real(value)
    if n == k and nv is None:
        return Integer(1)
    if (type(nv) is BigFloat or type(kv) is BigFloat) and \
            all(type(v) in (int, Fraction, BigFloat) for v in (nv, kv)):
        return _binomial_big(nv, kv)
    if type(nv) in (int, Fraction, float) and type(kv) in (int, Fraction, float) \
            and (type(nv) is float or type(kv) is float):
        return _binomial_real(float(nv), float(kv))
    return None


def _binomial_big(n, k):
    """Binomial of bignums through mpmath, the uncertainty of n and of k carried by the
    partial derivatives B (PolyGamma[n + 1] - PolyGamma[n - k + 1]) and
    B (PolyGamma[n - k + 1] - PolyGamma[k + 1])."""
    import mpmath as m
    parts = mp_apply(m.binomial,
                     (lambda a, b: m.binomial(a, b) * (m.digamma(a + 1) - m.digamma(a - b + 1)),
                      lambda a, b: m.binomial(a, b) * (m.digamma(a - b + 1) - m.digamma(b + 1))),
                     ((n, 0), (k, 0)))
    return from_py(parts[0]) if parts is not None and parts[1] == 0 else None


def _binomial_real(n: float, k: float):
    try:
        value = math.exp(math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1))
        sign = _gamma_sign(n + 1) * _gamma_sign(k + 1) * _gamma_sign(n - k + 1)
    except (ValueError, OverflowError):          # a pole of Gamma
        return None
    return Real(sign * value)


def _gamma_sign(x: float) -> int:
    if x > 0:
        return 1
    if x == math.floor(x):
        raise ValueError("pole")
    return -1 if math.floor(x) % 2 else 1


def _is_prime(n: int) -> bool:
    """Miller–Rabin, deterministic for n < 3.3·10^24 with these bases (and a strong
    probable-prime test beyond, as PrimeQ is in the Wolfram Language)."""
    n = abs(n)
    if n < 2:
        return False
    small = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41)
    for p in small:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for a in small:
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


@builtin("PrimeQ", argc=1, attributes=("Listable", "Protected"),
         usage="PrimeQ[n] is True when n is a prime number (or the negative of one), False "
               "otherwise.",
         examples=(("PrimeQ[7]", "True"), ("PrimeQ[1]", "False"), ("PrimeQ[-3]", "True"),
                   ("PrimeQ[2^61 - 1]", "True"), ("PrimeQ[x]", "False")))
def prime_q(ev, n):
    return TRUE if type(n) is Integer and _is_prime(n.value) else FALSE


_MAX_PRIME_INDEX = 2 * 10 ** 6
_sieved: list[int] = []


def _primes_up_to(count: int) -> list[int]:
    """The first ``count`` primes (a cached sieve, grown by doubling its limit)."""
    global _sieved
    if len(_sieved) >= count:
        return _sieved
    import numpy as np
    limit = max(100, int(count * (math.log(count + 2) + math.log(math.log(count + 3)) + 3)))
    sieve = np.ones(limit + 1, dtype=bool)
    sieve[:2] = False
    for p in range(2, math.isqrt(limit) + 1):
        if sieve[p]:
            sieve[p * p::p] = False
    _sieved = np.nonzero(sieve)[0].tolist()
    return _sieved


@builtin("Prime", argc=1, attributes=("Listable", "Protected"),
         usage="Prime[n] is the n-th prime number.",
         examples=(("Prime[1]", "2"), ("Prime[{1, 2, 3, 10}]", "{2, 3, 5, 29}"),
                   ("Prime[1000]", "7919")),
         messages={"intpp": "Positive integer argument expected in `1`.",
                   "largp": "Argument `1` in `2` is too large for this implementation."})
def prime(ev, n):
    if type(n) is not Integer or n.value < 1:
        if is_number(n):
            ev.message(S.Prime, "intpp", Expr(S.Prime, n))
        return None
    if n.value > _MAX_PRIME_INDEX:
        ev.message(S.Prime, "largp", n, Expr(S.Prime, n))
        return None
    return Integer(_primes_up_to(n.value)[n.value - 1])
