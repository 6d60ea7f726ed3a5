"""ImageAugmentationLayer (the reference page's examples): the centre crop at evaluation,
random crops and reflections in training, images through encoder and decoder, batches,
the gradient put back where it was cropped, and the messages."""

import numpy as np
import pytest

from wlnet.core.session import Session
from wlnet.net.execute import Executor
from wlnet.net.values import Batch

from _docs import message_tags, shown
from _gradcheck import check_gradients
from _layerutil import build

SQUARE = "{Partition[Range[16], 4]}"          # one channel, 4×4


@pytest.fixture(scope="module")
def session():
    s = Session()
    s.evaluate('a = ImageAugmentationLayer[{80, 80}, "Input" -> NetEncoder[{"Image", {128, 128}}], '
               '"Output" -> NetDecoder["Image"]]; img = Image[RandomReal[1, {128, 128, 3}]];')
    return s


@pytest.mark.parametrize("text, want", [
    ("ImageDimensions[a[img]]", "{80, 80}"),
    ('ImageDimensions[a[img, NetEvaluationMode -> "Train"]]', "{80, 80}"),
    ('Length[a[{img, img}, NetEvaluationMode -> "Train"]]', "2"),
    (f"ImageAugmentationLayer[{{2, 2}}][{SQUARE}]", "{{{6., 7.}, {10., 11.}}}"),      # centre
    (f'ImageAugmentationLayer[{{4, 4}}, "ReflectionProbabilities" -> {{1, 0}}][{SQUARE}, '
     'NetEvaluationMode -> "Train"]',
     "{{{4., 3., 2., 1.}, {8., 7., 6., 5.}, {12., 11., 10., 9.}, {16., 15., 14., 13.}}}"),
    (f'ImageAugmentationLayer[{{4, 4}}, "ReflectionProbabilities" -> {{0, 1}}][{SQUARE}, '
     'NetEvaluationMode -> "Train"]',
     "{{{13., 14., 15., 16.}, {9., 10., 11., 12.}, {5., 6., 7., 8.}, {1., 2., 3., 4.}}}"),
    ('NetExtract[ImageAugmentationLayer[{80, 80}, "Input" -> {3, 128, 128}], "Output"]',
     "{3, 80, 80}"),
])
def test_examples(session, text, want):
    assert shown(session, text) == want


def test_training_crops_are_parts_of_the_image(session):
    crops = shown(session, f'Table[ImageAugmentationLayer[{{2, 2}}][{SQUARE}, '
                           'NetEvaluationMode -> "Train"][[1, 1, 1]], {50}] // Union')
    starts = {int(float(v)) for v in crops.strip("{}").split(", ")}
    assert starts <= {1, 2, 3, 5, 6, 7, 9, 10, 11} and len(starts) > 3     # random places


def test_gradient_in_training(session):
    net = build(session, 'ImageAugmentationLayer[{2, 3}, "ReflectionProbabilities" -> {0.5, 0.5}, '
                         '"Input" -> {2, 4, 5}]')
    x = np.random.default_rng(1).normal(size=(6, 2, 4, 5))
    grads = check_gradients(Executor.for_net(net, "Real64"), {}, {"Input": Batch(x, None)},
                            rng_seed=3)
    # each example's gradient covers exactly its 2×3 crop
    assert all(np.count_nonzero(g) == 2 * 2 * 3 for g in grads.inputs["Input"])


@pytest.mark.parametrize("text, tag", [
    ('ImageAugmentationLayer[{5, 5}, "Input" -> {1, 4, 4}]', "ImageAugmentationLayer::cropbig"),
    ("ImageAugmentationLayer[{0, 2}]", "ImageAugmentationLayer::invcrop"),
    ('ImageAugmentationLayer[{2, 2}, "ReflectionProbabilities" -> 0.5]',
     "ImageAugmentationLayer::invrefl"),
])
def test_messages(session, text, tag):
    assert tag in message_tags(session, text)
