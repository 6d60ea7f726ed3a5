"""FortranForm (wlnet/builtins/fortran_form.py): Fortran text, CForm's writer with
Fortran's powers, complex literals and dotted operators."""

import pytest

from tests.builtins._support import check


@pytest.mark.parametrize("expr, text", [
    ("x^2 + 3 y", "x**2 + 3*y"),
    ("Sqrt[x]/y", "Sqrt(x)/y"),
    ("E^x Sin[y]", "E**x*Sin(y)"),
    ("x^(1/3)", "x**0.3333333333333333"),
    ("(a + b)^(c d)", "(a + b)**(c*d)"),
    ("x^-2", "x**(-2)"),
    ("a/x^2", "a/(x**2)"),
    ("-x^2", "-x**2"),
    ("(x^2)^y", "(x**2)**y"),
    ("1/x", "1/x"),
    ("3 x/2", "(3*x)/2"),
    ("1 + 2 I", "(1,2)"),
    ("{1, 2.5}", "List(1,2.5)"),
    ("1.5*^10", "1.5e10"),
    ("x > 0 && y != 1", "x .GT. 0 .AND. y .NE. 1"),
    ("!p || c <= d", ".NOT. p .OR. c .LE. d"),
    ('"a\\"b"', '"a""b"'),
])
def test_fortran_text(expr, text):
    check(f"ToString[FortranForm[{expr}]]", '"' + text.replace('"', '\\"') + '"')


def test_to_string_in_the_form_and_format_values():
    check("ToString[x^2, FortranForm]", '"x**2"')
    check('Format[g[x_], FortranForm] := h[x]; ToString[FortranForm[g[1]^2]]', '"h(1)**2"')
