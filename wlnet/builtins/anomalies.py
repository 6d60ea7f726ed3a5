"""Anomaly detection: ``AnomalyDetection`` (an ``AnomalyDetectorFunction``),
``FindAnomalies`` and ``DeleteAnomalies``.

An example is anomalous when its RarerProbability under a distribution of the normal
examples (``LearnDistribution``'s) is below ``AcceptanceThreshold`` (0.001 by default).
Learning from examples that may hold anomalies, the distribution is learnt, the examples
whose rarer probability is below the threshold are set aside and it is learnt again from
the rest (a kernel estimate judges each example without its own kernel, or an outlier
would vouch for itself).  With examples marked anomalous or not (``True -> {…}, False ->
{…}`` and the other labelled forms), the distribution is learnt from the normal ones and,
unless given, the threshold is the one that misclassifies fewest of them, placed between
the two groups' rarer probabilities (the geometric mean of the nearest pair across it);
0.001 when none is marked anomalous.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import float_value
from wlnet.builtins.dataset import data_of
from wlnet.builtins.learn_distribution import (LEARNED, Learned, _association, _fields,
                                               _is_assoc, _is_list, information_answer,
                                               learn_distribution, leave_one_out_log_pdf)
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, Real, S, String, Symbol
from wlnet.core.registry import builtin, builtin_subvalue, builtin_upvalue, declare
from wlnet.graphics.values import option_name
from wlnet.syntax.printer import register_output_format

DETECTOR = Symbol("AnomalyDetectorFunction")
DEFAULT_THRESHOLD = 0.001
TRIMMING_ROUNDS = 3
PROPERTIES = ("Anomalies", "AnomalyCount", "AnomalyBooleanList", "AnomalyPositions",
              "AnomalyRarerProbabilities", "NonAnomalies", "RarerProbabilities")
_MESSAGES = {
    "data": "`1` is not a non-empty list of examples (or examples marked True or False "
            "as anomalous or not).",
    "thrs": "`1` is not a valid AcceptanceThreshold: a number from 0 to 1 or Automatic.",
    "prop": "`1` is not a property of FindAnomalies (`2`).",
    "ftype": "The example `1` does not have the form of the detector's examples.",
    "bdprop": "`1` is not a property of an anomaly detector (\"Decision\", "
              "\"RarerProbability\").",
    "iprop": "`1` is not a property Information gives of an anomaly detector.",
    "nnorm": "No example is marked as normal: a distribution needs some.",
}
for _name in ("AnomalyDetectorFunction", "AcceptanceThreshold"):
    declare(_name, attributes=("Protected",), messages=_MESSAGES,
            usage="AnomalyDetectorFunction[…] is made by AnomalyDetection: ad[x] is True when x "
                  "is anomalous, ad[x, \"RarerProbability\"] how rare it is."
            if _name == "AnomalyDetectorFunction" else
            "AcceptanceThreshold is an option of the anomaly functions: the RarerProbability "
            "below which an example is anomalous.")


# ---------------------------------------------------------------------------- options

def _options(args) -> tuple[list, dict, list]:
    """(positional arguments, the threshold and other options, options for
    LearnDistribution)."""
    positional, own, learning = [], {}, []
    for a in args:
        name = option_name(a) if type(a) is Expr and a.head in (S.Rule, S.RuleDelayed) \
            else None
        if name == "AcceptanceThreshold":
            own[name] = a.args[1]
        elif name is not None and name not in ("True", "False"):
            learning.append(a)
        else:
            positional.append(a)
    return positional, own, learning


def _threshold(ev, head, own) -> float | None | bool:
    """The threshold given (None: Automatic); False after a message."""
    spec = own.get("AcceptanceThreshold")
    if spec is None or type(spec) is Symbol and spec.name == "Automatic":
        return None
    value = float_value(spec)
    if value is None or not 0 <= value <= 1:
        ev.message(head, "thrs", spec)
        return False
    return value


# ---------------------------------------------------------------------------- training

def _labelled(data):
    """(examples, anomalous flags or None) of the data forms AnomalyDetection takes."""
    if _is_assoc(data) or _is_list(data) and data.args and all(
            type(r) is Expr and r.head is S.Rule and r.args[0] in (TRUE, FALSE)
            for r in data.args):
        xs, flags = [], []
        for rule in data.args:
            group = rule.args[1]
            items = list(group.args) if _is_list(group) else [group]
            xs += items
            flags += [rule.args[0] is TRUE] * len(items)
        return xs, flags
    if _is_list(data) and data.args and all(
            type(r) is Expr and r.head is S.Rule and r.args[1] in (TRUE, FALSE)
            for r in data.args):
        return [r.args[0] for r in data.args], [r.args[1] is TRUE for r in data.args]
    if type(data) is Expr and data.head is S.Rule and _is_list(data.args[0]):
        xs, marks = list(data.args[0].args), data.args[1]
        if type(marks) is Symbol and marks.name == "None":
            return xs, [False] * len(xs)
        if _is_list(marks) and len(marks.args) == len(xs) and all(
                m in (TRUE, FALSE) for m in marks.args):
            return xs, [m is TRUE for m in marks.args]
        if _is_list(marks) and all(type(m) is Integer and 1 <= m.value <= len(xs)
                                   for m in marks.args):
            positions = {m.value for m in marks.args}
            return xs, [i + 1 in positions for i in range(len(xs))]
        return None
    if _is_list(data) and data.args:
        return list(data.args), None
    return None


def _learn(ev, examples: list, learning: list):
    dist = learn_distribution(ev, Expr(S.List, *examples), *learning)
    return (dist, Learned.of(dist)) if dist is not None else (None, None)


def _trimmed_distribution(ev, examples: list, learning: list, threshold: float):
    """The distribution of the examples without those it finds anomalous (learnt again
    until none is set aside, at most a few rounds)."""
    keep = list(range(len(examples)))
    dist, learned = _learn(ev, examples, learning)
    for _ in range(TRIMMING_ROUNDS):
        if learned is None:
            return None
        rarer = _own_rarer(learned, [examples[i] for i in keep])
        normal = [i for i, r in zip(keep, rarer) if r >= threshold]
        if len(normal) == len(keep) or len(normal) < 2:
            break
        keep = normal
        dist, learned = _learn(ev, [examples[i] for i in keep], learning)
    return dist


def _own_rarer(learned: Learned, examples: list) -> np.ndarray:
    """Rarer probabilities of the distribution's own training examples: a kernel estimate
    judges each one without its own kernel."""
    numbers, codes, _ = learned.inputs(Expr(S.List, *examples))
    model = learned.model
    if learned.method != "KernelDensityEstimation" or len(model.weights) != len(examples) \
            or len(examples) < 3:
        return learned.rarer_probability(numbers, codes)
    log_p = leave_one_out_log_pdf(model, numbers, codes, np.arange(len(examples)))
    return np.searchsorted(learned.rarer, log_p, side="right") / len(learned.rarer)


def _chosen_threshold(normal: np.ndarray, anomalous: np.ndarray) -> float:
    """The threshold that misclassifies fewest of the marked examples (between the
    groups: the geometric mean of the nearest rarer probabilities on either side)."""
    if not len(anomalous):
        return DEFAULT_THRESHOLD
    values = np.unique(np.concatenate([normal, anomalous]))
    cuts = np.concatenate([[0.0], (values[:-1] + values[1:]) / 2, [values[-1] + 1e-12]])
    errors = [(anomalous >= c).sum() + (normal < c).sum() for c in cuts]
    best = int(np.argmin(errors))
    below = anomalous[anomalous < cuts[best]]
    above = normal[normal >= cuts[best]]
    if len(below) and len(above):
        low, high = below.max(), above.min()
        return float(np.sqrt(max(low, 1e-300) * high)) if low > 0 else float(high / 2)
    return float(cuts[best])


def _detector(ev, head, data, rest):
    """An AnomalyDetectorFunction expression from AnomalyDetection's arguments (or
    FindAnomalies' and DeleteAnomalies' examples); None after a message."""
    positional, own, learning = _options(rest)
    threshold = _threshold(ev, head, own)
    if threshold is False or positional:
        return None
    data = data_of(data)                          # a Dataset: its rows
    if type(data) is Expr and data.head is LEARNED:
        if Learned.of(data) is None:
            return None
        return _detector_expr(data, DEFAULT_THRESHOLD if threshold is None else threshold)
    parsed = _labelled(data)
    if parsed is None or not parsed[0]:
        ev.message(head, "data", data)
        return None
    examples, flags = parsed
    if flags is None:
        cut = DEFAULT_THRESHOLD if threshold is None else threshold
        dist = _trimmed_distribution(ev, examples, learning, cut)
        return None if dist is None else _detector_expr(dist, cut)
    normal = [e for e, f in zip(examples, flags) if not f]
    anomalous = [e for e, f in zip(examples, flags) if f]
    if not normal:
        ev.message(head, "nnorm")
        return None
    dist, learned = _learn(ev, normal, learning)
    if dist is None:
        return None
    if threshold is None:
        rarer_anomalous = _rarer_of(learned, anomalous)
        if rarer_anomalous is None:
            ev.message(head, "data", data)
            return None
        threshold = _chosen_threshold(_own_rarer(learned, normal), rarer_anomalous)
    return _detector_expr(dist, threshold)


def _rarer_of(learned: Learned, examples: list) -> np.ndarray | None:
    if not examples:
        return np.zeros(0)
    inputs = learned.inputs(Expr(S.List, *examples))
    return None if inputs is None else learned.rarer_probability(inputs[0], inputs[1])


def _detector_expr(dist, threshold: float) -> Expr:
    return Expr(DETECTOR, _association(Distribution=dist, AcceptanceThreshold=Real(threshold)))


def _detector_parts(fun):
    """(Learned, threshold) of an AnomalyDetectorFunction or LearnedDistribution."""
    if type(fun) is Expr and fun.head is LEARNED:
        learned = Learned.of(fun)
        return (learned, DEFAULT_THRESHOLD) if learned is not None else None
    if type(fun) is Expr and fun.head is DETECTOR and len(fun.args) == 1:
        f = _fields(fun.args[0])
        learned = Learned.of(f.get("Distribution"))
        threshold = f.get("AcceptanceThreshold")
        if learned is not None and type(threshold) is Real:
            return learned, threshold.value
    return None


@builtin("AnomalyDetection", argc=(1, None), messages=_MESSAGES,
         usage="AnomalyDetection[{e1, e2, …}] learns an AnomalyDetectorFunction from the "
               "examples: ad[x] is True when x is anomalous (its RarerProbability below "
               "AcceptanceThreshold, 0.001); AnomalyDetection[True -> {…}, False -> {…}] from "
               "examples marked anomalous or not; AnomalyDetection[dist] from a "
               "LearnedDistribution.  Method and RandomSeeding as LearnDistribution.",
         examples=(("AnomalyDetection[{1.2, 2.5, 3.2, 4.6, 5.6, 7, 8, 9, 8.3}][{5, 100}]",
                    "{False, True}"),))
def anomaly_detection(ev, data, *rest):
    if _marked(data) and rest and _marked(rest[0]):       # True -> {…}, False -> {…}
        data, rest = Expr(S.List, data, rest[0]), rest[1:]
    return _detector(ev, S.AnomalyDetection, data, rest)


def _marked(e) -> bool:
    """True -> examples or False -> examples."""
    return type(e) is Expr and e.head is S.Rule and len(e.args) == 2 and \
        e.args[0] in (TRUE, FALSE)


# ---------------------------------------------------------------------------- applying

@builtin_subvalue("AnomalyDetectorFunction")
def _apply_detector(ev, fun, x=None, *rest):
    parts = _detector_parts(fun)
    if parts is None or x is None:
        return None
    learned, threshold = parts
    positional, own, _ = _options(rest)
    given = _threshold(ev, DETECTOR, own)
    if given is False or len(positional) > 1:
        return None
    threshold = threshold if given is None else given
    prop = positional[0] if positional else String("Decision")
    name = prop.value if type(prop) is String else None
    if name not in ("Decision", "RarerProbability"):
        ev.message(DETECTOR, "bdprop", prop)
        return None
    inputs = learned.inputs(x)
    if inputs is None:
        ev.message(DETECTOR, "ftype", x)
        return None
    numbers, codes, single = inputs
    rarer = np.clip(learned.rarer_probability(numbers, codes), 0.0, 1.0)
    answers = [Real(float(r)) if name == "RarerProbability" else
               (TRUE if r < threshold else FALSE) for r in rarer]
    return answers[0] if single else Expr(S.List, *answers)


def _find(ev, head, args):
    """(examples, rarer probabilities, threshold, properties asked) of FindAnomalies' and
    DeleteAnomalies' arguments; None after a message."""
    first, rest = args[0], args[1:]
    positional, own, learning = _options(rest)
    threshold = _threshold(ev, head, own)
    if threshold is False:
        return None
    parts = _detector_parts(first)
    if parts is not None:
        if not positional:
            return None
        data, positional = positional[0], positional[1:]
        learned, stored = parts
        threshold = stored if threshold is None else threshold
    else:
        data = first
        detector = _detector(ev, head, data, [*learning, *(
            [Expr(S.Rule, Symbol("AcceptanceThreshold"), Real(threshold))]
            if threshold is not None else [])])
        if detector is None:
            return None
        learned, stored = _detector_parts(detector)
        threshold = stored
    data = data_of(data)
    examples = list(data.args) if _is_list(data) and data.args else None
    inputs = learned.inputs(data) if examples else None
    if inputs is None or inputs[2]:
        ev.message(head, "data", data)
        return None
    rarer = np.clip(learned.rarer_probability(inputs[0], inputs[1]), 0.0, 1.0)
    return examples, rarer, threshold, positional


def _property(name: str, examples, rarer, threshold):
    anomalous = rarer < threshold
    reals = lambda values: Expr(S.List, *[Real(float(v)) for v in values])   # noqa: E731
    return {
        "Anomalies": lambda: Expr(S.List, *[e for e, a in zip(examples, anomalous) if a]),
        "NonAnomalies": lambda: Expr(S.List, *[e for e, a in zip(examples, anomalous)
                                               if not a]),
        "AnomalyCount": lambda: Integer(int(anomalous.sum())),
        "AnomalyBooleanList": lambda: Expr(S.List, *[TRUE if a else FALSE for a in anomalous]),
        "AnomalyPositions": lambda: Expr(S.List, *[Integer(i + 1)
                                                   for i in np.flatnonzero(anomalous)]),
        "AnomalyRarerProbabilities": lambda: reals(rarer[anomalous]),
        "RarerProbabilities": lambda: reals(rarer),
    }[name]()


@builtin("FindAnomalies", argc=(1, None), messages=_MESSAGES,
         usage="FindAnomalies[{e1, e2, …}] gives the examples that are anomalous with respect "
               "to the others; FindAnomalies[examples, prop] a property (\"Anomalies\", "
               "\"AnomalyCount\", \"AnomalyBooleanList\", \"AnomalyPositions\", "
               "\"AnomalyRarerProbabilities\", \"NonAnomalies\", \"RarerProbabilities\") or "
               "a list of them; FindAnomalies[fun, data] with an AnomalyDetectorFunction or "
               "LearnedDistribution.  AcceptanceThreshold (0.001), Method, RandomSeeding.",
         examples=(("FindAnomalies[{1.2, 2.5, 3.2, 4.6, 5.6, 7, 8, 9, 8.3, 100}]", "{100}"),))
def find_anomalies(ev, *args):
    found = _find(ev, S.FindAnomalies, args)
    if found is None:
        return None
    examples, rarer, threshold, positional = found
    if len(positional) > 1:
        return None
    prop = positional[0] if positional else String("Anomalies")
    names = list(prop.args) if _is_list(prop) else [prop]
    for n in names:
        if not (type(n) is String and n.value in PROPERTIES):
            ev.message(S.FindAnomalies, "prop", n, String(", ".join(PROPERTIES)))
            return None
    answers = [_property(n.value, examples, rarer, threshold) for n in names]
    return Expr(S.List, *answers) if _is_list(prop) else answers[0]


@builtin("DeleteAnomalies", argc=(1, None), messages=_MESSAGES,
         usage="DeleteAnomalies[{e1, e2, …}] gives the examples without those anomalous with "
               "respect to the others; DeleteAnomalies[fun, data] with an "
               "AnomalyDetectorFunction or LearnedDistribution.  Options as FindAnomalies.",
         examples=(("DeleteAnomalies[{1.2, 2.5, 3.2, 4.6, 5.6, 7, 8, 9, 8.3, 100}]",
                    "{1.2, 2.5, 3.2, 4.6, 5.6, 7, 8, 9, 8.3}"),))
def delete_anomalies(ev, *args):
    found = _find(ev, S.DeleteAnomalies, args)
    if found is None or found[3]:
        return None
    examples, rarer, threshold, _ = found
    return _property("NonAnomalies", examples, rarer, threshold)


@builtin_upvalue("Information", "AnomalyDetectorFunction")
def _information(ev, fun, prop=None, *rest):
    """Information[ad] (an association), Information[ad, "prop"] or a list of them: its
    distribution's properties and its "AcceptanceThreshold"."""
    parts = _detector_parts(fun)
    if parts is None or rest or fun.head is not DETECTOR:
        return None
    f = _fields(fun.args[0])
    values = ev.evaluate(Expr(Symbol("Information"), f["Distribution"]))
    if not (type(values) is Expr and values.head is S.Association):
        return None
    entries = {r.args[0].value: r.args[1] for r in values.args}
    entries.pop("Properties", None)                 # the distribution's: listed anew
    entries["AcceptanceThreshold"] = Real(parts[1])
    return information_answer(ev, entries, prop, DETECTOR, "iprop")


def _summary(fun) -> str | None:
    parts = _detector_parts(fun)
    if parts is None or fun.head is not DETECTOR:
        return None
    learned, _ = parts
    return (f"AnomalyDetectorFunction[Input type: {learned.layout.input_type}, "
            f"Method: {learned.method}]")


register_output_format("AnomalyDetectorFunction", _summary)
