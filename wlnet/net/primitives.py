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
from wlnet.net.errors import NetSpecError
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
    for x in xs:                               # (once per primitive: written out)
        if isinstance(x, Batch):
            return Batch(data, lengths_of(*xs))
    return data


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
        try:
            with np.errstate(all="ignore"):
                z = np.asarray(f(xv, yv), ctx.dtype)
        except ValueError:      # shapes that only the data shows to differ (a loss layer's
            # "Input" and "Target" while their dimensions were not known)
            raise StructureError("elemdims", _dims_text(x), _dims_text(y)) from None
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


# made in float64 (the backend brings it to the working precision): a value such as 0.7
# made in torch's default float32 would be rounded before that
@primitive("const", torch=lambda t, a: t.tensor(a["value"], dtype=t.float64))
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


def _moved(v, dtype):
    """The data of a row that only moves elements: integer codes (from an encoder or an
    integer port) stay integers, anything else becomes the working precision."""
    v = np.asarray(v)
    return v if v.dtype.kind in "iu" else np.asarray(v, dtype)


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
        lead = 1 if isinstance(x, Batch) else 0
        if not lead <= axis < v.ndim:              # data of too low a rank (SoftmaxLayer[][5])
            level = a["axis"] + 1 if a["axis"] >= 0 else -a["axis"]
            raise StructureError("rankx", "SoftmaxLayer", f"at least {level}", v.ndim - lead)
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
        _at_least_two(x, 1)
        lengths = x.lengths if x.lengths is not None else full_lengths(x.data)
        if np.asarray(x.data).dtype.kind in "iu":      # integer codes: a plain gather
            y = np.ascontiguousarray(x.data[np.arange(len(lengths)), np.asarray(lengths) - 1])
            return Batch(y, None), (lengths, x.data.shape)
        y = klast.sequence_last_forward(x.data, lengths)
        return Batch(y, None), (lengths, x.data.shape)

    @staticmethod
    def vjp(ctx, a, saved, d):
        lengths, shape = saved
        return (klast.sequence_last_backward(np.asarray(d, ctx.dtype), lengths, shape[1]),)


def _class_count(a) -> int:
    """The n of the unit vectors; UnitVectorLayer[] given data before anything gave its n
    cannot run (a message, as for a net whose arrays' dimensions are not known)."""
    n = a["classes"]
    if not isinstance(n, (int, np.integer)):
        raise StructureError("evalnfspec", "the output of UnitVectorLayer (its class count n)")
    return int(n)


@primitive("one_hot", torch=lambda t, a, x: _tlike((x,), t.nn.functional.one_hot(
    (data_of(x).long() - 1).clamp(min=0), _class_count(a)).to(t.get_default_dtype())))
class OneHot:
    """Integer codes 1..n as unit vectors of length n (padding code 0 gives zeros)."""

    @staticmethod
    def forward(ctx, a, x):
        y = kunit.unit_vector_forward(data_of(x), _class_count(a), ctx.dtype)
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
    rng, p = a.get("$rng"), a["p"]
    if rng is None:                     # no generator of the run's: torch's own draws
        if a.get("alpha"):
            return t.nn.functional.alpha_dropout(v, p, True)
        return t.nn.functional.dropout(v, p, True)
    # the mask drawn from the run's generator as the CPU row draws it, so that SeedRandom
    # gives the same dropped elements on both backends
    keep = t.from_numpy(rng.random(tuple(v.shape)) >= p).to(device=v.device, dtype=v.dtype)
    if not a.get("alpha"):
        return v * keep / (1.0 - p)
    q = 1.0 - p
    scale = (q + _ALPHA ** 2 * q * p) ** -0.5
    return scale * (v * keep + _ALPHA * (1 - keep)) - scale * _ALPHA * p


# ---------------------------------------------------------------------------- sequence models
#
# Sequence-structure rows over axis 1 of a Batch (each example's own length when it has
# lengths; padding in the result is zero).


def _at_least_two(x, least: int = 2):
    """Most and Rest need every sequence to have at least two elements (Last one: an empty
    sequence, as a state NetUnfold's attention step starts from, has no last element)."""
    lengths = x.lengths if x.lengths is not None else full_lengths(x.data)
    if len(lengths) and int(np.min(lengths)) < least:
        from wlnet.net.batch import NetDataError
        raise NetDataError("Input", None, f"sequences of at least {least} element"
                           + ("s" if least > 1 else ""),
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
        v = _moved(x.data, ctx.dtype)
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
        x = Batch(_moved(x.data, ctx.dtype), x.lengths)
        e = Batch(np.asarray(data_of(e), x.data.dtype), None)    # the sequence's type
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


def _gather_steps(v, index):
    """v (B, T, …) with each example's steps in the order of its row of index (B, T)."""
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
        v = _moved(x.data, ctx.dtype)
        if x.lengths is None:
            return Batch(np.ascontiguousarray(v[:, ::-1]), None), None
        index = _reverse_index(x.lengths, v.shape[1])
        return Batch(_masked(x, _gather_steps(v, index), v.dtype), x.lengths), x

    @staticmethod
    def vjp(ctx, a, x, d):
        if x is None:
            return (np.ascontiguousarray(d[:, ::-1]),)
        index = _reverse_index(x.lengths, d.shape[1])     # its own inverse
        return (_masked(x, _gather_steps(_masked(x, d, d.dtype), index), d.dtype),)
def _torch_ordering(t, a, x):
    v = _vectors(x, "Ordering")
    if not isinstance(x, Batch):
        return (t.sort(v, stable=True).indices + 1).to(v.dtype)
    keys = v
    if x.lengths is not None:
        past = t.arange(v.shape[1], device=v.device)[None, :] >= x.lengths.to(v.device)[:, None]
        keys = t.where(past, t.full((), float("inf"), dtype=v.dtype, device=v.device), v)
    positions = (t.sort(keys, dim=1, stable=True).indices + 1).to(v.dtype)
    return Batch(positions if x.lengths is None else positions * _step_mask(t, x, positions), x.lengths)


@primitive("ordering", torch=_torch_ordering)
class Ordering:
    """The positions (from 1, as reals: a FunctionLayer's values) that sort each vector in
    increasing order, ties in the order of their positions, as Ordering gives them; a
    sequence ordered within its length (0 past it).  Positions do not change smoothly
    with the values: no gradient flows back."""

    @staticmethod
    def forward(ctx, a, x):
        v = np.asarray(_vectors(x, "Ordering"), ctx.dtype)
        if not isinstance(x, Batch):
            return (_sort_index(v[None], None, False)[0] + 1).astype(ctx.dtype), None
        positions = (_sort_index(v, x.lengths, False) + 1).astype(ctx.dtype)
        return Batch(_masked(x, positions, ctx.dtype), x.lengths), None

    @staticmethod
    def vjp(ctx, a, saved, d):
        return (None,)


def _riffle_operands(xp, a, b):
    """(a, b) as arrays with a batch axis (a constant operand repeated over the batch; with
    no batch operand, a batch of one), and the batch size; the shapes checked: b holds parts
    of a's parts' shape, as many as a's or one fewer; neither a varying sequence."""
    if lengths_of(a, b) is not None:
        raise StructureError("nodyn", "Riffle", "a sequence to interleave along its varying level")
    sa, sb = _example_shape(a), _example_shape(b)
    if not sa or len(sb) != len(sa) or sb[1:] != sa[1:] or sb[0] not in (sa[0], sa[0] - 1):
        raise StructureError("riffdims", _dims_text(a), _dims_text(b))
    batched = [x for x in (a, b) if isinstance(x, Batch)]
    size = data_of(batched[0]).shape[0] if batched else 1

    def with_batch(x):
        v = data_of(x)
        if isinstance(x, Batch):
            return v
        return v[None].expand(size, *v.shape) if xp is not np else np.broadcast_to(v[None], (size,) + v.shape)
    return with_batch(a), with_batch(b), size


def _riffled_torch(t, a, b):
    av, bv, size = _riffle_operands(t, a, b)
    out = t.zeros((size, av.shape[1] + bv.shape[1]) + tuple(av.shape[2:]), dtype=av.dtype, device=av.device)
    out[:, 0::2] = av
    out[:, 1::2] = bv.to(av.dtype)
    return Batch(out, None) if _batched((a, b)) else out[0]


@primitive("riffle", torch=lambda t, attrs, a, b: _riffled_torch(t, a, b))
class Riffle:
    """Riffle[a, b] at level 1: a's parts at the odd positions, b's at the even ones (b as
    many parts as a, or one fewer), as Riffle[{e1, e2, …}, {x1, x2, …}] interleaves them.
    The gradient splits back the same way."""

    @staticmethod
    def forward(ctx, attrs, a, b):
        av, bv, size = _riffle_operands(np, a, b)
        out = np.empty((size, av.shape[1] + bv.shape[1]) + av.shape[2:], ctx.dtype)
        out[:, 0::2] = av
        out[:, 1::2] = bv
        y = Batch(out, None) if _batched((a, b)) else out[0]
        return y, (isinstance(a, Batch), isinstance(b, Batch))

    @staticmethod
    def vjp(ctx, attrs, saved, d):
        d = np.asarray(data_of(d))
        if not (saved[0] or saved[1]):
            d = d[None]
        da, db = d[:, 0::2], d[:, 1::2]
        # a constant operand's gradient is summed over the batch it was repeated over
        return (da if saved[0] else da.sum(axis=0), db if saved[1] else db.sum(axis=0))


def _sort_index(v, lengths, descending: bool):
    """(B, T) source step of each result step: a stable sort of each row within its length
    (the padding past it stays in place, at the end)."""
    keys = -v if descending else v
    if lengths is not None:
        past = np.arange(v.shape[1])[None, :] >= np.asarray(lengths)[:, None]
        keys = np.where(past, np.inf, keys)
    return np.argsort(keys, axis=1, kind="stable")


def _vectors(x, head: str = "Sort"):
    """The data of a Sort (Ordering) operand: vectors (a message for any other rank)."""
    v = data_of(x)
    rank = v.ndim - (1 if isinstance(x, Batch) else 0)
    if rank != 1:
        raise StructureError("rankx", head, 1, rank)
    return v


def _torch_sort(t, a, x):
    v = _vectors(x)
    if not isinstance(x, Batch):
        return t.sort(v, descending=a["descending"], stable=True).values
    keys = -v if a["descending"] else v
    if x.lengths is not None:
        past = t.arange(v.shape[1], device=v.device)[None, :] >= x.lengths.to(v.device)[:, None]
        keys = t.where(past, t.full((), float("inf"), dtype=v.dtype, device=v.device), keys)
    index = t.sort(keys, dim=1, stable=True).indices
    y = t.gather(v, 1, index)
    return Batch(y if x.lengths is None else y * _step_mask(t, x, y), x.lengths)


@primitive("sort", torch=_torch_sort)
class Sort:
    """The elements of each vector in increasing order (``descending``: decreasing), ties in
    the order of their positions; a sequence sorted within its length.  Its gradient goes
    back to the positions the elements came from."""

    @staticmethod
    def forward(ctx, a, x):
        v = np.asarray(_vectors(x), ctx.dtype)
        if not isinstance(x, Batch):
            index = _sort_index(v[None], None, a["descending"])[0]
            return v[index], (x, index)
        index = _sort_index(v, x.lengths, a["descending"])
        return Batch(_masked(x, np.take_along_axis(v, index, 1), v.dtype), x.lengths), (x, index)

    @staticmethod
    def vjp(ctx, a, saved, d):
        x, index = saved
        d = np.asarray(d)
        out = np.zeros_like(d)
        if not isinstance(x, Batch):
            out[index] = d
            return (out,)
        np.put_along_axis(out, index, _masked(x, d, d.dtype), 1)
        return (out,)


# ---------------------------------------------------------------------------- running sums and matrices
# FunctionLayer's Accumulate (FoldList[Plus, …]) and its matrix functions (Diagonal, Tr,
# Det, Inverse): each over one example's level 1 or its last two levels.

def _accumulate_axis(x) -> int:
    if np.ndim(data_of(x)) - (1 if isinstance(x, Batch) else 0) < 1:
        raise StructureError("rankx", "Accumulate", "at least 1", 0)
    return _axis(x, 0)


def _torch_accumulate(t, a, x):
    y = data_of(x).cumsum(dim=_accumulate_axis(x))
    return y if not isinstance(x, Batch) else Batch(
        y if x.lengths is None else y * _step_mask(t, x, y), x.lengths)


@primitive("accumulate", torch=_torch_accumulate)
class Accumulate:
    """The running sums along level 1 of each example (a sequence's within its length:
    zeros past it, as its padding is)."""

    @staticmethod
    def forward(ctx, a, x):
        axis = _accumulate_axis(x)
        v = np.asarray(data_of(x), ctx.dtype)
        y = np.cumsum(_masked(x, v, v.dtype), axis=axis)
        return _result(x, _masked(x, y, y.dtype), True), (x, axis)

    @staticmethod
    def vjp(ctx, a, saved, d):
        x, axis = saved
        d = _masked(x, np.asarray(d), np.asarray(d).dtype)
        # each input element adds to its own running sum and to every later one
        g = np.flip(np.cumsum(np.flip(d, axis), axis=axis), axis)
        return (_masked(x, np.ascontiguousarray(g), g.dtype),)


def _square_matrices(x, name: str):
    """The data of a matrix row's operand: arrays whose last two levels are square."""
    v = data_of(x)
    rank = v.ndim - (1 if isinstance(x, Batch) else 0)
    if rank < 2:
        raise StructureError("rankx", name, "at least 2", rank)
    if name not in ("Diagonal", "Norm") and v.shape[-1] != v.shape[-2]:
        raise StructureError("sqmat", name, _dims_text(x))
    return v


def _plain_result(x, data):
    """A result with the operand's batch axis and no sequence lengths (the matrix rows
    read the last two levels: a sequence's steps stay as they were)."""
    return Batch(data, x.lengths) if isinstance(x, Batch) else data


def _diagonal_axes(x) -> tuple:
    a = _axis(x, 0)
    return a, a + 1


def _torch_diagonal(t, a, x):
    v = _square_matrices(x, "Diagonal")
    first, second = _diagonal_axes(x)
    y = t.movedim(t.diagonal(v, dim1=first, dim2=second), -1, first)
    return Batch(y, None) if isinstance(x, Batch) else y


@primitive("diagonal", torch=_torch_diagonal)
class Diagonal:
    """m[[i, i]] of levels 1 and 2 of each example, in order along a new level 1 (as many
    as the shorter level has), as Diagonal gives them."""

    @staticmethod
    def forward(ctx, a, x):
        v = np.asarray(_square_matrices(x, "Diagonal"), ctx.dtype)
        first, second = _diagonal_axes(x)
        y = np.moveaxis(np.diagonal(v, axis1=first, axis2=second), -1, first)
        y = np.ascontiguousarray(y)
        return (Batch(y, None) if isinstance(x, Batch) else y), (v.shape, first)

    @staticmethod
    def vjp(ctx, a, saved, d):
        shape, first = saved
        d = np.asarray(d)
        g = np.zeros(shape, d.dtype)
        k = min(shape[first], shape[first + 1])
        index = [slice(None)] * len(shape)
        index[first], index[first + 1] = np.arange(k), np.arange(k)
        # (advanced indices side by side keep their place: level `first` of g[index])
        g[tuple(index)] = d
        return (g,)


@primitive("det", torch=lambda t, a, x: _plain_result(x, t.linalg.det(_square_matrices(x, "Det"))))
class Det:
    """The determinant of the last two levels."""

    @staticmethod
    def forward(ctx, a, x):
        v = np.asarray(_square_matrices(x, "Det"), ctx.dtype)
        return _plain_result(x, np.asarray(np.linalg.det(v), ctx.dtype)), v

    @staticmethod
    def vjp(ctx, a, v, d):
        # d det(m) = det(m) Tr[m^-1 dm]: the gradient is det(m) m^-T (cofactors, which
        # stay finite where m is singular)
        g = _cofactors(v)
        return (np.asarray(d)[..., None, None] * g,)


def _cofactors(v):
    """The cofactor matrices (det(m) m^-T) of a stack of square matrices, singular ones
    included (through the singular value decomposition)."""
    u, s, vt = np.linalg.svd(v)
    n = s.shape[-1]
    # the product of all singular values but the j-th, for each j
    others = np.stack([np.prod(np.delete(s, j, axis=-1), axis=-1) for j in range(n)], -1) \
        if n > 1 else np.ones_like(s)
    sign = np.linalg.det(u) * np.linalg.det(vt)
    return sign[..., None, None] * (u * others[..., None, :]) @ vt


@primitive("matrix_norm", torch=lambda t, a, x: _plain_result(
    x, t.linalg.matrix_norm(_square_matrices(x, "Norm"), ord=2)))
class MatrixNorm:
    """Norm[m] of a matrix: its largest singular value (of the last two levels)."""

    @staticmethod
    def forward(ctx, a, x):
        v = np.asarray(_square_matrices(x, "Norm"), ctx.dtype)
        u, s, vt = np.linalg.svd(v)
        return _plain_result(x, np.asarray(s[..., 0], ctx.dtype)), (u[..., :, :1], vt[..., :1, :])

    @staticmethod
    def vjp(ctx, a, saved, d):
        # d s1 = u1 . dm . v1: the gradient is the outer product u1 v1 (a simple largest
        # singular value)
        u1, v1 = saved
        return (np.asarray(d)[..., None, None] * (u1 @ v1),)


def _pick_positions(xp, x, i):
    """(B, K) 0-based positions along level 1 of ``x`` for the indices ``i`` (from 1,
    negative from the end; per example a number or an array of them), kept in range."""
    v, idx = data_of(x), data_of(i)
    n = v.shape[1]
    flat = idx.reshape(idx.shape[0], -1).round()
    bad = (flat == 0) | (flat > n) | (flat < -n)
    if bool(bad.any()):
        first = flat[bad][0]
        raise StructureError("partw", int(first), _input_text(v.shape[1:]))
    pos = xp.where(flat > 0, flat - 1, flat + n)
    return pos.astype(xp.int64) if xp is np else pos.long()


def _picked_shape(x, i):
    v, idx = data_of(x), data_of(i)
    return tuple(idx.shape) + tuple(v.shape[2:])


def _torch_pick(t, a, x, i):
    v = data_of(x)
    pos = _pick_positions(t, x, i)
    rows = t.arange(v.shape[0], device=v.device)[:, None]
    return Batch(v[rows, pos].reshape(_picked_shape(x, i)), None)


@primitive("pick", torch=_torch_pick)
class Pick:
    """x[[i]] with i an input of the net (FunctionLayer's #x[[#i]]): each example's part of
    level 1 at its own index (or indices), as Part picks it."""

    @staticmethod
    def forward(ctx, a, x, i):
        v = np.asarray(data_of(x), ctx.dtype)
        pos = _pick_positions(np, x, i)
        y = v[np.arange(v.shape[0])[:, None], pos].reshape(_picked_shape(x, i))
        return Batch(y, None), (v.shape, pos)

    @staticmethod
    def vjp(ctx, a, saved, d):
        shape, pos = saved
        d = np.asarray(d)
        g = np.zeros(shape, d.dtype)
        rows = np.broadcast_to(np.arange(shape[0])[:, None], pos.shape)
        np.add.at(g, (rows, pos), d.reshape(pos.shape + tuple(shape[2:])))
        return (g, None)


def _inverse_or_nan(m):
    """The inverse of one matrix; Indeterminate (NaN) elements for a singular one."""
    try:
        return np.linalg.inv(m)
    except np.linalg.LinAlgError:
        return np.full(m.shape, np.nan)


def _torch_inverse(t, a, x):
    inv, info = t.linalg.inv_ex(_square_matrices(x, "Inverse"))
    singular = (info != 0)[..., None, None]                 # as the CPU row: NaN elements
    return _plain_result(x, t.where(singular, t.full_like(inv, float("nan")), inv))


@primitive("inverse", torch=_torch_inverse)
class Inverse:
    """The inverse of the last two levels."""

    @staticmethod
    def forward(ctx, a, x):
        v = np.asarray(_square_matrices(x, "Inverse"), ctx.dtype)
        try:
            inv = np.linalg.inv(v)
        except np.linalg.LinAlgError:       # a singular matrix in the batch: its inverse
            inv = np.stack([_inverse_or_nan(m) for m in v.reshape((-1,) + v.shape[-2:])]
                           ).reshape(v.shape)
        return _plain_result(x, np.asarray(inv, ctx.dtype)), inv

    @staticmethod
    def vjp(ctx, a, inv, d):
        # d(m^-1) = -m^-1 dm m^-1
        t = np.swapaxes(inv, -1, -2)
        return (-(t @ np.asarray(d) @ t),)


# ---------------------------------------------------------------------------- array and structure layers
# Rows whose attributes are in WL's terms (levels of one example, from 1, negative from the
# end), resolved against the operand's rank when they run: a layer whose input rank is not
# known when it is built (FlattenLayer[][data]) still composes.  The ``*_plan`` helpers work
# on shapes only; the numpy forward and the torch mapping share them.

class StructureError(NetSpecError):
    """Data whose shape does not fit a structure row (found only when it runs, for a layer
    whose input shape was not known): the WL face gives its message under the net's head."""


def _example_shape(x) -> tuple:
    shape = tuple(np.shape(data_of(x)))
    return shape[1:] if isinstance(x, Batch) else shape


def _dims_text(x) -> str:
    """One example's dimensions as WL text: {2, 3}."""
    return "{" + ", ".join(str(d) for d in _example_shape(x)) + "}"


def _lead(x) -> tuple:
    """The batch axis as a shape prefix for a Batch, () for a plain array."""
    return tuple(np.shape(data_of(x))[:1]) if isinstance(x, Batch) else ()


def _result(x, data, keeps_lengths: bool):
    """``data`` as a Batch like ``x`` (keeping its lengths when the sequence axis stays
    first, with zeros past them: the padding a sequence's values were moved to), or a
    plain array."""
    if not isinstance(x, Batch):
        return data
    if not keeps_lengths or x.lengths is None:
        return Batch(data, None)
    return _zero_padding(Batch(data, x.lengths))


def _zero_padding(y):
    """A sequence Batch with zeros past each length (numpy data, or torch's)."""
    if y.lengths is None:
        return y
    if isinstance(y.data, np.ndarray):
        return Batch(y.data * _sequence_mask(y, y.data.dtype), y.lengths)
    return Batch(_torch_zero_padding(y), y.lengths)


def _torch_zero_padding(y):
    import torch                    # only reached with torch tensors
    v = y.data
    steps = torch.arange(v.shape[1])[None, :] < y.lengths[:, None]
    return v * steps.reshape(steps.shape + (1,) * (v.dim() - 2)).to(v.dtype)


def _valid_only(x, g):
    """The gradient of a sequence operand zero past each example's length (padding)."""
    mask = _sequence_mask(x, g.dtype) if g is not None else None
    return g if mask is None else g * mask


def _identity(order) -> bool:
    return tuple(order) == tuple(range(len(order)))


def flatten_groups(r: int, level) -> list:
    """The input axes (0-based) that make each output level of FlattenLayer's ``level``
    on a rank-``r`` input (see ``flatten_plan``)."""
    if level is None:
        return [list(range(r))]
    if isinstance(level, int) and level > 0:
        return [list(range(min(level + 1, r)))] + [[a] for a in range(level + 1, r)]
    if isinstance(level, int):
        first = max(r + level - 1, 0)
        return [[a] for a in range(first)] + [list(range(first, r))]
    named = [[lv - 1 for lv in g] for g in level]
    used = {a for g in named for a in g}
    return named + [[a] for a in range(r) if a not in used]


def flatten_plan(shape: tuple, level) -> tuple[tuple, tuple, bool]:
    """(axes order, output shape, whether input level 1 stays output level 1 alone) for
    FlattenLayer's ``level``: None (every level), k > 0 (the first k+1 levels together),
    k < 0 (the last |k|+1), or groups of 1-based levels, each group one output level and
    the levels not named following in order."""
    groups = flatten_groups(len(shape), level)
    order = tuple(a for g in groups for a in g)
    out = tuple(int(prod(shape[a] for a in g)) for g in groups)
    return order, out, groups[:1] == [[0]]


def _full_order(nlead: int, order) -> tuple:
    return tuple(range(nlead)) + tuple(nlead + o for o in order)


@primitive("flatten", torch=lambda t, a, x: _torch_flatten(t, a, x))
class Flatten:
    """Levels merged as FlattenLayer does: a view unless levels are reordered."""

    @staticmethod
    def forward(ctx, a, x):
        v = data_of(x)
        order, out, keeps = flatten_plan(_example_shape(x), a["level"])
        lead = _lead(x)
        if not _identity(order):
            v = np.transpose(v, _full_order(len(lead), order))
        return _result(x, v.reshape(lead + out), keeps), (x, v.shape, order, len(lead))

    @staticmethod
    def vjp(ctx, a, saved, d):
        x, shape, order, nlead = saved
        g = np.reshape(d, shape)
        if not _identity(order):
            g = np.transpose(g, np.argsort(_full_order(nlead, order)))
        return (_valid_only(x, g),)


def _torch_flatten(t, a, x):
    v = data_of(x)
    order, out, keeps = flatten_plan(_example_shape(x), a["level"])
    lead = _lead(x)
    if not _identity(order):
        v = v.permute(_full_order(len(lead), order))
    return _result(x, v.reshape(lead + out), keeps)


def reshape_plan(shape: tuple, dims: tuple) -> tuple:
    """ReshapeLayer's dimensions against an input shape: entries are sizes, "Inherited"
    (the input's size at that position), "Automatic" (what the others leave) and, last,
    "All" (the input's sizes after those the entries before it take up)."""
    text = "{" + ", ".join(str(d) for d in dims) + "}"
    total = int(prod(shape))
    out = [shape[i] if d == "Inherited" and i < len(shape) else d for i, d in enumerate(dims)]
    if "Inherited" in out:
        raise StructureError("reshapecount", total, text)
    if out[-1:] == ["All"]:
        out = out[:-1] + list(shape[reshape_all_start(shape, out[:-1]):])
    known = int(prod(d for d in out if d != "Automatic"))
    if "Automatic" in out:
        if known == 0 or total % known:
            raise StructureError("reshapecount", total, text)
        out[out.index("Automatic")] = total // known
    elif known != total:
        raise StructureError("reshapecount", total, text)
    return tuple(out)


def reshape_all_start(shape, prefix) -> int:
    """Where ReshapeLayer's trailing All starts copying the input's sizes: after the
    shortest leading part of ``shape`` with as many elements as the sizes ``prefix`` (after
    ``len(prefix)`` sizes when those are not all known)."""
    if any(not isinstance(d, int) for d in prefix) or any(not isinstance(d, int) for d in shape):
        return len(prefix)
    want, have = int(prod(prefix)), 1
    for k, d in enumerate(shape):
        if have == want:
            return k
        have *= d
    return len(shape) if have == want else len(prefix)


@primitive("reshape_to", torch=lambda t, a, x: _result(
    x, data_of(x).reshape(_lead(x) + reshape_plan(_example_shape(x), a["dims"])),
    a["dims"][:1] == ("Inherited",)))
class ReshapeTo:
    """Each example reshaped to ReshapeLayer's dimensions (a view when the data allows)."""

    @staticmethod
    def forward(ctx, a, x):
        v = data_of(x)
        out = reshape_plan(_example_shape(x), a["dims"])
        return _result(x, v.reshape(_lead(x) + out), a["dims"][:1] == ("Inherited",)), (x, v.shape)

    @staticmethod
    def vjp(ctx, a, saved, d):
        x, shape = saved
        return (_valid_only(x, np.reshape(d, shape)),)


def permute_plan(rank: int, spec) -> tuple:
    """numpy's axes order for TransposeLayer: ("swaps", ((m, n), …)) exchanges levels in turn,
    ("perm", (p1, …)) sends input level k to output level p_k (0-based; later levels stay)."""
    kind, value = spec
    if any(not -rank <= a < rank for pair in (value if kind == "swaps" else (value,)) for a in pair) \
            or (kind == "perm" and len(value) > rank):
        raise StructureError("rankx", "TransposeLayer", "at least " + str(_spec_rank(spec)), rank)
    if kind == "swaps":
        axes = list(range(rank))
        for m, n in value:
            axes[m], axes[n] = axes[n], axes[m]
        return tuple(axes)
    return tuple(int(a) for a in np.argsort(tuple(value) + tuple(range(len(value), rank))))


def _spec_rank(spec) -> int:
    kind, value = spec
    if kind == "swaps":
        return max(max(m if m >= 0 else -m - 1, n if n >= 0 else -n - 1) for m, n in value) + 1
    return len(value)


@primitive("permute", torch=lambda t, a, x: _torch_permute(t, a, x))
class Permute:
    """Levels of each example permuted as TransposeLayer does (a view)."""

    @staticmethod
    def forward(ctx, a, x):
        axes = permute_plan(len(_example_shape(x)), a["spec"])
        full = _full_order(len(_lead(x)), axes)
        return _result(x, np.transpose(data_of(x), full), axes[:1] == (0,)), (x, full)

    @staticmethod
    def vjp(ctx, a, saved, d):
        x, full = saved
        return (_valid_only(x, np.transpose(d, np.argsort(full))),)


def _torch_permute(t, a, x):
    axes = permute_plan(len(_example_shape(x)), a["spec"])
    return _result(x, data_of(x).permute(_full_order(len(_lead(x)), axes)), axes[:1] == (0,))


def catenate_plan(shapes: list, level: int) -> tuple[int, int, tuple]:
    """(output axis, output rank, the highest-rank shape) for CatenateLayer's ``level``
    (counted in the lowest-rank input; lower-rank inputs are replicated over the leading
    levels of the highest-rank one)."""
    low, high = min(len(s) for s in shapes), max(len(s) for s in shapes)
    if not (1 <= level <= low or -low <= level <= -1):
        raise StructureError("rankx", "CatenateLayer", f"at least {abs(level)}", low)
    axis = high - low + level - 1 if level > 0 else high + level
    return axis, high, next(s for s in shapes if len(s) == high)


def _catenate_operands(xs, level, expand, broadcast):
    """(the operands' data, lower-rank ones replicated to the highest rank; the data axis
    they join at; how many levels each was missing; the number of leading batch axes).
    ``expand``/``broadcast`` reshape and broadcast (numpy's or torch's)."""
    shapes = [_example_shape(x) for x in xs]
    axis, high, widest = catenate_plan(shapes, level)
    if axis == 0 and lengths_of(*xs) is not None:
        # parts joined along a sequence's own steps would land past its padding
        # (FunctionLayer's Join of a sequence's parts: RotateLeft[x])
        raise StructureError("nodyn", "Join", "sequences to be joined along their varying level")
    lead = _lead(next((x for x in xs if isinstance(x, Batch)), xs[0]))
    out = []
    for x, s in zip(xs, shapes):
        v = data_of(x)
        missing = high - len(s)
        plain = bool(lead) and not isinstance(x, Batch)     # a constant: the same for every example
        if missing or plain:
            target = list(widest[:missing]) + list(s)
            v = broadcast(expand(v, ((1,) * len(lead) if plain else lead) + (1,) * missing + s),
                          lead + tuple(target))
        out.append(v)
    others = {tuple(np.shape(v)[:len(lead) + axis]) + tuple(np.shape(v)[len(lead) + axis + 1:]) for v in out}
    if len(others) > 1:
        raise StructureError("catdims", "{" + ", ".join(str(list(s)) for s in shapes) + "}")
    return out, len(lead) + axis, [high - len(s) for s in shapes], len(lead)


def _torch_catenate(t, a, *xs):
    vs, axis, _, _ = _catenate_operands(xs, a["level"], lambda v, s: v.reshape(s), lambda v, s: v.expand(s))
    y = _tlike(xs, t.cat(vs, axis))
    return _zero_padding(y) if isinstance(y, Batch) else y      # as the CPU row: padding zero


@primitive("catenate", torch=_torch_catenate)
class Catenate:
    """The operands joined at a level, as CatenateLayer does."""

    @staticmethod
    def forward(ctx, a, *xs):
        vs, axis, missing, nlead = _catenate_operands(
            xs, a["level"], lambda v, s: np.reshape(v, s), np.broadcast_to)
        sizes = [v.shape[axis] for v in vs]
        y = _like(xs, _moved(np.concatenate(vs, axis=axis), ctx.dtype))     # codes stay codes
        return (_zero_padding(y) if isinstance(y, Batch) else y), \
            (xs, axis, sizes, missing, nlead)

    @staticmethod
    def vjp(ctx, a, saved, d):
        xs, axis, sizes, missing, nlead = saved
        # replicated operands sum their gradient over the valid steps only
        d = _valid_only(Batch(d, lengths_of(*xs)), d)
        parts = np.split(d, np.cumsum(sizes)[:-1], axis=axis)
        grads = [_valid_only(x, g.sum(axis=tuple(range(nlead, nlead + m))) if m else g)
                 for x, g, m in zip(xs, parts, missing)]
        # a constant operand (no batch axis) was the same for every example
        return tuple(g if isinstance(x, Batch) or not nlead else g.sum(axis=tuple(range(nlead)))
                     for x, g in zip(xs, grads))


def level_axes(rank: int, levels, symbol: str = "AggregationLayer") -> tuple:
    """0-based axes of ``levels``: ("all",), ("span", a, b) from level a to b (b None: the
    last), ("one", n), ("list", (n1, …)); levels from 1, negative from the end."""
    def axis(n):
        a = n - 1 if n > 0 else rank + n
        if not 0 <= a < rank:
            raise StructureError("rankx", symbol, f"at least {abs(n)}", rank)
        return a
    kind = levels[0]
    if kind == "all":
        return tuple(range(rank))
    if kind == "one":
        return (axis(levels[1]),)
    if kind == "span":
        first = axis(levels[1])
        last = rank - 1 if levels[2] is None else axis(levels[2])
        return tuple(range(first, last + 1))
    return tuple(sorted({axis(n) for n in levels[1]}))


def _reduce_setup(x, a):
    rank = len(_example_shape(x))
    # "scalar": a number is its own total (FunctionLayer's Total[5], Map[Total, vector])
    axes = () if rank == 0 and a.get("scalar") else level_axes(rank, a["levels"])
    nlead = len(_lead(x))
    full = tuple(nlead + ax for ax in axes)
    masked = isinstance(x, Batch) and x.lengths is not None and 0 in axes
    return axes, full, masked


def _reduce_count(x, full, masked, shape):
    """How many elements each output element summarises (per example when masked)."""
    per = int(prod(shape[ax] for ax in full if not (masked and ax == 1)))
    if not masked:
        return per
    lengths = np.maximum(np.asarray(x.lengths), 1)
    return (lengths * per).reshape((-1,) + (1,) * (len(shape) - 1 - len(full)))


_REDUCE_FILL = {"Max": -np.inf, "Min": np.inf}
# statistics of the sorted elements: a weighted sum of order statistics whose weights
# depend only on how many elements there are
_ORDER_STATISTICS = ("Median", "InterquartileRange")


def _grouped(v, full):
    """``v`` with the reduced axes ``full`` moved last and merged into one."""
    rest = [ax for ax in range(v.ndim) if ax not in full]
    moved = np.transpose(v, rest + list(full))
    return moved.reshape(moved.shape[:len(rest)] + (-1,)), rest


def _ungrouped(g, shape, full, rest):
    """The inverse of ``_grouped`` (for a gradient of the grouped shape)."""
    order = rest + list(full)
    moved = g.reshape(tuple(shape[ax] for ax in order))
    return np.transpose(moved, np.argsort(order))


def _quantile_weights(xp, n, k, q):
    """Weights over sorted positions k (0-based) of WL's Quantile[list, q, {{1/2, 0}, {0, 1}}]
    (the definition InterquartileRange uses): position x = 1/2 + n q between the
    ⌊x⌋-th and ⌈x⌉-th smallest, clipped to 1..n, interpolated linearly."""
    x = 0.5 + n * q
    lo = xp.floor(x)
    frac = x - lo
    lo_i = xp.minimum(xp.clip(lo, 1, None), n) - 1         # (torch's clip takes no tensor
    hi_i = xp.minimum(xp.clip(lo + 1, 1, None), n) - 1     # bound beside a number)
    return (1 - frac) * (k == lo_i) + frac * (k == hi_i)


def order_weights(xp, f, n, k):
    """The weights of the order statistic ``f`` over sorted positions ``k`` for groups of
    ``n`` valid elements (numpy or torch as ``xp``)."""
    if f == "Median":               # the middle element, or the mean of the two middle ones
        return 0.5 * (k == xp.floor((n - 1) / 2)) + 0.5 * (k == xp.floor(n / 2))
    return _quantile_weights(xp, n, k, 0.75) - _quantile_weights(xp, n, k, 0.25)


@primitive("reduce", torch=lambda t, a, x: _torch_reduce(t, a, x))
class Reduce:
    """Total, Mean, Max, Min, Times, Median, InterquartileRange or MeanDeviation over levels
    of each example (over the valid steps only when one of them is a sequence), as
    AggregationLayer (and FunctionLayer's Fold[Times, x]) does."""

    @staticmethod
    def forward(ctx, a, x):
        f = a["function"]
        axes, full, masked = _reduce_setup(x, a)
        v = np.asarray(data_of(x), ctx.dtype)
        mask = _sequence_mask(x, ctx.dtype) if masked else None
        if f in _ORDER_STATISTICS or f == "MeanDeviation":
            return _statistic_forward(ctx, a, x, v, mask, f, axes, full, masked)
        if f == "Times":                 # Fold[Times, x]: padding counts as 1
            w = v if mask is None else np.where(mask != 0, v, 1.0)
            y = w.prod(axis=full)
            saved = (w, mask)
        elif f in _REDUCE_FILL:
            w = v if mask is None else np.where(mask != 0, v, _REDUCE_FILL[f])
            y = (w.max if f == "Max" else w.min)(axis=full)
            hit = (w == np.expand_dims(y, full))
            saved = (hit, hit.sum(axis=full, keepdims=True))
        else:
            w = v if mask is None else v * mask
            y = w.sum(axis=full)
            if f == "Mean":
                y = y / _reduce_count(x, full, masked, v.shape)
            saved = (mask, v.shape)
        return _result(x, np.asarray(y, ctx.dtype), 0 not in axes), (f, full, saved, x, masked)

    @staticmethod
    def vjp(ctx, a, saved, d):
        f, full, inner, x, masked = saved
        d = np.expand_dims(d, full)
        if f in _ORDER_STATISTICS or f == "MeanDeviation":
            weights, shape, rest = inner          # d(result)/d(element), grouped
            g = _ungrouped(weights * d.reshape(tuple(shape[ax] for ax in rest) + (1,)),
                           shape, full, rest)
            return (_valid_only(x, np.asarray(g, d.dtype)),)
        if f == "Times":
            w, mask = inner
            return (_valid_only(x, np.asarray(d * _product_of_others(w, full), d.dtype)),)
        if f in _REDUCE_FILL:
            hit, ties = inner
            return (_valid_only(x, np.asarray(hit * d / ties, d.dtype)),)
        mask, shape = inner
        if f == "Mean":
            count = _reduce_count(x, full, masked, shape)
            d = d / (np.expand_dims(count, full) if masked else count)
        return (_valid_only(x, np.asarray(np.broadcast_to(d, shape), d.dtype)),)


def _statistic_forward(ctx, a, x, v, mask, f, axes, full, masked):
    """Median, InterquartileRange (weights over the sorted elements) and MeanDeviation
    (Mean[Abs[x - Mean[x]]]) over the levels ``full``, each group's valid elements only;
    saves each element's derivative for the vjp."""
    valid = np.ones(v.shape, bool) if mask is None else np.broadcast_to(mask != 0, v.shape)
    groups, rest = _grouped(v, full)
    ok, _ = _grouped(valid, full)
    n = ok.sum(axis=-1, keepdims=True).astype(ctx.dtype)
    if f == "MeanDeviation":
        m = np.where(ok, groups, 0).sum(axis=-1, keepdims=True) / n
        sign = np.where(ok, np.sign(groups - m), 0)
        y = np.where(ok, np.abs(groups - m), 0).sum(axis=-1) / n[..., 0]
        weights = (sign - sign.sum(axis=-1, keepdims=True) / n) / n * ok
    else:
        order = np.argsort(np.where(ok, groups, np.inf), axis=-1, kind="stable")
        ranked = np.take_along_axis(groups, order, axis=-1)
        k = np.arange(groups.shape[-1])
        w_sorted = order_weights(np, f, n, k) * (k < n)
        y = (np.where(k < n, ranked, 0) * w_sorted).sum(axis=-1)
        weights = np.zeros_like(w_sorted)
        np.put_along_axis(weights, order, w_sorted, axis=-1)
    saved = (weights.astype(ctx.dtype), v.shape, rest)
    return _result(x, np.asarray(y, ctx.dtype), 0 not in axes), (f, full, saved, x, masked)


def _torch_statistic(t, f, v, full, valid):
    """The torch form of ``_statistic_forward``'s value (autograd gives the gradient)."""
    rest = [ax for ax in range(v.dim()) if ax not in full]
    groups = v.permute(rest + list(full)).reshape([v.shape[ax] for ax in rest] + [-1])
    ok = valid.expand(v.shape).permute(rest + list(full)).reshape(groups.shape)
    n = ok.sum(dim=-1, keepdim=True).to(v.dtype)
    if f == "MeanDeviation":
        m = t.where(ok, groups, t.zeros_like(groups)).sum(dim=-1, keepdim=True) / n
        return t.where(ok, (groups - m).abs(), t.zeros_like(groups)).sum(dim=-1) / n[..., 0]
    ranked, _ = t.sort(t.where(ok, groups, t.full_like(groups, float("inf"))), dim=-1, stable=True)
    k = t.arange(groups.shape[-1], dtype=v.dtype)
    w = order_weights(t, f, n, k) * (k < n)
    return (t.where(k < n, ranked, t.zeros_like(ranked)) * w).sum(dim=-1)


def _product_of_others(w, axes) -> np.ndarray:
    """For each element of ``w``, the product of the other elements of its group over
    ``axes`` (exact with zeros: products from the left times products from the right)."""
    rest = [ax for ax in range(w.ndim) if ax not in axes]
    moved = np.transpose(w, rest + list(axes))
    flat = moved.reshape(moved.shape[:len(rest)] + (-1,))
    ones = np.ones(flat.shape[:-1] + (1,), flat.dtype)
    left = np.cumprod(np.concatenate([ones, flat[..., :-1]], axis=-1), axis=-1)
    right = np.cumprod(np.concatenate([ones, flat[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
    others = (left * right).reshape(moved.shape)
    return np.transpose(others, np.argsort(rest + list(axes)))


def _torch_reduce(t, a, x):
    f = a["function"]
    axes, full, masked = _reduce_setup(x, a)
    v = data_of(x)
    if not full:                    # torch reads dim=() as every axis
        return x
    if masked:
        steps = t.arange(v.shape[1])[None, :] < x.lengths[:, None]
        mask = steps.reshape(steps.shape + (1,) * (v.dim() - 2))
        if f in _REDUCE_FILL:
            v = v.masked_fill(~mask, _REDUCE_FILL[f])
        elif f == "Times":
            v = v.masked_fill(~mask, 1.0)
        else:
            v = v * mask.to(v.dtype)
    if f in _ORDER_STATISTICS or f == "MeanDeviation":
        valid = (t.ones_like(v, dtype=t.bool) if not masked else
                 (t.arange(v.shape[1])[None, :] < x.lengths[:, None]).reshape(
                     (v.shape[0], v.shape[1]) + (1,) * (v.dim() - 2)))
        return _result(x, _torch_statistic(t, f, data_of(x), full, valid), 0 not in axes)
    if f == "Times":
        y = v
        for ax in sorted(full, reverse=True):
            y = y.prod(dim=ax)
    elif f == "Max":
        y = v.amax(dim=full)
    elif f == "Min":
        y = v.amin(dim=full)
    else:
        y = v.sum(dim=full)
        if f == "Mean":
            count = _reduce_count(x, full, masked, tuple(v.shape))
            y = y / (t.as_tensor(count, dtype=y.dtype) if masked else count)
    return _result(x, y, 0 not in axes)


@primitive("zero_padding", torch=lambda t, a, x: _zero_padding(x) if isinstance(x, Batch) else x)
class ZeroPadding:
    """A sequence with zeros past each length, its gradient likewise (what an elementwise
    combination of sequences leaves in the padding is not passed on)."""

    @staticmethod
    def forward(ctx, a, x):
        return (_zero_padding(x) if isinstance(x, Batch) else x), x

    @staticmethod
    def vjp(ctx, a, x, d):
        return (_valid_only(x, d),)


def _known_sizes(sizes, dims) -> tuple:
    """``dims`` with each size the net left free (ReplicateLayer[{Automatic}] tied to the
    input's length) as the input batch gives it (``sizes``: the run context's)."""
    sizes = sizes or {}
    out = tuple(d if isinstance(d, int) else sizes.get(d, d) for d in dims)
    if not all(isinstance(d, (int, np.ndarray)) for d in out) or \
            any(isinstance(d, np.ndarray) for d in out[1:]):
        raise StructureError("nosize", "ReplicateLayer")
    return out


def _copies_of_lengths(dims: tuple) -> tuple:
    """(sizes, lengths): a first count that is a sequence's lengths (one per example)
    replicates to the longest, the output keeping those lengths; else (dims, None)."""
    if dims and isinstance(dims[0], np.ndarray):
        lengths = dims[0]
        return (int(lengths.max()) if lengths.size else 0,) + dims[1:], lengths
    return dims, None


def replicate_position(rank: int, count: int, level: int) -> int:
    """Where ReplicateLayer's ``count`` new levels start (0-based) in a rank-``rank``
    input: at level m (from 1), or counted from the end of the output for m < 0."""
    start = level - 1 if level > 0 else rank + level + 1
    if not 0 <= start <= rank:
        raise StructureError("rankx", "ReplicateLayer", f"at least {abs(level) - 1}", rank)
    return start


@primitive("replicate", torch=lambda t, a, x: _torch_replicate(t, a, x))
class Replicate:
    """Copies of each example along new levels ``dims`` starting at ``level``."""

    @staticmethod
    def forward(ctx, a, x):
        dims, lengths = _copies_of_lengths(_known_sizes(getattr(ctx, "sizes", None), a["dims"]))
        shape = _example_shape(x)
        start = replicate_position(len(shape), len(dims), a["level"])
        lead = _lead(x)
        v = np.reshape(data_of(x), lead + shape[:start] + (1,) * len(dims) + shape[start:])
        y = np.ascontiguousarray(np.broadcast_to(v, lead + shape[:start] + dims + shape[start:]))
        axes = tuple(range(len(lead) + start, len(lead) + start + len(dims)))
        if lengths is not None:          # copies as many as each example's sequence is long
            out = _zero_padding(Batch(y, lengths))
            return out, (x, axes, out)
        return _result(x, y, start > 0), (x, axes, None)

    @staticmethod
    def vjp(ctx, a, saved, d):
        x, axes, out = saved
        if out is not None:
            d = _valid_only(out, d)      # the copies past a length were never used
        return (_valid_only(x, d.sum(axis=axes)),)


def _torch_replicate(t, a, x):
    dims, lengths = _copies_of_lengths(_known_sizes(a.get("$sizes"), a["dims"]))
    shape = _example_shape(x)
    start = replicate_position(len(shape), len(dims), a["level"])
    lead = _lead(x)
    v = data_of(x).reshape(lead + shape[:start] + (1,) * len(dims) + shape[start:])
    y = v.expand(lead + shape[:start] + dims + shape[start:])
    if lengths is not None:
        return _zero_padding(Batch(y, t.as_tensor(lengths, device=y.device)))
    return _result(x, y, start > 0)


def part_plan(shape: tuple, parts: tuple) -> list:
    """PartLayer's parts as (axis, numpy index) steps, last level first: a level spec is
    ("all",), ("index", k), ("span", a, b or None, step) or ("list", (k1, …)), from 1,
    negative from the end."""
    if len(parts) > len(shape):
        raise StructureError("rankx", "PartLayer", f"at least {len(parts)}", len(shape))

    def index(k, n):
        i = k - 1 if k > 0 else n + k
        if not 0 <= i < n:
            raise StructureError("partw", k, _input_text(shape))
        return i

    steps = []
    for axis, spec in enumerate(parts):
        n = shape[axis]
        kind = spec[0]
        if kind == "all":
            continue
        if kind == "index":
            steps.append((axis, index(spec[1], n)))
        elif kind == "list":
            steps.append((axis, np.array([index(k, n) for k in spec[1]])))
        else:
            first, last = index(spec[1], n), index(spec[2] if spec[2] is not None else -1, n)
            picked = slice(first, last + 1, spec[3])          # a view
            if first > last:         # an empty span: nets hold no empty arrays
                raise StructureError("partw", f"{spec[1]} ;; {'All' if spec[2] is None else spec[2]}",
                                     _input_text(shape))
            steps.append((axis, picked))
    return steps[::-1]


def _take_steps(x, a) -> tuple:
    """(the index tuples that take PartLayer's parts, one level at a time, last level
    first; the lengths of a span of a sequence's steps, else None).  An index into a
    sequence's varying level picks one step per example, counted within its length (-1:
    its last valid step), a list of indices those steps (a level of fixed size); a span picks each example's own steps (2 ;; -1: all but its first
    and last), a sequence of new lengths, padded."""
    parts = tuple(a["parts"])
    nlead = len(_lead(x))
    sequence = isinstance(x, Batch) and x.lengths is not None and parts \
        and parts[0][0] in ("index", "span", "list")
    if sequence:
        parts = (("all",),) + parts[1:]
    steps = [(slice(None),) * (nlead + axis) + (ix,) for axis, ix in part_plan(_example_shape(x), parts)]
    if not sequence:
        return steps, None
    spec, lengths = a["parts"][0], np.asarray(x.lengths)
    if spec[0] == "index":
        rows = _step_within(spec[1], lengths)
        steps.append((np.arange(len(lengths)), rows))
        return steps, None
    if spec[0] == "list":               # steps of each sequence: a level of fixed size
        rows = np.stack([_step_within(k, lengths) for k in spec[1]], axis=1)
        steps.append((np.arange(len(lengths))[:, None], rows))
        return steps, None
    first = _step_within(spec[1], lengths)
    last = lengths - 1 if spec[2] is None else _step_within(spec[2], lengths)
    if np.any(first > last):            # an empty span: nets hold no empty sequences
        raise StructureError("partw", f"{spec[1]} ;; {'All' if spec[2] is None else spec[2]}",
                             _lengths_text(lengths))
    new_lengths = (last - first) // spec[3] + 1
    picked = first[:, None] + spec[3] * np.arange(int(new_lengths.max()))[None, :]
    picked = np.where(picked <= last[:, None], picked, 0)    # padding: any step (zeroed)
    steps.append((np.arange(len(lengths))[:, None], picked))
    return steps, new_lengths


def _input_text(shape) -> str:
    """Where a part was looked for, as the partw message names it."""
    return "an input of dimensions {" + ", ".join(map(str, shape)) + "}"


def _lengths_text(lengths) -> str:
    return "sequences of lengths {" + ", ".join(map(str, lengths)) + "}"


def _step_within(k: int, lengths):
    """Step k (from 1, negative from the end) of each sequence, 0-based."""
    rows = lengths + k if k < 0 else np.full(len(lengths), k - 1)
    if np.any(rows < 0) or np.any(rows >= lengths):
        raise StructureError("partw", k, _lengths_text(lengths))
    return rows


def _takes_sequence_level(x, a) -> bool:
    return isinstance(x, Batch) and any(p[0] != "all" for p in a["parts"][:1])


def _taken(x, a, v, span_lengths):
    """The parts taken: a sequence of new lengths for a span of its steps (``span_lengths``,
    numpy or torch's), else as ``_result`` makes them."""
    if span_lengths is not None:
        return _zero_padding(Batch(v, span_lengths))
    return _result(x, v, not _takes_sequence_level(x, a))


@primitive("take", torch=lambda t, a, x: _torch_take(t, a, x))
class Take:
    """Parts of each example, as PartLayer takes them."""

    @staticmethod
    def forward(ctx, a, x):
        v = data_of(x)
        shapes = []
        steps, span_lengths = _take_steps(x, a)
        for index in steps:             # indices and spans give views, lists copies
            shapes.append(v.shape)
            v = v[index]
        y = _taken(x, a, np.asarray(v), span_lengths)
        return y, (x, steps, shapes, y if span_lengths is not None else None)

    @staticmethod
    def vjp(ctx, a, saved, d):
        x, steps, shapes, span = saved
        g = d if span is None else _valid_only(span, d)     # padding of a span: no gradient
        for index, shape in reversed(list(zip(steps, shapes))):
            full = np.zeros(shape, d.dtype)
            np.add.at(full, index, g)
            g = full
        return (_valid_only(x, g),)


def _torch_take(t, a, x):
    v = data_of(x)
    steps, span_lengths = _take_steps(x, a)
    for index in steps:
        v = v[tuple(t.as_tensor(ix) if isinstance(ix, np.ndarray) else ix for ix in index)]
    return _taken(x, a, v, None if span_lengths is None else t.as_tensor(span_lengths, device=v.device))


def _dot_operands(x, y):
    """(x as (B, p, k), y as (B, k, q), the output's data shape) for Dot of one example of
    x with one of y (batch axes first; a plain array is one example for every row)."""
    xv, yv = data_of(x), data_of(y)
    xs, ys = _example_shape(x), _example_shape(y)
    if not xs or not ys or xs[-1] != ys[0]:
        raise StructureError("dotdims", "{" + ", ".join(map(str, xs)) + "}",
                             "{" + ", ".join(map(str, ys)) + "}")
    batch = (_lead(x) or _lead(y))
    k = xs[-1]
    p, q = int(prod(xs[:-1])), int(prod(ys[1:]))
    return (xv.reshape(_lead(x) + (p, k)), yv.reshape(_lead(y) + (k, q)),
            batch + xs[:-1] + ys[1:])


@primitive("dot", torch=lambda t, a, x, y: _torch_dot(t, x, y))
class Dot:
    """Dot of each example of x with the matching example of y: the last level of x with
    the first of y."""

    @staticmethod
    def forward(ctx, a, x, y):
        xm, ym, shape = _dot_operands(x, y)
        z = np.matmul(xm, ym).reshape(shape)
        keeps = isinstance(x, Batch) and len(_example_shape(x)) > 1
        return _result(x if isinstance(x, Batch) else y, z, keeps), (x, y, xm, ym)

    @staticmethod
    def vjp(ctx, a, saved, d):
        x, y, xm, ym = saved
        dz = d.reshape(d.shape[:len(_lead(x) or _lead(y))] + (xm.shape[-2], ym.shape[-1]))
        dx = np.matmul(dz, np.swapaxes(ym, -1, -2))
        dy = np.matmul(np.swapaxes(xm, -1, -2), dz)
        batched = isinstance(x, Batch) or isinstance(y, Batch)   # two constants: no batch level
        if batched and not isinstance(x, Batch):
            dx = dx.sum(axis=0)
        if batched and not isinstance(y, Batch):
            dy = dy.sum(axis=0)
        return (_valid_only(x, dx.reshape(np.shape(data_of(x)))),
                _valid_only(y, dy.reshape(np.shape(data_of(y)))))


def _torch_dot(t, x, y):
    xm, ym, shape = _dot_operands(x, y)
    z = t.matmul(xm, ym).reshape(shape)
    return _result(x if isinstance(x, Batch) else y, z, isinstance(x, Batch) and len(_example_shape(x)) > 1)


_PAD_MODES = {"Fixed": "edge", "Reflected": "reflect", "Reversed": "symmetric", "Periodic": "wrap"}


def pad_source(data_shape: tuple, nlead: int, widths: tuple, method) -> np.ndarray:
    """For every element of the padded data, the flat index of the input element it copies
    (-1 where a constant fills it): PaddingLayer's padding of ``widths`` ((before, after)
    per level from level 1; later levels unpadded) by ``method`` (a number, or "Fixed",
    "Reflected", "Periodic"), found by padding the indices themselves."""
    rank = len(data_shape) - nlead
    if len(widths) > rank:
        raise StructureError("rankx", "PaddingLayer", f"at least {len(widths)}", rank)
    full = ((0, 0),) * nlead + tuple(widths) + ((0, 0),) * (rank - len(widths))
    index = np.arange(int(prod(data_shape))).reshape(data_shape)
    if isinstance(method, str):
        if method == "Reflected" and any(max(w) >= data_shape[nlead + i] for i, w in enumerate(widths)):
            raise StructureError("padw", "{" + ", ".join(map(str, data_shape[nlead:])) + "}")
        return np.pad(index, full, mode=_PAD_MODES[method])
    return np.pad(index, full, mode="constant", constant_values=-1)


def _step_sources(lengths: np.ndarray, steps: int, before: int, after: int,
                  method) -> np.ndarray:
    """(batch, before + steps + after): for each example (of its own length) and each
    step of its padded sequence, the input step it copies; -1 where a constant fills it
    or past the example's padded length."""
    n = lengths[:, None].astype(np.int64)
    q = np.arange(steps + before + after)[None, :] - before      # from the example's start
    if not isinstance(method, str):
        src = np.where((q >= 0) & (q < n), q, -1)
    elif method == "Fixed":
        src = np.clip(q, 0, n - 1)
    elif method == "Periodic":
        src = np.mod(q, n)
    elif method == "Reversed":                 # mirrored with the boundary repeated
        r = np.mod(q, 2 * n)
        src = np.where(r < n, r, 2 * n - 1 - r)
    else:                                      # "Reflected": the boundary not repeated
        period = np.maximum(2 * n - 2, 1)
        r = np.mod(q, period)
        src = np.where(r < n, r, period - r)
    return np.where(q < n + after, src, -1)


def varying_pad_source(data_shape: tuple, lengths: np.ndarray, widths: tuple,
                       method) -> np.ndarray:
    """pad_source for a sequence Batch (batch, steps, …) whose first level is padded:
    each example is padded after its own last step (by its own elements for the copying
    methods), the later levels as pad_source does."""
    before, after = widths[0]
    if method == "Reflected" and len(lengths) and int(np.min(lengths)) <= max(before, after):
        raise StructureError("padw", "{" + ", ".join(
            map(str, (int(np.min(lengths)),) + tuple(data_shape[2:]))) + "}")
    inner = pad_source(data_shape, 1, ((0, 0),) + tuple(widths[1:]), method)
    steps = _step_sources(lengths, data_shape[1], before, after, method)
    picked = inner[np.arange(data_shape[0])[:, None], np.maximum(steps, 0)]
    return np.where((steps >= 0).reshape(steps.shape + (1,) * (picked.ndim - 2)), picked, -1)


def _pads_sequence(x, widths) -> bool:
    """Whether the padding lengthens the varying sequence of the Batch ``x``."""
    return isinstance(x, Batch) and x.lengths is not None and bool(widths) \
        and tuple(widths[0]) != (0, 0)


def _padded_source(x, shape: tuple, widths, method):
    """(the source map of the padded data, the padded lengths or None)."""
    if _pads_sequence(x, widths):
        lengths = np.asarray(x.lengths.cpu() if hasattr(x.lengths, "cpu") else x.lengths)
        return (varying_pad_source(shape, lengths, widths, method),
                x.lengths + sum(widths[0]))
    return pad_source(shape, len(_lead(x)), widths, method), None


def _pad_fill(v, source, method, where, nonnegative):
    """The padded data: ``v``'s elements at ``source``, ``method`` where it is -1 (numpy
    or torch, through ``where`` and ``nonnegative``)."""
    picked = v.reshape(-1)[nonnegative(source)]
    if isinstance(method, str):
        return picked
    return where(source >= 0, picked, method)


@primitive("pad", torch=lambda t, a, x: _torch_pad(t, a, x))
class Pad:
    """Each example padded as PaddingLayer does (a constant, or copies of its own elements)."""

    @staticmethod
    def forward(ctx, a, x):
        v = np.asarray(data_of(x), ctx.dtype)
        source, lengths = _padded_source(x, v.shape, a["widths"], a["method"])
        y = _pad_fill(v, source, a["method"], np.where, lambda s: np.maximum(s, 0)).astype(ctx.dtype, copy=False)
        if lengths is not None:                    # each sequence longer by its padding
            return _zero_padding(Batch(y, lengths)), (x, v.shape, source)
        return _result(x, y, not a["widths"] or a["widths"][0] == (0, 0)), (x, v.shape, source)

    @staticmethod
    def vjp(ctx, a, saved, d):
        x, shape, source = saved
        valid = source >= 0
        g = np.bincount(source[valid], weights=np.asarray(d)[valid], minlength=int(prod(shape)))
        return (_valid_only(x, g.reshape(shape).astype(d.dtype, copy=False)),)


def _torch_pad(t, a, x):
    v = data_of(x)
    source, lengths = _padded_source(x, tuple(v.shape), a["widths"], a["method"])
    src = t.as_tensor(source, device=v.device)
    y = _pad_fill(v, src, a["method"], lambda c, p, m: t.where(c, p, t.as_tensor(float(m), dtype=p.dtype)),
                  lambda s: s.clamp(min=0))
    if lengths is not None:
        return _zero_padding(Batch(y, lengths))
    return _result(x, y, not a["widths"] or a["widths"][0] == (0, 0))


def _aligned_shape(x, y) -> tuple:
    """The data shape of ``x`` with trailing levels of size 1 up to ``y``'s rank: Wolfram's
    listable arithmetic pairs an array with another of higher rank along the leading
    levels (``{{1, 2}, {3, 4}} + {10, 20}`` adds 10 to the first row), numpy's along the
    trailing ones."""
    missing = len(_example_shape(y)) - len(_example_shape(x))
    return tuple(np.shape(data_of(x))) + (1,) * max(missing, 0)


@primitive("align", torch=lambda t, a, x, y: _tlike((x,), data_of(x).reshape(_aligned_shape(x, y))))
class Align:
    """x with trailing levels of size 1 up to y's rank (y gives only its rank)."""

    @staticmethod
    def forward(ctx, a, x, y):
        v = data_of(x)
        return _like((x,), np.reshape(v, _aligned_shape(x, y))), np.shape(v)

    @staticmethod
    def vjp(ctx, a, shape, d):
        return np.reshape(d, shape), None


@primitive("reshape_like", torch=lambda t, a, x, ref: _tlike(
    (x,), data_of(x).reshape(_lead(x) + _example_shape(ref))))
class ReshapeLike:
    """Each example of x reshaped to the dimensions of an example of ``ref`` (which gives
    only its shape)."""

    @staticmethod
    def forward(ctx, a, x, ref):
        v = data_of(x)
        shape = _example_shape(ref)
        if int(prod(shape)) != int(prod(_example_shape(x))):
            raise StructureError("reshapecount", int(prod(_example_shape(x))),
                                 "{" + ", ".join(map(str, shape)) + "}")
        return _like((x,), v.reshape(_lead(x) + shape)), v.shape

    @staticmethod
    def vjp(ctx, a, shape, d):
        return np.reshape(d, shape), None


# ---------------------------------------------------------------------------- arrays without inputs
#
# A layer with no input port (NetArrayLayer, RandomArrayLayer) still gives one value per
# example: its output's batch axis comes from the run's batch size (``ctx.batch_size``; the
# torch backend passes it as "$batch", and the run's generator as "$rng").


@primitive("batch", torch=lambda t, a, x: Batch(x.expand((a.get("$batch", 1),) + tuple(x.shape)), None))
class BroadcastToBatch:
    """A plain array (a layer's array) as the value of every example of the batch."""

    @staticmethod
    def forward(ctx, a, x):
        v = np.asarray(x, ctx.dtype)
        return Batch(np.ascontiguousarray(np.broadcast_to(v, (ctx.batch_size,) + v.shape)), None), None

    @staticmethod
    def vjp(ctx, a, saved, d):
        return (np.sum(d, axis=0),)


def _samples(a, rng, batch: int, dtype):
    """``a["sample"](rng, shape)``: independent draws for each example; a fresh generator
    when the run has none (evaluation in test mode still samples, as WL does)."""
    shape = (batch,) + tuple(a["dims"])
    return np.asarray(a["sample"](rng if rng is not None else np.random.default_rng(), shape), dtype)


@primitive("random", torch=lambda t, a: Batch(t.from_numpy(
    _samples(a, a.get("$rng"), a.get("$batch", 1), np.float64)), None))
class RandomArray:
    """Samples of a distribution (``sample``), ``dims`` per example; no gradient."""

    @staticmethod
    def forward(ctx, a):
        return Batch(_samples(a, ctx.rng, ctx.batch_size, ctx.dtype), None), None

    @staticmethod
    def vjp(ctx, a, saved, d):
        return ()


# ---------------------------------------------------------------------------- Map over level 1
#
# FunctionLayer's Map[f, x] with f more than an elementwise function (Map[Total, #],
# Map[Normalize, #]): level 1 of every example is folded into the batch axis, f's rows run
# on the parts as examples, and the result is unfolded back, its padding zero.


def _fold_shape(x) -> tuple:
    if not isinstance(x, Batch) or np.ndim(data_of(x)) < 2:
        raise StructureError("rankx", "Map", "at least 1", len(_example_shape(x)))
    return tuple(np.shape(data_of(x)))


@primitive("fold_level", torch=lambda t, a, x: Batch(
    _zero_padding(x).data.reshape((-1,) + tuple(_fold_shape(x)[2:])), None))
class FoldLevel:
    """Each part at level 1 of each example as an example of its own: (B, n, …) → (B n, …)."""

    @staticmethod
    def forward(ctx, a, x):
        shape = _fold_shape(x)
        v = _zero_padding(x).data if x.lengths is not None else data_of(x)   # padding is zero
        return Batch(v.reshape((-1,) + shape[2:]), None), (x, shape)

    @staticmethod
    def vjp(ctx, a, saved, d):
        x, shape = saved
        g = np.reshape(d, shape)
        mask = _sequence_mask(x, bool)
        return (np.where(mask, g, 0) if mask is not None else g,)      # padding: none


def _unfolded(y, ref, t=None):
    """``y`` (B n examples) as B examples of n parts, like ``ref``; zero past its lengths
    (where, not a product: f may give NaN on padding, e.g. Normalize of zeros)."""
    b, n = np.shape(data_of(ref))[:2]
    v = data_of(y)
    if not isinstance(y, Batch):                 # f gave a constant: the same for every part
        v = (t.broadcast_to if t is not None else np.broadcast_to)(v, (b * n,) + tuple(np.shape(v)))
    v = v.reshape((b, n) + tuple(v.shape[1:]))
    if ref.lengths is None:
        return Batch(v, None)
    if t is None:
        return Batch(np.where(_sequence_mask(Batch(v, ref.lengths), bool), v, 0).astype(v.dtype), ref.lengths)
    steps = t.arange(n, device=v.device)[None, :] < ref.lengths[:, None]
    steps = steps.reshape(steps.shape + (1,) * (v.dim() - 2))
    return Batch(t.where(steps, v, t.zeros((), dtype=v.dtype, device=v.device)), ref.lengths)


@primitive("unfold_level", torch=lambda t, a, y, ref: _unfolded(y, ref, t))
class UnfoldLevel:
    """The inverse of fold_level: (B n, …) → (B, n, …), B and n (and lengths) from ``ref``."""

    @staticmethod
    def forward(ctx, a, y, ref):
        out = _unfolded(y, ref)
        return out, (np.shape(data_of(y)), isinstance(y, Batch), ref)

    @staticmethod
    def vjp(ctx, a, saved, d):
        shape, batched, ref = saved
        g = _valid_only(Batch(d, ref.lengths), d)          # f's values at padding: no gradient
        g = np.reshape(g, (-1,) + tuple(np.shape(g)[2:]))
        return (g if batched else g.sum(axis=0)), None


def _parameter_samples(a, xs, rng, dtype, numpy_of=lambda v: v):
    """RandomArrayLayer[dfunc]'s draws: the distribution's parameters from the operands
    (elementwise) or numbers; StructureError for values it cannot take."""
    values = [numpy_of(data_of(xs[v])) if kind == "port" else v for kind, v in a["params"]]
    shape = np.shape(numpy_of(data_of(xs[0])))
    try:
        with np.errstate(all="ignore"):
            y = a["sample"](rng if rng is not None else np.random.default_rng(), shape, *values)
    except ValueError:
        raise StructureError("invdistvals", a["distribution"])
    return np.asarray(y, dtype)


@primitive("random_of", torch=lambda t, a, *xs: _tlike(xs, t.from_numpy(_parameter_samples(
    a, xs, a.get("$rng"), np.float64, lambda v: v.detach().cpu().numpy()))))
class RandomOfParameters:
    """Samples of a distribution whose parameters are the operands, elementwise; no
    gradient."""

    @staticmethod
    def forward(ctx, a, *xs):
        return _like(xs, _parameter_samples(a, xs, ctx.rng, ctx.dtype)), len(xs)

    @staticmethod
    def vjp(ctx, a, count, d):
        return (None,) * count


# ---------------------------------------------------------------------------- CompiledLayer
#
# CompiledLayer's function may take a whole batch (its argument's rank is one more than an
# example's): the batch becomes one example of which it is level 1, and back.  With a
# gradient function of its own (or none), the layer is one "compiled" row that runs both
# functions itself (the layer gives them as functions of the operands).


def batched_operand(x, batched: bool):
    """An operand of a CompiledLayer function: the batch as it is, or as one example."""
    return Batch(data_of(x)[None], None) if batched else x


def unbatched(y, ref):
    """One example (1, B, …) as the batch (B, …), B that of ``ref``: StructureError "cbatch"
    when level 1 is not the batch."""
    v, n = data_of(y), np.shape(data_of(ref))[0]
    if np.ndim(v) < 2 or v.shape[1] != n:
        raise StructureError("cbatch", n, tuple(np.shape(v)[1:]))
    return Batch(v[0], None)


@primitive("batch_as_example", torch=lambda t, a, x: batched_operand(x, True))
class BatchAsExample:
    """(B, …) → one example (1, B, …)."""

    @staticmethod
    def forward(ctx, a, x):
        return batched_operand(x, True), None

    @staticmethod
    def vjp(ctx, a, saved, d):
        return (d[0],)


@primitive("example_as_batch", torch=lambda t, a, y, ref: unbatched(y, ref))
class ExampleAsBatch:
    """The inverse of batch_as_example: one example (1, B, …) → (B, …)."""

    @staticmethod
    def forward(ctx, a, y, ref):
        return unbatched(y, ref), None

    @staticmethod
    def vjp(ctx, a, saved, d):
        return d[None], None


def _run_compiled(run, args, batched, ctx, t=None):
    y = run([batched_operand(v, batched) for v in args], ctx, torch=t)
    return unbatched(y, args[0]) if batched else (y if isinstance(y, Batch) else Batch(y, None))


@primitive("compiled", torch=lambda t, a, x: _torch_compiled(t, a, x))
class CompiledFunction:
    """y = f(x) by a["forward"], whose input gradient is gradf[x, dy(, y)] by a["gradient"]
    (a["arity"] its arguments; None: no gradient, StructureError "cnograd"); both are
    ``run(operands, ctx, torch=None)`` (CompiledLayer: its trees through FunctionLayer's
    compiler, ``functools.partial(run_tree, tree)``); a["batched"]: f and gradf take whole
    batches."""

    @staticmethod
    def forward(ctx, a, x):
        y = _run_compiled(a["forward"], [x], a["batched"], ctx)
        return y, (x, y)

    @staticmethod
    def vjp(ctx, a, saved, d):
        x, y = saved
        if a["gradient"] is None:
            raise StructureError("cnograd")
        args = [x, Batch(d, None), y][:a["arity"]]
        g = np.asarray(data_of(_run_compiled(a["gradient"], args, a["batched"], ctx)), ctx.dtype)
        if g.shape != np.shape(data_of(x)):
            raise StructureError("cgradshape", tuple(np.shape(data_of(x))[1:]), tuple(g.shape[1:]))
        return (g,)


def _torch_compiled(t, a, x):
    """The same on tensors: f's rows through their torch mappings, gradf's in backward."""
    batched = a["batched"]

    class _Compiled(t.autograd.Function):
        @staticmethod
        def forward(fctx, v):
            y = _run_compiled(a["forward"], [Batch(v, None)], batched, None, t).data
            fctx.save_for_backward(v, y)
            return y

        @staticmethod
        def backward(fctx, d):
            if a["gradient"] is None:
                raise StructureError("cnograd")
            v, y = fctx.saved_tensors
            args = [Batch(v, None), Batch(d, None), Batch(y, None)][:a["arity"]]
            return _run_compiled(a["gradient"], args, batched, None, t).data

    return Batch(_Compiled.apply(data_of(x)), None)
