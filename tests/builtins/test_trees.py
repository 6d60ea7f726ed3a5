"""Tree growing for "DecisionTree", "RandomForest", "GradientBoostedTrees"
(wlnet/builtins/_trees.py): the level-at-a-time search against a direct one."""

import numpy as np
import pytest

from wlnet.builtins import _trees as T


def _direct_tree(x, y, depth, min_leaf):
    """A reference: the training rows' leaf values of a tree grown node by node, each
    split the one of least squared error over every feature and threshold."""
    out = np.zeros_like(y, dtype=float)

    def grow(rows, level):
        out[rows] = y[rows].mean(axis=0)
        if level >= depth or len(rows) < 2 * min_leaf:
            return
        parent = ((y[rows] - y[rows].mean(axis=0)) ** 2).sum()
        best = None
        for j in range(x.shape[1]):
            values = np.unique(x[rows, j])
            for t in (values[:-1] + values[1:]) / 2:
                lo, hi = rows[x[rows, j] <= t], rows[x[rows, j] > t]
                if len(lo) < min_leaf or len(hi) < min_leaf:
                    continue
                sse = sum(((y[r] - y[r].mean(axis=0)) ** 2).sum() for r in (lo, hi))
                if parent - sse > 1e-12 and (best is None or sse < best[0] - 1e-12):
                    best = (sse, lo, hi)
        if best is not None:
            grow(best[1], level + 1)
            grow(best[2], level + 1)
    grow(np.arange(len(y)), 0)
    return out


@pytest.mark.parametrize("seed", range(6))
def test_level_at_a_time_trees_fit_as_the_direct_search(seed):
    rng = np.random.default_rng(seed)
    n, d = int(rng.integers(8, 60)), int(rng.integers(1, 4))
    x = rng.normal(size=(n, d))
    y = np.eye(3)[rng.integers(0, 3, n)] if seed % 2 else \
        (x[:, 0] ** 2 + rng.normal(size=n)).reshape(-1, 1)
    depth, leaf = int(rng.integers(1, 6)), int(rng.integers(1, 3))
    tree = T.grow_tree(x, y, depth, leaf)
    assert np.allclose(T.tree_values(tree, x), _direct_tree(x, y, depth, leaf))


def test_random_feature_subsets_stay_within_the_allowed_features():
    # one feature per split, chosen per node: every split uses one feature, and with a
    # single informative feature the forest still fits it
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 3))
    y = (x[:, 1] > 0).astype(np.int64)
    model = T.TreeModel(x, y, 2, "RandomForest", 1)
    assert (model.probabilities(x).argmax(axis=1) == y).mean() > 0.95
    assert all(set(t["Feature"]) <= {-1, 0, 1, 2} for t in model.trees)


def test_feature_blocks_give_the_same_tree(monkeypatch):
    # with room for one feature at a time (many blocks) the splits are the same
    rng = np.random.default_rng(7)
    x = rng.normal(size=(80, 5))
    y = np.eye(4)[rng.integers(0, 4, 80)]
    whole = T.grow_tree(x, y, 6, 1)
    monkeypatch.setattr(T, "_BLOCK_VALUES", 1)
    blocked = T.grow_tree(x, y, 6, 1)
    assert all(np.array_equal(whole[k], blocked[k]) for k in whole)


def test_trees_grown_together_equal_trees_grown_alone():
    # a forest's trees are grown as one set of nodes per level; without random feature
    # subsets each must be the tree its sample alone would give
    rng = np.random.default_rng(3)
    x = rng.normal(size=(60, 3))
    y = np.eye(3)[rng.integers(0, 3, 60)]
    samples = [rng.integers(0, 60, 60) for _ in range(4)] + [np.arange(5)]
    together = T.grow_trees(x, y, samples, 5, 1)
    for rows, tree in zip(samples, together):
        alone = T.grow_tree(x[rows], y[rows], 5, 1)
        assert tree.keys() == alone.keys()
        assert all(np.allclose(tree[k], alone[k]) for k in tree)
