"""Tree models for Classify and Predict: Method -> "DecisionTree", "RandomForest",
"GradientBoostedTrees".

Every tree is a CART regression tree on (possibly several) targets, split to reduce the
squared error.  For Classify the targets are the classes one-hot, so a leaf holds the class
frequencies of its examples and the squared error of a node is its Gini impurity times its
size.  "DecisionTree" is one tree; "RandomForest" averages trees grown on bootstrap samples
with a random subset of the features tried at each split; "GradientBoostedTrees" adds
shallow trees fitted in turn to the residuals (of the squared error for Predict, of the
softmax cross-entropy for Classify), each scaled by a learning rate.  A tree is stored as
arrays (split feature, threshold, children, leaf values) so a model survives InputForm and
Export.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S, String
from wlnet.core.packed import list_from_array, packed_array, to_packed

_SETTINGS = {          # (trees, depth, smallest leaf, learning rate)
    "DecisionTree": (1, 12, 2, 1.0),
    "RandomForest": (50, 12, 1, 1.0),
    "GradientBoostedTrees": (100, 3, 2, 0.1),
}
TREE_METHODS = tuple(_SETTINGS)


def _array(e) -> np.ndarray:
    return packed_array(to_packed(e, coerce=True)).astype(float)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


_BLOCK_VALUES = 1 << 22     # rows × features × targets searched at once (memory bound)


def _best_splits(x: np.ndarray, rank: np.ndarray, y: np.ndarray, node: np.ndarray,
                 nodes: int, allowed: np.ndarray, min_leaf: int):
    """Per node of one level, the split of its rows that most reduces the squared error of
    the targets y (rows × k): (feature, threshold) arrays over the nodes (feature -1 where
    no split leaves min_leaf rows on each side).  ``node``: each row's node (0 … nodes -
    1); ``rank``: the rows' ranks by each feature (rows × features); ``allowed``: nodes ×
    features, the features each node may try.  Every node and a block of features are
    searched at once (blocks keep rows × features × targets bounded); the first feature
    wins a tie, as the first position within a feature."""
    n, k = y.shape
    d = x.shape[1]
    counts = np.bincount(node, minlength=nodes)
    totals = np.zeros((nodes, k))
    np.add.at(totals, node, y)
    squares = np.bincount(node, weights=(y ** 2).sum(axis=1), minlength=nodes)
    stats = (counts, totals, squares, squares - (totals ** 2).sum(axis=1) /
             np.maximum(counts, 1), np.concatenate([[0], np.cumsum(counts)[:-1]]))
    gain = np.full(nodes, 1e-12)            # a split must gain more than this
    feature = np.full(nodes, -1, dtype=np.int64)
    threshold = np.zeros(nodes)
    width = max(1, _BLOCK_VALUES // max(n * k, 1))
    for first in range(0, d, width):
        columns = np.arange(first, min(first + width, d))
        owners, block_gain, block_feature, block_threshold = _block_best(
            x[:, columns], rank[:, columns], y, node, allowed[:, columns], min_leaf, stats)
        better = block_gain > gain[owners]
        owners = owners[better]
        gain[owners] = block_gain[better]
        feature[owners] = columns[block_feature[better]]
        threshold[owners] = block_threshold[better]
    return feature, threshold


def _block_best(x, rank, y, node, allowed, min_leaf: int, stats):
    """For a block of features: (the nodes that have rows, each one's best gain, the
    feature in the block giving it, the threshold).  Each feature's rows sorted by (node,
    value), so that a node's rows sit at the same positions in every column, the running
    sums restarted at each node's first row."""
    counts, totals, squares, parent, starts = stats
    n, k = y.shape
    d = x.shape[1]
    order = np.argsort(node[:, None] * (rank.max() + 1) + rank, axis=0)
    xs = x[order, np.arange(d)[None, :]]                     # rows × features
    ns = node[order[:, 0]]                                   # the same in every column
    ys = y[order]                                            # rows × features × k
    run = np.cumsum(ys, axis=0)
    run_sq = np.cumsum((ys ** 2).sum(axis=2), axis=0)
    at = starts[ns]
    before = np.concatenate([np.zeros((1, d, k)), run])[at]
    before_sq = np.concatenate([np.zeros((1, d)), run_sq])[at]
    left, left_sq = run - before, run_sq - before_sq
    sizes = (np.arange(n) - at + 1)[:, None]
    rest = counts[ns][:, None] - sizes
    sse = (left_sq - (left ** 2).sum(axis=2) / sizes) + \
        ((squares[ns][:, None] - left_sq) - ((totals[ns][:, None, :] - left) ** 2).sum(axis=2) /
         np.maximum(rest, 1))
    following = np.vstack([xs[1:], np.full((1, d), np.inf)])
    valid = (rest >= min_leaf) & (sizes >= min_leaf) & (following > xs) & allowed[ns]
    gain = np.where(valid, parent[ns][:, None] - sse, -np.inf)
    # per node: the best gain of each feature, the first best feature, its first position
    present = np.flatnonzero(counts)
    best_by_feature = np.maximum.reduceat(gain, starts[present], axis=0)
    feature_of = np.argmax(best_by_feature, axis=1)
    best_gain = best_by_feature[np.arange(len(present)), feature_of]
    owner = np.searchsorted(present, ns)
    hit = gain[np.arange(n), feature_of[owner]] >= best_gain[owner]
    position = np.minimum.reduceat(np.where(hit, np.arange(n), n), starts[present])
    position = np.minimum(position, n - 1)
    cut = 0.5 * (xs[position, feature_of] + following[position, feature_of])
    return present, best_gain, feature_of, cut


def grow_tree(x: np.ndarray, y: np.ndarray, depth: int, min_leaf: int, rng=None,
              features_per_split: int | None = None) -> dict:
    """A tree as arrays: node k splits on feature[k] at threshold[k] (x <= t goes left) or
    is a leaf (feature -1) whose value is the mean target of its rows.  Grown a level at a
    time, all of a level's nodes split together (with ``features_per_split``, each node
    tries its own random subset of the features)."""
    n, d = x.shape
    rank = np.argsort(np.argsort(x, axis=0, kind="stable"), axis=0)
    feature, threshold = [np.full(1, -1, dtype=np.int64)], [np.zeros(1)]
    left, right = [np.full(1, -1, dtype=np.int64)], [np.full(1, -1, dtype=np.int64)]
    value = [y.mean(axis=0, keepdims=True)]
    rows = np.arange(n)                 # the rows still in nodes that may split
    node = np.zeros(n, dtype=np.int64)  # their node, numbered within the level
    first_id, level = 0, 0              # the level's first node id
    while len(rows) and level < depth:
        nodes = len(feature[-1])        # the level's arrays are the lists' last ones
        allowed = np.ones((nodes, d), dtype=bool)
        if features_per_split is not None and rng is not None and features_per_split < d:
            picks = np.argsort(rng.random((nodes, d)), axis=1)[:, :features_per_split]
            allowed = np.zeros((nodes, d), dtype=bool)
            np.put_along_axis(allowed, picks, True, axis=1)
        counts = np.bincount(node, minlength=nodes)
        allowed &= (counts >= 2 * min_leaf)[:, None]
        best, cut = _best_splits(x[rows], rank[rows], y[rows], node, nodes, allowed,
                                 min_leaf)
        splits = np.flatnonzero(best >= 0)
        if not len(splits):
            break
        next_first = first_id + nodes
        children = next_first + 2 * np.arange(len(splits))
        feature[-1][splits], threshold[-1][splits] = best[splits], cut[splits]
        left[-1][splits], right[-1][splits] = children, children + 1
        # the rows of split nodes go to their children, numbered 2 i (left), 2 i + 1
        position = np.full(nodes, -1, dtype=np.int64)
        position[splits] = np.arange(len(splits))
        moving = position[node] >= 0
        rows, node = rows[moving], node[moving]
        goes_left = x[rows, best[node]] <= cut[node]
        node = 2 * position[node] + np.where(goes_left, 0, 1)
        size = 2 * len(splits)
        feature.append(np.full(size, -1, dtype=np.int64))
        threshold.append(np.zeros(size))
        left.append(np.full(size, -1, dtype=np.int64))
        right.append(np.full(size, -1, dtype=np.int64))
        sums = np.zeros((size, y.shape[1]))
        np.add.at(sums, node, y[rows])
        value.append(sums / np.maximum(np.bincount(node, minlength=size), 1)[:, None])
        first_id, level = next_first, level + 1
    return {"Feature": np.concatenate(feature), "Threshold": np.concatenate(threshold),
            "Left": np.concatenate(left), "Right": np.concatenate(right),
            "Value": np.concatenate(value)}


def tree_values(tree: dict, x: np.ndarray) -> np.ndarray:
    """The leaf values the rows of x reach (n × k), all rows stepping down together."""
    node = np.zeros(len(x), dtype=np.int64)
    feature, threshold = tree["Feature"], tree["Threshold"]
    rows = np.arange(len(x))
    while True:
        inner = feature[node] >= 0
        if not inner.any():
            return tree["Value"][node]
        j = np.where(inner, feature[node], 0)
        go_left = x[rows, j] <= threshold[node]
        node = np.where(inner, np.where(go_left, tree["Left"][node], tree["Right"][node]), node)


class TreeModel:
    """A tree method's fitted trees and how they combine (see the module docstring)."""

    def __init__(self, x: np.ndarray, y: np.ndarray, classes: int | None,
                 method: str = "RandomForest", seed: int = 0, settings: dict | None = None):
        # settings: Method suboptions given ("TreeNumber", "LeafSize", "LearningRate")
        count, depth, min_leaf, rate = _SETTINGS[method]
        settings = settings or {}
        count = settings.get("TreeNumber", count) if method != "DecisionTree" else 1
        min_leaf = settings.get("LeafSize", min_leaf)
        rate = settings.get("LearningRate", rate)
        self.method, self.classes, self.rate = method, classes, rate
        targets = np.eye(classes)[y] if classes else y.reshape(-1, 1).astype(float)
        rng = np.random.default_rng(seed)
        self.trees = []
        if method == "GradientBoostedTrees":
            self.base = np.log(targets.mean(axis=0) + 1e-9) if classes else targets.mean(axis=0)
            score = np.tile(self.base, (len(x), 1))
            for _ in range(count):
                residual = targets - (_softmax(score) if classes else score)
                tree = grow_tree(x, residual, depth, min_leaf)
                self.trees.append(tree)
                score = score + rate * tree_values(tree, x)
            return
        self.base = np.zeros(targets.shape[1])
        d = x.shape[1]
        per_split = None if method == "DecisionTree" else \
            max(1, int(np.sqrt(d)) if classes else d // 3)
        for _ in range(count):
            rows = np.arange(len(x)) if method == "DecisionTree" else \
                rng.integers(0, len(x), len(x))               # a bootstrap sample
            self.trees.append(grow_tree(x[rows], targets[rows], depth, min_leaf, rng, per_split))

    def _scores(self, x: np.ndarray) -> np.ndarray:
        values = [tree_values(t, x) for t in self.trees]
        if self.method == "GradientBoostedTrees":
            return self.base + self.rate * np.sum(values, axis=0)
        return np.mean(values, axis=0)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        scores = self._scores(x)
        if self.method == "GradientBoostedTrees":
            return _softmax(scores)
        return scores / np.maximum(scores.sum(axis=1, keepdims=True), 1e-12)

    def predict(self, x: np.ndarray) -> np.ndarray:
        return self._scores(x)[:, 0]

    # -------------------------------------------------------------- storage

    def state(self) -> dict:
        trees = [Expr(S.Association, *(Expr(S.Rule, String(k), list_from_array(v))
                                       for k, v in t.items())) for t in self.trees]
        return {"TreeMethod": String(self.method), "ClassCount": Integer(self.classes or 0),
                "Rate": Real(self.rate), "Base": list_from_array(np.asarray(self.base, float)),
                "Trees": Expr(S.List, *trees)}

    @classmethod
    def restore(cls, fields: dict):
        self = cls.__new__(cls)
        self.method = fields["TreeMethod"].value
        self.classes = fields["ClassCount"].value or None
        self.rate = fields["Rate"].value
        self.base = _array(fields["Base"])
        self.trees = []
        for t in fields["Trees"].args:
            parts = {r.args[0].value: _array(r.args[1]) for r in t.args}
            for k in ("Feature", "Left", "Right"):
                parts[k] = parts[k].astype(np.int64)
            if parts["Value"].ndim == 1:
                parts["Value"] = parts["Value"].reshape(-1, 1)
            self.trees.append(parts)
        return self
