"""The Wolfram Language's canonical order of expressions (Sort, OrderedQ, Orderless).

Classes come first, in this order:

1. numbers, by value (real part, then imaginary part); on a tie an exact number comes
   before an inexact one (``Sort[{1., 1}]`` is ``{1, 1.}``);
2. strings, alphabetically ignoring case, then lowercase before uppercase at the first
   letter that differs (``{"a", "A", "b"}``);
3. numeric constants and numeric expressions (``Pi``, ``Sqrt[2]``), then powers of a number
   to a symbolic exponent (``2^x``, ``E^-x``), ordered by base: WL writes ``E^x x`` and
   ``E^-x (2 + 2 x + x^2)``;
4. symbols and other expressions.  A product is compared with anything as its factors
   from the last one back (a non-product is a product of one factor), numeric coefficients
   set aside and compared only on a tie (``-x < x < 2 x``), so that WL writes ``b c + a d``
   and ``x + y + x y``; a sum likewise by its terms from the last one back (``x (1 + x)``,
   ``(1 + x) Log[x]``); a power by base, then exponent (``x`` is ``x^1``: ``1/x < x <
   x^2 < y``); symbols alphabetically before other expressions, which go by head, then
   length, then argument by argument.

``compare(a, b)`` returns -1, 0 or 1; ``canonical_key`` wraps it for ``sorted``.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cmp_to_key

import numpy as np

from wlnet.core.expr import Complex, Expr, Integer, Rational, Real, S, String, Symbol
from wlnet.core.packed import packed_array

__all__ = ["compare", "canonical_key", "sort_canonical", "is_ordered", "string_key"]

_List = S.List
_NUMBER, _STRING, _NUMERIC_EXPR, _EXPONENTIAL, _SYMBOLIC = 0, 1, 2, 3, 4

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


def _float_of(e):
    """A machine number to compare ``e`` by (a rational correctly rounded), or None."""
    t = type(e)
    if t is Integer or t is Real:
        return e.value
    if t is Rational:
        try:
            return e.numerator / e.denominator
        except OverflowError:
            return None
    return None


def _compare_real_numbers(a, b):
    """The order of two real numbers without exact arithmetic where their machine values
    differ (rounding keeps the order: a sum of terms of Real and Rational numbers sorted
    this way is fast), or None when it cannot tell."""
    x, y = _float_of(a), _float_of(b)
    if x is None or y is None:
        return None
    try:
        if x != y:
            return -1 if x < y else 1
    except TypeError:                    # a value of another kind
        return None
    if type(a) is Rational or type(b) is Rational:
        return None                      # a rational a rounding away: exactly, by the key
    return _cmp(type(a) is Real, type(b) is Real)      # equal values: the exact one first


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


_NUMBER_TYPES = (Integer, Rational, Real, Complex)


def _compare_sequences_from_end(xs, ys) -> int:
    """Parts compared from the last one back; when one runs out first it comes first."""
    for x, y in zip(reversed(xs), reversed(ys)):
        c = compare(x, y)
        if c:
            return c
    return _cmp(len(xs), len(ys))


def _split_coefficient(e):
    """(numeric coefficient, other factors) of a product; anything else is one factor."""
    if type(e) is Expr and e.head is S.Times:
        args = e.args
        n = 0
        while n < len(args) and type(args[n]) in _NUMBER_TYPES:
            n += 1
        coefficient = args[0] if n == 1 else (Integer(1) if n == 0 else None)
        return coefficient, args[n:], n
    return Integer(1), (e,), 0


def _compare_products(a, b) -> int:
    """A product against anything (a non-product is a product of one factor): factors
    from the last one back, as WL writes ``b c + a d``; equal factors apart from the
    numbers, by coefficient (``-x < x < 2 x``); then a bare factor before a product."""
    ca, fa, na = _split_coefficient(a)
    cb, fb, nb = _split_coefficient(b)
    c = _compare_sequences_from_end(fa, fb)
    if c:
        return c
    if ca is not None and cb is not None:
        c = _cmp(_number_key(ca), _number_key(cb))
        if c:
            return c
    c = _cmp(na, nb)
    if c:
        return c
    return _compare_general(a, b)


def _terms(e):
    return e.args if type(e) is Expr and e.head is S.Plus else (e,)


def _compare_sums(a, b) -> int:
    """A sum against anything but a product (a non-sum is a sum of one term): terms from
    the last one back, as WL writes ``(1 + x) Log[x]`` and ``x (1 + x)``."""
    c = _compare_sequences_from_end(_terms(a), _terms(b))
    return c if c else _compare_general(a, b)


def _base_exponent(e):
    if type(e) is Expr and e.head is S.Power and len(e.args) == 2:
        return e.args
    return e, Integer(1)


def _compare_powers(a, b) -> int:
    """A power against a symbol or an expression (``x`` is ``x^1``): by base, then by
    exponent, so that ``x < x^2 < y`` and ``1/x < x``."""
    base_a, exp_a = _base_exponent(a)
    base_b, exp_b = _base_exponent(b)
    if base_a is a and base_b is b:         # two unevaluated Power[...] of other lengths
        return _compare_general(a, b)
    c = compare(base_a, base_b)
    if c:
        return c
    c = compare(exp_a, exp_b)
    return c if c else _compare_general(a, b)


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
    return _SYMBOLIC


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
    if pa is not None and pb is not None and pa.shape == pb.shape \
            and {pa.dtype.kind, pb.dtype.kind} == {"i", "f"}:
        return _compare_mixed_arrays(a, b, pa, pb)
    for x, y in zip(a.args, b.args):
        c = compare(x, y)
        if c:
            return c
    return 0


def _compare_symbolic(a, b) -> int:
    """Symbols and expressions: products, then sums, then powers compare by their parts
    as polynomial terms; other expressions by head, length and arguments."""
    ta, tb = type(a), type(b)
    if ta is Symbol and tb is Symbol:
        return _cmp(string_key(a.name), string_key(b.name))
    ha = a.head if ta is Expr else None
    hb = b.head if tb is Expr else None
    if ha is S.Times or hb is S.Times:
        return _compare_products(a, b)
    if ha is S.Plus or hb is S.Plus:
        return _compare_sums(a, b)
    if ha is S.Power or hb is S.Power:
        return _compare_powers(a, b)
    return _compare_general(a, b)


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
        fast = _compare_real_numbers(a, b)
        return fast if fast is not None else _cmp(_number_key(a), _number_key(b))
    if ca == _STRING:
        return _cmp(string_key(a.value), string_key(b.value))
    if ca == _SYMBOLIC:
        return _compare_symbolic(a, b)
    return _compare_general(a, b)


def _compare_arrays(a, b) -> int:
    """Two packed arrays of one shape and real type, element by element in order (what the
    loop above does, without building the elements)."""
    differ = np.flatnonzero(a.reshape(-1) != b.reshape(-1))
    if not differ.size:
        return 0
    i = differ[0]
    return -1 if a.reshape(-1)[i] < b.reshape(-1)[i] else 1


def _compare_mixed_arrays(a, b, pa, pb) -> int:
    """An integer and a real packed array of one shape, as the loop above compares them:
    the first elements decide unless they compare equal (then an integer and a real of one
    value compare equal everywhere), else the first elements whose values differ."""
    first = compare(_first_atom(a), _first_atom(b))
    if first:
        return first
    ints = pa if pa.dtype.kind == "i" else pb
    if ints.size and int(np.abs(ints).max()) >= 2 ** 53:
        return _compare_elements(a, b)       # not exact as doubles: element by element
    differ = np.flatnonzero(pa.reshape(-1).astype(np.float64) != pb.reshape(-1).astype(np.float64))
    if not differ.size:
        return 0
    i = differ[0]
    return -1 if pa.reshape(-1)[i] < pb.reshape(-1)[i] else 1


def _first_atom(e):
    while type(e) is Expr and e.args:
        e = e.args[0]
    return e


def _compare_elements(a, b) -> int:
    for x, y in zip(a.args, b.args):
        c = compare(x, y)
        if c:
            return c
    return 0


canonical_key = cmp_to_key(compare)


def sort_canonical(items) -> list:
    """``items`` sorted in canonical order (stable)."""
    items = list(items)
    if all(type(x) is Integer for x in items):          # the common case, fast
        return sorted(items, key=lambda x: x.value)
    if all(type(x) is String for x in items):
        return sorted(items, key=lambda x: string_key(x.value))
    keys = _number_rows_keys(items)
    if keys is not None:                                # rows of data, fast
        return [items[i] for i in sorted(range(len(items)), key=keys.__getitem__)]
    return sorted(items, key=canonical_key)


def _number_rows_keys(items) -> list | None:
    """Sort keys that give the canonical order of ``items`` when every item is a List of
    machine integers and reals (rows of data: ``Sort[{{2., 1}, {1, 5}}]``): by length,
    then element by element, each by value and an exact number before an equal inexact
    one.  None for anything else.  (Sorting rows through ``compare`` took ~20 us per
    comparison.)"""
    keys = []
    for x in items:
        if type(x) is not Expr or x._head is not _List:
            return None
        arr = packed_array(x)
        if arr is not None:
            if arr.ndim != 1 or arr.dtype.kind not in "if":
                return None
            inexact = 1 if arr.dtype.kind == "f" else 0
            keys.append((len(arr), tuple((v, inexact) for v in arr.tolist())))
            continue
        row = []
        for a in x._args:
            t = type(a)
            if t is Integer:
                row.append((a._value, 0))
            elif t is Real and type(a._value) is float:
                row.append((a._value, 1))
            else:
                return None
        keys.append((len(row), tuple(row)))
    return keys


def is_ordered(items) -> bool:
    return all(compare(x, y) <= 0 for x, y in zip(items, items[1:]))
