"""Nonlinear dimension reduction methods of DimensionReduce and DimensionReduction
(wlnet/builtins/clustering.py), each giving the training examples' embedding (the reducer
places new examples among them):

- "MultidimensionalScaling": classical scaling of the Euclidean distances (the top
  eigenvectors of the double-centred squared distances);
- "Isomap": classical scaling of the geodesic distances along the graph of each example's
  k nearest neighbours (k = 10 or fewer; examples the graph does not connect are placed as
  if at twice the largest geodesic distance);
- "LLE": locally linear embedding: each example's weights that best rebuild it from its k
  nearest neighbours (regularised by 10⁻³ of their Gram matrix's trace), then the
  coordinates rebuilt by the same weights with least error (the bottom eigenvectors of
  (I − W)ᵀ(I − W) after the constant one).

Each embedding's column signs are fixed so that its largest coefficient is positive.
"""

from __future__ import annotations

import numpy as np

NEIGHBOURS = 10


def _signed(y: np.ndarray) -> np.ndarray:
    signs = np.sign(y[np.abs(y).argmax(axis=0), np.arange(y.shape[1])])
    return y * np.where(signs == 0, 1, signs)


def classical_scaling(d: np.ndarray, dims: int) -> np.ndarray:
    n = len(d)
    centring = np.eye(n) - 1.0 / n
    values, vectors = np.linalg.eigh(-0.5 * centring @ (d ** 2) @ centring)
    order = np.argsort(values)[::-1][:dims]
    y = vectors[:, order] * np.sqrt(np.maximum(values[order], 0.0))
    if y.shape[1] < dims:
        y = np.hstack([y, np.zeros((n, dims - y.shape[1]))])
    return _signed(y)


def _distances(x: np.ndarray) -> np.ndarray:
    sq = (x ** 2).sum(axis=1)
    return np.sqrt(np.maximum(sq[:, None] - 2 * x @ x.T + sq[None, :], 0.0))


def multidimensional_scaling(x: np.ndarray, dims: int) -> np.ndarray:
    return classical_scaling(_distances(x), dims)


def isomap(x: np.ndarray, dims: int) -> np.ndarray:
    from scipy.sparse.csgraph import shortest_path
    d = _distances(x)
    n = len(x)
    k = min(NEIGHBOURS, n - 1)
    graph = np.zeros_like(d)
    near = np.argsort(d, axis=1, kind="stable")[:, 1:k + 1]
    rows = np.repeat(np.arange(n), k)
    graph[rows, near.ravel()] = d[rows, near.ravel()]
    geodesic = shortest_path(np.maximum(graph, graph.T), directed=False)
    finite = np.isfinite(geodesic)
    geodesic[~finite] = 2 * geodesic[finite].max() if finite.any() else 1.0
    return classical_scaling(geodesic, dims)


def lle(x: np.ndarray, dims: int) -> np.ndarray:
    n = len(x)
    k = min(NEIGHBOURS, n - 1)
    d = _distances(x)
    near = np.argsort(d, axis=1, kind="stable")[:, 1:k + 1]
    weights = np.zeros((n, n))
    for i in range(n):
        z = x[near[i]] - x[i]
        gram = z @ z.T
        gram += np.eye(k) * 1e-3 * max(np.trace(gram), 1e-12)
        w = np.linalg.solve(gram, np.ones(k))
        weights[i, near[i]] = w / w.sum()
    m = np.eye(n) - weights
    values, vectors = np.linalg.eigh(m.T @ m)
    y = vectors[:, 1:dims + 1] * np.sqrt(n)
    if y.shape[1] < dims:
        y = np.hstack([y, np.zeros((n, dims - y.shape[1]))])
    return _signed(y)


NONLINEAR = {"MultidimensionalScaling": multidimensional_scaling, "Isomap": isomap,
             "LLE": lle}


class Autoencoder:
    """Method -> "Autoencoder": the standardized examples through a tanh layer of
    ``hidden`` units to a linear code of the target dimension and back the same way, all
    weights fitted by SciPy's L-BFGS to rebuild the examples (squared error, a small L2
    penalty); the code is the reduced vector."""

    def __init__(self, x: np.ndarray, dims: int, rng, hidden: int = 32, penalty: float = 1e-4):
        from scipy.optimize import minimize
        self.mean, self.scale = x.mean(axis=0), np.where(x.std(axis=0) > 0, x.std(axis=0), 1.0)
        z = (x - self.mean) / self.scale
        d = x.shape[1]
        self.shapes = [(d, hidden), (hidden,), (hidden, dims), (dims,),
                       (dims, hidden), (hidden,), (hidden, d), (d,)]
        start = np.concatenate([rng.normal(0, 1 / np.sqrt(shape[0]), int(np.prod(shape)))
                                if len(shape) == 2 else np.zeros(shape[0])
                                for shape in self.shapes])

        def loss(flat):
            w = self._unflatten(flat)
            h1 = np.tanh(z @ w[0] + w[1])
            code = h1 @ w[2] + w[3]
            h2 = np.tanh(code @ w[4] + w[5])
            out = h2 @ w[6] + w[7]
            n = len(z)
            delta = (out - z) / n
            value = 0.5 * np.sum((out - z) ** 2) / n + \
                penalty * sum(np.sum(w[i] ** 2) for i in (0, 2, 4, 6))
            g7, g6 = delta.sum(axis=0), h2.T @ delta
            back2 = (delta @ w[6].T) * (1 - h2 ** 2)
            g5, g4 = back2.sum(axis=0), code.T @ back2
            back_code = back2 @ w[4].T
            g3, g2 = back_code.sum(axis=0), h1.T @ back_code
            back1 = (back_code @ w[2].T) * (1 - h1 ** 2)
            g1, g0 = back1.sum(axis=0), z.T @ back1
            grads = [g0, g1, g2, g3, g4, g5, g6, g7]
            for i in (0, 2, 4, 6):
                grads[i] = grads[i] + 2 * penalty * w[i]
            return value, np.concatenate([g.ravel() for g in grads])

        result = minimize(loss, start, jac=True, method="L-BFGS-B", options={"maxiter": 2000})
        self.weights = self._unflatten(result.x)

    def _unflatten(self, flat):
        out, at = [], 0
        for shape in self.shapes:
            size = int(np.prod(shape))
            out.append(flat[at:at + size].reshape(shape))
            at += size
        return out

    def encode(self, x: np.ndarray) -> np.ndarray:
        w = self.weights
        return np.tanh(((x - self.mean) / self.scale) @ w[0] + w[1]) @ w[2] + w[3]

    def decode(self, code: np.ndarray) -> np.ndarray:
        w = self.weights
        return (np.tanh(code @ w[4] + w[5]) @ w[6] + w[7]) * self.scale + self.mean

    def fields(self) -> dict:
        """The arrays that apply it (for the reducer object)."""
        out = {"Mean": self.mean, "Scale": self.scale}
        out.update({f"W{i}": w for i, w in enumerate(self.weights)})
        return out

    @classmethod
    def from_fields(cls, arrays: dict) -> "Autoencoder":
        self = cls.__new__(cls)
        self.mean, self.scale = arrays["Mean"], arrays["Scale"]
        self.weights = [arrays[f"W{i}"] for i in range(8)]
        return self
