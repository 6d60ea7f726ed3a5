"""The machinery shared by the recurrent layers' kernels (GatedRecurrentLayer in `gru.py`,
LongShortTermMemoryLayer in `lstm.py`): each of those modules holds its gate arithmetic, its
chunk functions (short compositions of the pieces here) and its wrappers; everything else is
here, once.

- Packed weights (`GateWeights`): the layer's arrays stacked gate-wise, ``wx`` (g n, k), ``ws``
  (g n, n), ``b`` (g n) for g gates; dropout masks (`DropoutMasks`).
- The plan of a call (`plan`): the batch split into chunks of examples, one per thread, and
  within a chunk the examples' "slots" sorted by decreasing length.
- The threading (`run_chunks`): a chunk function ``chunk(c, lo, hi, *arguments)`` runs every
  chunk of a plan, called straight from Python for a one-chunk batch and from ONE parallel
  driver, shared by all layers and passes, for a split batch.  The driver calls the chunk
  function through its address (see "Threading" below), so the chunk's code is compiled once,
  in its own module, and not again inside every driver (issue 17: that copy was most of a
  first run's compile time).
- The chunk-level building blocks both layers compose: each forward step's operand [x_t ;
  s_{t-1}] of the running slots (`step_operand`: the step's inputs gathered from example
  order, `gather_step`, and the previous states) and its products with the stacked [Wx | Ws]
  in register tiles made once per packing (`combined_weights`, `blocked_tiles`; for the
  LSTM the whole step's pre-activations in one product: `combined_product`), the transposed
  product for back-propagation (`state_gradient_product`, Ws^T in register blocks:
  `blocked_product`), the weight, bias and input gradients of many steps as GEMMs (the
  GRU's `weight_gradients`, per group of steps, its input gradients then by register tiles,
  `group_input_gradients`, or after the backward loop, with
  `stream_run`'s streaming stores for a large all-steps buffer; the LSTM makes the input
  gradients step by step instead, `step_input_gradients`, and keeps its inputs as used
  above its states so that
  its weight gradients are one GEMM per group of steps during the loop:
  `group_weight_gradients`, `stack_offset`, `stack_step_inputs`), the copies between
  example order and the kernels' layout (each step's states to the outputs as soon as they
  are made: `step_outputs`), and `prefetch_run` for the gate loops (each step reads a short
  run of thousands of rows).
- The wrappers' shared checks and scratch (`check_input`, `initial_state`, `final_gradient`,
  `forward_scratch` with an inference call's scratch kept per thread, `inference_scratch`,
  `mask_arrays`, `state_weights_used`, `blocked_state_weights`, `summed_gradients`).
"""

from __future__ import annotations

import functools
import platform
import threading
from dataclasses import dataclass
from typing import Mapping, NamedTuple

import numba
import numpy as np
from llvmlite import ir
from numba import prange, types
from numba.core import cgutils
from numba.extending import intrinsic, overload

from . import _workspace as workspace
from ._jit import kernel, parallel_kernel, thread_count, work_stealing
from ._linalg import gemm, span, zero_of

DROPOUT_METHODS = ("VariationalWeights", "VariationalInput", "VariationalState", "StateUpdate")

# --------------------------------------------------------------------------------------------
# Packed weights
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GateWeights:
    """A gated recurrent layer's arrays stacked gate-wise in one dtype, ready for the kernels.

    For g gates (the GRU's three, stacked i, r, m; the LSTM's four): ``wx`` (g n, k), ``ws``
    (g n, n), ``b`` (g n), C-contiguous (the kernels multiply them either way round through
    BLAS's transpose flags).  Pack once per evaluation (or per training step) with
    `pack_gate_weights` (the layers' `pack_gru_weights`, `pack_lstm_weights`).
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
    def blocked_xt(self) -> np.ndarray:
        """Wx^T in register blocks, for the input gradients step by step
        (`step_input_gradients`; made on its first use)."""
        return blocked_rows(self.wx, True)

    @functools.cached_property
    def combined(self) -> dict:
        """What the forward passes make from the packing once, filled on first use:
        (first, last) -> [Wx | Ws] of the rows first..last-1 in register blocks (one product
        per step over the inputs and the states together: `combined_product`,
        `combined_weights`); a layer's name -> its weight arguments (the GRU's)."""
        return {}

    @functools.cached_property
    def blocked_t(self) -> np.ndarray:
        """Ws^T in register blocks, for the backward pass (made on its first use)."""
        return blocked_rows(self.ws, True)



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
class DropoutMasks:
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


def make_dropout_masks(rng: np.random.Generator, probabilities: Mapping[str, float],
                       batch: int, steps: int, input_size: int, n: int,
                       dtype=np.float32, gates: int = 3) -> DropoutMasks:
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
    return DropoutMasks(weights=masks.get("VariationalWeights"),
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
# steps' column blocks side by side: column t*bc + j is slot j at step t.  So, for g gates
# (rows = g n):
#   xtm    (T*bc, k)      training: the chunk's inputs, row t*bc + j (dropout mask applied)
#   operand (k + n, bc)   this step's [x_t ; s_{t-1}] (`step_operand`)
#   states (n, (T+1)*bc)  s_0 .. s_T (slots past their length carry their last state)
#   gates  (rows, T*bc)   the gates' values, kept for the backward pass
#   work   (rows, bc)     this step's products
#   d_pre  (rows, T*bc)   backward: the gates' pre-activation gradients
# plus each layer's own (the GRU's Wms.s_{t-1}, the LSTM's cell states; see their modules).
# Why this way round: each step's product is [Wx | Ws] (g n x (k + n)) times the operand
# ((k + n) x active), a tall matrix times a few columns, which OpenBLAS ran 1.2-1.7x faster
# than the same product as (active x n) times (n x 3n) (measured 2026-11-21: (1536,512,16)
# 258 µs against 429 µs; the products are now the register tiles', below, which want the
# slots contiguous too), and the gate arithmetic runs along contiguous rows, so it
# vectorises.
#
# All buffers are flat; a chunk's block of each starts at the chunk's first slot `lo` times the
# block's per-slot size, so chunks never share memory.  `gemm` multiplies sub-blocks in place.
# Arrays in the caller's example order (x, out, final_state, s0, the masks, the gradients of
# outputs and inputs) are read and written through `order` (slot -> example).
# --------------------------------------------------------------------------------------------

@kernel
def active_count(sorted_lengths, t, current):
    """Number of slots (sorted by decreasing length) still running at step t."""
    while current > 0 and sorted_lengths[current - 1] <= t:
        current -= 1
    return current


@kernel
def copy_run(src, s, dst, d, count):
    """dst[d:d + count] = src[s:s + count] for flat buffers (runs that do not overlap), by a
    loop over `span` views, which vectorises: Numba's slice assignment of an array
    (``view[:] = other``) broadcasts, and was compiled to a scalar loop with a clamped index
    per value (perf: the inputs' gathering, each step's states and s_{t-1} copies)."""
    source, target = span(src, s, count), span(dst, d, count)
    for j in range(count):
        target[j] = source[j]


@kernel
def _gather_inputs(lo, hi, x, order, input_mask, xtm):
    """The chunk's inputs into xtm, time-major (row t*bc + j), times the VariationalInput mask.
    Row views (`span`): indexing x[e, t, q] kept Numba's negative-index test on every value,
    a scalar loop (about 1 ms of the (64, 100, 256, 256) LSTM's forward in perf)."""
    bc = hi - lo
    steps, k = x.shape[1], x.shape[2]
    base = steps * lo * k
    flat = x.reshape(x.size)
    use_mask = input_mask.shape[0] > 0
    for j in range(bc):
        e = order[lo + j]
        for t in range(steps):
            if use_mask:
                source = span(flat, (e * steps + t) * k, k)
                target = span(xtm, base + (t * bc + j) * k, k)
                for q in range(k):
                    target[q] = source[q] * input_mask[e, q]
            else:
                copy_run(flat, (e * steps + t) * k, xtm, base + (t * bc + j) * k, k)


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


def _transpose_masks(m):
    """The two shufflevector masks of one stage of the 8 x 8 transpose (`_transpose8`): for
    rows i and i|m (i without bit m), the columns' bit m swapped with the rows' (rows of 8;
    mask indices 8.. are the second row's)."""
    low = [j if j & m == 0 else 8 + (j ^ m) for j in range(8)]
    high = [(j ^ m) if j & m == 0 else 8 + j for j in range(8)]
    return low, high


@intrinsic
def _transpose8(typingctx, src, s, dst, d):
    """dst[d[b] + a] = src[s[a] + b] for a, b < 8: an 8 x 8 block between rows at the offsets
    s and d (tuples of 8), transposed: eight vector loads, three stages of shuffles (each
    swaps one bit of the row and column indices: rows i and i|m exchange their off-diagonal
    halves of each pair of m-blocks), eight vector stores.  The same copy written out as
    scalar assignments was compiled to 64 scalar loads and stores on the Intel machine (LLVM
    cannot reorder them: the stores may alias the loads), about a tenth of the machine code's
    time in the (64, 100, 256, 256) LSTM's forward (perf): the states to the outputs in
    example order, the output gradients back, the inputs into feature-major blocks."""
    if not (isinstance(src, types.Array) and isinstance(dst, types.Array) and src.ndim == 1
            and dst.ndim == 1 and src.dtype == dst.dtype
            and src.dtype in (types.float32, types.float64)
            and isinstance(s, types.UniTuple) and isinstance(d, types.UniTuple)
            and len(s) == 8 and len(d) == 8):
        return None

    def codegen(context, builder, sig, args):
        src_type, s_type, dst_type, d_type = sig.args
        real = context.get_value_type(src_type.dtype)
        vector = ir.VectorType(real, 8)
        i32 = ir.IntType(32)
        align = context.get_abi_sizeof(real)

        def row_pointers(array_type, array, offsets, offsets_type):
            data = context.make_array(array_type)(context, builder, array).data
            return [builder.bitcast(
                builder.gep(data, [context.cast(builder, builder.extract_value(offsets, i),
                                                offsets_type.dtype, types.intp)]),
                vector.as_pointer()) for i in range(8)]

        rows = [builder.load(pointer, align=align)
                for pointer in row_pointers(src_type, args[0], args[1], s_type)]
        for m in (1, 2, 4):
            low, high = _transpose_masks(m)
            low_mask = ir.Constant(ir.VectorType(i32, 8), low)
            high_mask = ir.Constant(ir.VectorType(i32, 8), high)
            for i in range(8):
                if i & m == 0:
                    a, b = rows[i], rows[i | m]
                    rows[i] = builder.shuffle_vector(a, b, low_mask)
                    rows[i | m] = builder.shuffle_vector(a, b, high_mask)
        for value, pointer in zip(rows, row_pointers(dst_type, args[2], args[3], d_type)):
            builder.store(value, pointer, align=align)
        return context.get_dummy_value()

    return types.none(src, s, dst, d), codegen


@kernel
def block_outputs(buffer, col, ld, bc, steps, n, order, lo, t, out):
    """out[order[lo + j], t] = the chunk's states of step t in a feature-major block of
    `buffer` (column col, row stride ld): `step_outputs` from another buffer."""
    _step_to_examples(buffer, col, ld, bc, steps, n, order, lo, t, out)


@kernel
def step_outputs(states, so, bc, steps, n, order, lo, t, out):
    """out[order[lo + j], t] = s_{t+1} of slot j for every slot of the chunk (the states at
    so; out flat, (B, T, n) in example order), made as soon as the step's states are made,
    while they are in cache (copied after the last step, the states of a large row came back
    from memory: 6.6 MB at (64, 100, 256, 256)); `zero_past_lengths` after the last step."""
    _step_to_examples(states, so + (t + 1) * bc, (steps + 1) * bc, bc, steps, n, order, lo, t,
                      out)


@kernel
def _step_to_examples(buffer, col, ld, bc, steps, n, order, lo, t, out):
    """out[order[lo + j], t, u] = buffer[col + u*ld + j] for the chunk's slots j and the n
    features u (a feature-major block of one step into (B, T, n) example order, out flat),
    by 8 x 8 blocks (`_transpose8`)."""
    n8, b8 = n - n % 8, bc - bc % 8
    for j0 in range(0, b8, 8):
        for u0 in range(0, n8, 8):
            _transpose8(buffer, _rows8(col + u0 * ld + j0, ld), out,
                        _example_rows8(order, lo + j0, steps * n, t * n + u0))
    for j in range(bc):                      # the units and slots outside whole blocks
        row = (order[lo + j] * steps + t) * n
        for u in range(n8 if j < b8 else 0, n):
            out[row + u] = buffer[col + u * ld + j]


@kernel
def step_input_gradients(t, lo, bc, k, steps, rows, wxtb, d_pre, d_off, d_ld, input_mask, order,
                         d_step, d_x):
    """dL/dx_t of the chunk's slots into d_x (B, T, k) in example order, times the
    VariationalInput mask: Wx^T (k x rows, in register blocks wxtb) . step t's pre-activation
    gradients (rows x bc at d_off in d_pre, row stride d_ld, zero past the running slots),
    through the chunk's (k, bc) block of d_step; one product per step at the recurrent
    products' speed while the step's d_pre is in cache (the GEMM over all steps after the
    loop, OpenBLAS at this tall-and-thin shape: 60-89 GFLOPS)."""
    do = k * lo
    blocked_product(k, rows, bc, wxtb, d_pre, d_off, d_ld, d_step, do, bc, False)
    _input_gradients_to_examples(d_step, do, bc, lo, bc, k, steps, t, input_mask, order, d_x)


@kernel
def group_input_gradients(lo, bc, k, steps, rows, wxtb, d_grp, go, g_ld, first, count,
                          input_mask, order, d_blk, d_x):
    """dL/dx of steps first..first+count-1 (a group, `GROUP_STEPS`) of the chunk's slots into
    d_x (B, T, k) in example order, times the VariationalInput mask: Wx^T (k x rows, in
    register blocks wxtb, its inner indices in the order of d_grp's rows) . the steps'
    pre-activation gradients (rows x count*bc at go of d_grp, row stride g_ld, zero past
    the running slots) by ONE register-tiled product into a (k, GROUP_STEPS*bc) block of
    d_blk (at the start of the chunk's k*max(T, GROUP_STEPS)*bc values, so that a chunk
    whose input gradients are time-major (k*T*bc values) uses the same buffer), then each
    step's columns to example order.  OpenBLAS ran this short,
    wide product (K = rows) at 120 GFLOPS isolated and about half that in place at (32, 50,
    64, 128); the tiles, 180 isolated, with Wx^T packed once per packing, not per group."""
    ld = GROUP_STEPS * bc
    do = k * max(steps, GROUP_STEPS) * lo
    blocked_product(k, rows, count * bc, wxtb, d_grp, go, g_ld, d_blk, do, ld, False)
    for i in range(count):
        _input_gradients_to_examples(d_blk, do + i * bc, ld, lo, bc, k, steps, first + i,
                                     input_mask, order, d_x)


@kernel
def _input_gradients_to_examples(d_blk, do, ld, lo, bc, k, steps, t, input_mask, order, d_x):
    """Step t's input gradients of the chunk's slots, a (k, bc) block at do of d_blk (row
    stride ld), times the VariationalInput mask (in place) into d_x (B, T, k) in example
    order."""
    if input_mask.shape[0] > 0:
        for q in range(k):
            run = span(d_blk, do + q * ld, bc)
            for j in range(bc):
                run[j] *= input_mask[order[lo + j], q]
    _step_to_examples(d_blk, do, ld, bc, steps, k, order, lo, t, d_x.reshape(d_x.size))


@kernel
def zero_past_lengths(out, order, lo, bc, steps, n, slot_lengths):
    """Zero the outputs (out flat, (B, T, n) in example order) past each example's length."""
    for j in range(bc):
        row = order[lo + j] * steps * n
        out[row + slot_lengths[lo + j] * n:row + steps * n] = 0


@kernel
def outputs_to_columns(d_out, order, lo, bc, steps, n, lengths, d_out_t, mo):
    """The inverse copy for the backward pass: d_out (flat, example order) into the chunk's
    (n, T*bc) block of d_out_t at mo, zero past each example's length."""
    cols = steps * bc
    for t in range(steps):
        examples_to_step(d_out, order, lo, bc, steps, n, t, d_out_t, mo + t * bc, cols)
    for j in range(bc):
        for t in range(lengths[j], steps):
            for u in range(n):
                d_out_t[mo + u * cols + t * bc + j] = 0


@kernel
def examples_to_step(src, order, lo, count, steps, n, t, buf, off, ld):
    """buf[off + u*ld + j] = src[order[lo + j], t, u] for the first `count` slots j of the
    chunk and the n features u (src flat, (B, T, n) in example order): one step's values
    into a feature-major block, by 8 x 8 blocks (`_transpose8`); the inverse of
    `_step_to_examples`."""
    n8, c8 = n - n % 8, count - count % 8
    for j0 in range(0, c8, 8):
        for u0 in range(0, n8, 8):
            _transpose8(src, _example_rows8(order, lo + j0, steps * n, t * n + u0), buf,
                        _rows8(off + u0 * ld + j0, ld))
    for j in range(count):                   # the units and slots outside whole blocks
        row = (order[lo + j] * steps + t) * n
        for u in range(n8 if j < c8 else 0, n):
            buf[off + u * ld + j] = src[row + u]


@kernel
def rows_to_columns(rows, order, lo, bc, n, buf, off, ld):
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
def columns_to_rows(buf, off, ld, order, lo, bc, n, rows):
    """The inverse copy: rows[order[lo + j], u] = buf[off + u*ld + j]."""
    for j in range(bc):
        column = buf[off + j::ld][:n]
        row = rows[order[lo + j]]
        for u in range(n):
            row[u] = column[u]


@kernel
def _row_sums(a, off, ld, rows, cols, out, out_off, accumulate):
    """out[out_off + r] = (or, when `accumulate`, += ) the sum of a[off + r*ld:][:cols] (the
    bias gradients)."""
    for r in range(rows):
        total = out[out_off + r] if accumulate else zero_of(out[out_off + r])
        row = a[off + r * ld:][:cols]
        for col in range(cols):
            total += row[col]
        out[out_off + r] = total


@kernel
def scatter_input_gradients(d_xtm, xo, order, lo, bc, steps, k, input_mask, d_x):
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


# --------------------------------------------------------------------------------------------
# The plan of a call
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


@kernel
def _length_bounds(lengths):
    """(shortest, longest) of a non-empty lengths vector."""
    shortest = longest = lengths[0]
    for value in lengths:
        shortest = min(shortest, value)
        longest = max(longest, value)
    return shortest, longest


class Plan(NamedTuple):
    """How a batch is split over threads: chunk c holds slots bounds[c]..bounds[c+1]-1, slot j
    holds example order[j], of length slot_lengths[j]."""
    bounds: np.ndarray
    order: np.ndarray
    slot_lengths: np.ndarray


# Plans of equal-length batches, by (batch, steps, chunks): the common case (NetTrain's
# batches, bench shapes) needs no per-call index arrays.  Small and bounded.
_EQUAL_PLANS: dict = {}


def plan(lengths, batch, steps, k, n) -> Plan:
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
        equal = _EQUAL_PLANS.get(key)
        if equal is None:
            if len(_EQUAL_PLANS) > 256:
                _EQUAL_PLANS.clear()
            bounds = np.array([(c * batch) // chunks for c in range(chunks + 1)], np.int64)
            equal = Plan(bounds, np.arange(batch, dtype=np.int64),
                         np.full(batch, steps, np.int64))
            _EQUAL_PLANS[key] = equal
        return equal
    lengths = lengths.astype(np.int64, copy=False)
    if chunks == 1:          # (the GRU's small-shape path, issue 17: 7 -> 3 us a call)
        order, slot_lengths = np.empty(batch, np.int64), np.empty(batch, np.int64)
        _sort_by_length(np.ascontiguousarray(lengths), steps, order, slot_lengths)
        return Plan(np.array((0, batch), np.int64), order, slot_lengths)
    by_length = np.argsort(-lengths, kind="stable")
    parts = [by_length[c::chunks] for c in range(chunks)]
    order = np.concatenate(parts).astype(np.int64)
    bounds = np.array([0] + [len(p) for p in parts], np.int64).cumsum()
    return Plan(bounds, order, np.ascontiguousarray(lengths[order]))


@kernel
def _sort_by_length(lengths, steps, order, slot_lengths):
    """order: the examples by decreasing length, in batch order among equal lengths (what
    ``np.argsort(-lengths, kind="stable")`` gives), by counting; slot_lengths their lengths."""
    starts = np.zeros(steps + 2, np.int64)            # by key steps - length, then offsets
    for value in lengths:
        starts[steps - value + 1] += 1
    for key in range(1, steps + 2):
        starts[key] += starts[key - 1]
    for example in range(lengths.shape[0]):
        key = steps - lengths[example]
        slot = starts[key]
        starts[key] = slot + 1
        order[slot] = example
        slot_lengths[slot] = lengths[example]


def mask_or_empty(mask, ndim, dtype):
    """A mask in the computation's dtype, or an empty array of its rank when the method is off
    (the kernels test the size)."""
    if mask is None:
        return EMPTY[dtype.char, ndim]
    return np.ascontiguousarray(mask, dtype=dtype)


NO_MASKS = DropoutMasks()
EMPTY = {(char, ndim): np.zeros((0,) * ndim, char) for char in "fd" for ndim in (1, 2, 3)}


# --------------------------------------------------------------------------------------------
# Register-blocked products with the state weights
#
# Each step multiplies the stacked state weights (rows x n) by a few columns (the running
# slots), and the backward pass multiplies their transpose likewise.  Through BLAS, every
# such call packs the whole weight matrix again (OpenBLAS's sgemm_oncopy: a quarter of the
# LSTM's (16, 200, 512, 512) forward in perf), once per step.  Here the weights are put in
# register blocks ONCE per packing (`blocked_rows`: BLOCK_ROWS rows interleaved, so that one
# step of the inner loop reads BLOCK_ROWS consecutive weights), and `blocked_product` runs
# the result by register tiles (`_tile_intrinsic`): per inner step one or two vectors of a
# column block of s, each broadcast weight of the tile's rows multiplied into them, the sums
# in vector accumulators (fused multiply-adds).
# --------------------------------------------------------------------------------------------

# Rows per register block.  A tile is one block's rows times TWO vectors of columns (32
# floats or 16 doubles) while more than one vector of columns remains: 28 accumulators, and
# per inner step 2 vector loads and 14 broadcast weights (the FMA's memory operand) for 28
# FMAs, where the former tiles of 16 rows times one vector needed 17 loads for 16 FMAs and
# were bound by the two load ports (the prefetch is one more load).  One vector of columns
# (a batch of 16 slots, a column block's last vector) takes two blocks, 28 rows, a tile.
# Isolated products, 1 thread, CPU time, load 4-7 (2026-12-06, Intel Xeon, AVX-512; GFLOPS
# of 16 x 1 tiles against these, rows x n x columns): 1024 x 256 x 64 128-156 -> 165-183;
# 512 x 128 x 32 157-158 -> 182-185; 128 x 512 x 32 123 -> 150; 2048 x 512 x 16 (28 x 1)
# 128-130 -> 144-149.  14 rather than 15 (30 accumulators and the 2 vectors of s leave no
# register: 147) or 12 (160-180, about the same).  (BENCHMARKS.md, lstm8.)
BLOCK_ROWS = 14
HALF_BLOCK = BLOCK_ROWS // 2
# The tile loop prefetches the packed weights this many inner steps ahead: when Ws is larger
# than L2 (n = 512: 4 MB) every step streams it from L3, and the hardware prefetcher alone
# left a 2048 x 512 x 16 product at 145-165 GFLOPS (175-198 with this).
WEIGHT_PREFETCH_STEPS = 16


def lanes_of(a):
    """Vector lanes of a tile's column block for the dtype of array `a` (in kernels, a
    compile-time constant)."""
    return 16 if a.dtype == np.float32 else 8


@overload(lanes_of)
def _lanes_of(a):
    lanes = 16 if a.dtype == types.float32 else 8
    return lambda a: lanes


def _tile_intrinsic(tile_rows, vectors):
    """The intrinsic computing one tile of `tile_rows` rows and `vectors` vectors of columns.
    Its rows are consecutive rows of the register blocks (of w_ld inner indices each) from
    w_off on: row q's weight for inner index p < n is wb[w_off + (q // BLOCK_ROWS) *
    BLOCK_ROWS * w_ld + p*BLOCK_ROWS + q % BLOCK_ROWS] (a tile of at most HALF_BLOCK rows may
    start inside a block, and at an inner index other than 0).

    One tile: out[o_off + q*o_ld + j] = the sum over p < n of row q's weight
    * s[s_off + p*s_ld + j], plus addend[a_off + q*a_ld + j] when `add`, plus bias[b_off + q]
    when `use_bias`, for rows q < row_count (<= tile_rows) and columns j < count (<= vectors
    times the lanes).  (The addend may be out itself: out +=.)  Explicit vector code (LLVM's
    masked loads and stores, fma), so that the accumulators stay in registers whatever LLVM's
    vectoriser would do."""
    blocks = -(-tile_rows // BLOCK_ROWS)

    @intrinsic
    def tile(typingctx, wb, w_off, s, s_off, s_ld, n, out, o_off, o_ld, count, row_count, add,
             addend, a_off, a_ld, bias, b_off, use_bias, w_ld):
        arrays = (wb, s, out, addend, bias)
        if not all(isinstance(a, types.Array) for a in arrays):
            return None
        dtype = out.dtype
        if dtype not in (types.float32, types.float64) or any(a.dtype != dtype for a in arrays):
            return None
        lanes = 16 if dtype == types.float32 else 8

        def codegen(context, builder, sig, args):
            tys = sig.args
            intp = context.get_value_type(types.intp)
            i32 = ir.IntType(32)
            real = context.get_value_type(dtype)
            vector = ir.VectorType(real, lanes)
            mask_type = ir.VectorType(ir.IntType(1), lanes)
            pointer = vector.as_pointer()
            name = f"v{lanes}f{32 if dtype == types.float32 else 64}"
            module = builder.module
            masked_load = cgutils.get_or_insert_function(
                module, ir.FunctionType(vector, [pointer, i32, mask_type, vector]),
                f"llvm.masked.load.{name}.p0")
            masked_store = cgutils.get_or_insert_function(
                module, ir.FunctionType(ir.VoidType(), [vector, pointer, i32, mask_type]),
                f"llvm.masked.store.{name}.p0")
            fma = cgutils.get_or_insert_function(
                module, ir.FunctionType(vector, [vector, vector, vector]), f"llvm.fma.{name}")
            prefetch_fn = cgutils.get_or_insert_function(
                module, ir.FunctionType(ir.VoidType(), [ir.IntType(8).as_pointer(), i32, i32, i32]),
                "llvm.prefetch.p0")

            def constant(value):
                return ir.Constant(intp, value)

            def integer(i):
                return context.cast(builder, args[i], tys[i], types.intp)

            def at(i, offset):                       # &array_i[offset]
                data = context.make_array(tys[i])(context, builder, args[i]).data
                return builder.gep(data, [offset])

            def splat(value, vector_type):
                one = builder.insert_element(ir.Constant(vector_type, ir.Undefined), value,
                                             ir.Constant(i32, 0))
                return builder.shuffle_vector(one, ir.Constant(vector_type, ir.Undefined),
                                              ir.Constant(ir.VectorType(i32, lanes),
                                                          [ir.Constant(i32, 0)] * lanes))

            w_base, s_base, o_base = at(0, integer(1)), at(2, integer(3)), at(6, integer(7))
            s_ld_, n_, o_ld_, rows_ = integer(4), integer(5), integer(8), integer(10)
            a_base, a_ld_ = at(12, integer(13)), integer(14)
            # the first weight of each register block the tile spans
            block_bases = [builder.gep(w_base, [builder.mul(integer(18), constant(b * BLOCK_ROWS))])
                           for b in range(blocks)]
            lane_ids = ir.Constant(ir.VectorType(intp, lanes),
                                   [ir.Constant(intp, i) for i in range(lanes)])
            count_ = integer(9)
            masks = [builder.icmp_signed("<", lane_ids, splat(
                builder.sub(count_, constant(v * lanes)), ir.VectorType(intp, lanes)))
                for v in range(vectors)]
            zero = ir.Constant(vector, [ir.Constant(real, 0.0)] * lanes)
            align = ir.Constant(i32, 4 if dtype == types.float32 else 8)

            # the sums start from the bias (row q's, splat; rows past row_count read row 0's)
            # or from zero (then the load reads out's first element: memory that is there)
            b_base = at(15, integer(16))
            with_bias = context.cast(builder, args[17], tys[17], types.boolean)
            starts = []
            for q in range(tile_rows):
                row = builder.select(builder.icmp_signed(">", rows_, constant(q)),
                                     constant(q), constant(0))
                value = builder.load(builder.select(with_bias, builder.gep(b_base, [row]), o_base))
                starts.append(builder.select(with_bias, splat(value, vector), zero))
            entry = builder.basic_block
            loop = builder.append_basic_block("tile.loop")
            done = builder.append_basic_block("tile.done")
            builder.cbranch(builder.icmp_signed(">", n_, constant(0)), loop, done)
            builder.position_at_end(loop)
            p = builder.phi(intp)
            sums = [[builder.phi(vector) for _ in range(vectors)] for _ in range(tile_rows)]
            s_row = builder.gep(s_base, [builder.mul(p, s_ld_)])
            columns = [builder.call(masked_load, [
                builder.bitcast(builder.gep(s_row, [constant(v * lanes)]), pointer), align,
                masks[v], zero]) for v in range(vectors)]
            step = builder.mul(p, constant(BLOCK_ROWS))
            weights = [builder.gep(base, [step]) for base in block_bases]
            for block in weights:
                # read, locality 3 (keep close), data cache; past the block's end harmless
                ahead = builder.gep(block, [constant(WEIGHT_PREFETCH_STEPS * BLOCK_ROWS)])
                builder.call(prefetch_fn, [builder.bitcast(ahead, ir.IntType(8).as_pointer()),
                                           ir.Constant(i32, 0), ir.Constant(i32, 3),
                                           ir.Constant(i32, 1)])
            updated = []
            for q in range(tile_rows):
                weight = splat(builder.load(builder.gep(
                    weights[q // BLOCK_ROWS], [constant(q % BLOCK_ROWS)])), vector)
                updated.append([builder.call(fma, [weight, columns[v], sums[q][v]])
                                for v in range(vectors)])
            following = builder.add(p, constant(1))
            p.add_incoming(constant(0), entry)
            p.add_incoming(following, loop)
            for q in range(tile_rows):
                for v in range(vectors):
                    sums[q][v].add_incoming(starts[q], entry)
                    sums[q][v].add_incoming(updated[q][v], loop)
            builder.cbranch(builder.icmp_signed("<", following, n_), loop, done)

            builder.position_at_end(done)
            add = context.cast(builder, args[11], tys[11], types.boolean)
            totals = [[builder.phi(vector) for _ in range(vectors)] for _ in range(tile_rows)]
            for q in range(tile_rows):
                for v in range(vectors):
                    totals[q][v].add_incoming(starts[q], entry)
                    totals[q][v].add_incoming(updated[q][v], loop)
            for q in range(tile_rows):
                with builder.if_then(builder.icmp_signed(">", rows_, constant(q))):
                    for v, total in enumerate(totals[q]):
                        target = builder.bitcast(builder.gep(o_base, [
                            builder.add(builder.mul(constant(q), o_ld_), constant(v * lanes))]),
                            pointer)
                        with builder.if_else(add) as (accumulating, storing):
                            with accumulating:
                                source = builder.bitcast(builder.gep(a_base, [builder.add(
                                    builder.mul(constant(q), a_ld_), constant(v * lanes))]),
                                    pointer)
                                old = builder.call(masked_load, [source, align, masks[v], zero])
                                builder.call(masked_store, [builder.fadd(total, old), target,
                                                            align, masks[v]])
                            with storing:
                                builder.call(masked_store, [total, target, align, masks[v]])
            return context.get_dummy_value()

        return types.none(wb, w_off, s, s_off, s_ld, n, out, o_off, o_ld, count, row_count, add,
                          addend, a_off, a_ld, bias, b_off, use_bias, w_ld), codegen

    return tile


# The tiles: a block's rows times two vectors of columns; half a block's (the rows of a last
# block of at most HALF_BLOCK, or of k = 3 input gradients and n = 5 state gradients: half
# the FMAs on padding rows cost the (64, 8, 3, 5) forward+backward 59 -> 67 us, lstm6);
# two blocks' rows times one vector; half a block's times one vector.
_wide_tile = _tile_intrinsic(BLOCK_ROWS, 2)
_half_wide_tile = _tile_intrinsic(HALF_BLOCK, 2)
_tall_tile = _tile_intrinsic(2 * BLOCK_ROWS, 1)
_half_tile = _tile_intrinsic(HALF_BLOCK, 1)


@kernel
def blocked_product(rows, n, columns, wb, s, s_off, s_ld, out, o_off, o_ld, accumulate):
    """out (rows x columns at o_off, row stride o_ld) = (or +=, when `accumulate`) W (rows x n,
    in register blocks wb: `blocked_rows`) . S (n x columns at s_off, row stride s_ld)."""
    blocked_affine(rows, n, columns, wb, s, s_off, s_ld, accumulate, out, o_off, o_ld, False,
                   out, out, o_off, o_ld)


@kernel
def blocked_affine(rows, n, columns, wb, s, s_off, s_ld, add, addend, a_off, a_ld, use_bias,
                   bias, out, o_off, o_ld):
    """out (rows x columns at o_off, row stride o_ld) = W (rows x n, in register blocks wb)
    . S (n x columns at s_off, row stride s_ld), plus the matrix at a_off in addend (row
    stride a_ld) when `add`, plus bias (one per row, broadcast along the columns) when
    `use_bias`: a step's pre-activations in one pass over the product's output."""
    blocked_tiles(rows, n, n, 0, columns, wb, s, s_off, s_ld, add, addend, a_off, a_ld,
                  use_bias, bias, out, o_off, o_ld)


@kernel
def blocked_tiles(rows, n, w_ld, first, columns, wb, s, s_off, s_ld, add, addend, a_off, a_ld,
                  use_bias, bias, out, o_off, o_ld):
    """`blocked_affine` with the weights' inner indices first .. first + n - 1 of register
    blocks made from a (rows x w_ld) matrix (the LSTM's first step without an initial state
    multiplies the inputs' part of [Wx | Ws] alone).  Column blocks of two vectors over
    every row block, then the last vector (or less) of columns by tiles of two blocks
    (`_wide_tile`, `_tall_tile`)."""
    lanes = lanes_of(out)
    j0 = 0
    while columns - j0 > lanes:
        count = min(2 * lanes, columns - j0)
        for r0 in range(0, rows, BLOCK_ROWS):
            row_count = min(BLOCK_ROWS, rows - r0)
            w_off = r0 * w_ld + first * BLOCK_ROWS
            if row_count <= HALF_BLOCK:
                _half_wide_tile(wb, w_off, s, s_off + j0, s_ld, n, out, o_off + r0 * o_ld + j0,
                                o_ld, count, row_count, add, addend, a_off + r0 * a_ld + j0,
                                a_ld, bias, r0, use_bias, w_ld)
            else:
                _wide_tile(wb, w_off, s, s_off + j0, s_ld, n, out, o_off + r0 * o_ld + j0,
                           o_ld, count, row_count, add, addend, a_off + r0 * a_ld + j0, a_ld,
                           bias, r0, use_bias, w_ld)
        j0 += 2 * lanes
    if j0 == columns:
        return
    count = columns - j0
    for r0 in range(0, rows, 2 * BLOCK_ROWS):
        row_count = min(2 * BLOCK_ROWS, rows - r0)
        w_off = r0 * w_ld + first * BLOCK_ROWS
        if row_count > BLOCK_ROWS:
            _tall_tile(wb, w_off, s, s_off + j0, s_ld, n, out, o_off + r0 * o_ld + j0, o_ld,
                       count, row_count, add, addend, a_off + r0 * a_ld + j0, a_ld, bias, r0,
                       use_bias, w_ld)
            continue
        # a last block of at most BLOCK_ROWS rows: by halves (the second starts inside it)
        for h in range(r0, r0 + row_count, HALF_BLOCK):
            _half_tile(wb, w_off + (h - r0), s, s_off + j0, s_ld, n, out,
                       o_off + h * o_ld + j0, o_ld, count, min(HALF_BLOCK, r0 + row_count - h),
                       add, addend, a_off + h * a_ld + j0, a_ld, bias, h, use_bias, w_ld)


@kernel
def _to_blocks(w, transpose, out):
    """out[(b*n + p)*BLOCK_ROWS + q] = W[b*BLOCK_ROWS + q, p] for W = w (2-d) or its
    transpose; rows past W's are zero."""
    rows, n = (w.shape[1], w.shape[0]) if transpose else (w.shape[0], w.shape[1])
    for b in range(0, rows, BLOCK_ROWS):
        block = span(out, b * n, n * BLOCK_ROWS)
        for p in range(n):
            for q in range(BLOCK_ROWS):
                r = b + q
                if r >= rows:
                    block[p * BLOCK_ROWS + q] = 0
                elif transpose:
                    block[p * BLOCK_ROWS + q] = w[p, r]
                else:
                    block[p * BLOCK_ROWS + q] = w[r, p]


def combined_weights(weights: GateWeights, ws_used, masks: DropoutMasks, first=0, last=None):
    """[Wx | Ws as used] (rows first..last-1 of the stacked gates, rows x (k + n)) in register
    blocks, for `combined_product`: those of the packing (made once) when no
    VariationalWeights mask changes Ws."""
    last = weights.ws.shape[0] if last is None else last
    if masks.weights is None:
        blocks = weights.combined.get((first, last))
        if blocks is None:
            blocks = weights.combined[first, last] = _combined_blocks(weights.wx, weights.ws,
                                                                      first, last)
        return blocks
    return _combined_blocks(weights.wx, np.ascontiguousarray(ws_used), first, last)


def _combined_blocks(wx, ws, first, last) -> np.ndarray:
    out = np.empty(-(-(last - first) // BLOCK_ROWS) * BLOCK_ROWS * (wx.shape[1] + ws.shape[1]),
                   ws.dtype)
    _combined_to_blocks(wx, ws, first, last, out)
    return out


@kernel
def _combined_to_blocks(wx, ws, first, last, out):
    """out = [Wx | Ws] (rows first..last-1, k + n inner indices) in register blocks, as
    `_to_blocks` lays out one matrix (no concatenated copy: a GRU is packed after every
    optimizer step)."""
    rows, k = last - first, wx.shape[1]
    width = k + ws.shape[1]
    for b in range(0, rows, BLOCK_ROWS):
        block = span(out, b * width, width * BLOCK_ROWS)
        for p in range(width):
            for q in range(BLOCK_ROWS):
                r = b + q
                if r >= rows:
                    block[p * BLOCK_ROWS + q] = 0
                elif p < k:
                    block[p * BLOCK_ROWS + q] = wx[first + r, p]
                else:
                    block[p * BLOCK_ROWS + q] = ws[first + r, p - k]


def blocked_rows(w: np.ndarray, transpose: bool) -> np.ndarray:
    """W = w (2-d: rows x n) or its transpose in register blocks for `blocked_product`: flat,
    BLOCK_ROWS rows interleaved column by column, the last block padded with zero rows."""
    rows, n = (w.shape[1], w.shape[0]) if transpose else w.shape
    out = np.empty(-(-rows // BLOCK_ROWS) * BLOCK_ROWS * n, w.dtype)
    _to_blocks(np.ascontiguousarray(w), bool(transpose), out)
    return out


@intrinsic
def prefetch(typingctx, buffer, offset):
    """Ask the CPU to bring the cache line of buffer[offset] (a flat array) into its L2 cache
    ahead of use; no effect on results, and an address past the buffer does no harm.

    Why: every step touches one short run of columns in each of thousands of rows (the gates'
    and states' rows of the time-major buffers, far apart), too many streams for the hardware
    prefetchers, so without this each row's next columns are a cache miss at every step
    (measured: the LSTM's gate arithmetic 6 ns per value at 2 steps, 17 ns at 200)."""
    if not (isinstance(buffer, types.Array) and buffer.ndim == 1
            and isinstance(offset, types.Integer)):
        return None

    def codegen(context, builder, sig, args):
        data = context.make_array(sig.args[0])(context, builder, args[0]).data
        address = builder.gep(data, [context.cast(builder, args[1], sig.args[1], types.intp)])
        byte_pointer = ir.IntType(8).as_pointer()
        i32 = ir.IntType(32)
        function = cgutils.get_or_insert_function(
            builder.module, ir.FunctionType(ir.VoidType(), [byte_pointer, i32, i32, i32]),
            "llvm.prefetch.p0")
        # read, locality 2 (keep in L2 and beyond), data cache
        builder.call(function, [builder.bitcast(address, byte_pointer), ir.Constant(i32, 0),
                                ir.Constant(i32, 2), ir.Constant(i32, 1)])
        return context.get_dummy_value()

    return types.none(buffer, offset), codegen


@kernel
def prefetch_run(buffer, start, length):
    """Prefetch the cache lines of buffer[start:start + length] (a short run of one row)."""
    for at in range(start, start + length, 16):
        prefetch(buffer, at)
    prefetch(buffer, start + length - 1)


# --------------------------------------------------------------------------------------------
# Streaming (non-temporal) stores
#
# A buffer written once in a pass and read back only after a long loop (the GRU's all-steps
# gradients: 26 MB at (16, 200, 512, 512)) gains nothing from the caches: an ordinary store
# first reads each line for ownership and leaves it dirty in L2, where it displaces what the
# loop's next steps read (the state weights, streamed every step).  A non-temporal store
# writes whole cache lines through the write-combining buffers instead.
# --------------------------------------------------------------------------------------------

LINE_BYTES = 64


@intrinsic
def _line_offset(typingctx, buffer, offset):
    """The byte offset of &buffer[offset] within its 64-byte cache line."""
    if not (isinstance(buffer, types.Array) and buffer.ndim == 1
            and isinstance(offset, types.Integer)):
        return None

    def codegen(context, builder, sig, args):
        data = context.make_array(sig.args[0])(context, builder, args[0]).data
        address = builder.gep(data, [context.cast(builder, args[1], sig.args[1], types.intp)])
        intp = context.get_value_type(types.intp)
        return builder.and_(builder.ptrtoint(address, intp), ir.Constant(intp, LINE_BYTES - 1))

    return types.intp(buffer, offset), codegen


@intrinsic
def _stream_line(typingctx, src, s, dst, d):
    """dst[d:d + L] = src[s:s + L] for one cache line's L values (16 float32 or 8 float64):
    an unaligned vector load, a non-temporal aligned store (&dst[d] must start a line)."""
    if not (isinstance(src, types.Array) and isinstance(dst, types.Array) and src.ndim == 1
            and dst.ndim == 1 and src.dtype == dst.dtype
            and src.dtype in (types.float32, types.float64)):
        return None
    lanes = 16 if src.dtype == types.float32 else 8

    def codegen(context, builder, sig, args):
        src_type, s_type, dst_type, d_type = sig.args
        real = context.get_value_type(src_type.dtype)
        pointer = ir.VectorType(real, lanes).as_pointer()

        def at(array_type, array, offset, offset_type):
            data = context.make_array(array_type)(context, builder, array).data
            return builder.bitcast(builder.gep(data, [context.cast(
                builder, offset, offset_type, types.intp)]), pointer)

        value = builder.load(at(src_type, args[0], args[1], s_type),
                             align=context.get_abi_sizeof(real))
        store = builder.store(value, at(dst_type, args[2], args[3], d_type), align=LINE_BYTES)
        store.set_metadata("nontemporal", builder.module.add_metadata(
            [ir.Constant(ir.IntType(32), 1)]))
        return context.get_dummy_value()

    return types.none(src, s, dst, d), codegen


_X86 = platform.machine().lower() in ("x86_64", "amd64", "i386", "i686")


@intrinsic
def store_fence(typingctx):
    """Order the streaming stores made so far before any later store, so that another thread
    that sees a later write sees them too: x86's sfence, the fence its manuals name for
    streaming stores (they are outside x86's ordinary store order), LLVM's fence elsewhere.
    (The thread that made them reads them back in program order without it.)"""
    def codegen(context, builder, sig, args):
        if _X86:
            function = cgutils.get_or_insert_function(
                builder.module, ir.FunctionType(ir.VoidType(), []), "llvm.x86.sse.sfence")
            builder.call(function, [])
        else:
            builder.fence("seq_cst")
        return context.get_dummy_value()

    return types.none(), codegen


# A buffer is stored by streaming stores when it takes at least this many bytes (per chunk):
# four times a core's L2 (2 MB here), so it goes to memory whatever the stores; a smaller one
# read back soon after (the GRU's at (32, 50, 64, 128): 3.3 MB) is better left in the caches.
STREAM_BYTES = 8 << 20


@kernel
def streams(values, buffer):
    """Whether a buffer of `values` values of `buffer`'s dtype is stored by `stream_run`."""
    return values * buffer.itemsize >= STREAM_BYTES


def take_lines(size, dtype) -> tuple:
    """A flat array of `size` values of `dtype` from the workspace pool that starts at a cache
    line (so that `stream_run` stores whole lines), and the pooled array to give back."""
    dtype = np.dtype(dtype)
    raw = workspace.take((size + LINE_BYTES // dtype.itemsize,), dtype)
    skip = (-raw.__array_interface__["data"][0] % LINE_BYTES) // dtype.itemsize
    return raw[skip:skip + size], raw


@kernel
def stream_run(src, s, dst, d, count):
    """dst[d:d + count] = src[s:s + count] (flat buffers, runs that do not overlap) with
    non-temporal stores for the whole cache lines of the target (`_stream_line`), ordinary
    ones for the values before the first and after the last."""
    lanes = lanes_of(dst)
    item = LINE_BYTES // lanes
    head = min(count, ((LINE_BYTES - _line_offset(dst, d)) % LINE_BYTES) // item)
    for j in range(head):
        dst[d + j] = src[s + j]
    j = head
    while j + lanes <= count:
        _stream_line(src, s + j, dst, d + j)
        j += lanes
    for j in range(j, count):
        dst[d + j] = src[s + j]


# --------------------------------------------------------------------------------------------
# Chunk-level building blocks (each called from one place in each layer's chunk functions:
# every call site of a jitted function is compiled again into its caller)
# --------------------------------------------------------------------------------------------

@kernel
def gather_inputs(lo, hi, x, order, input_mask, xtm):
    """The chunk's inputs into xtm, time-major (times the VariationalInput mask), for the
    backward pass's weight gradients."""
    _gather_inputs(lo, hi, x, order, input_mask, xtm)


@kernel
def gather_step(lo, bc, x, order, input_mask, t, buf, first, ld):
    """Step t's inputs of the chunk's slots feature-major, times the VariationalInput mask:
    buf[first + q*ld + j] = x[order[lo + j], t, q] for the k features q and bc slots j."""
    steps, k = x.shape[1], x.shape[2]
    use_mask = input_mask.shape[0] > 0
    flat = x.reshape(x.size)
    # without a mask, 8 x 8 blocks (slots x features) transposed at once (`_transpose8`;
    # a slot at a time read each example's row once per feature: 0.9 ns a value)
    k8, b8 = (0, 0) if use_mask else (k - k % 8, bc - bc % 8)
    for j0 in range(0, b8, 8):
        for q0 in range(0, k8, 8):
            _transpose8(flat, _example_rows8(order, lo + j0, steps * k, t * k + q0), buf,
                        _rows8(first + q0 * ld + j0, ld))
    for q in range(k):                      # the features and slots outside whole blocks
        run = span(buf, first + q * ld, bc)
        if use_mask:
            for j in range(bc):
                e = order[lo + j]
                run[j] = x[e, t, q] * input_mask[e, q]
        else:
            for j in range(b8 if q < k8 else 0, bc):
                run[j] = x[order[lo + j], t, q]


# A step's rows in the time-major buffers (the states' s_{t-1}, the backward's d_pre) are
# (T+1)*bc or T*bc values apart; from this many on (a 4 KB page of float32) the products read
# a contiguous copy of the step's block instead: every tile of a product rereads all of its
# rows, and rows pages apart made a 2048 x 512 x 16 product run at 127 GFLOPS against 170
# from a contiguous block (1 thread; BENCHMARKS.md, lstm6).  Below it the copy only adds to a
# small call (the (64, 5, 11, 40) LSTM's forward+backward about 10%).
CONTIGUOUS_STEP_ROWS = 1024


@kernel
def copies_step_rows(row_stride):
    """Whether a step's block, rows row_stride values apart, is copied contiguous before the
    products read it (see CONTIGUOUS_STEP_ROWS)."""
    return row_stride >= CONTIGUOUS_STEP_ROWS


@kernel
def combined_product(t, lo, bc, active, n, steps, rows, wxsb, x, order, input_mask, states,
                     so, state_mask, initial, in_place, operand, b, work, wo):
    """Step t's pre-activations over the running slots in ONE product, for a layer each of
    whose gates adds its two products and its bias (the LSTM): the (rows, bc) block of work
    at wo = [Wx | Ws] (rows x (k + n), in register blocks wxsb: `combined_weights`)
    . [x_t ; s_{t-1}] + b, the operand made by `step_operand` (the chunk's states at so of
    `states`).  At the first step without an
    initial state (`initial` False) only the inputs' part is multiplied (Ws . 0 is skipped).
    When `in_place`, the layer has left s_{t-1} in the operand itself (not copied again).
    Instead of the input projections of all steps (or of blocks of steps) by one product and
    each step's recurrent product adding them: no (rows, T*bc) buffer of projections written
    and read back, one register-tiled pass over k + n inner indices per step (isolated, 1
    thread, 96 steps: (64, 256, 256) 39-44 ms against 51-54 ms, (16, 512, 512) 44 against
    54, (32, 64, 128) 3.6 against 5.1; BENCHMARKS.md, lstm8)."""
    k = x.shape[2]
    with_state = t > 0 or initial
    co = step_operand(t, lo, bc, active, n, steps, x, order, input_mask, states, so,
                      state_mask, with_state and not in_place, operand)
    blocked_tiles(rows, k + n if with_state else k, k + n, 0, active, wxsb, operand, co, bc,
                  False, work, wo, bc, True, b, work, wo, bc)


@kernel
def step_operand(t, lo, bc, active, n, steps, x, order, input_mask, states, so, state_mask,
                 copy_state, operand):
    """The operand [x_t ; s_{t-1}] of a step's combined products in the chunk's contiguous
    ((k + n), bc) block of `operand`: x_t of every slot (`gather_step`,
    times the VariationalInput mask), then, when `copy_state`, s_{t-1} of the running slots
    from the states (the chunk's (n, (T+1)*bc) block at so of `states`; times the
    VariationalState mask).  Returns the block's offset."""
    k = x.shape[2]
    co = (k + n) * lo
    gather_step(lo, bc, x, order, input_mask, t, operand, co, bc)
    if not copy_state:
        return co
    scols = (steps + 1) * bc
    so = so + t * bc                             # s_{t-1}'s columns of states
    sc = co + k * bc
    if state_mask.shape[0] > 0:
        for u in range(n):
            for j in range(active):
                operand[sc + u * bc + j] = states[so + u * scols + j] * state_mask[order[lo + j], u]
    else:
        for u in range(n):
            copy_run(states, so + u * scols, operand, sc + u * bc, active)
    return co


@kernel
def step_gate_block(t, lo, bc, steps, rows, store, gates, step_gates):
    """Where step t's gates go: (buffer, offset, row stride) of the stored gates in training
    (`store`), or of a step-sized scratch in inference."""
    if store:
        return gates, rows * steps * lo + t * bc, steps * bc
    return step_gates, rows * lo, bc


@kernel
def state_gradient_product(lo, bc, active, n, rows, wtb, d_rec, d_off, d_ld, state_mask, order,
                           work, carry, accumulate):
    """dL/ds_{t-1} through step t's recurrent products: the chunk's (n, bc) block of carry
    = Ws^T (in register blocks wtb) . d_rec (the gradients of the products: rows x active at
    d_off, row stride d_ld), times the VariationalState mask if any; added to what carry
    holds when `accumulate`."""
    co = n * lo
    use_state_mask = state_mask.shape[0] > 0
    if use_state_mask:
        product, add = work, False
    else:
        product, add = carry, accumulate
    blocked_product(n, rows, active, wtb, d_rec, d_off, d_ld, product, co, bc, add)
    if use_state_mask:
        for u in range(n):
            block = span(carry, co + u * bc, active)
            masked = span(work, co + u * bc, active)
            if accumulate:
                for j in range(active):
                    block[j] += masked[j] * state_mask[order[lo + j], u]
            else:
                for j in range(active):
                    block[j] = masked[j] * state_mask[order[lo + j], u]


# The GRU's backward adds the weight gradients group by group from its block of GROUP_STEPS
# steps (as the LSTM's, below) when the chunk's block of them, (rows + shift) x (k + n),
# takes at most this many bytes: it then stays in L2 beside the group's block, where the
# all-steps buffer (3.3 MB at (32, 50, 64, 128)) was written and read back from L3.  A
# larger block (2 MB at (64, 100, 256, 256)) would be read and written back once per group.
GROUP_GRADIENT_BYTES = 1 << 19


@kernel
def groups_weight_gradients(values, buffer):
    """Whether a chunk's weight-gradient block of `values` values of `buffer`'s dtype is
    added group by group (see GROUP_GRADIENT_BYTES)."""
    return values * buffer.itemsize <= GROUP_GRADIENT_BYTES


@kernel
def weight_gradients(c, lo, bc, rows, n, k, shift, steps, d_blk, go, g_ld, first, count,
                     accumulate, xtm, states, so, masked, prev_used, inputs, wx, d_xtm, d_w,
                     d_b):
    """The weight, bias and input gradients of steps first..first+count-1 (all steps after
    the backward loop, or a group of them during it): chunk c's blocks of d_b (row sums of
    the pre-activations' gradients) and of d_w (rows + shift) x (k + n), added to what they
    hold when `accumulate`: d_wx = d_pre . x^T in rows 0..rows-1, columns 0..k-1, and d_ws =
    d_rec . s_{t-1}^T in rows shift..shift+rows-1, columns k.. (one GEMM each); and, when
    `inputs`, the input gradients d_pre^T . Wx into the steps' rows of the chunk's
    time-major d_xtm (scattered to example order by `scatter_input_gradients`; a group's
    are `group_input_gradients`).  d_blk: the steps' gradients, (rows +
    shift) x count*bc at go (row stride g_ld), whose first `rows` rows are the
    pre-activations' (d_pre) and last `rows` rows the recurrent products' (d_rec): shift = 0
    when each gate adds its product unscaled, the GRU's n (its rows m, i, r, m'); wx: the
    input weights in d_pre's row order; xtm: the inputs as used, time-major (T*bc, k) per
    chunk; the chunk's states s_0 .. s_T are the (n, (T+1)*bc) block at so of `states`, or
    with a VariationalState mask (`masked`) s_0 .. s_{T-1} as used are prev_used's (n, T*bc)
    block (`mask_previous_states`).  (The LSTM's are `group_weight_gradients`.)"""
    width = k + n
    cols = count * bc
    xo = (steps * lo + first * bc) * k
    bo = (rows + shift) * c
    wo = bo * width
    beta = 1.0 if accumulate else 0.0
    _row_sums(d_blk, go, g_ld, rows, cols, d_b, bo, accumulate)
    gemm(rows, k, cols, 1.0, d_blk, go, g_ld, False, xtm, xo, k, False, beta, d_w, wo, width)
    if masked:
        prev, prev_off, prev_ld = prev_used, n * steps * lo + first * bc, steps * bc
    else:
        prev, prev_off, prev_ld = states, so + first * bc, (steps + 1) * bc
    gemm(rows, n, cols, 1.0, d_blk, go + shift * g_ld, g_ld, False, prev, prev_off, prev_ld,
         True, beta, d_w, wo + shift * width + k, width)
    if inputs:
        gemm(cols, k, rows, 1.0, d_blk, go, g_ld, True, wx, 0, k, False, 0.0, d_xtm, xo, k)


@kernel
def mask_previous_states(lo, bc, n, steps, states, so, state_mask, order, prev_used):
    """s_0 .. s_{T-1} of the chunk (its states at so) times the VariationalState mask, as the
    recurrent products used them, into the chunk's (n, T*bc) block of prev_used, for the
    state weights' gradients."""
    cols = steps * bc
    scols = (steps + 1) * bc
    mo = n * steps * lo
    for u in range(n):
        for col in range(cols):
            prev_used[mo + u * cols + col] = (states[so + u * scols + col]
                                              * state_mask[order[lo + col % bc], u])


# The LSTM's backward keeps the gradients of GROUP_STEPS steps (a few hundred KB: in L2) and
# adds their weight gradients by one GEMM whenever a group is complete, instead of storing
# every step's gradients into a (4n, T*bc) buffer (MBs: memory) for one GEMM after the loop.
# Isolated, store and GEMM(s) at (32, 50, 64, 128): 3.40 -> 2.54 ms; (64, 100, 256, 256)
# 53.8 -> 49.8; (16, 200, 512, 512) 104 -> 95 (BENCHMARKS.md, lstm10).
GROUP_STEPS = 8


@kernel
def group_weight_gradients(c, lo, bc, rows, n, k, steps, first, count, d_grp, go, g_ld, states,
                           so, masked, prev_used, d_w, d_b, accumulate):
    """The weight and bias gradients of steps first..first+count-1 into chunk c's blocks of
    d_w = [d_wx | d_ws] (rows x (k + n)) and d_b, added to what they hold when `accumulate`:
    the steps' pre-activation gradients (rows x count*bc at go of d_grp, row stride g_ld)
    times [x ; s_{t-1}]^T of the same columns, the inputs as used being the k rows above the
    chunk's states at so (same row stride; `stack_offset`, `stack_step_inputs`): ONE GEMM of
    N = k + n (faster than two of k and n: (32, 50, 64, 128) 2.35 against 2.61 ms over all
    steps, (64, 100, 256, 256) 44.3 against 48.4; BENCHMARKS.md, lstm10).  With a
    VariationalState mask (`masked`) the states' part is from the masked states in
    prev_used's (n, T*bc) block (`mask_previous_states`)."""
    width = k + n
    scols = (steps + 1) * bc
    cols = count * bc
    bo = rows * c
    wo = bo * width
    beta = 1.0 if accumulate else 0.0
    _row_sums(d_grp, go, g_ld, rows, cols, d_b, bo, accumulate)
    xo = so - k * scols + first * bc
    if not masked:
        gemm(rows, width, cols, 1.0, d_grp, go, g_ld, False, states, xo, scols, True, beta,
             d_w, wo, width)
        return
    gemm(rows, k, cols, 1.0, d_grp, go, g_ld, False, states, xo, scols, True, beta, d_w, wo,
         width)
    gemm(rows, n, cols, 1.0, d_grp, go, g_ld, False, prev_used, n * steps * lo + first * bc,
         steps * bc, True, beta, d_w, wo + k, width)


@kernel
def stack_offset(lo, bc, n, k, steps, stacked):
    """Where a chunk's states start in the states buffer: its (n, (T+1)*bc) block, or with
    `stacked` inputs (`forward_scratch`) the state rows of its (k + n, (T+1)*bc) block."""
    scols = (steps + 1) * bc
    if stacked:
        return (k + n) * (steps + 1) * lo + k * scols
    return n * (steps + 1) * lo


@kernel
def stack_step_inputs(operand, co, k, bc, running, states, xo, ld):
    """Training with stacked inputs (`group_weight_gradients`): step t's inputs as used, the
    first k rows of the chunk's operand block at co (`step_operand`: times the VariationalInput
    mask), into the k rows above the chunk's states (step t's columns at xo, row stride ld);
    zeros when no slot runs at step t (no operand was made; its d_pre columns are zero, but
    stale values could be NaN).  A copy of k*bc values per step, where the inputs were
    gathered time-major from example order for the GEMM before."""
    for q in range(k):
        if running:
            copy_run(operand, co + q * bc, states, xo + q * ld, bc)
        else:
            span(states, xo + q * ld, bc)[:] = 0


# --------------------------------------------------------------------------------------------
# Threading
#
# `run_chunks` is the one place where a recurrent pass is split over threads.  A one-chunk
# batch calls the chunk function from Python.  A split batch runs `_run_parallel`, whose
# prange loop calls the chunk function through its machine-code address (`_call_at`), a
# run-time argument: an ordinary call would put a copy of the chunk's code (and of everything
# it calls) into the driver, where LLVM optimises it twice more (the prange body's module and
# the driver's own), which was most of a first run's compile time.  So a chunk function is
# compiled once per precision, in its own cached module, whether or not a batch is split, and
# the driver is a few lines of machine code per argument list (one per layer and pass).
# --------------------------------------------------------------------------------------------

@intrinsic
def _call_at(typingctx, address, arguments):
    """Call the Numba-compiled function at machine address `address` (an integer) with the
    tuple `arguments` unpacked, through Numba's own calling convention; it returns nothing.
    The caller guarantees that the function was compiled for these argument types (see
    `chunk_address`)."""
    if not isinstance(arguments, types.BaseTuple) or not isinstance(address, types.Integer):
        return None
    argument_types = tuple(arguments.types)

    def codegen(context, builder, sig, args):
        address_value, packed = args
        values = [builder.extract_value(packed, i) for i in range(len(argument_types))]
        function_type = context.call_conv.get_function_type(types.none, argument_types)
        function = builder.inttoptr(
            context.cast(builder, address_value, sig.args[0], types.intp),
            function_type.as_pointer())
        # the status is not checked: chunk functions raise nothing (see _jit's error model)
        context.call_conv.call_function(builder, function, types.none, argument_types, values)
        return context.get_dummy_value()

    return types.none(address, arguments), codegen


@parallel_kernel
def _run_parallel(bounds, address, arguments):
    for c in prange(bounds.shape[0] - 1):
        # np.int64: a prange index is unsigned in the loop's body
        _call_at(address, (np.int64(c), bounds[c], bounds[c + 1]) + arguments)


_ADDRESSES: dict = {}


def chunk_address(chunk, dtype, arguments) -> int:
    """The machine address of `chunk` compiled for (c, lo, hi, *arguments), compiled or
    loaded from the cache on first use.  Keyed by the computation's dtype: the wrappers build
    every array argument in that dtype (or int64) and a fixed rank, so the argument types
    agree in all that the calling convention depends on (read-only-ness and contiguity,
    which may differ between calls, only change the types' names)."""
    key = (chunk, dtype.char)
    address = _ADDRESSES.get(key)
    if address is None:
        signature = (types.int64,) * 3 + tuple(numba.typeof(a) for a in arguments)
        chunk.compile(signature)
        result = chunk.overloads[signature]
        address = result.library.get_pointer_to_function(result.fndesc.llvm_func_name)
        _ADDRESSES[key] = address
    return address


def run_chunks(chunk, plan: Plan, arguments: tuple, dtype) -> None:
    """chunk(c, lo, hi, *arguments) for every chunk c of `plan` (slots lo..hi-1), over the
    thread pool when there are several."""
    bounds = plan.bounds
    if len(bounds) > 2:
        _run_parallel(bounds, chunk_address(chunk, dtype, arguments), arguments)
    else:
        chunk(0, 0, bounds[1], *arguments)


# --------------------------------------------------------------------------------------------
# The wrappers' shared parts
# --------------------------------------------------------------------------------------------

def check_input(x) -> np.ndarray:
    """x as a C-contiguous (batch, steps, k) float32/float64 array (ValueError otherwise)."""
    x = np.asarray(x)
    if x.ndim != 3 or x.dtype.char not in "fd":
        raise ValueError("x must be a (batch, steps, k) float32/float64 array")
    return x if x.flags.c_contiguous else np.ascontiguousarray(x)


def initial_state(value, batch, n, dtype, what="initial_state"):
    """An initial (B, n) state in the computation's dtype, or the empty array (zeros)."""
    if value is None:
        return EMPTY[dtype.char, 2]                 # the kernels start from zeros
    value = np.ascontiguousarray(value, dtype=dtype)
    if value.shape != (batch, n):
        raise ValueError(f"{what} must have shape {(batch, n)}")
    return value


def final_gradient(value, batch, n, dtype, what="d_final_state"):
    """The gradient of a final (B, n) state in the computation's dtype (zeros for None)."""
    if value is None:
        return np.zeros((batch, n), dtype)
    value = np.ascontiguousarray(value, dtype=dtype)
    if value.shape != (batch, n):
        raise ValueError(f"{what} must have shape {(batch, n)}")
    return value


def output_gradient(d_output, shape, dtype):
    """The gradient of the output sequence, (B, T, n) in the computation's dtype."""
    d_output = np.ascontiguousarray(d_output, dtype=dtype)
    if d_output.shape != shape:
        raise ValueError(f"d_output must have shape {shape}")
    return d_output


def forward_scratch(weights: GateWeights, masks: DropoutMasks, lengths, batch, steps,
                    keep_for_backward, layer_rows=0, stacked=False) -> tuple:
    """The plan of a forward call and what it allocates, the same for every layer: (plan,
    ws_used, buffers, layer_buffer).  buffers = (xtm, states, gates, stored, work,
    step_gates, operand, out, final_state), in the order of the chunk functions' parameters:
    xtm the inputs time-major, for the backward pass's weight gradients (training only);
    `stored` holds the per-step values of n rows a layer keeps for its backward pass (the
    GRU's Wms.s, the LSTM's Tanh[c]), allocated as `gates` only when keeping them; operand
    the ((k + n), bc) blocks of the steps' [x_t ; s_{t-1}] (`step_operand`); layer_buffer:
    the layer's own (layer_rows, (T+1)*bc) per chunk (the LSTM's cell states; empty for 0
    rows).  With `stacked` (training only), a chunk's block of states is (k + n, (T+1)*bc):
    the inputs as used above the states (`stack_offset`, `group_weight_gradients`), and xtm
    is not made.  In the computation's dtype (the weights').  In training the large buffers come
    from the workspace pool; an inference call's scratch (all but the outputs) is this
    thread's set for its shapes (`inference_scratch`).  Plain tuples: a small call's set-up
    costs microseconds, and named fields cost more."""
    dtype, n, k = weights.dtype, weights.n, weights.k
    rows = weights.ws.shape[0]
    split = plan(lengths, batch, steps, k, n)
    sizes = (dtype, rows, n, k, batch, steps, layer_rows)
    if keep_for_backward:
        scratch = _scratch(workspace.take, True, *sizes, stacked)
    else:
        scratch = inference_scratch(sizes)
    buffers = scratch[:7] + (np.empty((batch, steps, n), dtype), np.empty((batch, n), dtype))
    return split, state_weights_used(weights, masks), buffers, scratch[7]


def _scratch(take, keep, dtype, rows, n, k, batch, steps, layer_rows, stacked=False) -> tuple:
    """A forward call's scratch (`forward_scratch`'s buffers but the outputs, then the
    layer's buffer), its arrays made by take(shape, dtype); the buffers a call does not use
    are one shared empty array (no allocation)."""
    empty = EMPTY[dtype.char, 1]
    return (
        take((steps * batch * k,), dtype) if keep and not stacked else empty,  # xtm
        take(((k + n if stacked else n) * (steps + 1) * batch,), dtype),       # states
        take((rows * steps * batch,), dtype) if keep else empty,               # gates
        take((n * steps * batch,), dtype) if keep else empty,                  # stored
        np.empty(rows * batch, dtype),                                         # work
        empty if keep else np.empty(rows * batch, dtype),                      # step_gates
        np.empty((k + n) * batch, dtype),                                      # operand
        take((layer_rows * (steps + 1) * batch,), dtype) if layer_rows else empty)


# An inference call's scratch is kept for the next call of the same shapes on the same thread
# (`inference_scratch`) when it is no larger than this: taking and returning a dozen arrays
# cost a small call (the LSTM's (1, 4, 2, 3) forward, 12 us) about 3 us; a large call does not
# notice, and its scratch (tens of MB) is better returned to the pool.
INFERENCE_SCRATCH_BYTES = 1 << 22
INFERENCE_SCRATCH_SETS = 8          # sets kept per thread (all dropped when one more comes)


class _InferenceSets(threading.local):
    def __init__(self):
        self.sets = {}
        self.kept_states = set()        # id() of each kept set's states buffer


_inference_sets = _InferenceSets()


def inference_scratch(sizes: tuple) -> tuple:
    """The scratch of an inference call with these `sizes` (`_scratch`'s arguments after
    `take` and `keep`): this thread's kept set when small (a forward pass is over before
    the next one starts on its thread, and its kernels need no initialised scratch), else
    from the workspace pool (`give_forward_scratch` returns it)."""
    kept = _inference_sets.sets
    scratch = kept.get(sizes)
    if scratch is None:
        scratch = _scratch(workspace.take, False, *sizes)
        if sum(a.nbytes for a in scratch) <= INFERENCE_SCRATCH_BYTES:
            if len(kept) >= INFERENCE_SCRATCH_SETS:
                kept.clear()
                _inference_sets.kept_states.clear()
            kept[sizes] = scratch
            _inference_sets.kept_states.add(id(scratch[1]))
    return scratch


def short_call_scratch(weights: GateWeights, x, lengths, make):
    """The scratch of an inference call that may take a layer's short path (one chunk, the
    arrays exactly as the kernels take them), or None: `make(weights, batch)` builds it the
    first time, then it is kept with the packing (in `GateWeights.combined`), one set per
    thread for the last batch size (a short call's scratch does not depend on the number of
    steps).  What a small call saves: the plan, the scratch sets' look-up, the masks' and
    lengths' arguments and most of the dispatch of two dozen arguments (about 6 of the 75 us
    of the (64, 5, 11, 40) LSTM's forward)."""
    if not (type(x) is np.ndarray and type(lengths) is np.ndarray and x.ndim == 3
            and lengths.ndim == 1 and x.dtype is weights.ws.dtype and lengths.dtype is _INT64
            and x.flags.c_contiguous):
        return None
    batch, steps, k = x.shape
    n = weights.n
    if (lengths.shape[0] != batch or k != weights.k or batch > 1 and thread_count() > 1
            and batch * steps * n * (n + k) >= parallel_work()):
        return None
    key = ("short", threading.get_ident())
    kept = weights.combined.get(key)
    if kept is None or kept[0] != batch:
        kept = weights.combined[key] = (batch, make(weights, batch))
    return kept[1]


_INT64 = np.dtype(np.int64)


def give_forward_scratch(buffers, keep_for_backward, layer_buffer) -> None:
    """Return an inference pass's pooled buffers (`forward_scratch`) once it has run: the
    states and the layer's buffer, which no backward pass will read (unless they are this
    thread's kept set, `inference_scratch`); a training pass's go with its cache."""
    states = buffers[1]
    if not keep_for_backward and id(states) not in _inference_sets.kept_states:
        workspace.give(states, layer_buffer)


def mask_arrays(masks: DropoutMasks, dtype) -> tuple:
    """(state, input, update) masks as the kernels take them: in the computation's dtype,
    or empty arrays of their ranks for methods that are off."""
    if masks is NO_MASKS:                       # inference and most training: no dropout
        return EMPTY[dtype.char, 2], EMPTY[dtype.char, 2], EMPTY[dtype.char, 3]
    return (mask_or_empty(masks.state, 2, dtype), mask_or_empty(masks.input, 2, dtype),
            mask_or_empty(masks.update, 3, dtype))


def state_weights_used(weights: GateWeights, masks: DropoutMasks) -> np.ndarray:
    """The stacked state weights after the VariationalWeights mask (2-d)."""
    if masks.weights is None:
        return weights.ws
    return weights.ws * masks.weights.astype(weights.dtype)


def blocked_state_weights(weights: GateWeights, ws_used, masks: DropoutMasks) -> np.ndarray:
    """The state weights as used, transposed, in register blocks for the backward pass
    (Ws^T), those of the packing when no VariationalWeights mask changes them."""
    if masks.weights is None:
        return weights.blocked_t
    return blocked_rows(ws_used, True)


def chunk_gradients(chunks, rows, n, k, dtype) -> tuple:
    """Per-chunk (d_w, d_b) blocks, (chunks, rows, k + n) holding [d_wx | d_ws] and (chunks,
    rows): each chunk writes its own (`weight_gradients`), `summed_gradients` adds them up."""
    return np.empty((chunks, rows, k + n), dtype), np.empty((chunks, rows), dtype)


def summed_gradients(d_w, d_b, masks: DropoutMasks, k) -> tuple:
    """(d_wx, d_ws, d_b) over all chunks (d_wx and d_ws views of one array), the state
    weights' through their dropout mask."""
    d_w, d_b = (a[0] if a.shape[0] == 1 else a.sum(axis=0) for a in (d_w, d_b))
    d_wx, d_ws = d_w[:, :k], d_w[:, k:]
    if masks.weights is not None:
        d_ws *= masks.weights
    return d_wx, d_ws, d_b

