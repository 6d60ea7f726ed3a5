"""BatchNormalizationLayer: evaluation and training forward passes and gradients against
torch.nn.functional.batch_norm (float64, 1e-9), the moving statistics' updates (the op's
array_updates, stored by NetTrain), Interleaving, and messages."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from wlnet.core.packed import packed_array
from wlnet.core.session import Session
from wlnet.net.execute import Executor
from wlnet.net.values import Batch
from wlnet.net.wlform import net_from_expr
from wlnet.syntax.printer import output_form

from _gradcheck import check_gradients

ARRAYS = ("Scaling", "Biases", "MovingMean", "MovingVariance")


@pytest.fixture(scope="module")
def session():
    return Session()


def evaluate(session, text):
    session.messages.clear()
    r = session.evaluate(text)
    assert not session.messages, (text, session.messages)
    return r


def layer_with_arrays(session, dims, channels, rng, options=""):
    scaling, biases, mean = (rng.normal(size=channels) for _ in range(3))
    variance = rng.uniform(0.5, 2, size=channels)
    lists = [f'"{name}" -> {{{", ".join(repr(float(v)) for v in values)}}}'
             for name, values in zip(ARRAYS, (scaling, biases, mean, variance))]
    text = (f'BatchNormalizationLayer[{", ".join(lists)}, "Input" -> {{{", ".join(map(str, dims))}}}'
            f'{options}]')
    return net_from_expr(evaluate(session, text))


def run(net, x, train):
    ex = Executor.for_net(net, "Real64")
    arrays = ex.arrays_for(net)
    res = ex.forward(arrays, {"Input": Batch(x, None)}, train=train, keep=True)
    out = res.outputs["Output"].data
    d_out = np.random.default_rng(7).normal(size=out.shape)
    grads = ex.backward(res, {"Output": d_out})
    return arrays, res, out, d_out, grads


@pytest.mark.parametrize("train", [False, True], ids=["evaluation", "training"])
@pytest.mark.parametrize("dims", [(3,), (2, 5), (3, 4, 5), (2, 3, 2, 2)], ids=str)
def test_matches_torch(session, dims, train):
    rng = np.random.default_rng(len(dims))
    net = layer_with_arrays(session, dims, dims[0], rng)
    x = rng.normal(2, 3, size=(4,) + dims)
    arrays, res, out, d_out, grads = run(net, x, train)
    a = {name: torch.tensor(arrays[("Arrays", name)], requires_grad=not (
        train and name.startswith("Moving"))) for name in ARRAYS}
    tx = torch.tensor(x, requires_grad=True)
    if train:
        running = [a[n].detach().clone() for n in ("MovingMean", "MovingVariance")]
        t_out = F.batch_norm(tx, *running, a["Scaling"], a["Biases"], training=True,
                             momentum=0.1, eps=0.001)
    else:               # torch's batch_norm has no gradient for the running statistics
        shape = (1, -1) + (1,) * (x.ndim - 2)
        m, v, g, b = (a[n].reshape(shape) for n in ("MovingMean", "MovingVariance",
                                                    "Scaling", "Biases"))
        t_out = (tx - m) / torch.sqrt(v + 0.001) * g + b
        np.testing.assert_allclose(t_out.detach().numpy(), F.batch_norm(
            tx.detach(), *(a[n].detach() for n in ARRAYS[2:] + ARRAYS[:2]),
            eps=0.001).numpy(), rtol=1e-12)
    t_out.backward(torch.tensor(d_out))
    np.testing.assert_allclose(out, t_out.detach().numpy(), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(grads.inputs["Input"], tx.grad.numpy(), rtol=1e-9, atol=1e-9)
    for name in ARRAYS:
        path = ("Arrays", name)
        if train and name.startswith("Moving"):
            assert path not in grads.arrays or not np.any(grads.arrays[path])
            continue
        np.testing.assert_allclose(grads.arrays[path], a[name].grad.numpy(), rtol=1e-9,
                                   atol=1e-9, err_msg=name)


@pytest.mark.parametrize("dims", [(3,), (3, 4, 5)], ids=str)
def test_training_returns_the_moving_statistics_updates(session, dims):
    rng = np.random.default_rng(5)
    net = layer_with_arrays(session, dims, dims[0], rng, ', "Momentum" -> 0.8')
    x = rng.normal(1, 2, size=(6,) + dims)
    arrays, res, _, _, _ = run(net, x, train=True)
    axes = (0,) + tuple(range(2, x.ndim))
    mean, variance = x.mean(axis=axes), x.var(axis=axes)          # biased, as MXNet
    want_mean = 0.8 * arrays[("Arrays", "MovingMean")] + 0.2 * mean
    want_var = 0.8 * arrays[("Arrays", "MovingVariance")] + 0.2 * variance
    assert set(res.array_updates) == {("Arrays", "MovingMean"), ("Arrays", "MovingVariance")}
    np.testing.assert_allclose(res.array_updates[("Arrays", "MovingMean")], want_mean, rtol=1e-12)
    np.testing.assert_allclose(res.array_updates[("Arrays", "MovingVariance")], want_var,
                               rtol=1e-12)
    _, res, _, _, _ = run(net, x, train=False)
    assert res.array_updates == {}                             # evaluation changes nothing


def test_interleaving_puts_the_channels_last(session):
    rng = np.random.default_rng(8)
    first = layer_with_arrays(session, (3, 4, 2), 3, rng)
    arrays = {name: first.arrays[("Arrays", name)].array for name in ARRAYS}
    last = layer_with_arrays(session, (4, 2, 3), 3, np.random.default_rng(8),
                             ', Interleaving -> True')
    for name in ARRAYS:
        np.testing.assert_array_equal(last.arrays[("Arrays", name)].array, arrays[name])
    x = rng.normal(size=(5, 3, 4, 2))
    for train in (False, True):
        out_first = run(first, x, train)[2]
        out_last = run(last, np.ascontiguousarray(np.moveaxis(x, 1, -1)), train)[2]
        np.testing.assert_allclose(np.moveaxis(out_last, -1, 1), out_first, rtol=1e-12)


def test_training_gradients_by_finite_differences(session):
    net = layer_with_arrays(session, (2, 3), 2, np.random.default_rng(4))
    ex = Executor.for_net(net, "Real64")
    x = np.random.default_rng(9).normal(size=(3, 2, 3))
    check_gradients(ex, ex.arrays_for(net), {"Input": Batch(x, None)}, rng_seed=1)


def _moving(session, name):
    r = evaluate(session, f'Normal@NetExtract[trained, {{1, "{name}"}}]')
    return np.array([float(v) for v in output_form(r).strip("{}").split(",")])


def test_net_train_updates_the_moving_statistics(session):
    # BatchNormalization first: its input is the data, whatever the learning does, so after
    # two rounds of one batch MovingMean = (1 - 0.9^2) mean(x) and likewise the variance.
    evaluate(session, 'x = RandomReal[{-1, 3}, {8, 2}]; data = Thread[x -> Total[x, {2}]];')
    evaluate(session, 'trained = NetTrain[NetChain[{BatchNormalizationLayer[], LinearLayer[]},'
                      ' "Input" -> 2, "Output" -> "Scalar"], data, BatchSize -> 8, '
                      'MaxTrainingRounds -> 2, RandomSeeding -> 1];')
    # the data's own doubles (its printed form has 6 digits: too few for rtol 1e-5 on a mean
    # near 0, which made this test fail now and then)
    x = packed_array(evaluate(session, "x"))
    np.testing.assert_allclose(_moving(session, "MovingMean"), 0.19 * x.mean(axis=0),
                               rtol=1e-5)
    np.testing.assert_allclose(_moving(session, "MovingVariance"),
                               0.81 + 0.19 * x.var(axis=0), rtol=1e-5)


@pytest.mark.parametrize("setting", ['LearningRateMultipliers -> {1 -> 0}',
                                     'LearningRateMultipliers -> {{1, "MovingMean"} -> 0}'])
def test_a_zero_learning_rate_multiplier_freezes_them(session, setting):
    evaluate(session, 'data = Thread[RandomReal[{-1, 3}, {8, 2}] -> RandomReal[1, 8]];')
    evaluate(session, 'trained = NetTrain[NetChain[{BatchNormalizationLayer[], LinearLayer[]},'
                      f' "Input" -> 2, "Output" -> "Scalar"], data, BatchSize -> 8, {setting}, '
                      'MaxTrainingRounds -> 2];')
    np.testing.assert_array_equal(_moving(session, "MovingMean"), [0, 0])


def test_momentum_one_freezes_them(session):
    evaluate(session, 'data = Thread[RandomReal[{-1, 3}, {8, 2}] -> RandomReal[1, 8]];')
    evaluate(session, 'trained = NetTrain[NetChain[{BatchNormalizationLayer["Momentum" -> 1], '
                      'LinearLayer[]}, "Input" -> 2, "Output" -> "Scalar"], data, '
                      'BatchSize -> 8, MaxTrainingRounds -> 2];')
    np.testing.assert_array_equal(_moving(session, "MovingVariance"), [1, 1])


@pytest.mark.parametrize("text, tag, words", [
    ('BatchNormalizationLayer["Momentum" -> 2]', "invsetting", ['"Momentum"', "between 0 and 1"]),
    ('BatchNormalizationLayer["Epsilon" -> -1]', "invsetting", ['"Epsilon"']),
    ('BatchNormalizationLayer[Interleaving -> 1]', "invsetting", ["Interleaving"]),
    ('BatchNormalizationLayer["Input" -> {"Varying", 3}]', "nodyn", ["varying"]),
    ('BatchNormalizationLayer["Input" -> {"Varying", 3, 2}]', "nodyn", ["varying"]),
    ('BatchNormalizationLayer["Input" -> "Real"]', "nochannels", ["channel dimension"]),
    ('BatchNormalizationLayer["Scaling" -> {1, 2}, "Input" -> {3, 4}]', "chmismatch",
     ["has 3 channels", "made for 2"]),
])
def test_messages(session, text, tag, words):
    session.messages.clear()
    r = session.evaluate(text)
    assert output_form(r).startswith("$Failed")
    assert len(session.messages) == 1, session.messages
    assert session.messages[0].startswith(f"BatchNormalizationLayer::{tag}:"), session.messages
    for w in words:
        assert w in session.messages[0], (w, session.messages[0])
    session.messages.clear()


def test_an_array_given_as_one_number_is_filled_once_its_size_is_known(session):
    # BatchNormalizationLayer["Scaling" -> 1, "Biases" -> 0] in a chain that fixes the
    # channels later (a public text GAN freezes its normalization so)
    r = evaluate(session, 'c = NetChain[{ConvolutionLayer[4, 3], BatchNormalizationLayer['
                          '"Scaling" -> 2, "Biases" -> 0]}, "Input" -> {1, 5, 5}]; '
                          '{Normal@NetExtract[c, {2, "Scaling"}], Normal@NetExtract[c, {2, "Biases"}]}')
    assert output_form(r) == "{{2., 2., 2., 2.}, {0., 0., 0., 0.}}"
    r = evaluate(session, 'Normal@NetExtract[NetChain[{LinearLayer[2, "Weights" -> 0.5]}, '
                          '"Input" -> 3], {1, "Weights"}]')
    assert output_form(r) == "{{0.5, 0.5, 0.5}, {0.5, 0.5, 0.5}}"
    session.messages.clear()
    session.evaluate('BatchNormalizationLayer["Scaling" -> {1, 2}, "Input" -> {3, 2}]')
    assert session.messages      # a list must still fit


def test_a_varying_sequence_is_normalised_over_its_valid_steps(session):
    """Interleaved channels over a "Varying" length: the statistics, the output and the
    gradients are those of the valid steps alone (the padding counts in nothing)."""
    rng = np.random.default_rng(11)
    net = layer_with_arrays(session, ("\"Varying\"", 2), 2, rng, ', "Interleaving" -> True')
    x = rng.normal(1, 2, size=(3, 4, 2))
    lengths = np.array([4, 2, 1])
    steps = np.arange(4)[None, :] < lengths[:, None]
    ex = Executor.for_net(net, "Real64")
    arrays = ex.arrays_for(net)
    res = ex.forward(arrays, {"Input": Batch(x, lengths)}, train=True, keep=True)
    out = res.outputs["Output"].data
    rows = x[steps]                                                    # (7, 2)
    g, b = (arrays[("Arrays", n)] for n in ("Scaling", "Biases"))
    want = (rows - rows.mean(axis=0)) / np.sqrt(rows.var(axis=0) + 0.001) * g + b
    np.testing.assert_allclose(out[steps], want, rtol=1e-12)
    assert not out[~steps].any()
    moving = 0.9 * arrays[("Arrays", "MovingMean")] + 0.1 * rows.mean(axis=0)
    np.testing.assert_allclose(res.array_updates[("Arrays", "MovingMean")], moving, rtol=1e-12)
    d_out = rng.normal(size=out.shape)
    grads = ex.backward(res, {"Output": d_out})
    t_rows = torch.tensor(rows, requires_grad=True)
    t_g, t_b = torch.tensor(g, requires_grad=True), torch.tensor(b, requires_grad=True)
    t_out = F.batch_norm(t_rows, None, None, t_g, t_b, training=True, eps=0.001)
    t_out.backward(torch.tensor(d_out[steps]))
    np.testing.assert_allclose(grads.inputs["Input"][steps], t_rows.grad.numpy(), rtol=1e-9,
                               atol=1e-12)
    assert not grads.inputs["Input"][~steps].any()
    np.testing.assert_allclose(grads.arrays[("Arrays", "Scaling")], t_g.grad.numpy(),
                               rtol=1e-9)
    np.testing.assert_allclose(grads.arrays[("Arrays", "Biases")], t_b.grad.numpy(), rtol=1e-9)


def test_a_varying_sequence_net_trains(session):
    evaluate(session, 'seqs = Table[RandomReal[1, {RandomInteger[{2, 6}], 3}], 40]; '
                      'data = Thread[seqs -> RandomReal[1, 40]];')
    r = evaluate(session, 'Head[NetTrain[NetChain[{ConvolutionLayer[4, {3}, PaddingSize -> 1, '
                          '"Interleaving" -> True], BatchNormalizationLayer["Interleaving" -> '
                          'True], Ramp, AggregationLayer[Mean, 1], LinearLayer[]}, '
                          '"Input" -> {"n", 3}, "Output" -> "Scalar"], data, '
                          'MaxTrainingRounds -> 2, BatchSize -> 8]]')
    assert output_form(r) == "NetChain"


def test_version_11_array_names_gamma_and_beta_are_read(session):
    """Programs written for 11.0 name the arrays "Gamma" and "Beta"."""
    session.evaluate('bn11 = BatchNormalizationLayer["Gamma" -> {2, 2}, "Beta" -> {1, 1}, '
                     '"MovingMean" -> {1, 2}, "MovingVariance" -> {4, 9}, "Epsilon" -> 0, '
                     '"Input" -> 2];')
    assert not session.messages
    assert output_form(session.evaluate('Normal[NetExtract[bn11, "Scaling"]]')) == "{2., 2.}"
    assert output_form(session.evaluate('Normal[NetExtract[bn11, "Biases"]]')) == "{1., 1.}"
    assert output_form(session.evaluate("bn11[{3, 5}]")) == "{3., 3.}"


def test_beta_alone_names_the_biases(session):
    # nets converted from MXNet in 2018 set the arrays under their earlier names
    r = evaluate(session, 'Normal@NetExtract[BatchNormalizationLayer["Beta" -> {1, 2, 3}], '
                          '"Biases"]')
    assert output_form(r) == "{1., 2., 3.}"


def test_netextract_and_netreplacepart_take_the_version_11_names(session):
    """What the constructor reads as "Scaling" and "Biases", NetExtract and NetReplacePart
    read so too, in a layer and in a chain."""
    session.evaluate('bn11 = BatchNormalizationLayer["Gamma" -> {2, 2}, "Beta" -> {1, 1}, '
                     '"MovingMean" -> {1, 2}, "MovingVariance" -> {4, 9}, "Input" -> 2];')
    assert output_form(session.evaluate('Normal[NetExtract[bn11, "Gamma"]]')) == "{2., 2.}"
    assert output_form(session.evaluate('Normal[NetExtract[bn11, "Beta"]]')) == "{1., 1.}"
    r = session.evaluate('Normal[NetExtract[NetReplacePart[bn11, "Gamma" -> {3, 4}], '
                         '"Scaling"]]')
    assert output_form(r) == "{3., 4.}"
    session.evaluate('chain11 = NetChain[{bn11}];')
    r = session.evaluate('Normal[NetExtract[NetReplacePart[chain11, {1, "Beta"} -> {5, 6}], '
                         '{1, "Beta"}]]')
    assert output_form(r) == "{5., 6.}"
