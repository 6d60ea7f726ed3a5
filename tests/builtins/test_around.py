"""Around: values with uncertainties, their first-order propagation, printing, messages."""

import math

import pytest

from tests.builtins._support import check, check_example, declared_examples, run
from wlnet.builtins.around import around_parts
from wlnet.core.expr import Real
from wlnet.core.session import Session
from wlnet.syntax.printer import output_form


@pytest.mark.parametrize("name,text,expected", declared_examples("around"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def parts(code):
    s = Session(echo=False)
    result = s.evaluate(code)
    assert not s.messages, s.messages
    return around_parts(result)


@pytest.mark.parametrize("code,value,delta", [
    ("Around[1., 0.1] + Around[2., 0.2]", 3.0, math.hypot(0.1, 0.2)),
    ("Around[1., 0.1] + 5", 6.0, 0.1),
    ("Around[2., 0.1] Around[3., 0.2]", 6.0, math.hypot(3 * 0.1, 2 * 0.2)),
    ("Around[2., 0.1]/Around[4., 0.2]", 0.5, 0.5 * math.hypot(0.1 / 2, 0.2 / 4)),
    ("Around[2., 0.1]^3", 8.0, 3 * 4 * 0.1),
    ("2^Around[1., 0.1]", 2.0, 2 * math.log(2) * 0.1),
    ("Sin[Around[1., 0.1]]", math.sin(1), math.cos(1) * 0.1),
    ("Log[Around[2., 0.2]]", math.log(2), 0.1),
    ("Around[{1, 2, 3, 4}]", 2.5, math.sqrt(5 / 3)),       # mean, sample standard deviation
    ("N[Around[1/2, 1/10]]", 0.5, 0.1),
])
def test_propagation_to_first_order(code, value, delta):
    x, lo, hi = parts(code)
    assert x == pytest.approx(value) and lo == hi == pytest.approx(delta)


def test_symbolic_and_asymmetric_values_stay_as_they_are():
    s = Session(echo=False)
    product = s.evaluate("Around[1., 0.1] x")
    assert product.head.name == "Times" and around_parts(product.args[-1]) == (1.0, 0.1, 0.1)
    assert s.evaluate("Around[1., {0.1, 0.2}] + 1").head.name == "Plus"
    assert not s.messages


def test_properties_printing_and_messages():
    s = Session(echo=False)
    assert s.evaluate('Around[1., 0.1]["Uncertainty"]').value == 0.1
    assert output_form(s.evaluate("Around[1., 0.1]")) == "1.00 \u00b1 0.10"   # two digits
    s.evaluate("Around[1, -1]")
    assert s.messages[-1].startswith("Around::arg")
    s.evaluate('Around[1., 0.1]["Foo"]')
    assert s.messages[-1].startswith("Around::prop")
    s.evaluate("Around[{a}]")
    assert s.messages[-1].startswith("Around::arg")


@pytest.mark.parametrize("text, expected", [
    # one or two digits of the uncertainty (two while they read below 35.5), the value to
    # the same place
    ("Around[100.123456, 0.12]", "100.12 \u00b1 0.12"),
    ("Around[100.123456, 0.42]", "100.1 \u00b1 0.4"),
    ("Around[1., 0.35]", "1.00 \u00b1 0.35"),
    ("Around[1., 0.36]", "1.0 \u00b1 0.4"),
    ("Around[1.5, 0.1] + Around[2., 0.2]", "3.50 \u00b1 0.22"),
    ("Around[1234.5, 250.]", "1230 \u00b1 250"),
    ("Around[123, 5]", "123 \u00b1 5"),
])
def test_display_digits(text, expected):
    r = run(f"ToString[{text}]")
    assert r.value.value == expected


@pytest.mark.parametrize("code, shown", [
    # the uncertainty to one or two significant digits (two below 35.5); the
    # value to the same decimal place (the documentation's Around[1.3421, 0.012])
    ("Around[1.3421, 0.012]", "1.342 \u00b1 0.012"),
    ("Around[5.2, 0.3]", "5.20 \u00b1 0.30"),
    ("Around[{1, 2, 3, 4, 5}]", "3.0 \u00b1 1.6"),
    ("Around[123.456, 12.3]", "123 \u00b1 12"),
    ("Around[12345.6, 120.]", "12350 \u00b1 120"),
    ("Around[1., 0.996]", "1.0 \u00b1 1.0"),                   # 0.996 rounds to 1.0
    ("Around[0.000123, 0.00004]", "0.00012 \u00b1 0.00004"),
    ("Around[1.5, {0.1, 0.2}]", "1.50 +0.20 -0.10"),
    # symbols, extreme magnitudes and a zero uncertainty print as they are
    ("Around[x, 0.1]", "x \u00b1 0.1"),
    ("Around[0.001, 1.*^-9]", "0.001 \u00b1 1.*10^-9"),
    ("Around[2., 0.]", "2. \u00b1 0."),
    # inside a product or power it is parenthesized, as a sum is
    ("Hold[Around[1., 0.1]^2]", "Hold[(1.00 \u00b1 0.10)^2]"),
    ("{f[Around[1., 0.1]]}", "{f[1.00 \u00b1 0.10]}"),
    # an uncertainty very small beside the value: the compact form of its page
    ("Around[1.2345678, 0.0000012]", "1.23456(78\u00b112)"),
    ("Around[-1.2345678, 0.00000042]", "-1.234567(8\u00b14)"),
    ("Around[123456.7891, 0.023]", "123456.7(89\u00b123)"),
])
def test_printed_digits_follow_the_uncertainty(code, shown):
    assert output_form(Session(echo=False).evaluate(code)) == shown


def test_a_numeric_uncertainty_makes_both_numbers_approximate():
    # its page: when the uncertainty is numeric, the value and it are numericized
    s = Session(echo=False)
    assert output_form(s.evaluate("Around[5, 1/2]")) == "5.0 \u00b1 0.5"
    assert output_form(s.evaluate("Around[1/3, {1/10, 1/5}]")) == "0.33 +0.20 -0.10"
    assert s.evaluate('Around[5, 1/2]["Value"]') == Real(5.0)
    # a symbolic value stays, the numeric uncertainty is made approximate
    assert output_form(s.evaluate("Around[x, 1/2]")) == "x \u00b1 0.5"
    assert output_form(s.evaluate("Around[x, y]")) == "x \u00b1 y"
    assert not s.messages


@pytest.mark.parametrize("text,expected", [
    # one quantity used twice is not two independent ones
    ("AroundReplace[x^2, x -> Around[1, 0.1]] === Around[1., 0.2]", "True"),
    ("(Around[1, 0.1] Around[1, 0.1])[\"Uncertainty\"] < 0.2", "True"),
    ("Abs[AroundReplace[x y, {x -> Around[2, 0.1], y -> Around[3, 0.2]}][\"Uncertainty\"] - "
     "Sqrt[0.3^2 + 0.4^2]] < 10^-12", "True"),
    ("Abs[AroundReplace[Sin[x] + y, {x -> Around[0, 0.1], y -> 2}][\"Uncertainty\"] - 0.1] "
     "< 10^-12", "True"),
])
def test_around_replace(text, expected):
    check(text, expected)


def test_around_replace_needs_rules_to_arounds():
    r = run("AroundReplace[x, x -> foo]")
    assert r.tags == ["AroundReplace::rules"]
