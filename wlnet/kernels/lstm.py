"""LongShortTermMemoryLayer: forward and back-propagation through time.

WL's equations, for each example of a batch (no peepholes):

    i_t = LogisticSigmoid[Wix.x_t + Wis.s_{t-1} + bi]        input gate
    o_t = LogisticSigmoid[Wox.x_t + Wos.s_{t-1} + bo]        output gate
    f_t = LogisticSigmoid[Wfx.x_t + Wfs.s_{t-1} + bf]        forget gate
    m_t = Tanh[Wmx.x_t + Wms.s_{t-1} + bm]                   memory gate
    c_t = f_t * c_{t-1} + i_t * m_t                          cell state
    s_t = o_t * Tanh[c_t]                                    state (the output at step t)

The machinery is shared with the GRU (`recurrent.py`, which describes it): the split of a
batch into chunks over threads, the feature-major and time-major buffers with slots sorted by
decreasing length, the register-tiled products, the weight gradients as GEMMs after the
backward loop, the copies between the states and example order, packed weights
(`GateWeights`) and dropout masks.  Unlike the GRU's, each forward step is ONE product
[Wx | Ws] (4n x (k + n)) . [x_t ; s_{t-1}] over the running slots, with the biases added in
its pass (`recurrent.combined_product`): every gate adds its two products, so the step's
pre-activations need no input projections made beforehand; they are contiguous, activated in
place by one loop per function.  The products' register tiles (`recurrent.BLOCK_ROWS` rows
times two vectors of columns, two blocks' rows times one vector, or half a block's) are
compiled into this module's chunk functions, so a change of the tile must come with a change
here, or Numba's cache keeps the old code.  What is the LSTM's own: the four gates (stacked
i, o, f, m), the cell-state buffer beside the states, and the step arithmetic both ways.

Per chunk (see recurrent.py for the column convention, column t*bc + j = slot j at step t):
  operand (k + n, bc)    this step's [x_t ; s_{t-1}]
  states (n, (T+1)*bc)   s_0 .. s_T; in training (k + n, (T+1)*bc): the k rows above the
                         states hold each step's inputs as used (the operand's x_t, copied
                         at each step), so that [x_t ; s_{t-1}] of all steps is one matrix
                         and the weight gradients one GEMM per group of steps
  cells  (T+1, n, bc)    training: c_0 .. c_T in step blocks, as the gates (each step's cell
                         update, Tanh and states are then flat loops over n*bc values);
                         inference: the running c_t, (n, bc), in place
  work   (4n, bc)        this step's pre-activations, then its gates (in place; inference)
  gates  (T, 4n, bc)     training: step by step, each step's block as `work` (the product
                         writes the step's pre-activations there and they are activated in
                         place: nothing is copied, and the backward pass reads a step's
                         gates as one contiguous block; kept in the (4n, T*bc) layout of the
                         other buffers, each step's 4n runs of bc values, thousands of rows
                         apart, were copied out of work one run at a time)
  tanh_c (T, n, bc)      training: Tanh[c_t], step by step likewise
Back through time, dL/ds and dL/dc of the step being processed are carried per slot; every
gate's pre-activation gradient goes through Ws, so dL/ds_{t-1} = Ws^T . d_pre is one GEMM per
step, as is dL/dx_t = Wx^T . d_pre (`step_input_gradients`), and the weight gradients
[d_Wx | d_Ws] += d_pre . [x ; s_{t-1}]^T one GEMM per group of GROUP_STEPS steps, as soon
as the group's gradients are made (`recurrent.group_weight_gradients`; the GRU's backward
does the same for its smaller sizes, `recurrent.weight_gradients`, and makes its input
gradients a group at a time, `recurrent.group_input_gradients`, reading each step's output
gradients as it goes, `recurrent.examples_to_step`).

Inference of one chunk on packed weights, every example at its full length, without initial
states or dropout, is ONE kernel of few arguments (`_short_inference_chunk`, as the GRU's).
The gates' float32 activations and the cell update c_t = f*c_{t-1} + i*m are `_linalg`'s
16-lane runs (`logistic_run`, `lstm_cell_run`, and `lstm_state_run` for a whole inference
step), compiled into this module's kernels (after editing them, edit this text too: Numba's
cache keys on it); every path makes the cell update by `lstm_cell_run`'s rounding, so that
training and inference, flat or unit by unit, give the same bits.

Varying lengths, dropout and validation are as for the GRU: outputs past an example's length
are zero, its final state and cell state are those after its own last step; the dropout
methods act on the same quantities ("StateUpdate" on the memory gate m_t as it enters the
cell state; "VariationalState" on s_{t-1} as it enters the four recurrent products;
"VariationalWeights" on the stacked Ws (4n, n)).

Typical use:

    weights = pack_lstm_weights(arrays, np.float64)
    out, final_state, final_cell, cache = lstm_forward(x, lengths, weights, s0, c0, masks)
    grads = lstm_backward(cache, d_out, d_final_state, d_final_cell)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from . import _workspace as workspace
from ._jit import kernel
from ._linalg import (
    gate_tanh_times_run, logistic_run, lstm_cell_run, lstm_state_run, one_of, span,
)
from .recurrent import (
    CONTIGUOUS_STEP_ROWS, GROUP_STEPS, NO_MASKS, DropoutMasks, GateWeights, active_count,
    block_outputs, blocked_state_weights, check_input, chunk_gradients, columns_to_rows,
    combined_product, combined_weights, copies_step_rows, copy_run, final_gradient,
    forward_scratch, give_forward_scratch, group_weight_gradients, make_dropout_masks,
    mask_arrays, mask_previous_states, output_gradient, outputs_to_columns, pack_gate_weights,
    prefetch_run, rows_to_columns, run_chunks, short_call_scratch, stack_offset,
    stack_step_inputs, state_gradient_product, step_input_gradients, step_outputs,
    summed_gradients, unpack_gate_gradients, zero_past_lengths,
)
from .recurrent import initial_state as _initial_state

GATES = ("InputGate", "OutputGate", "ForgetGate", "MemoryGate")   # stacking order
ARRAY_NAMES = tuple(gate + suffix for gate in GATES
                    for suffix in ("InputWeights", "StateWeights", "Biases"))
G = len(GATES)


def pack_lstm_weights(arrays: Mapping[str, np.ndarray], dtype=np.float32) -> GateWeights:
    """Stack the twelve named arrays (WL names, see ARRAY_NAMES) gate-wise (i, o, f, m)."""
    return pack_gate_weights(arrays, GATES, dtype)


def make_lstm_dropout_masks(rng, probabilities, batch, steps, input_size, n,
                            dtype=np.float32) -> DropoutMasks:
    """The dropout masks of the methods in `probabilities` (as for the GRU, four gates)."""
    return make_dropout_masks(rng, probabilities, batch, steps, input_size, n, dtype, gates=G)


# --------------------------------------------------------------------------------------------
# Numba kernels
# --------------------------------------------------------------------------------------------

@kernel
def _activate_gates(work, wo, n, bc, active):
    """The chunk's pre-activations in work (4n rows of bc at wo: i, o, f, m) into the gates'
    values, in place: LogisticSigmoid on i, o and f, Tanh on m.  When every slot runs, the
    rows of a gate are one contiguous run, so each function is one long vectorised loop (no
    per-unit loop set-up: at 32 slots, about as much as the arithmetic); otherwise row by
    row over the running slots."""
    if active == bc:            # (float32: 16-lane vectors, `logistic_run`, on every path)
        logistic_run(work, wo, work, wo, 3 * n * bc, False)
        logistic_run(work, wo + 3 * n * bc, work, wo + 3 * n * bc, n * bc, True)
        return
    for r in range(4 * n):
        logistic_run(work, wo + r * bc, work, wo + r * bc, active, r >= 3 * n)


@kernel
def _running_cells(work, wo, n, bc, cells, co, states, so):
    """Inference with every slot running: the chunk's running cell states (n, bc at co) to
    c_t = f*c + i*m, and the states o*Tanh[c_t] into the (n, bc) block at so of `states`
    (the gates at wo, rows i, o, f, m of n*bc contiguous values each; the states may take
    the output gate's place in work)."""
    size = n * bc
    lstm_cell_run(work, wo, size, cells, co, co, size)
    gate_tanh_times_run(cells, co, work, wo + size, states, so, size)          # o * Tanh[c]


@kernel
def _step_cells(t, lo, bc, active, n, steps, work, wo, states, s_base, cells, tanh_c, operand,
                sc, order, update_mask, store):
    """Gates, cell states and states of the first `active` slots at step t; later slots carry
    both.  work holds the step's pre-activations at wo (`combined_product`, rows i, o, f, m of
    4n, row stride bc), turned into the gates in place (when `store`, work is this step's
    block of the stored gates: kept for the backward pass as made, with Tanh[c_t] in
    tanh_c).  Short loops over row views, as the GRU's `_step_gates` (they vectorise).  The
    cell states are kept for every step in training, in step blocks as the gates (c_t at
    n*t*bc past the chunk's start, `_cell_block`), and as one running (n, bc) block in
    inference, updated in place: either way a step's cells are n contiguous rows of bc.  With
    every slot running and no StateUpdate mask, the step is flat loops over those blocks, as
    the gates' activations (`_activate_gates`); in training the states s_t are then made in
    the operand's s rows at sc (where the next step's product reads them without a copy:
    `_store_flat_cells`) and copied from there into the stored states per unit, for the
    weight gradients.  The chunk's states are at s_base of `states` (`stack_offset`).
    Returns whether the operand holds s_t."""
    scols = (steps + 1) * bc
    so = s_base + t * bc                         # s_{t-1}'s columns
    to = n * (steps * lo + t * bc)               # this step's block of tanh_c
    c_prev = _cell_block(lo, t, n, bc, steps, store)
    c_cur = _cell_block(lo, t + 1, n, bc, steps, store)
    use_update_mask = update_mask.shape[0] > 0
    ahead = t + 1 < steps
    _activate_gates(work, wo, n, bc, active)
    flat = active == bc and not use_update_mask
    if flat and store:
        _store_flat_cells(work, wo, n, bc, cells, c_prev, c_cur, tanh_c, to, operand, sc)
        for u in range(n):
            copy_run(operand, sc + u * bc, states, so + u * scols + bc, bc)
        return True
    if flat:
        _running_cells(work, wo, n, bc, cells, c_prev, work, wo + n * bc)
    for u in range(n):
        if ahead:               # this unit's rows at the next step (see recurrent.prefetch)
            prefetch_run(states, so + u * scols + 2 * bc, bc)
        if flat:                # (inference: made flat above)
            copy_run(work, wo + (n + u) * bc, states, so + u * scols + bc, bc)
            continue
        g_o = span(work, wo + (n + u) * bc, active)
        prev_s = span(states, so + u * scols, bc)
        cur_s = span(states, so + u * scols + bc, bc)
        prev_c = span(cells, c_prev + u * bc, bc)
        cur_c = span(cells, c_cur + u * bc, bc)
        if use_update_mask:
            g_i = span(work, wo + u * bc, active)
            g_f = span(work, wo + (2 * n + u) * bc, active)
            g_m = span(work, wo + (3 * n + u) * bc, active)
            for j in range(active):
                cur_c[j] = g_f[j] * prev_c[j] + g_i[j] * g_m[j] * update_mask[order[lo + j], t, u]
        else:
            lstm_cell_run(work, wo + u * bc, n * bc, cells, c_prev + u * bc, c_cur + u * bc,
                          active)
        # (the same functions as the flat loops': every path gives the same bits)
        if store:
            logistic_run(cells, c_cur + u * bc, tanh_c, to + u * bc, active, True)
            tc = span(tanh_c, to + u * bc, active)
            for j in range(active):
                cur_s[j] = g_o[j] * tc[j]
        else:
            gate_tanh_times_run(cells, c_cur + u * bc, work, wo + (n + u) * bc, states,
                                so + u * scols + bc, active)
        for j in range(active, bc):
            cur_s[j] = prev_s[j]
            cur_c[j] = prev_c[j]
    return False


@kernel
def _cell_block(lo, t, n, bc, steps, store):
    """Where the chunk's c_t starts in cells (rows of bc): its step block in training (the
    chunk's (T+1) blocks of (n, bc)), the one running block in inference."""
    base = n * (steps + 1) * lo
    return base + t * n * bc if store else base


@kernel
def _store_flat_cells(work, wo, n, bc, cells, c_prev, c_cur, tanh_c, to, operand, sc):
    """Training with every slot running and no StateUpdate mask: c_t = f*c_{t-1} + i*m into
    its step block, Tanh[c_t] into tanh_c (kept for the backward pass) and s_t = o*Tanh[c_t]
    into the operand's s rows at sc, each one flat loop over n*bc values (the gates at wo,
    rows i, o, f, m of n*bc contiguous values each)."""
    size = n * bc
    lstm_cell_run(work, wo, size, cells, c_prev, c_cur, size)
    logistic_run(cells, c_cur, tanh_c, to, size, True)
    g_o = span(work, wo + size, size)
    tc, s = span(tanh_c, to, size), span(operand, sc, size)
    for j in range(size):
        s[j] = g_o[j] * tc[j]


@kernel
def _flat_cells(work, wo, n, bc, cells, co, operand, so):
    """Inference with every slot running all steps, no StateUpdate or VariationalState mask:
    the gates, the running cell states and the states s_t made straight into the operand's
    s rows (at so; `lstm_state_run`: in float32 two passes over the n*bc values, i, f, m
    and the cells, then o and the states), where the next step's product and this step's
    outputs read them: the states buffer, its per-unit copies and the copy of s_{t-1} into
    the operand are not needed (nor a copy of s_t: the product has read s_{t-1} already)."""
    lstm_state_run(work, wo, n * bc, cells, co, operand, so, n * bc)


@kernel
def _forward_chunk(c, lo, hi, x, order, slot_lengths, wxsb, b, s0, state_mask, input_mask,
                   update_mask, states, gates, tanh_c, work, operand, out, final_state, c0, cells,
                   final_cell, store):
    """One chunk (slots lo..hi-1): the recurrence over time (each step's pre-activations by
    one product over [x_t ; s_{t-1}], `combined_product`, then the cells; in training each
    step's inputs as used are kept above the states, `stack_step_inputs`, where the weight
    gradients read them with the states in one GEMM), then the outputs (zero past each
    example's length) and final states in example order.  In inference with every slot
    running all steps and no mask on the states or updates, the states live in the
    operand's s rows alone (`_flat_cells`)."""
    bc = hi - lo
    steps, n, k = out.shape[1], out.shape[2], x.shape[2]
    scols = (steps + 1) * bc
    so = stack_offset(lo, bc, n, k, steps, store)
    sc = (k + n) * lo + k * bc                   # the operand's s rows
    out_flat = out.reshape(out.size)
    lengths = slot_lengths[lo:hi]
    flat = (not store and bc > 0 and lengths[bc - 1] == steps and update_mask.shape[0] == 0
            and state_mask.shape[0] == 0)
    if flat:
        rows_to_columns(s0, order, lo, bc, n, operand, sc, bc)
    else:
        rows_to_columns(s0, order, lo, bc, n, states, so, scols)
    rows_to_columns(c0, order, lo, bc, n, cells, _cell_block(lo, 0, n, bc, steps, store), bc)
    initial = s0.shape[0] > 0
    active = bc
    s_in_operand = flat             # whether the operand's s rows hold s_{t-1}
    for t in range(steps):
        active = active_count(lengths, t, active)
        # the step's pre-activations, then gates: straight into the stored gates in training
        pre, wo = (gates, G * n * (steps * lo + t * bc)) if store else (work, G * n * lo)
        if active > 0:
            combined_product(t, lo, bc, active, n, steps, G * n, wxsb, x, order, input_mask,
                             states, so, state_mask, initial,
                             s_in_operand and state_mask.shape[0] == 0, operand, b, pre, wo)
        if store:
            stack_step_inputs(operand, (k + n) * lo, k, bc, active > 0, states,
                              so - k * scols + t * bc, scols)
        if flat:
            _flat_cells(pre, wo, n, bc, cells, so, operand, sc)
            block_outputs(operand, sc, bc, bc, steps, n, order, lo, t, out_flat)
            continue
        s_in_operand = _step_cells(t, lo, bc, active, n, steps, pre, wo, states, so, cells,
                                   tanh_c, operand, sc, order, update_mask, store)
        if s_in_operand:        # (s_t contiguous and hot there)
            block_outputs(operand, sc, bc, bc, steps, n, order, lo, t, out_flat)
        else:
            step_outputs(states, so, bc, steps, n, order, lo, t, out_flat)
    zero_past_lengths(out_flat, order, lo, bc, steps, n, slot_lengths)
    if flat:
        columns_to_rows(operand, sc, bc, order, lo, bc, n, final_state)
    else:
        columns_to_rows(states, so + steps * bc, scols, order, lo, bc, n, final_state)
    columns_to_rows(cells, _cell_block(lo, steps, n, bc, steps, store), bc, order, lo, bc, n,
                    final_cell)


@kernel
def _short_inference_chunk(x, lengths, order, wxsb, b, operand, work, cells, out, final_state,
                           final_cell):
    """A whole inference call of one chunk with every example at its full length, no initial
    states and no dropout (`lstm_forward`'s short path): `_forward_chunk`'s flat steps, with
    nothing the general call needs (a states buffer, the masks' and lengths' arguments, the
    zeroing past the lengths) and the final states by 8 x 8 transposes.  Returns False,
    having done nothing, when some example is shorter: the general call handles it."""
    batch, steps, k = x.shape
    n = out.shape[2]
    for e in range(batch):
        if lengths[e] != steps:
            return False
    no_mask = np.empty((0, 0), x.dtype)
    sc = k * batch                               # the operand's s rows
    cells[:n * batch] = 0                        # c_0
    operand[sc:sc + n * batch] = 0               # s_0 (the final state when there is no step)
    out_flat = out.reshape(out.size)
    for t in range(steps):
        combined_product(t, 0, batch, batch, n, steps, G * n, wxsb, x, order, no_mask, operand,
                         0, no_mask, False, True, operand, b, work, 0)
        _flat_cells(work, 0, n, batch, cells, 0, operand, sc)
        block_outputs(operand, sc, batch, batch, steps, n, order, 0, t, out_flat)
    block_outputs(operand, sc, batch, batch, 1, n, order, 0, 0, final_state.reshape(n * batch))
    block_outputs(cells, 0, batch, batch, 1, n, order, 0, 0, final_cell.reshape(n * batch))
    return True


@kernel
def _step_gradients(t, lo, bc, active, n, steps, d_out_t, carry_s, carry_c, gates, tanh_c,
                    cells, order, update_mask, d_target, d_off, d_ld):
    """Back through step t for the first `active` slots: the gates' pre-activation gradients
    (4n rows of bc at d_off in d_target, row stride d_ld: `_backward_chunk` says where) and
    the carried dL/dc (times f_t, to step t-1); dL/ds_t is completed with the output gradient
    here, and replaced by Ws^T . d_pre by the caller.  Later slots get zero gradients."""
    cols = steps * bc
    gs = G * n * (steps * lo + t * bc)          # this step's block of the stored gates
    mo = n * steps * lo + t * bc
    ts = n * (steps * lo + t * bc)              # and of tanh_c
    co = n * lo
    cb = n * (steps + 1) * lo + t * n * bc      # c_{t-1}'s step block (see _cell_block)
    use_update_mask = update_mask.shape[0] > 0
    before = t > 0
    if active == bc and not use_update_mask and d_ld == bc:
        _flat_step_gradients(n, bc, cols, d_out_t, mo, carry_s, carry_c, co, gates, gs,
                             tanh_c, ts, cells, cb, d_target, d_off, before)
        return
    for u in range(n):
        rows = (d_off + u * d_ld, d_off + (n + u) * d_ld, d_off + (2 * n + u) * d_ld,
                d_off + (3 * n + u) * d_ld)
        if before:              # this unit's rows at the previous step (see recurrent.prefetch)
            prefetch_run(d_out_t, mo + u * cols - bc, bc)
            prefetch_run(cells, cb + u * bc - n * bc, bc)
        i_ = span(gates, gs + u * bc, active)
        o_ = span(gates, gs + (n + u) * bc, active)
        f_ = span(gates, gs + (2 * n + u) * bc, active)
        m_ = span(gates, gs + (3 * n + u) * bc, active)
        d_i = span(d_target, rows[0], active)
        d_o = span(d_target, rows[1], active)
        d_f = span(d_target, rows[2], active)
        d_m = span(d_target, rows[3], active)
        ds = span(carry_s, co + u * bc, active)
        dc = span(carry_c, co + u * bc, active)
        d_out_row = span(d_out_t, mo + u * cols, active)
        tc = span(tanh_c, ts + u * bc, active)
        prev_c = span(cells, cb + u * bc, active)
        for j in range(active):
            ds[j] += d_out_row[j]                             # dL/ds_t
        for j in range(active):
            d_o[j] = ds[j] * tc[j] * (o_[j] - o_[j] * o_[j])
        for j in range(active):
            dc[j] += ds[j] * o_[j] * (one_of(tc[j]) - tc[j] * tc[j])     # dL/dc_t
        for j in range(active):
            d_f[j] = dc[j] * prev_c[j] * (f_[j] - f_[j] * f_[j])
        if use_update_mask:
            for j in range(active):
                mask = update_mask[order[lo + j], t, u]
                d_i[j] = dc[j] * m_[j] * mask * (i_[j] - i_[j] * i_[j])
                d_m[j] = dc[j] * i_[j] * mask * (one_of(m_[j]) - m_[j] * m_[j])
        else:
            for j in range(active):
                d_i[j] = dc[j] * m_[j] * (i_[j] - i_[j] * i_[j])
            for j in range(active):
                d_m[j] = dc[j] * i_[j] * (one_of(m_[j]) - m_[j] * m_[j])
        for j in range(active):
            dc[j] = dc[j] * f_[j]                             # the cell carry to step t-1
        for row in rows:
            d_target[row + active:row + bc] = 0


@kernel
def _flat_step_gradients(n, bc, cols, d_out_t, mo, carry_s, carry_c, co, gates, gs, tanh_c, ts,
                         cells, cb, d_target, d_off, before):
    """`_step_gradients` with every slot running, no StateUpdate mask and the gradients made
    in a contiguous (4n, bc) block: the step's gates, Tanh[c_t], c_{t-1}, the carries and the
    gradients are each n*bc contiguous values per gate (step blocks), so after dL/ds_t is
    completed unit by unit (the output gradients' rows are T*bc apart) every quantity is one
    flat loop, as the forward's (`_store_flat_cells`), with the same arithmetic per value."""
    size = n * bc
    for u in range(n):
        if before:              # this unit's output gradients at the previous step
            prefetch_run(d_out_t, mo + u * cols - bc, bc)
        ds_u = span(carry_s, co + u * bc, bc)
        d_out_row = span(d_out_t, mo + u * cols, bc)
        for j in range(bc):
            ds_u[j] += d_out_row[j]                           # dL/ds_t
    ds, dc = span(carry_s, co, size), span(carry_c, co, size)
    i_, o_ = span(gates, gs, size), span(gates, gs + size, size)
    f_, m_ = span(gates, gs + 2 * size, size), span(gates, gs + 3 * size, size)
    d_i, d_o = span(d_target, d_off, size), span(d_target, d_off + size, size)
    d_f, d_m = span(d_target, d_off + 2 * size, size), span(d_target, d_off + 3 * size, size)
    tc, prev_c = span(tanh_c, ts, size), span(cells, cb, size)
    for j in range(size):
        d_o[j] = ds[j] * tc[j] * (o_[j] - o_[j] * o_[j])
    for j in range(size):
        dc[j] += ds[j] * o_[j] * (one_of(tc[j]) - tc[j] * tc[j])         # dL/dc_t
    for j in range(size):
        d_f[j] = dc[j] * prev_c[j] * (f_[j] - f_[j] * f_[j])
    for j in range(size):
        d_i[j] = dc[j] * m_[j] * (i_[j] - i_[j] * i_[j])
    for j in range(size):
        d_m[j] = dc[j] * i_[j] * (one_of(m_[j]) - m_[j] * m_[j])
    for j in range(size):
        dc[j] = dc[j] * f_[j]                                 # the cell carry to step t-1


@kernel
def _store_step_gradients(i, lo, bc, n, group, d_block, d_grp):
    """A step's pre-activation gradients (the chunk's (4n, bc) block of d_block) into its
    columns (the group's step i) of the chunk's (4n, group*bc) block of d_grp, where its
    group's weight-gradient GEMM reads them."""
    cols = group * bc
    go = G * n * group * lo + i * bc
    bo = G * n * lo
    for r in range(G * n):
        copy_run(d_block, bo + r * bc, d_grp, go + r * cols, bc)


@kernel
def _backward_chunk(c, lo, hi, order, slot_lengths, wtb, wxtb, states, cells, gates, tanh_c,
                    state_mask, input_mask, update_mask, d_out, d_final, d_final_c, d_out_t,
                    d_grp, d_block, prev_used, d_step, carry_s, carry_c, work, d_x, d_w, d_b,
                    d_state0, d_cell0):
    """Back-propagation through time for one chunk, with each step's input gradients
    (`step_input_gradients`, through d_step (k, bc)), then its weight gradients (chunk c's
    d_w = [d_wx | d_ws] and d_b blocks, from the inputs stacked above the states: one GEMM
    without a VariationalState mask; d_x, d_state0 and d_cell0 in example order).  Scratch as in the
    GRU's `_backward_chunk`; carry_s, carry_c (n, bc) hold dL/ds and dL/dc of the step being
    processed.  The pre-activation gradients of a group of steps (GROUP_STEPS, the group's
    step i in columns i*bc of the chunk's (4n, group*bc) block of d_grp) feed the group's
    weight gradients, one GEMM as soon as its first step is done
    (`recurrent.group_weight_gradients`: the block stays in L2, where a (4n, T*bc) buffer of
    all steps went to memory).  When the sequence is long (`copies_step_rows`: T*bc values, a
    page or more), each step's gradients are made into the chunk's contiguous (4n, bc) block
    of d_block, which the step's two products (dL/ds_{t-1} and dL/dx_t) and the flat gate
    loops read, then stored into the group's block; otherwise they are made there directly."""
    bc = hi - lo
    steps, n, k = d_out.shape[1], d_out.shape[2], d_x.shape[2]
    lengths = slot_lengths[lo:hi]
    outputs_to_columns(d_out.reshape(d_out.size), order, lo, bc, steps, n, lengths, d_out_t,
                       n * steps * lo)
    rows_to_columns(d_final, order, lo, bc, n, carry_s, n * lo, bc)
    rows_to_columns(d_final_c, order, lo, bc, n, carry_c, n * lo, bc)
    so = stack_offset(lo, bc, n, k, steps, True)
    masked = state_mask.shape[0] > 0
    if masked:
        mask_previous_states(lo, bc, n, steps, states, so, state_mask, order, prev_used)
    group = min(GROUP_STEPS, steps)
    go, g_ld = G * n * group * lo, group * bc        # the chunk's block of d_grp
    active = 0
    contiguous = copies_step_rows(steps * bc)
    for t in range(steps - 1, -1, -1):
        while active < bc and lengths[active] > t:
            active += 1
        first = t - t % GROUP_STEPS              # this step's group: steps first..
        if contiguous:
            d_target, d_off, d_ld = d_block, G * n * lo, bc
        else:
            d_target, d_off, d_ld = d_grp, go + (t - first) * bc, g_ld
        _step_gradients(t, lo, bc, active, n, steps, d_out_t, carry_s, carry_c, gates, tanh_c,
                        cells, order, update_mask, d_target, d_off, d_ld)
        if active > 0:
            # dL/ds_{t-1} = Ws^T . d_pre (s_{t-1} reaches later steps only through the products)
            state_gradient_product(lo, bc, active, n, G * n, wtb, d_target, d_off, d_ld,
                                   state_mask, order, work, carry_s, False)
        step_input_gradients(t, lo, bc, k, steps, G * n, wxtb, d_target, d_off, d_ld,
                             input_mask, order, d_step, d_x)
        if contiguous:
            _store_step_gradients(t - first, lo, bc, n, group, d_block, d_grp)
        if t == first:          # the group complete: its weight gradients, one GEMM
            group_weight_gradients(c, lo, bc, G * n, n, k, steps, first,
                                   min(GROUP_STEPS, steps - first), d_grp, go, g_ld, states, so,
                                   masked, prev_used, d_w, d_b, t + GROUP_STEPS < steps)
    if steps == 0:              # no group: zero gradients
        group_weight_gradients(c, lo, bc, G * n, n, k, steps, 0, 0, d_grp, go, g_ld, states, so,
                               masked, prev_used, d_w, d_b, False)
    columns_to_rows(carry_s, n * lo, bc, order, lo, bc, n, d_state0)
    columns_to_rows(carry_c, n * lo, bc, order, lo, bc, n, d_cell0)


# --------------------------------------------------------------------------------------------
# Wrappers
# --------------------------------------------------------------------------------------------

@dataclass
class LSTMCache:
    """What the forward pass keeps for the backward pass (opaque to callers)."""
    weights: GateWeights
    ws_used: np.ndarray        # Ws after the VariationalWeights mask
    plan: object               # recurrent.Plan
    states: np.ndarray         # per chunk (k + n, (T+1)*bc): the inputs as used, s_0 .. s_T
    cells: np.ndarray          # per chunk (T+1, n, bc)
    gates: np.ndarray          # per chunk (4n, T*bc)
    tanh_c: np.ndarray         # per chunk (n, T*bc)
    masks: DropoutMasks
    shape: tuple               # (B, T, k, n)


@dataclass
class LSTMGradients:
    arrays: dict               # WL array name -> gradient
    input: np.ndarray          # (B, T, k)
    initial_state: np.ndarray  # (B, n)
    initial_cell: np.ndarray   # (B, n)


def lstm_forward(x, lengths, weights, initial_state=None, initial_cell=None,
                 masks: DropoutMasks | None = None, keep_for_backward=True):
    """Run the layer on a padded batch.

    x: (B, T, k) float32 or float64 (the dtype of the computation); lengths: (B,) ints in
    0..T; weights: GateWeights (from `pack_lstm_weights`) or a mapping of the twelve
    WL-named arrays; initial_state, initial_cell: (B, n) or None for zeros; masks: dropout
    masks (training) or None.
    Returns (output (B, T, n), final state (B, n), final cell state (B, n), cache for
    lstm_backward, None when keep_for_backward is False).
    """
    if (not keep_for_backward and masks is None and initial_state is None
            and initial_cell is None and isinstance(weights, GateWeights)):
        short = _short_inference(x, lengths, weights)
        if short is not None:
            return short
    x = check_input(x)
    dtype = x.dtype
    if not isinstance(weights, GateWeights) or weights.ws.dtype != dtype:
        if isinstance(weights, GateWeights):
            weights = unpack_gate_gradients(weights.wx, weights.ws, weights.b, GATES)
        weights = pack_lstm_weights(weights, dtype)
    batch, steps, k = x.shape
    n = weights.n
    if weights.ws.shape[0] != G * n:
        raise ValueError("the weights are not an LSTM's four gates")
    if weights.k != k:
        raise ValueError(f"input size {k} does not match the weights' {weights.k}")
    masks = masks or NO_MASKS
    s0 = _initial_state(initial_state, batch, n, dtype, "initial_state")
    c0 = _initial_state(initial_cell, batch, n, dtype, "initial_cell")

    split, ws_used, buffers, cells = forward_scratch(
        weights, masks, lengths, batch, steps, keep_for_backward, layer_rows=n, stacked=True)
    wxsb, b = combined_weights(weights, ws_used, masks), weights.b
    final_cell = np.empty((batch, n), dtype)
    _, states, gates, tanh_c, work, _, operand, out, final_state = buffers
    run_chunks(_forward_chunk, split,
               (x, split.order, split.slot_lengths, wxsb, b, s0, *mask_arrays(masks, dtype),
                states, gates, tanh_c, work, operand, out, final_state, c0, cells, final_cell,
                bool(keep_for_backward)), dtype)
    give_forward_scratch(buffers, keep_for_backward, cells)
    if not keep_for_backward:
        return out, final_state, final_cell, None
    cache = LSTMCache(weights, ws_used, split, states, cells, gates, tanh_c, masks,
                      (batch, steps, k, n))
    workspace.release_with(cache, states, cells, gates, tanh_c)
    return out, final_state, final_cell, cache


def _short_inference(x, lengths, weights: GateWeights):
    """An inference call without initial states or dropout by `_short_inference_chunk`, when
    it runs as one chunk on arrays the kernels take as they are and every example is at its
    full length; None otherwise (the general call then checks and runs it)."""
    scratch = short_call_scratch(weights, x, lengths, _short_scratch)
    if scratch is None:
        return None
    batch, steps, _ = x.shape
    n, dtype = weights.n, weights.ws.dtype
    out = np.empty((batch, steps, n), dtype)
    final_state, final_cell = np.empty((batch, n), dtype), np.empty((batch, n), dtype)
    if not _short_inference_chunk(x, lengths, *scratch, out, final_state, final_cell):
        return None
    return out, final_state, final_cell, None


def _short_scratch(weights: GateWeights, batch):
    """`_short_inference_chunk`'s arguments after the lengths and before the outputs: the
    slots' order (the batch's), [Wx | Ws] in register blocks, the biases, the operand, the
    step's gates and the running cell states."""
    n, k, dtype = weights.n, weights.k, weights.ws.dtype
    return (np.arange(batch, dtype=np.int64), combined_weights(weights, weights.ws, NO_MASKS),
            weights.b, np.empty((k + n) * batch, dtype), np.empty(G * n * batch, dtype),
            np.empty(n * batch, dtype))


def lstm_backward(cache: LSTMCache, d_output, d_final_state=None,
                  d_final_cell=None) -> LSTMGradients:
    """Gradients of all twelve arrays, the input, the initial state and initial cell state.

    d_output: (B, T, n) gradient of the output sequence (entries past lengths are ignored);
    d_final_state, d_final_cell: (B, n) gradients of the final state and cell state, or None.
    """
    batch, steps, k, n = cache.shape
    dtype = cache.states.dtype
    d_output = output_gradient(d_output, (batch, steps, n), dtype)
    d_final = final_gradient(d_final_state, batch, n, dtype, "d_final_state")
    d_final_c = final_gradient(d_final_cell, batch, n, dtype, "d_final_cell")

    split, masks = cache.plan, cache.masks
    d_x = np.empty((batch, steps, k), dtype)
    d_w, d_b = chunk_gradients(len(split.bounds) - 1, G * n, n, k, dtype)
    d_state0 = np.empty((batch, n), dtype)
    d_cell0 = np.empty((batch, n), dtype)
    d_out_t = workspace.take((n * steps * batch,), dtype)
    d_grp = workspace.take((G * n * min(GROUP_STEPS, steps) * batch,), dtype)
    d_block = np.empty(G * n * batch if steps * batch >= CONTIGUOUS_STEP_ROWS else 0, dtype)
    prev_used = workspace.take((n * steps * batch if masks.state is not None else 0,), dtype)
    d_step = np.empty(k * batch, dtype)
    carry_s = np.empty(n * batch, dtype)
    carry_c = np.empty(n * batch, dtype)
    work = np.empty(n * batch, dtype)
    wtb = blocked_state_weights(cache.weights, cache.ws_used, masks)
    run_chunks(_backward_chunk, split,
               (split.order, split.slot_lengths, wtb, cache.weights.blocked_xt, cache.states,
                cache.cells, cache.gates, cache.tanh_c, *mask_arrays(masks, dtype), d_output,
                d_final, d_final_c, d_out_t, d_grp, d_block, prev_used, d_step, carry_s, carry_c, work, d_x, d_w.reshape(-1),
                d_b.reshape(-1), d_state0, d_cell0), dtype)
    workspace.give(d_out_t, d_grp, prev_used)
    d_wx, d_ws, d_b = summed_gradients(d_w, d_b, masks, k)
    return LSTMGradients(unpack_gate_gradients(d_wx, d_ws, d_b, GATES), d_x, d_state0, d_cell0)
