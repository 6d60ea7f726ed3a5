"""ConstantPlusLayer and ConstantTimesLayer: a learned array of the input's dimensions added
to or multiplied with the input (numpy reference), trained, shaped from the given array or the
input, and refused for a varying input; a given number or lower-rank array is broadcast over
the input's first dimensions (finite differences of the broadcast array)."""

import numpy as np
import pytest

from wlnet.core.session import Session
from wlnet.net.execute import Executor
from wlnet.net.values import Batch
from wlnet.net.wlform import net_from_expr

from _gradcheck import check_gradients


@pytest.fixture
def s():
    return Session(echo=False)


def _values(e):
    from wlnet.core.numeric_array import to_numpy_data
    return to_numpy_data(e)


@pytest.mark.parametrize("head, name, op", [("ConstantPlusLayer", "Biases", np.add),
                                            ("ConstantTimesLayer", "Scaling", np.multiply)])
def test_applies_its_array_elementwise(s, head, name, op):
    array = np.array([[0.5, -1.0, 2.0], [3.0, 0.25, -2.0]])
    x = np.array([[1.0, 2.0, 3.0], [-4.0, 5.0, 6.0]])
    s.evaluate(f'layer = {head}["{name}" -> {array.tolist()}]'.replace("[[", "{{")
               .replace("]]", "}}").replace("], [", "}, {"))
    got = _values(s.evaluate("layer[" + str(x.tolist()).replace("[", "{").replace("]", "}") + "]"))
    assert np.allclose(got, op(x, array), atol=1e-6)
    assert s.messages == []


@pytest.mark.parametrize("head, name, start", [("ConstantPlusLayer", "Biases", 0.0),
                                               ("ConstantTimesLayer", "Scaling", 1.0)])
def test_initialised_from_the_input_dimensions(s, head, name, start):
    s.evaluate(f'layer = NetInitialize[{head}["Input" -> {{2, 3}}]]')
    array = _values(s.evaluate(f'Normal[NetExtract[layer, "{name}"]]'))
    assert array.shape == (2, 3) and np.all(array == start)


def test_trains_its_array_in_a_chain(s):
    s.evaluate('net = NetInitialize@NetChain[{ConstantTimesLayer[], ConstantPlusLayer[]}, '
               '"Input" -> 2]')
    s.evaluate('trained = NetTrain[net, {{1., 2.} -> {3., 1.}, {2., 1.} -> {5., 0.}}, '
               'MaxTrainingRounds -> 400, TrainingProgressReporting -> None, '
               'LearningRate -> 0.05]')
    got = _values(s.evaluate('trained[{{1., 2.}, {2., 1.}}]'))
    assert np.allclose(got, [[3.0, 1.0], [5.0, 0.0]], atol=0.05)
    scaling = _values(s.evaluate('Normal[NetExtract[trained, {1, "Scaling"}]]'))
    assert not np.allclose(scaling, 1.0)


def test_varying_input_is_refused(s):
    s.evaluate('ConstantPlusLayer["Input" -> {"Varying", 2}]')
    assert any("::nodyn:" in m for m in s.messages)


def test_wrong_arguments_and_wrong_input(s):
    s.evaluate("ConstantTimesLayer[3]")
    assert any("ConstantTimesLayer::args" in m for m in s.messages)
    s.messages.clear()
    s.evaluate('ConstantPlusLayer["Biases" -> {1, 2}][{1, 2, 3}]')
    assert any("ConstantPlusLayer::" in m for m in s.messages)


def test_round_trip_through_its_expression(s):
    e = s.evaluate('NetInitialize[ConstantPlusLayer["Input" -> 3]]')
    net = net_from_expr(e)
    assert net.array_paths() and net.is_initialized()


BROADCAST = [   # (array given, input dimensions)
    ("2.5", (2, 3)),
    ("{0.5, -2.}", (2, 3)),
    ("{{0.5}, {-2.}}", (2, 3)),
    ("{{1., 2., 3.}}", (2, 3)),
    ("{0.5, -2.}", (2, 3, 2)),
]


@pytest.mark.parametrize("head, name, op", [("ConstantPlusLayer", "Biases", np.add),
                                            ("ConstantTimesLayer", "Scaling", np.multiply)])
@pytest.mark.parametrize("array, dims", BROADCAST)
def test_a_number_or_lower_rank_array_is_broadcast_over_the_first_dimensions(s, head, name, op,
                                                                             array, dims):
    # as WL's arithmetic threads {a, b} over {{…}, {…}}: aligned on the first dimensions
    rng = np.random.default_rng(1)
    x = rng.normal(size=dims)
    text = str(x.tolist()).replace("[", "{").replace("]", "}").replace("e", "*^")
    layer = f'{head}["{name}" -> {array}, "Input" -> {{{", ".join(map(str, dims))}}}]'
    got = _values(s.evaluate(f"{layer}[{text}]"))
    a = np.array(_values(s.evaluate(array)), dtype=float)
    a = a.reshape(a.shape + (1,) * (len(dims) - a.ndim))
    assert s.messages == []
    assert np.allclose(got, op(x, a), atol=1e-5)
    net = net_from_expr(s.evaluate(layer))
    arrays = {path: rng.uniform(0.5, 1.5, d) for path, d in net.array_paths().items()}
    check_gradients(Executor.for_net(net, "Real64"), arrays,
                    {"Input": Batch(rng.normal(size=(2,) + dims), None)})


@pytest.mark.parametrize("text, tag", [
    # a trailing alignment (numpy's) is not WL's: {1, 2, 3} + a 2×3 array does not thread
    ('ConstantPlusLayer["Biases" -> {1, 2, 3}, "Input" -> {2, 3}]', "ConstantPlusLayer::arrbcast"),
    ('ConstantTimesLayer["Scaling" -> {{1, 2}}, "Input" -> 2]', "ConstantTimesLayer::arrbcast"),
    # the array's first dimension against a sequence's varying one
    ('ConstantPlusLayer["Biases" -> {1, 2}, "Input" -> {"Varying", 2}]', "ConstantPlusLayer::nodyn"),
])
def test_an_array_that_does_not_broadcast_is_refused(s, text, tag):
    s.evaluate(text)
    assert any(m.startswith(tag + ":") for m in s.messages), s.messages


def test_a_number_scales_a_varying_sequence(s):
    got = s.evaluate('ConstantTimesLayer["Scaling" -> 3, "Input" -> {"Varying", 2}]'
                     '[{{{1, 2}, {3, 4}, {5, 6}}, {{1, 1}}}] == {{{3, 6}, {9, 12}, {15, 18}}, {{3, 3}}}')
    assert got.name == "True" and s.messages == []
