"""The examples of the reference pages of UnitVectorLayer, NetArrayLayer (and its old name
ConstantArrayLayer), RandomArrayLayer, ConstantPlusLayer and ConstantTimesLayer."""

import pytest

from wlnet.core.session import Session

from _docs import message_tags, shown


@pytest.fixture(scope="module")
def session():
    return Session()


@pytest.mark.parametrize("text, want", [
    ("UnitVectorLayer[4][2]", "{0., 1., 0., 0.}"),
    ("UnitVectorLayer[4][{1, 3}]", "{{1., 0., 0., 0.}, {0., 0., 1., 0.}}"),
    ('UnitVectorLayer[4, "Input" -> "Varying"][{1, 3}]', "{{1., 0., 0., 0.}, {0., 0., 1., 0.}}"),
    ('UnitVectorLayer["Input" -> NetEncoder[{"Class", {a, b, c}}]][b]', "{0., 1., 0.}"),
    ('NetArrayLayer["Array" -> {{1, 2}, {3, 4}}][]', "{{1., 2.}, {3., 4.}}"),
    ('NetExtract[NetArrayLayer["Array" -> {{1, 2}, {3, 4}}], "Array"]',
     "NumericArray[<2,2>, Real32]"),       # WL's OutputForm: dimensions and type
    ('Normal@NetExtract[NetArrayLayer["Array" -> {{1, 2}, {3, 4}}], "Array"]',
     "{{1., 2.}, {3., 4.}}"),
    ('Dimensions[NetInitialize[NetArrayLayer["Output" -> {2, 3}]][]]', "{2, 3}"),
    ('ConstantArrayLayer["Array" -> {1, 2, 3}][]', "{1., 2., 3.}"),
    # the Scope example: a graph raising its input to the array's powers
    ('NetGraph[{NetArrayLayer["Array" -> {1, 2, 3}], ThreadingLayer[Power]}, '
     '{{NetPort["Input"], 1} -> 2}, "Input" -> 3][{2, 2, 2}]', "{2., 4., 8.}"),
    ('Dimensions[RandomArrayLayer[NormalDistribution[], "Output" -> 3][]]', "{3}"),
    ('Dimensions[RandomArrayLayer[UniformDistribution[{0, 1}], "Output" -> {2, 2}][]]', "{2, 2}"),
    ('Complement[Union[RandomArrayLayer[BernoulliDistribution[0.3], "Output" -> 50][]], '
     '{0., 1.}]', "{}"),
    ('ConstantPlusLayer["Biases" -> {1, 2, 3}][{1, 1, 1}]', "{2., 3., 4.}"),
    ('NetInitialize[ConstantPlusLayer["Input" -> 3]][{1, 2, 3}]', "{1., 2., 3.}"),
    ('ConstantTimesLayer["Scaling" -> {1, 2, 3}][{1, 1, 1}]', "{1., 2., 3.}"),
    ('NetInitialize[ConstantTimesLayer["Input" -> 3]][{1, 2, 3}]', "{1., 2., 3.}"),
])
def test_examples(session, text, want):
    assert shown(session, text) == want


@pytest.mark.parametrize("text, tag", [
    ("UnitVectorLayer[4][5]", "UnitVectorLayer::invindata1"),
    ("UnitVectorLayer[4][1.5]", "UnitVectorLayer::invindata1"),
    # no n and nothing to learn it from: a message, not an internal error
    ("UnitVectorLayer[][{3, 4}]", "UnitVectorLayer::evalnfspec"),
    ("NetChain[{UnitVectorLayer[]}][{1, 2}]", "NetChain::evalnfspec"),
    ('NetArrayLayer["Array" -> {a, b}]', "NetArrayLayer::invarray"),     # no symbolic arrays
    # a given array that does not broadcast over the input (see test_constant_plus_times)
    ('ConstantPlusLayer["Biases" -> {1, 2}, "Input" -> 3]', "ConstantPlusLayer::arrbcast"),
])
def test_messages(session, text, tag):
    assert tag in message_tags(session, text)


def test_array_layer_is_the_old_name_of_net_array_layer(session):
    # ArrayLayer (WL 12.0) evaluates to NetArrayLayer, as ConstantArrayLayer does
    assert shown(session, 'ArrayLayer["Array" -> {1, 2}] === NetArrayLayer["Array" -> {1, 2}]') == "True"
    assert shown(session, 'ArrayLayer["Array" -> {{1, 2}, {3, 4}}][]') == "{{1., 2.}, {3., 4.}}"
