"""ParametricRampLayer: the leaky ramp against numpy and torch's prelu, the slope's shape for
each level specification, its starting value, training it, messages."""

import numpy as np
import pytest

from wlnet.core.session import Session
from wlnet.net.execute import Executor
from wlnet.net.values import Batch
from wlnet.syntax.printer import output_form

from _gradcheck import check_gradients, random_arrays
from _layerutil import build, forward, messages

RNG = np.random.default_rng(31)
SLOPE = ("Arrays", "Slope")


@pytest.fixture(scope="module")
def session():
    return Session()


def reference(x, slope, axes):
    shape = [x.shape[1 + a] if a in axes else 1 for a in range(x.ndim - 1)]
    return np.where(x > 0, x, x * slope.reshape([1] + shape))


@pytest.mark.parametrize("levels, axes", [
    ("", (0,)), ("2", (1,)), ("-1", (2,)), ("{1, 3}", (0, 2)), ("2 ;; 3", (1, 2)), ("{}", ()),
])
def test_against_numpy(session, levels, axes):
    net = build(session, f'ParametricRampLayer[{levels}, "Input" -> {{2, 3, 4}}]'.replace("[, ", "["))
    slope_dims = tuple((2, 3, 4)[a] for a in axes)
    assert net.array_paths()[SLOPE] == slope_dims
    slope = RNG.normal(size=slope_dims)
    x = RNG.normal(size=(5, 2, 3, 4))
    ex = Executor.for_net(net, "Real64")
    got = ex.forward({SLOPE: slope}, {"Input": Batch(x, None)}).outputs["Output"].data
    np.testing.assert_allclose(got, reference(x, slope, axes), rtol=1e-15)
    check_gradients(ex, {SLOPE: slope}, {"Input": Batch(x[:2], None)})


def test_against_torch_prelu(session):
    torch = pytest.importorskip("torch")
    net = build(session, 'ParametricRampLayer["Input" -> {3, 5}]')
    slope = RNG.uniform(0, 0.5, size=3)
    x = RNG.normal(size=(4, 3, 5))
    got = Executor.for_net(net, "Real64").forward({SLOPE: slope}, {"Input": Batch(x, None)})
    want = torch.nn.functional.prelu(torch.from_numpy(x), torch.from_numpy(slope)).numpy()
    np.testing.assert_allclose(got.outputs["Output"].data, want, rtol=1e-15)


def test_slopes_start_at_a_tenth_and_sequences_work(session):
    net = build(session, 'ParametricRampLayer[-1, "Input" -> {"Varying", 2}]')
    np.testing.assert_allclose(np.asarray(net.arrays[SLOPE].array), [0.1, 0.1])
    out = forward(net, lengths=np.array([3, 1]), Input=-np.ones((2, 3, 2)))["Output"]
    np.testing.assert_allclose(out[0], -0.1 * np.ones((3, 2)), rtol=1e-6)


def test_default_level_on_a_sequence_is_level_1_of_each_step(session):
    # the page's Scope: ParametricRampLayer[] "that takes a sequence of length-3 vectors"
    net = build(session, 'ParametricRampLayer["Input" -> {"Varying", 3}]')
    assert net.array_paths()[SLOPE] == (3,)
    slope = RNG.uniform(0, 0.5, size=3)
    x = RNG.normal(size=(2, 4, 3))
    lengths = np.array([4, 2])
    ex = Executor.for_net(net, "Real64")
    got = ex.forward({SLOPE: slope}, {"Input": Batch(x, lengths)}).outputs["Output"].data
    want = np.where(x > 0, x, x * slope)        # the same three slopes at every step
    np.testing.assert_allclose(got[0], want[0], rtol=1e-15)
    np.testing.assert_allclose(got[1, :2], want[1, :2], rtol=1e-15)
    # each slope's gradient sums over the steps (full lengths: a composed layer leaves
    # the padding to the loss, which gives it no gradient)
    check_gradients(ex, {SLOPE: slope}, {"Input": Batch(x, np.array([4, 4]))})


@pytest.mark.parametrize("text, dims", [
    ('ParametricRampLayer["Input" -> {"Varying", 2, 5}]', (2,)),
    ('ParametricRampLayer["Input" -> {4, 2}]', (4,)),
    ('ParametricRampLayer[2, "Input" -> {"Varying", 3}]', (3,)),
    ('ParametricRampLayer[2, "Input" -> {"Varying", 2, 5}]', (2,)),
])
def test_slope_dimensions_with_and_without_a_sequence(session, text, dims):
    assert build(session, text).array_paths()[SLOPE] == dims


def test_default_level_shows_the_level_it_came_to(session):
    # Automatic until the input is known, then the level used: 1, or 2 on a sequence
    for text, level in (('ParametricRampLayer[]', "Automatic"),
                        ('ParametricRampLayer["Input" -> {4, 3}]', "1"),
                        ('ParametricRampLayer["Input" -> {"Varying", 3}]', "2"),
                        ('NetChain[{ParametricRampLayer[]}, "Input" -> {"Varying", 3}][[1]]', "2")):
        assert output_form(session.evaluate(f'NetExtract[{text}, "Levels"]')) == level, text
    assert not session.messages


def test_default_level_reads_back_from_input_form(session):
    session.messages.clear()
    r = session.evaluate('ToExpression[ToString[InputForm[NetInitialize['
                         'ParametricRampLayer["Input" -> {"Varying", 3}]]]]][{{-1, 2, -3}}]')
    assert not session.messages, session.messages
    assert output_form(r) == "{{-0.1, 2., -0.3}}"


def test_training_learns_the_slope(session):
    session.evaluate('data = Table[{x} -> {If[x > 0, x, 0.3 x]}, {x, -2., 2., 0.05}];'
                     't = NetTrain[ParametricRampLayer[{}, "Input" -> 1], data, '
                     'MaxTrainingRounds -> 300, LearningRate -> 0.05, RandomSeeding -> 1, '
                     'TrainingProgressReporting -> None];')
    assert not session.messages, session.messages
    slope = session.evaluate('Normal[NetExtract[t, "Slope"]]')
    assert abs(float(slope.value) - 0.3) < 1e-2


def test_fixed_slope_is_a_leaky_ramp(session):
    r = session.evaluate('ParametricRampLayer[{}, "Slope" -> 0.25][{{10, 10, 10}, {-10, -10, -10}}]')
    assert output_form(r) == "{{10., 10., 10.}, {-2.5, -2.5, -2.5}}"


@pytest.mark.parametrize("text, tag", [
    ('ParametricRampLayer[1, "Input" -> {"Varying", 3}]', "ParametricRampLayer::nodyn"),
    # a sequence of numbers: its level 1 is the varying length, even for the default
    ('ParametricRampLayer["Input" -> {"Varying"}]', "ParametricRampLayer::nodyn"),
    ('ParametricRampLayer[3, "Input" -> {2, 3}]', "ParametricRampLayer::rankx"),
    ('ParametricRampLayer["x"]', "ParametricRampLayer::invlevel"),
    ('ParametricRampLayer["Slope" -> {1, 2}, "Input" -> {3}]', "ParametricRampLayer::"),
    ('NetInitialize[ParametricRampLayer[]]', "NetInitialize::notfspec"),
    ('ParametricRampLayer[][{-1, 2}]', "ParametricRampLayer::"),
])
def test_bad_input_gives_messages(session, text, tag):
    assert any(m.startswith(tag) for m in messages(session, text)), text


@pytest.mark.parametrize("text, want", [
    # given slopes and no "Input": the data's shape fixes the rank, so the slopes are at level 1
    ('ParametricRampLayer["Slope" -> {0.5, 0.2}][{-1, -1}]', "{-0.5, -0.2}"),
    ('ParametricRampLayer["Slope" -> {0.5, 0.2}][{{-1, -1}, {-2, 3}}]', "{{-0.5, -0.5}, {-0.4, 3.}}"),
    ('ParametricRampLayer[{}, "Slope" -> 0.25][{-4, 4}]', "{-1., 4.}"),
])
def test_given_slopes_on_data_of_any_shape(session, text, want):
    session.messages.clear()
    assert output_form(session.evaluate(text)) == want
    assert not session.messages


def test_data_of_the_wrong_shape_for_given_slopes_is_reported(session):
    session.messages.clear()
    session.evaluate('ParametricRampLayer["Slope" -> {0.5, 0.2}][{-1, -1, 3}]')
    assert session.messages and "ParametricRampLayer::" in session.messages[0], session.messages
