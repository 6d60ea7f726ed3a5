"""Float64 central differences against a net's backward pass (shared by the executor tests
and the layer registry test)."""

import numpy as np

from wlnet.net.values import Batch


def random_arrays(net, rng, dtype=np.float64, scale=0.7):
    """Normal values; arrays that start at one (scalings, variances) are drawn around 1 and
    positive, as they stay in use."""
    around_one = {prefix + ("Arrays", name) for prefix, leaf in net.root.leaves(())
                  for name, a in leaf.array_specs().items() if a.init == "ones"}
    return {path: (rng.uniform(0.5, 1.5, size=tuple(dims)) if path in around_one
                   else rng.normal(0, scale, size=tuple(dims))).astype(dtype)
            for path, dims in net.array_paths().items()}


def _scalar(ex, arrays, batches, weights, states=None, rng_seed=None):
    rng = np.random.default_rng(rng_seed) if rng_seed is not None else None
    res = ex.forward(arrays, batches, initial_states=states, train=rng is not None, rng=rng)
    return sum(float(np.sum(weights[p] * res.outputs[p].data)) for p in weights)


def check_gradients(ex, arrays, batches, states=None, rng_seed=None, eps=1e-6, tol=1e-6):
    """Backward against central differences for every array entry, every float input
    entry and every initial-state entry."""
    rng = np.random.default_rng(99)
    res = ex.forward(arrays, batches, initial_states=states, keep=True,
                     train=rng_seed is not None,
                     rng=np.random.default_rng(rng_seed) if rng_seed is not None else None)
    weights = {p: rng.normal(size=b.data.shape) for p, b in res.outputs.items()}
    grads = ex.backward(res, weights)
    f = lambda a=arrays, bt=batches, st=states: _scalar(ex, a, bt, weights, st, rng_seed)

    def compare(what, analytic, perturb):
        numeric = np.zeros_like(analytic)
        for idx in np.ndindex(*analytic.shape):
            numeric[idx] = (perturb(idx, eps) - perturb(idx, -eps)) / (2 * eps)
        scale = max(np.abs(numeric).max(), 1e-3)
        err = np.abs(analytic - numeric).max() / scale
        assert err < tol, f"{what}: relative error {err}"

    for path, value in arrays.items():
        def perturb(idx, h, path=path, value=value):
            moved = value.copy()
            moved[idx] += h
            return f(a={**arrays, path: moved})
        compare(path, grads.arrays.get(path, np.zeros_like(value)), perturb)
    for port, b in batches.items():
        if b.data.dtype.kind != "f":
            assert port not in grads.inputs
            continue
        def perturb(idx, h, port=port, b=b):
            moved = b.data.copy()
            moved[idx] += h
            return f(bt={**batches, port: Batch(moved, b.lengths)})
        analytic = grads.inputs.get(port, np.zeros_like(b.data))
        if b.lengths is not None:               # nothing past each example's length
            for i, n in enumerate(b.lengths):
                assert not np.any(analytic[i, n:])
        compare(port, analytic, perturb)
    for key, value in (states or {}).items():
        def perturb(idx, h, key=key, value=value):
            moved = value.copy()
            moved[idx] += h
            return f(st={**states, key: moved})
        compare(key, grads.states[key], perturb)
    return grads
