"""A tiny executor with the Executor API (forward/backward over Batches) in plain numpy:
a linear map "Input" (B, k) -> "Output" (B, n), optionally followed by a softmax (then
``logits`` holds the softmax input, as the real executor gives it).  Used to test the
training loop independently of the real executor, and as its permanent unit test."""

from typing import NamedTuple

import numpy as np

from wlnet.net.train.data import Batch

W, B = ("Arrays", "Weights"), ("Arrays", "Biases")


class Result(NamedTuple):
    outputs: dict
    final_states: dict
    logits: dict
    x: np.ndarray
    array_updates: dict = {}         # no statistic arrays (see ForwardResult)


class Grads(NamedTuple):
    arrays: dict
    inputs: dict
    states: dict


class LinearExecutor:
    def __init__(self, softmax=False, dtype=np.float64):
        self.softmax = softmax
        self.dtype = np.dtype(dtype)
        self.forward_calls = 0

    def forward(self, arrays, batches, *, train=False, rng=None, initial_states=None, keep=False):
        self.forward_calls += 1
        x = np.asarray(batches["Input"].data, self.dtype)
        z = x @ np.asarray(arrays[W]).T + np.asarray(arrays[B])
        if self.softmax:
            e = np.exp(z - z.max(axis=1, keepdims=True))
            y = e / e.sum(axis=1, keepdims=True)
            return Result({"Output": Batch(y, None)}, {}, {"Output": z} if keep else {}, x)
        return Result({"Output": Batch(z, None)}, {}, {}, x)

    def backward(self, res, d_outputs, d_logits=None, input_gradients=None):
        d = (d_logits or {}).get("Output")
        if d is None:
            d = d_outputs["Output"]
            if self.softmax:
                y = res.outputs["Output"].data
                d = y * (d - (d * y).sum(axis=1, keepdims=True))
        return Grads({W: d.T @ res.x, B: d.sum(axis=0)}, {}, {})


def linear_problem(n=256, k=3, m=2, seed=0):
    """Regression data y = x A^T + c (exactly learnable) as encoded Batches."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, k))
    a, c = rng.normal(size=(m, k)), rng.normal(size=m)
    return {"Input": Batch(x, None)}, {"Output": Batch(x @ a.T + c, None)}


def initial_arrays(k=3, m=2, seed=1):
    rng = np.random.default_rng(seed)
    return {W: rng.normal(size=(m, k)) * 0.1, B: np.zeros(m)}
