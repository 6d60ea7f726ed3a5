"""ContinuedFraction, FromContinuedFraction, Convergents (wlnet/builtins/continued_fractions.py)."""

import pytest

from tests.builtins._support import check, check_example, declared_examples


@pytest.mark.parametrize("name,text,expected", declared_examples("continued_fractions"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text, expected", [
    ("ContinuedFraction[3.245]", "{3, 4, 12, 4}"),          # the rational the digits mean
    ("ContinuedFraction[-7/3]", "{-3, 1, 2}"),
    ("ContinuedFraction[E, 8]", "{2, 1, 2, 1, 1, 4, 1, 1}"),
    ("FromContinuedFraction[ContinuedFraction[355/113]]", "355/113"),
    ("FromContinuedFraction[{a, b}]", "(1 + a b)/b"),
    ("Last[Convergents[Sqrt[2], 8]]", "577/408"),
    ("ContinuedFraction[x, 3]", "ContinuedFraction[x, 3]"),
    # a quadratic irrational: its repeating terms in a list at the end, and back
    ("ContinuedFraction[Sqrt[2]]", "{1, {2}}"),
    ("ContinuedFraction[Sqrt[3] + 1/2]", "{2, {4, 3}}"),
    ("ContinuedFraction[-(3 + Sqrt[7])/2]", "{-3, 5, {1, 1, 1, 4}}"),
    ("FromContinuedFraction[{1, {2}}]", "Sqrt[2]"),
    ("Simplify[FromContinuedFraction[{-3, 5, {1, 1, 1, 4}}] + (3 + Sqrt[7])/2]", "0"),
    ("ContinuedFraction[Pi]", "ContinuedFraction[Pi]"),        # no end, no period
    ("ContinuedFraction[2^(1/3)]", "ContinuedFraction[2^(1/3)]"),
])
def test_values(text, expected):
    check(text, expected, evaluate_expected=True)
