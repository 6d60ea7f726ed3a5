"""FindSequenceFunction (wlnet/builtins/sequence_function.py)."""

import pytest

from tests.builtins._support import check, check_example, declared_examples, run


@pytest.mark.parametrize("name,text,expected", declared_examples("sequence_function"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text,expected", [
    ("FindSequenceFunction[{1, 4, 9, 16, 25}]", "#1^2 &"),
    ("FindSequenceFunction[{1, 4, 9, 16, 25}][7]", "49"),
    ("FindSequenceFunction[{3, 5, 7, 9}, n]", "1 + 2 n"),
    ("FindSequenceFunction[{{2, 4}, {5, 25}, {3, 9}, {10, 100}}, n]", "n^2"),
    ("FindSequenceFunction[{1, 1/2, 1/3, 1/4, 1/5}, n]", "1/n"),
    ("FindSequenceFunction[{1/2, 2/3, 3/4, 4/5, 5/6}, n]", "n/(1 + n)"),
    ("FindSequenceFunction[{2, 4, 8, 16, 32}, n]", "2^n"),
    ("FindSequenceFunction[{1, 3, 7, 15, 31, 63}, n]", "-1 + 2^n"),
    ("FindSequenceFunction[{2, 1, 3, 4, 7, 11, 18}, n]", "LucasL[n - 1]"),
    ("FindSequenceFunction[{2, 8, 48, 384, 3840}, n]", "2^n n!"),
    ("FindSequenceFunction[{0, 1, 3, 8, 21, 55, 144}, n]", "Fibonacci[2 n - 2]"),
])
def test_families(text, expected):
    check(text, expected, evaluate_expected=True)


@pytest.mark.parametrize("terms", [
    "{1, 2, 6, 20, 70, 252, 924}",            # central binomials (hypergeometric)
    "{0, 1, 3, 8, 21, 55, 144}",               # every other Fibonacci number
    "{1, 5, 19, 65, 211, 665}",                # 3^n - 2^n
])
def test_found_formula_gives_the_terms_and_the_next(terms):
    # the formula reproduces the terms it was fitted on
    count = len(terms.split(","))
    r = run(f"With[{{f = FindSequenceFunction[{terms}]}}, Expand[Table[f[k], {{k, {count}}}]]]")
    assert r.messages == []
    assert r.value == run(terms).value


@pytest.mark.parametrize("text", [
    "FindSequenceFunction[{1, 5, 2, 9, 3}, n]",          # no family fits with one to spare
    "FindSequenceFunction[{1., 2., 3.}, n]",              # inexact terms
    "FindSequenceFunction[{a, b, c}, n]",
])
def test_unfound_stays_unevaluated(text):
    r = run(text)
    assert r.messages == [] and r.value.head.name == "FindSequenceFunction"


def test_bad_data_message():
    r = run("FindSequenceFunction[x, n]")
    assert r.tags == ["FindSequenceFunction::seq"]
    assert r.value.head.name == "FindSequenceFunction"
