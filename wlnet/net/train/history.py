"""Custom NetTrain properties: a value recorded over the whole training run.

NetTrain's third argument may be, besides a property name,

    <|"Property" -> p, "Form" -> form, "Interval" -> interval, "PlotOptions" -> {opts…}|>

where ``p`` is a key of the association a TrainingProgressFunction is given ("Weights",
"GradientsRMS", "LearningRate", …) or a function of that association.  Its value is taken
at every ``interval`` ("Round", the default, or "Batch"; also Quantity[n, "Rounds"|
"Batches"]) and the property is the history, in the ``form``:

    "List"             the values in order (the default)
    "TransposedList"   a list of associations (or of lists) turned inside out: <|key -> {…}|>
    "Plot"             a line plot of the values against the round (or batch) they were
                       taken at; one line per key when they are associations

The Wolfram Language's older names for such histories ("RoundWeightsHistories",
"RMSGradientsEvolutionPlot", …) are read as the custom property they stand for
(``HISTORY_ALIASES``).  Parsing works on WL expressions; the WL face supplies the two things
that need the evaluator: the value of ``p`` at a moment of the run, and the plot.
"""

from __future__ import annotations

from dataclasses import dataclass

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.net.coders.base import assoc
from wlnet.net.train import TrainError

__all__ = ["HistorySpec", "HistoryRecorder", "HISTORY_ALIASES", "parse_history", "is_history_spec",
           "history_value"]

FORMS = ("List", "TransposedList", "Plot")
KEYS = ("Property", "Form", "Interval", "PlotOptions")
_LOG_PLOT = (Expr(S.Rule, Symbol("ScalingFunctions"), String("Log")),)


@dataclass(frozen=True)
class HistorySpec:
    """``what``: a property name (str) or a WL function (Expr); ``unit``/``every``: record
    every n-th "Rounds" or "Batches"; ``plot_options``: option rules for the "Plot" form."""
    what: object
    form: str = "List"
    unit: str = "Rounds"
    every: int = 1
    plot_options: tuple = ()
    needs: tuple = ()           # measurements the property reads (an alias of an old name)


def _measurement_of(which: str, name: str) -> Expr:
    """Function[#which[name]] (which: "RoundMeasurements" or "BatchMeasurements")."""
    return Expr(S.Function, Expr(Expr(Symbol("Slot"), String(which)), String(name)))


# the Wolfram Language's earlier history properties, as the custom property each now is
HISTORY_ALIASES = {
    "RoundErrorRateList": HistorySpec(_measurement_of("RoundMeasurements", "ErrorRate"),
                                      needs=("ErrorRate",)),
    # (a classifier measures its batches' error rate by default: measurements.BatchErrorRate)
    "BatchErrorRateList": HistorySpec(_measurement_of("BatchMeasurements", "ErrorRate"), "List",
                                      "Batches"),
    "BatchGradientsHistories": HistorySpec("Gradients", "TransposedList", "Batches"),
    "BatchGradientsVectorHistories": HistorySpec("GradientsVector", "List", "Batches"),
    "BatchWeightsHistories": HistorySpec("Weights", "TransposedList", "Batches"),
    "BatchWeightsVectorHistories": HistorySpec("WeightsVector", "List", "Batches"),
    "ExampleLossHistories": HistorySpec("ExampleLosses", "TransposedList"),
    "RMSGradientsEvolutionPlot": HistorySpec("GradientsRMS", "Plot", "Batches",
                                             plot_options=_LOG_PLOT),
    "RMSGradientsHistories": HistorySpec("GradientsRMS", "TransposedList", "Batches"),
    "RMSWeightsEvolutionPlot": HistorySpec("WeightsRMS", "Plot", "Batches",
                                           plot_options=_LOG_PLOT),
    "RMSWeightsHistories": HistorySpec("WeightsRMS", "TransposedList", "Batches"),
    "RoundWeightsHistories": HistorySpec("Weights", "TransposedList"),
    "RoundWeightsVectorHistories": HistorySpec("WeightsVector", "List"),
}


def is_history_spec(e) -> bool:
    """An association with a "Property" key (the form NetTrain reads as a custom property)."""
    return type(e) is Expr and e.head is S.Association and any(
        type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and r.args[0] == String("Property")
        for r in e.args)


def _bad(spec, why: str) -> TrainError:
    return TrainError("invcustprop", spec, why)


def _interval(value, spec) -> tuple[str, int]:
    if type(value) is String and value.value in ("Round", "Rounds", "Batch", "Batches"):
        return ("Batches" if value.value.startswith("Batch") else "Rounds"), 1
    if type(value) is Expr and type(value.head) is Symbol and value.head.name == "Quantity" \
            and len(value.args) == 2 and type(value.args[0]) is Integer and value.args[0].value >= 1 \
            and type(value.args[1]) is String \
            and value.args[1].value in ("Round", "Rounds", "Batch", "Batches"):
        return ("Batches" if value.args[1].value.startswith("Batch") else "Rounds"), value.args[0].value
    raise _bad(spec, "\"Interval\" is \"Round\", \"Batch\" or Quantity[n, \"Rounds\"|\"Batches\"].")


def parse_history(spec, known_keys) -> HistorySpec:
    """<|"Property" -> p, …|> as a HistorySpec; ``known_keys``: the property names ``p`` may
    be (the keys of the training state)."""
    opts = {}
    for r in spec.args:
        if not (type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and type(r.args[0]) is String
                and r.args[0].value in KEYS):
            raise _bad(spec, "its keys are " + ", ".join(f'"{k}"' for k in KEYS) + ".")
        opts[r.args[0].value] = r.args[1]
    what = opts["Property"]
    if type(what) is String:
        if what.value not in known_keys:
            raise _bad(spec, "\"Property\" is a function or one of "
                       + ", ".join(f'"{k}"' for k in known_keys) + ".")
        what = what.value
    elif not (type(what) is Expr and what.head is S.Function):
        raise _bad(spec, "\"Property\" is a function or the name of a value of the training state.")
    form = opts.get("Form", String("List"))
    if not (type(form) is String and form.value in FORMS):
        raise _bad(spec, "\"Form\" is one of " + ", ".join(f'"{f}"' for f in FORMS) + ".")
    unit, every = _interval(opts["Interval"], spec) if "Interval" in opts else ("Rounds", 1)
    plot = opts.get("PlotOptions", Expr(S.List))
    plot = plot.args if type(plot) is Expr and plot.head is S.List else (plot,)
    return HistorySpec(what, form.value, unit, every, tuple(plot))


class HistoryRecorder:
    """A progress reporter that appends ``value_of(run)`` (a WL value) at the spec's
    interval: after every n-th round, or after every n-th batch."""

    def __init__(self, spec: HistorySpec, value_of):
        self.spec, self.value_of = spec, value_of
        self.values: list = []
        if spec.unit == "Batches":
            self.batch = self._batch
        else:
            self.round = self._round

    def _batch(self, run):
        if run.total_batches % self.spec.every == 0:
            self.values.append(self.value_of(run))

    def _round(self, run):
        if run.round % self.spec.every == 0:
            self.values.append(self.value_of(run))


def _is_assoc(e) -> bool:
    return type(e) is Expr and e.head is S.Association


def _is_list(e) -> bool:
    return type(e) is Expr and e.head is S.List


def transposed(values: list):
    """A list of associations as <|key -> {values…}|> (keys of the first, in its order; a
    value an association lacks is Missing); a list of equal-length lists transposed; other
    values as they are."""
    if values and all(_is_assoc(v) for v in values):
        keys = [r.args[0] for r in values[0].args]
        tables = [{r.args[0]: r.args[1] for r in v.args} for v in values]
        return assoc((k, Expr.from_args(S.List, (t.get(k, Expr(S.Missing, String("KeyAbsent"), k))
                                                 for t in tables))) for k in keys)
    if values and all(_is_list(v) for v in values) and len({len(v.args) for v in values}) == 1:
        return Expr.from_args(S.List, (Expr.from_args(S.List, (v.args[i] for v in values))
                                       for i in range(len(values[0].args))))
    return Expr.from_args(S.List, values)


def _points(values, every: int) -> Expr:
    """{{x1, v1}, {x2, v2}, …} at the rounds (or batches) the values were taken: pairs, so
    that two values are never read as one point."""
    return Expr.from_args(S.List, (Expr(S.List, Integer(every * (i + 1)), v)
                                   for i, v in enumerate(values)))


def history_value(spec: HistorySpec, values: list, plot):
    """The property's value from the recorded ``values``; ``plot(lines, legends, options)``
    draws the "Plot" form (lines: a list of point lists; legends: their keys, or None)."""
    if spec.form == "List":
        return Expr.from_args(S.List, values)
    if spec.form == "TransposedList":
        return transposed(values)
    if values and _is_assoc(values[0]):
        table = transposed(values)
        lines = [_points(r.args[1].args, spec.every) for r in table.args]
        return plot(Expr.from_args(S.List, lines),
                    Expr.from_args(S.List, (r.args[0] for r in table.args)), spec.plot_options)
    return plot(Expr(S.List, _points(values, spec.every)), None, spec.plot_options)
