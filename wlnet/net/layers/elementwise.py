"""ElementwiseLayer[f]: f applied to every element.

f is a function of the elementwise table (``wlnet.net.functions``: Ramp, Tanh,
LogisticSigmoid, Sin, Erf, Gamma, …), one of the named activations ("ReLU", "SELU",
"GELU", …), or a pure function built from them with numbers, arithmetic, Min, Max, Clip,
Mod, Surd, Unitize, KroneckerDelta, comparisons, And, Or, Not, If, Which and Piecewise.
The function is compiled once, when the layer is built (or read back from an expression
or a file), into a tree of Python tuples; the layer's computation is that tree as a
composition of primitives, so its derivative comes from the primitives'.  The compiler
takes functions of several variables too (ThreadingLayer uses it).
"""

from __future__ import annotations

import math

import attrs

from wlnet.core.expr import Expr, Integer, Rational, Real, S, String, Symbol
from wlnet.net.errors import NetSpecError
from wlnet.net.functions import FUNCTIONS, NAMED_ACTIVATIONS, lookup
from wlnet.net.layers._shapes import SameShapeLayer
from wlnet.net.registry import register
from wlnet.net.spec import Param
from wlnet.net.wltext import short_text

# heads a pure function may use besides the table's functions
ARITHMETIC = {"Plus": "add", "Times": "times", "Power": "power", "Subtract": "subtract",
              "Divide": "divide", "Min": "min", "Max": "max"}
COMPARISONS = {"Greater": "greater", "GreaterEqual": "greater_equal", "Less": "less",
               "LessEqual": "less_equal", "Equal": "equal", "Unequal": "unequal"}
OTHER_HEADS = ("Minus", "Clip", "If", "Which", "Piecewise", "Mod", "Surd", "Unitize",
               "KroneckerDelta", "And", "Or", "Not", "Xor", "Nand", "Nor", "List", "Slot", "Function", "Quotient", "Boole")
CONSTANTS = {"E": math.e, "Pi": math.pi, "Degree": math.pi / 180, "GoldenRatio": (1 + 5 ** 0.5) / 2,
             "True": 1.0, "False": 0.0}

def _reciprocal(name):
    return lambda x: ("map", name, ("divide", ("num", 1.0), x))


def _within(tolerance):
    """x where |x| is at least ``tolerance``, else 0 (Threshold, Chop)."""
    return lambda x: ("where", ("greater_equal", ("map", "Abs", x), ("num", tolerance)), x, ("num", 0.0))


# documented functions of one argument that are compositions of the table's
DERIVED = {
    "ArcCot": _reciprocal("ArcTan"), "ArcCoth": _reciprocal("ArcTanh"),
    "ArcCsc": _reciprocal("ArcSin"), "ArcCsch": _reciprocal("ArcSinh"),
    "ArcSec": _reciprocal("ArcCos"), "ArcSech": _reciprocal("ArcCosh"),
    "Haversine": lambda x: ("times", ("num", 0.5), ("subtract", ("num", 1.0), ("map", "Cos", x))),
    "InverseHaversine": lambda x: ("times", ("num", 2.0), ("map", "ArcSin", ("map", "Sqrt", x))),
    "Gudermannian": lambda x: ("times", ("num", 2.0),
                               ("map", "ArcTan", ("map", "Tanh", ("times", ("num", 0.5), x)))),
    "InverseGudermannian": lambda x: ("times", ("num", 2.0),
                                      ("map", "ArcTanh", ("map", "Tan", ("times", ("num", 0.5), x)))),
    "Threshold": _within(1e-10), "Chop": _within(1e-10),
    "Negative": lambda x: ("less", x, ("num", 0.0)),
    "NonNegative": lambda x: ("greater_equal", x, ("num", 0.0)),
    "Positive": lambda x: ("greater", x, ("num", 0.0)),
    "NonPositive": lambda x: ("less_equal", x, ("num", 0.0)),
    "PossibleZeroQ": lambda x: ("equal", x, ("num", 0.0)),
    "Sinc": lambda x: _sinc(x),
    # UnitBox[x]: 1 for |x| <= 1/2, else 0; UnitTriangle[x]: Max[1 - |x|, 0] (core's values)
    "UnitBox": lambda x: ("less_equal", ("map", "Abs", x), ("num", 0.5)),
    "UnitTriangle": lambda x: ("max", ("subtract", ("num", 1.0), ("map", "Abs", x)), ("num", 0.0)),
}


def _sinc(x):
    """Sin[x]/x, 1 at 0: the quotient is taken of x with its zeros made 1, so that neither
    branch of the choice divides by zero (a NaN there would reach the gradient too)."""
    zero = ("equal", x, ("num", 0.0))
    safe = ("where", zero, ("num", 1.0), x)
    return ("where", zero, ("num", 1.0), ("divide", ("map", "Sin", safe), safe))

# every head a function may contain (also what a net file may hold inside Function[…])
FUNCTION_HEADS = frozenset(FUNCTIONS) | frozenset(ARITHMETIC) | frozenset(COMPARISONS) \
    | frozenset(OTHER_HEADS) | frozenset(DERIVED)
_UNARY = frozenset(name for name in FUNCTIONS if name not in NAMED_ACTIVATIONS)
# heads of OTHER_HEADS that are one-variable functions by themselves (ElementwiseLayer[Clip]
# is Clip[#] &, which clips to [-1, 1])
_UNARY_OTHER = frozenset(("Minus", "Clip", "Unitize", "KroneckerDelta"))
SUPPORTED = ("the elementwise functions, numbers, arithmetic, Log[b, x], Min, Max, Clip, Mod, "
             "Quotient, Surd, comparisons, Boole, And, Or, Not, Xor, Nand, Nor, If, Which and "
             "Piecewise")


class NotCompilable(Exception):
    """A subexpression that is not an elementwise function (``part``: it)."""

    def __init__(self, part):
        super().__init__(str(part))
        self.part = part


@attrs.frozen(slots=True)
class CompiledFunction:
    """An elementwise function: the expression as given (shown as the layer's "Function"
    parameter) and its tree (what the computation is built from)."""
    expr: object
    tree: tuple
    holds_no_sizes = True         # a layer parameter that is no shape variable (net/spec.py)


# ---------------------------------------------------------------------------- compiling
# A tree is nested tuples: ("arg", i) the i-th variable, ("num", c), ("map", name, t),
# ("clip", t, low, high), or (primitive row, t1, t2, …) for the arithmetic, comparison and
# "where" rows.  Variables are bound by ``env``: slot keys (1, 2, … or a name for #name)
# and parameter names of Function[{x, y}, …], each to its position.

def _number(e):
    if type(e) in (Integer, Real):
        return float(e.value)
    if type(e) is Rational:
        return float(e.value)
    if type(e) is Symbol and e.name in CONSTANTS:
        return CONSTANTS[e.name]
    return None


def _fold(op: str, trees: list) -> tuple:
    out = trees[0]
    for t in trees[1:]:
        out = (op, out, t)
    return out


def _slot_key(e):
    """The key of ``Slot[…]``: 1 for #, k for #k, "name" for #name."""
    if e.args == ():
        return 1
    if len(e.args) == 1 and type(e.args[0]) is Integer and e.args[0].value > 0:
        return e.args[0].value
    if len(e.args) == 1 and type(e.args[0]) is String:
        return e.args[0].value
    return None


def _conditional(pairs: list, default: tuple) -> tuple:
    """(condition tree, value tree) pairs tried in order: nested "where" rows."""
    out = default
    for cond, value in reversed(pairs):
        out = ("where", cond, value, out)
    return out


def _tree(e, env: dict, extend=None) -> tuple:
    """The body ``e`` of a function as a tree; NotCompilable otherwise.  ``extend(e, sub)``
    may compile heads of its own first (FunctionLayer's array operations), ``sub``
    compiling subexpressions."""
    n = _number(e)
    if n is not None:
        return ("num", n)
    if type(e) is Symbol:
        if ("var", e.name) in env:
            return ("arg", env[("var", e.name)])
        raise NotCompilable(e)
    if type(e) is Expr and type(e.head) is String and len(e.args) == 1 and lookup(e.head.value):
        return ("map", lookup(e.head.value).name, _tree(e.args[0], env, extend))   # "ReLU"[x]
    if type(e) is not Expr or type(e.head) is not Symbol:
        raise NotCompilable(e)
    head = e.head.name
    args = e.args
    if head == "Slot":
        key = _slot_key(e)
        if ("slot", key) in env:
            return ("arg", env[("slot", key)])
        raise NotCompilable(e)
    sub = lambda a: _tree(a, env, extend)
    if extend is not None:
        tree = extend(e, sub)
        if tree is not None:
            return tree
    if head in _UNARY and len(args) == 1:
        return ("map", head, sub(args[0]))
    if head in DERIVED and len(args) == 1:
        return DERIVED[head](sub(args[0]))
    if head == "ArcTan" and len(args) == 2:           # the angle of the point {x, y}
        return _arctan2(sub(args[0]), sub(args[1]))
    if head == "Erf" and len(args) == 2:              # Erf[y] - Erf[x]
        return ("subtract", ("map", "Erf", sub(args[1])), ("map", "Erf", sub(args[0])))
    if head in ("Threshold", "Chop") and len(args) == 2 and _number(args[1]) is not None:
        return _within(_number(args[1]))(sub(args[0]))
    if head in ("Subtract", "Divide") and len(args) != 2:
        raise NotCompilable(e)
    if head == "Power" and len(args) > 2:           # a^b^c is a^(b^c)
        return ("power", sub(args[0]), sub(Expr(e.head, *args[1:])))
    if head in ARITHMETIC and args:
        return _fold(ARITHMETIC[head], [sub(a) for a in args])
    if head in COMPARISONS and len(args) == 2:
        return (COMPARISONS[head], sub(args[0]), sub(args[1]))
    if head == "Minus" and len(args) == 1:
        return ("times", ("num", -1.0), sub(args[0]))
    if head == "Clip" and len(args) in (1, 2):
        return _clip(args, sub)
    if head == "Clip" and len(args) == 3 and _is_list(args[2]) and len(args[2].args) == 2:
        # Clip[x, {min, max}, {vmin, vmax}]: vmin below min, vmax above max
        x, bounds, values = sub(args[0]), args[1], args[2]
        if not (_is_list(bounds) and len(bounds.args) == 2):
            raise NotCompilable(bounds)
        (low, high), (below, above) = ([sub(b) for b in pair.args] for pair in (bounds, values))
        return ("where", ("less", x, low), below, ("where", ("greater", x, high), above, x))
    if head == "If" and len(args) == 3:
        return ("where",) + tuple(sub(a) for a in args)
    if head == "Which" and args and len(args) % 2 == 0:
        pairs = [(sub(args[i]), sub(args[i + 1])) for i in range(0, len(args), 2)]
        return _conditional(pairs, ("num", 0.0))
    if head == "Piecewise" and len(args) in (1, 2) and _is_list(args[0]) and all(
            _is_list(c) and len(c.args) == 2 for c in args[0].args):
        pairs = [(sub(c.args[1]), sub(c.args[0])) for c in args[0].args]
        return _conditional(pairs, sub(args[1]) if len(args) == 2 else ("num", 0.0))
    if head == "Mod" and len(args) == 2:            # x - m Floor[x/m]
        x, m = sub(args[0]), sub(args[1])
        return ("subtract", x, ("times", m, ("map", "Floor", ("divide", x, m))))
    if head == "Surd" and len(args) == 2 and _number(args[1]):      # Sign[x] Abs[x]^(1/n)
        x = sub(args[0])
        return ("times", ("map", "Sign", x), ("power", ("map", "Abs", x), ("num", 1 / _number(args[1]))))
    if head == "Surd" and len(args) == 2:           # the same with n an input (ThreadingLayer[Surd])
        x = sub(args[0])
        return ("times", ("map", "Sign", x), ("power", ("map", "Abs", x), ("divide", ("num", 1.0), sub(args[1]))))
    if head == "Log" and len(args) == 2:            # Log[b, x]: the logarithm to base b
        return ("divide", ("map", "Log", sub(args[1])), ("map", "Log", sub(args[0])))
    if head == "Quotient" and len(args) == 2:       # Floor[m/n]
        return ("map", "Floor", ("divide", sub(args[0]), sub(args[1])))
    if head == "Boole" and len(args) == 1:          # a condition is already 1 or 0
        return ("unequal", sub(args[0]), ("num", 0.0))
    if head == "Unitize" and len(args) == 1:
        return ("unequal", sub(args[0]), ("num", 0.0))
    if head == "KroneckerDelta" and len(args) in (1, 2):
        return ("equal", sub(args[0]), sub(args[1]) if len(args) == 2 else ("num", 0.0))
    if head == "And" and args:                      # conditions are 1 or 0
        return _fold("times", [("unequal", sub(a), ("num", 0.0)) for a in args])
    if head == "Or" and args:
        return _fold("max", [("unequal", sub(a), ("num", 0.0)) for a in args])
    if head == "Not" and len(args) == 1:
        return ("equal", sub(args[0]), ("num", 0.0))
    if head in ("Xor", "Nand", "Nor") and args:     # Xor: an odd number of them true
        conditions = [("unequal", sub(a), ("num", 0.0)) for a in args]
        if head == "Xor":
            return _fold("unequal", conditions)
        return ("equal", _fold("times" if head == "Nand" else "max", conditions), ("num", 0.0))
    raise NotCompilable(e)


def _arctan2(x, y) -> tuple:
    """ArcTan[x, y]: ArcTan[y/x] for x > 0, shifted by ±Pi for x < 0 (+Pi when y >= 0),
    Sign[y] Pi/2 on the y axis."""
    angle = ("map", "ArcTan", ("divide", y, x))
    shift = ("times", ("num", math.pi), ("subtract", ("times", ("num", 2.0), ("greater_equal", y, ("num", 0.0))),
                                         ("num", 1.0)))
    axis = ("times", ("num", math.pi / 2), ("map", "Sign", y))
    return ("where", ("greater", x, ("num", 0.0)), angle,
            ("where", ("less", x, ("num", 0.0)), ("add", angle, shift), axis))


def _is_list(e) -> bool:
    return type(e) is Expr and e.head is S.List


def _clip(args, sub) -> tuple:
    low, high = -1.0, 1.0
    if len(args) == 2:
        bounds = args[1]
        if not (_is_list(bounds) and len(bounds.args) == 2):
            raise NotCompilable(bounds)
        low, high = (_number(b) for b in bounds.args)
        if low is None or high is None:        # bounds that are themselves functions
            return ("min", ("max", sub(args[0]), sub(bounds.args[0])), sub(bounds.args[1]))
    return ("clip", sub(args[0]), low, high)


def _walk(e):
    """``e`` and its subexpressions, not entering nested functions (their slots are theirs)."""
    yield e
    if type(e) is Expr and e.head is not S.Function:
        yield from _walk(e.head)
        for a in e.args:
            yield from _walk(a)


def function_variables(f) -> tuple | None:
    """The variables a function takes, in order: slot keys (1, 2, … up to the highest used,
    or names of #name in order of appearance) or parameter names of Function[{x, …}, …];
    None for a symbol (as many as it is given).  NotCompilable for anything else."""
    if type(f) is Symbol or type(f) is String:
        return None
    if not (type(f) is Expr and f.head is S.Function and len(f.args) in (1, 2)):
        raise NotCompilable(f)
    if len(f.args) == 2:
        params = f.args[0]
        names = (params,) if type(params) is Symbol else (params.args if _is_list(params) else ())
        if not names or any(type(x) is not Symbol for x in names):
            raise NotCompilable(params)
        return tuple(("var", x.name) for x in names)
    keys = []
    for sub in _walk(f.args[0]):
        if type(sub) is Expr and sub.head is S.Slot:
            key = _slot_key(sub)
            if key is None:
                raise NotCompilable(sub)
            if key not in keys:
                keys.append(key)
    if any(isinstance(k, str) for k in keys):
        if not all(isinstance(k, str) for k in keys):
            raise NotCompilable(f)
        return tuple(("slot", k) for k in keys)
    return tuple(("slot", k) for k in range(1, max(keys, default=1) + 1))


def compile_tree(f, arity: int | None = None, extend=None) -> tuple:
    """The tree of ``f`` over ``arity`` variables (for a symbol: f applied to that many;
    for a pure function: its own variables, which must number ``arity`` when given);
    ``extend`` as for ``_tree``."""
    variables = function_variables(f)
    if variables is None:                  # a symbol or a named activation
        name = f.value if type(f) is String else f.name
        row = lookup(name)
        n = arity or 1
        if type(f) is String:
            if row is None or n != 1:
                raise NotCompilable(f)
            return ("map", row.name, ("arg", 0))
        body = Expr(f, *(Expr(S.Slot, Integer(i)) for i in range(1, n + 1)))
        return _tree(body, {("slot", i): i - 1 for i in range(1, n + 1)}, extend)
    if arity is not None and len(variables) != arity:
        raise NotCompilable(f)
    return _tree(f.args[-1], {v: i for i, v in enumerate(variables)}, extend)


def compile_body(body, variables: tuple, extend=None) -> tuple:
    """The tree of a function body over ``variables`` (as ``function_variables`` gives them)."""
    return _tree(body, {v: i for i, v in enumerate(variables)}, extend)


def compile_function(f) -> CompiledFunction:
    """An ElementwiseLayer function (of one variable) as a CompiledFunction; NotCompilable
    names the part that is not an elementwise function."""
    if type(f) is Symbol and f.name not in _UNARY and f.name not in DERIVED \
            and f.name not in _UNARY_OTHER:
        raise NotCompilable(f)
    return CompiledFunction(f, compile_tree(f, 1))


def read_function(e, symbol: str = "ElementwiseLayer") -> CompiledFunction:
    try:
        return compile_function(e)
    except NotCompilable as err:
        raise function_error(e, err, symbol)


def function_error(e, err: NotCompilable, symbol: str) -> NetSpecError:
    """The message for a function that does not compile, naming the part that does not."""
    return NetSpecError("invfunc", e, short_text(err.part, 40), SUPPORTED, symbol=symbol)


def valid_function(f) -> bool:
    try:
        compile_function(f)
        return True
    except NotCompilable:
        return False


def build_tree(g, tree, xs):
    """The composition of ``tree`` on the builder ``g``, its variables the values ``xs``
    (a list, or one value for a function of one variable)."""
    if not isinstance(xs, list):
        xs = [xs]
    kind = tree[0]
    if kind == "arg":
        return xs[tree[1]]
    if kind == "num":
        return g.const(tree[1])
    if kind == "map":
        return g.map(build_tree(g, tree[2], xs), function=tree[1])
    if kind == "clip":
        return g.clip(build_tree(g, tree[1], xs), low=tree[2], high=tree[3])
    return g.apply(kind, tuple(build_tree(g, t, xs) for t in tree[1:]), {})


# ---------------------------------------------------------------------------- the layer

@register
class Elementwise(SameShapeLayer):
    type_name = "Elementwise"
    symbol = "ElementwiseLayer"
    usage = "ElementwiseLayer[f] represents a net layer that applies a unary function f to every element of the input array."
    params = (Param("Function", "custom", read=read_function, show=lambda f: f.expr),
              Param("$Dimensions", "sizelist"))
    min_args = max_args = 1
    messages = {"invfunc": "`1` cannot be used as an elementwise function: `2` is not supported; "
                           "use `3`."}
    function_arity = 1
    sample = 'ElementwiseLayer[Tanh[#]^2 + Max[#, 0.5 #] &, "Input" -> {2, 3}]'
    examples = (
        ("ElementwiseLayer[Ramp][{-1, 0, 2}]", "{0., 0., 2.}"),
        ('ElementwiseLayer["ReLU"][{-1, 2}]', "{0., 2.}"),
        ("ElementwiseLayer[#^2 + 1 &][{1, 2, 3}]", "{2., 5., 10.}"),
        ("ElementwiseLayer[If[# > 0, #, 0.1 #] &][{-10, 3}]", "{-1., 3.}"),
    )

    def parse_args(self, args, p):
        p["Function"] = read_function(args[0], self.symbol)

    def compose(self, p, g):
        g.output("Output", build_tree(g, p["Function"].tree, g.input("Input")))

    def automatic_loss(self, p):
        # probabilities of a binary outcome: a binary cross-entropy
        return "Binary" if p["Function"].tree == ("map", "LogisticSigmoid", ("arg", 0)) else None

