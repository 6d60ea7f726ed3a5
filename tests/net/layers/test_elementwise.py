"""ElementwiseLayer's documented function forms beyond the table's functions: Which,
Piecewise, Mod, Surd, Unitize, KroneckerDelta, logic; values against numpy and gradients
by finite differences; functions that do not compile name the offending part."""

import numpy as np
import pytest

from wlnet.core.session import Session

from _gradcheck import check_gradients
from _layerutil import build, forward, messages
from wlnet.net.execute import Executor
from wlnet.net.values import Batch

RNG = np.random.default_rng(14)
X = np.array([[-2.5, -1.2, -0.3, 0.4, 1.7, 2.9]])


@pytest.fixture(scope="module")
def session():
    return Session()


@pytest.mark.parametrize("f, want", [
    ("Which[# < -1, -1, # < 1, #^3, True, 1] &", np.where(X < -1, -1, np.where(X < 1, X ** 3, 1))),
    ("Piecewise[{{#^2, # < 0}, {Sin[#], # < 2}}, 2 #] &", np.where(X < 0, X ** 2, np.where(X < 2, np.sin(X), 2 * X))),
    ("Piecewise[{{-#, # < 0}}] &", np.where(X < 0, -X, 0)),
    ("Mod[#, 2] &", np.mod(X, 2)),
    ("Mod[3 #, 0.7] &", np.mod(3 * X, 0.7)),
    ("Surd[#, 3] &", np.cbrt(X)),
    ("Unitize[Round[#]] &", (np.rint(X) != 0).astype(float)),
    ("KroneckerDelta[Round[#]] &", (np.rint(X) == 0).astype(float)),
    ("If[# > 0 && # < 2, #, 0] &", np.where((X > 0) & (X < 2), X, 0)),
    ("If[# < -2 || !(# < 2), 1, 0] &", np.where((X < -2) | ~(X < 2), 1.0, 0)),
    ("Function[{x}, Clip[x^3, {-1, 2}]]", np.clip(X ** 3, -1, 2)),
])
def test_forms_against_numpy(session, f, want):
    net = build(session, f'ElementwiseLayer[{f}, "Input" -> 6]')
    got = forward(net, Input=X)["Output"]
    np.testing.assert_allclose(got, want, rtol=1e-12)


@pytest.mark.parametrize("f", ["Which[# < -1, -#, True, #^2] &", "Mod[#, 0.3] &",
                               "Piecewise[{{Exp[#], # < 0}}, 1 + #] &"])
def test_gradients_by_finite_differences(session, f):
    net = build(session, f'ElementwiseLayer[{f}, "Input" -> 6]')
    x = X + 0.01                     # away from the kinks
    check_gradients(Executor.for_net(net, "Real64"), {}, {"Input": Batch(x, None)})


@pytest.mark.parametrize("text, part", [
    ("ElementwiseLayer[Foo]", "Foo"),
    ("ElementwiseLayer[#^2 + Foo[#] &]", "Foo[#1]"),
    ("ElementwiseLayer[#1 + #2 &]", "#1 + #2"),
    ("ElementwiseLayer[Exp[#] + Which[# > 0, #, # < 0] &]", ": Which["),
])
def test_non_compilable_functions_name_the_part(session, text, part):
    msgs = messages(session, text)
    assert any(m.startswith("ElementwiseLayer::invfunc") and part in m for m in msgs), msgs


def test_user_definitions_are_expanded(session):
    session.evaluate("sq[x_] := x^2 + Sin[x]; damp[x_] := Exp[-x]")
    r = session.evaluate("ElementwiseLayer[sq][{0., 1., 2.}]")
    assert not session.messages
    np.testing.assert_allclose([a.value for a in r.args], np.array([0, 1, 2]) ** 2 + np.sin([0, 1, 2]),
                               rtol=1e-6)
    r = session.evaluate("ElementwiseLayer[damp[#] + 1 &][{0., 1.}]")
    np.testing.assert_allclose([a.value for a in r.args], np.exp(-np.array([0, 1])) + 1, rtol=1e-6)


@pytest.mark.parametrize("definition, layer", [
    ("loop1[x_] := 1 + loop1[x]", "ElementwiseLayer[loop1]"),          # $RecursionLimit
    ("loop2[x_] := loop2[x]", "ElementwiseLayer[loop2[#] + 1 &]"),     # $IterationLimit
    ("loop1[x_] := 1 + loop1[x]", "ThreadingLayer[loop1[#1] + #2 &]"),
])
def test_an_endless_definition_gives_one_message(session, definition, layer):
    session.evaluate(definition)
    msgs = messages(session, layer)
    symbol = layer.split("[")[0]
    assert len(msgs) == 1 and msgs[0].startswith(symbol + "::fnloop"), msgs
    assert "$RecursionLimit" in msgs[0]
    # the limits' own messages are quiet only while the layer expands its function
    session.evaluate("loop2[x_] := loop2[x]; loop2[1]")
    assert any("$IterationLimit::itlim" in m for m in session.messages), session.messages


Y = np.array([[0.3, 0.6, 1.4, 2.2]])


@pytest.mark.parametrize("f, want", [
    ("ArcCot", np.arctan(1 / Y)),
    ("ArcCsc", np.arcsin(1 / Y[:, 2:])),
    ("ArcSech", np.arccosh(1 / Y[:, :2])),
    ("Haversine", (1 - np.cos(Y)) / 2),
    ("InverseHaversine", 2 * np.arcsin(np.sqrt(Y[:, :2]))),
    ("Gudermannian", 2 * np.arctan(np.tanh(Y / 2))),
    ("InverseGudermannian", 2 * np.arctanh(np.tan(Y[:, :2] / 2))),
    ("InverseErf", None),
    ("Threshold[#, 0.5] &", np.where(np.abs(Y) >= 0.5, Y, 0)),
    ("Positive[# - 1] + NonNegative[# - 2.2] &", (Y > 1).astype(float) + (Y >= 2.2)),
    ("Sinc", np.sin(Y) / Y),
    ("UnitBox[# - 0.3] + UnitTriangle[# - 1] &",
     (np.abs(Y - 0.3) <= 0.5).astype(float) + np.maximum(1 - np.abs(Y - 1), 0)),
])
def test_documented_functions_of_one_argument(session, f, want):
    from scipy.special import erfinv
    x = Y[:, :2] if f in ("ArcSech", "InverseHaversine", "InverseGudermannian", "InverseErf") else \
        Y[:, 2:] if f == "ArcCsc" else Y
    if want is None:
        want = erfinv(x)
    net = build(session, f'ElementwiseLayer[{f}, "Input" -> {x.shape[1]}]')
    np.testing.assert_allclose(forward(net, Input=x)["Output"], want, rtol=1e-12)


def test_sinc_is_one_at_zero_with_a_finite_gradient(session):
    net = build(session, 'ElementwiseLayer[Sinc, "Input" -> 3]')
    x = np.array([[0.0, 1e-3, -2.0]])
    np.testing.assert_allclose(forward(net, Input=x)["Output"], [[1.0, np.sinc(1e-3 / np.pi), np.sin(2) / 2]],
                               rtol=1e-12)
    check_gradients(Executor.for_net(net, "Real64"), {}, {"Input": Batch(X[:, :3] + 0.01, None)})
    ex = Executor.for_net(net, "Real64")
    res = ex.forward({}, {"Input": Batch(np.zeros((1, 3)), None)}, keep=True)
    grads = ex.backward(res, {"Output": np.ones((1, 3))})
    np.testing.assert_allclose(grads.inputs["Input"], np.zeros((1, 3)), atol=1e-12)


def test_named_functions_inside_a_function(session):
    r = session.evaluate('ThreadingLayer["ReLU"[#1] + "SELU"[#2] &][{{-1, 1}, {-1, 1}}]')
    want = np.maximum([-1, 1], 0) + 1.0507009873554805 * np.where(
        np.array([-1, 1]) > 0, [-1, 1], 1.6732632423543772 * np.expm1([-1, 1]))
    np.testing.assert_allclose([a.value for a in r.args], want, rtol=1e-6)


def test_named_parameters_take_the_sessions_values(session):
    # Function[{y}, c y] holds c (a global constant of the program): the layer uses its
    # value, and a global y does not leak into the parameter
    session.evaluate("cScale = 2.5; y = 100.")
    r = session.evaluate("ElementwiseLayer[Function[{y}, cScale y + 1]][{0., 2.}]")
    assert not session.messages
    np.testing.assert_allclose([a.value for a in r.args], [1.0, 6.0], rtol=1e-6)
    r = session.evaluate("ElementwiseLayer[Function[y, cScale Tanh[y]]][{1.}]")
    np.testing.assert_allclose([a.value for a in r.args], [2.5 * np.tanh(1.0)], rtol=1e-6)


def test_a_symbol_without_value_is_still_named(session):
    msgs = messages(session, "ElementwiseLayer[Function[{y}, noValueHere y]]")
    assert msgs[0].startswith("ElementwiseLayer::invfunc") and "noValueHere" in msgs[0]
