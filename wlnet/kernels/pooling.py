"""PoolingLayer: max, mean and total pooling in 1, 2 or 3 spatial dimensions, forward and
backward.

Layout: x (B, C, *S); out (B, C, *S') with the convolution's size rule (no dilation); every
channel of every example (a "plane") is pooled on its own.  The geometry is the convolution
kernels' (`convolution.conv_geometry` of a depthwise kernel: one group per channel).

Padding: Max ignores the padded positions (they never win: as -Infinity), Mean divides by
the whole kernel size (the padded positions count as zeros), Total adds zeros.  A window
wholly in the padding gives 0.  The same as torch's max_pool and avg_pool with its default
count_include_pad=True.

Max keeps, per output, the position in its plane of the input that won (for the backward
pass); NaN wins over numbers, so a NaN input shows in the output.

The commonest pooling, Max over 2x2 windows with stride 2 and no padding (LeNet's, VGG's),
has kernels of their own (`_max_2x2`, `_unpool_2x2`): the general one's row accumulators and
winner bookkeeping do not vectorise and took 2 ms of a LeNet training step's first pooling
(64 x 20 planes of 24x24, float32) against 0.9 ms.  It keeps the winners (the same ones as
the general kernel: the first position holding the maximum, or the first NaN) only for a
backward pass, as one byte per window (which of its four entries won: the forward pass
1.0 -> 0.2 ms on that pooling, its loops now vectorise).

Threading: planes are split into contiguous chunks, one per thread, when the call is big
enough (`gru.parallel_work`), as the convolution does with examples.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import prange

from ._jit import kernel, parallel_kernel, thread_count, writable
from ._linalg import span, zero_of
from .convolution import ConvGeometry, conv_geometry
from .gru import parallel_work

FUNCTIONS = ("Max", "Mean", "Total")
_MAX, _MEAN, _TOTAL = 0, 1, 2
_MAX_2X2 = 3             # Max over 2x2 windows, stride 2, no padding: its own kernels


@kernel
def _pool_plane(plane, x, geo, function, out, winners, best, won):
    """Pool one plane, an output row at a time: each kernel offset (a, b, e) sweeps the
    row's outputs that it reaches (a range of ow: no test per element), into the row
    accumulators `best` (the max or the sum) and `won` (the winner's position)."""
    depth, height, width = geo[1], geo[2], geo[3]
    o_d, o_h, o_w = geo[5], geo[6], geo[7]
    k_d, k_h, k_w = geo[8], geo[9], geo[10]
    s_d, s_h, s_w = geo[11], geo[12], geo[13]
    p_d, p_h, p_w = geo[14], geo[15], geo[16]
    xo = plane * depth * height * width
    j = plane * o_d * o_h * o_w
    zero = zero_of(x[xo])
    scale = 1 / (k_d * k_h * k_w) if function == _MEAN else 1
    for od in range(o_d):
        for oh in range(o_h):
            for ow in range(o_w):
                best[ow] = zero
                won[ow] = -1
            for a in range(k_d):
                iz = od * s_d - p_d + a
                if iz < 0 or iz >= depth:
                    continue
                for b in range(k_h):
                    iy = oh * s_h - p_h + b
                    if iy < 0 or iy >= height:
                        continue
                    row = (iz * height + iy) * width
                    src = span(x, xo + row, width)
                    for e in range(k_w):
                        # the outputs ow whose input column ow*s_w - shift is in the row
                        shift = p_w - e
                        lo = 0 if shift <= 0 else min(o_w, (shift + s_w - 1) // s_w)
                        reach = width + shift
                        hi = 0 if reach <= 0 else min(o_w, (reach + s_w - 1) // s_w)
                        if function == _MAX:
                            for ow in range(lo, hi):
                                ix = ow * s_w - shift
                                v, held, at = src[ix], best[ow], won[ow]
                                # NaN wins over numbers and, once in, stays; selects, not
                                # branches (a branch on data mispredicts half the time)
                                take = (at < 0) | ((held == held) & ((v > held) | (v != v)))
                                best[ow] = v if take else held
                                won[ow] = row + ix if take else at
                        else:
                            for ow in range(lo, hi):
                                best[ow] += src[ow * s_w - shift]
            dst = span(out, j, o_w)
            if function == _MAX:
                kept = span(winners, j, o_w)
                for ow in range(o_w):
                    dst[ow] = best[ow]
                    kept[ow] = won[ow]
            else:
                for ow in range(o_w):
                    dst[ow] = best[ow] * scale
            j += o_w


@kernel
def _unpool_plane(plane, geo, function, d_out, winners, d_x):
    """Add the plane's output gradients into d_x (zeroed by the caller)."""
    depth, height, width = geo[1], geo[2], geo[3]
    o_d, o_h, o_w = geo[5], geo[6], geo[7]
    k_d, k_h, k_w = geo[8], geo[9], geo[10]
    s_d, s_h, s_w = geo[11], geo[12], geo[13]
    p_d, p_h, p_w = geo[14], geo[15], geo[16]
    xo = plane * depth * height * width
    j = plane * o_d * o_h * o_w
    scale = 1 / (k_d * k_h * k_w) if function == _MEAN else 1
    for od in range(o_d):
        for oh in range(o_h):
            for ow in range(o_w):
                g = d_out[j]
                if function == _MAX:
                    if winners[j] >= 0:
                        d_x[xo + winners[j]] += g
                    j += 1
                    continue
                g = g * scale
                for a in range(k_d):
                    iz = od * s_d - p_d + a
                    if iz < 0 or iz >= depth:
                        continue
                    for b in range(k_h):
                        iy = oh * s_h - p_h + b
                        if iy < 0 or iy >= height:
                            continue
                        row = xo + (iz * height + iy) * width
                        for e in range(k_w):
                            ix = ow * s_w - p_w + e
                            if 0 <= ix < width:
                                d_x[row + ix] += g
                j += 1


@kernel
def _larger(a, b):
    """max(a, b) keeping a on ties; NaN wins."""
    return b if (b > a) | (b != b) else a


@kernel
def _max_2x2(lo, hi, x, geo, out, codes):
    """2x2 Max windows, stride 2, no padding, of planes lo .. hi-1 (odd sizes: the last row
    or column belongs to no window); each window's winner (the first position holding the
    maximum, or the first NaN, as `_pool_plane` picks it) as a code 2 row + column, unless
    `codes` is empty (no backward pass)."""
    height, width, o_h, o_w = geo[2], geo[3], geo[6], geo[7]
    keep = codes.shape[0] > 0
    for plane in range(lo, hi):
        for oh in range(o_h):
            j = (plane * o_h + oh) * o_w
            r0 = span(x, (plane * height + 2 * oh) * width, 2 * o_w)
            r1 = span(x, (plane * height + 2 * oh + 1) * width, 2 * o_w)
            y = span(out, j, o_w)
            if not keep:
                for ow in range(o_w):
                    y[ow] = _larger(_larger(r0[2 * ow], r0[2 * ow + 1]),
                                    _larger(r1[2 * ow], r1[2 * ow + 1]))
                continue
            won = span(codes, j, o_w)
            for ow in range(o_w):
                a, b = r0[2 * ow], r0[2 * ow + 1]
                c, d = r1[2 * ow], r1[2 * ow + 1]
                take_b, take_d = _wins(b, a), _wins(d, c)
                top = b if take_b else a
                bottom = d if take_d else c
                take_bottom = _wins(bottom, top)
                y[ow] = bottom if take_bottom else top
                won[ow] = (2 + np.int8(take_d)) if take_bottom else np.int8(take_b)


@kernel
def _unpool_2x2(lo, hi, geo, d_out, codes, d_x):
    """Add the output gradients of planes lo .. hi-1 into d_x (zeroed by the caller) at the
    winners that `_max_2x2` coded."""
    height, width, o_h, o_w = geo[2], geo[3], geo[6], geo[7]
    for plane in range(lo, hi):
        for oh in range(o_h):
            j = (plane * o_h + oh) * o_w
            rows = span(d_x, (plane * height + 2 * oh) * width, 2 * width)
            g = span(d_out, j, o_w)
            won = span(codes, j, o_w)
            for ow in range(o_w):
                code = won[ow]
                rows[2 * ow + (code & 1) + (code >> 1) * width] = g[ow]


@kernel
def _wins(v, held):
    """Whether v replaces the maximum held so far: larger, or the first NaN."""
    return (held == held) & ((v > held) | (v != v))


@kernel
def _pool_planes(lo, hi, x, geo, function, out, winners):
    """Planes lo .. hi-1, with their row accumulators."""
    best = np.empty(geo[7], x.dtype)
    won = np.empty(geo[7], np.int64)
    for plane in range(lo, hi):
        _pool_plane(plane, x, geo, function, out, winners, best, won)


# winners: Max's winning positions (int64), codes: `_max_2x2`'s (int8); each empty when the
# pass has none.

@kernel
def _forward_chunk(lo, hi, x, geo, function, out, winners, codes):
    if function == _MAX_2X2:
        _max_2x2(lo, hi, x, geo, out, codes)
    else:
        _pool_planes(lo, hi, x, geo, function, out, winners)


@kernel
def _forward_serial(bounds, x, geo, function, out, winners, codes):
    for c in range(bounds.shape[0] - 1):
        _forward_chunk(bounds[c], bounds[c + 1], x, geo, function, out, winners, codes)


@parallel_kernel
def _forward_parallel(bounds, x, geo, function, out, winners, codes):
    for c in prange(bounds.shape[0] - 1):
        _forward_chunk(bounds[c], bounds[c + 1], x, geo, function, out, winners, codes)


@kernel
def _backward_chunk(lo, hi, geo, function, d_out, winners, codes, d_x):
    if function == _MAX_2X2:
        _unpool_2x2(lo, hi, geo, d_out, codes, d_x)
        return
    for plane in range(lo, hi):
        _unpool_plane(plane, geo, function, d_out, winners, d_x)


@kernel
def _backward_serial(bounds, geo, function, d_out, winners, codes, d_x):
    for c in range(bounds.shape[0] - 1):
        _backward_chunk(bounds[c], bounds[c + 1], geo, function, d_out, winners, codes, d_x)


@parallel_kernel
def _backward_parallel(bounds, geo, function, d_out, winners, codes, d_x):
    for c in prange(bounds.shape[0] - 1):
        _backward_chunk(bounds[c], bounds[c + 1], geo, function, d_out, winners, codes, d_x)


# --------------------------------------------------------------------------------------------
# Wrappers
# --------------------------------------------------------------------------------------------

@dataclass
class PoolCache:
    geometry: ConvGeometry
    function: int              # the kernels' (_MAX_2X2 for that kernel)
    winners: np.ndarray        # Max: the winning input per output (-1: none); else empty
    codes: np.ndarray          # _MAX_2X2: the winner in each window (`_max_2x2`); else empty
    bounds: np.ndarray
    dtype: np.dtype


def _plane_chunks(planes: int, work: int) -> np.ndarray:
    chunks = 1 if planes < 2 or work < parallel_work() else min(thread_count(), planes)
    return np.array([(c * planes) // chunks for c in range(chunks + 1)], np.int64)


def pool_forward(x, function: str, kernel_size, stride, padding, keep=True):
    """x (B, C, *S) float32/float64; function "Max", "Mean" or "Total"; kernel_size and
    stride: ints per spatial dimension; padding: (before, after) pairs.
    Returns (out (B, C, *S'), cache for pool_backward or None)."""
    x = writable(np.ascontiguousarray(x))
    if x.dtype.char not in "fd":
        raise ValueError("x must be float32 or float64")
    if function not in FUNCTIONS:
        raise ValueError(f"unknown pooling function {function!r}")
    batch, channels = x.shape[:2]
    rank = x.ndim - 2
    geometry = conv_geometry(x.shape, (channels, 1) + tuple(kernel_size), stride, padding,
                             (1,) * rank, channels)
    code = FUNCTIONS.index(function)
    planes = batch * channels
    out = np.empty((batch,) + geometry.out_shape, x.dtype)
    run = _MAX_2X2 if code == _MAX and _is_2x2(kernel_size, stride, padding) else code
    # Max's winners, for the backward pass (the 2x2 kernel leaves them out without one)
    winners = np.empty(out.size if run == _MAX else 0, np.int64)
    codes = np.empty(out.size if run == _MAX_2X2 and keep else 0, np.int8)
    bounds = _plane_chunks(planes, geometry.work)
    driver = _forward_parallel if len(bounds) > 2 else _forward_serial
    if planes:
        driver(bounds, x.reshape(-1), geometry.geo, run, out.reshape(-1), winners, codes)
    cache = PoolCache(geometry, run, winners, codes, bounds, x.dtype) if keep else None
    return out, cache


def _is_2x2(kernel_size, stride, padding) -> bool:
    """2x2 windows, stride 2, no padding: every window inside the input."""
    return (tuple(kernel_size) == (2, 2) and tuple(stride) == (2, 2)
            and all(tuple(p) == (0, 0) for p in padding))


def pool_backward(cache: PoolCache, d_out):
    """The input gradient for d_out like the forward output."""
    geometry = cache.geometry
    shape = (geometry.batch,) + geometry.out_shape
    d_out = writable(np.ascontiguousarray(d_out, cache.dtype))
    if d_out.shape != shape:
        raise ValueError(f"d_out must have shape {shape}")
    d_x = np.zeros((geometry.batch,) + geometry.in_shape, cache.dtype)
    driver = _backward_parallel if len(cache.bounds) > 2 else _backward_serial
    if d_x.size:
        driver(cache.bounds, geometry.geo, cache.function, d_out.reshape(-1), cache.winners,
               cache.codes, d_x.reshape(-1))
    return d_x
