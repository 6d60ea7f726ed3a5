"""The density clusterings' parts (wlnet/builtins/_cluster_methods.py): DBSCAN by
connected components against a direct flood fill, and the bisection of ``tuned``."""

import numpy as np
import pytest

from wlnet.builtins import _cluster_methods as M


def _flood_fill(d, radius, min_points):
    """A reference DBSCAN: clusters grown from each unlabelled core example in turn."""
    n = len(d)
    neighbours = [np.flatnonzero(row <= radius) for row in d]
    core = [len(nb) >= min_points for nb in neighbours]
    labels, cluster = [-1] * n, 0
    for i in range(n):
        if labels[i] >= 0 or not core[i]:
            continue
        labels[i], stack = cluster, [i]
        while stack:
            for m in neighbours[stack.pop()]:
                if labels[m] < 0:
                    labels[m] = cluster
                    if core[m]:
                        stack.append(m)
        cluster += 1
    for i in range(n):
        if labels[i] < 0:
            labels[i], cluster = cluster, cluster + 1
    return np.array(labels)


@pytest.mark.parametrize("seed", range(8))
def test_dbscan_matches_the_flood_fill(seed):
    rng = np.random.default_rng(seed)
    x = np.vstack([rng.normal(c, 0.3, (int(rng.integers(2, 40)), 2)) for c in range(3)])
    d = np.sqrt(M.squared_distances(x, x))
    radius, points = float(rng.uniform(0.05, 1.0)), int(rng.integers(1, 6))
    assert (M.dbscan(d, radius, points) == _flood_fill(d, radius, points)).all()


def test_tuned_finds_the_first_setting_with_the_count():
    calls = []

    def labels_for(s):                       # s clusters, fewer as the setting grows
        calls.append(s)
        return np.arange(100 - s)
    settings = list(range(100))
    assert len(np.unique(M.tuned(37, labels_for, settings))) == 37
    assert len(calls) < 12                   # bisection, not one try per setting
    # out of reach: the nearest end; counts growing along the settings work too
    assert len(np.unique(M.tuned(500, labels_for, settings))) == 100
    assert len(np.unique(M.tuned(5, lambda s: np.arange(s + 1), settings))) == 5
