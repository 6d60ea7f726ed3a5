"""ExtractLayer[]: Extract[input, position] with the position an input port too.

Ports "Input" (an array of dimensions {n1, …, nd}), "Position" (integers of dimensions
{m1, …, mp, s}: p levels of positions, each s deep; a single integer is one position one
level deep) and "Output" {m1, …, mp, n(s+1), …, nd}.  Negative positions count from the end;
s may not exceed d.  Along a sequence's varying level, positions are within each example's
own length; a varying first level of positions gives a sequence of parts.  The gradient of
the input is the output's, added at the positions taken; the positions have none.
"""

from __future__ import annotations

import numpy as np

from wlnet.net.custom_op import CustomOp
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._shapes import known_rank, port, set_dims
from wlnet.net.layers._spatial import masked_steps
from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param
from wlnet.net.types import TensorT
from wlnet.net.values import Batch

SYMBOL = "ExtractLayer"


def _positions(pos: np.ndarray, batch: int, lengths=None) -> np.ndarray:
    """(B, M, s) integer positions from the port's (B, m1, …, s) data ((B,): one level);
    the padding of a varying first level takes position 1 (its parts are dropped)."""
    if not np.all(np.equal(np.floor(pos), pos)):
        raise NetSpecError("extint", symbol=SYMBOL)
    pos = pos.astype(np.int64)
    if lengths is not None:
        pos = masked_steps(pos, lengths, 1)
    if pos.ndim == 1:
        return pos.reshape(batch, 1, 1)
    return pos.reshape(batch, -1, pos.shape[-1])


def _indices(pos: np.ndarray, sizes: np.ndarray) -> tuple:
    """Zero-based indices per level (each (B, M)) of positions ``pos`` (B, M, s) into parts
    of per-example sizes ``sizes`` (B, s); a message for a position outside its level."""
    bound = sizes[:, None, :]
    zero_based = np.where(pos < 0, pos + bound, pos - 1)
    bad = (pos == 0) | (zero_based < 0) | (zero_based >= bound)
    if bad.any():
        b, m, level = np.argwhere(bad)[0]
        raise NetSpecError("extpart", int(pos[b, m, level]), int(level) + 1,
                           int(sizes[b, level]), symbol=SYMBOL)
    return tuple(zero_based[:, :, k] for k in range(pos.shape[2]))


class ExtractOp(CustomOp):
    def forward(self, inputs, arrays, states, ctx):
        x, p = inputs["Input"], inputs["Position"]
        data = np.asarray(x.data)
        batch = data.shape[0]
        pos = _positions(np.asarray(p.data), batch, p.lengths)
        depth = pos.shape[2]
        if depth > data.ndim - 1:
            raise NetSpecError("extdepth", depth, data.ndim - 1, symbol=SYMBOL)
        sizes = np.tile(np.asarray(data.shape[1:1 + depth]), (batch, 1))
        if x.lengths is not None:
            sizes[:, 0] = np.asarray(x.lengths)
        index = _indices(pos, sizes)
        rows = np.arange(batch)[:, None]
        parts = data[(rows,) + index]                           # (B, M, rest…)
        out_dims = np.asarray(p.data).shape[1:-1] if np.asarray(p.data).ndim > 1 else ()
        out = parts.reshape((batch,) + tuple(out_dims) + data.shape[1 + depth:])
        lengths = p.lengths if out_dims else None
        if lengths is not None:
            out = masked_steps(out, lengths, 0)
        cache = (data.shape, index, lengths) if ctx.keep else None
        return {"Output": Batch(np.ascontiguousarray(out), lengths)}, {}, cache

    def backward(self, cache, d_outputs, d_states):
        shape, index, lengths = cache
        d = d_outputs.get("Output")
        dx = np.zeros(shape, self.dtype)
        if d is not None:
            if lengths is not None:          # the parts taken for the padding are dropped
                d = masked_steps(np.asarray(d), lengths, 0)
            batch = shape[0]
            rows = np.broadcast_to(np.arange(batch)[:, None], index[0].shape)
            parts = np.asarray(d, self.dtype).reshape(index[0].shape + shape[1 + len(index):])
            np.add.at(dx, (rows,) + index, parts)
        return {"Input": dx}, {}, {}


def torch_lowering(t, p, ctx, inputs, arrays, states):
    x, position = inputs["Input"], inputs["Position"]
    data = x.data
    batch = data.shape[0]
    lengths = position.lengths
    pos = _positions(position.data.detach().cpu().numpy(), batch,
                     None if lengths is None else lengths.cpu().numpy())
    depth = pos.shape[2]
    if depth > data.dim() - 1:
        raise NetSpecError("extdepth", depth, data.dim() - 1, symbol=SYMBOL)
    sizes = np.tile(np.asarray(tuple(data.shape[1:1 + depth])), (batch, 1))
    if x.lengths is not None:
        sizes[:, 0] = x.lengths.cpu().numpy()
    index = tuple(t.from_numpy(i).to(data.device) for i in _indices(pos, sizes))
    rows = t.arange(batch, device=data.device)[:, None]
    parts = data[(rows,) + index]
    out_dims = tuple(position.data.shape[1:-1]) if position.data.dim() > 1 else ()
    out = parts.reshape((batch,) + out_dims + tuple(data.shape[1 + depth:]))
    lengths = lengths if out_dims else None
    if lengths is not None:
        keep = t.arange(out.shape[1], device=out.device)[None, :] < lengths.to(out.device)[:, None]
        out = out * keep.reshape(keep.shape + (1,) * (out.dim() - 2)).to(out.dtype)
    return {"Output": Batch(out, lengths)}, {}


@register
class Extract(LayerSpec):
    type_name = "Extract"
    moves_values = True
    symbol = SYMBOL
    usage = ("ExtractLayer[] represents a net layer that takes an array and a position "
             "specification as inputs and extracts the specified parts from the array.")
    # the positions' element type: numbers (checked to be integers when the layer runs), or
    # Restricted["Integer", n] when the port says so
    params = (Param("$InputDimensions", "sizelist"), Param("$PositionDimensions", "sizelist"),
              Param("$OutputDimensions", "sizelist"), Param("$PositionElement", "elem"))
    messages = {
        "extdepth": "Positions `1` levels deep cannot be taken from an input of rank `2`.",
        "extpart": "The position `1` does not exist at level `2`, whose length is `3`.",
        "extint": "The positions given to ExtractLayer should be integers.",
    }
    op = ExtractOp
    torch_lowering = staticmethod(torch_lowering)
    # integer positions within the input's first level (the registry's data are in range)
    sample = 'ExtractLayer["Input" -> {3, 4}, "Position" -> {2, 1, Restricted["Integer", 3]}]'
    examples = (
        ('ExtractLayer[][<|"Input" -> {10, 20, 30}, "Position" -> {2}|>]', "20."),
        ('ExtractLayer[][<|"Input" -> {{1, 2}, {3, 4}}, "Position" -> {{2, 1}, {-1, -1}}|>]',
         "{3., 4.}"),
        ('NetExtract[ExtractLayer["Input" -> {5, 4, 3}, "Position" -> {6, 2}], "Output"]',
         "{6, 3}"),
    )

    def inputs(self, p):
        d = p["$PositionDimensions"]
        return {"Input": port(p["$InputDimensions"]),
                "Position": TensorT(d.dims, p["$PositionElement"], d.tail)}

    def outputs(self, p):
        return {"Output": port(p["$OutputDimensions"])}

    def post(self, p, u):
        dims, pos = known_rank(u, p["$InputDimensions"]), known_rank(u, p["$PositionDimensions"])
        if dims is None or pos is None:
            return
        levels, depth = (pos[:-1], pos[-1]) if pos else ((), 1)
        if not isinstance(depth, int):
            return
        if depth > len(dims):
            raise NetSpecError("extdepth", depth, len(dims), symbol=SYMBOL)
        set_dims(u, p["$OutputDimensions"], list(levels) + list(dims[depth:]), SYMBOL)
