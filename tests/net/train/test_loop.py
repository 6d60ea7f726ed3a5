"""The training loop over a fake linear executor (see _fake.py): convergence, validation
and the best net, stopping on divergence, on interrupt and on a time goal."""

import numpy as np
import pytest

from _fake import B, W, LinearExecutor, initial_arrays, linear_problem
from wlnet.net.train import data as D
from wlnet.net.train.losses import Loss
from wlnet.net.train.loop import evaluate_loss, run_training
from wlnet.net.train.optimizers import MethodSpec, Optimizer, Parameters
from wlnet.net.train.progress import FunctionReporter

MSE = [Loss("Output", "MeanSquared")]


def setup(n=256, bs=32, method="ADAM", opts=None, validation=False, seed=0):
    inputs, targets = linear_problem(n)
    rng = np.random.default_rng(seed)
    idx = np.arange(n)
    val = None
    if validation:
        idx, held = D.validation_split(n, bs, 0.25, rng)
        val = D.prepare_batches(inputs, targets, [held])
    train = D.prepare_batches(inputs, targets, D.bucket_by_length(idx, None, bs, rng))
    params = Parameters(initial_arrays(), [W, B], np.float64)
    opt = Optimizer(params, MethodSpec(method, {"LearningRate": 0.05, **(opts or {})}))
    return LinearExecutor(), params, opt, train, val, rng


def test_loss_decreases_and_the_net_learns():
    ex, params, opt, train, _, rng = setup()
    before = evaluate_loss(ex, params.arrays, train, MSE)
    run = run_training(ex, params, opt, train, MSE, batch_size=32, max_rounds=40, rng=rng)
    assert run.reason == "MaxTrainingRounds" and run.round == 40
    assert run.total_batches == 40 * len(train.batches) == len(run.batch_losses)
    assert run.round_losses[-1] < 0.01 * run.round_losses[0]
    assert evaluate_loss(ex, params.arrays, train, MSE) < 0.01 * before


def test_validation_keeps_the_best_net():
    ex, params, opt, train, val, rng = setup(validation=True)
    run = run_training(ex, params, opt, train, MSE, batch_size=32, max_rounds=15,
                       validation=val, rng=rng)
    assert len(run.validation_losses) == 15 and run.validation_rounds == list(range(1, 16))
    best = int(np.argmin(run.validation_losses)) + 1
    assert run.best_round == best
    params.restore(run.best_snapshot)
    assert evaluate_loss(ex, params.arrays, val, MSE) == pytest.approx(run.validation_losses[best - 1])


def test_a_loss_that_is_not_finite_stops_and_keeps_the_last_good_net():
    ex, params, opt, train, _, rng = setup(method="SGD", opts={"LearningRate": 50.0,
                                                                "LearningRateSchedule": None})
    run = run_training(ex, params, opt, train, MSE, batch_size=32, max_rounds=100, rng=rng)
    assert run.reason == "Divergence" and not np.isfinite(run.bad_loss)
    params.restore(run.final_snapshot)
    assert np.isfinite(params.flat).all()
    assert np.isfinite(evaluate_loss(ex, params.arrays, train, MSE))


def test_keyboard_interrupt_from_a_progress_function_stops_cleanly():
    ex, params, opt, train, _, rng = setup()
    calls = []

    def stop_at_third(state):
        calls.append(state["Round"])
        if state["Round"] == 3:
            raise KeyboardInterrupt

    run = run_training(ex, params, opt, train, MSE, batch_size=32, max_rounds=50, rng=rng,
                       reporters=[FunctionReporter(stop_at_third)])
    assert run.reason == "UserAbort" and calls == [1, 2, 3] and run.round == 3
    assert np.isfinite(run.final_snapshot).all()


def test_should_stop_is_polled_every_batch():
    ex, params, opt, train, _, rng = setup()
    count = iter(range(10**6))
    run = run_training(ex, params, opt, train, MSE, batch_size=32, max_rounds=50, rng=rng,
                       should_stop=lambda: next(count) >= 4)
    assert run.reason == "UserAbort" and run.total_batches == 5


def test_time_goal_stops_training():
    ex, params, opt, train, _, rng = setup()
    run = run_training(ex, params, opt, train, MSE, batch_size=32, max_rounds=None,
                       time_goal=0.2, rng=rng)
    assert run.reason == "TimeGoal" and run.elapsed >= 0.2 and run.round >= 1


@pytest.mark.parametrize("seconds,rounds", [(1e-9, 10), (1e9, 10000)])
def test_automatic_rounds_are_clipped(monkeypatch, seconds, rounds):
    import wlnet.net.train.loop as L
    monkeypatch.setattr(L, "AUTOMATIC_SECONDS", seconds)
    ex, params, opt, train, _, rng = setup(n=64)
    count = iter(range(10**6))
    stop = (lambda: False) if rounds == 10 else (lambda: next(count) >= 5)   # after 6 batches
    run = run_training(ex, params, opt, train, MSE, batch_size=32, max_rounds=None, rng=rng,
                       should_stop=stop)
    assert run.planned_rounds == rounds
    assert run.round == (rounds if rounds == 10 else 2)      # the interrupted round is not done
    assert len(run.round_losses) == (10 if rounds == 10 else 3)


def test_automatic_rounds_of_one_batch_are_not_planned_from_the_first_batch_alone(monkeypatch):
    # a round of one batch (4 examples, as SE 187382 trains): the first batch may include the
    # compilation, so the plan waits for the timed batches of the next rounds
    import wlnet.net.train.loop as L
    planned_at, original = [], L._plan_rounds

    def plan(run, *args, **kw):
        planned_at.append(run.total_batches)
        return original(run, *args, **kw)
    monkeypatch.setattr(L, "_plan_rounds", plan)
    ex, params, opt, train, _, rng = setup(n=32)
    assert len(train.batches) == 1
    count = iter(range(10**6))
    run = run_training(ex, params, opt, train, MSE, batch_size=32, max_rounds=None, rng=rng,
                       should_stop=lambda: next(count) >= L.TIMED_BATCHES - 1)
    assert planned_at == [L.TIMED_BATCHES] and run.planned_rounds >= 10


def test_fused_softmax_cross_entropy_trains_a_classifier():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(300, 3))
    labels = np.argmax(x @ rng.normal(size=(3, 2)), axis=1) + 1
    inputs, targets = {"Input": D.Batch(x, None)}, {"Output": D.Batch(labels, None)}
    train = D.prepare_batches(inputs, targets, D.bucket_by_length(np.arange(300), None, 50, rng))
    params = Parameters(initial_arrays(), [W, B], np.float64)
    opt = Optimizer(params, MethodSpec("ADAM", {"LearningRate": 0.05}))
    ex = LinearExecutor(softmax=True)
    losses = [Loss("Output", "Index", fused=True)]
    run = run_training(ex, params, opt, train, losses, batch_size=50, max_rounds=30, rng=rng)
    assert run.round_losses[-1] < 0.3 * run.round_losses[0]
