"""The measurements of classifiers and predictors on test data:
``ClassifierMeasurements[cf, data, prop]`` (and of given classifications,
``ClassifierMeasurements[{class…}, {true class…}, prop]``), ``PredictorMeasurements[p,
data, prop]`` (and of given predictions, ``PredictorMeasurements[{y…}, {true value…}]``), and their objects (without prop) that give them: ``obj[prop]``.

Classifier measurements are NetMeasurements' (wlnet/net/train/measurements.py: accuracy,
per-class rates, kappa, cross-entropies, ROC curves, confusion matrix and its plot…), fed
with the classifier's probabilities; this module adds the properties of examples
("BestClassifiedExamples", "MisclassifiedExamples", "TruePositiveExamples"…, with {prop, n}
for the first n), "Probabilities" (of the true classes), "ProbabilityHistogram",
"ClassifierFunction", "Examples", "Report" and "Properties".  Predictor measurements are
computed here: residual statistics, the likelihoods of the predictor's normal
distributions, plots ("ComparisonPlot", "ResidualPlot", "ResidualHistogram"), the best
and worst predicted examples and a "Report".
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import float_value
from wlnet.builtins.machine_learning import (CLASSIFIER, PREDICTOR, _MESSAGES, _association,
                                             _fields, _inputs, _model_of, _training_pairs,
                                             classifier_probabilities)
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.registry import builtin, builtin_subvalue, builtin_upvalue, declare
from wlnet.syntax.printer import register_output_format

PREDICTOR_MEASUREMENTS = Symbol("PredictorMeasurementsObject")
CLASSIFIER_MEASUREMENTS = Symbol("ClassifierMeasurementsObject")
DEFAULT_EXAMPLE_COUNT = 5          # examples shown by "BestClassifiedExamples" and the like
_EXAMPLE_PROPERTIES = ("BestClassifiedExamples", "WorstClassifiedExamples",
                       "CorrectlyClassifiedExamples", "MisclassifiedExamples",
                       "LeastCertainExamples", "MostCertainExamples")
_PER_CLASS_EXAMPLES = ("TruePositiveExamples", "FalsePositiveExamples",
                       "FalseNegativeExamples", "TrueNegativeExamples")
_OWN_CLASSIFIER_PROPERTIES = _EXAMPLE_PROPERTIES + _PER_CLASS_EXAMPLES + (
    "Probabilities", "ProbabilityHistogram", "ClassifierFunction", "Examples", "Report",
    "Properties", "Error")
_COUNTED_PROPERTIES = _EXAMPLE_PROPERTIES + ("Accuracy",)    # {prop, n} forms


# ---------------------------------------------------------------------------- classifiers

class Classified:
    """A classifier's answers on test examples: the classes (training classes, then any
    test class it never saw), the true class and the probabilities of each example."""

    def __init__(self, classes: list, examples: list, truth: list, probabilities: np.ndarray):
        unseen = [c for c in dict.fromkeys(truth) if c not in classes]
        self.classes = list(classes) + unseen
        self.examples, self.truth = examples, truth
        self.probs = np.hstack([probabilities, np.zeros((len(probabilities), len(unseen)))])
        index = {c: i for i, c in enumerate(self.classes)}
        self.true = np.array([index[t] for t in truth], dtype=np.int64)
        self.decided = self.probs.argmax(axis=1) if len(self.probs) else self.true

    def true_probabilities(self) -> np.ndarray:
        return self.probs[np.arange(len(self.true)), self.true]

    def collected(self):
        from wlnet.net.train.measurements import Collected
        c = Collected()
        c.decided, c.true, c.probs = [self.decided + 1], [self.true + 1], [self.probs]
        c.examples = len(self.true)
        return c

    def rules(self, rows) -> Expr:
        return Expr(S.List, *[Expr(S.Rule, self.examples[i], self.truth[i]) for i in rows])


def _classified_by(ev, cf, data) -> Classified | None:
    stored, fields = _model_of(cf)
    pairs = _training_pairs(data)
    matrix = _inputs(ev, stored, Expr(S.List, *pairs[0]))[0] \
        if stored is not None and pairs is not None and pairs[0] else None
    if matrix is None or len(matrix) != len(pairs[0]):
        ev.message(CLASSIFIER, "bdtest", data)       # (ClassifierMeasurements is the net's)
        return None
    examples, truth = pairs
    probabilities = classifier_probabilities(ev, stored, fields, matrix)
    if probabilities is None:
        return None
    return Classified(stored["classes"], examples, truth, probabilities)


def _count(measurement) -> tuple[str | None, int | None]:
    """(name, n) of "name" or {"name", n}."""
    if type(measurement) is String:
        return measurement.value, None
    if type(measurement) is Expr and measurement.head is S.List and len(measurement.args) == 2 \
            and type(measurement.args[0]) is String and type(measurement.args[1]) is Integer:
        return measurement.args[0].value, measurement.args[1].value
    return None, None


def classifier_measure(ev, k: Classified, measurement, cf=None):
    """One measurement of the classified examples (Missing["UnknownProperty", m] when it
    is not one)."""
    name, count = _count(measurement)
    if name == "Accuracy" and count is not None:
        return _top_accuracy(k, count)
    if name in _OWN_CLASSIFIER_PROPERTIES and (count is None or name in _COUNTED_PROPERTIES):
        return _own_classifier_property(ev, k, name, count, cf)
    from wlnet.net.train import TrainError
    from wlnet.net.train.measurements import BadMeasurement, measure, parse_measurement
    try:
        parsed = parse_measurement(measurement)
        if parsed.name in ("Loss", "NetPort", "Information", "AttentionWeights", "Function"):
            raise BadMeasurement("not a classifier measurement")
        value = measure(k.collected(), parsed, k.classes, True)
    except (BadMeasurement, TrainError):
        return Expr(S.Missing, String("UnknownProperty"), measurement)
    return ev.evaluate(value) if type(value) is Expr and value.head is not S.Association \
        and type(value.head) is Symbol and value.head.name.endswith("Plot") else value


def _top_accuracy(k: Classified, n: int):
    """{"Accuracy", n}: the fraction of examples whose true class is among the n most
    probable (ties counted against it)."""
    if n < 1:
        return Expr(S.Missing, String("UnknownProperty"), Expr(S.List, String("Accuracy"),
                                                               Integer(n)))
    if not len(k.true):
        return Real(0.0)
    above = (k.probs > k.true_probabilities()[:, None]).sum(axis=1)
    return Real(float(np.mean(above < n)))


def _own_classifier_property(ev, k: Classified, name: str, count: int | None, cf):
    p_true = k.true_probabilities()
    right = k.decided == k.true
    if name == "Error":                 # the fraction misclassified
        return Real(float(np.mean(~right)) if len(right) else 0.0)
    if name in _EXAMPLE_PROPERTIES:
        with np.errstate(divide="ignore", invalid="ignore"):
            entropy = -np.where(k.probs > 0, k.probs * np.log(k.probs), 0.0).sum(axis=1)
        order = {"BestClassifiedExamples": np.argsort(-p_true, kind="stable"),
                 "WorstClassifiedExamples": np.argsort(p_true, kind="stable"),
                 "CorrectlyClassifiedExamples": np.flatnonzero(right),
                 "MisclassifiedExamples": np.flatnonzero(~right),
                 "LeastCertainExamples": np.argsort(-entropy, kind="stable"),
                 "MostCertainExamples": np.argsort(entropy, kind="stable")}[name]
        limited = name.startswith(("Best", "Worst", "Least", "Most"))
        if count is not None or limited:
            order = order[:count if count is not None else DEFAULT_EXAMPLE_COUNT]
        return k.rules(order)
    if name in _PER_CLASS_EXAMPLES:
        def rows(c):
            truth, decided = k.true == c, k.decided == c
            return np.flatnonzero({"TruePositiveExamples": truth & decided,
                                   "FalsePositiveExamples": ~truth & decided,
                                   "FalseNegativeExamples": truth & ~decided,
                                   "TrueNegativeExamples": ~truth & ~decided}[name])
        return Expr(S.Association, *[Expr(S.Rule, cls, k.rules(rows(c)))
                                     for c, cls in enumerate(k.classes)])
    if name == "Probabilities":
        return Expr(S.List, *[Real(float(v)) for v in p_true])
    if name == "ProbabilityHistogram":
        return ev.evaluate(Expr(Symbol("Histogram"), Expr(S.List, *[Real(float(v))
                                                                    for v in p_true]),
                                Expr(S.List, Integer(0), Integer(1), Real(0.05))))
    if name == "ClassifierFunction":
        return cf if cf is not None else Expr(S.Missing, String("NotAvailable"))
    if name == "Examples":
        return k.rules(range(len(k.true)))
    if name == "Properties":
        from wlnet.net.train.measurements import CLASSIFICATION
        return Expr(S.List, *map(String, sorted(set(CLASSIFICATION) |
                                                set(_OWN_CLASSIFIER_PROPERTIES))))
    return _classifier_report(ev, k, cf)


def _classifier_report(ev, k: Classified, cf):
    """A summary: the method, the test examples, accuracy (and its baseline), the mean
    cross-entropy, and the confusion matrix drawn."""
    rows = []
    if cf is not None:
        _, fields = _model_of(cf)
        rows.append(("Classifier method", fields.get("Method")))
    rows.append(("Number of test examples", Integer(len(k.true))))
    for label, name in (("Accuracy", "Accuracy"), ("Accuracy baseline", "AccuracyBaseline"),
                        ("Mean cross-entropy", "MeanCrossEntropy")):
        rows.append((label, classifier_measure(ev, k, String(name))))
    grid = Expr(Symbol("Grid"), Expr(S.List, *[Expr(S.List, String(a), b) for a, b in rows]))
    plot = classifier_measure(ev, k, String("ConfusionMatrixPlot"))
    return ev.evaluate(Expr(Symbol("Column"), Expr(S.List, grid, plot)))


def _measure_all(ev, k: Classified, measurement, cf=None):
    if type(measurement) is Expr and measurement.head is S.List and _count(measurement)[0] \
            is None:
        return Expr(S.List, *[classifier_measure(ev, k, m, cf) for m in measurement.args])
    return classifier_measure(ev, k, measurement, cf)


@builtin_upvalue("ClassifierMeasurements", "ClassifierFunction")
def _classifier_measurements(ev, cf, data=None, measurement=None, *rest):
    stored, _ = _model_of(cf)
    if stored is None or data is None or rest:
        return None
    k = _classified_by(ev, cf, data)
    if k is None:
        return Symbol("$Failed")
    if measurement is None:           # the object that gives the measurements, as for nets
        return Expr(CLASSIFIER_MEASUREMENTS, _association(Net=cf, Data=data))
    return _measure_all(ev, k, measurement, cf)


@builtin_upvalue("ClassifierMeasurements", "List")
def _measurements_of_classifications(ev, guessed=None, truth=None, measurement=None, *rest):
    """ClassifierMeasurements[{class1, class2, …}, {true1, true2, …}, prop]: the
    classifications made by someone else (a person, a language model) measured against
    the true classes, as WL's data form of ClassifierMeasurements has it (each decided
    class given probability 1)."""
    if not (type(guessed) is Expr and guessed.head is S.List and type(truth) is Expr
            and truth.head is S.List) or measurement is None or rest:
        return None
    if any(type(g) is Expr and g.head in (S.Rule, S.Association, S.List) for g in guessed.args):
        return None                    # distributions or probabilities: not this form
    if len(guessed.args) != len(truth.args) or not guessed.args:
        ev.message(S.ClassifierMeasurements, "clslen", Integer(len(guessed.args)),
                   Integer(len(truth.args)))
        return S["$Failed"]
    classes = list(dict.fromkeys((*truth.args, *guessed.args)))
    classes = list(ev.evaluate(Expr(S.Sort, Expr(S.List, *classes))).args)
    index = {c: i for i, c in enumerate(classes)}
    probabilities = np.eye(len(classes))[[index[g] for g in guessed.args]]
    k = Classified(classes, list(guessed.args), list(truth.args), probabilities)
    return _measure_all(ev, k, measurement)


# ---------------------------------------------------------------------------- predictors

class Predicted:
    """A predictor's answers on test examples: predictions, their standard deviations
    and the true values."""

    def __init__(self, examples, truth, predictions, spreads):
        self.examples, self.truth = examples, truth
        self.predictions, self.spreads = predictions, np.maximum(spreads, 1e-300)
        self.residuals = truth - predictions

    def log_likelihoods(self) -> np.ndarray:
        z = self.residuals / self.spreads
        return -0.5 * z * z - np.log(self.spreads * np.sqrt(2 * np.pi))

    def rules(self, rows) -> Expr:
        return Expr(S.List, *[Expr(S.Rule, self.examples[i], Real(float(self.truth[i])))
                              for i in rows])


def _predicted_by(ev, p, data) -> Predicted | None:
    stored, _ = _model_of(p)
    pairs = _training_pairs(data)
    truth = [float_value(v) for v in pairs[1]] if pairs else None
    matrix = _inputs(ev, stored, Expr(S.List, *pairs[0]))[0] \
        if stored is not None and pairs is not None and pairs[0] and None not in truth else None
    if matrix is None or len(matrix) != len(pairs[0]):
        ev.message(S.PredictorMeasurements, "bdtest", data)
        return None
    model = stored["model"]
    spreads = model.standard_deviations(matrix) if hasattr(model, "standard_deviations") \
        else np.full(len(matrix), stored["spread"])
    return Predicted(pairs[0], np.array(truth), model.predict(matrix), spreads)


def _predicted_values(ev, guessed, data) -> Predicted | None:
    """PredictorMeasurements[{y1, y2, …}, test, …]: predictions made elsewhere (a net, a
    person) measured against the test values, given as {v1, v2, …} or as {x1 -> v1, …}
    (the data form of the PredictorMeasurements page).  A prediction may be a number or a
    NormalDistribution[m, s]; plain numbers are taken as normal predictions with the
    residuals' root mean square as their spread, so the likelihoods stay defined."""
    pairs = _training_pairs(data)
    if pairs is None and type(data) is Expr and data.head is S.List:
        pairs = (list(data.args), list(data.args))
    truth = [float_value(v) for v in pairs[1]] if pairs is not None else None
    means, spreads = [], []
    for y in guessed.args:
        normal = type(y) is Expr and getattr(y.head, "name", "") == "NormalDistribution" \
            and len(y.args) == 2
        means.append(float_value(y.args[0] if normal else y))
        spreads.append(float_value(y.args[1]) if normal else np.nan)
    if truth is not None and len(truth) != len(means):
        ev.message(S.PredictorMeasurements, "prdlen", Integer(len(means)), Integer(len(truth)))
        return None
    if None in means or None in spreads or not means:
        ev.message(S.PredictorMeasurements, "prdval", guessed)
        return None
    if truth is None or None in truth:
        ev.message(S.PredictorMeasurements, "bdtest", data)
        return None
    truth, means, spreads = np.array(truth), np.array(means), np.array(spreads)
    rms = float(np.sqrt(((truth - means) ** 2).mean()))
    return Predicted(pairs[0], truth, means, np.where(np.isnan(spreads), rms, spreads))


def _reals(values) -> Expr:
    return Expr(S.List, *[Real(float(v)) for v in values])


def _plot(ev, head: str, points, *options) -> Expr:
    return ev.evaluate(Expr(Symbol(head), points, *options))


def _comparison_plot(ev, k: Predicted) -> Expr:
    """The predictions against the true values, with the diagonal of perfect ones."""
    low = float(min(k.truth.min(), k.predictions.min()))
    high = float(max(k.truth.max(), k.predictions.max()))
    diagonal = Expr(Symbol("Line"), Expr(S.List, _reals([low, low]), _reals([high, high])))
    points = Expr(S.List, *[_reals(pair) for pair in zip(k.truth, k.predictions)])
    return _plot(ev, "ListPlot", points,
                 Expr(S.Rule, Symbol("Epilog"), Expr(S.List, Symbol("Gray"), diagonal)),
                 Expr(S.Rule, Symbol("Frame"), Symbol("True")),
                 Expr(S.Rule, Symbol("FrameLabel"), Expr(S.List, String("true value"),
                                                         String("predicted value"))),
                 Expr(S.Rule, Symbol("AspectRatio"), Integer(1)))


_PREDICTOR_MEASURES = {
    "StandardDeviation": lambda ev, k: Real(float(np.sqrt((k.residuals ** 2).mean()))),
    "StandardDeviationBaseline": lambda ev, k: Real(float(k.truth.std())),
    "MeanSquare": lambda ev, k: Real(float((k.residuals ** 2).mean())),
    "MeanDeviation": lambda ev, k: Real(float(np.abs(k.residuals).mean())),
    "RSquared": lambda ev, k: Real(float(1 - (k.residuals ** 2).sum() /
                                         (((k.truth - k.truth.mean()) ** 2).sum() or 1.0))),
    "FractionVarianceUnexplained": lambda ev, k: Real(float(
        (k.residuals ** 2).sum() / (((k.truth - k.truth.mean()) ** 2).sum() or 1.0))),
    "Residuals": lambda ev, k: _reals(k.residuals),
    "LogLikelihood": lambda ev, k: Real(float(k.log_likelihoods().sum())),
    "Likelihood": lambda ev, k: Real(float(np.exp(k.log_likelihoods().sum()))),
    "MeanCrossEntropy": lambda ev, k: Real(float(-k.log_likelihoods().mean())),
    "Perplexity": lambda ev, k: Real(float(np.exp(-k.log_likelihoods().mean()))),
    "ComparisonPlot": _comparison_plot,
    "ResidualPlot": lambda ev, k: _plot(ev, "ListPlot", Expr(S.List, *[
        _reals(pair) for pair in zip(k.truth, k.residuals)]),
        Expr(S.Rule, Symbol("Frame"), Symbol("True")),
        Expr(S.Rule, Symbol("FrameLabel"), Expr(S.List, String("true value"),
                                                String("residual")))),
    "ResidualHistogram": lambda ev, k: _plot(ev, "Histogram", _reals(k.residuals)),
    "Examples": lambda ev, k: k.rules(range(len(k.truth))),
}
_PREDICTOR_EXAMPLES = ("BestPredictedExamples", "WorstPredictedExamples",
                       "LeastCertainExamples", "MostCertainExamples")
PREDICTOR_MEASUREMENT_NAMES = tuple(sorted((*_PREDICTOR_MEASURES, *_PREDICTOR_EXAMPLES,
                                            "PredictorFunction", "Report", "Properties")))


def predictor_measure(ev, k: Predicted, measurement, p=None):
    """One measurement of the predicted examples; None when it is not one."""
    name, count = _count(measurement)
    if name in _PREDICTOR_EXAMPLES:
        # best/worst by the residual's size; most/least certain by the spread of the
        # predictive distribution (wide distributions are the uncertain predictions)
        key = k.spreads if name.endswith("CertainExamples") else np.abs(k.residuals)
        order = np.argsort(-key if name in ("WorstPredictedExamples", "LeastCertainExamples")
                           else key, kind="stable")
        return k.rules(order[:count if count is not None else DEFAULT_EXAMPLE_COUNT])
    if count is not None:
        return None
    if name == "PredictorFunction":
        return p if p is None or p.head is PREDICTOR else None   # (none for given data)
    if name == "Properties":
        return Expr(S.List, *map(String, PREDICTOR_MEASUREMENT_NAMES))
    if name == "Report":
        rows = [("Number of test examples", Integer(len(k.truth)))] + [
            (label, _PREDICTOR_MEASURES[n](ev, k)) for label, n in (
                ("Standard deviation", "StandardDeviation"),
                ("Standard deviation baseline", "StandardDeviationBaseline"),
                ("R squared", "RSquared"))]
        grid = Expr(Symbol("Grid"), Expr(S.List, *[Expr(S.List, String(a), b)
                                                   for a, b in rows]))
        return ev.evaluate(Expr(Symbol("Column"), Expr(S.List, grid,
                                                       _comparison_plot(ev, k))))
    compute = _PREDICTOR_MEASURES.get(name)
    return compute(ev, k) if compute is not None else None


@builtin("PredictorMeasurements", argc=(2, None),
         messages={**_MESSAGES, "prdlen": "`1` predictions were given for `2` test values.",
                   "prdval": "`1` is not a list of predictions: numbers or "
                             "NormalDistribution[m, s]."},
         usage="PredictorMeasurements[p, testdata, measurement] measures the predictor p on "
               "test data: \"StandardDeviation\" (of the residuals), \"MeanSquare\", "
               "\"MeanDeviation\", \"RSquared\", \"Residuals\", \"LogLikelihood\", "
               "\"ComparisonPlot\", \"ResidualPlot\", \"BestPredictedExamples\", \"Report\", "
               "\"Properties\"…; PredictorMeasurements[p, testdata] is an object that gives "
               "them (obj[\"RSquared\"]).",
         examples=(('PredictorMeasurements[Predict[{1 -> 2, 2 -> 4, 3 -> 6}], '
                    '{4 -> 8, 5 -> 10}, "RSquared"]', "1."),))
def predictor_measurements(ev, p, data, measurement=None, *rest):
    given = type(p) is Expr and p.head is S.List        # predictions made elsewhere
    if not (type(p) is Expr and p.head is PREDICTOR or given) or rest:
        return None
    k = _predicted_values(ev, p, data) if given else _predicted_by(ev, p, data)
    if k is None:
        return Symbol("$Failed")
    if measurement is None:           # an object that gives the measurements
        return Expr(PREDICTOR_MEASUREMENTS, _association(Predictor=p, Data=data))
    many = type(measurement) is Expr and measurement.head is S.List and \
        _count(measurement)[0] is None
    names = measurement.args if many else (measurement,)
    out = []
    for m in names:
        value = predictor_measure(ev, k, m, p)
        if value is None:
            ev.message(S.PredictorMeasurements, "bdprop", m)
            return None
        out.append(value)
    return Expr(S.List, *out) if many else out[0]


declare("PredictorMeasurementsObject", attributes=("Protected",),
        usage="PredictorMeasurementsObject[…] gives the measurements of a predictor on test "
              "data: obj[\"StandardDeviation\"], obj[\"RSquared\"]…")


@builtin_subvalue("PredictorMeasurementsObject")
def _predictor_measurements_property(ev, obj, *args):
    fields = _fields(obj.args[0]) if len(obj.args) == 1 else {}
    if len(args) != 1 or "Predictor" not in fields or "Data" not in fields:
        return None
    return predictor_measurements(ev, fields["Predictor"], fields["Data"], args[0])


def _measurements_summary(obj) -> str | None:
    """PredictorMeasurementsObject[<n examples>]: the data is not shown."""
    fields = _fields(obj.args[0]) if len(obj.args) == 1 else {}
    data = fields.get("Data")
    pairs = _training_pairs(data)
    count = len(pairs[0]) if pairs is not None else \
        len(data.args) if type(data) is Expr and data.head is S.List else None
    return None if count is None else f"PredictorMeasurementsObject[<{count} examples>]"


register_output_format("PredictorMeasurementsObject", _measurements_summary)
