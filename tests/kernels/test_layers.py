"""Kernels of the non-recurrent layers: numpy references and float64 finite differences.

Linear, SequenceLast, UnitVector, Softmax, Elementwise, Dropout. (Losses: test_losses.py.)
"""

import numpy as np
import pytest

from wlnet.kernels import dropout, elementwise, linear, sequence_last, softmax, unit_vector

from tests.kernels._checks import numeric_gradient, rel_error

DTYPES = [np.float32, np.float64]


def projected(f, weights):
    """Scalar <f(), weights> for finite differences."""
    return lambda: float((f() * weights).sum())


# --- LinearLayer --------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("x_shape,n,bias", [((5, 3), 4, True), ((2, 6, 3), 2, True),
                                            ((4, 100), 120, False), ((0, 3), 2, True),
                                            ((2, 3, 70), 80, True), ((0, 70), 80, True)])
def test_linear_forward(dtype, x_shape, n, bias):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(x_shape).astype(dtype)
    w = rng.standard_normal((n, x_shape[-1])).astype(dtype)
    b = rng.standard_normal(n).astype(dtype) if bias else None
    y = linear.linear_forward(x, w, b)
    expected = np.einsum("...m,nm->...n", x.astype(np.float64), w.astype(np.float64))
    if bias:
        expected = expected + b
    assert y.dtype == dtype and y.shape == x_shape[:-1] + (n,)
    assert rel_error(y, expected) < (1e-5 if dtype == np.float32 else 1e-13)


def test_linear_forward_of_large_read_only_or_other_precision_weights():
    # large weights are multiplied where they are (no transposed copy): read-only ones too,
    # and weights of another precision than the input still give the input's precision
    rng = np.random.default_rng(4)
    x = rng.standard_normal((6, 90)).astype(np.float32)
    w = rng.standard_normal((70, 90))
    b = rng.standard_normal(70)
    expected = x.astype(np.float64) @ w.T + b
    frozen = w.astype(np.float32)
    frozen.setflags(write=False)
    for weights in (frozen, w):
        y = linear.linear_forward(x, weights, b)
        assert y.dtype == np.float32 and rel_error(y, expected) < 1e-5


@pytest.mark.parametrize("x_shape,n", [((5, 3), 4), ((2, 3, 4), 3)])
def test_linear_backward(x_shape, n):
    rng = np.random.default_rng(1)
    x = rng.standard_normal(x_shape)
    w = rng.standard_normal((n, x_shape[-1]))
    b = rng.standard_normal(n)
    d_out = rng.standard_normal(x_shape[:-1] + (n,))
    d_x, d_w, d_b = linear.linear_backward(x, w, d_out)
    f = projected(lambda: linear.linear_forward(x, w, b), d_out)
    assert rel_error(d_x, numeric_gradient(f, x)) < 1e-6
    assert rel_error(d_w, numeric_gradient(f, w)) < 1e-6
    assert rel_error(d_b, numeric_gradient(f, b)) < 1e-6


# --- SequenceLastLayer --------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
def test_sequence_last_takes_each_examples_last_valid_step(dtype):
    rng = np.random.default_rng(2)
    x = rng.standard_normal((3, 4, 2, 2)).astype(dtype)
    lengths = np.array([4, 1, 3])
    y = sequence_last.sequence_last_forward(x, lengths)
    expected = np.stack([x[e, length - 1] for e, length in enumerate(lengths)])
    np.testing.assert_array_equal(y, expected)
    d_out = rng.standard_normal(y.shape).astype(dtype)
    d_x = sequence_last.sequence_last_backward(d_out, lengths, 4)
    xf = x.astype(np.float64)
    num = numeric_gradient(projected(lambda: sequence_last.sequence_last_forward(xf, lengths),
                                     d_out), xf)
    assert rel_error(d_x, num) < 1e-6
    with pytest.raises(ValueError):
        sequence_last.sequence_last_forward(x, [4, 0, 3])  # an empty sequence has no last


# --- UnitVectorLayer ----------------------------------------------------------------------

def test_unit_vector_one_hot_with_padding():
    codes = np.array([[2, 3, 1], [1, 0, 0]])  # 0 = padding past a length
    y = unit_vector.unit_vector_forward(codes, 3)
    expected = np.zeros((2, 3, 3), np.float32)
    for idx in np.ndindex(codes.shape):
        if codes[idx]:
            expected[idx + (codes[idx] - 1,)] = 1
    np.testing.assert_array_equal(y, expected)
    assert unit_vector.unit_vector_forward(np.array(2), 3, np.float64).tolist() == [0, 1, 0]
    with pytest.raises(ValueError):
        unit_vector.unit_vector_forward(np.array([4]), 3)


# --- SoftmaxLayer -------------------------------------------------------------------------

def numpy_softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(3,), (4, 5), (2, 3, 6)])
def test_softmax_forward_and_backward(dtype, shape):
    rng = np.random.default_rng(3)
    x = (3 * rng.standard_normal(shape)).astype(dtype)
    y = softmax.softmax_forward(x)
    assert rel_error(y, numpy_softmax(x.astype(np.float64))) < (1e-6 if dtype == np.float32 else 1e-14)
    xf = x.astype(np.float64)
    d_out = rng.standard_normal(shape)
    d_x = softmax.softmax_backward(softmax.softmax_forward(xf), d_out)
    assert rel_error(d_x, numeric_gradient(projected(lambda: softmax.softmax_forward(xf), d_out), xf)) < 1e-6


def test_softmax_over_a_varying_sequence_axis_is_masked():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((3, 5))
    lengths = np.array([5, 2, 0])
    y = softmax.softmax_forward(x, lengths)
    for e, length in enumerate(lengths):
        if length:
            np.testing.assert_allclose(y[e, :length], numpy_softmax(x[e, :length]), rtol=1e-14)
        assert np.all(y[e, length:] == 0)
    d_out = rng.standard_normal(x.shape)
    d_x = softmax.softmax_backward(y, d_out, lengths)
    num = numeric_gradient(projected(lambda: softmax.softmax_forward(x, lengths), d_out), x)
    assert rel_error(d_x, num) < 1e-6
    assert np.all(d_x[1, 2:] == 0)


def test_softmax_is_stable_for_large_inputs():
    y = softmax.softmax_forward(np.array([1000.0, 1001.0, -1000.0]))
    np.testing.assert_allclose(y, numpy_softmax(np.array([0.0, 1.0, -2000.0])), rtol=1e-15)


# --- ElementwiseLayer ---------------------------------------------------------------------

REFERENCE = {
    "Ramp": lambda x: np.maximum(x, 0),
    "Tanh": np.tanh,
    "LogisticSigmoid": lambda x: 1 / (1 + np.exp(-x)),
    "Sin": np.sin,
    "Exp": np.exp,
    "Abs": np.abs,
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("function", elementwise.FUNCTIONS)
def test_elementwise(function, dtype):
    rng = np.random.default_rng(5)
    x = rng.standard_normal((3, 4)).astype(dtype)
    x[np.abs(x) < 1e-3] = 0.5  # stay away from the kinks of Ramp and Abs
    y = elementwise.elementwise_forward(function, x)
    assert y.dtype == dtype
    assert rel_error(y, REFERENCE[function](x.astype(np.float64))) < (1e-6 if dtype == np.float32 else 1e-14)
    xf = x.astype(np.float64)
    d_out = rng.standard_normal(x.shape)
    d_x = elementwise.elementwise_backward(function, xf, elementwise.elementwise_forward(function, xf), d_out)
    num = numeric_gradient(projected(lambda: elementwise.elementwise_forward(function, xf), d_out), xf)
    assert rel_error(d_x, num) < 1e-6


def test_elementwise_keeps_nan_and_inf_visible():
    x = np.array([np.nan, np.inf, -np.inf])
    assert np.isnan(elementwise.elementwise_forward("Tanh", x)[0])
    assert np.isinf(elementwise.elementwise_forward("Exp", x)[1])
    assert elementwise.elementwise_forward("LogisticSigmoid", x)[2] == 0


# --- DropoutLayer -------------------------------------------------------------------------

def test_dropout_mask_and_gradient():
    rng = np.random.default_rng(6)
    mask = dropout.make_dropout_mask(rng, (200, 50), 0.25, np.float64)
    assert set(np.unique(mask)) == {0.0, 1 / 0.75}
    assert abs((mask == 0).mean() - 0.25) < 0.02
    x = rng.standard_normal((200, 50))
    np.testing.assert_array_equal(dropout.dropout_forward(x, mask), x * mask)
    small_x, small_mask = x[:3, :4].copy(), mask[:3, :4]
    d_out = rng.standard_normal(small_x.shape)
    num = numeric_gradient(projected(lambda: dropout.dropout_forward(small_x, small_mask), d_out), small_x)
    assert rel_error(dropout.dropout_backward(d_out, small_mask), num) < 1e-6
    np.testing.assert_array_equal(dropout.make_dropout_mask(rng, (3,), 0.0), np.ones(3))
    with pytest.raises(ValueError):
        dropout.make_dropout_mask(rng, (3,), 1.0)
