"""NetTrainResultsObject: the properties of a training run as WL expressions.

``results_properties(run, ...)`` gives ``{name: expr}`` for every property;
NetTrain's third argument picks from it, and ``NetTrainResultsObject[<|…|>]`` holds all
of them (``obj["prop"]`` reads one).  Old names are accepted as aliases (spec §3.2).
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol, from_python
from wlnet.core.numeric_array import NumericArray
from wlnet.net.coders.base import assoc
from wlnet.net.information import array_key
from wlnet.net.train import data as D
from wlnet.net.train.plot import loss_plot_graphics

__all__ = ["results_properties", "PROPERTIES", "ALIASES", "results_object", "summary_text",
           "measurement_assoc", "latest_measurements", "measurement_lists", "live_values",
           "LIVE_PROPERTIES", "ON_REQUEST"]

PROPERTIES = (
    "TrainedNet", "FinalNet", "TrainingNet", "RoundLossList", "ValidationLossList",
    "BatchLossList", "RoundLoss", "ValidationLoss", "BestValidationRound", "TotalTrainingTime",
    "TotalRounds", "TotalBatches", "BatchSize", "BatchesPerRound", "ExamplesProcessed",
    "TrainingExamples", "ValidationExamples", "MeanExamplesPerSecond", "MeanBatchesPerSecond",
    "OptimizationMethod", "InitialLearningRate", "FinalLearningRate", "TargetDevice",
    "ReasonTrainingStopped", "LossPlot", "RoundMeasurements", "ValidationMeasurements",
    "RoundMeasurementsLists", "ValidationMeasurementsLists", "CheckpointingFiles",
    "ArraysLearningRateMultipliers", "BatchMeasurementsLists", "FinalPlots", "RoundPositions",
    "ValidationPositions", "NetTrainInputForm", "Properties",
)
ALIASES = {"LossEvolutionPlot": "LossPlot", "FinalRoundLoss": "RoundLoss",
           "FinalValidationLoss": "ValidationLoss", "MeanInputsPerSecond": "MeanExamplesPerSecond",
           "TotalInputs": "ExamplesProcessed", "EvolutionPlots": "FinalPlots",
           "FinalWeights": "Weights", "FinalWeightsVector": "WeightsVector",
           "FinalExampleLosses": "ExampleLosses",
           "WeightsLearningRateMultipliers": "ArraysLearningRateMultipliers"}
# what a TrainingProgressFunction sees of the run besides TrainingRun.state() (``live_values``);
# NetTrain's third argument may name them too (the values at the end of training)
LIVE_PROPERTIES = ("BatchLossList", "RoundLossList", "ValidationLossList", "BatchMeasurements",
                   "BatchMeasurementsLists", "RoundMeasurements", "RoundMeasurementsLists",
                   "ValidationMeasurements", "ValidationMeasurementsLists", "CheckpointingFiles",
                   "BatchData", "BatchIndices", "Weights", "WeightsVector", "WeightsRMS",
                   "Gradients", "GradientsVector", "GradientsRMS", "TrainingExamples",
                   "ExampleLosses")
# live properties a function that names no key is not given (each costs a pass over the data)
ON_REQUEST = ("ExampleLosses",)
HEAD = Symbol("NetTrainResultsObject")


def _reals(values) -> Expr:
    return Expr.from_args(S.List, (Real(float(v)) for v in values))


def _missing() -> Expr:
    return Expr(S.Missing, String("NotAvailable"))


def _real_or_missing(v) -> object:
    return _missing() if v is None else Real(float(v))


def measurement_assoc(loss, values: dict) -> Expr:
    """<|"Loss" -> loss, name -> value, …|>: the measurements of one round (values: the
    TrainingProgressMeasurements taken, name -> WL value)."""
    return assoc([("Loss", _real_or_missing(loss)), *values.items()])


def latest_measurements(losses: list, measured: list) -> Expr:
    if not losses:
        return _missing()
    i = len(losses) - 1
    return measurement_assoc(losses[i], measured[i] if i < len(measured) else {})


def measurement_lists(losses: list, measured: list, names) -> Expr:
    """<|"Loss" -> {…}, name -> {…}, …|>: one entry per round measured."""
    return assoc([("Loss", _reals(losses))] + [
        (n, Expr.from_args(S.List, (m[n] for m in measured))) for n in names])


def results_properties(run, trained_net, final_net, training_examples: int,
                       validation_examples: int, measured_names=(), training_net=None,
                       multipliers=None, call=None) -> dict:
    """``training_net``: the "TrainingNet" expression (Missing["NotAvailable"] if None);
    ``multipliers``: the <|array -> multiplier|> the run used; ``call``: the NetTrain
    expression that was evaluated (for "NetTrainInputForm")."""
    elapsed = max(run.elapsed, 1e-9)
    # the loss ports of a net trained on several losses are measured too (loop.py)
    measured_names = list(dict.fromkeys([*_measured_names(run), *measured_names]))
    props = {
        "TrainedNet": trained_net,
        "FinalNet": final_net,
        "TrainingNet": training_net if training_net is not None else _missing(),
        "RoundLossList": _reals(run.round_losses),
        "ValidationLossList": _reals(run.validation_losses),
        "RoundLoss": _real_or_missing(run.round_loss),
        "ValidationLoss": _real_or_missing(run.validation_loss),
        "BestValidationRound": Integer(run.best_round) if run.best_round is not None else _missing(),
        "TotalTrainingTime": Real(float(run.elapsed)),
        "TotalRounds": Integer(run.round),
        "TotalBatches": Integer(run.total_batches),
        "BatchSize": Integer(run.batch_size),
        "BatchesPerRound": Integer(run.batches_per_round),
        "ExamplesProcessed": Integer(run.examples_processed),
        "TrainingExamples": Integer(training_examples),
        "ValidationExamples": Integer(validation_examples),
        "MeanExamplesPerSecond": Real(run.examples_processed / elapsed),
        "MeanBatchesPerSecond": Real(run.total_batches / elapsed),
        "OptimizationMethod": String(run.method_name),
        "InitialLearningRate": Real(float(run.initial_learning_rate)),
        "FinalLearningRate": Real(float(run.learning_rate)),
        "TargetDevice": String("CPU"),
        "ReasonTrainingStopped": String(run.reason),
        "RoundMeasurements": latest_measurements(run.round_losses, run.round_measurements),
        "ValidationMeasurements": latest_measurements(run.validation_losses, run.validation_measurements),
        "RoundMeasurementsLists": measurement_lists(run.round_losses, run.round_measurements, measured_names),
        "ValidationMeasurementsLists": measurement_lists(run.validation_losses, run.validation_measurements,
                                              measured_names),
        "CheckpointingFiles": Expr.from_args(S.List, (String(f) for f in run.checkpoint_files)),
        "ArraysLearningRateMultipliers": multipliers if multipliers is not None else _missing(),
        "RoundPositions": _integers(_round_ends(run)),
        "ValidationPositions": _integers(min(r * run.batches_per_round, run.total_batches)
                                         for r in run.validation_rounds),
        "NetTrainInputForm": _input_form(call),
    }
    props["Properties"] = Expr.from_args(S.List, (String(p) for p in PROPERTIES))
    later = {
        "BatchLossList": lambda: _reals(run.batch_losses),
        # a Graphics, as in the Wolfram Language (drawn when shown or exported)
        "LossPlot": lambda: loss_plot_graphics(run.round_losses, run.validation_losses,
                                               run.validation_rounds),
        # the loss of each batch, and what was measured on it (a classifier's error rate)
        "BatchMeasurementsLists": lambda: _batch_assocs(run),
        "FinalPlots": lambda: _final_plots(run, later_props["LossPlot"], measured_names),
    }
    # the live properties not already given: their values at the end (the final arrays,
    # the latest gradients, the latest batch)
    for name in LIVE_PROPERTIES:
        if name not in props and name not in later:
            later[name] = (lambda n: lambda: _LIVE[n](run))(name)
    # and the rest of what a TrainingProgressFunction sees ("Round", "BatchLoss",
    # "LearningRate", …), as it was when training ended
    for name in run.STATE_KEYS:
        if name not in props and name not in later:
            later[name] = (lambda n: lambda: _state_expr(run.state()[n]))(name)
    later_props = _Properties(props, later)
    return later_props


class _Properties(dict):
    """name -> property, the per-batch lists and the plots made when first asked for
    (thousands of expressions that a NetTrain asked for its trained net never reads)."""

    def __init__(self, ready: dict, later: dict):
        super().__init__(ready)
        self._later = later

    def __missing__(self, name):
        make = self._later.get(name)
        if make is None:
            raise KeyError(name)
        value = self[name] = make()
        return value

    def __contains__(self, name) -> bool:
        return super().__contains__(name) or name in self._later

    def get(self, name, default=None):
        return self[name] if name in self else default


def _input_form(call) -> Expr:
    """HoldForm[NetTrain][Placeholder["net"], Placeholder["data"], rest…]: the call with
    the net and the data (often large) shown as placeholders, the rest as given.  Only the
    head is held (as WL's form), so List @@ form gives the arguments without training."""
    if call is None:
        return _missing()
    shown = [Expr(Symbol("Placeholder"), String(name)) for name in ("net", "data")][:len(call.args)]
    return Expr(Expr(Symbol("HoldForm"), call.head), *shown, *call.args[2:])


def _state_expr(v) -> Expr:
    """A value of TrainingRun.state() as an expression (None: not available)."""
    if v is None:
        return _missing()
    if isinstance(v, float) and not np.isfinite(v):
        return S.Infinity if v > 0 else Expr(S.Times, Integer(-1), S.Infinity)
    return from_python(v)


def _integers(values) -> Expr:
    return Expr.from_args(S.List, (Integer(int(v)) for v in values))


def _round_ends(run) -> list:
    """The batch number at which each round's loss was taken (a last partial round ends
    where training stopped)."""
    return [min((i + 1) * run.batches_per_round, run.total_batches)
            for i in range(len(run.round_losses))]


def _final_plots(run, loss_plot, names) -> Expr:
    """<|"Loss" -> plot, measurement -> plot, …|>: a plot of each number measured per round
    (training and validation), as "LossPlot" is of the loss."""
    plots = [("Loss", loss_plot)]
    for name in names:
        train = [m.get(name) for m in run.round_measurements]
        valid = [m.get(name) for m in run.validation_measurements]
        if train and all(type(v) in (Real, Integer) for v in train + valid):
            plots.append((name, loss_plot_graphics([float(v.value) for v in train],
                                                   [float(v.value) for v in valid],
                                                   run.validation_rounds)))
    return assoc(plots)


def _measured_names(run) -> list:
    return list(run.round_measurements[-1]) if run.round_measurements else []


def _per_array(run, grads: bool, reduce=None) -> Expr:
    """<|array -> value|> of the trained arrays (or of their latest gradients): each
    array as a NumericArray, or ``reduce``d to a number."""
    params = run.params
    views = params.grad_views if grads else params.views
    def value(a):
        return Real(float(reduce(a))) if reduce else NumericArray(np.array(a), "Real32")
    return assoc((array_key(p), value(a)) for p, a in views.items())


def _rms(a) -> float:
    return float(np.sqrt(np.mean(np.square(a, dtype=np.float64)))) if a.size else 0.0


def _batch_data(run) -> Expr:
    """<|port -> the latest batch's (encoded) examples|>, inputs and targets."""
    if run.data is None or run.last_batch is None:
        return _missing()
    batches = run.data.batches
    # a generator's batches are made on demand: asking again would make (and show) a new one
    inputs, targets = batches.latest if isinstance(batches, D.GeneratedBatches) \
        else batches[run.last_batch]
    return assoc((p, from_python(np.asarray(b.data).tolist())) for p, b in {**inputs, **targets}.items())


def _batch_indices(run) -> Expr:
    indices = getattr(run.data, "indices", None)
    if indices is None or run.last_batch is None:
        return _missing()
    return _integers(np.asarray(indices[run.last_batch]) + 1)


def _batch_assocs(run) -> Expr:
    """<|"Loss" -> …, measured…|> of every training batch."""
    measured = getattr(run, "batch_measurements", None) or []
    return Expr.from_args(S.List, (measurement_assoc(b, _reals_of(measured[i]) if i < len(measured) else {})
                                   for i, b in enumerate(run.batch_losses)))


def _reals_of(values: dict) -> dict:
    return {k: Real(float(v)) for k, v in values.items()}


def _last_batch(run) -> Expr:
    if not run.batch_losses:
        return _missing()
    measured = getattr(run, "batch_measurements", None) or []
    return measurement_assoc(run.batch_losses[-1], _reals_of(measured[-1]) if measured else {})


_LIVE = {
    "BatchLossList": lambda run: _reals(run.batch_losses),
    "RoundLossList": lambda run: _reals(run.round_losses),
    "ValidationLossList": lambda run: _reals(run.validation_losses),
    "BatchMeasurements": _last_batch,
    "BatchMeasurementsLists": _batch_assocs,
    "RoundMeasurements": lambda run: latest_measurements(run.round_losses, run.round_measurements),
    "RoundMeasurementsLists": lambda run: measurement_lists(
        run.round_losses, run.round_measurements, _measured_names(run)),
    "ValidationMeasurements": lambda run: latest_measurements(
        run.validation_losses, run.validation_measurements),
    "ValidationMeasurementsLists": lambda run: measurement_lists(
        run.validation_losses, run.validation_measurements, _measured_names(run)),
    "CheckpointingFiles": lambda run: Expr.from_args(S.List, (String(f) for f in run.checkpoint_files)),
    "BatchData": _batch_data,
    "BatchIndices": _batch_indices,
    "Weights": lambda run: _per_array(run, False),
    "WeightsVector": lambda run: NumericArray(np.array(run.params.flat), "Real32"),
    "WeightsRMS": lambda run: _per_array(run, False, _rms),
    "Gradients": lambda run: _per_array(run, True),
    "GradientsVector": lambda run: NumericArray(np.array(run.params.grad), "Real32"),
    "GradientsRMS": lambda run: _per_array(run, True, _rms),
    "TrainingExamples": lambda run: Integer(run.data.examples) if run.data is not None else _missing(),
    "ExampleLosses": lambda run: _reals(run.losses_of_examples())
    if run.losses_of_examples is not None else _missing(),
}


def live_values(run, names=LIVE_PROPERTIES) -> dict:
    """name -> WL value of the run's LIVE_PROPERTIES (``names`` of them) as they are now."""
    return {n: _LIVE[n](run) for n in names}


def results_object(props: dict) -> Expr:
    return Expr(HEAD, assoc((k, props[k]) for k in PROPERTIES))


def object_properties(obj) -> dict | None:
    """The property association of a NetTrainResultsObject expression, else None."""
    if not (type(obj) is Expr and obj.head is HEAD and len(obj.args) == 1
            and type(obj.args[0]) is Expr and obj.args[0].head is S.Association):
        return None
    out = {}
    for r in obj.args[0].args:
        if type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and type(r.args[0]) is String:
            out[r.args[0].value] = r.args[1]
    return out


def summary_text(obj) -> str | None:
    props = object_properties(obj)
    if props is None:
        return None

    def num(name, fmt="{:.4g}"):
        v = props.get(name)
        return fmt.format(v.value) if type(v) in (Real, Integer) else "-"

    return (f"NetTrainResultsObject[<{num('TotalRounds', '{}')} rounds, "
            f"{num('TotalBatches', '{}')} batches, round loss {num('RoundLoss')}, "
            f"validation loss {num('ValidationLoss')}, {num('TotalTrainingTime', '{:.1f}')} s>]")
