"""wlnet.kernels.pooling against torch.nn.functional max_pool/avg_pool (float64: outputs and
input gradients to 1e-9), float32, and the threaded path."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from wlnet.kernels import pooling as kpool

# (batch, channels, spatial sizes, kernel, stride, padding); torch needs symmetric padding
# of at most half the kernel
CASES = [
    (2, 3, (9,), (3,), (2,), ((1, 1),)),
    (2, 2, (8, 7), (2, 2), (2, 2), ((0, 0), (0, 0))),
    (3, 2, (7, 8), (3, 2), (1, 2), ((1, 1), (1, 1))),
    (2, 2, (5, 6, 4), (2, 3, 2), (1, 2, 2), ((1, 1), (0, 0), (1, 1))),
]


def torch_pool(x, function, kernel, stride, padding, d_out):
    tx = torch.tensor(x, requires_grad=True)
    rank = x.ndim - 2
    pad = tuple(before for before, _ in padding)
    if function == "Max":
        pool = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}[rank]
        out = pool(tx, kernel, stride, pad)
    else:
        pool = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}[rank]
        out = pool(tx, kernel, stride, pad)
        if function == "Total":
            out = out * int(np.prod(kernel))
    out.backward(torch.tensor(d_out))
    return out.detach().numpy(), tx.grad.numpy()


def run(case, function, dtype, seed=0):
    batch, c, sizes, k, stride, padding = case
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(batch, c) + sizes).astype(dtype)
    out, cache = kpool.pool_forward(x, function, k, stride, padding)
    d_out = rng.normal(size=out.shape).astype(dtype)
    d_x = kpool.pool_backward(cache, d_out)
    want = torch_pool(x.astype(np.float64), function, k, stride, padding,
                      d_out.astype(np.float64))
    return (out, d_x), want


@pytest.mark.parametrize("function", kpool.FUNCTIONS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{len(c[2])}d-{c[2]}-k{c[3]}-s{c[4]}")
def test_matches_torch_in_float64(case, function):
    ours, theirs = run(case, function, np.float64)
    for a, t in zip(ours, theirs):
        assert a.shape == t.shape
        np.testing.assert_allclose(a, t, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("function", kpool.FUNCTIONS)
def test_float32(function):
    ours, theirs = run(CASES[2], function, np.float32)
    for a, t in zip(ours, theirs):
        assert a.dtype == np.float32
        np.testing.assert_allclose(a, t, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("function", kpool.FUNCTIONS)
def test_threaded_planes(monkeypatch, function):
    monkeypatch.setattr(kpool, "parallel_work", lambda: 1)
    monkeypatch.setattr(kpool, "thread_count", lambda: 3)
    ours, theirs = run((3, 5, (6, 7), (2, 3), (2, 1), ((1, 1), (0, 0))), function, np.float64)
    for a, t in zip(ours, theirs):
        np.testing.assert_allclose(a, t, rtol=1e-9, atol=1e-9)


def test_max_ignores_padding_and_a_window_in_the_padding_gives_zero():
    x = -np.arange(1.0, 5.0).reshape(1, 1, 4)                    # -1 -2 -3 -4
    out, cache = kpool.pool_forward(x, "Max", (1,), (1,), ((1, 1),))
    np.testing.assert_array_equal(out[0, 0], [0, -1, -2, -3, -4, 0])
    d_x = kpool.pool_backward(cache, np.ones_like(out))
    np.testing.assert_array_equal(d_x, np.ones_like(x))
    out, _ = kpool.pool_forward(x, "Max", (2,), (2,), ((1, 1),))
    np.testing.assert_array_equal(out[0, 0], [-1, -2, -4])       # not 0 from the padding


def test_nan_shows_in_max():
    x = np.array([[[1.0, np.nan, 3.0, 0.0]]])
    out, _ = kpool.pool_forward(x, "Max", (2,), (2,), ((0, 0),))
    assert np.isnan(out[0, 0, 0]) and out[0, 0, 1] == 3.0


def test_max_2x2_stride_2_ties_and_nan():
    # the fast path of the commonest pooling: ties go to the window's first position (as in
    # the general kernel and torch), NaN wins and stays, odd sizes drop the last row/column
    x = np.zeros((1, 1, 5, 4))
    x[0, 0, 2, 1] = np.nan
    x[0, 0, 3, 3] = 2.0
    out, cache = kpool.pool_forward(x, "Max", (2, 2), (2, 2), ((0, 0), (0, 0)))
    assert out.shape == (1, 1, 2, 2)
    assert np.isnan(out[0, 0, 1, 0]) and out[0, 0, 1, 1] == 2.0 and (out[0, 0, 0] == 0).all()
    d_x = kpool.pool_backward(cache, np.ones_like(out))
    want = np.zeros_like(x)
    want[0, 0, 0, 0] = want[0, 0, 0, 2] = want[0, 0, 2, 1] = want[0, 0, 3, 3] = 1
    np.testing.assert_array_equal(d_x, want)
    ties = np.ones((2, 3, 4, 6), np.float32)
    out, cache = kpool.pool_forward(ties, "Max", (2, 2), (2, 2), ((0, 0), (0, 0)))
    d_x = kpool.pool_backward(cache, np.ones_like(out))
    _, want = torch_pool(ties.astype(np.float64), "Max", (2, 2), (2, 2), ((0, 0), (0, 0)),
                         np.ones(out.shape))
    np.testing.assert_array_equal(d_x, want)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_max_2x2_without_backward_pass_gives_the_same_output(dtype):
    # evaluation takes the 2x2 kernel's variant that keeps no winners
    rng = np.random.default_rng(3)
    x = rng.integers(-2, 3, size=(3, 4, 7, 6)).astype(dtype)       # many ties
    x[0, 1, 2, 3] = x[1, 0, 0, 0] = x[1, 0, 1, 1] = np.nan
    kept, _ = kpool.pool_forward(x, "Max", (2, 2), (2, 2), ((0, 0), (0, 0)))
    bare, cache = kpool.pool_forward(x, "Max", (2, 2), (2, 2), ((0, 0), (0, 0)), keep=False)
    assert cache is None
    np.testing.assert_array_equal(bare, kept)
    want = torch.nn.functional.max_pool2d(torch.tensor(x.astype(np.float64)), 2, 2).numpy()
    np.testing.assert_array_equal(bare, want.astype(dtype))


def test_max_2x2_first_nan_takes_the_gradient():
    x = np.array([[[[np.nan, np.nan], [1.0, np.nan]]]])
    out, cache = kpool.pool_forward(x, "Max", (2, 2), (2, 2), ((0, 0), (0, 0)))
    assert np.isnan(out).all()
    d_x = kpool.pool_backward(cache, np.ones_like(out))
    np.testing.assert_array_equal(d_x, [[[[1, 0], [0, 0]]]])
