"""Which steps of an executor's program are a "tail": layers made of one primitive that
``wlnet.kernels.training.Tail`` runs as bare kernel calls (SequenceLast, Linear, an
elementwise function with a kernel, Softmax over the last axis).  NetTrain's fused step
(wlnet.net.train.fused) runs the last such steps of a net with its loss; the executor runs a
net made only of them (a small chain of Linear, Tanh, Softmax…) this way when it evaluates
(Executor.forward)."""

from __future__ import annotations

from wlnet.kernels import training as K
from wlnet.kernels.elementwise import FUNCTIONS as KERNEL_FUNCTIONS
from wlnet.net.functions import lookup
from wlnet.net.primitives import PRIMITIVES

__all__ = ["tail_row", "primitive_of"]

_FORWARD = {name: PRIMITIVES[name].forward for name in ("sequence_last", "linear", "map", "softmax")}


def primitive_of(step):
    """(name, attrs, operand names) of a step whose layer is one primitive of the tail's,
    else None.  Operand names: the op's input ports and array names, in operand order."""
    op = step.op
    steps = getattr(op, "steps", None)
    if type(op).__name__ != "ComposedOp" or steps is None or len(steps) != 1:
        return None
    one = steps[0]
    name = next((n for n, f in _FORWARD.items() if one.forward is f), None)
    if name is None:
        return None
    slots = tuple(op.inputs) + tuple(op.arrays)
    if any(i >= len(slots) for i in one.operands) or len(op.inputs) != 1:
        return None
    return name, one.attrs, tuple(slots[i] for i in one.operands)


def tail_row(step):
    """(op, argument, array paths) of a step the Tail runs, else None: argument the
    elementwise function's code for MAP; array paths (weights, biases or None) for LINEAR."""
    found = primitive_of(step)
    if found is None or step.fed_states or step.interior or "Input" not in step.inputs:
        return None
    name, attrs, operands = found
    if name == "sequence_last":
        return K.LAST, 0, ()
    if name == "map":
        kernel = getattr(lookup(attrs.get("function", "")), "kernel", None)
        return (K.MAP, KERNEL_FUNCTIONS.index(kernel), ()) if kernel in KERNEL_FUNCTIONS else None
    if name == "softmax":
        return (K.SOFTMAX, 0, ()) if attrs.get("axis") == -1 else None
    paths = [step.array_paths.get(a) for a in operands[1:]]      # linear: weights[, biases]
    if len(paths) not in (1, 2) or None in paths:
        return None
    return K.LINEAR, 0, (paths[0], paths[1] if len(paths) == 2 else None)
