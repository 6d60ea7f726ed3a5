"""Expressions to SymPy and back, for the symbolic algebra and calculus builtins
(``D``, ``Integrate``, ``Solve``, ``Simplify``, ``Series``…).

SymPy is a well-kept computer-algebra library (Mathics3, our core-language oracle, computes
on it too); writing differentiation, integration and equation solving again would be a
second, weaker copy.  It is imported on the first symbolic call, never at start-up.

``to_sympy(expr)`` gives a ``Translation``: the SymPy object and the way back.  Symbols
become SymPy symbols with no assumptions (complex, as the Wolfram Language's are); a
function the bridge does not know, ``f[x]``, becomes an undefined SymPy function of the
same name, so ``D[f[x], x]`` is ``f'[x]``; any other subexpression (strings, ``g[x][y]``,
heads SymPy has no counterpart for) becomes an opaque symbol that stands for it, and
``Translation.opaque_contains(var)`` tells whether one of them involves a variable (then
calculus in that variable cannot be trusted and the caller leaves the input unevaluated).
``from_sympy(obj, translation)`` maps a result back; what has no Wolfram form raises
``Untranslatable`` and the caller leaves its input unevaluated.
"""

from __future__ import annotations

from fractions import Fraction

from wlnet.builtins._listutil import is_list
from wlnet.core.expr import Complex, Expr, Integer, Rational, Real, S, String, Symbol

# Wolfram heads and the SymPy functions of the same meaning, one argument each unless said.
_FUNCTIONS = {
    "Sin": "sin", "Cos": "cos", "Tan": "tan", "Cot": "cot", "Sec": "sec", "Csc": "csc",
    "ArcSin": "asin", "ArcCos": "acos", "ArcCot": "acot", "ArcSec": "asec", "ArcCsc": "acsc",
    "Sinh": "sinh", "Cosh": "cosh", "Tanh": "tanh", "Coth": "coth", "Sech": "sech",
    "Csch": "csch", "ArcSinh": "asinh", "ArcCosh": "acosh", "ArcTanh": "atanh",
    "ArcCoth": "acoth", "Abs": "Abs", "Sign": "sign", "Gamma": "gamma", "LogGamma": "loggamma",
    "Erf": "erf", "Erfc": "erfc", "Erfi": "erfi", "Zeta": "zeta", "Floor": "floor",
    "Ceiling": "ceiling", "Factorial": "factorial", "Binomial": "binomial", "Re": "re",
    "Im": "im", "Conjugate": "conjugate", "Arg": "arg", "DiracDelta": "DiracDelta",
    "KroneckerDelta": "KroneckerDelta", "PolyGamma": "polygamma", "Beta": "beta",
    "HarmonicNumber": "harmonic",
    "BesselJ": "besselj", "BesselY": "bessely", "BesselI": "besseli", "BesselK": "besselk",
    "ExpIntegralEi": "Ei", "SinIntegral": "Si", "CosIntegral": "Ci", "LogIntegral": "li",
    "Max": "Max", "Min": "Min", "HeavisideTheta": "Heaviside", "UnitStep": "Heaviside",
    "ProductLog": "LambertW", "Fibonacci": "fibonacci", "EllipticK": "elliptic_k",
    "LucasL": "lucas",
    "EllipticE": "elliptic_e", "AiryAi": "airyai", "AiryBi": "airybi",
    "AiryAiPrime": "airyaiprime", "AiryBiPrime": "airybiprime", "EllipticF": "elliptic_f",
    "ExpIntegralE": "expint", "InverseErf": "erfinv", "InverseErfc": "erfcinv",
    "FresnelS": "fresnels", "FresnelC": "fresnelc", "SinhIntegral": "Shi",
    "CoshIntegral": "Chi", "LegendreP": "legendre", "HermiteH": "hermite",
    "LaguerreL": "laguerre", "ChebyshevT": "chebyshevt", "ChebyshevU": "chebyshevu",
    "GegenbauerC": "gegenbauer", "JacobiP": "jacobi", "Pochhammer": "RisingFactorial",
    "PolyLog": "polylog", "Sinc": "sinc",
}
# SymPy's names back to Wolfram heads (Heaviside is UnitStep: what scripts write).
_BACK = {v: k for k, v in _FUNCTIONS.items()}
_BACK.update({"Heaviside": "UnitStep", "Abs": "Abs", "exp": None, "log": "Log",
              "atan": "ArcTan"})

_RELATIONS = {"Equal": "Eq", "Unequal": "Ne", "Less": "Lt", "LessEqual": "Le",
              "Greater": "Gt", "GreaterEqual": "Ge"}
_RELATIONS_BACK = {"Equality": "Equal", "Unequality": "Unequal", "StrictLessThan": "Less",
                   "LessThan": "LessEqual", "StrictGreaterThan": "Greater",
                   "GreaterThan": "GreaterEqual"}


class Untranslatable(Exception):
    """An object with no counterpart on the other side."""


def sympy():
    """SymPy, imported on first use (about half a second).  An import cut short (an abort or
    a time limit during it) leaves half-made modules behind: they are dropped, so that the
    next use imports SymPy again instead of failing for the rest of the session."""
    try:
        import sympy as sp
        if hasattr(sp, "polys") and hasattr(sp, "assumptions"):
            return sp
    except BaseException:
        _forget_sympy()
        raise
    _forget_sympy()
    import sympy as sp
    return sp


def _forget_sympy():
    import sys
    for name in [m for m in sys.modules if m == "sympy" or m.startswith("sympy.")]:
        del sys.modules[name]


class Translation:
    """One expression's symbols, functions and opaque parts, both ways."""

    def __init__(self):
        self.sp = sympy()
        from sympy.core.function import AppliedUndef
        self.AppliedUndef = AppliedUndef       # an undefined function applied: f(x)
        self._symbols: dict = {}        # wl Symbol -> sympy Symbol
        self._back: dict = {}           # sympy Symbol / function class -> wl expr
        self._functions: dict = {}      # wl head Symbol -> sympy function class
        self._opaque: dict = {}         # wl expr -> sympy Dummy

    # ------------------------------------------------------------------ to SymPy
    def symbol(self, sym: Symbol):
        s = self._symbols.get(sym)
        if s is None:
            s = self.sp.Symbol(f"x{len(self._symbols)}_{_safe(sym.name)}")
            self._symbols[sym] = s
            self._back[s] = sym
        return s

    def opaque(self, e):
        d = self._opaque.get(e)
        if d is None:
            d = self.sp.Dummy(f"o{len(self._opaque)}")
            self._opaque[e] = d
            self._back[d] = e
        return d

    def opaque_contains(self, var) -> bool:
        """Whether a part the bridge could not translate involves ``var``."""
        return any(_contains(e, var) for e in self._opaque)

    def to(self, e):
        sp = self.sp
        t = type(e)
        if t is Integer:
            return sp.Integer(e.value)
        if t is Rational:
            return sp.Rational(e.numerator, e.denominator)
        if t is Real:
            if e.is_machine:
                return sp.Float(e.value)
            import mpmath
            return sp.Float(mpmath.mpf(e.value.v), dps=max(int(e.precision), 1))
        if t is Complex:
            return self.to(e.re) + sp.I * self.to(e.im)
        if t is Symbol:
            return self._constant(e)
        if t is not Expr:
            return self.opaque(e)
        return self._compound(e)

    def _constant(self, sym: Symbol):
        sp = self.sp
        constants = {"Pi": sp.pi, "E": sp.E, "EulerGamma": sp.EulerGamma,
                     "GoldenRatio": sp.GoldenRatio, "Catalan": sp.Catalan,
                     "Degree": sp.pi / 180, "True": sp.true, "False": sp.false,
                     "Indeterminate": sp.nan}
        c = constants.get(sym.name)
        return c if c is not None else self.symbol(sym)

    def _arg(self, e):
        """An argument of an arithmetic or function head: a list there has no SymPy form,
        so it stands as an opaque part."""
        o = self.to(e)
        if isinstance(o, list) or o is self.sp.true or o is self.sp.false:
            return self.opaque(e)              # True in a sum is a symbol-like part, as WL
        return o

    def _compound(self, e: Expr):
        sp = self.sp
        head = e.head
        name = head.name if type(head) is Symbol else None
        args = e.args
        if name is None:
            return self._derivative(e)
        if name == "Plus":
            return sp.Add(*[self._arg(a) for a in args])
        if name == "Times":
            return sp.Mul(*[self._arg(a) for a in args])
        if name == "Power" and len(args) == 2:
            return sp.Pow(self._arg(args[0]), self._arg(args[1]))
        if name == "Log" and len(args) in (1, 2):
            return sp.log(*[self._arg(a) for a in reversed(args)])
        if name == "ArcTan" and len(args) in (1, 2):
            return sp.atan(self._arg(args[0])) if len(args) == 1 else \
                sp.atan2(self._arg(args[1]), self._arg(args[0]))
        if name == "Exp" and len(args) == 1:
            return sp.exp(self._arg(args[0]))
        if name == "Sqrt" and len(args) == 1:
            return sp.sqrt(self._arg(args[0]))
        if name == "LogisticSigmoid" and len(args) == 1:
            return 1 / (1 + sp.exp(-self._arg(args[0])))
        if name == "DirectedInfinity":
            if not args:
                return sp.zoo
            return sp.oo * self._arg(args[0])
        if name in _RELATIONS and len(args) == 2:
            return getattr(sp, _RELATIONS[name])(self._arg(args[0]), self._arg(args[1]),
                                                 evaluate=False)
        if name in _RELATIONS and len(args) > 2 and name != "Unequal":
            # a chain a <= b <= c is each neighbouring pair at once
            terms = [self._arg(a) for a in args]
            relation = getattr(sp, _RELATIONS[name])
            return sp.And(*[relation(u, v, evaluate=False) for u, v in zip(terms, terms[1:])])
        if name in ("And", "Or", "Not"):
            return getattr(sp, name)(*[self.to(a) for a in args])
        if name == "Piecewise" and args and is_list(args[0]):
            pieces = [(self._arg(c.args[0]), self._arg(c.args[1])) for c in args[0].args
                      if is_list(c) and len(c.args) == 2]
            default = self._arg(args[1]) if len(args) == 2 else sp.Integer(0)
            return sp.Piecewise(*pieces, (default, True))
        if name == "List":
            return [self.to(a) for a in args]
        if name == "Gamma" and len(args) == 2:           # the upper incomplete gamma
            return sp.uppergamma(self._arg(args[0]), self._arg(args[1]))
        if name == "ProductLog" and len(args) == 2:      # ProductLog[k, z] is LambertW(z, k)
            return sp.LambertW(self._arg(args[1]), self._arg(args[0]))
        if name in _FUNCTIONS:
            f = getattr(sp, _FUNCTIONS[name])
            try:
                return f(*[self._arg(a) for a in args])
            except (TypeError, ValueError):
                return self.opaque(e)
        if name is not None and not _is_system(head):
            f = self._functions.get(head)
            if f is None:
                f = sp.Function(f"f{len(self._functions)}_{_safe(name)}")
                self._functions[head] = f
                self._back[f] = head
            return f(*[self._arg(a) for a in args])
        return self.opaque(e)

    def _derivative(self, e: Expr):
        """``Derivative[n1, n2][f][x, y]`` (what D of an undefined function gives)."""
        head = e.head
        if (type(head) is Expr and type(head.head) is Expr and head.head.head is S.Derivative
                and type(head.args[0] if len(head.args) == 1 else None) is Symbol
                and len(head.head.args) == len(e.args)
                and all(type(n) is Integer and n.value >= 0 for n in head.head.args)):
            applied = self._compound(Expr(head.args[0], *e.args))
            if isinstance(applied, self.AppliedUndef):
                steps = [(a, n.value) for a, n in zip(applied.args, head.head.args) if n.value]
                if all(isinstance(a, self.sp.Symbol) for a, _ in steps):
                    return self.sp.Derivative(applied, *steps)
        return self.opaque(e)

    # ------------------------------------------------------------------ back
    def back(self, o):
        sp = self.sp
        if isinstance(o, (list, tuple)):
            return Expr(S.List, *[self.back(x) for x in o])
        if isinstance(o, dict):
            return Expr(S.List, *[Expr(S.Rule, self.back(k), self.back(v))
                                  for k, v in o.items()])
        if o is sp.true or o is True:
            return S["True"]
        if o is sp.false or o is False:
            return S["False"]
        if o in self._back:
            return self._back[o]
        if o.is_Integer:
            return Integer(int(o))
        if o.is_Rational:
            return Rational(int(o.p), int(o.q))
        if o.is_Float:
            return _float_back(o)
        if o is sp.I:
            return Complex(Integer(0), Integer(1))
        if o is sp.pi:
            return S.Pi
        if o is sp.E:
            return S.E
        if o is sp.EulerGamma:
            return S.EulerGamma
        if o is sp.GoldenRatio:
            return S.GoldenRatio
        if o is sp.Catalan:
            return S.Catalan
        if o is sp.oo:
            return Expr(S.DirectedInfinity, Integer(1))
        if o is sp.S.NegativeInfinity:
            return Expr(S.DirectedInfinity, Integer(-1))
        if o is sp.zoo:
            return Expr(S.DirectedInfinity)
        if o is sp.nan:
            return S.Indeterminate
        if o.is_Add:
            return Expr(S.Plus, *[self.back(a) for a in o.args])
        if o.is_Mul:
            return Expr(S.Times, *[self.back(a) for a in o.args])
        if o.is_Pow:
            return Expr(S.Power, self.back(o.base), self.back(o.exp))
        return self._function_back(o)

    def _function_back(self, o):
        sp = self.sp
        if isinstance(o, sp.exp):
            return Expr(S.Power, S.E, self.back(o.args[0]))
        if isinstance(o, sp.Derivative):
            return self._derivative_back(o)
        if isinstance(o, sp.Piecewise):
            return self._piecewise_back(o)
        if isinstance(o, sp.Order):
            raise Untranslatable(o)
        cls = type(o)
        if cls in self._back:                       # an undefined function of the input
            return Expr(self._back[cls], *[self.back(a) for a in o.args])
        rel = _RELATIONS_BACK.get(cls.__name__)
        if rel is not None:
            return Expr(Symbol(rel), self.back(o.lhs), self.back(o.rhs))
        if cls.__name__ in ("And", "Or", "Not"):
            return Expr(Symbol(cls.__name__), *[self.back(a) for a in o.args])
        if cls.__name__ == "atan2":
            return Expr(S.ArcTan, self.back(o.args[1]), self.back(o.args[0]))
        if cls.__name__ == "ComplexRootOf":            # Root[poly[#] &, k]
            return root_back(o)
        if cls.__name__ == "LambertW":
            return Expr(S.ProductLog, *[self.back(a) for a in reversed(o.args)])
        if cls.__name__ == "uppergamma":
            return Expr(S.Gamma, *[self.back(a) for a in o.args])
        if cls.__name__ == "lowergamma":                # Gamma[a, 0, z]
            return Expr(S.Gamma, self.back(o.args[0]), Integer(0), self.back(o.args[1]))
        name = _BACK.get(cls.__name__)
        if name:
            return Expr(Symbol(name), *[self.back(a) for a in o.args])
        if isinstance(o, sp.Symbol):           # a symbol SymPy made (an integration constant)
            return Symbol(o.name)
        raise Untranslatable(o)

    def _derivative_back(self, o):
        """``Derivative(f(x, y), x, x)`` is ``Derivative[2, 0][f][x, y]``."""
        sp = self.sp
        f = o.expr
        if not isinstance(f, self.AppliedUndef) or type(f) not in self._back:
            raise Untranslatable(o)
        counts = dict(o.variable_count)
        orders = []
        for a in f.args:
            if not isinstance(a, sp.Symbol) and a in counts:
                raise Untranslatable(o)
            orders.append(Integer(int(counts.get(a, 0))))
        return Expr(Expr(Expr(S.Derivative, *orders), self._back[type(f)]),
                    *[self.back(a) for a in f.args])

    def _piecewise_back(self, o):
        sp = self.sp
        pieces, default = [], Integer(0)
        for value, cond in o.args:
            if cond is sp.true:
                default = self.back(value)
                break
            pieces.append(Expr(S.List, self.back(value), self.back(cond)))
        return Expr(S.Piecewise, Expr(S.List, *pieces), default)


def root_back(o):
    """SymPy's k-th root (from 0) of a polynomial as WL's ``Root[poly[#1] &, k + 1]``."""
    slot = Expr(S.Slot, Integer(1))
    t = Translation()
    t._back[o.poly.gen] = slot
    body = t.back(o.poly.as_expr())
    return Expr(S.Root, Expr(S.Function, body), Integer(int(o.index) + 1))


def _float_back(o) -> Real:
    """A SymPy Float as a machine real (53 bits) or a bignum of its own precision."""
    if o._prec <= 53:
        return Real(float(o))
    digits = o._prec * 0.30102999566398120
    return Real(str(o), digits)


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in name)



def _is_system(head: Symbol) -> bool:
    """A builtin head (Sin, Plus, Part…): never an undefined function to SymPy."""
    from wlnet.core.registry import BUILTINS
    from wlnet.core.system_names import system_names
    name = head.name.rsplit("`", 1)[-1]
    return name in BUILTINS or name in system_names()


def _contains(e, var) -> bool:
    if e == var:
        return True
    if type(e) is Expr:
        return _contains(e.head, var) or any(_contains(a, var) for a in e.args)
    return False


def contains(e, var) -> bool:
    """Whether ``var`` occurs anywhere in ``e`` (heads included)."""
    return _contains(e, var)


def initial_condition(e, unknowns):
    """(unknown head, derivative order, point, value) of an initial condition y[x0] == v or
    Derivative[k][y][x0] == v (DSolve's and NDSolve's); None for any other expression."""
    if not (type(e) is Expr and e.head is S.Equal and len(e.args) == 2):
        return None
    lhs, rhs = e.args
    if type(lhs) is not Expr or len(lhs.args) != 1:
        return None
    head, k = lhs.head, 0
    if type(head) is Expr and type(head.head) is Expr and head.head.head is S.Derivative \
            and len(head.head.args) == 1 and type(head.head.args[0]) is Integer \
            and len(head.args) == 1:
        k, head = head.head.args[0].value, head.args[0]
    if head not in unknowns:
        return None
    return head, k, lhs.args[0], rhs


def to_sympy(e, translation: Translation | None = None):
    """(SymPy object, translation) of ``e``."""
    t = translation or Translation()
    return t.to(e), t


def exact_fraction_of(o) -> Fraction | None:
    return Fraction(int(o.p), int(o.q)) if getattr(o, "is_Rational", False) else None


__all__ = ["Translation", "Untranslatable", "to_sympy", "contains", "sympy", "String"]
