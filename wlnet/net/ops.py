"""One small op class per layer type: what the executor runs for a leaf of a net.

An op is built once per leaf (from its resolved ``LayerNode``) and then called per batch:

  forward(inputs, arrays, states, ctx) -> (outputs, final_states, cache)
      inputs: port -> Batch; arrays: array name -> ndarray (already in the working dtype);
      states: state name -> (B, n) ndarray or None (zeros); ctx: a ``RunContext``.
      outputs: port -> Batch; final_states: state name -> ndarray; cache: what backward needs
      (None unless ``ctx.keep``).
  backward(cache, d_outputs, d_final_states) -> (d_inputs, d_arrays, d_states)
      gradients as dicts; a None incoming gradient means zero; a port with no gradient
      (integer inputs) is simply absent from d_inputs.

The arithmetic is in ``wlnet.kernels`` (Numba); ops only reshape, pick lengths and route.
A ``Batch`` (data, lengths) carries per-example lengths when its axis 1 is a padded sequence.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from wlnet.core.expr import Expr, Integer, Rational, Real, S, String, Symbol
from wlnet.kernels import dropout as kdropout
from wlnet.kernels import elementwise as kelementwise
from wlnet.kernels import gru as kgru
from wlnet.kernels import linear as klinear
from wlnet.kernels import losses as klosses
from wlnet.kernels import sequence_last as klast
from wlnet.kernels import softmax as ksoftmax
from wlnet.kernels import unit_vector as kunit
from wlnet.net.spec import real_value

__all__ = ["Batch", "RunContext", "op_for", "OPS", "compile_function"]


class Batch(NamedTuple):
    """A port's data for a batch: ``data`` with the batch axis first; ``lengths`` (B,) when
    axis 1 is a padded varying-length sequence, else None."""
    data: np.ndarray
    lengths: np.ndarray | None


class RunContext(NamedTuple):
    train: bool
    rng: np.random.Generator | None
    keep: bool
    dtype: np.dtype
    # A token that is the same object exactly as long as the arrays' values are unchanged
    # (NetTrain's VersionedArrays.version), or None: ops may then reuse what they derived from
    # the arrays (the GRU's packed weights) instead of deriving it again on every call.
    arrays_version: object = None


def _full_lengths(data: np.ndarray) -> np.ndarray:
    return np.full(data.shape[0], data.shape[1], np.int64)


def _zeros_or(d, shape, dtype):
    return np.zeros(shape, dtype) if d is None else np.asarray(d, dtype)


class Op:
    """Base of the ops: the resolved layer and the working dtype; no gradient (a layer whose
    only input is integer codes, like UnitVectorLayer, keeps this ``backward``)."""

    def __init__(self, layer, dtype):
        self.layer = layer
        self.params = layer.params
        self.dtype = np.dtype(dtype)

    def backward(self, cache, d_outputs, d_states):
        return {}, {}, {}


# ---------------------------------------------------------------------------- recurrent

def dropout_probabilities(spec) -> dict:
    """The GRU "Dropout" parameter → {method: p} ({} for None).  A bare probability uses the
    documented default method, "VariationalWeights"."""
    if type(spec) is Symbol and spec.name == "None":
        return {}
    p = real_value(spec)
    if p is not None:
        return {"VariationalWeights": p} if p > 0 else {}
    rules = spec.args if type(spec) is Expr and spec.head is S.List else (spec,)
    out = {}
    for r in rules:
        p = real_value(r.args[1])
        if p:
            out[r.args[0].value] = p
    return out


class GatedRecurrentOp(Op):
    def __init__(self, layer, dtype):
        super().__init__(layer, dtype)
        self.n = layer.params["OutputSize"]
        self.k = layer.params["$InputSize"]
        self.dropout = dropout_probabilities(layer.params["Dropout"])
        self._packed = (None, None)            # (arrays_version or ids, GRUWeights)
        self._held = None

    def _weights(self, arrays, ctx):
        """The nine arrays stacked for the kernels, packed once per arrays_version (once per
        optimizer step in training) or, with no version, once per set of read-only arrays:
        a net's own arrays are immutable NumericArray data, so the same objects always hold
        the same numbers (repacking cost 4 us per call at n = 40, 2 ms at n = 512).  Arrays
        that can change in place are packed on every call."""
        held = None
        if ctx.arrays_version is not None:
            key = ctx.arrays_version                     # an object(): equal only to itself
        else:
            held = tuple(arrays.get(name) for name in kgru.ARRAY_NAMES)
            if not all(isinstance(a, np.ndarray) and not a.flags.writeable for a in held):
                return kgru.pack_gru_weights(arrays, ctx.dtype)
            key = (tuple(map(id, held)), ctx.dtype)
        cached_key, packed = self._packed
        if cached_key != key:
            packed = kgru.pack_gru_weights(arrays, ctx.dtype)
            self._packed = (key, packed)
            self._held = held                            # keeps the ids in the key unique
        return packed

    def forward(self, inputs, arrays, states, ctx):
        x = inputs["Input"]
        data = np.ascontiguousarray(x.data, ctx.dtype)
        lengths = x.lengths if x.lengths is not None else _full_lengths(data)
        masks = None
        if ctx.train and self.dropout:
            batch, steps = data.shape[:2]
            masks = kgru.make_gru_dropout_masks(ctx.rng, self.dropout, batch, steps, self.k,
                                                self.n, ctx.dtype)
        out, final, cache = kgru.gru_forward(data, lengths, self._weights(arrays, ctx),
                                             states.get("State"), masks,
                                             keep_for_backward=ctx.keep)
        return ({"Output": Batch(out, x.lengths)}, {"State": final},
                (cache, x.lengths) if ctx.keep else None)

    def backward(self, cache, d_outputs, d_states):
        kcache, lengths = cache
        batch, steps, _, n = kcache.shape
        d_out = _zeros_or(d_outputs.get("Output"), (batch, steps, n), self.dtype)
        g = kgru.gru_backward(kcache, d_out, d_states.get("State"))
        return {"Input": g.input}, dict(g.arrays), {"State": g.initial_state}


# ---------------------------------------------------------------------------- dense

class LinearOp(Op):
    def __init__(self, layer, dtype):
        super().__init__(layer, dtype)
        self.out_dims = tuple(layer.params["OutputDimensions"].dims)

    def forward(self, inputs, arrays, states, ctx):
        x = inputs["Input"].data
        batch = x.shape[0]
        rows = np.ascontiguousarray(x, ctx.dtype).reshape(batch, -1)
        y = klinear.linear_forward(rows, arrays["Weights"], arrays.get("Biases"))
        cache = (rows, arrays["Weights"], x.shape, "Biases" in arrays) if ctx.keep else None
        return {"Output": Batch(y.reshape((batch,) + self.out_dims), None)}, {}, cache

    def backward(self, cache, d_outputs, d_states):
        rows, w, in_shape, has_biases = cache
        d = _zeros_or(d_outputs.get("Output"), (rows.shape[0], w.shape[0]), self.dtype)
        d_x, d_w, d_b = klinear.linear_backward(rows, w, d.reshape(rows.shape[0], -1))
        d_arrays = {"Weights": d_w}
        if has_biases:
            d_arrays["Biases"] = d_b
        return {"Input": d_x.reshape(in_shape)}, d_arrays, {}


class SequenceLastOp(Op):
    def forward(self, inputs, arrays, states, ctx):
        x = inputs["Input"]
        lengths = x.lengths if x.lengths is not None else _full_lengths(x.data)
        y = klast.sequence_last_forward(x.data, lengths)
        cache = (lengths, x.data.shape) if ctx.keep else None
        return {"Output": Batch(y, None)}, {}, cache

    def backward(self, cache, d_outputs, d_states):
        lengths, shape = cache
        d = _zeros_or(d_outputs.get("Output"), (shape[0],) + shape[2:], self.dtype)
        return {"Input": klast.sequence_last_backward(d, lengths, shape[1])}, {}, {}


class UnitVectorOp(Op):
    def forward(self, inputs, arrays, states, ctx):
        x = inputs["Input"]
        codes = x.data                         # padding past a length is code 0
        y = kunit.unit_vector_forward(codes, self.params["ClassCount"], ctx.dtype)
        return {"Output": Batch(y, x.lengths)}, {}, None


class SoftmaxOp(Op):
    def _axis(self, ndim: int) -> int:
        level = self.params["Level"].value
        return level if level > 0 else ndim + level

    def forward(self, inputs, arrays, states, ctx):
        x = inputs["Input"]
        data = np.asarray(x.data, ctx.dtype)
        axis = self._axis(data.ndim)
        lengths = x.lengths if (x.lengths is not None and axis == 1) else None
        moved = np.moveaxis(data, axis, -1)
        y = np.moveaxis(ksoftmax.softmax_forward(moved, lengths), -1, axis)
        cache = (y, axis, lengths) if ctx.keep else None
        return {"Output": Batch(np.ascontiguousarray(y), x.lengths)}, {}, cache

    def backward(self, cache, d_outputs, d_states):
        y, axis, lengths = cache
        d = _zeros_or(d_outputs.get("Output"), y.shape, self.dtype)
        d_x = ksoftmax.softmax_backward(np.moveaxis(y, axis, -1), np.moveaxis(d, axis, -1), lengths)
        return {"Input": np.moveaxis(d_x, -1, axis)}, {}, {}


class ElementwiseOp(Op):
    def __init__(self, layer, dtype):
        super().__init__(layer, dtype)
        self.kernel_name, self.dual = compile_function(layer.params["Function"])

    def forward(self, inputs, arrays, states, ctx):
        x = inputs["Input"]
        data = np.asarray(x.data, ctx.dtype)
        if self.kernel_name is not None:
            y = kelementwise.elementwise_forward(self.kernel_name, data)
            cache = (data, y, None) if ctx.keep else None
        else:
            y, dy = self.dual(data, ctx.keep)
            y = np.asarray(np.broadcast_to(y, data.shape), ctx.dtype)
            cache = (data, y, dy) if ctx.keep else None
        return {"Output": Batch(y, x.lengths)}, {}, cache

    def backward(self, cache, d_outputs, d_states):
        x, y, dy = cache
        d = _zeros_or(d_outputs.get("Output"), x.shape, self.dtype)
        if dy is None:
            d_x = kelementwise.elementwise_backward(self.kernel_name, x, y, d)
        else:
            d_x = np.asarray(d * dy, self.dtype)
        return {"Input": d_x}, {}, {}


_ALPHA = -1.7580993408473766        # SELU's -scale*alpha, the value AlphaDropout drops to


class DropoutOp(Op):
    def __init__(self, layer, dtype):
        super().__init__(layer, dtype)
        self.p = real_value(layer.params["DropoutProbability"])
        self.alpha = layer.params["Method"].value == "AlphaDropout"

    def forward(self, inputs, arrays, states, ctx):
        x = inputs["Input"]
        data = np.asarray(x.data, ctx.dtype)
        if not ctx.train or self.p == 0:
            return {"Output": Batch(data, x.lengths)}, {}, (None, 1.0) if ctx.keep else None
        if self.alpha:
            keep = (ctx.rng.random(data.shape) >= self.p).astype(ctx.dtype)
            q = 1.0 - self.p
            a = (q + _ALPHA ** 2 * q * self.p) ** -0.5
            b = -a * _ALPHA * self.p
            y = a * (data * keep + _ALPHA * (1 - keep)) + b
            return ({"Output": Batch(y.astype(ctx.dtype), x.lengths)}, {},
                    (keep, a) if ctx.keep else None)
        mask = kdropout.make_dropout_mask(ctx.rng, data.shape, self.p, ctx.dtype)
        return ({"Output": Batch(kdropout.dropout_forward(data, mask), x.lengths)}, {},
                (mask, 1.0) if ctx.keep else None)

    def backward(self, cache, d_outputs, d_states):
        mask, scale = cache
        d = d_outputs.get("Output")
        if d is None:
            return {}, {}, {}
        if mask is None:
            return {"Input": np.asarray(d, self.dtype)}, {}, {}
        return {"Input": np.asarray(d * mask * scale, self.dtype)}, {}, {}


# ---------------------------------------------------------------------------- losses

def _mean_weights(shape, lengths, class_axis: bool, dtype):
    """Weights broadcastable to an input of ``shape``: 1/count at the positions that count
    towards each example's mean, 0 past its length (``class_axis``: the last axis is summed,
    not averaged)."""
    batch = shape[0]
    inner = shape[1:-1] if class_axis else shape[1:]
    if lengths is None:
        count = max(int(np.prod(inner, dtype=np.int64)), 1)
        w = np.full((batch,) + (1,) * len(inner), 1.0 / count)
    else:
        per_step = max(int(np.prod(inner[1:], dtype=np.int64)), 1)
        valid = (np.arange(inner[0])[None, :] < lengths[:, None]).astype(np.float64)
        valid /= (np.maximum(lengths, 1) * per_step)[:, None]
        w = valid.reshape((batch, inner[0]) + (1,) * (len(inner) - 1))
    if class_axis:
        w = w[..., None]
    return w.astype(dtype)


class LossOp(Op):
    """Loss layers: "Input", "Target" -> "Loss" (one number per example)."""

    def forward(self, inputs, arrays, states, ctx):
        x = inputs["Input"]
        t = inputs["Target"]
        data = np.asarray(x.data, ctx.dtype)
        target = t.data if self._index_target() else np.asarray(t.data, ctx.dtype)
        losses, grad = self._loss(data, target, x.lengths)
        cache = (data, target, x.lengths, grad) if ctx.keep else None
        return {"Loss": Batch(np.asarray(losses, ctx.dtype), None)}, {}, cache

    def _index_target(self) -> bool:
        return False

    def backward(self, cache, d_outputs, d_states):
        data, target, lengths, grad = cache
        d = d_outputs.get("Loss")
        if d is None:
            return {}, {}, {}
        scale = np.asarray(d, self.dtype).reshape((-1,) + (1,) * (data.ndim - 1))
        out = {"Input": grad * scale}
        d_target = self._target_gradient(data, target, lengths, grad)
        if d_target is not None:
            out["Target"] = d_target * scale
        return out, {}, {}


class MeanSquaredOp(LossOp):
    def _loss(self, x, t, lengths):
        return klosses.mean_squared_loss(x, t, lengths)

    def _target_gradient(self, x, t, lengths, grad):
        return -grad


class MeanAbsoluteOp(MeanSquaredOp):
    def _loss(self, x, t, lengths):
        return klosses.mean_absolute_loss(x, t, lengths)


class CrossEntropyOp(LossOp):
    def __init__(self, layer, dtype):
        super().__init__(layer, dtype)
        self.form = layer.params["TargetForm"].value

    def _index_target(self):
        return self.form == "Index"

    def _loss(self, x, t, lengths):
        if self.form == "Index":         # padding past a length is code 0: any class will do
            t = np.maximum(np.asarray(t, np.int64), 1)
            classes = x.shape[-1]
            if t.size and t.max() > classes:   # a class count the port types left open
                from wlnet.net.batch import NetDataError
                raise NetDataError("Target", None, f"integers between 1 and {classes}",
                                   got_text=f"the class index {int(t.max())}")
            return klosses.cross_entropy_index_loss(x, t, lengths)
        if self.form == "Probabilities":
            return klosses.cross_entropy_probabilities_loss(x, t, lengths)
        return klosses.binary_cross_entropy_loss(x, t, lengths)

    def _target_gradient(self, x, t, lengths, grad):
        if self.form == "Index":
            return None
        if self.form == "Probabilities":
            w = _mean_weights(x.shape, lengths, True, x.dtype)
            return -np.log(np.maximum(x, np.finfo(x.dtype).tiny)) * w
        eps = klosses.BINARY_EPSILON
        w = _mean_weights(x.shape, lengths, False, x.dtype)
        return -(np.log(x + eps) - np.log(1 - x + eps)) * w


OPS = {
    "GatedRecurrent": GatedRecurrentOp, "Linear": LinearOp, "SequenceLast": SequenceLastOp,
    "UnitVector": UnitVectorOp, "Softmax": SoftmaxOp, "Elementwise": ElementwiseOp,
    "Dropout": DropoutOp, "MeanSquaredLoss": MeanSquaredOp, "MeanAbsoluteLoss": MeanAbsoluteOp,
    "CrossEntropyLoss": CrossEntropyOp,
}


def op_for(layer, dtype) -> Op:
    cls = OPS.get(layer.type)
    if cls is None:
        raise NotImplementedError(f"no executor for {layer.symbol}")
    return cls(layer, dtype)


# ---------------------------------------------------------------------------- elementwise functions
#
# A function that the Numba kernel knows ("Tanh", "ReLU"…) runs there; anything else (a pure
# function of the supported heads) is compiled here into a numpy evaluation that returns the
# value and the derivative together (forward-mode: every node gives (value, d value/d x)),
# whole arrays at a time.

def _erf(v):
    from scipy.special import erf
    return erf(v)


_SQRT_PI = math.sqrt(math.pi)

# name -> (f(v), f'(v) given v and f(v))
_UNARY = {
    "Ramp": (lambda v: np.maximum(v, 0), lambda v, y: (v > 0).astype(v.dtype)),
    "Tanh": (np.tanh, lambda v, y: 1 - y * y),
    "LogisticSigmoid": (lambda v: 1 / (1 + np.exp(-v)), lambda v, y: y * (1 - y)),
    "Sin": (np.sin, lambda v, y: np.cos(v)),
    "Cos": (np.cos, lambda v, y: -np.sin(v)),
    "Tan": (np.tan, lambda v, y: 1 + y * y),
    "Exp": (np.exp, lambda v, y: y),
    "Log": (np.log, lambda v, y: 1 / v),
    "Abs": (np.abs, lambda v, y: np.sign(v)),
    "Sqrt": (np.sqrt, lambda v, y: 0.5 / y),
    "Sinh": (np.sinh, lambda v, y: np.cosh(v)),
    "Cosh": (np.cosh, lambda v, y: np.sinh(v)),
    "ArcTan": (np.arctan, lambda v, y: 1 / (1 + v * v)),
    "ArcSinh": (np.arcsinh, lambda v, y: 1 / np.sqrt(1 + v * v)),
    "Erf": (_erf, lambda v, y: 2 / _SQRT_PI * np.exp(-v * v)),
    "Sign": (np.sign, lambda v, y: np.zeros_like(v)),
    "Round": (np.rint, lambda v, y: np.zeros_like(v)),
    "Floor": (np.floor, lambda v, y: np.zeros_like(v)),
    "Ceiling": (np.ceil, lambda v, y: np.zeros_like(v)),
}

_SELU_SCALE, _SELU_ALPHA = 1.0507009873554805, 1.6732632423543772

# Named activations as pure functions of x over the dual helpers below.
_NAMED = {
    "ELU": lambda x: _where(x.v >= 0, x, _unary("Exp", x) - 1),
    "SELU": lambda x: _where(x.v >= 0, x * _SELU_SCALE, (_unary("Exp", x) - 1) * (_SELU_SCALE * _SELU_ALPHA)),
    "GELU": lambda x: x * 0.5 * (_unary("Erf", x * (1 / math.sqrt(2))) + 1),
    "Swish": lambda x: x * _unary("LogisticSigmoid", x),
    "HardSwish": lambda x: x * _clip(x + 3, 0, 6) * (1 / 6),
    "Mish": lambda x: x * _unary("Tanh", _unary("Log", _unary("Exp", x) + 1)),
    "SoftSign": lambda x: x / (_unary("Abs", x) + 1),
    "SoftPlus": lambda x: _unary("Log", _unary("Exp", x) + 1),
    "HardTanh": lambda x: _clip(x, -1, 1),
    "HardSigmoid": lambda x: _clip((x + 1) * 0.5, 0, 1),
}
_ALIASES = {"RectifiedLinearUnit": "Ramp", "ReLU": "Ramp", "Sigmoid": "LogisticSigmoid",
            "ExponentialLinearUnit": "ELU", "ScaledExponentialLinearUnit": "SELU",
            "GaussianErrorLinearUnit": "GELU"}


class _Dual:
    """A value and its derivative with respect to the layer's input (arrays or scalars)."""
    __slots__ = ("v", "d")

    def __init__(self, v, d):
        self.v, self.d = v, d

    def __add__(self, o):
        o = _lift(o)
        return _Dual(self.v + o.v, self.d + o.d)

    __radd__ = __add__

    def __sub__(self, o):
        return self + (-_lift(o))

    def __rsub__(self, o):
        return _lift(o) - self

    def __neg__(self):
        return _Dual(-self.v, -self.d)

    def __mul__(self, o):
        o = _lift(o)
        return _Dual(self.v * o.v, self.d * o.v + self.v * o.d)

    __rmul__ = __mul__

    def __truediv__(self, o):
        o = _lift(o)
        return _Dual(self.v / o.v, (self.d * o.v - self.v * o.d) / (o.v * o.v))

    def __pow__(self, o):
        o = _lift(o)
        if np.all(o.d == 0):                 # x^c
            c = o.v
            return _Dual(self.v ** c, c * self.v ** (c - 1) * self.d)
        y = self.v ** o.v
        return _Dual(y, y * (o.d * np.log(self.v) + o.v * self.d / self.v))


def _lift(x):
    return x if isinstance(x, _Dual) else _Dual(x, 0.0)


def _unary(name, x):
    f, df = _UNARY[name]
    x = _lift(x)
    y = f(x.v)
    return _Dual(y, df(x.v, y) * x.d)


def _where(cond, a, b):
    a, b = _lift(a), _lift(b)
    return _Dual(np.where(cond, a.v, b.v), np.where(cond, a.d, b.d))


def _clip(x, lo, hi):
    x = _lift(x)
    inside = (x.v >= lo) & (x.v <= hi)
    return _Dual(np.clip(x.v, lo, hi), np.where(inside, x.d, 0.0))


def _min(*xs):
    out = _lift(xs[0])
    for x in xs[1:]:
        x = _lift(x)
        out = _where(x.v < out.v, x, out)
    return out


def _max(*xs):
    out = _lift(xs[0])
    for x in xs[1:]:
        x = _lift(x)
        out = _where(x.v > out.v, x, out)
    return out


def _number(e):
    if type(e) in (Integer, Real):
        return float(e.value)
    if type(e) is Rational:
        return float(e.value)
    if type(e) is Symbol and e.name == "E":
        return math.e
    if type(e) is Symbol and e.name == "Pi":
        return math.pi
    return None


def _eval(e, x: _Dual, var: str | None):
    """Evaluate the function body ``e`` at ``x`` (a dual number over the input array)."""
    n = _number(e)
    if n is not None:
        return n
    if type(e) is Symbol:
        if e.name == var:
            return x
        raise ValueError(e.name)
    if e.head is S.Slot:
        return x
    head = e.head.name
    if head == "Clip":
        inner = _eval(e.args[0], x, var)
        if len(e.args) == 1:
            return _clip(inner, -1.0, 1.0)
        lo, hi = (_number(b) for b in e.args[1].args)
        return _clip(inner, lo, hi)
    args = [_eval(a, x, var) for a in e.args]
    if head in _UNARY:
        return _unary(head, args[0])
    if head == "Plus":
        out = args[0]
        for a in args[1:]:
            out = _lift(out) + a
        return out
    if head == "Times":
        out = args[0]
        for a in args[1:]:
            out = _lift(out) * a
        return out
    if head == "Power":
        return _lift(args[0]) ** args[1]
    if head == "Subtract":
        return _lift(args[0]) - args[1]
    if head == "Divide":
        return _lift(args[0]) / args[1]
    if head == "Minus":
        return -_lift(args[0])
    if head == "Min":
        return _min(*args)
    if head == "Max":
        return _max(*args)
    raise ValueError(head)


def compile_function(f):
    """The ElementwiseLayer function ``f`` → (kernel name or None, dual evaluator).

    The dual evaluator maps (x, need_derivative) to (f(x), f'(x) or None)."""
    name = f.name if type(f) is Symbol else f.value if type(f) is String else None
    if name is not None:
        name = _ALIASES.get(name, name)
        if name in kelementwise.FUNCTIONS:
            return name, None
        if name in _NAMED:
            fn = _NAMED[name]
        else:
            def fn(x, name=name):
                return _unary(name, x)
    else:
        params = f.args[0] if len(f.args) == 2 else None
        var = None
        if params is not None:
            var = params.name if type(params) is Symbol else params.args[0].name
        body = f.args[-1]

        def fn(x, body=body, var=var):
            return _eval(body, x, var)

    def dual(v, need_derivative=True):
        with np.errstate(all="ignore"):
            r = _lift(fn(_Dual(v, np.ones_like(v))))
        d = np.broadcast_to(r.d, v.shape).astype(v.dtype) if need_derivative else None
        return r.v, d

    return None, dual

