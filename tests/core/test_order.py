"""Canonical order (Sort, OrderedQ, Orderless)."""

from __future__ import annotations

import pytest

from tests.core._support import parse
from wlnet.core.expr import Integer, Real, String, S
from wlnet.core.order import canonical_key, compare, is_ordered, sort_canonical

ORDERED = [
    # numbers by value, exact before inexact on ties
    ("-1", "0"), ("1", "1."), ("1/2", "1"), ("0.5", "1"), ("-2.5", "1/3"),
    # numbers before strings before symbols before normal expressions
    ("100", "\"a\""), ("\"z\"", "a"), ("z", "f[a]"),
    # strings and symbols alphabetically, lowercase first on ties
    ("\"a\"", "\"B\""), ("\"a\"", "\"A\""), ("\"A\"", "\"b\""), ("\"ab\"", "\"b\""),
    ("a", "B"), ("a", "A"), ("x", "y"),
    # monomials: x < x^2 < x^3 < y
    ("x", "x^2"), ("x^2", "x^3"), ("x^3", "y"), ("x", "2 x"),
    # equal monomials by coefficient: -x < x < 2 x (WL's Sort[{2 x, x, -x}])
    ("-x", "x"), ("-2 x", "-x"),
    # a number to a symbolic power after the numeric expressions, before symbols and sums:
    # WL writes E^x x, E^-x (2 + 2 x + x^2), 2^x E^x
    ("Sqrt[2]", "E^x"), ("E^x", "x"), ("2^x", "E^x"), ("E^x", "a + b"), ("E^x", "Sin[x]"),
    # products from their last factor back: WL writes b c + a d, x + y + x y, x^2 + x y
    ("b c", "a d"), ("y", "x y"), ("x y", "z"), ("x^2", "x y"), ("x^2 y", "x y^2"),
    ("y", "x z"), ("x", "Pi x"),
    # sums from their last term back: x (1 + x), (1 + x) Log[x], b + c before a + d
    ("x", "1 + x"), ("1 + x", "Log[x]"), ("b + c", "a + d"), ("a + b", "c"),
    ("c", "a + b + c"), ("a + b + c", "a + d"),
    # powers by base, then exponent: 1/x, Sqrt[x], x, x^2
    ("1/x", "Sqrt[x]"), ("Sqrt[x]", "x"), ("x^2", "f[x]"), ("x^n", "y"),
    # normal expressions: head, then length, then arguments
    ("f[a]", "g[a]"), ("f[a]", "f[a, b]"), ("f[a, b]", "f[a, c]"), ("f[1]", "f[a]"),
]


@pytest.mark.parametrize("a,b", ORDERED)
def test_pairs_in_order(a, b):
    x, y = parse(a), parse(b)
    if x.head in (S.Times, S.Power, S.Plus, S.Sqrt):    # let 1/2, 2 x evaluate
        from wlnet.core.session import Session
        x = Session(echo=False).evaluator.run(x)
    if y.head in (S.Times, S.Power, S.Plus, S.Sqrt):
        from wlnet.core.session import Session
        y = Session(echo=False).evaluator.run(y)
    assert compare(x, y) == -1
    assert compare(y, x) == 1
    assert compare(x, x) == 0


def test_sort_helpers_agree():
    items = [String("b"), Integer(3), S.x, Real(1.5), String("A"), Integer(-2)]
    ordered = sort_canonical(items)
    assert ordered == sorted(items, key=canonical_key)
    assert ordered == [Integer(-2), Real(1.5), Integer(3), String("A"), String("b"), S.x]
    assert is_ordered(ordered)
    assert not is_ordered(items)


def test_fast_paths_match_general_order():
    ints = [Integer(v) for v in (5, -1, 3, 0)]
    assert sort_canonical(ints) == sorted(ints, key=canonical_key)
    strs = [String(v) for v in ("b", "B", "a", "A", "ab")]
    assert sort_canonical(strs) == sorted(strs, key=canonical_key)


def test_rows_of_numbers_sort_as_the_general_order_does():
    """Data rows take a key of their own (lengths, values, exact before inexact on a tie):
    it must give compare's order, ties and mixed exactness included, packed rows too."""
    import random
    from wlnet.core.expr import Expr
    from wlnet.core.packed import to_packed
    rng = random.Random(7)

    def number():
        v = rng.choice((0, 1, 2, -1))
        return Real(float(v)) if rng.random() < 0.4 else Integer(v)

    for _ in range(30):
        rows = []
        for _ in range(rng.randint(2, 25)):
            row = Expr.from_args(S.List, [number() for _ in range(rng.randint(1, 3))])
            rows.append(to_packed(row) if rng.random() < 0.3 else row)
        assert sort_canonical(rows) == sorted(rows, key=canonical_key)
        assert [id(r) for r in sort_canonical(rows)] == \
            [id(r) for r in sorted(rows, key=canonical_key)]      # stable as well


def test_products_print_in_wl_order():
    """What the order shows: Gamma[3, x] as WL prints it, and the forms it is known by."""
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    session = Session(echo=False)
    shown = {text: output_form(session.evaluate(text)) for text in (
        "Gamma[3, x]", "D[x E^x, x]", "Exp[x] + Exp[-x]", "(1 + x) 2^x", "Sort[{2 x, x, -x}]",
        "a d + b c", "Expand[(1 + x + y)^2]", "Expand[(a + b + c + d)^2]", "x + Sqrt[x] + 1/x",
        "Det[{{a, b}, {c, d}}]", "FromDigits[{a, b, c, d}]", "(1 + x) Log[x]")}
    assert shown == {"Gamma[3, x]": "E^(-x) (2 + 2 x + x^2)", "D[x E^x, x]": "E^x + E^x x",
                     "Exp[x] + Exp[-x]": "E^(-x) + E^x", "(1 + x) 2^x": "2^x (1 + x)",
                     "Sort[{2 x, x, -x}]": "{-x, x, 2 x}",
                     "a d + b c": "b c + a d",
                     "Expand[(1 + x + y)^2]": "1 + 2 x + x^2 + 2 y + 2 x y + y^2",
                     "Expand[(a + b + c + d)^2]": "a^2 + 2 a b + b^2 + 2 a c + 2 b c + c^2 + "
                                                  "2 a d + 2 b d + 2 c d + d^2",
                     "x + Sqrt[x] + 1/x": "1/x + Sqrt[x] + x",
                     "Det[{{a, b}, {c, d}}]": "-b c + a d",
                     "FromDigits[{a, b, c, d}]": "10 (10 (10 a + b) + c) + d",
                     "(1 + x) Log[x]": "(1 + x) Log[x]"}


def test_raw_atoms_of_one_kind_have_an_order():
    # two images (or numeric arrays) in a sum or a list used to compare forever
    import numpy as np
    from wlnet.core.image import Image
    from wlnet.core.numeric_array import NumericArray
    a, b = NumericArray(np.array([1, 2], np.uint8), "UnsignedInteger8"), \
        NumericArray(np.array([2], np.uint8), "UnsignedInteger8")
    assert compare(a, b) == -compare(b, a) != 0 and compare(a, a) == 0
    i, j = Image(np.zeros((1, 1, 1), np.float32), "Real32"), Image(np.ones((1, 1, 1), np.float32), "Real32")
    assert compare(i, j) == -compare(j, i) != 0
    assert sort_canonical([j, i]) == sort_canonical([i, j])


def test_an_integer_and_a_real_packed_array_compare_as_their_elements_do():
    """Mixed integer and real packed arrays of one shape are compared without making their
    elements (Plus of Sin[0.001 i] and i^2 over 10^5 values sorted its two terms by
    walking both): the same answer as the element-by-element comparison."""
    import numpy as np
    from wlnet.core.order import compare
    from wlnet.core.packed import pack, unpack
    rng = np.random.default_rng(1)
    for trial in range(600):
        shape = (int(rng.integers(1, 4)),) if trial % 2 else (2, int(rng.integers(1, 3)))
        a = rng.integers(-3, 4, size=shape)
        b = a.astype(float) if trial % 3 == 0 else rng.integers(-3, 4, size=shape).astype(float)
        if trial % 5 == 0:
            b.reshape(-1)[-1] += 0.5
        for x, y in ((pack(a), pack(b)), (pack(b), pack(a))):
            assert compare(x, y) == compare(unpack(x), unpack(y)), (x, y)


def test_numbers_compare_by_machine_value_as_exactly():
    """compare's machine-value shortcut for reals and rationals gives the exact order
    (values a rounding apart, ties between exact and inexact, huge rationals)."""
    import itertools
    from fractions import Fraction
    from wlnet.core.expr import Rational
    from wlnet.core.order import _number_key

    numbers = [Integer(1), Real(1.0), Rational(1, 3), Real(1 / 3), Rational(-1, 3),
               Real(-1 / 3), Rational(10 ** 400 + 1, 3), Real(1e300), Integer(10 ** 400),
               Rational(1, 10 ** 400), Real(5e-324), Real(0.0), Integer(0),
               Rational(7, 3), Real(7 / 3)]
    for a, b in itertools.product(numbers, repeat=2):
        ka, kb = _number_key(a), _number_key(b)
        exact = -1 if ka < kb else (1 if ka > kb else 0)
        assert compare(a, b) == exact, (a, b)
    assert Fraction(1, 3) != Fraction(1 / 3)        # the tie case above is a real one
