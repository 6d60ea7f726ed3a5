"""GatedRecurrentLayer: forward and back-propagation through time.

The seed page's equations (Chung et al. 2014 variant), for each example of a batch:

    i_t = LogisticSigmoid[Wix.x_t + Wis.s_{t-1} + bi]        input (update) gate
    r_t = LogisticSigmoid[Wrx.x_t + Wrs.s_{t-1} + br]        reset gate
    m_t = Tanh[Wmx.x_t + r_t * (Wms.s_{t-1}) + bm]           memory gate (reset AFTER the product)
    s_t = (1 - i_t) * m_t + i_t * s_{t-1}

Layout of the work
------------------
- The three gates' arrays are stacked in the order (i, r, m): ``Wx`` (3n, k), ``Ws`` (3n, n),
  ``b`` (3n).
- The machinery is shared with the LSTM (`recurrent.py`, which describes it): the batch is
  split into one chunk of examples per thread when the call is big enough for the thread
  pool in use (`parallel_work`). Examples are independent, so a chunk runs its whole
  recurrence with no synchronisation (one thread-pool launch per call, not one per step),
  calling single-threaded BLAS on its own blocks.  This module holds the GRU's gate
  arithmetic both ways (`_step_gates`, `_step_gradients`) and its chunk functions.
- Per chunk, everything is feature-major and time-major (see recurrent.py): the
  recurrence runs over a state buffer whose slots are sorted by decreasing length, so at
  step t the examples still running are the first columns, and nothing is computed past an
  example's own length.  Each step's products read ONE operand [x_t ; s_{t-1}] of those
  columns (`recurrent.step_operand`): the update and reset gates' pre-activations as one
  register-tiled product [Wx | Ws] (2n x (k + n)) with their biases, the memory gate's input
  and state parts as two (the reset gate scales the state's part alone) from the blocks of
  [Wmx | Wms] (`_step_products`); no input projections of all steps are made beforehand.
  The gate activations run along
  contiguous rows with an exp, sigmoid and tanh that vectorise in the working precision.
- Back-propagation through time is fused the same way; it keeps the per-step gate gradients
  so that the weight gradients are GEMMs over many steps, not per-step outer products: one
  each per group of `GROUP_STEPS` steps from a block in L2 when the weight gradients' block
  is small (`groups_gradients`; the group's input gradients then by one register-tiled
  product, `recurrent.group_input_gradients`), else one each after the loop over a
  buffer of all steps, written by streaming stores when large (`recurrent.streams`).  Each
  step's output gradients are brought into this layout as the step is reached
  (`recurrent.examples_to_step`).
- Inputs and outputs stay in the caller's (batch, T, .) example order; the kernels gather and
  scatter them (8 x 8 blocks transposed in vector registers for the outputs and their
  gradients).
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

An inference call of one chunk on packed weights, with every example at its full length and
neither an initial state nor dropout, runs by ONE kernel of few arguments
(`_short_inference_chunk`): a small call's Python set-up and dispatch cost as much as a
fifth of its arithmetic.  The gates' float32 LogisticSigmoid is `_linalg`'s 16-lane runs,
compiled into this module's kernels (after editing them, edit this text too: Numba's cache
keys on it).

Kernels are pure functions over preallocated arrays; `gru_forward` / `gru_backward` validate
their arguments (raising ValueError for programming errors, never for user data, which the net
layer checks first) and allocate.

Typical executor use:

    weights = pack_gru_weights(arrays, np.float32)          # once per plan / training step
    out, final, cache = gru_forward(x, lengths, weights, s0, masks)
    grads = gru_backward(cache, d_out, d_final)             # grads.arrays[name], .input, ...
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Mapping

import numpy as np

from . import _workspace as workspace
from ._jit import kernel
from ._linalg import fast_tanh, logistic_run, one_of, span
from .recurrent import (  # noqa: F401  (GateWeights, parallel_work, ...: the GRU's public API)
    BLOCK_ROWS, EMPTY, GROUP_STEPS, NO_MASKS, PARALLEL_WORK_BLOCKING, PARALLEL_WORK_STEALING,
    active_count, block_outputs, blocked_rows, blocked_state_weights, blocked_tiles, check_input,
    copies_step_rows, copy_run, columns_to_rows, combined_weights, DropoutMasks,
    examples_to_step,
    final_gradient, forward_scratch, GateWeights, gather_inputs, give_forward_scratch,
    _length_bounds, make_dropout_masks, mask_arrays, output_gradient,
    pack_gate_weights, parallel_work, plan, prefetch_run, rows_to_columns, run_chunks,
    short_call_scratch, state_gradient_product, step_gate_block, step_operand,
    store_fence, stream_run, streams, take_lines, CONTIGUOUS_STEP_ROWS,
    groups_weight_gradients, group_input_gradients, mask_previous_states,
    scatter_input_gradients,
    zero_past_lengths, _to_blocks, unpack_gate_gradients, weight_gradients,
)
from .recurrent import initial_state as _initial_state   # gru_forward's argument has its name

ARRAY_NAMES = (
    "InputGateInputWeights", "InputGateStateWeights", "InputGateBiases",
    "ResetGateInputWeights", "ResetGateStateWeights", "ResetGateBiases",
    "MemoryGateInputWeights", "MemoryGateStateWeights", "MemoryGateBiases",
)
GATES = ("InputGate", "ResetGate", "MemoryGate")  # stacking order of the three gates
G = len(GATES)

GRUWeights = GateWeights
GRUDropoutMasks = DropoutMasks


def pack_gru_weights(arrays: Mapping[str, np.ndarray], dtype=np.float32) -> GateWeights:
    """Stack the nine named arrays (WL names, see ARRAY_NAMES) into a GateWeights of `dtype`."""
    dtype = np.dtype(dtype)
    parts = [arrays.get(name) for name in ARRAY_NAMES]
    if _packs_in_one_call(parts, dtype):
        return _pack_in_one_call(parts, dtype)
    return pack_gate_weights(arrays, GATES, dtype)


def _packs_in_one_call(parts, dtype) -> bool:
    """Whether the nine arrays (ARRAY_NAMES order) are what `_pack_kernel` takes: writable
    C-contiguous arrays of `dtype` (NetTrain's views of its flat buffer; a net's read-only
    arrays would be another compiled variant, and take the general path) of the GRU's
    shapes, (n, k), (n, n), (n,) per gate.  The last arrays found fit are remembered (and
    held, so that their identities stay theirs): NetTrain packs the same views after every
    optimizer step, and checking nine arrays' flags costs as much as packing them.  (Should
    one of them be made read-only afterwards, the kernel would compile a variant for it:
    the same numbers.)"""
    last = _FIT[0]
    if len(last) == 10 and last[0] == dtype and all(map(operator.is_, parts, last[1:])):
        return True
    if not _fits(parts, dtype):
        return False
    _FIT[0] = (dtype, *parts)
    return True


_FIT = [()]         # (dtype, *the nine arrays) last found fit for `_pack_kernel`


def _fits(parts, dtype) -> bool:
    first = parts[0]
    if type(first) is not np.ndarray or first.ndim != 2:
        return False
    n, k = first.shape
    for index, a in enumerate(parts):
        if type(a) is not np.ndarray or a.dtype != dtype or not a.flags.c_contiguous \
                or not a.flags.writeable \
                or a.shape != ((n, k), (n, n), (n,))[index % 3]:
            return False
    return True


def _pack_in_one_call(parts, dtype) -> GateWeights:
    """GateWeights of the nine arrays with the stacked arrays and the backward pass's register
    blocks (GateWeights' cached `blocked_t`) made at once; the forward pass's
    blocks of [Wx | Ws] are made on its first call (`combined_weights`).  NetTrain packs a
    GRU after every optimizer step: one copying kernel and the block layout straight into
    its array, instead of three concatenations and the general `blocked_rows` (12 -> about
    6 us at the x/y net's n = 5, k = 3)."""
    n, k = parts[0].shape
    rows = G * n
    wx, ws, b = (np.empty((rows, k), dtype), np.empty((rows, n), dtype),
                 np.empty(rows, dtype))
    weights = GateWeights(wx, ws, b)
    blocked_t = np.empty(_blocks(n) * rows, dtype)
    _pack_kernel(*parts, wx, ws, b)
    _to_blocks(ws, True, blocked_t)          # (called from here, not from _pack_kernel: a
    #                                          kernel compiles a copy of every kernel it calls)
    # GateWeights' cached properties, filled in (a cached_property keeps its value in the
    # instance's __dict__): the same arrays `blocked_rows` would make
    weights.__dict__["blocked_t"] = blocked_t
    return weights


def _blocks(rows: int) -> int:
    """Rows rounded up to whole register blocks (the size of `blocked_rows`'s layout)."""
    return -(-rows // BLOCK_ROWS) * BLOCK_ROWS


@kernel
def _pack_kernel(i_x, i_s, i_b, r_x, r_s, r_b, m_x, m_s, m_b, wx, ws, b):
    """The gates' arrays stacked (i, r, m) into wx, ws, b."""
    n, k = i_x.shape
    for u in range(n):           # loops, not slice assignments: those took 5 s to compile
        for j in range(k):
            wx[u, j] = i_x[u, j]
            wx[n + u, j] = r_x[u, j]
            wx[2 * n + u, j] = m_x[u, j]
        for j in range(n):
            ws[u, j] = i_s[u, j]
            ws[n + u, j] = r_s[u, j]
            ws[2 * n + u, j] = m_s[u, j]
        b[u] = i_b[u]
        b[n + u] = r_b[u]
        b[2 * n + u] = m_b[u]


def unpack_gru_gradients(d_wx, d_ws, d_b) -> dict:
    """Split stacked gradients back into the nine WL-named arrays."""
    return unpack_gate_gradients(d_wx, d_ws, d_b, GATES)


def make_gru_dropout_masks(rng: np.random.Generator, probabilities: Mapping[str, float],
                           batch: int, steps: int, input_size: int, n: int,
                           dtype=np.float32, gates: int = G) -> DropoutMasks:
    """Draw the masks of the dropout methods named in `probabilities` (method -> p in [0, 1))."""
    return make_dropout_masks(rng, probabilities, batch, steps, input_size, n, dtype, gates)


# --------------------------------------------------------------------------------------------
# Numba kernels: the GRU's buffers beside the shared ones (recurrent.py's layout, rows = 3n):
#   gates T blocks (3n, bc) i, r, m and mem T blocks (n, bc) Wms.s_{t-1}, one per step
#   (`stored_step_offset`; both kept for the backward pass)
#   d_all (4n, T*bc) backward: the gradients in the rows of `GRADIENT_ROWS` (all steps)
#   d_grp GROUP_STEPS steps' gradients: (4n, GROUP_STEPS*bc) or GROUP_STEPS blocks (4n, bc)
# --------------------------------------------------------------------------------------------

@kernel
def _step_products(t, lo, bc, active, n, steps, w_ir, w_m, b_ir, b_m, x, order, input_mask,
                   states, state_mask, initial, in_place, operand, work, xm, ms_buf, ms_off):
    """Step t's products over the running slots from ONE operand [x_t ; s_{t-1}]
    (`step_operand`): the update and reset gates' pre-activations [Wx | Ws] . [x_t ; s_{t-1}]
    + b (their rows of the chunk's work block; w_ir: the blocks of their 2n rows); the memory
    gate's input part Wmx.x_t + bm into the chunk's (n, bc) block of xm and, apart (the reset
    gate scales it), Wms.s_{t-1} into the (n, bc) block at ms_off of ms_buf (w_m: the blocks
    of [Wmx | Wms], whose inner indices from k on are Ws's): the memory gate's rows of work
    in inference, the step's block of the stored mem in training (`stored_step_offset`),
    which the backward reads (made there, not copied there).  Without an initial state the
    first step multiplies the inputs' parts alone, and Wms.s_0 is zero.  When `in_place`,
    s_{t-1} is in the operand already (`_forward_chunk`)."""
    k = x.shape[2]
    width = k + n
    with_state = t > 0 or initial
    co = step_operand(t, lo, bc, active, n, steps, x, order, input_mask, states,
                      n * (steps + 1) * lo, state_mask, with_state and not in_place, operand)
    wo = G * n * lo
    blocked_tiles(2 * n, width if with_state else k, width, 0, active, w_ir, operand, co, bc,
                  False, work, wo, bc, True, b_ir, work, wo, bc)
    blocked_tiles(n, k, width, 0, active, w_m, operand, co, bc, False, xm, n * lo, bc, True,
                  b_m, xm, n * lo, bc)
    if with_state:
        blocked_tiles(n, n, width, k, active, w_m, operand, co + k * bc, bc, False, ms_buf,
                      ms_off, bc, False, b_m, ms_buf, ms_off, bc)
    else:
        for u in range(n):
            span(ms_buf, ms_off + u * bc, active)[:] = 0


@kernel
def _step_gates(t, lo, bc, active, n, steps, work, xm, ms_buf, ms_off, g, g_off, g_ld, sbuf,
                s_prev, s_cur, s_ld, mem, order, update_mask, store):
    """Gates and new states of the first `active` slots at step t; later slots carry their
    state.  s_{t-1} is read from sbuf at s_prev, s_t written at s_cur (row stride s_ld): the
    states' columns, or the operand's s rows in place (`_forward_chunk`).  work holds the
    step's update and reset gates' pre-activations (`_step_products`, rows i, r of 3n, row
    stride bc), ms_buf at ms_off Wms.s_{t-1} (row stride bc: in training the step's block of
    mem, which the backward reads), xm the memory gate's Wmx.x_t + bm;
    the gates go to g (rows i, r, m of 3n; this step's block at g_off, row stride g_ld): the
    stored gates, or a step-sized scratch in inference.

    Written for LLVM's vectoriser (measured 10x): one short loop per quantity, each touching
    few arrays (a fused loop needs more run-time aliasing checks than LLVM makes), over row
    views indexed from 0 (an index like `offset + j` may be negative as far as LLVM knows, and
    Numba's wraparound test on it blocks vectorisation); LogisticSigmoid by `logistic_run`
    (float32: 16-lane vectors).
    """
    mo = stored_step_offset(t, lo, bc, n, steps)  # this step's block of mem (training)
    wo = G * n * lo                              # the chunk's work block
    xo = n * lo                                  # ... and xm block
    use_update_mask = update_mask.shape[0] > 0
    ahead = t + 1 < steps
    for r in range(2 * n):
        logistic_run(work, wo + r * bc, g, g_off + r * g_ld, active, False)
    for u in range(n):
        if ahead:               # this unit's rows at the next step (see recurrent.prefetch)
            if store:
                for row in range(G):        # (stored: blocks of row stride bc)
                    prefetch_run(g, g_off + (G * n + row * n + u) * bc, bc)
                prefetch_run(mem, mo + (n + u) * bc, bc)
            if s_cur != s_prev:
                prefetch_run(sbuf, s_cur + u * s_ld + bc, bc)
        x_m = span(xm, xo + u * bc, active)
        w_m = span(ms_buf, ms_off + u * bc, active)
        g_i = span(g, g_off + u * g_ld, active)
        g_r = span(g, g_off + (n + u) * g_ld, active)
        g_m = span(g, g_off + (2 * n + u) * g_ld, active)
        prev = span(sbuf, s_prev + u * s_ld, bc)
        cur = span(sbuf, s_cur + u * s_ld, bc)
        for j in range(active):
            g_m[j] = fast_tanh(x_m[j] + g_r[j] * w_m[j])
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
def _forward_chunk(c, lo, hi, x, order, slot_lengths, w_ir, w_m, b_ir, b_m, s0, state_mask,
                   input_mask, update_mask, xtm, states, gates, mem, work, step_gates, operand,
                   xm, out, final_state, store):
    """One chunk (slots lo..hi-1): the inputs time-major for the backward pass (training),
    the recurrence over time (each step's products from one operand, `_step_products`, then
    the gates), then the outputs (zero past each example's length) and final states in
    example order.  Without a VariationalState mask the states live in the operand's s
    rows, updated in place (as the LSTM's: no copy of s_{t-1} into the operand): in
    inference with every slot running all steps and no update mask (`flat`) they are
    nowhere else; in training each s_t is copied from there into the states buffer, which
    the backward pass reads.  Training stores each step's gates as one contiguous (3n, bc)
    block (`stored_step_offset`), so a step whose every slot runs makes them by flat loops
    (`_flat_gates`).  Each callee is called from ONE place, its operands chosen
    before the call: every call site of a jitted function is compiled again."""
    bc = hi - lo
    steps, n, k = out.shape[1], out.shape[2], x.shape[2]
    scols = (steps + 1) * bc
    so = n * (steps + 1) * lo
    sc = (k + n) * lo + k * bc                   # the operand's s rows
    out_flat = out.reshape(out.size)
    lengths = slot_lengths[lo:hi]
    no_update_mask = update_mask.shape[0] == 0
    flat = (not store and bc > 0 and lengths[bc - 1] == steps and no_update_mask
            and state_mask.shape[0] == 0)
    in_place = flat or (store and state_mask.shape[0] == 0)
    if store:                       # (the weight gradients' GEMMs read them so)
        gather_inputs(lo, hi, x, order, input_mask, xtm)
    if in_place:
        rows_to_columns(s0, order, lo, bc, n, operand, sc, bc)
    if not flat:
        rows_to_columns(s0, order, lo, bc, n, states, so, scols)
    initial = s0.shape[0] > 0
    active = bc
    for t in range(steps):
        active = active_count(lengths, t, active)
        if store:                   # Wms.s_{t-1}: kept for the backward, or the work's m rows
            ms_buf, ms_off = mem, stored_step_offset(t, lo, bc, n, steps)
        else:
            ms_buf, ms_off = work, (G * lo + 2 * bc) * n
        if active > 0:
            _step_products(t, lo, bc, active, n, steps, w_ir, w_m, b_ir, b_m, x, order,
                           input_mask, states, state_mask, initial, in_place, operand, work, xm,
                           ms_buf, ms_off)
        if store:
            g, g_off, g_ld = gates, stored_step_offset(t, lo, bc, G * n, steps), bc
        else:
            g, g_off, g_ld = step_gate_block(t, lo, bc, steps, G * n, store, gates,
                                             step_gates)
        if in_place:
            sbuf, s_prev, s_cur, s_ld = operand, sc, sc, bc
        else:
            sbuf, s_prev, s_cur, s_ld = states, so + t * bc, so + (t + 1) * bc, scols
        if store and in_place and active == bc and no_update_mask:
            _flat_gates(n * bc, work, G * n * lo, xm, n * lo, ms_buf, ms_off, g, g_off, operand,
                        sc)
        else:
            _step_gates(t, lo, bc, active, n, steps, work, xm, ms_buf, ms_off, g, g_off, g_ld,
                        sbuf, s_prev, s_cur, s_ld, mem, order, update_mask, store)
        if store and in_place:
            _keep_states(t, bc, n, steps, operand, sc, states, so)
        block_outputs(sbuf, s_cur, s_ld, bc, steps, n, order, lo, t, out_flat)
    zero_past_lengths(out_flat, order, lo, bc, steps, n, slot_lengths)
    if in_place:
        columns_to_rows(operand, sc, bc, order, lo, bc, n, final_state)
    else:
        columns_to_rows(states, so + steps * bc, scols, order, lo, bc, n, final_state)


@kernel
def _keep_states(t, bc, n, steps, operand, sc, states, so):
    """Training with the states in place: s_t (the operand's s rows at sc) into its columns of
    the chunk's states (at so, row stride (T+1)*bc), which the backward pass reads; the rows'
    next columns prefetched (the hardware prefetcher does not follow n rows pages apart)."""
    scols = (steps + 1) * bc
    at = so + (t + 1) * bc
    ahead = t + 1 < steps
    for u in range(n):
        if ahead:
            prefetch_run(states, at + u * scols + bc, bc)
        copy_run(operand, sc + u * bc, states, at + u * scols, bc)


@kernel
def stored_step_offset(t, lo, bc, rows, steps):
    """Where step t's values are kept in training: the chunk's stored gates (rows = 3n: i, r,
    m) and Wms.s_{t-1} (mem, rows = n) are T contiguous (rows, bc) blocks, one per step (row
    stride bc).  Rows T*bc values apart (a page or more at the large shapes) made each step
    write 4n rows the hardware prefetcher does not follow, and read them back so."""
    return rows * (steps * lo + t * bc)


@kernel
def _short_inference_chunk(x, lengths, order, w_ir, w_m, b_ir, b_m, operand, work, xm,
                           step_gates, out, final_state):
    """A whole inference call of one chunk with every example at its full length, no initial
    state and no dropout (`gru_forward`'s short path): `_forward_chunk`'s steps with the
    states in the operand, without what the general call needs besides (a states buffer,
    the masks' and lengths' arguments, the zeroing past the lengths), the gates by flat
    loops (`_flat_gates`) and the final states by 8 x 8 transposes.  Returns False, having
    done nothing, when some example is shorter."""
    batch, steps, k = x.shape
    n = out.shape[2]
    for e in range(batch):
        if lengths[e] != steps:
            return False
    no_mask = np.empty((0, 0), x.dtype)
    sc = k * batch                               # the operand's s rows
    operand[sc:sc + n * batch] = 0               # s_0
    out_flat = out.reshape(out.size)
    for t in range(steps):
        _step_products(t, 0, batch, batch, n, steps, w_ir, w_m, b_ir, b_m, x, order, no_mask,
                       operand, no_mask, False, True, operand, work, xm, work, 2 * n * batch)
        _flat_gates(n * batch, work, 0, xm, 0, work, 2 * n * batch, step_gates, 0, operand, sc)
        block_outputs(operand, sc, batch, batch, steps, n, order, 0, t, out_flat)
    block_outputs(operand, sc, batch, batch, 1, n, order, 0, 0, final_state.reshape(n * batch))
    return True


@kernel
def _flat_gates(size, work, wo, xm, xo, ms_buf, ms_off, g, g_off, states, so):
    """`_step_gates` of a step whose every slot runs, without masks: the chunk's gates' and
    states' rows are then contiguous runs of size = n*bc values (work at wo: the
    pre-activations of i, r; ms_buf at ms_off: Wms.s_{t-1}; xm at xo: Wmx.x_t + bm; g at
    g_off: the gates
    i, r, m, a step-sized scratch in inference or the step's stored block in training,
    `stored_step_offset`; the states s_{t-1}, then s_t, at so of `states`), so each quantity
    is one flat loop instead of n short ones, with the same arithmetic per value
    (LogisticSigmoid by `logistic_run`, in float32 its 16-lane base-2 form, as
    `_step_gates`).  The short inference path and the training forward call it."""
    logistic_run(work, wo, g, g_off, 2 * size, False)                          # i, r
    x_m, w_m = span(xm, xo, size), span(ms_buf, ms_off, size)
    g_i, g_r = span(g, g_off, size), span(g, g_off + size, size)
    g_m = span(g, g_off + 2 * size, size)
    s = span(states, so, size)
    for j in range(size):
        g_m[j] = fast_tanh(x_m[j] + g_r[j] * w_m[j])
    for j in range(size):
        s[j] = g_m[j] + g_i[j] * (s[j] - g_m[j])                # (1 - i) m + i s_{t-1}


@kernel
def _step_gradients(t, lo, bc, active, n, steps, d_out_t, carry, gates, mem, states, order,
                    update_mask, d_blk, bo, ld):
    """Back through step t's gates for the first `active` slots, into the (4n, bc) block at
    bo of d_blk (row stride ld) in the row order m, i, r, m' (`GRADIENT_ROWS`); later slots
    get zeros.  Also the part of dL/ds_{t-1} that bypasses the products (carry = ds * i).
    d_out_t: the step's output gradients of the running slots, the chunk's (n, bc) block.
    Short loops over row views, as in `_step_gates`, so that they vectorise."""
    scols = (steps + 1) * bc
    gs = stored_step_offset(t, lo, bc, G * n, steps)
    ms = stored_step_offset(t, lo, bc, n, steps)
    co = n * lo
    so = n * (steps + 1) * lo + t * bc
    use_update_mask = update_mask.shape[0] > 0
    before = t > 0
    for u in range(n):
        gate_rows = (gs + u * bc, gs + (n + u) * bc, gs + (2 * n + u) * bc)
        if before:              # this unit's rows at the previous step (see recurrent.prefetch)
            for row in gate_rows:
                prefetch_run(gates, row - G * n * bc, bc)
            prefetch_run(mem, ms + (u - n) * bc, bc)
            prefetch_run(states, so + u * scols - bc, bc)
        i_ = span(gates, gate_rows[0], active)
        r_ = span(gates, gate_rows[1], active)
        m_ = span(gates, gate_rows[2], active)
        d_m = span(d_blk, bo + u * ld, active)
        d_i = span(d_blk, bo + (n + u) * ld, active)
        d_r = span(d_blk, bo + (2 * n + u) * ld, active)
        dr_m = span(d_blk, bo + (3 * n + u) * ld, active)
        ds = span(carry, co + u * bc, active)
        d_out_row = span(d_out_t, co + u * bc, active)
        mem_row = span(mem, ms + u * bc, active)
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
            dr_m[j] = d_m[j] * r_[j]
        for j in range(active):
            ds[j] = ds[j] * i_[j]                             # the carry to step t-1
    if active < bc:
        for row in range(4 * n):
            span(d_blk, bo + row * ld + active, bc - active)[:] = 0


@kernel
def _store_group_gradients(first, count, lo, bc, n, steps, d_grp, d_all, stream):
    """The gradients of steps first..first+count-1 from the chunk's blocks of d_grp (step
    first + i's (4n, bc) block at 4n * (GROUP_STEPS*lo + i*bc), `_step_gradients`) into
    their columns of the chunk's (4n, T*bc) block of d_all, which the weight gradients' GEMMs
    read after the loop: runs of count*bc values per row.  Storing each step's rows there
    instead (4n runs of bc values T*bc apart, memory the hardware prefetcher does not
    follow) cost the large rows' backward pass 10-15% (the step's product then waited on
    its weights).  When `stream`, by streaming stores (`recurrent.stream_run`): d_all is
    then read back only by the GEMMs after the loop, from memory whatever the stores, and
    ordinary ones read each line for ownership and leave it in L2 over the state weights
    the next steps' products read (backward (16, 200, 512, 512) about 8% faster)."""
    cols = steps * bc
    block = 4 * n * bc
    go = GROUP_STEPS * 4 * n * lo
    do = 4 * n * steps * lo + first * bc
    for row in range(4 * n):
        for i in range(count):
            if stream:
                stream_run(d_grp, go + i * block + row * bc, d_all, do + row * cols + i * bc,
                           bc)
            else:
                copy_run(d_grp, go + i * block + row * bc, d_all, do + row * cols + i * bc, bc)


@kernel
def _backward_chunk(c, lo, hi, order, slot_lengths, wx_mir, wxtb_mir, wtb, xtm, states, gates,
                    mem,
                    state_mask, input_mask, update_mask, d_out, d_final, d_out_t, d_grp, d_all,
                    prev_used, d_xtm, carry, work, d_x, d_w, d_b, d_state0):
    """Back-propagation through time for one chunk, then its weight and input gradients
    (chunk c's d_w and d_b blocks in the rows of `GRADIENT_ROWS`; d_x and d_state0 in
    example order).

    wx_mir: the input weights with their rows in the order m, i, r (flat), for the GEMM of
    the input gradients after the loop; wxtb_mir: its transpose in register blocks, for a
    group's (`recurrent.group_input_gradients`); wtb: Ws^T as used (after
    VariationalWeights) in register blocks (`recurrent.blocked_rows`, tiles of BLOCK_ROWS
    rows times two vectors, two blocks' rows times one vector, or half a block's: the
    layout compiled in here).
    Scratch, per-chunk blocks: d_out_t (n, bc) the step's output gradients in this layout;
    d_all (4n, T*bc) every step's gradients (`GRADIENT_ROWS`), for the GEMMs
    after the loop; d_grp (4n * GROUP_STEPS * bc values).  Where a step's gradients go
    depends on the sequence (T*bc columns, when rows of d_all would be a page or more apart:
    `copies_step_rows`) and the sizes:
    - long, and a chunk's weight-gradient block small enough to stay in L2
      (`groups_gradients`: (32, 50, 64, 128)): into d_grp as one (4n, GROUP_STEPS*bc)
      matrix, whose weight and bias gradients are added by GEMMs as soon as the group is
      complete (`weight_gradients` of its columns), as the LSTM's, and its input gradients
      made by one register-tiled product (`group_input_gradients`, through the chunk's (k,
      GROUP_STEPS*bc) block of d_xtm); d_all is not used;
    - long otherwise: into a contiguous (4n, bc) block of d_grp, which the step's product
      reads, stored into d_all when the group is complete (`_store_group_gradients`: runs of
      GROUP_STEPS*bc values a row; by streaming stores when d_all is large, `streams`);
    - short: straight into d_all.
    prev_used (n, T*bc) the masked previous states (VariationalState only); d_xtm (T*bc, k)
    the input gradients, time-major (grouped: a group's (k, GROUP_STEPS*bc), feature-major;
    per chunk k*max(T, GROUP_STEPS)*bc values); carry (n, bc) dL/ds of the step being
    processed; work (n, bc).
    """
    bc = hi - lo
    steps, n, k = d_out.shape[1], d_out.shape[2], d_x.shape[2]
    cols = steps * bc
    lengths = slot_lengths[lo:hi]
    d_out_flat = d_out.reshape(d_out.size)
    rows_to_columns(d_final, order, lo, bc, n, carry, n * lo, bc)
    contiguous = copies_step_rows(cols)
    grouped = groups_gradients(steps, bc, n, k, d_w)
    stream = contiguous and not grouped and streams(4 * n * cols, d_all)
    so = n * (steps + 1) * lo
    masked = state_mask.shape[0] > 0
    if masked:
        mask_previous_states(lo, bc, n, steps, states, so, state_mask, order, prev_used)
    go = 4 * n * GROUP_STEPS * lo                # the chunk's block of d_grp
    active = 0
    for t in range(steps - 1, -1, -1):
        while active < bc and lengths[active] > t:
            active += 1
        first = t - t % GROUP_STEPS              # this step's group: steps first..
        if grouped:
            target, at, ld = d_grp, go + (t - first) * bc, GROUP_STEPS * bc
        elif contiguous:
            target, at, ld = d_grp, go + 4 * n * (t - first) * bc, bc
        else:
            target, at, ld = d_all, 4 * n * steps * lo + t * bc, cols
        # the step's output gradients into this layout as they are needed (an (n, T*bc) copy
        # of all steps made first was written to and read back from beyond L2)
        examples_to_step(d_out_flat, order, lo, active, steps, n, t, d_out_t, n * lo, bc)
        _step_gradients(t, lo, bc, active, n, steps, d_out_t, carry, gates, mem, states, order,
                        update_mask, target, at, ld)
        if active > 0:      # dL/ds_{t-1} += Ws^T . [i, r, m'] (carry holds the part through i)
            state_gradient_product(lo, bc, active, n, G * n, wtb, target, at + n * ld, ld,
                                   state_mask, order, work, carry, True)
        if grouped and t == first:
            count = min(GROUP_STEPS, steps - first)
            weight_gradients(c, lo, bc, G * n, n, k, n, steps, d_grp, go, ld, first, count,
                             first + GROUP_STEPS < steps, xtm, states, so, masked, prev_used,
                             False, wx_mir, d_xtm, d_w, d_b)
            group_input_gradients(lo, bc, k, steps, G * n, wxtb_mir, d_grp, go, ld, first,
                                  count, input_mask, order, d_xtm, d_x)
        elif contiguous and t == first:
            _store_group_gradients(first, min(GROUP_STEPS, steps - first), lo, bc, n, steps,
                                   d_grp, d_all, stream)
    if stream:
        store_fence()
    columns_to_rows(carry, n * lo, bc, order, lo, bc, n, d_state0)
    if not grouped:
        weight_gradients(c, lo, bc, G * n, n, k, n, steps, d_all, 4 * n * steps * lo, cols, 0,
                         steps, False, xtm, states, so, masked, prev_used, True, wx_mir, d_xtm,
                         d_w, d_b)
        scatter_input_gradients(d_xtm, steps * lo * k, order, lo, bc, steps, k, input_mask,
                                d_x)


@kernel
def groups_gradients(steps, bc, n, k, like):
    """Whether a chunk of bc slots keeps its backward pass's gradients group by group
    (`_backward_chunk`): a long sequence (`copies_step_rows`) whose chunk's weight-gradient
    block stays in L2 (`groups_weight_gradients`; `like`: an array of the computation's
    dtype).  The wrapper asks it too, to allocate what the chunks' paths use."""
    return copies_step_rows(steps * bc) and groups_weight_gradients(4 * n * (k + n), like)


# --------------------------------------------------------------------------------------------
# Wrappers
# --------------------------------------------------------------------------------------------

@dataclass
class GRUCache:
    """What the forward pass keeps for the backward pass (opaque to callers)."""
    weights: GateWeights
    ws_used: np.ndarray        # Ws after the VariationalWeights mask
    plan: object               # recurrent.Plan
    xtm: np.ndarray            # the inputs as used, per chunk (T*bc, k) time-major
    states: np.ndarray         # per chunk (n, (T+1)*bc)
    gates: np.ndarray          # per chunk T blocks (3n, bc), one per step
    mem: np.ndarray            # per chunk T blocks (n, bc), one per step
    masks: DropoutMasks
    shape: tuple               # (B, T, k, n)


@dataclass
class GRUGradients:
    arrays: dict               # WL array name -> gradient
    input: np.ndarray          # (B, T, k)
    initial_state: np.ndarray  # (B, n)


def gru_forward(x, lengths, weights, initial_state=None, masks: DropoutMasks | None = None,
                keep_for_backward=True):
    """Run the layer on a padded batch.

    x: (B, T, k) float32 or float64 (the dtype of the computation); lengths: (B,) ints in
    0..T; weights: GRUWeights or a mapping of the nine WL-named arrays; initial_state: (B, n)
    or None for zeros; masks: dropout masks (training) or None.
    Returns (output (B, T, n), final_state (B, n), cache for gru_backward); the cache is None
    when keep_for_backward is False (inference: its memory goes straight back to the pool).
    """
    if (not keep_for_backward and masks is None and initial_state is None
            and isinstance(weights, GateWeights)):
        short = _short_inference(x, lengths, weights)
        if short is not None:
            return short
    x = check_input(x)
    dtype = x.dtype
    if not isinstance(weights, GateWeights) or weights.ws.dtype != dtype:
        weights = pack_gru_weights(_as_mapping(weights), dtype)
    batch, steps, k = x.shape
    n = weights.n
    if weights.k != k:
        raise ValueError(f"input size {k} does not match the weights' {weights.k}")
    masks = masks or NO_MASKS
    s0 = _initial_state(initial_state, batch, n, dtype)

    split, ws_used, buffers, layer_buffer = forward_scratch(
        weights, masks, lengths, batch, steps, keep_for_backward)
    xtm, states, gates, mem, work, step_gates, operand, out, final_state = buffers
    run_chunks(_forward_chunk, split,
               (x, split.order, split.slot_lengths, *_forward_weights(weights, ws_used, masks),
                s0, *mask_arrays(masks, dtype), xtm, states, gates, mem, work, step_gates,
                operand, np.empty(n * batch, dtype), out, final_state, bool(keep_for_backward)),
               dtype)
    give_forward_scratch(buffers, keep_for_backward, layer_buffer)
    if not keep_for_backward:
        return out, final_state, None
    cache = GRUCache(weights, ws_used, split, xtm, states, gates, mem, masks,
                     (batch, steps, k, n))
    workspace.release_with(cache, xtm, states, gates, mem)
    return out, final_state, cache


def _short_inference(x, lengths, weights: GateWeights):
    """An inference call without initial state or dropout by `_short_inference_chunk`, when
    it runs as one chunk on arrays the kernels take as they are and every example is at its
    full length; None otherwise (the general call then checks and runs it)."""
    scratch = short_call_scratch(weights, x, lengths, _short_scratch)
    if scratch is None:
        return None
    batch, steps, _ = x.shape
    n, dtype = weights.n, weights.ws.dtype
    out, final_state = np.empty((batch, steps, n), dtype), np.empty((batch, n), dtype)
    if not _short_inference_chunk(x, lengths, *scratch, out, final_state):
        return None
    return out, final_state, None


def _short_scratch(weights: GateWeights, batch):
    """`_short_inference_chunk`'s arguments after the lengths and before the outputs: the
    slots' order (the batch's), the weight arguments (`_forward_weights`), the operand, the
    step's products, the memory gate's input part and the step's gates."""
    n, k, dtype = weights.n, weights.k, weights.ws.dtype
    return (np.arange(batch, dtype=np.int64), *_forward_weights(weights, weights.ws, NO_MASKS),
            np.empty((k + n) * batch, dtype), np.empty(G * n * batch, dtype),
            np.empty(n * batch, dtype), np.empty(G * n * batch, dtype))


def gru_backward(cache: GRUCache, d_output, d_final_state=None) -> GRUGradients:
    """Gradients of all nine arrays, the input and the initial state.

    d_output: (B, T, n) gradient of the output sequence (entries past lengths are ignored);
    d_final_state: (B, n) gradient of the final state, or None.
    """
    batch, steps, k, n = cache.shape
    dtype = cache.states.dtype
    d_output = output_gradient(d_output, (batch, steps, n), dtype)
    d_final = final_gradient(d_final_state, batch, n, dtype)

    split, masks = cache.plan, cache.masks
    d_x = np.empty((batch, steps, k), dtype)
    chunks = len(split.bounds) - 1
    # (zeros: the parts of the (4n, k + n) blocks no GEMM writes are summed over the chunks)
    d_w, d_b = np.zeros((chunks, 4 * n, k + n), dtype), np.zeros((chunks, 4 * n), dtype)
    d_state0 = np.empty((batch, n), dtype)
    d_out_t = workspace.take((n * batch,), dtype)
    d_grp = workspace.take((GROUP_STEPS * 4 * n * batch,), dtype)
    grouped, ungrouped = _backward_paths(split.bounds, steps, n, k, d_w)
    empty = EMPTY[dtype.char, 1]
    if not ungrouped:                             # every chunk groups: no all-steps buffer
        d_all = d_all_pooled = empty
    elif steps * batch >= CONTIGUOUS_STEP_ROWS:   # some chunk may stream its groups into it
        d_all, d_all_pooled = take_lines(4 * n * steps * batch, dtype)
    else:
        d_all = d_all_pooled = workspace.take((4 * n * steps * batch,), dtype)
    prev_used = workspace.take((n * steps * batch if masks.state is not None else 0,), dtype)
    # the input gradients: all steps' time-major, or a group's feature-major (k*T*bc or
    # k*GROUP_STEPS*bc values at the start of a chunk's k*max(T, GROUP_STEPS)*bc)
    d_xtm = workspace.take((max(steps, GROUP_STEPS) * batch * k,), dtype)
    carry = np.empty(n * batch, dtype)
    work = np.empty(n * batch, dtype)
    wtb = blocked_state_weights(cache.weights, cache.ws_used, masks)
    weights = cache.weights
    run_chunks(_backward_chunk, split,
               (split.order, split.slot_lengths,
                _input_weights_mir(weights) if ungrouped else empty,
                _input_weights_mir_blocked(weights) if grouped else empty,
                wtb, cache.xtm, cache.states, cache.gates,
                cache.mem, *mask_arrays(masks, dtype), d_output, d_final, d_out_t, d_grp, d_all,
                prev_used, d_xtm, carry, work, d_x, d_w.reshape(-1), d_b.reshape(-1),
                d_state0), dtype)
    workspace.give(d_out_t, d_grp, d_all_pooled, prev_used, d_xtm)
    return GRUGradients(_named_gradients(d_w, d_b, masks, k, n), d_x, d_state0)


# The backward pass's gradients are kept in 4n rows, in the order m, i, r, m' (m' = the memory
# gate's times r, the gradient of its recurrent product, which the reset gate scales): the
# pre-activations' rows m, i, r are the first 3n, the recurrent products' i, r, m' the last
# 3n, so the weight gradients are one GEMM of uniform row stride for each of Wx and Ws (with
# the bias sums and the input gradients: three GEMMs, as with two buffers of 3n rows) and a
# step's product reads one block of rows, while 4n rows are stored per step, not 6n.
GRADIENT_ROWS = ("m", "i", "r", "m'")


def _backward_paths(bounds, steps, n, k, like) -> tuple:
    """(whether some chunk, whether some chunk does not) keep their gradients group by group
    (`groups_gradients`, the predicate the chunks use): what the backward pass allocates
    follows."""
    if steps * int(bounds[-1]) < CONTIGUOUS_STEP_ROWS:
        # no chunk has more columns than the batch: none is long (`copies_step_rows`), and
        # a small call's set-up is counted in microseconds
        return False, True
    grouped = ungrouped = False
    for c in range(len(bounds) - 1):
        if groups_gradients(steps, int(bounds[c + 1] - bounds[c]), n, k, like):
            grouped = True
        else:
            ungrouped = True
    return grouped, ungrouped


def _input_weights_mir_blocked(weights: GateWeights) -> np.ndarray:
    """Wx^T with its inner indices in the row order m, i, r, in register blocks
    (`recurrent.blocked_rows`), for the input gradients group by group; made once per
    packing."""
    made = weights.combined.get("gru_wxt_mir")
    if made is None:
        made = blocked_rows(_input_weights_mir(weights).reshape(weights.wx.shape), True)
        weights.combined["gru_wxt_mir"] = made
    return made


def _input_weights_mir(weights: GateWeights) -> np.ndarray:
    """Wx with its rows in the order m, i, r (flat), for the input gradients d_all[m, i, r]^T
    . Wx; made once per packing."""
    made = weights.combined.get("gru_wx_mir")
    if made is None:
        n = weights.n
        made = np.concatenate((weights.wx[2 * n:], weights.wx[:2 * n])).reshape(-1)
        weights.combined["gru_wx_mir"] = made
    return made


def _named_gradients(d_w, d_b, masks: DropoutMasks, k, n) -> dict:
    """The nine WL-named gradients from the chunks' blocks summed (`weight_gradients`: rows
    m, i, r of d_wx and d_b are the first 3n, rows i, r, m of d_ws the last 3n), the state
    weights' through their dropout mask; views, not copies (a small call's set-up is
    counted in microseconds)."""
    d_w, d_b = (a[0] if a.shape[0] == 1 else a.sum(axis=0) for a in (d_w, d_b))
    d_wx, d_ws = d_w[:, :k], d_w[n:, k:]
    if masks.weights is not None:
        d_ws = d_ws * masks.weights
    out = {}
    for g, gate in enumerate(GATES):              # i, r, m: rows n, 2n, 0 of d_wx and d_b
        rows = slice(((g + 1) % G) * n, ((g + 1) % G + 1) * n)
        out[gate + "InputWeights"] = d_wx[rows]
        out[gate + "StateWeights"] = d_ws[g * n:(g + 1) * n]
        out[gate + "Biases"] = d_b[rows]
    return out


def _forward_weights(weights: GateWeights, ws_used, masks: DropoutMasks) -> tuple:
    """The forward chunk's weight arguments: [Wx | Ws] of the update and reset gates' rows
    and of the memory gate's in register blocks (`combined_weights`), and their biases;
    made once per packing (a small call's set-up is counted in microseconds) unless a
    VariationalWeights mask changes Ws."""
    made = weights.combined.get("gru") if masks.weights is None else None
    if made is None:
        n, b = weights.n, weights.b
        made = (combined_weights(weights, ws_used, masks, 0, 2 * n),
                combined_weights(weights, ws_used, masks, 2 * n), b[:2 * n], b[2 * n:])
        if masks.weights is None:
            weights.combined["gru"] = made
    return made


def _as_mapping(weights):
    if isinstance(weights, GateWeights):  # a different dtype: unpack and repack
        return unpack_gru_gradients(weights.wx, weights.ws, weights.b)
    return weights
