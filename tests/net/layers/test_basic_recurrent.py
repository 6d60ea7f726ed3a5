"""BasicRecurrentLayer: torch.nn.RNN equality (Tanh and Ramp), finite differences with every
dropout method, the "Activation" option and its messages."""

import numpy as np
import pytest

from wlnet.core.expr import Symbol
from wlnet.core.session import Session
from wlnet.net.errors import NetSpecError
from wlnet.net.execute import Executor
from wlnet.net.values import Batch
from wlnet.net.wlform import net_from_expr

from _gradcheck import check_gradients
from _netutil import layer


def net_and_arrays(activation="Tanh", n=5, k=3, dropout="None", seed=0):
    s = Session()
    net = net_from_expr(s.evaluate(
        f'NetInitialize[BasicRecurrentLayer[{n}, "Input" -> {{"Varying", {k}}}, '
        f'"Activation" -> {activation}, "Dropout" -> {dropout}]]'))
    assert not s.messages, s.messages
    rng = np.random.default_rng(seed)
    arrays = {path: rng.uniform(-0.8, 0.8, dims) for path, dims in net.array_paths().items()}
    return net, arrays


@pytest.mark.parametrize("activation, nonlinearity", [("Tanh", "tanh"), ("Ramp", "relu"),
                                                      ('"ReLU"', "relu")])
def test_against_torch_rnn(activation, nonlinearity):
    torch = pytest.importorskip("torch")
    n, k, lengths = 5, 3, np.array([6, 2, 4, 1])
    net, arrays = net_and_arrays(activation, n, k)
    rng = np.random.default_rng(1)
    x = rng.standard_normal((4, 6, k))
    s0, d_out, d_final = (rng.standard_normal(shape) for shape in ((4, n), (4, 6, n), (4, n)))
    ex = Executor.for_net(net, "Real64")
    res = ex.forward(arrays, {"Input": Batch(x, lengths)}, initial_states={("State",): s0},
                     keep=True)
    grads = ex.backward(res, {"Output": d_out}, d_final_states={("State",): d_final})

    rnn = torch.nn.RNN(k, n, nonlinearity=nonlinearity, batch_first=True).double()
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.from_numpy(arrays[("Arrays", "InputWeights")]))
        rnn.weight_hh_l0.copy_(torch.from_numpy(arrays[("Arrays", "StateWeights")]))
        rnn.bias_ih_l0.copy_(torch.from_numpy(arrays[("Arrays", "Biases")]))
        rnn.bias_hh_l0.zero_()
    out = res.outputs["Output"].data
    for e, length in enumerate(lengths):
        xe = torch.from_numpy(x[e:e + 1, :length].copy()).requires_grad_(True)
        he = torch.from_numpy(s0[e].reshape(1, 1, n).copy()).requires_grad_(True)
        ye, hT = rnn(xe, he)
        ((ye * torch.from_numpy(d_out[e:e + 1, :length])).sum()
         + (hT[0] * torch.from_numpy(d_final[e:e + 1])).sum()).backward()
        np.testing.assert_allclose(out[e, :length], ye.detach().numpy()[0], rtol=1e-9, atol=1e-12)
        assert not out[e, length:].any()
        np.testing.assert_allclose(res.final_states[("State",)][e], hT.detach().numpy()[0, 0],
                                   rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(grads.inputs["Input"][e, :length], xe.grad.numpy()[0],
                                   rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(grads.states[("State",)][e], he.grad.numpy()[0, 0],
                                   rtol=1e-9, atol=1e-12)
    for name, param in (("InputWeights", rnn.weight_ih_l0), ("StateWeights", rnn.weight_hh_l0),
                        ("Biases", rnn.bias_ih_l0)):
        np.testing.assert_allclose(grads.arrays[("Arrays", name)], param.grad.numpy(),
                                   rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("method", ["VariationalWeights", "VariationalInput", "VariationalState",
                                    "StateUpdate"])
def test_dropout_gradients(method):
    net, arrays = net_and_arrays("LogisticSigmoid", n=3, k=2, dropout=f'{{"{method}" -> 0.4}}')
    rng = np.random.default_rng(4)
    x = Batch(rng.standard_normal((3, 4, 2)), np.array([4, 1, 3]))
    ex = Executor.for_net(net, "Real64")
    check_gradients(ex, arrays, {"Input": x}, states={("State",): rng.standard_normal((3, 3))},
                    rng_seed=11)
    test = ex.forward(arrays, {"Input": x}).outputs["Output"].data
    train = ex.forward(arrays, {"Input": x}, train=True,
                       rng=np.random.default_rng(11)).outputs["Output"].data
    assert not np.allclose(test, train)


def test_activation_is_kept_as_given():
    net = layer("BasicRecurrentLayer", 2, Activation=Symbol("Ramp"))
    assert net.root.params["Activation"] == Symbol("Ramp")
    assert layer("BasicRecurrentLayer", 2).root.params["Activation"] == Symbol("Tanh")
    s = Session()
    s.evaluate('net = BasicRecurrentLayer[2, "Activation" -> "ReLU"];')
    assert s.evaluate('ToExpression[ToString[InputForm[net]]] === net') == Symbol("True")
    assert 'Activation" -> "ReLU"' in s.evaluate('ToString[InputForm[net]]').value


@pytest.mark.parametrize("value", [Symbol("Foo"), "NotAFunction", 3])
def test_bad_activation(value):
    with pytest.raises(NetSpecError) as info:
        layer("BasicRecurrentLayer", 2, Activation=value)
    assert info.value.tag == "invact"


def test_messages_at_the_wl_level():
    s = Session()
    r = s.evaluate('BasicRecurrentLayer[2, "Activation" -> Foo]')
    assert s.messages[0].startswith("BasicRecurrentLayer::invact")
    s.messages.clear()
    s.evaluate('net = NetInitialize@BasicRecurrentLayer[2, "Input" -> {"Varying", 2}];')
    assert s.evaluate('net[{{1, 2, 3}}]') == Symbol("$Failed")
    assert s.messages and s.messages[0].startswith("BasicRecurrentLayer::")
