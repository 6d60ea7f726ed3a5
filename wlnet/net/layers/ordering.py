"""OrderingLayer[] (≡ OrderingLayer[All]), OrderingLayer[n], OrderingLayer[-n]: the
positions that would sort the input vector, as Ordering gives them (ties in the order of
their positions); n > 0 keeps the first n (the smallest), -n the last n (the largest, in
increasing order).  A sequence's padding takes no part.

The output is integers between 1 and the input's length (when it is fixed); it does not
depend smoothly on the input: no gradient.  A custom op in numpy (and on torch).
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Integer, Symbol
from wlnet.net.custom_op import CustomOp
from wlnet.net.errors import NetSpecError
from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param, is_symbol
from wlnet.net.types import IndexIntegerT, RealT, TensorT
from wlnet.net.values import Batch

SYMBOL = "OrderingLayer"


def read_spec(e):
    """All → None; a nonzero integer n → n."""
    if is_symbol(e, "All"):
        return None
    if type(e) is Integer and e.value != 0:
        return e.value
    raise NetSpecError("invorder", e, symbol=SYMBOL)


def ordering(values: np.ndarray, lengths, spec) -> np.ndarray:
    """(B, n) int32 positions (from 1) of a (B, L) batch; each example sorted over its own
    length (padding past it is 0 when the whole ordering is kept)."""
    batch, steps = values.shape
    if spec is not None and np.min(lengths) < abs(spec):       # (both backends check here)
        raise NetSpecError("ordshort", abs(spec), int(np.min(lengths)), symbol=SYMBOL)
    valid = np.arange(steps)[None, :] < np.asarray(lengths)[:, None]
    keyed = np.where(valid, values, np.inf)               # padding sorts last
    order = np.argsort(keyed, axis=1, kind="stable") + 1
    if spec is None:
        return np.where(valid, order, 0).astype(np.int32)
    if spec > 0:
        return order[:, :spec].astype(np.int32)
    # the last -spec of each example's own ordering
    starts = np.asarray(lengths)[:, None] + spec + np.arange(-spec)[None, :]
    return np.take_along_axis(order, starts, axis=1).astype(np.int32)


def _lengths(x, steps):
    return x.lengths if x.lengths is not None else np.full(x.data.shape[0], steps)


class OrderingOp(CustomOp):
    def forward(self, inputs, arrays, states, ctx):
        x = inputs["Input"]
        data = np.asarray(x.data)
        lengths = _lengths(x, data.shape[1])
        spec = self.params["Specification"]
        out = ordering(data, lengths, spec)
        return {"Output": Batch(out, x.lengths if spec is None else None)}, {}, None

    # no backward: positions have no gradient


def torch_lowering(t, p, ctx, inputs, arrays, states):
    x = inputs["Input"]
    data = x.data.detach().cpu().numpy()
    lengths = x.lengths.cpu().numpy() if x.lengths is not None else np.full(data.shape[0], data.shape[1])
    out = t.from_numpy(ordering(data, lengths, p["Specification"])).to(x.data.device)
    return {"Output": Batch(out, x.lengths if p["Specification"] is None else None)}, {}


@register
class Ordering(LayerSpec):
    type_name = "Ordering"
    symbol = SYMBOL
    usage = "OrderingLayer[] represents a net layer that effectively applies Ordering to its input."
    params = (Param("Specification", "custom", lambda: None, read=read_spec,
                    show=lambda s: Symbol("All") if s is None else Integer(s)),
              Param("$Length", "length"), Param("$OutputLength", "length"),
              Param("$Count", "size"))
    min_args, max_args = 0, 1
    messages = {
        "invorder": "`1` is not a valid element specification for OrderingLayer; use All or a nonzero integer n (the first n) or -n (the last n).",
        "ordshort": "OrderingLayer cannot give `1` positions of a vector of length `2`.",
    }
    op = OrderingOp
    torch_lowering = staticmethod(torch_lowering)
    sample = 'OrderingLayer[-2, "Input" -> "Varying"]'
    examples = (
        ("OrderingLayer[][{3., 1., 2.}]", "{2, 3, 1}"),
        ("OrderingLayer[2][{5, 1, 4, 3}]", "{2, 4}"),
        ("OrderingLayer[-2][{5, 1, 4, 3}]", "{3, 1}"),
        ('OrderingLayer["Input" -> "Varying"][{{3, 1, 2}, {2, 1}}]', "{{2, 3, 1}, {2, 1}}"),
        ('NetExtract[OrderingLayer[4, "Input" -> 8], "Output"]', "{4, Restricted[Integer, 8]}"),
    )

    def parse_args(self, args, p):
        if args:
            p["Specification"] = read_spec(args[0])

    def inputs(self, p):
        return {"Input": TensorT((p["$Length"],), RealT)}

    def outputs(self, p):
        return {"Output": TensorT((p["$OutputLength"],), IndexIntegerT(p["$Count"]))}

    def post(self, p, u):
        spec, length = p["Specification"], u.dim(p["$Length"])
        if spec is None:
            u.unify_dim(p["$OutputLength"], p["$Length"])
        else:
            if isinstance(length, int) and length < abs(spec):
                raise NetSpecError("ordshort", abs(spec), length, symbol=SYMBOL)
            u.unify_dim(p["$OutputLength"], abs(spec))
        if isinstance(length, int):
            u.unify_dim(p["$Count"], length)
