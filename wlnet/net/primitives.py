"""The primitive table: one row per array operation that layers are composed of.

A row has
  forward(ctx, attrs, *xs) -> (y, saved)     on the CPU (numpy and the Numba kernels)
  vjp(ctx, attrs, saved, d_y) -> (d_x, …)    one gradient per input (None: no gradient,
                                             e.g. integer codes, or nothing flows back)
  torch(t, attrs, *xs) -> y                  the same operation on torch tensors (the
                                             PyTorch backend's lowering; ``t`` is torch)

Operands are ``Batch`` es (batch axis first, optional per-example sequence lengths on axis
1) or plain arrays without a batch axis (layer arrays, constants); on the torch side a
``Batch`` holds a tensor.  Axes in ``attrs`` count within one example (0 is the first axis
after the batch axis).  Elementwise results keep their operand's lengths; the values past
a length are padding that no sequence-aware primitive reads (``sequence_last``, the masked
reductions, ``softmax`` over a sequence) and whose gradient is zero.

Layers use the table through ``wlnet.net.compose.Builder`` (``g.linear(x, w)``); backends
run a composition by looking its rows up here.
"""

from __future__ import annotations

from math import prod
from typing import Callable, NamedTuple

import numpy as np

from wlnet.kernels import dropout as kdropout
from wlnet.kernels import elementwise as kelementwise
from wlnet.kernels import linear as klinear
from wlnet.kernels import sequence_last as klast
from wlnet.kernels import softmax as ksoftmax
from wlnet.kernels import unit_vector as kunit
from wlnet.net.functions import lookup
from wlnet.net.values import Batch, full_lengths

__all__ = ["Primitive", "PRIMITIVES", "primitive", "data_of", "lengths_of", "unbroadcast"]


class Primitive(NamedTuple):
    name: str
    forward: Callable
    vjp: Callable
    torch: Callable


PRIMITIVES: dict = {}


def primitive(name: str, torch: Callable):
    """Declare a row: decorates a class with ``forward`` and ``vjp`` static methods."""
    def register(cls):
        PRIMITIVES[name] = Primitive(name, cls.forward, cls.vjp, torch)
        return cls
    return register


# ---------------------------------------------------------------------------- helpers

def data_of(x):
    return x.data if isinstance(x, Batch) else x


def lengths_of(*xs):
    for x in xs:
        if isinstance(x, Batch) and x.lengths is not None:
            return x.lengths
    return None


def _batched(xs) -> bool:
    return any(isinstance(x, Batch) for x in xs)


def _like(xs, data):
    """``data`` as a Batch when any operand is one (with its lengths), else a plain array."""
    return Batch(data, lengths_of(*xs)) if _batched(xs) else data


def _tlike(xs, data):
    return Batch(data, lengths_of(*xs)) if _batched(xs) else data


def unbroadcast(g, shape):
    """The gradient ``g`` of a broadcast result summed back to an operand of ``shape``."""
    if g is None:
        return None
    g = np.asarray(g)
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for axis, n in enumerate(shape):
        if n == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g


def _axis(x, axis: int) -> int:
    """A per-example axis as an axis of the data (batch axis first for a Batch)."""
    nd = np.ndim(data_of(x)) - (1 if isinstance(x, Batch) else 0)
    a = axis if axis >= 0 else nd + axis
    return a + 1 if isinstance(x, Batch) else a


def _sequence_mask(x, dtype):
    """1 at the valid steps of a sequence Batch, 0 past each length, shaped to broadcast
    against its data; None when nothing is masked."""
    if not isinstance(x, Batch) or x.lengths is None:
        return None
    data = x.data
    steps = np.arange(data.shape[1])[None, :] < np.asarray(x.lengths)[:, None]
    return steps.astype(dtype).reshape(steps.shape + (1,) * (data.ndim - 2))


# ---------------------------------------------------------------------------- elementwise

@primitive("map", torch=lambda t, a, x: _tlike((x,), lookup(a["function"]).torch(t, data_of(x))))
class Map:
    """A function of the elementwise table applied to every element."""

    @staticmethod
    def forward(ctx, a, x):
        fn = lookup(a["function"])
        v = np.asarray(data_of(x), ctx.dtype)
        if fn.kernel is not None and v.dtype.kind == "f":
            y = kelementwise.elementwise_forward(fn.kernel, v)
        else:
            with np.errstate(all="ignore"):
                y = np.asarray(fn.value(v), ctx.dtype)
        return _like((x,), y), (fn, v, y)

    @staticmethod
    def vjp(ctx, a, saved, d):
        fn, v, y = saved
        if fn.kernel is not None:
            return (kelementwise.elementwise_backward(fn.kernel, v, y, d),)
        with np.errstate(all="ignore"):
            return (np.asarray(d * fn.derivative(v, y), v.dtype),)


def _binary(name, f, grads, torch_f):
    """A broadcasting binary operation: ``grads(x, y, z, d)`` gives (d_x, d_y) before
    unbroadcasting."""
    def forward(ctx, a, x, y):
        xv, yv = data_of(x), data_of(y)
        with np.errstate(all="ignore"):
            z = np.asarray(f(xv, yv), ctx.dtype)
        return _like((x, y), z), (xv, yv, z)

    def vjp(ctx, a, saved, d):
        xv, yv, z = saved
        with np.errstate(all="ignore"):
            dx, dy = grads(xv, yv, z, d)
        return unbroadcast(dx, np.shape(xv)), unbroadcast(dy, np.shape(yv))

    PRIMITIVES[name] = Primitive(name, forward, vjp,
                                 lambda t, a, x, y: _tlike((x, y), torch_f(t, data_of(x), data_of(y))))


_binary("add", np.add, lambda x, y, z, d: (d, d), lambda t, x, y: x + y)
_binary("subtract", np.subtract, lambda x, y, z, d: (d, -d), lambda t, x, y: x - y)
_binary("times", np.multiply, lambda x, y, z, d: (d * y, d * x), lambda t, x, y: x * y)
_binary("divide", np.divide, lambda x, y, z, d: (d / y, -d * z / y), lambda t, x, y: x / y)
_binary("power", np.power,
        lambda x, y, z, d: (d * y * np.power(x, y - 1),
                            d * z * np.log(np.where(x > 0, x, 1))),
        lambda t, x, y: t.pow(x, y))
_binary("max", np.maximum,
        lambda x, y, z, d: (d * (x >= y), d * (x < y)), lambda t, x, y: t.maximum(x, y))
_binary("min", np.minimum,
        lambda x, y, z, d: (d * (x <= y), d * (x > y)), lambda t, x, y: t.minimum(x, y))


@primitive("const", torch=lambda t, a: t.tensor(a["value"]))
class Const:
    """A constant (no inputs): a number or array without a batch axis."""

    @staticmethod
    def forward(ctx, a):
        return np.asarray(a["value"], ctx.dtype), None

    @staticmethod
    def vjp(ctx, a, saved, d):
        return ()


@primitive("clip", torch=lambda t, a, x: _tlike((x,), t.clamp(data_of(x), a["low"], a["high"])))
class Clip:
    @staticmethod
    def forward(ctx, a, x):
        v = data_of(x)
        return _like((x,), np.clip(v, a["low"], a["high"]).astype(ctx.dtype)), v

    @staticmethod
    def vjp(ctx, a, v, d):
        return (d * ((v >= a["low"]) & (v <= a["high"])),)


@primitive("where", torch=lambda t, a, c, x, y: _tlike((c, x, y), t.where(data_of(c) != 0, data_of(x), data_of(y))))
class Where:
    """``c ? x : y`` elementwise (c nonzero means true); c gets no gradient."""

    @staticmethod
    def forward(ctx, a, c, x, y):
        cv, xv, yv = data_of(c), data_of(x), data_of(y)
        z = np.where(cv != 0, xv, yv).astype(ctx.dtype)
        return _like((c, x, y), z), (cv, np.shape(xv), np.shape(yv))

    @staticmethod
    def vjp(ctx, a, saved, d):
        cv, xs, ys = saved
        true = cv != 0
        return None, unbroadcast(np.where(true, d, 0), xs), unbroadcast(np.where(true, 0, d), ys)


def _compare(name, f, torch_f):
    """A comparison giving 1.0 or 0.0 (no gradient)."""
    def forward(ctx, a, x, y):
        return _like((x, y), np.asarray(f(data_of(x), data_of(y)), ctx.dtype)), None

    PRIMITIVES[name] = Primitive(name, forward, lambda ctx, a, s, d: (None, None),
                                 lambda t, a, x, y: _tlike((x, y), torch_f(data_of(x), data_of(y)).to(t.get_default_dtype())))


_compare("greater", np.greater, lambda x, y: x > y)
_compare("greater_equal", np.greater_equal, lambda x, y: x >= y)
_compare("less", np.less, lambda x, y: x < y)
_compare("less_equal", np.less_equal, lambda x, y: x <= y)
_compare("equal", np.equal, lambda x, y: x == y)
_compare("unequal", np.not_equal, lambda x, y: x != y)


# ---------------------------------------------------------------------------- linear algebra

@primitive("linear", torch=lambda t, a, x, w, *b: _tlike((x,), t.nn.functional.linear(data_of(x), w, *b)))
class Linear:
    """x . w^T (+ b) over x's last axis: (…, m) with w (n, m) (and b (n,)) gives (…, n).
    The products run in the Numba kernels of ``wlnet.kernels.linear`` (Numba's BLAS: one
    OpenBLAS thread pool in the process, see ``wlnet.kernels``)."""

    @staticmethod
    def forward(ctx, a, x, w, *b):
        xv = np.asarray(data_of(x), ctx.dtype)
        y = klinear.linear_forward(xv, w, b[0] if b else None)
        return _like((x,), y), (xv, w, bool(b))

    @staticmethod
    def vjp(ctx, a, saved, d):
        xv, w, biased = saved
        d_x, d_w, d_b = klinear.linear_backward(xv, w, d)
        return (d_x, d_w, d_b) if biased else (d_x, d_w)


# ---------------------------------------------------------------------------- structure

@primitive("reshape", torch=lambda t, a, x: _tlike((x,), data_of(x).reshape(
    (data_of(x).shape[0],) + tuple(a["dims"]) if isinstance(x, Batch) else tuple(a["dims"]))))
class Reshape:
    """Each example reshaped to ``dims`` (-1 once: whatever remains); a view when it can be."""

    @staticmethod
    def forward(ctx, a, x):
        v = data_of(x)
        lead = v.shape[:1] if isinstance(x, Batch) else ()
        y = v.reshape(lead + tuple(a["dims"]))
        # a reshape that leaves the sequence axis alone keeps the lengths
        keep = isinstance(x, Batch) and x.lengths is not None and y.ndim > 1 \
            and y.shape[1] == v.shape[1] and a.get("keeps_sequence", False)
        return (Batch(y, x.lengths if keep else None) if isinstance(x, Batch) else y), v.shape

    @staticmethod
    def vjp(ctx, a, shape, d):
        return (np.reshape(d, shape),)


@primitive("transpose", torch=lambda t, a, x: _tlike((x,), data_of(x).permute(
    ((0,) + tuple(p + 1 for p in a["perm"])) if isinstance(x, Batch) else tuple(a["perm"]))))
class Transpose:
    """Per-example axes permuted: output axis i is input axis perm[i]."""

    @staticmethod
    def forward(ctx, a, x):
        perm = tuple(a["perm"])
        full = (0,) + tuple(p + 1 for p in perm) if isinstance(x, Batch) else perm
        y = np.transpose(data_of(x), full)
        keep = isinstance(x, Batch) and perm and perm[0] == 0
        return (Batch(y, x.lengths if keep else None) if isinstance(x, Batch) else y), full

    @staticmethod
    def vjp(ctx, a, full, d):
        return (np.transpose(d, np.argsort(full)),)


@primitive("concatenate", torch=lambda t, a, *xs: _tlike(xs, t.cat([data_of(x) for x in xs], _axis(xs[0], a["axis"]))))
class Concatenate:
    """The operands joined along a per-example axis."""

    @staticmethod
    def forward(ctx, a, *xs):
        axis = _axis(xs[0], a["axis"])
        vs = [np.asarray(data_of(x), ctx.dtype) for x in xs]
        sizes = [v.shape[axis] for v in vs]
        return _like(xs, np.concatenate(vs, axis=axis)), (axis, sizes)

    @staticmethod
    def vjp(ctx, a, saved, d):
        axis, sizes = saved
        return tuple(np.split(d, np.cumsum(sizes)[:-1], axis=axis))


def _masked(x, v, dtype):
    mask = _sequence_mask(x, dtype)
    return v if mask is None else v * mask


@primitive("total", torch=lambda t, a, x: _torch_total(t, a, x))
class Total:
    """The sum over per-example ``axes`` (valid steps only, when one of them is a sequence)."""

    @staticmethod
    def forward(ctx, a, x):
        axes = tuple(_axis(x, ax) for ax in a["axes"])
        v = _masked(x, data_of(x), ctx.dtype)
        y = v.sum(axis=axes)
        keep = isinstance(x, Batch) and 1 not in axes
        return (Batch(y, x.lengths if keep else None) if isinstance(x, Batch) else y), \
            (x, axes, v.shape)

    @staticmethod
    def vjp(ctx, a, saved, d):
        x, axes, shape = saved
        g = np.broadcast_to(np.expand_dims(d, axes), shape)
        return (_masked(x, g, d.dtype),)


def _torch_total(t, a, x):
    v = data_of(x)
    if isinstance(x, Batch) and x.lengths is not None:
        steps = t.arange(v.shape[1], device=v.device)[None, :] < x.lengths[:, None]
        v = v * steps.reshape(steps.shape + (1,) * (v.dim() - 2)).to(v.dtype)
    axes = tuple(_axis(x, ax) for ax in a["axes"])
    y = v.sum(dim=axes)
    keep = isinstance(x, Batch) and 1 not in axes
    return Batch(y, x.lengths if keep else None) if isinstance(x, Batch) else y


@primitive("example_mean", torch=lambda t, a, x: _torch_example_mean(t, x))
class ExampleMean:
    """Each example's mean over all its elements (over the valid steps of a sequence): (B,)."""

    @staticmethod
    def forward(ctx, a, x):
        v = np.asarray(x.data, ctx.dtype)
        batch = v.shape[0]
        per_step = max(prod(v.shape[2:]), 1) if v.ndim > 1 else 1
        if x.lengths is not None:
            counts = np.maximum(np.asarray(x.lengths), 1) * per_step
            total = _masked(x, v, ctx.dtype).reshape(batch, -1).sum(axis=1)
        else:
            counts = np.full(batch, max(prod(v.shape[1:]), 1))
            total = v.reshape(batch, -1).sum(axis=1)
        return Batch((total / counts).astype(ctx.dtype), None), (x, counts, v.shape)

    @staticmethod
    def vjp(ctx, a, saved, d):
        x, counts, shape = saved
        scale = (np.asarray(d) / counts).astype(d.dtype)
        g = np.broadcast_to(scale.reshape((-1,) + (1,) * (len(shape) - 1)), shape)
        return (_masked(x, g, d.dtype),)


def _torch_example_mean(t, x):
    v = x.data
    batch = v.shape[0]
    per_step = max(prod(v.shape[2:]), 1) if v.dim() > 1 else 1
    if x.lengths is not None:
        steps = t.arange(v.shape[1], device=v.device)[None, :] < x.lengths[:, None]
        v = v * steps.reshape(steps.shape + (1,) * (v.dim() - 2)).to(v.dtype)
        counts = t.clamp(x.lengths, min=1).to(v.dtype) * per_step
    else:
        counts = max(prod(v.shape[1:]), 1)
    return Batch(v.reshape(batch, -1).sum(dim=1) / counts, None)


# ---------------------------------------------------------------------------- sequences, classes

@primitive("softmax", torch=lambda t, a, x: _torch_softmax(t, a, x))
class Softmax:
    """Normalised exponentials along a per-example axis; over a sequence axis only the
    valid steps take part (zero past each length)."""

    @staticmethod
    def forward(ctx, a, x):
        v = np.asarray(data_of(x), ctx.dtype)
        axis = _axis(x, a["axis"])
        lengths = x.lengths if isinstance(x, Batch) and axis == 1 else None
        if axis == v.ndim - 1:                     # the usual case: no moving of axes
            y = ksoftmax.softmax_forward(v, lengths)
        else:
            moved = np.moveaxis(v, axis, -1)
            y = np.ascontiguousarray(np.moveaxis(ksoftmax.softmax_forward(moved, lengths), -1, axis))
        return _like((x,), y), (y, axis, lengths)

    @staticmethod
    def vjp(ctx, a, saved, d):
        y, axis, lengths = saved
        if axis == y.ndim - 1:
            return (ksoftmax.softmax_backward(y, d, lengths),)
        d_x = ksoftmax.softmax_backward(np.moveaxis(y, axis, -1), np.moveaxis(d, axis, -1), lengths)
        return (np.moveaxis(d_x, -1, axis),)


def _torch_softmax(t, a, x):
    v = data_of(x)
    axis = _axis(x, a["axis"])
    if isinstance(x, Batch) and axis == 1 and x.lengths is not None:
        steps = t.arange(v.shape[1], device=v.device)[None, :] < x.lengths[:, None]
        mask = steps.reshape(steps.shape + (1,) * (v.dim() - 2))
        y = t.softmax(v.masked_fill(~mask, float("-inf")), dim=axis)
        return Batch(t.nan_to_num(y, nan=0.0) * mask.to(v.dtype), x.lengths)
    return _tlike((x,), t.softmax(v, dim=axis))


@primitive("sequence_last", torch=lambda t, a, x: Batch(
    x.data[t.arange(x.data.shape[0], device=x.data.device),
           (x.lengths if x.lengths is not None else t.full((x.data.shape[0],), x.data.shape[1], device=x.data.device)) - 1],
    None))
class SequenceLast:
    """Each example's last valid step."""

    @staticmethod
    def forward(ctx, a, x):
        lengths = x.lengths if x.lengths is not None else full_lengths(x.data)
        y = klast.sequence_last_forward(x.data, lengths)
        return Batch(y, None), (lengths, x.data.shape)

    @staticmethod
    def vjp(ctx, a, saved, d):
        lengths, shape = saved
        return (klast.sequence_last_backward(np.asarray(d, ctx.dtype), lengths, shape[1]),)


@primitive("one_hot", torch=lambda t, a, x: _tlike((x,), t.nn.functional.one_hot(
    (data_of(x).long() - 1).clamp(min=0), a["classes"]).to(t.get_default_dtype())))
class OneHot:
    """Integer codes 1..n as unit vectors of length n (padding code 0 gives zeros)."""

    @staticmethod
    def forward(ctx, a, x):
        y = kunit.unit_vector_forward(data_of(x), a["classes"], ctx.dtype)
        return _like((x,), y), None

    @staticmethod
    def vjp(ctx, a, saved, d):
        return (None,)


@primitive("gather", torch=lambda t, a, table, x: _tlike((x,), table[(data_of(x).long() - 1).clamp(min=0)]))
class Gather:
    """Rows of a table picked by integer codes 1..n: table (n, …), codes (B, …)."""

    @staticmethod
    def forward(ctx, a, table, x):
        codes = np.maximum(np.asarray(data_of(x), np.int64) - 1, 0)
        return _like((x,), table[codes]), (codes, table.shape)

    @staticmethod
    def vjp(ctx, a, saved, d):
        codes, shape = saved
        g = np.zeros(shape, d.dtype)
        np.add.at(g, codes, d)
        return g, None


# ---------------------------------------------------------------------------- training-only

@primitive("dropout", torch=lambda t, a, x: _tlike((x,), _torch_dropout(t, a, data_of(x))))
class Dropout:
    """Inverted dropout in training (zero with probability p, scale the rest by 1/(1-p));
    the identity otherwise.  "AlphaDropout" keeps SELU's mean and variance."""

    @staticmethod
    def forward(ctx, a, x):
        v = np.asarray(data_of(x), ctx.dtype)
        p = a["p"]
        if not ctx.train or p == 0:
            return _like((x,), v), None
        if a.get("alpha"):
            keep = (ctx.rng.random(v.shape) >= p).astype(ctx.dtype)
            q = 1.0 - p
            scale = (q + _ALPHA ** 2 * q * p) ** -0.5
            shift = -scale * _ALPHA * p
            y = scale * (v * keep + _ALPHA * (1 - keep)) + shift
            return _like((x,), y.astype(ctx.dtype)), keep * scale
        mask = kdropout.make_dropout_mask(ctx.rng, v.shape, p, ctx.dtype)
        return _like((x,), kdropout.dropout_forward(v, mask)), mask

    @staticmethod
    def vjp(ctx, a, mask, d):
        return (d if mask is None else np.asarray(d * mask, d.dtype),)


_ALPHA = -1.7580993408473766        # SELU's -scale*alpha, the value AlphaDropout drops to


def _torch_dropout(t, a, v):
    # "$train": the run's mode, which the torch backend passes to every mapping
    if not a.get("$train") or a["p"] == 0:
        return v
    if a.get("alpha"):
        return t.nn.functional.alpha_dropout(v, a["p"], True)
    return t.nn.functional.dropout(v, a["p"], True)


# ---------------------------------------------------------------------------- sequence models
#
# Sequence-structure rows over axis 1 of a Batch (each example's own length when it has
# lengths; padding in the result is zero).


def _at_least_two(x):
    """Most and Rest need every sequence to have at least two elements."""
    lengths = x.lengths if x.lengths is not None else full_lengths(x.data)
    if len(lengths) and int(np.min(lengths)) < 2:
        from wlnet.net.batch import NetDataError
        raise NetDataError("Input", None, "sequences of at least 2 elements",
                           got_text=f"a sequence of length {int(np.min(lengths))}")


def _step_mask(xp, x, v):
    """1 at the valid steps of the sequence Batch x (lengths given), 0 past them, shaped to
    broadcast against v (numpy or torch: ``xp``)."""
    if xp is np:
        return _sequence_mask(Batch(v, x.lengths), v.dtype)
    steps = xp.arange(v.shape[1], device=v.device)[None, :] < x.lengths[:, None]
    return steps.reshape(steps.shape + (1,) * (v.dim() - 2)).to(v.dtype)


def _steps_slice(xp, x, steps: slice):
    """Each example one element shorter (Most: steps :-1, Rest: 1:).  With the data
    left-aligned both are plain slices of the padded array, masked to the new lengths."""
    v = data_of(x)[:, steps]
    if x.lengths is None:
        return Batch(v, None)
    shorter = Batch(v, x.lengths - 1)
    return Batch(v * _step_mask(xp, shorter, v), shorter.lengths)


class _Shorter:
    """Most (steps :-1) and Rest (steps 1:)."""
    steps: slice

    @classmethod
    def forward(cls, ctx, a, x):
        _at_least_two(x)
        v = np.asarray(x.data, ctx.dtype)
        y = _steps_slice(np, Batch(v, x.lengths), cls.steps)
        return Batch(np.ascontiguousarray(y.data), y.lengths), (y.lengths, v.shape)

    @classmethod
    def vjp(cls, ctx, a, saved, d):
        lengths, shape = saved
        g = np.zeros(shape, d.dtype)
        g[:, cls.steps] = d if lengths is None else _masked(Batch(d, lengths), d, d.dtype)
        return (g,)


@primitive("sequence_most", torch=lambda t, a, x: _steps_slice(t, x, slice(None, -1)))
class SequenceMost(_Shorter):
    """Each sequence without its last element."""
    steps = slice(None, -1)


@primitive("sequence_rest", torch=lambda t, a, x: _steps_slice(t, x, slice(1, None)))
class SequenceRest(_Shorter):
    """Each sequence without its first element."""
    steps = slice(1, None)


def _extend(x, e, at_end: bool, xp):
    """The sequence x with the element e appended after each example's own last step
    (at_end) or prepended; ``xp`` is numpy or torch."""
    v, ev = data_of(x), data_of(e)
    batch, steps = v.shape[:2]
    if xp is np:
        y = np.zeros((batch, steps + 1) + v.shape[2:], np.result_type(v, ev))
    else:
        y = xp.zeros((batch, steps + 1) + tuple(v.shape[2:]), dtype=v.dtype, device=v.device)
    if x.lengths is None:
        if at_end:
            y[:, :steps], y[:, steps] = v, ev
        else:
            y[:, 0], y[:, 1:] = ev, v
        return Batch(y, None)
    masked = v * _step_mask(xp, x, v)
    rows = xp.arange(batch)
    if at_end:
        y[:, :steps] = masked
        y[rows, x.lengths] = ev
    else:
        y[:, 0], y[:, 1:] = ev, masked
    return Batch(y, x.lengths + 1)


class _Extend:
    """Append (at_end) and Prepend: "Input" a sequence, "Element" one more element."""
    at_end: bool

    @classmethod
    def forward(cls, ctx, a, x, e):
        x = Batch(np.asarray(x.data, ctx.dtype), x.lengths)
        e = Batch(np.asarray(data_of(e), ctx.dtype), None)
        return _extend(x, e, cls.at_end, np), x

    @classmethod
    def vjp(cls, ctx, a, x, d):
        steps = x.data.shape[1]
        if cls.at_end:
            d_x = d[:, :steps]
            ends = x.lengths if x.lengths is not None else full_lengths(x.data)
            d_e = d[np.arange(d.shape[0]), ends]
        else:
            d_x, d_e = d[:, 1:], d[:, 0]
        return _masked(x, d_x, d.dtype), np.ascontiguousarray(d_e)


@primitive("sequence_append", torch=lambda t, a, x, e: _extend(x, e, True, t))
class SequenceAppend(_Extend):
    at_end = True


@primitive("sequence_prepend", torch=lambda t, a, x, e: _extend(x, e, False, t))
class SequencePrepend(_Extend):
    at_end = False


def _reverse_index(lengths, steps):
    """(B, T) source step of each result step: L-1-t within an example's length, t past it."""
    t = np.arange(steps)[None, :]
    lengths = np.asarray(lengths)[:, None]
    return np.where(t < lengths, lengths - 1 - t, t)


def _take_steps(v, index):
    return v[np.arange(v.shape[0])[:, None], index]


def _torch_reverse(t, x):
    v = x.data
    if x.lengths is None:
        return Batch(t.flip(v, dims=(1,)), None)
    steps = t.arange(v.shape[1], device=v.device)[None, :]
    lengths = x.lengths[:, None]
    index = t.where(steps < lengths, lengths - 1 - steps, steps)
    y = v[t.arange(v.shape[0], device=v.device)[:, None], index]
    return Batch(y * _step_mask(t, x, y), x.lengths)     # padding zero, as on the CPU


@primitive("sequence_reverse", torch=lambda t, a, x: _torch_reverse(t, x))
class SequenceReverse:
    """Each sequence's valid elements in reverse order (padding stays at the end)."""

    @staticmethod
    def forward(ctx, a, x):
        v = np.asarray(x.data, ctx.dtype)
        if x.lengths is None:
            return Batch(np.ascontiguousarray(v[:, ::-1]), None), None
        index = _reverse_index(x.lengths, v.shape[1])
        return Batch(_masked(x, _take_steps(v, index), v.dtype), x.lengths), x

    @staticmethod
    def vjp(ctx, a, x, d):
        if x is None:
            return (np.ascontiguousarray(d[:, ::-1]),)
        index = _reverse_index(x.lengths, d.shape[1])     # its own inverse
        return (_masked(x, _take_steps(_masked(x, d, d.dtype), index), d.dtype),)
