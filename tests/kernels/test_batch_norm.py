"""wlnet.kernels.batch_norm against torch.nn.functional.batch_norm (float64: outputs and
every gradient to 1e-9), float32, the threaded path and read-only input.  The layer's own
tests (tests/net/layers/test_batch_normalization.py) cover the moving statistics."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from wlnet.kernels import batch_norm as kbn

SHAPES = [(4, 3, 5), (2, 6, 1), (1, 2, 7), (5, 4, 16)]


def torch_batch_norm(x, scale, bias, eps, mean, variance, d_y):
    train = mean is None
    tx, ts, tb = (torch.tensor(a, dtype=torch.float64, requires_grad=True)
                  for a in (x, scale, bias))
    y = F.batch_norm(tx, None if train else torch.tensor(mean),
                     None if train else torch.tensor(variance), ts, tb, training=train, eps=eps)
    y.backward(torch.tensor(d_y, dtype=torch.float64))
    return y.detach().numpy(), tx.grad.numpy(), ts.grad.numpy(), tb.grad.numpy()


def run(shape, dtype, train, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(2, 3, size=shape).astype(dtype)
    scale, bias = rng.normal(size=shape[1]), rng.normal(size=shape[1])
    mean = None if train else rng.normal(size=shape[1])
    variance = None if train else rng.uniform(0.5, 2, size=shape[1])
    y, cache = kbn.batch_norm_forward(x, scale, bias, 1e-3, mean, variance)
    d_y = rng.normal(size=shape).astype(dtype)
    ours = (y,) + kbn.batch_norm_backward(cache, d_y)
    theirs = torch_batch_norm(x.astype(np.float64), scale, bias, 1e-3, mean, variance,
                              d_y.astype(np.float64))
    return ours, theirs, cache


def assert_close(ours, theirs, rtol):
    for name, a, t in zip(("y", "d_x", "d_scale", "d_bias"), ours, theirs):
        assert a.shape == t.shape, name
        assert np.abs(a - t).max() <= rtol * max(np.abs(t).max(), 1.0), name


@pytest.mark.parametrize("train", [True, False], ids=["training", "evaluation"])
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_matches_torch_in_float64(shape, train):
    ours, theirs, cache = run(shape, np.float64, train)
    assert_close(ours, theirs, 1e-9)
    if train:
        x = np.random.default_rng(0).normal(2, 3, size=shape)
        assert np.allclose(cache.mean, x.mean(axis=(0, 2)), rtol=1e-12)
        assert np.allclose(cache.variance, x.var(axis=(0, 2)), rtol=1e-12)


@pytest.mark.parametrize("train", [True, False], ids=["training", "evaluation"])
def test_float32_keeps_its_dtype(train):
    ours, theirs, _ = run((4, 3, 6), np.float32, train)
    assert ours[0].dtype == ours[1].dtype == np.float32
    assert_close(ours, theirs, 1e-5)


@pytest.mark.parametrize("train", [True, False], ids=["training", "evaluation"])
def test_threaded_channels(monkeypatch, train):
    monkeypatch.setattr(kbn, "parallel_work", lambda: 1)
    monkeypatch.setattr(kbn, "thread_count", lambda: 3)
    ours, theirs, cache = run((3, 7, 5), np.float64, train)
    assert len(cache.bounds) == 4
    assert_close(ours, theirs, 1e-9)


def test_read_only_input():
    x = np.random.default_rng(1).normal(size=(3, 2, 4))
    x.flags.writeable = False
    y, cache = kbn.batch_norm_forward(x, np.ones(2), np.zeros(2), 0.0)
    assert np.allclose(y.mean(axis=(0, 2)), 0, atol=1e-12)
    assert np.allclose(y.var(axis=(0, 2)), 1, rtol=1e-9)
