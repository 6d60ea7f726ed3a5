"""LinearRecurrence and FindLinearRecurrence (wlnet/builtins/linear_recurrence.py)."""

import pytest

from tests.builtins._support import check, check_example, declared_examples, run


@pytest.mark.parametrize("name,text,expected", declared_examples("linear_recurrence"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text,expected", [
    ("LinearRecurrence[{1, 1}, {1, 1}, {5, 8}]", "{5, 8, 13, 21}"),
    ("LinearRecurrence[{0.5, 0.5}, {1, 2}, 5]", "{1., 2., 1.5, 1.75, 1.625}"),
    ("LinearRecurrence[{a, b}, {1, 1}, 4]", "{1, 1, a + b, b + a (a + b)}"),
    ("LinearRecurrence[{1/2}, {1}, 4]", "{1, 1/2, 1/4, 1/8}"),
    ("LinearRecurrence[{1, 1}, {1, 1}, 100][[-1]]", "354224848179261915075"),
    ("FindLinearRecurrence[{2, 4, 8, 16, 32}]", "{2}"),
    # the kernel found generates the list back
    ("LinearRecurrence[FindLinearRecurrence[{1, 4, 9, 16, 25, 36}], {1, 4, 9}, 6]",
     "{1, 4, 9, 16, 25, 36}"),
    # none of order <= 2 for a quadratic: unevaluated
    ("FindLinearRecurrence[{1, 2, 4, 7, 11, 16, 22}, 2]",
     "FindLinearRecurrence[{1, 2, 4, 7, 11, 16, 22}, 2]"),
])
def test_recurrences(text, expected):
    check(text, expected, evaluate_expected=True)


@pytest.mark.parametrize("text,tag", [
    ("LinearRecurrence[{1, 1}, {1}, 5]", "LinearRecurrence::ker"),
    ("LinearRecurrence[{1, 1}, {1, 1}, {5, 2}]", "LinearRecurrence::ind"),
])
def test_messages(text, tag):
    assert run(text).tags == [tag]
