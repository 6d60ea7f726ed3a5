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
