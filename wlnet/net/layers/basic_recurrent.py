"""BasicRecurrentLayer[n, opts]: s_t = f[Wx.x_t + Ws.s_{t-1} + b], f the "Activation"
(Tanh unless given).

Ports as GatedRecurrentLayer's: "Input" (a sequence of k-vectors), "Output" (the sequence
of states s_1 … s_T) and the state port "State" (an n-vector, zero unless given); arrays
"InputWeights" (n×k), "StateWeights" (n×n), "Biases" (n); "Dropout" with the recurrent
layers' methods ("StateUpdate" masks the new state s_t, the others as for the GRU).

"Activation" is a function of the elementwise table (Tanh, Ramp, LogisticSigmoid, "ReLU",
"SELU", …).  The computation is a custom op in numpy: the input projections of all steps are
one product, then one (B, n)·(n, n) product and one activation per step, forward and back
through time; each example stops at its own length.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import String, Symbol
from wlnet.kernels.gru import make_gru_dropout_masks
from wlnet.net.errors import NetSpecError
from wlnet.net.functions import lookup
from wlnet.net.layers.gated_recurrent import (
    RecurrentLayerSpec, RecurrentOp, recurrent_arrays, recurrent_params, torch_recurrence,
)
from wlnet.net.registry import register
from wlnet.net.spec import Param
from wlnet.net.values import Batch, full_lengths, zeros_or

NAMES = ("InputWeights", "StateWeights", "Biases")


def _name(e) -> str | None:
    return e.name if type(e) is Symbol else e.value if type(e) is String else None


def read_activation(e, symbol: str = "BasicRecurrentLayer"):
    """"Activation" -> f: a function of the elementwise table, kept as WL gave it (a symbol
    such as Tanh, or a named activation such as "ReLU")."""
    if _name(e) is None or lookup(_name(e)) is None:
        raise NetSpecError("invact", e, symbol=symbol)
    return e


def activation(e):
    """The elementwise-table row of an "Activation" value."""
    return lookup(_name(e))


class BasicRecurrentOp(RecurrentOp):
    array_names = NAMES

    def __init__(self, layer, dtype):
        super().__init__(layer, dtype)
        self.f = activation(layer.params["Activation"])

    def _pack(self, arrays, dtype):
        return tuple(np.ascontiguousarray(arrays[name], dtype) for name in NAMES)

    def forward(self, inputs, arrays, states, ctx):
        x = inputs["Input"]
        data = np.asarray(x.data, ctx.dtype)
        batch, steps, k = data.shape
        n = self.n
        lengths = np.asarray(x.lengths if x.lengths is not None else full_lengths(data))
        wx, ws, b = self._weights(arrays, ctx)
        masks = make_gru_dropout_masks(ctx.rng, self.dropout, batch, steps, k, n, ctx.dtype,
                                       gates=1) if ctx.train and self.dropout else None
        if masks is not None and masks.weights is not None:
            ws = ws * masks.weights
        if masks is not None and masks.input is not None:
            data = data * masks.input[:, None, :]
        s = np.zeros((batch, n), ctx.dtype) if states.get("State") is None \
            else np.array(states["State"], ctx.dtype)
        pre = data @ wx.T + b                                   # (B, T, n), all steps at once
        out = np.zeros((batch, steps, n), ctx.dtype)
        prev_used = np.empty((batch, steps, n), ctx.dtype)
        values = np.empty((batch, steps, n), ctx.dtype)
        with np.errstate(all="ignore"):
            for t in range(steps):
                active = (lengths > t)[:, None]
                prev = s if masks is None or masks.state is None else s * masks.state
                prev_used[:, t] = prev
                pre[:, t] += prev @ ws.T
                values[:, t] = self.f.value(pre[:, t])
                new = values[:, t] if masks is None or masks.update is None \
                    else values[:, t] * masks.update[:, t]
                s = np.where(active, new, s)
                out[:, t] = np.where(active, new, 0)
        cache = (data, pre, values, prev_used, lengths, ws, wx, masks) if ctx.keep else None
        return {"Output": Batch(out, x.lengths)}, {"State": s}, cache

    def backward(self, cache, d_outputs, d_states):
        data, pre, values, prev_used, lengths, ws, wx, masks = cache
        batch, steps, n = pre.shape
        d_out = zeros_or(d_outputs.get("Output"), (batch, steps, n), self.dtype)
        carry = zeros_or(d_states.get("State"), (batch, n), self.dtype).copy()
        d_pre = np.zeros_like(pre)
        with np.errstate(all="ignore"):
            for t in range(steps - 1, -1, -1):
                active = (lengths > t)[:, None]
                ds = carry + d_out[:, t]
                if masks is not None and masks.update is not None:
                    ds = ds * masks.update[:, t]
                d_pre[:, t] = np.where(active, ds * self.f.derivative(pre[:, t], values[:, t]), 0)
                back = d_pre[:, t] @ ws
                if masks is not None and masks.state is not None:
                    back = back * masks.state
                carry = np.where(active, back, carry)
        rows = d_pre.reshape(-1, n)
        d_x = d_pre @ wx
        if masks is not None and masks.input is not None:
            d_x = d_x * masks.input[:, None, :]
        d_ws = rows.T @ prev_used.reshape(-1, n)
        if masks is not None and masks.weights is not None:
            d_ws = d_ws * masks.weights
        grads = {"InputWeights": rows.T @ data.reshape(-1, data.shape[2]),
                 "StateWeights": d_ws, "Biases": rows.sum(axis=0)}
        return {"Input": d_x}, grads, {"State": carry}


def torch_lowering(t, p, ctx, inputs, arrays, states):
    """s_t = f[Wx.x_t + Ws.s_{t-1} + b] on torch tensors (the PyTorch backend), "Dropout" as
    the op applies it (gated_recurrent.torch_recurrence)."""
    f = activation(p["Activation"])

    def step(xs, current, recurrent, w, update):
        new = f.torch(t, xs[0] + recurrent @ w[""].T)
        return [new if update is None else new * update]

    def masks(rng, probabilities, batch, steps, k, n, dtype):
        return make_gru_dropout_masks(rng, probabilities, batch, steps, k, n, dtype, gates=1)

    return torch_recurrence(t, p, ctx, inputs, arrays, states, ("",), ("State",), step, masks)


@register
class BasicRecurrent(RecurrentLayerSpec):
    type_name = "BasicRecurrent"
    symbol = "BasicRecurrentLayer"
    usage = ("BasicRecurrentLayer[n] represents a trainable recurrent layer that takes a "
             "sequence of vectors and produces a sequence of vectors each of size n.")
    params = recurrent_params("BasicRecurrentLayer",
                              Param("Activation", "custom", lambda: Symbol("Tanh"),
                                    read=read_activation, show=lambda e: e))
    arrays = recurrent_arrays(("",))
    options = {"Activation": Symbol("Tanh"), "Dropout": Symbol("None")}
    op = BasicRecurrentOp
    torch_lowering = staticmethod(torch_lowering)
    sample = 'BasicRecurrentLayer[3, "Input" -> {"Varying", 2}]'
    examples = (
        ('Dimensions@NetInitialize[BasicRecurrentLayer[3, "Input" -> {"Varying", 2}]]'
         '[{{1, 2}, {2, 1}, {3, 0}}]', "{3, 3}"),
        # s1 = Tanh[1 + 0.5], s2 = Tanh[2 + s1 + 0.5]
        ('BasicRecurrentLayer[1, "InputWeights" -> {{1}}, "StateWeights" -> {{1}}, '
         '"Biases" -> {0.5}][{{1}, {2}}]', "{{0.905148}, {0.997798}}"),
        ('BasicRecurrentLayer[1, "Activation" -> Ramp, "InputWeights" -> {{1}}, '
         '"StateWeights" -> {{-1}}, "Biases" -> {0}][{{1}, {3}, {-1}}]', "{{1.}, {2.}, {0.}}"),
    )

    def parse_option(self, name, value, p):
        if name == "Activation":
            p["Activation"] = read_activation(value, self.symbol)
        else:
            super().parse_option(name, value, p)
