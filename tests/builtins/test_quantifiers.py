"""ForAll, Exists, Resolve and Reduce of quantified conditions
(wlnet/builtins/quantifiers.py)."""

import pytest

from tests.builtins._support import check, check_example, declared_examples, run


@pytest.mark.parametrize("text, expected", [
    ("Resolve[Exists[x, x^2 < 0], Reals]", "False"),
    ("Resolve[ForAll[x, x > 0, x^2 > 0]]", "True"),
    ("Resolve[ForAll[x, Exists[y, y > x]]]", "True"),
    ("Resolve[ForAll[x, x^2 + a > 0], Reals]", "a > 0"),
    ("Resolve[Exists[x, x^2 == a], Reals]", "a >= 0"),
    ("Resolve[Exists[x, x^2 + b x + 1 == 0], Reals]", "b <= -2 || b >= 2"),
    ("Resolve[ForAll[x, x > a, x^2 > 1]]", "a >= 1"),
    ("Resolve[Exists[x, 0 < x < 1 && a x > 1], Reals]", "a > 1"),
    ("Reduce[ForAll[x, x^2 + a > 0], a, Reals]", "a > 0"),
    ("Reduce[Exists[x, x^2 + a x + 1 < 0], a]", "a < -2 || a > 2"),
    # a condition free of the variable is what the quantifier gives
    ("ForAll[x, a > 0]", "a > 0"),
    ("Exists[x, True]", "True"),
])
def test_quantifiers(text, expected):
    check(text, expected)


def test_what_is_not_eliminated_stays():
    check("ForAll[x, x > 0]", "ForAll[x, x > 0]")
    r = run("Resolve[ForAll[{x, y}, x^2 + y^2 >= a b]]")
    assert r.value.head.name == "Resolve" and r.messages == []
    assert run("Reduce[ForAll[x, Sin[x] > a], a]").tags == ["Reduce::nsmet"]


@pytest.mark.parametrize("name,text,expected", declared_examples("quantifiers"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
