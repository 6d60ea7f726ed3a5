"""Optimizers: "ADAM", "SGD", "RMSProp", "SignSGD" with the Wolfram Language's defaults (spec §3.2).

All trainable arrays live as views in ONE flat buffer (``Parameters``), so an update is a
handful of vectorised numpy operations over the whole parameter vector, whatever the
number of arrays; the executor is handed the views.  Frozen arrays (learning-rate
multiplier 0 or None) stay outside the buffer and are never touched.

Update rules (MXNet semantics, which the paclet uses; g is the gradient of the batch
mean, λ the "L2Regularization", c the "GradientClipping", k the "WeightClipping"):

  g ← clip(g + λ w, -c, c)
  ADAM     m ← β1 m + (1-β1) g;  v ← β2 v + (1-β2) g²;
           w ← w - lr_t m / (√v + ε),  lr_t = lr · s(t) · √(1-β2^t) / (1-β1^t)
  SGD      μ ← momentum μ - lr · s(t) · g;  w ← w + μ
  RMSProp  n ← β n + (1-β) g²;  ḡ ← β ḡ + (1-β) g;
           δ ← momentum δ - lr · s(t) · g / √(n - ḡ² + ε);  w ← w + δ
  SignSGD  μ ← momentum μ + (1-momentum) g;  w ← w - lr · s(t) · sign(μ)
           (MXNet's Signum: the gradient's magnitude is discarded, its sign kept)

and after the update w ← clip(w, -k, k) (the weight clipping of Wasserstein GANs).  λ, c and k
may be given per array (path -> value; an array given none is not regularized or clipped).
s(t) is the learning-rate schedule at iteration t (0-based): None → 1,
"Polynomial" (SGD's default) → √(1 - min(t, T)/(T+1)) with T the planned number of
iterations, or a user function f(t, T).  Per-array learning-rate multipliers scale lr.
"""

from __future__ import annotations

from math import cos, pi, sqrt
from typing import Callable

import numpy as np

from wlnet.kernels.training import adam_update
from wlnet.net.train import TrainError
from wlnet.net.values import VersionedArrays

__all__ = ["Parameters", "VersionedArrays", "MethodSpec", "Optimizer", "DEFAULTS", "make_optimizer",
           "NAMED_SCHEDULES"]

# "LearningRateSchedule" -> name: the learning rate's multiplier as a function of the
# fraction of the training's updates done, t/(total + 1) (so the last update's is not 0)
NAMED_SCHEDULES = {
    "Polynomial": lambda x: sqrt(1.0 - x),
    "Cosine": lambda x: 0.5 * (1.0 + cos(pi * x)),     # half a cosine from 1 down to 0
}

DEFAULTS = {
    "ADAM": {"LearningRate": 0.001, "Beta1": 0.9, "Beta2": 0.999, "Epsilon": 1e-5,
             "LearningRateSchedule": None},
    "SGD": {"LearningRate": 0.01, "Momentum": 0.93, "LearningRateSchedule": "Polynomial"},
    "RMSProp": {"LearningRate": 0.001, "Beta": 0.95, "Momentum": 0.9, "Epsilon": 1e-6,
                "LearningRateSchedule": None},
    "SignSGD": {"LearningRate": 0.001, "Momentum": 0.9, "LearningRateSchedule": None},
}
COMMON = {"L2Regularization": None, "GradientClipping": None, "WeightClipping": None}


class Parameters:
    """The net's arrays for training: trainable ones as views of one flat buffer, frozen
    ones as separate copies.  ``arrays`` (path -> array) is what the executor reads.
    ``updated``: frozen arrays that the layers keep up to date themselves (statistics such
    as BatchNormalization's moving mean; see ``store_updates``)."""

    def __init__(self, arrays: dict, trainable, dtype=np.float32, updated=()):
        trainable = [p for p in arrays if p in set(trainable)]
        sizes = [int(np.prod(np.shape(arrays[p]), dtype=np.int64)) for p in trainable]
        self.dtype = np.dtype(dtype)
        self.flat = np.empty(sum(sizes), self.dtype)
        self.grad = np.zeros_like(self.flat)
        self.views, self.grad_views, self.slices = {}, {}, {}
        offset = 0
        for path, size in zip(trainable, sizes):
            shape = np.shape(arrays[path])
            sl = slice(offset, offset + size)
            self.slices[path] = sl
            self.views[path] = self.flat[sl].reshape(shape)
            self.grad_views[path] = self.grad[sl].reshape(shape)
            np.copyto(self.views[path], _as_numpy(arrays[path]), casting="unsafe")
            offset += size
        self.frozen = {p: np.array(_as_numpy(a), self.dtype) for p, a in arrays.items()
                       if p not in self.views}
        self.arrays = VersionedArrays(((p, self.views.get(p, self.frozen.get(p))) for p in arrays),
                                      fixed_entries=True)
        self.updated = frozenset(p for p in updated if p in self.frozen)

    def changed(self) -> None:
        """Note that the values in ``flat`` changed (step and restore call this; so must
        anything else that writes into it): see VersionedArrays."""
        self.arrays.version = object()

    def store_updates(self, updates: dict) -> None:
        """Store the new values of updated statistic arrays (path -> array, from a training
        forward pass); other paths are left alone (their learning-rate multiplier is 0)."""
        stored = False
        for path, value in updates.items():
            if path in self.updated:
                np.copyto(self.frozen[path], value, casting="unsafe")
                stored = True
        if stored:
            self.changed()

    @property
    def size(self) -> int:
        return self.flat.size

    def gather(self, grads: dict, paths=None) -> np.ndarray:
        """Copy the executor's gradients (path -> array) into the flat gradient buffer (only
        those of ``paths`` when given: a fused step wrote the others there itself)."""
        views = self.grad_views
        for path in views if paths is None else paths:
            view = views[path]
            g = grads.get(path)
            if g is None:
                view.fill(0)
            else:
                view[...] = g            # (casts as np.copyto's "unsafe", at a third of its cost)
        return self.grad

    def per_array(self, values: dict, default: float) -> np.ndarray | float:
        """A per-array setting (path -> number) as a flat vector, or a scalar if uniform."""
        vals = [values.get(p, default) for p in self.views]
        if all(v == default for v in vals):
            return default
        out = np.empty_like(self.flat)
        for path, v in zip(self.views, vals):
            out[self.slices[path]] = v
        return out

    def snapshot(self) -> np.ndarray:
        return self.flat.copy()

    def restore(self, snap: np.ndarray) -> None:
        np.copyto(self.flat, snap)
        self.changed()

    def values(self, snap: np.ndarray | None = None) -> dict:
        """path -> a fresh numpy array (from ``snap`` when given)."""
        flat = self.flat if snap is None else snap
        out = {}
        for path, arr in self.arrays.items():
            if path in self.slices:
                out[path] = flat[self.slices[path]].reshape(arr.shape).copy()
            else:
                out[path] = arr.copy()
        return out


def _as_numpy(a) -> np.ndarray:
    return a.array if hasattr(a, "array") else np.asarray(a)


class MethodSpec:
    """A parsed Method: its name and every sub-option (defaults filled in)."""

    def __init__(self, name: str, options: dict | None = None):
        if name not in DEFAULTS:
            raise TrainError("invmethod", name)
        self.name = name
        self.options = {**DEFAULTS[name], **COMMON, **(options or {})}

    @property
    def learning_rate(self) -> float:
        return self.options["LearningRate"]

    def __repr__(self) -> str:
        return f"MethodSpec({self.name!r}, {self.options!r})"


class Optimizer:
    """One method's state over a Parameters buffer.  ``step(grad)`` updates in place."""

    def __init__(self, params: Parameters, method: MethodSpec, multipliers: dict | None = None,
                 total_iterations: int = 1, schedule_error: Callable | None = None,
                 update_schedule: list | None = None):
        """``update_schedule``: TrainingUpdateSchedule, one set of array paths per step of
        a repeating cycle (None: every array at every step)."""
        self.params = params
        self.held = None if update_schedule is None else [
            _held_mask(params, paths) for paths in update_schedule]
        self.method = method
        o = method.options
        self.lr = float(o["LearningRate"])
        self.lr_scale = params.per_array(multipliers or {}, 1.0)
        self.l2 = _setting(params, o.get("L2Regularization"), 0.0)
        self.clip = _setting(params, o.get("GradientClipping"), np.inf)
        self.weight_clip = _setting(params, o.get("WeightClipping"), np.inf)
        self.schedule = o.get("LearningRateSchedule")
        self.total = max(int(total_iterations), 1)
        self.t = 0                                  # updates done
        n = params.size
        dt = params.dtype
        self.tmp = np.empty(n, dt)
        self._update = getattr(self, "_" + method.name.lower())     # _adam, _sgd, _rmsprop, _signsgd
        if method.name == "ADAM":
            self.m, self.v = np.zeros(n, dt), np.zeros(n, dt)
            b1, b2 = o["Beta1"], o["Beta2"]
            self._adam_coefficients = np.array([b1, 1 - b1, b2, 1 - b2, o["Epsilon"]], dt)
            self._rate = np.zeros(1, dt)
        elif method.name in ("SGD", "SignSGD"):
            self.mom = np.zeros(n, dt)
        else:
            self.n, self.gbar, self.delta = np.zeros(n, dt), np.zeros(n, dt), np.zeros(n, dt)

    def schedule_factor(self, t: int) -> float:
        s = self.schedule
        if s is None:
            return 1.0
        if s in NAMED_SCHEDULES:
            return NAMED_SCHEDULES[s](min(t, self.total) / (self.total + 1))
        value = s(t, self.total)
        if not (isinstance(value, (int, float)) and 0 <= value <= 1):
            raise TrainError("badlrs", value, t)
        return float(value)

    def current_learning_rate(self) -> float:
        return self.lr * self.schedule_factor(self.t)

    def step(self, g: np.ndarray) -> None:
        """One update of ``params.flat`` with the flat gradient ``g`` (modified in place)."""
        w = self.params.flat
        if self.l2 is not None:
            g += self.l2 * w if np.isscalar(self.l2) else self.l2 * w
        if self.clip is not None:
            np.clip(g, -self.clip, self.clip, out=g)
        lr = self.lr * self.schedule_factor(self.t)
        held = self.held[self.t % len(self.held)] if self.held is not None else None
        self.t += 1
        if held is not None:       # arrays this step of the schedule leaves alone: their
            state = self._state()  # values and the method's running averages stay as they were
            kept = [a[held] for a in state]
        self._update(w, g, lr)
        if self.weight_clip is not None:
            np.clip(w, -self.weight_clip, self.weight_clip, out=w)
        if held is not None:
            for a, k in zip(state, kept):
                a[held] = k
        self.params.changed()

    def _state(self) -> list:
        """The flat arrays one step changes: the parameters and the method's state."""
        extra = {"ADAM": ("m", "v"), "SGD": ("mom",), "SignSGD": ("mom",)}.get(
            self.method.name, ("n", "gbar", "delta"))
        return [self.params.flat] + [getattr(self, name) for name in extra]

    def _scaled(self, lr: float):
        return lr * self.lr_scale if not np.isscalar(self.lr_scale) else lr * self.lr_scale

    def _adam(self, w, g, lr):
        # one fused pass over the flat buffer (wlnet.kernels.training): the ten numpy
        # operations of the rule cost a few microseconds each on a small net's vector
        o, t = self.method.options, self.t
        b1, b2 = o["Beta1"], o["Beta2"]
        lr_t = lr * sqrt(1 - b2 ** t) / (1 - b1 ** t)
        if np.isscalar(self.lr_scale):
            self._rate[0] = lr_t * self.lr_scale
            rates = self._rate
        else:
            rates = lr_t * self.lr_scale
        adam_update(w, g, self.m, self.v, self._adam_coefficients, rates)

    def _sgd(self, w, g, lr):
        self.mom *= self.method.options["Momentum"]
        g *= self._scaled(lr)
        self.mom -= g
        w += self.mom

    def _signsgd(self, w, g, lr):
        momentum = self.method.options["Momentum"]
        self.mom *= momentum
        self.mom += (1 - momentum) * g
        np.sign(self.mom, out=self.tmp)
        self.tmp *= self._scaled(lr)
        w -= self.tmp

    def _rmsprop(self, w, g, lr):
        o, tmp = self.method.options, self.tmp
        beta, mom, eps = o["Beta"], o["Momentum"], o["Epsilon"]
        np.multiply(g, g, out=tmp)
        self.n *= beta
        self.n += (1 - beta) * tmp
        self.gbar *= beta
        self.gbar += (1 - beta) * g
        np.multiply(self.gbar, self.gbar, out=tmp)
        np.subtract(self.n, tmp, out=tmp)
        tmp += eps
        np.sqrt(tmp, out=tmp)
        np.divide(g, tmp, out=tmp)
        tmp *= self._scaled(lr)
        self.delta *= mom
        self.delta -= tmp
        w += self.delta


def _held_mask(params: Parameters, updated) -> np.ndarray | None:
    """A flat mask of the trainable entries a step that updates ``updated`` leaves alone
    (None when it updates them all)."""
    mask = np.zeros(params.size, bool)
    for path, sl in params.slices.items():
        if path not in updated:
            mask[sl] = True
    return mask if mask.any() else None


def _setting(params: Parameters, value, default):
    """A number, or a path -> number dict, as a scalar/flat vector; None when unset."""
    if value is None:
        return None
    if isinstance(value, dict):
        return params.per_array(value, default)
    return float(value)


def make_optimizer(params: Parameters, method: MethodSpec, multipliers=None,
                   total_iterations: int = 1) -> Optimizer:
    return Optimizer(params, method, multipliers, total_iterations)
