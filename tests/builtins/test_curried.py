"""OperatorApplied, CurryApplied and Curry (wlnet/builtins/curried.py), as their pages
define them."""

import pytest

from tests.builtins._support import check, check_example, declared_examples


@pytest.mark.parametrize("name,text,expected", declared_examples("curried"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text, expected", [
    ("OperatorApplied[f][y][x]", "f[x, y]"),
    ("Curry[f][y][x]", "f[x, y]"),
    # brackets do not matter, only the count
    ("OperatorApplied[f, 3][a, b][c]", "f[a, b, c]"),
    ("OperatorApplied[f, {3, 1, 2}][a][b][c]", "f[c, a, b]"),
    # k arguments, only the listed ones passed
    ("OperatorApplied[f, 4 -> {2, 4}][a][b][c][d]", "f[b, d]"),
    ("CurryApplied[2][f][a][b]", "f[a, b]"),
    ("CurryApplied[f, 0]", "f[]"),
    ("OperatorApplied[Level, {2, 1, Heads -> True}][1][g[x]]", "{g, x}"),
    ("OperatorApplied[f, 2][a]", "OperatorApplied[f, 2][a]"),
    ("Map[OperatorApplied[Power][2], {1, 2, 3}]", "{1, 4, 9}"),
    ("OperatorApplied[D][x][x^3]", "3 x^2"),
])
def test_operator_forms(text, expected):
    check(text, expected, evaluate_expected=True)
