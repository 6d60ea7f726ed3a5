"""ElementwiseLayer[f]: f applied to every element.

f is a function of the elementwise table (``wlnet.net.functions``: Ramp, Tanh,
LogisticSigmoid, Sin, Erf, Gamma, …), one of the named activations ("ReLU", "SELU",
"GELU", …), or a pure function built from them with numbers, arithmetic, Min, Max, Clip,
comparisons and If.  The function is compiled once, when the layer is built (or read back
from an expression or a file), into a tree of Python tuples; the layer's computation is
that tree as a composition of primitives, so its derivative comes from the primitives'.
"""

from __future__ import annotations

import math

import attrs

from wlnet.core.expr import Expr, Integer, Rational, Real, S, String, Symbol
from wlnet.net.errors import NetSpecError
from wlnet.net.functions import FUNCTIONS, NAMED_ACTIVATIONS, lookup
from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param
from wlnet.net.types import RealT, TensorT
from wlnet.net.wltext import short_text

# heads a pure function may use besides the table's functions
ARITHMETIC = {"Plus": "add", "Times": "times", "Power": "power", "Subtract": "subtract",
              "Divide": "divide", "Min": "min", "Max": "max"}
COMPARISONS = {"Greater": "greater", "GreaterEqual": "greater_equal", "Less": "less",
               "LessEqual": "less_equal", "Equal": "equal", "Unequal": "unequal"}
OTHER_HEADS = ("Minus", "Clip", "If", "List", "Slot", "Function")
CONSTANTS = {"E": math.e, "Pi": math.pi, "Degree": math.pi / 180, "GoldenRatio": (1 + 5 ** 0.5) / 2}
# every head a function may contain (also what a net file may hold inside Function[…])
FUNCTION_HEADS = frozenset(FUNCTIONS) | frozenset(ARITHMETIC) | frozenset(COMPARISONS) \
    | frozenset(OTHER_HEADS)
_UNARY = frozenset(name for name in FUNCTIONS if name not in NAMED_ACTIVATIONS)


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


# ---------------------------------------------------------------------------- compiling

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


def _tree(e, var: str | None) -> tuple:
    """The body ``e`` of a function of one variable as a tree; NotCompilable otherwise."""
    n = _number(e)
    if n is not None:
        return ("num", n)
    if type(e) is Symbol:
        if e.name == var:
            return ("arg",)
        raise NotCompilable(e)
    if type(e) is not Expr or type(e.head) is not Symbol:
        raise NotCompilable(e)
    head = e.head.name
    if head == "Slot":
        if e.args in ((), (Integer(1),)) and var is None:
            return ("arg",)
        raise NotCompilable(e)
    args = e.args
    if head in _UNARY and len(args) == 1:
        return ("map", head, _tree(args[0], var))
    if head in ARITHMETIC and args:
        return _fold(ARITHMETIC[head], [_tree(a, var) for a in args])
    if head in COMPARISONS and len(args) == 2:
        return (COMPARISONS[head], _tree(args[0], var), _tree(args[1], var))
    if head == "Minus" and len(args) == 1:
        return ("times", ("num", -1.0), _tree(args[0], var))
    if head == "Clip" and len(args) in (1, 2):
        low, high = -1.0, 1.0
        if len(args) == 2:
            bounds = args[1]
            if not (type(bounds) is Expr and bounds.head is S.List and len(bounds.args) == 2):
                raise NotCompilable(bounds)
            low, high = (_number(b) for b in bounds.args)
            if low is None or high is None:
                raise NotCompilable(bounds)
        return ("clip", _tree(args[0], var), low, high)
    if head == "If" and len(args) == 3:
        return ("where",) + tuple(_tree(a, var) for a in args)
    raise NotCompilable(e)


def compile_function(f) -> CompiledFunction:
    """An ElementwiseLayer function as a CompiledFunction; NotCompilable names the part that
    is not an elementwise function."""
    if type(f) is Symbol and f.name in _UNARY:
        return CompiledFunction(f, ("map", f.name, ("arg",)))
    if type(f) is String and lookup(f.value) is not None:
        return CompiledFunction(f, ("map", lookup(f.value).name, ("arg",)))
    if type(f) is Expr and f.head is S.Function and len(f.args) in (1, 2):
        var = None
        if len(f.args) == 2:
            params = f.args[0]
            names = (params,) if type(params) is Symbol else (
                params.args if type(params) is Expr and params.head is S.List else ())
            if len(names) != 1 or type(names[0]) is not Symbol:
                raise NotCompilable(params)
            var = names[0].name
        return CompiledFunction(f, _tree(f.args[-1], var))
    raise NotCompilable(f)


def read_function(e, symbol: str = "ElementwiseLayer") -> CompiledFunction:
    try:
        return compile_function(e)
    except NotCompilable as err:
        raise NetSpecError("invfunc", e, short_text(err.part, 40), symbol=symbol)


def valid_function(f) -> bool:
    try:
        compile_function(f)
        return True
    except NotCompilable:
        return False


def build_tree(g, tree, x):
    """The composition of ``tree`` applied to the value ``x`` on the builder ``g``."""
    kind = tree[0]
    if kind == "arg":
        return x
    if kind == "num":
        return g.const(tree[1])
    if kind == "map":
        return g.map(build_tree(g, tree[2], x), function=tree[1])
    if kind == "clip":
        return g.clip(build_tree(g, tree[1], x), low=tree[2], high=tree[3])
    return g.apply(kind, tuple(build_tree(g, t, x) for t in tree[1:]), {})


# ---------------------------------------------------------------------------- the layer

@register
class Elementwise(LayerSpec):
    type_name = "Elementwise"
    symbol = "ElementwiseLayer"
    usage = "ElementwiseLayer[f] represents a net layer that applies a unary function f to every element of the input array."
    params = (Param("Function", "custom", read=read_function, show=lambda f: f.expr),
              Param("$Dimensions", "sizelist"))
    min_args = max_args = 1
    messages = {"invfunc": "`1` cannot be used as an elementwise function: `2` is not supported; "
                           "use the elementwise functions (Ramp, Tanh, Erf, …), numbers, "
                           "arithmetic, Min, Max, Clip, comparisons and If."}
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
        return "Binary" if p["Function"].tree == ("map", "LogisticSigmoid", ("arg",)) else None

    def inputs(self, p):
        d = p["$Dimensions"]
        return {"Input": TensorT(d.dims, RealT, d.tail)}

    def outputs(self, p):
        d = p["$Dimensions"]
        return {"Output": TensorT(d.dims, RealT, d.tail)}
