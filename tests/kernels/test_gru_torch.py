"""GatedRecurrentLayer kernels against torch.nn.GRU (an independent implementation).

The seed's GRU is torch's with b_hn = 0 and the input/state biases summed: torch's gates are
(r, z, n) with z = WL's input gate i and n = WL's memory gate m. WL's biases go to b_ih, b_hh
is zero. Each example of a mixed-length batch runs in torch on its own length.
"""

import numpy as np
import pytest

from wlnet.kernels import gru as K

from tests.kernels._checks import rel_error

torch = pytest.importorskip("torch")

TORCH_ORDER = ("Reset", "Input", "Memory")
TOLERANCE = {np.float32: 1e-5, np.float64: 1e-10}


def torch_gru(arrays, k, n, dtype):
    gru = torch.nn.GRU(k, n, batch_first=True).to(getattr(torch, np.dtype(dtype).name))
    with torch.no_grad():
        gru.weight_ih_l0.copy_(torch.from_numpy(np.concatenate(
            [arrays[g + "GateInputWeights"] for g in TORCH_ORDER])))
        gru.weight_hh_l0.copy_(torch.from_numpy(np.concatenate(
            [arrays[g + "GateStateWeights"] for g in TORCH_ORDER])))
        gru.bias_ih_l0.copy_(torch.from_numpy(np.concatenate(
            [arrays[g + "GateBiases"] for g in TORCH_ORDER])))
        gru.bias_hh_l0.zero_()
    return gru


def split_torch_gradient(grad, n, suffix):
    """torch's stacked (r, z, n) gradient rows -> WL names."""
    return {gate + "Gate" + suffix: grad[g * n:(g + 1) * n] for g, gate in enumerate(TORCH_ORDER)}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("batch,steps,k,n,lengths", [
    (1, 4, 2, 3, [4]),
    (4, 7, 5, 6, [7, 3, 1, 5]),
    (3, 6, 4, 40, [2, 6, 4]),   # n large enough for the BLAS path
    (12, 5, 3, 16, [5, 2, 5, 1, 3, 5, 4, 2, 5, 1, 3, 4]),   # whole 8 x 8 blocks of slots and units
    # s_{t-1}'s rows >= recurrent.CONTIGUOUS_STEP_ROWS apart: read from a contiguous copy
    (40, 30, 3, 5, [30 - 7 * i % 30 for i in range(40)]),
])
def test_against_torch(dtype, batch, steps, k, n, lengths):
    check_against_torch(dtype, batch, steps, k, n, lengths)


def test_against_torch_with_streamed_buffers():
    """A float64 sequence long enough that each chunk's all-steps gradient buffer (4n rows
    of T*bc values: 11 MB with two chunks of two slots) and stored gates (3n rows: 8.5 MB)
    take at least recurrent.STREAM_BYTES, so they are written by streaming stores."""
    check_against_torch(np.float64, 4, 520, 3, 340, [520, 377, 500, 64])


def check_against_torch(dtype, batch, steps, k, n, lengths):
    torch.manual_seed(0)
    rng = np.random.default_rng(42)
    scale = 1 / np.sqrt(n)
    shapes = {"InputWeights": (n, k), "StateWeights": (n, n), "Biases": (n,)}
    arrays = {name: rng.uniform(-2 * scale, 2 * scale, shapes[name.split("Gate")[1]]).astype(dtype)
              for name in K.ARRAY_NAMES}
    x = rng.standard_normal((batch, steps, k)).astype(dtype)
    s0 = (0.5 * rng.standard_normal((batch, n))).astype(dtype)
    d_out = rng.standard_normal((batch, steps, n)).astype(dtype)
    d_final = rng.standard_normal((batch, n)).astype(dtype)
    lengths = np.array(lengths)

    out, final, cache = K.gru_forward(x, lengths, arrays, s0)
    grads = K.gru_backward(cache, d_out, d_final)

    gru = torch_gru(arrays, k, n, dtype)
    t_out = np.zeros_like(out)
    t_final = np.zeros_like(final)
    t_dx = np.zeros_like(x)
    t_ds0 = np.zeros_like(s0)
    for e, length in enumerate(lengths):
        xe = torch.from_numpy(x[e:e + 1, :length].copy()).requires_grad_(True)
        he = torch.from_numpy(s0[e].reshape(1, 1, n).copy()).requires_grad_(True)
        ye, hT = gru(xe, he)
        loss = (ye * torch.from_numpy(d_out[e:e + 1, :length])).sum() + \
            (hT[0] * torch.from_numpy(d_final[e:e + 1])).sum()
        loss.backward()  # accumulates the weight gradients over the examples
        t_out[e, :length] = ye.detach().numpy()[0]
        t_final[e] = hT.detach().numpy()[0, 0]
        t_dx[e, :length] = xe.grad.numpy()[0]
        t_ds0[e] = he.grad.numpy()[0, 0]

    tol = TOLERANCE[dtype]
    assert rel_error(out, t_out) < tol
    assert rel_error(final, t_final) < tol
    assert rel_error(grads.input, t_dx) < tol
    assert rel_error(grads.initial_state, t_ds0) < tol
    expected = {}
    expected.update(split_torch_gradient(gru.weight_ih_l0.grad.numpy(), n, "InputWeights"))
    expected.update(split_torch_gradient(gru.weight_hh_l0.grad.numpy(), n, "StateWeights"))
    expected.update(split_torch_gradient(gru.bias_ih_l0.grad.numpy(), n, "Biases"))
    for name in K.ARRAY_NAMES:
        assert rel_error(grads.arrays[name], expected[name]) < tol, name
