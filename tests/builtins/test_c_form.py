"""CForm (wlnet/builtins/c_form.py): C text in the notation of WL's CForm."""

import pytest

from tests.builtins._support import check


@pytest.mark.parametrize("expr, text", [
    ("x^2 + 2 x + 1", "1 + 2*x + Power(x,2)"),
    ("Sqrt[x]/y", "Sqrt(x)/y"),
    ("E^x Sin[y]", "Power(E,x)*Sin(y)"),
    ("1/3", "0.3333333333333333"),            # no rationals in C
    ("x/3", "x/3"),
    ("3 x/2", "(3*x)/2"),
    ("x^(1/3)", "Power(x,0.3333333333333333)"),
    ("{1, 2}", "List(1,2)"),
    ("2.5 x", "2.5*x"),
    ("a - 2 b + c/d", "a - 2*b + c/d"),
    ("-a b", "-(a*b)"),
    ("1/(a + b)", "1/(a + b)"),
    ("f[x, y]", "f(x,y)"),
    ("x^-2", "Power(x,-2)"),
    ("1/x", "1/x"),
    ("1/Sqrt[x]", "1/Sqrt(x)"),
    ("a/x^2", "a/Power(x,2)"),
    ("(a + b)^2", "Power(a + b,2)"),
    ("2 (a + b)", "2*(a + b)"),
    ("a b/(c d)", "(a*b)/(c*d)"),
    ("1.5*^10", "1.5e10"),
    ("1.", "1."),
    ("I x", "Complex(0,1)*x"),
    ("a == b && c < d", "a == b && c < d"),
    ('"str"', '"str"'),
])
def test_c_text(expr, text):
    check(f"ToString[CForm[{expr}]]", '"' + text.replace('"', '\\"') + '"')


def test_a_format_value_for_cform_applies():
    check('Format[g[x_], CForm] := h[x]; ToString[CForm[g[1] + 1]]', '"1 + h(1)"')
