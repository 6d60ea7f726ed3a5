"""LongShortTermMemoryLayer kernels against torch.nn.LSTM (an independent implementation).

WL's LSTM is torch's with one bias per gate: torch's gates are stacked (i, f, g, o) with
g = WL's memory gate m; WL's biases go to b_ih and b_hh is zero.  Each example of a
mixed-length batch runs in torch on its own length, from its own initial state and cell.
"""

import numpy as np
import pytest

from wlnet.kernels import lstm as K
from wlnet.kernels import recurrent as R   # the shared machinery: plans, threads

from tests.kernels._checks import rel_error

torch = pytest.importorskip("torch")

TORCH_ORDER = ("Input", "Forget", "Memory", "Output")
TOLERANCE = {np.float32: 1e-5, np.float64: 1e-9}


def torch_lstm(arrays, k, n, dtype):
    lstm = torch.nn.LSTM(k, n, batch_first=True).to(getattr(torch, np.dtype(dtype).name))
    with torch.no_grad():
        for param, suffix in ((lstm.weight_ih_l0, "InputWeights"),
                              (lstm.weight_hh_l0, "StateWeights"), (lstm.bias_ih_l0, "Biases")):
            param.copy_(torch.from_numpy(np.concatenate(
                [arrays[g + "Gate" + suffix] for g in TORCH_ORDER])))
        lstm.bias_hh_l0.zero_()
    return lstm


def split_torch_gradient(grad, n, suffix):
    """torch's stacked (i, f, g, o) gradient rows -> WL names."""
    return {gate + "Gate" + suffix: grad[g * n:(g + 1) * n] for g, gate in enumerate(TORCH_ORDER)}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("batch,steps,k,n,lengths,split", [
    (1, 4, 2, 3, [4], False),
    (4, 7, 5, 6, [7, 3, 1, 5], False),
    (3, 6, 4, 40, [2, 6, 4], False),    # n large enough for the BLAS path
    (12, 5, 3, 16, [5, 2, 5, 1, 3, 5, 4, 2, 5, 1, 3, 4], True),   # 8 x 8 blocks, two chunks
    (4, 5, 3, 70, [5, 0, 3, 5], True),  # the transposed state weights; an empty sequence
    # a step's rows >= recurrent.CONTIGUOUS_STEP_ROWS apart: the products read contiguous
    # copies of s_{t-1} and of the step's gradients; split, each chunk's rows are nearer
    (40, 30, 3, 5, [30 - 7 * i % 30 for i in range(40)], False),
    (40, 30, 3, 5, [30 - 7 * i % 30 for i in range(40)], True),
])
def test_against_torch(monkeypatch, dtype, batch, steps, k, n, lengths, split):
    if split:     # the batch split over two threads' chunks (the parallel driver)
        monkeypatch.setattr(R, "parallel_work", lambda: 0)
        monkeypatch.setattr(R, "thread_count", lambda: 2)
    torch.manual_seed(0)
    rng = np.random.default_rng(42)
    scale = 1 / np.sqrt(n)
    shapes = {"InputWeights": (n, k), "StateWeights": (n, n), "Biases": (n,)}
    arrays = {name: rng.uniform(-2 * scale, 2 * scale, shapes[name.split("Gate")[1]]).astype(dtype)
              for name in K.ARRAY_NAMES}
    x = rng.standard_normal((batch, steps, k)).astype(dtype)
    s0 = (0.5 * rng.standard_normal((batch, n))).astype(dtype)
    c0 = (0.5 * rng.standard_normal((batch, n))).astype(dtype)
    d_out = rng.standard_normal((batch, steps, n)).astype(dtype)
    d_final = rng.standard_normal((batch, n)).astype(dtype)
    d_final_c = rng.standard_normal((batch, n)).astype(dtype)
    lengths = np.array(lengths)

    out, final, final_c, cache = K.lstm_forward(x, lengths, arrays, s0, c0)
    grads = K.lstm_backward(cache, d_out, d_final, d_final_c)

    lstm = torch_lstm(arrays, k, n, dtype)
    t_out, t_final, t_final_c = np.zeros_like(out), s0.copy(), c0.copy()
    t_dx, t_ds0, t_dc0 = np.zeros_like(x), d_final.copy(), d_final_c.copy()
    for e, length in enumerate(lengths):
        if length == 0:      # torch cannot run an empty sequence: the state passes through
            continue
        xe = torch.from_numpy(x[e:e + 1, :length].copy()).requires_grad_(True)
        he = torch.from_numpy(s0[e].reshape(1, 1, n).copy()).requires_grad_(True)
        ce = torch.from_numpy(c0[e].reshape(1, 1, n).copy()).requires_grad_(True)
        ye, (hT, cT) = lstm(xe, (he, ce))
        loss = (ye * torch.from_numpy(d_out[e:e + 1, :length])).sum() + \
            (hT[0] * torch.from_numpy(d_final[e:e + 1])).sum() + \
            (cT[0] * torch.from_numpy(d_final_c[e:e + 1])).sum()
        loss.backward()  # accumulates the weight gradients over the examples
        t_out[e, :length] = ye.detach().numpy()[0]
        t_final[e], t_final_c[e] = hT.detach().numpy()[0, 0], cT.detach().numpy()[0, 0]
        t_dx[e, :length] = xe.grad.numpy()[0]
        t_ds0[e], t_dc0[e] = he.grad.numpy()[0, 0], ce.grad.numpy()[0, 0]

    tol = TOLERANCE[dtype]
    assert rel_error(out, t_out) < tol
    assert rel_error(final, t_final) < tol
    assert rel_error(final_c, t_final_c) < tol
    assert rel_error(grads.input, t_dx) < tol
    assert rel_error(grads.initial_state, t_ds0) < tol
    assert rel_error(grads.initial_cell, t_dc0) < tol
    expected = {}
    expected.update(split_torch_gradient(lstm.weight_ih_l0.grad.numpy(), n, "InputWeights"))
    expected.update(split_torch_gradient(lstm.weight_hh_l0.grad.numpy(), n, "StateWeights"))
    expected.update(split_torch_gradient(lstm.bias_ih_l0.grad.numpy(), n, "Biases"))
    for name in K.ARRAY_NAMES:
        assert rel_error(grads.arrays[name], expected[name]) < tol, name
