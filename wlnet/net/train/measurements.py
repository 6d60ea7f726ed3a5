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
NetTrain would minimise, mean over the examples).

The net runs once over the data (test behaviour); the decisions (argmax over the class
axis, valid steps only for sequences) and the values are collected, then every asked
measurement is computed from them.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.net.coders.base import assoc
from wlnet.net.train import TrainError
from wlnet.net.train.losses import batch_loss
from wlnet.net.train.loop import examples_in, forward_batch

__all__ = ["CLASSIFICATION", "REGRESSION", "Collected", "collect", "measure", "parse_measurements",
           "RoundMeasurer"]

CLASSIFICATION = ("Accuracy", "ErrorRate", "ConfusionMatrix", "Precision", "Recall", "F1Score",
                  "Specificity", "FalsePositiveRate", "FalseNegativeRate", "FalseDiscoveryRate",
                  "MatthewsCorrelationCoefficient", "AreaUnderROCCurve", "CohenKappa", "ScottPi",
                  "LogLikelihood", "MeanCrossEntropy", "Perplexity", "GeometricMeanProbability",
                  "TopConfusions", "ConfusionMatrixPlot")
REGRESSION = ("MeanSquare", "MeanDeviation", "RSquared", "StandardDeviation")


class Collected:
    """What one pass over the data gives."""

    def __init__(self):
        self.loss_total = 0.0
        self.examples = 0
        self.decided: list[np.ndarray] = []      # classification: decided class (1-based)
        self.true: list[np.ndarray] = []         # classification: true class (1-based)
        self.probs: list[np.ndarray] = []        # classification: the class probabilities
        self.values: list[np.ndarray] = []       # regression: output values (valid elements)
        self.targets: list[np.ndarray] = []


def _valid(x: np.ndarray, lengths) -> np.ndarray:
    """The elements of x (B, T, …) at valid steps, flattened per element (N, …)."""
    if lengths is None:
        return x
    mask = np.arange(x.shape[1])[None, :] < lengths[:, None]
    return x[mask]


def collect(executor, arrays, batches, losses, port: str, classification: bool) -> Collected:
    c = Collected()
    for inputs, targets in batches:
        n = examples_in(inputs, targets)
        res = forward_batch(executor, arrays, inputs, targets, train=False, keep=False)
        c.loss_total += batch_loss(losses, res, targets, with_gradient=False).value * n
        c.examples += n
        if port not in targets:          # a net that gives its loss: the loss is all there is
            continue
        out, t = res.outputs[port], targets[port]
        if classification:
            probs = np.asarray(out.data, np.float64)
            if probs.ndim == (1 if out.lengths is None else 2):
                # a Boolean output (the probability of True): classes 1 = False, 2 = True
                probs = np.stack([1 - probs, probs], axis=-1)
            decided = np.argmax(probs, axis=-1) + 1
            truth = t.data if t.data.ndim == decided.ndim else np.argmax(t.data, axis=-1) + 1
            if probs.shape[-1] == 2 and out.data.ndim < probs.ndim:
                truth = np.asarray(truth).round().astype(int) + 1    # Boolean targets 0/1
            if out.lengths is not None:
                truth = truth[:, :decided.shape[1]]
            c.decided.append(_valid(decided, out.lengths).ravel())
            c.true.append(_valid(truth, out.lengths).ravel())
            c.probs.append(_valid(probs, out.lengths).reshape(-1, probs.shape[-1]))
        else:
            y = np.asarray(out.data, np.float64)
            tt = np.asarray(t.data, np.float64)
            if out.lengths is not None:
                tt = tt[:, :y.shape[1]]
            c.values.append(_valid(y, out.lengths).ravel())
            c.targets.append(_valid(tt, out.lengths).ravel())
    return c


def _per_class(labels, values) -> Expr:
    return assoc((lab, Real(float(v))) for lab, v in zip(labels, values))


def _safe_ratio(num, den) -> np.ndarray:
    num, den = np.asarray(num, float), np.asarray(den, float)
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)


class _Classified:
    """The decisions of a classification pass: the confusion matrix and its one-vs-rest
    counts per class, and the probabilities given to the true classes."""

    def __init__(self, c: Collected, labels):
        self.labels = labels
        self.decided = np.concatenate(c.decided) if c.decided else np.zeros(0, int)
        self.true = np.concatenate(c.true) if c.true else np.zeros(0, int)
        n = len(labels)
        self.probs = np.concatenate(c.probs) if c.probs else np.zeros((0, n))
        self.cm = np.zeros((n, n), np.int64)             # rows: true class, columns: decided
        np.add.at(self.cm, (self.true - 1, self.decided - 1), 1)
        self.tp = np.diag(self.cm).astype(float)
        self.fp = self.cm.sum(axis=0) - self.tp
        self.fn = self.cm.sum(axis=1) - self.tp
        self.tn = self.cm.sum() - self.tp - self.fp - self.fn

    def log_probabilities(self) -> np.ndarray:
        """log of the probability given to each example's true class."""
        p = self.probs[np.arange(len(self.true)), self.true - 1] if self.true.size else np.zeros(0)
        return np.log(np.maximum(p, np.finfo(np.float64).tiny))

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

    def matthews(self) -> np.ndarray:
        tp, tn, fp, fn = self.tp, self.tn, self.fp, self.fn
        return _safe_ratio(tp * tn - fp * fn, np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)))

    def roc_areas(self) -> np.ndarray:
        """Per class, the area under the ROC curve of its probability as a one-vs-rest score
        (the chance that a random example of the class scores above one of another; ties
        count half)."""
        out = np.zeros(len(self.labels))
        for k in range(len(self.labels)):
            score, positive = self.probs[:, k], self.true == k + 1
            pos, neg = score[positive], score[~positive]
            if pos.size and neg.size:
                above = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
                out[k] = above / (pos.size * neg.size)
        return out

    def top_confusions(self) -> Expr:
        """The confusions (true class -> decided class) from the most frequent."""
        off = [(int(self.cm[i, j]), i, j) for i in range(len(self.labels))
               for j in range(len(self.labels)) if i != j and self.cm[i, j]]
        off.sort(key=lambda t: -t[0])
        return Expr.from_args(S.List, (Expr(S.Rule, self.labels[i], self.labels[j]) for _, i, j in off))


def _confusion_matrix(k: _Classified) -> Expr:
    return Expr.from_args(S.List, (Expr.from_args(S.List, (Integer(int(v)) for v in row))
                                   for row in k.cm))


def _f1(k: _Classified) -> Expr:
    precision, recall = _safe_ratio(k.tp, k.tp + k.fp), _safe_ratio(k.tp, k.tp + k.fn)
    return k.per_class(_safe_ratio(2 * precision * recall, precision + recall))


_CLASSIFICATION_MEASURES = {
    "Accuracy": lambda k: k.mean(k.decided == k.true),
    "ErrorRate": lambda k: k.mean(k.decided != k.true),
    "ConfusionMatrix": _confusion_matrix,
    "Precision": lambda k: k.per_class(_safe_ratio(k.tp, k.tp + k.fp)),
    "Recall": lambda k: k.per_class(_safe_ratio(k.tp, k.tp + k.fn)),
    "F1Score": _f1,
    "Specificity": lambda k: k.per_class(_safe_ratio(k.tn, k.tn + k.fp)),
    "FalsePositiveRate": lambda k: k.per_class(_safe_ratio(k.fp, k.fp + k.tn)),
    "FalseNegativeRate": lambda k: k.per_class(_safe_ratio(k.fn, k.fn + k.tp)),
    "FalseDiscoveryRate": lambda k: k.per_class(_safe_ratio(k.fp, k.fp + k.tp)),
    "MatthewsCorrelationCoefficient": lambda k: k.per_class(k.matthews()),
    "AreaUnderROCCurve": lambda k: k.per_class(k.roc_areas()),
    "CohenKappa": lambda k: k.agreement(scott=False),
    "ScottPi": lambda k: k.agreement(scott=True),
    "LogLikelihood": lambda k: Real(float(np.sum(k.log_probabilities()))),
    "MeanCrossEntropy": lambda k: k.mean(-k.log_probabilities()),
    "Perplexity": lambda k: Real(float(np.exp(-np.mean(k.log_probabilities())))
                                 if k.true.size else 1.0),
    "GeometricMeanProbability": lambda k: Real(float(np.exp(np.mean(k.log_probabilities())))
                                               if k.true.size else 1.0),
    "TopConfusions": lambda k: k.top_confusions(),
    # the confusion matrix drawn (rows: the true classes), a MatrixPlot the session evaluates
    "ConfusionMatrixPlot": lambda k: Expr(Symbol("MatrixPlot"), _confusion_matrix(k)),
}


def measure(c: Collected, name: str, labels, classification: bool):
    """One measurement from the collected values (labels: the class labels)."""
    if name == "Loss":
        return Real(c.loss_total / max(c.examples, 1))
    if name in CLASSIFICATION:
        if not classification:
            raise TrainError("invmeas", String(name), "it needs a classification net.")
        return _CLASSIFICATION_MEASURES[name](_Classified(c, labels))
    if name in REGRESSION:
        if classification:
            raise TrainError("invmeas", String(name), "it needs a regression net.")
        y = np.concatenate(c.values) if c.values else np.zeros(0)
        t = np.concatenate(c.targets) if c.targets else np.zeros(0)
        if name == "MeanSquare":
            return Real(float(np.mean((y - t) ** 2)))
        if name == "MeanDeviation":
            return Real(float(np.mean(np.abs(y - t))))
        if name == "StandardDeviation":                # of the residuals: the RMS error
            return Real(float(np.sqrt(np.mean((y - t) ** 2))))
        total = float(np.sum((t - t.mean()) ** 2)) if t.size else 0.0
        return Real(1.0 - float(np.sum((y - t) ** 2)) / total if total > 0 else 0.0)
    raise TrainError("invmeas", String(name), "use \"Loss\", " + ", ".join(
        f'"{m}"' for m in CLASSIFICATION + REGRESSION) + ".")


# ---------------------------------------------------------------------------- while training

MEASUREMENTS_OPTION = "TrainingProgressMeasurements"


def parse_measurements(value, classification: bool) -> tuple[str, ...]:
    """TrainingProgressMeasurements → the names measured every round besides "Loss" (which
    always is).  Forms: Automatic or None (the loss only), "name", <|"Measurement" -> "name"|>,
    or a list of these.  Automatic measures nothing more, so that training costs no extra
    pass over the data unless measurements are asked for."""
    if type(value) is Symbol and value.name in ("Automatic", "None"):
        return ()
    items = value.args if type(value) is Expr and value.head is S.List else (value,)
    usable = CLASSIFICATION if classification else REGRESSION
    names: list[str] = []
    for item in items:
        name = _measurement_name(item)
        if name is None or name not in ("Loss",) + usable:
            why = (f'"{name}" needs a {"regression" if classification else "classification"} net'
                   if name in CLASSIFICATION + REGRESSION else
                   "measurements are given by name or as <|\"Measurement\" -> name|>")
            raise TrainError("invopt", Symbol(MEASUREMENTS_OPTION), value,
                             why + "; this net can measure "
                             + ", ".join(f'"{m}"' for m in ("Loss",) + usable) + ".")
        if name != "Loss" and name not in names:
            names.append(name)
    return tuple(names)


def _measurement_name(item) -> str | None:
    if type(item) is String:
        return item.value
    if type(item) is Expr and item.head is S.Association and len(item.args) == 1:
        rule = item.args[0]
        if type(rule) is Expr and len(rule.args) == 2 and rule.args[0] == String("Measurement") \
                and type(rule.args[1]) is String:
            return rule.args[1].value
    return None


class RoundMeasurer:
    """The measurements taken after every round (test behaviour, one pass over the data):
    ``training(arrays)`` over the training examples, ``validation(arrays, data)`` over the
    validation set, which also gives the validation loss (so that pass is not repeated)."""

    def __init__(self, names, executor, losses, port: str, classification: bool, labels,
                 training_data):
        self.names = tuple(names)
        self.executor = executor
        self.losses = losses
        self.port = port
        self.classification = classification
        self.labels = labels
        self.training_data = training_data          # PreparedData in evaluation-sized batches

    def _measure(self, arrays, batches) -> tuple[float, dict]:
        c = collect(self.executor, arrays, batches, self.losses, self.port, self.classification)
        values = {n: measure(c, n, self.labels, self.classification) for n in self.names}
        return c.loss_total / max(c.examples, 1), values

    def training(self, arrays) -> dict:
        return self._measure(arrays, self.training_data.batches)[1]

    def validation(self, arrays, data) -> tuple[float, dict]:
        return self._measure(arrays, data.batches)
