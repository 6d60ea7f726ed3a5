"""The CPU backend (the default): layers run on numpy and the Numba kernels of
``wlnet.kernels``.

A layer with a custom op (``spec.op``) runs it; any other layer runs its composition of
primitives through ``ComposedOp``.
"""

from __future__ import annotations

from wlnet.net.backends.numba.composed import ComposedOp

__all__ = ["op_for", "NAME"]

NAME = "numba"


def op_for(layer, dtype):
    spec = layer.spec
    if spec.op is not None:
        return spec.op(layer, dtype)
    return ComposedOp(layer, dtype)
