"""Loss kernels: values against numpy formulas, gradients against float64 finite differences."""

import numpy as np
import pytest

from wlnet.kernels import losses as L

from tests.kernels._checks import numeric_gradient, rel_error


def log_softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def check_gradient(loss_fn, x, *args):
    losses, grad = loss_fn(x, *args)
    num = numeric_gradient(lambda: float(loss_fn(x, *args)[0].sum()), x)
    assert rel_error(grad, num) < 1e-6


def test_documented_values():
    # wl-nn-spec.md §5.2 (computed from the definitions)
    assert L.cross_entropy_index_loss(np.array([[0.1, 0.2, 0.7]]), np.array([3]))[0][0] == \
        pytest.approx(0.356675, abs=1e-6)
    assert L.mean_squared_loss(np.array([[1.0, 2, 3]]), np.array([[1.0, 2, 4]]))[0][0] == \
        pytest.approx(1 / 3)
    assert L.mean_absolute_loss(np.array([[1.0, 2, 3]]), np.array([[1.0, 2, 5]]))[0][0] == \
        pytest.approx(2 / 3)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_regression_losses(dtype):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 4, 2)).astype(dtype)
    t = rng.standard_normal((3, 4, 2)).astype(dtype)
    mse, _ = L.mean_squared_loss(x, t)
    mae, _ = L.mean_absolute_loss(x, t)
    assert mse.dtype == dtype
    tol = 1e-6 if dtype == np.float32 else 1e-14
    assert rel_error(mse, ((x - t).astype(np.float64) ** 2).mean(axis=(1, 2))) < tol
    assert rel_error(mae, np.abs(x - t).astype(np.float64).mean(axis=(1, 2))) < tol
    xf, tf = x.astype(np.float64), t.astype(np.float64)
    check_gradient(L.mean_squared_loss, xf, tf)
    check_gradient(L.mean_absolute_loss, xf, tf)


def test_sequence_losses_average_over_valid_steps_only():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((3, 5, 2))
    t = rng.standard_normal((3, 5, 2))
    lengths = np.array([5, 2, 1])
    losses, grad = L.mean_squared_loss(x, t, lengths)
    for e, length in enumerate(lengths):
        assert losses[e] == pytest.approx(((x[e, :length] - t[e, :length]) ** 2).mean(), rel=1e-14)
        assert np.all(grad[e, length:] == 0)
    check_gradient(L.mean_squared_loss, x, t, lengths)
    check_gradient(L.mean_absolute_loss, x, t, lengths)
    check_gradient(L.binary_cross_entropy_loss, rng.uniform(0.05, 0.95, (3, 5, 2)),
                   rng.uniform(0, 1, (3, 5, 2)), lengths)


def test_binary_cross_entropy():
    rng = np.random.default_rng(2)
    p = rng.uniform(0.05, 0.95, (4, 3))
    t = rng.uniform(0, 1, (4, 3))
    losses, _ = L.binary_cross_entropy_loss(p, t)
    eps = L.BINARY_EPSILON
    expected = -(t * np.log(p + eps) + (1 - t) * np.log(1 - p + eps)).mean(axis=1)
    assert rel_error(losses, expected) < 1e-14
    check_gradient(L.binary_cross_entropy_loss, p, t)
    edge, _ = L.binary_cross_entropy_loss(np.array([[0.0, 1.0]]), np.array([[0.0, 1.0]]))
    assert np.isfinite(edge).all()


@pytest.mark.parametrize("shape,lengths", [((4, 3), None), ((2, 4, 3), None), ((3, 4, 5), [4, 1, 2])])
def test_cross_entropy_index(shape, lengths):
    rng = np.random.default_rng(3)
    z = rng.standard_normal(shape)
    targets = rng.integers(1, shape[-1] + 1, shape[:-1])
    logp = log_softmax(z)
    picked = np.take_along_axis(logp, targets[..., None] - 1, axis=-1)[..., 0]
    if lengths is None:
        expected = -picked.reshape(shape[0], -1).mean(axis=1)
    else:
        expected = np.array([-picked[e, :n].mean() for e, n in enumerate(lengths)])
    lengths = None if lengths is None else np.array(lengths)
    fused, _ = L.cross_entropy_index_logits_loss(z, targets, lengths)
    plain, _ = L.cross_entropy_index_loss(np.exp(logp), targets, lengths)
    assert rel_error(fused, expected) < 1e-13
    assert rel_error(plain, expected) < 1e-13
    check_gradient(L.cross_entropy_index_logits_loss, z, targets, lengths)
    check_gradient(L.cross_entropy_index_loss, np.exp(logp), targets, lengths)


def test_fused_cross_entropy_is_stable():
    losses, grad = L.cross_entropy_index_logits_loss(np.array([[1000.0, -1000.0]]), np.array([2]))
    assert losses[0] == pytest.approx(2000.0)
    assert np.isfinite(grad).all()


@pytest.mark.parametrize("lengths", [None, [3, 1]])
def test_cross_entropy_probabilities(lengths):
    rng = np.random.default_rng(4)
    z = rng.standard_normal((2, 3, 4))
    t = rng.dirichlet(np.ones(4), (2, 3))
    lengths = None if lengths is None else np.array(lengths)
    per_position = -(t * log_softmax(z)).sum(axis=-1)
    expected = (per_position.mean(axis=1) if lengths is None else
                np.array([per_position[e, :n].mean() for e, n in enumerate(lengths)]))
    fused, _ = L.cross_entropy_probabilities_logits_loss(z, t, lengths)
    plain, _ = L.cross_entropy_probabilities_loss(np.exp(log_softmax(z)), t, lengths)
    assert rel_error(fused, expected) < 1e-13
    assert rel_error(plain, expected) < 1e-13
    check_gradient(L.cross_entropy_probabilities_logits_loss, z, t, lengths)
    check_gradient(L.cross_entropy_probabilities_loss, np.exp(log_softmax(z)), t, lengths)


def test_bad_targets_are_rejected():
    with pytest.raises(ValueError):
        L.cross_entropy_index_loss(np.array([[0.5, 0.5]]), np.array([3]))
    with pytest.raises(ValueError):
        L.mean_squared_loss(np.zeros((2, 3)), np.zeros((2, 4)))
