"""BatchNormalizationLayer[]: each channel normalised by a mean and a variance, then scaled
and shifted.

Ports "Input" and "Output": a vector, matrix or higher-rank array, the same shape; the channel
dimension is the first (the last with Interleaving -> True), and every other dimension and
the batch are what a channel's statistics run over.  Arrays (one entry per channel):
"Scaling" (γ, starts at 1), "Biases" (β, 0), "MovingMean" (0), "MovingVariance" (1).
Options "Epsilon" (0.001), "Momentum" (0.9), Interleaving (False).  "Gamma" and "Beta",
the arrays' names in version 11.0, are read as "Scaling" and "Biases" when the layer is
constructed and by NetExtract and NetReplacePart.

    y = γ (x - μ) / Sqrt[σ² + ε] + β

- In evaluation (NetEvaluationMode -> "Test", the default) μ and σ² are "MovingMean" and
  "MovingVariance".
- In training (NetTrain, or NetEvaluationMode -> "Train") they are the batch's own mean and
  (biased) variance per channel, and NetTrain then sets
      MovingMean <- Momentum MovingMean + (1 - Momentum) μ        (likewise the variance)
  after each batch (the moving arrays are ``statistic`` arrays: the op returns their new
  values through ``array_updates``; evaluation never changes a net).  A learning-rate
  multiplier of 0 for the layer, or "Momentum" -> 1, keeps them as they are.

The moving arrays have a gradient in evaluation only (NetTrain never steps them).  The
arithmetic is ``wlnet.kernels.batch_norm``.

A sequence of varying length ({"Varying", …, c} with Interleaving -> True) is normalised
over its valid steps only: the padding of shorter sequences counts in no statistic, its
output is zero and it passes no gradient.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Real, Symbol
from wlnet.kernels import batch_norm as kbn
from wlnet.net.custom_op import CustomOp
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._spatial import interleaving_value
from wlnet.net.layers._shapes import SameShapeLayer, no_varying
from wlnet.net.registry import register
from wlnet.net.spec import ArraySpec, Param, real_value
from wlnet.net.types import RealT, TensorT, describe_type
from wlnet.net.values import Batch, zeros_or

SYMBOL = "BatchNormalizationLayer"
_OLD_ARRAY_NAMES = {"Gamma": "Scaling", "Beta": "Biases"}


def _channels_view(x: np.ndarray, interleaving: bool) -> np.ndarray:
    """x (B, …) as (M, C, R): the channel axis in the middle, the statistics over axes 0 and 2
    (a reshape of contiguous data, no copy)."""
    if interleaving:
        return x.reshape(-1, x.shape[-1], 1)
    return x.reshape(x.shape[0], x.shape[1], -1)


def _padded_steps(batch: Batch, shape) -> np.ndarray | None:
    """The (B, T) mask of a sequence batch's valid steps when some are padding, else None."""
    if batch.lengths is None:
        return None
    lengths = np.asarray(batch.lengths)
    if lengths.min() >= shape[1]:
        return None
    return np.arange(shape[1])[None, :] < lengths[:, None]


def torch_lowering(t, p, ctx, inputs, arrays, states):
    """The same normalisation on torch tensors: batch statistics in training (biased
    variance), the moving arrays otherwise; the moving arrays' updates come back as the
    third result (the backend hands them to NetTrain as the CPU op does)."""
    batch = inputs["Input"]
    x = batch.data
    steps = _padded_steps(batch, tuple(x.shape))
    if steps is not None:                # the valid steps only, as rows
        steps = t.as_tensor(steps, device=x.device)
        out = x.new_zeros(x.shape)
        y = torch_lowering(t, p, ctx, {"Input": Batch(x[steps], None)}, arrays, states)
        out[steps] = y[0]["Output"].data
        return {"Output": Batch(out, batch.lengths)}, {}, y[2]
    x3 = x.reshape(-1, x.shape[-1], 1) if p["Interleaving"] else x.reshape(x.shape[0], x.shape[1], -1)
    updates = {}
    if ctx.train:
        mean = x3.mean(dim=(0, 2))
        variance = ((x3 - mean[:, None]) ** 2).mean(dim=(0, 2))
        m = p["Momentum"]
        updates = {"MovingMean": m * arrays["MovingMean"] + (1 - m) * mean.detach(),
                   "MovingVariance": m * arrays["MovingVariance"] + (1 - m) * variance.detach()}
    else:
        mean, variance = arrays["MovingMean"], arrays["MovingVariance"]
    normal = (x3 - mean[:, None]) / t.sqrt(variance + p["Epsilon"])[:, None]
    y = normal * arrays["Scaling"][:, None] + arrays["Biases"][:, None]
    return {"Output": Batch(y.reshape(x.shape), batch.lengths)}, {}, updates


class BatchNormalizationOp(CustomOp):
    def __init__(self, layer, dtype):
        super().__init__(layer, dtype)
        p = layer.params
        self.epsilon, self.momentum = p["Epsilon"], p["Momentum"]
        self.interleaving = p["Interleaving"]

    def forward(self, inputs, arrays, states, ctx):
        batch = inputs["Input"]
        steps = _padded_steps(batch, batch.data.shape)
        if steps is not None:                # the valid steps only, as rows
            rows = {"Input": Batch(np.asarray(batch.data)[steps], None)}
            out, _, kept = self.forward(rows, arrays, states, ctx)
            y = np.zeros(batch.data.shape, ctx.dtype)
            y[steps] = out["Output"].data
            return {"Output": Batch(y, batch.lengths)}, {}, \
                (kept, steps) if kept is not None else None
        x = np.ascontiguousarray(batch.data, ctx.dtype)
        moving = () if ctx.train else (arrays["MovingMean"], arrays["MovingVariance"])
        y, cache = kbn.batch_norm_forward(_channels_view(x, self.interleaving),
                                          arrays["Scaling"], arrays["Biases"], self.epsilon,
                                          *moving, keep=ctx.keep)
        kept = None
        if ctx.keep:
            kept = (cache, x.shape)
            if ctx.train:
                kept += (arrays["MovingMean"], arrays["MovingVariance"])
        return {"Output": Batch(y.reshape(x.shape), batch.lengths)}, {}, kept

    def backward(self, cache, d_outputs, d_states):
        if isinstance(cache[-1], np.ndarray) and cache[-1].dtype == bool:  # valid steps only
            inner, steps = cache
            d_y = d_outputs.get("Output")
            shape = steps.shape + inner[1][1:]
            d_rows = {"Output": None if d_y is None else np.asarray(d_y)[steps]}
            d_in, d_arrays, _ = self.backward(inner, d_rows, d_states)
            d_x = np.zeros(shape, self.dtype)
            d_x[steps] = d_in["Input"]
            return {"Input": d_x}, d_arrays, {}
        cache, shape = cache[:2]
        d_y = _channels_view(zeros_or(d_outputs.get("Output"), shape, self.dtype),
                             self.interleaving)
        d_x, d_scaling, d_biases = kbn.batch_norm_backward(cache, d_y)
        d_arrays = {"Scaling": d_scaling.astype(self.dtype),
                    "Biases": d_biases.astype(self.dtype)}
        if not cache.train:      # μ and σ² are the moving arrays
            gain = cache.scale * cache.inv_std
            d_arrays["MovingMean"] = (-gain * d_biases).astype(self.dtype)
            d_arrays["MovingVariance"] = (-0.5 * gain * cache.inv_std * d_scaling).astype(
                self.dtype)
        return {"Input": d_x.reshape(shape)}, d_arrays, {}

    def array_updates(self, cache):
        if cache is not None and isinstance(cache[-1], np.ndarray) and cache[-1].dtype == bool:
            cache = cache[0]                 # the valid steps' statistics
        if cache is None or not cache[0].train:
            return {}
        bn, _, moving_mean, moving_variance = cache
        m = self.momentum
        return {"MovingMean": (m * moving_mean + (1 - m) * bn.mean).astype(self.dtype),
                "MovingVariance": (m * moving_variance + (1 - m) * bn.variance).astype(
                    self.dtype)}


def _channel_array(name: str, init: str, statistic: bool = False) -> ArraySpec:
    return ArraySpec(name, lambda p: (p["Channels"],), init=init, statistic=statistic)


@register
class BatchNormalization(SameShapeLayer):
    type_name = "BatchNormalization"
    symbol = SYMBOL
    usage = ("BatchNormalizationLayer[] represents a trainable net layer that normalizes its "
             "input data by learning the data mean and variance.")
    params = (Param("Epsilon", "real", lambda: 0.001), Param("Momentum", "real", lambda: 0.9),
              Param("Interleaving", "bool", lambda: False), Param("Channels", "size"),
              Param("$Dimensions", "sizelist"))
    arrays = (_channel_array("Scaling", "ones"), _channel_array("Biases", "biases"),
              _channel_array("MovingMean", "biases", statistic=True),
              _channel_array("MovingVariance", "ones", statistic=True))
    min_args = max_args = 0
    options = {"Epsilon": Real(0.001), "Momentum": Real(0.9), "Interleaving": Symbol("False")}
    op = BatchNormalizationOp
    torch_lowering = staticmethod(torch_lowering)
    sample = 'BatchNormalizationLayer["Input" -> {3, 2, 2}]'
    examples = (
        ('NetInitialize[BatchNormalizationLayer["Input" -> 3]][{1, 2, 3}]',
         "{0.9995, 1.999, 2.9985}"),
        ('BatchNormalizationLayer["Scaling" -> {2, 2}, "Biases" -> {1, 1}, "MovingMean" -> '
         '{1, 2}, "MovingVariance" -> {4, 9}, "Epsilon" -> 0, "Input" -> 2][{3, 5}]',
         "{3., 3.}"),
        ('NetInitialize[BatchNormalizationLayer["Input" -> 2]][{{1, 3}, {5, 7}}, '
         'NetEvaluationMode -> "Train"]', "{{-0.999875, -0.999875}, {0.999875, 0.999875}}"),
        ('Dimensions@NetExtract[NetInitialize@BatchNormalizationLayer["Interleaving" -> True, '
         '"Input" -> {4, 4, 3}], "MovingMean"]', "{3}"),
    )

    def option_rules(self, rules):
        """"Gamma" and "Beta", the arrays' names in version 11.0 (its programs, and nets
        converted from other frameworks in 2017-18, set them), are read as "Scaling" and
        "Biases"."""
        return [(_OLD_ARRAY_NAMES.get(name, name), value) for name, value in rules]

    def parse_option(self, name, value, p):
        if name == "Interleaving":
            p[name] = interleaving_value(value, self.symbol)
            return
        number = real_value(value)
        ok = number is not None and (0 <= number <= 1 if name == "Momentum" else number >= 0)
        if not ok:
            raise NetSpecError("invsetting", value, name, self.symbol,
                               "a number between 0 and 1" if name == "Momentum"
                               else "a non-negative number", symbol=self.symbol)
        p[name] = number

    def post(self, p, u):
        d = u.resolve(p["$Dimensions"])
        if not (p["Interleaving"] and d.tail is None and len(d.dims) > 1):
            # statistics over a varying level are taken over its valid steps only when the
            # channels are last (interleaved), not the varying level itself
            no_varying(d.dims, self.symbol, describe_type(TensorT(d.dims, RealT, d.tail)))
        if d.tail is None and not d.dims:
            raise NetSpecError("nochannels", self.symbol, symbol=self.symbol)
        if p["Interleaving"] and d.tail is None:
            self._tie_channels(p, u, d.dims[-1])
        elif not p["Interleaving"] and d.dims:
            self._tie_channels(p, u, d.dims[0])

    def _tie_channels(self, p, u, size):
        channels = u.dim(p["Channels"])
        if isinstance(channels, int) and isinstance(size, int) and channels != size:
            raise NetSpecError("chmismatch", self.symbol, "input", size, channels,
                               symbol=self.symbol)
        u.unify_dim(p["Channels"], size)
