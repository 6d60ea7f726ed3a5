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


_BLOCK_VALUES = 1 << 22     # searched (row, feature) pairs × targets at once (memory bound)


def _best_splits(x: np.ndarray, rank: np.ndarray, y: np.ndarray, node: np.ndarray,
                 nodes: int, allowed: np.ndarray, min_leaf: int):
    """Per node of one level, the split of its rows that most reduces the squared error of
    the targets y (rows × k): (feature, threshold) arrays over the nodes (feature -1 where
    no split leaves min_leaf rows on each side).  ``node``: each row's node (0 … nodes -
    1); ``rank``: the rows' ranks by each feature (rows × features); ``allowed``: nodes ×
    features, the features each node may try.  Only the allowed (node, feature) pairs are
    searched (a forest's node tries √features of them), all at once in blocks that keep
    rows × targets bounded; the first feature wins a tie, as the first position within a
    feature."""
    n, k = y.shape
    counts = np.bincount(node, minlength=nodes)
    totals = _node_sums(y, node, nodes)
    squares = np.bincount(node, weights=(y ** 2).sum(axis=1), minlength=nodes)
    stats = (counts, totals, squares, squares - (totals ** 2).sum(axis=1) /
             np.maximum(counts, 1))
    # the rows grouped by node, and the pairs to search, node by node, features ascending
    by_node = np.argsort(node, kind="stable")
    pair_node, pair_feature = np.nonzero(allowed & (counts > 0)[:, None])
    gain = np.full(nodes, 1e-12)            # a split must gain more than this
    feature = np.full(nodes, -1, dtype=np.int64)
    threshold = np.zeros(nodes)
    ends = np.cumsum(counts[pair_node])
    room = max(1, _BLOCK_VALUES // max(k, 1))
    first = 0
    while first < len(pair_node):
        done = ends[first - 1] if first else 0
        last = max(first + 1, int(np.searchsorted(ends, done + room, side="right")))
        owners, block_gain, block_feature, block_threshold = _pairs_best(
            x, rank, y, by_node, pair_node[first:last], pair_feature[first:last],
            min_leaf, stats)
        better = block_gain > gain[owners]  # a node's earlier block has its lower features
        owners = owners[better]
        gain[owners] = block_gain[better]
        feature[owners] = block_feature[better]
        threshold[owners] = block_threshold[better]
        first = last
    return feature, threshold


def _pairs_best(x, rank, y, by_node, pair_node, pair_feature, min_leaf: int, stats):
    """For a block of (node, feature) pairs: (their nodes, each one's best gain, the
    feature giving it, the threshold).  Each pair's rows laid end to end, sorted by the
    feature's value within the pair, so that one running sum restarted at each pair's
    first row gives every split's left part."""
    counts, totals, squares, parent = stats
    n, k = y.shape
    sizes = counts[pair_node]
    begin = np.concatenate([[0], np.cumsum(sizes)[:-1]])        # each pair's first entry
    pair = np.repeat(np.arange(len(pair_node)), sizes)
    within = np.arange(len(pair)) - begin[pair]
    node_starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    rows = by_node[node_starts[pair_node][pair] + within]
    features = pair_feature[pair]
    order = np.argsort(pair * (int(rank.max()) + 1) + rank[rows, features])
    rows = rows[order]                      # the pairs keep their places: pair is the key
    xs = x[rows, features]
    # the left parts' sums, then their sums of squares (in place: entries × k arrays are
    # the level's largest)
    left = y[rows]                                            # entries × k
    left_sq = np.cumsum(np.einsum("ij,ij->i", left, left))
    np.cumsum(left, axis=0, out=left)
    ahead = begin[1:] - 1                                     # the entry before each pair
    left -= np.repeat(np.vstack([np.zeros((1, k)), left[ahead]]), sizes, axis=0)
    left_sq -= np.repeat(np.append(0.0, left_sq[ahead]), sizes)
    size = within + 1
    owner = pair_node[pair]
    rest = counts[owner] - size
    right = totals[owner]
    right -= left
    sse = (left_sq - np.einsum("ij,ij->i", left, left) / size) + \
        ((squares[owner] - left_sq) - np.einsum("ij,ij->i", right, right) / np.maximum(rest, 1))
    following = np.append(xs[1:], np.inf)
    following[begin[1:] - 1] = np.inf                         # each pair's last entry
    valid = (rest >= min_leaf) & (size >= min_leaf) & (following > xs)
    gain = np.where(valid, parent[owner] - sse, -np.inf)
    # per pair its best gain and first position reaching it; per node its first best pair
    pair_best = np.maximum.reduceat(gain, begin)
    position = np.minimum.reduceat(np.where(gain >= pair_best[pair], np.arange(len(gain)),
                                            len(gain)), begin)
    nodes, node_begin = np.unique(pair_node, return_index=True)
    node_of_pair = np.searchsorted(nodes, pair_node)
    node_best = np.maximum.reduceat(pair_best, node_begin)
    winner = np.minimum.reduceat(np.where(pair_best >= node_best[node_of_pair],
                                          np.arange(len(pair_node)), len(pair_node)),
                                 node_begin)
    at = position[winner]
    return nodes, node_best, pair_feature[winner], 0.5 * (xs[at] + following[at])


def grow_tree(x: np.ndarray, y: np.ndarray, depth: int, min_leaf: int, rng=None,
              features_per_split: int | None = None) -> dict:
    """A tree as arrays: node k splits on feature[k] at threshold[k] (x <= t goes left) or
    is a leaf (feature -1) whose value is the mean target of its rows.  Grown a level at a
    time, all of a level's nodes split together (with ``features_per_split``, each node
    tries its own random subset of the features)."""
    return grow_trees(x, y, [np.arange(len(x))], depth, min_leaf, rng, features_per_split)[0]


def grow_trees(x: np.ndarray, y: np.ndarray, samples: list, depth: int, min_leaf: int,
               rng=None, features_per_split: int | None = None) -> list:
    """One tree (as grow_tree's) per sample of the rows (a forest's bootstrap samples),
    grown together: the samples stacked, each level's nodes of every tree searched as one
    set of nodes (a forest's fifty trees cost about one tree's numpy calls)."""
    stacked = np.concatenate(samples)
    # the rows' ranks by each feature, ranked once (a row drawn twice has one rank: its
    # copies are equal and never split apart)
    rank = np.argsort(np.argsort(x, axis=0, kind="stable"), axis=0)[stacked]
    x, y = x[stacked], y[stacked]
    n, d = x.shape
    trees = len(samples)
    owner = np.repeat(np.arange(trees), [len(s) for s in samples])   # each row's tree
    feature, threshold = [np.full(trees, -1, dtype=np.int64)], [np.zeros(trees)]
    left, right = [np.full(trees, -1, dtype=np.int64)], [np.full(trees, -1, dtype=np.int64)]
    tree_of = [np.arange(trees)]        # each node's tree
    value = [_node_means(y, owner, trees)]
    rows = np.arange(n)                 # the rows still in nodes that may split
    node = owner.copy()                 # their node, numbered within the level
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
        tree_of.append(np.repeat(tree_of[-1][splits], 2))
        value.append(_node_means(y[rows], node, size))
        first_id, level = next_first, level + 1
    return _split_trees(np.concatenate(tree_of), trees, Feature=np.concatenate(feature),
                        Threshold=np.concatenate(threshold), Left=np.concatenate(left),
                        Right=np.concatenate(right), Value=np.concatenate(value))


def _node_means(y: np.ndarray, node: np.ndarray, nodes: int) -> np.ndarray:
    """The mean target of each node's rows (zero for a node without rows)."""
    return _node_sums(y, node, nodes) / np.maximum(np.bincount(node, minlength=nodes),
                                                   1)[:, None]


def _node_sums(y: np.ndarray, node: np.ndarray, nodes: int) -> np.ndarray:
    """The sum of each node's rows of y (nodes × k), a bincount per target (np.add.at is
    several times slower)."""
    return np.stack([np.bincount(node, weights=column, minlength=nodes) for column in y.T],
                    axis=1).reshape(nodes, y.shape[1])


def _split_trees(tree_of: np.ndarray, trees: int, **arrays) -> list:
    """The nodes of trees grown together, as one dict of arrays per tree: each tree's nodes
    in their order of growth, its children renumbered within it."""
    order = np.argsort(tree_of, kind="stable")
    sizes = np.bincount(tree_of, minlength=trees)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    local = np.empty(len(tree_of), dtype=np.int64)
    local[order] = np.arange(len(tree_of)) - np.repeat(starts, sizes)
    for side in ("Left", "Right"):
        children = arrays[side]
        arrays[side] = np.where(children >= 0, local[np.maximum(children, 0)], -1)
    return [{k: v[order[a:a + size]] for k, v in arrays.items()}
            for a, size in zip(starts, sizes)]


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
        samples = [np.arange(len(x))] if method == "DecisionTree" else \
            [rng.integers(0, len(x), len(x)) for _ in range(count)]   # bootstrap samples
        self.trees = grow_trees(x, targets, samples, depth, min_leaf, rng, per_split)

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
