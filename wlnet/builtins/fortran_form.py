"""FortranForm: an expression as Fortran text, written as CForm writes C (wlnet.builtins.
c_form) with Fortran's notation where the languages differ: powers as ``x**2`` (``**``
binds tighter than a sign or a product; a power of 1/2 is still ``Sqrt(x)``, of -1 a
quotient), complex numbers as the literal ``(re,im)``, the comparisons and connectives as
Fortran 77's dotted operators (``.EQ.``, ``.NE.``, ``.LT.``, ``.AND.``, ``.NOT.``, valid in
every Fortran), strings with a doubled quote inside.  Functions keep WL's names with
parentheses (``Sin(x)``), as WL's FortranForm writes them.

``FortranForm[expr]`` is an inert wrapper that prints as Fortran; ``ToString[expr,
FortranForm]`` is that text.  Long lines are not split into continuation lines.
"""

from __future__ import annotations

from wlnet.builtins.c_form import _P_ATOM, _P_UNARY, CWriter
from wlnet.core.expr import Complex, Integer, Rational, String
from wlnet.core.registry import declare
from wlnet.syntax.printer import register_output_format

declare("FortranForm", attributes=("Protected",),
        usage="FortranForm[expr] prints expr as Fortran text (x**2 + Sqrt(y)); "
              "ToString[expr, FortranForm] is that text.")


class FortranWriter(CWriter):
    form = "FortranForm"
    relations = {"Equal": ".EQ.", "Unequal": ".NE.", "Less": ".LT.", "LessEqual": ".LE.",
                 "Greater": ".GT.", "GreaterEqual": ".GE."}
    logic = {"And": " .AND. ", "Or": " .OR. ", "Not": ".NOT. "}

    def _number(self, e):
        if type(e) is Complex:
            return f"({self._c(e.re)[0]},{self._c(e.im)[0]})", _P_ATOM
        return super()._number(e)

    def _power(self, base, exponent):
        if exponent in (Rational(1, 2), Rational(-1, 2), Integer(-1)):
            return super()._power(base, exponent)
        # ** binds tighter than a sign: -x**2 is -(x**2), and a negative or compound
        # exponent is parenthesised (x**(-2), x**(a*b))
        return f"{self._wrap(base, _P_ATOM)}**{self._wrap(exponent, _P_ATOM)}", _P_UNARY

    def _c(self, e):
        if type(e) is String:
            return '"' + e.value.replace('"', '""') + '"', _P_ATOM
        return super()._c(e)


def fortran_text(e) -> str:
    """The Fortran text of an expression, as FortranForm prints it."""
    return FortranWriter().text(e)


register_output_format("FortranForm",
                       lambda e: fortran_text(e.args[0]) if len(e.args) == 1 else None)
