"""TeXForm: an expression as TeX (LaTeX math) text, in the notation WL's TeXForm writes.

``TeXForm[expr]`` is an inert wrapper (its argument evaluates) that prints as TeX, and
``ToString[expr, TeXForm]`` is that text.  The conventions are the Wolfram Language's:
no spaces around + and -, a space between factors, ``\\frac{num}{den}`` for negative
powers and fractions, ``\\sqrt{x}`` and ``\\sqrt[n]{x}``, braces only round exponents of
more than one character, ``\\sin (x)`` for the named functions and ``f(x)`` for others,
``\\text{…}`` for symbols of several letters and strings, ``\\{…\\}`` for lists and an
``array`` in parentheses for a matrix; a polynomial in one variable is written from its
highest power down, as TraditionalForm shows it.  The user's format values for TeXForm,
then TraditionalForm and every form (``Format[f[x_], TeXForm] := …``) apply at every
subexpression.
"""

from __future__ import annotations

import unicodedata
from wlnet.builtins._listutil import from_number
from wlnet.core.expr import Complex, Expr, Integer, Rational, Real, S, String, Symbol
from wlnet.core.registry import declare
from wlnet.syntax.printer import register_output_format, text_form, with_format_value

declare("TeXForm", attributes=("Protected",),
        usage="TeXForm[expr] prints expr as TeX math text (x^2+\\sqrt{y}); "
              "ToString[expr, TeXForm] is that text.")

# (a command keeps the space after it, as WL writes it: 2 \pi  r, \sqrt{2 \pi })
_CONSTANTS = {"Pi": "\\pi ", "E": "e", "I": "i", "Infinity": "\\infty ",
              "EulerGamma": "\\gamma ", "Degree": "{}^{\\circ}", "GoldenRatio": "\\phi ",
              "Catalan": "C"}
# Heads TeX has an operator name for: \sin (x).
_NAMED = {"Sin": "\\sin", "Cos": "\\cos", "Tan": "\\tan", "Cot": "\\cot", "Sec": "\\sec",
          "Csc": "\\csc", "Sinh": "\\sinh", "Cosh": "\\cosh", "Tanh": "\\tanh",
          "Coth": "\\coth", "Log": "\\log", "Det": "\\det", "Max": "\\max", "Min": "\\min",
          "Exp": "\\exp", "Gamma": "\\Gamma", "Zeta": "\\zeta", "Erf": "\\text{erf}",
          "ArcSin": "\\sin ^{-1}", "ArcCos": "\\cos ^{-1}", "ArcTan": "\\tan ^{-1}",
          "ArcSinh": "\\sinh ^{-1}", "ArcCosh": "\\cosh ^{-1}", "ArcTanh": "\\tanh ^{-1}"}
# (an inverse's ^{-1} is followed by its parenthesis directly: \tan ^{-1}(x))
_RELATIONS = {"Equal": "=", "Unequal": "\\neq ", "Less": "<", "Greater": ">",
              "LessEqual": "\\leq ", "GreaterEqual": "\\geq ", "Rule": "\\to ",
              "And": "\\land ", "Or": "\\lor ", "SameQ": "\\equiv "}
_GREEK_CAPITALS = {"GAMMA", "DELTA", "THETA", "LAMBDA", "XI", "PI", "SIGMA", "UPSILON",
                   "PHI", "PSI", "OMEGA"}

# Precedences: a part binding more loosely than where it stands gets parentheses.
_P_RELATION, _P_PLUS, _P_TIMES, _P_POWER, _P_ATOM = 1, 2, 3, 4, 5


def _letter(ch: str) -> str:
    """A Greek letter as its TeX command; any other character as it is."""
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return ch
    if name.startswith("GREEK SMALL LETTER "):
        return "\\" + name.split()[-1].lower() + " "
    if name.startswith("GREEK CAPITAL LETTER "):
        word = name.split()[-1]
        return "\\" + word.capitalize() + " " if word in _GREEK_CAPITALS else ch
    return ch


def _symbol(s: Symbol) -> str:
    name = s.name.rsplit("`", 1)[-1]
    if name in _CONSTANTS:
        return _CONSTANTS[name]
    if len(name) == 1:
        return _letter(name)
    return "\\text{" + name + "}"


def _braced(text: str) -> str:
    """An exponent or subscript: braces unless it is one character."""
    return text if len(text) == 1 else "{" + text + "}"


def _number(e) -> tuple[str, int]:
    if type(e) is Rational:
        sign = "-" if e.numerator < 0 else ""
        return f"{sign}\\frac{{{abs(e.numerator)}}}{{{e.denominator}}}", \
            _P_TIMES if sign else _P_ATOM
    if type(e) is Complex:
        return _tex(Expr(S.Plus, e.re, Expr(S.Times, e.im, S.I))
                    if not _is_zero(e.re) else Expr(S.Times, e.im, S.I))
    text = text_form(e)
    if type(e) is Real and "*10^" in text:         # 1.5*10^-8 -> 1.5\times 10^{-8}
        mantissa, exponent = text.split("*10^")
        text = f"{mantissa}\\times 10^{_braced(exponent)}"
    return text, (_P_PLUS if text.startswith("-") else _P_ATOM)


def _is_zero(e) -> bool:
    return type(e) in (Integer, Real) and e.value == 0


def _negative(e) -> bool:
    """A number below zero, or a product with one as its coefficient."""
    if type(e) in (Integer, Real):
        return e.value < 0
    if type(e) is Rational:
        return e.numerator < 0
    return type(e) is Expr and e.head is S.Times and bool(e.args) and _negative(e.args[0])


def _negated_number(x):
    if type(x) is Integer:
        return Integer(-x.value)
    if type(x) is Rational:
        return Rational(-x.numerator, x.denominator)
    return Real(-x.value) if x.is_machine else Expr(S.Times, Integer(-1), x)


def _negated(e):
    """-e for a negative number or a product with a negative coefficient."""
    if type(e) in (Integer, Real, Rational):
        return _negated_number(e)
    coefficient = _negated_number(e.args[0])
    rest = list(e.args[1:])
    if not (type(coefficient) is Integer and coefficient.value == 1):
        rest.insert(0, coefficient)
    return rest[0] if len(rest) == 1 else Expr(S.Times, *rest)


def _wrap(e, at_least: int) -> str:
    text, precedence = _tex(e)
    return f"({text})" if precedence < at_least else text


def _monomial_degree(term) -> int | None:
    """The total degree of a monomial c x^n y^m … in its variables (None for anything
    else: a sum of such terms is a polynomial only if each is one)."""
    if type(term) in (Integer, Rational, Real):
        return 0
    if type(term) is Symbol:
        return 0 if term.name in _CONSTANTS else 1
    if type(term) is Expr and term.head is S.Power and type(term.args[0]) is Symbol and \
            type(term.args[1]) is Integer and term.args[1].value > 0:
        return term.args[1].value * _monomial_degree(term.args[0])
    if type(term) is Expr and term.head is S.Times:
        degrees = [_monomial_degree(f) for f in term.args]
        return None if None in degrees else sum(degrees)
    return None


def _traditional_order(terms: list) -> list:
    """The terms of a polynomial from the highest total degree down (ties in the
    standard order), as TraditionalForm writes a polynomial; other sums as they are."""
    degrees = [_monomial_degree(t) for t in terms]
    if None in degrees:
        return terms
    return [t for _, t in sorted(zip(degrees, terms), key=lambda p: -p[0])]


def _plus(e) -> tuple[str, int]:
    out = ""
    for i, term in enumerate(_traditional_order(list(e.args))):
        if _negative(term):
            out += "-" + _wrap(_negated(term), _P_TIMES)
        else:
            out += ("+" if i else "") + _wrap(term, _P_PLUS + 1)
    return out, _P_PLUS


def _split_fraction(factors):
    """(numerator factors, denominator factors) of a product."""
    top, bottom = [], []
    for f in factors:
        if type(f) is Rational:
            if abs(f.numerator) != 1:
                top.append(Integer(f.numerator))
            elif f.numerator == -1:
                top.insert(0, Integer(-1))
            bottom.append(Integer(f.denominator))
        elif type(f) is Expr and f.head is S.Power and _negative(f.args[1]) and \
                f.args[0] is not S.E:                # e^{-x} stays a power
            exponent = _negated(f.args[1])
            bottom.append(f.args[0] if exponent == Integer(1) else
                          Expr(S.Power, f.args[0], exponent))
        else:
            top.append(f)
    return top, bottom


def _product(factors) -> str:
    if not factors:
        return "1"
    sign = ""
    if type(factors[0]) is Integer and factors[0].value == -1 and len(factors) > 1:
        sign, factors = "-", factors[1:]
    parts = [_wrap(f, _P_TIMES + (0 if i == 0 else 1)) if type(f) is not Expr or
             f.head is not S.Plus else f"({_tex(f)[0]})" for i, f in enumerate(factors)]
    return sign + " ".join(parts)


def _times(e) -> tuple[str, int]:
    top, bottom = _split_fraction(list(e.args))
    if not bottom:
        return _product(top), _P_TIMES
    sign = ""
    if top and type(top[0]) is Integer and top[0].value == -1:
        sign, top = "-", top[1:]
    return f"{sign}\\frac{{{_fraction_part(top)}}}{{{_fraction_part(bottom)}}}", _P_TIMES


def _fraction_part(factors) -> str:
    """A numerator or denominator: a lone sum needs no parentheses there."""
    if len(factors) == 1 and type(factors[0]) is Expr and factors[0].head is S.Plus:
        return _tex(factors[0])[0]
    return _product(factors)


def _power(e) -> tuple[str, int]:
    base, exponent = e.args
    if type(exponent) is Rational and exponent.numerator == 1:
        root = "" if exponent.denominator == 2 else f"[{exponent.denominator}]"
        return f"\\sqrt{root}{{{_tex(base)[0]}}}", _P_ATOM
    if _negative(exponent) and base is not S.E:
        return _times(Expr(S.Times, e))
    text = _wrap(base, _P_POWER + 1) if base is not S.E else "e"
    return text + "^" + _braced(_exponent(exponent)), _P_POWER


def _exponent(e) -> str:
    """An exponent: a fraction in it is written inline (x^{2/3})."""
    if type(e) is Rational:
        return f"{e.numerator}/{e.denominator}"
    return _tex(e)[0]


def _arguments(args) -> str:
    return ",".join(_tex(a)[0] for a in args)


def _matrix(rows) -> str:
    columns = len(rows[0].args)
    body = "\n".join(" " + " & ".join(_tex(x)[0] for x in r.args) + " \\\\" for r in rows)
    return "\\left(\n\\begin{array}{" + "c" * columns + "}\n" + body + \
        "\n\\end{array}\n\\right)"


def _is_matrix(e) -> bool:
    return bool(e.args) and all(type(r) is Expr and r.head is S.List and r.args for r in e.args) \
        and len({len(r.args) for r in e.args}) == 1 and \
        not any(type(x) is Expr and x.head is S.List for r in e.args for x in r.args)


_INFINITIES = {1: "\\infty ", -1: "-\\infty "}


def _compound(e: Expr) -> tuple[str, int]:
    head, args = e.head, e.args
    name = head.name if type(head) is Symbol else None
    if name == "DirectedInfinity":
        if not args:
            return "\\tilde{\\infty}", _P_ATOM
        if type(args[0]) is Integer and args[0].value in _INFINITIES:
            return _INFINITIES[args[0].value], _P_ATOM if args[0].value > 0 else _P_PLUS
    if name == "Plus":
        return _plus(e)
    if name == "Times":
        return _times(e)
    if name == "Power" and len(args) == 2:
        return _power(e)
    if name == "Sqrt" and len(args) == 1:
        return f"\\sqrt{{{_tex(args[0])[0]}}}", _P_ATOM
    if name == "List":
        if _is_matrix(e):
            return _matrix(args), _P_ATOM
        return "\\{" + _arguments(args) + "\\}", _P_ATOM
    if name in ("MatrixForm", "TraditionalForm", "HoldForm", "TeXForm") and len(args) == 1:
        return _tex(args[0])
    if name == "Quantity":
        found = _quantity(e)
        if found is not None:
            return found
    if name == "SparseArray":
        from wlnet.builtins.sparse_arrays import read_sparse
        sparse = read_sparse(e)
        if sparse is not None:                 # written out, as its MatrixForm shows it
            return _tex(sparse.dense())
    if name in _RELATIONS and len(args) >= 2:
        return _RELATIONS[name].join(_wrap(a, _P_RELATION + 1) for a in args), _P_RELATION
    if name == "Not" and len(args) == 1:
        return "\\neg " + _wrap(args[0], _P_ATOM), _P_TIMES
    if name == "Abs" and len(args) == 1:
        return f"\\left| {_tex(args[0])[0]}\\right|", _P_ATOM
    if name == "Log" and len(args) == 2:
        return f"\\log _{_braced(_tex(args[0])[0])}({_tex(args[1])[0]})", _P_ATOM
    if name == "Subscript" and len(args) >= 2:
        return _wrap(args[0], _P_ATOM) + "_" + _braced(_arguments(args[1:])), _P_ATOM
    if name == "Factorial" and len(args) == 1:
        return _wrap(args[0], _P_ATOM) + "!", _P_POWER
    if name in _NAMED:
        space = "" if _NAMED[name].endswith("}") else " "
        return f"{_NAMED[name]}{space}({_arguments(args)})", _P_ATOM
    if type(head) is Expr and type(head.head) is Expr and head.head.head is S.Derivative \
            and len(head.args) == 1 and len(head.head.args) == 1 and \
            type(head.head.args[0]) is Integer:
        order = head.head.args[0].value
        primes = "'" * order if order <= 3 else f"^{{({order})}}"
        return f"{_tex(head.args[0])[0]}{primes}({_arguments(args)})", _P_ATOM
    return f"{_wrap(head, _P_ATOM)}({_arguments(args)})", _P_ATOM


def _quantity(e) -> tuple[str, int] | None:
    """3\\text{ m}, 9.8\\text{ m}/\\text{s}^2: the magnitude, then the unit symbols
    upright (the ones with positive powers, then a slash and the others)."""
    from wlnet.builtins.quantities import _SYMBOLS, _split
    split = _split(e)
    if split is None:
        return None
    magnitude, parts = split

    def unit(name, power):
        text = "\\text{" + _SYMBOLS.get(name, name) + "}"
        return text if power == 1 else text + "^" + _braced(_number(from_number(power))[0])
    above = [unit(n, p) for n, p in sorted(parts.items(), key=lambda kv: -kv[1]) if p > 0]
    below = [unit(n, -p) for n, p in parts.items() if p < 0]
    units = " ".join(above) or "1"
    if below:
        units += "/" + (below[0] if len(below) == 1 else "(" + " ".join(below) + ")")
    if units.startswith("\\text{"):
        units = "\\text{ " + units[len("\\text{"):]      # the space before the unit
    return _wrap(magnitude, _P_TIMES) + units, _P_TIMES


def _tex(e) -> tuple[str, int]:
    """(TeX text, precedence) of e."""
    if type(e) is Symbol or type(e) is Expr:
        # Format[e, TeXForm] := … and Format[e] := … rules write e as their value
        formatted = with_format_value(e, "TeXForm", _tex)
        if formatted is not None:
            return formatted
    if type(e) is Symbol:
        return _symbol(e), _P_ATOM
    if type(e) is String:
        return "\\text{" + e.value + "}", _P_ATOM
    if type(e) in (Integer, Real, Rational, Complex):
        return _number(e)
    if type(e) is Expr:
        return _compound(e)
    return text_form(e), _P_ATOM


def tex(e) -> str:
    """The TeX text of an expression, as TeXForm prints it."""
    return _tex(e)[0].strip()


register_output_format("TeXForm", lambda e: tex(e.args[0]) if len(e.args) == 1 else None)
