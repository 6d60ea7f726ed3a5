"""Subsequences and TensorContract (wlnet/builtins/subsequences.py)."""

import pytest

from tests.builtins._support import check_example, declared_examples, differential_table

CASES = [
    ("Subsequences[{1, 2, 3}]", "{{}, {1}, {2}, {3}, {1, 2}, {2, 3}, {1, 2, 3}}"),
    ("Subsequences[{a, b, c, d}, {2}]", "{{a, b}, {b, c}, {c, d}}"),
    ("Subsequences[{a, b, c}, 1]", "{{}, {a}, {b}, {c}}"),
    ("Subsequences[{a, b, c}, {2, 3}]", "{{a, b}, {b, c}, {a, b, c}}"),
    ("Subsequences[{a, b}, {5}]", "{}"),
    ("Subsequences[f[a, b]]", "{f[], f[a], f[b], f[a, b]}"),
    ("TensorContract[{{1, 2}, {3, 4}}, {{1, 2}}]", "5"),
    ("TensorContract[{{1., 2.}, {3., 4.}}, {{1, 2}}]", "5."),
    ("TensorContract[Array[a, {2, 2}], {{1, 2}}]", "a[1, 1] + a[2, 2]"),
    ("TensorContract[Array[a, {2, 3, 2}], {{1, 3}}]",
     "{a[1, 1, 1] + a[2, 1, 2], a[1, 2, 1] + a[2, 2, 2], a[1, 3, 1] + a[2, 3, 2]}"),
    ("TensorContract[N[Array[Times, {2, 3, 2}]], {{1, 3}}]", "{5., 10., 15.}"),
    ("TensorContract[N[Array[Times, {2, 2, 2, 2}]], {{1, 2}, {3, 4}}]", "25."),
    ("TensorContract[{{1, 2, 3}}, {{1, 2}}]", "TensorContract[{{1, 2, 3}}, {{1, 2}}]"),
]

test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = \
    differential_table(CASES, "subsequences")


@pytest.mark.parametrize("name,text,expected", declared_examples("subsequences"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
