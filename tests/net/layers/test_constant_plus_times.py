"""ConstantPlusLayer and ConstantTimesLayer: a learned array of the input's dimensions added
to or multiplied with the input (numpy reference), trained, shaped from the given array or the
input, and refused for a varying input."""

import numpy as np
import pytest

from wlnet.core.session import Session
from wlnet.net.wlform import net_from_expr


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
