"""Interval arithmetic (wlnet/builtins/intervals.py): the interval of all values, exact
ends kept exact, WL's normal form (ordered, merged ranges)."""

import pytest

from tests.builtins._support import check, check_example, declared_examples


@pytest.mark.parametrize("name,text,expected", declared_examples("intervals"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text, expected", [
    ("Interval[{1, 2}] + Interval[{3, 5}]", "Interval[{4, 7}]"),
    ("Interval[{1, 2}] - Interval[{1, 2}]", "Interval[{-1, 1}]"),
    ("Interval[{1, 2}] + 3", "Interval[{4, 5}]"),
    ("Interval[{1, 2}] Interval[{-1, 3}]", "Interval[{-2, 6}]"),
    ("Interval[{-1, 2}]^2", "Interval[{0, 4}]"),
    ("1/Interval[{1, 2}]", "Interval[{1/2, 1}]"),
    # through 0: two rays; from 0: one
    ("1/Interval[{-1, 2}]", "Interval[{-Infinity, -1}, {1/2, Infinity}]"),
    ("Interval[{0, 2}]^-1", "Interval[{1/2, Infinity}]"),
    ("Interval[{-1, 2}]^-2", "Interval[{1/4, Infinity}]"),
    ("Interval[{3, 1}, {2, 5}]", "Interval[{1, 5}]"),
    ("IntervalUnion[Interval[{1, 2}], Interval[{3, 5}]]", "Interval[{1, 2}, {3, 5}]"),
    ("IntervalIntersection[Interval[{1, 2}], Interval[{3, 5}]]", "Interval[]"),
    ("Min[Interval[{1, 3}]]", "1"),
    ("Max[Interval[{1, 3}, {5, 7}], 2]", "7"),
    # a peak inside the range
    ("Sin[Interval[{0, Pi}]]", "Interval[{0, 1}]"),
    ("Cos[Interval[{0, 2}]]", "Interval[{Cos[2], 1}]"),
    ("Exp[Interval[{0, 1}]]", "Interval[{1, E}]"),
    ("Abs[Interval[{-3, 2}]]", "Interval[{0, 3}]"),
    ("Interval[{1., 2.}] + Interval[{0.5, 1}]", "Interval[{1.5, 3.}]"),
    # symbolic ends: not arithmetic
    ("Interval[{a, b}] + 1", "1 + Interval[{a, b}]"),
])
def test_interval_arithmetic(text, expected):
    check(text, expected, evaluate_expected=True)
