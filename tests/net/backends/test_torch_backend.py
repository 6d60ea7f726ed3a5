"""The PyTorch backend gives the default backend's numbers: every registered layer's sample
instance, outputs and the gradients of every input and array (Real64 to 1e-9, Real32 to
1e-5), and whole nets (a chain with recurrent states, a graph with a loss) the same way."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from wlnet.core.session import Session                      # noqa: E402
from wlnet.net.backends import backend                      # noqa: E402
from wlnet.net.execute import Executor                      # noqa: E402
from wlnet.net.registry import all_specs                    # noqa: E402
from wlnet.net.wlform import net_from_expr                  # noqa: E402

from _gradcheck import random_arrays                         # noqa: E402

SPECS = sorted((s for s in all_specs() if s.evaluates), key=lambda s: s.symbol)   # those that run
TOLERANCE = {"Real64": 1e-9, "Real32": 1e-5}


@pytest.fixture(scope="module")
def session():
    return Session()


def sample_batches(net, rng, dtype):
    from tests.net.layers.test_registry import sample_batch
    return {p: sample_batch(t, rng, dtype) for p, t in net.inputs().items()}


def agree(net, precision, rng_seed=3, states=None, train=False):
    rng = np.random.default_rng(rng_seed)
    dtype = np.float64 if precision == "Real64" else np.float32
    arrays = random_arrays(net, rng, dtype)           # positive where an array starts at one
    batches = sample_batches(net, rng, dtype)
    results = []
    for name in ("numba", "torch"):
        ex = Executor(net.root, precision, backend(name))
        # the same generator state for both: dropout masks in training and RandomArrayLayer's
        # samples are drawn alike
        res = ex.forward(arrays, batches, keep=True, initial_states=states, train=train,
                         rng=np.random.default_rng(11))
        weights = {p: np.random.default_rng(7).normal(size=b.data.shape).astype(dtype)
                   for p, b in res.outputs.items()}
        results.append((res, ex.backward(res, weights)))
    (a, ga), (b, gb) = results
    tol = TOLERANCE[precision]

    def close(x, y, what):
        scale = max(np.abs(x).max(initial=0), np.abs(y).max(initial=0), 1.0)
        assert np.abs(np.asarray(x, np.float64) - y).max(initial=0) <= tol * scale, what

    for port in a.outputs:
        lengths = a.outputs[port].lengths
        x, y = a.outputs[port].data, b.outputs[port].data
        if lengths is not None:                       # padding is free to differ
            mask = (np.arange(x.shape[1])[None, :] < lengths[:, None])
            mask = mask.reshape(mask.shape + (1,) * (x.ndim - 2))
            x, y = x * mask, y * mask
        close(x, y, port)
    for key in a.final_states:
        close(a.final_states[key], b.final_states[key], key)
    assert set(ga.arrays) == set(gb.arrays)
    for path in ga.arrays:
        close(ga.arrays[path], gb.arrays[path], path)
    assert set(ga.inputs) == set(gb.inputs)
    for port in ga.inputs:
        close(ga.inputs[port], gb.inputs[port], port)


@pytest.mark.parametrize("precision", ["Real64", "Real32"])
@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.symbol)
def test_every_layer_agrees(session, spec, precision):
    net = net_from_expr(session.evaluate(f"NetInitialize[{spec.sample}]"))
    agree(net, precision)


@pytest.mark.parametrize("text", [
    'NetChain[{UnitVectorLayer[4], GatedRecurrentLayer[3], GatedRecurrentLayer[2], '
    'SequenceLastLayer[], LinearLayer[3], SoftmaxLayer[]}, "Input" -> {"Varying"}]',
    'NetGraph[<|"lin" -> LinearLayer[2], "act" -> ElementwiseLayer[Tanh], '
    '"loss" -> MeanSquaredLossLayer[]|>, {"lin" -> "act" -> "loss", NetPort["Target"] -> '
    'NetPort["loss", "Target"]}, "Input" -> 3]',
    # cross-entropies fed by a SoftmaxLayer read its logits (the executor's fusion)
    'NetGraph[<|"lin" -> LinearLayer[3], "p" -> SoftmaxLayer[], "loss" -> CrossEntropyLossLayer['
    '"Probabilities"]|>, {"lin" -> "p" -> "loss", NetPort["Target"] -> NetPort["loss", "Target"]}, '
    '"Input" -> 2]',
    'NetGraph[<|"lin" -> NetMapOperator[LinearLayer[3]], "p" -> SoftmaxLayer[], '
    '"loss" -> CrossEntropyLossLayer["Index"]|>, {"lin" -> "p" -> "loss", NetPort["Target"] -> '
    'NetPort["loss", "Target"]}, "Input" -> {"Varying", 2}]',
])
def test_whole_nets_agree(session, text):
    net = net_from_expr(session.evaluate(f"NetInitialize[{text}]"))
    agree(net, "Real64")


@pytest.mark.parametrize("train", [False, True], ids=["evaluation", "training"])
def test_batch_normalization_over_a_varying_sequence_agrees(session, train):
    net = net_from_expr(session.evaluate('NetInitialize@BatchNormalizationLayer['
                                         '"Interleaving" -> True, "Input" -> {"Varying", 3}]'))
    agree(net, "Real64", train=train)


DROPOUTS = ['"Dropout" -> 0.3', '"Dropout" -> {"VariationalWeights" -> 0.4}',
            '"Dropout" -> {"VariationalInput" -> 0.3, "VariationalState" -> 0.5, '
            '"StateUpdate" -> 0.2, "VariationalWeights" -> 0.25}']


@pytest.mark.parametrize("dropout", DROPOUTS)
@pytest.mark.parametrize("layer", ["GatedRecurrentLayer", "LongShortTermMemoryLayer",
                                   "BasicRecurrentLayer"])
@pytest.mark.parametrize("precision", ["Real64", "Real32"])
def test_recurrent_dropout_in_training_agrees(session, layer, dropout, precision):
    """The recurrent layers' "Dropout" in training: the same masks (drawn by the kernels'
    own functions from the same generator) applied to the same quantities."""
    net = net_from_expr(session.evaluate(
        f'NetInitialize@{layer}[3, {dropout}, "Input" -> {{"Varying", 2}}]'))
    agree(net, precision, train=True)


def test_recurrent_dropout_changes_the_training_pass(session):
    """(So that the test above compares dropout, not its absence.)"""
    net = net_from_expr(session.evaluate(
        'NetInitialize@GatedRecurrentLayer[3, "Dropout" -> 0.5, "Input" -> {"Varying", 2}]'))
    rng = np.random.default_rng(3)
    arrays = random_arrays(net, rng, np.float64)
    batches = sample_batches(net, rng, np.float64)
    ex = Executor(net.root, "Real64", backend("torch"))
    test = ex.forward(arrays, batches).outputs["Output"].data
    train = ex.forward(arrays, batches, train=True, rng=np.random.default_rng(1)).outputs["Output"].data
    assert not np.allclose(test, train)


def test_the_backend_is_chosen_by_the_environment(monkeypatch, session):
    net = net_from_expr(session.evaluate('NetInitialize@LinearLayer[2, "Input" -> 3]'))
    monkeypatch.setenv("WLNET_BACKEND", "torch")
    assert Executor.for_net(net).backend.NAME == "torch"
    monkeypatch.setenv("WLNET_BACKEND", "numba")
    assert Executor.for_net(net).backend.NAME == "numba"


def trained_error(monkeypatch, name):
    monkeypatch.setenv("WLNET_BACKEND", name)
    s = Session()
    s.evaluate('net = NetChain[{LinearLayer[8], Tanh, LinearLayer[1]}, "Input" -> 1, "Output" -> "Scalar"];'
               'data = Table[{x} -> Sin[3 x], {x, 0., 1., 0.02}];'
               'trained = NetTrain[net, data, MaxTrainingRounds -> 100, RandomSeeding -> 1];')
    assert not s.messages, s.messages
    return s.evaluate('Max[Abs[trained[data[[All, 1]]] - data[[All, 2]]]]').value


def test_wl_evaluation_and_training_on_torch(monkeypatch):
    """NetTrain and net evaluation run on the torch backend and learn what the default
    backend learns (the same seed: the same numbers up to Real32 rounding)."""
    on_torch = trained_error(monkeypatch, "torch")
    assert on_torch == pytest.approx(trained_error(monkeypatch, "numba"), rel=1e-4)


@pytest.mark.parametrize("text", [
    'FunctionLayer[Riffle[#a, #b] &, "a" -> {3, 2}, "b" -> {2, 2}]',
    'FunctionLayer[Riffle[#a, {1., 2., 3.}] &, "a" -> 3]',
    'FunctionLayer[Riffle[#a, Max[#a]] &, "a" -> 4]',
])
def test_riffle_agrees(session, text):
    agree(net_from_expr(session.evaluate(f"NetInitialize[{text}]")), "Real64")


@pytest.mark.parametrize("text", [
    'FunctionLayer[Ordering[#] + #[[Ordering[#, -2]]] . {1., 2.} &, "Input" -> 4]',
    'FunctionLayer[Ordering, "Input" -> {"Varying"}]',
])
def test_ordering_agrees(session, text):
    agree(net_from_expr(session.evaluate(f"NetInitialize[{text}]")), "Real64")
