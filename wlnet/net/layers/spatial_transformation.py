"""SpatialTransformationLayer[{h, w}]: an affine transformation of a c×h0×w0 input sampled
(bilinearly) at h×w points.

Ports "Input" (c×h0×w0), "Parameters" (6 numbers {zh, sh, th, sv, zv, tv}) and "Output"
(c×h×w).  In coordinates running from -1 to 1 across the width (x) and the height (y) of
both arrays, output point (x, y) takes the input at (zh x + sh y + th, sv x + zv y + tv):
{1, 0, 0, 0, 1, 0} is the identity, zh = zv = 1/2 zooms in by 2.  Points outside the input
take 0.  Gradients flow to the input and to the parameters.  A custom op in numpy (and on
torch: affine_grid and grid_sample with aligned corners, the same convention).
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Integer, S
from wlnet.net.custom_op import CustomOp
from wlnet.net.errors import NetSpecError
from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param
from wlnet.net.types import RealT, TensorT, fresh_size
from wlnet.net.values import Batch

SYMBOL = "SpatialTransformationLayer"


def read_size(e) -> tuple:
    """{h, w} → (h, w)."""
    if type(e) is Expr and e.head is S.List and len(e.args) == 2 and all(
            type(a) is Integer and a.value > 0 for a in e.args):
        return e.args[0].value, e.args[1].value
    raise NetSpecError("invsize2", e, symbol=SYMBOL)


def _grid(theta, size):
    """The input coordinates (pixels, (B, h, w) each) that output points sample, and the
    output's normalized coordinates."""
    h, w = size
    xt = np.linspace(-1.0, 1.0, w)[None, None, :]
    yt = np.linspace(-1.0, 1.0, h)[None, :, None]
    t = [theta[:, k][:, None, None] for k in range(6)]
    xs = t[0] * xt + t[1] * yt + t[2]
    ys = t[3] * xt + t[4] * yt + t[5]
    return xs, ys, xt, yt


def _corners(x, px, py):
    """The four neighbours' values (each (B, c, h, w), 0 outside) and the weights."""
    batch, _, height, width = x.shape
    x0, y0 = np.floor(px).astype(np.int64), np.floor(py).astype(np.int64)
    fx, fy = px - x0, py - y0
    rows = np.arange(batch)[:, None, None]
    values = {}
    for dy in (0, 1):
        for dx in (0, 1):
            yi, xi = y0 + dy, x0 + dx
            inside = (yi >= 0) & (yi < height) & (xi >= 0) & (xi < width)
            v = x[rows, :, np.clip(yi, 0, height - 1), np.clip(xi, 0, width - 1)]   # (B, h, w, c)
            values[dy, dx] = (np.moveaxis(v, -1, 1) * inside[:, None], yi, xi, inside)
    return values, fx, fy


def _pixels(xs, ys, shape):
    height, width = shape[2], shape[3]
    return (xs + 1) * (width - 1) / 2, (ys + 1) * (height - 1) / 2


class SpatialTransformationOp(CustomOp):
    def forward(self, inputs, arrays, states, ctx):
        x = np.asarray(inputs["Input"].data, ctx.dtype)
        theta = np.asarray(inputs["Parameters"].data, ctx.dtype)
        xs, ys, xt, yt = _grid(theta, self.params["OutputSize"])
        px, py = _pixels(xs, ys, x.shape)
        values, fx, fy = _corners(x, px, py)
        weights = {(0, 0): (1 - fy) * (1 - fx), (0, 1): (1 - fy) * fx,
                   (1, 0): fy * (1 - fx), (1, 1): fy * fx}
        out = sum(weights[k][:, None] * values[k][0] for k in values)
        cache = (x, values, fx, fy, xt, yt) if ctx.keep else None
        return {"Output": Batch(np.asarray(out, ctx.dtype), None)}, {}, cache

    def backward(self, cache, d_outputs, d_states):
        x, values, fx, fy, xt, yt = cache
        d = d_outputs.get("Output")
        if d is None:
            return {}, {}, {}
        d = np.asarray(d, self.dtype)
        batch, _, height, width = x.shape
        dx = np.zeros_like(x)
        rows = np.arange(batch)[:, None, None]
        weights = {(0, 0): (1 - fy) * (1 - fx), (0, 1): (1 - fy) * fx,
                   (1, 0): fy * (1 - fx), (1, 1): fy * fx}
        for key, (_, yi, xi, inside) in values.items():
            part = np.moveaxis(d * (weights[key] * inside)[:, None], 1, -1)        # (B, h, w, c)
            np.add.at(dx, (rows, slice(None), np.clip(yi, 0, height - 1),
                           np.clip(xi, 0, width - 1)), part)
        v = {k: val[0] for k, val in values.items()}
        d_px = np.sum(d * ((1 - fy)[:, None] * (v[0, 1] - v[0, 0]) + fy[:, None] * (v[1, 1] - v[1, 0])), axis=1)
        d_py = np.sum(d * ((1 - fx)[:, None] * (v[1, 0] - v[0, 0]) + fx[:, None] * (v[1, 1] - v[0, 1])), axis=1)
        d_xs, d_ys = d_px * (width - 1) / 2, d_py * (height - 1) / 2
        d_theta = np.stack([np.sum(d_xs * xt, axis=(1, 2)), np.sum(d_xs * yt, axis=(1, 2)),
                            np.sum(d_xs, axis=(1, 2)), np.sum(d_ys * xt, axis=(1, 2)),
                            np.sum(d_ys * yt, axis=(1, 2)), np.sum(d_ys, axis=(1, 2))], axis=1)
        return {"Input": dx, "Parameters": d_theta.astype(self.dtype)}, {}, {}


def torch_lowering(t, p, ctx, inputs, arrays, states):
    x, theta = inputs["Input"].data, inputs["Parameters"].data
    h, w = p["OutputSize"]
    grid = t.nn.functional.affine_grid(theta.reshape(-1, 2, 3).to(x.dtype),
                                       (x.shape[0], x.shape[1], h, w), align_corners=True)
    y = t.nn.functional.grid_sample(x, grid, mode="bilinear", padding_mode="zeros",
                                    align_corners=True)
    return {"Output": Batch(y, None)}, {}


@register
class SpatialTransformation(LayerSpec):
    type_name = "SpatialTransformation"
    symbol = SYMBOL
    usage = ("SpatialTransformationLayer[{h, w}] represents a net layer that applies an affine "
             "transformation to an input of size c×h0×w0 and returns an output of size c×h×w.")
    params = (Param("OutputSize", "custom", read=read_size,
                    show=lambda s: Expr(S.List, Integer(s[0]), Integer(s[1]))),
              Param("$Channels", "size"), Param("$Height", "size"), Param("$Width", "size"))
    min_args = max_args = 1
    messages = {"invsize2": "`1` is not a valid output size; it should be {h, w} (positive integers)."}
    op = SpatialTransformationOp
    torch_lowering = staticmethod(torch_lowering)
    sample = 'SpatialTransformationLayer[{2, 3}, "Input" -> {2, 4, 5}]'
    examples = (
        ('SpatialTransformationLayer[{2, 2}, "Input" -> {1, 2, 2}][<|"Input" -> {{{1, 2}, '
         '{3, 4}}}, "Parameters" -> {1, 0, 0, 0, 1, 0}|>]', "{{{1., 2.}, {3., 4.}}}"),
        ('NetExtract[SpatialTransformationLayer[{2, 2}, "Input" -> {1, 3, 3}], "Output"]',
         "{1, 2, 2}"),
    )

    def parse_args(self, args, p):
        p["OutputSize"] = read_size(args[0])

    def inputs(self, p):
        return {"Input": TensorT((p["$Channels"], p["$Height"], p["$Width"]), RealT),
                "Parameters": TensorT((6,), RealT)}

    def outputs(self, p):
        h, w = p["OutputSize"] or (fresh_size(), fresh_size())     # (not given yet)
        return {"Output": TensorT((p["$Channels"], h, w), RealT)}
