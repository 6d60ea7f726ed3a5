"""``ClusterClassify``: a ClassifierFunction learnt without labels, whose classes are the
clusters found in the data (1, 2, … in the order of their first example).  Options as
FindClusters' (Method, DistanceFunction, CriterionFunction, RandomSeeding; a number of
clusters n or UpTo[n]).

The examples become Classify's features (``machine_learning.Features``: numbers
standardized, other values one-hot…), are clustered there as FindClusters clusters
("KMeans" by default, "KMedoids", "Agglomerate"; the number of clusters chosen from the
data unless given), and the classifier assigns a new example to the nearest cluster centre
(the mean of its members).  Its probabilities are a softmax of minus the squared distances
over twice the clusters' mean within-cluster variance: a mixture of equal spherical
Gaussians, so an example between two clusters gets about even odds.  WL's own
probabilities model is unpublished; this one is ours.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins import clustering as C
from wlnet.builtins.dataset import data_of
from wlnet.builtins.machine_learning import (CLASSIFIER, MODEL_CLASSES, Features,
                                             _model_expr, _softmax, _training_pairs)
from wlnet.core.expr import Expr, Integer, Real, S, Symbol
from wlnet.core.packed import list_from_array
from wlnet.core.registry import builtin

_MESSAGES = {**C._MESSAGES}


class CentroidModel:
    """Nearest cluster centre, with Gaussian soft assignments."""

    def __init__(self, x: np.ndarray, labels: np.ndarray, k: int):
        self.centres = np.stack([x[labels == c].mean(axis=0) for c in range(k)])
        spread = C._squared_distances(x, self.centres)[np.arange(len(x)), labels]
        # the mean squared distance to one's centre per feature, floored so that
        # clusters of identical points still give finite odds
        self.variance = max(float(spread.mean()) / x.shape[1], 1e-6)

    def state(self) -> dict:
        return {"Centres": list_from_array(self.centres), "Variance": Real(self.variance)}

    @classmethod
    def restore(cls, fields: dict):
        self = cls.__new__(cls)
        self.centres = np.array(C._nested_floats(fields["Centres"]), dtype=float)
        self.variance = fields["Variance"].value
        return self

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        return _softmax(-C._squared_distances(x, self.centres) / (2 * self.variance))


MODEL_CLASSES.update(dict.fromkeys(C.CLUSTER_METHODS, CentroidModel))


def _examples(data) -> list | None:
    """The examples of ClusterClassify's data: a list (a list of rules or an association
    is clustered on its keys' examples, as FindClusters does)."""
    parsed = C._cluster_data(data)
    if parsed is not None:
        return parsed[0]
    pairs = _training_pairs(data)
    return pairs[0] if pairs else None


@builtin("ClusterClassify", argc=(1, None), messages=_MESSAGES,
         usage="ClusterClassify[{e1, e2, …}] finds clusters in the examples and gives a "
               "ClassifierFunction that assigns an example to one of them (classes 1, 2, …); "
               "ClusterClassify[data, n] with n clusters.  Method -> \"KMeans\", \"KMedoids\" "
               "or \"Agglomerate\"; RandomSeeding.",
         examples=(("ClusterClassify[{1, 1.2, 0.8, 10, 10.5, 9.7}][{0.9, 11}]", "{1, 2}"),))
def cluster_classify(ev, data, *rest):
    head = Symbol("ClusterClassify")
    data = data_of(data)                          # a Dataset: its rows
    split = C._split_options(ev, head, (data, *rest), C._CLUSTER_OPTIONS)
    if split is None:
        return None
    positional, options = split
    examples = _examples(data)
    try:
        features = Features(examples) if examples and len(examples) >= 1 else None
    except (ValueError, TypeError):
        features = None
    if features is None or len(positional) > 2:
        ev.message(head, "data", data)
        return None
    x = features.matrix
    labels = C.cluster_call(ev, head, examples, x,
                            positional[1] if len(positional) > 1 else None, options)
    if labels is None:
        return None
    method = C._method(ev, head, options, C.CLUSTER_METHODS, "KMeans")
    count = int(labels.max()) + 1
    model = CentroidModel(x, labels, count)
    classes = Expr(S.List, *[Integer(i) for i in range(1, count + 1)])
    return Expr(CLASSIFIER, _model_expr(method, model, features, Classes=classes))
