"""Clustering and dimension reduction, as scripts use them on embeddings:
``FindClusters``, ``ClusteringComponents``, ``DimensionReduce``, ``DimensionReduction``
(a ``DimensionReducerFunction``).

Examples are numbers, numeric vectors or arrays (used as they are, flattened; Euclidean
distance), strings (placed by their edit distances), or other values (images, mixed lists)
turned into feature vectors as Classify does (``machine_learning.Features``).

Clustering methods: "KMeans" (k-means++ seeding, Lloyd's iterations, the best of several
starts), and "KMedoids", "Agglomerate", "SpanningTree", "Spectral", "GaussianMixture",
"DBSCAN", "MeanShift", "JarvisPatrick" (wlnet/builtins/_cluster_methods.py; "GaussianMixture":
each example in its most probable component of LearnDistribution's Gaussian mixture).
DistanceFunction (a named distance or any function of two examples) gives the distances
the methods use (k-means then becomes k-medoids); CriterionFunction ("Silhouette",
"CalinskiHarabasz", "DaviesBouldin") chooses the number of clusters; UpTo[n] bounds it.
Without a number of clusters, the method is run for k = 2…10 and the k the criterion likes
best is kept (one cluster when no k separates the data: best mean silhouette below 0.65).
Clusters come in the order of their first element; their elements in the order of the
data.  ``RandomSeeding`` (1234 by
default, as in the Wolfram Language) makes the result repeatable.

Dimension reduction methods: "PCA" (the default, also "Linear" and
"PrincipalComponentsAnalysis": principal components; each component's sign is fixed so
that its largest coefficient is positive, so results do not flip),
"LatentSemanticAnalysis" (the same without centring), "Autoencoder" (a small autoencoder
whose code is the reduction, _reduction_methods.py), "TSNE" (exact t-SNE: perplexity 30
or less for small data, early exaggeration, momentum and gains; fine for a few thousand
points), "MultidimensionalScaling", "Isomap" and "LLE" (wlnet/builtins/_reduction_methods.py).
Without a target dimension, the linear methods keep the components explaining 90% of the
variance (at least one); the others give 2.  The reducer function projects new vectors by
a linear method (and rebuilds them by the inverse projection, "ReconstructedData"); for
the others a new vector is placed at the distance-weighted mean of the embeddings of its
nearest training examples (and rebuilt the same way from the embedding back).
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins import _cluster_methods as M
from wlnet.builtins import _reduction_methods as R
from wlnet.builtins._blas_threads import on_one_blas_thread
from wlnet.builtins._listutil import float_value
from wlnet.builtins.dataset import data_of
from wlnet.builtins._features import Features
from wlnet.builtins.random import seeded_generator
from wlnet.builtins.text_extra import edit_distance
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.packed import list_from_array
from wlnet.core.registry import builtin, builtin_subvalue, builtin_upvalue, declare, split_options
from wlnet.graphics.values import option_name
from wlnet.syntax.printer import register_output_format

REDUCER = Symbol("DimensionReducerFunction")
DEFAULT_SEED = Integer(1234)
CLUSTER_METHODS = ("KMeans", "KMedoids", "Agglomerate", "SpanningTree", "Spectral",
                   "GaussianMixture", "DBSCAN", "MeanShift", "JarvisPatrick")
CRITERIA = ("Silhouette", "CalinskiHarabasz", "DaviesBouldin")
# linear methods (a projection and its inverse) and those giving an embedding of the
# examples (new examples placed among them); "PCA", "Linear" and
# "PrincipalComponentsAnalysis" are one method, "LatentSemanticAnalysis" the same without
# centring the data
LINEAR_REDUCTIONS = ("PCA", "PrincipalComponentsAnalysis", "Linear", "LatentSemanticAnalysis")
REDUCTION_METHODS = LINEAR_REDUCTIONS + ("TSNE", "MultidimensionalScaling", "Isomap", "LLE",
                                         "Autoencoder")
REDUCTION_PROPERTIES = ("ReducerFunction", "ReducedVectors", "ReconstructedData",
                        "ImputedData")
MAX_AUTOMATIC_CLUSTERS = 10
# below this mean silhouette no split is worth it: one cluster (a single Gaussian blob
# split in two scores about 0.35 in 2-D and 0.6 in 1-D; separated blobs 0.75 and more)
SINGLE_CLUSTER_SILHOUETTE = 0.65
_MESSAGES = {
    "data": "`1` is not a non-empty list of examples of one kind (numbers, vectors of one "
            "length, strings, images…).",
    "num": "The number of clusters `1` is not a positive integer at most the number of "
           "examples.",
    "dims": "The target dimension `1` is not a positive integer at most the examples' "
            "dimension.",
    "mthd": "`1` is not a method wlnet has for `2` (`3`).",
    "umap": "Method \"UMAP\" needs the umap-learn library, which is not installed with "
            "wlnet; \"TSNE\", \"Isomap\" or \"LLE\" give a nonlinear reduction instead.",
    "seed": "`1` is not a valid setting of RandomSeeding: an integer, a string, Automatic "
            "or Inherited.",
    "optx": "Unknown option `1` in `2`.",
    "dist": "The DistanceFunction `1` does not give a non-negative number for two examples.",
    "crit": "`1` is not a CriterionFunction wlnet has (`2`).",
    "weights": "`1` is not a valid Weights setting: Automatic or `2` positive numbers, one "
               "per example.",
    "wmthd": "The method `1` does not weigh examples; the Weights are not used.",
    "level": "`1` is not a valid level: 1 (the list's elements) or the array's depth.",
    "dim": "`1` does not have the dimension `2` of the reducer's examples.",
    "prop": "`1` is not a property of the dimension reduction (`2`).",
    "iprop": "`1` is not a property Information knows of the reducer.",
}

declare("DimensionReducerFunction", attributes=("Protected",), messages=_MESSAGES,
        usage="DimensionReducerFunction[…] is made by DimensionReduction: f[x] reduces a "
              "vector x (or a list of them) to the dimension it was trained for.")


# ---------------------------------------------------------------------------- data

def _split_options(ev, head, args, known):
    """(positional, {option: value given}) or None after ``head::optx``; the data (the
    first argument) may itself be a rule, {e1, …} -> {v1, …}."""
    split = split_options(args[1:], dict.fromkeys(known))
    if split is None:
        unknown = next(r for r in reversed(args[1:]) if option_name(r) not in known)
        ev.message(head, "optx", unknown, Expr.from_args(head, args))
        return None
    positional, options = split
    return (args[0], *positional), {k: v for k, v in options.items() if v is not None}


def feature_matrix(ev, examples: list) -> np.ndarray | None:
    """Examples as rows of floats: numbers and numeric vectors as they are, strings placed
    by their edit distances (classical multidimensional scaling), anything else through
    Classify's features; None when they have no common form."""
    try:                                   # numbers or vectors of one length (packed: fast)
        matrix = np.array([_nested_floats(e) for e in examples], dtype=float)
    except (TypeError, ValueError):
        matrix = None
    if matrix is not None and matrix.ndim >= 1 and matrix.size:
        return matrix.reshape(len(matrix), -1)       # numbers: a column; arrays: flattened
    if all(type(e) is String for e in examples):
        return _string_coordinates(ev, examples)
    try:
        return np.asarray(Features(examples).matrix, dtype=float)
    except (ValueError, TypeError, IndexError):
        return None


def _string_coordinates(ev, strings: list) -> np.ndarray:
    """Points whose Euclidean distances match the strings' edit distances as well as
    possible (classical scaling: the top eigenvectors of the double-centred squared
    distances)."""
    n = len(strings)
    d = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            d[i, j] = d[j, i] = edit_distance(ev, strings[i], strings[j]).value
    centring = np.eye(n) - 1.0 / n
    values, vectors = np.linalg.eigh(-0.5 * centring @ (d ** 2) @ centring)
    keep = values > 1e-9 * max(values.max(), 1e-300)
    return vectors[:, keep] * np.sqrt(values[keep]) if keep.any() else np.zeros((n, 1))


def _numeric_vector(e, missing: bool = False) -> np.ndarray | None:
    """A list of numbers as floats (with missing: Missing[…] entries as NaN); None
    otherwise."""
    held = getattr(e, "array", None)
    if isinstance(held, np.ndarray) and held.ndim == 1 and held.dtype.kind in "iuf":
        return held.astype(float)
    if type(e) is Expr and e.head is S.List and e.args:
        values = [np.nan if missing and type(a) is Expr and a.head is S.Missing
                  else float_value(a) for a in e.args]
        if all(v is not None for v in values):
            return np.array(values)
    return None


def _elements(e) -> list | None:
    if type(e) is Expr and e.head is S.List and e.args:
        return list(e.args)
    held = getattr(e, "array", None)
    if isinstance(held, np.ndarray) and held.ndim >= 1 and len(held):
        return list(list_from_array(held).args)
    return None


def _rng(ev, head, options):
    spec = options.get("RandomSeeding", DEFAULT_SEED)
    rng = seeded_generator(ev, spec)
    if rng is None:
        ev.message(head, "seed", spec)
    return rng


def _needs_umap(ev, head, options) -> bool:
    """Method -> "UMAP" (WL has it): wlnet has no UMAP of its own and would use the
    umap-learn library, which is not in wlnet's environment; a message says so (True)."""
    spec = options.get("Method")
    if type(spec) is Expr and spec.head is S.List and spec.args:
        spec = spec.args[0]
    if not (type(spec) is String and spec.value == "UMAP"):
        return False
    ev.message(head, "umap")
    return True


def _method(ev, head, options, known, default):
    spec = options.get("Method", Symbol("Automatic"))
    if type(spec) is Expr and spec.head is S.List and spec.args:
        spec = spec.args[0]                       # {"KMeans", suboptions…}
    if type(spec) is Symbol and spec.name == "Automatic":
        return default
    if type(spec) is String and spec.value in known:
        return spec.value
    ev.message(head, "mthd", spec, head, String(", ".join(known)))
    return None


# ---------------------------------------------------------------------------- clustering

_squared_distances = M.squared_distances


def kmeans(x: np.ndarray, k: int, rng, starts: int = 8, iterations: int = 100,
           weights: np.ndarray | None = None):
    """(labels, total squared distance) of the best of ``starts`` k-means runs; with
    ``weights`` each example counts that many times (weighted means and cost)."""
    w = np.ones(len(x)) if weights is None else weights
    best = None
    for _ in range(starts):
        centres = M.plus_plus(x, k, rng, weights)
        labels = None
        for _ in range(iterations):
            new = _squared_distances(x, centres).argmin(axis=1)
            if labels is not None and (new == labels).all():
                break
            labels = new
            for c in range(k):
                members = labels == c
                if members.any():
                    centres[c] = w[members] @ x[members] / w[members].sum()
        cost = _squared_distances(x, centres)[np.arange(len(x)), labels] @ w
        if best is None or cost < best[1] - 1e-12:
            best = (labels, cost)
    return best


def silhouette(x: np.ndarray, labels: np.ndarray, distance: np.ndarray | None = None,
               weights: np.ndarray | None = None) -> float:
    """The mean silhouette: how much closer each point is to its own cluster than to the
    nearest other one (-1…1); by the given distances, else Euclidean ones; with
    ``weights``, the means weighted by them."""
    if distance is None:
        distance = np.sqrt(_squared_distances(x, x))
    w = np.ones(len(x)) if weights is None else weights
    clusters = np.unique(labels)
    if len(clusters) < 2:
        return -1.0
    scores = []
    for i in range(len(x)):
        own = labels == labels[i]
        own_weight = w[own].sum() - w[i]
        if own.sum() <= 1 or own_weight <= 0:
            scores.append(0.0)
            continue
        a = distance[i, own] @ w[own] / own_weight
        b = min(distance[i, labels == c] @ w[labels == c] / w[labels == c].sum()
                for c in clusters if c != labels[i])
        scores.append((b - a) / max(a, b) if max(a, b) > 0 else 0.0)
    return float(np.average(scores, weights=w))


def cluster_labels(x: np.ndarray, k: int | None, method: str, rng,
                   distance: np.ndarray | None = None, upto: bool = False,
                   criterion: str = "Silhouette", settings: dict | None = None,
                   weights: np.ndarray | None = None) -> np.ndarray:
    """Labels 0, 1, … numbered in the order of each cluster's first element.  ``k``: the
    number of clusters (None: chosen by the criterion; with ``upto``, at most k);
    ``distance``: the examples' distances when a DistanceFunction was given (the methods
    that need coordinates then use ``x`` all the same, but k-means becomes k-medoids);
    ``weights``: how many times each example counts (WEIGHTED_METHODS)."""
    settings = settings or {}
    if distance is not None and method == "KMeans":
        method = "KMedoids"                  # means are Euclidean: medoids follow any distance
    d = distance if distance is not None else np.sqrt(_squared_distances(x, x)) \
        if method not in ("KMeans", "GaussianMixture", "MeanShift") or k is None or upto \
        else None
    if method in M.DENSITY_METHODS:
        labels = _density_labels(x, d, None if upto else k, method, settings)
    else:
        if k is None or upto:
            k = _automatic_count(x, d, rng, method, criterion, limit=k, weights=weights)
        labels = _partition(x, d, k, method, rng, weights=weights)
    order = {}
    for label in labels:
        order.setdefault(int(label), len(order))
    return np.array([order[int(label)] for label in labels])


def _partition(x, d, k: int, method: str, rng, starts: int = 8,
               weights: np.ndarray | None = None) -> np.ndarray:
    if k == 1:
        return np.zeros(len(x), dtype=int)
    if method == "KMedoids":
        return M.kmedoids(d, k, rng, starts=starts, weights=weights)
    if method in ("Agglomerate", "SpanningTree"):
        return M.hierarchical(d, k, "average" if method == "Agglomerate" else "single")
    if method == "Spectral":
        return M.spectral(d, k, rng, kmeans)
    if method == "GaussianMixture":
        return _gaussian_mixture_labels(x, k, rng, weights)
    return kmeans(x, k, rng, starts=starts, weights=weights)[0]


def _gaussian_mixture_labels(x: np.ndarray, k: int, rng, weights=None) -> np.ndarray:
    """Each example in its most probable component of k full-covariance Gaussians fitted by
    expectation-maximisation (LearnDistribution's)."""
    from wlnet.builtins.learn_distribution import _em
    model, _ = _em(x, k, rng, diagonal=False, weights=weights)
    parts = model.component_log_densities(x, np.zeros((len(x), 0), dtype=np.int64))
    return (parts + np.log(np.maximum(model.weights, 1e-300))).argmax(axis=1)


def _density_labels(x, d, k: int | None, method: str, settings: dict) -> np.ndarray:
    """DBSCAN, MeanShift, JarvisPatrick: their own settings or the method's defaults;
    given a number of clusters, the setting that gives it."""
    n = len(x)
    if method == "DBSCAN":
        points = int(settings.get("NeighborsNumber", min(4, n)))
        if k is None:
            return M.dbscan(d, settings.get("NeighborhoodRadius",
                                            M.default_radius(d, points)), points)
        radii = np.unique(d[np.triu_indices(n, 1)])
        return M.tuned(k, lambda r: M.dbscan(d, r, points), radii)
    if method == "MeanShift":
        if k is None:
            return M.mean_shift(x, settings.get("NeighborhoodRadius", M.default_bandwidth(x)))
        widths = M.default_bandwidth(x) * np.geomspace(0.05, 20, 40)
        return M.tuned(k, lambda w: M.mean_shift(x, w), widths)
    neighbours = int(settings["NeighborsNumber"]) if "NeighborsNumber" in settings else None
    if k is None:
        shared = settings.get("SharedNeighborsNumber")
        return M.jarvis_patrick(d, neighbours, int(shared) if shared else None)
    return M.tuned(k, lambda s: M.jarvis_patrick(d, max(neighbours or 0, s + 1), s),
                   range(1, min(n - 1, 30)))


def _automatic_count(x: np.ndarray, d, rng, method: str = "KMeans",
                     criterion: str = "Silhouette", limit: int | None = None,
                     weights: np.ndarray | None = None) -> int:
    """The number of clusters: one unless some k splits the data with a mean silhouette
    above SINGLE_CLUSTER_SILHOUETTE; then the k (2 … 10, at most ``limit``) the criterion
    likes best."""
    distinct = len(np.unique(x, axis=0))
    largest = min(MAX_AUTOMATIC_CLUSTERS, distinct, len(x) - 1)
    if limit is not None:
        largest = min(largest, limit)
    scored = []
    for k in range(2, largest + 1):
        labels = _partition(x, d, k, method, rng, starts=4, weights=weights)
        scored.append((k, labels, silhouette(x, labels, d, weights)))
    if not scored or max(s for _, _, s in scored) <= SINGLE_CLUSTER_SILHOUETTE + 1e-9:
        return 1
    if criterion == "CalinskiHarabasz":
        return max(scored, key=lambda t: M.calinski_harabasz(x, t[1]))[0]
    if criterion == "DaviesBouldin":
        return min(scored, key=lambda t: M.davies_bouldin(x, t[1]))[0]
    return max(scored, key=lambda t: t[2])[0]


def _cluster_data(spec):
    """(examples, what is returned for each) of FindClusters' data forms: a list; a list of
    e -> v rules; {e1, …} -> {v1, …}; an association (keys returned in associations)."""
    if type(spec) is Expr and spec.head is S.Association:
        rules = list(spec.args)
        return [r.args[1] for r in rules], rules, "association"
    if type(spec) is Expr and spec.head in (S.Rule, S.RuleDelayed):
        xs, vs = _elements(spec.args[0]), _elements(spec.args[1])
        if xs is None or vs is None or len(xs) != len(vs):
            return None
        return xs, vs, "list"
    items = _elements(spec)
    if items is None:
        return None
    if all(type(e) is Expr and e.head in (S.Rule, S.RuleDelayed) for e in items):
        return [e.args[0] for e in items], [e.args[1] for e in items], "list"
    return items, items, "list"


def _size_setting(ev, head, spec, largest: int, tag: str):
    """A number of clusters or dimensions asked for: None when absent or Automatic (chosen
    from the data), the integer when it is 1 .. largest, else False after ``head::tag``."""
    if spec is None or type(spec) is Symbol and spec.name == "Automatic":
        return None
    if tag == "num" and type(spec) is Expr and getattr(spec.head, "name", "") == "UpTo" \
            and len(spec.args) == 1 and type(spec.args[0]) is Integer \
            and spec.args[0].value >= 1:
        return ("UpTo", min(spec.args[0].value, largest))
    if type(spec) is Integer and 1 <= spec.value <= largest:
        return spec.value
    ev.message(head, tag, spec)
    return False


_CLUSTER_OPTIONS = ("Method", "RandomSeeding", "DistanceFunction", "CriterionFunction",
                    "PerformanceGoal", "Weights")
# the methods whose clusters an example's weight changes (the density and linkage methods
# count neighbours or link single examples: a weight has no say there)
WEIGHTED_METHODS = ("KMeans", "KMedoids", "GaussianMixture")
# DistanceFunction settings computed on the feature vectors: name -> SciPy's metric
DISTANCE_METRICS = {"EuclideanDistance": "euclidean", "SquaredEuclideanDistance": "sqeuclidean",
                    "ManhattanDistance": "cityblock", "ChessboardDistance": "chebyshev",
                    "CosineDistance": "cosine", "CorrelationDistance": "correlation",
                    "BrayCurtisDistance": "braycurtis", "CanberraDistance": "canberra"}


@on_one_blas_thread                       # many small matrix operations: see _blas_threads
def cluster_call(ev, head, examples: list, x: np.ndarray, size, options) -> np.ndarray | None:
    """The labels (0, 1, …) of a clustering call's examples: its number of clusters
    (``size``: None, n or UpTo[n]), Method (with suboptions), DistanceFunction,
    CriterionFunction, Weights and RandomSeeding; None after a message."""
    k = _size_setting(ev, head, size, len(x), "num")
    method = _method(ev, head, options, CLUSTER_METHODS, "KMeans")
    distance = _distance_matrix(ev, head, examples, x, options.get("DistanceFunction"))
    criterion = _criterion(ev, head, options.get("CriterionFunction"))
    weights = _weights(ev, head, options.get("Weights"), len(x), method)
    if k is False or method is None or distance is False or criterion is None \
            or weights is False:
        return None
    rng = _rng(ev, head, options)
    if rng is None:
        return None
    upto = isinstance(k, tuple)
    return cluster_labels(x, k[1] if upto else k, method, rng, distance, upto, criterion,
                          _suboptions(options.get("Method")), weights)


def _weights(ev, head, spec, n: int, method: str | None):
    """A Weights setting: None for Automatic (all 1), the weights (n positive numbers),
    or False after a message; a method that does not weigh examples says so."""
    if spec is None or type(spec) is Symbol and spec.name == "Automatic":
        return None
    values = _numeric_vector(spec)
    if values is None or len(values) != n or not (values > 0).all() or \
            not np.isfinite(values).all():
        ev.message(head, "weights", spec, Integer(n))
        return False
    if method is not None and method not in WEIGHTED_METHODS:
        ev.message(head, "wmthd", String(method))
    return values


def _suboptions(spec) -> dict:
    """Numeric suboptions of Method -> {"name", sub -> value, …}."""
    out = {}
    if type(spec) is Expr and spec.head is S.List:
        for r in spec.args[1:]:
            name = option_name(r) if type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) \
                else None
            value = float_value(r.args[1]) if name else None
            if value is not None and value > 0:
                out[name] = value
    return out


def _distance_matrix(ev, head, examples: list, x: np.ndarray, spec):
    """The examples' distances by a DistanceFunction setting: None for Automatic (the
    methods' own Euclidean distances), a matrix, or False after a message."""
    if spec is None or type(spec) is Symbol and spec.name == "Automatic":
        return None
    name = spec.name if type(spec) is Symbol else None
    if name in DISTANCE_METRICS:
        from scipy.spatial.distance import cdist
        return cdist(x, x, DISTANCE_METRICS[name])
    n = len(examples)                    # any other function: called on each pair
    d = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            value = float_value(ev.evaluate(Expr(spec, examples[i], examples[j])))
            if value is None or value < 0:
                ev.message(head, "dist", spec)
                return False
            d[i, j] = d[j, i] = value
    return d


def _criterion(ev, head, spec) -> str | None:
    if spec is None or type(spec) is Symbol and spec.name == "Automatic":
        return "Silhouette"
    if type(spec) is String and spec.value in CRITERIA:
        return spec.value
    ev.message(head, "crit", spec, String(", ".join(CRITERIA)))
    return None


@builtin("FindClusters", argc=(1, None), messages=_MESSAGES,
         usage="FindClusters[{e1, e2, …}] partitions the examples into clusters of similar "
               "ones; FindClusters[data, n] into n clusters; FindClusters[{e1 -> v1, …}] "
               "returns the vi grouped as the ei cluster (also {e1, …} -> {v1, …} and "
               "associations).  Method -> \"KMeans\", \"KMedoids\" or \"Agglomerate\"; "
               "RandomSeeding; Weights -> {w1, …} (each example counts wi times).",
         examples=(("FindClusters[{1, 2, 10, 11, 1.5, 10.5}]", "{{1, 2, 1.5}, {10, 11, 10.5}}"),
                   ("FindClusters[{1, 2, 3, 10}, 2]", "{{1, 2, 3}, {10}}")))
def find_clusters(ev, data, *rest):
    head = Symbol("FindClusters")
    data = data_of(data)                          # a Dataset: its rows
    split = _split_options(ev, head, (data, *rest), _CLUSTER_OPTIONS)
    if split is None:
        return None
    positional, options = split
    parsed = _cluster_data(data)
    x = feature_matrix(ev, parsed[0]) if parsed is not None else None
    if x is None or len(positional) > 2:
        ev.message(head, "data", data)
        return None
    labels = cluster_call(ev, head, parsed[0], x,
                          positional[1] if len(positional) > 1 else None, options)
    if labels is None:
        return None
    _, returned, form = parsed
    groups = [[v for v, label in zip(returned, labels) if label == c]
              for c in range(labels.max() + 1)]
    head_of = S.Association if form == "association" else S.List
    return Expr.from_args(S.List, (Expr.from_args(head_of, g) for g in groups))


@builtin("ClusteringComponents", argc=(1, None), messages=_MESSAGES,
         usage="ClusteringComponents[{e1, e2, …}, n, 1] labels each example with the number "
               "of its cluster (1, 2, … in the order clusters first appear); "
               "ClusteringComponents[array, n] clusters the array's numbers and gives an "
               "array of labels of its shape; ClusteringComponents[image, n] labels pixels "
               "by colour.  Options as FindClusters.",
         examples=(("ClusteringComponents[{1, 2, 10, 11}, 2, 1]", "{1, 1, 2, 2}"),))
def clustering_components(ev, data, *rest):
    head = Symbol("ClusteringComponents")
    split = _split_options(ev, head, (data, *rest), _CLUSTER_OPTIONS)
    if split is None:
        return None
    positional, options = split
    elements, shape = _components_elements(ev, head, data, positional)
    if elements is None:
        return None
    x = feature_matrix(ev, elements) if elements else None
    if x is None:
        ev.message(head, "data", data)
        return None
    labels = cluster_call(ev, head, elements, x,
                          positional[1] if len(positional) > 1 else None, options)
    if labels is None:
        return None
    labels = labels + 1
    return list_from_array(labels.reshape(shape).astype(np.int64))


def _components_elements(ev, head, data, positional):
    """(elements, shape of the labels) of ClusteringComponents' data at its level."""
    from wlnet.core.image import Image
    if type(data) is Image:
        pixels = data.reals()
        return [Expr.from_args(S.List, (Real(float(v)) for v in p))
                for p in pixels.reshape(-1, pixels.shape[2])], pixels.shape[:2]
    items = _elements(data)
    if items is None:
        ev.message(head, "data", data)
        return None, None
    level = positional[2] if len(positional) > 2 else None
    try:
        array = np.array(_nested_floats(data), dtype=float)
    except (TypeError, ValueError):
        array = None
    if level is None or type(level) is Integer and array is not None \
            and level.value == array.ndim:
        if array is not None:
            return [Real(float(v)) for v in array.ravel()], array.shape
        if level is None:
            return items, (len(items),)
    if type(level) is Integer and level.value == 1:
        return items, (len(items),)
    ev.message(head, "level", level)
    return None, None


def _nested_floats(e):
    held = getattr(e, "array", None)
    if isinstance(held, np.ndarray):
        return held.astype(float)
    if type(e) is Expr and e.head is S.List:
        return [_nested_floats(a) for a in e.args]
    value = float_value(e)
    if value is None:
        raise TypeError("not a number")
    return value


# ---------------------------------------------------------------------------- reduction

def pca(x: np.ndarray, dims: int | None, centred: bool = True):
    """(mean, components (dims x d)) of principal component analysis; ``dims`` None keeps
    the components explaining 90% of the variance; not ``centred``: latent semantic
    analysis (the mean is zero)."""
    mean = x.mean(axis=0) if centred else np.zeros(x.shape[1])
    _, singular, vt = np.linalg.svd(x - mean, full_matrices=False)
    if dims is None:
        explained = np.cumsum(singular ** 2) / max((singular ** 2).sum(), 1e-300)
        dims = int(np.searchsorted(explained, 0.9) + 1)
    components = vt[:dims]
    signs = np.sign(components[np.arange(len(components)),
                               np.abs(components).argmax(axis=1)])
    return mean, components * np.where(signs == 0, 1, signs)[:, None]


def _affinities(x: np.ndarray, perplexity: float) -> np.ndarray:
    """t-SNE's joint probabilities: per point a Gaussian whose width gives the perplexity
    (bisection on the precision), symmetrized."""
    n = len(x)
    d = _squared_distances(x, x)
    target = np.log(perplexity)
    p = np.zeros((n, n))
    for i in range(n):
        lo, hi, beta = 0.0, np.inf, 1.0
        row = np.delete(d[i], i)
        row = row - row.min()
        for _ in range(64):
            w = np.exp(-row * beta)
            total = w.sum()
            probs = w / total if total > 0 else np.full_like(w, 1 / len(w))
            entropy = -(probs * np.log(np.maximum(probs, 1e-300))).sum()
            if abs(entropy - target) < 1e-5:
                break
            if entropy > target:
                lo, beta = beta, beta * 2 if hi == np.inf else (beta + hi) / 2
            else:
                hi, beta = beta, (beta + lo) / 2
        p[i, np.arange(n) != i] = probs
    p = (p + p.T) / (2 * n)
    return np.maximum(p, 1e-12)


def tsne(x: np.ndarray, dims: int, rng, iterations: int = 750) -> np.ndarray:
    """Exact t-SNE (van der Maaten and Hinton): gradient descent on the KL divergence
    between the data's affinities and a Student-t kernel over the embedding."""
    n = len(x)
    if n <= dims + 1:
        return pca_project(x, dims)
    perplexity = min(30.0, max((n - 1) / 3.0, 1.0))
    p = _affinities(x, perplexity)
    y = rng.normal(0.0, 1e-4, size=(n, dims))
    velocity, gains = np.zeros_like(y), np.ones_like(y)
    rate = max(n / 12.0 / 4.0, 50.0)
    for it in range(iterations):
        exaggeration = 12.0 if it < 250 else 1.0
        momentum = 0.5 if it < 250 else 0.8
        q_num = 1.0 / (1.0 + _squared_distances(y, y))
        np.fill_diagonal(q_num, 0.0)
        q = np.maximum(q_num / q_num.sum(), 1e-12)
        pq = (exaggeration * p - q) * q_num
        gradient = 4.0 * (pq.sum(axis=1)[:, None] * y - pq @ y)
        same = np.sign(gradient) == np.sign(velocity)
        gains = np.maximum(np.where(same, gains * 0.8, gains + 0.2), 0.01)
        velocity = momentum * velocity - rate * gains * gradient
        y = y + velocity
        y -= y.mean(axis=0)
    return y


def pca_project(x: np.ndarray, dims: int) -> np.ndarray:
    mean, components = pca(x, dims)
    out = (x - mean) @ components.T
    if out.shape[1] < dims:                          # fewer examples than dimensions
        out = np.hstack([out, np.zeros((len(x), dims - out.shape[1]))])
    return out


_REDUCTION_OPTIONS = ("Method", "RandomSeeding", "PerformanceGoal", "TargetDevice",
                      "FeatureExtractor")


@on_one_blas_thread
def reduce_examples(ev, head, data, rest):
    """(method, reduced vectors, features x, mean, components, property asked) for
    DimensionReduce and DimensionReduction (mean and components for the linear methods,
    None otherwise); None after a message."""
    data = data_of(data)                          # a Dataset: its rows
    split = _split_options(ev, head, (data, *rest), _REDUCTION_OPTIONS)
    if split is None:
        return None
    positional, options = split
    items = _elements(data)
    x = feature_matrix(ev, items) if items is not None and len(items) >= 2 else None
    if x is None or len(positional) > (3 if head.name == "DimensionReduction" else 2):
        ev.message(head, "data", data)
        return None
    dims = _size_setting(ev, head, positional[1] if len(positional) > 1 else None,
                         x.shape[1], "dims")
    prop = positional[2] if len(positional) > 2 else String("ReducerFunction")
    names = prop.args if type(prop) is Expr and prop.head is S.List else (prop,)
    if not all(type(n) is String and n.value in REDUCTION_PROPERTIES for n in names):
        ev.message(head, "prop", prop, String(", ".join(REDUCTION_PROPERTIES)))
        return None
    if dims is not False and _needs_umap(ev, head, options):
        return None
    method = _method(ev, head, options, REDUCTION_METHODS, "PCA") if dims is not False \
        else None
    rng = _rng(ev, head, options) if method else None
    if rng is None:
        return None
    if method == "TSNE":
        return method, tsne(x, dims or 2, rng), x, None, None, prop
    if method in R.NONLINEAR:
        return method, R.NONLINEAR[method](x, dims or 2), x, None, None, prop
    if method == "Autoencoder":
        coder = R.Autoencoder(x, dims or 2, rng)
        return method, coder.encode(x), x, coder, None, prop
    mean, components = pca(x, dims, centred=method != "LatentSemanticAnalysis")
    reduced = (x - mean) @ components.T
    if dims is not None and reduced.shape[1] < dims:
        reduced = pca_project(x, dims)
        components = np.vstack([components, np.zeros((dims - len(components), x.shape[1]))])
    return method, reduced, x, mean, components, prop


def _real_rows(values: np.ndarray) -> Expr:
    return list_from_array(np.asarray(values, dtype=np.float64))


@builtin("DimensionReduce", argc=(1, None), messages=_MESSAGES,
         usage="DimensionReduce[{v1, v2, …}, n] projects the vectors to n dimensions "
               "(without n, as many as explain 90% of the variance); Method -> \"PCA\" "
               "(the default; also \"Linear\", \"PrincipalComponentsAnalysis\"), "
               "\"LatentSemanticAnalysis\", \"TSNE\", \"MultidimensionalScaling\", "
               "\"Isomap\" or \"LLE\"; RandomSeeding.",
         examples=(("Round[DimensionReduce[{{1, 1}, {2, 2}, {3, 3}}, 1]]", "{{-1}, {0}, {1}}"),))
def dimension_reduce(ev, data, *rest):
    reduced = reduce_examples(ev, Symbol("DimensionReduce"), data, rest)
    if reduced is None:
        return None
    return _real_rows(reduced[1] + 0.0)


@builtin("DimensionReduction", argc=(1, None), messages=_MESSAGES,
         usage="DimensionReduction[{v1, v2, …}, n] learns a reduction of such vectors to n "
               "dimensions and gives a DimensionReducerFunction: f[v] reduces a vector (or a "
               "list of vectors), f[v, \"ReconstructedData\"] rebuilds it from its reduction; "
               "DimensionReduction[data, n, prop] gives \"ReducerFunction\", "
               "\"ReducedVectors\", \"ReconstructedData\" or \"ImputedData\".  Method and "
               "RandomSeeding as DimensionReduce.",
         examples=(("Round[DimensionReduction[{{1, 1}, {2, 2}, {3, 3}}, 1][{5, 5}]]", "{4}"),))
def dimension_reduction(ev, data, *rest):
    head = Symbol("DimensionReduction")
    reduced = reduce_examples(ev, head, data, rest)
    if reduced is None:
        return None
    method, y, x, mean, components, prop = reduced
    if method == "Autoencoder":
        fields = mean.fields()                     # (the coder in the mean's place)
    elif mean is not None:
        fields = {"Mean": mean, "Components": components}
    else:
        fields = {"Examples": x, "Embedding": y}
    entries = [Expr(S.Rule, String("Method"), String(method)),
               Expr(S.Rule, String("InputDimension"), Integer(x.shape[1])),
               Expr(S.Rule, String("OutputDimension"), Integer(y.shape[1]))]
    entries += [Expr(S.Rule, String(k), _real_rows(v)) for k, v in fields.items()]
    f = Expr(REDUCER, Expr.from_args(S.Association, entries))
    names = prop.args if type(prop) is Expr and prop.head is S.List else (prop,)
    if all(type(n) is String and n.value == "ReducerFunction" for n in names) and \
            not (type(prop) is Expr and prop.head is S.List):
        return f
    answers = [f if n.value == "ReducerFunction" else
               _real_rows(_reducer_property(_reducer_fields(f), x, n.value)) for n in names]
    return Expr(S.List, *answers) if type(prop) is Expr and prop.head is S.List else answers[0]


def _reducer_fields(f) -> dict | None:
    if not (type(f) is Expr and f.head is REDUCER and len(f.args) == 1
            and type(f.args[0]) is Expr and f.args[0].head is S.Association):
        return None
    return {r.args[0].value: r.args[1] for r in f.args[0].args
            if type(r.args[0]) is String}


@builtin_subvalue("DimensionReducerFunction")
def _apply_reducer(ev, f, x=None, *extra):
    fields = _reducer_fields(f)
    if fields is None or x is None or len(extra) > 1:
        return None
    prop = extra[0].value if extra and type(extra[0]) is String else "ReducedVectors"
    if extra and prop not in REDUCTION_PROPERTIES[1:]:
        ev.message(REDUCER, "prop", extra[0], String(", ".join(REDUCTION_PROPERTIES[1:])))
        return None
    width = fields["InputDimension"].value
    single = _numeric_vector(x, missing=True)
    rows = [single] if single is not None else [_numeric_vector(e, missing=True)
                                                for e in (_elements(x) or [])]
    if not rows or any(r is None or len(r) != width for r in rows):
        ev.message(REDUCER, "dim", x, Integer(width))
        return None
    points = np.array(rows)
    if np.isnan(points).any():
        points = _imputed(fields, points)
    out = _reducer_property(fields, points, prop)
    return _real_rows(out[0] if single is not None else out)


IMPUTATION_ROUNDS = 50


def _imputed(fields: dict, points: np.ndarray) -> np.ndarray:
    """Points with missing (NaN) coordinates completed as the reduction sees them.  A
    linear reducer: the reduced vector whose reconstruction best fits the known
    coordinates (least squares), its reconstruction filling the rest.  Others: start from
    the training mean and replace the missing coordinates by the reconstruction of the
    completed points, round after round."""
    missing = np.isnan(points)
    if "Components" in fields:
        mean = np.array(_nested_floats(fields["Mean"]))
        components = np.array(_nested_floats(fields["Components"]))
        out = points.copy()
        patterns, which = np.unique(missing, axis=0, return_inverse=True)
        for p, pattern in enumerate(patterns):       # one solve per pattern of gaps
            rows, known = np.flatnonzero(which.ravel() == p), ~pattern
            if known.all():
                continue
            z = np.linalg.lstsq(components[:, known].T,
                                (points[np.ix_(rows, known)] - mean[known]).T, rcond=None)[0]
            rebuilt = mean + z.T @ components
            out[np.ix_(rows, ~known)] = rebuilt[:, ~known]
        return out
    start = np.array(_nested_floats(fields["Mean"])) if "Mean" in fields else \
        np.array(_nested_floats(fields["Examples"])).mean(axis=0)
    out = np.where(missing, start[None, :], points)
    for _ in range(IMPUTATION_ROUNDS):
        rebuilt = _reducer_property(fields, out, "ReconstructedData")
        out = np.where(missing, rebuilt, points)
    return out


def _reducer_property(fields: dict, points: np.ndarray, prop: str) -> np.ndarray:
    """The reduced vectors of points, or the points rebuilt from them
    ("ReconstructedData": the inverse projection, or the examples placed back among the
    training examples by their embeddings), or the points themselves ("ImputedData": their
    missing values are filled before, by _imputed)."""
    if prop == "ImputedData":
        return points
    if "W0" in fields:                               # an autoencoder
        coder = R.Autoencoder.from_fields({k: np.array(_nested_floats(v), dtype=float)
                                           for k, v in fields.items()
                                           if k.startswith("W") or k in ("Mean", "Scale")})
        reduced = coder.encode(points)
        return (coder.decode(reduced) if prop == "ReconstructedData" else reduced) + 0.0
    linear = "Components" in fields
    if linear:
        mean = np.array(_nested_floats(fields["Mean"]))
        components = np.array(_nested_floats(fields["Components"]))
        reduced = (points - mean) @ components.T
    else:
        examples = np.array(_nested_floats(fields["Examples"]))
        embedding = np.array(_nested_floats(fields["Embedding"]))
        reduced = _place_among(points, examples, embedding)
    if prop == "ReconstructedData":
        rebuilt = reduced @ components + mean if linear else \
            _place_among(reduced, embedding, examples)
        return rebuilt + 0.0
    return reduced + 0.0                             # + 0.0: no -0.


def _place_among(points, examples, embedding, neighbours: int = 5) -> np.ndarray:
    """New points at the inverse-distance-weighted mean of their nearest examples'
    embeddings (t-SNE has no mapping of its own)."""
    d = np.sqrt(_squared_distances(points, examples))
    nearest = np.argsort(d, axis=1)[:, :min(neighbours, len(examples))]
    out = []
    for row, idx in zip(d, nearest):
        if row[idx[0]] < 1e-12:
            out.append(embedding[idx[0]])
            continue
        w = 1.0 / row[idx]
        out.append((w[:, None] * embedding[idx]).sum(axis=0) / w.sum())
    return np.array(out)


def _reducer_text(f) -> str | None:
    fields = _reducer_fields(f)
    if fields is None or "Method" not in fields:
        return None
    return (f"DimensionReducerFunction[Method: {fields['Method'].value}, "
            f"{fields['InputDimension'].value} -> {fields['OutputDimension'].value}]")


register_output_format("DimensionReducerFunction", _reducer_text)


@builtin_upvalue("Information", "DimensionReducerFunction")
def _reducer_information(ev, f, prop=None, *rest):
    """Information[f] (an association), Information[f, "prop"] or a list of names: the
    "Method", "InputDimension" and "OutputDimension" of a reducer."""
    from wlnet.builtins.learn_distribution import information_answer
    fields = _reducer_fields(f)
    if fields is None or rest or "Method" not in fields:
        return None
    values = {name: fields[name] for name in ("Method", "InputDimension", "OutputDimension")}
    return information_answer(ev, values, prop, REDUCER, "iprop")
