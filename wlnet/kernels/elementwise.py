"""ElementwiseLayer for the functions nets use most: forward and backward.

Functions are named by their WL symbol: "Ramp", "Tanh", "LogisticSigmoid", "Sin", "Exp", "Abs".
Derivatives at the kinks follow the usual subgradient choice: Ramp'(0) = 0, Abs'(0) = 0.
"""

import numpy as np

from ._jit import kernel
from ._linalg import fast_sigmoid, fast_tanh, zero_of

FUNCTIONS = ("Ramp", "Tanh", "LogisticSigmoid", "Sin", "Exp", "Abs")
_CODE = {name: code for code, name in enumerate(FUNCTIONS)}


@kernel
def _forward_kernel(code, x, out):
    # one loop per function, not a test per element: each loop vectorises (Tanh and
    # LogisticSigmoid through the vectorising fast_tanh/fast_sigmoid, about 40x libm's tanh
    # in a loop; Exp keeps np.exp so that overflow still gives inf)
    n = x.shape[0]
    if code == 0:
        for i in range(n):
            out[i] = max(x[i], zero_of(x[i]))
    elif code == 1:
        for i in range(n):
            out[i] = fast_tanh(x[i])
    elif code == 2:
        for i in range(n):
            out[i] = fast_sigmoid(x[i])
    elif code == 3:
        for i in range(n):
            out[i] = np.sin(x[i])
    elif code == 4:
        for i in range(n):
            out[i] = np.exp(x[i])
    else:
        for i in range(n):
            out[i] = abs(x[i])


@kernel
def _backward_kernel(code, x, y, d_out, d_x):
    """d_x = f'(x) * d_out, using the forward output y where that is cheaper."""
    for i in range(x.shape[0]):
        v = x[i]
        g = d_out[i]
        if code == 0:
            d_x[i] = g if v > 0 else 0
        elif code == 1:
            d_x[i] = g * (1 - y[i] * y[i])
        elif code == 2:
            d_x[i] = g * y[i] * (1 - y[i])
        elif code == 3:
            d_x[i] = g * np.cos(v)
        elif code == 4:
            d_x[i] = g * y[i]
        else:
            d_x[i] = g if v > 0 else (-g if v < 0 else 0)


def _code(function):
    if function not in _CODE:
        raise ValueError(f"unsupported elementwise function {function!r}; have {FUNCTIONS}")
    return _CODE[function]


def _flat_float(x):
    x = np.ascontiguousarray(x)
    if x.dtype not in (np.float32, np.float64):
        raise ValueError("elementwise input must be float32/float64")
    return x.reshape(-1)


def elementwise_forward(function, x):
    """f applied to every entry of x (any shape), in x's dtype."""
    x = np.asarray(x)
    flat = _flat_float(x)
    out = np.empty_like(flat)
    _forward_kernel(_code(function), flat, out)
    return out.reshape(x.shape)


def elementwise_backward(function, x, y, d_out):
    """Gradient w.r.t. x given the forward input x, output y and the output gradient."""
    x = np.asarray(x)
    flat = _flat_float(x)
    d_x = np.empty_like(flat)
    _backward_kernel(_code(function), flat, np.ascontiguousarray(y, x.dtype).reshape(-1),
                     np.ascontiguousarray(d_out, x.dtype).reshape(-1), d_x)
    return d_x.reshape(x.shape)
