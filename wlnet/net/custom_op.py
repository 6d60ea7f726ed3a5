"""The base of custom ops: layers whose computation is a fused kernel rather than a
composition of primitives (recurrent cells, losses with fused kernels).

An op is built once per resolved layer and working dtype, then called per batch:

  forward(inputs, arrays, states, ctx) -> (outputs, final_states, cache)
      inputs: port -> Batch; arrays: array name -> ndarray (in the working dtype);
      states: state name -> (B, n) ndarray (absent: zeros); ctx: a ``RunContext``.
      cache: what backward needs (None unless ``ctx.keep``).
  backward(cache, d_outputs, d_final_states) -> (d_inputs, d_arrays, d_initial_states)
      gradients as dicts; a None incoming gradient means zero; a port without a gradient
      (integer codes) is absent from d_inputs.
  backward(cache, d_outputs, d_final_states, wanted)
      the same, in ops whose ``spares_input_gradients`` is true: ``wanted`` is the input
      ports whose gradients are wanted (the executor's ``_gradient_plan``: e.g. not the
      net's images in a training step); the others may be left out, sparing their work.
  array_updates(cache) -> {array name: new value}
      after a training forward pass (``ctx.train`` and ``ctx.keep``), the new values of
      the layer's statistic arrays (``ArraySpec.statistic``, e.g. a moving mean) from what
      forward kept in its cache; NetTrain stores them after the optimizer step.  Ops
      without statistic arrays keep the default (none).

A layer module declares its op class next to its spec (``op = GatedRecurrentOp``); the
arithmetic is in one kernel module of ``wlnet.kernels``.
"""

from __future__ import annotations

import numpy as np

__all__ = ["CustomOp"]


class CustomOp:
    # backward takes the wanted input ports as a fourth argument (see the module docstring)
    spares_input_gradients = False

    def __init__(self, layer, dtype):
        self.layer = layer
        self.params = layer.params
        self.dtype = np.dtype(dtype)

    def forward(self, inputs, arrays, states, ctx):
        raise NotImplementedError

    def backward(self, cache, d_outputs, d_states):
        return {}, {}, {}

    def array_updates(self, cache) -> dict:
        return {}
