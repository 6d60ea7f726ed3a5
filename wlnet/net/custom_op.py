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

A layer module declares its op class next to its spec (``op = GatedRecurrentOp``); the
arithmetic is in one kernel module of ``wlnet.kernels``.
"""

from __future__ import annotations

import numpy as np

__all__ = ["CustomOp"]


class CustomOp:
    def __init__(self, layer, dtype):
        self.layer = layer
        self.params = layer.params
        self.dtype = np.dtype(dtype)

    def forward(self, inputs, arrays, states, ctx):
        raise NotImplementedError

    def backward(self, cache, d_outputs, d_states):
        return {}, {}, {}
