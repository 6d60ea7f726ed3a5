"""5x5, stride-1 two-dimensional convolutions by Winograd's F(2x2, 5x5) (`winograd.py`
describes the method and holds its matrices, `winograd.TRANSFORMS[5]`), with the examples
side by side in blocks of LANES.

Why blocks of examples: each 2x2 output tile needs the 6x6 input patch under it transformed
(V = B^T d B), and each tile's 36 products transformed back (Y = A^T M A).  Done per tile the
transforms are short scalar sums; done on a group's tiles at once (a vector per patch entry,
gathered first) they pass over memory once per term.  Here the batch is copied once per call
into planes whose entries are LANES examples wide (`_blocked`: (blocks, C, rows, columns,
LANES), zero-padded), so that a patch of LANES examples is 36 contiguous runs and every
transform is unrolled arithmetic on registers across the lanes (loops over `lane` that
vectorise: LeNet's second layer's input transform 0.95 -> 0.14 ms).  V and M hold a group
of GROUP_TILES tiles of one block, [channel][ξ][tile, lane], ξ the 36 transform positions
COLS apart (a constant: the transforms' loads and stores are then constant offsets from one
base, which the vectoriser needs), channels CHANNEL_STRIDE apart; the products are, per ξ,
M[ξ] (O x COLS) = U[ξ] (O x C) . V[ξ] (C x COLS) (one BLAS gemm each).

Backward: both gradients from one pass over the forward pass's tiles: the output gradient's
tiles transformed (dM = A dY A^T), dU[ξ] += dM[ξ] V[ξ]^T (the weight gradient, dW = G^T dU G),
and, when the input gradient is wanted, dV[ξ] = U[ξ]^T dM[ξ] and each patch's gradient
B dV B^T added into a blocked input-gradient plane, copied back to (B, C, H, W) at the end.

The lanes of a last, incomplete block are zeros (their products are wasted work), so the
path is for batches of at least `winograd.MIN_BATCH_5X5` examples (`winograd.applies`);
smaller ones (one example evaluated alone) go through im2col.
"""

from __future__ import annotations

import numpy as np
from numba import prange

from . import _workspace as workspace
from ._jit import kernel, parallel_kernel, thread_count
from ._linalg import float_like, gemm, matmul_into, span, zero_of
from .gru import parallel_work
from .winograd import MIN_BATCH_5X5, SLAB_PAD, TRANSFORMS

# Examples side by side (LLVM vectorises loops of at least 16 iterations: of fewer, not at all).
LANES = 16
assert MIN_BATCH_5X5 == LANES // 2     # at most half a block wasted on zeros
# Tiles per group: V and M have COLS columns (one gemm's width; their group's blocks stay in
# the caches between the transforms and the products).
GROUP_TILES = 8
COLS = GROUP_TILES * LANES
N = 6                                   # patch size (n = r + 1)
CHANNEL_STRIDE = N * N * COLS + SLAB_PAD


# The 1-d transforms of F(2x2, 5x5), unrolled from `TRANSFORMS[5]` (the tests check them
# against the matrices): B^T (input), B (input gradient), A^T (output), A (output gradient).

@kernel
def _bt(d0, d1, d2, d3, d4, d5):
    q, h, f = float_like(d0, 0.25), float_like(d0, 0.5), float_like(d0, 1.25)
    return (q * d0 - f * d2 + d4,
            d3 + d4 - q * (d1 + d2),
            q * (d1 - d2) - d3 + d4,
            d4 - d2 - h * (d1 - d3),
            d4 - d2 + h * (d1 - d3),
            q * d1 - f * d3 + d5)


@kernel
def _b(v0, v1, v2, v3, v4, v5):
    q, h, f = float_like(v0, 0.25), float_like(v0, 0.5), float_like(v0, 1.25)
    return (q * v0,
            q * (v2 - v1 + v5) + h * (v4 - v3),
            -f * v0 - q * (v1 + v2) - v3 - v4,
            v1 - v2 + h * (v3 - v4) - f * v5,
            v0 + v1 + v2 + v3 + v4,
            v5)


@kernel
def _at(m0, m1, m2, m3, m4, m5):
    return m0 + m1 + m2 + m3 + m4, m1 - m2 + float_like(m0, 0.5) * (m3 - m4) + m5


@kernel
def _a(y0, y1):
    h = float_like(y0, 0.5) * y1
    return y0, y0 + y1, y0 - y1, y0 + h, y0 - h, y1


@kernel
def _six(a, first, step, lane):
    """(a[first + q*step + lane] for q < 6)."""
    return (a[first + lane], a[first + step + lane], a[first + 2 * step + lane],
            a[first + 3 * step + lane], a[first + 4 * step + lane], a[first + 5 * step + lane])


@kernel
def _input_transform(pt, vv):
    """vv[ξ*COLS + lane] = (B^T d B)[ξ] of each lane's patch d, pt[(k*N + l)*LANES + lane] =
    d[k, l]."""
    for lane in range(LANES):
        # B^T d, one column l at a time: c_l[a] = (B^T d)[a, l]
        c0 = _bt(*_six(pt, 0, N * LANES, lane))
        c1 = _bt(*_six(pt, LANES, N * LANES, lane))
        c2 = _bt(*_six(pt, 2 * LANES, N * LANES, lane))
        c3 = _bt(*_six(pt, 3 * LANES, N * LANES, lane))
        c4 = _bt(*_six(pt, 4 * LANES, N * LANES, lane))
        c5 = _bt(*_six(pt, 5 * LANES, N * LANES, lane))
        for a in range(N):                      # (.) B, row a
            row = _bt(c0[a], c1[a], c2[a], c3[a], c4[a], c5[a])
            for b in range(N):
                vv[(a * N + b) * COLS + lane] = row[b]


@kernel
def _output_transform(mm, value, top, low):
    """(A^T M A)[r, s] + value of each lane's M, mm[ξ*COLS + lane], into rows top (r = 0)
    and low (r = 1) at s*LANES + lane."""
    for lane in range(LANES):
        # A^T M, one column b at a time: t_b[r] = (A^T M)[r, b]
        t0 = _at(*_six(mm, 0, N * COLS, lane))
        t1 = _at(*_six(mm, COLS, N * COLS, lane))
        t2 = _at(*_six(mm, 2 * COLS, N * COLS, lane))
        t3 = _at(*_six(mm, 3 * COLS, N * COLS, lane))
        t4 = _at(*_six(mm, 4 * COLS, N * COLS, lane))
        t5 = _at(*_six(mm, 5 * COLS, N * COLS, lane))
        y0 = _at(t0[0], t1[0], t2[0], t3[0], t4[0], t5[0])      # (.) A, row 0 and 1
        y1 = _at(t0[1], t1[1], t2[1], t3[1], t4[1], t5[1])
        top[lane], top[LANES + lane] = y0[0] + value, y0[1] + value
        low[lane], low[LANES + lane] = y1[0] + value, y1[1] + value


@kernel
def _gradient_transform(top, low, mm):
    """mm[ξ*COLS + lane] = (A dY A^T)[ξ] of each lane's 2x2 output gradient dY, rows top
    and low (entry s of a row at s*LANES + lane)."""
    for lane in range(LANES):
        c0 = _a(top[lane], low[lane])           # A dY, column 0 and 1
        c1 = _a(top[LANES + lane], low[LANES + lane])
        for a in range(N):                      # (.) A^T, row a
            row = _a(c0[a], c1[a])
            for b in range(N):
                mm[(a * N + b) * COLS + lane] = row[b]


@kernel
def _patch_gradient(vv, pt):
    """pt[(k*N + l)*LANES + lane] = (B dV B^T)[k, l] of each lane's dV, vv[ξ*COLS + lane]."""
    for lane in range(LANES):
        # B dV, one column b at a time: w_b[k] = (B dV)[k, b]
        w0 = _b(*_six(vv, 0, N * COLS, lane))
        w1 = _b(*_six(vv, COLS, N * COLS, lane))
        w2 = _b(*_six(vv, 2 * COLS, N * COLS, lane))
        w3 = _b(*_six(vv, 3 * COLS, N * COLS, lane))
        w4 = _b(*_six(vv, 4 * COLS, N * COLS, lane))
        w5 = _b(*_six(vv, 5 * COLS, N * COLS, lane))
        for k in range(N):                      # (.) B^T, row k
            row = _b(w0[k], w1[k], w2[k], w3[k], w4[k], w5[k])
            for l in range(N):
                pt[(k * N + l) * LANES + lane] = row[l]


# --------------------------------------------------------------------------------------------
# Blocked planes
# --------------------------------------------------------------------------------------------

@kernel
def _blocked(x, batch, chans, height, width, top, left, p_height, p_width, xb):
    """xb (blocks, chans, p_height, p_width, LANES) <- x (batch, chans, height, width):
    entry (k, c, r, s, lane) = x[k*LANES + lane, c, r - top, s - left], zero outside x."""
    plane = p_height * p_width * LANES
    blocks = xb.shape[0] // (chans * plane)
    zero = zero_of(xb[0])
    lo, hi = min(max(left, 0), p_width), max(min(left + width, p_width), 0)
    for k in range(blocks):
        for c in range(chans):
            dst = span(xb, (k * chans + c) * plane, plane)
            for i in range(plane):
                dst[i] = zero
            for lane in range(min(LANES, batch - k * LANES)):
                source = ((k * LANES + lane) * chans + c) * height * width
                for r in range(max(top, 0), min(top + height, p_height)):
                    src = span(x, source + (r - top) * width + lo - left, max(hi - lo, 0))
                    at = (r * p_width + lo) * LANES + lane
                    for s in range(hi - lo):
                        dst[at + s * LANES] = src[s]


@kernel
def _unblocked(xb, batch, chans, height, width, top, left, p_height, p_width, x):
    """x (batch, chans, height, width) <- the entries of xb that `_blocked` (same arguments)
    would have copied from x, zero where xb has none (rows or columns cut off)."""
    plane = p_height * p_width * LANES
    zero = zero_of(xb[0])
    for n in range(batch):
        k, lane = n // LANES, n % LANES
        for c in range(chans):
            src = span(xb, (k * chans + c) * plane + lane, plane)
            for row in range(height):
                dst = span(x, ((n * chans + c) * height + row) * width, width)
                r = row + top
                for col in range(width):
                    s = col + left
                    inside = 0 <= r < p_height and 0 <= s < p_width
                    dst[col] = src[(r * p_width + s) * LANES] if inside else zero


# --------------------------------------------------------------------------------------------
# A group: tiles t0 .. t0+count-1 of block k
# --------------------------------------------------------------------------------------------

@kernel
def _inputs(xb, k, t0, count, chans, p_height, p_width, tiles_w, pt, v):
    """V of the group (see the module docstring) from the blocked input planes."""
    for c in range(chans):
        plane = (k * chans + c) * p_height * p_width * LANES
        for tt in range(count):
            i, j = (t0 + tt) // tiles_w, (t0 + tt) % tiles_w
            base = plane + (2 * i * p_width + 2 * j) * LANES
            for a in range(N):                  # the patch's rows, N*LANES entries each
                src = span(xb, base + a * p_width * LANES, N * LANES)
                dst = span(pt, a * N * LANES, N * LANES)
                for q in range(N * LANES):
                    dst[q] = src[q]
            _input_transform(pt, span(v, c * CHANNEL_STRIDE + tt * LANES,
                                      (N * N - 1) * COLS + LANES))


@kernel
def _outputs(m, k, t0, count, out_ch, q_height, q_width, tiles_w, bias, ob):
    """The group's outputs plus the bias into the blocked output planes (q_height x
    q_width: the tiles' rows and columns)."""
    for o in range(out_ch):
        value = bias[o] if bias.shape[0] > 0 else zero_of(m[0])
        plane = (k * out_ch + o) * q_height * q_width * LANES
        for tt in range(count):
            i, j = (t0 + tt) // tiles_w, (t0 + tt) % tiles_w
            base = plane + (2 * i * q_width + 2 * j) * LANES
            _output_transform(span(m, o * CHANNEL_STRIDE + tt * LANES,
                                   (N * N - 1) * COLS + LANES), value,
                              span(ob, base, 2 * LANES), span(ob, base + q_width * LANES,
                                                              2 * LANES))


@kernel
def _gradients(dyb, k, t0, count, out_ch, q_height, q_width, tiles_w, m):
    """The group's transformed output gradients (M's layout) from the blocked output
    gradient planes (q_height x q_width: the tiles' rows and columns)."""
    for o in range(out_ch):
        plane = (k * out_ch + o) * q_height * q_width * LANES
        for tt in range(count):
            i, j = (t0 + tt) // tiles_w, (t0 + tt) % tiles_w
            base = plane + (2 * i * q_width + 2 * j) * LANES
            _gradient_transform(span(dyb, base, 2 * LANES),
                                span(dyb, base + q_width * LANES, 2 * LANES),
                                span(m, o * CHANNEL_STRIDE + tt * LANES,
                                     (N * N - 1) * COLS + LANES))


@kernel
def _input_gradients(v, k, t0, count, chans, p_height, p_width, tiles_w, pt, dxb):
    """Add each tile's patch gradient B dV B^T (dV in V's place) into the blocked input
    gradient planes."""
    for c in range(chans):
        plane = (k * chans + c) * p_height * p_width * LANES
        for tt in range(count):
            _patch_gradient(span(v, c * CHANNEL_STRIDE + tt * LANES,
                                 (N * N - 1) * COLS + LANES), pt)
            i, j = (t0 + tt) // tiles_w, (t0 + tt) % tiles_w
            base = plane + (2 * i * p_width + 2 * j) * LANES
            for a in range(N):
                dst = span(dxb, base + a * p_width * LANES, N * LANES)
                src = span(pt, a * N * LANES, N * LANES)
                for q in range(N * LANES):
                    dst[q] += src[q]


# dims: the geometry the kernels read
_C, _O, _OH, _OW = 0, 3, 4, 5


@kernel
def _group(task, xb, dyb, k, t0, count, dims, u, bias, ob, d_u, dxb, pt, v, m):
    """Task 0: the group's outputs (into the blocked output planes ob); 1: its weight gradient (d_u += ...); 2: both gradients
    (dxb += ...)."""
    in_ch, out_ch, out_h, out_w = dims[_C], dims[_O], dims[_OH], dims[_OW]
    tiles_h, tiles_w = (out_h + 1) // 2, (out_w + 1) // 2
    p_height, p_width = 2 * tiles_h + N - 2, 2 * tiles_w + N - 2
    plane = out_ch * in_ch
    cols = count * LANES
    _inputs(xb, k, t0, count, in_ch, p_height, p_width, tiles_w, pt, v)
    if task == 0:
        for xi in range(N * N):
            gemm(out_ch, cols, in_ch, 1.0, u, xi * plane, in_ch, False, v, xi * COLS,
                 CHANNEL_STRIDE, False, 0.0, m, xi * COLS, CHANNEL_STRIDE)
        _outputs(m, k, t0, count, out_ch, 2 * tiles_h, 2 * tiles_w, tiles_w, bias, ob)
        return
    _gradients(dyb, k, t0, count, out_ch, 2 * tiles_h, 2 * tiles_w, tiles_w, m)
    for xi in range(N * N):                     # dU[ξ] += dM[ξ] V[ξ]^T
        gemm(out_ch, in_ch, cols, 1.0, m, xi * COLS, CHANNEL_STRIDE, False, v, xi * COLS,
             CHANNEL_STRIDE, True, 1.0, d_u, xi * plane, in_ch)
    if task == 2:                               # dV[ξ] = U[ξ]^T dM[ξ], over V
        for xi in range(N * N):
            gemm(in_ch, cols, out_ch, 1.0, u, xi * plane, in_ch, True, m, xi * COLS,
                 CHANNEL_STRIDE, False, 0.0, v, xi * COLS, CHANNEL_STRIDE)
        _input_gradients(v, k, t0, count, in_ch, p_height, p_width, tiles_w, pt, dxb)


@kernel
def _chunk(task, ck, lo, hi, xb, dyb, dims, u, bias, out, acc, dxb, scratch, chunks):
    """Blocks lo .. hi-1 (chunk ck), group by group, in the chunk's block of the scratch
    (and of the weight gradient accumulators)."""
    in_ch, out_ch = dims[_C], dims[_O]
    tiles = ((dims[_OH] + 1) // 2) * ((dims[_OW] + 1) // 2)
    sizes = (N * N * LANES, in_ch * CHANNEL_STRIDE, out_ch * CHANNEL_STRIDE)
    base = ck * (sizes[0] + sizes[1] + sizes[2])
    pt = span(scratch, base, sizes[0])
    v = span(scratch, base + sizes[0], sizes[1])
    m = span(scratch, base + sizes[0] + sizes[1], sizes[2])
    d_u = acc
    if task > 0:
        size = acc.shape[0] // chunks
        d_u = span(acc, ck * size, size)
    for k in range(lo, hi):
        for t0 in range(0, tiles, GROUP_TILES):
            _group(task, xb, dyb, k, t0, min(GROUP_TILES, tiles - t0), dims, u, bias, out,
                   d_u, dxb, pt, v, m)


# Serial and parallel drivers must be distinct functions (see gru.py).

@kernel
def _run_serial(task, bounds, xb, dyb, dims, u, bias, out, acc, dxb, scratch):
    chunks = bounds.shape[0] - 1
    for ck in range(chunks):
        _chunk(task, ck, bounds[ck], bounds[ck + 1], xb, dyb, dims, u, bias, out, acc, dxb,
               scratch, chunks)


@parallel_kernel
def _run_parallel(task, bounds, xb, dyb, dims, u, bias, out, acc, dxb, scratch):
    chunks = bounds.shape[0] - 1
    for ck in prange(chunks):
        _chunk(task, ck, bounds[ck], bounds[ck + 1], xb, dyb, dims, u, bias, out, acc, dxb,
               scratch, chunks)


# --------------------------------------------------------------------------------------------
# Wrappers
# --------------------------------------------------------------------------------------------

class _Call:
    """One call's sizes, blocked input planes and thread chunks."""

    def __init__(self, x, out_ch, padding, out_size):
        batch, in_ch, height, width = x.shape
        out_h, out_w = out_size
        self.dtype = x.dtype
        self.blocks = -(-batch // LANES)
        self.tiles_h, self.tiles_w = (out_h + 1) // 2, (out_w + 1) // 2
        self.p_height, self.p_width = 2 * self.tiles_h + N - 2, 2 * self.tiles_w + N - 2
        self.dims = np.array([in_ch, height, width, out_ch, out_h, out_w], np.int64)
        work = batch * out_ch * in_ch * N * N * self.tiles_h * self.tiles_w
        chunks = 1 if self.blocks < 2 or work < parallel_work() \
            else min(thread_count(), self.blocks)
        self.bounds = np.array([(c * self.blocks) // chunks for c in range(chunks + 1)],
                               np.int64)
        self.xb = self.planes(x, in_ch, height, width, padding, self.p_height, self.p_width)

    @property
    def chunks(self) -> int:
        return len(self.bounds) - 1

    def planes(self, a, chans, height, width, padding, p_height, p_width):
        """a (B, chans, height, width) blocked (`_blocked`), from the workspace."""
        blocked = workspace.take((self.blocks * chans * p_height * p_width * LANES,),
                                 self.dtype)
        _blocked(a.reshape(-1), a.shape[0], chans, height, width, padding[0], padding[1],
                 p_height, p_width, blocked)
        return blocked

    def run(self, task, u, bias, out, dyb=None, acc=None, dxb=None):
        in_ch, out_ch = int(self.dims[_C]), int(self.dims[_O])
        per_chunk = N * N * LANES + (in_ch + out_ch) * CHANNEL_STRIDE
        scratch = workspace.take((self.chunks * per_chunk,), self.dtype)
        none = np.zeros(0, self.dtype)
        driver = _run_parallel if self.chunks > 1 else _run_serial
        driver(task, self.bounds, self.xb, none if dyb is None else dyb, self.dims,
               none if u is None else u,
               none if bias is None else bias, none if out is None else out,
               none if acc is None else acc, none if dxb is None else dxb, scratch)
        workspace.give(scratch)

    def done(self):
        workspace.give(self.xb)


def _kernel_transform(dtype):
    """G ⊗ G (36 x 25): row ξ = (a, b), column (k, l) holds G[a, k] G[b, l], so that a 5x5
    kernel g flat (25) goes to U = G g G^T flat (36) by one product."""
    g = np.array(TRANSFORMS[5].g, dtype)
    return np.kron(g, g)


def _transformed_weights(weights, dtype):
    """U = G g G^T of each kernel, [ξ][o][c] flat: U^T (O*C x 36) = weights (O*C x 25) .
    (G ⊗ G)^T, one product."""
    out_ch, in_ch = weights.shape[:2]
    u_t = np.empty((out_ch * in_ch, N * N), dtype)
    matmul_into(np.ascontiguousarray(weights, dtype).reshape(-1, 25),
                np.ascontiguousarray(_kernel_transform(dtype).T), u_t, out_ch * in_ch)
    return np.ascontiguousarray(u_t.T).reshape(-1)


def _weights_from_transformed(d_u, out_ch, in_ch):
    """d_weights (O, C, 5, 5) = G^T dU G per kernel from dU [ξ][o][c] (36 x O*C):
    (O*C x 25) = dU^T . (G ⊗ G), one product."""
    d_w = np.empty((out_ch, in_ch, 5, 5), d_u.dtype)
    matmul_into(np.ascontiguousarray(d_u.reshape(N * N, -1).T), _kernel_transform(d_u.dtype),
                d_w.reshape(-1, 25), out_ch * in_ch)
    return d_w


def convolve(x, weights, bias, padding, out_size):
    """out (B, O, *out_size) = the stride-1 5x5 convolution of x (B, C, H, W), contiguous
    float32/float64 with B >= 1, by weights (O, C, 5, 5) (x's dtype) plus bias (O,) (empty:
    none); padding: the rows and columns before (may be negative)."""
    out_ch = weights.shape[0]
    call = _Call(x, out_ch, padding, out_size)
    q_height, q_width = 2 * call.tiles_h, 2 * call.tiles_w
    blocked = workspace.take((call.blocks * out_ch * q_height * q_width * LANES,), x.dtype)
    call.run(0, _transformed_weights(weights, x.dtype), bias, blocked)
    out = np.empty((x.shape[0], out_ch) + tuple(out_size), x.dtype)
    _unblocked(blocked, x.shape[0], out_ch, out_size[0], out_size[1], 0, 0, q_height, q_width,
               out.reshape(-1))
    workspace.give(blocked)
    call.done()
    return out


def backward(x, d_out, weights, padding, input_gradient=True):
    """(d_x or None, d_weights) of convolve(x, weights, _, padding, _) for its output
    gradient d_out (B, O, OH, OW) (contiguous, x's dtype); d_x only if `input_gradient`."""
    batch, in_ch, height, width = x.shape
    out_ch = d_out.shape[1]
    call = _Call(x, out_ch, padding, d_out.shape[2:])
    dyb = call.planes(d_out, out_ch, d_out.shape[2], d_out.shape[3], (0, 0),
                      2 * call.tiles_h, 2 * call.tiles_w)
    acc = np.zeros(call.chunks * N * N * out_ch * in_ch, x.dtype)
    dxb, d_x = None, None
    if input_gradient:
        dxb = workspace.take(call.xb.shape, x.dtype)
        dxb[:] = 0
    u = _transformed_weights(weights, x.dtype) if input_gradient else None
    call.run(2 if input_gradient else 1, u, None, None, dyb, acc, dxb)
    if input_gradient:
        d_x = np.empty_like(x)
        _unblocked(dxb, batch, in_ch, height, width, padding[0], padding[1], call.p_height,
                   call.p_width, d_x.reshape(-1))
        workspace.give(dxb)
    workspace.give(dyb)
    call.done()
    return d_x, _weights_from_transformed(acc.reshape(call.chunks, -1).sum(axis=0), out_ch,
                                          in_ch)
