"""ConvolutionLayer and DeconvolutionLayer: forward and backward of a grouped, strided,
dilated, zero-padded convolution (a cross-correlation, as in every net framework) in 1, 2 or 3
spatial dimensions, and of its transpose (the deconvolution).

Layout: x (B, C, *S) with S the spatial sizes; weights (O, C/g, *k); biases (O,) or none;
out (B, O, *S') with S'_i = (S_i + before_i + after_i - dilation_i (k_i - 1) - 1) // stride_i + 1.

How it is computed
------------------
Every problem is written as a 3-D one (missing leading spatial dimensions have size 1, kernel
1, stride 1, no padding), so one set of kernels serves 1, 2 and 3 dimensions.

Examples are taken in tiles of nb side by side (as many as fit TILE_ENTRIES entries of
cols, at least one): `_columns` lays a tile's inputs out as a matrix ``cols`` (C*K, nb*P),
K = prod(k) the kernel size and P = prod(S') the output positions: row (c, kernel offset),
column (example, output position), entries read from the input or zero in the padding
(im2col).  The tile's outputs (or output gradients) are one matrix ``rows`` (O, nb*P),
copied from or to the (B, O, P) layout.  Then, per channel group g (rows g*(C/g)*K .. of
cols, g*(O/g) .. of rows and of the weights, all contiguous blocks):

    out_g   = W_g (O/g, C/g*K) . cols_g (C/g*K, nb*P)       one BLAS gemm
    dW_g   += dout_g (O/g, nb*P) . cols_g^T                  one gemm, accumulating
    dcols_g = W_g^T . dout_g                                 one gemm; col2im adds it into dx

Tiles make small layers' products wide enough for BLAS: LeNet's second convolution has
P = 64, so a batch of 64 in one tile is one gemm of width 4096 instead of 64 of width 64.
Layers whose examples are wide enough alone (P >= WIDE_ENOUGH: LeNet's first, 576) take
one example per tile, and then ``rows`` is the example's block of the output (or output
gradient) itself: no copy to or from the (B, O, P) layout, and the example's cols stay in
the caches (LeNet's first layer forward 1.4 -> 0.7 ms, its weight gradient 1.2 -> 0.6 ms).

The deconvolution is the same three products the other way round: its forward pass is the
convolution's input gradient (dcols, then col2im), its input gradient the convolution's
forward pass, and its weight gradient the convolution's with the roles of input and output
gradient swapped; one geometry (the convolution's) describes both.

3x3 and 5x5 stride-1 layers with 8 channels or more on both sides (ResNet-style) are computed by
Winograd's F(2x2, 3x3) instead, forward and backward (`winograd.py`; `winograd.applies`), and
5x5 stride-1 layers with as many channels (LeNet's second) and batches of 8 or more by
F(2x2, 5x5) (`winograd5.py`).

The forward pass keeps the whole batch's cols for the backward pass when they are small
(`keeps_columns`: LeNet's layers); the backward pass rebuilds larger ones (a ResNet block at
batch 32 would keep 150 MB per layer in float64).

Threading follows the GRU kernels (`gru.py`): the batch is split into contiguous chunks, one
per thread (`numba.prange`), when the call is big enough for the pool in use
(`gru.parallel_work`); each chunk has its own scratch (cols, dcols, rows) and its own weight
and bias gradient accumulators, summed after the call, and calls single-threaded BLAS on its
own blocks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import prange

from . import _workspace as workspace
from . import winograd, winograd5
from ._jit import kernel, parallel_kernel, thread_count, writable
from ._linalg import gemm, span, zero_of
from .gru import parallel_work

# Positions in the geometry vector `geo` (int64) that the kernels read.
_C, _D, _H, _W = 0, 1, 2, 3              # input channels and spatial sizes
_O, _OD, _OH, _OW = 4, 5, 6, 7           # output channels and spatial sizes
_KD, _KH, _KW = 8, 9, 10                 # kernel sizes
_SD, _SH, _SW = 11, 12, 13               # strides
_PD, _PH, _PW = 14, 15, 16               # padding before (after only shapes the output)
_DD, _DH, _DW = 17, 18, 19               # dilations
_GROUPS = 20
_GEO_SIZE = 21


# The most entries of one tile's cols matrix (a few MB: it stays in the caches between the
# im2col and the products).
TILE_ENTRIES = 1 << 19
# Output positions from which one example's products are wide enough alone (LeNet's first
# layer, 576: one tile per example; its second, 64, takes tiles of 64 examples).
WIDE_ENOUGH = 256


@dataclass(frozen=True)
class ConvGeometry:
    """One convolution's sizes, in the kernels' 3-D form (see the module docstring)."""
    batch: int
    in_shape: tuple            # (C, *S) as given
    out_shape: tuple           # (O, *S') as given
    geo: np.ndarray            # the kernels' int64 vector

    @property
    def column_size(self) -> int:
        """Entries of one example's cols matrix, C*K*P."""
        g = self.geo
        return int(g[_C] * g[_KD] * g[_KH] * g[_KW] * g[_OD] * g[_OH] * g[_OW])

    @property
    def positions(self) -> int:
        g = self.geo
        return int(g[_OD] * g[_OH] * g[_OW])

    @property
    def tile(self) -> int:
        """Examples per tile: one when an example's products are wide enough for BLAS (then
        they read and write the (B, O, P) layout in place), else as many as fit."""
        if self.positions >= WIDE_ENOUGH:
            return 1
        return max(1, min(self.batch, TILE_ENTRIES // self.column_size))

    @property
    def work(self) -> int:
        """Multiply-adds of one forward pass."""
        return self.batch * int(self.geo[_O]) * self.column_size // int(self.geo[_GROUPS])


def output_size(size: int, kernel: int, stride: int, before: int, after: int,
                dilation: int) -> int:
    """The output size along one spatial dimension (< 1: the kernel does not fit)."""
    return (size + before + after - dilation * (kernel - 1) - 1) // stride + 1


def conv_geometry(x_shape, w_shape, stride, padding, dilation, groups) -> ConvGeometry:
    """x_shape (B, C, *S); w_shape (O, C/groups, *k); stride and dilation: one int per spatial
    dimension; padding: (before, after) per spatial dimension.  ValueError when the sizes do
    not fit (the net layer checks them first and says why in WL terms)."""
    batch, channels, *spatial = x_shape
    out_channels, group_channels, *kernel = w_shape
    rank = len(spatial)
    if not 1 <= rank <= 3 or len(kernel) != rank or len(stride) != rank \
            or len(dilation) != rank or len(padding) != rank:
        raise ValueError(f"inconsistent convolution ranks: x {x_shape}, w {w_shape}")
    if channels != group_channels * groups or out_channels % groups:
        raise ValueError(f"channels {channels} -> {out_channels} do not split in {groups} groups")
    out = [output_size(s, k, st, b, a, d)
           for s, k, st, (b, a), d in zip(spatial, kernel, stride, padding, dilation)]
    if min(out) < 1:
        raise ValueError(f"the kernel {kernel} does not fit the padded input {spatial}")
    lead = 3 - rank

    def three(values, fill):
        return [fill] * lead + list(values)

    geo = np.array([channels, *three(spatial, 1), out_channels, *three(out, 1),
                    *three(kernel, 1), *three(stride, 1), *three([b for b, _ in padding], 0),
                    *three(dilation, 1), groups], np.int64)
    assert geo.shape == (_GEO_SIZE,)
    return ConvGeometry(batch, (channels, *spatial), (out_channels, *out), geo)


# --------------------------------------------------------------------------------------------
# Numba kernels
# --------------------------------------------------------------------------------------------

@kernel
def _columns(x, xo, geo, cols, co, ld, scatter):
    """im2col of the example at x[xo:] into the block of cols at co (C*K rows, ld apart, of P
    entries), or, with `scatter`, col2im: add that block into the example."""
    chans, depth, height, width = geo[_C], geo[_D], geo[_H], geo[_W]
    o_d, o_h, o_w = geo[_OD], geo[_OH], geo[_OW]
    k_d, k_h, k_w = geo[_KD], geo[_KH], geo[_KW]
    s_d, s_h, s_w = geo[_SD], geo[_SH], geo[_SW]
    p_d, p_h, p_w = geo[_PD], geo[_PH], geo[_PW]
    d_d, d_h, d_w = geo[_DD], geo[_DH], geo[_DW]
    positions = o_d * o_h * o_w
    zero = zero_of(x[xo])
    row = 0
    for c in range(chans):
        for a in range(k_d):
            for b in range(k_h):
                for e in range(k_w):
                    col_row = span(cols, co + row * ld, positions)
                    # output columns ow whose input column ow*s_w - shift lies in 0..width-1
                    shift = p_w - e * d_w
                    lo = 0 if shift <= 0 else min(o_w, (shift + s_w - 1) // s_w)
                    reach = width + shift
                    hi = 0 if reach <= 0 else min(o_w, (reach + s_w - 1) // s_w)
                    hi = max(hi, lo)
                    count = hi - lo
                    for od in range(o_d):
                        iz = od * s_d - p_d + a * d_d
                        for oh in range(o_h):
                            iy = oh * s_h - p_h + b * d_h
                            dst = span(col_row, (od * o_h + oh) * o_w, o_w)
                            inside = 0 <= iz < depth and 0 <= iy < height
                            if not inside:
                                if not scatter:
                                    for j in range(o_w):
                                        dst[j] = zero
                                continue
                            # the input row from the first column used (lo*s_w - shift >= 0)
                            src = span(x, xo + ((c * depth + iz) * height + iy) * width
                                       + lo * s_w - shift, max(count - 1, 0) * s_w + 1)
                            used = span(dst, lo, count)
                            if scatter:
                                if s_w == 1:
                                    for j in range(count):
                                        src[j] += used[j]
                                else:
                                    for j in range(count):
                                        src[j * s_w] += used[j]
                                continue
                            for j in range(lo):
                                dst[j] = zero
                            if s_w == 1:          # contiguous: vectorised
                                for j in range(count):
                                    used[j] = src[j]
                            else:
                                for j in range(count):
                                    used[j] = src[j * s_w]
                            after = span(dst, hi, o_w - hi)
                            for j in range(o_w - hi):
                                after[j] = zero
                    row += 1


@kernel
def _sizes(geo):
    """(input entries per example, P, C/g*K, O/g, groups)."""
    groups = geo[_GROUPS]
    per_example = geo[_C] * geo[_D] * geo[_H] * geo[_W]
    positions = geo[_OD] * geo[_OH] * geo[_OW]
    group_rows = (geo[_C] // groups) * geo[_KD] * geo[_KH] * geo[_KW]
    return per_example, positions, group_rows, geo[_O] // groups, groups


@kernel
def _tile_columns(x, n0, nb, geo, cols, scatter):
    """im2col of examples n0 .. n0+nb-1 side by side into cols (C*K rows of nb*P), or, with
    `scatter`, col2im of cols into those examples of x (written: zeroed first)."""
    per_example, positions, _, _, _ = _sizes(geo)
    for e in range(nb):
        xo = (n0 + e) * per_example
        if scatter:
            example = span(x, xo, per_example)
            for i in range(per_example):
                example[i] = 0
        _columns(x, xo, geo, cols, e * positions, nb * positions, scatter)


@kernel
def _gather_rows(src, n0, nb, channels, positions, rows):
    """rows (channels, nb*P) <- examples n0 .. of src (B, channels, P)."""
    ld = nb * positions
    for e in range(nb):
        for r in range(channels):
            s = span(src, ((n0 + e) * channels + r) * positions, positions)
            d = span(rows, r * ld + e * positions, positions)
            for j in range(positions):
                d[j] = s[j]


@kernel
def _scatter_rows(rows, n0, nb, channels, positions, bias, dst):
    """Examples n0 .. of dst (B, channels, P) <- rows (channels, nb*P) + bias (if any)."""
    ld = nb * positions
    for e in range(nb):
        for r in range(channels):
            s = span(rows, r * ld + e * positions, positions)
            d = span(dst, ((n0 + e) * channels + r) * positions, positions)
            value = bias[r] if bias.shape[0] > 0 else zero_of(s[0])
            for j in range(positions):
                d[j] = s[j] + value


@kernel
def _rows_from(src, n0, nb, channels, positions, rows):
    """The tile's rows (channels, nb*P) of src (B, channels, P): for one example its block of
    src itself, else gathered into `rows`."""
    if nb == 1:
        return span(src, n0 * channels * positions, channels * positions)
    _gather_rows(src, n0, nb, channels, positions, rows)
    return rows


@kernel
def _rows_into(dst, n0, nb, channels, positions, rows):
    """Where the tile's products for dst (B, channels, P) go: for one example its block of
    dst itself (see `_rows_out`), else `rows`."""
    if nb == 1:
        return span(dst, n0 * channels * positions, channels * positions)
    return rows


@kernel
def _rows_out(rows, n0, nb, channels, positions, bias, dst):
    """dst's examples n0 .. <- the products in rows (see `_rows_into`) plus the bias."""
    if nb == 1:
        _add_biases(n0, nb, bias, channels, positions, dst)
    else:
        _scatter_rows(rows, n0, nb, channels, positions, bias, dst)


@kernel
def _add_biases(n0, nb, bias, channels, positions, out):
    """Add bias[o] to channel o of examples n0 .. of out (B, channels, positions)."""
    if bias.shape[0] == 0:
        return
    for e in range(nb):
        for o in range(channels):
            row = span(out, ((n0 + e) * channels + o) * positions, positions)
            value = bias[o]
            for j in range(positions):
                row[j] += value


@kernel
def _channel_sums(n0, nb, d, channels, positions, d_b, bo):
    """d_b (a chunk's block at bo) += the channel sums of examples n0 .. of d (B, channels,
    positions)."""
    for e in range(nb):
        for o in range(channels):
            row = span(d, ((n0 + e) * channels + o) * positions, positions)
            total = zero_of(row[0])
            for j in range(positions):
                total += row[j]
            d_b[bo + o] += total


@kernel
def _products(kind, geo, ld, w, cols, rows, dcols, d_w, wo):
    """Per group, on a tile of ld = nb*P columns:
    kind 0: rows = W . cols;  1: d_w^T += cols . rows^T;  2: dcols = W^T . rows."""
    _, _, group_rows, group_out, groups = _sizes(geo)
    for g in range(groups):
        w_off, c_off, r_off = g * group_out * group_rows, g * group_rows * ld, g * group_out * ld
        if kind == 0:
            gemm(group_out, ld, group_rows, 1.0, w, w_off, group_rows, False, cols, c_off, ld,
                 False, 0.0, rows, r_off, ld)
        elif kind == 1:          # into d_w^T: see `_weight_gradient`
            gemm(group_rows, group_out, ld, 1.0, cols, c_off, ld, False, rows, r_off, ld, True,
                 1.0, d_w, wo + w_off, group_out)
        else:
            gemm(group_rows, ld, group_out, 1.0, w, w_off, group_rows, True, rows, r_off, ld,
                 False, 0.0, dcols, c_off, ld)


# What a driver does with each tile (a geometry is always the convolution's: its input is the
# deconvolution's output and its output the deconvolution's input).
CONV_FORWARD, CONV_BACKWARD, DECONV_FORWARD, DECONV_BACKWARD = 0, 1, 2, 3


@kernel
def _tile(task, n0, nb, a, b, w, bias, geo, cols, dcols, rows, c, d_w, wo, d_b, bo, kept):
    """One tile (examples n0 .. n0+nb-1) of a task; the roles of a, b and c:
    CONV_FORWARD     a x, c out               CONV_BACKWARD    a x, b d_out, c d_x
    DECONV_FORWARD   a x, c out               DECONV_BACKWARD  a x, b d_out, c d_x
    (the backward tasks with c empty: the weight and bias gradients only)
    cols, dcols, rows, d_w (at wo) and d_b (at bo) are the chunk's; `kept`: cols are the
    tile's block of the whole batch's, kept from the forward pass (CONV_BACKWARD reads
    them instead of rebuilding them)."""
    per_example, positions, _, _, _ = _sizes(geo)
    out_channels, in_channels = geo[_O], geo[_C]
    ld = nb * positions
    if task == CONV_FORWARD:
        _tile_columns(a, n0, nb, geo, cols, False)
        out = _rows_into(c, n0, nb, out_channels, positions, rows)
        _products(0, geo, ld, w, cols, out, dcols, d_w, wo)
        _rows_out(out, n0, nb, out_channels, positions, bias, c)
    elif task == CONV_BACKWARD:
        rows = _rows_from(b, n0, nb, out_channels, positions, rows)
        if not kept:
            _tile_columns(a, n0, nb, geo, cols, False)
        _products(1, geo, ld, w, cols, rows, dcols, d_w, wo)
        if c.shape[0] > 0:                   # (empty: no input gradient wanted)
            _products(2, geo, ld, w, cols, rows, dcols, d_w, wo)
            _tile_columns(c, n0, nb, geo, dcols, True)
        _channel_sums(n0, nb, b, out_channels, positions, d_b, bo)
    elif task == DECONV_FORWARD:
        rows = _rows_from(a, n0, nb, out_channels, positions, rows)
        _products(2, geo, ld, w, cols, rows, dcols, d_w, wo)
        _tile_columns(c, n0, nb, geo, dcols, True)
        _add_biases(n0, nb, bias, in_channels, per_example // in_channels, c)
    else:
        _tile_columns(b, n0, nb, geo, cols, False)
        if c.shape[0] > 0:                   # (empty: no input gradient wanted)
            out = _rows_into(c, n0, nb, out_channels, positions, rows)
            _products(0, geo, ld, w, cols, out, dcols, d_w, wo)
            _rows_out(out, n0, nb, out_channels, positions, bias[:0], c)
        rows = _rows_from(a, n0, nb, out_channels, positions, rows)
        _products(1, geo, ld, w, cols, rows, dcols, d_w, wo)
        _channel_sums(n0, nb, b, in_channels, per_example // in_channels, d_b, bo)


@kernel
def _chunk(task, k, lo, hi, tile, a, b, w, bias, geo, cols, dcols, rows, c, d_w, d_b, chunks,
           kept):
    """Chunk k (examples lo .. hi-1), tile by tile, in its blocks of the scratch and of the
    gradient accumulators; with `kept`, cols hold every example's columns, each tile's
    block at its first example's place."""
    size = 0 if kept else cols.shape[0] // chunks
    r_size = rows.shape[0] // chunks
    dc_size = dcols.shape[0] // chunks
    w_size, b_size = d_w.shape[0] // chunks, d_b.shape[0] // chunks
    my_cols = span(cols, k * size, size)
    my_dcols = span(dcols, k * dc_size, dc_size)
    my_rows = span(rows, k * r_size, r_size)
    _, positions, group_rows, _, groups = _sizes(geo)
    column_size = group_rows * groups * positions          # one example's columns
    for n0 in range(lo, hi, tile):
        nb = min(tile, hi - n0)
        if kept:
            my_cols = span(cols, n0 * column_size, nb * column_size)
        _tile(task, n0, nb, a, b, w, bias, geo, my_cols, my_dcols, my_rows, c,
              d_w, k * w_size, d_b, k * b_size, kept)


# Serial and parallel drivers must be distinct functions (see gru.py: Numba's cache is keyed
# by the function, not by the `parallel` flag).

@kernel
def _run_serial(task, bounds, tile, a, b, w, bias, geo, cols, dcols, rows, c, d_w, d_b,
                kept):
    chunks = bounds.shape[0] - 1
    for k in range(chunks):
        _chunk(task, k, bounds[k], bounds[k + 1], tile, a, b, w, bias, geo, cols, dcols, rows,
               c, d_w, d_b, chunks, kept)


@parallel_kernel
def _run_parallel(task, bounds, tile, a, b, w, bias, geo, cols, dcols, rows, c, d_w, d_b,
                  kept):
    chunks = bounds.shape[0] - 1
    for k in prange(chunks):
        _chunk(task, k, bounds[k], bounds[k + 1], tile, a, b, w, bias, geo, cols, dcols, rows,
               c, d_w, d_b, chunks, kept)


# --------------------------------------------------------------------------------------------
# Wrappers
# --------------------------------------------------------------------------------------------

def _chunks(geometry: ConvGeometry) -> np.ndarray:
    """Bounds of the batch's chunks: one per thread for a big enough call, else one."""
    batch = geometry.batch
    chunks = 1 if batch < 2 or geometry.work < parallel_work() else min(thread_count(), batch)
    return np.array([(c * batch) // chunks for c in range(chunks + 1)], np.int64)


def _flat(a, dtype):
    return writable(np.ascontiguousarray(a, dtype)).reshape(-1)


def _run(task, geometry, a, b, w, bias, c, gradients: bool, kept=None):
    """Run a task over the batch; returns the summed (d_w, d_b) when `gradients`.
    `kept`: (bounds, cols) of the whole batch's columns, written by CONV_FORWARD, read by
    CONV_BACKWARD (see `keeps_columns`)."""
    dtype = w.dtype
    bounds = _chunks(geometry) if kept is None else kept[0]
    chunks = len(bounds) - 1
    tile = geometry.tile
    tile_cols = chunks * tile * geometry.column_size
    if kept is None:
        cols = workspace.take((tile_cols if task != DECONV_FORWARD else 0,), dtype)
    else:
        cols = kept[1]
    dcols = workspace.take((tile_cols if task == DECONV_FORWARD
                            or (task == CONV_BACKWARD and c.size) else 0,), dtype)
    rows = workspace.take((chunks * tile * geometry.positions * geometry.out_shape[0],), dtype)
    channels = geometry.out_shape[0] if task == CONV_BACKWARD else geometry.in_shape[0]
    d_w = np.zeros((chunks, w.size if gradients else 0), dtype)
    d_b = np.zeros((chunks, channels if gradients else 0), dtype)
    driver = _run_parallel if chunks > 1 else _run_serial
    if geometry.batch:
        driver(task, bounds, tile, a, b, w, bias, geometry.geo, cols, dcols, rows, c,
               d_w.reshape(-1), d_b.reshape(-1), kept is not None)
    workspace.give(dcols, rows, *(() if kept is not None else (cols,)))
    return _weight_gradient(d_w.sum(axis=0), geometry), d_b.sum(axis=0)


# The forward pass keeps the whole batch's columns for the backward pass when they take at
# most this many bytes (LeNet's layers at batch 64: 3.7 and 8.2 MB in float32): rebuilding
# them was a fifth of the backward pass there.  Larger layers rebuild them (a ResNet block's
# would be 75 MB per layer in float32).
KEEP_COLUMNS_BYTES = 24 << 20


def keeps_columns(geometry: ConvGeometry, dtype) -> bool:
    return geometry.batch * geometry.column_size * np.dtype(dtype).itemsize \
        <= KEEP_COLUMNS_BYTES


def _weight_gradient(d_w_t, geometry: ConvGeometry):
    """The weight gradient from the kernels' transposed accumulator.

    The products accumulate each group's block transposed, (C/g*K, O/g) in the block's
    place: BLAS runs that orientation of the product (one column-major output of O/g rows)
    1.1-1.4x faster than (O/g, C/g*K) (SciPy's OpenBLAS, measured at the LeNet and ResNet
    layers' shapes), and the transposition after the batch is of the weights' size only."""
    if not d_w_t.size:
        return d_w_t
    groups = int(geometry.geo[_GROUPS])
    group_out = int(geometry.geo[_O]) // groups
    group_rows = d_w_t.size // (groups * group_out)
    return np.ascontiguousarray(
        d_w_t.reshape(groups, group_rows, group_out).transpose(0, 2, 1)).reshape(-1)


_EMPTY = {char: np.zeros(0, char) for char in "fd"}


@dataclass
class ConvCache:
    """What the forward pass keeps for the backward pass (opaque to callers)."""
    x: np.ndarray              # flat
    w: np.ndarray              # flat
    geometry: ConvGeometry     # always the convolution's (see `_tile`)
    w_shape: tuple
    has_bias: bool
    kept: tuple | None = None  # (bounds, the whole batch's columns): see `keeps_columns`
    winograd: bool = False     # the forward pass and the input gradient by `winograd`


def _checked(x):
    x = np.asarray(x)
    if x.dtype.char not in "fd":
        raise ValueError("x must be float32 or float64")
    return x


def _bias(biases, dtype):
    return _EMPTY[dtype.char] if biases is None else _flat(biases, dtype)


def conv_forward(x, weights, biases, stride, padding, dilation, groups=1, keep=True):
    """x (B, C, *S) float32/float64 (the computation's dtype); weights (O, C/groups, *k);
    biases (O,) or None; stride, dilation: ints per spatial dimension; padding: (before,
    after) pairs.  Returns (out (B, O, *S'), cache for conv_backward or None)."""
    x = _checked(x)
    dtype = x.dtype
    geometry = conv_geometry(x.shape, np.shape(weights), stride, padding, dilation, groups)
    xf, wf = _flat(x, dtype), _flat(weights, dtype)
    if winograd.applies(x.shape, np.shape(weights), stride, dilation, groups):
        out = _winograd_module(np.shape(weights)).convolve(xf.reshape(x.shape), wf.reshape(np.shape(weights)),
                               _bias(biases, dtype), [b for b, _ in padding],
                               geometry.out_shape[1:])
        cache = ConvCache(xf, wf, geometry, np.shape(weights), biases is not None,
                          winograd=True) if keep else None
        return out, cache
    out = np.empty((geometry.batch,) + geometry.out_shape, dtype)
    kept = None
    if keep and keeps_columns(geometry, dtype):
        kept = (_chunks(geometry), workspace.take((geometry.batch * geometry.column_size,),
                                                  dtype))
    _run(CONV_FORWARD, geometry, xf, _EMPTY[dtype.char], wf, _bias(biases, dtype),
         out.reshape(-1), False, kept)
    if not keep:
        return out, None
    cache = ConvCache(xf, wf, geometry, np.shape(weights), biases is not None, kept)
    if kept is not None:
        workspace.release_with(cache, kept[1])
    return out, cache


def _winograd_module(w_shape):
    """The Winograd kernels for a kernel size that `winograd.applies` to."""
    return winograd5 if w_shape[2] == 5 else winograd


def _input_gradient_array(shape, dtype, wanted: bool):
    """The input gradient to fill (None and an empty flat array when it is not wanted)."""
    d_x = np.empty(shape, dtype) if wanted else None
    return d_x, (d_x.reshape(-1) if wanted else _EMPTY[np.dtype(dtype).char])


def conv_backward(cache: ConvCache, d_out, input_gradient=True):
    """(d_x like x, d_weights, d_biases or None) for d_out like the forward output; d_x is
    None (and not computed) unless `input_gradient`."""
    geometry, dtype = cache.geometry, cache.x.dtype
    d_out = writable(np.ascontiguousarray(d_out, dtype))
    if d_out.shape != (geometry.batch,) + geometry.out_shape:
        raise ValueError(f"d_out must have shape {(geometry.batch,) + geometry.out_shape}")
    if cache.winograd:
        padding = [int(p) for p in geometry.geo[_PH:_PW + 1]]
        x = cache.x.reshape((geometry.batch,) + geometry.in_shape)
        w = cache.w.reshape(cache.w_shape)
        d_x, d_w = _winograd_module(w.shape).backward(x, d_out, w, padding, input_gradient)
        d_b = d_out.sum(axis=(0, 2, 3)) if cache.has_bias else None
        return d_x, d_w, d_b
    d_x, d_x_flat = _input_gradient_array((geometry.batch,) + geometry.in_shape, dtype,
                                          input_gradient)
    d_w, d_b = _run(CONV_BACKWARD, geometry, cache.x, d_out.reshape(-1), cache.w,
                    _EMPTY[dtype.char], d_x_flat, True, cache.kept)
    return d_x, d_w.reshape(cache.w_shape), d_b if cache.has_bias else None


# --------------------------------------------------------------------------------------------
# Deconvolution (transposed convolution): the adjoint of the convolution in x
# --------------------------------------------------------------------------------------------

def deconv_output_size(size: int, kernel: int, stride: int, before: int, after: int,
                       dilation: int) -> int:
    """The output size along one spatial dimension: the input size a convolution with these
    settings maps to `size`, with `before` and `after` cropped (< 1: nothing is left)."""
    return (size - 1) * stride + dilation * (kernel - 1) + 1 - before - after


def deconv_forward(x, weights, biases, stride, padding, dilation, groups=1, keep=True):
    """x (B, C, *S); weights (C, O/groups, *k); biases (O,) or None; padding: the (before,
    after) crop of each spatial dimension.  Returns (out (B, O, *S'), cache for
    deconv_backward or None), S' by `deconv_output_size`: the gradient of a convolution with
    the same weights and settings, from its output back to its input (torch's
    conv_transpose)."""
    x = _checked(x)
    dtype = x.dtype
    batch, channels, *sizes = x.shape
    w_shape = np.shape(weights)
    out_channels = w_shape[1] * groups
    out_sizes = [deconv_output_size(s, k, st, b, a, d) for s, k, st, (b, a), d
                 in zip(sizes, w_shape[2:], stride, padding, dilation)]
    if len(out_sizes) != len(sizes) or min(out_sizes, default=0) < 1:
        raise ValueError(f"the deconvolution of {sizes} leaves no output ({out_sizes})")
    # the convolution whose input gradient this is: input (O, S'), output (C, S)
    geometry = conv_geometry((batch, out_channels, *out_sizes), w_shape, stride, padding,
                             dilation, groups)
    if geometry.out_shape != (channels, *sizes):
        raise ValueError(f"inconsistent deconvolution sizes: {geometry.out_shape}, {x.shape}")
    xf, wf = _flat(x, dtype), _flat(weights, dtype)
    out = np.empty((batch, out_channels, *out_sizes), dtype)
    _run(DECONV_FORWARD, geometry, xf, _EMPTY[dtype.char], wf, _bias(biases, dtype),
         out.reshape(-1), False)
    cache = ConvCache(xf, wf, geometry, w_shape, biases is not None) if keep else None
    return out, cache


def deconv_backward(cache: ConvCache, d_out, input_gradient=True):
    """(d_x like x, d_weights, d_biases or None) for d_out like deconv_forward's output; d_x
    is None (and not computed) unless `input_gradient`."""
    geometry, dtype = cache.geometry, cache.x.dtype
    d_out = writable(np.ascontiguousarray(d_out, dtype))
    if d_out.shape != (geometry.batch,) + geometry.in_shape:
        raise ValueError(f"d_out must have shape {(geometry.batch,) + geometry.in_shape}")
    d_x, d_x_flat = _input_gradient_array((geometry.batch,) + geometry.out_shape, dtype,
                                          input_gradient)
    d_w, d_b = _run(DECONV_BACKWARD, geometry, cache.x, d_out.reshape(-1), cache.w,
                    _EMPTY[dtype.char], d_x_flat, True)
    return d_x, d_w.reshape(cache.w_shape), d_b if cache.has_bias else None
