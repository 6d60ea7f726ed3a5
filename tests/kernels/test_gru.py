"""GatedRecurrentLayer kernels: numpy reference, float64 finite differences, dropout masks.

(The comparison with torch.nn.GRU is in test_gru_torch.py.)
"""

import numpy as np
import pytest

from wlnet.kernels import gru as K
from wlnet.kernels import recurrent as R   # the shared machinery: plans, threads

from tests.kernels._checks import numeric_gradient, rel_error
from tests.kernels._gru_reference import gru_reference

# (batch, steps, k, n, lengths or None for all full, with initial state)
CASES = [
    (1, 4, 2, 3, None, False),
    (3, 5, 2, 3, [5, 2, 4], True),
    (4, 6, 3, 4, [6, 0, 1, 3], True),  # an empty sequence and a length-1 one
    (2, 3, 4, 30, [3, 2], False),     # n large enough for the BLAS path
    (3, 4, 2, 33, [4, 1, 3], True),   # ... and for the vectorised gate activations
    # whole 8 x 8 blocks of (slot, unit) and edges for the copies to and from example order
    (11, 3, 2, 17, [3, 1, 0, 2, 3, 3, 1, 2, 3, 2, 1], True),
]


def random_arrays(rng, k, n, dtype=np.float64, scale=0.7):
    shapes = {"InputWeights": (n, k), "StateWeights": (n, n), "Biases": (n,)}
    return {name: (scale * rng.standard_normal(shapes[name.split("Gate")[1]])).astype(dtype)
            for name in K.ARRAY_NAMES}


def make_case(case, dtype=np.float64, seed=0):
    batch, steps, k, n, lengths, with_state = case
    rng = np.random.default_rng(seed)
    arrays = random_arrays(rng, k, n, dtype)
    x = rng.standard_normal((batch, steps, k)).astype(dtype)
    lengths = np.full(batch, steps) if lengths is None else np.array(lengths)
    s0 = rng.standard_normal((batch, n)).astype(dtype) if with_state else None
    return rng, arrays, x, lengths, s0


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_forward_matches_numpy_reference(case, dtype):
    _, arrays, x, lengths, s0 = make_case(case, dtype)
    out, final, _ = K.gru_forward(x, lengths, arrays, s0)
    ref_out, ref_final = gru_reference(x, lengths, arrays, s0)
    assert out.dtype == dtype and final.dtype == dtype
    tol = 1e-5 if dtype == np.float32 else 1e-12
    assert rel_error(out, ref_out) < tol
    assert rel_error(final, ref_final) < tol


def test_output_past_length_is_zero_and_final_state_is_last_valid_step():
    _, arrays, x, lengths, s0 = make_case(CASES[2])
    x[1, :] = 1e3  # garbage in the padding of example 1 (length 0) must not matter
    x[2, 1:] = np.nan  # ... nor NaN past the length of example 2
    out, final, _ = K.gru_forward(x, lengths, arrays, s0)
    for e, length in enumerate(lengths):
        assert np.all(out[e, length:] == 0)
        expected = s0[e] if length == 0 else out[e, length - 1]
        np.testing.assert_array_equal(final[e], expected)


def test_zero_input_zero_state_zero_bias_gives_zero_first_step():
    # The seed's NetStateObject example: the first output row is {0., 0.}.
    rng = np.random.default_rng(3)
    arrays = random_arrays(rng, 2, 2)
    for gate in K.GATES:
        arrays[gate + "Biases"][:] = 0
    out, _, _ = K.gru_forward(np.zeros((1, 2, 2)), [2], arrays)
    np.testing.assert_array_equal(out[0, 0], [0.0, 0.0])


def _loss_and_grads(case, masks_for=None, seed=1):
    """Random projections of output and final state; kernels' gradients; closures for FD."""
    rng, arrays, x, lengths, s0 = make_case(case, np.float64, seed)
    batch, steps, k, n = case[:4]
    masks = masks_for(rng, batch, steps, k, n) if masks_for else None
    if s0 is None:
        s0 = np.zeros((batch, n))
    d_out = rng.standard_normal((batch, steps, n))
    d_final = rng.standard_normal((batch, n))

    def loss():
        out, final, _ = K.gru_forward(x, lengths, arrays, s0, masks)
        return float((out * d_out).sum() + (final * d_final).sum())

    _, _, cache = K.gru_forward(x, lengths, arrays, s0, masks)
    grads = K.gru_backward(cache, d_out, d_final)
    return loss, grads, arrays, x, s0, lengths


@pytest.mark.parametrize("case", CASES[:3] + CASES[4:])
def test_backward_matches_finite_differences(case):
    loss, grads, arrays, x, s0, lengths = _loss_and_grads(case)
    for name in K.ARRAY_NAMES:
        assert rel_error(grads.arrays[name], numeric_gradient(loss, arrays[name])) < 1e-6, name
    assert rel_error(grads.input, numeric_gradient(loss, x)) < 1e-6
    assert rel_error(grads.initial_state, numeric_gradient(loss, s0)) < 1e-6
    for e, length in enumerate(lengths):  # nothing flows into the padding
        assert np.all(grads.input[e, length:] == 0)


def test_backward_without_final_state_gradient():
    _, arrays, x, lengths, s0 = make_case(CASES[1])
    _, _, cache = K.gru_forward(x, lengths, arrays, s0)
    d_out = np.ones((3, 5, 3))
    a = K.gru_backward(cache, d_out)
    b = K.gru_backward(cache, d_out, np.zeros((3, 3)))
    for name in K.ARRAY_NAMES:
        np.testing.assert_array_equal(a.arrays[name], b.arrays[name])


def test_gradient_past_length_is_ignored():
    _, arrays, x, lengths, s0 = make_case(CASES[1])
    _, _, cache = K.gru_forward(x, lengths, arrays, s0)
    d_out = np.ones((3, 5, 3))
    noisy = d_out.copy()
    noisy[1, 2:] = 1e6  # example 1 has length 2
    a, b = K.gru_backward(cache, d_out), K.gru_backward(cache, noisy)
    np.testing.assert_array_equal(a.input, b.input)
    for name in K.ARRAY_NAMES:
        np.testing.assert_array_equal(a.arrays[name], b.arrays[name])


# ---------------------------------------------------------------------------------------------
# Dropout
# ---------------------------------------------------------------------------------------------

ALL_METHODS = {"VariationalWeights": 0.3, "VariationalInput": 0.3, "VariationalState": 0.4,
               "StateUpdate": 0.5}


def test_all_ones_masks_equal_no_dropout():
    _, arrays, x, lengths, s0 = make_case(CASES[1])
    batch, steps, k, n = CASES[1][:4]
    ones = K.GRUDropoutMasks(weights=np.ones((3 * n, n)), input=np.ones((batch, k)),
                             state=np.ones((batch, n)), update=np.ones((batch, steps, n)))
    plain = K.gru_forward(x, lengths, arrays, s0)
    masked = K.gru_forward(x, lengths, arrays, s0, ones)
    np.testing.assert_array_equal(plain[0], masked[0])
    np.testing.assert_array_equal(plain[1], masked[1])
    d_out = np.random.default_rng(0).standard_normal(plain[0].shape)
    ga, gb = K.gru_backward(plain[2], d_out), K.gru_backward(masked[2], d_out)
    for name in K.ARRAY_NAMES:
        np.testing.assert_allclose(ga.arrays[name], gb.arrays[name], rtol=1e-14, atol=1e-14)
    np.testing.assert_allclose(ga.input, gb.input, rtol=1e-14, atol=1e-14)


def test_mask_shapes_values_and_step_dependence():
    batch, steps, k, n = 4, 6, 3, 50
    masks = K.make_gru_dropout_masks(np.random.default_rng(5), ALL_METHODS, batch, steps, k, n)
    # Variational masks have no step axis: one pattern per example used at every step.
    assert masks.weights.shape == (3 * n, n)
    assert masks.input.shape == (batch, k)
    assert masks.state.shape == (batch, n)
    assert masks.update.shape == (batch, steps, n)
    for method, mask in (("VariationalWeights", masks.weights), ("VariationalInput", masks.input),
                         ("VariationalState", masks.state), ("StateUpdate", masks.update)):
        assert set(np.unique(mask)) <= {0.0, np.float32(1 / (1 - ALL_METHODS[method]))}
    # StateUpdate: a fresh pattern at every step.
    for t in range(1, steps):
        assert not np.array_equal(masks.update[:, t], masks.update[:, t - 1])
    assert K.make_gru_dropout_masks(np.random.default_rng(5), {}, batch, steps, k, n) == \
        K.GRUDropoutMasks()
    with pytest.raises(ValueError):
        K.make_gru_dropout_masks(np.random.default_rng(5), {"Bogus": 0.1}, batch, steps, k, n)


def test_dropout_forward_matches_reference_with_same_masks():
    _, arrays, x, lengths, s0 = make_case(CASES[2])
    batch, steps, k, n = CASES[2][:4]
    masks = K.make_gru_dropout_masks(np.random.default_rng(7), ALL_METHODS, batch, steps, k, n,
                                     np.float64)
    out, final, _ = K.gru_forward(x, lengths, arrays, s0, masks)
    ref_out, ref_final = gru_reference(x, lengths, arrays, s0, masks)
    assert rel_error(out, ref_out) < 1e-12
    assert rel_error(final, ref_final) < 1e-12
    plain, _, _ = K.gru_forward(x, lengths, arrays, s0)
    assert not np.allclose(out, plain)  # dropout does act


@pytest.mark.parametrize("method", sorted(ALL_METHODS))
def test_dropout_backward_matches_finite_differences(method):
    def masks_for(rng, batch, steps, k, n):
        return K.make_gru_dropout_masks(rng, {method: ALL_METHODS[method]}, batch, steps, k, n,
                                        np.float64)

    loss, grads, arrays, x, s0, _ = _loss_and_grads(CASES[1 if method != "StateUpdate" else 4],
                                                    masks_for)
    for name in K.ARRAY_NAMES:
        assert rel_error(grads.arrays[name], numeric_gradient(loss, arrays[name])) < 1e-6, name
    assert rel_error(grads.input, numeric_gradient(loss, x)) < 1e-6
    assert rel_error(grads.initial_state, numeric_gradient(loss, s0)) < 1e-6


def test_wrapper_rejects_bad_arguments():
    _, arrays, x, lengths, _ = make_case(CASES[1])
    with pytest.raises(ValueError):
        K.gru_forward(x, [5, 2], arrays)          # wrong number of lengths
    with pytest.raises(ValueError):
        K.gru_forward(x, [5, 2, 9], arrays)       # longer than the padding
    with pytest.raises(ValueError):
        K.gru_forward(x[..., :1], lengths, arrays)  # wrong input size
    with pytest.raises(ValueError):
        K.gru_forward(x, lengths, arrays, np.zeros((3, 4)))  # wrong state size
    with pytest.raises(ValueError):
        K.gru_forward(x.astype(np.int64), lengths, arrays)


# ---------------------------------------------------------------------------------------------
# The batch split over threads gives the same numbers as one chunk
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lengths", [[5, 5, 5, 5, 5], [5, 2, 0, 4, 1]])
def test_parallel_chunks_match_serial(monkeypatch, lengths):
    case = (5, 5, 3, 4, lengths, True)
    _, arrays, x, lengths, s0 = make_case(case)
    masks = K.make_gru_dropout_masks(np.random.default_rng(8), ALL_METHODS, 5, 5, 3, 4, np.float64)
    d_out = np.random.default_rng(9).standard_normal((5, 5, 4))
    d_final = np.random.default_rng(10).standard_normal((5, 4))

    def run():
        out, final, cache = K.gru_forward(x, lengths, arrays, s0, masks)
        return out, final, K.gru_backward(cache, d_out, d_final), len(cache.plan.bounds) - 1

    monkeypatch.setattr(R, "parallel_work", lambda: 10**12)
    out1, final1, grads1, chunks1 = run()
    monkeypatch.setattr(R, "parallel_work", lambda: 0)
    monkeypatch.setattr(R, "thread_count", lambda: 2)
    out2, final2, grads2, chunks2 = run()
    assert (chunks1, chunks2) == (1, 2)
    ref_out, ref_final = gru_reference(x, lengths, arrays, s0, masks)
    assert rel_error(out2, ref_out) < 1e-12 and rel_error(final2, ref_final) < 1e-12
    np.testing.assert_allclose(out1, out2, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(grads1.input, grads2.input, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(grads1.initial_state, grads2.initial_state, rtol=1e-12, atol=1e-14)
    for name in K.ARRAY_NAMES:
        np.testing.assert_allclose(grads1.arrays[name], grads2.arrays[name], rtol=1e-12, atol=1e-14)


def test_chunks_on_both_backward_paths_match_serial(monkeypatch):
    """Split in chunks of one and two slots over 600 steps, one chunk's gradients are kept
    group by group (2 x 600 columns >= recurrent.CONTIGUOUS_STEP_ROWS) and the other's are
    not: each uses its own part of the shared input-gradient scratch."""
    batch, steps, k, n = 3, 600, 2, 3
    case = (batch, steps, k, n, [600, 451, 598], True)
    _, arrays, x, lengths, s0 = make_case(case)
    masks = K.make_gru_dropout_masks(np.random.default_rng(8), ALL_METHODS, batch, steps, k, n,
                                     np.float64)
    d_out = np.random.default_rng(9).standard_normal((batch, steps, n))
    d_final = np.random.default_rng(10).standard_normal((batch, n))

    def run():
        _, _, cache = K.gru_forward(x, lengths, arrays, s0, masks)
        d_w = np.empty(1)
        return (K.gru_backward(cache, d_out, d_final),
                K._backward_paths(cache.plan.bounds, steps, n, k, d_w))

    monkeypatch.setattr(R, "parallel_work", lambda: 10**12)
    serial, serial_paths = run()
    monkeypatch.setattr(R, "parallel_work", lambda: 0)
    monkeypatch.setattr(R, "thread_count", lambda: 2)
    split, split_paths = run()
    assert serial_paths == (True, False) and split_paths == (True, True)
    np.testing.assert_allclose(serial.input, split.input, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(serial.initial_state, split.initial_state, rtol=1e-12,
                               atol=1e-14)
    for name in K.ARRAY_NAMES:
        np.testing.assert_allclose(serial.arrays[name], split.arrays[name], rtol=1e-12,
                                   atol=1e-14)
    for e, length in enumerate(lengths):
        assert np.all(split.input[e, length:] == 0)


def test_parallel_chunks_of_full_length_inference_match_serial(monkeypatch):
    """Inference of full-length sequences without masks keeps each chunk's states in its
    operand block, updated in place: one chunk or two, the same outputs and final states."""
    _, arrays, x, lengths, s0 = make_case((7, 4, 3, 6, [4] * 7, True))
    monkeypatch.setattr(R, "parallel_work", lambda: 10**12)
    one = K.gru_forward(x, lengths, arrays, s0, keep_for_backward=False)
    monkeypatch.setattr(R, "parallel_work", lambda: 0)
    monkeypatch.setattr(R, "thread_count", lambda: 2)
    assert len(R.plan(lengths, 7, 4, 3, 6).bounds) == 3             # two chunks
    two = K.gru_forward(x, lengths, arrays, s0, keep_for_backward=False)
    for a, b in zip(one[:2], two[:2]):
        np.testing.assert_allclose(a, b, rtol=1e-13, atol=1e-15)
    for a, want in zip(two[:2], gru_reference(x, lengths, arrays, s0)):
        assert rel_error(a, want) < 1e-12


def test_split_threshold_follows_the_thread_pool(monkeypatch):
    monkeypatch.setattr(R, "work_stealing", lambda: True)
    assert R.parallel_work() == R.PARALLEL_WORK_STEALING
    monkeypatch.setattr(R, "work_stealing", lambda: False)
    assert R.parallel_work() == R.PARALLEL_WORK_BLOCKING > R.PARALLEL_WORK_STEALING


def test_pooled_scratch_is_not_shared_between_live_caches():
    # Large enough for the workspace pool: caches alive at the same time must not share memory,
    # and memory given back by a dropped cache must not corrupt a later pass.
    rng = np.random.default_rng(11)
    arrays = random_arrays(rng, 3, 40)
    lengths = np.array([50, 20, 35, 50, 1, 50, 7, 50])
    xs = [rng.standard_normal((8, 50, 3)) for _ in range(3)]
    d_out = rng.standard_normal((8, 50, 40))
    expected = []
    for x in xs:
        _, _, cache = K.gru_forward(x, lengths, arrays)
        expected.append(K.gru_backward(cache, d_out).input.copy())
        del cache
    caches = [K.gru_forward(x, lengths, arrays)[2] for x in xs]
    K.gru_forward(xs[0] * 2, lengths, arrays, keep_for_backward=False)
    for cache, want in zip(caches, expected):
        np.testing.assert_array_equal(K.gru_backward(cache, d_out).input, want)


@pytest.mark.parametrize("case", [CASES[2], CASES[4]])
def test_inference_mode_gives_the_same_outputs(case):
    _, arrays, x, lengths, s0 = make_case(case)
    out, final, cache = K.gru_forward(x, lengths, arrays, s0)
    out2, final2, none = K.gru_forward(x, lengths, arrays, s0, keep_for_backward=False)
    assert none is None and cache is not None
    np.testing.assert_array_equal(out, out2)
    np.testing.assert_array_equal(final, final2)


@pytest.mark.parametrize("case", [CASES[2], CASES[5], (3, 19, 2, 5, [19, 9, 16], True),
                                  (3, 19, 2, 5, [19, 9, 16], False), (2, 3, 20, 9, [3, 2], False),
                                  (2, 4, 20, 9, [4, 4], False), (17, 3, 9, 10, [3] * 17, True)])
@pytest.mark.parametrize("method", [None, "VariationalInput", "VariationalState",
                                    "VariationalWeights", "StateUpdate"])
def test_the_step_products_from_one_operand_agree_with_the_reference(case, method):
    """Each step's products from one operand [x_t ; s_{t-1}] (the update and reset gates' in
    one product with their biases, the memory gate's input and state parts apart; without an
    initial state, the first step's inputs' parts alone), with or without dropout: the
    reference's outputs and final states, in training and in inference alike (with all
    slots running all steps and no mask on the states, inference keeps the states in the
    operand alone: the last two cases without dropout or with VariationalInput or
    VariationalWeights)."""
    batch, steps, k, n = case[:4]
    _, arrays, x, lengths, s0 = make_case(case)
    masks = None if method is None else K.make_gru_dropout_masks(
        np.random.default_rng(5), {method: 0.3}, batch, steps, k, n, np.float64)
    out, final, _ = K.gru_forward(x, lengths, arrays, s0, masks)
    inferred = K.gru_forward(x, lengths, arrays, s0, masks, keep_for_backward=False)
    np.testing.assert_array_equal(out, inferred[0])
    np.testing.assert_array_equal(final, inferred[1])
    for got, want in zip((out, final), gru_reference(x, lengths, arrays, s0, masks)):
        assert rel_error(got, want) < 1e-12


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n, k", [(5, 3), (9, 2), (3, 300)])
def test_packing_in_one_call_gives_the_general_packing(dtype, n, k):
    """NetTrain's writable arrays of the working dtype are packed by one kernel call; read-only
    or other-dtype arrays by the general stacking: the same arrays and register blocks."""
    rng = np.random.default_rng(3)
    shapes = {"InputWeights": (n, k), "StateWeights": (n, n), "Biases": (n,)}
    arrays = {name: rng.standard_normal(shapes[name.split("Gate")[1]]).astype(dtype)
              for name in K.ARRAY_NAMES}
    assert K._packs_in_one_call([arrays[name] for name in K.ARRAY_NAMES], np.dtype(dtype))
    fast = K.pack_gru_weights(arrays, dtype)
    arrays = {name: a.copy() for name, a in arrays.items()}     # new objects, read-only
    for a in arrays.values():
        a.flags.writeable = False
    assert not K._packs_in_one_call([arrays[name] for name in K.ARRAY_NAMES], np.dtype(dtype))
    general = K.pack_gru_weights(arrays, dtype)
    for name in ("wx", "ws", "b"):
        assert np.array_equal(getattr(fast, name), getattr(general, name))
    assert np.array_equal(fast.blocked_t, general.blocked_t)
    masks = K.NO_MASKS                  # the forward's blocks, made on first use
    for first, last in ((0, 2 * n), (2 * n, None)):
        assert np.array_equal(R.combined_weights(fast, fast.ws, masks, first, last),
                              R.combined_weights(general, general.ws, masks, first, last))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("case", [CASES[0], (64, 5, 11, 40, None, False),
                                  (11, 3, 2, 17, None, False), (3, 0, 2, 3, None, False)])
def test_short_inference_path_gives_the_general_calls_results(case, dtype, monkeypatch):
    """Inference with packed weights, every example at its full length, no initial state and
    no dropout takes the short path (`_short_inference_chunk`) when it runs as one chunk: the
    same bits as training's forward, the reference's values, and outputs of its own on every
    call; mixed lengths, an initial state or a split batch take the general call."""
    monkeypatch.setattr(R, "parallel_work", lambda: 10**12)         # one chunk
    _, arrays, x, lengths, _ = make_case(case, dtype)
    weights = K.pack_gru_weights(arrays, dtype)
    short = K._short_inference(x, lengths, weights)
    assert short is not None
    for a, b in zip(short[:2], K.gru_forward(x, lengths, weights)[:2]):
        np.testing.assert_array_equal(a, b)
    tolerance = 1e-5 if dtype == np.float32 else 1e-12
    for a, want in zip(short[:2], gru_reference(x, lengths, arrays, None)):
        assert a.dtype == dtype and a.shape == want.shape
        assert a.size == 0 or rel_error(a, want) < tolerance
    again = K.gru_forward(2 * x, lengths, weights, keep_for_backward=False)
    assert not any(np.shares_memory(a, b) for a, b in zip(short[:2], again[:2]))
    if x.shape[1] > 1:
        mixed = lengths.copy()
        mixed[-1] = 1
        assert K._short_inference(x, mixed, weights) is None
        got = K.gru_forward(x, mixed, weights, keep_for_backward=False)
        for a, want in zip(got[:2], gru_reference(x, mixed, arrays, None)):
            assert rel_error(a, want) < tolerance
    monkeypatch.setattr(R, "parallel_work", lambda: 0)
    monkeypatch.setattr(R, "thread_count", lambda: 2)
    assert x.shape[0] < 2 or K._short_inference(x, lengths, weights) is None


# rows of the backward's buffers 1200 values apart (>= recurrent.CONTIGUOUS_STEP_ROWS), the
# weight gradients' block small: the weight, bias and input gradients are made per group of
# recurrent.GROUP_STEPS steps during the backward loop (the last group shorter)
LONG_CASE = (40, 30, 2, 3, [30 - 7 * i % 30 for i in range(40)], True)


@pytest.mark.parametrize("method", [None] + sorted(ALL_METHODS))
def test_backward_by_groups_of_steps_matches_finite_differences(method):
    def masks_for(rng, batch, steps, k, n):
        return K.make_gru_dropout_masks(rng, {method: ALL_METHODS[method]}, batch, steps, k, n,
                                        np.float64)

    loss, grads, arrays, x, s0, lengths = _loss_and_grads(LONG_CASE,
                                                          masks_for if method else None)
    for name in K.ARRAY_NAMES:
        assert rel_error(grads.arrays[name], numeric_gradient(loss, arrays[name])) < 1e-6, name
    assert rel_error(grads.initial_state, numeric_gradient(loss, s0)) < 1e-6
    x_part = x[:3]          # (three examples' inputs: 360 finite differences, not 2400)
    assert rel_error(grads.input[:3], numeric_gradient(loss, x_part)) < 1e-6
