"""The elementwise math functions of nets: one table.

Each row is a WL function name with
  value       f(x) on a numpy array (vectorised, in the array's dtype)
  derivative  f'(x) given x and y = f(x) (whichever is cheaper)
  kernel      the name of a fused Numba kernel in ``wlnet.kernels.elementwise`` (or None:
              the numpy forms run)
  torch       the same function on a torch tensor (for the PyTorch backend)

Named activations ("ReLU", "SELU", "GELU"…) are rows too; ``ALIASES`` maps WL's alternative
names onto rows.  ElementwiseLayer, the elementwise primitive and FunctionLayer all read this
table and nothing else.  Derivatives at kinks follow the usual subgradient choice
(Ramp'(0) = 0, Abs'(0) = 0).
"""

from __future__ import annotations

import math
from typing import Callable, NamedTuple

import numpy as np

__all__ = ["Function", "FUNCTIONS", "ALIASES", "lookup", "NAMED_ACTIVATIONS"]


class Function(NamedTuple):
    name: str
    value: Callable
    derivative: Callable            # (x, y) -> f'(x)
    torch: Callable                 # (torch module, tensor) -> tensor
    kernel: str | None = None


def _erf(v):
    from scipy.special import erf
    return erf(v)


def _erfc(v):
    from scipy.special import erfc
    return erfc(v)


def _erfinv(v):
    from scipy.special import erfinv
    return erfinv(v)


def _erfcinv(v):
    from scipy.special import erfcinv
    return erfcinv(v)


def _gamma(v):
    from scipy.special import gamma
    return gamma(v)


def _digamma(v):
    from scipy.special import digamma
    return digamma(v)


def _loggamma(v):
    from scipy.special import gammaln
    return gammaln(v)


def _sigmoid(v):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-v))


_SQRT_PI = math.sqrt(math.pi)
_SQRT_2 = math.sqrt(2.0)
SELU_SCALE, SELU_ALPHA = 1.0507009873554805, 1.6732632423543772


def _torch_gamma(t, x):
    # torch has only log|Gamma|; Gamma(x) < 0 where x < 0 and Floor[x] is odd
    negative = (x < 0) & (t.remainder(t.floor(x), 2) == 1)
    return t.exp(t.lgamma(x)) * (1 - 2 * negative.to(x.dtype))


def _zero(v, y):
    return np.zeros_like(v)


def _rows():
    sig = _sigmoid
    rows = [
        Function("Ramp", lambda v: np.maximum(v, 0), lambda v, y: (v > 0).astype(v.dtype),
                 lambda t, x: t.relu(x), "Ramp"),
        Function("Tanh", np.tanh, lambda v, y: 1 - y * y, lambda t, x: t.tanh(x), "Tanh"),
        Function("LogisticSigmoid", sig, lambda v, y: y * (1 - y), lambda t, x: t.sigmoid(x),
                 "LogisticSigmoid"),
        Function("Sin", np.sin, lambda v, y: np.cos(v), lambda t, x: t.sin(x), "Sin"),
        Function("Cos", np.cos, lambda v, y: -np.sin(v), lambda t, x: t.cos(x)),
        Function("Tan", np.tan, lambda v, y: 1 + y * y, lambda t, x: t.tan(x)),
        Function("Cot", lambda v: 1 / np.tan(v), lambda v, y: -(1 + y * y), lambda t, x: 1 / t.tan(x)),
        Function("Sec", lambda v: 1 / np.cos(v), lambda v, y: y * np.tan(v), lambda t, x: 1 / t.cos(x)),
        Function("Csc", lambda v: 1 / np.sin(v), lambda v, y: -y / np.tan(v), lambda t, x: 1 / t.sin(x)),
        Function("ArcSin", np.arcsin, lambda v, y: 1 / np.sqrt(1 - v * v), lambda t, x: t.asin(x)),
        Function("ArcCos", np.arccos, lambda v, y: -1 / np.sqrt(1 - v * v), lambda t, x: t.acos(x)),
        Function("ArcTan", np.arctan, lambda v, y: 1 / (1 + v * v), lambda t, x: t.atan(x)),
        Function("Sinh", np.sinh, lambda v, y: np.cosh(v), lambda t, x: t.sinh(x)),
        Function("Cosh", np.cosh, lambda v, y: np.sinh(v), lambda t, x: t.cosh(x)),
        Function("Sech", lambda v: 1 / np.cosh(v), lambda v, y: -y * np.tanh(v),
                 lambda t, x: 1 / t.cosh(x)),
        Function("Csch", lambda v: 1 / np.sinh(v), lambda v, y: -y / np.tanh(v),
                 lambda t, x: 1 / t.sinh(x)),
        Function("Coth", lambda v: 1 / np.tanh(v), lambda v, y: 1 - y * y, lambda t, x: 1 / t.tanh(x)),
        Function("ArcSinh", np.arcsinh, lambda v, y: 1 / np.sqrt(1 + v * v), lambda t, x: t.asinh(x)),
        Function("ArcCosh", np.arccosh, lambda v, y: 1 / np.sqrt(v * v - 1), lambda t, x: t.acosh(x)),
        Function("ArcTanh", np.arctanh, lambda v, y: 1 / (1 - v * v), lambda t, x: t.atanh(x)),
        Function("Exp", np.exp, lambda v, y: y, lambda t, x: t.exp(x), "Exp"),
        Function("Log", np.log, lambda v, y: 1 / v, lambda t, x: t.log(x)),
        Function("Log2", np.log2, lambda v, y: 1 / (v * math.log(2)), lambda t, x: t.log2(x)),
        Function("Log10", np.log10, lambda v, y: 1 / (v * math.log(10)), lambda t, x: t.log10(x)),
        Function("Abs", np.abs, lambda v, y: np.sign(v), lambda t, x: t.abs(x), "Abs"),
        Function("Sqrt", np.sqrt, lambda v, y: 0.5 / y, lambda t, x: t.sqrt(x)),
        Function("CubeRoot", np.cbrt, lambda v, y: 1 / (3 * y * y), lambda t, x: t.sign(x) * t.abs(x) ** (1 / 3)),
        Function("Erf", _erf, lambda v, y: 2 / _SQRT_PI * np.exp(-v * v), lambda t, x: t.erf(x)),
        Function("Erfc", _erfc, lambda v, y: -2 / _SQRT_PI * np.exp(-v * v), lambda t, x: t.erfc(x)),
        Function("InverseErf", _erfinv, lambda v, y: _SQRT_PI / 2 * np.exp(y * y),
                 lambda t, x: t.erfinv(x)),
        Function("InverseErfc", _erfcinv, lambda v, y: -_SQRT_PI / 2 * np.exp(y * y),
                 lambda t, x: t.erfinv(1 - x)),
        Function("Gamma", _gamma, lambda v, y: y * _digamma(v), _torch_gamma),
        Function("LogGamma", _loggamma, lambda v, y: _digamma(v), lambda t, x: t.lgamma(x)),
        Function("Sign", np.sign, _zero, lambda t, x: t.sign(x)),
        Function("Round", np.rint, _zero, lambda t, x: t.round(x)),
        Function("Floor", np.floor, _zero, lambda t, x: t.floor(x)),
        Function("Ceiling", np.ceil, _zero, lambda t, x: t.ceil(x)),
        Function("UnitStep", lambda v: (v >= 0).astype(v.dtype), _zero,
                 lambda t, x: (x >= 0).to(x.dtype)),
        Function("FractionalPart", lambda v: v - np.trunc(v), lambda v, y: np.ones_like(v),
                 lambda t, x: x - t.trunc(x)),
        Function("IntegerPart", np.trunc, _zero, lambda t, x: t.trunc(x)),
        # named activations (ElementwiseLayer["name"])
        Function("ELU", lambda v: np.where(v >= 0, v, np.expm1(np.minimum(v, 0))),
                 lambda v, y: np.where(v >= 0, 1, y + 1).astype(v.dtype),
                 lambda t, x: t.nn.functional.elu(x)),
        Function("SELU", lambda v: SELU_SCALE * np.where(v >= 0, v, SELU_ALPHA * np.expm1(np.minimum(v, 0))),
                 lambda v, y: np.where(v >= 0, SELU_SCALE, y + SELU_SCALE * SELU_ALPHA).astype(v.dtype),
                 lambda t, x: t.nn.functional.selu(x)),
        Function("GELU", lambda v: v * 0.5 * (1 + _erf(v / _SQRT_2)),
                 lambda v, y: 0.5 * (1 + _erf(v / _SQRT_2)) + v * np.exp(-v * v / 2) / math.sqrt(2 * math.pi),
                 lambda t, x: t.nn.functional.gelu(x)),
        Function("Swish", lambda v: v * sig(v), lambda v, y: sig(v) + y * (1 - sig(v)),
                 lambda t, x: t.nn.functional.silu(x)),
        Function("HardSwish", lambda v: v * np.clip(v + 3, 0, 6) / 6,
                 lambda v, y: np.where(v <= -3, 0, np.where(v >= 3, 1, (2 * v + 3) / 6)).astype(v.dtype),
                 lambda t, x: t.nn.functional.hardswish(x)),
        Function("Mish", lambda v: v * np.tanh(np.logaddexp(0, v)),
                 lambda v, y: np.tanh(np.logaddexp(0, v)) + v * sig(v) * (1 - np.tanh(np.logaddexp(0, v)) ** 2),
                 lambda t, x: t.nn.functional.mish(x)),
        Function("SoftSign", lambda v: v / (1 + np.abs(v)), lambda v, y: 1 / (1 + np.abs(v)) ** 2,
                 lambda t, x: t.nn.functional.softsign(x)),
        Function("SoftPlus", lambda v: np.logaddexp(0, v), lambda v, y: sig(v),
                 lambda t, x: t.nn.functional.softplus(x)),
        Function("HardTanh", lambda v: np.clip(v, -1, 1),
                 lambda v, y: ((v >= -1) & (v <= 1)).astype(v.dtype),
                 lambda t, x: t.nn.functional.hardtanh(x)),
        Function("HardSigmoid", lambda v: np.clip((v + 1) / 2, 0, 1),
                 lambda v, y: np.where((v >= -1) & (v <= 1), 0.5, 0).astype(v.dtype),
                 lambda t, x: t.clamp((x + 1) / 2, 0, 1)),
    ]
    return {r.name: r for r in rows}


FUNCTIONS: dict = _rows()

# WL's alternative names (ElementwiseLayer["ReLU"] is ElementwiseLayer[Ramp])
ALIASES = {"RectifiedLinearUnit": "Ramp", "ReLU": "Ramp", "Sigmoid": "LogisticSigmoid",
           "ExponentialLinearUnit": "ELU", "ScaledExponentialLinearUnit": "SELU",
           "GaussianErrorLinearUnit": "GELU"}

# the names ElementwiseLayer takes as strings
NAMED_ACTIVATIONS = frozenset(["ELU", "SELU", "GELU", "Swish", "HardSwish", "Mish", "SoftSign",
                               "SoftPlus", "HardTanh", "HardSigmoid"]) | frozenset(ALIASES)


def lookup(name: str) -> Function | None:
    """The row for a WL function name or alias, else None."""
    return FUNCTIONS.get(ALIASES.get(name, name))
