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


def _best_split(x: np.ndarray, y: np.ndarray, features, min_leaf: int):
    """(gain, feature, threshold) of the split of these rows that most reduces the squared
    error of the targets y (n × k); None when no split leaves min_leaf rows on each side."""
    n = len(y)
    total, total_sq = y.sum(axis=0), float((y ** 2).sum())
    parent = total_sq - float((total ** 2).sum()) / n
    best = None
    sizes = np.arange(1, n)
    for j in features:
        order = np.argsort(x[:, j], kind="stable")
        xs, ys = x[order, j], y[order]
        left = np.cumsum(ys, axis=0)[:-1]
        left_sq = np.cumsum((ys ** 2).sum(axis=1))[:-1]
        sse = (left_sq - (left ** 2).sum(axis=1) / sizes) + \
              ((total_sq - left_sq) - ((total - left) ** 2).sum(axis=1) / (n - sizes))
        valid = (xs[1:] > xs[:-1]) & (sizes >= min_leaf) & (n - sizes >= min_leaf)
        if not valid.any():
            continue
        sse = np.where(valid, sse, np.inf)
        i = int(np.argmin(sse))
        gain = parent - float(sse[i])
        if best is None or gain > best[0]:
            best = (gain, j, 0.5 * (xs[i] + xs[i + 1]))
    return best if best is not None and best[0] > 1e-12 else None


def grow_tree(x: np.ndarray, y: np.ndarray, depth: int, min_leaf: int, rng=None,
              features_per_split: int | None = None) -> dict:
    """A tree as arrays: node k splits on feature[k] at threshold[k] (x <= t goes left) or
    is a leaf (feature -1) whose value is the mean target of its rows."""
    feature, threshold, left, right, value = [], [], [], [], []
    d = x.shape[1]
    stack = [(np.arange(len(y)), 0, None)]          # rows, depth, (parent, side)
    while stack:
        rows, level, parent = stack.pop()
        k = len(feature)
        if parent is not None:
            (left if parent[1] == 0 else right)[parent[0]] = k
        feature.append(-1), threshold.append(0.0), left.append(-1), right.append(-1)
        value.append(y[rows].mean(axis=0))
        if level >= depth or len(rows) < 2 * min_leaf:
            continue
        features = range(d) if features_per_split is None or rng is None else \
            rng.choice(d, size=min(features_per_split, d), replace=False)
        split = _best_split(x[rows], y[rows], features, min_leaf)
        if split is None:
            continue
        _, j, t = split
        feature[k], threshold[k] = int(j), float(t)
        goes_left = x[rows, j] <= t
        stack.append((rows[~goes_left], level + 1, (k, 1)))
        stack.append((rows[goes_left], level + 1, (k, 0)))
    return {"Feature": np.array(feature, dtype=np.int64), "Threshold": np.array(threshold),
            "Left": np.array(left, dtype=np.int64), "Right": np.array(right, dtype=np.int64),
            "Value": np.array(value)}


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
