"""Predict's Method -> "GaussianProcess" (wlnet/builtins/machine_learning.py).

A Gaussian process on the standardized features and targets.  Its covariance is a sum of
terms, each a signal variance times a product of unit-signal shapes, each shape read on a
group of feature columns:

- one named "CovarianceType" ("SquaredExponential", "Matern3/2", "Matern5/2",
  "RationalQuadratic", "Linear", "Periodic" or "HammingDistance"): one term, its shape on
  every column;
- "Composite": three terms, a squared-exponential, a periodic and a linear one (a smooth
  trend, a cycle and a line, each weighted by its own fitted signal; the fit switches off
  the ones the data does not need);
- <|"Numerical" -> k1, "Nominal" -> k2|>: k1 on the numeric columns times k2 on the
  nominal (one-hot) ones;
- Automatic: a squared exponential, times a Hamming-distance shape on the nominal columns
  when there are some.

The Hamming distance of two examples counts the positions where they differ (a nominal
value's one-hot columns count one position together).  The hyperparameters (logarithms of
the noise, signals, length scales and periods) are fitted by "EstimationMethod":
"MaximumPosterior" (the likelihood times weak log-normal priors around data-derived
scales, the default), "MaximumLikelihood", or "MeanPosterior" (the prediction averaged
over hyperparameters drawn around the maximum posterior by a Laplace approximation and
importance-weighted).  "OptimizationMethod": "FindMinimum" (L-BFGS from several starts:
the default) or "SimulatedAnnealing" (SciPy's dual annealing, a global search).
AssumeDeterministic -> True fixes the noise at nearly 0 (the process interpolates the
examples).
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._cluster_methods import squared_distances
from wlnet.core.expr import Expr, Real, S, String
from wlnet.core.numeric_array import to_numpy_data
from wlnet.core.packed import list_from_array

STATIONARY = ("SquaredExponential", "Matern3/2", "Matern5/2", "RationalQuadratic")
GP_COVARIANCES = STATIONARY + ("Linear", "Periodic", "HammingDistance", "Composite",
                               "Automatic")
COMPOSITE_TERMS = ("SquaredExponential", "Periodic", "Linear")
ESTIMATION_METHODS = ("MaximumPosterior", "MaximumLikelihood", "MeanPosterior")
OPTIMIZATION_METHODS = ("FindMinimum", "SimulatedAnnealing", "Automatic")
# per shape, its parameters (logarithms): the length scale² (Hamming: its length), the period
_SHAPE_PARAMETERS = {"Periodic": 2}
_PRIOR_WIDTH = 3.0          # standard deviation of the priors on the log parameters
_DETERMINISTIC_NOISE = 1e-6
_MEAN_POSTERIOR_DRAWS = 32
_PERIOD_LADDER = 32         # periods screened
_LOCAL_SEARCHES = 3         # the best screened starts refined by L-BFGS
_MEAN_POSTERIOR_KEPT = 8


def _array(e) -> np.ndarray:
    return np.asarray(to_numpy_data(e), dtype=float)


def _hamming(a: np.ndarray, b: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The weighted count of differing columns (a one-hot column weighs 1/2: a changed
    nominal value changes two of them)."""
    out = np.zeros((len(a), len(b)))
    for column in range(a.shape[1]):             # a few columns; each step is a matrix
        out += weights[column] * (np.abs(a[:, column, None] - b[None, :, column]) > 1e-12)
    return out


def _periodic_sines(a: np.ndarray, b: np.ndarray, period: float) -> np.ndarray:
    """Σ over the columns of sin²(π (aᵢ - bᵢ) / period)."""
    out = np.zeros((len(a), len(b)))
    for column in range(a.shape[1]):
        out += np.sin(np.pi * (a[:, column, None] - b[None, :, column]) / period) ** 2
    return out


def _shape(kind: str, params: np.ndarray, a: np.ndarray, b: np.ndarray,
           weights: np.ndarray) -> np.ndarray:
    """A unit-signal covariance shape of the log parameters between the rows of a and b."""
    if a.shape[1] == 0:
        return np.ones((len(a), len(b)))
    scale = np.exp(params[0])
    if kind == "Linear":
        return 1.0 + a @ b.T / scale
    if kind == "HammingDistance":
        return np.exp(-_hamming(a, b, weights) / scale)
    if kind == "Periodic":
        return np.exp(-2.0 * _periodic_sines(a, b, np.exp(params[1])) / scale)
    r = np.sqrt(squared_distances(a, b) / scale)
    if kind == "Matern3/2":
        return (1 + np.sqrt(3) * r) * np.exp(-np.sqrt(3) * r)
    if kind == "Matern5/2":
        return (1 + np.sqrt(5) * r + 5 * r ** 2 / 3) * np.exp(-np.sqrt(5) * r)
    if kind == "RationalQuadratic":                  # its shape parameter α fixed at 1
        return 1 / (1 + 0.5 * r ** 2)
    return np.exp(-0.5 * r ** 2)                     # "SquaredExponential"


def _shape_diagonal(kind: str, params: np.ndarray, a: np.ndarray) -> np.ndarray:
    """k(x, x) of a shape: 1 except for the linear one."""
    if kind == "Linear" and a.shape[1]:
        return 1.0 + (a ** 2).sum(1) / np.exp(params[0])
    return np.ones(len(a))


class Covariance:
    """The terms of a covariance: per term its factors (shape kind, column indices), and
    where each one's parameters sit in the log-parameter vector (its first entry: the
    noise)."""

    def __init__(self, spec, nominal: np.ndarray):
        self.spec, self.nominal = spec, np.asarray(nominal, dtype=bool)
        columns = np.arange(len(self.nominal))
        numeric, nominal_columns = columns[~self.nominal], columns[self.nominal]
        # per column its weight in a Hamming count
        self.weights = np.where(self.nominal, 0.5, 1.0)
        if isinstance(spec, dict):
            factors = [(spec.get("Numerical", "SquaredExponential"), numeric),
                       (spec.get("Nominal", "HammingDistance"), nominal_columns)]
            self.terms = [[f for f in factors if len(f[1])]]
        elif spec == "Automatic":
            self.terms = [[("SquaredExponential", numeric), ("HammingDistance",
                                                             nominal_columns)]
                          if len(nominal_columns) and len(numeric) else
                          [("HammingDistance" if len(nominal_columns) else
                            "SquaredExponential", columns)]]
        elif spec == "Composite":
            self.terms = [[(kind, columns)] for kind in COMPOSITE_TERMS]
        else:
            self.terms = [[(spec, columns)]]
        self.layout, at = [], 1
        for term in self.terms:
            signal, at = at, at + 1
            factors = []
            for kind, cols in term:
                count = _SHAPE_PARAMETERS.get(kind, 1)
                factors.append((kind, cols, slice(at, at + count)))
                at += count
            self.layout.append((signal, factors))
        self.size = at

    def matrix(self, theta: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        out = np.zeros((len(a), len(b)))
        for signal, factors in self.layout:
            term = np.exp(theta[signal])
            for kind, cols, where in factors:
                term = term * _shape(kind, theta[where], a[:, cols], b[:, cols],
                                     self.weights[cols])
            out += term
        return out

    def diagonal(self, theta: np.ndarray, a: np.ndarray) -> np.ndarray:
        out = np.zeros(len(a))
        for signal, factors in self.layout:
            term = np.exp(theta[signal]) * np.ones(len(a))
            for kind, cols, where in factors:
                term = term * _shape_diagonal(kind, theta[where], a[:, cols])
            out += term
        return out

    def starts_and_bounds(self, x: np.ndarray, noise: float | None):
        """Starting log parameters (several: see _candidates), their prior centres and
        their bounds; noise: fixed (AssumeDeterministic) or None."""
        start, bounds = np.zeros(self.size), [None] * self.size
        start[0] = np.log(noise if noise is not None else 0.1)
        bounds[0] = (start[0], start[0]) if noise is not None else (-14.0, 2.0)
        periods = []
        share = 1.0 / len(self.terms)          # the standardized variance shared out
        for signal, factors in self.layout:
            start[signal], bounds[signal] = np.log(share), (-10.0, 4.0)
            for kind, cols, where in factors:
                part = x[:, cols]
                if kind == "HammingDistance":
                    start[where.start], bounds[where.start] = 0.0, (-5.0, 5.0)
                    continue
                sq = squared_distances(part, part)
                median = float(np.median(sq[sq > 0])) if (sq > 0).any() else 1.0
                scale = np.log(median)
                start[where.start] = scale if kind != "Periodic" else 0.0
                bounds[where.start] = (scale - 8, scale + 8) if kind != "Periodic" \
                    else (-6.0, 6.0)
                if kind == "Periodic":
                    span = float(np.sqrt(sq.max())) or 1.0
                    smallest = float(np.sqrt(sq[sq > 0].min())) if (sq > 0).any() else 1e-3
                    periods.append(where.start + 1)
                    bounds[where.start + 1] = (np.log(smallest * 2), np.log(span * 4))
                    start[where.start + 1] = np.log(span / 4)
        return self._candidates(start, bounds, periods), start.copy(), bounds

    def _candidates(self, start: np.ndarray, bounds: list, periods: list) -> list:
        """Starting points to screen: a ladder of periods across their range (the
        likelihood has a local optimum near each multiple of the true period) and, with
        several terms, each term in turn carrying the signal."""
        starts = [start]
        for index in periods:
            low, high = bounds[index]
            for p in np.linspace(low, high, _PERIOD_LADDER):
                s = start.copy()
                s[index] = p
                starts.append(s)
        if len(self.layout) > 1:
            weighted = []
            for signal, _ in self.layout:
                for s in starts:
                    s = s.copy()
                    for other, _ in self.layout:
                        s[other] = 0.0 if other == signal else np.log(1e-3)
                    weighted.append(s)
            starts += weighted
        return starts

    def to_expr(self) -> Expr:
        if isinstance(self.spec, dict):
            return Expr(S.Association, *[Expr(S.Rule, String(k), String(v))
                                         for k, v in self.spec.items()])
        return String(self.spec)

    @staticmethod
    def spec_from_expr(e):
        if type(e) is Expr and e.head is S.Association:
            return {r.args[0].value: r.args[1].value for r in e.args}
        return e.value


class _Component:
    """One setting of the hyperparameters, conditioned on the examples."""

    def __init__(self, covariance: Covariance, theta: np.ndarray, x: np.ndarray,
                 t: np.ndarray):
        self.theta = theta
        from scipy.linalg import cho_factor, cho_solve
        k = covariance.matrix(theta, x, x) + (np.exp(theta[0]) + 1e-8) * np.eye(len(x))
        factor = cho_factor(k, lower=True)
        self.inverse = cho_solve(factor, np.eye(len(x)))
        self.alpha = cho_solve(factor, t)


class GaussianProcessModel:
    """The process: the examples (standardized targets), the covariance and its
    hyperparameter settings with their weights (one, except for "MeanPosterior")."""

    def __init__(self, x: np.ndarray, y: np.ndarray, settings: dict | None = None,
                 nominal=None, seed: int = 0):
        settings = settings or {}
        nominal = np.zeros(x.shape[1], dtype=bool) if nominal is None else nominal
        self.covariance = Covariance(settings.get("CovarianceType", "Automatic"), nominal)
        self.shift, self.scale = float(y.mean()), float(y.std()) or 1.0
        self.x, self.t = x, (y - self.shift) / self.scale
        estimation = settings.get("EstimationMethod", "MaximumPosterior")
        noise = _DETERMINISTIC_NOISE if settings.get("AssumeDeterministic", False) else None
        starts, centres, bounds = self.covariance.starts_and_bounds(x, noise)
        prior = None if estimation == "MaximumLikelihood" else centres
        objective = _objective(self.covariance, x, self.t, prior, bounds)
        best = _optimize(objective, starts, bounds,
                         settings.get("OptimizationMethod", "Automatic"), seed)
        if estimation == "MeanPosterior":
            draws, weights = _posterior_draws(objective, best, bounds, seed)
        else:
            draws, weights = [best], [1.0]
        self.weights = np.array(weights)
        self.components = [_Component(self.covariance, theta, x, self.t) for theta in draws]

    def state(self) -> dict:
        return {"Points": list_from_array(self.x), "Targets": list_from_array(self.t),
                "Shift": Real(self.shift), "Scale": Real(self.scale),
                "Covariance": self.covariance.to_expr(),
                "Nominal": list_from_array(self.covariance.nominal.astype(np.int64)),
                "Parameters": list_from_array(np.array([c.theta for c in self.components])),
                "Weights": list_from_array(self.weights)}

    @classmethod
    def restore(cls, fields: dict):
        self = cls.__new__(cls)
        points = _array(fields["Points"])
        self.x = points.reshape(-1, points.shape[-1])
        self.shift, self.scale = fields["Shift"].value, fields["Scale"].value
        if "Parameters" not in fields:
            return _restore_single_kernel(self, fields)
        self.t = _array(fields["Targets"])
        self.covariance = Covariance(Covariance.spec_from_expr(fields["Covariance"]),
                                     _array(fields["Nominal"]).astype(bool))
        thetas = _array(fields["Parameters"]).reshape(-1, self.covariance.size)
        self.weights = _array(fields["Weights"]).reshape(-1)
        self.components = [_Component(self.covariance, theta, self.x, self.t)
                           for theta in thetas]
        return self

    def _moments(self, x: np.ndarray):
        """Per component the posterior means and variances (noise included) at x."""
        prior = [self.covariance.diagonal(c.theta, x) for c in self.components]
        out = []
        for c, p in zip(self.components, prior):
            k = self.covariance.matrix(c.theta, x, self.x)
            variance = p - np.einsum("ij,jk,ik->i", k, c.inverse, k) + np.exp(c.theta[0])
            out.append((k @ c.alpha, np.maximum(variance, 0.0)))
        return out

    def predict(self, x: np.ndarray) -> np.ndarray:
        means = sum(w * m for w, (m, _) in zip(self.weights, self._moments(x)))
        return means * self.scale + self.shift

    def standard_deviations(self, x: np.ndarray) -> np.ndarray:
        moments = self._moments(x)
        mean = sum(w * m for w, (m, _) in zip(self.weights, moments))
        second = sum(w * (v + m ** 2) for w, (m, v) in zip(self.weights, moments))
        return np.sqrt(np.maximum(second - mean ** 2, 0.0)) * self.scale


def _restore_single_kernel(self, fields: dict):
    """A process written before the covariances had several terms: one named kernel on
    every column, its α = K⁻¹ t kept (the targets come back as K α)."""
    kind = fields.get("Covariance")
    kind = kind.value if kind is not None else "SquaredExponential"
    self.covariance = Covariance(kind, np.zeros(self.x.shape[1], dtype=bool))
    theta = np.log([fields["Noise"].value, fields["Signal"].value, fields["Length2"].value])
    alpha = _array(fields["Alpha"])
    k = self.covariance.matrix(theta, self.x, self.x) + \
        (np.exp(theta[0]) + 1e-8) * np.eye(len(self.x))
    self.t = k @ alpha
    self.weights = np.array([1.0])
    self.components = [_Component(self.covariance, theta, self.x, self.t)]
    return self


def _objective(covariance: Covariance, x, t, prior, bounds):
    """The negative log posterior (or likelihood: prior None) of the log parameters.
    SciPy's Cholesky and triangular solves (its BLAS is single-threaded for the fits, see
    _blas_threads.py; NumPy's general solve on its threaded BLAS took 18 ms for 101
    examples on a busy machine, against 1 ms)."""
    from scipy.linalg import LinAlgError, cho_solve, cholesky
    eye = np.eye(len(x))
    free = np.array([b[0] != b[1] for b in bounds])

    def value(theta):
        k = covariance.matrix(theta, x, x) + (np.exp(theta[0]) + 1e-8) * eye
        try:
            chol = cholesky(k, lower=True, check_finite=False)
        except (LinAlgError, ValueError):
            return 1e10
        alpha = cho_solve((chol, True), t, check_finite=False)
        out = 0.5 * t @ alpha + np.log(np.diag(chol)).sum()
        if prior is not None:
            out += 0.5 * (((theta - prior)[free] / _PRIOR_WIDTH) ** 2).sum()
        return float(out) if np.isfinite(out) else 1e10
    return value


def _optimize(objective, starts: list, bounds: list, method: str, seed: int) -> np.ndarray:
    from scipy.optimize import dual_annealing, minimize
    screened = sorted(starts, key=objective)[:_LOCAL_SEARCHES]
    if method == "SimulatedAnnealing":
        fixed = [(lo, hi + 1e-12) for lo, hi in bounds]      # a fixed noise: a point
        found = dual_annealing(objective, fixed, x0=screened[0], seed=seed, maxiter=200)
        return np.clip(found.x, [b[0] for b in bounds], [b[1] for b in bounds])
    best = None
    for start in screened:
        found = minimize(objective, start, method="L-BFGS-B", bounds=bounds)
        if best is None or found.fun < best.fun:
            best = found
    return best.x


def _posterior_draws(objective, mode: np.ndarray, bounds: list, seed: int):
    """Hyperparameter settings drawn from a normal (Laplace) approximation of the posterior
    at its mode, and their self-normalized importance weights; the heaviest kept."""
    free = np.array([lo != hi for lo, hi in bounds])
    hessian = _hessian(objective, mode, free)
    values, vectors = np.linalg.eigh(hessian)
    covariance = (vectors / np.maximum(values, 1e-2)) @ vectors.T
    rng = np.random.default_rng(seed)
    steps = rng.multivariate_normal(np.zeros(free.sum()), covariance, _MEAN_POSTERIOR_DRAWS)
    draws = np.repeat(mode[None, :], len(steps) + 1, axis=0)
    draws[1:, free] += steps
    draws = np.clip(draws, [b[0] for b in bounds], [b[1] for b in bounds])
    precision = np.linalg.inv(covariance)
    offsets = draws[:, free] - mode[free]
    log_proposal = -0.5 * np.einsum("ij,jk,ik->i", offsets, precision, offsets)
    log_target = -np.array([objective(d) for d in draws])
    log_w = log_target - log_proposal
    w = np.exp(log_w - log_w.max())
    keep = np.argsort(-w, kind="stable")[:_MEAN_POSTERIOR_KEPT]
    return list(draws[keep]), list(w[keep] / w[keep].sum())


def _hessian(objective, at: np.ndarray, free: np.ndarray, step: float = 1e-3) -> np.ndarray:
    """The Hessian of the objective in its free coordinates, by central differences."""
    index = np.flatnonzero(free)
    out = np.zeros((len(index), len(index)))
    for i, a in enumerate(index):
        for j, b in enumerate(index[i:], start=i):
            def f(da, db):
                point = at.copy()
                point[a] += da
                point[b] += db
                return objective(point)
            out[i, j] = out[j, i] = (f(step, step) - f(step, -step) - f(-step, step) +
                                     f(-step, -step)) / (4 * step * step)
    return out
