"""RecurrenceTable (wlnet/builtins/recurrence_table.py): first- and higher-order
recurrences, several unknowns, expressions of n, steps, and the index being the table's
own."""

import pytest

from tests.builtins._support import Runner, check, check_example, declared_examples, run


@pytest.mark.parametrize("name,text,expected", declared_examples("recurrence_table"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text,expected", [
    ("RecurrenceTable[{x[n + 1] == y[n], y[n + 1] == -x[n], x[0] == 1, y[0] == 0}, {x, y}, "
     "{n, 0, 4}]", "{{1, 0}, {0, -1}, {-1, 0}, {0, 1}, {1, 0}}"),
    ("RecurrenceTable[{a[n + 1] == a[n] + n, a[1] == 0}, {n, a[n]}, {n, 1, 5}]",
     "{{1, 0}, {2, 1}, {3, 3}, {4, 6}, {5, 10}}"),
    ("RecurrenceTable[{a[n + 1] == 2 a[n], a[1] == 1}, a, {n, 1, 10, 3}]", "{1, 8, 64, 512}"),
    ("RecurrenceTable[{a[n + 2] == a[n + 1] + a[n], a[1] == 1, a[2] == 1}, a, {n, 5, 7}]",
     "{5, 8, 13}"),
    # the logistic map in machine numbers stays in [0, 1]
    ("xs = RecurrenceTable[{x[n + 1] == 3.9 x[n] (1 - x[n]), x[1] == 0.2}, x, {n, 100}]; "
     "{Length[xs], 0 <= Min[xs], Max[xs] <= 1}", "{100, True, True}"),
    # an index with a value outside is still the table's own
    ("n = 5; RecurrenceTable[{a[n + 1] == 2 a[n], a[1] == 1}, a, {n, 1, 4}]", "{1, 2, 4, 8}"),
])
def test_tables(text, expected):
    check(text, expected)


@pytest.mark.parametrize("text,tag", [
    ("RecurrenceTable[{a[n + 1] == 2 a[n]}, a, {n, 1, 3}]", "RecurrenceTable::init"),
    ("RecurrenceTable[foo, a, {n, 1, 3}]", "RecurrenceTable::eqn"),
    ("RecurrenceTable[{a[n + 1] == 2 a[n], a[1] == 1}, a, {n, 1, 3, 0}]",
     "RecurrenceTable::iter"),
])
def test_messages(text, tag):
    assert run(text).tags == [tag]
