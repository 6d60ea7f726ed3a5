"""The examples of the reference pages of the array layers (FlattenLayer, ReshapeLayer,
CatenateLayer, ThreadingLayer, TotalLayer, AggregationLayer, SummationLayer,
ReplicateLayer, PaddingLayer, TransposeLayer, DotLayer): results, output shapes, and the
messages of the Possible Issues sections."""

import numpy as np
import pytest

from wlnet.core.session import Session
from wlnet.net.execute import Executor
from wlnet.net.values import Batch

from _docs import message_tags, shown
from _gradcheck import check_gradients
from _layerutil import build


@pytest.fixture(scope="module")
def session():
    return Session()


@pytest.mark.parametrize("text, want", [
    ('NetExtract[FlattenLayer["Input" -> {2, 3, 4}], "Output"]', "24"),
    ('NetExtract[FlattenLayer[1, "Input" -> {2, 3, 4}], "Output"]', "{6, 4}"),
    ('NetExtract[FlattenLayer[-1, "Input" -> {2, 3, 4}], "Output"]', "{2, 12}"),
    ('NetExtract[FlattenLayer[2, "Input" -> {2, 3, 4, 5}], "Output"]', "{24, 5}"),
    ('NetExtract[FlattenLayer["Input" -> NetEncoder[{"Image", {4, 4}}]], "Output"]', "48"),
    ("FlattenLayer[][{{1, 2}, {3, 4}}]", "{1., 2., 3., 4.}"),
    ('ReshapeLayer[{2, 3}, "Input" -> 6][Range[6]]', "{{1., 2., 3.}, {4., 5., 6.}}"),
    ("ReshapeLayer[{2, Automatic}][Range[6]]", "{{1., 2., 3.}, {4., 5., 6.}}"),
    ('NetExtract[ReshapeLayer[{Inherited, 2, Automatic}, "Input" -> {3, 4}], "Output"]',
     "{3, 2, 2}"),
    ("CatenateLayer[][{{1, 2}, {3, 4, 5}}]", "{1., 2., 3., 4., 5.}"),
    ("CatenateLayer[InputPorts -> {{2}, {3}}][{{1, 2}, {3, 4, 5}}]", "{1., 2., 3., 4., 5.}"),
    ('NetGraph[{CatenateLayer[]}, {{NetPort["In1"], NetPort["In2"]} -> 1}, "In1" -> {2}, '
     '"In2" -> {3}][<|"In1" -> {1, 2}, "In2" -> {3, 4, 5}|>]', "{1., 2., 3., 4., 5.}"),
    ("CatenateLayer[][{{{1, 2}}, {{3, 4}, {5, 6}}}]", "{{1., 2.}, {3., 4.}, {5., 6.}}"),
    # a vector with a matrix: the vector is replicated
    ("CatenateLayer[][{{{1, 2, 3}, {4, 5, 6}}, {7, 8, 9}}]",
     "{{1., 2., 3., 7., 8., 9.}, {4., 5., 6., 7., 8., 9.}}"),
    ('NetGraph[{CatenateLayer[2]}, {{NetPort["A"], NetPort["B"]} -> 1}, "A" -> {"Varying", 2}, '
     '"B" -> {"Varying", 3}][<|"A" -> {{1, 2}, {3, 4}}, "B" -> {{1, 2, 3}, {4, 5, 6}}|>]',
     "{{1., 2., 1., 2., 3.}, {3., 4., 4., 5., 6.}}"),
    ("ThreadingLayer[Plus][{{1, 2}, {3, 4}}]", "{4., 6.}"),
    ("ThreadingLayer[#1 * #2 + #3 &][{{1, 2}, {3, 4}, {5, 6}}]", "{8., 14.}"),
    ("ThreadingLayer[Plus, 1][{{{1, 2}, {3, 4}}, {10, 20}}]", "{{11., 22.}, {13., 24.}}"),
    ("ThreadingLayer[Plus, -1][{{{1, 2}, {3, 4}}, {10, 20}}]", "{{11., 12.}, {23., 24.}}"),
    # a list of settings, one per input: None leaves an input as it is (it has the
    # output's shape), a level inserts the missing levels of that input there
    ("ThreadingLayer[Plus, {None, 1}][{{{1, 2}, {3, 4}}, {10, 20}}]", "{{11., 22.}, {13., 24.}}"),
    ("ThreadingLayer[Plus, {-1, None}][{{10, 20}, {{1, 2}, {3, 4}}}]", "{{11., 12.}, {23., 24.}}"),
    ("ThreadingLayer[Plus][{{{1, 2}}, {{10}, {20}}}]", "{{11., 12.}, {21., 22.}}"),
    # Surd of two inputs (the page's list of functions)
    ("ThreadingLayer[Surd][{{8, -27}, {3, 3}}]", "{2., -3.}"),
    # Clip of three inputs: the values and their bounds
    ("ThreadingLayer[Clip][{{-2, 0.5, 3}, {-1, -1, -1}, {1, 1, 2}}]", "{-1., 0.5, 2.}"),
    ("TotalLayer[][{{1, 2}, {3, 4}}]", "{4., 6.}"),
    ("AggregationLayer[Max][{{1, 2}, {3, 4}, {0, 9}}]", "{2., 4., 9.}"),
    ("AggregationLayer[Mean, 1][{{1, 2}, {3, 4}, {0, 9}}]", "{1.33333, 5.}"),
    ("AggregationLayer[Total, All][{{1, 2}, {3, 4}}]", "10."),
    ('NetExtract[AggregationLayer[Max, 2 ;; 3, "Input" -> {2, 3, 4}], "Output"]', "2"),
    ('AggregationLayer[Mean, 1, "Input" -> {"Varying", 3}][{{{1, 2, 3}, {4, 5, 6}}, '
     '{{1, 1, 1}}}]', "{{2.5, 3.5, 4.5}, {1., 1., 1.}}"),
    # Variance and StandardDeviation as in WL (divided by n - 1)
    ("AggregationLayer[Variance][{{1, 2, 9}, {3, 4, 5}}]", "{19., 1.}"),
    ("AggregationLayer[StandardDeviation, 1][{{1, 2, 9}, {3, 4, 5}}]",
     "{1.41421, 1.41421, 2.82843}"),
    ("AggregationLayer[Times][{{1, 2, 9}, {3, 0, 5}}]", "{18., 0.}"),
    ('AggregationLayer[Times, 1, "Input" -> {"Varying", 2}][{{{1, 2}, {3, 5}}, {{2, 2}}}]',
     "{{3., 10.}, {2., 2.}}"),
    ('AggregationLayer[Variance, 1, "Input" -> {"Varying", 2}][{{{1, 2}, {3, 5}, {0, 0}}, '
     '{{1, 1}, {2, 4}}}]', "{{2.33333, 6.33333}, {0.5, 4.5}}"),
    ("SummationLayer[][{{1, 2}, {3, 4}}]", "10."),
    ('SummationLayer["Input" -> {"Varying", 3}][{{1, 2, 3}, {4, 5, 6}}]', "21."),
    ("ReplicateLayer[3][{1, 2}]", "{{1., 2.}, {1., 2.}, {1., 2.}}"),
    ("ReplicateLayer[3, -1][{1, 2}]", "{{1., 1., 1.}, {2., 2., 2.}}"),
    ('ReplicateLayer[3, "Input" -> "Real"][5]', "{5., 5., 5.}"),
    ("PaddingLayer[{{1, 2}}, \"Padding\" -> 5][{1, 2}]", "{5., 1., 2., 5., 5.}"),
    ('PaddingLayer[{{2, 2}}, "Padding" -> "Reflected"][{1, 2, 3}]',
     "{3., 2., 1., 2., 3., 2., 1.}"),
    ('PaddingLayer[{{2, 2}}, "Padding" -> "Periodic"][{1, 2, 3}]',
     "{2., 3., 1., 2., 3., 1., 2.}"),
    ('PaddingLayer[{{1, 2}}, "Padding" -> "Fixed"][{1, 2}]', "{1., 1., 2., 2., 2.}"),
    # a port-list layer given an association: as many ports as it names (Input1, Input2, …)
    ('CatenateLayer[][<|"Input1" -> {1}, "Input2" -> {2, 3}|>]', "{1., 2., 3.}"),
    ('ThreadingLayer[Plus][<|"Input1" -> {1, 2}, "Input2" -> {2, 3}, "Input3" -> {1, 1}|>]',
     "{4., 6.}"),
    ("TransposeLayer[][{{1, 2}, {3, 4}}]", "{{1., 3.}, {2., 4.}}"),
    ('NetExtract[TransposeLayer[1 <-> 3, "Input" -> {2, 3, 4}], "Output"]', "{4, 3, 2}"),
    ('NetExtract[TransposeLayer[{3, 1, 2}, "Input" -> {2, 3, 4}], "Output"]', "{3, 4, 2}"),
    # Properties & Relations: the layer is Transpose with the same specification
    ("With[{a = N@Array[Plus, {2, 3, 4}]}, TransposeLayer[2 <-> 3][a] == Transpose[a, 2 <-> 3]]",
     "True"),
    ("With[{a = N@Array[Plus, {2, 3, 4}]}, TransposeLayer[{3, 1, 2}][a] == Transpose[a, {3, 1, 2}]]",
     "True"),
    ("DotLayer[][{{{1, 2}, {3, 4}}, {1, 1}}]", "{3., 7.}"),
    ("DotLayer[][{{1, 2}, {3, 4}}]", "11."),
    ('NetExtract[DotLayer[InputPorts -> {{2, 3}, {3, 4}}], "Output"]', "{2, 4}"),
    ('DotLayer[InputPorts -> {{"Varying", 3}, {3}}][{{{1, 2, 3}, {4, 5, 6}}, {1, 0, 0}}]',
     "{1., 4.}"),
])
def test_examples(session, text, want):
    assert shown(session, text) == want


@pytest.mark.parametrize("layer", [
    'AggregationLayer[StandardDeviation, 2, "Input" -> {"Varying", 3}]',
    'AggregationLayer[Times, 1, "Input" -> {"Varying", 3}]',
    'AggregationLayer[Times, {1, 3}, "Input" -> {"Varying", 2, 3}]',
])
def test_composed_aggregations_gradients(session, layer):
    net = build(session, layer)
    x = np.random.default_rng(3).normal(size=(2, 4) + tuple(net.inputs()["Input"].dims[1:]))
    x[0, 1, ...] = 0.0                    # a zero among the factors of a product
    batches = {"Input": Batch(x, np.array([4, 2]))}
    check_gradients(Executor.for_net(net, "Real64"), {}, batches)
    pytest.importorskip("torch")
    from wlnet.net.backends import backend
    on_torch = Executor.for_net(net, "Real64", backend("torch"))
    mine = Executor.for_net(net, "Real64").forward({}, batches).outputs["Output"]
    np.testing.assert_allclose(np.asarray(on_torch.forward({}, batches).outputs["Output"].data),
                               np.asarray(mine.data), atol=1e-12)


@pytest.mark.parametrize("text, tag", [
    ('FlattenLayer[1, "Input" -> {"Varying", 2, 3}]', "FlattenLayer::nodyn"),
    ('ReshapeLayer[{4, 2}, "Input" -> 6]', "ReshapeLayer::reshapecount"),
    ("CatenateLayer[][{{{1, 2}}, {{3}, {4}}}]", "CatenateLayer::catdims"),
    ('CatenateLayer[InputPorts -> {"Varying", "Varying"}]', "CatenateLayer::nodyn"),
    ("CatenateLayer[][{{a, b}, {c}}]", "CatenateLayer::invindata1"),
    ("ThreadingLayer[Plus][{{{1, 2}, {3, 4}}, {10, 20}}]", "ThreadingLayer::thrdims"),
    ("AggregationLayer[Quantile]", "AggregationLayer::netarg"),
    ("TransposeLayer[][{1, 2}]", "TransposeLayer::rankx"),
    ("DotLayer[][{{1, 2}, {1, 2, 3}}]", "DotLayer::dotdims"),
    ('CatenateLayer[][<|"a" -> {1}, "b" -> {2, 3}|>]', "CatenateLayer::invinport"),
])
def test_possible_issues(session, text, tag):
    assert tag in message_tags(session, text)
