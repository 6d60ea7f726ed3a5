"""CompiledLayer: typed functions compiled into primitives; one example or a whole batch
(by the declared rank); the gradient differentiated, given (two or three arguments) or
refused (None); training through it; messages naming what does not compile."""

import numpy as np
import pytest

from wlnet.core.expr import to_python
from wlnet.core.session import Session
from wlnet.net.execute import Executor
from wlnet.net.values import Batch
from wlnet.syntax.printer import output_form

from _gradcheck import check_gradients
from _layerutil import build, forward, messages

RNG = np.random.default_rng(23)


def typed(name, rank, element="Real64"):
    return f'Typed[{name}, "PackedArray"::["{element}", {rank}]]'


@pytest.fixture(scope="module")
def session():
    return Session()


def port_gradient(session, layer, data):
    r = session.evaluate(f'{layer}[{data}, NetPortGradient["Input"]]')
    assert not session.messages, session.messages
    return np.array(to_python(r), dtype=float)


def test_one_example_against_numpy_and_finite_differences(session):
    net = build(session, f'CompiledLayer[Function[{{{typed("x", 2)}}}, Total[Sin[x] * x, {{2}}] + Fold[Max, Transpose[x]]], '
                         '"Input" -> {3, 2}]')
    x = RNG.normal(size=(4, 3, 2))
    np.testing.assert_allclose(forward(net, Input=x)["Output"], (np.sin(x) * x).sum(axis=2) + x.max(axis=2),
                               rtol=1e-13)
    check_gradients(Executor.for_net(net, "Real64"), {}, {"Input": Batch(x, None)})


def test_the_reference_examples(session):
    r = session.evaluate('CompiledLayer[Function[{Typed[input, TypeSpecifier["PackedArray"]["MachineReal", 3]]}, '
                         'Fold[Times, input]], None][{{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}}]')
    assert output_form(r) == "{{5., 12.}, {21., 32.}}"
    assert not session.messages


def test_a_function_of_the_batch(session):
    # rank 2 with vectors as examples: x is the whole batch, Max[x] its largest element
    layer = f'CompiledLayer[Function[{{{typed("x", 2)}}}, x / Max[x]], "Input" -> 3]'
    net = build(session, layer)
    x = RNG.uniform(0.5, 2, size=(5, 3))
    np.testing.assert_allclose(forward(net, Input=x)["Output"], x / x.max(), rtol=1e-14)
    check_gradients(Executor.for_net(net, "Real64"), {}, {"Input": Batch(x, None)})
    # a batched function must give a batch back
    msgs = messages(session, f'CompiledLayer[Function[{{{typed("x", 2)}}}, Total[x]], "Input" -> 3][{{1, 2, 3}}]')
    assert any(m.startswith("CompiledLayer::") for m in msgs), msgs


@pytest.mark.parametrize("gradient, want", [
    # the gradient function is used as given, right or not (here: not)
    (f'Function[{{{typed("x", 1)}, {typed("d", 1)}}}, 0 x + d]', lambda x: np.ones_like(x)),
    (f'Function[{{{typed("x", 1)}, {typed("d", 1)}, {typed("y", 1)}}}, d y / x]', lambda x: x),
])
def test_a_gradient_function_of_its_own(session, gradient, want):
    layer = f'CompiledLayer[Function[{{{typed("x", 1)}}}, x^2], {gradient}]'
    x = np.array([1.0, 2.0, 3.0])
    assert port_gradient(session, layer, "{1, 2, 3}").tolist() == pytest.approx(want(x).tolist())


def test_none_refuses_gradients_but_evaluates(session):
    layer = f'CompiledLayer[Function[{{{typed("x", 1)}}}, x^2], None]'
    assert output_form(session.evaluate(f"{layer}[{{1, 2}}]")) == "{1., 4.}"
    msgs = messages(session, f'{layer}[{{1, 2}}, NetPortGradient["Input"]]')
    assert msgs[0].startswith("CompiledLayer::cnograd"), msgs
    # NetTrain through it says the same (it had no text for the layer's message)
    msgs = messages(session, f'NetTrain[NetChain[{{LinearLayer[2], {layer}}}, "Input" -> 2], '
                             '{{1, 2} -> {1, 1}}, MaxTrainingRounds -> 1, TrainingProgressReporting -> None]')
    assert msgs[0].startswith("NetTrain::cnograd: CompiledLayer[f, None] has no gradient"), msgs


def test_trains_through_a_given_gradient_as_through_its_own_derivative(session):
    session.evaluate('data = Table[{x} -> {0.5 x^2 + x}, {x, -1, 1, 0.1}]')
    f = f'Function[{{{typed("x", 1)}}}, 0.5 x^2 + x]'
    runs = []
    for gradient in (f'Function[{{{typed("x", 1)}, {typed("d", 1)}}}, d (x + 1)]', "Automatic"):
        session.evaluate(f'r = NetTrain[NetChain[{{LinearLayer[1], CompiledLayer[{f}, {gradient}], LinearLayer[1]}}, '
                         '"Input" -> 1], data, All, MaxTrainingRounds -> 60, RandomSeeding -> 1, '
                         'TrainingProgressReporting -> None]')
        assert not session.messages, session.messages
        runs.append([float(v.value) for v in session.evaluate('r["RoundLossList"]').args])
    assert runs[0][-1] < 0.5 * runs[0][0]
    np.testing.assert_allclose(runs[0], runs[1], rtol=1e-4)


@pytest.mark.parametrize("text, tag, part", [
    (f'CompiledLayer[Function[{{{typed("x", 1)}}}, Foo[x]]]', "CompiledLayer::cpart", "Foo[x]"),
    ("CompiledLayer[Function[{x}, x^2]]", "CompiledLayer::ctyped", "Function[{x}"),
    (f'CompiledLayer[Function[{{{typed("x", 1)}}}, x], Function[{{{typed("x", 1)}}}, x]]',
     "CompiledLayer::ctyped", "2 or 3"),
    (f'CompiledLayer[Function[{{{typed("x", 2)}}}, x], "Input" -> {{2, 2, 2, 2}}]', "CompiledLayer::crank", "not 4"),
    (f'CompiledLayer[Function[{{Typed[x, "PackedArray"::["Integer64", 1]]}}, x]]', "CompiledLayer::ctyped", ""),
])
def test_messages(session, text, tag, part):
    msgs = messages(session, text)
    assert any(m.startswith(tag) and part in m for m in msgs), msgs
