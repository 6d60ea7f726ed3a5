"""CForm: an expression as C language text, in the notation WL's CForm writes (the macros
of its mdefs.h header: ``Power(x,2)``, ``Sqrt(x)``, ``Sin(x)``, ``E``, ``Pi``).

``CForm[expr]`` is an inert wrapper that prints as C, and ``ToString[expr, CForm]`` is that
text.  Sums are written with `` + `` and `` - ``, products with ``*``, a factor with a
negative power below a ``/`` (``x/y``, ``(3*x)/2``), a power as ``Power(x,n)`` (a power
alone of -1 is ``1/x``, of 1/2 ``Sqrt(x)``), a rational number or exponent as its
machine value (C has no rationals), other functions as ``f(x,y)``, lists as ``List(…)``,
complex numbers as ``Complex(re,im)``.
"""

from __future__ import annotations



from wlnet.core.expr import Complex, Expr, Integer, Rational, Real, S, String, Symbol
from wlnet.core.registry import declare
from wlnet.syntax.printer import register_output_format, text_form, with_format_value

declare("CForm", attributes=("Protected",),
        usage="CForm[expr] prints expr as C language text (Power(x,2) + Sqrt(y)); "
              "ToString[expr, CForm] is that text.")

# Precedences: a part binding more loosely than where it stands gets parentheses.
_P_OR, _P_AND, _P_RELATION, _P_PLUS, _P_TIMES, _P_UNARY, _P_ATOM = 1, 2, 3, 4, 5, 6, 7


def _real(x: float) -> str:
    """A machine real as C writes a double, with its shortest digits: 2.5, 1., and
    1.5e10 or 1.e-7 where WL's printing would use *^ (1e6 and up, below 1e-5)."""
    import numpy as np
    x = float(x)
    if x != 0 and np.isfinite(x) and not 1e-5 <= abs(x) < 1e6:
        mantissa, exponent = np.format_float_scientific(x, unique=True, trim=".").split("e")
        return f"{mantissa}e{int(exponent)}"
    text = repr(x)
    return text[:-1] if text.endswith(".0") else text


def _negative(e):
    """-e's parts when e reads with a leading minus (a negative coefficient), else None."""
    if type(e) in (Integer, Real) and e.value < 0:
        return type(e)(-e.value)
    if type(e) is Rational and e.numerator < 0:
        return Rational(-e.numerator, e.denominator)
    if type(e) is Expr and e.head is S.Times and e.args:
        first = _negative(e.args[0])
        if first is not None:
            rest = e.args[1:]
            if first == Integer(1):
                return rest[0] if len(rest) == 1 else Expr(S.Times, *rest)
            return Expr(S.Times, first, *rest)
    return None


def _split_fraction(args):
    """(numerator factors, denominator factors) of a product: negative powers and the
    denominator of a rational coefficient go below."""
    above, below = [], []
    for f in args:
        if type(f) is Rational:
            if f.numerator != 1:
                above.append(Integer(f.numerator))
            below.append(Integer(f.denominator))
        elif type(f) is Expr and f.head is S.Power and len(f.args) == 2 and \
                _negative(f.args[1]) is not None:
            exponent = _negative(f.args[1])
            below.append(f.args[0] if exponent == Integer(1) else
                         Expr(S.Power, f.args[0], exponent))
        else:
            above.append(f)
    return above, below


class CWriter:
    """Writes an expression as C text.  Another language's form (FortranForm) subclasses it
    and changes what differs: numbers, powers, operators, the form whose format values
    apply."""

    form = "CForm"
    relations = {"Equal": "==", "Unequal": "!=", "Less": "<", "LessEqual": "<=",
                 "Greater": ">", "GreaterEqual": ">="}
    logic = {"And": " && ", "Or": " || ", "Not": "!"}

    def _number(self, e) -> tuple[str, int]:
        if type(e) is Integer:
            return str(e.value), _P_ATOM if e.value >= 0 else _P_UNARY
        if type(e) is Rational:
            value = e.numerator / e.denominator
            return _real(value), _P_ATOM if value >= 0 else _P_UNARY
        if type(e) is Real:
            text = _real(float(e.value))
            return text, _P_UNARY if text.startswith("-") else _P_ATOM
        return f"Complex({self._c(e.re)[0]},{self._c(e.im)[0]})", _P_ATOM

    def _wrap(self, e, precedence: int) -> str:
        text, own = self._c(e)
        return f"({text})" if own < precedence else text

    def _arguments(self, args) -> str:
        return ",".join(self._c(a)[0] for a in args)

    def _plus(self, args) -> tuple[str, int]:
        text = self._wrap(args[0], _P_PLUS)
        for term in args[1:]:
            negated = _negative(term)
            if negated is not None:
                text += " - " + self._wrap(negated, _P_TIMES)
            else:
                text += " + " + self._wrap(term, _P_PLUS)
        return text, _P_PLUS

    def _product(self, factors) -> str:
        return "*".join(self._wrap(f, _P_TIMES + (1 if i else 0))
                        for i, f in enumerate(factors))

    def _times(self, e) -> tuple[str, int]:
        negated = _negative(e)
        if negated is not None:
            return "-" + self._wrap(negated, _P_UNARY + 1 if type(negated) is Expr and
                                    negated.head is S.Times else _P_UNARY), _P_UNARY
        above, below = _split_fraction(e.args)
        if not below:
            return self._product(above), _P_TIMES
        top = self._product(above) if above else "1"
        if len(above) > 1:
            top = f"({top})"
        bottom = self._product(below)
        if len(below) > 1 or self._c(below[0])[1] < _P_ATOM:
            bottom = f"({bottom})"
        return f"{top}/{bottom}", _P_TIMES

    def _power(self, base, exponent) -> tuple[str, int]:
        if exponent == Rational(1, 2):
            return f"Sqrt({self._c(base)[0]})", _P_ATOM
        if exponent == Rational(-1, 2):
            return f"1/Sqrt({self._c(base)[0]})", _P_TIMES
        if exponent == Integer(-1):
            return "1/" + self._wrap(base, _P_ATOM), _P_TIMES
        return f"Power({self._c(base)[0]},{self._c(exponent)[0]})", _P_ATOM

    def _compound(self, e) -> tuple[str, int]:
        head, args = e.head, e.args
        name = head.name.rsplit("`", 1)[-1] if type(head) is Symbol else None
        if name == "Plus" and args:
            return self._plus(args)
        if name == "Times" and args:
            return self._times(e)
        if name == "Power" and len(args) == 2:
            return self._power(*args)
        if name in self.relations and len(args) >= 2:
            joint = f" {self.relations[name]} "
            return joint.join(self._wrap(a, _P_RELATION + 1) for a in args), _P_RELATION
        if name in ("And", "Or") and args:
            own = _P_AND if name == "And" else _P_OR
            return self.logic[name].join(self._wrap(a, own + 1) for a in args), own
        if name == "Not" and len(args) == 1:
            return self.logic["Not"] + self._wrap(args[0], _P_UNARY), _P_UNARY
        if name == "Rational" and len(args) == 2:
            return f"{self._wrap(args[0], _P_ATOM)}/{self._wrap(args[1], _P_ATOM)}", _P_TIMES
        return f"{self._wrap(head, _P_ATOM)}({self._arguments(args)})", _P_ATOM

    def _c(self, e) -> tuple[str, int]:
        """(text, precedence) of e."""
        if type(e) is Symbol or type(e) is Expr:
            formatted = with_format_value(e, self.form, self._c)    # Format[e, CForm] := …
            if formatted is not None:
                return formatted
        if type(e) is Symbol:
            return e.name.rsplit("`", 1)[-1], _P_ATOM
        if type(e) is String:
            return '"' + e.value.replace("\\", "\\\\").replace('"', '\\"') + '"', _P_ATOM
        if type(e) in (Integer, Real, Rational, Complex):
            return self._number(e)
        if type(e) is Expr:
            return self._compound(e)
        return text_form(e), _P_ATOM

    def text(self, e) -> str:
        return self._c(e)[0]


def c_text(e) -> str:
    """The C text of an expression, as CForm prints it."""
    return CWriter().text(e)


register_output_format("CForm", lambda e: c_text(e.args[0]) if len(e.args) == 1 else None)

