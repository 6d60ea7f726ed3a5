"""The measurements of classifiers and predictors on test data:
``ClassifierMeasurements[cf, data, prop]`` (and of given classifications,
``ClassifierMeasurements[{class…}, {true class…}, prop]``), ``PredictorMeasurements[p,
data, prop]`` (and of given predictions, ``PredictorMeasurements[{y…}, {true value…}]``), and their objects (without prop) that give them: ``obj[prop]``.

Classifier measurements are NetMeasurements' (wlnet/net/train/measurements.py: accuracy,
per-class rates, kappa, cross-entropies, ROC curves, confusion matrix and its plot…), fed
with the classifier's probabilities; this module adds the properties of examples
("BestClassifiedExamples", "MisclassifiedExamples", "TruePositiveExamples"…, with {prop, n}
for the first n), "Probabilities" (of the true classes), "ProbabilityHistogram",
"ClassifierFunction", "Examples", "Report" and "Properties", the measures of the
decisions ("RejectionRate", "ClassRejectionRate", "DecisionUtilities",
"MeanDecisionUtility": examples decided Indeterminate are left out of the others) and the
timings ("EvaluationTime", "BatchEvaluationTime").  Options: the classifier's ClassPriors,
IndeterminateThreshold and UtilityFunction applied to the test set, ComputeUncertainty
(Around[value, jackknife standard error]).  Predictor measurements are
computed here: residual statistics, the likelihoods of the predictor's normal
distributions, plots ("ComparisonPlot", "ResidualPlot", "ResidualHistogram"), the best
and worst predicted examples and a "Report".
"""

from __future__ import annotations

import time

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
_DECISION_PROPERTIES = ("RejectionRate", "ClassRejectionRate", "DecisionUtilities",
                        "MeanDecisionUtility")
_TIME_PROPERTIES = ("EvaluationTime", "BatchEvaluationTime")
# options of ClassifierMeasurements (and of its object's calls): the classifier's own,
# applied to the test set, and ComputeUncertainty
_MEASUREMENT_OPTIONS = ("ClassPriors", "IndeterminateThreshold", "UtilityFunction",
                        "ComputeUncertainty")
_JACKKNIFE_GROUPS = 100        # most leave-a-group-out recomputations of an uncertainty


# ---------------------------------------------------------------------------- classifiers

class Classified:
    """A classifier's answers on test examples: the classes (training classes, then any
    test class it never saw), the true class and the probabilities of each example; the
    decisions (None: the most probable class; else one per example, a class or
    Indeterminate, as an IndeterminateThreshold or UtilityFunction made them) and the
    utility of each decision (None: 1 when right, else 0)."""

    def __init__(self, classes: list, examples: list, truth: list, probabilities: np.ndarray,
                 decisions: list | None = None, utilities: np.ndarray | None = None):
        unseen = [c for c in dict.fromkeys(truth) if c not in classes]
        self.classes = list(classes) + unseen
        self.examples, self.truth = examples, truth
        self.probs = np.hstack([probabilities, np.zeros((len(probabilities), len(unseen)))])
        index = {c: i for i, c in enumerate(self.classes)}
        self.true = np.array([index[t] for t in truth], dtype=np.int64)
        if decisions is None:
            self.decided = self.probs.argmax(axis=1) if len(self.probs) else self.true
            self.rejected = np.zeros(len(self.true), dtype=bool)
        else:
            self.rejected = np.array([d not in index for d in decisions], dtype=bool)
            self.decided = np.array([index.get(d, 0) for d in decisions], dtype=np.int64)
        self.utilities = utilities if utilities is not None else \
            np.where(self.rejected, 0.0, (self.decided == self.true).astype(float))

    def subset(self, rows) -> "Classified":
        """The same classifications of some of the examples only."""
        k = Classified.__new__(Classified)
        k.classes, k.probs = self.classes, self.probs[rows]
        k.examples = [self.examples[i] for i in rows]
        k.truth = [self.truth[i] for i in rows]
        k.true, k.decided = self.true[rows], self.decided[rows]
        k.rejected, k.utilities = self.rejected[rows], self.utilities[rows]
        return k

    def kept(self) -> "Classified":
        """The examples that got a class: Indeterminate ones are left out of the measures
        of classification."""
        return self if not self.rejected.any() else self.subset(np.flatnonzero(~self.rejected))

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


def _classified_by(ev, cf, data, options: dict | None = None) -> Classified | None:
    """The classifier's answers on the test data, with the ClassPriors,
    IndeterminateThreshold and UtilityFunction in force (``options``, else the
    classifier's); None after a message."""
    from wlnet.builtins.machine_learning import decide, decision_settings
    options = options or {}
    stored, fields = _model_of(cf)
    pairs = _training_pairs(data)
    matrix = _inputs(ev, stored, Expr(S.List, *pairs[0]))[0] \
        if stored is not None and pairs is not None and pairs[0] else None
    if matrix is None or len(matrix) != len(pairs[0]):
        ev.message(CLASSIFIER, "bdtest", data)       # (ClassifierMeasurements is the net's)
        return None
    examples, truth = pairs
    probabilities = classifier_probabilities(ev, stored, fields, matrix, options)
    if probabilities is None:
        return None
    classes = stored["classes"]
    settings = decision_settings(ev, fields, options, classes)
    if settings is None:
        return None
    threshold, utility = settings
    if threshold is None and utility is None:
        return Classified(classes, examples, truth, probabilities)
    decisions = [decide(classes, p, threshold, utility) for p in probabilities]
    utilities = None
    if utility is not None:          # the utility of (true class, decision)
        choices, matrix = utility
        row = {c: i for i, c in enumerate(classes)}
        column = {d: j for j, d in enumerate(choices)}
        utilities = np.array([matrix[row[t], column[d]] if t in row and d in column else
                              float(t == d) for t, d in zip(truth, decisions)])
    return Classified(classes, examples, truth, probabilities, decisions, utilities)


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
    is not one).  Examples decided Indeterminate count only in "RejectionRate",
    "ClassRejectionRate" and the utilities."""
    name, count = _count(measurement)
    if name in _DECISION_PROPERTIES and count is None:
        return _decision_property(k, name)
    if name in _TIME_PROPERTIES and count is None:
        return _evaluation_time(ev, k, name, cf)
    k = k.kept()
    if name == "Accuracy" and count is not None:
        return _top_accuracy(k, count)
    if name == "ConfusionMatrixPlot" and count is not None:
        return _confusion_plot_of(ev, k, Integer(count), cf)
    if name == "TopConfusions" and count is not None and count >= 0:
        confusions = classifier_measure(ev, k, String(name), cf)
        return Expr(S.List, *confusions.args[:count])
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


def _classes_plot(measurement) -> bool:
    """Whether ``measurement`` is {"ConfusionMatrixPlot", {c1, c2, …}}."""
    return type(measurement) is Expr and measurement.head is S.List and \
        len(measurement.args) == 2 and measurement.args[0] == String("ConfusionMatrixPlot") \
        and type(measurement.args[1]) is Expr and measurement.args[1].head is S.List


def _confusion_plot_of(ev, k: Classified, which, cf):
    """{"ConfusionMatrixPlot", {c1, …}}: the plot of those classes' rows and columns only;
    {"ConfusionMatrixPlot", n}: of the n classes classified worst (lowest share of their
    examples classified right)."""
    k = k.kept()
    if type(which) is Integer:
        if which.value < 1:
            return Expr(S.Missing, String("UnknownProperty"),
                        Expr(S.List, String("ConfusionMatrixPlot"), which))
        right = np.array([np.mean(k.decided[k.true == c] == c) if (k.true == c).any() else 1.0
                          for c in range(len(k.classes))])
        chosen = sorted(np.argsort(right, kind="stable")[:which.value].tolist())
    else:
        index = {c: i for i, c in enumerate(k.classes)}
        if not all(c in index for c in which.args):
            return Expr(S.Missing, String("UnknownProperty"),
                        Expr(S.List, String("ConfusionMatrixPlot"), which))
        chosen = [index[c] for c in which.args]
    keep = np.flatnonzero(np.isin(k.true, chosen) & np.isin(k.decided, chosen))
    sub = k.subset(keep)
    remap = np.full(len(k.classes), -1)
    remap[chosen] = np.arange(len(chosen))
    sub.classes = [k.classes[c] for c in chosen]
    sub.true, sub.decided = remap[sub.true], remap[sub.decided]
    sub.probs = sub.probs[:, chosen]
    return classifier_measure(ev, sub, String("ConfusionMatrixPlot"), cf)


def _decision_property(k: Classified, name: str):
    """The measures of the decisions themselves, Indeterminate ones included."""
    if name == "RejectionRate":
        return Real(float(k.rejected.mean()) if len(k.rejected) else 0.0)
    if name == "ClassRejectionRate":         # per true class
        return Expr(S.Association, *[
            Expr(S.Rule, cls, Real(float(k.rejected[k.true == c].mean())
                                   if (k.true == c).any() else 0.0))
            for c, cls in enumerate(k.classes)])
    if name == "DecisionUtilities":
        return Expr(S.List, *[Real(float(u)) for u in k.utilities])
    return Real(float(k.utilities.mean()) if len(k.utilities) else 0.0)    # the mean


def _evaluation_time(ev, k, name: str, cf):
    """"EvaluationTime": the median time the classifier (or predictor) takes on one test
    example (up to five of them, each alone); "BatchEvaluationTime": the time of the whole
    test set given at once, per example.  A Quantity of seconds; Missing["NotAvailable"]
    without a function (given classifications)."""
    if cf is None or not k.examples:
        return Expr(S.Missing, String("NotAvailable"))
    if name == "EvaluationTime":
        times = []
        for example in k.examples[:5]:
            started = time.perf_counter()
            ev.evaluate(Expr(cf, example))
            times.append(time.perf_counter() - started)
        seconds = float(np.median(times))
    else:
        started = time.perf_counter()
        ev.evaluate(Expr(cf, Expr(S.List, *k.examples)))
        seconds = (time.perf_counter() - started) / len(k.examples)
    return Expr(Symbol("Quantity"), Real(seconds), String("Seconds"))


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
                                                set(_OWN_CLASSIFIER_PROPERTIES) |
                                                set(_DECISION_PROPERTIES) |
                                                set(_TIME_PROPERTIES))))
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


def _measure_all(ev, k: Classified, measurement, cf=None, uncertain: bool = False):
    if _classes_plot(measurement):
        return _confusion_plot_of(ev, k, measurement.args[1], cf)
    if type(measurement) is Expr and measurement.head is S.List and _count(measurement)[0] \
            is None:
        return Expr(S.List, *[_measure_all(ev, k, m, cf, uncertain) for m in measurement.args])
    value = classifier_measure(ev, k, measurement, cf)
    if uncertain and _count(measurement)[0] not in _TIME_PROPERTIES:
        return _with_uncertainty(ev, k, measurement, cf, value)
    return value


def _with_uncertainty(ev, k: Classified, measurement, cf, value):
    """ComputeUncertainty -> True: each number of the measure (a number, or the values
    of an association by class) as Around[value, standard error], the error estimated
    by the jackknife over the test examples (in at most _JACKKNIFE_GROUPS groups)."""
    def numbers(e):
        if type(e) in (Real, Integer):
            return [float(e.value)]
        if type(e) is Expr and e.head is S.Association and \
                all(type(r.args[1]) in (Real, Integer) for r in e.args):
            return [float(r.args[1].value) for r in e.args]
        return None
    centre = numbers(value)
    n = len(k.true)
    if centre is None or n < 2:
        return value
    groups = np.array_split(np.arange(n), min(n, _JACKKNIFE_GROUPS))
    estimates = []
    for group in groups:
        rest = np.setdiff1d(np.arange(n), group)
        left_out = numbers(classifier_measure(ev, k.subset(rest), measurement, cf))
        if left_out is None or len(left_out) != len(centre):
            return value
        estimates.append(left_out)
    estimates = np.array(estimates, dtype=float)
    g = len(groups)
    with np.errstate(invalid="ignore"):
        errors = np.sqrt((g - 1) / g * np.nansum((estimates - np.nanmean(estimates, axis=0))
                                                  ** 2, axis=0))

    def around(v, err):
        return Expr(Symbol("Around"), Real(v), Real(float(err)))
    if type(value) in (Real, Integer):
        return ev.evaluate(around(centre[0], errors[0]))
    return ev.evaluate(Expr(S.Association, *[Expr(S.Rule, r.args[0], around(v, err))
                                             for r, v, err in zip(value.args, centre, errors)]))


def _measurement_options(ev, rules) -> dict | None:
    """{name: value} of options given to ClassifierMeasurements (or its object); None after
    a message naming one it does not know."""
    from wlnet.builtins.machine_learning import _option_name
    options = {}
    for rule in rules:
        name = _option_name(rule)
        if name not in _MEASUREMENT_OPTIONS:
            ev.message(S.ClassifierMeasurements, "optx", rule, S.ClassifierMeasurements)
            return None
        options[name] = rule.args[1]
    return options


def _is_option(e) -> bool:
    return type(e) is Expr and e.head in (S.Rule, S.RuleDelayed) and len(e.args) == 2 and \
        type(e.args[0]) is Symbol


def _uncertain(options: dict) -> bool:
    flag = options.pop("ComputeUncertainty", None)
    return type(flag) is Symbol and flag.name == "True"


@builtin_upvalue("ClassifierMeasurements", "ClassifierFunction")
def _classifier_measurements(ev, cf, data=None, measurement=None, *rest):
    stored, _ = _model_of(cf)
    if stored is None or data is None:
        return None
    if _is_option(measurement):             # ClassifierMeasurements[cf, test, opts]
        measurement, rest = None, (measurement, *rest)
    options = _measurement_options(ev, rest)
    if options is None:
        return Symbol("$Failed")
    uncertain = _uncertain(options)
    k = _classified_by(ev, cf, data, options)
    if k is None:
        return Symbol("$Failed")
    if measurement is None:           # the object that gives the measurements, as for nets
        fields = dict(Net=cf, Data=data)
        if rest:                      # its measurements use these options
            fields["Options"] = Expr(S.List, *rest)
        return Expr(CLASSIFIER_MEASUREMENTS, _association(**fields))
    return _measure_all(ev, k, measurement, cf, uncertain)


@builtin_upvalue("ClassifierMeasurements", "List")
def _measurements_of_classifications(ev, guessed=None, truth=None, measurement=None, *rest):
    """ClassifierMeasurements[{class1, class2, …}, {true1, true2, …}, prop]: the
    classifications made by someone else (a person, a language model) measured against
    the true classes, as WL's data form of ClassifierMeasurements has it (each decided
    class given probability 1; Indeterminate: no class given)."""
    if not (type(guessed) is Expr and guessed.head is S.List and type(truth) is Expr
            and truth.head is S.List) or measurement is None:
        return None
    if any(type(g) is Expr and g.head in (S.Rule, S.Association, S.List) for g in guessed.args):
        return None                    # distributions or probabilities: not this form
    options = _measurement_options(ev, rest) if all(map(_is_option, rest)) else None
    if options is None or set(options) - {"ComputeUncertainty"}:
        return None
    if len(guessed.args) != len(truth.args) or not guessed.args:
        ev.message(S.ClassifierMeasurements, "clslen", Integer(len(guessed.args)),
                   Integer(len(truth.args)))
        return S["$Failed"]
    indeterminate = Symbol("Indeterminate")
    classes = [c for c in dict.fromkeys((*truth.args, *guessed.args)) if c != indeterminate]
    classes = list(ev.evaluate(Expr(S.Sort, Expr(S.List, *classes))).args)
    index = {c: i for i, c in enumerate(classes)}
    probabilities = np.eye(len(classes) + 1)[[index.get(g, len(classes))
                                              for g in guessed.args]][:, :len(classes)]
    k = Classified(classes, list(guessed.args), list(truth.args), probabilities,
                   list(guessed.args))
    return _measure_all(ev, k, measurement, None, _uncertain(options))


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


def net_predictions(ev, net_expr, data):
    """A net measured as a predictor (PredictorMeasurements[net, test, …]): (examples, true
    values, predictions) of the test ``data`` in the net's data forms, each value a number
    (a length-1 vector counts as its number: LinearLayer[1] nets are scalar regressions).
    Else the tag of PredictorMeasurements' message: "netprd" when the net is not a
    one-input, one-output net or the data is in no test form of it, "netout" when the
    net's outputs are not one number per example, "netval" when the test values are not;
    $Failed when the net's evaluation failed (it said why)."""
    from wlnet.net.errors import NetSpecError
    from wlnet.net.shape import NetTypeError
    from wlnet.net.wlform import is_net_expr, net_from_expr
    try:
        net = net_from_expr(net_expr) if is_net_expr(net_expr) else None
    except (NetSpecError, NetTypeError):
        return "netprd"
    if net is None or len(net.inputs()) != 1 or len(net.outputs()) != 1:
        return "netprd"
    (in_port,), (out_port,) = list(net.inputs()), list(net.outputs())
    pairs = _input_class_pairs(data, in_port, out_port)
    if pairs is None or not pairs[0]:
        return "netprd"
    examples, truth = pairs
    values = _one_number_each(Expr(S.List, *truth))
    if values is None:
        return "netval"
    out = ev.evaluate(Expr(net_expr, Expr(S.List, *examples)))
    if out == Symbol("$Failed"):
        return out
    predictions = _one_number_each(out)
    if predictions is None or len(predictions) != len(examples):
        return "netout"
    return examples, values, predictions


def _one_number_each(e) -> np.ndarray | None:
    """A list of numbers (or of length-1 lists of numbers, or such a NumericArray) as a
    float vector; None otherwise."""
    from wlnet.core.numeric_array import NumericArray, to_numpy_data
    try:
        values = np.asarray(to_numpy_data(e) if type(e) is NumericArray else _real_rows(e),
                            dtype=float)
    except (TypeError, ValueError):
        return None
    if values.ndim == 2 and values.shape[1] == 1:
        values = values[:, 0]
    return values if values.ndim == 1 and np.isfinite(values).all() else None


def _real_rows(e) -> list:
    """A matrix of numbers (a list of lists) as nested Python floats; ValueError otherwise."""
    from wlnet.core.expr import to_python
    rows = to_python(e)
    if not isinstance(rows, list):
        raise ValueError("not a matrix")
    return rows


def _input_class_pairs(data, in_port: str, out_port: str):
    """(inputs, classes) of test data in a net's data forms, else None."""
    if type(data) is Expr and data.head is S.Rule and len(data.args) == 2 and all(
            type(a) is Expr and a.head is S.List for a in data.args) \
            and len(data.args[0].args) == len(data.args[1].args):
        return list(data.args[0].args), list(data.args[1].args)
    if type(data) is Expr and data.head is S.List and data.args and all(
            type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and len(r.args) == 2
            for r in data.args):
        return [r.args[0] for r in data.args], [r.args[1] for r in data.args]
    if type(data) is Expr and data.head is S.Association:
        columns = {r.args[0].value: r.args[1] for r in data.args
                   if type(r.args[0]) is String and type(r.args[1]) is Expr
                   and r.args[1].head is S.List}
        xs, ys = columns.get(in_port), columns.get(out_port)
        if xs is not None and ys is not None and len(xs.args) == len(ys.args):
            return list(xs.args), list(ys.args)
    return None


def _predicted_by_net(ev, net, data) -> Predicted | None:
    """PredictorMeasurements[net, test, …]: a net with one number out per example (a
    "Real" output or a length-1 vector) measured as a predictor, as ClassifierMeasurements
    measures a net with a class decoder; None after a message.  A net gives no predictive
    distributions: its spread is the residuals' root mean square (as for predictions
    given as numbers)."""
    found = net_predictions(ev, net, data)
    if type(found) is str:
        ev.message(S.PredictorMeasurements, found, net if found == "netout" else data)
        return None
    if type(found) is not tuple:         # the net's evaluation failed and said why
        return None
    examples, truth, predictions = found
    rms = float(np.sqrt(((truth - predictions) ** 2).mean()))
    return Predicted(examples, truth, predictions, np.full(len(truth), rms))


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
                                            *_TIME_PROPERTIES, "PredictorFunction", "Report",
                                            "Properties")))


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
    if name in _TIME_PROPERTIES:
        return _evaluation_time(ev, k, name, p)
    if name == "PredictorFunction":
        return p if p is None or type(p) is not Expr or p.head is not S.List else None
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
                             "NormalDistribution[m, s].",
                   "netprd": "`1` is not test data of a net that predicts one number per "
                             "example: give {x1 -> y1, …}, {x1, …} -> {y1, …} or an "
                             "association of the net's input and output ports, for a net of "
                             "one input and one output that gives a number (or a length-1 "
                             "vector) per example.",
                   "netout": "`1` does not give one number (or a length-1 vector) per "
                             "example; PredictorMeasurements measures nets that predict a "
                             "number.",
                   "netval": "The test values of `1` are not numbers (or length-1 vectors "
                             "of numbers)."},
         usage="PredictorMeasurements[p, testdata, measurement] measures the predictor p on "
               "test data: \"StandardDeviation\" (of the residuals), \"MeanSquare\", "
               "\"MeanDeviation\", \"RSquared\", \"Residuals\", \"LogLikelihood\", "
               "\"ComparisonPlot\", \"ResidualPlot\", \"BestPredictedExamples\", \"Report\", "
               "\"Properties\"…; PredictorMeasurements[p, testdata] is an object that gives "
               "them (obj[\"RSquared\"]).",
         examples=(('PredictorMeasurements[Predict[{1 -> 2, 2 -> 4, 3 -> 6}], '
                    '{4 -> 8, 5 -> 10}, "RSquared"]', "1."),))
def predictor_measurements(ev, p, data, measurement=None, *rest):
    from wlnet.net.wlform import is_net_expr
    given = type(p) is Expr and p.head is S.List        # predictions made elsewhere
    net = is_net_expr(p)
    if not (type(p) is Expr and p.head is PREDICTOR or given or net) or rest:
        return None
    k = _predicted_values(ev, p, data) if given else _predicted_by_net(ev, p, data) if net \
        else _predicted_by(ev, p, data)
    if not isinstance(k, Predicted):
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
