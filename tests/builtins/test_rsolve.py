"""RSolve and RSolveValue (wlnet/builtins/rsolve.py): linear recurrences with constant
coefficients (SymPy's rsolve) and first-order ones with coefficients in n."""

import pytest

from tests.builtins._support import check, check_example, declared_examples, run


@pytest.mark.parametrize("text, expected", [
    ("RSolve[{a[n + 1] == 2 a[n] + 1, a[0] == 0}, a[n], n]", "{{a[n] -> -1 + 2^n}}"),
    ("RSolve[a[n + 1] - 2 a[n] == 1, a[n], n]", "{{a[n] -> -1 + 2^n C[1]}}"),
    ("RSolve[a[n + 2] - 2 a[n + 1] + a[n] == 0, a[n], n]", "{{a[n] -> C[1] + n C[2]}}"),
    ("RSolve[y[k + 2] + y[k] == 0, y[k], k]", "{{y[k] -> I^k C[1] + (-I)^k C[2]}}"),
    # first order with a coefficient in n: a product from where it has no zero on
    ("RSolve[a[n + 1] == n a[n], a[n], n]", "{{a[n] -> C[1] (n - 1)!}}"),
    ("RSolve[{a[n + 1] == (n + 1) a[n], a[0] == 1}, a[n], n]", "{{a[n] -> n!}}"),
    ("r = RSolve[{a[n + 1] == a[n] + n, a[0] == 0}, a, n]; "
     "{Head[a /. r[[1]]], (a /. r[[1]])[m]}", "{Function, (m (m - 1))/2}"),
    ("RSolve[a[n + 1] == 2 a[n], a[n], n, GeneratedParameters -> c]", "{{a[n] -> 2^n c[1]}}"),
    # the sum from past the pole of 1/n: WL's answer
    ("RSolve[a[n + 1] == a[n] + 1/n, a[n], n]", "{{a[n] -> C[1] + HarmonicNumber[n - 1]}}"),
    ("RSolveValue[{a[n + 1] == 3 a[n], a[0] == 1}, a[n], n]", "3^n"),
    ("RSolveValue[{a[n + 1] == 3 a[n], a[0] == 1}, a[4], n]", "81"),
    ("RSolveValue[{a[n + 1] == 3 a[n], a[0] == 1}, a, n]", "Function[{n}, 3^n]"),
])
def test_solutions(text, expected):
    check(text, expected, evaluate_expected=True)


def test_the_solution_satisfies_the_recurrence():
    check("s = RSolveValue[{a[n] == a[n - 1] + a[n - 2], a[1] == 1, a[2] == 1}, a[n], n]; "
          "Simplify[Table[s, {n, 1, 10}]]", "{1, 1, 2, 3, 5, 8, 13, 21, 34, 55}")


@pytest.mark.parametrize("text", [
    "RSolve[a[n + 1] == a[n]^2, a[n], n]",               # nonlinear: not solved here
    "RSolve[{a[n + 1] == b[n], b[n + 1] == a[n]}, a[n], n]",
])
def test_unsolved_stay_unevaluated(text):
    r = run(text)
    assert r.value.head.name == "RSolve" and r.messages == []


def test_a_sequence_of_another_variable_is_refused():
    assert run("RSolve[a[n + 1] == a[n], a[m], n]").tags == ["RSolve::rsvar"]


@pytest.mark.parametrize("name,text,expected", declared_examples("rsolve"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
