"""NetMeasurements: measures of a net on data with targets (spec §3.6).

Classification (the measured output has a cross-entropy "Index" loss, or a "Class"
decoder): "Accuracy", "ErrorRate", "ConfusionMatrix" (rows: true class, columns: the
class decided), "Precision", "Recall", "F1Score" (per class: label -> value).
Regression: "MeanSquare", "MeanDeviation", "StandardDeviation" (the root mean square
deviation), "RSquared".  Always: "Loss" (the loss NetTrain would minimise, mean over the
examples).

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

CLASSIFICATION = ("Accuracy", "ErrorRate", "ConfusionMatrix", "Precision", "Recall", "F1Score")
REGRESSION = ("MeanSquare", "MeanDeviation", "StandardDeviation", "RSquared")


class Collected:
    """What one pass over the data gives."""

    def __init__(self):
        self.loss_total = 0.0
        self.examples = 0
        self.decided: list[np.ndarray] = []      # classification: decided class (1-based)
        self.true: list[np.ndarray] = []         # classification: true class (1-based)
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
            decided = np.argmax(out.data, axis=-1) + 1
            truth = t.data if t.data.ndim == decided.ndim else np.argmax(t.data, axis=-1) + 1
            if out.lengths is not None:
                truth = truth[:, :decided.shape[1]]
            c.decided.append(_valid(decided, out.lengths).ravel())
            c.true.append(_valid(truth, out.lengths).ravel())
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


def measure(c: Collected, name: str, labels, classification: bool):
    """One measurement from the collected values (labels: the class labels)."""
    if name == "Loss":
        return Real(c.loss_total / max(c.examples, 1))
    if name in CLASSIFICATION:
        if not classification:
            raise TrainError("invmeas", String(name), "it needs a classification net.")
        decided = np.concatenate(c.decided) if c.decided else np.zeros(0, int)
        true = np.concatenate(c.true) if c.true else np.zeros(0, int)
        n = len(labels)
        if name == "Accuracy":
            return Real(float(np.mean(decided == true)) if true.size else 0.0)
        if name == "ErrorRate":
            return Real(float(np.mean(decided != true)) if true.size else 0.0)
        cm = np.zeros((n, n), np.int64)
        np.add.at(cm, (true - 1, decided - 1), 1)
        if name == "ConfusionMatrix":
            return Expr.from_args(S.List, (Expr.from_args(S.List, (Integer(int(v)) for v in row))
                                           for row in cm))
        tp = np.diag(cm)
        precision = _safe_ratio(tp, cm.sum(axis=0))
        recall = _safe_ratio(tp, cm.sum(axis=1))
        if name == "Precision":
            return _per_class(labels, precision)
        if name == "Recall":
            return _per_class(labels, recall)
        return _per_class(labels, _safe_ratio(2 * precision * recall, precision + recall))
    if name in REGRESSION:
        if classification:
            raise TrainError("invmeas", String(name), "it needs a regression net.")
        y = np.concatenate(c.values) if c.values else np.zeros(0)
        t = np.concatenate(c.targets) if c.targets else np.zeros(0)
        if name == "MeanSquare":
            return Real(float(np.mean((y - t) ** 2)))
        if name == "MeanDeviation":
            return Real(float(np.mean(np.abs(y - t))))
        if name == "StandardDeviation":                  # of the residuals (the RMSE)
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
