"""Kernels composed the way an executor will run the seed's classifier chain:

    UnitVectorLayer -> GatedRecurrentLayer -> SequenceLastLayer -> LinearLayer -> SoftmaxLayer
    (+ CrossEntropyLossLayer["Index"], fused with the softmax)

on a batch of mixed lengths, with the gradient of the summed losses checked against float64
central differences for every array.
"""

import numpy as np

from wlnet.kernels import gru, linear, losses, sequence_last, softmax, unit_vector

from tests.kernels._checks import numeric_gradient, rel_error

CLASSES_IN, N, CLASSES_OUT = 3, 4, 3


def make_problem(seed=0):
    rng = np.random.default_rng(seed)
    lengths = np.array([5, 2, 4])
    codes = np.zeros((3, 5), np.int64)  # 0 = padding past each length
    for e, length in enumerate(lengths):
        codes[e, :length] = rng.integers(1, CLASSES_IN + 1, length)
    shapes = {"InputWeights": (N, CLASSES_IN), "StateWeights": (N, N), "Biases": (N,)}
    arrays = {name: 0.8 * rng.standard_normal(shapes[name.split("Gate")[1]])
              for name in gru.ARRAY_NAMES}
    arrays["Weights"] = rng.standard_normal((CLASSES_OUT, N))
    arrays["Biases"] = rng.standard_normal(CLASSES_OUT)
    targets = np.array([3, 1, 2])
    return codes, lengths, arrays, targets


def forward(codes, lengths, arrays, targets):
    x = unit_vector.unit_vector_forward(codes, CLASSES_IN, np.float64)
    seq, _, gru_cache = gru.gru_forward(x, lengths, {n: arrays[n] for n in gru.ARRAY_NAMES})
    last = sequence_last.sequence_last_forward(seq, lengths)
    logits = linear.linear_forward(last, arrays["Weights"], arrays["Biases"])
    per_example, d_logits = losses.cross_entropy_index_logits_loss(logits, targets)
    return per_example.sum(), (x, gru_cache, last, logits, d_logits)


def backward(codes, lengths, arrays, saved):
    x, gru_cache, last, _, d_logits = saved
    d_last, d_w, d_b = linear.linear_backward(last, arrays["Weights"], d_logits)
    d_seq = sequence_last.sequence_last_backward(d_last, lengths, codes.shape[1])
    grads = gru.gru_backward(gru_cache, d_seq)
    return {**grads.arrays, "Weights": d_w, "Biases": d_b}


def test_chain_gradients_match_finite_differences():
    codes, lengths, arrays, targets = make_problem()
    _, saved = forward(codes, lengths, arrays, targets)
    grads = backward(codes, lengths, arrays, saved)
    for name, array in arrays.items():
        num = numeric_gradient(lambda: forward(codes, lengths, arrays, targets)[0], array)
        assert rel_error(grads[name], num) < 1e-6, name


def test_chain_probabilities_and_fused_loss_agree():
    codes, lengths, arrays, targets = make_problem(1)
    total, (_, _, _, logits, _) = forward(codes, lengths, arrays, targets)
    probabilities = softmax.softmax_forward(logits)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-14)
    plain, _ = losses.cross_entropy_index_loss(probabilities, targets)
    assert abs(plain.sum() - total) < 1e-12
