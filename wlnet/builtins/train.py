"""The WL face of training: NetTrain, NetMeasurements, NetTrainResultsObject[…][prop].

Options are read here into plain Python values, the data is encoded once through the
executor (``wlnet.net.execute``) and ``wlnet.net.train`` does the rest.  Every problem is
a ``NetTrain::tag`` (or ``NetMeasurements::tag``) message and ``$Failed``; a net is never
modified: NetTrain returns new nets (new arrays).
"""

from __future__ import annotations

import dataclasses
import functools
import zlib
from math import ceil, floor, isfinite

import numpy as np

from wlnet.builtins._listutil import is_infinity
from wlnet.builtins.dataset import data_of
from wlnet.core.registry import builtin, builtin_subvalue, declare
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.order import compare
from wlnet.core.packed import examples_array
from wlnet.core.numeric_array import NumericArray, to_numpy_data
from wlnet.net.coders.base import assoc, sampling_with
from wlnet.core import parallel
from wlnet.net.backends import BackendError, device_backend
from wlnet.net.batch import OBJECT_WORDS
from wlnet.net.construct import split_rules
from wlnet.net.spec import option_name
from wlnet.net.errors import MESSAGES as NET_MESSAGES, NetSpecError, argcount_error
from wlnet.net.registry import load_layers
from wlnet.net.evaluation import layer_path, netport_target
from wlnet.net.information import information, multipliers_assoc
from wlnet.net.initialize import initialize
from wlnet.net.net import Net, infer, missing_sizes
from wlnet.net.shape import NetTypeError
from wlnet.net.spec import real_value
from wlnet.net.train import MESSAGES as TRAIN_MESSAGES, TrainError
from wlnet.net.train import checkpoint as C
from wlnet.net.train import data as D
from wlnet.net.train import progress as P
from wlnet.net.train.history import (
    HISTORY_ALIASES, HistoryRecorder, HistorySpec, history_value, is_history_spec, parse_history,
)
from wlnet.net.train.losses import parse_loss_function, target_examples, target_form
from wlnet.net.train.loop import TrainingRun, run_training
from wlnet.net.train.measurements import (
    CLASSIFICATION, BadMeasurement, BatchErrorRate, RoundMeasurer, array_measure, collect, data_port,
    input_port, is_array_port, is_data_port,
    measure,
    parse_measurement, parse_measurements,
)
from wlnet.net.train.multipliers import MultiplierError, multipliers, per_array_setting, update_schedule
from wlnet.net.train.optimizers import DEFAULTS, NAMED_SCHEDULES, MethodSpec, Optimizer, Parameters
from wlnet.net.train.results import (
    ALIASES, LIVE_PROPERTIES, ON_REQUEST, PROPERTIES, live_values, object_properties,
    results_object, results_properties, summary_text,
)
from wlnet.net.train.stopping import parse_stopping_criterion
from wlnet.net.train.training_net import training_net
from wlnet.net.types import AtomT, FrozenDict, IndexIntegerT, LengthVar, TensorT, fresh_length
from wlnet.net.wlform import is_net_expr, net_from_expr, net_to_expr

# A layer's own error (CompiledLayer's "cnograd", FunctionLayer's…) can surface while
# training or measuring: NetTrain and the measurement functions know the net messages too,
# the layers' among them (registered as the layers load).
load_layers()
MESSAGES = {**NET_MESSAGES, **TRAIN_MESSAGES}

FAILED = Symbol("$Failed")
AUTOMATIC = Symbol("Automatic")

TRAIN_OPTIONS = {
    "BatchSize": AUTOMATIC, "MaxTrainingRounds": AUTOMATIC, "TimeGoal": AUTOMATIC,
    "ValidationSet": Symbol("None"), "Method": AUTOMATIC, "LearningRate": AUTOMATIC,
    "LearningRateMultipliers": AUTOMATIC, "LossFunction": AUTOMATIC,
    "RandomSeeding": Symbol("Inherited"), "TargetDevice": String("CPU"),
    "WorkingPrecision": AUTOMATIC, "TrainingProgressReporting": AUTOMATIC,
    "TrainingProgressFunction": Symbol("None"), "TrainingProgressMeasurements": AUTOMATIC,
    "TrainingStoppingCriterion": Symbol("None"), "TrainingProgressCheckpointing": Symbol("None"),
    "PerformanceGoal": AUTOMATIC, "TrainingUpdateSchedule": AUTOMATIC,
}
MEASURE_OPTIONS = {"BatchSize": AUTOMATIC, "LossFunction": AUTOMATIC,
                   "NetEvaluationMode": String("Test"), "TargetDevice": String("CPU"),
                   "WorkingPrecision": AUTOMATIC}


def _sym(e) -> str | None:
    return e.name if type(e) is Symbol else None


def _opt_expr(name: str, value) -> Expr:
    return Expr(S.Rule, Symbol(name), value)


# ---------------------------------------------------------------------------- options

def _spliced_option_lists(args, known: dict) -> tuple:
    """The arguments with lists of options spliced in, as OptionsPattern reads them
    (NetTrain[net, data, opts…, FilterRules[{opts}, Options[NetTrain]]]): after the net and
    the data, a list of rules naming options is its rules, and an empty list that follows a
    rule is nothing."""
    out = list(args[:2])
    for a in args[2:]:
        if type(a) is Expr and a.head is S.List:
            rules = a.args
            if rules and all(type(r) is Expr and r.head in (S.Rule, S.RuleDelayed)
                             and option_name(r.args[0]) in known for r in rules):
                out.extend(rules)
                continue
            if not rules and out and type(out[-1]) is Expr and out[-1].head in (S.Rule, S.RuleDelayed):
                continue
        out.append(a)
    return tuple(out)


def _options(args, known: dict, head: str):
    positional, rules = split_rules(_spliced_option_lists(args, known))
    opts = dict(known)
    for name, value in rules:
        if name not in known:
            raise NetSpecError("optx", _opt_expr(name, value), head, symbol=head)
        opts[name] = value
    return positional, opts


def _positive_int(name, value) -> int:
    if type(value) is Integer and value.value > 0:
        return value.value
    raise TrainError("optpi", Symbol(name), value)


def _positive_real(name, value) -> float:
    v = real_value(value)
    if v is None or not v > 0:
        raise TrainError("optpr", Symbol(name), value)
    return v


def _is_quantity(value) -> bool:
    return type(value) is Expr and _sym(value.head) == "Quantity" and len(value.args) == 2


def _seconds(value, name="TimeGoal") -> float:
    """TimeGoal: a number of seconds or Quantity[n, "Seconds"|"Minutes"|"Hours"]."""
    if _is_quantity(value):
        n, unit = real_value(value.args[0]), value.args[1]
        scale = {"Seconds": 1, "Minutes": 60, "Hours": 3600}.get(getattr(unit, "value", None))
        if n is not None and n > 0 and scale:
            return n * scale
        raise TrainError("optpr", Symbol(name), value)
    return _positive_real(name, value)


def _round_limit(rounds, time_goal):
    """MaxTrainingRounds and TimeGoal as (rounds or None, seconds or None).  A time given as
    the round limit (MaxTrainingRounds -> Quantity[10, "Seconds"], as WL 11's examples write
    it) bounds the training time instead; with a TimeGoal too, the shorter time counts."""
    goal = None if _sym(time_goal) == "Automatic" else _seconds(time_goal)
    if _is_quantity(rounds):
        limit = _seconds(rounds, "MaxTrainingRounds")
        return None, limit if goal is None else min(goal, limit)
    if _sym(rounds) == "Automatic" or is_infinity(rounds):
        return None, goal
    return _positive_int("MaxTrainingRounds", rounds), goal


def _rng(ev, value) -> np.random.Generator:
    if type(value) is Integer:
        return np.random.default_rng(value.value)
    if type(value) is String:
        return np.random.default_rng(zlib.crc32(value.value.encode()))
    if _sym(value) == "Automatic":
        return np.random.default_rng()
    if _sym(value) == "Inherited":
        return np.random.default_rng(int(ev.rng.integers(0, 2**63)))
    raise TrainError("seeding", value)


def _precision(value) -> str:
    if _sym(value) == "Automatic":
        return "Real32"
    if type(value) is String and value.value in ("Real32", "Real64"):
        return value.value
    if type(value) is String and value.value == "Mixed":
        # WL's mixed precision keeps Real32 master weights and computes some layers in
        # Real16 on a GPU; on the CPU it is Real32 throughout, as here
        return "Real32"
    raise TrainError("invprec", value)


# Method sub-options that may be given per array (rules lspec -> value, as
# LearningRateMultipliers): kept as given until the net is known (``_per_array_method``)
PER_ARRAY = ("L2Regularization", "GradientClipping", "WeightClipping")


def _method_option_value(ev, method: str, key: str, value, whole):
    if key in PER_ARRAY and type(value) is Expr and (value.head in (S.Rule, S.RuleDelayed) or (
            value.head is S.List and value.args)):
        return value
    if key == "LearningRateSchedule":
        if _sym(value) == "None":
            return None
        if _sym(value) == "Automatic":
            return DEFAULTS[method]["LearningRateSchedule"]
        if type(value) is String and value.value in NAMED_SCHEDULES:
            return value.value
        return _wl_schedule(ev, value)
    if _sym(value) in ("None", "Automatic"):
        return DEFAULTS[method].get(key) if _sym(value) == "Automatic" else None
    v = real_value(value)
    if v is None or v < 0:
        raise TrainError("invopt", Symbol("Method"), whole,
                         f"\"{key}\" should be a non-negative number.")
    return v


def _wl_schedule(ev, f):
    def schedule(t: int, total: int):
        out = ev.apply(f, Integer(t), Integer(total))
        if real_value(out) is None:         # an exact numeric value, (1 + Cos[Pi/9])/2
            out = ev.evaluate(Expr(S.N, out))
        return real_value(out) if real_value(out) is not None else out
    return schedule


def _method(ev, value, learning_rate) -> MethodSpec:
    if _sym(value) == "Automatic":
        name, rules = "ADAM", ()
    elif type(value) is String:
        name, rules = value.value, ()
    elif type(value) is Expr and value.head is S.List and value.args and type(value.args[0]) is String:
        name, rules = value.args[0].value, value.args[1:]
    else:
        raise TrainError("invmethod", value)
    if name not in DEFAULTS:
        raise TrainError("invmethod", value)
    known = set(DEFAULTS[name]) | set(PER_ARRAY)
    opts = {}
    for r in rules:
        if not (type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and type(r.args[0]) is String
                and r.args[0].value in known):
            raise TrainError("invopt", Symbol("Method"), value,
                             f"the sub-options of \"{name}\" are " + ", ".join(sorted(known)) + ".")
        opts[r.args[0].value] = _method_option_value(ev, name, r.args[0].value, r.args[1], value)
    if _sym(learning_rate) != "Automatic":
        opts["LearningRate"] = _positive_real("LearningRate", learning_rate)
    if opts.get("LearningRate") is None:
        opts["LearningRate"] = DEFAULTS[name]["LearningRate"]
    return MethodSpec(name, opts)


def _method_expr(value, method: MethodSpec) -> Expr:
    """{"name", "option" -> value, …}: the Method used with all its sub-options (the
    results' "OptimizationMethod"), each as given, else its value (defaults included)."""
    given = {}
    if type(value) is Expr and value.head is S.List:
        given = {r.args[0].value: r.args[1] for r in value.args[1:]}
    def shown(key, v):
        if key in given and key != "LearningRate":
            return given[key]
        if v is None or isinstance(v, (int, float, str)):
            return _state_value(float(v) if isinstance(v, int) and not isinstance(v, bool) else v) \
                if v is not None else Symbol("None")
        return Symbol("Automatic")
    return Expr(S.List, String(method.name), *(Expr(S.Rule, String(k), shown(k, v))
                                               for k, v in sorted(method.options.items())))


# -- LearningRateMultipliers (wlnet.net.train.multipliers)

def _per_array_method(net: Net, method: MethodSpec) -> MethodSpec:
    """The method with its per-array sub-options (rules) as path -> value for ``net``."""
    options = dict(method.options)
    for key in PER_ARRAY:
        given = options.get(key)
        if type(given) is Expr:
            try:
                options[key] = per_array_setting(net, given)
            except MultiplierError as err:
                raise TrainError("invopt", Symbol("Method"), err.value, err.reason)
            if any(v < 0 for v in options[key].values()):
                raise TrainError("invopt", Symbol("Method"), given,
                                 f"\"{key}\" should be non-negative.")
    return MethodSpec(method.name, options)


def _statistic_paths(net: Net) -> set:
    """The paths of the arrays that their layers keep up to date in training instead of the
    optimizer (moving means and variances)."""
    return {leaf.array_path(prefix, name) for prefix, leaf in net.root.leaves(())
            for name, a in leaf.array_specs().items()
            if a.statistic and name in leaf.array_shapes()}


def _multipliers(net: Net, value) -> dict:
    """path -> multiplier: the NetTrain option's first matching rule, else the layer's own
    LearningRateMultipliers, else 1 (None → 0, which freezes)."""
    try:
        return multipliers(net, value)
    except MultiplierError as err:
        raise TrainError("invopt", Symbol("LearningRateMultipliers"), err.value, err.reason)


def _schedule(net: Net, value) -> list | None:
    """TrainingUpdateSchedule: the arrays each step of the repeating schedule updates."""
    try:
        return update_schedule(net, value)
    except MultiplierError as err:
        raise TrainError("invopt", Symbol("TrainingUpdateSchedule"), err.value, err.reason)


# -- progress

_SECONDS = {"Seconds": 1.0, "Minutes": 60.0, "Hours": 3600.0}


def _interval(value, option: str):
    """An "Interval" setting: n (seconds) or Quantity[n, "Rounds"|"Batches"|"Seconds"|
    "Minutes"|"Hours"] as (unit, n) with unit "Rounds", "Batches" or "Seconds"."""
    n = real_value(value)
    if n is not None and n >= 0:
        return "Seconds", n
    if type(value) is Expr and _sym(value.head) == "Quantity" and len(value.args) == 2:
        n, unit = real_value(value.args[0]), value.args[1]
        unit = unit.value if type(unit) is String else None
        if n is not None and n >= 0 and unit in ("Rounds", "Batches", "Round", "Batch"):
            return unit.rstrip("s") + "s", n
        if n is not None and n >= 0 and unit in _SECONDS:
            return "Seconds", n * _SECONDS[unit]
    raise TrainError("invopt", Symbol(option), value,
                     'give an interval as n seconds or Quantity[n, "Rounds"|"Batches"|"Seconds"].')


def _form_and_interval(form, option: str):
    """``{form, "Interval" -> spec, …}`` as (form, (unit, n) or None)."""
    form, interval, _ = _form_and_intervals(form, option)
    return form, interval


def _form_and_intervals(form, option: str):
    """``{form, "Interval" -> spec, "MinimumInterval" -> s}`` as (form, (unit, n) or None,
    s seconds or None)."""
    interval = least = None
    if type(form) is Expr and form.head is S.List and form.args:
        for r in form.args[1:]:
            if not (type(r) is Expr and r.head in (S.Rule, S.RuleDelayed)):
                continue
            if r.args[0] == String("Interval"):
                interval = _interval(r.args[1], option)
            elif r.args[0] == String("MinimumInterval"):
                unit, least = _interval(r.args[1], option)
                if unit != "Seconds":
                    raise TrainError("invopt", Symbol(option), r, '"MinimumInterval" is a time: '
                                     'n seconds or Quantity[n, "Seconds"|"Minutes"|"Hours"].')
        form = form.args[0]
    return form, interval, least


def _device_name(value) -> str:
    """"CPU" or "GPU" for a (valid) TargetDevice setting ({"GPU", n} included)."""
    if type(value) is Expr and value.head is S.List and value.args:
        value = value.args[0]
    return value.value if type(value) is String else "CPU"


class _LiveState:
    """What a TrainingProgressFunction is given: the run's state (``TrainingRun.state``)
    with the keys that are lists or arrays (results.LIVE_PROPERTIES), the device, and the
    net being trained ("Net", from ``make_net``, set by NetTrain once the arrays are in
    place).  Those costlier keys are computed only when the function names them, or when it
    names no key at all (Print, Echo: it is shown the whole association, but for the keys
    that cost a pass over the data, ON_REQUEST)."""

    KEYS = LIVE_PROPERTIES + ("Net",)

    def __init__(self, device: str):
        self.device = device
        self.make_net = None

    def association(self, run, f) -> Expr:
        state = run.state()
        state["TargetDevice"] = String(self.device)
        named = [k for k in self.KEYS if _mentions(f, k)]
        wanted = named if named or any(_mentions(f, k) for k in state) else \
            [k for k in self.KEYS if k not in ON_REQUEST]
        live = [k for k in wanted if k in LIVE_PROPERTIES]
        state.update(live_values(run, live))
        if "Net" in wanted and self.make_net is not None:
            state["Net"] = self.make_net()
        return assoc((k, _state_value(v)) for k, v in state.items())


def _mentions(e, key: str) -> bool:
    """Does ``e`` contain the string or slot name ``key`` (#Net, #["Net"])?"""
    if type(e) is String:
        return e.value == key
    return type(e) is Expr and (_mentions(e.head, key) or any(_mentions(a, key) for a in e.args))


# what a progress function may give to end training (the rest of what it gives is ignored)
_STOP_REQUESTS = {"StopTraining": "Stop", "AbortTraining": "Abort"}


def _function_reporter(ev, f, interval, live: _LiveState):
    """A WL function called on the training state, at its interval (every round by default).
    Giving "StopTraining" ends training there (the net is kept); "AbortTraining" ends it
    and NetTrain gives $Aborted."""
    unit, n = interval or ("Rounds", 1)

    def call(run):
        got = _call_progress_function(ev, f, live.association(run, f))
        if type(got) is String and got.value in _STOP_REQUESTS:
            run.stop_request = _STOP_REQUESTS[got.value]
    reporter = P.FunctionReporter(call, on_batches=unit != "Rounds", with_run=True)
    return reporter if (unit, n) == ("Rounds", 1) else P.Every(reporter, unit, n)


def _reporters(ev, reporting, function, live: _LiveState) -> list:
    out = []
    for form in _report_forms(reporting):
        form, every, least = _form_and_intervals(form, "TrainingProgressReporting")
        if (type(form) is Expr and form.head is S.Function) or (
                type(form) is Symbol and form.name not in ("Automatic", "None")):
            out.append(_function_reporter(ev, form, every, live))    # f called with the state
            if least:
                out[-1] = P.AtMost(out[-1], least)
            continue
        # the line and panel reporters take seconds; rounds and batches thin their calls
        interval = every[1] if every and every[0] == "Seconds" else 0.0 if every else None
        name = form.value if type(form) is String else _sym(form)
        display = getattr(ev, "progress_display", None)     # a front end's (Jupyter)
        if name == "Automatic":
            name = "Display" if display is not None else P.automatic_form()
        if name == "None":
            continue
        if name == "Display":
            out.append(P.DisplayReporter(display, interval if interval is not None else 0.5))
        elif name == "Print":
            out.append(P.PrintReporter(ev.print, interval if interval is not None else 2.0))
        elif name == "Panel":
            out.append(P.PanelReporter(interval if interval is not None else 0.33))
        elif name == "ProgressIndicator":
            out.append(P.ProgressIndicatorReporter(interval if interval is not None else 0.1))
        elif type(form) is Expr and _sym(form.head) == "File" and form.args and type(form.args[0]) is String:
            try:
                out.append(P.FileReporter(form.args[0].value))
            except ValueError as err:
                raise TrainError("invopt", Symbol("TrainingProgressReporting"), form, str(err) + ".")
        else:
            raise TrainError("invopt", Symbol("TrainingProgressReporting"), reporting,
                             'use Automatic, "Panel", "Print", "ProgressIndicator", File[…], '
                             'a function or None.')
        if every is not None and every[0] != "Seconds":
            out[-1] = P.Every(out[-1], *every)
        if least:                               # "MinimumInterval": never more often
            out[-1] = P.AtMost(out[-1], least)
    if _sym(function) != "None":
        f, every = _form_and_interval(function, "TrainingProgressFunction")
        out.append(_function_reporter(ev, f, every, live))
    return out


def _report_forms(reporting) -> tuple:
    """A list of forms, or one form (``{"Print", "Interval" -> 5}`` is one form with options)."""
    if type(reporting) is Expr and reporting.head is S.List and reporting.args:
        if any(type(a) is Expr and a.head is S.Rule for a in reporting.args[1:]):
            return (reporting,)
        return reporting.args
    return (reporting,)


def _state_value(v):
    if v is None:
        return Expr(S.Missing, String("NotAvailable"))
    if isinstance(v, bool):
        return Symbol("True") if v else Symbol("False")
    if isinstance(v, int):
        return Integer(v)
    if isinstance(v, float):
        return Real(v) if isfinite(v) else S.Infinity
    if isinstance(v, str):
        return String(v)
    return v


def _call_progress_function(ev, f, state: Expr):
    from wlnet.core.evaluator import AbortEvaluation
    try:
        return ev.apply(f, state)
    except AbortEvaluation:
        raise KeyboardInterrupt                   # Abort[] in the function stops training


# ---------------------------------------------------------------------------- data

def _through_target_encoder(loss, examples, coder) -> tuple:
    """(targets, coder for encode_targets): a loss net whose "Target" port has an encoder
    (CTCLossLayer["Target" -> NetEncoder["Characters"]]) takes the targets through it, as
    codes; other losses take them as given, read by the output's decoder."""
    from wlnet.core.expr import from_python
    from wlnet.net.coders.base import CoderError
    from wlnet.net.execute import port_coder
    encoder = port_coder(loss.net.root, "Target", True) if loss.kind == "Net" else None
    if encoder is None or getattr(encoder, "kind", None) != "Encoder" or not hasattr(encoder, "encode_array"):
        return examples, coder
    out = []
    for e in examples:
        try:
            out.append(from_python(np.asarray(encoder.encode_array(e)).tolist()))
        except CoderError as err:
            raise TrainError("invtarget", loss.port, e, f"data its encoder takes ({err})")
    return out, None


class _Prepared:
    """A net ready to run on data: the executor, the losses, the encoded examples."""

    def __init__(self, net, precision, loss_spec, backend=None):
        from wlnet.net.execute import Executor
        self.net = net
        try:
            self.executor = Executor.for_net(net, precision, backend)
        except NotImplementedError as err:       # a layer without an executor op
            raise TrainError("noexec", str(err).removeprefix("no executor for "))
        self.losses = parse_loss_function(loss_spec, net)
        self.input_ports = list(net.inputs())
        self.target_ports = [l.port for l in self.losses if l.needs_target]
        self.data_keys: list[str] = []     # data keys measured as NetPort[key] (no ports)

    def encode(self, data, portless_count: int | None = None,
               validation: bool = False) -> tuple[dict, dict, int]:
        """data → (inputs {port: Batch}, targets {port: Batch}, example count).  A net that
        takes no data at all (no inputs, a loss of its own) has ``portless_count`` examples
        in a batch: a generator's <||> stands for BatchSize of them (ImageRestyle optimises
        an image held in the net by NetTrain[net, <||> &, BatchSize -> 1])."""
        from wlnet.net.execute import NetDataError
        ports = self.input_ports + self.target_ports
        if not ports and portless_count is not None and _is_empty_association(data):
            return {}, {}, portless_count
        examples = D.port_examples(data, self.input_ports, list(self.net.outputs()))
        n = D.example_count(examples, ports)
        try:
            inputs = self.executor.encode_inputs({p: examples[p] for p in self.input_ports})
        except NetDataError as err:
            raise TrainError("invindata", err.port, _example_shown(err), err.expected)
        outs = self.net.outputs()
        coders = {p: _output_coder(self.executor, p) for p in self.target_ports}
        targets = {}
        for loss in self.losses:
            if loss.needs_target:
                target_type, wants = target_form(loss, outs[loss.port])
                given, coder = _through_target_encoder(loss, examples[loss.port], coders[loss.port])
                targets[loss.port] = D.encode_targets(loss.port, target_examples(loss, given),
                                                      target_type, coder, wants,
                                                      self.executor.dtype)
                if _target_keeps_output_length(loss):
                    _check_target_lengths(self.executor, loss.port, outs[loss.port], inputs,
                                          targets[loss.port], given)
        for key in self.data_keys:         # carried beside the targets, batched with them
            if key in examples:
                targets[key] = D.data_values(key, examples[key], self.executor.dtype)
            elif not validation:
                raise TrainError("invmeas", Expr(Symbol("NetPort"), String(key)),
                                 f'"{key}" is neither a port of the net nor a key of the training data.')
        return inputs, targets, n


def _example_shown(err):
    """How an input example that does not fit is named: itself when it is data written out
    (a list, a number, a string: it says which example), in words when it is an object
    whose text would be its whole contents (an Image, an Audio: "an image")."""
    got = err.got
    if type(got) in (Integer, Real, String) or (type(got) is Expr and got.head in (
            S.List, S.Association, S.Rule)) or isinstance(got, NumericArray):
        return got
    return err.got_text


def _target_keeps_output_length(loss) -> bool:
    """Whether a loss compares its target with the output step by step (a mean squared or
    cross-entropy loss), not a target sequence of its own length (CTCLossLayer's)."""
    if loss.kind != "Net":
        return True
    ins = loss.net.inputs()
    first = [getattr(ins.get(p), "dims", ())[:1] for p in ("Input", "Target")]
    return first[0] == first[1]


def _check_target_lengths(executor, port: str, out_type, inputs: dict, target, given) -> None:
    """A sequence target must have the length of the output it is compared with, which is
    that of an input sequence when the output keeps the input's length (NetMapOperator,
    a recurrent layer): invtarget naming the first example whose lengths differ."""
    dims = getattr(out_type, "dims", ())
    if target.lengths is None or not dims or not isinstance(dims[0], LengthVar):
        return
    for name, batch in inputs.items():
        in_dims = getattr(executor.input_formats[name].type, "dims", ())
        if batch.lengths is None or not in_dims or in_dims[0] != dims[0]:
            continue
        bad = np.flatnonzero(batch.lengths != target.lengths)
        if bad.size:
            i = int(bad[0])
            raise TrainError("invtarget", port, given[i],
                             f'a sequence of the same length as the one given to the port '
                             f'"{name}" (length {int(batch.lengths[i])})')
        return


def _is_empty_association(e) -> bool:
    return type(e) is Expr and e.head is S.Association and not e.args


def _output_coder(executor, port):
    fmt = executor.output_formats.get(port)
    return getattr(fmt, "coder", None)


def _net_or_message(ev, head, e) -> Net | None:
    try:
        net = net_from_expr(e) if is_net_expr(e) else None
    except (NetSpecError, NetTypeError):
        net = None
    if net is None:
        ev.message(Symbol(head), "invnet", e)
    return net


def _initialized(net: Net, rng) -> Net:
    if net.is_initialized():
        return net
    missing = missing_sizes(net)
    if missing:
        raise TrainError("notfspec", ", ".join(missing))
    return initialize(net, "missing", rng=rng)


def _shaped_by_data(net: Net, data) -> Net:
    """``net`` with the sizes of its ports that the first training example fixes, where
    the net leaves them open (NetTrain[NetChain[{LinearLayer[], …}], {{0, 1, 2} -> 1, …}]
    reads an "Input" of size 3 and a scalar "Output" from the data, as WL does; so does an
    initialized net whose input rank its layers leave open).  A port
    whose example is not numeric, or whose size the net already knows, is left as it is;
    so is a port the example does not fit (the usual message follows later)."""
    if all(_size_known(t) for t in (*net.inputs().values(), *net.outputs().values())):
        return net
    try:
        examples = D.port_examples(data, list(net.inputs()), list(net.outputs()))
    except TrainError:
        return net
    for is_input in (True, False):
        for port, port_type in (net.inputs() if is_input else net.outputs()).items():
            if not is_input and _has_length(port_type):
                continue           # a sequence output's length follows each example's
            hint = _example_type(examples.get(port))
            if hint is None or _size_known(port_type):
                continue
            if isinstance(getattr(port_type, "elem", None), IndexIntegerT):
                net = _index_port_shaped(net, port, port_type.elem, hint)
                continue
            for shape in _example_shapes(examples.get(port), hint):
                try:
                    net = infer(net, [(port, shape, is_input)])
                    break
                except (NetTypeError, NetSpecError):
                    continue
    return net


def _example_shapes(examples, hint: TensorT) -> list:
    """The shapes to try for a port, in turn: the examples' own (``hint``); when their
    lengths differ, then the first example's, for a net that cannot take a varying length
    there (a LinearLayer's "Input"): the port is shaped by the first example, as WL does,
    so that the data check names the example that does not fit instead of the port's size
    staying open (notfspec)."""
    if not any(isinstance(d, LengthVar) for d in hint.dims):
        return [hint]
    return [hint, TensorT(tuple(to_numpy_data(examples[0]).shape), AtomT)]


def _index_port_shaped(net: Net, port: str, elem, hint: TensorT) -> Net:
    """``net`` with the input ``port`` of indices (an EmbeddingLayer's, its range kept) of
    the rank its examples have: their first level a sequence that may vary in length, as
    the training data's own lengths may not show, unless the net needs it to be of the
    examples' fixed size (a FlattenLayer and a LinearLayer after the embedding)."""
    shapes = []
    if hint.dims and not isinstance(hint.dims[0], LengthVar):
        shapes.append(TensorT((fresh_length(),) + hint.dims[1:], elem, hint.tail))
    shapes.append(TensorT(hint.dims, elem, hint.tail))
    for t in shapes:
        try:
            shaped = infer(net, [(port, t, True)])
        except (NetTypeError, NetSpecError):
            continue
        if not missing_sizes(shaped) or t is shapes[-1]:
            return shaped
    return net


def _with_class_coders(net: Net, data) -> Net:
    """``net`` with coders NetTrain attaches from the data, as WL does, on the ports the net
    leaves open that have none: a "Class" decoder on an output (encoder on an input that
    takes integer codes) whose examples are class labels (strings or symbols), the labels
    being the data's distinct values in canonical order (NetTrain[NetChain[{…, LinearLayer[],
    SoftmaxLayer[]}], {x -> "pos", …}] learns two classes); a "Boolean" decoder (encoder) on
    a probability output (LogisticSigmoid's) or an input whose examples are True and False
    (or lists of them); an "Image" encoder (decoder) on a port whose examples are images,
    sized and coloured as the first.  A port that cannot
    take the coder is left as it is."""
    from wlnet.net.execute import port_coder
    from wlnet.net.surgery import replace_part
    try:
        examples = D.port_examples(data, list(net.inputs()), list(net.outputs()))
    except TrainError:
        return net
    for is_input, ports in ((True, net.inputs()), (False, net.outputs())):
        for port in ports:
            if _size_known(ports[port]) or port_coder(net.root, port, is_input) is not None:
                continue                  # only a port the net leaves open, as in WL
            coder = _coder_for_examples(examples.get(port), ports[port], is_input)
            if coder is None or (coder.name == "Boolean" and not is_input
                                 and not _gives_probability(net, port)):
                continue
            try:
                net = replace_part(net, String(port), coder.to_expr())
            except (NetSpecError, NetTypeError):
                continue
    return net


def _with_learnt_features(ev, net: Net, data) -> Net:
    """``net`` with each NetEncoder["FeatureExtractor"] still to be learnt replaced by one
    whose extractor FeatureExtraction learns from the port's training inputs (with the
    encoder's method), as WL's NetTrain does before training."""
    from wlnet.net.coders.feature import FeatureExtractorEncoder, extractor_length
    from wlnet.net.execute import port_coder
    from wlnet.net.surgery import replace_part
    todo = {p: c for p in net.inputs()
            if isinstance(c := port_coder(net.root, p, True), FeatureExtractorEncoder)
            and c.extractor is None}
    if not todo:
        return net
    examples = D.port_examples(data, list(net.inputs()), list(net.outputs()))
    for port, coder in todo.items():
        method = Symbol("Automatic") if coder.method == "Automatic" else String(coder.method)
        fe = ev.evaluate(Expr(Symbol("FeatureExtraction"),
                              Expr.from_args(S.List, examples.get(port, ())), method))
        if extractor_length(fe) is None:
            raise TrainError("invtdata", String(port),
                             "no feature extractor could be learnt from its examples.")
        net = replace_part(net, String(port), coder.learnt(fe).to_expr())
    return net


def _gives_probability(net: Net, port: str) -> bool:
    """Whether an output is a probability NetTrain learns with a binary cross-entropy (a
    LogisticSigmoid's): the only output a "Boolean" decoder can read."""
    from wlnet.net.train.losses import automatic_loss
    try:
        return automatic_loss(net, port).kind == "Binary"
    except (NetSpecError, NetTypeError, TrainError):
        return False


def _coder_for_examples(examples, port_type, is_input: bool):
    """The coder NetTrain attaches for a port's examples (see ``_with_class_coders``), or None."""
    from wlnet.core.image import Image
    from wlnet.net.coders.decoders import ClassDecoder
    from wlnet.net.coders.encoders import ClassEncoder
    from wlnet.net.coders.image import ImageDecoder, ImageEncoder
    if examples and examples_array(examples) is None and all(type(e) is Image for e in examples):
        first = examples[0]
        space = "Grayscale" if first.channels == 1 else "RGB"
        return (ImageEncoder((first.width, first.height), space) if is_input
                else ImageDecoder(space))
    from wlnet.core.image3d import Image3D
    if examples and all(type(e) is Image3D for e in examples):          # 3D images likewise
        from wlnet.net.coders.image3d import Image3DDecoder, Image3DEncoder
        first = examples[0]
        space = "Grayscale" if first.channels == 1 else "RGB"
        return Image3DEncoder(first.dimensions, space) if is_input else Image3DDecoder(space)
    length = _booleans_length(examples)
    if length is not None:
        # True/False examples (or lists of them of one length): a "Boolean" decoder
        # (encoder), as the NetTrain page's perceptron NetChain[{LinearLayer[],
        # LogisticSigmoid}] on {1 -> False, …} has
        from wlnet.net.coders.decoders import BooleanDecoder
        from wlnet.net.coders.encoders import BooleanEncoder
        from wlnet.net.coders.mapped import mapped
        coder = BooleanEncoder() if is_input else BooleanDecoder()
        return coder if length == 0 else mapped(coder, (length,))
    labels = _class_labels(examples)
    if labels is None and not is_input and examples and examples_array(examples) is None \
            and all(type(e) is Expr and e.head is S.List and e.args for e in examples):
        # a sequence of labels per example (a tagger): a class decision per step
        labels = _class_labels([a for e in examples for a in e.args])
        if labels is not None:
            from wlnet.net.coders.mapped import mapped
            return mapped(ClassDecoder(labels), (fresh_length(),))
    if labels is None or (is_input and not isinstance(port_type.elem, IndexIntegerT)):
        return None                        # an input must take integer codes (EmbeddingLayer)
    return ClassEncoder(labels) if is_input else ClassDecoder(labels)


def _booleans_length(examples) -> int | None:
    """0 when every example is True or False, n when every one is a list of n of them
    (n > 0), else None."""
    def is_boolean(e):
        return type(e) is Symbol and e.name in ("True", "False")
    if not examples:
        return None
    if all(is_boolean(e) for e in examples):
        return 0
    first = examples[0]
    if not (type(first) is Expr and first.head is S.List and first.args):
        return None
    n = len(first.args)
    ok = all(type(e) is Expr and e.head is S.List and len(e.args) == n and all(map(is_boolean, e.args))
             for e in examples)
    return n if ok else None


def _class_labels(examples) -> tuple | None:
    """The distinct labels of a port's examples, sorted, when every example is a string or
    a symbol other than True/False (a Boolean or numeric port is no class port)."""
    if not examples or examples_array(examples) is not None:          # packed numbers
        return None
    distinct = set()
    for e in examples:
        if not (type(e) is String or (type(e) is Symbol and e.name not in ("True", "False", "None"))):
            return None
        distinct.add(e)
    return tuple(sorted(distinct, key=functools.cmp_to_key(compare)))


_EXAMPLES_READ = 64          # examples whose shapes decide a port's (enough to see a varying length)


def _example_type(examples) -> TensorT | None:
    """The type of a port's examples, if they are numbers or numeric arrays: the shape
    they share, with a varying first dimension when only their lengths differ (a weight per
    candidate, and the candidates vary in number)."""
    if not examples:
        return None
    shapes = set()
    for example in examples[:_EXAMPLES_READ]:
        arr = to_numpy_data(example)
        if arr is None or arr.dtype.kind not in "if":
            return None
        shapes.add(tuple(arr.shape))
    # the element type is left open, as a port given as a size is ("Input" -> 3): integer
    # examples may feed an EmbeddingLayer's integer codes, reals a LinearLayer
    if len(shapes) == 1:
        return TensorT(shapes.pop(), AtomT)
    if len({len(s) for s in shapes}) == 1 and len({s[1:] for s in shapes}) == 1 and all(shapes):
        return TensorT((fresh_length(),) + next(iter(shapes))[1:], AtomT)
    return None


def _size_known(t) -> bool:
    """Whether a port's type is settled (known dimensions, or a varying length that one
    example must not fix)."""
    return not isinstance(t, TensorT) or (t.tail is None and all(
        isinstance(d, (int, LengthVar)) for d in t.dims))


def _has_length(t) -> bool:
    """A port type with a varying length (a sequence)."""
    return any(isinstance(d, LengthVar) for d in getattr(t, "dims", ()))


def _has_varying_input(net: Net) -> bool:
    return any(_has_length(t) for t in net.inputs().values())


EVALUATION_BATCH = 256      # examples per forward pass when only losses are needed (measured:
                            # fewer calls than 64, and still cache-friendly, unlike 1024)


def _chunks(indices: np.ndarray, lengths, size: int) -> list[np.ndarray]:
    """Evaluation batches: every example once, sorted by length when there are lengths."""
    if lengths is not None:
        indices = indices[np.argsort(lengths[indices], kind="stable")]
    return [indices[i:i + size] for i in range(0, len(indices), size)]


# ---------------------------------------------------------------------------- NetTrain

def _net_with(net: Net, values: dict, like: dict) -> Net:
    arrays = {}
    for path, arr in values.items():
        old = like.get(path)
        arrays[path] = NumericArray(arr, old.type_name if old is not None else "Real32")
    return Net(net.root, FrozenDict(arrays))


class _Settings:
    """NetTrain's options, read and checked (messages as TrainError)."""

    def __init__(self, ev, opts: dict, net: Net):
        try:
            self.backend = device_backend(opts["TargetDevice"])
        except NetSpecError as err:          # invdevice, nogpu, nobackend
            raise TrainError(err.tag, *err.slots)
        self.precision = _precision(opts["WorkingPrecision"])
        self.rng = _rng(ev, opts["RandomSeeding"])
        self.method = _method(ev, opts["Method"], opts["LearningRate"])
        bs, rounds = opts["BatchSize"], opts["MaxTrainingRounds"]
        self.batch_size = (16 if _has_varying_input(net) else 64) if _sym(bs) == "Automatic" \
            else _positive_int("BatchSize", bs)
        self.max_rounds, self.time_goal = _round_limit(rounds, opts["TimeGoal"])
        self.live = _LiveState(_device_name(opts["TargetDevice"]))
        self.reporters = _reporters(ev, opts["TrainingProgressReporting"],
                                    opts["TrainingProgressFunction"], self.live)
        self.checkpoints = C.parse_checkpointing(opts["TrainingProgressCheckpointing"], real_value)
        self.validation_set, self.validation_every = _validation_option(opts["ValidationSet"])
        self.has_validation = _sym(self.validation_set) != "None"
        _check_performance_goal(opts["PerformanceGoal"])
        _warn_unsupported(ev, opts)


def _generator(data):
    """``f`` or ``{f, "RoundLength" -> n}``: (f, n or None) when the training data is a
    generator of batches, else None.  A function is anything that is not a data form
    (a symbol, a pure function, a composition…)."""
    if type(data) is Expr and data.head is S.List and len(data.args) == 2 \
            and type(data.args[1]) is Expr and data.args[1].head in (S.Rule, S.RuleDelayed) \
            and data.args[1].args[0] == String("RoundLength"):
        f, length = data.args[0], data.args[1].args[1]
        if type(length) is not Integer or length.value < 1:
            raise TrainError("invtdata", data, "\"RoundLength\" should be a positive integer.")
        return f, length.value
    if type(data) is Symbol or (type(data) is Expr and data.head not in (
            S.List, S.Rule, S.RuleDelayed, S.Association) and _sym(data.head) != "Dataset"):
        return data, None
    return None


def _generated_batches(ev, prep: "_Prepared", f, round_length, vset, batch_size: int,
                       live: _LiveState):
    """NetTrain[net, f]: f[<|"BatchSize" -> n, "Round" -> r, "Net" -> net, …|>] is called
    for every batch and gives a batch of training data in any of the data forms ("Net" is
    the net as trained so far: a policy that samples its own episodes).  A round is one
    batch, or with "RoundLength" -> m as many batches as make m examples."""
    if type(vset) is Expr and _sym(vset.head) == "Scaled":
        raise TrainError("invvdata", vset, "a generator of training data has no fixed data to "
                         "hold a fraction of; give the validation data itself.")
    per_round = max(1, -(-round_length // batch_size)) if round_length else 1
    measured = _LatestRound()

    def produce(round_number: int, absolute_batch: int):
        keys = [("BatchSize", Integer(batch_size)), ("Round", Integer(round_number)),
                ("AbsoluteBatch", Integer(absolute_batch))]
        if live.make_net is not None:
            keys.append(("Net", live.make_net()))
        request = assoc(keys)
        inputs, targets, n = prep.encode(ev.apply(f, request), portless_count=batch_size)
        measured.add(round_number, (inputs, targets))
        return inputs, targets

    validation = None
    if _sym(vset) != "None":
        v_in, v_t, vn = _encode_validation(prep, vset, ev, batch_size)
        validation = D.prepare_batches(v_in, v_t, _chunks(np.arange(vn), D.sequence_lengths(v_in),
                                                         max(batch_size, EVALUATION_BATCH)))
    return D.PreparedData(D.GeneratedBatches(produce, per_round), 0), validation, measured


class _LatestRound:
    """The batches a generator gave in the latest round: generated training data has no
    fixed examples, so TrainingProgressMeasurements measure those the round trained on."""

    def __init__(self):
        self.round, self.batches = None, []

    def add(self, round_number: int, batch):
        if round_number != self.round:
            self.round, self.batches = round_number, []
        self.batches.append(batch)


def _generated_validation(ev, f, length: int | None, batch_size: int):
    """ValidationSet -> {f, "RoundLength" -> n}: the validation data drawn once from the
    generator, in batches of the training batch size until there are n examples (one batch
    without "RoundLength")."""
    calls = max(1, -(-length // batch_size)) if length else 1
    parts = [ev.apply(f, assoc([("BatchSize", Integer(batch_size)), ("Round", Integer(0)),
                                 ("AbsoluteBatch", Integer(k))])) for k in range(calls)]
    if all(type(p) is Expr and p.head is S.List for p in parts):
        return Expr.from_args(S.List, (x for p in parts for x in p.args))
    return parts[0]


def _validation_option(value) -> tuple:
    """ValidationSet -> data | Scaled[f] | {data or Scaled[f], "Interval" -> n} as (the
    data or Scaled[f], the rounds between validations).  n is a number of rounds or
    Quantity[n, "Rounds"]; a two-element list of rules is data, not data and an interval."""
    if type(value) is Expr and value.head is S.List and len(value.args) == 2:
        rule = value.args[1]
        if type(rule) is Expr and rule.head in (S.Rule, S.RuleDelayed) \
                and rule.args[0] == String("Interval"):
            n = rule.args[1]
            if type(n) is Expr and _sym(n.head) == "Quantity" and len(n.args) == 2 \
                    and n.args[1] in (String("Rounds"), String("Round")):
                n = n.args[0]
            if type(n) is not Integer or n.value < 1:
                raise TrainError("invvdata", value, "\"Interval\" should be a number of rounds "
                                 "(n or Quantity[n, \"Rounds\"]).")
            return value.args[0], n.value
    return value, 1


def _encode_validation(prep: "_Prepared", vset, ev=None, batch_size: int = 64):
    vset = data_of(vset)          # ValidationSet -> Dataset[…]: its rows (as the training data)
    generator = _generator(vset) if ev is not None else None
    if generator is not None:
        vset = _generated_validation(ev, *generator, batch_size)
    try:
        return prep.encode(vset, validation=True)
    except TrainError as err:
        if err.tag == "invtdata":
            raise TrainError("invvdata", vset, err.slots[1])
        if err.tag == "invindata":            # say it is the validation set's example
            from wlnet.net.wltext import short_text
            port, got, expected = err.slots
            got = got if isinstance(got, str) else short_text(got)     # words, or the data
            raise TrainError("invvdata", vset, f"the port \"{port}\" was given {got}; "
                                               f"it takes {expected}.")
        raise


def _split_batch_size(n: int, batch_size: int, f: float) -> int:
    """An automatic batch size small enough that ValidationSet -> Scaled[f] (which holds
    out whole batches) holds out about the fraction f: at most Ceiling[f n], WL's cap, so
    that one held-out batch is no more than f of the data (a few examples with the
    default size of 64 would have only one batch; two batches of 20 for 21 examples held
    out half of them).  When that size leaves no batch to train on or none to validate
    on, the largest size that leaves both."""
    def splits(size):
        batches = ceil(n / size)
        return 1 <= floor(batches * (1 - f)) < batches

    capped = max(1, min(batch_size, ceil(f * n - 1e-9)))
    if splits(capped):
        return capped
    for size in range(batch_size, 0, -1):          # the largest size that splits
        if splits(size):
            return size
    return batch_size                              # none: the split's own message follows


def _batches(prep: "_Prepared", data, vset, batch_size: int, rng, measuring: bool = False,
             group=None, ev=None, automatic_size: bool = False):
    """The training batches, the validation batches (None without a ValidationSet), when
    ``measuring`` the training examples again in evaluation-sized batches (for the
    per-round TrainingProgressMeasurements; else None), and the batch size: at most the
    number of examples, automatic or given (fewer than 64 examples are one batch of all of
    them, not a batch padded with repeats), and an ``automatic_size`` may be made smaller
    for a Scaled validation set.  ``group``: in a
    data-parallel job, this process's group (it keeps this process's part of each global
    training batch)."""
    inputs, targets, n = prep.encode(data)
    batch_size = min(batch_size, n)     # a batch is never larger than the data (WL's rule too)
    lengths = D.sequence_lengths(inputs)
    validation, train_idx = None, np.arange(n)
    if type(vset) is Expr and _sym(vset.head) == "Scaled" and len(vset.args) == 1:
        f = real_value(vset.args[0])
        if f is None or not 0 < f < 1:
            raise TrainError("invvdata", vset, "Scaled[f] needs 0 < f < 1.")
        if automatic_size:
            batch_size = _split_batch_size(n, batch_size, f)
    eval_size = max(batch_size, EVALUATION_BATCH)
    if type(vset) is Expr and _sym(vset.head) == "Scaled" and len(vset.args) == 1:
        train_idx, held = D.validation_split(n, batch_size, f, rng)
        validation = D.prepare_batches(inputs, targets, _chunks(held, lengths, eval_size))
    elif _sym(vset) != "None":
        v_in, v_t, vn = _encode_validation(prep, vset, ev, batch_size)
        validation = D.prepare_batches(v_in, v_t, _chunks(np.arange(vn), D.sequence_lengths(v_in),
                                                         eval_size))
    index_batches = D.bucket_by_length(train_idx, lengths, batch_size, rng)
    train = D.prepare_batches(inputs, targets, index_batches)
    if group is not None:                     # the results count the job's examples
        group.data = (inputs, targets, index_batches)
        train = D.prepare_batches(inputs, targets, group.shard(index_batches))._replace(
            examples=train.examples)
    measured = D.prepare_batches(inputs, targets, _chunks(train_idx, lengths, eval_size)) \
        if measuring else None
    return _perturbed_anew(prep, data, train), validation, measured, batch_size


def _perturbed_anew(prep: "_Prepared", data, train):
    """``train`` with the inputs whose encoders perturb at random (an audio encoder's
    "Augmentation") encoded again each time a batch is taken."""
    from wlnet.net.execute import NetDataError
    ports = [p for p in prep.input_ports
             if getattr(getattr(prep.executor.input_formats.get(p), "coder", None),
                        "augmentation", None) is not None]
    if not ports:
        return train
    examples = D.port_examples(data, prep.input_ports, list(prep.net.outputs()))

    def encode(port, xs):
        try:
            return prep.executor.encode_inputs({port: xs})[port]
        except NetDataError as err:
            raise TrainError("invindata", err.port, _example_shown(err), err.expected)

    return train._replace(batches=D.ReencodedBatches(
        train.batches, train.indices, {p: examples[p] for p in ports}, encode))


_LOCAL_GROUPS: list = []         # the helper processes of the NetTrain running ({"GPU", All})


def _data_parallel_group(ev, settings: "_Settings", generated: bool):
    """Under torchrun (several processes): this process's group, with the run's random
    generator made rank 0's, so every process cuts the same batches.  {"GPU", All} in one
    process on a machine with several GPUs: a group of this process and one helper
    process per other GPU (closed when NetTrain ends).  Else None."""
    idle = getattr(settings.backend, "idle_gpus", 0)
    if parallel.world_size() <= 1 and not idle:
        return None
    try:
        from wlnet.net.backends.torch import distributed
    except BackendError as err:
        raise TrainError("nobackend", *err.slots)
    if parallel.world_size() > 1:
        group = distributed.group(getattr(settings.backend, "device", None))
        group.share_rng(settings.rng)
        return group
    if generated or any(callable(v) for v in settings.method.options.values()):
        # generated data and WL schedule functions live in this session only
        ev.message(S.NetTrain, "gpuone", idle + 1)
        return None
    group = distributed.LocalGroup(settings.backend.devices)
    _LOCAL_GROUPS.append(group)
    return group


def _training_job(net, settings, opts, trainable, params, group):
    """What the helper processes of a local group train from (distributed.TrainingJob)."""
    from wlnet.net.backends.torch.distributed import TrainingJob
    from wlnet.net.serialize import net_file_bytes
    from wlnet.syntax.printer import input_form
    inputs, targets, index_batches = group.data
    return TrainingJob(net_file_bytes(_net_with(net, params.values(), net.arrays)),
                       settings.precision, input_form(opts["LossFunction"]),
                       (settings.method.name, settings.method.options), dict(trainable),
                       sorted(params.updated), inputs, targets, index_batches,
                       settings.batch_size, settings.max_rounds, settings.time_goal,
                       settings.rng.bit_generator.state, "torch")


def _loss_argument(positional: list, opts: dict) -> list:
    """NetTrain[net, data, lossLayer(, prop)]: a loss layer or net given as the third
    argument is the LossFunction (the loss layers' documented form); the property follows."""
    if len(positional) >= 3 and is_net_expr(positional[2]):
        if opts["LossFunction"] is AUTOMATIC:
            opts["LossFunction"] = positional[2]
        return positional[:2] + positional[3:]
    return positional


def _train(ev, args):
    positional, opts = _options(args, TRAIN_OPTIONS, "NetTrain")
    given = len(positional)               # the count the user wrote, a loss layer included
    positional = _loss_argument(list(positional), opts)
    if not 2 <= len(positional) <= 3:
        raise argcount_error("NetTrain", given, 2, 3)
    net = _net_or_message(ev, "NetTrain", positional[0])
    if net is None:
        return FAILED
    request = _property_request(positional[2] if len(positional) == 3 else String("TrainedNet"),
                                live=True)
    if type(positional[1]) is Expr and positional[1].head is S.List and not positional[1].args:
        raise TrainError("invtdata", positional[1], "there are no examples.")   # before sizes
    if _generator(positional[1]) is None:
        net = _with_learnt_features(ev, net, positional[1])
        net = _shaped_by_data(_with_class_coders(net, positional[1]), positional[1])
    settings = _Settings(ev, opts, net)
    generator = _generator(positional[1])
    group = _data_parallel_group(ev, settings, generator is not None)
    net = _initialized(net, settings.rng)
    multipliers = _multipliers(net, opts["LearningRateMultipliers"])
    prep = _Prepared(net, settings.precision, opts["LossFunction"], settings.backend)
    histories = _histories(request)
    watch = _Watch(ev, opts, prep, settings.has_validation, settings.live,
                   needs=[n for h in histories for n in h.needs])
    if generator is not None:
        train, validation, measured = _generated_batches(ev, prep, *generator, settings.validation_set,
                                                         settings.batch_size, settings.live)
    else:
        train, validation, measured, settings.batch_size = _batches(
            prep, positional[1], settings.validation_set, settings.batch_size, settings.rng,
            watch.measures_training(), group, ev, _sym(opts["BatchSize"]) == "Automatic")
    statistics = _statistic_paths(net)
    trainable = {p: m for p, m in multipliers.items() if m != 0 and p not in statistics}
    if not trainable:
        ev.message(S.NetTrain, "netfrozen" if multipliers else "netnoparams")
        return _answer(request, net_to_expr(net), None,
                       _training_net_expr(prep, net) if _wants_training_net(request) else None)
    C.prepare_directories(settings.checkpoints)
    params = Parameters(prep.executor.arrays_for(net), list(trainable), prep.executor.dtype,
                        updated=[p for p in statistics if multipliers.get(p) != 0])
    settings.live.make_net = lambda: net_to_expr(_net_with(net, params.values(), net.arrays))
    checkpointers = _checkpointers(settings.checkpoints, net, params)
    recorders = [_history_recorder(ev, h, settings.live) for h in histories]
    reporters = checkpointers + settings.reporters + recorders
    sync = None
    if group is not None:
        if hasattr(group, "send"):               # helper processes on the other local GPUs
            group.send(_training_job(net, settings, opts, trainable, params, group))
        sync = group.averager(params)            # every process starts from rank 0's arrays
        if not group.is_leader:                  # only rank 0 reports and writes
            reporters = checkpointers = []
    optimizer = Optimizer(params, _per_array_method(net, settings.method), trainable,
                          update_schedule=_schedule(net, opts["TrainingUpdateSchedule"]))
    with ev.handles_aborts():          # Ctrl-C ends the batch, and the net is kept
        run = run_training(prep.executor, params, optimizer,
                           train, prep.losses, batch_size=settings.batch_size,
                           max_rounds=settings.max_rounds, time_goal=settings.time_goal,
                           validation=validation, rng=settings.rng, reporters=reporters,
                           should_stop=lambda: ev.abort_requested,
                           measurer=watch.measurer(prep, measured), stopping=watch.stopping,
                           sync=sync, validation_every=settings.validation_every,
                           batch_measure=watch.batch_measure)
    _stop_messages(ev, run, validation is not None, checkpointers)
    if run.stop_request == "Abort":
        return Symbol("$Aborted")
    final = _net_with(net, params.values(run.final_snapshot), net.arrays)
    best = _net_with(net, params.values(run.best_snapshot), net.arrays)
    properties = results_properties(run, net_to_expr(best), net_to_expr(final),
                                    train.examples, validation.examples if validation else 0,
                                    [m.key for m in watch.names], _training_net_expr(prep, final)
                                    if _wants_training_net(request) else None,
                                    multipliers_assoc(multipliers), Expr(S.NetTrain, *args))
    properties["OptimizationMethod"] = _method_expr(opts["Method"], settings.method)
    properties.update(_history_values(ev, recorders))
    return _answer(request, None, properties)


def _wants_training_net(request) -> bool:
    """Whether the answer holds the "TrainingNet" (built only then: it is a new graph)."""
    kind, names = request
    return kind == "all" or names == "TrainingNet" or (kind == "list" and (
        "TrainingNet" in names or "ResultsObject" in names))


def _training_net_expr(prep: "_Prepared", net: Net):
    """The "TrainingNet": ``net`` (the final net) with the losses NetTrain minimised, or
    Missing["NotAvailable"] if no graph can hold them (training itself went well)."""
    decoders = {p: _output_coder(prep.executor, p) for p in net.outputs()}
    try:
        return net_to_expr(training_net(net, prep.losses, decoders))
    except (NetSpecError, NetTypeError):
        return Expr(S.Missing, String("NotAvailable"))


def _measured_output(prep: "_Prepared"):
    """The loss whose output the measurements compare with targets, whether it is a
    classifier, and its class labels."""
    net = prep.net
    loss = next((l for l in prep.losses if l.needs_target), prep.losses[0])
    coder = _output_coder(prep.executor, loss.port)
    coder_name = getattr(coder, "name", None)
    # any CrossEntropyLossLayer but the binary one (NetMeasurements page: "for nets that
    # contain CrossEntropyLossLayer"); targets as probabilities decide by their largest
    classification = loss.kind in ("Index", "Probabilities") or coder_name in ("Class", "Boolean")
    out_dims = net.outputs()[loss.port].dims
    if coder_name == "Boolean":           # a probability of True: the classes False and True
        return loss, classification, [Symbol("False"), Symbol("True")]
    if loss.kind == "Binary" and not out_dims and coder is None:
        return loss, True, [Integer(0), Integer(1)]     # a probability of 1, targets 0 or 1
    count = out_dims[-1] if out_dims else 1
    labels = list(coder.labels) if getattr(coder, "labels", None) is not None \
        else [Integer(i) for i in range(1, (count if isinstance(count, int) else 1) + 1)]
    return loss, classification, labels


def _decision(prep: "_Prepared", loss) -> str:
    """How the measured output decides (see measurements.decisions): "multilabel" for a
    "Multilabel" class decoder (each class on its own: the measurements compare sets of
    classes), "binary" for a "Boolean" decoder (each element a probability of True),
    else "argmax"."""
    coder = _output_coder(prep.executor, loss.port)
    if getattr(coder, "multilabel", False):
        return "multilabel"
    return "binary" if getattr(coder, "name", None) == "Boolean" else "argmax"


class _Watch:
    """TrainingProgressMeasurements and TrainingStoppingCriterion, read and checked before
    any training: the names measured every round and the stopping criterion (or None)."""

    def __init__(self, ev, opts, prep: "_Prepared", has_validation: bool, live=None, needs=()):
        self.names, self.stopping = (), None
        self.ev, self.live = ev, live
        self.batch_measure, self.validation_only = None, ()
        spec = opts["TrainingProgressMeasurements"]
        self.loss, self.classification, self.labels = _measured_output(prep)
        self.decision = _decision(prep, self.loss)
        if _sym(spec) == "Automatic" and self.classification and self.loss.kind != "Port":
            # WL's default for a classifier: its error rate, of each training batch (from
            # the step's own outputs) and of the validation set
            self.batch_measure = BatchErrorRate(self.loss.port, self.decision)
        if _sym(spec) in ("Automatic", "None") and _sym(opts["TrainingStoppingCriterion"]) == "None" \
                and not needs:
            self._validation_default(has_validation)
            return                              # the defaults: nothing else to look at
        names = [_resolved_port(m, spec, prep.net, prep.executor, data_keys=True)
                 for m in parse_measurements(spec, self.classification)]
        prep.data_keys = [m.port[1] for m in names if is_data_port(m.port)]
        if self.loss.kind == "Port" and any(m.port is None and m.function is None for m in names):
            raise TrainError("invopt", Symbol("TrainingProgressMeasurements"), spec,
                             "the net's output is itself a loss, with no targets to compare with.")
        self.stopping = parse_stopping_criterion(
            opts["TrainingStoppingCriterion"],
            classification=None if self.loss.kind == "Port" else self.classification,
            on_validation=has_validation, real_value=real_value,
            call_for=lambda f: _stopping_function(ev, f, live),
            keys={m.key: m.direction or m.name for m in names})
        crit = getattr(self.stopping, "measurement", None)
        by_batches = self.batch_measure is not None and crit == "ErrorRate"   # the default's
        if crit not in (None, "Loss") and crit not in (m.key for m in names) and not by_batches:
            names.append(parse_measurement(String(crit)))    # measured so that it can be judged
        if self.stopping is not None and not has_validation and crit is not None:
            ev.message(S.NetTrain, "stopnoval")
        for need in needs:             # read by a custom property (an old history name)
            if self.classification and need in CLASSIFICATION and need not in (m.key for m in names):
                names.append(parse_measurement(String(need)))
        self.names = tuple(names)
        self._validation_default(has_validation)

    def _validation_default(self, has_validation: bool) -> None:
        """The batches' default measurements are taken on the validation set too (and only
        there: a pass over the training data would cost a round's forward passes)."""
        if self.batch_measure is None or not has_validation:
            return
        extra = [parse_measurement(String(n)) for n in ("ErrorRate",)
                 if n not in (m.key for m in self.names)]
        self.names = self.names + tuple(extra)
        self.validation_only = tuple(m.key for m in extra)

    def measures_training(self) -> bool:
        """Whether a round measures the training data (a pass of its own over it)."""
        return any(m.key not in self.validation_only for m in self.names)

    def measurer(self, prep: "_Prepared", training_batches):
        if not self.names:
            return None
        return RoundMeasurer(self.names, prep.executor, prep.losses, self.loss.port,
                             self.classification, self.labels, training_batches,
                             call=self.call_function, validation_only=self.validation_only,
                             decision=self.decision)

    def call_function(self, f, run):
        """A function measurement's value: f[the state a TrainingProgressFunction sees]."""
        got = self.ev.apply(f, self.live.association(run, f))
        if real_value(got) is None:
            self.ev.message(S.NetTrain, "badcustmeas", got)
            return Expr(S.Missing, String("NotAvailable"))
        return Real(real_value(got))


def _stopping_function(ev, f, live: "_LiveState"):
    """A function criterion as run -> bool: f of the state a TrainingProgressFunction sees
    (<|"Round" -> n, "RoundLoss" -> …, "ValidationLoss" -> …, "RoundMeasurements" -> …,
    "RoundLossList" -> …, …|>)."""
    def call(run) -> bool:
        from wlnet.core.evaluator import AbortEvaluation
        state = live.association(run, f)
        try:
            got = ev.apply(f, state)
        except AbortEvaluation:
            raise KeyboardInterrupt              # Abort[] in the criterion stops training
        if _sym(got) in ("True", "False"):
            return _sym(got) == "True"
        ev.message(S.NetTrain, "stopfunc", got)
        return False
    return call


def _checkpointers(specs, net: Net, params) -> list:
    """A Checkpointer per TrainingProgressCheckpointing spec, writing the net as it is at
    that moment with the net file writer (what Export["….wlnet", net] writes)."""
    if not specs:
        return []
    from wlnet.net.serialize import write_net_file

    def save(path):
        write_net_file(_net_with(net, params.values(), net.arrays), path)
    session = C.new_session()
    return [C.Checkpointer(spec, save, session) for spec in specs]


def _stop_messages(ev, run, has_validation: bool, checkpointers=()) -> None:
    for c in checkpointers:
        if c.error is not None:
            ev.message(S.NetTrain, "ckptfail", String(c.error))
    if run.reason == "Divergence":
        bad = run.bad_loss
        ev.message(S.NetTrain, "arrdiv", S.Indeterminate if bad != bad else S.Infinity)
    elif run.reason == "UserAbort":
        ev.abort_requested = False                # the interrupt is handled: the session goes on
        ev.message(S.NetTrain, "interrupted", Integer(run.round), Integer(run.total_batches),
                   "best" if has_validation else "latest")


UNSUPPORTED: dict = {}          # option name -> default, for options accepted but not acted on


PERFORMANCE_GOALS = ("TrainingSpeed", "TrainingMemory")


def _check_performance_goal(value) -> None:
    """PerformanceGoal: Automatic, "TrainingSpeed", "TrainingMemory" or a list of them (the
    NetTrain page's settings).  wlnet takes it as a hint it need not act on: one
    computation serves both goals on the CPU."""
    goals = value.args if type(value) is Expr and value.head is S.List else (value,)
    if _sym(value) == "Automatic" or goals and all(
            type(g) is String and g.value in PERFORMANCE_GOALS for g in goals):
        return
    raise TrainError("invopt", Symbol("PerformanceGoal"), value,
                     'use Automatic, "TrainingSpeed", "TrainingMemory" or a list of these.')


def _warn_unsupported(ev, opts) -> None:
    """Options accepted for compatibility whose non-default values wlnet does not act on
    (PerformanceGoal is a hint and is ignored quietly)."""
    for name, default in UNSUPPORTED.items():
        if _sym(opts[name]) != default:
            ev.message(S.NetTrain, "optunsupp", Symbol(name), opts[name])


def _property_request(what, live: bool = False):
    """The third argument → ("one", name) | ("list", [names]) | ("all", None).  ``live``:
    NetTrain's third argument, which may also name the values a TrainingProgressFunction
    sees (LIVE_PROPERTIES: "Weights", "Gradients"… as they are at the end); a
    NetTrainResultsObject holds only PROPERTIES."""
    def name_of(p):
        if type(p) is String:
            name = ALIASES.get(p.value, p.value)
            if name in PROPERTIES or name == "ResultsObject" or (live and (
                    name in LIVE_PROPERTIES or name in TrainingRun.STATE_KEYS)):
                return name
            if live and name in HISTORY_ALIASES:
                return HISTORY_ALIASES[name]
        if live and is_history_spec(p):           # <|"Property" -> …|>: a custom property
            return parse_history(p, _HISTORY_KEYS)
        raise TrainError("invprop", p, ", ".join(f'"{x}"' for x in PROPERTIES))
    if _sym(what) == "All":
        return ("all", None)
    if type(what) is Expr and what.head is S.List:
        return ("list", [name_of(p) for p in what.args])
    name = name_of(what)
    return ("all", None) if name == "ResultsObject" else ("one", name)


# what a custom property's "Property" -> "name" may name: the training state's keys
_HISTORY_KEYS = TrainingRun.STATE_KEYS + LIVE_PROPERTIES + ("Net", "TargetDevice")


def _histories(request) -> list:
    """The custom properties (HistorySpec) the third argument asks for."""
    kind, names = request
    names = [names] if kind == "one" else names if kind == "list" else []
    return list(dict.fromkeys(n for n in names if isinstance(n, HistorySpec)))


def _history_recorder(ev, spec: HistorySpec, live: "_LiveState") -> HistoryRecorder:
    """Records spec's property over the run: a key of the training state, or a function
    of it (as a TrainingProgressFunction is called)."""
    if isinstance(spec.what, str):
        key = String(spec.what)
        def value_of(run):
            state = live.association(run, key)
            return next((r.args[1] for r in state.args if r.args[0] == key), Expr(S.Missing, String("NotAvailable")))
    else:
        def value_of(run):
            return ev.apply(spec.what, live.association(run, spec.what))
    return HistoryRecorder(spec, value_of)


def _history_values(ev, recorders: list) -> dict:
    """spec -> the custom property's value at the end of training."""
    def plot(lines, legends, options):
        if legends is not None:                  # one line per key, labelled with it
            options = (*options, Expr(S.Rule, Symbol("PlotLegends"), legends))
        return ev.evaluate(Expr(Symbol("ListLinePlot"), lines, *options))
    return {r.spec: history_value(r.spec, r.values, plot) for r in recorders}


def _answer(request, unchanged, properties, training=None):
    kind, names = request
    if properties is None:                        # nothing was trained
        def one(name):
            if isinstance(name, HistorySpec):
                return Expr(S.List)               # a history of no training
            return training if name == "TrainingNet" else unchanged
        if kind == "one":
            return one(names)
        return unchanged if kind != "list" else Expr.from_args(S.List, (one(n) for n in names))
    if kind == "all":
        return results_object(properties)
    if kind == "one":
        return properties[names]
    return Expr.from_args(S.List, (properties[n] if n != "ResultsObject" else results_object(properties)
                                   for n in names))


def _report(ev, head: str, err: Exception):
    if isinstance(err, TrainError):
        # an Image or Audio slot in words: its text would be its whole contents
        ev.message(Symbol(head), err.tag, *(OBJECT_WORDS.get(type(x).__name__, x) for x in err.slots))
    elif isinstance(err, NetSpecError):
        ev.message(Symbol(err.symbol or head), err.tag, *err.slots)
    else:
        ev.message(Symbol(head), "invnet", str(err))
    return FAILED


@builtin("NetTrain", usage="NetTrain[net, {input1 -> output1, …}] trains the arrays of net on the "
         "given examples; NetTrain[net, data, prop] gives a property of the training run "
         "(\"TrainedNet\", \"FinalNet\", \"RoundLossList\", All for a NetTrainResultsObject…); "
         "NetTrain[net, data, lossLayer(, prop)] minimises lossLayer (as LossFunction -> lossLayer).",
         messages={**MESSAGES, "optx": "Unknown option `1` in `2`."},
         options={Symbol(k): v for k, v in TRAIN_OPTIONS.items()})
def NetTrain(ev, *args):
    try:
        with sampling_with(ev.rng, ev):       # "Function" encoders evaluate in the session
            try:
                return _train(ev, args)
            except TrainError as err:
                # exact numeric quantities (Table[x -> Sin[x], {x, 0, Pi, Pi/8}]) are
                # numbers to a net, as when it is applied: then train on their values
                numeric = _numeric_data(ev, args) if err.tag in ("invindata", "invtarget") \
                    else None
                if numeric is None:
                    raise
                try:
                    return _train(ev, numeric)
                except TrainError:
                    raise err from None       # the data as given is what to report
    except (TrainError, NetSpecError, NetTypeError) as err:
        return _report(ev, "NetTrain", err)
    finally:
        while _LOCAL_GROUPS:                  # {"GPU", All}: the helper processes end
            _LOCAL_GROUPS.pop().close()


def _numeric_data(ev, args) -> tuple | None:
    """NetTrain's arguments with the exact numeric quantities of the training data and of
    a ValidationSet made numbers (N); None when that changes nothing."""
    from wlnet.builtins.net_evaluation import _numeric_quantities
    if len(args) < 2:
        return None
    out = list(args)
    out[1] = _numeric_quantities(ev, args[1])
    for i, a in enumerate(out[2:], 2):
        if type(a) is Expr and a.head in (S.Rule, S.RuleDelayed) and \
                a.args[0] == Symbol("ValidationSet"):
            out[i] = Expr(a.head, a.args[0], _numeric_quantities(ev, a.args[1]))
    return None if all(x is y for x, y in zip(out, args)) else tuple(out)


declare("NetTrainResultsObject", usage="NetTrainResultsObject[…] holds the results of a "
        "training run (NetTrain[net, data, All]); obj[\"prop\"] gives a property, "
        "obj[\"Properties\"] their names.", messages=MESSAGES)


def _older_plot_name(props, what):
    """The older names "<measurement>EvolutionPlot" ("ErrorRateEvolutionPlot") of a
    measurement's plot in "FinalPlots"; None for any other property."""
    name = what.value if type(what) is String else ""
    if not name.endswith("EvolutionPlot") or name in ALIASES or name in HISTORY_ALIASES:
        return None
    measurement = String(name[:-len("EvolutionPlot")])
    plots = props["FinalPlots"]
    return next((r.args[1] for r in getattr(plots, "args", ()) if r.args[0] == measurement),
                None)


@builtin_subvalue("NetTrainResultsObject")
def results_object_property(ev, head, *args):
    props = object_properties(head)
    if props is None or len(args) != 1:
        return None
    what = args[0]
    older = _older_plot_name(props, what)
    if older is not None:
        return older
    try:
        kind, names = _property_request(what)
    except TrainError as err:
        return _report(ev, "NetTrainResultsObject", err)
    if kind == "all":
        return head
    if kind == "one":
        return props[names]
    return Expr.from_args(S.List, (props[n] if n != "ResultsObject" else head for n in names))


# ---------------------------------------------------------------------------- NetMeasurements

def _measurements(ev, args):
    if len(args) >= 3 and _is_measurement_rule(args[2]):
        # "Accuracy" -> 2 in the third place is a measurement, not an option
        positional, opts = _options(args[:2] + args[3:], MEASURE_OPTIONS, "NetMeasurements")
        positional = positional[:2] + (args[2],) + positional[2:]
    else:
        positional, opts = _options(args, MEASURE_OPTIONS, "NetMeasurements")
    if len(positional) != 3:
        raise argcount_error("NetMeasurements", len(positional), 3, 3)
    net = _net_or_message(ev, "NetMeasurements", positional[0])
    if net is None:
        return FAILED
    if not net.is_initialized():
        raise TrainError("notfspec", ", ".join(p[-1] for p in net.array_paths() if p not in net.arrays))
    precision = _precision(opts["WorkingPrecision"])
    try:
        backend = device_backend(opts["TargetDevice"])
    except NetSpecError as err:
        raise TrainError(err.tag, *err.slots)
    prep = _Prepared(net, precision, opts["LossFunction"], backend)
    bs = opts["BatchSize"]
    size = EVALUATION_BATCH if _sym(bs) == "Automatic" else _positive_int("BatchSize", bs)
    data, generator = positional[1], _generator(positional[1])
    if generator is not None:
        # data "in any form NetTrain accepts": a generator's batches, drawn once (as a
        # generated ValidationSet is), until there are "RoundLength" examples
        data = _generated_validation(ev, *generator, 64 if _sym(bs) == "Automatic" else size)
    try:
        inputs, targets, n = prep.encode(data)
    except TrainError as err:
        if err.tag == "invtdata":         # not "training" data here
            raise TrainError("invmdata", *err.slots)
        raise
    batches = D.prepare_batches(inputs, targets, _chunks(np.arange(n), D.sequence_lengths(inputs), size))
    loss, classification, labels = _measured_output(prep)
    spec = positional[2]
    measurements = [_measurement(m, net, prep.executor) for m in
                    (spec.args if type(spec) is Expr and spec.head is S.List else (spec,))]
    if loss.kind == "Port" and any(m.name in CLASSIFICATION for m in measurements):
        raise TrainError("nomeasure", "the output is a loss.")
    arrays = prep.executor.arrays_for(net)
    ports = {m.port for m in measurements if m.port is not None and not is_array_port(m.port)}
    collected = collect(prep.executor, arrays, batches.batches, prep.losses,
                        loss.port, classification, ports, _evaluation_rng(ev, opts["NetEvaluationMode"]),
                        decision=_decision(prep, loss))
    values = [information(net, m.key, net_to_expr) if m.name == "Information"
              else _function_measure(ev, m, net) if m.function is not None
              else array_measure(m, arrays) if is_array_port(m.port)
              else measure(collected, m, labels, classification) for m in measurements]
    return Expr.from_args(S.List, values) if type(spec) is Expr and spec.head is S.List else values[0]


def _function_measure(ev, m, net: Net):
    """<|"Measurement" -> f, "Key" -> k|> in NetMeasurements: f of the state a training
    progress function would see, of which only the net exists outside training
    (<|"Net" -> net|>)."""
    return ev.apply(m.function, Expr(S.Association, Expr(S.Rule, String("Net"), net_to_expr(net))))


def _array_port(port, net: Net):
    """The path of the array NetPort[{lspec…, "array"}] names, else None."""
    if isinstance(port, str) or len(port.args) != 1 or type(port.args[0]) is not Expr:
        return None
    parts = port.args[0].args
    if len(parts) < 2 or type(parts[-1]) is not String:
        return None
    prefix = layer_path(net, parts[:-1])
    path = None if prefix is None else prefix + ("Arrays", parts[-1].value)
    return path if path in net.arrays else None


def _evaluation_rng(ev, mode):
    """NetEvaluationMode -> "Test" (None: the test behaviour) or "Train" (a generator drawn
    from the session's, for dropout and the like)."""
    if type(mode) is String and mode.value in ("Test", "Train"):
        return None if mode.value == "Test" else np.random.default_rng(int(ev.rng.integers(0, 2**63)))
    raise TrainError("invopt", Symbol("NetEvaluationMode"), mode, 'use "Test" or "Train".')


def _is_measurement_rule(e) -> bool:
    return type(e) is Expr and e.head is S.Rule and type(e.args[0]) is String \
        and e.args[0].value not in MEASURE_OPTIONS


def _measurement(item, net: Net, executor):
    """A NetMeasurements measurement spec, read (a NetPort must name an output of the net)."""
    try:
        m = parse_measurement(item)
    except BadMeasurement as err:
        raise TrainError("invmeas", item, str(err))
    if m.function is not None:
        return m                                  # f[<|"Net" -> net|>]: _function_measure
    if m.name == "AttentionWeights":
        m = _attention_weights_port(m, item, net)
    return _resolved_port(m, item, net, executor)


def _attention_weights_port(m, item, net: Net):
    """"AttentionWeights" (with "Source" -> output, needed when the net has several): the
    NetPort measurement of the hidden "AttentionWeights" of the AttentionLayer that gives
    that output, its value the mean over the examples (so the lengths must be fixed)."""
    outs = list(net.outputs())
    source = m.source if m.source is not None else outs[0] if len(outs) == 1 else None
    if source is None or source not in outs:
        raise TrainError("invmeas", item, "give \"Source\" -> output, one of "
                         + ", ".join(f'"{p}"' for p in outs) + ".")
    node, names = net.root, []
    while getattr(node, "type", None) != "Attention":
        if getattr(node, "type", None) == "Chain":
            names.append(node.names[-1])
            node = node.last
            continue
        edge = next((src for dst, src in getattr(node, "edges", ()) if dst == ("Outputs", source)
                     and src[0] == "Nodes" and len(src) == 4), None)
        if edge is None:
            raise TrainError("invmeas", item, f'the output "{m.source or source}" is not given '
                             "by an AttentionLayer.")
        names.append(edge[1])
        node, source = node.nodes[edge[1]], edge[3]
    if any(isinstance(d, LengthVar) for t in node.inputs().values() for d in getattr(t, "dims", ())):
        raise TrainError("invmeas", item, "the attention weights of inputs of varying length "
                         "cannot be averaged over the examples.")
    port = Expr(Symbol("NetPort"), Expr.from_args(S.List, [String(n) for n in names]
                                                  + [String("AttentionWeights")]))
    return dataclasses.replace(m, name="NetPort", port=port)


def _resolved_port(m, item, net: Net, executor, data_keys: bool = False):
    """A NetPort measurement with its port found in the net: an output port's name, the
    environment key of a layer's output, or ("array", path) for NetPort[{lspec, "Weights"}]
    (the value of an array).  ``data_keys`` (while training): a name that is no port is a
    key of the training data, measured as the mean of its values (the page's
    NetPort["tdata"])."""
    if m.port is None:
        return m
    array = _array_port(m.port, net)
    if array is not None:
        return dataclasses.replace(m, port=("array", array))
    if not isinstance(m.port, str):
        # NetPort[{lspec…, "port"}]: the environment key of that layer's output
        target = netport_target(executor, net, m.port)
        if target is None:
            raise TrainError("invmeas", item, "no layer of the net has that output.")
        return dataclasses.replace(m, port=target)
    if m.port in net.inputs() and m.port not in net.outputs():
        # an input port: the values fed to it (the returns an RL training graph weighs by)
        return dataclasses.replace(m, port=input_port(m.port))
    if m.port not in net.outputs() and data_keys:
        return dataclasses.replace(m, port=data_port(m.port))
    if m.port not in net.outputs():
        raise TrainError("invmeas", item, "NetPort measurements name a port of the net: "
                         + ", ".join(f'"{p}"' for p in (*net.inputs(), *net.outputs()))
                         + ", or a layer's output.")
    return m


@builtin("NetMeasurements", usage="NetMeasurements[net, data, measurement] gives the value of the "
         "measurement (\"Loss\", \"Accuracy\", \"ErrorRate\", \"ConfusionMatrix\", \"Precision\", "
         "\"Recall\", \"F1Score\", \"ROCCurve\", \"MeanSquare\", \"RSquared\", …; \"Accuracy\" -> n, "
         "\"FScore\" -> β, NetPort[…], <|\"Measurement\" -> m, \"ClassAveraging\" -> \"Macro\"|>) of "
         "net on data; a list of measurements gives a list.",
         messages={**MESSAGES, "optx": "Unknown option `1` in `2`.",
                   # (measuring runs the net: NET_MESSAGES' wording, not NetTrain's)
                   "noexec": NET_MESSAGES["noexec"]},
         options={Symbol(k): v for k, v in MEASURE_OPTIONS.items()})
def NetMeasurements(ev, *args):
    try:
        with sampling_with(ev.rng, ev):
            return _measurements(ev, args)
    except (TrainError, NetSpecError, NetTypeError) as err:
        return _report(ev, "NetMeasurements", err)


# ClassifierMeasurements of a net (scripts measure their trained classifiers so): the
# measurements are NetMeasurements'; without a measurement, an object that gives them.
CLASSIFIER_MEASUREMENTS_OBJECT = Symbol("ClassifierMeasurementsObject")


@builtin("ClassifierMeasurements", usage="ClassifierMeasurements[net, data, measurement] "
         "gives a measurement of the classifier net on data (as NetMeasurements does); "
         "ClassifierMeasurements[net, data] gives a ClassifierMeasurementsObject that "
         "gives them: obj[\"Accuracy\"], obj[\"ConfusionMatrix\"]…; "
         "ClassifierMeasurements[{class1, …}, {true1, …}, measurement] measures given "
         "classifications against the true classes.",
         messages={**MESSAGES, "optx": "Unknown option `1` in `2`.",
                   "clslen": "`1` classifications were given for `2` true classes."})
def ClassifierMeasurements(ev, *args):
    if len(args) == 2:
        if _net_or_message(ev, "ClassifierMeasurements", args[0]) is None:
            return FAILED
        return Expr(CLASSIFIER_MEASUREMENTS_OBJECT, assoc([("Net", args[0]), ("Data", args[1])]))
    if len(args) == 3 and _asks_example_properties(args[2]):
        classified = _net_classified(ev, args[0], args[1])
        if classified is not None:
            from wlnet.builtins.ml_measurements import _measure_all
            return _measure_all(ev, classified, args[2])
    try:
        with sampling_with(ev.rng, ev):       # "Function"/"FeatureExtractor" encoders
            return _measurements(ev, args)    # evaluate in the session, as in NetMeasurements
    except (TrainError, NetSpecError, NetTypeError) as err:
        return _report(ev, "ClassifierMeasurements", err)


def _asks_example_properties(measurement) -> bool:
    """Whether ``measurement`` (or one of a list of them) is a property of the test examples
    themselves — "WorstClassifiedExamples", {"MisclassifiedExamples", n}, "Probabilities",
    "Examples", "Report"… — which a ClassifierFunction's measurements give and NetMeasurements'
    do not."""
    from wlnet.builtins.ml_measurements import _OWN_CLASSIFIER_PROPERTIES, _count
    name, _ = _count(measurement)
    if name is not None:
        return name in _OWN_CLASSIFIER_PROPERTIES
    return type(measurement) is Expr and measurement.head is S.List and \
        any(_asks_example_properties(m) for m in measurement.args)


def _net_classified(ev, net_expr, data):
    """The classifier net's answers on the test ``data`` (a list of input -> class rules,
    {inputs…} -> {classes…}, or <|"in" -> {inputs…}, "out" -> {classes…}|> by port) as
    ml_measurements' Classified, for its example properties; None (so that NetMeasurements'
    path gives its message) when the net is not a one-input net whose one output has a
    "Class" decoder of one decision per example (or a "Boolean" one: the classes False and
    True), or the data is in none of those forms."""
    from wlnet.builtins.ml_measurements import Classified, _input_class_pairs, _real_rows
    from wlnet.net.coders.decoders import BooleanDecoder, ClassDecoder
    from wlnet.net.execute import port_coder
    try:
        net = net_from_expr(net_expr) if is_net_expr(net_expr) else None
    except (NetSpecError, NetTypeError):
        return None
    if net is None or len(net.inputs()) != 1 or len(net.outputs()) != 1:
        return None
    (in_port,), (out_port,) = list(net.inputs()), list(net.outputs())
    decoder = port_coder(net.root, out_port, False)
    if isinstance(decoder, BooleanDecoder):          # the probability of True: classes False, True
        labels = [Symbol("False"), Symbol("True")]
    elif isinstance(decoder, ClassDecoder) and decoder.labels is not None \
            and not decoder.multilabel:
        labels = list(decoder.labels)
    else:
        return None
    pairs = _input_class_pairs(data, in_port, out_port)
    if pairs is None:
        return None
    examples, truth = pairs
    raw = ev.evaluate(Expr(net_expr, Expr(S.List, *examples), Symbol("None")))
    try:
        probabilities = np.asarray(to_numpy_data(raw) if type(raw) is NumericArray
                                   else _real_rows(raw), dtype=float)
    except (TypeError, ValueError):
        return None
    if isinstance(decoder, BooleanDecoder) and probabilities.shape == (len(examples),):
        probabilities = np.stack([1 - probabilities, probabilities], axis=1)
    if probabilities.shape != (len(examples), len(labels)):
        return None
    return Classified(labels, examples, truth, probabilities)


declare("ClassifierMeasurementsObject", usage="ClassifierMeasurementsObject[…] gives the "
        "measurements of a classifier net on data: obj[\"Accuracy\"], obj[\"ConfusionMatrix\"]…")


@builtin_subvalue("ClassifierMeasurementsObject")
def classifier_measurements_property(ev, head, *args):
    if not args or len(head.args) != 1 or head.args[0].head is not S.Association:
        return None
    parts = {r.args[0].value: r.args[1] for r in head.args[0].args
             if type(r.args[0]) is String}
    if "Net" not in parts or "Data" not in parts:
        return None
    # obj[prop, opts]: the call's options after the object's own (a ClassifierFunction's
    # measurements take the last setting of each)
    stored = parts["Options"].args if "Options" in parts else ()
    # evaluated, not called: the classifier may be a ClassifierFunction (its upvalue measures)
    return ev.evaluate(Expr(Symbol("ClassifierMeasurements"), parts["Net"], parts["Data"],
                            args[0], *stored, *args[1:]))


def _register_display() -> None:
    try:
        from wlnet.syntax.printer import register_output_format
    except ImportError:
        return
    register_output_format("NetTrainResultsObject", summary_text)
    register_output_format("ClassifierMeasurementsObject", _classifier_measurements_text)


def _classifier_measurements_text(obj) -> str | None:
    """ClassifierMeasurementsObject[<Net, n examples>]: the data is not shown."""
    if len(obj.args) != 1 or obj.args[0].head is not S.Association:
        return None
    data = [r.args[1] for r in obj.args[0].args if r.args[0] == String("Data")]
    if not data or type(data[0]) is not Expr:
        return None
    head = data[0].args[0] if data[0].head is S.Rule else data[0]
    count = len(head.args) if type(head) is Expr and data[0].head is S.Rule else len(data[0].args)
    measured = [r.args[1] for r in obj.args[0].args if r.args[0] == String("Net")]
    what = "classifier" if measured and type(measured[0]) is Expr and \
        getattr(measured[0].head, "name", "") == "ClassifierFunction" else "net"
    return f"ClassifierMeasurementsObject[<{what}, {count} examples>]"


_register_display()
