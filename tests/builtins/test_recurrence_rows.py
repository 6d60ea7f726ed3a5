"""LinearRecurrence and RecurrenceTable (linear_recurrence.py, recurrence_table.py): rows from a second line of work, kept when the two implementations were merged into one."""

import pytest

from tests.builtins._support import check, check_example, declared_examples, close_printed, run


@pytest.mark.parametrize("text, expected", [
    ("LinearRecurrence[{1, 1}, {1, 1}, 8]", "{1, 1, 2, 3, 5, 8, 13, 21}"),
    ("LinearRecurrence[{2, -1}, {1, 3}, {10}]", "19"),
    ("LinearRecurrence[{1, 1}, {1, 1}, {5, 8}]", "{5, 8, 13, 21}"),
    ("LinearRecurrence[{a, b}, {x, y}, 3] == {x, y, a y + b x}", "True"),
    ("RecurrenceTable[{a[n + 1] == 3 a[n], a[1] == 7}, a, {n, 1, 5}]", "{7, 21, 63, 189, 567}"),
    ("RecurrenceTable[{a[n] == a[n - 1] + a[n - 2], a[1] == 1, a[2] == 1}, a[n], {n, 10}]",
     "{1, 1, 2, 3, 5, 8, 13, 21, 34, 55}"),
    ("RecurrenceTable[{a[n + 1] == a[n] + n, a[0] == 0}, {n, a[n]}, {n, 0, 4}]",
     "{{0, 0}, {1, 0}, {2, 1}, {3, 3}, {4, 6}}"),
    ("RecurrenceTable[{a[n + 1] == 2 a[n], a[1] == 1}, a, {n, 1, 10, 3}]", "{1, 8, 64, 512}"),
])
def test_sequences(text, expected):
    check(text, expected)


def test_a_logistic_map_in_machine_numbers():
    check("RecurrenceTable[{x[n + 1] == 3.5 x[n] (1 - x[n]), x[0] == 0.5}, x, {n, 0, 2}]",
          "{0.5, 0.875, 0.3828125}", same=close_printed)


@pytest.mark.parametrize("text, tag", [
    ("LinearRecurrence[{1, 1}, {1}, 8]", "LinearRecurrence::ker"),
    ("LinearRecurrence[{1, 1}, {1, 1}, -2]", "LinearRecurrence::ind"),
    ("RecurrenceTable[{a[n + 2] == a[n], a[1] == 1}, a, {n, 1, 5}]", "RecurrenceTable::init"),
    ("RecurrenceTable[{a[n + 1] == a[n]}, a, {n, 1, 5}]", "RecurrenceTable::init"),
    ("RecurrenceTable[{a[n + 1] == a[n], a[1] == 1}, a, {n, x}]", "RecurrenceTable::iter"),
])
def test_messages(text, tag):
    assert run(text).tags == [tag]


@pytest.mark.parametrize("name,text,expected", declared_examples("recurrences"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
