"""``Classify`` and ``Predict``: the Wolfram Language's automatic classifiers and
predictors, which net scripts use as baselines and for quick models
(``ClassifierFunction``, ``PredictorFunction``; their measurements are in
ml_measurements.py).

Data: {x1 -> y1, …}, {x1, …} -> {y1, …}, <|class -> {x…}, …|>, rows -> "column" (or a
position) and Datasets.  Examples are numbers, vectors, strings, symbols, colours, dates,
images, associations or lists mixing them: each position becomes features
(wlnet/builtins/_features.py: numbers and dates standardized, a nominal value one-hot,
strings of several words a TF-IDF vector, colours their RGB values, images a thumbnail;
Missing[] values imputed).

Method -> Automatic searches (wlnet/builtins/_model_search.py): a few candidate methods
by task, data size and PerformanceGoal, scored by k-fold cross-validation or on the
ValidationSet (examples, or Scaled[f] held out of the fit), bounded by TimeGoal; the best
is fitted and Information gives its "Method" and estimated "Accuracy"/"MeanCrossEntropy"
(classifier) or "StandardDeviation" (predictor).  Fewer than 10 examples (or a class with a
single one), or PerformanceGoal -> "DirectTraining": the default method is fitted directly.
Methods:
"LogisticRegression" (multinomial, L2-regularised, SciPy's L-BFGS; "L1Regularization" adds
an L1 penalty, fitted over positive and negative parts so useless weights become exact zeros),
"NearestNeighbors" (about √n neighbours, at most 5, or "NeighborsNumber"; a named or any
"DistanceFunction"; votes smoothed by "DistributionSmoothing"; their mean for Predict),
"LinearRegression" (least squares, optionally ridge and/or L1 (lasso)), "NaiveBayes",
"SupportVectorMachine", "Markov" (text) (wlnet/builtins/_ml_models.py), "GaussianProcess"
(Predict; its covariances, estimation and optimization methods in _gaussian_process.py),
the tree methods "DecisionTree", "RandomForest",
"GradientBoostedTrees" (wlnet/builtins/_trees.py) and "NeuralNetwork" (one hidden layer
fitted by L-BFGS).  Options used: Method (with suboptions), PerformanceGoal, TimeGoal,
ValidationSet, RandomSeeding, FeatureExtractor, FeatureNames, AnomalyDetector and
AcceptanceThreshold, and Classify's
ClassPriors, IndeterminateThreshold and UtilityFunction (the decision maximises the
expected utility); WL's other options are accepted.  Classify[cf, opts] and Predict[p, opts]
give the function with new ClassPriors (a classifier's), IndeterminateThreshold,
UtilityFunction or a FeatureExtractor put before its own, its model kept (a predictor's
threshold and utility: _predictor_decisions.py).

``cf[x]`` is the most probable class, ``cf[x, "Probabilities"]`` an association, also
"TopProbabilities", "Probability" -> c, "LogProbabilities", "ExpectedUtilities",
"Entropy", "Decision", "Distribution" (a CategoricalDistribution); ``p[x]`` the prediction
and ``p[x, "Distribution"]`` a NormalDistribution with the residuals' spread (a Gaussian
process: its own at x).  "SHAPValues" (both; _shap_values.py): per feature, a classifier's
odds-ratio multipliers over each class's prior, a predictor's deviations from the training
output mean.  A list
of examples gives a list of answers; an anomalous one (with an AnomalyDetector)
Missing["Anomalous"].
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from wlnet.builtins import _model_search as search
from wlnet.builtins._blas_threads import on_one_blas_thread
from wlnet.builtins._features import Features, _association, _fields, _is_association
from wlnet.builtins._listutil import float_value
from wlnet.builtins._gaussian_process import (ESTIMATION_METHODS, GP_COVARIANCES,
                                              OPTIMIZATION_METHODS, GaussianProcessModel)
from wlnet.builtins._ml_models import (MarkovModel,
                                      NaiveBayesModel, SupportVectorModel)
from wlnet.builtins._trees import TREE_METHODS, TreeModel
from wlnet.builtins.clustering import DISTANCE_METRICS
from wlnet.builtins.random import seeded_generator
from wlnet.core.expr import TRUE, Expr, Integer, Real, S, String, Symbol
from wlnet.core.numeric_array import reals_expr
from wlnet.core.packed import list_from_array, packed_array, to_packed
from wlnet.core.registry import (builtin, builtin_subvalue, builtin_upvalue, declare,
                                 split_options)

CLASSIFIER = Symbol("ClassifierFunction")
PREDICTOR = Symbol("PredictorFunction")
PREDICTOR_MEASUREMENTS = Symbol("PredictorMeasurementsObject")
_MESSAGES = {
    "bdfmt": "`1` is not training data: give {x1 -> y1, …}, {x1, …} -> {y1, …} or an "
             "association of classes to their examples.",
    "mthd": "`1` is not a method wlnet has for `2` (`3`).",
    "optx": "Unknown option `1` in `2`.",
    "subopt": "`1` is not a valid setting of the method `2`: `3`.",
    "thrs": "`1` is not a valid IndeterminateThreshold: a number from 0 to 1.",
    "anomdet": "`1` is not a valid AnomalyDetector: None, Automatic or an "
               "AnomalyDetectorFunction.",
    "builtin": "The built-in classifier `1` is a trained model of Wolfram's that wlnet does "
               "not have; train one with Classify[examples].",
    "mtext": "The method \"Markov\" needs strings as examples.",
    "fnames": "`1` is not a list of feature names (strings), one per position of the "
              "examples.",
    "utility": "`1` is not a valid UtilityFunction: <|actual -> <|decided -> utility, …|>, …|> "
               "over the classes (and Indeterminate), or a function of the two.",
    "prior": "`1` is not a valid ClassPriors setting: an association of classes to "
             "non-negative weights.",
    "ftype": "The example `1` does not have the form of the training examples.",
    "bdtest": "`1` is not test data of the function: give {x1 -> y1, …} or {x1, …} -> {y1, "
              "…} with examples of the training examples' form.",
    "bdprop": "`1` is not a known property.",
    "shapraw": "SHAP values need examples made of features; this model reads each example "
               "(`1`) as one whole string.",
    "nclass": "Classify needs examples of at least two classes.",
    "upd": "`1` cannot change in a trained function (IndeterminateThreshold, "
           "UtilityFunction, PerformanceGoal, FeatureExtractor and a classifier's ClassPriors "
           "can); train it again with the setting.",
    "nndist": "The DistanceFunction `1` does not give a non-negative number for two "
              "examples; such pairs are taken as infinitely far apart.",
    "pthrs": "`1` is not a valid IndeterminateThreshold of a predictor: a non-negative "
             "probability density.",
    "putility": "`1` is not a valid UtilityFunction of a predictor: a function of the actual "
                "and the predicted value giving a number.",
    "updfe": "`1` is not a feature extractor to put before the function's own: give a "
             "FeatureExtractorFunction or a function.",
    "valset": "`1` is not a valid ValidationSet: None, Automatic, Scaled[f] with 0 < f < 1, "
              "or examples in the training data's form.",
    "perfgoal": "`1` is not a valid PerformanceGoal: Automatic, \"Quality\", \"Speed\", "
                "\"TrainingSpeed\", \"Memory\", \"DirectTraining\" or a list of them.",
    "timegoal": "`1` is not a valid TimeGoal: Automatic or a non-negative number of seconds "
                "(or a Quantity of time).",
}

declare("ClassifierFunction", attributes=("Protected",), messages=_MESSAGES,
        usage="ClassifierFunction[…] is a classifier made by Classify: cf[x] is the class of "
              "x, cf[x, \"Probabilities\"] the classes' probabilities.")
declare("PredictorFunction", attributes=("Protected",), messages=_MESSAGES,
        usage="PredictorFunction[…] is a predictor made by Predict: p[x] is the predicted "
              "value, p[x, \"Distribution\"] its distribution.")


# ---------------------------------------------------------------------------- data

def _array(e) -> np.ndarray | None:
    arr = packed_array(to_packed(e, coerce=True)) if type(e) is Expr else None
    return None if arr is None else arr.astype(float)


def _training_pairs(data):
    """(examples, labels) of the data forms Classify and Predict take; None otherwise."""
    data = _dataset_rows(data)
    column = _output_column(data)
    if column is not None:
        return column
    if type(data) is Expr and data.head is S.Rule and len(data.args) == 2 and all(
            type(a) is Expr and a.head is S.List for a in data.args) and \
            len(data.args[0].args) == len(data.args[1].args):
        return list(data.args[0].args), list(data.args[1].args)
    if type(data) is Expr and data.head is S.Association:
        xs, ys = [], []
        for rule in data.args:
            examples = rule.args[1]
            items = examples.args if type(examples) is Expr and examples.head is S.List \
                else (examples,)
            xs.extend(items)
            ys.extend([rule.args[0]] * len(items))
        return xs, ys
    if type(data) is Expr and data.head is S.List and data.args and all(
            type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and len(r.args) == 2
            for r in data.args):
        return [r.args[0] for r in data.args], [r.args[1] for r in data.args]
    return None


def _dataset_rows(data):
    """A Dataset's rows (in any data form: Dataset[rows] -> out as well)."""
    def rows(e):
        return e.args[0] if type(e) is Expr and getattr(e.head, "name", "") == "Dataset" \
            and e.args else e
    if type(data) is Expr and data.head is S.Rule and len(data.args) == 2:
        return Expr(S.Rule, rows(data.args[0]), data.args[1])
    return rows(data)


def _output_column(data):
    """{row1, row2, …} -> out, with out a key of association rows or a position in list
    rows (-1: the last): (the rows without that part, its values); None otherwise."""
    if not (type(data) is Expr and data.head is S.Rule and len(data.args) == 2):
        return None
    rows, out = data.args
    if not (type(rows) is Expr and rows.head is S.List and rows.args) or \
            type(out) not in (String, Integer):
        return None
    examples, labels = [], []
    for row in rows.args:
        if type(out) is String and _is_association(row):
            parts = [r for r in row.args if r.args[0] != out]
            if len(parts) == len(row.args):
                return None
            labels.append(next(r.args[1] for r in row.args if r.args[0] == out))
            examples.append(Expr(S.Association, *parts))
        elif type(out) is Integer and type(row) is Expr and row.head is S.List and \
                1 <= abs(out.value) <= len(row.args):
            at = out.value - 1 if out.value > 0 else len(row.args) + out.value
            labels.append(row.args[at])
            rest = row.args[:at] + row.args[at + 1:]
            examples.append(rest[0] if len(rest) == 1 else Expr(S.List, *rest))
        else:
            return None
    return examples, labels


# ---------------------------------------------------------------------------- models

def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _minimize_l1(loss, weighted: np.ndarray, l1: float) -> np.ndarray:
    """The parameters minimising loss(w) + l1 Σ weighted|w| (loss gives its value and
    gradient; weighted is 1 for a penalised parameter, 0 for a free one).  With l1 > 0 each
    parameter is split into positive and negative parts bounded below by 0, which makes the
    penalty smooth for L-BFGS-B and leaves exact zeros where the penalty wins."""
    from scipy.optimize import minimize
    size = len(weighted)
    if l1 <= 0:
        return minimize(loss, np.zeros(size), jac=True, method="L-BFGS-B",
                        options={"maxiter": 500}).x

    def split_loss(parts):
        w = parts[:size] - parts[size:]
        value, grad = loss(w)
        value += l1 * np.sum(weighted * (parts[:size] + parts[size:]))
        return value, np.concatenate([grad + l1 * weighted, -grad + l1 * weighted])

    parts = minimize(split_loss, np.zeros(2 * size), jac=True, method="L-BFGS-B",
                     bounds=[(0, None)] * (2 * size), options={"maxiter": 1000}).x
    return parts[:size] - parts[size:]


def _least_squares_loss(design: np.ndarray, y: np.ndarray, penalty: float):
    """The mean squared residual of design @ w against y plus penalty Σ w² over all but the
    last (constant) coefficient, and its gradient."""
    n = len(y)
    free = np.r_[np.ones(design.shape[1] - 1), 0.0]

    def loss(w):
        residual = design @ w - y
        value = residual @ residual / n + penalty * np.sum(free * w ** 2)
        return value, 2 * design.T @ residual / n + 2 * penalty * free * w
    return loss


class LogisticModel:
    """Multinomial logistic regression: the mean negative log-likelihood plus an L2 penalty
    (as WL's default regularises) and optionally an L1 one on the weights (not the
    constants)."""

    def __init__(self, x: np.ndarray, y: np.ndarray, classes: int, penalty: float = 1e-3,
                 l1: float = 0.0):
        n, d = x.shape
        design = np.hstack([x, np.ones((n, 1))])
        onehot = np.eye(classes)[y]

        def loss(flat):
            w = flat.reshape(d + 1, classes)
            p = _softmax(design @ w)
            value = -np.sum(onehot * np.log(p + 1e-300)) / n + penalty * np.sum(w[:-1] ** 2)
            grad = design.T @ (p - onehot) / n
            grad[:-1] += 2 * penalty * w[:-1]
            return value, grad.ravel()

        weighted = np.ones((d + 1, classes))
        weighted[-1] = 0                              # the constants are not penalised
        self.weights = _minimize_l1(loss, weighted.ravel(), l1).reshape(d + 1, classes)

    def state(self) -> dict:
        return {"Weights": list_from_array(self.weights)}

    @classmethod
    def restore(cls, fields: dict):
        self = cls.__new__(cls)
        self.weights = _array(fields["Weights"])
        return self

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        return _softmax(np.hstack([x, np.ones((len(x), 1))]) @ self.weights)


class NeighborsModel:
    """k nearest neighbours over the standardized features (Euclidean, or the named
    "DistanceFunction" suboption), or by a DistanceFunction given as a function: called on
    the examples as given (decoded back from the feature vectors), each query with each
    training example, which needs the evaluator (``bind``).  Class probabilities: the
    neighbours' votes smoothed by "DistributionSmoothing" s, (votes + s) / (k + s classes)."""

    def __init__(self, x: np.ndarray, y: np.ndarray, classes: int | None, k: int | None = None,
                 distance="EuclideanDistance", smoothing: float = 0.5):
        # k: about the square root of the examples, at most 5 (small sets: few neighbours)
        k = k or min(5, max(1, int(round(np.sqrt(len(x))))))
        self.x, self.y, self.classes, self.k = x, y, classes, min(k, len(x))
        self.distance, self.smoothing = distance, smoothing
        self._pair_distances = None

    def bind(self, ev, features: Features, queries: list | None = None):
        """A function distance: how to compute it (with this evaluator, on examples
        decoded by these features); ``queries``: the next queries as given (a nominal
        value not seen in training does not survive encoding)."""
        if isinstance(self.distance, str):
            return
        function, examples = self.distance, features.decode_all(self.x)
        head = CLASSIFIER if self.classes else PREDICTOR

        def pair_distances(x):
            given = queries if queries is not None and len(queries) == len(x) \
                else features.decode_all(x)
            out = np.empty((len(given), len(examples)))
            for i, q in enumerate(given):         # a user's function: one call per pair
                for j, e in enumerate(examples):
                    value = float_value(ev.evaluate(Expr(function, q, e)))
                    out[i, j] = np.inf if value is None or value < 0 else value
            if np.isinf(out).any():
                ev.message(head, "nndist", function)
            return out
        self._pair_distances = pair_distances

    def state(self) -> dict:
        return {"Points": list_from_array(self.x), "Targets": list_from_array(self.y),
                "ClassCount": Integer(self.classes or 0), "K": Integer(self.k),
                "Distance": String(self.distance) if isinstance(self.distance, str)
                else self.distance, "Smoothing": Real(self.smoothing)}

    @classmethod
    def restore(cls, fields: dict):
        targets = _array(fields["Targets"])
        classes = fields["ClassCount"].value or None
        distance = fields.get("Distance")          # absent in objects made before it was kept
        smoothing = fields.get("Smoothing")        # absent before: votes / k
        return cls(_array(fields["Points"]), targets.astype(np.int64) if classes else targets,
                   classes, fields["K"].value,
                   "EuclideanDistance" if distance is None else
                   distance.value if type(distance) is String else distance,
                   smoothing.value if smoothing is not None else 0.0)

    def _nearest(self, x):
        if not isinstance(self.distance, str):
            if self._pair_distances is None:
                raise ValueError("a function distance needs bind() first")
            d = self._pair_distances(x)
        else:
            from scipy.spatial.distance import cdist
            d = cdist(x, self.x, DISTANCE_METRICS[self.distance])
        return np.argsort(d, axis=1, kind="stable")[:, :self.k]

    def probabilities(self, x):
        votes = self.y[self._nearest(x)]
        counts = (votes[:, :, None] == np.arange(self.classes)).sum(axis=1)
        return (counts + self.smoothing) / (self.k + self.smoothing * self.classes)

    def predict(self, x):
        return self.y[self._nearest(x)].mean(axis=1)


class LinearModel:
    """Least squares on the features and a constant (the minimum-norm solution when
    features are collinear)."""

    def __init__(self, x: np.ndarray, y: np.ndarray, penalty: float = 0.0, l1: float = 0.0):
        design = np.hstack([x, np.ones((len(x), 1))])
        if l1 > 0:                   # no closed form: the mean squared residual + penalties
            self.coefficients = _minimize_l1(_least_squares_loss(design, y, penalty),
                                             np.r_[np.ones(x.shape[1]), 0.0], l1)
            return
        if penalty > 0:              # ridge: the constant is not penalised
            ridge = np.sqrt(penalty * len(x)) * np.eye(x.shape[1] + 1)[:-1]
            design = np.vstack([design, ridge])
            y = np.concatenate([y, np.zeros(x.shape[1])])
        self.coefficients = np.linalg.lstsq(design, y, rcond=None)[0]

    def state(self) -> dict:
        return {"Coefficients": list_from_array(self.coefficients)}

    @classmethod
    def restore(cls, fields: dict):
        self = cls.__new__(cls)
        self.coefficients = _array(fields["Coefficients"])
        return self

    def predict(self, x):
        return np.hstack([x, np.ones((len(x), 1))]) @ self.coefficients


class NeuralModel:
    """Method -> "NeuralNetwork": one hidden layer of tanh units (a softmax output for
    Classify, a linear one on the standardized values for Predict), its weights fitted by
    SciPy's L-BFGS on the whole training set with a small L2 penalty."""

    HIDDEN = 32

    def __init__(self, x: np.ndarray, y: np.ndarray, classes: int | None, seed: int = 0,
                 penalty: float = 1e-4):
        from scipy.optimize import minimize
        n, d = x.shape
        self.classes = classes
        if classes:
            targets = np.eye(classes)[y]
            self.shift, self.scale = 0.0, 1.0
        else:
            self.shift, self.scale = float(y.mean()), float(y.std()) or 1.0
            targets = ((y - self.shift) / self.scale).reshape(-1, 1)
        k, h = targets.shape[1], self.HIDDEN
        shapes = [(d, h), (h,), (h, k), (k,)]
        rng = np.random.default_rng(seed)
        start = np.concatenate([rng.normal(0, 1 / np.sqrt(d), d * h), np.zeros(h),
                                rng.normal(0, 1 / np.sqrt(h), h * k), np.zeros(k)])

        def loss(flat):
            w1, b1, w2, b2 = _unflatten(flat, shapes)
            hidden = np.tanh(x @ w1 + b1)
            out = hidden @ w2 + b2
            if classes:
                p = _softmax(out)
                value = -np.sum(targets * np.log(p + 1e-300)) / n
                delta = (p - targets) / n
            else:
                value = 0.5 * np.sum((out - targets) ** 2) / n
                delta = (out - targets) / n
            back = (delta @ w2.T) * (1 - hidden ** 2)
            grads = [x.T @ back + 2 * penalty * w1, back.sum(axis=0),
                     hidden.T @ delta + 2 * penalty * w2, delta.sum(axis=0)]
            value += penalty * (np.sum(w1 ** 2) + np.sum(w2 ** 2))
            return value, np.concatenate([g.ravel() for g in grads])

        result = minimize(loss, start, jac=True, method="L-BFGS-B", options={"maxiter": 1000})
        self.layers = _unflatten(result.x, shapes)

    def state(self) -> dict:
        return {"Layers": Expr(S.List, *(list_from_array(np.asarray(a)) for a in self.layers)),
                "ClassCount": Integer(self.classes or 0), "Shift": Real(self.shift),
                "Scale": Real(self.scale)}

    @classmethod
    def restore(cls, fields: dict):
        self = cls.__new__(cls)
        self.layers = [_array(a) for a in fields["Layers"].args]
        self.classes = fields["ClassCount"].value or None
        self.shift, self.scale = fields["Shift"].value, fields["Scale"].value
        return self

    def _out(self, x: np.ndarray) -> np.ndarray:
        w1, b1, w2, b2 = self.layers
        return np.tanh(x @ w1 + b1) @ w2.reshape(len(b1), -1) + b2

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        return _softmax(self._out(x))

    def predict(self, x: np.ndarray) -> np.ndarray:
        return self._out(x)[:, 0] * self.scale + self.shift


def _unflatten(flat: np.ndarray, shapes: list) -> list:
    out, at = [], 0
    for shape in shapes:
        size = int(np.prod(shape))
        out.append(flat[at:at + size].reshape(shape))
        at += size
    return out


# ---------------------------------------------------------------------------- training

MODEL_CLASSES = {"LogisticRegression": LogisticModel, "NearestNeighbors": NeighborsModel,
                 "LinearRegression": LinearModel, "NeuralNetwork": NeuralModel,
                 "NaiveBayes": NaiveBayesModel, "GaussianProcess": GaussianProcessModel,
                 "SupportVectorMachine": SupportVectorModel, "Markov": MarkovModel,
                 **{m: TreeModel for m in TREE_METHODS}}
CLASSIFY_METHODS = ("LogisticRegression", "NearestNeighbors", "NaiveBayes",
                    "SupportVectorMachine", "Markov", "DecisionTree", "RandomForest",
                    "GradientBoostedTrees", "NeuralNetwork")
PREDICT_METHODS = ("LinearRegression", "NearestNeighbors", "GaussianProcess", "DecisionTree",
                   "RandomForest", "GradientBoostedTrees", "NeuralNetwork")
# options Classify and Predict take: Method, PerformanceGoal, TimeGoal, ValidationSet,
# RandomSeeding, FeatureExtractor, FeatureNames, AnomalyDetector and AcceptanceThreshold (and
# Classify's ClassPriors, IndeterminateThreshold, UtilityFunction) are used; the others are
# accepted (progress reporting, devices, recalibration have no counterpart here)
_COMMON_OPTIONS = ("Method", "RandomSeeding", "PerformanceGoal", "TrainingProgressReporting",
                   "ValidationSet", "FeatureNames", "FeatureTypes", "FeatureExtractor",
                   "TimeGoal", "TargetDevice", "AnomalyDetector", "AcceptanceThreshold",
                   "MissingValueSynthesis", "RecalibrationFunction")
CLASSIFY_OPTIONS = _COMMON_OPTIONS + ("ClassPriors", "IndeterminateThreshold",
                                      "UtilityFunction")
PREDICT_OPTIONS = _COMMON_OPTIONS
# Method suboptions used: name -> (the methods that use it, integer?)
_SUBOPTIONS = {"NeighborsNumber": (("NearestNeighbors",), True),
               "L2Regularization": (("LogisticRegression", "LinearRegression"), False),
               "L1Regularization": (("LogisticRegression", "LinearRegression"), False),
               "TreeNumber": (TREE_METHODS, True),
               "MaxTrainingRounds": (("GradientBoostedTrees",), True),
               "LeafSize": (TREE_METHODS, True),
               "LearningRate": (("GradientBoostedTrees",), False),
               "SoftMarginParameter": (("SupportVectorMachine",), False),
               "GammaScalingParameter": (("SupportVectorMachine",), False),
               "Order": (("Markov",), True),
               "DistributionSmoothing": (("NearestNeighbors",), False)}
SVM_KERNELS = ("RadialBasisFunction", "Linear", "Polynomial")
# suboptions whose settings are names: (method, name) -> the settings wlnet has
_NAMED_SUBOPTIONS = {("SupportVectorMachine", "KernelType"): SVM_KERNELS,
                     ("GaussianProcess", "CovarianceType"): GP_COVARIANCES,
                     ("GaussianProcess", "AssumeDeterministic"): ("True", "False"),
                     ("GaussianProcess", "EstimationMethod"): ESTIMATION_METHODS,
                     ("GaussianProcess", "OptimizationMethod"): OPTIMIZATION_METHODS,
                     ("NearestNeighbors", "DistanceFunction"): tuple(DISTANCE_METRICS)}


def _seed(ev, options=None) -> int:
    """A seed for a method's random choices: RandomSeeding's when given, else one that
    follows SeedRandom."""
    spec = (options or {}).get("RandomSeeding")
    if spec is not None:
        rng = seeded_generator(ev, spec)
        if rng is not None:
            return int(rng.integers(0, 2 ** 31))
    return int(ev.rng.integers(0, 2 ** 31))


def _training_call(ev, head, rest, known, methods, default):
    """(positional arguments, options, method, its suboptions, Automatic?) of a Classify
    or Predict call (Automatic: the default method, replaced by the model search's choice);
    None after a message (an unknown option, method or suboption value)."""
    split = split_options(tuple(rest), dict.fromkeys(known))
    if split is None:
        unknown = next(r for r in reversed(rest) if _option_name(r) not in known)
        ev.message(head, "optx", unknown, head)
        return None
    positional, options = split
    options = {k: v for k, v in options.items() if v is not None}
    spec = options.get("Method", Symbol("Automatic"))
    given = list(spec.args[1:]) if type(spec) is Expr and spec.head is S.List else []
    name = spec.args[0] if type(spec) is Expr and spec.head is S.List and spec.args else spec
    automatic = type(name) is Symbol and name.name == "Automatic"
    if automatic:
        method = default
    elif type(name) is String and name.value in methods:
        method = name.value
    else:
        ev.message(head, "mthd", name, head, String(", ".join(methods)))
        return None
    settings = {}
    for rule in given:
        key = _option_name(rule)
        choices = _NAMED_SUBOPTIONS.get((method, key))
        value = rule.args[1]
        if (method, key) == ("NearestNeighbors", "DistanceFunction") and \
                type(value) is not String and \
                not (type(value) is Symbol and value.name in DISTANCE_METRICS):
            settings[key] = value               # a function of two examples
            continue
        if (method, key) == ("GaussianProcess", "CovarianceType") and \
                _is_association(rule.args[1]):
            kinds = _covariance_by_type(rule.args[1])
            if kinds is None:
                ev.message(head, "subopt", rule, String(method), String(
                    "an association <|\"Numerical\" -> kind, \"Nominal\" -> kind|> of "
                    + ", ".join(GP_COVARIANCES[:-2])))
                return None
            settings[key] = kinds
            continue
        if choices is not None:
            value = rule.args[1]
            named = value.value if type(value) is String else value.name \
                if type(value) is Symbol else None
            if named not in choices:
                ev.message(head, "subopt", rule, String(method),
                           String("one of " + ", ".join(choices)))
                return None
            settings[key] = {"True": True, "False": False}.get(named, named)
            continue
        if key not in _SUBOPTIONS or method not in _SUBOPTIONS[key][0]:
            continue                           # a suboption of WL's that this fit has not
        value, integer = rule.args[1], _SUBOPTIONS[key][1]
        number = float_value(value)
        if number is None or number < 0 or integer and (type(value) is not Integer
                                                        or number < 1):
            ev.message(head, "subopt", rule, String(method), String(
                "a non-negative number (an integer of at least 1 for a count)"))
            return None
        settings["TreeNumber" if key == "MaxTrainingRounds" else key] = \
            int(number) if integer else number
    return positional, options, method, settings, automatic


def _covariance_by_type(assoc) -> dict | None:
    """A GaussianProcess "CovarianceType" association <|"Numerical" -> kind, "Nominal" ->
    kind|> as a dict; None when it has another key or a kind that is not a single one."""
    out = {}
    for rule in assoc.args:
        key, value = rule.args[0], rule.args[1]
        if not (type(key) is String and key.value in ("Numerical", "Nominal") and
                type(value) is String and value.value in GP_COVARIANCES[:-2]):
            return None
        out[key.value] = value.value
    return out


def _option_name(rule) -> str | None:
    if type(rule) is Expr and rule.head in (S.Rule, S.RuleDelayed) and len(rule.args) == 2:
        key = rule.args[0]
        return key.name if type(key) is Symbol else getattr(key, "value", None)
    return None


@on_one_blas_thread                       # many small matrix operations: see _blas_threads
def _fit(ev, method: str, settings: dict, x, y, classes: int | None, options: dict,
         nominal=None):
    """The fitted model of a method (classes: their number for Classify, None for
    Predict; nominal: per feature column whether it is one of a nominal value's one-hot
    columns)."""
    if method == "LogisticRegression":
        return LogisticModel(x, y, classes, settings.get("L2Regularization", 1e-3),
                             settings.get("L1Regularization", 0.0))
    if method == "LinearRegression":
        return LinearModel(x, y, settings.get("L2Regularization", 0.0),
                           settings.get("L1Regularization", 0.0))
    if method == "NearestNeighbors":
        return NeighborsModel(x, y, classes, settings.get("NeighborsNumber"),
                              settings.get("DistanceFunction", "EuclideanDistance"),
                              settings.get("DistributionSmoothing", 0.5))
    if method in TREE_METHODS:
        return TreeModel(x, y, classes, method, _seed(ev, options), settings)
    if method == "NaiveBayes":
        return NaiveBayesModel(x, y, classes)
    if method == "SupportVectorMachine":
        return SupportVectorModel(x, y, classes, settings)
    if method == "GaussianProcess":
        return GaussianProcessModel(x, y, settings, nominal, _seed(ev, options))
    return NeuralModel(x, y, classes, _seed(ev, options))


def _extracted(ev, examples: list, options: dict):
    """(examples as the FeatureExtractor option makes them, the extractor or None); None
    after a message (FeatureExtraction's: the extractor is learnt as it learns one)."""
    spec = options.get("FeatureExtractor")
    if spec is None or type(spec) is Symbol and spec.name in ("Automatic", "Identity"):
        return examples, None
    from wlnet.builtins import feature_extraction as F
    if type(spec) is Expr and spec.head is F.EXTRACTOR:
        fe = spec
        out = ev.evaluate(Expr(fe, Expr(S.List, *examples)))
        rows = list(out.args) if type(out) is Expr and out.head is S.List and \
            len(out.args) == len(examples) else None
        return (rows, fe) if rows is not None else None
    made = F._extractor(ev, S.FeatureExtraction, Expr(S.List, *examples), spec)
    if made is None:
        return None
    fe, extracted = made
    rows = [reals_expr(r) for r in extracted] if isinstance(extracted, np.ndarray) \
        else list(extracted)
    return rows, fe


def _named(ev, head, examples: list, options: dict):
    """The examples as associations of the FeatureNames given ({name1, name2, …}: an
    example's positions, in order); the examples as they are without the option; None
    after a message."""
    names = options.get("FeatureNames")
    if names is None or type(names) is Symbol and names.name == "Automatic":
        return examples
    keys = list(names.args) if type(names) is Expr and names.head is S.List else [names]
    out = []
    for e in examples:
        values = list(e.args) if type(e) is Expr and e.head is S.List else [e]
        if _is_association(e):
            out.append(e)                           # already named
            continue
        if len(values) != len(keys) or not all(type(k) is String for k in keys):
            ev.message(head, "fnames", names)
            return None
        out.append(Expr(S.Association, *[Expr(S.Rule, k, v) for k, v in zip(keys, values)]))
    return out


def _anomaly_detector(ev, examples: list, options: dict):
    """The AnomalyDetector setting: None (the default), or an AnomalyDetectorFunction
    (Automatic: learnt from the training examples, with the AcceptanceThreshold given);
    False after a message."""
    spec = options.get("AnomalyDetector")
    if spec is None or type(spec) is Symbol and spec.name in ("None", "False"):
        return None
    if type(spec) is Expr and getattr(spec.head, "name", "") == "AnomalyDetectorFunction":
        return spec
    if not (type(spec) is Symbol and spec.name in ("Automatic", "True")):
        ev.message(S.Classify, "anomdet", spec)
        return False
    from wlnet.builtins.anomalies import anomaly_detection
    threshold = options.get("AcceptanceThreshold")
    extra = [Expr(S.Rule, Symbol("AcceptanceThreshold"), threshold)] if threshold is not None \
        else []
    detector = anomaly_detection(ev, Expr(S.List, *examples), *extra)
    return False if detector is None else detector


def _anomalous(ev, fields: dict, x, single: bool, options: dict) -> list | None:
    """Per example whether the function's AnomalyDetector finds it anomalous (with the
    call's AcceptanceThreshold if given); None without a detector."""
    detector = fields.get("AnomalyDetector")
    if detector is None:
        return None
    extra = [Expr(S.Rule, Symbol("AcceptanceThreshold"), options["AcceptanceThreshold"])] \
        if "AcceptanceThreshold" in options else []
    found = ev.evaluate(Expr(detector, x, *extra))
    flags = [found] if single else list(found.args) if type(found) is Expr and \
        found.head is S.List else None
    return [f is TRUE for f in flags] if flags is not None else None


@dataclass
class Prepared:
    """A Classify or Predict call read and its examples made features: the positional
    arguments after the data, the options, the method and its suboptions, the examples
    (as the FeatureNames and FeatureExtractor options make them), their answers (classes
    or values), their Features, the fields every trained function keeps, whether to
    search for the method (Method -> Automatic), the PerformanceGoals and the TimeGoal (in
    seconds, or None)."""
    positional: list
    options: dict
    method: str
    settings: dict
    examples: list
    answers: list
    features: Features
    fields: dict
    search: bool
    goals: list
    time_goal: float | None


def _prepared(ev, head, data, rest, known, methods, default) -> Prepared | None:
    """What Classify and Predict share before fitting; None after a message."""
    call = _training_call(ev, head, rest, known, methods, default)
    if call is None:
        return None
    positional, options, method, settings, automatic = call
    goals = _performance_goals(ev, head, options.get("PerformanceGoal"))
    time_goal = _time_goal(ev, head, options.get("TimeGoal"))
    if goals is None or time_goal is False:
        return None
    pairs = _training_pairs(data)
    if pairs is None or not pairs[0] or len(positional) > 2:
        ev.message(head, "bdfmt", data)
        return None
    examples, answers = pairs
    detector = _anomaly_detector(ev, examples, options)     # of the examples as given
    if detector is False:
        return None
    examples = _named(ev, head, examples, options)
    extracted = _extracted(ev, examples, options) if examples is not None else None
    if extracted is None:
        return None
    examples, extractor = extracted
    try:
        features = Features(examples, text=True)    # sentences: their words
    except ValueError:
        ev.message(head, "bdfmt", data)
        return None
    fields = {"ExampleNumber": Integer(len(examples)),
              "MethodOption": _method_option(method, settings)}
    if extractor is not None:
        fields["Extractor"] = extractor
    if detector is not None:
        fields["AnomalyDetector"] = detector
    return Prepared(positional, options, method, settings, examples, answers, features, fields,
                    automatic and "DirectTraining" not in goals, goals, time_goal)


# ---------------------------------------------------------------------------- model search

def _performance_goals(ev, head, spec) -> list | None:
    """The PerformanceGoal setting as a list of goal names ([] for Automatic); None after
    a message."""
    if spec is None or type(spec) is Symbol and spec.name == "Automatic":
        return []
    goals = list(spec.args) if type(spec) is Expr and spec.head is S.List else [spec]
    if not all(type(g) is String and g.value in search.PERFORMANCE_GOALS for g in goals):
        ev.message(head, "perfgoal", spec)
        return None
    return [g.value for g in goals]


def _time_goal(ev, head, spec):
    """The TimeGoal in seconds (None: Automatic); False after a message."""
    if spec is None or type(spec) is Symbol and spec.name == "Automatic":
        return None
    from wlnet.builtins.audio import seconds
    value = seconds(spec)
    if value is None:
        ev.message(head, "timegoal", spec)
        return False
    return value


@dataclass
class Held:
    """Validation examples: their feature rows, their strings (for "Markov"; None unless
    every one is a string) and their answers (class indices, -1 for a class the training
    data lacks; or values)."""
    matrix: np.ndarray
    texts: list | None
    answers: np.ndarray


def _texts(examples: list) -> list | None:
    return [e.value for e in examples] if all(type(e) is String for e in examples) else None


def _held_training(prepared: Prepared, rows: np.ndarray, y: np.ndarray) -> Held:
    texts = _texts(prepared.examples)
    return Held(prepared.features.matrix[rows], None if texts is None else
                [texts[i] for i in rows], y[rows])


def _splits(ev, head, prepared: Prepared, y: np.ndarray, classes: list | None):
    """The validation of the model search and estimates: [(training rows, Held)…] from
    the ValidationSet (examples: all rows against them; Scaled[f]: a random fraction f held
    out) or, without one, k-fold cross-validation when the method is searched; [] when
    there is nothing to validate; None after a message."""
    spec = prepared.options.get("ValidationSet")
    n = len(y)
    every = np.arange(n)
    if spec is None or type(spec) is Symbol and spec.name in ("Automatic", "None"):
        if not prepared.search or type(spec) is Symbol and spec.name == "None":
            return []
        rng = np.random.default_rng(_seed(ev, prepared.options))
        folds = search.folds(y if classes is not None else None, n, rng)
        return [(train, _held_training(prepared, rows, y)) for train, rows in folds or []]
    if type(spec) is Expr and getattr(spec.head, "name", "") == "Scaled" and \
            len(spec.args) == 1:
        f = float_value(spec.args[0])
        held = int(round((f or 0) * n))
        if f is None or not 0 < f < 1 or not 1 <= held < n:
            ev.message(head, "valset", spec)
            return None
        order = np.random.default_rng(_seed(ev, prepared.options)).permutation(n)
        return [(np.sort(order[held:]), _held_training(prepared, np.sort(order[:held]), y))]
    held = _validation_examples(ev, head, prepared, spec, classes)
    if held is None:
        ev.message(head, "valset", spec)
        return None
    return [(every, held)]


def _validation_examples(ev, head, prepared: Prepared, spec,
                         classes: list | None) -> Held | None:
    """ValidationSet -> data: its examples made features as the training examples were
    (FeatureNames, the FeatureExtractor learnt, the Features); None if they do not fit."""
    pairs = _training_pairs(spec)
    if pairs is None or not pairs[0]:
        return None
    examples, answers = pairs
    examples = _named(ev, head, examples, prepared.options)
    if examples is None:
        return None
    extractor = prepared.fields.get("Extractor")
    if extractor is not None:
        out = ev.evaluate(Expr(extractor, Expr(S.List, *examples)))
        if not (type(out) is Expr and out.head is S.List and len(out.args) == len(examples)):
            return None
        examples = list(out.args)
    matrix = prepared.features.encode_all(examples)
    if matrix is None:
        return None
    if classes is not None:
        values = np.array([classes.index(a) if a in classes else -1 for a in answers])
    else:
        numbers = [float_value(a) for a in answers]
        if None in numbers:
            return None
        values = np.array(numbers)
    return Held(matrix, _texts(examples), values)


def _fit_rows(ev, method: str, settings: dict, prepared: Prepared, rows, y, classes):
    """A method fitted on some training rows ("Markov": on their strings)."""
    count = None if classes is None else len(classes)
    if method == "Markov":
        texts = [prepared.examples[i].value for i in rows]
        return MarkovModel(texts, y[rows], count, int(settings.get("Order", 2)))
    model = _fit(ev, method, settings, prepared.features.matrix[rows], y[rows], count,
                 prepared.options, prepared.features.nominal_columns())
    if hasattr(model, "bind"):
        model.bind(ev, prepared.features)
    return model


def _outputs(model, held: Held, classify: bool, spread: float = 0.0) -> np.ndarray:
    """A model's class probabilities of validation examples, or its predictions and their
    standard deviations (spread: the training residuals')."""
    if getattr(model, "raw", False):
        return model.probabilities(held.texts)
    if classify:
        return model.probabilities(held.matrix)
    return np.column_stack([model.predict(held.matrix), _spreads(model, held.matrix, spread)])


def _residual_spread(model, x: np.ndarray, y: np.ndarray) -> float:
    """The standard deviation of a predictor's training residuals."""
    residuals = model.predict(x) - y
    return float(np.sqrt((residuals ** 2).sum() / max(len(y) - 1, 1)))


def _spreads(model, x: np.ndarray, spread: float) -> np.ndarray:
    """The predictive standard deviations at x: a Gaussian process knows its own; the
    others: the spread of the training residuals."""
    return model.standard_deviations(x) if hasattr(model, "standard_deviations") \
        else np.full(len(x), spread)


def _decider(ev, options: dict, y: np.ndarray, classes: list | None):
    """A classifier's ClassPriors and UtilityFunction as a search.Decider (None without
    them, or for a predictor); the settings were checked before training."""
    if classes is None or not ({"ClassPriors", "UtilityFunction"} & set(options)):
        return None
    weights = np.ones(len(classes))
    if "ClassPriors" in options:
        priors = _application_setting(ev, "ClassPriors", options["ClassPriors"], classes)
        frequencies = np.bincount(y, minlength=len(classes)) / len(y)
        weights = priors / np.maximum(frequencies, 1e-12)
    utility = np.eye(len(classes))
    if "UtilityFunction" in options:
        decisions, matrix = _utility(ev, options["UtilityFunction"], classes)
        # the utility of each (actual, decided class) pair; Indeterminate is a decision
        # the search's expected utility may pick too
        utility = matrix
    return search.Decider(weights, utility)


def _estimate(ev, method, settings, prepared, y, classes, splits) -> search.Estimate:
    """A method's scores over the validation splits (their outputs pooled)."""
    outputs, answers = [], []
    for train, held in splits:
        model = _fit_rows(ev, method, settings, prepared, train, y, classes)
        spread = 0.0 if classes is not None else \
            _residual_spread(model, prepared.features.matrix[train], y[train])
        outputs.append(_outputs(model, held, classes is not None, spread))
        answers.append(held.answers)
    return search.score(np.concatenate(outputs), np.concatenate(answers), classes is not None,
                        _decider(ev, prepared.options, y, classes))


def _trained(ev, head, prepared: Prepared, y: np.ndarray, classes: list | None):
    """(model, method, validation Estimate or None) of a Classify or Predict call: the
    method searched for (Method -> Automatic with enough data) or the one given, fitted on
    the training rows (all but a Scaled ValidationSet's); None after a message."""
    splits = _splits(ev, head, prepared, y, classes)
    if splits is None:
        return None
    if prepared.method == "Markov" and not prepared.search and \
            any(held.texts is None for _, held in splits):
        ev.message(head, "valset", prepared.options.get("ValidationSet"))
        return None                        # a model of strings validated on non-strings
    method, settings, estimate = prepared.method, prepared.settings, None
    if prepared.search and splits:
        texts = _texts(prepared.examples) is not None and \
            all(held.texts is not None for _, held in splits)
        methods = search.candidates(classes is not None, len(y), prepared.goals, texts)
        best = search.search(methods, lambda m: _estimate(ev, m, {}, prepared, y, classes,
                                                           splits), prepared.time_goal)
        if best is not None:
            method, estimate = best
            settings = {}
            prepared.fields["MethodOption"] = _method_option(method, settings)
    elif splits:
        estimate = _estimate(ev, method, settings, prepared, y, classes, splits)
    # a Scaled ValidationSet's examples stay out of the final fit; k folds and given
    # validation data leave every training example in it
    rows = splits[0][0] if len(splits) == 1 else np.arange(len(y))
    model = _fit_rows(ev, method, settings, prepared, rows, y, classes)
    return model, method, estimate


def _estimate_fields(estimate) -> dict:
    """Information's validation estimates of a trained function."""
    if estimate is None:
        return {}
    if estimate.rmse is not None:
        fields = {"StandardDeviation": Real(estimate.rmse)}
        if np.isfinite(estimate.cross_entropy):
            fields["MeanCrossEntropy"] = Real(estimate.cross_entropy)
        return fields
    return {"Accuracy": Real(estimate.accuracy), "MeanCrossEntropy": Real(estimate.cross_entropy)}


def _seconds_since(started: float) -> Expr:
    """Information's "TrainingTime": the seconds the fit took, as a Quantity."""
    return Expr(Symbol("Quantity"), Real(round(time.perf_counter() - started, 6)),
                String("Seconds"))


def _model_expr(method: str, model, features: Features, **more) -> Expr:
    """The fitted model as the object's association: everything needed to apply it (so
    it survives InputForm, Export and a new session)."""
    return _association(Method=String(method), Model=_association(**model.state()),
                        Features=features.to_expr(), **more)


def _method_option(method: str, settings: dict) -> Expr:
    """Information's "MethodOption": Method -> name, or {name, suboption -> value…}."""
    if not settings:
        return Expr(S.Rule, Symbol("Method"), String(method))
    return Expr(S.Rule, Symbol("Method"), Expr(S.List, String(method), *[
        Expr(S.Rule, String(k), String(v) if isinstance(v, str) else
             _association(**{a: String(b) for a, b in v.items()}) if isinstance(v, dict) else
             v if isinstance(v, (Expr, Symbol)) else
             Symbol(str(v)) if isinstance(v, bool) else
             Integer(v) if isinstance(v, int) else Real(v))
        for k, v in settings.items()]))


# ---------------------------------------------------------------------------- Classify

@builtin("Classify", argc=(1, None), messages=_MESSAGES,
         usage="Classify[{x1 -> c1, x2 -> c2, …}] (or {x1, …} -> {c1, …}, or <|c1 -> {x…}, "
               "…|>) trains a classifier on the examples (numbers, vectors, strings, "
               "associations; Missing[] values are imputed): a ClassifierFunction; Method -> "
               "Automatic (chosen by cross-validation or the ValidationSet, within "
               "PerformanceGoal and TimeGoal; \"LogisticRegression\" on few examples), "
               "\"LogisticRegression\", \"NearestNeighbors\", \"NaiveBayes\", "
               "\"SupportVectorMachine\", \"Markov\" (text), "
               "\"DecisionTree\", \"RandomForest\", \"GradientBoostedTrees\" or "
               "\"NeuralNetwork\" (or {method, suboption -> value…}); ClassPriors, "
               "IndeterminateThreshold, RandomSeeding; Classify[data, x] (and Classify[data, "
               "x, prop]) classifies x at once.",
         examples=(('Classify[{1 -> "a", 2 -> "a", 8 -> "b", 9 -> "b"}][1.5]', '"a"'),
                   ('Classify[<|"low" -> {1, 2, 3}, "high" -> {10, 11, 12}|>][{2, 11}]',
                    '{"low", "high"}')))
def classify(ev, data, *rest):
    if type(data) is String or type(data) is Expr and data.head is S.List and \
            len(data.args) == 2 and type(data.args[0]) is String and \
            type(data.args[1]) is Expr and data.args[1].head is S.List:
        # Classify["Sentiment"] or Classify[{"FacebookTopic", {…}}]: one of WL's trained
        # classifiers, which are Wolfram's models
        ev.message(S.Classify, "builtin", data.args[0] if type(data) is Expr else data)
        return None
    if type(data) is Expr and data.head is CLASSIFIER:
        return _updated_function(ev, S.Classify, data, rest)
    prepared = _prepared(ev, S.Classify, data, rest, CLASSIFY_OPTIONS, CLASSIFY_METHODS,
                         "LogisticRegression")
    if prepared is None:
        return None
    classes = list(dict.fromkeys(prepared.answers))
    if len(classes) < 2:
        ev.message(S.Classify, "nclass")
        return None
    options, more = prepared.options, prepared.fields
    given = _decision_settings(ev, options, classes)
    if given is None:
        return None
    more.update(given)
    y = np.array([classes.index(c) for c in prepared.answers])
    if prepared.method == "Markov" and _texts(prepared.examples) is None:
        ev.message(S.Classify, "mtext")        # a model of the strings themselves
        return None
    started = time.perf_counter()
    trained = _trained(ev, S.Classify, prepared, y, classes)
    if trained is None:
        return None
    model, method, estimate = trained
    more["TrainingTime"] = _seconds_since(started)
    more.update(_estimate_fields(estimate))
    frequencies = np.bincount(y, minlength=len(classes)) / len(y)
    cf = Expr(CLASSIFIER, _model_expr(method, model, prepared.features,
                                      Classes=Expr(S.List, *classes),
                                      ClassFrequencies=list_from_array(frequencies), **more))
    return ev.evaluate(Expr(cf, *prepared.positional)) if prepared.positional else cf


_DECISION_OPTIONS = ("ClassPriors", "IndeterminateThreshold", "UtilityFunction")


def _decision_settings(ev, options: dict, classes: list) -> dict | None:
    """The fields keeping the ClassPriors, IndeterminateThreshold and UtilityFunction given
    (checked against the classes); None after a message."""
    fields = {}
    for name in _DECISION_OPTIONS:
        if name in options:
            check = _utility(ev, options[name], classes) if name == "UtilityFunction" \
                else _application_setting(ev, name, options[name], classes)
            if check is None:
                return None
            fields["Given" + name] = options[name]
    return fields


_UPDATABLE = {"Classify": _DECISION_OPTIONS + ("PerformanceGoal", "FeatureExtractor"),
              "Predict": ("IndeterminateThreshold", "UtilityFunction", "PerformanceGoal",
                          "FeatureExtractor")}


def _updated_function(ev, head, obj, rest):
    """Classify[cf, opts] or Predict[p, opts]: the function with new IndeterminateThreshold,
    UtilityFunction (Automatic: back to none), ClassPriors (a classifier's), a
    FeatureExtractor put before its own, and PerformanceGoal accepted; the model kept.
    None after a message (another option needs training again: ::upd)."""
    allowed = _UPDATABLE[head.name]
    stored, fields = _model_of(obj)
    split = split_options(tuple(rest), dict.fromkeys(allowed))
    if stored is None or split is None or split[0]:
        bad = next((r for r in rest if _option_name(r) is not None and _option_name(r)
                    not in allowed), None)
        if stored is not None and bad is not None:
            ev.message(head, "upd", bad)
        else:
            ev.message(head, "bdfmt", obj)
        return None
    options = {k: v for k, v in split[1].items() if v is not None}
    reset = [k for k, v in options.items() if type(v) is Symbol and v.name == "Automatic"]
    settings = {k: v for k, v in options.items()
                if k not in reset and k not in ("PerformanceGoal", "FeatureExtractor")}
    given = _decision_settings(ev, settings, stored["classes"]) if head is S.Classify \
        else _predictor_settings(ev, settings)
    if given is None:
        return None
    extractor = _prepended_extractor(ev, head, options.get("FeatureExtractor"),
                                     fields.get("Extractor"))
    if extractor is False:
        return None
    if extractor is not None:
        given["Extractor"] = extractor
    kept = [r for r in obj.args[0].args if not (type(r.args[0]) is String and (
        r.args[0].value in given or r.args[0].value in {"Given" + k for k in reset}))]
    return Expr(obj.head, Expr(S.Association, *kept, *[
        Expr(S.Rule, String(k), v) for k, v in given.items()]))


def _predictor_settings(ev, options: dict) -> dict | None:
    """The fields keeping a predictor's IndeterminateThreshold and UtilityFunction given;
    None after a message."""
    fields = {}
    if "IndeterminateThreshold" in options:
        if _predictor_threshold(ev, options["IndeterminateThreshold"]) is None:
            return None
        fields["GivenIndeterminateThreshold"] = options["IndeterminateThreshold"]
    if "UtilityFunction" in options:
        if _is_association(options["UtilityFunction"]):
            ev.message(PREDICTOR, "putility", options["UtilityFunction"])
            return None
        fields["GivenUtilityFunction"] = options["UtilityFunction"]
    return fields


def _predictor_threshold(ev, value) -> float | None:
    number = float_value(value)
    if number is None or number < 0:
        ev.message(PREDICTOR, "pthrs", value)
        return None
    return number


def _prepended_extractor(ev, head, spec, own):
    """A FeatureExtractor given to a trained function: put before its own extractor
    (Composition[own, fe]); None when none is given, False after a message (a named
    extractor needs examples to be learnt from)."""
    if spec is None or type(spec) is Symbol and spec.name in ("Automatic", "Identity"):
        return None
    if type(spec) is String or type(spec) is Expr and spec.head is S.List or \
            type(spec) not in (Expr, Symbol):
        ev.message(head, "updfe", spec)
        return False
    return spec if own is None else Expr(S.Composition, own, spec)


def _application_setting(ev, name: str, value, classes):
    """A ClassPriors (<|class -> weight…|>: an array of weights by class) or
    IndeterminateThreshold (a number from 0 to 1) setting checked; None after a
    message."""
    if name == "IndeterminateThreshold":
        number = float_value(value)
        if number is None or not 0 <= number <= 1:
            ev.message(CLASSIFIER, "thrs", value)
            return None
        return number
    weights = _fields_any(value)
    if weights is None or not set(weights) <= set(classes) or any(
            float_value(w) is None or float_value(w) < 0 for w in weights.values()):
        ev.message(CLASSIFIER, "prior", value)
        return None
    return np.array([float_value(weights[c]) if c in weights else 0.0 for c in classes])


def _fields_any(e) -> dict | None:
    """An association's keys (any expressions) to values; None if e is not one."""
    if not _is_association(e):
        return None
    return {r.args[0]: r.args[1] for r in e.args}


def _model_of(obj):
    """({"model", "features", "classes", "spread"}, the object's fields) of a classifier or
    predictor object; (None, …) when it is not a well-formed one."""
    fields = _fields(obj.args[0]) if len(obj.args) == 1 else {}
    method = fields.get("Method")
    model_class = MODEL_CLASSES.get(method.value) if type(method) is String else None
    features = Features.from_expr(fields.get("Features"))
    if model_class is None or features is None:
        return None, fields
    try:
        model = model_class.restore(_fields(fields.get("Model")))
    except (KeyError, AttributeError, TypeError):
        return None, fields
    classes = fields.get("Classes")
    spread = fields.get("Spread")
    return {"model": model, "features": features, "extractor": fields.get("Extractor"),
            "classes": list(classes.args) if classes is not None else None,
            "spread": spread.value if type(spread) is Real else 0.0}, fields


def _inputs(ev, stored: dict, x):
    """(matrix, one example?) of the argument: one example, or a list of them (through
    the FeatureExtractor the function was trained with, if any)."""
    features = stored["features"]
    if stored.get("extractor") is not None:
        x = ev.evaluate(Expr(stored["extractor"], x))
    if hasattr(stored["model"], "bind"):              # a function distance: the examples
        stored["model"].bind(ev, features, _queries(features, x))
    if getattr(stored["model"], "raw", False):          # a model of the strings themselves
        if type(x) is String:
            return [x.value], True
        if type(x) is Expr and x.head is S.List and \
                all(type(e) is String for e in x.args):
            return [e.value for e in x.args], False
        return None, True
    single = features.encode(x)
    if single is not None:
        return single[None, :], True
    if type(x) is Expr and x.head is S.List:
        many = features.encode_all(list(x.args))
        if many is not None:
            return many, False
    return None, True


def _queries(features: Features, x) -> list:
    """The examples of a function's argument as given: x itself when it encodes as one
    example, else its elements."""
    if features.encode(x) is not None or not (type(x) is Expr and x.head is S.List):
        return [x]
    return list(x.args)


CLASSIFIER_PROPERTIES = ("Decision", "Probabilities", "TopProbabilities", "Probability",
                         "LogProbabilities", "ExpectedUtilities", "Entropy", "Distribution",
                         "SHAPValues", "Properties")
PREDICTOR_PROPERTIES = ("Decision", "Distribution", "StandardDeviation", "SHAPValues",
                        "Properties")


def _split_call(rest) -> tuple[list, dict]:
    """(positional arguments, {option: value}) of a classifier's or predictor's call."""
    options = {_option_name(r): r.args[1] for r in rest if _option_name(r) in
               ("ClassPriors", "IndeterminateThreshold", "PerformanceGoal",
                "AcceptanceThreshold", "UtilityFunction")}
    return [r for r in rest if _option_name(r) not in options], options


def classifier_probabilities(ev, stored, fields, matrix, options=None) -> np.ndarray | None:
    """The classes' probabilities of encoded examples, with the ClassPriors in force
    (the call's, else the classifier's): each probability scaled by the prior over the
    class's training frequency, renormalized.  None after a message."""
    p = stored["model"].probabilities(matrix)
    priors = (options or {}).get("ClassPriors", fields.get("GivenClassPriors"))
    if priors is None:
        return p
    weights = _application_setting(ev, "ClassPriors", priors, stored["classes"])
    if weights is None:
        return None
    frequencies = _float_list(fields.get("ClassFrequencies"), len(stored["classes"]))
    p = p * weights / np.maximum(frequencies, 1e-12)
    total = p.sum(axis=1, keepdims=True)
    return np.divide(p, total, out=np.full_like(p, 1 / p.shape[1]), where=total > 0)


def _float_list(e, n: int) -> np.ndarray:
    values = _array(e) if type(e) is Expr else None
    return values if values is not None and len(values) == n else np.full(n, 1.0 / n)


@builtin_subvalue("ClassifierFunction")
def _apply_classifier(ev, cf, x=None, *rest):
    stored, fields = _model_of(cf)
    if stored is None or x is None:
        return None
    positional, options = _split_call(rest)
    if len(positional) > 1:
        return None
    prop = positional[0] if positional else None
    if type(x) is String and x.value in ("Classes", "Method", "Properties") and prop is None:
        return Expr(S.List, *map(String, CLASSIFIER_PROPERTIES)) if x.value == "Properties" \
            else fields.get(x.value)
    if type(prop) is String and prop.value == "Properties":
        return Expr(S.List, *map(String, CLASSIFIER_PROPERTIES))
    matrix, single = _inputs(ev, stored, x)
    if matrix is None:
        ev.message(CLASSIFIER, "ftype", x)
        return None
    probabilities = classifier_probabilities(ev, stored, fields, matrix, options)
    if probabilities is None:
        return None
    classes = stored["classes"]
    samples = _shap_samples(prop)
    if samples is not None:
        return _classifier_shap(ev, stored, fields, x, matrix, single, options, samples)
    settings = decision_settings(ev, fields, options, classes)
    if settings is None:
        return None
    threshold, utility = settings
    answers = [_class_property(classes, p, prop, threshold, utility) for p in probabilities]
    anomalous = _anomalous(ev, fields, x, single, options)
    if anomalous is not None:          # an anomalous example gets no class
        answers = [Expr(S.Missing, String("Anomalous")) if flag else a
                   for a, flag in zip(answers, anomalous)]
    if any(a is None for a in answers):
        ev.message(CLASSIFIER, "bdprop", prop)
        return None
    return answers[0] if single else Expr(S.List, *answers)


def decision_settings(ev, fields: dict, options: dict, classes: list):
    """(IndeterminateThreshold, UtilityFunction's decisions and matrix) in force for a
    classifier's decisions (the call's options, else the classifier's; None for either
    when not set); None after a message."""
    threshold = options.get("IndeterminateThreshold", fields.get("GivenIndeterminateThreshold"))
    if threshold is not None:
        threshold = _application_setting(ev, "IndeterminateThreshold", threshold, None)
        if threshold is None:
            return None
    utility = options.get("UtilityFunction", fields.get("GivenUtilityFunction"))
    if utility is not None:
        utility = _utility(ev, utility, classes)
        if utility is None:
            return None
    return threshold, utility


def _shap_samples(prop) -> int | None:
    """For a "SHAPValues" property (also {"SHAPValues", n} or "SHAPValues" -> n: n sampled
    orders of the features when there are too many for the exact sums) the number of
    samples, 0 for the default; None for any other property."""
    if type(prop) is String and prop.value == "SHAPValues":
        return 0
    if type(prop) is Expr and prop.head in (S.List, S.Rule) and len(prop.args) == 2 and \
            prop.args[0] == String("SHAPValues") and type(prop.args[1]) is Integer and \
            prop.args[1].value > 0:
        return prop.args[1].value
    return None


def _explanation(features: Features, values: np.ndarray):
    """An example's per-position values in the form of its example: an association by
    the feature names, a list, or the one value."""
    items = [Real(float(v)) for v in values]
    if features.keys is not None:
        return Expr(S.Association, *[Expr(S.Rule, k, v) for k, v in zip(features.keys, items)])
    return items[0] if features.width == 1 else Expr(S.List, *items)


def _shap_values(ev, stored, x, matrix, single, value, empty, samples):
    """Each example's SHAP values ((examples, positions, outputs)), None after a message
    (a model of whole strings has no feature positions)."""
    from wlnet.builtins import _shap_values as shap
    head = CLASSIFIER if stored["classes"] is not None else PREDICTOR
    if getattr(stored["model"], "raw", False):
        ev.message(head, "shapraw", x)
        return None
    spans = shap.position_columns(stored["features"])
    return shap.shapley_values(value, np.asarray(matrix, dtype=float), spans, empty,
                               samples or None, np.random.default_rng(int(ev.rng.integers(2**63))))


def _classifier_shap(ev, stored, fields, x, matrix, single, options, samples):
    """cf[x, "SHAPValues"]: per class, each feature's odds-ratio multiplier with respect to
    the class's prior (the ClassPriors in force, else the training frequencies): their
    product times the prior odds is the class's odds for x."""
    from wlnet.builtins._shap_values import log_odds
    classes = stored["classes"]

    def value(rows):
        p = classifier_probabilities(ev, stored, fields, rows, options)
        return None if p is None else log_odds(p)
    priors = options.get("ClassPriors", fields.get("GivenClassPriors"))
    prior = _application_setting(ev, "ClassPriors", priors, classes) if priors is not None \
        else _float_list(fields.get("ClassFrequencies"), len(classes))
    if prior is None or value(matrix[:1]) is None:
        return None
    prior = np.asarray(prior, dtype=float) / max(float(np.sum(prior)), 1e-300)
    phi = _shap_values(ev, stored, x, matrix, single, value, log_odds(prior), samples)
    if phi is None:
        return None
    features = stored["features"]
    answers = [Expr(S.Association, *[Expr(S.Rule, c, _explanation(features, np.exp(phi[e, :, i])))
                                     for i, c in enumerate(classes)])
               for e in range(len(phi))]
    return answers[0] if single else Expr(S.List, *answers)


def _utility(ev, spec, classes):
    """(the decisions, the utility of each (actual class, decision) pair) of a
    UtilityFunction setting: <|actual -> <|decided -> u, …|>, …|> (a pair not given: 1
    when decided is actual, else 0; Indeterminate may be a decision) or a function
    f[actual, decided]; None after a message."""
    outer = _fields_any(spec)
    if outer is not None:
        inner = {a: _fields_any(v) for a, v in outer.items()}
        if not set(outer) <= set(classes) or any(v is None for v in inner.values()):
            ev.message(CLASSIFIER, "utility", spec)
            return None
        decisions = list(classes)
        for table in inner.values():
            decisions += [d for d in table if d not in decisions]

        def value(a, d):
            return inner.get(a, {}).get(d, Integer(int(a == d)))
    else:
        decisions = list(classes)

        def value(a, d):
            return ev.evaluate(Expr(spec, a, d))
    numbers = [[float_value(value(a, d)) for d in decisions] for a in classes]
    matrix = np.array([[np.nan if v is None else v for v in row] for row in numbers])
    if np.isnan(matrix).any() or not set(decisions) <= set(classes) | {Symbol("Indeterminate")}:
        ev.message(CLASSIFIER, "utility", spec)
        return None
    return decisions, matrix


def decide(classes, p: np.ndarray, threshold: float | None = None, utility=None):
    """The decision for one example's class probabilities: the class (or, with a
    UtilityFunction, the decision) of the highest expected utility; Indeterminate below
    the IndeterminateThreshold."""
    if utility is not None:
        decisions, matrix = utility
        choice = decisions[int(np.argmax(p @ matrix))]
    else:
        choice = classes[int(np.argmax(p))]
    # below the IndeterminateThreshold no class is sure enough
    return Symbol("Indeterminate") if threshold is not None and p.max() < threshold \
        else choice


def _class_property(classes, p: np.ndarray, prop, threshold: float | None = None,
                    utility=None):
    """One example's answer to a property (None: not a property); ``utility``: the
    decisions and utility matrix of a UtilityFunction (the decision then maximises the
    expected utility)."""
    name = prop.value if type(prop) is String else None
    count = None
    if type(prop) is Expr and prop.head is S.List and len(prop.args) == 2 and \
            type(prop.args[0]) is String and type(prop.args[1]) is Integer:
        name, count = prop.args[0].value, prop.args[1].value
    if utility is not None and name == "ExpectedUtilities":
        decisions, matrix = utility
        return Expr(S.Association, *[Expr(S.Rule, d, Real(float(v)))
                                     for d, v in zip(decisions, p @ matrix)])
    if prop is None or name == "Decision":
        return decide(classes, p, threshold, utility)
    if type(prop) is Expr and prop.head is S.Rule and len(prop.args) == 2 and \
            type(prop.args[0]) is String and prop.args[0].value == "Probability":
        wanted = prop.args[1]
        return Real(float(p[classes.index(wanted)])) if wanted in classes else Real(0.0)
    if name in ("Probabilities", "ExpectedUtilities"):
        # the default utility is 1 for the right class, 0 otherwise: the probabilities
        return Expr(S.Association, *[Expr(S.Rule, c, Real(float(v)))
                                     for c, v in zip(classes, p)])
    if name == "Distribution":
        return Expr(Symbol("CategoricalDistribution"), Expr(S.List, *classes),
                    Expr(S.List, *[Real(float(v)) for v in p]))
    if name == "LogProbabilities":
        with np.errstate(divide="ignore"):
            logs = np.log(p)
        return Expr(S.Association, *[Expr(S.Rule, c, Real(float(v)) if np.isfinite(v)
                                          else Expr(S.Times, Integer(-1), S.Infinity))
                                     for c, v in zip(classes, logs)])
    if name == "TopProbabilities":
        order = np.argsort(-p, kind="stable")
        order = order[:count] if count is not None else [i for i in order if p[i] >= 0.1]
        return Expr(S.List, *[Expr(S.Rule, classes[i], Real(float(p[i]))) for i in order])
    if name == "Entropy":
        q = p[p > 0]
        return Real(float(-(q * np.log(q)).sum()))
    return None


# ---------------------------------------------------------------------------- Predict

@builtin("Predict", argc=(1, None), messages=_MESSAGES,
         usage="Predict[{x1 -> y1, x2 -> y2, …}] (or {x1, …} -> {y1, …}) trains a predictor "
               "of the numbers yi: a PredictorFunction; Method -> Automatic (chosen by "
               "cross-validation or the ValidationSet; \"LinearRegression\" on few "
               "examples), \"LinearRegression\", \"NearestNeighbors\", \"GaussianProcess\", "
               "\"DecisionTree\", "
               "\"RandomForest\", \"GradientBoostedTrees\" or \"NeuralNetwork\" (or {method, "
               "suboption -> value…}); Predict[data, x] (and Predict[data, x, prop]) predicts "
               "x at once; Predict[p, opts] changes a predictor's IndeterminateThreshold, "
               "UtilityFunction or FeatureExtractor.",
         examples=(("Predict[{1 -> 2, 2 -> 4, 3 -> 6}][4]", "8."),))
def predict(ev, data, *rest):
    if type(data) is Expr and data.head is PREDICTOR:
        return _updated_function(ev, S.Predict, data, rest)
    prepared = _prepared(ev, S.Predict, data, rest, PREDICT_OPTIONS, PREDICT_METHODS,
                         "LinearRegression")
    if prepared is None:
        return None
    targets = [float_value(v) for v in prepared.answers]
    if None in targets:
        ev.message(S.Predict, "bdfmt", data)
        return None
    y = np.array(targets)
    features = prepared.features
    started = time.perf_counter()
    trained = _trained(ev, S.Predict, prepared, y, None)
    if trained is None:
        return None
    model, method, estimate = trained
    prepared.fields["TrainingTime"] = _seconds_since(started)
    prepared.fields.update(_estimate_fields(estimate))
    spread = _residual_spread(model, features.matrix, y)
    p = Expr(PREDICTOR, _model_expr(method, model, features, Spread=Real(spread),
                                    OutputMean=Real(float(y.mean())), **prepared.fields))
    return ev.evaluate(Expr(p, *prepared.positional)) if prepared.positional else p


@builtin_subvalue("PredictorFunction")
def _apply_predictor(ev, p, x=None, *rest):
    stored, fields = _model_of(p)
    if stored is None or x is None:
        return None
    positional, options = _split_call(rest)
    if len(positional) > 1:
        return None
    prop = positional[0] if positional else None
    if type(x) is String and x.value in ("Method", "Properties") and prop is None:
        return Expr(S.List, *map(String, PREDICTOR_PROPERTIES)) if x.value == "Properties" \
            else fields.get("Method")
    name = prop.value if type(prop) is String else None
    if prop is not None and name not in PREDICTOR_PROPERTIES and _shap_samples(prop) is None:
        ev.message(PREDICTOR, "bdprop", prop)
        return None
    if name == "Properties":
        return Expr(S.List, *map(String, PREDICTOR_PROPERTIES))
    matrix, single = _inputs(ev, stored, x)
    if matrix is None:
        ev.message(PREDICTOR, "ftype", x)
        return None
    model = stored["model"]
    samples = _shap_samples(prop)
    if samples is not None:
        return _predictor_shap(ev, stored, fields, x, matrix, single, samples)
    predictions = model.predict(matrix)
    # a Gaussian process knows its uncertainty at each point; the others: the spread of
    # the training residuals
    spreads = _spreads(model, matrix, stored["spread"])
    decisions = _predictor_decisions(ev, fields, options, predictions, spreads)
    if decisions is None:
        return None

    def answer(v, sd, decided):
        if name == "Distribution":
            return Expr(S.NormalDistribution, Real(float(v)), Real(float(sd)))
        if name == "StandardDeviation":
            return Real(float(sd))
        return Real(float(decided)) if np.isfinite(decided) else Symbol("Indeterminate")
    answers = [answer(*row) for row in zip(predictions, spreads, decisions)]
    anomalous = _anomalous(ev, fields, x, single, options)
    if anomalous is not None:
        answers = [Expr(S.Missing, String("Anomalous")) if flag else a
                   for a, flag in zip(answers, anomalous)]
    return answers[0] if single else Expr(S.List, *answers)


def _predictor_shap(ev, stored, fields, x, matrix, single, samples):
    """p[x, "SHAPValues"]: each feature's deviation of the prediction from the training
    output mean (they add up to p[x] minus that mean)."""
    model = stored["model"]

    def value(rows):
        return np.asarray(model.predict(rows), dtype=float).reshape(len(rows), 1)
    mean = fields.get("OutputMean")
    empty = np.array([mean.value]) if type(mean) is Real else \
        value(np.zeros((1, np.shape(matrix)[1])))[0]      # older predictors: all missing
    phi = _shap_values(ev, stored, x, matrix, single, value, empty, samples)
    if phi is None:
        return None
    answers = [_explanation(stored["features"], phi[e, :, 0]) for e in range(len(phi))]
    return answers[0] if single else Expr(S.List, *answers)


def _predictor_decisions(ev, fields: dict, options: dict, means, spreads):
    """The decided values (NaN: Indeterminate) under the IndeterminateThreshold and
    UtilityFunction in force (the call's, else the predictor's); None after a message."""
    from wlnet.builtins import _predictor_decisions as D
    decisions = np.asarray(means, dtype=float)
    utility = options.get("UtilityFunction", fields.get("GivenUtilityFunction"))
    if utility is not None and not (type(utility) is Symbol and utility.name == "Automatic"):
        if _is_association(utility):
            ev.message(PREDICTOR, "putility", utility)
            return None
        decisions = D.utility_decisions(ev, utility, means, spreads)
        if decisions is None:
            ev.message(PREDICTOR, "putility", utility)
            return None
    threshold = options.get("IndeterminateThreshold",
                            fields.get("GivenIndeterminateThreshold"))
    if threshold is not None and not (type(threshold) is Symbol and
                                      threshold.name == "Automatic"):
        number = _predictor_threshold(ev, threshold)
        if number is None:
            return None
        decisions = np.where(D.below_threshold(spreads, number), np.nan, decisions)
    return decisions


# ---------------------------------------------------------------------------- Information

def _information_values(obj) -> dict | None:
    """The properties Information gives of a classifier or predictor, by name."""
    stored, fields = _model_of(obj)
    if stored is None:
        return None
    features = stored["features"]
    values = {"Method": fields.get("Method"),
              "InputType": String(features.input_type)}
    if stored["classes"] is not None:
        values["Classes"] = fields.get("Classes")
        values["ClassNumber"] = Integer(len(stored["classes"]))
        frequencies = _float_list(fields.get("ClassFrequencies"), len(stored["classes"]))
        values["ClassPriors"] = Expr(S.Association, *[
            Expr(S.Rule, c, Real(float(f))) for c, f in zip(stored["classes"], frequencies)])
    if "ExampleNumber" in fields:
        values["ExampleNumber"] = fields["ExampleNumber"]
    names = {"numeric": "Numerical", "nominal": "Nominal", "text": "Text", "image": "Image",
             "colour": "Color", "date": "Date"}
    types = [String(names[k]) for k in features.kinds]
    values["FeatureTypes"] = types[0] if features.width == 1 and features.keys is None else \
        Expr(S.Association, *[Expr(S.Rule, k, t) for k, t in zip(features.keys, types)]) \
        if features.keys is not None else Expr(S.List, *types)
    values["FeatureNumber"] = Integer(features.width)
    if features.keys is not None:
        values["FeatureNames"] = Expr(S.List, *features.keys)
    for name in ("MethodOption", "TrainingTime", "Accuracy", "MeanCrossEntropy",
                 "StandardDeviation"):
        if name in fields:
            values[name] = fields[name]
    values["Properties"] = Expr(S.List, *(String(k) for k in [*values, "Properties"]))
    return values


def _information(ev, obj, prop=None, *rest):
    """Information[cf] (an association of the properties), Information[cf, "prop"] or
    Information[cf, {"prop1", …}] for a ClassifierFunction or PredictorFunction."""
    values = _information_values(obj)
    if values is None or rest:
        return None
    if prop is None:
        return Expr(S.Association, *(Expr(S.Rule, String(k), v) for k, v in values.items()
                                     if k != "Properties"))
    names = prop.args if type(prop) is Expr and prop.head is S.List else (prop,)
    if not all(type(n) is String and n.value in values for n in names):
        bad = next(n for n in names if not (type(n) is String and n.value in values))
        ev.message(obj.head, "bdprop", bad)
        return Symbol("$Failed")
    answers = [values[n.value] for n in names]
    return Expr(S.List, *answers) if names is prop.args else answers[0]


builtin_upvalue("Information", "ClassifierFunction")(_information)
builtin_upvalue("Information", "PredictorFunction")(_information)


def _summary(obj, kind: str) -> str | None:
    stored, fields = _model_of(obj)
    if stored is None:
        return None
    from wlnet.syntax.printer import output_form
    text = f"{kind}[Input type: {stored['features'].input_type}"
    if "Classes" in fields:
        text += f", Classes: {output_form(fields['Classes'])[1:-1]}"
    method = fields.get("Method")
    if type(method) is String:
        text += f", Method: {method.value}"
    return text + "]"


from wlnet.syntax.printer import register_output_format  # noqa: E402

register_output_format("ClassifierFunction", lambda o: _summary(o, "ClassifierFunction"))
register_output_format("PredictorFunction", lambda o: _summary(o, "PredictorFunction"))
