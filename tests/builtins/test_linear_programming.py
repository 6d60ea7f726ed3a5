"""LinearProgramming (wlnet/builtins/linear_programming.py): min c.x under m.x vs b, bounds,
domains; exact answers for exact input, machine numbers for machine input."""

import pytest

from tests.builtins._support import check, check_example, declared_examples, run


@pytest.mark.parametrize("text, expected", [
    ("LinearProgramming[{1, 1}, {{1, 2}}, {3}]", "{0, 3/2}"),
    ("LinearProgramming[{1, 1}, {{1, 2}}, {{3, 0}}]", "{0, 3/2}"),          # an equation
    ("LinearProgramming[{-1, -1}, {{1, 2}, {3, 1}}, {{4, -1}, {6, -1}}]", "{8/5, 6/5}"),
    ("LinearProgramming[{-2, -1}, {{1, 2}, {3, 1}}, {{4, -1}, {6, -1}}, 0, Integers]",
     "{2, 0}"),
    # mixed domains: the real variable exact
    ("LinearProgramming[{2, 3}, {{1, 1}}, {{5/2, 1}}, 0, {Integers, Reals}]", "{2, 1/2}"),
    # bounds: x >= l for all, for each, and {l, u} pairs with Infinity for none
    ("LinearProgramming[{1, 1}, {{1, 2}}, {3}, {-2, -1}]", "{-2, 5/2}"),
    ("LinearProgramming[{1, 1}, {{1, 2}}, {3}, {{1, 2}, {-1, Infinity}}]", "{1, 1}"),
    ("LinearProgramming[{1, -1}, {{1, 1}}, {{4, -1}}, {{0, None}, {0, 3}}]", "{0, 3}"),
    ("LinearProgramming[{1, 1}, {}, {}]", "{0, 0}"),
    ("LinearProgramming[{1., 1}, {{1, 2}}, {3}]", "{0., 1.5}"),
    ("LinearProgramming[{-2., -1}, {{1, 2}, {3, 1}}, {{4, -1}, {6, -1}}, 0, Integers]",
     "{2, 0}"),
])
def test_optima(text, expected):
    check(text, expected, evaluate_expected=True)


@pytest.mark.parametrize("text, tag", [
    ("LinearProgramming[{1, 1}, {{1, 1}, {1, 1}}, {{2, -1}, {3, 1}}]", "LinearProgramming::lpsnf"),
    ("LinearProgramming[{-1, 0}, {{0, 1}}, {1}]", "LinearProgramming::lpsub"),
    ("LinearProgramming[{-1., 0}, {{0, 1}}, {1}]", "LinearProgramming::lpsub"),
    ("LinearProgramming[{1, 1}, {{1, 2}}, {3, 4}]", "LinearProgramming::lpdim"),
    ("LinearProgramming[{1, 1}, {{1, 2}}, {3}, {a}]", "LinearProgramming::lpbnd"),
    ("LinearProgramming[{1, 1}, {{1, 2}}, {3}, 0, Complexes]", "LinearProgramming::lpdom"),
    ("LinearProgramming[{a, 1}, {{1, 2}}, {3}]", "LinearProgramming::lpnum"),
])
def test_no_solution_stays_unevaluated_after_a_message(text, tag):
    r = run(text)
    assert r.tags == [tag]
    assert r.value.head.name == "LinearProgramming"


@pytest.mark.parametrize("name,text,expected", declared_examples("linear_programming"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
