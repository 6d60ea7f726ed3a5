"""ImageAugmentationLayer[{h, w}]: a c×h0×w0 image array cropped to c×h×w, at random
places in training (NetTrain, or NetEvaluationMode -> "Train"), at the centre otherwise;
"ReflectionProbabilities" -> {pv, ph} also reflects each training image, with probability
pv about its vertical axis (left and right exchanged) and ph about its horizontal axis (top
and bottom exchanged).

Each example of a batch gets its own crop and reflections.  The gradient of the input is
the output's put back where it was cropped (zero elsewhere).  A custom op in numpy (and
on torch).
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S
from wlnet.net.custom_op import CustomOp
from wlnet.net.errors import NetSpecError
from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param, real_value
from wlnet.net.types import RealT, TensorT, fresh_size
from wlnet.net.values import Batch

SYMBOL = "ImageAugmentationLayer"


def read_size(e) -> tuple:
    """{h, w} (or n: n×n) → (h, w)."""
    if type(e) is Integer and e.value > 0:
        return e.value, e.value
    if type(e) is Expr and e.head is S.List and len(e.args) == 2 and all(
            type(a) is Integer and a.value > 0 for a in e.args):
        return e.args[0].value, e.args[1].value
    raise NetSpecError("invcrop", e, symbol=SYMBOL)


def read_reflections(e) -> tuple:
    """{pv, ph}, probabilities → (pv, ph)."""
    values = [real_value(a) for a in e.args] if type(e) is Expr and e.head is S.List else []
    if len(values) != 2 or any(v is None or not 0 <= v <= 1 for v in values):
        raise NetSpecError("invrefl", e, symbol=SYMBOL)
    return tuple(float(v) for v in values)


def placements(shape, size, reflections, train: bool, rng) -> tuple:
    """Per example: (top, left, reflect left-right, reflect top-bottom) for a batch of
    ``shape`` (B, c, H, W) cropped to ``size`` (h, w)."""
    batch, _, height, width = shape
    h, w = size
    if not train:
        top, left = np.full(batch, (height - h) // 2), np.full(batch, (width - w) // 2)
        return top, left, np.zeros(batch, bool), np.zeros(batch, bool)
    rng = rng if rng is not None else np.random.default_rng()
    top = rng.integers(0, height - h + 1, batch)
    left = rng.integers(0, width - w + 1, batch)
    vertical, horizontal = reflections
    return top, left, rng.random(batch) < vertical, rng.random(batch) < horizontal


def _crop(x, size, top, left, mirror_lr, mirror_tb):
    """One example (c, H, W) cropped and reflected (a numpy array or a torch tensor)."""
    h, w = size
    part = x[:, top:top + h, left:left + w]
    flip = (lambda a, axis: np.flip(a, axis)) if isinstance(x, np.ndarray) else \
        (lambda a, axis: a.flip(axis))
    if mirror_lr:
        part = flip(part, -1)
    if mirror_tb:
        part = flip(part, -2)
    return part


class ImageAugmentationOp(CustomOp):
    def forward(self, inputs, arrays, states, ctx):
        x = np.asarray(inputs["Input"].data)
        size = self.params["CropSize"]
        found = placements(x.shape, size, self.params["ReflectionProbabilities"], ctx.train, ctx.rng)
        out = np.stack([_crop(x[i], size, *(f[i] for f in found)) for i in range(x.shape[0])])
        cache = (x.shape, found) if ctx.keep else None
        return {"Output": Batch(np.ascontiguousarray(out, self.dtype), None)}, {}, cache

    def backward(self, cache, d_outputs, d_states):
        shape, (top, left, mirror_lr, mirror_tb) = cache
        d = d_outputs.get("Output")
        dx = np.zeros(shape, self.dtype)
        if d is not None:
            h, w = self.params["CropSize"]
            for i in range(shape[0]):
                # reflections are their own inverse
                part = _crop(np.asarray(d[i]), (h, w), 0, 0, mirror_lr[i], mirror_tb[i])
                dx[i, :, top[i]:top[i] + h, left[i]:left[i] + w] = part
        return {"Input": dx}, {}, {}


def torch_lowering(t, p, ctx, inputs, arrays, states):
    x = inputs["Input"].data
    found = placements(tuple(x.shape), p["CropSize"], p["ReflectionProbabilities"], ctx.train, ctx.rng)
    parts = [_crop(x[i], p["CropSize"], *(int(f[i]) for f in found))
             for i in range(x.shape[0])]
    return {"Output": Batch(t.stack(parts), None)}, {}


@register
class ImageAugmentation(LayerSpec):
    type_name = "ImageAugmentation"
    symbol = SYMBOL
    usage = ("ImageAugmentationLayer[{h, w}] represents a net layer that applies random image "
             "transformations to produce images of height h and width w.")
    params = (Param("CropSize", "custom", read=read_size,
                    show=lambda s: Expr(S.List, Integer(s[0]), Integer(s[1]))),
              Param("ReflectionProbabilities", "custom", lambda: (0.0, 0.0),
                    read=read_reflections, show=lambda r: Expr(S.List, Real(r[0]), Real(r[1]))),
              Param("$Channels", "size"), Param("$Height", "size"), Param("$Width", "size"))
    min_args = max_args = 1
    options = {"ReflectionProbabilities": Expr(S.List, Integer(0), Integer(0))}
    messages = {
        "invcrop": "`1` is not a valid crop size; it should be {h, w} (positive integers).",
        "invrefl": "The \"ReflectionProbabilities\" setting `1` should be a list {pv, ph} of two probabilities.",
        "cropbig": "ImageAugmentationLayer cannot crop an image of height and width `1` to `2`.",
    }
    op = ImageAugmentationOp
    torch_lowering = staticmethod(torch_lowering)
    sample = 'ImageAugmentationLayer[{2, 3}, "ReflectionProbabilities" -> {0.5, 0.5}, "Input" -> {2, 4, 4}]'
    examples = (
        ("ImageAugmentationLayer[{2, 2}][{Partition[Range[16], 4]}]", "{{{6., 7.}, {10., 11.}}}"),
        ('NetExtract[ImageAugmentationLayer[{80, 80}, "Input" -> {3, 128, 128}], "Output"]',
         "{3, 80, 80}"),
    )

    def parse_args(self, args, p):
        p["CropSize"] = read_size(args[0])

    def parse_option(self, name, value, p):
        if name == "ReflectionProbabilities":
            p[name] = read_reflections(value)
        else:
            super().parse_option(name, value, p)

    def inputs(self, p):
        return {"Input": TensorT((p["$Channels"], p["$Height"], p["$Width"]), RealT)}

    def outputs(self, p):
        h, w = p["CropSize"] or (fresh_size(), fresh_size())    # (not given yet)
        return {"Output": TensorT((p["$Channels"], h, w), RealT)}

    def post(self, p, u):
        height, width = u.dim(p["$Height"]), u.dim(p["$Width"])
        h, w = p["CropSize"]
        if isinstance(height, int) and isinstance(width, int) and (h > height or w > width):
            raise NetSpecError("cropbig", f"{{{height}, {width}}}", f"{{{h}, {w}}}", symbol=SYMBOL)
