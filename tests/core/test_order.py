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
    # normal expressions: head, then length, then arguments
    ("f[a]", "g[a]"), ("f[a]", "f[a, b]"), ("f[a, b]", "f[a, c]"), ("f[1]", "f[a]"),
]


@pytest.mark.parametrize("a,b", ORDERED)
def test_pairs_in_order(a, b):
    x, y = parse(a), parse(b)
    if x.head is S.Times or x.head is S.Power:          # let 1/2, 2 x evaluate
        from wlnet.core.session import Session
        x = Session(echo=False).evaluator.run(x)
    if y.head is S.Times or y.head is S.Power:
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


def test_products_print_in_wl_order():
    """What the order shows: Gamma[3, x] as WL prints it, and the forms it is known by."""
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    session = Session(echo=False)
    shown = {text: output_form(session.evaluate(text)) for text in (
        "Gamma[3, x]", "D[x E^x, x]", "Exp[x] + Exp[-x]", "(1 + x) 2^x", "Sort[{2 x, x, -x}]")}
    assert shown == {"Gamma[3, x]": "E^(-x) (2 + 2 x + x^2)", "D[x E^x, x]": "E^x + E^x x",
                     "Exp[x] + Exp[-x]": "E^(-x) + E^x", "(1 + x) 2^x": "2^x (1 + x)",
                     "Sort[{2 x, x, -x}]": "{-x, x, 2 x}"}


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
