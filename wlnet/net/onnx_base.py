"""What the ONNX writers and readers share (wlnet.net.onnx, wlnet.net.onnx_sequences): the
error they raise and the expressions a reader builds layers from."""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Integer, S, String
from wlnet.core.numeric_array import NumericArray

__all__ = ["OnnxError", "rule", "ints", "array_value", "ONNX_FUNCTIONS"]

# ONNX's elementwise operators that are WL functions of one argument (ONNX name -> WL name;
# export writes them, import reads them)
ONNX_FUNCTIONS = {"Tanh": "Tanh", "Sigmoid": "LogisticSigmoid", "Relu": "Ramp", "Exp": "Exp",
                  "Log": "Log", "Sqrt": "Sqrt", "Abs": "Abs", "Sin": "Sin", "Cos": "Cos",
                  "Erf": "Erf", "Floor": "Floor", "Ceil": "Ceiling", "Round": "Round",
                  "Sign": "Sign"}


class OnnxError(Exception):
    """Why a net cannot be written as ONNX, or an ONNX file read as a net (one sentence)."""


def rule(name: str, value) -> Expr:
    """``"name" -> value``, a layer's option."""
    return Expr(S.Rule, String(name), value)


def ints(values) -> Expr:
    return Expr.from_args(S.List, (Integer(int(v)) for v in values))


def array_value(a) -> NumericArray:
    """An ONNX constant as a layer's array (Real32)."""
    return NumericArray(np.ascontiguousarray(a, np.float32), "Real32")
