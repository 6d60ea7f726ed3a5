"""ElementwiseLayer[f]: f applied to every element.  f is one of the supported unary
functions (Ramp, Tanh, LogisticSigmoid, Sin, Exp, Abs, …), a name such as "ReLU", or a
pure function built from them with numbers and arithmetic."""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, Rational, Real, S, String, Symbol
from wlnet.net.errors import NetSpecError
from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param
from wlnet.net.types import RealT, TensorT

UNARY = ("Ramp", "Tanh", "LogisticSigmoid", "Sin", "Cos", "Tan", "Exp", "Log", "Abs", "Sqrt",
         "Sinh", "Cosh", "ArcTan", "ArcSinh", "Erf", "Sign", "Round", "Floor", "Ceiling")
ARITHMETIC = ("Plus", "Times", "Power", "Subtract", "Divide", "Minus", "Min", "Max", "Clip",
              "List", "Sqrt")
NAMED = {"RectifiedLinearUnit": "Ramp", "ReLU": "Ramp", "Sigmoid": "LogisticSigmoid",
         "ExponentialLinearUnit": None, "ELU": None, "ScaledExponentialLinearUnit": None,
         "SELU": None, "GaussianErrorLinearUnit": None, "GELU": None, "Swish": None,
         "SoftSign": None, "SoftPlus": None, "HardTanh": None, "HardSigmoid": None,
         "Mish": None, "HardSwish": None}


def _body_ok(e, variables: tuple) -> bool:
    t = type(e)
    if t in (Integer, Real, Rational):
        return True
    if t is Symbol:
        return e.name in variables or e.name in ("E", "Pi")
    if t is Expr:
        if e.head is S.Slot:
            return e.args in ((), (Integer(1),))
        head = e.head.name if type(e.head) is Symbol else None
        if head in UNARY or head in ARITHMETIC:
            return all(_body_ok(a, variables) for a in e.args)
    return False


def valid_function(f) -> bool:
    if type(f) is Symbol:
        return f.name in UNARY
    if type(f) is String:
        return f.value in NAMED or f.value in UNARY
    if type(f) is Expr and f.head is S.Function:
        if len(f.args) == 1:
            return _body_ok(f.args[0], ())
        if len(f.args) == 2:
            params = f.args[0]
            names = (params,) if type(params) is Symbol else (
                params.args if type(params) is Expr and params.head is S.List else ())
            if len(names) != 1 or type(names[0]) is not Symbol:
                return False
            return _body_ok(f.args[1], (names[0].name,))
    return False


@register
class Elementwise(LayerSpec):
    type_name = "Elementwise"
    symbol = "ElementwiseLayer"
    usage = "ElementwiseLayer[f] represents a net layer that applies a unary function f to every element of the input array."
    params = (Param("Function", "value"), Param("$Dimensions", "sizelist"))
    min_args = max_args = 1

    def parse_args(self, args, p):
        if not valid_function(args[0]):
            raise NetSpecError("invfunc", args[0], ", ".join(UNARY) + " and arithmetic",
                               symbol=self.symbol)
        p["Function"] = args[0]

    def inputs(self, p):
        d = p["$Dimensions"]
        return {"Input": TensorT(d.dims, RealT, d.tail)}

    def outputs(self, p):
        d = p["$Dimensions"]
        return {"Output": TensorT(d.dims, RealT, d.tail)}
