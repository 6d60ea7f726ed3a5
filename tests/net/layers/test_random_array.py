"""RandomArrayLayer: fresh samples of its distribution for every example and every run (in
evaluation and in training), their moments against the distribution's, no gradient, the
distribution kept through round trips, messages for what it cannot sample."""

import numpy as np
import pytest

from wlnet.core.session import Session
from wlnet.net.execute import Executor
from wlnet.net.values import Batch
from wlnet.syntax.printer import output_form

from _layerutil import build, messages


@pytest.fixture(scope="module")
def session():
    return Session()


def samples(session, dist, n=20000):
    net = build(session, f'RandomArrayLayer[{dist}, "Output" -> {n}]')
    ex = Executor.for_net(net, "Real64")
    return ex.forward({}, {}, rng=np.random.default_rng(4)).outputs["Output"].data[0]


@pytest.mark.parametrize("dist, mean, var", [
    ("NormalDistribution[1, 2]", 1, 4),
    ("UniformDistribution[{-1, 3}]", 1, 16 / 12),
    ("ExponentialDistribution[2]", 0.5, 0.25),
    ("GammaDistribution[2, 3]", 6, 18),
    ("PoissonDistribution[3]", 3, 3),
    ("BernoulliDistribution[0.3]", 0.3, 0.21),
    ("DiscreteUniformDistribution[{1, 6}]", 3.5, 35 / 12),
    ("ChiSquareDistribution[3]", 3, 6),
    ("BinomialDistribution[10, 0.4]", 4, 2.4),
    ("HalfNormalDistribution[1]", 1, (np.pi - 2) / 2),
    ("RayleighDistribution[2]", 2 * np.sqrt(np.pi / 2), (4 - np.pi) / 2 * 4),
    ("WeibullDistribution[2, 3]", 3 * 0.886227, 9 * (1 - 0.886227 ** 2)),
])
def test_sample_moments_match_the_distribution(session, dist, mean, var):
    x = samples(session, dist)
    assert abs(x.mean() - mean) < 5 * np.sqrt(var / x.size)
    assert abs(x.var() - var) < 0.1 * var


def test_each_example_and_each_run_draws_afresh(session):
    net = build(session, 'NetGraph[<|"r" -> RandomArrayLayer[NormalDistribution[], "Output" -> 3],'
                         ' "t" -> ThreadingLayer[Plus]|>, {{NetPort["Input"], "r"} -> "t"}, "Input" -> 3]')
    ex = Executor.for_net(net, "Real64")
    x = Batch(np.zeros((4, 3)), None)
    res = ex.forward({}, {"Input": x}, keep=True)
    out = res.outputs["Output"].data
    assert len({tuple(row) for row in out}) == 4
    assert not np.allclose(out, ex.forward({}, {"Input": x}).outputs["Output"].data)
    # no gradient flows into the samples; the input's passes through
    grads = ex.backward(res, {"Output": np.ones((4, 3))})
    np.testing.assert_allclose(grads.inputs["Input"], np.ones((4, 3)))
    r = session.evaluate('r = RandomArrayLayer[NormalDistribution[], "Output" -> 2]; r[] == r[]')
    assert r.name == "False"


def test_random_seeding_makes_an_evaluation_repeatable(session):
    # RandomSeeding -> s seeds the run's generator in test mode too (the layer draws in
    # both modes); Automatic (the default) draws afresh
    session.evaluate('r = RandomArrayLayer[NormalDistribution[], "Output" -> 3];')
    same = session.evaluate('{r[RandomSeeding -> 1] === r[RandomSeeding -> 1], '
                            'r[RandomSeeding -> "s"] === r[RandomSeeding -> "s"], '
                            'r[RandomSeeding -> 1] === r[RandomSeeding -> 2], '
                            'r[RandomSeeding -> Automatic] === r[RandomSeeding -> Automatic]}')
    assert output_form(same) == "{True, True, False, False}"


def test_distribution_round_trips(session):
    r = session.evaluate('NetExtract[RandomArrayLayer[UniformDistribution[{0, 2}]], "Distribution"]')
    assert output_form(r) == "UniformDistribution[{0., 2.}]"
    r = session.evaluate('l = RandomArrayLayer[GammaDistribution[2, 1], "Output" -> 2];'
                         'ToExpression[ToString[InputForm[l]]] === l')
    assert r.name == "True"


def test_a_distribution_head_alone_is_its_standard_form(session):
    # RandomArrayLayer[NormalDistribution, "Output" -> {n}] (a public diffusion-model post)
    r = session.evaluate('NetExtract[RandomArrayLayer[NormalDistribution, "Output" -> {2}], '
                         '"Distribution"]')
    same = session.evaluate('NetExtract[RandomArrayLayer[NormalDistribution[], "Output" -> {2}], '
                            '"Distribution"]')
    assert r == same and output_form(r) == "NormalDistribution[0., 1.]"
    assert messages(session, "RandomArrayLayer[PoissonDistribution]")[0].startswith(
        "RandomArrayLayer::invdist")                       # it has no standard form


@pytest.mark.parametrize("text", [
    "RandomArrayLayer[CauchyDistribution[0, 1]]",
    "RandomArrayLayer[NormalDistribution[0, -1]]",
    "RandomArrayLayer[NormalDistribution[x, 1]]",
    "RandomArrayLayer[UniformDistribution[{2, 1}]]",
    "RandomArrayLayer[3]",
])
def test_what_it_cannot_sample_gives_a_message(session, text):
    assert any(m.startswith("RandomArrayLayer::invdist") for m in messages(session, text)), text


def test_no_distribution_is_an_argument_count_message(session):
    assert any(m.startswith("RandomArrayLayer::") for m in messages(session, "RandomArrayLayer[]"))


def test_parameters_from_the_inputs(session, tmp_path):
    net = build(session, 'RandomArrayLayer[NormalDistribution[#Mean, #Spread] &, "Mean" -> 3]')
    assert list(net.inputs()) == ["Mean", "Spread"]
    ex = Executor.for_net(net, "Real64")
    mean, spread = np.array([[0., 100, -50]] * 4000), np.array([[1., 2, 0.5]] * 4000)
    res = ex.forward({}, {"Mean": Batch(mean, None), "Spread": Batch(spread, None)}, keep=True,
                     rng=np.random.default_rng(3))
    x = res.outputs["Output"].data
    np.testing.assert_allclose(x.mean(axis=0), [0, 100, -50], atol=0.1)
    np.testing.assert_allclose(x.std(axis=0), [1, 2, 0.5], rtol=0.05)
    grads = ex.backward(res, {"Output": np.ones_like(x)})
    assert not grads.inputs                          # no gradient for the parameters
    r = session.evaluate('RandomArrayLayer[UniformDistribution[{#1, #2}] &][<|"Input1" -> {2, 5}, '
                         '"Input2" -> {2, 5}|>]')
    assert output_form(r) == "{2., 5.}"
    path = str(tmp_path / "r.wlnet")
    r = session.evaluate(f'l = RandomArrayLayer[PoissonDistribution[#] &, "Input" -> 2]; '
                         f'Export["{path}", l]; Import["{path}"] === l')
    assert r.name == "True", session.messages


def test_parameters_it_cannot_take_give_messages(session):
    msgs = messages(session, 'RandomArrayLayer[NormalDistribution[#1, #2] &][<|"Input1" -> {0.}, '
                             '"Input2" -> {-1.}|>]')
    assert any(m.startswith("RandomArrayLayer::invdistvals") for m in msgs), msgs
    for text in ("RandomArrayLayer[NormalDistribution[#, x] &]", "RandomArrayLayer[Foo[#] &]",
                 "RandomArrayLayer[NormalDistribution[0, 1] &]"):
        assert any(m.startswith("RandomArrayLayer::invdist") for m in messages(session, text)), text
