"""SequenceIndicesLayer[]: the positions 1, 2, …, n of a sequence's n elements (each
example's own length), as integers; SequenceIndicesLayer[m] or "Maximum" -> m clips them
at m (Min[m, Range[n]]).

The output's integers are between 1 and m, or, without a maximum, 1 and the sequence's
length when it is fixed, so that an EmbeddingLayer after it learns its class count (a
learnt position embedding).  The output does not depend on the input's values: its
gradient is zero.  A custom op in numpy (and on torch), built from the lengths alone.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Integer, Symbol
from wlnet.net.custom_op import CustomOp
from wlnet.net.errors import NetSpecError
from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param, is_symbol
from wlnet.net.types import AtomT, IndexIntegerT, TensorT
from wlnet.net.values import Batch, full_lengths

SYMBOL = "SequenceIndicesLayer"


def _is_infinity(e) -> bool:
    return is_symbol(e, "Infinity") or (
        type(e) is Expr and is_symbol(e.head, "DirectedInfinity") and e.args == (Integer(1),))


def read_maximum(e):
    if _is_infinity(e):
        return None
    if type(e) is Integer and e.value > 0:
        return e.value
    raise NetSpecError("invmax", e, symbol=SYMBOL)


def indices(lengths, steps: int, maximum) -> np.ndarray:
    """(B, steps) int32: 1..length per example (clipped at ``maximum``), zero in padding."""
    positions = np.arange(1, steps + 1)[None, :]
    if maximum is not None:
        positions = np.minimum(positions, maximum)
    return np.where(positions <= 0, 0, np.where(
        np.arange(steps)[None, :] < np.asarray(lengths)[:, None], positions, 0)).astype(np.int32)


class SequenceIndicesOp(CustomOp):
    def forward(self, inputs, arrays, states, ctx):
        x = inputs["Input"]
        data = np.asarray(x.data)
        lengths = x.lengths if x.lengths is not None else full_lengths(data)
        out = indices(lengths, data.shape[1], self.params["Maximum"])
        return {"Output": Batch(out, x.lengths)}, {}, None

    # no backward: the output does not depend on the input's values (no input gradient)


def torch_lowering(t, p, ctx, inputs, arrays, states):
    x = inputs["Input"]
    batch, steps = x.data.shape[:2]
    lengths = x.lengths if x.lengths is not None else t.full((batch,), steps)
    positions = t.arange(1, steps + 1, device=x.data.device)[None, :].expand(batch, steps)
    if p["Maximum"] is not None:
        positions = positions.clamp(max=p["Maximum"])
    valid = t.arange(steps, device=x.data.device)[None, :] < lengths.to(x.data.device)[:, None]
    return {"Output": Batch(t.where(valid, positions, 0).to(t.int32), x.lengths)}, {}


@register
class SequenceIndices(LayerSpec):
    type_name = "SequenceIndices"
    symbol = SYMBOL
    usage = ("SequenceIndicesLayer[] represents a net layer that produces a list of indices "
             "for an input sequence.")
    params = (Param("Maximum", "custom", lambda: None, read=read_maximum,
                    show=lambda m: Symbol("Infinity") if m is None else Integer(m)),
              Param("$Length", "length"), Param("$Dimensions", "sizelist"),
              Param("$Count", "size"))
    options = {"Maximum": Symbol("Infinity")}
    min_args, max_args = 0, 1               # SequenceIndicesLayer[nmax]: "Maximum" -> nmax
    messages = {"invmax": "The \"Maximum\" setting `1` should be a positive integer or Infinity."}
    op = SequenceIndicesOp
    torch_lowering = staticmethod(torch_lowering)
    sample = 'SequenceIndicesLayer["Maximum" -> 2, "Input" -> {"Varying", 2}]'
    examples = (
        ("SequenceIndicesLayer[][{{1, 2}, {3, 4}, {5, 6}}]", "{1, 2, 3}"),
        ('SequenceIndicesLayer["Maximum" -> 3][{5, 4, 3, 2, 1}]', "{1, 2, 3, 3, 3}"),
        ("SequenceIndicesLayer[2][{5, 4, 3}]", "{1, 2, 2}"),
        ('SequenceIndicesLayer["Input" -> "Varying"][{{7, 7, 7}, {1}}]', "{{1, 2, 3}, {1}}"),
        ('NetExtract[NetChain[{SequenceIndicesLayer[], EmbeddingLayer[2]}, "Input" -> {4, 3}], '
         '{2, "ClassCount"}]', "4"),
    )

    def parse_args(self, args, p):
        if args:
            p["Maximum"] = read_maximum(args[0])

    def parse_option(self, name, value, p):
        if name == "Maximum":
            p["Maximum"] = read_maximum(value)
        else:
            super().parse_option(name, value, p)

    def inputs(self, p):
        d = p["$Dimensions"]
        return {"Input": TensorT((p["$Length"],) + d.dims, AtomT, d.tail)}

    def outputs(self, p):
        return {"Output": TensorT((p["$Length"],), IndexIntegerT(p["$Count"]))}

    def post(self, p, u):
        if p["Maximum"] is not None:
            u.unify_dim(p["$Count"], p["Maximum"])
        elif isinstance(u.dim(p["$Length"]), int):
            u.unify_dim(p["$Count"], u.dim(p["$Length"]))
