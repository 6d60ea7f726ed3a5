"""3x3 and 5x5, stride-1 two-dimensional convolutions by Winograd's minimal filtering
F(2x2, 3x3) and F(2x2, 5x5) (Lavin and Gray, "Fast Algorithms for Convolutional Neural
Networks", 2015).  Described for 3x3 first; 5x5 below.

The output is cut into 2x2 tiles; each tile is computed from the 4x4 input patch under it as

    Y = A^T [ (G g G^T) ⊙ (B^T d B) ] A          (summed over the input channels)

so that, after transforming the weights (U = G g G^T, 16 numbers per kernel) and every input
patch (V = B^T d B), the channel sums are 16 independent matrix products
M[ξ] (O x T) = U[ξ] (O x C) . V[ξ] (C x T) over all T tiles, one per position ξ of the 4x4
transform: 16 multiply-adds per 4 outputs and channel pair instead of 36 (2.25x fewer).  The
transforms' coefficients are 0, ±1 and ±1/2, so the rounding error stays that of a few
additions (float64 results agree with a direct convolution to ~1e-15 relative).

ResNet-style layers (3x3, padding 1, 64 channels and more) spend nearly all their time in
these products, so this is ~2x faster than im2col + one product there (see BENCHMARKS.md).
`applies` says which convolutions take this path; the layer's input gradient is the same kind
of convolution (the output gradient with the kernels flipped and the channels swapped), so it
uses this path too, and so does the weight gradient, by the transposed relation: with
dZ = A dY A^T per tile (`_gradient_transform`), dU[ξ] (O x C) = sum over tiles of dZ[ξ] V[ξ]^T
(16 products again) and dg = G^T dU G (`weight_gradient`; see `convolution.conv_backward`).

F(2x2, 5x5) (`TRANSFORMS`) is the same with 6x6 patches: 36 products, 36 multiply-adds per
4 outputs and channel pair instead of 100 (2.8x fewer); LeNet's second layer (20 -> 50
channels, 12x12 -> 8x8) spends most of a training step's convolution time there.  Its
kernels are in `winograd5.py` (examples side by side in blocks, transforms unrolled across
them; its input gradient is the forward pass transposed on the forward pass's own tiles,
because the flipped convolution would pad the output gradient by 4 and take 2.25x as many
tiles at 8x8).  Its float32 error is ~4-10x the direct convolution's (coefficients up to 4:
see `TRANSFORMS` and the tests); float64 agrees with a direct convolution to ~1e-14.
This module's kernels below are F(2x2, 3x3)'s.

Layout: x (B, C, H, W); weights (O, C, r, r); out (B, O, OH, OW).  Padding before may be any
integer (negative: rows or columns cut off), the output size is given; everything outside the
input reads as zero.  The tiles are taken in groups of about TILES (WEIGHT_TILES for the
weight gradient): whole examples, or rows of tiles of one example when an example has more;
per group: each input plane is copied into a zero-bordered plane (`_padded_plane`) so that
the transforms run without bounds checks, V is [n²][C][T], M is [n²][O][T] (their slabs
SLAB_PAD apart), and the output transform writes a plane per output channel, cropped into
out with the bias added.  Threads take contiguous chunks of the batch, each with its own
scratch (and, for the weight gradient, its own accumulators, summed after the call).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import prange

from . import _workspace as workspace
from ._jit import kernel, parallel_kernel, thread_count
from ._linalg import gemm, span, zero_of
from .gru import parallel_work

# Tiles per group of examples: the group's V and M (n² entries per tile and channel) stay
# in the caches between the transforms and the products.
TILES = 128
# ... and for the weight gradient, whose products sum over the tiles (longer sums run faster)
WEIGHT_TILES = 256

# The fewest channels on either side for this path to pay (below, the products are too thin
# for BLAS and im2col's single product wins).
MIN_CHANNELS = 8

# The fewest examples for the 5x5 path (`winograd5`: examples side by side in blocks of
# winograd5.LANES, a last block's missing ones computed as zeros): smaller batches (one
# example evaluated alone) are cheaper by im2col.
MIN_BATCH_5X5 = 8


def applies(x_shape, w_shape, stride, dilation, groups) -> bool:
    """Whether the convolution of x_shape (B, C, H, W) by w_shape is one this module does:
    square kernels of a size in TRANSFORMS, stride 1, no dilation, no groups, and at least
    MIN_CHANNELS channels on either side (2-d only)."""
    return (len(x_shape) == 4 and len(w_shape) == 4 and w_shape[2] == w_shape[3]
            and w_shape[2] in TRANSFORMS and tuple(stride) == (1, 1)
            and tuple(dilation) == (1, 1) and groups == 1
            and min(w_shape[0], w_shape[1]) >= MIN_CHANNELS
            and (w_shape[2] == 3 or x_shape[0] >= MIN_BATCH_5X5))


@dataclass(frozen=True)
class Transform:
    """F(2x2, r x r): 2x2 outputs from n x n input patches, n = r + 1, by
    Y = A^T [(G g G^T) ⊙ (B^T d B)] A.  The matrices come from Toom-Cook interpolation at the
    points 0, ±1 (and ±1/2 for r = 5) and infinity; `tests/kernels/test_convolution.py`
    checks that they compute the correlation exactly (in rationals)."""
    size: int                  # r
    bt: tuple                  # B^T, n x n (rows)
    at: tuple                  # A^T, 2 x n
    g: tuple                   # G, n x r

    @property
    def tile(self) -> int:     # n
        return self.size + 1


# F(2x2, 5x5) at 0, ±1, ±1/2, ∞: coefficients of at most 4 in magnitude (with ±2 instead of
# ±1/2, B^T holds 4 and 5 and G 1/24; the same conditioning, scaled differently), so float32
# results stay within a few ulps of the sums' size of the direct convolution's.
# 36 multiply-adds per 4 outputs and channel pair instead of 100 (2.8x fewer).
TRANSFORMS = {
    3: Transform(3,
                 bt=((1, 0, -1, 0), (0, 1, 1, 0), (0, -1, 1, 0), (0, 1, 0, -1)),
                 at=((1, 1, 1, 0), (0, 1, -1, -1)),
                 g=((1, 0, 0), (.5, .5, .5), (.5, -.5, .5), (0, 0, 1))),
    5: Transform(5,
                 bt=((1 / 4, 0, -5 / 4, 0, 1, 0), (0, -1 / 4, -1 / 4, 1, 1, 0),
                     (0, 1 / 4, -1 / 4, -1, 1, 0), (0, -1 / 2, -1, 1 / 2, 1, 0),
                     (0, 1 / 2, -1, -1 / 2, 1, 0), (0, 1 / 4, 0, -5 / 4, 0, 1)),
                 at=((1, 1, 1, 1, 1, 0), (0, 1, -1, 1 / 2, -1 / 2, 1)),
                 g=((4, 0, 0, 0, 0), (2 / 3, 2 / 3, 2 / 3, 2 / 3, 2 / 3),
                    (2 / 3, -2 / 3, 2 / 3, -2 / 3, 2 / 3),
                    (-8 / 3, -4 / 3, -2 / 3, -1 / 3, -1 / 6),
                    (-8 / 3, 4 / 3, -2 / 3, 1 / 3, -1 / 6), (0, 0, 0, 0, 1))),
}


@kernel
def _weight_transform(w, out_ch, in_ch, u):
    """u[ξ][o][c] = (G g G^T)[ξ] for g = w[o, c] (3x3), G = [[1,0,0], [½,½,½], [½,-½,½],
    [0,0,1]]."""
    plane = out_ch * in_ch
    half = w[0] * 0 + 0.5
    t = np.empty((4, 3), w.dtype)                   # G g
    for o in range(out_ch):
        for c in range(in_ch):
            g = span(w, (o * in_ch + c) * 9, 9)
            for k in range(3):
                t[0, k] = g[k]
                t[1, k] = half * (g[k] + g[3 + k] + g[6 + k])
                t[2, k] = half * (g[k] - g[3 + k] + g[6 + k])
                t[3, k] = g[6 + k]
            for a in range(4):                      # (G g) G^T
                row = (a * 4) * plane + o * in_ch + c
                u[row] = t[a, 0]
                u[row + plane] = half * (t[a, 0] + t[a, 1] + t[a, 2])
                u[row + 2 * plane] = half * (t[a, 0] - t[a, 1] + t[a, 2])
                u[row + 3 * plane] = t[a, 2]


@kernel
def _padded_plane(x, xo, height, width, top, left, p, p_width, p_height):
    """p (p_height x p_width) <- the plane at x[xo:] (height x width) placed with its row 0
    at p's row `top` and column 0 at `left` (either may be negative), zero elsewhere."""
    zero = zero_of(p[0])
    for r in range(p_height):
        dst = span(p, r * p_width, p_width)
        src_row = r - top
        if src_row < 0 or src_row >= height:
            for k in range(p_width):
                dst[k] = zero
            continue
        lo = min(max(left, 0), p_width)               # first column taken from x
        hi = max(min(left + width, p_width), lo)
        for k in range(lo):
            dst[k] = zero
        src = span(x, xo + src_row * width + (lo - left), hi - lo)
        used = span(dst, lo, hi - lo)
        for k in range(hi - lo):
            used[k] = src[k]
        for k in range(hi, p_width):
            dst[k] = zero


@kernel
def _input_transform(p, p_width, tiles_h, tiles_w, v, vo, stride):
    """V[ξ] at v[vo + ξ*stride + tile] = (B^T d B)[ξ] for each tile's 4x4 patch d of the padded
    plane p (tiles_h rows of tiles_w tiles), B^T = [[1,0,-1,0], [0,1,1,0], [0,-1,1,0],
    [0,1,0,-1]]."""
    for i in range(tiles_h):
        r0 = span(p, (2 * i) * p_width, p_width)
        r1 = span(p, (2 * i + 1) * p_width, p_width)
        r2 = span(p, (2 * i + 2) * p_width, p_width)
        r3 = span(p, (2 * i + 3) * p_width, p_width)
        base = vo + i * tiles_w
        for j in range(tiles_w):
            k = 2 * j
            # B^T d: four rows of four
            a0 = r0[k] - r2[k]
            a1 = r0[k + 1] - r2[k + 1]
            a2 = r0[k + 2] - r2[k + 2]
            a3 = r0[k + 3] - r2[k + 3]
            b0 = r1[k] + r2[k]
            b1 = r1[k + 1] + r2[k + 1]
            b2 = r1[k + 2] + r2[k + 2]
            b3 = r1[k + 3] + r2[k + 3]
            c0 = r2[k] - r1[k]
            c1 = r2[k + 1] - r1[k + 1]
            c2 = r2[k + 2] - r1[k + 2]
            c3 = r2[k + 3] - r1[k + 3]
            e0 = r1[k] - r3[k]
            e1 = r1[k + 1] - r3[k + 1]
            e2 = r1[k + 2] - r3[k + 2]
            e3 = r1[k + 3] - r3[k + 3]
            t = base + j
            # (.) B: the same combinations of the columns
            v[t] = a0 - a2
            v[t + stride] = a1 + a2
            v[t + 2 * stride] = a2 - a1
            v[t + 3 * stride] = a1 - a3
            v[t + 4 * stride] = b0 - b2
            v[t + 5 * stride] = b1 + b2
            v[t + 6 * stride] = b2 - b1
            v[t + 7 * stride] = b1 - b3
            v[t + 8 * stride] = c0 - c2
            v[t + 9 * stride] = c1 + c2
            v[t + 10 * stride] = c2 - c1
            v[t + 11 * stride] = c1 - c3
            v[t + 12 * stride] = e0 - e2
            v[t + 13 * stride] = e1 + e2
            v[t + 14 * stride] = e2 - e1
            v[t + 15 * stride] = e1 - e3


@kernel
def _output_transform(m, mo, stride, tiles_h, tiles_w, q, q_width, tmp):
    """The plane q (2 tiles_h x q_width) <- A^T M A per tile from M[ξ] at m[mo + ξ*stride +
    tile], A^T = [[1,1,1,0], [0,1,-1,-1]]: per row of tiles, A^T M for all the row's tiles
    into eight rows of `tmp`, then the two column combinations (vectorising loops)."""
    for i in range(tiles_h):
        base = mo + i * tiles_w
        for b in range(4):
            top = span(tmp, b * tiles_w, tiles_w)              # rows 0+1+2
            low = span(tmp, (4 + b) * tiles_w, tiles_w)        # rows 1-2-3
            m0 = span(m, base + b * stride, tiles_w)
            m1 = span(m, base + (4 + b) * stride, tiles_w)
            m2 = span(m, base + (8 + b) * stride, tiles_w)
            m3 = span(m, base + (12 + b) * stride, tiles_w)
            for j in range(tiles_w):
                top[j] = m0[j] + m1[j] + m2[j]
                low[j] = m1[j] - m2[j] - m3[j]
        for r in range(2):
            y = span(q, (2 * i + r) * q_width, q_width)
            c0 = span(tmp, 4 * r * tiles_w, tiles_w)
            c1 = span(tmp, (4 * r + 1) * tiles_w, tiles_w)
            c2 = span(tmp, (4 * r + 2) * tiles_w, tiles_w)
            c3 = span(tmp, (4 * r + 3) * tiles_w, tiles_w)
            for j in range(tiles_w):
                y[2 * j] = c0[j] + c1[j] + c2[j]
                y[2 * j + 1] = c1[j] - c2[j] - c3[j]


# Scratch strides between the 16 slabs of V and M are padded by this many entries: a stride
# of a power of two puts the 16 streams of the transforms into the same cache sets.
SLAB_PAD = 48


@kernel
def _group_inputs(x, n0, nb, i0, rows, dims, p, v):
    """V of tile rows i0 .. i0+rows-1 of examples n0 .. n0+nb-1 (see `_group`): per plane,
    copied into the zero-bordered p, per tile, unrolled."""
    in_ch, height, width, out_w, top, left = (dims[0], dims[1], dims[2], dims[5], dims[6],
                                              dims[7])
    tiles_w = (out_w + 1) // 2
    per_example = rows * tiles_w
    tiles = nb * per_example
    p_height, p_width = 2 * rows + 2, 2 * tiles_w + 2
    stride = in_ch * tiles + SLAB_PAD
    for e in range(nb):
        for c in range(in_ch):
            _padded_plane(x, ((n0 + e) * in_ch + c) * height * width, height, width,
                          top - 2 * i0, left, p, p_width, p_height)
            _input_transform(p, p_width, rows, tiles_w, v, c * tiles + e * per_example,
                             stride)


@kernel
def _gradient_transform(q, q_width, tiles_h, tiles_w, m, mo, stride):
    """M[ξ] at m[mo + ξ*stride + tile] = (A dY A^T)[ξ] for each tile's 2x2 output gradient
    dY in the plane q (2 tiles_h x q_width), A^T = [[1,1,1,0], [0,1,-1,-1]]: the transform
    that carries an output gradient back to U's (the transpose of `_output_transform`)."""
    for i in range(tiles_h):
        y0 = span(q, (2 * i) * q_width, q_width)
        y1 = span(q, (2 * i + 1) * q_width, q_width)
        base = mo + i * tiles_w
        for j in range(tiles_w):
            a0, a1 = y0[2 * j], y0[2 * j + 1]
            c0, c1 = y1[2 * j], y1[2 * j + 1]
            # A dY: four rows of two
            r0, r1 = a0, a1
            s0, s1 = a0 + c0, a1 + c1
            t0, t1 = a0 - c0, a1 - c1
            u0, u1 = -c0, -c1
            t = base + j
            m[t] = r0
            m[t + stride] = r0 + r1
            m[t + 2 * stride] = r0 - r1
            m[t + 3 * stride] = -r1
            m[t + 4 * stride] = s0
            m[t + 5 * stride] = s0 + s1
            m[t + 6 * stride] = s0 - s1
            m[t + 7 * stride] = -s1
            m[t + 8 * stride] = t0
            m[t + 9 * stride] = t0 + t1
            m[t + 10 * stride] = t0 - t1
            m[t + 11 * stride] = -t1
            m[t + 12 * stride] = u0
            m[t + 13 * stride] = u0 + u1
            m[t + 14 * stride] = u0 - u1
            m[t + 15 * stride] = -u1


@kernel
def _weight_group(x, d_out, n0, nb, i0, rows, dims, d_u, p, q, v, m):
    """d_u[ξ] (O x C) += the products of the tiles' transformed output gradients and inputs,
    for tile rows i0 .. i0+rows-1 of examples n0 .. n0+nb-1."""
    in_ch, out_ch, out_w = dims[0], dims[3], dims[5]
    tiles_w = (out_w + 1) // 2
    per_example = rows * tiles_w
    tiles = nb * per_example
    v_stride, m_stride = in_ch * tiles + SLAB_PAD, out_ch * tiles + SLAB_PAD
    _group_inputs(x, n0, nb, i0, rows, dims, p, v)
    _group_gradients(d_out, n0, nb, i0, rows, dims, q, m)
    for xi in range(16):
        gemm(out_ch, in_ch, tiles, 1.0, m, xi * m_stride, tiles, False, v, xi * v_stride,
             tiles, True, 1.0, d_u, xi * out_ch * in_ch, in_ch)


@kernel
def _group_gradients(d_out, n0, nb, i0, rows, dims, q, m):
    """M[ξ][o][tile] = (A dY A^T)[ξ] of the output gradient's tiles, tile rows i0 ..
    i0+rows-1 of examples n0 .. n0+nb-1 (M laid out as in `_group`)."""
    out_ch, out_h, out_w = dims[3], dims[4], dims[5]
    tiles_w = (out_w + 1) // 2
    per_example = rows * tiles_w
    tiles = nb * per_example
    m_stride = out_ch * tiles + SLAB_PAD
    q_width = 2 * tiles_w
    for o in range(out_ch):
        for e in range(nb):
            # the output gradient's rows 2 i0 .. of this channel, zero beyond the output
            _padded_plane(d_out, ((n0 + e) * out_ch + o) * out_h * out_w, out_h, out_w,
                          -2 * i0, 0, q, q_width, 2 * rows)
            _gradient_transform(q, q_width, rows, tiles_w, m, o * tiles + e * per_example,
                                m_stride)


@kernel
def _weights_from_transformed(d_u, out_ch, in_ch, d_w):
    """d_w[o, c] (3x3) = G^T d_u[·][o][c] G, the gradient through U = G g G^T."""
    plane = out_ch * in_ch
    half = d_u[0] * 0 + 0.5
    t = np.empty((3, 4), d_u.dtype)                 # G^T M
    for o in range(out_ch):
        for c in range(in_ch):
            at = o * in_ch + c
            for b in range(4):
                m0, m1 = d_u[b * plane + at], d_u[(4 + b) * plane + at]
                m2, m3 = d_u[(8 + b) * plane + at], d_u[(12 + b) * plane + at]
                t[0, b] = m0 + half * (m1 + m2)
                t[1, b] = half * (m1 - m2)
                t[2, b] = half * (m1 + m2) + m3
            g = span(d_w, at * 9, 9)
            for a in range(3):                      # (G^T M) G
                g[3 * a] = t[a, 0] + half * (t[a, 1] + t[a, 2])
                g[3 * a + 1] = half * (t[a, 1] - t[a, 2])
                g[3 * a + 2] = half * (t[a, 1] + t[a, 2]) + t[a, 3]


@kernel
def _group(x, n0, nb, i0, rows, dims, u, bias, out, p, q, v, m):
    """Tile rows i0 .. i0+rows-1 of examples n0 .. n0+nb-1: the input transform, the 16
    products, the output transform (T = nb*rows*tiles_w tiles)."""
    in_ch, out_ch, out_h, out_w = dims[0], dims[3], dims[4], dims[5]
    tiles_w = (out_w + 1) // 2
    per_example = rows * tiles_w
    tiles = nb * per_example
    v_stride, m_stride = in_ch * tiles + SLAB_PAD, out_ch * tiles + SLAB_PAD
    _group_inputs(x, n0, nb, i0, rows, dims, p, v)
    for xi in range(16):
        gemm(out_ch, tiles, in_ch, 1.0, u, xi * out_ch * in_ch, in_ch, False, v,
             xi * v_stride, tiles, False, 0.0, m, xi * m_stride, tiles)
    q_width = 2 * tiles_w
    first, last = 2 * i0, min(2 * (i0 + rows), out_h)
    tmp = np.empty(8 * tiles_w, x.dtype)
    for e in range(nb):
        for o in range(out_ch):
            mo = o * tiles + e * per_example
            _output_transform(m, mo, m_stride, rows, tiles_w, q, q_width, tmp)
            value = bias[o] if bias.shape[0] > 0 else zero_of(q[0])
            plane = ((n0 + e) * out_ch + o) * out_h * out_w
            for r in range(first, last):
                src = span(q, (r - first) * q_width, out_w)
                row = span(out, plane + r * out_w, out_w)
                for k in range(out_w):
                    row[k] = src[k] + value


@kernel
def _chunk(task, k, lo, hi, group, x, dims, u, bias, out, acc, scratch, sizes, chunks):
    """Chunk k (examples lo .. hi-1) in its own block of the scratch, in groups of
    `group` examples, or (group < 0) of -group tile rows of one example.  Task 0: the
    forward pass (u the transformed weights, out written); task 1: the weight gradient (out
    the output gradient, read; acc the chunks' transformed-gradient accumulators)."""
    per_chunk = sizes[0] + sizes[1] + sizes[2] + sizes[3]
    base = k * per_chunk
    p = span(scratch, base, sizes[0])
    q = span(scratch, base + sizes[0], sizes[1])
    v = span(scratch, base + sizes[0] + sizes[1], sizes[2])
    m = span(scratch, base + sizes[0] + sizes[1] + sizes[2], sizes[3])
    if task > 0:
        size = acc.shape[0] // chunks
        acc = span(acc, k * size, size)
    tiles_h = (dims[4] + 1) // 2
    step = group if group > 0 else 1
    rows = tiles_h if group > 0 else -group
    for n0 in range(lo, hi, step):
        nb = min(step, hi - n0)
        for i0 in range(0, tiles_h, rows):
            count = min(rows, tiles_h - i0)
            if task == 0:
                _group(x, n0, nb, i0, count, dims, u, bias, out, p, q, v, m)
            else:
                _weight_group(x, out, n0, nb, i0, count, dims, acc, p, q, v, m)


@kernel
def _run_serial(task, bounds, group, x, dims, u, bias, out, acc, scratch, sizes):
    chunks = bounds.shape[0] - 1
    for k in range(chunks):
        _chunk(task, k, bounds[k], bounds[k + 1], group, x, dims, u, bias, out, acc, scratch,
               sizes, chunks)


@parallel_kernel
def _run_parallel(task, bounds, group, x, dims, u, bias, out, acc, scratch, sizes):
    chunks = bounds.shape[0] - 1
    for k in prange(chunks):
        _chunk(task, k, bounds[k], bounds[k + 1], group, x, dims, u, bias, out, acc, scratch,
               sizes, chunks)


@dataclass(frozen=True)
class _Plan:
    """How a call is cut: threads' chunks of the batch, groups, scratch sizes."""
    bounds: np.ndarray
    group: int                 # examples per group, or -(tile rows per group)
    sizes: np.ndarray          # scratch entries per chunk: p, q, v, m
    dims: np.ndarray

    @property
    def chunks(self) -> int:
        return len(self.bounds) - 1


def _plan(x_shape, out_ch, padding, out_size, tiles_wanted) -> _Plan:
    batch, in_ch, height, width = x_shape
    out_h, out_w = out_size
    tiles_h, tiles_w = (out_h + 1) // 2, (out_w + 1) // 2
    per_example = tiles_h * tiles_w
    if per_example <= tiles_wanted:      # whole examples per group
        group = max(1, min(batch, tiles_wanted // per_example))
        rows, tiles = tiles_h, group * per_example
    else:                                # tile rows of one example per group
        rows = max(1, tiles_wanted // tiles_w)
        group, tiles = -rows, rows * tiles_w
    sizes = np.array([(2 * rows + 2) * (2 * tiles_w + 2), 4 * rows * tiles_w,
                      16 * (in_ch * tiles + SLAB_PAD), 16 * (out_ch * tiles + SLAB_PAD)],
                     np.int64)
    work = batch * out_ch * in_ch * 16 * per_example
    chunks = 1 if batch < 2 or work < parallel_work() else min(thread_count(), batch)
    bounds = np.array([(c * batch) // chunks for c in range(chunks + 1)], np.int64)
    dims = np.array([in_ch, height, width, out_ch, out_h, out_w, padding[0], padding[1]],
                    np.int64)
    return _Plan(bounds, group, sizes, dims)


def _run(task, plan: _Plan, x, u, bias, out, acc=None):
    scratch = workspace.take((plan.chunks * int(plan.sizes.sum()),), x.dtype)
    driver = _run_parallel if plan.chunks > 1 else _run_serial
    acc = np.zeros(0, x.dtype) if acc is None else acc
    if x.shape[0]:
        driver(task, plan.bounds, plan.group, x.reshape(-1), plan.dims, u, bias,
               out.reshape(-1), acc, scratch, plan.sizes)
    workspace.give(scratch)


def convolve(x, weights, bias, padding, out_size):
    """out (B, O, *out_size) = the stride-1 3x3 convolution of x (B, C, H, W), contiguous
    float32/float64, by weights (O, C, 3, 3) (x's dtype) plus bias (O,) (empty: none);
    padding: the rows and columns before (may be negative).  (5x5: `winograd5`.)"""
    out_ch = weights.shape[0]
    plan = _plan(x.shape, out_ch, padding, out_size, TILES)
    out = np.empty((x.shape[0], out_ch) + tuple(out_size), x.dtype)
    _run(0, plan, x, _transformed_weights(weights, x.dtype), bias, out)
    return out


def _transformed_weights(weights, dtype):
    """U = G g G^T of each 3x3 kernel, [ξ][o][c] flat."""
    out_ch, in_ch = weights.shape[:2]
    u = np.empty(16 * out_ch * in_ch, dtype)
    _weight_transform(np.ascontiguousarray(weights, dtype).reshape(-1), out_ch, in_ch, u)
    return u


def weight_gradient(x, d_out, padding):
    """d_weights (O, C, 3, 3) of convolve(x, weights, _, padding, _) for its output gradient
    d_out (B, O, OH, OW) (contiguous, x's dtype): G^T (the chunks' dU accumulators summed) G."""
    out_ch, in_ch = d_out.shape[1], x.shape[1]
    plan = _plan(x.shape, out_ch, padding, d_out.shape[2:], WEIGHT_TILES)
    d_u = np.zeros(plan.chunks * 16 * out_ch * in_ch, x.dtype)
    _run(1, plan, x, d_u[:0], d_u[:0], d_out, d_u)
    d_w = np.empty((out_ch, in_ch, 3, 3), x.dtype)
    _weights_from_transformed(d_u.reshape(plan.chunks, -1).sum(axis=0), out_ch, in_ch,
                              d_w.reshape(-1))
    return d_w


def _input_gradient(d_out, weights, padding, in_size):
    """d_x (B, C, *in_size) of the 3x3 convolution convolve(x, weights, _, padding, _) for
    its output gradient d_out (B, O, OH, OW): the convolution of d_out by the flipped kernels
    with the channels swapped, padded by 2 - padding before."""
    flipped = np.ascontiguousarray(weights.transpose(1, 0, 2, 3)[:, :, ::-1, ::-1])
    return convolve(d_out, flipped, np.zeros(0, d_out.dtype), (2 - padding[0], 2 - padding[1]),
                    in_size)


def backward(x, d_out, weights, padding, input_gradient=True):
    """(d_x or None, d_weights) of the 3x3 convolve(x, weights, _, padding, _) for its
    output gradient d_out (B, O, OH, OW) (contiguous, x's dtype); d_x only if
    `input_gradient`."""
    d_x = _input_gradient(d_out, weights, padding, x.shape[2:]) if input_gradient else None
    return d_x, weight_gradient(x, d_out, padding)
