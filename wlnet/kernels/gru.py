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
- The batch is split into one chunk of examples per thread (``numba.prange``). Examples are
  independent, so a chunk runs its whole recurrence with no synchronisation (one thread-pool
  launch per call, not one per step), calling single-threaded BLAS on its own rows.
- Per chunk: the input projections of every step of every example are ONE GEMM; then the
  recurrence runs over time on a time-major state buffer whose examples are sorted by
  decreasing length, so at step t the examples still running are a contiguous prefix and each
  step is one contiguous GEMM, and nothing is computed past an example's own length. The gate
  activations of a step are computed as whole-block passes with a vectorisable exp.
- Back-propagation through time is fused the same way; it stores the per-step gate gradients
  so that the weight gradients are ONE GEMM each after the loop, not per-step outer products.
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

from dataclasses import dataclass
from typing import Mapping, NamedTuple

import numpy as np

from numba import prange

from . import _workspace as workspace
from ._jit import kernel, parallel_kernel, thread_count
from ._linalg import VECTOR_EXP_MIN, exp_into, matmul_into, sigmoid, tanh

ARRAY_NAMES = (
    "InputGateInputWeights", "InputGateStateWeights", "InputGateBiases",
    "ResetGateInputWeights", "ResetGateStateWeights", "ResetGateBiases",
    "MemoryGateInputWeights", "MemoryGateStateWeights", "MemoryGateBiases",
)
GATES = ("InputGate", "ResetGate", "MemoryGate")  # stacking order of the three gates
_STACKED = {suffix: tuple(gate + suffix for gate in GATES)
            for suffix in ("InputWeights", "StateWeights", "Biases")}

DROPOUT_METHODS = ("VariationalWeights", "VariationalInput", "VariationalState", "StateUpdate")

# --------------------------------------------------------------------------------------------
# Packed weights
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GRUWeights:
    """The nine arrays stacked gate-wise (i, r, m) in one dtype, ready for the kernels.

    ``wx`` (3n, k), ``ws`` (3n, n), ``b`` (3n), and contiguous transposes ``wx_t`` (k, 3n),
    ``ws_t`` (n, 3n) for the forward products.
    Pack once per evaluation (or per training step) with `pack_gru_weights`.
    """
    wx: np.ndarray
    ws: np.ndarray
    b: np.ndarray
    wx_t: np.ndarray
    ws_t: np.ndarray

    @property
    def n(self) -> int:
        return self.ws.shape[1]

    @property
    def k(self) -> int:
        return self.wx.shape[1]

    @property
    def dtype(self):
        return self.ws.dtype


def pack_gru_weights(arrays: Mapping[str, np.ndarray], dtype=np.float32) -> GRUWeights:
    """Stack the nine named arrays (WL names, see ARRAY_NAMES) into a GRUWeights of `dtype`."""
    missing = [name for name in ARRAY_NAMES if name not in arrays]
    if missing:
        raise ValueError(f"missing GRU arrays: {missing}")
    dtype = np.dtype(dtype)

    def stack(suffix):  # runs once per GRU per training step: converting while concatenating
        return np.concatenate([arrays[name] for name in _STACKED[suffix]], axis=0, dtype=dtype)

    wx, ws, b = stack("InputWeights"), stack("StateWeights"), stack("Biases")
    n = ws.shape[1]
    if ws.shape != (3 * n, n) or b.shape != (3 * n,) or wx.ndim != 2 or wx.shape[0] != 3 * n:
        raise ValueError(f"inconsistent GRU array shapes: Wx {wx.shape}, Ws {ws.shape}, b {b.shape}")
    return GRUWeights(wx, ws, b, np.ascontiguousarray(wx.T), np.ascontiguousarray(ws.T))


def unpack_gru_gradients(d_wx, d_ws, d_b) -> dict:
    """Split stacked gradients back into the nine WL-named arrays."""
    n = d_ws.shape[1]
    out = {}
    for g, gate in enumerate(GATES):
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

    weights (3n, n) on the stacked state weights; input (batch, k); state (batch, n);
    update (batch, T, n).
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
                           dtype=np.float32) -> GRUDropoutMasks:
    """Draw the masks of the dropout methods named in `probabilities` (method -> p in [0, 1))."""
    unknown = set(probabilities) - set(DROPOUT_METHODS)
    if unknown:
        raise ValueError(f"unknown GRU dropout methods: {sorted(unknown)}")
    shapes = {
        "VariationalWeights": (3 * n, n),
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
# others, calling single-threaded BLAS on its own rows. Within a chunk, examples sit in "slots"
# sorted by decreasing length, so the examples still running at step t are a prefix of the
# chunk's slots and each step's recurrent product is one contiguous GEMM.
#
# Arrays indexed by slot (in chunk order): x_slot/xp/d_pre/d_x_slot (B*T rows, example-major),
# gates/mem_products/update_mask (B, T, .), s0_slot/state_mask (B, n). Arrays indexed by the
# original example: out, final_state, d_out, d_final, d_state0 (through `order`). Per-chunk
# time-major blocks in flat buffers: states ((T+1), bc, n) and d_rec, prev_used (T*bc rows).
# --------------------------------------------------------------------------------------------

@kernel
def _active_count(sorted_lengths, t, current):
    """Number of slots (sorted by decreasing length) still running at step t."""
    while current > 0 and sorted_lengths[current - 1] <= t:
        current -= 1
    return current


@kernel
def _forward_chunk(x2, wx_t, b, ws_t, order, lengths, s0, state_mask, update_mask, xp,
                   states, gates, mem_products, work, masked_prev, out, final_state, store):
    """One chunk of bc examples: input projections (one GEMM), then the recurrence over time.

    states (T+1, bc, n): filled for t = 0..T; slots past their example's length carry the last
    state forward (finite values, so the backward pass's products over all slots stay exact).
    gates (bc, T, 3n): i, r, m; mem_products (bc, T, n): Wms.s_{t-1} (written only when
    `store`, i.e. for a backward pass); out zero past lengths.
    """
    bc = lengths.shape[0]
    steps, n = out.shape[1], out.shape[2]
    if bc * steps > 0:
        matmul_into(x2, wx_t, xp, bc * steps)
    use_state_mask = state_mask.shape[0] > 0
    use_update_mask = update_mask.shape[0] > 0
    for j in range(bc):
        for u in range(n):
            states[0, j, u] = s0[j, u]
    # Scratch for the vectorised gate activations (allocated once, outside the time loop).
    vector_exp = bc * n >= VECTOR_EXP_MIN
    size = bc * n if vector_exp else 0
    e_buf = np.empty(2 * size)
    bits = np.empty(2 * size, np.int64)
    r_buf = np.empty(size)
    a_buf = np.empty(size)
    active = bc
    for t in range(steps):
        active = _active_count(lengths, t, active)
        prev = states[t]
        if use_state_mask:
            for j in range(active):
                for u in range(n):
                    masked_prev[j, u] = prev[j, u] * state_mask[j, u]
            matmul_into(masked_prev, ws_t, work, active)
        else:
            matmul_into(prev, ws_t, work, active)
        cur = states[t + 1]
        if vector_exp:
            _step_gates_vectorised(t, steps, active, xp, b, work, prev, gates, mem_products,
                                   update_mask, cur, e_buf, bits, r_buf, a_buf, store)
        else:
            for j in range(active):
                row = j * steps + t
                for u in range(n):
                    i = sigmoid(xp[row, u] + b[u] + work[j, u])
                    r = sigmoid(xp[row, n + u] + b[n + u] + work[j, n + u])
                    mp = work[j, 2 * n + u]
                    m = tanh(xp[row, 2 * n + u] + b[2 * n + u] + r * mp)
                    if store:
                        gates[j, t, u] = i
                        gates[j, t, n + u] = r
                        gates[j, t, 2 * n + u] = m
                        mem_products[j, t, u] = mp
                    if use_update_mask:
                        m = m * update_mask[j, t, u]
                    cur[j, u] = (1 - i) * m + i * prev[j, u]
        for j in range(active):
            e = order[j]
            for u in range(n):
                out[e, t, u] = cur[j, u]
        for j in range(active, bc):
            e = order[j]
            for u in range(n):
                cur[j, u] = prev[j, u]
                out[e, t, u] = 0
    for j in range(bc):
        e = order[j]
        for u in range(n):
            final_state[e, u] = states[steps, j, u]


@kernel
def _step_gates_vectorised(t, steps, active, xp, b, work, prev, gates, mem_products,
                           update_mask, cur, e_buf, bits, r_buf, a_buf, store):
    """Gates and new states of the `active` running slots at step t, as whole-block passes so
    that the exponentials vectorise (exp_into over active*2n, then active*n values).

    Same contract as the scalar loop in `_forward_chunk`; e_buf/bits (>= active*2n) and
    r_buf/a_buf (>= active*n) are scratch.
    """
    n = prev.shape[1]
    w = 2 * n
    for j in range(active):
        row = j * steps + t
        for u in range(w):
            e_buf[j * w + u] = -(xp[row, u] + b[u] + work[j, u])
    exp_into(e_buf, bits, active * w)
    for j in range(active):
        row = j * steps + t
        for u in range(w):
            e_buf[j * w + u] = 1 / (1 + e_buf[j * w + u])
        if store:
            for u in range(w):
                gates[j, t, u] = e_buf[j * w + u]
            for u in range(n):
                mem_products[j, t, u] = work[j, w + u]
        for u in range(n):
            a = xp[row, w + u] + b[w + u] + e_buf[j * w + n + u] * work[j, w + u]
            a_buf[j * n + u] = a
            r_buf[j * n + u] = -2 * abs(a)
    exp_into(r_buf, bits, active * n)
    use_update_mask = update_mask.shape[0] > 0
    for j in range(active):
        for u in range(n):
            e = r_buf[j * n + u]
            m = (1 - e) / (1 + e)
            m = m if a_buf[j * n + u] >= 0 else -m
            if store:
                gates[j, t, w + u] = m
            if use_update_mask:
                m = m * update_mask[j, t, u]
            i = e_buf[j * w + u]
            cur[j, u] = (1 - i) * m + i * prev[j, u]


@kernel
def _forward_one_chunk(c, bounds, x_slot, wx_t, b, ws_t, order, slot_lengths, s0_slot,
                       state_mask, update_mask, xp, states_flat, gates, mem_products, work,
                       masked_prev, out, final_state, store):
    """`_forward_chunk` on chunk c, the slots bounds[c]..bounds[c+1]-1, through views."""
    steps, n = out.shape[1], out.shape[2]
    lo, hi = bounds[c], bounds[c + 1]
    sm = state_mask[lo:hi] if state_mask.shape[0] > 0 else state_mask
    um = update_mask[lo:hi] if update_mask.shape[0] > 0 else update_mask
    states = states_flat[(steps + 1) * lo * n:(steps + 1) * hi * n].reshape((steps + 1, hi - lo, n))
    _forward_chunk(x_slot[lo * steps:hi * steps], wx_t, b, ws_t, order[lo:hi],
                   slot_lengths[lo:hi], s0_slot[lo:hi], sm, um, xp[lo * steps:hi * steps],
                   states, gates[lo:hi], mem_products[lo:hi], work[lo:hi], masked_prev[lo:hi],
                   out, final_state, store)


# Two drivers each way, serial (one chunk: no thread-pool launch) and parallel (a chunk per
# thread). They must be distinct Python functions: Numba's on-disk cache is keyed by the
# function, not by the `parallel` flag, so one function compiled both ways loads the wrong
# variant from the cache (measured: "serial" calls launching OpenMP regions).

@kernel
def _forward_serial(bounds, x_slot, wx_t, b, ws_t, order, slot_lengths, s0_slot, state_mask,
                    update_mask, xp, states_flat, gates, mem_products, out, final_state, store):
    batch, n = out.shape[0], out.shape[2]
    work = np.empty((batch, 3 * n), dtype=out.dtype)
    masked_prev = np.empty((batch, n), dtype=out.dtype)
    for c in range(bounds.shape[0] - 1):
        _forward_one_chunk(c, bounds, x_slot, wx_t, b, ws_t, order, slot_lengths, s0_slot,
                           state_mask, update_mask, xp, states_flat, gates, mem_products, work,
                           masked_prev, out, final_state, store)


@parallel_kernel
def _forward_parallel(bounds, x_slot, wx_t, b, ws_t, order, slot_lengths, s0_slot, state_mask,
                      update_mask, xp, states_flat, gates, mem_products, out, final_state, store):
    batch, n = out.shape[0], out.shape[2]
    work = np.empty((batch, 3 * n), dtype=out.dtype)
    masked_prev = np.empty((batch, n), dtype=out.dtype)
    for c in prange(bounds.shape[0] - 1):
        _forward_one_chunk(c, bounds, x_slot, wx_t, b, ws_t, order, slot_lengths, s0_slot,
                           state_mask, update_mask, xp, states_flat, gates, mem_products, work,
                           masked_prev, out, final_state, store)


@kernel
def _backward_chunk(order, lengths, wx, ws, x2, states, gates, mem_products, state_mask,
                    update_mask, d_out, d_final, d_pre, d_rec, prev_used, d_x2, d_wx, d_ws, d_b,
                    d_state0, carry, work):
    """Back-propagation through time for one chunk, then its weight and input gradients.

    wx (3n, k), ws (3n, n): the weights as used (after VariationalWeights); x2 (bc*T, k): the
    input as used. Scratch: d_pre (bc*T, 3n): gradients of the gate pre-activations (rows past
    lengths zero); d_rec (T*bc, 3n), time-major: gradients w.r.t. the recurrent products
    Ws.s_{t-1}; prev_used (T*bc, n); carry (bc, n): dL/ds of the step being processed.
    Outputs: d_x2 (bc*T, k), this chunk's d_wx (3n, k), d_ws (3n, n), d_b (3n); d_state0.
    """
    bc = lengths.shape[0]
    steps, n = d_out.shape[1], d_out.shape[2]
    use_state_mask = state_mask.shape[0] > 0
    use_update_mask = update_mask.shape[0] > 0
    for j in range(bc):
        e = order[j]
        for u in range(n):
            carry[j, u] = d_final[e, u]
    active = 0
    for t in range(steps - 1, -1, -1):
        while active < bc and lengths[active] > t:
            active += 1
        prev = states[t]
        base = t * bc
        for j in range(active):
            row = j * steps + t
            e = order[j]
            for u in range(n):
                ds = d_out[e, t, u] + carry[j, u]
                i = gates[j, t, u]
                r = gates[j, t, n + u]
                m = gates[j, t, 2 * n + u]
                if use_update_mask:
                    mu = m * update_mask[j, t, u]
                    dm = ds * (1 - i) * update_mask[j, t, u]
                else:
                    mu = m
                    dm = ds * (1 - i)
                da_i = ds * (prev[j, u] - mu) * i * (1 - i)
                da_m = dm * (1 - m * m)
                da_r = da_m * mem_products[j, t, u] * r * (1 - r)
                d_pre[row, u] = da_i
                d_pre[row, n + u] = da_r
                d_pre[row, 2 * n + u] = da_m
                d_rec[base + j, u] = da_i
                d_rec[base + j, n + u] = da_r
                d_rec[base + j, 2 * n + u] = da_m * r
                carry[j, u] = ds * i
        for j in range(active, bc):
            for c in range(3 * n):
                d_pre[j * steps + t, c] = 0
                d_rec[base + j, c] = 0
        matmul_into(d_rec[base:base + bc], ws, work, active)
        for j in range(active):
            for u in range(n):
                if use_state_mask:
                    carry[j, u] += work[j, u] * state_mask[j, u]
                else:
                    carry[j, u] += work[j, u]
    for j in range(bc):
        e = order[j]
        for u in range(n):
            d_state0[e, u] = carry[j, u]

    # Weight, bias and input gradients over all of the chunk's (step, example) rows at once.
    if use_state_mask:
        for t in range(steps):
            for j in range(bc):
                for u in range(n):
                    prev_used[t * bc + j, u] = states[t, j, u] * state_mask[j, u]
        prev_rows = prev_used
    else:
        prev_rows = states[:steps].reshape((steps * bc, n))
    d_b[:] = 0
    for row in range(bc * steps):
        for c in range(3 * n):
            d_b[c] += d_pre[row, c]
    if bc * steps > 0:
        np.dot(d_pre.T, x2, d_wx)
        np.dot(d_rec.T, prev_rows, d_ws)
        matmul_into(d_pre, wx, d_x2, bc * steps)
    else:
        d_wx[:] = 0
        d_ws[:] = 0


@kernel
def _backward_one_chunk(c, bounds, order, slot_lengths, wx, ws, x_slot, states_flat, gates,
                        mem_products, state_mask, update_mask, d_out, d_final, d_pre,
                        d_rec_flat, prev_flat, d_x_slot, d_wx, d_ws, d_b, d_state0, carry, work):
    """`_backward_chunk` on chunk c; its weight gradients go to d_wx[c], d_ws[c], d_b[c]."""
    steps, n = d_out.shape[1], d_out.shape[2]
    lo, hi = bounds[c], bounds[c + 1]
    bc = hi - lo
    sm = state_mask[lo:hi] if state_mask.shape[0] > 0 else state_mask
    um = update_mask[lo:hi] if update_mask.shape[0] > 0 else update_mask
    states = states_flat[(steps + 1) * lo * n:(steps + 1) * hi * n].reshape((steps + 1, bc, n))
    d_rec = d_rec_flat[steps * lo * 3 * n:steps * hi * 3 * n].reshape((steps * bc, 3 * n))
    prev_used = prev_flat[steps * lo * n:steps * hi * n].reshape((steps * bc, n))
    _backward_chunk(order[lo:hi], slot_lengths[lo:hi], wx, ws, x_slot[lo * steps:hi * steps],
                    states, gates[lo:hi], mem_products[lo:hi], sm, um, d_out, d_final,
                    d_pre[lo * steps:hi * steps], d_rec, prev_used,
                    d_x_slot[lo * steps:hi * steps], d_wx[c], d_ws[c], d_b[c], d_state0,
                    carry[lo:hi], work[lo:hi])


@kernel
def _backward_serial(bounds, order, slot_lengths, wx, ws, x_slot, states_flat, gates,
                     mem_products, state_mask, update_mask, d_out, d_final, d_pre, d_rec_flat,
                     prev_flat, d_x_slot, d_wx, d_ws, d_b, d_state0):
    batch, n = d_out.shape[0], d_out.shape[2]
    carry = np.empty((batch, n), dtype=d_out.dtype)
    work = np.empty((batch, n), dtype=d_out.dtype)
    for c in range(bounds.shape[0] - 1):
        _backward_one_chunk(c, bounds, order, slot_lengths, wx, ws, x_slot, states_flat, gates,
                            mem_products, state_mask, update_mask, d_out, d_final, d_pre,
                            d_rec_flat, prev_flat, d_x_slot, d_wx, d_ws, d_b, d_state0, carry,
                            work)


@parallel_kernel
def _backward_parallel(bounds, order, slot_lengths, wx, ws, x_slot, states_flat, gates,
                       mem_products, state_mask, update_mask, d_out, d_final, d_pre, d_rec_flat,
                       prev_flat, d_x_slot, d_wx, d_ws, d_b, d_state0):
    batch, n = d_out.shape[0], d_out.shape[2]
    carry = np.empty((batch, n), dtype=d_out.dtype)
    work = np.empty((batch, n), dtype=d_out.dtype)
    for c in prange(bounds.shape[0] - 1):
        _backward_one_chunk(c, bounds, order, slot_lengths, wx, ws, x_slot, states_flat, gates,
                            mem_products, state_mask, update_mask, d_out, d_final, d_pre,
                            d_rec_flat, prev_flat, d_x_slot, d_wx, d_ws, d_b, d_state0, carry,
                            work)


# --------------------------------------------------------------------------------------------
# Wrappers
# --------------------------------------------------------------------------------------------

# Below this much work per call (batch * steps * n * (n + k), about the multiply-adds of one
# pass) a batch is not split over threads.  A split call waits for its slowest thread, and on
# a small shared machine a thread that loses its core waits a scheduler time slice (several
# ms).  Measured 2026-11-21 (2 cores, load ~1.7, NUMBA_NUM_THREADS=2, forward + backward):
# work 0.65M (the addition net's GRUs at batch 64) 0.27 ms serial vs 16 ms split; 17.9M 5 ms
# vs 16 ms; 126M 31 ms vs 40 ms (an idle machine was not available to measure).  So only
# calls of tens of ms are split; the seed applications' GRUs always run serially.
PARALLEL_WORK = 30_000_000


@dataclass
class GRUCache:
    """What the forward pass keeps for the backward pass (opaque to callers)."""
    weights: GRUWeights
    ws_used: np.ndarray        # Ws after the VariationalWeights mask
    x_slot: np.ndarray         # x after the VariationalInput mask, in slot order, (B*T, k)
    plan: _Plan
    states_flat: np.ndarray
    gates: np.ndarray
    mem_products: np.ndarray
    masks: "GRUDropoutMasks"
    state_mask_slot: np.ndarray
    update_mask_slot: np.ndarray
    shape: tuple               # (B, T, k, n)


@dataclass
class GRUGradients:
    arrays: dict               # WL array name -> gradient
    input: np.ndarray          # (B, T, k)
    initial_state: np.ndarray  # (B, n)


def _check_lengths(lengths, batch, steps):
    """lengths as int64, and whether they are all equal."""
    lengths = np.asarray(lengths)
    if lengths.shape != (batch,) or lengths.dtype.kind not in "iu":
        raise ValueError(f"lengths must be an integer vector of size {batch}")
    if batch == 0:
        return lengths.astype(np.int64), True
    if batch <= 16:  # for tiny batches Python's min/max beat two numpy reductions
        values = lengths.tolist()
        shortest, longest = min(values), max(values)
    else:
        shortest, longest = int(lengths.min()), int(lengths.max())
    if shortest < 0 or longest > steps:
        raise ValueError(f"lengths must lie in 0..{steps}")
    return lengths.astype(np.int64, copy=False), shortest == longest


class _Plan(NamedTuple):
    """How a batch is split over threads: chunk c holds slots bounds[c]..bounds[c+1]-1, slot j
    holds example order[j], of length slot_lengths[j]; identity: order is 0..B-1."""
    bounds: np.ndarray
    order: np.ndarray
    slot_lengths: np.ndarray
    identity: bool


def _plan(lengths, equal_lengths, steps, k, n):
    """Chunks and slot order.

    Equal lengths keep the batch order and split it in contiguous parts; mixed lengths are
    sorted by decreasing length and dealt round-robin to the chunks (balancing the work), each
    chunk's slots staying sorted.
    """
    batch = lengths.shape[0]
    work = batch * steps * n * (n + k)
    chunks = 1 if batch < 2 or work < PARALLEL_WORK else min(thread_count(), batch)
    if equal_lengths:
        bounds = np.array([(c * batch) // chunks for c in range(chunks + 1)], np.int64)
        return _Plan(bounds, np.arange(batch, dtype=np.int64), lengths, True)
    by_length = np.argsort(-lengths, kind="stable")
    parts = [by_length[c::chunks] for c in range(chunks)]
    order = np.concatenate(parts).astype(np.int64)
    bounds = np.array([0] + [len(p) for p in parts], np.int64).cumsum()
    return _Plan(bounds, order, np.ascontiguousarray(lengths[order]), False)


def _in_slot_order(a, plan):
    """a in slot order (a copy unless the order is the identity), C-contiguous."""
    return np.ascontiguousarray(a) if plan.identity else np.ascontiguousarray(a[plan.order])


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
    lengths, equal_lengths = _check_lengths(lengths, batch, steps)
    masks = masks or _NO_MASKS
    if initial_state is not None:
        initial_state = np.asarray(initial_state, dtype=dtype)
        if initial_state.shape != (batch, n):
            raise ValueError(f"initial_state must have shape {(batch, n)}")

    plan = _plan(lengths, equal_lengths, steps, k, n)
    x_used = x if masks.input is None else x * masks.input.astype(dtype)[:, None, :]
    x_slot = _in_slot_order(x_used, plan).reshape(batch * steps, k)
    ws_used = weights.ws if masks.weights is None else weights.ws * masks.weights.astype(dtype)
    ws_t = weights.ws_t if masks.weights is None else np.ascontiguousarray(ws_used.T)
    s0_slot = (np.zeros((batch, n), dtype) if initial_state is None
               else _in_slot_order(initial_state, plan))
    state_mask = _slot_mask(masks.state, plan, 2, dtype)
    update_mask = _slot_mask(masks.update, plan, 3, dtype)

    xp = workspace.take((batch * steps, 3 * n), dtype)
    states_flat = workspace.take(((steps + 1) * batch * n,), dtype)
    if keep_for_backward:
        gates = workspace.take((batch, steps, 3 * n), dtype)
        mem_products = workspace.take((batch, steps, n), dtype)
    else:  # inference: the gates are not stored
        gates = _EMPTY[dtype.char, 3]
        mem_products = _EMPTY[dtype.char, 3]
    out = np.empty((batch, steps, n), dtype)
    final_state = np.empty((batch, n), dtype)
    driver = _forward_parallel if len(plan.bounds) > 2 else _forward_serial
    driver(plan.bounds, x_slot, weights.wx_t, weights.b, ws_t, plan.order, plan.slot_lengths,
           s0_slot, state_mask, update_mask, xp, states_flat, gates, mem_products, out,
           final_state, keep_for_backward)
    workspace.give(xp)
    if not keep_for_backward:
        workspace.give(states_flat)
        return out, final_state, None
    cache = GRUCache(weights, ws_used, x_slot, plan, states_flat, gates, mem_products, masks,
                     state_mask, update_mask, (batch, steps, k, n))
    workspace.release_with(cache, states_flat, gates, mem_products)
    return out, final_state, cache


def gru_backward(cache: GRUCache, d_output, d_final_state=None) -> GRUGradients:
    """Gradients of all nine arrays, the input and the initial state.

    d_output: (B, T, n) gradient of the output sequence (entries past lengths are ignored);
    d_final_state: (B, n) gradient of the final state, or None.
    """
    batch, steps, k, n = cache.shape
    dtype = cache.states_flat.dtype
    d_output = np.ascontiguousarray(d_output, dtype=dtype)
    if d_output.shape != (batch, steps, n):
        raise ValueError(f"d_output must have shape {(batch, steps, n)}")
    if d_final_state is None:
        d_final = np.zeros((batch, n), dtype)
    else:
        d_final = np.ascontiguousarray(d_final_state, dtype=dtype)
        if d_final.shape != (batch, n):
            raise ValueError(f"d_final_state must have shape {(batch, n)}")

    plan = cache.plan
    chunks = len(plan.bounds) - 1
    d_x_slot = np.empty((batch * steps, k), dtype)
    d_wx = np.empty((chunks, 3 * n, k), dtype)
    d_ws = np.empty((chunks, 3 * n, n), dtype)
    d_b = np.empty((chunks, 3 * n), dtype)
    d_state0 = np.empty((batch, n), dtype)
    driver = _backward_parallel if chunks > 1 else _backward_serial
    d_pre = workspace.take((batch * steps, 3 * n), dtype)
    d_rec = workspace.take((steps * batch * 3 * n,), dtype)
    prev = workspace.take((steps * batch * n,), dtype)
    driver(plan.bounds, plan.order, plan.slot_lengths, cache.weights.wx, cache.ws_used,
           cache.x_slot, cache.states_flat, cache.gates, cache.mem_products,
           cache.state_mask_slot, cache.update_mask_slot, d_output, d_final, d_pre, d_rec, prev,
           d_x_slot, d_wx, d_ws, d_b, d_state0)
    workspace.give(d_pre, d_rec, prev)
    d_wx, d_ws, d_b = (a[0] if chunks == 1 else a.sum(axis=0) for a in (d_wx, d_ws, d_b))
    if cache.masks.weights is not None:
        d_ws *= cache.masks.weights
    if plan.identity:
        d_x = d_x_slot.reshape(batch, steps, k)
    else:
        d_x = np.empty((batch, steps, k), dtype)
        d_x[plan.order] = d_x_slot.reshape(batch, steps, k)
    if cache.masks.input is not None:
        d_x *= cache.masks.input[:, None, :]
    return GRUGradients(unpack_gru_gradients(d_wx, d_ws, d_b), d_x, d_state0)


_NO_MASKS = GRUDropoutMasks()
_EMPTY = {(char, ndim): np.zeros((0,) * ndim, char) for char in "fd" for ndim in (2, 3)}


def _slot_mask(mask, plan, ndim, dtype):
    """A per-example mask in slot order, or an empty array of the same rank when off."""
    if mask is None:
        return _EMPTY[dtype.char, ndim]  # read-only use: the kernels only test its size
    return _in_slot_order(mask.astype(dtype, copy=False), plan)


def _as_mapping(weights):
    if isinstance(weights, GRUWeights):  # a different dtype: unpack and repack
        return unpack_gru_gradients(weights.wx, weights.ws, weights.b)
    return weights
