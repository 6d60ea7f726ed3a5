"""The fused training step (wlnet/net/train/fused.py) against the unfused one: which nets
get a fused tail, and that a fused step gives the unfused step's loss and gradient, a fused
validation pass its loss, and a fused NetTrain its trained net."""

import numpy as np
import pytest

from _wl import QUIET, WL
from wlnet.builtins import train as BT
from wlnet.kernels import training as K
from wlnet.net.train import fused as F
from wlnet.net.train import loop as L
from wlnet.net.wlform import net_from_expr

XY = """
alphabet = {"x", "y", " "};
data = Map[# -> Switch[Sign[StringCount[#, "x"] - StringCount[#, "y"]], -1, Less, 0, Equal, 1, Greater] &,
           Flatten@Table[StringJoin /@ Tuples[alphabet, n], {n, 1, 4}]];
net = NetChain[{UnitVectorLayer[], GatedRecurrentLayer[5], SequenceLastLayer[], LinearLayer[3], SoftmaxLayer[]},
               "Input" -> NetEncoder[{"Characters", alphabet}],
               "Output" -> NetDecoder[{"Class", {Less, Equal, Greater}}]];
"""

CHAIN = """
data = Table[{x, y} -> Which[x > y + 0.3, a, x < y - 0.3, b, True, c], {x, -1, 1, 0.1}, {y, -1, 1, 0.25}] // Flatten;
net = NetChain[{LinearLayer[8], Tanh, LinearLayer[8], LogisticSigmoid, LinearLayer[3], SoftmaxLayer[]},
               "Input" -> 2, "Output" -> NetDecoder[{"Class", {a, b, c}}]];
"""

REGRESSION = """
data = Table[Table[{Sin[k t]}, {t, 1 + Mod[k, 5]}] -> {Cos[k], Sin[2 k]}, {k, 0., 6., 0.1}];
net = NetChain[{GatedRecurrentLayer[4], SequenceLastLayer[], LinearLayer[6], Ramp,
                LinearLayer[2, "Biases" -> None]}, "Input" -> {"Varying", 1}];
"""

SOFTMAX_INSIDE = """
data = Table[{x, x^2} -> {x, 1 - x}, {x, -1, 1, 0.05}];
net = NetChain[{LinearLayer[4], SoftmaxLayer[], LinearLayer[2]}, "Input" -> 2];
"""

NETS = {
    "xy": (XY, [K.LAST, K.LINEAR], 2),
    "chain": (CHAIN, [K.LINEAR, K.MAP, K.LINEAR, K.MAP, K.LINEAR], 0),
    "regression": (REGRESSION, [K.LAST, K.LINEAR, K.MAP, K.LINEAR], 1),
    "softmax inside": (SOFTMAX_INSIDE, [K.LINEAR, K.SOFTMAX, K.LINEAR], 0),
}


def _captured(monkeypatch, setup: str, options: str = ""):
    """The arguments NetTrain hands to run_training, for one round of ``net`` on ``data``."""
    seen = {}
    original = BT.run_training

    def capture(executor, params, optimizer, train, losses, **kw):
        seen.update(executor=executor, params=params, optimizer=optimizer, train=train,
                    losses=losses, validation=kw.get("validation"))
        return original(executor, params, optimizer, train, losses, **kw)

    monkeypatch.setattr(BT, "run_training", capture)
    wl = WL(setup)
    wl(f"NetTrain[net, data, BatchSize -> 16, MaxTrainingRounds -> 1, "
       f"ValidationSet -> Scaled[0.25], RandomSeeding -> 5, {QUIET}{options}]")
    assert seen, wl.session.messages
    return seen


@pytest.mark.parametrize("precision", ["Real32", "Real64"])
@pytest.mark.parametrize("name", list(NETS))
def test_a_fused_step_gives_the_unfused_loss_and_gradient(monkeypatch, name, precision):
    setup, ops, start = NETS[name]
    c = _captured(monkeypatch, setup, f', WorkingPrecision -> "{precision}"')
    ex, params, losses = c["executor"], c["params"], c["losses"]
    fused = F.fused_step(ex, params, losses)
    assert fused is not None
    assert fused.program[:, 0].tolist() == ops and fused.start == start
    tight = precision == "Real64"
    rtol, atol = (1e-12, 1e-14) if tight else (2e-5, 1e-7)
    checked = 0
    for batch in c["train"].batches[:4]:
        params.grad[:] = np.nan                       # every entry must be written
        v0, g0, _ = L._batch_gradient(ex, params, losses, batch, None, None, 0)
        g0 = g0.copy()
        params.grad[:] = np.nan
        done = fused.gradient(batch, None)
        assert done is not None
        v1, g1, _ = done
        np.testing.assert_allclose(v1, v0, rtol=rtol)
        np.testing.assert_allclose(g1, g0, rtol=rtol, atol=atol)
        assert np.abs(g0).max() > 0
        checked += 1
    assert checked
    # validation: the fused loss is computed from the Softmax's input (the unfused
    # evaluation reads its output), so the two agree to rounding
    val = c["validation"]
    np.testing.assert_allclose(L.evaluate_loss(ex, params.arrays, val, losses, fused),
                               L.evaluate_loss(ex, params.arrays, val, losses),
                               rtol=1e-11 if tight else 1e-5)


@pytest.mark.parametrize("name, loss", [
    ("chain", 'CrossEntropyLossLayer["Index"] -> Scaled[0.5]'),
    ("regression", "MeanSquaredLossLayer[] -> Scaled[3]"),
])
def test_a_weighted_loss_is_fused_with_its_weight(monkeypatch, name, loss):
    c = _captured(monkeypatch, NETS[name][0], f", LossFunction -> {loss}")
    ex, params, losses = c["executor"], c["params"], c["losses"]
    assert losses[0].weight != 1
    fused = F.fused_step(ex, params, losses)
    assert fused is not None
    batch = c["train"].batches[0]
    v0, g0, _ = L._batch_gradient(ex, params, losses, batch, None, None, 0)
    g0 = g0.copy()
    v1, g1, _ = fused.gradient(batch, None)
    np.testing.assert_allclose(v1, v0, rtol=2e-6)
    np.testing.assert_allclose(g1, g0, rtol=2e-5, atol=1e-7)


@pytest.mark.parametrize("name", ["xy", "regression"])
def test_nettrain_trains_the_same_net_fused_and_unfused(monkeypatch, name):
    setup = NETS[name][0]
    trained = {}
    for enabled in (True, False):
        monkeypatch.setattr(F, "ENABLED", enabled)
        wl = WL(setup)
        result = wl(f"NetTrain[net, data, BatchSize -> 16, MaxTrainingRounds -> 3, "
                    f"ValidationSet -> Scaled[0.2], RandomSeeding -> 11, {QUIET}]")
        assert not wl.session.messages
        trained[enabled] = net_from_expr(result)
    fused, plain = trained[True], trained[False]
    assert fused.arrays.keys() == plain.arrays.keys()
    for path in plain.arrays:
        np.testing.assert_allclose(np.asarray(fused.arrays[path].array),
                                   np.asarray(plain.arrays[path].array), rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("setup, options", [
    (XY, ", LearningRateMultipliers -> {4 -> 0}"),                 # a frozen tail array
    (REGRESSION, ", LossFunction -> MeanAbsoluteLossLayer[]"),     # a loss it has no kernel for
    ("""data = Table[{x} -> {If[x > 0, 1, 0]}, {x, -1, 1, 0.1}];
        net = NetChain[{LinearLayer[1], LogisticSigmoid}, "Input" -> 1];""", ""),   # Binary loss
])
def test_nets_without_a_tail_the_kernel_takes_train_unfused(monkeypatch, setup, options):
    c = _captured(monkeypatch, setup, options)
    assert F.fused_step(c["executor"], c["params"], c["losses"]) is None


def test_a_batch_the_tail_does_not_take_falls_back(monkeypatch):
    c = _captured(monkeypatch, XY)
    fused = F.fused_step(c["executor"], c["params"], c["losses"])
    inputs, targets = c["train"].batches[0]
    port = next(iter(targets))
    wrong = {port: targets[port]._replace(data=targets[port].data.astype(np.float64))}
    assert fused.gradient((inputs, wrong), None) is None


def test_disabled_gives_no_fused_step(monkeypatch):
    c = _captured(monkeypatch, CHAIN)
    monkeypatch.setattr(F, "ENABLED", False)
    assert F.fused_step(c["executor"], c["params"], c["losses"]) is None


def test_the_error_rate_of_each_batch_is_the_same_fused_and_unfused(monkeypatch):
    lists = {}
    for enabled in (True, False):
        monkeypatch.setattr(F, "ENABLED", enabled)
        wl = WL(NETS["xy"][0])
        lists[enabled] = wl(f'NetTrain[net, data, "BatchMeasurementsLists", BatchSize -> 16, '
                            f'MaxTrainingRounds -> 2, RandomSeeding -> 11, {QUIET}][[All, "ErrorRate"]]')
        assert not wl.session.messages
    assert lists[True] == lists[False] and len(lists[True].args) > 2
