"""LocalResponseNormalizationLayer[]: each element divided by a power of the squares summed
over its neighbouring channels.

Ports "Input" and "Output": rank-3 arrays {channels, height, width}.  Options "Alpha" (α,
1.), "Beta" (β, 0.5), "Bias" (b, 1.), "ChannelWindowSize" (c, 2):

    y[i, j, k] = x[i, j, k] / (b + α/(2c + 1) Σ_{x' = max(1, i-c)}^{min(N, i+c)} x[x', j, k]²)^β

N the number of channels, which must be at least 2c + 1.  No arrays.  A custom op (numpy:
the window sums are differences of cumulative sums over the channels); the gradient uses
that the window is symmetric (j is in i's window exactly when i is in j's).
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Integer, Real
from wlnet.net.custom_op import CustomOp
from wlnet.net.errors import NetSpecError
from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param, real_value
from wlnet.net.types import RealT, TensorT
from wlnet.net.values import Batch, zeros_or

SYMBOL = "LocalResponseNormalizationLayer"


def window_sums(v: np.ndarray, c: int) -> np.ndarray:
    """For a batch (B, N, …): the sum over channels i - c … i + c (clipped) at each i."""
    padded = np.concatenate([np.zeros_like(v[:, :1]), np.cumsum(v, axis=1)], axis=1)
    n = v.shape[1]
    high = np.minimum(np.arange(n) + c + 1, n)
    low = np.maximum(np.arange(n) - c, 0)
    return padded[:, high] - padded[:, low]


def check_channels(channels, c: int) -> None:
    if isinstance(channels, int) and channels < 2 * c + 1:
        raise NetSpecError("lrnchannels", SYMBOL, c, 2 * c + 1, channels, symbol=SYMBOL)


class LocalResponseNormalizationOp(CustomOp):
    def __init__(self, layer, dtype):
        super().__init__(layer, dtype)
        p = self.params
        self.c, self.beta, self.bias = p["ChannelWindowSize"], p["Beta"], p["Bias"]
        self.scale = p["Alpha"] / (2 * self.c + 1)

    def forward(self, inputs, arrays, states, ctx):
        x = np.asarray(inputs["Input"].data, ctx.dtype)
        check_channels(x.shape[1], self.c)      # a net whose sizes were not fixed
        base = self.bias + self.scale * window_sums(x * x, self.c)
        factor = base ** -self.beta
        y = x * factor
        return {"Output": Batch(y, None)}, {}, (x, base, factor) if ctx.keep else None

    def backward(self, cache, d_outputs, d_states):
        x, base, factor = cache
        d_y = zeros_or(d_outputs.get("Output"), x.shape, self.dtype)
        # d x_j = g_j N_j^-β - 2 α' β x_j Σ_{i in W(j)} g_i x_i N_i^(-β-1)
        through = window_sums(d_y * x * factor / base, self.c)
        d_x = d_y * factor - 2 * self.scale * self.beta * x * through
        return {"Input": d_x}, {}, {}


def torch_lowering(t, p, ctx, inputs, arrays, states):
    check_channels(inputs["Input"].data.shape[1], p["ChannelWindowSize"])
    y = t.nn.functional.local_response_norm(inputs["Input"].data, 2 * p["ChannelWindowSize"] + 1,
                                            alpha=p["Alpha"], beta=p["Beta"], k=p["Bias"])
    return {"Output": Batch(y, None)}, {}


@register
class LocalResponseNormalization(LayerSpec):
    type_name = "LocalResponseNormalization"
    symbol = SYMBOL
    usage = ("LocalResponseNormalizationLayer[] represents a net layer that normalizes its "
             "input by averaging across neighboring input channels.")
    params = (Param("Alpha", "real", lambda: 1.0), Param("Beta", "real", lambda: 0.5),
              Param("Bias", "real", lambda: 1.0), Param("ChannelWindowSize", "int", lambda: 2),
              Param("Channels", "size"), Param("Height", "size"), Param("Width", "size"))
    min_args = max_args = 0
    options = {"Alpha": Real(1.0), "Beta": Real(0.5), "Bias": Real(1.0),
               "ChannelWindowSize": Integer(2)}
    messages = {"lrnchannels": "`1` with \"ChannelWindowSize\" -> `2` needs at least `3` "
                               "input channels (2 \"ChannelWindowSize\" + 1), not `4`."}
    op = LocalResponseNormalizationOp
    torch_lowering = staticmethod(torch_lowering)
    sample = ('LocalResponseNormalizationLayer["Alpha" -> 0.7, "Beta" -> 0.75, "Bias" -> 2, '
              '"ChannelWindowSize" -> 1, "Input" -> {4, 2, 3}]')
    examples = (
        ('LocalResponseNormalizationLayer["ChannelWindowSize" -> 1, "Alpha" -> 3, "Beta" -> 1]'
         '[{{{1}}, {{1}}, {{2}}}]', "{{{0.333333}}, {{0.142857}}, {{0.333333}}}"),
        ('Dimensions@LocalResponseNormalizationLayer["Input" -> {5, 3, 4}][RandomReal[1, '
         '{5, 3, 4}]]', "{5, 3, 4}"),
    )

    def parse_option(self, name, value, p):
        if name == "ChannelWindowSize":
            if not (type(value) is Integer and value.value >= 0):
                raise NetSpecError("invsetting", value, name, self.symbol,
                                   "a non-negative integer", symbol=self.symbol)
            p[name] = value.value
            return
        number = real_value(value)
        ok = number is not None and (number > 0 if name == "Bias" else number >= 0
                                     if name == "Alpha" else True)
        if not ok:
            raise NetSpecError("invsetting", value, name, self.symbol,
                               "a positive number" if name == "Bias" else
                               "a non-negative number", symbol=self.symbol)
        p[name] = number

    def _port(self, p):
        return TensorT((p["Channels"], p["Height"], p["Width"]), RealT)

    def inputs(self, p):
        return {"Input": self._port(p)}

    def outputs(self, p):
        return {"Output": self._port(p)}

    def post(self, p, u):
        check_channels(u.dim(p["Channels"]), p["ChannelWindowSize"])
