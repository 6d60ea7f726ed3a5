"""The distances, k-means++ seeding and clustering methods of FindClusters,
ClusteringComponents and ClusterClassify beyond k-means (wlnet/builtins/clustering.py),
each on a matrix of distances between the examples (``d``, n x n) and, for those that
need coordinates, the examples' feature vectors ``x``:

- "KMedoids": medoids moved while the total distance falls, the best of several
  k-means++-seeded starts;
- "Agglomerate" (average linkage) and "SpanningTree" (single linkage: cutting the longest
  edges of the minimum spanning tree), SciPy's hierarchical clustering;
- "Spectral": the Shi–Malik normalized-cut embedding (the first k eigenvectors of the
  random-walk Laplacian of a Gaussian affinity whose width per example is the distance to
  its 7th neighbour, as Zelnik-Manor and Perona scale it), clustered by k-means;
- "DBSCAN": density-based; a core example has at least ``min_points`` examples within
  ``radius`` (by default the radius is the mean plus two standard deviations of the
  distances to the (min_points−1)th neighbour); an example reached from no core one is noise
  and forms a cluster of its own;
- "MeanShift": each example climbs to the mode of a Gaussian kernel density (bandwidth:
  Silverman's rule on the mean spread), examples whose modes meet within a bandwidth share
  a cluster;
- "JarvisPatrick": examples are joined when each is among the other's k nearest
  neighbours and they share at least ``shared`` of them (by default k = √n + 1, from 3 to
  n − 1, and shared = k / 2 rounded down).

Given a number of clusters, the density methods search their radius (DBSCAN), bandwidth
(MeanShift) or shared count (JarvisPatrick) for one giving that many; WL's own settings
of these methods are unpublished: these choices are ours.
"""

from __future__ import annotations

import numpy as np

DENSITY_METHODS = ("DBSCAN", "MeanShift", "JarvisPatrick")


def squared_distances(x: np.ndarray, centres: np.ndarray) -> np.ndarray:
    if x.shape[1] <= 4:             # few dimensions (t-SNE's embedding): no matrix product,
        total = np.zeros((len(x), len(centres)))      # whose threads cost more than it saves
        for k in range(x.shape[1]):
            total += (x[:, k, None] - centres[None, :, k]) ** 2
        return total
    return np.maximum(((x ** 2).sum(1)[:, None] - 2 * x @ centres.T
                       + (centres ** 2).sum(1)[None, :]), 0.0)


def plus_plus(x: np.ndarray, k: int, rng, weights: np.ndarray | None = None) -> np.ndarray:
    """k-means++: each next centre drawn with probability proportional to its squared
    distance from the nearest chosen one (times the example's weight, if given)."""
    centres = [x[rng.integers(len(x))]]
    for _ in range(1, k):
        d = squared_distances(x, np.array(centres)).min(axis=1)
        if weights is not None:
            d = d * weights
        total = d.sum()
        index = rng.choice(len(x), p=d / total) if total > 0 else rng.integers(len(x))
        centres.append(x[index])
    return np.array(centres, dtype=float)


def kmedoids(d: np.ndarray, k: int, rng, starts: int = 8, iterations: int = 50,
             weights: np.ndarray | None = None) -> np.ndarray:
    """Labels of the best of ``starts`` k-medoids runs: each medoid the member closest in
    total (weighted, if ``weights``) distance to its cluster's members."""
    w = np.ones(len(d)) if weights is None else weights
    best = None
    for _ in range(starts):
        medoids = _plus_plus_indices(d, k, rng)
        for _ in range(iterations):
            labels = d[:, medoids].argmin(axis=1)
            new = medoids.copy()
            for c in range(k):
                members = np.flatnonzero(labels == c)
                if len(members):
                    new[c] = members[(d[np.ix_(members, members)] @ w[members]).argmin()]
            if (new == medoids).all():
                break
            medoids = new
        cost = d[:, medoids].min(axis=1) @ w
        if best is None or cost < best[1] - 1e-12:
            best = (d[:, medoids].argmin(axis=1), cost)
    return best[0]


def _plus_plus_indices(d: np.ndarray, k: int, rng) -> np.ndarray:
    """k distinct example indices, each next one drawn with probability proportional to
    its squared distance from the nearest one chosen."""
    chosen = [int(rng.integers(len(d)))]
    for _ in range(1, k):
        weight = d[:, chosen].min(axis=1) ** 2
        total = weight.sum()
        if total > 0:
            chosen.append(int(rng.choice(len(d), p=weight / total)))
        else:
            chosen.append(int(rng.choice(np.setdiff1d(np.arange(len(d)), chosen))))
    return np.array(chosen)


def hierarchical(d: np.ndarray, k: int, linkage_method: str) -> np.ndarray:
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform
    if len(d) == 1:
        return np.zeros(1, dtype=int)
    tree = linkage(squareform(d, checks=False), method=linkage_method)
    return fcluster(tree, k, criterion="maxclust") - 1


def spectral(d: np.ndarray, k: int, rng, kmeans) -> np.ndarray:
    n = len(d)
    if k >= n:
        return np.arange(n)
    neighbour = min(7, n - 1)
    scale = np.maximum(np.sort(d, axis=1)[:, neighbour], 1e-12)
    # self-loops (a diagonal of ones) keep an isolated example a component of its own
    affinity = np.exp(-(d ** 2) / (scale[:, None] * scale[None, :]))
    degree = affinity.sum(axis=1)
    root = 1 / np.sqrt(degree)
    values, vectors = np.linalg.eigh(root[:, None] * affinity * root[None, :])
    # every disconnected component has an eigenvalue 1, in no particular order: with more
    # components than k, all their vectors (k-means then merges the smallest ones)
    m = max(k, int((values > 1 - 1e-9).sum()))
    embedding = vectors[:, -m:] * root[:, None]          # random-walk eigenvectors
    embedding /= np.maximum(np.linalg.norm(embedding, axis=1, keepdims=True), 1e-300)
    return kmeans(embedding, k, rng)[0]


def dbscan(d: np.ndarray, radius: float, min_points: int) -> np.ndarray:
    """Clusters: the connected groups of core examples (at least ``min_points`` within
    ``radius``), numbered by their first example; a border example joins the
    lowest-numbered cluster among its core neighbours; noise examples a cluster each (all
    at once: SciPy's connected components of the core examples' graph)."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components
    n = len(d)
    within = d <= radius
    core = within.sum(axis=1) >= min_points
    cores = np.flatnonzero(core)
    labels = np.full(n, -1)
    clusters = 0
    if len(cores):
        clusters, component = connected_components(csr_matrix(within[np.ix_(cores, cores)]),
                                                    directed=False)
        first = np.full(clusters, n)
        np.minimum.at(first, component, cores)
        number = np.empty(clusters, dtype=np.int64)
        number[np.argsort(first)] = np.arange(clusters)
        component = number[component]
        labels[cores] = component
        border = np.flatnonzero(~core)
        reach = np.where(within[np.ix_(border, cores)], component[None, :], clusters)
        nearest = reach.min(axis=1)
        joined = nearest < clusters
        labels[border[joined]] = nearest[joined]
    noise = np.flatnonzero(labels < 0)
    labels[noise] = clusters + np.arange(len(noise))        # noise: a cluster each
    return labels


def default_radius(d: np.ndarray, min_points: int) -> float:
    kth = np.sort(d, axis=1)[:, min(min_points - 1, len(d) - 1)]
    return float(kth.mean() + 2 * kth.std())


def mean_shift(x: np.ndarray, bandwidth: float, iterations: int = 100) -> np.ndarray:
    modes = x.copy()
    for _ in range(iterations):
        w = np.exp(-0.5 * squared_distances(modes, x) / bandwidth ** 2)
        new = w @ x / w.sum(axis=1, keepdims=True)
        moved = np.abs(new - modes).max()
        modes = new
        if moved < 1e-6 * bandwidth:
            break
    labels = np.full(len(x), -1)
    centres = []
    for i, m in enumerate(modes):
        for c, centre in enumerate(centres):
            if np.linalg.norm(m - centre) < bandwidth:
                labels[i] = c
                break
        else:
            centres.append(m)
            labels[i] = len(centres) - 1
    return labels


def default_bandwidth(x: np.ndarray) -> float:
    n, dims = x.shape
    spread = float(np.mean(x.std(axis=0))) or 1.0
    return spread * (4 / (dims + 2)) ** (1 / (dims + 4)) * n ** (-1 / (dims + 4))


def jarvis_patrick(d: np.ndarray, neighbours: int | None = None,
                   shared: int | None = None) -> np.ndarray:
    n = len(d)
    if n < 2:
        return np.zeros(n, dtype=int)
    k = neighbours or int(np.clip(round(np.sqrt(n)) + 1, 3, n - 1))
    k = min(k, n - 1)
    shared = shared or max(1, k // 2)
    near = np.argsort(d, axis=1, kind="stable")[:, 1:k + 1]
    member = np.zeros((n, n), dtype=bool)
    member[np.arange(n)[:, None], near] = True
    mutual = member & member.T
    common = member.astype(int) @ member.T.astype(int)
    joined = mutual & (common >= shared)
    from scipy.sparse.csgraph import connected_components
    return connected_components(joined, directed=False)[1]


def tuned(count: int, labels_for, settings) -> np.ndarray:
    """The labels of the first setting giving ``count`` clusters, else of the one giving
    the nearest count (the density methods given a number of clusters).  The settings are
    in order and the count moves one way along them (fewer clusters for a larger radius
    or bandwidth): bisection finds where it reaches ``count`` in a few tries instead of
    one per setting (of DBSCAN's, every distance between two examples)."""
    settings = list(settings)
    tried: dict = {}

    def clusters(i: int) -> int:
        if i not in tried:
            labels = labels_for(settings[i])
            tried[i] = (len(np.unique(labels)), labels)
        return tried[i][0]

    low, high = 0, len(settings) - 1
    fewer_later = clusters(low) >= clusters(high)

    def past(i: int) -> bool:                   # at or beyond count along the settings
        return clusters(i) <= count if fewer_later else clusters(i) >= count

    if not past(low) and past(high):
        while high - low > 1:                   # low not yet past count, high past it
            middle = (low + high) // 2
            low, high = (low, middle) if past(middle) else (middle, high)
    best = min(tried, key=lambda i: (abs(tried[i][0] - count), i))
    return tried[best][1]


# ---------------------------------------------------------------------------- criteria

def calinski_harabasz(x: np.ndarray, labels: np.ndarray) -> float:
    """Between-cluster over within-cluster dispersion, each per degree of freedom
    (larger is better)."""
    clusters = np.unique(labels)
    n, k = len(x), len(clusters)
    if k < 2 or k >= n:
        return -np.inf
    mean = x.mean(axis=0)
    between = sum((labels == c).sum() * ((x[labels == c].mean(axis=0) - mean) ** 2).sum()
                  for c in clusters)
    within = sum(((x[labels == c] - x[labels == c].mean(axis=0)) ** 2).sum() for c in clusters)
    return float(between / (k - 1) / max(within / (n - k), 1e-300))


def davies_bouldin(x: np.ndarray, labels: np.ndarray) -> float:
    """The mean over clusters of the worst ratio of summed spreads to centre distance
    (smaller is better)."""
    clusters = np.unique(labels)
    if len(clusters) < 2:
        return np.inf
    centres = np.stack([x[labels == c].mean(axis=0) for c in clusters])
    spreads = np.array([np.linalg.norm(x[labels == c] - centres[i], axis=1).mean()
                        for i, c in enumerate(clusters)])
    gaps = np.linalg.norm(centres[:, None] - centres[None, :], axis=2)
    np.fill_diagonal(gaps, np.inf)
    return float(np.mean(((spreads[:, None] + spreads[None, :]) / np.maximum(gaps, 1e-300))
                         .max(axis=1)))
