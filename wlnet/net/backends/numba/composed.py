"""Running a layer's composition of primitives on the CPU, forward and backward.

The composition (``wlnet.net.compose``) is built once per op and turned into a list of
steps (the row's forward and vjp, its attributes, where its operands come from).  Forward
evaluates the steps in order; backward walks them in reverse with the vjps, summing
gradients where a value is used more than once.  Values live in one list: the layer's
inputs and arrays first, then one slot per step.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from wlnet.net.compose import compose_layer
from wlnet.net.custom_op import CustomOp
from wlnet.net.primitives import PRIMITIVES
from wlnet.net.values import Batch

__all__ = ["ComposedOp"]


class _Step(NamedTuple):
    forward: object
    vjp: object
    attrs: dict
    operands: tuple              # slots of the operands
    constant: bool               # a "const" node: no gradient flows into it


class ComposedOp(CustomOp):
    def __init__(self, layer, dtype):
        super().__init__(layer, dtype)
        comp = compose_layer(layer)
        self.inputs = comp.inputs
        self.arrays = comp.arrays
        base = len(comp.inputs) + len(comp.arrays)
        slot = {("input", k): i for i, k in enumerate(comp.inputs)}
        slot.update({("array", k): len(comp.inputs) + i for i, k in enumerate(comp.arrays)})
        slot.update({("node", i): base + i for i in range(len(comp.nodes))})
        self.base = base
        self.steps = tuple(
            _Step(PRIMITIVES[n.primitive].forward, PRIMITIVES[n.primitive].vjp, n.attrs,
                  tuple(slot[tuple(r)] for r in n.inputs), n.primitive == "const")
            for n in comp.nodes)
        self.outputs = tuple((port, slot[tuple(ref)]) for port, ref in comp.outputs.items())
        self._live: dict = {}                 # see _live_slots

    def forward(self, inputs, arrays, states, ctx):
        values = [inputs[k] for k in self.inputs]
        values += [arrays[k] for k in self.arrays]
        keep = ctx.keep
        saved = []
        for step in self.steps:
            y, s = step.forward(ctx, step.attrs, *map(values.__getitem__, step.operands))
            values.append(y)
            if keep:
                saved.append(s)
        outputs = {}
        for port, i in self.outputs:
            y = values[i]
            outputs[port] = y if isinstance(y, Batch) else Batch(y, None)
        if not keep:
            return outputs, {}, None
        return outputs, {}, (ctx, saved, values)      # shapes and codes: when backward asks

    spares_input_gradients = True

    def backward(self, cache, d_outputs, d_states, wanted=None):
        ctx, saved, values = cache
        live = self._live_slots(wanted)
        grads = [None] * len(values)
        for port, i in self.outputs:
            d = d_outputs.get(port)
            if d is not None and not _is_codes(values[i]):
                grads[i] = d if grads[i] is None else grads[i] + d
        base = self.base
        for k in range(len(self.steps) - 1, -1, -1):
            slot = base + k
            d = grads[slot]
            step = self.steps[k]
            if d is None or not live[slot]:
                continue                       # (a constant, or from unwanted inputs only)
            d = np.asarray(d, self.dtype)
            shape = np.shape(_data(values[slot]))
            if d.shape != shape:
                d = np.broadcast_to(d, shape)
            for i, g in zip(step.operands, step.vjp(ctx, step.attrs, saved[k], d)):
                # integer codes (moved by SequenceReverse…, PartLayer) have no gradient
                if g is not None and not (i >= base and self.steps[i - base].constant) \
                        and not _is_codes(values[i]):
                    grads[i] = g if grads[i] is None else grads[i] + g
        n_in = len(self.inputs)
        d_inputs = {k: grads[i] for i, k in enumerate(self.inputs)
                    if grads[i] is not None and live[i]}
        d_arrays = {k: np.asarray(grads[n_in + i], self.dtype) for i, k in enumerate(self.arrays)
                    if grads[n_in + i] is not None}
        return d_inputs, d_arrays, {}


    def _live_slots(self, wanted) -> list:
        """Per value slot, whether a gradient is wanted of it: the ``wanted`` inputs (None:
        all), the arrays, and the steps (not constants) with such an operand; kept per set
        of wanted inputs."""
        live = self._live.get(wanted)
        if live is None:
            live = [wanted is None or k in wanted for k in self.inputs]
            live += [True] * len(self.arrays)
            for step in self.steps:
                live.append(not step.constant and any(live[i] for i in step.operands))
            self._live[wanted] = live
        return live


def _data(v):
    return v.data if isinstance(v, Batch) else v


def _is_codes(v) -> bool:
    """Whether a value is integer codes (which take no gradient)."""
    v = _data(v)
    return (v.dtype if type(v) is np.ndarray else np.asarray(v).dtype).kind in "iu"
