"""NetInitialize in the IR (wlnet/net/initialize.py): rules, reproducibility, distributions."""

import numpy as np
import pytest

from wlnet.net.containers.chain import build_chain
from wlnet.net.errors import NetSpecError
from wlnet.net.initialize import initialize

from _netutil import layer


def gru(n=20, k=30):
    return layer("GatedRecurrentLayer", n, Input=["Varying", k])


def arrays(net):
    return {p[-1]: v.array for p, v in net.arrays.items()}


def test_all_arrays_float32_with_the_right_shapes():
    net = initialize(gru(3, 2))
    a = arrays(net)
    assert len(a) == 9 and all(v.dtype == np.float32 for v in a.values())
    assert a["InputGateInputWeights"].shape == (3, 2) and a["ResetGateStateWeights"].shape == (3, 3)
    assert net.is_initialized()


def test_biases_zero_weights_not():
    a = arrays(initialize(gru()))
    for name, v in a.items():
        if name.endswith("Biases"):
            assert not v.any()
        else:
            assert v.std() > 0


def test_same_seed_same_arrays_other_seed_different():
    a1, a2 = arrays(initialize(gru(), seed=7)), arrays(initialize(gru(), seed=7))
    a3 = arrays(initialize(gru(), seed=8))
    assert all((a1[k] == a2[k]).all() for k in a1)
    assert not (a1["InputGateInputWeights"] == a3["InputGateInputWeights"]).all()


@pytest.mark.parametrize("method, var", [
    ("Kaiming", lambda fi, fo: 2 / fi), ("Xavier", lambda fi, fo: 2 / (fi + fo)),
])
def test_variances(method, var):
    net = initialize(layer("LinearLayer", 400, Input=300), method=method)
    w = arrays(net)["Weights"]
    assert abs(w.var() / var(300, 400) - 1) < 0.05
    assert abs(w.mean()) < 0.01


def test_uniform_distribution_bounds():
    net = initialize(layer("LinearLayer", 50, Input=60), method="Xavier", opts={"Distribution": "Uniform"})
    w = arrays(net)["Weights"]
    limit = np.sqrt(3 * 2 / 110)
    assert w.max() <= limit and w.min() >= -limit and w.max() > 0.9 * limit


def test_orthogonal_rows():
    w = arrays(initialize(layer("LinearLayer", 5, Input=8), method="Orthogonal"))["Weights"]
    assert np.allclose(w @ w.T, np.eye(5), atol=1e-5)


def test_random_method_sigma():
    w = arrays(initialize(layer("LinearLayer", 300, Input=300), method="Random",
                          opts={"Weights": 0.5}))["Weights"]
    assert abs(w.std() - 0.5) < 0.02


def test_only_missing_arrays_unless_all():
    net = initialize(gru(3, 2), seed=1)
    again = initialize(net, seed=2)
    assert again.arrays == net.arrays
    redone = initialize(net, "all", seed=2)
    assert redone.arrays != net.arrays
    assert initialize(net, "none").arrays == {}


def test_underspecified_net_names_missing_sizes():
    with pytest.raises(NetSpecError) as info:
        initialize(layer("GatedRecurrentLayer", 3))
    assert info.value.tag == "notfspec"
    assert "InputGateInputWeights" in info.value.slots[0]


def test_chain_initialises_every_layer():
    net = build_chain([("1", layer("LinearLayer", 3, Input=2)), ("2", layer("LinearLayer", 1))])
    net = initialize(net)
    assert sorted(p for p in net.arrays) == [("Nodes", "1", "Arrays", "Biases"),
                                             ("Nodes", "1", "Arrays", "Weights"),
                                             ("Nodes", "2", "Arrays", "Biases"),
                                             ("Nodes", "2", "Arrays", "Weights")]


def test_identity_method_keeps_components():
    w = arrays(initialize(layer("LinearLayer", 3, Input=4), method="Identity",
                          opts={"Distribution": 0.0}))["Weights"]
    np.testing.assert_array_equal(w, np.eye(3, 4))
    noisy = arrays(initialize(layer("LinearLayer", 3, Input=3), method="Identity"))["Weights"]
    assert np.abs(noisy - np.eye(3)).max() < 0.1 and not np.array_equal(noisy, np.eye(3))


def test_random_method_with_distributions():
    uniform = lambda rng, n: rng.uniform(5, 6, n)       # what the WL face makes of a distribution
    a = arrays(initialize(layer("LinearLayer", 20, Input=30), method="Random",
                          opts={"Weights": uniform, "Biases": lambda rng, n: np.full(n, 2.0)}))
    assert 5 <= a["Weights"].min() and a["Weights"].max() <= 6
    np.testing.assert_array_equal(a["Biases"], 2.0)


def test_identity_of_a_higher_rank_kernel_is_at_its_centre():
    from wlnet.net.initialize import _identity
    w = _identity((2, 3, 3, 3))
    assert w[0, 0, 1, 1] == 1 and w[1, 1, 1, 1] == 1 and w.sum() == 2


def test_an_unknown_suboption_of_a_method_is_named_with_the_ones_it_takes():
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    for method, taken in (('{"Random", "Foo" -> 1}', '"Weights", "Biases"'),
                          ('{"Kaiming", "Weights" -> 1}', '"Distribution"'),
                          ('{"Orthogonal", "Distribution" -> "Uniform"}', 'none')):
        s.messages.clear()
        r = s.evaluate(f'NetInitialize[LinearLayer[2, "Input" -> 3], Method -> {method}]')
        assert output_form(r) == "$Failed"
        assert len(s.messages) == 1 and "NetInitialize::invsubopt:" in s.messages[0], s.messages
        assert s.messages[0].endswith(f"it takes {taken}.")
    s.messages.clear()
    r = s.evaluate('StandardDeviation[Flatten[Normal[NetExtract[NetInitialize[LinearLayer[50, '
                   '"Input" -> 40], Method -> {"Random", "Weights" -> 2, "Biases" -> 2}], '
                   '"Weights"]]]] > 1.8')
    assert output_form(r) == "True" and not s.messages


def test_a_suboption_setting_the_method_does_not_take_is_a_message():
    """The page's settings: "Distribution" of Kaiming and Xavier is "Normal" or "Uniform"
    ("Cauchy" was taken as "Normal", silently); Random's "Weights" and Identity's
    "Distribution" a distribution or a σ; Random's "Biases" also None."""
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    for method, value in (('{"Xavier", "Distribution" -> "Cauchy"}', '"Cauchy"'),
                          ('{"Kaiming", "Distribution" -> 0.5}', '0.5'),
                          ('{"Random", "Weights" -> None}', 'None'),
                          ('{"Random", "Biases" -> "Zero"}', '"Zero"'),
                          ('{"Identity", "Distribution" -> "Normal"}', '"Normal"')):
        s.messages.clear()
        r = s.evaluate(f'NetInitialize[LinearLayer[2, "Input" -> 3], Method -> {method}]')
        assert output_form(r) == "$Failed"
        assert len(s.messages) == 1 and s.messages[0].startswith(f"NetInitialize::invsubval: {value} "), \
            s.messages
    for method in ('{"Xavier", "Distribution" -> "Uniform"}', '{"Random", "Biases" -> None, "Weights" -> 0.1}',
                   '{"Random", "Weights" -> UniformDistribution[{0, 1}]}', '{"Identity", "Distribution" -> 0}'):
        s.messages.clear()
        r = s.evaluate(f'Head[NetInitialize[LinearLayer[2, "Input" -> 3], Method -> {method}]]')
        assert output_form(r) == "LinearLayer" and not s.messages, (method, s.messages)


def test_xavier_factor_types():
    # the Xavier initializer's "FactorType" (WL's older suboption, still met in programs):
    # the variance 2/(fan_in + fan_out) ("Mean"), 2/fan_in ("In"), 2/fan_out ("Out")
    from wlnet.core.session import Session
    s = Session()
    sd = {}
    for factor in ("Mean", "In", "Out"):
        got = s.evaluate(f'StandardDeviation[Flatten[Normal[NetExtract[NetInitialize[LinearLayer[400, '
                         f'"Input" -> 100], Method -> {{"Xavier", "FactorType" -> "{factor}"}}, '
                         f'RandomSeeding -> 1], "Weights"]]]]')
        sd[factor] = got.value
    assert not s.messages
    assert abs(sd["Mean"] - (2 / 500) ** 0.5) < 0.003
    assert abs(sd["In"] - (2 / 100) ** 0.5) < 0.005
    assert abs(sd["Out"] - (2 / 400) ** 0.5) < 0.003
    s.evaluate('NetInitialize[LinearLayer[2, "Input" -> 3], Method -> {"Xavier", "FactorType" -> "Both"}]')
    assert s.messages and s.messages[0].startswith("NetInitialize::invsubval")


def test_missing_sizes_inside_operators_are_named_without_structural_keys():
    # an operator keeps its nets under "Parameters": the name shown is "1/Net/Weights"
    # (was "1/Parameters/Net/Weights")
    from wlnet.core.session import Session
    from wlnet.net.net import missing_sizes
    from wlnet.net.wlform import net_from_expr
    s = Session()
    net = net_from_expr(s.evaluate('NetChain[{NetMapOperator[LinearLayer[2]]}]'))
    assert missing_sizes(net) == ["1/Net/Weights"]
    net = net_from_expr(s.evaluate('NetBidirectionalOperator[BasicRecurrentLayer[2]]'))
    assert missing_sizes(net) == ["ForwardNet/InputWeights", "BackwardNet/InputWeights"]
