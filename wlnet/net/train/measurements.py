"""NetMeasurements: measures of a net on data with targets (spec §3.6).

Classification (the measured output has a cross-entropy "Index" loss, or a "Class"
decoder): "Accuracy", "ErrorRate", "ConfusionMatrix" (rows: true class, columns: the
class decided), "CohenKappa", "ScottPi", "TopConfusions"; per class (label -> value)
"Precision", "Recall", "F1Score", "Specificity", "FalsePositiveRate", "FalseNegativeRate",
"FalseDiscoveryRate", "MatthewsCorrelationCoefficient", "AreaUnderROCCurve"; from the
probability given to the true class, "LogLikelihood", "MeanCrossEntropy", "Perplexity",
"GeometricMeanProbability"; "ConfusionMatrixPlot" (a MatrixPlot).
Regression: "MeanSquare", "MeanDeviation", "RSquared",
"StandardDeviation" (of the residuals).  Always: "Loss" (the loss
NetTrain would minimise, mean over the examples).  "IntersectionOverUnion" (per class, the
Jaccard index tp/(tp + fp + fn); with "Macro" averaging the mean IoU of segmentation).  Any
property of Information[net, prop] ("ArraysCount", "LayersCount", …) is a measurement too
(of the net, whatever the data: NetMeasurements only).

Forms of a measurement (``parse_measurement``): a name (synonyms such as "MCC",
"Sensitivity", "R2" are read as the measurement they name), "Accuracy" -> n and
"ErrorRate" -> n (the true class among the n most probable), "FScore" -> β, NetPort["out"]
(the mean value of an output port over the examples; while training also of an input port,
or of a key of the training data that feeds no port), and <|"Measurement" -> m,
"ClassAveraging" -> "Macro"|"Micro", "Aggregation" -> "Mean"|"Max"|…, "Key" -> k, …|>.
Per-class measurements give <|class -> value|>; "Macro" averages the classes' values,
"Micro" computes the measurement from the counts summed over the classes.

The net runs once over the data (test behaviour); the decisions (argmax over the class
axis, valid steps only for sequences) and the values are collected, then every asked
measurement is computed from them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.net.coders.base import assoc
from wlnet.net.evaluation import target_value
from wlnet.net.information import PROPERTIES as INFORMATION
from wlnet.net.train import TrainError
from wlnet.net.train.losses import batch_loss
from wlnet.net.train.loop import examples_in, forward_batch

__all__ = ["CLASSIFICATION", "REGRESSION", "Collected", "collect", "measure", "parse_measurements",
           "decisions", "BatchErrorRate",
           "array_measure", "is_array_port", "data_port", "is_data_port",
           "parse_measurement", "Measurement", "BadMeasurement", "RoundMeasurer"]

# measurements computed per class from the one-vs-rest counts (tp, fp, fn, tn)
PER_CLASS = ("Precision", "Recall", "F1Score", "Specificity", "FalsePositiveRate",
             "FalseNegativeRate", "FalseDiscoveryRate", "NegativePredictiveValue",
             "FalseOmissionRate", "MatthewsCorrelationCoefficient", "Informedness", "Markedness",
             "BalancedAccuracy", "PredictedPositiveConditionRate", "TruePositiveNumber",
             "FalsePositiveNumber", "TrueNegativeNumber", "FalseNegativeNumber",
             "IntersectionOverUnion")
CLASSIFICATION = ("Accuracy", "ErrorRate", "ConfusionMatrix") + PER_CLASS + (
    "FScore", "AreaUnderROCCurve", "CohenKappa", "ScottPi", "LogLikelihood", "MeanCrossEntropy",
    "Entropy", "Perplexity", "GeometricMeanProbability", "TopConfusions", "ConfusionMatrixPlot",
    "ROCCurve", "ROCCurvePlot", "Likelihood", "ClassMeanCrossEntropy", "AccuracyBaseline")
REGRESSION = ("MeanSquare", "MeanDeviation", "RSquared", "StandardDeviation",
              "FractionVarianceUnexplained")

# other names WL accepts for the measurements (its list of synonyms)
SYNONYMS = {
    **dict.fromkeys(("Sensitivity", "HitRate", "TruePositiveRate", "TPR", "ClassAccuracy"), "Recall"),
    **dict.fromkeys(("PositivePredictiveValue", "PPV", "Confidence", "TruePositiveAccuracy"),
                    "Precision"),
    **dict.fromkeys(("Selectivity", "TrueNegativeRate", "TNR", "InverseRecall"), "Specificity"),
    **dict.fromkeys(("InversePrecision", "NPV", "TrueNegativeAccuracy"), "NegativePredictiveValue"),
    "FallOut": "FalsePositiveRate", "FPR": "FalsePositiveRate", "FDR": "FalseDiscoveryRate",
    "FOR": "FalseOmissionRate", "MissRate": "FalseNegativeRate", "FNR": "FalseNegativeRate",
    "MCC": "MatthewsCorrelationCoefficient", "FMeasure": "FScore", "R2": "RSquared",
    "CoefficientOfDetermination": "RSquared", "FVU": "FractionVarianceUnexplained",
    "AUC": "AreaUnderROCCurve", "ROC": "ROCCurve", "Kappa": "CohenKappa", "Pi": "ScottPi",
    "PredictedPositiveConditionRate": "PredictedPositiveConditionRate",
    "PPCR": "PredictedPositiveConditionRate",
    **dict.fromkeys(("YoudenIndex", "YoudenJStatistic", "BookmakerInformedness", "BM"), "Informedness"),
    "MK": "Markedness",
}
AGGREGATIONS = {"Mean": np.mean, "Total": np.sum, "Min": np.min, "Max": np.max,
                "L1Norm": lambda a: np.sum(np.abs(a)), "L2Norm": lambda a: np.sqrt(np.sum(a * a)),
                "RootMeanSquare": lambda a: np.sqrt(np.mean(a * a)),
                "StandardDeviation": lambda a: np.std(a, ddof=1) if a.size > 1 else 0.0}
# keys of <|"Measurement" -> …|> that only change how training panels draw a measurement
_DISPLAY_KEYS = ("ShortName", "PlotType", "PlotRange", "Interval", "Source")


@dataclass(frozen=True)
class Measurement:
    """One measurement asked for: the built-in ``name`` (or "NetPort" for ``port``), the
    ``key`` its value is shown under, ``k`` (n of a top-n "Accuracy"/"ErrorRate", β of
    "FScore"), the class averaging (None, "Macro", "Micro") and an aggregation of a port's
    value per example."""
    name: str
    key: str
    k: float | None = None
    averaging: str | None = None
    port: str | None = None
    aggregation: str | None = None
    function: object = None          # <|"Measurement" -> f, "Key" -> k|>: f of the training state
    direction: str | None = None     # "Direction": "Increasing" (larger is better) or "Decreasing"
    source: str | None = None        # "Source": the output whose layer is measured ("AttentionWeights")


class BadMeasurement(Exception):
    pass


def parse_measurement(item) -> Measurement:
    """A measurement spec (see the module docstring) as a Measurement; BadMeasurement
    (with the reason) when it is not one."""
    if type(item) is Expr and item.head is S.Association:
        opts = {}
        for r in item.args:
            if not (type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and type(r.args[0]) is String):
                raise BadMeasurement("an association of settings such as \"Measurement\" -> name.")
            opts[r.args[0].value] = r.args[1]
        if "Measurement" not in opts:
            raise BadMeasurement("the association needs \"Measurement\" -> name.")
        what = opts.pop("Measurement")
        if type(what) is Expr and what.head is S.Function:
            # a custom measurement: f[the training state] each round, shown under its "Key"
            key = opts.get("Key")
            if type(key) is not String:
                raise BadMeasurement("a function measurement needs \"Key\" -> \"name\".")
            return _with_settings(Measurement("Function", key.value, function=what), opts)
        m = parse_measurement(what)
        return _with_settings(m, opts)
    if type(item) is String:
        name = SYNONYMS.get(item.value, item.value)
        if name == "AttentionWeights":
            # the attention weights of the AttentionLayer giving an output (its "Source"),
            # averaged over the examples: the caller finds the layer (NetMeasurements)
            return Measurement(name, name)
        if name in INFORMATION and name not in CLASSIFICATION + REGRESSION:
            # a property of the net itself (NetMeasurements gives Information[net, name])
            return Measurement("Information", name)
        if name not in CLASSIFICATION + REGRESSION + ("Loss",):
            raise BadMeasurement("use \"Loss\", " + ", ".join(
                f'"{m}"' for m in CLASSIFICATION + REGRESSION) + " or a property of Information.")
        return Measurement(name, name, 1.0 if name == "FScore" else None)
    if type(item) is Expr and item.head is S.Rule and type(item.args[0]) is String:
        name = SYNONYMS.get(item.args[0].value, item.args[0].value)
        k = item.args[1]
        if name in ("Accuracy", "ErrorRate") and type(k) is Integer and k.value >= 1:
            return Measurement(name, name, float(k.value))
        if name == "FScore" and type(k) in (Integer, Real) and k.value > 0:
            return Measurement(name, name, float(k.value))
        raise BadMeasurement("\"Accuracy\" -> n, \"ErrorRate\" -> n (n a positive integer) "
                              "and \"FScore\" -> β (β positive) take a parameter.")
    if type(item) is Expr and type(item.head) is Symbol and item.head.name == "NetPort" and item.args:
        # NetPort["out"], or NetPort[{lspec…, "out"}] (a layer's output: its key is the
        # path as WL shows it, "1/Output"; the caller resolves the port, see with_port)
        parts = item.args[0].args if len(item.args) == 1 and type(item.args[0]) is Expr \
            and item.args[0].head is S.List else item.args
        if parts and all(type(x) in (String, Integer) for x in parts):
            key = "/".join(str(x.value) for x in parts)
            return Measurement("NetPort", key, port=key if len(parts) == 1 else item)
    raise BadMeasurement("measurements are names (\"Accuracy\"), \"Accuracy\" -> n, "
                          "NetPort[\"output\"] or <|\"Measurement\" -> …|>.")


def _with_settings(m: Measurement, opts: dict) -> Measurement:
    averaging, aggregation, key, direction = m.averaging, m.aggregation, m.key, m.direction
    source = m.source
    for name, value in opts.items():
        if name == "Source" and m.name == "AttentionWeights":
            if type(value) is not String:
                raise BadMeasurement("\"Source\" is the name of an output of the net.")
            source = value.value
            continue
        if name == "ClassAveraging":
            if type(value) is Symbol and value.name == "None":
                averaging = None
            elif type(value) is String and value.value in ("Macro", "Micro"):
                averaging = value.value
            else:
                raise BadMeasurement("\"ClassAveraging\" is \"Macro\", \"Micro\" or None.")
        elif name == "Aggregation":
            agg = value.value if type(value) is String else value.name if type(value) is Symbol else None
            if agg == "None":
                aggregation = None
            elif agg in AGGREGATIONS:
                aggregation = agg
            else:
                raise BadMeasurement("\"Aggregation\" is one of " + ", ".join(
                    f'"{a}"' for a in AGGREGATIONS) + " or None.")
        elif name == "Key":
            if type(value) is not String:
                raise BadMeasurement("\"Key\" is a string.")
            key = value.value
        elif name == "Direction":
            if not (type(value) is String and value.value in ("Increasing", "Decreasing")):
                raise BadMeasurement("\"Direction\" is \"Increasing\" or \"Decreasing\".")
            direction = value.value
        elif name not in _DISPLAY_KEYS:
            raise BadMeasurement(f"\"{name}\" is not a setting of a measurement.")
    return Measurement(m.name, key, m.k, averaging, m.port, aggregation, m.function, direction,
                       source)


class Collected:
    """What one pass over the data gives."""

    def __init__(self):
        self.loss_total = 0.0
        self.loss_parts: dict[str, float] = {}   # several losses: each one's total
        self.examples = 0
        self.decided: list[np.ndarray] = []      # classification: decided class (1-based)
        self.true: list[np.ndarray] = []         # classification: true class (1-based)
        self.probs: list[np.ndarray] = []        # classification: the class probabilities
        self.values: list[np.ndarray] = []       # regression: output values (valid elements)
        self.targets: list[np.ndarray] = []
        self.ports: dict[str, list[np.ndarray]] = {}   # NetPort measurements: port -> batches
        # how a decision is read (see ``decisions``); "multilabel": decided and true are
        # (N, classes) Booleans
        self.decision = "argmax"


def _valid(x: np.ndarray, lengths) -> np.ndarray:
    """The elements of x (B, T, …) at valid steps, flattened per element (N, …)."""
    if lengths is None:
        return x
    mask = np.arange(x.shape[1])[None, :] < lengths[:, None]
    return x[mask]


def collect(executor, arrays, batches, losses, port: str, classification: bool,
            ports=(), rng=None, decision: str = "argmax") -> Collected:
    """``ports``: output ports whose values are kept (NetPort measurements).  ``rng``: run
    with the training behaviour (NetEvaluationMode -> "Train": dropout…), drawing from it.
    ``decision``: how the output decides its classes (see ``decisions``)."""
    c = Collected()
    c.decision = decision
    for inputs, targets in batches:
        n = examples_in(inputs, targets)
        interior = any(not isinstance(p, str) for p in ports)     # kept only when asked for
        res = forward_batch(executor, arrays, inputs, targets, train=rng is not None,
                            rng=rng, keep=interior)
        bl = batch_loss(losses, res, targets, with_gradient=False)
        c.loss_total += bl.value * n
        if len(bl.parts) > 1:
            for name, v in bl.parts.items():
                c.loss_parts[name] = c.loss_parts.get(name, 0.0) + v * n
        c.examples += n
        for p in ports:           # an output port, an input port, a data key or a layer's output's key
            if is_data_port(p) and p[1] not in targets:
                continue          # a validation set without that key: not measured there
            value = res.outputs[p] if isinstance(p, str) else \
                {**targets, **inputs}[p[1]] if _is_input_port(p) or is_data_port(p) \
                else target_value(res, p)
            c.ports.setdefault(p, []).append(np.asarray(getattr(value, "data", value), np.float64))
        if port not in targets:          # a net that gives its loss: the loss is all there is
            continue
        out, t = res.outputs[port], targets[port]
        if classification:
            decided, truth, probs = decisions(out, t, decision)
            c.decided.append(decided)
            c.true.append(truth)
            c.probs.append(probs)
        else:
            y = np.asarray(out.data, np.float64)
            tt = np.asarray(t.data, np.float64)
            if out.lengths is not None:
                tt = tt[:, :y.shape[1]]
            c.values.append(_valid(y, out.lengths).ravel())
            c.targets.append(_valid(tt, out.lengths).ravel())
    return c


def decisions(out, t, decision: str = "argmax") -> tuple:
    """(decided classes, true classes, class probabilities (N, C)) of a classifier's output
    batch ``out`` against its encoded targets ``t``, over the valid elements (classes
    1-based).  ``decision``: "argmax", the most probable class of each vector (a scalar
    output, the probability of True, as the classes False and True); "binary", every
    element the probability of True (a "Boolean" decoder over an array: one decision per
    element); "multilabel", each class decided on its own, present when its probability is
    above 0.5 (the "Multilabel" decoder's rule), so the decided and the true classes are
    (N, C) Booleans (the targets are multi-hot)."""
    probs = np.asarray(out.data, np.float64)
    if decision == "binary":
        truth = np.asarray(t.data, np.float64).round().astype(int) + 1     # targets 0/1
        if out.lengths is not None:
            truth = truth[:, :probs.shape[1]]
        pairs = np.stack([1 - probs, probs], axis=-1)
        return (_valid(np.argmax(pairs, axis=-1) + 1, out.lengths).ravel(),
                _valid(truth, out.lengths).ravel(), _valid(pairs, out.lengths).reshape(-1, 2))
    if decision == "multilabel":
        classes = probs.shape[-1]
        truth = np.asarray(t.data, np.float64)
        if out.lengths is not None:
            truth = truth[:, :probs.shape[1]]
        probs, truth = (_valid(x, out.lengths).reshape(-1, classes) for x in (probs, truth))
        return probs > 0.5, truth > 0.5, probs
    if probs.ndim == (1 if out.lengths is None else 2):
        probs = np.stack([1 - probs, probs], axis=-1)
    decided = np.argmax(probs, axis=-1) + 1
    truth = t.data if t.data.ndim == decided.ndim else np.argmax(t.data, axis=-1) + 1
    if probs.shape[-1] == 2 and out.data.ndim < probs.ndim:
        truth = np.asarray(truth).round().astype(int) + 1    # Boolean targets 0/1
    if out.lengths is not None:
        truth = truth[:, :decided.shape[1]]
    return (_valid(decided, out.lengths).ravel(), _valid(truth, out.lengths).ravel(),
            _valid(probs, out.lengths).reshape(-1, probs.shape[-1]))


class BatchErrorRate:
    """The "ErrorRate" of each training batch, from the outputs the training step computed
    (no pass of its own): what WL measures by default while a classifier trains, each
    round's value the mean of its batches' (as the round loss is)."""

    def __init__(self, port: str, decision: str = "argmax"):
        self.port = port
        self.decision = decision

    def __call__(self, out, target) -> dict:
        if out is None or target is None:
            return {}
        x, t = out.data, target.data
        if self.decision == "argmax" and out.lengths is None and x.ndim == 2 and t.ndim == 1 and x.shape[1] > 1 \
                and t.shape[0] == x.shape[0]:
            # the common case, vectors against class indices, without decisions' copies
            # (this runs after every training step)
            wrong = np.count_nonzero(x.argmax(axis=1) != t - 1)
            return {"ErrorRate": wrong / max(t.shape[0], 1)}
        try:
            decided, truth, _ = decisions(out, target, self.decision)
        except (ValueError, IndexError):       # targets of a form no class is read from
            return {}
        if decided.shape != truth.shape:
            return {}
        wrong = decided != truth
        if self.decision == "multilabel":      # an example is wrong unless its set is exact
            wrong = wrong.any(axis=-1)
        return {"ErrorRate": float(np.count_nonzero(wrong)) / max(wrong.size, 1)}


def _per_class(labels, values) -> Expr:
    return assoc((lab, Real(float(v))) for lab, v in zip(labels, values))


class _Classified:
    """The decisions of a classification pass: the confusion matrix and its one-vs-rest
    counts per class, and the probabilities given to the true classes."""

    def __init__(self, c: Collected, labels):
        self.labels = labels
        n = len(labels)
        self.multilabel = c.decision == "multilabel"
        empty = np.zeros((0, n), bool) if self.multilabel else np.zeros(0, int)
        self.decided = np.concatenate(c.decided) if c.decided else empty
        self.true = np.concatenate(c.true) if c.true else empty
        self.probs = np.concatenate(c.probs) if c.probs else np.zeros((0, n))
        if self.multilabel:
            # each class a yes/no decision of its own: its one-vs-rest counts directly
            # (there is no confusion of one class with another)
            self.cm = None
            self.tp = (self.decided & self.true).sum(axis=0).astype(float)
            self.fp = (self.decided & ~self.true).sum(axis=0).astype(float)
            self.fn = (~self.decided & self.true).sum(axis=0).astype(float)
            self.tn = (~self.decided & ~self.true).sum(axis=0).astype(float)
            return
        self.cm = np.zeros((n, n), np.int64)             # rows: true class, columns: decided
        np.add.at(self.cm, (self.true - 1, self.decided - 1), 1)
        self.tp = np.diag(self.cm).astype(float)
        self.fp = self.cm.sum(axis=0) - self.tp
        self.fn = self.cm.sum(axis=1) - self.tp
        self.tn = self.cm.sum() - self.tp - self.fp - self.fn

    @property
    def examples(self) -> int:
        return len(self.true)

    def correct(self) -> np.ndarray:
        """Per example, whether it is classified correctly: its class decided, or for a
        multilabel classifier, exactly its set of classes."""
        if self.multilabel:
            return (self.decided == self.true).all(axis=1)
        return self.decided == self.true

    def positives(self, k: int) -> np.ndarray:
        """Per example, whether class k (0-based) is (one of) its true class(es)."""
        return self.true[:, k] if self.multilabel else self.true == k + 1

    def log_probabilities(self) -> np.ndarray:
        """log of the probability given to each example's true class (multilabel: to its
        set of classes, the classes being independent: the sum over the classes of the log
        of p or 1 - p)."""
        tiny = np.finfo(np.float64).tiny
        if self.multilabel:
            p = np.where(self.true, self.probs, 1 - self.probs)
            return np.log(np.maximum(p, tiny)).sum(axis=1)
        p = self.probs[np.arange(len(self.true)), self.true - 1] if self.true.size else np.zeros(0)
        return np.log(np.maximum(p, tiny))

    def class_mean_cross_entropy(self) -> Expr:
        """<|class -> mean of -log p(true class) over the examples of that class|> (0 for
        a class with none)."""
        losses = -self.log_probabilities()
        counts = np.bincount(self.true - 1, minlength=len(self.labels)) if self.true.size \
            else np.zeros(len(self.labels))
        sums = np.bincount(self.true - 1, weights=losses, minlength=len(self.labels)) if self.true.size \
            else np.zeros(len(self.labels))
        return self.per_class(np.divide(sums, counts, out=np.zeros(len(self.labels)), where=counts > 0))

    def mean(self, values) -> Real:
        return Real(float(np.mean(values)) if np.size(values) else 0.0)

    def per_class(self, values) -> Expr:
        return _per_class(self.labels, values)

    def chance_agreement(self, scott: bool) -> float:
        """The agreement expected by chance (Cohen's kappa, or Scott's pi pooling the
        true and decided class frequencies)."""
        total = self.cm.sum()
        rows, cols = self.cm.sum(axis=1) / total, self.cm.sum(axis=0) / total
        return float(np.sum(((rows + cols) / 2) ** 2) if scott else np.sum(rows * cols))

    def agreement(self, scott: bool) -> Real:
        if not self.true.size:
            return Real(0.0)
        observed, chance = float(np.trace(self.cm)) / self.cm.sum(), self.chance_agreement(scott)
        return Real((observed - chance) / (1 - chance) if chance < 1 else 1.0)

    def roc_areas(self) -> np.ndarray:
        """Per class, the area under the ROC curve of its probability as a one-vs-rest score
        (the chance that a random example of the class scores above one of another; ties
        count half)."""
        out = np.zeros(len(self.labels))
        for k in range(len(self.labels)):
            score, positive = self.probs[:, k], self.positives(k)
            pos, neg = score[positive], score[~positive]
            if pos.size and neg.size:
                above = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
                out[k] = above / (pos.size * neg.size)
        return out

    def roc_points(self, k: int) -> np.ndarray:
        """The ROC curve of class k (0-based) scored by its probability: (false positive
        rate, true positive rate) at every threshold, from (0, 0) to (1, 1)."""
        score, positive = self.probs[:, k], self.positives(k)
        points = [(0.0, 0.0)]
        n_pos, n_neg = max(int(positive.sum()), 1), max(int((~positive).sum()), 1)
        for t in np.unique(score)[::-1]:
            above = score >= t
            points.append((float((above & ~positive).sum()) / n_neg, float((above & positive).sum()) / n_pos))
        if points[-1] != (1.0, 1.0):
            points.append((1.0, 1.0))
        return np.array(points)

    def roc_curves(self) -> Expr:
        from wlnet.core.expr import from_python
        return assoc((lab, from_python(self.roc_points(k).tolist())) for k, lab in enumerate(self.labels))

    def top_confusions(self) -> Expr:
        """The confusions (true class -> decided class) from the most frequent."""
        off = [(int(self.cm[i, j]), i, j) for i in range(len(self.labels))
               for j in range(len(self.labels)) if i != j and self.cm[i, j]]
        off.sort(key=lambda t: -t[0])
        return Expr.from_args(S.List, (Expr(S.Rule, self.labels[i], self.labels[j]) for _, i, j in off))


def _ratio(num, den) -> np.ndarray:
    """num / den, NaN where den is 0 (a rate that is not defined for a class)."""
    num, den = np.asarray(num, float), np.asarray(den, float)
    return np.divide(num, den, out=np.full_like(num, np.nan), where=den != 0)


def _fscore(beta: float):
    b2 = beta * beta
    return lambda tp, fp, fn, tn: _ratio((1 + b2) * tp, (1 + b2) * tp + fp + b2 * fn)


# name -> f(tp, fp, fn, tn) per class (arrays, NaN where not defined)
_FROM_COUNTS = {
    "Precision": lambda tp, fp, fn, tn: _ratio(tp, tp + fp),
    "Recall": lambda tp, fp, fn, tn: _ratio(tp, tp + fn),
    "F1Score": _fscore(1.0),
    "Specificity": lambda tp, fp, fn, tn: _ratio(tn, tn + fp),
    "FalsePositiveRate": lambda tp, fp, fn, tn: _ratio(fp, fp + tn),
    "FalseNegativeRate": lambda tp, fp, fn, tn: _ratio(fn, fn + tp),
    "FalseDiscoveryRate": lambda tp, fp, fn, tn: _ratio(fp, fp + tp),
    "NegativePredictiveValue": lambda tp, fp, fn, tn: _ratio(tn, tn + fn),
    "FalseOmissionRate": lambda tp, fp, fn, tn: _ratio(fn, fn + tn),
    "MatthewsCorrelationCoefficient": lambda tp, fp, fn, tn: _ratio(
        tp * tn - fp * fn, np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))),
    "Informedness": lambda tp, fp, fn, tn: _ratio(tp * tn - fn * fp, (tp + fn) * (tn + fp)),
    "Markedness": lambda tp, fp, fn, tn: _ratio(tp * tn - fn * fp, (tp + fp) * (tn + fn)),
    "BalancedAccuracy": lambda tp, fp, fn, tn: (_ratio(tp, tp + fn) + _ratio(tn, tn + fp)) / 2,
    "PredictedPositiveConditionRate": lambda tp, fp, fn, tn: _ratio(tp + fp, tp + fp + fn + tn),
    # the Jaccard index of the examples decided to be the class and those that are: the
    # measure of segmentation nets, whose examples are pixels ("Macro": the mean IoU)
    "IntersectionOverUnion": lambda tp, fp, fn, tn: _ratio(tp, tp + fp + fn),
    "TruePositiveNumber": lambda tp, fp, fn, tn: tp,
    "FalsePositiveNumber": lambda tp, fp, fn, tn: fp,
    "TrueNegativeNumber": lambda tp, fp, fn, tn: tn,
    "FalseNegativeNumber": lambda tp, fp, fn, tn: fn,
}
_COUNTS = ("TruePositiveNumber", "FalsePositiveNumber", "TrueNegativeNumber", "FalseNegativeNumber")


def _number(v, count: bool) -> Expr:
    if count:
        return Integer(int(round(v)))
    return Real(0.0 if v != v else float(v))       # a rate not defined for a class: 0


def _from_counts(k: _Classified, m: Measurement) -> Expr:
    """A per-class measurement: <|class -> value|>, or with "Macro" the mean of the classes'
    defined values, with "Micro" the value of the counts summed over the classes."""
    f = _fscore(m.k) if m.name == "FScore" else _FROM_COUNTS[m.name]
    count = m.name in _COUNTS
    if m.averaging == "Micro":
        return _number(float(f(*(np.sum(x) for x in (k.tp, k.fp, k.fn, k.tn)))), count)
    values = f(k.tp, k.fp, k.fn, k.tn)
    if m.averaging == "Macro":
        defined = values[~np.isnan(values)]
        return Real(float(np.mean(defined)) if defined.size else 0.0)
    return assoc((lab, _number(v, count)) for lab, v in zip(k.labels, values))


def _top(k: _Classified, n: float) -> np.ndarray:
    """Whether each example's true class is among its n most probable."""
    if not k.true.size:
        return np.zeros(0, bool)
    p_true = k.probs[np.arange(len(k.true)), k.true - 1]
    return (k.probs > p_true[:, None]).sum(axis=1) < n


def _roc_plot(k: _Classified) -> Expr:
    from wlnet.core.expr import from_python
    curves = [k.roc_points(i).tolist() for i in range(len(k.labels))] + [[[0.0, 0.0], [1.0, 1.0]]]
    unit = Expr(S.List, Integer(0), Integer(1))
    return Expr(Symbol("ListLinePlot"), from_python(curves),
                Expr(S.Rule, Symbol("PlotRange"), Expr(S.List, unit, unit)),
                Expr(S.Rule, Symbol("AspectRatio"), Integer(1)),
                Expr(S.Rule, Symbol("Frame"), Symbol("True")),
                Expr(S.Rule, Symbol("FrameLabel"), Expr(S.List, String("false positive rate"),
                                                        String("true positive rate"))),
                Expr(S.Rule, Symbol("PlotLegends"), Expr.from_args(S.List, k.labels)))


def _confusion_plot(k: _Classified) -> Expr:
    from wlnet.graphics.plots.arrays import confusion_matrix_plot
    return confusion_matrix_plot(k.cm, list(k.labels))


def _confusion_matrix(k: _Classified) -> Expr:
    return Expr.from_args(S.List, (Expr.from_args(S.List, (Integer(int(v)) for v in row))
                                   for row in k.cm))


_CLASSIFICATION_MEASURES = {
    "Accuracy": lambda k: k.mean(k.correct()),
    "ErrorRate": lambda k: k.mean(~k.correct()),
    "ConfusionMatrix": _confusion_matrix,
    "AreaUnderROCCurve": lambda k: k.per_class(k.roc_areas()),
    "CohenKappa": lambda k: k.agreement(scott=False),
    "ScottPi": lambda k: k.agreement(scott=True),
    "LogLikelihood": lambda k: Real(float(np.sum(k.log_probabilities()))),
    "MeanCrossEntropy": lambda k: k.mean(-k.log_probabilities()),
    # WL's "Entropy": the mean cross-entropy in nats, of which "Perplexity" is the exponential
    "Entropy": lambda k: k.mean(-k.log_probabilities()),
    "Perplexity": lambda k: Real(float(np.exp(-np.mean(k.log_probabilities())))
                                 if k.examples else 1.0),
    "GeometricMeanProbability": lambda k: Real(float(np.exp(np.mean(k.log_probabilities())))
                                               if k.examples else 1.0),
    "TopConfusions": lambda k: k.top_confusions(),
    # ClassifierMeasurements' names (ClassifierMeasurements of a net is NetMeasurements):
    # the product of the true classes' probabilities, the mean cross-entropy of the
    # examples of each class, and the accuracy of always deciding the commonest class
    "Likelihood": lambda k: Real(float(np.exp(np.sum(k.log_probabilities())))),
    "ClassMeanCrossEntropy": lambda k: k.class_mean_cross_entropy(),
    "AccuracyBaseline": lambda k: Real(float(np.max(np.bincount(k.true, minlength=len(k.labels) + 1)))
                                       / k.true.size if k.true.size else 0.0),
    # the confusion matrix drawn (rows: the true classes), a MatrixPlot the session evaluates
    "ConfusionMatrixPlot": lambda k: _confusion_plot(k),
    "ROCCurve": lambda k: k.roc_curves(),
    # the classes' ROC curves drawn, with the chance diagonal
    "ROCCurvePlot": lambda k: _roc_plot(k),
}


# measurements of one decided class against one true class per example: not defined for a
# "Multilabel" classifier (its per-class counts, accuracy and likelihoods are)
_ONE_CLASS_ONLY = ("ConfusionMatrix", "ConfusionMatrixPlot", "TopConfusions", "CohenKappa",
                   "ScottPi", "ClassMeanCrossEntropy", "AccuracyBaseline")


def measure(c: Collected, m, labels, classification: bool):
    """One measurement (a Measurement, or a built-in name) from the collected values
    (labels: the class labels)."""
    if isinstance(m, str):
        m = parse_measurement(String(m))
    name = m.name
    if name == "Loss":
        return Real(c.loss_total / max(c.examples, 1))
    if name == "NetPort":
        return _port_value(c, m)
    if name in CLASSIFICATION:
        if not classification:
            raise TrainError("invmeas", String(name), "it needs a classification net.")
        k = _Classified(c, labels)
        if name in _FROM_COUNTS or name == "FScore":
            return _from_counts(k, m)
        if k.multilabel and (name in _ONE_CLASS_ONLY or m.k is not None and m.k > 1):
            raise TrainError("invmeas", String(name), "a multilabel classifier decides each "
                             "class on its own, with no one class per example to rank or confuse.")
        if name in ("Accuracy", "ErrorRate") and m.k is not None and m.k > 1:
            hit = _top(k, m.k)
            return k.mean(hit if name == "Accuracy" else ~hit)
        value = _CLASSIFICATION_MEASURES[name](k)
        if m.averaging is not None and type(value) is Expr and value.head is S.Association:
            return Real(float(np.mean([float(r.args[1].value) for r in value.args])))
        return value
    if name in REGRESSION:
        if classification:
            raise TrainError("invmeas", String(name), "it needs a regression net.")
        return _regression(c, name)
    raise TrainError("invmeas", String(name), "use \"Loss\", " + ", ".join(
        f'"{m}"' for m in CLASSIFICATION + REGRESSION) + ".")


def _regression(c: Collected, name: str) -> Real:
    y = np.concatenate(c.values) if c.values else np.zeros(0)
    t = np.concatenate(c.targets) if c.targets else np.zeros(0)
    if name == "MeanSquare":
        return Real(float(np.mean((y - t) ** 2)))
    if name == "MeanDeviation":
        return Real(float(np.mean(np.abs(y - t))))
    if name == "StandardDeviation":                # of the residuals: the RMS error
        return Real(float(np.sqrt(np.mean((y - t) ** 2))))
    total = float(np.sum((t - t.mean()) ** 2)) if t.size else 0.0
    unexplained = float(np.sum((y - t) ** 2)) / total if total > 0 else 1.0
    return Real(unexplained if name == "FractionVarianceUnexplained" else 1.0 - unexplained)


def input_port(name: str) -> tuple:
    """A resolved NetPort measurement of the input port ``name`` (the values fed to it)."""
    return ("input", name)


def _is_input_port(port) -> bool:
    return isinstance(port, tuple) and len(port) == 2 and port[0] == "input"


def data_port(name: str) -> tuple:
    """A resolved NetPort measurement of a key of the training data that is no port of the
    net (TrainingProgressMeasurements' NetPort["tdata"]): its values, carried beside the
    targets (``_Prepared.encode``)."""
    return ("data", name)


def is_data_port(port) -> bool:
    return isinstance(port, tuple) and len(port) == 2 and port[0] == "data"


def is_array_port(port) -> bool:
    """Whether a resolved NetPort names an array (("array", path)) rather than a value the
    net computes."""
    return isinstance(port, tuple) and len(port) == 2 and port[0] == "array"


def array_measure(m: Measurement, arrays: dict):
    """NetPort[{lspec, "array"}]: the array's value as it is (reduced by the "Aggregation",
    when one is given)."""
    from wlnet.core.expr import from_python
    a = np.asarray(arrays[m.port[1]], np.float64)
    if m.aggregation is not None:
        return Real(float(AGGREGATIONS[m.aggregation](a.ravel())))
    return from_python(a.tolist())


def _port_value(c: Collected, m: Measurement):
    """NetPort["out"]: the port's value averaged over the examples (each example's value
    reduced first by the "Aggregation", when one is given)."""
    from wlnet.core.expr import from_python
    batches = c.ports.get(m.port, [])
    if not batches and is_data_port(m.port):
        return Expr(S.Missing, String("NotAvailable"))     # the data had no such key
    if not batches:
        return Real(0.0)
    values = np.concatenate(batches)
    if m.aggregation is not None:
        reduce = AGGREGATIONS[m.aggregation]
        values = np.array([reduce(np.asarray(v, np.float64).ravel()) for v in values])
    mean = np.mean(values, axis=0)
    return Real(float(mean)) if np.ndim(mean) == 0 else from_python(mean.tolist())


# ---------------------------------------------------------------------------- while training

MEASUREMENTS_OPTION = "TrainingProgressMeasurements"


def parse_measurements(value, classification: bool) -> tuple[Measurement, ...]:
    """TrainingProgressMeasurements → the measurements taken every round besides "Loss"
    (which always is).  Forms: Automatic or None (the loss only), a measurement
    (``parse_measurement``; NetPort values are not measured while training), or a list of
    them.  Automatic measures nothing more, so that training costs no extra pass over the
    data unless measurements are asked for."""
    if type(value) is Symbol and value.name in ("Automatic", "None"):
        return ()
    items = value.args if type(value) is Expr and value.head is S.List else (value,)
    usable = CLASSIFICATION if classification else REGRESSION
    out: list[Measurement] = []
    for item in items:
        try:
            m = parse_measurement(item)
        except BadMeasurement as err:
            m, why = None, str(err)
        if m is not None and m.name not in ("Loss", "NetPort", "Function") + usable:
            why = (f'"{m.name}" needs a {"regression" if classification else "classification"} net'
                   if m.name in CLASSIFICATION + REGRESSION else
                   f'"{m.key}" is a property of the net (NetMeasurements gives it), not measured '
                   'while training' if m.name == "Information" else
                   "measurements are given by name or as <|\"Measurement\" -> name|>")
            m = None
        if m is None:
            raise TrainError("invopt", Symbol(MEASUREMENTS_OPTION), value,
                             why.rstrip(".") + "; this net can measure "
                             + ", ".join(f'"{n}"' for n in ("Loss",) + usable) + ".")
        if m.name != "Loss" and m.key not in (o.key for o in out):
            out.append(m)
    return tuple(out)


class RoundMeasurer:
    """The measurements taken after every round (test behaviour, one pass over the data):
    ``training(arrays)`` over the training examples, ``validation(arrays, data)`` over the
    validation set, which also gives the validation loss (so that pass is not repeated)."""

    def __init__(self, names, executor, losses, port: str, classification: bool, labels,
                 training_data, call=None, validation_only=(), decision: str = "argmax"):
        # Measurements (or built-in names)
        names = tuple(parse_measurement(String(n)) if isinstance(n, str) else n for n in names)
        # function measurements are taken from the training state (``live``), not the data;
        # ``call(f, run)`` gives f's value
        self.functions = tuple(m for m in names if m.function is not None)
        self.names = tuple(m for m in names if m.function is None)
        # keys measured on the validation set only (their training values come from the
        # training batches: BatchErrorRate)
        self.validation_only = frozenset(validation_only)
        self.call = call
        self.executor = executor
        self.losses = losses
        self.port = port
        self.classification = classification
        self.labels = labels
        self.decision = decision
        self.training_data = training_data          # PreparedData in evaluation-sized batches

    def live(self, run) -> dict:
        """The function measurements of this moment of the run."""
        return {m.key: self.call(m.function, run) for m in self.functions}

    def _measure(self, arrays, batches, with_parts: bool = False, names=None) -> tuple[float, dict]:
        """(mean loss, key -> value) of ``names`` (all by default); ``with_parts``: each
        loss's mean first (several losses; training rounds take theirs from the batches)."""
        names = self.names if names is None else names
        ports = {m.port for m in names if m.port is not None and not is_array_port(m.port)}
        c = collect(self.executor, arrays, batches, self.losses, self.port, self.classification,
                    ports, decision=self.decision)
        values = {name: Real(v / max(c.examples, 1)) for name, v in c.loss_parts.items()} \
            if with_parts else {}
        values.update((m.key, array_measure(m, arrays) if is_array_port(m.port)
                       else measure(c, m, self.labels, self.classification)) for m in names)
        return c.loss_total / max(c.examples, 1), values

    def training(self, arrays) -> dict:
        names = tuple(m for m in self.names if m.key not in self.validation_only)
        if not names:                       # only functions of the state: no pass over the data
            return {}
        return self._measure(arrays, self.training_data.batches, names=names)[1]

    def validation(self, arrays, data) -> tuple[float, dict]:
        return self._measure(arrays, data.batches, with_parts=True)
