"""Some of Classify's and Predict's methods (wlnet/builtins/machine_learning.py):

- ``NaiveBayesModel`` (Classify, Method -> "NaiveBayes"): the features independent given
  the class, each a normal distribution per class (its mean and variance, the variance
  floored by a small share of the feature's overall variance, as one-hot features of a
  class that never shows a value would otherwise give a zero variance);
- ``SupportVectorModel`` and ``MarkovModel`` (below); Predict's "GaussianProcess" is in
  _gaussian_process.py.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Real, String
from wlnet.core.numeric_array import to_numpy_data
from wlnet.core.packed import list_from_array


def _array(e) -> np.ndarray:
    return np.asarray(to_numpy_data(e), dtype=float)


class NaiveBayesModel:
    """Per class a prior and independent normal features."""

    VARIANCE_FLOOR = 1e-2        # of each feature's overall variance (at least 1e-9)

    def __init__(self, x: np.ndarray, y: np.ndarray, classes: int | None):
        counts = np.bincount(y, minlength=classes).astype(float)
        self.log_priors = np.log((counts + 1e-9) / counts.sum())
        floor = np.maximum(x.var(axis=0) * self.VARIANCE_FLOOR, 1e-9)
        self.means = np.stack([x[y == c].mean(axis=0) if counts[c] else x.mean(axis=0)
                               for c in range(classes)])
        self.variances = np.stack([x[y == c].var(axis=0) if counts[c] else floor
                                   for c in range(classes)]) + floor

    def state(self) -> dict:
        return {"LogPriors": list_from_array(self.log_priors),
                "Means": list_from_array(self.means),
                "Variances": list_from_array(self.variances)}

    @classmethod
    def restore(cls, fields: dict):
        self = cls.__new__(cls)
        self.log_priors = _array(fields["LogPriors"])
        self.means = _array(fields["Means"])
        self.variances = _array(fields["Variances"])
        return self

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        diff = x[:, None, :] - self.means[None, :, :]
        log_like = -0.5 * ((diff ** 2) / self.variances + np.log(2 * np.pi * self.variances))
        scores = log_like.sum(axis=2) + self.log_priors
        scores -= scores.max(axis=1, keepdims=True)
        p = np.exp(scores)
        return p / p.sum(axis=1, keepdims=True)


def _squared_distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.maximum((a ** 2).sum(1)[:, None] - 2 * a @ b.T + (b ** 2).sum(1)[None, :], 0.0)


class SupportVectorModel:
    """Classify's Method -> "SupportVectorMachine": one soft-margin support vector machine
    per class against the rest, with a radial basis function kernel (or "Linear",
    "Polynomial" of degree 3), the bias folded into the kernel (k + 1) so that the dual
    problem has box constraints only (0 ≤ αᵢ ≤ C), solved by SciPy's L-BFGS-B.  The
    decision values become probabilities by Platt's sigmoids fitted on the training
    examples, normalized over the classes.  γ is 1 / (features × their variance) unless
    "GammaScalingParameter" is given, C ("SoftMarginParameter") 1."""

    def __init__(self, x: np.ndarray, y: np.ndarray, classes: int, settings: dict | None = None):
        from scipy.optimize import minimize
        settings = settings or {}
        self.kernel = settings.get("KernelType", "RadialBasisFunction")
        variance = float(x.var()) or 1.0
        self.gamma = float(settings.get("GammaScalingParameter", 1.0 / (x.shape[1] * variance)))
        c = float(settings.get("SoftMarginParameter", 1.0))
        self.x = x
        gram = self._kernel(x, x) + 1.0
        self.alphas, self.platt = [], []
        for k in range(classes):
            t = np.where(y == k, 1.0, -1.0)
            q = gram * np.outer(t, t)

            def dual(a, q=q):
                qa = q @ a
                return 0.5 * a @ qa - a.sum(), qa - 1.0

            result = minimize(dual, np.zeros(len(x)), jac=True, method="L-BFGS-B",
                              bounds=[(0.0, c)] * len(x), options={"maxiter": 500})
            coefficients = result.x * t
            self.alphas.append(coefficients)
            self.platt.append(_platt(gram @ coefficients, t))
        self.alphas = np.array(self.alphas)
        self.platt = np.array(self.platt)

    def _kernel(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        if self.kernel == "Linear":
            return a @ b.T
        if self.kernel == "Polynomial":
            return (self.gamma * a @ b.T + 1.0) ** 3
        return np.exp(-self.gamma * _squared_distances(a, b))

    def state(self) -> dict:
        from wlnet.core.expr import String
        return {"Points": list_from_array(self.x), "Alphas": list_from_array(self.alphas),
                "Platt": list_from_array(self.platt), "Gamma": Real(self.gamma),
                "Kernel": String(self.kernel)}

    @classmethod
    def restore(cls, fields: dict):
        self = cls.__new__(cls)
        self.alphas, self.platt = _array(fields["Alphas"]), _array(fields["Platt"])
        self.x = _array(fields["Points"]).reshape(self.alphas.shape[1], -1)
        self.gamma, self.kernel = fields["Gamma"].value, fields["Kernel"].value
        return self

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        decisions = (self._kernel(x, self.x) + 1.0) @ self.alphas.T
        p = 1.0 / (1.0 + np.exp(decisions * self.platt[:, 0] + self.platt[:, 1]))
        return p / np.maximum(p.sum(axis=1, keepdims=True), 1e-300)


def _platt(decisions: np.ndarray, t: np.ndarray) -> np.ndarray:
    """(a, b) of Platt's sigmoid 1 / (1 + exp(a f + b)) fitted to the ±1 targets, with
    his regularised targets."""
    from scipy.optimize import minimize
    positives, negatives = (t > 0).sum(), (t < 0).sum()
    target = np.where(t > 0, (positives + 1) / (positives + 2), 1 / (negatives + 2))

    def loss(ab):
        z = decisions * ab[0] + ab[1]
        p = 1 / (1 + np.exp(np.clip(z, -500, 500)))
        value = -(target * np.log(p + 1e-300) + (1 - target) * np.log(1 - p + 1e-300)).sum()
        g = target - p                          # d loss / dz
        return value, np.array([(g * decisions).sum(), g.sum()])

    return minimize(loss, np.array([-1.0, 0.0]), jac=True, method="L-BFGS-B").x


class MarkovModel:
    """Classify's Method -> "Markov" for text: per class a Markov chain of characters (each
    character's probability given the ``order`` characters before it, from the class's
    counts with additive smoothing of 1/2 over the characters seen), and the class prior;
    an example's class probabilities are the posterior of the classes given its text.  It
    reads the strings themselves (``raw``), not feature vectors."""

    raw = True
    START = "\x02"

    def __init__(self, texts: list, y: np.ndarray, classes: int, order: int = 2):
        self.order = order
        self.counts = [dict() for _ in range(classes)]
        for text, c in zip(texts, y):
            for gram in self._grams(text):
                self.counts[c][gram] = self.counts[c].get(gram, 0) + 1
        prior = np.bincount(y, minlength=classes).astype(float)
        self.log_priors = np.log(prior / prior.sum())
        self._index()

    def _grams(self, text: str) -> list:
        padded = self.START * self.order + text
        return [padded[i:i + self.order + 1] for i in range(len(text))]

    def _index(self):
        self.alphabet = len({g[-1] for counts in self.counts for g in counts}) + 1
        self.contexts = []
        for counts in self.counts:
            ctx: dict = {}
            for gram, n in counts.items():
                ctx[gram[:-1]] = ctx.get(gram[:-1], 0) + n
            self.contexts.append(ctx)

    def state(self) -> dict:
        from wlnet.core.expr import Expr, Integer, S, String
        tables = Expr(S.List, *[Expr(S.List, *[Expr(S.List, String(g), Integer(n))
                                               for g, n in counts.items()])
                                for counts in self.counts])
        return {"Order": Integer(self.order), "Counts": tables,
                "LogPriors": list_from_array(self.log_priors)}

    @classmethod
    def restore(cls, fields: dict):
        self = cls.__new__(cls)
        self.order = fields["Order"].value
        self.counts = [{pair.args[0].value: pair.args[1].value for pair in table.args}
                       for table in fields["Counts"].args]
        self.log_priors = _array(fields["LogPriors"])
        self._index()
        return self

    def log_likelihoods(self, text: str) -> np.ndarray:
        alpha = 0.5
        out = np.zeros(len(self.counts))
        for gram in self._grams(text):
            for c, (counts, contexts) in enumerate(zip(self.counts, self.contexts)):
                out[c] += np.log((counts.get(gram, 0) + alpha) /
                                 (contexts.get(gram[:-1], 0) + alpha * self.alphabet))
        return out

    def probabilities(self, texts: list) -> np.ndarray:
        if not texts:
            return np.zeros((0, len(self.counts)))
        scores = np.array([self.log_likelihoods(t) for t in texts]) + self.log_priors
        scores -= scores.max(axis=1, keepdims=True)
        p = np.exp(scores)
        return p / p.sum(axis=1, keepdims=True)
