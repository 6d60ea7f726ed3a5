"""The options the numerical searches (FindRoot, FindMinimum, FindMaximum, NMinimize,
NMaximize) and NDSolve share: what to evaluate at each function evaluation and at each step
(EvaluationMonitor, StepMonitor, with the variables bound to the point, as Block binds
them), how long and how closely to go (MaxIterations, MaxSteps, AccuracyGoal,
PrecisionGoal, StartingStepSize, MaxStepSize), the method, Jacobian/Gradient, and
WorkingPrecision (they compute with machine numbers: a higher precision is said, not
silently ignored).
"""

from __future__ import annotations

from wlnet.builtins._listutil import float_value
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.registry import declare, read_options

_AUTOMATIC, _NONE = Symbol("Automatic"), Symbol("None")
_MACHINE = Symbol("MachinePrecision")

SEARCH_OPTIONS = {"EvaluationMonitor": _NONE, "StepMonitor": _NONE,
                  "MaxIterations": _AUTOMATIC, "AccuracyGoal": _AUTOMATIC,
                  "PrecisionGoal": _AUTOMATIC, "WorkingPrecision": _MACHINE,
                  "Method": _AUTOMATIC}
ROOT_OPTIONS = dict(SEARCH_OPTIONS, Jacobian=_AUTOMATIC)
MINIMUM_OPTIONS = dict(SEARCH_OPTIONS, Gradient=_AUTOMATIC)
_INFINITY = Expr(S.DirectedInfinity, Integer(1))
FIT_OPTIONS = dict(SEARCH_OPTIONS, Weights=_AUTOMATIC)
MODEL_FIT_OPTIONS = dict(FIT_OPTIONS, ConfidenceLevel=Real(0.95))
FIND_FIT_OPTIONS = dict(FIT_OPTIONS, NormFunction=S.Norm)
NDSOLVE_OPTIONS = {"EvaluationMonitor": _NONE, "StepMonitor": _NONE, "MaxSteps": _AUTOMATIC,
                   "AccuracyGoal": _AUTOMATIC, "PrecisionGoal": _AUTOMATIC,
                   "WorkingPrecision": _MACHINE, "Method": _AUTOMATIC,
                   "StartingStepSize": _AUTOMATIC, "MaxStepSize": _INFINITY,
                   "InterpolationOrder": _AUTOMATIC}

SEARCH_MESSAGES = {
    "bdmtd": "Method `1` is not one of `2`.",
    "wprec": "WorkingPrecision -> `1` is beyond this computation, which uses machine "
             "numbers.",
    "ioppf": "Value of option `1` -> `2` should be a positive machine-size integer.",
    "goal": "Value of option `1` -> `2` should be a number of digits or Automatic.",
    "ipos": "Value of option `1` -> `2` should be a positive number.",
    "wts": "Value of option Weights -> `1` should be Automatic or a list of `2` "
           "non-negative numbers, one for each data point.",
    "clev": "Value of option ConfidenceLevel -> `1` should be a number between 0 and 1.",
    "mxst": "The most steps allowed, `1`, were taken before `2` reached `3`; the solution "
            "stops at `4`.",
}

for _name, _usage in (("EvaluationMonitor", "an expression to evaluate whenever the "
                       "function is evaluated"),
                      ("StepMonitor", "an expression to evaluate at each step"),
                      ("Gradient", "the gradient vector FindMinimum uses"),
                      ("Jacobian", "the Jacobian FindRoot uses"),
                      ("MaxSteps", "the most steps NDSolve takes"),
                      ("Weights", "the weight of each data point in a fit"),
                      ("ConfidenceLevel", "the level of a fitted model's confidence "
                       "intervals"),
                      ("NormFunction", "the norm of the residuals FindFit minimizes"),
                      ("StartingStepSize", "NDSolve's first step"),
                      ("MaxStepSize", "NDSolve's largest step")):
    declare(_name, attributes=("Protected",), usage=f"{_name} is an option: {_usage}.")


class SearchOptions:
    """The options of one call; None from ``read`` after a message."""

    def __init__(self, ev, head, variables, opts, methods):
        self.ev, self.head, self.variables = ev, head, variables
        self.evaluation_monitor = _monitor(opts.get("EvaluationMonitor", _NONE))
        self.step_monitor = _monitor(opts.get("StepMonitor", _NONE))
        self.opts = opts
        self.methods = methods
        self.derivative = opts.get("Jacobian", opts.get("Gradient", _AUTOMATIC))

    @classmethod
    def read(cls, ev, call, rest, variables, known: dict, methods: tuple):
        """The options ``rest`` of ``call`` (FindRoot[f, spec, opts…]) searching in
        ``variables``; ``known``: the function's options and defaults; ``methods``: the
        names Method may take besides Automatic."""
        head = call.head
        split = read_options(ev, call, rest, known)
        if split is None:
            return None
        self = cls(ev, head, variables, split[1], methods)
        return self if self._valid() else None

    def _valid(self) -> bool:
        """Every option has a value of its kind (a message for the first that has not)."""
        for name in ("MaxIterations", "MaxSteps"):
            if name in self.opts and self.count(name, 1) is None:
                return False
        for name in ("StartingStepSize", "MaxStepSize"):
            if name in self.opts and self.size(name, 1.0) is None:
                return False
        if any(self.goal(name) is False for name in ("AccuracyGoal", "PrecisionGoal")):
            return False
        return self.method() is not None and self._precision_ok()

    # ------------------------------------------------------------ monitors

    def evaluated(self, point) -> None:
        """The function was evaluated at ``point`` (a value for each variable)."""
        if self.evaluation_monitor is not None:
            self._monitor(self.evaluation_monitor, point)

    def stepped(self, point) -> None:
        """The search took a step to ``point``."""
        if self.step_monitor is not None:
            self._monitor(self.step_monitor, point)

    def _monitor(self, body, point) -> None:
        bindings = Expr(S.List, *[Expr(S.Set, v, _real(x))
                                  for v, x in zip(self.variables, point)])
        self.ev.evaluate(Expr(S.Block, bindings, body))

    # ------------------------------------------------------------ limits and method

    def max_iterations(self, default: int):
        return self.count("MaxIterations", default)

    def count(self, name: str, default: int):
        """A positive integer option (Infinity: no limit to speak of)."""
        value = self.ev.evaluate(self.opts[name])
        if value is _AUTOMATIC:
            return default
        if type(value) is Integer and value.value > 0:
            return value.value
        if value == _INFINITY:
            return 10 ** 9
        self.ev.message(self.head, "ioppf", Symbol(name), value)
        return None

    def size(self, name: str, default):
        """A positive number option (Automatic: ``default``; Infinity: inf)."""
        value = self.ev.evaluate(self.opts[name])
        if value is _AUTOMATIC:
            return default
        if value == _INFINITY:
            return float("inf")
        number = float_value(value)
        if number is None or number <= 0:
            self.ev.message(self.head, "ipos", Symbol(name), value)
            return None
        return number

    def tolerance(self, default: float):
        """10^-goal of the smaller of AccuracyGoal and PrecisionGoal, else ``default``."""
        goals = [self.goal(name) for name in ("AccuracyGoal", "PrecisionGoal")]
        if False in goals:
            return None
        given = [g for g in goals if g is not None]
        return max(given) if given else default

    def goal(self, name: str):
        """10^-digits of AccuracyGoal or PrecisionGoal; None when Automatic or Infinity
        (no goal), False after a message."""
        value = self.ev.evaluate(self.opts.get(name, _AUTOMATIC))
        if value is _AUTOMATIC or value == _INFINITY:
            return None
        number = float_value(value)
        if number is None:
            self.ev.message(self.head, "goal", Symbol(name), value)
            return False
        return 10.0 ** -number

    def method(self):
        """The method's name (one of ``methods``), or "Automatic"."""
        value = self.ev.evaluate(self.opts.get("Method", _AUTOMATIC))
        if type(value) is Expr and value.head is S.List and value.args:
            value = value.args[0]                     # {"name", suboptions…}
        name = value.value if type(value) is String else (
            value.name if value is _AUTOMATIC else None)
        if name == "Automatic" or name in self.methods:
            return name
        self.ev.message(self.head, "bdmtd", value,
                        Expr(S.List, *[String(m) for m in self.methods]))
        return None

    def weights(self, count: int):
        """Weights as an array of ``count`` non-negative numbers; None for Automatic
        (all 1); False after a message."""
        import numpy as np
        value = self.ev.evaluate(self.opts.get("Weights", _AUTOMATIC))
        if value is _AUTOMATIC:
            return None
        numbers = [float_value(a) for a in value.args] \
            if type(value) is Expr and value.head is S.List else None
        if numbers is None or len(numbers) != count or any(
                n is None or n < 0 for n in numbers):
            self.ev.message(self.head, "wts", value, Integer(count))
            return False
        return np.array(numbers, dtype=float)

    def confidence_level(self):
        value = self.ev.evaluate(self.opts.get("ConfidenceLevel", Real(0.95)))
        number = float_value(value)
        if number is None or not 0 < number < 1:
            self.ev.message(self.head, "clev", value)
            return None
        return number

    def _precision_ok(self):
        value = self.ev.evaluate(self.opts.get("WorkingPrecision", _MACHINE))
        if value is _MACHINE or value is _AUTOMATIC:
            return True
        number = float_value(value)
        if number is not None and number <= 15.96:
            return True
        self.ev.message(self.head, "wprec", value)
        return True                                   # said; machine numbers are used


def _monitor(value):
    return None if value is _NONE else value


def _real(x):
    try:
        return Real(float(x))
    except TypeError:
        return Expr(S.Complex, Real(x.real), Real(x.imag))
