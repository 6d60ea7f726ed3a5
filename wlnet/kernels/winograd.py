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
transforms run on a group's tiles at once (`_combine`: one vector per position and channel,
after `_gather_patches`), not tile by tile as the unrolled 3x3 ones; its input gradient is
the forward pass transposed on the forward pass's own tiles (`_backward_group`:
dV[ξ] = U[ξ]^T dM[ξ], then B dV B^T added into the input's planes), because the flipped
convolution would pad the output gradient by 4 and take 2.25x as many tiles at 8x8.  Its
float32 error is ~4-8x the direct convolution's (coefficients up to 4: see `TRANSFORMS` and
the tests); float64 agrees with a direct convolution to ~1e-14.

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


def applies(x_shape, w_shape, stride, dilation, groups) -> bool:
    """Whether the convolution of x_shape (B, C, H, W) by w_shape is one this module does:
    square kernels of a size in TRANSFORMS, stride 1, no dilation, no groups, and at least
    MIN_CHANNELS channels on either side (2-d only)."""
    return (len(x_shape) == 4 and len(w_shape) == 4 and w_shape[2] == w_shape[3]
            and w_shape[2] in TRANSFORMS and tuple(stride) == (1, 1)
            and tuple(dilation) == (1, 1) and groups == 1
            and min(w_shape[0], w_shape[1]) >= MIN_CHANNELS)


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

    def arrays(self, dtype):
        """(B^T, A^T, G, A, B) flat, row-major, in dtype (for the kernels)."""
        at, bt = np.array(self.at, dtype), np.array(self.bt, dtype)
        return tuple(np.ascontiguousarray(m).reshape(-1)
                     for m in (bt, at, np.array(self.g, dtype), at.T, bt.T))


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


# The same four transforms for any tile size n from the matrices (flat, row-major, in x's
# dtype): loops over rows of tiles, vectorising along the rows; zero coefficients skipped.
# F(2x2, 3x3) keeps its unrolled forms above (its ResNet layers are ~2x faster with them).

@kernel
def _weight_transform_any(w, out_ch, in_ch, g, r, u):
    """u[ξ][o][c] = (G g G^T)[ξ] for each r x r kernel of w, G (n x r)."""
    n, plane = r + 1, out_ch * in_ch
    t = np.empty((n, r), w.dtype)                   # G g
    for o in range(out_ch):
        for c in range(in_ch):
            kern = span(w, (o * in_ch + c) * r * r, r * r)
            for a in range(n):
                for col in range(r):
                    total = zero_of(t[0, 0])
                    for k in range(r):
                        total += g[a * r + k] * kern[k * r + col]
                    t[a, col] = total
            for a in range(n):                      # (G g) G^T
                for b in range(n):
                    total = zero_of(t[0, 0])
                    for col in range(r):
                        total += t[a, col] * g[b * r + col]
                    u[(a * n + b) * plane + o * in_ch + c] = total


@kernel
def _combine(coef, rows, cols, src, src_off, src_step, dst, dst_off, dst_step, length):
    """dst vector i = sum over k of coef[i, k] (rows x cols, flat) times src vector k, for
    i < rows; vector k of src starts at src_off + k*src_step, of dst at dst_off + i*dst_step,
    each `length` long (a group's tiles: long loops that vectorise; zero terms skipped)."""
    for i in range(rows):
        out = span(dst, dst_off + i * dst_step, length)
        first = True
        for k in range(cols):
            c = coef[i * cols + k]
            if c == 0:
                continue
            vec = span(src, src_off + k * src_step, length)
            if first:
                for t in range(length):
                    out[t] = c * vec[t]
                first = False
            else:
                for t in range(length):
                    out[t] += c * vec[t]
        if first:
            for t in range(length):
                out[t] = zero_of(out[0])


@kernel
def _gather_patches(p, p_width, tiles_h, tiles_w, n, d, tiles, to):
    """d[k*n + l][to + tile] = entry (k, l) of each tile's n x n patch of the padded plane p
    (tiles_h rows of tiles_w tiles, tile = i*tiles_w + j at rows 2i.., columns 2j..), for
    d's vectors `tiles` apart."""
    for i in range(tiles_h):
        for k in range(n):
            src = span(p, (2 * i + k) * p_width, p_width)
            for j in range(tiles_w):
                at = to + i * tiles_w + j
                for col in range(n):
                    d[(k * n + col) * tiles + at] = src[2 * j + col]


@kernel
def _weights_from_transformed_any(d_u, out_ch, in_ch, g, r, d_w):
    """d_w[o, c] (r x r) = G^T d_u[·][o][c] G, the gradient through U = G g G^T."""
    n, plane = r + 1, out_ch * in_ch
    t = np.empty((r, n), d_u.dtype)                 # G^T M
    for o in range(out_ch):
        for c in range(in_ch):
            at_ = o * in_ch + c
            for k in range(r):
                for b in range(n):
                    total = zero_of(t[0, 0])
                    for a in range(n):
                        total += g[a * r + k] * d_u[(a * n + b) * plane + at_]
                    t[k, b] = total
            kern = span(d_w, at_ * r * r, r * r)
            for k in range(r):                      # (G^T M) G
                for col in range(r):
                    total = zero_of(t[0, 0])
                    for b in range(n):
                        total += t[k, b] * g[b * r + col]
                    kern[k * r + col] = total


# Scratch strides between the 16 slabs of V and M are padded by this many entries: a stride
# of a power of two puts the 16 streams of the transforms into the same cache sets.
SLAB_PAD = 48


@kernel
def _group_inputs(x, n0, nb, i0, rows, dims, mats, p, v):
    """V of tile rows i0 .. i0+rows-1 of examples n0 .. n0+nb-1 (see `_group`)."""
    in_ch, height, width, out_w, top, left, n = (dims[0], dims[1], dims[2], dims[5],
                                                 dims[6], dims[7], dims[8] + 1)
    tiles_w = (out_w + 1) // 2
    per_example = rows * tiles_w
    tiles = nb * per_example
    p_height, p_width = 2 * rows + n - 2, 2 * tiles_w + n - 2
    stride = in_ch * tiles + SLAB_PAD
    if n == 4:                          # per tile, unrolled
        for e in range(nb):
            for c in range(in_ch):
                _padded_plane(x, ((n0 + e) * in_ch + c) * height * width, height, width,
                              top - 2 * i0, left, p, p_width, p_height)
                _input_transform(p, p_width, rows, tiles_w, v, c * tiles + e * per_example,
                                 stride)
        return
    # per channel: the group's patches gathered (d), then B^T d (rows) and (.) B (columns)
    # over all the group's tiles at once
    d = np.empty(2 * n * n * tiles, x.dtype)
    rows_done = span(d, n * n * tiles, n * n * tiles)
    for c in range(in_ch):
        for e in range(nb):
            _padded_plane(x, ((n0 + e) * in_ch + c) * height * width, height, width,
                          top - 2 * i0, left, p, p_width, p_height)
            _gather_patches(p, p_width, rows, tiles_w, n, d, tiles, e * per_example)
        for col in range(n):
            _combine(mats[0], n, n, d, col * tiles, n * tiles, rows_done, col * tiles,
                     n * tiles, tiles)
        for a in range(n):
            _combine(mats[0], n, n, rows_done, a * n * tiles, tiles, v, c * tiles + a * n *
                     stride, stride, tiles)


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
def _weight_group(x, d_out, n0, nb, i0, rows, dims, mats, d_u, p, q, v, m):
    """d_u[ξ] (O x C) += the products of the tiles' transformed output gradients and inputs,
    for tile rows i0 .. i0+rows-1 of examples n0 .. n0+nb-1."""
    in_ch, out_ch, out_w, n = dims[0], dims[3], dims[5], dims[8] + 1
    tiles_w = (out_w + 1) // 2
    per_example = rows * tiles_w
    tiles = nb * per_example
    v_stride, m_stride = in_ch * tiles + SLAB_PAD, out_ch * tiles + SLAB_PAD
    _group_inputs(x, n0, nb, i0, rows, dims, mats, p, v)
    _group_gradients(d_out, n0, nb, i0, rows, dims, mats, q, m)
    for xi in range(n * n):
        gemm(out_ch, in_ch, tiles, 1.0, m, xi * m_stride, tiles, False, v, xi * v_stride,
             tiles, True, 1.0, d_u, xi * out_ch * in_ch, in_ch)


@kernel
def _group_gradients(d_out, n0, nb, i0, rows, dims, mats, q, m):
    """M[ξ][o][tile] = (A dY A^T)[ξ] of the output gradient's tiles, tile rows i0 ..
    i0+rows-1 of examples n0 .. n0+nb-1 (M laid out as in `_group`)."""
    out_ch, out_h, out_w, n = dims[3], dims[4], dims[5], dims[8] + 1
    tiles_w = (out_w + 1) // 2
    per_example = rows * tiles_w
    tiles = nb * per_example
    m_stride = out_ch * tiles + SLAB_PAD
    q_width = 2 * tiles_w
    general = 0 if n == 4 else tiles
    d_y = np.empty(4 * general, d_out.dtype)    # the tiles' 2x2 output gradients
    tmp = np.empty(2 * n * general, d_out.dtype)
    for o in range(out_ch):
        for e in range(nb):
            # the output gradient's rows 2 i0 .. of this channel, zero beyond the output
            _padded_plane(d_out, ((n0 + e) * out_ch + o) * out_h * out_w, out_h, out_w,
                          -2 * i0, 0, q, q_width, 2 * rows)
            mo = o * tiles + e * per_example
            if n == 4:
                _gradient_transform(q, q_width, rows, tiles_w, m, mo, m_stride)
            else:
                _gather_patches(q, q_width, rows, tiles_w, 2, d_y, tiles, e * per_example)
        if n != 4:                      # dY A^T (per row r of dY), then A (.)
            for r in range(2):
                _combine(mats[3], n, 2, d_y, 2 * r * tiles, tiles, tmp, r * n * tiles,
                         tiles, tiles)
            for b in range(n):
                _combine(mats[3], n, 2, tmp, b * tiles, n * tiles, m, o * tiles + b *
                         m_stride, n * m_stride, tiles)


@kernel
def _add_plane(p, p_width, p_height, x, xo, height, width, top, left):
    """The plane at x[xo:] (height x width) += the part of p that `_padded_plane` (same
    arguments) would have copied from it."""
    lo = min(max(left, 0), p_width)
    hi = max(min(left + width, p_width), lo)
    for r in range(max(top, 0), min(top + height, p_height)):
        src = span(p, r * p_width + lo, hi - lo)
        dst = span(x, xo + (r - top) * width + (lo - left), hi - lo)
        for k in range(hi - lo):
            dst[k] += src[k]


@kernel
def _backward_group(x, d_out, n0, nb, i0, rows, dims, mats, u, d_u, d_x, p, q, v, m):
    """Both gradients of tile rows i0 .. i0+rows-1 of examples n0 .. n0+nb-1 (tiles of any
    size n) from one input and one gradient transform: d_u += as `_weight_group`; then d_x +=
    the forward pass transposed: dV[ξ] (C x T) = U[ξ]^T dM[ξ] (over V, no longer needed),
    each tile's patch gradient B dV B^T, added into the padded plane p and from there into
    d_x."""
    in_ch, height, width, out_ch, out_w, top, left, n = (
        dims[0], dims[1], dims[2], dims[3], dims[5], dims[6], dims[7], dims[8] + 1)
    tiles_w = (out_w + 1) // 2
    per_example = rows * tiles_w
    tiles = nb * per_example
    v_stride, m_stride = in_ch * tiles + SLAB_PAD, out_ch * tiles + SLAB_PAD
    p_height, p_width = 2 * rows + n - 2, 2 * tiles_w + n - 2
    _weight_group(x, d_out, n0, nb, i0, rows, dims, mats, d_u, p, q, v, m)
    for xi in range(n * n):
        gemm(in_ch, tiles, out_ch, 1.0, u, xi * out_ch * in_ch, in_ch, True, m,
             xi * m_stride, tiles, False, 0.0, v, xi * v_stride, tiles)
    tmp = np.empty(n * n * tiles, d_x.dtype)
    d = np.empty(n * n * tiles, d_x.dtype)
    zero = zero_of(d_x[0])
    for c in range(in_ch):
        for b in range(n):                  # B dV: rows k, columns b
            _combine(mats[4], n, n, v, c * tiles + b * v_stride, n * v_stride, tmp,
                     b * tiles, n * tiles, tiles)
        for k in range(n):                  # (.) B^T
            _combine(mats[4], n, n, tmp, k * n * tiles, tiles, d, k * n * tiles, tiles,
                     tiles)
        for e in range(nb):
            for idx in range(p_height * p_width):
                p[idx] = zero
            for i in range(rows):
                for k in range(n):
                    dst = span(p, (2 * i + k) * p_width, p_width)
                    for j in range(tiles_w):
                        at = e * per_example + i * tiles_w + j
                        for col in range(n):
                            dst[2 * j + col] += d[(k * n + col) * tiles + at]
            _add_plane(p, p_width, p_height, d_x, ((n0 + e) * in_ch + c) * height * width,
                       height, width, top - 2 * i0, left)


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
def _output_planes(m, m_stride, nb, n0, rows, first, last, dims, at, bias, out, tiles):
    """Output rows first .. last-1 of examples n0 .. n0+nb-1 from the group's M (tiles of
    any size n): per output channel, A^T M A over all the group's tiles at once into y
    (its 4 vectors: the tiles' outputs (r, s)), then each tile's 2x2 into out plus the bias."""
    out_ch, out_h, out_w, n = dims[3], dims[4], dims[5], dims[8] + 1
    tiles_w = (out_w + 1) // 2
    per_example = rows * tiles_w
    tmp = np.empty(2 * n * tiles, m.dtype)
    y = np.empty(4 * tiles, m.dtype)
    for o in range(out_ch):
        for b in range(n):                  # A^T M: rows r, columns b
            _combine(at, 2, n, m, o * tiles + b * m_stride, n * m_stride, tmp, b * tiles,
                     n * tiles, tiles)
        for r in range(2):                  # (.) A
            _combine(at, 2, n, tmp, r * n * tiles, tiles, y, 2 * r * tiles, tiles, tiles)
        value = bias[o] if bias.shape[0] > 0 else zero_of(m[0])
        for e in range(nb):
            plane = ((n0 + e) * out_ch + o) * out_h * out_w
            for row in range(first, last):
                i, r = (row - first) // 2, (row - first) % 2
                dst = span(out, plane + row * out_w, out_w)
                for s in range(2):
                    src = span(y, (2 * r + s) * tiles + e * per_example + i * tiles_w, tiles_w)
                    for j in range(tiles_w):
                        if 2 * j + s < out_w:
                            dst[2 * j + s] = src[j] + value


@kernel
def _group(x, n0, nb, i0, rows, dims, mats, u, bias, out, p, q, v, m):
    """Tile rows i0 .. i0+rows-1 of examples n0 .. n0+nb-1: the input transform, the n²
    products, the output transform (T = nb*rows*tiles_w tiles)."""
    in_ch, out_ch, out_h, out_w, n = dims[0], dims[3], dims[4], dims[5], dims[8] + 1
    tiles_w = (out_w + 1) // 2
    per_example = rows * tiles_w
    tiles = nb * per_example
    v_stride, m_stride = in_ch * tiles + SLAB_PAD, out_ch * tiles + SLAB_PAD
    _group_inputs(x, n0, nb, i0, rows, dims, mats, p, v)
    for xi in range(n * n):
        gemm(out_ch, tiles, in_ch, 1.0, u, xi * out_ch * in_ch, in_ch, False, v,
             xi * v_stride, tiles, False, 0.0, m, xi * m_stride, tiles)
    q_width = 2 * tiles_w
    first, last = 2 * i0, min(2 * (i0 + rows), out_h)
    if n != 4:
        _output_planes(m, m_stride, nb, n0, rows, first, last, dims, mats[1], bias, out,
                       tiles)
        return
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
def _chunk(task, k, lo, hi, group, x, dims, mats, u, bias, out, acc, d_x, scratch, sizes,
           chunks):
    """Chunk k (examples lo .. hi-1) in its own block of the scratch, in groups of
    `group` examples, or (group < 0) of -group tile rows of one example.  Task 0: the
    forward pass (u the transformed weights, out written); task 1: the weight gradient (out
    the output gradient, read; acc the chunks' transformed-gradient accumulators); task 2:
    both gradients (as task 1, and u the transformed weights, d_x zeros, added to)."""
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
                _group(x, n0, nb, i0, count, dims, mats, u, bias, out, p, q, v, m)
            elif task == 1:
                _weight_group(x, out, n0, nb, i0, count, dims, mats, acc, p, q, v, m)
            else:
                _backward_group(x, out, n0, nb, i0, count, dims, mats, u, acc, d_x, p, q, v,
                                m)


@kernel
def _run_serial(task, bounds, group, x, dims, mats, u, bias, out, acc, d_x, scratch,
                sizes):
    chunks = bounds.shape[0] - 1
    for k in range(chunks):
        _chunk(task, k, bounds[k], bounds[k + 1], group, x, dims, mats, u, bias, out, acc,
               d_x, scratch, sizes, chunks)


@parallel_kernel
def _run_parallel(task, bounds, group, x, dims, mats, u, bias, out, acc, d_x, scratch,
                  sizes):
    chunks = bounds.shape[0] - 1
    for k in prange(chunks):
        _chunk(task, k, bounds[k], bounds[k + 1], group, x, dims, mats, u, bias, out, acc,
               d_x, scratch, sizes, chunks)


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


def _plan(x_shape, out_ch, size, padding, out_size, tiles_wanted) -> _Plan:
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
    n = size + 1
    sizes = np.array([(2 * rows + n - 2) * (2 * tiles_w + n - 2), 4 * rows * tiles_w,
                      n * n * (in_ch * tiles + SLAB_PAD), n * n * (out_ch * tiles + SLAB_PAD)],
                     np.int64)
    work = batch * out_ch * in_ch * n * n * per_example
    chunks = 1 if batch < 2 or work < parallel_work() else min(thread_count(), batch)
    bounds = np.array([(c * batch) // chunks for c in range(chunks + 1)], np.int64)
    dims = np.array([in_ch, height, width, out_ch, out_h, out_w, padding[0], padding[1], size],
                    np.int64)
    return _Plan(bounds, group, sizes, dims)


def _run(task, plan: _Plan, x, u, bias, out, acc=None, d_x=None):
    scratch = workspace.take((plan.chunks * int(plan.sizes.sum()),), x.dtype)
    driver = _run_parallel if plan.chunks > 1 else _run_serial
    mats = TRANSFORMS[int(plan.dims[8])].arrays(x.dtype)
    none = np.zeros(0, x.dtype)
    acc = none if acc is None else acc
    d_x = none if d_x is None else d_x.reshape(-1)
    if x.shape[0]:
        driver(task, plan.bounds, plan.group, x.reshape(-1), plan.dims, mats, u, bias,
               out.reshape(-1), acc, d_x, scratch, plan.sizes)
    workspace.give(scratch)


def convolve(x, weights, bias, padding, out_size):
    """out (B, O, *out_size) = the stride-1 r x r convolution (r in TRANSFORMS) of x
    (B, C, H, W), contiguous float32/float64, by weights (O, C, r, r) (x's dtype) plus bias
    (O,) (empty: none); padding: the rows and columns before (may be negative)."""
    out_ch, size = weights.shape[0], weights.shape[2]
    plan = _plan(x.shape, out_ch, size, padding, out_size, TILES)
    out = np.empty((x.shape[0], out_ch) + tuple(out_size), x.dtype)
    _run(0, plan, x, _transformed_weights(weights, x.dtype), bias, out)
    return out


def _transformed_weights(weights, dtype):
    """U = G g G^T of each kernel, [ξ][o][c] flat."""
    out_ch, in_ch, size = weights.shape[:3]
    u = np.empty((size + 1) ** 2 * out_ch * in_ch, dtype)
    w = np.ascontiguousarray(weights, dtype).reshape(-1)
    if size == 3:
        _weight_transform(w, out_ch, in_ch, u)
    else:
        _weight_transform_any(w, out_ch, in_ch, TRANSFORMS[size].arrays(dtype)[2], size, u)
    return u


def _weights_from_accumulators(d_u, chunks, out_ch, in_ch, size):
    """d_weights (O, C, size, size) from the chunks' dU accumulators: G^T (their sum) G."""
    d_u = d_u.reshape(chunks, -1).sum(axis=0)
    d_w = np.empty((out_ch, in_ch, size, size), d_u.dtype)
    if size == 3:
        _weights_from_transformed(d_u, out_ch, in_ch, d_w.reshape(-1))
    else:
        _weights_from_transformed_any(d_u, out_ch, in_ch, TRANSFORMS[size].arrays(d_u.dtype)[2],
                                      size, d_w.reshape(-1))
    return d_w


def _accumulators(plan, size, dtype):
    out_ch, in_ch = plan.dims[3], plan.dims[0]
    return np.zeros(plan.chunks * (size + 1) ** 2 * out_ch * in_ch, dtype)


def weight_gradient(x, d_out, size, padding):
    """d_weights (O, C, size, size) of convolve(x, weights, _, padding, _) for its output
    gradient d_out (B, O, OH, OW) (contiguous, x's dtype)."""
    out_ch, in_ch = d_out.shape[1], x.shape[1]
    plan = _plan(x.shape, out_ch, size, padding, d_out.shape[2:], WEIGHT_TILES)
    d_u = _accumulators(plan, size, x.dtype)
    _run(1, plan, x, d_u[:0], d_u[:0], d_out, d_u)
    return _weights_from_accumulators(d_u, plan.chunks, out_ch, in_ch, size)


def input_gradient(d_out, weights, padding, in_size):
    """d_x (B, C, *in_size) of the 3x3 convolution convolve(x, weights, _, padding, _) for
    its output gradient d_out (B, O, OH, OW): the convolution of d_out by the flipped kernels
    with the channels swapped, padded by 2 - padding before."""
    flipped = np.ascontiguousarray(weights.transpose(1, 0, 2, 3)[:, :, ::-1, ::-1])
    return convolve(d_out, flipped, np.zeros(0, d_out.dtype), (2 - padding[0], 2 - padding[1]),
                    in_size)


def backward(x, d_out, weights, padding):
    """(d_x, d_weights) of convolve(x, weights, _, padding, _) for its output gradient d_out
    (B, O, OH, OW) (contiguous, x's dtype).

    3x3: `input_gradient` and `weight_gradient`.  Larger kernels: both in one pass over the
    forward pass's tiles (`_backward_group`): the input gradient as the forward pass
    transposed, sharing the input and gradient transforms with the weight gradient; the
    flipped convolution would cover the input padded by r - 1 on each side in tiles (at
    LeNet's 8x8 -> 12x12, 36 tiles per example instead of 16)."""
    size = weights.shape[2]
    if size == 3:
        return (input_gradient(d_out, weights, padding, x.shape[2:]),
                weight_gradient(x, d_out, size, padding))
    out_ch, in_ch = d_out.shape[1], x.shape[1]
    plan = _plan(x.shape, out_ch, size, padding, d_out.shape[2:], TILES)
    d_u, d_x = _accumulators(plan, size, x.dtype), np.zeros_like(x)
    _run(2, plan, x, _transformed_weights(weights, x.dtype), d_u[:0], d_out, d_u, d_x)
    return d_x, _weights_from_accumulators(d_u, plan.chunks, out_ch, in_ch, size)
