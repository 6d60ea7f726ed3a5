"""The examples of the ElementwiseLayer and SoftmaxLayer reference pages: functions by
symbol, pure function and name, ports, batches, plotting, exact numeric input, levels of
the softmax, class decoders, and the messages for functions that do not compile."""

import pytest

from wlnet.core.session import Session

from _docs import message_tags, shown


@pytest.fixture(scope="module")
def session():
    return Session()


@pytest.mark.parametrize("text, want", [
    ("ElementwiseLayer[Ramp][{-2, -1, 0, 1, 2}]", "{0., 0., 0., 1., 2.}"),
    ('ElementwiseLayer[Tanh, "Input" -> 3][{-1, 0, 1}]', "{-0.761594, 0., 0.761594}"),
    ("ElementwiseLayer[#^2 + 1 &][{1, 2, 3}]", "{2., 5., 10.}"),
    ("ElementwiseLayer[Exp[-#^2] &][{-1, 0, 1}]", "{0.367879, 1., 0.367879}"),
    ('ElementwiseLayer["ReLU"][{-1., 0.5, 2.}]', "{0., 0.5, 2.}"),
    ('ElementwiseLayer["SELU"][{-1., 0.5, 2.}]', "{-1.11133, 0.525351, 2.1014}"),
    ('ElementwiseLayer["HardSigmoid"][{-1., 0.5, 2.}]', "{0., 0.75, 1.}"),
    ('ElementwiseLayer[Ramp, "Input" -> {"Varying", 2}][{{1, -1}, {-2, 2}, {3, 3}}]',
     "{{1., 0.}, {0., 2.}, {3., 3.}}"),
    ("ElementwiseLayer[Ramp][1.5]", "1.5"),
    ('ElementwiseLayer[Ramp][NumericArray[{-1., 1.}, "Real32"]]',
     "NumericArray[<2>, Real32]"),
    ('Normal@ElementwiseLayer[Ramp][NumericArray[{-1., 1.}, "Real32"]]', "{0., 1.}"),
    ("Head[Plot[ElementwiseLayer[Tanh][x], {x, -3, 3}]]", "Graphics"),
    # the one-variable heads are functions by themselves: Clip clips to [-1, 1]
    ("ElementwiseLayer[Clip][{-2., 0.5, 3.}]", "{-1., 0.5, 1.}"),
    ("ElementwiseLayer[Minus][{2., -3.}]", "{-2., 3.}"),
    ("ElementwiseLayer[Unitize][{0., 2.}]", "{0., 1.}"),
    # exact numeric quantities are numbers to a net
    ("ElementwiseLayer[Sin][{1/2, Pi/2, 1}]", "{0.479426, 1., 0.841471}"),
    ('LinearLayer[2, "Weights" -> {{1, 2}, {3, 4}}, "Biases" -> {1, 2}][{1/2, Sqrt[2]}]',
     "{4.32843, 9.15685}"),
])
def test_elementwise(session, text, want):
    assert shown(session, text) == want


@pytest.mark.parametrize("text, tag", [
    ("ElementwiseLayer[foo]", "ElementwiseLayer::invfunc"),
    ("ElementwiseLayer[#1 + #2 &]", "ElementwiseLayer::invfunc"),
    ("ElementwiseLayer[Sin][{1, x}]", "ElementwiseLayer::invindata1"),
    ("UnitVectorLayer[3][Pi]", "UnitVectorLayer::invindata1"),
])
def test_elementwise_messages(session, text, tag):
    assert tag in message_tags(session, text)


def test_symbolic_data_is_reported_as_given(session):
    message_tags(session, "UnitVectorLayer[3][Pi]")
    assert "the symbol Pi" in session.messages[0]


@pytest.mark.parametrize("text, want", [
    ('Total[SoftmaxLayer["Input" -> 5][{1, 2, 3, 4, 5}]]', "1."),
    ('SoftmaxLayer["Input" -> {3, 2}][{{1, 2}, {3, 4}, {5, 6}}]',
     "{{0.268941, 0.731059}, {0.268941, 0.731059}, {0.268941, 0.731059}}"),
    ('Total[SoftmaxLayer[1, "Input" -> {3, 2}][{{1, 2}, {3, 4}, {5, 6}}]]', "{1., 1.}"),
    ('SoftmaxLayer[1, "Input" -> {"Varying"}][{{1, 2, 3}, {1, 2}}]',
     "{{0.0900306, 0.244728, 0.665241}, {0.268941, 0.731059}}"),
    ('SoftmaxLayer["Input" -> 3, "Output" -> NetDecoder[{"Class", {a, b, c}}]][{1, 2, 3}]', "c"),
    ('SoftmaxLayer["Input" -> 3, "Output" -> NetDecoder[{"Class", {a, b, c}}]][{1, 2, 3}, '
     '"Probabilities"]', "<|a -> 0.0900306, b -> 0.244728, c -> 0.665241|>"),
    ("SoftmaxLayer[][{1000, 1001}]", "{0.268941, 0.731059}"),
])
def test_softmax(session, text, want):
    assert shown(session, text) == want


@pytest.mark.parametrize("text, tag", [
    ("SoftmaxLayer[0]", "SoftmaxLayer::netarg"),
    # the level must exist in the input
    ('SoftmaxLayer[3, "Input" -> {2, 3}]', "SoftmaxLayer::rankx"),
    ('SoftmaxLayer["Input" -> "Real"]', "SoftmaxLayer::rankx"),
    ("SoftmaxLayer[][5]", "SoftmaxLayer::rankx"),
])
def test_softmax_messages(session, text, tag):
    assert tag in message_tags(session, text)
