"""A plain-numpy LongShortTermMemoryLayer (WL's equations, one example and step at a time),
shared by the kernel and layer tests."""

import numpy as np

from wlnet.kernels import gru as KG
from wlnet.kernels import lstm as K


def sigmoid(v):
    return 1 / (1 + np.exp(-v))


def lstm_reference(x, lengths, arrays, s0=None, c0=None, masks=None):
    """WL's equations one example and step at a time."""
    batch, steps, _ = x.shape
    n = arrays["InputGateBiases"].shape[0]
    masks = masks or KG.GRUDropoutMasks()
    w = {g: (arrays[g + "InputWeights"], arrays[g + "StateWeights"], arrays[g + "Biases"])
         for g in K.GATES}
    if masks.weights is not None:
        for q, g in enumerate(K.GATES):
            wx, ws, b = w[g]
            w[g] = (wx, ws * masks.weights[q * n:(q + 1) * n], b)
    out = np.zeros((batch, steps, n))
    finals, cells = np.zeros((batch, n)), np.zeros((batch, n))
    for e in range(batch):
        s = np.zeros(n) if s0 is None else s0[e].copy()
        c = np.zeros(n) if c0 is None else c0[e].copy()
        for t in range(lengths[e]):
            xt = x[e, t] * (masks.input[e] if masks.input is not None else 1)
            sp = s * (masks.state[e] if masks.state is not None else 1)
            pre = {g: wx @ xt + ws @ sp + b for g, (wx, ws, b) in w.items()}
            i, o, f = (sigmoid(pre[g]) for g in ("InputGate", "OutputGate", "ForgetGate"))
            m = np.tanh(pre["MemoryGate"])
            if masks.update is not None:
                m = m * masks.update[e, t]
            c = f * c + i * m
            s = o * np.tanh(c)
            out[e, t] = s
        finals[e], cells[e] = s, c
    return out, finals, cells
