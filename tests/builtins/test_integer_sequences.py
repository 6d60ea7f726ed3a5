"""Integer sequences of combinatorics and digit functions (wlnet/builtins/integer_sequences.py),
against their defining recurrences and the values of WL's pages."""

import pytest

from tests.builtins._support import check, check_example, declared_examples


@pytest.mark.parametrize("name,text,expected", declared_examples("integer_sequences"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text, expected", [
    ("Factorial2[{5, 6, 0}]", "{15, 48, 1}"),
    ("Factorial2[n]", "Factorial2[n]"),
    ("PartitionsP[-1]", "0"),
    ("StirlingS1[10, 3]", "-1172700"),
    ("StirlingS2[10, 3]", "9330"),
    ("Total[StirlingS2[6, Range[0, 6]]] == BellB[6]", "True"),
    ("Total[Abs[StirlingS1[6, Range[0, 6]]]] == 6!", "True"),
    ("Subfactorial[10] == Round[10!/E]", "True"),
    ("LucasL[10] == Fibonacci[9] + Fibonacci[11]", "True"),
    ("IntegerReverse[12, 10, 4]", "2100"),
    ("IntegerReverse[-120]", "-21"),
    ("PalindromeQ /@ {1221, \"ab\", {}}", "{True, False, True}"),
    ("{DigitSum[1234], DigitSum[-1234], DigitSum[255, 2], DigitSum[x]}",
     "{10, 10, 8, DigitSum[x]}"),
    ("RomanNumeral[{1999, 0, -4, 2024}]", '{"MCMXCIX", "N", "-IV", "MMXXIV"}'),
])
def test_values(text, expected):
    check(text, expected, evaluate_expected=True)
