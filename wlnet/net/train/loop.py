"""The training loop: rounds of batches, validation, and the reasons to stop.

Per batch: forward (training behaviour, the run's random generator), the losses, backward,
one optimizer update of the flat parameter buffer.  Per round: the round loss (mean of the
batch losses), the validation loss when there is a validation set, the best net so far
(a copy of the flat buffer), the progress reporters.

Stopping: the planned rounds are done ("MaxTrainingRounds"), the TimeGoal is reached
("TimeGoal"), a loss that is not finite ("Divergence": the parameters from before the last
update are restored), or Ctrl-C ("UserAbort": a KeyboardInterrupt anywhere in a batch; an
update that was cut short is undone), or the TrainingStoppingCriterion says so at the end
of a round ("StoppingCriterion", stopping.py).  Nothing learnt before is lost in any case.

Options that cost time are only paid for when given: a ``RoundMeasurer``
(measurements.py) measures after every round, a ``StoppingCriterion`` is asked after
every round, checkpointers are progress reporters; nothing is added per batch.

``MaxTrainingRounds -> Automatic`` (spec §3.2): the first few batches are timed (the very
first left out: it may include compilation), over as many rounds as they take when a round
has fewer batches (a round of one batch must not be planned from the compiling batch alone),
and the rounds are chosen so that training takes about 20 seconds, clipped to [10, 10000];
with a TimeGoal T and no round limit, rounds continue until T.
"""

from __future__ import annotations

import time
from math import ceil, isfinite

import numpy as np

from wlnet.core.expr import Real
from wlnet.net.train.data import PreparedData
from wlnet.net.train.fused import fused_step
from wlnet.net.train.losses import batch_loss, example_losses
from wlnet.net.values import Batch

__all__ = ["TrainingRun", "run_training", "evaluate_loss", "AUTOMATIC_SECONDS"]

AUTOMATIC_SECONDS = 20.0
ROUND_LIMITS = (10, 10000)
TIMED_BATCHES = 6


class TrainingRun:
    """What happened (read by results.py and by the progress reporters while it runs)."""

    def __init__(self, batch_size: int, batches_per_round: int, planned_rounds: int | None,
                 method_name: str, time_goal: float | None):
        self.batch_size = batch_size
        self.batches_per_round = batches_per_round
        self.planned_rounds = planned_rounds
        self.time_goal = time_goal
        self.method_name = method_name
        self.round = 0                    # rounds completed
        self.in_round = False             # a round's batches under way (its end not reached)
        self.batch = 0                    # batches done in the current round
        self.total_batches = 0
        self.batch_losses: list[float] = []
        self.round_losses: list[float] = []
        self.validation_losses: list[float] = []
        self.validation_rounds: list[int] = []
        self.round_measurements: list[dict] = []        # per round: name -> WL value
        # a net trained on several losses: each loss port's batch means in this round
        self.round_loss_parts: list[dict] = []
        # measurements of each training batch (BatchErrorRate: name -> value), if any
        self.batch_measurements: list[dict] = []
        self.validation_measurements: list[dict] = []   # (TrainingProgressMeasurements)
        self.checkpoint_files: list[str] = []
        self.best_round: int | None = None
        self.best_snapshot: np.ndarray | None = None
        self.final_snapshot: np.ndarray | None = None
        self.reason = "MaxTrainingRounds"
        # set by a progress function that asks to end training ("Stop": keep the net,
        # "Abort": NetTrain gives $Aborted); looked at after every batch and round
        self.stop_request: str | None = None
        self.bad_loss: float | None = None
        self.learning_rate = 0.0
        self.initial_learning_rate = 0.0
        self.start = time.perf_counter()
        self.elapsed = 0.0
        self.examples_per_second = 0.0
        self.batches_per_second = 0.0     # the rate of the latest batch
        self.last_batch: int | None = None  # index of the latest batch in the round's data
        self.event = "TrainingStarted"    # what happened last: a batch, a round, the end
        self.data = None                  # the PreparedData trained on (set by run_training)
        self.params = None                # the Parameters trained
        self.losses_of_examples = None    # () -> each training example's loss now (run_training)

    # -- derived views for reporters and results
    @property
    def batch_loss(self) -> float | None:
        return self.batch_losses[-1] if self.batch_losses else None

    @property
    def round_loss(self) -> float | None:
        return self.round_losses[-1] if self.round_losses else None

    @property
    def validation_loss(self) -> float | None:
        return self.validation_losses[-1] if self.validation_losses else None

    @property
    def examples_processed(self) -> int:
        return self.total_batches * self.batch_size

    def progress_fraction(self) -> float:
        fractions = []
        if self.planned_rounds:
            # at a round's end its batches are counted in self.round already
            done = self.round + (self.batch / max(self.batches_per_round, 1) if self.in_round else 0)
            fractions.append(done / self.planned_rounds)
        if self.time_goal:
            fractions.append(self.elapsed / self.time_goal)
        return min(max(fractions), 1.0) if fractions else 0.0

    def time_remaining(self) -> float:
        """Seconds left at the current pace (inf while the first batches, which may include
        compilation, would make the estimate meaningless)."""
        f = self.progress_fraction()
        if f <= 0 or (self.total_batches < TIMED_BATCHES and f < 1):
            return float("inf")
        return self.elapsed * (1 - f) / f

    def tick(self) -> None:
        self.elapsed = time.perf_counter() - self.start
        if self.elapsed > 0:
            self.examples_per_second = self.examples_processed / self.elapsed

    # the keys of state(), for specs that name one before training starts
    STATE_KEYS = ("Round", "Batch", "AbsoluteBatch", "TotalRounds", "BatchesPerRound",
                  "TotalBatches", "BatchLoss", "RoundLoss", "ValidationLoss", "LearningRate",
                  "InitialLearningRate", "OptimizationMethod", "TimeElapsed", "TimeRemaining",
                  "ProgressFraction", "ExamplesPerSecond", "BatchesPerSecond",
                  "MeanBatchesPerSecond", "MeanExamplesPerSecond", "ExamplesProcessed",
                  "BestValidationRound", "Event", "BatchSize")

    @property
    def current_round(self) -> int:
        """The round a report is about: the one under way during its batches (1 in the
        first round, as a data generator is told), the one just ended at its end."""
        return self.round + 1 if self.in_round else self.round

    def state(self) -> dict:
        """The association handed to TrainingProgressFunction (Python values; the keys that
        are lists or arrays are added by the WL face, builtins/train.py)."""
        mean_rate = self.total_batches / self.elapsed if self.elapsed > 0 else 0.0
        return {"Round": self.current_round, "Batch": self.batch, "AbsoluteBatch": self.total_batches,
                "TotalRounds": self.planned_rounds, "BatchesPerRound": self.batches_per_round,
                "TotalBatches": self.planned_rounds * self.batches_per_round
                if self.planned_rounds else None,
                "BatchLoss": self.batch_loss, "RoundLoss": self.round_loss,
                "ValidationLoss": self.validation_loss, "LearningRate": self.learning_rate,
                "InitialLearningRate": self.initial_learning_rate,
                "OptimizationMethod": self.method_name,
                "TimeElapsed": self.elapsed, "TimeRemaining": self.time_remaining(),
                "ProgressFraction": self.progress_fraction(),
                "ExamplesPerSecond": self.batches_per_second * self.batch_size,
                "BatchesPerSecond": self.batches_per_second,
                "MeanBatchesPerSecond": mean_rate,
                "MeanExamplesPerSecond": self.examples_per_second,
                "ExamplesProcessed": self.examples_processed,
                "BestValidationRound": self.best_round,
                "Event": self.event,
                "BatchSize": self.batch_size}


class _Reporters:
    """Fan-out to the progress reporters (each with start/batch/round/end, all optional)."""

    HOOKS = ("start", "batch", "round", "end")

    def __init__(self, reporters):
        self.items = list(reporters or ())
        # hook -> the reporters' methods for it, looked up once (called after every batch)
        self.hooks = {hook: [fn for fn in (getattr(r, hook, None) for r in self.items)
                             if fn is not None] for hook in self.HOOKS}

    def call(self, hook: str, run: TrainingRun) -> None:
        for fn in self.hooks[hook]:
            fn(run)


def examples_in(inputs: dict, targets: dict) -> int:
    """The number of examples of a batch (from its targets when the net has no inputs).  A
    net that takes no data at all (an image held in the net, its loss its own output) runs
    one example: every example of its batch would be the same one."""
    given = inputs or targets
    if not given:
        return 1
    return next(iter(given.values())).data.shape[0]


def forward_batch(executor, arrays, inputs: dict, targets: dict, **options):
    """``executor.forward`` on a training batch; a net without inputs (an adversarial
    image as a NetArrayLayer) is told the batch size its targets have."""
    if not inputs:
        options["batch_size"] = examples_in(inputs, targets)
    return executor.forward(arrays, inputs, **options)


def evaluate_loss(executor, arrays: dict, data: PreparedData, losses, fused=None,
                  parts: dict | None = None) -> float:
    """Mean loss over the examples of ``data`` (test behaviour); ``fused``: the training
    run's FusedStep (fused.py) or None.  ``parts``: gets the mean of each loss (port, or
    output of a loss net) when there are several."""
    total, count, sums = 0.0, 0, {}
    for batch in data.batches:
        inputs, targets = batch
        done = None if fused is None else fused.run(batch, None, False)
        if done is not None:
            value = done[0]
        else:
            res = forward_batch(executor, arrays, inputs, targets, train=False, keep=False)
            bl = batch_loss(losses, res, targets, with_gradient=False)
            value = bl.value
            if len(bl.parts) > 1:
                for port, v in bl.parts.items():
                    sums[port] = sums.get(port, 0.0) + v * examples_in(inputs, targets)
        n = examples_in(inputs, targets)
        total += value * n
        count += n
    if parts is not None:
        parts.update((port, Real(v / max(count, 1))) for port, v in sums.items())
    return total / max(count, 1)


def losses_per_example(executor, arrays, data: PreparedData, losses) -> np.ndarray:
    """The loss of every example of ``data`` with the arrays as they are (test behaviour),
    example i (0-based, as ``data.indices`` count) at position i; NaN for an example in no
    batch (a validation example held out of the training data)."""
    if data.indices is None:
        return np.zeros(0)
    out = np.full(max((int(np.max(i)) + 1 for i in data.indices if len(i)), default=0), np.nan)
    for (inputs, targets), idx in zip(data.batches, data.indices):
        res = forward_batch(executor, arrays, inputs, targets, train=False, keep=False)
        total = np.zeros(len(idx))
        for loss in losses:
            per = example_losses(loss, res, targets.get(loss.port))[0]
            total += loss.weight * np.asarray(per, np.float64).reshape(len(idx), -1).sum(axis=1)
        out[np.asarray(idx)] = total
    return out


def _plan_rounds(run, optimizer, durations, sync=None) -> None:
    """Automatic rounds from the timed batches (the first one, which may include
    compilation, only when it is the only one); in a data-parallel job, rank 0's."""
    timed = durations[1:] or durations
    run.planned_rounds = _rounds_for(float(np.median(timed)), run.batches_per_round)
    if sync is not None:
        run.planned_rounds = sync.group.agree(run.planned_rounds)
    optimizer.total = run.planned_rounds * run.batches_per_round


def _rounds_for(seconds_per_batch: float, batches_per_round: int) -> int:
    per_round = max(seconds_per_batch * batches_per_round, 1e-9)
    lo, hi = ROUND_LIMITS
    return int(min(max(ceil(AUTOMATIC_SECONDS / per_round), lo), hi))


def run_training(executor, params, optimizer, train: PreparedData, losses, *,
                 batch_size: int, max_rounds: int | None, time_goal: float | None = None,
                 validation: PreparedData | None = None, rng: np.random.Generator,
                 reporters=(), should_stop=None, measurer=None, stopping=None,
                 sync=None, validation_every: int = 1, batch_measure=None) -> TrainingRun:
    """Train ``params`` in place.  Returns the TrainingRun (snapshots of the best and the
    final flat buffers included).  ``should_stop()`` is polled after every batch (the
    session's interrupt flag: evaluation runs in a worker thread, so Ctrl-C reaches the
    loop as a flag rather than as a KeyboardInterrupt); True stops as Ctrl-C does.
    ``measurer``: a RoundMeasurer or None; ``stopping``: a StoppingCriterion or None.
    ``validation_every``: the rounds between validation passes (ValidationSet's "Interval").
    ``batch_measure``: measures each training batch from the outputs its step computed
    (``batch_measure(output, target) -> {name: value}``; ``.port`` the output), or None.
    ``sync``: in a data-parallel job (torchrun), the ``Averager`` of
    wlnet.net.backends.torch.distributed that makes each batch's loss and gradient the
    global batch's and the stopping decisions every process's; None in one process."""
    bpr = len(train.batches)
    run = TrainingRun(batch_size, bpr, max_rounds, optimizer.method.name, time_goal)
    run.initial_learning_rate = run.learning_rate = optimizer.current_learning_rate()
    if max_rounds is not None:
        optimizer.total = max_rounds * bpr
    run.data, run.params = train, params
    run.losses_of_examples = lambda: losses_per_example(executor, params.arrays, train, losses)
    report = _Reporters(reporters)
    previous = params.snapshot()
    report.call("start", run)
    fused = fused_step(executor, params, losses) if sync is None else None
    round_end = _RoundEnd(executor, params, validation, losses, report, measurer, stopping,
                          fused, validation_every)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        _loop(run, executor, params, optimizer, train, losses, rng, report,
              should_stop, time_goal, bpr, previous, round_end, sync, fused, batch_measure)
    run.tick()
    run.final_snapshot = params.snapshot()
    if validation is None or run.best_snapshot is None:
        run.best_snapshot = run.final_snapshot
    run.event = "TrainingComplete"
    report.call("end", run)
    return run


def _batch_gradient(executor, params, losses, batch, rng, sync, k, fused=None, parts=None):
    """(loss, flat gradient, forward result) of one training batch; the gradient is None
    when the loss is not finite (in one process: no backward pass is needed then).
    ``fused``: the run's FusedStep (one process only, one loss), tried first.  ``parts``:
    a list that gets each loss port's batch mean when there are several losses."""
    if fused is not None:
        done = fused.gradient(batch, rng)
        if done is not None:
            return done
    inputs, targets = batch
    res = forward_batch(executor, params.arrays, inputs, targets, train=True, rng=rng, keep=True)
    bl = batch_loss(losses, res, targets)
    if parts is not None and len(bl.parts) > 1:     # several losses, or a loss net's outputs
        parts.append(bl.parts)
    if sync is None and not isfinite(bl.value):
        return bl.value, None, res
    grads = executor.backward(res, bl.d_outputs, bl.d_logits or None, input_gradients=())
    g = params.gather(grads.arrays)
    if sync is None:
        return bl.value, g, res
    examples = next(iter(inputs.values())).data.shape[0]
    value, g = sync.batch(k, g, bl.value, examples)
    return value, g, res


def _loop(run, executor, params, optimizer, train, losses, rng, report,
          should_stop, time_goal, bpr, previous, round_end, sync=None, fused=None,
          batch_measure=None) -> None:
    """The rounds (see run_training); sets run.reason when it stops early."""
    forward_rng = rng if sync is None else sync.group.forward_rng(rng)
    updating = False
    durations: list[float] = []               # batch times, for MaxTrainingRounds -> Automatic
    try:
        while run.planned_rounds is None or run.round < run.planned_rounds:
            order = rng.permutation(bpr) if bpr > 4 else np.arange(bpr)
            round_total = 0.0
            run.batch = 0
            run.in_round = True
            run.round_loss_parts = []
            for k in order:
                t0 = time.perf_counter()
                batch = train.batches[k]          # once: a generator makes a new batch each time
                value, g, res = _batch_gradient(executor, params, losses, batch,
                                                forward_rng, sync, k, fused, run.round_loss_parts)
                if not isfinite(value):
                    run.reason, run.bad_loss = "Divergence", value
                    params.restore(previous)
                    raise _Stop
                np.copyto(previous, params.flat)
                run.learning_rate = optimizer.current_learning_rate()
                updating = True
                optimizer.step(g)
                if res is not None and res.array_updates:
                    params.store_updates(res.array_updates)
                updating = False
                run.batch += 1
                run.total_batches += 1
                run.batch_losses.append(value)
                if batch_measure is not None:
                    run.batch_measurements.append(
                        _measure_batch(batch_measure, res, fused, batch[1]))
                round_total += value
                run.last_batch, run.event = int(k), "BatchComplete"
                seconds = time.perf_counter() - t0
                run.batches_per_second = 1.0 / seconds if seconds > 0 else 0.0
                run.tick()
                if run.planned_rounds is None and time_goal is None:
                    durations.append(time.perf_counter() - t0)
                    if len(durations) == TIMED_BATCHES:   # across rounds when they are short
                        _plan_rounds(run, optimizer, durations, sync)
                report.call("batch", run)
                aborted = should_stop is not None and should_stop()
                time_up = time_goal is not None and run.elapsed >= time_goal
                if run.stop_request is not None and sync is None:
                    run.reason = "TrainingProgressFunction"
                    round_end(run, round_total)
                    raise _Stop
                if sync is not None:                 # every process stops at the same batch
                    aborted, time_up = sync.group.any(aborted, time_up)
                if aborted:
                    raise KeyboardInterrupt
                if time_up:
                    run.reason = "TimeGoal"
                    round_end(run, round_total)
                    raise _Stop
            stop = round_end(run, round_total)
            if sync is not None:                     # rank 0's criterion, in every process
                stop = sync.group.agree(stop)
            if run.stop_request is not None and sync is None:
                run.reason = "TrainingProgressFunction"
                raise _Stop
            if stop:
                run.reason = "StoppingCriterion"
                raise _Stop
    except _Stop:
        pass
    except KeyboardInterrupt:
        if updating:
            params.restore(previous)
        run.reason = "UserAbort"
        if run.batch and (not run.round_losses or len(run.round_losses) == run.round):
            run.round_losses.append(float(np.mean(run.batch_losses[-run.batch:])))


def _measure_batch(batch_measure, res, fused, targets: dict) -> dict:
    """A training batch's measurements from the output its step computed (the fused
    tail's, or the executor's)."""
    port = batch_measure.port
    if fused is not None and fused.output is not None:
        out = Batch(fused.output, None)
    else:
        out = res.outputs.get(port) if res is not None else None
    return batch_measure(out, targets.get(port))


def _batch_means(measured: list[dict]) -> dict:
    """name -> the mean over a round's batches of their measurements."""
    if not measured or not measured[-1]:
        return {}
    return {name: Real(float(np.mean([m[name] for m in measured if name in m])))
            for name in measured[-1]}


def _loss_port_means(parts: list[dict]) -> dict:
    """A round's mean loss of each loss port (a net trained on several losses reports each,
    as WL's RoundMeasurements and FinalPlots do: "PolicyLoss", "ValueLoss"…)."""
    if not parts:
        return {}
    return {port: Real(float(np.mean([p[port] for p in parts]))) for port in parts[0]}


class _Stop(Exception):
    pass


class _RoundEnd:
    """What ends a round: the round loss, the validation pass (its loss and measurements),
    the training measurements, the best net so far, the reporters, and the stopping
    criterion; calling it gives True when the criterion says to stop."""

    def __init__(self, executor, params, validation, losses, report, measurer, stopping,
                 fused=None, validation_every: int = 1):
        self.executor, self.params, self.validation = executor, params, validation
        self.validation_every = validation_every
        self.losses, self.report = losses, report
        self.measurer, self.stopping = measurer, stopping
        self.fused = fused
        self.best_key = None          # the best validation pass's _selection_key so far

    def _selection_key(self, run, loss: float, measured: dict):
        """What picks the trained net among the validation passes (smaller is better;
        None: this pass cannot be the best): the stopping criterion's measurement when it
        names one (in its direction); else the validation error rate, ties going to the
        lower loss, when it is measured (a classifier's default); else the loss."""
        if not isfinite(loss):
            return None
        crit = self.stopping
        if crit is not None and crit.measurement not in (None, "Loss"):
            x = crit.value(run)
            return None if x is None or not isfinite(x) else (-x if crit.higher_is_better else x,)
        error = getattr(measured.get("ErrorRate"), "value", None)
        if isinstance(error, (int, float)) and isfinite(error):
            return (float(error), loss)
        return (loss,)

    def __call__(self, run, round_total) -> bool:
        params = self.params
        run.round += 1
        run.in_round = False
        run.round_losses.append(round_total / max(run.batch, 1))
        if self.validation is not None and run.round % self.validation_every == 0:
            parts = {}                  # several losses: each one's validation value too
            if self.measurer is None:
                v = evaluate_loss(self.executor, params.arrays, self.validation, self.losses,
                                  self.fused, parts)
                if parts:
                    run.validation_measurements.append(parts)
            else:
                v, measured = self.measurer.validation(params.arrays, self.validation)
                measured = {**measured, **self.measurer.live(run)}
                run.validation_measurements.append(measured)
            run.validation_losses.append(v)
            run.validation_rounds.append(run.round)
            key = self._selection_key(run, v, parts if self.measurer is None else measured)
            if key is not None and (self.best_key is None or key < self.best_key):
                self.best_key = key
                run.best_round = run.round
                run.best_snapshot = params.snapshot()
        from_batches = _batch_means(run.batch_measurements[len(run.batch_measurements) - run.batch:])
        if self.measurer is not None or run.round_loss_parts or from_batches:
            measured = {} if self.measurer is None else \
                {**self.measurer.training(params.arrays), **self.measurer.live(run)}
            run.round_measurements.append({**_loss_port_means(run.round_loss_parts),
                                           **from_batches, **measured})
        run.tick()
        run.event = "RoundComplete"
        self.report.call("round", run)
        return self.stopping is not None and self.stopping.should_stop(run)
