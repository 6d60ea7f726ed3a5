"""The Wolfram Language's canonical order of expressions (Sort, OrderedQ, Orderless).

Classes come first, in this order:

1. numbers, by value (real part, then imaginary part); on a tie an exact number comes
   before an inexact one (``Sort[{1., 1}]`` is ``{1, 1.}``);
2. strings, alphabetically ignoring case, then lowercase before uppercase at the first
   letter that differs (``{"a", "A", "b"}``);
3. numeric constants and numeric expressions (``Pi``, ``Sqrt[2]``), then powers of a number
   to a symbolic exponent (``2^x``, ``E^-x``), ordered by base: WL writes ``E^x x`` and
   ``E^-x (2 + 2 x + x^2)``;
4. symbols and monomials (``x``, ``x^2``, ``x y``), compared by their variables and
   exponents so that ``x < x^2 < x^3 < y`` as in ``x + x^2 + y``, equal ones by coefficient
   (``-x < x < 2 x``);
5. other normal expressions: by head, then by length, then argument by argument.

``compare(a, b)`` returns -1, 0 or 1; ``canonical_key`` wraps it for ``sorted``.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cmp_to_key

import numpy as np

from wlnet.core.expr import Complex, Expr, Integer, Rational, Real, S, String, Symbol
from wlnet.core.packed import packed_array

__all__ = ["compare", "canonical_key", "sort_canonical", "is_ordered", "string_key"]

_NUMBER, _STRING, _NUMERIC_EXPR, _EXPONENTIAL, _MONOMIAL, _GENERAL = 0, 1, 2, 3, 4, 5

# Symbols that stand for numbers (their N-values are defined by the arithmetic line).
NUMERIC_CONSTANTS = frozenset(("Pi", "E", "EulerGamma", "GoldenRatio", "Degree", "Catalan",
                               "Khinchin", "Glaisher"))


def string_key(s: str) -> tuple[str, str]:
    """Alphabetical order of strings and symbol names (see module docstring)."""
    return (s.lower(), s.swapcase())


def _real_value(e):
    t = type(e)
    if t is Integer or t is Real:
        return e.value
    if t is Rational:
        return Fraction(e.numerator, e.denominator)
    return 0


def _number_key(e):
    """(real part, imaginary part, inexact?) of a number atom."""
    t = type(e)
    if t is Complex:
        inexact = type(e.re) is Real or type(e.im) is Real
        return (_real_value(e.re), _real_value(e.im), 1 if inexact else 0)
    return (_real_value(e), 0, 1 if t is Real else 0)


def _is_numeric(e) -> bool:
    t = type(e)
    if t is Integer or t is Real or t is Rational or t is Complex:
        return True
    if t is Symbol:
        return e.name in NUMERIC_CONSTANTS
    if t is Expr:
        h = e.head
        return (type(h) is Symbol and h.name in _NUMERIC_HEADS
                and all(_is_numeric(a) for a in e.args))
    return False


_NUMERIC_HEADS = frozenset((
    "Plus", "Times", "Power", "Sqrt", "Exp", "Log", "Sin", "Cos", "Tan", "Tanh", "ArcTan",
    "Abs", "Sinh", "Cosh", "ArcSin", "ArcCos", "Floor", "Ceiling", "Round", "Mod",
))


def _monomial(e) -> dict | None:
    """Variables → exponents of a symbol, ``sym^number`` or a product of those (numbers in a
    product are coefficients and ignored); None when ``e`` is not a monomial."""
    t = type(e)
    if t is Symbol:
        return {string_key(e.name): 1}
    if t is not Expr:
        return None
    h = e.head
    if h is S.Power and len(e.args) == 2:
        base, exp = e.args
        if type(base) is Symbol and type(exp) in (Integer, Rational, Real):
            return {string_key(base.name): _real_value(exp)}
        return None
    if h is S.Times:
        exps: dict = {}
        for a in e.args:
            if type(a) in (Integer, Rational, Real, Complex):
                continue
            m = _monomial(a)
            if m is None or type(a) is Expr and a.head is S.Times:
                return None
            for var, power in m.items():
                exps[var] = exps.get(var, 0) + power
        return exps or None
    return None


def _coefficient(e):
    """The real numeric factor of a monomial (1 for a symbol or a power)."""
    if type(e) is Expr and e.head is S.Times and e.args and \
            type(e.args[0]) in (Integer, Rational, Real):
        return _real_value(e.args[0])
    return 1


def _compare_monomials(a: dict, b: dict) -> int:
    """Order of two monomials: cancel common powers, then compare what is left variable by
    variable (a smaller exponent first on the last variable, a bigger one before that)."""
    a, b = dict(a), dict(b)
    for var in list(a):
        if var in b:
            common = min(a[var], b[var])
            a[var] -= common
            b[var] -= common
            if not a[var]:
                del a[var]
            if not b[var]:
                del b[var]
    la, lb = sorted(a.items()), sorted(b.items())
    for i in range(max(len(la), len(lb))):
        if i >= len(la):
            return -1
        if i >= len(lb):
            return 1
        (va, ea), (vb, eb) = la[i], lb[i]
        if va != vb:
            return -1 if va < vb else 1
        if ea != eb:
            last = i + 1 == len(la) or i + 1 == len(lb)
            smaller_first = -1 if ea < eb else 1
            return smaller_first if last else -smaller_first
    return 0


def _class_of(e) -> int:
    t = type(e)
    if t is Integer or t is Real or t is Rational or t is Complex:
        return _NUMBER
    if t is String:
        return _STRING
    if _is_numeric(e):
        return _NUMERIC_EXPR
    if t is Expr and e.head is S.Power and len(e.args) == 2 and _is_numeric(e.args[0]):
        return _EXPONENTIAL
    if _monomial(e) is not None:
        return _MONOMIAL
    return _GENERAL


def _cmp(x, y) -> int:
    return -1 if x < y else (1 if x > y else 0)


def _compare_general(a, b) -> int:
    """Head, then length, then arguments in order; atoms inside compare by class."""
    ta, tb = type(a), type(b)
    if ta is not Expr or tb is not Expr:
        if ta is Expr:
            return 1
        if tb is Expr:
            return -1
        return _compare_raw_atoms(a, b)
    c = compare(a.head, b.head)
    if c:
        return c
    c = _cmp(len(a.args), len(b.args))
    if c:
        return c
    pa, pb = packed_array(a), packed_array(b)
    if pa is not None and pb is not None and pa.shape == pb.shape and pa.dtype == pb.dtype \
            and pa.dtype.kind != "c":
        return _compare_arrays(pa, pb)
    for x, y in zip(a.args, b.args):
        c = compare(x, y)
        if c:
            return c
    return 0


def _compare_raw_atoms(a, b) -> int:
    """Two atoms of no class of their own (Image, NumericArray, Audio…): by kind, then by
    the expression each stands for (Image[NumericArray[…], …]), so that a sum or a sorted
    list of them has one order."""
    c = _cmp(type(a).__name__, type(b).__name__)
    if c or a == b:
        return c
    form_a, form_b = getattr(a, "to_expr_form", None), getattr(b, "to_expr_form", None)
    if form_a is not None and form_b is not None:
        fa, fb = form_a(), form_b()
        if type(fa) is Expr and type(fb) is Expr:
            return _compare_general(fa, fb)
    return _cmp(repr(a), repr(b)) or _cmp(hash(a), hash(b))


def compare(a, b) -> int:
    """-1 when ``a`` comes before ``b`` in canonical order, 1 when after, 0 when equal."""
    if a is b:
        return 0
    ca, cb = _class_of(a), _class_of(b)
    if ca != cb:
        return -1 if ca < cb else 1
    if ca == _NUMBER:
        return _cmp(_number_key(a), _number_key(b))
    if ca == _STRING:
        return _cmp(string_key(a.value), string_key(b.value))
    if ca == _MONOMIAL:
        c = _compare_monomials(_monomial(a), _monomial(b))
        if c:
            return c
        # equal monomials: by coefficient (-x, x, 2 x, as WL sorts them), then a bare
        # symbol first, then by structure
        c = _cmp(_coefficient(a), _coefficient(b))
        if c:
            return c
        if type(a) is Symbol or type(b) is Symbol:
            if type(a) is Symbol and type(b) is Symbol:
                return _cmp(string_key(a.name), string_key(b.name))
            return -1 if type(a) is Symbol else 1
        return _compare_general(a, b)
    if type(a) is Symbol and type(b) is Symbol:
        return _cmp(string_key(a.name), string_key(b.name))
    return _compare_general(a, b)


def _compare_arrays(a, b) -> int:
    """Two packed arrays of one shape and real type, element by element in order (what the
    loop above does, without building the elements)."""
    differ = np.flatnonzero(a.reshape(-1) != b.reshape(-1))
    if not differ.size:
        return 0
    i = differ[0]
    return -1 if a.reshape(-1)[i] < b.reshape(-1)[i] else 1


canonical_key = cmp_to_key(compare)


def sort_canonical(items) -> list:
    """``items`` sorted in canonical order (stable)."""
    items = list(items)
    if all(type(x) is Integer for x in items):          # the common case, fast
        return sorted(items, key=lambda x: x.value)
    if all(type(x) is String for x in items):
        return sorted(items, key=lambda x: string_key(x.value))
    return sorted(items, key=canonical_key)


def is_ordered(items) -> bool:
    return all(compare(x, y) <= 0 for x, y in zip(items, items[1:]))
