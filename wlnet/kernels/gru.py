"""GatedRecurrentLayer: forward and back-propagation through time.

The seed page's equations (Chung et al. 2014 variant), for each example of a batch:

    i_t = LogisticSigmoid[Wix.x_t + Wis.s_{t-1} + bi]        input (update) gate
    r_t = LogisticSigmoid[Wrx.x_t + Wrs.s_{t-1} + br]        reset gate
    m_t = Tanh[Wmx.x_t + r_t * (Wms.s_{t-1}) + bm]           memory gate (reset AFTER the product)
    s_t = (1 - i_t) * m_t + i_t * s_{t-1}

Layout of the work
------------------
- The three gates' arrays are stacked in the order (i, r, m): ``Wx`` (3n, k), ``Ws`` (3n, n),
  ``b`` (3n). Because the reset gate multiplies ``Wms.s`` after the product, ONE GEMM of the
  previous states against ``Ws`` serves all three gates at each step.
- The batch is split into one chunk of examples per thread (``numba.prange``) when the call
  is big enough for the thread pool in use (`parallel_work`). Examples are independent, so a
  chunk runs its whole recurrence with no synchronisation (one thread-pool launch per call,
  not one per step), calling single-threaded BLAS on its own blocks.
- Per chunk, everything is feature-major and time-major (see "Numba kernels" below): the
  input projections of every step of every example are ONE GEMM; the recurrence runs over a
  state buffer whose slots are sorted by decreasing length, so at step t the examples still
  running are the first columns and each step is one GEMM Ws (3n x n) times those columns,
  and nothing is computed past an example's own length. The gate activations run along
  contiguous rows with an exp, sigmoid and tanh that vectorise in the working precision.
- Back-propagation through time is fused the same way; it stores the per-step gate gradients
  so that the weight gradients are ONE GEMM each after the loop, not per-step outer products.
- Inputs and outputs stay in the caller's (batch, T, .) example order; the kernels gather and
  scatter them (8 x 8 transposed blocks for the outputs and their gradients).
- Large scratch arrays come from a per-thread pool (`_workspace`) to avoid page faults.

Varying lengths: ``x`` is padded (batch, T, k) plus ``lengths`` (batch,). The output past an
example's length is zero; its final state is its state after its own last step; gradients past
its length are ignored (and the input gradient there is zero).

Dropout (training only) enters as masks built by `make_gru_dropout_masks`, already scaled by
1/(1-p) (inverted dropout), so evaluation needs no rescaling:
- "VariationalWeights": one mask on the stacked recurrent weight matrices (3n, n) per call.
- "VariationalInput": one mask per example over the input vector, the same at every step.
- "VariationalState": one mask per example over the previous state as it enters the three
  gates' recurrent products (the ``i_t * s_{t-1}`` carry is not masked), the same at every step.
- "StateUpdate": a fresh mask per example and step on the state update m_t.

Kernels are pure functions over preallocated arrays; `gru_forward` / `gru_backward` validate
their arguments (raising ValueError for programming errors, never for user data, which the net
layer checks first) and allocate.

Typical executor use:

    weights = pack_gru_weights(arrays, np.float32)          # once per plan / training step
    out, final, cache = gru_forward(x, lengths, weights, s0, masks)
    grads = gru_backward(cache, d_out, d_final)             # grads.arrays[name], .input, ...
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Mapping, NamedTuple

import numpy as np

from numba import prange

from . import _workspace as workspace
from ._jit import kernel, parallel_kernel, thread_count, work_stealing
from ._linalg import fast_sigmoid, fast_tanh, gemm, one_of, span, zero_of

ARRAY_NAMES = (
    "InputGateInputWeights", "InputGateStateWeights", "InputGateBiases",
    "ResetGateInputWeights", "ResetGateStateWeights", "ResetGateBiases",
    "MemoryGateInputWeights", "MemoryGateStateWeights", "MemoryGateBiases",
)
GATES = ("InputGate", "ResetGate", "MemoryGate")  # stacking order of the three gates

DROPOUT_METHODS = ("VariationalWeights", "VariationalInput", "VariationalState", "StateUpdate")

# --------------------------------------------------------------------------------------------
# Packed weights
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GateWeights:
    """A gated recurrent layer's arrays stacked gate-wise in one dtype, ready for the kernels
    (shared with the LSTM's kernels, `lstm.py`).

    For g gates (the GRU's three, stacked i, r, m): ``wx`` (g n, k), ``ws`` (g n, n), ``b``
    (g n), C-contiguous (the kernels multiply them either way round through BLAS's transpose
    flags).  Pack once per evaluation (or per training step) with `pack_gru_weights`.
    """
    wx: np.ndarray
    ws: np.ndarray
    b: np.ndarray

    @property
    def n(self) -> int:
        return self.ws.shape[1]

    @property
    def k(self) -> int:
        return self.wx.shape[1]

    @property
    def dtype(self):
        return self.ws.dtype

    @functools.cached_property
    def flat(self) -> tuple:
        """(wx, ws) as flat views, as the kernels take them (made once per packing)."""
        return self.wx.reshape(-1), self.ws.reshape(-1)

    @functools.cached_property
    def ws_t(self) -> np.ndarray:
        """Ws transposed, contiguous and flat (made on first use: only backward passes of
        larger layers use it)."""
        return np.ascontiguousarray(self.ws.T).reshape(-1)


GRUWeights = GateWeights


def pack_gru_weights(arrays: Mapping[str, np.ndarray], dtype=np.float32) -> GateWeights:
    """Stack the nine named arrays (WL names, see ARRAY_NAMES) into a GateWeights of `dtype`."""
    return pack_gate_weights(arrays, GATES, dtype)


def pack_gate_weights(arrays: Mapping[str, np.ndarray], gates, dtype=np.float32) -> GateWeights:
    """Stack the arrays "<gate>InputWeights", "<gate>StateWeights", "<gate>Biases" of each of
    `gates` (in that order) into a GateWeights of `dtype`."""
    stacked = _stacked_names(tuple(gates))
    missing = [name for names in stacked.values() for name in names if name not in arrays]
    if missing:
        raise ValueError(f"missing recurrent arrays: {missing}")
    dtype = np.dtype(dtype)

    def stack(suffix):  # runs once per layer per training step: converting while concatenating
        return np.concatenate([arrays[name] for name in stacked[suffix]], axis=0, dtype=dtype)

    wx, ws, b = stack("InputWeights"), stack("StateWeights"), stack("Biases")
    n, rows = ws.shape[1], len(gates) * ws.shape[1]
    if ws.shape != (rows, n) or b.shape != (rows,) or wx.ndim != 2 or wx.shape[0] != rows:
        raise ValueError(f"inconsistent recurrent array shapes: Wx {wx.shape}, Ws {ws.shape}, "
                         f"b {b.shape}")
    return GateWeights(wx, ws, b)


@functools.lru_cache(maxsize=None)
def _stacked_names(gates: tuple) -> dict:
    """suffix -> the arrays stacked for it, in gate order (made once per layer kind)."""
    return {suffix: tuple(gate + suffix for gate in gates)
            for suffix in ("InputWeights", "StateWeights", "Biases")}


def unpack_gru_gradients(d_wx, d_ws, d_b) -> dict:
    """Split stacked gradients back into the nine WL-named arrays."""
    return unpack_gate_gradients(d_wx, d_ws, d_b, GATES)


def unpack_gate_gradients(d_wx, d_ws, d_b, gates) -> dict:
    """Split gradients stacked gate-wise (the order of `gates`) into WL-named arrays."""
    n = d_ws.shape[1]
    out = {}
    for g, gate in enumerate(gates):
        rows = slice(g * n, (g + 1) * n)
        out[gate + "InputWeights"] = d_wx[rows]
        out[gate + "StateWeights"] = d_ws[rows]
        out[gate + "Biases"] = d_b[rows]
    return out


# --------------------------------------------------------------------------------------------
# Dropout masks
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GRUDropoutMasks:
    """Inverted-dropout masks (entries 0 or 1/(1-p)); None where a method is off.

    weights (g n, n) on the stacked state weights of g gates; input (batch, k); state
    (batch, n); update (batch, T, n).
    """
    weights: np.ndarray | None = None
    input: np.ndarray | None = None
    state: np.ndarray | None = None
    update: np.ndarray | None = None


def _keep_mask(rng, shape, p, dtype):
    if p <= 0:
        return np.ones(shape, dtype)
    keep = rng.random(shape) >= p
    return (keep / (1.0 - p)).astype(dtype)


def make_gru_dropout_masks(rng: np.random.Generator, probabilities: Mapping[str, float],
                           batch: int, steps: int, input_size: int, n: int,
                           dtype=np.float32, gates: int = 3) -> GRUDropoutMasks:
    """Draw the masks of the dropout methods named in `probabilities` (method -> p in [0, 1));
    `gates` stacked state-weight blocks (3 for the GRU, 4 for the LSTM)."""
    unknown = set(probabilities) - set(DROPOUT_METHODS)
    if unknown:
        raise ValueError(f"unknown recurrent dropout methods: {sorted(unknown)}")
    shapes = {
        "VariationalWeights": (gates * n, n),
        "VariationalInput": (batch, input_size),
        "VariationalState": (batch, n),
        "StateUpdate": (batch, steps, n),
    }
    masks = {m: _keep_mask(rng, shapes[m], float(p), dtype) for m, p in probabilities.items()}
    return GRUDropoutMasks(weights=masks.get("VariationalWeights"),
                           input=masks.get("VariationalInput"),
                           state=masks.get("VariationalState"),
                           update=masks.get("StateUpdate"))


# --------------------------------------------------------------------------------------------
# Numba kernels
#
# The batch is split into chunks of examples, one per thread (`numba.prange`); the examples of a
# batch are independent, so each chunk runs its whole recurrence without synchronising with the
# others, calling single-threaded BLAS on its own blocks. Within a chunk, examples sit in "slots"
# sorted by decreasing length, so the examples still running at step t are the first `active`
# slots and each step's recurrent product is one GEMM over a prefix of columns.
#
# Layout: feature-major, time-major.  Every per-step quantity is a matrix with one ROW per
# feature (gate unit or state unit) and one COLUMN per slot, and a whole sequence puts the
# steps' column blocks side by side: column t*bc + j is slot j at step t.  So
#   xtm    (T*bc, k)      the chunk's inputs, row t*bc + j (dropout mask applied)
#   xp     (3n, T*bc)     input projections Wx.x of every step: ONE GEMM
#   states (n, (T+1)*bc)  s_0 .. s_T (slots past their length carry their last state)
#   gates  (3n, T*bc)     i, r, m;  mem (n, T*bc): Wms.s_{t-1} (kept for the backward pass)
#   work   (3n, bc)       this step's Ws.s_{t-1}
# Why this way round: each step's product is Ws (3n x n) times the states (n x active), a tall
# matrix times a few columns, which OpenBLAS runs 1.2-1.7x faster than the same product as
# (active x n) times (n x 3n) (measured 2026-11-21: (1536,512,16) 258 µs against 429 µs), and
# the gate arithmetic runs along contiguous rows, so it vectorises.
#
# All buffers are flat; a chunk's block of each starts at the chunk's first slot `lo` times the
# block's per-slot size, so chunks never share memory.  `gemm` multiplies sub-blocks in place.
# Arrays in the caller's example order (x, out, final_state, s0, the masks, the gradients of
# outputs and inputs) are read and written through `order` (slot -> example).
# --------------------------------------------------------------------------------------------

@kernel
def _active_count(sorted_lengths, t, current):
    """Number of slots (sorted by decreasing length) still running at step t."""
    while current > 0 and sorted_lengths[current - 1] <= t:
        current -= 1
    return current


@kernel
def _gather_inputs(lo, hi, x, order, input_mask, xtm):
    """The chunk's inputs into xtm, time-major (row t*bc + j), times the VariationalInput mask."""
    bc = hi - lo
    steps, k = x.shape[1], x.shape[2]
    base = steps * lo * k
    for j in range(bc):
        e = order[lo + j]
        for t in range(steps):
            row = base + (t * bc + j) * k
            if input_mask.shape[0] > 0:
                for q in range(k):
                    xtm[row + q] = x[e, t, q] * input_mask[e, q]
            else:
                for q in range(k):
                    xtm[row + q] = x[e, t, q]


@kernel
def _step_gates(t, lo, bc, active, n, steps, b, xp, work, g, g_off, g_ld, states, mem, order,
                update_mask, store):
    """Gates and new states of the first `active` slots at step t; later slots carry their
    state.  The gates go to g (rows i, r, m of 3n; this step's block at g_off, row stride g_ld):
    the stored gates, or a step-sized scratch in inference.

    Written for LLVM's vectoriser (measured 10x): one short loop per quantity, each touching
    few arrays (a fused loop needs more run-time aliasing checks than LLVM makes), over row
    views indexed from 0 (an index like `offset + j` may be negative as far as LLVM knows, and
    Numba's wraparound test on it blocks vectorisation).
    """
    cols = steps * bc
    scols = (steps + 1) * bc
    xo = 3 * n * steps * lo + t * bc             # this step's columns of xp
    mo = n * steps * lo + t * bc                 # ... of mem
    wo = 3 * n * lo                              # the chunk's work block
    so = n * (steps + 1) * lo + t * bc           # s_{t-1}'s columns of states
    use_update_mask = update_mask.shape[0] > 0
    for u in range(n):
        x_i = span(xp, xo + u * cols, active)
        x_r = span(xp, xo + (n + u) * cols, active)
        x_m = span(xp, xo + (2 * n + u) * cols, active)
        w_i = span(work, wo + u * bc, active)
        w_r = span(work, wo + (n + u) * bc, active)
        w_m = span(work, wo + (2 * n + u) * bc, active)
        g_i = span(g, g_off + u * g_ld, active)
        g_r = span(g, g_off + (n + u) * g_ld, active)
        g_m = span(g, g_off + (2 * n + u) * g_ld, active)
        prev = span(states, so + u * scols, bc)
        cur = span(states, so + u * scols + bc, bc)
        b_i, b_r, b_m = b[u], b[n + u], b[2 * n + u]
        for j in range(active):
            g_i[j] = fast_sigmoid(x_i[j] + b_i + w_i[j])
        for j in range(active):
            g_r[j] = fast_sigmoid(x_r[j] + b_r + w_r[j])
        for j in range(active):
            g_m[j] = fast_tanh(x_m[j] + b_m + g_r[j] * w_m[j])
        if store:
            mem_row = span(mem, mo + u * cols, active)
            for j in range(active):
                mem_row[j] = w_m[j]
        if use_update_mask:
            for j in range(active):
                m = g_m[j] * update_mask[order[lo + j], t, u]
                cur[j] = m + g_i[j] * (prev[j] - m)
        else:
            for j in range(active):
                cur[j] = g_m[j] + g_i[j] * (prev[j] - g_m[j])    # (1 - i) m + i s_{t-1}
        for j in range(active, bc):
            cur[j] = prev[j]


@kernel
def _rows8(first, stride):
    """Offsets of 8 rows `stride` apart."""
    return (first, first + stride, first + 2 * stride, first + 3 * stride, first + 4 * stride,
            first + 5 * stride, first + 6 * stride, first + 7 * stride)


@kernel
def _example_rows8(order, at, scale, shift):
    """Offsets order[at + b] * scale + shift of the rows of 8 consecutive slots' examples."""
    return (order[at] * scale + shift, order[at + 1] * scale + shift,
            order[at + 2] * scale + shift, order[at + 3] * scale + shift,
            order[at + 4] * scale + shift, order[at + 5] * scale + shift,
            order[at + 6] * scale + shift, order[at + 7] * scale + shift)


@kernel
def _transpose8(src, s, dst, d):
    """dst[d[b] + a] = src[s[a] + b] for a, b < 8: an 8 x 8 block between rows at the offsets
    s and d, transposed.  Written out so that LLVM turns it into vector shuffles: 3x faster
    than copying a column at a time (the states <-> example-order copies of the forward
    outputs and their gradients, about a sixth of a small forward pass before)."""
    d0, d1, d2, d3 = span(dst, d[0], 8), span(dst, d[1], 8), span(dst, d[2], 8), span(dst, d[3], 8)
    d4, d5, d6, d7 = span(dst, d[4], 8), span(dst, d[5], 8), span(dst, d[6], 8), span(dst, d[7], 8)
    for a in range(8):
        r = span(src, s[a], 8)
        d0[a] = r[0]
        d1[a] = r[1]
        d2[a] = r[2]
        d3[a] = r[3]
        d4[a] = r[4]
        d5[a] = r[5]
        d6[a] = r[6]
        d7[a] = r[7]


@kernel
def _states_to_outputs(states, so, bc, steps, n, order, lo, slot_lengths, out):
    """out[order[lo + j], t] = s_{t+1} of slot j, zero past the example's length (out flat,
    (B, T, n) in example order; the chunk's states at so)."""
    scols = (steps + 1) * bc
    n8, b8 = n - n % 8, bc - bc % 8
    for t in range(steps):
        col = so + (t + 1) * bc
        for j0 in range(0, b8, 8):
            for u0 in range(0, n8, 8):
                _transpose8(states, _rows8(col + u0 * scols + j0, scols), out,
                            _example_rows8(order, lo + j0, steps * n, t * n + u0))
        for j in range(bc):                      # the units and slots outside whole blocks
            row = (order[lo + j] * steps + t) * n
            for u in range(n8 if j < b8 else 0, n):
                out[row + u] = states[col + u * scols + j]
    for j in range(bc):
        row = order[lo + j] * steps * n
        out[row + slot_lengths[lo + j] * n:row + steps * n] = 0


@kernel
def _outputs_to_columns(d_out, order, lo, bc, steps, n, lengths, d_out_t, mo):
    """The inverse copy for the backward pass: d_out (flat, example order) into the chunk's
    (n, T*bc) block of d_out_t at mo, zero past each example's length."""
    cols = steps * bc
    n8, b8 = n - n % 8, bc - bc % 8
    for t in range(steps):
        for j0 in range(0, b8, 8):
            for u0 in range(0, n8, 8):
                _transpose8(d_out, _example_rows8(order, lo + j0, steps * n, t * n + u0),
                            d_out_t, _rows8(mo + u0 * cols + t * bc + j0, cols))
        for j in range(bc):
            row = (order[lo + j] * steps + t) * n
            for u in range(n8 if j < b8 else 0, n):
                d_out_t[mo + u * cols + t * bc + j] = d_out[row + u]
    for j in range(bc):
        for t in range(lengths[j], steps):
            for u in range(n):
                d_out_t[mo + u * cols + t * bc + j] = 0


@kernel
def _rows_to_columns(rows, order, lo, bc, n, buf, off, ld):
    """buf[off + u*ld + j] = rows[order[lo + j], u] for the chunk's slots j and units u: (B, n)
    rows in example order into a feature-major block; zeros when `rows` is empty (no initial
    state given)."""
    for u in range(n):
        block = span(buf, off + u * ld, bc)
        if rows.shape[0] > 0:
            for j in range(bc):
                block[j] = rows[order[lo + j], u]
        else:
            block[:] = 0


@kernel
def _columns_to_rows(buf, off, ld, order, lo, bc, n, rows):
    """The inverse copy: rows[order[lo + j], u] = buf[off + u*ld + j]."""
    for j in range(bc):
        column = buf[off + j::ld][:n]
        row = rows[order[lo + j]]
        for u in range(n):
            row[u] = column[u]


@kernel
def _row_sums(a, off, ld, rows, cols, out, out_off):
    """out[out_off + r] = the sum of a[off + r*ld:][:cols] (the bias gradients)."""
    for r in range(rows):
        total = zero_of(out[out_off + r])
        row = a[off + r * ld:][:cols]
        for col in range(cols):
            total += row[col]
        out[out_off + r] = total


@kernel
def _scatter_input_gradients(d_xtm, xo, order, lo, bc, steps, k, input_mask, d_x):
    """The chunk's time-major input gradients (row t*bc + j at xo) into d_x (B, T, k) in
    example order, times the VariationalInput mask."""
    use_input_mask = input_mask.shape[0] > 0
    for j in range(bc):
        e = order[lo + j]
        for t in range(steps):
            d_row = d_xtm[xo + (t * bc + j) * k:][:k]
            out_row = d_x[e, t]
            if use_input_mask:
                for q in range(k):
                    out_row[q] = d_row[q] * input_mask[e, q]
            else:
                for q in range(k):
                    out_row[q] = d_row[q]


@kernel
def _forward_chunk(lo, hi, x, order, slot_lengths, wx, b, ws, s0, state_mask, input_mask,
                   update_mask, xtm, xp, states, gates, mem, work, step_gates, masked_prev,
                   out, final_state, store):
    """One chunk (slots lo..hi-1): input projections (one GEMM), then the recurrence over time,
    then the outputs (zero past each example's length) and final states in example order."""
    bc = hi - lo
    steps, n = out.shape[1], out.shape[2]
    k = x.shape[2]
    cols = steps * bc
    scols = (steps + 1) * bc
    xo = steps * lo * k
    po = 3 * n * steps * lo
    so = n * (steps + 1) * lo
    wo = 3 * n * lo
    mo = n * lo
    _gather_inputs(lo, hi, x, order, input_mask, xtm)
    gemm(3 * n, cols, k, 1.0, wx, 0, k, False, xtm, xo, k, True, 0.0, xp, po, cols)
    _rows_to_columns(s0, order, lo, bc, n, states, so, scols)
    lengths = slot_lengths[lo:hi]
    active = bc
    for t in range(steps):
        active = _active_count(lengths, t, active)
        # Each callee is called from ONE place, its operands chosen before the call: every
        # call site of a jitted function is inlined and compiled again.
        if active > 0:
            if state_mask.shape[0] > 0:         # VariationalState: mask s_{t-1} in the product
                for u in range(n):
                    for j in range(active):
                        masked_prev[mo + u * bc + j] = (states[so + u * scols + t * bc + j]
                                                        * state_mask[order[lo + j], u])
                prev, prev_off, prev_ld = masked_prev, mo, bc
            else:
                prev, prev_off, prev_ld = states, so + t * bc, scols
            gemm(3 * n, active, n, 1.0, ws, 0, n, False, prev, prev_off, prev_ld, False, 0.0,
                 work, wo, bc)
        if store:                               # training: the gates are kept
            g, g_off, g_ld = gates, po + t * bc, cols
        else:
            g, g_off, g_ld = step_gates, wo, bc
        _step_gates(t, lo, bc, active, n, steps, b, xp, work, g, g_off, g_ld, states, mem, order,
                    update_mask, store)
    _states_to_outputs(states, so, bc, steps, n, order, lo, slot_lengths,
                       out.reshape(out.size))
    _columns_to_rows(states, so + steps * bc, scols, order, lo, bc, n, final_state)


# Each way, a batch of one chunk runs its chunk function, called straight from Python, and a
# split batch a parallel driver over the chunks.  A jitted function's machine code includes a
# copy of every jitted function it calls, optimised and emitted again with it (twice for a
# parallel one: its loop body's module, then its own), so a serial driver around the chunk
# function would compile the chunk's code once more (2.7 s of a first run, measured).
# The parallel drivers must be functions of their own: Numba's on-disk cache is keyed by the
# function, not by the `parallel` flag, so one function compiled both ways loads the wrong
# variant from the cache (measured: "serial" calls launching OpenMP regions).

@parallel_kernel
def _forward_parallel(bounds, x, order, slot_lengths, wx, b, ws, s0, state_mask, input_mask,
                      update_mask, xtm, xp, states, gates, mem, work, step_gates, masked_prev,
                      out, final_state, store):
    for c in prange(bounds.shape[0] - 1):
        _forward_chunk(bounds[c], bounds[c + 1], x, order, slot_lengths, wx, b, ws, s0,
                       state_mask, input_mask, update_mask, xtm, xp, states, gates, mem, work,
                       step_gates, masked_prev, out, final_state, store)


@kernel
def _step_gradients(t, lo, bc, active, n, steps, d_out_t, carry, gates, mem, states, order,
                    update_mask, d_pre, d_rec):
    """Back through step t's gates for the first `active` slots: the pre-activation gradients
    (d_pre; d_rec: the same for the recurrent products, the memory row times r) and the part
    of dL/ds_{t-1} that bypasses the products (carry = ds * i).  Later slots get zeros.
    Short loops over row views, as in `_step_gates`, so that they vectorise."""
    cols = steps * bc
    scols = (steps + 1) * bc
    go = 3 * n * steps * lo + t * bc
    mo = n * steps * lo + t * bc
    co = n * lo
    so = n * (steps + 1) * lo + t * bc
    use_update_mask = update_mask.shape[0] > 0
    for u in range(n):
        rows = (go + u * cols, go + (n + u) * cols, go + (2 * n + u) * cols)
        i_ = span(gates, rows[0], active)
        r_ = span(gates, rows[1], active)
        m_ = span(gates, rows[2], active)
        d_i = span(d_pre, rows[0], active)
        d_r = span(d_pre, rows[1], active)
        d_m = span(d_pre, rows[2], active)
        dr_i = span(d_rec, rows[0], active)
        dr_r = span(d_rec, rows[1], active)
        dr_m = span(d_rec, rows[2], active)
        ds = span(carry, co + u * bc, active)
        d_out_row = span(d_out_t, mo + u * cols, active)
        mem_row = span(mem, mo + u * cols, active)
        prev = span(states, so + u * scols, active)
        for j in range(active):
            ds[j] += d_out_row[j]                             # dL/ds_t
        if use_update_mask:
            for j in range(active):
                mask = update_mask[order[lo + j], t, u]
                d_i[j] = ds[j] * (prev[j] - m_[j] * mask) * (i_[j] - i_[j] * i_[j])
                d_m[j] = (ds[j] - ds[j] * i_[j]) * mask * (one_of(m_[j]) - m_[j] * m_[j])
        else:
            for j in range(active):
                d_i[j] = ds[j] * (prev[j] - m_[j]) * (i_[j] - i_[j] * i_[j])
            for j in range(active):
                d_m[j] = (ds[j] - ds[j] * i_[j]) * (one_of(m_[j]) - m_[j] * m_[j])
        for j in range(active):
            d_r[j] = d_m[j] * mem_row[j] * (r_[j] - r_[j] * r_[j])
        for j in range(active):
            dr_i[j] = d_i[j]
            dr_r[j] = d_r[j]
        for j in range(active):
            dr_m[j] = d_m[j] * r_[j]
        for j in range(active):
            ds[j] = ds[j] * i_[j]                             # the carry to step t-1
        for row in rows:
            d_pre[row + active:row + bc] = 0
            d_rec[row + active:row + bc] = 0


@kernel
def _state_weights_t_times(n, active, ws, ws_t, b, b_off, ldb, beta, c, c_off, ldc):
    """c (n x active) = Ws^T . b (3n x active) + beta c (see `_gate_weights_t_times`)."""
    _gate_weights_t_times(n, 3 * n, active, ws, ws_t, b, b_off, ldb, beta, c, c_off, ldc)


@kernel
def _gate_weights_t_times(n, rows, active, ws, ws_t, b, b_off, ldb, beta, c, c_off, ldc):
    """c (n x active) = Ws^T . b (rows x active) + beta c for stacked state weights Ws (rows x
    n), from the contiguous transpose ws_t when the caller made one (OpenBLAS: 283 against
    387 us at n = 512 for the GRU's product, 11% faster at n = 64, slower at n = 40), else
    from Ws through the transpose flag."""
    if ws_t.shape[0] > 0:
        gemm(n, active, rows, 1.0, ws_t, 0, rows, False, b, b_off, ldb, False, beta, c,
             c_off, ldc)
    else:
        gemm(n, active, rows, 1.0, ws, 0, n, True, b, b_off, ldb, False, beta, c, c_off, ldc)


@kernel
def _backward_chunk(c, lo, hi, order, slot_lengths, wx, ws, ws_t, xtm, states, gates, mem,
                    state_mask, input_mask, update_mask, d_out, d_final, d_out_t, d_pre, d_rec,
                    prev_used, d_xtm, carry, work, d_x, d_wx, d_ws, d_b, d_state0):
    """Back-propagation through time for one chunk, then its weight and input gradients
    (chunk c's d_wx, d_ws, d_b blocks; d_x and d_state0 in example order).

    wx, ws: the weights as used (after VariationalWeights).  Scratch, per-chunk blocks:
    d_out_t (n, T*bc) the output gradient in this layout, zero past lengths; d_pre and d_rec
    (3n, T*bc); prev_used (n, T*bc) the masked previous states (VariationalState only);
    d_xtm (T*bc, k); carry (n, bc) dL/ds of the step being processed; work (n, bc).
    """
    bc = hi - lo
    steps, n = d_out.shape[1], d_out.shape[2]
    k = d_x.shape[2]
    cols = steps * bc
    scols = (steps + 1) * bc
    xo = steps * lo * k
    go = 3 * n * steps * lo
    mo = n * steps * lo
    so = n * (steps + 1) * lo
    co = n * lo
    use_state_mask = state_mask.shape[0] > 0
    lengths = slot_lengths[lo:hi]
    # the output and final-state gradients into this layout, zero past each example's length
    _outputs_to_columns(d_out.reshape(d_out.size), order, lo, bc, steps, n, lengths, d_out_t,
                        mo)
    _rows_to_columns(d_final, order, lo, bc, n, carry, co, bc)
    active = 0
    for t in range(steps - 1, -1, -1):
        while active < bc and lengths[active] > t:
            active += 1
        _step_gradients(t, lo, bc, active, n, steps, d_out_t, carry, gates, mem, states, order,
                        update_mask, d_pre, d_rec)
        if active == 0:
            continue
        # dL/ds_{t-1} += Ws^T . d_rec (through the three recurrent products); one call site
        # (see _forward_chunk)
        if use_state_mask:
            product, beta = work, 0.0
        else:
            product, beta = carry, 1.0
        _state_weights_t_times(n, active, ws, ws_t, d_rec, go + t * bc, cols, beta, product,
                               co, bc)
        if use_state_mask:
            for u in range(n):
                for j in range(active):
                    carry[co + u * bc + j] += (work[co + u * bc + j]
                                               * state_mask[order[lo + j], u])
    _columns_to_rows(carry, co, bc, order, lo, bc, n, d_state0)

    # Weight, bias and input gradients over all of the chunk's (step, slot) columns at once.
    bo = 3 * n * c
    _row_sums(d_pre, go, cols, 3 * n, cols, d_b, bo)
    gemm(3 * n, k, cols, 1.0, d_pre, go, cols, False, xtm, xo, k, False, 0.0, d_wx, bo * k, k)
    if use_state_mask:
        for u in range(n):
            for col in range(cols):
                prev_used[mo + u * cols + col] = (states[so + u * scols + col]
                                                  * state_mask[order[lo + col % bc], u])
        prev, prev_off, prev_ld = prev_used, mo, cols
    else:
        prev, prev_off, prev_ld = states, so, scols
    gemm(3 * n, n, cols, 1.0, d_rec, go, cols, False, prev, prev_off, prev_ld, True, 0.0,
         d_ws, bo * n, n)
    gemm(cols, k, 3 * n, 1.0, d_pre, go, cols, True, wx, 0, k, False, 0.0, d_xtm, xo, k)
    _scatter_input_gradients(d_xtm, xo, order, lo, bc, steps, k, input_mask, d_x)


@parallel_kernel
def _backward_parallel(bounds, order, slot_lengths, wx, ws, ws_t, xtm, states, gates, mem,
                       state_mask, input_mask, update_mask, d_out, d_final, d_out_t, d_pre,
                       d_rec, prev_used, d_xtm, carry, work, d_x, d_wx, d_ws, d_b, d_state0):
    for c in prange(bounds.shape[0] - 1):
        # np.int64: a prange index is unsigned in the parallel loop's body and signed where
        # Numba first types the function, which would compile _backward_chunk twice
        _backward_chunk(np.int64(c), bounds[c], bounds[c + 1], order, slot_lengths, wx, ws,
                        ws_t, xtm, states, gates, mem, state_mask, input_mask, update_mask, d_out,
                        d_final, d_out_t, d_pre, d_rec, prev_used, d_xtm, carry, work, d_x, d_wx,
                        d_ws, d_b, d_state0)


# --------------------------------------------------------------------------------------------
# Wrappers
# --------------------------------------------------------------------------------------------

# Below this much work per call (batch * steps * n * (n + k), about the multiply-adds of one
# pass) a batch is not split over threads.  On TBB's work-stealing pool (see _jit.py) a split
# costs a few microseconds when a core is free and about nothing when it is not: (64,5,11,40),
# work 652,800, forward 76 -> 50 us; (32,5,11,40), work 326,400, 45 -> 34 us.  Below about
# 100,000 the gain is at most a few microseconds while a busy second core (this machine's is
# shared) can double the call: (64,8,3,5), work 20,480, measured 19 us serial against 19 us
# and, in another minute, 36 us split (2026-11-21).
# On a pool whose starting thread waits for every worker (OpenMP, the fallback) a split call
# waits a scheduler time slice whenever a worker has lost its core (measured 2026-11-21, 2
# cores, load ~1.7, forward + backward: work 0.65M 0.27 ms serial vs 16 ms split; 17.9M 5 ms
# vs 16 ms; 126M 31 ms vs 40 ms), so there only calls of tens of ms are split.
PARALLEL_WORK_STEALING = 100_000
PARALLEL_WORK_BLOCKING = 30_000_000


def parallel_work() -> int:
    """The split threshold of the thread pool in use."""
    return PARALLEL_WORK_STEALING if work_stealing() else PARALLEL_WORK_BLOCKING


@dataclass
class GRUCache:
    """What the forward pass keeps for the backward pass (opaque to callers)."""
    weights: GRUWeights
    ws_used: np.ndarray        # Ws after the VariationalWeights mask
    plan: _Plan
    xtm: np.ndarray            # the inputs as used, per chunk (T*bc, k) time-major
    states: np.ndarray         # per chunk (n, (T+1)*bc)
    gates: np.ndarray          # per chunk (3n, T*bc)
    mem: np.ndarray            # per chunk (n, T*bc)
    masks: "GRUDropoutMasks"
    shape: tuple               # (B, T, k, n)


@dataclass
class GRUGradients:
    arrays: dict               # WL array name -> gradient
    input: np.ndarray          # (B, T, k)
    initial_state: np.ndarray  # (B, n)


@kernel
def _length_bounds(lengths):
    """(shortest, longest) of a non-empty lengths vector."""
    shortest = longest = lengths[0]
    for value in lengths:
        shortest = min(shortest, value)
        longest = max(longest, value)
    return shortest, longest


class _Plan(NamedTuple):
    """How a batch is split over threads: chunk c holds slots bounds[c]..bounds[c+1]-1, slot j
    holds example order[j], of length slot_lengths[j]."""
    bounds: np.ndarray
    order: np.ndarray
    slot_lengths: np.ndarray


# Plans of equal-length batches, by (batch, steps, chunks): the common case (NetTrain's
# batches, bench shapes) needs no per-call index arrays.  Small and bounded.
_EQUAL_PLANS: dict = {}


def _plan(lengths, batch, steps, k, n) -> _Plan:
    """Check the lengths (ValueError: a programming error) and choose chunks and slot order.

    Equal lengths keep the batch order and split it in contiguous parts; mixed lengths are
    sorted by decreasing length and dealt round-robin to the chunks (balancing the work), each
    chunk's slots staying sorted.
    """
    lengths = np.asarray(lengths)
    if lengths.shape != (batch,) or lengths.dtype.kind not in "iu":
        raise ValueError(f"lengths must be an integer vector of size {batch}")
    shortest, longest = _length_bounds(lengths) if batch else (steps, steps)
    if shortest < 0 or longest > steps:
        raise ValueError(f"lengths must lie in 0..{steps}")
    work = batch * steps * n * (n + k)
    chunks = 1 if batch < 2 or work < parallel_work() else min(thread_count(), batch)
    if shortest == longest == steps:
        key = (batch, steps, chunks)
        plan = _EQUAL_PLANS.get(key)
        if plan is None:
            if len(_EQUAL_PLANS) > 256:
                _EQUAL_PLANS.clear()
            bounds = np.array([(c * batch) // chunks for c in range(chunks + 1)], np.int64)
            plan = _Plan(bounds, np.arange(batch, dtype=np.int64),
                         np.full(batch, steps, np.int64))
            _EQUAL_PLANS[key] = plan
        return plan
    lengths = lengths.astype(np.int64, copy=False)
    by_length = np.argsort(-lengths, kind="stable")
    parts = [by_length[c::chunks] for c in range(chunks)]
    order = np.concatenate(parts).astype(np.int64)
    bounds = np.array([0] + [len(p) for p in parts], np.int64).cumsum()
    return _Plan(bounds, order, np.ascontiguousarray(lengths[order]))


def _mask_or_empty(mask, ndim, dtype):
    """A mask in the computation's dtype, or an empty array of its rank when the method is off
    (the kernels test the size)."""
    if mask is None:
        return _EMPTY[dtype.char, ndim]
    return np.ascontiguousarray(mask, dtype=dtype)


def gru_forward(x, lengths, weights, initial_state=None, masks: "GRUDropoutMasks | None" = None,
                keep_for_backward=True):
    """Run the layer on a padded batch.

    x: (B, T, k) float32 or float64 (the dtype of the computation); lengths: (B,) ints in
    0..T; weights: GRUWeights or a mapping of the nine WL-named arrays; initial_state: (B, n)
    or None for zeros; masks: dropout masks (training) or None.
    Returns (output (B, T, n), final_state (B, n), cache for gru_backward); the cache is None
    when keep_for_backward is False (inference: its memory goes straight back to the pool).
    """
    x = np.asarray(x)
    if x.ndim != 3 or x.dtype.char not in "fd":
        raise ValueError("x must be a (batch, steps, k) float32/float64 array")
    dtype = x.dtype
    if not isinstance(weights, GRUWeights) or weights.ws.dtype != dtype:
        weights = pack_gru_weights(_as_mapping(weights), dtype)
    batch, steps, k = x.shape
    n = weights.ws.shape[1]
    if weights.wx.shape[1] != k:
        raise ValueError(f"input size {k} does not match the weights' {weights.wx.shape[1]}")
    masks = masks or _NO_MASKS
    if initial_state is None:
        s0 = _EMPTY[dtype.char, 2]                 # the kernel starts from zeros
    else:
        s0 = np.ascontiguousarray(initial_state, dtype=dtype)
        if s0.shape != (batch, n):
            raise ValueError(f"initial_state must have shape {(batch, n)}")

    plan = _plan(lengths, batch, steps, k, n)
    ws_used = weights.ws if masks.weights is None else weights.ws * masks.weights.astype(dtype)
    xtm = workspace.take((steps * batch * k,), dtype)
    xp = workspace.take((3 * n * steps * batch,), dtype)
    states = workspace.take((n * (steps + 1) * batch,), dtype)
    if keep_for_backward:
        gates = workspace.take((3 * n * steps * batch,), dtype)
        mem = workspace.take((n * steps * batch,), dtype)
    else:  # inference: the gates are not stored
        gates = mem = _EMPTY[dtype.char, 1]
    work = np.empty(3 * n * batch, dtype)
    step_gates = np.empty(0 if keep_for_backward else 3 * n * batch, dtype)
    masked_prev = np.empty(n * batch if masks.state is not None else 0, dtype)
    out = np.empty((batch, steps, n), dtype)
    final_state = np.empty((batch, n), dtype)
    wx_flat, ws_flat = weights.flat
    if masks is _NO_MASKS:                       # inference and most training: no dropout
        state_mask = input_mask = _EMPTY[dtype.char, 2]
        update_mask = _EMPTY[dtype.char, 3]
    else:
        state_mask = _mask_or_empty(masks.state, 2, dtype)
        input_mask = _mask_or_empty(masks.input, 2, dtype)
        update_mask = _mask_or_empty(masks.update, 3, dtype)
        if masks.weights is not None:
            ws_flat = ws_used.reshape(-1)
    arguments = (x if x.flags.c_contiguous else np.ascontiguousarray(x), plan.order,
                 plan.slot_lengths, wx_flat, weights.b, ws_flat, s0, state_mask, input_mask,
                 update_mask, xtm, xp, states, gates, mem, work, step_gates, masked_prev, out,
                 final_state, keep_for_backward)
    if len(plan.bounds) > 2:
        _forward_parallel(plan.bounds, *arguments)
    else:                                        # one chunk: the whole batch
        _forward_chunk(0, batch, *arguments)
    workspace.give(xp)
    if not keep_for_backward:
        workspace.give(xtm, states)
        return out, final_state, None
    cache = GRUCache(weights, ws_used, plan, xtm, states, gates, mem, masks,
                     (batch, steps, k, n))
    workspace.release_with(cache, xtm, states, gates, mem)
    return out, final_state, cache


# From this state size on the backward pass multiplies by a contiguous transpose of Ws
# (see _state_weights_t_times).
TRANSPOSED_WS_MIN = 64


def gru_backward(cache: GRUCache, d_output, d_final_state=None) -> GRUGradients:
    """Gradients of all nine arrays, the input and the initial state.

    d_output: (B, T, n) gradient of the output sequence (entries past lengths are ignored);
    d_final_state: (B, n) gradient of the final state, or None.
    """
    batch, steps, k, n = cache.shape
    dtype = cache.states.dtype
    d_output = np.ascontiguousarray(d_output, dtype=dtype)
    if d_output.shape != (batch, steps, n):
        raise ValueError(f"d_output must have shape {(batch, steps, n)}")
    if d_final_state is None:
        d_final = np.zeros((batch, n), dtype)
    else:
        d_final = np.ascontiguousarray(d_final_state, dtype=dtype)
        if d_final.shape != (batch, n):
            raise ValueError(f"d_final_state must have shape {(batch, n)}")

    plan, masks = cache.plan, cache.masks
    chunks = len(plan.bounds) - 1
    d_x = np.empty((batch, steps, k), dtype)
    d_wx = np.empty((chunks, 3 * n, k), dtype)
    d_ws = np.empty((chunks, 3 * n, n), dtype)
    d_b = np.empty((chunks, 3 * n), dtype)
    d_state0 = np.empty((batch, n), dtype)
    d_out_t = workspace.take((n * steps * batch,), dtype)
    d_pre = workspace.take((3 * n * steps * batch,), dtype)
    d_rec = workspace.take((3 * n * steps * batch,), dtype)
    prev_used = workspace.take((n * steps * batch if masks.state is not None else 0,), dtype)
    d_xtm = workspace.take((steps * batch * k,), dtype)
    carry = np.empty(n * batch, dtype)
    work = np.empty(n * batch, dtype)
    if n < TRANSPOSED_WS_MIN:
        ws_t = _EMPTY[dtype.char, 1]
    elif masks.weights is None:
        ws_t = cache.weights.ws_t
    else:
        ws_t = np.ascontiguousarray(cache.ws_used.T).reshape(-1)
    arguments = (plan.order, plan.slot_lengths, cache.weights.wx.reshape(-1),
                 cache.ws_used.reshape(-1), ws_t, cache.xtm, cache.states, cache.gates,
                 cache.mem, _mask_or_empty(masks.state, 2, dtype),
                 _mask_or_empty(masks.input, 2, dtype), _mask_or_empty(masks.update, 3, dtype),
                 d_output, d_final, d_out_t, d_pre, d_rec, prev_used, d_xtm, carry, work, d_x,
                 d_wx.reshape(-1), d_ws.reshape(-1), d_b.reshape(-1), d_state0)
    if chunks > 1:
        _backward_parallel(plan.bounds, *arguments)
    else:                                        # one chunk: the whole batch
        _backward_chunk(0, 0, batch, *arguments)
    workspace.give(d_out_t, d_pre, d_rec, prev_used, d_xtm)
    d_wx, d_ws, d_b = (a[0] if chunks == 1 else a.sum(axis=0) for a in (d_wx, d_ws, d_b))
    if masks.weights is not None:
        d_ws *= masks.weights
    return GRUGradients(unpack_gru_gradients(d_wx, d_ws, d_b), d_x, d_state0)


_NO_MASKS = GRUDropoutMasks()
_EMPTY = {(char, ndim): np.zeros((0,) * ndim, char) for char in "fd" for ndim in (1, 2, 3)}


def _as_mapping(weights):
    if isinstance(weights, GRUWeights):  # a different dtype: unpack and repack
        return unpack_gru_gradients(weights.wx, weights.ws, weights.b)
    return weights
