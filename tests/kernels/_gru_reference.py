"""A plain-numpy GatedRecurrentLayer, one example and one step at a time (the seed's equations)."""

import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def gru_reference(x, lengths, arrays, initial_state=None, masks=None):
    """Output (B, T, n) zero past lengths, and final states (B, n)."""
    a = {name: np.asarray(v, dtype=np.float64) for name, v in arrays.items()}
    batch, steps, _ = x.shape
    n = a["InputGateBiases"].shape[0]
    wis, wrs, wms = a["InputGateStateWeights"], a["ResetGateStateWeights"], a["MemoryGateStateWeights"]
    if masks is not None and masks.weights is not None:
        wis, wrs, wms = (w * masks.weights[g * n:(g + 1) * n] for g, w in enumerate((wis, wrs, wms)))
    out = np.zeros((batch, steps, n))
    final = np.zeros((batch, n))
    for e in range(batch):
        s = np.zeros(n) if initial_state is None else np.asarray(initial_state[e], np.float64)
        for t in range(lengths[e]):
            xt = np.asarray(x[e, t], np.float64)
            if masks is not None and masks.input is not None:
                xt = xt * masks.input[e]
            sr = s if masks is None or masks.state is None else s * masks.state[e]
            i = sigmoid(a["InputGateInputWeights"] @ xt + wis @ sr + a["InputGateBiases"])
            r = sigmoid(a["ResetGateInputWeights"] @ xt + wrs @ sr + a["ResetGateBiases"])
            m = np.tanh(a["MemoryGateInputWeights"] @ xt + r * (wms @ sr) + a["MemoryGateBiases"])
            if masks is not None and masks.update is not None:
                m = m * masks.update[e, t]
            s = (1 - i) * m + i * s
            out[e, t] = s
        final[e] = s
    return out, final
