"""wlnet.kernels.convolution against torch.nn.functional.conv1d/2d/3d (float64: outputs and
every gradient to 1e-9 relative), in float32, and on the threaded path."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from wlnet.kernels import convolution as kconv

# (batch, channels, spatial sizes, out channels, kernel, stride, padding, dilation, groups)
CASES = [
    (2, 3, (7,), 4, (3,), (1,), ((0, 0),), (1,), 1),
    (2, 4, (9,), 6, (3,), (2,), ((1, 2),), (2,), 2),
    (3, 3, (8, 7), 4, (3, 2), (1, 2), ((1, 0), (2, 1)), (1, 2), 1),
    (2, 4, (6, 6), 4, (3, 3), (2, 2), ((1, 1), (1, 1)), (1, 1), 4),
    (2, 4, (6, 5), 8, (1, 1), (1, 1), ((0, 0), (0, 0)), (1, 1), 2),       # pointwise
    (2, 2, (4, 5), 3, (1, 1), (2, 1), ((1, 0), (0, 0)), (1, 1), 1),       # 1x1, not pointwise
    (2, 2, (5, 4, 6), 3, (2, 3, 2), (1, 2, 1), ((1, 0), (0, 1), (2, 2)), (2, 1, 1), 1),
    (1, 6, (4, 4, 4), 4, (2, 2, 2), (2, 2, 2), ((0, 0), (1, 1), (0, 1)), (1, 1, 1), 2),
    (2, 1, (3, 3), 2, (3, 3), (1, 1), ((2, 2), (2, 2)), (3, 3), 1),       # wide padding
]


def torch_conv(x, w, b, stride, padding, dilation, groups, d_out):
    tx = torch.tensor(x, requires_grad=True)
    tw = torch.tensor(w, requires_grad=True)
    tb = None if b is None else torch.tensor(b, requires_grad=True)
    pad = [n for before, after in reversed(padding) for n in (before, after)]
    conv = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}[x.ndim - 2]
    out = conv(F.pad(tx, pad), tw, tb, stride=stride, dilation=dilation, groups=groups)
    out.backward(torch.tensor(d_out))
    return (out.detach().numpy(), tx.grad.numpy(), tw.grad.numpy(),
            None if b is None else tb.grad.numpy())


def run_case(case, dtype, bias=True, seed=0):
    batch, c, sizes, o, k, stride, padding, dilation, groups = case
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(batch, c) + sizes).astype(dtype)
    w = rng.normal(size=(o, c // groups) + k).astype(dtype)
    b = rng.normal(size=o).astype(dtype) if bias else None
    out, cache = kconv.conv_forward(x, w, b, stride, padding, dilation, groups)
    d_out = rng.normal(size=out.shape).astype(dtype)
    ours = (out,) + kconv.conv_backward(cache, d_out)
    theirs = torch_conv(x.astype(np.float64), w.astype(np.float64),
                        None if b is None else b.astype(np.float64), stride, padding, dilation,
                        groups, d_out.astype(np.float64))
    return ours, theirs


def assert_close(ours, theirs, rtol):
    for name, a, t in zip(("output", "d_x", "d_w", "d_b"), ours, theirs):
        if t is None:
            assert a is None, name
            continue
        assert a.shape == t.shape, name
        scale = max(np.abs(t).max(), 1.0)
        assert np.abs(a - t).max() <= rtol * scale, name


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{len(c[2])}d-{c[2]}-k{c[4]}-g{c[8]}")
def test_matches_torch_in_float64(case):
    ours, theirs = run_case(case, np.float64)
    assert_close(ours, theirs, 1e-9)


@pytest.mark.parametrize("case", CASES[2:4])
def test_without_biases(case):
    ours, theirs = run_case(case, np.float64, bias=False)
    assert ours[3] is None
    assert_close(ours, theirs, 1e-9)


@pytest.mark.parametrize("case", CASES[:4])
def test_float32_keeps_its_dtype(case):
    ours, theirs = run_case(case, np.float32)
    assert all(a.dtype == np.float32 for a in ours)
    assert_close(ours, theirs, 1e-5)


@pytest.mark.parametrize("wide_enough", [256, 1])      # (1: one example per tile, in place)
def test_threaded_batch_matches_torch(monkeypatch, wide_enough):
    # Big enough to be split over the threads (each chunk with its own gradient accumulators).
    monkeypatch.setattr(kconv, "WIDE_ENOUGH", wide_enough)
    monkeypatch.setattr(kconv, "parallel_work", lambda: 1)
    monkeypatch.setattr(kconv, "thread_count", lambda: 3)
    case = (7, 4, (9, 8), 6, (3, 3), (2, 1), ((1, 1), (0, 2)), (1, 2), 2)
    assert len(kconv._chunks(kconv.conv_geometry((7, 4, 9, 8), (6, 2, 3, 3), (2, 1),
                                                 ((1, 1), (0, 2)), (1, 2), 2))) == 4
    ours, theirs = run_case(case, np.float64)
    assert_close(ours, theirs, 1e-9)


@pytest.mark.parametrize("threads", [1, 3])
def test_columns_rebuilt_in_the_backward_pass(monkeypatch, threads):
    # Large layers do not keep their columns from the forward pass (`keeps_columns`).
    monkeypatch.setattr(kconv, "KEEP_COLUMNS_BYTES", 0)
    monkeypatch.setattr(kconv, "parallel_work", lambda: 1)
    monkeypatch.setattr(kconv, "thread_count", lambda: threads)
    for case in (CASES[2], CASES[3], (7, 4, (9, 8), 6, (3, 3), (2, 1), ((1, 1), (0, 2)),
                                      (1, 2), 2)):
        ours, theirs = run_case(case, np.float64)
        assert_close(ours, theirs, 1e-9)


def test_small_layers_keep_their_columns(monkeypatch):
    x = np.ones((2, 3, 5, 5))
    _, cache = kconv.conv_forward(x, np.ones((4, 3, 2, 2)), None, (1, 1), ((0, 0),) * 2,
                                  (1, 1))
    assert cache.kept is not None and cache.kept[1].size == 2 * 3 * 4 * 16
    monkeypatch.setattr(kconv, "KEEP_COLUMNS_BYTES", 0)
    _, cache = kconv.conv_forward(x, np.ones((4, 3, 2, 2)), None, (1, 1), ((0, 0),) * 2,
                                  (1, 1))
    assert cache.kept is None


def test_output_size_formula():
    assert kconv.output_size(28, 5, 1, 0, 0, 1) == 24
    assert kconv.output_size(9, 3, 2, 1, 1, 1) == 5
    assert kconv.output_size(7, 3, 1, 0, 0, 3) == 1
    assert kconv.output_size(4, 5, 1, 0, 0, 1) < 1


@pytest.mark.parametrize("x_shape, w_shape, groups", [
    ((1, 3, 4, 4), (2, 3, 5, 5), 1),          # kernel larger than the input
    ((1, 3, 4, 4), (2, 2, 2, 2), 1),          # channels do not match the weights
    ((1, 4, 4, 4), (3, 2, 2, 2), 2),          # output channels do not split in groups
])
def test_geometry_rejects_inconsistent_sizes(x_shape, w_shape, groups):
    rank = len(x_shape) - 2
    with pytest.raises(ValueError):
        kconv.conv_geometry(x_shape, w_shape, (1,) * rank, ((0, 0),) * rank, (1,) * rank,
                            groups)


# (batch, channels, spatial sizes, out channels, kernel, stride, crop, dilation, groups)
DECONV_CASES = [
    (2, 3, (5,), 4, (3,), (2,), ((0, 0),), (1,), 1),
    (2, 4, (4,), 6, (2,), (3,), ((1, 0),), (2,), 2),
    (2, 3, (4, 3), 2, (3, 2), (2, 1), ((1, 1), (0, 1)), (1, 2), 1),
    (1, 4, (3, 3), 4, (2, 2), (2, 2), ((0, 0), (0, 0)), (1, 1), 4),
    (2, 4, (3, 5), 2, (1, 1), (1, 1), ((0, 0), (0, 0)), (1, 1), 2),      # pointwise
    (2, 2, (3, 2, 3), 3, (2, 2, 3), (2, 1, 2), ((0, 1), (1, 0), (1, 1)), (1, 2, 1), 1),
]


def torch_deconv(x, w, b, stride, crop, dilation, groups, d_out):
    """conv_transpose with the crop as padding (torch's padding crops both ends alike, so
    an uneven crop is taken with output_padding and a slice)."""
    tx = torch.tensor(x, requires_grad=True)
    tw = torch.tensor(w, requires_grad=True)
    tb = None if b is None else torch.tensor(b, requires_grad=True)
    f = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}[x.ndim - 2]
    full = f(tx, tw, tb, stride=stride, dilation=dilation, groups=groups)
    index = (slice(None), slice(None)) + tuple(slice(before, n - after) for (before, after), n
                                               in zip(crop, full.shape[2:]))
    out = full[index]
    out.backward(torch.tensor(d_out))
    return (out.detach().numpy(), tx.grad.numpy(), tw.grad.numpy(),
            None if b is None else tb.grad.numpy())


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("case", DECONV_CASES, ids=lambda c: f"{len(c[2])}d-{c[2]}-k{c[4]}-g{c[8]}")
def test_deconvolution_matches_torch_conv_transpose(case, bias):
    batch, c, sizes, o, k, stride, crop, dilation, groups = case
    rng = np.random.default_rng(4)
    x = rng.normal(size=(batch, c) + sizes)
    w = rng.normal(size=(c, o // groups) + k)
    b = rng.normal(size=o) if bias else None
    out, cache = kconv.deconv_forward(x, w, b, stride, crop, dilation, groups)
    d_out = rng.normal(size=out.shape)
    ours = (out,) + kconv.deconv_backward(cache, d_out)
    assert_close(ours, torch_deconv(x, w, b, stride, crop, dilation, groups, d_out), 1e-9)


def test_deconvolution_threaded_and_float32(monkeypatch):
    monkeypatch.setattr(kconv, "parallel_work", lambda: 1)
    monkeypatch.setattr(kconv, "thread_count", lambda: 2)
    rng = np.random.default_rng(6)
    x, w, b = rng.normal(size=(5, 4, 3, 4)), rng.normal(size=(4, 3, 3, 2)), rng.normal(size=3)
    args = ((2, 2), ((1, 0), (0, 1)), (1, 1), 1)
    d_out = rng.normal(size=(5, 3, 6, 7))
    want = torch_deconv(x, w, b, *args, d_out)
    out, cache = kconv.deconv_forward(x, w, b, *args)
    assert_close((out,) + kconv.deconv_backward(cache, d_out), want, 1e-9)
    out, cache = kconv.deconv_forward(x.astype(np.float32), w, b, *args)
    ours = (out,) + kconv.deconv_backward(cache, d_out)
    assert all(a.dtype == np.float32 for a in ours)
    assert_close(ours, want, 1e-5)


def test_deconvolution_output_size():
    assert kconv.deconv_output_size(4, 3, 2, 0, 0, 1) == 9
    assert kconv.deconv_output_size(4, 4, 2, 1, 1, 1) == 8                 # doubles
    assert kconv.deconv_output_size(1, 1, 1, 1, 0, 1) < 1


@pytest.mark.parametrize("entries", [1, 2 * 4 * 9 * 40])          # one example, two per tile
def test_tiles_of_any_size(monkeypatch, entries):
    """Examples go through the products in tiles: a batch of 5 in tiles of 1, or of 2, 2, 1."""
    monkeypatch.setattr(kconv, "TILE_ENTRIES", entries)
    case = (5, 4, (7, 6), 6, (3, 3), (1, 1), ((1, 1), (0, 0)), (1, 1), 2)   # C*K*P = 4*9*40
    ours, theirs = run_case(case, np.float64)
    assert_close(ours, theirs, 1e-9)
    rng = np.random.default_rng(3)
    x, w = rng.normal(size=(5, 4, 3, 3)), rng.normal(size=(4, 2, 2, 2))
    out, cache = kconv.deconv_forward(x, w, None, (2, 2), ((0, 0), (0, 0)), (1, 1), 1)
    d_out = rng.normal(size=out.shape)
    ours = (out,) + kconv.deconv_backward(cache, d_out)
    theirs = torch_deconv(x, w, None, (2, 2), ((0, 0), (0, 0)), (1, 1), 1, d_out)
    assert_close(ours, theirs, 1e-9)


# 3x3 and 5x5 stride-1 layers with enough channels take the Winograd path
# (`winograd.applies`): paddings even, uneven, none and wider than the kernel (the 3x3 input
# gradient's padding 2 - p is then negative), odd output sizes (a last tile half outside),
# and images with more tiles than a group holds (groups of tile rows; for 5x5 the input
# gradient's patches of neighbouring groups overlap).  5x5 layers take batches of
# MIN_BATCH_5X5 or more in blocks of `winograd5.LANES`: part of a block, a block and one.
WINOGRAD_CASES = [
    (8, 8, (12, 12), 9, (5, 5), (1, 1), ((0, 0), (0, 0)), (1, 1), 1),
    (17, 9, (7, 9), 8, (5, 5), (1, 1), ((2, 1), (0, 3)), (1, 1), 1),
    (9, 8, (5, 6), 10, (5, 5), (1, 1), ((6, 1), (0, 7)), (1, 1), 1),
    (8, 8, (40, 33), 8, (5, 5), (1, 1), ((2, 2), (2, 2)), (1, 1), 1),
    (64, 20, (12, 12), 50, (5, 5), (1, 1), ((0, 0), (0, 0)), (1, 1), 1),       # LeNet's
    (2, 8, (6, 6), 9, (3, 3), (1, 1), ((1, 1), (1, 1)), (1, 1), 1),
    (3, 9, (7, 5), 8, (3, 3), (1, 1), ((0, 2), (1, 0)), (1, 1), 1),
    (2, 8, (5, 8), 8, (3, 3), (1, 1), ((0, 0), (0, 0)), (1, 1), 1),
    (1, 8, (4, 5), 10, (3, 3), (1, 1), ((3, 1), (0, 4)), (1, 1), 1),
    (2, 8, (37, 30), 8, (3, 3), (1, 1), ((1, 1), (1, 1)), (1, 1), 1),
]


@pytest.mark.parametrize("case", WINOGRAD_CASES, ids=lambda c: f"{c[2]}-k{c[4][0]}-p{c[6]}")
def test_winograd_path_matches_torch(case):
    from wlnet.kernels import winograd
    assert winograd.applies((case[0], case[1]) + case[2], (case[3], case[1]) + case[4],
                            case[5], case[7], case[8])
    ours, theirs = run_case(case, np.float64)
    assert_close(ours, theirs, 1e-9)
    ours, theirs = run_case(case, np.float64, bias=False)
    assert_close(ours, theirs, 1e-9)


def test_winograd_path_threaded_and_float32(monkeypatch):
    from wlnet.kernels import winograd
    monkeypatch.setattr(winograd, "parallel_work", lambda: 1)
    monkeypatch.setattr(winograd, "thread_count", lambda: 3)
    monkeypatch.setattr(kconv, "parallel_work", lambda: 1)
    monkeypatch.setattr(kconv, "thread_count", lambda: 3)
    case = (5, 8, (9, 10), 8, (3, 3), (1, 1), ((1, 1), (1, 1)), (1, 1), 1)
    ours, theirs = run_case(case, np.float64)
    assert_close(ours, theirs, 1e-9)
    ours, theirs = run_case(case, np.float32)
    assert all(a.dtype == np.float32 for a in ours)
    assert_close(ours, theirs, 1e-5)
    case = (21, 8, (9, 10), 8, (5, 5), (1, 1), ((1, 1), (1, 1)), (1, 1), 1)   # 3 blocks
    ours, theirs = run_case(case, np.float64)
    assert_close(ours, theirs, 1e-9)


def worst_float32_error(case):
    """The largest error of the output and the gradients in float32 against float64 torch,
    relative to each one's largest magnitude."""
    ours, theirs = run_case(case, np.float32)
    return max(np.abs(a - t).max() / np.abs(t).max() for a, t in zip(ours, theirs))


@pytest.mark.parametrize("channels", [8, 50])
def test_winograd_5x5_float32_error_near_im2col(monkeypatch, channels):
    """F(2x2, 5x5)'s transforms (coefficients up to 4, and 5/4, 2/3 rounded) lose more than
    F(2x2, 3x3)'s: float32 results stay within 1e-5 of the largest value (float32's epsilon
    1.2e-7 times the transforms' growth), at most 20 times the direct (im2col) path's error
    on the same numbers."""
    from wlnet.kernels import winograd
    case = (16, channels, (12, 12), 20, (5, 5), (1, 1), ((0, 0), (0, 0)), (1, 1), 1)
    fast = worst_float32_error(case)
    monkeypatch.setattr(winograd, "applies", lambda *args: False)
    direct = worst_float32_error(case)
    assert fast <= 1e-5 and fast <= 20 * direct, (fast, direct)


@pytest.mark.parametrize("size", [3, 5])
def test_winograd_transforms_compute_the_correlation_exactly(size):
    """A^T [(G g) ⊙ (B^T d)] = the correlation of d by g (1-d, hence 2-d by rows and
    columns) in rationals: the sum over j of A^T[i, j] G[j, k] B^T[j, l] is [l == i + k]."""
    from fractions import Fraction
    from wlnet.kernels import winograd
    t = winograd.TRANSFORMS[size]
    exact = lambda m: [[Fraction(v).limit_denominator(100) for v in row] for row in m]
    at, g, bt = exact(t.at), exact(t.g), exact(t.bt)
    for i in range(2):
        for k in range(size):
            for col in range(t.tile):
                total = sum(at[i][j] * g[j][k] * bt[j][col] for j in range(t.tile))
                assert total == (1 if col == i + k else 0), (i, k, col)


def test_winograd5_unrolled_transforms_are_the_matrices():
    """winograd5's unrolled 1-d transforms compute B^T, B, A^T and A of TRANSFORMS[5]."""
    from wlnet.kernels import winograd, winograd5
    t = winograd.TRANSFORMS[5]
    bt, at = np.array(t.bt), np.array(t.at)
    for name, matrix in (("_bt", bt), ("_b", bt.T), ("_at", at), ("_a", at.T)):
        transform = getattr(winograd5, name)
        for column in np.eye(matrix.shape[1]):
            assert np.allclose(transform(*column), matrix @ column, rtol=0, atol=1e-15), name


def test_winograd_path_is_only_for_3x3_and_5x5_stride_1():
    from wlnet.kernels import winograd
    x = (2, 8, 9, 9)
    assert winograd.applies(x, (8, 8, 3, 3), (1, 1), (1, 1), 1)
    assert not winograd.applies(x, (8, 8, 3, 3), (2, 1), (1, 1), 1)       # strided
    assert not winograd.applies(x, (8, 8, 3, 3), (1, 1), (2, 2), 1)       # dilated
    assert not winograd.applies(x, (8, 4, 3, 3), (1, 1), (1, 1), 2)       # grouped
    assert not winograd.applies(x, (8, 8, 5, 5), (1, 1), (1, 1), 1)       # 5x5, too few
    assert winograd.applies((winograd.MIN_BATCH_5X5,) + x[1:], (8, 8, 5, 5), (1, 1), (1, 1), 1)
    assert not winograd.applies(x, (8, 8, 7, 7), (1, 1), (1, 1), 1)       # 7x7
    assert not winograd.applies(x, (8, 8, 5, 3), (1, 1), (1, 1), 1)       # not square
    assert not winograd.applies((2, 1, 9, 9), (8, 1, 5, 5), (1, 1), (1, 1), 1)   # LeNet's first
    assert not winograd.applies((2, 1, 9, 9), (8, 1, 3, 3), (1, 1), (1, 1), 1)   # 1 channel
    assert not winograd.applies((2, 8, 9, 9, 9), (8, 8, 3, 3, 3), (1, 1, 1), (1, 1, 1), 1)


# Without the input gradient (a net's first layer in a training step): the same weight and
# bias gradients, d_x None; im2col with kept or rebuilt columns, Winograd 5x5 and 3x3, and
# the deconvolution.
@pytest.mark.parametrize("case", [CASES[2], CASES[3], WINOGRAD_CASES[0], WINOGRAD_CASES[5],
                                  (64, 1, (28, 28), 20, (5, 5), (1, 1), ((0, 0), (0, 0)),
                                   (1, 1), 1)],                               # LeNet's first
                         ids=lambda c: f"{c[2]}-k{c[4]}-g{c[8]}")
@pytest.mark.parametrize("keep_columns", [True, False])
def test_backward_without_input_gradient(monkeypatch, case, keep_columns):
    if not keep_columns:
        monkeypatch.setattr(kconv, "KEEP_COLUMNS_BYTES", 0)
    batch, c, sizes, o, k, stride, padding, dilation, groups = case
    rng = np.random.default_rng(7)
    x = rng.normal(size=(batch, c) + sizes)
    w, b = rng.normal(size=(o, c // groups) + k), rng.normal(size=o)
    out, cache = kconv.conv_forward(x, w, b, stride, padding, dilation, groups)
    d_out = rng.normal(size=out.shape)
    d_x, d_w, d_b = kconv.conv_backward(cache, d_out, input_gradient=False)
    assert d_x is None
    theirs = torch_conv(x, w, b, stride, padding, dilation, groups, d_out)
    assert_close((out, None, d_w, d_b), theirs[:1] + (None,) + theirs[2:], 1e-9)


def test_deconvolution_backward_without_input_gradient():
    case = DECONV_CASES[1]
    batch, c, sizes, o, k, stride, crop, dilation, groups = case
    rng = np.random.default_rng(8)
    x, w, b = rng.normal(size=(batch, c) + sizes), rng.normal(size=(c, o // groups) + k), \
        rng.normal(size=o)
    out, cache = kconv.deconv_forward(x, w, b, stride, crop, dilation, groups)
    d_out = rng.normal(size=out.shape)
    d_x, d_w, d_b = kconv.deconv_backward(cache, d_out, input_gradient=False)
    assert d_x is None
    theirs = torch_deconv(x, w, b, stride, crop, dilation, groups, d_out)
    assert_close((out, None, d_w, d_b), theirs[:1] + (None,) + theirs[2:], 1e-9)


@pytest.mark.parametrize("case", CASES + DECONV_CASES[:2], ids=lambda c: f"{c[2]}-k{c[4]}")
def test_one_example_per_tile_in_place(monkeypatch, case):
    """Examples wide enough alone (`WIDE_ENOUGH`) take one tile each, whose products read and
    write the output and the gradients in place: every task, with and without biases."""
    monkeypatch.setattr(kconv, "WIDE_ENOUGH", 1)
    assert kconv.conv_geometry((3, 2, 5, 5), (2, 2, 3, 3), (1, 1), ((0, 0), (0, 0)),
                               (1, 1), 1).tile == 1
    if case in CASES:
        for bias in (True, False):
            ours, theirs = run_case(case, np.float64, bias=bias)
            assert_close(ours, theirs, 1e-9)
        return
    batch, c, sizes, o, k, stride, crop, dilation, groups = case
    rng = np.random.default_rng(9)
    x, w, b = rng.normal(size=(batch, c) + sizes), rng.normal(size=(c, o // groups) + k), \
        rng.normal(size=o)
    out, cache = kconv.deconv_forward(x, w, b, stride, crop, dilation, groups)
    d_out = rng.normal(size=out.shape)
    ours = (out,) + kconv.deconv_backward(cache, d_out)
    assert_close(ours, torch_deconv(x, w, b, stride, crop, dilation, groups, d_out), 1e-9)
