"""TrainingProgressCheckpointing: copies of the net written to disk while it trains.

The forms (Wolfram documentation of TrainingProgressCheckpointing):

    {"File", "path"}          the latest net, overwriting the file each time
    {"Directory", "dir"}      a new file per checkpoint, named
                              "start_counter_round_batch_loss[_validationloss].wlnet"
                              (start: the ISO date-time training started; counter: counts
                              the NetTrain calls of the session that checkpoint)
    {…, "Interval" -> Quantity[n, "Rounds"|"Batches"|"Seconds"|"Minutes"|"Hours"]}
                              how often (default: every round); a plain number is seconds,
                              as for TrainingProgressReporting
    {…, "MinimumInterval" -> s}   never two checkpoints less than s seconds apart
    {spec1, spec2, …}         several

Files are written in the "WLNet" format by the caller's ``save(path)`` (the net file
writer, wlnet.net.serialize), so a checkpoint reads back with Import.  A ``Checkpointer``
is a progress reporter (progress.py): the loop calls its ``round`` hook, and its ``batch``
hook only when the interval is counted in batches or seconds.  The paths written are
collected in ``run.checkpoint_files`` (the "CheckpointingFiles" property).
"""

from __future__ import annotations

import itertools
import os
import time
from typing import NamedTuple

from wlnet.core.expr import Expr, S, String, Symbol
from wlnet.net.train import TrainError

__all__ = ["CheckpointSpec", "parse_checkpointing", "prepare_directories", "Checkpointer",
           "new_session"]

OPTION = Symbol("TrainingProgressCheckpointing")
_UNITS = {"Rounds": ("Rounds", 1), "Round": ("Rounds", 1), "Batches": ("Batches", 1),
          "Batch": ("Batches", 1), "Seconds": ("Seconds", 1), "Minutes": ("Seconds", 60),
          "Hours": ("Seconds", 3600)}
_CALLS = itertools.count(1)


class CheckpointSpec(NamedTuple):
    kind: str                 # "File" | "Directory"
    path: str
    unit: str                 # "Rounds" | "Batches" | "Seconds"
    every: float
    minimum: float = 0.0      # seconds


def _bad(whole, why: str) -> TrainError:
    return TrainError("invopt", OPTION, whole, why)


def _interval(value, whole, real_value) -> tuple[str, float]:
    if type(value) is Expr and type(value.head) is Symbol and value.head.name == "Quantity" \
            and len(value.args) == 2 and type(value.args[1]) is String:
        unit = _UNITS.get(value.args[1].value)
        n = real_value(value.args[0])
        if unit is not None and n is not None and n > 0:
            if unit[0] != "Seconds" and n != int(n):
                raise _bad(whole, f"a count of {unit[0].lower()} should be a whole number.")
            return unit[0], n * unit[1]
    else:
        n = real_value(value)
        if n is not None and n > 0:
            return "Seconds", n
    raise _bad(whole, "\"Interval\" should be Quantity[n, \"Rounds\"|\"Batches\"|\"Seconds\"|"
                      "\"Minutes\"|\"Hours\"] or a number of seconds.")


def _one(spec, whole, real_value) -> CheckpointSpec:
    args = spec.args if type(spec) is Expr and spec.head is S.List else ()
    if len(args) < 2 or type(args[0]) is not String or args[0].value not in ("File", "Directory") \
            or type(args[1]) is not String or not args[1].value:
        raise _bad(whole, "give {\"File\", \"path\"} or {\"Directory\", \"path\"}, optionally "
                          "followed by \"Interval\" -> … and \"MinimumInterval\" -> s.")
    unit, every, minimum = "Rounds", 1.0, 0.0
    for rule in args[2:]:
        key = rule.args[0].value if type(rule) is Expr and rule.head in (S.Rule, S.RuleDelayed) \
            and type(rule.args[0]) is String else None
        if key == "Interval":
            unit, every = _interval(rule.args[1], whole, real_value)
        elif key == "MinimumInterval":
            m = real_value(rule.args[1])
            if m is None or m < 0:
                raise _bad(whole, "\"MinimumInterval\" should be a number of seconds.")
            minimum = m
        else:
            raise _bad(whole, "the sub-options are \"Interval\" and \"MinimumInterval\".")
    return CheckpointSpec(args[0].value, os.path.expanduser(args[1].value), unit, every, minimum)


def parse_checkpointing(value, real_value) -> list[CheckpointSpec]:
    """The option value → the checkpoint specs (empty for None)."""
    if type(value) is Symbol and value.name == "None":
        return []
    if type(value) is Expr and value.head is S.List and value.args \
            and all(type(a) is Expr and a.head is S.List for a in value.args):
        return [_one(a, value, real_value) for a in value.args]
    return [_one(value, value, real_value)]


def prepare_directories(specs) -> None:
    """Make the checkpoint directories (and check a file's folder exists) before any
    training, so that a bad path is a message and nothing is trained."""
    for spec in specs:
        try:
            if spec.kind == "Directory":
                os.makedirs(spec.path, exist_ok=True)
                ok = os.access(spec.path, os.W_OK)
            else:
                folder = os.path.dirname(os.path.abspath(spec.path))
                ok = os.path.isdir(folder) and os.access(folder, os.W_OK) \
                    and not os.path.isdir(spec.path)
        except OSError:
            ok = False
        if not ok:
            raise TrainError("invopt", OPTION, String(spec.path),
                             f"the {spec.kind.lower()} cannot be written to.")


def new_session() -> tuple[str, int]:
    """(start time, counter) for the file names of one NetTrain call."""
    return time.strftime("%Y-%m-%dT%H:%M:%S"), next(_CALLS)


def _number(v) -> str:
    return "nan" if v is None else f"{v:.4g}"


class Checkpointer:
    """Writes the net as ``spec`` asks; ``save(path)`` writes the current net."""

    def __init__(self, spec: CheckpointSpec, save, session: tuple[str, int]):
        self.spec = spec
        self.save = save
        self.stamp, self.counter = session
        self.last_time = None
        self.error: str | None = None         # the path that could not be written
        self.written = 0
        if spec.unit != "Rounds":
            self.batch = self._batch          # a per-batch hook only when it is needed

    def start(self, run):
        self.last_time = time.perf_counter()

    def round(self, run):
        if self.spec.unit == "Rounds" and run.round % int(self.spec.every) == 0:
            self._write(run, run.round)

    def _batch(self, run):
        if self.spec.unit == "Batches":
            due = run.total_batches % int(self.spec.every) == 0
        else:
            due = time.perf_counter() - self.last_time >= self.spec.every
        if due:
            self._write(run, run.round + 1)       # the round under way

    def path_for(self, run, round_: int) -> str:
        if self.spec.kind == "File":
            return self.spec.path
        name = f"{self.stamp}_{self.counter}_{round_}_{run.total_batches}_" \
               f"{_number(run.round_loss if run.round_loss is not None else run.batch_loss)}"
        if run.validation_losses:
            name += f"_{_number(run.validation_loss)}"
        return os.path.join(self.spec.path, name + ".wlnet")

    def _write(self, run, round_: int) -> None:
        now = time.perf_counter()
        if self.error is not None or (self.spec.minimum and self.written
                                      and now - self.last_time < self.spec.minimum):
            return
        path = self.path_for(run, round_)
        try:
            self.save(path)
        except OSError:
            self.error = path
            return
        self.last_time = now
        self.written += 1
        if path not in run.checkpoint_files:
            run.checkpoint_files.append(path)
