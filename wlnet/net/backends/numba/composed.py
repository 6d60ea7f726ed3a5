"""Running a layer's composition of primitives on the CPU, forward and backward.

The composition (``wlnet.net.compose``) is built once per op.  Forward evaluates the nodes
in order with the primitive table's CPU forwards; backward walks them in reverse with the
rows' vjps, summing gradients where a value is used more than once.
"""

from __future__ import annotations

import numpy as np

from wlnet.net.compose import compose_layer
from wlnet.net.custom_op import CustomOp
from wlnet.net.primitives import PRIMITIVES, data_of
from wlnet.net.values import Batch

__all__ = ["ComposedOp"]


class ComposedOp(CustomOp):
    def __init__(self, layer, dtype):
        super().__init__(layer, dtype)
        self.composition = compose_layer(layer)
        self.rows = tuple(PRIMITIVES[n.primitive] for n in self.composition.nodes)

    def forward(self, inputs, arrays, states, ctx):
        comp = self.composition
        values = [None] * len(comp.nodes)

        def value(ref):
            kind, key = ref
            if kind == "node":
                return values[key]
            if kind == "input":
                return inputs[key]
            return arrays[key]

        saved = [None] * len(comp.nodes) if ctx.keep else None
        for i, (node, row) in enumerate(zip(comp.nodes, self.rows)):
            y, s = row.forward(ctx, node.attrs, *(value(r) for r in node.inputs))
            values[i] = y
            if saved is not None:
                saved[i] = s
        outputs = {}
        for port, ref in comp.outputs.items():
            y = value(ref)
            outputs[port] = y if isinstance(y, Batch) else Batch(y, None)
        cache = (ctx, saved, [np.shape(data_of(v)) for v in values]) if ctx.keep else None
        return outputs, {}, cache

    def backward(self, cache, d_outputs, d_states):
        ctx, saved, shapes = cache
        comp = self.composition
        grads: dict = {}

        def add(ref, g):
            if g is None or ref.kind == "node" and comp.nodes[ref.key].primitive == "const":
                return
            grads[ref] = g if ref not in grads else grads[ref] + g

        for port, ref in comp.outputs.items():
            d = d_outputs.get(port)
            if d is not None:
                add(ref, np.asarray(d, self.dtype))
        for i in range(len(comp.nodes) - 1, -1, -1):
            d = grads.pop(("node", i), None)
            if d is None:
                continue
            node = comp.nodes[i]
            d = np.asarray(d, self.dtype)
            if d.shape != shapes[i]:
                d = np.broadcast_to(d, shapes[i])
            for ref, g in zip(node.inputs, self.rows[i].vjp(ctx, node.attrs, saved[i], d)):
                add(ref, g)
        d_inputs = {k: g for (kind, k), g in grads.items() if kind == "input"}
        d_arrays = {k: np.asarray(g, self.dtype) for (kind, k), g in grads.items() if kind == "array"}
        return d_inputs, d_arrays, {}
