"""kernels/_linalg.py: strided gemm on flat buffers, the vectorising exp/sigmoid/tanh, span."""

import numpy as np
import pytest

from wlnet.kernels._jit import kernel
from wlnet.kernels._linalg import (fast_exp, fast_sigmoid, fast_tanh, gate_tanh,
                                   gate_tanh_times_run, gemm, logistic_run, lstm_cell_run,
                                   lstm_state_run, one_of, span, zero_of)

TOLERANCE = {np.float32: 2e-6, np.float64: 1e-13}


def _embed(matrix, offset, ld, dtype, rng):
    """matrix written row by row into a flat random buffer at `offset`, row stride `ld`."""
    rows, cols = matrix.shape
    buffer = rng.standard_normal(offset + rows * ld + 3).astype(dtype)
    for i in range(rows):
        buffer[offset + i * ld:offset + i * ld + cols] = matrix[i]
    return buffer


def _block(buffer, offset, ld, rows, cols):
    return np.array([buffer[offset + i * ld:offset + i * ld + cols] for i in range(rows)])


# (m, n, k): loop-sized products (under the BLAS threshold) and BLAS-sized ones
@pytest.mark.parametrize("m, n, k", [(3, 4, 5), (7, 1, 3), (1, 1, 1), (40, 64, 120), (100, 30, 50)])
@pytest.mark.parametrize("trans_a", [False, True])
@pytest.mark.parametrize("trans_b", [False, True])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gemm_on_strided_blocks_with_accumulation(m, n, k, trans_a, trans_b, dtype):
    rng = np.random.default_rng(m * 100 + n * 10 + k)
    a = rng.standard_normal((k, m) if trans_a else (m, k))
    b = rng.standard_normal((n, k) if trans_b else (k, n))
    lda, ldb, ldc = a.shape[1] + 3, b.shape[1] + 2, n + 5
    a_buf = _embed(a.astype(dtype), 2, lda, dtype, rng)
    b_buf = _embed(b.astype(dtype), 1, ldb, dtype, rng)
    c_buf = rng.standard_normal(4 + m * ldc + 2).astype(dtype)
    c_before = c_buf.copy()
    op_a, op_b = (a.T if trans_a else a), (b.T if trans_b else b)
    expected = 2 * op_a.astype(dtype).astype(np.float64) @ op_b.astype(dtype).astype(np.float64)
    expected += 0.5 * _block(c_before, 4, ldc, m, n)

    gemm(m, n, k, 2.0, a_buf, 2, lda, trans_a, b_buf, 1, ldb, trans_b, 0.5, c_buf, 4, ldc)

    result = _block(c_buf, 4, ldc, m, n)
    assert np.abs(result - expected).max() <= TOLERANCE[dtype] * max(1, np.abs(expected).max()) * k
    # nothing outside C's block is touched
    outside = np.ones(c_buf.shape, bool)
    for i in range(m):
        outside[4 + i * ldc:4 + i * ldc + n] = False
    assert np.array_equal(c_buf[outside], c_before[outside])


def test_gemm_with_beta_zero_ignores_what_c_held():
    a = np.ones(6, np.float32)                      # 2 x 3
    b = np.ones(3, np.float32)                      # 3 x 1
    c = np.full(2, np.nan, np.float32)
    gemm(2, 1, 3, 1.0, a, 0, 3, False, b, 0, 1, False, 0.0, c, 0, 1)
    assert c.tolist() == [3.0, 3.0]


@kernel
def _apply(x, out, which):
    for i in range(x.shape[0]):
        if which == 0:
            out[i] = fast_exp(x[i])
        elif which == 1:
            out[i] = fast_sigmoid(x[i])
        else:
            out[i] = fast_tanh(x[i])


def _values(dtype):
    rng = np.random.default_rng(3)
    return np.concatenate([rng.uniform(-30, 30, 20000), rng.uniform(-1, 1, 20000),
                           rng.uniform(-1e-3, 1e-3, 1000), [1e-30, -1e-30, 0.5, -0.5, 0.125]]
                          ).astype(dtype)


# relative error bounds: a few ulp of the working precision
ACCURACY = {np.float32: 4e-7, np.float64: 4e-15}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("which, reference", [(0, np.exp), (1, lambda v: 1 / (1 + np.exp(-v))),
                                              (2, np.tanh)])
def test_fast_functions_are_accurate_in_their_own_precision(dtype, which, reference):
    x = _values(dtype)
    out = np.empty_like(x)
    _apply(x, out, which)
    assert out.dtype == dtype
    expected = reference(x.astype(np.float64))
    nonzero = expected != 0
    relative = np.abs(out[nonzero] - expected[nonzero]) / np.abs(expected[nonzero])
    assert relative.max() < ACCURACY[dtype]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_fast_functions_at_the_edges(dtype):
    x = np.array([np.nan, np.inf, -np.inf, 1000.0, -1000.0, 0.0], dtype)
    out = np.empty_like(x)
    _apply(x, out, 0)
    assert np.isnan(out[0]) and np.isfinite(out[1:]).all() and out[4] >= 0 and out[5] == 1
    _apply(x, out, 1)
    assert np.isnan(out[0]) and out[1:].tolist() == [1, 0, 1, 0, 0.5]
    _apply(x, out, 2)
    assert np.isnan(out[0]) and out[1:].tolist() == [1, -1, 1, -1, 0]


@kernel
def _apply_gate_tanh(x, out):
    for i in range(x.shape[0]):
        out[i] = gate_tanh(x[i])


def test_gate_tanh_is_accurate_absolutely_in_float32_and_fast_tanh_in_float64():
    """The recurrent gates' Tanh: 2 LogisticSigmoid[2x] - 1 in float32 (absolute error of a
    few 1e-8, exact limits, NaN kept); fast_tanh itself in float64."""
    x = _values(np.float32)
    out = np.empty_like(x)
    _apply_gate_tanh(x, out)
    assert out.dtype == np.float32
    assert np.abs(out - np.tanh(x.astype(np.float64))).max() < 2.5e-7
    edges = np.array([np.nan, np.inf, -np.inf, 1000.0, -1000.0, 0.0], np.float32)
    edge_out = np.empty_like(edges)
    _apply_gate_tanh(edges, edge_out)
    assert np.isnan(edge_out[0]) and edge_out[1:].tolist() == [1, -1, 1, -1, 0]
    x64 = _values(np.float64)
    out64, reference = np.empty_like(x64), np.empty_like(x64)
    _apply_gate_tanh(x64, out64)
    _apply(x64, reference, 2)
    np.testing.assert_array_equal(out64, reference)


@kernel
def _typed_constants(x):
    return one_of(x) - x * zero_of(x)


def test_one_and_zero_keep_the_float_type():
    # Numba types `1 - float32` as float64; one_of/zero_of keep float32 arithmetic in float32
    import numba
    assert _typed_constants(np.float32(0.25)) == 1 and _typed_constants(0.25) == 1
    returns = {str(sig.args[0]): sig.return_type for sig in _typed_constants.nopython_signatures}
    assert returns == {"float32": numba.float32, "float64": numba.float64}


@kernel
def _double_middle(buffer, start, length):
    view = span(buffer, start, length)
    for j in range(length):
        view[j] *= 2
    return view.shape[0]


def test_span_is_a_view_of_the_block():
    buffer = np.arange(10, dtype=np.float64)
    assert _double_middle(buffer, 3, 4) == 4
    assert buffer.tolist() == [0, 1, 2, 6, 8, 10, 12, 7, 8, 9]


@kernel
def _logistic_runs(src, s, dst, d, count, tanh, mul):
    logistic_run(src, s, dst, d, count, tanh)
    gate_tanh_times_run(src, s, mul, 0, mul, 0, count)       # in place on mul


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("count", [1, 15, 16, 17, 1000])
def test_logistic_runs_over_blocks_and_their_tails(dtype, count):
    """`logistic_run` (LogisticSigmoid, or the gates' Tanh) and `gate_tanh_times_run` over a
    run at an offset (float32: 16-lane vectors and a masked tail): as exact to 3e-7 in
    float32 and 1e-15 in float64, nothing written outside the run, NaN kept, the limits at
    +-inf and past the clamps."""
    rng = np.random.default_rng(4)
    x = (6 * rng.standard_normal(count + 5)).astype(dtype)
    x[3:3 + min(count, 6)] = [np.nan, np.inf, -np.inf, -100, 100, -88.5][:min(count, 6)]
    exact_x = x.astype(np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        sigmoid, tanh = 1 / (1 + np.exp(-exact_x)), np.tanh(exact_x)
    bound = 3e-7 if dtype == np.float32 else 1e-15
    for use_tanh, exact in ((False, sigmoid), (True, tanh)):
        out = np.full(count + 9, 7, dtype)
        mul = rng.random(count).astype(dtype)
        product = mul.astype(np.float64) * tanh[3:3 + count]
        _logistic_runs(x, 3, out, 2, count, use_tanh, mul)
        assert (out[:2] == 7).all() and (out[2 + count:] == 7).all()
        got, want = out[2:2 + count].astype(np.float64), exact[3:3 + count]
        numbers = ~np.isnan(want)
        assert np.array_equal(np.isnan(got), ~numbers)
        assert (np.abs(got - want)[numbers] < bound).all()
        assert (np.abs(mul.astype(np.float64) - product)[numbers] < bound).all()


def test_logistic_runs_in_float32_are_accurate_over_the_whole_range():
    """The 16-lane LogisticSigmoid and gates' Tanh (base-2 exp, reciprocal estimate and one
    Newton step) over 200,000 values of every magnitude: absolute errors of a few 1e-7 at
    most, LogisticSigmoid exactly 0 past its clamp and exactly 1 far right, the gates' Tanh
    exactly -1 and 1 at the ends."""
    rng = np.random.default_rng(11)
    x = np.concatenate([8 * rng.standard_normal(100_000), rng.uniform(-100, 100, 100_000),
                        [-87.0, -87.5, -88.0, -200.0, 200.0, 30.0, -30.0]]).astype(np.float32)
    exact_x = x.astype(np.float64)
    with np.errstate(over="ignore"):
        sigmoid = 1 / (1 + np.exp(-exact_x))
    for use_tanh, exact, bound in ((False, sigmoid, 1.6e-7), (True, np.tanh(exact_x), 3e-7)):
        out = np.empty_like(x)
        mul = np.ones(x.size, np.float32)
        _logistic_runs(x, 0, out, 0, x.size, use_tanh, mul)
        assert np.abs(out - exact).max() < bound
        if use_tanh:
            assert (out[x < -10] == -1).all() and (out[x > 10] == 1).all()
            np.testing.assert_array_equal(mul, out)             # Tanh times 1: the same bits
        else:
            assert (out[x <= -88] == 0).all() and (out[x >= 20] == 1).all()
            assert (out >= 0).all() and (out <= 1).all()


@kernel
def _lstm_step_in_passes(work, stride, cells, dst, count):
    for r in range(4):
        logistic_run(work, r * stride, work, r * stride, count, r == 3)
    lstm_cell_run(work, 0, stride, cells, 0, 0, count)
    gate_tanh_times_run(cells, 0, work, stride, dst, 0, count)


@kernel
def _lstm_step_fused(work, stride, cells, dst, count):
    lstm_state_run(work, 0, stride, cells, 0, dst, 0, count)


@kernel
def _lstm_cells_apart(gates, g, stride, cells, c0, c1, count):
    lstm_cell_run(gates, g, stride, cells, c0, c1, count)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("count", [1, 16, 37, 640])
def test_lstm_state_run_is_the_passes_of_a_step(dtype, count):
    """An LSTM inference step by `lstm_state_run` (float32: the gates and cells in one pass,
    then o*Tanh[c]) gives the bits of its passes one by one (the activations, the cell
    update, o*Tanh[c]: what training's forward does), and the formulas' values."""
    rng = np.random.default_rng(count)
    stride = count + 3                      # rows i, o, f, m apart, gaps between them
    pre = (3 * rng.standard_normal(4 * stride)).astype(dtype)
    c0 = rng.standard_normal(count).astype(dtype)
    fused_cells, passes_cells = c0.copy(), c0.copy()
    fused, apart = np.full(count + 2, 7, dtype), np.full(count + 2, 7, dtype)
    _lstm_step_fused(pre.copy(), stride, fused_cells, fused, count)
    _lstm_step_in_passes(pre.copy(), stride, passes_cells, apart, count)
    np.testing.assert_array_equal(fused_cells, passes_cells)
    np.testing.assert_array_equal(fused, apart)
    assert (fused[count:] == 7).all()
    g = pre.astype(np.float64).reshape(4, stride)[:, :count]
    i, o, f = (1 / (1 + np.exp(-row)) for row in g[:3])
    cell = f * c0 + i * np.tanh(g[3])
    bound = 1e-6 if dtype == np.float32 else 1e-14
    assert np.abs(fused_cells - cell).max() < bound
    assert np.abs(fused[:count] - o * np.tanh(cell)).max() < bound


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_lstm_cell_run_from_offsets_into_other_cells(dtype):
    """c1 = f*c0 + i*m over a run (16-lane vectors and a tail in float32) with the gates at
    an offset and stride, the cells read at one offset and written at another: nothing
    written outside the run."""
    rng = np.random.default_rng(2)
    count, stride, g = 21, 30, 5
    gates = rng.random(g + 4 * stride).astype(dtype)
    cells = rng.standard_normal(80).astype(dtype)
    before = cells.copy()
    _lstm_cells_apart(gates, g, stride, cells, 3, 40, count)
    i, f, m = (gates[g + r * stride:g + r * stride + count].astype(np.float64) for r in (0, 2, 3))
    want = f * before[3:3 + count] + i * m
    assert np.abs(cells[40:40 + count] - want).max() < (1e-6 if dtype == np.float32 else 1e-15)
    np.testing.assert_array_equal(np.delete(cells, range(40, 40 + count)),
                                  np.delete(before, range(40, 40 + count)))

