"""The machinery shared by the recurrent kernels (wlnet/kernels/recurrent.py): the register-
blocked products with the state weights, checked against numpy at shapes whose rows, columns
and inner size are not multiples of the tiles, with offsets and strides as the kernels use
them; nothing outside the result block is written."""
import numpy as np
import pytest

from wlnet.kernels import recurrent as R


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("rows, n, columns", [(1, 1, 1), (12, 3, 1), (13, 5, 17), (24, 8, 16),
                                              (40, 33, 35), (9, 64, 8), (30, 7, 50),
                                              (29, 4, 33)])
@pytest.mark.parametrize("transpose", [False, True])
@pytest.mark.parametrize("accumulate", [False, True])
def test_blocked_product_matches_numpy(dtype, rows, n, columns, transpose, accumulate):
    rng = np.random.default_rng(rows * 1000 + n * 10 + columns)
    w = rng.standard_normal((n, rows) if transpose else (rows, n)).astype(dtype)
    s_off, s_ld = 3, columns + 5
    s = rng.standard_normal(s_off + n * s_ld).astype(dtype)
    o_off, o_ld = 2, columns + 3
    out = rng.standard_normal(o_off + rows * o_ld + 4).astype(dtype)
    before = out.copy()
    R.blocked_product(rows, n, columns, R.blocked_rows(w, transpose), s, s_off, s_ld, out,
                      o_off, o_ld, accumulate)

    weights = w.T if transpose else w
    expected = weights.astype(np.float64) @ s[s_off:].reshape(n, s_ld)[:, :columns]
    block = out[o_off:o_off + rows * o_ld].reshape(rows, o_ld)
    old = before[o_off:o_off + rows * o_ld].reshape(rows, o_ld)
    if accumulate:
        expected = expected + old[:, :columns]
    tolerance = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(block[:, :columns], expected, rtol=tolerance,
                               atol=tolerance * np.sqrt(n))
    # the rest of each row, and everything before and after the block, is untouched
    np.testing.assert_array_equal(block[:, columns:], old[:, columns:])
    np.testing.assert_array_equal(out[:o_off], before[:o_off])
    np.testing.assert_array_equal(out[o_off + rows * o_ld:], before[o_off + rows * o_ld:])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("rows, n, columns", [(1, 1, 1), (13, 5, 17), (40, 33, 35), (9, 64, 8),
                                              (30, 7, 50)])
@pytest.mark.parametrize("add, use_bias", [(True, True), (True, False), (False, True)])
def test_blocked_affine_adds_a_matrix_and_a_bias_per_row(dtype, rows, n, columns, add,
                                                        use_bias):
    """out = W . S (+ an addend of its own stride) (+ one bias per row): the LSTM's
    pre-activations of a step in the product's pass."""
    rng = np.random.default_rng(rows * 1000 + n * 10 + columns)
    w = rng.standard_normal((rows, n)).astype(dtype)
    s_off, s_ld = 3, columns + 5
    s = rng.standard_normal(s_off + n * s_ld).astype(dtype)
    a_off, a_ld = 1, columns + 7
    addend = rng.standard_normal(a_off + rows * a_ld).astype(dtype)
    bias = rng.standard_normal(rows).astype(dtype)
    o_off, o_ld = 2, columns + 3
    out = rng.standard_normal(o_off + rows * o_ld + 4).astype(dtype)
    before = out.copy()
    R.blocked_affine(rows, n, columns, R.blocked_rows(w, False), s, s_off, s_ld, add, addend,
                     a_off, a_ld, use_bias, bias, out, o_off, o_ld)

    expected = w.astype(np.float64) @ s[s_off:].reshape(n, s_ld)[:, :columns]
    if add:
        expected += addend[a_off:].reshape(rows, a_ld)[:, :columns]
    if use_bias:
        expected += bias[:, None]
    block = out[o_off:o_off + rows * o_ld].reshape(rows, o_ld)
    old = before[o_off:o_off + rows * o_ld].reshape(rows, o_ld)
    tolerance = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(block[:, :columns], expected, rtol=tolerance,
                               atol=tolerance * np.sqrt(n))
    np.testing.assert_array_equal(block[:, columns:], old[:, columns:])
    np.testing.assert_array_equal(out[:o_off], before[:o_off])
    np.testing.assert_array_equal(out[o_off + rows * o_ld:], before[o_off + rows * o_ld:])


def test_blocked_rows_interleaves_a_tile_of_rows_and_pads_with_zeros():
    tile = R.BLOCK_ROWS
    rows = tile + 2                                          # one full tile, one of 2 rows
    w = np.arange(rows * 3, dtype=np.float64).reshape(rows, 3)
    blocked = R.blocked_rows(w, False).reshape(2, 3, tile)
    np.testing.assert_array_equal(blocked[0], w[:tile].T)
    np.testing.assert_array_equal(blocked[1, :, :2], w[tile:].T)
    assert not blocked[1, :, 2:].any()
    np.testing.assert_array_equal(R.blocked_rows(w.T.copy(), True), R.blocked_rows(w, False))


@pytest.mark.parametrize("layer", ["gru", "lstm"])
def test_the_first_steps_product_is_skipped_only_without_an_initial_state(layer):
    """Without an initial state the first step's recurrent product (of zero states) is not
    made: the outputs are those of explicit zero states, and a given state still enters the
    first step (its product is made)."""
    from wlnet.kernels import gru, lstm
    module = gru if layer == "gru" else lstm
    pack = gru.pack_gru_weights if layer == "gru" else lstm.pack_lstm_weights
    forward = gru.gru_forward if layer == "gru" else lstm.lstm_forward
    rng = np.random.default_rng(3)
    batch, steps, k, n = 5, 3, 4, 6
    shapes = {"InputWeights": (n, k), "StateWeights": (n, n), "Biases": (n,)}
    arrays = {name: rng.standard_normal(shapes[name.split("Gate")[1]])
              for name in module.ARRAY_NAMES}
    weights = pack(arrays, np.float64)
    x = rng.standard_normal((batch, steps, k))
    lengths = np.array([3, 1, 2, 3, 0])
    states = (None,) if layer == "gru" else (None, None)
    zeros = tuple(np.zeros((batch, n)) for _ in states)
    given = tuple(rng.standard_normal((batch, n)) for _ in states)
    without = forward(x, lengths, weights, *states, keep_for_backward=False)[0]
    with_zeros = forward(x, lengths, weights, *zeros, keep_for_backward=False)[0]
    with_given = forward(x, lengths, weights, *given, keep_for_backward=False)[0]
    np.testing.assert_array_equal(without, with_zeros)
    assert np.abs(with_given[0, 0] - with_zeros[0, 0]).max() > 1e-3
    # the first step by hand from the given state (the layer's own equations)
    s_given = given[0][0]
    if layer == "gru":
        i = 1 / (1 + np.exp(-(arrays["InputGateInputWeights"] @ x[0, 0]
                              + arrays["InputGateStateWeights"] @ s_given
                              + arrays["InputGateBiases"])))
        r = 1 / (1 + np.exp(-(arrays["ResetGateInputWeights"] @ x[0, 0]
                              + arrays["ResetGateStateWeights"] @ s_given
                              + arrays["ResetGateBiases"])))
        m = np.tanh(arrays["MemoryGateInputWeights"] @ x[0, 0]
                    + r * (arrays["MemoryGateStateWeights"] @ s_given)
                    + arrays["MemoryGateBiases"])
        expected = (1 - i) * m + i * s_given
    else:
        def gate(name, f):
            return f(arrays[name + "InputWeights"] @ x[0, 0]
                     + arrays[name + "StateWeights"] @ s_given + arrays[name + "Biases"])
        sigmoid = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
        c = (gate("ForgetGate", sigmoid) * given[1][0]
             + gate("InputGate", sigmoid) * gate("MemoryGate", np.tanh))
        expected = gate("OutputGate", sigmoid) * np.tanh(c)
    np.testing.assert_allclose(with_given[0, 0], expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("lengths", [[3, 1, 4, 1, 5, 0, 2, 6, 5, 3], [2, 2, 1], [0, 0], [7]])
def test_a_one_chunk_plan_sorts_by_decreasing_length_stably(lengths):
    """The counting sort of one-chunk plans gives numpy's stable argsort of -lengths."""
    lengths = np.array(lengths)
    steps = int(lengths.max()) + 1                # mixed: not the equal-lengths shortcut
    plan = R.plan(lengths[::-1][::-1].astype(np.int32), len(lengths), steps, 3, 2)
    expected = np.argsort(-lengths, kind="stable")
    assert plan.bounds.tolist() == [0, len(lengths)]
    assert plan.order.tolist() == expected.tolist()
    assert plan.slot_lengths.tolist() == lengths[expected].tolist()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_stream_run_copies_exactly_the_run_at_every_alignment(dtype):
    """`stream_run` (streaming stores for the target's whole cache lines, ordinary ones
    around them) copies src[s:s + count] to dst[d:d + count] and writes nothing else, for
    targets starting anywhere in a line and runs shorter and longer than one."""
    src = np.arange(1, 201, dtype=dtype)
    for d in range(0, 20):
        for s in (0, 3):
            for count in (0, 1, 7, 8, 16, 17, 33, 100):
                dst = np.zeros(160, dtype)
                R.stream_run(src, s, dst, d, count)
                expected = np.zeros(160, dtype)
                expected[d:d + count] = src[s:s + count]
                assert np.array_equal(dst, expected), (d, s, count)


def test_take_lines_starts_at_a_cache_line():
    for size in (10, 1 << 16, 3 << 18):
        view, pooled = R.take_lines(size, np.float32)
        assert view.size == size and view.__array_interface__["data"][0] % R.LINE_BYTES == 0
        assert np.shares_memory(view, pooled)
