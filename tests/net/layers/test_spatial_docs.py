"""The examples of the reference pages of the spatial layers (ConvolutionLayer,
PoolingLayer, DeconvolutionLayer, ResizeLayer, BatchNormalizationLayer): output shapes for
the documented settings, computed values where they are deterministic, the LeNet chain,
and the messages of the Possible Issues sections."""

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


def output(layer: str) -> str:
    return f'NetExtract[{layer}, "Output"]'


@pytest.mark.parametrize("layer, want", [
    ('ConvolutionLayer[2, {2, 2}, "Input" -> {1, 4, 4}]', "{2, 3, 3}"),
    ('ConvolutionLayer[2, {3}, "Input" -> {3, 10}]', "{2, 8}"),
    ('ConvolutionLayer[2, {3, 3, 3}, "Input" -> {1, 5, 5, 5}]', "{2, 3, 3, 3}"),
    ('ConvolutionLayer[5, {2, 2}, "Stride" -> 2, "Input" -> {3, 10, 10}]', "{5, 5, 5}"),
    ('ConvolutionLayer[5, {2, 2}, "Stride" -> {1, 2}, "Input" -> {3, 10, 10}]', "{5, 9, 5}"),
    ('ConvolutionLayer[5, {3, 3}, PaddingSize -> 1, "Input" -> {3, 10, 10}]', "{5, 10, 10}"),
    ('ConvolutionLayer[5, {3, 3}, PaddingSize -> {{1, 0}, {2, 1}}, "Input" -> {3, 10, 10}]',
     "{5, 9, 11}"),
    ('ConvolutionLayer[5, {3, 3}, PaddingSize -> "Same", "Stride" -> 2, '
     '"Input" -> {3, 10, 10}]', "{5, 5, 5}"),
    ('ConvolutionLayer[5, {3, 3}, "Dilation" -> 2, "Input" -> {3, 10, 10}]', "{5, 6, 6}"),
    ('ConvolutionLayer[4, {3, 3}, "ChannelGroups" -> 2, "Input" -> {4, 10, 10}]', "{4, 8, 8}"),
    ('ConvolutionLayer[5, {3, 3}, Interleaving -> True, "Input" -> {10, 10, 3}]', "{8, 8, 5}"),
    ('ConvolutionLayer[5, {3, 3}, "Input" -> NetEncoder[{"Image", {28, 28}, "Grayscale"}]]',
     "{5, 26, 26}"),
    ('PoolingLayer[{2, 2}, "Input" -> {1, 4, 4}]', "{1, 3, 3}"),
    ('PoolingLayer[{2}, "Input" -> {2, 6}]', "{2, 5}"),
    ('PoolingLayer[{2, 2, 2}, "Input" -> {1, 4, 4, 4}]', "{1, 3, 3, 3}"),
    ('PoolingLayer[3, PaddingSize -> 1, "Input" -> {1, 5, 5}]', "{1, 5, 5}"),
    ('PoolingLayer[3, 2, PaddingSize -> "Same", "Input" -> {1, 5, 5}]', "{1, 3, 3}"),
    ('PoolingLayer[2, Interleaving -> True, "Input" -> {5, 5, 3}]', "{4, 4, 3}"),
    ('PoolingLayer[{2, 2}, "Input" -> NetEncoder[{"Image", {10, 10}}]]', "{3, 9, 9}"),
    ('DeconvolutionLayer[2, {2, 2}, "Input" -> {1, 3, 3}]', "{2, 4, 4}"),
    ('DeconvolutionLayer[2, {3, 3}, "Stride" -> 2, PaddingSize -> 1, "Input" -> {1, 4, 4}]',
     "{2, 7, 7}"),
    ('DeconvolutionLayer[2, {3}, "Input" -> {3, 5}]', "{2, 7}"),
    ('ResizeLayer[{Scaled[2], Scaled[2]}, "Input" -> {1, 2, 2}]', "{1, 4, 4}"),
    ('ResizeLayer[{5, 5}, "Input" -> NetEncoder[{"Image", {3, 3}}]]', "{3, 5, 5}"),
])
def test_output_shapes(session, layer, want):
    assert shown(session, output(layer)) == want


@pytest.mark.parametrize("text, want", [
    ('ConvolutionLayer[2, {2, 2}, "Weights" -> ConstantArray[1, {2, 1, 2, 2}], '
     '"Biases" -> {0, 1}, "Input" -> {1, 3, 3}][{{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}}]',
     "{{{12., 16.}, {24., 28.}}, {{13., 17.}, {25., 29.}}}"),
    ("PoolingLayer[{2, 2}, 2][{{{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}, "
     "{13, 14, 15, 16}}}]", "{{{6., 8.}, {14., 16.}}}"),
    ('PoolingLayer[{2, 2}, 2, "Function" -> Mean][{{{1, 2, 3, 4}, {5, 6, 7, 8}, '
     '{9, 10, 11, 12}, {13, 14, 15, 16}}}]', "{{{3.5, 5.5}, {11.5, 13.5}}}"),
    ('PoolingLayer[{2, 2}, 2, "Function" -> Total][{{{1, 2, 3, 4}, {5, 6, 7, 8}, '
     '{9, 10, 11, 12}, {13, 14, 15, 16}}}]', "{{{14., 22.}, {46., 54.}}}"),
    ("PoolingLayer[2][{{1, 3, 2, 5}}]", "{{3., 3., 5.}}"),
    # Properties & Relations: one channel in and out is ListCorrelate of the kernel
    ('With[{k = {{1, 2}, {3, 4}}, m = {{1., 2., 3.}, {4., 5., 6.}, {7., 8., 9.}}}, '
     'ConvolutionLayer[1, {2, 2}, "Weights" -> {{k}}, "Biases" -> {0}][{m}] == '
     '{ListCorrelate[k, m]}]', "True"),
    ('ResizeLayer[{4, 4}, Resampling -> "Nearest", "Input" -> {1, 2, 2}][{{{1, 2}, {3, 4}}}]',
     "{{{1., 1., 2., 2.}, {1., 1., 2., 2.}, {3., 3., 4., 4.}, {3., 3., 4., 4.}}}"),
    ('NetExtract[PoolingLayer[{2, 3}, 2, "Function" -> Mean], "Function"]', "Mean"),
    # a fresh BatchNormalizationLayer (mean 0, variance 1) leaves data almost unchanged
    ('NetInitialize[BatchNormalizationLayer["Input" -> 3]][{1, 2, 3}]',
     "{0.9995, 1.999, 2.9985}"),
    ('Normal[NetExtract[NetInitialize[BatchNormalizationLayer["Input" -> 3]], "MovingVariance"]]',
     "{1., 1., 1.}"),
    # in training mode, the batch's own statistics
    ('NetInitialize[BatchNormalizationLayer["Input" -> 2]][{{1, 2}, {3, 5}}, '
     'NetEvaluationMode -> "Train"]', "{{-0.9995, -0.999778}, {0.9995, 0.999778}}"),
])
def test_values(session, text, want):
    assert shown(session, text) == want


def test_deconvolution_is_the_adjoint_of_convolution(session):
    # Properties & Relations: with the same weights, <conv[x], y> == <x, deconv[y]>
    session.evaluate('SeedRandom[3]; w = RandomReal[1, {2, 3, 2, 2}]; '
                     'x = RandomReal[1, {3, 6, 6}]; y = RandomReal[1, {2, 3, 3}]; '
                     'conv = ConvolutionLayer[2, {2, 2}, "Weights" -> w, "Biases" -> None, '
                     '"Stride" -> 2, "Input" -> {3, 6, 6}]; '
                     'dec = DeconvolutionLayer[3, {2, 2}, "Weights" -> w, "Biases" -> None, '
                     '"Stride" -> 2, "Input" -> {2, 3, 3}];')
    assert shown(session, "Abs[Total[Flatten[conv[x] y]] - Total[Flatten[x dec[y]]]] < 10^-4") == "True"
    assert shown(session, 'Dimensions[conv[x]] == Dimensions[y] && Dimensions[dec[y]] == Dimensions[x]') == "True"


def test_lenet(session):
    text = shown(session, 'NetChain[{ConvolutionLayer[20, 5], Ramp, PoolingLayer[2, 2], '
                          'ConvolutionLayer[50, 5], Ramp, PoolingLayer[2, 2], FlattenLayer[], '
                          'LinearLayer[500], Ramp, LinearLayer[10], SoftmaxLayer[]}, '
                          '"Input" -> NetEncoder[{"Image", {28, 28}, "Grayscale"}], '
                          '"Output" -> NetDecoder[{"Class", Range[0, 9]}]]')
    assert "a 50×4×4 array of real numbers" in text
    assert "a length-800 vector of real numbers" in text


@pytest.mark.parametrize("text, tag", [
    ('ConvolutionLayer[2, {5, 5}, "Input" -> {1, 3, 3}]', "ConvolutionLayer::kernelfit"),
    ('ConvolutionLayer[2, {2, 2}, "Input" -> {3, 4}]', "ConvolutionLayer::spatiallen"),
    ('ConvolutionLayer[2, {2, 2}, "ChannelGroups" -> 2, "Input" -> {3, 4, 4}]',
     "ConvolutionLayer::chgroups"),
    ("ConvolutionLayer[2, {2, 2}][{{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}}]",
     "ConvolutionLayer::evalnfspec"),
    ('PoolingLayer[{2, 2}, "Function" -> Min]', "PoolingLayer::invsetting"),
    ('PoolingLayer[{5, 5}, "Input" -> {1, 3, 3}]', "PoolingLayer::kernelfit"),
    ('BatchNormalizationLayer["Input" -> "Real"]', "BatchNormalizationLayer::nochannels"),
])
def test_possible_issues(session, text, tag):
    assert tag in message_tags(session, text)


# ---------------------------------------------------------------------------- "Varying"
# The pages: the layers "can operate on arrays that contain "Varying" dimensions" (channels
# last, the sequence's steps first: {"Varying", c}).

@pytest.mark.parametrize("text, want", [
    ('ConvolutionLayer[1, 2, "Weights" -> {{{1, 1}}}, "Biases" -> {0}, '
     '"Input" -> {"Varying", 1}, Interleaving -> True][{{{1}, {2}, {3}}, {{5}, {6}}}]',
     "{{{3.}, {5.}}, {{11.}}}"),
    # the steps past a shorter sequence are never its maximum
    ('PoolingLayer[2, "Input" -> {"Varying", 1}, Interleaving -> True]'
     '[{{{-1}, {-2}, {-3}}, {{-5}, {-6}}}]', "{{{-1.}, {-2.}}, {{-5.}}}"),
    ('PoolingLayer[2, PaddingSize -> 1, "Function" -> Mean, "Input" -> {"Varying", 1}, '
     'Interleaving -> True][{{{1}, {2}, {3}}, {{5}, {6}}}]',
     "{{{0.5}, {1.5}, {2.5}, {1.5}}, {{2.5}, {5.5}, {3.}}}"),
    ('Information[ConvolutionLayer[2, 3, "Input" -> {"Varying", 4}, Interleaving -> True], '
     '"OutputPorts"]', '<|"Output" -> {"Varying", 2}|>'),
])
def test_varying_examples(session, text, want):
    assert shown(session, text) == want


def test_text_cnn_batch_is_its_examples(session):
    session.evaluate('n = NetInitialize@NetChain[{EmbeddingLayer[8, 20], ConvolutionLayer[16, 3, '
                     'Interleaving -> True], Ramp, PoolingLayer[2, 2, Interleaving -> True], '
                     'AggregationLayer[Max, 1], LinearLayer[2], SoftmaxLayer[]}, "Input" -> "Varying"];')
    assert shown(session, 'Max[Abs[n[{{1, 2, 3, 4, 5, 6}, {3, 4, 5, 6, 7}}] - '
                          '{n[{1, 2, 3, 4, 5, 6}], n[{3, 4, 5, 6, 7}]}]] < 10^-6') == "True"
    assert "ConvolutionLayer::kernelfit" in message_tags(session, "n[{1, 2}]")


@pytest.mark.parametrize("layer", [
    'ConvolutionLayer[3, 2, "Stride" -> 2, PaddingSize -> 1, "Input" -> {"Varying", 2}, Interleaving -> True]',
    'DeconvolutionLayer[3, 2, "Stride" -> 2, "Input" -> {"Varying", 2}, Interleaving -> True]',
    'PoolingLayer[2, "Input" -> {"Varying", 2}, Interleaving -> True]',
    'PoolingLayer[{2, 2}, "Function" -> Mean, "Input" -> {"Varying", 3, 2}, Interleaving -> True]',
])
def test_varying_gradients_and_torch(session, layer):
    net = build(session, layer)
    x = np.random.default_rng(2).normal(size=(3, 5) + tuple(net.inputs()["Input"].dims[1:]))
    batches = {"Input": Batch(x, np.array([5, 3, 4]))}
    ex = Executor.for_net(net, "Real64")
    arrays = ex.arrays_for(net)
    check_gradients(ex, arrays, batches)           # nothing flows into the padding
    pytest.importorskip("torch")
    from wlnet.net.backends import backend
    on_torch = Executor.for_net(net, "Real64", backend("torch"))
    mine = ex.forward(arrays, batches).outputs["Output"]
    theirs = on_torch.forward(on_torch.arrays_for(net), batches).outputs["Output"]
    assert list(np.asarray(mine.lengths)) == list(np.asarray(theirs.lengths))
    np.testing.assert_allclose(np.asarray(mine.data), np.asarray(theirs.data), atol=1e-12)
