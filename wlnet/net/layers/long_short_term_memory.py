"""LongShortTermMemoryLayer[n, opts]: WL's LSTM (input, output, forget and memory gates).

Ports "Input" (a sequence of k-vectors) and "Output" (a sequence of n-vectors, the states
s_t = o_t * Tanh[c_t]); state ports "State" and "CellState" (n-vectors, zero unless given);
twelve arrays, n×k input weights, n×n state weights and n-vector biases per gate, named as
WL names them; "ForgetGateBiases" start at 1, the other biases at 0.  "Dropout" as in
GatedRecurrentLayer.

The computation is a custom op over the fused kernels of ``wlnet.kernels.lstm`` (the GRU's
machinery with the LSTM's gates).
"""

from __future__ import annotations

import numpy as np

from wlnet.kernels import lstm as klstm
from wlnet.net.layers.gated_recurrent import (
    RecurrentLayerSpec, RecurrentOp, recurrent_arrays, recurrent_params, torch_recurrence,
)
from wlnet.net.registry import register
from wlnet.net.types import RealT, TensorT
from wlnet.net.values import Batch, full_lengths, zeros_or


class LongShortTermMemoryOp(RecurrentOp):
    array_names = klstm.ARRAY_NAMES

    def _pack(self, arrays, dtype):
        return klstm.pack_lstm_weights(arrays, dtype)

    def forward(self, inputs, arrays, states, ctx):
        x = inputs["Input"]
        data = np.ascontiguousarray(x.data, ctx.dtype)
        lengths = x.lengths if x.lengths is not None else full_lengths(data)
        masks = None
        if ctx.train and self.dropout:
            batch, steps = data.shape[:2]
            masks = klstm.make_lstm_dropout_masks(ctx.rng, self.dropout, batch, steps, self.k,
                                                  self.n, ctx.dtype)
        out, final, cell, cache = klstm.lstm_forward(
            data, lengths, self._weights(arrays, ctx), states.get("State"),
            states.get("CellState"), masks, keep_for_backward=ctx.keep)
        return ({"Output": Batch(out, x.lengths)}, {"State": final, "CellState": cell},
                cache if ctx.keep else None)

    def backward(self, cache, d_outputs, d_states):
        batch, steps, _, n = cache.shape
        d_out = zeros_or(d_outputs.get("Output"), (batch, steps, n), self.dtype)
        g = klstm.lstm_backward(cache, d_out, d_states.get("State"), d_states.get("CellState"))
        return ({"Input": g.input}, dict(g.arrays),
                {"State": g.initial_state, "CellState": g.initial_cell})


def torch_lowering(t, p, ctx, inputs, arrays, states):
    """WL's LSTM equations on torch tensors (the PyTorch backend), "Dropout" as the kernels
    apply it (gated_recurrent.torch_recurrence)."""

    def step(xs, current, recurrent, w, update):
        xi, xo, xf, xm = xs
        c = current[1]
        i = t.sigmoid(xi + recurrent @ w["InputGate"].T)
        o = t.sigmoid(xo + recurrent @ w["OutputGate"].T)
        f = t.sigmoid(xf + recurrent @ w["ForgetGate"].T)
        m = t.tanh(xm + recurrent @ w["MemoryGate"].T)
        if update is not None:
            m = m * update
        c = f * c + i * m
        return [o * t.tanh(c), c]

    return torch_recurrence(t, p, ctx, inputs, arrays, states, klstm.GATES,
                            ("State", "CellState"), step, klstm.make_lstm_dropout_masks)


@register
class LongShortTermMemory(RecurrentLayerSpec):
    type_name = "LongShortTermMemory"
    symbol = "LongShortTermMemoryLayer"
    usage = ("LongShortTermMemoryLayer[n] represents a trainable recurrent layer that takes a "
             "sequence of vectors and produces a sequence of vectors each of size n.")
    params = recurrent_params("LongShortTermMemoryLayer")
    arrays = recurrent_arrays(klstm.GATES, ones=("ForgetGate",))
    op = LongShortTermMemoryOp
    torch_lowering = staticmethod(torch_lowering)
    sample = 'LongShortTermMemoryLayer[3, "Input" -> {"Varying", 2}]'
    examples = (
        ('Dimensions@NetInitialize[LongShortTermMemoryLayer[3, "Input" -> {"Varying", 2}]]'
         '[{{1, 2}, {2, 1}, {3, 0}}]', "{3, 3}"),
        ('Normal@NetExtract[NetInitialize[LongShortTermMemoryLayer[2, "Input" -> {"Varying", 3}]], '
         '"ForgetGateBiases"]', "{1., 1.}"),
        # weights zero: the input, output and forget gates are 1/2, the memory gate Tanh[1],
        # so c1 = Tanh[1]/2, s1 = Tanh[c1]/2, c2 = c1/2 + Tanh[1]/2, s2 = Tanh[c2]/2
        ('LongShortTermMemoryLayer[2, "Input" -> {"Varying", 1}, '
         '"InputGateInputWeights" -> {{0}, {0}}, "InputGateStateWeights" -> {{0, 0}, {0, 0}}, '
         '"InputGateBiases" -> {0, 0}, "OutputGateInputWeights" -> {{0}, {0}}, '
         '"OutputGateStateWeights" -> {{0, 0}, {0, 0}}, "OutputGateBiases" -> {0, 0}, '
         '"ForgetGateInputWeights" -> {{0}, {0}}, "ForgetGateStateWeights" -> {{0, 0}, {0, 0}}, '
         '"ForgetGateBiases" -> {0, 0}, "MemoryGateInputWeights" -> {{0}, {0}}, '
         '"MemoryGateStateWeights" -> {{0, 0}, {0, 0}}, "MemoryGateBiases" -> {1, 1}][{{1}, {2}}]',
         "{{0.1817, 0.1817}, {0.258118, 0.258118}}"),
    )

    def states(self, p):
        n = p["OutputSize"]
        return {"State": TensorT((n,), RealT), "CellState": TensorT((n,), RealT)}
