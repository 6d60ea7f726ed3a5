"""NumberForm, PaddedForm, ScientificForm and PercentForm: wrappers that stay as they are and print the
numbers inside them formatted."""

import pytest

from tests.builtins._support import Runner


@pytest.mark.parametrize("text, shown", [
    ("NumberForm[3.14159, 3]", "3.14"),
    ("NumberForm[314.159, 2]", "310."),
    ("NumberForm[2.5, {5, 2}]", "2.50"),
    ("NumberForm[{0.000123456, 12, 1.5*^-7}, 3]", "{0.000123, 12, 1.5*10^-7}"),
    ("NumberForm[x + 2.71828, 2]", "2.7 + x"),
    # a machine real shows at most 16 digits, never the binary expansion beyond them
    ("NumberForm[N[1/3], 20]", "0.3333333333333333"),
    ("ScientificForm[N[Pi], 25]", "3.141592653589793"),
    ("NumberForm[N[Pi], 12]", "3.14159265359"),
    ("ScientificForm[12345.]", "1.2345*10^4"),
    ("ScientificForm[0.00123, 2]", "1.2*10^-3"),
    ("PaddedForm[7, 4]", "    7"),
    ("PercentForm[0.891, 2]", "89%"),
    ("PercentForm[0.891]", "89.1%"),
    ("PercentForm[{1/4, 1, 0.5}]", "{25%, 100%, 50%}"),
    ("NumberForm[1/3, 3]", "1/3"),
    # a negative coefficient in a sum keeps its place as a minus sign, as WL prints it
    ("NumberForm[1.234 - 2.567 x, 2]", "1.2 - 2.6 x"),
    ("NumberForm[0.5 - 1.26 f[-0.75 + x], 2]", "0.5 - 1.3 f[-0.75 + x]"),
    ("NumberForm[{-3.14159, -2.5 y}, 3]", "{-3.14, -2.5 y}"),
    # NumberForm alone: 6 significant digits; DigitBlock groups the integer part's digits
    ("NumberForm[3.14159265]", "3.14159"),
    ("NumberForm[1.23456789*^10]", "1.23457*10^10"),
    ("NumberForm[1234567, DigitBlock -> 3]", "1,234,567"),
    ("NumberForm[1234567.891, {10, 2}, DigitBlock -> 3]", "1,234,567.89"),
    ("NumberForm[-1234567, DigitBlock -> 3, NumberSeparator -> \" \"]", "-1 234 567"),
    # DecimalForm: never a power of ten
    ("DecimalForm[1.5*^-7]", "0.00000015"),
    ("DecimalForm[123456789.]", "123456789."),
    ("DecimalForm[N[Pi], 10]", "3.141592654"),
    ("DecimalForm[2.5, {4, 3}]", "2.500"),
    # EngineeringForm: exponents that are multiples of 3
    ("EngineeringForm[123456.]", "123.456*10^3"),
    ("EngineeringForm[0.00012345]", "123.45*10^-6"),
    ("EngineeringForm[12.5]", "12.5"),
    ("EngineeringForm[45678.9, 3]", "45.7*10^3"),
    # AccountingForm: negatives in parentheses, never a power of ten
    ("AccountingForm[-12345.6]", "(12345.6)"),
    ("AccountingForm[{-1, 2, 1.5*^7, -3.25}]", "{(1), 2, 15000000., (3.25)}"),
    ("AccountingForm[-2.34567, 3]", "(2.35)"),
    ("AccountingForm[{-2.3, 4.5678}, {5, 2}]", "{(2.30), 4.57}"),
    # an exact tie rounds away from zero (WL's number forms; Round goes to even)
    ("NumberForm[{2.5, 3.5}, {Infinity, 0}]", "{3., 4.}"),
    ("NumberForm[{0.125, -0.125}, 2]", "{0.13, -0.13}"),
    ("NumberForm[1.25, {3, 1}]", "1.3"),
    ("ScientificForm[2.5*^5, 1]", "3.*10^5"),
    ("AccountingForm[-0.125, 2]", "(0.13)"),
    # not a tie: 2.675 is 2.67499999… in binary
    ("NumberForm[2.675, 3]", "2.67"),
    # the options that change the characters of a number
    ('PaddedForm[7, 3, NumberPadding -> {"0", "0"}]', "0007"),
    ('PaddedForm[-7, 3, NumberPadding -> {"0", "0"}]', "-007"),
    ('NumberForm[{-1.5, 2.}, NumberSigns -> {"-", "+"}]', "{-1.5, +2.}"),
    ('NumberForm[1234.5678, {6, 2}, NumberPoint -> ","]', "1234,57"),
    # BaseForm: the digits, the base as a subscript on the line below
    ("BaseForm[255, 16]", "ff\n  16"),
    ("BaseForm[-10, 3]", "-101\n    3"),
    ("BaseForm[0.1, 2]", "0.0001100110011001100110011001100110011001100110011001101\n"
                         + " " * 57 + "2"),
    ("BaseForm[{5, 10}, 2]", "{101 , 1010 }\n    2      2"),
])
def test_numbers_are_shown_formatted(text, shown):
    r = Runner()
    assert r.run(f"ToString[{text}]").value == shown
    assert r.messages == []


def test_the_wrapper_stays_and_prints():
    r = Runner()
    value = r.run("NumberForm[3.14159, 3]")
    assert value.head.name == "NumberForm"
    r.run('Print["loss: ", NumberForm[0.123456, 4]]')
    assert r.output == ["loss: 0.1235"]
