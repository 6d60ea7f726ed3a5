"""TrainingStoppingCriterion: stop training early when a measurement stops improving.

The forms (Wolfram documentation of TrainingStoppingCriterion):

    None                                  no early stopping (the default)
    Automatic                             the same as "Loss"
    "measurement"                         "Loss" or a measurement ("ErrorRate", "Accuracy", …)
    f                                     a function: f[assoc] gives True to stop
    <|"Criterion" -> "measurement"|f, "Patience" -> n, "InitialPatience" -> n,
      "Improvement" -> v|>

"Improvement" -> v is the least change that counts as an improvement: a number (an absolute
change), Scaled[r] or Quantity[p, "Percent"] (a change relative to the best value so far).
"AbsoluteChange" -> v and "RelativeChange" -> r name the two kinds, as the value of
"Improvement" (the page's form) or as keys of their own (older).

The criterion is judged once per round, after the validation pass: on the validation
measurement when there is a ValidationSet, otherwise on the training one (and NetTrain
says so).  A round "improves" when the measurement beats the best value so far by more
than the change asked for ("AbsoluteChange" -> 0 when neither is given, so an unchanged
value is no improvement).  Training stops at the first round that does not improve once
"Patience" non-improving rounds in a row have been tolerated, and never during the first
"InitialPatience" rounds.  A function criterion counts as "not improving" when it gives
True, with the same patience.

Parsing works on WL expressions (as data.py and losses.py do); a function criterion is
called through ``call`` (a Python callable the WL face provides).
"""

from __future__ import annotations

from math import isfinite

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.net.train import TrainError
from wlnet.net.train.measurements import CLASSIFICATION, REGRESSION

__all__ = ["HIGHER_IS_BETTER", "SCALAR", "StoppingCriterion", "parse_stopping_criterion"]

# measurements that grow as the net gets better (the others, the loss and errors, shrink)
HIGHER_IS_BETTER = frozenset({
    "Accuracy", "RSquared", "Precision", "Recall", "F1Score", "FScore", "Specificity",
    "NegativePredictiveValue", "MatthewsCorrelationCoefficient", "Informedness", "Markedness",
    "BalancedAccuracy", "AreaUnderROCCurve", "CohenKappa", "ScottPi", "LogLikelihood",
    "GeometricMeanProbability", "TruePositiveNumber", "TrueNegativeNumber",
    "IntersectionOverUnion"})
SCALAR = ("Loss", "Accuracy", "ErrorRate") + REGRESSION      # one number per round
OPTION = Symbol("TrainingStoppingCriterion")
KEYS = ("Criterion", "Patience", "InitialPatience", "Improvement", "AbsoluteChange", "RelativeChange")
CHANGES = ("Improvement", "AbsoluteChange", "RelativeChange")


class StoppingCriterion:
    """Decides, once per round, whether training should stop (see the module doc).

    ``measurement`` is a name from SCALAR, or None for a function criterion ``call``
    (run -> bool).  ``on_validation``: judge the validation values (else the training ones).
    """

    def __init__(self, measurement: str | None, *, call=None, patience: int = 0,
                 initial_patience: int = 0, absolute: float | None = None,
                 relative: float | None = None, on_validation: bool = False,
                 higher_is_better: bool | None = None):
        self.measurement = measurement
        self.higher_is_better = measurement in HIGHER_IS_BETTER if higher_is_better is None \
            else higher_is_better
        self.call = call
        self.patience = patience
        self.initial_patience = initial_patience
        self.absolute = absolute if absolute is not None or relative is not None else 0.0
        self.relative = relative
        self.on_validation = on_validation
        self.best: float | None = None
        self.waiting = 0                      # non-improving rounds in a row, so far

    def value(self, run) -> float | None:
        """This round's value of the measurement (None when it is not available)."""
        name = self.measurement
        if self.on_validation:
            if name == "Loss":
                return run.validation_loss
            got = run.validation_measurements[-1] if run.validation_measurements else {}
        else:
            if name == "Loss":
                return run.round_loss
            got = run.round_measurements[-1] if run.round_measurements else {}
        v = got.get(name)
        return float(v.value) if v is not None and hasattr(v, "value") else None

    def _improved(self, v: float | None) -> bool:
        if v is None or not isfinite(v):
            return False
        if self.best is None:
            self.best = v
            return True
        gain = v - self.best if self.higher_is_better else self.best - v
        needed = self.absolute if self.relative is None else self.relative * abs(self.best)
        if gain > 0 and gain >= needed:
            self.best = v
            return True
        return False

    def should_stop(self, run) -> bool:
        if run.round <= self.initial_patience:
            if self.call is None:             # follow the best value through the grace rounds
                self._improved(self.value(run))
            return False
        stale = bool(self.call(run)) if self.call is not None else not self._improved(self.value(run))
        if not stale:
            self.waiting = 0
            return False
        if self.waiting >= self.patience:
            return True
        self.waiting += 1
        return False


# ---------------------------------------------------------------------------- parsing

def _sym(e) -> str | None:
    return e.name if type(e) is Symbol else None


def _bad(whole, why: str) -> TrainError:
    return TrainError("invopt", OPTION, whole, why)


def _rounds(value, key: str, whole) -> int:
    """A count of rounds: n >= 0 or Quantity[n, "Rounds"]."""
    if type(value) is Expr and _sym(value.head) == "Quantity" and len(value.args) == 2 \
            and type(value.args[1]) is String and value.args[1].value in ("Rounds", "Round"):
        value = value.args[0]
    if type(value) is Integer and value.value >= 0:
        return value.value
    raise _bad(whole, f"\"{key}\" should be a number of rounds (a non-negative integer).")


def _change(value, key: str, whole, real_value) -> float:
    """"AbsoluteChange" -> v >= 0; "RelativeChange" -> 0 < v < 1 or Quantity[q, "Percent"]."""
    if key == "RelativeChange" and type(value) is Expr and _sym(value.head) == "Quantity" \
            and len(value.args) == 2 and value.args[1] == String("Percent"):
        q = real_value(value.args[0])
        v = None if q is None else q / 100
    else:
        v = real_value(value)
    if key == "AbsoluteChange" and v is not None and v >= 0:
        return v
    if key == "RelativeChange" and v is not None and 0 < v < 1:
        return v
    raise _bad(whole, "an absolute improvement should be a non-negative number."
               if key == "AbsoluteChange" else
               "a relative improvement (Scaled[r], a percentage) should be between 0 and 1.")


def _improvement(value, whole) -> dict:
    """"Improvement" -> v as the older key it is: Scaled[r] and percentages are relative
    changes, numbers absolute ones; "AbsoluteChange" -> v and "RelativeChange" -> v (the
    page's two kinds of improvement, also as <|kind -> v|>) say which it is."""
    kinds = value.args if type(value) is Expr and value.head in (S.Association, S.List) else (value,)
    if kinds and all(type(k) is Expr and k.head in (S.Rule, S.RuleDelayed) for k in kinds):
        named = {k.args[0].value: k.args[1] for k in kinds if type(k.args[0]) is String
                 and k.args[0].value in ("AbsoluteChange", "RelativeChange")}
        if len(named) != len(kinds):
            raise _bad(whole, "an \"Improvement\" is a number, a percentage, \"AbsoluteChange\" -> v "
                              "or \"RelativeChange\" -> v.")
        return named
    if type(value) is Expr and _sym(value.head) == "Scaled" and len(value.args) == 1:
        return {"RelativeChange": value.args[0]}
    if type(value) is Expr and _sym(value.head) == "Quantity":
        return {"RelativeChange": value}
    return {"AbsoluteChange": value}


def _is_function(e) -> bool:
    """Function[…] only: a bare symbol is more likely a measurement name without quotes."""
    return type(e) is Expr and _sym(e.head) == "Function"


def parse_stopping_criterion(value, *, classification: bool | None,
                             on_validation: bool, real_value, call_for,
                             keys: dict | None = None) -> StoppingCriterion | None:
    """The option value → a StoppingCriterion (None for None).

    A criterion on a measurement is measured whether or not TrainingProgressMeasurements
    asks for it (the caller adds ``criterion.measurement``).  ``classification``: whether
    the measured output is a classifier (None: it is itself a loss, only "Loss" applies); ``real_value``: the WL number reader;
    ``call_for(f)``: a callable run -> bool that applies the WL function f.  ``keys``: the
    TrainingProgressMeasurements keys (key -> the measurement's name, "Function" for a
    function, or "Increasing"/"Decreasing" when the measurement gives its "Direction"),
    which the "Criterion" may name too (the page: "a TrainingProgressMeasurements key"); a
    function's value is taken to improve as it decreases unless its "Direction" says not.
    """
    if _sym(value) == "None":
        return None
    whole = value
    if _sym(value) == "Automatic" or type(value) is String or _is_function(value):
        value = Expr(S.Association, Expr(S.Rule, String("Criterion"),
                                         String("Loss") if _sym(value) == "Automatic" else value))
    if not (type(value) is Expr and value.head is S.Association):
        raise _bad(whole, "give None, a measurement name such as \"Loss\", a function, or "
                          "<|\"Criterion\" -> …, \"Patience\" -> n, …|>.")
    opts = {}
    for rule in value.args:
        key = rule.args[0].value if type(rule) is Expr and len(rule.args) == 2 \
            and type(rule.args[0]) is String else None
        if key not in KEYS:
            raise _bad(whole, "the keys are " + ", ".join(f'"{k}"' for k in KEYS) + ".")
        opts[key] = rule.args[1]
    if "Criterion" not in opts:
        raise _bad(whole, "the association needs a \"Criterion\".")
    if sum(k in opts for k in CHANGES) > 1:
        raise _bad(whole, "give only one of " + ", ".join(f'"{k}"' for k in CHANGES) + ".")
    if "Improvement" in opts:
        opts.update(_improvement(opts.pop("Improvement"), whole))
    crit = opts["Criterion"]
    patience = _rounds(opts.get("Patience", Integer(0)), "Patience", whole)
    initial = _rounds(opts.get("InitialPatience", Integer(0)), "InitialPatience", whole)
    if _is_function(crit):
        if any(k in opts for k in CHANGES):
            raise _bad(whole, "an \"Improvement\" needs a measurement as the \"Criterion\", "
                              "not a function.")
        return StoppingCriterion(None, call=call_for(crit), patience=patience,
                                 initial_patience=initial, on_validation=on_validation)
    name = crit.value if type(crit) is String else None
    keys = keys or {}
    if name not in keys:
        _check_measurement(name, crit, whole, classification)
    absolute = _change(opts["AbsoluteChange"], "AbsoluteChange", whole, real_value) \
        if "AbsoluteChange" in opts else None
    relative = _change(opts["RelativeChange"], "RelativeChange", whole, real_value) \
        if "RelativeChange" in opts else None
    return StoppingCriterion(name, patience=patience, initial_patience=initial,
                             absolute=absolute, relative=relative, on_validation=on_validation,
                             higher_is_better=keys.get(name, name) in HIGHER_IS_BETTER | {"Increasing"})


def _check_measurement(name, crit, whole, classification) -> None:
    kinds = () if classification is None else CLASSIFICATION if classification else REGRESSION
    available = ("Loss",) + tuple(m for m in kinds if m in SCALAR)
    if name in available:
        return
    if name in SCALAR:
        why = f'"{name}" is not available for this net'
    elif name in CLASSIFICATION + REGRESSION:
        why = f'"{name}" is not a single number per round'
    else:
        from wlnet.net.wltext import short_text
        why = f"{short_text(crit)} is not a measurement"
    raise _bad(whole, why + "; the criteria for this net are "
               + ", ".join(f'"{m}"' for m in available) + " or a function.")
