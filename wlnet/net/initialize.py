"""NetInitialize: random initial values for a net's arrays.

Rules (from the spec): a 2-D array (every "…Weights" array) gets the method's weight
initialisation, with fan_out = rows and fan_in = the product of the other dimensions;
vectors (biases) are zero, except arrays a layer declares to start at one (``init="ones"``,
e.g. LSTM forget-gate biases).  Arrays are float32.  The
same seed gives the same arrays: one generator, arrays visited in topological order and
in the layer's declared order.

Methods: "Kaiming" (variance 2/fan_in), "Xavier" (variance 2/(fan_in + fan_out); with
"FactorType" -> "In" | "Out" 2/fan_in or 2/fan_out), each
with "Distribution" -> "Normal" (default) | "Uniform"; "Orthogonal"; "Random" with
"Weights" -> dist (default NormalDistribution[0, 1]) and "Biases" -> None | dist;
"Identity": the identity (each output takes the matching input component; for arrays of
higher rank, the centre of the kernel) plus "Distribution" -> dist noise (default
NormalDistribution[0, 0.01]) to break symmetry.  A distribution is a sampler
``draw(rng, count)`` (the WL face makes it from NormalDistribution[…] & co) or a number σ,
which means NormalDistribution[0, σ].
"""

from __future__ import annotations

from math import prod, sqrt

import numpy as np

from wlnet.core.numeric_array import NumericArray
from wlnet.net.errors import NetSpecError
from wlnet.net.net import Net, missing_sizes
from wlnet.net.types import FrozenDict

__all__ = ["initialize", "METHODS", "SUBOPTIONS", "DEFAULT_SEED"]

METHODS = ("Kaiming", "Xavier", "Orthogonal", "Random", "Identity")
# the suboptions each method takes (Method -> {"method", opt -> value, …})
SUBOPTIONS = {"Kaiming": ("Distribution",), "Xavier": ("Distribution", "FactorType"), "Orthogonal": (),
              "Random": ("Weights", "Biases"), "Identity": ("Distribution",)}
DEFAULT_SEED = 1234      # the seed page shows the same initial weights in independent examples


def _weights(rng, dims, method: str, opts: dict) -> np.ndarray:
    fan_out = dims[0]
    fan_in = prod(dims[1:]) if len(dims) > 1 else 1
    if method == "Orthogonal":
        a = rng.standard_normal((fan_out, fan_in))
        u, _, vt = np.linalg.svd(a, full_matrices=False)
        q = u if u.shape == (fan_out, fan_in) else vt
        return q.reshape(dims)
    if method == "Random":
        return _draw(rng, opts.get("Weights", 1.0), dims)
    if method == "Identity":
        return _identity(dims) + _draw(rng, opts.get("Distribution", 0.01), dims)
    var = 2.0 / fan_in if method == "Kaiming" else _xavier_variance(fan_in, fan_out, opts)
    if opts.get("Distribution", "Normal") == "Uniform":
        limit = sqrt(3.0 * var)
        return rng.uniform(-limit, limit, dims)
    return rng.normal(0.0, sqrt(var), dims)


def _xavier_variance(fan_in: int, fan_out: int, opts: dict) -> float:
    """2/(fan_in + fan_out) ("FactorType" -> "Mean", the default), 2/fan_in ("In") or
    2/fan_out ("Out"): the factor types of WL's Xavier initializer (its older versions'
    suboption, still met in programs)."""
    factor = opts.get("FactorType", "Mean")
    return 2.0 / (fan_in if factor == "In" else fan_out if factor == "Out" else fan_in + fan_out)


def _biases(rng, dims, method: str, opts: dict) -> np.ndarray:
    if method == "Random" and opts.get("Biases") is not None:
        return _draw(rng, opts["Biases"], dims)
    return np.zeros(dims)


def _draw(rng, dist, dims) -> np.ndarray:
    """Samples of ``dist`` (a sampler, or a number σ for NormalDistribution[0, σ])."""
    if callable(dist):
        return np.asarray(dist(rng, prod(dims)), np.float64).reshape(dims)
    return rng.normal(0.0, float(dist), dims)


def _identity(dims) -> np.ndarray:
    """out × in (× kernel…): 1 where output i meets input i (at the kernel's centre)."""
    w = np.zeros(dims)
    centre = tuple(d // 2 for d in dims[2:])
    for i in range(min(dims[0], dims[1] if len(dims) > 1 else 1)):
        w[(i, i) + centre if len(dims) > 1 else (i,)] = 1.0
    return w


def initialize(net: Net, which: str = "missing", method: str = "Kaiming", opts: dict | None = None,
               seed: int | None = DEFAULT_SEED, rng: np.random.Generator | None = None) -> Net:
    """``which``: "missing" (NetInitialize[net]), "all" (NetInitialize[net, All]) or
    "none" (NetInitialize[net, None]: drop every array).  Raises NetSpecError("notfspec")
    naming the arrays whose sizes are not known."""
    opts = dict(opts or {})
    if method not in METHODS:
        raise NetSpecError("invmethod", method)
    if which == "none":
        return Net(net.root, FrozenDict())
    paths = net.array_paths()
    todo = {p for p in paths if which == "all" or p not in net.arrays}
    missing = [label for label in missing_sizes(net)]
    if todo and missing:
        raise NetSpecError("notfspec", ", ".join(missing))
    if rng is None:
        rng = np.random.default_rng(seed)
    arrays = dict(net.arrays) if which != "all" else {}
    done: set = set()
    for prefix, leaf in net.root.leaves(()):
        specs = leaf.array_specs()
        for name, dims in leaf.array_shapes().items():
            path = leaf.array_path(prefix, name)
            if path not in todo or path in done:
                continue                     # a shared array gets its values once
            done.add(path)
            if len(dims) >= 2 and specs[name].init == "weights":
                values = _weights(rng, dims, method, opts)
            elif specs[name].init == "ones":
                values = np.ones(dims)
            elif isinstance(specs[name].init, float):     # a starting value (a PReLU's slope)
                values = np.full(dims, specs[name].init)
            else:
                values = _biases(rng, dims, method, opts)
            arrays[path] = NumericArray(values.astype(np.float32), "Real32")
    return Net(net.root, FrozenDict(arrays))
