"""The "Function" coders: a Wolfram Language function as an encoder or a decoder.

``NetEncoder[{"Function", f, {d1, …}}]`` encodes an input x as the array f[x] of
dimensions d1×… (the first may be "Varying"); "Pattern" -> patt says which inputs it takes
(None: any input f turns into an array of those dimensions), "Batched" -> True gives f the
list of a batch's inputs at once.  ``NetDecoder[{"Function", f}]`` decodes an output array
(given to f as a NumericArray) as f[array]; with "Properties" -> {p1, …} it is f[array, p]
(p1 when no property is asked for).  Both evaluate in the session (``coder_evaluator``).
"""

from __future__ import annotations

import math

import attrs
import numpy as np

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.core.numeric_array import NumericArray, to_numpy_data
from wlnet.net.coders.base import Coder, CoderError, coder_evaluator
from wlnet.net.errors import NetSpecError
from wlnet.net.types import (
    AtomT, LengthVar, RealT, TensorT, fresh_length, fresh_rank, type_from_expr,
)

__all__ = ["FunctionEncoder", "FunctionDecoder", "function_encoder_from_spec",
           "function_decoder_from_spec", "function_coder_from_form"]


def _none(e) -> bool:
    return type(e) is Symbol and e.name == "None"


def _bool_expr(b: bool) -> Symbol:
    return Symbol("True" if b else "False")


@attrs.frozen(slots=True)
class FunctionEncoder(Coder):
    kind = "Encoder"
    name = "Function"
    function: object                      # the function expression f
    dims: tuple                           # of f[x]: ints, the first maybe a length
    pattern: object = None                # an expression, or None: no check
    batched: bool = False

    @property
    def type(self):
        return TensorT(self.dims, RealT)

    def _matches(self, x) -> bool:
        ev = coder_evaluator()
        return ev.evaluate(Expr(Symbol("MatchQ"), x, self.pattern)) == Symbol("True")

    def takes(self, x) -> bool:
        """Whether ``x`` is one input: it matches the pattern; with no pattern, f turns it
        into an array of the dimensions (so a list of inputs costs f an extra call)."""
        if self.pattern is not None:
            return self._matches(x)
        try:
            self.encode_array(x)
        except CoderError:
            return False
        return True

    def encode_array(self, x):
        if self.pattern is not None and not self._matches(x):
            raise CoderError("the input does not match the encoder's pattern")
        ev = coder_evaluator()
        if self.batched:
            out = ev.evaluate(Expr(self.function, Expr(S.List, x)))
            out = out.args[0] if type(out) is Expr and out.head is S.List and len(out.args) == 1 \
                else out
        else:
            out = ev.evaluate(Expr(self.function, x))
        arr = out.array if isinstance(out, NumericArray) else to_numpy_data(out)
        if arr is None or arr.dtype.kind not in "biuf" or not self._fits(arr.shape):
            raise CoderError(f"the function did not give an array of dimensions {self._dims_text()}")
        return arr.astype(np.float64)

    def _fits(self, shape) -> bool:
        return len(shape) == len(self.dims) and all(
            isinstance(d, LengthVar) or d == s for d, s in zip(self.dims, shape))

    def _dims_text(self) -> str:
        return "{" + ", ".join("n" if isinstance(d, LengthVar) else str(d) for d in self.dims) + "}"

    def params_expr(self):
        return [("Function", self.function),
                ("Pattern", Symbol("None") if self.pattern is None else self.pattern),
                ("Batched", _bool_expr(self.batched))]

    def resolve(self, u):
        return attrs.evolve(self, dims=tuple(u.dim(d) for d in self.dims))


@attrs.frozen(slots=True)
class FunctionDecoder(Coder):
    kind = "Decoder"
    name = "Function"
    function: object
    props: tuple = ()                     # property names f takes as its second argument
    rank = math.inf                       # any: one example's whole output is one input

    @property
    def type(self):
        return TensorT((), AtomT, fresh_rank())

    def decode(self, arr, prop="Decision"):
        ev = coder_evaluator()
        name = prop if isinstance(prop, str) else prop[0]
        data = NumericArray(np.asarray(arr, dtype=np.float32), "Real32")
        if not self.props:
            return ev.evaluate(Expr(self.function, data))
        chosen = self.props[0] if name == "Decision" else name
        return ev.evaluate(Expr(self.function, data, String(chosen)))

    def params_expr(self):
        return [("Function", self.function),
                ("Properties", Expr.from_args(S.List, (String(p) for p in self.props)))]

    def properties(self):
        return list(self.props)


# ---------------------------------------------------------------------------- reading

def _rules(rest, allowed, spec, tag) -> dict:
    out = {}
    for r in rest:
        if not (type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and type(r.args[0]) is String
                and r.args[0].value in allowed):
            raise NetSpecError(tag, spec)
        out[r.args[0].value] = r.args[1]
    return out


def _output_dims(e, spec) -> tuple:
    """{d1, …} (positive integers, the first may be "Varying"), or one integer n: {n}."""
    items = e.args if type(e) is Expr and e.head is S.List else (e,)
    dims = []
    for i, d in enumerate(items):
        if type(d) is Integer and d.value > 0:
            dims.append(d.value)
        elif i == 0 and type(d) is String and d.value == "Varying":
            dims.append(fresh_length())
        else:
            raise NetSpecError("invenc", spec)
    return tuple(dims)


def function_encoder_from_spec(spec, rest: list) -> FunctionEncoder:
    if len(rest) < 2:
        raise NetSpecError("invenc", spec)
    opts = _rules(rest[2:], ("Pattern", "Batched"), spec, "invenc")
    pattern = opts.get("Pattern", Symbol("None"))
    batched = opts.get("Batched", Symbol("False"))
    if not (type(batched) is Symbol and batched.name in ("True", "False")):
        raise NetSpecError("invenc", spec)
    return FunctionEncoder(rest[0], _output_dims(rest[1], spec),
                           None if _none(pattern) else pattern, batched.name == "True")


def function_decoder_from_spec(spec, rest: list) -> FunctionDecoder:
    if not rest:
        raise NetSpecError("invdec", spec)
    opts = _rules(rest[1:], ("Properties",), spec, "invdec")
    props = opts.get("Properties", Expr(S.List))
    if not (type(props) is Expr and props.head is S.List
            and all(type(p) is String for p in props.args)):
        raise NetSpecError("invdec", spec)
    return FunctionDecoder(rest[0], tuple(p.value for p in props.args))


def function_coder_from_form(kind: str, params: dict, type_expr) -> Coder:
    """Rebuild a "Function" coder from ``NetEncoder["Function", <|params|>, type]``."""
    if kind == "Encoder":
        pattern = params.get("Pattern", Symbol("None"))
        return FunctionEncoder(params["Function"], type_from_expr(type_expr).dims,
                               None if _none(pattern) else pattern,
                               params.get("Batched") == Symbol("True"))
    return FunctionDecoder(params["Function"],
                           tuple(p.value for p in params.get("Properties", Expr(S.List)).args))
