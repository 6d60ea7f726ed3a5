"""Automatic loss selection, LossFunction forms, and the batch objective's gradient."""

from typing import NamedTuple

import numpy as np
import pytest

from _netutil import layer, lst, py, sym
from wlnet.core.expr import Expr, Rational, Real, S, String, Symbol
from wlnet.kernels import losses as K
from wlnet.net.containers.chain import build_chain
from wlnet.net.train import TrainError
from wlnet.net.train.data import Batch
from wlnet.net.train.losses import Loss, automatic_losses, batch_loss, parse_loss_function
from wlnet.net.wlform import net_to_expr


def chain(*layers):
    return build_chain([(str(i), l) for i, l in enumerate(layers, 1)])


AUTO = [
    ("softmax", lambda: chain(layer("LinearLayer", 3, Input=2), layer("SoftmaxLayer")), "Index", True),
    ("sigmoid", lambda: chain(layer("LinearLayer", 1, Input=2), layer("ElementwiseLayer", sym("LogisticSigmoid"))), "Binary", False),
    ("linear", lambda: layer("LinearLayer", 2, Input=2), "MeanSquared", False),
    ("tanh", lambda: chain(layer("LinearLayer", 1, Input=2), layer("ElementwiseLayer", sym("Tanh"))), "MeanSquared", False),
    ("loss layer", lambda: layer("MeanSquaredLossLayer", Input=2), "Port", False),
]


@pytest.mark.parametrize("name,make,kind,fused", AUTO, ids=[a[0] for a in AUTO])
def test_automatic_loss_depends_on_the_producing_layer(name, make, kind, fused):
    net = make()
    (loss,) = automatic_losses(net)
    assert (loss.kind, loss.fused) == (kind, fused)
    assert loss.port == next(iter(net.outputs()))


def test_a_net_that_gives_its_loss_is_trained_on_that_loss_alone():
    # an autoencoder (a public MNIST example): its code and its reconstruction are outputs
    # too, but only the loss layer's output is minimised
    from wlnet.core.session import Session
    from wlnet.net.wlform import net_from_expr
    session = Session(echo=False)
    net = net_from_expr(session.evaluate(
        'NetGraph[<|"enc" -> LinearLayer[2], "dec" -> LinearLayer[4], '
        '"loss" -> MeanAbsoluteLossLayer[]|>, {"enc" -> NetPort["Code"], '
        '"dec" -> NetPort["Reconstruction"], NetPort["Input"] -> "enc" -> "dec" -> "loss", '
        'NetPort["Input"] -> NetPort["loss", "Target"]}, "Input" -> 4]'))
    assert set(net.outputs()) == {"Code", "Reconstruction", "Loss"}
    assert automatic_losses(net) == [Loss("Loss", "Port")]


def loss_layer(symbol, *args):
    return net_to_expr(layer(symbol, *args))


def test_loss_function_forms():
    net = chain(layer("LinearLayer", 3, Input=2), layer("SoftmaxLayer"))
    assert parse_loss_function(Symbol("Automatic"), net) == [Loss("Output", "Index", 1.0, True)]
    assert parse_loss_function(loss_layer("MeanSquaredLossLayer"), net) == [Loss("Output", "MeanSquared")]
    ce = loss_layer("CrossEntropyLossLayer", "Probabilities")
    assert parse_loss_function(Expr(S.Rule, String("Output"), ce), net) == \
        [Loss("Output", "Probabilities", 1.0, True)]
    scaled = Expr(S.Rule, loss_layer("MeanAbsoluteLossLayer"), Expr(Symbol("Scaled"), Real(0.5)))
    assert parse_loss_function(scaled, net) == [Loss("Output", "MeanAbsolute", 0.5)]
    assert parse_loss_function(String("Output"), net) == [Loss("Output", "Port")]
    # an exact weight (Scaled[-10^-4] as a GAN program writes it) is a weight too
    exact = Expr(S.Rule, String("Output"), Expr(Symbol("Scaled"), Rational(-1, 10000)))
    assert parse_loss_function(exact, net) == [Loss("Output", "Port", -1e-4)]


@pytest.mark.parametrize("spec", [String("Nope"), py(3), Expr(S.Rule, String("Output"), py(1)),
                                  lst()])
def test_bad_loss_functions(spec):
    net = layer("LinearLayer", 2, Input=2)
    with pytest.raises(TrainError) as err:
        parse_loss_function(spec, net)
    assert err.value.tag == "invloss"


class Res(NamedTuple):
    outputs: dict
    logits: dict


def test_batch_objective_is_the_mean_and_its_gradient_is_divided_by_the_batch():
    rng = np.random.default_rng(0)
    x, t = rng.normal(size=(8, 3)), rng.normal(size=(8, 3))
    res = Res({"Output": Batch(x, None)}, {})
    bl = batch_loss([Loss("Output", "MeanSquared", 2.0)], res, {"Output": Batch(t, None)})
    per, grad = K.mean_squared_loss(x, t)
    assert bl.value == pytest.approx(2.0 * per.mean())
    np.testing.assert_allclose(bl.d_outputs["Output"], 2.0 * grad / 8)
    eps, i = 1e-6, (3, 1)
    x2 = x.copy()
    x2[i] += eps
    up = batch_loss([Loss("Output", "MeanSquared", 2.0)], Res({"Output": Batch(x2, None)}, {}),
                    {"Output": Batch(t, None)}).value
    assert (up - bl.value) / eps == pytest.approx(bl.d_outputs["Output"][i], rel=1e-4)


def test_fused_cross_entropy_uses_the_logits():
    rng = np.random.default_rng(1)
    z = rng.normal(size=(5, 4))
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    t = np.array([1, 4, 2, 2, 3])
    res = Res({"Output": Batch(p, None)}, {"Output": z})
    fused = batch_loss([Loss("Output", "Index", fused=True)], res, {"Output": Batch(t, None)})
    plain = batch_loss([Loss("Output", "Index")], res, {"Output": Batch(t, None)})
    assert fused.value == pytest.approx(plain.value)
    assert "Output" in fused.d_logits and not fused.d_outputs
    onehot = np.eye(4)[t - 1]
    np.testing.assert_allclose(fused.d_logits["Output"], (p - onehot) / 5, atol=1e-12)


def test_port_loss_sums_the_output():
    x = np.arange(6.0).reshape(3, 2)
    bl = batch_loss([Loss("Output", "Port")], Res({"Output": Batch(x, None)}, {}), {})
    assert bl.value == pytest.approx(x.sum(axis=1).mean())
    np.testing.assert_allclose(bl.d_outputs["Output"], np.full((3, 2), 1 / 3))


def test_sequence_losses_average_over_valid_steps():
    x = np.zeros((2, 3, 1))
    t = np.ones((2, 2, 1))                          # targets padded less than the output
    res = Res({"Output": Batch(x, np.array([1, 2]))}, {})
    bl = batch_loss([Loss("Output", "MeanSquared")], res, {"Output": Batch(t, np.array([1, 2]))})
    assert bl.value == pytest.approx(1.0)
    assert bl.d_outputs["Output"][:, 2].sum() == 0 and bl.d_outputs["Output"][0, 1] == 0
