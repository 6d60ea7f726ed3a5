"""LongShortTermMemoryLayer kernels: numpy reference, float64 finite differences, dropout masks,
the batch split over threads, inference mode.  (torch.nn.LSTM: test_lstm_torch.py.)"""

import numpy as np
import pytest

from wlnet.kernels import gru as KG
from wlnet.kernels import lstm as K
from wlnet.kernels import recurrent as R   # the shared machinery: plans, threads

from tests.kernels._checks import numeric_gradient, rel_error
from tests.kernels._lstm_reference import lstm_reference

# (batch, steps, k, n, lengths, with initial state and cell)
CASES = [
    (1, 4, 2, 3, [4], False),
    (4, 6, 3, 4, [6, 0, 1, 3], True),      # an empty sequence and a length-1 one
    (3, 4, 2, 33, [4, 1, 3], True),        # BLAS path, vectorised gate loops
    (11, 3, 2, 17, [3, 1, 0, 2, 3, 3, 1, 2, 3, 2, 1], True),   # 8 x 8 copy blocks and edges
]
ALL_METHODS = {"VariationalWeights": 0.3, "VariationalInput": 0.3, "VariationalState": 0.4,
               "StateUpdate": 0.5}


def make_case(case, dtype=np.float64, seed=0):
    batch, steps, k, n, lengths, with_state = case
    rng = np.random.default_rng(seed)
    shapes = {"InputWeights": (n, k), "StateWeights": (n, n), "Biases": (n,)}
    arrays = {name: (0.7 * rng.standard_normal(shapes[name.split("Gate")[1]])).astype(dtype)
              for name in K.ARRAY_NAMES}
    x = rng.standard_normal((batch, steps, k)).astype(dtype)
    s0 = rng.standard_normal((batch, n)).astype(dtype) if with_state else None
    c0 = rng.standard_normal((batch, n)).astype(dtype) if with_state else None
    return arrays, x, np.array(lengths), s0, c0


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_forward_matches_numpy_reference(case, dtype):
    arrays, x, lengths, s0, c0 = make_case(case, dtype)
    out, final, cell, _ = K.lstm_forward(x, lengths, arrays, s0, c0)
    ref = lstm_reference(x.astype(np.float64), lengths, arrays, s0, c0)
    assert out.dtype == final.dtype == cell.dtype == dtype
    tol = 1e-5 if dtype == np.float32 else 1e-12
    for got, want in zip((out, final, cell), ref):
        assert rel_error(got, want) < tol


def test_padding_is_never_read():
    arrays, x, lengths, s0, c0 = make_case(CASES[1])
    x[1, :] = 1e3
    x[2, 1:] = np.nan
    out, final, cell, _ = K.lstm_forward(x, lengths, arrays, s0, c0)
    assert np.isfinite(out).all() and np.isfinite(final).all() and np.isfinite(cell).all()
    for e, length in enumerate(lengths):
        assert np.all(out[e, length:] == 0)
    np.testing.assert_array_equal(final[1], s0[1])       # length 0: the initial state
    np.testing.assert_array_equal(cell[1], c0[1])


def _loss_and_grads(case, masks=None):
    arrays, x, lengths, s0, c0 = make_case(case)
    if s0 is None:
        s0, c0 = np.zeros((x.shape[0], case[3])), np.zeros((x.shape[0], case[3]))
    rng = np.random.default_rng(3)
    d_out = rng.standard_normal((x.shape[0], x.shape[1], case[3]))
    d_final, d_cell = rng.standard_normal(s0.shape), rng.standard_normal(s0.shape)

    def loss():
        out, final, cell, _ = K.lstm_forward(x, lengths, arrays, s0, c0, masks)
        return float((out * d_out).sum() + (final * d_final).sum() + (cell * d_cell).sum())

    _, _, _, cache = K.lstm_forward(x, lengths, arrays, s0, c0, masks)
    grads = K.lstm_backward(cache, d_out, d_final, d_cell)
    return loss, grads, arrays, x, s0, c0, lengths


def _check_all(loss, grads, arrays, x, s0, c0, lengths):
    for name in K.ARRAY_NAMES:
        assert rel_error(grads.arrays[name], numeric_gradient(loss, arrays[name])) < 1e-6, name
    assert rel_error(grads.input, numeric_gradient(loss, x)) < 1e-6
    assert rel_error(grads.initial_state, numeric_gradient(loss, s0)) < 1e-6
    assert rel_error(grads.initial_cell, numeric_gradient(loss, c0)) < 1e-6
    for e, length in enumerate(lengths):
        assert not np.any(grads.input[e, length:])


@pytest.mark.parametrize("case", CASES[:3])
def test_backward_matches_finite_differences(case):
    _check_all(*_loss_and_grads(case))


@pytest.mark.parametrize("method", sorted(ALL_METHODS))
def test_dropout_forward_and_backward(method):
    batch, steps, k, n = CASES[1][:4]
    masks = K.make_lstm_dropout_masks(np.random.default_rng(7), {method: ALL_METHODS[method]},
                                      batch, steps, k, n, np.float64)
    arrays, x, lengths, s0, c0 = make_case(CASES[1])
    got = K.lstm_forward(x, lengths, arrays, s0, c0, masks)[:3]
    for a, b in zip(got, lstm_reference(x, lengths, arrays, s0, c0, masks)):
        assert rel_error(a, b) < 1e-12
    assert not np.allclose(got[0], K.lstm_forward(x, lengths, arrays, s0, c0)[0])
    _check_all(*_loss_and_grads(CASES[1], masks))


@pytest.mark.parametrize("method", [None, "VariationalState"])
def test_weight_gradients_over_several_groups_of_steps(method):
    """The backward adds each group of recurrent.GROUP_STEPS steps' weight gradients as soon
    as the group is done: a sequence of several groups and a partial last one, varying
    lengths (one ending inside a group, one empty), against finite differences."""
    steps = 2 * R.GROUP_STEPS + 3
    case = (3, steps, 2, 5, [steps, R.GROUP_STEPS + 2, 0], True)
    masks = (K.make_lstm_dropout_masks(np.random.default_rng(5), {method: 0.4}, 3, steps, 2,
                                       5, np.float64) if method else None)
    _check_all(*_loss_and_grads(case, masks))


@pytest.mark.parametrize("method", [None, "VariationalState"])
def test_steps_where_no_slot_runs_read_no_stale_scratch(monkeypatch, method):
    """Training keeps each step's inputs above the states for the weight gradients' one GEMM
    (with a VariationalState mask: two); at steps past every example's length no operand is
    made, and the scratch, NaN here, must not reach the gradients (d_pre is zero there, but
    0 * NaN is NaN)."""
    case = (3, 6, 2, 5, [3, 2, 0], True)
    arrays, x, lengths, s0, c0 = make_case(case)
    masks = (K.make_lstm_dropout_masks(np.random.default_rng(4), {method: 0.4}, 3, 6, 2, 5,
                                       np.float64) if method else None)
    loss, grads, *_ = _loss_and_grads(case, masks)
    monkeypatch.setattr(R.workspace, "take", lambda shape, dtype: np.full(shape, np.nan, dtype))
    poisoned = _loss_and_grads(case, masks)[1]
    for name in K.ARRAY_NAMES:
        assert np.array_equal(grads.arrays[name], poisoned.arrays[name]), name
    assert np.array_equal(grads.input, poisoned.input)
    _check_all(*_loss_and_grads(case, masks))


def test_weight_mask_covers_four_gates():
    masks = K.make_lstm_dropout_masks(np.random.default_rng(1), ALL_METHODS, 2, 3, 4, 5)
    assert masks.weights.shape == (4 * 5, 5)


@pytest.mark.parametrize("lengths", [[5, 5, 5, 5, 5], [5, 2, 0, 4, 1]])
def test_parallel_chunks_match_serial(monkeypatch, lengths):
    """One chunk or two on the thread pool: the same results."""
    case = (5, 5, 3, 4, lengths, True)
    arrays, x, lengths, s0, c0 = make_case(case)
    masks = K.make_lstm_dropout_masks(np.random.default_rng(8), ALL_METHODS, 5, 5, 3, 4,
                                      np.float64)
    rng = np.random.default_rng(9)
    d_out, d_final, d_cell = (rng.standard_normal(s) for s in ((5, 5, 4), (5, 4), (5, 4)))

    def run():
        out, final, cell, cache = K.lstm_forward(x, lengths, arrays, s0, c0, masks)
        return (out, final, cell, K.lstm_backward(cache, d_out, d_final, d_cell),
                len(cache.plan.bounds) - 1)

    monkeypatch.setattr(R, "parallel_work", lambda: 10**12)
    *one, g1, chunks1 = run()
    monkeypatch.setattr(R, "parallel_work", lambda: 0)
    monkeypatch.setattr(R, "thread_count", lambda: 2)
    *two, g2, chunks2 = run()
    assert (chunks1, chunks2) == (1, 2)
    for a, b in zip(one, two):
        np.testing.assert_allclose(a, b, rtol=1e-13, atol=1e-15)
    for a, b in ((g1.input, g2.input), (g1.initial_state, g2.initial_state),
                 (g1.initial_cell, g2.initial_cell)):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)
    for name in K.ARRAY_NAMES:
        np.testing.assert_allclose(g1.arrays[name], g2.arrays[name], rtol=1e-12, atol=1e-14)


def test_parallel_chunks_of_full_length_inference_match_serial(monkeypatch):
    """Inference of full-length sequences without masks keeps each chunk's states in its
    operand block (`_flat_cells`): one chunk or two, the same outputs and final states."""
    arrays, x, lengths, s0, c0 = make_case((7, 4, 3, 6, [4] * 7, True))
    monkeypatch.setattr(R, "parallel_work", lambda: 10**12)
    one = K.lstm_forward(x, lengths, arrays, s0, c0, keep_for_backward=False)
    monkeypatch.setattr(R, "parallel_work", lambda: 0)
    monkeypatch.setattr(R, "thread_count", lambda: 2)
    assert len(R.plan(lengths, 7, 4, 3, 6).bounds) == 3             # two chunks
    two = K.lstm_forward(x, lengths, arrays, s0, c0, keep_for_backward=False)
    for a, b in zip(one[:3], two[:3]):
        np.testing.assert_allclose(a, b, rtol=1e-13, atol=1e-15)
    for a, want in zip(two[:3], lstm_reference(x, lengths, arrays, s0, c0)):
        assert rel_error(a, want) < 1e-12


@pytest.mark.parametrize("case", [CASES[1], CASES[2], (2, 5, 3, 9, [5, 5], True)])
def test_inference_mode_gives_the_same_outputs(case):
    """Inference keeps one running cell state, updated by flat loops while every slot runs
    (the last case throughout), and gives what training's per-step cells give."""
    arrays, x, lengths, s0, c0 = make_case(case)
    kept = K.lstm_forward(x, lengths, arrays, s0, c0)
    inferred = K.lstm_forward(x, lengths, arrays, s0, c0, keep_for_backward=False)
    assert inferred[3] is None and kept[3] is not None
    for a, b in zip(kept[:3], inferred[:3]):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("case", [CASES[1], CASES[3], (3, 19, 2, 5, [19, 9, 16], True),
                                  (3, 19, 2, 5, [19, 9, 16], False), (2, 3, 20, 9, [3, 2], False),
                                  (2, 4, 20, 9, [4, 4], False), (17, 3, 9, 10, [3] * 17, True)])
@pytest.mark.parametrize("method", [None, "VariationalInput", "VariationalState",
                                    "VariationalWeights"])
def test_one_product_per_step_agrees_with_the_reference(case, method):
    """Each step's pre-activations by one product [Wx | Ws] . [x_t ; s_{t-1}]
    (`recurrent.combined_product`; without an initial state, the first step's product of the
    inputs' part alone), with or without dropout on the inputs, the states or the weights:
    the reference's outputs, states and cells, in training and in inference alike (with all
    slots running all steps and no mask on the states, inference keeps the states in the
    operand alone: the last two cases without dropout)."""
    batch, steps, k, n = case[:4]
    masks = None if method is None else K.make_lstm_dropout_masks(
        np.random.default_rng(5), {method: ALL_METHODS[method]}, batch, steps, k, n, np.float64)
    arrays, x, lengths, s0, c0 = make_case(case)
    got = K.lstm_forward(x, lengths, arrays, s0, c0, masks)
    inferred = K.lstm_forward(x, lengths, arrays, s0, c0, masks, keep_for_backward=False)
    for a, b in zip(got[:3], inferred[:3]):
        np.testing.assert_array_equal(a, b)
    for a, want in zip(got[:3], lstm_reference(x, lengths, arrays, s0, c0, masks)):
        assert rel_error(a, want) < 1e-12


def test_wrapper_rejects_bad_arguments():
    arrays, x, lengths, _, _ = make_case(CASES[1])
    with pytest.raises(ValueError):
        K.lstm_forward(x, [6, 2], arrays)
    with pytest.raises(ValueError):
        K.lstm_forward(x[..., :1], lengths, arrays)
    with pytest.raises(ValueError):
        K.lstm_forward(x, lengths, arrays, None, np.zeros((4, 3)))
    with pytest.raises(ValueError):
        K.lstm_forward(x, lengths, KG.pack_gru_weights(
            {n.replace("Output", "Reset"): v for n, v in arrays.items()}, np.float64))


def test_inference_calls_keep_their_scratch_but_not_their_outputs():
    """Inference calls of the same shapes reuse this thread's scratch (recurrent.py's
    `inference_scratch`): a later call leaves an earlier call's results as they were and
    gives what a call with fresh buffers gives."""
    arrays, x, lengths, s0, c0 = make_case(CASES[3])
    first = K.lstm_forward(x, lengths, arrays, s0, c0, keep_for_backward=False)[:3]
    kept = [a.copy() for a in first]
    second = K.lstm_forward(2 * x, lengths, arrays, s0, c0, keep_for_backward=False)[:3]
    for a, b in zip(first, kept):
        np.testing.assert_array_equal(a, b)
    assert not any(np.shares_memory(a, b) for a, b in zip(first, second))
    fresh = K.lstm_forward(2 * x, lengths, arrays, s0, c0)[:3]     # training: pooled buffers
    for a, b in zip(second, fresh):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("case", [CASES[0], (64, 5, 11, 40, [5] * 64, False),
                                  (11, 3, 2, 17, [3] * 11, False), (3, 0, 2, 3, [0] * 3, False)])
def test_short_inference_path_gives_the_general_calls_results(case, dtype, monkeypatch):
    """Inference with packed weights, every example at its full length, no initial state and
    no dropout takes the short path (`_short_inference_chunk`) when it runs as one chunk: the
    same bits as training's forward, the reference's values, and outputs of its own on every
    call."""
    monkeypatch.setattr(R, "parallel_work", lambda: 10**12)         # one chunk
    arrays, x, lengths, _, _ = make_case(case, dtype)
    weights = K.pack_lstm_weights(arrays, dtype)
    short = K._short_inference(x, lengths, weights)
    assert short is not None
    for a, b in zip(short[:3], K.lstm_forward(x, lengths, weights)[:3]):
        np.testing.assert_array_equal(a, b)
    tolerance = 1e-5 if dtype == np.float32 else 1e-12
    for a, want in zip(short[:3], lstm_reference(x, lengths, arrays, None, None)):
        assert a.dtype == dtype and a.shape == want.shape
        assert a.size == 0 or rel_error(a, want) < tolerance
    again = K.lstm_forward(2 * x, lengths, weights, keep_for_backward=False)
    assert not any(np.shares_memory(a, b) for a, b in zip(short[:3], again[:3]))


def test_short_inference_path_leaves_other_calls_to_the_general_one(monkeypatch):
    """Mixed lengths (the short kernel declines after looking), initial states, other
    dtypes or a batch split over threads take the general call, with the reference's
    results."""
    arrays, x, lengths, s0, c0 = make_case(CASES[1])
    weights = K.pack_lstm_weights(arrays, np.float64)
    assert K._short_inference(x, lengths, weights) is None
    got = K.lstm_forward(x, lengths, weights, keep_for_backward=False)
    for a, want in zip(got[:3], lstm_reference(x, lengths, arrays, None, None)):
        assert rel_error(a, want) < 1e-12
    full = np.full(4, 6)
    got = K.lstm_forward(x, full, weights, s0, c0, keep_for_backward=False)
    for a, want in zip(got[:3], lstm_reference(x, full, arrays, s0, c0)):
        assert rel_error(a, want) < 1e-12
    assert K._short_inference(x.astype(np.float32), full, weights) is None     # other dtype
    assert K._short_inference(x, full.astype(np.int32), weights) is None
    assert K._short_inference(x, full[:, None], weights) is None             # not a vector
    monkeypatch.setattr(R, "parallel_work", lambda: 0)
    monkeypatch.setattr(R, "thread_count", lambda: 2)
    assert K._short_inference(x, full, weights) is None                # two chunks
